/* Positions in YAML input for messages: libyaml marks count characters, vgrev reports bytes. */
#include "store/yaml_pos.h"

/* Length of the line break at s (as libyaml counts them: CRLF, CR, LF, NEL, LS, PS), or 0. */
static size_t S_break_len(const unsigned char *s, size_t n)
{
    if (s[0] == '\r')
        return n > 1 && s[1] == '\n' ? 2 : 1;
    if (s[0] == '\n')
        return 1;
    if (n > 1 && s[0] == 0xC2 && s[1] == 0x85)
        return 2;
    if (n > 2 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9))
        return 3;
    return 0;
}

static size_t S_char_len(const unsigned char *s, size_t n)
{
    size_t k = s[0] < 0x80 ? 1 : s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;
    return k < n ? k : n;
}

/* Byte offset of a libyaml mark (line and character column) in the input. */
size_t vg_yaml_mark_offset(const char *data, size_t len, size_t mline, size_t mcol)
{
    const unsigned char *d = (const unsigned char *)data;
    size_t i = 0, line = 0;
    while (line < mline && i < len) {
        size_t b = S_break_len(d + i, len - i);
        if (b) {
            i += b;
            line++;
        } else {
            i += S_char_len(d + i, len - i);
        }
    }
    for (size_t c = 0; c < mcol && i < len; c++)
        i += S_char_len(d + i, len - i);
    return i;
}

/* 1-based line and byte column of a byte offset. */
void vg_yaml_offset_pos(const char *data, size_t len, size_t off, unsigned *line, unsigned *col)
{
    const unsigned char *d = (const unsigned char *)data;
    size_t i = 0, start = 0;
    unsigned ln = 1;
    if (off > len)
        off = len;
    while (i < off) {
        size_t b = S_break_len(d + i, len - i);
        if (b && i + b <= off) {
            i += b;
            start = i;
            ln++;
        } else {
            i += b ? b : 1;
        }
    }
    *line = ln;
    *col = (unsigned)(off - start + 1);
}
