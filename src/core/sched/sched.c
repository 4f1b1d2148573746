/* The scheduler's frame: parameters, the review prologue shared by FSRS and SM-2, the
 * (re)learning step rules, interval labels.
 *
 * Reference: ts-fsrs 5.4.2 (https://github.com/open-spaced-repetition/ts-fsrs, npm package
 * dist/index.mjs). Function names in comments are that file's. */
#include "sched/sched_int.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* FSRS-6 default weights (ts-fsrs default_w, FSRS6_DEFAULT_DECAY = 0.1542 as w20). */
static const double S_default_w[VG_FSRS_NWEIGHTS] = {
    0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,  1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
};

void vg_sched_params_default(vg_sched_params *p)
{
    memset(p, 0, sizeof *p);
    p->kind = VG_SCHED_FSRS;
    memcpy(p->weights, S_default_w, sizeof p->weights);
    p->desired_retention = 0.9;  /* default_request_retention */
    p->maximum_interval = 36500; /* default_maximum_interval */
    p->learning_steps[0] = 60;   /* default_learning_steps: 1m 10m */
    p->learning_steps[1] = 600;
    p->n_learning_steps = 2;
    p->relearning_steps[0] = 600; /* default_relearning_steps: 10m */
    p->n_relearning_steps = 1;
    /* ts-fsrs defaults fuzz to off; vgrev's design turns it on (DESIGN §4). */
    p->enable_fuzz = true;
    p->enable_short_term = true; /* default_enable_short_term */
}

/* ts-fsrs CLAMP_PARAMETERS and clipParameters: the range of each weight, with the ceiling of
 * w17 and w18 lowered when there are several relearning steps, so that a lapse followed by
 * same-day Good answers cannot end above the stability it started from. */
void vg_sched_clip_weights(double w[VG_FSRS_NWEIGHTS], size_t n_relearning, bool short_term)
{
    double ceiling = 2.0; /* W17_W18_Ceiling */
    static const double lo[VG_FSRS_NWEIGHTS] = {
        0.001, 0.001, 0.001, 0.001, 1, 0.001, 0.001, 0.001, 0, 0,   0.001,
        0.001, 0.001, 0.001, 0,     0, 1,     0,     0,     0, 0.1,
    };
    static const double hi[VG_FSRS_NWEIGHTS] = {
        100, 100, 100, 100, 10, 4, 4, 0.75, 4.5, 0.8, 3.5, 5, 0.25, 0.9, 4, 1, 6, 2, 2, 0.8, 0.8,
    };
    if (n_relearning > 1) {
        double w11 = vg_sched_clamp(w[11], lo[11], hi[11]);
        double w13 = vg_sched_clamp(w[13], lo[13], hi[13]);
        double w14 = vg_sched_clamp(w[14], lo[14], hi[14]);
        double value = -(log(w11) + log(pow(2, w13) - 1) + w14 * 0.3) / (double)n_relearning;
        ceiling = vg_sched_clamp(vg_sched_round8(sqrt(vg_sched_max(value, 0))), 0.01, 2.0);
    }
    for (int i = 0; i < VG_FSRS_NWEIGHTS; i++) {
        double l = lo[i], h = hi[i];
        if (i == 17 || i == 18)
            h = ceiling;
        if (i == 19)
            l = short_term ? 0.01 : 0;
        w[i] = vg_sched_clamp(w[i], l, h);
    }
}

static vg_status S_check_steps(const int64_t *steps, size_t n, const char *what, vg_error *err)
{
    if (n > VG_SCHED_MAX_STEPS)
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "too many %s steps (at most %d)", what,
                            VG_SCHED_MAX_STEPS);
    for (size_t i = 0; i < n; i++)
        if (steps[i] < 1 || steps[i] > (int64_t)VG_SCHED_MAX_IVL * VG_TIME_DAY)
            return vg_error_set(err, VG_INVALID, NULL, 0, 0,
                                "%s step %zu out of range: %" PRId64 " seconds", what, i + 1,
                                steps[i]);
    return VG_OK;
}

vg_status vg_sched_init(vg_sched *s, const vg_sched_params *p, vg_error *err)
{
    vg_status st;
    if (p->kind != VG_SCHED_FSRS && p->kind != VG_SCHED_SM2)
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "unknown scheduler kind %d", (int)p->kind);
    for (int i = 0; i < VG_FSRS_NWEIGHTS; i++)
        if (!isfinite(p->weights[i]))
            return vg_error_set(err, VG_INVALID, NULL, 0, 0, "weight w%d is not a finite number",
                                i);
    if (!(p->desired_retention > 0 && p->desired_retention < 1))
        return vg_error_set(err, VG_INVALID, NULL, 0, 0,
                            "desired retention must be between 0 and 1 (exclusive)");
    if (p->maximum_interval < 1 || p->maximum_interval > VG_SCHED_MAX_IVL)
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "maximum interval must be 1 to %d days",
                            VG_SCHED_MAX_IVL);
    if ((st = S_check_steps(p->learning_steps, p->n_learning_steps, "learning", err)) != VG_OK)
        return st;
    if ((st = S_check_steps(p->relearning_steps, p->n_relearning_steps, "relearning", err)) !=
        VG_OK)
        return st;

    memset(s, 0, sizeof *s);
    s->p = *p;
    double *w = s->p.weights;
    vg_sched_clip_weights(w, p->n_relearning_steps, p->enable_short_term);
    /* computeDecayFactor: decay = -w20, factor = 0.9^(1/decay) - 1 (rounded to 8 decimals), so
     * that R(S, S) = 0.9 (FSRS-6 forgetting curve, fsrs4anki wiki "The Algorithm"). */
    s->decay = -w[20];
    s->factor = vg_sched_round8(exp(pow(s->decay, -1) * log(0.9)) - 1);
    /* calculate_interval_modifier: I(r, S) = S * (r^(1/decay) - 1) / factor. */
    s->ivl_modifier = vg_sched_round8((pow(p->desired_retention, 1 / s->decay) - 1) / s->factor);
    s->exp_w8 = exp(w[8]);
    /* init_difficulty(Easy) = w4 - e^(3 w5) + 1, rounded, not clamped (mean_reversion uses it) */
    s->init_d_easy = vg_sched_round8(w[4] - exp((4 - 1) * w[5]) + 1);
    for (int g = 1; g <= 4; g++) {
        s->short_exp[g] = exp(w[17] * (g - 3 + w[18]));
        s->delta_d[g] = -w[6] * (double)(g - 3);
    }
    s->lapse_divisor = p->enable_short_term ? exp(w[17] * w[18]) : exp(0.0 * 0.0);
    for (size_t i = 0; i < p->n_learning_steps; i++)
        s->learn_min[i] = (double)p->learning_steps[i] / 60.0;
    for (size_t i = 0; i < p->n_relearning_steps; i++)
        s->relearn_min[i] = (double)p->relearning_steps[i] / 60.0;
    return VG_OK;
}

uint64_t vg_sched_id_hash(const char *id, size_t len)
{
    /* FNV-1a, 64-bit (Fowler, Noll, Vo): offset basis and prime from the published spec. */
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)id[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

void vg_sched_card_init(vg_sched_card *c, const char *id, size_t len)
{
    memset(c, 0, sizeof *c);
    c->state = VG_CARD_NEW;
    c->id_hash = vg_sched_id_hash(id, len);
}

const char *vg_card_state_name(vg_card_state st)
{
    switch (st) {
    case VG_CARD_NEW:
        return "new";
    case VG_CARD_LEARNING:
        return "learning";
    case VG_CARD_REVIEW:
        return "review";
    case VG_CARD_RELEARNING:
        return "relearning";
    }
    return "unknown";
}

/* BasicLearningStepsStrategy: the minutes until the next step for rating g and the step
 * index after it; 0 minutes means "no step: graduate". */
static void S_step_rule(const vg_sched *s, vg_card_state state, int32_t cur, vg_rating g,
                        double *minutes, int32_t *next)
{
    bool relearn = state == VG_CARD_RELEARNING || state == VG_CARD_REVIEW;
    const double *steps = relearn ? s->relearn_min : s->learn_min;
    size_t n = relearn ? s->p.n_relearning_steps : s->p.n_learning_steps;
    *minutes = 0;
    *next = 0;
    if (cur < 0)
        cur = 0;
    if (n == 0 || (size_t)cur >= n)
        return;
    if (state == VG_CARD_REVIEW) {
        /* A lapse starts the relearning steps at the card's current step. */
        if (g == VG_AGAIN)
            *minutes = steps[cur];
        return;
    }
    switch (g) {
    case VG_AGAIN: /* back to the first step */
        *minutes = steps[0];
        break;
    case VG_HARD: /* stay: halfway between the first two steps, or 1.5 x a lone step */
        *minutes = n == 1 ? vg_sched_js_round(steps[0] * 1.5)
                          : vg_sched_js_round((steps[0] + steps[1]) / 2);
        *next = cur;
        break;
    case VG_GOOD: /* on to the next step, if there is one */
        if ((size_t)cur + 1 < n) {
            *minutes = vg_sched_js_round(steps[cur + 1]);
            *next = cur + 1;
        }
        break;
    case VG_EASY: /* graduates at once */
        break;
    }
}

bool vg_sched_apply_steps(const vg_sched *s, const vg_sched_card *before, vg_rating g,
                          vg_card_state to_state, vg_time now, vg_sched_card *out)
{
    double minutes;
    int32_t next;
    S_step_rule(s, before->state, before->step, g, &minutes, &next);
    if (minutes <= 0)
        return false;
    /* applyLearningSteps: a step under a day keeps the (re)learning state; a step of a day or
     * more makes the card a Review card due after that many minutes. */
    out->step = next;
    out->due = vg_sched_add(now, (int64_t)vg_sched_js_round(minutes) * 60);
    if (minutes < 1440) {
        out->state = to_state;
        out->scheduled_days = 0;
    } else {
        out->state = VG_CARD_REVIEW;
        out->scheduled_days = (int32_t)floor(minutes / 1440);
    }
    return true;
}

bool vg_sched_next(const vg_sched *s, const vg_sched_card *card, vg_rating rating, vg_time now,
                   vg_sched_card *out)
{
    if (rating < VG_AGAIN || rating > VG_EASY)
        return false;
    /* Field by field: the card was most likely written field by field by the previous review
     * an instant ago, and a struct copy (wide loads over narrow stores still in flight) stalls
     * on store forwarding. For the same reason the result is built in *out itself. */
    vg_sched_card before = *card; /* out may alias card */
    /* The result is built in *out itself: copying back a struct that was just written field
     * by field stalls on store forwarding (it cost a third of the time of a review). */
    *out = before;
    /* AbstractScheduler.init: elapsed days are calendar days (dateDiffInDays, UTC there; the
     * user's study days here, as Anki and FSRS's optimizer count them), 0 for a New card; the
     * review counts before anything is computed (the fuzz seed sees it). */
    int64_t t = 0;
    if (before.state != VG_CARD_NEW) {
        const vg_days *d = &s->p.days;
        if (!d->offset_at && !d->fixed_offset && !d->start_hour)
            t = vg_time_day(now) - vg_time_day(before.last_review); /* replay's fast path */
        else
            t = vg_days_index(d, now) - vg_days_index(d, before.last_review);
        if (t < 0)
            t = 0; /* ts-fsrs refuses a negative delta; a clock that went back is "today" */
        if (t > INT32_MAX)
            t = INT32_MAX;
    }
    out->last_review = now;
    out->elapsed_days = (int32_t)t;
    if (out->reps < INT32_MAX)
        out->reps++;
    if (s->p.kind == VG_SCHED_SM2)
        vg_sm2_next(s, &before, rating, now, out);
    else
        vg_fsrs_next(s, &before, rating, now, out);
    return true;
}

void vg_sched_preview(const vg_sched *s, const vg_sched_card *card, vg_time now,
                      vg_sched_card out[4])
{
    vg_sched_card before = *card;
    for (int g = VG_AGAIN; g <= VG_EASY; g++)
        vg_sched_next(s, &before, (vg_rating)g, now, &out[g - 1]);
}

double vg_sched_retrievability(const vg_sched *s, const vg_sched_card *card, vg_time now)
{
    if (card->state == VG_CARD_NEW || !(card->stability > 0))
        return 0;
    /* get_retrievability: whole days since the last review (date_diff, floored), stability
     * rounded to 8 decimals (toFixed(8)). */
    double days = floor(((double)now - (double)card->last_review) / VG_TIME_DAY); /* no overflow */
    if (days < 0)
        days = 0;
    return vg_fsrs_retrievability(s, days, vg_sched_round8(card->stability));
}

double vg_sched_forgetting_curve(const vg_sched *s, double days, double stability)
{
    if (!(stability > 0))
        return 0;
    return vg_fsrs_retrievability(s, days < 0 ? 0 : days, stability);
}

/* Appends a value with one decimal at most ("2.1", "3"), without printf's locale. */
static int S_tenths(char *buf, size_t size, double v, const char *unit)
{
    long long t = (long long)vg_sched_js_round(v * 10);
    if (t % 10 == 0)
        return snprintf(buf, size, "%lld%s", t / 10, unit);
    return snprintf(buf, size, "%lld.%lld%s", t / 10, t % 10, unit);
}

int vg_sched_format_interval(int64_t seconds, char *buf, size_t size)
{
    const double month = 365.25 / 12, year = 365.25; /* days */
    if (seconds < 0)
        seconds = 0;
    if (seconds < 60)
        return snprintf(buf, size, "%" PRId64 "s", seconds);
    if (seconds < 3600) {
        int64_t m = (int64_t)vg_sched_js_round((double)seconds / 60);
        if (m < 60)
            return snprintf(buf, size, "%" PRId64 "m", m);
        seconds = 3600; /* 59.5 minutes and up read as an hour */
    }
    if (seconds < VG_TIME_DAY) {
        double h = (double)seconds / 3600;
        if (vg_sched_js_round(h * 10) < 240)
            return S_tenths(buf, size, h, "h");
        seconds = VG_TIME_DAY;
    }
    double days = (double)seconds / VG_TIME_DAY;
    if (days < month)
        return snprintf(buf, size, "%lldd", (long long)vg_sched_js_round(days));
    if (days < year && vg_sched_js_round(days / month * 10) < 120)
        return S_tenths(buf, size, days / month, "mo");
    return S_tenths(buf, size, days / year, "y");
}
