/* The converter's core: the builder a deck is made in (one cmark document, a piece of the deck,
 * at a time, see deck/load.c), the helpers every stage of it uses (positions, messages, arena
 * copies) and vg_builder_finish(), which moves sections, cards and sorted diagnostics into the
 * deck's arena. The stages: deck/blocks.c (cmark blocks and inlines -> rich text),
 * deck/headings.c (sections and subsections), deck/cards.c (a piece's top-level nodes: cards,
 * and what only looks like one). */
#include <cmark.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deck/deck_int.h"

/* ---- small helpers ---- */

/* Folds whitespace in place: runs become one space, none at either end. Returns the length. */
size_t vg_deck_fold(char *s, size_t len)
{
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < len; i++) {
        if (vg_deck_is_space(s[i])) {
            space = o > 0;
            continue;
        }
        if (space)
            s[o++] = ' ';
        space = false;
        s[o++] = s[i];
    }
    return o;
}

/* s cut to VG_SHORT_CHARS characters ("..." marks a cut), into out. */
const char *vg_deck_short(const char *s, char out[VG_SHORT_CHARS * 4 + 4])
{
    size_t i = 0, chars = 0;
    while (s[i] && chars < VG_SHORT_CHARS) {
        i++;
        while ((s[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    memcpy(out, s, i);
    if (s[i])
        memcpy(out + i, "...", 4);
    else
        out[i] = '\0';
    return out;
}

char *vg_builder_strdup(vg_builder *b, const char *s, size_t len)
{
    char *p = vg_arena_strndup(b->arena, s, len);
    if (!p)
        b->nomem = true;
    return p;
}

void vg_builder_diag(vg_builder *b, vg_diag_level level, unsigned line, unsigned col,
                     const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (len < 0)
        return;
    if ((size_t)len >= sizeof msg)
        len = (int)sizeof msg - 1;
    if (!vg_deck_grow((void **)&b->diags, &b->cap_diags, b->ndiags + 1, sizeof *b->diags)) {
        b->nomem = true;
        return;
    }
    const char *m = vg_builder_strdup(b, msg, (size_t)len);
    if (m)
        b->diags[b->ndiags++] = (vg_diag){level, line, col, m};
}

/* Where line line_rel (1-based) of the piece starts in sub, or SIZE_MAX. */
size_t vg_builder_line_start(vg_builder *b, int line_rel)
{
    if (!b->have_line_starts) {
        b->nline_starts = 0;
        size_t s = 0;
        for (;;) {
            if (!vg_deck_grow((void **)&b->line_starts, &b->cap_line_starts, b->nline_starts + 1,
                              sizeof *b->line_starts)) {
                b->nomem = true;
                return SIZE_MAX;
            }
            b->line_starts[b->nline_starts++] = s;
            const char *p = memchr(b->sub + s, '\n', b->sublen - s);
            if (!p)
                break;
            s = (size_t)(p - b->sub) + 1;
        }
        b->have_line_starts = true;
    }
    if (line_rel < 1 || (size_t)line_rel > b->nline_starts)
        return SIZE_MAX;
    return b->line_starts[line_rel - 1];
}

/* The character column of a cmark (byte) column on a line of the piece. */
unsigned vg_builder_col(vg_builder *b, int line_rel, int bytecol)
{
    if (bytecol <= 1)
        return 1;
    size_t ls = vg_builder_line_start(b, line_rel);
    if (ls == SIZE_MAX)
        return (unsigned)bytecol;
    size_t off = ls + (size_t)bytecol - 1;
    if (off > b->sublen)
        off = b->sublen;
    return vg_deck_col(b->sub, ls, off);
}

unsigned vg_builder_line(const vg_builder *b, cmark_node *n)
{
    int l = cmark_node_get_start_line(n);
    return b->line0 + (unsigned)(l > 0 ? l : 1);
}

unsigned vg_builder_item_col(vg_builder *b, cmark_node *n)
{
    return vg_builder_col(b, cmark_node_get_start_line(n), cmark_node_get_start_column(n));
}

/* Math left unclosed, except inside code and HTML blocks where a '$' is just a '$'. A warning:
 * the text is shown as written, and a lone dollar never refuses a deck. */
void vg_builder_unclosed(vg_builder *b)
{
    size_t r = 0;
    for (size_t i = 0; i < b->ps->nunclosed; i++) {
        const vg_unclosed *u = &b->ps->unclosed[i];
        while (r < b->ncode && b->code[r].last < u->line)
            r++;
        if (r < b->ncode && b->code[r].first <= u->line)
            continue;
        if (u->opener[0] == '$')
            vg_builder_diag(b, VG_DIAG_WARNING, u->line, u->col,
                            "unclosed '%s' is shown as written (write '\\$' for a dollar sign)",
                            u->opener);
        else
            vg_builder_diag(b, VG_DIAG_WARNING, u->line, u->col,
                            "unclosed '%s' is shown as '%c' (close the math with '\\%c')",
                            u->opener, u->opener[1], u->opener[1] == '(' ? ')' : ']');
    }
}

void vg_builder_warn(vg_builder *b, unsigned line, unsigned col, const char *msg)
{
    vg_builder_diag(b, VG_DIAG_WARNING, line, col, "%s", msg);
}

void vg_builder_init(vg_builder *b, vg_deck *deck, size_t cards_hint)
{
    memset(b, 0, sizeof *b);
    b->deck = deck;
    b->arena = deck->arena;
    if (cards_hint && cards_hint <= SIZE_MAX / 4 / sizeof *b->cards) {
        b->cards = vg_arena_alloc(b->arena, cards_hint * sizeof *b->cards);
        b->cap_cards = b->cards ? cards_hint : 0;
        /* The id table at its final size: no rehashing as the cards come. */
        size_t cap = 1024;
        while (cap < 2 * cards_hint + 2)
            cap *= 2;
        b->ids = calloc(cap, sizeof *b->ids);
        b->id_cap = b->ids ? cap : 0;
    }
    vg_buf_init(&b->tmp);
    vg_buf_init(&b->tmp2);
    vg_buf_init(&b->sub_text);
    vg_buf_init(&b->hint);
    b->section_level = 2;
}

void vg_builder_release(vg_builder *b)
{
    free(b->sections);
    free(b->diags);
    free(b->ids);
    free(b->id_keys);
    vg_rb_release(&b->desc);
    vg_rb_release(&b->intro);
    vg_rb_release(&b->front);
    vg_rb_release(&b->back);
    vg_rb_release(&b->note);
    vg_rb_release(&b->qfront);
    vg_rb_release(&b->qback);
    vg_buf_release(&b->hint);
    free(b->rev);
    vg_buf_release(&b->tmp);
    vg_buf_release(&b->tmp2);
    vg_buf_release(&b->sub_text);
    free(b->tags);
    free(b->line_starts);
    free(b->code);
    free(b->lists);
    memset(b, 0, sizeof *b);
}

typedef struct S_sorted {
    vg_diag d;
    size_t seq;
} S_sorted;

static int S_diag_cmp(const void *pa, const void *pb)
{
    const S_sorted *a = pa, *b = pb;
    if (a->d.line != b->d.line)
        return a->d.line < b->d.line ? -1 : 1;
    if (a->d.col != b->d.col)
        return a->d.col < b->d.col ? -1 : 1;
    /* Same place: an order that does not depend on how the source was cut into pieces. */
    if (a->d.level != b->d.level)
        return a->d.level == VG_DIAG_ERROR ? -1 : 1;
    int c = strcmp(a->d.msg, b->d.msg);
    if (c)
        return c;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The file's base name without its extension, or "Deck". */
static const char *S_file_title(vg_builder *b, const char *file)
{
    const char *base = file ? strrchr(file, '/') : NULL;
    base = base ? base + 1 : file ? file : "";
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot > base ? (size_t)(dot - base) : strlen(base);
    if (!len)
        return "Deck";
    const char *t = vg_builder_strdup(b, base, len);
    return t ? t : "";
}

bool vg_builder_finish(vg_builder *b)
{
    vg_deck *deck = b->deck;
    vg_builder_section_close(b);
    vg_rb_commit(b, &b->desc, &deck->description);
    if (b->nomem)
        return false;
    if (b->fm_title)
        deck->title = b->fm_title;
    if (!deck->title || !*deck->title)
        deck->title = S_file_title(b, deck->file);
    if (b->nomem)
        return false;
    if (b->ntags) { /* the cards point at the list: it moves into the arena */
        const char **tags = vg_arena_alloc(b->arena, b->ntags * sizeof *tags);
        if (!tags)
            return false;
        memcpy(tags, b->tags, b->ntags * sizeof *tags);
        for (size_t i = 0; i < b->ncards; i++)
            b->cards[i].tags = tags;
    }
    if (b->nsections) {
        deck->sections = vg_arena_alloc(b->arena, b->nsections * sizeof *deck->sections);
        if (!deck->sections)
            return false;
        memcpy(deck->sections, b->sections, b->nsections * sizeof *deck->sections);
        deck->nsections = b->nsections;
    }
    if (b->ncards) {
        deck->cards = b->cards;
        deck->ncards = b->ncards;
    }
    if (b->ndiags) {
        S_sorted *tmp = malloc(b->ndiags * sizeof *tmp);
        deck->diags = vg_arena_alloc(b->arena, b->ndiags * sizeof *deck->diags);
        if (!tmp || !deck->diags) {
            free(tmp);
            return false;
        }
        for (size_t i = 0; i < b->ndiags; i++)
            tmp[i] = (S_sorted){b->diags[i], i};
        qsort(tmp, b->ndiags, sizeof *tmp, S_diag_cmp);
        for (size_t i = 0; i < b->ndiags; i++)
            deck->diags[i] = tmp[i].d;
        free(tmp);
        deck->ndiags = b->ndiags;
    }
    return true;
}
