/* vgrev check: what became cards, and every problem, as file:line:col lines. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "vgrev/buf.h"
#include "vgrev/render.h"

static const char S_usage[] =
    "usage: vgrev check FILE\n"
    "\n"
    "Lints the markdown deck FILE: prints each card that it makes and every problem\n"
    "found, as FILE:LINE:COL lines, then a summary. Exits with 1 when there is an error.\n"
    "\n"
    "  --help    show this help\n";

static void S_print_card(const vg_deck *deck, const vg_card *card, vg_buf *line)
{
    vg_buf_clear(line);
    vg_buf_printf(line, "%s:%u:%u: card %s: ", deck->file, card->line, card->col, card->id);
    const char *title = deck->sections[card->section].title;
    if (*title) {
        vg_buf_adds(line, title);
        vg_buf_adds(line, " \u203a ");
    }
    vg_render_inline(&card->front, line);
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

int cmd_check(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = cli_getopt(argc, argv, "h", longopts)) != -1) {
        if (c != 'h')
            return CLI_USAGE;
        fputs(S_usage, stdout);
        return CLI_OK;
    }
    if (optind == argc)
        return cli_usage_error(argv[0], "which file? (vgrev check FILE)");
    if (argc - optind > 1)
        return cli_usage_error(argv[0], "one file at a time ('%s' is extra)", argv[optind + 1]);

    vg_deck *deck = NULL;
    vg_error err;
    vg_error_clear(&err);
    if (vg_deck_load(argv[optind], &deck, &err) != VG_OK)
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
    vg_buf_release(&line);
    vg_deck_free(deck);
    return errors ? CLI_ERROR : CLI_OK;
}
