/* How the pieces the LaTeX reader (render/math.c) rendered are laid out: which text is an
 * atom (x, 2.5, f(x)) and which needs parentheses, and subscripts and superscripts as Unicode
 * forms or as _ and ^. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "render/render_int.h"

/* ---- classes of characters in rendered text ------------------------------------------ */

bool vg_math_is_prime(uint32_t cp)
{
    return cp == 0x2032 || cp == 0x2033 || cp == 0x2034;
}

static bool S_is_letter(uint32_t cp)
{
    return (cp < 0x80 && vg_math_is_alpha((char)cp)) || (cp >= 0x0391 && cp <= 0x03C9) ||
           (cp >= 0x03D0 && cp <= 0x03F5) || (cp >= 0x2100 && cp <= 0x214F) ||
           (cp >= 0x1D400 && cp <= 0x1D7FF);
}

static bool S_is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}

/* Characters that join terms: where a fraction's part needs parentheses. */
static bool S_is_operator(uint32_t cp)
{
    static const uint32_t ops[] = {
        '+',    '-',    '=',    '<',    '>',    '/',    ',',    ';',    ':',    '*',
        0x00B7, 0x00D7, 0x00F7, 0x00B1, 0x2213, 0x2212, 0x2264, 0x2265, 0x2260, 0x2248,
        0x223C, 0x2243, 0x2245, 0x2261, 0x221D, 0x226A, 0x226B, 0x2208, 0x2209, 0x220B,
        0x2282, 0x2286, 0x2283, 0x2287, 0x2192, 0x2190, 0x21D2, 0x21D0, 0x2194, 0x21D4,
        0x21A6, 0x2218, 0x2299, 0x2297, 0x2295, 0x2296, 0x222A, 0x2229, 0x2227, 0x2228,
        0x2217, 0x22C6, 0x2216, 0x2254, 0x225C, 0x2250, 0x2223, 0x2225, 0x22A5,
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (ops[i] == cp)
            return true;
    return false;
}

/* t[i] opens a bracket: returns the index just past its match, or 0 when unmatched. */
static size_t S_match(const char *t, size_t n, size_t i)
{
    uint32_t open, close, cp;
    size_t k = vg_math_peek(t, n, i, &open);
    switch (open) {
    case '(':
        close = ')';
        break;
    case '[':
        close = ']';
        break;
    case '{':
        close = '}';
        break;
    case 0x27E8:
        close = 0x27E9;
        break;
    case '|':
    case 0x2016:
        close = open;
        break;
    default:
        return 0;
    }
    size_t depth = 1;
    for (i += k; i < n; i += k) {
        k = vg_math_peek(t, n, i, &cp);
        if (cp == close && --depth == 0)
            return i + k;
        if (cp == open && open != close)
            depth++;
    }
    return 0;
}

/* One "thing" to a reader, that needs no parentheses around it: a number, a letter or a
 * run of letters (a name), or a bracketed group; optionally after ∂, ∇ or √ and followed by
 * marks, sub/superscripts, primes, `_`/`^` with a name or a group, and an argument list:
 * 2, x, dx, ∂W_hh, hₜ₋₁, ∂²L, (a+b), f′(x). */
bool vg_math_is_atom(const char *t, size_t n)
{
    uint32_t cp;
    size_t i = 0, k;
    if (n == 0)
        return true;
    if (S_match(t, n, 0) == n)
        return true;
    while (i < n) {
        k = vg_math_peek(t, n, i, &cp);
        if (cp != 0x2202 && cp != 0x2207 && cp != 0x221A)
            break;
        for (i += k; i < n; i += k) {
            k = vg_math_peek(t, n, i, &cp);
            if (!vg_math_is_script_char(cp))
                break;
        }
    }
    if (i >= n)
        return true;
    k = vg_math_peek(t, n, i, &cp);
    if (S_is_digit(cp)) {
        while (i < n && (S_is_digit((unsigned char)t[i]) || t[i] == '.'))
            i++;
    } else if (S_is_letter(cp)) {
        for (; i < n; i += k) {
            k = vg_math_peek(t, n, i, &cp);
            if (!S_is_letter(cp))
                break;
        }
    } else if (S_match(t, n, i)) {
        i = S_match(t, n, i);
    } else if (cp == ' ' || S_is_operator(cp) || cp == ')' || cp == ']') {
        return false;
    } else {
        i += k;
    }
    while (i < n) {
        k = vg_math_peek(t, n, i, &cp);
        if (vg_char_width(cp) == 0 || vg_math_is_script_char(cp) || vg_math_is_prime(cp)) {
            i += k;
        } else if ((cp == '_' || cp == '^') && i + 1 < n) {
            size_t j = i + 1;
            if (t[j] == '(' && S_match(t, n, j)) {
                i = S_match(t, n, j);
                continue;
            }
            for (; j < n; j += k) {
                k = vg_math_peek(t, n, j, &cp);
                if (!S_is_letter(cp) && !S_is_digit(cp) && !vg_math_is_prime(cp) &&
                    !vg_math_is_script_char(cp))
                    break;
            }
            if (j == i + 1)
                return false;
            i = j;
        } else if (cp == '(' && S_match(t, n, i)) {
            i = S_match(t, n, i);
        } else {
            return false;
        }
    }
    return true;
}

/* A space or an operator outside brackets (a leading sign does not count). */
bool vg_math_has_terms(const char *t, size_t n)
{
    size_t i = (n > 0 && (t[0] == '-' || t[0] == '+')) ? 1 : 0, k;
    size_t depth = 0;
    uint32_t cp;
    for (; i < n; i += k) {
        k = vg_math_peek(t, n, i, &cp);
        if (cp == '(' || cp == '[' || cp == '{' || cp == 0x27E8)
            depth++;
        else if ((cp == ')' || cp == ']' || cp == '}' || cp == 0x27E9) && depth > 0)
            depth--;
        else if (depth == 0 && (cp == ' ' || S_is_operator(cp)))
            return true;
    }
    return false;
}

/* Writes t, in parentheses unless it is an atom. */
void vg_math_add_group(vg_buf *out, const char *t, size_t n, bool parens)
{
    if (parens)
        vg_buf_addc(out, '(');
    vg_buf_add(out, t, n);
    if (parens)
        vg_buf_addc(out, ')');
}

/* ---- sub- and superscripts ----------------------------------------------------------- */

/* Unicode forms are used when every character has one, except for a name: two or more
 * letters and nothing else but primes (W_hh, not Wₕₕ). */
bool vg_math_script_unicode(const char *t, size_t n, bool sup)
{
    size_t letters = 0, k;
    bool other = false;
    uint32_t cp;
    for (size_t i = 0; i < n; i += k) {
        k = vg_math_peek(t, n, i, &cp);
        if (!vg_math_script_of(cp, sup))
            return false;
        if (S_is_letter(cp))
            letters++;
        else if (!vg_math_is_prime(cp))
            other = true;
    }
    return other || letters < 2;
}

void vg_math_script_emit(vg_buf *out, const char *t, size_t n, bool sup, bool unicode)
{
    if (n == 0)
        return;
    if (!unicode) {
        vg_buf_addc(out, sup ? '^' : '_');
        vg_math_add_group(out, t, n, !vg_math_is_atom(t, n));
        return;
    }
    size_t k;
    uint32_t cp;
    for (size_t i = 0; i < n; i += k) {
        k = vg_math_peek(t, n, i, &cp);
        vg_math_addcp(out, vg_math_script_of(cp, sup));
    }
}
