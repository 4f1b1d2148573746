/* Cloze deletions, in Anki's syntax (docs/deck-format.md, "Cloze cards"): "{{c1::answer}}" or
 * "{{c1::answer::hint}}". The markup is checked in the source of the note's lines (so errors
 * have their line and column), then read again in the note's rich text, where cmark has left
 * it as plain text: every marker lies inside one span, since none of its characters is one
 * cmark splits text at, and math and code spans are never markup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deck/deck_int.h"

typedef enum S_mark { M_NONE, M_OPEN, M_ZERO, M_NONUM, M_HINT, M_CLOSE } S_mark;

enum { S_MAX_DIGITS = 6 }; /* c1 to c999999 */

/* The marker at s[i] (of s[0..n)): an opener "{{cN::" (M_ZERO for c0, M_NONUM for "{{c::")
 * with its number in *num, or "::" or "}}"; its length in *mlen. */
static S_mark S_marker(const char *s, size_t n, size_t i, size_t *mlen, unsigned *num)
{
    if (i + 1 >= n)
        return M_NONE;
    *mlen = 2;
    if (s[i] == ':' && s[i + 1] == ':')
        return M_HINT;
    if (s[i] == '}' && s[i + 1] == '}')
        return M_CLOSE;
    if (s[i] != '{' || s[i + 1] != '{' || i + 2 >= n || s[i + 2] != 'c')
        return M_NONE;
    size_t k = i + 3, d = k;
    unsigned v = 0;
    while (k < n && k - d < S_MAX_DIGITS && s[k] >= '0' && s[k] <= '9')
        v = v * 10 + (unsigned)(s[k++] - '0');
    if (k + 1 >= n || s[k] != ':' || s[k + 1] != ':')
        return M_NONE;
    *mlen = k + 2 - i;
    *num = v;
    return k == d ? M_NONUM : v ? M_OPEN : M_ZERO;
}

/* ---- the check, on the source ---- */

typedef struct S_open {
    unsigned line, col, num;
    bool hint, filled; /* past the "::" of a hint; the answer has more than spaces */
} S_open;

static void S_unclosed(vg_builder *b, const S_open *o)
{
    vg_builder_diag(b, VG_DIAG_ERROR, o->line, o->col,
                    "cloze deletion '{{c%u::' is not closed (end it with '}}')", o->num);
}

int vg_cloze_check(vg_builder *b, int first_rel, int last_rel)
{
    size_t from = vg_builder_line_start(b, first_rel);
    if (from == SIZE_MAX || last_rel < first_rel)
        return 0;
    size_t to = vg_builder_line_start(b, last_rel + 1);
    if (to == SIZE_MAX)
        to = b->sublen;
    const char *t = b->sub;
    /* Most cards have no "{{" at all: every marker that opens a deletion starts with one. */
    const char *q = t + from;
    while ((q = memchr(q, '{', (size_t)(t + to - q))) && q + 1 < t + to && q[1] != '{')
        q++;
    if (!q || q + 1 >= t + to)
        return 0;
    bool open = false, errors = false, any = false, blank = true;
    S_open o = {0};
    unsigned line = b->line0 + (unsigned)first_rel;
    size_t ls = from;
    for (size_t i = from; i < to;) {
        char c = t[i];
        if (c == '\n') {
            if (blank && open) { /* a blank line ends the paragraph, and the deletion */
                S_unclosed(b, &o);
                errors = true;
                open = false;
            }
            line++;
            ls = ++i;
            blank = true;
            continue;
        }
        if (c != ' ' && c != '\t')
            blank = false;
        if (c == '`') { /* a code span is no markup: skip to the run of as many backticks */
            size_t r = i;
            while (r < to && t[r] == '`')
                r++;
            size_t run = r - i, k = r;
            while (k < to) {
                if (t[k] != '`') {
                    k++;
                    continue;
                }
                size_t e = k;
                while (e < to && t[e] == '`')
                    e++;
                if (e - k == run)
                    break;
                k = e;
            }
            i = k < to && !memchr(t + r, '\n', k - r) ? k + run : r;
            continue;
        }
        size_t mlen;
        unsigned num = 0;
        S_mark m = c == '{' || c == ':' || c == '}' ? S_marker(t, to, i, &mlen, &num) : M_NONE;
        if (m == M_OPEN || m == M_ZERO || m == M_NONUM) {
            unsigned col = vg_deck_col(t, ls, i);
            if (open) {
                vg_builder_diag(b, VG_DIAG_ERROR, line, col,
                                "cloze deletion inside another (the '{{c%u::' at line %u:%u); "
                                "deletions do not nest",
                                o.num, o.line, o.col);
                errors = true;
            } else if (m == M_ZERO) {
                vg_builder_diag(b, VG_DIAG_ERROR, line, col,
                                "cloze number 0 in '{{c0::' (numbers start at 1)");
                errors = true;
            } else if (m == M_NONUM) {
                vg_builder_diag(b, VG_DIAG_ERROR, line, col,
                                "cloze deletion without a number: write '{{c1::' for '{{c::'");
                errors = true;
            }
            if (!open)
                o = (S_open){line, col, num, false, false};
            open = true;
            i += mlen;
            continue;
        }
        if (open && m == M_HINT && !o.hint) {
            o.hint = true;
            i += mlen;
            continue;
        }
        if (open && m == M_CLOSE) {
            if (!o.filled) {
                vg_builder_diag(b, VG_DIAG_ERROR, o.line, o.col,
                                "cloze deletion '{{c%u::' has an empty answer", o.num);
                errors = true;
            }
            any = true;
            open = false;
            i += mlen;
            continue;
        }
        if (open && !o.hint && c != ' ' && c != '\t')
            o.filled = true;
        i++;
    }
    if (open) {
        S_unclosed(b, &o);
        errors = true;
    }
    return errors ? -1 : any ? 1 : 0;
}

/* ---- the cards, from the rich text ---- */

typedef struct S_cz {
    vg_builder *b;
    vg_rb *out;     /* NULL: only collect the numbers */
    unsigned n;     /* the number this card hides (front) or reveals (back) */
    bool front;     /* hide it (else reveal it) */
    bool in, hint;  /* inside a deletion; past its hint's "::" */
    unsigned num;   /* the deletion's number */
    unsigned *nums; /* collect: the distinct numbers, ascending */
    size_t nnums, cap;
} S_cz;

static void S_add_num(S_cz *z, unsigned num)
{
    size_t i = 0;
    while (i < z->nnums && z->nums[i] < num)
        i++;
    if (i < z->nnums && z->nums[i] == num)
        return;
    if (!vg_deck_grow((void **)&z->nums, &z->cap, z->nnums + 1, sizeof *z->nums)) {
        z->b->nomem = true;
        return;
    }
    memmove(z->nums + i + 1, z->nums + i, (z->nnums - i) * sizeof *z->nums);
    z->nums[i] = num;
    z->nnums++;
}

/* Text of a span in style, where the state puts it. */
static void S_text(S_cz *z, const char *s, size_t len, unsigned style)
{
    if (!z->out || !len)
        return;
    if (!z->in) {
        vg_rb_add(z->out, s, len, style);
    } else if (z->hint) {
        if (z->num == z->n && z->front)
            vg_buf_add(&z->b->hint, s, len);
    } else if (z->num != z->n) {
        vg_rb_add(z->out, s, len, style);
    } else if (!z->front) {
        vg_rb_add(z->out, s, len, style | VG_STYLE_CLOZE);
    }
}

static void S_open_del(S_cz *z, unsigned num)
{
    z->in = true;
    z->hint = false;
    z->num = num;
    vg_buf_clear(&z->b->hint);
    if (!z->out)
        S_add_num(z, num);
    else if (num == z->n && !z->front)
        vg_rb_add(z->out, "[", 1, VG_STYLE_CLOZE);
}

static void S_close_del(S_cz *z)
{
    z->in = false;
    if (!z->out || z->num != z->n)
        return;
    if (!z->front) {
        vg_rb_add(z->out, "]", 1, VG_STYLE_CLOZE);
        return;
    }
    vg_buf *h = &z->b->hint;
    size_t len = h->data ? vg_deck_fold(h->data, h->len) : 0;
    vg_rb_add(z->out, "[", 1, VG_STYLE_CLOZE);
    vg_rb_add(z->out, len ? h->data : "\u2026", len ? len : 3, VG_STYLE_CLOZE);
    vg_rb_add(z->out, "]", 1, VG_STYLE_CLOZE);
}

/* Opens a block in out like bl (a table cell keeps its place). */
static void S_begin_like(vg_rb *out, const vg_rb_block *bl)
{
    vg_rb_begin(out, bl->kind, bl->depth, bl->ordinal, bl->line);
    if (out->failed)
        return;
    vg_rb_block *nb = &out->blocks[out->nblocks - 1];
    nb->row = bl->row;
    nb->col = bl->col;
    nb->align = bl->align;
}

/* Block bi of the note through the state machine (into z->out, when set). A deletion that
 * does not close in its block ends there. */
static void S_block(S_cz *z, const vg_rb *note, size_t bi)
{
    const vg_rb_block *bl = &note->blocks[bi];
    if (z->out)
        S_begin_like(z->out, bl);
    z->in = false;
    for (size_t si = bl->first; si < bl->first + bl->n; si++) {
        const vg_rb_span *sp = &note->spans[si];
        const char *s = note->text.data + sp->off;
        if (sp->style & (VG_STYLE_CODE | VG_STYLE_MATH)) {
            S_text(z, s, sp->len, sp->style);
            continue;
        }
        size_t j = 0;
        for (size_t i = 0; i < sp->len;) {
            size_t mlen;
            unsigned num = 0;
            S_mark m = S_marker(s, sp->len, i, &mlen, &num);
            if ((!z->in && m != M_OPEN) || (z->in && m != M_CLOSE && (m != M_HINT || z->hint))) {
                i++;
                continue;
            }
            S_text(z, s + j, i - j, sp->style);
            if (m == M_OPEN)
                S_open_del(z, num);
            else if (m == M_HINT)
                z->hint = true;
            else
                S_close_del(z);
            i += mlen;
            j = i;
        }
        S_text(z, s + j, sp->len - j, sp->style);
    }
    if (z->out)
        vg_rb_end(z->out);
}

/* Appends block bi of src to out as it is. */
static void S_copy_block(vg_rb *out, const vg_rb *src, size_t bi, unsigned extra)
{
    const vg_rb_block *bl = &src->blocks[bi];
    S_begin_like(out, bl);
    for (size_t si = bl->first; si < bl->first + bl->n; si++) {
        const vg_rb_span *sp = &src->spans[si];
        vg_rb_add(out, src->text.data + sp->off, sp->len, sp->style | extra);
    }
    vg_rb_end(out);
}

/* The note's text into b->note: its first line (the bold term, ": " when a separator followed
 * it, and the text after it on its line; or the paragraph) and the blocks under it. */
static void S_note(vg_builder *b)
{
    vg_rb *note = &b->note;
    vg_rb_clear(note);
    bool term = b->open_note == VG_NOTE_TERM_CLOZE;
    size_t rest = 0;
    if (b->front.nblocks)
        S_copy_block(note, &b->front, 0, term ? VG_STYLE_BOLD : 0);
    else
        vg_rb_begin(note, VG_BLOCK_PARA, 0, 0, b->open_line);
    if (term && b->open_inline && b->back.nblocks && note->nblocks) {
        vg_rb_add(note, b->open_sep ? ": " : " ", b->open_sep ? 2 : 1, VG_STYLE_PLAIN);
        const vg_rb_block *bl = &b->back.blocks[0];
        for (size_t si = bl->first; si < bl->first + bl->n; si++) {
            const vg_rb_span *sp = &b->back.spans[si];
            vg_rb_add(note, b->back.text.data + sp->off, sp->len, sp->style);
        }
        rest = 1;
    }
    for (size_t i = rest; i < b->back.nblocks; i++)
        S_copy_block(note, &b->back, i, 0);
    if (note->failed)
        b->nomem = true;
}

bool vg_cloze_cards(vg_builder *b)
{
    S_note(b);
    S_cz z = {.b = b};
    for (size_t i = 0; i < b->note.nblocks && !b->nomem; i++)
        S_block(&z, &b->note, i);
    if (!z.nnums || b->nomem) {
        free(z.nums);
        /* No deletion after all (the check and the text disagree): the note stays text. */
        for (size_t i = 0; b->open_note == VG_NOTE_TEXT_CLOZE && i < b->note.nblocks; i++)
            S_copy_block(vg_builder_target(b), &b->note, i, 0);
        return false;
    }
    /* The note's source (its first line, the markup as written): what its cards' ids hash. */
    vg_buf_clear(&b->tmp2);
    const vg_rb_block *b0 = &b->note.blocks[0];
    vg_deck_spans_src(&b->note, b0->first, b0->n, &b->tmp2);
    size_t nlen = b->tmp2.data ? vg_deck_fold(b->tmp2.data, b->tmp2.len) : 0;
    const char *note_src = b->tmp2.failed ? NULL : vg_builder_strdup(b, b->tmp2.data, nlen);
    for (size_t k = 0; k < z.nnums && note_src && !b->nomem; k++) {
        char tag[4 + 3 * sizeof(unsigned)];
        snprintf(tag, sizeof tag,
                 "\x1F"
                 "c%u",
                 z.nums[k]);
        vg_buf_clear(&b->tmp2);
        vg_buf_adds(&b->tmp2, note_src);
        vg_buf_adds(&b->tmp2, tag);
        const char *src = b->tmp2.failed ? NULL : vg_builder_strdup(b, b->tmp2.data, b->tmp2.len);
        if (!src)
            break;
        S_cz f = {.b = b, .out = &b->qfront, .n = z.nums[k], .front = true};
        S_cz r = {.b = b, .out = &b->qback, .n = z.nums[k], .front = false};
        vg_rb_clear(&b->qfront);
        vg_rb_clear(&b->qback);
        for (size_t i = 0; i < b->note.nblocks; i++) {
            S_block(&f, &b->note, i);
            S_block(&r, &b->note, i);
        }
        if (b->qfront.failed || b->qback.failed || b->hint.failed) {
            b->nomem = true;
            break;
        }
        vg_builder_card_commit(b, vg_deck_fnv(b->open_state, src), src, note_src, &b->qfront,
                               &b->qback, z.nums[k], false);
    }
    free(z.nums);
    return true;
}
