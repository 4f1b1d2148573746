/* Rendering for a terminal, without curses (DESIGN §3): inline LaTeX to Unicode, removal
 * of control characters and escape sequences, and wrapping by display width into styled
 * lines that src/ui paints and the plain commands print. */
#ifndef VGREV_RENDER_H
#define VGREV_RENDER_H

#include <stddef.h>

#include "vgrev/buf.h"
#include "vgrev/error.h"
#include "vgrev/text.h"

/* Appends to out the text of s[0..len) with every control character (C0, DEL, C1),
 * escape sequence (CSI, OSC, DCS, ... whole) and bidirectional override removed; tabs
 * become a space, invalid UTF-8 becomes U+FFFD. The result is safe to print. */
void vg_render_sanitize(const char *s, size_t len, vg_buf *out);

/* Appends the Unicode reading of the LaTeX tex[0..len) (without the dollars), sanitized:
 * \frac{a}{b} -> a/b, Greek letters, operators, sub/superscripts as Unicode where every
 * character has one (x_{t+1} -> xₜ₊₁) and as _/^ with the group otherwise (W_{hh} -> W_hh).
 * Unknown commands stay as written. */
void vg_render_math(const char *tex, size_t len, vg_buf *out);

/* One styled run of a line: sanitized UTF-8 ready to print. */
typedef struct vg_run {
    const char *text;
    size_t len;
    unsigned style; /* enum vg_style flags (MATH marks text that came from math) */
} vg_run;

typedef struct vg_line {
    const vg_run *runs;
    size_t nruns;
    size_t width; /* display columns of all runs together */
} vg_line;

/* Lines produced by the renderer; owns their memory. */
typedef struct vg_lines {
    vg_line *lines;
    size_t nlines;
    struct vg_lines_mem *mem; /* private */
} vg_lines;

void vg_lines_init(vg_lines *l);
void vg_lines_release(vg_lines *l);

/* Appends the lines of text wrapped to `width` columns (at least 1; words longer than the
 * width are broken). Bullets get a marker ("•", "◦", "▪" by depth, or "N.") and a hanging
 * indent of two columns per level; paragraphs of a list item keep the item's indent;
 * blocks are not separated by blank lines; code blocks keep their lines and are not
 * reflowed (long lines are cut into pieces of `width`). Math spans become Unicode. */
vg_status vg_render_rich(const vg_rich *text, size_t width, vg_lines *out);

/* Appends one line of plain text (no wrapping, no styling), for table cells and headers:
 * the blocks joined by " ", math as Unicode, sanitized. */
void vg_render_inline(const vg_rich *text, vg_buf *out);

/* Appends the lines as plain text, each ending in '\n' (styles dropped). */
void vg_lines_to_text(const vg_lines *l, vg_buf *out);

#endif
