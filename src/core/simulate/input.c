/* The simulator's input from a session: the cards now, the limits, and the user's answer times
 * and rating shares from the logs (fsrs-rs's extract_simulator_config, src/simulation.rs). */
#include <stdlib.h>
#include <string.h>

#include "vgrev/simulate.h"

/* fsrs-rs's defaults (src/simulation.rs, DEFAULT_*): seconds by rating for learning, review
 * and relearning answers, and the shares of the ratings. fsrs-rs models learning steps with
 * transition matrices; here a step's rating is drawn like a first answer's. */
static const double S_cost_learn[4] = {19.58, 18.79, 13.78, 10.71};
static const double S_cost_review[4] = {19.38, 17.59, 12.38, 8.94};
static const double S_cost_relearn[4] = {16.44, 15.25, 12.32, 8.03};
static const double S_first_rating[4] = {0.24, 0.094, 0.495, 0.171};
static const double S_recall_rating[3] = {0.224, 0.631, 0.145};

/* Sums of the user's answers: times by state and rating, counts of ratings. */
typedef struct S_tally {
    double ms[4][4];
    size_t timed[4][4];
    size_t first[4], step[4], recall[3];
} S_tally;

static void S_log(S_tally *k, const vg_sched *sched, const vg_days *days, const vg_record *rec)
{
    vg_sched_card c;
    vg_sched_card_init(&c, rec->id, VG_CARD_ID_LEN);
    bool reset = false;
    int64_t review_day = INT64_MIN;
    for (size_t i = 0; i < rec->nreviews; i++) {
        const vg_review *r = &rec->reviews[i];
        if (!reset && rec->reset_at && r->t > rec->reset_at) {
            vg_sched_card_init(&c, rec->id, VG_CARD_ID_LEN);
            reset = true;
        }
        if (r->rating < VG_AGAIN || r->rating > VG_EASY)
            continue;
        int g = r->rating - 1;
        if (r->ms > 0) { /* kept (VG_MS_NONE is negative) and not 0 */
            k->ms[c.state][g] += r->ms;
            k->timed[c.state][g]++;
        }
        if (c.state == VG_CARD_NEW) {
            k->first[g]++;
        } else if (c.state == VG_CARD_REVIEW) {
            int64_t day = vg_days_index(days, r->t);
            if (day != review_day && g > 0)
                k->recall[g - 1]++;
            review_day = day;
        } else {
            k->step[g]++;
        }
        vg_sched_next(sched, &c, (vg_rating)r->rating, r->t, &c);
    }
}

/* out[i] = λ·user share + (1 − λ)·def[i], λ = n / (50 + n), over n answers counted in u. */
static size_t S_blend(const size_t *u, const double *def, size_t n, double *out)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += u[i];
    double l = (double)total / (50.0 + (double)total);
    for (size_t i = 0; i < n; i++)
        out[i] = (total ? l * (double)u[i] / (double)total : 0) + (1 - l) * def[i];
    return total;
}

static void S_costs(const S_tally *k, vg_sim_input *in)
{
    static const double *const def[4] = {S_cost_learn, S_cost_learn, S_cost_review, S_cost_relearn};
    for (int s = 0; s < 4; s++)
        for (int g = 0; g < 4; g++) {
            size_t n = k->timed[s][g];
            double l = (double)n / (50.0 + (double)n);
            double mean = n ? k->ms[s][g] / 1000.0 / (double)n : 0;
            in->cost[s][g] = l * mean + (1 - l) * def[s][g];
            in->timed += n;
        }
}

vg_status vg_sim_input_from_session(const vg_session *ses, size_t deck, vg_time now,
                                    vg_sim_input *out, vg_error *err)
{
    memset(out, 0, sizeof *out);
    size_t ndecks;
    const vg_session_deck *decks = vg_session_decks(ses, &ndecks);
    if (deck != (size_t)-1 && deck >= ndecks)
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "no deck %zu in the session", deck);
    size_t d0 = deck == (size_t)-1 ? 0 : deck, d1 = deck == (size_t)-1 ? ndecks : deck + 1;
    const vg_sched *sched = vg_session_scheduler(ses);
    const vg_session_opts *o = vg_session_options(ses);
    vg_days days = vg_session_days(o);

    out->params = sched->p;
    /* One offset for the whole year: no zone lookups in the loop, and no need of them. */
    out->params.days = days;
    out->params.days.fixed_offset = vg_days_offset(&days, now);
    out->params.days.offset_at = NULL;
    out->params.days.ctx = NULL;
    out->now = now;
    out->start = vg_days_start(&out->params.days, now);
    out->new_per_day = o->new_per_day;
    out->reviews_per_day = o->reviews_per_day;

    size_t n = 0;
    for (size_t d = d0; d < d1; d++)
        n += decks[d].deck->ncards;
    out->cards = malloc((n ? n : 1) * sizeof *out->cards);
    if (!out->cards)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    S_tally k;
    memset(&k, 0, sizeof k);
    /* Review and learning cards first, then the New ones in deck order: the order the
     * simulation introduces them in. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t d = d0; d < d1; d++)
            for (size_t i = 0; i < decks[d].deck->ncards; i++) {
                const vg_session_card *sc = vg_session_card_at(ses, d, i);
                if (pass == 0 && sc->rec) /* suspended cards' answers are the user's too */
                    S_log(&k, sched, &out->params.days, sc->rec);
                if (sc->rec && sc->rec->suspended)
                    continue;
                vg_sched_card c;
                vg_session_card_state(ses, sc, &c);
                if ((c.state == VG_CARD_NEW) != (pass == 1))
                    continue;
                out->cards[out->ncards++] = c;
                out->new_cards += pass == 1;
            }
    S_costs(&k, out);
    out->rated = S_blend(k.first, S_first_rating, 4, out->first_rating);
    out->rated += S_blend(k.step, S_first_rating, 4, out->step_rating);
    out->rated += S_blend(k.recall, S_recall_rating, 3, out->recall_rating);
    return VG_OK;
}

void vg_sim_input_release(vg_sim_input *in)
{
    free(in->cards);
    in->cards = NULL;
    in->ncards = 0;
}
