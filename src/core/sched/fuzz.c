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
#include "sched/sched_int.h"

double vg_sched_fuzz_factor(uint64_t id_hash, int32_t reps)
{
    return vg_sched_fuzz_u(id_hash, reps);
}

void vg_sched_fuzz_range(double ivl, int32_t elapsed_days, int32_t maximum_interval, int32_t *lo,
                         int32_t *hi)
{
    vg_sched_fuzz_bounds(ivl, elapsed_days, maximum_interval, lo, hi);
}
