/* One field of a row -> rich text (vg_ir).
 *
 * Plain fields (csv, tsv, Anki with '#html:false'): a line break is a line break, a blank line
 * ends a paragraph. HTML fields (Anki): read as a browser shows them, so line breaks in the
 * source are spaces and <br>, <div>, <p>, lists make the lines; <b> <i> <u> <code> <sub> <sup>
 * and entities are understood; tags that mean nothing to a deck (<span>, <font>, <a>) are
 * dropped with their text kept; images, sounds and other media are dropped and counted.
 * Math: \(..\) and \[..\] (MathJax, as Anki writes it) always; Anki's [$]..[/$], [$$]..[/$$]
 * and <anki-mathjax>; $..$ and $$..$$ in csv and tsv, by the rules the deck parser uses (so
 * "$5 and $10" stays two prices). Anki's cloze deletions {{c1::text::hint}} are hidden as
 * "[...]" (or "[hint]") on the question side and shown in bold on the answer side. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import_int.h"
#include "vgrev/utf8.h"

/* ---- the builder ---- */

static bool S_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap && *p)
        return true;
    size_t c = *cap ? *cap : 8;
    while (c < need) {
        if (c > SIZE_MAX / 4 / elem)
            return false;
        c *= 2;
    }
    void *q = realloc(*p, c * elem);
    if (!q)
        return false;
    *p = q;
    *cap = c;
    return true;
}

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
        if (!S_grow((void **)&ir->blocks, &ir->cap_blocks, ir->nblocks + 1, sizeof *ir->blocks)) {
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
        if (!S_grow((void **)&ir->spans, &ir->cap_spans, ir->nspans + 1, sizeof *ir->spans)) {
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

static bool S_is_ws(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
           cp == 0xA0;
}

/* ASCII whitespace, for byte-wise trimming (a UTF-8 continuation byte may be 0xA0). */
static bool S_is_ws_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool S_is_control(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
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
        if (S_is_ws(cp)) {
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

/* ---- entities ---- */

/* Named character references (the HTML standard's names) that Anki's editor and exports
 * use, and the common symbols a revision card has. Others stay as written. */
static const struct {
    const char *name;
    uint32_t cp;
} S_entities[] = {
    {"amp", '&'},       {"lt", '<'},        {"gt", '>'},        {"quot", '"'},
    {"apos", '\''},     {"nbsp", 0xA0},     {"ensp", 0x2002},   {"emsp", 0x2003},
    {"thinsp", 0x2009}, {"shy", 0xAD},      {"zwj", 0x200D},    {"zwnj", 0x200C},
    {"ndash", 0x2013},  {"mdash", 0x2014},  {"hellip", 0x2026}, {"lsquo", 0x2018},
    {"rsquo", 0x2019},  {"ldquo", 0x201C},  {"rdquo", 0x201D},  {"sbquo", 0x201A},
    {"bdquo", 0x201E},  {"laquo", 0xAB},    {"raquo", 0xBB},    {"lsaquo", 0x2039},
    {"rsaquo", 0x203A}, {"bull", 0x2022},   {"middot", 0xB7},   {"deg", 0xB0},
    {"times", 0xD7},    {"divide", 0xF7},   {"plusmn", 0xB1},   {"minus", 0x2212},
    {"copy", 0xA9},     {"reg", 0xAE},      {"trade", 0x2122},  {"euro", 0x20AC},
    {"pound", 0xA3},    {"yen", 0xA5},      {"cent", 0xA2},     {"sect", 0xA7},
    {"para", 0xB6},     {"micro", 0xB5},    {"iexcl", 0xA1},    {"iquest", 0xBF},
    {"frac12", 0xBD},   {"frac14", 0xBC},   {"frac34", 0xBE},   {"sup1", 0xB9},
    {"sup2", 0xB2},     {"sup3", 0xB3},     {"ordf", 0xAA},     {"ordm", 0xBA},
    {"not", 0xAC},      {"dagger", 0x2020}, {"Dagger", 0x2021}, {"permil", 0x2030},
    {"prime", 0x2032},  {"Prime", 0x2033},  {"larr", 0x2190},   {"uarr", 0x2191},
    {"rarr", 0x2192},   {"darr", 0x2193},   {"harr", 0x2194},   {"lArr", 0x21D0},
    {"uArr", 0x21D1},   {"rArr", 0x21D2},   {"dArr", 0x21D3},   {"hArr", 0x21D4},
    {"forall", 0x2200}, {"part", 0x2202},   {"exist", 0x2203},  {"empty", 0x2205},
    {"nabla", 0x2207},  {"isin", 0x2208},   {"notin", 0x2209},  {"ni", 0x220B},
    {"prod", 0x220F},   {"sum", 0x2211},    {"radic", 0x221A},  {"prop", 0x221D},
    {"infin", 0x221E},  {"ang", 0x2220},    {"and", 0x2227},    {"or", 0x2228},
    {"cap", 0x2229},    {"cup", 0x222A},    {"int", 0x222B},    {"there4", 0x2234},
    {"sim", 0x223C},    {"cong", 0x2245},   {"asymp", 0x2248},  {"ne", 0x2260},
    {"equiv", 0x2261},  {"le", 0x2264},     {"ge", 0x2265},     {"sub", 0x2282},
    {"sup", 0x2283},    {"sube", 0x2286},   {"supe", 0x2287},   {"oplus", 0x2295},
    {"otimes", 0x2297}, {"perp", 0x22A5},   {"sdot", 0x22C5},   {"loz", 0x25CA},
    {"alpha", 0x3B1},   {"beta", 0x3B2},    {"gamma", 0x3B3},   {"delta", 0x3B4},
    {"epsilon", 0x3B5}, {"zeta", 0x3B6},    {"eta", 0x3B7},     {"theta", 0x3B8},
    {"iota", 0x3B9},    {"kappa", 0x3BA},   {"lambda", 0x3BB},  {"mu", 0x3BC},
    {"nu", 0x3BD},      {"xi", 0x3BE},      {"omicron", 0x3BF}, {"pi", 0x3C0},
    {"rho", 0x3C1},     {"sigmaf", 0x3C2},  {"sigma", 0x3C3},   {"tau", 0x3C4},
    {"upsilon", 0x3C5}, {"phi", 0x3C6},     {"chi", 0x3C7},     {"psi", 0x3C8},
    {"omega", 0x3C9},   {"Alpha", 0x391},   {"Beta", 0x392},    {"Gamma", 0x393},
    {"Delta", 0x394},   {"Epsilon", 0x395}, {"Zeta", 0x396},    {"Eta", 0x397},
    {"Theta", 0x398},   {"Iota", 0x399},    {"Kappa", 0x39A},   {"Lambda", 0x39B},
    {"Mu", 0x39C},      {"Nu", 0x39D},      {"Xi", 0x39E},      {"Omicron", 0x39F},
    {"Pi", 0x3A0},      {"Rho", 0x3A1},     {"Sigma", 0x3A3},   {"Tau", 0x3A4},
    {"Upsilon", 0x3A5}, {"Phi", 0x3A6},     {"Chi", 0x3A7},     {"Psi", 0x3A8},
    {"Omega", 0x3A9},
};

/* A character reference at s[0..len) (s[0] == '&'): its length, with the character in
 * *cp; 0 when there is none (the '&' is then a character). */
static size_t S_entity(const char *s, size_t len, uint32_t *cp)
{
    if (len < 3)
        return 0;
    if (s[1] == '#') {
        size_t i = 2;
        bool hex = i < len && (s[i] == 'x' || s[i] == 'X');
        if (hex)
            i++;
        uint32_t v = 0;
        size_t digits = 0;
        for (; i < len && digits < 8; i++, digits++) {
            char c = s[i];
            unsigned d;
            if (c >= '0' && c <= '9')
                d = (unsigned)(c - '0');
            else if (hex && c >= 'a' && c <= 'f')
                d = (unsigned)(c - 'a' + 10);
            else if (hex && c >= 'A' && c <= 'F')
                d = (unsigned)(c - 'A' + 10);
            else
                break;
            v = v * (hex ? 16 : 10) + d;
        }
        if (!digits || i >= len || s[i] != ';')
            return 0;
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) || (v >= 0xFDD0 && v <= 0xFDEF))
            v = 0xFFFD;
        *cp = v;
        return i + 1;
    }
    size_t i = 1;
    while (i < len && i < 12 &&
           ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
            (s[i] >= '0' && s[i] <= '9')))
        i++;
    if (i >= len || s[i] != ';' || i == 1)
        return 0;
    for (size_t k = 0; k < sizeof S_entities / sizeof *S_entities; k++) {
        if (strlen(S_entities[k].name) == i - 1 && memcmp(S_entities[k].name, s + 1, i - 1) == 0) {
            *cp = S_entities[k].cp;
            return i + 1;
        }
    }
    return 0;
}

/* ---- tags ---- */

static char S_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool S_is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool S_is_alnum(char c)
{
    return S_is_alpha(c) || (c >= '0' && c <= '9');
}

enum { S_TAG_MAX = 16, S_ATTR_MAX = 64 };

typedef struct S_tag {
    char name[S_TAG_MAX + 1]; /* lower case; "" when longer than S_TAG_MAX */
    bool end;                 /* </name> */
    size_t len;               /* of the whole tag */
    char src[S_ATTR_MAX];     /* src="..." (images), decoded, cut */
    bool block;               /* block="true" (anki-mathjax) */
    bool answer;              /* id="answer" (Anki's rule between question and answer) */
} S_tag;

/* Case-insensitive: does s[0..len) start with the lower-case word w? */
static bool S_starts(const char *s, size_t len, const char *w)
{
    size_t n = strlen(w);
    if (len < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (S_lower(s[i]) != w[i])
            return false;
    return true;
}

/* Copies at most size-1 bytes of s[0..len) to out, cut at a character boundary. */
static void S_copy_cut(char *out, size_t size, const char *s, size_t len)
{
    if (len >= size) {
        len = size - 1;
        while (len && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(out, s, len);
    out[len] = '\0';
}

/* A tag at s[0] == '<'; false when it is not one (then '<' is a character). */
static bool S_parse_tag(const char *s, size_t len, S_tag *t)
{
    memset(t, 0, sizeof *t);
    size_t i = 1;
    if (i < len && s[i] == '/') {
        t->end = true;
        i++;
    }
    if (i >= len || !S_is_alpha(s[i]))
        return false;
    size_t name = i;
    while (i < len && (S_is_alnum(s[i]) || s[i] == '-' || s[i] == ':'))
        i++;
    if (i - name <= S_TAG_MAX)
        for (size_t k = name; k < i; k++)
            t->name[k - name] = S_lower(s[k]);
    if (i < len && s[i] != '>' && s[i] != '/' && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' &&
        s[i] != '\r' && s[i] != '\f')
        return false;
    /* Attributes up to '>', values quoted or not. */
    while (i < len && s[i] != '>') {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' ||
            s[i] == '/') {
            i++;
            continue;
        }
        size_t an = i;
        while (i < len && s[i] != '=' && s[i] != '>' && s[i] != ' ' && s[i] != '\t' &&
               s[i] != '\n' && s[i] != '\r' && s[i] != '/')
            i++;
        size_t alen = i - an;
        while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
            i++;
        if (i >= len || s[i] != '=')
            continue;
        i++;
        while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
            i++;
        size_t vs, ve;
        if (i < len && (s[i] == '"' || s[i] == '\'')) {
            char q = s[i++];
            vs = i;
            while (i < len && s[i] != q)
                i++;
            if (i >= len)
                return false;
            ve = i++;
        } else {
            vs = i;
            while (i < len && s[i] != '>' && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' &&
                   s[i] != '\r')
                i++;
            ve = i;
        }
        if (alen == 3 && S_starts(s + an, alen, "src"))
            S_copy_cut(t->src, sizeof t->src, s + vs, ve - vs);
        if (alen == 5 && S_starts(s + an, alen, "block"))
            t->block = ve - vs == 4 && S_starts(s + vs, 4, "true");
        if (alen == 2 && S_starts(s + an, alen, "id"))
            t->answer = ve - vs == 6 && S_starts(s + vs, 6, "answer");
    }
    if (i >= len)
        return false;
    t->len = i + 1;
    return true;
}

static bool S_is(const S_tag *t, const char *const *names)
{
    for (; *names; names++)
        if (strcmp(t->name, *names) == 0)
            return true;
    return false;
}

static const char *const S_bold_tags[] = {"b", "strong", NULL};
static const char *const S_italic_tags[] = {"i",   "em",  "u",    "cite", "dfn",
                                            "var", "ins", "mark", NULL};
static const char *const S_code_tags[] = {"code", "kbd", "samp", "tt", NULL};
static const char *const S_line_tags[] = {
    "div",        "blockquote", "section", "article", "header",  "footer",   "aside",
    "nav",        "dt",         "dd",      "dl",      "center",  "address",  "figure",
    "figcaption", "main",       "details", "summary", "caption", "fieldset", "form",
    "legend",     "tr",         "table",   "tbody",   "thead",   "tfoot",    NULL};
static const char *const S_heading_tags[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
/* Their content is not text a card could show. */
static const char *const S_skip_tags[] = {"script",   "style", "head", "title",
                                          "template", "svg",   NULL};
static const char *const S_media_tags[] = {"audio", "video",  "object", "iframe",  "canvas",
                                           "embed", "source", "track",  "picture", NULL};
static const char *const S_media_skip[] = {"audio", "video", "object", "iframe", "canvas", NULL};

/* Tags that Anki's editor writes besides the styles and lines above. */
static const char *const S_field_tags[] = {"br",  "p",    "hr",   "ul",    "ol",           "li",
                                           "img", "span", "font", "a",     "sub",          "sup",
                                           "pre", "td",   "th",   "style", "anki-mathjax", NULL};

/* The longest tag looked at when telling whether a field is HTML: a tag Anki writes is
 * short, and the bound keeps a field of many '<' linear. */
enum { S_HINT_TAG_MAX = 256 };

/* A tag at s[i] == '<' that closes at the next '>' (*gt caches where that is: 0 at first). */
static bool S_tag_near(const char *s, size_t len, size_t i, size_t *gt, S_tag *t)
{
    if (*gt <= i) {
        const char *p = memchr(s + i, '>', len - i);
        *gt = p ? (size_t)(p - s) : len;
    }
    return *gt < len && *gt - i < S_HINT_TAG_MAX && S_parse_tag(s + i, *gt - i + 1, t);
}

bool vg_field_html_hint(const char *s, size_t len, size_t *at, size_t *n)
{
    size_t gt = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '<') {
            S_tag t;
            if (S_tag_near(s, len, i, &gt, &t) &&
                (S_is(&t, S_field_tags) || S_is(&t, S_bold_tags) || S_is(&t, S_italic_tags) ||
                 S_is(&t, S_code_tags) || S_is(&t, S_line_tags) || S_is(&t, S_heading_tags))) {
                *at = i;
                *n = t.len;
                return true;
            }
        } else if (s[i] == '&') {
            uint32_t cp;
            size_t k = S_entity(s + i, len - i, &cp);
            if (k) {
                *at = i;
                *n = k;
                return true;
            }
        }
    }
    return false;
}

bool vg_field_answer_rule(const char *s, size_t len, size_t *rule, size_t *after)
{
    bool found = false;
    size_t gt = 0;
    for (size_t i = 0; i + 3 < len; i++) {
        if (s[i] != '<' || (s[i + 1] != 'h' && s[i + 1] != 'H'))
            continue;
        S_tag t;
        if (!S_tag_near(s, len, i, &gt, &t) || t.end || strcmp(t.name, "hr") != 0 || !t.answer)
            continue;
        /* The last one, as Anki's own exporters take it ("(?si)^.*<hr id=answer>"). */
        found = true;
        *rule = i;
        size_t e = i + t.len;
        while (e < len && (s[e] == '\n' || s[e] == '\r' || s[e] == ' ' || s[e] == '\t'))
            e++;
        *after = e;
        i += t.len - 1;
    }
    return found;
}

/* Where the end tag </name> starts in s[from..len) (case-insensitive), or len. */
static size_t S_find_end(const char *s, size_t len, size_t from, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = from; i + 2 + n <= len; i++) {
        if (s[i] != '<' || s[i + 1] != '/' || !S_starts(s + i + 2, len - i - 2, name))
            continue;
        char c = i + 2 + n < len ? s[i + 2 + n] : '>';
        if (c == '>' || c == ' ' || c == '\t' || c == '\n' || c == '\r')
            return i;
    }
    return len;
}

/* Past the '>' of the tag starting at s[i] (or len). */
static size_t S_past_tag(const char *s, size_t len, size_t i)
{
    const char *gt = i < len ? memchr(s + i, '>', len - i) : NULL;
    return gt ? (size_t)(gt - s) + 1 : len;
}

/* Text of HTML s[0..len): tags dropped (<br> and block tags become '\n' when keep_lines),
 * entities decoded. */
static void S_html_text(const char *s, size_t len, bool keep_lines, vg_buf *out)
{
    size_t i = 0;
    while (i < len) {
        if (s[i] == '<') {
            if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
                const char *e = NULL;
                for (size_t k = i + 4; k + 3 <= len; k++)
                    if (memcmp(s + k, "-->", 3) == 0) {
                        e = s + k + 3;
                        break;
                    }
                i = e ? (size_t)(e - s) : len;
                continue;
            }
            S_tag t;
            if (S_parse_tag(s + i, len - i, &t)) {
                if (keep_lines && (strcmp(t.name, "br") == 0 || S_is(&t, S_line_tags) ||
                                   strcmp(t.name, "p") == 0 || strcmp(t.name, "li") == 0))
                    vg_buf_addc(out, '\n');
                i += t.len;
                continue;
            }
        } else if (s[i] == '&') {
            uint32_t cp;
            size_t k = S_entity(s + i, len - i, &cp);
            if (k) {
                char enc[4];
                vg_buf_add(out, enc, vg_utf8_encode(cp, enc));
                i += k;
                continue;
            }
        }
        vg_buf_addc(out, s[i]);
        i++;
    }
}

/* ---- sub- and superscripts ---- */

/* Unicode forms of the characters that have one (digits, signs, brackets, some letters). */
static const char *S_script_char(char c, bool sup)
{
    static const char *const sup_digits[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    static const char *const sub_digits[] = {"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};
    static const char *const sup_letters[26] = {"ᵃ", "ᵇ", "ᶜ", "ᵈ", "ᵉ", "ᶠ", "ᵍ", "ʰ",  "ⁱ",
                                                "ʲ", "ᵏ", "ˡ", "ᵐ", "ⁿ", "ᵒ", "ᵖ", NULL, "ʳ",
                                                "ˢ", "ᵗ", "ᵘ", "ᵛ", "ʷ", "ˣ", "ʸ", "ᶻ"};
    static const char *const sub_letters[26] = {"ₐ", NULL, NULL, NULL, "ₑ",  NULL, NULL, "ₕ",  "ᵢ",
                                                "ⱼ", "ₖ",  "ₗ",  "ₘ",  "ₙ",  "ₒ",  "ₚ",  NULL, "ᵣ",
                                                "ₛ", "ₜ",  "ᵤ",  "ᵥ",  NULL, "ₓ",  NULL, NULL};
    if (c >= '0' && c <= '9')
        return sup ? sup_digits[c - '0'] : sub_digits[c - '0'];
    if (c >= 'a' && c <= 'z')
        return sup ? sup_letters[c - 'a'] : sub_letters[c - 'a'];
    switch (c) {
    case '+':
        return sup ? "⁺" : "₊";
    case '-':
        return sup ? "⁻" : "₋";
    case '=':
        return sup ? "⁼" : "₌";
    case '(':
        return sup ? "⁽" : "₍";
    case ')':
        return sup ? "⁾" : "₎";
    default:
        return NULL;
    }
}

/* H<sub>2</sub>O is H₂O; x<sup>n+1</sup> xⁿ⁺¹; what has no Unicode form is _(...) or ^(...). */
static void S_script(const char *s, size_t len, bool sup, vg_buf *out)
{
    bool all = len > 0;
    for (size_t i = 0; i < len && all; i++)
        all = S_script_char(s[i], sup) != NULL;
    if (all) {
        for (size_t i = 0; i < len; i++)
            vg_buf_adds(out, S_script_char(s[i], sup));
        return;
    }
    bool atom = len > 0;
    for (size_t i = 0; i < len && atom; i++)
        atom = S_is_alnum(s[i]) || (unsigned char)s[i] >= 0x80;
    vg_buf_addc(out, sup ? '^' : '_');
    if (!atom)
        vg_buf_addc(out, '(');
    vg_buf_add(out, s, len);
    if (!atom)
        vg_buf_addc(out, ')');
}

/* ---- the converter ---- */

enum { S_MAX_LISTS = 8, S_MAX_CLOZE = 8 };

typedef struct S_conv {
    const char *s;
    size_t n, i;
    const vg_field_opts *o;
    vg_ir *ir;
    vg_field_report *rep;
    vg_buf run; /* characters waiting to go in, in style run_style */
    unsigned run_style;
    unsigned bold, italic, code;
    struct {
        bool ordered;
        unsigned next;
    } lists[S_MAX_LISTS];
    unsigned nlists, deep_lists; /* deep_lists: opened beyond S_MAX_LISTS */
    bool cell;                   /* a table cell was seen in this row */
    /* Cloze deletions being read: hint flags per level. */
    unsigned cloze;
    bool hint[S_MAX_CLOZE + 1];
    vg_buf hint_text; /* the question side's hint of the outer deletion */
} S_conv;

static unsigned S_style(const S_conv *cv)
{
    if (cv->o->plain)
        return 0;
    unsigned st = 0;
    if (cv->bold || (cv->o->cloze == VG_CLOZE_ANSWER && cv->cloze))
        st |= VG_STYLE_BOLD;
    if (cv->italic)
        st |= VG_STYLE_ITALIC;
    if (cv->code)
        st |= VG_STYLE_CODE;
    return st;
}

/* Text is hidden: the question side of a cloze deletion, or the answer side's hint. */
static bool S_hidden(const S_conv *cv)
{
    if (!cv->cloze)
        return false;
    if (cv->o->cloze == VG_CLOZE_QUESTION)
        return true;
    for (unsigned k = 1; k <= cv->cloze && k <= S_MAX_CLOZE; k++)
        if (cv->hint[k])
            return true;
    return false;
}

static void S_flush(S_conv *cv)
{
    if (cv->run.len)
        vg_ir_text(cv->ir, cv->run.data, cv->run.len, cv->run_style);
    vg_buf_clear(&cv->run);
}

static void S_chars(S_conv *cv, const char *s, size_t len)
{
    if (S_hidden(cv)) {
        if (cv->o->cloze == VG_CLOZE_QUESTION && cv->cloze == 1 && cv->hint[1])
            vg_buf_add(&cv->hint_text, s, len);
        return;
    }
    unsigned st = S_style(cv);
    if (st != cv->run_style) {
        S_flush(cv);
        cv->run_style = st;
    }
    vg_buf_add(&cv->run, s, len);
}

/* Can tex be written between dollars and read back as the same formula? Not with a
 * backtick (a code span would win), a '$' that is not escaped, or an odd number of
 * backslashes at its end (the closing '$' would be escaped). */
static bool S_math_ok(const char *tex, size_t len)
{
    size_t slashes = 0;
    for (size_t i = 0; i < len; i++) {
        if (tex[i] == '`' || (tex[i] == '$' && slashes % 2 == 0))
            return false;
        slashes = tex[i] == '\\' ? slashes + 1 : 0;
    }
    return slashes % 2 == 0;
}

static void S_math(S_conv *cv, const char *tex, size_t len, bool display, const char *open,
                   const char *close)
{
    if (S_hidden(cv))
        return;
    if (cv->o->plain || !S_math_ok(tex, len)) {
        S_chars(cv, open, strlen(open));
        S_chars(cv, tex, len);
        S_chars(cv, close, strlen(close));
        return;
    }
    S_flush(cv);
    vg_ir_math(cv->ir, tex, len,
               (S_style(cv) & ~(unsigned)VG_STYLE_CODE) | (display ? VG_STYLE_DISPLAY : 0));
}

/* Math whose LaTeX is s[a..b) of HTML: tags dropped, entities decoded. */
static void S_math_html(S_conv *cv, size_t a, size_t b, bool display, const char *open,
                        const char *close)
{
    vg_buf tex = VG_BUF_INIT;
    if (cv->o->html)
        S_html_text(cv->s + a, b - a, false, &tex);
    else
        vg_buf_add(&tex, cv->s + a, b - a);
    /* One line: a formula is written inline. */
    for (size_t k = 0; k < tex.len; k++)
        if (tex.data[k] == '\n' || tex.data[k] == '\r' || tex.data[k] == '\t')
            tex.data[k] = ' ';
    S_math(cv, vg_buf_str(&tex), tex.len, display, open, close);
    if (tex.failed)
        cv->ir->failed = true;
    vg_buf_release(&tex);
}

/* The first `pat` in s[from..end), or SIZE_MAX. */
static size_t S_find(const char *s, size_t from, size_t end, const char *pat)
{
    size_t m = strlen(pat);
    for (size_t i = from; i + m <= end; i++)
        if (s[i] == pat[0] && memcmp(s + i, pat, m) == 0)
            return i;
    return SIZE_MAX;
}

static bool S_is_space_c(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* $...$ or $$...$$ at s[i] by the deck parser's rules (docs/deck-format.md); a formula stays
 * on its line. Returns true when it was math. */
static bool S_dollar(S_conv *cv)
{
    const char *s = cv->s;
    size_t i = cv->i, n = cv->n;
    size_t eol = i;
    while (eol < n && s[eol] != '\n' && s[eol] != '\r')
        eol++;
    if (i + 1 < n && s[i + 1] == '$') {
        for (size_t k = i + 2; k + 1 < eol && s[k] != '`'; k++) {
            if (s[k] == '\\') {
                k++;
            } else if (s[k] == '$' && s[k + 1] == '$') {
                size_t a = i + 2;
                while (a < k && S_is_space_c(s[a]))
                    a++;
                if (a == k)
                    return false;
                S_math(cv, s + i + 2, k - i - 2, true, "$$", "$$");
                cv->i = k + 2;
                return true;
            }
        }
        return false;
    }
    if (i + 1 >= eol)
        return false;
    /* Closed by the first '$' after it, not before a digit, padded as the opening one is. */
    bool padded = s[i + 1] == ' ' || s[i + 1] == '\t';
    size_t k = i + 1;
    while (k < eol && s[k] != '`' && s[k] != '$')
        k += s[k] == '\\' ? 2 : 1;
    if (k >= eol || s[k] != '$' || (k + 1 < n && s[k + 1] >= '0' && s[k + 1] <= '9') ||
        padded != S_is_space_c(s[k - 1]))
        return false;
    size_t a = i + 1, b = k;
    while (a < b && S_is_space_c(s[a]))
        a++;
    while (b > a && S_is_space_c(s[b - 1]))
        b--;
    if (a == b)
        return false;
    S_math(cv, s + a, b - a, false, "$", "$");
    cv->i = k + 1;
    return true;
}

/* \( \) and \[ \], Anki's [$] [/$], [$$] [/$$] and [latex] [/latex]. */
static bool S_delimited_math(S_conv *cv)
{
    static const struct {
        const char *open, *close;
        bool display;
    } kinds[] = {
        {"\\(", "\\)", false},  {"\\[", "\\]", true},          {"[$$]", "[/$$]", true},
        {"[$]", "[/$]", false}, {"[latex]", "[/latex]", true},
    };
    const char *s = cv->s;
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        size_t m = strlen(kinds[k].open);
        if (cv->n - cv->i < m || memcmp(s + cv->i, kinds[k].open, m) != 0)
            continue;
        size_t e = S_find(s, cv->i + m, cv->n, kinds[k].close);
        if (e == SIZE_MAX)
            return false;
        S_math_html(cv, cv->i + m, e, kinds[k].display, kinds[k].open, kinds[k].close);
        cv->i = e + strlen(kinds[k].close);
        return true;
    }
    return false;
}

/* Length of "{{c12::" at s[0..len), or 0; the number in *num. */
static size_t S_cloze_open(const char *s, size_t len, unsigned *num)
{
    if (len < 6 || s[0] != '{' || s[1] != '{' || (s[2] != 'c' && s[2] != 'C'))
        return 0;
    size_t i = 3;
    unsigned v = 0;
    while (i < len && i < 7 && s[i] >= '0' && s[i] <= '9')
        v = v * 10 + (unsigned)(s[i++] - '0');
    if (i == 3 || i + 2 > len || s[i] != ':' || s[i + 1] != ':')
        return 0;
    *num = v;
    return i + 2;
}

bool vg_field_has_cloze(const char *s, size_t len)
{
    unsigned num;
    for (size_t i = 0; i + 6 <= len; i++)
        if (s[i] == '{' && S_cloze_open(s + i, len - i, &num) &&
            S_find(s, i, len, "}}") != SIZE_MAX)
            return true;
    return false;
}

/* Cloze markup at s[i]; true when it was. */
static bool S_cloze(S_conv *cv)
{
    if (cv->o->cloze == VG_CLOZE_NONE)
        return false;
    const char *s = cv->s + cv->i;
    size_t len = cv->n - cv->i;
    unsigned num;
    size_t m;
    if (s[0] == '{' && (m = S_cloze_open(s, len, &num)) &&
        S_find(cv->s, cv->i + m, cv->n, "}}") != SIZE_MAX) {
        if (num >= 1 && num <= 64)
            cv->rep->clozes |= 1ULL << (num - 1);
        if (cv->o->cloze == VG_CLOZE_QUESTION && !cv->cloze) {
            S_flush(cv);
            vg_buf_clear(&cv->hint_text);
        }
        cv->cloze++;
        if (cv->cloze <= S_MAX_CLOZE)
            cv->hint[cv->cloze] = false;
        cv->i += m;
        return true;
    }
    if (!cv->cloze)
        return false;
    if (len >= 2 && s[0] == ':' && s[1] == ':' && cv->cloze <= S_MAX_CLOZE &&
        !cv->hint[cv->cloze]) {
        cv->hint[cv->cloze] = true;
        cv->i += 2;
        return true;
    }
    if (len >= 2 && s[0] == '}' && s[1] == '}') {
        if (cv->cloze <= S_MAX_CLOZE)
            cv->hint[cv->cloze] = false;
        cv->cloze--;
        cv->i += 2;
        if (cv->o->cloze == VG_CLOZE_QUESTION && !cv->cloze) {
            vg_buf hint = VG_BUF_INIT;
            vg_field_plain(vg_buf_str(&cv->hint_text), cv->hint_text.len, false, &hint);
            S_chars(cv, "[", 1);
            if (hint.len)
                S_chars(cv, hint.data, hint.len);
            else
                S_chars(cv, "...", 3);
            S_chars(cv, "]", 1);
            vg_buf_release(&hint);
        }
        return true;
    }
    return false;
}

/* [sound:file.mp3]: Anki's audio, which a terminal cannot play. */
static bool S_sound(S_conv *cv)
{
    static const char open[] = "[sound:";
    size_t m = sizeof open - 1;
    if (cv->n - cv->i < m || memcmp(cv->s + cv->i, open, m) != 0)
        return false;
    size_t e = S_find(cv->s, cv->i + m, cv->n, "]");
    if (e == SIZE_MAX)
        return false;
    if (!cv->rep->sounds++)
        S_copy_cut(cv->rep->first_sound, sizeof cv->rep->first_sound, cv->s + cv->i + m,
                   e - cv->i - m);
    cv->i = e + 1;
    return true;
}

static void S_structure(S_conv *cv, void (*fn)(vg_ir *))
{
    S_flush(cv);
    if (!S_hidden(cv))
        fn(cv->ir);
}

/* A line boundary (<div>, <tr>, ...): a line break unless one is there already. */
static void S_line(vg_ir *ir)
{
    if (!ir->breaks && !ir->para)
        vg_ir_break(ir);
}

/* A style's nesting: up at a start tag, down at an end tag (never below 0: stray end tags
 * are common in hand-edited fields). */
static void S_nest(unsigned *count, bool end)
{
    if (!end)
        (*count)++;
    else if (*count)
        (*count)--;
}

static void S_tag_action(S_conv *cv, const S_tag *t)
{
    const char *name = t->name;
    if (S_is(t, S_bold_tags)) {
        S_nest(&cv->bold, t->end);
    } else if (S_is(t, S_italic_tags)) {
        S_nest(&cv->italic, t->end);
    } else if (S_is(t, S_code_tags)) {
        S_nest(&cv->code, t->end);
    } else if (strcmp(name, "br") == 0) {
        S_structure(cv, vg_ir_break);
    } else if (strcmp(name, "p") == 0 || strcmp(name, "hr") == 0) {
        S_structure(cv, vg_ir_para);
    } else if (S_is(t, S_heading_tags)) {
        S_structure(cv, vg_ir_para);
        S_nest(&cv->bold, t->end);
    } else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
        if (!t->end) {
            if (cv->cell)
                S_chars(cv, " | ", 3);
            cv->cell = true;
        }
    } else if (S_is(t, S_line_tags)) {
        if (strcmp(name, "table") == 0 && !t->end)
            cv->rep->tables++;
        if (strcmp(name, "tr") == 0)
            cv->cell = false;
        S_structure(cv, S_line);
    } else if (strcmp(name, "ul") == 0 || strcmp(name, "ol") == 0) {
        S_flush(cv);
        if (!t->end) {
            if (cv->nlists < S_MAX_LISTS) {
                cv->lists[cv->nlists].ordered = name[0] == 'o';
                cv->lists[cv->nlists].next = 1;
                cv->nlists++;
            } else {
                cv->deep_lists++;
            }
        } else if (cv->deep_lists) {
            cv->deep_lists--;
        } else if (cv->nlists) {
            cv->nlists--;
            if (!S_hidden(cv)) {
                vg_ir_para(cv->ir);
                cv->ir->depth = cv->nlists;
            }
        }
    } else if (strcmp(name, "li") == 0) {
        S_flush(cv);
        if (!t->end && !S_hidden(cv)) {
            unsigned depth = cv->nlists ? cv->nlists : 1, ord = 0;
            if (cv->nlists && cv->lists[cv->nlists - 1].ordered)
                ord = cv->lists[cv->nlists - 1].next++;
            vg_ir_item(cv->ir, depth, ord);
        }
    } else if (strcmp(name, "img") == 0) {
        if (!cv->rep->images++)
            S_copy_cut(cv->rep->first_image, sizeof cv->rep->first_image, t->src, strlen(t->src));
    } else if (S_is(t, S_media_tags)) {
        if (!t->end)
            cv->rep->media++;
    }
}

/* A tag (or comment) at s[i]; false when '<' is a character. */
static bool S_markup(S_conv *cv)
{
    const char *s = cv->s;
    size_t i = cv->i, n = cv->n;
    if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
        size_t e = S_find(s, i + 4, n, "-->");
        cv->i = e == SIZE_MAX ? n : e + 3;
        return true;
    }
    if (n - i >= 2 && (s[i + 1] == '!' || s[i + 1] == '?')) {
        cv->i = S_past_tag(s, n, i);
        return true;
    }
    S_tag t;
    if (!S_parse_tag(s + i, n - i, &t))
        return false;
    size_t after = i + t.len;
    if (!t.end && (S_is(&t, S_skip_tags) || S_is(&t, S_media_skip))) {
        if (S_is(&t, S_media_skip))
            cv->rep->media++;
        size_t e = S_find_end(s, n, after, t.name);
        cv->i = S_past_tag(s, n, e);
        return true;
    }
    if (!t.end && strcmp(t.name, "anki-mathjax") == 0) {
        size_t e = S_find_end(s, n, after, t.name);
        S_math_html(cv, after, e, t.block, "\\(", "\\)");
        cv->i = S_past_tag(s, n, e);
        return true;
    }
    if (!t.end && (strcmp(t.name, "sub") == 0 || strcmp(t.name, "sup") == 0)) {
        size_t e = S_find_end(s, n, after, t.name);
        if (e < n) {
            vg_buf inner = VG_BUF_INIT, plain = VG_BUF_INIT, out = VG_BUF_INIT;
            S_html_text(s + after, e - after, false, &inner);
            vg_field_plain(vg_buf_str(&inner), inner.len, false, &plain);
            if (cv->o->plain) {
                vg_buf_add(&out, plain.data ? plain.data : "", plain.len);
            } else {
                S_script(vg_buf_str(&plain), plain.len, t.name[2] == 'p', &out);
            }
            S_chars(cv, vg_buf_str(&out), out.len);
            vg_buf_release(&inner);
            vg_buf_release(&plain);
            vg_buf_release(&out);
            cv->i = S_past_tag(s, n, e);
            return true;
        }
    }
    if (!t.end && strcmp(t.name, "pre") == 0) {
        size_t e = S_find_end(s, n, after, t.name);
        if (e < n) {
            vg_buf code = VG_BUF_INIT;
            S_html_text(s + after, e - after, true, &code);
            S_flush(cv);
            if (!S_hidden(cv)) {
                if (cv->o->plain) {
                    vg_ir_para(cv->ir);
                    vg_ir_text(cv->ir, vg_buf_str(&code), code.len, 0);
                    vg_ir_para(cv->ir);
                } else {
                    vg_ir_code_block(cv->ir, vg_buf_str(&code), code.len);
                }
            }
            vg_buf_release(&code);
            cv->i = S_past_tag(s, n, e);
            return true;
        }
    }
    S_tag_action(cv, &t);
    cv->i = after;
    return true;
}

/* Line breaks of a plain field at s[i]: one is a line break, a blank line a paragraph. */
static void S_newlines(S_conv *cv)
{
    unsigned lines = 0;
    size_t i = cv->i;
    for (;;) {
        if (i < cv->n && cv->s[i] == '\r')
            i += (i + 1 < cv->n && cv->s[i + 1] == '\n') ? 2 : 1;
        else if (i < cv->n && cv->s[i] == '\n')
            i++;
        else
            break;
        lines++;
        size_t k = i;
        while (k < cv->n && (cv->s[k] == ' ' || cv->s[k] == '\t'))
            k++;
        if (k < cv->n && (cv->s[k] == '\n' || cv->s[k] == '\r'))
            i = k;
    }
    cv->i = i;
    S_flush(cv);
    if (S_hidden(cv))
        return;
    if (lines >= 2)
        vg_ir_para(cv->ir);
    else
        vg_ir_break(cv->ir);
}

void vg_field_convert(const char *s, size_t len, const vg_field_opts *o, vg_ir *ir,
                      vg_field_report *rep)
{
    S_conv cv = {.s = s, .n = len, .o = o, .ir = ir, .rep = rep};
    vg_buf_init(&cv.run);
    vg_buf_init(&cv.hint_text);
    while (cv.i < cv.n) {
        char c = s[cv.i];
        if (o->html && c == '<' && S_markup(&cv))
            continue;
        if (o->html && c == '&') {
            uint32_t cp;
            size_t k = S_entity(s + cv.i, cv.n - cv.i, &cp);
            if (k) {
                char enc[4];
                S_chars(&cv, enc, vg_utf8_encode(cp, enc));
                cv.i += k;
                continue;
            }
        }
        if ((c == '\\' || c == '[') && S_delimited_math(&cv))
            continue;
        if (c == '$' && o->dollar_math && S_dollar(&cv))
            continue;
        if (c == '[' && S_sound(&cv))
            continue;
        if ((c == '{' || c == ':' || c == '}') && S_cloze(&cv))
            continue;
        if (!o->html && (c == '\n' || c == '\r')) {
            S_newlines(&cv);
            continue;
        }
        if (c == '$' && o->dollar_math) {
            /* Not math: keep "$$" whole so its second '$' is not read as an opener. */
            size_t k = cv.i + 1 < cv.n && s[cv.i + 1] == '$' ? 2 : 1;
            S_chars(&cv, s + cv.i, k);
            cv.i += k;
            continue;
        }
        /* A run of ordinary characters. */
        size_t j = cv.i + 1;
        while (j < cv.n && s[j] != '<' && s[j] != '&' && s[j] != '\\' && s[j] != '[' &&
               s[j] != '$' && s[j] != '{' && s[j] != ':' && s[j] != '}' && s[j] != '\n' &&
               s[j] != '\r')
            j++;
        S_chars(&cv, s + cv.i, j - cv.i);
        cv.i = j;
    }
    S_flush(&cv);
    if (cv.run.failed || cv.hint_text.failed)
        ir->failed = true;
    vg_buf_release(&cv.run);
    vg_buf_release(&cv.hint_text);
}

void vg_field_plain(const char *s, size_t len, bool html, vg_buf *out)
{
    vg_buf text = VG_BUF_INIT;
    if (html)
        S_html_text(s, len, false, &text);
    else
        vg_buf_add(&text, s, len);
    const char *t = vg_buf_str(&text);
    bool space = false, any = false;
    for (size_t i = 0; i < text.len;) {
        uint32_t cp;
        size_t k = vg_utf8_decode(t + i, text.len - i, &cp);
        if (S_is_ws(cp)) {
            space = any;
        } else if (!S_is_control(cp)) {
            if (space)
                vg_buf_addc(out, ' ');
            space = false;
            any = true;
            vg_buf_add(out, t + i, k);
        }
        i += k;
    }
    if (text.failed)
        out->failed = true;
    vg_buf_release(&text);
}
