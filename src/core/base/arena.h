/* A bump allocator: many small allocations, one free. A deck owns one arena, so
 * everything copied out of cmark's tree is released with the deck. Private to the core. */
#ifndef VG_ARENA_H
#define VG_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct vg_arena vg_arena;

vg_arena *vg_arena_new(void);
void vg_arena_free(vg_arena *a);
/* Makes room for about size bytes in one chunk, before they are asked for (a caller that
 * knows what it will hold: one huge-page-backed chunk instead of many that grow); false when
 * out of memory (nothing changed: the arena still works). */
bool vg_arena_reserve(vg_arena *a, size_t size);
/* Memory aligned for any type, or NULL when out of memory. */
void *vg_arena_alloc(vg_arena *a, size_t size);
/* A NUL-terminated copy of s[0..len). */
char *vg_arena_strndup(vg_arena *a, const char *s, size_t len);
/* Makes the arena own a mapping (an image: base/image.h), unmapped when the arena is freed.
 * False when out of memory (the mapping is then not attached). */
bool vg_arena_attach(vg_arena *a, void *map, size_t len);
/* Bytes handed out so far (for benchmarks). */
size_t vg_arena_used(const vg_arena *a);

#endif
