/* libFuzzer target: vg_render_math, vg_render_sanitize and vg_render_rich on arbitrary
 * bytes. Whatever the input, the output is valid UTF-8 with no control character (ESC,
 * BEL, C0, DEL, C1) and no bidi override, and wrapped lines fit their width. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vgrev/render.h"
#include "vgrev/utf8.h"

static void S_check_clean(const char *s, size_t len, int newlines_ok)
{
    if (vg_utf8_check(s, len) != len)
        abort();
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += vg_utf8_decode(s + i, len - i, &cp);
        if (cp == '\n' && newlines_ok)
            continue;
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
            (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029)
            abort();
    }
}

/* The input as rich text: byte 0 is the width, then blocks separated by 0x1E (kind and
 * depth from the block's first byte) holding spans separated by 0x1F (style from the
 * span's first byte). */
static void S_fuzz_rich(const char *s, size_t len)
{
    enum { MAX = 64 };
    vg_span spans[MAX];
    vg_block blocks[MAX];
    size_t nspans = 0, nblocks = 0;
    if (len < 1)
        return;
    size_t width = (unsigned char)s[0];
    size_t i = 1;
    while (i < len && nblocks < MAX && nspans < MAX) {
        size_t end = i;
        while (end < len && s[end] != 0x1E)
            end++;
        unsigned char head = (unsigned char)s[i];
        vg_block *b = &blocks[nblocks++];
        b->kind = (vg_block_kind)(head % 3);
        b->depth = (head >> 2) % 6;
        b->ordinal = (head & 0x80) ? head & 0x1F : 0;
        b->line = 1;
        b->spans = &spans[nspans];
        b->nspans = 0;
        size_t j = i + 1;
        while (j <= end && nspans < MAX) {
            size_t e = j;
            while (e < end && s[e] != 0x1F)
                e++;
            unsigned style = j < e ? (unsigned char)s[j] & 0x3F : 0;
            spans[nspans++] = (vg_span){s + j, e - j, style};
            b->nspans++;
            j = e + 1;
        }
        i = end + 1;
    }
    vg_rich r = {blocks, nblocks};
    vg_lines l;
    vg_lines_init(&l);
    if (vg_render_rich(&r, width, &l) != VG_OK)
        abort();
    size_t w = width ? width : 1;
    for (size_t k = 0; k < l.nlines; k++) {
        size_t sum = 0;
        for (size_t m = 0; m < l.lines[k].nruns; m++) {
            const vg_run *run = &l.lines[k].runs[m];
            S_check_clean(run->text, run->len, 0);
            sum += vg_text_width(run->text, run->len);
        }
        if (sum != l.lines[k].width)
            abort();
        /* Only a wide character alone past the indent may overflow (by one column). */
        if (l.lines[k].width > w && l.lines[k].width > w / 2 + 2)
            abort();
    }
    vg_buf text = VG_BUF_INIT;
    vg_lines_to_text(&l, &text);
    S_check_clean(vg_buf_str(&text), text.len, 1);
    vg_buf_clear(&text);
    vg_render_inline(&r, &text);
    S_check_clean(vg_buf_str(&text), text.len, 0);
    vg_buf_release(&text);
    vg_lines_release(&l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    vg_buf out = VG_BUF_INIT;
    vg_render_math(s, size, &out);
    S_check_clean(vg_buf_str(&out), out.len, 0);
    vg_buf_clear(&out);
    vg_render_sanitize(s, size, &out);
    S_check_clean(vg_buf_str(&out), out.len, 0);
    vg_buf_release(&out);
    S_fuzz_rich(s, size);
    return 0;
}
