/* vgrev replay [--scheduler fsrs|sm2] [--no-fuzz] [--retention R] [--params w0,...,w20] HISTORY
 *
 * The settings start from the configuration file's (cli_sched_params); the options override
 * them. */
#include "cmd_replay.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vgrev/buf.h"
#include "vgrev/file.h"
#include "vgrev/history.h"
#include "vgrev/render.h"
#include "vgrev/replay.h"
#include "vgrev/sched.h"

static const char S_usage[] =
    "usage: vgrev replay [--scheduler fsrs|sm2] [--no-fuzz] [--retention R]\n"
    "                    [--params w0,...,w20] [--fuzz] HISTORY\n"
    "\n"
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
    "Ratings: 1 again, 2 hard, 3 good, 4 easy. Other keys (as in a progress file) are\n"
    "ignored.\n"
    "\n"
    "The scheduler's settings are those of the configuration file (config.yaml, see\n"
    "'man vgrev'), else the defaults; these options override them:\n"
    "\n"
    "  --scheduler fsrs|sm2  the scheduler (default fsrs, FSRS-6)\n"
    "  --no-fuzz             no interval fuzz; FSRS then gives exactly what the FSRS\n"
    "                        reference implementation (ts-fsrs) gives\n"
    "  --fuzz                interval fuzz (the default), when the file turns it off\n"
    "  --retention R         FSRS desired retention, between 0 and 1 (default 0.9)\n"
    "  --params W            FSRS weights: 21 comma-separated numbers w0,...,w20\n"
    "                        (out-of-range weights are clipped as the reference does)\n"
    "  -h, --help            show this help\n";

/* Writes s without control characters or escape sequences: arguments and file names are
 * echoed in messages, and must not drive the terminal. */
static void S_put_clean(FILE *f, const char *s)
{
    vg_buf b = VG_BUF_INIT;
    vg_render_sanitize(s, strlen(s), &b);
    fwrite(vg_buf_str(&b), 1, b.len, f);
    vg_buf_release(&b);
}

/* "vgrev: replay: message" and the hint, as the other commands print them; returns 2. */
static int S_usage_error(FILE *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int S_usage_error(FILE *err, const char *fmt, ...)
{
    char msg[VG_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fputs("vgrev: replay: ", err);
    S_put_clean(err, msg);
    fputs("\nTry 'vgrev replay --help'.\n", err);
    return 2;
}

/* "vgrev: replay: message" for an error with no place in a file; returns 1. */
static int S_fail_cmd(FILE *err, const vg_error *e)
{
    fputs("vgrev: replay: ", err);
    S_put_clean(err, e->msg);
    fputc('\n', err);
    return 1;
}

/* "vgrev: " and the error as file:line:col: message; returns 1. */
static int S_fail(FILE *err, const vg_error *e)
{
    char msg[VG_ERROR_FILE_MAX + VG_ERROR_MSG_MAX + 32];
    vg_error_format(e, msg, sizeof msg);
    fputs("vgrev: ", err);
    S_put_clean(err, msg);
    fputc('\n', err);
    return 1;
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

static int S_parse_params(const char *arg, double w[VG_FSRS_NWEIGHTS], FILE *err)
{
    size_t n = 0;
    const char *p = arg;
    for (;;) {
        size_t len = strcspn(p, ",");
        if (n < VG_FSRS_NWEIGHTS && !S_number(p, len, &w[n]))
            return S_usage_error(err, "--params: w%zu is not a finite number: '%.*s'", n,
                                 len > 40 ? 40 : (int)len, p);
        n++;
        if (!p[len])
            break;
        p += len + 1;
    }
    if (n != VG_FSRS_NWEIGHTS)
        return S_usage_error(err, "--params needs 21 comma-separated weights (w0,...,w20), got %zu",
                             n);
    return 0;
}

static int S_replay_main(int argc, char **argv, FILE *in, FILE *out, FILE *err)
{
    /* What the options set, applied over the configuration file's settings. */
    int kind = -1, fuzz = -1;
    double retention = 0, weights[VG_FSRS_NWEIGHTS];
    bool has_retention = false, has_weights = false;
    const char *path = NULL;
    bool fsrs_only = false, opts_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (opts_done || a[0] != '-' || !strcmp(a, "-")) {
            if (path)
                return S_usage_error(err, "too many arguments: '%s'", a);
            path = a;
            continue;
        }
        if (!strcmp(a, "--")) {
            opts_done = true;
            continue;
        }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(S_usage, out);
            return ferror(out) ? 1 : 0;
        }
        if (!strcmp(a, "--no-fuzz") || !strcmp(a, "--fuzz")) {
            fuzz = a[2] == 'f';
            continue;
        }
        static const char *const with_value[] = {"--scheduler", "--retention", "--params"};
        const char *value = NULL;
        size_t which = 0;
        for (; which < 3; which++) {
            size_t len = strlen(with_value[which]);
            if (!strncmp(a, with_value[which], len) && (a[len] == '\0' || a[len] == '=')) {
                if (a[len] == '=')
                    value = a + len + 1;
                else if (i + 1 < argc)
                    value = argv[++i];
                else
                    return S_usage_error(err, "%s needs a value", with_value[which]);
                break;
            }
        }
        if (which == 3)
            return S_usage_error(err, "unknown option '%s'", a);
        if (which == 0) {
            if (!strcmp(value, "fsrs"))
                kind = VG_SCHED_FSRS;
            else if (!strcmp(value, "sm2"))
                kind = VG_SCHED_SM2;
            else
                return S_usage_error(err, "--scheduler must be fsrs or sm2, not '%s'", value);
        } else if (which == 1) {
            double r;
            if (!S_number(value, strlen(value), &r) || !(r > 0 && r < 1))
                return S_usage_error(
                    err, "--retention must be a number between 0 and 1 (exclusive), not '%s'",
                    value);
            retention = r;
            has_retention = fsrs_only = true;
        } else {
            int st = S_parse_params(value, weights, err);
            if (st)
                return st;
            has_weights = fsrs_only = true;
        }
    }
    if (!path)
        return S_usage_error(err, "missing HISTORY (a YAML or JSON file, or - for standard input)");
    if (fsrs_only && kind == VG_SCHED_SM2)
        return S_usage_error(err, "--retention and --params apply to --scheduler fsrs only");

    vg_error e;
    vg_error_clear(&e);
    vg_sched_params params;
    if (cli_sched_params(&params, &e) != VG_OK)
        return S_fail(err, &e);
    if (fsrs_only && kind < 0 && params.kind != VG_SCHED_FSRS)
        return S_usage_error(err, "--retention and --params apply to the fsrs scheduler only, and "
                                  "the configuration file chooses sm2: add --scheduler fsrs");
    if (kind >= 0)
        params.kind = (vg_sched_kind)kind;
    if (fuzz >= 0)
        params.enable_fuzz = fuzz;
    if (has_retention)
        params.desired_retention = retention;
    if (has_weights)
        memcpy(params.weights, weights, sizeof weights);
    vg_sched sched;
    if (vg_sched_init(&sched, &params, &e) != VG_OK)
        return S_fail_cmd(err, &e);

    bool from_stdin = !strcmp(path, "-");
    const char *name = from_stdin ? "<stdin>" : path;
    vg_buf data = VG_BUF_INIT;
    vg_file_step step = from_stdin ? vg_fd_read(&data, fileno(in), 0, 0, NULL)
                                   : vg_file_read(&data, path, 0, 0, NULL);
    if (step != VG_FILE_DONE) {
        vg_error_set(&e, VG_IO, step == VG_FILE_OPEN ? path : name, 0, 0, "%s", strerror(errno));
        vg_buf_release(&data);
        return S_fail(err, &e);
    }

    vg_history *h = NULL;
    int status = 0;
    if (vg_history_parse(vg_buf_str(&data), data.len, name, &h, &e) != VG_OK) {
        vg_buf_release(&data);
        return S_fail(err, &e);
    }
    vg_buf_release(&data);

    vg_buf lines = VG_BUF_INIT;
    for (size_t i = 0; i < h->n_cards && status == 0; i++) {
        if (vg_replay_card(&sched, &h->cards[i], &lines, &e) != VG_OK) {
            status = S_fail_cmd(err, &e);
            break;
        }
        if (lines.len >= (1u << 20) || i + 1 == h->n_cards) { /* write in large chunks */
            if (fwrite(vg_buf_str(&lines), 1, lines.len, out) != lines.len)
                break;
            vg_buf_clear(&lines);
        }
    }
    if (status == 0 && (fflush(out) != 0 || ferror(out))) {
        vg_error_set(&e, VG_IO, NULL, 0, 0, "cannot write the output: %s", strerror(errno));
        status = S_fail_cmd(err, &e);
    }
    vg_buf_release(&lines);
    vg_history_free(h);
    return status;
}

int cmd_replay(int argc, char **argv)
{
    return S_replay_main(argc, argv, stdin, stdout, stderr);
}
