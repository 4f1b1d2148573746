/* The scheduler: FSRS-6 (default) and SM-2, as a pure function of a card's state, a rating
 * and the time of the review.
 *
 * No I/O, no clock, no globals, no allocation: a vg_sched is a value the caller owns (set up
 * once with vg_sched_init), a vg_sched_card is a value, and vg_sched_next writes the new state into
 * a vg_sched_card the caller provides. The same inputs give the same outputs on every machine; the
 * interval fuzz is seeded from the card id and its review count (see vg_sched_card_init).
 *
 * FSRS follows ts-fsrs 5.4.2 (npm), the open-spaced-repetition project's TypeScript
 * implementation, down to where it rounds; with fuzz off the results equal it (the unit
 * tests replay histories recorded from it). docs/scheduling.md explains the rules for users;
 * src/core/sched/fsrs.c and sched/sm2.c cite the source of every formula.
 *
 * Times are vg_time (Unix seconds, UTC). Elapsed days count study days of the calendar in
 * vg_sched_params.days (the local zone and the hour the day starts); its default, UTC days
 * from midnight, is the reference's (a review at 23:59Z and one at 00:01Z the next day are one
 * day apart). Learning steps are whole minutes, and review intervals are whole days added to
 * the review time. */
#ifndef VGREV_SCHED_H
#define VGREV_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vgrev/error.h"
#include "vgrev/time.h"

typedef enum vg_rating { VG_AGAIN = 1, VG_HARD = 2, VG_GOOD = 3, VG_EASY = 4 } vg_rating;

/* The numbers are ts-fsrs's State values. */
typedef enum vg_card_state {
    VG_CARD_NEW = 0,
    VG_CARD_LEARNING = 1,
    VG_CARD_REVIEW = 2,
    VG_CARD_RELEARNING = 3
} vg_card_state;

typedef enum vg_sched_kind { VG_SCHED_FSRS = 0, VG_SCHED_SM2 = 1 } vg_sched_kind;

enum {
    VG_FSRS_NWEIGHTS = 21,  /* FSRS-6 */
    VG_SCHED_MAX_STEPS = 16 /* learning or relearning steps */
};

#define VG_SCHED_MAX_IVL 3650000 /* days: the largest maximum interval accepted */

/* What a user can set. Fill with vg_sched_params_default, change fields, then vg_sched_init. */
typedef struct vg_sched_params {
    vg_sched_kind kind;
    double weights[VG_FSRS_NWEIGHTS]; /* FSRS w0..w20; clipped to the reference's ranges */
    double desired_retention;         /* FSRS: the recall probability to schedule at, (0, 1) */
    int32_t maximum_interval;         /* days, >= 1 (both schedulers) */
    int64_t learning_steps[VG_SCHED_MAX_STEPS];   /* seconds; rounded to whole minutes */
    size_t n_learning_steps;                      /* 0..VG_SCHED_MAX_STEPS */
    int64_t relearning_steps[VG_SCHED_MAX_STEPS]; /* seconds; rounded to whole minutes */
    size_t n_relearning_steps;
    bool enable_fuzz;       /* spread review intervals of 3+ days a little (both schedulers) */
    bool enable_short_term; /* FSRS: same-day reviews and learning steps (ts-fsrs's default) */
    vg_days days;           /* how elapsed days are counted; zero: UTC from midnight (ts-fsrs) */
} vg_sched_params;

/* FSRS-6 defaults: the 21 published weights, retention 0.9, maximum interval 36500 days,
 * learning steps 1m 10m, relearning step 10m, fuzz on, short-term on. */
void vg_sched_params_default(vg_sched_params *p);

/* A prepared scheduler: the clipped parameters plus constants derived from them. Treat the
 * fields as read-only; they are public only so that a vg_sched can live on the stack. */
typedef struct vg_sched {
    vg_sched_params p;
    double decay;         /* -w20 */
    double factor;        /* 0.9^(1/decay) - 1, rounded to 8 decimals as the reference does */
    double ivl_modifier;  /* interval = S * ivl_modifier for the desired retention */
    double exp_w8;        /* e^w8 */
    double init_d_easy;   /* D0(Easy), the target of the mean reversion */
    double short_exp[5];  /* e^(w17 (G - 3 + w18)) for G = 1..4 */
    double delta_d[5];    /* -w6 (G - 3) for G = 1..4 */
    double lapse_divisor; /* e^(w17 w18), or 1 without short-term */
    double learn_min[VG_SCHED_MAX_STEPS]; /* steps in minutes */
    double relearn_min[VG_SCHED_MAX_STEPS];
} vg_sched;

/* Validates p (finite weights, 0 < retention < 1, maximum interval 1..VG_SCHED_MAX_IVL, steps
 * 1 s..maximum, step counts in range), clips the weights as ts-fsrs does and prepares s.
 * Returns VG_OK, or VG_INVALID with a message in err (no file or position). */
vg_status vg_sched_init(vg_sched *s, const vg_sched_params *p, vg_error *err);

/* Clips FSRS weights to the reference's ranges (ts-fsrs clipParameters, fsrs-rs
 * parameter_clipper): the w17/w18 ceiling drops with more than one relearning step, w19 may be
 * 0 only without short-term. vg_sched_init calls it; so does the optimizer after each step. */
void vg_sched_clip_weights(double w[VG_FSRS_NWEIGHTS], size_t n_relearning, bool short_term);

/* A card's scheduling state. A card's state belongs to the scheduler that produced it; after
 * a change of scheduler or parameters rebuild it by replaying the review log. */
typedef struct vg_sched_card {
    vg_card_state state;
    vg_time due;         /* next review; 0 while New */
    vg_time last_review; /* time of the last review; meaningless while New */
    double stability;    /* FSRS: S in days; SM-2: the interval I(n) in days (0 before the first) */
    double difficulty;   /* FSRS: D in [1, 10]; SM-2: the E-Factor, >= 1.3 (0 while New) */
    int32_t scheduled_days; /* days from the last review to due (0 for steps under a day) */
    int32_t elapsed_days;   /* study days (p.days) between the last two reviews */
    int32_t reps;           /* reviews so far */
    int32_t lapses;         /* times a Review card was answered Again */
    int32_t step;           /* index in the (re)learning steps (ts-fsrs's learning_steps) */
    int32_t sm2_n;          /* SM-2's repetition number n (0 after a lapse); FSRS leaves it 0 */
    uint64_t id_hash;       /* vg_sched_id_hash of the card id: seeds the fuzz */
} vg_sched_card;

/* FNV-1a 64-bit hash of the card id's bytes (stable across machines). */
uint64_t vg_sched_id_hash(const char *id, size_t len);

/* A New card with the given id (only its hash is kept). */
void vg_sched_card_init(vg_sched_card *c, const char *id, size_t len);

/* Applies one review of `card` with `rating` at time `now`, writing the new state to *out
 * (out may equal card). Returns false, leaving *out untouched, when rating is not 1..4.
 * A review earlier than the last one counts as the same day (0 elapsed days). */
bool vg_sched_next(const vg_sched *s, const vg_sched_card *card, vg_rating rating, vg_time now,
                   vg_sched_card *out);

/* The state each rating would give, for the answer buttons: out[0] for Again .. out[3] for
 * Easy. The interval a button shows is out[i].due - now (see vg_sched_format_interval). */
void vg_sched_preview(const vg_sched *s, const vg_sched_card *card, vg_time now,
                      vg_sched_card out[4]);

/* FSRS retrievability (probability of recall) of the card at `now`, 0 for New cards
 * (ts-fsrs's get_retrievability). Meaningful for FSRS states only. */
double vg_sched_retrievability(const vg_sched *s, const vg_sched_card *card, vg_time now);

/* FSRS's forgetting curve R(t, S): the recall probability `days` (any fraction) after a review
 * that left stability S, for drawing it (vg_card_info_format). */
double vg_sched_forgetting_curve(const vg_sched *s, double days, double stability);

/* The fuzz factor in [0, 1) for a card hash and the review count after the review: the
 * output of splitmix64 (see sched/fuzz.c). Exposed for tests. */
double vg_sched_fuzz_factor(uint64_t id_hash, int32_t reps);

/* The range [*lo, *hi] that fuzz may move a review interval of `ivl` days into, given the
 * elapsed days and the maximum interval (ts-fsrs's get_fuzz_range). */
void vg_sched_fuzz_range(double ivl, int32_t elapsed_days, int32_t maximum_interval, int32_t *lo,
                         int32_t *hi);

/* A short label for an interval, like Anki's answer buttons: "45s", "1m", "10m", "1h", "1.5h",
 * "3d", "2.1mo", "1.3y". Negative intervals count as 0. NUL-terminates when size > 0; returns
 * the length it wanted. 16 bytes are always enough. */
int vg_sched_format_interval(int64_t seconds, char *buf, size_t size);

/* "new", "learning", "review" or "relearning"; static storage. */
const char *vg_card_state_name(vg_card_state st);

#endif
