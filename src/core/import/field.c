/* One field of a row -> rich text (vg_ir).
 *
 * Plain fields (csv, tsv, Anki with '#html:false'): a line break is a line break, a blank line
 * ends a paragraph. HTML fields (Anki): read as a browser shows them, so line breaks in the
 * source are spaces and <br>, <div>, <p>, lists make the lines; <b> <i> <u> <code> <sub> <sup>
 * and entities are understood; tags that mean nothing to a deck (<span>, <font>, <a>) are
 * dropped with their text kept; images, sounds and other media are dropped and counted.
 * Math: \(..\) and \[..\] (MathJax, as Anki writes it) always; Anki's [$]..[/$], [$$]..[/$$]
 * and <anki-mathjax>; $..$ and $$..$$ in csv and tsv, by the rules the deck parser uses (so
 * "$5 and $10" stays two prices). Anki's cloze deletions {{c1::text::hint}} stay as they are
 * (the deck reads them: docs/deck-format.md). The HTML is
 * read with import/html.c; the rich text is built with import/rich_text.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import_int.h"
#include "vgrev/utf8.h"

/* ---- sub- and superscripts ---- */

/* Unicode forms of the characters that have one (digits, signs, brackets, some letters). */
static const char *S_script_char(char c, bool sup)
{
    static const char *const sup_digits[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    static const char *const sub_digits[] = {"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};
    static const char *const sup_letters[26] = {"ᵃ", "ᵇ", "ᶜ", "ᵈ", "ᵉ", "ᶠ", "ᵍ", "ʰ",  "ⁱ",
                                                "ʲ", "ᵏ", "ˡ", "ᵐ", "ⁿ", "ᵒ", "ᵖ", NULL, "ʳ",
                                                "ˢ", "ᵗ", "ᵘ", "ᵛ", "ʷ", "ˣ", "ʸ", "ᶻ"};
    static const char *const sub_letters[26] = {"ₐ", NULL, NULL, NULL, "ₑ",  NULL, NULL, "ₕ",  "ᵢ",
                                                "ⱼ", "ₖ",  "ₗ",  "ₘ",  "ₙ",  "ₒ",  "ₚ",  NULL, "ᵣ",
                                                "ₛ", "ₜ",  "ᵤ",  "ᵥ",  NULL, "ₓ",  NULL, NULL};
    if (c >= '0' && c <= '9')
        return sup ? sup_digits[c - '0'] : sub_digits[c - '0'];
    if (c >= 'a' && c <= 'z')
        return sup ? sup_letters[c - 'a'] : sub_letters[c - 'a'];
    switch (c) {
    case '+':
        return sup ? "⁺" : "₊";
    case '-':
        return sup ? "⁻" : "₋";
    case '=':
        return sup ? "⁼" : "₌";
    case '(':
        return sup ? "⁽" : "₍";
    case ')':
        return sup ? "⁾" : "₎";
    default:
        return NULL;
    }
}

/* H<sub>2</sub>O is H₂O; x<sup>n+1</sup> xⁿ⁺¹; what has no Unicode form is _(...) or ^(...). */
static void S_script(const char *s, size_t len, bool sup, vg_buf *out)
{
    bool all = len > 0;
    for (size_t i = 0; i < len && all; i++)
        all = S_script_char(s[i], sup) != NULL;
    if (all) {
        for (size_t i = 0; i < len; i++)
            vg_buf_adds(out, S_script_char(s[i], sup));
        return;
    }
    bool atom = len > 0;
    for (size_t i = 0; i < len && atom; i++)
        atom = vg_import_is_alnum(s[i]) || (unsigned char)s[i] >= 0x80;
    vg_buf_addc(out, sup ? '^' : '_');
    if (!atom)
        vg_buf_addc(out, '(');
    vg_buf_add(out, s, len);
    if (!atom)
        vg_buf_addc(out, ')');
}

/* ---- the converter ---- */

enum { S_MAX_LISTS = 8 };

typedef struct S_conv {
    const char *s;
    size_t n, i;
    const vg_field_opts *o;
    vg_ir *ir;
    vg_field_report *rep;
    vg_buf run; /* characters waiting to go in, in style run_style */
    unsigned run_style;
    unsigned bold, italic, code;
    struct {
        bool ordered;
        unsigned next;
    } lists[S_MAX_LISTS];
    unsigned nlists, deep_lists; /* deep_lists: opened beyond S_MAX_LISTS */
    bool cell;                   /* a table cell was seen in this row */
} S_conv;

static unsigned S_style(const S_conv *cv)
{
    if (cv->o->plain)
        return 0;
    unsigned st = 0;
    if (cv->bold)
        st |= VG_STYLE_BOLD;
    if (cv->italic)
        st |= VG_STYLE_ITALIC;
    if (cv->code)
        st |= VG_STYLE_CODE;
    return st;
}

static void S_flush(S_conv *cv)
{
    if (cv->run.len)
        vg_ir_text(cv->ir, cv->run.data, cv->run.len, cv->run_style);
    vg_buf_clear(&cv->run);
}

static void S_chars(S_conv *cv, const char *s, size_t len)
{
    unsigned st = S_style(cv);
    if (st != cv->run_style) {
        S_flush(cv);
        cv->run_style = st;
    }
    vg_buf_add(&cv->run, s, len);
}

/* Can tex be written between dollars and read back as the same formula? Not with a
 * backtick (a code span would win), a '$' that is not escaped, or an odd number of
 * backslashes at its end (the closing '$' would be escaped). */
static bool S_math_ok(const char *tex, size_t len)
{
    size_t slashes = 0;
    for (size_t i = 0; i < len; i++) {
        if (tex[i] == '`' || (tex[i] == '$' && slashes % 2 == 0))
            return false;
        slashes = tex[i] == '\\' ? slashes + 1 : 0;
    }
    return slashes % 2 == 0;
}

static void S_math(S_conv *cv, const char *tex, size_t len, bool display, const char *open,
                   const char *close)
{
    if (cv->o->plain || !S_math_ok(tex, len)) {
        S_chars(cv, open, strlen(open));
        S_chars(cv, tex, len);
        S_chars(cv, close, strlen(close));
        return;
    }
    S_flush(cv);
    vg_ir_math(cv->ir, tex, len,
               (S_style(cv) & ~(unsigned)VG_STYLE_CODE) | (display ? VG_STYLE_DISPLAY : 0));
}

/* Math whose LaTeX is s[a..b) of HTML: tags dropped, entities decoded. */
static void S_math_html(S_conv *cv, size_t a, size_t b, bool display, const char *open,
                        const char *close)
{
    vg_buf tex = VG_BUF_INIT;
    if (cv->o->html)
        vg_html_text(cv->s + a, b - a, false, &tex);
    else
        vg_buf_add(&tex, cv->s + a, b - a);
    /* One line: a formula is written inline. */
    for (size_t k = 0; k < tex.len; k++)
        if (tex.data[k] == '\n' || tex.data[k] == '\r' || tex.data[k] == '\t')
            tex.data[k] = ' ';
    S_math(cv, vg_buf_str(&tex), tex.len, display, open, close);
    if (tex.failed)
        cv->ir->failed = true;
    vg_buf_release(&tex);
}

/* The first `pat` in s[from..end), or SIZE_MAX. */
static size_t S_find(const char *s, size_t from, size_t end, const char *pat)
{
    size_t m = strlen(pat);
    for (size_t i = from; i + m <= end; i++)
        if (s[i] == pat[0] && memcmp(s + i, pat, m) == 0)
            return i;
    return SIZE_MAX;
}

static bool S_is_space_c(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* $...$ or $$...$$ at s[i] by the deck parser's rules (docs/deck-format.md); a formula stays
 * on its line. Returns true when it was math. */
static bool S_dollar(S_conv *cv)
{
    const char *s = cv->s;
    size_t i = cv->i, n = cv->n;
    size_t eol = i;
    while (eol < n && s[eol] != '\n' && s[eol] != '\r')
        eol++;
    if (i + 1 < n && s[i + 1] == '$') {
        for (size_t k = i + 2; k + 1 < eol && s[k] != '`'; k++) {
            if (s[k] == '\\') {
                k++;
            } else if (s[k] == '$' && s[k + 1] == '$') {
                size_t a = i + 2;
                while (a < k && S_is_space_c(s[a]))
                    a++;
                if (a == k)
                    return false;
                S_math(cv, s + i + 2, k - i - 2, true, "$$", "$$");
                cv->i = k + 2;
                return true;
            }
        }
        return false;
    }
    if (i + 1 >= eol)
        return false;
    /* Closed by the first '$' after it, not before a digit, padded as the opening one is. */
    bool padded = s[i + 1] == ' ' || s[i + 1] == '\t';
    size_t k = i + 1;
    while (k < eol && s[k] != '`' && s[k] != '$')
        k += s[k] == '\\' ? 2 : 1;
    if (k >= eol || s[k] != '$' || (k + 1 < n && s[k + 1] >= '0' && s[k + 1] <= '9') ||
        padded != S_is_space_c(s[k - 1]))
        return false;
    size_t a = i + 1, b = k;
    while (a < b && S_is_space_c(s[a]))
        a++;
    while (b > a && S_is_space_c(s[b - 1]))
        b--;
    if (a == b)
        return false;
    S_math(cv, s + a, b - a, false, "$", "$");
    cv->i = k + 1;
    return true;
}

/* \( \) and \[ \], Anki's [$] [/$], [$$] [/$$] and [latex] [/latex]. */
static bool S_delimited_math(S_conv *cv)
{
    static const struct {
        const char *open, *close;
        bool display;
    } kinds[] = {
        {"\\(", "\\)", false},  {"\\[", "\\]", true},          {"[$$]", "[/$$]", true},
        {"[$]", "[/$]", false}, {"[latex]", "[/latex]", true},
    };
    const char *s = cv->s;
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        size_t m = strlen(kinds[k].open);
        if (cv->n - cv->i < m || memcmp(s + cv->i, kinds[k].open, m) != 0)
            continue;
        size_t e = S_find(s, cv->i + m, cv->n, kinds[k].close);
        if (e == SIZE_MAX)
            return false;
        S_math_html(cv, cv->i + m, e, kinds[k].display, kinds[k].open, kinds[k].close);
        cv->i = e + strlen(kinds[k].close);
        return true;
    }
    return false;
}

/* Length of "{{c12::" at s[0..len), or 0; the number in *num. */
static size_t S_cloze_open(const char *s, size_t len, unsigned *num)
{
    if (len < 6 || s[0] != '{' || s[1] != '{' || (s[2] != 'c' && s[2] != 'C'))
        return 0;
    size_t i = 3;
    unsigned v = 0;
    while (i < len && i < 7 && s[i] >= '0' && s[i] <= '9')
        v = v * 10 + (unsigned)(s[i++] - '0');
    if (i == 3 || i + 2 > len || s[i] != ':' || s[i + 1] != ':')
        return 0;
    *num = v;
    return i + 2;
}

unsigned long long vg_field_clozes(const char *s, size_t len)
{
    unsigned long long nums = 0;
    unsigned num;
    for (size_t i = 0; i + 6 <= len; i++)
        if (s[i] == '{' && S_cloze_open(s + i, len - i, &num) && num >= 1 && num <= 64 &&
            S_find(s, i, len, "}}") != SIZE_MAX)
            nums |= 1ULL << (num - 1);
    return nums;
}

/* "[image: name]": media a terminal cannot show, named (vg_field_opts.media_text). */
static void S_media_text(S_conv *cv, const char *what, const char *name, size_t len)
{
    S_chars(cv, "[", 1);
    S_chars(cv, what, strlen(what));
    S_chars(cv, ": ", 2);
    S_chars(cv, name, len);
    S_chars(cv, "]", 1);
}

/* [sound:file.mp3]: Anki's audio, which a terminal cannot play. */
static bool S_sound(S_conv *cv)
{
    static const char open[] = "[sound:";
    size_t m = sizeof open - 1;
    if (cv->n - cv->i < m || memcmp(cv->s + cv->i, open, m) != 0)
        return false;
    size_t e = S_find(cv->s, cv->i + m, cv->n, "]");
    if (e == SIZE_MAX)
        return false;
    if (!cv->rep->sounds++)
        vg_html_copy_cut(cv->rep->first_sound, sizeof cv->rep->first_sound, cv->s + cv->i + m,
                         e - cv->i - m);
    if (cv->o->media_text)
        S_media_text(cv, "sound", cv->s + cv->i + m, e - cv->i - m);
    cv->i = e + 1;
    return true;
}

static void S_structure(S_conv *cv, void (*fn)(vg_ir *))
{
    S_flush(cv);
    fn(cv->ir);
}

/* A line boundary (<div>, <tr>, ...): a line break unless one is there already. */
static void S_line(vg_ir *ir)
{
    if (!ir->breaks && !ir->para)
        vg_ir_break(ir);
}

/* A style's nesting: up at a start tag, down at an end tag (never below 0: stray end tags
 * are common in hand-edited fields). */
static void S_nest(unsigned *count, bool end)
{
    if (!end)
        (*count)++;
    else if (*count)
        (*count)--;
}

static void S_tag_action(S_conv *cv, const vg_html_tag *t)
{
    const char *name = t->name;
    if (vg_html_is(t, vg_html_bold_tags)) {
        S_nest(&cv->bold, t->end);
    } else if (vg_html_is(t, vg_html_italic_tags)) {
        S_nest(&cv->italic, t->end);
    } else if (vg_html_is(t, vg_html_code_tags)) {
        S_nest(&cv->code, t->end);
    } else if (strcmp(name, "br") == 0) {
        S_structure(cv, vg_ir_break);
    } else if (strcmp(name, "p") == 0 || strcmp(name, "hr") == 0) {
        S_structure(cv, vg_ir_para);
    } else if (vg_html_is(t, vg_html_heading_tags)) {
        S_structure(cv, vg_ir_para);
        S_nest(&cv->bold, t->end);
    } else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
        if (!t->end) {
            if (cv->cell)
                S_chars(cv, " | ", 3);
            cv->cell = true;
        }
    } else if (vg_html_is(t, vg_html_line_tags)) {
        if (strcmp(name, "table") == 0 && !t->end)
            cv->rep->tables++;
        if (strcmp(name, "tr") == 0)
            cv->cell = false;
        S_structure(cv, S_line);
    } else if (strcmp(name, "ul") == 0 || strcmp(name, "ol") == 0) {
        S_flush(cv);
        if (!t->end) {
            if (cv->nlists < S_MAX_LISTS) {
                cv->lists[cv->nlists].ordered = name[0] == 'o';
                cv->lists[cv->nlists].next = 1;
                cv->nlists++;
            } else {
                cv->deep_lists++;
            }
        } else if (cv->deep_lists) {
            cv->deep_lists--;
        } else if (cv->nlists) {
            cv->nlists--;
            vg_ir_para(cv->ir);
            cv->ir->depth = cv->nlists;
        }
    } else if (strcmp(name, "li") == 0) {
        S_flush(cv);
        if (!t->end) {
            unsigned depth = cv->nlists ? cv->nlists : 1, ord = 0;
            if (cv->nlists && cv->lists[cv->nlists - 1].ordered)
                ord = cv->lists[cv->nlists - 1].next++;
            vg_ir_item(cv->ir, depth, ord);
        }
    } else if (strcmp(name, "img") == 0) {
        if (!cv->rep->images++)
            vg_html_copy_cut(cv->rep->first_image, sizeof cv->rep->first_image, t->src,
                             strlen(t->src));
        if (cv->o->media_text && t->src[0])
            S_media_text(cv, "image", t->src, strlen(t->src));
    } else if (vg_html_is(t, vg_html_media_tags)) {
        if (!t->end)
            cv->rep->media++;
    }
}

/* A tag (or comment) at s[i]; false when '<' is a character. */
static bool S_markup(S_conv *cv)
{
    const char *s = cv->s;
    size_t i = cv->i, n = cv->n;
    if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
        size_t e = S_find(s, i + 4, n, "-->");
        cv->i = e == SIZE_MAX ? n : e + 3;
        return true;
    }
    if (n - i >= 2 && (s[i + 1] == '!' || s[i + 1] == '?')) {
        cv->i = vg_html_past_tag(s, n, i);
        return true;
    }
    vg_html_tag t;
    if (!vg_html_parse_tag(s + i, n - i, &t))
        return false;
    size_t after = i + t.len;
    if (!t.end && (vg_html_is(&t, vg_html_skip_tags) || vg_html_is(&t, vg_html_media_skip))) {
        if (vg_html_is(&t, vg_html_media_skip))
            cv->rep->media++;
        size_t e = vg_html_find_end(s, n, after, t.name);
        cv->i = vg_html_past_tag(s, n, e);
        return true;
    }
    if (!t.end && strcmp(t.name, "anki-mathjax") == 0) {
        size_t e = vg_html_find_end(s, n, after, t.name);
        S_math_html(cv, after, e, t.block, "\\(", "\\)");
        cv->i = vg_html_past_tag(s, n, e);
        return true;
    }
    if (!t.end && (strcmp(t.name, "sub") == 0 || strcmp(t.name, "sup") == 0)) {
        size_t e = vg_html_find_end(s, n, after, t.name);
        if (e < n) {
            vg_buf inner = VG_BUF_INIT, plain = VG_BUF_INIT, out = VG_BUF_INIT;
            vg_html_text(s + after, e - after, false, &inner);
            vg_field_plain(vg_buf_str(&inner), inner.len, false, &plain);
            if (cv->o->plain) {
                vg_buf_add(&out, plain.data ? plain.data : "", plain.len);
            } else {
                S_script(vg_buf_str(&plain), plain.len, t.name[2] == 'p', &out);
            }
            S_chars(cv, vg_buf_str(&out), out.len);
            vg_buf_release(&inner);
            vg_buf_release(&plain);
            vg_buf_release(&out);
            cv->i = vg_html_past_tag(s, n, e);
            return true;
        }
    }
    if (!t.end && strcmp(t.name, "pre") == 0) {
        size_t e = vg_html_find_end(s, n, after, t.name);
        if (e < n) {
            vg_buf code = VG_BUF_INIT;
            vg_html_text(s + after, e - after, true, &code);
            S_flush(cv);
            if (cv->o->plain) {
                vg_ir_para(cv->ir);
                vg_ir_text(cv->ir, vg_buf_str(&code), code.len, 0);
                vg_ir_para(cv->ir);
            } else {
                vg_ir_code_block(cv->ir, vg_buf_str(&code), code.len);
            }
            vg_buf_release(&code);
            cv->i = vg_html_past_tag(s, n, e);
            return true;
        }
    }
    S_tag_action(cv, &t);
    cv->i = after;
    return true;
}

/* Line breaks of a plain field at s[i]: one is a line break, a blank line a paragraph. */
static void S_newlines(S_conv *cv)
{
    unsigned lines = 0;
    size_t i = cv->i;
    for (;;) {
        if (i < cv->n && cv->s[i] == '\r')
            i += (i + 1 < cv->n && cv->s[i + 1] == '\n') ? 2 : 1;
        else if (i < cv->n && cv->s[i] == '\n')
            i++;
        else
            break;
        lines++;
        size_t k = i;
        while (k < cv->n && (cv->s[k] == ' ' || cv->s[k] == '\t'))
            k++;
        if (k < cv->n && (cv->s[k] == '\n' || cv->s[k] == '\r'))
            i = k;
    }
    cv->i = i;
    S_flush(cv);
    if (lines >= 2)
        vg_ir_para(cv->ir);
    else
        vg_ir_break(cv->ir);
}

void vg_field_convert(const char *s, size_t len, const vg_field_opts *o, vg_ir *ir,
                      vg_field_report *rep)
{
    S_conv cv = {.s = s, .n = len, .o = o, .ir = ir, .rep = rep};
    vg_buf_init(&cv.run);
    while (cv.i < cv.n) {
        char c = s[cv.i];
        if (o->html && c == '<' && S_markup(&cv))
            continue;
        if (o->html && c == '&') {
            uint32_t cp;
            size_t k = vg_html_entity(s + cv.i, cv.n - cv.i, &cp);
            if (k) {
                char enc[4];
                S_chars(&cv, enc, vg_utf8_encode(cp, enc));
                cv.i += k;
                continue;
            }
        }
        if ((c == '\\' || c == '[') && S_delimited_math(&cv))
            continue;
        if (c == '$' && o->dollar_math && S_dollar(&cv))
            continue;
        if (c == '[' && S_sound(&cv))
            continue;
        if (!o->html && (c == '\n' || c == '\r')) {
            S_newlines(&cv);
            continue;
        }
        if (c == '$' && o->dollar_math) {
            /* Not math: keep "$$" whole so its second '$' is not read as an opener. */
            size_t k = cv.i + 1 < cv.n && s[cv.i + 1] == '$' ? 2 : 1;
            S_chars(&cv, s + cv.i, k);
            cv.i += k;
            continue;
        }
        /* A run of ordinary characters. */
        size_t j = cv.i + 1;
        while (j < cv.n && s[j] != '<' && s[j] != '&' && s[j] != '\\' && s[j] != '[' &&
               s[j] != '$' && s[j] != '\n' && s[j] != '\r')
            j++;
        S_chars(&cv, s + cv.i, j - cv.i);
        cv.i = j;
    }
    S_flush(&cv);
    if (cv.run.failed)
        ir->failed = true;
    vg_buf_release(&cv.run);
}

void vg_field_plain(const char *s, size_t len, bool html, vg_buf *out)
{
    vg_buf text = VG_BUF_INIT;
    if (html)
        vg_html_text(s, len, false, &text);
    else
        vg_buf_add(&text, s, len);
    const char *t = vg_buf_str(&text);
    bool space = false, any = false;
    for (size_t i = 0; i < text.len;) {
        uint32_t cp;
        size_t k = vg_utf8_decode(t + i, text.len - i, &cp);
        if (vg_ir_is_ws(cp)) {
            space = any;
        } else if (!vg_ir_is_control(cp)) {
            if (space)
                vg_buf_addc(out, ' ');
            space = false;
            any = true;
            vg_buf_add(out, t + i, k);
        }
        i += k;
    }
    if (text.failed)
        out->failed = true;
    vg_buf_release(&text);
}
