/* What a table's head says: Anki's header lines ('#separator:tab', '#columns:', ...), a header
 * row, which column is the front, the back, the section and the tags, and Anki's export
 * without header lines, recognised by the HTML in its fields. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import_int.h"

/* ---- columns ---- */

static const char *const S_front_names[] = {
    "front", "question", "q", "term", "word", "prompt", "text", "cue", "concept", "recto", NULL};
static const char *const S_back_names[] = {"back",    "answer",      "a",           "definition",
                                           "meaning", "translation", "explanation", "response",
                                           "extra",   "back extra",  "verso",       NULL};
static const char *const S_section_names[] = {"section",  "deck",    "chapter", "topic",
                                              "category", "subdeck", "group",   NULL};
static const char *const S_tags_names[] = {"tags", "tag", "keywords", "labels", NULL};
/* Anki's note type ("Basic (and reversed card)" makes a reversed card): its header line, or a
 * column so labelled (what `vgrev export` writes for a deck with reversed cards). */
static const char *const S_notetype_names[] = {"notetype", "note type", NULL};

static bool S_label_is(const char *label, const char *const *names)
{
    size_t a = 0, b = strlen(label);
    vg_imp_trim(label, &a, &b);
    for (; *names; names++)
        if (vg_imp_eq_ci(label + a, b - a, *names))
            return true;
    return false;
}

static bool S_label_eq(const char *label, const char *want)
{
    size_t a = 0, b = strlen(label), c = 0, d = strlen(want);
    vg_imp_trim(label, &a, &b);
    vg_imp_trim(want, &c, &d);
    if (b - a != d - c)
        return false;
    for (size_t i = 0; i < b - a; i++)
        if (vg_import_lower(label[a + i]) != vg_import_lower(want[c + i]))
            return false;
    return true;
}

bool vg_imp_is_meta(const vg_imp *im, long col)
{
    for (int k = 0; k < 4; k++)
        if (im->meta[k] == col)
            return true;
    return false;
}

/* A column given by an option: a 1-based number or a label. -2 on an error (noted). */
static long S_option_col(vg_imp *im, const char *what, const char *spec)
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
        vg_imp_note_add(im, VG_IMPORT_ERROR, 0, 0, "%s column '%s': columns are numbered from 1",
                        what, spec);
        return -2;
    }
    for (size_t i = 0; i < im->nlabels; i++)
        if (S_label_eq(im->labels[i], spec))
            return (long)i;
    char q[200];
    if (!im->nlabels)
        vg_imp_note_add(
            im, VG_IMPORT_ERROR, 0, 0,
            "%s column '%s': the file has no header row naming its columns; give a number", what,
            vg_imp_short(spec, q));
    else
        vg_imp_note_add(im, VG_IMPORT_ERROR, im->header_line, 1,
                        "%s column '%s': no column has that name", what, vg_imp_short(spec, q));
    return -2;
}

/* The first column whose label is one of names and that is free; -1 when none. */
static long S_named_col(const vg_imp *im, const char *const *names, const long *taken, int ntaken)
{
    for (size_t i = 0; i < im->nlabels; i++) {
        bool used = vg_imp_is_meta(im, (long)i);
        for (int k = 0; k < ntaken && !used; k++)
            used = taken[k] == (long)i;
        if (!used && S_label_is(im->labels[i], names))
            return (long)i;
    }
    return -1;
}

/* The first free column at or after from (below ncols when ncols > 0); -1 when none. */
static long S_free_col(const vg_imp *im, long from, size_t ncols, const long *taken, int ntaken)
{
    for (long i = from; ncols == 0 || (size_t)i < ncols; i++) {
        if (i > VG_CSV_MAX_FIELDS)
            return -1;
        bool used = vg_imp_is_meta(im, i);
        for (int k = 0; k < ntaken && !used; k++)
            used = taken[k] == i;
        if (!used)
            return i;
    }
    return -1;
}

/* Decides the columns; ncols is the number of fields of the first row. False on an error. */
bool vg_imp_columns(vg_imp *im, size_t ncols)
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
    if (im->meta[1] < 0)
        im->meta[1] = S_named_col(im, S_notetype_names, taken, 4);
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
     * (vg_imp_guess_tags): never glued to the back. */
    im->tag_guess = t < 0 && !im->nlabels && (!im->anki || im->headless) && f < 2 && b < 2 &&
                    (im->anki || ncols >= 3);
    long guess = im->tag_guess && !im->anki ? (long)ncols - 1 : -1;
    if (guess >= 0 && guess == s)
        im->tag_guess = false, guess = -1;
    if (f < 0 || (!im->anki && (size_t)f >= width)) {
        vg_imp_note_add(im, VG_IMPORT_ERROR, im->header_line, 1,
                        "no column for the fronts of the cards");
        return false;
    }
    if (b < 0 || (!im->anki && (size_t)b >= width)) {
        vg_imp_note_add(im, VG_IMPORT_ERROR, im->header_line ? im->header_line : im->data_line, 1,
                        "only one column: a card needs a front and a back (two columns)");
        return false;
    }
    if (!im->anki) {
        /* Columns nobody reads are worth a word: the header may be misspelt. */
        vg_buf list = VG_BUF_INIT;
        size_t unused = 0;
        for (size_t i = 0; i < width; i++) {
            if ((long)i == f || (long)i == b || (long)i == s || (long)i == t || (long)i == guess ||
                vg_imp_is_meta(im, (long)i))
                continue;
            if (unused++ < 4) {
                char q[200];
                vg_buf_printf(&list, "%s%zu", list.len ? ", " : "", i + 1);
                if (i < im->nlabels)
                    vg_buf_printf(&list, " '%s'", vg_imp_short(im->labels[i], q));
            }
        }
        if (unused)
            vg_imp_note_add(im, VG_IMPORT_WARNING,
                            im->header_line ? im->header_line : im->data_line, 1,
                            "column%s %s%s not used (a header row naming front, back, section and "
                            "tags columns says what they hold)",
                            unused > 1 ? "s" : "", vg_buf_str(&list), unused > 4 ? ", ..." : "");
        vg_buf_release(&list);
    }
    return true;
}

/* Is the first record a header row? */
bool vg_imp_is_header(const vg_imp *im, const vg_csv_record *r)
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

bool vg_imp_take_labels(vg_imp *im, const vg_csv_record *r)
{
    im->labels = vg_arena_alloc(im->a, (r->nfields ? r->nfields : 1) * sizeof *im->labels);
    if (!im->labels) {
        im->nomem = true;
        return false;
    }
    for (size_t i = 0; i < r->nfields; i++) {
        im->labels[i] = vg_imp_dup(im, vg_csv_text(r, &r->fields[i]), r->fields[i].len);
        if (!im->labels[i])
            return false;
    }
    im->nlabels = r->nfields;
    return true;
}

/* ---- Anki's header lines ---- */

bool vg_imp_anki_header(vg_imp *im)
{
    const char *s = im->src;
    size_t i = vg_imp_bom(s, im->len), n = im->len;
    unsigned line = 1;
    bool first = true;
    while (i < n) {
        size_t e = vg_imp_eol(s, n, i);
        size_t v;
        int key = vg_imp_anki_key(s, i, e, &v);
        if (key < 0 && s[i] == '#') {
            /* a comment */
        } else if (key < 0 && first && e - i >= 5 && memcmp(s + i, "tags:", 5) == 0) {
            im->global_tags = vg_imp_dup(im, s + i + 5, e - i - 5); /* the old form of '#tags:' */
            im->anki_keys++;
        } else if (key < 0) {
            break;
        } else {
            const char *name = vg_imp_anki_keys[key];
            im->anki_keys++;
            size_t va = v, vb = e;
            vg_imp_trim(s, &va, &vb);
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
                        vg_imp_eq_ci(s + va, vb - va, seps[k].name) ||
                        (vb - va == 1 && s[va] == seps[k].c))
                        found = k;
                if (found < 0) {
                    char q[200], *val = vg_imp_dup(im, s + va, vb - va);
                    vg_imp_note_add(
                        im, VG_IMPORT_ERROR, vl, vc,
                        "unknown separator '%s' (Anki's are tab, comma, semicolon, space, "
                        "pipe and colon)",
                        val ? vg_imp_short(val, q) : "");
                    return false;
                }
                im->delim = seps[found].c;
            } else if (strcmp(name, "html") == 0) {
                if (vg_imp_eq_ci(s + va, vb - va, "true"))
                    im->html = true;
                else if (vg_imp_eq_ci(s + va, vb - va, "false"))
                    im->html = false;
                else
                    vg_imp_note_add(im, VG_IMPORT_WARNING, vl, vc,
                                    "'#html:' is true or false; reading fields as HTML");
            } else if (strcmp(name, "tags") == 0) {
                im->global_tags = vg_imp_dup(im, s + va, vb - va);
            } else if (strcmp(name, "deck") == 0) {
                im->global_deck = vg_imp_dup(im, s + va, vb - va);
            } else if (strcmp(name, "columns") == 0) {
                vg_csv c;
                vg_csv_init(&c, s, e, v, line, im->delim, im->file);
                vg_csv_record rec = {0};
                vg_error err;
                vg_error_clear(&err);
                if (vg_csv_next(&c, &rec, &err) == 1)
                    vg_imp_take_labels(im, &rec);
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
                    vg_imp_note_add(im, VG_IMPORT_WARNING, vl, vc,
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

/* ---- Anki's export without header lines ---- */

/* Is the tab-separated input Anki's export, by the HTML in its fields? */
bool vg_imp_detect(vg_imp *im)
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
            char q[200], *hint = vg_imp_dup(im, vg_csv_text(&r, f) + at, n);
            if (hint)
                vg_imp_note_add(
                    im, VG_IMPORT_INFO, f->line, f->col,
                    "recognised as Anki's export: HTML in the fields ('%s' in this one), "
                    "no header lines",
                    vg_imp_short(hint, q));
        }
    }
    if (err.status == VG_NOMEM)
        im->nomem = true;
    vg_csv_record_release(&r);
    return found;
}
