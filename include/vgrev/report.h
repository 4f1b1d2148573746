/* Times and a study session in words, for people: what the study screen and the plain line
 * mode print at a session's end, the countdown of a wait, when the next cards are due, the
 * due dates of the browser and the first line of the statistics. Each function fills a buffer
 * the caller owns and prints nothing. Times are Unix seconds; utc_offset is the local time's,
 * in seconds east of UTC. */
#ifndef VGREV_REPORT_H
#define VGREV_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vgrev/buf.h"
#include "vgrev/session.h"
#include "vgrev/stats.h"

/* A wait as a clock: "9:41", "1:02:03" (below 0: "0:00"). */
void vg_report_clock(int64_t secs, char *buf, size_t size);

/* A time to come relative to now, rounded: "now", "in 40 seconds", "in 10 minutes", "in 3
 * hours", "in 2 days". */
void vg_report_when(int64_t t, int64_t now, char *buf, size_t size);

/* A time taken: "45 s", "3 min", "3 min 20 s", "1 h 2 min". */
void vg_report_duration(int64_t secs, char *buf, size_t size);

/* A due time in local time: with full "2026-03-05 14:05"; else the time alone when it falls
 * on the day of now ("14:05"), or the date ("2026-03-05"). */
void vg_report_due(int64_t due, int64_t now, int64_t utc_offset, bool full, char *buf, size_t size);

/* The statistics' first line and a blank one: "Today: 2026-03-05 (days start at 04:00 local
 * time)". Appended to out. */
void vg_report_today(const vg_stats *st, vg_buf *out);

/* A card's state as a list shows it: suspended and buried come before the scheduler's word,
 * and a review is due when it falls before the next rollover. */
typedef enum vg_shown_state {
    VG_SHOWN_SUSPENDED,
    VG_SHOWN_BURIED,
    VG_SHOWN_NEW,
    VG_SHOWN_LEARNING, /* learning or relearning */
    VG_SHOWN_DUE,
    VG_SHOWN_LATER,
} vg_shown_state;

/* The word for sc's state at now ("suspended", "buried", or vg_card_state_name's; static
 * text), with its kind in *kind and the scheduler's state in *st (vg_session_card_state). */
const char *vg_report_card_state(const vg_session *s, const vg_session_card *sc, int64_t now,
                                 int32_t utc_offset, vg_sched_card *st, vg_shown_state *kind);

/* Section i of deck on one line, as the browser shows it under the title: its intro, or
 * without one its cards' fronts joined by " · " (stopping after some 400 bytes). Appended to
 * out, as plain text (vg_render_inline). */
void vg_report_section_line(const vg_deck *deck, size_t i, vg_buf *out);

/* What a study session did. */
typedef struct vg_study_report {
    size_t cards;   /* distinct cards answered */
    size_t answers; /* answers given (undone ones not counted) */
    size_t again;   /* of them, Again */
    int64_t start, end;
    int64_t next_due;     /* when the next card is due after the session; 0: none */
    bool finished;        /* every card due was studied (not stopped early) */
    bool cram;            /* schedules were left as they were */
    vg_session_held held; /* what today's limits held back at the end (vg_study_limits) */
    int32_t end_offset, next_offset; /* the local zone's offsets at end and at next_due */
} vg_study_report;

/* The summary's heading ("Session done. Well studied!", "Session stopped.", "Nothing to study
 * right now."; static text) and its lines ("Cards studied   12", ...; only when the next cards
 * are due when nothing was studied), each ending in '\n', appended to out. */
const char *vg_study_report_heading(const vg_study_report *r);
void vg_study_report_lines(const vg_study_report *r, vg_buf *out);

/* When the next cards come, for people: "in 8 minutes" for a wait under an hour, else the
 * local time, "at 04:00 tomorrow (in 18 hours)", "at 09:30 today (in 2 hours)", "on
 * 2026-03-07 at 04:00 (in 3 days)". */
void vg_report_next(int64_t next, int64_t now, int32_t next_offset, int32_t now_offset, char *buf,
                    size_t size);

/* What each limit held back, one line each ("15 reviews held back by the daily limit of
 * 200.\n"); nothing when no limit held a card. Appended to out. */
void vg_report_held(const vg_session_held *h, vg_buf *out);

#endif
