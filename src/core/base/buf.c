#include "vgrev/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

void vg_buf_init(vg_buf *b)
{
    *b = (vg_buf)VG_BUF_INIT;
}

void vg_buf_release(vg_buf *b)
{
    free(b->data);
    vg_buf_init(b);
}

void vg_buf_clear(vg_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

bool vg_buf_grow(vg_buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (extra > SIZE_MAX / 2 - b->len) {
        b->failed = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return true;
    /* Doubling, or just what was asked for when that is more: a size known up front (a
     * file's) is then held exactly, not rounded to a power of two. */
    size_t cap = b->cap ? b->cap * 2 : 64;
    if (cap < need)
        cap = need;
    char *p = vg_mem_realloc(b->data, b->data ? b->len + 1 : 0, &cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void vg_buf_add(vg_buf *b, const void *data, size_t len)
{
    if (!vg_buf_grow(b, len))
        return;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void vg_buf_adds(vg_buf *b, const char *s)
{
    vg_buf_add(b, s, strlen(s));
}

void vg_buf_addc(vg_buf *b, char c)
{
    vg_buf_add(b, &c, 1);
}

void vg_buf_printf(vg_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        vg_buf_add(b, small, (size_t)n);
        return;
    }
    if (!vg_buf_grow(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

const char *vg_buf_str(const vg_buf *b)
{
    return b->data ? b->data : "";
}

char *vg_buf_detach(vg_buf *b)
{
    if (b->failed) {
        vg_buf_release(b);
        return NULL;
    }
    char *s = b->data ? b->data : calloc(1, 1);
    vg_buf_init(b);
    return s;
}

bool vg_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap && *p)
        return true;
    size_t c = *cap ? *cap : 16;
    while (c < need) {
        if (c > SIZE_MAX / 2 / elem)
            return false;
        c *= 2;
    }
    size_t size = c * elem;
    void *q = vg_mem_realloc(*p, *p ? *cap * elem : 0, &size);
    if (!q)
        return false;
    *p = q;
    *cap = size / elem;
    return true;
}
