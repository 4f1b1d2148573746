/* The study queue: heaps (learning by due time, reviews by due time, new cards by deck order,
 * buried cards by when they come back) with lazy deletion (an entry is stale when its item's
 * version moved on), a class per card for the counts, the day's limits; the cram list; reading
 * an edited deck again. The changes (answer, bury, suspend, undo) are in session/actions.c. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "session/session_int.h"

enum { S_ROLLOVER_HOUR = 4 };

void vg_session_opts_default(vg_session_opts *o, vg_time now)
{
    memset(o, 0, sizeof *o);
    o->now = now;
    o->utc_offset = 0;
    o->new_per_day = 20;
    o->reviews_per_day = 200;
    o->learn_ahead = 20 * 60;
    o->leech_lapses = VG_SESSION_LEECH_LAPSES;
    o->bury_siblings = true;
    o->days.start_hour = S_ROLLOVER_HOUR;
}

bool vg_session_leech_at(unsigned threshold, int32_t lapses)
{
    /* Anki's rule: at the threshold, then every half threshold (at least every lapse). */
    if (!threshold || lapses < 0 || (uint32_t)lapses < threshold)
        return false;
    unsigned every = threshold / 2 ? threshold / 2 : 1;
    return ((uint32_t)lapses - threshold) % every == 0;
}

bool vg_session_is_leech(const vg_session *s, const vg_session_card *card)
{
    const vg_item *it = vg_session_item(s, card);
    return it && it->pub.rec && vg_record_has_tag(it->pub.rec, VG_SESSION_LEECH_TAG);
}

vg_days vg_session_days(const vg_session_opts *o)
{
    vg_days d = o->days;
    if (!d.offset_at)
        d.fixed_offset = o->utc_offset;
    return d;
}

vg_time vg_session_day_begin(const vg_session_opts *o, vg_time t)
{
    vg_days d = vg_session_days(o);
    return vg_days_start(&d, t);
}

vg_time vg_session_day_next(const vg_session_opts *o, vg_time t)
{
    vg_days d = vg_session_days(o);
    return vg_days_next_start(&d, t);
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
    if (!VG_GROW(h->a, h->cap, h->n + 1))
        return false;
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
    if (!s->items) /* no cards, so no entries (said for the analyzer, which cannot tell) */
        return NULL;
    while (h->n && s->items[h->a[0].item].version != h->a[0].version)
        S_heap_pop(h);
    return h->n ? &h->a[0] : NULL;
}

/* ---- classes ---- */

void vg_session_state(const vg_session *s, const vg_item *it, vg_sched_card *out)
{
    vg_record *r = it->pub.rec;
    if (!r) {
        vg_sched_card_init(out, it->pub.card->id, VG_CARD_ID_LEN);
    } else if (s->opts.cram) {
        /* Cram touches no record, not even a cached state: replay a copy (the card shown). */
        vg_record copy = *r;
        vg_store_replay_record(s->sched, &copy);
        *out = copy.sched;
    } else {
        if (!r->state_ok)
            vg_store_replay_record(s->sched, r);
        *out = r->sched;
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
    vg_session_state(s, it, &c);
    switch (c.state) {
    case VG_CARD_NEW:
        return Q_NEW;
    case VG_CARD_LEARNING:
    case VG_CARD_RELEARNING:
        return Q_LEARN;
    default:
        return c.due < day_end + s->opts.review_ahead ? Q_DUE : Q_LATER;
    }
}

bool vg_session_place(vg_session *s, size_t i, vg_time now)
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
        vg_session_state(s, it, &c);
        e.key = c.due;
        return S_heap_push(&s->learn, e);
    case Q_DUE:
    case Q_LATER:
        vg_session_state(s, it, &c);
        e.key = c.due;
        return S_heap_push(&s->review, e);
    case Q_BURIED:
        /* Back when the bury ends, or later when the card is not due by then (a new card
         * waits for the day after this one at least). */
        vg_session_state(s, it, &c);
        e.key = c.state == VG_CARD_NEW ? s->day_end : c.due;
        if (e.key < it->pub.rec->buried_until)
            e.key = it->pub.rec->buried_until;
        return S_heap_push(&s->buried, e);
    default:
        return true;
    }
}

/* The day walks the records in their order (vg_session_walk_at), asking for the items S_AHEAD
 * records ahead: an item is small and in memory, a record may be on a page not read yet. */
enum { S_AHEAD = 16 };

/* Counts what the item's log did on the day and puts the item in its class. */
static bool S_day_item(vg_session *s, vg_item *it, vg_time now)
{
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
    /* Cram has its own list: no queue. */
    return s->opts.cram || vg_session_place(s, (size_t)(it - s->items), now);
}

/* The day that contains now: its bounds, what was done in it, every card's class. This walks
 * every card and review: it runs when the session opens and when the day rolls over. The order
 * of the walk changes nothing: the heaps order by (key, deck order). */
static bool S_new_day(vg_session *s, vg_time now)
{
    s->day_start = vg_session_day_begin(&s->opts, now);
    s->day_end = vg_session_day_next(&s->opts, now);
    s->new_today = s->reviews_today = 0;
    s->learn.n = s->review.n = s->fresh.n = s->buried.n = 0;
    memset(s->counts, 0, sizeof s->counts);
    if (s->opts.no_queue) { /* every item stays Q_NONE, as calloc left it */
        s->counts[Q_NONE] = s->nitems;
        return true;
    }
    /* Room for every card in each heap at once: address space, not memory, where growing by
     * doubling would copy the review heap over and over. */
    vg_heap *heaps[] = {&s->learn, &s->review, &s->fresh, &s->buried, NULL};
    for (vg_heap **h = heaps; *h && !s->opts.cram; h++)
        if (!VG_GROW((*h)->a, (*h)->cap, s->nitems))
            return false;
    size_t n = vg_session_walk_len(s);
    for (size_t k = 0; k < n; k++) {
        if (k + S_AHEAD < s->nbound && s->bound[k + S_AHEAD])
            __builtin_prefetch(s->bound[k + S_AHEAD]);
        vg_item *it = (vg_item *)vg_session_walk_at(s, k);
        if (it && !S_day_item(s, it, now))
            return false;
    }
    return true;
}

bool vg_session_roll(vg_session *s, vg_time now)
{
    if (now >= s->day_start && now < s->day_end)
        return true;
    return S_new_day(s, now);
}

/* ---- open / free ---- */

/* Cram binds records by (deck, id) only, and leaves every record as it is. */
static void S_cram_bind(vg_session *s)
{
    for (size_t i = 0; i < s->nitems && s->store; i++) {
        vg_item *it = &s->items[i];
        it->pub.rec = vg_store_find(s->store, s->decks[it->pub.deck].name, it->pub.card->id);
    }
}

bool vg_session_cram_push(vg_session *s, size_t item)
{
    if (!VG_GROW(s->cram, s->capcram, s->ncram + 1))
        return false;
    s->cram[s->ncram++] = item;
    return true;
}

vg_status vg_session_open(const vg_session_deck *decks, size_t ndecks, vg_store *store,
                          const vg_sched *sched, const vg_session_opts *opts, vg_session **out,
                          vg_error *err)
{
    *out = NULL;
    if (!store && !(opts && opts->cram))
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "a study session needs its progress");
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
    s->items = vg_mem_calloc(total ? total : 1, sizeof *s->items);
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
            if (s->opts.cram && it->included && !vg_session_cram_push(s, k))
                goto nomem;
        }
    }

    if (s->opts.cram) {
        S_cram_bind(s);
    } else {
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
    }
    if (!S_new_day(s, s->opts.now))
        goto nomem;
    *out = s;
    return VG_OK;
nomem:
    vg_session_free(s);
    return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
}

/* Frees what s holds. */
static void S_release(vg_session *s)
{
    if (s->decks)
        for (size_t d = 0; d < s->ndecks; d++)
            free((char *)s->decks[d].name);
    for (size_t i = 0; i < s->nstrings; i++)
        free(s->strings[i]);
    free(s->strings);
    free(s->decks);
    free(s->first);
    free(s->items);
    free(s->bound);
    free(s->learn.a);
    free(s->review.a);
    free(s->fresh.a);
    free(s->buried.a);
    free(s->undo);
    free(s->cram);
    free(s->relinks);
    free(s->orphans);
}

void vg_session_free(vg_session *s)
{
    if (!s)
        return;
    S_release(s);
    free(s);
}

/* ---- an edited deck ---- */

/* The cards of a deck sorted by id, to find an old card's id among them. */
typedef struct S_idref {
    const char *id;
    size_t card;
} S_idref;

typedef struct S_byid {
    S_idref *v;
    size_t n;
} S_byid;

static int S_id_cmp(const void *a, const void *b)
{
    return strcmp(((const S_idref *)a)->id, ((const S_idref *)b)->id);
}

static size_t S_byid_find(const S_byid *b, const char *id)
{
    size_t lo = 0, hi = b->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(b->v[mid].id, id);
        if (c == 0)
            return b->v[mid].card;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return SIZE_MAX;
}

/* Where old item i is in the new session n: through its record when the new session bound
 * it, else by the card's id (the edited deck) or place (the others); SIZE_MAX when gone. */
static size_t S_map(const vg_session *old, const vg_session *n, size_t index, const S_byid *byid,
                    size_t i)
{
    const vg_item *it = &old->items[i];
    if (!old->opts.cram && it->pub.rec) {
        const vg_item *to = vg_session_bound(n, it->pub.rec);
        return to ? (size_t)(to - n->items) : SIZE_MAX;
    }
    size_t d = it->pub.deck;
    if (d != index)
        return n->first[d] + (i - old->first[d]);
    size_t c = S_byid_find(byid, it->pub.card->id);
    return c == SIZE_MAX ? SIZE_MAX : n->first[d] + c;
}

/* Carries what the session did over to n: the undo steps, the summary, the card shown first,
 * the cram list. Steps and list entries of cards that are gone are dropped. */
static bool S_carry(const vg_session *old, vg_session *n, size_t index, const S_byid *byid)
{
    n->done = old->done;
    for (size_t i = 0; i < old->nitems; i++) {
        if (!old->items[i].answered)
            continue;
        size_t j = S_map(old, n, index, byid, i);
        if (j != SIZE_MAX)
            n->items[j].answered = old->items[i].answered;
    }
    if (old->front != SIZE_MAX)
        n->front = S_map(old, n, index, byid, old->front);

    /* The cram list: removed[k] = entries dropped before position k. */
    size_t *removed = NULL;
    if (old->opts.cram) {
        removed = malloc((old->ncram + 1) * sizeof *removed);
        if (!removed)
            return false;
        n->ncram = 0;
        removed[0] = 0;
        for (size_t k = 0; k < old->ncram; k++) {
            size_t j = S_map(old, n, index, byid, old->cram[k]);
            removed[k + 1] = removed[k] + (j == SIZE_MAX);
            if (j != SIZE_MAX && !vg_session_cram_push(n, j)) {
                free(removed);
                return false;
            }
        }
        n->cram_pos = old->cram_pos - removed[old->cram_pos];
    }

    if (old->nundo) {
        n->undo = malloc(old->nundo * sizeof *n->undo);
        if (!n->undo) {
            free(removed);
            return false;
        }
        n->capundo = old->nundo;
    }
    for (size_t k = 0; k < old->nundo; k++) {
        vg_undo u = old->undo[k];
        u.item = S_map(old, n, index, byid, u.item);
        if (u.item == SIZE_MAX)
            continue;
        if (removed)
            u.cram_pos -= removed[u.cram_pos];
        n->undo[n->nundo++] = u;
    }
    free(removed);
    return true;
}

vg_status vg_session_rebind(vg_session *s, size_t index, const vg_deck *deck, vg_time now,
                            vg_error *err)
{
    if (index >= s->ndecks)
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "no deck %zu in this session", index);
    vg_session_deck *decks = malloc(s->ndecks * sizeof *decks);
    S_byid byid = {malloc((deck->ncards ? deck->ncards : 1) * sizeof(S_idref)), deck->ncards};
    if (!decks || !byid.v) {
        free(decks);
        free(byid.v);
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    }
    memcpy(decks, s->decks, s->ndecks * sizeof *decks);
    decks[index].deck = deck;
    for (size_t c = 0; c < deck->ncards; c++)
        byid.v[c] = (S_idref){deck->cards[c].id, c};
    qsort(byid.v, byid.n, sizeof *byid.v, S_id_cmp);

    vg_session_opts o = s->opts;
    o.now = now;
    vg_session *n = NULL;
    vg_status st = vg_session_open(decks, s->ndecks, s->store, s->sched, &o, &n, err);
    free(decks);
    if (st == VG_OK && (!n || !S_carry(s, n, index, &byid)))
        st = vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    free(byid.v);
    if (st != VG_OK || !n) {
        vg_session_free(n); /* the old session's binding is its own: nothing to undo */
        return st;
    }
    /* The caller holds s: it takes n's contents (its binding too), and the old ones go. */
    vg_session tmp = *s;
    *s = *n;
    *n = tmp;
    S_release(n);
    free(n);
    return VG_OK;
}

vg_status vg_session_save(vg_session *s, vg_error *err)
{
    if (s->opts.cram || !vg_store_changed(s->store))
        return VG_OK;
    if (!vg_session_describe(s))
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    return vg_store_save(s->store, err);
}

vg_status vg_session_idle(vg_session *s, vg_error *err)
{
    if (s->opts.cram)
        return VG_OK;
    /* No snapshot on the answer path: the session's end writes it. Only a journal grown past
     * its cap gets one now, written by a child while the session goes on. */
    vg_status st = vg_store_save_poll(s->store, err);
    if (st == VG_OK && vg_store_journal_full(s->store)) {
        /* A forked writer writes memory: the cards' current sections and fronts first. A
         * spawned one reads the files (the session's end describes them), and walking every
         * card here would be a pause at a million. */
        if (!vg_store_spawns(s->store) && !vg_session_describe(s))
            return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
        st = vg_store_save_background(s->store, err);
    }
    return st;
}

/* ---- the queue ---- */

static bool S_eligible(const vg_item *it)
{
    return it->cls == Q_NEW || it->cls == Q_LEARN || it->cls == Q_DUE || it->cls == Q_LATER;
}

/* How many more reviews today's limit lets in. */
static size_t S_reviews_left(const vg_session *s)
{
    return s->reviews_today < s->opts.reviews_per_day ? s->opts.reviews_per_day - s->reviews_today
                                                      : 0;
}

/* How many more new cards today's (or this session's) limit lets in, and whether the cap is
 * the review limit's: Anki shows at most (review limit - reviews done) new cards, so a day
 * of many reviews does not also bring a full share of new cards. */
static size_t S_new_left_why(const vg_session *s, bool *by_reviews)
{
    size_t limit = s->opts.new_session_limit ? s->opts.new_per_session : s->opts.new_per_day;
    size_t done = s->opts.new_session_limit ? s->done.new_cards : s->new_today;
    size_t left = done < limit ? limit - done : 0;
    size_t cap = S_reviews_left(s);
    if (by_reviews)
        *by_reviews = cap < left;
    return cap < left ? cap : left;
}

static size_t S_new_left(const vg_session *s)
{
    return S_new_left_why(s, NULL);
}

const vg_session_card *vg_session_next(vg_session *s, vg_time now, vg_time *wake)
{
    if (wake)
        *wake = 0;
    if (s->opts.cram)
        return s->cram_pos < s->ncram ? &s->items[s->cram[s->cram_pos]].pub : NULL;
    if (!vg_session_roll(s, now))
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
    if (r && r->key < s->day_end + s->opts.review_ahead &&
        s->reviews_today < s->opts.reviews_per_day)
        return &s->items[r->item].pub;
    const vg_hent *f = S_heap_top(s, &s->fresh);
    if (f && S_new_left(s))
        return &s->items[f->item].pub;
    if (l && l->key <= now + s->opts.learn_ahead)
        return &s->items[l->item].pub;
    if (wake && l)
        *wake = l->key;
    return NULL;
}

const vg_session_card *vg_session_ahead(vg_session *s, vg_time now)
{
    const vg_session_card *c = vg_session_next(s, now, NULL);
    if (c || s->opts.cram)
        return c;
    const vg_hent *l = S_heap_top(s, &s->learn);
    if (!l)
        return NULL;
    s->front = l->item;
    return &s->items[l->item].pub;
}

vg_time vg_session_next_due(vg_session *s, vg_time now)
{
    if (s->opts.cram)
        return 0;
    if (vg_session_next(s, now, NULL))
        return now;
    /* The earliest of the heaps' first entries (each heap's order is by that time). */
    vg_time cand[4];
    size_t n = 0;
    const vg_hent *l = S_heap_top(s, &s->learn);
    if (l)
        cand[n++] = l->key;
    const vg_hent *r = S_heap_top(s, &s->review);
    /* A review held back by today's limit comes tomorrow; one due on a later day, at the
     * start of that day (reviews are shown by day, as in Anki). */
    if (r)
        cand[n++] = r->key < s->day_end + s->opts.review_ahead
                        ? (s->reviews_today >= s->opts.reviews_per_day ? s->day_end : r->key)
                        : vg_session_day_begin(&s->opts, r->key);
    if (S_heap_top(s, &s->fresh))
        cand[n++] = s->day_end;
    const vg_hent *b = S_heap_top(s, &s->buried);
    if (b)
        cand[n++] = b->key < s->day_end ? b->key : vg_session_day_begin(&s->opts, b->key);
    if (!n)
        return 0;
    vg_time best = cand[0];
    for (size_t i = 1; i < n; i++)
        best = cand[i] < best ? cand[i] : best;
    return best < now ? now : best;
}

void vg_session_intervals(const vg_session *s, const vg_session_card *card, vg_time now,
                          int64_t out[4])
{
    const vg_item *it = vg_session_item(s, card);
    if (s->opts.cram || !it) {
        for (int i = 0; i < 4; i++)
            out[i] = -1;
        return;
    }
    vg_sched_card st, next[4];
    vg_session_state(s, it, &st);
    vg_sched_preview(s->sched, &st, now, next);
    for (int i = 0; i < 4; i++)
        out[i] = next[i].due - now;
}

vg_item *vg_session_item(const vg_session *s, const vg_session_card *card)
{
    vg_item *it = (vg_item *)card;
    if (!card || it < s->items || it >= s->items + s->nitems)
        return NULL;
    return it;
}

void vg_session_card_state(const vg_session *s, const vg_session_card *card, vg_sched_card *out)
{
    vg_session_state(s, (const vg_item *)card, out);
}

const vg_deck *vg_session_deck_at(const vg_session *s, size_t index)
{
    return index < s->ndecks ? s->decks[index].deck : NULL;
}

size_t vg_session_walk_len(const vg_session *s)
{
    return s->nbound + s->nitems;
}

/* The bound records' items by record (every record of an item is bound to it, vg_session_link;
 * a cram session binds none), then the items with no record. */
const vg_session_card *vg_session_walk_at(const vg_session *s, size_t k)
{
    if (k < s->nbound)
        return s->bound[k] ? &s->bound[k]->pub : NULL;
    k -= s->nbound;
    if (k >= s->nitems || (s->bound && s->items[k].pub.rec))
        return NULL;
    return &s->items[k].pub;
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
    vg_time day_end = vg_session_day_next(&s->opts, now);
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
    *new_cards = *learning = *due = 0;
    if (s->opts.cram)
        return;
    vg_session_roll(s, now);
    size_t nl = S_new_left(s);
    size_t rl = S_reviews_left(s);
    *new_cards = s->counts[Q_NEW] < nl ? s->counts[Q_NEW] : nl;
    *learning = s->counts[Q_LEARN];
    *due = s->counts[Q_DUE] < rl ? s->counts[Q_DUE] : rl;
}

void vg_session_held_back(vg_session *s, vg_time now, vg_session_held *out)
{
    memset(out, 0, sizeof *out);
    out->review_limit = s->opts.reviews_per_day;
    out->new_session = s->opts.new_session_limit;
    out->new_limit = s->opts.new_session_limit ? s->opts.new_per_session : s->opts.new_per_day;
    if (s->opts.cram)
        return;
    vg_session_roll(s, now);
    size_t nl = S_new_left_why(s, &out->new_by_reviews);
    size_t rl = S_reviews_left(s);
    out->new_cards = s->counts[Q_NEW] > nl ? s->counts[Q_NEW] - nl : 0;
    out->reviews = s->counts[Q_DUE] > rl ? s->counts[Q_DUE] - rl : 0;
    if (!out->new_cards)
        out->new_by_reviews = false;
}

const vg_session_deck *vg_session_decks(const vg_session *s, size_t *n)
{
    *n = s->ndecks;
    return s->decks;
}

const vg_sched *vg_session_scheduler(const vg_session *s)
{
    return s->sched;
}

const vg_session_opts *vg_session_options(const vg_session *s)
{
    return &s->opts;
}

void vg_session_today(vg_session *s, vg_time now, size_t *new_cards, size_t *reviews)
{
    vg_session_roll(s, now);
    if (new_cards)
        *new_cards = s->new_today;
    if (reviews)
        *reviews = s->reviews_today;
}

bool vg_session_cram(const vg_session *s)
{
    return s->opts.cram;
}

size_t vg_session_cram_left(const vg_session *s)
{
    return s->opts.cram ? s->ncram - s->cram_pos : 0;
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
