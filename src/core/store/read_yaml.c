/* The general reader of progress files: the YAML reader (store/yaml_read.h), with a
 * file:line:col error for anything that is not YAML, has the wrong shape, the wrong type or an
 * unknown key.
 *
 * The fast reader (store/read_fast.c) handles the canonical layout the writer produces and hands
 * everything else to this one; both decode values with store/fields.c so they agree. */
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/record.h"
#include "store/store_int.h"
#include "store/yaml_read.h"

typedef struct S_reader {
    vg_yaml y;
    vg_store *s;
    vg_review *revs; /* the reviews of the card being read */
    size_t nrevs, caprevs;
    vg_buf str;
} S_reader;

#define S_fail(r, mark, ...) vg_yaml_fail(&(r)->y, VG_PARSE, (mark), __VA_ARGS__)
#define S_nomem(r) vg_yaml_nomem(&(r)->y)

static vg_status S_next(S_reader *r)
{
    return vg_yaml_next(&r->y);
}

static const char *S_event_name(vg_yaml_kind t)
{
    switch (t) {
    case VG_YAML_SCALAR:
        return "a scalar";
    case VG_YAML_SEQ_START:
        return "a list";
    case VG_YAML_MAP_START:
        return "a mapping";
    case VG_YAML_SEQ_END:
    case VG_YAML_MAP_END:
        return "the end of a block";
    case VG_YAML_DOC_START:
    case VG_YAML_DOC_END:
        return "a document marker";
    default:
        return "the end of the file";
    }
}

/* The current event is a plain scalar; its text. */
static vg_status S_plain(S_reader *r, const char *what, const char **text, size_t *len)
{
    const vg_yaml_event *e = &r->y.ev;
    if (e->kind != VG_YAML_SCALAR)
        return S_fail(r, e->at, "expected %s, found %s", what, S_event_name(e->kind));
    if (e->style != VG_YAML_PLAIN)
        return S_fail(r, e->at, "expected %s, found a quoted string", what);
    *text = e->text;
    *len = e->len;
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
        return S_fail(r, r->y.ev.at, "'%s' must be an integer from %lld to %lld", key,
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
        return S_fail(r, r->y.ev.at, "'%s' must be a number from 0 to less than 1e300", key);
    return VG_OK;
}

/* Times are strings in YAML 1.2 (no timestamp type), so any scalar style is fine. */
static vg_status S_time(S_reader *r, const char *key, vg_time *out)
{
    const vg_yaml_event *e = &r->y.ev;
    if (e->kind != VG_YAML_SCALAR)
        return S_fail(r, e->at, "'%s' must be a time, found %s", key, S_event_name(e->kind));
    /* A quoted scalar's text starts after the quote. */
    unsigned shift = e->style == VG_YAML_SINGLE_QUOTED || e->style == VG_YAML_DOUBLE_QUOTED;
    vg_error terr;
    vg_error_clear(&terr);
    if (!vg_scalar_time(e->text, e->len, out, &terr)) {
        vg_yaml_mark m = e->at;
        m.col += shift + (terr.col ? terr.col - 1 : 0);
        return S_fail(r, m, "'%s': %s", key, terr.msg);
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
        return S_fail(r, r->y.ev.at, "'%s' must be true or false", key);
    return VG_OK;
}

/* A string field: any scalar but a plain null. The text goes to r->str. */
static vg_status S_string(S_reader *r, const char *key)
{
    const vg_yaml_event *e = &r->y.ev;
    if (e->kind != VG_YAML_SCALAR)
        return S_fail(r, e->at, "'%s' must be a string, found %s", key, S_event_name(e->kind));
    const char *t = e->text;
    size_t n = e->len;
    if (e->style == VG_YAML_PLAIN && vg_scalar_is_null(t, n))
        return S_fail(r, e->at, "'%s' must be a string, found null", key);
    if (memchr(t, '\0', n))
        return S_fail(r, e->at, "'%s' holds a NUL character", key);
    vg_buf_clear(&r->str);
    vg_buf_add(&r->str, t, n);
    if (r->str.failed)
        return S_nomem(r);
    return VG_OK;
}

/* The current event is a mapping key: its text, or NULL with *st set when it is not a
 * scalar. */
static const char *S_key(S_reader *r, vg_status *st)
{
    const vg_yaml_event *e = &r->y.ev;
    if (e->kind != VG_YAML_SCALAR) {
        *st = S_fail(r, e->at, "expected a key, found %s", S_event_name(e->kind));
        return NULL;
    }
    return e->text;
}

/* ---- reviews ---- */

static vg_status S_review(void *ctx)
{
    S_reader *r = ctx;
    vg_yaml_mark start = r->y.ev.at;
    if (r->y.ev.kind != VG_YAML_MAP_START)
        return S_fail(r, start,
                      "a review must be a mapping like {t: 2026-01-02T03:04:05Z, "
                      "rating: 3, ms: 5230}, found %s",
                      S_event_name(r->y.ev.kind));
    vg_review rv = {0, 0, VG_MS_NONE};
    bool has_t = false, has_rating = false, has_ms = false;
    vg_status st;
    for (;;) {
        if ((st = S_next(r)) != VG_OK)
            return st;
        if (r->y.ev.kind == VG_YAML_MAP_END)
            break;
        const char *key = S_key(r, &st);
        if (!key)
            return st;
        vg_yaml_mark km = r->y.ev.at;
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
        } else if (strcmp(key, "ms") == 0) {
            if (has_ms)
                return S_fail(r, km, "duplicate key 'ms'");
            has_ms = true;
            int64_t v;
            if ((st = S_next(r)) != VG_OK || (st = S_int(r, "ms", 0, VG_MS_MAX, &v)) != VG_OK)
                return st;
            rv.ms = (int32_t)v;
        } else {
            return S_fail(r, km, "unknown key '%s' in a review (expected t, rating, ms)", key);
        }
    }
    if (!has_t || !has_rating)
        return S_fail(r, start, "a review needs both 't' and 'rating'");
    if (!VG_GROW(r->revs, r->caprevs, r->nrevs + 1))
        return S_nomem(r);
    r->revs[r->nrevs++] = rv;
    return VG_OK;
}

static vg_status S_reviews(S_reader *r)
{
    if (r->y.ev.kind != VG_YAML_SEQ_START)
        return S_fail(r, r->y.ev.at, "'reviews' must be a list, found %s",
                      S_event_name(r->y.ev.kind));
    return vg_yaml_items(&r->y, S_review, r);
}

/* ---- cards ---- */

/* The value of field k (the current event) into in; the id into *key. */
static vg_status S_value(S_reader *r, vg_record_field k, vg_record *in, uint64_t *key)
{
    const vg_field_info *fi = &vg_record_fields[k];
    void *m = VG_FIELD_PTR(in, fi);
    const char *t = NULL;
    size_t n = 0;
    int64_t v = 0;
    switch (fi->kind) {
    case VG_FK_ID:
        VG_TRY(S_string(r, fi->name));
        if (!vg_store_id_key(r->str.data, r->str.len, key))
            return S_fail(r, r->y.ev.at, "'%s' must be 16 lower-case hexadecimal digits", fi->name);
        return VG_OK;
    case VG_FK_DECK:
        VG_TRY(S_string(r, fi->name));
        if (r->str.len == 0)
            return S_fail(r, r->y.ev.at, "'%s' must not be empty", fi->name);
        if (!(*(const char **)m = vg_store_intern(r->s, r->str.data, r->str.len)))
            return S_nomem(r);
        return VG_OK;
    case VG_FK_TEXT:
        VG_TRY(S_string(r, fi->name));
        if (!(*(const char **)m = vg_store_strdup(r->s, vg_buf_str(&r->str), r->str.len)))
            return S_nomem(r);
        return VG_OK;
    case VG_FK_STATE:
        VG_TRY(S_plain(r, "a state", &t, &n));
        if (!vg_scalar_state(t, n, (vg_card_state *)m))
            return S_fail(r, r->y.ev.at, "'%s' must be new, learning, review or relearning",
                          fi->name);
        return VG_OK;
    case VG_FK_TIME:
        return S_time(r, fi->name, (vg_time *)m);
    case VG_FK_NUMBER:
        return S_double(r, fi->name, (double *)m);
    case VG_FK_COUNT:
        VG_TRY(S_int(r, fi->name, 0, INT32_MAX, &v));
        *(int32_t *)m = (int32_t)v;
        return VG_OK;
    case VG_FK_FLAG:
        return S_bool(r, fi->name, (bool *)m);
    case VG_FK_TAGS: {
        VG_TRY(S_string(r, fi->name));
        int rc = vg_store_tags(r->s, vg_buf_str(&r->str), r->str.len, (const char **)m);
        if (rc < 0)
            return S_nomem(r);
        if (rc == 0)
            return S_fail(r, r->y.ev.at,
                          "'%s' must be words separated by spaces, without control characters",
                          fi->name);
        return VG_OK;
    }
    case VG_FK_REVIEWS:
        return S_reviews(r);
    default: /* the journal's own kinds */
        break;
    }
    return VG_OK;
}

/* One card: a mapping of the fields store/record.h declares, in any order. */
static vg_status S_card(void *ctx)
{
    S_reader *r = ctx;
    vg_yaml_mark start = r->y.ev.at;
    if (r->y.ev.kind != VG_YAML_MAP_START)
        return S_fail(r, start, "each card must be a mapping (id, deck, ..., reviews), found %s",
                      S_event_name(r->y.ev.kind));
    vg_store *s = r->s;
    bool seen[VG_RF_COUNT] = {false};
    vg_yaml_mark id_mark = start;
    uint64_t key = 0;
    vg_record in;
    memset(&in, 0, sizeof in);
    r->nrevs = 0;
    vg_status st = VG_OK;
    for (;;) {
        VG_TRY(S_next(r));
        if (r->y.ev.kind == VG_YAML_MAP_END)
            break;
        const char *name = S_key(r, &st);
        if (!name)
            return st;
        vg_yaml_mark km = r->y.ev.at;
        int k = 0;
        while (k < VG_RF_COUNT && strcmp(name, vg_record_fields[k].name) != 0)
            k++;
        if (k == VG_RF_COUNT)
            return S_fail(r, km, "unknown key '%s' in a card", name);
        if (seen[k])
            return S_fail(r, km, "duplicate key '%s'", name);
        seen[k] = true;
        VG_TRY(S_next(r));
        if (k == VG_RF_id)
            id_mark = r->y.ev.at;
        VG_TRY(S_value(r, (vg_record_field)k, &in, &key));
    }
    if (!seen[VG_RF_id])
        return S_fail(r, start, "a card needs an 'id'");
    if (!seen[VG_RF_deck])
        return S_fail(r, start, "a card needs a 'deck'");
    vg_record *dup = vg_store_find_key(s, in.deck, key);
    if (dup)
        return S_fail(r, id_mark, "card %s of deck '%s' appears twice (first on line %u)", dup->id,
                      in.deck, dup->line);
    vg_record *rec = vg_store_new_record(s, in.deck, key, in.section ? in.section : "",
                                         in.front ? in.front : "");
    if (!rec || !vg_store_set_reviews(s, rec, r->revs, r->nrevs))
        return S_nomem(r);
    rec->line = start.line;
    rec->on_disk_ = true;
    rec->suspended = in.suspended;
    rec->buried_until = in.buried_until;
    rec->reset_at = in.reset_at;
    rec->tags = in.tags;
    /* The cache counts only when the state is there with the times it needs. */
    vg_sched_card c = in.sched;
    rec->state_ok = seen[VG_RF_state] &&
                    (c.state == VG_CARD_NEW || (seen[VG_RF_due] && seen[VG_RF_last_review]));
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
    if (r->y.ev.kind != VG_YAML_SEQ_START)
        return S_fail(r, r->y.ev.at, "'cards' must be a list, found %s",
                      S_event_name(r->y.ev.kind));
    return vg_yaml_items(&r->y, S_card, r);
}

static vg_status S_expect(S_reader *r, vg_yaml_kind type, const char *what)
{
    vg_status st = S_next(r);
    if (st != VG_OK)
        return st;
    if (r->y.ev.kind != type)
        return S_fail(r, r->y.ev.at, "expected %s, found %s", what, S_event_name(r->y.ev.kind));
    return VG_OK;
}

static vg_status S_document(S_reader *r)
{
    vg_store *s = r->s;
    vg_status st = S_expect(r, VG_YAML_STREAM_START, "the start of the file");
    if (st != VG_OK)
        return st;
    if ((st = S_next(r)) != VG_OK)
        return st;
    if (r->y.ev.kind == VG_YAML_STREAM_END)
        return S_fail(r, r->y.ev.at, "empty progress file: expected 'version: %d'",
                      VG_STORE_VERSION);
    if (r->y.ev.kind != VG_YAML_DOC_START)
        return S_fail(r, r->y.ev.at, "expected a document, found %s", S_event_name(r->y.ev.kind));
    if ((st = S_expect(r, VG_YAML_MAP_START, "a mapping (version, cards)")) != VG_OK)
        return st;
    vg_yaml_mark start = r->y.ev.at;
    bool has_version = false, has_sched = false, has_gen = false, has_cards = false;
    for (;;) {
        if ((st = S_next(r)) != VG_OK)
            return st;
        if (r->y.ev.kind == VG_YAML_MAP_END)
            break;
        const char *key = S_key(r, &st);
        if (!key)
            return st;
        vg_yaml_mark km = r->y.ev.at;
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
                return S_fail(r, r->y.ev.at,
                              "written by a newer vgrev (format version %lld; this vgrev "
                              "reads version %d)",
                              (long long)v, VG_STORE_VERSION);
        } else if (seen == &has_sched) {
            if ((st = S_string(r, "scheduler")) != VG_OK)
                return st;
            if (vg_store_set_scheduler(s, vg_buf_str(&r->str)) != VG_OK)
                return S_nomem(r);
        } else if (seen == &has_gen) {
            const char *t = NULL;
            size_t n = 0;
            if ((st = S_plain(r, "an integer", &t, &n)) != VG_OK)
                return st;
            if (!vg_scalar_uint64(t, n, &s->generation))
                return S_fail(r, r->y.ev.at, "'generation' must be an integer, 0 or more");
        } else if ((st = S_cards(r)) != VG_OK) {
            return st;
        }
    }
    if (!has_version)
        return S_fail(r, start, "missing 'version: %d' (is this a vgrev progress file?)",
                      VG_STORE_VERSION);
    if ((st = S_expect(r, VG_YAML_DOC_END, "the end of the document")) != VG_OK)
        return st;
    if ((st = S_next(r)) != VG_OK)
        return st;
    if (r->y.ev.kind != VG_YAML_STREAM_END)
        return S_fail(r, r->y.ev.at, "a progress file holds one document; found another");
    return VG_OK;
}

/* After an error: does the file say it has a newer format? Then that is the message to give
 * (a newer vgrev may have added keys or changed shapes). Reads top-level keys until 'version'
 * with a second reader that reports nothing. It gives up deeper than any progress file nests:
 * libyaml's scanner slows down with the nesting (each token looks at every open level), so
 * following a hostile 100k-deep file to its end would make the refusal quadratic. */
enum { S_NEWER_MAX_DEPTH = 16 };

static bool S_newer_version(const S_reader *r, int64_t *version, vg_yaml_mark *at)
{
    vg_yaml y;
    vg_yaml_opts o = r->y.o;
    o.no_tags = false;
    bool found = false;
    if (vg_yaml_init(&y, r->y.data, r->y.len, &o, NULL) != VG_OK) {
        vg_yaml_release(&y);
        return false;
    }
    int depth = 0;
    bool expect_key = true, is_version = false;
    while (!found && vg_yaml_next(&y) == VG_OK && y.ev.kind != VG_YAML_STREAM_END) {
        vg_yaml_kind t = y.ev.kind;
        if (t == VG_YAML_MAP_START || t == VG_YAML_SEQ_START) {
            if (depth == 0 && t == VG_YAML_MAP_START)
                expect_key = true;
            if (++depth > S_NEWER_MAX_DEPTH)
                break;
        } else if (t == VG_YAML_MAP_END || t == VG_YAML_SEQ_END) {
            if (--depth == 1)
                expect_key = true; /* a collection value ended: a key comes next */
        } else if (t == VG_YAML_SCALAR && depth == 1) {
            if (expect_key) {
                is_version = vg_yaml_is_word(&y, "version");
                expect_key = false;
            } else {
                found = is_version && vg_scalar_int(y.ev.text, y.ev.len, 1, INT32_MAX, version) &&
                        *version > VG_STORE_VERSION;
                *at = y.ev.at;
                expect_key = true;
            }
        } else if (depth == 1 && t != VG_YAML_SCALAR) {
            expect_key = true;
        }
    }
    vg_yaml_release(&y);
    return found;
}

vg_status vg_store_parse_yaml(vg_store *s, const char *data, size_t len, const char *name,
                              vg_error *err)
{
    S_reader r;
    memset(&r, 0, sizeof r);
    r.s = s;
    vg_yaml_opts o = {.file = name,
                      .doc = "a progress file",
                      .syntax = "not valid YAML",
                      .badchar = "not valid YAML",
                      .no_tags = true,
                      .eof_next_line = true};
    vg_status st = vg_yaml_init(&r.y, data, len, &o, err);
    if (st == VG_OK)
        st = S_document(&r);
    int64_t v = 0;
    vg_yaml_mark at;
    if (st == VG_PARSE && S_newer_version(&r, &v, &at))
        S_fail(&r, at,
               "written by a newer vgrev (format version %lld; this vgrev reads version %d)",
               (long long)v, VG_STORE_VERSION);
    vg_yaml_release(&r.y);
    free(r.revs);
    vg_buf_release(&r.str);
    return st;
}
