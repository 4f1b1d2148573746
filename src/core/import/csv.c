/* Records of a CSV or TSV file (RFC 4180), with the line and column of every field.
 *
 * Fields are separated by the delimiter; a field that starts with '"' (after spaces) is
 * quoted: it may hold the delimiter, line breaks and "" for a quote, and ends at the next
 * lone '"'. Line breaks are LF, CRLF or a lone CR, inside quotes too (they become '\n').
 * What the RFC leaves open is read the way spreadsheets and Anki read it: a '"' inside an
 * unquoted field is a character; text after a closing quote is kept and noted. */
#include <stdlib.h>
#include <string.h>

#include "import/import_int.h"

void vg_import_locate(const char *src, size_t len, size_t off, unsigned *line, unsigned *col)
{
    unsigned l = 1;
    size_t ls = (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    if (off > len)
        off = len;
    for (size_t i = ls; i < off; i++) {
        if (src[i] == '\n' || (src[i] == '\r' && (i + 1 >= len || src[i + 1] != '\n'))) {
            l++;
            ls = i + 1;
        }
    }
    unsigned c = 1;
    for (size_t i = ls; i < off; i++)
        if (((unsigned char)src[i] & 0xC0) != 0x80)
            c++;
    *line = l;
    *col = c;
}

void vg_csv_init(vg_csv *c, const char *s, size_t n, size_t start, unsigned line, char delim,
                 const char *file)
{
    memset(c, 0, sizeof *c);
    c->s = s;
    c->n = n;
    c->i = start;
    c->line = line;
    c->line_start = start;
    c->delim = delim;
    c->file = file;
}

void vg_csv_record_release(vg_csv_record *r)
{
    vg_buf_release(&r->buf);
    free(r->fields);
    memset(r, 0, sizeof *r);
}

const char *vg_csv_text(const vg_csv_record *r, const vg_csv_field *f)
{
    if (!f->len)
        return "";
    return f->in_src ? r->src + f->off : r->buf.data + f->off;
}

/* The column of c->s[off] on the current line; counted on from the last one asked on this
 * line (fields come in order), not from the line's start each time. */
static unsigned S_col(vg_csv *c, size_t off)
{
    size_t i = c->line_start;
    unsigned col = 1;
    if (c->col_line == c->line_start + 1 && c->col_off <= off) {
        i = c->col_off;
        col = c->col;
    }
    for (; i < off; i++)
        if (((unsigned char)c->s[i] & 0xC0) != 0x80)
            col++;
    c->col_line = c->line_start + 1;
    c->col_off = off;
    c->col = col;
    return col;
}

static bool S_is_eol(char ch)
{
    return ch == '\n' || ch == '\r';
}

/* Moves past the line break at c->i. */
static void S_newline(vg_csv *c)
{
    if (c->s[c->i] == '\r' && c->i + 1 < c->n && c->s[c->i + 1] == '\n')
        c->i++;
    c->i++;
    c->line++;
    c->line_start = c->i;
}

/* A space or tab that is not the delimiter: what may stand around quotes. */
static bool S_is_pad(const vg_csv *c, char ch)
{
    return (ch == ' ' || ch == '\t') && ch != c->delim;
}

/* Unquoted text up to the delimiter or the end of the line, appended to the buffer. */
static void S_unquoted(vg_csv *c, vg_buf *buf)
{
    size_t j = c->i;
    while (j < c->n && c->s[j] != c->delim && !S_is_eol(c->s[j]))
        j++;
    vg_buf_add(buf, c->s + c->i, j - c->i);
    c->i = j;
}

/* Most quoted fields hold no "" and no CR: their text is the input's bytes between the
 * quotes. Takes such a field (c->i at the opening quote) as f's text in the input; false,
 * with c as it was, for any other (S_quoted copies it). */
static bool S_quoted_in_place(vg_csv *c, vg_csv_field *f)
{
    size_t start = c->i + 1, j = start, line_start = c->line_start;
    unsigned line = c->line;
    for (;;) {
        while (j < c->n && c->s[j] != '"' && c->s[j] != '\n' && c->s[j] != '\r')
            j++;
        if (j >= c->n || c->s[j] == '\r')
            return false;
        if (c->s[j] == '\n') {
            line++;
            line_start = ++j;
            continue;
        }
        break;
    }
    if (j + 1 < c->n && c->s[j + 1] == '"')
        return false;
    size_t e = j + 1;
    while (e < c->n && S_is_pad(c, c->s[e]))
        e++;
    if (e < c->n && c->s[e] != c->delim && !S_is_eol(c->s[e]))
        return false; /* text after the closing quote */
    f->in_src = true;
    f->off = start;
    f->len = j - start;
    c->line = line;
    c->line_start = line_start;
    c->i = e;
    return true;
}

/* A quoted field; c->i is at the opening quote. False when it is never closed. */
static bool S_quoted(vg_csv *c, vg_csv_record *r)
{
    c->i++;
    for (;;) {
        size_t j = c->i;
        while (j < c->n && c->s[j] != '"' && !S_is_eol(c->s[j]))
            j++;
        vg_buf_add(&r->buf, c->s + c->i, j - c->i);
        c->i = j;
        if (j >= c->n)
            return false;
        if (S_is_eol(c->s[j])) {
            vg_buf_addc(&r->buf, '\n');
            S_newline(c);
            continue;
        }
        if (j + 1 < c->n && c->s[j + 1] == '"') {
            vg_buf_addc(&r->buf, '"');
            c->i = j + 2;
            continue;
        }
        c->i = j + 1;
        break;
    }
    size_t j = c->i;
    while (j < c->n && S_is_pad(c, c->s[j]))
        j++;
    if (j < c->n && c->s[j] != c->delim && !S_is_eol(c->s[j])) {
        if (!r->stray_line) {
            r->stray_line = c->line;
            r->stray_col = S_col(c, c->i);
        }
        S_unquoted(c, &r->buf);
    } else {
        c->i = j;
    }
    return true;
}

static bool S_push_field(vg_csv_record *r, const vg_csv_field *f)
{
    if (r->nfields == r->cap_fields) {
        size_t cap = r->cap_fields ? r->cap_fields * 2 : 16;
        vg_csv_field *p = realloc(r->fields, cap * sizeof *p);
        if (!p)
            return false;
        r->fields = p;
        r->cap_fields = cap;
    }
    r->fields[r->nfields++] = *f;
    return true;
}

int vg_csv_next(vg_csv *c, vg_csv_record *r, vg_error *err)
{
    vg_buf_clear(&r->buf);
    r->src = c->s;
    r->nfields = 0;
    r->stray_line = r->stray_col = 0;
    r->blank = false;
    while (c->i < c->n && c->comments && c->s[c->i] == '#') {
        while (c->i < c->n && !S_is_eol(c->s[c->i]))
            c->i++;
        if (c->i < c->n)
            S_newline(c);
    }
    if (c->i >= c->n)
        return 0;
    r->line = c->line;
    r->col = S_col(c, c->i);
    bool quoted_any = false;
    for (;;) {
        vg_csv_field f = {.off = r->buf.len, .line = c->line, .col = S_col(c, c->i)};
        size_t j = c->i;
        while (j < c->n && S_is_pad(c, c->s[j]))
            j++;
        if (j < c->n && c->s[j] == '"') {
            unsigned qline = c->line, qcol = S_col(c, j);
            c->i = j;
            f.line = qline;
            f.col = qcol;
            quoted_any = true;
            if (S_quoted_in_place(c, &f)) {
                /* f is the input's bytes */
            } else if (!S_quoted(c, r)) {
                vg_error_set(err, VG_PARSE, c->file, qline, qcol,
                             "unclosed quote: the field that starts here never ends (a '\"' "
                             "inside a quoted field is written '\"\"')");
                return -1;
            } else
                f.len = r->buf.len - f.off;
        } else {
            /* unquoted: the input's bytes up to the delimiter or the line's end */
            size_t e = c->i;
            while (e < c->n && c->s[e] != c->delim && !S_is_eol(c->s[e]))
                e++;
            f.in_src = true;
            f.off = c->i;
            f.len = e - c->i;
            c->i = e;
        }
        if (r->buf.failed || !S_push_field(r, &f)) {
            vg_error_set(err, VG_NOMEM, c->file, r->line, r->col, NULL);
            return -1;
        }
        if (r->nfields > VG_CSV_MAX_FIELDS) {
            vg_error_set(err, VG_PARSE, c->file, r->line, r->col,
                         "more than %d fields in one record: not a deck?", VG_CSV_MAX_FIELDS);
            return -1;
        }
        if (c->i < c->n && c->s[c->i] == c->delim) {
            c->i++;
            continue;
        }
        if (c->i < c->n)
            S_newline(c);
        break;
    }
    r->blank = r->nfields == 1 && r->fields[0].len == 0 && !quoted_any;
    return 1;
}
