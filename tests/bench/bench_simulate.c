/* Choosing a desired retention: the time of vg_sim_retentions (28 retentions, 365 days) on a
 * deck of N cards (default 10,000): 70% of them studied, with stabilities from a day to two
 * years, difficulties 1..10 and due dates spread over the stability, the rest new; 20 new
 * cards and 200 reviews a day. Prints the seconds and the efficient range.
 *   ./build/tests/bench/bench_simulate [N]   (cmake -DVGREV_BENCH=ON) */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "vgrev/simulate.h"

static uint64_t rng = 0x9E3779B97F4A7C15u;
static double unit(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) * 0x1p-53;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000;
    vg_sim_input in = {0};
    vg_sched_params_default(&in.params);
    in.now = 1795600800; /* 2026-11-25T10:00Z */
    in.start = in.now - 6 * 3600;
    in.new_per_day = 20;
    in.reviews_per_day = 200;
    static const double cost[4] = {20, 18, 12, 9};
    for (int s = 0; s < 4; s++)
        for (int g = 0; g < 4; g++)
            in.cost[s][g] = cost[g];
    static const double first[4] = {0.24, 0.094, 0.495, 0.171}, recall[3] = {0.224, 0.631, 0.145};
    for (int g = 0; g < 4; g++)
        in.first_rating[g] = in.step_rating[g] = first[g];
    for (int g = 0; g < 3; g++)
        in.recall_rating[g] = recall[g];
    in.cards = calloc(n ? n : 1, sizeof *in.cards);
    if (!in.cards)
        return 1;
    in.ncards = n;
    size_t studied = n * 7 / 10;
    in.new_cards = n - studied;
    for (size_t i = 0; i < n; i++) {
        char id[32];
        int len = snprintf(id, sizeof id, "card %zu", i);
        vg_sched_card *c = &in.cards[i];
        vg_sched_card_init(c, id, (size_t)len);
        if (i >= studied)
            continue;
        c->state = VG_CARD_REVIEW;
        c->stability = 1 + unit() * unit() * 730;
        c->difficulty = 1 + unit() * 9;
        c->scheduled_days = (int32_t)(c->stability + 1);
        c->last_review = in.now - (vg_time)(unit() * c->scheduled_days * 86400);
        c->due = c->last_review + (vg_time)c->scheduled_days * 86400;
        c->reps = 3;
    }
    vg_sim_result r;
    vg_error err;
    double t0 = now_seconds();
    if (vg_sim_retentions(&in, VG_SIM_SEED, &r, &err) != VG_OK) {
        fprintf(stderr, "bench_simulate: %s\n", err.msg);
        return 1;
    }
    double t1 = now_seconds();
    printf("%zu cards, %d retentions x %d days: %.2f s; efficient %.0f%%..%.0f%%, %.1f min/day "
           "at 90%%\n",
           n, VG_SIM_NRET, VG_SIM_DAYS, t1 - t0, 100 * r.point[r.lo].retention,
           100 * r.point[r.hi].retention, r.point[20].minutes);
    free(in.cards);
    return 0;
}
