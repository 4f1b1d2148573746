/* The numbers of `vgrev stats`: one walk over the deck's cards, replaying each card's log to
 * know the state it was in at each answer. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "stats/stats_int.h"
#include "vgrev/stats.h"

double vg_stats_pass_rate(size_t passed, size_t failed)
{
    return passed + failed ? (double)passed / (double)(passed + failed) : -1.0;
}

static void S_hist_init(vg_stats_hist *h, const double *edges, size_t nedges)
{
    memset(h, 0, sizeof *h);
    h->nbuckets = nedges - 1;
    memcpy(h->edges, edges, nedges * sizeof *edges);
}

/* Non-finite values (a hand-edited cache may hold .nan or .inf) are not counted. */
static bool S_hist_add(vg_stats_hist *h, double v)
{
    if (!isfinite(v))
        return false;
    size_t i = 0;
    while (i + 1 < h->nbuckets && v >= h->edges[i + 1])
        i++;
    h->count[i]++;
    h->n++;
    return true;
}

static int S_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void S_swap(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

/* Moves the k-th smallest of v[0..n) to v[k], the smaller before it and the larger after: Hoare's
 * selection, in linear time where a sort takes n log n. The pivot is the median of three and the
 * partition three-way (many cards share a value); a range that does not shrink in 64 rounds is
 * sorted instead, so no order of values makes it quadratic. */
static void S_select(double *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n;
    for (int round = 0; hi - lo > 16; round++) {
        if (round == 64) {
            qsort(v + lo, hi - lo, sizeof *v, S_cmp_double);
            return;
        }
        double a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi - 1];
        double p = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
        size_t lt = lo, i = lo, gt = hi;
        while (i < gt) {
            if (v[i] < p)
                S_swap(&v[lt++], &v[i++]);
            else if (v[i] > p)
                S_swap(&v[i], &v[--gt]);
            else
                i++;
        }
        if (k < lt)
            hi = lt;
        else if (k >= gt)
            lo = gt;
        else
            return; /* v[k] == p, in place */
    }
    qsort(v + lo, hi - lo, sizeof *v, S_cmp_double);
}

/* v[0..n) are the values added (finite): the median and the mean. */
static void S_hist_finish(vg_stats_hist *h, double *v, size_t n)
{
    if (!n)
        return;
    size_t m = n / 2;
    S_select(v, n, m);
    h->median = v[m];
    if (n % 2 == 0) { /* the mean of the two middle values: the other is the largest below */
        double below = v[0];
        for (size_t i = 1; i < m; i++)
            below = v[i] > below ? v[i] : below;
        h->median = (below + v[m]) / 2;
    }
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    h->mean = sum / (double)n;
}

/* The start of the study day `back` days before today's (noon, then its start: days of 23 or
 * 25 hours included). */
static vg_time S_day_start(const vg_stats *st, int64_t back)
{
    return vg_days_start(&st->days, st->today + VG_TIME_DAY / 2 - (vg_time)back * VG_TIME_DAY);
}

/* Whole study days from today's start to the study day that contains t (negative before). */
static int64_t S_day(const vg_stats *st, vg_time t)
{
    return vg_days_index(&st->days, t) - vg_days_index(&st->days, st->today);
}

static void S_periods_init(vg_stats *st)
{
    static const unsigned days[VG_STATS_NPERIODS] = {1, 7, 30, 0};
    for (int p = 0; p < VG_STATS_NPERIODS; p++) {
        vg_stats_period *per = &st->period[p];
        per->days = days[p];
        per->end = vg_days_next_start(&st->days, st->today);
        per->start = days[p] ? S_day_start(st, days[p] - 1) : INT64_MIN;
    }
    /* Anki's periods, as (the first day, days back from today; the day after the last). */
    static const int64_t tr[VG_STATS_TR_N][2] = {{0, -1}, {1, 0}, {6, -1}, {29, -1}, {364, -1}};
    for (int p = 0; p < VG_STATS_TR_N; p++) {
        st->tr[p].start = p == VG_STATS_TR_ALL ? INT64_MIN : S_day_start(st, tr[p][0]);
        st->tr[p].end = S_day_start(st, p == VG_STATS_TR_ALL ? -1 : tr[p][1]);
    }
}

/* A card's answer in Review: to the true-retention periods it falls in. */
static void S_tr_add(vg_stats *st, const vg_review *r, int32_t interval)
{
    bool mature = interval >= VG_STATS_MATURE_DAYS, pass = r->rating != VG_AGAIN;
    for (int p = 0; p < VG_STATS_TR_N; p++) {
        vg_stats_tr *t = &st->tr[p];
        if (r->t < t->start || r->t >= t->end)
            continue;
        size_t *n = mature ? (pass ? &t->mature_passed : &t->mature_failed)
                           : (pass ? &t->young_passed : &t->young_failed);
        (*n)++;
    }
}

/* One card's log, replayed from a new card (and from a new card again after a reset): its
 * answers go to the periods and the heat map by the state the card had before each. */
static void S_log(vg_stats *st, const vg_sched *sched, const vg_record *rec)
{
    bool seen[VG_STATS_NPERIODS] = {false}, reset = false;
    int64_t tr_day = INT64_MIN; /* the study day of the last answer counted for true retention */
    vg_sched_card c;
    vg_sched_card_init(&c, rec->id, VG_CARD_ID_LEN);
    for (size_t i = 0; i < rec->nreviews; i++) {
        const vg_review *r = &rec->reviews[i];
        if (!reset && rec->reset_at && r->t > rec->reset_at) {
            vg_sched_card_init(&c, rec->id, VG_CARD_ID_LEN);
            reset = true;
        }
        vg_card_state before = c.state;
        int64_t day = vg_days_index(&st->days, r->t);
        if (before == VG_CARD_REVIEW && day != tr_day) {
            S_tr_add(st, r, c.scheduled_days);
            tr_day = day;
        }
        for (int p = 0; p < VG_STATS_NPERIODS; p++) {
            vg_stats_period *per = &st->period[p];
            if (r->t < per->start || r->t >= per->end)
                continue;
            per->reviews++;
            per->cards += !seen[p];
            seen[p] = true;
            per->again += r->rating == VG_AGAIN;
            if (r->ms != VG_MS_NONE) {
                per->timed++;
                per->ms += r->ms;
            }
            switch (before) {
            case VG_CARD_NEW:
                per->first++;
                break;
            case VG_CARD_LEARNING:
                per->learning++;
                break;
            case VG_CARD_REVIEW:
                per->review++;
                per->review_passed += r->rating != VG_AGAIN;
                break;
            case VG_CARD_RELEARNING:
                per->relearning++;
                break;
            }
        }
        int64_t cell = day - vg_days_index(&st->days, st->heat_start);
        if (cell >= 0 && (size_t)cell <= st->heat_today)
            st->heat[cell]++;
        vg_sched_next(sched, &c, (vg_rating)r->rating, r->t, &c);
    }
}

/* The replay of the logs of the cards from walk place `skip` on (vg_session_walk_at), for a
 * second thread. */
size_t vg_stats_thread_min = 20000;
typedef struct S_logs {
    vg_stats st; /* its own counters: a copy of the caller's before any was counted */
    const vg_sched *sched;
    const vg_session *from;
    size_t d0, d1, skip;
} S_logs;

/* The card at walk place k when it is of a deck counted and has a record, else NULL. */
static const vg_record *S_walk_rec(const S_logs *l, size_t k)
{
    const vg_session_card *sc = vg_session_walk_at(l->from, k);
    return sc && sc->deck >= l->d0 && sc->deck < l->d1 ? sc->rec : NULL;
}

static void *S_logs_run(void *arg)
{
    S_logs *l = arg;
    for (size_t k = l->skip, n = vg_session_walk_len(l->from); k < n; k++) {
        const vg_record *rec = S_walk_rec(l, k);
        if (rec)
            S_log(&l->st, l->sched, rec);
    }
    return NULL;
}

/* Adds what S_log counts (and only that) from one vg_stats to another. */
static void S_add_logs(vg_stats *to, const vg_stats *from)
{
    for (int p = 0; p < VG_STATS_NPERIODS; p++) {
        vg_stats_period *a = &to->period[p];
        const vg_stats_period *b = &from->period[p];
        a->reviews += b->reviews;
        a->cards += b->cards;
        a->first += b->first;
        a->learning += b->learning;
        a->review += b->review;
        a->review_passed += b->review_passed;
        a->relearning += b->relearning;
        a->again += b->again;
        a->timed += b->timed;
        a->ms += b->ms;
    }
    for (int p = 0; p < VG_STATS_TR_N; p++) {
        to->tr[p].young_passed += from->tr[p].young_passed;
        to->tr[p].young_failed += from->tr[p].young_failed;
        to->tr[p].mature_passed += from->tr[p].mature_passed;
        to->tr[p].mature_failed += from->tr[p].mature_failed;
    }
    for (size_t i = 0; i < VG_STATS_HEAT_DAYS; i++)
        to->heat[i] += from->heat[i];
}

/* A card's current state: counts, forecast, spread. */
static void S_card(vg_stats *st, const vg_record *rec, const vg_sched_card *c, double *stab,
                   double *diff)
{
    vg_stats_counts *k = &st->counts;
    k->cards++;
    bool suspended = rec && rec->suspended;
    bool buried = !suspended && rec && rec->buried_until > st->now;
    if (suspended)
        k->suspended++;
    else if (buried)
        k->buried++;
    else if (c->state == VG_CARD_NEW)
        k->new_cards++;
    else if (c->state == VG_CARD_LEARNING)
        k->learning++;
    else if (c->state == VG_CARD_RELEARNING)
        k->relearning++;
    else
        k->review++;
    if (!suspended && !buried && c->state == VG_CARD_REVIEW &&
        c->scheduled_days >= VG_STATS_MATURE_DAYS)
        k->mature++;
    if (c->state == VG_CARD_NEW)
        return;

    if (!suspended) {
        vg_time due = c->due;
        if (buried && rec->buried_until > due)
            due = rec->buried_until;
        int64_t d = S_day(st, due);
        if (d < 0) {
            st->overdue++;
            d = 0;
        }
        if (d < VG_STATS_FORECAST_DAYS)
            st->forecast[d]++;
        else
            st->later++;
    }
    if (S_hist_add(&st->stability, c->stability))
        stab[st->stability.n - 1] = c->stability;
    if (S_hist_add(&st->difficulty, c->difficulty))
        diff[st->difficulty.n - 1] = c->difficulty;
}

vg_status vg_stats_compute(const vg_session *ses, size_t deck, vg_time now, vg_stats *out,
                           vg_error *err)
{
    size_t ndecks;
    const vg_session_deck *decks = vg_session_decks(ses, &ndecks);
    if (deck != VG_STATS_ALL_DECKS && deck >= ndecks)
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "no deck %zu in the session", deck);
    size_t d0 = deck == VG_STATS_ALL_DECKS ? 0 : deck;
    size_t d1 = deck == VG_STATS_ALL_DECKS ? ndecks : deck + 1;
    const vg_sched *sched = vg_session_scheduler(ses);

    vg_stats *st = out;
    memset(st, 0, sizeof *st);
    st->now = now;
    st->utc_offset = vg_session_options(ses)->utc_offset;
    st->days = vg_session_days(vg_session_options(ses));
    st->kind = sched->p.kind;
    st->desired_retention = st->kind == VG_SCHED_FSRS ? sched->p.desired_retention : 0;
    st->today = vg_days_start(&st->days, now);
    S_periods_init(st);
    /* The local date of today's study day gives its weekday (1970-01-01 was a Thursday). */
    int64_t date = vg_days_index(&st->days, st->today);
    size_t weekday = (size_t)(((date + 3) % 7 + 7) % 7); /* Monday 0 */
    st->heat_today = (size_t)7 * (VG_STATS_HEAT_WEEKS - 1) + weekday;
    st->heat_start = S_day_start(st, (int64_t)st->heat_today);

    static const double stab_edges[] = {0, 1, 7, 30, 90, 365, INFINITY};
    static const double fsrs_diff[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    static const double sm2_ease[] = {1.3, 1.5, 1.7, 1.9, 2.1, 2.3, 2.5, 2.7, 2.9, INFINITY};
    S_hist_init(&st->stability, stab_edges, sizeof stab_edges / sizeof *stab_edges);
    if (st->kind == VG_SCHED_SM2)
        S_hist_init(&st->difficulty, sm2_ease, sizeof sm2_ease / sizeof *sm2_ease);
    else
        S_hist_init(&st->difficulty, fsrs_diff, sizeof fsrs_diff / sizeof *fsrs_diff);

    size_t ncards = 0;
    for (size_t d = d0; d < d1; d++)
        ncards += decks[d].deck->ncards;
    double *stab = vg_mem_calloc(ncards ? ncards : 1, sizeof *stab);
    double *diff = vg_mem_calloc(ncards ? ncards : 1, sizeof *diff);
    if (!stab || !diff) {
        free(stab);
        free(diff);
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    }
    /* The logs' replay is most of the cost on a big deck: the later half of the walk is
     * replayed on a second thread, into counters of its own added in after. The walk reads the
     * records in their order. */
    S_logs later = {.st = *st, .sched = sched, .from = ses, .d0 = d0, .d1 = d1};
    size_t nwalk = vg_session_walk_len(ses);
    size_t half = ncards >= vg_stats_thread_min ? nwalk / 2 : nwalk;
    later.skip = half;
    pthread_t thread;
    bool threaded = half < nwalk && pthread_create(&thread, NULL, S_logs_run, &later) == 0;
    for (size_t k = 0; k < nwalk; k++) {
        const vg_session_card *sc = vg_session_walk_at(ses, k);
        if (!sc || sc->deck < d0 || sc->deck >= d1)
            continue;
        vg_sched_card c;
        vg_session_card_state(ses, sc, &c);
        S_card(st, sc->rec, &c, stab, diff);
        if (sc->rec && (k < half || !threaded))
            S_log(st, sched, sc->rec);
    }
    if (threaded) {
        pthread_join(thread, NULL);
        S_add_logs(st, &later.st);
    }
    S_hist_finish(&st->stability, stab, st->stability.n);
    S_hist_finish(&st->difficulty, diff, st->difficulty.n);
    free(stab);
    free(diff);
    for (size_t i = 0; i <= st->heat_today; i++)
        if (st->heat[i] > st->heat_max)
            st->heat_max = st->heat[i];

    size_t norphans;
    vg_record *const *orphans = vg_session_orphans(ses, &norphans);
    for (size_t i = 0; i < norphans; i++)
        for (size_t d = d0; d < d1; d++)
            st->counts.orphans += strcmp(orphans[i]->deck, decks[d].name) == 0;
    return VG_OK;
}
