/* The progress record's fields, declared once (docs/progress-format.md). Private to the store.
 *
 * X(name, kind, member, when), in the order the writer writes them:
 *   name    the key in the file;
 *   kind    how its value is spelled: decoded by store/fields.c's vg_scalar_* functions, written
 *           by vg_field_emit (the journal spells the fields it shares, deck, id, section, front
 *           and times, with the same encoders);
 *   member  where it lives in a vg_record: the readers fill one, the writer reads one;
 *   when    when a card has it in the file:
 *             ALWAYS         on every card;
 *             STATE          the scheduler's cached state, when the cache is kept;
 *             CACHE          the rest of the cache, when the state is kept and is not new;
 *             CACHE_NONZERO  the same, left out when 0;
 *             NONZERO        left out when 0 (false, no time, no tags).
 * The writer (store/snapshot.c), the fast reader (store/read_fast.c) and the libyaml reader
 * (store/read_yaml.c) walk this table; a field added here is written and read by all three. */
#ifndef VG_STORE_RECORD_H
#define VG_STORE_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "vgrev/buf.h"
#include "vgrev/store.h"

#define VG_RECORD_FIELDS(X)                                                                        \
    X(id, ID, id, ALWAYS)                                                                          \
    X(deck, DECK, deck, ALWAYS)                                                                    \
    X(section, TEXT, section, ALWAYS)                                                              \
    X(front, TEXT, front, ALWAYS)                                                                  \
    X(state, STATE, sched.state, STATE)                                                            \
    X(due, TIME, sched.due, CACHE)                                                                 \
    X(last_review, TIME, sched.last_review, CACHE)                                                 \
    X(stability, NUMBER, sched.stability, CACHE)                                                   \
    X(difficulty, NUMBER, sched.difficulty, CACHE)                                                 \
    X(scheduled_days, COUNT, sched.scheduled_days, CACHE)                                          \
    X(elapsed_days, COUNT, sched.elapsed_days, CACHE)                                              \
    X(reps, COUNT, sched.reps, CACHE)                                                              \
    X(lapses, COUNT, sched.lapses, CACHE)                                                          \
    X(step, COUNT, sched.step, CACHE)                                                              \
    X(sm2_n, COUNT, sched.sm2_n, CACHE_NONZERO)                                                    \
    X(suspended, FLAG, suspended, NONZERO)                                                         \
    X(buried_until, TIME, buried_until, NONZERO)                                                   \
    X(reset_at, TIME, reset_at, NONZERO)                                                           \
    X(tags, TAGS, tags, NONZERO)                                                                   \
    X(reviews, REVIEWS, reviews, ALWAYS)

/* How a value is spelled, and the C type of the member that holds it. */
typedef enum vg_field_kind {
    VG_FK_ID,     /* char[17]: 16 lower-case hex digits, quoted when they read as a number */
    VG_FK_DECK,   /* const char *: a non-empty string, plain when it can be */
    VG_FK_TEXT,   /* const char *: a string, always quoted */
    VG_FK_STATE,  /* vg_card_state: new, learning, review, relearning */
    VG_FK_TIME,   /* vg_time: 2026-01-02T03:04:05Z */
    VG_FK_NUMBER, /* double, 0 or more */
    VG_FK_COUNT,  /* int32_t, 0 or more */
    VG_FK_FLAG,   /* bool: true, false */
    VG_FK_TAGS, /* const char *: tags separated by one space, sorted, no duplicates (NULL: none) */
    VG_FK_REVIEWS, /* const vg_review *: a list of {t: TIME, rating: 1..4, ms: 0..60000} (ms
                      left out when not known) */
    /* the journal's own */
    VG_FK_OP,         /* const char *: begin, answer, ... */
    VG_FK_VERSION,    /* int64_t: the format's version, 1 or more */
    VG_FK_GENERATION, /* uint64_t: the snapshot a journal follows */
    VG_FK_RATING,     /* int: 1..4 */
    VG_FK_MS,         /* int32_t: an answer time, 0..VG_MS_MAX */
    VG_FK_TAG,        /* const char *: one tag (S_str in the journal's reader) */
} vg_field_kind;

typedef enum vg_field_when {
    VG_FW_ALWAYS,
    VG_FW_STATE,
    VG_FW_CACHE,
    VG_FW_CACHE_NONZERO,
    VG_FW_NONZERO,
} vg_field_when;

typedef enum vg_record_field {
#define VG_RECORD_FIELD_ENUM(name, kind, member, when) VG_RF_##name,
    VG_RECORD_FIELDS(VG_RECORD_FIELD_ENUM)
#undef VG_RECORD_FIELD_ENUM
        VG_RF_COUNT
} vg_record_field;

typedef struct vg_field_info {
    const char *name;
    const char *line; /* how its line starts in the canonical layout: "  name: " */
    size_t line_len;
    vg_field_kind kind;
    vg_field_when when;
    size_t offset; /* of the member in a vg_record */
} vg_field_info;

extern const vg_field_info vg_record_fields[VG_RF_COUNT];

/* The keys of a journal line (store/journal.c), X(name, kind, member, what): the record's
 * fields it carries (deck, id, section, front, times) have the record's kinds, so they are
 * spelled and decoded as in the snapshot; member is where the journal's reader keeps the
 * value, what is what a bad value should have been. */
#define VG_JOURNAL_KEYS(X)                                                                         \
    X(op, OP, op,                                                                                  \
      "an operation (begin, answer, undo, suspend, unsuspend, bury, unbury, relink, forget, tag, " \
      "untag)")                                                                                    \
    X(version, VERSION, version, "a version number")                                               \
    X(generation, GENERATION, generation, "a generation number")                                   \
    X(deck, DECK, deck, "a deck name")                                                             \
    X(id, ID, id, "a card id (16 lower-case hexadecimal digits)")                                  \
    X(section, TEXT, section, "a section title")                                                   \
    X(front, TEXT, front, "a front")                                                               \
    X(t, TIME, t, "a time like 2026-01-02T03:04:05Z")                                              \
    X(rating, RATING, rating, "a rating from 1 to 4")                                              \
    X(until, TIME, until, "a time like 2026-01-02T03:04:05Z")                                      \
    X(from_deck, DECK, from_deck, "a deck name")                                                   \
    X(from, ID, from, "a card id (16 lower-case hexadecimal digits)")                              \
    X(ms, MS, ms, "an answer time in milliseconds from 0 to 60000")                                \
    X(tag, TAG, tag, "a tag (no spaces or control characters)")

typedef enum vg_journal_key {
#define VG_JOURNAL_KEY_ENUM(name, kind, member, what) VG_JK_##name,
    VG_JOURNAL_KEYS(VG_JOURNAL_KEY_ENUM)
#undef VG_JOURNAL_KEY_ENUM
        VG_JK_COUNT
} vg_journal_key;

/* Appends ", key: value" to a journal line (v as for vg_field_emit). */
void vg_journal_put(vg_buf *b, vg_journal_key k, const void *v);

/* The member of rec that holds field f. */
#define VG_FIELD_PTR(rec, f) ((void *)((char *)(rec) + (f)->offset))
#define VG_FIELD_CPTR(rec, f) ((const void *)((const char *)(rec) + (f)->offset))

/* Whether the writer writes field f of r; cache: the scheduler's state is kept (state_ok and
 * writable). */
bool vg_field_written(const vg_record *r, const vg_field_info *f, bool cache);

/* Appends the value at v (a member of kind k; not VG_FK_REVIEWS) as the writer spells it. */
void vg_field_emit(vg_buf *b, vg_field_kind k, const void *v);

#endif
