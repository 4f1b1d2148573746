/* A year of study simulated day by day at a desired retention (see include/vgrev/simulate.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vgrev/simulate.h"

/* splitmix64's output function (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014; constants of Vigna's splitmix64.c). */
static uint64_t S_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A uniform number in [0, 1) for draw `stream` of a card's n-th simulated answer: the same at
 * every retention, so the runs differ only by what the retention changes. */
static double S_uniform(uint64_t seed, size_t card, uint32_t n, unsigned stream)
{
    uint64_t h = S_mix(seed + 0x9e3779b97f4a7c15ULL * (uint64_t)(card + 1));
    h = S_mix(h ^ ((uint64_t)n << 2 | stream));
    return (double)(h >> 11) * 0x1.0p-53;
}

/* The rating (1-based) whose cumulative share first exceeds u. */
static int S_pick(const double *share, int n, double u)
{
    double sum = 0, total = 0;
    for (int i = 0; i < n; i++)
        total += share[i];
    for (int i = 0; i < n; i++) {
        sum += share[i];
        if (u * total < sum)
            return i + 1;
    }
    return n;
}

typedef struct S_run {
    const vg_sim_input *in;
    vg_sched s;
    vg_sched_card *cards;
    vg_time *due; /* cards[i].due, packed: the daily scan reads only these */
    uint32_t *n;  /* answers simulated per card */
    uint64_t seed;
    double seconds;
    size_t answers;
} S_run;

/* Answers card i from time t until it leaves the day's steps (day_end: the next day's start). */
static void S_study(S_run *r, size_t i, vg_time t, vg_time day_end)
{
    vg_sched_card *c = &r->cards[i];
    for (int k = 0; k < VG_SIM_MAX_STEPS; k++) {
        if (c->due > t && c->state != VG_CARD_NEW)
            t = c->due < day_end ? c->due : day_end - 1;
        double u = S_uniform(r->seed, i, r->n[i], 0);
        int g;
        switch (c->state) {
        case VG_CARD_NEW:
            g = S_pick(r->in->first_rating, 4, u);
            break;
        case VG_CARD_REVIEW:
            g = u < vg_sched_retrievability(&r->s, c, t)
                    ? 1 + S_pick(r->in->recall_rating, 3, S_uniform(r->seed, i, r->n[i], 1))
                    : VG_AGAIN;
            break;
        default:
            g = S_pick(r->in->step_rating, 4, u);
            break;
        }
        r->seconds += r->in->cost[c->state][g - 1];
        r->answers++;
        r->n[i]++;
        vg_sched_next(&r->s, c, (vg_rating)g, t, c);
        r->due[i] = c->due;
        if ((c->state != VG_CARD_LEARNING && c->state != VG_CARD_RELEARNING) || c->due >= day_end)
            return;
    }
}

typedef struct S_due {
    vg_time due;
    size_t i;
} S_due;

static int S_cmp_due(const void *a, const void *b)
{
    const S_due *x = a, *y = b;
    if (x->due != y->due)
        return x->due < y->due ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

double vg_sim_remembered(const vg_sim_input *in, vg_time t)
{
    vg_sched s;
    if (vg_sched_init(&s, &in->params, NULL) != VG_OK || in->params.kind != VG_SCHED_FSRS)
        return 0;
    double sum = 0;
    for (size_t i = 0; i < in->ncards; i++)
        if (in->cards[i].state != VG_CARD_NEW)
            sum += vg_sched_retrievability(&s, &in->cards[i], t);
    return sum;
}

vg_status vg_sim_run(const vg_sim_input *in, double retention, unsigned days, uint64_t seed,
                     vg_sim_point *out, vg_error *err)
{
    memset(out, 0, sizeof *out);
    out->retention = retention;
    if (in->params.kind != VG_SCHED_FSRS)
        return vg_error_set(err, VG_INVALID, NULL, 0, 0,
                            "a desired retention is FSRS's: the scheduler in force is SM-2");
    S_run r = {.in = in, .seed = seed};
    vg_sched_params p = in->params;
    p.desired_retention = retention;
    vg_status st = vg_sched_init(&r.s, &p, err);
    if (st != VG_OK)
        return st;
    size_t n = in->ncards ? in->ncards : 1;
    r.cards = malloc(n * sizeof *r.cards);
    r.due = calloc(n, sizeof *r.due);
    r.n = calloc(n, sizeof *r.n);
    S_due *due = malloc(n * sizeof *due);
    if (!r.cards || !r.due || !r.n || !due) {
        free(r.cards);
        free(r.due);
        free(r.n);
        free(due);
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    }
    memcpy(r.cards, in->cards, in->ncards * sizeof *r.cards);
    for (size_t i = 0; i < in->ncards; i++)
        r.due[i] = in->cards[i].due;
    /* The New cards come last, in deck order. */
    size_t next_new = in->ncards - (in->new_cards < in->ncards ? in->new_cards : in->ncards);
    vg_time gap = in->now - in->start; /* study at the same hour every day */
    for (unsigned d = 0; d < days; d++) {
        vg_time t = in->start + (vg_time)d * VG_TIME_DAY + gap;
        vg_time day_end = in->start + (vg_time)(d + 1) * VG_TIME_DAY;
        /* The (re)learning steps due today, then the reviews due, oldest first. */
        size_t ndue = 0, reviews = 0;
        for (size_t i = 0; i < next_new; i++) {
            if (r.due[i] >= day_end)
                continue;
            if (r.cards[i].state == VG_CARD_REVIEW)
                due[ndue++] = (S_due){r.due[i], i};
            else
                S_study(&r, i, t, day_end);
        }
        if (ndue > in->reviews_per_day)
            qsort(due, ndue, sizeof *due, S_cmp_due);
        for (size_t k = 0; k < ndue && reviews < in->reviews_per_day; k++, reviews++)
            S_study(&r, due[k].i, t, day_end);
        /* New cards up to the limit, and (as the session does) what the review limit leaves. */
        size_t room = in->reviews_per_day - reviews, limit = in->new_per_day;
        for (size_t k = 0; k < limit && k < room && next_new < in->ncards; k++)
            S_study(&r, next_new++, t, day_end);
    }
    vg_sim_input end = *in;
    end.cards = r.cards;
    end.ncards = next_new;
    out->remembered = vg_sim_remembered(&end, in->now + (vg_time)days * VG_TIME_DAY);
    out->minutes = days ? r.seconds / 60.0 / days : 0;
    out->reviews = days ? (double)r.answers / days : 0;
    free(r.cards);
    free(r.due);
    free(r.n);
    free(due);
    return VG_OK;
}

vg_status vg_sim_retentions(const vg_sim_input *in, uint64_t seed, vg_sim_result *out,
                            vg_error *err)
{
    memset(out, 0, sizeof *out);
    out->remembered_now = vg_sim_remembered(in, in->now);
    out->cards = in->ncards;
    out->new_cards = in->new_cards;
    out->new_per_day = in->new_per_day;
    out->reviews_per_day = in->reviews_per_day;
    out->seed = seed;
    out->best = VG_SIM_NRET;
    for (size_t k = 0; k < VG_SIM_NRET; k++) {
        vg_sim_point *p = &out->point[k];
        vg_status st =
            vg_sim_run(in, (double)(VG_SIM_RET_FIRST + k) / 100.0, VG_SIM_DAYS, seed, p, err);
        if (st != VG_OK)
            return st;
        double total = p->minutes * VG_SIM_DAYS;
        p->gain = total > 0 ? (p->remembered - out->remembered_now) / total : 0;
        if (p->gain > 0 && (out->best == VG_SIM_NRET || p->gain > out->point[out->best].gain))
            out->best = k;
    }
    out->lo = 1;
    out->hi = 0;
    if (out->best == VG_SIM_NRET)
        return VG_OK;
    double floor = VG_SIM_EFFICIENT * out->point[out->best].gain;
    out->lo = out->hi = out->best;
    while (out->lo > 0 && out->point[out->lo - 1].gain >= floor)
        out->lo--;
    while (out->hi + 1 < VG_SIM_NRET && out->point[out->hi + 1].gain >= floor)
        out->hi++;
    for (size_t k = out->lo; k <= out->hi; k++)
        out->point[k].efficient = true;
    return VG_OK;
}
