/* Rich text -> markdown that the deck parser reads back as the same text.
 *
 * Text is escaped so that no character of a field is read as markup: backslash escapes for
 * the ASCII punctuation that means something inline (` * _ [ ] < > $ & \), and for what
 * would open a block at the start of a line (# - + = ~ and "1." / "1)"). A digit right after
 * a formula is written as a character reference (a '$' followed by a digit does not close
 * math), and so is a '[' before a space ("\[ " opens display math). Emphasis, code spans
 * and math are written around their text; line breaks are hard breaks (a backslash at the end of
 * the line); the blocks of a back are indented under the card's bullet so they stay in it.
 * import/import.c parses the result and compares every card with what it was made from, so a case
 * this file gets wrong costs a row its styles, never a wrong card. */
#include <stdio.h>
#include <string.h>

#include "import/import_int.h"

typedef struct S_w {
    vg_buf *out;
    bool line_start; /* nothing but indentation written on this line */
    bool after_math; /* the last thing written closed a formula */
    bool heading;    /* '#' is escaped everywhere (a heading's closing '#'s) */
    unsigned indent; /* of continuation lines */
    char prev;       /* the last character of text written ('\0' at a line start) */
} S_w;

/* A character of a word: what a delimiter next to punctuation must not touch. Bytes of
 * non-ASCII characters count (most are letters; for the others this is only caution). */
static bool S_is_wordish(char c)
{
    return vg_import_is_alnum(c) || (unsigned char)c >= 0x80;
}

/* CommonMark's ASCII punctuation. */
static bool S_is_punct(char c)
{
    return c && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) != NULL;
}

static bool S_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static void S_newline(S_w *w)
{
    vg_buf_addc(w->out, '\n');
    for (unsigned i = 0; i < w->indent; i++)
        vg_buf_addc(w->out, ' ');
    w->line_start = true;
    w->after_math = false;
    w->prev = '\0';
}

/* Bytes that S_text writes as they are wherever they stand (no line start, no math before,
 * no '_' or '[' rule): most of a field, copied a run at a time. */
static bool S_is_inert(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ' || c == ',' || c == '\'' ||
           c == '"' || c == '(' || c == ')' || c == '.' || c == ':' || c == ';' || c == '?' ||
           c == '!' || c == '/' || (unsigned char)c >= 0x80;
}

/* Plain text s[0..len) escaped; '\n' is a hard line break. */
static void S_text(S_w *w, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!w->line_start && S_is_inert(c)) {
            size_t j = i + 1;
            while (j < len && S_is_inert(s[j]))
                j++;
            vg_buf_add(w->out, s + i, j - i);
            w->prev = s[j - 1];
            w->after_math = false;
            i = j - 1;
            continue;
        }
        if (c == '\n') {
            vg_buf_addc(w->out, '\\');
            S_newline(w);
            continue;
        }
        bool esc = false;
        switch (c) {
        case '\\':
        case '`':
        case '*':
        case '[':
        case ']':
        case '<':
        case '>':
        case '$':
        case '&':
            esc = true;
            break;
        case '_':
            /* Inside a word '_' cannot open or close emphasis: snake_case stays readable. */
            esc = !(vg_import_is_alnum(w->prev) && i + 1 < len && vg_import_is_alnum(s[i + 1]));
            break;
        case '#':
            esc = w->line_start || w->heading;
            break;
        case '-':
        case '+':
        case '=':
        case '~':
        case '|':
            esc = w->line_start;
            break;
        default:
            break;
        }
        if (w->line_start && S_is_digit(c)) {
            /* "1." or "1)" would start a numbered list: escape what follows the digits. */
            size_t j = i;
            while (j < len && S_is_digit(s[j]))
                j++;
            vg_buf_add(w->out, s + i, j - i);
            if (j < len && (s[j] == '.' || s[j] == ')')) {
                vg_buf_addc(w->out, '\\');
                vg_buf_addc(w->out, s[j]);
                j++;
            }
            w->prev = s[j - 1];
            w->line_start = false;
            w->after_math = false;
            i = j - 1;
            continue;
        }
        if (c == '[' && (i + 1 == len || s[i + 1] == ' ' || s[i + 1] == '\t' || s[i + 1] == '\n')) {
            /* "\[" and a space would open display math. */
            vg_buf_adds(w->out, "&#91;");
        } else if (w->after_math && S_is_digit(c)) {
            vg_buf_printf(w->out, "&#%d;", c);
        } else {
            if (esc)
                vg_buf_addc(w->out, '\\');
            vg_buf_addc(w->out, c);
        }
        w->prev = c;
        w->line_start = false;
        w->after_math = false;
    }
}

static size_t S_longest_ticks(const char *s, size_t len)
{
    size_t best = 0, run = 0;
    for (size_t i = 0; i < len; i++) {
        run = s[i] == '`' ? run + 1 : 0;
        if (run > best)
            best = run;
    }
    return best;
}

static void S_code(S_w *w, const char *s, size_t len)
{
    size_t ticks = S_longest_ticks(s, len) + 1;
    bool pad = len && (s[0] == '`' || s[len - 1] == '`' || (s[0] == ' ' && s[len - 1] == ' '));
    for (size_t i = 0; i < ticks; i++)
        vg_buf_addc(w->out, '`');
    if (pad)
        vg_buf_addc(w->out, ' ');
    for (size_t i = 0; i < len; i++)
        vg_buf_addc(w->out, s[i] == '\n' ? ' ' : s[i]);
    if (pad)
        vg_buf_addc(w->out, ' ');
    for (size_t i = 0; i < ticks; i++)
        vg_buf_addc(w->out, '`');
    w->prev = '`';
    w->line_start = false;
    w->after_math = false;
}

static void S_math(S_w *w, const char *s, size_t len, bool display)
{
    const char *d = display ? "$$" : "$";
    vg_buf_adds(w->out, d);
    vg_buf_add(w->out, s, len);
    vg_buf_adds(w->out, d);
    w->prev = 'x'; /* cmark sees a formula as letters (a placeholder, deck/deck_int.h) */
    w->line_start = false;
    w->after_math = true;
}

static const char *S_delim(unsigned style)
{
    if ((style & VG_STYLE_BOLD) && (style & VG_STYLE_ITALIC))
        return "***";
    if (style & VG_STYLE_BOLD)
        return "**";
    if (style & VG_STYLE_ITALIC)
        return "*";
    return "";
}

static bool S_is_space(char c)
{
    return c == ' ';
}

/* One span's content: text, code or math (no emphasis). */
static void S_atom(S_w *w, const vg_ir_span *sp, const char *t, size_t len)
{
    if (sp->style & VG_STYLE_MATH)
        S_math(w, t, len, sp->style & VG_STYLE_DISPLAY);
    else if (sp->style & VG_STYLE_CODE)
        S_code(w, t, len);
    else
        S_text(w, t, len);
}

/* The spans of a block, with emphasis as the outer layer: consecutive spans with the same
 * bold/italic flags are one emphasized run, whose spaces at either end are written outside
 * its delimiters (a delimiter next to a space does not open or close). Runs with different
 * emphasis that touch without a space between take both: their delimiters would run into
 * each other. */
static void S_inline(S_w *w, const vg_ir *ir, const vg_ir_block *b)
{
    const unsigned emph = VG_STYLE_BOLD | VG_STYLE_ITALIC;
    size_t k = 0;
    while (k < b->n) {
        const vg_ir_span *first = &ir->spans[b->first + k];
        unsigned e = first->style & emph;
        size_t end = k + 1;
        if (e) {
            for (; end < b->n; end++) {
                const vg_ir_span *sp = &ir->spans[b->first + end];
                unsigned e2 = sp->style & emph;
                if (e2 == e)
                    continue;
                const vg_ir_span *prev = &ir->spans[b->first + end - 1];
                const char *pt = ir->text.data + prev->off;
                bool touching = e2 && !S_is_space(pt[prev->len - 1]) &&
                                !S_is_space(ir->text.data[sp->off]) && pt[prev->len - 1] != '\n' &&
                                ir->text.data[sp->off] != '\n';
                if (!touching)
                    break;
                e |= e2;
            }
        }
        if (!e) {
            S_atom(w, first, ir->text.data + first->off, first->len);
            k = end;
            continue;
        }
        /* Spaces and line breaks at the ends of the run go outside the delimiters. */
        const vg_ir_span *a = first, *z = &ir->spans[b->first + end - 1];
        const char *at = ir->text.data + a->off, *zt = ir->text.data + z->off;
        size_t lead = 0, trail = 0;
        if (!(a->style & (VG_STYLE_CODE | VG_STYLE_MATH)))
            while (lead < a->len && (at[lead] == ' ' || at[lead] == '\n'))
                lead++;
        if (!(z->style & (VG_STYLE_CODE | VG_STYLE_MATH)))
            while (trail < z->len &&
                   (zt[z->len - 1 - trail] == ' ' || zt[z->len - 1 - trail] == '\n'))
                trail++;
        /* A delimiter between a letter and punctuation neither opens nor closes
         * (CommonMark's flanking rules): such punctuation goes outside, unstyled. */
        if (!(a->style & (VG_STYLE_CODE | VG_STYLE_MATH)) && !lead && S_is_wordish(w->prev)) {
            while (lead < a->len && S_is_punct(at[lead]) && (a != z || lead + trail < a->len))
                lead++;
            while (lead < a->len && (at[lead] == ' ' || at[lead] == '\n'))
                lead++;
        }
        /* What follows the run, as cmark sees it: a formula is letters to it. */
        const vg_ir_span *after = end < b->n ? &ir->spans[b->first + end] : NULL;
        bool word_after =
            after && ((after->style & VG_STYLE_MATH) ||
                      (!(after->style & VG_STYLE_CODE) && S_is_wordish(ir->text.data[after->off])));
        if (!(z->style & (VG_STYLE_CODE | VG_STYLE_MATH)) && word_after && !trail) {
            while (trail < z->len && S_is_punct(zt[z->len - 1 - trail]) &&
                   (a != z || lead + trail < a->len))
                trail++;
            while (trail < z->len &&
                   (zt[z->len - 1 - trail] == ' ' || zt[z->len - 1 - trail] == '\n'))
                trail++;
        }
        /* A code span (its backtick is punctuation) right between a letter and a delimiter
         * cannot be helped that way: the run goes without emphasis. */
        bool code_edge = ((a->style & VG_STYLE_CODE) && S_is_wordish(w->prev)) ||
                         ((z->style & VG_STYLE_CODE) && word_after);
        if (code_edge || (a == z && lead + trail >= a->len)) {
            for (size_t m = k; m < end; m++) {
                const vg_ir_span *sp = &ir->spans[b->first + m];
                S_atom(w, sp, ir->text.data + sp->off, sp->len);
            }
            k = end;
            continue;
        }
        S_text(w, at, lead);
        vg_buf_adds(w->out, S_delim(e));
        w->line_start = false;
        w->after_math = false;     /* a delimiter stands between a formula and a digit */
        vg_buf code = VG_BUF_INIT; /* code spans side by side are one ("`a``b`" is not) */
        for (size_t m = k; m < end; m++) {
            const vg_ir_span *sp = &ir->spans[b->first + m];
            const char *t = ir->text.data + sp->off;
            size_t len = sp->len;
            if (sp == a) {
                t += lead;
                len -= lead;
            }
            if (sp == z)
                len -= trail;
            if (sp->style & VG_STYLE_CODE) {
                vg_buf_add(&code, t, len);
                bool next_code = m + 1 < end && (sp[1].style & VG_STYLE_CODE);
                if (!next_code) {
                    S_code(w, vg_buf_str(&code), code.len);
                    vg_buf_clear(&code);
                }
                continue;
            }
            S_atom(w, sp, t, len);
        }
        if (code.failed)
            w->out->failed = true;
        vg_buf_release(&code);
        vg_buf_adds(w->out, S_delim(e));
        w->after_math = false;
        w->prev = '*';
        S_text(w, zt + z->len - trail, trail);
        k = end;
    }
}

void vg_md_plain(vg_buf *out, const char *s, size_t len)
{
    S_w w = {.out = out, .line_start = true, .heading = true};
    for (size_t i = 0; i < len; i++) {
        char c = s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i];
        S_text(&w, &c, 1);
    }
}

static void S_spaces(vg_buf *out, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        vg_buf_addc(out, ' ');
}

static void S_code_block(S_w *w, const char *s, size_t len, unsigned indent)
{
    size_t ticks = S_longest_ticks(s, len) + 1;
    if (ticks < 3)
        ticks = 3;
    S_spaces(w->out, indent);
    for (size_t i = 0; i < ticks; i++)
        vg_buf_addc(w->out, '`');
    vg_buf_addc(w->out, '\n');
    size_t i = 0;
    while (i <= len) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - s) : len;
        if (e > i)
            S_spaces(w->out, indent);
        vg_buf_add(w->out, s + i, e - i);
        vg_buf_addc(w->out, '\n');
        i = e + 1;
    }
    S_spaces(w->out, indent);
    for (size_t k = 0; k < ticks; k++)
        vg_buf_addc(w->out, '`');
}

enum { S_MAX_DEPTH = 32 };

/* The text of a block of the back starts (its marker or indentation is written); its further
 * lines are indented to indent. */
static void S_block_start(S_w *w, unsigned indent)
{
    w->indent = indent;
    w->line_start = true;
    w->prev = '\0';
    w->after_math = false;
}

void vg_md_note(vg_buf *out, const vg_ir *front, const char *sep, const vg_ir *back,
                const char *tags)
{
    S_w w = {.out = out, .line_start = false, .indent = 2};
    vg_buf_adds(out, "- ");
    if (front) {
        /* "***a***" is emphasis around strong, not a bold front: a front that opens in italic
         * gets "__" (same id, deck.h) so the delimiters stay apart. */
        const char *bold = front->nspans && (front->spans[0].style & VG_STYLE_ITALIC) ? "__" : "**";
        vg_buf_adds(out, bold);
        if (front->nblocks)
            S_inline(&w, front, &front->blocks[0]);
        vg_buf_adds(out, bold);
        vg_buf_adds(out, sep);
    } else if (back->nblocks && back->blocks[0].kind == VG_BLOCK_PARA) {
        /* A plain bullet: its first paragraph on the bullet's line. */
        w.line_start = true;
        S_inline(&w, back, &back->blocks[0]);
    }
    /* Tags in a comment right after the front: seen in the file, never on the card. Inline,
     * because a line that opens an HTML block costs the deck parser a look ahead. */
    if (tags && *tags) {
        vg_buf_adds(out, " <!-- tags: ");
        vg_buf_adds(out, tags);
        vg_buf_adds(out, " -->");
    }

    /* content[d]: the column where the text of the item at depth d starts (0: the card). */
    unsigned content[S_MAX_DEPTH + 1] = {2};
    unsigned levels = 0;
    vg_block_kind prev = VG_BLOCK_PARA;
    unsigned prev_depth = 0;
    for (size_t i = 0; i < back->nblocks; i++) {
        const vg_ir_block *b = &back->blocks[i];
        unsigned d = b->depth;
        if (i == 0 && b->kind == VG_BLOCK_PARA && !front)
            continue; /* on the bullet's line already */
        if (i == 0 && b->kind == VG_BLOCK_PARA && d == 0) {
            vg_buf_addc(out, ' ');
            w.indent = 2;
            w.line_start = false;
            w.prev = ' ';
            S_inline(&w, back, b);
            continue;
        }
        if (b->kind == VG_BLOCK_BULLET) {
            if (d > levels + 1)
                d = levels + 1;
            if (d > S_MAX_DEPTH)
                d = S_MAX_DEPTH;
            if (d < 1)
                d = 1;
            /* A list right under the bullet line or another item needs no blank line, but
             * one that starts at a number other than 1 does: it cannot interrupt a
             * paragraph (CommonMark), so it would be read as the paragraph's text. */
            bool starts = i == 0 || prev != VG_BLOCK_BULLET || prev_depth < d;
            bool tight = (i == 0 || prev == VG_BLOCK_BULLET) && !(starts && b->ordinal > 1);
            vg_buf_adds(out, tight ? "\n" : "\n\n");
            unsigned col = content[d - 1];
            S_spaces(out, col);
            char marker[16];
            int mlen = b->ordinal ? snprintf(marker, sizeof marker, "%u.", b->ordinal % 1000000000u)
                                  : snprintf(marker, sizeof marker, "-");
            vg_buf_add(out, marker, (size_t)mlen);
            vg_buf_addc(out, ' ');
            content[d] = col + (unsigned)mlen + 1;
            levels = d;
            S_block_start(&w, content[d]);
            S_inline(&w, back, b);
        } else {
            if (d > levels)
                d = levels;
            vg_buf_adds(out, "\n\n");
            if (b->kind == VG_BLOCK_CODE) {
                const vg_ir_span *sp = &back->spans[b->first];
                S_code_block(&w, back->text.data + sp->off, sp->len, content[d]);
            } else {
                S_spaces(out, content[d]);
                S_block_start(&w, content[d]);
                S_inline(&w, back, b);
            }
            levels = d;
        }
        prev = b->kind;
        prev_depth = d;
    }
    vg_buf_addc(out, '\n');
}
