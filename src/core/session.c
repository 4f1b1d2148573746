/* The study queue: three heaps (learning by due time, reviews by due time, new cards by deck
 * order) with lazy deletion (an entry is stale when its item's version moved on), a class per
 * card for the counts, the day's limits, and an undo stack. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "session_internal.h"

enum { S_ROLLOVER_HOUR = 4 };

void vg_session_opts_default(vg_session_opts *o, vg_time now)
{
    memset(o, 0, sizeof *o);
    o->now = now;
    o->utc_offset = 0;
    o->new_per_day = 20;
    o->reviews_per_day = 200;
    o->learn_ahead = 20 * 60;
}

vg_time vg_session_day_start(vg_time t, int32_t utc_offset)
{
    /* Shift to local time, and by 4 hours so the day starts at 0; floor to the day. */
    const vg_time hour = 3600;
    vg_time local = t + utc_offset - S_ROLLOVER_HOUR * hour;
    return vg_time_day(local) * VG_TIME_DAY + S_ROLLOVER_HOUR * hour - utc_offset;
}

/* FNV-1a over the parameters that change a schedule. */
static uint64_t S_fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

void vg_session_sched_tag(const vg_sched *sched, char out[40])
{
    const vg_sched_params *p = &sched->p;
    uint64_t h = 0xcbf29ce484222325ULL;
    int32_t kind = p->kind;
    h = S_fnv(h, &kind, sizeof kind);
    h = S_fnv(h, p->weights, sizeof p->weights);
    h = S_fnv(h, &p->desired_retention, sizeof p->desired_retention);
    h = S_fnv(h, &p->maximum_interval, sizeof p->maximum_interval);
    h = S_fnv(h, p->learning_steps, p->n_learning_steps * sizeof *p->learning_steps);
    h = S_fnv(h, p->relearning_steps, p->n_relearning_steps * sizeof *p->relearning_steps);
    unsigned char flags[2] = {p->enable_fuzz, p->enable_short_term};
    h = S_fnv(h, flags, sizeof flags);
    static const char hex[] = "0123456789abcdef";
    const char *name = p->kind == VG_SCHED_SM2 ? "sm2 " : "fsrs ";
    size_t n = strlen(name);
    memcpy(out, name, n);
    for (int i = 0; i < 16; i++)
        out[n + (size_t)i] = hex[(h >> (60 - 4 * i)) & 15];
    out[n + 16] = '\0';
}

/* ---- heaps ---- */

static bool S_less(const vg_hent *a, const vg_hent *b)
{
    return a->key != b->key ? a->key < b->key : a->order < b->order;
}

static bool S_heap_push(vg_heap *h, vg_hent e)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 64;
        vg_hent *g = realloc(h->a, cap * sizeof *g);
        if (!g)
            return false;
        h->a = g;
        h->cap = cap;
    }
    size_t i = h->n++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!S_less(&e, &h->a[p]))
            break;
        h->a[i] = h->a[p];
        i = p;
    }
    h->a[i] = e;
    return true;
}

static void S_heap_pop(vg_heap *h)
{
    vg_hent last = h->a[--h->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && S_less(&h->a[c + 1], &h->a[c]))
            c++;
        if (!S_less(&h->a[c], &last))
            break;
        h->a[i] = h->a[c];
        i = c;
    }
    if (h->n)
        h->a[i] = last;
}

/* The first entry that is not stale, or NULL. */
static const vg_hent *S_heap_top(vg_session *s, vg_heap *h)
{
    while (h->n && s->items[h->a[0].item].version != h->a[0].version)
        S_heap_pop(h);
    return h->n ? &h->a[0] : NULL;
}

/* ---- classes ---- */

static void S_state(const vg_session *s, const vg_item *it, vg_sched_card *out)
{
    if (it->pub.rec) {
        if (!it->pub.rec->state_ok)
            vg_store_replay_record(s->sched, it->pub.rec);
        *out = it->pub.rec->sched;
    } else {
        vg_sched_card_init(out, it->pub.card->id, VG_CARD_ID_LEN);
    }
}

static enum S_class S_classify(const vg_session *s, const vg_item *it, vg_time now, vg_time day_end)
{
    if (!it->included)
        return Q_NONE;
    const vg_record *r = it->pub.rec;
    if (r && r->suspended)
        return Q_SUSPENDED;
    if (r && r->buried_until > now)
        return Q_BURIED;
    vg_sched_card c;
    S_state(s, it, &c);
    switch (c.state) {
    case VG_CARD_NEW:
        return Q_NEW;
    case VG_CARD_LEARNING:
    case VG_CARD_RELEARNING:
        return Q_LEARN;
    default:
        return c.due < day_end ? Q_DUE : Q_LATER;
    }
}

/* Puts an item (back) in the class and heap its state says; its old heap entries go stale. */
static bool S_place(vg_session *s, size_t i, vg_time now)
{
    vg_item *it = &s->items[i];
    s->counts[it->cls]--;
    it->version++;
    it->cls = (unsigned char)S_classify(s, it, now, s->day_end);
    s->counts[it->cls]++;
    vg_hent e = {0, it->order, i, it->version};
    vg_sched_card c;
    switch (it->cls) {
    case Q_NEW:
        e.key = 0;
        return S_heap_push(&s->fresh, e);
    case Q_LEARN:
        S_state(s, it, &c);
        e.key = c.due;
        return S_heap_push(&s->learn, e);
    case Q_DUE:
    case Q_LATER:
        S_state(s, it, &c);
        e.key = c.due;
        return S_heap_push(&s->review, e);
    default:
        return true;
    }
}

/* The day that contains now: its bounds, what was done in it, every card's class. This walks
 * every card and review: it runs when the session opens and when the day rolls over. */
static bool S_new_day(vg_session *s, vg_time now)
{
    s->day_start = vg_session_day_start(now, s->opts.utc_offset);
    s->day_end = s->day_start + VG_TIME_DAY;
    s->new_today = s->reviews_today = 0;
    s->learn.n = s->review.n = s->fresh.n = 0;
    memset(s->counts, 0, sizeof s->counts);
    for (size_t i = 0; i < s->nitems; i++) {
        vg_item *it = &s->items[i];
        const vg_record *r = it->pub.rec;
        if (r && r->nreviews && it->included) {
            /* New today: the first review is today. A review today: a card seen before today,
             * answered today (however many times). */
            if (r->reviews[0].t >= s->day_start)
                s->new_today += r->reviews[0].t < s->day_end;
            else if (r->reviews[r->nreviews - 1].t >= s->day_start)
                s->reviews_today++;
        }
        it->cls = Q_NONE;
        s->counts[Q_NONE]++;
        if (!S_place(s, i, now))
            return false;
    }
    return true;
}

static bool S_roll(vg_session *s, vg_time now)
{
    if (now >= s->day_start && now < s->day_end)
        return true;
    return S_new_day(s, now);
}

/* ---- open / free ---- */

vg_status vg_session_open(const vg_session_deck *decks, size_t ndecks, vg_store *store,
                          const vg_sched *sched, const vg_session_opts *opts, vg_session **out,
                          vg_error *err)
{
    *out = NULL;
    vg_session *s = calloc(1, sizeof *s);
    if (!s)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    s->store = store;
    s->sched = sched;
    if (opts)
        s->opts = *opts;
    else
        vg_session_opts_default(&s->opts, 0);
    s->front = SIZE_MAX;
    s->ndecks = ndecks;
    s->decks = calloc(ndecks ? ndecks : 1, sizeof *s->decks);
    s->first = calloc(ndecks + 1, sizeof *s->first);
    if (!s->decks || !s->first)
        goto nomem;
    size_t total = 0;
    for (size_t d = 0; d < ndecks; d++) {
        s->decks[d].deck = decks[d].deck;
        size_t n = strlen(decks[d].name);
        char *name = malloc(n + 1);
        if (!name)
            goto nomem;
        memcpy(name, decks[d].name, n + 1);
        s->decks[d].name = name;
        s->first[d] = total;
        total += decks[d].deck->ncards;
    }
    s->first[ndecks] = total;
    s->nitems = total;
    s->items = calloc(total ? total : 1, sizeof *s->items);
    if (!s->items)
        goto nomem;
    for (size_t d = 0, k = 0; d < ndecks; d++) {
        for (size_t c = 0; c < decks[d].deck->ncards; c++, k++) {
            vg_item *it = &s->items[k];
            it->pub.deck = d;
            it->pub.card = &decks[d].deck->cards[c];
            it->order = k;
            it->included =
                !s->opts.include || s->opts.include(d, it->pub.card, s->opts.include_ctx);
        }
    }

    /* Cached states from another scheduler are worthless: rebuild them all. */
    char tag[40];
    vg_session_sched_tag(sched, tag);
    bool same = strcmp(vg_store_scheduler(store), tag) == 0;
    vg_store_replay(store, sched, !same);
    if (!same && vg_store_set_scheduler(store, tag) != VG_OK)
        goto nomem;

    vg_status st = vg_session_link(s, err);
    if (st != VG_OK) {
        vg_session_free(s);
        return st;
    }
    if (!S_new_day(s, s->opts.now))
        goto nomem;
    *out = s;
    return VG_OK;
nomem:
    vg_session_free(s);
    return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
}

void vg_session_free(vg_session *s)
{
    if (!s)
        return;
    if (s->items)
        for (size_t i = 0; i < s->nitems; i++)
            if (s->items[i].pub.rec)
                s->items[i].pub.rec->user_ = NULL;
    if (s->decks)
        for (size_t d = 0; d < s->ndecks; d++)
            free((char *)s->decks[d].name);
    for (size_t i = 0; i < s->nstrings; i++)
        free(s->strings[i]);
    free(s->strings);
    free(s->decks);
    free(s->first);
    free(s->items);
    free(s->learn.a);
    free(s->review.a);
    free(s->fresh.a);
    free(s->undo);
    free(s->relinks);
    free(s->orphans);
    free(s);
}

vg_status vg_session_save(vg_session *s, vg_error *err)
{
    return vg_store_save(s->store, err);
}

vg_status vg_session_idle(vg_session *s, vg_error *err)
{
    if (!vg_store_wants_save(s->store))
        return VG_OK;
    return vg_store_save(s->store, err);
}

/* ---- the queue ---- */

static bool S_eligible(const vg_item *it)
{
    return it->cls == Q_NEW || it->cls == Q_LEARN || it->cls == Q_DUE || it->cls == Q_LATER;
}

const vg_session_card *vg_session_next(vg_session *s, vg_time now, vg_time *wake)
{
    if (wake)
        *wake = 0;
    if (!S_roll(s, now))
        return NULL;
    if (s->front != SIZE_MAX) {
        vg_item *it = &s->items[s->front];
        if (S_eligible(it))
            return &it->pub;
        s->front = SIZE_MAX;
    }
    const vg_hent *l = S_heap_top(s, &s->learn);
    if (l && l->key <= now)
        return &s->items[l->item].pub;
    const vg_hent *r = S_heap_top(s, &s->review);
    if (r && r->key < s->day_end && s->reviews_today < s->opts.reviews_per_day)
        return &s->items[r->item].pub;
    const vg_hent *f = S_heap_top(s, &s->fresh);
    if (f && s->new_today < s->opts.new_per_day)
        return &s->items[f->item].pub;
    if (l && l->key <= now + s->opts.learn_ahead)
        return &s->items[l->item].pub;
    if (wake && l)
        *wake = l->key;
    return NULL;
}

static vg_item *S_item(const vg_session *s, const vg_session_card *card)
{
    vg_item *it = (vg_item *)card;
    if (it < s->items || it >= s->items + s->nitems)
        return NULL;
    return it;
}

/* The item's record, created (in memory) when the card has none yet. */
static vg_record *S_record(vg_session *s, vg_item *it)
{
    if (it->pub.rec)
        return it->pub.rec;
    const vg_deck *deck = s->decks[it->pub.deck].deck;
    vg_record *r =
        vg_store_add(s->store, s->decks[it->pub.deck].name, it->pub.card->id,
                     deck->sections[it->pub.card->section].title, it->pub.card->front_src);
    if (r) {
        r->user_ = it;
        it->pub.rec = r;
    }
    return r;
}

vg_status vg_session_answer(vg_session *s, const vg_session_card *card, int rating, vg_time now,
                            vg_error *err)
{
    vg_item *it = S_item(s, card);
    if (!it)
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "not a card of this session");
    if (rating < VG_AGAIN || rating > VG_EASY)
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "rating %d is not 1..4", rating);
    if (s->nundo == s->capundo) {
        size_t cap = s->capundo ? s->capundo * 2 : 64;
        vg_undo *g = realloc(s->undo, cap * sizeof *g);
        if (!g)
            return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
        s->undo = g;
        s->capundo = cap;
    }
    S_roll(s, now);
    vg_record *r = S_record(s, it);
    if (!r)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    vg_sched_card prev, next;
    S_state(s, it, &prev);
    /* One review per second per card, in order: the log stays sorted and every review is its
     * own (merging treats the same time and rating as one review). */
    vg_time t = now;
    if (r->nreviews && t <= r->reviews[r->nreviews - 1].t)
        t = r->reviews[r->nreviews - 1].t + 1;
    vg_sched_next(s->sched, &prev, (vg_rating)rating, t, &next);
    bool first = r->nreviews == 0;
    bool seen_today = !first && r->reviews[r->nreviews - 1].t >= s->day_start;
    vg_status st = vg_store_answer(s->store, r, t, rating, &next, err);
    if (st != VG_OK)
        return st;
    vg_undo *u = &s->undo[s->nundo++];
    u->item = (size_t)(it - s->items);
    u->t = t;
    u->rating = rating;
    u->prev = prev;
    u->counted_new = first && it->included;
    u->counted_review = !first && !seen_today && it->included;
    s->new_today += u->counted_new;
    s->reviews_today += u->counted_review;
    if (s->front == u->item)
        s->front = SIZE_MAX;
    if (!S_place(s, u->item, now))
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    return VG_OK;
}

vg_status vg_session_undo(vg_session *s, const vg_session_card **card, vg_error *err)
{
    if (card)
        *card = NULL;
    if (!s->nundo)
        return vg_error_set(err, VG_NOT_FOUND, NULL, 0, 0, "nothing to undo");
    vg_undo *u = &s->undo[s->nundo - 1];
    vg_item *it = &s->items[u->item];
    vg_status st = vg_store_undo(s->store, it->pub.rec, u->t, u->rating, &u->prev, err);
    if (st != VG_OK)
        return st;
    s->nundo--;
    s->new_today -= u->counted_new;
    s->reviews_today -= u->counted_review;
    /* Classify at the time of the answer: the card is shown again whatever time it is. */
    if (!S_place(s, u->item, u->t))
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    s->front = u->item;
    if (card)
        *card = &it->pub;
    return VG_OK;
}

size_t vg_session_undo_depth(const vg_session *s)
{
    return s->nundo;
}

vg_status vg_session_bury(vg_session *s, const vg_session_card *card, vg_time now, vg_error *err)
{
    vg_item *it = S_item(s, card);
    if (!it)
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "not a card of this session");
    S_roll(s, now);
    vg_record *r = S_record(s, it);
    if (!r)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    vg_status st = vg_store_bury(s->store, r, s->day_end, err);
    if (st != VG_OK)
        return st;
    if (s->front == (size_t)(it - s->items))
        s->front = SIZE_MAX;
    if (!S_place(s, (size_t)(it - s->items), now))
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    return VG_OK;
}

vg_status vg_session_suspend(vg_session *s, const vg_session_card *card, bool on, vg_error *err)
{
    vg_item *it = S_item(s, card);
    if (!it)
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "not a card of this session");
    vg_record *r = S_record(s, it);
    if (!r)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    vg_status st = vg_store_suspend(s->store, r, on, err);
    if (st != VG_OK)
        return st;
    if (on && s->front == (size_t)(it - s->items))
        s->front = SIZE_MAX;
    /* The class of a buried card depends on the time: use the day's start, which is before
     * any bury of this day ended. */
    if (!S_place(s, (size_t)(it - s->items), s->day_start))
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    return VG_OK;
}

void vg_session_card_state(const vg_session *s, const vg_session_card *card, vg_sched_card *out)
{
    S_state(s, (const vg_item *)card, out);
}

const vg_session_card *vg_session_card_at(const vg_session *s, size_t deck, size_t card)
{
    if (deck >= s->ndecks || card >= s->first[deck + 1] - s->first[deck])
        return NULL;
    return &s->items[s->first[deck] + card].pub;
}

void vg_session_counts(const vg_session *s, size_t deck, size_t section, vg_time now,
                       vg_counts *out)
{
    memset(out, 0, sizeof *out);
    if (deck >= s->ndecks || section >= s->decks[deck].deck->nsections)
        return;
    const vg_section *sec = &s->decks[deck].deck->sections[section];
    vg_time day_end = vg_session_day_start(now, s->opts.utc_offset) + VG_TIME_DAY;
    for (size_t c = sec->first_card; c < sec->first_card + sec->ncards; c++) {
        vg_item it = s->items[s->first[deck] + c];
        it.included = true; /* counts are about the deck, whatever the session studies */
        out->cards++;
        switch (S_classify(s, &it, now, day_end)) {
        case Q_SUSPENDED:
            out->suspended++;
            break;
        case Q_NEW:
            out->new_cards++;
            break;
        case Q_LEARN:
            out->learning++;
            break;
        case Q_DUE:
            out->due++;
            break;
        default:
            break;
        }
    }
}

void vg_session_remaining(vg_session *s, vg_time now, size_t *new_cards, size_t *learning,
                          size_t *due)
{
    S_roll(s, now);
    size_t nl = s->new_today < s->opts.new_per_day ? s->opts.new_per_day - s->new_today : 0;
    size_t rl =
        s->reviews_today < s->opts.reviews_per_day ? s->opts.reviews_per_day - s->reviews_today : 0;
    *new_cards = s->counts[Q_NEW] < nl ? s->counts[Q_NEW] : nl;
    *learning = s->counts[Q_LEARN];
    *due = s->counts[Q_DUE] < rl ? s->counts[Q_DUE] : rl;
}

const vg_relink *vg_session_relinks(const vg_session *s, size_t *n)
{
    *n = s->nrelinks;
    return s->relinks;
}

vg_record *const *vg_session_orphans(const vg_session *s, size_t *n)
{
    *n = s->norphans;
    return s->orphans;
}
