/* Removal of everything a terminal would interpret rather than print (DESIGN §3, §8).
 *
 * Escape sequences follow ECMA-48 (§5.4 control sequences, §8.3.89 etc. for the control
 * strings) and the xterm control-sequence notes: a CSI runs to its final byte (0x40..0x7E);
 * OSC, DCS, SOS, PM and APC run to ST (ESC \ or U+009C), BEL, CAN or SUB; an ESC with
 * intermediates (0x20..0x2F) runs to its final byte; any other ESC takes the next byte with
 * it when that byte is 0x30..0x7E. A string that is never terminated runs to the end. */
#include "vgrev/render.h"

#include <stdbool.h>
#include <stdint.h>

#include "vgrev/utf8.h"

enum { S_ESC = 0x1B, S_BEL = 0x07, S_CAN = 0x18, S_SUB = 0x1A };

/* i is just past a CSI introducer: skips the parameter and intermediate bytes and the final
 * byte. Anything else ends the sequence without being consumed. */
static size_t S_skip_csi(const unsigned char *p, size_t len, size_t i)
{
    while (i < len && p[i] >= 0x20 && p[i] <= 0x3F)
        i++;
    while (i < len && p[i] >= 0x20 && p[i] <= 0x2F)
        i++;
    if (i < len && p[i] >= 0x40 && p[i] <= 0x7E)
        i++;
    return i;
}

/* i is just past a control-string introducer (OSC, DCS, SOS, PM, APC): skips to and past
 * the terminator. An ESC that does not start ST ends the string and is left for the caller. */
static size_t S_skip_string(const unsigned char *p, size_t len, size_t i)
{
    while (i < len) {
        unsigned char c = p[i];
        if (c == S_BEL || c == S_CAN || c == S_SUB)
            return i + 1;
        if (c == S_ESC)
            return (i + 1 < len && p[i + 1] == '\\') ? i + 2 : i;
        if (c == 0xC2 && i + 1 < len && p[i + 1] == 0x9C)
            return i + 2;
        i++;
    }
    return i;
}

/* i is at an ESC: returns the index just past the whole sequence. */
static size_t S_skip_esc(const unsigned char *p, size_t len, size_t i)
{
    i++;
    if (i >= len)
        return i;
    unsigned char c = p[i];
    if (c == '[')
        return S_skip_csi(p, len, i + 1);
    if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_')
        return S_skip_string(p, len, i + 1);
    if (c >= 0x20 && c <= 0x2F) {
        while (i < len && p[i] >= 0x20 && p[i] <= 0x2F)
            i++;
        if (i < len && p[i] >= 0x30 && p[i] <= 0x7E)
            i++;
        return i;
    }
    if (c >= 0x30 && c <= 0x7E)
        return i + 1;
    return i;
}

static bool S_is_bidi_control(uint32_t cp)
{
    /* Embeddings and overrides (LRE RLE PDF LRO RLO) and isolates (LRI RLI FSI PDI) can
     * reorder the text around them ("Trojan Source", CVE-2021-42574). */
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

void vg_render_sanitize(const char *s, size_t len, vg_buf *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        /* Printable ASCII is the common case: copy it in one piece. */
        size_t start = i;
        while (i < len && p[i] >= 0x20 && p[i] < 0x7F)
            i++;
        if (i > start)
            vg_buf_add(out, s + start, i - start);
        if (i >= len)
            break;
        unsigned char c = p[i];
        if (c == S_ESC) {
            i = S_skip_esc(p, len, i);
            continue;
        }
        if (c < 0x80) {
            if (c == '\r' && i + 1 < len && p[i + 1] == '\n')
                i++;
            if (c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
                vg_buf_addc(out, ' ');
            i++; /* other C0 controls and DEL are dropped */
            continue;
        }
        uint32_t cp;
        size_t n = vg_utf8_decode(s + i, len - i, &cp);
        if (cp == 0xFFFD && n == 1) {
            vg_buf_adds(out, "\xEF\xBF\xBD"); /* an invalid byte */
            i++;
            continue;
        }
        i += n;
        if (cp >= 0x80 && cp <= 0x9F) {
            if (cp == 0x9B)
                i = S_skip_csi(p, len, i);
            else if (cp == 0x9D || cp == 0x90 || cp == 0x98 || cp == 0x9E || cp == 0x9F)
                i = S_skip_string(p, len, i);
            else if (cp == 0x85) /* NEXT LINE */
                vg_buf_addc(out, ' ');
            continue;
        }
        if (cp == 0x2028 || cp == 0x2029) {
            vg_buf_addc(out, ' ');
            continue;
        }
        if (S_is_bidi_control(cp))
            continue;
        vg_buf_add(out, s + i - n, n);
    }
}
