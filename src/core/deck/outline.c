/* The outline: what the deck parser must know about the whole file before it converts the
 * first piece (deck/load.c parses the source in pieces cut at '##' lines).
 *
 *   - YAML front matter ('---' on line 1 up to '---' or '...'): read here, with a small strict
 *     reader of the simple forms (key: value, quoted values, [a, b] and block lists). The deck
 *     module knows no YAML library; anything it does not understand is a warning, never an
 *     error: front matter is metadata, the notebook is still a deck without it.
 *   - The section level: one linear scan of the lines for ATX and setext headings and for lines
 *     that open cards, outside fenced code and HTML blocks. It only needs to be right for the
 *     shapes notebooks have; the converter works with whatever level it is given.
 */
#include <stdio.h>
#include <string.h>

#include "deck/deck_int.h"

static size_t S_eol(const char *t, size_t n, size_t s)
{
    const char *p = s < n ? memchr(t + s, '\n', n - s) : NULL;
    return p ? (size_t)(p - t) : n;
}

static bool S_blank(const char *t, size_t s, size_t e)
{
    while (s < e && (t[s] == ' ' || t[s] == '\t'))
        s++;
    return s == e;
}

/* Is t[s..e) exactly c c c, then only spaces? */
static bool S_is_marker(const char *t, size_t s, size_t e, char c)
{
    return e - s >= 3 && t[s] == c && t[s + 1] == c && t[s + 2] == c && S_blank(t, s + 3, e);
}

/* ---- front matter ---- */

typedef struct S_fm {
    vg_builder *b;
    const char *t;
    size_t n;
    unsigned line; /* of the line being read */
    size_t ls;     /* its start */
    const char **tags;
    size_t ntags, cap_tags;
    const char **rev; /* reversed: [sections] */
    size_t nrev, cap_rev;
} S_fm;

static void S_fm_warn(S_fm *f, size_t off, const char *what)
{
    char msg[256];
    snprintf(msg, sizeof msg, "front matter: %s", what);
    vg_builder_warn(f->b, f->line, (unsigned)(off - f->ls + 1), msg);
}

static bool S_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

/* A scalar at t[s..e): plain (a ' #' comment ends it), "double" or 'single' quoted. Its text,
 * unescaped, goes to out; *end is where it stopped (after the closing quote). stop is a
 * character that also ends a plain scalar (',' and ']' in a flow list), or 0. False (with a
 * warning) when a quote does not close. */
static bool S_scalar(S_fm *f, size_t s, size_t e, char stop, vg_buf *out, size_t *end)
{
    const char *t = f->t;
    vg_buf_clear(out);
    while (s < e && (t[s] == ' ' || t[s] == '\t'))
        s++;
    if (s < e && (t[s] == '"' || t[s] == '\'')) {
        char q = t[s];
        size_t i = s + 1;
        for (; i < e; i++) {
            if (t[i] == q) {
                if (q == '\'' && i + 1 < e && t[i + 1] == '\'') {
                    vg_buf_addc(out, '\'');
                    i++;
                    continue;
                }
                break;
            }
            if (q == '"' && t[i] == '\\' && i + 1 < e) {
                char c = t[++i];
                vg_buf_addc(out, c == 'n' ? '\n' : c == 't' ? '\t' : c);
                continue;
            }
            vg_buf_addc(out, t[i]);
        }
        if (i >= e) {
            S_fm_warn(f, s, "quote not closed on its line (the value is ignored)");
            return false;
        }
        *end = i + 1;
        return true;
    }
    size_t i = s;
    while (i < e && t[i] != stop &&
           !(t[i] == '#' && i > s && (t[i - 1] == ' ' || t[i - 1] == '\t')))
        i++;
    size_t j = i;
    while (j > s && (t[j - 1] == ' ' || t[j - 1] == '\t'))
        j--;
    vg_buf_add(out, t + s, j - s);
    *end = i;
    return true;
}

static void S_add_item(S_fm *f, bool rev, const char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (!len)
        return;
    char *item = vg_arena_strndup(f->b->arena, s, len);
    const char ***list = rev ? &f->rev : &f->tags;
    size_t *n = rev ? &f->nrev : &f->ntags, *cap = rev ? &f->cap_rev : &f->cap_tags;
    if (!item || !vg_deck_grow((void **)list, cap, *n + 1, sizeof **list)) {
        f->b->nomem = true;
        return;
    }
    (*list)[(*n)++] = item;
}

static void S_add_tag(S_fm *f, const char *s, size_t len)
{
    S_add_item(f, false, s, len);
}

/* tags: as a string: words separated by spaces or commas. */
static void S_tags_words(S_fm *f, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        while (i < len && (s[i] == ' ' || s[i] == ',' || s[i] == '\t'))
            i++;
        size_t w = i;
        while (i < len && s[i] != ' ' && s[i] != ',' && s[i] != '\t')
            i++;
        S_add_tag(f, s + w, i - w);
    }
}

/* A flow list "[a, b, 'c d']" at t[s..e); each item to the tags when tags is set, to the
 * reversed sections when rev is. */
static void S_flow_list(S_fm *f, size_t s, size_t e, bool tags, bool rev, vg_buf *tmp)
{
    const char *t = f->t;
    size_t i = s + 1;
    for (;;) {
        size_t end;
        if (!S_scalar(f, i, e, ',', tmp, &end))
            return;
        /* A plain item also stops at ']'. */
        const char *sq = tmp->len ? memchr(vg_buf_str(tmp), ']', tmp->len) : NULL;
        size_t ilen = tmp->len;
        if (sq && t[i] != '"' && t[i] != '\'') {
            ilen = (size_t)(sq - vg_buf_str(tmp));
            end = i;
            while (end < e && t[end] != ']')
                end++;
        }
        if (tags || rev)
            S_add_item(f, rev, vg_buf_str(tmp), ilen);
        while (end < e && (t[end] == ' ' || t[end] == '\t'))
            end++;
        if (end < e && t[end] == ',') {
            i = end + 1;
            continue;
        }
        if (end < e && t[end] == ']' && S_blank(t, end + 1, e))
            return;
        S_fm_warn(f, end < e ? end : s, "list not closed by ']' on its line");
        return;
    }
}

/* reversed: as a scalar: true (every bold-term card of the deck studied both ways) or false. */
static void S_reversed(S_fm *f, const char *v, size_t at)
{
    if (!strcmp(v, "true") || !strcmp(v, "yes"))
        f->b->fm_reversed = VG_REV_ALL;
    else if (strcmp(v, "false") != 0 && strcmp(v, "no") != 0)
        S_fm_warn(f, at, "'reversed' is true, false or a list of sections (the value is ignored)");
}

/* Front matter t[s..e) ('---' lines excluded), its first line being first_line. */
static void S_fm_read(S_fm *f, size_t s, size_t e, unsigned first_line)
{
    const char *t = f->t;
    vg_buf val = VG_BUF_INIT;
    bool in_tags_block = false, in_rev_block = false, skip_nested = false;
    f->line = first_line;
    for (size_t ls = s; ls < e; f->line++) {
        size_t le = S_eol(t, e, ls), k = ls;
        f->ls = ls;
        size_t next = le < e ? le + 1 : e;
        while (k < le && t[k] == ' ')
            k++;
        if (k == le || t[k] == '#') {
            ls = next;
            continue;
        }
        if (k > ls || t[k] == '-') { /* an indented line, or a block list item */
            if ((in_tags_block || in_rev_block) && t[k] == '-' &&
                (k + 1 == le || t[k + 1] == ' ')) {
                size_t end;
                if (S_scalar(f, k + 1, le, 0, &val, &end))
                    S_add_item(f, in_rev_block, vg_buf_str(&val), val.len);
            } else if (!skip_nested) {
                S_fm_warn(f, k, "line is not 'key: value'");
            }
            ls = next;
            continue;
        }
        in_tags_block = in_rev_block = skip_nested = false;
        size_t kend = k;
        while (kend < le && S_key_char(t[kend]))
            kend++;
        if (kend == k || kend >= le || t[kend] != ':' ||
            (kend + 1 < le && t[kend + 1] != ' ' && t[kend + 1] != '\t')) {
            S_fm_warn(f, k, "line is not 'key: value'");
            ls = next;
            continue;
        }
        size_t klen = kend - k, v = kend + 1;
        while (v < le && (t[v] == ' ' || t[v] == '\t'))
            v++;
        bool is_title = klen == 5 && memcmp(t + k, "title", 5) == 0;
        bool is_tags = klen == 4 && memcmp(t + k, "tags", 4) == 0;
        bool is_rev = klen == 8 && memcmp(t + k, "reversed", 8) == 0;
        bool empty = v == le || t[v] == '#';
        if (empty) {
            in_tags_block = is_tags;
            in_rev_block = is_rev;
            skip_nested = !is_tags && !is_rev; /* a nested map of a key vgrev does not use */
            if (is_title)
                S_fm_warn(f, k, "'title' has no value");
        } else if (t[v] == '|' || t[v] == '>') {
            skip_nested = true;
            if (is_title || is_tags)
                S_fm_warn(f, v, "block scalars are not read (write the value on the key's line)");
        } else if (t[v] == '[') {
            S_flow_list(f, v, le, is_tags, is_rev, &val);
            if (is_title)
                S_fm_warn(f, v, "'title' is a list");
        } else {
            size_t end;
            if (S_scalar(f, v, le, 0, &val, &end)) {
                size_t c = end;
                while (c < le && (t[c] == ' ' || t[c] == '\t'))
                    c++;
                if (c < le && t[c] != '#')
                    S_fm_warn(f, c, "text after the closing quote");
                if (is_title && val.len) {
                    size_t len = val.len;
                    char *title = vg_arena_strndup(f->b->arena, vg_buf_str(&val), len);
                    if (!title)
                        f->b->nomem = true;
                    else
                        f->b->fm_title = title;
                } else if (is_tags) {
                    S_tags_words(f, vg_buf_str(&val), val.len);
                } else if (is_rev) {
                    S_reversed(f, vg_buf_str(&val), k);
                }
            }
        }
        ls = next;
    }
    if (val.failed)
        f->b->nomem = true;
    vg_buf_release(&val);
}

/* Reads the front matter of t[0..n) into b; returns where the markdown starts (0: none) and
 * the number of lines before it in *lines. */
static size_t S_front_matter(vg_builder *b, const char *t, size_t n, unsigned *lines)
{
    *lines = 0;
    size_t e = S_eol(t, n, 0);
    if (!S_is_marker(t, 0, e, '-'))
        return 0;
    unsigned line = 2;
    bool keyed = false; /* a 'key:' line seen: a '---' line of markdown is no front matter */
    for (size_t ls = e < n ? e + 1 : n; ls < n; line++) {
        size_t le = S_eol(t, n, ls);
        if (!keyed && !S_blank(t, ls, le) && t[ls] != '#') {
            size_t k = ls;
            while (k < le && S_key_char(t[k]))
                k++;
            bool key = k > ls && k < le && t[k] == ':' && (k + 1 == le || t[k + 1] == ' ');
            if (!key && !S_is_marker(t, ls, le, '-') && !S_is_marker(t, ls, le, '.'))
                return 0;
            keyed = true;
        }
        if (S_is_marker(t, ls, le, '-') || S_is_marker(t, ls, le, '.')) {
            S_fm fm = {.b = b, .t = t, .n = n};
            S_fm_read(&fm, e + 1, ls, 2);
            b->tags = fm.tags;
            b->ntags = fm.ntags;
            b->rev = fm.rev;
            b->nrev = fm.nrev;
            if (fm.nrev)
                b->fm_reversed = VG_REV_LIST;
            *lines = line;
            return le < n ? le + 1 : n;
        }
        ls = le < n ? le + 1 : n;
    }
    /* No closing line: markdown after all (a thematic break). Say so when it looked meant. */
    size_t l2 = e + 1, k = l2;
    if (l2 < n) {
        while (k < n && S_key_char(t[k]))
            k++;
        if (k > l2 && k < n && t[k] == ':')
            vg_builder_warn(b, 1, 1, "front matter: no closing '---' (read as markdown)");
    }
    return 0;
}

/* ---- the section level ---- */

typedef struct S_scan {
    int min_level;    /* the highest level seen so far (the title excepted), 7: none */
    int best;         /* the highest level that holds a card, 7: none */
    bool title_taken; /* the first '#' before any '##' is the title's */
    bool seen_h2;
    bool h2_open, h2_cards; /* a '##' is open; a card came while one was */
    bool first_h1_open;     /* no heading since the first '#' */
    bool first_h1_cards;    /* a card came right under the first '#' */
    size_t h1_with_cards;
    bool h1_open_has_cards, h1_open;
} S_scan;

static void S_scan_heading(S_scan *sc, int level)
{
    sc->first_h1_open = false;
    if (level == 1) {
        if (!sc->title_taken && !sc->seen_h2) {
            sc->title_taken = true;
            sc->h1_open = true; /* it still holds cards for the "several '#'" rule */
            sc->h1_open_has_cards = false;
            sc->first_h1_open = true;
            return;
        }
        sc->h1_open = true;
        sc->h1_open_has_cards = false;
        sc->h2_open = false;
    }
    if (level == 2)
        sc->seen_h2 = sc->h2_open = true;
    if (level < sc->min_level)
        sc->min_level = level;
}

static void S_scan_card(S_scan *sc)
{
    sc->h2_cards |= sc->h2_open;
    sc->first_h1_cards |= sc->first_h1_open;
    if (sc->h1_open && !sc->h1_open_has_cards) {
        sc->h1_open_has_cards = true;
        sc->h1_with_cards++;
    }
    if (sc->min_level < sc->best)
        sc->best = sc->min_level;
}

/* Does t[k..e) hold what opens a cloze deletion ("{{c1::")? A cloze note is a card. */
static bool S_cloze_line(const char *t, size_t k, size_t e)
{
    for (size_t i = k; i + 4 < e; i++)
        if (t[i] == '{' && t[i + 1] == '{' && t[i + 2] == 'c' && t[i + 3] >= '0' && t[i + 3] <= '9')
            return true;
    return false;
}

/* Does the text at t[k..e) open with bold and a separator ("**Term**: ...", "**Term:**")? */
static bool S_bold_sep(const char *t, size_t k, size_t e)
{
    if (e - k < 5 || !((t[k] == '*' && t[k + 1] == '*') || (t[k] == '_' && t[k + 1] == '_')))
        return false;
    char c = t[k];
    for (size_t i = k + 3; i + 1 < e; i++) {
        if (t[i] != c || t[i + 1] != c)
            continue;
        if (t[i - 1] == ':')
            return true;
        size_t j = i + 2;
        while (j < e && t[j] == c)
            j++;
        while (j < e && t[j] == ' ')
            j++;
        return j < e && (t[j] == ':' || (t[j] == '-' && (j + 1 == e || t[j + 1] == ' ')) ||
                         (e - j >= 3 && (memcmp(t + j, "\xE2\x80\x94", 3) == 0 ||
                                         memcmp(t + j, "\xE2\x80\x93", 3) == 0 ||
                                         memcmp(t + j, "\xEF\xBC\x9A", 3) == 0)));
    }
    return false;
}

/* Is t[k..e) bold text and nothing else ("**Future Value**")? */
static bool S_bold_only(const char *t, size_t k, size_t e)
{
    while (e > k && (t[e - 1] == ' ' || t[e - 1] == '\t'))
        e--;
    if (e - k < 5 || !((t[k] == '*' && t[k + 1] == '*') || (t[k] == '_' && t[k + 1] == '_')))
        return false;
    char c = t[k];
    if (t[e - 1] != c || t[e - 2] != c)
        return false;
    for (size_t i = k + 2; i + 2 < e; i++)
        if (t[i] == c && t[i + 1] == c)
            return false;
    return true;
}

/* The list marker at t[k..e): its length with the space after it, or 0. */
static size_t S_list_marker(const char *t, size_t k, size_t e)
{
    if (k < e && (t[k] == '-' || t[k] == '*' || t[k] == '+'))
        return k + 1 == e || t[k + 1] == ' ' || t[k + 1] == '\t' ? 1 : 0;
    size_t d = k;
    while (d < e && d - k < 9 && t[d] >= '0' && t[d] <= '9')
        d++;
    if (d == k || d >= e || (t[d] != '.' && t[d] != ')'))
        return 0;
    return d + 1 == e || t[d + 1] == ' ' || t[d + 1] == '\t' ? d + 1 - k : 0;
}

static bool S_is_break(const char *t, size_t k, size_t e)
{
    char c = t[k];
    if (c != '-' && c != '*' && c != '_')
        return false;
    size_t count = 0;
    for (size_t i = k; i < e; i++) {
        if (t[i] == c)
            count++;
        else if (t[i] != ' ' && t[i] != '\t')
            return false;
    }
    return count >= 3;
}

static void S_scan_lines(const char *t, size_t n, S_scan *sc)
{
    bool in_para = false, para_top = false, in_list = false, blank_before = true;
    bool lone = false; /* the last paragraph is one bold line */
    char fence = 0;
    size_t fence_len = 0;
    const char *html_end = NULL;
    bool html_blank = false;
    for (size_t ls = 0; ls < n;) {
        size_t le = S_eol(t, n, ls), next = le < n ? le + 1 : n;
        size_t k = ls;
        while (k < le && (t[k] == ' ' || t[k] == '\t'))
            k++;
        size_t indent = k - ls;
        if (fence) {
            size_t r = k;
            while (r < le && t[r] == fence)
                r++;
            if (r - k >= fence_len && S_blank(t, r, le))
                fence = 0;
            ls = next;
            continue;
        }
        if (html_end) {
            if (vg_deck_find_ci(t, le, ls, html_end) < le)
                html_end = NULL;
            ls = next;
            continue;
        }
        if (html_blank) {
            html_blank = k < le;
            blank_before = !html_blank;
            ls = next;
            continue;
        }
        if (k == le) {
            in_para = false;
            blank_before = true;
            ls = next;
            continue;
        }
        bool was_blank = blank_before;
        blank_before = false;
        if (lone && was_blank) {
            /* A block after a bold line makes it a card, unless the block ends it (a heading,
             * a break) or opens with bold itself (a card, or text after a label). */
            size_t m = S_list_marker(t, k, le), c = k + m;
            while (m && c < le && (t[c] == ' ' || t[c] == '\t'))
                c++;
            bool ends = t[k] == '#' || (indent <= 3 && S_is_break(t, k, le)) ||
                        (le - c >= 2 && (t[c] == '*' || t[c] == '_') && t[c + 1] == t[c]);
            if (!ends)
                S_scan_card(sc);
            lone = false;
        }
        if (indent >= 4 && !in_para && !in_list) {
            ls = next; /* indented code */
            continue;
        }
        if (t[k] == '`' || t[k] == '~') {
            size_t r = k;
            while (r < le && t[r] == t[k])
                r++;
            if (r - k >= 3 && (t[k] == '~' || !memchr(t + r, '`', le - r))) {
                fence = t[k];
                fence_len = r - k;
                in_para = false;
                ls = next;
                continue;
            }
        }
        if (t[k] == '<' && indent <= 3) {
            const char *m = vg_deck_html_end(t, k, le);
            bool tag = k + 1 < le && ((t[k + 1] >= 'a' && t[k + 1] <= 'z') ||
                                      (t[k + 1] >= 'A' && t[k + 1] <= 'Z') || t[k + 1] == '/');
            if (m) {
                if (vg_deck_find_ci(t, le, k + 1, m) >= le)
                    html_end = m;
                in_para = false;
                ls = next;
                continue;
            }
            if (tag && !in_para) {
                html_blank = true;
                ls = next;
                continue;
            }
        }
        bool top = indent == 0 || (!in_list && indent <= 3);
        if (t[k] == '#' && top) {
            size_t h = k;
            while (h < le && t[h] == '#')
                h++;
            if (h - k <= 6 && (h == le || t[h] == ' ' || t[h] == '\t')) {
                S_scan_heading(sc, (int)(h - k));
                in_para = in_list = false;
                ls = next;
                continue;
            }
        }
        if (in_para && para_top && indent <= 3) {
            size_t r = k;
            while (r < le && t[r] == t[k])
                r++;
            if ((t[k] == '=' || t[k] == '-') && S_blank(t, r, le)) {
                S_scan_heading(sc, t[k] == '=' ? 1 : 2);
                in_para = lone = false;
                ls = next;
                continue;
            }
        }
        if (indent <= 3 && S_is_break(t, k, le)) {
            in_para = false;
            if (indent == 0)
                in_list = false;
            ls = next;
            continue;
        }
        size_t m = S_list_marker(t, k, le);
        if (m) {
            if (top) {
                size_t c = k + m;
                while (c < le && (t[c] == ' ' || t[c] == '\t'))
                    c++;
                if ((le - c >= 3 &&
                     ((t[c] == '*' && t[c + 1] == '*') || (t[c] == '_' && t[c + 1] == '_'))) ||
                    S_cloze_line(t, c, le))
                    S_scan_card(sc);
            }
            in_list = true;
            in_para = true;
            para_top = false;
            ls = next;
            continue;
        }
        if (t[k] == '>') {
            in_para = false;
            ls = next;
            continue;
        }
        if (!in_para) {
            if (in_list && was_blank && indent == 0)
                in_list = false;
            para_top = !in_list;
            in_para = true;
            lone = para_top && S_bold_only(t, k, le);
            ls = next;
            if (para_top && (S_bold_sep(t, k, le) || S_cloze_line(t, k, le)))
                S_scan_card(sc);
            continue;
        }
        lone = false; /* the bold line goes on: its paragraph is more than the bold */
        if (para_top && S_bold_sep(t, k, le))
            S_scan_card(sc);
        ls = next;
    }
}

bool vg_outline_read(vg_builder *b, const char *t, size_t n, vg_outline *o)
{
    memset(o, 0, sizeof *o);
    o->body = S_front_matter(b, t, n, &o->body_line0);
    S_scan sc = {.min_level = 7, .best = 7};
    S_scan_lines(t + o->body, n - o->body, &sc);
    /* Several '#' holding cards are the sections, unless '##' hold cards and the first '#'
     * none of its own: that '#' is the title of a deck of '##' sections, which keeps them
     * (and its ids), a later '#' being one more section as it always was. */
    o->h1_sections = sc.h1_with_cards >= 2 && (!sc.h2_cards || sc.first_h1_cards);
    o->section_level = o->h1_sections ? 1 : sc.best >= 2 && sc.best <= 6 ? (unsigned)sc.best : 2;
    return !b->nomem;
}
