/* Searching the fronts and backs of a deck (see include/vgrev/search.h). */
#include "vgrev/search.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "base/mem.h"
#include "vgrev/render.h"
#include "vgrev/utf8.h"

/* A card's folded text: its front, its back right after it. */
struct vg_search_text {
    const char *text;
    size_t front_len, back_len;
};

enum {
    S_CHUNK = 2 << 20, /* the text is kept in pieces of this size, which never move */
    S_CARD_COST = 32,  /* the work of looking at a card, besides its bytes */
    S_MAKE_COST = 16,  /* making a byte of text costs about this many bytes of looking */
};

void vg_search_init(vg_search *s, const vg_deck *deck)
{
    memset(s, 0, sizeof *s);
    s->deck = deck;
    s->done = true;
    vg_buf_init(&s->needle);
    vg_buf_init(&s->line);
    vg_buf_init(&s->scratch);
    vg_buf_init(&s->part[0]);
    vg_buf_init(&s->part[1]);
}

/* Forgets the text made (the deck changed). */
static void S_text_release(vg_search *s)
{
    for (size_t i = 0; i < s->nchunks; i++)
        free(s->chunks[i]);
    free(s->chunks);
    free(s->texts);
    s->chunks = NULL;
    s->texts = NULL;
    s->nchunks = s->chunks_cap = s->chunk_used = s->chunk_size = 0;
    s->nbuilt = 0;
}

void vg_search_release(vg_search *s)
{
    S_text_release(s);
    free(s->matches);
    s->matches = NULL;
    s->nmatches = s->cap = 0;
    vg_buf_release(&s->needle);
    vg_buf_release(&s->line);
    vg_buf_release(&s->scratch);
    vg_buf_release(&s->part[0]);
    vg_buf_release(&s->part[1]);
}

void vg_search_reset(vg_search *s, const vg_deck *deck)
{
    S_text_release(s);
    s->deck = deck;
    vg_search_clear(s);
}

void vg_search_clear(vg_search *s)
{
    s->nmatches = 0;
    s->nranges = 0;
    s->next = 0;
    s->done = true;
    vg_buf_clear(&s->needle);
}

/* The lower case of a character cp (n bytes in UTF-8) if it keeps that length, into enc;
 * false when it stays as it is. */
static bool S_lower(size_t n, uint32_t cp, char enc[4])
{
    uint32_t lc = (uint32_t)towlower((wint_t)cp);
    return lc != cp && lc <= 0x10ffff && vg_utf8_encode(lc, enc) == n;
}

void vg_search_fold(const char *str, size_t len, vg_buf *out)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = vg_utf8_decode(str + i, len - i, &cp);
        char enc[4];
        if (cp < 0x80)
            vg_buf_addc(out, cp >= 'A' && cp <= 'Z' ? (char)(cp + 32) : (char)cp);
        else if (S_lower(n, cp, enc))
            vg_buf_add(out, enc, n);
        else
            vg_buf_add(out, str + i, n);
        i += n;
    }
}

/* ---- making the text ------------------------------------------------------------------------ */

/* Where vg_render_inline is in folding the spaces of one text: something was written; a space
 * is owed before the next character. */
typedef struct S_spaces {
    bool any, owed;
} S_spaces;

/* Appends p[0..n) (whole characters of sanitized text) to out as vg_render_inline does (runs of
 * spaces as one, none at the start or the end) and folded, in one pass. */
static void S_emit(vg_buf *out, const char *p, size_t n, S_spaces *sp)
{
    /* At most one owed space more than the bytes given. */
    if (!vg_buf_grow(out, n + 1))
        return;
    char *o = out->data + out->len;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)p[i];
        if (c == ' ') {
            sp->owed = sp->any;
            i++;
            continue;
        }
        if (sp->owed)
            *o++ = ' ';
        sp->owed = false;
        sp->any = true;
        if (c < 0x80) {
            *o++ = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = vg_utf8_decode(p + i, n - i, &cp);
        char enc[4];
        memcpy(o, S_lower(k, cp, enc) ? enc : p + i, k);
        o += k;
        i += k;
    }
    out->len = (size_t)(o - out->data);
    out->data[out->len] = '\0';
}

/* True when span text needs vg_render_sanitize (it is not all printable ASCII). */
static bool S_needs_sanitize(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)p[i] < 0x20 || (unsigned char)p[i] >= 0x7F)
            return true;
    return false;
}

/* A text as vg_render_inline makes it, folded, appended to s->line. */
static void S_make_text(vg_search *s, const vg_rich *text)
{
    S_spaces sp = {false, false};
    for (size_t i = 0; i < text->nblocks; i++) {
        const vg_block *b = &text->blocks[i];
        if (b->kind == VG_BLOCK_CELL && b->col > 0)
            S_emit(&s->line, " | ", 3, &sp);
        else
            S_emit(&s->line, " ", 1, &sp);
        for (size_t j = 0; j < b->nspans; j++) {
            const vg_span *span = &b->spans[j];
            if (!(span->style & VG_STYLE_MATH) && !S_needs_sanitize(span->text, span->len)) {
                S_emit(&s->line, span->text, span->len, &sp);
                continue;
            }
            vg_buf_clear(&s->scratch);
            if (span->style & VG_STYLE_MATH)
                vg_render_math(span->text, span->len, &s->scratch);
            else
                vg_render_sanitize(span->text, span->len, &s->scratch);
            if (s->scratch.failed)
                s->line.failed = true;
            S_emit(&s->line, s->scratch.data ? s->scratch.data : "", s->scratch.len, &sp);
        }
    }
}

/* Room for n more bytes of text in the last piece. */
static char *S_room(vg_search *s, size_t n)
{
    if (s->nchunks && s->chunk_used + n <= s->chunk_size)
        return s->chunks[s->nchunks - 1] + s->chunk_used;
    if (!VG_GROW(s->chunks, s->chunks_cap, s->nchunks + 1))
        return NULL;
    /* Whole huge pages where the system has them: making the text is mostly its first
     * touch of fresh memory, and a fault per 2 MB instead of per 4 kB halves that. */
    size_t size = (n + S_CHUNK - 1) / S_CHUNK * S_CHUNK;
    if (size < S_CHUNK)
        size = S_CHUNK;
    char *c = aligned_alloc(S_CHUNK, size);
    if (!c)
        return NULL;
    vg_mem_huge(c, size);
    s->chunks[s->nchunks++] = c;
    s->chunk_size = size;
    s->chunk_used = 0;
    return c;
}

/* Makes the text of the next card; false when out of memory. */
static bool S_make_next(vg_search *s)
{
    if (!s->texts) {
        s->texts = malloc((s->deck->ncards ? s->deck->ncards : 1) * sizeof *s->texts);
        if (!s->texts)
            return false;
    }
    const vg_card *card = &s->deck->cards[s->nbuilt];
    vg_buf_clear(&s->line);
    S_make_text(s, &card->front);
    size_t flen = s->line.len;
    S_make_text(s, &card->back);
    if (s->line.failed)
        return false;
    char *at = S_room(s, s->line.len);
    if (!at)
        return false;
    if (s->line.len)
        memcpy(at, s->line.data, s->line.len);
    s->chunk_used += s->line.len;
    s->texts[s->nbuilt++] = (vg_search_text){at, flen, s->line.len - flen};
    return true;
}

/* Makes the text up to card (and of it); false when out of memory. */
static bool S_make_to(vg_search *s, size_t card)
{
    while (s->nbuilt <= card)
        if (!S_make_next(s))
            return false;
    return true;
}

vg_status vg_search_build(vg_search *s, vg_error *err)
{
    if (s->deck->ncards && !S_make_to(s, s->deck->ncards - 1))
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    return VG_OK;
}

const char *vg_search_folded(vg_search *s, size_t card, bool back, size_t *len)
{
    *len = 0;
    if (card >= s->deck->ncards || !S_make_to(s, card))
        return NULL;
    const vg_search_text *t = &s->texts[card];
    *len = back ? t->back_len : t->front_len;
    return t->text + (back ? t->front_len : 0);
}

const char *vg_search_part(vg_search *s, size_t card, bool back, size_t *len)
{
    vg_buf *out = &s->part[back];
    vg_buf_clear(out);
    if (card < s->deck->ncards)
        vg_render_inline(back ? &s->deck->cards[card].back : &s->deck->cards[card].front, out);
    *len = out->failed ? 0 : out->len;
    return out->data && !out->failed ? out->data : "";
}

/* ---- finding -------------------------------------------------------------------------------- */

/* The first place of needle in hay[0..len), or -1. */
static long S_find(const char *hay, size_t len, const char *needle, size_t nlen)
{
    if (nlen == 0 || nlen > len)
        return nlen == 0 ? 0 : -1;
    const char *end = hay + len - nlen + 1;
    for (const char *p = hay; p < end;) {
        p = memchr(p, needle[0], (size_t)(end - p));
        if (!p)
            return -1;
        if (!memcmp(p, needle, nlen))
            return (long)(p - hay);
        p++;
    }
    return -1;
}

/* Whether card (made) holds the needle, and where. */
static bool S_match(const vg_search *s, size_t card, size_t *at, bool *in_back)
{
    const vg_search_text *t = &s->texts[card];
    const char *nd = vg_buf_str(&s->needle);
    long p = S_find(t->text, t->front_len, nd, s->needle.len);
    *in_back = p < 0;
    if (p < 0)
        p = S_find(t->text + t->front_len, t->back_len, nd, s->needle.len);
    *at = p >= 0 ? (size_t)p : 0;
    return p >= 0;
}

static bool S_push(vg_search *s, size_t card)
{
    if (s->nmatches == s->cap && !VG_GROW(s->matches, s->cap, s->nmatches + 1))
        return false;
    s->matches[s->nmatches++] = card;
    return true;
}

/* Candidates left over from searches this one refines go before the matches found so far
 * (which are candidates now too), as one range more; when there are too many ranges, they are
 * moved together first. The matches are written over the candidates already looked at, never
 * ahead of the one being looked at. */
static void S_refine(vg_search *s)
{
    if (s->nranges == VG_SEARCH_MAX_RANGES) {
        size_t to = s->nmatches;
        for (size_t r = 0; r < s->nranges; r++) {
            size_t n = s->ranges[2 * r + 1] - s->ranges[2 * r];
            memmove(s->matches + to, s->matches + s->ranges[2 * r], n * sizeof *s->matches);
            to += n;
        }
        s->nranges = 0;
        s->nmatches = to;
    }
    if (s->nmatches) {
        memmove(s->ranges + 2, s->ranges, 2 * s->nranges * sizeof *s->ranges);
        s->ranges[0] = 0;
        s->ranges[1] = s->nmatches;
        s->nranges++;
    }
    s->nmatches = 0;
}

vg_status vg_search_start(vg_search *s, const char *query, size_t len, bool refine, vg_error *err)
{
    vg_buf_clear(&s->line);
    if (s->needle.len)
        vg_buf_add(&s->line, s->needle.data, s->needle.len);
    vg_buf_clear(&s->needle);
    vg_search_fold(query ? query : "", len, &s->needle);
    if (s->needle.failed || s->line.failed) {
        vg_search_clear(s);
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    }
    /* A query that holds the last one can only match cards that one matched. */
    if (refine && s->line.len && s->needle.len &&
        S_find(s->needle.data, s->needle.len, s->line.data, s->line.len) >= 0) {
        S_refine(s);
    } else {
        s->nmatches = s->nranges = s->next = 0;
    }
    s->done = s->needle.len == 0;
    if (s->done) {
        s->nmatches = s->nranges = 0;
        s->next = s->deck->ncards;
    }
    return VG_OK;
}

vg_status vg_search_more(vg_search *s, size_t want, size_t work, vg_error *err)
{
    size_t spent = 0, at;
    bool in_back;
    while (!s->done && s->nmatches < want && spent < work) {
        size_t card;
        if (s->nranges) {
            card = s->matches[s->ranges[0]++];
            if (s->ranges[0] == s->ranges[1])
                memmove(s->ranges, s->ranges + 2, 2 * --s->nranges * sizeof *s->ranges);
        } else if (s->next < s->deck->ncards) {
            card = s->next;
            if (card >= s->nbuilt) {
                if (!S_make_next(s))
                    return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
                spent += S_MAKE_COST * (s->texts[card].front_len + s->texts[card].back_len);
            }
            s->next++;
        } else {
            s->done = true;
            break;
        }
        const vg_search_text *t = &s->texts[card];
        spent += S_CARD_COST + t->front_len + t->back_len;
        /* matches[nmatches] was looked at already (or is past the end): safe to write. */
        if (S_match(s, card, &at, &in_back) && !S_push(s, card))
            return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    }
    if (!s->nranges && s->next >= s->deck->ncards)
        s->done = true;
    return VG_OK;
}

bool vg_search_done(const vg_search *s)
{
    return s->done;
}

vg_status vg_search_run(vg_search *s, const char *query, size_t len, bool refine, vg_error *err)
{
    vg_status st = vg_search_start(s, query, len, refine, err);
    if (st == VG_OK)
        st = vg_search_more(s, SIZE_MAX, SIZE_MAX, err);
    return st;
}

bool vg_search_active(const vg_search *s)
{
    return s->needle.len > 0;
}

bool vg_search_locate(vg_search *s, size_t card, size_t *at, bool *in_back)
{
    *at = 0;
    *in_back = false;
    if (!vg_search_active(s) || card >= s->deck->ncards || !S_make_to(s, card))
        return false;
    return S_match(s, card, at, in_back);
}

size_t vg_search_query_len(const vg_search *s)
{
    return s->needle.len;
}

size_t vg_search_from(const vg_search *s, size_t card, int dir, bool strict, bool *wrapped)
{
    /* lower bound: the first match >= card */
    size_t lo = 0, hi = s->nmatches;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->matches[mid] < card)
            lo = mid + 1;
        else
            hi = mid;
    }
    *wrapped = false;
    if (dir > 0) {
        if (strict && lo < s->nmatches && s->matches[lo] == card)
            lo++;
        if (lo == s->nmatches) {
            *wrapped = true;
            lo = 0;
        }
        return lo;
    }
    if (lo == 0) {
        *wrapped = true;
        return s->nmatches - 1;
    }
    return lo - 1;
}
