/* Scalars of the progress file: what a field's text means, and how the writer writes it.
 *
 * Both readers (the fast one and libyaml's) decode a field's text with these functions, so
 * they agree on every value. Types follow YAML 1.2's core schema
 * (https://yaml.org/spec/1.2.2/#1032-tag-resolution), restricted: integers are decimal only.
 * Numbers are read and written in the C locale (callers switch with uselocale), so a user's
 * LC_NUMERIC cannot turn "1.5" into "1,5". */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/record.h"
#include "store/store_int.h"
#include "vgrev/utf8.h"

static bool S_digit(char c)
{
    return c >= '0' && c <= '9';
}

bool vg_scalar_int(const char *s, size_t len, int64_t lo, int64_t hi, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    if (i == len || len - i > 18) /* 18 digits cannot overflow int64 */
        return false;
    int64_t v = 0;
    for (; i < len; i++) {
        if (!S_digit(s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    if (neg)
        v = -v;
    if (v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

bool vg_scalar_uint64(const char *s, size_t len, uint64_t *out)
{
    if (len == 0 || len > 19) /* 19 digits cannot overflow uint64 */
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (!S_digit(s[i]))
            return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return true;
}

static bool S_is(const char *s, size_t len, const char *word)
{
    return strlen(word) == len && memcmp(s, word, len) == 0;
}

bool vg_scalar_double(const char *s, size_t len, double *out)
{
    const char *p = s;
    size_t n = len;
    bool neg = false;
    if (n && (*p == '-' || *p == '+')) {
        neg = *p == '-';
        p++;
        n--;
    }
    if (S_is(p, n, ".inf") || S_is(p, n, ".Inf") || S_is(p, n, ".INF")) {
        *out = neg ? -INFINITY : INFINITY;
        return true;
    }
    if (S_is(s, len, ".nan") || S_is(s, len, ".NaN") || S_is(s, len, ".NAN")) {
        *out = NAN;
        return true;
    }
    /* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
    size_t i = 0, digits = 0;
    while (i < n && S_digit(p[i]))
        i++, digits++;
    if (i < n && p[i] == '.') {
        i++;
        size_t frac = 0;
        while (i < n && S_digit(p[i]))
            i++, frac++;
        if (!digits && !frac)
            return false;
    } else if (!digits) {
        return false;
    }
    if (i < n && (p[i] == 'e' || p[i] == 'E')) {
        i++;
        if (i < n && (p[i] == '-' || p[i] == '+'))
            i++;
        size_t e = 0;
        while (i < n && S_digit(p[i]))
            i++, e++;
        if (!e)
            return false;
    }
    if (i != n || len >= 64)
        return false;
    char buf[64];
    memcpy(buf, s, len);
    buf[len] = '\0';
    *out = strtod(buf, NULL);
    return true;
}

bool vg_scalar_bool(const char *s, size_t len, bool *out)
{
    if (S_is(s, len, "true") || S_is(s, len, "True") || S_is(s, len, "TRUE")) {
        *out = true;
        return true;
    }
    if (S_is(s, len, "false") || S_is(s, len, "False") || S_is(s, len, "FALSE")) {
        *out = false;
        return true;
    }
    return false;
}

bool vg_scalar_is_null(const char *s, size_t len)
{
    return len == 0 || S_is(s, len, "~") || S_is(s, len, "null") || S_is(s, len, "Null") ||
           S_is(s, len, "NULL");
}

bool vg_scalar_time(const char *s, size_t len, vg_time *out, vg_error *err)
{
    /* vg_time_parse takes four-digit years only, which is the range the writer writes. */
    return vg_time_parse(s, len, out, err) == VG_OK;
}

bool vg_scalar_time_canonical(const char *s, size_t len, vg_time *out)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    if (len != sizeof shape - 1)
        return false;
    for (size_t i = 0; i < len; i++)
        if (shape[i] == 'd' ? !S_digit(s[i]) : s[i] != shape[i])
            return false;
    return vg_time_parse(s, len, out, NULL) == VG_OK;
}

bool vg_scalar_state(const char *s, size_t len, vg_card_state *out)
{
    static const vg_card_state all[] = {VG_CARD_NEW, VG_CARD_LEARNING, VG_CARD_REVIEW,
                                        VG_CARD_RELEARNING};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        if (S_is(s, len, vg_card_state_name(all[i]))) {
            *out = all[i];
            return true;
        }
    }
    return false;
}

/* ---- writing ---- */

/* Words a YAML 1.1 or 1.2 reader would take for a null or a boolean. */
static bool S_special_word(const char *s, size_t len)
{
    static const char *const words[] = {"null", "true", "false", "yes", "no",
                                        "on",   "off",  "y",     "n"};
    if (len > 5)
        return false;
    char low[6];
    for (size_t i = 0; i < len; i++)
        low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    low[len] = '\0';
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(low, words[i]) == 0)
            return true;
    return false;
}

bool vg_store_plain_ok(const char *s, size_t len)
{
    /* Deliberately narrow: a letter or '_' first (so no number, no indicator), then letters,
     * digits, '_', '-' and '.'; nothing any YAML reader would resolve to another type. */
    if (len == 0 || len > 200)
        return false;
    char c = s[0];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'))
        return false;
    for (size_t i = 1; i < len; i++) {
        c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || S_digit(c) || c == '_' ||
              c == '-' || c == '.'))
            return false;
    }
    return !S_special_word(s, len);
}

bool vg_scalar_plain_fast(const char *s, size_t len)
{
    return vg_store_plain_ok(s, len);
}

void vg_emit_string(vg_buf *b, const char *s, size_t len)
{
    if (vg_store_plain_ok(s, len))
        vg_buf_add(b, s, len);
    else
        vg_emit_quoted(b, s, len);
}

static const char S_hex[] = "0123456789ABCDEF";

static void S_escape_u(vg_buf *b, uint32_t cp)
{
    char e[6] = {'\\',          'u', S_hex[cp >> 12 & 15], S_hex[cp >> 8 & 15], S_hex[cp >> 4 & 15],
                 S_hex[cp & 15]};
    vg_buf_add(b, e, sizeof e);
}

/* The escape for one character at s[0..len) (non-empty) when it cannot be written as it is;
 * *n gets its byte length. Returns false for a character written literally. */
static bool S_needs_escape(const char *s, size_t len, size_t *n, uint32_t *cp)
{
    unsigned char c = (unsigned char)s[0];
    *n = 1;
    *cp = c;
    if (c < 0x80)
        return c < 0x20 || c == 0x7F || c == '"' || c == '\\';
    size_t w = len < 4 ? len : 4;
    if (vg_utf8_check(s, w) == 0) {
        *cp = 0xFFFD; /* not UTF-8: cannot be written as it is */
        return true;
    }
    *n = vg_utf8_decode(s, len, cp);
    /* C1 controls (libyaml refuses them), the separators libyaml folds as line breaks, the BOM
     * and the non-characters. */
    return *cp <= 0x9F || *cp == 0x2028 || *cp == 0x2029 || *cp == 0xFEFF || *cp == 0xFFFE ||
           *cp == 0xFFFF;
}

void vg_emit_quoted(vg_buf *b, const char *s, size_t len)
{
    vg_buf_addc(b, '"');
    size_t i = 0, run = 0; /* s[run..i) is literal and not yet added */
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
            i++;
            continue;
        }
        size_t n;
        uint32_t cp;
        if (!S_needs_escape(s + i, len - i, &n, &cp)) {
            i += n;
            continue;
        }
        vg_buf_add(b, s + run, i - run);
        if (cp == '"' || cp == '\\') {
            char e[2] = {'\\', (char)cp};
            vg_buf_add(b, e, 2);
        } else if (cp == '\n') {
            vg_buf_adds(b, "\\n");
        } else if (cp == '\t') {
            vg_buf_adds(b, "\\t");
        } else if (cp == '\r') {
            vg_buf_adds(b, "\\r");
        } else if (cp == 0x2028) {
            vg_buf_adds(b, "\\L");
        } else if (cp == 0x2029) {
            vg_buf_adds(b, "\\P");
        } else if (cp <= 0xFF) {
            char e[4] = {'\\', 'x', S_hex[cp >> 4], S_hex[cp & 15]};
            vg_buf_add(b, e, 4);
        } else {
            S_escape_u(b, cp);
        }
        i += n;
        run = i;
    }
    vg_buf_add(b, s + run, i - run);
    vg_buf_addc(b, '"');
}

void vg_emit_double(vg_buf *b, double v)
{
    if (isnan(v)) {
        vg_buf_adds(b, ".nan");
        return;
    }
    if (isinf(v)) {
        vg_buf_adds(b, v < 0 ? "-.inf" : ".inf");
        return;
    }
    /* The shortest of 15, 16 or 17 significant digits that reads back exactly. */
    char buf[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (prec == 17 || strtod(buf, NULL) == v)
            break;
    }
    vg_buf_adds(b, buf);
}

/* Digits by hand, not printf: a snapshot writes some fifteen numbers a record (issue 16). */
static char *S_digits(char *p, unsigned v, int width)
{
    for (int i = width - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
    return p + width;
}

size_t vg_format_time(char *out, vg_time t)
{
    /* The readers take four-digit years: clamp what only absurd parameters could produce. */
    const vg_time lo = -62167219200LL; /* 0000-01-01T00:00:00Z */
    const vg_time hi = 253402300799LL; /* 9999-12-31T23:59:59Z */
    t = t < lo ? lo : t > hi ? hi : t;
    int64_t secs = t % VG_TIME_DAY;
    if (secs < 0)
        secs += VG_TIME_DAY;
    int64_t y;
    unsigned m, d;
    vg_time_civil_from_days(vg_time_day(t), &y, &m, &d);
    char *p = S_digits(out, (unsigned)y, 4);
    *p++ = '-';
    p = S_digits(p, m, 2);
    *p++ = '-';
    p = S_digits(p, d, 2);
    *p++ = 'T';
    p = S_digits(p, (unsigned)(secs / 3600), 2);
    *p++ = ':';
    p = S_digits(p, (unsigned)(secs / 60 % 60), 2);
    *p++ = ':';
    p = S_digits(p, (unsigned)(secs % 60), 2);
    *p++ = 'Z';
    return (size_t)(p - out);
}

size_t vg_format_uint(char *out, unsigned long long v)
{
    char tmp[20];
    size_t n = 0;
    do
        tmp[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    return n;
}

size_t vg_format_int(char *out, long long v)
{
    if (v >= 0)
        return vg_format_uint(out, (unsigned long long)v);
    out[0] = '-';
    return 1 + vg_format_uint(out + 1, 0ULL - (unsigned long long)v);
}

void vg_emit_time(vg_buf *b, vg_time t)
{
    char buf[VG_TIME_ISO_MAX];
    vg_buf_add(b, buf, vg_format_time(buf, t));
}

static void S_emit_int(vg_buf *b, long long v)
{
    char buf[24];
    vg_buf_add(b, buf, vg_format_int(buf, v));
}

/* An id of digits and 'e' only (1234e5...) would read as a number in YAML: quote it. */
void vg_emit_id(vg_buf *b, const char *id)
{
    bool numeric = true;
    for (int i = 0; i < VG_CARD_ID_LEN && numeric; i++)
        numeric = (id[i] >= '0' && id[i] <= '9') || id[i] == 'e';
    if (numeric)
        vg_buf_addc(b, '"');
    vg_buf_add(b, id, VG_CARD_ID_LEN);
    if (numeric)
        vg_buf_addc(b, '"');
}

/* ---- the record's fields ---- */

/* Each member has the C type its kind says (checked here, at compile time). */
#define S_KIND_TYPE_ID char *
#define S_KIND_TYPE_DECK const char *
#define S_KIND_TYPE_TEXT const char *
#define S_KIND_TYPE_STATE vg_card_state
#define S_KIND_TYPE_TIME vg_time
#define S_KIND_TYPE_NUMBER double
#define S_KIND_TYPE_COUNT int32_t
#define S_KIND_TYPE_FLAG bool
#define S_KIND_TYPE_TAGS const char *
#define S_KIND_TYPE_REVIEWS const vg_review *
#define S_CHECK_TYPE(name, kind, member, when)                                                     \
    _Static_assert(_Generic(((vg_record *)0)->member, S_KIND_TYPE_##kind : 1, default : 0),        \
                   "the member of '" #name "' is not of kind " #kind);
VG_RECORD_FIELDS(S_CHECK_TYPE)
#undef S_CHECK_TYPE

const vg_field_info vg_record_fields[VG_RF_COUNT] = {
#define S_FIELD_INFO(name, kind, member, when)                                                     \
    {#name,        "  " #name ": ", sizeof("  " #name ": ") - 1,                                   \
     VG_FK_##kind, VG_FW_##when,    offsetof(vg_record, member)},
    VG_RECORD_FIELDS(S_FIELD_INFO)
#undef S_FIELD_INFO
};

static bool S_nonzero(const vg_record *r, const vg_field_info *f)
{
    const void *v = VG_FIELD_CPTR(r, f);
    switch (f->kind) {
    case VG_FK_TIME:
        return *(const vg_time *)v != 0;
    case VG_FK_COUNT:
        return *(const int32_t *)v != 0;
    case VG_FK_FLAG:
        return *(const bool *)v;
    case VG_FK_TAGS:
        return *(const char *const *)v && **(const char *const *)v;
    default:
        return true;
    }
}

bool vg_field_written(const vg_record *r, const vg_field_info *f, bool cache)
{
    bool cached = cache && r->sched.state != VG_CARD_NEW;
    switch (f->when) {
    case VG_FW_ALWAYS:
        return true;
    case VG_FW_STATE:
        return cache;
    case VG_FW_CACHE:
        return cached;
    case VG_FW_CACHE_NONZERO:
        return cached && S_nonzero(r, f);
    case VG_FW_NONZERO:
        return S_nonzero(r, f);
    }
    return false;
}

void vg_field_emit(vg_buf *b, vg_field_kind k, const void *v)
{
    switch (k) {
    case VG_FK_ID:
        vg_emit_id(b, (const char *)v);
        break;
    case VG_FK_DECK: {
        const char *s = *(const char *const *)v;
        vg_emit_string(b, s, strlen(s));
        break;
    }
    case VG_FK_TEXT: {
        const char *s = *(const char *const *)v;
        vg_emit_quoted(b, s, strlen(s));
        break;
    }
    case VG_FK_TAGS: {
        const char *s = *(const char *const *)v;
        vg_emit_string(b, s ? s : "", s ? strlen(s) : 0);
        break;
    }
    case VG_FK_TAG:
        vg_emit_string(b, (const char *)v, strlen((const char *)v));
        break;
    case VG_FK_STATE:
        vg_buf_adds(b, vg_card_state_name(*(const vg_card_state *)v));
        break;
    case VG_FK_TIME:
        vg_emit_time(b, *(const vg_time *)v);
        break;
    case VG_FK_NUMBER:
        vg_emit_double(b, *(const double *)v);
        break;
    case VG_FK_COUNT:
        S_emit_int(b, *(const int32_t *)v);
        break;
    case VG_FK_FLAG:
        vg_buf_adds(b, *(const bool *)v ? "true" : "false");
        break;
    case VG_FK_OP:
        vg_buf_adds(b, (const char *)v);
        break;
    case VG_FK_VERSION:
        S_emit_int(b, *(const int64_t *)v);
        break;
    case VG_FK_GENERATION: {
        char buf[24];
        vg_buf_add(b, buf, vg_format_uint(buf, *(const uint64_t *)v));
        break;
    } break;
    case VG_FK_RATING:
        S_emit_int(b, *(const int *)v);
        break;
    case VG_FK_MS:
        S_emit_int(b, *(const int32_t *)v);
        break;
    case VG_FK_REVIEWS:
        break;
    }
}

/* ---- tags ---- */

bool vg_tag_ok(const char *t, size_t len)
{
    if (len == 0 || vg_utf8_check(t, len) != len)
        return false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)t[i] <= ' ' || t[i] == 0x7F)
            return false;
    return true;
}

typedef struct S_word {
    const char *s;
    size_t n;
} S_word;

static int S_word_cmp(const void *a, const void *b)
{
    const S_word *x = a, *y = b;
    int c = memcmp(x->s, y->s, x->n < y->n ? x->n : y->n);
    return c ? c : (x->n > y->n) - (x->n < y->n);
}

int vg_store_tags(vg_store *s, const char *text, size_t len, const char **out)
{
    *out = NULL;
    S_word *w = NULL;
    size_t n = 0, cap = 0;
    int rc = 1;
    for (size_t i = 0; i < len;) {
        if (text[i] == ' ' || text[i] == '\t') {
            i++;
            continue;
        }
        size_t j = i;
        while (j < len && text[j] != ' ' && text[j] != '\t')
            j++;
        if (!vg_tag_ok(text + i, j - i)) {
            rc = 0;
            goto out;
        }
        if (!VG_GROW(w, cap, n + 1)) {
            rc = -1;
            goto out;
        }
        w[n++] = (S_word){text + i, j - i};
        i = j;
    }
    if (!n)
        goto out;
    qsort(w, n, sizeof *w, S_word_cmp);
    vg_buf b = VG_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (i && S_word_cmp(&w[i - 1], &w[i]) == 0)
            continue;
        if (b.len)
            vg_buf_addc(&b, ' ');
        vg_buf_add(&b, w[i].s, w[i].n);
    }
    if (b.failed || !(*out = vg_store_strdup(s, b.data, b.len)))
        rc = -1;
    vg_buf_release(&b);
out:
    free(w);
    return rc;
}

int vg_store_tags_change(vg_store *s, const char *tags, const char *tag, size_t len, bool on,
                         const char **out)
{
    vg_buf b = VG_BUF_INIT;
    for (const char *p = tags ? tags : ""; *p;) {
        size_t n = strcspn(p, " ");
        if (on || n != len || memcmp(p, tag, len) != 0) {
            vg_buf_add(&b, p, n);
            vg_buf_addc(&b, ' ');
        }
        p += n + (p[n] == ' ');
    }
    if (on)
        vg_buf_add(&b, tag, len);
    int rc = b.failed ? -1 : vg_store_tags(s, b.data ? b.data : "", b.len, out);
    vg_buf_release(&b);
    return rc;
}

void vg_journal_put(vg_buf *b, vg_journal_key k, const void *v)
{
    static const struct {
        const char *name;
        vg_field_kind kind;
    } keys[VG_JK_COUNT] = {
#define S_JOURNAL_KEY(name, kind, member, what) {#name, VG_FK_##kind},
        VG_JOURNAL_KEYS(S_JOURNAL_KEY)
#undef S_JOURNAL_KEY
    };
    vg_buf_adds(b, k == VG_JK_op ? "{" : ", ");
    vg_buf_adds(b, keys[k].name);
    vg_buf_adds(b, ": ");
    vg_field_emit(b, keys[k].kind, v);
}

/* ---- the fast reader's double-quoted scalars ---- */

static int S_hexval(char c)
{
    if (S_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool S_hexnum(const char *s, size_t n, uint32_t *out)
{
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        int d = S_hexval(s[i]);
        if (d < 0)
            return false;
        v = v << 4 | (uint32_t)d;
    }
    *out = v;
    return true;
}

static void S_add_cp(vg_buf *out, uint32_t cp)
{
    char u[4];
    vg_buf_add(out, u, vg_utf8_encode(cp, u));
}

bool vg_scalar_unquote_fast(const char *s, size_t len, vg_buf *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;
    while (i < len) {
        unsigned char c = p[i];
        if (c >= 0x20 && c < 0x7F && c != '\\' && c != '"') {
            i++;
            continue;
        }
        if (c == '"' || c < 0x20 || c == 0x7F)
            return false;
        if (c >= 0x80) {
            /* Valid UTF-8 in libyaml's printable set, and not one of the characters the writer
             * escapes (line and paragraph separators, BOM, non-characters). */
            size_t n;
            unsigned char c1 = i + 1 < len ? p[i + 1] : 0;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 2;
                if (c == 0xC2 && c1 < 0xA0)
                    return false; /* C1 controls */
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 3;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 4;
            } else {
                return false;
            }
            if (i + n > len || vg_utf8_check(s + i, n) != n)
                return false;
            if (n == 3) {
                uint32_t cp;
                vg_utf8_decode(s + i, n, &cp);
                if (cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || cp >= 0xFFFE)
                    return false;
            }
            i += n;
            continue;
        }
        /* A backslash: only the escapes the writer produces. */
        vg_buf_add(out, s + run, i - run);
        if (i + 1 >= len)
            return false;
        char e = s[i + 1];
        uint32_t cp;
        switch (e) {
        case '"':
        case '\\':
            vg_buf_addc(out, e);
            i += 2;
            break;
        case 'n':
            vg_buf_addc(out, '\n');
            i += 2;
            break;
        case 't':
            vg_buf_addc(out, '\t');
            i += 2;
            break;
        case 'r':
            vg_buf_addc(out, '\r');
            i += 2;
            break;
        case 'L':
            S_add_cp(out, 0x2028);
            i += 2;
            break;
        case 'P':
            S_add_cp(out, 0x2029);
            i += 2;
            break;
        case 'x':
            if (i + 4 > len || !S_hexnum(s + i + 2, 2, &cp) || cp == 0)
                return false; /* NUL: the strings are C strings; libyaml's reader says so */
            S_add_cp(out, cp);
            i += 4;
            break;
        case 'u':
            if (i + 6 > len || !S_hexnum(s + i + 2, 4, &cp) || cp == 0 ||
                (cp >= 0xD800 && cp <= 0xDFFF))
                return false;
            S_add_cp(out, cp);
            i += 6;
            break;
        default:
            return false;
        }
        run = i;
    }
    vg_buf_add(out, s + run, i - run);
    return !out->failed;
}
