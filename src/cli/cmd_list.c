/* vgrev list: on a terminal the browser (src/ui/list.c); piped, with --plain or --cards, the
 * sections of a deck with their counts, or its cards, as a table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ui/list.h"
#include "ui/ui.h"
#include "vgrev/buf.h"
#include "vgrev/render.h"

static const char S_usage[] =
    "usage: vgrev list [DECK] [--plain] [--cards]\n"
    "\n"
    "On a terminal, browses DECK (default: the built-in deck): its sections with\n"
    "their counts, a section's cards, a card front and back; / searches, s studies\n"
    "the section or the results, S suspends, e edits, t shows the statistics,\n"
    "? lists the keys, q goes back.\n"
    "\n"
    "Piped, or with --plain, lists the sections of DECK as a\n"
    "tab-separated table: N, TITLE, CARDS, NEW, LEARNING, DUE. N is the number\n"
    "'vgrev study --section N' takes: the headings' numbers when every section\n"
    "has its own, else 1, 2, 3...; cards before the first heading are section 0.\n"
    "NEW counts the cards never studied, LEARNING those in (re)learning steps,\n"
    "DUE the review cards due before the day ends (04:00 local time); suspended\n"
    "cards in none.\n"
    "\n"
    "  --cards   list the cards instead: ID, SECTION_N, LINE, STATE, DUE,\n"
    "            FRONT, SUBSECTION (STATE: new, learning, review, relearning,\n"
    "            suspended or buried; DUE: the next review in UTC, '-' for new\n"
    "            cards; SUBSECTION: the headings between the section's and the\n"
    "            card, as in '### 1. Derivatives', '-' for none)\n"
    "  --plain   print the table (what happens when not on a terminal)\n"
    "  --help    show this help\n";

typedef struct list_opts {
    bool cards;
    bool plain;
    const char *deck;
} list_opts;

/* A table cell: sanitized, and never holding a tab or newline that would break the row. */
static void S_cell(vg_buf *row, const char *s, size_t len)
{
    size_t start = row->len;
    vg_render_sanitize(s, len, row);
    for (size_t i = start; i < row->len; i++)
        if (row->data[i] == '\t' || row->data[i] == '\n')
            row->data[i] = ' ';
}

static void S_print_sections(const vg_deck *deck, const vg_section_numbers *nums,
                             const vg_session *ses, vg_time now)
{
    vg_buf row = VG_BUF_INIT, title = VG_BUF_INIT;
    puts("N\tTITLE\tCARDS\tNEW\tLEARNING\tDUE");
    for (size_t i = 0; i < deck->nsections; i++) {
        const vg_section *s = &deck->sections[i];
        vg_buf_clear(&row);
        vg_buf_clear(&title);
        S_cell(&row, nums->of[i], strlen(nums->of[i]));
        vg_buf_addc(&row, '\t');
        vg_render_title(s->title, &title);
        S_cell(&row, vg_buf_str(&title), title.len);
        vg_counts k;
        vg_session_counts(ses, 0, i, now, &k);
        vg_buf_printf(&row, "\t%zu\t%zu\t%zu\t%zu\n", k.cards, k.new_cards, k.learning, k.due);
        fwrite(vg_buf_str(&row), 1, row.len, stdout);
    }
    vg_buf_release(&row);
    vg_buf_release(&title);
}

static void S_print_cards(const vg_deck *deck, const vg_section_numbers *nums,
                          const vg_session *ses, vg_time now)
{
    vg_buf row = VG_BUF_INIT, text = VG_BUF_INIT;
    puts("ID\tSECTION_N\tLINE\tSTATE\tDUE\tFRONT\tSUBSECTION");
    for (size_t i = 0; i < deck->ncards; i++) {
        const vg_card *c = &deck->cards[i];
        vg_buf_clear(&row);
        const vg_session_card *sc = vg_session_card_at(ses, 0, i);
        vg_sched_card st;
        vg_session_card_state(ses, sc, &st);
        const char *state = vg_card_state_name(st.state);
        if (sc->rec && sc->rec->suspended)
            state = "suspended";
        else if (sc->rec && sc->rec->buried_until > now)
            state = "buried";
        char due[VG_TIME_ISO_MAX] = "-";
        if (st.state != VG_CARD_NEW)
            vg_time_format(st.due, due, sizeof due);
        vg_buf_printf(&row, "%s\t", c->id);
        S_cell(&row, nums->of[c->section], strlen(nums->of[c->section]));
        vg_buf_printf(&row, "\t%u\t%s\t%s\t", c->line, state, due);
        vg_buf_clear(&text);
        vg_render_inline(&c->front, &text);
        S_cell(&row, vg_buf_str(&text), text.len);
        vg_buf_addc(&row, '\t');
        vg_buf_clear(&text);
        vg_render_title(c->subsection, &text);
        if (text.len)
            S_cell(&row, vg_buf_str(&text), text.len);
        else
            vg_buf_addc(&row, '-');
        vg_buf_addc(&row, '\n');
        fwrite(vg_buf_str(&row), 1, row.len, stdout);
    }
    vg_buf_release(&row);
    vg_buf_release(&text);
}

/* ---- the browser --------------------------------------------------------------------------- */

static vg_status S_load_deck(void *ctx, vg_deck **out, vg_error *err)
{
    const list_opts *o = ctx;
    return cli_deck_open(o->deck, out, err);
}

static vg_status S_open_store(void *ctx, vg_store **out, vg_error *err)
{
    (void)ctx;
    return cli_progress_open_quiet(true, "vgrev list", out, err);
}

/* The browser on a terminal (or a test script); the table otherwise. */
static bool S_want_screen(const list_opts *o)
{
    if (o->plain || o->cards)
        return false;
    const char *keys = getenv("VGREV_TEST_KEYS");
    if (keys && *keys)
        return true;
    const char *term = getenv("TERM");
    return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && term && *term &&
           strcmp(term, "dumb") != 0;
}

/* Runs the browser. *shown is false when the terminal could not be taken (an unknown TERM):
 * the caller prints the table instead. */
static int S_browse(const list_opts *o, vg_deck **deck, vg_store **store, const vg_sched *sched,
                    const vg_session_opts *so, vg_time now, bool *shown)
{
    const char *fixed = getenv("VGREV_NOW");
    ui_opts uo = {fixed && *fixed, now, "the browser", "vgrev list --plain"};
    ui *u = NULL;
    vg_error err;
    vg_error_clear(&err);
    *shown = false;
    if (ui_open(&uo, &u, &err) != VG_OK) {
        const char *keys = getenv("VGREV_TEST_KEYS");
        if (!(keys && *keys))
            return CLI_OK;
        cli_fail(&err);
        return err.status == VG_USAGE ? CLI_USAGE : CLI_ERROR;
    }
    *shown = true;
    char *name = cli_deck_name(o->deck);
    if (!name) {
        ui_close(u, NULL);
        vg_error_set(&err, VG_NOMEM, NULL, 0, 0, NULL);
        return cli_fail(&err);
    }
    ui_list_host host = {name, sched, *so, S_load_deck, S_open_store, (void *)o};
    vg_status st = ui_list_run(u, &host, deck, store, &err);
    free(name);
    vg_error uerr;
    vg_error_clear(&uerr);
    vg_status ust = ui_close(u, &uerr);
    if (st != VG_OK)
        return cli_fail(&err);
    if (ust != VG_OK) {
        /* A broken test script: the way vgrev was run is wrong. */
        cli_fail(&uerr);
        return ust == VG_USAGE ? CLI_USAGE : CLI_ERROR;
    }
    return CLI_OK;
}

int cmd_list(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"cards", no_argument, NULL, 'c'},
        {"plain", no_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    list_opts o = {.cards = false, .plain = false, .deck = NULL};
    int c;
    while ((c = cli_getopt(argc, argv, "h", longopts)) != -1) {
        switch (c) {
        case 'c':
            o.cards = true;
            break;
        case 'p':
            o.plain = true;
            break;
        case 'h':
            fputs(S_usage, stdout);
            return CLI_OK;
        default:
            return CLI_USAGE;
        }
    }
    if (argc - optind > 1)
        return cli_usage_error(argv[0], "one deck at a time ('%s' is extra)", argv[optind + 1]);
    o.deck = optind < argc ? argv[optind] : NULL;

    vg_deck *deck = NULL;
    vg_error err;
    vg_error_clear(&err);
    if (cli_deck_open(o.deck, &deck, &err) != VG_OK)
        return cli_fail(&err);
    /* Read-only: no lock, so list works while a study session runs. */
    vg_store *store = NULL;
    vg_session *ses = NULL;
    vg_section_numbers nums = {NULL, 0, false, NULL};
    vg_sched sched;
    vg_time now;
    int status = CLI_OK;
    bool shown = false;
    vg_session_opts so;
    if (cli_now(&now, &err) != VG_OK || cli_sched(&sched, &err) != VG_OK ||
        cli_session_opts(&so, now, &err) != VG_OK ||
        cli_progress_open(false, NULL, &store, &err) != VG_OK) {
        status = cli_fail(&err);
    } else if (S_want_screen(&o) &&
               ((status = S_browse(&o, &deck, &store, &sched, &so, now, &shown)) != CLI_OK ||
                shown)) {
        /* browsed, or failed */
    } else if (cli_session_open(deck, o.deck, store, &sched, now, &ses, &err) != VG_OK) {
        status = cli_fail(&err);
    } else if (vg_section_numbers_init(&nums, deck) != VG_OK) {
        vg_error_set(&err, VG_NOMEM, NULL, 0, 0, NULL);
        status = cli_fail(&err);
    } else if (o.cards) {
        S_print_cards(deck, &nums, ses, now);
    } else {
        S_print_sections(deck, &nums, ses, now);
    }
    vg_section_numbers_release(&nums);
    vg_session_free(ses);
    vg_store_free(store);
    vg_deck_free(deck);
    return status;
}
