/* Statistics: every number of tests/fixtures/stats (a fixed history read at a fixed time),
 * worked out by hand; forecast days and histograms from cached states with known values; the
 * rollover in another time zone; records carried over to an edited card; the charts' text. */
#define _GNU_SOURCE
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "stats/stats_int.h"
#include "vgrev/stats.h"
#include "vgrev/utf8.h"

/* 2026-11-25T10:00:00Z, a Wednesday: the fixture's "now". */
static const vg_time NOW = 1795600800;
/* 2026-11-25T04:00:00Z: the start of its study day in UTC. */
static const vg_time TODAY = 1795600800 - 6 * 3600;
static const vg_time DAY = VG_TIME_DAY;

static vg_time S_t(const char *iso)
{
    vg_time t;
    assert_int_equal(vg_time_parse(iso, strlen(iso), &t, NULL), VG_OK);
    return t;
}

static const char *S_fixture(const char *name)
{
    static char path[1024];
    const char *dir = getenv("VG_FIXTURES");
    snprintf(path, sizeof path, "%s/stats/%s", dir ? dir : "tests/fixtures", name);
    return path;
}

typedef struct fx {
    vg_deck *deck;
    vg_store *store;
    vg_sched sched;
    vg_session *ses;
    vg_stats st;
} fx;

static void S_open_session(fx *f, vg_time now, int32_t offset)
{
    vg_error err;
    vg_session_deck d = {f->deck, "deck"};
    vg_session_opts o;
    vg_session_opts_default(&o, now);
    o.utc_offset = offset;
    if (vg_session_open(&d, 1, f->store, &f->sched, &o, &f->ses, &err) != VG_OK)
        fail_msg("session: %s", err.msg);
    if (vg_stats_compute(f->ses, 0, now, &f->st, &err) != VG_OK)
        fail_msg("stats: %s", err.msg);
}

static void S_load_deck(fx *f)
{
    vg_error err;
    if (vg_deck_load(S_fixture("deck.md"), &f->deck, &err) != VG_OK)
        fail_msg("deck: %s", err.msg);
    vg_sched_params p;
    vg_sched_params_default(&p);
    assert_int_equal(vg_sched_init(&f->sched, &p, NULL), VG_OK);
}

/* The fixture deck and progress file at `now`. */
static void S_open(fx *f, vg_time now, int32_t offset)
{
    memset(f, 0, sizeof *f);
    S_load_deck(f);
    vg_store_opts so = {.write = false, .who = NULL, .journal_limit = 0};
    vg_error err;
    if (vg_store_open(S_fixture("progress.yaml"), &so, &f->store, &err) != VG_OK)
        fail_msg("%s:%u:%u: %s", err.file, err.line, err.col, err.msg);
    S_open_session(f, now, offset);
}

/* The fixture deck with a progress file given as text; "@TAG@" in it becomes the tag of the
 * default scheduler, so that cached states are trusted as written. */
static void S_open_text(fx *f, const char *yaml, vg_time now, int32_t offset)
{
    memset(f, 0, sizeof *f);
    S_load_deck(f);
    char tag[40];
    vg_session_sched_tag(&f->sched, tag);
    size_t cap = strlen(yaml) + 64;
    char *text = malloc(cap);
    assert_non_null(text);
    const char *at = strstr(yaml, "@TAG@");
    if (at)
        snprintf(text, cap, "%.*s%s%s", (int)(at - yaml), yaml, tag, at + 5);
    else
        snprintf(text, cap, "%s", yaml);
    f->store = vg_store_new();
    vg_error err;
    if (vg_store_parse(f->store, text, strlen(text), "test.yaml", 0, &err) != VG_OK)
        fail_msg("%s:%u:%u: %s", err.file, err.line, err.col, err.msg);
    free(text);
    S_open_session(f, now, offset);
}

static void S_close(fx *f)
{
    vg_session_free(f->ses);
    vg_store_free(f->store);
    vg_deck_free(f->deck);
}

/* ---- the fixture, number by number ---- */

static void test_counts(void **state)
{
    (void)state;
    fx f;
    S_open(&f, NOW, 0);
    const vg_stats_counts *k = &f.st.counts;
    assert_int_equal(k->cards, 8);
    assert_int_equal(k->new_cards, 1);  /* Saturation */
    assert_int_equal(k->learning, 1);   /* Chain rule: Again today */
    assert_int_equal(k->review, 3);     /* Vanishing gradient, Residual connections, ReLU */
    assert_int_equal(k->relearning, 1); /* Exploding gradient: Again today */
    assert_int_equal(k->suspended, 1);  /* LSTM */
    assert_int_equal(k->buried, 1);     /* Gradient clipping */
    assert_int_equal(k->mature, 1);     /* Vanishing gradient */
    assert_int_equal(k->orphans, 1);    /* Removed card */
    S_close(&f);
}

static void S_expect_period(const vg_stats_period *p, size_t reviews, size_t cards, size_t first,
                            size_t learning, size_t review, size_t passed, size_t relearning,
                            size_t again)
{
    assert_int_equal(p->reviews, reviews);
    assert_int_equal(p->cards, cards);
    assert_int_equal(p->first, first);
    assert_int_equal(p->learning, learning);
    assert_int_equal(p->review, review);
    assert_int_equal(p->review_passed, passed);
    assert_int_equal(p->relearning, relearning);
    assert_int_equal(p->again, again);
    assert_int_equal(p->first + p->learning + p->review + p->relearning, p->reviews);
}

static void test_periods_and_retention(void **state)
{
    (void)state;
    fx f;
    S_open(&f, NOW, 0);
    const vg_stats_period *p = f.st.period;
    assert_int_equal(f.st.today, TODAY);
    assert_int_equal(p[VG_STATS_TODAY].start, TODAY);
    assert_int_equal(p[VG_STATS_TODAY].end, TODAY + DAY);
    assert_int_equal(p[VG_STATS_WEEK].start, TODAY - 6 * DAY);
    assert_int_equal(p[VG_STATS_MONTH].start, TODAY - 29 * DAY);
    /* Today: Exploding gradient Again in review, Chain rule Again when new, Residual
     * connections Hard in review. */
    S_expect_period(&p[VG_STATS_TODAY], 3, 3, 1, 0, 2, 1, 0, 2);
    /* 7 days (from Nov 19, 04:00): + Vanishing gradient Good (Nov 20) and Exploding gradient
     * Good (Nov 24), both in review; the removed card's answer of Nov 20 is not counted. */
    S_expect_period(&p[VG_STATS_WEEK], 5, 4, 1, 0, 4, 3, 0, 2);
    /* 30 days (from Oct 27): + Exploding gradient Easy when new, Again in review, Good in
     * relearning; Gradient clipping and ReLU Easy when new; Residual connections Good when new
     * and Good in learning. */
    S_expect_period(&p[VG_STATS_MONTH], 12, 6, 5, 1, 5, 3, 1, 3);
    /* All: + Vanishing gradient new, learning, review, review (September); LSTM new,
     * learning. */
    S_expect_period(&p[VG_STATS_ALL], 18, 7, 7, 3, 7, 5, 1, 3);
    S_close(&f);
}

static void S_expect_tr(const vg_stats_tr *t, size_t young_passed, size_t young_failed,
                        size_t mature_passed, size_t mature_failed)
{
    assert_int_equal(t->young_passed, young_passed);
    assert_int_equal(t->young_failed, young_failed);
    assert_int_equal(t->mature_passed, mature_passed);
    assert_int_equal(t->mature_failed, mature_failed);
}

/* The answers to cards in Review of the fixture: Vanishing gradient Good on Sep 12 and Sep 30
 * (young), Nov 20 (mature: it is the deck's one mature card); Exploding gradient Again on
 * Nov 10, Good on Nov 24, Again today; Residual connections Hard today. */
static void test_true_retention(void **state)
{
    (void)state;
    fx f;
    S_open(&f, NOW, 0);
    const vg_stats_tr *t = f.st.tr;
    assert_int_equal(t[VG_STATS_TR_TODAY].start, TODAY);
    assert_int_equal(t[VG_STATS_TR_TODAY].end, TODAY + DAY);
    assert_int_equal(t[VG_STATS_TR_YESTERDAY].start, TODAY - DAY);
    assert_int_equal(t[VG_STATS_TR_YESTERDAY].end, TODAY);
    assert_int_equal(t[VG_STATS_TR_WEEK].start, TODAY - 6 * DAY);
    assert_int_equal(t[VG_STATS_TR_MONTH].start, TODAY - 29 * DAY);
    assert_int_equal(t[VG_STATS_TR_YEAR].start, TODAY - 364 * DAY);
    assert_int_equal(t[VG_STATS_TR_ALL].end, TODAY + DAY);
    S_expect_tr(&t[VG_STATS_TR_TODAY], 1, 1, 0, 0);
    S_expect_tr(&t[VG_STATS_TR_YESTERDAY], 1, 0, 0, 0);
    S_expect_tr(&t[VG_STATS_TR_WEEK], 2, 1, 1, 0);
    S_expect_tr(&t[VG_STATS_TR_MONTH], 2, 2, 1, 0);
    S_expect_tr(&t[VG_STATS_TR_YEAR], 4, 2, 1, 0);
    S_expect_tr(&t[VG_STATS_TR_ALL], 4, 2, 1, 0);
    assert_float_equal(vg_stats_pass_rate(5, 2), 5.0 / 7.0, 1e-12);
    assert_true(vg_stats_pass_rate(0, 0) < 0);
    assert_float_equal(f.st.desired_retention, 0.9, 0);

    vg_buf b = VG_BUF_INIT;
    vg_stats_format_retention(&f.st, &b);
    assert_string_equal(
        vg_buf_str(&b),
        "True retention (desired retention 90%)\n"
        "                                young               mature                  all\n"
        "                    pass  fail   rate    pass  fail   rate    pass  fail   rate\n"
        "  today                1     1  50.0%       0     0      -       1     1  50.0%\n"
        "  yesterday            1     0 100.0%       0     0      -       1     0 100.0%\n"
        "  last 7 days          2     1  66.7%       1     0 100.0%       3     1  75.0%\n"
        "  last 30 days         2     2  50.0%       1     0 100.0%       3     2  60.0%\n"
        "  last 365 days        4     2  66.7%       1     0 100.0%       5     2  71.4%\n"
        "  all time             4     2  66.7%       1     0 100.0%       5     2  71.4%\n"
        "  (answers to cards in review, a card's first of the day; young: an interval\n"
        "  under 21 days; pass: Hard, Good or Easy; fail: Again)\n");
    vg_buf_release(&b);
    S_close(&f);
}

/* A card answered in Review on both sides of 04:00 and twice in one study day; a card reset
 * to new, whose answers after the reset start from a New card again. */
static const char S_tr_log[] = "version: 1\n"
                               "cards:\n"
                               "- id: 6385366db22b9f90\n"
                               "  deck: deck\n"
                               "  reviews:\n"
                               "  - {t: 2026-11-01T08:00:00Z, rating: 4}\n"
                               "  - {t: 2026-11-24T03:00:00Z, rating: 3}\n" /* Nov 23's day */
                               "  - {t: 2026-11-24T05:00:00Z, rating: 1}\n" /* yesterday */
                               "  - {t: 2026-11-24T05:10:00Z, rating: 3}\n" /* relearning */
                               "  - {t: 2026-11-25T05:00:00Z, rating: 3}\n" /* today */
                               "  - {t: 2026-11-25T06:00:00Z, rating: 1}\n" /* 2nd today */
                               "- id: a03c3d7041c2fe21\n"
                               "  deck: deck\n"
                               "  reset_at: 2026-11-21T00:00:00Z\n"
                               "  reviews:\n"
                               "  - {t: 2026-11-01T08:00:00Z, rating: 4}\n"
                               "  - {t: 2026-11-20T08:00:00Z, rating: 3}\n"
                               "  - {t: 2026-11-22T08:00:00Z, rating: 4}\n" /* New again */
                               "  - {t: 2026-11-25T08:00:00Z, rating: 1}\n";

static void test_true_retention_days_and_reset(void **state)
{
    (void)state;
    fx f;
    S_open_text(&f, S_tr_log, NOW, 0);
    /* The intervals before each answer, from the scheduler: young, then mature before
     * yesterday's Again (73 days), young again after the lapse. */
    vg_card_info_review *v;
    vg_sched_card last;
    const vg_session_card *a = vg_session_card_at(f.ses, 0, 0);
    assert_true(vg_card_info_replay(&f.sched, a->rec, &v, &last));
    assert_int_equal(v[1].state, VG_CARD_REVIEW);
    assert_int_equal(v[2].state, VG_CARD_REVIEW);
    assert_int_equal(v[3].state, VG_CARD_RELEARNING);
    assert_int_equal(v[4].state, VG_CARD_REVIEW);
    assert_int_equal(v[5].state, VG_CARD_REVIEW);
    assert_int_equal(v[0].interval / DAY, 10);
    assert_int_equal(v[1].interval / DAY, 73);
    assert_int_equal(v[3].interval / DAY, 19);
    free(v);
    const vg_session_card *b = vg_session_card_at(f.ses, 0, 1);
    assert_true(vg_card_info_replay(&f.sched, b->rec, &v, &last));
    assert_int_equal(v[2].state, VG_CARD_NEW);
    assert_int_equal(v[3].state, VG_CARD_REVIEW);
    assert_true(v[0].interval < VG_STATS_MATURE_DAYS * DAY);
    assert_true(v[2].interval < VG_STATS_MATURE_DAYS * DAY);
    /* A: Nov 23's Good (young), yesterday's Again (mature), today's Good (young); today's
     * second answer, an Again, is not counted. B: Good on Nov 20 (young); after the reset
     * Easy when New (not counted), then Again today in Review (young). */
    const vg_stats_tr *t = f.st.tr;
    S_expect_tr(&t[VG_STATS_TR_TODAY], 1, 1, 0, 0);
    S_expect_tr(&t[VG_STATS_TR_YESTERDAY], 0, 0, 0, 1);
    S_expect_tr(&t[VG_STATS_TR_WEEK], 3, 1, 0, 1);
    S_expect_tr(&t[VG_STATS_TR_ALL], 3, 1, 0, 1);
    assert_int_equal(f.st.period[VG_STATS_ALL].first, 3); /* the reset's New answer too */
    free(v);
    S_close(&f);
}

static void test_heat_map(void **state)
{
    (void)state;
    fx f;
    S_open(&f, NOW, 0);
    /* Wednesday of the 12th week: 11 weeks of 7 days, then Mon, Tue, Wed. */
    assert_int_equal(f.st.heat_today, 79);
    assert_int_equal(f.st.heat_start, S_t("2026-09-07T04:00:00Z")); /* a Monday */
    size_t want[VG_STATS_HEAT_DAYS] = {0};
    want[1] = 2;  /* Sep 8 */
    want[5] = 1;  /* Sep 12 */
    want[23] = 1; /* Sep 30 */
    want[24] = 2; /* Oct 1 */
    want[55] = 2; /* Nov 1 */
    want[64] = 2; /* Nov 10 */
    want[69] = 1; /* Nov 15 */
    want[72] = 2; /* Nov 18 */
    want[74] = 1; /* Nov 20 (the removed card's answer is not there) */
    want[78] = 1; /* Nov 24 */
    want[79] = 3; /* Nov 25 */
    size_t total = 0;
    for (size_t i = 0; i < VG_STATS_HEAT_DAYS; i++) {
        if (f.st.heat[i] != want[i])
            fail_msg("heat[%zu] = %zu, want %zu", i, f.st.heat[i], want[i]);
        total += f.st.heat[i];
    }
    assert_int_equal(total, f.st.period[VG_STATS_ALL].reviews);
    assert_int_equal(f.st.heat_max, 3);

    vg_buf b = VG_BUF_INIT;
    vg_stats_format_heatmap(&f.st, &b);
    assert_string_equal(vg_buf_str(&b),
                        "Reviews per day, last 12 weeks (2026-09-07 to 2026-11-25)\n"
                        "       Sep     Oct     Nov\n"
                        "  Mon  · · · · · · · · · · · ·\n"
                        "  Tue  ▓ · · · · · · · · ▓ · ▒\n"
                        "  Wed  · · · ▒ · · · · · · ▓ █\n"
                        "  Thu  · · · ▓ · · · · · · ·\n"
                        "  Fri  · · · · · · · · · · ▒\n"
                        "  Sat  ▒ · · · · · · · · · ·\n"
                        "  Sun  · · · · · · · ▓ · ▒ ·\n"
                        "  · none  ▒ 1  ▓ 2  █ 3   (reviews on 11 of 80 days)\n");
    vg_buf_release(&b);
    S_close(&f);
}

static void test_forecast(void **state)
{
    (void)state;
    fx f;
    S_open(&f, NOW, 0);
    /* The states the scheduler gives the fixture's logs: */
    vg_sched_card c;
    vg_session_card_state(f.ses, vg_session_card_at(f.ses, 0, 6), &c); /* Residual */
    assert_int_equal(c.state, VG_CARD_REVIEW);
    assert_int_equal(c.due, S_t("2026-12-10T07:00:00Z"));
    vg_session_card_state(f.ses, vg_session_card_at(f.ses, 0, 7), &c); /* ReLU */
    assert_int_equal(c.due, S_t("2026-11-07T08:00:00Z"));
    vg_session_card_state(f.ses, vg_session_card_at(f.ses, 0, 0), &c); /* Vanishing */
    assert_true(c.due >= TODAY + 30 * DAY);
    vg_session_card_state(f.ses, vg_session_card_at(f.ses, 0, 5), &c); /* Clipping, buried */
    assert_true(c.due < TODAY);

    size_t want[VG_STATS_FORECAST_DAYS] = {0};
    want[0] = 3;  /* Exploding gradient (09:10), Chain rule (09:31), ReLU (overdue) */
    want[1] = 1;  /* Gradient clipping: due Nov 23, buried until Nov 26 04:00 */
    want[15] = 1; /* Residual connections, Dec 10 */
    for (size_t i = 0; i < VG_STATS_FORECAST_DAYS; i++)
        if (f.st.forecast[i] != want[i])
            fail_msg("forecast[%zu] = %zu, want %zu", i, f.st.forecast[i], want[i]);
    assert_int_equal(f.st.overdue, 1);
    assert_int_equal(f.st.later, 1); /* Vanishing gradient; LSTM is suspended, Saturation new */

    /* The bars: 3 is the full height of 6 rows (48 eighths), 1 a third of it (16). */
    vg_buf b = VG_BUF_INIT;
    vg_stats_format_forecast(&f.st, 80, &b);
    assert_string_equal(vg_buf_str(&b),
                        "Due forecast, next 30 days (today includes 1 overdue)\n"
                        "  today 3, tomorrow 1, 7 days 4, 30 days 5, later 1\n"
                        "  3 ┤█\n"
                        "    │█\n"
                        "    │█\n"
                        "    │█\n"
                        "    │█ █                           █\n"
                        "    │█ █                           █\n"
                        "  0 └────────────────────────────────────────────────────────────\n"
                        "     11-25         12-02         12-09         12-16         12-23\n");
    /* Narrow: one column per day (day 15 in column 15). */
    vg_buf_clear(&b);
    vg_stats_format_forecast(&f.st, 50, &b);
    assert_non_null(strstr(vg_buf_str(&b), "    │██             █\n"));
    assert_non_null(strstr(vg_buf_str(&b), "     11-25  12-02  12-09  12-16  12-23\n"));
    vg_buf_release(&b);
    S_close(&f);
}

static void test_text_is_whole_and_clean(void **state)
{
    (void)state;
    fx f;
    S_open(&f, NOW, 0);
    vg_buf b = VG_BUF_INIT;
    vg_stats_format(&f.st, 80, &b);
    const char *s = vg_buf_str(&b);
    assert_false(b.failed);
    assert_non_null(strstr(s, "Cards                8\n"));
    assert_non_null(strstr(s, "  review             3   (1 mature: an interval of 21 days or "
                              "more)\n"));
    assert_non_null(strstr(s, "1 progress record of this deck matches no card"));
    assert_non_null(strstr(s, "  answers                 3        5       12       18\n"));
    assert_non_null(
        strstr(s, "  all time             4     2  66.7%       1     0 100.0%       5     2  "
                  "71.4%\n"));
    /* No control character but newlines, no trailing space, no line wider than 80. */
    size_t col = 0;
    for (size_t i = 0; i < b.len;) {
        uint32_t cp;
        size_t n = vg_utf8_decode(s + i, b.len - i, &cp);
        if (cp == '\n') {
            assert_true(i == 0 || s[i - 1] != ' ');
            col = 0;
        } else {
            assert_true(vg_char_width(cp) >= 0);
            col += (size_t)vg_char_width(cp);
            assert_true(col <= 80);
        }
        i += n;
    }
    vg_buf_release(&b);
    S_close(&f);
}

/* ---- cached states: forecast days at their edges, histograms, median and mean ---- */

static const char S_cached[] =
    "version: 1\n"
    "scheduler: \"@TAG@\"\n"
    "cards:\n"
    /* Vanishing gradient: review, due just before tomorrow's rollover: today */
    "- {id: 6385366db22b9f90, deck: deck, state: review, due: 2026-11-26T03:59:59Z,\n"
    "   last_review: 2026-11-01T00:00:00Z, stability: 0.5, difficulty: 1.0, scheduled_days: 25,\n"
    "   elapsed_days: 0, reps: 1, lapses: 0, step: 0, reviews: [{t: 2025-01-01T00:00:00Z, "
    "rating: 3}]}\n"
    /* Exploding gradient: at the rollover: tomorrow */
    "- {id: a03c3d7041c2fe21, deck: deck, state: review, due: 2026-11-26T04:00:00Z,\n"
    "   last_review: 2026-11-01T00:00:00Z, stability: 3, difficulty: 4.5, scheduled_days: 20,\n"
    "   elapsed_days: 0, reps: 1, lapses: 0, step: 0, reviews: [{t: 2025-01-01T00:00:00Z, "
    "rating: 3}]}\n"
    /* Chain rule: yesterday's day, 03:59 this morning: overdue */
    "- {id: b20c7ec6d2c8726a, deck: deck, state: review, due: 2026-11-25T03:59:00Z,\n"
    "   last_review: 2026-11-01T00:00:00Z, stability: 10, difficulty: 5.5, scheduled_days: 21,\n"
    "   elapsed_days: 0, reps: 1, lapses: 0, step: 0, reviews: [{t: 2025-01-01T00:00:00Z, "
    "rating: 3}]}\n"
    /* Saturation: the last day of the forecast */
    "- {id: 60be020a15f9d163, deck: deck, state: review, due: 2026-12-25T03:59:59Z,\n"
    "   last_review: 2026-11-01T00:00:00Z, stability: 10, difficulty: 10, scheduled_days: 50,\n"
    "   elapsed_days: 0, reps: 1, lapses: 0, step: 0, reviews: [{t: 2025-01-01T00:00:00Z, "
    "rating: 3}]}\n"
    /* LSTM: the day after it: later */
    "- {id: 4bcddd87c2770b08, deck: deck, state: review, due: 2026-12-25T04:00:00Z,\n"
    "   last_review: 2026-11-01T00:00:00Z, stability: 400, difficulty: 9.99, scheduled_days: 54,\n"
    "   elapsed_days: 0, reps: 1, lapses: 0, step: 0, reviews: [{t: 2025-01-01T00:00:00Z, "
    "rating: 3}]}\n"
    /* Gradient clipping: suspended; numbers out of every bucket's range */
    "- {id: 547fe8f5e45b0cd4, deck: deck, suspended: true, state: review,\n"
    "   due: 2026-11-20T00:00:00Z, last_review: 2026-11-01T00:00:00Z, stability: 1000000,\n"
    "   difficulty: 0.5, scheduled_days: 2, elapsed_days: 0, reps: 1, lapses: 0, step: 0,\n"
    "   reviews: [{t: 2025-01-01T00:00:00Z, rating: 3}]}\n";

static void test_cached_states(void **state)
{
    (void)state;
    fx f;
    S_open_text(&f, S_cached, NOW, 0);
    assert_int_equal(f.st.counts.review, 5);
    assert_int_equal(f.st.counts.suspended, 1);
    assert_int_equal(f.st.counts.new_cards, 2);
    assert_int_equal(f.st.counts.mature, 4); /* 25, 21, 50 and 54 days */
    assert_int_equal(f.st.forecast[0], 2);   /* Vanishing gradient, Chain rule */
    assert_int_equal(f.st.overdue, 1);       /* Chain rule; suspended cards are never due */
    assert_int_equal(f.st.forecast[1], 1);
    assert_int_equal(f.st.forecast[29], 1);
    assert_int_equal(f.st.later, 1);
    size_t sum = 0;
    for (size_t i = 0; i < VG_STATS_FORECAST_DAYS; i++)
        sum += f.st.forecast[i];
    assert_int_equal(sum, 4);

    /* Suspended cards are in the spread: their memory is still there. */
    const vg_stats_hist *s = &f.st.stability, *d = &f.st.difficulty;
    assert_int_equal(s->nbuckets, 6);
    static const size_t ws[] = {1, 1, 2, 0, 0, 2}; /* 0.5 | 3 | 10 10 | | | 400 1e6 */
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(s->count[i], ws[i]);
    assert_int_equal(s->n, 6);
    assert_float_equal(s->median, 10, 1e-12);
    assert_float_equal(s->mean, (0.5 + 3 + 10 + 10 + 400 + 1e6) / 6, 1e-9);
    assert_int_equal(d->nbuckets, 9);
    static const size_t wd[] = {2, 0, 0, 1, 1, 0, 0, 0, 2}; /* 0.5 1 | 4.5 | 5.5 | 9.99 10 */
    for (size_t i = 0; i < 9; i++)
        assert_int_equal(d->count[i], wd[i]);
    assert_float_equal(d->median, 5.0, 1e-12);
    assert_float_equal(d->mean, (0.5 + 1 + 4.5 + 5.5 + 10 + 9.99) / 6, 1e-12);

    vg_buf b = VG_BUF_INIT;
    vg_stats_format_spread(&f.st, 60, &b); /* bars of 34 columns at most */
    assert_string_equal(vg_buf_str(&b),
                        "Stability, 6 cards: median 10d, mean 456.5y\n"
                        "  < 1 day            1  █████████████████\n"
                        "  1–7 days           1  █████████████████\n"
                        "  7–30 days          2  ██████████████████████████████████\n"
                        "  30–90 days         0\n"
                        "  90–365 days        0\n"
                        "  1 year or more     2  ██████████████████████████████████\n"
                        "Difficulty (1 easiest, 10 hardest), 6 cards: median 5.00, mean 5.25\n"
                        "  1–2                2  ██████████████████████████████████\n"
                        "  2–3                0\n"
                        "  3–4                0\n"
                        "  4–5                1  █████████████████\n"
                        "  5–6                1  █████████████████\n"
                        "  6–7                0\n"
                        "  7–8                0\n"
                        "  8–9                0\n"
                        "  9–10               2  ██████████████████████████████████\n");
    vg_buf_release(&b);
    S_close(&f);
}

/* ---- another time zone: the day starts at 04:00 local ---- */

static const char S_tokyo[] = "version: 1\n"
                              "cards:\n"
                              "- id: 6385366db22b9f90\n"
                              "  deck: deck\n"
                              "  reviews:\n"
                              "  - {t: 2026-11-24T18:59:59Z, rating: 3}\n" /* 03:59:59 JST */
                              "  - {t: 2026-11-24T19:00:00Z, rating: 3}\n" /* 04:00 JST */
                              "  - {t: 2026-11-25T18:59:59Z, rating: 3}\n" /* 03:59:59 JST */
                              "  - {t: 2026-11-25T19:00:00Z, rating: 3}\n";

static void test_rollover_local_time(void **state)
{
    (void)state;
    fx f;
    /* UTC+9: 10:00Z is 19:00 in Tokyo; the day began at 04:00 JST, 19:00Z the day before. */
    S_open_text(&f, S_tokyo, NOW, 9 * 3600);
    assert_int_equal(f.st.today, S_t("2026-11-24T19:00:00Z"));
    const vg_stats_period *p = f.st.period;
    assert_int_equal(p[VG_STATS_TODAY].reviews, 2);
    assert_int_equal(p[VG_STATS_WEEK].reviews, 3);
    assert_int_equal(p[VG_STATS_ALL].reviews, 3); /* the last one is tomorrow's */
    assert_int_equal(f.st.heat_today, 79);        /* still Wednesday in Tokyo */
    assert_int_equal(f.st.heat[79], 2);
    assert_int_equal(f.st.heat[78], 1);
    vg_buf b = VG_BUF_INIT;
    vg_stats_format_heatmap(&f.st, &b);
    assert_non_null(strstr(vg_buf_str(&b), "(2026-09-07 to 2026-11-25)"));
    vg_buf_release(&b);
    S_close(&f);

    /* At 19:00Z it is 04:00 on Thursday in Tokyo: a new day, a new cell. */
    S_open_text(&f, S_tokyo, S_t("2026-11-25T19:00:00Z"), 9 * 3600);
    assert_int_equal(f.st.heat_today, 80);
    assert_int_equal(f.st.period[VG_STATS_TODAY].reviews, 1);
    S_close(&f);
}

/* ---- identity: the session's binding, relinks included ---- */

static void test_relinked_record_counts(void **state)
{
    (void)state;
    char id[VG_CARD_ID_LEN + 1];
    vg_card_id("Gradients", "Saturaton", id); /* the card's front before a typo was fixed */
    char yaml[1024];
    snprintf(yaml, sizeof yaml,
             "version: 1\n"
             "cards:\n"
             "- id: \"%s\"\n"
             "  deck: deck\n"
             "  section: Gradients\n"
             "  front: Saturaton\n"
             "  reviews:\n"
             "  - {t: 2026-11-25T08:00:00Z, rating: 1}\n"
             /* another deck's record (of no card here): not this deck's business */
             "- id: 0123456789abcdef\n"
             "  deck: other\n"
             "  reviews:\n"
             "  - {t: 2026-11-25T08:00:00Z, rating: 3}\n",
             id);
    fx f;
    S_open_text(&f, yaml, NOW, 0);
    assert_int_equal(f.st.counts.new_cards, 7);
    assert_int_equal(f.st.counts.learning, 1); /* Saturation, carried over */
    assert_int_equal(f.st.counts.orphans, 0);
    assert_int_equal(f.st.period[VG_STATS_TODAY].reviews, 1);
    assert_int_equal(f.st.period[VG_STATS_TODAY].again, 1);
    S_close(&f);
}

/* ---- nothing studied yet ---- */

static void test_empty(void **state)
{
    (void)state;
    fx f;
    S_open_text(&f, "version: 1\ncards: []\n", NOW, 0);
    assert_int_equal(f.st.counts.cards, 8);
    assert_int_equal(f.st.counts.new_cards, 8);
    for (int p = 0; p < VG_STATS_NPERIODS; p++)
        assert_int_equal(f.st.period[p].reviews, 0);
    for (int p = 0; p < VG_STATS_TR_N; p++)
        S_expect_tr(&f.st.tr[p], 0, 0, 0, 0);
    for (size_t i = 0; i < VG_STATS_FORECAST_DAYS; i++)
        assert_int_equal(f.st.forecast[i], 0);
    assert_int_equal(f.st.heat_max, 0);
    assert_int_equal(f.st.stability.n, 0);
    assert_float_equal(f.st.stability.median, 0, 0);
    vg_buf b = VG_BUF_INIT;
    vg_stats_format(&f.st, 80, &b);
    assert_non_null(strstr(vg_buf_str(&b),
                           "  all time             0     0      -       0     0      "
                           "-       0     0      -\n"));
    assert_non_null(strstr(vg_buf_str(&b), "Due forecast, next 30 days\n"
                                           "  today 0, tomorrow 0, 7 days 0, 30 days 0, later 0\n"
                                           "\n"));
    assert_non_null(strstr(vg_buf_str(&b), "  · none   (reviews on 0 of 80 days)\n"));
    assert_non_null(strstr(vg_buf_str(&b), "Stability and difficulty: no card reviewed yet\n"));
    vg_buf_release(&b);

    vg_stats all;
    assert_int_equal(vg_stats_compute(f.ses, VG_STATS_ALL_DECKS, NOW, &all, NULL), VG_OK);
    assert_int_equal(all.counts.cards, 8);
    vg_error err;
    assert_int_equal(vg_stats_compute(f.ses, 1, NOW, &all, &err), VG_INVALID);
    S_close(&f);
}

/* ---- charts ---- */

static void test_chart_eighths_and_columns(void **state)
{
    (void)state;
    assert_int_equal(vg_chart_eighths(0, 5, 6), 0);
    assert_int_equal(vg_chart_eighths(5, 5, 6), 48);
    assert_int_equal(vg_chart_eighths(1, 3, 6), 16);
    assert_int_equal(vg_chart_eighths(2, 3, 6), 32);
    assert_int_equal(vg_chart_eighths(1, 7, 1), 1);    /* 8/7 rounds to 1 */
    assert_int_equal(vg_chart_eighths(1, 1000, 1), 1); /* never invisible */
    assert_int_equal(vg_chart_eighths(9, 0, 4), 0);

    static const size_t v[] = {8, 4, 1, 0, 7};
    vg_buf b = VG_BUF_INIT;
    vg_chart_columns(v, 5, 0, 2, 1, 1, &b);
    /* 16 eighths for 8: 8 | 4: 8 | 1: 2 | 0 | 7: 14 (row one full, 6 in row two) */
    assert_string_equal(vg_buf_str(&b), " █       ▆\n"
                                        " █ █ ▂   █\n");
    vg_buf_clear(&b);
    vg_chart_columns(v, 5, 16, 1, 0, 0, &b); /* max given: 8 of 16 is half a row */
    assert_string_equal(vg_buf_str(&b), "▄▂▁ ▄\n");
    vg_buf_release(&b);
}

/* A card's page: the log replayed (S, D, R before each review, the interval it gave), the
 * times taken, the forgetting curve falling through the desired retention at the due time. */
static void test_card_info(void **state)
{
    (void)state;
    vg_sched sched;
    vg_sched_params p;
    vg_sched_params_default(&p);
    p.enable_fuzz = false;
    assert_int_equal(vg_sched_init(&sched, &p, NULL), VG_OK);
    vg_store *st = vg_store_new();
    vg_record *r = vg_store_add(st, "d", "00000000000000a1", "S", "F");
    const vg_time t0 = 1795000000;
    vg_store_answer_ms(st, r, t0, VG_GOOD, 5230, NULL, NULL);
    vg_store_answer(st, r, t0 + 600, VG_GOOD, NULL, NULL);
    vg_store_answer_ms(st, r, t0 + 3 * 86400, VG_AGAIN, 12000, NULL, NULL);
    vg_card_info_review *v = NULL;
    vg_sched_card last;
    assert_true(vg_card_info_replay(&sched, r, &v, &last));
    assert_non_null(v);
    assert_true(v[0].retrievability < 0); /* a New card has none */
    assert_int_equal(v[0].state, VG_CARD_NEW);
    assert_int_equal(v[0].interval, 600); /* Good on a new card: the 10m step */
    assert_int_equal(v[0].ms, 5230);
    assert_int_equal(v[1].ms, VG_MS_NONE);
    assert_int_equal(v[2].state, VG_CARD_REVIEW);
    assert_true(v[2].retrievability > 0 && v[2].retrievability < 1);
    assert_true(v[2].stability < v[1].stability); /* a lapse */
    /* The same as replaying the log directly. */
    vg_sched_card c;
    vg_sched_card_init(&c, r->id, VG_CARD_ID_LEN);
    for (size_t i = 0; i < r->nreviews; i++)
        vg_sched_next(&sched, &c, (vg_rating)r->reviews[i].rating, r->reviews[i].t, &c);
    assert_true(c.stability == last.stability && c.due == last.due);
    free(v);
    assert_true(vg_card_info_replay(&sched, NULL, &v, &last));
    assert_null(v);

    /* The curve: R(0) = 1, R(due) = the desired retention for a review card. */
    assert_true(fabs(vg_sched_forgetting_curve(&sched, 0, 5) - 1) < 1e-9);
    assert_true(fabs(vg_sched_forgetting_curve(&sched, 5, 5) - 0.9) < 1e-6);

    vg_store_answer(st, r, t0 + 4 * 86400, VG_GOOD, NULL, NULL);
    vg_store_answer(st, r, t0 + 5 * 86400, VG_GOOD, NULL, NULL);
    vg_buf out = VG_BUF_INIT;
    vg_card_info_format(&sched, r, t0 + 5 * 86400 + 3600, 0, 80, &out);
    const char *text = vg_buf_str(&out);
    assert_non_null(strstr(text, "State           review\n"));
    assert_non_null(strstr(text, "Reviews         5, lapses 1\n"));
    assert_non_null(strstr(text, "Time studied    17.2s, 8.6s per review\n"));
    assert_non_null(strstr(text, "Review log\n"));
    assert_non_null(strstr(text, "  2026-11-18 11:06  Good        10m "));
    assert_non_null(strstr(text, "    5.2s\n"));
    assert_non_null(strstr(text, "Forgetting curve"));
    assert_non_null(strstr(text, "  100% ┤█"));
    assert_non_null(strstr(text, "   90% ┤"));
    assert_non_null(strstr(text, "╌"));
    assert_non_null(strstr(text, "┴"));
    /* Every line fits 80 columns. */
    for (const char *l = text; *l;) {
        const char *e = strchr(l, '\n');
        assert_non_null(e);
        assert_true(vg_text_width(l, (size_t)(e - l)) <= 80);
        l = e + 1;
    }
    vg_buf_release(&out);
    /* No progress: said so, no log, no curve. */
    vg_card_info_format(&sched, NULL, t0, 0, 80, &out);
    assert_string_equal(vg_buf_str(&out),
                        "State           new\nReviews         0 (never studied)\n");
    vg_buf_release(&out);
    vg_store_free(st);
}

static int S_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of what the histogram counted, by a sort of every card's value. */
static double S_median_sorted(const vg_session *ses, bool stability)
{
    size_t n = 0;
    const vg_deck *deck = vg_session_deck_at(ses, 0);
    double *v = malloc(deck->ncards * sizeof *v);
    assert_non_null(v);
    for (size_t i = 0; i < deck->ncards; i++) {
        vg_sched_card c;
        vg_session_card_state(ses, vg_session_card_at(ses, 0, i), &c);
        if (c.state != VG_CARD_NEW)
            v[n++] = stability ? c.stability : c.difficulty;
    }
    assert_true(n > 1000);
    qsort(v, n, sizeof *v, S_cmp_double);
    double m = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    free(v);
    return m;
}

/* A deck big enough for the logs to be replayed on two threads: the same numbers as on one. The
 * records are added in another order than the cards' (the walk follows the records): the
 * medians are those of a sort. */
static void test_two_threads(void **state)
{
    (void)state;
    enum { N = 30000 };
    vg_buf text = VG_BUF_INIT;
    for (size_t i = 0; i < N; i++) {
        if (i % 100 == 0)
            vg_buf_printf(&text, "## Part %zu\n\n", i / 100);
        vg_buf_printf(&text, "- **Card %zu**: back\n", i);
    }
    fx f;
    memset(&f, 0, sizeof f);
    vg_error err;
    assert_int_equal(vg_deck_parse(text.data, text.len, "big.md", &f.deck, &err), VG_OK);
    vg_buf_release(&text);
    assert_int_equal(f.deck->ncards, N);
    vg_sched_params p;
    vg_sched_params_default(&p);
    assert_int_equal(vg_sched_init(&f.sched, &p, NULL), VG_OK);
    f.store = vg_store_new();
    for (size_t j = 0; j < N; j++) {
        size_t i = j * 7919 % N; /* 7919 is prime: every card once */
        const vg_card *c = &f.deck->cards[i];
        vg_record *r = vg_store_add(f.store, "deck", c->id, "", c->front_src);
        assert_non_null(r);
        vg_time t = NOW - (vg_time)(i % 400) * DAY;
        for (int k = 0; k < (int)(i % 7); k++, t += (vg_time)(k + 1) * DAY / 3)
            assert_int_equal(vg_store_answer_ms(f.store, r, t, 1 + (int)((i + (size_t)k) % 4),
                                                (int32_t)(i % 5000), NULL, NULL),
                             VG_OK);
    }
    vg_session_deck d = {f.deck, "deck"};
    vg_session_opts o;
    vg_session_opts_default(&o, NOW);
    assert_int_equal(vg_session_open(&d, 1, f.store, &f.sched, &o, &f.ses, &err), VG_OK);
    vg_stats one, two;
    size_t min = vg_stats_thread_min;
    vg_stats_thread_min = SIZE_MAX;
    assert_int_equal(vg_stats_compute(f.ses, 0, NOW, &one, &err), VG_OK);
    vg_stats_thread_min = 1000;
    assert_int_equal(vg_stats_compute(f.ses, 0, NOW, &two, &err), VG_OK);
    vg_stats_thread_min = min;
    assert_true(one.period[VG_STATS_NPERIODS - 1].reviews > 50000);
    assert_memory_equal(one.period, two.period, sizeof one.period);
    assert_memory_equal(one.tr, two.tr, sizeof one.tr);
    assert_memory_equal(one.heat, two.heat, sizeof one.heat);
    assert_memory_equal(&one.counts, &two.counts, sizeof one.counts);
    assert_int_equal(one.heat_max, two.heat_max);
    assert_float_equal(one.stability.median, S_median_sorted(f.ses, true), 0);
    assert_float_equal(one.difficulty.median, S_median_sorted(f.ses, false), 0);
    assert_float_equal(one.stability.median, two.stability.median, 0);
    S_close(&f);
}

static void test_chart_hbar_and_shades(void **state)
{
    (void)state;
    vg_buf b = VG_BUF_INIT;
    assert_int_equal(vg_chart_hbar(1, 3, 10, &b), 4); /* 20/3 = 6.67 halves: 7 */
    assert_string_equal(vg_buf_str(&b), "███▌");
    vg_buf_clear(&b);
    assert_int_equal(vg_chart_hbar(3, 3, 10, &b), 10);
    assert_string_equal(vg_buf_str(&b), "██████████");
    vg_buf_clear(&b);
    assert_int_equal(vg_chart_hbar(1, 1000, 10, &b), 1);
    assert_string_equal(vg_buf_str(&b), "▌");
    vg_buf_clear(&b);
    assert_int_equal(vg_chart_hbar(0, 3, 10, &b), 0);
    assert_int_equal(b.len, 0);
    vg_buf_release(&b);

    assert_int_equal(vg_chart_shade_level(0, 3), 0);
    assert_int_equal(vg_chart_shade_level(1, 3), 2);
    assert_int_equal(vg_chart_shade_level(2, 3), 3);
    assert_int_equal(vg_chart_shade_level(3, 3), 4);
    assert_int_equal(vg_chart_shade_level(1, 4), 1);
    assert_int_equal(vg_chart_shade_level(25, 100), 1);
    assert_int_equal(vg_chart_shade_level(26, 100), 2);
    assert_int_equal(vg_chart_shade_level(1, 100), 1);
    assert_string_equal(vg_chart_shade(0), "·");
    assert_string_equal(vg_chart_shade(4), "█");
    assert_string_equal(vg_chart_shade(9), "█");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_two_threads),
        cmocka_unit_test(test_periods_and_retention),
        cmocka_unit_test(test_true_retention),
        cmocka_unit_test(test_true_retention_days_and_reset),
        cmocka_unit_test(test_heat_map),
        cmocka_unit_test(test_forecast),
        cmocka_unit_test(test_text_is_whole_and_clean),
        cmocka_unit_test(test_cached_states),
        cmocka_unit_test(test_rollover_local_time),
        cmocka_unit_test(test_relinked_record_counts),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_chart_eighths_and_columns),
        cmocka_unit_test(test_chart_hbar_and_shades),
        cmocka_unit_test(test_card_info),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
