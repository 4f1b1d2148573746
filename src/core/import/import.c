/* Importing: the API of vgrev/import.h.
 *
 * A table (csv, tsv, anki) is read record by record; each record becomes a row with a front,
 * a back (and the further fields of an Anki note), a section and tags. Rows are grouped by
 * section (in the order sections first appear; rows without one first), written as a
 * markdown deck (import/markdown.c), and the deck is parsed back. Every card must come out with
 * the text it was made from; a row whose card does not is written again without styles and
 * math, and left out if that fails too. A row whose front repeats an earlier one of its
 * section is left out (the deck parser reports it as a duplicate id). Rows are numbered by
 * the input line their record starts on. What a table's head says is read in import/header.c,
 * the rows in import/rows.c; the deck is written, checked and reported on in import/report.c. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import_int.h"
#include "vgrev/utf8.h"

/* ---- formats and names ---- */

static const char *const S_format_names[] = {"md", "csv", "tsv", "anki"};

const char *vg_import_format_name(vg_import_format f)
{
    return (unsigned)f < sizeof S_format_names / sizeof *S_format_names ? S_format_names[f] : "?";
}

/* Case-insensitive equality of s[0..len) and the lower-case word w. */
bool vg_imp_eq_ci(const char *s, size_t len, const char *w)
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
    if (vg_imp_eq_ci(name, n, "md") || vg_imp_eq_ci(name, n, "markdown"))
        *out = VG_IMPORT_MD;
    else if (vg_imp_eq_ci(name, n, "csv"))
        *out = VG_IMPORT_CSV;
    else if (vg_imp_eq_ci(name, n, "tsv"))
        *out = VG_IMPORT_TSV;
    else if (vg_imp_eq_ci(name, n, "anki"))
        *out = VG_IMPORT_ANKI;
    else
        return false;
    return true;
}

size_t vg_imp_bom(const char *s, size_t len)
{
    return len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

static bool S_is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Trims spaces and tabs from both ends of s[*a..*b). */
void vg_imp_trim(const char *s, size_t *a, size_t *b)
{
    while (*a < *b && S_is_blank(s[*a]))
        (*a)++;
    while (*b > *a && S_is_blank(s[*b - 1]))
        (*b)--;
}

const char *const vg_imp_anki_keys[] = {"separator",
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

/* The header key of the line s[a..e) ("#key:value"), as an index of vg_imp_anki_keys, or -1. */
int vg_imp_anki_key(const char *s, size_t a, size_t e, size_t *value)
{
    if (a >= e || s[a] != '#')
        return -1;
    const char *colon = memchr(s + a, ':', e - a);
    if (!colon)
        return -1;
    size_t ka = a + 1, kb = (size_t)(colon - s);
    vg_imp_trim(s, &ka, &kb);
    for (int k = 0; vg_imp_anki_keys[k]; k++)
        if (vg_imp_eq_ci(s + ka, kb - ka, vg_imp_anki_keys[k])) {
            *value = (size_t)(colon - s) + 1;
            return k;
        }
    return -1;
}

size_t vg_imp_eol(const char *s, size_t len, size_t i)
{
    while (i < len && s[i] != '\n' && s[i] != '\r')
        i++;
    return i;
}

bool vg_import_guess(const char *filename, const char *src, size_t len, vg_import_format *out)
{
    size_t a = vg_imp_bom(src, len), v;
    if (vg_imp_anki_key(src, a, vg_imp_eol(src, len, a), &v) >= 0) {
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
        if (vg_imp_eq_ci(dot + 1, n, exts[k].ext)) {
            *out = exts[k].f;
            return true;
        }
    return false;
}

bool vg_import_name(const char *want, char out[VG_IMPORT_NAME_MAX + 1])
{
    size_t n = strlen(want);
    if (n >= 3 && vg_imp_eq_ci(want + n - 3, 3, ".md"))
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

/* ---- what every stage uses ---- */

char *vg_imp_dup(vg_imp *im, const char *s, size_t len)
{
    char *p = vg_arena_strndup(im->a, s ? s : "", s ? len : 0);
    if (!p)
        im->nomem = true;
    return p;
}

void vg_imp_note_add(vg_imp *im, vg_import_level level, unsigned line, unsigned col,
                     const char *fmt, ...)
{
    char msg[VG_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!vg_grow((void **)&im->notes, &im->cap_notes, im->nnotes + 1, sizeof *im->notes)) {
        im->nomem = true;
        return;
    }
    const char *m = vg_imp_dup(im, msg, strlen(msg));
    if (!m)
        return;
    im->notes[im->nnotes] = (vg_imp_note){{level, line, col, m}, im->nnotes};
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
const char *vg_imp_short(const char *s, char out[200])
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
static bool S_check_bytes(vg_imp *im)
{
    if (im->len > VG_DECK_MAX_BYTES) {
        vg_imp_note_add(im, VG_IMPORT_ERROR, 0, 0, "file too large (%zu bytes; at most %u MB)",
                        im->len, (unsigned)(VG_DECK_MAX_BYTES >> 20));
        return false;
    }
    size_t off = vg_utf8_check(im->src, im->len);
    if (off < im->len) {
        unsigned line, col;
        vg_import_locate(im->src, im->len, off, &line, &col);
        if (!im->src[off])
            vg_imp_note_add(im, VG_IMPORT_ERROR, line, col, "NUL byte (not a text file?)");
        else
            vg_imp_note_add(im, VG_IMPORT_ERROR, line, col,
                            "invalid UTF-8 (byte 0x%02X): save the file as UTF-8",
                            (unsigned char)im->src[off]);
        return false;
    }
    size_t a = vg_imp_bom(im->src, im->len);
    bool blank = true;
    for (size_t i = a; i < im->len && blank; i++)
        blank = S_is_blank(im->src[i]) || im->src[i] == '\n' || im->src[i] == '\r';
    if (blank) {
        vg_imp_note_add(im, VG_IMPORT_ERROR, 0, 0, "empty file: nothing to import");
        return false;
    }
    return true;
}

/* ---- sections and tags ---- */

/* A section title from a field: plain text; Anki's subdecks "A::B" become "A › B". */
const char *vg_imp_section(vg_imp *im, const char *s, size_t len)
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
    const char *r = vg_imp_dup(im, vg_buf_str(&out), out.len);
    if (plain.failed || out.failed)
        im->nomem = true;
    vg_buf_release(&plain);
    vg_buf_release(&out);
    return r;
}

/* A character a tag may keep: letters, digits, non-ASCII, and _ - : . / + # @ = &. Nothing
 * that could end the comment the tags go in ("--", '>') or open math or code in it. */
bool vg_imp_tag_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (unsigned char)c >= 0x80 || (c && strchr("_-:./+#@=&", c));
}

/* Tags, space-separated, safe inside an HTML comment. */
void vg_imp_add_tags(vg_buf *out, const char *s, size_t len, bool html)
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
            if (!vg_imp_tag_char(p[i]) || (p[i] == '-' && last == '-'))
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

size_t vg_imp_group(vg_imp *im, const char *title)
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
    if (!vg_grow((void **)&im->groups, &im->cap_groups, im->ngroups + 1, sizeof *im->groups)) {
        im->nomem = true;
        return 0;
    }
    im->groups[im->ngroups] = title;
    im->map[j] = ++im->ngroups;
    return im->ngroups - 1;
}

static int S_by_line(const void *pa, const void *pb)
{
    const vg_imp_note *a = pa, *b = pb;
    if (a->note.line != b->note.line)
        return a->note.line < b->note.line ? -1 : 1;
    if (a->note.col != b->note.col)
        return a->note.col < b->note.col ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* vg_import_opts.check: the deck that the fast check let go unparsed is parsed all the same,
 * and the import refused when the parse finds what the check said it would not (a card that
 * reads back otherwise, a duplicate, a diagnostic at a card, other counts). */
static void S_cross_check(vg_imp *im, const size_t *order, const vg_buf *md)
{
    vg_deck *deck = NULL;
    size_t notes = im->nnotes;
    bool changed = vg_imp_verify(im, order, md, &deck);
    if (im->nomem) {
        vg_deck_free(deck);
        return;
    }
    unsigned first = UINT_MAX;
    for (size_t i = 0; i < im->nrows; i++)
        if (!im->rows[i].skip && im->rows[i].out_line && im->rows[i].out_line < first)
            first = im->rows[i].out_line;
    size_t diags = 0;
    for (size_t d = 0; deck && d < deck->ndiags; d++)
        diags += deck->diags[d].line >= first;
    if (!deck || changed || diags || im->nnotes != notes || deck->ncards != im->cards ||
        deck->nsections != im->sections)
        vg_imp_note_add(im, VG_IMPORT_ERROR, 0, 0,
                        "internal error: the deck read back is not what the rows' check said "
                        "(%s, %zu diagnostics, %zu cards for %zu, %zu sections for %zu)",
                        changed ? "a row changed" : "no row changed", diags,
                        deck ? deck->ncards : 0, im->cards, deck ? deck->nsections : 0,
                        im->sections);
    vg_deck_free(deck);
}

static vg_status S_import_table(vg_imp *im)
{
    im->delim = im->o->format == VG_IMPORT_CSV ? ',' : '\t';
    im->anki = im->o->format == VG_IMPORT_ANKI;
    im->html = im->anki;
    im->dollar_math = !im->anki;
    for (int k = 0; k < 4; k++)
        im->meta[k] = -1;
    im->col_front = im->col_back = im->col_section = im->col_tags = -1;
    im->data_start = vg_imp_bom(im->src, im->len);
    im->data_line = 1;
    im->r->format = im->o->format;
    if (im->anki && !vg_imp_anki_header(im))
        return im->nomem ? VG_NOMEM : VG_PARSE;
    if (im->anki && !im->anki_keys) {
        /* Older Anki wrote no header lines: '#' lines before the rows are titles then. */
        im->headless = true;
        im->data_start = vg_imp_bom(im->src, im->len);
        im->data_line = 1;
    } else if (im->o->format == VG_IMPORT_TSV && im->o->detect && vg_imp_detect(im)) {
        im->anki = im->html = im->headless = true;
        im->dollar_math = false;
        im->r->format = VG_IMPORT_ANKI;
    }
    if (im->nomem)
        return VG_NOMEM;
    /* groups[0]: the rows without a section, first in the deck (before any '##'). */
    if (!vg_grow((void **)&im->groups, &im->cap_groups, 1, sizeof *im->groups))
        return VG_NOMEM;
    im->groups[im->ngroups++] = "";
    vg_status st = vg_imp_read_table(im);
    if (st != VG_OK)
        return st;
    if (im->tag_guess)
        vg_imp_guess_tags(im);
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
    im->fast = im->o->no_deck;
    im->cross_check = im->o->no_deck && im->o->check;
    bool read_back = false;
    for (int pass = 0; pass < 6 && !im->nomem; pass++) {
        vg_deck_free(deck);
        deck = NULL;
        vg_imp_generate(im, order, &md);
        if (im->nomem || md.len > VG_DECK_MAX_BYTES)
            break;
        if (im->fast) {
            if (im->cross_check)
                S_cross_check(im, order, &md);
            break;
        }
        read_back = true;
        if (!vg_imp_verify(im, order, &md, &deck))
            break;
    }
    if (!im->nomem && md.len > VG_DECK_MAX_BYTES)
        vg_imp_note_add(im, VG_IMPORT_ERROR, 0, 0, "the deck would be larger than %u MB",
                        (unsigned)(VG_DECK_MAX_BYTES >> 20));
    bool made = deck || (im->fast && !read_back);
    if (deck) {
        im->cards = deck->ncards;
        im->sections = deck->nsections;
    }
    if (!im->nomem && made)
        vg_imp_report(im, order, deck);
    free(order);
    free(im->keys);
    im->keys = NULL;
    if (!im->nomem && made && !im->r->errors && im->cards == 0)
        vg_imp_note_add(im, VG_IMPORT_ERROR, 0, 0, "no cards: every row was skipped");
    if (im->nomem || im->r->errors || !made || md.len > VG_DECK_MAX_BYTES) {
        vg_deck_free(deck);
        vg_buf_release(&md);
        return im->nomem ? VG_NOMEM : VG_PARSE;
    }
    im->r->len = md.len;
    im->r->markdown = vg_buf_detach(&md);
    im->r->deck = deck;
    im->r->cards = im->cards;
    im->r->sections = im->sections;
    if (!im->r->markdown) {
        vg_deck_free(deck);
        im->r->deck = NULL;
        return VG_NOMEM;
    }
    return VG_OK;
}

static vg_status S_import_md(vg_imp *im)
{
    vg_deck *deck = NULL;
    vg_error err;
    vg_error_clear(&err);
    vg_status st = vg_deck_parse(im->src, im->len, im->file, &deck, &err);
    if (st == VG_NOMEM)
        return st;
    if (st != VG_OK) {
        vg_imp_note_add(im, VG_IMPORT_ERROR, err.line, err.col, "%s", err.msg);
        return st;
    }
    for (size_t d = 0; d < deck->ndiags; d++)
        vg_imp_note_add(im,
                        deck->diags[d].level == VG_DIAG_ERROR ? VG_IMPORT_ERROR : VG_IMPORT_WARNING,
                        deck->diags[d].line, deck->diags[d].col, "%s", deck->diags[d].msg);
    if (!im->r->errors && deck->ncards == 0)
        vg_imp_note_add(im, VG_IMPORT_ERROR, 0, 0,
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
    im->r->cards = deck->ncards;
    im->r->sections = deck->nsections;
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
    vg_imp im = {.src = src ? src : "",
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
    vg_buf_release(&im.want);
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
