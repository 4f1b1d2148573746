/* Times and a study session in words: the countdown clock, "in N units" with its rounding,
 * durations, due dates in local time (today, another day, across midnight with an offset),
 * the statistics' first line, and the summary of a session in each of its shapes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vgrev/report.h"
#include "vgrev/time.h"

/* 2026-03-02T09:00:00Z */
static const int64_t NOW = 1772442000;

static void test_clock(void **state)
{
    (void)state;
    char buf[32];
    vg_report_clock(581, buf, sizeof buf);
    assert_string_equal(buf, "9:41");
    vg_report_clock(3723, buf, sizeof buf);
    assert_string_equal(buf, "1:02:03");
    vg_report_clock(-5, buf, sizeof buf);
    assert_string_equal(buf, "0:00");
}

static void test_when(void **state)
{
    (void)state;
    char buf[48];
    vg_report_when(NOW - 1, NOW, buf, sizeof buf);
    assert_string_equal(buf, "now");
    vg_report_when(NOW + 1, NOW, buf, sizeof buf);
    assert_string_equal(buf, "in 1 second");
    vg_report_when(NOW + 89, NOW, buf, sizeof buf);
    assert_string_equal(buf, "in 1 minute");
    vg_report_when(NOW + 90, NOW, buf, sizeof buf);
    assert_string_equal(buf, "in 2 minutes");
    vg_report_when(NOW + 5400, NOW, buf, sizeof buf);
    assert_string_equal(buf, "in 2 hours");
    vg_report_when(NOW + 3 * 86400, NOW, buf, sizeof buf);
    assert_string_equal(buf, "in 3 days");
}

static void test_duration(void **state)
{
    (void)state;
    char buf[48];
    vg_report_duration(45, buf, sizeof buf);
    assert_string_equal(buf, "45 s");
    vg_report_duration(180, buf, sizeof buf);
    assert_string_equal(buf, "3 min");
    vg_report_duration(200, buf, sizeof buf);
    assert_string_equal(buf, "3 min 20 s");
    vg_report_duration(3720, buf, sizeof buf);
    assert_string_equal(buf, "1 h 2 min");
}

static void test_due(void **state)
{
    (void)state;
    char buf[48];
    vg_report_due(NOW + 3600, NOW, 0, false, buf, sizeof buf);
    assert_string_equal(buf, "10:00");
    vg_report_due(NOW + 3 * 86400, NOW, 0, false, buf, sizeof buf);
    assert_string_equal(buf, "2026-03-05");
    vg_report_due(NOW + 3 * 86400 + 300, NOW, 0, true, buf, sizeof buf);
    assert_string_equal(buf, "2026-03-05 09:05");
    /* 16:00 UTC is 01:00 the next day at UTC+9: another day there. */
    vg_report_due(NOW + 7 * 3600, NOW, 9 * 3600, false, buf, sizeof buf);
    assert_string_equal(buf, "2026-03-03");
}

static void test_today(void **state)
{
    (void)state;
    vg_stats st;
    memset(&st, 0, sizeof st);
    st.today = NOW - 5 * 3600; /* 04:00 UTC */
    st.days.start_hour = 4;
    vg_buf out = VG_BUF_INIT;
    vg_report_today(&st, &out);
    assert_string_equal(vg_buf_str(&out), "Today: 2026-03-02 (days start at 04:00 local time)\n\n");
    /* day_starts_at 6 in Kolkata (UTC+05:30): 06:00 local is 00:30Z. */
    st.days = (vg_days){.fixed_offset = 19800, .start_hour = 6};
    st.today = NOW - 9 * 3600 + 1800;
    vg_buf_clear(&out);
    vg_report_today(&st, &out);
    assert_string_equal(vg_buf_str(&out), "Today: 2026-03-02 (days start at 06:00 local time)\n\n");
    vg_buf_release(&out);
}

static void test_session(void **state)
{
    (void)state;
    vg_study_report r = {.cards = 3,
                         .answers = 4,
                         .again = 1,
                         .start = NOW,
                         .end = NOW + 200,
                         .next_due = NOW + 800,
                         .finished = true};
    assert_string_equal(vg_study_report_heading(&r), "Session done. Well studied!");
    vg_buf out = VG_BUF_INIT;
    vg_study_report_lines(&r, &out);
    assert_string_equal(vg_buf_str(&out), "Cards studied   3\n"
                                          "Answers         4\n"
                                          "Again           1 (25%)\n"
                                          "Time            3 min 20 s\n"
                                          "Next due        in 10 minutes\n");
    r.finished = false;
    r.cram = true;
    assert_string_equal(vg_study_report_heading(&r), "Session stopped.");
    vg_buf_clear(&out);
    vg_study_report_lines(&r, &out);
    assert_non_null(strstr(vg_buf_str(&out), "Schedules       as they were (cram)\n"));

    vg_study_report none = {.start = NOW, .end = NOW, .finished = true};
    assert_string_equal(vg_study_report_heading(&none), "Nothing to study right now.");
    vg_buf_clear(&out);
    vg_study_report_lines(&none, &out);
    assert_string_equal(vg_buf_str(&out), "No card is scheduled.\n");
    none.next_due = NOW + 2 * 86400;
    vg_buf_clear(&out);
    vg_study_report_lines(&none, &out);
    /* An hour or more away: the local clock time of the next cards (NOW is 09:00Z). */
    assert_string_equal(vg_buf_str(&out),
                        "The next cards are due on 2026-03-04 at 09:00 (in 2 days).\n");
    /* What the limits held back, and the next day start in New York's winter (UTC-5). */
    none.next_due = NOW + 24 * 3600;
    none.end_offset = none.next_offset = -5 * 3600;
    none.held = (vg_session_held){.reviews = 15,
                                  .review_limit = 200,
                                  .new_cards = 1,
                                  .new_limit = 20,
                                  .new_by_reviews = true};
    vg_buf_clear(&out);
    vg_study_report_lines(&none, &out);
    assert_string_equal(vg_buf_str(&out),
                        "15 reviews held back by the daily limit of 200.\n"
                        "1 new card held back: the review limit of 200 also caps new cards.\n"
                        "The next cards are due at 04:00 tomorrow (in 1 day).\n");
    none.held = (vg_session_held){.new_cards = 3, .new_limit = 5, .new_session = true};
    none.next_due = NOW + 3 * 3600;
    vg_buf_clear(&out);
    vg_study_report_lines(&none, &out);
    assert_string_equal(vg_buf_str(&out), "The next cards are due at 07:00 today (in 3 hours).\n");
    none.held.new_session = false;
    vg_buf_clear(&out);
    vg_study_report_lines(&none, &out);
    assert_string_equal(vg_buf_str(&out), "3 new cards held back by the daily limit of 5.\n"
                                          "The next cards are due at 07:00 today (in 3 hours).\n");
    vg_buf_release(&out);
}

/* The word and the kind of a card's state as the browser's lists show them. */
static void test_card_state(void **state)
{
    (void)state;
    const char *src = "# T\n\n- **a**: 1\n- **b**: 2\n- **c**: 3\n- **d**: 4\n- **e**: 5\n";
    vg_deck *deck = NULL;
    vg_error err;
    assert_int_equal(vg_deck_parse(src, strlen(src), "t.md", &deck, &err), VG_OK);
    vg_sched_params p;
    vg_sched_params_default(&p);
    vg_sched sched;
    assert_int_equal(vg_sched_init(&sched, &p, &err), VG_OK);
    vg_store *store = vg_store_new();
    vg_session_deck d = {deck, "t"};
    vg_session_opts o;
    vg_session_opts_default(&o, NOW);
    vg_session *s = NULL;
    assert_int_equal(vg_session_open(&d, 1, store, &sched, &o, &s, &err), VG_OK);
    const vg_session_card *c[5];
    for (size_t i = 0; i < 5; i++)
        c[i] = vg_session_card_at(s, 0, i);
    assert_int_equal(vg_session_answer(s, c[1], VG_AGAIN, NOW, &err), VG_OK);
    assert_int_equal(vg_session_answer(s, c[2], VG_EASY, NOW, &err), VG_OK);
    assert_int_equal(vg_session_bury(s, c[3], NOW, &err), VG_OK);
    assert_int_equal(vg_session_suspend(s, c[4], true, &err), VG_OK);

    static const struct {
        const char *word;
        vg_shown_state kind;
    } want[] = {{"new", VG_SHOWN_NEW},
                {"learning", VG_SHOWN_LEARNING},
                {"review", VG_SHOWN_LATER},
                {"buried", VG_SHOWN_BURIED},
                {"suspended", VG_SHOWN_SUSPENDED}};
    for (size_t i = 0; i < 5; i++) {
        vg_sched_card st;
        vg_shown_state kind;
        assert_string_equal(vg_report_card_state(s, c[i], NOW, 0, &st, &kind), want[i].word);
        assert_int_equal(kind, want[i].kind);
    }
    /* The review is due once its day has come: before the next rollover. */
    vg_sched_card st;
    vg_shown_state kind;
    vg_session_card_state(s, c[2], &st);
    vg_report_card_state(s, c[2], st.due, 0, &st, &kind);
    assert_int_equal(kind, VG_SHOWN_DUE);
    vg_session_free(s);
    vg_store_free(store);
    vg_deck_free(deck);
}

static void test_section_line(void **state)
{
    (void)state;
    const char *src = "# T\n\n## One\n\nAbout *this*.\n\n- **a**: 1\n\n## Two\n\n"
                      "- **b `x`**: 2\n- **c**: 3\n";
    vg_deck *deck = NULL;
    vg_error err;
    assert_int_equal(vg_deck_parse(src, strlen(src), "t.md", &deck, &err), VG_OK);
    assert_int_equal(deck->nsections, 2);
    vg_buf out = VG_BUF_INIT;
    vg_report_section_line(deck, 0, &out);
    assert_string_equal(vg_buf_str(&out), "About this.");
    vg_buf_clear(&out);
    vg_report_section_line(deck, 1, &out);
    assert_string_equal(vg_buf_str(&out), "b x · c");
    vg_buf_release(&out);
    vg_deck_free(deck);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clock),      cmocka_unit_test(test_when),
        cmocka_unit_test(test_duration),   cmocka_unit_test(test_due),
        cmocka_unit_test(test_today),      cmocka_unit_test(test_session),
        cmocka_unit_test(test_card_state), cmocka_unit_test(test_section_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
