/* config.yaml: the user's settings, read with the store's YAML reader (store/yaml_read.h), which
 * gives every message its file:line:col.
 *
 * The file is one flat mapping of known keys, so the parser is a loop over its keys that stops
 * at the first event out of place. Types follow YAML's core schema strictly, so that a quoted
 * "20" or a typo is an error rather than a setting silently ignored. */
#include "vgrev/config.h"
#include "vgrev/utf8.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/yaml_read.h"

static const char *const S_key_names[VG_CONFIG_NKEYS] = {
#define VG_CONFIG_KEY_NAME(name, text) text,
    VG_CONFIG_KEYS(VG_CONFIG_KEY_NAME)
#undef VG_CONFIG_KEY_NAME
};

typedef struct S_parser {
    vg_yaml y;
    vg_config *c;
    unsigned key_line[VG_CONFIG_NKEYS]; /* 1-based line of each key given, for duplicates */
    vg_yaml_mark weights_mark;          /* where the weights' value starts */
    vg_config_key weights_key;          /* fsrs_params or the older fsrs_weights */
    size_t weights_end;                 /* the offset of the value's last event */
    size_t from[VG_CONFIG_NKEYS];       /* each key's offset, and its value's last event's: */
    size_t to[VG_CONFIG_NKEYS];         /* the lines they fill, see vg_config_set */
} S_parser;

/* A well-formed file with a wrong key or value (VG_INVALID) at a mark or a byte offset. */
#define S_invalid(p, mark, ...) vg_yaml_fail(&(p)->y, VG_INVALID, (mark), __VA_ARGS__)
#define S_invalid_at(p, off, ...) vg_yaml_fail_at(&(p)->y, VG_INVALID, (off), __VA_ARGS__)

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
    vg_yaml_mark m = vg_yaml_mark_at(&p->y, off);
    vg_error_set(&c->warnings[c->nwarnings++], VG_INVALID, p->y.o.file, m.line, m.col, "%s", msg);
}

static bool S_is_word(const char *s, size_t len, const char *word)
{
    return strlen(word) == len && memcmp(s, word, len) == 0;
}

/* What the current event is, for "found ..." in messages. */
static const char *S_kind(const S_parser *p)
{
    switch (p->y.ev.kind) {
    case VG_YAML_MAP_START:
        return "a mapping";
    case VG_YAML_SEQ_START:
        return "a list";
    case VG_YAML_SCALAR:
        return vg_yaml_is_null(&p->y)    ? "no value"
               : vg_yaml_is_plain(&p->y) ? "a scalar"
                                         : "a quoted string";
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
    if (p->y.ev.kind != VG_YAML_SCALAR || vg_yaml_is_null(&p->y))
        return S_invalid(p, p->y.ev.at, "'%s' must be %s, found %s", key, what, S_kind(p));
    if (plain && !vg_yaml_is_plain(&p->y)) {
        char q[48];
        return S_invalid(p, p->y.ev.at,
                         "'%s' must be %s, found the quoted string '%s' (remove the quotes)", key,
                         what, vg_yaml_quote(p->y.ev.text, p->y.ev.len, q, sizeof q));
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

static vg_status S_leech_action(S_parser *p)
{
    static const char what[] = "suspend or tag";
    VG_TRY(S_want_scalar(p, VG_CONFIG_LEECH_ACTION, what, false));
    const char *v = p->y.ev.text;
    size_t n = p->y.ev.len;
    if (S_is_word(v, n, "suspend") || S_is_word(v, n, "tag")) {
        p->c->leech_tag = S_is_word(v, n, "tag");
        return VG_OK;
    }
    char q[48];
    return S_invalid(p, p->y.ev.at, "'leech_action' must be %s, not '%s'", what,
                     vg_yaml_quote(v, n, q, sizeof q));
}

static vg_status S_scheduler(S_parser *p)
{
    static const char what[] = "fsrs or sm2";
    VG_TRY(S_want_scalar(p, VG_CONFIG_SCHEDULER, what, false));
    const char *v = p->y.ev.text;
    size_t n = p->y.ev.len;
    if (S_is_word(v, n, "fsrs")) {
        p->c->sched.kind = VG_SCHED_FSRS;
    } else if (S_is_word(v, n, "sm2")) {
        p->c->sched.kind = VG_SCHED_SM2;
    } else {
        char q[48];
        return S_invalid(p, p->y.ev.at, "'scheduler' must be %s, not '%s'", what,
                         vg_yaml_quote(v, n, q, sizeof q));
    }
    return VG_OK;
}

/* new_per_day, reviews_per_day (0..VG_CONFIG_MAX_PER_DAY), maximum_interval (days). */
static vg_status S_whole(S_parser *p, vg_config_key k, int64_t lo, int64_t hi, int64_t *out)
{
    char what[64];
    snprintf(what, sizeof what, "a whole number from %lld to %lld", (long long)lo, (long long)hi);
    VG_TRY(S_want_scalar(p, k, what, true));
    if (!S_parse_int(p->y.ev.text, p->y.ev.len, lo, hi, out)) {
        char q[48];
        return S_invalid(p, p->y.ev.at, "'%s' must be %s, not '%s'", S_key_names[k], what,
                         vg_yaml_quote(p->y.ev.text, p->y.ev.len, q, sizeof q));
    }
    return VG_OK;
}

static vg_status S_retention(S_parser *p)
{
    static const char what[] = "a number between 0 and 1 (exclusive), like 0.9";
    VG_TRY(S_want_scalar(p, VG_CONFIG_DESIRED_RETENTION, what, true));
    double r;
    if (!S_parse_number(p->y.ev.text, p->y.ev.len, &r) || !(r > 0 && r < 1)) {
        char q[48];
        return S_invalid(p, p->y.ev.at, "'desired_retention' must be %s, not '%s'", what,
                         vg_yaml_quote(p->y.ev.text, p->y.ev.len, q, sizeof q));
    }
    p->c->sched.desired_retention = r;
    size_t off = p->y.ev.at.off;
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
    VG_TRY(S_want_scalar(p, k, what, true));
    /* YAML 1.2's booleans, and 1.1's yes/no/on/off, which libyaml's users still write. */
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes",
                                      "YES",  "on",   "On",   "ON"};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No",
                                     "NO",    "off",   "Off",   "OFF"};
    const char *v = p->y.ev.text;
    size_t n = p->y.ev.len;
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
    return S_invalid(p, p->y.ev.at, "'%s' must be %s, not '%s'", S_key_names[k], what,
                     vg_yaml_quote(v, n, q, sizeof q));
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
                            vg_yaml_quote(s, n, q, sizeof q), S_key_names[k], VG_SCHED_MAX_IVL);
    return S_invalid_at(p, off, "bad step '%s' in '%s': %s", vg_yaml_quote(s, n, q, sizeof q),
                        S_key_names[k], S_step_help);
}

/* learning_steps, relearning_steps: a list of durations, or one string of them ("1m 10m");
 * [] or "" for none. */
static vg_status S_steps(S_parser *p, vg_config_key k, int64_t *steps, size_t *count)
{
    static const char what[] =
        "a list of durations like [1m, 10m] (or a string like \"1m 10m\"; [] for none)";
    *count = 0;
    if (p->y.ev.kind == VG_YAML_SCALAR && !vg_yaml_is_null(&p->y)) {
        const char *v = p->y.ev.text;
        size_t len = p->y.ev.len, pos = 0, start, n;
        while (S_next_item(v, len, &pos, &start, &n))
            VG_TRY(
                S_add_step(p, k, v + start, n, vg_yaml_scalar_offset(&p->y, start), steps, count));
        return VG_OK;
    }
    if (p->y.ev.kind != VG_YAML_SEQ_START)
        return S_invalid(p, p->y.ev.at, "'%s' must be %s, found %s", S_key_names[k], what,
                         S_kind(p));
    for (;;) {
        VG_TRY(vg_yaml_next(&p->y));
        if (p->y.ev.kind == VG_YAML_SEQ_END)
            return VG_OK;
        if (p->y.ev.kind != VG_YAML_SCALAR || vg_yaml_is_null(&p->y))
            return S_invalid(p, p->y.ev.at,
                             "a step in '%s' must be a duration like 10m, "
                             "found %s",
                             S_key_names[k], S_kind(p));
        VG_TRY(S_add_step(p, k, p->y.ev.text, p->y.ev.len, p->y.ev.at.off, steps, count));
    }
}

static vg_status S_add_weight(S_parser *p, const char *s, size_t n, size_t off, size_t *count)
{
    char q[48];
    if (*count == VG_FSRS_NWEIGHTS)
        return S_invalid_at(p, off, "'%s' has more than %d numbers (FSRS-6 has w0 to w20)",
                            S_key_names[p->weights_key], VG_FSRS_NWEIGHTS);
    double w;
    if (!S_parse_number(s, n, &w))
        return S_invalid_at(p, off, "'%s': w%zu must be a number, not '%s'",
                            S_key_names[p->weights_key], *count, vg_yaml_quote(s, n, q, sizeof q));
    p->c->sched.weights[(*count)++] = w;
    return VG_OK;
}

/* fsrs_params (or fsrs_weights): 21 numbers, as a list or one string ("0.212, 1.2931, ...", as
 * Anki shows them). */
static vg_status S_weights(S_parser *p, vg_config_key k)
{
    static const char what[] = "a list of 21 numbers (w0 to w20)";
    vg_yaml_mark start = p->y.ev.at;
    const char *name = S_key_names[k];
    vg_config_key other =
        k == VG_CONFIG_FSRS_PARAMS ? VG_CONFIG_FSRS_WEIGHTS : VG_CONFIG_FSRS_PARAMS;
    if (p->key_line[other])
        return S_invalid(p, start, "'%s' and '%s' (line %u) both give the weights: keep one", name,
                         S_key_names[other], p->key_line[other]);
    p->weights_mark = start;
    p->weights_key = k;
    p->weights_end = start.off;
    size_t count = 0;
    if (p->y.ev.kind == VG_YAML_SCALAR && !vg_yaml_is_null(&p->y)) {
        const char *v = p->y.ev.text;
        size_t len = p->y.ev.len, pos = 0, s, n;
        while (S_next_item(v, len, &pos, &s, &n))
            VG_TRY(S_add_weight(p, v + s, n, vg_yaml_scalar_offset(&p->y, s), &count));
    } else if (p->y.ev.kind == VG_YAML_SEQ_START) {
        for (;;) {
            VG_TRY(vg_yaml_next(&p->y));
            if (p->y.ev.kind == VG_YAML_SEQ_END) {
                if (p->y.ev.at.off < p->y.len && p->y.data[p->y.ev.at.off] == ']')
                    p->weights_end = p->y.ev.at.off; /* a flow list ends there */
                break;
            }
            p->weights_end = p->y.ev.at.off;
            if (!vg_yaml_is_plain(&p->y) || vg_yaml_is_null(&p->y))
                return S_invalid(p, p->y.ev.at, "'%s': w%zu must be a number, found %s", name,
                                 count, S_kind(p));
            VG_TRY(S_add_weight(p, p->y.ev.text, p->y.ev.len, p->y.ev.at.off, &count));
        }
    } else {
        return S_invalid(p, start, "'%s' must be %s, found %s", name, what, S_kind(p));
    }
    if (count != VG_FSRS_NWEIGHTS)
        return S_invalid(p, start, "'%s' must be %s, found %zu number%s", name, what, count,
                         count == 1 ? "" : "s");
    return VG_OK;
}

/* keys: a mapping of action names to keys, kept as text (the screens judge both). */
static vg_status S_text(S_parser *p, const char *what, char *out)
{
    if (p->y.ev.kind != VG_YAML_SCALAR || vg_yaml_is_null(&p->y))
        return S_invalid(p, p->y.ev.at, "'keys': %s must be a word, found %s", what, S_kind(p));
    if (p->y.ev.len >= VG_CONFIG_KEY_TEXT || memchr(p->y.ev.text, '\0', p->y.ev.len)) {
        char q[48];
        return S_invalid(p, p->y.ev.at, "'keys': %s '%s' is too long", what,
                         vg_yaml_quote(p->y.ev.text, p->y.ev.len, q, sizeof q));
    }
    memcpy(out, p->y.ev.text, p->y.ev.len);
    out[p->y.ev.len] = '\0';
    return VG_OK;
}

static vg_status S_keys(S_parser *p)
{
    if (p->y.ev.kind != VG_YAML_MAP_START)
        return S_invalid(p, p->y.ev.at,
                         "'keys' must be a mapping of actions to keys, like {again: \"&\"}, "
                         "found %s",
                         S_kind(p));
    vg_config *c = p->c;
    for (;;) {
        VG_TRY(vg_yaml_next(&p->y));
        if (p->y.ev.kind == VG_YAML_MAP_END)
            return VG_OK;
        if (c->nkeys == VG_CONFIG_MAX_KEYS)
            return S_invalid(p, p->y.ev.at, "'keys' has more than %d entries", VG_CONFIG_MAX_KEYS);
        vg_config_keybind *b = &c->keys[c->nkeys];
        b->action_line = p->y.ev.at.line;
        b->action_col = p->y.ev.at.col;
        VG_TRY(S_text(p, "an action", b->action));
        VG_TRY(vg_yaml_next(&p->y));
        b->key_line = p->y.ev.at.line;
        b->key_col = p->y.ev.at.col;
        VG_TRY(S_text(p, "a key", b->key));
        c->nkeys++;
    }
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
    uint32_t fa[MAX], fb[MAX];
    for (size_t i = 0; i < na; i++)
        fa[i] = (unsigned char)S_fold(a[i]);
    for (size_t j = 0; j < nb; j++)
        fb[j] = (unsigned char)S_fold(b[j]);
    return vg_edit_distance(fa, na, fb, nb, MAX);
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
    const char *k = p->y.ev.text;
    size_t n = p->y.ev.len;
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
    return S_invalid(p, p->y.ev.at, "unknown key '%s'%s; the known keys are %s",
                     vg_yaml_quote(k, n, q, sizeof q), hint, known);
}

/* The current event is a key of the top mapping: which one. */
static vg_status S_key(S_parser *p, vg_config_key *out)
{
    if (p->y.ev.kind != VG_YAML_SCALAR)
        return S_invalid(p, p->y.ev.at, "expected a setting's name, found %s", S_kind(p));
    for (int i = 0; i < VG_CONFIG_NKEYS; i++) {
        if (!S_is_word(p->y.ev.text, p->y.ev.len, S_key_names[i]))
            continue;
        if (p->key_line[i])
            return S_invalid(p, p->y.ev.at, "duplicate key '%s' (first on line %u)", S_key_names[i],
                             p->key_line[i]);
        p->key_line[i] = p->y.ev.at.line;
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
        VG_TRY(S_whole(p, k, 0, VG_CONFIG_MAX_PER_DAY, &v));
        c->new_per_day = (unsigned)v;
        return VG_OK;
    case VG_CONFIG_REVIEWS_PER_DAY:
        VG_TRY(S_whole(p, k, 0, VG_CONFIG_MAX_PER_DAY, &v));
        c->reviews_per_day = (unsigned)v;
        return VG_OK;
    case VG_CONFIG_DAY_STARTS_AT:
        VG_TRY(S_whole(p, k, 0, 23, &v));
        c->day_starts_at = (unsigned)v;
        return VG_OK;
    case VG_CONFIG_LEARN_AHEAD_MINUTES:
        VG_TRY(S_whole(p, k, 0, 1440, &v));
        c->learn_ahead_minutes = (unsigned)v;
        return VG_OK;
    case VG_CONFIG_LEECH_THRESHOLD:
        VG_TRY(S_whole(p, k, 0, 1000, &v));
        c->leech_threshold = (unsigned)v;
        return VG_OK;
    case VG_CONFIG_LEECH_ACTION:
        return S_leech_action(p);
    case VG_CONFIG_BURY_SIBLINGS:
        return S_bool(p, k, &c->bury_siblings);
    case VG_CONFIG_DESIRED_RETENTION:
        return S_retention(p);
    case VG_CONFIG_LEARNING_STEPS:
        return S_steps(p, k, sp->learning_steps, &sp->n_learning_steps);
    case VG_CONFIG_RELEARNING_STEPS:
        return S_steps(p, k, sp->relearning_steps, &sp->n_relearning_steps);
    case VG_CONFIG_MAXIMUM_INTERVAL:
        VG_TRY(S_whole(p, k, 1, VG_SCHED_MAX_IVL, &v));
        sp->maximum_interval = (int32_t)v;
        return VG_OK;
    case VG_CONFIG_FUZZ:
        return S_bool(p, k, &sp->enable_fuzz);
    case VG_CONFIG_FSRS_PARAMS:
    case VG_CONFIG_FSRS_WEIGHTS:
        return S_weights(p, k);
    case VG_CONFIG_KEYS:
        return S_keys(p);
    case VG_CONFIG_NKEYS:
        break;
    }
    return VG_OK;
}

/* The scheduler takes the settings as a whole (vg_sched_init is the one judge of them), and
 * clips weights outside the reference's ranges: say so, since the weights used are not the
 * ones written. */
static vg_status S_check_sched(S_parser *p, vg_yaml_mark top)
{
    vg_sched_params sp;
    vg_sched_params_default(&sp);
    vg_config_apply_sched(p->c, &sp);
    vg_sched s;
    vg_error e;
    vg_error_clear(&e);
    bool weights =
        vg_config_has(p->c, VG_CONFIG_FSRS_PARAMS) || vg_config_has(p->c, VG_CONFIG_FSRS_WEIGHTS);
    if (vg_sched_init(&s, &sp, &e) != VG_OK)
        return S_invalid(p, weights ? p->weights_mark : top, "%s", e.msg);
    if (!weights)
        return VG_OK;
    for (int i = 0; i < VG_FSRS_NWEIGHTS; i++) {
        if (s.p.weights[i] != sp.weights[i]) {
            S_warn_at(p, p->weights_mark.off,
                      "'%s': w%d = %g is out of its range; FSRS uses %g (and clips "
                      "any other weight out of range the same way)",
                      S_key_names[p->weights_key], i, sp.weights[i], s.p.weights[i]);
            break;
        }
    }
    return VG_OK;
}

static vg_status S_parse(S_parser *p)
{
    VG_TRY(vg_yaml_next(&p->y)); /* stream start */
    VG_TRY(vg_yaml_next(&p->y));
    if (p->y.ev.kind == VG_YAML_STREAM_END)
        return VG_OK;            /* empty, or only comments: the defaults */
    VG_TRY(vg_yaml_next(&p->y)); /* after the document start */
    vg_yaml_mark top = p->y.ev.at;
    if (vg_yaml_is_null(&p->y)) {
        /* "---" alone, or "~": no settings */
    } else if (p->y.ev.kind != VG_YAML_MAP_START) {
        return S_invalid(p, top, "expected settings as 'key: value' lines at the top, found %s",
                         S_kind(p));
    } else {
        for (;;) {
            VG_TRY(vg_yaml_next(&p->y));
            if (p->y.ev.kind == VG_YAML_MAP_END)
                break;
            vg_config_key k = VG_CONFIG_NKEYS;
            size_t key_off = p->y.ev.at.off;
            VG_TRY(S_key(p, &k));
            VG_TRY(vg_yaml_next(&p->y));
            VG_TRY(S_value(p, k));
            if (k >= VG_CONFIG_NKEYS) /* S_key has set it */
                return VG_INVALID;
            p->from[k] = key_off;
            p->to[k] = k == VG_CONFIG_FSRS_PARAMS || k == VG_CONFIG_FSRS_WEIGHTS ? p->weights_end
                                                                                 : p->y.ev.at.off;
            p->c->set |= 1u << k;
        }
    }
    VG_TRY(vg_yaml_next(&p->y)); /* document end */
    VG_TRY(vg_yaml_next(&p->y));
    if (p->y.ev.kind != VG_YAML_STREAM_END)
        return S_invalid(p, p->y.ev.at, "expected one document, found a second one");
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
    c->day_starts_at = (unsigned)o.days.start_hour;
    c->learn_ahead_minutes = (unsigned)(o.learn_ahead / 60);
    c->leech_threshold = o.leech_lapses;
    c->bury_siblings = o.bury_siblings;
}

vg_status vg_config_parse(const char *data, size_t len, const char *file, vg_config *c,
                          vg_error *err)
{
    vg_config_init(c);
    S_parser p = {.c = c};
    vg_yaml_opts o = {.file = file, .doc = "the configuration"};
    vg_status st = vg_yaml_init(&p.y, data, len, &o, err);
    if (st == VG_OK)
        st = S_parse(&p);
    vg_yaml_release(&p.y);
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
    if (vg_config_has(c, VG_CONFIG_FSRS_PARAMS) || vg_config_has(c, VG_CONFIG_FSRS_WEIGHTS))
        memcpy(p->weights, f->weights, sizeof p->weights);
}

void vg_config_apply_session(const vg_config *c, vg_session_opts *o)
{
    if (vg_config_has(c, VG_CONFIG_NEW_PER_DAY))
        o->new_per_day = c->new_per_day;
    if (vg_config_has(c, VG_CONFIG_REVIEWS_PER_DAY))
        o->reviews_per_day = c->reviews_per_day;
    if (vg_config_has(c, VG_CONFIG_DAY_STARTS_AT))
        o->days.start_hour = (int32_t)c->day_starts_at;
    if (vg_config_has(c, VG_CONFIG_LEARN_AHEAD_MINUTES))
        o->learn_ahead = (int32_t)c->learn_ahead_minutes * 60;
    if (vg_config_has(c, VG_CONFIG_LEECH_THRESHOLD))
        o->leech_lapses = c->leech_threshold;
    if (vg_config_has(c, VG_CONFIG_LEECH_ACTION))
        o->leech_tag = c->leech_tag;
    if (vg_config_has(c, VG_CONFIG_BURY_SIBLINGS))
        o->bury_siblings = c->bury_siblings;
}

void vg_config_format_weights(const double w[VG_FSRS_NWEIGHTS], vg_buf *out)
{
    for (int i = 0; i < VG_FSRS_NWEIGHTS; i++) {
        /* weights are never negative (their ranges start at 0 or above) */
        long long v = (long long)floor(w[i] * 10000 + 0.5);
        vg_buf_printf(out, "%s%lld.%04lld", i ? ", " : "", v / 10000, v % 10000);
    }
}

/* The comment a save wrote above a key: "# vgrev COMMAND," or ":" (optimize, import), so that
 * one command's value replaced by another's does not keep the first one's note. */
static bool S_note_line(const char *s, size_t len)
{
    static const char head[] = "# vgrev ";
    size_t n = sizeof head - 1, i = n;
    if (len <= n || memcmp(s, head, n) != 0)
        return false;
    while (i < len && s[i] >= 'a' && s[i] <= 'z')
        i++;
    return i > n && i < len && (s[i] == ',' || s[i] == ':');
}

static void S_write_retention(const vg_config *c, vg_buf *out)
{
    long v = (long)floor(c->sched.desired_retention * 10000 + 0.5); /* in (0, 1): 4 decimals */
    char d[8];
    snprintf(d, sizeof d, "%04ld", v % 10000);
    for (size_t n = strlen(d); n > 1 && d[n - 1] == '0'; n--)
        d[n - 1] = '\0';
    vg_buf_printf(out, "%ld.%s", v / 10000, d);
}

static void S_write_weights(const vg_config *c, vg_buf *out)
{
    vg_buf_addc(out, '[');
    vg_config_format_weights(c->sched.weights, out);
    vg_buf_addc(out, ']');
}

/* The keys vg_config_set writes, each replacing itself or `alias` (an older name). */
static const struct {
    vg_config_key key, alias;
    void (*write)(const vg_config *, vg_buf *);
} S_writers[] = {
    {VG_CONFIG_DESIRED_RETENTION, VG_CONFIG_DESIRED_RETENTION, S_write_retention},
    {VG_CONFIG_FSRS_PARAMS, VG_CONFIG_FSRS_WEIGHTS, S_write_weights},
};
enum { S_NWRITERS = sizeof S_writers / sizeof S_writers[0] };

typedef struct S_edit {
    size_t from, to; /* the whole lines replaced; from == to == len: added at the end */
    size_t w;        /* index in S_writers */
} S_edit;

/* The lines of key k (and of a save's comment just above it). */
static void S_edit_lines(const S_parser *p, const char *data, size_t len, vg_config_key k,
                         S_edit *e)
{
    size_t from = p->from[k], to = p->to[k];
    while (from > 0 && data[from - 1] != '\n')
        from--;
    while (to < len && data[to] != '\n')
        to++;
    to += to < len;
    if (from > 0) { /* the note an earlier save wrote above */
        size_t prev = from - 1;
        while (prev > 0 && data[prev - 1] != '\n')
            prev--;
        if (S_note_line(data + prev, from - 1 - prev))
            from = prev;
    }
    e->from = from;
    e->to = to;
}

vg_status vg_config_set(const char *data, size_t len, const char *file, const vg_config *values,
                        unsigned keys, const char *note, vg_buf *out, vg_error *err)
{
    vg_config c;
    vg_config_init(&c);
    S_parser p = {.c = &c};
    vg_yaml_opts o = {.file = file, .doc = "the configuration"};
    vg_status st = vg_yaml_init(&p.y, data, len, &o, err);
    if (st == VG_OK)
        st = S_parse(&p);
    vg_yaml_release(&p.y);
    if (st != VG_OK)
        return st;
    S_edit edits[S_NWRITERS];
    size_t n = 0;
    unsigned want = c.set;
    for (size_t w = 0; w < S_NWRITERS; w++) {
        vg_config_key k = S_writers[w].key, a = S_writers[w].alias;
        if (!(keys & 1u << k))
            continue;
        edits[n] = (S_edit){.from = len, .to = len, .w = w};
        if (p.key_line[k] || p.key_line[a])
            S_edit_lines(&p, data, len, p.key_line[k] ? k : a, &edits[n]);
        /* in the file's order; those added at the end in the table's */
        size_t i = n++;
        for (; i > 0 && edits[i - 1].from > edits[i].from; i--) {
            S_edit t = edits[i];
            edits[i] = edits[i - 1];
            edits[i - 1] = t;
        }
        want = (want & ~(1u << a)) | 1u << k;
    }
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        vg_buf_add(out, data + at, edits[i].from - at);
        if (out->len > 0 && out->data[out->len - 1] != '\n')
            vg_buf_addc(out, '\n');
        vg_buf_printf(out, "# %s\n%s: ", note, S_key_names[S_writers[edits[i].w].key]);
        S_writers[edits[i].w].write(values, out);
        vg_buf_addc(out, '\n');
        at = edits[i].to;
    }
    vg_buf_add(out, data + at, len - at);
    if (out->failed)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, "out of memory");
    /* A layout this line editing does not expect (a flow mapping at the top, a key sharing its
     * line, a document end marker) must not become a broken or different file. */
    vg_config again;
    vg_error e2;
    bool same =
        vg_config_parse(vg_buf_str(out), out->len, file, &again, &e2) == VG_OK && again.set == want;
    vg_buf a = VG_BUF_INIT, b = VG_BUF_INIT;
    for (size_t i = 0; same && i < n; i++) {
        vg_buf_clear(&a);
        vg_buf_clear(&b);
        S_writers[edits[i].w].write(values, &a);
        S_writers[edits[i].w].write(&again, &b);
        same = !a.failed && !b.failed && strcmp(vg_buf_str(&a), vg_buf_str(&b)) == 0;
    }
    vg_buf_release(&a);
    vg_buf_release(&b);
    if (!same)
        return vg_error_set(err, VG_INVALID, file, 0, 0,
                            "cannot add %s to this file's layout: put %s in by hand",
                            n == 1 ? S_key_names[S_writers[edits[0].w].key] : "the settings",
                            n == 1 ? "it" : "them");
    return VG_OK;
}
