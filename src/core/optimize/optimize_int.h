/* Shared between the optimizer's files (items.c, model.c, pretrain.c, train.c). Private. */
#ifndef VG_OPTIMIZE_INT_H
#define VG_OPTIMIZE_INT_H

#include "vgrev/optimize.h"

/* Reviews on a later day in the item's history and target. */
size_t vg_opt_long_term_count(const vg_opt_data *d, const vg_opt_item *it);

/* The outlier filter: see items.c. train and is_init hold n entries. */
vg_status vg_opt_filter(const vg_opt_data *d, const vg_opt_item *items, size_t n,
                        vg_opt_item *train, bool *is_init, size_t *n_train);

/* Pre-training: w0..w3 from the single-interval items of train[0..n) (is_init), and the
 * counts per first rating that the final smoothing reuses. False: no first rating has data. */
bool vg_opt_pretrain(const vg_opt_data *d, const vg_opt_item *train, const bool *is_init, size_t n,
                     double s0[4], size_t count[4]);

/* One prediction: p of the item's recall and its label. */
typedef void (*vg_opt_visit)(void *ctx, uint32_t card, uint32_t pos, double p, int y);

/* Replays cards [cards, cards + n) with w (no gradient) and calls visit at every review whose
 * weight is positive. */
void vg_opt_predict(const vg_opt_data *d, const uint32_t *cards, size_t n, const double *weight,
                    const double w[VG_FSRS_NWEIGHTS], vg_opt_visit visit, void *ctx);

/* Anki's check of a short-term model (params.rs): the stability of a card at S 1, D 1 after
 * an Again two days later and then n_relearning same-day Goods; under 1 is sound. */
double vg_opt_relearn_stability(const double w[VG_FSRS_NWEIGHTS], size_t n_relearning);

#endif
