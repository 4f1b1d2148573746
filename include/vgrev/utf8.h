/* UTF-8: validation, decoding and display width. */
#ifndef VGREV_UTF8_H
#define VGREV_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Returns len when s[0..len) is valid UTF-8 (no overlongs, no surrogates, nothing above
 * U+10FFFF) with no NUL byte; otherwise the offset of the first bad byte. */
size_t vg_utf8_check(const char *s, size_t len);

/* Decodes one character at s (len > 0) into *cp and returns its byte length. Invalid
 * input gives U+FFFD and a length of 1, so a loop always advances. */
size_t vg_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Writes cp as UTF-8 into out (4 bytes room) and returns the length. */
size_t vg_utf8_encode(uint32_t cp, char out[4]);

/* Terminal columns of one character: 0 for combining marks and zero-width characters,
 * 2 for East Asian wide and fullwidth characters and emoji, 1 otherwise; -1 for controls. */
int vg_char_width(uint32_t cp);

/* Columns of s[0..len), controls counted as 0. */
size_t vg_text_width(const char *s, size_t len);

#endif
