/* Display width of characters (UAX #11 East Asian Width and the general categories of the
 * Unicode Character Database; the tables are generated, see src/core/base/gen_width_table.py). */
#include "vgrev/utf8.h"

#include <stdbool.h>

struct S_range {
    uint32_t lo, hi;
};

#include "base/utf8_width_table.h"

static bool S_in(const struct S_range *r, size_t n, uint32_t cp)
{
    if (n == 0 || cp < r[0].lo || cp > r[n - 1].hi)
        return false;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp > r[mid].hi)
            lo = mid + 1;
        else if (cp < r[mid].lo)
            hi = mid;
        else
            return true;
    }
    return false;
}

int vg_char_width(uint32_t cp)
{
    if (cp >= 0x20 && cp < 0x7F)
        return 1;
    /* C0, DEL, C1 and the line and paragraph separators move the cursor or break lines. */
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029)
        return -1;
    if (cp > 0x10FFFF)
        return 1;
    if (S_in(S_zero_width, sizeof S_zero_width / sizeof S_zero_width[0], cp))
        return 0;
    if (S_in(S_double_width, sizeof S_double_width / sizeof S_double_width[0], cp))
        return 2;
    return 1;
}

size_t vg_text_width(const char *s, size_t len)
{
    size_t w = 0, i = 0;
    while (i < len) {
        uint32_t cp;
        i += vg_utf8_decode(s + i, len - i, &cp);
        int cw = vg_char_width(cp);
        if (cw > 0)
            w += (size_t)cw;
    }
    return w;
}
