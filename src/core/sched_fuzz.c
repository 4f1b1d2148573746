/* Interval fuzz: ts-fsrs's ranges, our own deterministic seed.
 *
 * The reference draws the fuzz factor from the Alea PRNG seeded with the review time, the
 * review count and D*S as a decimal string, which depends on the JavaScript number printer.
 * vgrev instead seeds from the card id and its review count only, with integer arithmetic,
 * so every machine replaying the same log gets the same schedule (merging relies on it):
 *
 *   h     = FNV-1a 64 of the card id's bytes                  (vg_sched_id_hash)
 *   state = h + reps * 0x9E3779B97F4A7C15   (mod 2^64; reps counts this review)
 *   z     = splitmix64(state)      (Steele, Lea, Flood, "Fast Splittable Pseudorandom Number
 *                                   Generators", OOPSLA 2014: add the golden gamma, then the
 *                                   variant-13 mixer: xor-shift 30, * 0xBF58476D1CE4E5B9,
 *                                   xor-shift 27, * 0x94D049BB133111EB, xor-shift 31)
 *   u     = (z >> 11) / 2^53       in [0, 1)
 *
 * All four ratings of one review share u, as in the reference (it seeds once per review). */
#include "sched_internal.h"

#include <math.h>

double vg_sched_fuzz_factor(uint64_t id_hash, int32_t reps)
{
    const uint64_t gamma = UINT64_C(0x9E3779B97F4A7C15);
    uint64_t z = id_hash + (uint64_t)(uint32_t)reps * gamma + gamma;
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1p-53;
}

void vg_sched_fuzz_range(double ivl, int32_t elapsed_days, int32_t maximum_interval, int32_t *lo,
                         int32_t *hi)
{
    /* get_fuzz_range (FUZZ_RANGES): the spread grows by 15% of the days from 2.5 to 7, 10% of
     * the days from 7 to 20 and 5% of the days past 20, plus one day. */
    static const struct {
        double start, end, factor;
    } ranges[] = {{2.5, 7, 0.15}, {7, 20, 0.1}, {20, INFINITY, 0.05}};
    double delta = 1;
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        delta += ranges[i].factor * fmax(fmin(ivl, ranges[i].end) - ranges[i].start, 0);
    ivl = fmin(ivl, maximum_interval);
    double min_ivl = fmax(2, vg_sched_js_round(ivl - delta));
    double max_ivl = fmin(vg_sched_js_round(ivl + delta), maximum_interval);
    if (ivl > elapsed_days) /* never due again before a day has passed since this review */
        min_ivl = fmax(min_ivl, (double)elapsed_days + 1);
    min_ivl = fmin(min_ivl, max_ivl);
    *lo = (int32_t)min_ivl;
    *hi = (int32_t)max_ivl;
}

int32_t vg_sched_fuzz(const vg_sched *s, int32_t ivl, const vg_card *out)
{
    if (!s->p.enable_fuzz || ivl < 2.5)
        return ivl;
    int32_t lo, hi;
    vg_sched_fuzz_range(ivl, out->elapsed_days, s->p.maximum_interval, &lo, &hi);
    double u = vg_sched_fuzz_factor(out->id_hash, out->reps);
    /* apply_fuzz: floor(u * (max - min + 1) + min) */
    return (int32_t)floor(u * ((double)hi - lo + 1) + lo);
}
