/* vgrev list: on a terminal the browser (src/ui/list.c); piped, with --plain or --cards, the
 * sections of a deck with their counts, or its cards, as a table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "options.h"
#include "screen.h"
#include "ui/list.h"
#include "vgrev/buf.h"
#include "vgrev/render.h"

static const char S_about[] =
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
    "cards in none.\n";

typedef struct list_opts {
    bool cards;
    bool plain;
    const char *deck;
} list_opts;

/* What the table rows are counted with. */
typedef struct S_table {
    const vg_deck *deck;
    const vg_section_numbers *nums;
    const vg_session *ses;
    vg_time now;
} S_table;

/* Section i's row: N, TITLE, CARDS, NEW, LEARNING, DUE. text is scratch. */
static void S_section_row(const S_table *t, size_t i, vg_buf *row, vg_buf *text)
{
    cli_cell(row, t->nums->of[i], strlen(t->nums->of[i]));
    vg_buf_addc(row, '\t');
    vg_render_title(t->deck->sections[i].title, text);
    cli_cell(row, vg_buf_str(text), text->len);
    vg_counts k;
    vg_session_counts(t->ses, 0, i, t->now, &k);
    vg_buf_printf(row, "\t%zu\t%zu\t%zu\t%zu\n", k.cards, k.new_cards, k.learning, k.due);
}

/* Card i's row: ID, SECTION_N, LINE, STATE, DUE, FRONT, SUBSECTION. text is scratch. */
static void S_card_row(const S_table *t, size_t i, vg_buf *row, vg_buf *text)
{
    const vg_card *c = &t->deck->cards[i];
    const vg_session_card *sc = vg_session_card_at(t->ses, 0, i);
    vg_sched_card st;
    vg_session_card_state(t->ses, sc, &st);
    const char *state = vg_card_state_name(st.state);
    if (sc->rec && sc->rec->suspended)
        state = "suspended";
    else if (sc->rec && sc->rec->buried_until > t->now)
        state = "buried";
    bool leech = vg_session_is_leech(t->ses, sc);
    char due[VG_TIME_ISO_MAX] = "-";
    if (st.state != VG_CARD_NEW)
        vg_time_format(st.due, due, sizeof due);
    vg_buf_printf(row, "%s\t", c->id);
    cli_cell(row, t->nums->of[c->section], strlen(t->nums->of[c->section]));
    vg_buf_printf(row, "\t%u\t%s%s\t%s\t", c->line, state, leech ? ",leech" : "", due);
    vg_render_inline(&c->front, text);
    char sib[VG_SIBLING_NAME];
    const char *name = vg_card_sibling_name(c, sib);
    if (*name)
        vg_buf_printf(text, " (%s)", name);
    cli_cell(row, vg_buf_str(text), text->len);
    vg_buf_addc(row, '\t');
    vg_buf_clear(text);
    vg_render_title(c->subsection, text);
    if (text->len)
        cli_cell(row, vg_buf_str(text), text->len);
    else
        vg_buf_addc(row, '-');
    vg_buf_addc(row, '\n');
}

/* The sections' table, or with cards the cards'. */
static void S_print_table(const S_table *t, bool cards)
{
    vg_buf row = VG_BUF_INIT, text = VG_BUF_INIT;
    puts(cards ? "ID\tSECTION_N\tLINE\tSTATE\tDUE\tFRONT\tSUBSECTION"
               : "N\tTITLE\tCARDS\tNEW\tLEARNING\tDUE");
    size_t n = cards ? t->deck->ncards : t->deck->nsections;
    for (size_t i = 0; i < n; i++) {
        vg_buf_clear(&row);
        vg_buf_clear(&text);
        (cards ? S_card_row : S_section_row)(t, i, &row, &text);
        if (row.failed || text.failed) {
            cli_output_lose();
            break;
        }
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

static vg_status S_open_store(void *ctx, vg_store **store, vg_error *err)
{
    (void)ctx;
    return cli_progress_lock("vgrev list", store, err);
}

/* Runs the browser. *shown is false when the terminal could not be taken (an unknown TERM):
 * the caller prints the table instead. */
static int S_browse(const list_opts *o, cli_reading *r, const vg_session_opts *so, bool *shown)
{
    ui *u = NULL;
    int status = cli_screen_open(r->now, "the browser", "vgrev list --plain", &u);
    *shown = u != NULL;
    if (!u)
        return status;
    char *name = cli_deck_name(o->deck);
    vg_error err;
    vg_error_clear(&err);
    vg_status st = VG_OK;
    if (!name) {
        st = vg_error_set(&err, VG_NOMEM, NULL, 0, 0, NULL);
    } else {
        ui_list_host host = {name, &r->sched, *so, S_load_deck, S_open_store, (void *)o};
        st = ui_list_run(u, &host, &r->deck, &r->store, &err);
    }
    free(name);
    status = cli_screen_close(u);
    return st != VG_OK ? cli_fail(&err) : status;
}

static int S_run(const void *opts, int argc, char **argv)
{
    const list_opts *o = opts;
    list_opts lo = *o;
    lo.deck = argc ? argv[0] : NULL;
    vg_error err;
    vg_error_clear(&err);
    cli_reading r;
    vg_session *ses = NULL;
    vg_section_numbers nums = {NULL, 0, false, NULL};
    int status = CLI_OK;
    bool shown = false;
    vg_session_opts so;
    if (cli_reading_deck(&r, lo.deck, &err) != VG_OK ||
        cli_session_opts(&so, r.now, &err) != VG_OK) {
        status = cli_fail(&err);
    } else if (cli_want_screen(o->plain || o->cards) &&
               ((status = S_browse(&lo, &r, &so, &shown)) != CLI_OK || shown)) {
        /* browsed, or failed */
    } else if (cli_session_open(r.deck, lo.deck, r.store, &r.sched, r.now, &ses, &err) != VG_OK) {
        status = cli_fail(&err);
    } else if (vg_section_numbers_init(&nums, r.deck) != VG_OK) {
        vg_error_set(&err, VG_NOMEM, NULL, 0, 0, NULL);
        status = cli_fail(&err);
    } else {
        const S_table t = {r.deck, &nums, ses, r.now};
        S_print_table(&t, o->cards);
    }
    vg_section_numbers_release(&nums);
    vg_session_free(ses);
    cli_reading_release(&r);
    return status;
}

static const list_opts S_defaults = {.cards = false, .plain = false, .deck = NULL};

static const cli_opt S_opts[] = {
    CLI_FLAG("cards", list_opts, cards,
             "list the cards instead: ID, SECTION_N, LINE, STATE, DUE, FRONT, SUBSECTION "
             "(STATE: new, learning, review, relearning, suspended or buried; DUE: the next "
             "review in UTC, '-' for new cards; SUBSECTION: the headings between the "
             "section's and the card, as in '### 1. Derivatives', '-' for none)"),
    CLI_FLAG("plain", list_opts, plain, "print the table (what happens when not on a terminal)"),
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_END,
};

CLI_COMMAND(list, list_opts, "[DECK]", "deck",
            "browse a deck's sections and cards (a table when piped, or --plain)");
