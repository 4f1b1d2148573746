/* The pre-scan: finds math in the raw source and hides it from cmark (see deck/deck_int.h).
 *
 * Math rules (pandoc's tex_math_dollars and tex_math_single_backslash, adjusted for notes as
 * people write them; docs/deck-format.md has examples):
 *   - `$$...$$` and `\[...\]` are display math, `$...$` and `\(...\)` inline math; the
 *     content must not be blank and is trimmed ("$ x $" is "$x$").
 *   - `$...$`: the closing '$' is the first unescaped '$' after the opening one, and it must
 *     not be followed by a digit. An opening '$' followed by a non-space needs a closing one
 *     preceded by a non-space (pandoc); one followed by a space or tab ("$ N $", padded)
 *     needs a closing one preceded by a space. Otherwise the '$' is a dollar sign: "$5 and
 *     $10", "costs $5 and then $x$".
 *   - `\[` opens display math only when a space or a line break follows it: "\[1\]" is how
 *     markdown escapes brackets. `\\(` is an escaped backslash, then '('.
 *   - Inside math a backslash escapes the next character, so `\$` does not close it.
 *   - Math holds no backtick: a `$` whose closing one would come after a backtick is not
 *     math, so "$5 and `$x$`" is a dollar sign and a code span.
 *   - Outside math `\$` is a literal dollar; a `$` inside a code span is not math (and the
 *     converter puts back the raw text of any placeholder that lands in a code block).
 *   - Math ends with its paragraph: it may go on over further lines, but not over a blank line
 *     or a line that starts a block (heading, quote, list item, fence, HTML, rule).
 *   - An opening delimiter without a closing one is left as it is and reported as "unclosed"
 *     (a warning; "\(" and "\[" are then escaped brackets, as markdown has them) -- except
 *     a `$` followed by a digit or a space, a dollar sign.
 *   - No math in HTML blocks that end with a marker (comments, <pre>, <script>, ...).
 * A paragraph-like "region" is computed once and cached, an inline '$' looks no further than
 * the next '$', and a failed search for "$$", "\)" or "\]" remembers where it stopped (later
 * openers before that point fail too), so no input makes the scan quadratic. */
#include <stdlib.h>
#include <string.h>

#include "deck/deck_int.h"

/* What the main loop stops at. */
static const unsigned char S_special[256] = {
    ['\n'] = 1,
    ['\\'] = 1,
    ['`'] = 1,
    ['$'] = 1,
};

typedef struct S_scan {
    vg_prescan *ps;
    const char *t;
    size_t n;
    size_t copied; /* t[0..copied) is in ps->out */
    unsigned line;
    size_t line_start;
    /* The current region: lines that may hold one paragraph's inline content. */
    bool reg_valid;
    size_t reg_start, reg_end, region;
    size_t ticks_full; /* region whose backtick strings are all in ps->ticks */
    size_t fail_display, fail_paren, fail_bracket; /* where the last failed search stopped (+1) */
} S_scan;

static bool S_is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool S_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

static bool S_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* CommonMark's ASCII punctuation: what a backslash escapes. */
static bool S_is_punct(char c)
{
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
           (c >= '{' && c <= '~');
}

static size_t S_eol(const char *t, size_t n, size_t s)
{
    const char *p = memchr(t + s, '\n', n - s);
    return p ? (size_t)(p - t) : n;
}

static size_t S_skip_blanks(const char *t, size_t s, size_t e)
{
    while (s < e && S_is_blank(t[s]))
        s++;
    return s;
}

/* Length of a list marker at t[s] ("-", "+", "*", "12." or "3)") followed by a blank or the
 * end of the line; 0 when there is none. */
static size_t S_list_marker(const char *t, size_t s, size_t e)
{
    size_t k = s;
    if (k < e && (t[k] == '-' || t[k] == '+' || t[k] == '*')) {
        k++;
    } else {
        while (k < e && k - s < 9 && S_is_digit(t[k]))
            k++;
        if (k == s || k >= e || (t[k] != '.' && t[k] != ')'))
            return 0;
        k++;
    }
    return (k == e || S_is_blank(t[k])) ? k - s : 0;
}

static bool S_is_heading(const char *t, size_t s, size_t e)
{
    size_t k = s;
    while (k < e && t[k] == '#' && k - s < 7)
        k++;
    return k > s && k - s <= 6 && (k == e || S_is_blank(t[k]));
}

static bool S_is_fence(const char *t, size_t s, size_t e)
{
    return e - s >= 3 && (memcmp(t + s, "```", 3) == 0 || memcmp(t + s, "~~~", 3) == 0);
}

/* A thematic break or setext underline: one of - = * _ repeated, blanks allowed. */
static bool S_is_rule(const char *t, size_t s, size_t e)
{
    char c = t[s];
    if (c != '-' && c != '=' && c != '*' && c != '_')
        return false;
    for (size_t k = s; k < e; k++)
        if (t[k] != c && !S_is_blank(t[k]))
            return false;
    return true;
}

/* Does the line t[s..e) (not blank) start a new block, ending a paragraph above it? */
static bool S_opens_block(const char *t, size_t s, size_t e)
{
    s = S_skip_blanks(t, s, e);
    if (s == e)
        return true;
    char c = t[s];
    return c == '>' || c == '<' || S_is_heading(t, s, e) || S_list_marker(t, s, e) ||
           S_is_fence(t, s, e) || S_is_rule(t, s, e);
}

/* Past the container marks that open t[s..e): quote marks and list markers, and the blanks
 * around them. */
static size_t S_skip_containers(const char *t, size_t s, size_t e)
{
    for (;;) {
        s = S_skip_blanks(t, s, e);
        if (s < e && t[s] == '>') {
            s++;
            continue;
        }
        size_t m = S_list_marker(t, s, e);
        if (!m)
            return s;
        s += m;
    }
}

/* Can inline content of the line t[s..e) go on to the next line? Not after a heading or a
 * fence line (also inside quotes and list items), nor from an empty one. */
static bool S_line_open(const char *t, size_t s, size_t e)
{
    s = S_skip_containers(t, s, e);
    return s < e && !S_is_heading(t, s, e) && !S_is_fence(t, s, e) && !S_is_rule(t, s, e);
}

/* The end of the region holding the current line: the '\n' (or n) after its last line. */
static size_t S_region_end(S_scan *st)
{
    if (st->reg_valid && st->line_start >= st->reg_start && st->line_start <= st->reg_end)
        return st->reg_end;
    const char *t = st->t;
    size_t n = st->n, s = st->line_start;
    st->reg_valid = true;
    st->reg_start = s;
    st->region = ++st->ps->regions;
    for (;;) {
        size_t e = S_eol(t, n, s);
        if (e >= n || !S_line_open(t, s, e)) {
            st->reg_end = e;
            break;
        }
        size_t e2 = S_eol(t, n, e + 1);
        if (S_skip_blanks(t, e + 1, e2) == e2 || S_opens_block(t, e + 1, e2)) {
            st->reg_end = e;
            break;
        }
        s = e + 1;
    }
    return st->reg_end;
}

/* Moves the line count over t[from..to). */
static void S_lines(S_scan *st, size_t from, size_t to)
{
    const char *p;
    while (from < to && (p = memchr(st->t + from, '\n', to - from))) {
        from = (size_t)(p - st->t) + 1;
        st->line++;
        st->line_start = from;
    }
}

static void S_token(vg_prescan *ps, size_t id)
{
    char tok[VG_PH_TOKEN];
    memcpy(tok, VG_PH_LEAD, 3); /* NOLINT(bugprone-not-null-terminated-result): not a string */
    for (int k = VG_PH_DIGITS - 1; k >= 0; k--) {
        tok[3 + k] = (char)('a' + id % 26);
        id /= 26;
    }
    vg_buf_add(&ps->out, tok, sizeof tok);
}

static bool S_push_ph(vg_prescan *ps, size_t off, size_t len, vg_ph_kind kind, unsigned nlines)
{
    if (!vg_deck_grow((void **)&ps->phs, &ps->cap_phs, ps->nphs + 1, sizeof *ps->phs)) {
        ps->failed = true;
        return false;
    }
    ps->phs[ps->nphs] = (vg_ph){off, len, kind, nlines};
    S_token(ps, ps->nphs++);
    return true;
}

/* Copies t[copied..upto) to the output, hiding the deck's own U+FDD0 and U+FDD1. */
static void S_flush(S_scan *st, size_t upto)
{
    const char *t = st->t;
    size_t p = st->copied;
    while (p < upto) {
        const char *m = memchr(t + p, 0xEF, upto - p);
        if (!m) {
            vg_buf_add(&st->ps->out, t + p, upto - p);
            break;
        }
        size_t q = (size_t)(m - t);
        if (q + 3 <= upto && t[q + 1] == '\xB7' && (t[q + 2] == '\x90' || t[q + 2] == '\x91')) {
            vg_buf_add(&st->ps->out, t + p, q - p);
            S_push_ph(st->ps, q, 3, VG_PH_LITERAL, 1);
            p = q + 3;
        } else {
            vg_buf_add(&st->ps->out, t + p, q + 1 - p);
            p = q + 1;
        }
    }
    st->copied = upto;
}

/* Replaces the math t[a..b) by its token; each further line keeps its line break and
 * indentation and has the rest (up to b) replaced by U+FDD1. */
static void S_math(S_scan *st, size_t a, size_t b, vg_ph_kind kind)
{
    vg_prescan *ps = st->ps;
    const char *t = st->t;
    S_flush(st, a);
    unsigned nlines = 1;
    for (const char *p = memchr(t + a, '\n', b - a); p;
         p = memchr(p + 1, '\n', b - (size_t)(p + 1 - t)))
        nlines++;
    if (!S_push_ph(ps, a, b - a, kind, nlines))
        return;
    for (const char *p = memchr(t + a, '\n', b - a); p;
         p = memchr(p + 1, '\n', b - (size_t)(p + 1 - t))) {
        size_t s = (size_t)(p - t) + 1;
        size_t w = S_skip_blanks(t, s, b);
        vg_buf_addc(&ps->out, '\n');
        vg_buf_add(&ps->out, t + s, w - s);
        vg_buf_add(&ps->out, VG_PH_CONT, 3);
    }
    st->copied = b;
    S_lines(st, a, b);
}

static void S_unclosed(S_scan *st, size_t at, const char *opener)
{
    vg_prescan *ps = st->ps;
    if (!vg_deck_grow((void **)&ps->unclosed, &ps->cap_unclosed, ps->nunclosed + 1,
                      sizeof *ps->unclosed)) {
        ps->failed = true;
        return;
    }
    ps->unclosed[ps->nunclosed++] =
        (vg_unclosed){st->line, vg_deck_col(st->t, st->line_start, at), opener};
}

/* The first string of exactly `run` backticks in t[from..end), or SIZE_MAX. Remembers what
 * it saw (as cmark does) so a region is scanned in vain at most once. */
static size_t S_find_ticks(S_scan *st, size_t from, size_t end, size_t run)
{
    vg_tick_seen *seen = st->ps->ticks;
    if (st->ticks_full == st->region && (seen[run].region != st->region || seen[run].pos < from))
        return SIZE_MAX;
    const char *t = st->t;
    size_t p = from;
    while (p < end) {
        const char *m = memchr(t + p, '`', end - p);
        if (!m)
            break;
        size_t q = (size_t)(m - t), r = q;
        while (r < end && t[r] == '`')
            r++;
        if (r - q <= VG_TICKS_MAX)
            seen[r - q] = (vg_tick_seen){st->region, q};
        if (r - q == run)
            return q;
        p = r;
    }
    st->ticks_full = st->region;
    return SIZE_MAX;
}

static size_t S_backticks(S_scan *st, size_t i)
{
    const char *t = st->t;
    size_t run = 0;
    while (i + run < st->n && t[i + run] == '`')
        run++;
    if (run > VG_TICKS_MAX)
        return i + run;
    size_t end = S_region_end(st);
    size_t close = S_find_ticks(st, i + run, end, run);
    if (close == SIZE_MAX)
        return i + run;
    S_lines(st, i, close + run);
    return close + run;
}

/* '$' at t[i]: display math up to the next "$$", or inline math up to the first '$' after it
 * when that one may close it (see the rules at the top). */
static size_t S_dollar(S_scan *st, size_t i)
{
    const char *t = st->t;
    size_t n = st->n, end = S_region_end(st);
    if (i + 1 < n && t[i + 1] == '$') {
        size_t found = SIZE_MAX;
        if (i >= st->fail_display) {
            size_t k = i + 2;
            for (; k + 1 < end && t[k] != '`'; k++) {
                if (t[k] == '\\') {
                    k++;
                } else if (t[k] == '$' && t[k + 1] == '$') {
                    found = k;
                    break;
                }
            }
            if (found == SIZE_MAX)
                st->fail_display = k + 1;
        }
        if (found == SIZE_MAX) {
            S_unclosed(st, i, "$$");
            return i + 2;
        }
        size_t k = i + 2;
        while (k < found && S_is_space(t[k]))
            k++;
        if (k == found) { /* "$$ $$": nothing to show, not math */
            S_lines(st, i, found + 2);
            return found + 2;
        }
        S_math(st, i, found + 2, VG_PH_DISPLAY);
        return found + 2;
    }
    if (i + 1 >= n || t[i + 1] == '\n')
        return i + 1;
    /* The first '$' after it: the search goes no further, so it costs the gap only. */
    bool padded = S_is_blank(t[i + 1]);
    size_t k = i + 1;
    while (k < end && t[k] != '`' && t[k] != '$')
        k += t[k] == '\\' ? 2 : 1;
    bool closes = k < end && t[k] == '$' && !(k + 1 < n && S_is_digit(t[k + 1])) &&
                  (padded ? S_is_space(t[k - 1]) : !S_is_space(t[k - 1]));
    if (closes && padded) { /* "$ $" is two dollar signs */
        size_t c = i + 1;
        while (c < k && S_is_space(t[c]))
            c++;
        closes = c < k;
    }
    if (!closes) {
        if (!padded && !S_is_digit(t[i + 1]))
            S_unclosed(st, i, "$");
        return i + 1;
    }
    S_math(st, i, k + 1, VG_PH_MATH);
    return k + 1;
}

/* "\(" or "\[" at t[i]: math up to the matching "\)" or "\]" in the region. *fail remembers
 * where a search found nothing, so a run of openers without a closer is searched once. */
static size_t S_backslash_math(S_scan *st, size_t i, size_t *fail)
{
    const char *t = st->t;
    bool display = t[i + 1] == '[';
    char close = display ? ']' : ')';
    /* "\[1\]" is how markdown escapes brackets: display math opens with "\[" and a space
     * or a line break. */
    if (display && !(i + 2 < st->n && S_is_space(t[i + 2])))
        return i + 2;
    size_t end = S_region_end(st), found = SIZE_MAX;
    if (i >= *fail) {
        size_t k = i + 2;
        for (; k + 1 < end && t[k] != '`'; k++) {
            if (t[k] != '\\')
                continue;
            if (t[k + 1] == close) {
                found = k;
                break;
            }
            k++;
        }
        if (found == SIZE_MAX)
            *fail = k + 1;
    }
    if (found == SIZE_MAX) {
        /* Left to cmark: an escaped bracket, as markdown has it. */
        S_unclosed(st, i, display ? "\\[" : "\\(");
        return i + 2;
    }
    size_t c = i + 2;
    while (c < found && S_is_space(t[c]))
        c++;
    if (c == found) { /* "\(\)": nothing to show, two escaped brackets */
        S_lines(st, i, found + 2);
        return found + 2;
    }
    S_math(st, i, found + 2, display ? VG_PH_DISPLAY : VG_PH_MATH);
    return found + 2;
}

static int S_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static bool S_starts_ci(const char *t, size_t k, size_t e, const char *p)
{
    size_t m = strlen(p);
    if (e - k < m)
        return false;
    for (size_t j = 0; j < m; j++)
        if (S_lower((unsigned char)t[k + j]) != p[j])
            return false;
    return true;
}

size_t vg_deck_find_ci(const char *t, size_t n, size_t from, const char *marker)
{
    size_t m = strlen(marker);
    while (from + m <= n) {
        /* The markers start with '<', '-', '?', '>' or ']': no case to fold there. */
        const char *p = memchr(t + from, marker[0], n - from - m + 1);
        if (!p)
            break;
        size_t i = (size_t)(p - t);
        if (S_starts_ci(t, i, n, marker))
            return i;
        from = i + 1;
    }
    return n;
}

const char *vg_deck_html_end(const char *t, size_t k, size_t e)
{
    static const char *const tags[][2] = {{"<script", "</script>"},
                                          {"<pre", "</pre>"},
                                          {"<style", "</style>"},
                                          {"<textarea", "</textarea>"}};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        size_t m = strlen(tags[i][0]);
        if (S_starts_ci(t, k, e, tags[i][0]) &&
            (k + m == e || t[k + m] == ' ' || t[k + m] == '\t' || t[k + m] == '>'))
            return tags[i][1];
    }
    if (S_starts_ci(t, k, e, "<!--"))
        return "-->";
    if (S_starts_ci(t, k, e, "<?"))
        return "?>";
    if (S_starts_ci(t, k, e, "<![cdata["))
        return "]]>";
    if (e - k >= 3 && t[k + 1] == '!' && S_lower((unsigned char)t[k + 2]) >= 'a' &&
        S_lower((unsigned char)t[k + 2]) <= 'z')
        return ">";
    return NULL;
}

/* At the start of a line: when it may open an HTML block that ends with a marker, copies the
 * block through (no math in it) and returns where the line after it starts; otherwise s. The
 * block is taken to end at its marker or before the next '##' line, whichever comes first
 * (a '##' line ends it unless it is at the top level; then the piece is extended and the
 * block scanned again, see deck/load.c). */
static size_t S_line_begins(S_scan *st, size_t s)
{
    const char *t = st->t;
    size_t n = st->n, p = s;
    /* Container marks first; bounded by n, not the line's end: none of them is a '\n'. */
    p = S_skip_containers(t, p, n);
    if (p >= n || t[p] != '<')
        return s;
    size_t e = S_eol(t, n, s);
    const char *marker = vg_deck_html_end(t, p, e);
    if (!marker)
        return s;
    size_t limit = e < n ? e + 1 : n;
    while (limit < n && !vg_deck_is_h2(t, n, limit)) {
        size_t le = S_eol(t, n, limit);
        limit = le < n ? le + 1 : n;
    }
    size_t at = vg_deck_find_ci(t, limit, p, marker);
    size_t end = limit;
    if (at < limit) {
        end = S_eol(t, n, at);
        end = end < n ? end + 1 : n;
    }
    S_lines(st, s, end);
    return end;
}

void vg_prescan_init(vg_prescan *ps)
{
    memset(ps, 0, sizeof *ps);
    vg_buf_init(&ps->out);
}

void vg_prescan_release(vg_prescan *ps)
{
    vg_buf_release(&ps->out);
    free(ps->phs);
    free(ps->unclosed);
    free(ps->ticks);
    vg_prescan_init(ps);
}

bool vg_prescan_run(vg_prescan *ps, const char *t, size_t n, unsigned first_line)
{
    vg_buf_clear(&ps->out);
    ps->nphs = ps->nunclosed = 0;
    ps->failed = false;
    if (!ps->ticks) {
        ps->ticks = calloc(VG_TICKS_MAX + 1, sizeof *ps->ticks);
        if (!ps->ticks)
            return false;
    }
    /* Room for the text as it is; placeholders may make it grow, vg_buf handles that. */
    if (!vg_buf_grow(&ps->out, n + 1))
        return false;
    S_scan st = {.ps = ps, .t = t, .n = n, .line = first_line};
    size_t i = 0, j;
    while (i < n && (j = S_line_begins(&st, i)) != i)
        i = j;
    while (i < n && !ps->failed) {
        while (i < n && !S_special[(unsigned char)t[i]])
            i++;
        if (i >= n)
            break;
        switch (t[i]) {
        case '\n':
            st.line++;
            st.line_start = ++i;
            while (i < n && (j = S_line_begins(&st, i)) != i)
                i = j;
            break;
        case '\\':
            if (i + 1 < n && t[i + 1] == '(')
                i = S_backslash_math(&st, i, &st.fail_paren);
            else if (i + 1 < n && t[i + 1] == '[')
                i = S_backslash_math(&st, i, &st.fail_bracket);
            else
                i += (i + 1 < n && S_is_punct(t[i + 1])) ? 2 : 1;
            break;
        case '`':
            i = S_backticks(&st, i);
            break;
        default: /* '$' */
            i = S_dollar(&st, i);
            break;
        }
    }
    S_flush(&st, n);
    ps->end_line = st.line;
    if (ps->out.failed)
        ps->failed = true;
    return !ps->failed;
}
