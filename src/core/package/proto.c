/* Protobuf's wire format, as much as a package needs: varints, fixed 32/64-bit values and
 * length-delimited fields (https://protobuf.dev/programming-guides/encoding/). */
#include <string.h>

#include "package/package_int.h"

static bool S_varint(vg_pb *pb, uint64_t *v)
{
    uint64_t r = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (pb->p >= pb->end)
            return false;
        unsigned char b = *pb->p++;
        r |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) {
            *v = r;
            return true;
        }
    }
    return false;
}

static bool S_fixed(vg_pb *pb, size_t n, uint64_t *v)
{
    if ((size_t)(pb->end - pb->p) < n)
        return false;
    uint64_t r = 0;
    for (size_t i = 0; i < n; i++)
        r |= (uint64_t)pb->p[i] << (8 * i);
    pb->p += n;
    *v = r;
    return true;
}

int vg_pb_next(vg_pb *pb, vg_pb_field *f)
{
    if (pb->p >= pb->end)
        return 0;
    uint64_t key;
    if (!S_varint(pb, &key) || (key >> 3) == 0 || (key >> 3) > UINT32_MAX)
        return -1;
    f->num = (uint32_t)(key >> 3);
    f->wire = (unsigned)(key & 7);
    f->u = 0;
    f->bytes = NULL;
    f->len = 0;
    switch (f->wire) {
    case 0:
        return S_varint(pb, &f->u) ? 1 : -1;
    case 1:
        return S_fixed(pb, 8, &f->u) ? 1 : -1;
    case 5:
        return S_fixed(pb, 4, &f->u) ? 1 : -1;
    case 2: {
        uint64_t n;
        if (!S_varint(pb, &n) || n > (uint64_t)(pb->end - pb->p))
            return -1;
        f->bytes = pb->p;
        f->len = (size_t)n;
        pb->p += n;
        return 1;
    }
    default:
        return -1;
    }
}

float vg_pb_float(uint32_t bits)
{
    float x;
    memcpy(&x, &bits, sizeof x);
    return x;
}

size_t vg_pb_floats(const vg_pb_field *f, double *out, size_t max)
{
    if (f->wire == 5) { /* one value, not packed */
        if (max)
            out[0] = vg_pb_float((uint32_t)f->u);
        return max ? 1 : 0;
    }
    if (f->wire != 2 || f->len % 4)
        return SIZE_MAX;
    size_t n = f->len / 4;
    for (size_t i = 0; i < n && i < max; i++) {
        uint32_t bits = (uint32_t)f->bytes[4 * i] | (uint32_t)f->bytes[4 * i + 1] << 8 |
                        (uint32_t)f->bytes[4 * i + 2] << 16 | (uint32_t)f->bytes[4 * i + 3] << 24;
        out[i] = vg_pb_float(bits);
    }
    return n;
}
