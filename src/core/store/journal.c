/* The journal: every change since the snapshot, one YAML flow mapping per line, appended with
 * write() and fdatasync() before the change is acknowledged (DESIGN §5).
 *
 *   {op: begin, version: 1, generation: 7}          first line: the snapshot it follows
 *   {op: answer, deck: D, id: X, t: T, rating: 3}   (+ section, front the first time)
 *   {op: undo, deck: D, id: X, t: T, rating: 3}
 *   {op: suspend, deck: D, id: X}   {op: unsuspend, deck: D, id: X}
 *   {op: bury, deck: D, id: X, until: T}   {op: unbury, deck: D, id: X}
 *   {op: relink, deck: D, id: X, from_deck: D0, from: X0, section: S, front: F}
 *
 * Loading applies the lines over the snapshot when the begin line's generation is the
 * snapshot's: an older generation means a compaction already took the journal in (a crash
 * between the snapshot's rename and the journal's reset). A last line without its '\n' is a
 * write cut short: it is dropped with a warning. Any other line that does not parse is an
 * error with its line and column. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    OP_COUNT
} S_opkind;

static const char *const S_op_names[OP_COUNT] = {"begin",     "answer", "undo",   "suspend",
                                                 "unsuspend", "bury",   "unbury", "relink"};

enum {
    F_OP = 1 << 0,
    F_VERSION = 1 << 1,
    F_GENERATION = 1 << 2,
    F_DECK = 1 << 3,
    F_ID = 1 << 4,
    F_SECTION = 1 << 5,
    F_FRONT = 1 << 6,
    F_T = 1 << 7,
    F_RATING = 1 << 8,
    F_UNTIL = 1 << 9,
    F_FROM_DECK = 1 << 10,
    F_FROM = 1 << 11,
};

static const char *const S_keys[] = {"op",     "version", "generation", "deck",
                                     "id",     "section", "front",      "t",
                                     "rating", "until",   "from_deck",  "from"};

/* Keys each op needs, and keys it may have. */
static const unsigned S_need[OP_COUNT] = {
    [OP_BEGIN] = F_OP | F_VERSION | F_GENERATION,
    [OP_ANSWER] = F_OP | F_DECK | F_ID | F_T | F_RATING,
    [OP_UNDO] = F_OP | F_DECK | F_ID | F_T | F_RATING,
    [OP_SUSPEND] = F_OP | F_DECK | F_ID,
    [OP_UNSUSPEND] = F_OP | F_DECK | F_ID,
    [OP_BURY] = F_OP | F_DECK | F_ID | F_UNTIL,
    [OP_UNBURY] = F_OP | F_DECK | F_ID,
    [OP_RELINK] = F_OP | F_DECK | F_ID | F_FROM_DECK | F_FROM,
};
static const unsigned S_may[OP_COUNT] = {
    [OP_BEGIN] = 0,     [OP_ANSWER] = F_SECTION | F_FRONT,
    [OP_UNDO] = 0,      [OP_SUSPEND] = F_SECTION | F_FRONT,
    [OP_UNSUSPEND] = 0, [OP_BURY] = F_SECTION | F_FRONT,
    [OP_UNBURY] = 0,    [OP_RELINK] = F_SECTION | F_FRONT,
};

typedef struct S_op {
    S_opkind kind;
    unsigned has;
    int64_t version;
    uint64_t generation;
    const char *deck, *from_deck, *section, *front; /* in the line's value buffer */
    size_t deck_len, from_deck_len, section_len, front_len;
    uint64_t id, from;
    vg_time t, until;
    int rating;
} S_op;

static vg_status S_interpret(const S_line *ln, const char *name, unsigned lineno, S_op *op,
                             vg_error *err)
{
    memset(op, 0, sizeof *op);
    const char *vals = vg_buf_str(&ln->vals);
    int kind = -1;
    for (size_t i = 0; i < ln->n; i++) {
        const S_pair *p = &ln->pairs[i];
        const char *v = vals + p->voff;
        size_t vl = p->vlen;
        size_t k = 0;
        while (k < sizeof S_keys / sizeof *S_keys &&
               !(strlen(S_keys[k]) == p->klen && memcmp(S_keys[k], p->key, p->klen) == 0))
            k++;
        if (k == sizeof S_keys / sizeof *S_keys)
            return vg_error_set(err, VG_PARSE, name, lineno, p->kcol, "unknown key '%.*s'",
                                (int)p->klen, p->key);
        unsigned bit = 1u << k;
        if (op->has & bit)
            return vg_error_set(err, VG_PARSE, name, lineno, p->kcol, "duplicate key '%s'",
                                S_keys[k]);
        op->has |= bit;
        bool ok = true;
        vg_error terr;
        vg_error_clear(&terr);
        switch (bit) {
        case F_OP:
            for (int o = 0; o < OP_COUNT && kind < 0; o++)
                if (p->plain && strlen(S_op_names[o]) == vl && memcmp(S_op_names[o], v, vl) == 0)
                    kind = o;
            ok = kind >= 0;
            break;
        case F_VERSION:
            ok = p->plain && vg_scalar_int(v, vl, 1, INT32_MAX, &op->version);
            break;
        case F_GENERATION:
            ok = p->plain && vg_scalar_uint64(v, vl, &op->generation);
            break;
        case F_DECK:
        case F_FROM_DECK:
            ok = vl > 0 && !(p->plain && vg_scalar_is_null(v, vl));
            *(bit == F_DECK ? &op->deck : &op->from_deck) = v;
            *(bit == F_DECK ? &op->deck_len : &op->from_deck_len) = vl;
            break;
        case F_SECTION:
        case F_FRONT:
            ok = !(p->plain && vg_scalar_is_null(v, vl));
            *(bit == F_SECTION ? &op->section : &op->front) = v;
            *(bit == F_SECTION ? &op->section_len : &op->front_len) = vl;
            break;
        case F_ID:
        case F_FROM:
            ok = vg_store_id_key(v, vl, bit == F_ID ? &op->id : &op->from);
            break;
        case F_T:
        case F_UNTIL:
            ok = vg_scalar_time(v, vl, bit == F_T ? &op->t : &op->until, &terr);
            break;
        case F_RATING: {
            int64_t r = 0;
            ok = p->plain && vg_scalar_int(v, vl, 1, 4, &r);
            op->rating = (int)r;
            break;
        }
        }
        if (!ok) {
            static const char *const what[] = {
                "an operation (begin, answer, undo, suspend, unsuspend, bury, unbury, relink)",
                "a version number",
                "a generation number",
                "a deck name",
                "a card id (16 lower-case hexadecimal digits)",
                "a section title",
                "a front",
                "a time like 2026-01-02T03:04:05Z",
                "a rating from 1 to 4",
                "a time like 2026-01-02T03:04:05Z",
                "a deck name",
                "a card id (16 lower-case hexadecimal digits)"};
            return vg_error_set(err, VG_PARSE, name, lineno, p->vcol, "'%s' must be %s", S_keys[k],
                                what[k]);
        }
    }
    if (kind < 0)
        return vg_error_set(err, VG_PARSE, name, lineno, 1, "a journal line needs an 'op'");
    op->kind = (S_opkind)kind;
    if ((op->has & S_need[kind]) != S_need[kind]) {
        for (size_t k = 0; k < sizeof S_keys / sizeof *S_keys; k++)
            if ((S_need[kind] & (1u << k)) && !(op->has & (1u << k)))
                return vg_error_set(err, VG_PARSE, name, lineno, 1, "'%s' needs '%s'",
                                    S_op_names[kind], S_keys[k]);
    }
    unsigned extra = op->has & ~(S_need[kind] | S_may[kind]);
    if (extra) {
        for (size_t i = 0; i < ln->n; i++) {
            for (size_t k = 0; k < sizeof S_keys / sizeof *S_keys; k++)
                if ((extra & (1u << k)) && strlen(S_keys[k]) == ln->pairs[i].klen &&
                    memcmp(S_keys[k], ln->pairs[i].key, ln->pairs[i].klen) == 0)
                    return vg_error_set(err, VG_PARSE, name, lineno, ln->pairs[i].kcol,
                                        "'%s' takes no '%s'", S_op_names[kind], S_keys[k]);
        }
    }
    return VG_OK;
}

/* The record an op names, created (empty) when it is not there yet. */
static vg_record *S_record(vg_store *s, const S_op *op)
{
    const char *deck = vg_store_intern(s, op->deck, op->deck_len);
    if (!deck)
        return NULL;
    vg_record *rec = vg_store_lookup(s, deck, op->id);
    if (!rec) {
        char *sec = vg_store_strdup(s, op->section ? op->section : "", op->section_len);
        char *fr = vg_store_strdup(s, op->front ? op->front : "", op->front_len);
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
    if (op->kind == OP_RELINK) {
        const char *from_deck = vg_store_intern(s, op->from_deck, op->from_deck_len);
        const char *deck = vg_store_intern(s, op->deck, op->deck_len);
        if (!from_deck || !deck)
            return vg_error_set(err, VG_NOMEM, name, 0, 0, NULL);
        vg_record *rec = vg_store_lookup(s, from_deck, op->from);
        /* Lenient on purpose: a relink of a record that is gone, or onto one that exists,
         * changes nothing rather than refusing the whole journal. */
        if (!rec || vg_store_lookup(s, deck, op->id))
            return VG_OK;
        vg_store_rekey(s, rec, deck, op->id);
        if ((op->section || op->front) &&
            vg_store_describe(s, rec, op->section, op->front) != VG_OK)
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
        if (vg_store_insert_review(s, rec, op->t, op->rating, &oom))
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
    default:
        break;
    }
    if (oom)
        return vg_error_set(err, VG_NOMEM, name, 0, 0, NULL);
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
                                size_t *keep, uint64_t *gen, bool *has_header, vg_error *err)
{
    S_line ln;
    memset(&ln, 0, sizeof ln);
    vg_status st = VG_OK;
    size_t pos = 0;
    unsigned lineno = 1;
    bool apply = false;
    *keep = 0;
    *has_header = false;
    *gen = 0;
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
        if (!*has_header) {
            if (op.kind != OP_BEGIN) {
                st = vg_error_set(err, VG_PARSE, name, lineno, 1,
                                  "the journal must start with {op: begin, ...}");
                break;
            }
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
            *has_header = true;
            *gen = op.generation;
            if (op.generation < s->generation) {
                /* A compaction took this journal in already: nothing to apply. */
                *keep = 0;
                goto out;
            }
            if (op.generation > s->generation)
                vg_store_warn(s, name, lineno, 1,
                              "the journal follows generation %llu of the progress file, which "
                              "is at %llu: its changes were applied anyway",
                              (unsigned long long)op.generation, (unsigned long long)s->generation);
            apply = true;
        } else if (op.kind == OP_BEGIN) {
            st = vg_error_set(err, VG_PARSE, name, lineno, 1, "a second begin line");
            break;
        } else if (apply && (st = S_apply(s, &op, name, lineno, err)) != VG_OK) {
            break;
        }
        pos += n + 1;
        lineno++;
        *keep = pos;
    }
out:
    vg_buf_release(&ln.vals);
    return st;
}

/* ---- writing ---- */

/* write() + fdatasync(); on failure the file is cut back to its whole lines. */
static vg_status S_append_raw(vg_store *s, const char *data, size_t len, vg_error *err)
{
    if (!vg_write_full(s->journal_fd, data, len) || fdatasync(s->journal_fd) != 0) {
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
    return S_append_raw(s, line->data, line->len, err);
}

vg_status vg_store_journal_reset(vg_store *s, vg_error *err)
{
    s->journal_stale = true;
    if (ftruncate(s->journal_fd, 0) != 0)
        return vg_error_set(err, VG_IO, s->journal_path, 0, 0, "cannot empty the journal: %s",
                            strerror(errno));
    s->journal_bytes = 0;
    s->journal_lines = 0;
    char begin[96];
    int n = snprintf(begin, sizeof begin, "{op: begin, version: %d, generation: %llu}\n",
                     VG_STORE_VERSION, (unsigned long long)s->generation);
    vg_status st = S_append_raw(s, begin, (size_t)n, err);
    if (st == VG_OK)
        s->journal_stale = false;
    return st;
}
