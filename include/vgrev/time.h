/* Time values: Unix seconds in UTC, ISO-8601 parsing and formatting.
 *
 * vg_time counts seconds since 1970-01-01T00:00:00Z, ignoring leap seconds (POSIX time).
 * Seconds are enough for scheduling: the FSRS reference (ts-fsrs) counts elapsed days by
 * UTC calendar date and adds whole minutes or whole days to the review time, so a fraction of
 * a second never changes a schedule. Parsing drops fractional seconds (rounds toward the past).
 *
 * Pure code: no clock, no time zone database, no dependence on TZ or the C library's
 * timegm/gmtime. Nothing here allocates.
 *
 * Study days (vg_days) are local: the caller that owns the environment (src/cli) passes the
 * zone in as a function giving the UTC offset at any instant (it probes localtime_r), so the
 * core can place reviews of the past and across DST changes on their local days without
 * reading TZ or mutating the process. */
#ifndef VGREV_TIME_H
#define VGREV_TIME_H

#include <stddef.h>
#include <stdint.h>

#include "vgrev/error.h"

typedef int64_t vg_time;

enum {
    VG_TIME_DAY = 86400,
    /* Room for any vg_time formatted by vg_time_format, NUL included. */
    VG_TIME_ISO_MAX = 40
};

/* Parses an ISO-8601 / RFC 3339 time from s[0..len) (no NUL needed):
 *   2026-01-02T03:04:05Z, 2026-01-02T03:04:05.250+02:00, 2026-01-02T03:04Z,
 *   2026-01-02 03:04:05-0500, 2026-01-02 (midnight UTC).
 * A time of day needs a zone ('Z' or an offset): local time would depend on the machine.
 * On success stores the time in *out and returns VG_OK. On failure returns VG_PARSE and fills
 * err (when not NULL) with a message and, in err->col, the 1-based byte offset in s of the
 * problem; err->file is empty and err->line 0, for the caller to place in its own file. */
vg_status vg_time_parse(const char *s, size_t len, vg_time *out, vg_error *err);

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ" into buf (years outside 0..9999 get a sign and more
 * digits, as ISO 8601's expanded form). Always NUL-terminates when size > 0; returns the
 * length it wanted, as snprintf does. */
int vg_time_format(vg_time t, char *buf, size_t size);

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m 1..12, d 1..31). */
int64_t vg_time_days_from_civil(int64_t y, unsigned m, unsigned d);

/* The UTC offset in seconds of a zone whose local time at instant t is the civil time
 * y-m-d h:mi:s (as localtime_r gives it: year, month 1-12, day, hour, minute, second). */
int32_t vg_time_offset_at(vg_time t, int64_t y, unsigned m, unsigned d, unsigned h, unsigned mi,
                          unsigned s);

/* The proleptic Gregorian date of a day number (days since 1970-01-01). */
void vg_time_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

/* The UTC day number of t: floor(t / 86400), also for times before 1970. Inline: the
 * scheduler counts days at every review. */
static inline int64_t vg_time_day(vg_time t)
{
    int64_t q = t / VG_TIME_DAY;
    return q - (t % VG_TIME_DAY < 0);
}

/* A study-day calendar: a day starts at start_hour local time. The local time of t is
 * t + offset_at(t, ctx) when offset_at is set, else t + fixed_offset. Zero-initialised it is
 * ts-fsrs's calendar: UTC days from midnight. A value the caller owns; ctx is borrowed. */
typedef int32_t (*vg_tz_offset_fn)(vg_time t, void *ctx);
typedef struct vg_days {
    vg_tz_offset_fn offset_at; /* seconds east of UTC at t (e.g. -18000 in New York's winter) */
    void *ctx;
    int32_t fixed_offset; /* used when offset_at is NULL */
    int32_t start_hour;   /* 0..23; out of range counts as 0 */
} vg_days;

/* Seconds east of UTC at t (d NULL: 0). */
static inline int32_t vg_days_offset(const vg_days *d, vg_time t)
{
    if (!d)
        return 0;
    return d->offset_at ? d->offset_at(t, d->ctx) : d->fixed_offset;
}

/* The study day of t: days since 1970-01-01 of the local date, counting a time before the
 * start hour as the day before. Under the zero calendar it equals vg_time_day(t). */
int64_t vg_days_index(const vg_days *d, vg_time t);

/* The instant (UTC) the study day of t began, and the instant the next one begins. Across a
 * DST change a study day lasts 23 or 25 hours; a start hour that does not exist that day
 * (spring forward) begins the day at the first instant after the gap. */
vg_time vg_days_start(const vg_days *d, vg_time t);
vg_time vg_days_next_start(const vg_days *d, vg_time t);

/* Local calendar date and time of day of t under d (the start hour does not matter). */
void vg_days_local(const vg_days *d, vg_time t, int64_t *y, unsigned *m, unsigned *day,
                   unsigned *hour, unsigned *minute);

#endif
