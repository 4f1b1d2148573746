/* FSRS-6 as the optimizer trains it (fsrs-rs 6.6.1 src/model.rs, src/analytic.rs): the memory
 * state replayed review by review, the recall predicted before each scored review, the
 * weighted binary cross-entropy and its exact gradient.
 *
 * The gradient is computed in forward mode: every quantity carries its 21 partial derivatives
 * along (dual numbers). A card is replayed once, and every scored review on the way adds its
 * loss, which equals scoring each item's prefix on its own (fsrs-rs's windowed batches). A
 * clamp passes the gradient on its bounds and stops it outside (fsrs-rs analytic.rs, PR #416);
 * a min or max takes the derivative of the branch it took. */
#include "optimize/optimize_int.h"

#include <math.h>
#include <string.h>

#define NW VG_FSRS_NWEIGHTS
#define S_MIN 0.001
#define S_MAX 36500.0
#define P_EPS 1e-7

typedef struct dual {
    double v;
    double d[NW];
} dual;

/* nd is the number of derivatives carried: NW when training, 0 when predicting. The functions
 * are inlined into the two callers, where it is a constant. */
static inline void S_const(dual *r, double v, int nd)
{
    r->v = v;
    for (int i = 0; i < nd; i++)
        r->d[i] = 0;
}

static inline void S_add(dual *r, const dual *a, const dual *b, int nd)
{
    r->v = a->v + b->v;
    for (int i = 0; i < nd; i++)
        r->d[i] = a->d[i] + b->d[i];
}

/* r = a * ka + b * kb (constants ka, kb) */
static inline void S_lin(dual *r, const dual *a, double ka, const dual *b, double kb, int nd)
{
    r->v = a->v * ka + b->v * kb;
    for (int i = 0; i < nd; i++)
        r->d[i] = a->d[i] * ka + b->d[i] * kb;
}

static inline void S_mul(dual *r, const dual *a, const dual *b, int nd)
{
    double av = a->v, bv = b->v;
    r->v = av * bv;
    for (int i = 0; i < nd; i++)
        r->d[i] = a->d[i] * bv + b->d[i] * av;
}

/* r = f(a) with f(a.v) = fv and f'(a.v) = df */
static inline void S_chain(dual *r, const dual *a, double fv, double df, int nd)
{
    r->v = fv;
    for (int i = 0; i < nd; i++)
        r->d[i] = a->d[i] * df;
}

static inline void S_exp(dual *r, const dual *a, int nd)
{
    double e = exp(a->v);
    S_chain(r, a, e, e, nd);
}

static inline void S_clamp(dual *r, const dual *a, double lo, double hi, int nd)
{
    if (a->v < lo)
        S_const(r, lo, nd);
    else if (a->v > hi)
        S_const(r, hi, nd);
    else if (r != a)
        *r = *a;
}

/* a^b for a > 0: e^(b ln a) */
static inline void S_pow(dual *r, const dual *a, const dual *b, int nd)
{
    double la = log(a->v), v = exp(b->v * la), k = v * b->v / a->v;
    r->v = v;
    for (int i = 0; i < nd; i++)
        r->d[i] = v * la * b->d[i] + k * a->d[i];
}

/* What a set of weights gives before any card: the weights and the constants derived. */
typedef struct model {
    dual w[NW];
    dual decay, factor; /* -w20 and 0.9^(1/decay) - 1 */
    dual d0[5];         /* w4 - e^(w5 (g - 1)) + 1, g = 1..4 (4: the mean reversion target) */
    dual short_exp[5];  /* e^(w17 (g - 3 + w18)) */
    dual lapse_div;     /* e^(w17 w18) */
    dual exp_w8, neg_w9, neg_w12, neg_w19;
} model;

static inline void S_model(model *m, const double w[NW], int nd)
{
    dual t;
    for (int i = 0; i < NW; i++) {
        S_const(&m->w[i], w[i], nd);
        if (nd)
            m->w[i].d[i] = 1;
    }
    S_lin(&m->decay, &m->w[20], -1, &m->w[20], 0, nd);
    /* factor = e^(ln 0.9 / decay) - 1; d/d decay = -ln 0.9 / decay^2 * e^(...) */
    double q = exp(log(0.9) / m->decay.v);
    S_chain(&m->factor, &m->decay, q - 1, -log(0.9) / (m->decay.v * m->decay.v) * q, nd);
    for (int g = 1; g <= 4; g++) {
        S_lin(&t, &m->w[5], g - 1, &m->w[5], 0, nd);
        S_exp(&t, &t, nd);
        S_lin(&m->d0[g], &m->w[4], 1, &t, -1, nd);
        m->d0[g].v += 1;
        S_lin(&t, &m->w[17], g - 3, &m->w[17], 0, nd); /* w17 (g - 3) + w17 w18 */
        dual u;
        S_mul(&u, &m->w[17], &m->w[18], nd);
        S_add(&t, &t, &u, nd);
        S_exp(&m->short_exp[g], &t, nd);
    }
    S_mul(&t, &m->w[17], &m->w[18], nd);
    S_exp(&m->lapse_div, &t, nd);
    S_exp(&m->exp_w8, &m->w[8], nd);
    S_lin(&m->neg_w9, &m->w[9], -1, &m->w[9], 0, nd);
    S_lin(&m->neg_w12, &m->w[12], -1, &m->w[12], 0, nd);
    S_lin(&m->neg_w19, &m->w[19], -1, &m->w[19], 0, nd);
}

/* R(t, S) = (1 + factor t / S)^decay */
static inline void S_recall(dual *r, const model *m, double t, const dual *s, int nd)
{
    dual u;
    double uv = 1 + m->factor.v * t / s->v;
    /* du = t (dfactor / S - factor dS / S^2) */
    u.v = uv;
    for (int i = 0; i < nd; i++)
        u.d[i] = t * (m->factor.d[i] - m->factor.v * s->d[i] / s->v) / s->v;
    S_pow(r, &u, &m->decay, nd);
}

/* One review of rating g, t days after the previous one, from state (s, d). */
static inline void S_step(const model *m, dual *s, dual *d, int g, int32_t t, bool first, int nd)
{
    if (first) {
        S_clamp(s, &m->w[g - 1], S_MIN, S_MAX, nd);
        S_clamp(d, &m->d0[g], 1, 10, nd);
        return;
    }
    dual sc, dc, ns, a, b;
    S_clamp(&sc, s, S_MIN, S_MAX, nd);
    S_clamp(&dc, d, 1, 10, nd);
    if (t == 0) { /* same day: S e^(w17 (g - 3 + w18)) S^-w19, at least S when g >= Hard */
        S_pow(&a, &sc, &m->neg_w19, nd);
        S_mul(&b, &a, &m->short_exp[g], nd);
        if (g >= VG_HARD && b.v < 1)
            ns = sc;
        else
            S_mul(&ns, &sc, &b, nd);
    } else {
        dual r;
        S_recall(&r, m, t, &sc, nd);
        if (g == VG_AGAIN) {
            /* min(w11 D^-w12 ((S + 1)^w13 - 1) e^(w14 (1 - R)), S / e^(w17 w18)) */
            dual x;
            S_pow(&a, &dc, &m->neg_w12, nd);
            S_mul(&a, &a, &m->w[11], nd);
            S_lin(&x, &sc, 1, &sc, 0, nd);
            x.v += 1;
            S_pow(&x, &x, &m->w[13], nd);
            x.v -= 1;
            S_mul(&a, &a, &x, nd);
            S_lin(&x, &r, -1, &r, 0, nd);
            x.v += 1;
            S_mul(&x, &x, &m->w[14], nd);
            S_exp(&x, &x, nd);
            S_mul(&a, &a, &x, nd);
            double q = sc.v / m->lapse_div.v;
            if (q < a.v) { /* d(S / L) = dS / L - S dL / L^2 */
                S_lin(&ns, &sc, 1 / m->lapse_div.v, &m->lapse_div, -q / m->lapse_div.v, nd);
            } else {
                ns = a;
            }
        } else {
            /* S (1 + e^w8 (11 - D) S^-w9 (e^(w10 (1 - R)) - 1) hard easy) */
            dual x;
            S_lin(&a, &dc, -1, &dc, 0, nd);
            a.v += 11;
            S_mul(&a, &a, &m->exp_w8, nd);
            S_pow(&x, &sc, &m->neg_w9, nd);
            S_mul(&a, &a, &x, nd);
            S_lin(&x, &r, -1, &r, 0, nd);
            x.v += 1;
            S_mul(&x, &x, &m->w[10], nd);
            S_exp(&x, &x, nd);
            x.v -= 1;
            S_mul(&a, &a, &x, nd);
            if (g == VG_HARD)
                S_mul(&a, &a, &m->w[15], nd);
            else if (g == VG_EASY)
                S_mul(&a, &a, &m->w[16], nd);
            a.v += 1;
            S_mul(&ns, &sc, &a, nd);
        }
    }
    /* D1 = D + (10 - D) (-w6 (g - 3)) / 9; D = clamp(w7 (D0(4) - D1) + D1, 1, 10) */
    S_lin(&a, &dc, -1, &dc, 0, nd);
    a.v += 10;
    S_mul(&a, &a, &m->w[6], nd);
    S_lin(&b, &dc, 1, &a, -(double)(g - 3) / 9, nd);
    S_lin(&a, &m->d0[4], 1, &b, -1, nd);
    S_mul(&a, &a, &m->w[7], nd);
    S_add(&a, &a, &b, nd);
    S_clamp(d, &a, 1, 10, nd);
    S_clamp(s, &ns, S_MIN, S_MAX, nd);
}

/* The end of the replay of card c: one past its last review with a positive weight. */
static size_t S_card_end(const vg_opt_data *d, uint32_t c, const double *weight)
{
    size_t s = d->card_start[c], e = d->card_start[c + 1];
    while (e > s && !(weight[e - 1] > 0))
        e--;
    return e;
}

/* Replays card c; at each scored review adds its weighted BCE to *loss and its gradient to
 * grad (nd = NW), or reports the prediction to visit (nd = 0). */
static inline void S_card(const model *m, const vg_opt_data *d, uint32_t c, const double *weight,
                          double *loss, double *grad, vg_opt_visit visit, void *ctx, int nd)
{
    size_t s0 = d->card_start[c], e = S_card_end(d, c, weight);
    dual s, dd, p;
    S_const(&s, 0, nd);
    S_const(&dd, 0, nd);
    for (size_t i = s0; i < e; i++) {
        int g = d->rating[i];
        int32_t t = d->delta_t[i];
        if (i > s0 && weight[i] > 0) {
            S_recall(&p, m, t, &s, nd);
            int y = g > VG_AGAIN;
            if (visit)
                visit(ctx, c, (uint32_t)(i - s0), p.v, y);
            if (loss) {
                double pv = p.v, wt = weight[i];
                bool clamped = !(pv >= P_EPS && pv <= 1 - P_EPS);
                pv = pv < P_EPS ? P_EPS : pv > 1 - P_EPS ? 1 - P_EPS : pv;
                *loss -= wt * (y ? log(pv) : log(1 - pv));
                if (!clamped) {
                    double dl = -wt * (y ? 1 / pv : -1 / (1 - pv));
                    for (int k = 0; k < nd; k++)
                        grad[k] += dl * p.d[k];
                }
            }
        }
        S_step(m, &s, &dd, g, t, i == s0, nd);
    }
}

double vg_opt_loss_grad(const vg_opt_data *d, const uint32_t *cards, size_t n, const double *weight,
                        const double w[VG_FSRS_NWEIGHTS], double grad[VG_FSRS_NWEIGHTS])
{
    double loss = 0;
    if (grad) {
        model m;
        S_model(&m, w, NW);
        memset(grad, 0, NW * sizeof *grad);
        for (size_t i = 0; i < n; i++)
            S_card(&m, d, cards[i], weight, &loss, grad, NULL, NULL, NW);
    } else {
        model m;
        S_model(&m, w, 0);
        for (size_t i = 0; i < n; i++)
            S_card(&m, d, cards[i], weight, &loss, NULL, NULL, NULL, 0);
    }
    return loss;
}

void vg_opt_predict(const vg_opt_data *d, const uint32_t *cards, size_t n, const double *weight,
                    const double w[VG_FSRS_NWEIGHTS], vg_opt_visit visit, void *ctx)
{
    model m;
    S_model(&m, w, 0);
    for (size_t i = 0; i < n; i++)
        S_card(&m, d, cards[i], weight, NULL, NULL, visit, ctx, 0);
}

double vg_opt_relearn_stability(const double w[VG_FSRS_NWEIGHTS], size_t n_relearning)
{
    model m;
    S_model(&m, w, 0);
    dual s, d;
    S_const(&s, 1, 0);
    S_const(&d, 1, 0);
    S_step(&m, &s, &d, VG_AGAIN, 2, false, 0);
    for (size_t i = 0; i < n_relearning; i++)
        S_step(&m, &s, &d, VG_GOOD, 0, false, 0);
    return s.v;
}
