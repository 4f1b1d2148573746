/* Searching the fronts and backs of a deck (see include/vgrev/search.h). */
#include "vgrev/search.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "vgrev/render.h"
#include "vgrev/utf8.h"

/* Where a card's text is: offsets into plain (and the same ones into folded). */
struct vg_search_text {
    size_t front, front_len, back, back_len;
};

void vg_search_init(vg_search *s, const vg_deck *deck)
{
    memset(s, 0, sizeof *s);
    s->deck = deck;
    vg_buf_init(&s->plain);
    vg_buf_init(&s->folded);
    vg_buf_init(&s->needle);
}

void vg_search_release(vg_search *s)
{
    free(s->matches);
    free(s->texts);
    vg_buf_release(&s->plain);
    vg_buf_release(&s->folded);
    vg_buf_release(&s->needle);
    s->matches = NULL;
    s->texts = NULL;
    s->nmatches = s->cap = 0;
    s->built = false;
}

void vg_search_reset(vg_search *s, const vg_deck *deck)
{
    s->deck = deck;
    s->built = false;
    vg_search_clear(s);
}

void vg_search_clear(vg_search *s)
{
    s->nmatches = 0;
    vg_buf_clear(&s->needle);
}

/* Lower case that keeps each character's length in UTF-8. */
static void S_fold(const char *str, size_t len, vg_buf *out)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = vg_utf8_decode(str + i, len - i, &cp);
        uint32_t lc;
        if (cp < 0x80)
            lc = cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
        else
            lc = (uint32_t)towlower((wint_t)cp);
        char enc[4];
        if (lc != cp && lc <= 0x10ffff && vg_utf8_encode(lc, enc) == n)
            vg_buf_add(out, enc, n);
        else
            vg_buf_add(out, str + i, n);
        i += n;
    }
}

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

vg_status vg_search_build(vg_search *s, vg_error *err)
{
    if (s->built)
        return VG_OK;
    const vg_deck *deck = s->deck;
    free(s->texts);
    s->texts = calloc(deck->ncards ? deck->ncards : 1, sizeof *s->texts);
    if (!s->texts)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    vg_buf_clear(&s->plain);
    vg_buf_clear(&s->folded);
    for (size_t i = 0; i < deck->ncards; i++) {
        vg_search_text *t = &s->texts[i];
        t->front = s->plain.len;
        vg_render_inline(&deck->cards[i].front, &s->plain);
        t->front_len = s->plain.len - t->front;
        t->back = s->plain.len;
        vg_render_inline(&deck->cards[i].back, &s->plain);
        t->back_len = s->plain.len - t->back;
    }
    S_fold(s->plain.data ? s->plain.data : "", s->plain.len, &s->folded);
    if (s->plain.failed || s->folded.failed || s->folded.len != s->plain.len)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    s->built = true;
    return VG_OK;
}

static bool S_match(const vg_search *s, size_t card, size_t *at, bool *in_back)
{
    const vg_search_text *t = &s->texts[card];
    const char *f = s->folded.data ? s->folded.data : "";
    const char *nd = vg_buf_str(&s->needle);
    long p = S_find(f + t->front, t->front_len, nd, s->needle.len);
    *in_back = p < 0;
    if (p < 0)
        p = S_find(f + t->back, t->back_len, nd, s->needle.len);
    *at = p >= 0 ? (size_t)p : 0;
    return p >= 0;
}

static bool S_push(vg_search *s, size_t card)
{
    if (s->nmatches == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        size_t *m = realloc(s->matches, cap * sizeof *m);
        if (!m)
            return false;
        s->matches = m;
        s->cap = cap;
    }
    s->matches[s->nmatches++] = card;
    return true;
}

vg_status vg_search_run(vg_search *s, const char *query, size_t len, bool refine, vg_error *err)
{
    vg_status st = vg_search_build(s, err);
    if (st != VG_OK)
        return st;
    size_t old = s->needle.len;
    vg_buf_clear(&s->needle);
    S_fold(query ? query : "", len, &s->needle);
    if (s->needle.failed)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    size_t at;
    bool in_back;
    if (s->needle.len == 0) {
        s->nmatches = 0;
    } else if (refine && old && old <= s->needle.len) {
        size_t keep = 0;
        for (size_t i = 0; i < s->nmatches; i++)
            if (S_match(s, s->matches[i], &at, &in_back))
                s->matches[keep++] = s->matches[i];
        s->nmatches = keep;
    } else {
        s->nmatches = 0;
        for (size_t c = 0; c < s->deck->ncards; c++)
            if (S_match(s, c, &at, &in_back) && !S_push(s, c))
                return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    }
    return VG_OK;
}

bool vg_search_active(const vg_search *s)
{
    return s->built && s->needle.len > 0;
}

bool vg_search_locate(const vg_search *s, size_t card, size_t *at, bool *in_back)
{
    *at = 0;
    *in_back = false;
    if (!vg_search_active(s) || card >= s->deck->ncards)
        return false;
    return S_match(s, card, at, in_back);
}

size_t vg_search_query_len(const vg_search *s)
{
    return s->needle.len;
}

const char *vg_search_part(const vg_search *s, size_t card, bool back, size_t *len)
{
    const vg_search_text *t = &s->texts[card];
    const char *p = s->plain.data ? s->plain.data : "";
    *len = back ? t->back_len : t->front_len;
    return p + (back ? t->back : t->front);
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
