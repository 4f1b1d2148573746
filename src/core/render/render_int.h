/* Private to render/math*.c: the pieces of the LaTeX reader.
 *
 *   render/math.c         the reader: tokens, control words and symbols, arguments, scripts
 *   render/math_table.c   the tables: control words by kind, Unicode script forms
 *   render/math_scripts.c the layout of what was rendered: atoms, parentheses, scripts */
#ifndef VG_RENDER_INT_H
#define VG_RENDER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vgrev/buf.h"
#include "vgrev/utf8.h"

typedef enum vg_math_kind {
    VG_MATH_ORD,       /* a symbol; spaces after it go when a letter or digit follows */
    VG_MATH_PLAIN,     /* a symbol; spaces around it kept as written */
    VG_MATH_PREFIX,    /* binds to what follows (∂L): spaces after it go */
    VG_MATH_BIN,       /* binary operator or relation: spaced on the right as on the left */
    VG_MATH_FUNC,      /* function name (tanh): a space before a following argument */
    VG_MATH_OPEN,      /* opening delimiter: spaces after it go */
    VG_MATH_CLOSE,     /* closing delimiter: spaces before it go */
    VG_MATH_SPACE,     /* explicit space: text holds the spaces */
    VG_MATH_DROP,      /* sizing and style commands: nothing */
    VG_MATH_FONT,      /* \mathrm{..}: its argument */
    VG_MATH_TEXT,      /* \text{..}: its argument as text, not math */
    VG_MATH_BB,        /* \mathbb{..}: double-struck letters */
    VG_MATH_OPNAME,    /* \operatorname{..}: its argument as a function name */
    VG_MATH_FRAC,      /* \frac{a}{b}: a/b */
    VG_MATH_SQRT,      /* \sqrt[n]{x} */
    VG_MATH_ACCENT,    /* \hat{x}: text holds the combining mark */
    VG_MATH_LEFT,      /* \left( */
    VG_MATH_RIGHT,     /* \right) */
    VG_MATH_MIDDLE,    /* \middle| */
    VG_MATH_TOP,       /* \top: ᵀ */
    VG_MATH_PMOD,      /* \pmod{n}: (mod n) */
    VG_MATH_BINOM,     /* \binom{n}{k}: C(n,k) */
    VG_MATH_SWALLOW,   /* \phantom{..}, \color{..}: the argument is dropped */
    VG_MATH_TEXTCOLOR, /* \textcolor{c}{x}: x */
} vg_math_kind;

typedef struct vg_math_cmd {
    const char *name;
    vg_math_kind kind;
    const char *text;
} vg_math_cmd;

/* ---- the tables (render/math_table.c) ---- */

/* The control word name[0..len) (without its backslash), or NULL when it is not known. */
const vg_math_cmd *vg_math_lookup(const char *name, size_t len);
/* The Unicode subscript (sup: superscript) form of cp, or 0 when it has none. */
uint32_t vg_math_script_of(uint32_t cp, bool sup);
/* True for the sub- and superscript characters that vg_math_script_of() produces. */
bool vg_math_is_script_char(uint32_t cp);

/* ---- the layout (render/math_scripts.c) ---- */

bool vg_math_is_prime(uint32_t cp);
/* Is rendered t[0..n) one piece (a name, a number, a group in brackets) that needs no
 * parentheses as an argument or script? */
bool vg_math_is_atom(const char *t, size_t n);
/* Does rendered t[0..n) hold an operator between terms (a+b), so that it needs parentheses? */
bool vg_math_has_terms(const char *t, size_t n);
/* Writes t, in parentheses when parens. */
void vg_math_add_group(vg_buf *out, const char *t, size_t n, bool parens);
/* Can t[0..n) be written in Unicode script forms (sup: superscript)? */
bool vg_math_script_unicode(const char *t, size_t n, bool sup);
/* Writes a subscript (sup: superscript) t[0..n): Unicode forms, or '_' / '^' and a group. */
void vg_math_script_emit(vg_buf *out, const char *t, size_t n, bool sup, bool unicode);

/* ---- small helpers ---- */

static inline bool vg_math_is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline void vg_math_addcp(vg_buf *b, uint32_t cp)
{
    char u[4];
    vg_buf_add(b, u, vg_utf8_encode(cp, u));
}

/* Decodes the character at t[i] (i < n). */
static inline size_t vg_math_peek(const char *t, size_t n, size_t i, uint32_t *cp)
{
    return vg_utf8_decode(t + i, n - i, cp);
}

#endif
