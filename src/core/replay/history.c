/* Review histories from YAML or JSON, with the store's YAML reader (store/yaml_read.h), which
 * gives every message its file:line:col.
 *
 * The shape is fixed ({cards: [{id, reviews: [{t, rating}]}]}), so the parser is a small
 * recursive descent over events that stops at the first event out of place: deep nesting or a
 * huge wrong subtree costs nothing. */
#include "vgrev/history.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "store/yaml_read.h"
#include "vgrev/buf.h"

typedef struct S_parser {
    vg_yaml y;
    vg_history *h;
    vg_arena *arena;
    size_t cap_cards, cap_reviews;
    size_t *ids; /* open-addressing set of card indexes + 1 (0: empty), for duplicate ids */
    size_t ids_cap;
} S_parser;

#define S_fail(p, mark, ...) vg_yaml_fail(&(p)->y, VG_PARSE, (mark), __VA_ARGS__)

/* What the current event opens, for "found ..." in messages. */
static const char *S_kind(const S_parser *p)
{
    switch (p->y.ev.kind) {
    case VG_YAML_MAP_START:
        return "a mapping";
    case VG_YAML_SEQ_START:
        return "a sequence";
    case VG_YAML_SCALAR:
        return vg_yaml_is_null(&p->y) ? "null" : "a scalar";
    default:
        return "nothing";
    }
}

/* The current event is a key of a mapping with the given key names: checks it and returns its
 * index in *which. `seen` has a bit per name. Other keys are an error, or, when `others` is
 * true, give -1 (the caller skips their value): a progress file carries more than a history
 * (a version, the deck, the front, the cached state) and replays as one. */
static vg_status S_key(S_parser *p, const char *const *names, int n, const char *where,
                       const char *expected, bool others, unsigned *seen, int *which)
{
    if (p->y.ev.kind != VG_YAML_SCALAR)
        return S_fail(p, p->y.ev.at, "expected a key in %s, found %s", where, S_kind(p));
    char q[48];
    size_t len = p->y.ev.len;
    for (int i = 0; i < n; i++) {
        if (len == strlen(names[i]) && !memcmp(p->y.ev.text, names[i], len)) {
            if (*seen & (1u << i))
                return S_fail(p, p->y.ev.at, "duplicate key '%s' in %s", names[i], where);
            *seen |= 1u << i;
            *which = i;
            return VG_OK;
        }
    }
    if (others) {
        *which = -1;
        return VG_OK;
    }
    return S_fail(p, p->y.ev.at, "unknown key '%s' in %s (expected %s)",
                  vg_yaml_quote(p->y.ev.text, len, q, sizeof q), where, expected);
}

/* Adds card index `ci` to the id set; *dup gets the index of an earlier card with the same
 * id, or SIZE_MAX. */
static bool S_id_insert(S_parser *p, size_t ci, size_t *dup)
{
    vg_history_card *cards = p->h->cards;
    *dup = SIZE_MAX;
    if (2 * (ci + 1) > p->ids_cap) {
        size_t cap = p->ids_cap ? p->ids_cap * 2 : 64;
        size_t *ids = calloc(cap, sizeof *ids);
        if (!ids)
            return false;
        for (size_t i = 0; i < p->ids_cap; i++) {
            if (!p->ids[i])
                continue;
            const vg_history_card *c = &cards[p->ids[i] - 1];
            size_t j = vg_sched_id_hash(c->id, c->id_len) & (cap - 1);
            while (ids[j])
                j = (j + 1) & (cap - 1);
            ids[j] = p->ids[i];
        }
        free(p->ids);
        p->ids = ids;
        p->ids_cap = cap;
    }
    const vg_history_card *c = &cards[ci];
    size_t j = vg_sched_id_hash(c->id, c->id_len) & (p->ids_cap - 1);
    while (p->ids[j]) {
        const vg_history_card *o = &cards[p->ids[j] - 1];
        if (o->id_len == c->id_len && !memcmp(o->id, c->id, c->id_len)) {
            *dup = p->ids[j] - 1;
            return true;
        }
        j = (j + 1) & (p->ids_cap - 1);
    }
    p->ids[j] = ci + 1;
    return true;
}

static const char S_rating_help[] = "1 (again), 2 (hard), 3 (good) or 4 (easy)";

/* A review of the last card read. */
static vg_status S_parse_review(void *ctx)
{
    S_parser *p = ctx;
    size_t ci = p->h->n_cards - 1;
    static const char *const keys[] = {"t", "rating"};
    if (p->y.ev.kind != VG_YAML_MAP_START)
        return S_fail(p, p->y.ev.at, "a review must be a mapping with 't' and 'rating', found %s",
                      S_kind(p));
    vg_yaml_mark start = p->y.ev.at, t_mark = start;
    vg_history_review r = {.line = start.line};
    unsigned seen = 0;
    for (;;) {
        VG_TRY(vg_yaml_next(&p->y));
        if (p->y.ev.kind == VG_YAML_MAP_END)
            break;
        int which = 0; /* set by S_key; the analyzer cannot tell */
        VG_TRY(S_key(p, keys, 2, "a review", "'t' and 'rating'", false, &seen, &which));
        VG_TRY(vg_yaml_next(&p->y));
        char q[48];
        if (which == 0) {
            if (p->y.ev.kind != VG_YAML_SCALAR || vg_yaml_is_null(&p->y))
                return S_fail(p, p->y.ev.at,
                              "'t' must be a time like 2026-01-02T03:04:05Z, found %s", S_kind(p));
            t_mark = p->y.ev.at;
            const char *v = p->y.ev.text;
            size_t len = p->y.ev.len;
            vg_error terr;
            vg_error_clear(&terr);
            if (vg_time_parse(v, len, &r.t, &terr) != VG_OK) {
                /* Point into the scalar when its source text is the value itself. */
                size_t off = vg_yaml_scalar_offset(&p->y, terr.col ? terr.col - 1 : 0);
                return vg_yaml_fail_at(&p->y, VG_PARSE, off, "bad time '%s': %s",
                                       vg_yaml_quote(v, len, q, sizeof q), terr.msg);
            }
        } else {
            if (p->y.ev.kind != VG_YAML_SCALAR)
                return S_fail(p, p->y.ev.at, "'rating' must be %s, found %s", S_rating_help,
                              S_kind(p));
            const char *v = p->y.ev.text;
            if (p->y.ev.len != 1 || v[0] < '1' || v[0] > '4')
                return S_fail(p, p->y.ev.at, "rating must be %s, not '%s'", S_rating_help,
                              vg_yaml_quote(v, p->y.ev.len, q, sizeof q));
            r.rating = (vg_rating)(v[0] - '0');
        }
    }
    if (!(seen & 1))
        return S_fail(p, start, "review has no 't' (its time)");
    if (!(seen & 2))
        return S_fail(p, start, "review has no 'rating'");
    vg_history *h = p->h;
    vg_history_card *c = &h->cards[ci];
    if (c->n_reviews > 0 && h->all[h->n_reviews - 1].t > r.t) {
        char now[VG_TIME_ISO_MAX], prev[VG_TIME_ISO_MAX];
        vg_time_format(r.t, now, sizeof now);
        vg_time_format(h->all[h->n_reviews - 1].t, prev, sizeof prev);
        return S_fail(p, t_mark,
                      "time goes backwards: %s is before the card's previous review at %s", now,
                      prev);
    }
    if (!VG_GROW(h->all, p->cap_reviews, h->n_reviews + 1))
        return vg_yaml_nomem(&p->y);
    h->all[h->n_reviews++] = r;
    c->n_reviews++;
    return VG_OK;
}

static vg_status S_parse_card(void *ctx)
{
    S_parser *p = ctx;
    static const char *const keys[] = {"id", "reviews"};
    if (p->y.ev.kind != VG_YAML_MAP_START)
        return S_fail(p, p->y.ev.at, "a card must be a mapping with 'id' and 'reviews', found %s",
                      S_kind(p));
    vg_history *h = p->h;
    vg_yaml_mark start = p->y.ev.at;
    if (!VG_GROW(h->cards, p->cap_cards, h->n_cards + 1))
        return vg_yaml_nomem(&p->y);
    size_t ci = h->n_cards++;
    h->cards[ci] = (vg_history_card){.line = start.line};
    unsigned seen = 0;
    for (;;) {
        VG_TRY(vg_yaml_next(&p->y));
        if (p->y.ev.kind == VG_YAML_MAP_END)
            break;
        int which = 0; /* set by S_key; the analyzer cannot tell */
        VG_TRY(S_key(p, keys, 2, "a card", "'id' and 'reviews'", true, &seen, &which));
        VG_TRY(vg_yaml_next(&p->y));
        if (which < 0) {
            VG_TRY(vg_yaml_skip(&p->y));
            continue;
        }
        if (which == 0) {
            if (p->y.ev.kind != VG_YAML_SCALAR || vg_yaml_is_null(&p->y))
                return S_fail(p, p->y.ev.at, "'id' must be a string, found %s", S_kind(p));
            size_t len = p->y.ev.len;
            if (len == 0)
                return S_fail(p, p->y.ev.at, "empty card id");
            char *id = vg_arena_strndup(p->arena, p->y.ev.text, len);
            if (!id)
                return vg_yaml_nomem(&p->y);
            h->cards[ci].id = id;
            h->cards[ci].id_len = len;
            size_t dup;
            if (!S_id_insert(p, ci, &dup))
                return vg_yaml_nomem(&p->y);
            if (dup != SIZE_MAX) {
                char q[48];
                return S_fail(p, p->y.ev.at, "duplicate card id '%s' (first on line %u)",
                              vg_yaml_quote(id, len, q, sizeof q), h->cards[dup].line);
            }
        } else {
            if (vg_yaml_is_null(&p->y))
                continue;
            if (p->y.ev.kind != VG_YAML_SEQ_START)
                return S_fail(p, p->y.ev.at, "'reviews' must be a sequence, found %s", S_kind(p));
            VG_TRY(vg_yaml_items(&p->y, S_parse_review, p));
        }
    }
    if (!(seen & 1))
        return S_fail(p, start, "card has no 'id'");
    return VG_OK;
}

static vg_status S_parse(S_parser *p)
{
    static const char *const keys[] = {"cards"};
    VG_TRY(vg_yaml_next(&p->y)); /* stream start */
    VG_TRY(vg_yaml_next(&p->y));
    if (p->y.ev.kind == VG_YAML_STREAM_END)
        return S_fail(p, p->y.ev.at, "empty history: expected a mapping with 'cards'");
    VG_TRY(vg_yaml_next(&p->y)); /* after the document start */
    if (p->y.ev.kind != VG_YAML_MAP_START)
        return S_fail(p, p->y.ev.at, "expected a mapping with 'cards' at the top, found %s",
                      S_kind(p));
    vg_yaml_mark start = p->y.ev.at;
    unsigned seen = 0;
    for (;;) {
        VG_TRY(vg_yaml_next(&p->y));
        if (p->y.ev.kind == VG_YAML_MAP_END)
            break;
        int which = 0; /* set by S_key; the analyzer cannot tell */
        VG_TRY(S_key(p, keys, 1, "the top mapping", "'cards'", true, &seen, &which));
        VG_TRY(vg_yaml_next(&p->y));
        if (which < 0) {
            VG_TRY(vg_yaml_skip(&p->y));
            continue;
        }
        if (vg_yaml_is_null(&p->y))
            continue;
        if (p->y.ev.kind != VG_YAML_SEQ_START)
            return S_fail(p, p->y.ev.at, "'cards' must be a sequence of cards, found %s",
                          S_kind(p));
        VG_TRY(vg_yaml_items(&p->y, S_parse_card, p));
    }
    if (!seen)
        return S_fail(p, start, "the history has no 'cards'");
    VG_TRY(vg_yaml_next(&p->y)); /* document end */
    VG_TRY(vg_yaml_next(&p->y));
    if (p->y.ev.kind != VG_YAML_STREAM_END)
        return S_fail(p, p->y.ev.at, "expected one document, found a second one");
    return VG_OK;
}

vg_status vg_history_parse(const char *data, size_t len, const char *file, vg_history **out,
                           vg_error *err)
{
    *out = NULL;
    S_parser p = {.h = calloc(1, sizeof *p.h), .arena = vg_arena_new()};
    if (!p.h || !p.arena) {
        free(p.h);
        vg_arena_free(p.arena);
        return vg_error_set(err, VG_NOMEM, file, 0, 0, "out of memory");
    }
    p.h->arena = p.arena;
    vg_yaml_opts o = {.file = file, .doc = "a history"};
    vg_status st = vg_yaml_init(&p.y, data, len, &o, err);
    if (st == VG_OK)
        st = S_parse(&p);
    vg_yaml_release(&p.y);
    free(p.ids);
    if (st != VG_OK) {
        vg_history_free(p.h);
        return st;
    }
    size_t off = 0; /* the review array is final: point each card at its slice */
    for (size_t i = 0; i < p.h->n_cards; i++) {
        /* No review at all leaves all NULL, and NULL + 0 is undefined. */
        p.h->cards[i].reviews = p.h->all ? p.h->all + off : NULL;
        off += p.h->cards[i].n_reviews;
    }
    *out = p.h;
    return VG_OK;
}

void vg_history_free(vg_history *h)
{
    if (!h)
        return;
    free(h->cards);
    free(h->all);
    vg_arena_free(h->arena);
    free(h);
}
