/* Importing: the API of vgrev/import.h.
 *
 * A table (csv, tsv, anki) is read record by record; each record becomes a row with a front,
 * a back (and the further fields of an Anki note), a section and tags. Rows are grouped by
 * section (in the order sections first appear; rows without one first), written as a
 * markdown deck (import/markdown.c), and the deck is parsed back. Every card must come out with
 * the text it was made from; a row whose card does not is written again without styles and
 * math, and left out if that fails too. A row whose front repeats an earlier one of its
 * section is left out (the deck parser reports it as a duplicate id). Rows are numbered by
 * the input line their record starts on. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import_int.h"
#include "vgrev/render.h"
#include "vgrev/utf8.h"

/* ---- formats and names ---- */

static const char *const S_format_names[] = {"md", "csv", "tsv", "anki"};

const char *vg_import_format_name(vg_import_format f)
{
    return (unsigned)f < sizeof S_format_names / sizeof *S_format_names ? S_format_names[f] : "?";
}

/* Case-insensitive equality of s[0..len) and the lower-case word w. */
static bool S_eq_ci(const char *s, size_t len, const char *w)
{
    if (strlen(w) != len)
        return false;
    for (size_t i = 0; i < len; i++)
        if (vg_import_lower(s[i]) != w[i])
            return false;
    return true;
}

bool vg_import_format_parse(const char *name, vg_import_format *out)
{
    size_t n = strlen(name);
    if (S_eq_ci(name, n, "md") || S_eq_ci(name, n, "markdown"))
        *out = VG_IMPORT_MD;
    else if (S_eq_ci(name, n, "csv"))
        *out = VG_IMPORT_CSV;
    else if (S_eq_ci(name, n, "tsv"))
        *out = VG_IMPORT_TSV;
    else if (S_eq_ci(name, n, "anki"))
        *out = VG_IMPORT_ANKI;
    else
        return false;
    return true;
}

static size_t S_bom(const char *s, size_t len)
{
    return len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

static bool S_is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Trims spaces and tabs from both ends of s[*a..*b). */
static void S_trim(const char *s, size_t *a, size_t *b)
{
    while (*a < *b && S_is_blank(s[*a]))
        (*a)++;
    while (*b > *a && S_is_blank(s[*b - 1]))
        (*b)--;
}

static const char *const S_anki_keys[] = {"separator",
                                          "html",
                                          "tags",
                                          "columns",
                                          "notetype",
                                          "deck",
                                          "notetype column",
                                          "deck column",
                                          "tags column",
                                          "guid column",
                                          "if matches",
                                          "match scope",
                                          NULL};

/* The header key of the line s[a..e) ("#key:value"), as an index of S_anki_keys, or -1. */
static int S_anki_key(const char *s, size_t a, size_t e, size_t *value)
{
    if (a >= e || s[a] != '#')
        return -1;
    const char *colon = memchr(s + a, ':', e - a);
    if (!colon)
        return -1;
    size_t ka = a + 1, kb = (size_t)(colon - s);
    S_trim(s, &ka, &kb);
    for (int k = 0; S_anki_keys[k]; k++)
        if (S_eq_ci(s + ka, kb - ka, S_anki_keys[k])) {
            *value = (size_t)(colon - s) + 1;
            return k;
        }
    return -1;
}

static size_t S_eol(const char *s, size_t len, size_t i)
{
    while (i < len && s[i] != '\n' && s[i] != '\r')
        i++;
    return i;
}

bool vg_import_guess(const char *filename, const char *src, size_t len, vg_import_format *out)
{
    size_t a = S_bom(src, len), v;
    if (S_anki_key(src, a, S_eol(src, len, a), &v) >= 0) {
        *out = VG_IMPORT_ANKI;
        return true;
    }
    const char *base = filename ? strrchr(filename, '/') : NULL;
    base = base ? base + 1 : filename ? filename : "";
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return false;
    size_t n = strlen(dot + 1);
    static const struct {
        const char *ext;
        vg_import_format f;
    } exts[] = {{"md", VG_IMPORT_MD},   {"markdown", VG_IMPORT_MD}, {"csv", VG_IMPORT_CSV},
                {"tsv", VG_IMPORT_TSV}, {"tab", VG_IMPORT_TSV},     {"txt", VG_IMPORT_TSV}};
    for (size_t k = 0; k < sizeof exts / sizeof *exts; k++)
        if (S_eq_ci(dot + 1, n, exts[k].ext)) {
            *out = exts[k].f;
            return true;
        }
    return false;
}

bool vg_import_name(const char *want, char out[VG_IMPORT_NAME_MAX + 1])
{
    size_t n = strlen(want);
    if (n >= 3 && S_eq_ci(want + n - 3, 3, ".md"))
        n -= 3;
    char buf[VG_IMPORT_NAME_MAX * 2 + 2] = "";
    size_t o = 0;
    char last = '\0';
    for (size_t i = 0; i < n && o < sizeof buf - 1; i++) {
        char c = want[i];
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
        if (!keep)
            c = '-';
        if ((c == '-' || c == '.') && last == c)
            continue; /* runs of '-' or '.' are one: never ".." */
        if (o == 0 && (c == '-' || c == '.'))
            continue; /* no leading '.' (hidden) or '-' (an option) */
        buf[o++] = c;
        last = c;
    }
    if (o > VG_IMPORT_NAME_MAX)
        o = VG_IMPORT_NAME_MAX;
    while (o && (buf[o - 1] == '-' || buf[o - 1] == '.'))
        o--;
    memcpy(out, buf, o);
    out[o] = '\0';
    return o > 0;
}

/* ---- the import ---- */

typedef struct S_note {
    vg_import_note note;
    size_t seq;
} S_note;

typedef struct S_row {
    unsigned line, col;   /* of the record */
    unsigned fline, fcol; /* of the front field */
    const char *front, *back;
    size_t front_len, back_len;
    const char **extra; /* further fields of an Anki note, added to the back */
    size_t *extra_len;
    size_t nextra;
    const char *section; /* "" when none */
    const char *tags;    /* "" when none */
    unsigned stray_line, stray_col;
    const char *cand; /* the last field, when it may be a column of tags (S_imp.tag_guess) */
    size_t cand_len, cand_field;
    unsigned cand_line, cand_col;
    unsigned rule_line, rule_col; /* an <hr id=answer> after text that is not the front */
    size_t group;
    unsigned level; /* 0: as written; 1: without styles and math */
    bool skip;
    unsigned out_line; /* of its card in the markdown */
} S_row;

typedef struct S_imp {
    const char *src;
    size_t len;
    const vg_import_opts *o;
    const char *file;
    vg_import_result *r;
    vg_arena *a;
    S_note *notes;
    size_t nnotes, cap_notes;
    bool nomem;
    vg_error *err;
    bool have_err;

    /* tables */
    char delim;
    bool html, anki, dollar_math;
    bool headless;      /* anki: no header lines (older Anki, or recognised by its HTML) */
    bool tag_guess;     /* no header names the columns: the last may hold tags (S_row.cand) */
    unsigned anki_keys; /* header lines read */
    unsigned *titles;   /* lines before the first row with no separator: titles, comments */
    size_t ntitles, cap_titles;
    size_t data_start;
    unsigned data_line;
    const char **labels; /* '#columns:' or the header row */
    size_t nlabels;
    unsigned header_line;
    long col_front, col_back, col_section, col_tags; /* 0-based; -1 none */
    long meta[4];                                    /* anki: guid, notetype, deck, tags */
    size_t expect_fields;                            /* csv, tsv: fields per row */
    const char *global_deck, *global_tags;
    S_row *rows;
    size_t nrows, cap_rows;
    const char **groups; /* section titles; groups[0] = "" */
    size_t ngroups, cap_groups;
    size_t *map; /* open addressing: group index + 1 */
    size_t map_cap;
} S_imp;

static bool S_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap && *p)
        return true;
    size_t c = *cap ? *cap : 16;
    while (c < need) {
        if (c > SIZE_MAX / 4 / elem)
            return false;
        c *= 2;
    }
    void *q = realloc(*p, c * elem);
    if (!q)
        return false;
    *p = q;
    *cap = c;
    return true;
}

static char *S_dup(S_imp *im, const char *s, size_t len)
{
    char *p = vg_arena_strndup(im->a, s ? s : "", s ? len : 0);
    if (!p)
        im->nomem = true;
    return p;
}

__attribute__((format(printf, 5, 6))) static void
S_note_add(S_imp *im, vg_import_level level, unsigned line, unsigned col, const char *fmt, ...)
{
    char msg[VG_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!S_grow((void **)&im->notes, &im->cap_notes, im->nnotes + 1, sizeof *im->notes)) {
        im->nomem = true;
        return;
    }
    const char *m = S_dup(im, msg, strlen(msg));
    if (!m)
        return;
    im->notes[im->nnotes] = (S_note){{level, line, col, m}, im->nnotes};
    im->nnotes++;
    if (level == VG_IMPORT_ERROR) {
        im->r->errors++;
        if (!im->have_err) {
            vg_error_set(im->err, VG_PARSE, im->file, line, col, "%s", msg);
            im->have_err = true;
        }
    }
}

/* A short, one-line form of s for messages: whitespace folded, at most 40 characters (then
 * "…"), never half a character. */
static const char *S_short(const char *s, char out[200])
{
    size_t o = 0, chars = 0, n = strlen(s);
    bool space = false;
    size_t i = 0;
    while (i < n) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
            space = o > 0;
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = vg_utf8_decode(s + i, n - i, &cp);
        if (chars + space >= 40 || o + space + k > 190)
            break;
        if (space) {
            out[o++] = ' ';
            chars++;
        }
        space = false;
        memcpy(out + o, s + i, k);
        o += k;
        chars++;
        i += k;
    }
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    if (i < n) {
        memcpy(out + o, "\xE2\x80\xA6", 3);
        o += 3;
    }
    out[o] = '\0';
    return out;
}

/* The input's bytes must be UTF-8 text. */
static bool S_check_bytes(S_imp *im)
{
    if (im->len > VG_DECK_MAX_BYTES) {
        S_note_add(im, VG_IMPORT_ERROR, 0, 0, "file too large (%zu bytes; at most %u MB)", im->len,
                   (unsigned)(VG_DECK_MAX_BYTES >> 20));
        return false;
    }
    size_t off = vg_utf8_check(im->src, im->len);
    if (off < im->len) {
        unsigned line, col;
        vg_import_locate(im->src, im->len, off, &line, &col);
        if (!im->src[off])
            S_note_add(im, VG_IMPORT_ERROR, line, col, "NUL byte (not a text file?)");
        else
            S_note_add(im, VG_IMPORT_ERROR, line, col,
                       "invalid UTF-8 (byte 0x%02X): save the file as UTF-8",
                       (unsigned char)im->src[off]);
        return false;
    }
    size_t a = S_bom(im->src, im->len);
    bool blank = true;
    for (size_t i = a; i < im->len && blank; i++)
        blank = S_is_blank(im->src[i]) || im->src[i] == '\n' || im->src[i] == '\r';
    if (blank) {
        S_note_add(im, VG_IMPORT_ERROR, 0, 0, "empty file: nothing to import");
        return false;
    }
    return true;
}

/* ---- sections and tags ---- */

/* A section title from a field: plain text; Anki's subdecks "A::B" become "A › B". */
static const char *S_section(S_imp *im, const char *s, size_t len)
{
    vg_buf plain = VG_BUF_INIT, out = VG_BUF_INIT;
    vg_field_plain(s, len, im->html, &plain);
    const char *p = vg_buf_str(&plain);
    size_t i = 0;
    while (i <= plain.len) {
        const char *sep = i < plain.len ? strstr(p + i, "::") : NULL;
        size_t e = sep ? (size_t)(sep - p) : plain.len;
        size_t a = i, b = e;
        while (a < b && p[a] == ' ')
            a++;
        while (b > a && p[b - 1] == ' ')
            b--;
        if (b > a) {
            if (out.len)
                vg_buf_adds(&out, " \u203a ");
            vg_buf_add(&out, p + a, b - a);
        }
        i = e + 2;
    }
    const char *r = S_dup(im, vg_buf_str(&out), out.len);
    if (plain.failed || out.failed)
        im->nomem = true;
    vg_buf_release(&plain);
    vg_buf_release(&out);
    return r;
}

/* A character a tag may keep: letters, digits, non-ASCII, and _ - : . / + # @ = &. Nothing
 * that could end the comment the tags go in ("--", '>') or open math or code in it. */
static bool S_tag_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (unsigned char)c >= 0x80 || (c && strchr("_-:./+#@=&", c));
}

/* Tags, space-separated, safe inside an HTML comment. */
static void S_add_tags(vg_buf *out, const char *s, size_t len, bool html)
{
    vg_buf plain = VG_BUF_INIT;
    vg_field_plain(s, len, html, &plain);
    const char *p = vg_buf_str(&plain);
    size_t i = 0;
    while (i < plain.len) {
        while (i < plain.len && (p[i] == ' ' || p[i] == ',' || p[i] == ';'))
            i++;
        size_t a = i, start = out->len;
        char last = '\0';
        if (a < plain.len && out->len)
            vg_buf_addc(out, ' ');
        size_t tag_start = out->len;
        for (; i < plain.len && p[i] != ' ' && p[i] != ',' && p[i] != ';'; i++) {
            if (!S_tag_char(p[i]) || (p[i] == '-' && last == '-'))
                continue;
            vg_buf_addc(out, p[i]);
            last = p[i];
        }
        if (out->len == tag_start) {
            out->len = start; /* nothing left of it */
            if (out->data)
                out->data[out->len] = '\0';
        }
        if (i == a)
            i++;
    }
    if (plain.failed)
        out->failed = true;
    vg_buf_release(&plain);
}

/* ---- groups: one per section title ---- */

static uint64_t S_hash(const char *s)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

static size_t S_group(S_imp *im, const char *title)
{
    if (!*title)
        return 0;
    if ((im->ngroups + 1) * 2 > im->map_cap) {
        size_t cap = im->map_cap ? im->map_cap * 2 : 64;
        size_t *map = calloc(cap, sizeof *map);
        if (!map) {
            im->nomem = true;
            return 0;
        }
        for (size_t g = 1; g < im->ngroups; g++) {
            size_t j = (size_t)S_hash(im->groups[g]) & (cap - 1);
            while (map[j])
                j = (j + 1) & (cap - 1);
            map[j] = g + 1;
        }
        free(im->map);
        im->map = map;
        im->map_cap = cap;
    }
    size_t j = (size_t)S_hash(title) & (im->map_cap - 1);
    while (im->map[j]) {
        if (strcmp(im->groups[im->map[j] - 1], title) == 0)
            return im->map[j] - 1;
        j = (j + 1) & (im->map_cap - 1);
    }
    if (!S_grow((void **)&im->groups, &im->cap_groups, im->ngroups + 1, sizeof *im->groups)) {
        im->nomem = true;
        return 0;
    }
    im->groups[im->ngroups] = title;
    im->map[j] = ++im->ngroups;
    return im->ngroups - 1;
}

/* ---- columns ---- */

static const char *const S_front_names[] = {
    "front", "question", "q", "term", "word", "prompt", "text", "cue", "concept", "recto", NULL};
static const char *const S_back_names[] = {"back",    "answer",      "a",           "definition",
                                           "meaning", "translation", "explanation", "response",
                                           "extra",   "back extra",  "verso",       NULL};
static const char *const S_section_names[] = {"section",  "deck",    "chapter", "topic",
                                              "category", "subdeck", "group",   NULL};
static const char *const S_tags_names[] = {"tags", "tag", "keywords", "labels", NULL};

static bool S_label_is(const char *label, const char *const *names)
{
    size_t a = 0, b = strlen(label);
    S_trim(label, &a, &b);
    for (; *names; names++)
        if (S_eq_ci(label + a, b - a, *names))
            return true;
    return false;
}

static bool S_label_eq(const char *label, const char *want)
{
    size_t a = 0, b = strlen(label), c = 0, d = strlen(want);
    S_trim(label, &a, &b);
    S_trim(want, &c, &d);
    if (b - a != d - c)
        return false;
    for (size_t i = 0; i < b - a; i++)
        if (vg_import_lower(label[a + i]) != vg_import_lower(want[c + i]))
            return false;
    return true;
}

static bool S_is_meta(const S_imp *im, long col)
{
    for (int k = 0; k < 4; k++)
        if (im->meta[k] == col)
            return true;
    return false;
}

/* A column given by an option: a 1-based number or a label. -2 on an error (noted). */
static long S_option_col(S_imp *im, const char *what, const char *spec)
{
    if (!spec)
        return -1;
    size_t n = strlen(spec);
    bool digits = n > 0 && n < 6;
    for (size_t i = 0; i < n && digits; i++)
        digits = spec[i] >= '0' && spec[i] <= '9';
    if (digits) {
        long v = strtol(spec, NULL, 10);
        if (v >= 1)
            return v - 1;
        S_note_add(im, VG_IMPORT_ERROR, 0, 0, "%s column '%s': columns are numbered from 1", what,
                   spec);
        return -2;
    }
    for (size_t i = 0; i < im->nlabels; i++)
        if (S_label_eq(im->labels[i], spec))
            return (long)i;
    char q[200];
    if (!im->nlabels)
        S_note_add(im, VG_IMPORT_ERROR, 0, 0,
                   "%s column '%s': the file has no header row naming its columns; give a number",
                   what, S_short(spec, q));
    else
        S_note_add(im, VG_IMPORT_ERROR, im->header_line, 1,
                   "%s column '%s': no column has that name", what, S_short(spec, q));
    return -2;
}

/* The first column whose label is one of names and that is free; -1 when none. */
static long S_named_col(const S_imp *im, const char *const *names, const long *taken, int ntaken)
{
    for (size_t i = 0; i < im->nlabels; i++) {
        bool used = S_is_meta(im, (long)i);
        for (int k = 0; k < ntaken && !used; k++)
            used = taken[k] == (long)i;
        if (!used && S_label_is(im->labels[i], names))
            return (long)i;
    }
    return -1;
}

/* The first free column at or after from (below ncols when ncols > 0); -1 when none. */
static long S_free_col(const S_imp *im, long from, size_t ncols, const long *taken, int ntaken)
{
    for (long i = from; ncols == 0 || (size_t)i < ncols; i++) {
        if (i > VG_CSV_MAX_FIELDS)
            return -1;
        bool used = S_is_meta(im, i);
        for (int k = 0; k < ntaken && !used; k++)
            used = taken[k] == i;
        if (!used)
            return i;
    }
    return -1;
}

/* Decides the columns; ncols is the number of fields of the first row. False on an error. */
static bool S_columns(S_imp *im, size_t ncols)
{
    const vg_import_opts *o = im->o;
    long f = S_option_col(im, "front", o->front_col), b = S_option_col(im, "back", o->back_col),
         s = S_option_col(im, "section", o->section_col), t = S_option_col(im, "tags", o->tags_col);
    if (f == -2 || b == -2 || s == -2 || t == -2)
        return false;
    if (im->anki) {
        /* Anki's columns: a section column is its deck column unless one is chosen. */
        if (s < 0)
            s = im->meta[2];
        if (t < 0)
            t = im->meta[3];
    }
    long taken[4] = {f, b, s, t};
    if (s < 0)
        taken[2] = s = S_named_col(im, S_section_names, taken, 4);
    if (t < 0)
        taken[3] = t = S_named_col(im, S_tags_names, taken, 4);
    if (f < 0)
        taken[0] = f = S_named_col(im, S_front_names, taken, 4);
    if (b < 0)
        taken[1] = b = S_named_col(im, S_back_names, taken, 4);
    size_t width = im->nlabels > ncols ? im->nlabels : ncols;
    if (f < 0)
        taken[0] = f = S_free_col(im, 0, im->anki ? 0 : width, taken, 4);
    if (b < 0)
        taken[1] = b = S_free_col(im, 0, im->anki ? 0 : width, taken, 4);
    im->col_front = f;
    im->col_back = b;
    im->col_section = s;
    im->col_tags = t;
    /* No header names the columns: a last column after the front and the back may be Anki's
     * tags (older exports put them there with no header line). Decided once every row is read
     * (S_guess_tags): never glued to the back. */
    im->tag_guess = t < 0 && !im->nlabels && (!im->anki || im->headless) && f < 2 && b < 2 &&
                    (im->anki || ncols >= 3);
    long guess = im->tag_guess && !im->anki ? (long)ncols - 1 : -1;
    if (guess >= 0 && guess == s)
        im->tag_guess = false, guess = -1;
    if (f < 0 || (!im->anki && (size_t)f >= width)) {
        S_note_add(im, VG_IMPORT_ERROR, im->header_line, 1,
                   "no column for the fronts of the cards");
        return false;
    }
    if (b < 0 || (!im->anki && (size_t)b >= width)) {
        S_note_add(im, VG_IMPORT_ERROR, im->header_line ? im->header_line : im->data_line, 1,
                   "only one column: a card needs a front and a back (two columns)");
        return false;
    }
    if (!im->anki) {
        /* Columns nobody reads are worth a word: the header may be misspelt. */
        vg_buf list = VG_BUF_INIT;
        size_t unused = 0;
        for (size_t i = 0; i < width; i++) {
            if ((long)i == f || (long)i == b || (long)i == s || (long)i == t || (long)i == guess)
                continue;
            if (unused++ < 4) {
                char q[200];
                vg_buf_printf(&list, "%s%zu", list.len ? ", " : "", i + 1);
                if (i < im->nlabels)
                    vg_buf_printf(&list, " '%s'", S_short(im->labels[i], q));
            }
        }
        if (unused)
            S_note_add(im, VG_IMPORT_WARNING, im->header_line ? im->header_line : im->data_line, 1,
                       "column%s %s%s not used (a header row naming front, back, section and "
                       "tags columns says what they hold)",
                       unused > 1 ? "s" : "", vg_buf_str(&list), unused > 4 ? ", ..." : "");
        vg_buf_release(&list);
    }
    return true;
}

/* Is the first record a header row? */
static bool S_is_header(const S_imp *im, const vg_csv_record *r)
{
    const vg_import_opts *o = im->o;
    const char *specs[] = {o->front_col, o->back_col, o->section_col, o->tags_col};
    for (int k = 0; k < 4; k++) {
        if (!specs[k])
            continue;
        bool digits = *specs[k] != '\0';
        for (const char *p = specs[k]; *p && digits; p++)
            digits = *p >= '0' && *p <= '9';
        if (!digits)
            return true; /* a column named by an option: there must be a header */
    }
    /* Names of two columns, or one of the names no first card would have. */
    static const char *const sure[] = {"front", "back", "question", "answer", NULL};
    const char *const *lists[] = {S_front_names, S_back_names, S_section_names, S_tags_names};
    int hits = 0;
    for (size_t i = 0; i < r->nfields; i++) {
        const vg_csv_field *f = &r->fields[i];
        if (f->len > 40)
            continue;
        char label[41];
        memcpy(label, vg_csv_text(r, f), f->len);
        label[f->len] = '\0';
        if (S_label_is(label, sure))
            return true;
        for (int k = 0; k < 4; k++)
            if (S_label_is(label, lists[k])) {
                hits++;
                break;
            }
    }
    return hits >= 2;
}

static bool S_take_labels(S_imp *im, const vg_csv_record *r)
{
    im->labels = vg_arena_alloc(im->a, (r->nfields ? r->nfields : 1) * sizeof *im->labels);
    if (!im->labels) {
        im->nomem = true;
        return false;
    }
    for (size_t i = 0; i < r->nfields; i++) {
        im->labels[i] = S_dup(im, vg_csv_text(r, &r->fields[i]), r->fields[i].len);
        if (!im->labels[i])
            return false;
    }
    im->nlabels = r->nfields;
    return true;
}

/* ---- Anki's header lines ---- */

static bool S_anki_header(S_imp *im)
{
    const char *s = im->src;
    size_t i = S_bom(s, im->len), n = im->len;
    unsigned line = 1;
    bool first = true;
    while (i < n) {
        size_t e = S_eol(s, n, i);
        size_t v;
        int key = S_anki_key(s, i, e, &v);
        if (key < 0 && s[i] == '#') {
            /* a comment */
        } else if (key < 0 && first && e - i >= 5 && memcmp(s + i, "tags:", 5) == 0) {
            im->global_tags = S_dup(im, s + i + 5, e - i - 5); /* the old form of '#tags:' */
            im->anki_keys++;
        } else if (key < 0) {
            break;
        } else {
            const char *name = S_anki_keys[key];
            im->anki_keys++;
            size_t va = v, vb = e;
            S_trim(s, &va, &vb);
            unsigned vl, vc;
            vg_import_locate(s, n, v, &vl, &vc);
            if (strcmp(name, "separator") == 0) {
                static const struct {
                    const char *name;
                    char c;
                } seps[] = {{"tab", '\t'},  {"comma", ','}, {"semicolon", ';'},
                            {"space", ' '}, {"pipe", '|'},  {"colon", ':'}};
                int found = -1;
                for (int k = 0; k < 6 && found < 0; k++)
                    if ((e - v == 1 && s[v] == seps[k].c) ||
                        S_eq_ci(s + va, vb - va, seps[k].name) ||
                        (vb - va == 1 && s[va] == seps[k].c))
                        found = k;
                if (found < 0) {
                    char q[200], *val = S_dup(im, s + va, vb - va);
                    S_note_add(im, VG_IMPORT_ERROR, vl, vc,
                               "unknown separator '%s' (Anki's are tab, comma, semicolon, space, "
                               "pipe and colon)",
                               val ? S_short(val, q) : "");
                    return false;
                }
                im->delim = seps[found].c;
            } else if (strcmp(name, "html") == 0) {
                if (S_eq_ci(s + va, vb - va, "true"))
                    im->html = true;
                else if (S_eq_ci(s + va, vb - va, "false"))
                    im->html = false;
                else
                    S_note_add(im, VG_IMPORT_WARNING, vl, vc,
                               "'#html:' is true or false; reading fields as HTML");
            } else if (strcmp(name, "tags") == 0) {
                im->global_tags = S_dup(im, s + va, vb - va);
            } else if (strcmp(name, "deck") == 0) {
                im->global_deck = S_dup(im, s + va, vb - va);
            } else if (strcmp(name, "columns") == 0) {
                vg_csv c;
                vg_csv_init(&c, s, e, v, line, im->delim, im->file);
                vg_csv_record rec = {0};
                vg_error err;
                vg_error_clear(&err);
                if (vg_csv_next(&c, &rec, &err) == 1)
                    S_take_labels(im, &rec);
                else if (err.status == VG_NOMEM)
                    im->nomem = true;
                vg_csv_record_release(&rec);
            } else if (strstr(name, " column")) {
                int which = name[0] == 'g' ? 0 : name[0] == 'n' ? 1 : name[0] == 'd' ? 2 : 3;
                bool ok = vb > va && vb - va < 6;
                for (size_t k = va; k < vb && ok; k++)
                    ok = s[k] >= '0' && s[k] <= '9';
                long col = 0;
                for (size_t k = va; k < vb && ok; k++)
                    col = col * 10 + (s[k] - '0'); /* the input is not NUL-terminated */
                if (!ok)
                    S_note_add(im, VG_IMPORT_WARNING, vl, vc,
                               "'#%s:' is not a column number; ignored", name);
                im->meta[which] = col >= 1 ? col - 1 : -1;
            }
            /* "notetype", "if matches", "match scope": nothing a deck keeps */
        }
        first = false;
        i = e;
        if (i < n && s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
            i++;
        if (i < n)
            i++;
        line++;
    }
    im->data_start = i;
    im->data_line = line;
    return !im->nomem;
}

/* ---- reading the rows ---- */

static const char *S_delim_name(char d)
{
    switch (d) {
    case '\t':
        return "tab";
    case ',':
        return "comma";
    case ';':
        return "semicolon";
    case ' ':
        return "space";
    case '|':
        return "pipe";
    case ':':
        return "colon";
    default:
        return "separator";
    }
}

/* Do two HTML fields read as the same text? */
static bool S_same_plain(const char *a, size_t alen, const char *b, size_t blen)
{
    vg_buf x = VG_BUF_INIT, y = VG_BUF_INIT;
    vg_field_plain(a ? a : "", a ? alen : 0, true, &x);
    vg_field_plain(b, blen, true, &y);
    bool same = x.len == y.len && (!x.len || memcmp(x.data, y.data, x.len) == 0);
    vg_buf_release(&x);
    vg_buf_release(&y);
    return same;
}

static const char *S_field(S_imp *im, const vg_csv_record *r, long col, size_t *len)
{
    *len = 0;
    if (col < 0 || (size_t)col >= r->nfields)
        return NULL;
    const vg_csv_field *f = &r->fields[col];
    *len = f->len;
    return S_dup(im, vg_csv_text(r, f), f->len);
}

/* A row with a front and no back field: nothing to learn from it. */
static void S_no_back(S_imp *im, const vg_csv_record *r, const vg_csv_field *front)
{
    vg_buf plain = VG_BUF_INIT;
    vg_field_plain(vg_csv_text(r, front), front->len, im->html, &plain);
    char q[200];
    S_note_add(im, VG_IMPORT_SKIPPED, r->line, r->col,
               "skipped: '%s' has no back (no %s on the line)", S_short(vg_buf_str(&plain), q),
               S_delim_name(im->delim));
    if (plain.failed)
        im->nomem = true;
    vg_buf_release(&plain);
}

static bool S_add_row(S_imp *im, const vg_csv_record *r)
{
    if (!S_grow((void **)&im->rows, &im->cap_rows, im->nrows + 1, sizeof *im->rows)) {
        im->nomem = true;
        return false;
    }
    S_row *row = &im->rows[im->nrows++];
    memset(row, 0, sizeof *row);
    row->line = r->line;
    row->col = r->col;
    row->stray_line = r->stray_line;
    row->stray_col = r->stray_col;
    im->r->rows++;
    if (!im->anki && r->nfields == 1 && r->fields[0].len) {
        row->skip = true;
        im->r->skipped++;
        S_no_back(im, r, &r->fields[0]);
        return true;
    }
    if (!im->anki && r->nfields != im->expect_fields) {
        row->skip = true;
        im->r->skipped++;
        S_note_add(im, VG_IMPORT_SKIPPED, r->line, r->col,
                   "skipped: %zu field%s where the %s has %zu (a quote or a %s too many or too "
                   "few?)",
                   r->nfields, r->nfields == 1 ? "" : "s", im->nlabels ? "header row" : "first row",
                   im->expect_fields, im->delim == '\t' ? "tab" : "comma");
        return true;
    }
    if (im->anki && im->col_front >= 0 && (size_t)im->col_front < r->nfields &&
        r->fields[im->col_front].len && (size_t)im->col_back >= r->nfields) {
        row->skip = true;
        im->r->skipped++;
        S_no_back(im, r, &r->fields[im->col_front]);
        return true;
    }
    row->front = S_field(im, r, im->col_front, &row->front_len);
    row->back = S_field(im, r, im->col_back, &row->back_len);
    if (im->col_front >= 0 && (size_t)im->col_front < r->nfields) {
        row->fline = r->fields[im->col_front].line;
        row->fcol = r->fields[im->col_front].col;
    } else {
        row->fline = r->line;
        row->fcol = r->col;
    }
    size_t rule, after;
    if (im->html && row->back && vg_field_answer_rule(row->back, row->back_len, &rule, &after)) {
        /* Anki's card layout: the answer side repeats the question above <hr id=answer>. */
        if (!S_same_plain(row->front, row->front_len, row->back, rule)) {
            row->rule_line = r->fields[im->col_back].line;
            row->rule_col = r->fields[im->col_back].col;
        }
        row->back += after;
        row->back_len -= after;
    }
    long cand = -1;
    if (im->tag_guess && r->nfields >= 3) {
        cand = (long)r->nfields - 1;
        if (cand == im->col_front || cand == im->col_back || cand == im->col_section ||
            S_is_meta(im, cand))
            cand = -1;
    }
    if (cand >= 0) {
        row->cand = S_field(im, r, cand, &row->cand_len);
        row->cand_line = r->fields[cand].line;
        row->cand_col = r->fields[cand].col;
        row->cand_field = (size_t)cand;
    }
    size_t slen = 0;
    const char *sec = S_field(im, r, im->col_section, &slen);
    if (!sec && im->anki && im->global_deck) {
        sec = im->global_deck;
        slen = strlen(sec);
    }
    row->section = sec ? S_section(im, sec, slen) : "";
    vg_buf tags = VG_BUF_INIT;
    size_t tlen = 0;
    const char *t = S_field(im, r, im->col_tags, &tlen);
    if (t)
        S_add_tags(&tags, t, tlen, im->html);
    if (im->global_tags)
        S_add_tags(&tags, im->global_tags, strlen(im->global_tags), false);
    row->tags = S_dup(im, vg_buf_str(&tags), tags.len);
    if (tags.failed)
        im->nomem = true;
    vg_buf_release(&tags);
    if (im->anki) {
        /* The note's other fields, in column order, follow the back. */
        size_t extra = 0;
        for (size_t i = 0; i < r->nfields; i++)
            if ((long)i != im->col_front && (long)i != im->col_back && (long)i != im->col_section &&
                (long)i != im->col_tags && (long)i != cand && !S_is_meta(im, (long)i) &&
                r->fields[i].len)
                extra++;
        if (extra) {
            row->extra = vg_arena_alloc(im->a, extra * sizeof *row->extra);
            row->extra_len = vg_arena_alloc(im->a, extra * sizeof *row->extra_len);
            if (!row->extra || !row->extra_len) {
                im->nomem = true;
                return false;
            }
            for (size_t i = 0; i < r->nfields; i++) {
                if ((long)i == im->col_front || (long)i == im->col_back ||
                    (long)i == im->col_section || (long)i == im->col_tags || (long)i == cand ||
                    S_is_meta(im, (long)i) || !r->fields[i].len)
                    continue;
                row->extra[row->nextra] = S_field(im, r, (long)i, &row->extra_len[row->nextra]);
                row->nextra++;
            }
        }
    }
    row->group = S_group(im, row->section);
    return !im->nomem;
}

/* The lines before the first row that have no separator: a title, or a comment. */
static void S_titles_note(S_imp *im)
{
    for (size_t i = 0; i < im->ntitles; i++) {
        unsigned line = im->titles[i] >> 1;
        if (im->titles[i] & 1)
            S_note_add(im, VG_IMPORT_INFO, line, 0, "skipped: a comment line before the rows");
        else
            S_note_add(im, VG_IMPORT_INFO, line, 0,
                       "skipped: a title line before the rows (it has no %s)",
                       S_delim_name(im->delim));
    }
}

static vg_status S_read_table(S_imp *im)
{
    vg_csv c;
    vg_csv_init(&c, im->src, im->len, im->data_start, im->data_line, im->delim, im->file);
    c.comments = im->anki && !im->headless;
    vg_csv_record r = {0};
    vg_error err;
    vg_error_clear(&err);
    bool first = true, comments_only = true;
    int got;
    while ((got = vg_csv_next(&c, &r, &err)) == 1) {
        if (r.blank)
            continue;
        if (first && r.nfields == 1) {
            /* No separator before the first row: a title ("List of questions") or a comment
             * ("# ..."), reported once the rows show there are columns. */
            if (!S_grow((void **)&im->titles, &im->cap_titles, im->ntitles + 1,
                        sizeof *im->titles) ||
                r.line > UINT_MAX / 2) {
                im->nomem = true;
                break;
            }
            bool comment = r.fields[0].len && vg_csv_text(&r, &r.fields[0])[0] == '#';
            comments_only = comments_only && comment;
            im->titles[im->ntitles++] = r.line << 1 | comment;
            continue;
        }
        if (first) {
            first = false;
            S_titles_note(im);
            im->expect_fields = r.nfields;
            if (!im->anki && S_is_header(im, &r)) {
                im->header_line = r.line;
                if (!S_take_labels(im, &r) || !S_columns(im, r.nfields))
                    break;
                continue;
            }
            im->data_line = r.line;
            if (!S_columns(im, r.nfields))
                break;
        }
        if (!S_add_row(im, &r))
            break;
    }
    vg_csv_record_release(&r);
    if (got < 0) {
        if (err.status == VG_NOMEM)
            im->nomem = true;
        else
            S_note_add(im, VG_IMPORT_ERROR, err.line, err.col, "%s", err.msg);
    }
    if (im->nomem)
        return VG_NOMEM;
    if (first && im->ntitles && !im->r->errors) {
        if (comments_only)
            S_note_add(im, VG_IMPORT_ERROR, 0, 0, "only comments: nothing to import");
        else
            S_note_add(im, VG_IMPORT_ERROR, im->titles[0] >> 1, 1,
                       "only one column: a card needs a front and a back (two columns)");
        return VG_PARSE;
    }
    if (im->r->errors)
        return VG_PARSE;
    if (!im->nrows) {
        S_note_add(im, VG_IMPORT_ERROR, 0, 0,
                   im->nlabels ? "no rows after the header: nothing to import"
                               : "no rows: nothing to import");
        return VG_PARSE;
    }
    return VG_OK;
}

/* ---- a column of tags that no header names ---- */

/* Does a field read as Anki's tags: words separated by spaces, each of the characters a tag
 * keeps (S_tag_char: '::' hierarchies included), and nothing of a sentence: no ',', ';',
 * '?', '!', quotes, brackets, and no word that ends in '.' or ':'? */
static bool S_tag_like(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        while (i < len && s[i] == ' ')
            i++;
        size_t a = i;
        for (; i < len && s[i] != ' '; i++)
            if (!S_tag_char(s[i]))
                return false;
        if (i > a && (s[i - 1] == '.' || s[i - 1] == ':'))
            return false;
    }
    return true;
}

/* A last column that no header names: the rows' tags when every row holds tags there (and
 * one at least holds some), else left out with a warning that says why. */
static void S_guess_tags(S_imp *im)
{
    const S_row *bad = NULL, *some = NULL;
    for (size_t i = 0; i < im->nrows && !bad; i++) {
        const S_row *row = &im->rows[i];
        if (row->skip || !row->cand || !row->cand_len)
            continue;
        if (!S_tag_like(row->cand, row->cand_len))
            bad = row;
        else if (!some)
            some = row;
    }
    char q[200];
    if (bad) {
        char *v = S_dup(im, bad->cand, bad->cand_len);
        if (v)
            S_note_add(im, VG_IMPORT_WARNING, bad->cand_line, bad->cand_col,
                       "column %zu not used: no header names it, and '%s' is not a list of tags "
                       "(words separated by spaces, no sentence)",
                       bad->cand_field + 1, S_short(v, q));
        return;
    }
    if (!some)
        return; /* empty in every row: Anki's notes without tags */
    vg_buf tags = VG_BUF_INIT;
    for (size_t i = 0; i < im->nrows && !im->nomem; i++) {
        S_row *row = &im->rows[i];
        if (row->skip || !row->cand || !row->cand_len)
            continue;
        vg_buf_clear(&tags);
        S_add_tags(&tags, row->cand, row->cand_len, false);
        if (*row->tags) {
            vg_buf_addc(&tags, ' ');
            vg_buf_adds(&tags, row->tags);
        }
        row->tags = S_dup(im, vg_buf_str(&tags), tags.len);
    }
    if (tags.failed)
        im->nomem = true;
    vg_buf_release(&tags);
    char *v = S_dup(im, some->cand, some->cand_len);
    if (v)
        S_note_add(im, VG_IMPORT_INFO, some->cand_line, some->cand_col,
                   "column %zu read as tags ('%s'): no header names it, and in every row it "
                   "holds words separated by spaces, as Anki exports tags",
                   some->cand_field + 1, S_short(v, q));
}

/* ---- Anki's export without header lines ---- */

/* Is the tab-separated input Anki's export, by the HTML in its fields? */
static bool S_detect(S_imp *im)
{
    vg_csv c;
    vg_csv_init(&c, im->src, im->len, im->data_start, im->data_line, '\t', im->file);
    vg_csv_record r = {0};
    vg_error err;
    vg_error_clear(&err);
    bool found = false;
    while (!found && vg_csv_next(&c, &r, &err) == 1) {
        if (r.nfields < 2)
            continue; /* a title, or a row the reading reports */
        for (size_t i = 0; i < r.nfields && !found; i++) {
            const vg_csv_field *f = &r.fields[i];
            size_t at, n;
            if (!vg_field_html_hint(vg_csv_text(&r, f), f->len, &at, &n))
                continue;
            found = true;
            char q[200], *hint = S_dup(im, vg_csv_text(&r, f) + at, n);
            if (hint)
                S_note_add(im, VG_IMPORT_INFO, f->line, f->col,
                           "recognised as Anki's export: HTML in the fields ('%s' in this one), "
                           "no header lines",
                           S_short(hint, q));
        }
    }
    if (err.status == VG_NOMEM)
        im->nomem = true;
    vg_csv_record_release(&r);
    return found;
}

/* ---- rows to markdown ---- */

typedef struct S_conv_out {
    vg_ir front, back, tmp, field;
    vg_ir shown; /* the front as the deck parser reads it back (a trailing ':' dropped) */
    vg_field_report rep;
    unsigned long long clozes;
} S_conv_out;

static void S_conv_init(S_conv_out *c)
{
    vg_ir_init(&c->front);
    vg_ir_init(&c->back);
    vg_ir_init(&c->tmp);
    vg_ir_init(&c->field);
    vg_ir_init(&c->shown);
}

static void S_conv_release(S_conv_out *c)
{
    vg_ir_release(&c->front);
    vg_ir_release(&c->back);
    vg_ir_release(&c->tmp);
    vg_ir_release(&c->field);
    vg_ir_release(&c->shown);
}

/* The row's front (one line) and back as rich text. */
static void S_convert(const S_imp *im, const S_row *row, S_conv_out *c)
{
    vg_field_opts fo = {.html = im->html, .dollar_math = im->dollar_math, .plain = row->level > 0};
    memset(&c->rep, 0, sizeof c->rep);
    bool cloze = row->front && vg_field_has_cloze(row->front, row->front_len);
    vg_ir_clear(&c->tmp);
    fo.cloze = cloze ? VG_CLOZE_QUESTION : VG_CLOZE_NONE;
    if (row->front)
        vg_field_convert(row->front, row->front_len, &fo, &c->tmp, &c->rep);
    vg_ir_end(&c->tmp);
    vg_ir_front(&c->tmp, &c->front, false);
    vg_ir_front(&c->tmp, &c->shown, true);

    vg_ir_clear(&c->back);
    if (cloze) {
        /* The answer side: the text with its deletions shown, then the other fields. */
        fo.cloze = VG_CLOZE_ANSWER;
        vg_field_report ignore = {0};
        vg_field_convert(row->front, row->front_len, &fo, &c->back, &ignore);
        vg_ir_end(&c->back);
        c->clozes = c->rep.clozes;
    }
    fo.cloze = VG_CLOZE_NONE;
    const char *fields[1 + 64];
    size_t lens[1 + 64], nf = 0;
    if (row->back)
        fields[nf] = row->back, lens[nf++] = row->back_len;
    for (size_t k = 0; k < row->nextra && nf < 65; k++)
        fields[nf] = row->extra[k], lens[nf++] = row->extra_len[k];
    for (size_t k = 0; k < nf; k++) {
        vg_ir_clear(&c->field);
        vg_field_convert(fields[k], lens[k], &fo, &c->field, &c->rep);
        vg_ir_end(&c->field);
        if (c->field.nblocks)
            vg_ir_append(&c->back, &c->field);
        vg_ir_end(&c->back);
    }
    if (!cloze)
        c->clozes = 0;
}

static size_t S_count_lines(const char *s, size_t len)
{
    size_t n = 0;
    for (const char *p = s; (p = memchr(p, '\n', len - (size_t)(p - s))); p++)
        n++;
    return n;
}

static const char *S_basename(const char *path)
{
    const char *b = path ? strrchr(path, '/') : NULL;
    return b ? b + 1 : path ? path : "";
}

/* Writes the deck; rows get their out_line. */
static void S_generate(S_imp *im, const size_t *order, vg_buf *md)
{
    vg_buf_clear(md);
    const char *title = im->o->title && *im->o->title ? im->o->title : "Imported deck";
    vg_buf_adds(md, "# ");
    vg_md_plain(md, title, strlen(title));
    vg_buf_adds(md, "\n\n");
    const char *base = S_basename(im->o->file);
    if (*base) {
        vg_buf_adds(md, "Imported from ");
        vg_md_plain(md, base, strlen(base));
        vg_buf_adds(md, " by vgrev.\n");
    }
    size_t line = S_count_lines(vg_buf_str(md), md->len) + 1;
    S_conv_out c;
    S_conv_init(&c);
    vg_buf cards = VG_BUF_INIT;
    size_t i = 0;
    while (i < im->nrows) {
        size_t g = im->rows[order[i]].group, j = i;
        vg_buf_clear(&cards);
        size_t rel = 0, count = 0;
        for (; j < im->nrows && im->rows[order[j]].group == g; j++) {
            S_row *row = &im->rows[order[j]];
            if (row->skip)
                continue;
            S_convert(im, row, &c);
            if (vg_ir_empty(&c.shown)) {
                row->skip = true;
                im->r->skipped++;
                S_note_add(im, VG_IMPORT_SKIPPED, row->fline, row->fcol,
                           c.rep.images || c.rep.sounds || c.rep.media
                               ? "skipped: the front has no text (only media, which a terminal "
                                 "cannot show)"
                               : "skipped: empty front");
                continue;
            }
            row->out_line = (unsigned)rel; /* relative for now */
            size_t before = cards.len;
            vg_md_card(&cards, &c.front, &c.back, row->tags);
            rel += S_count_lines(cards.data + before, cards.len - before);
            count++;
        }
        if (count) {
            size_t base_line = line;
            vg_buf_addc(md, '\n');
            base_line++;
            if (*im->groups[g]) {
                vg_buf_adds(md, "## ");
                vg_md_plain(md, im->groups[g], strlen(im->groups[g]));
                vg_buf_adds(md, "\n\n");
                base_line += 2;
            }
            for (size_t k = i; k < j; k++)
                if (!im->rows[order[k]].skip)
                    im->rows[order[k]].out_line += (unsigned)base_line;
            vg_buf_add(md, vg_buf_str(&cards), cards.len);
            line = base_line + rel;
        }
        i = j;
    }
    if (cards.failed || c.front.failed || c.back.failed || c.tmp.failed || c.field.failed)
        im->nomem = true;
    vg_buf_release(&cards);
    S_conv_release(&c);
    if (md->failed)
        im->nomem = true;
}

/* The rows that made cards, by markdown line (order is by group, so by out_line). */
typedef struct S_index {
    size_t *rows; /* indexes in im->rows */
    size_t n;
    S_row *all;
} S_index;

static bool S_index_build(S_imp *im, const size_t *order, S_index *ix)
{
    ix->n = 0;
    ix->all = im->rows;
    ix->rows = malloc((im->nrows ? im->nrows : 1) * sizeof *ix->rows);
    if (!ix->rows) {
        im->nomem = true;
        return false;
    }
    for (size_t i = 0; i < im->nrows; i++) {
        const S_row *r = &im->rows[order[i]];
        if (!r->skip && r->out_line)
            ix->rows[ix->n++] = order[i];
    }
    return true;
}

/* The row whose card spans markdown line `line`: the last one starting at or before it. */
static S_row *S_row_at(const S_index *ix, unsigned line)
{
    size_t lo = 0, hi = ix->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix->all[ix->rows[mid]].out_line <= line)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? &ix->all[ix->rows[lo - 1]] : NULL;
}

static bool S_same_text(S_imp *im, const vg_ir *ir, const vg_rich *parsed, vg_buf *a, vg_buf *b,
                        vg_arena *scratch)
{
    vg_rich want;
    if (!vg_ir_rich(ir, scratch, &want)) {
        im->nomem = true;
        return true;
    }
    vg_buf_clear(a);
    vg_buf_clear(b);
    vg_render_inline(&want, a);
    vg_render_inline(parsed, b);
    if (a->failed || b->failed)
        im->nomem = true;
    return a->len == b->len && memcmp(vg_buf_str(a), vg_buf_str(b), a->len) == 0;
}

static int S_by_line(const void *pa, const void *pb)
{
    const S_note *a = pa, *b = pb;
    if (a->note.line != b->note.line)
        return a->note.line < b->note.line ? -1 : 1;
    if (a->note.col != b->note.col)
        return a->note.col < b->note.col ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Parses the markdown and checks every card against its row. Returns true when a row
 * changed (left out, or to be written without styles): the deck must be written again. */
static bool S_verify(S_imp *im, const size_t *order, const vg_buf *md, vg_deck **out)
{
    vg_deck *deck = NULL;
    vg_error err;
    vg_error_clear(&err);
    vg_status st = vg_deck_parse(vg_buf_str(md), md->len, im->file, &deck, &err);
    if (st != VG_OK) {
        if (st == VG_NOMEM)
            im->nomem = true;
        else
            S_note_add(im, VG_IMPORT_ERROR, 0, 0, "the deck made from the rows: %s", err.msg);
        return false;
    }
    *out = deck;
    S_index ix;
    if (!S_index_build(im, order, &ix))
        return false;
    bool changed = false;
    vg_arena *scratch = vg_arena_new();
    S_conv_out c;
    S_conv_init(&c);
    vg_buf a = VG_BUF_INIT, b = VG_BUF_INIT;
    size_t ci = 0, di = 0;
    for (size_t i = 0; i < ix.n && scratch && !im->nomem; i++) {
        S_row *row = &ix.all[ix.rows[i]];
        while (ci < deck->ncards && deck->cards[ci].line < row->out_line)
            ci++;
        const vg_card *card =
            ci < deck->ncards && deck->cards[ci].line == row->out_line ? &deck->cards[ci] : NULL;
        S_convert(im, row, &c);
        if (card && S_same_text(im, &c.shown, &card->front, &a, &b, scratch) &&
            S_same_text(im, &c.back, &card->back, &a, &b, scratch))
            continue;
        changed = true;
        const vg_diag *dup = NULL;
        while (di < deck->ndiags && deck->diags[di].line < row->out_line)
            di++;
        for (size_t d = di; !card && d < deck->ndiags && deck->diags[d].line == row->out_line; d++)
            if (strncmp(deck->diags[d].msg, "duplicate card", 14) == 0)
                dup = &deck->diags[d];
        if (dup) {
            /* Same section, same front: the id of an earlier card. */
            const char *at = strstr(dup->msg, "(first at line ");
            S_row *first = at ? S_row_at(&ix, (unsigned)strtoul(at + 15, NULL, 10)) : NULL;
            char q[200];
            vg_rich fr;
            vg_buf_clear(&a);
            if (vg_ir_rich(&c.shown, scratch, &fr))
                vg_render_inline(&fr, &a);
            row->skip = true;
            im->r->skipped++;
            if (first && *row->section)
                S_note_add(im, VG_IMPORT_SKIPPED, row->fline, row->fcol,
                           "skipped: duplicate front '%s' in section '%s' (first at line %u)",
                           S_short(vg_buf_str(&a), q), row->section, first->line);
            else if (first)
                S_note_add(im, VG_IMPORT_SKIPPED, row->fline, row->fcol,
                           "skipped: duplicate front '%s' (first at line %u)",
                           S_short(vg_buf_str(&a), q), first->line);
            else
                S_note_add(im, VG_IMPORT_SKIPPED, row->fline, row->fcol,
                           "skipped: duplicate front '%s'", S_short(vg_buf_str(&a), q));
        } else if (row->level == 0) {
            row->level = 1; /* the markdown did not read back as the row: without styles */
        } else {
            row->skip = true;
            im->r->skipped++;
            S_note_add(im, VG_IMPORT_SKIPPED, row->line, row->col,
                       "skipped: the row could not be written as a markdown card");
        }
    }
    if (!scratch || a.failed || b.failed)
        im->nomem = true;
    vg_buf_release(&a);
    vg_buf_release(&b);
    S_conv_release(&c);
    vg_arena_free(scratch);
    free(ix.rows);
    return changed;
}

/* Notes about what each imported row lost, and the deck's warnings, by row. */
static void S_report(S_imp *im, const size_t *order, const vg_deck *deck)
{
    S_index ix;
    if (!S_index_build(im, order, &ix))
        return;
    S_conv_out c;
    S_conv_init(&c);
    for (size_t i = 0; i < ix.n && !im->nomem; i++) {
        S_row *row = &ix.all[ix.rows[i]];
        S_convert(im, row, &c);
        const vg_field_report *rep = &c.rep;
        char q[200];
        if (row->stray_line)
            S_note_add(im, VG_IMPORT_WARNING, row->stray_line, row->stray_col,
                       "text after a closing quote kept as it is (a '\"' inside a quoted field "
                       "is written '\"\"')");
        if (row->level)
            S_note_add(im, VG_IMPORT_WARNING, row->line, row->col,
                       "styles and math dropped: they could not be written as markdown");
        if (row->rule_line)
            S_note_add(im, VG_IMPORT_WARNING, row->rule_line, row->rule_col,
                       "the back starts after its <hr id=answer>: the question above the rule "
                       "was dropped, though it is not the front");
        if (rep->images)
            S_note_add(im, VG_IMPORT_WARNING, row->line, row->col,
                       "%zu image%s dropped ('%s'%s): a terminal shows text only", rep->images,
                       rep->images > 1 ? "s" : "", S_short(rep->first_image, q),
                       rep->images > 1 ? ", ..." : "");
        if (rep->sounds)
            S_note_add(im, VG_IMPORT_WARNING, row->line, row->col, "%zu sound%s dropped ('%s'%s)",
                       rep->sounds, rep->sounds > 1 ? "s" : "", S_short(rep->first_sound, q),
                       rep->sounds > 1 ? ", ..." : "");
        if (rep->media)
            S_note_add(im, VG_IMPORT_WARNING, row->line, row->col, "audio or video dropped");
        if (rep->tables)
            S_note_add(im, VG_IMPORT_WARNING, row->line, row->col, "a table became lines of text");
        unsigned long long cl = c.clozes;
        if (cl & (cl - 1)) {
            vg_buf nums = VG_BUF_INIT;
            for (int k = 0; k < 64; k++)
                if (cl & (1ULL << k))
                    vg_buf_printf(&nums, "%sc%d", nums.len ? ", " : "", k + 1);
            S_note_add(im, VG_IMPORT_WARNING, row->line, row->col,
                       "cloze deletions %s are one card here, with all of them hidden",
                       vg_buf_str(&nums));
            vg_buf_release(&nums);
        }
    }
    S_conv_release(&c);
    for (size_t d = 0; deck && d < deck->ndiags; d++) {
        S_row *row = S_row_at(&ix, deck->diags[d].line);
        if (!row)
            continue;
        S_note_add(im, deck->diags[d].level == VG_DIAG_ERROR ? VG_IMPORT_ERROR : VG_IMPORT_WARNING,
                   row->line, row->col, "%s", deck->diags[d].msg);
    }
    free(ix.rows);
}

static vg_status S_import_table(S_imp *im)
{
    im->delim = im->o->format == VG_IMPORT_CSV ? ',' : '\t';
    im->anki = im->o->format == VG_IMPORT_ANKI;
    im->html = im->anki;
    im->dollar_math = !im->anki;
    for (int k = 0; k < 4; k++)
        im->meta[k] = -1;
    im->col_front = im->col_back = im->col_section = im->col_tags = -1;
    im->data_start = S_bom(im->src, im->len);
    im->data_line = 1;
    im->r->format = im->o->format;
    if (im->anki && !S_anki_header(im))
        return im->nomem ? VG_NOMEM : VG_PARSE;
    if (im->anki && !im->anki_keys) {
        /* Older Anki wrote no header lines: '#' lines before the rows are titles then. */
        im->headless = true;
        im->data_start = S_bom(im->src, im->len);
        im->data_line = 1;
    } else if (im->o->format == VG_IMPORT_TSV && im->o->detect && S_detect(im)) {
        im->anki = im->html = im->headless = true;
        im->dollar_math = false;
        im->r->format = VG_IMPORT_ANKI;
    }
    if (im->nomem)
        return VG_NOMEM;
    /* groups[0]: the rows without a section, first in the deck (before any '##'). */
    if (!S_grow((void **)&im->groups, &im->cap_groups, 1, sizeof *im->groups))
        return VG_NOMEM;
    im->groups[im->ngroups++] = "";
    vg_status st = S_read_table(im);
    if (st != VG_OK)
        return st;
    if (im->tag_guess)
        S_guess_tags(im);
    if (im->nomem)
        return VG_NOMEM;

    /* Rows by group (counting sort), in input order within a group. */
    size_t *order = malloc(im->nrows * sizeof *order);
    size_t *start = calloc(im->ngroups + 1, sizeof *start);
    if (!order || !start) {
        free(order);
        free(start);
        return VG_NOMEM;
    }
    for (size_t i = 0; i < im->nrows; i++)
        start[im->rows[i].group + 1]++;
    for (size_t g = 0; g < im->ngroups; g++)
        start[g + 1] += start[g];
    for (size_t i = 0; i < im->nrows; i++)
        order[start[im->rows[i].group]++] = i;
    free(start);

    vg_buf md = VG_BUF_INIT;
    vg_deck *deck = NULL;
    for (int pass = 0; pass < 6 && !im->nomem; pass++) {
        vg_deck_free(deck);
        deck = NULL;
        S_generate(im, order, &md);
        if (im->nomem || md.len > VG_DECK_MAX_BYTES)
            break;
        if (!S_verify(im, order, &md, &deck))
            break;
    }
    if (!im->nomem && md.len > VG_DECK_MAX_BYTES)
        S_note_add(im, VG_IMPORT_ERROR, 0, 0, "the deck would be larger than %u MB",
                   (unsigned)(VG_DECK_MAX_BYTES >> 20));
    if (!im->nomem && deck)
        S_report(im, order, deck);
    free(order);
    if (!im->nomem && deck && !im->r->errors && deck->ncards == 0)
        S_note_add(im, VG_IMPORT_ERROR, 0, 0, "no cards: every row was skipped");
    if (im->nomem || im->r->errors || !deck) {
        vg_deck_free(deck);
        vg_buf_release(&md);
        return im->nomem ? VG_NOMEM : VG_PARSE;
    }
    im->r->len = md.len;
    im->r->markdown = vg_buf_detach(&md);
    im->r->deck = deck;
    if (!im->r->markdown) {
        vg_deck_free(deck);
        im->r->deck = NULL;
        return VG_NOMEM;
    }
    return VG_OK;
}

static vg_status S_import_md(S_imp *im)
{
    vg_deck *deck = NULL;
    vg_error err;
    vg_error_clear(&err);
    vg_status st = vg_deck_parse(im->src, im->len, im->file, &deck, &err);
    if (st == VG_NOMEM)
        return st;
    if (st != VG_OK) {
        S_note_add(im, VG_IMPORT_ERROR, err.line, err.col, "%s", err.msg);
        return st;
    }
    for (size_t d = 0; d < deck->ndiags; d++)
        S_note_add(im, deck->diags[d].level == VG_DIAG_ERROR ? VG_IMPORT_ERROR : VG_IMPORT_WARNING,
                   deck->diags[d].line, deck->diags[d].col, "%s", deck->diags[d].msg);
    if (!im->r->errors && deck->ncards == 0)
        S_note_add(im, VG_IMPORT_ERROR, 0, 0,
                   "no cards: a card is a top-level bullet that opens with bold text, "
                   "'- **Front**: back' (see docs/deck-format.md)");
    if (im->r->errors || im->nomem) {
        vg_deck_free(deck);
        return im->nomem ? VG_NOMEM : VG_PARSE;
    }
    char *copy = malloc(im->len ? im->len : 1);
    if (!copy) {
        vg_deck_free(deck);
        return VG_NOMEM;
    }
    memcpy(copy, im->src, im->len);
    im->r->markdown = copy;
    im->r->len = im->len;
    im->r->deck = deck;
    return VG_OK;
}

vg_status vg_import(const char *src, size_t len, const vg_import_opts *opts, vg_import_result **out,
                    vg_error *err)
{
    if (out)
        *out = NULL;
    if (!opts || !out || (!src && len))
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "vg_import: bad arguments");
    if ((unsigned)opts->format > VG_IMPORT_ANKI)
        return vg_error_set(err, VG_INVALID, opts->file, 0, 0, "unknown format");
    vg_import_result *r = calloc(1, sizeof *r);
    vg_arena *a = vg_arena_new();
    if (!r || !a) {
        free(r);
        vg_arena_free(a);
        return vg_error_set(err, VG_NOMEM, opts->file, 0, 0, NULL);
    }
    r->arena = a;
    r->format = opts->format;
    vg_error local;
    vg_error_clear(&local);
    S_imp im = {.src = src ? src : "",
                .len = len,
                .o = opts,
                .file = opts->file ? opts->file : "",
                .r = r,
                .a = a,
                .err = err ? err : &local};
    vg_error_clear(im.err);
    vg_status st;
    if (!S_check_bytes(&im))
        st = im.nomem ? VG_NOMEM : im.len > VG_DECK_MAX_BYTES ? VG_INVALID : VG_PARSE;
    else if (opts->format == VG_IMPORT_MD)
        st = S_import_md(&im);
    else
        st = S_import_table(&im);
    if (im.nomem)
        st = VG_NOMEM;
    free(im.rows);
    free(im.titles);
    free(im.groups);
    free(im.map);
    if (st == VG_NOMEM) {
        free(im.notes);
        vg_import_free(r);
        return vg_error_set(err, VG_NOMEM, opts->file, 0, 0, NULL);
    }
    /* Notes in input order; then the public array. */
    if (im.nnotes)
        qsort(im.notes, im.nnotes, sizeof *im.notes, S_by_line);
    r->notes = im.nnotes ? vg_arena_alloc(a, im.nnotes * sizeof *r->notes) : NULL;
    if (im.nnotes && !r->notes) {
        free(im.notes);
        vg_import_free(r);
        return vg_error_set(err, VG_NOMEM, opts->file, 0, 0, NULL);
    }
    for (size_t i = 0; i < im.nnotes; i++)
        r->notes[i] = im.notes[i].note;
    r->nnotes = im.nnotes;
    free(im.notes);
    if (st != VG_OK && !im.have_err)
        vg_error_set(im.err, st, im.file, 0, 0, "import failed");
    if (st == VG_OK)
        vg_error_clear(im.err);
    else if (im.err->status == VG_PARSE && st != VG_PARSE)
        im.err->status = st;
    *out = r;
    return st;
}

void vg_import_free(vg_import_result *r)
{
    if (!r)
        return;
    free((char *)r->markdown);
    vg_deck_free((vg_deck *)r->deck);
    vg_arena_free(r->arena);
    free(r);
}
