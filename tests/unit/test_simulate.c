/* Choosing a desired retention: tiny cases worked out by hand (new cards under the two limits,
 * reviews oldest first under the review limit, the cards remembered from the forgetting
 * curve), the same numbers for the same seed, more minutes at higher retentions, the user's
 * shares and times from a fixed history (tests/fixtures/stats), SM-2 refused, the text. */
#define _GNU_SOURCE
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vgrev/simulate.h"

/* 2026-11-25T10:00:00Z, and the start of its study day (04:00 UTC). */
static const vg_time NOW = 1795600800;
static const vg_time DAY = VG_TIME_DAY;

/* n cards, the first `studied` in Review: stability S days, last reviewed `ago` days before
 * now, due `due_in` days from now (negative: overdue); every answer takes 10 s; always Easy
 * when new, Good when recalled; fuzz off. */
static void S_input(vg_sim_input *in, size_t n, size_t studied, double s, double ago, double due_in)
{
    memset(in, 0, sizeof *in);
    vg_sched_params_default(&in->params);
    in->params.enable_fuzz = false;
    in->now = NOW;
    in->start = NOW - 6 * 3600;
    in->new_per_day = 20;
    in->reviews_per_day = 200;
    for (int st = 0; st < 4; st++)
        for (int g = 0; g < 4; g++)
            in->cost[st][g] = 10;
    in->first_rating[VG_EASY - 1] = 1;
    in->step_rating[VG_GOOD - 1] = 1;
    in->recall_rating[VG_GOOD - 2] = 1;
    in->cards = calloc(n, sizeof *in->cards);
    assert_non_null(in->cards);
    in->ncards = n;
    in->new_cards = n - studied;
    for (size_t i = 0; i < n; i++) {
        char id[16];
        int len = snprintf(id, sizeof id, "c%zu", i);
        vg_sched_card *c = &in->cards[i];
        vg_sched_card_init(c, id, (size_t)len);
        if (i >= studied)
            continue;
        c->state = VG_CARD_REVIEW;
        c->stability = s;
        c->difficulty = 5;
        c->last_review = NOW - (vg_time)(ago * DAY);
        c->due = NOW + (vg_time)(due_in * DAY) + (vg_time)i; /* card 0 the oldest */
        c->scheduled_days = (int32_t)(c->due - c->last_review) / DAY;
        c->reps = 3;
    }
}

/* Three new cards, always Easy (a first interval of w3 = 8 days, longer than the run): two
 * on day 0, one on day 1; the cards remembered after 2 days are R(2 days) twice and R(1 day). */
static void test_new_cards_by_hand(void **state)
{
    (void)state;
    vg_sim_input in;
    S_input(&in, 3, 0, 0, 0, 0);
    in.new_per_day = 2;
    vg_sim_point p;
    assert_int_equal(vg_sim_run(&in, 0.9, 2, 1, &p, NULL), VG_OK);
    assert_float_equal(p.reviews, 1.5, 1e-12);
    assert_float_equal(p.minutes, 30.0 / 60 / 2, 1e-12);
    vg_sched s;
    assert_int_equal(vg_sched_init(&s, &in.params, NULL), VG_OK);
    double w3 = s.p.weights[3];
    double want = 2 * vg_sched_forgetting_curve(&s, 2, w3) + vg_sched_forgetting_curve(&s, 1, w3);
    assert_float_equal(p.remembered, want, 1e-9);
    assert_float_equal(vg_sim_remembered(&in, NOW), 0, 0); /* nothing learned yet */

    /* The review limit caps new cards too (as the session does): one a day. */
    in.reviews_per_day = 1;
    assert_int_equal(vg_sim_run(&in, 0.9, 2, 1, &p, NULL), VG_OK);
    assert_float_equal(p.reviews, 1.0, 1e-12);
    vg_sim_input_release(&in);
}

/* Three review cards due yesterday with a stability of 100 years (recalled, whatever the
 * draw): at 2 reviews a day, two on day 0, the third on day 1. */
static void test_review_limit_by_hand(void **state)
{
    (void)state;
    vg_sim_input in;
    S_input(&in, 3, 3, 36500, 2, -1);
    in.reviews_per_day = 2;
    vg_sim_point p;
    assert_int_equal(vg_sim_run(&in, 0.9, 1, 7, &p, NULL), VG_OK);
    assert_float_equal(p.reviews, 2.0, 1e-12);
    assert_float_equal(p.minutes, 20.0 / 60, 1e-12);
    assert_int_equal(vg_sim_run(&in, 0.9, 2, 7, &p, NULL), VG_OK);
    assert_float_equal(p.reviews, 1.5, 1e-12);
    /* All three remembered, at a recall probability of almost 1. */
    assert_true(p.remembered > 2.999 && p.remembered <= 3);
    assert_true(fabs(vg_sim_remembered(&in, NOW) - 3) < 1e-3);
    vg_sim_input_release(&in);
}

/* A mixed deck: 600 cards studied (stabilities 1 to 200 days, due over the next weeks), 400
 * new; the user's default shares. */
static void S_deck(vg_sim_input *in)
{
    S_input(in, 1000, 600, 1, 0, 0);
    static const double first[4] = {0.24, 0.094, 0.495, 0.171}, recall[3] = {0.224, 0.631, 0.145};
    memcpy(in->first_rating, first, sizeof first);
    memcpy(in->step_rating, first, sizeof first);
    memcpy(in->recall_rating, recall, sizeof recall);
    in->params.enable_fuzz = true;
    for (size_t i = 0; i < 600; i++) {
        vg_sched_card *c = &in->cards[i];
        c->stability = 1 + (double)(i % 200);
        c->difficulty = 1 + (double)(i % 9);
        c->last_review = NOW - (vg_time)(i % 30) * DAY;
        c->due = c->last_review + (vg_time)(c->stability * DAY);
        c->scheduled_days = (int32_t)c->stability;
    }
}

static void test_same_seed_same_numbers(void **state)
{
    (void)state;
    vg_sim_input in;
    S_deck(&in);
    vg_sim_result a, b, c;
    assert_int_equal(vg_sim_retentions(&in, 42, &a, NULL), VG_OK);
    assert_int_equal(vg_sim_retentions(&in, 42, &b, NULL), VG_OK);
    assert_memory_equal(&a, &b, sizeof a);
    assert_int_equal(vg_sim_retentions(&in, 43, &c, NULL), VG_OK);
    assert_true(memcmp(a.point, c.point, sizeof a.point) != 0);
    assert_int_equal(a.seed, 42);
    assert_int_equal(a.cards, 1000);
    assert_int_equal(a.new_cards, 400);
    vg_sim_input_release(&in);
}

/* Higher retention costs more minutes and keeps more cards (over every 5 points: neighbours
 * may trade places by chance); the efficient range holds the best gain. */
static void test_higher_retention_more_minutes(void **state)
{
    (void)state;
    vg_sim_input in;
    S_deck(&in);
    vg_sim_result r;
    assert_int_equal(vg_sim_retentions(&in, VG_SIM_SEED, &r, NULL), VG_OK);
    for (size_t k = 0; k + 5 < VG_SIM_NRET; k++) {
        if (!(r.point[k + 5].minutes > r.point[k].minutes))
            fail_msg("%.0f%%: %.3f min, %.0f%%: %.3f min", 100 * r.point[k].retention,
                     r.point[k].minutes, 100 * r.point[k + 5].retention, r.point[k + 5].minutes);
        assert_true(r.point[k + 5].remembered > r.point[k].remembered);
    }
    assert_float_equal(r.point[0].retention, 0.70, 1e-12);
    assert_float_equal(r.point[VG_SIM_NRET - 1].retention, 0.97, 1e-12);
    assert_true(r.lo <= r.best && r.best <= r.hi && r.hi < VG_SIM_NRET);
    for (size_t k = 0; k < VG_SIM_NRET; k++) {
        bool in_range = k >= r.lo && k <= r.hi;
        assert_int_equal(r.point[k].efficient, in_range);
        assert_true(r.point[k].gain <= r.point[r.best].gain);
        if (in_range)
            assert_true(r.point[k].gain >= VG_SIM_EFFICIENT * r.point[r.best].gain);
    }
    assert_true(r.lo == 0 || r.point[r.lo - 1].gain < VG_SIM_EFFICIENT * r.point[r.best].gain);

    vg_buf b = VG_BUF_INIT;
    vg_sim_format(&r, 80, &b);
    const char *s = vg_buf_str(&b);
    assert_false(b.failed);
    assert_non_null(strstr(s, "  1000 cards, 400 of them new; at most 20 new cards and 200 "
                              "reviews a day;\n"));
    assert_non_null(strstr(s, "Minutes of study a day\n"));
    assert_non_null(strstr(s, "Cards remembered at the end\n"));
    assert_non_null(strstr(s, "         70%       75%       80%       85%       90%       95%\n"));
    assert_non_null(strstr(s, "  best\n"));
    assert_non_null(strstr(s, "▀ efficient\n"));
    vg_buf_release(&b);
    vg_sim_input_release(&in);
}

static void test_sm2_refused(void **state)
{
    (void)state;
    vg_sim_input in;
    S_input(&in, 1, 0, 0, 0, 0);
    in.params.kind = VG_SCHED_SM2;
    vg_sim_point p;
    vg_error err;
    assert_int_equal(vg_sim_run(&in, 0.9, 1, 1, &p, &err), VG_INVALID);
    assert_non_null(strstr(err.msg, "SM-2"));
    vg_sim_input_release(&in);
}

static const char *S_fixture(const char *name)
{
    static char path[1024];
    const char *dir = getenv("VG_FIXTURES");
    snprintf(path, sizeof path, "%s/stats/%s", dir ? dir : "tests/fixtures", name);
    return path;
}

/* The stats fixture: 8 cards, LSTM suspended (left out, its answers counted), Saturation new.
 * First answers: Again 1, Good 3, Easy 3 (LSTM's Good included), blended with λ = 7 / 57.
 * Recalls in Review: Good 4, Hard 1 (Again not counted). No answer times: the defaults. */
static void test_input_from_history(void **state)
{
    (void)state;
    vg_deck *deck;
    vg_store *store;
    vg_error err;
    if (vg_deck_load(S_fixture("deck.md"), &deck, &err) != VG_OK)
        fail_msg("deck: %s", err.msg);
    vg_store_opts so = {.write = false, .who = NULL, .journal_limit = 0};
    if (vg_store_open(S_fixture("progress.yaml"), &so, &store, &err) != VG_OK)
        fail_msg("%s", err.msg);
    vg_sched_params sp;
    vg_sched_params_default(&sp);
    sp.desired_retention = 0.85;
    vg_sched sched;
    assert_int_equal(vg_sched_init(&sched, &sp, NULL), VG_OK);
    vg_session_deck d = {deck, "deck"};
    vg_session_opts o;
    vg_session_opts_default(&o, NOW);
    o.new_per_day = 7;
    o.reviews_per_day = 70;
    vg_session *ses;
    assert_int_equal(vg_session_open(&d, 1, store, &sched, &o, &ses, &err), VG_OK);

    vg_sim_input in;
    assert_int_equal(vg_sim_input_from_session(ses, 0, NOW, &in, &err), VG_OK);
    assert_int_equal(in.ncards, 7);
    assert_int_equal(in.new_cards, 1);
    assert_int_equal(in.cards[in.ncards - 1].state, VG_CARD_NEW);
    assert_int_equal(in.new_per_day, 7);
    assert_int_equal(in.reviews_per_day, 70);
    assert_float_equal(in.params.desired_retention, 0.85, 0);
    assert_int_equal(in.start, NOW - 6 * 3600);
    assert_int_equal(in.timed, 0);
    assert_float_equal(in.cost[VG_CARD_REVIEW][VG_GOOD - 1], 12.38, 1e-12);
    assert_float_equal(in.cost[VG_CARD_NEW][VG_AGAIN - 1], 19.58, 1e-12);
    double l = 7.0 / 57.0;
    assert_float_equal(in.first_rating[0], l * 1 / 7 + (1 - l) * 0.24, 1e-12);
    assert_float_equal(in.first_rating[1], (1 - l) * 0.094, 1e-12);
    assert_float_equal(in.first_rating[2], l * 3 / 7 + (1 - l) * 0.495, 1e-12);
    assert_float_equal(in.first_rating[3], l * 3 / 7 + (1 - l) * 0.171, 1e-12);
    double m = 5.0 / 55.0;
    assert_float_equal(in.recall_rating[0], m * 1 / 5 + (1 - m) * 0.224, 1e-12);
    assert_float_equal(in.recall_rating[1], m * 4 / 5 + (1 - m) * 0.631, 1e-12);
    vg_sim_input_release(&in);
    assert_int_equal(vg_sim_input_from_session(ses, 1, NOW, &in, &err), VG_INVALID);
    vg_sim_input_release(&in); /* nothing to free, and safe */
    vg_session_free(ses);
    vg_store_free(store);
    vg_deck_free(deck);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_cards_by_hand),
        cmocka_unit_test(test_review_limit_by_hand),
        cmocka_unit_test(test_same_seed_same_numbers),
        cmocka_unit_test(test_higher_retention_more_minutes),
        cmocka_unit_test(test_sm2_refused),
        cmocka_unit_test(test_input_from_history),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
