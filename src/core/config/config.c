/* config.yaml: the user's settings, read with libyaml's event parser.
 *
 * The file is one flat mapping of known keys, so the parser is a loop over its keys that stops
 * at the first event out of place. Positions: libyaml marks count lines and characters from 0;
 * messages use 1-based lines and byte columns, so a mark is converted by walking its line in
 * the input (only when reporting). Types follow YAML's core schema strictly, so that a quoted
 * "20" or a typo is an error rather than a setting silently ignored. */
#include "vgrev/config.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "store/yaml_pos.h"

static const char *const S_key_names[VG_CONFIG_NKEYS] = {
#define VG_CONFIG_KEY_NAME(name, text) text,
    VG_CONFIG_KEYS(VG_CONFIG_KEY_NAME)
#undef VG_CONFIG_KEY_NAME
};

typedef struct S_parser {
    yaml_parser_t yp;
    yaml_event_t ev;
    bool have_ev;
    const char *data;
    size_t len;
    const char *file;
    vg_error *err;
    vg_config *c;
    unsigned key_line[VG_CONFIG_NKEYS]; /* 1-based line of each key given, for duplicates */
    yaml_mark_t weights_mark;           /* where fsrs_weights' value starts */
} S_parser;

#define S_TRY(expr)                                                                                \
    do {                                                                                           \
        vg_status S_st = (expr);                                                                   \
        if (S_st != VG_OK)                                                                         \
            return S_st;                                                                           \
    } while (0)

/* ---- positions ------------------------------------------------------------------------------ */

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

static vg_status S_vfail_at(S_parser *p, vg_status st, size_t off, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
static vg_status S_vfail_at(S_parser *p, vg_status st, size_t off, const char *fmt, va_list ap)
{
    char msg[VG_ERROR_MSG_MAX];
    vsnprintf(msg, sizeof msg, fmt, ap);
    unsigned line, col;
    S_offset_pos(p, off, &line, &col);
    return vg_error_set(p->err, st, p->file, line, col, "%s", msg);
}

/* A malformed file (VG_PARSE) at a byte offset. */
static vg_status S_syntax_at(S_parser *p, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static vg_status S_syntax_at(S_parser *p, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vg_status st = S_vfail_at(p, VG_PARSE, off, fmt, ap);
    va_end(ap);
    return st;
}

/* A well-formed file with a wrong key or value (VG_INVALID) at a byte offset. */
static vg_status S_invalid_at(S_parser *p, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static vg_status S_invalid_at(S_parser *p, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vg_status st = S_vfail_at(p, VG_INVALID, off, fmt, ap);
    va_end(ap);
    return st;
}

#define S_syntax(p, mark, ...) S_syntax_at((p), S_mark_offset((p), (mark)), __VA_ARGS__)
#define S_invalid(p, mark, ...) S_invalid_at((p), S_mark_offset((p), (mark)), __VA_ARGS__)

static void S_warn_at(S_parser *p, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void S_warn_at(S_parser *p, size_t off, const char *fmt, ...)
{
    vg_config *c = p->c;
    if (c->nwarnings >= VG_CONFIG_MAX_WARNINGS)
        return;
    char msg[VG_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    unsigned line, col;
    S_offset_pos(p, off, &line, &col);
    vg_error_set(&c->warnings[c->nwarnings++], VG_INVALID, p->file, line, col, "%s", msg);
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
        unsigned char ch = (unsigned char)s[i];
        buf[k++] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
    }
    if (cut) {
        memcpy(buf + k, "...", 3);
        k += 3;
    }
    buf[k] = '\0';
    return buf;
}

/* ---- events --------------------------------------------------------------------------------- */

static vg_status S_yaml_error(S_parser *p)
{
    const yaml_parser_t *yp = &p->yp;
    if (yp->error == YAML_MEMORY_ERROR)
        return vg_error_set(p->err, VG_NOMEM, p->file, 0, 0, "out of memory");
    const char *problem = yp->problem ? yp->problem : "unknown error";
    if (yp->error == YAML_READER_ERROR) /* no mark: a byte offset in the input */
        return S_syntax_at(p, yp->problem_offset, "invalid input: %s", problem);
    if (yp->context) {
        unsigned cline, ccol;
        S_offset_pos(p, S_mark_offset(p, yp->context_mark), &cline, &ccol);
        return S_syntax(p, yp->problem_mark, "invalid YAML: %s (%s at %u:%u)", problem, yp->context,
                        cline, ccol);
    }
    return S_syntax(p, yp->problem_mark, "invalid YAML: %s", problem);
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
        return S_syntax(p, p->ev.start_mark,
                        "aliases (*name) are not supported in the configuration");
    return VG_OK;
}

static const char *S_text(const S_parser *p)
{
    return (const char *)p->ev.data.scalar.value;
}

static size_t S_text_len(const S_parser *p)
{
    return p->ev.data.scalar.length;
}

static bool S_is_plain(const S_parser *p)
{
    return p->ev.type == YAML_SCALAR_EVENT && p->ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

static bool S_is_word(const char *s, size_t len, const char *word)
{
    return strlen(word) == len && memcmp(s, word, len) == 0;
}

/* YAML's null: an empty plain scalar, ~, null, Null, NULL. */
static bool S_is_null(const S_parser *p)
{
    if (!S_is_plain(p))
        return false;
    const char *v = S_text(p);
    size_t n = S_text_len(p);
    return n == 0 || S_is_word(v, n, "~") || S_is_word(v, n, "null") || S_is_word(v, n, "Null") ||
           S_is_word(v, n, "NULL");
}

/* What the current event is, for "found ..." in messages. */
static const char *S_kind(const S_parser *p)
{
    switch (p->ev.type) {
    case YAML_MAPPING_START_EVENT:
        return "a mapping";
    case YAML_SEQUENCE_START_EVENT:
        return "a list";
    case YAML_SCALAR_EVENT:
        return S_is_null(p) ? "no value" : S_is_plain(p) ? "a scalar" : "a quoted string";
    default:
        return "nothing";
    }
}

/* ---- values --------------------------------------------------------------------------------- */

/* The value is a scalar with some text; otherwise an error "'key' must be WHAT, found ...".
 * Numbers and booleans (`plain`) must not be quoted: "20" is a string in YAML. */
static vg_status S_want_scalar(S_parser *p, vg_config_key k, const char *what, bool plain)
{
    const char *key = S_key_names[k];
    if (p->ev.type != YAML_SCALAR_EVENT || S_is_null(p))
        return S_invalid(p, p->ev.start_mark, "'%s' must be %s, found %s", key, what, S_kind(p));
    if (plain && !S_is_plain(p)) {
        char q[48];
        return S_invalid(p, p->ev.start_mark,
                         "'%s' must be %s, found the quoted string '%s' (remove the quotes)", key,
                         what, S_quote(S_text(p), S_text_len(p), q, sizeof q));
    }
    return VG_OK;
}

static bool S_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* A decimal whole number (an optional '+', digits) from lo to hi. */
static bool S_parse_int(const char *s, size_t len, int64_t lo, int64_t hi, int64_t *out)
{
    size_t i = len > 0 && s[0] == '+' ? 1 : 0;
    if (i == len)
        return false;
    int64_t v = 0;
    for (; i < len; i++) {
        if (!S_digit(s[i]))
            return false;
        if (v > hi) /* keep going to reject trailing garbage, without overflowing */
            continue;
        v = v * 10 + (s[i] - '0');
    }
    if (v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* A finite decimal number, YAML 1.2 core schema's float syntax without .inf and .nan:
 * [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?  Read in the C locale, whatever the
 * program's LC_NUMERIC, so "0.9" never becomes 0. */
static bool S_parse_number(const char *s, size_t len, double *out)
{
    size_t i = 0, digits = 0;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        i++;
    for (; i < len && S_digit(s[i]); i++)
        digits++;
    if (i < len && s[i] == '.')
        for (i++; i < len && S_digit(s[i]); i++)
            digits++;
    if (digits == 0)
        return false;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '-' || s[i] == '+'))
            i++;
        size_t exp = 0;
        for (; i < len && S_digit(s[i]); i++)
            exp++;
        if (exp == 0)
            return false;
    }
    char buf[64];
    if (i != len || len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    locale_t cloc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = cloc ? uselocale(cloc) : (locale_t)0;
    errno = 0;
    double v = strtod(buf, NULL);
    bool ok = errno != ERANGE && isfinite(v);
    if (cloc) {
        uselocale(old);
        freelocale(cloc);
    }
    *out = v;
    return ok;
}

bool vg_config_duration(const char *s, size_t len, int64_t *seconds)
{
    if (len < 2)
        return false;
    int64_t unit;
    switch (s[len - 1]) {
    case 's':
        unit = 1;
        break;
    case 'm':
        unit = 60;
        break;
    case 'h':
        unit = 3600;
        break;
    case 'd':
        unit = VG_TIME_DAY;
        break;
    default:
        return false;
    }
    int64_t n;
    if (!S_digit(s[0]) || !S_parse_int(s, len - 1, 1, (int64_t)VG_SCHED_MAX_IVL * VG_TIME_DAY, &n))
        return false;
    if (n > (int64_t)VG_SCHED_MAX_IVL * VG_TIME_DAY / unit)
        return false;
    *seconds = n * unit;
    return true;
}

/* The byte offset in the input of byte `i` of the current scalar's value, when the scalar is
 * written as it reads (plain or quoted on one line, no escapes); else the scalar's start. */
static size_t S_scalar_offset(const S_parser *p, size_t i)
{
    size_t off = S_mark_offset(p, p->ev.start_mark);
    yaml_scalar_style_t style = p->ev.data.scalar.style;
    size_t skip =
        style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE ? 1
                                                                                             : 0;
    size_t n = S_text_len(p);
    if (style == YAML_PLAIN_SCALAR_STYLE || skip) {
        if (off + skip + n <= p->len && memcmp(p->data + off + skip, S_text(p), n) == 0)
            return off + skip + i;
    }
    return off;
}

static vg_status S_scheduler(S_parser *p)
{
    static const char what[] = "fsrs or sm2";
    S_TRY(S_want_scalar(p, VG_CONFIG_SCHEDULER, what, false));
    const char *v = S_text(p);
    size_t n = S_text_len(p);
    if (S_is_word(v, n, "fsrs")) {
        p->c->sched.kind = VG_SCHED_FSRS;
    } else if (S_is_word(v, n, "sm2")) {
        p->c->sched.kind = VG_SCHED_SM2;
    } else {
        char q[48];
        return S_invalid(p, p->ev.start_mark, "'scheduler' must be %s, not '%s'", what,
                         S_quote(v, n, q, sizeof q));
    }
    return VG_OK;
}

/* new_per_day, reviews_per_day (0..VG_CONFIG_MAX_PER_DAY), maximum_interval (days). */
static vg_status S_whole(S_parser *p, vg_config_key k, int64_t lo, int64_t hi, int64_t *out)
{
    char what[64];
    snprintf(what, sizeof what, "a whole number from %lld to %lld", (long long)lo, (long long)hi);
    S_TRY(S_want_scalar(p, k, what, true));
    if (!S_parse_int(S_text(p), S_text_len(p), lo, hi, out)) {
        char q[48];
        return S_invalid(p, p->ev.start_mark, "'%s' must be %s, not '%s'", S_key_names[k], what,
                         S_quote(S_text(p), S_text_len(p), q, sizeof q));
    }
    return VG_OK;
}

static vg_status S_retention(S_parser *p)
{
    static const char what[] = "a number between 0 and 1 (exclusive), like 0.9";
    S_TRY(S_want_scalar(p, VG_CONFIG_DESIRED_RETENTION, what, true));
    double r;
    if (!S_parse_number(S_text(p), S_text_len(p), &r) || !(r > 0 && r < 1)) {
        char q[48];
        return S_invalid(p, p->ev.start_mark, "'desired_retention' must be %s, not '%s'", what,
                         S_quote(S_text(p), S_text_len(p), q, sizeof q));
    }
    p->c->sched.desired_retention = r;
    size_t off = S_mark_offset(p, p->ev.start_mark);
    if (r < VG_CONFIG_RETENTION_LOW)
        S_warn_at(p, off,
                  "desired_retention %g is unusually low (the usual range is %g to %g): "
                  "intervals will be very long and most answers will be forgotten",
                  r, VG_CONFIG_RETENTION_LOW, VG_CONFIG_RETENTION_HIGH);
    else if (r > VG_CONFIG_RETENTION_HIGH)
        S_warn_at(p, off,
                  "desired_retention %g is unusually high (the usual range is %g to %g): "
                  "intervals will be very short and the reviews many",
                  r, VG_CONFIG_RETENTION_LOW, VG_CONFIG_RETENTION_HIGH);
    return VG_OK;
}

static vg_status S_bool(S_parser *p, vg_config_key k, bool *out)
{
    static const char what[] = "true or false";
    S_TRY(S_want_scalar(p, k, what, true));
    /* YAML 1.2's booleans, and 1.1's yes/no/on/off, which libyaml's users still write. */
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes",
                                      "YES",  "on",   "On",   "ON"};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No",
                                     "NO",    "off",   "Off",   "OFF"};
    const char *v = S_text(p);
    size_t n = S_text_len(p);
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        if (S_is_word(v, n, yes[i])) {
            *out = true;
            return VG_OK;
        }
        if (S_is_word(v, n, no[i])) {
            *out = false;
            return VG_OK;
        }
    }
    char q[48];
    return S_invalid(p, p->ev.start_mark, "'%s' must be %s, not '%s'", S_key_names[k], what,
                     S_quote(v, n, q, sizeof q));
}

/* Items of a list given as one string: separated by spaces, tabs or commas ("1m 10m",
 * "0.212, 1.2931, ..."). Returns the next item's start and length from *pos, false at the end. */
static bool S_next_item(const char *s, size_t len, size_t *pos, size_t *start, size_t *n)
{
    size_t i = *pos;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == ',' || s[i] == '\n'))
        i++;
    if (i == len)
        return false;
    *start = i;
    while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != ',' && s[i] != '\n')
        i++;
    *n = i - *start;
    *pos = i;
    return true;
}

static const char S_step_help[] =
    "a duration is a whole number and a unit, s, m, h or d (like 30s, 10m, 1h, 1d)";

static vg_status S_add_step(S_parser *p, vg_config_key k, const char *s, size_t n, size_t off,
                            int64_t *steps, size_t *count)
{
    char q[48];
    if (*count == VG_SCHED_MAX_STEPS)
        return S_invalid_at(p, off, "'%s' has more than %d steps", S_key_names[k],
                            VG_SCHED_MAX_STEPS);
    int64_t sec;
    if (vg_config_duration(s, n, &sec)) {
        steps[(*count)++] = sec;
        return VG_OK;
    }
    size_t digits = 0;
    while (digits < n && S_digit(s[digits]))
        digits++;
    if (digits > 0 && digits == n && n < 16)
        return S_invalid_at(p, off,
                            "step '%.*s' in '%s' has no unit: write %.*sm for minutes "
                            "(or s, h, d)",
                            (int)n, s, S_key_names[k], (int)n, s);
    char unit = n > 0 ? s[n - 1] : '\0';
    if (digits > 0 && digits + 1 == n && (unit == 's' || unit == 'm' || unit == 'h' || unit == 'd'))
        return S_invalid_at(p, off, "step '%s' in '%s' is out of range: a step is 1s to %dd",
                            S_quote(s, n, q, sizeof q), S_key_names[k], VG_SCHED_MAX_IVL);
    return S_invalid_at(p, off, "bad step '%s' in '%s': %s", S_quote(s, n, q, sizeof q),
                        S_key_names[k], S_step_help);
}

/* learning_steps, relearning_steps: a list of durations, or one string of them ("1m 10m");
 * [] or "" for none. */
static vg_status S_steps(S_parser *p, vg_config_key k, int64_t *steps, size_t *count)
{
    static const char what[] =
        "a list of durations like [1m, 10m] (or a string like \"1m 10m\"; [] for none)";
    *count = 0;
    if (p->ev.type == YAML_SCALAR_EVENT && !S_is_null(p)) {
        const char *v = S_text(p);
        size_t len = S_text_len(p), pos = 0, start, n;
        while (S_next_item(v, len, &pos, &start, &n))
            S_TRY(S_add_step(p, k, v + start, n, S_scalar_offset(p, start), steps, count));
        return VG_OK;
    }
    if (p->ev.type != YAML_SEQUENCE_START_EVENT)
        return S_invalid(p, p->ev.start_mark, "'%s' must be %s, found %s", S_key_names[k], what,
                         S_kind(p));
    for (;;) {
        S_TRY(S_next(p));
        if (p->ev.type == YAML_SEQUENCE_END_EVENT)
            return VG_OK;
        if (p->ev.type != YAML_SCALAR_EVENT || S_is_null(p))
            return S_invalid(p, p->ev.start_mark,
                             "a step in '%s' must be a duration like 10m, "
                             "found %s",
                             S_key_names[k], S_kind(p));
        S_TRY(S_add_step(p, k, S_text(p), S_text_len(p), S_mark_offset(p, p->ev.start_mark), steps,
                         count));
    }
}

static vg_status S_add_weight(S_parser *p, const char *s, size_t n, size_t off, size_t *count)
{
    char q[48];
    if (*count == VG_FSRS_NWEIGHTS)
        return S_invalid_at(p, off,
                            "'fsrs_weights' has more than %d numbers (FSRS-6 has w0 to "
                            "w20)",
                            VG_FSRS_NWEIGHTS);
    double w;
    if (!S_parse_number(s, n, &w))
        return S_invalid_at(p, off, "'fsrs_weights': w%zu must be a number, not '%s'", *count,
                            S_quote(s, n, q, sizeof q));
    p->c->sched.weights[(*count)++] = w;
    return VG_OK;
}

/* fsrs_weights: 21 numbers, as a list or one string ("0.212, 1.2931, ...", as Anki shows them). */
static vg_status S_weights(S_parser *p)
{
    static const char what[] = "a list of 21 numbers (w0 to w20)";
    yaml_mark_t start = p->ev.start_mark;
    p->weights_mark = start;
    size_t count = 0;
    if (p->ev.type == YAML_SCALAR_EVENT && !S_is_null(p)) {
        const char *v = S_text(p);
        size_t len = S_text_len(p), pos = 0, s, n;
        while (S_next_item(v, len, &pos, &s, &n))
            S_TRY(S_add_weight(p, v + s, n, S_scalar_offset(p, s), &count));
    } else if (p->ev.type == YAML_SEQUENCE_START_EVENT) {
        for (;;) {
            S_TRY(S_next(p));
            if (p->ev.type == YAML_SEQUENCE_END_EVENT)
                break;
            if (!S_is_plain(p) || S_is_null(p))
                return S_invalid(p, p->ev.start_mark,
                                 "'fsrs_weights': w%zu must be a number, "
                                 "found %s",
                                 count, S_kind(p));
            S_TRY(S_add_weight(p, S_text(p), S_text_len(p), S_mark_offset(p, p->ev.start_mark),
                               &count));
        }
    } else {
        return S_invalid(p, start, "'fsrs_weights' must be %s, found %s", what, S_kind(p));
    }
    if (count != VG_FSRS_NWEIGHTS)
        return S_invalid(p, start, "'fsrs_weights' must be %s, found %zu number%s", what, count,
                         count == 1 ? "" : "s");
    return VG_OK;
}

/* ---- keys ----------------------------------------------------------------------------------- */

/* Lower case, with '-' and ' ' as '_': "New-Per-Day" is meant as new_per_day. */
static char S_fold(char ch)
{
    if (ch >= 'A' && ch <= 'Z')
        return (char)(ch - 'A' + 'a');
    return ch == '-' || ch == ' ' ? '_' : ch;
}

/* Edit distance between folded strings, for "did you mean"; long strings are never close. */
static size_t S_distance(const char *a, size_t na, const char *b, size_t nb)
{
    enum { MAX = 40 };
    if (na > MAX || nb > MAX)
        return SIZE_MAX;
    size_t row[MAX + 1];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (S_fold(a[i - 1]) != S_fold(b[j - 1]));
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

/* Whether the folded name contains the folded key s[0..n) ("retention" in
 * desired_retention). */
static bool S_contains(const char *name, const char *s, size_t n)
{
    size_t len = strlen(name);
    for (size_t i = 0; n > 0 && i + n <= len; i++) {
        size_t j = 0;
        while (j < n && S_fold(name[i + j]) == S_fold(s[j]))
            j++;
        if (j == n)
            return true;
    }
    return false;
}

/* An error naming the key and listing the known ones, with the closest known key when one is
 * close enough to be a typo or a part of it. */
static vg_status S_unknown_key(S_parser *p)
{
    const char *k = S_text(p);
    size_t n = S_text_len(p);
    char known[256] = "";
    size_t used = 0;
    int best = -1;
    size_t best_d = 3; /* suggest only within 2 edits, and fewer than half the name's length */
    for (int i = 0; i < VG_CONFIG_NKEYS; i++) {
        int w = snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "", S_key_names[i]);
        if (w > 0 && (size_t)w < sizeof known - used)
            used += (size_t)w;
        size_t d = S_distance(k, n, S_key_names[i], strlen(S_key_names[i]));
        if (d < best_d && 2 * d < strlen(S_key_names[i])) {
            best_d = d;
            best = i;
        }
    }
    for (int i = 0; best < 0 && n >= 4 && i < VG_CONFIG_NKEYS; i++)
        if (S_contains(S_key_names[i], k, n))
            best = i;
    char q[48], hint[64] = "";
    if (best >= 0)
        snprintf(hint, sizeof hint, " (did you mean '%s'?)", S_key_names[best]);
    return S_invalid(p, p->ev.start_mark, "unknown key '%s'%s; the known keys are %s",
                     S_quote(k, n, q, sizeof q), hint, known);
}

/* The current event is a key of the top mapping: which one. */
static vg_status S_key(S_parser *p, vg_config_key *out)
{
    if (p->ev.type != YAML_SCALAR_EVENT)
        return S_invalid(p, p->ev.start_mark, "expected a setting's name, found %s", S_kind(p));
    for (int i = 0; i < VG_CONFIG_NKEYS; i++) {
        if (!S_is_word(S_text(p), S_text_len(p), S_key_names[i]))
            continue;
        if (p->key_line[i])
            return S_invalid(p, p->ev.start_mark, "duplicate key '%s' (first on line %u)",
                             S_key_names[i], p->key_line[i]);
        unsigned line, col;
        S_offset_pos(p, S_mark_offset(p, p->ev.start_mark), &line, &col);
        p->key_line[i] = line;
        *out = (vg_config_key)i;
        return VG_OK;
    }
    return S_unknown_key(p);
}

static vg_status S_value(S_parser *p, vg_config_key k)
{
    vg_config *c = p->c;
    vg_sched_params *sp = &c->sched;
    int64_t v = 0; /* set by S_whole; the analyzer cannot tell */
    switch (k) {
    case VG_CONFIG_SCHEDULER:
        return S_scheduler(p);
    case VG_CONFIG_NEW_PER_DAY:
        S_TRY(S_whole(p, k, 0, VG_CONFIG_MAX_PER_DAY, &v));
        c->new_per_day = (unsigned)v;
        return VG_OK;
    case VG_CONFIG_REVIEWS_PER_DAY:
        S_TRY(S_whole(p, k, 0, VG_CONFIG_MAX_PER_DAY, &v));
        c->reviews_per_day = (unsigned)v;
        return VG_OK;
    case VG_CONFIG_DESIRED_RETENTION:
        return S_retention(p);
    case VG_CONFIG_LEARNING_STEPS:
        return S_steps(p, k, sp->learning_steps, &sp->n_learning_steps);
    case VG_CONFIG_RELEARNING_STEPS:
        return S_steps(p, k, sp->relearning_steps, &sp->n_relearning_steps);
    case VG_CONFIG_MAXIMUM_INTERVAL:
        S_TRY(S_whole(p, k, 1, VG_SCHED_MAX_IVL, &v));
        sp->maximum_interval = (int32_t)v;
        return VG_OK;
    case VG_CONFIG_FUZZ:
        return S_bool(p, k, &sp->enable_fuzz);
    case VG_CONFIG_FSRS_WEIGHTS:
        return S_weights(p);
    case VG_CONFIG_NKEYS:
        break;
    }
    return VG_OK;
}

/* The scheduler takes the settings as a whole (vg_sched_init is the one judge of them), and
 * clips weights outside the reference's ranges: say so, since the weights used are not the
 * ones written. */
static vg_status S_check_sched(S_parser *p, yaml_mark_t top)
{
    vg_sched_params sp;
    vg_sched_params_default(&sp);
    vg_config_apply_sched(p->c, &sp);
    vg_sched s;
    vg_error e;
    vg_error_clear(&e);
    bool weights = vg_config_has(p->c, VG_CONFIG_FSRS_WEIGHTS);
    if (vg_sched_init(&s, &sp, &e) != VG_OK)
        return S_invalid(p, weights ? p->weights_mark : top, "%s", e.msg);
    if (!weights)
        return VG_OK;
    for (int i = 0; i < VG_FSRS_NWEIGHTS; i++) {
        if (s.p.weights[i] != sp.weights[i]) {
            S_warn_at(p, S_mark_offset(p, p->weights_mark),
                      "'fsrs_weights': w%d = %g is out of its range; FSRS uses %g (and clips "
                      "any other weight out of range the same way)",
                      i, sp.weights[i], s.p.weights[i]);
            break;
        }
    }
    return VG_OK;
}

static vg_status S_parse(S_parser *p)
{
    S_TRY(S_next(p)); /* stream start */
    S_TRY(S_next(p));
    if (p->ev.type == YAML_STREAM_END_EVENT)
        return VG_OK; /* empty, or only comments: the defaults */
    S_TRY(S_next(p)); /* after the document start */
    yaml_mark_t top = p->ev.start_mark;
    if (S_is_null(p)) {
        /* "---" alone, or "~": no settings */
    } else if (p->ev.type != YAML_MAPPING_START_EVENT) {
        return S_invalid(p, top, "expected settings as 'key: value' lines at the top, found %s",
                         S_kind(p));
    } else {
        for (;;) {
            S_TRY(S_next(p));
            if (p->ev.type == YAML_MAPPING_END_EVENT)
                break;
            vg_config_key k = VG_CONFIG_NKEYS;
            S_TRY(S_key(p, &k));
            S_TRY(S_next(p));
            S_TRY(S_value(p, k));
            p->c->set |= 1u << k;
        }
    }
    S_TRY(S_next(p)); /* document end */
    S_TRY(S_next(p));
    if (p->ev.type != YAML_STREAM_END_EVENT)
        return S_invalid(p, p->ev.start_mark, "expected one document, found a second one");
    return S_check_sched(p, top);
}

/* ---- the API -------------------------------------------------------------------------------- */

void vg_config_init(vg_config *c)
{
    memset(c, 0, sizeof *c);
    vg_sched_params_default(&c->sched);
    vg_session_opts o;
    vg_session_opts_default(&o, 0);
    c->new_per_day = o.new_per_day;
    c->reviews_per_day = o.reviews_per_day;
}

vg_status vg_config_parse(const char *data, size_t len, const char *file, vg_config *c,
                          vg_error *err)
{
    vg_config_init(c);
    S_parser p = {.data = data, .len = len, .file = file, .err = err, .c = c};
    if (!yaml_parser_initialize(&p.yp))
        return vg_error_set(err, VG_NOMEM, file, 0, 0, "out of memory");
    yaml_parser_set_input_string(&p.yp, (const unsigned char *)data, len);
    /* UTF-8 only: byte columns stay meaningful, and a UTF-16 file is refused at 1:1. */
    yaml_parser_set_encoding(&p.yp, YAML_UTF8_ENCODING);
    vg_status st = S_parse(&p);
    if (p.have_ev)
        yaml_event_delete(&p.ev);
    yaml_parser_delete(&p.yp);
    if (st != VG_OK)
        vg_config_init(c);
    return st;
}

bool vg_config_has(const vg_config *c, vg_config_key key)
{
    return (unsigned)key < VG_CONFIG_NKEYS && (c->set & (1u << key));
}

const char *vg_config_key_name(vg_config_key key)
{
    return (unsigned)key < VG_CONFIG_NKEYS ? S_key_names[key] : "?";
}

void vg_config_apply_sched(const vg_config *c, vg_sched_params *p)
{
    const vg_sched_params *f = &c->sched;
    if (vg_config_has(c, VG_CONFIG_SCHEDULER))
        p->kind = f->kind;
    if (vg_config_has(c, VG_CONFIG_DESIRED_RETENTION))
        p->desired_retention = f->desired_retention;
    if (vg_config_has(c, VG_CONFIG_LEARNING_STEPS)) {
        memcpy(p->learning_steps, f->learning_steps, sizeof p->learning_steps);
        p->n_learning_steps = f->n_learning_steps;
    }
    if (vg_config_has(c, VG_CONFIG_RELEARNING_STEPS)) {
        memcpy(p->relearning_steps, f->relearning_steps, sizeof p->relearning_steps);
        p->n_relearning_steps = f->n_relearning_steps;
    }
    if (vg_config_has(c, VG_CONFIG_MAXIMUM_INTERVAL))
        p->maximum_interval = f->maximum_interval;
    if (vg_config_has(c, VG_CONFIG_FUZZ))
        p->enable_fuzz = f->enable_fuzz;
    if (vg_config_has(c, VG_CONFIG_FSRS_WEIGHTS))
        memcpy(p->weights, f->weights, sizeof p->weights);
}

void vg_config_apply_session(const vg_config *c, vg_session_opts *o)
{
    if (vg_config_has(c, VG_CONFIG_NEW_PER_DAY))
        o->new_per_day = c->new_per_day;
    if (vg_config_has(c, VG_CONFIG_REVIEWS_PER_DAY))
        o->reviews_per_day = c->reviews_per_day;
}
