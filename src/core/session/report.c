/* Times and a study session in words (see include/vgrev/report.h). */
#include "vgrev/report.h"

#include <inttypes.h>
#include <stdio.h>

#include "vgrev/render.h"
#include "vgrev/time.h"

void vg_report_clock(int64_t secs, char *buf, size_t size)
{
    if (secs < 0)
        secs = 0;
    if (secs >= 3600)
        snprintf(buf, size, "%lld:%02lld:%02lld", (long long)(secs / 3600),
                 (long long)(secs / 60 % 60), (long long)(secs % 60));
    else
        snprintf(buf, size, "%lld:%02lld", (long long)(secs / 60), (long long)(secs % 60));
}

static void S_plural(char *buf, size_t size, long long n, const char *unit)
{
    snprintf(buf, size, "in %lld %s%s", n, unit, n == 1 ? "" : "s");
}

void vg_report_when(int64_t t, int64_t now, char *buf, size_t size)
{
    int64_t d = t - now;
    if (d <= 0)
        snprintf(buf, size, "now");
    else if (d < 60)
        S_plural(buf, size, (long long)d, "second");
    else if (d < 3600)
        S_plural(buf, size, (long long)((d + 30) / 60), "minute");
    else if (d < 86400)
        S_plural(buf, size, (long long)((d + 1800) / 3600), "hour");
    else
        S_plural(buf, size, (long long)((d + 43200) / 86400), "day");
}

void vg_report_duration(int64_t secs, char *buf, size_t size)
{
    if (secs < 0)
        secs = 0;
    if (secs < 60)
        snprintf(buf, size, "%lld s", (long long)secs);
    else if (secs < 3600 && secs % 60 == 0)
        snprintf(buf, size, "%lld min", (long long)(secs / 60));
    else if (secs < 3600)
        snprintf(buf, size, "%lld min %lld s", (long long)(secs / 60), (long long)(secs % 60));
    else
        snprintf(buf, size, "%lld h %lld min", (long long)(secs / 3600),
                 (long long)(secs / 60 % 60));
}

void vg_report_due(int64_t due, int64_t now, int64_t utc_offset, bool full, char *buf, size_t size)
{
    int64_t day = vg_time_day(due + utc_offset), today = vg_time_day(now + utc_offset);
    int64_t secs = due + utc_offset - day * VG_TIME_DAY;
    int64_t y;
    unsigned m, d;
    vg_time_civil_from_days(day, &y, &m, &d);
    if (full)
        snprintf(buf, size, "%04lld-%02u-%02u %02d:%02d", (long long)y, m, d, (int)(secs / 3600),
                 (int)(secs / 60 % 60));
    else if (day == today)
        snprintf(buf, size, "%02d:%02d", (int)(secs / 3600), (int)(secs / 60 % 60));
    else
        snprintf(buf, size, "%04lld-%02u-%02u", (long long)y, m, d);
}

void vg_report_today(const vg_stats *st, vg_buf *out)
{
    int64_t y;
    unsigned m, d;
    vg_time_civil_from_days(vg_days_index(&st->days, st->today), &y, &m, &d);
    int h = st->days.start_hour > 0 && st->days.start_hour < 24 ? (int)st->days.start_hour : 0;
    vg_buf_printf(out, "Today: %04" PRId64 "-%02u-%02u (days start at %02d:00 local time)\n\n", y,
                  m, d, h);
}

const char *vg_report_card_state(const vg_session *s, const vg_session_card *sc, int64_t now,
                                 int32_t utc_offset, vg_sched_card *st, vg_shown_state *kind)
{
    vg_session_card_state(s, sc, st);
    if (sc->rec && sc->rec->suspended) {
        *kind = VG_SHOWN_SUSPENDED;
        return "suspended";
    }
    if (sc->rec && sc->rec->buried_until > now) {
        *kind = VG_SHOWN_BURIED;
        return "buried";
    }
    switch (st->state) {
    case VG_CARD_NEW:
        *kind = VG_SHOWN_NEW;
        break;
    case VG_CARD_LEARNING:
    case VG_CARD_RELEARNING:
        *kind = VG_SHOWN_LEARNING;
        break;
    default:
        /* The session's study days (day_starts_at, the zone); utc_offset is for display. */
        (void)utc_offset;
        *kind = st->due < vg_session_day_next(vg_session_options(s), now) ? VG_SHOWN_DUE
                                                                          : VG_SHOWN_LATER;
        break;
    }
    return vg_card_state_name(st->state);
}

void vg_report_section_line(const vg_deck *deck, size_t i, vg_buf *out)
{
    const vg_section *sec = &deck->sections[i];
    size_t start = out->len;
    vg_render_inline(&sec->intro, out);
    if (out->len > start)
        return;
    /* No intro: what the section asks about, as far as a line can show. */
    for (size_t c = 0; c < sec->ncards && out->len - start < 400; c++) {
        if (c)
            vg_buf_adds(out, " · ");
        vg_render_inline(&deck->cards[sec->first_card + c].front, out);
    }
}

const char *vg_study_report_heading(const vg_study_report *r)
{
    if (!r->finished)
        return "Session stopped.";
    return r->answers ? "Session done. Well studied!" : "Nothing to study right now.";
}

void vg_report_next(int64_t next, int64_t now, int32_t next_offset, int32_t now_offset, char *buf,
                    size_t size)
{
    char in[40];
    vg_report_when(next, now, in, sizeof in);
    if (next - now < 3600) {
        snprintf(buf, size, "%s", in);
        return;
    }
    /* A wait of an hour or more: the local clock time, which is what a person plans by (the
     * next day start is 04:00, whatever "in 18 hours" says). */
    int64_t local = next + next_offset, day = vg_time_day(local);
    int64_t today = vg_time_day(now + now_offset);
    int64_t secs = local - day * VG_TIME_DAY;
    int hh = (int)(secs / 3600), mm = (int)(secs / 60 % 60);
    if (day == today)
        snprintf(buf, size, "at %02d:%02d today (%s)", hh, mm, in);
    else if (day == today + 1)
        snprintf(buf, size, "at %02d:%02d tomorrow (%s)", hh, mm, in);
    else {
        int64_t y;
        unsigned m, d;
        vg_time_civil_from_days(day, &y, &m, &d);
        snprintf(buf, size, "on %04lld-%02u-%02u at %02d:%02d (%s)", (long long)y, m, d, hh, mm,
                 in);
    }
}

void vg_report_held(const vg_session_held *h, vg_buf *out)
{
    if (h->reviews)
        vg_buf_printf(out, "%zu review%s held back by the daily limit of %u.\n", h->reviews,
                      h->reviews == 1 ? "" : "s", h->review_limit);
    if (h->new_cards && h->new_by_reviews)
        vg_buf_printf(out,
                      "%zu new card%s held back: the review limit of %u also caps new cards.\n",
                      h->new_cards, h->new_cards == 1 ? "" : "s", h->review_limit);
    else if (h->new_cards && !h->new_session) /* --new N is the user's choice, not news */
        vg_buf_printf(out, "%zu new card%s held back by the daily limit of %u.\n", h->new_cards,
                      h->new_cards == 1 ? "" : "s", h->new_limit);
}

void vg_study_report_lines(const vg_study_report *r, vg_buf *out)
{
    char dur[48], when[96] = "";
    if (r->next_due)
        vg_report_next(r->next_due, r->end, r->next_offset, r->end_offset, when, sizeof when);
    if (r->finished && r->answers == 0) {
        if (!r->cram)
            vg_report_held(&r->held, out);
        if (r->next_due)
            vg_buf_printf(out, "The next cards are due %s.\n", when);
        else
            vg_buf_adds(out, "No card is scheduled.\n");
        return;
    }
    vg_report_duration(r->end - r->start, dur, sizeof dur);
    vg_buf_printf(out, "Cards studied   %zu\n", r->cards);
    vg_buf_printf(out, "Answers         %zu\n", r->answers);
    if (r->answers)
        vg_buf_printf(out, "Again           %zu (%zu%%)\n", r->again,
                      (r->again * 100 + r->answers / 2) / r->answers);
    else
        vg_buf_printf(out, "Again           0\n");
    vg_buf_printf(out, "Time            %s\n", dur);
    if (r->cram)
        vg_buf_adds(out, "Schedules       as they were (cram)\n");
    else if (r->finished)
        vg_report_held(&r->held, out); /* a limit matters once the rest is done */
    if (!r->cram)
        vg_buf_printf(out, "Next due        %s\n", r->next_due ? when : "nothing scheduled");
}
