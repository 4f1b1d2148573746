/* A parsed deck saved as an image (base/image.h) and mapped back by later runs: the start-up
 * cache of vg_deck_load_cached(). The copy walks every pointer of the deck, so the image holds
 * nothing that points outside it (string literals of this program included). */
#include <stdlib.h>
#include <string.h>

#include "base/image.h"
#include "deck/deck_int.h"

enum { S_FORMAT = 1 }; /* bump when what a field means changes without its layout changing */

static uint64_t S_layout(void)
{
    const size_t sizes[] = {S_FORMAT,           sizeof(vg_deck), sizeof(vg_card),
                            sizeof(vg_section), sizeof(vg_diag), sizeof(vg_block),
                            sizeof(vg_span),    sizeof(vg_rich), VG_CARD_ID_LEN};
    return vg_image_hash(sizes, sizeof sizes);
}

static const char *S_str(vg_image_builder *b, const char *s)
{
    return s ? vg_image_str(b, s, strlen(s)) : NULL;
}

static vg_rich S_rich(vg_image_builder *b, const vg_rich *r)
{
    vg_rich out = {NULL, 0};
    size_t off = r->nblocks ? vg_image_alloc(b, r->nblocks * sizeof(vg_block)) : 0;
    if (!off)
        return out;
    for (size_t i = 0; i < r->nblocks; i++) {
        const vg_block *src = &r->blocks[i];
        size_t soff = src->nspans ? vg_image_alloc(b, src->nspans * sizeof(vg_span)) : 0;
        for (size_t k = 0; soff && k < src->nspans; k++) {
            const char *text = vg_image_str(b, src->spans[k].text, src->spans[k].len);
            vg_span *d = (vg_span *)vg_image_at(b, soff) + k;
            *d = src->spans[k];
            d->text = text;
        }
        vg_block *d = (vg_block *)vg_image_at(b, off) + i;
        *d = *src;
        d->spans = soff ? (const vg_span *)vg_image_addr(b, soff) : NULL;
        d->nspans = soff ? src->nspans : 0;
    }
    out.blocks = (const vg_block *)vg_image_addr(b, off);
    out.nblocks = r->nblocks;
    return out;
}

/* The image of deck; the offset of its vg_deck, 0 when memory ran out. */
static size_t S_build(vg_image_builder *b, const vg_deck *deck)
{
    size_t root = vg_image_alloc(b, sizeof(vg_deck));
    size_t soff = deck->nsections ? vg_image_alloc(b, deck->nsections * sizeof(vg_section)) : 0;
    size_t coff = deck->ncards ? vg_image_alloc(b, deck->ncards * sizeof(vg_card)) : 0;
    size_t doff = deck->ndiags ? vg_image_alloc(b, deck->ndiags * sizeof(vg_diag)) : 0;
    if (b->failed)
        return 0;
    for (size_t i = 0; i < deck->nsections; i++) {
        const vg_section *src = &deck->sections[i];
        const char *title = S_str(b, src->title), *number = S_str(b, src->number);
        vg_rich intro = S_rich(b, &src->intro);
        vg_section *d = (vg_section *)vg_image_at(b, soff) + i;
        *d = *src;
        d->title = title;
        d->number = number;
        d->intro = intro;
    }
    /* Every card of a deck has the same tags (the front matter's): one copy. */
    const char *const *tags_src = NULL, *const *tags = NULL;
    for (size_t i = 0; i < deck->ncards; i++) {
        const vg_card *src = &deck->cards[i];
        if (src->ntags && src->tags != tags_src) {
            size_t toff = vg_image_alloc(b, src->ntags * sizeof(char *));
            for (size_t k = 0; toff && k < src->ntags; k++) {
                const char *t = S_str(b, src->tags[k]);
                ((const char **)vg_image_at(b, toff))[k] = t;
            }
            tags_src = src->tags;
            tags = toff ? (const char *const *)vg_image_addr(b, toff) : NULL;
        }
        const char *front_src = S_str(b, src->front_src), *sub = S_str(b, src->subsection);
        vg_rich front = S_rich(b, &src->front), back = S_rich(b, &src->back);
        vg_card *d = (vg_card *)vg_image_at(b, coff) + i;
        *d = *src;
        d->front_src = front_src;
        d->subsection = sub;
        d->front = front;
        d->back = back;
        d->tags = src->ntags ? tags : NULL;
    }
    for (size_t i = 0; i < deck->ndiags; i++) {
        const char *msg = S_str(b, deck->diags[i].msg);
        vg_diag *d = (vg_diag *)vg_image_at(b, doff) + i;
        *d = deck->diags[i];
        d->msg = msg;
    }
    const char *file = S_str(b, deck->file), *title = S_str(b, deck->title);
    vg_rich description = S_rich(b, &deck->description);
    vg_deck *d = vg_image_at(b, root);
    *d = *deck;
    d->file = file;
    d->title = title;
    d->description = description;
    d->sections = soff ? (vg_section *)vg_image_addr(b, soff) : NULL;
    d->cards = coff ? (vg_card *)vg_image_addr(b, coff) : NULL;
    d->diags = doff ? (vg_diag *)vg_image_addr(b, doff) : NULL;
    d->arena = NULL; /* set by the run that maps it */
    return b->failed ? 0 : root;
}

vg_status vg_deck_load_cached(const char *path, const char *cache_dir, size_t min_bytes,
                              vg_deck **out, vg_error *err)
{
    char *image = cache_dir && path && out ? vg_image_path(cache_dir, "deck", path) : NULL;
    if (!image)
        return vg_deck_load(path, out, err);
    vg_arena *arena = vg_arena_new();
    vg_deck *deck = arena ? vg_image_map(image, VG_IMAGE_DECK, S_layout(), path, arena) : NULL;
    if (deck) {
        deck->arena = arena;
        deck->file = vg_arena_strndup(arena, path, strlen(path)); /* as given this time */
        if (deck->file) {
            free(image);
            *out = deck;
            return VG_OK;
        }
    }
    vg_arena_free(arena);
    /* A miss: parse, and keep an image for the next run when the deck is worth it. */
    vg_image_source src;
    bool stamped = vg_image_source_stat(path, &src);
    char *buf = NULL;
    size_t len = 0;
    vg_status st = vg_deck_read(path, &buf, &len, err);
    if (st == VG_OK)
        st = vg_deck_parse(buf, len, path, out, err);
    if (st == VG_OK && stamped && len >= min_bytes && len == src.size) {
        src.hash = vg_image_hash(buf, len);
        vg_image_builder b;
        vg_image_builder_init(&b, image);
        size_t root = S_build(&b, *out);
        (void)vg_image_write(&b, image, VG_IMAGE_DECK, S_layout(), &src, root);
        vg_image_builder_release(&b);
    }
    free(buf);
    free(image);
    return st;
}
