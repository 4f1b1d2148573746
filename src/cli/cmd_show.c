/* vgrev show: cards as plain text, the way a person reads them. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "vgrev/buf.h"
#include "vgrev/render.h"
#include "vgrev/stats.h"

static const char S_about[] =
    "Prints cards of DECK (default: the built-in deck) as plain text: the section,\n"
    "subsection and front, then the back. With IDs (or unique prefixes of 4+\n"
    "digits, see 'vgrev list --cards'), only those cards; otherwise all of them.\n"
    "With --info, each card's page from the progress: its review log (date,\n"
    "rating, interval, stability, difficulty, retrievability, time taken) and its\n"
    "forgetting curve, as the browser's card page (i) shows it.\n";

typedef struct show_opts {
    bool info;
} show_opts;

enum { BACK_INDENT = 2 };

static void S_show_card(const vg_deck *deck, const vg_card *card, size_t width)
{
    vg_heading h;
    if (vg_card_heading(deck, card, &h) == VG_OK)
        cli_print_rich(vg_heading_rich(&h), width, 0);
    vg_heading_release(&h);
    char sib[VG_SIBLING_NAME];
    const char *name = vg_card_sibling_name(card, sib);
    if (*name)
        printf("%*s(%s)\n", BACK_INDENT, "", name);
    if (card->ntags) { /* under the heading: "tags: a, b" */
        vg_buf line = VG_BUF_INIT;
        vg_buf_adds(&line, "tags: ");
        for (size_t i = 0; i < card->ntags; i++) {
            vg_buf_adds(&line, i ? ", " : "");
            vg_buf_adds(&line, card->tags[i]);
        }
        const vg_span span = {vg_buf_str(&line), line.len, VG_STYLE_PLAIN};
        const vg_rich tags = {
            &(const vg_block){
                .kind = VG_BLOCK_PARA, .line = card->line, .spans = &span, .nspans = 1},
            1};
        cli_print_rich(&tags, width, BACK_INDENT);
        vg_buf_release(&line);
    }
    cli_print_rich(&card->back, width, BACK_INDENT);
}

/* The card's page (vg_card_info_format) after its text. */
static void S_show_info(const vg_session *ses, const vg_card *card, vg_time now, size_t width)
{
    const vg_session_card *sc = NULL;
    const vg_deck *deck = vg_session_deck_at(ses, 0);
    size_t idx = (size_t)(card - deck->cards);
    sc = vg_session_card_at(ses, 0, idx);
    vg_buf page = VG_BUF_INIT;
    vg_card_info_format(vg_session_scheduler(ses), sc ? sc->rec : NULL, now,
                        vg_session_options(ses)->utc_offset, width, &page);
    putchar('\n');
    fwrite(vg_buf_str(&page), 1, page.len, stdout);
    vg_buf_release(&page);
}

static int S_run_info(int argc, char **argv)
{
    int first = 0;
    const char *spec = NULL;
    if (first < argc && cli_is_deck(argv[first]))
        spec = argv[first++];
    vg_error err;
    vg_error_clear(&err);
    cli_reading r;
    vg_session *ses = NULL;
    if (cli_reading_deck(&r, spec, &err) != VG_OK ||
        cli_session_open(r.deck, spec, r.store, &r.sched, r.now, &ses, &err) != VG_OK) {
        int st = cli_fail(&err);
        cli_reading_release(&r);
        return st;
    }
    const vg_deck *deck = vg_session_deck_at(ses, 0);
    int status = CLI_OK;
    size_t width = cli_width(stdout);
    size_t n = first == argc ? deck->ncards : (size_t)(argc - first);
    for (size_t i = 0; i < n; i++) {
        const vg_card *card =
            first == argc ? &deck->cards[i] : vg_deck_find(deck, argv[first + (int)i]);
        if (!card) {
            vg_error_set(
                &err, VG_NOT_FOUND, NULL, 0, 0,
                "no card '%s' in %s (or the prefix is ambiguous; see 'vgrev list --cards')",
                argv[first + (int)i], deck->file);
            status = cli_fail(&err);
            continue;
        }
        if (i)
            putchar('\n');
        S_show_card(deck, card, width);
        S_show_info(ses, card, r.now, width);
    }
    vg_session_free(ses);
    cli_reading_release(&r);
    return status;
}

static int S_run(const void *opts, int argc, char **argv)
{
    const show_opts *o = opts;
    if (o->info)
        return S_run_info(argc, argv);
    int first = 0;
    const char *spec = NULL;
    if (first < argc && cli_is_deck(argv[first]))
        spec = argv[first++];

    vg_deck *deck = NULL;
    vg_error err;
    vg_error_clear(&err);
    if (cli_deck_open(spec, &deck, &err) != VG_OK)
        return cli_fail(&err);

    int status = CLI_OK;
    size_t width = cli_width(stdout);
    if (first == argc) {
        for (size_t i = 0; i < deck->ncards; i++) {
            if (i)
                putchar('\n');
            S_show_card(deck, &deck->cards[i], width);
        }
    }
    for (int i = first; i < argc; i++) {
        const vg_card *card = vg_deck_find(deck, argv[i]);
        if (!card) {
            vg_error_set(
                &err, VG_NOT_FOUND, NULL, 0, 0,
                "no card '%s' in %s (or the prefix is ambiguous; see 'vgrev list --cards')",
                argv[i], deck->file);
            status = cli_fail(&err);
            continue;
        }
        if (i > first)
            putchar('\n');
        S_show_card(deck, card, width);
    }
    vg_deck_free(deck);
    return status;
}

static const show_opts S_defaults = {.info = false};

static const cli_opt S_opts[] = {
    CLI_FLAG("info", show_opts, info,
             "each card's page: review log, stability, retrievability, forgetting curve"),
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_END,
};

CLI_COMMAND(show, show_opts, "[DECK] [ID...]", "card", "print cards as plain text");
