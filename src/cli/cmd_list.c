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
    "tab-separated table: N, TITLE, CARDS, NEW, LEARNING, DUE.\n"
    "\n"
    "  --cards   list the cards instead: ID, SECTION_N, LINE, STATE, DUE, "
    "FRONT\n"
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

static void S_print_sections(const vg_deck *deck)
{
    vg_buf row = VG_BUF_INIT;
    puts("N\tTITLE\tCARDS\tNEW\tLEARNING\tDUE");
    for (size_t i = 0; i < deck->nsections; i++) {
        const vg_section *s = &deck->sections[i];
        vg_buf_clear(&row);
        vg_buf_printf(&row, "%zu\t", i + 1);
        S_cell(&row, s->title, strlen(s->title));
        /* Until progress exists every card is new. */
        vg_buf_printf(&row, "\t%zu\t%zu\t0\t0\n", s->ncards, s->ncards);
        fwrite(vg_buf_str(&row), 1, row.len, stdout);
    }
    vg_buf_release(&row);
}

static void S_print_cards(const vg_deck *deck)
{
    vg_buf row = VG_BUF_INIT, front = VG_BUF_INIT;
    puts("ID\tSECTION_N\tLINE\tSTATE\tDUE\tFRONT");
    for (size_t i = 0; i < deck->ncards; i++) {
        const vg_card *c = &deck->cards[i];
        vg_buf_clear(&row);
        vg_buf_clear(&front);
        vg_render_inline(&c->front, &front);
        vg_buf_printf(&row, "%s\t%zu\t%u\tnew\t-\t", c->id, c->section + 1, c->line);
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
    if (o.cards)
        S_print_cards(deck);
    else
        S_print_sections(deck);
    vg_deck_free(deck);
    return CLI_OK;
}
