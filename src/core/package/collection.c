/* The collection: an SQLite file opened from memory, read-only, with Anki's tables read into
 * the package. Schema 11 keeps note types, decks and deck options as JSON in the col row;
 * schema 15 and later as tables of protobuf blobs (Anki's proto/anki/{notetypes,decks,
 * deck_config}.proto; research notes §4-5). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "package/package_int.h"
#include "vgrev/utf8.h"

typedef struct S_col {
    sqlite3 *db;
    vg_package *pkg;
    const char *file;
    vg_error *err;
} S_col;

static vg_status S_nomem(S_col *c)
{
    return vg_error_set(c->err, VG_NOMEM, c->file, 0, 0, NULL);
}

static vg_status S_sqlerr(S_col *c, const char *what)
{
    return vg_error_set(c->err, VG_PARSE, c->file, 0, 0,
                        "the collection is not one Anki wrote (%s: %s)", what,
                        sqlite3_errmsg(c->db));
}

/* Anki's 'unicase' collation (Unicode case folding); ASCII folding is enough for reading. */
static int S_unicase(void *u, int n1, const void *s1, int n2, const void *s2)
{
    (void)u;
    int n = n1 < n2 ? n1 : n2;
    int r = strncasecmp(s1, s2, (size_t)n);
    return r ? r : n1 - n2;
}

/* A hostile schema cannot make a query run for ever: stop after about 2^31 VM steps. */
static int S_progress(void *u)
{
    unsigned long *ticks = u;
    return ++*ticks > (1ul << 21);
}

static char *S_dup(S_col *c, const void *s, size_t n)
{
    return vg_arena_strndup(c->pkg->arena, s ? s : "", s ? n : 0);
}

/* A text column as a NUL-terminated, valid UTF-8 string in the arena (NULL: out of memory,
 * or *bad set when not UTF-8). */
static char *S_text(S_col *c, sqlite3_stmt *q, int i, size_t *len, bool *bad)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    size_t n = (size_t)sqlite3_column_bytes(q, i);
    if (t && (vg_utf8_check((const char *)t, n) != n || memchr(t, 0, n))) {
        *bad = true;
        return NULL;
    }
    if (len)
        *len = t ? n : 0;
    return S_dup(c, t, n);
}

/* A blob column as a protobuf message (an empty blob is NULL: no pointer arithmetic). */
static vg_pb S_blob(sqlite3_stmt *q, int i)
{
    const unsigned char *b = sqlite3_column_blob(q, i);
    int n = sqlite3_column_bytes(q, i);
    return b && n > 0 ? (vg_pb){b, b + n} : (vg_pb){NULL, NULL};
}

static void *S_grow(S_col *c, void *old, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return old;
    size_t nc = *cap ? 2 * *cap : 16;
    void *p = vg_arena_alloc(c->pkg->arena, nc * size);
    if (p && n)
        memcpy(p, old, n * size);
    if (p)
        *cap = nc;
    return p;
}

#define S_PUSH(c, arr, n, cap) ((arr) = S_grow((c), (arr), (n), &(cap), sizeof *(arr)))

static bool S_is_table(S_col *c, const char *name)
{
    sqlite3_stmt *q;
    bool yes = false;
    if (sqlite3_prepare_v2(c->db, "SELECT type FROM sqlite_master WHERE name = ?1", -1, &q, NULL) !=
        SQLITE_OK)
        return false;
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(q, 0);
        yes = t && strcmp((const char *)t, "table") == 0;
    }
    sqlite3_finalize(q);
    return yes;
}

/* ---- note types, decks, options: schema 11 (JSON) ---- */

static vg_package_kind S_kind(bool cloze, int stock, size_t nfields, size_t ntemplates,
                              bool *occlusion)
{
    *occlusion = stock == 6;
    if (*occlusion)
        return VG_PKG_OTHER;
    if (cloze)
        return VG_PKG_CLOZE;
    if (stock == 1 || stock == 4)
        return VG_PKG_BASIC;
    if (stock == 2 || stock == 3)
        return VG_PKG_REVERSED;
    /* Made before Anki 2.1.62 kept the stock kind: by shape (names are translated). */
    if (nfields == 2 && ntemplates == 1)
        return VG_PKG_BASIC;
    if ((nfields == 2 || nfields == 3) && ntemplates == 2)
        return VG_PKG_REVERSED;
    return VG_PKG_OTHER;
}

static vg_status S_json_col(S_col *c, const char *text, size_t len, vg_json **out, const char *what)
{
    *out = len ? vg_json_parse(c->pkg->arena, text, len) : NULL;
    if (len && (!*out || (*out)->type != VG_JSON_OBJ))
        return vg_error_set(c->err, VG_PARSE, c->file, 0, 0,
                            "the collection's %s are not the JSON Anki writes", what);
    return VG_OK;
}

static vg_status S_schema11(S_col *c, const vg_json *models, const vg_json *decks,
                            const vg_json *dconf)
{
    vg_package *p = c->pkg;
    size_t cap = 0;
    for (size_t i = 0; models && i < models->n; i++) {
        const vg_json *m = &models->items[i];
        const vg_json *flds = vg_json_get(m, "flds"), *tmpls = vg_json_get(m, "tmpls");
        if (!S_PUSH(c, p->notetypes, p->nnotetypes, cap))
            return S_nomem(c);
        vg_package_notetype *nt = &p->notetypes[p->nnotetypes++];
        memset(nt, 0, sizeof *nt);
        nt->id = (int64_t)vg_json_num(m, "id", 0);
        const char *name = vg_json_str(m, "name");
        nt->name = S_dup(c, name, name ? strlen(name) : 0);
        nt->nfields = flds && flds->type == VG_JSON_ARR ? flds->n : 0;
        nt->ntemplates = tmpls && tmpls->type == VG_JSON_ARR ? tmpls->n : 0;
        nt->fields = vg_arena_alloc(p->arena, (nt->nfields + 1) * sizeof *nt->fields);
        if (!nt->name || !nt->fields)
            return S_nomem(c);
        for (size_t k = 0; k < nt->nfields; k++) {
            const char *fn = vg_json_str(&flds->items[k], "name");
            nt->fields[k] = fn ? fn : "";
        }
        nt->kind =
            S_kind(vg_json_num(m, "type", 0) == 1, (int)vg_json_num(m, "originalStockKind", 0),
                   nt->nfields, nt->ntemplates, &nt->image_occlusion);
    }
    cap = 0;
    for (size_t i = 0; decks && i < decks->n; i++) {
        const vg_json *d = &decks->items[i];
        if (!S_PUSH(c, p->decks, p->ndecks, cap))
            return S_nomem(c);
        vg_package_deck *dk = &p->decks[p->ndecks++];
        memset(dk, 0, sizeof *dk);
        dk->id = (int64_t)vg_json_num(d, "id", 0);
        const char *name = vg_json_str(d, "name");
        dk->name = name ? name : "";
        dk->filtered = vg_json_num(d, "dyn", 0) != 0;
        dk->config = dk->filtered ? 0 : (int64_t)vg_json_num(d, "conf", 1);
        dk->desired_retention = vg_json_num(d, "desiredRetention", 0);
    }
    cap = 0;
    static const char *const keys[] = {"fsrsParams6", "fsrsParams5", "fsrsWeights"};
    for (size_t i = 0; dconf && i < dconf->n; i++) {
        const vg_json *d = &dconf->items[i];
        if (!S_PUSH(c, p->configs, p->nconfigs, cap))
            return S_nomem(c);
        vg_package_config *cf = &p->configs[p->nconfigs++];
        memset(cf, 0, sizeof *cf);
        cf->id = (int64_t)vg_json_num(d, "id", 0);
        const char *name = vg_json_str(d, "name");
        cf->name = name ? name : "";
        cf->desired_retention = vg_json_num(d, "desiredRetention", 0);
        for (size_t k = 0; k < 3 && !cf->nweights; k++) {
            const vg_json *w = vg_json_get(d, keys[k]);
            if (!w || w->type != VG_JSON_ARR || !w->n || w->n > VG_PACKAGE_NWEIGHTS_MAX)
                continue;
            for (size_t j = 0; j < w->n; j++)
                cf->weights[j] = w->items[j].num;
            cf->nweights = w->n;
        }
    }
    return VG_OK;
}

/* ---- schema 15+ (protobuf blobs) ---- */

static vg_status S_bad_blob(S_col *c, const char *what)
{
    return vg_error_set(c->err, VG_PARSE, c->file, 0, 0,
                        "the collection's %s are damaged (not Anki's protobuf)", what);
}

static vg_status S_notetypes18(S_col *c)
{
    vg_package *p = c->pkg;
    sqlite3_stmt *q;
    size_t cap = 0;
    bool bad = false;
    if (sqlite3_prepare_v2(c->db, "SELECT id, name, config FROM notetypes", -1, &q, NULL))
        return S_sqlerr(c, "notetypes");
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (!S_PUSH(c, p->notetypes, p->nnotetypes, cap))
            break;
        vg_package_notetype *nt = &p->notetypes[p->nnotetypes++];
        memset(nt, 0, sizeof *nt);
        nt->id = sqlite3_column_int64(q, 0);
        if (!(nt->name = S_text(c, q, 1, NULL, &bad)))
            break;
        vg_pb pb = S_blob(q, 2);
        vg_pb_field f;
        int k;
        bool cloze = false;
        int stock = 0;
        while ((k = vg_pb_next(&pb, &f)) > 0) {
            if (f.num == 1 && f.wire == 0)
                cloze = f.u == 1;
            else if (f.num == 9 && f.wire == 0)
                stock = (int)(f.u & 0xFF);
        }
        if (k < 0) {
            sqlite3_finalize(q);
            return S_bad_blob(c, "note types");
        }
        nt->kind = cloze ? VG_PKG_CLOZE : (vg_package_kind)stock; /* finished below */
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return bad                ? S_bad_blob(c, "note types")
               : rc == SQLITE_ROW ? S_nomem(c)
                                  : S_sqlerr(c, "notetypes");
    for (size_t i = 0; i < p->nnotetypes; i++) {
        vg_package_notetype *nt = &p->notetypes[i];
        size_t cap_f = 0;
        if (sqlite3_prepare_v2(c->db, "SELECT name FROM fields WHERE ntid = ?1 ORDER BY ord", -1,
                               &q, NULL))
            return S_sqlerr(c, "fields");
        sqlite3_bind_int64(q, 1, nt->id);
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            const char *name = S_text(c, q, 0, NULL, &bad);
            if (!name || !S_PUSH(c, nt->fields, nt->nfields, cap_f))
                break;
            nt->fields[nt->nfields++] = name;
        }
        sqlite3_finalize(q);
        if (rc != SQLITE_DONE)
            return bad                ? S_bad_blob(c, "fields")
                   : rc == SQLITE_ROW ? S_nomem(c)
                                      : S_sqlerr(c, "fields");
        if (sqlite3_prepare_v2(c->db, "SELECT count(ord) FROM templates WHERE ntid = ?1", -1, &q,
                               NULL))
            return S_sqlerr(c, "templates");
        sqlite3_bind_int64(q, 1, nt->id);
        if (sqlite3_step(q) == SQLITE_ROW)
            nt->ntemplates = (size_t)sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
        bool cloze = nt->kind == VG_PKG_CLOZE;
        nt->kind = S_kind(cloze, cloze ? 0 : (int)nt->kind, nt->nfields, nt->ntemplates,
                          &nt->image_occlusion);
    }
    return VG_OK;
}

static vg_status S_decks18(S_col *c)
{
    vg_package *p = c->pkg;
    sqlite3_stmt *q;
    size_t cap = 0;
    bool bad = false;
    if (sqlite3_prepare_v2(c->db, "SELECT id, name, kind FROM decks", -1, &q, NULL))
        return S_sqlerr(c, "decks");
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (!S_PUSH(c, p->decks, p->ndecks, cap))
            break;
        vg_package_deck *d = &p->decks[p->ndecks++];
        memset(d, 0, sizeof *d);
        d->id = sqlite3_column_int64(q, 0);
        size_t n;
        char *name = S_text(c, q, 1, &n, &bad);
        if (!name)
            break;
        /* Levels are separated by U+001F here, by "::" in Anki's display form. */
        size_t levels = 0;
        for (size_t k = 0; k < n; k++)
            levels += name[k] == 0x1F;
        char *disp = vg_arena_alloc(p->arena, n + levels + 1);
        if (!disp)
            break;
        size_t o = 0;
        for (size_t k = 0; k < n; k++) {
            if (name[k] == 0x1F) {
                disp[o++] = ':';
                disp[o++] = ':';
            } else {
                disp[o++] = name[k];
            }
        }
        disp[o] = '\0';
        d->name = disp;
        /* Deck.KindContainer { Normal normal = 1; Filtered filtered = 2; }
         * Normal { int64 config_id = 1; optional float desired_retention = 10; } */
        vg_pb pb = S_blob(q, 2);
        vg_pb_field f, g;
        int k;
        while ((k = vg_pb_next(&pb, &f)) > 0) {
            if (f.num == 2)
                d->filtered = true;
            if (f.num != 1 || f.wire != 2)
                continue;
            vg_pb nb = {f.bytes, f.bytes + f.len};
            while ((k = vg_pb_next(&nb, &g)) > 0) {
                if (g.num == 1 && g.wire == 0)
                    d->config = (int64_t)g.u;
                else if (g.num == 10 && g.wire == 5)
                    d->desired_retention = vg_pb_float((uint32_t)g.u);
            }
            if (k < 0)
                break;
        }
        if (k < 0) {
            bad = true;
            break;
        }
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return S_sqlerr(c, "decks");
    return rc == SQLITE_DONE ? VG_OK : bad ? S_bad_blob(c, "decks") : S_nomem(c);
}

static vg_status S_configs18(S_col *c)
{
    vg_package *p = c->pkg;
    sqlite3_stmt *q;
    size_t cap = 0;
    bool bad = false;
    if (sqlite3_prepare_v2(c->db, "SELECT id, name, config FROM deck_config", -1, &q, NULL))
        return S_sqlerr(c, "deck_config");
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (!S_PUSH(c, p->configs, p->nconfigs, cap))
            break;
        vg_package_config *cf = &p->configs[p->nconfigs++];
        memset(cf, 0, sizeof *cf);
        cf->id = sqlite3_column_int64(q, 0);
        if (!(cf->name = S_text(c, q, 1, NULL, &bad)))
            break;
        /* DeckConfig.Config: fsrs_params_4 = 3, fsrs_params_5 = 5, fsrs_params_6 = 6 (packed
         * floats), desired_retention = 37 (float). The newest set of weights wins. */
        vg_pb pb = S_blob(q, 2);
        vg_pb_field f;
        int k, best = 0;
        while ((k = vg_pb_next(&pb, &f)) > 0) {
            int rank = f.num == 6 ? 3 : f.num == 5 ? 2 : f.num == 3 ? 1 : 0;
            if (rank > best) {
                double w[VG_PACKAGE_NWEIGHTS_MAX];
                size_t n = vg_pb_floats(&f, w, VG_PACKAGE_NWEIGHTS_MAX);
                if (n == SIZE_MAX) {
                    k = -1;
                    break;
                }
                if (n && n <= VG_PACKAGE_NWEIGHTS_MAX) {
                    memcpy(cf->weights, w, n * sizeof *w);
                    cf->nweights = n;
                    best = rank;
                }
            } else if (f.num == 37 && f.wire == 5) {
                cf->desired_retention = vg_pb_float((uint32_t)f.u);
            }
        }
        if (k < 0) {
            bad = true;
            break;
        }
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return S_sqlerr(c, "deck_config");
    return rc == SQLITE_DONE ? VG_OK : bad ? S_bad_blob(c, "deck options") : S_nomem(c);
}

/* ---- notes, cards, revlog (both schemas) ---- */

static vg_status S_notes(S_col *c)
{
    vg_package *p = c->pkg;
    sqlite3_stmt *q;
    size_t cap = 0;
    bool bad = false;
    if (sqlite3_prepare_v2(c->db, "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id", -1, &q,
                           NULL))
        return S_sqlerr(c, "notes");
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (!S_PUSH(c, p->notes, p->nnotes, cap))
            break;
        vg_package_note *n = &p->notes[p->nnotes++];
        memset(n, 0, sizeof *n);
        n->id = sqlite3_column_int64(q, 0);
        n->notetype = sqlite3_column_int64(q, 2);
        size_t tl, fl;
        char *tags, *flds;
        if (!(n->guid = S_text(c, q, 1, NULL, &bad)) || !(tags = S_text(c, q, 3, &tl, &bad)) ||
            !(flds = S_text(c, q, 4, &fl, &bad)))
            break;
        while (tl && tags[tl - 1] == ' ')
            tags[--tl] = '\0';
        while (*tags == ' ')
            tags++;
        n->tags = tags;
        size_t nf = 1;
        for (size_t k = 0; k < fl; k++)
            nf += flds[k] == 0x1F;
        n->fields = vg_arena_alloc(p->arena, nf * sizeof *n->fields);
        n->field_len = vg_arena_alloc(p->arena, nf * sizeof *n->field_len);
        if (!n->fields || !n->field_len)
            break;
        size_t start = 0;
        for (size_t k = 0; k <= fl; k++) {
            if (k == fl || flds[k] == 0x1F) {
                n->fields[n->nfields] = flds + start;
                n->field_len[n->nfields++] = k - start;
                flds[k] = '\0';
                start = k + 1;
            }
        }
    }
    sqlite3_finalize(q);
    if (rc == SQLITE_DONE)
        return VG_OK;
    if (bad)
        return vg_error_set(c->err, VG_PARSE, c->file, 0, 0,
                            "note %lld holds text that is not UTF-8",
                            (long long)p->notes[p->nnotes - 1].id);
    return rc == SQLITE_ROW ? S_nomem(c) : S_sqlerr(c, "notes");
}

static vg_status S_cards(S_col *c)
{
    vg_package *p = c->pkg;
    sqlite3_stmt *q;
    size_t cap = 0;
    if (sqlite3_prepare_v2(c->db,
                           "SELECT id, nid, did, ord, type, queue, odid FROM cards ORDER BY nid, "
                           "ord, id",
                           -1, &q, NULL))
        return S_sqlerr(c, "cards");
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (!S_PUSH(c, p->cards, p->ncards, cap))
            break;
        vg_package_card *k = &p->cards[p->ncards++];
        k->id = sqlite3_column_int64(q, 0);
        k->note = sqlite3_column_int64(q, 1);
        int64_t odid = sqlite3_column_int64(q, 6);
        k->deck = odid ? odid : sqlite3_column_int64(q, 2);
        int64_t ord = sqlite3_column_int64(q, 3);
        k->ord = ord < 0 || ord > 10000 ? -1 : (int)ord;
        k->type = (int)(sqlite3_column_int64(q, 4) & 0xFF);
        k->queue = (int)sqlite3_column_int64(q, 5);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? VG_OK : rc == SQLITE_ROW ? S_nomem(c) : S_sqlerr(c, "cards");
}

static vg_status S_revlog(S_col *c, bool v1)
{
    vg_package *p = c->pkg;
    sqlite3_stmt *q;
    size_t cap = 0;
    if (sqlite3_prepare_v2(c->db,
                           "SELECT id, cid, ease, type, factor, time FROM revlog ORDER BY cid, id",
                           -1, &q, NULL))
        return S_sqlerr(c, "revlog");
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (!S_PUSH(c, p->reviews, p->nreviews, cap))
            break;
        vg_package_review *r = &p->reviews[p->nreviews++];
        r->ms = sqlite3_column_int64(q, 0);
        r->card = sqlite3_column_int64(q, 1);
        int64_t ease = sqlite3_column_int64(q, 2), type = sqlite3_column_int64(q, 3);
        r->ease = ease < 0 || ease > 4 ? -1 : (int)ease;
        r->type = type < 0 || type > 5 ? -1 : (int)type;
        /* The V1 scheduler's learning buttons were Again, Good, Easy: shift them as Anki does
         * when it upgrades (rslib/src/storage/revlog/v2_upgrade.sql). */
        if (v1 && (r->ease == 2 || r->ease == 3) && (r->type == 0 || r->type == 2))
            r->ease++;
        r->factor = sqlite3_column_int64(q, 4);
        r->time = sqlite3_column_int64(q, 5);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? VG_OK : rc == SQLITE_ROW ? S_nomem(c) : S_sqlerr(c, "revlog");
}

/* The scheduler version: config table (schema 14+) or col.conf; absent means V1. */
static int S_sched_ver(S_col *c, const vg_json *conf)
{
    if (conf)
        return (int)vg_json_num(conf, "schedVer", 1);
    sqlite3_stmt *q;
    int v = 1;
    if (!S_is_table(c, "config") ||
        sqlite3_prepare_v2(c->db, "SELECT val FROM config WHERE KEY = 'schedVer'", -1, &q, NULL))
        return v;
    if (sqlite3_step(q) == SQLITE_ROW) {
        char buf[16] = "";
        const void *b = sqlite3_column_blob(q, 0);
        int n = sqlite3_column_bytes(q, 0);
        if (b && n > 0 && n < (int)sizeof buf)
            memcpy(buf, b, (size_t)n);
        v = (int)strtol(buf, NULL, 10);
    }
    sqlite3_finalize(q);
    return v;
}

static vg_status S_read(S_col *c)
{
    static const char *const tables[] = {"col", "notes", "cards", "revlog"};
    for (size_t i = 0; i < 4; i++)
        if (!S_is_table(c, tables[i]))
            return vg_error_set(c->err, VG_PARSE, c->file, 0, 0,
                                "the collection is not one Anki wrote (no table '%s')", tables[i]);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(c->db, "SELECT ver, conf, models, decks, dconf FROM col", -1, &q, NULL))
        return S_sqlerr(c, "col");
    if (sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_finalize(q);
        return vg_error_set(c->err, VG_PARSE, c->file, 0, 0,
                            "the collection is not one Anki wrote (its col table is empty)");
    }
    c->pkg->schema = (int)sqlite3_column_int64(q, 0);
    vg_json *js[4] = {NULL};
    static const char *const what[] = {"settings", "note types", "decks", "deck options"};
    vg_status st = VG_OK;
    for (int i = 0; i < 4 && st == VG_OK; i++) {
        bool bad = false;
        size_t n;
        char *t = S_text(c, q, i + 1, &n, &bad);
        st = !t ? (bad ? vg_error_set(c->err, VG_PARSE, c->file, 0, 0,
                                      "the collection's %s are not UTF-8", what[i])
                       : S_nomem(c))
                : S_json_col(c, t, n, &js[i], what[i]);
    }
    sqlite3_finalize(q);
    if (st != VG_OK)
        return st;
    if (S_is_table(c, "notetypes")) {
        if ((st = S_notetypes18(c)) != VG_OK || (st = S_decks18(c)) != VG_OK)
            return st;
        if (S_is_table(c, "deck_config") && (st = S_configs18(c)) != VG_OK)
            return st;
    } else if ((st = S_schema11(c, js[1], js[2], js[3])) != VG_OK) {
        return st;
    }
    if ((st = S_notes(c)) != VG_OK || (st = S_cards(c)) != VG_OK)
        return st;
    return S_revlog(c, S_sched_ver(c, js[0]) < 2);
}

vg_status vg_package_collection(vg_package *pkg, unsigned char *db, size_t len, const char *file,
                                vg_error *err)
{
    static const char magic[16] = "SQLite format 3";
    if (len < 100 || memcmp(db, magic, sizeof magic) != 0)
        return vg_error_set(err, VG_PARSE, file, 0, 0,
                            "the package's collection is not an SQLite database");
    /* Anki leaves the file in WAL mode (bytes 18 and 19 are 2); from memory SQLite reads it
     * only as a rollback-journal database, and every page is in the file itself. */
    if (db[18] == 2)
        db[18] = 1;
    if (db[19] == 2)
        db[19] = 1;
    S_col c = {.db = NULL, .pkg = pkg, .file = file, .err = err};
    if (sqlite3_open_v2(":memory:", &c.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_PRIVATECACHE,
                        NULL) != SQLITE_OK) {
        sqlite3_close(c.db);
        return vg_error_set(err, VG_NOMEM, file, 0, 0, NULL);
    }
    unsigned long ticks = 0;
    sqlite3_db_config(c.db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
    sqlite3_db_config(c.db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    sqlite3_progress_handler(c.db, 1000, S_progress, &ticks);
    vg_status st;
    if (sqlite3_create_collation_v2(c.db, "unicase", SQLITE_UTF8, NULL, S_unicase, NULL) !=
            SQLITE_OK ||
        sqlite3_deserialize(c.db, "main", db, (sqlite3_int64)len, (sqlite3_int64)len,
                            SQLITE_DESERIALIZE_READONLY) != SQLITE_OK)
        st = S_sqlerr(&c, "opening");
    else
        st = S_read(&c);
    sqlite3_close(c.db);
    return st;
}

const vg_package_notetype *vg_package_notetype_find(const vg_package *pkg, int64_t id)
{
    for (size_t i = 0; i < pkg->nnotetypes; i++)
        if (pkg->notetypes[i].id == id)
            return &pkg->notetypes[i];
    return NULL;
}

const vg_package_deck *vg_package_deck_find(const vg_package *pkg, int64_t id)
{
    for (size_t i = 0; i < pkg->ndecks; i++)
        if (pkg->decks[i].id == id)
            return &pkg->decks[i];
    return NULL;
}

const vg_package_config *vg_package_config_find(const vg_package *pkg, int64_t id)
{
    for (size_t i = 0; i < pkg->nconfigs; i++)
        if (pkg->configs[i].id == id)
            return &pkg->configs[i];
    return NULL;
}
