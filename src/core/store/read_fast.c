/* The fast reader: exactly the layout store/snapshot.c produces, line by line, with no YAML
 * machinery. At the first byte it does not expect it gives up, the store is emptied, and the
 * libyaml reader (store/read_yaml.c) starts over: that one accepts any YAML spelling and gives the
 * file:line:col errors. So this reader must accept nothing the other would refuse, and must
 * decode what it accepts to the same values (both use store/fields.c; tests compare them).
 *
 * Why: libyaml's event parser is the budget for loading (DESIGN §7), and a reader that knows
 * the layout does far less work per byte than a general YAML scanner. */
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

typedef struct F {
    const char *p, *end;
    unsigned line; /* of p, 1-based */
    vg_store *s;
    vg_buf str;
    vg_review *revs;
    size_t nrevs, caprevs;
    const char *section; /* the last section copied, reused while it repeats */
    size_t section_len;
} F;

/* The current line, without its '\n'; false at the end or when the file ends without one. */
static bool S_line(F *f, const char **b, size_t *n)
{
    if (f->p >= f->end)
        return false;
    const char *nl = memchr(f->p, '\n', (size_t)(f->end - f->p));
    if (!nl)
        return false;
    *b = f->p;
    *n = (size_t)(nl - f->p);
    return true;
}

static void S_advance(F *f, size_t n)
{
    f->p += n + 1;
    f->line++;
}

/* When the current line starts with prefix, its rest in *v / *n. */
static bool S_field(F *f, const char *prefix, size_t plen, const char **v, size_t *n)
{
    const char *b;
    size_t len;
    if (!S_line(f, &b, &len) || len < plen || memcmp(b, prefix, plen) != 0)
        return false;
    *v = b + plen;
    *n = len - plen;
    return true;
}

#define FIELD(f, lit, v, n) S_field((f), (lit), sizeof(lit) - 1, (v), (n))

static void S_next_line(F *f)
{
    const char *b;
    size_t n;
    if (S_line(f, &b, &n))
        S_advance(f, n);
}

/* A string value: "quoted" as the writer quotes, or a plain token it would write plain. The
 * text goes to f->str. */
static bool S_string(F *f, const char *v, size_t n)
{
    vg_buf_clear(&f->str);
    if (n >= 2 && v[0] == '"') {
        if (v[n - 1] != '"')
            return false;
        /* The closing quote must be the last byte: no unescaped quote before it, and no
         * backslash escaping it. */
        size_t i = 1;
        while (i < n - 1) {
            if (v[i] == '\\')
                i += 2;
            else if (v[i] == '"')
                return false;
            else
                i++;
        }
        if (i != n - 1)
            return false;
        if (!vg_scalar_unquote_fast(v + 1, n - 2, &f->str))
            return false;
        if (!f->str.data)
            vg_buf_add(&f->str, "", 0);
        return !f->str.failed;
    }
    if (!vg_scalar_plain_fast(v, n))
        return false;
    vg_buf_add(&f->str, v, n);
    return !f->str.failed;
}

static bool S_int_field(F *f, const char *prefix, size_t plen, int64_t lo, int64_t hi, int32_t *out)
{
    const char *v;
    size_t n;
    int64_t x;
    if (!S_field(f, prefix, plen, &v, &n) || !vg_scalar_int(v, n, lo, hi, &x))
        return false;
    *out = (int32_t)x;
    S_advance(f, plen + n);
    return true;
}

#define INT_FIELD(f, lit, out) S_int_field((f), (lit), sizeof(lit) - 1, 0, INT32_MAX, (out))

static bool S_double_field(F *f, const char *prefix, size_t plen, double *out)
{
    const char *v;
    size_t n;
    if (!S_field(f, prefix, plen, &v, &n) || !vg_scalar_double(v, n, out) ||
        !(*out >= 0 && *out < 1e300))
        return false;
    S_advance(f, plen + n);
    return true;
}

static bool S_time_field(F *f, const char *prefix, size_t plen, vg_time *out)
{
    const char *v;
    size_t n;
    if (!S_field(f, prefix, plen, &v, &n) || !vg_scalar_time_canonical(v, n, out))
        return false;
    S_advance(f, plen + n);
    return true;
}

static bool S_push_review(F *f, vg_time t, int32_t rating)
{
    if (!VG_GROW(f->revs, f->caprevs, f->nrevs + 1))
        return false;
    f->revs[f->nrevs].t = t;
    f->revs[f->nrevs].rating = rating;
    f->nrevs++;
    return true;
}

/* "  - {t: 2026-01-02T03:04:05Z, rating: 3}" */
static bool S_review_line(F *f, bool *oom)
{
    const char *v;
    size_t n;
    static const char pre[] = "  - {t: ";
    static const char mid[] = ", rating: ";
    enum { TLEN = 20 };
    if (!FIELD(f, pre, &v, &n))
        return false;
    if (n != TLEN + sizeof mid - 1 + 2 || memcmp(v + TLEN, mid, sizeof mid - 1) != 0 ||
        v[n - 1] != '}')
        return false;
    vg_time t;
    char r = v[n - 2];
    if (r < '1' || r > '4' || !vg_scalar_time_canonical(v, TLEN, &t))
        return false;
    if (!S_push_review(f, t, r - '0')) {
        *oom = true;
        return false;
    }
    S_advance(f, sizeof pre - 1 + n);
    return true;
}

/* Whether a quoted or plain id the writer wrote; *key gets its value. */
static bool S_id(const char *v, size_t n, uint64_t *key)
{
    if (n == VG_CARD_ID_LEN + 2 && v[0] == '"' && v[n - 1] == '"')
        return vg_store_id_key(v + 1, VG_CARD_ID_LEN, key);
    /* Plain: it must not read as a number (the writer quotes those), or libyaml's reader,
     * which takes any plain scalar as text, would still agree: the text is the same. */
    return vg_store_id_key(v, n, key);
}

/* One card; false to give up (*oom when out of memory). */
static bool S_card(F *f, bool *oom)
{
    vg_store *s = f->s;
    const char *v;
    size_t n;
    unsigned line = f->line;
    uint64_t key;
    if (!FIELD(f, "- id: ", &v, &n) || !S_id(v, n, &key))
        return false;
    S_advance(f, 6 + n);

    if (!FIELD(f, "  deck: ", &v, &n) || !S_string(f, v, n) || f->str.len == 0)
        return false;
    const char *deck = vg_store_intern(s, f->str.data, f->str.len);
    if (!deck)
        return *oom = true, false;
    S_advance(f, 8 + n);

    if (!FIELD(f, "  section: ", &v, &n) || !S_string(f, v, n))
        return false;
    if (!f->section || f->section_len != f->str.len ||
        memcmp(f->section, f->str.data, f->str.len) != 0) {
        char *c = vg_store_strdup(s, f->str.data, f->str.len);
        if (!c)
            return *oom = true, false;
        f->section = c;
        f->section_len = f->str.len;
    }
    const char *section = f->section;
    S_advance(f, 11 + n);

    if (!FIELD(f, "  front: ", &v, &n) || !S_string(f, v, n))
        return false;
    char *front = vg_store_strdup(s, f->str.data, f->str.len);
    if (!front)
        return *oom = true, false;
    S_advance(f, 9 + n);

    vg_sched_card c;
    memset(&c, 0, sizeof c);
    bool state_ok = false;
    if (FIELD(f, "  state: ", &v, &n)) {
        if (!vg_scalar_state(v, n, &c.state))
            return false;
        S_advance(f, 9 + n);
        state_ok = true;
        if (c.state != VG_CARD_NEW) {
            if (!S_time_field(f, "  due: ", 7, &c.due) ||
                !S_time_field(f, "  last_review: ", 15, &c.last_review) ||
                !S_double_field(f, "  stability: ", 13, &c.stability) ||
                !S_double_field(f, "  difficulty: ", 14, &c.difficulty) ||
                !INT_FIELD(f, "  scheduled_days: ", &c.scheduled_days) ||
                !INT_FIELD(f, "  elapsed_days: ", &c.elapsed_days) ||
                !INT_FIELD(f, "  reps: ", &c.reps) || !INT_FIELD(f, "  lapses: ", &c.lapses) ||
                !INT_FIELD(f, "  step: ", &c.step))
                return false;
            if (FIELD(f, "  sm2_n: ", &v, &n) && !INT_FIELD(f, "  sm2_n: ", &c.sm2_n))
                return false;
        }
    }
    bool suspended = false;
    if (FIELD(f, "  suspended: ", &v, &n)) {
        if (n != 4 || memcmp(v, "true", 4) != 0)
            return false;
        suspended = true;
        S_advance(f, 13 + n);
    }
    vg_time buried = 0;
    if (FIELD(f, "  buried_until: ", &v, &n) && !S_time_field(f, "  buried_until: ", 16, &buried))
        return false;

    f->nrevs = 0;
    if (!FIELD(f, "  reviews:", &v, &n))
        return false;
    if (n == 3 && memcmp(v, " []", 3) == 0) {
        S_advance(f, 10 + n);
    } else if (n == 0) {
        S_advance(f, 10);
        while (S_review_line(f, oom))
            ;
        if (*oom || f->nrevs == 0)
            return false;
    } else {
        return false;
    }
    /* The card ends here: the next line starts another card, or the file ends. */
    if (f->p != f->end && !(f->end - f->p >= 2 && f->p[0] == '-' && f->p[1] == ' '))
        return false;

    if (vg_store_lookup(s, deck, key))
        return false; /* a duplicate: libyaml's reader reports it */
    vg_record *rec = vg_store_new_record(s, deck, key, section, front);
    if (!rec || !vg_store_set_reviews(s, rec, f->revs, f->nrevs))
        return *oom = true, false;
    rec->line = line;
    rec->on_disk_ = true;
    rec->suspended = suspended;
    rec->buried_until = buried;
    rec->state_ok = state_ok;
    if (state_ok) {
        if (c.state == VG_CARD_NEW)
            vg_sched_card_init(&c, rec->id, VG_CARD_ID_LEN);
        rec->sched = c;
    }
    vg_store_finish_record(rec);
    return true;
}

/* A comment line: '#' and characters libyaml accepts (printable, valid UTF-8). */
static bool S_comment_ok(const char *b, size_t n)
{
    vg_buf scratch = VG_BUF_INIT;
    /* The quoted-string checker knows libyaml's character set; quotes and backslashes are
     * fine in a comment, so test the line with them blanked out. */
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        unsigned char c = (unsigned char)b[i];
        if (c == '\t' || (c >= 0x20 && c < 0x7F))
            continue;
        if (c < 0x80) {
            ok = false;
            break;
        }
        size_t j = i;
        while (j < n && (unsigned char)b[j] >= 0x80)
            j++;
        vg_buf_clear(&scratch);
        ok = vg_scalar_unquote_fast(b + i, j - i, &scratch);
        i = j - 1;
    }
    vg_buf_release(&scratch);
    return ok;
}

static bool S_document(F *f, bool *oom)
{
    const char *b, *v;
    size_t n;
    while (S_line(f, &b, &n) && n > 0 && b[0] == '#') {
        if (!S_comment_ok(b, n))
            return false;
        S_advance(f, n);
    }
    int32_t version;
    if (!S_int_field(f, "version: ", 9, 1, INT32_MAX, &version) || version != VG_STORE_VERSION)
        return false;
    if (FIELD(f, "scheduler: ", &v, &n)) {
        if (!S_string(f, v, n))
            return false;
        if (vg_store_set_scheduler(f->s, vg_buf_str(&f->str)) != VG_OK)
            return *oom = true, false;
        S_advance(f, 11 + n);
    }
    if (!FIELD(f, "generation: ", &v, &n) || !vg_scalar_uint64(v, n, &f->s->generation))
        return false;
    S_advance(f, 12 + n);
    if (FIELD(f, "cards: []", &v, &n) && n == 0) {
        S_advance(f, 9);
        return f->p == f->end;
    }
    if (!FIELD(f, "cards:", &v, &n) || n != 0)
        return false;
    S_next_line(f);
    if (f->p == f->end)
        return false; /* "cards:" alone is a null: libyaml's reader refuses it */
    while (f->p < f->end)
        if (!S_card(f, oom))
            return false;
    return true;
}

int vg_store_parse_fast(vg_store *s, const char *data, size_t len)
{
    F f;
    memset(&f, 0, sizeof f);
    f.p = data;
    f.end = data + len;
    f.line = 1;
    f.s = s;
    bool oom = false;
    bool ok = S_document(&f, &oom);
    free(f.revs);
    vg_buf_release(&f.str);
    if (ok)
        return 1;
    vg_store_reset(s);
    return oom ? -1 : 0;
}
