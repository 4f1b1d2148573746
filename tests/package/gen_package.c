/* Writes Anki packages for the tests, following Anki's layout (the research notes in
 * shared/research/anki-package.md, docs/importing.md):
 *
 *   vg_pkggen OUT CASE
 *
 * CASE: latest   .colpkg/.apkg of today's Anki: meta 08 03, collection.anki21b (zstd, schema
 *                18 with protobuf blobs and unicase names), a dummy collection.anki2, the media
 *                map as zstd protobuf, media files zstd-compressed one by one
 *       legacy   meta 08 02, collection.anki21 (schema 11, JSON in col), media map as JSON
 *       legacy1  no meta, collection.anki2 only (the oldest packages), V1 scheduler logs
 *       notzip, truncated, nocollection, notsqlite, evilmedia: broken packages
 *
 * Both good formats hold the same notes: Basic, Basic (and reversed card) and Cloze notes with
 * HTML, MathJax, tags and media, in subdecks (Biology, Biology::Cells, Biology::Cells::
 * Organelles, Math), a note type vgrev does not know, a suspended and a buried card, a card in a
 * filtered deck, and a revlog with every row type (learn, review, relearn, filtered with and
 * without rescheduling, manual, rescheduled, a reset). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zip.h>
#include <zstd.h>

#define DIE(...)                                                                                   \
    do {                                                                                           \
        fprintf(stderr, "vg_pkggen: " __VA_ARGS__);                                                \
        fputc('\n', stderr);                                                                       \
        exit(1);                                                                                   \
    } while (0)

static const long long T0 = 1772359200; /* 2026-03-01 10:00 UTC */

static void S_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        DIE("%s: %s", sql, msg);
}

static int S_unicase(void *u, int n1, const void *s1, int n2, const void *s2)
{
    (void)u;
    int n = n1 < n2 ? n1 : n2;
    int r = strncasecmp(s1, s2, (size_t)n);
    return r ? r : n1 - n2;
}

/* ---- protobuf writing ---- */

typedef struct pb {
    unsigned char b[4096];
    size_t n;
} pb;

static void pb_varint(pb *p, unsigned long long v)
{
    do {
        unsigned char c = v & 0x7F;
        v >>= 7;
        p->b[p->n++] = c | (v ? 0x80 : 0);
    } while (v);
}

static void pb_u(pb *p, unsigned field, unsigned long long v)
{
    pb_varint(p, (unsigned long long)field << 3);
    pb_varint(p, v);
}

static void pb_bytes(pb *p, unsigned field, const void *s, size_t n)
{
    pb_varint(p, (unsigned long long)field << 3 | 2);
    pb_varint(p, n);
    memcpy(p->b + p->n, s, n);
    p->n += n;
}

static void pb_float(pb *p, unsigned field, float f)
{
    pb_varint(p, (unsigned long long)field << 3 | 5);
    memcpy(p->b + p->n, &f, 4);
    p->n += 4;
}

static void pb_floats(pb *p, unsigned field, const float *f, size_t n)
{
    pb_varint(p, (unsigned long long)field << 3 | 2);
    pb_varint(p, 4 * n);
    memcpy(p->b + p->n, f, 4 * n);
    p->n += 4 * n;
}

/* ---- the collection ---- */

static const float W[21] = {0.212f,  1.2931f, 2.3065f, 8.2956f, 6.4133f, 0.8334f, 3.0194f,
                            0.001f,  1.8722f, 0.1666f, 0.796f,  1.4835f, 0.0614f, 0.2629f,
                            1.6483f, 0.6014f, 1.8729f, 0.5425f, 0.0912f, 0.0658f, 0.1542f};

typedef struct note {
    long long id, mid, did;
    const char *tags, *flds;
} note;

/* Fields are joined by U+001F ("\x1f"). */
static const note NOTES[] = {
    {1001, 100, 10, " bio cells ",
     "<b>Mitochondria</b>\x1fThe <i>powerhouse</i> of the cell<br>makes ATP"},
    {1002, 100, 11, "", "What is \\(E=mc^2\\)?\x1fMass&ndash;energy <div>equivalence</div>"},
    {1003, 200, 12, " organelle ", "Ribosome\x1fMakes proteins <img src=\"ribo.png\">"},
    {1004, 300, 20, " calculus ",
     "The derivative of \\(x^2\\) is {{c1::\\(2x\\)}}; of \\(x^3\\) it is {{c2::\\(3x^2\\)::power "
     "rule}}\x1f[sound:derive.mp3]"},
    {1005, 300, 10, "", "{{c1::DNA}} and {{c2::RNA}} carry <b>genes</b>\x1f"},
    {1006, 400, 20, "", "one\x1ftwo\x1fthree"},
    {1007, 100, 20, " constants ",
     "Pi\x1f"
     "3.14159"},
};

typedef struct card {
    long long id, nid, did, odid;
    int ord, type, queue;
} card;

static const card CARDS[] = {
    {2001, 1001, 10, 0, 0, 2, 2},  {2002, 1002, 30, 11, 0, 2, 2}, {2003, 1003, 12, 0, 0, 2, 2},
    {2004, 1003, 12, 0, 1, 1, 1},  {2005, 1004, 20, 0, 0, 2, -3}, {2006, 1004, 20, 0, 1, 0, 0},
    {2007, 1005, 10, 0, 0, 2, 2},  {2008, 1005, 10, 0, 1, 0, 0},  {2009, 1006, 20, 0, 0, 2, 2},
    {2010, 1007, 20, 0, 0, 2, -1},
};

typedef struct rev {
    long long cid;
    long long at; /* seconds after T0 */
    int ease, type, factor, time;
} rev;

enum { DAY = 86400 };

static const rev REVS[] = {
    /* 2001: learn, review; a set-due-date, a reschedule and a cram left out; a filtered
     * review with rescheduling kept */
    {2001, 0, 1, 0, 0, 8000},
    {2001, 600, 3, 0, 2500, 5000},
    {2001, DAY, 3, 1, 2500, 4000},
    {2001, 2 * DAY, 0, 4, 2500, 0},
    {2001, 2 * DAY + 60, 0, 5, 0, 0},
    {2001, 3 * DAY, 3, 3, 0, 3000},
    {2001, 4 * DAY, 3, 3, 2500, 3000},
    /* 2002: learned, reviewed, reset (Forget), learned again */
    {2002, 0, 3, 0, 0, 2000},
    {2002, DAY, 3, 1, 2500, 2000},
    {2002, 2 * DAY, 0, 4, 0, 0},
    {2002, 3 * DAY, 1, 0, 0, 9000},
    {2002, 3 * DAY + 60, 3, 0, 2500, 9000},
    /* 2003, 2004: the two directions of a reversed note */
    {2003, 0, 3, 0, 0, 1000},
    {2003, DAY, 2, 1, 2500, 1000},
    {2004, 3600, 4, 0, 0, 1000},
    /* 2005: a lapse and relearning */
    {2005, 0, 3, 0, 0, 1500},
    {2005, 2 * DAY, 1, 1, 2300, 1500},
    {2005, 2 * DAY + 600, 3, 2, 2300, 70000},
    {2007, 0, 3, 0, 0, 1000},
    {2007, 5 * DAY, 4, 1, 2500, 1000},
    /* 2009: a note type vgrev does not convert */
    {2009, 0, 3, 0, 0, 1000},
    {2010, 0, 3, 0, 0, 1000},
    {2010, DAY, 3, 1, 2500, 1000},
};

#define N(a) (sizeof(a) / sizeof *(a))

static void S_common(sqlite3 *db, int v1)
{
    S_exec(db, "CREATE TABLE notes (id integer primary key, guid text not null, mid integer not "
               "null, mod integer not null, usn integer not null, tags text not null, flds text "
               "not null, sfld integer not null, csum integer not null, flags integer not null, "
               "data text not null)");
    S_exec(db, "CREATE TABLE cards (id integer primary key, nid integer not null, did integer "
               "not null, ord integer not null, mod integer not null, usn integer not null, type "
               "integer not null, queue integer not null, due integer not null, ivl integer not "
               "null, factor integer not null, reps integer not null, lapses integer not null, "
               "left integer not null, odue integer not null, odid integer not null, flags "
               "integer not null, data text not null)");
    S_exec(db, "CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer "
               "not null, ease integer not null, ivl integer not null, lastIvl integer not null, "
               "factor integer not null, time integer not null, type integer not null)");
    S_exec(db, "CREATE TABLE graves (usn integer not null, oid integer not null, type integer "
               "not null)");
    char sql[2048];
    for (size_t i = 0; i < N(NOTES); i++) {
        sqlite3_stmt *q;
        sqlite3_prepare_v2(db, "INSERT INTO notes VALUES (?1, ?2, ?3, 0, -1, ?4, ?5, '', 0, 0, '')",
                           -1, &q, NULL);
        char guid[32];
        snprintf(guid, sizeof guid, "g%lld", NOTES[i].id);
        sqlite3_bind_int64(q, 1, NOTES[i].id);
        sqlite3_bind_text(q, 2, guid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(q, 3, NOTES[i].mid);
        sqlite3_bind_text(q, 4, NOTES[i].tags, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 5, NOTES[i].flds, -1, SQLITE_STATIC);
        if (sqlite3_step(q) != SQLITE_DONE)
            DIE("note: %s", sqlite3_errmsg(db));
        sqlite3_finalize(q);
    }
    for (size_t i = 0; i < N(CARDS); i++) {
        const card *c = &CARDS[i];
        snprintf(sql, sizeof sql,
                 "INSERT INTO cards VALUES (%lld, %lld, %lld, %d, 0, -1, %d, %d, 0, 0, 0, 0, 0, "
                 "0, 0, %lld, 0, '{}')",
                 c->id, c->nid, c->did, c->ord, c->type, c->queue, c->odid);
        S_exec(db, sql);
    }
    for (size_t i = 0; i < N(REVS); i++) {
        const rev *r = &REVS[i];
        int ease = r->ease;
        /* The V1 scheduler logged learning answers as Again, Good, Easy = 1, 2, 3. */
        if (v1 && (r->type == 0 || r->type == 2) && (ease == 3 || ease == 4))
            ease--;
        snprintf(sql, sizeof sql,
                 "INSERT INTO revlog VALUES (%lld, %lld, -1, %d, 1, 0, %d, %d, %d)",
                 (T0 + r->at) * 1000 + (long long)i, r->cid, ease, r->factor, r->time, r->type);
        S_exec(db, sql);
    }
}

static void S_schema11(sqlite3 *db, int v1)
{
    S_exec(db, "CREATE TABLE col (id integer primary key, crt integer not null, mod integer not "
               "null, scm integer not null, ver integer not null, dty integer not null, usn "
               "integer not null, ls integer not null, conf text not null, models text not null, "
               "decks text not null, dconf text not null, tags text not null)");
    char w[600] = "";
    for (size_t i = 0; i < 21; i++)
        snprintf(w + strlen(w), sizeof w - strlen(w), "%s%g", i ? "," : "", (double)W[i]);
    char sql[8192];
    snprintf(sql, sizeof sql,
             "INSERT INTO col VALUES (1, %lld, 0, 0, 11, 0, 0, 0, '{\"schedVer\": %d, "
             "\"rollover\": 4}', '{"
             "\"100\": {\"id\": 100, \"name\": \"Basic\", \"type\": 0, \"flds\": [{\"name\": "
             "\"Front\", \"ord\": 0}, {\"name\": \"Back\", \"ord\": 1}], \"tmpls\": [{\"name\": "
             "\"Card 1\", \"qfmt\": \"{{Front}}\"}]},"
             "\"200\": {\"id\": 200, \"name\": \"Basic (and reversed card)\", \"type\": 0, "
             "\"flds\": [{\"name\": \"Front\"}, {\"name\": \"Back\"}], \"tmpls\": [{\"name\": "
             "\"Card 1\"}, {\"name\": \"Card 2\"}]},"
             "\"300\": {\"id\": 300, \"name\": \"Cloze\", \"type\": 1, \"flds\": [{\"name\": "
             "\"Text\"}, {\"name\": \"Back Extra\"}], \"tmpls\": [{\"name\": \"Cloze\"}]},"
             "\"400\": {\"id\": 400, \"name\": \"Vocab \\u00e9tendu\", \"type\": 0, \"flds\": "
             "[{\"name\": \"A\"}, {\"name\": \"B\"}, {\"name\": \"C\"}], \"tmpls\": [{\"name\": "
             "\"1\"}, {\"name\": \"2\"}, {\"name\": \"3\"}]}}', '{"
             "\"1\": {\"id\": 1, \"name\": \"Default\", \"dyn\": 0, \"conf\": 1},"
             "\"10\": {\"id\": 10, \"name\": \"Biology\", \"dyn\": 0, \"conf\": 1},"
             "\"11\": {\"id\": 11, \"name\": \"Biology::Cells\", \"dyn\": 0, \"conf\": 1},"
             "\"12\": {\"id\": 12, \"name\": \"Biology::Cells::Organelles\", \"dyn\": 0, "
             "\"conf\": 1},"
             "\"20\": {\"id\": 20, \"name\": \"Math\", \"dyn\": 0, \"conf\": 1},"
             "\"30\": {\"id\": 30, \"name\": \"Filtered Deck 1\", \"dyn\": 1}}', '{"
             "\"1\": {\"id\": 1, \"name\": \"Default\", \"desiredRetention\": 0.85, "
             "\"fsrsParams6\": [%s]}}', '{}')",
             T0, v1 ? 1 : 2, w);
    S_exec(db, sql);
    S_common(db, v1);
}

static void S_blob(sqlite3 *db, const char *sql, long long id, const char *name, const pb *b)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
        DIE("%s: %s", sql, sqlite3_errmsg(db));
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_text(q, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_blob(q, 3, b->b, (int)b->n, SQLITE_STATIC);
    if (sqlite3_step(q) != SQLITE_DONE)
        DIE("%s: %s", sql, sqlite3_errmsg(db));
    sqlite3_finalize(q);
}

static void S_schema18(sqlite3 *db)
{
    S_exec(db, "CREATE TABLE col (id integer primary key, crt integer not null, mod integer not "
               "null, scm integer not null, ver integer not null, dty integer not null, usn "
               "integer not null, ls integer not null, conf text not null, models text not null, "
               "decks text not null, dconf text not null, tags text not null)");
    char sql[256];
    snprintf(sql, sizeof sql,
             "INSERT INTO col VALUES (1, %lld, 0, 0, 18, 0, 0, 0, '', '', '', '', '')", T0);
    S_exec(db, sql);
    S_exec(db, "CREATE TABLE config (KEY text not null primary key, usn integer not null, "
               "mtime_secs integer not null, val blob not null) without rowid");
    S_exec(db, "INSERT INTO config VALUES ('schedVer', 0, 0, CAST('2' AS BLOB))");
    S_exec(db, "CREATE TABLE deck_config (id integer primary key not null, name text not null "
               "COLLATE unicase, mtime_secs integer not null, usn integer not null, config blob "
               "not null)");
    S_exec(db, "CREATE TABLE notetypes (id integer not null primary key, name text not null "
               "COLLATE unicase, mtime_secs integer not null, usn integer not null, config blob "
               "not null)");
    S_exec(db, "CREATE UNIQUE INDEX idx_notetypes_name ON notetypes (name)");
    S_exec(db, "CREATE TABLE fields (ntid integer not null, ord integer not null, name text not "
               "null COLLATE unicase, config blob not null, PRIMARY KEY (ntid, ord)) without "
               "rowid");
    S_exec(db, "CREATE TABLE templates (ntid integer not null, ord integer not null, name text "
               "not null COLLATE unicase, mtime_secs integer not null, usn integer not null, "
               "config blob not null, PRIMARY KEY (ntid, ord)) without rowid");
    S_exec(db, "CREATE TABLE decks (id integer primary key not null, name text not null COLLATE "
               "unicase, mtime_secs integer not null, usn integer not null, common blob not "
               "null, kind blob not null)");
    S_exec(db, "CREATE UNIQUE INDEX idx_decks_name ON decks (name)");

    pb cf = {.n = 0};
    pb_floats(&cf, 3, W, 17); /* older weights: the newest set wins */
    pb_floats(&cf, 6, W, 21);
    pb_u(&cf, 9, 20);
    pb_float(&cf, 37, 0.85f);
    S_blob(db, "INSERT INTO deck_config VALUES (?1, ?2, 0, 0, ?3)", 1, "Default", &cf);

    struct {
        long long id;
        const char *name;
        int kind, stock;
        const char *fields[3];
        int ntmpl;
    } nts[] = {
        {100, "Basic", 0, 1, {"Front", "Back", NULL}, 1},
        {200, "Basic (and reversed card)", 0, 2, {"Front", "Back", NULL}, 2},
        {300, "Cloze", 1, 5, {"Text", "Back Extra", NULL}, 1},
        {400, "Vocab \xc3\xa9tendu", 0, 0, {"A", "B", "C"}, 3},
    };
    for (size_t i = 0; i < N(nts); i++) {
        pb c = {.n = 0};
        if (nts[i].kind)
            pb_u(&c, 1, (unsigned long long)nts[i].kind);
        if (nts[i].stock)
            pb_u(&c, 9, (unsigned long long)nts[i].stock);
        S_blob(db, "INSERT INTO notetypes VALUES (?1, ?2, 0, 0, ?3)", nts[i].id, nts[i].name, &c);
        pb empty = {.n = 0};
        for (int k = 0; k < 3 && nts[i].fields[k]; k++) {
            snprintf(sql, sizeof sql, "INSERT INTO fields VALUES (?1, %d, ?2, ?3)", k);
            S_blob(db, sql, nts[i].id, nts[i].fields[k], &empty);
        }
        for (int k = 0; k < nts[i].ntmpl; k++) {
            snprintf(sql, sizeof sql, "INSERT INTO templates VALUES (?1, %d, ?2, 0, 0, ?3)", k);
            S_blob(db, sql, nts[i].id, k ? "Card 2" : "Card 1", &empty);
        }
    }
    struct {
        long long id;
        const char *name;
        int filtered;
    } decks[] = {
        {1, "Default", 0},
        {10, "Biology", 0},
        {11,
         "Biology\x1f"
         "Cells",
         0},
        {12,
         "Biology\x1f"
         "Cells\x1fOrganelles",
         0},
        {20, "Math", 0},
        {30, "Filtered Deck 1", 1},
    };
    for (size_t i = 0; i < N(decks); i++) {
        pb normal = {.n = 0}, kind = {.n = 0}, common = {.n = 0};
        if (decks[i].filtered) {
            pb_bytes(&kind, 2, "", 0);
        } else {
            pb_u(&normal, 1, 1);
            if (decks[i].id == 20)
                pb_float(&normal, 10, 0.8f);
            pb_bytes(&kind, 1, normal.b, normal.n);
        }
        sqlite3_stmt *q;
        sqlite3_prepare_v2(db, "INSERT INTO decks VALUES (?1, ?2, 0, 0, ?3, ?4)", -1, &q, NULL);
        sqlite3_bind_int64(q, 1, decks[i].id);
        sqlite3_bind_text(q, 2, decks[i].name, -1, SQLITE_STATIC);
        sqlite3_bind_blob(q, 3, common.b, (int)common.n, SQLITE_STATIC);
        sqlite3_bind_blob(q, 4, kind.b, (int)kind.n, SQLITE_STATIC);
        if (sqlite3_step(q) != SQLITE_DONE)
            DIE("deck: %s", sqlite3_errmsg(db));
        sqlite3_finalize(q);
    }
    S_common(db, 0);
    /* Anki leaves the latest collection in WAL mode. */
    S_exec(db, "PRAGMA journal_mode=WAL");
}

/* The collection's bytes: built in a temporary file. */
static unsigned char *S_collection(const char *tmpdir, int schema, int v1, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/vg_pkggen_%ld.sqlite", tmpdir, (long)getpid());
    unlink(path);
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK)
        DIE("%s: cannot create", path);
    sqlite3_create_collation_v2(db, "unicase", SQLITE_UTF8, NULL, S_unicase, NULL);
    S_exec(db, "PRAGMA page_size=4096");
    S_exec(db, "PRAGMA synchronous=OFF"); /* a test file: no fsync per statement */
    S_exec(db, "PRAGMA journal_mode=MEMORY");
    if (schema == 18)
        S_schema18(db);
    else if (schema == 11)
        S_schema11(db, v1);
    else { /* the dummy collection of a latest package: one note asking for a newer Anki */
        S_exec(db, "CREATE TABLE col (id integer primary key, crt integer, mod integer, scm "
                   "integer, ver integer, dty integer, usn integer, ls integer, conf text, "
                   "models text, decks text, dconf text, tags text)");
        S_exec(db, "INSERT INTO col VALUES (1, 0, 0, 0, 11, 0, 0, 0, '{}', '{\"1\": {\"id\": 1, "
                   "\"name\": \"Basic\", \"type\": 0, \"flds\": [{\"name\": \"Front\"}, "
                   "{\"name\": \"Back\"}], \"tmpls\": [{}]}}', '{\"1\": {\"id\": 1, \"name\": "
                   "\"Default\"}}', '{}', '{}')");
        S_exec(db,
               "CREATE TABLE notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data)");
        S_exec(db, "CREATE TABLE cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, "
                   "factor, reps, lapses, left, odue, odid, flags, data)");
        S_exec(db, "CREATE TABLE revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)");
        S_exec(db, "INSERT INTO notes VALUES (1, 'x', 1, 0, 0, '', 'Please update to the latest "
                   "Anki version, then import the .colpkg/.apkg file again.\x1f', '', 0, 0, '')");
        S_exec(db,
               "INSERT INTO cards VALUES (1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '')");
    }
    sqlite3_close(db);
    FILE *f = fopen(path, "rb");
    if (!f)
        DIE("%s: cannot read", path);
    unsigned char *buf = malloc(1 << 24);
    *len = fread(buf, 1, 1 << 24, f);
    fclose(f);
    unlink(path);
    char wal[4200];
    snprintf(wal, sizeof wal, "%s-wal", path);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", path);
    unlink(wal);
    return buf;
}

static unsigned char *S_zstd(const void *in, size_t n, size_t *out_len)
{
    size_t cap = ZSTD_compressBound(n);
    unsigned char *out = malloc(cap);
    /* A streaming frame, as Anki writes: no content size in its header. */
    ZSTD_CCtx *cc = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(cc, ZSTD_c_contentSizeFlag, 0);
    ZSTD_inBuffer ib = {in, n, 0};
    ZSTD_outBuffer ob = {out, cap, 0};
    size_t r;
    do
        r = ZSTD_compressStream2(cc, &ob, &ib, ZSTD_e_end);
    while (r && !ZSTD_isError(r));
    ZSTD_freeCCtx(cc);
    *out_len = ob.pos;
    return out;
}

static void S_add(zip_t *z, const char *name, const void *data, size_t n, int store)
{
    void *copy = malloc(n ? n : 1);
    memcpy(copy, data, n);
    zip_source_t *s = zip_source_buffer(z, copy, n, 1);
    zip_int64_t i = zip_file_add(z, name, s, ZIP_FL_OVERWRITE);
    if (i < 0)
        DIE("zip add %s: %s", name, zip_strerror(z));
    zip_set_file_compression(z, (zip_uint64_t)i, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0);
}

static const char *const MEDIA[][2] = {{"ribo.png", "\x89PNG fake image"},
                                       {"derive.mp3", "ID3 fake sound"}};

int main(int argc, char **argv)
{
    if (argc != 3)
        DIE("usage: vg_pkggen OUT "
            "latest|legacy|legacy1|notzip|truncated|nocollection|notsqlite|evilmedia");
    const char *out = argv[1], *kase = argv[2];
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    if (strcmp(kase, "notzip") == 0) {
        FILE *f = fopen(out, "wb");
        fputs("#separator:tab\nthis is no zip\n", f);
        fclose(f);
        return 0;
    }
    int err;
    zip_t *z = zip_open(out, ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!z)
        DIE("%s: cannot create", out);
    size_t n;
    unsigned char *col;
    int latest = strcmp(kase, "latest") == 0 || strcmp(kase, "truncated") == 0 ||
                 strcmp(kase, "nocollection") == 0 || strcmp(kase, "notsqlite") == 0;
    if (latest) {
        S_add(z, "meta", "\x08\x03", 2, 1);
        if (strcmp(kase, "nocollection") != 0) {
            size_t zl;
            unsigned char *zc;
            if (strcmp(kase, "notsqlite") == 0) {
                static const char junk[] = "SQLite? no: just text, compressed";
                zc = S_zstd(junk, sizeof junk, &zl);
            } else {
                col = S_collection(tmp, 18, 0, &n);
                zc = S_zstd(col, n, &zl);
                free(col);
            }
            S_add(z, "collection.anki21b", zc, zl, 1);
            free(zc);
        }
        col = S_collection(tmp, 0, 0, &n);
        S_add(z, "collection.anki2", col, n, 1);
        free(col);
        pb map = {.n = 0};
        for (size_t i = 0; i < N(MEDIA); i++) {
            pb e = {.n = 0};
            pb_bytes(&e, 1, MEDIA[i][0], strlen(MEDIA[i][0]));
            pb_u(&e, 2, strlen(MEDIA[i][1]));
            pb_bytes(&map, 1, e.b, e.n);
            size_t zl;
            unsigned char *zc = S_zstd(MEDIA[i][1], strlen(MEDIA[i][1]), &zl);
            char name[8];
            snprintf(name, sizeof name, "%zu", i);
            S_add(z, name, zc, zl, 1);
            free(zc);
        }
        size_t zl;
        unsigned char *zc = S_zstd(map.b, map.n, &zl);
        S_add(z, "media", zc, zl, 1);
        free(zc);
    } else {
        int v1 = strcmp(kase, "legacy1") == 0;
        if (!v1)
            S_add(z, "meta", "\x08\x02", 2, 1);
        col = S_collection(tmp, 11, v1, &n);
        S_add(z, v1 ? "collection.anki2" : "collection.anki21", col, n, 0);
        free(col);
        char map[256];
        if (strcmp(kase, "evilmedia") == 0)
            snprintf(map, sizeof map, "{\"0\": \"../escaped.txt\"}");
        else
            snprintf(map, sizeof map, "{\"0\": \"%s\", \"1\": \"%s\"}", MEDIA[0][0], MEDIA[1][0]);
        S_add(z, "media", map, strlen(map), 0);
        for (size_t i = 0; i < N(MEDIA); i++) {
            char name[8];
            snprintf(name, sizeof name, "%zu", i);
            S_add(z, name, MEDIA[i][1], strlen(MEDIA[i][1]), 0);
        }
    }
    if (zip_close(z) < 0)
        DIE("%s: %s", out, zip_strerror(z));
    if (strcmp(kase, "truncated") == 0) {
        FILE *f = fopen(out, "rb");
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        fclose(f);
        if (truncate(out, size / 2) != 0)
            DIE("%s: cannot truncate", out);
    }
    return 0;
}
