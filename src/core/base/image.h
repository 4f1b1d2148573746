/* Images: the start-up cache (DESIGN §7, docs/performance.md). A parsed deck or progress file is
 * saved as the bytes of a copy of its memory laid out for a fixed address, and a later run maps
 * that file at the same address and uses it in place: no parsing, no copying, and the kernel
 * brings in only the pages that are read.
 *
 * An image is derived data, never the truth: it names its source (device, inode, size, mtime,
 * ctime and a hash of its bytes) and the program that wrote it (its build id and the caller's
 * layout number), carries a checksum of its body, and is used only when all of these match; it
 * is written to a temporary file and renamed (two vgrevs at once each see a whole one), and is
 * safe to delete. Anything that does not match is a miss: the caller parses, as without a
 * cache.
 *
 *   header (page 0) | body, mapped at header.base (file offset VG_IMAGE_BODY)
 *
 * Private to the core. */
#ifndef VG_IMAGE_H
#define VG_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "vgrev/buf.h"

enum {
    VG_IMAGE_DECK = 1,
    VG_IMAGE_STORE = 2,
    VG_IMAGE_BODY = 65536, /* the body's file offset: a page on every machine */
};

/* The file an image was made from, as stat saw it before it was read, and the hash of what was
 * read. */
typedef struct vg_image_source {
    uint64_t dev, ino, size;
    int64_t mtime_s, mtime_ns, ctime_s, ctime_ns;
    uint64_t hash;
} vg_image_source;

/* A 64-bit hash of data[0..len) (corruption and edits, not adversaries). */
uint64_t vg_image_hash(const void *data, size_t len);

/* The stat part of *src (hash 0) for the file at path; false when stat fails. */
bool vg_image_source_stat(const char *path, vg_image_source *src);

/* The image file for a source: DIR/KIND-HASH.img, HASH of the source's absolute path (malloc'd;
 * NULL when out of memory or the path cannot be resolved). */
char *vg_image_path(const char *dir, const char *kind, const char *source);

/* ---- Making an image ------------------------------------------------------------------------
 * Objects are copied into the builder at offsets; pointers stored in them must be final
 * addresses (vg_image_addr), which is what vg_image_str and vg_image_bytes return. */
typedef struct vg_image_builder {
    vg_buf body;
    char *base; /* where the body will be mapped */
    bool failed;
} vg_image_builder;

void vg_image_builder_init(vg_image_builder *b, const char *image_path);
void vg_image_builder_release(vg_image_builder *b);
/* Room for size zeroed bytes, aligned for any type; its offset (0 when it failed: the first
 * allocation is never at 0, see vg_image_builder_init). */
size_t vg_image_alloc(vg_image_builder *b, size_t size);
/* Where offset off is in the builder now: valid until the next allocation. */
void *vg_image_at(vg_image_builder *b, size_t off);
/* The address offset off will have once mapped. */
void *vg_image_addr(const vg_image_builder *b, size_t off);
/* A copy of s[0..len) with a NUL after it, at its final address; NULL for NULL. */
const char *vg_image_str(vg_image_builder *b, const char *s, size_t len);
/* A copy of n bytes, at its final address; NULL for NULL or n == 0. */
const void *vg_image_bytes(vg_image_builder *b, const void *p, size_t n);
/* Writes the image (root: the offset of the object a load returns) to path, atomically. False
 * when anything failed (nothing is left behind). */
bool vg_image_write(vg_image_builder *b, const char *path, unsigned kind, uint64_t layout,
                    const vg_image_source *src, size_t root);

/* ---- Using an image -------------------------------------------------------------------------
 * Maps the image at path when it was made by this program for kind and layout, from the file
 * source_path as it is now (content checked when its times are too close to the image's to
 * tell), and its checksum holds. The mapping is private and writable (pages copied when
 * written); it is attached to arena, which unmaps it when freed. Returns the root object, or
 * NULL on any miss. */
void *vg_image_map(const char *path, unsigned kind, uint64_t layout, const char *source_path,
                   vg_arena *arena);

#endif
