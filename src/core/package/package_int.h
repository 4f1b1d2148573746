/* Private to src/core/package: the small formats inside a package.
 *
 *   package/zip.c         the zip, meta, the collection and the media files (libzip, zstd)
 *   package/collection.c  the collection's tables (SQLite), both schemas
 *   package/json.c        the JSON of schema 11's col row and of the legacy media map
 *   package/proto.c       protobuf fields: meta, the latest media map, schema 18's blobs */
#ifndef VG_PACKAGE_INT_H
#define VG_PACKAGE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "vgrev/package.h"

/* ---- protobuf (package/proto.c) ---- */

typedef struct vg_pb {
    const unsigned char *p, *end;
} vg_pb;

typedef struct vg_pb_field {
    uint32_t num;
    unsigned wire;              /* 0 varint, 1 fixed64, 2 bytes, 5 fixed32 */
    uint64_t u;                 /* wire 0, 1, 5 */
    const unsigned char *bytes; /* wire 2 */
    size_t len;
} vg_pb_field;

/* The next field: 1, 0 at the end, -1 when the message is malformed. */
int vg_pb_next(vg_pb *pb, vg_pb_field *f);
/* A fixed32 as the float it holds. */
float vg_pb_float(uint32_t bits);
/* Packed floats (wire 2) into out (at most max); the count, or SIZE_MAX when malformed. */
size_t vg_pb_floats(const vg_pb_field *f, double *out, size_t max);

/* ---- JSON (package/json.c) ---- */

typedef enum vg_json_type {
    VG_JSON_NULL,
    VG_JSON_BOOL,
    VG_JSON_NUM,
    VG_JSON_STR,
    VG_JSON_ARR,
    VG_JSON_OBJ
} vg_json_type;

typedef struct vg_json {
    vg_json_type type;
    const char *str; /* STR: decoded, NUL-terminated; BOOL/NUM: the token */
    size_t len;
    double num;
    const char **keys;     /* OBJ */
    struct vg_json *items; /* ARR, OBJ */
    size_t n;
} vg_json;

/* Parses s[0..len) into the arena; NULL when it is not JSON (or nests deeper than 64). */
vg_json *vg_json_parse(vg_arena *a, const char *s, size_t len);
/* The member key of an object, or NULL. */
const vg_json *vg_json_get(const vg_json *obj, const char *key);
/* A number member (or a numeric string), or dflt. */
double vg_json_num(const vg_json *obj, const char *key, double dflt);
/* A string member, or NULL. */
const char *vg_json_str(const vg_json *obj, const char *key);

/* ---- the collection (package/collection.c) ---- */

/* Reads the SQLite file db[0..len) (modified: a WAL header is switched to rollback, which
 * SQLite needs to read it from memory) into pkg. */
vg_status vg_package_collection(vg_package *pkg, unsigned char *db, size_t len, const char *file,
                                vg_error *err);

#endif
