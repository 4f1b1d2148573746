/* The rich text a field becomes (vg_ir): text in styles, line breaks, paragraphs and list
 * items, built a piece at a time by the field converter (import/field.c), and what the import
 * makes of it: a card's front, a back of several fields, a vg_rich view. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import_int.h"
#include "vgrev/utf8.h"

/* ---- the builder ---- */

void vg_ir_init(vg_ir *ir)
{
    memset(ir, 0, sizeof *ir);
}

void vg_ir_release(vg_ir *ir)
{
    vg_buf_release(&ir->text);
    free(ir->spans);
    free(ir->blocks);
    memset(ir, 0, sizeof *ir);
}

void vg_ir_clear(vg_ir *ir)
{
    vg_buf_clear(&ir->text);
    ir->nspans = ir->nblocks = 0;
    ir->failed = false;
    ir->space = ir->para = false;
    ir->breaks = 0;
    ir->depth = 0;
    ir->space_style = 0;
}

static vg_ir_block *S_cur(vg_ir *ir)
{
    return ir->nblocks ? &ir->blocks[ir->nblocks - 1] : NULL;
}

/* Starts a block; an empty current block is reused. */
static void S_block(vg_ir *ir, vg_block_kind kind, unsigned depth, unsigned ordinal)
{
    vg_ir_block *b = S_cur(ir);
    if (!b || b->n) {
        if (!vg_grow((void **)&ir->blocks, &ir->cap_blocks, ir->nblocks + 1, sizeof *ir->blocks)) {
            ir->failed = true;
            return;
        }
        b = &ir->blocks[ir->nblocks++];
    }
    *b = (vg_ir_block){.kind = kind, .depth = depth, .ordinal = ordinal, .first = ir->nspans};
    ir->space = ir->para = false;
    ir->breaks = 0;
}

/* Appends s[0..len) to the current block as one span of style (merged with the last span
 * when that has the same style). Math spans are never merged: $a$$b$ would read as "$$". */
static void S_span(vg_ir *ir, const char *s, size_t len, unsigned style)
{
    vg_ir_block *b = S_cur(ir);
    if (!b || !len)
        return;
    vg_ir_span *last = b->n ? &ir->spans[ir->nspans - 1] : NULL;
    if (last && last->style == style && !(style & VG_STYLE_MATH) &&
        last->off + last->len == ir->text.len) {
        vg_buf_add(&ir->text, s, len);
        last->len += len;
    } else {
        if (!vg_grow((void **)&ir->spans, &ir->cap_spans, ir->nspans + 1, sizeof *ir->spans)) {
            ir->failed = true;
            return;
        }
        ir->spans[ir->nspans++] = (vg_ir_span){.off = ir->text.len, .len = len, .style = style};
        vg_buf_add(&ir->text, s, len);
        b->n++;
    }
    if (ir->text.failed)
        ir->failed = true;
}

/* What is owed before visible text of style: a block, a paragraph, line breaks, a space. */
static void S_pending(vg_ir *ir, unsigned style)
{
    if (!ir->nblocks || ir->para)
        S_block(ir, VG_BLOCK_PARA, ir->depth, 0);
    vg_ir_block *b = S_cur(ir);
    if (!b)
        return;
    if (ir->breaks >= 2 && b->n) {
        S_block(ir, VG_BLOCK_PARA, ir->depth, 0);
    } else if (ir->breaks && b->n) {
        S_span(ir, "\n", 1, 0);
    } else if (ir->space && b->n) {
        unsigned common = ir->space_style & style & ~(unsigned)(VG_STYLE_CODE | VG_STYLE_MATH);
        S_span(ir, " ", 1, common);
    }
    ir->space = false;
    ir->breaks = 0;
}

/* ASCII whitespace, for byte-wise trimming (a UTF-8 continuation byte may be 0xA0). */
static bool S_is_ws_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void vg_ir_text(vg_ir *ir, const char *s, size_t len, unsigned style)
{
    size_t i = 0;
    while (i < len) {
        /* A run of characters that go in as they are. */
        size_t j = i;
        while (j < len) {
            unsigned char c = (unsigned char)s[j];
            if (c < 0x80) {
                if (c < 0x20 || c == 0x7F || c == ' ')
                    break;
                j++;
                continue;
            }
            uint32_t cp;
            size_t k = vg_utf8_decode(s + j, len - j, &cp);
            if (cp == 0xA0 || (cp >= 0x80 && cp < 0xA0))
                break;
            j += k;
        }
        if (j > i) {
            S_pending(ir, style);
            S_span(ir, s + i, j - i, style);
            i = j;
            continue;
        }
        uint32_t cp;
        size_t k = vg_utf8_decode(s + i, len - i, &cp);
        i += k;
        if (vg_ir_is_ws(cp)) {
            if (style & VG_STYLE_CODE) {
                S_pending(ir, style);
                S_span(ir, " ", 1, style);
            } else {
                ir->space = true;
                ir->space_style = style;
            }
        }
        /* other control characters are dropped */
    }
}

void vg_ir_math(vg_ir *ir, const char *tex, size_t len, unsigned style)
{
    while (len && S_is_ws_byte(*tex))
        tex++, len--;
    while (len && S_is_ws_byte(tex[len - 1]))
        len--;
    if (!len)
        return;
    style = VG_STYLE_MATH | (style & (VG_STYLE_DISPLAY | VG_STYLE_BOLD | VG_STYLE_ITALIC));
    S_pending(ir, style);
    vg_ir_block *b = S_cur(ir);
    vg_ir_span *last = b && b->n ? &ir->spans[ir->nspans - 1] : NULL;
    if (last && last->style == style && last->off + last->len == ir->text.len) {
        /* Two formulas side by side are one: "$a$$b$" would open display math. */
        vg_buf_addc(&ir->text, ' ');
        vg_buf_add(&ir->text, tex, len);
        last->len += len + 1;
        return;
    }
    S_span(ir, tex, len, style);
}

void vg_ir_break(vg_ir *ir)
{
    vg_ir_block *b = S_cur(ir);
    if (b && b->n && !ir->para)
        ir->breaks++;
    ir->space = false;
}

void vg_ir_para(vg_ir *ir)
{
    vg_ir_block *b = S_cur(ir);
    if (b && b->n)
        ir->para = true;
    ir->space = false;
    ir->breaks = 0;
}

/* The deepest list level a new item may have: one below the last block. */
static unsigned S_max_depth(const vg_ir *ir)
{
    size_t n = ir->nblocks;
    if (n && !ir->blocks[n - 1].n)
        n--; /* an empty block is about to be reused */
    return n ? ir->blocks[n - 1].depth + 1 : 1;
}

void vg_ir_item(vg_ir *ir, unsigned depth, unsigned ordinal)
{
    unsigned max = S_max_depth(ir);
    if (depth > max)
        depth = max;
    if (depth < 1)
        depth = 1;
    S_block(ir, VG_BLOCK_BULLET, depth, ordinal);
    ir->depth = depth;
}

void vg_ir_code_block(vg_ir *ir, const char *s, size_t len)
{
    /* Blank lines at either end go; so do control characters but tabs and line breaks. */
    vg_buf clean = VG_BUF_INIT;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\r')
            c = '\n';
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
            continue;
        vg_buf_addc(&clean, (char)c);
    }
    const char *t = vg_buf_str(&clean);
    size_t a = 0, e = clean.len;
    for (size_t k = 0; k < e; k++) {
        if (t[k] == '\n')
            a = k + 1;
        else if (t[k] != ' ' && t[k] != '\t')
            break;
    }
    while (e > a && (t[e - 1] == '\n' || t[e - 1] == ' ' || t[e - 1] == '\t'))
        e--;
    if (e > a) {
        unsigned depth = ir->depth;
        S_block(ir, VG_BLOCK_CODE, depth, 0);
        S_span(ir, t + a, e - a, VG_STYLE_CODE);
        ir->para = true;
    }
    if (clean.failed)
        ir->failed = true;
    vg_buf_release(&clean);
}

void vg_ir_end(vg_ir *ir)
{
    size_t o = 0;
    for (size_t i = 0; i < ir->nblocks; i++)
        if (ir->blocks[i].n)
            ir->blocks[o++] = ir->blocks[i];
    ir->nblocks = o;
    ir->space = ir->para = false;
    ir->breaks = 0;
}

bool vg_ir_empty(const vg_ir *ir)
{
    for (size_t i = 0; i < ir->nspans; i++)
        for (size_t k = 0; k < ir->spans[i].len; k++)
            if (!S_is_ws_byte(ir->text.data[ir->spans[i].off + k]))
                return false;
    return true;
}

/* One line break in a front (never two: that would start a paragraph). */
static void S_front_break(vg_ir *ir)
{
    vg_ir_block *b = S_cur(ir);
    if (b && b->n)
        ir->breaks = 1;
    ir->space = false;
}

/* Text of a front: its line breaks kept. */
static void S_front_text(vg_ir *dst, const char *t, size_t len, unsigned style)
{
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(t + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - t) : len;
        vg_ir_text(dst, t + i, e - i, style);
        if (nl)
            S_front_break(dst);
        i = e + 1;
    }
}

void vg_ir_front(const vg_ir *src, vg_ir *dst, bool trim)
{
    static const char *const bullets[] = {"\u2022 ", "\u25e6 ", "\u25aa "};
    vg_ir_clear(dst);
    for (size_t b = 0; b < src->nblocks; b++) {
        const vg_ir_block *bl = &src->blocks[b];
        S_front_break(dst);
        if (bl->kind == VG_BLOCK_BULLET) {
            /* A list item is a line that starts with its marker, as the back shows it. */
            char num[16];
            const char *marker = bullets[(bl->depth ? bl->depth - 1 : 0) % 3];
            if (bl->ordinal) {
                snprintf(num, sizeof num, "%u. ", bl->ordinal % 1000000000u);
                marker = num;
            }
            vg_ir_text(dst, marker, strlen(marker), 0);
            dst->space = true;
            dst->space_style = 0;
        }
        for (size_t k = 0; k < bl->n; k++) {
            const vg_ir_span *sp = &src->spans[bl->first + k];
            const char *t = src->text.data + sp->off;
            unsigned style = sp->style & ~(unsigned)VG_STYLE_BOLD;
            if (bl->kind == VG_BLOCK_CODE)
                style = VG_STYLE_CODE;
            if (style & VG_STYLE_MATH)
                vg_ir_math(dst, t, sp->len, style);
            else
                S_front_text(dst, t, sp->len, style);
        }
    }
    vg_ir_end(dst);
    if (src->failed)
        dst->failed = true;
    /* As the deck parser does with the text inside the bold: a trailing ':' is no front's. */
    if (!trim || !dst->nspans)
        return;
    vg_ir_span *sp = &dst->spans[dst->nspans - 1];
    if (sp->style & (VG_STYLE_CODE | VG_STYLE_MATH))
        return;
    const char *t = dst->text.data + sp->off;
    size_t len = sp->len;
    while (len && S_is_ws_byte(t[len - 1]))
        len--;
    if (len && t[len - 1] == ':')
        len--;
    while (len && S_is_ws_byte(t[len - 1]))
        len--;
    sp->len = len;
    if (!len) {
        dst->nspans--;
        dst->blocks[dst->nblocks - 1].n--;
        vg_ir_end(dst);
    }
}

void vg_ir_append(vg_ir *dst, const vg_ir *src)
{
    for (size_t b = 0; b < src->nblocks; b++) {
        const vg_ir_block *bl = &src->blocks[b];
        if (!bl->n)
            continue;
        S_block(dst, bl->kind, bl->kind == VG_BLOCK_PARA && b == 0 ? 0 : bl->depth, bl->ordinal);
        for (size_t k = 0; k < bl->n; k++) {
            const vg_ir_span *sp = &src->spans[bl->first + k];
            S_span(dst, src->text.data + sp->off, sp->len, sp->style);
        }
    }
    dst->para = true;
    dst->depth = 0;
    if (src->failed)
        dst->failed = true;
}

bool vg_ir_rich(const vg_ir *ir, vg_arena *a, vg_rich *out)
{
    out->blocks = NULL;
    out->nblocks = 0;
    if (!ir->nblocks)
        return true;
    vg_block *blocks = vg_arena_alloc(a, ir->nblocks * sizeof *blocks);
    vg_span *spans = ir->nspans ? vg_arena_alloc(a, ir->nspans * sizeof *spans) : NULL;
    if (!blocks || (ir->nspans && !spans))
        return false;
    for (size_t i = 0; i < ir->nspans; i++)
        spans[i] =
            (vg_span){ir->text.data + ir->spans[i].off, ir->spans[i].len, ir->spans[i].style};
    for (size_t i = 0; i < ir->nblocks; i++) {
        const vg_ir_block *b = &ir->blocks[i];
        blocks[i] = (vg_block){.kind = b->kind,
                               .depth = b->depth,
                               .ordinal = b->ordinal,
                               .spans = spans + b->first,
                               .nspans = b->n};
    }
    out->blocks = blocks;
    out->nblocks = ir->nblocks;
    return true;
}
