/* The rows: each record of a table becomes a row (front, back, the further fields of an Anki
 * note, section, tags), with a note for every record that cannot be one; and the last column
 * read as tags when no header names it but it holds tags in every row. */
#include <limits.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/import_int.h"

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

/* A field's text for the row: the input's own bytes when they are the text (they live as
 * long as the import), else a copy in the arena (the record's buffer is reused). Not
 * NUL-terminated: use *len. */
static const char *S_field(vg_imp *im, const vg_csv_record *r, long col, size_t *len)
{
    *len = 0;
    if (col < 0 || (size_t)col >= r->nfields)
        return NULL;
    const vg_csv_field *f = &r->fields[col];
    *len = f->len;
    if (f->in_src || !f->len)
        return vg_csv_text(r, f);
    return vg_imp_dup(im, vg_csv_text(r, f), f->len);
}

/* A row with a front and no back field: nothing to learn from it. */
static void S_no_back(vg_imp *im, const vg_csv_record *r, const vg_csv_field *front)
{
    vg_buf plain = VG_BUF_INIT;
    vg_field_plain(vg_csv_text(r, front), front->len, im->html, &plain);
    char q[200];
    vg_imp_note_add(im, VG_IMPORT_SKIPPED, r->line, r->col,
                    "skipped: '%s' has no back (no %s on the line)",
                    vg_imp_short(vg_buf_str(&plain), q), S_delim_name(im->delim));
    if (plain.failed)
        im->nomem = true;
    vg_buf_release(&plain);
}

static bool S_add_row(vg_imp *im, const vg_csv_record *r)
{
    if (!vg_grow((void **)&im->rows, &im->cap_rows, im->nrows + 1, sizeof *im->rows)) {
        im->nomem = true;
        return false;
    }
    vg_imp_row *row = &im->rows[im->nrows++];
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
        vg_imp_note_add(
            im, VG_IMPORT_SKIPPED, r->line, r->col,
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
            vg_imp_is_meta(im, cand))
            cand = -1;
    }
    if (cand >= 0) {
        row->cand = S_field(im, r, cand, &row->cand_len);
        row->cand_line = r->fields[cand].line;
        row->cand_col = r->fields[cand].col;
        row->cand_field = (size_t)cand;
    }
    size_t nlen = 0;
    const char *type = S_field(im, r, im->meta[1], &nlen);
    for (size_t i = 0; type && i + 8 <= nlen && !row->reversed; i++)
        row->reversed = vg_imp_eq_ci(type + i, 8, "reversed");
    size_t slen = 0;
    const char *sec = S_field(im, r, im->col_section, &slen);
    if (!sec && im->anki && im->global_deck) {
        sec = im->global_deck;
        slen = strlen(sec);
    }
    /* Rows of a section mostly follow each other: the previous row's title and group when
     * its field is the same text. */
    bool same_sec =
        sec && im->last_sec && slen == im->last_sec_len && memcmp(sec, im->last_sec, slen) == 0;
    if (!same_sec) {
        im->last_sec = sec;
        im->last_sec_len = slen;
        im->last_title = sec ? vg_imp_section(im, sec, slen) : "";
        im->last_group = SIZE_MAX;
    }
    row->section = im->last_title;
    vg_buf tags = VG_BUF_INIT;
    size_t tlen = 0;
    const char *t = S_field(im, r, im->col_tags, &tlen);
    if (t)
        vg_imp_add_tags(&tags, t, tlen, im->html);
    if (im->global_tags)
        vg_imp_add_tags(&tags, im->global_tags, strlen(im->global_tags), false);
    row->tags = tags.len ? vg_imp_dup(im, vg_buf_str(&tags), tags.len) : "";
    if (tags.failed)
        im->nomem = true;
    vg_buf_release(&tags);
    if (im->anki) {
        /* The note's other fields, in column order, follow the back. */
        size_t extra = 0;
        for (size_t i = 0; i < r->nfields; i++)
            if ((long)i != im->col_front && (long)i != im->col_back && (long)i != im->col_section &&
                (long)i != im->col_tags && (long)i != cand && !vg_imp_is_meta(im, (long)i) &&
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
                    vg_imp_is_meta(im, (long)i) || !r->fields[i].len)
                    continue;
                row->extra[row->nextra] = S_field(im, r, (long)i, &row->extra_len[row->nextra]);
                row->nextra++;
            }
        }
    }
    if (im->last_group == SIZE_MAX)
        im->last_group = row->section ? vg_imp_group(im, row->section) : 0;
    row->group = im->last_group;
    return !im->nomem;
}

/* The lines before the first row that have no separator: a title, or a comment. */
static void S_titles_note(vg_imp *im)
{
    for (size_t i = 0; i < im->ntitles; i++) {
        unsigned line = im->titles[i] >> 1;
        if (im->titles[i] & 1)
            vg_imp_note_add(im, VG_IMPORT_INFO, line, 0, "skipped: a comment line before the rows");
        else
            vg_imp_note_add(im, VG_IMPORT_INFO, line, 0,
                            "skipped: a title line before the rows (it has no %s)",
                            S_delim_name(im->delim));
    }
}

vg_status vg_imp_read_table(vg_imp *im)
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
            if (!vg_grow((void **)&im->titles, &im->cap_titles, im->ntitles + 1,
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
            if (!im->anki && vg_imp_is_header(im, &r)) {
                im->header_line = r.line;
                if (!vg_imp_take_labels(im, &r) || !vg_imp_columns(im, r.nfields))
                    break;
                continue;
            }
            im->data_line = r.line;
            if (!vg_imp_columns(im, r.nfields))
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
            vg_imp_note_add(im, VG_IMPORT_ERROR, err.line, err.col, "%s", err.msg);
    }
    if (im->nomem)
        return VG_NOMEM;
    if (first && im->ntitles && !im->r->errors) {
        if (comments_only)
            vg_imp_note_add(im, VG_IMPORT_ERROR, 0, 0, "only comments: nothing to import");
        else
            vg_imp_note_add(im, VG_IMPORT_ERROR, im->titles[0] >> 1, 1,
                            "only one column: a card needs a front and a back (two columns)");
        return VG_PARSE;
    }
    if (im->r->errors)
        return VG_PARSE;
    if (!im->nrows) {
        vg_imp_note_add(im, VG_IMPORT_ERROR, 0, 0,
                        im->nlabels ? "no rows after the header: nothing to import"
                                    : "no rows: nothing to import");
        return VG_PARSE;
    }
    return VG_OK;
}

/* ---- a column of tags that no header names ---- */

/* Does a field read as Anki's tags: words separated by spaces, each of the characters a tag
 * keeps (vg_imp_tag_char: '::' hierarchies included), and nothing of a sentence: no ',', ';',
 * '?', '!', quotes, brackets, and no word that ends in '.' or ':'? */
static bool S_tag_like(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        while (i < len && s[i] == ' ')
            i++;
        size_t a = i;
        for (; i < len && s[i] != ' '; i++)
            if (!vg_imp_tag_char(s[i]))
                return false;
        if (i > a && (s[i - 1] == '.' || s[i - 1] == ':'))
            return false;
    }
    return true;
}

/* A last column that no header names: the rows' tags when every row holds tags there (and
 * one at least holds some), else left out with a warning that says why. */
void vg_imp_guess_tags(vg_imp *im)
{
    const vg_imp_row *bad = NULL, *some = NULL;
    for (size_t i = 0; i < im->nrows && !bad; i++) {
        const vg_imp_row *row = &im->rows[i];
        if (row->skip || !row->cand || !row->cand_len)
            continue;
        if (!S_tag_like(row->cand, row->cand_len))
            bad = row;
        else if (!some)
            some = row;
    }
    char q[200];
    if (bad) {
        char *v = vg_imp_dup(im, bad->cand, bad->cand_len);
        if (v)
            vg_imp_note_add(
                im, VG_IMPORT_WARNING, bad->cand_line, bad->cand_col,
                "column %zu not used: no header names it, and '%s' is not a list of tags "
                "(words separated by spaces, no sentence)",
                bad->cand_field + 1, vg_imp_short(v, q));
        return;
    }
    if (!some)
        return; /* empty in every row: Anki's notes without tags */
    vg_buf tags = VG_BUF_INIT;
    for (size_t i = 0; i < im->nrows && !im->nomem; i++) {
        vg_imp_row *row = &im->rows[i];
        if (row->skip || !row->cand || !row->cand_len)
            continue;
        vg_buf_clear(&tags);
        vg_imp_add_tags(&tags, row->cand, row->cand_len, false);
        if (*row->tags) {
            vg_buf_addc(&tags, ' ');
            vg_buf_adds(&tags, row->tags);
        }
        row->tags = vg_imp_dup(im, vg_buf_str(&tags), tags.len);
    }
    if (tags.failed)
        im->nomem = true;
    vg_buf_release(&tags);
    char *v = vg_imp_dup(im, some->cand, some->cand_len);
    if (v)
        vg_imp_note_add(im, VG_IMPORT_INFO, some->cand_line, some->cand_col,
                        "column %zu read as tags ('%s'): no header names it, and in every row it "
                        "holds words separated by spaces, as Anki exports tags",
                        some->cand_field + 1, vg_imp_short(v, q));
}
