/* The package: its zip (libzip, from memory), meta, the collection (zstd-compressed in the
 * latest format) and the media files with their map. Layout and version rules: Anki's
 * rslib/src/import_export/package/{meta.rs,media.rs,colpkg/export.rs} (research notes §2-3). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <zstd.h>

#include "package/package_int.h"
#include "vgrev/utf8.h"

typedef struct S_rd {
    zip_t *z;
    vg_package *pkg;
    const char *file;
    vg_error *err;
    size_t budget; /* decompressed bytes still allowed */
} S_rd;

static vg_status S_fail(S_rd *r, vg_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static vg_status S_fail(S_rd *r, vg_status st, const char *fmt, ...)
{
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return vg_error_set(r->err, st, r->file, 0, 0, "%s", msg);
}

static vg_status S_too_large(S_rd *r)
{
    return S_fail(r, VG_INVALID, "the package holds more than %u MB once unpacked",
                  (unsigned)(VG_PACKAGE_MAX_BYTES >> 20));
}

static void S_warn(S_rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void S_warn(S_rd *r, const char *fmt, ...)
{
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    vg_package *p = r->pkg;
    const char **w = vg_arena_alloc(p->arena, (p->nwarnings + 1) * sizeof *w);
    char *s = vg_arena_strndup(p->arena, msg, strlen(msg));
    if (!w || !s)
        return;
    if (p->nwarnings)
        memcpy(w, p->warnings, p->nwarnings * sizeof *w);
    w[p->nwarnings++] = s;
    p->warnings = w;
}

/* The bytes of entry idx (malloc'd, the caller frees; one spare byte, NUL). */
static vg_status S_entry(S_rd *r, zip_int64_t idx, const char *what, unsigned char **out,
                         size_t *len)
{
    *out = NULL;
    *len = 0;
    zip_file_t *f = zip_fopen_index(r->z, (zip_uint64_t)idx, 0);
    if (!f)
        return S_fail(r, VG_PARSE, "cannot read %s from the zip: %s", what, zip_strerror(r->z));
    size_t cap = 4096, n = 0;
    unsigned char *buf = malloc(cap);
    if (!buf) {
        zip_fclose(f);
        return vg_error_set(r->err, VG_NOMEM, r->file, 0, 0, NULL);
    }
    vg_status st = VG_OK;
    while (st == VG_OK) {
        if (cap - n < 2) {
            if (cap / 2 > r->budget) {
                st = S_too_large(r);
                break;
            }
            unsigned char *nb = realloc(buf, cap * 2);
            if (!nb) {
                st = vg_error_set(r->err, VG_NOMEM, r->file, 0, 0, NULL);
                break;
            }
            buf = nb;
            cap *= 2;
        }
        zip_int64_t got = zip_fread(f, buf + n, cap - n - 1);
        if (got < 0)
            st = S_fail(r, VG_PARSE, "%s is damaged or truncated: %s", what,
                        zip_error_strerror(zip_file_get_error(f)));
        else if (got == 0)
            break;
        else
            n += (size_t)got;
    }
    zip_fclose(f);
    if (st == VG_OK && n > r->budget)
        st = S_too_large(r);
    if (st != VG_OK) {
        free(buf);
        return st;
    }
    r->budget -= n;
    buf[n] = 0;
    *out = buf;
    *len = n;
    return VG_OK;
}

/* zstd frames in[0..n) decompressed (malloc'd; one spare byte, NUL). Streaming, because
 * Anki's frames need not say their size (research notes §3.3). */
static vg_status S_unzstd(S_rd *r, const unsigned char *in, size_t n, const char *what,
                          unsigned char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    ZSTD_DStream *ds = ZSTD_createDStream();
    size_t cap = 1 << 16, used = 0;
    unsigned char *buf = malloc(cap);
    vg_status st = VG_OK;
    if (!ds || !buf) {
        st = vg_error_set(r->err, VG_NOMEM, r->file, 0, 0, NULL);
        goto done;
    }
    /* At most a 128 MB window: a hostile frame cannot ask for more memory than that. */
    ZSTD_DCtx_setParameter(ds, ZSTD_d_windowLogMax, 27);
    ZSTD_inBuffer ib = {in, n, 0};
    size_t ret = 1;
    while (ib.pos < ib.size || ret != 0) {
        if (cap - used < 2) {
            if (cap / 2 > r->budget) {
                st = S_too_large(r);
                goto done;
            }
            unsigned char *nb = realloc(buf, cap * 2);
            if (!nb) {
                st = vg_error_set(r->err, VG_NOMEM, r->file, 0, 0, NULL);
                goto done;
            }
            buf = nb;
            cap *= 2;
        }
        ZSTD_outBuffer ob = {buf + used, cap - used - 1, 0};
        size_t before = ib.pos;
        ret = ZSTD_decompressStream(ds, &ob, &ib);
        if (ZSTD_isError(ret)) {
            st = S_fail(r, VG_PARSE, "%s is not valid zstd data: %s", what, ZSTD_getErrorName(ret));
            goto done;
        }
        used += ob.pos;
        if (ib.pos == ib.size && ret != 0 && ob.pos == 0 && before == ib.pos) {
            st = S_fail(r, VG_PARSE, "%s is truncated (its zstd data ends too soon)", what);
            goto done;
        }
    }
    if (used > r->budget) {
        st = S_too_large(r);
        goto done;
    }
    r->budget -= used;
    buf[used] = 0;
    *out = buf;
    *len = used;
    buf = NULL;
done:
    free(buf);
    ZSTD_freeDStream(ds);
    return st;
}

bool vg_package_media_name_ok(const char *name, size_t len)
{
    if (len == 0 || len > 255 || name[0] == '.' || vg_utf8_check(name, len) != len)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c == 0x7F || c == '/' || c == '\\' || c == ':')
            return false;
    }
    return true;
}

/* meta: PackageMetadata { Version version = 1; }. 0 when absent. */
static vg_status S_version(S_rd *r, int *version)
{
    *version = 0;
    zip_int64_t idx = zip_name_locate(r->z, "meta", 0);
    if (idx < 0)
        return VG_OK;
    unsigned char *m;
    size_t n;
    vg_status st = S_entry(r, idx, "meta", &m, &n);
    if (st != VG_OK)
        return st;
    vg_pb pb = {m, m + n};
    vg_pb_field f;
    int k;
    uint64_t v = 0;
    while ((k = vg_pb_next(&pb, &f)) > 0)
        if (f.num == 1 && f.wire == 0)
            v = f.u;
    free(m);
    if (k < 0)
        return S_fail(r, VG_PARSE, "its 'meta' entry is not Anki's package metadata");
    if (v < 1 || v > 3)
        return S_fail(r, VG_PARSE,
                      "a package of a newer Anki (format version %llu): vgrev reads versions "
                      "1 to 3",
                      (unsigned long long)v);
    *version = (int)v;
    return VG_OK;
}

static const char *const S_collections[] = {NULL, "collection.anki2", "collection.anki21",
                                            "collection.anki21b"};

static vg_status S_collection(S_rd *r)
{
    vg_package *p = r->pkg;
    vg_status st = S_version(r, &p->version);
    if (st != VG_OK)
        return st;
    if (!p->version)
        p->version = zip_name_locate(r->z, S_collections[2], 0) >= 0 ? 2 : 1;
    const char *name = S_collections[p->version];
    zip_int64_t idx = zip_name_locate(r->z, name, 0);
    if (idx < 0)
        return S_fail(r, VG_PARSE, "no collection in the package (no '%s' entry)", name);
    unsigned char *raw, *db;
    size_t rlen, dlen;
    if ((st = S_entry(r, idx, name, &raw, &rlen)) != VG_OK)
        return st;
    if (p->version == 3) {
        st = S_unzstd(r, raw, rlen, name, &db, &dlen);
        free(raw);
        if (st != VG_OK)
            return st;
    } else {
        db = raw;
        dlen = rlen;
    }
    st = vg_package_collection(p, db, dlen, r->file, r->err);
    free(db);
    return st;
}

/* Adds a media file: the map's name for zip entry `entry`. */
static vg_status S_media_one(S_rd *r, const char *name, size_t nlen, const char *entry)
{
    vg_package *p = r->pkg;
    if (!vg_package_media_name_ok(name, nlen)) {
        char shown[64];
        size_t k = 0;
        for (size_t i = 0; i < nlen && k + 5 < sizeof shown; i++) {
            unsigned char c = (unsigned char)name[i];
            k += (size_t)snprintf(shown + k, sizeof shown - k,
                                  c < 0x20 || c == 0x7F ? "\\x%02x" : "%c", c);
        }
        return S_fail(r, VG_PARSE,
                      "media name '%s' is not a plain file name (it could leave the media folder)",
                      shown);
    }
    zip_int64_t idx = zip_name_locate(r->z, entry, 0);
    if (idx < 0) {
        S_warn(r, "media file '%.*s' is listed but not in the package",
               (int)(nlen > 80 ? 80 : nlen), name);
        return VG_OK;
    }
    char what[40];
    snprintf(what, sizeof what, "media entry '%s'", entry);
    unsigned char *raw, *data;
    size_t rlen, dlen;
    vg_status st = S_entry(r, idx, what, &raw, &rlen);
    if (st != VG_OK)
        return st;
    if (p->version == 3) {
        st = S_unzstd(r, raw, rlen, what, &data, &dlen);
        free(raw);
        if (st != VG_OK)
            return st;
    } else {
        data = raw;
        dlen = rlen;
    }
    vg_package_media m = {vg_arena_strndup(p->arena, name, nlen),
                          vg_arena_alloc(p->arena, dlen + 1), dlen};
    vg_package_media *list = vg_arena_alloc(p->arena, (p->nmedia + 1) * sizeof *list);
    if (!m.name || !m.data || !list) {
        free(data);
        return vg_error_set(r->err, VG_NOMEM, r->file, 0, 0, NULL);
    }
    if (data && dlen)
        memcpy((void *)m.data, data, dlen);
    free(data);
    if (p->nmedia)
        memcpy(list, p->media, p->nmedia * sizeof *list);
    list[p->nmedia++] = m;
    p->media = list;
    return VG_OK;
}

static vg_status S_media(S_rd *r)
{
    zip_int64_t idx = zip_name_locate(r->z, "media", 0);
    if (idx < 0)
        return VG_OK; /* older AnkiDroid packages have no map: no media */
    unsigned char *raw, *map;
    size_t rlen, mlen;
    vg_status st = S_entry(r, idx, "the media map", &raw, &rlen);
    if (st != VG_OK)
        return st;
    if (r->pkg->version == 3) {
        st = S_unzstd(r, raw, rlen, "the media map", &map, &mlen);
        free(raw);
        if (st != VG_OK)
            return st;
    } else {
        map = raw;
        mlen = rlen;
    }
    char entry[24];
    if (r->pkg->version == 3) {
        /* MediaEntries { repeated MediaEntry entries = 1; } MediaEntry { string name = 1;
         * uint32 size = 2; bytes sha1 = 3; optional uint32 legacy_zip_filename = 255; } */
        vg_pb pb = {map, map + mlen};
        vg_pb_field f;
        int k;
        size_t i = 0;
        while (st == VG_OK && (k = vg_pb_next(&pb, &f)) > 0) {
            if (f.num != 1 || f.wire != 2)
                continue;
            vg_pb e = {f.bytes, f.bytes + f.len};
            vg_pb_field g;
            const char *name = "";
            size_t nlen = 0;
            unsigned long long zipname = i;
            while ((k = vg_pb_next(&e, &g)) > 0) {
                if (g.num == 1 && g.wire == 2) {
                    name = (const char *)g.bytes;
                    nlen = g.len;
                } else if (g.num == 255 && g.wire == 0) {
                    zipname = g.u;
                }
            }
            if (k < 0)
                break;
            snprintf(entry, sizeof entry, "%llu", zipname);
            st = S_media_one(r, name, nlen, entry);
            i++;
        }
        if (st == VG_OK && k < 0)
            st = S_fail(r, VG_PARSE, "the media map is damaged");
    } else {
        vg_json *j = vg_json_parse(r->pkg->arena, (const char *)map, mlen);
        if (!j || j->type != VG_JSON_OBJ)
            st = S_fail(r, VG_PARSE, "the media map is not the JSON object Anki writes");
        for (size_t i = 0; j && st == VG_OK && i < j->n; i++) {
            if (j->items[i].type != VG_JSON_STR || strlen(j->keys[i]) >= sizeof entry)
                st = S_fail(r, VG_PARSE, "the media map is not the JSON object Anki writes");
            else
                st = S_media_one(r, j->items[i].str, j->items[i].len, j->keys[i]);
        }
    }
    free(map);
    return st;
}

vg_status vg_package_read(const void *data, size_t len, const char *file, vg_package **out,
                          vg_error *err)
{
    *out = NULL;
    if (!file)
        file = "<package>";
    vg_package *p = calloc(1, sizeof *p);
    if (!p || !(p->arena = vg_arena_new())) {
        free(p);
        return vg_error_set(err, VG_NOMEM, file, 0, 0, NULL);
    }
    S_rd r = {.z = NULL, .pkg = p, .file = file, .err = err, .budget = VG_PACKAGE_MAX_BYTES};
    vg_status st = VG_OK;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = len ? zip_source_buffer_create(data, len, 0, &ze) : NULL;
    if (src && !(r.z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze)))
        zip_source_free(src);
    if (!r.z) {
        int code = zip_error_code_zip(&ze);
        if (code == ZIP_ER_MEMORY)
            st = vg_error_set(err, VG_NOMEM, file, 0, 0, NULL);
        else if (len >= 4 && memcmp(data, "PK\3\4", 4) == 0)
            st = S_fail(&r, VG_PARSE, "a damaged or truncated zip (%s)", zip_error_strerror(&ze));
        else
            st = S_fail(&r, VG_PARSE, "not an Anki package (not a zip file)");
    }
    zip_error_fini(&ze);
    if (st == VG_OK)
        st = S_collection(&r);
    if (st == VG_OK)
        st = S_media(&r);
    if (r.z)
        zip_discard(r.z);
    if (st != VG_OK) {
        vg_package_free(p);
        return st;
    }
    *out = p;
    return VG_OK;
}

void vg_package_free(vg_package *pkg)
{
    if (!pkg)
        return;
    vg_arena_free(pkg->arena);
    free(pkg);
}
