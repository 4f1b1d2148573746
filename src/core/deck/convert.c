/* The converter: one cmark document (a piece of the deck, see deck/load.c) becomes sections,
 * cards and diagnostics in a vg_builder; vg_builder_finish() moves them into the deck's arena.
 * Trees are walked without recursion (the walk keeps its own state), so no nesting depth can
 * overflow the stack. */
#include <cmark.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deck/deck_int.h"

enum { SEP_OFF, SEP_START, SEP_AFTER };
enum { S_SHORT_CHARS = 60 }; /* subjects quoted in messages are cut to this */

/* Where expanded text goes: a rich text in a style, or a plain buffer (titles, messages). */
typedef struct S_sink {
    vg_rb *rb;
    vg_buf *buf;
    unsigned style;
    bool raw; /* placeholders become the source they stand for (code, HTML, titles) */
} S_sink;

static bool S_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* ---- rich text under construction ---- */

static void S_rb_clear(vg_rb *rb)
{
    rb->nblocks = rb->nspans = 0;
    vg_buf_clear(&rb->text);
    rb->failed = false;
}

static void S_rb_release(vg_rb *rb)
{
    free(rb->blocks);
    free(rb->spans);
    vg_buf_release(&rb->text);
    memset(rb, 0, sizeof *rb);
}

static void S_rb_block(vg_rb *rb, vg_block_kind kind, unsigned depth, unsigned ordinal,
                       unsigned line)
{
    if (!vg_deck_grow((void **)&rb->blocks, &rb->cap_blocks, rb->nblocks + 1, sizeof *rb->blocks)) {
        rb->failed = true;
        return;
    }
    rb->blocks[rb->nblocks++] = (vg_rb_block){
        .kind = kind, .depth = depth, .ordinal = ordinal, .line = line, .first = rb->nspans};
}

/* Appends text to the last block, merged with the span before when the style is the same
 * (math spans stay apart: each is one formula). */
static void S_rb_span(vg_rb *rb, const char *s, size_t len, unsigned style)
{
    if (!len || !rb->nblocks || rb->failed)
        return;
    vg_rb_block *bl = &rb->blocks[rb->nblocks - 1];
    if (bl->n && !(style & VG_STYLE_MATH) && rb->spans[rb->nspans - 1].style == style) {
        rb->spans[rb->nspans - 1].len += len;
    } else {
        if (!vg_deck_grow((void **)&rb->spans, &rb->cap_spans, rb->nspans + 1, sizeof *rb->spans)) {
            rb->failed = true;
            return;
        }
        rb->spans[rb->nspans++] = (vg_rb_span){rb->text.len, len, style};
        bl->n++;
    }
    vg_buf_add(&rb->text, s, len);
    if (rb->text.failed)
        rb->failed = true;
}

/* Ends the last block: a paragraph or code block with nothing in it is dropped (an empty
 * bullet stays: it still shows its marker). */
static void S_rb_end(vg_rb *rb)
{
    if (rb->nblocks && !rb->blocks[rb->nblocks - 1].n &&
        rb->blocks[rb->nblocks - 1].kind != VG_BLOCK_BULLET)
        rb->nblocks--;
}

/* Copies rb into the arena as one allocation: blocks, then spans, then text. */
static bool S_rb_commit(vg_builder *b, vg_rb *rb, vg_rich *out)
{
    *out = (vg_rich){NULL, 0};
    if (rb->failed) {
        b->nomem = true;
        return false;
    }
    if (!rb->nblocks)
        return true;
    size_t bsz = rb->nblocks * sizeof(vg_block), ssz = rb->nspans * sizeof(vg_span);
    char *mem = vg_arena_alloc(b->arena, bsz + ssz + rb->text.len);
    if (!mem) {
        b->nomem = true;
        return false;
    }
    vg_block *blocks = (vg_block *)(void *)mem;
    vg_span *spans = (vg_span *)(void *)(mem + bsz);
    char *text = mem + bsz + ssz;
    if (rb->text.len)
        memcpy(text, rb->text.data, rb->text.len);
    for (size_t i = 0; i < rb->nspans; i++)
        spans[i] = (vg_span){text + rb->spans[i].off, rb->spans[i].len, rb->spans[i].style};
    for (size_t i = 0; i < rb->nblocks; i++) {
        const vg_rb_block *bl = &rb->blocks[i];
        blocks[i] = (vg_block){bl->kind, bl->depth, bl->ordinal, bl->line, spans + bl->first,
                               bl->n,    bl->row,   bl->col,     bl->align};
    }
    out->blocks = blocks;
    out->nblocks = rb->nblocks;
    return true;
}

/* ---- small helpers ---- */

/* Folds whitespace in place: runs become one space, none at either end. Returns the length. */
static size_t S_fold(char *s, size_t len)
{
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < len; i++) {
        if (S_is_space(s[i])) {
            space = o > 0;
            continue;
        }
        if (space)
            s[o++] = ' ';
        space = false;
        s[o++] = s[i];
    }
    return o;
}

/* s cut to S_SHORT_CHARS characters ("..." marks a cut), into out. */
static const char *S_short(const char *s, char out[S_SHORT_CHARS * 4 + 4])
{
    size_t i = 0, chars = 0;
    while (s[i] && chars < S_SHORT_CHARS) {
        i++;
        while ((s[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    memcpy(out, s, i);
    if (s[i])
        memcpy(out + i, "...", 4);
    else
        out[i] = '\0';
    return out;
}

static char *S_strdup(vg_builder *b, const char *s, size_t len)
{
    char *p = vg_arena_strndup(b->arena, s, len);
    if (!p)
        b->nomem = true;
    return p;
}

__attribute__((format(printf, 5, 6))) static void
S_diag(vg_builder *b, vg_diag_level level, unsigned line, unsigned col, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (len < 0)
        return;
    if ((size_t)len >= sizeof msg)
        len = (int)sizeof msg - 1;
    if (!vg_deck_grow((void **)&b->diags, &b->cap_diags, b->ndiags + 1, sizeof *b->diags)) {
        b->nomem = true;
        return;
    }
    const char *m = S_strdup(b, msg, (size_t)len);
    if (m)
        b->diags[b->ndiags++] = (vg_diag){level, line, col, m};
}

/* Where line line_rel (1-based) of the piece starts in sub, or SIZE_MAX. */
static size_t S_line_start(vg_builder *b, int line_rel)
{
    if (!b->have_line_starts) {
        b->nline_starts = 0;
        size_t s = 0;
        for (;;) {
            if (!vg_deck_grow((void **)&b->line_starts, &b->cap_line_starts, b->nline_starts + 1,
                              sizeof *b->line_starts)) {
                b->nomem = true;
                return SIZE_MAX;
            }
            b->line_starts[b->nline_starts++] = s;
            const char *p = memchr(b->sub + s, '\n', b->sublen - s);
            if (!p)
                break;
            s = (size_t)(p - b->sub) + 1;
        }
        b->have_line_starts = true;
    }
    if (line_rel < 1 || (size_t)line_rel > b->nline_starts)
        return SIZE_MAX;
    return b->line_starts[line_rel - 1];
}

/* The character column of a cmark (byte) column on a line of the piece. */
static unsigned S_col(vg_builder *b, int line_rel, int bytecol)
{
    if (bytecol <= 1)
        return 1;
    size_t ls = S_line_start(b, line_rel);
    if (ls == SIZE_MAX)
        return (unsigned)bytecol;
    size_t off = ls + (size_t)bytecol - 1;
    if (off > b->sublen)
        off = b->sublen;
    return vg_deck_col(b->sub, ls, off);
}

static unsigned S_line(const vg_builder *b, cmark_node *n)
{
    int l = cmark_node_get_start_line(n);
    return b->line0 + (unsigned)(l > 0 ? l : 1);
}

/* ---- tree walking ---- */

static bool S_is_container(cmark_node_type t)
{
    switch (t) {
    case CMARK_NODE_DOCUMENT:
    case CMARK_NODE_BLOCK_QUOTE:
    case CMARK_NODE_LIST:
    case CMARK_NODE_ITEM:
    case CMARK_NODE_CUSTOM_BLOCK:
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_HEADING:
    case CMARK_NODE_CUSTOM_INLINE:
    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
    case CMARK_NODE_LINK:
    case CMARK_NODE_IMAGE:
        return true;
    default:
        return false;
    }
}

/* The next event of a walk over root's subtree: containers are entered and exited, leaves
 * only entered. False when the walk is done. */
static bool S_step(cmark_node *root, cmark_node **node, bool *entering)
{
    cmark_node *n = *node;
    if (*entering && S_is_container(cmark_node_get_type(n))) {
        cmark_node *c = cmark_node_first_child(n);
        if (c)
            *node = c;
        else
            *entering = false;
        return true;
    }
    if (n == root)
        return false;
    cmark_node *next = cmark_node_next(n);
    if (next) {
        *node = next;
        *entering = true;
    } else {
        *node = cmark_node_parent(n);
        *entering = false;
    }
    return true;
}

/* ---- placeholders back to math or source ---- */

/* Length of a separator that opens a back: ':', '-', an en or em dash, a fullwidth colon. */
static size_t S_sep_len(const char *s, size_t len)
{
    if (s[0] == ':')
        return 1;
    if (s[0] == '-' && (len == 1 || S_is_space(s[1])))
        return 1;
    if (len >= 3 && (memcmp(s, "\xE2\x80\x94", 3) == 0 || memcmp(s, "\xE2\x80\x93", 3) == 0 ||
                     memcmp(s, "\xEF\xBC\x9A", 3) == 0))
        return 3;
    return 0;
}

/* Text to the sink. At the start of a back, the separator after the front and the spaces
 * around it are dropped. */
static void S_emit(vg_builder *b, const S_sink *k, const char *s, size_t len, unsigned extra)
{
    if (k->buf) {
        vg_buf_add(k->buf, s, len);
        return;
    }
    unsigned style = k->style | extra;
    if (b->sep != SEP_OFF && k->rb == &b->back) {
        if (style & (VG_STYLE_CODE | VG_STYLE_MATH)) {
            b->sep = SEP_OFF;
        } else {
            while (len && S_is_space(*s))
                s++, len--;
            if (!len)
                return;
            if (b->sep == SEP_START) {
                size_t m = S_sep_len(s, len);
                b->sep = SEP_AFTER;
                s += m;
                len -= m;
                while (len && S_is_space(*s))
                    s++, len--;
                if (!len)
                    return;
            }
            b->sep = SEP_OFF;
        }
    }
    S_rb_span(k->rb, s, len, style);
}

/* A math span: the source without its delimiters ($ $$ \( \[), trimmed; a line break and the
 * indentation after it become one '\n'. */
static void S_emit_math(vg_builder *b, const S_sink *k, const vg_ph *ph)
{
    bool display = ph->kind == VG_PH_DISPLAY;
    size_t d = display || b->src[ph->off] == '\\' ? 2 : 1;
    const char *s = b->src + ph->off + d;
    size_t len = ph->len - 2 * d;
    vg_buf *tmp = &b->tmp;
    vg_buf_clear(tmp);
    const char *end = s + len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl + 1 : end;
        vg_buf_add(tmp, s, (size_t)(e - s));
        s = e;
        while (nl && s < end && (*s == ' ' || *s == '\t'))
            s++;
    }
    const char *m = vg_buf_str(tmp);
    size_t mlen = tmp->len;
    /* Padded "$ x $" is "$x$": same text, same card id. */
    while (mlen && S_is_space(*m))
        m++, mlen--;
    while (mlen && S_is_space(m[mlen - 1]))
        mlen--;
    if (tmp->failed)
        b->nomem = true;
    S_emit(b, k, m, mlen, VG_STYLE_MATH | (display ? VG_STYLE_DISPLAY : 0));
}

/* The next line of the last multi-line placeholder (U+FDD1). */
static void S_cont(vg_builder *b, const S_sink *k)
{
    if (!b->cur_left)
        return;
    const vg_ph *ph = &b->ps->phs[b->cur_ph];
    size_t end = ph->off + ph->len, s = b->cur_pos;
    while (s < end && (b->src[s] == ' ' || b->src[s] == '\t'))
        s++;
    const char *nl = memchr(b->src + s, '\n', end - s);
    size_t e = nl ? (size_t)(nl - b->src) : end;
    b->cur_pos = nl ? e + 1 : end;
    b->cur_left--;
    if (b->pending_cont && !k->raw) {
        b->pending_cont--;
        return;
    }
    S_emit(b, k, b->src + s, e - s, 0);
}

/* Emits the literal s[0..len) from cmark, placeholders resolved. */
static void S_expand(vg_builder *b, const S_sink *k, const char *s, size_t len)
{
    size_t p = 0, start = 0;
    while (p < len) {
        const char *m = memchr(s + p, 0xEF, len - p);
        if (!m)
            break;
        size_t q = (size_t)(m - s);
        if (q + 3 > len || s[q + 1] != '\xB7' || (s[q + 2] != '\x90' && s[q + 2] != '\x91')) {
            p = q + 1;
            continue;
        }
        S_emit(b, k, s + start, q - start, 0);
        if (s[q + 2] == '\x91') {
            S_cont(b, k);
            p = start = q + 3;
            continue;
        }
        size_t id = 0, r = q + 3;
        for (; r < len && r < q + VG_PH_TOKEN && s[r] >= 'a' && s[r] <= 'z'; r++)
            id = id * 26 + (size_t)(s[r] - 'a');
        if (r != q + VG_PH_TOKEN || id >= b->ps->nphs) { /* cannot happen: cmark keeps tokens */
            p = start = r;
            continue;
        }
        p = start = r;
        const vg_ph *ph = &b->ps->phs[id];
        if (ph->kind == VG_PH_LITERAL) {
            S_emit(b, k, b->src + ph->off, ph->len, 0);
            continue;
        }
        const char *nl = ph->nlines > 1 ? memchr(b->src + ph->off, '\n', ph->len) : NULL;
        b->cur_ph = id;
        b->cur_left = ph->nlines - 1;
        b->cur_pos = nl ? (size_t)(nl - b->src) + 1 : ph->off + ph->len;
        if (k->raw) {
            S_emit(b, k, b->src + ph->off, nl ? (size_t)(nl - b->src) - ph->off : ph->len, 0);
        } else {
            S_emit_math(b, k, ph);
            b->pending_cont = ph->nlines - 1;
        }
    }
    S_emit(b, k, s + start, len - start, 0);
}

static void S_expand_lit(vg_builder *b, const S_sink *k, cmark_node *n, bool chop_newline)
{
    const char *lit = cmark_node_get_literal(n);
    if (!lit)
        return;
    size_t len = strlen(lit);
    if (chop_newline && len && lit[len - 1] == '\n')
        len--;
    S_expand(b, k, lit, len);
}

/* The plain text of an inline subtree, math and code as written; not folded. */
static void S_plain(vg_builder *b, cmark_node *root, vg_buf *out)
{
    S_sink k = {.buf = out, .raw = true};
    cmark_node *node = root;
    bool entering = true;
    do {
        if (!entering)
            continue;
        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            S_expand_lit(b, &k, node, false);
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            vg_buf_addc(out, ' ');
            break;
        default:
            break;
        }
    } while (S_step(root, &node, &entering));
    if (out->failed)
        b->nomem = true;
}

/* Folded plain text of node into b->tmp2; returns it (borrowed). */
static const char *S_plain_folded(vg_builder *b, cmark_node *node)
{
    vg_buf_clear(&b->tmp2);
    S_plain(b, node, &b->tmp2);
    if (!b->tmp2.data)
        return "";
    b->tmp2.len = S_fold(b->tmp2.data, b->tmp2.len);
    b->tmp2.data[b->tmp2.len] = '\0';
    return b->tmp2.data;
}

/* ---- blocks ---- */

static bool S_bold_start(cmark_node *item, cmark_node **para, cmark_node **strong)
{
    cmark_node *p = cmark_node_first_child(item);
    if (!p || cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
        return false;
    cmark_node *s = cmark_node_first_child(p);
    if (!s || cmark_node_get_type(s) != CMARK_NODE_STRONG)
        return false;
    *para = p;
    *strong = s;
    return true;
}

static unsigned S_item_col(vg_builder *b, cmark_node *n)
{
    return S_col(b, cmark_node_get_start_line(n), cmark_node_get_start_column(n));
}

static void S_warn_not_card(vg_builder *b, cmark_node *item)
{
    cmark_node *para, *strong;
    if (!S_bold_start(item, &para, &strong))
        return;
    char q[S_SHORT_CHARS * 4 + 4];
    S_short(S_plain_folded(b, strong), q);
    S_diag(b, VG_DIAG_WARNING, S_line(b, item), S_item_col(b, item),
           "nested bold bullet '%s' is not a card (only top-level bullets are)", q);
}

/* Is the code block n fenced (rather than indented)? Its fence is at its start; an indented
 * block can start with "```" too, but then that line is its first line of code. */
static bool S_fenced(vg_builder *b, cmark_node *n, const char *lit)
{
    const char *info = cmark_node_get_fence_info(n);
    if (info && *info)
        return true;
    size_t ls = S_line_start(b, cmark_node_get_start_line(n));
    int col = cmark_node_get_start_column(n);
    if (ls == SIZE_MAX || col < 1 || ls + (size_t)col - 1 >= b->sublen)
        return false;
    const char *p = b->sub + ls + col - 1, *end = b->sub + b->sublen;
    const char *e = memchr(p, '\n', (size_t)(end - p));
    if (!e)
        e = end;
    size_t run = 0;
    while (p + run < e && p[run] == *p && (*p == '`' || *p == '~'))
        run++;
    if (run < 3)
        return false;
    size_t len = (size_t)(e - p);
    return !(strncmp(lit, p, len) == 0 && (lit[len] == '\n' || !lit[len]));
}

/* Records the lines of a code or HTML block: no math diagnostics there. cmark's end line
 * is not used: for a block that its container closed, it is the line after. */
static void S_code_range(vg_builder *b, cmark_node *n, const char *lit)
{
    if (!vg_deck_grow((void **)&b->code, &b->cap_code, b->ncode + 1, sizeof *b->code)) {
        b->nomem = true;
        return;
    }
    unsigned lines = 0;
    size_t len = lit ? strlen(lit) : 0;
    for (const char *p = lit; p && (p = memchr(p, '\n', len - (size_t)(p - lit))); p++)
        lines++;
    if (len && lit[len - 1] != '\n')
        lines++;
    unsigned first = S_line(b, n), last = first + (lines ? lines - 1 : 0);
    if (cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK && S_fenced(b, n, lit ? lit : ""))
        last = first + lines; /* the opening fence, then the code */
    b->code[b->ncode++] = (vg_range){first, last};
}

static bool S_is_br(const char *lit)
{
    if (!lit || (lit[0] != '<') || (lit[1] != 'b' && lit[1] != 'B') ||
        (lit[2] != 'r' && lit[2] != 'R'))
        return false;
    const char *p = lit + 3;
    while (*p == ' ' || *p == '/')
        p++;
    return p[0] == '>' && !p[1];
}

/* Converts the subtree of root (a block or an inline) into rb. depth is the list level root
 * sits in; a root item gets the ordinal root_ordinal. With warn_bold, nested bullets that open
 * with bold are reported: they look like cards but are not. */
static void S_blocks(vg_builder *b, vg_rb *rb, cmark_node *root, unsigned depth,
                     unsigned root_ordinal, bool warn_bold)
{
    size_t lists0 = b->nlists;
    unsigned emph = 0, strong = 0, link = 0, heading = 0;
    bool pending = false; /* an item whose bullet block is not out yet */
    unsigned p_depth = 0, p_ord = 0, p_line = 0;
    cmark_node *node = root;
    bool entering = true;
    do {
        cmark_node_type t = cmark_node_get_type(node);
        S_sink k = {.rb = rb,
                    .style = (emph ? VG_STYLE_ITALIC : 0) |
                             (strong || heading ? VG_STYLE_BOLD : 0) | (link ? VG_STYLE_LINK : 0)};
        if (!entering) {
            switch (t) {
            case CMARK_NODE_LIST:
                if (b->nlists > lists0)
                    b->nlists--;
                depth--;
                break;
            case CMARK_NODE_ITEM:
                if (pending)
                    S_rb_block(rb, VG_BLOCK_BULLET, p_depth, p_ord, p_line);
                pending = false;
                break;
            case CMARK_NODE_HEADING:
                heading--;
                S_rb_end(rb);
                break;
            case CMARK_NODE_PARAGRAPH:
                S_rb_end(rb);
                break;
            case CMARK_NODE_EMPH:
                emph--;
                break;
            case CMARK_NODE_STRONG:
                strong--;
                break;
            case CMARK_NODE_LINK:
            case CMARK_NODE_IMAGE:
                link--;
                break;
            default:
                break;
            }
            continue;
        }
        switch (t) {
        case CMARK_NODE_LIST:
            if (vg_deck_grow((void **)&b->lists, &b->cap_lists, b->nlists + 1, sizeof *b->lists)) {
                int start = cmark_node_get_list_start(node);
                b->lists[b->nlists++] =
                    (vg_list_ctx){cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                                  start > 0 ? (unsigned)start : 0};
            } else {
                b->nomem = true;
            }
            depth++;
            break;
        case CMARK_NODE_ITEM:
            if (pending)
                S_rb_block(rb, VG_BLOCK_BULLET, p_depth, p_ord, p_line);
            pending = true;
            p_depth = depth;
            p_line = S_line(b, node);
            if (node != root && b->nlists > lists0) {
                vg_list_ctx *l = &b->lists[b->nlists - 1];
                p_ord = l->ordered ? l->next++ : 0;
            } else {
                p_ord = root_ordinal;
            }
            if (warn_bold && node != root)
                S_warn_not_card(b, node);
            break;
        case CMARK_NODE_PARAGRAPH:
        case CMARK_NODE_HEADING:
            b->pending_cont = 0;
            if (t == CMARK_NODE_PARAGRAPH &&
                vg_table_para(b, rb, node, pending ? VG_BLOCK_BULLET : VG_BLOCK_PARA,
                              pending ? p_depth : depth, pending ? p_ord : 0)) {
                pending = false;
                entering = false; /* its text is in the cells */
                break;
            }
            if (pending)
                S_rb_block(rb, VG_BLOCK_BULLET, p_depth, p_ord, p_line);
            else
                S_rb_block(rb, VG_BLOCK_PARA, depth, 0, S_line(b, node));
            pending = false;
            if (t == CMARK_NODE_HEADING)
                heading++;
            break;
        case CMARK_NODE_CODE_BLOCK:
        case CMARK_NODE_HTML_BLOCK: {
            const char *lit = cmark_node_get_literal(node);
            S_code_range(b, node, lit);
            if (pending)
                S_rb_block(rb, VG_BLOCK_BULLET, p_depth, p_ord, p_line);
            pending = false;
            if (t == CMARK_NODE_HTML_BLOCK && lit && strncmp(lit, "<!--", 4) == 0)
                break; /* a comment is for the author */
            bool code = t == CMARK_NODE_CODE_BLOCK;
            S_rb_block(rb, code ? VG_BLOCK_CODE : VG_BLOCK_PARA, depth, 0, S_line(b, node));
            S_sink raw = {.rb = rb, .style = code ? VG_STYLE_CODE : VG_STYLE_PLAIN, .raw = true};
            S_expand_lit(b, &raw, node, true);
            S_rb_end(rb);
            break;
        }
        case CMARK_NODE_TEXT:
            S_expand_lit(b, &k, node, false);
            break;
        case CMARK_NODE_CODE:
            k.style |= VG_STYLE_CODE;
            k.raw = true;
            S_expand_lit(b, &k, node, false);
            break;
        case CMARK_NODE_SOFTBREAK:
            if (!b->pending_cont)
                S_emit(b, &k, " ", 1, 0);
            break;
        case CMARK_NODE_LINEBREAK:
            if (!b->pending_cont)
                S_emit(b, &k, "\n", 1, 0);
            break;
        case CMARK_NODE_HTML_INLINE:
            /* Tags mean nothing on a terminal; a <br> still breaks the line. */
            if (S_is_br(cmark_node_get_literal(node)))
                S_emit(b, &k, "\n", 1, 0);
            break;
        case CMARK_NODE_EMPH:
            emph++;
            break;
        case CMARK_NODE_STRONG:
            strong++;
            break;
        case CMARK_NODE_LINK:
        case CMARK_NODE_IMAGE:
            link++;
            break;
        default:
            break;
        }
    } while (S_step(root, &node, &entering));
    b->nlists = lists0;
}

/* ---- sections and cards ---- */

static vg_rb *S_target(vg_builder *b)
{
    return b->section_open && b->real_section ? &b->intro : &b->desc;
}

static void S_section_close(vg_builder *b)
{
    if (!b->section_open)
        return;
    vg_section *s = &b->sections[b->nsections - 1];
    s->ncards = b->ncards - s->first_card;
    S_rb_commit(b, &b->intro, &s->intro);
    S_rb_clear(&b->intro);
    if (b->real_section && !s->ncards) {
        char q[S_SHORT_CHARS * 4 + 4];
        if (*s->title)
            S_diag(b, VG_DIAG_WARNING, s->line, b->section_col, "section '%s' has no cards",
                   S_short(s->title, q));
        else
            S_diag(b, VG_DIAG_WARNING, s->line, b->section_col, "untitled section has no cards");
    }
    b->section_open = false;
}

/* Splits "5. Title", "5) Title", "5.1 Title" or "5.1. Title" into number and title. A bare
 * "2024 Goals" keeps its number: without a '.' or ')' a number is part of the title. The number
 * may follow words with no ASCII letter or digit ("📌 1. Variables", "§ 2. Rules"): they stay in
 * the title, s[0..*pre) (with the space after them); the title is then s[0..*pre) followed by
 * s[*title_off..len). */
static void S_split_number(const char *s, size_t len, size_t *pre, size_t *num, size_t *numlen,
                           size_t *title_off)
{
    *pre = *num = *numlen = *title_off = 0;
    size_t i = 0;
    for (;;) { /* words of symbols, each followed by a space */
        size_t w = i;
        while (i < len && s[i] != ' ' &&
               !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z') ||
                 (s[i] >= 'A' && s[i] <= 'Z')))
            i++;
        if (i == w || i >= len || s[i] != ' ') {
            i = w;
            break;
        }
        i++;
    }
    size_t p = i;
    bool inner_dot = false;
    for (;;) {
        size_t d = i;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == d)
            return;
        if (i + 1 < len && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
            i++;
            inner_dot = true;
            continue;
        }
        break;
    }
    size_t end = i;
    if (i < len && (s[i] == '.' || s[i] == ')'))
        i++;
    else if (!inner_dot)
        return;
    if (i >= len || s[i] != ' ' || i + 1 >= len) /* folded: one space, then the title */
        return;
    *pre = p;
    *num = p;
    *numlen = end - p;
    *title_off = i + 1;
}

/* The title and number of heading h, in the arena; false when out of memory. */
static bool S_heading_title(vg_builder *b, cmark_node *h, const char **title, const char **number)
{
    const char *s = S_plain_folded(b, h);
    size_t len = strlen(s), pre, num, numlen, off;
    S_split_number(s, len, &pre, &num, &numlen, &off);
    *number = S_strdup(b, s + num, numlen);
    char *t = vg_arena_alloc(b->arena, pre + (len - off) + 1);
    if (!*number || !t) {
        b->nomem = true;
        return false;
    }
    memcpy(t, s, pre);
    memcpy(t + pre, s + off, len - off);
    t[pre + len - off] = '\0';
    *title = t;
    return true;
}

static void S_subs_clear(vg_builder *b)
{
    b->nsubs = 0;
    vg_buf_clear(&b->sub_text);
    b->subsection = NULL;
}

static void S_section_open(vg_builder *b, cmark_node *heading, unsigned line, unsigned col)
{
    S_section_close(b);
    if (heading)
        S_subs_clear(b); /* an untitled section keeps the subsection its first card is in */
    b->subsection = NULL;
    if (!vg_deck_grow((void **)&b->sections, &b->cap_sections, b->nsections + 1,
                      sizeof *b->sections)) {
        b->nomem = true;
        return;
    }
    const char *title = "", *number = "";
    if (heading && !S_heading_title(b, heading, &title, &number))
        return;
    b->sections[b->nsections++] =
        (vg_section){.title = title, .number = number, .line = line, .first_card = b->ncards};
    b->section_hash = vg_deck_hash_title(title);
    b->section_open = true;
    b->real_section = heading != NULL;
    b->section_col = col;
}

/* A trailing ':' inside the bold ("**Term:** back") belongs to no front. */
static void S_front_trim(vg_rb *rb)
{
    if (!rb->nspans)
        return;
    vg_rb_span *sp = &rb->spans[rb->nspans - 1];
    if (sp->style & (VG_STYLE_CODE | VG_STYLE_MATH))
        return;
    const char *t = rb->text.data + sp->off;
    size_t len = sp->len;
    while (len && S_is_space(t[len - 1]))
        len--;
    if (len && t[len - 1] == ':')
        len--;
    while (len && S_is_space(t[len - 1]))
        len--;
    sp->len = len;
    if (!len) {
        rb->nspans--;
        rb->blocks[rb->nblocks - 1].n--;
    }
}

/* The front's source form (what its id hashes), see vg_card_id() in deck.h. */
static void S_front_src(const vg_rb *rb, vg_buf *out)
{
    for (size_t i = 0; i < rb->nspans; i++) {
        const vg_rb_span *sp = &rb->spans[i];
        unsigned st = sp->style;
        const char *d = (st & VG_STYLE_DISPLAY) ? "$$" : "$";
        if (st & VG_STYLE_BOLD)
            vg_buf_adds(out, "**");
        if (st & VG_STYLE_ITALIC)
            vg_buf_addc(out, '*');
        if (st & VG_STYLE_CODE)
            vg_buf_addc(out, '`');
        if (st & VG_STYLE_MATH)
            vg_buf_adds(out, d);
        vg_buf_add(out, rb->text.data + sp->off, sp->len);
        if (st & VG_STYLE_MATH)
            vg_buf_adds(out, d);
        if (st & VG_STYLE_CODE)
            vg_buf_addc(out, '`');
        if (st & VG_STYLE_ITALIC)
            vg_buf_addc(out, '*');
        if (st & VG_STYLE_BOLD)
            vg_buf_adds(out, "**");
    }
}

/* A slot of the id table: the high half of an id's hash and the card's index + 1 (0: empty).
 * 8 bytes, so the table of a large deck stays small; a tag that matches is checked against
 * the card's full hash. */
struct vg_id_slot {
    uint32_t tag;
    uint32_t card;
};

/* The index of the card with id hash key, or SIZE_MAX after recording it as card idx. */
static size_t S_id_claim(vg_builder *b, uint64_t key, size_t idx)
{
    if (!vg_deck_grow((void **)&b->id_keys, &b->cap_id_keys, idx + 1, sizeof *b->id_keys)) {
        b->nomem = true;
        return SIZE_MAX;
    }
    b->id_keys[idx] = key;
    if ((b->id_count + 1) * 2 > b->id_cap) {
        size_t cap = b->id_cap ? b->id_cap * 2 : 1024;
        struct vg_id_slot *ids = calloc(cap, sizeof *ids);
        if (!ids) {
            b->nomem = true;
            return SIZE_MAX;
        }
        for (size_t i = 0; i < b->id_cap; i++) {
            if (!b->ids[i].card)
                continue;
            size_t j = (size_t)b->id_keys[b->ids[i].card - 1] & (cap - 1);
            while (ids[j].card)
                j = (j + 1) & (cap - 1);
            ids[j] = b->ids[i];
        }
        free(b->ids);
        b->ids = ids;
        b->id_cap = cap;
    }
    uint32_t tag = (uint32_t)(key >> 32);
    size_t j = (size_t)key & (b->id_cap - 1);
    while (b->ids[j].card) {
        if (b->ids[j].tag == tag && b->id_keys[b->ids[j].card - 1] == key)
            return b->ids[j].card - 1;
        j = (j + 1) & (b->id_cap - 1);
    }
    if (idx >= UINT32_MAX) {
        b->nomem = true; /* 4 billion cards: more than a deck can hold */
        return SIZE_MAX;
    }
    b->ids[j] = (struct vg_id_slot){tag, (uint32_t)idx + 1};
    b->id_count++;
    return SIZE_MAX;
}

/* Room for one more card in the arena. */
static bool S_card_room(vg_builder *b)
{
    if (b->ncards < b->cap_cards)
        return true;
    size_t cap = b->cap_cards ? b->cap_cards * 2 : 64;
    vg_card *cards =
        cap <= SIZE_MAX / sizeof *cards ? vg_arena_alloc(b->arena, cap * sizeof *cards) : NULL;
    if (!cards) {
        b->nomem = true;
        return false;
    }
    if (b->ncards)
        memcpy(cards, b->cards, b->ncards * sizeof *cards);
    b->cards = cards;
    b->cap_cards = cap;
    return true;
}

/* The open card's subsection (in the arena) and the hash state after it. */
static const char *S_subsection(vg_builder *b, uint64_t *state)
{
    uint64_t sec = b->section_open ? b->section_hash : vg_deck_hash_title("");
    if (!b->nsubs) {
        *state = sec;
        return "";
    }
    if (!b->subsection) {
        b->subsection = S_strdup(b, vg_buf_str(&b->sub_text), b->sub_text.len);
        if (!b->subsection)
            return NULL;
        b->sub_hash = vg_deck_hash_sub(sec, b->subsection);
    }
    *state = b->sub_hash;
    return b->subsection;
}

/* Commits the card whose front and back are in b->front and b->back. */
static void S_card_close(vg_builder *b)
{
    if (!b->card_open)
        return;
    b->card_open = false;
    unsigned line = b->open_line, col = b->open_col;
    const char *front_src = b->open_front_src;
    char q[S_SHORT_CHARS * 4 + 4], q2[S_SHORT_CHARS * 4 + 4];
    if (b->nomem)
        return;
    const vg_section *sec = &b->sections[b->nsections - 1];
    if (!S_card_room(b))
        return;
    size_t first = S_id_claim(b, b->open_key, b->ncards);
    if (b->nomem)
        return;
    const char *sub = b->open_sub;
    if (first != SIZE_MAX) {
        vg_buf_clear(&b->tmp);
        vg_buf_adds(&b->tmp, sec->title);
        if (*sub) {
            vg_buf_adds(&b->tmp, *sec->title ? " \u203a " : "");
            vg_buf_adds(&b->tmp, sub);
        }
        const char *where = vg_buf_str(&b->tmp);
        if (*where)
            S_diag(b, VG_DIAG_ERROR, line, col,
                   "duplicate card '%s' in section '%s' (first at line %u)", S_short(front_src, q),
                   S_short(where, q2), b->cards[first].line);
        else
            S_diag(b, VG_DIAG_ERROR, line, col, "duplicate card '%s' (first at line %u)",
                   S_short(front_src, q), b->cards[first].line);
        return;
    }
    if (!b->back.nspans)
        S_diag(b, VG_DIAG_WARNING, line, col, "card '%s' has an empty back", S_short(front_src, q));
    vg_card *card = &b->cards[b->ncards];
    memset(card, 0, sizeof *card);
    vg_deck_hex(b->open_key, card->id);
    card->front_src = front_src;
    card->subsection = sub;
    card->tags = b->tags;
    card->ntags = b->ntags;
    card->line = line;
    card->col = col;
    card->section = b->nsections - 1;
    if (!S_rb_commit(b, &b->front, &card->front) || !S_rb_commit(b, &b->back, &card->back))
        return;
    b->ncards++;
}

/* A card at line:col: the front is the content of strong; the back is the inlines after it up
 * to stop (NULL: the end of its paragraph), then the blocks from more on (the rest of its
 * item). When the back is empty, the card stays open and takes the blocks that follow. */
static void S_card(vg_builder *b, unsigned line, unsigned col, cmark_node *strong, cmark_node *stop,
                   cmark_node *more)
{
    S_card_close(b);
    S_rb_clear(&b->front);
    S_rb_block(&b->front, VG_BLOCK_PARA, 0, 0, line);
    for (cmark_node *c = cmark_node_first_child(strong); c; c = cmark_node_next(c))
        S_blocks(b, &b->front, c, 0, 0, false);
    S_front_trim(&b->front);
    S_rb_end(&b->front);
    vg_buf_clear(&b->tmp2);
    S_front_src(&b->front, &b->tmp2);
    if (b->tmp2.failed) {
        b->nomem = true;
        return;
    }
    size_t flen = b->tmp2.data ? S_fold(b->tmp2.data, b->tmp2.len) : 0;
    char *front_src = S_strdup(b, flen ? b->tmp2.data : "", flen);
    if (!front_src)
        return;
    if (!b->section_open)
        S_section_open(b, NULL, line, col);
    uint64_t state;
    const char *sub = b->nomem ? NULL : S_subsection(b, &state);
    if (!sub)
        return;
    /* The id now, so its slot of the table is in cache when the back is done. */
    uint64_t key = vg_deck_fnv(state, front_src);
    if (b->id_cap)
        __builtin_prefetch(&b->ids[(size_t)key & (b->id_cap - 1)]);

    S_rb_clear(&b->back);
    S_rb_block(&b->back, VG_BLOCK_PARA, 0, 0, line);
    b->sep = SEP_START;
    b->pending_cont = 0;
    /* A pipe table under the bold line (vg_table_start: the line break before its header)
     * ends the inline part of the back; its rows follow as cells. */
    cmark_node *para = cmark_node_parent(strong);
    cmark_node *table = para ? vg_table_start(b, para) : NULL;
    bool at_table = false;
    for (cmark_node *c = cmark_node_next(strong); c && c != stop; c = cmark_node_next(c)) {
        if (c == table) {
            at_table = true;
            break;
        }
        S_blocks(b, &b->back, c, 0, 0, false);
    }
    b->sep = SEP_OFF;
    S_rb_end(&b->back);
    if (at_table)
        vg_table_rows(b, &b->back, para, 0);
    for (cmark_node *c = more; c; c = cmark_node_next(c))
        S_blocks(b, &b->back, c, 0, 0, false);

    b->card_open = true;
    b->open_line = line;
    b->open_col = col;
    b->open_key = key;
    b->open_front_src = front_src;
    b->open_sub = sub;
    if (b->back.nblocks)
        S_card_close(b);
}

/* Does strong (the first inline of its line) open a card: a separator after it, or a ':' at
 * the end of its text? */
static bool S_bold_sep(vg_builder *b, cmark_node *strong)
{
    const char *t = S_plain_folded(b, strong);
    size_t len = strlen(t);
    if (len && t[len - 1] == ':')
        return true;
    cmark_node *n = cmark_node_next(strong);
    if (!n || cmark_node_get_type(n) != CMARK_NODE_TEXT)
        return false;
    const char *lit = cmark_node_get_literal(n);
    while (lit && S_is_space(*lit))
        lit++;
    return lit && *lit && S_sep_len(lit, strlen(lit)) > 0;
}

/* The bold of a paragraph that is nothing but bold text ("**Future Value**"), or NULL. */
static cmark_node *S_lone_bold(cmark_node *para)
{
    cmark_node *s = cmark_node_first_child(para);
    return s && cmark_node_get_type(s) == CMARK_NODE_STRONG && !cmark_node_next(s) ? s : NULL;
}

static bool S_list_has_card(cmark_node *list);

/* The STRONG that opens paragraph para as a card, or NULL: bold with a separator after it
 * ("**Term**: text", "**Term:**" alone), or bold alone followed by a block that can be its
 * back (not a heading, a thematic break, a card or a paragraph that opens with bold: a bold
 * line before those is a label). */
static cmark_node *S_para_card(vg_builder *b, cmark_node *para)
{
    cmark_node *s = cmark_node_first_child(para);
    if (!s || cmark_node_get_type(s) != CMARK_NODE_STRONG)
        return NULL;
    if (S_bold_sep(b, s))
        return s;
    if (cmark_node_next(s))
        return NULL;
    cmark_node *n = cmark_node_next(para);
    if (!n)
        return NULL;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_HEADING:
    case CMARK_NODE_THEMATIC_BREAK:
        return NULL;
    case CMARK_NODE_LIST:
        return S_list_has_card(n) ? NULL : s;
    case CMARK_NODE_PARAGRAPH: {
        cmark_node *f = cmark_node_first_child(n);
        return f && cmark_node_get_type(f) == CMARK_NODE_STRONG ? NULL : s;
    }
    default:
        return s;
    }
}

/* The column of the first character of line line_rel (1-based) of the piece. */
static unsigned S_text_col(vg_builder *b, int line_rel)
{
    size_t ls = S_line_start(b, line_rel), k = ls;
    if (ls == SIZE_MAX)
        return 1;
    while (k < b->sublen && (b->sub[k] == ' ' || b->sub[k] == '\t'))
        k++;
    return vg_deck_col(b->sub, ls, k);
}

/* A paragraph of a section that opens with bold and a separator: each of its lines that does
 * is a card, the lines after it are its back. */
static void S_para_cards(vg_builder *b, cmark_node *para, cmark_node *strong)
{
    int line_rel = cmark_node_get_start_line(para);
    unsigned line = S_line(b, para), col = S_col(b, line_rel, cmark_node_get_start_column(para));
    for (;;) {
        cmark_node *stop = NULL, *next = NULL;
        int breaks = 0;
        for (cmark_node *c = cmark_node_next(strong); c; c = cmark_node_next(c)) {
            cmark_node_type t = cmark_node_get_type(c);
            if (t != CMARK_NODE_SOFTBREAK && t != CMARK_NODE_LINEBREAK)
                continue;
            breaks++;
            cmark_node *d = cmark_node_next(c);
            if (d && cmark_node_get_type(d) == CMARK_NODE_STRONG && S_bold_sep(b, d)) {
                stop = c;
                next = d;
                break;
            }
        }
        S_card(b, line, col, strong, stop, NULL);
        if (!next || b->nomem)
            return;
        /* cmark places an inline that opens a line right (a code span or link over several
         * lines would fool a count of the breaks); the count is the fallback. */
        int at = cmark_node_get_start_line(next);
        int rel = at > line_rel ? at : line_rel + breaks;
        line += (unsigned)(rel - line_rel);
        line_rel = rel;
        col = S_text_col(b, line_rel);
        strong = next;
    }
}

/* Does the list hold a card? */
static bool S_list_has_card(cmark_node *list)
{
    cmark_node *para, *strong;
    for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item))
        if (S_bold_start(item, &para, &strong))
            return true;
    return false;
}

/* Is top-level node n a card, or does it hold one? */
static bool S_has_card(vg_builder *b, cmark_node *n)
{
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_LIST:
        return S_list_has_card(n);
    case CMARK_NODE_PARAGRAPH:
        return S_para_card(b, n) != NULL;
    default:
        return false;
    }
}

/* Does heading h (below the section level) hold cards: one before the next heading of its
 * level or higher? Scopes of one level do not overlap, so the scans of all headings together
 * look at each node at most once per level. */
static bool S_holds_cards(vg_builder *b, cmark_node *h, int level)
{
    for (cmark_node *n = cmark_node_next(h); n; n = cmark_node_next(n)) {
        if (cmark_node_get_type(n) == CMARK_NODE_HEADING) {
            if (cmark_node_get_heading_level(n) <= level)
                return false;
            continue;
        }
        if (S_has_card(b, n))
            return true;
    }
    return false;
}

static void S_list(vg_builder *b, cmark_node *list)
{
    bool ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
    int start = cmark_node_get_list_start(list);
    unsigned ord = start > 0 ? (unsigned)start : 0;
    for (cmark_node *item = cmark_node_first_child(list); item && !b->nomem;
         item = cmark_node_next(item)) {
        cmark_node *para, *strong;
        unsigned o = ordered ? ord++ : 0;
        if (S_bold_start(item, &para, &strong)) {
            S_card(b, S_line(b, item), S_item_col(b, item), strong, NULL, cmark_node_next(para));
            continue;
        }
        S_card_close(b); /* a bullet of its own ends what a bold bullet took */
        S_blocks(b, S_target(b), item, 1, o, true);
    }
}

static void S_subs_pop(vg_builder *b, int level)
{
    size_t n = b->nsubs;
    while (n && b->subs[n - 1].level >= (unsigned)level)
        n--;
    if (n == b->nsubs)
        return;
    b->nsubs = n;
    b->sub_text.len = n ? b->subs[n - 1].len : 0;
    if (b->sub_text.data)
        b->sub_text.data[b->sub_text.len] = '\0';
    b->subsection = NULL;
}

static void S_subs_push(vg_builder *b, cmark_node *h, int level)
{
    const char *title, *number;
    if (b->nsubs >= sizeof b->subs / sizeof b->subs[0] || !S_heading_title(b, h, &title, &number))
        return;
    if (b->nsubs)
        vg_buf_adds(&b->sub_text, " \u203a ");
    vg_buf_adds(&b->sub_text, title);
    if (b->sub_text.failed)
        b->nomem = true;
    b->subs[b->nsubs].level = (unsigned)level;
    b->subs[b->nsubs].len = b->sub_text.len;
    b->nsubs++;
    b->subsection = NULL;
}

static void S_heading(vg_builder *b, cmark_node *h)
{
    int level = cmark_node_get_heading_level(h);
    S_card_close(b);
    if (level == 1 && !b->h1_sections && !b->title_slot_used &&
        !(b->section_open && b->real_section)) {
        b->title_slot_used = true;
        if (!b->fm_title) {
            const char *t = S_plain_folded(b, h);
            b->deck->title = S_strdup(b, t, strlen(t));
        }
        return;
    }
    b->para_cards = true;
    if ((unsigned)level <= b->section_level) {
        S_section_open(b, h, S_line(b, h), S_item_col(b, h));
        return;
    }
    S_subs_pop(b, level);
    if (S_holds_cards(b, h, level))
        S_subs_push(b, h, level);
    else
        S_blocks(b, S_target(b), h, 0, 0, true);
}

/* Paragraphs of the description are not cards ("**Author**: ..." under the title). */
static void S_bold_before_section(vg_builder *b, cmark_node *para)
{
    char q[S_SHORT_CHARS * 4 + 4];
    S_short(S_plain_folded(b, cmark_node_first_child(para)), q);
    S_diag(b, VG_DIAG_WARNING, S_line(b, para), S_item_col(b, para),
           "bold term '%s' before the first section is not a card (write '- **%s**: ...' to "
           "make it one)",
           q, q);
}

/* A quote holds no cards: say so of what looks like one. */
static void S_quote(vg_builder *b, cmark_node *quote)
{
    char q[S_SHORT_CHARS * 4 + 4];
    for (cmark_node *n = cmark_node_first_child(quote); n; n = cmark_node_next(n)) {
        cmark_node *strong =
            cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH ? cmark_node_first_child(n) : NULL;
        if (strong && cmark_node_get_type(strong) == CMARK_NODE_STRONG && S_bold_sep(b, strong)) {
            S_short(S_plain_folded(b, strong), q);
            S_diag(b, VG_DIAG_WARNING, S_line(b, n), S_item_col(b, n),
                   "bold term '%s' in a quote is not a card (cards are not quoted)", q);
        }
        if (cmark_node_get_type(n) != CMARK_NODE_LIST)
            continue;
        for (cmark_node *item = cmark_node_first_child(n); item; item = cmark_node_next(item)) {
            cmark_node *para;
            if (!S_bold_start(item, &para, &strong))
                continue;
            S_short(S_plain_folded(b, strong), q);
            S_diag(b, VG_DIAG_WARNING, S_line(b, item), S_item_col(b, item),
                   "bold bullet '%s' in a quote is not a card (cards are not quoted)", q);
        }
    }
}

/* "**Term**" and its explanation on the next line of the paragraph: no separator, so not a
 * card, though it looks meant as one. (A bold line alone is a label: no warning.) */
static void S_bold_then_line(vg_builder *b, cmark_node *para)
{
    cmark_node *s = cmark_node_first_child(para), *br = s ? cmark_node_next(s) : NULL;
    if (!s || cmark_node_get_type(s) != CMARK_NODE_STRONG || !br ||
        (cmark_node_get_type(br) != CMARK_NODE_SOFTBREAK &&
         cmark_node_get_type(br) != CMARK_NODE_LINEBREAK) ||
        !cmark_node_next(br))
        return;
    char q[S_SHORT_CHARS * 4 + 4];
    S_short(S_plain_folded(b, s), q);
    S_diag(b, VG_DIAG_WARNING, S_line(b, para), S_item_col(b, para),
           "bold line '%s' is not a card: no separator after the bold (write '**%s**: ...')", q, q);
}

/* Math left unclosed, except inside code and HTML blocks where a '$' is just a '$'. A warning:
 * the text is shown as written, and a lone dollar never refuses a deck. */
static void S_unclosed(vg_builder *b)
{
    size_t r = 0;
    for (size_t i = 0; i < b->ps->nunclosed; i++) {
        const vg_unclosed *u = &b->ps->unclosed[i];
        while (r < b->ncode && b->code[r].last < u->line)
            r++;
        if (r < b->ncode && b->code[r].first <= u->line)
            continue;
        if (u->opener[0] == '$')
            S_diag(b, VG_DIAG_WARNING, u->line, u->col,
                   "unclosed '%s' is shown as written (write '\\$' for a dollar sign)", u->opener);
        else
            S_diag(b, VG_DIAG_WARNING, u->line, u->col,
                   "unclosed '%s' is shown as '%c' (close the math with '\\%c')", u->opener,
                   u->opener[1], u->opener[1] == '(' ? ')' : ']');
    }
}

void vg_builder_warn(vg_builder *b, unsigned line, unsigned col, const char *msg)
{
    S_diag(b, VG_DIAG_WARNING, line, col, "%s", msg);
}

void vg_builder_init(vg_builder *b, vg_deck *deck, size_t cards_hint)
{
    memset(b, 0, sizeof *b);
    b->deck = deck;
    b->arena = deck->arena;
    if (cards_hint && cards_hint <= SIZE_MAX / 4 / sizeof *b->cards) {
        b->cards = vg_arena_alloc(b->arena, cards_hint * sizeof *b->cards);
        b->cap_cards = b->cards ? cards_hint : 0;
        /* The id table at its final size: no rehashing as the cards come. */
        size_t cap = 1024;
        while (cap < 2 * cards_hint + 2)
            cap *= 2;
        b->ids = calloc(cap, sizeof *b->ids);
        b->id_cap = b->ids ? cap : 0;
    }
    vg_buf_init(&b->tmp);
    vg_buf_init(&b->tmp2);
    vg_buf_init(&b->sub_text);
    b->section_level = 2;
}

void vg_builder_release(vg_builder *b)
{
    free(b->sections);
    free(b->diags);
    free(b->ids);
    free(b->id_keys);
    S_rb_release(&b->desc);
    S_rb_release(&b->intro);
    S_rb_release(&b->front);
    S_rb_release(&b->back);
    vg_buf_release(&b->tmp);
    vg_buf_release(&b->tmp2);
    vg_buf_release(&b->sub_text);
    free(b->tags);
    free(b->line_starts);
    free(b->code);
    free(b->lists);
    memset(b, 0, sizeof *b);
}

bool vg_builder_piece(vg_builder *b, void *cmark_doc, const char *src, size_t srclen,
                      unsigned line0, const vg_prescan *ps)
{
    cmark_node *doc = cmark_doc;
    b->src = src;
    b->srclen = srclen;
    b->sub = ps->out.data ? ps->out.data : "";
    b->sublen = ps->out.len;
    b->line0 = line0;
    b->ps = ps;
    b->have_line_starts = false;
    b->ncode = 0;
    b->nlists = 0;
    b->cur_left = 0;
    b->pending_cont = 0;
    b->sep = SEP_OFF;
    for (cmark_node *n = cmark_node_first_child(doc); n && !b->nomem; n = cmark_node_next(n)) {
        cmark_node *strong;
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_HEADING:
            S_heading(b, n);
            break;
        case CMARK_NODE_LIST:
            if (b->card_open && !S_list_has_card(n))
                S_blocks(b, &b->back, n, 0, 0, false);
            else
                S_list(b, n);
            break;
        case CMARK_NODE_THEMATIC_BREAK:
            S_card_close(b);
            break;
        case CMARK_NODE_PARAGRAPH:
            if (b->para_cards && (strong = S_para_card(b, n))) {
                S_para_cards(b, n, strong);
                break;
            }
            if (S_lone_bold(n))
                S_card_close(b); /* a bold line is a label: it ends what a card took */
            strong = cmark_node_first_child(n);
            if (!b->para_cards && strong && cmark_node_get_type(strong) == CMARK_NODE_STRONG &&
                S_bold_sep(b, strong))
                S_bold_before_section(b, n);
            else if (b->para_cards && !b->card_open)
                S_bold_then_line(b, n);
            S_blocks(b, b->card_open ? &b->back : S_target(b), n, 0, 0, !b->card_open);
            break;
        case CMARK_NODE_BLOCK_QUOTE:
            S_quote(b, n);
            S_blocks(b, b->card_open ? &b->back : S_target(b), n, 0, 0, false);
            break;
        default:
            S_blocks(b, b->card_open ? &b->back : S_target(b), n, 0, 0, !b->card_open);
            break;
        }
    }
    S_card_close(b);
    S_unclosed(b);
    return !b->nomem;
}

size_t vg_builder_line_start(vg_builder *b, int line_rel)
{
    return S_line_start(b, line_rel);
}

/* Parsed on its own, with a backslash before a first character that would open a block ("-",
 * "#", "1." ...) when it did; as plain text when even that is no paragraph. */
void vg_builder_inline(vg_builder *b, vg_rb *rb, const char *md, size_t len)
{
    S_sink plain = {.rb = rb};
    vg_buf *esc = &b->tmp2;
    for (int attempt = 0; attempt < 2; attempt++) {
        const char *s = md;
        size_t n = len;
        if (attempt) {
            size_t k = 0;
            while (k < len && md[k] >= '0' && md[k] <= '9')
                k++;
            if (!(k && k < len && (md[k] == '.' || md[k] == ')')))
                k = 0;
            if (!len || (!k && !strchr("#>-+*=_~`<[", md[0])))
                break;
            vg_buf_clear(esc);
            vg_buf_add(esc, md, k);
            vg_buf_addc(esc, '\\');
            vg_buf_add(esc, md + k, len - k);
            if (esc->failed) {
                b->nomem = true;
                return;
            }
            s = esc->data;
            n = esc->len;
        }
        cmark_node *doc = cmark_parse_document(s, n, CMARK_OPT_DEFAULT);
        if (!doc) {
            b->nomem = true;
            return;
        }
        cmark_node *p = cmark_node_first_child(doc);
        if (p && !cmark_node_next(p) && cmark_node_get_type(p) == CMARK_NODE_PARAGRAPH) {
            for (cmark_node *c = cmark_node_first_child(p); c; c = cmark_node_next(c))
                S_blocks(b, rb, c, 0, 0, false);
            cmark_node_free(doc);
            return;
        }
        cmark_node_free(doc);
    }
    S_expand(b, &plain, md, len);
}

typedef struct S_sorted {
    vg_diag d;
    size_t seq;
} S_sorted;

static int S_diag_cmp(const void *pa, const void *pb)
{
    const S_sorted *a = pa, *b = pb;
    if (a->d.line != b->d.line)
        return a->d.line < b->d.line ? -1 : 1;
    if (a->d.col != b->d.col)
        return a->d.col < b->d.col ? -1 : 1;
    /* Same place: an order that does not depend on how the source was cut into pieces. */
    if (a->d.level != b->d.level)
        return a->d.level == VG_DIAG_ERROR ? -1 : 1;
    int c = strcmp(a->d.msg, b->d.msg);
    if (c)
        return c;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The file's base name without its extension, or "Deck". */
static const char *S_file_title(vg_builder *b, const char *file)
{
    const char *base = file ? strrchr(file, '/') : NULL;
    base = base ? base + 1 : file ? file : "";
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot > base ? (size_t)(dot - base) : strlen(base);
    if (!len)
        return "Deck";
    const char *t = S_strdup(b, base, len);
    return t ? t : "";
}

bool vg_builder_finish(vg_builder *b)
{
    vg_deck *deck = b->deck;
    S_section_close(b);
    S_rb_commit(b, &b->desc, &deck->description);
    if (b->nomem)
        return false;
    if (b->fm_title)
        deck->title = b->fm_title;
    if (!deck->title || !*deck->title)
        deck->title = S_file_title(b, deck->file);
    if (b->nomem)
        return false;
    if (b->ntags) { /* the cards point at the list: it moves into the arena */
        const char **tags = vg_arena_alloc(b->arena, b->ntags * sizeof *tags);
        if (!tags)
            return false;
        memcpy(tags, b->tags, b->ntags * sizeof *tags);
        for (size_t i = 0; i < b->ncards; i++)
            b->cards[i].tags = tags;
    }
    if (b->nsections) {
        deck->sections = vg_arena_alloc(b->arena, b->nsections * sizeof *deck->sections);
        if (!deck->sections)
            return false;
        memcpy(deck->sections, b->sections, b->nsections * sizeof *deck->sections);
        deck->nsections = b->nsections;
    }
    if (b->ncards) {
        deck->cards = b->cards;
        deck->ncards = b->ncards;
    }
    if (b->ndiags) {
        S_sorted *tmp = malloc(b->ndiags * sizeof *tmp);
        deck->diags = vg_arena_alloc(b->arena, b->ndiags * sizeof *deck->diags);
        if (!tmp || !deck->diags) {
            free(tmp);
            return false;
        }
        for (size_t i = 0; i < b->ndiags; i++)
            tmp[i] = (S_sorted){b->diags[i], i};
        qsort(tmp, b->ndiags, sizeof *tmp, S_diag_cmp);
        for (size_t i = 0; i < b->ndiags; i++)
            deck->diags[i] = tmp[i].d;
        free(tmp);
        deck->ndiags = b->ndiags;
    }
    return true;
}
