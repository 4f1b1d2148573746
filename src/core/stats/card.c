/* A card's page (Anki's Card Info): its log replayed through the scheduler, and the FSRS
 * forgetting curve from the last review, as lines of text for `vgrev show --info` and the
 * browser's card page to paint. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vgrev/stats.h"

enum {
    S_CURVE_HEIGHT = 8, /* rows of the curve */
    S_CURVE_MIN = 20,   /* columns, at least */
    S_CURVE_MAX = 64,   /* and at most */
    S_LABEL = 6,        /* "100% ┤" */
};

bool vg_card_info_replay(const vg_sched *sched, const vg_record *rec, vg_card_info_review **out,
                         vg_sched_card *last)
{
    *out = NULL;
    vg_sched_card_init(last, rec ? rec->id : "", rec ? VG_CARD_ID_LEN : 0);
    if (!rec || !rec->nreviews)
        return true;
    vg_card_info_review *v = calloc(rec->nreviews, sizeof *v);
    if (!v)
        return false;
    bool reset = false;
    for (size_t i = 0; i < rec->nreviews; i++) {
        const vg_review *r = &rec->reviews[i];
        vg_card_info_review *o = &v[i];
        if (!reset && rec->reset_at && r->t > rec->reset_at) { /* forgotten: New again */
            vg_sched_card_init(last, rec->id, VG_CARD_ID_LEN);
            reset = true;
        }
        o->t = r->t;
        o->rating = r->rating;
        o->ms = r->ms;
        o->state = last->state;
        o->retrievability =
            last->state == VG_CARD_NEW ? -1 : vg_sched_retrievability(sched, last, r->t);
        vg_sched_next(sched, last, (vg_rating)r->rating, r->t, last);
        o->interval = last->due - r->t;
        o->stability = last->stability;
        o->difficulty = last->difficulty;
    }
    if (!reset && rec->reset_at)
        vg_sched_card_init(last, rec->id, VG_CARD_ID_LEN);
    *out = v;
    return true;
}

static const char *const S_ratings[5] = {"", "Again", "Hard", "Good", "Easy"};

/* "2026-03-02 09:00" in local time. */
static void S_date(vg_buf *out, vg_time t, int32_t utc_offset)
{
    vg_time l = t + utc_offset;
    int64_t y;
    unsigned m, d;
    vg_time_civil_from_days(vg_time_day(l), &y, &m, &d);
    int64_t sec = l - vg_time_day(l) * VG_TIME_DAY;
    vg_buf_printf(out, "%04lld-%02u-%02u %02d:%02d", (long long)y, m, d, (int)(sec / 3600),
                  (int)(sec / 60 % 60));
}

static void S_interval(vg_buf *out, int64_t seconds, int pad)
{
    char b[32];
    vg_sched_format_interval(seconds < 0 ? 0 : seconds, b, sizeof b);
    vg_buf_printf(out, "%*s", pad, b);
}

static void S_ms(vg_buf *out, int32_t ms, int pad)
{
    if (ms == VG_MS_NONE)
        vg_buf_printf(out, "%*s", pad, "-");
    else
        vg_buf_printf(out, "%*.1fs", pad - 1, ms / 1000.0);
}

static void S_summary(const vg_sched *sched, const vg_record *rec, const vg_sched_card *c,
                      const vg_card_info_review *v, vg_time now, int32_t utc_offset, vg_buf *out)
{
    size_t n = rec ? rec->nreviews : 0;
    vg_buf_printf(out, "State           %s%s\n", vg_card_state_name(c->state),
                  rec && rec->suspended ? " (suspended)" : "");
    if (!n) {
        vg_buf_adds(out, "Reviews         0 (never studied)\n");
        return;
    }
    if (rec->reset_at) {
        vg_buf_adds(out, "Reset to new    ");
        S_date(out, rec->reset_at, utc_offset);
        vg_buf_addc(out, '\n');
    }
    if (c->state == VG_CARD_NEW) {
        vg_buf_printf(out, "Reviews         %zu before the reset\n", n);
        return;
    }
    vg_buf_adds(out, "First review    ");
    S_date(out, v[0].t, utc_offset);
    vg_buf_adds(out, "\nLast review     ");
    S_date(out, v[n - 1].t, utc_offset);
    vg_buf_adds(out, "\nDue             ");
    S_date(out, c->due, utc_offset);
    if (c->due > now) {
        vg_buf_adds(out, " (in ");
        S_interval(out, c->due - now, 0);
        vg_buf_addc(out, ')');
    } else {
        vg_buf_adds(out, " (due now)");
    }
    if (rec->buried_until > now) {
        vg_buf_adds(out, "\nBuried until    ");
        S_date(out, rec->buried_until, utc_offset);
    }
    int64_t total = 0;
    size_t timed = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i].ms != VG_MS_NONE) {
            total += v[i].ms;
            timed++;
        }
    vg_buf_printf(out, "\nReviews         %zu, lapses %d\n", n, (int)c->lapses);
    if (sched->p.kind == VG_SCHED_FSRS)
        vg_buf_printf(out,
                      "Stability       %.2f days\nDifficulty      %.2f\n"
                      "Retrievability  %.0f%% now\n",
                      c->stability, c->difficulty,
                      100 * vg_sched_forgetting_curve(
                                sched, (double)(now - c->last_review) / VG_TIME_DAY, c->stability));
    else
        vg_buf_printf(out, "Interval        %.0f days\nEase            %.0f%%\n", c->stability,
                      100 * c->difficulty);
    if (timed) {
        vg_buf_printf(out, "Time studied    %.1fs, %.1fs per review\n", total / 1000.0,
                      (double)total / (double)timed / 1000.0);
    }
}

static void S_log(const vg_sched *sched, const vg_card_info_review *v, size_t n, int32_t utc_offset,
                  vg_buf *out)
{
    bool fsrs = sched->p.kind == VG_SCHED_FSRS;
    vg_buf_printf(out, "Review log\n  %-16s  %-6s %8s %9s %10s %5s %7s\n", "date", "rating",
                  "interval", fsrs ? "stability" : "interval", fsrs ? "difficulty" : "ease", "R",
                  "time");
    for (size_t i = 0; i < n; i++) {
        const vg_card_info_review *r = &v[i];
        vg_buf_adds(out, "  ");
        S_date(out, r->t, utc_offset);
        vg_buf_printf(out, "  %-6s ", S_ratings[r->rating >= 1 && r->rating <= 4 ? r->rating : 0]);
        S_interval(out, r->interval, 8);
        if (fsrs)
            vg_buf_printf(out, " %8.2fd %10.2f", r->stability, r->difficulty);
        else
            vg_buf_printf(out, " %8.0fd %9.0f%%", r->stability, 100 * r->difficulty);
        if (r->retrievability < 0 || !fsrs)
            vg_buf_printf(out, " %5s", "-");
        else
            vg_buf_printf(out, " %4.0f%%", 100 * r->retrievability);
        S_ms(out, r->ms, 8);
        vg_buf_addc(out, '\n');
    }
}

/* The curve: one column per step of time from the last review, each filled up to R in
 * eighths of a row (▁..█) over the range [lo, 100%] (lo a little under the lowest value, so the
 * fall shows), the desired retention a dashed row where the curve is below it. */
static void S_curve(const vg_sched *sched, const vg_sched_card *c, size_t width, vg_buf *out)
{
    static const char *const blocks[9] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    size_t cols = width > S_LABEL + 4 ? width - S_LABEL - 4 : 0;
    cols = cols < S_CURVE_MIN ? S_CURVE_MIN : cols > S_CURVE_MAX ? S_CURVE_MAX : cols;
    double ivl = (double)(c->due - c->last_review) / VG_TIME_DAY;
    double span = 2 * (ivl > 0.5 ? ivl : 0.5); /* past the due time: "and beyond" */
    double retention = sched->p.desired_retention;
    double r[S_CURVE_MAX];
    double low = retention;
    for (size_t x = 0; x < cols; x++) {
        double v =
            vg_sched_forgetting_curve(sched, span * (double)x / (double)(cols - 1), c->stability);
        r[x] = v < 0 ? 0 : v > 1 ? 1 : v;
        low = r[x] < low ? r[x] : low;
    }
    double lo = floor(low * 10) / 10 - 0.1;
    lo = lo < 0 ? 0 : lo;
    const size_t full = (size_t)S_CURVE_HEIGHT * 8;
    size_t eighths[S_CURVE_MAX];
    for (size_t x = 0; x < cols; x++)
        eighths[x] = (size_t)lround((r[x] - lo) / (1 - lo) * (double)full);
    size_t target = (size_t)lround((retention - lo) / (1 - lo) * (double)full);
    size_t line_row = target ? (target + 7) / 8 : 1; /* 1-based from the bottom */
    vg_buf_printf(out,
                  "Forgetting curve: retrievability after the last review (%.0f%% desired: ╌)\n",
                  100 * retention);
    for (size_t row = S_CURVE_HEIGHT; row >= 1; row--) {
        if (row == S_CURVE_HEIGHT)
            vg_buf_adds(out, "  100% ┤");
        else if (row == line_row)
            vg_buf_printf(out, "  %3.0f%% ┤", 100 * retention);
        else
            vg_buf_adds(out, "       │");
        size_t base = (row - 1) * 8;
        size_t end = out->len;
        for (size_t x = 0; x < cols; x++) {
            size_t h = eighths[x] > base ? eighths[x] - base : 0;
            h = h > 8 ? 8 : h;
            vg_buf_adds(out, h == 0 && row == line_row ? "╌" : blocks[h]);
            if (h || row == line_row)
                end = out->len;
        }
        out->len = end; /* trailing blanks trimmed */
        vg_buf_addc(out, '\n');
    }
    size_t due_col = (size_t)lround(ivl / span * (double)(cols - 1));
    vg_buf_printf(out, "  %3.0f%% └", 100 * lo);
    for (size_t x = 0; x < cols; x++)
        vg_buf_adds(out, x == due_col ? "┴" : "─");
    vg_buf_addc(out, '\n');
    /* Under the axis: the due time at its column (or just after the start), the span's end. */
    char due[32], end[32];
    vg_sched_format_interval(c->due - c->last_review, due, sizeof due);
    vg_sched_format_interval((int64_t)lround(span * VG_TIME_DAY), end, sizeof end);
    vg_buf_adds(out, "        0");
    size_t used = 1;
    if (due_col > used)
        vg_buf_printf(out, "%*s", (int)(due_col - used), "");
    else
        vg_buf_addc(out, ' ');
    used = (due_col > used ? due_col : used + 1) + strlen(due) + 4;
    vg_buf_printf(out, "due %s", due);
    if (cols > used + strlen(end))
        vg_buf_printf(out, "%*s", (int)(cols - used), end);
    vg_buf_addc(out, '\n');
}

void vg_card_info_format(const vg_sched *sched, const vg_record *rec, vg_time now,
                         int32_t utc_offset, size_t width, vg_buf *out)
{
    vg_card_info_review *v = NULL;
    vg_sched_card c;
    if (!vg_card_info_replay(sched, rec, &v, &c)) {
        out->failed = true;
        return;
    }
    S_summary(sched, rec, &c, v, now, utc_offset, out);
    size_t n = rec ? rec->nreviews : 0;
    if (n) {
        vg_buf_addc(out, '\n');
        S_log(sched, v, n, utc_offset, out);
        if (sched->p.kind == VG_SCHED_FSRS && c.stability > 0 && c.due > c.last_review) {
            vg_buf_addc(out, '\n');
            S_curve(sched, &c, width, out);
        }
    }
    free(v);
}
