/* vgrev stats: a deck's numbers (src/core/stats/stats.c) on a screen (src/ui/stats.c) on a
 * terminal, or printed as text, charts included. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ui/stats.h"
#include "ui/ui.h"
#include "vgrev/buf.h"
#include "vgrev/render.h"
#include "vgrev/report.h"
#include "vgrev/stats.h"

static const char S_usage[] =
    "usage: vgrev stats [DECK] [--plain] [--progress FILE]\n"
    "\n"
    "Statistics of DECK (default: the built-in deck): its cards by state; the\n"
    "answers given today, in the last 7 and 30 days and in all, with the true\n"
    "retention (the share of answers to cards in review that were not Again);\n"
    "the cards due in each of the next 30 days as a bar chart; the answers per\n"
    "day of the last 12 weeks as a heat map; and the spread of the cards'\n"
    "stability and difficulty. Days start at 04:00 local time. On a terminal it\n"
    "is a screen (j/k scroll, q leaves); piped, or with --plain, it is text.\n"
    "\n"
    "  --plain            print text (what happens when not on a terminal)\n"
    "  --progress FILE    read this progress file (as 'vgrev --progress FILE')\n"
    "  --help             show this help\n";

/* The screen on a terminal (or a test script); the text otherwise. */
static bool S_want_screen(bool plain)
{
    if (plain)
        return false;
    const char *keys = getenv("VGREV_TEST_KEYS");
    if (keys && *keys)
        return true;
    const char *term = getenv("TERM");
    return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && term && *term &&
           strcmp(term, "dumb") != 0;
}

/* Shows the screen. *shown is false when the terminal could not be taken (an unknown TERM):
 * the caller prints the text instead. */
static int S_screen(const vg_stats *st, const char *title, vg_time now, bool *shown)
{
    const char *fixed = getenv("VGREV_NOW");
    ui_opts uo = {fixed && *fixed, now, "the stats screen", "vgrev stats --plain"};
    ui *u = NULL;
    vg_error err;
    vg_error_clear(&err);
    *shown = false;
    const char *keys = getenv("VGREV_TEST_KEYS");
    bool headless = keys && *keys;
    if (ui_open(&uo, &u, &err) != VG_OK) {
        if (!headless)
            return CLI_OK;
        cli_fail(&err);
        return err.status == VG_USAGE ? CLI_USAGE : CLI_ERROR;
    }
    *shown = true;
    ui_stats_run(u, title, st);
    if (ui_close(u, &err) != VG_OK) {
        /* A broken test script: the way vgrev was run is wrong. */
        cli_fail(&err);
        return err.status == VG_USAGE ? CLI_USAGE : CLI_ERROR;
    }
    return CLI_OK;
}

int cmd_stats(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"plain", no_argument, NULL, 'p'},
        {"progress", required_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    bool plain = false;
    while ((c = cli_getopt(argc, argv, "h", longopts)) != -1) {
        switch (c) {
        case 'p':
            plain = true;
            break;
        case 'P':
            if (!*optarg)
                return cli_usage_error(argv[0], "option '--progress' needs a file");
            cli_set_progress(optarg);
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
    const char *spec = optind < argc ? argv[optind] : NULL;

    vg_deck *deck = NULL;
    vg_error err;
    vg_error_clear(&err);
    if (cli_deck_open(spec, &deck, &err) != VG_OK)
        return cli_fail(&err);
    /* Read-only: no lock, so stats work while a study session runs. */
    vg_store *store = NULL;
    vg_session *ses = NULL;
    vg_sched sched;
    vg_time now;
    vg_stats st;
    int status = CLI_OK;
    if (cli_now(&now, &err) != VG_OK || cli_sched(&sched, &err) != VG_OK ||
        cli_progress_open(false, NULL, &store, &err) != VG_OK ||
        cli_session_open(deck, spec, store, &sched, now, &ses, &err) != VG_OK ||
        vg_stats_compute(ses, 0, now, &st, &err) != VG_OK) {
        status = cli_fail(&err);
        plain = false; /* nothing to print */
    } else if (S_want_screen(plain)) {
        vg_buf title = VG_BUF_INIT;
        vg_render_title(vg_deck_name(deck), &title);
        bool shown = false;
        status = S_screen(&st, vg_buf_str(&title), now, &shown);
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
        vg_render_title(vg_deck_name(deck), &head);
        vg_buf_adds(&head, " (");
        vg_render_sanitize(sd[0].name, strlen(sd[0].name), &head);
        vg_buf_adds(&head, ")\n");
        vg_report_today(&st, &head);
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
    vg_store_free(store);
    vg_deck_free(deck);
    return status;
}
