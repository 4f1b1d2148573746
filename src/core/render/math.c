/* Inline LaTeX to readable Unicode (DESIGN §3). The rules are documented with
 * vg_render_math() in include/vgrev/render.h.
 *
 * A small recursive-descent reader over the TeX source: a sequence is tokens (characters,
 * control words and symbols, brace groups), each optionally followed by a subscript and a
 * superscript. Arguments and scripts are rendered into their own buffers first, because
 * how they are written (parentheses, Unicode sub/superscripts or `_`/`^`) depends on what
 * they became. Nesting deeper than S_MAX_DEPTH is copied as written, so no input can
 * exhaust the stack; the result is sanitized at the end, so nothing in the source (or made
 * by joining its pieces) can reach the terminal as a control. The tables are in
 * render/math_table.c, the layout of rendered pieces and scripts in render/math_scripts.c. */
#include "vgrev/render.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "render/render_int.h"
#include "vgrev/utf8.h"

/* Deeper nesting is copied as written; a \sqrt index is looked for this far, so that
 * many unclosed "\sqrt[" stay linear. */
enum { S_MAX_DEPTH = 48, S_MAX_INDEX = 256 };

typedef struct S_math {
    const char *s;
    size_t len;
    size_t pos;
    unsigned depth; /* nesting of arguments being read */
    bool bind;      /* the last token binds to what follows, across its scripts (∂²L) */
} S_math;

static void S_seq(S_math *m, vg_buf *out, bool script, bool group);
static void S_arg(S_math *m, vg_buf *out, bool script);
static void S_token(S_math *m, vg_buf *out, bool script);

/* ---- small helpers ------------------------------------------------------------------- */

static bool S_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool S_is_alnum(char c)
{
    return vg_math_is_alpha(c) || (c >= '0' && c <= '9');
}

static void S_skip_ws(S_math *m)
{
    while (m->pos < m->len && S_is_space(m->s[m->pos]))
        m->pos++;
}

/* Makes out end in at least n spaces; nothing at its very start (trimmed anyway). */
static void S_space(vg_buf *out, size_t n)
{
    if (out->len == 0)
        return;
    size_t k = 0;
    while (k < n && k < out->len && out->data[out->len - 1 - k] == ' ')
        k++;
    for (; k < n; k++)
        vg_buf_addc(out, ' ');
}

static void S_trim_end(vg_buf *b)
{
    while (b->len > 0 && b->data[b->len - 1] == ' ')
        b->data[--b->len] = '\0';
}

/* The contents of b without spaces at either end. */
static const char *S_trimmed(const vg_buf *b, size_t *len)
{
    const char *s = vg_buf_str(b);
    size_t n = b->len;
    while (n > 0 && s[0] == ' ') {
        s++;
        n--;
    }
    while (n > 0 && s[n - 1] == ' ')
        n--;
    *len = n;
    return s;
}

/* ---- sub- and superscripts ----------------------------------------------------------- */

/* Reads the subscript and superscript (in either order) after a token, if any. Both are
 * written the same way, as Unicode only when both can be. */
static void S_scripts(S_math *m, vg_buf *out)
{
    vg_buf sub = VG_BUF_INIT, sup = VG_BUF_INIT;
    bool has_sub = false, has_sup = false;
    size_t after = m->pos;
    for (;;) {
        S_skip_ws(m);
        if (m->pos >= m->len)
            break;
        char c = m->s[m->pos];
        if (c == '_' && !has_sub) {
            m->pos++;
            S_arg(m, &sub, true);
            has_sub = true;
        } else if (c == '^' && !has_sup) {
            m->pos++;
            S_arg(m, &sup, true);
            has_sup = true;
        } else {
            break;
        }
        after = m->pos;
    }
    m->pos = after;
    if (has_sub || has_sup) {
        size_t nb, np;
        const char *b = S_trimmed(&sub, &nb), *p = S_trimmed(&sup, &np);
        bool unicode = vg_math_script_unicode(b, nb, false) && vg_math_script_unicode(p, np, true);
        vg_math_script_emit(out, b, nb, false, unicode);
        vg_math_script_emit(out, p, np, true, unicode);
    }
    vg_buf_release(&sub);
    vg_buf_release(&sup);
}

/* ---- commands ------------------------------------------------------------------------ */

/* After a function name: one space before an argument that is not bracketed. */
static void S_func_space(S_math *m, vg_buf *out, bool script)
{
    size_t save = m->pos;
    S_skip_ws(m);
    if (m->pos >= m->len || script)
        return;
    char c = m->s[m->pos];
    if (c == '(' || c == '[' || c == '_' || c == '^' || c == '\'')
        return;
    bool space = S_is_alnum(c) || c == '{';
    if (c == '\\' && m->pos + 1 < m->len && vg_math_is_alpha(m->s[m->pos + 1])) {
        size_t e = m->pos + 1;
        while (e < m->len && vg_math_is_alpha(m->s[e]))
            e++;
        const vg_math_cmd *cmd = vg_math_lookup(m->s + m->pos + 1, e - m->pos - 1);
        if (cmd && (cmd->kind == VG_MATH_LEFT || cmd->kind == VG_MATH_OPEN))
            return;
        space = !cmd || (cmd->kind != VG_MATH_BIN && cmd->kind != VG_MATH_CLOSE &&
                         cmd->kind != VG_MATH_RIGHT && cmd->kind != VG_MATH_DROP &&
                         cmd->kind != VG_MATH_SPACE && cmd->kind != VG_MATH_PLAIN);
    }
    if (space)
        S_space(out, 1);
    else
        m->pos = save; /* spacing as written */
}

/* After a symbol: the spaces that only ended the control word go when a letter or digit
 * follows (\alpha x is αx); otherwise they stay (\alpha = 1). */
static void S_ws_before_alnum(S_math *m)
{
    size_t save = m->pos;
    S_skip_ws(m);
    if (m->pos >= m->len || !S_is_alnum(m->s[m->pos]))
        m->pos = save;
}

/* Copies an argument as written, without recursion: used past the nesting limit. */
static void S_raw_arg(S_math *m, vg_buf *out)
{
    if (m->s[m->pos] != '{') {
        uint32_t cp;
        size_t n = vg_utf8_decode(m->s + m->pos, m->len - m->pos, &cp);
        vg_buf_add(out, m->s + m->pos, n);
        m->pos += n;
        return;
    }
    size_t depth = 0, start = m->pos;
    while (m->pos < m->len) {
        char c = m->s[m->pos++];
        if (c == '\\' && m->pos < m->len)
            m->pos++;
        else if (c == '{')
            depth++;
        else if (c == '}' && --depth == 0)
            break;
    }
    vg_buf_add(out, m->s + start, m->pos - start);
}

/* \text{...}: its characters as written, braces and the dollars of nested math dropped,
 * escaped specials unescaped, spaces folded. */
static void S_text_arg(S_math *m, vg_buf *out)
{
    S_skip_ws(m);
    if (m->pos >= m->len)
        return;
    if (m->s[m->pos] != '{') {
        S_arg(m, out, false);
        return;
    }
    m->pos++;
    size_t depth = 1;
    while (m->pos < m->len) {
        char c = m->s[m->pos];
        if (c == '{') {
            depth++;
            m->pos++;
        } else if (c == '}') {
            m->pos++;
            if (--depth == 0)
                return;
        } else if (c == '\\' && m->pos + 1 < m->len) {
            char d = m->s[m->pos + 1];
            if (d != '\0' && strchr("{}%$&#_", d)) {
                vg_buf_addc(out, d);
                m->pos += 2;
            } else if (S_is_space(d)) {
                S_space(out, 1);
                m->pos += 2;
            } else {
                vg_buf_addc(out, c);
                m->pos++;
                while (m->pos < m->len && vg_math_is_alpha(m->s[m->pos]))
                    vg_buf_addc(out, m->s[m->pos++]);
            }
        } else if (c == '$') {
            m->pos++;
        } else if (S_is_space(c)) {
            S_skip_ws(m);
            S_space(out, 1);
        } else {
            vg_buf_addc(out, c);
            m->pos++;
        }
    }
}

/* Renders s[start..end) as a sequence of its own (the index of \sqrt[n]). */
static void S_slice(const S_math *m, size_t start, size_t end, vg_buf *out, bool script)
{
    S_math sub = {m->s, end, start, m->depth + 1, false};
    if (sub.depth >= S_MAX_DEPTH)
        vg_buf_add(out, m->s + start, end - start);
    else
        S_seq(&sub, out, script, false);
}

static void S_frac(S_math *m, vg_buf *out, bool script)
{
    vg_buf a = VG_BUF_INIT, b = VG_BUF_INIT;
    S_arg(m, &a, script);
    S_arg(m, &b, script);
    size_t na, nb;
    const char *ta = S_trimmed(&a, &na), *tb = S_trimmed(&b, &nb);
    vg_math_add_group(out, ta, na, !vg_math_is_atom(ta, na) && vg_math_has_terms(ta, na));
    vg_buf_addc(out, '/');
    vg_math_add_group(out, tb, nb, !vg_math_is_atom(tb, nb));
    vg_buf_release(&a);
    vg_buf_release(&b);
}

static void S_sqrt(S_math *m, vg_buf *out, bool script)
{
    vg_buf idx = VG_BUF_INIT, arg = VG_BUF_INIT;
    size_t save = m->pos;
    S_skip_ws(m);
    if (m->pos < m->len && m->s[m->pos] == '[') {
        size_t end = m->pos + 1, braces = 0;
        size_t limit = m->len - m->pos > S_MAX_INDEX ? m->pos + S_MAX_INDEX : m->len;
        while (end < limit && (m->s[end] != ']' || braces > 0)) {
            if (m->s[end] == '{')
                braces++;
            else if (m->s[end] == '}' && braces > 0)
                braces--;
            end++;
        }
        if (end < limit) {
            S_slice(m, m->pos + 1, end, &idx, true);
            m->pos = end + 1;
        } else {
            m->pos = save;
        }
    } else {
        m->pos = save;
    }
    S_arg(m, &arg, script);
    size_t ni, na;
    const char *ti = S_trimmed(&idx, &ni), *ta = S_trimmed(&arg, &na);
    if (ni == 1 && ti[0] == '3') {
        vg_buf_adds(out, "∛");
    } else if (ni == 1 && ti[0] == '4') {
        vg_buf_adds(out, "∜");
    } else {
        if (ni > 0 && vg_math_script_unicode(ti, ni, true))
            vg_math_script_emit(out, ti, ni, true, true);
        else if (ni > 0)
            vg_math_add_group(out, ti, ni, true);
        vg_buf_adds(out, "√");
    }
    vg_math_add_group(out, ta, na, !vg_math_is_atom(ta, na));
    vg_buf_release(&idx);
    vg_buf_release(&arg);
}

/* Puts the combining mark after every letter, digit or symbol of src. */
static void S_accent(const vg_buf *src, const char *mark, vg_buf *out)
{
    size_t n = src->len, k;
    const char *t = vg_buf_str(src);
    uint32_t cp;
    for (size_t i = 0; i < n; i += k) {
        k = vg_math_peek(t, n, i, &cp);
        vg_buf_add(out, t + i, k);
        if (cp == ' ' || cp == '(' || cp == ')' || vg_math_is_prime(cp) ||
            vg_math_is_script_char(cp) || vg_char_width(cp) < 1)
            continue;
        vg_buf_adds(out, mark);
    }
}

/* Double-struck letters and digits (the BMP ones where Unicode has them there). */
static void S_blackboard(const vg_buf *src, vg_buf *out)
{
    static const struct {
        char c;
        uint32_t cp;
    } bmp[] = {{'C', 0x2102}, {'H', 0x210D}, {'N', 0x2115}, {'P', 0x2119},
               {'Q', 0x211A}, {'R', 0x211D}, {'Z', 0x2124}};
    const char *t = vg_buf_str(src);
    for (size_t i = 0; i < src->len; i++) {
        char c = t[i];
        uint32_t cp = 0;
        for (size_t j = 0; j < sizeof bmp / sizeof bmp[0]; j++)
            if (bmp[j].c == c)
                cp = bmp[j].cp;
        if (!cp && c >= 'A' && c <= 'Z')
            cp = 0x1D538 + (uint32_t)(c - 'A');
        else if (!cp && c >= 'a' && c <= 'z')
            cp = 0x1D552 + (uint32_t)(c - 'a');
        else if (!cp && c >= '0' && c <= '9')
            cp = 0x1D7D8 + (uint32_t)(c - '0');
        if (cp)
            vg_math_addcp(out, cp);
        else
            vg_buf_addc(out, c);
    }
}

/* The delimiter after \left, \right or \middle ('.' is none). */
static void S_delim(S_math *m, vg_buf *out, bool script)
{
    S_skip_ws(m);
    if (m->pos < m->len && m->s[m->pos] == '.')
        m->pos++;
    else
        S_arg(m, out, script);
}

static void S_control_symbol(S_math *m, vg_buf *out)
{
    char c = m->s[m->pos];
    if ((unsigned char)c >= 0x80) {
        vg_buf_addc(out, '\\'); /* the character itself is copied next */
        return;
    }
    m->pos++;
    if (c == ',' || c == ':' || c == ';' || c == '>' || c == '\\' || S_is_space(c))
        S_space(out, 1);
    else if (c == '|')
        vg_buf_adds(out, "‖");
    else if (c == '!')
        return; /* a negative thin space */
    else if (c != '\0' && strchr("{}%$#&_", c)) {
        vg_buf_addc(out, c);
    } else {
        vg_buf_addc(out, '\\');
        vg_buf_addc(out, c);
    }
}

static void S_command(S_math *m, vg_buf *out, bool script)
{
    m->pos++; /* the backslash */
    if (m->pos >= m->len) {
        vg_buf_addc(out, '\\');
        return;
    }
    if (!vg_math_is_alpha(m->s[m->pos])) {
        S_control_symbol(m, out);
        return;
    }
    size_t start = m->pos;
    while (m->pos < m->len && vg_math_is_alpha(m->s[m->pos]))
        m->pos++;
    const vg_math_cmd *cmd = vg_math_lookup(m->s + start, m->pos - start);
    if (!cmd) {
        /* Unknown: as written, with the braces of arguments that follow it directly. */
        vg_buf_addc(out, '\\');
        vg_buf_add(out, m->s + start, m->pos - start);
        while (m->pos < m->len && m->s[m->pos] == '{') {
            vg_buf_addc(out, '{');
            S_arg(m, out, script);
            vg_buf_addc(out, '}');
        }
        return;
    }
    vg_buf tmp = VG_BUF_INIT;
    switch (cmd->kind) {
    case VG_MATH_ORD:
        vg_buf_adds(out, cmd->text);
        S_ws_before_alnum(m);
        break;
    case VG_MATH_PLAIN:
        vg_buf_adds(out, cmd->text);
        break;
    case VG_MATH_PREFIX:
    case VG_MATH_OPEN:
        vg_buf_adds(out, cmd->text);
        S_skip_ws(m);
        m->bind = true;
        break;
    case VG_MATH_CLOSE:
        S_trim_end(out);
        vg_buf_adds(out, cmd->text);
        break;
    case VG_MATH_BIN:
        if (out->len == 0 || out->data[out->len - 1] != ' ')
            S_skip_ws(m);
        vg_buf_adds(out, cmd->text);
        break;
    case VG_MATH_FUNC:
        vg_buf_adds(out, cmd->text);
        S_func_space(m, out, script);
        break;
    case VG_MATH_SPACE:
        S_space(out, strlen(cmd->text));
        break;
    case VG_MATH_DROP:
        S_skip_ws(m);
        break;
    case VG_MATH_FONT:
        S_arg(m, out, script);
        break;
    case VG_MATH_TEXT:
        S_text_arg(m, out);
        break;
    case VG_MATH_BB:
        S_arg(m, &tmp, script);
        S_blackboard(&tmp, out);
        break;
    case VG_MATH_OPNAME:
        if (m->pos < m->len && m->s[m->pos] == '*')
            m->pos++;
        S_arg(m, out, script);
        S_func_space(m, out, script);
        break;
    case VG_MATH_FRAC:
        S_frac(m, out, script);
        break;
    case VG_MATH_SQRT:
        S_sqrt(m, out, script);
        break;
    case VG_MATH_ACCENT:
        S_arg(m, &tmp, script);
        S_accent(&tmp, cmd->text, out);
        break;
    case VG_MATH_LEFT:
        S_delim(m, out, script);
        S_skip_ws(m);
        break;
    case VG_MATH_RIGHT:
        S_trim_end(out);
        S_delim(m, out, script);
        break;
    case VG_MATH_MIDDLE:
        S_delim(m, out, script);
        break;
    case VG_MATH_TOP:
        vg_buf_adds(out, script ? "T" : "ᵀ");
        break;
    case VG_MATH_PMOD:
        S_space(out, 1);
        vg_buf_adds(out, "(mod ");
        S_arg(m, out, script);
        vg_buf_addc(out, ')');
        break;
    case VG_MATH_BINOM:
        vg_buf_adds(out, "C(");
        S_arg(m, out, script);
        vg_buf_addc(out, ',');
        S_arg(m, out, script);
        vg_buf_addc(out, ')');
        break;
    case VG_MATH_SWALLOW:
        S_arg(m, &tmp, script);
        break;
    case VG_MATH_TEXTCOLOR:
        S_arg(m, &tmp, script);
        S_arg(m, out, script);
        break;
    }
    vg_buf_release(&tmp);
}

/* ---- the reader ---------------------------------------------------------------------- */

static void S_token(S_math *m, vg_buf *out, bool script)
{
    char c = m->s[m->pos];
    if (c == '\\') {
        S_command(m, out, script);
    } else if (c == '\'') {
        size_t n = 0;
        while (m->pos < m->len && m->s[m->pos] == '\'') {
            m->pos++;
            n++;
        }
        if (n == 2)
            vg_buf_adds(out, "″");
        else if (n == 3)
            vg_buf_adds(out, "‴");
        else
            while (n--)
                vg_buf_adds(out, "′");
    } else if (c == '~' || c == '&') {
        m->pos++;
        S_space(out, 1);
    } else if (c == '{') {
        S_arg(m, out, script);
    } else if (c == '}') {
        return; /* an argument that is missing: the enclosing group ends here */
    } else {
        uint32_t cp;
        size_t n = vg_utf8_decode(m->s + m->pos, m->len - m->pos, &cp);
        vg_buf_add(out, m->s + m->pos, n);
        m->pos += n;
    }
}

/* One argument: a brace group or a single token; copied as written past the depth limit. */
static void S_arg(S_math *m, vg_buf *out, bool script)
{
    S_skip_ws(m);
    if (m->pos >= m->len)
        return;
    if (m->depth >= S_MAX_DEPTH) {
        S_raw_arg(m, out);
        return;
    }
    m->depth++;
    if (m->s[m->pos] == '{') {
        m->pos++;
        S_seq(m, out, script, true);
    } else {
        S_token(m, out, script);
    }
    m->depth--;
}

/* Tokens with their scripts up to the end, or to the '}' that closes the group. In a
 * script, spaces in the source are ignored, as TeX does in math. */
static void S_seq(S_math *m, vg_buf *out, bool script, bool group)
{
    while (m->pos < m->len) {
        char c = m->s[m->pos];
        if (c == '}') {
            m->pos++;
            if (group)
                return;
            vg_buf_addc(out, '}'); /* unbalanced: shown as written */
            continue;
        }
        if (S_is_space(c)) {
            S_skip_ws(m);
            if (!script)
                S_space(out, 1);
            continue;
        }
        m->bind = false;
        if (c == '{')
            S_arg(m, out, script);
        else if (c != '_' && c != '^')
            S_token(m, out, script);
        bool bind = m->bind;
        S_scripts(m, out);
        if (bind)
            S_skip_ws(m);
    }
}

void vg_render_math(const char *tex, size_t len, vg_buf *out)
{
    S_math m = {tex, len, 0, 0, false};
    vg_buf tmp = VG_BUF_INIT;
    S_seq(&m, &tmp, false, false);
    size_t n;
    const char *t = S_trimmed(&tmp, &n);
    vg_render_sanitize(t, n, out);
    if (tmp.failed)
        out->failed = true;
    vg_buf_release(&tmp);
}
