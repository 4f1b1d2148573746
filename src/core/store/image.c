/* A progress file's snapshot saved as an image (base/image.h) and mapped back by later runs:
 * the start-up cache of vg_store_open (opts->cache_dir). The image holds what parsing the
 * snapshot gives (the records with their logs, states and flags, the index, the deck names,
 * the scheduler tag, the generation); the journal is read and applied on top at every open,
 * as without a cache. Records stay where the image maps them: a change copies just the page it
 * writes, and a log that grows moves to the arena. */
#include <stdlib.h>
#include <string.h>

#include "base/image.h"
#include "store/store_int.h"

enum { S_FORMAT = 1 }; /* bump when what a field means changes without its layout changing */

typedef struct S_root {
    vg_record **recs;
    vg_slot *slots;
    size_t nrecs, nslots;
    const char **decks;
    size_t ndecks;
    const char *scheduler;
    uint64_t generation;
} S_root;

static uint64_t S_layout(void)
{
    const size_t sizes[] = {S_FORMAT,          sizeof(vg_record),
                            sizeof(vg_review), sizeof(vg_sched_card),
                            sizeof(S_root),    VG_CARD_ID_LEN};
    return vg_image_hash(sizes, sizeof sizes);
}

/* Where the copy of record i is: records are laid out in one array from roff. */
static vg_record *S_rec_addr(const vg_image_builder *b, size_t roff, size_t i)
{
    return (vg_record *)vg_image_addr(b, roff + i * sizeof(vg_record));
}

static size_t S_build(vg_image_builder *b, vg_store *s)
{
    size_t root = vg_image_alloc(b, sizeof(S_root));
    size_t roff = s->nrecs ? vg_image_alloc(b, s->nrecs * sizeof(vg_record)) : 0;
    size_t poff = s->nrecs ? vg_image_alloc(b, s->nrecs * sizeof(vg_record *)) : 0;
    size_t soff = s->nslots ? vg_image_alloc(b, s->nslots * sizeof(vg_slot)) : 0;
    size_t doff = s->ndecks ? vg_image_alloc(b, s->ndecks * sizeof(char *)) : 0;
    if (b->failed)
        return 0;
    for (size_t i = 0; i < s->ndecks; i++) {
        const char *d = vg_image_str(b, s->decks[i], strlen(s->decks[i]));
        ((const char **)vg_image_at(b, doff))[i] = d;
    }
    for (size_t i = 0; i < s->nrecs && !b->failed; i++) {
        const vg_record *src = s->recs[i];
        size_t di = 0;
        while (di < s->ndecks && s->decks[di] != src->deck)
            di++;
        if (di == s->ndecks) { /* every deck name is interned */
            b->failed = true;
            break;
        }
        const char *section = vg_image_str(b, src->section, strlen(src->section));
        const char *front = vg_image_str(b, src->front, strlen(src->front));
        const char *tags = src->tags ? vg_image_str(b, src->tags, strlen(src->tags)) : NULL;
        const vg_review *reviews =
            vg_image_bytes(b, src->reviews, src->nreviews * sizeof(vg_review));
        if (b->failed)
            break;
        vg_record *d = (vg_record *)vg_image_at(b, roff) + i;
        *d = *src;
        d->deck = ((const char **)vg_image_at(b, doff))[di];
        d->section = section;
        d->front = front;
        d->tags = tags;
        d->reviews = reviews;
        d->cap_ = src->nreviews;
        d->same_id_ = src->same_id_ ? S_rec_addr(b, roff, src->same_id_->index_) : NULL;
        ((vg_record **)vg_image_at(b, poff))[i] = S_rec_addr(b, roff, i);
    }
    for (size_t j = 0; j < s->nslots && !b->failed; j++)
        if (s->slots[j].rec) {
            vg_slot *d = (vg_slot *)vg_image_at(b, soff) + j;
            d->key = s->slots[j].key;
            d->rec = S_rec_addr(b, roff, s->slots[j].rec->index_);
        }
    const char *sched = vg_image_str(b, s->scheduler, strlen(s->scheduler));
    if (b->failed)
        return 0;
    S_root *r = vg_image_at(b, root);
    r->recs = poff ? (vg_record **)vg_image_addr(b, poff) : NULL;
    r->nrecs = s->nrecs;
    r->slots = soff ? (vg_slot *)vg_image_addr(b, soff) : NULL;
    r->nslots = s->nslots;
    r->decks = doff ? (const char **)vg_image_addr(b, doff) : NULL;
    r->ndecks = s->ndecks;
    r->scheduler = sched;
    r->generation = s->generation;
    return root;
}

void vg_store_image_write(vg_store *s, const char *image, const vg_image_source *src)
{
    if (s->nwarnings)
        return; /* a file read with warnings is read again, so they are seen again */
    vg_image_builder b;
    vg_image_builder_init(&b, image);
    size_t root = S_build(&b, s);
    (void)vg_image_write(&b, image, VG_IMAGE_STORE, S_layout(), src, root);
    vg_image_builder_release(&b);
}

bool vg_store_image_load(vg_store *s, const char *image, const char *path)
{
    S_root *r = vg_image_map(image, VG_IMAGE_STORE, S_layout(), path, s->arena);
    if (!r)
        return false;
    const char **decks = malloc((r->ndecks ? r->ndecks : 1) * sizeof *decks);
    char *sched = strdup(r->scheduler);
    if (!decks || !sched) {
        free(decks);
        free(sched);
        return false; /* the mapping stays with the arena until the store is freed */
    }
    if (r->ndecks)
        memcpy(decks, r->decks, r->ndecks * sizeof *decks);
    free(s->scheduler);
    /* The record list and the index are used where they are mapped (a private mapping: pages
     * are copied when written), until they grow. */
    s->recs = r->recs;
    s->nrecs = s->caprecs = r->nrecs;
    s->recs_mapped = true;
    s->slots = r->slots;
    s->nslots = r->nslots;
    s->slots_mapped = true;
    s->decks = decks;
    s->ndecks = s->capdecks = r->ndecks;
    s->scheduler = sched;
    s->generation = r->generation;
    s->changed = false;
    return true;
}
