/* Rendering for a terminal, without curses (DESIGN §3): inline LaTeX to Unicode, removal
 * of control characters and escape sequences, and wrapping by display width into styled
 * lines that src/ui paints and the plain commands print. */
#ifndef VGREV_RENDER_H
#define VGREV_RENDER_H

#include <stddef.h>

#include "vgrev/buf.h"
#include "vgrev/error.h"
#include "vgrev/text.h"

/* Appends to out the text of s[0..len), safe to print: nothing in it moves the cursor,
 * changes the terminal's state or reorders text.
 * - Escape sequences go whole: CSI (ESC [ ... final byte 0x40-0x7E), the control strings
 *   OSC, DCS, SOS, PM and APC (ESC ] P X ^ _ ... up to ST = ESC \ or U+009C, or BEL, CAN,
 *   SUB, or the end), ESC with intermediates and a final byte (ESC ( B), and ESC with the
 *   byte after it (ESC c). The 8-bit forms (U+009B CSI, U+009D OSC, U+0090 DCS, U+0098,
 *   U+009E, U+009F as UTF-8 characters) likewise. A lone ESC at the end goes.
 * - Other C0 controls, DEL and C1 controls (U+0080-U+009F) are dropped, except:
 * - TAB becomes a space; a line break (LF, CR, CR LF, VT, FF, U+0085, U+2028, U+2029)
 *   becomes one space, so the result is always a single line whose words stay apart
 *   (vg_render_rich splits spans at '\n' first, where '\n' is a hard break).
 * - Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) go.
 * - Each byte that is not part of valid UTF-8 becomes U+FFFD (so a raw 0x9B byte is
 *   U+FFFD, never a CSI).
 * Everything else is kept: combining marks, ZWJ, emoji, CJK, U+FFFD itself. */
void vg_render_sanitize(const char *s, size_t len, vg_buf *out);

/* Appends the Unicode reading of the LaTeX tex[0..len) (without the dollars), sanitized
 * and without spaces at either end. The source's spacing is kept (runs folded to one).
 * - \frac{a}{b} is a/b; the numerator gets parentheses when it has several terms (a space
 *   or an operator outside brackets: \frac{a+b}{c} is (a+b)/c), the denominator unless it
 *   is one "atom": a number, a letter or name, or a bracketed group, possibly after ∂ ∇ √
 *   and followed by marks, scripts, primes and an argument list (∂L/∂W_hh, 1/(2π)).
 *   \sqrt{x} is √x, √(x+1); \sqrt[3]{x} ∛x, \sqrt[n]{x} ⁿ√x. \binom{n}{k} is C(n,k).
 * - Sub/superscripts: Unicode forms when every character of the group has one, except a
 *   group of two or more letters and nothing but primes (a name: hh, xh, max), and when a
 *   base has both, both are Unicode or neither is: x_{t+1} xₜ₊₁, e^{-x} e⁻ˣ, h_{t'} hₜ′,
 *   \prod_{k=t+1}^{T} ∏ₖ₌ₜ₊₁ᵀ, W_{hh} W_hh, \prod_{t'=t-T+1}^{t-1} ∏_(t′=t-T+1)^(t-1).
 *   Otherwise `_`/`^` and the group, in parentheses unless it is an atom. Source spaces
 *   inside scripts are ignored. ^\top is ᵀ, ^\circ °, ' ′, '' ″.
 * - Symbols: Greek letters (ε and φ for both TeX forms), operators and relations (· × ≤
 *   ≥ ≠ ≈ → ∈ ≪ ± ∼ ∝ ⊙ ⊗ ...), ∂ ∇ ∑ ∏ ∫ ∞ … ‖. Spacing: after a binary operator or
 *   relation as before it (a \cdot b "a · b", a\cdot b "a·b"); ∂ ∇ and opening delimiters
 *   bind to what follows (\partial L ∂L); spaces before a closing delimiter go; after a
 *   letter-like symbol, the space that only ended the command goes before a letter or
 *   digit (\alpha x αx) and stays otherwise (\alpha = 1).
 * - Function names (\tanh \log \max ..., \operatorname{diag}) are words, followed by
 *   one space before an unbracketed argument (\log x) and none before ( or scripts.
 * - \mathrm \mathbf \boldsymbol \mathcal ... give their content; \text{..} its text as
 *   written; \mathbb{R} ℝ (double-struck letters); \hat \tilde \bar \vec \dot ... put a
 *   combining mark after each character; \left \right \big... and styles are dropped;
 *   \, \; \: \  ~ & are a space, \quad two, \qquad four; \! nothing; braces group and
 *   are dropped.
 * - Unknown commands stay as written, with the braces of arguments directly after them
 *   (\foo{x} stays \foo{x}). Unbalanced braces and a trailing backslash are shown as
 *   written; nesting deeper than 48 is copied as written. */
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

/* Lines produced by the renderer. vg_lines_init() makes an empty list, vg_render_rich()
 * appends to it, vg_lines_release() frees every line, run and text (pointers into them
 * live until then). */
typedef struct vg_lines {
    vg_line *lines;
    size_t nlines;
    struct vg_lines_mem *mem; /* private */
} vg_lines;

void vg_lines_init(vg_lines *l);
void vg_lines_release(vg_lines *l);

/* Appends the lines of text wrapped to `width` columns (0 counts as 1) by display width
 * (vg_char_width). Words (runs of non-spaces, across styles) fill lines greedily; a word
 * longer than the line is broken between characters (zero-width characters stay with
 * theirs), as is a word with East Asian wide characters that would not fit the rest of a
 * line; a character wider than a whole line goes alone on one. Spaces in prose fold into
 * one; those in inline code are kept; no line starts or ends with a space from the text.
 * Bullets get a marker ("•", "◦", "▪" by depth, cycling, or "N." when ordered) and a
 * hanging indent of two columns per level (depth 1: "• " then text at column 2; ordered:
 * text after "N. ", so "10. " takes four); a
 * paragraph at depth d is indented 2*d. Indents never take more than half the width; a
 * marker that no longer fits before the text starts the text instead. Markers and indents
 * are VG_STYLE_PLAIN runs. A '\n' in a span is a hard break and display math goes on
 * lines of its own; blocks are not separated by blank lines. Code blocks keep their lines
 * (tabs to stops of 4), are not reflowed, and long lines are cut into pieces of the width.
 * Math spans become Unicode (vg_render_math) and keep their span's style. Returns VG_NOMEM
 * when memory ran out (the lines made so far stay in out). */
vg_status vg_render_rich(const vg_rich *text, size_t width, vg_lines *out);

/* Appends one line of plain text (no wrapping, no styling), for table cells and headers:
 * the blocks joined by " ", math as Unicode, sanitized, spaces folded and trimmed. */
void vg_render_inline(const vg_rich *text, vg_buf *out);

/* Appends the lines as plain text, each ending in '\n' (styles dropped). */
void vg_lines_to_text(const vg_lines *l, vg_buf *out);

/* ---- titles (src/core/render/title.c) ---- */

/* Appends a title of the deck (a section's, a subsection's, the deck's: plain text with math as
 * written) as one line: its math as Unicode (vg_heading_add_title() says what is math),
 * sanitized. When memory runs out, the title as written, sanitized. */
void vg_render_title(const char *title, vg_buf *out);

#endif
