/* The fast reader: exactly the layout store/snapshot.c produces, line by line, with no YAML
 * machinery. At the first byte it does not expect it gives up, the store is emptied, and the
 * libyaml reader (store/read_yaml.c) starts over: that one accepts any YAML spelling and gives the
 * file:line:col errors. So this reader must accept nothing the other would refuse, and must
 * decode what it accepts to the same values (both use store/fields.c; tests compare them).
 *
 * Why: libyaml's event parser is the budget for loading (DESIGN §7), and a reader that knows
 * the layout does far less work per byte than a general YAML scanner. */
#include <errno.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/record.h"
#include "store/store_int.h"

typedef struct F {
    const char *p, *end;
    unsigned line; /* of p, 1-based */
    vg_store *s;
    vg_buf str;
    vg_review *revs;
    size_t nrevs, caprevs;
    const char *text[VG_RF_COUNT]; /* each text field's last copy, reused while it repeats */
    size_t text_len[VG_RF_COUNT];
    bool eof; /* end is the file's end; else a chunk's, where a line starting a card follows */
    /* Merging (vg_store_read_fast_fd): the cards go into merge->dst, not into s; each text
     * field's value is kept in texts until its card is merged; the last card's deck and key
     * check the order. */
    vg_merge_ctx *merge;
    vg_buf texts[VG_RF_COUNT];
    const char *last_deck;
    uint64_t last_key;
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

static bool S_push_review(F *f, vg_time t, int32_t rating, int32_t ms)
{
    if (!VG_GROW(f->revs, f->caprevs, f->nrevs + 1))
        return false;
    f->revs[f->nrevs] = (vg_review){t, rating, ms};
    f->nrevs++;
    return true;
}

/* The answer time as the writer spells it (no sign, no leading zero), or false. */
static bool S_ms(const char *v, size_t n, int32_t *ms)
{
    if (n == 0 || n > 5 || (n > 1 && v[0] == '0'))
        return false;
    int32_t x = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            return false;
        x = x * 10 + (v[i] - '0');
    }
    *ms = x;
    return x <= VG_MS_MAX;
}

/* "  - {t: 2026-01-02T03:04:05Z, rating: 3}", or with ", ms: 5230" before the brace */
static bool S_review_line(F *f, bool *oom)
{
    const char *v;
    size_t n;
    static const char pre[] = "  - {t: ";
    static const char mid[] = ", rating: ";
    static const char msk[] = ", ms: ";
    enum { TLEN = 20, RLEN = TLEN + sizeof mid - 1 + 1 };
    if (!FIELD(f, pre, &v, &n))
        return false;
    if (n < RLEN + 1 || memcmp(v + TLEN, mid, sizeof mid - 1) != 0 || v[n - 1] != '}')
        return false;
    int32_t ms = VG_MS_NONE;
    if (n != RLEN + 1 && (n < RLEN + sizeof msk || memcmp(v + RLEN, msk, sizeof msk - 1) != 0 ||
                          !S_ms(v + RLEN + sizeof msk - 1, n - 1 - (RLEN + sizeof msk - 1), &ms)))
        return false;
    vg_time t;
    char r = v[RLEN - 1];
    if (r < '1' || r > '4' || !vg_scalar_time_canonical(v, TLEN, &t))
        return false;
    if (!S_push_review(f, t, r - '0', ms)) {
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

/* A string field's text as an arena copy; a text equal to the field's last one (the section
 * of the cards before) shares its copy. */
static const char *S_text_copy(F *f, vg_record_field k)
{
    if (f->merge) { /* merge copies what it keeps: no copy here, the buffers swap */
        vg_buf t = f->texts[k];
        f->texts[k] = f->str;
        f->str = t;
        return vg_buf_str(&f->texts[k]);
    }
    if (!f->text[k] || f->text_len[k] != f->str.len ||
        memcmp(f->text[k], f->str.data, f->str.len) != 0) {
        char *c = vg_store_strdup(f->s, f->str.data, f->str.len);
        if (!c)
            return NULL;
        f->text[k] = c;
        f->text_len[k] = f->str.len;
    }
    return f->text[k];
}

/* The value v[0..n) of field k into in (the id into *key); false to give up (*oom). */
static bool S_value(F *f, vg_record_field k, const char *v, size_t n, vg_record *in, uint64_t *key,
                    bool *oom)
{
    const vg_field_info *fi = &vg_record_fields[k];
    void *m = VG_FIELD_PTR(in, fi);
    int64_t x;
    switch (fi->kind) {
    case VG_FK_ID:
        return S_id(v, n, key);
    case VG_FK_DECK:
        if (!S_string(f, v, n) || f->str.len == 0)
            return false;
        if (!(*(const char **)m = vg_store_intern(f->s, f->str.data, f->str.len)))
            return *oom = true, false;
        return true;
    case VG_FK_TEXT:
        if (!S_string(f, v, n))
            return false;
        if (!(*(const char **)m = S_text_copy(f, k)))
            return *oom = true, false;
        return true;
    case VG_FK_STATE:
        return vg_scalar_state(v, n, (vg_card_state *)m);
    case VG_FK_TIME:
        return vg_scalar_time_canonical(v, n, (vg_time *)m);
    case VG_FK_NUMBER:
        return vg_scalar_double(v, n, (double *)m) && *(double *)m >= 0 && *(double *)m < 1e300;
    case VG_FK_COUNT:
        if (!vg_scalar_int(v, n, 0, INT32_MAX, &x))
            return false;
        *(int32_t *)m = (int32_t)x;
        return true;
    case VG_FK_TAGS: {
        if (!S_string(f, v, n))
            return false;
        int rc = vg_store_tags(f->s, f->str.data, f->str.len, (const char **)m);
        return rc < 0 ? (*oom = true, false) : rc > 0 && *(const char **)m;
    }
    case VG_FK_FLAG: /* the writer writes only true */
        return (*(bool *)m = n == 4 && memcmp(v, "true", 4) == 0);
    default: /* the reviews, and the journal's own kinds */
        break;
    }
    return false;
}

/* "  reviews: []", or "  reviews:" and one review a line. */
static bool S_reviews(F *f, bool *oom)
{
    const char *v;
    size_t n;
    f->nrevs = 0;
    if (!FIELD(f, "  reviews:", &v, &n))
        return false;
    if (n == 3 && memcmp(v, " []", 3) == 0) {
        S_advance(f, 10 + n);
        return true;
    }
    if (n != 0)
        return false;
    S_advance(f, 10);
    while (S_review_line(f, oom))
        ;
    return !*oom && f->nrevs > 0;
}

static void S_id_text(char *id, uint64_t key)
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < VG_CARD_ID_LEN; i++)
        id[i] = hex[(key >> (4 * (VG_CARD_ID_LEN - 1 - i))) & 15];
    id[VG_CARD_ID_LEN] = '\0';
}

/* A card read while merging, in into f->merge->dst; false to give up (*oom when out of
 * memory). in holds the fields S_card read. */
static bool S_merge_card(F *f, vg_record *in, uint64_t key, bool state_ok, bool *oom)
{
    if (f->last_deck) {
        int c = in->deck == f->last_deck ? 0 : strcmp(in->deck, f->last_deck);
        if (c < 0 || (c == 0 && key <= f->last_key))
            return false; /* out of the writer's order, or a duplicate: the full reader decides */
    }
    f->last_deck = in->deck;
    f->last_key = key;
    in->key_ = key;
    S_id_text(in->id, key);
    in->reviews = f->revs;
    in->nreviews = f->nrevs;
    in->state_ok = state_ok;
    if (state_ok && in->sched.state == VG_CARD_NEW)
        vg_sched_card_init(&in->sched, in->id, VG_CARD_ID_LEN);
    vg_store_finish_record(in); /* sorts f->revs in place, as the store's copy would be */
    if (!vg_merge_record(f->merge, in))
        return *oom = true, false;
    return true;
}

/* One card: the fields of store/record.h in their order, each where the writer puts it;
 * false to give up (*oom when out of memory). */
static bool S_card(F *f, bool *oom)
{
    vg_store *s = f->s;
    unsigned line = f->line;
    uint64_t key = 0;
    vg_record in;
    memset(&in, 0, sizeof in);
    bool state_ok = false;
    for (int k = 0; k < VG_RF_COUNT; k++) {
        const vg_field_info *fi = &vg_record_fields[k];
        if (fi->kind == VG_FK_REVIEWS) {
            if (!S_reviews(f, oom))
                return false;
            continue;
        }
        bool cached = state_ok && in.sched.state != VG_CARD_NEW;
        if ((fi->when == VG_FW_CACHE || fi->when == VG_FW_CACHE_NONZERO) && !cached)
            continue; /* not written: a line for it is refused below, as unexpected */
        const char *v;
        size_t n;
        bool there =
            k == 0 ? S_field(f, "- id: ", 6, &v, &n) : S_field(f, fi->line, fi->line_len, &v, &n);
        if (!there) {
            if (fi->when == VG_FW_ALWAYS || fi->when == VG_FW_CACHE)
                return false;
            continue;
        }
        if (!S_value(f, (vg_record_field)k, v, n, &in, &key, oom))
            return false;
        if (k == 0 && !f->merge) /* its index slot, a miss at random, loads while we parse */
            vg_store_prefetch(s, key, false);
        if (fi->kind == VG_FK_STATE)
            state_ok = true;
        S_advance(f, (k == 0 ? 6 : fi->line_len) + n);
    }
    /* The card ends here: the next line starts another card, or the file ends. */
    if (f->p != f->end && !(f->end - f->p >= 2 && f->p[0] == '-' && f->p[1] == ' '))
        return false;
    if (f->merge)
        return S_merge_card(f, &in, key, state_ok, oom);

    if (vg_store_find_key(s, in.deck, key))
        return false; /* a duplicate: libyaml's reader reports it */
    vg_record *rec = vg_store_new_record(s, in.deck, key, in.section, in.front);
    if (!rec || !vg_store_set_reviews(s, rec, f->revs, f->nrevs))
        return *oom = true, false;
    rec->line = line;
    rec->on_disk_ = true;
    rec->suspended = in.suspended;
    rec->buried_until = in.buried_until;
    rec->reset_at = in.reset_at;
    rec->tags = in.tags;
    rec->state_ok = state_ok;
    if (state_ok) {
        if (in.sched.state == VG_CARD_NEW)
            vg_sched_card_init(&in.sched, rec->id, VG_CARD_ID_LEN);
        rec->sched = in.sched;
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

/* The lines before the cards; *empty: "cards: []", the document ends there. */
static bool S_header(F *f, bool *oom, bool *empty)
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
        *empty = true;
        return f->p == f->end && f->eof;
    }
    if (!FIELD(f, "cards:", &v, &n) || n != 0)
        return false;
    S_next_line(f);
    /* "cards:" alone is a null: libyaml's reader refuses it */
    return f->p != f->end || !f->eof;
}

static bool S_cards(F *f, bool *oom)
{
    while (f->p < f->end)
        if (!S_card(f, oom))
            return false;
    return true;
}

static void S_release(F *f)
{
    free(f->revs);
    vg_buf_release(&f->str);
    for (int k = 0; k < VG_RF_COUNT; k++)
        vg_buf_release(&f->texts[k]);
}

int vg_store_parse_fast(vg_store *s, const char *data, size_t len)
{
    F f;
    memset(&f, 0, sizeof f);
    f.p = data;
    f.end = data + len;
    f.line = 1;
    f.s = s;
    f.eof = true;
    bool oom = false, empty = false;
    bool ok = S_header(&f, &oom, &empty) && (empty || S_cards(&f, &oom));
    S_release(&f);
    if (ok)
        return 1;
    vg_store_reset(s);
    return oom ? -1 : 0;
}

enum { S_CHUNK = 1 << 20 };

/* Where the whole cards of buf[0..n) end: at the start of its last line that starts a card
 * ("- "); 0 when there is none but the first line. */
static size_t S_whole(const char *buf, size_t n)
{
    for (size_t i = n >= 2 ? n - 2 : 0; i > 0; i--)
        if (buf[i] == '-' && buf[i + 1] == ' ' && buf[i - 1] == '\n')
            return i;
    return 0;
}

/* Fills buf[*have..cap) from fd, up to the end of the file (*eof); false on a read error. */
static bool S_fill(int fd, char *buf, size_t cap, size_t *have, bool *eof)
{
    while (!*eof && *have < cap) {
        ssize_t n = read(fd, buf + *have, cap - *have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        *eof = n == 0;
        *have += (size_t)n;
    }
    return true;
}

int vg_store_read_fast_fd(vg_store *s, int fd, vg_merge_ctx *m)
{
    locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = c_locale ? uselocale(c_locale) : (locale_t)0;
    F f;
    memset(&f, 0, sizeof f);
    f.line = 1;
    f.s = s;
    f.merge = m;
    /* Room for the file's records at once (about 500 bytes each with a few reviews): the
     * index is not rehashed as it fills; an estimate off either way costs little. */
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > S_CHUNK)
        (void)vg_store_reserve(s, (size_t)st.st_size / 512);
    size_t cap = S_CHUNK, have = 0;
    char *buf = malloc(cap);
    int rc = buf ? 1 : -1, e = 0;
    bool oom = false, header = false, empty = false;
    while (rc == 1) {
        if (!S_fill(fd, buf, cap, &have, &f.eof)) {
            e = errno;
            rc = -2;
            break;
        }
        /* The cards in the buffer up to the last one, which may go on in the next chunk. */
        size_t whole = f.eof ? have : S_whole(buf, have);
        if (whole == 0) { /* a card or a header longer than the buffer */
            char *bigger = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
            if (!bigger) {
                rc = -1;
                break;
            }
            buf = bigger;
            cap *= 2;
            continue;
        }
        f.p = buf;
        f.end = buf + whole;
        bool ok = true;
        if (!header) {
            ok = header = S_header(&f, &oom, &empty);
            if (ok && m)
                vg_merge_begin(m, m->dst, s->scheduler);
        }
        if (ok && !empty)
            ok = S_cards(&f, &oom);
        if (!ok) {
            rc = oom ? -1 : 0;
            break;
        }
        if (f.eof)
            break;
        memmove(buf, buf + whole, have - whole);
        have -= whole;
    }
    free(buf);
    S_release(&f);
    if (rc != 1)
        vg_store_reset(s);
    if (c_locale) {
        uselocale(old);
        freelocale(c_locale);
    }
    errno = e;
    return rc;
}
