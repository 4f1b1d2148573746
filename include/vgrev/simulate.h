/* Choosing a desired retention (Anki's "Help Me Decide"): the next year of a deck's real cards
 * simulated at each desired retention from 70% to 97%, giving the minutes of study a day and
 * the cards remembered at the end, and the retentions that gain the most knowledge per minute.
 *
 * The simulation is day by day, as fsrs-rs's simulator (src/simulation.rs, which Anki runs):
 * each day the (re)learning cards due, then the review cards due (oldest first, up to the
 * reviews-per-day limit, the rest wait), then new cards in deck order up to the new-card limit.
 * A review card is recalled with its retrievability; the rating of a recall, of a new card's
 * first answer and of a learning step is drawn from the user's own shares of each rating; each
 * answer costs the user's mean answer time for its state and rating. Every answer goes through
 * the scheduler in force (its weights, steps, maximum interval and fuzz) with the desired
 * retention changed, so the simulated schedules are the ones vgrev would give.
 *
 * The user's numbers come from the logs (fsrs-rs's extract_simulator_config,
 * src/simulation.rs): answer times of 0 < ms kept; ratings from the first answer of each card on
 * each study day in Review, and from every New and learning-step answer. With few answers they
 * are uncertain, so each share and each mean time is blended toward fsrs-rs's defaults as
 * that function does with smoothing on: λ·user + (1 − λ)·default, λ = n / (50 + n).
 *
 * Pure and deterministic: no clock (today comes in), no I/O; random draws come from a hash of
 * the seed, the card and its answer number (common random numbers: every retention sees the
 * same luck, so the curves are smooth and comparable). The same input and seed give the same
 * numbers on every machine.
 *
 * Ownership: vg_sim_input owns its card array (vg_sim_input_release); vg_sim_result is a
 * value. */
#ifndef VGREV_SIMULATE_H
#define VGREV_SIMULATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vgrev/buf.h"
#include "vgrev/error.h"
#include "vgrev/sched.h"
#include "vgrev/session.h"
#include "vgrev/time.h"

enum {
    VG_SIM_DAYS = 365,     /* days simulated */
    VG_SIM_NRET = 28,      /* desired retentions: 0.70, 0.71, ..., 0.97 */
    VG_SIM_RET_FIRST = 70, /* percent */
    VG_SIM_MAX_STEPS = 16, /* same-day answers of a card in its (re)learning steps, at most */
    VG_SIM_SEED = 42       /* the seed when none is given (fsrs-rs's first) */
};

/* What the simulation starts from and how the user answers. */
typedef struct vg_sim_input {
    vg_sched_params params; /* the scheduler in force; its desired retention is replaced */
    vg_sched_card *cards;   /* the cards now, suspended ones left out; New ones in deck order */
    size_t ncards;
    size_t new_cards; /* of them, New */
    vg_time now;      /* when: each day's answers start at this hour */
    vg_time start;    /* the start of today's study day: day 0 */
    unsigned new_per_day, reviews_per_day;
    double cost[4][4];       /* seconds an answer takes, by the card's state before it
                              * (vg_card_state) and the rating - 1 */
    double first_rating[4];  /* shares of Again..Easy at a New card's first answer */
    double step_rating[4];   /* shares of Again..Easy in the learning and relearning steps */
    double recall_rating[3]; /* shares of Hard, Good, Easy when a review card is recalled */
    size_t timed, rated;     /* the user's answers that gave the times and the shares */
} vg_sim_input;

/* The input from deck `deck` of the session (VG_STATS_ALL_DECKS-style (size_t)-1 for all of
 * them) at `now`: the cards' states as the session sees them, its daily limits, the scheduler's
 * parameters, the times and shares of every answer in the decks' logs. Study days are the
 * session's, with the UTC offset at `now` kept for the whole year. VG_INVALID for a deck out
 * of range, VG_NOMEM. Release with vg_sim_input_release. */
vg_status vg_sim_input_from_session(const vg_session *ses, size_t deck, vg_time now,
                                    vg_sim_input *out, vg_error *err);

void vg_sim_input_release(vg_sim_input *in);

/* One desired retention simulated. */
typedef struct vg_sim_point {
    double retention;
    double minutes;    /* of study a day, on average over the days */
    double reviews;    /* answers a day, on average */
    double remembered; /* cards remembered at the end: the sum of their retrievability */
    double gain;       /* knowledge gained per minute (see vg_sim_result) */
    bool efficient;    /* in the efficient range */
} vg_sim_point;

/* Every desired retention. Efficiency as in Anki's Help Me Decide since PR #4452 ("relative
 * gain in knowledge as a result of studying during the simulation / time spent studying"):
 * gain = (remembered at the end - remembered now) / total minutes. The efficient range is the
 * retentions whose gain is at least VG_SIM_EFFICIENT of the best one's. */
#define VG_SIM_EFFICIENT 0.95
typedef struct vg_sim_result {
    vg_sim_point point[VG_SIM_NRET];
    double remembered_now; /* sum of the retrievability of the cards now */
    size_t cards, new_cards;
    size_t best;   /* the point with the largest gain; VG_SIM_NRET when none gains */
    size_t lo, hi; /* the efficient range [lo, hi]; lo > hi when empty */
    unsigned new_per_day, reviews_per_day; /* the limits simulated */
    uint64_t seed;
} vg_sim_result;

/* Simulates `days` days at desired retention `retention` with `seed`: fills *out but for
 * .gain and .efficient. VG_INVALID when the parameters are not valid at that retention,
 * VG_NOMEM. */
vg_status vg_sim_run(const vg_sim_input *in, double retention, unsigned days, uint64_t seed,
                     vg_sim_point *out, vg_error *err);

/* The sum of the retrievability of the input's cards at time t. */
double vg_sim_remembered(const vg_sim_input *in, vg_time t);

/* All VG_SIM_NRET retentions over VG_SIM_DAYS days, the gains and the efficient range. */
vg_status vg_sim_retentions(const vg_sim_input *in, uint64_t seed, vg_sim_result *out,
                            vg_error *err);

/* The result as lines of UTF-8 text: a summary, a chart of the minutes a day (block
 * characters, one column per retention, the efficient range marked under it), a chart of the
 * cards remembered, then the table. width: the columns to fit (at least 40). */
void vg_sim_format(const vg_sim_result *r, size_t width, vg_buf *out);

#endif
