/* The progress model: records, their index, their logs. No files here (see store/file.c). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/store_int.h"

vg_store *vg_store_new(void)
{
    vg_store *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->arena = vg_arena_new();
    s->scheduler = calloc(1, 1);
    if (!s->arena || !s->scheduler) {
        vg_arena_free(s->arena);
        free(s->scheduler);
        free(s);
        return NULL;
    }
    s->journal_fd = -1;
    s->lock_fd = -1;
    s->journal_limit = VG_STORE_JOURNAL_LIMIT;
    return s;
}

static void S_free_slots(vg_store *s);

void vg_store_release_index(vg_store *s)
{
    if (!s->recs_mapped)
        free(s->recs);
    s->recs = NULL;
    s->recs_mapped = false;
    S_free_slots(s);
}

void vg_store_reset(vg_store *s)
{
    vg_store_release_index(s);
    free(s->decks);
    free(s->warnings);
    vg_arena_free(s->arena);
    s->arena = vg_arena_new();
    s->recs = NULL;
    s->nrecs = s->caprecs = 0;
    s->slots = NULL;
    s->nslots = 0;
    s->decks = NULL;
    s->ndecks = s->capdecks = 0;
    s->warnings = NULL;
    s->nwarnings = s->capwarnings = 0;
    s->generation = 0;
    s->scheduler[0] = '\0';
}

bool vg_store_id_key(const char *id, size_t len, uint64_t *key)
{
    if (len != VG_CARD_ID_LEN)
        return false;
    uint64_t k = 0;
    for (size_t i = 0; i < len; i++) {
        char c = id[i];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else
            return false;
        k = k << 4 | d;
    }
    *key = k;
    return true;
}

char *vg_store_strdup(vg_store *s, const char *str, size_t len)
{
    return vg_arena_strndup(s->arena, str, len);
}

const char *vg_store_intern(vg_store *s, const char *name, size_t len)
{
    /* Few decks: a linear scan is enough, and it keeps one copy of each name. */
    for (size_t i = s->ndecks; i-- > 0;)
        if (strlen(s->decks[i]) == len && memcmp(s->decks[i], name, len) == 0)
            return s->decks[i];
    if (!VG_GROW(s->decks, s->capdecks, s->ndecks + 1))
        return NULL;
    char *copy = vg_store_strdup(s, name, len);
    if (!copy)
        return NULL;
    s->decks[s->ndecks++] = copy;
    return copy;
}

/* splitmix64's finalizer: ids are hashes already, but a test may use 0000...0001 and so on. */
static size_t S_slot(uint64_t key, size_t nslots)
{
    key ^= key >> 30;
    key *= 0xbf58476d1ce4e5b9ULL;
    key ^= key >> 27;
    key *= 0x94d049bb133111ebULL;
    key ^= key >> 31;
    return (size_t)key & (nslots - 1);
}

/* The slot holding the chain head for key, or the empty slot where it would go. */
static size_t S_find_slot(const vg_store *s, uint64_t key)
{
    size_t i = S_slot(key, s->nslots);
    while (s->slots[i].rec && s->slots[i].key != key)
        i = (i + 1) & (s->nslots - 1);
    return i;
}

static void S_free_slots(vg_store *s)
{
    if (!s->slots_mapped)
        free(s->slots);
    s->slots = NULL;
    s->slots_mapped = false;
}

static bool S_grow_index(vg_store *s, size_t want)
{
    size_t n = s->nslots ? s->nslots * 2 : 1024;
    while (n < want * 2)
        n *= 2;
    vg_slot *slots = vg_mem_calloc(n, sizeof *slots);
    if (!slots)
        return false;
    vg_slot *old = s->slots;
    size_t oldn = s->nslots;
    bool mapped = s->slots_mapped;
    s->slots = slots;
    s->slots_mapped = false;
    s->nslots = n;
    for (size_t i = 0; i < oldn; i++)
        if (old[i].rec)
            s->slots[S_find_slot(s, old[i].key)] = old[i];
    if (!mapped)
        free(old);
    return true;
}

/* recs as malloc's, with room for want records. */
static bool S_grow_recs(vg_store *s, size_t want)
{
    if (s->recs_mapped) {
        // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
        vg_record **own = malloc((want > s->nrecs ? want : s->nrecs) * sizeof *own + 1);
        if (!own)
            return false;
        if (s->nrecs)
            // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
            memcpy(own, s->recs, s->nrecs * sizeof *own);
        s->recs = own;
        s->caprecs = want > s->nrecs ? want : s->nrecs;
        s->recs_mapped = false;
        return true;
    }
    // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
    return VG_GROW(s->recs, s->caprecs, want);
}

/* Counts the chains (distinct keys) cheaply enough: we keep the load under 1/2 by records,
 * which bounds distinct keys too. */
static bool S_index_add(vg_store *s, vg_record *rec)
{
    if ((s->nrecs + 1) * 2 > s->nslots && !S_grow_index(s, s->nrecs + 1))
        return false;
    size_t i = S_find_slot(s, rec->key_);
    rec->same_id_ = s->slots[i].rec; /* NULL or the chain: add in front */
    s->slots[i].key = rec->key_;
    s->slots[i].rec = rec;
    return true;
}

/* Removes the empty slot at i by shifting later entries of the probe run back (no tombstones). */
static void S_slot_delete(vg_store *s, size_t i)
{
    size_t mask = s->nslots - 1;
    s->slots[i].rec = NULL;
    size_t j = i;
    for (;;) {
        j = (j + 1) & mask;
        if (!s->slots[j].rec)
            return;
        size_t home = S_slot(s->slots[j].key, s->nslots);
        /* Move j back to i when its home is not in the cyclic range (i, j]. */
        bool in_range = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (!in_range) {
            s->slots[i] = s->slots[j];
            s->slots[j].rec = NULL;
            i = j;
        }
    }
}

static void S_index_remove(vg_store *s, vg_record *rec)
{
    size_t i = S_find_slot(s, rec->key_);
    vg_record **pp = &s->slots[i].rec;
    while (*pp && *pp != rec)
        pp = &(*pp)->same_id_;
    if (!*pp)
        return;
    *pp = rec->same_id_;
    rec->same_id_ = NULL;
    if (!s->slots[i].rec)
        S_slot_delete(s, i);
}

bool vg_store_reserve(vg_store *s, size_t n)
{
    size_t want = s->nrecs + n;
    if (want * 2 > s->nslots && !S_grow_index(s, want))
        return false;
    return want <= s->caprecs || S_grow_recs(s, want);
}

vg_record *vg_store_find_key(const vg_store *s, const char *deck, uint64_t key)
{
    if (!s->nslots)
        return NULL;
    for (vg_record *r = s->slots[S_find_slot(s, key)].rec; r; r = r->same_id_)
        if (r->deck == deck || strcmp(r->deck, deck) == 0)
            return r;
    return NULL;
}

vg_record *vg_store_new_record(vg_store *s, const char *deck, uint64_t key, const char *section,
                               const char *front)
{
    if (s->nrecs + 1 > s->caprecs && !S_grow_recs(s, s->nrecs + 1))
        return NULL;
    vg_record *rec = vg_arena_alloc(s->arena, sizeof *rec);
    if (!rec)
        return NULL;
    memset(rec, 0, sizeof *rec);
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < VG_CARD_ID_LEN; i++)
        rec->id[i] = hex[(key >> (4 * (VG_CARD_ID_LEN - 1 - i))) & 15];
    rec->key_ = key;
    rec->deck = deck;
    rec->section = section;
    rec->front = front;
    rec->state_ok = true; /* a record with an empty log is New, which sched holds */
    vg_sched_card_init(&rec->sched, rec->id, VG_CARD_ID_LEN);
    if (!S_index_add(s, rec))
        return NULL;
    rec->index_ = s->nrecs;
    s->recs[s->nrecs++] = rec;
    return rec;
}

void vg_store_rekey(vg_store *s, vg_record *rec, const char *deck, uint64_t key)
{
    S_index_remove(s, rec);
    rec->deck = deck;
    rec->key_ = key;
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < VG_CARD_ID_LEN; i++)
        rec->id[i] = hex[(key >> (4 * (VG_CARD_ID_LEN - 1 - i))) & 15];
    rec->sched.id_hash = vg_sched_id_hash(rec->id, VG_CARD_ID_LEN);
    /* Cannot fail: the slot count already covers every record. */
    size_t i = S_find_slot(s, rec->key_);
    rec->same_id_ = s->slots[i].rec;
    s->slots[i].key = rec->key_;
    s->slots[i].rec = rec;
}

bool vg_store_set_reviews(vg_store *s, vg_record *rec, const vg_review *r, size_t n)
{
    vg_review *copy = NULL;
    if (n) {
        copy = vg_arena_alloc(s->arena, n * sizeof *copy);
        if (!copy)
            return false;
        memcpy(copy, r, n * sizeof *copy);
    }
    rec->reviews = copy;
    rec->nreviews = n;
    rec->cap_ = n;
    return true;
}

static int S_review_cmp(const vg_review *a, const vg_review *b)
{
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return (a->rating > b->rating) - (a->rating < b->rating);
}

static int S_review_qsort_cmp(const void *a, const void *b)
{
    return S_review_cmp(a, b);
}

bool vg_store_normalize_reviews(vg_record *rec)
{
    vg_review *r = (vg_review *)rec->reviews;
    size_t n = rec->nreviews;
    bool sorted = true;
    for (size_t i = 1; i < n && sorted; i++)
        sorted = S_review_cmp(&r[i - 1], &r[i]) < 0;
    if (sorted)
        return false;
    qsort(r, n, sizeof *r, S_review_qsort_cmp);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (w == 0 || S_review_cmp(&r[w - 1], &r[i]) != 0)
            r[w++] = r[i];
        else
            r[w - 1].ms = vg_review_ms_join(r[w - 1].ms, r[i].ms);
    }
    rec->nreviews = w;
    return true;
}

int32_t vg_review_ms_join(int32_t a, int32_t b)
{
    return a > b ? a : b; /* VG_MS_NONE is below every known time */
}

bool vg_store_insert_review(vg_store *s, vg_record *rec, vg_time t, int rating, int32_t ms,
                            bool *oom)
{
    vg_review nr = {t, rating, ms};
    vg_review *r = (vg_review *)rec->reviews;
    size_t n = rec->nreviews;
    /* Answers come in time order: the place is nearly always the end. */
    size_t pos = n;
    while (pos > 0 && S_review_cmp(&r[pos - 1], &nr) > 0)
        pos--;
    if (pos > 0 && S_review_cmp(&r[pos - 1], &nr) == 0) {
        r[pos - 1].ms = vg_review_ms_join(r[pos - 1].ms, ms);
        return false;
    }
    if (n == rec->cap_) {
        size_t cap = rec->cap_ < 4 ? 8 : rec->cap_ * 2;
        vg_review *g = vg_arena_alloc(s->arena, cap * sizeof *g);
        if (!g) {
            *oom = true;
            return false;
        }
        if (n)
            memcpy(g, r, n * sizeof *g);
        r = g;
        rec->reviews = g;
        rec->cap_ = cap;
    }
    memmove(r + pos + 1, r + pos, (n - pos) * sizeof *r);
    r[pos] = nr;
    rec->nreviews = n + 1;
    return true;
}

bool vg_store_remove_review(vg_record *rec, vg_time t, int rating)
{
    vg_review *r = (vg_review *)rec->reviews;
    for (size_t i = rec->nreviews; i-- > 0;) {
        if (r[i].t == t && r[i].rating == rating) {
            memmove(r + i, r + i + 1, (rec->nreviews - i - 1) * sizeof *r);
            rec->nreviews--;
            return true;
        }
    }
    return false;
}

void vg_store_finish_record(vg_record *rec)
{
    if (vg_store_normalize_reviews(rec))
        rec->state_ok = false;
    rec->sched.id_hash = vg_sched_id_hash(rec->id, VG_CARD_ID_LEN);
}

size_t vg_store_count(const vg_store *s)
{
    return s->nrecs;
}

vg_record *vg_store_at(const vg_store *s, size_t i)
{
    return i < s->nrecs ? s->recs[i] : NULL;
}

vg_record *vg_store_find(const vg_store *s, const char *deck, const char *id)
{
    uint64_t key;
    return vg_store_key(id, &key) ? vg_store_find_key(s, deck, key) : NULL;
}

bool vg_store_key(const char *id, uint64_t *key)
{
    return vg_store_id_key(id, strlen(id), key);
}

void vg_store_prefetch(const vg_store *s, uint64_t key, bool record)
{
    if (!s->nslots)
        return;
    const vg_slot *slot = &s->slots[S_slot(key, s->nslots)];
    if (!record)
        __builtin_prefetch(slot);
    else if (slot->rec)
        __builtin_prefetch(&slot->rec->key_);
}

vg_record *vg_store_find_id(const vg_store *s, const char *id)
{
    uint64_t key;
    if (!s->nslots || !vg_store_id_key(id, strlen(id), &key))
        return NULL;
    return s->slots[S_find_slot(s, key)].rec;
}

size_t vg_record_index(const vg_record *rec)
{
    return rec->index_;
}

vg_record *vg_record_next_same_id(const vg_record *rec)
{
    return rec->same_id_;
}

vg_record *vg_store_add(vg_store *s, const char *deck, const char *id, const char *section,
                        const char *front)
{
    uint64_t key;
    if (!vg_store_id_key(id, strlen(id), &key))
        return NULL;
    vg_record *rec = vg_store_find_key(s, deck, key);
    if (rec)
        return rec;
    const char *d = vg_store_intern(s, deck, strlen(deck));
    char *sec = vg_store_strdup(s, section ? section : "", section ? strlen(section) : 0);
    char *fr = vg_store_strdup(s, front ? front : "", front ? strlen(front) : 0);
    if (!d || !sec || !fr)
        return NULL;
    return vg_store_new_record(s, d, key, sec, fr);
}

vg_status vg_store_describe(vg_store *s, vg_record *rec, const char *section, const char *front)
{
    if (section && strcmp(section, rec->section) != 0) {
        char *c = vg_store_strdup(s, section, strlen(section));
        if (!c)
            return VG_NOMEM;
        rec->section = c;
        s->changed = true;
    }
    if (front && strcmp(front, rec->front) != 0) {
        char *c = vg_store_strdup(s, front, strlen(front));
        if (!c)
            return VG_NOMEM;
        rec->front = c;
        s->changed = true;
    }
    return VG_OK;
}

vg_status vg_store_warn(vg_store *s, const char *file, unsigned line, unsigned col, const char *fmt,
                        ...)
{
    if (!VG_GROW(s->warnings, s->capwarnings, s->nwarnings + 1))
        return VG_NOMEM;
    vg_error *e = &s->warnings[s->nwarnings++];
    vg_error_set(e, VG_OK, file, line, col, NULL);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return VG_OK;
}

const vg_error *vg_store_warnings(const vg_store *s, size_t *n)
{
    *n = s->nwarnings;
    return s->warnings;
}

const char *vg_store_scheduler(const vg_store *s)
{
    return s->scheduler;
}

vg_status vg_store_set_scheduler(vg_store *s, const char *tag)
{
    if (strcmp(tag, s->scheduler) == 0)
        return VG_OK;
    size_t n = strlen(tag);
    char *c = malloc(n + 1);
    if (!c)
        return VG_NOMEM;
    memcpy(c, tag, n + 1);
    free(s->scheduler);
    s->scheduler = c;
    s->changed = true;
    return VG_OK;
}

uint64_t vg_store_generation(const vg_store *s)
{
    return s->generation;
}

const char *vg_store_path(const vg_store *s)
{
    return s->path;
}

bool vg_store_changed(const vg_store *s)
{
    return s->changed;
}

bool vg_store_writable(const vg_store *s)
{
    return s->journal_fd >= 0;
}

void vg_store_replay_record(const vg_sched *sched, vg_record *rec)
{
    vg_sched_card c;
    vg_sched_card_init(&c, rec->id, VG_CARD_ID_LEN);
    for (size_t i = 0; i < rec->nreviews; i++)
        if (rec->reviews[i].t > rec->reset_at) /* forgotten before: a New card again */
            vg_sched_next(sched, &c, (vg_rating)rec->reviews[i].rating, rec->reviews[i].t, &c);
    rec->sched = c;
    rec->state_ok = true;
}

void vg_store_replay(vg_store *s, const vg_sched *sched, bool all)
{
    for (size_t i = 0; i < s->nrecs; i++)
        if (all || !s->recs[i]->state_ok) {
            vg_store_replay_record(sched, s->recs[i]);
            s->changed = true;
        }
}
