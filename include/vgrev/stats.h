/* Statistics of a deck's progress (`vgrev stats`, DESIGN §1): cards by state; the answers
 * today, in the last 7 and 30 days and in all; Anki's true-retention table (young and mature
 * cards, today to all time) beside the desired retention; a due forecast for the next 30
 * days; a calendar heat map of the last 12 weeks of reviews; the spread of stability and
 * difficulty. Then the same as lines of UTF-8 text, charts drawn with block and shade characters,
 * for `vgrev stats --plain` and for a screen to paint (no terminal, no curses here).
 *
 * The numbers come from an open session: it binds the deck's cards to their records (relinks
 * of edited fronts and renamed decks included), exactly as `study` and `list` see them. Records
 * of the deck that match no card (orphans) are only counted, never mixed into the numbers.
 * Pure: no I/O, no clock; `now` is passed in, the scheduler and the UTC offset are the
 * session's.
 *
 * Days are study days: each starts at 04:00 local time (vg_session_day_start), with the UTC
 * offset the session was opened with applied to every day, so a daylight-saving change within
 * the 12 weeks moves the older days' boundary by an hour.
 *
 * The state a card was in when it was answered (for true retention and for telling learning
 * from review answers) is found by replaying the card's log through the session's scheduler
 * from a new card, as vg_store_replay_record does: the log is the truth, and a cached state
 * only describes the card after its last review.
 *
 * Ownership: a vg_stats is a plain value (no pointers); the text functions append to a vg_buf
 * the caller owns. */
#ifndef VGREV_STATS_H
#define VGREV_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vgrev/buf.h"
#include "vgrev/error.h"
#include "vgrev/sched.h"
#include "vgrev/session.h"
#include "vgrev/time.h"

enum {
    VG_STATS_FORECAST_DAYS = 30, /* day 0 is today */
    VG_STATS_HEAT_WEEKS = 12,
    VG_STATS_HEAT_DAYS = 7 * VG_STATS_HEAT_WEEKS,
    VG_STATS_MAX_BUCKETS = 9,
    VG_STATS_MATURE_DAYS =
        21 /* a review card scheduled this many days or more is mature (Anki's rule) */
};

/* vg_stats_compute's deck argument for all the session's decks together. */
#define VG_STATS_ALL_DECKS ((size_t)-1)

/* The periods, each ending with today: today, the last 7 days, the last 30 days, all time. */
typedef enum vg_stats_period_id {
    VG_STATS_TODAY,
    VG_STATS_WEEK,
    VG_STATS_MONTH,
    VG_STATS_ALL,
    VG_STATS_NPERIODS
} vg_stats_period_id;

/* Cards by state: each card of the deck is in exactly one of the first six. */
typedef struct vg_stats_counts {
    size_t new_cards;  /* never reviewed */
    size_t learning;   /* in the learning steps */
    size_t review;     /* graduated: in Review */
    size_t relearning; /* lapsed, in the relearning steps */
    size_t suspended;  /* whatever their scheduler state */
    size_t buried;     /* until a time after now (not suspended) */
    size_t cards;      /* all of the above */
    size_t mature;     /* of `review`: scheduled for VG_STATS_MATURE_DAYS days or more */
    size_t orphans;    /* the deck's progress records that match no card (not in `cards`) */
} vg_stats_counts;

/* The answers given in a period, by the state the card was in before each. */
typedef struct vg_stats_period {
    vg_time start, end;   /* [start, end): study days; start is INT64_MIN for all time */
    unsigned days;        /* 1, 7, 30; 0 for all time */
    size_t reviews;       /* answers */
    size_t cards;         /* distinct cards answered */
    size_t first;         /* answers of New cards: cards seen for the first time */
    size_t learning;      /* answers of cards in the learning steps (not the first) */
    size_t review;        /* answers of cards in Review: true retention's denominator */
    size_t review_passed; /* of those, rated Hard, Good or Easy */
    size_t relearning;    /* answers of cards in the relearning steps */
    size_t again;         /* answers rated Again, in any state */
    size_t timed;         /* answers whose answer time was kept (vg_review.ms) */
    int64_t ms;           /* the sum of those answer times: the time studied */
} vg_stats_period;

/* The periods of the true-retention table (Anki's): today, yesterday, the last 7, 30 and 365
 * study days (today included), all time. */
typedef enum vg_stats_tr_id {
    VG_STATS_TR_TODAY,
    VG_STATS_TR_YESTERDAY,
    VG_STATS_TR_WEEK,
    VG_STATS_TR_MONTH,
    VG_STATS_TR_YEAR,
    VG_STATS_TR_ALL,
    VG_STATS_TR_N
} vg_stats_tr_id;

/* True retention as Anki's statistics count it (rslib/src/stats/graphs/retention.rs): the
 * answers to cards in Review, the first of each card on each study day; young when the
 * card's interval before the answer was under VG_STATS_MATURE_DAYS days, else mature; passed
 * when rated Hard, Good or Easy, failed when Again. Learning and relearning steps are not
 * counted. */
typedef struct vg_stats_tr {
    vg_time start, end; /* [start, end): study days; start is INT64_MIN for all time */
    size_t young_passed, young_failed;
    size_t mature_passed, mature_failed;
} vg_stats_tr;

/* passed / (passed + failed), or a negative number when there is no answer. */
double vg_stats_pass_rate(size_t passed, size_t failed);

/* A histogram of one number over the cards that have been reviewed (suspended and buried ones
 * included; a value that is not finite is left out). Bucket i holds the values in [edges[i],
 * edges[i+1]); a value below edges[0] goes to the first bucket, one at or above the last edge to
 * the last bucket (the last edge may be INFINITY). */
typedef struct vg_stats_hist {
    size_t nbuckets; /* <= VG_STATS_MAX_BUCKETS */
    double edges[VG_STATS_MAX_BUCKETS + 1];
    size_t count[VG_STATS_MAX_BUCKETS];
    size_t n;      /* values counted */
    double median; /* the middle value, or the mean of the two middle ones; 0 when n == 0 */
    double mean;   /* 0 when n == 0 */
} vg_stats_hist;

typedef struct vg_stats {
    vg_time now;
    vg_time today;          /* start of the study day that contains now */
    int32_t utc_offset;     /* the session's, seconds east of UTC */
    vg_days days;           /* the session's study days (vg_session_days) */
    vg_sched_kind kind;     /* which scheduler's numbers stability and difficulty are */
    vg_stats_counts counts; /* at now */
    vg_stats_period period[VG_STATS_NPERIODS];
    vg_stats_tr tr[VG_STATS_TR_N];
    double desired_retention; /* the scheduler's (FSRS); 0 for SM-2, which has none */
    /* Cards due per study day: forecast[0] is today and includes every card due on an
     * earlier day (`overdue` of them); forecast[k] the k-th day after today. Learning cards
     * count by their due time, buried ones by the end of their burial; suspended and new
     * cards are left out. `later`: due after the last day of the forecast. */
    size_t forecast[VG_STATS_FORECAST_DAYS];
    size_t overdue;
    size_t later;
    /* Answers per study day for the last 12 calendar weeks, week by week, Monday first:
     * heat[0] is the Monday 11 weeks before the current week's Monday, heat[heat_today]
     * today; the cells after it are days still to come (always 0). */
    size_t heat[VG_STATS_HEAT_DAYS];
    size_t heat_today;
    vg_time heat_start; /* the start of heat[0]'s study day */
    size_t heat_max;    /* the largest cell */
    /* FSRS: stability in days (<1, 1-7, 7-30, 30-90, 90-365, >=365) and difficulty 1..10 in
     * nine buckets of 1 (the last takes 10 too). SM-2: the interval in days (same buckets)
     * and the E-Factor (1.3 up, in steps of 0.2). */
    vg_stats_hist stability;
    vg_stats_hist difficulty;
} vg_stats;

/* Computes the statistics of deck `deck` of the session (an index into the decks it was opened
 * with, or VG_STATS_ALL_DECKS) at `now`. Walks every card and replays every review of the
 * deck once. VG_INVALID for a deck out of range, VG_NOMEM (then *out is undefined). */
vg_status vg_stats_compute(const vg_session *ses, size_t deck, vg_time now, vg_stats *out,
                           vg_error *err);

/* ---- charts: lines of UTF-8 text, each ended by '\n', appended to out ---- */

/* The height of a column of a chart `height` rows tall, in eighths of a row: value / max of
 * the full height, rounded to the nearest eighth, and at least one eighth when value > 0. */
size_t vg_chart_eighths(size_t value, size_t max, size_t height);

/* A column chart of v[0..n): `height` rows, one column per value drawn with ▁▂▃▄▅▆▇█ and
 * followed by `gap` spaces, each row after `indent` spaces. max 0: the largest value. Trailing
 * spaces are trimmed. */
void vg_chart_columns(const size_t *v, size_t n, size_t max, size_t height, size_t indent,
                      size_t gap, vg_buf *out);

/* Row `row` (0 at the top) of that chart, without indent or newline, trailing spaces trimmed:
 * for charts with axes. */
void vg_chart_columns_row(const size_t *v, size_t n, size_t max, size_t height, size_t row,
                          size_t gap, vg_buf *out);

/* A horizontal bar (no newline) of value / max of `width` columns, in half columns (█ and
 * ▌), rounded to the nearest half and at least a half when value > 0. Returns its columns. */
size_t vg_chart_hbar(size_t value, size_t max, size_t width, vg_buf *out);

/* The shade of a heat map cell: 0 for no review, else 1..4, ceil(4 * value / max). */
unsigned vg_chart_shade_level(size_t value, size_t max);

/* "·", "░", "▒", "▓", "█" for levels 0..4 (static storage). */
const char *vg_chart_shade(unsigned level);

/* ---- the text of `vgrev stats --plain`: one function per part, all of them in order ---- */

/* Each writes a title line, its lines, no blank line after. The reviews add the time studied
 * and the average answer time per card (per answer) when some answer has its time kept. width: the
 * columns to fit (at least 40; the bars scale to it). */
void vg_stats_format_counts(const vg_stats *st, vg_buf *out);
void vg_stats_format_reviews(const vg_stats *st, vg_buf *out);
void vg_stats_format_retention(const vg_stats *st, vg_buf *out);
void vg_stats_format_forecast(const vg_stats *st, size_t width, vg_buf *out);
void vg_stats_format_heatmap(const vg_stats *st, vg_buf *out);
void vg_stats_format_spread(const vg_stats *st, size_t width, vg_buf *out);

/* All the parts above, a blank line between two. */
void vg_stats_format(const vg_stats *st, size_t width, vg_buf *out);

/* ---- a card's page (Anki's Card Info), src/core/stats/card.c ---- */

/* One review of a card's log, with the state it left, found by replaying the log from a New
 * card through the scheduler. */
typedef struct vg_card_info_review {
    vg_time t;
    int rating;                   /* 1..4 */
    int32_t ms;                   /* answer time, or VG_MS_NONE */
    vg_card_state state;          /* before the review */
    int64_t interval;             /* seconds from the review to the due time it gave */
    double stability, difficulty; /* after the review */
    double retrievability;        /* FSRS R at the review, before it; < 0 for a New card */
} vg_card_info_review;

/* The log of rec (NULL: no progress) replayed (from a New card again after rec->reset_at): *out
 * gets a malloc'd array of rec->nreviews entries (NULL when there are none; the caller frees it),
 * *last the state after the log. False when out of memory. */
bool vg_card_info_replay(const vg_sched *sched, const vg_record *rec, vg_card_info_review **out,
                         vg_sched_card *last);

/* Appends the card's page as lines of UTF-8 text: a summary (state, due, stability,
 * difficulty, retrievability now, reviews, lapses, time studied), the review log (local date
 * and time with utc_offset, rating, interval, stability, difficulty, retrievability, time
 * taken) and, for FSRS, the forgetting curve from the last review to past the due time drawn
 * in block characters, the desired retention as a dashed line. width: the columns to fit. */
void vg_card_info_format(const vg_sched *sched, const vg_record *rec, vg_time now,
                         int32_t utc_offset, size_t width, vg_buf *out);

#endif
