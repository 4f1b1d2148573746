/* Styled lines from rich text: wrapping by display width, list markers and indents
 * (DESIGN §3). The layout rules are documented with vg_render_rich() in render.h. */
#include "vgrev/render.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "vgrev/utf8.h"

struct vg_lines_mem {
    vg_arena *arena; /* line texts and run arrays */
    size_t cap;      /* of lines->lines, which is malloc'd */
};

enum { S_TAB_STOP = 4 };

void vg_lines_init(vg_lines *l)
{
    l->lines = NULL;
    l->nlines = 0;
    l->mem = NULL;
}

void vg_lines_release(vg_lines *l)
{
    if (l->mem) {
        vg_arena_free(l->mem->arena);
        free(l->mem);
    }
    free(l->lines);
    vg_lines_init(l);
}

void vg_lines_to_text(const vg_lines *l, vg_buf *out)
{
    for (size_t i = 0; i < l->nlines; i++) {
        const vg_line *line = &l->lines[i];
        for (size_t j = 0; j < line->nruns; j++)
            vg_buf_add(out, line->runs[j].text, line->runs[j].len);
        vg_buf_addc(out, '\n');
    }
}

/* ---- one line being built ------------------------------------------------------------ */

typedef struct S_run_off {
    size_t off, len;
    unsigned style;
} S_run_off;

typedef struct S_wrap {
    vg_lines *out;
    size_t width;       /* of the whole line, at least 1 */
    size_t text_col;    /* where text starts (the hanging indent) */
    size_t marker_col;  /* where the marker starts */
    const char *marker; /* still to be written on the current line; NULL when none */
    vg_buf text;        /* the current line */
    S_run_off *runs;
    size_t nruns, cap;
    size_t col;   /* columns of text after the indent */
    size_t hang;  /* the current line starts this far left of text_col (0 after a flush) */
    bool unglue;  /* no-break spaces glued words for wrapping: print them as spaces */
    bool started; /* indent (and marker) written */
    bool failed;
} S_wrap;

static size_t S_avail(const S_wrap *w)
{
    return w->width - (w->text_col - w->hang);
}

static void S_push_run(S_wrap *w, const char *s, size_t len, unsigned style)
{
    if (len == 0)
        return;
    size_t off = w->text.len;
    vg_buf_add(&w->text, s, len);
    if (w->text.failed) {
        w->failed = true;
        return;
    }
    if (w->nruns > 0) {
        S_run_off *last = &w->runs[w->nruns - 1];
        if (last->style == style && last->off + last->len == off) {
            last->len += len;
            return;
        }
    }
    if (w->nruns == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 8;
        S_run_off *r = realloc(w->runs, cap * sizeof *r);
        if (!r) {
            w->failed = true;
            return;
        }
        w->runs = r;
        w->cap = cap;
    }
    w->runs[w->nruns++] = (S_run_off){off, len, style};
}

static void S_push_spaces(S_wrap *w, size_t n, unsigned style)
{
    static const char spaces[] = "                                ";
    while (n > 0) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        S_push_run(w, spaces, k, style);
        n -= k;
    }
}

/* Writes the indent, and the marker on an item's first line, before the first text (the
 * spaces after the marker only when text follows). */
static void S_begin(S_wrap *w, bool text_follows)
{
    if (w->started)
        return;
    w->started = true;
    if (w->marker) {
        size_t mw = vg_text_width(w->marker, strlen(w->marker));
        S_push_spaces(w, w->marker_col, VG_STYLE_PLAIN);
        S_push_run(w, w->marker, strlen(w->marker), VG_STYLE_PLAIN);
        if (text_follows)
            S_push_spaces(w, w->text_col - w->marker_col - mw, VG_STYLE_PLAIN);
        w->marker = NULL;
    } else if (text_follows) {
        S_push_spaces(w, w->text_col - w->hang, VG_STYLE_PLAIN);
    }
}

static void S_add(S_wrap *w, const char *s, size_t len, unsigned style, size_t cols)
{
    S_begin(w, true);
    S_push_run(w, s, len, style);
    w->col += cols;
}

/* Turns the no-break spaces (U+00A0) of the current line into spaces, in place. Every byte
 * of the line is in exactly one run, in order. */
static void S_unglue(S_wrap *w)
{
    char *t = w->text.data;
    size_t o = 0;
    for (size_t k = 0; t && k < w->nruns; k++) {
        S_run_off *r = &w->runs[k];
        size_t start = o, end = r->off + r->len;
        for (size_t j = r->off; j < end; j++) {
            if (t[j] == '\xC2' && j + 1 < end && t[j + 1] == '\xA0') {
                t[o++] = ' ';
                j++;
            } else {
                t[o++] = t[j];
            }
        }
        r->off = start;
        r->len = o - start;
    }
    if (t) {
        w->text.len = o;
        t[o] = '\0';
    }
}

/* Ends the current line (an empty one is a blank line) and starts the next. */
static void S_flush(S_wrap *w)
{
    if (w->marker)
        S_begin(w, false);
    if (w->unglue)
        S_unglue(w);
    vg_lines *l = w->out;
    if (!l->mem) {
        l->mem = calloc(1, sizeof *l->mem);
        if (!l->mem || !(l->mem->arena = vg_arena_new())) {
            free(l->mem);
            l->mem = NULL;
            w->failed = true;
            return;
        }
    }
    if (l->nlines == l->mem->cap) {
        size_t cap = l->mem->cap ? l->mem->cap * 2 : 16;
        vg_line *p = realloc(l->lines, cap * sizeof *p);
        if (!p) {
            w->failed = true;
            return;
        }
        l->lines = p;
        l->mem->cap = cap;
    }
    char *text = vg_arena_strndup(l->mem->arena, vg_buf_str(&w->text), w->text.len);
    vg_run *runs = w->nruns ? vg_arena_alloc(l->mem->arena, w->nruns * sizeof *runs) : NULL;
    if (!text || (w->nruns && !runs)) {
        w->failed = true;
        return;
    }
    for (size_t i = 0; i < w->nruns; i++)
        runs[i] = (vg_run){text + w->runs[i].off, w->runs[i].len, w->runs[i].style};
    l->lines[l->nlines++] = (vg_line){runs, w->nruns, vg_text_width(text, w->text.len)};
    vg_buf_clear(&w->text);
    w->nruns = 0;
    w->col = 0;
    w->hang = 0;
    w->started = false;
}

static void S_wrap_release(S_wrap *w)
{
    vg_buf_release(&w->text);
    free(w->runs);
}

/* Sets the indents of a block for the width: text gets at least half of a narrow line;
 * a marker that no longer fits before the text goes first on the line, as a word. */
static void S_layout(S_wrap *w, size_t text_col, const char *marker, size_t *inline_marker)
{
    *inline_marker = 0;
    w->marker = NULL;
    size_t max = w->width / 2;
    if (text_col > max)
        text_col = max;
    w->text_col = text_col;
    if (!marker)
        return;
    size_t mw = vg_text_width(marker, strlen(marker));
    if (mw + 1 <= text_col) {
        w->marker = marker;
        w->marker_col = text_col - mw - 1;
    } else {
        *inline_marker = mw;
    }
}

/* ---- paragraphs ---------------------------------------------------------------------- */

typedef enum S_seg_kind { SEG_TEXT, SEG_CODE, SEG_BREAK } S_seg_kind;

typedef struct S_seg {
    size_t start, end; /* in the flat text */
    unsigned style;
    S_seg_kind kind;
} S_seg;

typedef struct S_flat {
    vg_buf text; /* sanitized, math rendered */
    S_seg *segs;
    size_t nsegs, cap;
    bool failed;
} S_flat;

static void S_seg_add(S_flat *f, size_t start, unsigned style, S_seg_kind kind)
{
    if (kind != SEG_BREAK && f->text.len == start)
        return;
    if (f->nsegs == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        S_seg *p = realloc(f->segs, cap * sizeof *p);
        if (!p) {
            f->failed = true;
            return;
        }
        f->segs = p;
        f->cap = cap;
    }
    f->segs[f->nsegs++] = (S_seg){start, f->text.len, style, kind};
}

/* The spans of a block as sanitized text in segments of one style; '\n' in a span and
 * display math make hard breaks. */
static void S_flatten(const vg_block *b, S_flat *f)
{
    for (size_t i = 0; i < b->nspans; i++) {
        const vg_span *sp = &b->spans[i];
        size_t start = f->text.len;
        if (sp->style & VG_STYLE_MATH) {
            bool display = (sp->style & VG_STYLE_DISPLAY) != 0;
            if (display && f->nsegs > 0 && f->segs[f->nsegs - 1].kind != SEG_BREAK)
                S_seg_add(f, start, sp->style, SEG_BREAK);
            vg_render_math(sp->text, sp->len, &f->text);
            S_seg_add(f, start, sp->style, SEG_TEXT);
            if (display)
                S_seg_add(f, f->text.len, sp->style, SEG_BREAK);
            continue;
        }
        S_seg_kind kind = (sp->style & VG_STYLE_CODE) ? SEG_CODE : SEG_TEXT;
        size_t from = 0;
        for (size_t j = 0; j <= sp->len; j++) {
            if (j < sp->len && sp->text[j] != '\n')
                continue;
            start = f->text.len;
            vg_render_sanitize(sp->text + from, j - from, &f->text);
            S_seg_add(f, start, sp->style, kind);
            if (j < sp->len)
                S_seg_add(f, f->text.len, sp->style, SEG_BREAK);
            from = j + 1;
        }
    }
    if (f->text.failed)
        f->failed = true;
}

typedef struct S_part {
    size_t start, end;
    unsigned style;
} S_part;

typedef struct S_word {
    S_part *parts;
    size_t nparts, cap;
    size_t width;
    bool wide; /* has East Asian wide characters, which may be broken between */
} S_word;

static bool S_word_add(S_word *wd, size_t start, size_t end, unsigned style, const char *text)
{
    if (wd->nparts == wd->cap) {
        size_t cap = wd->cap ? wd->cap * 2 : 8;
        S_part *p = realloc(wd->parts, cap * sizeof *p);
        if (!p)
            return false;
        wd->parts = p;
        wd->cap = cap;
    }
    wd->parts[wd->nparts++] = (S_part){start, end, style};
    for (size_t i = start; i < end;) {
        uint32_t cp;
        i += vg_utf8_decode(text + i, end - i, &cp);
        int cw = vg_char_width(cp);
        if (cw > 0)
            wd->width += (size_t)cw;
        if (cw == 2)
            wd->wide = true;
    }
    return true;
}

/* Writes a word character by character, starting new lines when the line is full (a
 * character that is wider than a whole line still goes alone on one). Zero-width
 * characters stay with the character before them. */
static void S_place_broken(S_wrap *w, const S_word *wd, const char *text)
{
    for (size_t p = 0; p < wd->nparts; p++) {
        const S_part *pt = &wd->parts[p];
        size_t i = pt->start;
        while (i < pt->end) {
            uint32_t cp;
            size_t n = vg_utf8_decode(text + i, pt->end - i, &cp);
            int cw = vg_char_width(cp);
            size_t c = cw > 0 ? (size_t)cw : 0;
            size_t avail = S_avail(w);
            if (w->col > 0 && (w->col >= avail || c > avail - w->col))
                S_flush(w);
            if (w->unglue && w->col == 0 && cp == 0xA0) {
                i += n; /* a glue space does not start a line */
                continue;
            }
            /* Take the zero-width characters that follow along. */
            size_t e = i + n;
            while (e < pt->end) {
                uint32_t next;
                size_t k = vg_utf8_decode(text + e, pt->end - e, &next);
                if (vg_char_width(next) > 0)
                    break;
                e += k;
            }
            S_add(w, text + i, e - i, pt->style, c);
            i = e;
        }
    }
}

static void S_place_word(S_wrap *w, const S_word *wd, const char *text, size_t space,
                         unsigned space_style)
{
    size_t avail = S_avail(w);
    if (w->col > 0) {
        size_t left = avail > w->col ? avail - w->col : 0;
        if (space < left && wd->width <= left - space) {
            S_push_spaces(w, space, space_style);
            w->col += space;
        } else if (wd->wide && space + 2 <= left) {
            /* Ideographs may be broken anywhere (UAX #14): fill the line. */
            S_push_spaces(w, space, space_style);
            w->col += space;
            S_place_broken(w, wd, text);
            return;
        } else {
            S_flush(w);
            avail = S_avail(w); /* a hanging first line had more room */
        }
    }
    if (wd->width > avail - w->col) {
        S_place_broken(w, wd, text);
        return;
    }
    for (size_t p = 0; p < wd->nparts; p++)
        S_add(w, text + wd->parts[p].start, wd->parts[p].end - wd->parts[p].start,
              wd->parts[p].style, 0);
    w->col += wd->width;
}

/* Places the word collected so far, after the spaces that preceded it. */
static void S_end_word(S_wrap *w, S_word *wd, const char *text, size_t *space, unsigned space_style)
{
    if (wd->nparts == 0)
        return;
    S_place_word(w, wd, text, *space, space_style);
    wd->nparts = 0;
    wd->width = 0;
    wd->wide = false;
    *space = 0;
}

/* Greedy filling: words (runs of non-spaces, across styles) go on the line while they fit.
 * Spaces of prose fold into one; those of inline code are kept. */
static void S_wrap_flat(S_wrap *w, const S_flat *f, const char *marker_word)
{
    const char *text = vg_buf_str(&f->text);
    S_word wd = {NULL, 0, 0, 0, false};
    size_t space = 0; /* spaces waiting before the next word */
    unsigned space_style = VG_STYLE_PLAIN;

    if (marker_word) {
        S_part part = {0, strlen(marker_word), VG_STYLE_PLAIN};
        S_word mk = {&part, 1, 1, vg_text_width(marker_word, part.end), false};
        S_place_word(w, &mk, marker_word, 0, VG_STYLE_PLAIN);
        space = 1;
    }
    for (size_t s = 0; s < f->nsegs && !w->failed; s++) {
        const S_seg *sg = &f->segs[s];
        if (sg->kind == SEG_BREAK) {
            S_end_word(w, &wd, text, &space, space_style);
            space = 0;
            S_flush(w);
            continue;
        }
        for (size_t i = sg->start; i < sg->end;) {
            if (text[i] == ' ') {
                S_end_word(w, &wd, text, &space, space_style);
                if (space == 0)
                    space_style = sg->style;
                if (sg->kind == SEG_CODE || space == 0)
                    space++;
                i++;
                continue;
            }
            size_t j = i;
            while (j < sg->end && text[j] != ' ')
                j++;
            if (!S_word_add(&wd, i, j, sg->style, text)) {
                w->failed = true;
                break;
            }
            i = j;
        }
    }
    S_end_word(w, &wd, text, &space, space_style);
    if (w->started || w->marker)
        S_flush(w);
    free(wd.parts);
}

/* ---- blocks -------------------------------------------------------------------------- */

static void S_code_block(S_wrap *w, const vg_block *b)
{
    vg_buf src = VG_BUF_INIT, line = VG_BUF_INIT, clean = VG_BUF_INIT;
    for (size_t i = 0; i < b->nspans; i++)
        vg_buf_add(&src, b->spans[i].text, b->spans[i].len);
    unsigned style = b->nspans ? b->spans[0].style : VG_STYLE_CODE;
    const char *s = vg_buf_str(&src);
    size_t n = src.len;
    if (n > 0 && s[n - 1] == '\n')
        n--;
    size_t from = 0;
    for (size_t j = 0; j <= n && !w->failed; j++) {
        if (j < n && s[j] != '\n')
            continue;
        size_t end = j;
        if (end > from && s[end - 1] == '\r')
            end--;
        /* Tabs to the next stop, then everything else a terminal would act on goes. */
        vg_buf_clear(&line);
        size_t col = 0;
        for (size_t i = from; i < end;) {
            if (s[i] == '\t') {
                do
                    vg_buf_addc(&line, ' ');
                while (++col % S_TAB_STOP);
                i++;
                continue;
            }
            uint32_t cp;
            size_t k = vg_utf8_decode(s + i, end - i, &cp);
            vg_buf_add(&line, s + i, k);
            int cw = vg_char_width(cp);
            col += cw > 0 ? (size_t)cw : 0;
            i += k;
        }
        vg_buf_clear(&clean);
        vg_render_sanitize(vg_buf_str(&line), line.len, &clean);
        if (clean.len == 0) {
            S_flush(w);
        } else {
            S_word wd = {&(S_part){0, clean.len, style}, 1, 1, 0, false};
            S_place_broken(w, &wd, vg_buf_str(&clean));
            S_flush(w);
        }
        from = j + 1;
    }
    if (src.failed || line.failed || clean.failed)
        w->failed = true;
    vg_buf_release(&src);
    vg_buf_release(&line);
    vg_buf_release(&clean);
}

/* ---- tables ------------------------------------------------------------------------- */

/* Appends text[start..end) of src, or a literal, to a flat text as one segment. */
static void S_flat_add(S_flat *f, const char *s, size_t len, unsigned style, S_seg_kind kind)
{
    size_t start = f->text.len;
    vg_buf_add(&f->text, s, len);
    S_seg_add(f, start, style, kind);
    if (f->text.failed)
        f->failed = true;
}

/* A cell: its spans flattened, runs of spaces folded into one, none at either end of a line;
 * a line break (a "<br>" in the cell) is a SEG_BREAK, never the first or the last segment. */
static void S_cell_flat(const vg_block *b, S_flat *out)
{
    S_flat f;
    memset(&f, 0, sizeof f);
    S_flatten(b, &f);
    const char *t = vg_buf_str(&f.text);
    bool space = false, brk = false, any = false; /* any: text on the current line */
    for (size_t i = 0; i < f.nsegs && !f.failed; i++) {
        const S_seg *sg = &f.segs[i];
        if (sg->kind == SEG_BREAK) {
            brk = out->nsegs > 0;
            space = false;
            any = false;
            continue;
        }
        size_t p = sg->start;
        while (p < sg->end) {
            if (t[p] == ' ') {
                space = any;
                p++;
                continue;
            }
            size_t q = p;
            while (q < sg->end && t[q] != ' ')
                q++;
            if (brk)
                S_seg_add(out, out->text.len, sg->style, SEG_BREAK);
            else if (space)
                S_flat_add(out, " ", 1, sg->style, SEG_TEXT);
            brk = space = false;
            any = true;
            S_flat_add(out, t + p, q - p, sg->style, SEG_TEXT);
            p = q;
        }
    }
    if (f.failed)
        out->failed = true;
    vg_buf_release(&f.text);
    free(f.segs);
}

static size_t S_cell_nlines(const S_flat *f)
{
    size_t n = 1;
    for (size_t i = 0; i < f->nsegs; i++)
        n += f->segs[i].kind == SEG_BREAK;
    return n;
}

/* Line li of a cell: its segments [*s0, *s1), and its width. */
static size_t S_cell_line(const S_flat *f, size_t li, size_t *s0, size_t *s1)
{
    const char *t = vg_buf_str(&f->text);
    size_t k = 0;
    for (size_t line = 0; k < f->nsegs && line < li; k++)
        line += f->segs[k].kind == SEG_BREAK;
    size_t e = k, width = 0;
    for (; e < f->nsegs && f->segs[e].kind != SEG_BREAK; e++)
        width += vg_text_width(t + f->segs[e].start, f->segs[e].end - f->segs[e].start);
    *s0 = k;
    *s1 = e;
    return width;
}

static void S_flat_release(S_flat *f)
{
    vg_buf_release(&f->text);
    free(f->segs);
}

/* Pushes the segments [s0, s1) of a flat cell (plus extra style) onto the current line. */
static void S_push_flat(S_wrap *w, const S_flat *f, size_t s0, size_t s1, unsigned extra)
{
    const char *t = vg_buf_str(&f->text);
    for (size_t i = s0; i < s1; i++)
        S_push_run(w, t + f->segs[i].start, f->segs[i].end - f->segs[i].start,
                   f->segs[i].style | extra);
}

/* Appends a flat cell (plus extra style) to a flat text on one line: breaks become spaces. */
static void S_flat_append(S_flat *dst, const S_flat *f, unsigned extra)
{
    const char *t = vg_buf_str(&f->text);
    for (size_t k = 0; k < f->nsegs; k++) {
        if (f->segs[k].kind == SEG_BREAK)
            S_flat_add(dst, " ", 1, VG_STYLE_PLAIN, SEG_TEXT);
        else
            S_flat_add(dst, t + f->segs[k].start, f->segs[k].end - f->segs[k].start,
                       f->segs[k].style | extra, SEG_TEXT);
    }
}

/* Drops the spaces at the end of the current line (the padding of empty last cells). */
static void S_trim_end(S_wrap *w)
{
    while (w->nruns) {
        S_run_off *r = &w->runs[w->nruns - 1];
        while (r->len && w->text.data[r->off + r->len - 1] == ' ') {
            r->len--;
            w->text.len--;
        }
        if (r->len)
            break;
        w->nruns--;
    }
    if (w->text.data)
        w->text.data[w->text.len] = '\0';
}

static void S_push_repeat(S_wrap *w, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        S_push_run(w, s, strlen(s), VG_STYLE_PLAIN);
}

/* One table: cells[0..n), row by row. Aligned columns with a rule under the header when it
 * fits the width; otherwise each body row on a line of its own as "header: value" pairs. */
static void S_table(S_wrap *w, const vg_block *cells, size_t n, size_t depth)
{
    /* Rows as runs of cells with the same row number; a row takes the first ncols. */
    size_t ncols = 1;
    while (ncols < n && cells[ncols].row == cells[0].row)
        ncols++;
    S_flat *flat = calloc(n, sizeof *flat);
    size_t *rows = malloc((n + 1) * sizeof *rows); /* index of each row's first cell */
    size_t *widths = calloc(ncols, sizeof *widths);
    if (!flat || !rows || !widths) {
        w->failed = true;
        free(flat);
        free(rows);
        free(widths);
        return;
    }
    size_t nrows = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || cells[i].row != cells[i - 1].row)
            rows[nrows++] = i;
        S_cell_flat(&cells[i], &flat[i]);
        if (flat[i].failed)
            w->failed = true;
    }
    rows[nrows] = n;
    for (size_t r = 0; r < nrows; r++)
        for (size_t c = 0; c < ncols && rows[r] + c < rows[r + 1]; c++) {
            const S_flat *f = &flat[rows[r] + c];
            for (size_t li = 0, nl = S_cell_nlines(f), s0, s1; li < nl; li++) {
                size_t cw = S_cell_line(f, li, &s0, &s1);
                if (cw > widths[c])
                    widths[c] = cw;
            }
        }

    size_t inline_marker;
    S_layout(w, 2 * depth, NULL, &inline_marker);
    size_t indent = w->text_col, total = indent + 3 * (ncols - 1);
    for (size_t c = 0; c < ncols; c++)
        total += widths[c];
    static const S_flat none;
    if (total <= w->width) {
        for (size_t r = 0; r < nrows && !w->failed; r++) {
            /* A row is as many lines as its tallest cell. */
            size_t height = 1;
            for (size_t c = 0; c < ncols && rows[r] + c < rows[r + 1]; c++) {
                size_t h = S_cell_nlines(&flat[rows[r] + c]);
                height = h > height ? h : height;
            }
            for (size_t li = 0; li < height && !w->failed; li++) {
                w->started = true;
                S_push_spaces(w, indent, VG_STYLE_PLAIN);
                for (size_t c = 0; c < ncols; c++) {
                    bool have = rows[r] + c < rows[r + 1];
                    const S_flat *f = have ? &flat[rows[r] + c] : &none;
                    size_t s0 = 0, s1 = 0, cw = 0;
                    if (li < S_cell_nlines(f))
                        cw = S_cell_line(f, li, &s0, &s1);
                    size_t pad = widths[c] - cw, before = 0;
                    vg_align al = have ? cells[rows[r] + c].align : VG_ALIGN_NONE;
                    if (al == VG_ALIGN_RIGHT)
                        before = pad;
                    else if (al == VG_ALIGN_CENTER)
                        before = pad / 2;
                    if (c > 0)
                        S_push_run(w, " \u2502 ", 5, VG_STYLE_PLAIN);
                    S_push_spaces(w, before, VG_STYLE_PLAIN);
                    S_push_flat(w, f, s0, s1, r == 0 ? VG_STYLE_BOLD : 0);
                    S_push_spaces(w, pad - before, VG_STYLE_PLAIN);
                }
                S_trim_end(w);
                S_flush(w);
            }
            if (r == 0) {
                w->started = true;
                S_push_spaces(w, indent, VG_STYLE_PLAIN);
                for (size_t c = 0; c < ncols; c++) {
                    if (c > 0)
                        S_push_run(w, "\u2500\u253c\u2500", 9, VG_STYLE_PLAIN);
                    S_push_repeat(w, "\u2500", widths[c]);
                }
                S_flush(w);
            }
        }
    } else {
        /* Too wide: "Header: value · Header: value", a row per line (continued lines
         * indented by two). Empty cells are left out. */
        w->text_col = indent + 2 <= w->width / 2 ? indent + 2 : indent;
        for (size_t r = nrows > 1 ? 1 : 0; r < nrows && !w->failed; r++) {
            S_flat line;
            memset(&line, 0, sizeof line);
            for (size_t c = 0; c < ncols && rows[r] + c < rows[r + 1]; c++) {
                const S_flat *f = &flat[rows[r] + c];
                const S_flat *h = c < rows[1] - rows[0] ? &flat[c] : &none;
                if (!f->text.len)
                    continue;
                /* No-break spaces keep "·" after a value and a header with its value (they
                 * are printed as spaces). */
                if (line.text.len)
                    S_flat_add(&line, "\u00a0\u00b7 ", 5, VG_STYLE_PLAIN, SEG_TEXT);
                if (r > 0 && h->text.len) {
                    S_flat_append(&line, h, VG_STYLE_BOLD);
                    S_flat_add(&line, ":\u00a0", 3, VG_STYLE_PLAIN, SEG_TEXT);
                }
                S_flat_append(&line, f, r == 0 ? VG_STYLE_BOLD : 0);
            }
            if (line.failed)
                w->failed = true;
            w->hang = w->text_col - indent;
            w->unglue = true;
            if (line.nsegs && !w->failed)
                S_wrap_flat(w, &line, NULL);
            w->unglue = false;
            w->hang = 0;
            S_flat_release(&line);
        }
    }
    for (size_t i = 0; i < n; i++)
        S_flat_release(&flat[i]);
    free(flat);
    free(rows);
    free(widths);
}

vg_status vg_render_rich(const vg_rich *text, size_t width, vg_lines *out)
{
    static const char *const bullets[] = {"•", "◦", "▪"};
    S_wrap w;
    memset(&w, 0, sizeof w);
    w.out = out;
    w.width = width ? width : 1;
    for (size_t i = 0; i < text->nblocks && !w.failed; i++) {
        const vg_block *b = &text->blocks[i];
        /* Capped so that 2 * depth cannot overflow; S_layout caps the indent anyway. */
        size_t depth = b->depth < w.width ? b->depth : w.width;
        char num[16];
        const char *marker = NULL;
        size_t text_col = 2 * depth, inline_marker;
        if (b->kind == VG_BLOCK_BULLET) {
            size_t d = depth ? depth : 1;
            size_t level = b->depth ? b->depth : 1;
            if (b->ordinal) {
                snprintf(num, sizeof num, "%u.", b->ordinal);
                marker = num;
                text_col = 2 * (d - 1) + strlen(num) + 1;
            } else {
                marker = bullets[(level - 1) % 3];
                text_col = 2 * d;
            }
        }
        if (b->kind == VG_BLOCK_CELL) {
            size_t j = i + 1;
            while (j < text->nblocks && text->blocks[j].kind == VG_BLOCK_CELL &&
                   !(text->blocks[j].row == 0 && text->blocks[j].col == 0))
                j++;
            S_table(&w, b, j - i, depth);
            i = j - 1;
            continue;
        }
        S_layout(&w, text_col, marker, &inline_marker);
        if (b->kind == VG_BLOCK_CODE) {
            S_code_block(&w, b);
            continue;
        }
        S_flat f;
        memset(&f, 0, sizeof f);
        S_flatten(b, &f);
        if (f.failed)
            w.failed = true;
        else
            S_wrap_flat(&w, &f, inline_marker ? marker : NULL);
        vg_buf_release(&f.text);
        free(f.segs);
    }
    bool failed = w.failed;
    S_wrap_release(&w);
    return failed ? VG_NOMEM : VG_OK;
}

void vg_render_inline(const vg_rich *text, vg_buf *out)
{
    vg_buf raw = VG_BUF_INIT;
    for (size_t i = 0; i < text->nblocks; i++) {
        const vg_block *b = &text->blocks[i];
        /* Cells of a table row are kept apart by " | ". */
        if (b->kind == VG_BLOCK_CELL && b->col > 0)
            vg_buf_adds(&raw, " | ");
        else
            vg_buf_addc(&raw, ' ');
        for (size_t j = 0; j < b->nspans; j++) {
            const vg_span *sp = &b->spans[j];
            if (sp->style & VG_STYLE_MATH)
                vg_render_math(sp->text, sp->len, &raw);
            else
                vg_render_sanitize(sp->text, sp->len, &raw);
        }
    }
    /* Spaces folded and trimmed: one line for a table cell. */
    const char *s = vg_buf_str(&raw);
    bool space = false, any = false;
    for (size_t i = 0; i < raw.len; i++) {
        if (s[i] == ' ') {
            space = any;
            continue;
        }
        if (space)
            vg_buf_addc(out, ' ');
        space = false;
        any = true;
        vg_buf_addc(out, s[i]);
    }
    if (raw.failed)
        out->failed = true;
    vg_buf_release(&raw);
}
