/* Scheduler properties on random histories, fuzz, preview, interval labels, and SM-2 against
 * cases worked by hand from its published definition (Wozniak 1990). The FSRS numbers
 * themselves are checked against the reference in test_sched_fsrs.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sched/sched_int.h"
#include "vgrev/sched.h"

#define DAY INT64_C(86400)
static const vg_time T0 = 1767323045; /* 2026-01-02T03:04:05Z */

/* A small PRNG for the test's own random histories (xorshift64*). */
static uint64_t S_rng = 0x243F6A8885A308D3u;
static uint64_t S_next_u64(void)
{
    S_rng ^= S_rng >> 12;
    S_rng ^= S_rng << 25;
    S_rng ^= S_rng >> 27;
    return S_rng * 0x2545F4914F6CDD1Du;
}
static double S_unit(void)
{
    return (double)(S_next_u64() >> 11) * 0x1p-53;
}

static vg_sched S_make(vg_sched_kind kind, bool fuzz, bool short_term)
{
    vg_sched_params p;
    vg_sched_params_default(&p);
    p.kind = kind;
    p.enable_fuzz = fuzz;
    p.enable_short_term = short_term;
    vg_sched s;
    vg_error err;
    vg_error_clear(&err);
    if (vg_sched_init(&s, &p, &err) != VG_OK)
        fail_msg("vg_sched_init: %s", err.msg);
    return s;
}

static vg_rating S_random_rating(void)
{
    double r = S_unit();
    return r < 0.15 ? VG_AGAIN : r < 0.3 ? VG_HARD : r < 0.85 ? VG_GOOD : VG_EASY;
}

/* The next review time: on time, early, late, very late or within seconds. */
static vg_time S_random_time(const vg_sched_card *c, vg_time prev)
{
    int64_t span = c->due - prev > 60 ? c->due - prev : 60;
    double k = S_unit();
    vg_time t;
    if (k < 0.4)
        t = c->due + (int64_t)((S_unit() - 0.5) * 6 * 3600);
    else if (k < 0.55)
        t = prev + (int64_t)(S_unit() * (double)span);
    else if (k < 0.7)
        t = c->due + (int64_t)(S_unit() * 2 * (double)span);
    else if (k < 0.75)
        t = c->due + (int64_t)(S_unit() * 3650 * DAY);
    else if (k < 0.85)
        t = prev + (int64_t)(S_unit() * 30);
    else
        t = prev + (int64_t)(S_unit() * 2 * DAY);
    return t < prev ? prev : t;
}

/* Checks the properties of one preview (the four answers to `before` at `now`). */
static void S_check_preview(const vg_sched *s, const vg_sched_card *before, vg_time now,
                            const vg_sched_card out[4])
{
    bool fsrs = s->p.kind == VG_SCHED_FSRS;
    for (int i = 0; i < 4; i++) {
        const vg_sched_card *c = &out[i];
        assert_true(c->state != VG_CARD_NEW);
        assert_true(c->reps == before->reps + 1);
        assert_true(c->last_review == now);
        assert_true(c->due >= now);
        /* Intervals never exceed the maximum, with one exception kept from the reference:
         * on a Review card FSRS puts Good one day after Hard and Easy one day after Good even
         * when Hard is already at the maximum (ts-fsrs BasicScheduler.next_interval). */
        int32_t max = s->p.maximum_interval;
        if (fsrs && before->state == VG_CARD_REVIEW && i >= 2 && out[i - 1].scheduled_days >= max)
            max = out[i - 1].scheduled_days + 1;
        if (!(c->scheduled_days >= 0 && c->scheduled_days <= max))
            fail_msg("rating %d: %d scheduled days (state %d -> %d, S %.17g, elapsed %d)", i + 1,
                     c->scheduled_days, (int)before->state, (int)c->state, c->stability,
                     c->elapsed_days);
        assert_true(c->due - now <= (int64_t)max * DAY);
        if (fsrs) {
            if (!(c->difficulty >= 1 && c->difficulty <= 10))
                fail_msg("difficulty %.17g out of [1, 10]", c->difficulty);
            if (!(c->stability > 0 && c->stability <= 36500))
                fail_msg("stability %.17g out of (0, 36500]", c->stability);
        } else {
            assert_true(c->difficulty >= 1.3);
            assert_true(c->stability >= 0);
        }
        if (c->state == VG_CARD_REVIEW && c->due - now >= DAY)
            assert_true(c->scheduled_days >= 1);
    }
    /* Good never gives a shorter interval than Hard (in every state). */
    if (out[VG_GOOD - 1].due < out[VG_HARD - 1].due)
        fail_msg("Good due %lld before Hard due %lld (state %d)", (long long)out[2].due,
                 (long long)out[1].due, (int)before->state);
    /* On a Review card FSRS spaces Hard <= Good < Easy by whole days. */
    if (fsrs && before->state == VG_CARD_REVIEW) {
        assert_true(out[VG_HARD - 1].scheduled_days <= out[VG_GOOD - 1].scheduled_days);
        assert_true(out[VG_GOOD - 1].scheduled_days < out[VG_EASY - 1].scheduled_days);
    }
}

static void S_random_histories(vg_sched_kind kind, bool fuzz, bool short_term, int ncards)
{
    vg_sched s = S_make(kind, fuzz, short_term);
    for (int n = 0; n < ncards; n++) {
        char id[32];
        snprintf(id, sizeof id, "card-%d", n);
        vg_sched_card c;
        vg_sched_card_init(&c, id, strlen(id));
        vg_time now = 946684800 + (vg_time)(S_unit() * 35 * 365 * DAY);
        int reviews = 1 + (int)(S_unit() * 40);
        for (int r = 0; r < reviews; r++) {
            vg_sched_card out[4];
            vg_sched_preview(&s, &c, now, out);
            S_check_preview(&s, &c, now, out);
            vg_rating g = S_random_rating();
            vg_sched_card next;
            assert_true(vg_sched_next(&s, &c, g, now, &next));
            assert_memory_equal(&next, &out[g - 1], sizeof next); /* preview == next */
            c = next;
            now = S_random_time(&c, now);
        }
    }
}

static void test_properties_fsrs(void **state)
{
    (void)state;
    S_random_histories(VG_SCHED_FSRS, false, true, 2000);
    S_random_histories(VG_SCHED_FSRS, true, true, 2000);
    S_random_histories(VG_SCHED_FSRS, true, false, 500);
}

static void test_properties_sm2(void **state)
{
    (void)state;
    S_random_histories(VG_SCHED_SM2, false, true, 1000);
    S_random_histories(VG_SCHED_SM2, true, true, 1000);
}

/* JavaScript's Math.round, written with floor as the specification says; the scheduler's
 * branch-light version must agree on every double, signs of zero included. */
static double S_js_round_ref(double x)
{
    if (isnan(x) || isinf(x))
        return x;
    double r = floor(x);
    if (x - r >= 0.5)
        r += 1;
    return r == 0 ? copysign(0.0, x) : r;
}

static bool S_same_bits(double a, double b)
{
    uint64_t x, y;
    memcpy(&x, &a, sizeof x);
    memcpy(&y, &b, sizeof y);
    return x == y;
}

static void test_js_round(void **state)
{
    (void)state;
    static const double special[] = {
        0.49999999999999994,
        0.5,
        -0.5,
        -0.49999999999999994,
        1.5,
        2.5,
        -1.5,
        -2.5,
        0x1p52 - 0.5,
        0x1p52,
        0x1p52 + 1,
        0x1p53 + 2,
        -0x1p52 + 0.5,
        -0x1p52,
        0.0,
        -0.0,
        1e-300,
        -1e-300,
        0.9999999999999999,
        1.9999999999999998,
        4503599627370495.5,
        1e300,
        -1e300,
        INFINITY,
        -INFINITY,
    };
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++) {
        double got = vg_sched_js_round(special[i]), want = S_js_round_ref(special[i]);
        if (!S_same_bits(got, want))
            fail_msg("js_round(%.17g) = %.17g, want %.17g", special[i], got, want);
    }
    assert_true(isnan(vg_sched_js_round(NAN)));
    for (int i = 0; i < 3000000; i++) {
        uint64_t z = S_next_u64();
        double x;
        if (i % 3 == 0)
            memcpy(&x, &z, sizeof x); /* any bit pattern */
        else if (i % 3 == 1)
            x = (double)(int64_t)(z >> 20) / 1024.0 * ((z & 1) ? -1 : 1); /* near halves */
        else
            x = (S_unit() - 0.5) * 8;
        if (isnan(x))
            continue;
        double got = vg_sched_js_round(x), want = S_js_round_ref(x);
        if (!S_same_bits(got, want))
            fail_msg("js_round(%.17g) = %.17g, want %.17g", x, got, want);
    }
}

/* FNV-1a test vectors from the published reference (isthe.com/chongo/tech/comp/fnv). */
static void test_id_hash(void **state)
{
    (void)state;
    assert_true(vg_sched_id_hash("", 0) == 0xcbf29ce484222325u);
    assert_true(vg_sched_id_hash("a", 1) == 0xaf63dc4c8601ec8cu);
    assert_true(vg_sched_id_hash("foobar", 6) == 0x85944171f73967e8u);
}

static void test_fuzz_factor(void **state)
{
    (void)state;
    /* Pinned: a change here silently reschedules every user's cards. */
    uint64_t h = vg_sched_id_hash("a", 1);
    double u1 = vg_sched_fuzz_factor(h, 1), u2 = vg_sched_fuzz_factor(h, 2);
    assert_true(u1 >= 0 && u1 < 1 && u2 >= 0 && u2 < 1 && u1 != u2);
    assert_true(u1 == vg_sched_fuzz_factor(h, 1));
    char pinned[64];
    snprintf(pinned, sizeof pinned, "%.17g %.17g", u1, u2);
    assert_string_equal(pinned, "0.99812231904691207 0.99210651403097994");
    /* splitmix64's published first output for seed 0 is 0xe220a8397b1dcdaf */
    assert_true(vg_sched_fuzz_factor(0, 0) == (double)(0xe220a8397b1dcdafu >> 11) * 0x1p-53);
    /* Uniform enough: the mean of many factors is near 1/2, every tenth is used. */
    double sum = 0;
    int bins[10] = {0};
    for (int i = 0; i < 100000; i++) {
        char id[32];
        snprintf(id, sizeof id, "id%d", i % 1000);
        double u = vg_sched_fuzz_factor(vg_sched_id_hash(id, strlen(id)), i / 1000 + 1);
        assert_true(u >= 0 && u < 1);
        sum += u;
        bins[(int)(u * 10)]++;
    }
    assert_true(fabs(sum / 100000 - 0.5) < 0.01);
    for (int i = 0; i < 10; i++)
        assert_true(bins[i] > 9000 && bins[i] < 11000);
}

static void test_fuzz_range(void **state)
{
    (void)state;
    int32_t lo, hi;
    /* delta = 1 + 0.15 (min(I, 7) - 2.5) + 0.1 (min(I, 20) - 7) + 0.05 (I - 20), each >= 0 */
    vg_sched_fuzz_range(3, 0, 36500, &lo, &hi); /* delta 1.075 */
    assert_int_equal(lo, 2);
    assert_int_equal(hi, 4);
    vg_sched_fuzz_range(10, 0, 36500, &lo, &hi); /* delta 1.975 */
    assert_int_equal(lo, 8);
    assert_int_equal(hi, 12);
    vg_sched_fuzz_range(100, 0, 36500, &lo, &hi); /* delta 6.975 */
    assert_int_equal(lo, 93);
    assert_int_equal(hi, 107);
    vg_sched_fuzz_range(100, 0, 102, &lo, &hi); /* capped by the maximum */
    assert_int_equal(lo, 93);
    assert_int_equal(hi, 102);
    vg_sched_fuzz_range(10, 9, 36500, &lo, &hi); /* not before elapsed + 1 */
    assert_int_equal(lo, 10);
    assert_int_equal(hi, 12);
    vg_sched_fuzz_range(36500, 0, 36500, &lo, &hi);
    assert_int_equal(hi, 36500);
    assert_true(lo < hi);
}

/* The integer fuzz bounds of the review path equal the reference's floating-point ones for
 * every whole number of days, whatever the elapsed days and the maximum. */
static void test_fuzz_bounds_days(void **state)
{
    (void)state;
    static const int32_t maxima[] = {3, 30, 36500, VG_SCHED_MAX_IVL};
    for (size_t m = 0; m < sizeof maxima / sizeof maxima[0]; m++) {
        for (int32_t ivl = 3; ivl <= maxima[m]; ivl++) {
            int32_t elapsed[] = {0, ivl - 1, ivl, ivl + 5, (int32_t)(S_next_u64() % 100000)};
            for (size_t e = 0; e < sizeof elapsed / sizeof elapsed[0]; e++) {
                int32_t lo1, hi1, lo2, hi2;
                vg_sched_fuzz_range(ivl, elapsed[e], maxima[m], &lo1, &hi1);
                vg_sched_fuzz_bounds_days(ivl, elapsed[e], maxima[m], &lo2, &hi2);
                if (lo1 != lo2 || hi1 != hi2)
                    fail_msg("ivl %d elapsed %d max %d: [%d, %d] vs [%d, %d]", ivl, elapsed[e],
                             maxima[m], lo1, hi1, lo2, hi2);
            }
        }
    }
}

/* With fuzz on, a graduating card's interval lies in the reference's range around the
 * interval without fuzz, the same review gives the same result, and fuzz is really used. */
static void test_fuzz_schedules(void **state)
{
    (void)state;
    vg_sched plain = S_make(VG_SCHED_FSRS, false, true);
    vg_sched fuzzy = S_make(VG_SCHED_FSRS, true, true);
    int moved = 0;
    for (int n = 0; n < 3000; n++) {
        char id[32];
        snprintf(id, sizeof id, "fuzz-%d", n);
        vg_sched_card c;
        vg_sched_card_init(&c, id, strlen(id));
        vg_time now = T0 + (vg_time)n * 3600;
        /* Easy on a new card: S = w3 = 8.2956, interval 8 days before fuzz */
        for (int r = 0; r < 6; r++) {
            vg_sched_card a, b, b2;
            vg_rating g = r == 0 ? VG_EASY : (n + r) % 3 == 0 ? VG_HARD : VG_GOOD;
            assert_true(vg_sched_next(&plain, &c, g, now, &a));
            assert_true(vg_sched_next(&fuzzy, &c, g, now, &b));
            assert_true(vg_sched_next(&fuzzy, &c, g, now, &b2));
            assert_memory_equal(&b, &b2, sizeof b);
            assert_true(a.stability == b.stability && a.difficulty == b.difficulty);
            if (c.state == VG_CARD_NEW) {
                int32_t lo, hi;
                vg_sched_fuzz_range(a.scheduled_days, a.elapsed_days, 36500, &lo, &hi);
                assert_int_equal(a.scheduled_days, 8);
                assert_true(b.scheduled_days >= lo && b.scheduled_days <= hi);
            }
            if (a.scheduled_days != b.scheduled_days)
                moved++;
            /* keep following the fuzzed schedule: review on its due date */
            c = b;
            now = c.due;
        }
    }
    assert_true(moved > 3000);
}

static void test_rating_checked(void **state)
{
    (void)state;
    vg_sched s = S_make(VG_SCHED_FSRS, true, true);
    vg_sched_card c, out;
    vg_sched_card_init(&c, "x", 1);
    memset(&out, 0x5a, sizeof out);
    vg_sched_card before = out;
    assert_false(vg_sched_next(&s, &c, (vg_rating)0, T0, &out));
    assert_false(vg_sched_next(&s, &c, (vg_rating)5, T0, &out));
    assert_memory_equal(&out, &before, sizeof out);
}

/* A clock that went backwards counts as the same day; absurd states are repaired. */
static void test_robust_inputs(void **state)
{
    (void)state;
    vg_sched s = S_make(VG_SCHED_FSRS, true, true);
    vg_sched_card c;
    vg_sched_card_init(&c, "x", 1);
    assert_true(vg_sched_next(&s, &c, VG_GOOD, T0, &c));
    assert_true(vg_sched_next(&s, &c, VG_GOOD, T0 - 10 * DAY, &c));
    assert_int_equal(c.elapsed_days, 0);
    vg_sched_card bad = c;
    bad.state = VG_CARD_REVIEW;
    bad.difficulty = NAN;
    bad.stability = -5;
    vg_sched_card out[4];
    vg_sched_preview(&s, &bad, T0 + 100 * DAY, out);
    for (int i = 0; i < 4; i++) {
        assert_true(out[i].difficulty >= 1 && out[i].difficulty <= 10);
        assert_true(out[i].stability > 0);
    }
    bad.last_review = INT64_MIN;
    bad.step = -3;
    double r = vg_sched_retrievability(&s, &bad, INT64_MAX);
    assert_true(r >= 0 && r <= 1);
    vg_sched_preview(&s, &bad, INT64_MAX, out);
    for (int i = 0; i < 4; i++)
        assert_true(out[i].due == INT64_MAX);
}

static void test_params_invalid(void **state)
{
    (void)state;
    vg_sched_params p;
    vg_sched s;
    vg_error err;
    vg_sched_params_default(&p);
    p.desired_retention = 1;
    assert_int_equal(vg_sched_init(&s, &p, &err), VG_INVALID);
    vg_sched_params_default(&p);
    p.weights[7] = NAN;
    assert_int_equal(vg_sched_init(&s, &p, &err), VG_INVALID);
    assert_string_equal(err.msg, "weight w7 is not a finite number");
    vg_sched_params_default(&p);
    p.maximum_interval = 0;
    assert_int_equal(vg_sched_init(&s, &p, &err), VG_INVALID);
    vg_sched_params_default(&p);
    p.learning_steps[1] = 0;
    assert_int_equal(vg_sched_init(&s, &p, &err), VG_INVALID);
    assert_string_equal(err.msg, "learning step 2 out of range: 0 seconds");
    vg_sched_params_default(&p);
    p.n_relearning_steps = VG_SCHED_MAX_STEPS + 1;
    assert_int_equal(vg_sched_init(&s, &p, &err), VG_INVALID);
    /* weights out of range are clipped, as the reference does */
    vg_sched_params_default(&p);
    p.weights[4] = 50;
    p.weights[20] = 0;
    assert_int_equal(vg_sched_init(&s, &p, &err), VG_OK);
    assert_true(s.p.weights[4] == 10 && s.p.weights[20] == 0.1);
}

static void test_default_schedule(void **state)
{
    (void)state;
    /* The default FSRS-6 answers to a new card, as ts-fsrs gives them. */
    vg_sched s = S_make(VG_SCHED_FSRS, false, true);
    vg_sched_card c, out[4];
    vg_sched_card_init(&c, "x", 1);
    vg_sched_preview(&s, &c, T0, out);
    assert_int_equal(out[0].due - T0, 60);  /* Again: first step, 1m */
    assert_int_equal(out[1].due - T0, 360); /* Hard: between 1m and 10m, 6m */
    assert_int_equal(out[2].due - T0, 600); /* Good: next step, 10m */
    assert_int_equal(out[3].state, VG_CARD_REVIEW);
    assert_int_equal(out[3].scheduled_days, 8); /* Easy: round(w3 = 8.2956) days */
    assert_true(out[2].stability == 2.3065 && out[2].difficulty == 2.11810397);
    /* Retrievability: 0 while new, 1 right after a review, 0.9 after S days (S = 8.2956 for
     * Easy, so about 0.9 at 8 days and less later). */
    assert_true(vg_sched_retrievability(&s, &c, T0) == 0);
    assert_true(vg_sched_retrievability(&s, &out[3], T0) == 1);
    double r8 = vg_sched_retrievability(&s, &out[3], T0 + 8 * DAY);
    assert_true(r8 > 0.9 && r8 < 0.91);
    assert_true(vg_sched_retrievability(&s, &out[3], T0 + 30 * DAY) < r8);
    char buf[16];
    const char *want[4] = {"1m", "6m", "10m", "8d"};
    for (int i = 0; i < 4; i++) {
        vg_sched_format_interval(out[i].due - T0, buf, sizeof buf);
        assert_string_equal(buf, want[i]);
    }
}

static void test_format_interval(void **state)
{
    (void)state;
    static const struct {
        int64_t secs;
        const char *want;
    } cases[] = {
        {-5, "0s"},
        {0, "0s"},
        {45, "45s"},
        {60, "1m"},
        {89, "1m"},
        {90, "2m"},
        {600, "10m"},
        {3569, "59m"},
        {3570, "1h"},
        {3600, "1h"},
        {5400, "1.5h"},
        {86399, "1d"},
        {DAY, "1d"},
        {3 * DAY, "3d"},
        {30 * DAY, "30d"},
        {31 * DAY, "1mo"},
        {64 * DAY, "2.1mo"},
        {350 * DAY, "11.5mo"},
        {364 * DAY, "1y"},
        {365 * DAY, "1y"},
        {475 * DAY, "1.3y"},
        {36500 * DAY, "99.9y"},
        {INT64_MAX, "292271023045.3y"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[32];
        vg_sched_format_interval(cases[i].secs, buf, sizeof buf);
        if (strcmp(buf, cases[i].want) != 0)
            fail_msg("%lld s: got %s, want %s", (long long)cases[i].secs, buf, cases[i].want);
    }
}

/* --- SM-2, against cases worked by hand from the published definition ---------------------
 * I(1) = 1, I(2) = 6, I(n) = ceil(I(n-1) * EF); EF' = EF + 0.1 - (5-q)(0.08 + (5-q) 0.02),
 * EF >= 1.3; q < 3 restarts at I(1) keeping EF. Ratings: Again q=1, Hard 3, Good 4, Easy 5.
 * No steps and no fuzz, so every answer is a plain SM-2 repetition on its due date. */

static vg_sched S_sm2(int32_t max_ivl, bool steps)
{
    vg_sched_params p;
    vg_sched_params_default(&p);
    p.kind = VG_SCHED_SM2;
    p.enable_fuzz = false;
    p.maximum_interval = max_ivl;
    if (!steps)
        p.n_learning_steps = p.n_relearning_steps = 0;
    vg_sched s;
    assert_int_equal(vg_sched_init(&s, &p, NULL), VG_OK);
    return s;
}

static void S_sm2_case(const vg_sched *s, const char *ratings, const int *ivls, const double *efs)
{
    vg_sched_card c;
    vg_sched_card_init(&c, "sm2", 3);
    vg_time now = T0;
    for (size_t i = 0; ratings[i]; i++) {
        vg_rating g = (vg_rating)(ratings[i] - '0');
        assert_true(vg_sched_next(s, &c, g, now, &c));
        if (c.scheduled_days != ivls[i] || fabs(c.difficulty - efs[i]) > 1e-12)
            fail_msg("%s, answer %zu: got I=%d EF=%.17g, want I=%d EF=%g", ratings, i + 1,
                     c.scheduled_days, c.difficulty, ivls[i], efs[i]);
        assert_int_equal(c.state, VG_CARD_REVIEW);
        assert_true(c.stability == ivls[i]);
        assert_int_equal(c.due - now, (int64_t)ivls[i] * DAY);
        now = c.due;
    }
}

static void test_sm2_good(void **state)
{
    (void)state;
    vg_sched s = S_sm2(36500, false);
    /* q=4 leaves EF at 2.5: 1, 6, 6*2.5 = 15, 15*2.5 = 37.5 -> 38, 38*2.5 = 95 */
    S_sm2_case(&s, "33333", (const int[]){1, 6, 15, 38, 95},
               (const double[]){2.5, 2.5, 2.5, 2.5, 2.5});
}

static void test_sm2_easy(void **state)
{
    (void)state;
    vg_sched s = S_sm2(36500, false);
    /* q=5 adds 0.1 after each repetition; I(n) uses the EF before the answer:
     * 1, 6, 6*2.7 = 16.2 -> 17, 17*2.8 = 47.6 -> 48 */
    S_sm2_case(&s, "4444", (const int[]){1, 6, 17, 48}, (const double[]){2.6, 2.7, 2.8, 2.9});
}

static void test_sm2_hard_floor(void **state)
{
    (void)state;
    vg_sched s = S_sm2(36500, false);
    /* q=3 takes 0.14: EF 2.36, 2.22, 2.08, 1.94, 1.80, 1.66, 1.52, 1.38, then 1.3 (floor):
     * 1, 6, 6*2.22 = 13.32 -> 14, 14*2.08 = 29.12 -> 30, 30*1.94 = 58.2 -> 59,
     * 59*1.8 = 106.2 -> 107, 107*1.66 = 177.62 -> 178, 178*1.52 = 270.56 -> 271,
     * 271*1.38 = 373.98 -> 374, 374*1.3 = 486.2 -> 487 */
    S_sm2_case(&s, "2222222222", (const int[]){1, 6, 14, 30, 59, 107, 178, 271, 374, 487},
               (const double[]){2.36, 2.22, 2.08, 1.94, 1.8, 1.66, 1.52, 1.38, 1.3, 1.3});
}

static void test_sm2_lapse(void **state)
{
    (void)state;
    vg_sched s = S_sm2(36500, false);
    /* Again (q=1 < 3): back to I(1) = 1 day, n = 0, EF unchanged; the next success is the
     * first repetition again (I = 1), then I(2) = 6, then 6 * EF. */
    S_sm2_case(&s, "3431333", (const int[]){1, 6, 16, 1, 1, 6, 16},
               (const double[]){2.5, 2.6, 2.6, 2.6, 2.6, 2.6, 2.6});
}

static void test_sm2_mixed(void **state)
{
    (void)state;
    vg_sched s = S_sm2(36500, false);
    /* Easy (I 1, EF 2.6), Hard (I 6, EF 2.46), Good (6*2.46 = 14.76 -> 15), Easy (15*2.46 =
     * 36.9 -> 37, EF 2.56) */
    S_sm2_case(&s, "4234", (const int[]){1, 6, 15, 37}, (const double[]){2.6, 2.46, 2.46, 2.56});
}

static void test_sm2_maximum(void **state)
{
    (void)state;
    vg_sched s = S_sm2(30, false);
    S_sm2_case(&s, "33333", (const int[]){1, 6, 15, 30, 30},
               (const double[]){2.5, 2.5, 2.5, 2.5, 2.5});
}

static void test_sm2_steps(void **state)
{
    (void)state;
    /* With the default steps (1m 10m, relearning 10m) the steps come first: Good, Good
     * graduates (I(1) = 1 day), Good (6), Again relearns for 10 minutes (n = 0, a lapse),
     * Good graduates again at I(1). */
    vg_sched s = S_sm2(36500, true);
    vg_sched_card c;
    vg_sched_card_init(&c, "sm2", 3);
    assert_true(vg_sched_next(&s, &c, VG_GOOD, T0, &c));
    assert_int_equal(c.state, VG_CARD_LEARNING);
    assert_int_equal(c.due - T0, 600);
    assert_true(c.difficulty == 2.5);
    assert_true(vg_sched_next(&s, &c, VG_GOOD, c.due, &c));
    assert_int_equal(c.state, VG_CARD_REVIEW);
    assert_int_equal(c.scheduled_days, 1);
    assert_true(vg_sched_next(&s, &c, VG_GOOD, c.due, &c));
    assert_int_equal(c.scheduled_days, 6);
    vg_time t = c.due;
    assert_true(vg_sched_next(&s, &c, VG_AGAIN, t, &c));
    assert_int_equal(c.state, VG_CARD_RELEARNING);
    assert_int_equal(c.due - t, 600);
    assert_int_equal(c.lapses, 1);
    assert_int_equal(c.sm2_n, 0);
    assert_true(vg_sched_next(&s, &c, VG_HARD, c.due, &c)); /* Hard stays: 1.5 x 10m */
    assert_int_equal(c.state, VG_CARD_RELEARNING);
    assert_true(vg_sched_next(&s, &c, VG_GOOD, c.due, &c));
    assert_int_equal(c.state, VG_CARD_REVIEW);
    assert_int_equal(c.scheduled_days, 1);
    assert_true(c.difficulty == 2.5);
    assert_true(vg_sched_next(&s, &c, VG_GOOD, c.due, &c));
    assert_int_equal(c.scheduled_days, 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_js_round),         cmocka_unit_test(test_properties_fsrs),
        cmocka_unit_test(test_properties_sm2),   cmocka_unit_test(test_id_hash),
        cmocka_unit_test(test_fuzz_factor),      cmocka_unit_test(test_fuzz_range),
        cmocka_unit_test(test_fuzz_bounds_days), cmocka_unit_test(test_fuzz_schedules),
        cmocka_unit_test(test_rating_checked),   cmocka_unit_test(test_robust_inputs),
        cmocka_unit_test(test_params_invalid),   cmocka_unit_test(test_default_schedule),
        cmocka_unit_test(test_format_interval),  cmocka_unit_test(test_sm2_good),
        cmocka_unit_test(test_sm2_easy),         cmocka_unit_test(test_sm2_hard_floor),
        cmocka_unit_test(test_sm2_lapse),        cmocka_unit_test(test_sm2_mixed),
        cmocka_unit_test(test_sm2_maximum),      cmocka_unit_test(test_sm2_steps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
