/* Fuzz target for the deck parser. Besides "no crash, no sanitizer report" it checks what
 * must hold for every input:
 *   - the deck is consistent: sections cover the cards in order, every card is found by its
 *     id, diagnostics are in line order, every span is valid UTF-8 and no placeholder of the
 *     parser leaks into the text (unless the input itself holds U+FDD0/U+FDD1);
 *   - the same input with a BOM and CRLF line ends gives the same result (status, error
 *     position, ids, lines, columns, texts, diagnostics);
 *   - parsing a section at a time gives what parsing the whole document at once gives: a
 *     link reference definition put in front makes the parser take the file in one piece
 *     (the result must then be the same, two lines further down). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vgrev/deck.h"
#include "vgrev/render.h"
#include "vgrev/utf8.h"

#define S_CHECK(cond)                                                                              \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_deck: %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);    \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static int S_has_marker(const char *s, size_t len)
{
    for (size_t i = 0; i + 3 <= len; i++)
        if ((unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xB7 &&
            ((unsigned char)s[i + 2] == 0x90 || (unsigned char)s[i + 2] == 0x91))
            return 1;
    return 0;
}

static void S_check_rich(const vg_rich *r, int markers_allowed)
{
    unsigned ncols = 0; /* of the table being walked */
    for (size_t i = 0; i < r->nblocks; i++) {
        const vg_block *b = &r->blocks[i];
        S_CHECK(b->kind == VG_BLOCK_PARA || b->kind == VG_BLOCK_BULLET ||
                b->kind == VG_BLOCK_CODE || b->kind == VG_BLOCK_CELL);
        /* A table: rows of the header's number of cells, in order, at one depth. */
        if (b->kind == VG_BLOCK_CELL) {
            const vg_block *p = i ? &r->blocks[i - 1] : NULL;
            if (b->row == 0 && b->col == 0) {
                S_CHECK(!p || p->kind != VG_BLOCK_CELL || p->col + 1 == ncols);
                ncols = 1;
            } else {
                S_CHECK(p && p->kind == VG_BLOCK_CELL && p->depth == b->depth);
                if (b->row == 0) {
                    S_CHECK(b->col == p->col + 1);
                    ncols++;
                } else {
                    S_CHECK(b->col == (p->col + 1) % ncols);
                    S_CHECK(b->row == p->row + (b->col == 0));
                }
            }
            S_CHECK(b->align <= VG_ALIGN_RIGHT);
        } else if (i && r->blocks[i - 1].kind == VG_BLOCK_CELL) {
            S_CHECK(r->blocks[i - 1].col + 1 == ncols);
        }
        for (size_t j = 0; j < b->nspans; j++) {
            const vg_span *s = &b->spans[j];
            S_CHECK(s->len > 0);
            S_CHECK(vg_utf8_check(s->text, s->len) == s->len);
            S_CHECK(markers_allowed || !S_has_marker(s->text, s->len));
        }
    }
    S_CHECK(!r->nblocks || r->blocks[r->nblocks - 1].kind != VG_BLOCK_CELL ||
            r->blocks[r->nblocks - 1].col + 1 == ncols);
}

/* Rendered at a few widths: every line as wide as it says, none wider than the width but for
 * a lone wide character, nothing a terminal acts on. Tables, lists and code take each path. */
static void S_check_render(const vg_rich *r)
{
    static const size_t widths[] = {1, 13, 80};
    for (size_t k = 0; k < sizeof widths / sizeof *widths; k++) {
        vg_lines l;
        vg_lines_init(&l);
        S_CHECK(vg_render_rich(r, widths[k], &l) == VG_OK);
        for (size_t i = 0; i < l.nlines; i++) {
            size_t w = 0;
            for (size_t j = 0; j < l.lines[i].nruns; j++) {
                const vg_run *run = &l.lines[i].runs[j];
                S_CHECK(vg_utf8_check(run->text, run->len) == run->len);
                for (size_t b = 0; b < run->len; b++)
                    S_CHECK((unsigned char)run->text[b] >= 0x20 && run->text[b] != 0x7F);
                w += vg_text_width(run->text, run->len);
            }
            S_CHECK(w == l.lines[i].width);
            S_CHECK(w <= widths[k] || (l.lines[i].nruns && w <= widths[k] + 1));
        }
        vg_lines_release(&l);
    }
}

static void S_check_deck(const vg_deck *d, int markers_allowed)
{
    S_CHECK(d->title && d->file);
    S_check_rich(&d->description, markers_allowed);
    size_t next = 0;
    for (size_t i = 0; i < d->nsections; i++) {
        const vg_section *s = &d->sections[i];
        S_CHECK(s->title && s->number);
        S_CHECK(s->first_card == next);
        next += s->ncards;
        S_check_rich(&s->intro, markers_allowed);
    }
    S_CHECK(next == d->ncards);
    for (size_t i = 0; i < d->ncards; i++) {
        const vg_card *c = &d->cards[i];
        S_CHECK(strlen(c->id) == VG_CARD_ID_LEN);
        S_CHECK(vg_deck_find(d, c->id) == c);
        S_CHECK(c->section < d->nsections);
        S_CHECK(c->line >= 1 && c->col >= 1);
        /* File order; the cards of one note (cloze numbers, both ways) share its line. */
        const vg_card *prev = i ? &d->cards[i - 1] : NULL;
        S_CHECK(!prev || c->line > prev->line || (c->note == prev->note && c->line == prev->line));
        S_CHECK(prev ? c->note == prev->note || c->note == prev->note + 1 : c->note == 0);
        S_CHECK(!c->cloze || !c->reverse);
        char id[VG_CARD_ID_LEN + 1];
        S_CHECK(c->subsection && (c->ntags == 0 || c->tags));
        vg_card_id_sub(d->sections[c->section].title, c->subsection, c->front_src, id);
        S_CHECK(strcmp(id, c->id) == 0);
        S_check_rich(&c->front, markers_allowed);
        S_check_rich(&c->back, markers_allowed);
        S_check_render(&c->back);
    }
    for (size_t i = 0; i < d->ndiags; i++) {
        S_CHECK(d->diags[i].msg && d->diags[i].line >= 1 && d->diags[i].col >= 1);
        S_CHECK(i == 0 || d->diags[i].line >= d->diags[i - 1].line);
    }
}

static int S_same_rich(const vg_rich *a, const vg_rich *b, unsigned shift)
{
    if (a->nblocks != b->nblocks)
        return 0;
    for (size_t i = 0; i < a->nblocks; i++) {
        const vg_block *x = &a->blocks[i], *y = &b->blocks[i];
        if (x->kind != y->kind || x->depth != y->depth || x->ordinal != y->ordinal ||
            x->line + shift != y->line || x->nspans != y->nspans || x->row != y->row ||
            x->col != y->col || x->align != y->align)
            return 0;
        for (size_t j = 0; j < x->nspans; j++)
            if (x->spans[j].len != y->spans[j].len || x->spans[j].style != y->spans[j].style ||
                memcmp(x->spans[j].text, y->spans[j].text, x->spans[j].len) != 0)
                return 0;
    }
    return 1;
}

/* b is a parse of what a was made from with `shift` lines put in front. */
static void S_same_deck(const vg_deck *a, const vg_deck *b, unsigned shift)
{
    S_CHECK(strcmp(a->title, b->title) == 0);
    S_CHECK(S_same_rich(&a->description, &b->description, shift));
    S_CHECK(a->nsections == b->nsections && a->ncards == b->ncards && a->ndiags == b->ndiags);
    for (size_t i = 0; i < a->nsections; i++) {
        S_CHECK(strcmp(a->sections[i].title, b->sections[i].title) == 0);
        S_CHECK(a->sections[i].line + shift == b->sections[i].line);
        S_CHECK(S_same_rich(&a->sections[i].intro, &b->sections[i].intro, shift));
    }
    for (size_t i = 0; i < a->ncards; i++) {
        const vg_card *x = &a->cards[i], *y = &b->cards[i];
        S_CHECK(strcmp(x->id, y->id) == 0 && x->line + shift == y->line && x->col == y->col);
        S_CHECK(strcmp(x->subsection, y->subsection) == 0 && x->ntags == y->ntags);
        S_CHECK(S_same_rich(&x->front, &y->front, shift) && S_same_rich(&x->back, &y->back, shift));
    }
    for (size_t i = 0; i < a->ndiags; i++) {
        const vg_diag *x = &a->diags[i], *y = &b->diags[i];
        S_CHECK(x->level == y->level && x->line + shift == y->line && x->col == y->col);
        /* Messages name lines ("first at line N"): compare the part before. */
        const char *at = strstr(x->msg, "(first at line ");
        size_t len = at ? (size_t)(at - x->msg) : strlen(x->msg) + 1;
        S_CHECK(strncmp(x->msg, y->msg, len) == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *src = (const char *)data;
    vg_deck *deck = NULL;
    vg_error err;
    vg_error_clear(&err);
    vg_status st = vg_deck_parse(src, size, "fuzz.md", &deck, &err);
    S_CHECK((st == VG_OK) == (deck != NULL));
    if (deck)
        S_check_deck(deck, S_has_marker(src, size));
    else
        S_CHECK(st == VG_PARSE || st == VG_INVALID);

    /* The same with a BOM and CRLF line ends, when the input has neither of its own. */
    int bom = size >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0;
    if (!bom && !memchr(src, '\r', size) && size < (1u << 20)) {
        size_t lines = 0;
        for (size_t i = 0; i < size; i++)
            lines += src[i] == '\n';
        char *crlf = malloc(size + lines + 3);
        S_CHECK(crlf != NULL);
        size_t n = 0;
        memcpy(crlf, "\xEF\xBB\xBF", 3);
        n = 3;
        for (size_t i = 0; i < size; i++) {
            if (src[i] == '\n')
                crlf[n++] = '\r';
            crlf[n++] = src[i];
        }
        vg_deck *deck2 = NULL;
        vg_error err2;
        vg_error_clear(&err2);
        vg_status st2 = vg_deck_parse(crlf, n, "fuzz.md", &deck2, &err2);
        S_CHECK(st2 == st);
        if (deck)
            S_same_deck(deck, deck2, 0);
        else
            S_CHECK(err.line == err2.line && err.col == err2.col);
        vg_deck_free(deck2);
        free(crlf);
    }

    /* In one piece: a reference definition in front (and no "]:" of the input's own, which
     * would already make it one piece). */
    static const char ref[] = "[vgrev-fuzz-ref]: /x\n\n";
    int has_ref = 0;
    for (size_t i = 0; i + 1 < size && !has_ref; i++)
        has_ref = src[i] == ']' && src[i + 1] == ':';
    /* Front matter is only front matter on line 1: a line put in front makes it text. */
    int front_matter = size >= 3 && memcmp(src, "---", 3) == 0;
    if (deck && !bom && !has_ref && !front_matter && size < (1u << 20)) {
        char *whole = malloc(size + sizeof ref);
        S_CHECK(whole != NULL);
        memcpy(whole, ref, sizeof ref - 1);
        memcpy(whole + sizeof ref - 1, src, size);
        vg_deck *deck3 = NULL;
        vg_error err3;
        vg_error_clear(&err3);
        S_CHECK(vg_deck_parse(whole, size + sizeof ref - 1, "fuzz.md", &deck3, &err3) == VG_OK);
        S_same_deck(deck, deck3, 2);
        vg_deck_free(deck3);
        free(whole);
    }
    vg_deck_free(deck);
    return 0;
}
