/* The journal: every change since the snapshot, one YAML flow mapping per line, appended with
 * write() and fdatasync() before the change is acknowledged (DESIGN §5).
 *
 *   {op: begin, version: 1, generation: 7}          first line: the snapshot it follows
 *   {op: answer, deck: D, id: X, t: T, rating: 3, ms: 5230}   (+ section, front the first
 *                                                               time; ms when it was measured)
 *   {op: undo, deck: D, id: X, t: T, rating: 3}
 *   {op: suspend, deck: D, id: X}   {op: unsuspend, deck: D, id: X}
 *   {op: bury, deck: D, id: X, until: T}   {op: unbury, deck: D, id: X}
 *   {op: relink, deck: D, id: X, from_deck: D0, from: X0, section: S, front: F}
 *   {op: tag, deck: D, id: X, tag: leech}   {op: untag, deck: D, id: X, tag: leech}
 *
 * A begin line further down (a checkpoint, generation higher than the one above it) starts a
 * new segment: a snapshot of that generation was being written in the background from all the
 * lines above it, while answers went on below it.
 *
 * Loading applies a segment over the snapshot when its begin line's generation is at least the
 * snapshot's: an older generation means a compaction already took it in (a crash between the
 * snapshot's rename and the journal's reset, or a background snapshot that took its name).
 * A last line without its '\n' is a write cut short: it is dropped with a warning. Any other
 * line that does not parse is an error with its line and column. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/record.h"
#include "store/store_int.h"
#include "store/yaml_read.h"
#include "vgrev/file.h"

enum { MAX_PAIRS = 12 };

typedef struct S_pair {
    const char *key; /* in the line or in libyaml's event (valid while the line is parsed) */
    size_t klen;
    size_t voff, vlen; /* value text in the line's value buffer */
    bool plain;
    unsigned kcol, vcol; /* 1-based byte columns */
} S_pair;

typedef struct S_line {
    S_pair pairs[MAX_PAIRS];
    size_t n;
    vg_buf vals;              /* the decoded values, one after another */
    char keys[MAX_PAIRS][24]; /* libyaml's keys are copied here */
} S_line;

/* ---- the fast tokenizer: the spelling the writer uses ---- */

static bool S_plain_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == ':' || c == '+';
}

/* "{k: v, k: v}" with plain tokens of safe characters or strings quoted as the writer quotes. */
static bool S_tokenize_fast(const char *b, size_t n, S_line *ln)
{
    ln->n = 0;
    vg_buf_clear(&ln->vals);
    if (n < 2 || b[0] != '{' || b[n - 1] != '}')
        return false;
    size_t i = 1;
    for (;;) {
        if (ln->n == MAX_PAIRS)
            return false;
        S_pair *p = &ln->pairs[ln->n];
        size_t k0 = i;
        while (i < n && ((b[i] >= 'a' && b[i] <= 'z') || b[i] == '_'))
            i++;
        if (i == k0 || i + 2 > n || b[i] != ':' || b[i + 1] != ' ')
            return false;
        p->key = b + k0;
        p->klen = i - k0;
        p->kcol = (unsigned)k0 + 1;
        i += 2;
        p->vcol = (unsigned)i + 1;
        p->voff = ln->vals.len;
        if (i < n && b[i] == '"') {
            size_t j = i + 1;
            while (j < n && b[j] != '"')
                j += b[j] == '\\' ? 2 : 1;
            if (j >= n || !vg_scalar_unquote_fast(b + i + 1, j - i - 1, &ln->vals))
                return false;
            p->plain = false;
            i = j + 1;
        } else {
            size_t v0 = i;
            if (i < n && (b[i] == '-' || b[i] == '.' || b[i] == ':' || b[i] == '+'))
                return false; /* indicators and numbers' signs: leave them to libyaml */
            while (i < n && S_plain_char(b[i]))
                i++;
            if (i == v0 || b[i - 1] == ':')
                return false;
            vg_buf_add(&ln->vals, b + v0, i - v0);
            p->plain = true;
        }
        p->vlen = ln->vals.len - p->voff;
        vg_buf_addc(&ln->vals, '\0');
        ln->n++;
        if (i == n - 1)
            return !ln->vals.failed;
        if (i + 2 > n || b[i] != ',' || b[i + 1] != ' ')
            return false;
        i += 2;
    }
}

/* ---- libyaml, for everything else: it reads any spelling and says what is wrong ---- */

/* "{k: v, ...}" as events: a mapping of scalar keys to scalar values. */
static vg_status S_pairs_yaml(vg_yaml *y, S_line *ln)
{
    VG_TRY(vg_yaml_next(y)); /* stream start */
    VG_TRY(vg_yaml_next(y));
    if (y->ev.kind != VG_YAML_DOC_START)
        return vg_yaml_fail(y, VG_PARSE, y->ev.at, "empty journal line");
    VG_TRY(vg_yaml_next(y));
    if (y->ev.kind != VG_YAML_MAP_START)
        return vg_yaml_fail(y, VG_PARSE, y->ev.at,
                            "a journal line must be a mapping like {op: answer, ...}");
    for (;;) {
        VG_TRY(vg_yaml_next(y));
        if (y->ev.kind == VG_YAML_MAP_END)
            break;
        if (y->ev.kind != VG_YAML_SCALAR || ln->n == MAX_PAIRS || y->ev.len >= sizeof ln->keys[0])
            return vg_yaml_fail(y, VG_PARSE, y->ev.at, "%s",
                                y->ev.kind == VG_YAML_SCALAR && ln->n < MAX_PAIRS
                                    ? "unknown key"
                                    : "a journal line holds a few keys with plain values");
        S_pair *pr = &ln->pairs[ln->n];
        memcpy(ln->keys[ln->n], y->ev.text, y->ev.len + 1);
        pr->key = ln->keys[ln->n];
        pr->klen = y->ev.len;
        pr->kcol = y->ev.at.col;
        VG_TRY(vg_yaml_next(y));
        if (y->ev.kind != VG_YAML_SCALAR)
            return vg_yaml_fail(y, VG_PARSE, y->ev.at, "values in a journal line are scalars");
        ln->n++;
        pr->voff = ln->vals.len;
        vg_buf_add(&ln->vals, y->ev.text, y->ev.len);
        pr->vlen = y->ev.len;
        vg_buf_addc(&ln->vals, '\0');
        pr->plain = y->ev.style == VG_YAML_PLAIN;
        pr->vcol = y->ev.at.col;
        if (memchr(y->ev.text, 0, y->ev.len))
            return vg_yaml_fail(y, VG_PARSE, y->ev.at,
                                "no tags or NUL characters in a journal line");
    }
    VG_TRY(vg_yaml_next(y)); /* document end */
    VG_TRY(vg_yaml_next(y));
    if (y->ev.kind != VG_YAML_STREAM_END)
        return vg_yaml_fail(y, VG_PARSE, y->ev.at, "one mapping per journal line");
    return VG_OK;
}

static vg_status S_tokenize_yaml(const char *b, size_t n, S_line *ln, const char *name,
                                 unsigned lineno, vg_error *err)
{
    ln->n = 0;
    vg_buf_clear(&ln->vals);
    vg_yaml y;
    vg_yaml_opts o = {.file = name,
                      .doc = "a journal line",
                      .syntax = "not valid YAML",
                      .badchar = "not valid YAML",
                      .first_line = lineno,
                      .no_tags = true};
    vg_status st = vg_yaml_init(&y, b, n, &o, err);
    if (st == VG_OK)
        st = S_pairs_yaml(&y, ln);
    vg_yaml_release(&y);
    if (st == VG_OK && ln->vals.failed)
        st = vg_error_set(err, VG_NOMEM, name, 0, 0, NULL);
    return st;
}

/* ---- what a line means ---- */

typedef enum S_opkind {
    OP_BEGIN,
    OP_ANSWER,
    OP_UNDO,
    OP_SUSPEND,
    OP_UNSUSPEND,
    OP_BURY,
    OP_UNBURY,
    OP_RELINK,
    OP_FORGET,
    OP_TAG,
    OP_UNTAG,
    OP_COUNT
} S_opkind;

static const char *const S_op_names[OP_COUNT] = {"begin",     "answer", "undo",   "suspend",
                                                 "unsuspend", "bury",   "unbury", "relink",
                                                 "forget",    "tag",    "untag"};

/* A string value: in the line's value buffer. */
typedef struct S_str {
    const char *s; /* NULL when the line has no such key */
    size_t n;
} S_str;

typedef struct S_op {
    S_opkind kind;
    unsigned has; /* a bit per vg_journal_key */
    S_str op;
    int64_t version;
    uint64_t generation;
    S_str deck, from_deck, section, front, tag;
    uint64_t id, from;
    vg_time t, until;
    int rating;
    int32_t ms;
} S_op;

#define S_BIT(key) (1u << VG_JK_##key)

/* Keys each op needs, and keys it may have. */
static const unsigned S_need[OP_COUNT] = {
    [OP_BEGIN] = S_BIT(op) | S_BIT(version) | S_BIT(generation),
    [OP_ANSWER] = S_BIT(op) | S_BIT(deck) | S_BIT(id) | S_BIT(t) | S_BIT(rating),
    [OP_UNDO] = S_BIT(op) | S_BIT(deck) | S_BIT(id) | S_BIT(t) | S_BIT(rating),
    [OP_SUSPEND] = S_BIT(op) | S_BIT(deck) | S_BIT(id),
    [OP_UNSUSPEND] = S_BIT(op) | S_BIT(deck) | S_BIT(id),
    [OP_BURY] = S_BIT(op) | S_BIT(deck) | S_BIT(id) | S_BIT(until),
    [OP_UNBURY] = S_BIT(op) | S_BIT(deck) | S_BIT(id),
    [OP_RELINK] = S_BIT(op) | S_BIT(deck) | S_BIT(id) | S_BIT(from_deck) | S_BIT(from),
    [OP_FORGET] = S_BIT(op) | S_BIT(deck) | S_BIT(id) | S_BIT(t),
    [OP_TAG] = S_BIT(op) | S_BIT(deck) | S_BIT(id) | S_BIT(tag),
    [OP_UNTAG] = S_BIT(op) | S_BIT(deck) | S_BIT(id) | S_BIT(tag),
};
static const unsigned S_may[OP_COUNT] = {
    [OP_ANSWER] = S_BIT(section) | S_BIT(front) | S_BIT(ms),
    [OP_SUSPEND] = S_BIT(section) | S_BIT(front),
    [OP_BURY] = S_BIT(section) | S_BIT(front),
    [OP_RELINK] = S_BIT(section) | S_BIT(front),
    [OP_FORGET] = S_BIT(section) | S_BIT(front),
    [OP_TAG] = S_BIT(section) | S_BIT(front),
};

/* The keys, from store/record.h: name, kind, where the value goes, what it should be. */
static const struct {
    const char *name;
    vg_field_kind kind;
    size_t offset; /* in S_op */
    const char *what;
} S_keys[VG_JK_COUNT] = {
#define S_KEY(name, kind, member, what) {#name, VG_FK_##kind, offsetof(S_op, member), what},
    VG_JOURNAL_KEYS(S_KEY)
#undef S_KEY
};

/* Decodes v[0..vl) as key k into op; false when it is not a value of k's kind. */
static bool S_decode(const S_pair *p, size_t k, const char *v, size_t vl, S_op *op)
{
    void *m = (char *)op + S_keys[k].offset;
    vg_error terr;
    vg_error_clear(&terr);
    int64_t r = 0;
    switch (S_keys[k].kind) {
    case VG_FK_OP:
    case VG_FK_DECK:
    case VG_FK_TEXT:
        *(S_str *)m = (S_str){v, vl};
        if (S_keys[k].kind == VG_FK_OP)
            return p->plain;
        /* A deck is not empty; a null is not a string. */
        return !(p->plain && vg_scalar_is_null(v, vl)) && (S_keys[k].kind != VG_FK_DECK || vl > 0);
    case VG_FK_VERSION:
        return p->plain && vg_scalar_int(v, vl, 1, INT32_MAX, (int64_t *)m);
    case VG_FK_GENERATION:
        return p->plain && vg_scalar_uint64(v, vl, (uint64_t *)m);
    case VG_FK_ID:
        return vg_store_id_key(v, vl, (uint64_t *)m);
    case VG_FK_TIME:
        return vg_scalar_time(v, vl, (vg_time *)m, &terr);
    case VG_FK_RATING:
        if (!(p->plain && vg_scalar_int(v, vl, 1, 4, &r)))
            return false;
        *(int *)m = (int)r;
        return true;
    case VG_FK_MS:
        if (!(p->plain && vg_scalar_int(v, vl, 0, VG_MS_MAX, &r)))
            return false;
        *(int32_t *)m = (int32_t)r;
        return true;
    case VG_FK_TAG:
        *(S_str *)m = (S_str){v, vl};
        return vg_tag_ok(v, vl) && !(p->plain && vg_scalar_is_null(v, vl));
    default:
        return false;
    }
}

static vg_status S_interpret(const S_line *ln, const char *name, unsigned lineno, S_op *op,
                             vg_error *err)
{
    memset(op, 0, sizeof *op);
    const char *vals = vg_buf_str(&ln->vals);
    for (size_t i = 0; i < ln->n; i++) {
        const S_pair *p = &ln->pairs[i];
        size_t k = 0;
        while (k < VG_JK_COUNT &&
               !(strlen(S_keys[k].name) == p->klen && memcmp(S_keys[k].name, p->key, p->klen) == 0))
            k++;
        if (k == VG_JK_COUNT)
            return vg_error_set(err, VG_PARSE, name, lineno, p->kcol, "unknown key '%.*s'",
                                (int)p->klen, p->key);
        unsigned bit = 1u << k;
        if (op->has & bit)
            return vg_error_set(err, VG_PARSE, name, lineno, p->kcol, "duplicate key '%s'",
                                S_keys[k].name);
        op->has |= bit;
        bool ok = S_decode(p, k, vals + p->voff, p->vlen, op);
        if (ok && k == VG_JK_op) {
            int o = 0;
            while (o < OP_COUNT && !(strlen(S_op_names[o]) == op->op.n &&
                                     memcmp(S_op_names[o], op->op.s, op->op.n) == 0))
                o++;
            op->kind = (S_opkind)o;
            ok = o < OP_COUNT;
        }
        if (!ok)
            return vg_error_set(err, VG_PARSE, name, lineno, p->vcol, "'%s' must be %s",
                                S_keys[k].name, S_keys[k].what);
    }
    if (!(op->has & S_BIT(op)))
        return vg_error_set(err, VG_PARSE, name, lineno, 1, "a journal line needs an 'op'");
    S_opkind kind = op->kind;
    if ((op->has & S_need[kind]) != S_need[kind]) {
        for (size_t k = 0; k < VG_JK_COUNT; k++)
            if ((S_need[kind] & (1u << k)) && !(op->has & (1u << k)))
                return vg_error_set(err, VG_PARSE, name, lineno, 1, "'%s' needs '%s'",
                                    S_op_names[kind], S_keys[k].name);
    }
    unsigned extra = op->has & ~(S_need[kind] | S_may[kind]);
    if (extra) {
        for (size_t i = 0; i < ln->n; i++) {
            for (size_t k = 0; k < VG_JK_COUNT; k++)
                if ((extra & (1u << k)) && strlen(S_keys[k].name) == ln->pairs[i].klen &&
                    memcmp(S_keys[k].name, ln->pairs[i].key, ln->pairs[i].klen) == 0)
                    return vg_error_set(err, VG_PARSE, name, lineno, ln->pairs[i].kcol,
                                        "'%s' takes no '%s'", S_op_names[kind], S_keys[k].name);
        }
    }
    return VG_OK;
}

/* The record an op names, created (empty) when it is not there yet. */
static vg_record *S_record(vg_store *s, const S_op *op)
{
    const char *deck = vg_store_intern(s, op->deck.s, op->deck.n);
    if (!deck)
        return NULL;
    vg_record *rec = vg_store_find_key(s, deck, op->id);
    if (!rec) {
        char *sec = vg_store_strdup(s, op->section.s ? op->section.s : "", op->section.n);
        char *fr = vg_store_strdup(s, op->front.s ? op->front.s : "", op->front.n);
        if (!sec || !fr)
            return NULL;
        rec = vg_store_new_record(s, deck, op->id, sec, fr);
    }
    if (rec)
        rec->on_disk_ = true;
    return rec;
}

static vg_status S_apply(vg_store *s, const S_op *op, const char *name, unsigned lineno,
                         vg_error *err)
{
    s->changed = true;
    if (op->kind == OP_RELINK) {
        const char *from_deck = vg_store_intern(s, op->from_deck.s, op->from_deck.n);
        const char *deck = vg_store_intern(s, op->deck.s, op->deck.n);
        if (!from_deck || !deck)
            return vg_error_set(err, VG_NOMEM, name, 0, 0, NULL);
        vg_record *rec = vg_store_find_key(s, from_deck, op->from);
        /* Lenient on purpose: a relink of a record that is gone, or onto one that exists,
         * changes nothing rather than refusing the whole journal. */
        if (!rec || vg_store_find_key(s, deck, op->id))
            return VG_OK;
        vg_store_rekey(s, rec, deck, op->id);
        vg_store_note_unnamed(s, rec);
        if ((op->section.s || op->front.s) &&
            vg_store_describe(s, rec, op->section.s, op->front.s) != VG_OK)
            return vg_error_set(err, VG_NOMEM, name, 0, 0, NULL);
        return VG_OK;
    }
    vg_record *rec = S_record(s, op);
    if (!rec)
        return vg_error_set(err, VG_NOMEM, name, 0, 0, NULL);
    (void)lineno;
    bool oom = false;
    switch (op->kind) {
    case OP_ANSWER:
        if (vg_store_insert_review(s, rec, op->t, op->rating,
                                   (op->has & S_BIT(ms)) ? op->ms : VG_MS_NONE, &oom))
            rec->state_ok = false; /* the session replays it with the scheduler */
        break;
    case OP_UNDO:
        if (vg_store_remove_review(rec, op->t, op->rating))
            rec->state_ok = false;
        break;
    case OP_SUSPEND:
    case OP_UNSUSPEND:
        rec->suspended = op->kind == OP_SUSPEND;
        break;
    case OP_BURY:
        rec->buried_until = op->until;
        break;
    case OP_UNBURY:
        rec->buried_until = 0;
        break;
    case OP_FORGET:
        if (op->t > rec->reset_at) {
            rec->reset_at = op->t;
            rec->state_ok = false;
        }
        break;
    case OP_TAG:
    case OP_UNTAG:
        oom = vg_store_tags_change(s, rec->tags, op->tag.s, op->tag.n, op->kind == OP_TAG,
                                   &rec->tags) < 0;
        break;
    default:
        break;
    }
    if (oom)
        return vg_error_set(err, VG_NOMEM, name, 0, 0, NULL);
    vg_store_note_unnamed(s, rec);
    return VG_OK;
}

static vg_status S_parse_line(const char *b, size_t n, S_line *ln, const char *name,
                              unsigned lineno, S_op *op, vg_error *err)
{
    if (!S_tokenize_fast(b, n, ln)) {
        vg_status st = S_tokenize_yaml(b, n, ln, name, lineno, err);
        if (st != VG_OK)
            return st;
    }
    return S_interpret(ln, name, lineno, op, err);
}

vg_status vg_store_journal_load(vg_store *s, const char *data, size_t len, const char *name,
                                vg_journal_info *info, vg_error *err)
{
    S_line ln;
    memset(&ln, 0, sizeof ln);
    vg_status st = VG_OK;
    size_t pos = 0;
    unsigned lineno = 1;
    bool apply = false;
    memset(info, 0, sizeof *info);
    while (pos < len) {
        const char *b = data + pos;
        const char *nl = memchr(b, '\n', len - pos);
        if (!nl || memchr(b, '\0', (size_t)((nl ? nl : data + len) - b))) {
            /* A last line cut short by a crash (or left as zeros by the file system). */
            if (!nl || (size_t)(nl - data) + 1 == len) {
                vg_store_warn(s, name, lineno, 1,
                              "dropped an incomplete last line (a write cut short)");
                break;
            }
            st = vg_error_set(err, VG_PARSE, name, lineno, 1, "NUL bytes in the journal");
            break;
        }
        size_t n = (size_t)(nl - b);
        S_op op;
        if ((st = S_parse_line(b, n, &ln, name, lineno, &op, err)) != VG_OK)
            break;
        if (!info->header && op.kind != OP_BEGIN) {
            st = vg_error_set(err, VG_PARSE, name, lineno, 1,
                              "the journal must start with {op: begin, ...}");
            break;
        }
        if (op.kind == OP_BEGIN) {
            if (op.version > VG_STORE_VERSION) {
                unsigned col = 1;
                for (size_t i = 0; i < ln.n; i++)
                    if (ln.pairs[i].klen == 7 && memcmp(ln.pairs[i].key, "version", 7) == 0)
                        col = ln.pairs[i].vcol;
                st = vg_error_set(err, VG_PARSE, name, lineno, col,
                                  "written by a newer vgrev (journal version %lld; this vgrev "
                                  "reads version %d)",
                                  (long long)op.version, VG_STORE_VERSION);
                break;
            }
            /* A begin line further down is a checkpoint: a snapshot of that generation was
             * being written in the background from everything above it. */
            if (info->header && op.generation <= info->gen) {
                st = vg_error_set(err, VG_PARSE, name, lineno, 1,
                                  "a begin line must move the generation on (%llu after %llu)",
                                  (unsigned long long)op.generation, (unsigned long long)info->gen);
                break;
            }
            if (!info->header) {
                info->first_gen = op.generation;
                if (op.generation > s->generation)
                    vg_store_warn(s, name, lineno, 1,
                                  "the journal follows generation %llu of the progress file, "
                                  "which is at %llu: its changes were applied anyway",
                                  (unsigned long long)op.generation,
                                  (unsigned long long)s->generation);
            }
            info->header = true;
            info->gen = op.generation;
            info->live = pos;
            /* A lower generation: the snapshot already holds what follows, up to the next
             * checkpoint. */
            apply = op.generation >= s->generation;
        } else if (apply && (st = S_apply(s, &op, name, lineno, err)) != VG_OK) {
            break;
        }
        pos += n + 1;
        lineno++;
        info->keep = pos;
    }
    vg_buf_release(&ln.vals);
    return st;
}

/* ---- writing ---- */

/* write() + fdatasync() (unless !sync); on failure the file is cut back to its whole lines. */
static vg_status S_append_raw(vg_store *s, const char *data, size_t len, bool sync, vg_error *err)
{
    if (!vg_write_full(s->journal_fd, data, len) || (sync && fdatasync(s->journal_fd) != 0)) {
        int e = errno;
        if (ftruncate(s->journal_fd, (off_t)s->journal_bytes) != 0) {
            /* Nothing better to do: the next load drops a torn last line. */
        }
        return vg_error_set(err, VG_IO, s->journal_path, 0, 0, "cannot save the change: %s",
                            strerror(e));
    }
    s->journal_bytes += len;
    s->journal_lines++;
    return VG_OK;
}

vg_status vg_store_journal_append(vg_store *s, const vg_buf *line, vg_error *err)
{
    if (line->failed)
        return vg_error_set(err, VG_NOMEM, s->journal_path, 0, 0, NULL);
    if (s->journal_stale) {
        vg_status st = vg_store_journal_reset(s, err);
        if (st != VG_OK)
            return st;
    }
    vg_status st = S_append_raw(s, line->data, line->len, true, err);
    if (st == VG_OK)
        s->changed = true;
    return st;
}

/* Appends {op: begin, version: V, generation: gen}. */
static vg_status S_begin_line(vg_store *s, uint64_t gen, bool sync, vg_error *err)
{
    vg_buf line = VG_BUF_INIT;
    int64_t version = VG_STORE_VERSION;
    vg_journal_put(&line, VG_JK_op, "begin");
    vg_journal_put(&line, VG_JK_version, &version);
    vg_journal_put(&line, VG_JK_generation, &gen);
    vg_buf_adds(&line, "}\n");
    if (line.failed) {
        vg_buf_release(&line);
        return vg_error_set(err, VG_NOMEM, s->journal_path, 0, 0, NULL);
    }
    size_t at = s->journal_bytes;
    vg_status st = S_append_raw(s, line.data, line.len, sync, err);
    vg_buf_release(&line);
    if (st == VG_OK)
        s->journal_live = at;
    return st;
}

vg_status vg_store_journal_reset(vg_store *s, vg_error *err)
{
    s->journal_stale = true;
    if (ftruncate(s->journal_fd, 0) != 0)
        return vg_error_set(err, VG_IO, s->journal_path, 0, 0, "cannot empty the journal: %s",
                            strerror(errno));
    s->journal_bytes = 0;
    s->journal_lines = 0;
    vg_status st = S_begin_line(s, s->generation, true, err);
    if (st == VG_OK)
        s->journal_stale = false;
    return st;
}

vg_status vg_store_journal_checkpoint(vg_store *s, uint64_t gen, vg_error *err)
{
    return S_begin_line(s, gen, false, err);
}
