/* A simulated FSRS-6 learner's review log, for the optimizer's accuracy tests and benchmark.
 *
 *   sim_reviews REVIEWS SEED LEARNER yaml|csv
 *
 * Cards arrive 20 a day; each is studied for a year. vgrev's scheduler with the default weights
 * (fuzz on) says when a card is due; the learner comes back up to a fifth of the interval late,
 * and recalls with the probability that FSRS-6 gives under the learner's own true weights
 * (LEARNER: "default" or "slow", a learner who forgets sooner and gains less from reviews).
 * First ratings and pass ratings follow fsrs-rs's default button shares. Deterministic for a
 * seed (SplitMix64). Prints a history as `vgrev replay` reads it (yaml) or an Anki-style
 * revlog CSV as @open-spaced-repetition/binding's convertCsvToFsrsItems reads it (csv:
 * card_id, review_time in ms, review_rating, review_state: the card's state before the review,
 * 0 new / 1 learning / 2 review / 3 relearning as FSRS numbers them, review_duration), until about
 * REVIEWS reviews are written. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vgrev/sched.h"
#include "vgrev/time.h"

static uint64_t S_rng;

static double S_uniform(void)
{
    uint64_t z = (S_rng += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return (double)((z ^ (z >> 31)) >> 11) / 9007199254740992.0;
}

static int S_pick(const double *p, int n)
{
    double u = S_uniform(), acc = 0;
    for (int i = 0; i < n - 1; i++)
        if (u < (acc += p[i]))
            return i;
    return n - 1;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fputs("usage: sim_reviews REVIEWS SEED default|slow yaml|csv\n", stderr);
        return 2;
    }
    long target = strtol(argv[1], NULL, 10);
    S_rng = strtoull(argv[2], NULL, 10);
    bool csv = strcmp(argv[4], "csv") == 0;
    static const double slow[VG_FSRS_NWEIGHTS] = {0.1,  0.5, 1.2, 4.0, 7.0, 0.6,  2.0,
                                                  0.02, 1.3, 0.2, 1.1, 1.8, 0.08, 0.3,
                                                  2.0,  0.4, 2.2, 0.6, 0.1, 0.1,  0.35};
    vg_sched_params app_p, true_p;
    vg_sched_params_default(&app_p);
    true_p = app_p;
    true_p.enable_fuzz = false;
    if (strcmp(argv[3], "slow") == 0)
        memcpy(true_p.weights, slow, sizeof slow);
    vg_sched app, truth;
    vg_error err;
    if (vg_sched_init(&app, &app_p, &err) != VG_OK || vg_sched_init(&truth, &true_p, &err) != VG_OK)
        return 1;
    static const double first_p[4] = {0.24, 0.094, 0.495, 0.171};
    static const double pass_p[3] = {0.224, 0.631, 0.145};
    const vg_time start = 1767225600; /* 2026-01-01T00:00:00Z */
    long written = 0;
    puts(csv ? "card_id,review_time,review_rating,review_state,review_duration" : "cards:");
    for (long c = 0; written < target; c++) {
        char id[32];
        snprintf(id, sizeof id, "c%ld", c);
        vg_sched_card a, tr;
        vg_sched_card_init(&a, id, strlen(id));
        vg_sched_card_init(&tr, id, strlen(id));
        vg_time t = start + (c / 20) * VG_TIME_DAY + 9 * 3600 + (vg_time)(S_uniform() * 36000);
        vg_time end = t + 365 * VG_TIME_DAY;
        if (!csv)
            printf("- id: %s\n  reviews:\n", id);
        while (t < end) {
            int rating;
            if (a.state == VG_CARD_NEW) {
                rating = S_pick(first_p, 4) + 1;
            } else {
                double days = (double)(t - tr.last_review) / VG_TIME_DAY;
                double r = vg_sched_forgetting_curve(&truth, days, tr.stability);
                rating = S_uniform() < r ? S_pick(pass_p, 3) + 2 : 1;
            }
            char iso[VG_TIME_ISO_MAX];
            vg_time_format(t, iso, sizeof iso);
            if (csv)
                printf("%ld,%" PRId64 "000,%d,%d,8000\n", c, t, rating, (int)a.state);
            else
                printf("  - {t: %s, rating: %d}\n", iso, rating);
            written++;
            vg_sched_next(&app, &a, (vg_rating)rating, t, &a);
            vg_sched_next(&truth, &tr, (vg_rating)rating, t, &tr);
            vg_time ivl = a.due - t;
            t = a.due + (ivl >= VG_TIME_DAY ? (vg_time)(S_uniform() * (double)ivl / 5) : 0);
        }
    }
    return 0;
}
