/* A growable byte string, always NUL-terminated once anything was added.
 * The owner calls vg_buf_release(); after an allocation failure the buffer keeps
 * its old contents and `failed` is set, so callers may check once at the end. */
#ifndef VGREV_BUF_H
#define VGREV_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct vg_buf {
    char *data; /* NULL until the first byte is added */
    size_t len;
    size_t cap;
    bool failed; /* an allocation failed: contents are truncated */
} vg_buf;

#define VG_BUF_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0, false                                                                          \
    }

void vg_buf_init(vg_buf *b);
void vg_buf_release(vg_buf *b);
void vg_buf_clear(vg_buf *b); /* len = 0, memory kept */
bool vg_buf_grow(vg_buf *b, size_t extra);
void vg_buf_add(vg_buf *b, const void *data, size_t len);
void vg_buf_adds(vg_buf *b, const char *s);
void vg_buf_addc(vg_buf *b, char c);
void vg_buf_printf(vg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The contents as a C string ("" when empty); borrowed from b. */
const char *vg_buf_str(const vg_buf *b);
/* Hands the malloc'd string to the caller (who frees it) and resets b; NULL on failure. */
char *vg_buf_detach(vg_buf *b);

/* The one growth idiom for arrays (git's ALLOC_GROW): makes room for `need` elements of size
 * elem in *p, whose capacity is *cap, by doubling (a NULL *p gets an array even for need 0);
 * false (nothing changed) when out of memory or when the size would overflow. VG_GROW(arr, cap,
 * need) is the usual call. */
bool vg_grow(void **p, size_t *cap, size_t need, size_t elem);
#define VG_GROW(arr, cap, need) vg_grow((void **)&(arr), &(cap), (need), sizeof *(arr))

#endif
