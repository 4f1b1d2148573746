/* ISO-8601 times <-> Unix seconds, with our own civil-date arithmetic.
 *
 * The conversions between a proleptic Gregorian date and a day count use the algorithms
 * `days_from_civil` and `civil_from_days` from Howard Hinnant, "chrono-Compatible Low-Level
 * Date Algorithms" (https://howardhinnant.github.io/date_algorithms.html): shift the year to
 * start in March so the leap day is last, then count 400-year eras of 146097 days, years of
 * the era, and days of the shifted year with the 153-days-per-5-months rule. */
#include "vgrev/time.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

int64_t vg_time_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;                                          /* the year starts on March 1st */
    int64_t era = (y >= 0 ? y : y - 399) / 400;           /* floor(y / 400) */
    int64_t yoe = y - era * 400;                          /* year of era, [0, 399] */
    int64_t mp = m > 2 ? (int64_t)m - 3 : (int64_t)m + 9; /* March = 0 */
    int64_t doy = (153 * mp + 2) / 5 + (int64_t)d - 1;    /* day of the shifted year, [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  /* day of era, [0, 146096] */
    return era * 146097 + doe - 719468;                   /* 719468: 0000-03-01 to 1970-01-01 */
}

void vg_time_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;                                      /* [0, 146096] */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
    int64_t mp = (5 * doy + 2) / 153;                                    /* March = 0 */
    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static bool S_leap(int64_t y)
{
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static unsigned S_days_in_month(int64_t y, unsigned m)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && S_leap(y) ? 29 : dim[m - 1];
}

/* Reads exactly n ASCII digits at s[*pos]; advances *pos on success. */
static bool S_digits(const char *s, size_t len, size_t *pos, int n, unsigned *val)
{
    unsigned v = 0;
    if (*pos + (size_t)n > len)
        return false;
    for (int i = 0; i < n; i++) {
        char c = s[*pos + (size_t)i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (unsigned)(c - '0');
    }
    *pos += (size_t)n;
    *val = v;
    return true;
}

static bool S_is(const char *s, size_t len, size_t pos, char c)
{
    return pos < len && s[pos] == c;
}

static vg_status S_fail(vg_error *err, size_t pos, const char *msg)
{
    return vg_error_set(err, VG_PARSE, NULL, 0, (unsigned)pos + 1, "%s", msg);
}

vg_status vg_time_parse(const char *s, size_t len, vg_time *out, vg_error *err)
{
    size_t pos = 0;
    unsigned y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (len == 0)
        return S_fail(err, 0, "empty time: expected ISO 8601 like 2026-01-02T03:04:05Z");
    if (!S_digits(s, len, &pos, 4, &y) || !S_is(s, len, pos, '-'))
        return S_fail(err, pos, "expected a date like 2026-01-02 (YYYY-MM-DD)");
    pos++;
    size_t at = pos;
    if (!S_digits(s, len, &pos, 2, &mo) || !S_is(s, len, pos, '-'))
        return S_fail(err, pos, "expected a date like 2026-01-02 (YYYY-MM-DD)");
    if (mo < 1 || mo > 12)
        return S_fail(err, at, "month out of range (01-12)");
    pos++;
    at = pos;
    if (!S_digits(s, len, &pos, 2, &d))
        return S_fail(err, pos, "expected a date like 2026-01-02 (YYYY-MM-DD)");
    if (d < 1 || d > S_days_in_month(y, mo))
        return S_fail(err, at, "day out of range for the month");
    int64_t days = vg_time_days_from_civil(y, mo, d);
    if (pos == len) {
        *out = days * VG_TIME_DAY; /* a date alone is midnight UTC */
        return VG_OK;
    }
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ')
        return S_fail(err, pos, "expected 'T' and a time after the date");
    pos++;
    at = pos;
    if (!S_digits(s, len, &pos, 2, &h) || !S_is(s, len, pos, ':'))
        return S_fail(err, pos, "expected a time like 03:04:05 (HH:MM:SS)");
    if (h > 23)
        return S_fail(err, at, "hour out of range (00-23)");
    pos++;
    at = pos;
    if (!S_digits(s, len, &pos, 2, &mi))
        return S_fail(err, pos, "expected a time like 03:04:05 (HH:MM:SS)");
    if (mi > 59)
        return S_fail(err, at, "minute out of range (00-59)");
    if (S_is(s, len, pos, ':')) {
        pos++;
        at = pos;
        if (!S_digits(s, len, &pos, 2, &sec))
            return S_fail(err, pos, "expected seconds (SS) after ':'");
        if (sec > 59)
            return S_fail(err, at, "second out of range (00-59)");
        if (S_is(s, len, pos, '.') || S_is(s, len, pos, ',')) {
            pos++;
            size_t first = pos;
            while (pos < len && s[pos] >= '0' && s[pos] <= '9')
                pos++; /* the fraction is dropped: whole seconds are what schedules use */
            if (pos == first)
                return S_fail(err, pos, "expected digits after the decimal point");
        }
    }
    int64_t offset = 0;
    if (pos == len)
        return S_fail(err, pos, "missing time zone: add 'Z' for UTC or an offset like +02:00");
    if (s[pos] == 'Z' || s[pos] == 'z') {
        pos++;
    } else if (s[pos] == '+' || s[pos] == '-') {
        int sign = s[pos] == '-' ? -1 : 1;
        unsigned oh, om = 0;
        pos++;
        at = pos;
        if (!S_digits(s, len, &pos, 2, &oh))
            return S_fail(err, pos, "expected a zone offset like +02:00");
        if (oh > 23)
            return S_fail(err, at, "zone offset hours out of range (00-23)");
        if (pos < len) {
            if (s[pos] == ':')
                pos++;
            at = pos;
            if (!S_digits(s, len, &pos, 2, &om))
                return S_fail(err, pos, "expected a zone offset like +02:00");
            if (om > 59)
                return S_fail(err, at, "zone offset minutes out of range (00-59)");
        }
        offset = sign * ((int64_t)oh * 3600 + (int64_t)om * 60);
    } else {
        return S_fail(err, pos, "expected a time zone ('Z' or an offset like +02:00)");
    }
    if (pos != len)
        return S_fail(err, pos, "unexpected text after the time zone");
    /* local time = UTC + offset, so UTC = local - offset */
    *out = days * VG_TIME_DAY + (int64_t)h * 3600 + (int64_t)mi * 60 + (int64_t)sec - offset;
    return VG_OK;
}

int vg_time_format(vg_time t, char *buf, size_t size)
{
    int64_t day = vg_time_day(t);
    int64_t secs = t % VG_TIME_DAY; /* not t - day * 86400: that overflows near INT64_MIN */
    if (secs < 0)
        secs += VG_TIME_DAY;
    int64_t y;
    unsigned m, d;
    vg_time_civil_from_days(day, &y, &m, &d);
    unsigned hh = (unsigned)(secs / 3600), mm = (unsigned)(secs / 60 % 60),
             ss = (unsigned)(secs % 60);
    if (y >= 0 && y <= 9999)
        return snprintf(buf, size, "%04" PRId64 "-%02u-%02uT%02u:%02u:%02uZ", y, m, d, hh, mm, ss);
    return snprintf(buf, size, "%+05" PRId64 "-%02u-%02uT%02u:%02u:%02uZ", y, m, d, hh, mm, ss);
}

static int64_t S_start_secs(const vg_days *d)
{
    return d && d->start_hour > 0 && d->start_hour < 24 ? (int64_t)d->start_hour * 3600 : 0;
}

int64_t vg_days_index(const vg_days *d, vg_time t)
{
    return vg_time_day(t + vg_days_offset(d, t) - S_start_secs(d));
}

/* The UTC instant the study day `index` begins: the first instant whose study day is it. The
 * guess (its local wall time minus the offset near it) is bracketed by hours and the boundary
 * found by bisection, so a DST change on that day, or a start hour inside a spring-forward gap
 * (the day begins once the clock reads it), lands on the right second. Bounded loops: an
 * offset function that misbehaves gives a wrong day, never a hang. */
static vg_time S_day_begin(const vg_days *d, int64_t index, vg_time near)
{
    vg_time hi = index * VG_TIME_DAY + S_start_secs(d) - vg_days_offset(d, near);
    for (int i = 0; i < 64 && vg_days_index(d, hi) < index; i++)
        hi += 3600;
    vg_time lo = hi - 3600;
    for (int i = 0; i < 64 && vg_days_index(d, lo) >= index; i++)
        lo -= 3600;
    while (hi - lo > 1) {
        vg_time mid = lo + (hi - lo) / 2;
        if (vg_days_index(d, mid) >= index)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

vg_time vg_days_start(const vg_days *d, vg_time t)
{
    vg_time s = S_day_begin(d, vg_days_index(d, t), t);
    return s > t ? t : s;
}

vg_time vg_days_next_start(const vg_days *d, vg_time t)
{
    vg_time s = S_day_begin(d, vg_days_index(d, t) + 1, t + VG_TIME_DAY);
    return s <= t ? t + 1 : s;
}

void vg_days_local(const vg_days *d, vg_time t, int64_t *y, unsigned *m, unsigned *day,
                   unsigned *hour, unsigned *minute)
{
    vg_time local = t + vg_days_offset(d, t);
    int64_t secs = local % VG_TIME_DAY;
    if (secs < 0)
        secs += VG_TIME_DAY;
    vg_time_civil_from_days(vg_time_day(local), y, m, day);
    *hour = (unsigned)(secs / 3600);
    *minute = (unsigned)(secs / 60 % 60);
}

int32_t vg_time_offset_at(vg_time t, int64_t y, unsigned m, unsigned d, unsigned h, unsigned mi,
                          unsigned s)
{
    int64_t local =
        vg_time_days_from_civil(y, m, d) * VG_TIME_DAY + (int64_t)h * 3600 + (int64_t)mi * 60 + s;
    return (int32_t)(local - t);
}
