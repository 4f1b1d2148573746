/* The statistics as text: tables, a column chart of the forecast, a heat map of the reviews,
 * histograms as horizontal bars. Every line is UTF-8 without control characters, padded by
 * display width, with no trailing spaces. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vgrev/stats.h"
#include "vgrev/utf8.h"

enum { S_FORECAST_HEIGHT = 6 };

/* U+2581..U+2588: a column's top cell, 1..8 eighths. */
static const char *const S_eighths[9] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
static const char *const S_shades[5] = {"·", "░", "▒", "▓", "█"};

/* Drops the spaces at the end of out, back to `start`. */
static void S_trim(vg_buf *out, size_t start)
{
    while (out->len > start && out->data[out->len - 1] == ' ')
        out->len--;
    if (out->data)
        out->data[out->len] = '\0';
}

static void S_spaces(vg_buf *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        vg_buf_addc(out, ' ');
}

/* s, then spaces up to `width` display columns (right: spaces first). */
static void S_pad(vg_buf *out, const char *s, size_t width, bool right)
{
    size_t w = vg_text_width(s, strlen(s));
    if (right)
        S_spaces(out, w < width ? width - w : 0);
    vg_buf_adds(out, s);
    if (!right)
        S_spaces(out, w < width ? width - w : 0);
}

/* ---- charts ---- */

size_t vg_chart_eighths(size_t value, size_t max, size_t height)
{
    if (!value || !max)
        return 0;
    if (value >= max)
        return height * 8;
    /* round(value * 8h / max) in integers, and never 0 for a value that is not 0 */
    size_t full = height * 8;
    size_t e = (size_t)(((double)value * (double)full) / (double)max + 0.5);
    return e ? e : 1;
}

static size_t S_max(const size_t *v, size_t n)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] > m)
            m = v[i];
    return m;
}

/* One row of a column chart (row 0 at the top), no newline, trailing spaces trimmed. */
void vg_chart_columns_row(const size_t *v, size_t n, size_t max, size_t height, size_t row,
                          size_t gap, vg_buf *out)
{
    size_t start = out->len;
    size_t floor8 = (height - 1 - row) * 8; /* eighths below this row */
    for (size_t i = 0; i < n; i++) {
        size_t e = vg_chart_eighths(v[i], max, height);
        size_t cell = e <= floor8 ? 0 : (e - floor8 > 8 ? 8 : e - floor8);
        vg_buf_adds(out, S_eighths[cell]);
        S_spaces(out, gap);
    }
    S_trim(out, start);
}

void vg_chart_columns(const size_t *v, size_t n, size_t max, size_t height, size_t indent,
                      size_t gap, vg_buf *out)
{
    if (!max)
        max = S_max(v, n);
    for (size_t row = 0; row < height; row++) {
        size_t start = out->len;
        S_spaces(out, indent);
        vg_chart_columns_row(v, n, max, height, row, gap, out);
        S_trim(out, start);
        vg_buf_addc(out, '\n');
    }
}

size_t vg_chart_hbar(size_t value, size_t max, size_t width, vg_buf *out)
{
    if (!value || !max || !width)
        return 0;
    size_t halves = value >= max
                        ? 2 * width
                        : (size_t)((double)value * 2.0 * (double)width / (double)max + 0.5);
    if (!halves)
        halves = 1;
    for (size_t i = 0; i < halves / 2; i++)
        vg_buf_adds(out, "█");
    if (halves % 2)
        vg_buf_adds(out, "▌");
    return (halves + 1) / 2;
}

unsigned vg_chart_shade_level(size_t value, size_t max)
{
    if (!value || !max)
        return 0;
    if (value >= max)
        return 4;
    /* ceil(4 value / max) without overflow: value < max here */
    return (unsigned)((4 * (double)value + (double)max - 1) / (double)max);
}

const char *vg_chart_shade(unsigned level)
{
    return S_shades[level > 4 ? 4 : level];
}

/* ---- dates ---- */

/* "YYYY-MM-DD" or "MM-DD" of the local date of a study day starting at t. */
static void S_date(const vg_stats *st, vg_time t, bool year, vg_buf *out)
{
    int64_t y;
    unsigned m, d;
    /* Midday of the study day: a day start plus whole days may be an hour off across DST. */
    vg_time_civil_from_days(vg_days_index(&st->days, t + VG_TIME_DAY / 2), &y, &m, &d);
    if (year)
        vg_buf_printf(out, "%04" PRId64 "-%02u-%02u", y, m, d);
    else
        vg_buf_printf(out, "%02u-%02u", m, d);
}

/* ---- parts ---- */

static void S_count_line(vg_buf *out, const char *label, size_t n)
{
    vg_buf_adds(out, "  ");
    S_pad(out, label, 14, false);
    vg_buf_printf(out, "%6zu\n", n);
}

void vg_stats_format_counts(const vg_stats *st, vg_buf *out)
{
    const vg_stats_counts *k = &st->counts;
    vg_buf_printf(out, "Cards%17zu\n", k->cards);
    S_count_line(out, "new", k->new_cards);
    S_count_line(out, "learning", k->learning);
    vg_buf_printf(out, "  review        %6zu", k->review);
    if (k->review)
        vg_buf_printf(out, "   (%zu mature: an interval of %d days or more)", k->mature,
                      VG_STATS_MATURE_DAYS);
    vg_buf_addc(out, '\n');
    S_count_line(out, "relearning", k->relearning);
    S_count_line(out, "suspended", k->suspended);
    S_count_line(out, "buried", k->buried);
    if (k->orphans)
        vg_buf_printf(out,
                      "  %zu progress record%s of this deck match%s no card: see 'vgrev check"
                      " --progress'\n",
                      k->orphans, k->orphans == 1 ? "" : "s", k->orphans == 1 ? "es" : "");
}

enum S_field { F_REVIEWS, F_CARDS, F_FIRST, F_LEARNING, F_REVIEW, F_RELEARNING, F_AGAIN };

static size_t S_field(const vg_stats_period *p, enum S_field f)
{
    switch (f) {
    case F_REVIEWS:
        return p->reviews;
    case F_CARDS:
        return p->cards;
    case F_FIRST:
        return p->first;
    case F_LEARNING:
        return p->learning;
    case F_REVIEW:
        return p->review;
    case F_RELEARNING:
        return p->relearning;
    default:
        return p->again;
    }
}

static void S_period_row(vg_buf *out, const vg_stats *st, const char *label, enum S_field f)
{
    vg_buf_adds(out, "  ");
    S_pad(out, label, 16, false);
    for (int p = 0; p < VG_STATS_NPERIODS; p++)
        vg_buf_printf(out, "%9zu", S_field(&st->period[p], f));
    vg_buf_addc(out, '\n');
}

/* A duration of ms, short: "45s", "12m 05s", "3h 20m". */
static void S_duration(vg_buf *out, int64_t ms)
{
    char b[32];
    int64_t s = (ms + 500) / 1000;
    if (s < 60)
        snprintf(b, sizeof b, "%llds", (long long)s);
    else if (s < 3600)
        snprintf(b, sizeof b, "%lldm %02llds", (long long)(s / 60), (long long)(s % 60));
    else
        snprintf(b, sizeof b, "%lldh %02lldm", (long long)(s / 3600), (long long)(s / 60 % 60));
    vg_buf_printf(out, "%9s", b);
}

/* The time studied (the kept answer times) and the average answer time, per period. */
static void S_time_rows(vg_buf *out, const vg_stats *st)
{
    vg_buf_adds(out, "  time studied    ");
    for (int p = 0; p < VG_STATS_NPERIODS; p++)
        S_duration(out, st->period[p].ms);
    vg_buf_adds(out, "\n  per card        ");
    for (int p = 0; p < VG_STATS_NPERIODS; p++) {
        const vg_stats_period *per = &st->period[p];
        if (!per->timed)
            vg_buf_printf(out, "%9s", "-");
        else
            vg_buf_printf(out, "%8.1fs", (double)per->ms / (double)per->timed / 1000.0);
    }
    vg_buf_addc(out, '\n');
}

void vg_stats_format_reviews(const vg_stats *st, vg_buf *out)
{
    vg_buf_adds(out, "Reviews               today   7 days  30 days      all\n");
    S_period_row(out, st, "answers", F_REVIEWS);
    S_period_row(out, st, "cards", F_CARDS);
    S_period_row(out, st, "new cards", F_FIRST);
    S_period_row(out, st, "learning", F_LEARNING);
    S_period_row(out, st, "review", F_REVIEW);
    S_period_row(out, st, "relearning", F_RELEARNING);
    S_period_row(out, st, "again", F_AGAIN);
    if (st->period[VG_STATS_ALL].timed)
        S_time_rows(out, st);
}

/* " pass fail   rate" of one column group: counts, then the rate or "-". */
static void S_tr_group(vg_buf *out, size_t passed, size_t failed)
{
    vg_buf_printf(out, "  %6zu %5zu", passed, failed);
    double r = vg_stats_pass_rate(passed, failed);
    if (r < 0)
        vg_buf_printf(out, " %6s", "-");
    else
        vg_buf_printf(out, " %5.1f%%", 100 * r);
}

void vg_stats_format_retention(const vg_stats *st, vg_buf *out)
{
    static const char *const names[VG_STATS_TR_N] = {"today",        "yesterday",     "last 7 days",
                                                     "last 30 days", "last 365 days", "all time"};
    vg_buf_adds(out, "True retention");
    if (st->desired_retention > 0)
        vg_buf_printf(out, " (desired retention %.0f%%)", 100 * st->desired_retention);
    vg_buf_adds(
        out, "\n                                young               mature                  all\n"
             "                    pass  fail   rate    pass  fail   rate    pass  fail   rate\n");
    for (int p = 0; p < VG_STATS_TR_N; p++) {
        const vg_stats_tr *t = &st->tr[p];
        vg_buf_adds(out, "  ");
        S_pad(out, names[p], 14, false);
        S_tr_group(out, t->young_passed, t->young_failed);
        S_tr_group(out, t->mature_passed, t->mature_failed);
        S_tr_group(out, t->young_passed + t->mature_passed, t->young_failed + t->mature_failed);
        vg_buf_addc(out, '\n');
    }
    vg_buf_printf(out,
                  "  (answers to cards in review, a card's first of the day; young: an interval\n"
                  "  under %d days; pass: Hard, Good or Easy; fail: Again)\n",
                  VG_STATS_MATURE_DAYS);
}

void vg_stats_format_forecast(const vg_stats *st, size_t width, vg_buf *out)
{
    const size_t n = VG_STATS_FORECAST_DAYS;
    size_t week = 0, month = 0;
    for (size_t i = 0; i < n; i++) {
        week += i < 7 ? st->forecast[i] : 0;
        month += st->forecast[i];
    }
    vg_buf_printf(out, "Due forecast, next %zu days", n);
    if (st->overdue)
        vg_buf_printf(out, " (today includes %zu overdue)", st->overdue);
    vg_buf_addc(out, '\n');
    vg_buf_printf(out, "  today %zu, tomorrow %zu, 7 days %zu, 30 days %zu, later %zu\n",
                  st->forecast[0], st->forecast[1], week, month, st->later);
    size_t max = S_max(st->forecast, n);
    if (!max)
        return;
    /* The y axis: the largest value on the top row, 0 on the axis line. */
    char top[24];
    int lw = snprintf(top, sizeof top, "%zu", max);
    size_t label = (size_t)lw + 3;
    size_t gap = label + 1 + 2 * n <= width ? 1 : 0; /* one column per day when narrow */
    for (size_t row = 0; row < S_FORECAST_HEIGHT; row++) {
        size_t start = out->len;
        if (row == 0)
            S_pad(out, top, label - 1, true);
        else
            S_spaces(out, label - 1);
        vg_buf_adds(out, row == 0 ? " ┤" : " │");
        vg_chart_columns_row(st->forecast, n, max, S_FORECAST_HEIGHT, row, gap, out);
        S_trim(out, start);
        vg_buf_addc(out, '\n');
    }
    S_pad(out, "0", label - 1, true);
    vg_buf_adds(out, " └");
    for (size_t i = 0; i < n * (1 + gap); i++)
        vg_buf_adds(out, "─");
    vg_buf_addc(out, '\n');
    /* Dates under days 0, 7, 14, ...: five columns each, when they fit. */
    size_t step = 7, start = out->len;
    S_spaces(out, label + 1);
    size_t col = 0;
    for (size_t i = 0; i < n; i += step) {
        size_t at = i * (1 + gap);
        S_spaces(out, at > col ? at - col : 0);
        col = at > col ? at : col;
        S_date(st, st->today + (vg_time)i * VG_TIME_DAY, false, out);
        col += 5;
    }
    S_trim(out, start);
    vg_buf_addc(out, '\n');
}

static const char *const S_months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const S_weekdays[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

void vg_stats_format_heatmap(const vg_stats *st, vg_buf *out)
{
    vg_buf_printf(out, "Reviews per day, last %d weeks (", VG_STATS_HEAT_WEEKS);
    S_date(st, st->heat_start, true, out);
    vg_buf_adds(out, " to ");
    S_date(st, st->today, true, out);
    vg_buf_adds(out, ")\n");

    /* A month's name over the first week whose Monday is in it (as calendars of activity
     * do), and over the first week, unless the next week already names a month: the names
     * would touch. A cell is two columns wide. */
    enum { S_LEFT = 7 };
    char names[VG_STATS_HEAT_WEEKS][4] = {{0}};
    unsigned prev = 0;
    for (size_t w = 0; w < VG_STATS_HEAT_WEEKS; w++) {
        int64_t y;
        unsigned m, day;
        vg_time monday = st->heat_start + (vg_time)(7 * w) * VG_TIME_DAY;
        vg_time_civil_from_days(vg_days_index(&st->days, monday + VG_TIME_DAY / 2), &y, &m, &day);
        if (m != prev)
            memcpy(names[w], S_months[m - 1], 4);
        prev = m;
    }
    if (names[1][0])
        names[0][0] = '\0';
    size_t start = out->len;
    S_spaces(out, S_LEFT);
    for (size_t w = 0; w < VG_STATS_HEAT_WEEKS; w++) {
        if (names[w][0]) {
            vg_buf_adds(out, names[w]);
            /* A name takes the next week's cell too: it is never named (a month is 4+ weeks). */
            S_spaces(out, 1);
            w++;
            continue;
        }
        S_spaces(out, 2);
    }
    S_trim(out, start);
    vg_buf_addc(out, '\n');

    for (size_t d = 0; d < 7; d++) {
        start = out->len;
        vg_buf_printf(out, "  %s  ", S_weekdays[d]);
        for (size_t w = 0; w < VG_STATS_HEAT_WEEKS; w++) {
            size_t i = 7 * w + d;
            if (i > st->heat_today)
                S_spaces(out, 2);
            else
                vg_buf_printf(out, "%s ",
                              vg_chart_shade(vg_chart_shade_level(st->heat[i], st->heat_max)));
        }
        S_trim(out, start);
        vg_buf_addc(out, '\n');
    }

    /* The legend: the answers each shade stands for (level k: (k-1)/4 max < n <= k/4 max). */
    vg_buf_printf(out, "  %s none", vg_chart_shade(0));
    for (unsigned k = 1; k <= 4 && st->heat_max; k++) {
        size_t lo = (k - 1) * st->heat_max / 4 + 1, hi = k * st->heat_max / 4;
        if (lo > hi)
            continue;
        if (lo == hi)
            vg_buf_printf(out, "  %s %zu", vg_chart_shade(k), lo);
        else
            vg_buf_printf(out, "  %s %zu–%zu", vg_chart_shade(k), lo, hi);
    }
    size_t studied = 0;
    for (size_t i = 0; i <= st->heat_today; i++)
        studied += st->heat[i] > 0;
    vg_buf_printf(out, "   (reviews on %zu of %zu days)\n", studied, st->heat_today + 1);
}

/* An amount of days as the answer buttons show intervals ("5.3h", "12d", "2.1mo", "1.3y"). */
static void S_days(double days, vg_buf *out)
{
    char s[24];
    double secs = days * VG_TIME_DAY;
    if (secs > 1e15) /* a hand-edited cache: keep the conversion defined */
        secs = 1e15;
    vg_sched_format_interval((int64_t)llround(secs), s, sizeof s);
    vg_buf_adds(out, s);
}

static void S_hist(const vg_stats_hist *h, const char *const *labels, size_t width, vg_buf *out)
{
    size_t max = S_max(h->count, h->nbuckets);
    size_t bar = width > 26 + 10 ? width - 26 : 10;
    for (size_t i = 0; i < h->nbuckets; i++) {
        size_t start = out->len;
        vg_buf_adds(out, "  ");
        S_pad(out, labels[i], 14, false);
        vg_buf_printf(out, "%6zu  ", h->count[i]);
        vg_chart_hbar(h->count[i], max, bar, out);
        S_trim(out, start);
        vg_buf_addc(out, '\n');
    }
}

void vg_stats_format_spread(const vg_stats *st, size_t width, vg_buf *out)
{
    static const char *const stab[] = {"< 1 day",    "1–7 days",    "7–30 days",
                                       "30–90 days", "90–365 days", "1 year or more"};
    static const char *const diff[] = {"1–2", "2–3", "3–4", "4–5", "5–6",
                                       "6–7", "7–8", "8–9", "9–10"};
    static const char *const ease[] = {"1.3–1.5", "1.5–1.7", "1.7–1.9", "1.9–2.1",    "2.1–2.3",
                                       "2.3–2.5", "2.5–2.7", "2.7–2.9", "2.9 or more"};
    bool sm2 = st->kind == VG_SCHED_SM2;
    const vg_stats_hist *s = &st->stability, *d = &st->difficulty;
    if (!s->n && !d->n) {
        vg_buf_printf(out, "%s: no card reviewed yet\n",
                      sm2 ? "Interval and ease" : "Stability and difficulty");
        return;
    }
    vg_buf_printf(out, "%s, %zu card%s", sm2 ? "Interval" : "Stability", s->n,
                  s->n == 1 ? "" : "s");
    if (s->n) {
        vg_buf_adds(out, ": median ");
        S_days(s->median, out);
        vg_buf_adds(out, ", mean ");
        S_days(s->mean, out);
    }
    vg_buf_addc(out, '\n');
    S_hist(s, stab, width, out);
    if (sm2)
        vg_buf_printf(out, "Ease (E-Factor), %zu card%s", d->n, d->n == 1 ? "" : "s");
    else
        vg_buf_printf(out, "Difficulty (1 easiest, 10 hardest), %zu card%s", d->n,
                      d->n == 1 ? "" : "s");
    if (d->n)
        vg_buf_printf(out, ": median %.2f, mean %.2f", d->median, d->mean);
    vg_buf_addc(out, '\n');
    S_hist(d, sm2 ? ease : diff, width, out);
}

void vg_stats_format(const vg_stats *st, size_t width, vg_buf *out)
{
    if (width < 40)
        width = 40;
    vg_stats_format_counts(st, out);
    vg_buf_addc(out, '\n');
    vg_stats_format_reviews(st, out);
    vg_buf_addc(out, '\n');
    vg_stats_format_retention(st, out);
    vg_buf_addc(out, '\n');
    vg_stats_format_forecast(st, width, out);
    vg_buf_addc(out, '\n');
    vg_stats_format_heatmap(st, out);
    vg_buf_addc(out, '\n');
    vg_stats_format_spread(st, width, out);
}
