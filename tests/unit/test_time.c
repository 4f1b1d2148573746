/* ISO-8601 parsing and formatting, civil-date arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vgrev/sched.h"
#include "vgrev/time.h"

static vg_time S_parse_ok(const char *s)
{
    vg_time t = 12345;
    vg_error err;
    vg_error_clear(&err);
    if (vg_time_parse(s, strlen(s), &t, &err) != VG_OK)
        fail_msg("\"%s\": %s (col %u)", s, err.msg, err.col);
    return t;
}

static void test_parse_ok(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        vg_time want;
    } cases[] = {
        {"1970-01-01T00:00:00Z", 0},
        {"1970-01-01", 0},
        {"2026-01-02T03:04:05Z", 1767323045},
        {"2026-01-02t03:04:05z", 1767323045},
        {"2026-01-02 03:04:05Z", 1767323045},
        {"2026-01-02T03:04:05.999Z", 1767323045},  /* fraction dropped */
        {"2026-01-02T03:04:05,5Z", 1767323045},    /* ISO allows a comma */
        {"2026-01-02T05:04:05+02:00", 1767323045}, /* offset east of UTC */
        {"2026-01-01T22:04:05-05:00", 1767323045}, /* west, previous day */
        {"2026-01-02T05:04:05+0200", 1767323045},  /* basic offset */
        {"2026-01-02T05:04:05+02", 1767323045},    /* hours only */
        {"2026-01-02T03:04:05-00:00", 1767323045}, /* unknown local offset */
        {"2026-01-02T03:04Z", 1767323040},         /* no seconds */
        {"2026-01-02", 1767312000},                /* midnight UTC */
        {"2000-02-29T12:00:00Z", 951825600},       /* leap day of a century leap year */
        {"2024-02-29", 1709164800},
        {"1969-12-31T23:59:59Z", -1},
        {"1900-01-01", -2208988800},
        {"0000-01-01", -62167219200},
        {"9999-12-31T23:59:59Z", 253402300799},
        {"2038-01-19T03:14:08Z", 2147483648}, /* past 32-bit time_t */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vg_time t = S_parse_ok(cases[i].in);
        if (t != cases[i].want)
            fail_msg("\"%s\": got %lld, want %lld", cases[i].in, (long long)t,
                     (long long)cases[i].want);
    }
}

static void test_parse_errors(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        unsigned col;
        const char *msg;
    } cases[] = {
        {"", 1, "empty time: expected ISO 8601 like 2026-01-02T03:04:05Z"},
        {"yesterday", 1, "expected a date like 2026-01-02 (YYYY-MM-DD)"},
        {"26-01-02", 1, "expected a date like 2026-01-02 (YYYY-MM-DD)"},
        {"2026-1-02", 6, "expected a date like 2026-01-02 (YYYY-MM-DD)"},
        {"2026-13-01", 6, "month out of range (01-12)"},
        {"2026-00-01", 6, "month out of range (01-12)"},
        {"2026-02-29", 9, "day out of range for the month"},
        {"1900-02-29", 9, "day out of range for the month"},
        {"2026-04-31T00:00:00Z", 9, "day out of range for the month"},
        {"2026-01-02X03:04:05Z", 11, "expected 'T' and a time after the date"},
        {"2026-01-02T3:04:05Z", 12, "expected a time like 03:04:05 (HH:MM:SS)"},
        {"2026-01-02T24:00:00Z", 12, "hour out of range (00-23)"},
        {"2026-01-02T03:60:00Z", 15, "minute out of range (00-59)"},
        {"2026-01-02T03:04:60Z", 18, "second out of range (00-59)"},
        {"2026-01-02T03:04:5Z", 18, "expected seconds (SS) after ':'"},
        {"2026-01-02T03:04:05.Z", 21, "expected digits after the decimal point"},
        {"2026-01-02T03:04:05", 20, "missing time zone: add 'Z' for UTC or an offset like +02:00"},
        {"2026-01-02T03:04:05 Z", 20, "expected a time zone ('Z' or an offset like +02:00)"},
        {"2026-01-02T03:04:05+2:00", 21, "expected a zone offset like +02:00"},
        {"2026-01-02T03:04:05+24:00", 21, "zone offset hours out of range (00-23)"},
        {"2026-01-02T03:04:05+02:60", 24, "zone offset minutes out of range (00-59)"},
        {"2026-01-02T03:04:05Zjunk", 21, "unexpected text after the time zone"},
        {"2026-01-02T", 12, "expected a time like 03:04:05 (HH:MM:SS)"},
        {"2026-01-02 ", 12, "expected a time like 03:04:05 (HH:MM:SS)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vg_time t = 777;
        vg_error err;
        vg_error_clear(&err);
        vg_status st = vg_time_parse(cases[i].in, strlen(cases[i].in), &t, &err);
        if (st != VG_PARSE || err.col != cases[i].col || strcmp(err.msg, cases[i].msg) != 0)
            fail_msg("\"%s\": got %d col %u \"%s\", want col %u \"%s\"", cases[i].in, (int)st,
                     err.col, err.msg, cases[i].col, cases[i].msg);
        assert_int_equal(t, 777); /* untouched */
        assert_int_equal(err.line, 0);
        assert_string_equal(err.file, "");
    }
}

/* The length bounds the parse: no NUL needed, nothing read past it. */
static void test_parse_length(void **state)
{
    (void)state;
    const char buf[] = {'2', '0', '2', '6', '-', '0', '1', '-', '0', '2', 'T', '0', '3'};
    vg_time t;
    assert_int_equal(vg_time_parse(buf, 10, &t, NULL), VG_OK);
    assert_int_equal(t, 1767312000);
    assert_int_equal(vg_time_parse(buf, sizeof buf, &t, NULL), VG_PARSE);
    assert_int_equal(vg_time_parse(buf, 7, &t, NULL), VG_PARSE);
}

static void test_format(void **state)
{
    (void)state;
    static const struct {
        vg_time t;
        const char *want;
    } cases[] = {
        {0, "1970-01-01T00:00:00Z"},
        {1767323045, "2026-01-02T03:04:05Z"},
        {-1, "1969-12-31T23:59:59Z"},
        {951825600, "2000-02-29T12:00:00Z"},
        {-62167219200, "0000-01-01T00:00:00Z"},
        {253402300799, "9999-12-31T23:59:59Z"},
        {253402300800, "+10000-01-01T00:00:00Z"},
        {-62167219201, "-0001-12-31T23:59:59Z"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[VG_TIME_ISO_MAX];
        int n = vg_time_format(cases[i].t, buf, sizeof buf);
        assert_string_equal(buf, cases[i].want);
        assert_int_equal(n, (int)strlen(cases[i].want));
    }
    char buf[VG_TIME_ISO_MAX];
    assert_true(vg_time_format(INT64_MAX, buf, sizeof buf) < VG_TIME_ISO_MAX);
    assert_true(vg_time_format(INT64_MIN, buf, sizeof buf) < VG_TIME_ISO_MAX);
    char small[5];
    assert_int_equal(vg_time_format(0, small, sizeof small), 20);
    assert_string_equal(small, "1970");
}

/* Every day from year -1000 to 11000 converts both ways, consecutive days are consecutive
 * dates, and formatting then parsing gives the time back. */
static void test_civil_roundtrip(void **state)
{
    (void)state;
    int64_t first = vg_time_days_from_civil(-1000, 1, 1);
    int64_t last = vg_time_days_from_civil(11000, 12, 31);
    int64_t py = -1001;
    unsigned pm = 12, pd = 31;
    for (int64_t z = first; z <= last; z++) {
        int64_t y;
        unsigned m, d;
        vg_time_civil_from_days(z, &y, &m, &d);
        assert_int_equal(vg_time_days_from_civil(y, m, d), z);
        bool next_day = y == py && m == pm && d == pd + 1;
        bool next_month = y == py && m == pm + 1 && d == 1;
        bool next_year = y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31;
        assert_true(next_day || next_month || next_year);
        py = y;
        pm = m;
        pd = d;
        if (y >= 0 && y <= 9999 && z % 7 == 0) {
            vg_time t = z * 86400 + (z % 86400 + 86400) % 86400;
            char buf[VG_TIME_ISO_MAX];
            vg_time_format(t, buf, sizeof buf);
            assert_int_equal(S_parse_ok(buf), t);
        }
    }
    assert_int_equal(vg_time_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(vg_time_days_from_civil(2000, 3, 1), 11017);
}

static void test_day(void **state)
{
    (void)state;
    assert_int_equal(vg_time_day(0), 0);
    assert_int_equal(vg_time_day(86399), 0);
    assert_int_equal(vg_time_day(86400), 1);
    assert_int_equal(vg_time_day(-1), -1);
    assert_int_equal(vg_time_day(-86400), -1);
    assert_int_equal(vg_time_day(-86401), -2);
    assert_true(vg_time_day(INT64_MIN) < 0);
}

/* ---- study days: the offset comes from the C library, as the cli gives it ---- */

static int32_t S_libc_offset(vg_time t, void *ctx)
{
    (void)ctx;
    time_t tt = (time_t)t;
    struct tm lt;
    if (!localtime_r(&tt, &lt))
        return 0;
    return vg_time_offset_at(t, (int64_t)lt.tm_year + 1900, (unsigned)lt.tm_mon + 1,
                             (unsigned)lt.tm_mday, (unsigned)lt.tm_hour, (unsigned)lt.tm_min,
                             (unsigned)lt.tm_sec);
}

static vg_days S_zone(const char *tz, int start_hour)
{
    setenv("TZ", tz, 1);
    tzset();
    vg_days d = {.offset_at = S_libc_offset, .start_hour = start_hour};
    return d;
}

#define T(s) S_parse_ok(s)

/* The day of t starts at `start` and the next one at `next`; and t's index is that of start. */
static void S_day(const vg_days *d, const char *t, const char *start, const char *next)
{
    vg_time at = T(t);
    char got[VG_TIME_ISO_MAX];
    vg_time_format(vg_days_start(d, at), got, sizeof got);
    if (strcmp(got, start) != 0)
        fail_msg("%s: day starts at %s, want %s", t, got, start);
    vg_time_format(vg_days_next_start(d, at), got, sizeof got);
    if (strcmp(got, next) != 0)
        fail_msg("%s: next day starts at %s, want %s", t, got, next);
    assert_int_equal(vg_days_index(d, at), vg_days_index(d, T(start)));
    assert_int_equal(vg_days_index(d, T(start) - 1) + 1, vg_days_index(d, T(start)));
    assert_int_equal(vg_days_index(d, T(next)), vg_days_index(d, at) + 1);
}

static void test_days_zero_is_utc(void **state)
{
    (void)state;
    vg_days zero = {0};
    static const vg_time ts[] = {0, 1, 86399, 86400, -1, -86401, 1795000000, 4102444800};
    for (size_t i = 0; i < sizeof ts / sizeof *ts; i++)
        assert_int_equal(vg_days_index(&zero, ts[i]), vg_time_day(ts[i]));
    assert_int_equal(vg_days_index(NULL, 86400), 1);
    S_day(&zero, "2026-01-05T23:59:00Z", "2026-01-05T00:00:00Z", "2026-01-06T00:00:00Z");
    vg_days four = {.start_hour = 4};
    S_day(&four, "2026-01-05T03:59:59Z", "2026-01-04T04:00:00Z", "2026-01-05T04:00:00Z");
    S_day(&four, "2026-01-05T04:00:00Z", "2026-01-05T04:00:00Z", "2026-01-06T04:00:00Z");
    vg_days fixed = {.fixed_offset = 7200, .start_hour = 4};
    S_day(&fixed, "2026-01-05T01:59:59Z", "2026-01-04T02:00:00Z", "2026-01-05T02:00:00Z");
}

static void test_days_zones(void **state)
{
    (void)state;
    /* New York, winter (UTC-5): 18:59 and 19:01 (past midnight UTC) are one study day, which
     * began at 04:00 local (09:00Z); 03:59 the next morning still belongs to it. */
    vg_days ny = S_zone("America/New_York", 4);
    assert_int_equal(vg_days_index(&ny, T("2026-01-05T23:59:00Z")),
                     vg_days_index(&ny, T("2026-01-06T00:01:00Z")));
    S_day(&ny, "2026-01-06T00:01:00Z", "2026-01-05T09:00:00Z", "2026-01-06T09:00:00Z");
    S_day(&ny, "2026-01-06T08:59:59Z", "2026-01-05T09:00:00Z", "2026-01-06T09:00:00Z");
    S_day(&ny, "2026-01-06T09:00:00Z", "2026-01-06T09:00:00Z", "2026-01-07T09:00:00Z");
    /* Spring forward (2026-03-08 02:00 EST -> 03:00 EDT): March 7th's day lasts 23 hours. */
    S_day(&ny, "2026-03-07T12:00:00Z", "2026-03-07T09:00:00Z", "2026-03-08T08:00:00Z");
    /* Fall back (2026-11-01 02:00 EDT -> 01:00 EST): October 31st's lasts 25 hours. */
    S_day(&ny, "2026-10-31T20:00:00Z", "2026-10-31T08:00:00Z", "2026-11-01T09:00:00Z");
    /* A day start inside the spring-forward gap: the day begins when the clock reads 03:00. */
    vg_days ny2 = S_zone("America/New_York", 2);
    S_day(&ny2, "2026-03-08T12:00:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:00:00Z");
    /* Midnight days in New York: the local date. */
    vg_days ny0 = S_zone("America/New_York", 0);
    S_day(&ny0, "2026-01-06T00:01:00Z", "2026-01-05T05:00:00Z", "2026-01-06T05:00:00Z");

    /* Paris: 2026-03-29 02:00 CET -> 03:00 CEST; 04:00 local is 02:00Z after it. */
    vg_days paris = S_zone("Europe/Paris", 4);
    S_day(&paris, "2026-03-28T22:00:00Z", "2026-03-28T03:00:00Z", "2026-03-29T02:00:00Z");
    S_day(&paris, "2026-03-29T02:00:00Z", "2026-03-29T02:00:00Z", "2026-03-30T02:00:00Z");

    /* Kolkata, UTC+05:30, no DST: 04:00 local is 22:30Z the day before. */
    vg_days kolkata = S_zone("Asia/Kolkata", 4);
    S_day(&kolkata, "2026-01-05T12:00:00Z", "2026-01-04T22:30:00Z", "2026-01-05T22:30:00Z");
    S_day(&kolkata, "2026-01-04T22:29:59Z", "2026-01-03T22:30:00Z", "2026-01-04T22:30:00Z");

    /* Auckland: summer UTC+13, ends 2026-04-05 03:00 NZDT -> 02:00 NZST (UTC+12). */
    vg_days akl = S_zone("Pacific/Auckland", 4);
    S_day(&akl, "2026-01-05T12:00:00Z", "2026-01-04T15:00:00Z", "2026-01-05T15:00:00Z");
    S_day(&akl, "2026-04-04T12:00:00Z", "2026-04-03T15:00:00Z", "2026-04-04T16:00:00Z");

    /* The local date and time of an instant (the offset function reads the TZ in force). */
    ny = S_zone("America/New_York", 4);
    int64_t y;
    unsigned m, d, h, mi;
    vg_days_local(&ny, T("2026-01-06T00:01:00Z"), &y, &m, &d, &h, &mi);
    assert_true(y == 2026 && m == 1 && d == 5 && h == 19 && mi == 1);
    setenv("TZ", "UTC", 1);
    tzset();
}

/* The scheduler's elapsed days follow the calendar: in New York a learning card graduated
 * at 10:00 and answered at 18:59 or 19:01 gets the same state; counted in UTC days from
 * midnight (ts-fsrs), 19:01 is a day later and the state differs. */
static void test_days_sched(void **state)
{
    (void)state;
    vg_sched_params p;
    vg_sched_params_default(&p);
    p.enable_fuzz = false;
    vg_sched utc, local;
    assert_int_equal(vg_sched_init(&utc, &p, NULL), VG_OK);
    p.days = S_zone("America/New_York", 4);
    assert_int_equal(vg_sched_init(&local, &p, NULL), VG_OK);
    const char *at[2] = {"2026-01-05T23:59:00Z", "2026-01-06T00:01:00Z"};
    vg_sched_card out[2][2];
    for (int z = 0; z < 2; z++) {
        const vg_sched *s = z ? &local : &utc;
        for (int i = 0; i < 2; i++) {
            vg_sched_card c;
            vg_sched_card_init(&c, "a", 1);
            vg_sched_next(s, &c, VG_GOOD, T("2026-01-05T15:00:00Z"), &c);
            vg_sched_next(s, &c, VG_GOOD, T("2026-01-05T15:10:00Z"), &c);
            vg_sched_next(s, &c, VG_GOOD, T(at[i]), &out[z][i]);
        }
    }
    assert_int_equal(out[1][0].elapsed_days, 0);
    assert_int_equal(out[1][1].elapsed_days, 0);
    assert_int_equal(out[1][0].scheduled_days, out[1][1].scheduled_days);
    assert_true(out[1][0].stability == out[1][1].stability);
    assert_int_equal(out[0][0].elapsed_days, 0);
    assert_int_equal(out[0][1].elapsed_days, 1);
    assert_true(out[0][0].stability != out[0][1].stability);
    setenv("TZ", "UTC", 1);
    tzset();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_ok),         cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_length),     cmocka_unit_test(test_format),
        cmocka_unit_test(test_civil_roundtrip),  cmocka_unit_test(test_day),
        cmocka_unit_test(test_days_zero_is_utc), cmocka_unit_test(test_days_zones),
        cmocka_unit_test(test_days_sched),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
