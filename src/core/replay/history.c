/* Review histories from YAML or JSON, with libyaml's event parser.
 *
 * The shape is fixed ({cards: [{id, reviews: [{t, rating}]}]}), so the parser is a small
 * recursive descent over events that stops at the first event out of place: deep nesting or a
 * huge wrong subtree costs nothing. Positions: libyaml marks count lines and characters from
 * 0; messages use 1-based lines and byte columns, so a mark's column is converted by walking
 * its line in the input (only when reporting an error). */
#include "vgrev/history.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "store/yaml_pos.h"

#include "base/arena.h"
#include "vgrev/buf.h"

typedef struct S_parser {
    yaml_parser_t yp;
    yaml_event_t ev;
    bool have_ev;
    const char *data;
    size_t len;
    const char *file;
    vg_error *err;
    vg_history *h;
    vg_arena *arena;
    size_t cap_cards, cap_reviews;
    size_t *ids; /* open-addressing set of card indexes + 1 (0: empty), for duplicate ids */
    size_t ids_cap;
} S_parser;

#define S_TRY(expr)                                                                                \
    do {                                                                                           \
        vg_status S_st = (expr);                                                                   \
        if (S_st != VG_OK)                                                                         \
            return S_st;                                                                           \
    } while (0)

/* Byte offset of a libyaml mark (line and character column) in the input. */
static size_t S_mark_offset(const S_parser *p, yaml_mark_t m)
{
    return vg_yaml_mark_offset(p->data, p->len, m.line, m.column);
}

/* 1-based line and byte column of a byte offset. */
static void S_offset_pos(const S_parser *p, size_t off, unsigned *line, unsigned *col)
{
    vg_yaml_offset_pos(p->data, p->len, off, line, col);
}

static vg_status S_fail_at(S_parser *p, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static vg_status S_fail_at(S_parser *p, size_t off, const char *fmt, ...)
{
    char msg[VG_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    unsigned line, col;
    S_offset_pos(p, off, &line, &col);
    return vg_error_set(p->err, VG_PARSE, p->file, line, col, "%s", msg);
}

#define S_fail(p, mark, ...) S_fail_at((p), S_mark_offset((p), (mark)), __VA_ARGS__)

static vg_status S_nomem(S_parser *p)
{
    return vg_error_set(p->err, VG_NOMEM, p->file, 0, 0, "out of memory");
}

/* A scalar for a message: at most 40 bytes, control characters as '?'. */
static const char *S_quote(const char *s, size_t n, char *buf, size_t size)
{
    size_t max = size - 4, k = 0;
    bool cut = n > max;
    if (cut) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--; /* do not split a UTF-8 sequence */
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        buf[k++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
    }
    if (cut) {
        memcpy(buf + k, "...", 3);
        k += 3;
    }
    buf[k] = '\0';
    return buf;
}

static vg_status S_yaml_error(S_parser *p)
{
    const yaml_parser_t *yp = &p->yp;
    if (yp->error == YAML_MEMORY_ERROR)
        return S_nomem(p);
    const char *problem = yp->problem ? yp->problem : "unknown error";
    if (yp->error == YAML_READER_ERROR) /* no mark: a byte offset in the input */
        return S_fail_at(p, yp->problem_offset, "invalid input: %s", problem);
    if (yp->context) {
        size_t coff = S_mark_offset(p, yp->context_mark);
        unsigned cline, ccol;
        S_offset_pos(p, coff, &cline, &ccol);
        return S_fail(p, yp->problem_mark, "invalid YAML: %s (%s at %u:%u)", problem, yp->context,
                      cline, ccol);
    }
    return S_fail(p, yp->problem_mark, "invalid YAML: %s", problem);
}

static vg_status S_next(S_parser *p)
{
    if (p->have_ev) {
        yaml_event_delete(&p->ev);
        p->have_ev = false;
    }
    if (!yaml_parser_parse(&p->yp, &p->ev))
        return S_yaml_error(p);
    p->have_ev = true;
    if (p->ev.type == YAML_ALIAS_EVENT)
        return S_fail(p, p->ev.start_mark, "aliases (*name) are not supported in a history");
    return VG_OK;
}

static const char *S_scalar(const S_parser *p)
{
    return (const char *)p->ev.data.scalar.value;
}

static bool S_is_null(const S_parser *p)
{
    if (p->ev.type != YAML_SCALAR_EVENT || p->ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *v = S_scalar(p);
    return !*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") || !strcmp(v, "NULL");
}

/* What the current event opens, for "found ..." in messages. */
static const char *S_kind(const S_parser *p)
{
    switch (p->ev.type) {
    case YAML_MAPPING_START_EVENT:
        return "a mapping";
    case YAML_SEQUENCE_START_EVENT:
        return "a sequence";
    case YAML_SCALAR_EVENT:
        return S_is_null(p) ? "null" : "a scalar";
    default:
        return "nothing";
    }
}

/* The current event is a key of a mapping with the given key names: checks it and returns its
 * index in *which. `seen` has a bit per name. */
/* Consumes the node whose first event is the current one (a value under a key we ignore). */
static vg_status S_skip(S_parser *p)
{
    size_t depth = 0;
    for (;;) {
        switch (p->ev.type) {
        case YAML_MAPPING_START_EVENT:
        case YAML_SEQUENCE_START_EVENT:
            depth++;
            break;
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
            depth--;
            break;
        default:
            break;
        }
        if (depth == 0)
            return VG_OK;
        S_TRY(S_next(p));
    }
}

/* The current event is a key of a mapping with the given key names: checks it and returns its
 * index in *which. `seen` has a bit per name. Other keys are an error, or, when `others` is
 * true, give -1 (the caller skips their value): a progress file carries more than a history
 * (a version, the deck, the front, the cached state) and replays as one. */
static vg_status S_key(S_parser *p, const char *const *names, int n, const char *where,
                       const char *expected, bool others, unsigned *seen, int *which)
{
    if (p->ev.type != YAML_SCALAR_EVENT)
        return S_fail(p, p->ev.start_mark, "expected a key in %s, found %s", where, S_kind(p));
    char q[48];
    size_t len = p->ev.data.scalar.length;
    for (int i = 0; i < n; i++) {
        if (len == strlen(names[i]) && !memcmp(S_scalar(p), names[i], len)) {
            if (*seen & (1u << i))
                return S_fail(p, p->ev.start_mark, "duplicate key '%s' in %s", names[i], where);
            *seen |= 1u << i;
            *which = i;
            return VG_OK;
        }
    }
    if (others) {
        *which = -1;
        return VG_OK;
    }
    return S_fail(p, p->ev.start_mark, "unknown key '%s' in %s (expected %s)",
                  S_quote(S_scalar(p), len, q, sizeof q), where, expected);
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

static vg_status S_parse_review(S_parser *p, size_t ci)
{
    static const char *const keys[] = {"t", "rating"};
    if (p->ev.type != YAML_MAPPING_START_EVENT)
        return S_fail(p, p->ev.start_mark,
                      "a review must be a mapping with 't' and 'rating', found %s", S_kind(p));
    yaml_mark_t start = p->ev.start_mark, t_mark = start;
    vg_history_review r = {.line = (unsigned)start.line + 1};
    unsigned seen = 0;
    for (;;) {
        S_TRY(S_next(p));
        if (p->ev.type == YAML_MAPPING_END_EVENT)
            break;
        int which = 0; /* set by S_key; the analyzer cannot tell */
        S_TRY(S_key(p, keys, 2, "a review", "'t' and 'rating'", false, &seen, &which));
        S_TRY(S_next(p));
        char q[48];
        if (which == 0) {
            if (p->ev.type != YAML_SCALAR_EVENT || S_is_null(p))
                return S_fail(p, p->ev.start_mark,
                              "'t' must be a time like 2026-01-02T03:04:05Z, found %s", S_kind(p));
            t_mark = p->ev.start_mark;
            const char *v = S_scalar(p);
            size_t len = p->ev.data.scalar.length;
            vg_error terr;
            vg_error_clear(&terr);
            if (vg_time_parse(v, len, &r.t, &terr) != VG_OK) {
                /* Point into the scalar when its source text is the value itself. */
                size_t off = S_mark_offset(p, t_mark);
                size_t skip = p->ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? 0 : 1;
                if (off + skip + len <= p->len && !memcmp(p->data + off + skip, v, len))
                    off += skip + (terr.col ? terr.col - 1 : 0);
                return S_fail_at(p, off, "bad time '%s': %s", S_quote(v, len, q, sizeof q),
                                 terr.msg);
            }
        } else {
            if (p->ev.type != YAML_SCALAR_EVENT)
                return S_fail(p, p->ev.start_mark, "'rating' must be %s, found %s", S_rating_help,
                              S_kind(p));
            const char *v = S_scalar(p);
            if (p->ev.data.scalar.length != 1 || v[0] < '1' || v[0] > '4')
                return S_fail(p, p->ev.start_mark, "rating must be %s, not '%s'", S_rating_help,
                              S_quote(v, p->ev.data.scalar.length, q, sizeof q));
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
        return S_nomem(p);
    h->all[h->n_reviews++] = r;
    c->n_reviews++;
    return VG_OK;
}

static vg_status S_parse_card(S_parser *p)
{
    static const char *const keys[] = {"id", "reviews"};
    if (p->ev.type != YAML_MAPPING_START_EVENT)
        return S_fail(p, p->ev.start_mark,
                      "a card must be a mapping with 'id' and 'reviews', found %s", S_kind(p));
    vg_history *h = p->h;
    yaml_mark_t start = p->ev.start_mark;
    if (!VG_GROW(h->cards, p->cap_cards, h->n_cards + 1))
        return S_nomem(p);
    size_t ci = h->n_cards++;
    h->cards[ci] = (vg_history_card){.line = (unsigned)start.line + 1};
    unsigned seen = 0;
    for (;;) {
        S_TRY(S_next(p));
        if (p->ev.type == YAML_MAPPING_END_EVENT)
            break;
        int which = 0; /* set by S_key; the analyzer cannot tell */
        S_TRY(S_key(p, keys, 2, "a card", "'id' and 'reviews'", true, &seen, &which));
        S_TRY(S_next(p));
        if (which < 0) {
            S_TRY(S_skip(p));
            continue;
        }
        if (which == 0) {
            if (p->ev.type != YAML_SCALAR_EVENT || S_is_null(p))
                return S_fail(p, p->ev.start_mark, "'id' must be a string, found %s", S_kind(p));
            size_t len = p->ev.data.scalar.length;
            if (len == 0)
                return S_fail(p, p->ev.start_mark, "empty card id");
            char *id = vg_arena_strndup(p->arena, S_scalar(p), len);
            if (!id)
                return S_nomem(p);
            h->cards[ci].id = id;
            h->cards[ci].id_len = len;
            size_t dup;
            if (!S_id_insert(p, ci, &dup))
                return S_nomem(p);
            if (dup != SIZE_MAX) {
                char q[48];
                return S_fail(p, p->ev.start_mark, "duplicate card id '%s' (first on line %u)",
                              S_quote(id, len, q, sizeof q), h->cards[dup].line);
            }
        } else {
            if (S_is_null(p))
                continue;
            if (p->ev.type != YAML_SEQUENCE_START_EVENT)
                return S_fail(p, p->ev.start_mark, "'reviews' must be a sequence, found %s",
                              S_kind(p));
            for (;;) {
                S_TRY(S_next(p));
                if (p->ev.type == YAML_SEQUENCE_END_EVENT)
                    break;
                S_TRY(S_parse_review(p, ci));
            }
        }
    }
    if (!(seen & 1))
        return S_fail(p, start, "card has no 'id'");
    return VG_OK;
}

static vg_status S_parse(S_parser *p)
{
    static const char *const keys[] = {"cards"};
    S_TRY(S_next(p)); /* stream start */
    S_TRY(S_next(p));
    if (p->ev.type == YAML_STREAM_END_EVENT)
        return S_fail(p, p->ev.start_mark, "empty history: expected a mapping with 'cards'");
    S_TRY(S_next(p)); /* after the document start */
    if (p->ev.type != YAML_MAPPING_START_EVENT)
        return S_fail(p, p->ev.start_mark, "expected a mapping with 'cards' at the top, found %s",
                      S_kind(p));
    yaml_mark_t start = p->ev.start_mark;
    unsigned seen = 0;
    for (;;) {
        S_TRY(S_next(p));
        if (p->ev.type == YAML_MAPPING_END_EVENT)
            break;
        int which = 0; /* set by S_key; the analyzer cannot tell */
        S_TRY(S_key(p, keys, 1, "the top mapping", "'cards'", true, &seen, &which));
        S_TRY(S_next(p));
        if (which < 0) {
            S_TRY(S_skip(p));
            continue;
        }
        if (S_is_null(p))
            continue;
        if (p->ev.type != YAML_SEQUENCE_START_EVENT)
            return S_fail(p, p->ev.start_mark, "'cards' must be a sequence of cards, found %s",
                          S_kind(p));
        for (;;) {
            S_TRY(S_next(p));
            if (p->ev.type == YAML_SEQUENCE_END_EVENT)
                break;
            S_TRY(S_parse_card(p));
        }
    }
    if (!seen)
        return S_fail(p, start, "the history has no 'cards'");
    S_TRY(S_next(p)); /* document end */
    S_TRY(S_next(p));
    if (p->ev.type != YAML_STREAM_END_EVENT)
        return S_fail(p, p->ev.start_mark, "expected one document, found a second one");
    return VG_OK;
}

vg_status vg_history_parse(const char *data, size_t len, const char *file, vg_history **out,
                           vg_error *err)
{
    *out = NULL;
    S_parser p = {.data = data, .len = len, .file = file, .err = err};
    p.h = calloc(1, sizeof *p.h);
    p.arena = vg_arena_new();
    if (!p.h || !p.arena || !yaml_parser_initialize(&p.yp)) {
        free(p.h);
        vg_arena_free(p.arena);
        return vg_error_set(err, VG_NOMEM, file, 0, 0, "out of memory");
    }
    p.h->arena = p.arena;
    yaml_parser_set_input_string(&p.yp, (const unsigned char *)data, len);
    /* UTF-8 only: byte columns stay meaningful, and a UTF-16 file is refused at 1:1. */
    yaml_parser_set_encoding(&p.yp, YAML_UTF8_ENCODING);
    vg_status st = S_parse(&p);
    if (p.have_ev)
        yaml_event_delete(&p.ev);
    yaml_parser_delete(&p.yp);
    free(p.ids);
    if (st != VG_OK) {
        vg_history_free(p.h);
        return st;
    }
    size_t off = 0; /* the review array is final: point each card at its slice */
    for (size_t i = 0; i < p.h->n_cards; i++) {
        p.h->cards[i].reviews = p.h->all + off;
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
