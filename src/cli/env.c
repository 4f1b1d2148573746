/* What the environment says, each variable read here and nowhere else in src/cli: the clock
 * (VGREV_NOW), the time zone (TZ, through localtime_r), the terminal (TERM, COLUMNS,
 * VGREV_TEST_KEYS) and the tests' check of import's fast path (VGREV_IMPORT_CHECK). The folders
 * (VGREV_HOME, XDG_DATA_HOME, XDG_CONFIG_HOME, HOME) are paths.c's.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* An unset and an empty variable mean the same. */
static const char *S_env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

bool cli_import_check(void)
{
    return S_env("VGREV_IMPORT_CHECK") != NULL;
}

bool cli_clock_fixed(void)
{
    return S_env("VGREV_NOW") != NULL;
}

vg_status cli_now(vg_time *out, vg_error *err)
{
    const char *fixed = S_env("VGREV_NOW");
    if (fixed) {
        vg_error e;
        vg_error_clear(&e);
        if (vg_time_parse(fixed, strlen(fixed), out, &e) != VG_OK)
            return vg_error_set(err, VG_INVALID, NULL, 0, 0, "VGREV_NOW='%s': %s", fixed, e.msg);
        return VG_OK;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    *out = (vg_time)ts.tv_sec;
    return VG_OK;
}

int32_t cli_utc_offset(vg_time t)
{
    time_t tt = (time_t)t;
    struct tm lt;
    if (!localtime_r(&tt, &lt))
        return 0;
    return vg_time_offset_at(t, (int64_t)lt.tm_year + 1900, (unsigned)lt.tm_mon + 1,
                             (unsigned)lt.tm_mday, (unsigned)lt.tm_hour, (unsigned)lt.tm_min,
                             (unsigned)lt.tm_sec);
}

/* The core's calendar asks the offset at every review it places on a day (replay: millions):
 * localtime_r per call would dominate. Offsets are kept per UTC day, direct-mapped: a day whose
 * first and last seconds have the same offset has it throughout (zones change offset at most
 * once a day); a day with a change asks localtime_r each time. */
enum { S_TZ_SLOTS = 4096 };
/* One cache per thread: the core may place reviews on two threads at once (statistics). */
static _Thread_local struct {
    int64_t day;
    int32_t offset;
    bool constant;
} S_tz_cache[S_TZ_SLOTS];
static _Thread_local bool S_tz_cache_ready;

static int32_t S_offset_at(vg_time t, void *ctx)
{
    (void)ctx;
    int64_t day = vg_time_day(t);
    size_t slot = (size_t)((uint64_t)day % S_TZ_SLOTS);
    if (!S_tz_cache_ready) {
        for (size_t i = 0; i < S_TZ_SLOTS; i++)
            S_tz_cache[i].day = INT64_MIN;
        S_tz_cache_ready = true;
    }
    if (S_tz_cache[slot].day != day) {
        int32_t first = cli_utc_offset(day * VG_TIME_DAY);
        S_tz_cache[slot].day = day;
        S_tz_cache[slot].offset = first;
        S_tz_cache[slot].constant = first == cli_utc_offset(day * VG_TIME_DAY + VG_TIME_DAY - 1);
    }
    return S_tz_cache[slot].constant ? S_tz_cache[slot].offset : cli_utc_offset(t);
}

/* TZ naming UTC itself: no probing at all (replay's speed under TZ=UTC). */
static bool S_tz_is_utc(void)
{
    const char *tz = S_env("TZ");
    static const char *const utc[] = {"UTC",     "UTC0", "Etc/UTC",   "GMT", "GMT0",
                                      "Etc/GMT", ":UTC", "Universal", "Zulu"};
    for (size_t i = 0; tz && i < sizeof utc / sizeof *utc; i++)
        if (strcmp(tz, utc[i]) == 0)
            return true;
    return false;
}

vg_days cli_days(int start_hour)
{
    vg_days d = {.start_hour = start_hour};
    if (!S_tz_is_utc()) {
        tzset();
        d.offset_at = S_offset_at;
    }
    return d;
}

bool cli_test_script(void)
{
    return S_env("VGREV_TEST_KEYS") != NULL;
}

bool cli_want_screen(bool plain)
{
    if (plain)
        return false;
    if (cli_test_script())
        return true;
    const char *term = S_env("TERM");
    return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && term && strcmp(term, "dumb") != 0;
}

size_t cli_width(FILE *out)
{
    const char *cols = S_env("COLUMNS");
    if (cols) {
        char *end;
        long n = strtol(cols, &end, 10);
        if (!*end && n >= 20 && n <= 1000)
            return (size_t)n;
    }
    struct winsize ws;
    if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    return 80;
}
