/* The general reader of progress files: libyaml's event parser, with a file:line:col error for
 * anything that is not YAML, has the wrong shape, the wrong type or an unknown key.
 *
 * The fast reader (store/read_fast.c) handles the canonical layout the writer produces and hands
 * everything else to this one; both decode values with store/fields.c so they agree. */
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "store/store_int.h"

typedef struct S_reader {
    yaml_parser_t parser;
    yaml_event_t ev;
    bool have_ev;
    vg_store *s;
    const char *data;
    size_t len;
    const char *name;
    vg_error *err;
    vg_review *revs; /* the reviews of the card being read */
    size_t nrevs, caprevs;
    vg_buf str;
} S_reader;

/* libyaml counts columns in characters; vg_error wants bytes. Walk to the line and count. */
static void S_position(const S_reader *r, yaml_mark_t m, unsigned *line, unsigned *col)
{
    size_t i = 0, l = 0;
    while (l < m.line && i < r->len) {
        char c = r->data[i++];
        if (c == '\n' || (c == '\r' && !(i < r->len && r->data[i] == '\n')))
            l++;
    }
    size_t start = i;
    for (size_t k = 0; k < m.column && i < r->len; k++) {
        unsigned char c = (unsigned char)r->data[i++];
        if (c >= 0xC0)
            while (i < r->len && ((unsigned char)r->data[i] & 0xC0) == 0x80)
                i++;
    }
    *line = (unsigned)m.line + 1;
    *col = (unsigned)(i - start) + 1;
}

/* The mark (line, column in characters) of a byte offset. */
static yaml_mark_t S_mark_at(const S_reader *r, size_t offset)
{
    yaml_mark_t m = {0, 0, 0};
    for (size_t i = 0; i < offset && i < r->len; i++) {
        unsigned char c = (unsigned char)r->data[i];
        if (c == '\n' || (c == '\r' && !(i + 1 < r->len && r->data[i + 1] == '\n'))) {
            m.line++;
            m.column = 0;
        } else if ((c & 0xC0) != 0x80) {
            m.column++;
        }
    }
    return m;
}

static vg_status S_fail(S_reader *r, yaml_mark_t m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static vg_status S_fail(S_reader *r, yaml_mark_t m, const char *fmt, ...)
{
    unsigned line, col;
    S_position(r, m, &line, &col);
    char msg[VG_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return vg_error_set(r->err, VG_PARSE, r->name, line, col, "%s", msg);
}

static vg_status S_next(S_reader *r)
{
    if (r->have_ev)
        yaml_event_delete(&r->ev);
    r->have_ev = false;
    if (!yaml_parser_parse(&r->parser, &r->ev)) {
        if (r->parser.error == YAML_MEMORY_ERROR)
            return vg_error_set(r->err, VG_NOMEM, r->name, 0, 0, NULL);
        const char *problem = r->parser.problem ? r->parser.problem : "syntax error";
        if (r->parser.error == YAML_READER_ERROR) {
            /* The reader gives a byte offset, not a mark. */
            yaml_mark_t m = S_mark_at(r, r->parser.problem_offset);
            return S_fail(r, m, "not valid YAML: %s", problem);
        }
        if (r->parser.context)
            return S_fail(r, r->parser.problem_mark, "not valid YAML: %s %s", problem,
                          r->parser.context);
        return S_fail(r, r->parser.problem_mark, "not valid YAML: %s", problem);
    }
    r->have_ev = true;
    yaml_event_t *e = &r->ev;
    if (e->type == YAML_ALIAS_EVENT)
        return S_fail(r, e->start_mark, "aliases are not supported in a progress file");
    const yaml_char_t *tag = e->type == YAML_SCALAR_EVENT           ? e->data.scalar.tag
                             : e->type == YAML_MAPPING_START_EVENT  ? e->data.mapping_start.tag
                             : e->type == YAML_SEQUENCE_START_EVENT ? e->data.sequence_start.tag
                                                                    : NULL;
    if (tag)
        return S_fail(r, e->start_mark, "tags are not supported in a progress file");
    return VG_OK;
}

static const char *S_event_name(yaml_event_type_t t)
{
    switch (t) {
    case YAML_SCALAR_EVENT:
        return "a scalar";
    case YAML_SEQUENCE_START_EVENT:
        return "a list";
    case YAML_MAPPING_START_EVENT:
        return "a mapping";
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return "the end of a block";
    case YAML_DOCUMENT_START_EVENT:
    case YAML_DOCUMENT_END_EVENT:
        return "a document marker";
    default:
        return "the end of the file";
    }
}

/* The current event is a plain scalar; its text. */
static vg_status S_plain(S_reader *r, const char *what, const char **text, size_t *len)
{
    yaml_event_t *e = &r->ev;
    if (e->type != YAML_SCALAR_EVENT)
        return S_fail(r, e->start_mark, "expected %s, found %s", what, S_event_name(e->type));
    if (e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return S_fail(r, e->start_mark, "expected %s, found a quoted string", what);
    *text = (const char *)e->data.scalar.value;
    *len = e->data.scalar.length;
    return VG_OK;
}

static vg_status S_int(S_reader *r, const char *key, int64_t lo, int64_t hi, int64_t *out)
{
    const char *t = NULL;
    size_t n = 0;
    vg_status st = S_plain(r, "an integer", &t, &n);
    if (st != VG_OK)
        return st;
    if (!vg_scalar_int(t, n, lo, hi, out))
        return S_fail(r, r->ev.start_mark, "'%s' must be an integer from %lld to %lld", key,
                      (long long)lo, (long long)hi);
    return VG_OK;
}

static vg_status S_double(S_reader *r, const char *key, double *out)
{
    const char *t = NULL;
    size_t n = 0;
    vg_status st = S_plain(r, "a number", &t, &n);
    if (st != VG_OK)
        return st;
    if (!vg_scalar_double(t, n, out) || !(*out >= 0 && *out < 1e300))
        return S_fail(r, r->ev.start_mark, "'%s' must be a number, 0 or more", key);
    return VG_OK;
}

/* Times are strings in YAML 1.2 (no timestamp type), so any scalar style is fine. */
static vg_status S_time(S_reader *r, const char *key, vg_time *out)
{
    yaml_event_t *e = &r->ev;
    if (e->type != YAML_SCALAR_EVENT)
        return S_fail(r, e->start_mark, "'%s' must be a time, found %s", key,
                      S_event_name(e->type));
    const char *t = (const char *)e->data.scalar.value;
    size_t n = e->data.scalar.length;
    /* A quoted scalar's text starts after the quote. */
    unsigned shift = e->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                             e->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
                         ? 1
                         : 0;
    vg_error terr;
    vg_error_clear(&terr);
    if (!vg_scalar_time(t, n, out, &terr)) {
        yaml_mark_t m = r->ev.start_mark;
        unsigned line, col;
        S_position(r, m, &line, &col);
        return vg_error_set(r->err, VG_PARSE, r->name, line,
                            col + shift + (terr.col ? terr.col - 1 : 0), "'%s': %s", key, terr.msg);
    }
    return VG_OK;
}

static vg_status S_bool(S_reader *r, const char *key, bool *out)
{
    const char *t = NULL;
    size_t n = 0;
    vg_status st = S_plain(r, "true or false", &t, &n);
    if (st != VG_OK)
        return st;
    if (!vg_scalar_bool(t, n, out))
        return S_fail(r, r->ev.start_mark, "'%s' must be true or false", key);
    return VG_OK;
}

/* A string field: any scalar but a plain null. The text goes to r->str. */
static vg_status S_string(S_reader *r, const char *key)
{
    yaml_event_t *e = &r->ev;
    if (e->type != YAML_SCALAR_EVENT)
        return S_fail(r, e->start_mark, "'%s' must be a string, found %s", key,
                      S_event_name(e->type));
    const char *t = (const char *)e->data.scalar.value;
    size_t n = e->data.scalar.length;
    if (e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && vg_scalar_is_null(t, n))
        return S_fail(r, e->start_mark, "'%s' must be a string, found null", key);
    if (memchr(t, '\0', n))
        return S_fail(r, e->start_mark, "'%s' holds a NUL character", key);
    vg_buf_clear(&r->str);
    vg_buf_add(&r->str, t, n);
    if (r->str.failed)
        return vg_error_set(r->err, VG_NOMEM, r->name, 0, 0, NULL);
    return VG_OK;
}

/* The current event is a mapping key: its text, or NULL with *st set when it is not a
 * scalar. */
static const char *S_key(S_reader *r, vg_status *st)
{
    yaml_event_t *e = &r->ev;
    if (e->type != YAML_SCALAR_EVENT || !e->data.scalar.value) {
        *st = S_fail(r, e->start_mark, "expected a key, found %s", S_event_name(e->type));
        return NULL;
    }
    return (const char *)e->data.scalar.value;
}

/* ---- reviews ---- */

static vg_status S_review(S_reader *r)
{
    yaml_mark_t start = r->ev.start_mark;
    if (r->ev.type != YAML_MAPPING_START_EVENT)
        return S_fail(r, start,
                      "a review must be a mapping like {t: 2026-01-02T03:04:05Z, "
                      "rating: 3}, found %s",
                      S_event_name(r->ev.type));
    vg_review rv = {0, 0};
    bool has_t = false, has_rating = false;
    vg_status st;
    for (;;) {
        if ((st = S_next(r)) != VG_OK)
            return st;
        if (r->ev.type == YAML_MAPPING_END_EVENT)
            break;
        const char *key = S_key(r, &st);
        if (!key)
            return st;
        yaml_mark_t km = r->ev.start_mark;
        if (strcmp(key, "t") == 0) {
            if (has_t)
                return S_fail(r, km, "duplicate key 't'");
            has_t = true;
            if ((st = S_next(r)) != VG_OK || (st = S_time(r, "t", &rv.t)) != VG_OK)
                return st;
        } else if (strcmp(key, "rating") == 0) {
            if (has_rating)
                return S_fail(r, km, "duplicate key 'rating'");
            has_rating = true;
            int64_t v;
            if ((st = S_next(r)) != VG_OK || (st = S_int(r, "rating", 1, 4, &v)) != VG_OK)
                return st;
            rv.rating = (int32_t)v;
        } else {
            return S_fail(r, km, "unknown key '%s' in a review (expected t, rating)", key);
        }
    }
    if (!has_t || !has_rating)
        return S_fail(r, start, "a review needs both 't' and 'rating'");
    if (!VG_GROW(r->revs, r->caprevs, r->nrevs + 1))
        return vg_error_set(r->err, VG_NOMEM, r->name, 0, 0, NULL);
    r->revs[r->nrevs++] = rv;
    return VG_OK;
}

static vg_status S_reviews(S_reader *r)
{
    if (r->ev.type != YAML_SEQUENCE_START_EVENT)
        return S_fail(r, r->ev.start_mark, "'reviews' must be a list, found %s",
                      S_event_name(r->ev.type));
    vg_status st;
    for (;;) {
        if ((st = S_next(r)) != VG_OK)
            return st;
        if (r->ev.type == YAML_SEQUENCE_END_EVENT)
            return VG_OK;
        if ((st = S_review(r)) != VG_OK)
            return st;
    }
}

/* ---- cards ---- */

enum card_key {
    K_ID,
    K_DECK,
    K_SECTION,
    K_FRONT,
    K_STATE,
    K_DUE,
    K_LAST_REVIEW,
    K_STABILITY,
    K_DIFFICULTY,
    K_SCHEDULED_DAYS,
    K_ELAPSED_DAYS,
    K_REPS,
    K_LAPSES,
    K_STEP,
    K_SM2_N,
    K_SUSPENDED,
    K_BURIED_UNTIL,
    K_REVIEWS,
    K_COUNT
};

static const char *const S_card_keys[K_COUNT] = {
    "id",          "deck",      "section",    "front",          "state",        "due",
    "last_review", "stability", "difficulty", "scheduled_days", "elapsed_days", "reps",
    "lapses",      "step",      "sm2_n",      "suspended",      "buried_until", "reviews",
};

static vg_status S_card(S_reader *r)
{
    yaml_mark_t start = r->ev.start_mark;
    if (r->ev.type != YAML_MAPPING_START_EVENT)
        return S_fail(r, start, "each card must be a mapping (id, deck, ..., reviews), found %s",
                      S_event_name(r->ev.type));
    vg_store *s = r->s;
    bool seen[K_COUNT] = {false};
    yaml_mark_t id_mark = start;
    uint64_t key = 0;
    const char *deck = NULL;
    char *section = NULL, *front = NULL;
    vg_sched_card c;
    memset(&c, 0, sizeof c);
    bool suspended = false;
    vg_time buried = 0;
    r->nrevs = 0;
    vg_status st;
    for (;;) {
        if ((st = S_next(r)) != VG_OK)
            return st;
        if (r->ev.type == YAML_MAPPING_END_EVENT)
            break;
        const char *name = S_key(r, &st);
        if (!name)
            return st;
        yaml_mark_t km = r->ev.start_mark;
        int k = 0;
        while (k < K_COUNT && strcmp(name, S_card_keys[k]) != 0)
            k++;
        if (k == K_COUNT)
            return S_fail(r, km, "unknown key '%s' in a card", name);
        if (seen[k])
            return S_fail(r, km, "duplicate key '%s'", name);
        seen[k] = true;
        if ((st = S_next(r)) != VG_OK)
            return st;
        int64_t v;
        double d;
        switch ((enum card_key)k) {
        case K_ID:
            if ((st = S_string(r, "id")) != VG_OK)
                return st;
            if (!vg_store_id_key(r->str.data, r->str.len, &key))
                return S_fail(r, r->ev.start_mark, "'id' must be 16 lower-case hexadecimal digits");
            id_mark = r->ev.start_mark;
            break;
        case K_DECK:
            if ((st = S_string(r, "deck")) != VG_OK)
                return st;
            if (r->str.len == 0)
                return S_fail(r, r->ev.start_mark, "'deck' must not be empty");
            if (!(deck = vg_store_intern(s, r->str.data, r->str.len)))
                return vg_error_set(r->err, VG_NOMEM, r->name, 0, 0, NULL);
            break;
        case K_SECTION:
        case K_FRONT:
            if ((st = S_string(r, S_card_keys[k])) != VG_OK)
                return st;
            {
                char *copy = vg_store_strdup(s, vg_buf_str(&r->str), r->str.len);
                if (!copy)
                    return vg_error_set(r->err, VG_NOMEM, r->name, 0, 0, NULL);
                *(k == K_SECTION ? &section : &front) = copy;
            }
            break;
        case K_STATE: {
            const char *t = NULL;
            size_t n = 0;
            if ((st = S_plain(r, "a state", &t, &n)) != VG_OK)
                return st;
            if (!vg_scalar_state(t, n, &c.state))
                return S_fail(r, r->ev.start_mark,
                              "'state' must be new, learning, review or relearning");
            break;
        }
        case K_DUE:
            st = S_time(r, "due", &c.due);
            break;
        case K_LAST_REVIEW:
            st = S_time(r, "last_review", &c.last_review);
            break;
        case K_STABILITY:
            st = S_double(r, "stability", &d);
            c.stability = d;
            break;
        case K_DIFFICULTY:
            st = S_double(r, "difficulty", &d);
            c.difficulty = d;
            break;
        case K_SCHEDULED_DAYS:
            st = S_int(r, "scheduled_days", 0, INT32_MAX, &v);
            c.scheduled_days = (int32_t)v;
            break;
        case K_ELAPSED_DAYS:
            st = S_int(r, "elapsed_days", 0, INT32_MAX, &v);
            c.elapsed_days = (int32_t)v;
            break;
        case K_REPS:
            st = S_int(r, "reps", 0, INT32_MAX, &v);
            c.reps = (int32_t)v;
            break;
        case K_LAPSES:
            st = S_int(r, "lapses", 0, INT32_MAX, &v);
            c.lapses = (int32_t)v;
            break;
        case K_STEP:
            st = S_int(r, "step", 0, INT32_MAX, &v);
            c.step = (int32_t)v;
            break;
        case K_SM2_N:
            st = S_int(r, "sm2_n", 0, INT32_MAX, &v);
            c.sm2_n = (int32_t)v;
            break;
        case K_SUSPENDED:
            st = S_bool(r, "suspended", &suspended);
            break;
        case K_BURIED_UNTIL:
            st = S_time(r, "buried_until", &buried);
            break;
        case K_REVIEWS:
            st = S_reviews(r);
            break;
        case K_COUNT:
            break;
        }
        if (st != VG_OK)
            return st;
    }
    if (!seen[K_ID])
        return S_fail(r, start, "a card needs an 'id'");
    if (!seen[K_DECK])
        return S_fail(r, start, "a card needs a 'deck'");
    vg_record *dup = vg_store_lookup(s, deck, key);
    if (dup)
        return S_fail(r, id_mark, "card %s of deck '%s' appears twice (first on line %u)", dup->id,
                      deck, dup->line);
    vg_record *rec = vg_store_new_record(s, deck, key, section ? section : "", front ? front : "");
    if (!rec || !vg_store_set_reviews(s, rec, r->revs, r->nrevs))
        return vg_error_set(r->err, VG_NOMEM, r->name, 0, 0, NULL);
    rec->line = (unsigned)start.line + 1; /* no S_position here: it walks from the start */
    rec->on_disk_ = true;
    rec->suspended = suspended;
    rec->buried_until = buried;
    /* The cache counts only when the state is there with the times it needs. */
    rec->state_ok =
        seen[K_STATE] && (c.state == VG_CARD_NEW || (seen[K_DUE] && seen[K_LAST_REVIEW]));
    if (rec->state_ok) {
        if (c.state == VG_CARD_NEW)
            vg_sched_card_init(&c, rec->id, VG_CARD_ID_LEN);
        rec->sched = c;
    }
    vg_store_finish_record(rec);
    return VG_OK;
}

static vg_status S_cards(S_reader *r)
{
    if (r->ev.type != YAML_SEQUENCE_START_EVENT)
        return S_fail(r, r->ev.start_mark, "'cards' must be a list, found %s",
                      S_event_name(r->ev.type));
    vg_status st;
    for (;;) {
        if ((st = S_next(r)) != VG_OK)
            return st;
        if (r->ev.type == YAML_SEQUENCE_END_EVENT)
            return VG_OK;
        if ((st = S_card(r)) != VG_OK)
            return st;
    }
}

static vg_status S_expect(S_reader *r, yaml_event_type_t type, const char *what)
{
    vg_status st = S_next(r);
    if (st != VG_OK)
        return st;
    if (r->ev.type != type)
        return S_fail(r, r->ev.start_mark, "expected %s, found %s", what, S_event_name(r->ev.type));
    return VG_OK;
}

static vg_status S_document(S_reader *r)
{
    vg_store *s = r->s;
    vg_status st = S_expect(r, YAML_STREAM_START_EVENT, "the start of the file");
    if (st != VG_OK)
        return st;
    if ((st = S_next(r)) != VG_OK)
        return st;
    if (r->ev.type == YAML_STREAM_END_EVENT)
        return S_fail(r, r->ev.start_mark, "empty progress file: expected 'version: %d'",
                      VG_STORE_VERSION);
    if (r->ev.type != YAML_DOCUMENT_START_EVENT)
        return S_fail(r, r->ev.start_mark, "expected a document, found %s",
                      S_event_name(r->ev.type));
    if ((st = S_expect(r, YAML_MAPPING_START_EVENT, "a mapping (version, cards)")) != VG_OK)
        return st;
    yaml_mark_t start = r->ev.start_mark;
    bool has_version = false, has_sched = false, has_gen = false, has_cards = false;
    for (;;) {
        if ((st = S_next(r)) != VG_OK)
            return st;
        if (r->ev.type == YAML_MAPPING_END_EVENT)
            break;
        const char *key = S_key(r, &st);
        if (!key)
            return st;
        yaml_mark_t km = r->ev.start_mark;
        bool *seen = strcmp(key, "version") == 0      ? &has_version
                     : strcmp(key, "scheduler") == 0  ? &has_sched
                     : strcmp(key, "generation") == 0 ? &has_gen
                     : strcmp(key, "cards") == 0      ? &has_cards
                                                      : NULL;
        if (!seen)
            return S_fail(r, km,
                          "unknown key '%s' (expected version, scheduler, generation, "
                          "cards)",
                          key);
        if (*seen)
            return S_fail(r, km, "duplicate key '%s'", key);
        *seen = true;
        if ((st = S_next(r)) != VG_OK)
            return st;
        if (seen == &has_version) {
            int64_t v;
            if ((st = S_int(r, "version", 1, INT32_MAX, &v)) != VG_OK)
                return st;
            if (v > VG_STORE_VERSION)
                return S_fail(r, r->ev.start_mark,
                              "written by a newer vgrev (format version %lld; this vgrev "
                              "reads version %d)",
                              (long long)v, VG_STORE_VERSION);
        } else if (seen == &has_sched) {
            if ((st = S_string(r, "scheduler")) != VG_OK)
                return st;
            if (vg_store_set_scheduler(s, vg_buf_str(&r->str)) != VG_OK)
                return vg_error_set(r->err, VG_NOMEM, r->name, 0, 0, NULL);
        } else if (seen == &has_gen) {
            const char *t = NULL;
            size_t n = 0;
            if ((st = S_plain(r, "an integer", &t, &n)) != VG_OK)
                return st;
            if (!vg_scalar_uint64(t, n, &s->generation))
                return S_fail(r, r->ev.start_mark, "'generation' must be an integer, 0 or more");
        } else if ((st = S_cards(r)) != VG_OK) {
            return st;
        }
    }
    if (!has_version)
        return S_fail(r, start, "missing 'version: %d' (is this a vgrev progress file?)",
                      VG_STORE_VERSION);
    if ((st = S_expect(r, YAML_DOCUMENT_END_EVENT, "the end of the document")) != VG_OK)
        return st;
    if ((st = S_next(r)) != VG_OK)
        return st;
    if (r->ev.type != YAML_STREAM_END_EVENT)
        return S_fail(r, r->ev.start_mark, "a progress file holds one document; found another");
    return VG_OK;
}

/* After an error: does the file say it has a newer format? Then that is the message to give
 * (a newer vgrev may have added keys or changed shapes). Reads top-level keys until 'version'. */
static bool S_newer_version(S_reader *r)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return false;
    yaml_parser_set_input_string(&p, (const unsigned char *)r->data, r->len);
    yaml_event_t e;
    int depth = 0;
    bool expect_key = true, is_version = false, found = false;
    while (!found && yaml_parser_parse(&p, &e)) {
        yaml_event_type_t t = e.type;
        bool done = t == YAML_STREAM_END_EVENT;
        if (t == YAML_MAPPING_START_EVENT || t == YAML_SEQUENCE_START_EVENT) {
            if (depth == 0 && t == YAML_MAPPING_START_EVENT)
                expect_key = true;
            depth++;
        } else if (t == YAML_MAPPING_END_EVENT || t == YAML_SEQUENCE_END_EVENT) {
            if (--depth == 1)
                expect_key = true; /* a collection value ended: a key comes next */
        } else if (t == YAML_SCALAR_EVENT && depth == 1) {
            if (expect_key) {
                is_version = strcmp((const char *)e.data.scalar.value, "version") == 0;
                expect_key = false;
            } else {
                int64_t v;
                if (is_version &&
                    vg_scalar_int((const char *)e.data.scalar.value, e.data.scalar.length, 1,
                                  INT32_MAX, &v) &&
                    v > VG_STORE_VERSION) {
                    if (r->have_ev)
                        yaml_event_delete(&r->ev);
                    r->ev = e; /* kept for its text and position */
                    r->have_ev = true;
                    found = true;
                    break;
                }
                expect_key = true;
            }
        } else if (depth == 1 && t != YAML_SCALAR_EVENT) {
            expect_key = true;
        }
        yaml_event_delete(&e);
        if (done)
            break;
    }
    yaml_parser_delete(&p);
    return found;
}

vg_status vg_store_parse_yaml(vg_store *s, const char *data, size_t len, const char *name,
                              vg_error *err)
{
    S_reader r;
    memset(&r, 0, sizeof r);
    r.s = s;
    r.data = data;
    r.len = len;
    r.name = name;
    r.err = err;
    if (!yaml_parser_initialize(&r.parser))
        return vg_error_set(err, VG_NOMEM, name, 0, 0, NULL);
    yaml_parser_set_input_string(&r.parser, (const unsigned char *)data, len);
    yaml_parser_set_encoding(&r.parser, YAML_UTF8_ENCODING);
    vg_status st = S_document(&r);
    if (st == VG_PARSE) {
        vg_error saved;
        if (err)
            saved = *err;
        if (S_newer_version(&r)) {
            int64_t v = 0;
            vg_scalar_int((const char *)r.ev.data.scalar.value, r.ev.data.scalar.length, 1,
                          INT32_MAX, &v);
            S_fail(&r, r.ev.start_mark,
                   "written by a newer vgrev (format version %lld; this vgrev reads version %d)",
                   (long long)v, VG_STORE_VERSION);
        } else if (err) {
            *err = saved;
        }
    }
    if (r.have_ev)
        yaml_event_delete(&r.ev);
    yaml_parser_delete(&r.parser);
    free(r.revs);
    vg_buf_release(&r.str);
    return st;
}
