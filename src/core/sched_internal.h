/* Shared between sched.c (steps, dispatch), sched_fsrs.c, sched_sm2.c and sched_fuzz.c.
 * Private to the core. */
#ifndef VG_SCHED_INTERNAL_H
#define VG_SCHED_INTERNAL_H

#include "vgrev/sched.h"

/* Cross-machine determinism: never fuse a*b+c into one rounding (clang fuses by default on
 * targets with FMA; GCC in ISO C mode does not, and does not know this pragma). */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

/* JavaScript's Math.round: the nearest integer, halves toward +infinity. */
double vg_sched_js_round(double x);

/* ts-fsrs's roundTo(x, 8): Math.round(x * 1e8) / 1e8. */
double vg_sched_round8(double x);

/* t + secs, saturating instead of overflowing on absurd inputs. */
vg_time vg_sched_add(vg_time t, int64_t secs);

/* The (re)learning step rules of ts-fsrs (BasicLearningStepsStrategy + applyLearningSteps)
 * for `before` (the card as it was) answered with g. When a step applies, sets out's state
 * (to_state for steps under a day, Review for steps of a day or more), step, scheduled_days
 * and due, and returns true. Returns false when the card graduates: the caller sets state
 * Review, step 0 and the scheduler's own interval (vg_sched_graduate). */
bool vg_sched_apply_steps(const vg_sched *s, const vg_card *before, vg_rating g,
                          vg_card_state to_state, vg_time now, vg_card *out);

/* Sets out to Review with an interval of ivl days from now. */
void vg_sched_graduate(vg_card *out, int32_t ivl, vg_time now);

/* ts-fsrs's apply_fuzz for an interval in whole days: unchanged when fuzz is off or the
 * interval is under 2.5 days, otherwise a day in vg_sched_fuzz_range picked by the card's
 * fuzz factor for this review (out->id_hash, out->reps). */
int32_t vg_sched_fuzz(const vg_sched *s, int32_t ivl, const vg_card *out);

/* The scheduler bodies. `out` already holds the card with reps, last_review and
 * elapsed_days updated for this review; `before` is the card as it was. */
void vg_fsrs_next(const vg_sched *s, const vg_card *before, vg_rating g, vg_time now, vg_card *out);
void vg_sm2_next(const vg_sched *s, const vg_card *before, vg_rating g, vg_time now, vg_card *out);

/* FSRS forgetting curve R(t, S) with ts-fsrs's rounding. */
double vg_fsrs_retrievability(const vg_sched *s, double elapsed_days, double stability);

#endif
