#include "base/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base/mem.h"

struct chunk {
    struct chunk *next;
    size_t size, used;
    alignas(max_align_t) unsigned char data[];
};

struct mapping {
    struct mapping *next;
    void *addr;
    size_t len;
};

struct vg_arena {
    struct chunk *head;
    struct mapping *maps;
    size_t total;
};

/* Chunks grow with the arena (half of what it holds, up to CHUNK_MAX), so a big deck takes few
 * big chunks, backed by huge pages (base/mem.h), where small ones cost a page fault a page. */
enum { CHUNK_MIN = 64 * 1024, CHUNK_MAX = 16 << 20 };

vg_arena *vg_arena_new(void)
{
    return calloc(1, sizeof(vg_arena));
}

void vg_arena_free(vg_arena *a)
{
    if (!a)
        return;
    for (struct chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    for (struct mapping *m = a->maps, *next; m; m = next) {
        next = m->next;
        munmap(m->addr, m->len);
        free(m);
    }
    free(a);
}

/* A new chunk of cap bytes: the head, or behind it when behind (its free space stays usable). */
static struct chunk *S_chunk(vg_arena *a, size_t cap, bool behind)
{
    if (cap > SIZE_MAX - sizeof(struct chunk))
        return NULL;
    size_t len = sizeof(struct chunk) + cap;
    struct chunk *c = vg_mem_realloc(NULL, 0, &len);
    if (!c)
        return NULL;
    c->size = len - sizeof *c;
    c->used = 0;
    if (a->head && behind) {
        c->next = a->head->next;
        a->head->next = c;
    } else {
        c->next = a->head;
        a->head = c;
    }
    return c;
}

bool vg_arena_reserve(vg_arena *a, size_t size)
{
    if (size > SIZE_MAX / 2)
        return false;
    return (a->head && a->head->size - a->head->used >= size) || S_chunk(a, size, false);
}

void *vg_arena_alloc(vg_arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    if (size > SIZE_MAX / 2)
        return NULL;
    size = (size + align - 1) & ~(align - 1);
    struct chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t grow = a->total / 2 < CHUNK_MIN ? CHUNK_MIN : a->total / 2;
        grow = grow > CHUNK_MAX ? CHUNK_MAX : grow;
        /* A large block goes behind the current chunk. */
        if (!(c = S_chunk(a, size > grow ? size : grow, size > grow)))
            return NULL;
    }
    void *p = c->data + c->used;
    c->used += size;
    a->total += size;
    return p;
}

char *vg_arena_strndup(vg_arena *a, const char *s, size_t len)
{
    char *p = vg_arena_alloc(a, len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

bool vg_arena_attach(vg_arena *a, void *map, size_t len)
{
    struct mapping *m = malloc(sizeof *m);
    if (!m)
        return false;
    m->addr = map;
    m->len = len;
    m->next = a->maps;
    a->maps = m;
    return true;
}

size_t vg_arena_used(const vg_arena *a)
{
    return a->total;
}
