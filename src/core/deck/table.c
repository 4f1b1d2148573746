/* Pipe tables. cmark has no table extension, so a table arrives as a paragraph; this reads
 * the paragraph's lines again (in b->sub, where math is already placeholders, so a '|' inside
 * math never splits a cell) and, when they hold a table as GitHub's extension defines it,
 * turns them into VG_BLOCK_CELL blocks:
 *   - a header row, then a delimiter row of cells like "---", ":--", "--:" or ":-:" (the
 *     colons give the column's alignment), with as many cells as the header, then body rows
 *     up to the end of the paragraph;
 *   - cells are separated by '|' (not "\|", which is a '|' in the cell); a leading and a
 *     trailing '|' are optional; a row with fewer cells gets empty ones, extra cells go;
 *   - a delimiter row needs a '|' (a bare "---" under a line is a heading);
 *   - lines of the paragraph before the header stay a paragraph.
 * Each cell is read by cmark as a paragraph of its own (emphasis, code, links, math). A table
 * of more than S_MAX_COLS columns, or one that math runs across (a formula that goes on to
 * the next line), stays a paragraph. Every line is read a bounded number of times. */
#include <cmark.h>
#include <string.h>

#include "deck/deck_int.h"

enum { S_MAX_COLS = 64 };

typedef struct S_range {
    size_t s, e;
} S_range;

static bool S_is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static S_range S_trim(const char *t, S_range r)
{
    while (r.s < r.e && S_is_blank(t[r.s]))
        r.s++;
    while (r.e > r.s && S_is_blank(t[r.e - 1]))
        r.e--;
    return r;
}

/* The content of line l (relative to the piece) of the paragraph: its container marks
 * (indentation, up to `quotes` '>') left out. The first line starts at column col. */
static bool S_content(vg_builder *b, int l, int first, int col, unsigned quotes, S_range *out)
{
    size_t ls = vg_builder_line_start(b, l);
    if (ls == SIZE_MAX)
        return false;
    const char *t = b->sub, *nl = memchr(t + ls, '\n', b->sublen - ls);
    size_t s = ls, e = nl ? (size_t)(nl - t) : b->sublen;
    if (l == first) {
        s = ls + (size_t)(col > 0 ? col - 1 : 0);
        if (s > e)
            s = e;
    } else {
        for (;;) {
            while (s < e && S_is_blank(t[s]))
                s++;
            if (!quotes || s >= e || t[s] != '>')
                break;
            s++;
            quotes--;
        }
    }
    *out = S_trim(t, (S_range){s, e});
    return true;
}

/* The cells of a row (at most max are stored); returns how many there are. */
static size_t S_cells(const char *t, S_range r, S_range *cells, size_t max)
{
    size_t n = 0, i = r.s;
    size_t a = i;
    if (i < r.e && t[i] == '|')
        a = ++i;
    bool closed = false; /* the row ended with a '|' */
    while (i < r.e) {
        if (t[i] == '\\' && i + 1 < r.e) {
            i += 2;
            continue;
        }
        if (t[i] == '|') {
            if (n < max)
                cells[n] = S_trim(t, (S_range){a, i});
            n++;
            a = i + 1;
            closed = a == r.e;
        }
        i++;
    }
    if (!closed && (a < r.e || n == 0)) {
        if (n < max)
            cells[n] = S_trim(t, (S_range){a, r.e});
        n++;
    }
    return n;
}

/* A delimiter row: its number of cells and their alignments, or 0. */
static size_t S_delims(const char *t, S_range r, vg_align *al)
{
    if (r.s >= r.e || memchr(t + r.s, '|', r.e - r.s) == NULL)
        return 0;
    for (size_t i = r.s; i < r.e; i++)
        if (!strchr("|:- \t", t[i]))
            return 0;
    S_range cells[S_MAX_COLS + 1];
    size_t n = S_cells(t, r, cells, S_MAX_COLS + 1);
    if (n > S_MAX_COLS)
        return 0;
    for (size_t c = 0; c < n; c++) {
        S_range x = cells[c];
        bool left = x.s < x.e && t[x.s] == ':', right = x.e > x.s && t[x.e - 1] == ':';
        size_t dashes = 0;
        for (size_t i = x.s + left; i + right < x.e; i++) {
            if (t[i] != '-')
                return 0;
            dashes++;
        }
        if (!dashes)
            return 0;
        al[c] = left && right ? VG_ALIGN_CENTER
                : right       ? VG_ALIGN_RIGHT
                : left        ? VG_ALIGN_LEFT
                              : VG_ALIGN_NONE;
    }
    return n;
}

static bool S_push(vg_rb *rb, vg_block_kind kind, unsigned depth, unsigned ordinal, unsigned line)
{
    if (!vg_deck_grow((void **)&rb->blocks, &rb->cap_blocks, rb->nblocks + 1, sizeof *rb->blocks)) {
        rb->failed = true;
        return false;
    }
    rb->blocks[rb->nblocks++] = (vg_rb_block){
        .kind = kind, .depth = depth, .ordinal = ordinal, .line = line, .first = rb->nspans};
    return true;
}

/* The text of a cell for cmark: "\|" is a '|' there (and only there). */
static void S_cell_text(const char *t, S_range x, vg_buf *out)
{
    vg_buf_clear(out);
    for (size_t i = x.s; i < x.e; i++) {
        if (t[i] == '\\' && i + 1 < x.e && t[i + 1] == '|')
            continue;
        vg_buf_addc(out, t[i]);
    }
}

typedef struct S_table {
    int first, last, col; /* the paragraph's lines, and the column its first line starts at */
    unsigned quotes;      /* block quotes around it */
    int header;           /* the header's line */
    size_t ncols;
    vg_align al[S_MAX_COLS];
} S_table;

/* Is there a table in the paragraph p? */
static bool S_find(vg_builder *b, cmark_node *p, S_table *tb)
{
    tb->first = cmark_node_get_start_line(p);
    tb->last = cmark_node_get_end_line(p);
    tb->col = cmark_node_get_start_column(p);
    if (tb->first < 1 || tb->last <= tb->first)
        return false;
    tb->quotes = 0;
    for (cmark_node *a = cmark_node_parent(p); a; a = cmark_node_parent(a))
        if (cmark_node_get_type(a) == CMARK_NODE_BLOCK_QUOTE)
            tb->quotes++;
    const char *t = b->sub;

    /* The header: the line before the first delimiter row with as many cells as it. */
    S_range prev, cur, cells[S_MAX_COLS];
    tb->ncols = 0;
    if (!S_content(b, tb->first, tb->first, tb->col, tb->quotes, &prev))
        return false;
    for (int l = tb->first + 1; l <= tb->last; l++, prev = cur) {
        if (!S_content(b, l, tb->first, tb->col, tb->quotes, &cur))
            return false;
        size_t n = S_delims(t, cur, tb->al);
        if (n && S_cells(t, prev, cells, S_MAX_COLS) == n) {
            tb->ncols = n;
            tb->header = l - 1;
            break;
        }
    }
    if (!tb->ncols)
        return false;
    /* Math that goes on to a next line (U+FDD1 there) would be cut by the rows. */
    size_t from = vg_builder_line_start(b, tb->header);
    size_t to = tb->last < INT32_MAX ? vg_builder_line_start(b, tb->last + 1) : SIZE_MAX;
    if (to == SIZE_MAX)
        to = b->sublen;
    for (size_t i = from; i + 3 <= to; i++) {
        const char *m = memchr(t + i, 0xEF, to - i);
        if (!m)
            break;
        i = (size_t)(m - t);
        if (i + 3 <= to && memcmp(m, VG_PH_CONT, 3) == 0)
            return false;
    }
    return true;
}

/* The rows of the table as cells at depth. */
static void S_rows(vg_builder *b, vg_rb *rb, const S_table *tb, unsigned depth, vg_buf *cell)
{
    const char *t = b->sub;
    S_range cells[S_MAX_COLS];
    unsigned row = 0;
    for (int l = tb->header; l <= tb->last && !rb->failed && !b->nomem; l++) {
        if (l == tb->header + 1)
            continue; /* the delimiter row */
        S_range r;
        if (!S_content(b, l, tb->first, tb->col, tb->quotes, &r))
            break;
        size_t n = S_cells(t, r, cells, tb->ncols);
        for (size_t c = 0; c < tb->ncols; c++) {
            if (!S_push(rb, VG_BLOCK_CELL, depth, 0, b->line0 + (unsigned)l))
                break;
            vg_rb_block *bl = &rb->blocks[rb->nblocks - 1];
            bl->row = row;
            bl->col = (unsigned)c;
            bl->align = tb->al[c];
            if (c < n && cells[c].e > cells[c].s) {
                S_cell_text(t, cells[c], cell);
                if (cell->failed)
                    b->nomem = true;
                else
                    vg_builder_inline(b, rb, cell->data, cell->len);
            }
        }
        row++;
    }
    if (cell->failed)
        b->nomem = true;
}

bool vg_table_para(vg_builder *b, vg_rb *rb, void *para, vg_block_kind kind, unsigned depth,
                   unsigned ordinal)
{
    S_table tb;
    if (!S_find(b, para, &tb))
        return false;
    const char *t = b->sub;
    vg_buf *cell = &b->cell;
    vg_buf_clear(cell);
    /* The lines before the header: the paragraph (or the item's bullet) they were. */
    if (tb.header > tb.first) {
        for (int l = tb.first; l < tb.header; l++) {
            S_range r;
            if (!S_content(b, l, tb.first, tb.col, tb.quotes, &r))
                break;
            if (l > tb.first)
                vg_buf_addc(cell, '\n');
            vg_buf_add(cell, t + r.s, r.e - r.s);
        }
        if (S_push(rb, kind, depth, ordinal, b->line0 + (unsigned)tb.first)) {
            vg_builder_inline(b, rb, cell->data ? cell->data : "", cell->len);
            if (kind != VG_BLOCK_BULLET && !rb->blocks[rb->nblocks - 1].n)
                rb->nblocks--;
        }
    } else if (kind == VG_BLOCK_BULLET) {
        S_push(rb, kind, depth, ordinal, b->line0 + (unsigned)tb.first);
    }
    S_rows(b, rb, &tb, depth, cell);
    return true;
}

void *vg_table_start(vg_builder *b, void *para)
{
    S_table tb;
    if (!S_find(b, para, &tb) || tb.header == tb.first)
        return NULL;
    /* The line break that ends the line before the header. */
    int breaks = tb.header - tb.first;
    for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
        cmark_node_type ty = cmark_node_get_type(c);
        if ((ty == CMARK_NODE_SOFTBREAK || ty == CMARK_NODE_LINEBREAK) && --breaks == 0)
            return c;
    }
    return NULL; /* a line break inside emphasis or a link: no table then */
}

void vg_table_rows(vg_builder *b, vg_rb *rb, void *para, unsigned depth)
{
    S_table tb;
    if (!S_find(b, para, &tb))
        return;
    vg_buf_clear(&b->cell);
    S_rows(b, rb, &tb, depth, &b->cell);
}
