/* Review logs -> training items (fsrs-rs 6.6.1 FSRSItem; Anki's fsrs_items_for_training in
 * rslib/src/scheduler/fsrs/params.rs): one item per review on a later study day than the
 * card's previous review, whose history is every review before it, same-day ones included. */
#include "optimize/optimize_int.h"

#include <stdlib.h>
#include <string.h>

#include "vgrev/buf.h"

void vg_opt_data_init(vg_opt_data *d)
{
    memset(d, 0, sizeof *d);
}

void vg_opt_data_release(vg_opt_data *d)
{
    free(d->rating);
    free(d->delta_t);
    free(d->n_lt);
    free(d->lapses);
    free(d->card_start);
    free(d->items);
    vg_opt_data_init(d);
}

static vg_status S_nomem(vg_error *err)
{
    return vg_error_set(err, VG_NOMEM, NULL, 0, 0, "out of memory");
}

vg_status vg_opt_data_add(vg_opt_data *d, const vg_time *t, const int32_t *ratings, size_t n,
                          const vg_days *days, vg_error *err)
{
    if (d->n_cards >= UINT32_MAX - 1 || n >= UINT32_MAX)
        return S_nomem(err);
    /* the four per-review arrays grow alike from the same capacity */
    size_t cap[4] = {d->cap_reviews_, d->cap_reviews_, d->cap_reviews_, d->cap_reviews_};
    if (!VG_GROW(d->rating, cap[0], d->n_reviews + n) ||
        !VG_GROW(d->delta_t, cap[1], d->n_reviews + n) ||
        !VG_GROW(d->n_lt, cap[2], d->n_reviews + n) ||
        !VG_GROW(d->lapses, cap[3], d->n_reviews + n) ||
        !VG_GROW(d->card_start, d->cap_cards_, d->n_cards + 2))
        return S_nomem(err);
    d->cap_reviews_ = cap[3];
    size_t start = d->n_reviews, k = 0;
    uint32_t n_lt = 0, lapses = 0;
    int64_t prev_day = 0;
    for (size_t i = 0; i < n; i++) {
        if (ratings[i] < VG_AGAIN || ratings[i] > VG_EASY)
            continue;
        int64_t day = vg_days_index(days, t[i]);
        int64_t dt = k == 0 ? 0 : day - prev_day;
        if (dt < 0)
            dt = 0; /* as the scheduler: a clock that went back is the same day */
        if (dt > INT32_MAX)
            dt = INT32_MAX;
        prev_day = day;
        d->rating[start + k] = (uint8_t)ratings[i];
        d->delta_t[start + k] = (int32_t)dt;
        d->lapses[start + k] = lapses;
        n_lt += dt > 0;
        lapses += dt > 0 && ratings[i] == VG_AGAIN;
        d->n_lt[start + k] = n_lt;
        if (dt > 0) {
            if (!VG_GROW(d->items, d->cap_items_, d->n_items + 1))
                return S_nomem(err);
            d->items[d->n_items++] =
                (vg_opt_item){.card = (uint32_t)d->n_cards, .pos = (uint32_t)k, .t = t[i]};
        }
        k++;
    }
    if (k == 0)
        return VG_OK;
    d->card_start[d->n_cards] = start;
    d->n_cards++;
    d->n_reviews += k;
    d->card_start[d->n_cards] = d->n_reviews;
    return VG_OK;
}

static int S_item_cmp(const void *a, const void *b)
{
    const vg_opt_item *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    if (x->card != y->card)
        return x->card < y->card ? -1 : 1;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

void vg_opt_data_finish(vg_opt_data *d)
{
    if (d->n_items > 1)
        qsort(d->items, d->n_items, sizeof *d->items, S_item_cmp);
}

size_t vg_opt_long_term_count(const vg_opt_data *d, const vg_opt_item *it)
{
    return d->n_lt[d->card_start[it->card] + it->pos];
}

typedef struct pair_count {
    int rating;
    int32_t dt;
    size_t count;
} pair_count;

static int S_pair_cmp(const void *a, const void *b)
{
    const pair_count *x = a, *y = b;
    if (x->rating != y->rating)
        return x->rating - y->rating;
    return (x->dt > y->dt) - (x->dt < y->dt);
}

static int S_size_cmp(const void *a, const void *b)
{
    const pair_count *x = a, *y = b;
    if (x->rating != y->rating)
        return x->rating - y->rating;
    if (x->count != y->count)
        return x->count < y->count ? -1 : 1;
    return (x->dt > y->dt) - (x->dt < y->dt);
}

static bool S_removed(const pair_count *removed, size_t n, int rating, int32_t dt)
{
    pair_count key = {.rating = rating, .dt = dt};
    return bsearch(&key, removed, n, sizeof *removed, S_pair_cmp) != NULL;
}

/* The outlier filter (fsrs-rs dataset.rs filter_outlier): among the items with one
 * review on a later day, per first rating, the rarest (first rating, first interval) pairs
 * (about 5 %, at least 20 items) and the small or very long ones go; every item of a card
 * whose pair went is dropped. Writes the kept items, in order, to train (n_train) and marks the
 * single-interval ones among them in is_init. */
vg_status vg_opt_filter(const vg_opt_data *d, const vg_opt_item *items, size_t n,
                        vg_opt_item *train, bool *is_init, size_t *n_train)
{
    pair_count *pairs = malloc((n ? n : 1) * sizeof *pairs);
    if (!pairs)
        return VG_NOMEM;
    size_t np = 0;
    for (size_t i = 0; i < n; i++)
        if (vg_opt_long_term_count(d, &items[i]) == 1) {
            const vg_opt_item *it = &items[i];
            pairs[np++] = (pair_count){.rating = d->rating[d->card_start[it->card]],
                                       .dt = d->delta_t[d->card_start[it->card] + it->pos],
                                       .count = 1};
        }
    qsort(pairs, np, sizeof *pairs, S_pair_cmp);
    size_t ng = 0; /* merge equal pairs */
    for (size_t i = 0; i < np; i++) {
        if (ng && S_pair_cmp(&pairs[ng - 1], &pairs[i]) == 0)
            pairs[ng - 1].count++;
        else
            pairs[ng++] = pairs[i];
    }
    qsort(pairs, ng, sizeof *pairs, S_size_cmp);
    size_t nr = 0; /* removed pairs, written over the visited ones */
    for (size_t g = 0; g < ng;) {
        size_t e = g, total = 0, removed = 0;
        while (e < ng && pairs[e].rating == pairs[g].rating)
            total += pairs[e++].count;
        size_t budget = total / 20 > 20 ? total / 20 : 20;
        int32_t max_dt = pairs[g].rating == VG_EASY ? 365 : 100;
        for (size_t i = g; i < e; i++) {
            pair_count p = pairs[i];
            if (removed + p.count < budget) {
                removed += p.count;
                pairs[nr++] = p;
            } else if (p.count < 6 || p.dt > max_dt) {
                pairs[nr++] = p;
            }
        }
        g = e;
    }
    qsort(pairs, nr, sizeof *pairs, S_pair_cmp);
    size_t k = 0, *first = malloc((d->n_cards ? d->n_cards : 1) * sizeof *first);
    if (!first) {
        free(pairs);
        return VG_NOMEM;
    }
    for (uint32_t c = 0; c < d->n_cards; c++) { /* each card's first review on a later day */
        first[c] = d->card_start[c];
        while (first[c] + 1 < d->card_start[c + 1] && d->n_lt[first[c]] == 0)
            first[c]++;
    }
    for (size_t i = 0; i < n; i++) {
        const vg_opt_item *it = &items[i];
        size_t s = d->card_start[it->card];
        if (S_removed(pairs, nr, d->rating[s], d->delta_t[first[it->card]]))
            continue;
        is_init[k] = vg_opt_long_term_count(d, it) == 1;
        train[k++] = *it;
    }
    free(first);
    free(pairs);
    *n_train = k;
    return VG_OK;
}
