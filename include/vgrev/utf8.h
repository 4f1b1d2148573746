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

/* Terminal columns of one character, per character as curses (wcwidth) counts them, from
 * Unicode 15.0 data: 0 for nonspacing and enclosing marks and format characters (Mn, Me,
 * Cf but U+00AD) and conjoining Hangul vowels and finals; 2 for East Asian Wide and
 * Fullwidth (which includes emoji with emoji presentation); 1 otherwise; -1 for controls
 * (C0, DEL, C1, U+2028, U+2029). */
int vg_char_width(uint32_t cp);

/* Columns of s[0..len), controls counted as 0. */
size_t vg_text_width(const char *s, size_t len);

/* The Levenshtein distance between the character strings a[0..na) and b[0..nb) (insertions,
 * deletions and substitutions of one character cost 1), or limit + 1 as soon as it is known
 * to be more than limit. limit + 1 too when out of memory. */
unsigned vg_edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                          unsigned limit);

#endif
