/* vgrev optimize [DECK...] [--history FILE] [--save] [--plain]: FSRS weights fitted to the
 * user's own reviews (src/core/optimize), reported, and with --save written to config.yaml and
 * used to recompute the progress file's states. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "options.h"
#include "paths.h"
#include "vgrev/buf.h"
#include "vgrev/file.h"
#include "vgrev/history.h"
#include "vgrev/optimize.h"

static const char S_about[] =
    "Fits FSRS's 21 weights to your own reviews, as Anki's \"Optimize\" does (the\n"
    "fsrs-rs optimizer): every review on a later study day than the card's previous\n"
    "one is a training item, predicted from the reviews before it. It prints how many\n"
    "cards, reviews and items it used, the weights, and the log loss and RMSE(bins)\n"
    "of the current and the new weights on the same items (lower is better); above 300\n"
    "items also a check on later reviews by weights fitted on earlier ones, with\n"
    "Anki's verdict. With DECK names only those decks' cards count (default: all the\n"
    "progress file's cards). Suspended cards and reviews before a reset are left\n"
    "out. --save writes the weights to config.yaml as fsrs_params (unless the\n"
    "current ones fit at least as well) and recomputes every card's state with them.\n"
    "docs/scheduling.md says when to optimize and how to read the numbers.\n";

typedef struct optimize_opts {
    const char *history;
    bool save, plain;
} optimize_opts;

/* Appends v (>= 0) with `decimals` decimals, whatever the locale. */
static void S_fixed(vg_buf *b, double v, int decimals)
{
    double scale = pow(10, decimals);
    long long x = (long long)floor(v * scale + 0.5), s = (long long)scale;
    vg_buf_printf(b, "%lld.%0*lld", x / s, decimals, x % s);
}

static void S_progress(void *ctx, const char *what, size_t done, size_t total)
{
    (void)ctx;
    fprintf(stderr, "\rvgrev optimize: %s %3zu%%", what, total ? done * 100 / total : 100);
    fflush(stderr);
}

/* The cards of DECK names (none: all), their reviews after a reset, suspended ones left out. */
static vg_status S_from_store(const vg_store *store, int argc, char **argv, const vg_days *days,
                              vg_opt_data *d, size_t *cards, size_t *reviews, vg_error *err)
{
    vg_time *t = NULL;
    int32_t *r = NULL;
    size_t cap_t = 0, cap_r = 0;
    vg_status st = VG_OK;
    char **names = calloc((size_t)argc + 1, sizeof *names);
    if (!names)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    for (int i = 0; i < argc && st == VG_OK; i++)
        if (!(names[i] = cli_deck_name(argv[i])))
            st = vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    for (size_t i = 0; st == VG_OK && i < vg_store_count(store); i++) {
        const vg_record *rec = vg_store_at(store, i);
        bool take = argc == 0;
        for (int k = 0; k < argc && !take; k++)
            take = names[k] && strcmp(names[k], rec->deck) == 0;
        if (!take || rec->suspended)
            continue;
        size_t n = 0;
        if (!VG_GROW(t, cap_t, rec->nreviews) || !VG_GROW(r, cap_r, rec->nreviews)) {
            st = vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
            break;
        }
        for (size_t k = 0; k < rec->nreviews; k++)
            if (!rec->reset_at || rec->reviews[k].t > rec->reset_at) {
                t[n] = rec->reviews[k].t;
                r[n++] = rec->reviews[k].rating;
            }
        if (n) {
            (*cards)++;
            *reviews += n;
            st = vg_opt_data_add(d, t, r, n, days, err);
        }
    }
    for (int i = 0; i < argc; i++)
        free(names[i]);
    free(names);
    free(t);
    free(r);
    return st;
}

/* The history file's cards (`vgrev replay`'s format). */
static vg_status S_from_history(const char *path, const vg_days *days, vg_opt_data *d,
                                size_t *cards, size_t *reviews, vg_error *err)
{
    vg_history *h = NULL;
    vg_status st = cli_history_read(path, &h, err);
    for (size_t i = 0; st == VG_OK && i < h->n_cards; i++) {
        const vg_history_card *c = &h->cards[i];
        vg_time *t = malloc((c->n_reviews ? c->n_reviews : 1) * sizeof *t);
        int32_t *r = malloc((c->n_reviews ? c->n_reviews : 1) * sizeof *r);
        if (!t || !r) {
            st = vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
        } else {
            for (size_t k = 0; k < c->n_reviews; k++) {
                t[k] = c->reviews[k].t;
                r[k] = (int32_t)c->reviews[k].rating;
            }
            st = vg_opt_data_add(d, t, r, c->n_reviews, days, err);
            *cards += c->n_reviews > 0;
            *reviews += c->n_reviews;
        }
        free(t);
        free(r);
    }
    vg_history_free(h);
    return st;
}

static void S_weights(vg_buf *b, const double w[VG_FSRS_NWEIGHTS], bool plain)
{
    if (plain) {
        vg_buf_adds(b, "weights: ");
        vg_config_format_weights(w, b);
        vg_buf_addc(b, '\n');
        return;
    }
    vg_buf_adds(b, "weights:\n");
    for (int i = 0; i < VG_FSRS_NWEIGHTS; i++) {
        if (i % 7 == 0) {
            char label[16];
            snprintf(label, sizeof label, "w%d-w%d", i, i + 6);
            vg_buf_printf(b, "  %-7s", label);
        }
        vg_buf_addc(b, ' ');
        S_fixed(b, w[i], 4);
        if (i % 7 == 6)
            vg_buf_addc(b, '\n');
    }
}

/* One line of the metrics table (the header when m is NULL). */
static void S_metrics(vg_buf *b, const char *label, const vg_opt_metrics *m)
{
    vg_buf ll = VG_BUF_INIT, rmse = VG_BUF_INIT;
    if (m) {
        S_fixed(&ll, m->log_loss, 4);
        S_fixed(&rmse, m->rmse_bins * 100, 2);
        vg_buf_addc(&rmse, '%');
    } else {
        vg_buf_adds(&ll, "log loss");
        vg_buf_adds(&rmse, "RMSE(bins)");
    }
    vg_buf_printf(b, "  %-16s%8s  %10s\n", label, vg_buf_str(&ll), vg_buf_str(&rmse));
    b->failed |= ll.failed || rmse.failed;
    vg_buf_release(&ll);
    vg_buf_release(&rmse);
}

static void S_report(vg_buf *b, const vg_opt_result *res, size_t cards, size_t reviews, bool plain)
{
    vg_buf_printf(b, "cards: %zu, reviews: %zu, items: %zu (%zu after the outlier filter)\n", cards,
                  reviews, res->n_items, res->n_train);
    switch (res->outcome) {
    case VG_OPT_NO_ITEMS:
        vg_buf_adds(b, "No review on a later day than the card's previous one: nothing to learn "
                       "from yet. The weights stay as they are.\n");
        return;
    case VG_OPT_DEFAULTS:
        vg_buf_adds(b, "Fewer than 8 items after the outlier filter: the default weights (as "
                       "fsrs-rs does).\n");
        break;
    case VG_OPT_PRETRAINED:
        vg_buf_adds(b, "Fewer than 64 items, or only first intervals: only the initial "
                       "stabilities w0-w3 were fitted, w4-w20 are the defaults (as fsrs-rs "
                       "does).\n");
        break;
    case VG_OPT_TRAINED:
        break;
    }
    S_weights(b, res->fitted, plain);
    S_metrics(b, "", NULL);
    S_metrics(b, "current weights", &res->current);
    S_metrics(b, "new weights", &res->fit);
    if (res->keep_current)
        vg_buf_adds(b, "The current weights fit your reviews as well or better: they stay (as "
                       "Anki decides).\n");
    if (res->has_split) {
        vg_buf_adds(b, "checked on later reviews (5 folds, weights fitted on the earlier ones):\n");
        S_metrics(b, "later reviews", &res->split);
        vg_buf_adds(b, res->healthy ? "FSRS can adapt to your memory well.\n"
                                    : "Your memory is difficult for FSRS to predict.\n");
    }
}

/* --save: the weights (as saved, 4 decimals) into config.yaml, then every state from the logs
 * with them. */
static vg_status S_save(vg_store *store, const vg_sched_params *params, const vg_opt_result *res,
                        vg_time now, vg_buf *report, vg_error *err)
{
    vg_sched_params p = *params;
    for (int i = 0; i < VG_FSRS_NWEIGHTS; i++)
        p.weights[i] = floor(res->w[i] * 10000 + 0.5) / 10000;
    vg_sched sched;
    char day[VG_TIME_ISO_MAX], note[96], tag[40];
    vg_time_format(now, day, sizeof day);
    day[10] = '\0';
    snprintf(note, sizeof note, "vgrev optimize, %s: %zu items", day, res->n_items);
    vg_status st = vg_sched_init(&sched, &p, err);
    vg_config values;
    vg_config_init(&values);
    memcpy(values.sched.weights, p.weights, sizeof p.weights);
    if (st == VG_OK)
        st = cli_config_save(&values, 1u << VG_CONFIG_FSRS_PARAMS, note, true, err);
    if (st != VG_OK)
        return st;
    vg_session_sched_tag(&sched, tag);
    vg_store_replay(store, &sched, true);
    if (vg_store_set_scheduler(store, tag) != VG_OK)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    if ((st = vg_store_save(store, err)) != VG_OK)
        return st;
    vg_buf_printf(report,
                  "saved to the configuration file as fsrs_params; %zu card%s' states "
                  "recomputed\n",
                  vg_store_count(store), vg_store_count(store) == 1 ? "" : "s");
    return VG_OK;
}

static int S_run(const void *opts, int argc, char **argv)
{
    const optimize_opts *o = opts;
    if (o->history && argc > 0)
        return cli_usage_error("optimize", "DECK names and --history exclude each other");
    vg_error err;
    vg_error_clear(&err);
    vg_sched_params params;
    vg_sched sched;
    vg_time now;
    vg_store *store = NULL;
    vg_opt_data d;
    vg_opt_data_init(&d);
    vg_opt_result res;
    vg_buf out = VG_BUF_INIT;
    size_t cards = 0, reviews = 0;
    int status = CLI_OK;
    vg_status st = cli_sched_params(&params, &err);
    if (st == VG_OK)
        st = vg_sched_init(&sched, &params, &err);
    if (st == VG_OK)
        st = cli_now(&now, &err);
    if (st == VG_OK && (o->save || !o->history))
        st = cli_progress_open(o->save, "vgrev optimize", &store, &err);
    if (st == VG_OK)
        st = o->history ? S_from_history(o->history, &params.days, &d, &cards, &reviews, &err)
                        : S_from_store(store, argc, argv, &params.days, &d, &cards, &reviews, &err);
    if (st == VG_OK) {
        vg_opt_data_finish(&d);
        vg_opt_config cfg;
        vg_opt_config_default(&cfg);
        /* the relearning steps of the same day lower the w17/w18 ceiling (Anki counts those
         * whose total stays under a day) */
        int64_t total = 0;
        cfg.n_relearning = 0;
        for (size_t i = 0; i < params.n_relearning_steps; i++)
            if ((total += params.relearning_steps[i]) < VG_TIME_DAY)
                cfg.n_relearning++;
        if (isatty(STDERR_FILENO))
            cfg.progress = S_progress;
        st = vg_optimize(&d, sched.p.weights, &cfg, &res, &err);
        if (cfg.progress)
            fputs("\r\033[K", stderr);
    }
    if (st == VG_OK) {
        S_report(&out, &res, cards, reviews, o->plain || !isatty(STDOUT_FILENO));
        if (o->save && res.outcome != VG_OPT_NO_ITEMS && !res.keep_current)
            st = S_save(store, &params, &res, now, &out, &err);
        else if (o->save)
            vg_buf_adds(&out, "nothing saved: the weights stay as they are\n");
    }
    if (out.failed && st == VG_OK)
        st = vg_error_set(&err, VG_NOMEM, NULL, 0, 0, NULL);
    fwrite(vg_buf_str(&out), 1, out.len, stdout);
    if (st != VG_OK)
        status = cli_fail(&err);
    vg_buf_release(&out);
    vg_opt_data_release(&d);
    vg_store_free(store);
    return status;
}

static const optimize_opts S_defaults = {.history = NULL, .save = false, .plain = false};

static const cli_opt S_opts[] = {
    CLI_FILE("history", "FILE", optimize_opts, history,
             "read the reviews from FILE (the format of 'vgrev replay'; - for standard input) "
             "instead of the progress file"),
    CLI_FLAG("save", optimize_opts, save,
             "write the weights to config.yaml (fsrs_params) when they fit better, and "
             "recompute the cards' states with them"),
    CLI_FLAG("plain", optimize_opts, plain,
             "plain text, the weights on one line of 21 comma-separated numbers (what happens "
             "when not on a terminal)"),
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_END,
};

CLI_COMMAND(optimize, optimize_opts, "[DECK...]", "deck",
            "fit FSRS's weights to your own reviews (--save uses them)");
