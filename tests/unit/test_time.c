/* ISO-8601 parsing and formatting, civil-date arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_ok),        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_length),    cmocka_unit_test(test_format),
        cmocka_unit_test(test_civil_roundtrip), cmocka_unit_test(test_day),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
