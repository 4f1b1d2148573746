/* SM-2, the SuperMemo algorithm of 1987-1990.
 *
 * Source: P. A. Wozniak, "Optimization of learning", Master's thesis, University of Technology
 * in Poznan, 1990, section 3.2, published as "Application of a computer to improve the results
 * obtained in working with the SuperMemo method" (https://super-memory.com/english/ol/sm2.htm):
 *   - every item starts with an E-Factor EF = 2.5;
 *   - intervals: I(1) = 1 day, I(2) = 6 days, I(n) = I(n-1) * EF for n > 2, a fractional
 *     interval being rounded up to the next whole day;
 *   - after each repetition, with quality q in 0..5:
 *     EF' = EF + (0.1 - (5 - q) (0.08 + (5 - q) 0.02)), and EF' >= 1.3;
 *   - q < 3 restarts the repetitions from I(1) without changing the E-Factor;
 *   - items under q = 4 are repeated again the same day until they reach it.
 *
 * vgrev's reading, documented in docs/scheduling.md:
 *   - ratings map to qualities Again 1, Hard 3, Good 4, Easy 5;
 *   - the same-day repetition of the last rule is played by the learning and relearning
 *     steps, shared with FSRS: a card is a "repetition" for SM-2 when it graduates from the
 *     steps and at every review answered Hard, Good or Easy;
 *   - I(n) uses the E-Factor the item had before this answer (the update comes after the
 *     repetition), so Hard, Good and Easy give one interval and differ in later ones;
 *   - EF moves in steps of 0.02 from 2.5 (+0.1, 0, -0.14), so it is kept in hundredths and the
 *     interval rounded up with integer arithmetic: no floating-point surprise at whole days;
 *   - the maximum interval and, when enabled, the same fuzz as FSRS apply to I(n).
 * In the card: difficulty is EF, stability is I(n) in days, sm2_n is n. */
#include "sched/sched_int.h"

#include <math.h>

static const int S_quality[5] = {0, 1, 3, 4, 5}; /* by rating: Again 1, Hard 3, Good 4, Easy 5 */

/* One SM-2 repetition with quality q; schedules the card as Review. */
static void S_repetition(const vg_sched *s, vg_sched_card *out, int q, vg_time now)
{
    long ef100 = lround(out->difficulty * 100);
    if (ef100 < 130)
        ef100 = 130;
    int64_t ivl;
    if (q >= 3) {
        int64_t prev = (int64_t)out->stability;
        if (prev < 1)
            prev = 1;
        if (out->sm2_n <= 0)
            ivl = 1;
        else if (out->sm2_n == 1)
            ivl = 6;
        else
            ivl = (prev * ef100 + 99) / 100; /* ceil(I(n-1) * EF) */
        if (out->sm2_n < INT32_MAX)
            out->sm2_n = out->sm2_n < 0 ? 1 : out->sm2_n + 1;
        long d = 5 - q;
        ef100 += 10 - d * (8 + d * 2); /* 100 * (0.1 - (5-q)(0.08 + (5-q) 0.02)) */
        if (ef100 < 130)
            ef100 = 130;
    } else {
        out->sm2_n = 0;
        ivl = 1;
    }
    if (ivl > s->p.maximum_interval)
        ivl = s->p.maximum_interval;
    int32_t scheduled = vg_sched_fuzz(s, (int32_t)ivl, out);
    out->difficulty = (double)ef100 / 100;
    out->stability = scheduled;
    vg_sched_graduate(out, scheduled, now);
}

void vg_sm2_next(const vg_sched *s, vg_sched_card *before, vg_rating g, vg_time now,
                 vg_sched_card *out)
{
    int q = S_quality[g];
    if (before->state == VG_CARD_NEW) {
        out->difficulty = 2.5;
        out->stability = 0;
        out->sm2_n = 0;
    } else if (!(out->difficulty >= 1.3)) {
        out->difficulty = 1.3; /* a state from elsewhere (or NaN): the SM-2 floor */
    } else if (out->difficulty > 1e6) {
        out->difficulty = 1e6; /* keeps the integer arithmetic below far from overflow */
    }
    if (!(out->stability >= 0) || out->stability > VG_SCHED_MAX_IVL)
        out->stability = 0;
    switch (before->state) {
    case VG_CARD_NEW:
    case VG_CARD_LEARNING:
    case VG_CARD_RELEARNING: {
        vg_card_state to = before->state == VG_CARD_NEW ? VG_CARD_LEARNING : before->state;
        if (!vg_sched_apply_steps(s, before, g, to, now, out))
            S_repetition(s, out, q, now);
        break;
    }
    case VG_CARD_REVIEW:
        if (g == VG_AGAIN) {
            /* q < 3: the repetitions start again, EF unchanged; relearn first if steps exist */
            out->sm2_n = 0;
            if (!vg_sched_apply_steps(s, before, g, VG_CARD_RELEARNING, now, out))
                S_repetition(s, out, q, now);
            if (out->lapses < INT32_MAX)
                out->lapses++;
        } else {
            S_repetition(s, out, q, now);
        }
        break;
    }
}
