/* Section numbers, deck names and card headings: what every command shows of a deck's
 * structure, decided once (include/vgrev/deck.h). Reads a parsed deck; knows no cmark. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vgrev/deck.h"

/* ---- section numbers ------------------------------------------------------------------------ */

/* The untitled first section: the cards before the first heading. */
static bool S_untitled(const vg_deck *deck, size_t i)
{
    return i == 0 && !*deck->sections[0].title && !*deck->sections[0].number;
}

/* One '.'-separated part of a number: [*p, end) without its leading zeros; *p moves past the
 * part and its dot. */
static void S_part(const char **p, const char **start, size_t *len)
{
    const char *s = *p;
    while (*s == '0')
        s++;
    const char *e = s;
    while (*e && *e != '.')
        e++;
    *start = s;
    *len = (size_t)(e - s);
    *p = *e ? e + 1 : e;
}

/* Numbers compared part by part, each by value (leading zeros aside); a trailing '.' does not
 * count ("5." is 5). Any bytes are accepted: a part that is not digits compares as text. */
static int S_numcmp(const char *a, const char *b)
{
    for (;;) {
        if (!*a || !*b)
            return (*a != 0) - (*b != 0);
        const char *pa, *pb;
        size_t la, lb;
        S_part(&a, &pa, &la);
        S_part(&b, &pb, &lb);
        if (la != lb)
            return la < lb ? -1 : 1;
        int c = memcmp(pa, pb, la);
        if (c)
            return c;
    }
}

static int S_cmp_ptr(const void *x, const void *y)
{
    return S_numcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Whether the headings' numbers can be the sections' numbers: every titled section has one
 * and all of them (with "0" for the untitled section) differ. *nomem on a failed malloc. */
static bool S_by_heading(const vg_deck *deck, const char **of, bool *nomem)
{
    size_t n = deck->nsections;
    for (size_t i = 0; i < n; i++)
        if (!S_untitled(deck, i) && !*deck->sections[i].number)
            return false;
    const char **sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!sorted) {
        *nomem = true;
        return false;
    }
    memcpy(sorted, of, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, S_cmp_ptr);
    bool distinct = true;
    for (size_t i = 1; i < n && distinct; i++)
        distinct = S_numcmp(sorted[i - 1], sorted[i]) != 0;
    free(sorted);
    return distinct;
}

vg_status vg_section_numbers_init(vg_section_numbers *out, const vg_deck *deck)
{
    size_t n = deck->nsections;
    *out = (vg_section_numbers){NULL, 0, false, NULL};
    const char **of = malloc((n ? n : 1) * sizeof *of);
    if (!of)
        return VG_NOMEM;
    for (size_t i = 0; i < n; i++)
        of[i] = S_untitled(deck, i) ? "0" : deck->sections[i].number;
    bool nomem = false;
    bool by_heading = S_by_heading(deck, of, &nomem);
    char *mem = NULL;
    if (!by_heading && !nomem) {
        /* Positions: 1, 2, ... after the untitled section's 0. */
        size_t room = 0;
        for (size_t k = 1; k <= n; k++)
            room += (size_t)snprintf(NULL, 0, "%zu", k) + 1;
        mem = malloc(room ? room : 1);
        nomem = !mem;
        char *p = mem;
        for (size_t i = 0, k = 1; mem && i < n; i++) {
            if (S_untitled(deck, i))
                continue;
            int w = snprintf(p, room - (size_t)(p - mem), "%zu", k++);
            of[i] = p;
            p += w + 1;
        }
    }
    if (nomem) {
        free(of);
        free(mem);
        return VG_NOMEM;
    }
    *out = (vg_section_numbers){of, n, by_heading, mem};
    return VG_OK;
}

void vg_section_numbers_release(vg_section_numbers *nums)
{
    if (!nums)
        return;
    free(nums->of);
    free(nums->mem);
    *nums = (vg_section_numbers){NULL, 0, false, NULL};
}

/* ---- --section ------------------------------------------------------------------------------ */

bool vg_section_spec_is_number(const char *spec)
{
    /* digits, then (".digits")*, then an optional final '.' */
    const char *p = spec;
    for (;;) {
        const char *d = p;
        while (*p >= '0' && *p <= '9')
            p++;
        if (p == d)
            return false;
        if (*p == '\0')
            return true;
        if (*p++ != '.')
            return false;
        if (*p == '\0')
            return true;
    }
}

/* Whether hay contains needle, ASCII letters compared without case. */
static bool S_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0)
        return false;
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return true;
    return false;
}

bool vg_section_selected(const vg_deck *deck, const vg_section_numbers *nums, size_t i,
                         const char *spec)
{
    if (i >= deck->nsections || !spec || !*spec)
        return false;
    if (vg_section_spec_is_number(spec))
        return i < nums->n && S_numcmp(nums->of[i], spec) == 0;
    return S_contains(deck->sections[i].title, spec);
}

bool vg_card_selected(const vg_deck *deck, const vg_section_numbers *nums, const vg_card *card,
                      const char *spec)
{
    if (vg_section_selected(deck, nums, card->section, spec))
        return true;
    return spec && card->subsection && !vg_section_spec_is_number(spec) &&
           S_contains(card->subsection, spec);
}

/* ---- names ---------------------------------------------------------------------------------- */

const char *vg_deck_name(const vg_deck *deck)
{
    if (deck->title && *deck->title)
        return deck->title;
    const char *file = deck->file ? deck->file : "";
    const char *slash = strrchr(file, '/');
    const char *base = slash ? slash + 1 : file;
    return *base ? base : "deck";
}

/* ---- headings ------------------------------------------------------------------------------- */

void vg_heading_init(vg_heading *h)
{
    memset(h, 0, sizeof *h);
}

void vg_heading_release(vg_heading *h)
{
    free(h->spans);
    vg_heading_init(h);
}

static void S_span(vg_heading *h, const char *s, size_t len, unsigned style)
{
    if (!len || h->nomem)
        return;
    if (h->nspans == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 16;
        vg_span *p = cap < SIZE_MAX / sizeof *p ? realloc(h->spans, cap * sizeof *p) : NULL;
        if (!p) {
            h->nomem = true;
            return;
        }
        h->spans = p;
        h->cap = cap;
    }
    h->spans[h->nspans++] = (vg_span){s, len, style};
}

static void S_separator(vg_heading *h)
{
    if (h->nspans)
        S_span(h, " \u203a ", strlen(" \u203a "), VG_STYLE_PLAIN);
}

/* Kinds of math in a title, each with a flag set once its closer was not found: no later
 * opener of that kind can close either, which keeps a title of many '$' linear. */
enum { S_DOLLAR, S_DISPLAY, S_PAREN, S_BRACKET, S_KINDS };

/* Whether math opens at s[i]: sets its content [*a, *b) and where the text goes on (*next). */
static bool S_title_math(const char *s, size_t len, size_t i, bool failed[S_KINDS], size_t *a,
                         size_t *b, size_t *next)
{
    int kind;
    size_t open;
    if (s[i] == '$' && i + 1 < len && s[i + 1] == '$')
        kind = S_DISPLAY, open = 2;
    else if (s[i] == '$')
        kind = S_DOLLAR, open = 1;
    else if (s[i] == '\\' && i + 1 < len && (s[i + 1] == '(' || s[i + 1] == '['))
        kind = s[i + 1] == '(' ? S_PAREN : S_BRACKET, open = 2;
    else
        return false;
    if (failed[kind])
        return false;
    for (size_t j = i + open; j < len; j++) {
        bool close = false;
        size_t clen = 1;
        if (kind == S_DOLLAR) {
            if (s[j] == '\\' && j + 1 < len) {
                j++; /* \$ inside math is a dollar */
                continue;
            }
            close = s[j] == '$' && !(j + 1 < len && s[j + 1] >= '0' && s[j + 1] <= '9');
        } else if (kind == S_DISPLAY) {
            close = s[j] == '$' && j + 1 < len && s[j + 1] == '$';
            clen = 2;
        } else {
            close = s[j] == '\\' && j + 1 < len && s[j + 1] == (kind == S_PAREN ? ')' : ']');
            clen = 2;
        }
        if (close) {
            if (j == i + open)
                return false; /* nothing inside: text */
            *a = i + open;
            *b = j;
            *next = j + clen;
            return true;
        }
    }
    failed[kind] = true;
    return false;
}

void vg_heading_add_title(vg_heading *h, const char *title)
{
    if (!title || !*title)
        return;
    S_separator(h);
    size_t len = strlen(title), from = 0;
    bool failed[S_KINDS] = {false};
    for (size_t i = 0; i < len;) {
        size_t a, b, next;
        if (!S_title_math(title, len, i, failed, &a, &b, &next)) {
            i++;
            continue;
        }
        S_span(h, title + from, i - from, VG_STYLE_PLAIN);
        S_span(h, title + a, b - a, VG_STYLE_MATH);
        i = from = next;
    }
    S_span(h, title + from, len - from, VG_STYLE_PLAIN);
}

void vg_heading_add_rich(vg_heading *h, const vg_rich *text, unsigned style)
{
    bool any = false;
    for (size_t b = 0; b < text->nblocks && !any; b++)
        for (size_t i = 0; i < text->blocks[b].nspans && !any; i++)
            any = text->blocks[b].spans[i].len > 0;
    if (!any)
        return;
    S_separator(h);
    for (size_t b = 0; b < text->nblocks; b++) {
        if (b > 0)
            S_span(h, " ", 1, style);
        for (size_t i = 0; i < text->blocks[b].nspans; i++) {
            const vg_span *sp = &text->blocks[b].spans[i];
            S_span(h, sp->text, sp->len, sp->style | style);
        }
    }
}

const vg_rich *vg_heading_rich(vg_heading *h)
{
    if (h->nomem)
        return NULL;
    h->block = (vg_block){.kind = VG_BLOCK_PARA, .spans = h->spans, .nspans = h->nspans};
    h->rich = (vg_rich){&h->block, h->nspans ? 1 : 0};
    return &h->rich;
}

const char *vg_card_sibling_name(const vg_card *card, char buf[VG_SIBLING_NAME])
{
    if (card->reverse)
        return "reverse";
    if (!card->cloze)
        return "";
    snprintf(buf, VG_SIBLING_NAME, "c%u", card->cloze);
    return buf;
}

vg_status vg_card_heading(const vg_deck *deck, const vg_card *card, vg_heading *h)
{
    vg_heading_init(h);
    if (card->section < deck->nsections)
        vg_heading_add_title(h, deck->sections[card->section].title);
    vg_heading_add_title(h, card->subsection);
    /* A term is bold; a cloze note's text (its term already bold) or a reverse card's question
     * (a back) is shown as written. */
    vg_heading_add_rich(h, &card->front, card->cloze || card->reverse ? 0 : VG_STYLE_BOLD);
    return h->nomem ? VG_NOMEM : VG_OK;
}
