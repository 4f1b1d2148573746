/* vgrev list: the sections of a deck with their counts, or its cards. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "vgrev/buf.h"
#include "vgrev/render.h"

static const char S_usage[] =
    "usage: vgrev list [DECK] [--plain] [--cards]\n"
    "\n"
    "Lists the sections of DECK (default: the built-in deck) as a\n"
    "tab-separated table: N, TITLE, CARDS, NEW, LEARNING, DUE. NEW counts the\n"
    "cards never studied, LEARNING those in (re)learning steps, DUE the review\n"
    "cards due before the day ends (04:00 local time); suspended cards in none.\n"
    "\n"
    "  --cards   list the cards instead: ID, SECTION_N, LINE, STATE, DUE, "
    "FRONT\n"
    "            (STATE: new, learning, review, relearning, suspended or\n"
    "            buried; DUE: the next review in UTC, '-' for new cards)\n"
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

static void S_print_sections(const vg_deck *deck, const vg_session *ses, vg_time now)
{
    vg_buf row = VG_BUF_INIT;
    puts("N\tTITLE\tCARDS\tNEW\tLEARNING\tDUE");
    for (size_t i = 0; i < deck->nsections; i++) {
        const vg_section *s = &deck->sections[i];
        vg_buf_clear(&row);
        vg_buf_printf(&row, "%zu\t", i + 1);
        S_cell(&row, s->title, strlen(s->title));
        vg_counts k;
        vg_session_counts(ses, 0, i, now, &k);
        vg_buf_printf(&row, "\t%zu\t%zu\t%zu\t%zu\n", k.cards, k.new_cards, k.learning, k.due);
        fwrite(vg_buf_str(&row), 1, row.len, stdout);
    }
    vg_buf_release(&row);
}

static void S_print_cards(const vg_deck *deck, const vg_session *ses, vg_time now)
{
    vg_buf row = VG_BUF_INIT, front = VG_BUF_INIT;
    puts("ID\tSECTION_N\tLINE\tSTATE\tDUE\tFRONT");
    for (size_t i = 0; i < deck->ncards; i++) {
        const vg_card *c = &deck->cards[i];
        vg_buf_clear(&row);
        vg_buf_clear(&front);
        vg_render_inline(&c->front, &front);
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
        vg_buf_printf(&row, "%s\t%zu\t%u\t%s\t%s\t", c->id, c->section + 1, c->line, state, due);
        S_cell(&row, vg_buf_str(&front), front.len);
        vg_buf_addc(&row, '\n');
        fwrite(vg_buf_str(&row), 1, row.len, stdout);
    }
    vg_buf_release(&row);
    vg_buf_release(&front);
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
    vg_sched sched;
    vg_time now;
    int status = CLI_OK;
    if (cli_now(&now, &err) != VG_OK || cli_sched(&sched, &err) != VG_OK ||
        cli_progress_open(false, NULL, &store, &err) != VG_OK ||
        cli_session_open(deck, o.deck, store, &sched, now, &ses, &err) != VG_OK) {
        status = cli_fail(&err);
    } else if (o.cards) {
        S_print_cards(deck, ses, now);
    } else {
        S_print_sections(deck, ses, now);
    }
    vg_session_free(ses);
    vg_store_free(store);
    vg_deck_free(deck);
    return status;
}
