/* The block walker: a cmark subtree (blocks and inlines) becomes rich text under construction
 * (vg_rb), placeholders back to math or the source they stand for. Trees are walked without
 * recursion (the walk keeps its own state), so no nesting depth can overflow the stack. */
#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "deck/deck_int.h"

/* Where expanded text goes: a rich text in a style, or a plain buffer (titles, messages). */
typedef struct S_sink {
    vg_rb *rb;
    vg_buf *buf;
    unsigned style;
    bool raw; /* placeholders become the source they stand for (code, HTML, titles) */
} S_sink;

/* ---- rich text under construction ---- */

void vg_rb_clear(vg_rb *rb)
{
    rb->nblocks = rb->nspans = 0;
    vg_buf_clear(&rb->text);
    rb->failed = false;
}

void vg_rb_release(vg_rb *rb)
{
    free(rb->blocks);
    free(rb->spans);
    vg_buf_release(&rb->text);
    memset(rb, 0, sizeof *rb);
}

void vg_rb_begin(vg_rb *rb, vg_block_kind kind, unsigned depth, unsigned ordinal, unsigned line)
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
void vg_rb_add(vg_rb *rb, const char *s, size_t len, unsigned style)
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
void vg_rb_end(vg_rb *rb)
{
    if (rb->nblocks && !rb->blocks[rb->nblocks - 1].n &&
        rb->blocks[rb->nblocks - 1].kind != VG_BLOCK_BULLET)
        rb->nblocks--;
}

/* Copies rb into the arena as one allocation: blocks, then spans, then text. */
bool vg_rb_commit(vg_builder *b, vg_rb *rb, vg_rich *out)
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
size_t vg_deck_sep_len(const char *s, size_t len)
{
    if (s[0] == ':') /* ':::' marks a reversed card (deck/cards.c) */
        return len >= 3 && s[1] == ':' && s[2] == ':' ? 3 : 1;
    if (s[0] == '-' && (len == 1 || vg_deck_is_space(s[1])))
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
    if (b->sep != VG_SEP_OFF && k->rb == &b->back) {
        if (style & (VG_STYLE_CODE | VG_STYLE_MATH)) {
            b->sep = VG_SEP_OFF;
        } else {
            while (len && vg_deck_is_space(*s))
                s++, len--;
            if (!len)
                return;
            if (b->sep == VG_SEP_START) {
                size_t m = vg_deck_sep_len(s, len);
                b->sep = VG_SEP_AFTER;
                s += m;
                len -= m;
                while (len && vg_deck_is_space(*s))
                    s++, len--;
                if (!len)
                    return;
            }
            b->sep = VG_SEP_OFF;
        }
    }
    vg_rb_add(k->rb, s, len, style);
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
    while (mlen && vg_deck_is_space(*m))
        m++, mlen--;
    while (mlen && vg_deck_is_space(m[mlen - 1]))
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
const char *vg_builder_plain_folded(vg_builder *b, cmark_node *node)
{
    vg_buf_clear(&b->tmp2);
    S_plain(b, node, &b->tmp2);
    if (!b->tmp2.data)
        return "";
    b->tmp2.len = vg_deck_fold(b->tmp2.data, b->tmp2.len);
    b->tmp2.data[b->tmp2.len] = '\0';
    return b->tmp2.data;
}

/* ---- blocks ---- */

static void S_warn_not_card(vg_builder *b, cmark_node *item)
{
    cmark_node *para, *strong;
    if (!vg_deck_bold_start(item, &para, &strong))
        return;
    char q[VG_SHORT_CHARS * 4 + 4];
    vg_deck_short(vg_builder_plain_folded(b, strong), q);
    vg_builder_diag(b, VG_DIAG_WARNING, vg_builder_line(b, item), vg_builder_item_col(b, item),
                    "nested bold bullet '%s' is not a card (only top-level bullets are)", q);
}

/* Is the code block n fenced (rather than indented)? Its fence is at its start; an indented
 * block can start with "```" too, but then that line is its first line of code. */
static bool S_fenced(vg_builder *b, cmark_node *n, const char *lit)
{
    const char *info = cmark_node_get_fence_info(n);
    if (info && *info)
        return true;
    size_t ls = vg_builder_line_start(b, cmark_node_get_start_line(n));
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
    unsigned first = vg_builder_line(b, n), last = first + (lines ? lines - 1 : 0);
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
void vg_builder_blocks(vg_builder *b, vg_rb *rb, cmark_node *root, unsigned depth,
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
                    vg_rb_begin(rb, VG_BLOCK_BULLET, p_depth, p_ord, p_line);
                pending = false;
                break;
            case CMARK_NODE_HEADING:
                heading--;
                vg_rb_end(rb);
                break;
            case CMARK_NODE_PARAGRAPH:
                vg_rb_end(rb);
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
                vg_rb_begin(rb, VG_BLOCK_BULLET, p_depth, p_ord, p_line);
            pending = true;
            p_depth = depth;
            p_line = vg_builder_line(b, node);
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
                vg_rb_begin(rb, VG_BLOCK_BULLET, p_depth, p_ord, p_line);
            else
                vg_rb_begin(rb, VG_BLOCK_PARA, depth, 0, vg_builder_line(b, node));
            pending = false;
            if (t == CMARK_NODE_HEADING)
                heading++;
            break;
        case CMARK_NODE_CODE_BLOCK:
        case CMARK_NODE_HTML_BLOCK: {
            const char *lit = cmark_node_get_literal(node);
            S_code_range(b, node, lit);
            if (pending)
                vg_rb_begin(rb, VG_BLOCK_BULLET, p_depth, p_ord, p_line);
            pending = false;
            if (t == CMARK_NODE_HTML_BLOCK && lit && strncmp(lit, "<!--", 4) == 0)
                break; /* a comment is for the author */
            bool code = t == CMARK_NODE_CODE_BLOCK;
            vg_rb_begin(rb, code ? VG_BLOCK_CODE : VG_BLOCK_PARA, depth, 0,
                        vg_builder_line(b, node));
            S_sink raw = {.rb = rb, .style = code ? VG_STYLE_CODE : VG_STYLE_PLAIN, .raw = true};
            S_expand_lit(b, &raw, node, true);
            vg_rb_end(rb);
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
                vg_builder_blocks(b, rb, c, 0, 0, false);
            cmark_node_free(doc);
            return;
        }
        cmark_node_free(doc);
    }
    S_expand(b, &plain, md, len);
}
