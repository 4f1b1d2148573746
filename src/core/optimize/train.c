/* The fit (fsrs-rs 6.6.1 src/training.rs compute_parameters and train), the metrics
 * (src/inference.rs: log loss, RMSE(bins), the time-series split) and Anki's checks
 * (rslib/src/scheduler/fsrs/params.rs: the health check, keeping the current weights). */
#include "optimize/optimize_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NW VG_FSRS_NWEIGHTS
#define BATCH 512       /* predictions per batch */
#define MAX_SEQ_LEN 256 /* items with more reviews are left out of training */
#define LR0 0.04
#define GAMMA 1.0 /* the L2 strength */
#define SEED 2023

/* fsrs-rs PARAMS_STDDEV: how far each weight strays across users; the L2 pull is (dw / σ)². */
static const double S_stddev[NW] = {6.43, 9.66, 17.58, 27.85, 0.57, 0.28, 0.6,
                                    0.12, 0.39, 0.18,  0.33,  0.3,  0.09, 0.16,
                                    0.57, 0.25, 1.03,  0.31,  0.32, 0.14, 0.27};

void vg_opt_config_default(vg_opt_config *c)
{
    memset(c, 0, sizeof *c);
    c->epochs = 8; /* Anki's (fsrs-rs's own default is 5) */
    c->n_relearning = 1;
    c->split_evaluation = true;
}

double vg_opt_lr(double lr0, size_t t, size_t t_max)
{
    /* cosine annealing, closed form of fsrs-rs cosine_annealing.rs (stepped before a batch) */
    return lr0 * (1 + cos(3.14159265358979323846 * (double)t / (double)(t_max ? t_max : 1))) / 2;
}

static double S_recency(size_t i, size_t n)
{
    double x = (double)i / (double)(n > 1 ? n - 1 : 1);
    return 0.25 + 0.75 * x * x * x; /* fsrs-rs dataset.rs: oldest 0.25, newest 1 */
}

/* SplitMix64 (Steele, Lea, Flood 2014): the batch order's shuffle. */
static uint64_t S_next(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Weights per review of d for items[0..n) (recency weighted or 1, items past max_len left
 * out), and the cards they touch in card order. */
static size_t S_weigh(const vg_opt_data *d, const vg_opt_item *items, size_t n, bool recency,
                      size_t max_len, double *weight, uint32_t *cards, size_t *n_scored)
{
    size_t nc = 0, ns = 0;
    memset(weight, 0, d->n_reviews * sizeof *weight);
    for (size_t i = 0; i < n; i++) {
        if (items[i].pos + 1 > max_len)
            continue;
        weight[d->card_start[items[i].card] + items[i].pos] = recency ? S_recency(i, n) : 1;
        ns++;
    }
    for (uint32_t c = 0; c < d->n_cards; c++)
        for (size_t k = d->card_start[c]; k < d->card_start[c + 1]; k++)
            if (weight[k] > 0) {
                cards[nc++] = c;
                break;
            }
    *n_scored = ns;
    return nc;
}

/* An item of the training set: where its weight goes, and its card's place in the batches. */
typedef struct train_item {
    size_t at; /* index of its review in d */
    uint32_t card, rank;
    double weight;
} train_item;

static int S_item_cmp(const void *a, const void *b)
{
    const train_item *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return (x->at > y->at) - (x->at < y->at);
}

/* What a fit and an evaluation work in, allocated once for all the fits of a run. */
typedef struct work {
    double *weight;    /* per review */
    uint32_t *cards;   /* per item (a batch's cards), at least per card */
    uint32_t *rank;    /* per card: its place in the batches */
    size_t *card_at;   /* per batch, + 1 */
    size_t *order;     /* per batch */
    train_item *items; /* per item */
} work;

static void S_work_free(work *w)
{
    free(w->weight);
    free(w->cards);
    free(w->rank);
    free(w->card_at);
    free(w->order);
    free(w->items);
}

static bool S_work_alloc(work *w, const vg_opt_data *d)
{
    size_t nr = d->n_reviews + 1, nc = d->n_cards + d->n_items + 1;
    size_t nb = d->n_items / BATCH + 2;
    w->weight = malloc(nr * sizeof *w->weight);
    w->cards = malloc(nc * sizeof *w->cards);
    w->rank = malloc(nc * sizeof *w->rank);
    w->card_at = malloc(nb * sizeof *w->card_at);
    w->order = malloc(nb * sizeof *w->order);
    w->items = malloc((d->n_items + 1) * sizeof *w->items);
    return w->weight && w->cards && w->rank && w->card_at && w->order && w->items;
}

/* Adam (β1 0.9, β2 0.999, ε 1e-8, bias-corrected) with L2 toward w_init and the bounds, over
 * batches of BATCH items. fsrs-rs cuts its batches from items sorted by length (its Node
 * binding) or from whole cards sorted by their longest item (Anki). Here the cards come in a
 * seeded random order and a batch takes the items of the next cards: an unbiased sample, which
 * reaches the reference's log loss in the same 8 epochs, and a batch replays each card once,
 * so an epoch costs one pass over the reviews. */
static void S_train(const vg_opt_data *d, work *wk, size_t n_scored, const vg_opt_config *cfg,
                    const double w_init[NW], double w[NW])
{
    memcpy(w, w_init, NW * sizeof *w);
    uint64_t rng = SEED;
    uint32_t *rank = wk->rank;
    for (uint32_t c = 0; c < d->n_cards; c++)
        rank[c] = c;
    for (size_t i = d->n_cards; i > 1; i--) { /* Fisher-Yates */
        size_t j = (size_t)(S_next(&rng) % i);
        uint32_t tmp = rank[i - 1];
        rank[i - 1] = rank[j];
        rank[j] = tmp;
    }
    train_item *its = wk->items;
    size_t k = 0;
    for (uint32_t c = 0; c < d->n_cards; c++)
        for (size_t i = d->card_start[c]; i < d->card_start[c + 1]; i++)
            if (wk->weight[i] > 0)
                its[k++] =
                    (train_item){.at = i, .card = c, .rank = rank[c], .weight = wk->weight[i]};
    qsort(its, k, sizeof *its, S_item_cmp);
    memset(wk->weight, 0, d->n_reviews * sizeof *wk->weight);
    /* each batch's cards, once each: batch b's are cards[card_at[b] .. card_at[b + 1]) */
    size_t nb = (k + BATCH - 1) / BATCH, nc = 0;
    for (size_t b = 0; b < nb; b++) {
        wk->card_at[b] = nc;
        for (size_t i = b * BATCH; i < k && i < (b + 1) * BATCH; i++)
            if (nc == wk->card_at[b] || wk->cards[nc - 1] != its[i].card)
                wk->cards[nc++] = its[i].card;
    }
    wk->card_at[nb] = nc;
    size_t *order = wk->order;
    for (size_t b = 0; b < nb; b++)
        order[b] = b;

    double m[NW] = {0}, v[NW] = {0}, g[NW], b1t = 1, b2t = 1;
    size_t t_max = (n_scored / BATCH + 1) * (size_t)cfg->epochs, step = 0;
    size_t total = nb * (size_t)cfg->epochs;
    for (int ep = 0; ep < cfg->epochs; ep++) {
        for (size_t i = nb; i > 1; i--) { /* Fisher-Yates */
            size_t j = (size_t)(S_next(&rng) % i), tmp = order[i - 1];
            order[i - 1] = order[j];
            order[j] = tmp;
        }
        for (size_t bi = 0; bi < nb; bi++) {
            size_t b = order[bi], first = b * BATCH, end = first + BATCH < k ? first + BATCH : k;
            for (size_t i = first; i < end; i++)
                wk->weight[its[i].at] = its[i].weight;
            double lr = vg_opt_lr(LR0, step++, t_max);
            vg_opt_loss_grad(d, wk->cards + wk->card_at[b], wk->card_at[b + 1] - wk->card_at[b],
                             wk->weight, w, g);
            for (size_t i = first; i < end; i++)
                wk->weight[its[i].at] = 0;
            b1t *= 0.9;
            b2t *= 0.999;
            double l2 = 2 * GAMMA * (double)(end - first) / (double)n_scored;
            for (int i = 0; i < NW; i++) {
                g[i] += l2 * (w[i] - w_init[i]) / (S_stddev[i] * S_stddev[i]);
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                w[i] -= lr * (m[i] / (1 - b1t)) / (sqrt(v[i] / (1 - b2t)) + 1e-8);
            }
            vg_sched_clip_weights(w, cfg->n_relearning, true);
            if (cfg->progress && (step % 16 == 0 || step == total))
                cfg->progress(cfg->ctx, "training", step, total);
        }
    }
}

typedef struct fit {
    vg_opt_outcome outcome;
    double w[NW];
    size_t n_train;
} fit;

/* compute_parameters on items[0..n) of d. */
static vg_status S_fit(const vg_opt_data *d, const vg_opt_item *items, size_t n,
                       const vg_opt_config *cfg, work *wk, fit *f)
{
    vg_sched_params defaults;
    vg_sched_params_default(&defaults);
    memcpy(f->w, defaults.weights, sizeof f->w);
    f->n_train = 0;
    f->outcome = VG_OPT_NO_ITEMS;
    if (n == 0)
        return VG_OK;
    vg_opt_item *train = malloc(n * sizeof *train);
    bool *is_init = malloc(n * sizeof *is_init);
    if (!train || !is_init) {
        free(train);
        free(is_init);
        return VG_NOMEM;
    }
    vg_status st = vg_opt_filter(d, items, n, train, is_init, &f->n_train);
    size_t n_init = 0, count[4];
    double s0[4];
    for (size_t i = 0; i < f->n_train; i++)
        n_init += is_init[i];
    f->outcome = VG_OPT_DEFAULTS;
    if (st != VG_OK || f->n_train < 8 || !vg_opt_pretrain(d, train, is_init, f->n_train, s0, count))
        goto out;
    memcpy(f->w, s0, sizeof s0);
    f->outcome = VG_OPT_PRETRAINED;
    if (n_init == f->n_train || f->n_train < 64)
        goto out;
    double w_init[NW];
    memcpy(w_init, f->w, sizeof w_init);
    size_t n_scored;
    S_weigh(d, train, f->n_train, true, MAX_SEQ_LEN, wk->weight, wk->cards, &n_scored);
    S_train(d, wk, n_scored, cfg, w_init, f->w);
    memcpy(s0, f->w, sizeof s0); /* smoothed again with the pre-training's counts */
    vg_opt_smooth_fill(s0, count);
    memcpy(f->w, s0, sizeof s0);
    vg_sched_clip_weights(f->w, cfg->n_relearning, true);
    f->outcome = VG_OPT_TRAINED;
out:
    free(train);
    free(is_init);
    return st;
}

/* The predictions of an evaluation, pooled until S_eval_finish. */
typedef struct eval_rec {
    uint64_t bin;
    double p, weight;
    int y;
} eval_rec;

typedef struct eval_acc {
    const vg_opt_data *d;
    const double *weight;
    eval_rec *recs;
    size_t n, cap;
    bool nomem;
} eval_acc;

static double S_bin(double x, double base, double scale)
{
    return round(scale * pow(base, floor(log(x) / log(base))));
}

static void S_eval_visit(void *ctx, uint32_t card, uint32_t pos, double p, int y)
{
    eval_acc *a = ctx;
    const vg_opt_data *d = a->d;
    size_t s = d->card_start[card];
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 1024;
        eval_rec *r = realloc(a->recs, cap * sizeof *r);
        if (!r) {
            a->nomem = true;
            return;
        }
        a->recs = r;
        a->cap = cap;
    }
    /* RMSE(bins)'s bins (fsrs-rs dataset.rs): interval, reviews on later days, lapses */
    uint32_t n_lt = d->n_lt[s + pos], lapses = d->lapses[s + pos];
    uint64_t dt_bin = (uint64_t)S_bin(d->delta_t[s + pos], 3.62, 2.48 * 100);
    uint64_t len_bin = (uint64_t)S_bin((double)n_lt + 1, 1.89, 1.99);
    uint64_t lapse_bin = lapses ? (uint64_t)S_bin((double)lapses, 1.73, 1.65) : 0;
    a->recs[a->n++] = (eval_rec){.bin = dt_bin << 32 | len_bin << 16 | lapse_bin,
                                 .p = p,
                                 .weight = a->weight[s + pos],
                                 .y = y};
}

static int S_rec_cmp(const void *a, const void *b)
{
    const eval_rec *x = a, *y = b;
    return (x->bin > y->bin) - (x->bin < y->bin);
}

static void S_eval_add(eval_acc *a, const vg_opt_data *d, const vg_opt_item *items, size_t n,
                       const double w[NW], bool recency, work *wk)
{
    size_t n_scored;
    size_t nc = S_weigh(d, items, n, recency, SIZE_MAX, wk->weight, wk->cards, &n_scored);
    a->d = d;
    a->weight = wk->weight;
    vg_opt_predict(d, wk->cards, nc, wk->weight, w, S_eval_visit, a);
}

static void S_eval_finish(eval_acc *a, vg_opt_metrics *m)
{
    double ll = 0, wsum = 0, se = 0, bw = 0;
    for (size_t i = 0; i < a->n; i++) {
        const eval_rec *r = &a->recs[i];
        double p = r->p < 1e-7 ? 1e-7 : r->p > 1 - 1e-7 ? 1 - 1e-7 : r->p;
        ll -= r->weight * (r->y ? log(p) : log(1 - p));
        wsum += r->weight;
    }
    qsort(a->recs, a->n, sizeof *a->recs, S_rec_cmp);
    for (size_t i = 0; i < a->n;) {
        double sp = 0, sy = 0, sw = 0;
        size_t j = i;
        for (; j < a->n && a->recs[j].bin == a->recs[i].bin; j++) {
            sp += a->recs[j].p;
            sy += a->recs[j].y;
            sw += a->recs[j].weight;
        }
        double c = (double)(j - i), diff = sp / c - sy / c;
        se += sw * diff * diff;
        bw += sw;
        i = j;
    }
    m->log_loss = wsum > 0 ? ll / wsum : 0;
    m->rmse_bins = bw > 0 ? sqrt(se / bw) : 0;
    free(a->recs);
    memset(a, 0, sizeof *a);
}

bool vg_opt_healthy(double log_loss, double rmse_bins, double retention, size_t n)
{
    /* Anki rslib/src/scheduler/fsrs/params.rs: the metrics against what is typical for the
     * retention and the number of items. */
    double r = retention;
    double adj_ll = log_loss / (0.623 * pow(4 * r * (1 - r), 0.738));
    double adj_rmse = rmse_bins / (0.0135 / (pow(r, 0.504) - 1.14) +
                                   0.176 / (pow((double)n / 1000, 0.825) + 2.22) + 0.101);
    return adj_ll <= 1.11 || adj_rmse <= 1.53;
}

/* The time-series split (fsrs-rs evaluate_with_time_series_splits): fold i fits on the first i + 1
 * sixths and predicts the next one (the last fold to the end); the test predictions are pooled. */
static vg_status S_split(const vg_opt_data *d, const vg_opt_config *cfg, work *wk,
                         vg_opt_result *out)
{
    size_t n = d->n_items, seg = n / 6, passed = 0, tested = 0;
    eval_acc acc = {0};
    vg_opt_config quiet = *cfg;
    quiet.progress = NULL;
    for (size_t i = 0; i < 5; i++) {
        fit f;
        if (cfg->progress)
            cfg->progress(cfg->ctx, "checking", i, 5);
        vg_status st = S_fit(d, d->items, (i + 1) * seg, &quiet, wk, &f);
        if (st != VG_OK) {
            free(acc.recs);
            return st;
        }
        size_t lo = (i + 1) * seg, hi = i == 4 ? n : (i + 2) * seg;
        S_eval_add(&acc, d, d->items + lo, hi - lo, f.w, false, wk);
        tested += hi - lo;
    }
    for (size_t i = 0; i < acc.n; i++)
        passed += (size_t)acc.recs[i].y;
    if (acc.nomem) {
        free(acc.recs);
        return VG_NOMEM;
    }
    S_eval_finish(&acc, &out->split);
    out->has_split = true;
    out->split_retention = tested ? (double)passed / (double)tested : 0;
    out->healthy =
        vg_opt_healthy(out->split.log_loss, out->split.rmse_bins, out->split_retention, tested);
    return VG_OK;
}

vg_status vg_optimize(const vg_opt_data *d, const double current[VG_FSRS_NWEIGHTS],
                      const vg_opt_config *cfg, vg_opt_result *out, vg_error *err)
{
    memset(out, 0, sizeof *out);
    work wk = {0};
    vg_status st = VG_NOMEM;
    fit f;
    if (!S_work_alloc(&wk, d) || (st = S_fit(d, d->items, d->n_items, cfg, &wk, &f)) != VG_OK)
        goto out;
    out->outcome = f.outcome;
    out->n_items = d->n_items;
    out->n_train = f.n_train;
    memcpy(out->fitted, f.w, sizeof f.w);
    memcpy(out->w, current, sizeof out->w);
    if (f.outcome == VG_OPT_NO_ITEMS) {
        st = VG_OK;
        goto out;
    }
    eval_acc cur = {0}, fitted = {0};
    S_eval_add(&cur, d, d->items, d->n_items, current, true, &wk);
    S_eval_add(&fitted, d, d->items, d->n_items, f.w, true, &wk);
    st = cur.nomem || fitted.nomem ? VG_NOMEM : VG_OK;
    S_eval_finish(&cur, &out->current);
    S_eval_finish(&fitted, &out->fit);
    if (st != VG_OK)
        goto out;
    /* Anki keeps the current weights unless the new ones fit better, or, with several
     * relearning steps, unless the current ones let relearning raise the stability
     * (rslib/src/scheduler/fsrs/params.rs). */
    out->keep_current =
        out->current.log_loss <= out->fit.log_loss &&
        (cfg->n_relearning <= 1 || vg_opt_relearn_stability(current, cfg->n_relearning) < 1);
    if (!out->keep_current)
        memcpy(out->w, f.w, sizeof out->w);
    if (cfg->split_evaluation && d->n_items > 300)
        st = S_split(d, cfg, &wk, out);
out:
    S_work_free(&wk);
    if (st != VG_OK)
        vg_error_set(err, st, NULL, 0, 0, "out of memory");
    return st;
}
