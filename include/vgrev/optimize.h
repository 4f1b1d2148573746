/* Optimizing FSRS-6's 21 weights on a user's own review logs (`vgrev optimize`).
 *
 * The reference is fsrs-rs 6.6.1 (github.com/open-spaced-repetition/fsrs-rs), the optimizer
 * Anki uses. The pipeline:
 * review logs -> training items (one per review on a later study day, with the reviews before
 * it as its history; same-day reviews stay in the history) -> the outlier filter -> the
 * pre-training of w0..w3 -> Adam on the recency-weighted log loss with L2 regularisation and a
 * cosine learning rate -> the bounds. Everything is computed in double, with a fixed seed: the
 * same logs give the same weights. No clock, no I/O.
 *
 * Ownership: a vg_opt_data owns its arrays (vg_opt_data_release); results are values. */
#ifndef VGREV_OPTIMIZE_H
#define VGREV_OPTIMIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vgrev/error.h"
#include "vgrev/sched.h"
#include "vgrev/time.h"

/* One training item: the review at index pos of card's kept reviews, predicted from the ones
 * before it. */
typedef struct vg_opt_item {
    uint32_t card;
    uint32_t pos;
    vg_time t; /* the time of the predicted review (items are sorted by it) */
} vg_opt_item;

/* The logs as the optimizer reads them: every kept review, card after card, with its rating
 * and the study days since the card's previous review (0 for the first). */
typedef struct vg_opt_data {
    uint8_t *rating;    /* 1..4 */
    int32_t *delta_t;   /* study days */
    uint32_t *n_lt;     /* reviews on a later day among the card's reviews up to this one */
    uint32_t *lapses;   /* Agains on a later day among the card's reviews before this one */
    size_t *card_start; /* card c's reviews are [card_start[c], card_start[c + 1]) */
    size_t n_cards, n_reviews;
    vg_opt_item *items; /* chronological: by time, then card, then position */
    size_t n_items;
    size_t cap_reviews_, cap_cards_, cap_items_; /* private */
} vg_opt_data;

void vg_opt_data_init(vg_opt_data *d);
void vg_opt_data_release(vg_opt_data *d);

/* Adds one card's log, oldest first: times t[0..n) and ratings[0..n) (1..4; others are
 * skipped). The caller passes only the reviews that count: those after a reset, none of a
 * suspended card. Elapsed days are days's study days, as the scheduler counts them. Its items
 * are added at the reviews on a later day than the one before. VG_NOMEM on failure. */
vg_status vg_opt_data_add(vg_opt_data *d, const vg_time *t, const int32_t *ratings, size_t n,
                          const vg_days *days, vg_error *err);

/* Sorts the items chronologically; call once after the last vg_opt_data_add. */
void vg_opt_data_finish(vg_opt_data *d);

/* --- the pieces, exposed for the tests --- */

/* Cosine annealing (cosine_annealing.rs): the learning rate of step t of t_max, from lr0. */
double vg_opt_lr(double lr0, size_t t, size_t t_max);

/* The pre-training search (parameter_initialization.rs) for one first rating: the initial stability
 * minimising the smoothed log loss of n points (delta_t, recall, count) plus the pull to
 * default_s0. */
double vg_opt_search_s0(const double *delta_t, const double *recall, const double *count, size_t n,
                        double average_recall, double default_s0);

/* smooth_and_fill: s0[r - 1] for the ratings r with count[r - 1] > 0, the others filled
 * in; false when no rating has data. */
bool vg_opt_smooth_fill(double s0[4], const size_t count[4]);

/* The summed weighted log loss of the reviews of cards[0..n) whose weight in weight[] (one
 * per review of d; 0: not scored) is positive, each predicted from the reviews before it, and
 * its gradient with respect to w (grad may be NULL: the loss only). */
double vg_opt_loss_grad(const vg_opt_data *d, const uint32_t *cards, size_t n, const double *weight,
                        const double w[VG_FSRS_NWEIGHTS], double grad[VG_FSRS_NWEIGHTS]);

/* --- the optimizer --- */

typedef enum vg_opt_outcome {
    VG_OPT_NO_ITEMS,   /* no review on a later day: nothing to learn from */
    VG_OPT_DEFAULTS,   /* fewer than 8 items after the filter: the default weights */
    VG_OPT_PRETRAINED, /* fewer than 64 (or only first intervals): w0..w3 fitted, defaults else */
    VG_OPT_TRAINED     /* all 21 weights trained */
} vg_opt_outcome;

typedef struct vg_opt_config {
    int epochs;            /* 8, as Anki */
    size_t n_relearning;   /* relearning steps under a day: lowers the w17/w18 ceiling */
    bool split_evaluation; /* the time-series evaluation above 300 items (5 more fits) */
    /* Called now and then while fitting: what (a short phrase), done of total. May be NULL. */
    void (*progress)(void *ctx, const char *what, size_t done, size_t total);
    void *ctx;
} vg_opt_config;

void vg_opt_config_default(vg_opt_config *c);

typedef struct vg_opt_metrics {
    double log_loss; /* recency-weighted mean binary cross-entropy */
    double rmse_bins;
} vg_opt_metrics;

typedef struct vg_opt_result {
    vg_opt_outcome outcome;
    double w[VG_FSRS_NWEIGHTS]; /* the weights to use (the current ones when they fit better) */
    double fitted[VG_FSRS_NWEIGHTS]; /* what the fit gave */
    bool keep_current;               /* the current weights fit at least as well (Anki's rule) */
    size_t n_items, n_train;         /* items built; items left after the outlier filter */
    vg_opt_metrics current, fit;     /* on the same items */
    bool has_split;                  /* more than 300 items: the time-series evaluation ran */
    vg_opt_metrics split;            /* pooled test predictions of the 5 folds, weight 1 */
    double split_retention;          /* share of the test items recalled */
    bool healthy;                    /* Anki's verdict on the split evaluation */
} vg_opt_result;

/* Fits the weights to d's items, starting from nothing (the reference ignores the current
 * weights except to compare with them). VG_NOMEM on failure. */
vg_status vg_optimize(const vg_opt_data *d, const double current[VG_FSRS_NWEIGHTS],
                      const vg_opt_config *cfg, vg_opt_result *out, vg_error *err);

/* Anki's health check for a log loss and RMSE(bins) on n items of which a share
 * `retention` was recalled. */
bool vg_opt_healthy(double log_loss, double rmse_bins, double retention, size_t n);

#endif
