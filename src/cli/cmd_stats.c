/* vgrev stats: a deck's numbers (src/core/stats/stats.c) on a screen (src/ui/stats.c) on a
 * terminal, or printed as text, charts included. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "options.h"
#include "screen.h"
#include "ui/stats.h"
#include "vgrev/buf.h"
#include "vgrev/render.h"
#include "vgrev/report.h"
#include "vgrev/simulate.h"
#include "vgrev/stats.h"

static const char S_about[] =
    "Statistics of DECK (default: the built-in deck): its cards by state; the\n"
    "answers given today, in the last 7 and 30 days and in all; the true\n"
    "retention as Anki counts it (answers to cards in review passed and failed,\n"
    "young and mature, today to all time) beside the desired retention; the\n"
    "cards due in each of the next 30 days as a bar chart; the answers per day\n"
    "of the last 12 weeks as a heat map; and the spread of the cards' stability\n"
    "and difficulty. Days start at 04:00 local time. On a terminal it is a\n"
    "screen (j/k scroll, q leaves); piped, or with --plain, it is text.\n"
    "\n"
    "With --retention (or r on the screen) it helps choose a desired retention:\n"
    "it simulates the next 365 days of the deck's cards, their memory states,\n"
    "your answer times and daily limits, at each desired retention from 70% to\n"
    "97%, and shows the minutes of study a day and the cards remembered at the\n"
    "end, with the efficient range: the most knowledge gained per minute.\n";

typedef struct stats_opts {
    bool plain;
    const char *progress; /* --progress FILE, as the global option */
    bool retention;       /* --retention: the simulation instead */
    uint64_t seed;        /* --seed N */
} stats_opts;

/* --seed N */
static int S_seed(const char *cmd, const cli_opt *opt, const char *value, void *opts)
{
    stats_opts *o = opts;
    char *end;
    errno = 0;
    unsigned long long n = strtoull(value, &end, 10);
    if (errno || *end || end == value || value[0] == '-')
        return cli_usage_error(cmd, "--%s wants a whole number from 0 up, not '%s'", opt->name,
                               value);
    o->seed = n;
    return CLI_OK;
}

/* Shows the screen (the simulation's when sim is not NULL). *shown is false when the terminal
 * could not be taken (an unknown TERM): the caller prints the text instead. */
static int S_screen(const vg_stats *st, const vg_session *ses, const stats_opts *o,
                    const vg_sim_result *sim, const char *title, vg_time now, bool *shown)
{
    ui *u = NULL;
    int status = cli_screen_open(now, "the stats screen", "vgrev stats --plain", &u);
    *shown = u != NULL;
    if (!u)
        return status;
    ui_stats_run(u, title, st, ses, o->seed, sim);
    return cli_screen_close(u);
}

/* The simulation of --retention into *sim. */
static vg_status S_simulate(const vg_session *ses, vg_time now, uint64_t seed, vg_sim_result *sim,
                            vg_error *err)
{
    vg_sim_input in;
    vg_status st = vg_sim_input_from_session(ses, 0, now, &in, err);
    if (st == VG_OK)
        st = vg_sim_retentions(&in, seed, sim, err);
    vg_sim_input_release(&in);
    return st;
}

static int S_run(const void *opts, int argc, char **argv)
{
    const stats_opts *o = opts;
    bool plain = o->plain;
    const char *spec = argc ? argv[0] : NULL;
    if (o->progress)
        cli_set_progress(o->progress);

    vg_error err;
    vg_error_clear(&err);
    cli_reading r;
    vg_session *ses = NULL;
    vg_stats st;
    vg_sim_result sim;
    int status = CLI_OK;
    if (cli_reading_deck(&r, spec, &err) != VG_OK ||
        cli_session_open_for(r.deck, spec, r.store, &r.sched, r.now, true, &ses, &err) != VG_OK ||
        vg_stats_compute(ses, 0, r.now, &st, &err) != VG_OK ||
        (o->retention && S_simulate(ses, r.now, o->seed, &sim, &err) != VG_OK)) {
        status = cli_fail(&err);
        plain = false; /* nothing to print */
    } else if (cli_want_screen(plain)) {
        vg_buf title = VG_BUF_INIT;
        vg_render_title(vg_deck_name(r.deck), &title);
        bool shown = false;
        status =
            S_screen(&st, ses, o, o->retention ? &sim : NULL, vg_buf_str(&title), r.now, &shown);
        vg_buf_release(&title);
        if (!shown && status == CLI_OK)
            plain = true;
    } else {
        plain = true;
    }
    if (status == CLI_OK && plain) {
        size_t nd;
        const vg_session_deck *sd = vg_session_decks(ses, &nd);
        vg_buf head = VG_BUF_INIT, body = VG_BUF_INIT;
        /* Deck text is untrusted: sanitized before it reaches the terminal. */
        vg_buf_adds(&head, "Deck: ");
        vg_render_title(vg_deck_name(r.deck), &head);
        vg_buf_adds(&head, " (");
        vg_render_sanitize(sd[0].name, strlen(sd[0].name), &head);
        vg_buf_adds(&head, ")\n");
        vg_report_today(&st, &head);
        if (o->retention)
            vg_sim_format(&sim, cli_width(stdout), &body);
        else
            vg_stats_format(&st, cli_width(stdout), &body);
        if (head.failed || body.failed) {
            vg_error_set(&err, VG_NOMEM, NULL, 0, 0, NULL);
            status = cli_fail(&err);
        } else {
            fwrite(vg_buf_str(&head), 1, head.len, stdout);
            fwrite(vg_buf_str(&body), 1, body.len, stdout);
        }
        vg_buf_release(&head);
        vg_buf_release(&body);
    }
    vg_session_free(ses);
    cli_reading_release(&r);
    return status;
}

static const stats_opts S_defaults = {
    .plain = false, .progress = NULL, .retention = false, .seed = VG_SIM_SEED};

static const cli_opt S_opts[] = {
    CLI_FLAG("plain", stats_opts, plain, "print text (what happens when not on a terminal)"),
    CLI_FILE("progress", "FILE", stats_opts, progress,
             "read this progress file (as 'vgrev --progress FILE')"),
    CLI_FLAG("retention", stats_opts, retention,
             "simulate a year at each desired retention from 70% to 97%"),
    CLI_CALL("seed", "N", S_seed, "the simulation's seed (default 42)"),
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_END,
};

CLI_COMMAND(stats, stats_opts, "[DECK]", "deck",
            "reviews, true retention, card states and a due forecast (a screen)");
