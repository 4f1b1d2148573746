#include "vgrev/utf8.h"

#include <stdlib.h>
#include <string.h>

/* Byte length of the sequence starting at s, or 0 when it is not valid UTF-8
 * (RFC 3629 §4: the well-formed byte sequences). */
static size_t S_seq_len(const unsigned char *s, size_t len)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return c ? 1 : 0;
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (len < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

size_t vg_utf8_check(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        /* Eight ASCII bytes at a time (no high bit, no NUL): most of any text. */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            const uint64_t ones = UINT64_C(0x0101010101010101),
                           highs = UINT64_C(0x8080808080808080);
            if ((w & highs) || ((w - ones) & ~w & highs))
                break;
            i += 8;
        }
        if (i >= len)
            break;
        if (p[i] >= 0x01 && p[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = S_seq_len(p + i, len - i);
        if (!n)
            return i;
        i += n;
    }
    return len;
}

size_t vg_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    size_t n = S_seq_len(p, len);
    if (!n) {
        *cp = 0xFFFD;
        return 1;
    }
    uint32_t c = p[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++)
        c = (c << 6) | (p[i] & 0x3F);
    *cp = c;
    return n;
}

size_t vg_utf8_encode(uint32_t cp, char out[4])
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* One row of the dynamic programme at a time (Wagner and Fischer, 1974), stopped early once
 * every path costs more than limit. */
unsigned vg_edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                          unsigned limit)
{
    size_t diff = na > nb ? na - nb : nb - na;
    if (diff > limit)
        return limit + 1;
    unsigned *row = malloc((nb + 1) * sizeof *row);
    if (!row)
        return limit + 1;
    for (size_t j = 0; j <= nb; j++)
        row[j] = (unsigned)j;
    for (size_t i = 1; i <= na; i++) {
        unsigned diag = row[0], best;
        row[0] = (unsigned)i;
        best = row[0];
        for (size_t j = 1; j <= nb; j++) {
            unsigned up = row[j];
            unsigned v = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > limit) { /* every path already costs more */
            free(row);
            return limit + 1;
        }
    }
    unsigned d = row[nb];
    free(row);
    return d > limit ? limit + 1 : d;
}
