/* Shared between sched/sched.c (steps, dispatch), sched/fsrs.c, sched/sm2.c and sched/fuzz.c.
 * Private to the core. */
#ifndef VG_SCHED_INTERNAL_H
#define VG_SCHED_INTERNAL_H

#include "vgrev/sched.h"

/* Cross-machine determinism: never fuse a*b+c into one rounding (clang fuses by default on
 * targets with FMA; GCC in ISO C mode does not, and does not know this pragma). */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

#include <math.h>

/* JavaScript's Math.round: the nearest integer, halves toward +infinity (-0 for -0.5 <= x
 * <= -0, as JavaScript). Inline and without libm's floor, which is a call on baseline x86-64:
 * the scheduler rounds a dozen times per review.
 * For 0.5 <= x < 2^52, x + 0.5 is exact unless it crosses a power of two, and then the power
 * of two it reaches is the right answer, so truncating x + 0.5 is exact. Below 0.5 the
 * sum can round up to 1 (0.49999999999999994 + 0.5 == 1), hence the separate case. */
static inline double vg_sched_js_round(double x)
{
    if (x >= 0.5 && x < 0x1p52)
        return (double)(int64_t)(x + 0.5);
    if (x >= 0 && x < 0.5)
        return 0 * x; /* +0, or -0 for -0 */
    /* cppcheck-suppress incorrectLogicOperator ; it misreads the hex float */
    if (!(x > -0x1p52 && x < 0))   /* what is left: x < 0 */
        return x;                  /* already an integer, or NaN or infinity */
    double r = (double)(int64_t)x; /* truncation toward 0: ceil(x) for negative x */
    if (r > x)
        r -= 1.0;     /* floor(x) */
    if (x - r >= 0.5) /* exact: x - floor(x) is representable */
        r += 1.0;
    return r == 0 ? -0.0 : r;
}

/* ts-fsrs's roundTo(x, 8): Math.round(x * 1e8) / 1e8. */
static inline double vg_sched_round8(double x)
{
    return vg_sched_js_round(x * 1e8) / 1e8;
}

/* ts-fsrs's clamp, Math.min(Math.max(v, lo), hi), for numbers (no NaN reaches it). */
static inline double vg_sched_clamp(double v, double lo, double hi)
{
    v = v > lo ? v : lo;
    return v < hi ? v : hi;
}

static inline double vg_sched_max(double a, double b)
{
    return a > b ? a : b;
}

static inline double vg_sched_min(double a, double b)
{
    return a < b ? a : b;
}

/* t + secs, saturating instead of overflowing on absurd inputs. */
static inline vg_time vg_sched_add(vg_time t, int64_t secs)
{
    if (secs > 0 && t > INT64_MAX - secs)
        return INT64_MAX;
    if (secs < 0 && t < INT64_MIN - secs)
        return INT64_MIN;
    return t + secs;
}

/* The (re)learning step rules of ts-fsrs (BasicLearningStepsStrategy + applyLearningSteps)
 * for `before` (the card as it was) answered with g. When a step applies, sets out's state
 * (to_state for steps under a day, Review for steps of a day or more), step, scheduled_days
 * and due, and returns true. Returns false when the card graduates: the caller sets state
 * Review, step 0 and the scheduler's own interval (vg_sched_graduate). */
bool vg_sched_apply_steps(const vg_sched *s, const vg_sched_card *before, vg_rating g,
                          vg_card_state to_state, vg_time now, vg_sched_card *out);

/* Sets out to Review with an interval of ivl days from now. */
static inline void vg_sched_graduate(vg_sched_card *out, int32_t ivl, vg_time now)
{
    out->state = VG_CARD_REVIEW;
    out->step = 0;
    out->scheduled_days = ivl;
    out->due = vg_sched_add(now, (int64_t)ivl * VG_TIME_DAY);
}

/* The fuzz (see sched/fuzz.c for the seed and the sources), inline for the review path; the
 * public vg_sched_fuzz_factor and vg_sched_fuzz_range wrap these. */
static inline double vg_sched_fuzz_u(uint64_t id_hash, int32_t reps)
{
    const uint64_t gamma = UINT64_C(0x9E3779B97F4A7C15);
    uint64_t z = id_hash + (uint64_t)(uint32_t)reps * gamma + gamma;
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1p-53;
}

static inline void vg_sched_fuzz_bounds(double ivl, int32_t elapsed_days, int32_t maximum_interval,
                                        int32_t *lo, int32_t *hi)
{
    /* get_fuzz_range (FUZZ_RANGES): the spread grows by 15% of the days from 2.5 to 7, 10% of
     * the days from 7 to 20 and 5% of the days past 20, plus one day (same order of sums). */
    /* The sum 1 + 0.15 max(min(I, 7) - 2.5, 0) + 0.1 max(min(I, 20) - 7, 0)
     * + 0.05 max(I - 20, 0), evaluated left to right as the reference does, by cases: the
     * constant terms fold to the same doubles and the + 0 terms change nothing. */
    double delta;
    if (ivl >= 20)
        delta = (1 + 0.15 * 4.5) + 0.1 * 13 + 0.05 * (ivl - 20);
    else if (ivl >= 7)
        delta = (1 + 0.15 * 4.5) + 0.1 * (ivl - 7);
    else if (ivl >= 2.5)
        delta = 1 + 0.15 * (ivl - 2.5);
    else
        delta = 1;
    ivl = vg_sched_min(ivl, maximum_interval);
    double min_ivl = vg_sched_max(2, vg_sched_js_round(ivl - delta));
    double max_ivl = vg_sched_min(vg_sched_js_round(ivl + delta), maximum_interval);
    if (ivl > elapsed_days) /* never due again before a day has passed since this review */
        min_ivl = vg_sched_max(min_ivl, (double)elapsed_days + 1);
    min_ivl = vg_sched_min(min_ivl, max_ivl);
    *lo = (int32_t)min_ivl;
    *hi = (int32_t)max_ivl;
}

/* vg_sched_fuzz_bounds for a whole number of days ivl (3 <= ivl <= maximum), in integer
 * arithmetic: 1000 * delta is 625 + 150 I below 7 days, 1675 + 100 (I - 7) below 20 and
 * 2975 + 50 (I - 20) beyond, and I +- delta never lies within 0.025 of a half day, so
 * rounding the exact thousandths gives what the doubles give (test_sched checks every
 * interval up to VG_SCHED_MAX_IVL). The review path uses this: it is shorter. */
static inline void vg_sched_fuzz_bounds_days(int32_t ivl, int32_t elapsed_days,
                                             int32_t maximum_interval, int32_t *lo, int32_t *hi)
{
    int64_t d1000 = ivl >= 20  ? 2975 + 50 * (int64_t)(ivl - 20)
                    : ivl >= 7 ? 1675 + 100 * (int64_t)(ivl - 7)
                               : 625 + 150 * (int64_t)ivl;
    int64_t i1000 = 1000 * (int64_t)ivl;
    int64_t min_ivl = (i1000 - d1000 + 500) / 1000; /* positive: division is floor */
    int64_t max_ivl = (i1000 + d1000 + 500) / 1000;
    if (min_ivl < 2)
        min_ivl = 2;
    if (max_ivl > maximum_interval)
        max_ivl = maximum_interval;
    if (ivl > elapsed_days && min_ivl < (int64_t)elapsed_days + 1)
        min_ivl = (int64_t)elapsed_days + 1;
    if (min_ivl > max_ivl)
        min_ivl = max_ivl;
    *lo = (int32_t)min_ivl;
    *hi = (int32_t)max_ivl;
}

/* ts-fsrs's apply_fuzz for an interval in whole days, with the review's fuzz factor u:
 * unchanged when fuzz is off or the interval is under 2.5 days, otherwise a day of the fuzz
 * range picked by u. */
static inline int32_t vg_sched_fuzz_with(const vg_sched *s, int32_t ivl, int32_t elapsed_days,
                                         double u)
{
    if (!s->p.enable_fuzz || ivl < 3)
        return ivl;
    int32_t lo, hi;
    vg_sched_fuzz_bounds_days(ivl, elapsed_days, s->p.maximum_interval, &lo, &hi);
    /* apply_fuzz: floor(u * (max - min + 1) + min); the value is positive, so truncation */
    return (int32_t)(u * ((double)hi - lo + 1) + lo);
}

/* The same, with the factor of the review being made (out->id_hash, out->reps). */
static inline int32_t vg_sched_fuzz(const vg_sched *s, int32_t ivl, const vg_sched_card *out)
{
    if (!s->p.enable_fuzz || ivl < 3)
        return ivl;
    return vg_sched_fuzz_with(s, ivl, out->elapsed_days, vg_sched_fuzz_u(out->id_hash, out->reps));
}

/* The scheduler bodies. `out` already holds the card with reps, last_review and
 * elapsed_days updated for this review; `before` is a scratch copy of the card as it was,
 * which the scheduler may repair in place. */
void vg_fsrs_next(const vg_sched *s, vg_sched_card *before, vg_rating g, vg_time now,
                  vg_sched_card *out);
void vg_sm2_next(const vg_sched *s, vg_sched_card *before, vg_rating g, vg_time now,
                 vg_sched_card *out);

/* FSRS forgetting curve R(t, S) with ts-fsrs's rounding. */
double vg_fsrs_retrievability(const vg_sched *s, double elapsed_days, double stability);

#endif
