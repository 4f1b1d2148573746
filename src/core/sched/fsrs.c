/* FSRS-6 as ts-fsrs 5.4.2 computes it.
 *
 * Formulas: "The Algorithm", FSRS-6 section, of the fsrs4anki wiki
 * (https://github.com/open-spaced-repetition/fsrs4anki/wiki/The-Algorithm). Rounding, clamping
 * and the order of operations: ts-fsrs 5.4.2 dist/index.mjs (FSRSAlgorithm, BasicScheduler,
 * LongTermScheduler); function names below are that file's. Every intermediate the reference
 * rounds to 8 decimals (roundTo) is rounded here at the same place, and products are written
 * in the same left-to-right order, so the doubles agree with the reference's.
 *
 * w is the clipped weight vector, G the rating (1 Again .. 4 Easy), D difficulty, S stability
 * in days, R retrievability, t elapsed UTC days. */
#include "sched/sched_int.h"

#include <math.h>

#define S_MIN 0.001 /* ts-fsrs S_MIN */
#define S_MAX 36500 /* ts-fsrs S_MAX, also the clamp of every stability update */

/* Forgetting curve (wiki: R(t, S) = (1 + FACTOR * t / S)^DECAY, DECAY = -w20,
 * FACTOR = 0.9^(1/DECAY) - 1); forgetting_curve rounds R to 8 decimals. */
static inline double S_retrievability(const vg_sched *s, double elapsed_days, double stability)
{
    return vg_sched_round8(pow(1 + s->factor * elapsed_days / stability, s->decay));
}

/* The same for a review t whole days after the last one: on the same day R is exactly 1
 * (pow(1, y) == 1), which spares a pow at most learning steps. */
static inline double S_retrievability_days(const vg_sched *s, int32_t t, double stability)
{
    return t == 0 ? 1 : S_retrievability(s, t, stability);
}

double vg_fsrs_retrievability(const vg_sched *s, double elapsed_days, double stability)
{
    return S_retrievability(s, elapsed_days, stability);
}

/* Initial stability (wiki: S0(G) = w[G-1]); init_stability floors it at 0.1. */
static double S_init_s(const vg_sched *s, vg_rating g)
{
    return vg_sched_max(s->p.weights[g - 1], 0.1);
}

/* Initial difficulty (wiki: D0(G) = w4 - e^(w5 (G - 1)) + 1); init_difficulty rounds, the
 * caller of a first review clamps to [1, 10]. */
static double S_init_d(const vg_sched *s, vg_rating g)
{
    const double *w = s->p.weights;
    return vg_sched_round8(w[4] - exp((g - 1) * w[5]) + 1);
}

/* Next difficulty (wiki: ΔD = -w6 (G - 3); D' = D + ΔD (10 - D) / 9, the linear damping of
 * fsrs4anki issue 697; D'' = w7 D0(4) + (1 - w7) D', the mean reversion to D0(Easy));
 * next_difficulty rounds the damping and the reversion and clamps to [1, 10]. */
static double S_next_d(const vg_sched *s, double d, vg_rating g)
{
    const double *w = s->p.weights;
    double next_d = d + vg_sched_round8(s->delta_d[g] * (10 - d) / 9); /* ΔD = -w6 (G - 3) */
    return vg_sched_clamp(vg_sched_round8(w[7] * s->init_d_easy + (1 - w[7]) * next_d), 1, 10);
}

/* The part of the stability after a recall shared by Hard, Good and Easy (wiki:
 * S'r = S (1 + e^w8 (11 - D) S^-w9 (e^(w10 (1 - R)) - 1) hard_penalty easy_bonus)).
 * next_recall_stability multiplies left to right, so the common prefix is computed once. */
static double S_recall_core(const vg_sched *s, double d, double st, double r)
{
    const double *w = s->p.weights;
    return s->exp_w8 * (11 - d) * pow(st, -w[9]) * (exp((1 - r) * w[10]) - 1);
}

static double S_recall_s(const vg_sched *s, double st, double core, vg_rating g)
{
    const double *w = s->p.weights;
    double hard_penalty = g == VG_HARD ? w[15] : 1;
    double easy_bound = g == VG_EASY ? w[16] : 1;
    return vg_sched_round8(
        vg_sched_clamp(st * (1 + core * hard_penalty * easy_bound), S_MIN, S_MAX));
}

/* Stability after a lapse (wiki: S'f = w11 D^-w12 ((S + 1)^w13 - 1) e^(w14 (1 - R)));
 * next_state then caps it at S / e^(w17 w18) (S itself without short-term). */
static double S_forget_s(const vg_sched *s, double d, double st, double r)
{
    const double *w = s->p.weights;
    double sf = vg_sched_round8(vg_sched_clamp(
        w[11] * pow(d, -w[12]) * (pow(st + 1, w[13]) - 1) * exp((1 - r) * w[14]), S_MIN, S_MAX));
    double next_s_min = vg_sched_round8(st / s->lapse_divisor);
    return vg_sched_clamp(next_s_min, S_MIN, sf);
}

/* Same-day stability (wiki, FSRS-6: S' = S e^(w17 (G - 3 + w18)) S^-w19, and S' >= S when
 * G >= Hard); next_short_term_stability. */
static double S_short_s(const vg_sched *s, double st, vg_rating g)
{
    const double *w = s->p.weights;
    double sinc = pow(st, -w[19]) * s->short_exp[g];
    if (g >= VG_HARD)
        sinc = vg_sched_max(sinc, 1);
    return vg_sched_round8(vg_sched_clamp(st * sinc, S_MIN, S_MAX));
}

/* next_state: the memory state after answering g, t days after the last review. */
static void S_next_state(const vg_sched *s, double d, double st, int32_t t, vg_rating g, double r,
                         double *nd, double *ns)
{
    if (d == 0 && st == 0) { /* no memory yet: a first review */
        *nd = vg_sched_clamp(S_init_d(s, g), 1, 10);
        *ns = S_init_s(s, g);
        return;
    }
    if (t == 0 && s->p.enable_short_term)
        *ns = S_short_s(s, st, g);
    else if (g == VG_AGAIN)
        *ns = S_forget_s(s, d, st, r);
    else
        *ns = S_recall_s(s, st, S_recall_core(s, d, st, r), g);
    *nd = S_next_d(s, d, g);
}

/* next_interval: I = S * modifier rounded, at least 1 day, at most the maximum; before fuzz. */
static inline int32_t S_raw_interval(const vg_sched *s, double st)
{
    double ivl = vg_sched_min(vg_sched_max(1, vg_sched_js_round(st * s->ivl_modifier)),
                              s->p.maximum_interval);
    return (int32_t)ivl;
}

/* next_interval with the fuzz of the review being made. */
static int32_t S_interval(const vg_sched *s, double st, const vg_sched_card *out)
{
    return vg_sched_fuzz(s, S_raw_interval(s, st), out);
}

/* The reference throws on a memory state it cannot use; a pure core repairs it instead. */
static inline void S_sanitize(vg_sched_card *c)
{
    if (c->difficulty >= 1 && c->difficulty <= 10 && c->stability >= S_MIN && c->stability <= S_MAX)
        return; /* the usual case (NaN fails every comparison) */
    if (c->difficulty == 0 && c->stability == 0)
        return; /* treated as "no memory" by next_state */
    c->difficulty = isnan(c->difficulty) ? 5 : vg_sched_clamp(c->difficulty, 1, 10);
    c->stability = isnan(c->stability) ? S_MIN : vg_sched_clamp(c->stability, S_MIN, S_MAX);
}

/* LongTermScheduler (enable_short_term off): no steps; every answer schedules whole days,
 * with Again < Hard < Good < Easy enforced one day apart. */
static void S_long_term(const vg_sched *s, const vg_sched_card *before, vg_rating g, vg_time now,
                        vg_sched_card *out)
{
    double d = before->difficulty, st = before->stability;
    int32_t t = out->elapsed_days;
    double nd[5], ns[5];
    int32_t ivl[5];
    if (before->state == VG_CARD_NEW) {
        d = st = 0; /* newState: first review, intervals as if 0 days elapsed */
        t = 0;
    }
    double r = before->state == VG_CARD_NEW ? 0 : S_retrievability_days(s, t, st);
    for (int k = VG_AGAIN; k <= VG_EASY; k++) {
        S_next_state(s, d, st, t, (vg_rating)k, r, &nd[k], &ns[k]);
        ivl[k] = S_interval(s, ns[k], out);
    }
    ivl[VG_AGAIN] = ivl[VG_AGAIN] < ivl[VG_HARD] ? ivl[VG_AGAIN] : ivl[VG_HARD];
    for (int k = VG_HARD; k <= VG_EASY; k++)
        if (ivl[k] < ivl[k - 1] + 1)
            ivl[k] = ivl[k - 1] + 1;
    out->difficulty = nd[g];
    out->stability = ns[g];
    vg_sched_graduate(out, ivl[g], now);
    if (before->state != VG_CARD_NEW && g == VG_AGAIN && out->lapses < INT32_MAX)
        out->lapses++; /* reviewState counts a lapse even from a learning card */
}

/* reviewState for Hard, Good and Easy: the three intervals are ordered Hard <= Good < Easy
 * (hard = min(hard, good); good = max(good, hard + 1); easy = max(easy, good + 1)). */
static void S_review_pass(const vg_sched *s, const vg_sched_card *before, vg_rating g, vg_time now,
                          vg_sched_card *out)
{
    const double *w = s->p.weights;
    double d = before->difficulty, st = before->stability;
    int32_t t = out->elapsed_days;
    double s_hard, s_good, s_easy = 0, nd;
    if (t > 0 || !s->p.enable_short_term) {
        /* The work that does not wait for R first, so the two pow calls overlap (the
         * compiler may not reorder them: pow can set errno). Same products, same order as
         * S_recall_core. */
        double pw = pow(st, -w[9]);
        nd = S_next_d(s, d, g);
        double r = S_retrievability(s, t, st);
        double core = s->exp_w8 * (11 - d) * pw * (exp((1 - r) * w[10]) - 1);
        s_hard = S_recall_s(s, st, core, VG_HARD);
        s_good = S_recall_s(s, st, core, VG_GOOD);
        if (g == VG_EASY)
            s_easy = S_recall_s(s, st, core, VG_EASY);
    } else {
        double r = S_retrievability_days(s, t, st);
        double unused;
        S_next_state(s, d, st, t, VG_HARD, r, &unused, &s_hard);
        S_next_state(s, d, st, t, VG_GOOD, r, &unused, &s_good);
        if (g == VG_EASY)
            S_next_state(s, d, st, t, VG_EASY, r, &unused, &s_easy);
        double ns_unused;
        S_next_state(s, d, st, t, g, r, &nd, &ns_unused);
    }
    /* One fuzz factor for the review (the reference seeds once per review); the raw Hard
     * interval never exceeds the raw Good one (w15 <= 1), and fuzz keeps the order. */
    double u = s->p.enable_fuzz ? vg_sched_fuzz_u(out->id_hash, out->reps) : 0;
    int32_t hard_raw = S_raw_interval(s, s_hard), good_raw = S_raw_interval(s, s_good);
    int32_t hard = vg_sched_fuzz_with(s, hard_raw, t, u);
    int32_t good = good_raw == hard_raw ? hard : vg_sched_fuzz_with(s, good_raw, t, u);
    if (hard > good)
        hard = good;
    if (good < hard + 1)
        good = hard + 1;
    int32_t ivl = g == VG_HARD ? hard : good;
    double ns = g == VG_HARD ? s_hard : s_good;
    if (g == VG_EASY) {
        int32_t easy = vg_sched_fuzz_with(s, S_raw_interval(s, s_easy), t, u);
        ivl = easy > good + 1 ? easy : good + 1;
        ns = s_easy;
    }
    out->difficulty = nd;
    out->stability = ns;
    vg_sched_graduate(out, ivl, now);
}

void vg_fsrs_next(const vg_sched *s, vg_sched_card *before, vg_rating g, vg_time now,
                  vg_sched_card *out)
{
    if (before->state == VG_CARD_NEW) {
        before->difficulty = before->stability = 0;
    } else {
        S_sanitize(before);
        out->difficulty = before->difficulty;
        out->stability = before->stability;
    }
    if (!s->p.enable_short_term) {
        S_long_term(s, before, g, now, out);
        return;
    }
    int32_t t = out->elapsed_days;
    double d = before->difficulty, st = before->stability;
    switch (before->state) {
    case VG_CARD_NEW:
    case VG_CARD_LEARNING:
    case VG_CARD_RELEARNING: {
        /* newState / learningState: memory update, then the step rules; a graduating card
         * gets the FSRS interval of its new stability. */
        double r = (d == 0 && st == 0) ? 0 : S_retrievability_days(s, t, st);
        S_next_state(s, d, st, t, g, r, &out->difficulty, &out->stability);
        vg_card_state to = before->state == VG_CARD_NEW ? VG_CARD_LEARNING : before->state;
        if (!vg_sched_apply_steps(s, before, g, to, now, out))
            vg_sched_graduate(out, S_interval(s, out->stability, out), now);
        break;
    }
    case VG_CARD_REVIEW: {
        if (g != VG_AGAIN && !(d == 0 && st == 0)) {
            S_review_pass(s, before, g, now, out);
            break;
        }
        double r = (d == 0 && st == 0) ? 0 : S_retrievability_days(s, t, st);
        if (g == VG_AGAIN) {
            /* reviewState, Again: lapse, then the relearning steps (or straight back to
             * Review with the new stability's interval when there are none). */
            S_next_state(s, d, st, t, g, r, &out->difficulty, &out->stability);
            if (!vg_sched_apply_steps(s, before, g, VG_CARD_RELEARNING, now, out))
                vg_sched_graduate(out, S_interval(s, out->stability, out), now);
            if (out->lapses < INT32_MAX)
                out->lapses++;
            break;
        }
        /* A Review card without memory: every rating is a first review. */
        double nd[5], ns[5];
        for (int k = VG_HARD; k <= VG_EASY; k++)
            S_next_state(s, 0, 0, t, (vg_rating)k, r, &nd[k], &ns[k]);
        int32_t hard = S_interval(s, ns[VG_HARD], out);
        int32_t good = S_interval(s, ns[VG_GOOD], out);
        int32_t easy = S_interval(s, ns[VG_EASY], out);
        hard = hard < good ? hard : good;
        good = good > hard + 1 ? good : hard + 1;
        easy = easy > good + 1 ? easy : good + 1;
        out->difficulty = nd[g];
        out->stability = ns[g];
        vg_sched_graduate(out, g == VG_HARD ? hard : g == VG_GOOD ? good : easy, now);
        break;
    }
    }
}
