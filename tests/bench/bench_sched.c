/* Scheduler throughput: reviews per second through vg_sched_next (DESIGN §7: replay at least
 * 10 million FSRS reviews a second, measured on 100,000 cards with 5 reviews each).
 *
 * A review log is made first (untimed): 100,000 cards, each reviewed about on its due date
 * (give or take a few hours) with a mix of answers (10% Again, 10% Hard, 70% Good, 10% Easy),
 * so the timed part sees new cards, learning steps, lapses and review intervals. The timed
 * part replays the whole log from new cards, as `vgrev replay` and loading progress do, RUNS
 * times (default 15: the machine may be busy) and prints the best and the median. The number of
 * reviews per card is the second argument (default 5). FSRS's figure is also printed as
 * `result sched.fsrs.100k MEDIAN SPREAD 0 - 100.00 PASS|FAIL` (tests/bench/run.sh): the time of
 * a million reviews in ms, the median of the runs, its spread max - min; the budget of 10
 * million reviews a second is 100 ms a million, an absolute budget.
 * Run through tests/bench/sched.sh [RUNS [REVIEWS]]. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vgrev/sched.h"

enum { NCARDS = 100000, MAX_REVIEWS = 50 };

typedef struct log_entry {
    vg_time t;
    vg_rating rating;
} log_entry;

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

static void make_log(const vg_sched *s, size_t nrev, log_entry *log, uint64_t *hashes)
{
    for (size_t c = 0; c < NCARDS; c++) {
        char id[32];
        int n = snprintf(id, sizeof id, "section › card %zu", c);
        vg_sched_card card;
        vg_sched_card_init(&card, id, (size_t)n);
        hashes[c] = card.id_hash;
        vg_time t = 1767323045 + (vg_time)(unit() * 86400 * 30);
        for (size_t r = 0; r < nrev; r++) {
            double u = unit();
            vg_rating g = u < 0.1 ? VG_AGAIN : u < 0.2 ? VG_HARD : u < 0.9 ? VG_GOOD : VG_EASY;
            log[c * nrev + r] = (log_entry){t, g};
            vg_sched_next(s, &card, g, t, &card);
            t = card.due + (vg_time)((unit() - 0.3) * 6 * 3600);
            if (t < card.last_review)
                t = card.last_review;
        }
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Replays the log `runs` times; returns the best reviews per second and leaves the rate of each
 * run in rates[]. */
__attribute__((noinline)) static double replay(const vg_sched *s, size_t nrev, const log_entry *log,
                                               const uint64_t *hashes, int runs, uint64_t *check,
                                               double *rates)
{
    double best = 0;
    for (int k = 0; k < runs; k++) {
        uint64_t sum = 0;
        double t0 = now_seconds();
        for (size_t c = 0; c < NCARDS; c++) {
            vg_sched_card card;
            memset(&card, 0, sizeof card);
            card.id_hash = hashes[c];
            const log_entry *e = log + c * nrev;
            for (size_t r = 0; r < nrev; r++)
                vg_sched_next(s, &card, e[r].rating, e[r].t, &card);
            sum += (uint64_t)card.due + (uint64_t)(card.stability * 1e6);
        }
        double dt = now_seconds() - t0;
        double rate = (double)NCARDS * nrev / dt;
        rates[k] = rate;
        if (rate > best)
            best = rate;
        *check ^= sum;
    }
    return best;
}

int main(int argc, char **argv)
{
    long runs = argc > 1 ? strtol(argv[1], NULL, 10) : 15;
    if (runs < 1 || runs > 1000)
        runs = 15;
    long reviews = argc > 2 ? strtol(argv[2], NULL, 10) : 5; /* DESIGN §7: 5 per card */
    size_t nrev = reviews >= 1 && reviews <= MAX_REVIEWS ? (size_t)reviews : 5;
    log_entry *log = malloc(sizeof *log * NCARDS * nrev);
    uint64_t *hashes = malloc(sizeof *hashes * NCARDS);
    double *rates = malloc(sizeof *rates * (size_t)runs);
    if (!log || !hashes || !rates) {
        free(log);
        free(hashes);
        free(rates);
        return 1;
    }
    static const struct {
        const char *name;
        vg_sched_kind kind;
        int fuzz;
    } configs[] = {
        {"FSRS-6 (defaults, fuzz on)", VG_SCHED_FSRS, 1},
        {"FSRS-6 (fuzz off)", VG_SCHED_FSRS, 0},
        {"SM-2 (fuzz on)", VG_SCHED_SM2, 1},
    };
    double fsrs_rate = 0, fsrs_ms = 0, fsrs_spread = 0;
    uint64_t check = 0;
    printf("%d cards x %zu reviews, best and median of %ld runs\n", NCARDS, nrev, runs);
    for (size_t i = 0; i < sizeof configs / sizeof configs[0]; i++) {
        vg_sched_params p;
        vg_sched_params_default(&p);
        p.kind = configs[i].kind;
        p.enable_fuzz = configs[i].fuzz != 0;
        vg_sched s;
        if (vg_sched_init(&s, &p, NULL) != VG_OK)
            abort();
        make_log(&s, nrev, log, hashes);
        double rate = replay(&s, nrev, log, hashes, (int)runs, &check, rates);
        qsort(rates, (size_t)runs, sizeof *rates, cmp_double);
        double median = runs % 2 ? rates[runs / 2] : (rates[runs / 2 - 1] + rates[runs / 2]) / 2;
        printf("%-28s %8.2f million reviews/s  (%.1f ns/review; median %.2f million/s)\n",
               configs[i].name, rate / 1e6, 1e9 / rate, median / 1e6);
        if (i == 0) {
            fsrs_rate = median;
            fsrs_ms = 1e9 / median;
            fsrs_spread = 1e9 / rates[0] - 1e9 / rates[runs - 1];
        }
    }
    printf("checksum %016llx\n", (unsigned long long)check);
    free(log);
    free(hashes);
    free(rates);
    printf("result sched.fsrs.%dk %.1f %.1f 0 - 100.00 %s\n", NCARDS / 1000, fsrs_ms, fsrs_spread,
           fsrs_rate >= 10e6 ? "PASS" : "FAIL");
    if (fsrs_rate < 10e6) {
        printf("FAIL: FSRS (median) below the budget of 10 million reviews/s (DESIGN §7)\n");
        return 1;
    }
    printf("ok: FSRS (median) meets the budget of 10 million reviews/s (DESIGN §7)\n");
    return 0;
}
