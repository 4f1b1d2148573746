/* Anki's HTML, the pieces the field converter (import/field.c) reads it with: character
 * references, tags and their names by what they mean, where a field shows that it is HTML,
 * Anki's answer rule, and the text of an HTML fragment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import_int.h"
#include "vgrev/utf8.h"

/* ---- entities ---- */

/* Named character references (the HTML standard's names) that Anki's editor and exports
 * use, and the common symbols a revision card has. Others stay as written. */
static const struct {
    const char *name;
    uint32_t cp;
} S_entities[] = {
    {"amp", '&'},       {"lt", '<'},        {"gt", '>'},        {"quot", '"'},
    {"apos", '\''},     {"nbsp", 0xA0},     {"ensp", 0x2002},   {"emsp", 0x2003},
    {"thinsp", 0x2009}, {"shy", 0xAD},      {"zwj", 0x200D},    {"zwnj", 0x200C},
    {"ndash", 0x2013},  {"mdash", 0x2014},  {"hellip", 0x2026}, {"lsquo", 0x2018},
    {"rsquo", 0x2019},  {"ldquo", 0x201C},  {"rdquo", 0x201D},  {"sbquo", 0x201A},
    {"bdquo", 0x201E},  {"laquo", 0xAB},    {"raquo", 0xBB},    {"lsaquo", 0x2039},
    {"rsaquo", 0x203A}, {"bull", 0x2022},   {"middot", 0xB7},   {"deg", 0xB0},
    {"times", 0xD7},    {"divide", 0xF7},   {"plusmn", 0xB1},   {"minus", 0x2212},
    {"copy", 0xA9},     {"reg", 0xAE},      {"trade", 0x2122},  {"euro", 0x20AC},
    {"pound", 0xA3},    {"yen", 0xA5},      {"cent", 0xA2},     {"sect", 0xA7},
    {"para", 0xB6},     {"micro", 0xB5},    {"iexcl", 0xA1},    {"iquest", 0xBF},
    {"frac12", 0xBD},   {"frac14", 0xBC},   {"frac34", 0xBE},   {"sup1", 0xB9},
    {"sup2", 0xB2},     {"sup3", 0xB3},     {"ordf", 0xAA},     {"ordm", 0xBA},
    {"not", 0xAC},      {"dagger", 0x2020}, {"Dagger", 0x2021}, {"permil", 0x2030},
    {"prime", 0x2032},  {"Prime", 0x2033},  {"larr", 0x2190},   {"uarr", 0x2191},
    {"rarr", 0x2192},   {"darr", 0x2193},   {"harr", 0x2194},   {"lArr", 0x21D0},
    {"uArr", 0x21D1},   {"rArr", 0x21D2},   {"dArr", 0x21D3},   {"hArr", 0x21D4},
    {"forall", 0x2200}, {"part", 0x2202},   {"exist", 0x2203},  {"empty", 0x2205},
    {"nabla", 0x2207},  {"isin", 0x2208},   {"notin", 0x2209},  {"ni", 0x220B},
    {"prod", 0x220F},   {"sum", 0x2211},    {"radic", 0x221A},  {"prop", 0x221D},
    {"infin", 0x221E},  {"ang", 0x2220},    {"and", 0x2227},    {"or", 0x2228},
    {"cap", 0x2229},    {"cup", 0x222A},    {"int", 0x222B},    {"there4", 0x2234},
    {"sim", 0x223C},    {"cong", 0x2245},   {"asymp", 0x2248},  {"ne", 0x2260},
    {"equiv", 0x2261},  {"le", 0x2264},     {"ge", 0x2265},     {"sub", 0x2282},
    {"sup", 0x2283},    {"sube", 0x2286},   {"supe", 0x2287},   {"oplus", 0x2295},
    {"otimes", 0x2297}, {"perp", 0x22A5},   {"sdot", 0x22C5},   {"loz", 0x25CA},
    {"alpha", 0x3B1},   {"beta", 0x3B2},    {"gamma", 0x3B3},   {"delta", 0x3B4},
    {"epsilon", 0x3B5}, {"zeta", 0x3B6},    {"eta", 0x3B7},     {"theta", 0x3B8},
    {"iota", 0x3B9},    {"kappa", 0x3BA},   {"lambda", 0x3BB},  {"mu", 0x3BC},
    {"nu", 0x3BD},      {"xi", 0x3BE},      {"omicron", 0x3BF}, {"pi", 0x3C0},
    {"rho", 0x3C1},     {"sigmaf", 0x3C2},  {"sigma", 0x3C3},   {"tau", 0x3C4},
    {"upsilon", 0x3C5}, {"phi", 0x3C6},     {"chi", 0x3C7},     {"psi", 0x3C8},
    {"omega", 0x3C9},   {"Alpha", 0x391},   {"Beta", 0x392},    {"Gamma", 0x393},
    {"Delta", 0x394},   {"Epsilon", 0x395}, {"Zeta", 0x396},    {"Eta", 0x397},
    {"Theta", 0x398},   {"Iota", 0x399},    {"Kappa", 0x39A},   {"Lambda", 0x39B},
    {"Mu", 0x39C},      {"Nu", 0x39D},      {"Xi", 0x39E},      {"Omicron", 0x39F},
    {"Pi", 0x3A0},      {"Rho", 0x3A1},     {"Sigma", 0x3A3},   {"Tau", 0x3A4},
    {"Upsilon", 0x3A5}, {"Phi", 0x3A6},     {"Chi", 0x3A7},     {"Psi", 0x3A8},
    {"Omega", 0x3A9},
};

/* A character reference at s[0..len) (s[0] == '&'): its length, with the character in
 * *cp; 0 when there is none (the '&' is then a character). */
size_t vg_html_entity(const char *s, size_t len, uint32_t *cp)
{
    if (len < 3)
        return 0;
    if (s[1] == '#') {
        size_t i = 2;
        bool hex = i < len && (s[i] == 'x' || s[i] == 'X');
        if (hex)
            i++;
        uint32_t v = 0;
        size_t digits = 0;
        for (; i < len && digits < 8; i++, digits++) {
            char c = s[i];
            unsigned d;
            if (c >= '0' && c <= '9')
                d = (unsigned)(c - '0');
            else if (hex && c >= 'a' && c <= 'f')
                d = (unsigned)(c - 'a' + 10);
            else if (hex && c >= 'A' && c <= 'F')
                d = (unsigned)(c - 'A' + 10);
            else
                break;
            v = v * (hex ? 16 : 10) + d;
        }
        if (!digits || i >= len || s[i] != ';')
            return 0;
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) || (v >= 0xFDD0 && v <= 0xFDEF))
            v = 0xFFFD;
        *cp = v;
        return i + 1;
    }
    size_t i = 1;
    while (i < len && i < 12 &&
           ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
            (s[i] >= '0' && s[i] <= '9')))
        i++;
    if (i >= len || s[i] != ';' || i == 1)
        return 0;
    for (size_t k = 0; k < sizeof S_entities / sizeof *S_entities; k++) {
        if (strlen(S_entities[k].name) == i - 1 && memcmp(S_entities[k].name, s + 1, i - 1) == 0) {
            *cp = S_entities[k].cp;
            return i + 1;
        }
    }
    return 0;
}

/* ---- tags ---- */

/* Case-insensitive: does s[0..len) start with the lower-case word w? */
static bool S_starts(const char *s, size_t len, const char *w)
{
    size_t n = strlen(w);
    if (len < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (vg_import_lower(s[i]) != w[i])
            return false;
    return true;
}

/* Copies at most size-1 bytes of s[0..len) to out, cut at a character boundary. */
void vg_html_copy_cut(char *out, size_t size, const char *s, size_t len)
{
    if (len >= size) {
        len = size - 1;
        while (len && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(out, s, len);
    out[len] = '\0';
}

/* A tag at s[0] == '<'; false when it is not one (then '<' is a character). */
bool vg_html_parse_tag(const char *s, size_t len, vg_html_tag *t)
{
    memset(t, 0, sizeof *t);
    size_t i = 1;
    if (i < len && s[i] == '/') {
        t->end = true;
        i++;
    }
    if (i >= len || !vg_import_is_alpha(s[i]))
        return false;
    size_t name = i;
    while (i < len && (vg_import_is_alnum(s[i]) || s[i] == '-' || s[i] == ':'))
        i++;
    if (i - name <= VG_HTML_TAG_MAX)
        for (size_t k = name; k < i; k++)
            t->name[k - name] = vg_import_lower(s[k]);
    if (i < len && s[i] != '>' && s[i] != '/' && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' &&
        s[i] != '\r' && s[i] != '\f')
        return false;
    /* Attributes up to '>', values quoted or not. */
    while (i < len && s[i] != '>') {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' ||
            s[i] == '/') {
            i++;
            continue;
        }
        size_t an = i;
        while (i < len && s[i] != '=' && s[i] != '>' && s[i] != ' ' && s[i] != '\t' &&
               s[i] != '\n' && s[i] != '\r' && s[i] != '/')
            i++;
        size_t alen = i - an;
        while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
            i++;
        if (i >= len || s[i] != '=')
            continue;
        i++;
        while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
            i++;
        size_t vs, ve;
        if (i < len && (s[i] == '"' || s[i] == '\'')) {
            char q = s[i++];
            vs = i;
            while (i < len && s[i] != q)
                i++;
            if (i >= len)
                return false;
            ve = i++;
        } else {
            vs = i;
            while (i < len && s[i] != '>' && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' &&
                   s[i] != '\r')
                i++;
            ve = i;
        }
        if (alen == 3 && S_starts(s + an, alen, "src"))
            vg_html_copy_cut(t->src, sizeof t->src, s + vs, ve - vs);
        if (alen == 5 && S_starts(s + an, alen, "block"))
            t->block = ve - vs == 4 && S_starts(s + vs, 4, "true");
        if (alen == 2 && S_starts(s + an, alen, "id"))
            t->answer = ve - vs == 6 && S_starts(s + vs, 6, "answer");
    }
    if (i >= len)
        return false;
    t->len = i + 1;
    return true;
}

bool vg_html_is(const vg_html_tag *t, const char *const *names)
{
    for (; *names; names++)
        if (strcmp(t->name, *names) == 0)
            return true;
    return false;
}

const char *const vg_html_bold_tags[] = {"b", "strong", NULL};
const char *const vg_html_italic_tags[] = {"i",   "em",  "u",    "cite", "dfn",
                                           "var", "ins", "mark", NULL};
const char *const vg_html_code_tags[] = {"code", "kbd", "samp", "tt", NULL};
const char *const vg_html_line_tags[] = {
    "div",        "blockquote", "section", "article", "header",  "footer",   "aside",
    "nav",        "dt",         "dd",      "dl",      "center",  "address",  "figure",
    "figcaption", "main",       "details", "summary", "caption", "fieldset", "form",
    "legend",     "tr",         "table",   "tbody",   "thead",   "tfoot",    NULL};
const char *const vg_html_heading_tags[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
/* Their content is not text a card could show. */
const char *const vg_html_skip_tags[] = {"script",   "style", "head", "title",
                                         "template", "svg",   NULL};
const char *const vg_html_media_tags[] = {"audio", "video",  "object", "iframe",  "canvas",
                                          "embed", "source", "track",  "picture", NULL};
const char *const vg_html_media_skip[] = {"audio", "video", "object", "iframe", "canvas", NULL};

/* Tags that Anki's editor writes besides the styles and lines above. */
static const char *const S_field_tags[] = {"br",  "p",    "hr",   "ul",    "ol",           "li",
                                           "img", "span", "font", "a",     "sub",          "sup",
                                           "pre", "td",   "th",   "style", "anki-mathjax", NULL};

/* The longest tag looked at when telling whether a field is HTML: a tag Anki writes is
 * short, and the bound keeps a field of many '<' linear. */
enum { S_HINT_TAG_MAX = 256 };

/* A tag at s[i] == '<' that closes at the next '>' (*gt caches where that is: 0 at first). */
static bool S_tag_near(const char *s, size_t len, size_t i, size_t *gt, vg_html_tag *t)
{
    if (*gt <= i) {
        const char *p = memchr(s + i, '>', len - i);
        *gt = p ? (size_t)(p - s) : len;
    }
    return *gt < len && *gt - i < S_HINT_TAG_MAX && vg_html_parse_tag(s + i, *gt - i + 1, t);
}

bool vg_field_html_hint(const char *s, size_t len, size_t *at, size_t *n)
{
    size_t gt = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '<') {
            vg_html_tag t;
            if (S_tag_near(s, len, i, &gt, &t) &&
                (vg_html_is(&t, S_field_tags) || vg_html_is(&t, vg_html_bold_tags) ||
                 vg_html_is(&t, vg_html_italic_tags) || vg_html_is(&t, vg_html_code_tags) ||
                 vg_html_is(&t, vg_html_line_tags) || vg_html_is(&t, vg_html_heading_tags))) {
                *at = i;
                *n = t.len;
                return true;
            }
        } else if (s[i] == '&') {
            uint32_t cp;
            size_t k = vg_html_entity(s + i, len - i, &cp);
            if (k) {
                *at = i;
                *n = k;
                return true;
            }
        }
    }
    return false;
}

bool vg_field_answer_rule(const char *s, size_t len, size_t *rule, size_t *after)
{
    bool found = false;
    size_t gt = 0;
    for (size_t i = 0; i + 3 < len; i++) {
        if (s[i] != '<' || (s[i + 1] != 'h' && s[i + 1] != 'H'))
            continue;
        vg_html_tag t;
        if (!S_tag_near(s, len, i, &gt, &t) || t.end || strcmp(t.name, "hr") != 0 || !t.answer)
            continue;
        /* The last one, as Anki's own exporters take it ("(?si)^.*<hr id=answer>"). */
        found = true;
        *rule = i;
        size_t e = i + t.len;
        while (e < len && (s[e] == '\n' || s[e] == '\r' || s[e] == ' ' || s[e] == '\t'))
            e++;
        *after = e;
        i += t.len - 1;
    }
    return found;
}

/* Where the end tag </name> starts in s[from..len) (case-insensitive), or len. */
size_t vg_html_find_end(const char *s, size_t len, size_t from, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = from; i + 2 + n <= len; i++) {
        if (s[i] != '<' || s[i + 1] != '/' || !S_starts(s + i + 2, len - i - 2, name))
            continue;
        char c = i + 2 + n < len ? s[i + 2 + n] : '>';
        if (c == '>' || c == ' ' || c == '\t' || c == '\n' || c == '\r')
            return i;
    }
    return len;
}

/* Past the '>' of the tag starting at s[i] (or len). */
size_t vg_html_past_tag(const char *s, size_t len, size_t i)
{
    const char *gt = i < len ? memchr(s + i, '>', len - i) : NULL;
    return gt ? (size_t)(gt - s) + 1 : len;
}

/* Text of HTML s[0..len): tags dropped (<br> and block tags become '\n' when keep_lines),
 * entities decoded. */
void vg_html_text(const char *s, size_t len, bool keep_lines, vg_buf *out)
{
    size_t i = 0;
    while (i < len) {
        if (s[i] == '<') {
            if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
                const char *e = NULL;
                for (size_t k = i + 4; k + 3 <= len; k++)
                    if (memcmp(s + k, "-->", 3) == 0) {
                        e = s + k + 3;
                        break;
                    }
                i = e ? (size_t)(e - s) : len;
                continue;
            }
            vg_html_tag t;
            if (vg_html_parse_tag(s + i, len - i, &t)) {
                if (keep_lines && (strcmp(t.name, "br") == 0 || vg_html_is(&t, vg_html_line_tags) ||
                                   strcmp(t.name, "p") == 0 || strcmp(t.name, "li") == 0))
                    vg_buf_addc(out, '\n');
                i += t.len;
                continue;
            }
        } else if (s[i] == '&') {
            uint32_t cp;
            size_t k = vg_html_entity(s + i, len - i, &cp);
            if (k) {
                char enc[4];
                vg_buf_add(out, enc, vg_utf8_encode(cp, enc));
                i += k;
                continue;
            }
        }
        vg_buf_addc(out, s[i]);
        i++;
    }
}
