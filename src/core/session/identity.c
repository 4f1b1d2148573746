/* Card identity across edits (DESIGN §2): which record belongs to which card.
 *
 * 1. By (deck name, id): ids hash the section title and the front, so edits of the back,
 *    moves within a section, renumbering and file moves keep the binding by construction.
 * 2. A renamed deck file: a new card whose id has a record under a deck name that no deck of
 *    the session has and that no longer exists (opts.deck_exists), and only one such record,
 *    takes it (and its deck name changes). Equal cards of two living decks never share.
 * 3. An edited front: among the records of a session deck with no card (orphans; those of a
 *    deck renamed in step 2 count as its new deck's, so a rename and a front edit in one go
 *    carry over too), a new card
 *    takes the one orphan of its deck with the very same front (the card moved to another
 *    section, or its section was renamed), or else the one orphan of its deck and section whose
 *    front is a small edit away: Levenshtein distance <= max(2, 20% of the longer front), in
 *    characters, whitespace folded, and the same card of its note (a cloze number, a reverse
 *    direction: the front's tail after 0x1F). "The one": when two orphans qualify for a card, or
 * two cards want the same orphan, nobody moves (a wrong carry-over is worse than none). Records
 * that match nothing stay, reported as orphans; nothing is ever dropped. */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "session/session_int.h"
#include "vgrev/utf8.h"

enum {
    S_MAX_CHARS = 1000, /* longer fronts are only matched exactly */
    S_MAX_NEAR = 500    /* a section with more orphans than this: exact fronts only */
};

/* Whitespace runs to one space, ends trimmed, decoded to characters; returns the count. The
 * caller frees *out. */
static size_t S_fold(const char *s, uint32_t **out)
{
    size_t len = strlen(s);
    uint32_t *cp = malloc((len + 1) * sizeof *cp);
    size_t n = 0;
    if (!cp) {
        *out = NULL;
        return 0;
    }
    bool space = false;
    for (size_t i = 0; i < len;) {
        uint32_t c;
        i += vg_utf8_decode(s + i, len - i, &c);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = n > 0;
            continue;
        }
        if (space)
            cp[n++] = ' ';
        space = false;
        cp[n++] = c;
    }
    *out = cp;
    return n;
}

/* Long fronts are only matched exactly: the distance's cost grows with the product of lengths. */
static unsigned S_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                           unsigned limit)
{
    if (na > S_MAX_CHARS || nb > S_MAX_CHARS)
        return (na == nb && memcmp(a, b, na * sizeof *a) == 0) ? 0 : limit + 1;
    return vg_edit_distance(a, na, b, nb, limit);
}

unsigned vg_session_edit_distance(const char *a, const char *b, unsigned limit)
{
    uint32_t *fa, *fb;
    size_t na = S_fold(a, &fa), nb = S_fold(b, &fb);
    unsigned d = fa && fb ? S_distance(fa, na, fb, nb, limit) : limit + 1;
    free(fa);
    free(fb);
    return d;
}

/* Do two fronts name the same card of their notes: the same tail from their last 0x1F on
 * ("c2", "reverse"; see vg_card_id_sub), or none? An edited cloze note carries each number's
 * record to the same number, never to a sibling a small edit away. */
static bool S_same_sibling(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t ta = na, tb = nb;
    while (ta && a[ta - 1] != 0x1F)
        ta--;
    while (tb && b[tb - 1] != 0x1F)
        tb--;
    if (!ta || !tb)
        return !ta && !tb;
    return na - ta == nb - tb && memcmp(a + ta, b + tb, (na - ta) * sizeof *a) == 0;
}

static unsigned S_limit(size_t na, size_t nb)
{
    size_t longer = na > nb ? na : nb;
    size_t l = longer / 5;
    return (unsigned)(l > 2 ? l : 2);
}

typedef struct S_orphan {
    vg_record *rec;
    const char *deck; /* the session deck it may go to: its own, or its renamed deck's new name */
    uint32_t *front;  /* folded */
    size_t nfront;
    size_t claims; /* new cards that want it */
} S_orphan;

/* Orders of the orphans: (deck, section) and (deck, folded front). The key functions compare
 * an orphan with a deck name and a probe. */
static int S_section_key(const S_orphan *o, const char *deck, const S_orphan *probe)
{
    int c = strcmp(o->deck, deck);
    return c ? c : strcmp(o->rec->section, probe->rec->section);
}

static int S_front_key(const S_orphan *o, const char *deck, const S_orphan *probe)
{
    int c = strcmp(o->deck, deck);
    if (c)
        return c;
    if (o->nfront != probe->nfront)
        return o->nfront < probe->nfront ? -1 : 1;
    for (size_t i = 0; i < o->nfront; i++)
        if (o->front[i] != probe->front[i])
            return o->front[i] < probe->front[i] ? -1 : 1;
    return 0;
}

static int S_section_cmp(const void *x, const void *y)
{
    const S_orphan *a = *(const S_orphan *const *)x, *b = *(const S_orphan *const *)y;
    return S_section_key(a, b->deck, b);
}

static int S_front_cmp(const void *x, const void *y)
{
    const S_orphan *a = *(const S_orphan *const *)x, *b = *(const S_orphan *const *)y;
    return S_front_key(a, b->deck, b);
}

/* The first of the sorted orphans that is not before (deck, probe). */
static size_t S_lower(S_orphan *const *v, size_t n, const char *deck, const S_orphan *probe,
                      int (*key)(const S_orphan *, const char *, const S_orphan *))
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (key(v[mid], deck, probe) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool S_session_deck(const vg_session *s, const char *name)
{
    for (size_t d = 0; d < s->ndecks; d++)
        if (strcmp(s->decks[d].name, name) == 0)
            return true;
    return false;
}

/* A deck renamed in step 2: the records of `from` (interned) count as orphans of `to`, the
 * session deck another record of it moved to; NULL when they moved to two decks. */
typedef struct S_rename {
    const char *from, *to;
} S_rename;

/* The renames step 2 made, one per old name (a few: one per renamed file). */
static bool S_renames(const vg_session *s, S_rename **out, size_t *n)
{
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < s->nrelinks; i++) {
        const vg_relink *l = &s->relinks[i];
        if (!l->moved_deck)
            continue;
        const char *to = s->decks[l->to->deck].name;
        size_t k = 0;
        while (k < *n && (*out)[k].from != l->old_deck)
            k++;
        if (k < *n) {
            if ((*out)[k].to && strcmp((*out)[k].to, to) != 0)
                (*out)[k].to = NULL;
            continue;
        }
        if (!VG_GROW(*out, cap, *n + 1))
            return false;
        (*out)[(*n)++] = (S_rename){l->old_deck, to};
    }
    return true;
}

/* The session deck whose orphans r counts among: its own, or its renamed deck's; NULL. */
static const char *S_orphan_deck(const vg_session *s, const S_rename *ren, size_t nren,
                                 const vg_record *r)
{
    if (S_session_deck(s, r->deck))
        return r->deck;
    for (size_t k = 0; k < nren; k++)
        if (ren[k].from == r->deck)
            return ren[k].to;
    return NULL;
}

static bool S_report(vg_session *s, vg_item *it, vg_record *rec, unsigned distance, bool moved)
{
    if (!VG_GROW(s->relinks, s->caprelinks, s->nrelinks + 1) ||
        !VG_GROW(s->strings, s->capstrings, s->nstrings + 1))
        return false;
    size_t n = strlen(rec->front);
    char *front = malloc(n + 1);
    if (!front)
        return false;
    memcpy(front, rec->front, n + 1);
    s->strings[s->nstrings++] = front;
    vg_relink *r = &s->relinks[s->nrelinks++];
    r->to = &it->pub;
    memcpy(r->old_id, rec->id, sizeof r->old_id);
    r->old_deck = rec->deck; /* interned: stays valid after the record moves */
    r->old_front = front;
    r->distance = distance;
    r->moved_deck = moved;
    return true;
}

static vg_status S_move(vg_session *s, vg_item *it, vg_record *rec, unsigned distance, bool moved,
                        vg_error *err)
{
    if (!S_report(s, it, rec, distance, moved))
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    const vg_deck *deck = s->decks[it->pub.deck].deck;
    vg_status st =
        vg_store_relink(s->store, rec, s->decks[it->pub.deck].name, it->pub.card->id,
                        deck->sections[it->pub.card->section].title, it->pub.card->front_src, err);
    if (st != VG_OK)
        return st;
    if (!vg_session_bind(s, rec, it))
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    it->pub.rec = rec;
    return VG_OK;
}

vg_item *vg_session_bound(const vg_session *s, const vg_record *rec)
{
    size_t i = vg_record_index(rec);
    return i < s->nbound ? s->bound[i] : NULL;
}

bool vg_session_bind(vg_session *s, const vg_record *rec, vg_item *it)
{
    size_t i = vg_record_index(rec);
    if (i >= s->nbound) { /* a record added since the session opened (by another caller) */
        size_t n = i + 1 + s->nitems;
        // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
        vg_item **b = realloc(s->bound, n * sizeof *b);
        if (!b)
            return false;
        // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
        memset(b + s->nbound, 0, (n - s->nbound) * sizeof *b);
        s->bound = b;
        s->nbound = n;
    }
    s->bound[i] = it;
    return true;
}

bool vg_session_describe(vg_session *s)
{
    for (size_t i = 0; i < s->nitems; i++) {
        const vg_item *it = &s->items[i];
        const vg_deck *deck = s->decks[it->pub.deck].deck;
        if (it->pub.rec &&
            vg_store_describe(s->store, it->pub.rec, deck->sections[it->pub.card->section].title,
                              it->pub.card->front_src) != VG_OK)
            return false;
    }
    return true;
}

/* A card to bind: its id as the store's key, its item. */
typedef struct S_keyed {
    uint64_t key;
    size_t item;
} S_keyed;

static size_t S_bucket(uint64_t key, unsigned bits)
{
    return bits ? (size_t)(key >> (64 - bits)) : 0;
}

/* The items whose id is a key, in the order of the ids' first bits (deck order among equals),
 * in *walk (the caller frees it); *n of them. False when out of memory. A progress file lists
 * its records by id, so this order reads the records of a big store from one end to the other,
 * where deck order (ids are hashes) jumps to a page of its own for each card. The ids are read
 * here, twice, in deck order, so the walk reads no card. */
static bool S_id_order(const vg_session *s, S_keyed **walk, size_t *n)
{
    unsigned bits = 0; /* about 4 cards a bucket, at most 2^16 buckets */
    while (bits < 16 && (s->nitems >> (bits + 2)) > 0)
        bits++;
    size_t nb = (size_t)1 << bits;
    size_t *at = calloc(nb + 1, sizeof *at);
    *walk = vg_mem_calloc(s->nitems ? s->nitems : 1, sizeof **walk);
    if (!at || !*walk) {
        free(at);
        free(*walk);
        *walk = NULL;
        return false;
    }
    uint64_t key;
    for (size_t i = 0; i < s->nitems; i++)
        if (vg_store_key(s->items[i].pub.card->id, &key))
            at[S_bucket(key, bits) + 1]++;
    for (size_t b = 1; b <= nb; b++)
        at[b] += at[b - 1];
    *n = at[nb];
    for (size_t i = 0; i < s->nitems; i++)
        if (vg_store_key(s->items[i].pub.card->id, &key))
            (*walk)[at[S_bucket(key, bits)]++] = (S_keyed){key, i};
    free(at);
    return true;
}

vg_status vg_session_link(vg_session *s, vg_error *err)
{
    vg_store *store = s->store;
    size_t nrec = vg_store_count(store);
    /* The binding is the session's own table, so the records (mapped from the start-up cache)
     * are not written to; room for a record of every card. */
    free(s->bound);
    s->nbound = nrec + s->nitems;
    // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
    s->bound = vg_mem_calloc(s->nbound ? s->nbound : 1, sizeof *s->bound);
    S_keyed *walk = NULL;
    size_t nwalk = 0;
    if (!s->bound || !S_id_order(s, &walk, &nwalk))
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);

    /* 1. By (deck, id), in the order of the ids. */
    size_t unbound = s->nitems - nwalk;
    enum { AHEAD = 16 }; /* slots and items asked for this many cards ahead, records half as far */
    for (size_t k = 0; k < nwalk; k++) {
        if (k + AHEAD < nwalk) {
            vg_store_prefetch(store, walk[k + AHEAD].key, false);
            __builtin_prefetch(&s->items[walk[k + AHEAD].item]);
        }
        if (k + AHEAD / 2 < nwalk)
            vg_store_prefetch(store, walk[k + AHEAD / 2].key, true);
        vg_item *it = &s->items[walk[k].item];
        vg_record *rec = vg_store_find_key(store, s->decks[it->pub.deck].name, walk[k].key);
        if (rec && !vg_session_bound(s, rec)) {
            if (!vg_session_bind(s, rec, it)) {
                free(walk);
                return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
            }
            it->pub.rec = rec;
        } else {
            unbound++;
        }
    }
    free(walk);

    /* 2. Renamed deck files. */
    for (size_t i = 0; i < s->nitems && unbound; i++) {
        vg_item *it = &s->items[i];
        if (it->pub.rec)
            continue;
        vg_record *only = NULL;
        size_t n = 0;
        for (vg_record *r = vg_store_find_id(store, it->pub.card->id); r;
             r = vg_record_next_same_id(r))
            if (!vg_session_bound(s, r) && !S_session_deck(s, r->deck) &&
                !(s->opts.deck_exists && s->opts.deck_exists(r->deck, s->opts.deck_exists_ctx)))
                only = r, n++;
        if (n == 1) {
            vg_status st = S_move(s, it, only, 0, true, err);
            if (st != VG_OK)
                return st;
            unbound--;
        }
    }

    /* 3. Edited fronts, among the orphans of the session's decks. */
    S_orphan *orph = NULL;
    size_t norph = 0;
    vg_status st = VG_OK;
    S_rename *ren = NULL;
    size_t nren = 0;
    size_t *want = NULL; /* per item: index of the orphan it wants + 1, or 0 */
    S_orphan **bysection = NULL, **byfront = NULL;
    if (!S_renames(s, &ren, &nren)) {
        st = vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
        goto out;
    }
    if (unbound) {
        orph = calloc(nrec ? nrec : 1, sizeof *orph);
        want = calloc(s->nitems ? s->nitems : 1, sizeof *want);
        if (!orph || !want) {
            st = vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
            goto out;
        }
        for (size_t i = 0; i < nrec; i++) {
            vg_record *r = vg_store_at(store, i);
            const char *deck = vg_session_bound(s, r) ? NULL : S_orphan_deck(s, ren, nren, r);
            if (!deck)
                continue;
            S_orphan *o = &orph[norph++];
            o->rec = r;
            o->deck = deck;
            o->nfront = S_fold(r->front, &o->front);
            if (!o->front) {
                st = vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
                goto out;
            }
        }
        bysection = malloc((norph ? norph : 1) * sizeof(S_orphan *));
        byfront = malloc((norph ? norph : 1) * sizeof(S_orphan *));
        if (!bysection || !byfront) {
            st = vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
            goto out;
        }
        for (size_t k = 0; k < norph; k++)
            bysection[k] = byfront[k] = &orph[k];
        qsort(bysection, norph, sizeof(S_orphan *), S_section_cmp);
        qsort(byfront, norph, sizeof(S_orphan *), S_front_cmp);
    }
    for (size_t i = 0; i < s->nitems && norph; i++) {
        vg_item *it = &s->items[i];
        if (it->pub.rec)
            continue;
        const char *name = s->decks[it->pub.deck].name;
        const char *title = s->decks[it->pub.deck].deck->sections[it->pub.card->section].title;
        uint32_t *front;
        size_t nfront = S_fold(it->pub.card->front_src, &front);
        if (!front) {
            st = vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
            goto out;
        }
        size_t exact = 0, near = 0, exact_at = 0, near_at = 0;
        /* Same deck, same front: the orphans sorted by (deck, front). */
        S_orphan key = {NULL, NULL, front, nfront, 0};
        size_t lo = S_lower(byfront, norph, name, &key, S_front_key);
        for (size_t k = lo; k < norph && S_front_key(byfront[k], name, &key) == 0; k++) {
            exact++;
            exact_at = (size_t)(byfront[k] - orph);
        }
        /* Same deck and section, a small edit away: the orphans sorted by (deck, section). */
        S_orphan skey = {NULL, NULL, NULL, 0, 0};
        vg_record srec;
        srec.section = title;
        skey.rec = &srec;
        size_t a = S_lower(bysection, norph, name, &skey, S_section_key), b = a;
        while (b < norph && S_section_key(bysection[b], name, &skey) == 0)
            b++;
        if (!exact && b - a <= S_MAX_NEAR) {
            for (size_t k = a; k < b; k++) {
                S_orphan *o = bysection[k];
                unsigned limit = S_limit(o->nfront, nfront);
                if (S_same_sibling(o->front, o->nfront, front, nfront) &&
                    S_distance(o->front, o->nfront, front, nfront, limit) <= limit) {
                    near++;
                    near_at = (size_t)(o - orph);
                }
            }
        }
        free(front);
        if (exact == 1)
            want[i] = exact_at + 1;
        else if (exact == 0 && near == 1)
            want[i] = near_at + 1;
        if (want[i])
            orph[want[i] - 1].claims++;
    }
    for (size_t i = 0; i < s->nitems && norph; i++) {
        if (!want[i] || orph[want[i] - 1].claims != 1)
            continue;
        S_orphan *o = &orph[want[i] - 1];
        vg_item *it = &s->items[i];
        uint32_t *front;
        size_t nfront = S_fold(it->pub.card->front_src, &front);
        if (!front) {
            st = vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
            goto out;
        }
        unsigned d = S_distance(o->front, o->nfront, front, nfront, UINT32_MAX - 1);
        free(front);
        if ((st = S_move(s, it, o->rec, d, o->deck != o->rec->deck, err)) != VG_OK)
            goto out;
    }

    /* 4. What is left over, the records of a renamed deck included. */
    for (size_t i = 0; i < nrec; i++) {
        vg_record *r = vg_store_at(store, i);
        if (vg_session_bound(s, r) || !S_orphan_deck(s, ren, nren, r))
            continue;
        // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
        if (!VG_GROW(s->orphans, s->caporphans, s->norphans + 1)) {
            st = vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
            goto out;
        }
        s->orphans[s->norphans++] = r;
    }

    /* A card without a record gets one at its first answer: make room now, not then. */
    size_t without = 0;
    for (size_t i = 0; i < s->nitems; i++)
        without += !s->items[i].pub.rec;
    if (!vg_store_reserve(store, without))
        st = vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
out:
    for (size_t k = 0; k < norph; k++)
        free(orph[k].front);
    free(orph);
    free(want);
    free(bysection);
    free(byfront);
    free(ren);
    return st;
}
