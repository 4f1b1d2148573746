/* JSON (RFC 8259) for schema 11's col row and the legacy media map: a tree in the package's
 * arena. Strings are decoded (escapes, surrogate pairs); a string that would not be valid
 * UTF-8 makes the document invalid. */
#include <stdlib.h>
#include <string.h>

#include "package/package_int.h"
#include "vgrev/utf8.h"

enum { S_MAX_DEPTH = 64 };

typedef struct S_p {
    vg_arena *a;
    const char *s;
    size_t n, i;
} S_p;

static void S_ws(S_p *p)
{
    while (p->i < p->n && strchr(" \t\r\n", p->s[p->i]) && p->s[p->i])
        p->i++;
}

static int S_hex4(S_p *p)
{
    if (p->n - p->i < 4)
        return -1;
    int v = 0;
    for (int k = 0; k < 4; k++) {
        char c = p->s[p->i++];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

/* A string at p->s[p->i] == '"', decoded into the arena. */
static const char *S_string(S_p *p, size_t *len)
{
    p->i++;
    /* The decoded text is never longer than the source. */
    size_t start = p->i;
    while (p->i < p->n && p->s[p->i] != '"')
        p->i += p->s[p->i] == '\\' ? 2 : 1;
    if (p->i >= p->n)
        return NULL;
    size_t end = p->i++;
    char *out = vg_arena_alloc(p->a, end - start + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t k = start; k < end;) {
        char c = p->s[k++];
        if ((unsigned char)c < 0x20)
            return NULL;
        if (c != '\\') {
            out[o++] = c;
            continue;
        }
        char e = p->s[k++];
        const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
        const char *m = e ? strchr(from, e) : NULL;
        if (m) {
            out[o++] = to[m - from];
            continue;
        }
        if (e != 'u')
            return NULL;
        S_p h = {.s = p->s, .n = end, .i = k};
        int cp = S_hex4(&h);
        k = h.i;
        if (cp < 0)
            return NULL;
        uint32_t u = (uint32_t)cp;
        if (u >= 0xD800 && u < 0xDC00) {
            if (end - k < 6 || p->s[k] != '\\' || p->s[k + 1] != 'u')
                return NULL;
            h.i = k + 2;
            int lo = S_hex4(&h);
            k = h.i;
            if (lo < 0xDC00 || lo > 0xDFFF)
                return NULL;
            u = 0x10000 + ((u - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
        } else if (u >= 0xDC00 && u < 0xE000) {
            return NULL;
        }
        if (u == 0)
            return NULL;
        char enc[4];
        size_t el = vg_utf8_encode(u, enc);
        if (o + el > end - start) /* \uXXXX is 6 bytes, its UTF-8 at most 4 */
            return NULL;
        memcpy(out + o, enc, el);
        o += el;
    }
    out[o] = '\0';
    if (vg_utf8_check(out, o) != o)
        return NULL;
    *len = o;
    return out;
}

static bool S_value(S_p *p, vg_json *v, unsigned depth);

static bool S_items(S_p *p, vg_json *v, unsigned depth, bool obj)
{
    char close = obj ? '}' : ']';
    p->i++;
    vg_json *items = NULL;
    const char **keys = NULL;
    size_t n = 0, cap = 0;
    bool ok = false;
    S_ws(p);
    if (p->i < p->n && p->s[p->i] == close) {
        p->i++;
        ok = true;
        goto done;
    }
    for (;;) {
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            vg_json *ni = realloc(items, cap * sizeof *items);
            if (!ni)
                goto done;
            items = ni;
            const char **nk = realloc(keys, cap * sizeof *keys);
            if (!nk)
                goto done;
            keys = nk;
        }
        S_ws(p);
        keys[n] = NULL;
        if (obj) {
            size_t kl;
            if (p->i >= p->n || p->s[p->i] != '"' || !(keys[n] = S_string(p, &kl)))
                goto done;
            S_ws(p);
            if (p->i >= p->n || p->s[p->i] != ':')
                goto done;
            p->i++;
        }
        if (!S_value(p, &items[n], depth + 1))
            goto done;
        n++;
        S_ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->i < p->n && p->s[p->i] == close) {
            p->i++;
            ok = true;
        }
        goto done;
    }
done:
    if (ok && n) {
        v->items = vg_arena_alloc(p->a, n * sizeof *items);
        v->keys = obj ? vg_arena_alloc(p->a, n * sizeof *keys) : NULL;
        if (!v->items || (obj && !v->keys)) {
            ok = false;
        } else {
            memcpy(v->items, items, n * sizeof *items);
            if (obj)
                memcpy(v->keys, keys, n * sizeof *keys);
        }
    }
    v->n = ok ? n : 0;
    free(items);
    free(keys);
    return ok;
}

static bool S_value(S_p *p, vg_json *v, unsigned depth)
{
    memset(v, 0, sizeof *v);
    S_ws(p);
    if (depth > S_MAX_DEPTH || p->i >= p->n)
        return false;
    char c = p->s[p->i];
    if (c == '{' || c == '[') {
        v->type = c == '{' ? VG_JSON_OBJ : VG_JSON_ARR;
        return S_items(p, v, depth, c == '{');
    }
    if (c == '"') {
        v->type = VG_JSON_STR;
        return (v->str = S_string(p, &v->len)) != NULL;
    }
    static const char *const words[] = {"true", "false", "null"};
    for (size_t k = 0; k < 3; k++) {
        size_t wl = strlen(words[k]);
        if (p->n - p->i >= wl && memcmp(p->s + p->i, words[k], wl) == 0) {
            v->type = k < 2 ? VG_JSON_BOOL : VG_JSON_NULL;
            v->num = k == 0;
            p->i += wl;
            return true;
        }
    }
    size_t start = p->i;
    while (p->i < p->n && strchr("+-0123456789.eE", p->s[p->i]) && p->s[p->i])
        p->i++;
    if (p->i == start || p->i - start > 64)
        return false;
    char tok[65];
    memcpy(tok, p->s + start, p->i - start);
    tok[p->i - start] = '\0';
    char *endp;
    v->num = strtod(tok, &endp);
    v->type = VG_JSON_NUM;
    return *endp == '\0';
}

vg_json *vg_json_parse(vg_arena *a, const char *s, size_t len)
{
    S_p p = {.a = a, .s = s, .n = len, .i = 0};
    vg_json *v = vg_arena_alloc(a, sizeof *v);
    if (!v || !S_value(&p, v, 0))
        return NULL;
    S_ws(&p);
    return p.i == p.n ? v : NULL;
}

const vg_json *vg_json_get(const vg_json *obj, const char *key)
{
    if (!obj || obj->type != VG_JSON_OBJ)
        return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (strcmp(obj->keys[i], key) == 0)
            return &obj->items[i];
    return NULL;
}

double vg_json_num(const vg_json *obj, const char *key, double dflt)
{
    const vg_json *v = vg_json_get(obj, key);
    if (v && (v->type == VG_JSON_NUM || v->type == VG_JSON_BOOL))
        return v->num;
    if (v && v->type == VG_JSON_STR) {
        char *endp;
        double d = strtod(v->str, &endp);
        return *v->str && *endp == '\0' ? d : dflt;
    }
    return dflt;
}

const char *vg_json_str(const vg_json *obj, const char *key)
{
    const vg_json *v = vg_json_get(obj, key);
    return v && v->type == VG_JSON_STR ? v->str : NULL;
}
