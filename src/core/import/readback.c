/* What a generated deck is known to read back as, without parsing it (docs/performance.md,
 * "Import").
 *
 * The import checks its deck by parsing it back (import/report.c); that parse costs about
 * as much as writing the deck. Most rows of a table make the simplest card there is: a plain
 * front, and a back of one paragraph of plain text, line breaks and inline math. The writer
 * (import/markdown.c) escapes every character of such text that markdown or the deck parser
 * could read as markup, so the deck reads it back as written: this file says which rows are
 * of that kind. When every row is, and no two rows could get the same card id, the parse is
 * skipped (vg_import_opts.no_deck). The rules are deliberately narrow; a row outside them
 * costs the parse, never a wrong card. The tests parse the deck anyway and refuse an import
 * whose fast check disagrees with it (vg_import_opts.check; VGREV_IMPORT_CHECK=1 for the
 * command line, which ctest sets for the e2e tests). */
#include <stdlib.h>
#include <string.h>

#include "import/import_int.h"
#include "vgrev/utf8.h"

/* cmark's Unicode whitespace other than the ASCII ones and U+00A0 (which the rich text has
 * made spaces): a '**' next to one neither opens nor closes. */
static bool S_is_zs(uint32_t cp)
{
    return cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000;
}

/* The last character of s[0..len) (len > 0). */
static uint32_t S_last_cp(const char *s, size_t len)
{
    size_t i = len - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    uint32_t cp;
    vg_utf8_decode(s + i, len - i, &cp);
    return cp;
}

/* Plain text the writer escapes into text the deck reads back as written: no control
 * character (a '\n', a line break, only where breaks allow), no '|' (a table row), no two
 * spaces or line breaks side by side (the ends of a span, and of the block, are checked by
 * the caller). */
static bool S_text_ok(const char *s, size_t len, bool breaks)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n' || c == ' ') {
            if ((c == '\n' && !breaks) || (i + 1 < len && (s[i + 1] == ' ' || s[i + 1] == '\n')))
                return false;
        } else if (c < 0x20 || c == 0x7F || c == '|') {
            return false;
        }
    }
    return true;
}

/* Inline math the deck's math scan reads back as this formula: on one line, no '$' (it
 * would close the formula) or '`' (math holds no code), no backslash at its end (it would
 * escape the closing '$'), no control character. The writer puts a digit after a formula as a
 * character reference, so no closing '$' is followed by a digit. */
static bool S_math_ok(const char *s, size_t len)
{
    if (!len || s[0] == ' ' || s[len - 1] == ' ' || s[len - 1] == '\\')
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F || c == '$' || c == '`')
            return false;
    }
    return true;
}

/* No "{{" anywhere: the deck reads cloze deletions out of a card's text. */
static bool S_no_braces(const vg_ir *ir)
{
    const char *s = ir->text.data;
    for (size_t i = 0; i + 1 < ir->text.len; i++)
        if (s[i] == '{' && s[i + 1] == '{')
            return false;
    return true;
}

bool vg_imp_reads_back(const vg_ir *front, const vg_ir *back)
{
    /* The front: one paragraph of plain text on one line, inside "**...**". */
    if (front->nblocks != 1 || front->blocks[0].kind != VG_BLOCK_PARA || !front->blocks[0].n ||
        !S_no_braces(front))
        return false;
    const char *ft = front->text.data;
    size_t flen = front->text.len;
    for (size_t k = 0; k < front->nspans; k++)
        if (front->spans[k].style != 0)
            return false;
    if (!flen || !S_text_ok(ft, flen, false) || ft[0] == ' ' || ft[flen - 1] == ' ' ||
        ft[flen - 1] == ':')
        return false;
    uint32_t cp;
    vg_utf8_decode(ft, flen, &cp);
    if (S_is_zs(cp) || S_is_zs(S_last_cp(ft, flen)))
        return false;

    /* The back: one paragraph of plain text, line breaks and inline math, after ": " on the
     * bullet's line. The deck drops one separator after the bold (the ':'): a back that opens
     * with another ':' is left to the parse. */
    if (back->nblocks != 1 || back->blocks[0].kind != VG_BLOCK_PARA || back->blocks[0].depth ||
        !back->blocks[0].n || !S_no_braces(back))
        return false;
    const vg_ir_block *b = &back->blocks[0];
    for (size_t k = 0; k < b->n; k++) {
        const vg_ir_span *sp = &back->spans[b->first + k];
        const char *t = back->text.data + sp->off;
        if (sp->style == VG_STYLE_MATH) {
            if (!S_math_ok(t, sp->len))
                return false;
        } else if (sp->style != 0 || !sp->len || !S_text_ok(t, sp->len, true)) {
            return false;
        } else if (k == 0 && t[0] == ':') {
            return false;
        }
        /* a span's ends: a line break or a space must not touch the next span's */
        if (k + 1 < b->n) {
            const vg_ir_span *nx = sp + 1;
            char last = t[sp->len - 1], first = back->text.data[nx->off];
            if ((last == '\n' || last == ' ') && (first == '\n' || first == ' '))
                return false;
        }
    }
    const vg_ir_span *lastsp = &back->spans[b->first + b->n - 1];
    char end = back->text.data[lastsp->off + lastsp->len - 1];
    const vg_ir_span *firstsp = &back->spans[b->first];
    char start = back->text.data[firstsp->off];
    return end != ' ' && end != '\n' && start != ' ' && start != '\n';
}

/* FNV-1a, 64 bits. */
static uint64_t S_fnv(uint64_t h, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

/* A card's id hashes its section's title as the deck parser reads it from the heading: the
 * group's title with its whitespace folded and a leading number ("5.", "5.1", after words
 * without ASCII letters) dropped. Both changes stay before the first ASCII letter, so two
 * groups whose titles read the same agree from there on: the key hashes that part (and
 * groups without an ASCII letter all get one key). Equal keys for different titles only cost
 * the parse. */
uint64_t vg_imp_title_key(const char *title)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    const char *p = title;
    while (*p && !vg_import_is_alpha(*p))
        p++;
    bool space = false;
    for (; *p; p++) {
        char c = *p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = true;
            continue;
        }
        if (space)
            h = S_fnv(h, " ", 1);
        space = false;
        h = S_fnv(h, &c, 1);
    }
    return S_fnv(h, "\x1F", 1);
}

/* The key of a plain front (one line, single spaces: folded already) in a group. */
uint64_t vg_imp_front_key(uint64_t title_key, const vg_ir *front)
{
    return S_fnv(title_key, front->text.data, front->text.len);
}

/* Adds key to the set; false when it was there (or memory ran out: then im->nomem). */
bool vg_imp_key_add(vg_imp *im, uint64_t key)
{
    if (!key)
        key = 1; /* 0 marks an empty slot */
    if ((im->nkeys + 1) * 2 > im->keys_cap) {
        /* room for every row at once: no table rebuilt on the way */
        size_t cap = im->keys_cap ? im->keys_cap * 2 : 1024;
        while (!im->keys_cap && cap < im->nrows * 2)
            cap *= 2;
        uint64_t *keys = calloc(cap, sizeof *keys);
        if (!keys) {
            im->nomem = true;
            return false;
        }
        for (size_t i = 0; i < im->keys_cap; i++) {
            uint64_t k = im->keys[i];
            if (!k)
                continue;
            size_t j = (size_t)k & (cap - 1);
            while (keys[j])
                j = (j + 1) & (cap - 1);
            keys[j] = k;
        }
        free(im->keys);
        im->keys = keys;
        im->keys_cap = cap;
    }
    size_t j = (size_t)key & (im->keys_cap - 1);
    while (im->keys[j]) {
        if (im->keys[j] == key)
            return false;
        j = (j + 1) & (im->keys_cap - 1);
    }
    im->keys[j] = key;
    im->nkeys++;
    return true;
}
