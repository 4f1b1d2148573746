/* vgrev check: what became cards, and every problem, as file:line:col lines. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "vgrev/buf.h"
#include "vgrev/render.h"

static const char S_about[] =
    "Lints the markdown deck FILE: prints each card that it makes and every problem\n"
    "found, as FILE:LINE:COL lines, then a summary. Exits with 1 when there is an error.\n";

typedef struct check_opts {
    bool progress;
} check_opts;

/* What the progress file says about this deck: carried-over records and orphans. */
static int S_check_progress(const vg_deck *deck, const char *spec, vg_buf *line)
{
    vg_error err;
    vg_error_clear(&err);
    cli_reading rd;
    vg_session *ses = NULL;
    if (cli_reading_open(&rd, &err) != VG_OK ||
        cli_session_open(deck, spec, rd.store, &rd.sched, rd.now, &ses, &err) != VG_OK) {
        cli_reading_release(&rd);
        return cli_fail(&err);
    }
    size_t nrel, norph;
    const vg_relink *rel = vg_session_relinks(ses, &nrel);
    vg_record *const *orph = vg_session_orphans(ses, &norph);
    for (size_t i = 0; i < nrel; i++) {
        const vg_card *c = rel[i].to->card;
        vg_buf_clear(line);
        vg_buf_printf(line, "%s:%u:%u: card %s: progress carried over ", deck->file, c->line,
                      c->col, c->id);
        if (rel[i].moved_deck)
            vg_buf_printf(line, "from deck '%s' (the file was renamed)", rel[i].old_deck);
        else if (rel[i].distance == 0)
            vg_buf_printf(line, "from card %s, same front in another section", rel[i].old_id);
        else
            vg_buf_printf(line, "from card %s, front was '%s' (%u edit%s)", rel[i].old_id,
                          rel[i].old_front, rel[i].distance, rel[i].distance == 1 ? "" : "s");
        cli_put_clean(stdout, vg_buf_str(line), line->len);
        putchar('\n');
    }
    const char *path = vg_store_path(rd.store);
    for (size_t i = 0; i < norph; i++) {
        const vg_record *r = orph[i];
        vg_buf_clear(line);
        if (r->line)
            vg_buf_printf(line, "%s:%u: ", path, r->line);
        else
            vg_buf_printf(line, "%s: ", path);
        vg_buf_printf(line,
                      "record %s of deck '%s' has no card (section '%s', front '%s', %zu "
                      "review%s): kept",
                      r->id, r->deck, r->section, r->front, r->nreviews,
                      r->nreviews == 1 ? "" : "s");
        cli_put_clean(stdout, vg_buf_str(line), line->len);
        putchar('\n');
    }
    printf("progress: %zu record%s carried over, %zu without a card\n", nrel, nrel == 1 ? "" : "s",
           norph);
    vg_session_free(ses);
    cli_reading_release(&rd);
    return CLI_OK;
}

static void S_print_card(const vg_deck *deck, const vg_card *card, vg_buf *line)
{
    vg_buf_clear(line);
    vg_buf_printf(line, "%s:%u:%u: card %s: ", deck->file, card->line, card->col, card->id);
    vg_heading h;
    if (vg_card_heading(deck, card, &h) == VG_OK)
        vg_render_inline(vg_heading_rich(&h), line);
    vg_heading_release(&h);
    char sib[VG_SIBLING_NAME];
    const char *name = vg_card_sibling_name(card, sib);
    if (*name)
        vg_buf_printf(line, " (%s)", name);
    cli_put_clean(stdout, vg_buf_str(line), line->len);
    putchar('\n');
}

static void S_print_diag(const vg_deck *deck, const vg_diag *d, vg_buf *line)
{
    vg_buf_clear(line);
    vg_buf_printf(line, "%s:%u:%u: %s: %s", deck->file, d->line, d->col,
                  d->level == VG_DIAG_ERROR ? "error" : "warning", d->msg);
    cli_put_clean(stdout, vg_buf_str(line), line->len);
    putchar('\n');
}

static int S_run(const void *opts, int argc, char **argv)
{
    const check_opts *o = opts;
    (void)argc;
    const char *file = argv[0];
    vg_deck *deck = NULL;
    vg_error err;
    vg_error_clear(&err);
    if (vg_deck_load(file, &deck, &err) != VG_OK)
        return cli_fail(&err);

    /* Cards and problems interleaved in line order, so each problem sits by its card. */
    vg_buf line = VG_BUF_INIT;
    size_t errors = 0, warnings = 0, ci = 0;
    for (size_t di = 0; di <= deck->ndiags; di++) {
        const vg_diag *diag = di < deck->ndiags ? &deck->diags[di] : NULL;
        while (ci < deck->ncards && (!diag || deck->cards[ci].line <= diag->line))
            S_print_card(deck, &deck->cards[ci++], &line);
        if (!diag)
            break;
        S_print_diag(deck, diag, &line);
        if (diag->level == VG_DIAG_ERROR)
            errors++;
        else
            warnings++;
    }
    printf("%zu section%s, %zu card%s, %zu error%s, %zu warning%s\n", deck->nsections,
           deck->nsections == 1 ? "" : "s", deck->ncards, deck->ncards == 1 ? "" : "s", errors,
           errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    int status = errors ? CLI_ERROR : CLI_OK;
    if (o->progress && S_check_progress(deck, file, &line) != CLI_OK)
        status = CLI_ERROR;
    vg_buf_release(&line);
    vg_deck_free(deck);
    return status;
}

static const check_opts S_defaults = {.progress = false};

static const cli_opt S_opts[] = {
    CLI_FLAG("progress", check_opts, progress,
             "also report the progress records carried over to cards whose front was edited "
             "(or whose file was renamed), and the records left with no card (kept in the "
             "progress file, never dropped)"),
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_END,
};

CLI_COMMAND(check, check_opts, "FILE", "file", "lint a deck: what became cards, and every problem");
