/* Decks: reading the file, checking its bytes, line ends, and splitting the source into
 * pieces that cmark parses one at a time (see deck/deck_int.h for the whole pipeline).
 *
 * Why pieces: a deck of 100,000 cards makes a cmark tree of over a million nodes. Parsed a
 * section at a time, each tree is converted and freed before the next, so memory stays at
 * the size of the deck we keep, and cmark works in cache. A '##' line at column 1 always
 * starts a top-level heading unless a top-level fenced code block or HTML block is still open
 * (containers cannot continue over it, paragraphs are interrupted by it); that case is
 * detected after parsing and the piece is extended. Link reference definitions are the one
 * thing cmark shares across a whole document, so a deck that may have one ("]:") is parsed
 * in one piece. */
#include <cmark.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "deck/deck_int.h"
#include "vgrev/file.h"
#include "vgrev/utf8.h"

enum { S_MAX_EXTEND = 8 }; /* then the rest is one piece: no input makes it quadratic */

unsigned vg_deck_col(const char *s, size_t line_start, size_t off)
{
    (void)s;
    return (unsigned)(off - line_start + 1);
}

/* ---- ids ---- */

#define S_FNV_PRIME UINT64_C(0x100000001b3)
#define S_FNV_BASIS UINT64_C(0xcbf29ce484222325)

static bool S_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* FNV-1a (Fowler, Noll, Vo; draft-eastlake-fnv) over s with whitespace folded. */
uint64_t vg_deck_fnv(uint64_t h, const char *s)
{
    bool space = false, any = false;
    for (; *s; s++) {
        if (S_is_space(*s)) {
            space = any;
            continue;
        }
        if (space) {
            h ^= (unsigned char)' ';
            h *= S_FNV_PRIME;
        }
        space = false;
        any = true;
        h ^= (unsigned char)*s;
        h *= S_FNV_PRIME;
    }
    return h;
}

uint64_t vg_deck_hash_title(const char *section_title)
{
    uint64_t h = vg_deck_fnv(S_FNV_BASIS, section_title ? section_title : "");
    h ^= 0x1F;
    return h * S_FNV_PRIME;
}

uint64_t vg_deck_hash(const char *section_title, const char *front_src)
{
    return vg_deck_fnv(vg_deck_hash_title(section_title), front_src ? front_src : "");
}

void vg_deck_hex(uint64_t hash, char out[VG_CARD_ID_LEN + 1])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = VG_CARD_ID_LEN - 1; i >= 0; i--, hash >>= 4)
        out[i] = digits[hash & 0xF];
    out[VG_CARD_ID_LEN] = '\0';
}

uint64_t vg_deck_hash_sub(uint64_t title_state, const char *subsection)
{
    const char *p = subsection ? subsection : "";
    while (S_is_space(*p))
        p++;
    if (!*p)
        return title_state; /* no subsection: the id of before subsections */
    uint64_t h = vg_deck_fnv(title_state, p);
    h ^= 0x1F;
    return h * S_FNV_PRIME;
}

void vg_card_id(const char *section_title, const char *front_src, char out[VG_CARD_ID_LEN + 1])
{
    vg_deck_hex(vg_deck_hash(section_title, front_src), out);
}

void vg_card_id_sub(const char *section_title, const char *subsection, const char *front_src,
                    char out[VG_CARD_ID_LEN + 1])
{
    uint64_t h = vg_deck_hash_sub(vg_deck_hash_title(section_title), subsection);
    vg_deck_hex(vg_deck_fnv(h, front_src ? front_src : ""), out);
}

/* ---- bytes ---- */

/* Line and column (bytes, 1-based) of src[off], counting line ends as cmark does
 * (LF, CRLF or a lone CR) and not counting a BOM. */
static void S_locate(const char *src, size_t len, size_t off, unsigned *line, unsigned *col)
{
    unsigned l = 1;
    size_t ls = (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    for (size_t i = ls; i < off; i++) {
        if (src[i] == '\n' || (src[i] == '\r' && (i + 1 >= len || src[i + 1] != '\n'))) {
            l++;
            ls = i + 1;
        }
    }
    *line = l;
    *col = vg_deck_col(src, ls, off);
}

/* vg_utf8_check() with a fast path: ASCII without NUL is skipped 8 bytes at a time, and each
 * run of non-ASCII bytes (where every multi-byte character lies whole) is checked alone. */
static size_t S_utf8_check(const char *s, size_t len)
{
    const uint64_t high = UINT64_C(0x8080808080808080), ones = UINT64_C(0x0101010101010101);
    size_t i = 0;
    while (i < len) {
        uint64_t w;
        if (len - i >= 8 && (memcpy(&w, s + i, 8), !(w & high) && !((w - ones) & ~w & high))) {
            i += 8;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        if (c && c < 0x80) {
            i++;
            continue;
        }
        if (!c)
            return i;
        size_t j = i;
        while (j < len && (unsigned char)s[j] >= 0x80)
            j++;
        size_t off = vg_utf8_check(s + i, j - i);
        if (off < j - i)
            return i + off;
        i = j;
    }
    return len;
}

static vg_status S_check_bytes(const char *src, size_t len, const char *file, vg_error *err)
{
    size_t off = S_utf8_check(src, len);
    if (off >= len)
        return VG_OK;
    unsigned line, col;
    S_locate(src, len, off, &line, &col);
    if (!src[off])
        return vg_error_set(err, VG_PARSE, file, line, col, "NUL byte (not a text file?)");
    return vg_error_set(err, VG_PARSE, file, line, col, "invalid UTF-8 (byte 0x%02X)",
                        (unsigned char)src[off]);
}

static vg_status S_too_large(vg_error *err, const char *file, size_t len)
{
    return vg_error_set(err, VG_INVALID, file, 0, 0,
                        "file too large (%zu bytes; a deck may have at most %u MB)", len,
                        (unsigned)(VG_DECK_MAX_BYTES >> 20));
}

static bool S_needs_normalizing(const char *s, size_t len)
{
    return (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) || (len && memchr(s, '\r', len));
}

/* Drops a BOM and turns CRLF and lone CR into LF, in place; returns the new length. Lines
 * and columns stay what they were: a CR only ever ends a line. */
static size_t S_normalize(char *s, size_t len)
{
    size_t i = (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0, o = 0;
    for (; i < len; i++) {
        if (s[i] != '\r') {
            s[o++] = s[i];
        } else {
            s[o++] = '\n';
            if (i + 1 < len && s[i + 1] == '\n')
                i++;
        }
    }
    return o;
}

/* ---- pieces ---- */

static size_t S_eol(const char *t, size_t n, size_t s)
{
    if (s >= n)
        return n;
    const char *p = memchr(t + s, '\n', n - s);
    return p ? (size_t)(p - t) : n;
}

static size_t S_next_line(const char *t, size_t n, size_t s)
{
    size_t e = S_eol(t, n, s);
    return e < n ? e + 1 : n;
}

bool vg_deck_is_h2(const char *t, size_t n, size_t s)
{
    return s + 2 <= n && t[s] == '#' && t[s + 1] == '#' &&
           (s + 2 == n || t[s + 2] == ' ' || t[s + 2] == '\t' || t[s + 2] == '\n');
}

/* The first line starting at or after from (a line start) that is a '##' heading, or n. */
static size_t S_next_split(const char *t, size_t n, size_t from)
{
    for (size_t s = from; s < n; s = S_next_line(t, n, s))
        if (vg_deck_is_h2(t, n, s))
            return s;
    return n;
}

static bool S_has_refdef(const char *t, size_t n)
{
    if (!n)
        return false;
    for (const char *p = t; (p = memchr(p, ']', n - (size_t)(p - t))); p++)
        if ((size_t)(p + 1 - t) < n && p[1] == ':')
            return true;
    return false;
}

/* Lines that open with "- ", "* " or "+ ": about the number of cards, to size the array. */
static size_t S_count_bullets(const char *t, size_t n)
{
    size_t k = 0;
    for (size_t s = 0; s + 1 < n; s = S_next_line(t, n, s))
        k += (t[s] == '-' || t[s] == '*' || t[s] == '+') && t[s + 1] == ' ';
    return k;
}

static bool S_is_blank_line(const char *t, size_t s, size_t e)
{
    while (s < e && (t[s] == ' ' || t[s] == '\t'))
        s++;
    return s == e;
}

/* How an open top-level block ends. */
typedef struct S_closer {
    enum { CL_FENCE, CL_MARKER, CL_BLANK } kind;
    char fence;
    size_t fence_len;
    const char *marker;
} S_closer;

static bool S_closes_fence(const char *t, size_t s, size_t e, const S_closer *cl)
{
    size_t k = s;
    while (k < e && t[k] == ' ' && k - s < 3)
        k++;
    size_t r = k;
    while (r < e && t[r] == cl->fence)
        r++;
    return r - k >= cl->fence_len && S_is_blank_line(t, r, e);
}

/* How the HTML block starting at t[k] ('<') ends (CommonMark 4.6). */
static void S_html_closer(const char *t, size_t k, size_t e, S_closer *cl)
{
    cl->marker = vg_deck_html_end(t, k, e);
    cl->kind = cl->marker ? CL_MARKER : CL_BLANK;
}

/* Does the piece end inside a top-level fenced code block or HTML block, which a following
 * '##' line would continue? t[0..n) is the text cmark parsed (placeholders in): what ends a
 * block is judged on what cmark saw. If so, *cl says how that block ends. */
static bool S_open_at_end(cmark_node *doc, const char *t, size_t n, S_closer *cl)
{
    cmark_node *last = cmark_node_last_child(doc);
    if (!last)
        return false;
    cmark_node_type type = cmark_node_get_type(last);
    if (type != CMARK_NODE_CODE_BLOCK && type != CMARK_NODE_HTML_BLOCK)
        return false;
    size_t s = 0;
    for (int l = cmark_node_get_start_line(last); l > 1 && s < n; l--)
        s = S_next_line(t, n, s);
    size_t e = S_eol(t, n, s), k = s;
    while (k < e && t[k] == ' ' && k - s < 3)
        k++;
    if (type == CMARK_NODE_CODE_BLOCK) {
        if (k >= e || (t[k] != '`' && t[k] != '~'))
            return false; /* indented code: a '##' line ends it */
        size_t r = k;
        while (r < e && t[r] == t[k])
            r++;
        *cl = (S_closer){.kind = CL_FENCE, .fence = t[k], .fence_len = r - k};
        for (size_t l = S_next_line(t, n, s); l < n; l = S_next_line(t, n, l))
            if (S_closes_fence(t, l, S_eol(t, n, l), cl))
                return false;
        return true;
    }
    if (k >= e || t[k] != '<')
        return false;
    S_html_closer(t, k, e, cl);
    if (cl->kind == CL_MARKER)
        return vg_deck_find_ci(t, n, k, cl->marker) == n;
    for (size_t l = S_next_line(t, n, s); l < n; l = S_next_line(t, n, l))
        if (S_is_blank_line(t, l, S_eol(t, n, l)))
            return false;
    return true;
}

/* The start of the line after the one that closes the block, searching from line start
 * from; n when nothing closes it. */
static size_t S_find_close(const char *t, size_t n, size_t from, const S_closer *cl)
{
    if (cl->kind == CL_MARKER) {
        size_t at = vg_deck_find_ci(t, n, from, cl->marker);
        return at >= n ? n : S_next_line(t, n, at);
    }
    for (size_t l = from; l < n; l = S_next_line(t, n, l)) {
        size_t e = S_eol(t, n, l);
        if (cl->kind == CL_FENCE ? S_closes_fence(t, l, e, cl) : S_is_blank_line(t, l, e))
            return S_next_line(t, n, l);
    }
    return n;
}

/* The pieces of t[0..n) from start on, parsed and converted one at a time. */
typedef struct S_pieces {
    const char *t;
    char *discard; /* t when it is ours to give back as it is parsed, else NULL */
    size_t n, start;
    size_t kept; /* t[kept..) not given back yet */
    unsigned line0;
    bool whole;
    vg_builder *b;
    vg_prescan *ps;
} S_pieces;

/* Under vg_cmark_guard(): false when out of memory. */
static bool S_parse_pieces(void *arg)
{
    S_pieces *pc = arg;
    const char *t = pc->t;
    size_t n = pc->n, start = pc->start;
    unsigned line0 = pc->line0;
    for (;;) {
        size_t end = pc->whole ? n : S_next_split(t, n, S_next_line(t, n, start));
        cmark_node *doc = NULL;
        for (int tries = 0;; tries++) {
            if (!vg_prescan_run(pc->ps, t + start, end - start, line0 + 1))
                return false;
            const char *src = pc->ps->out.data ? pc->ps->out.data : "";
            doc = vg_cmark_parse(src, pc->ps->out.len, CMARK_OPT_SOURCEPOS);
            S_closer cl = {.kind = CL_BLANK};
            if (!doc || end == n || !S_open_at_end(doc, src, pc->ps->out.len, &cl))
                break;
            cmark_node_free(doc);
            doc = NULL;
            end = tries >= S_MAX_EXTEND ? n : S_next_split(t, n, S_find_close(t, n, end, &cl));
        }
        if (!doc)
            return false;
        bool ok = vg_builder_piece(pc->b, doc, t + start, end - start, line0, pc->ps);
        cmark_node_free(doc);
        if (!ok)
            return false;
        line0 = pc->ps->end_line - 1;
        /* What the deck keeps is copied out of the text: the piece before this one (kept a
         * piece longer than it is read) is given back, so at the end of a big deck's parse
         * its text takes the memory of a piece or two, not of the whole. */
        if (pc->discard && start > pc->kept)
            pc->kept += vg_mem_discard(pc->discard + pc->kept, start - pc->kept);
        start = end;
        if (start >= n)
            return true;
    }
}

/* Parses normalized text t[0..n) (valid UTF-8, LF line ends); own: t itself when it is ours to
 * give back as it is parsed (it reads as zeros afterwards), else NULL. */
static vg_status S_parse_text(const char *t, size_t n, char *own, const char *file, vg_deck **out,
                              vg_error *err)
{
    vg_arena *arena = vg_arena_new();
    /* What a deck keeps is about three times its text (rendered text, spans, blocks, cards):
     * one chunk for it, where growing chunks cost a page fault a page. Too much costs only
     * address space; too little, chunks as before. */
    if (arena && n <= SIZE_MAX / 4)
        (void)vg_arena_reserve(arena, n * 3 + 4096);
    vg_deck *deck = arena ? vg_arena_alloc(arena, sizeof *deck) : NULL;
    if (!deck) {
        vg_arena_free(arena);
        return vg_error_set(err, VG_NOMEM, file, 0, 0, NULL);
    }
    memset(deck, 0, sizeof *deck);
    deck->arena = arena;
    deck->title = "";
    deck->file = vg_arena_strndup(arena, file, strlen(file));

    vg_builder b;
    vg_builder_init(&b, deck, S_count_bullets(t, n));
    vg_prescan ps;
    vg_prescan_init(&ps);
    vg_outline ol;
    bool ok = deck->file != NULL && vg_outline_read(&b, t, n, &ol);
    b.section_level = ok ? ol.section_level : 2;
    b.h1_sections = ok && ol.h1_sections;
    if (ok) {
        S_pieces pc = {t, own, n, ol.body, ol.body, ol.body_line0, S_has_refdef(t, n), &b, &ps};
        ok = vg_cmark_guard(S_parse_pieces, &pc);
    }
    ok = ok && vg_builder_finish(&b);
    vg_builder_release(&b);
    vg_prescan_release(&ps);
    if (!ok) {
        vg_arena_free(arena);
        return vg_error_set(err, VG_NOMEM, file, 0, 0, NULL);
    }
    *out = deck;
    return VG_OK;
}

vg_status vg_deck_parse(const char *src, size_t len, const char *file, vg_deck **out, vg_error *err)
{
    if (!file)
        file = "";
    if (!out)
        return vg_error_set(err, VG_INVALID, file, 0, 0, "no place for the deck");
    *out = NULL;
    if (!src)
        src = "", len = 0;
    if (len > VG_DECK_MAX_BYTES)
        return S_too_large(err, file, len);
    vg_status st = S_check_bytes(src, len, file, err);
    if (st != VG_OK)
        return st;
    if (!S_needs_normalizing(src, len))
        return S_parse_text(src, len, NULL, file, out, err);
    char *copy = malloc(len + 1);
    if (!copy)
        return vg_error_set(err, VG_NOMEM, file, 0, 0, NULL);
    memcpy(copy, src, len);
    st = S_parse_text(copy, S_normalize(copy, len), copy, file, out, err);
    free(copy);
    return st;
}

static vg_status S_errno(vg_error *err, const char *path, int e)
{
    return vg_error_set(err, e == ENOENT || e == ENOTDIR ? VG_NOT_FOUND : VG_IO, path, 0, 0, "%s",
                        strerror(e));
}

vg_status vg_deck_read(const char *path, char **buf, size_t *len, vg_error *err)
{
    vg_buf b = VG_BUF_INIT;
    size_t size = 0;
    *buf = NULL;
    *len = 0;
    /* VG_FILE_REGULAR: a FIFO would block (or a device be read to the size limit). */
    if (vg_file_read(&b, path, VG_DECK_MAX_BYTES, VG_FILE_REGULAR, &size) != VG_FILE_DONE) {
        int e = errno;
        vg_buf_release(&b);
        if (e == EFBIG)
            return S_too_large(err, path, size);
        if (e == EINVAL)
            return vg_error_set(err, VG_IO, path, 0, 0,
                                "not a regular file (%s): a deck is read from a file",
                                vg_file_kind(path));
        if (e == ENOMEM)
            return vg_error_set(err, VG_NOMEM, path, 0, 0, NULL);
        return S_errno(err, path, e);
    }
    *len = b.len;
    *buf = vg_buf_detach(&b);
    return *buf ? VG_OK : vg_error_set(err, VG_NOMEM, path, 0, 0, NULL);
}

vg_status vg_deck_load(const char *path, vg_deck **out, vg_error *err)
{
    if (!out)
        return vg_error_set(err, VG_INVALID, path, 0, 0, "no place for the deck");
    *out = NULL;
    if (!path || !*path)
        return vg_error_set(err, VG_NOT_FOUND, NULL, 0, 0, "no deck file given");
    char *buf;
    size_t len;
    vg_status st = vg_deck_read(path, &buf, &len, err);
    if (st != VG_OK)
        return st;
    st = S_check_bytes(buf, len, path, err);
    if (st == VG_OK)
        st = S_parse_text(buf, S_needs_normalizing(buf, len) ? S_normalize(buf, len) : len, buf,
                          path, out, err);
    free(buf);
    return st;
}

void vg_deck_free(vg_deck *deck)
{
    if (deck)
        vg_arena_free(deck->arena);
}

static bool S_is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

const vg_card *vg_deck_find(const vg_deck *deck, const char *id)
{
    if (!deck || !id)
        return NULL;
    char want[VG_CARD_ID_LEN + 1];
    size_t len = 0;
    for (; id[len]; len++) {
        if (len >= VG_CARD_ID_LEN)
            return NULL;
        char c = id[len];
        want[len] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
        if (!S_is_hex(want[len]))
            return NULL;
    }
    if (len < 4)
        return NULL;
    const vg_card *found = NULL;
    for (size_t i = 0; i < deck->ncards; i++) {
        if (memcmp(deck->cards[i].id, want, len) != 0)
            continue;
        if (len == VG_CARD_ID_LEN)
            return &deck->cards[i];
        if (found)
            return NULL; /* ambiguous */
        found = &deck->cards[i];
    }
    return found;
}

bool vg_deck_has_errors(const vg_deck *deck)
{
    for (size_t i = 0; deck && i < deck->ndiags; i++)
        if (deck->diags[i].level == VG_DIAG_ERROR)
            return true;
    return false;
}

const char *vg_deck_cmark_version(void)
{
    return cmark_version_string();
}
