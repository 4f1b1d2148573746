/* vgrev replay [--scheduler fsrs|sm2] [--no-fuzz] [--retention R] [--params w0,...,w20]
 *              [--day-start H] HISTORY
 *
 * The settings start from the configuration file's (cli_sched_params); the options override
 * them. */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "options.h"
#include "vgrev/buf.h"
#include "vgrev/file.h"
#include "vgrev/history.h"
#include "vgrev/render.h"
#include "vgrev/replay.h"
#include "vgrev/sched.h"

static const char S_about[] =
    "Replays review histories through the scheduler and prints the state after every\n"
    "review as a JSON line: id, t, rating, state, stability, difficulty, due (UTC) and\n"
    "scheduled_days. Each card starts new. HISTORY is a YAML or JSON file, or - for\n"
    "standard input:\n"
    "\n"
    "  cards:\n"
    "    - id: some card\n"
    "      reviews:\n"
    "        - {t: 2026-01-02T03:04:05Z, rating: 3}\n"
    "\n"
    "Times are ISO 8601 with a zone (Z or +02:00) or a date alone (midnight UTC).\n"
    "Elapsed days count the user's study days: local time (TZ) from day_starts_at.\n"
    "Ratings: 1 again, 2 hard, 3 good, 4 easy. Other keys (as in a progress file) are\n"
    "ignored.\n"
    "\n"
    "The scheduler's settings are those of the configuration file (config.yaml, see\n"
    "'man vgrev'), else the defaults; these options override them:\n";

/* What the options set, applied over the configuration file's settings. */
typedef struct replay_opts {
    int kind; /* a vg_sched_kind, or -1: the file's */
    int fuzz; /* 1 --fuzz, 0 --no-fuzz, -1: the file's */
    double retention, weights[VG_FSRS_NWEIGHTS];
    bool has_retention, has_weights;
    int day_start; /* 0..23, or -1: the file's day_starts_at */
} replay_opts;

/* "vgrev: replay: message" for an error with no place in a file; returns 1. */
static int S_fail_cmd(const vg_error *e)
{
    fputs("vgrev: replay: ", stderr);
    cli_puts_clean(stderr, e->msg);
    fputc('\n', stderr);
    return CLI_ERROR;
}

/* strtod in the C locale, whatever LC_NUMERIC the program runs with; the whole string must
 * be a finite number. */
static bool S_number(const char *s, size_t len, double *out)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = c ? uselocale(c) : (locale_t)0;
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    bool ok = end == buf + len && errno != ERANGE && isfinite(v);
    if (c) {
        uselocale(old);
        freelocale(c);
    }
    *out = v;
    return ok;
}

static int S_params(const char *cmd, const cli_opt *opt, const char *arg, void *opts)
{
    replay_opts *o = opts;
    (void)opt;
    size_t n = 0;
    const char *p = arg;
    for (;;) {
        size_t len = strcspn(p, ",");
        if (n < VG_FSRS_NWEIGHTS && !S_number(p, len, &o->weights[n]))
            return cli_usage_error(cmd, "--params: w%zu is not a finite number: '%.*s'", n,
                                   len > 40 ? 40 : (int)len, p);
        n++;
        if (!p[len])
            break;
        p += len + 1;
    }
    if (n != VG_FSRS_NWEIGHTS)
        return cli_usage_error(
            cmd, "--params needs 21 comma-separated weights (w0,...,w20), got %zu", n);
    o->has_weights = true;
    return CLI_OK;
}

static int S_retention(const char *cmd, const cli_opt *opt, const char *arg, void *opts)
{
    replay_opts *o = opts;
    (void)opt;
    double r;
    if (!S_number(arg, strlen(arg), &r) || !(r > 0 && r < 1))
        return cli_usage_error(
            cmd, "--retention must be a number between 0 and 1 (exclusive), not '%s'", arg);
    o->retention = r;
    o->has_retention = true;
    return CLI_OK;
}

static int S_scheduler(const char *cmd, const cli_opt *opt, const char *arg, void *opts)
{
    replay_opts *o = opts;
    (void)opt;
    vg_sched_kind kind = VG_SCHED_FSRS;
    if (cli_sched_kind(cmd, arg, &kind) != CLI_OK)
        return CLI_USAGE;
    o->kind = (int)kind;
    return CLI_OK;
}

static int S_day_start(const char *cmd, const cli_opt *opt, const char *arg, void *opts)
{
    (void)opt;
    char *end;
    errno = 0;
    long h = strtol(arg, &end, 10);
    if (!*arg || *end || errno || h < 0 || h > 23)
        return cli_usage_error(cmd, "--day-start must be an hour from 0 to 23, not '%s'", arg);
    ((replay_opts *)opts)->day_start = (int)h;
    return CLI_OK;
}

/* --fuzz and --no-fuzz: the last one given counts. */
static int S_fuzz(const char *cmd, const cli_opt *opt, const char *arg, void *opts)
{
    (void)cmd;
    (void)arg;
    ((replay_opts *)opts)->fuzz = strcmp(opt->name, "fuzz") == 0;
    return CLI_OK;
}

vg_status cli_history_read(const char *path, vg_history **out, vg_error *err)
{
    bool from_stdin = !strcmp(path, "-");
    const char *name = from_stdin ? "<stdin>" : path;
    vg_buf data = VG_BUF_INIT;
    vg_file_step step = from_stdin ? vg_fd_read(&data, STDIN_FILENO, 0, 0, NULL)
                                   : vg_file_read(&data, path, 0, 0, NULL);
    if (step != VG_FILE_DONE) {
        vg_error_set(err, VG_IO, name, 0, 0, "%s", strerror(errno));
        vg_buf_release(&data);
        return VG_IO;
    }
    vg_status st = vg_history_parse(vg_buf_str(&data), data.len, name, out, err);
    vg_buf_release(&data);
    return st;
}

static int S_run(const void *opts, int argc, char **argv)
{
    const replay_opts *o = opts;
    (void)argc;
    const char *path = argv[0];
    bool fsrs_only = o->has_retention || o->has_weights;
    if (fsrs_only && o->kind == VG_SCHED_SM2)
        return cli_usage_error("replay", "--retention and --params apply to --scheduler fsrs only");

    vg_error e;
    vg_error_clear(&e);
    vg_sched_params params;
    if (cli_sched_params(&params, &e) != VG_OK)
        return cli_fail(&e);
    if (fsrs_only && o->kind < 0 && params.kind != VG_SCHED_FSRS)
        return cli_usage_error("replay",
                               "--retention and --params apply to the fsrs scheduler only, and "
                               "the configuration file chooses sm2: add --scheduler fsrs");
    if (o->kind >= 0)
        params.kind = (vg_sched_kind)o->kind;
    if (o->fuzz >= 0)
        params.enable_fuzz = o->fuzz;
    if (o->has_retention)
        params.desired_retention = o->retention;
    if (o->has_weights)
        memcpy(params.weights, o->weights, sizeof o->weights);
    if (o->day_start >= 0)
        params.days.start_hour = o->day_start;
    vg_sched sched;
    if (vg_sched_init(&sched, &params, &e) != VG_OK)
        return S_fail_cmd(&e);

    vg_history *h = NULL;
    int status = 0;
    if (cli_history_read(path, &h, &e) != VG_OK)
        return cli_fail(&e);

    vg_buf lines = VG_BUF_INIT;
    for (size_t i = 0; i < h->n_cards && status == 0; i++) {
        if (vg_replay_card(&sched, &h->cards[i], &lines, &e) != VG_OK) {
            status = S_fail_cmd(&e);
            break;
        }
        if (lines.len >= (1u << 20) || i + 1 == h->n_cards) { /* write in large chunks */
            if (fwrite(vg_buf_str(&lines), 1, lines.len, stdout) != lines.len)
                break;
            vg_buf_clear(&lines);
        }
    }
    if (status == 0 && (fflush(stdout) != 0 || ferror(stdout))) {
        vg_error_set(&e, VG_IO, NULL, 0, 0, "cannot write the output: %s", strerror(errno));
        status = S_fail_cmd(&e);
    }
    vg_buf_release(&lines);
    vg_history_free(h);
    return status;
}

static const replay_opts S_defaults = {.kind = -1, .fuzz = -1, .day_start = -1};

static const cli_opt S_opts[] = {
    CLI_CALL("scheduler", "fsrs|sm2", S_scheduler, "the scheduler (default fsrs, FSRS-6)"),
    CLI_CALL("no-fuzz", NULL, S_fuzz,
             "no interval fuzz; FSRS then gives exactly what the FSRS reference implementation "
             "(ts-fsrs) gives"),
    CLI_CALL("fuzz", NULL, S_fuzz, "interval fuzz (the default), when the file turns it off"),
    CLI_CALL("retention", "R", S_retention,
             "FSRS desired retention, between 0 and 1 (default 0.9)"),
    CLI_CALL("params", "w0,...,w20", S_params,
             "FSRS weights: 21 comma-separated numbers (out-of-range weights are clipped as "
             "the reference does)"),
    CLI_CALL("day-start", "H", S_day_start,
             "elapsed days count local study days (TZ) that start at hour H (default: the "
             "file's day_starts_at, else 4); TZ=UTC --day-start 0 counts as ts-fsrs"),
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_END,
};

CLI_COMMAND(replay, replay_opts, "HISTORY", "file",
            "replay review histories through the scheduler, as JSON lines");
