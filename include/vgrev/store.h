/* Progress: the records of progress.yaml, its journal and its lock (DESIGN §5).
 *
 * A vg_store is an in-memory model of a progress file: one record per (deck, card id) with the
 * card's review log (the truth), a cached scheduler state (rebuilt from the log when missing or
 * stale), and the suspended / buried flags. docs/progress-format.md describes the file.
 *
 * Files, for a progress file P:  P (the snapshot), P.journal (every change since the snapshot,
 * one line each, synced before the call returns) and P.lock (held by the one writer).
 *
 * Ownership: the store owns every record and every string it hands out; pointers stay valid
 * until vg_store_free() (records never move; a record's strings and review array may be
 * replaced by later calls on that record). src/core/store* is the only code (beside the replay
 * history parser) that includes yaml.h. No clock here: every time is passed in. */
#ifndef VGREV_STORE_H
#define VGREV_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vgrev/buf.h"
#include "vgrev/deck.h"
#include "vgrev/error.h"
#include "vgrev/sched.h"
#include "vgrev/time.h"

enum {
    VG_STORE_VERSION = 1, /* the format version this code writes and reads */
    /* A journal past this many bytes (about 8,000 answers) is worth compacting: a session
     * that starts with one writes a snapshot in the background. */
    VG_STORE_JOURNAL_LIMIT = 1024 * 1024,
    /* While a session runs only its journal grows (it compacts when it ends), up to this many
     * times the limit: then a snapshot is written in the background (vg_store_journal_full).
     * It bounds what the next start replays after a crash. */
    VG_STORE_JOURNAL_CAP = 8
};

enum {
    VG_MS_NONE = -1,   /* a review whose answer time was not kept (older files) */
    VG_MS_MAX = 60000, /* answer times are capped at 60 s, as Anki caps them */
};

typedef struct vg_review {
    vg_time t;
    int32_t rating; /* vg_rating: 1..4 */
    int32_t ms;     /* time from showing the card to the answer, 0..VG_MS_MAX, or VG_MS_NONE */
} vg_review;

typedef struct vg_record {
    const char *deck;         /* deck name (file name without .md); owned by the store */
    const char *section;      /* section title, for readers and for relinking */
    const char *front;        /* front source, for readers and for relinking */
    const vg_review *reviews; /* sorted by time, then rating; owned by the store */
    size_t nreviews;
    vg_time buried_until; /* 0 when not buried */
    /* "Forget": the scheduler starts again from a New card after this time (the reviews up to
     * it stay in the log, for the history); 0 when never reset. */
    vg_time reset_at;
    /* The card's own tags (the leech tag): separated by one space, sorted, no duplicates;
     * NULL when it has none. Owned by the store. */
    const char *tags;
    /* The scheduler's state after the log. Trust it only when state_ok: it is false when the
     * file had no state, after a journal replay or a merge changed the log; vg_store_replay
     * rebuilds it. */
    vg_sched_card sched;
    unsigned line; /* line of the record in the progress file; 0 when it did not come from it */
    char id[VG_CARD_ID_LEN + 1]; /* 16 lower-case hex digits (vg_card_id) */
    bool suspended;
    bool state_ok;

    /* private to the store */
    bool on_disk_; /* the snapshot or the journal names this record */
    size_t cap_;
    uint64_t key_;              /* the id as a number: the index's key */
    struct vg_record *same_id_; /* next record with the same id (another deck) */
    size_t index_;              /* its place in the store: vg_record_index() */
} vg_record;

typedef struct vg_store vg_store;

/* Starts the writer of a background snapshot as a program of its own (vg_store_save_background):
 * a fresh process copies no page tables, where a fork of a big store pauses the session. The
 * caller's to provide (src/core runs no program): it starts a child of this process that calls
 * vg_store_compact_upto(path, offset, gen, <this process's pid>, ...), sends the vg_error of a
 * failure down err_fd (its own copy: the store closes this one) and exits non-zero. Returns the
 * child's pid, or -1 with errno set when it could not start it (the store then forks). */
typedef long (*vg_store_spawn_fn)(const char *path, uint64_t offset, uint64_t gen, int err_fd);

typedef struct vg_store_opts {
    bool write;           /* take the lock and open the journal for appending */
    const char *who;      /* what the lock file says holds it, e.g. "vgrev study" */
    size_t journal_limit; /* 0: VG_STORE_JOURNAL_LIMIT */
    /* The start-up cache (DESIGN §7): an existing folder where the snapshot's image is kept
     * (see vg_deck_load_cached), for snapshots of at least cache_min bytes; NULL: none. The
     * store is the same with or without it. */
    const char *cache_dir;
    size_t cache_min;
    /* How background snapshots are written: NULL, by a fork of this process. */
    vg_store_spawn_fn spawn;
    /* With cache_dir: called after vg_store_save wrote a snapshot of at least cache_min bytes,
     * so that the caller may have its image made in the background (the next open then maps
     * it instead of parsing); NULL: the next open parses and makes it. */
    void (*saved)(const char *path);
    /* Load the image when it is current, but make none (a caller about to rewrite the file). */
    bool cache_no_write;
} vg_store_opts;

/* An empty store in memory, tied to no file. Free with vg_store_free(); NULL when out of memory. */
vg_store *vg_store_new(void);

/* Opens the progress file at path: loads the snapshot (a missing file is an empty store), then
 * applies the journal beside it. With opts->write, first takes the lock (VG_LOCKED, naming the
 * holder, when another process has it) and keeps the journal open for appending. Errors carry
 * file:line:col; on error nothing was written and *out is NULL. Warnings (a torn last journal
 * line) are kept in the store: see vg_store_warnings(). */
vg_status vg_store_open(const char *path, const vg_store_opts *opts, vg_store **out, vg_error *err);

/* Makes a store opened read-only writable without reading the file again: takes the lock
 * (VG_LOCKED as vg_store_open), then checks that the progress file and its journal are what
 * was loaded (device, inode, size, mtime). When they are, the journal is opened as
 * vg_store_open(write) opens it and *current is set. When another vgrev wrote meanwhile, the
 * lock is let go, nothing changes and *current is false: open the file again. */
vg_status vg_store_lock_in_place(vg_store *s, const char *who, bool *current, vg_error *err);

/* Releases the lock and closes the journal (without compacting: see vg_store_save), then frees
 * the store and everything it owns. NULL is fine. */
void vg_store_free(vg_store *s);

enum vg_store_parse_flags {
    VG_STORE_PARSE_SLOW = 1u << 0, /* skip the fast reader: libyaml only (for tests) */
    VG_STORE_PARSE_FAST = 1u << 1, /* the fast reader only: VG_PARSE when it gives up (tests) */
};

/* Parses a progress file held in memory (data[0..len), no NUL needed) into s, which must be
 * empty. name is used in error messages. On error s is left empty. */
vg_status vg_store_parse(vg_store *s, const char *data, size_t len, const char *name,
                         unsigned flags, vg_error *err);

/* Applies journal text to s, as vg_store_open does (for tests and the fuzzer). Warnings go to
 * the store. */
vg_status vg_store_parse_journal(vg_store *s, const char *data, size_t len, const char *name,
                                 vg_error *err);

/* Appends the snapshot text of s to out (the format of docs/progress-format.md). */
vg_status vg_store_format(const vg_store *s, vg_buf *out, vg_error *err);

/* Writes the snapshot of s to path atomically: a temporary file in the same folder, fsync,
 * rename, fsync of the folder. On failure the old file at path is untouched. */
vg_status vg_store_write(const vg_store *s, const char *path, vg_error *err);

/* Compaction: writes the snapshot (with a new generation) over the progress file and empties
 * the journal. Needs a store opened with opts.write. When the new file took its name but the
 * folder's fsync failed, the journal still moves on with it (nothing appended later is lost)
 * and the error is returned. */
vg_status vg_store_save(vg_store *s, vg_error *err);

/* True when memory holds something the snapshot on disk does not: a change (in the journal or
 * loaded from it), a rebuilt cached state, a new scheduler tag, a record described or merged.
 * A session that changed nothing skips its closing vg_store_save(): not a byte is written. */
bool vg_store_changed(const vg_store *s);

/* True when the journal (its part since the last snapshot) has grown past its limit and a
 * save is due. After a failed save the next one is due only when the journal has doubled:
 * answers stay at the journal's speed while the snapshot cannot be written (a full disk, a
 * read-only folder). False while a background save runs. */
bool vg_store_wants_save(const vg_store *s);

/* The same at VG_STORE_JOURNAL_CAP times the limit: a session should not let the journal grow
 * further (vg_store_save_background). */
bool vg_store_journal_full(const vg_store *s);

/* Compaction without a pause: appends a checkpoint to the journal and starts a child that
 * writes the snapshot of everything above it over the progress file (through opts->spawn: a
 * new program that reads the files, vg_store_compact_upto; without one: a fork, which writes
 * memory as it is now, copy-on-write), while this process goes on appending to the journal
 * (docs/progress-format.md: crash-safe at every step). Returns at once; VG_OK when one is running
 * already. The outcome comes from vg_store_save_poll(). vg_store_save() and vg_store_free() stop a
 * running one (it is then not needed, or the lock would go before it ends). */
vg_status vg_store_save_background(vg_store *s, vg_error *err);

/* True when background snapshots are written by a program started through opts->spawn: from
 * the files, so what only memory holds (a section renamed, vg_store_describe) waits for the
 * next vg_store_save. */
bool vg_store_spawns(const vg_store *s);

/* The snapshot writer's work in a process started by a vg_store_spawn_fn: loads the snapshot at
 * path (from its image in opts->cache_dir when current; none is made) and the journal's lines
 * before offset, where a checkpoint of generation gen must begin, syncs the journal, and writes
 * the snapshot of generation gen over path as vg_store_save does (temporary file, fsync,
 * rename, fsync of the folder). Refuses (VG_USAGE, nothing written) unless process holder holds
 * the progress file's lock, the checkpoint is there, and gen is past the snapshot's. On error
 * the old file at path is untouched, unless *in_place says the new one took its name (the
 * folder's fsync failed). opts may be NULL. */
vg_status vg_store_compact_upto(const char *path, uint64_t offset, uint64_t gen, long holder,
                                const vg_store_opts *opts, bool *in_place, vg_error *err);

/* Collects a background save that has ended (without waiting): VG_OK when none ended, or it
 * succeeded; its error (and vg_store_save_failing) when it failed. */
vg_status vg_store_save_poll(vg_store *s, vg_error *err);

/* True while a background save runs. */
bool vg_store_saving(const vg_store *s);

/* True from a failed vg_store_save() until one succeeds: changes are safe in the journal but
 * the snapshot is not being written (for a warning the moment saves start failing). */
bool vg_store_save_failing(const vg_store *s);

/* Records in the order they were added; the index is stable. */
size_t vg_store_count(const vg_store *s);
vg_record *vg_store_at(const vg_store *s, size_t i);

/* The record of card id in deck, or NULL. */
vg_record *vg_store_find(const vg_store *s, const char *deck, const char *id);

/* A card id as the number the store keys it by: the same order as the ids (false when id is not
 * 16 lower-case hex digits: no record has it). For many lookups, which then read no id. */
bool vg_store_key(const char *id, uint64_t *key);
vg_record *vg_store_find_key(const vg_store *s, const char *deck, uint64_t key);

/* The record's place in vg_store_at()'s order, for tables kept beside the store (a session's
 * binding of cards to records): fixed for the record's life. */
size_t vg_record_index(const vg_record *rec);

/* A hint that key is about to be looked up (a session binding a big deck): asks the memory for
 * its index slot, or with record, for the record the slot holds (ask for the slot first, some
 * lookups ahead). Changes nothing. */
void vg_store_prefetch(const vg_store *s, uint64_t key, bool record);

/* The first record with this id in any deck, or NULL; the others follow through
 * vg_record_next_same_id(). */
vg_record *vg_store_find_id(const vg_store *s, const char *id);
vg_record *vg_record_next_same_id(const vg_record *rec);

/* Adds a record with no reviews, in memory only (the journal gets it with its first change).
 * Returns the existing record when there is one; NULL when out of memory or id is not 16
 * lower-case hex digits. */
vg_record *vg_store_add(vg_store *s, const char *deck, const char *id, const char *section,
                        const char *front);

/* Makes room for n more records, so adding them later never rehashes or moves the index (an
 * answer must not walk all records). False when out of memory. */
bool vg_store_reserve(vg_store *s, size_t n);

/* Warnings collected while loading (a torn last journal line, a journal of another snapshot).
 * Borrowed from the store. */
const vg_error *vg_store_warnings(const vg_store *s, size_t *n);

/* The tag of the scheduler that computed the cached states ("" when none); the session sets
 * it after replaying. Borrowed / copied. */
const char *vg_store_scheduler(const vg_store *s);
vg_status vg_store_set_scheduler(vg_store *s, const char *tag);

uint64_t vg_store_generation(const vg_store *s);
const char *vg_store_path(const vg_store *s); /* NULL for a store in memory */
bool vg_store_writable(const vg_store *s);

/* Changes. Each one, on a store opened for writing, is appended to the journal and synced to
 * disk before memory changes and before the call returns; on a store in memory or read-only
 * only memory changes (relink), or VG_USAGE (the others, on a read-only store). On a journal
 * error memory is unchanged. */

/* Adds (t, rating) to the log. state, when not NULL, is the scheduler's state after it (the
 * cache); NULL marks the cache stale. Same time and rating as a review already there: no-op.
 * The answer time is not kept (VG_MS_NONE): see vg_store_answer_ms. */
vg_status vg_store_answer(vg_store *s, vg_record *rec, vg_time t, int rating,
                          const vg_sched_card *state, vg_error *err);

/* The same, keeping the answer time ms (capped at VG_MS_MAX; VG_MS_NONE: not known). */
vg_status vg_store_answer_ms(vg_store *s, vg_record *rec, vg_time t, int rating, int32_t ms,
                             const vg_sched_card *state, vg_error *err);

/* Removes (t, rating) from the log (an undo); state as for vg_store_answer. VG_NOT_FOUND when
 * the log has no such review. */
vg_status vg_store_undo(vg_store *s, vg_record *rec, vg_time t, int rating,
                        const vg_sched_card *state, vg_error *err);

vg_status vg_store_suspend(vg_store *s, vg_record *rec, bool on, vg_error *err);

/* Forgets the card at t (the browser's reset): its log is kept, and the scheduler starts again
 * from a New card with the reviews after t. The cache is marked stale: replay the record. */
vg_status vg_store_forget(vg_store *s, vg_record *rec, vg_time t, vg_error *err);

/* Adds (on) or removes a tag of the card: one word of printable characters (VG_INVALID
 * otherwise). Nothing is written when the card has it already (or has not it). */
vg_status vg_store_tag(vg_store *s, vg_record *rec, const char *tag, bool on, vg_error *err);

/* Whether the card has this tag. */
bool vg_record_has_tag(const vg_record *rec, const char *tag);

/* Buries the card until `until` (0: unburies). */
vg_status vg_store_bury(vg_store *s, vg_record *rec, vg_time until, vg_error *err);

/* Moves a record to another id and/or deck (a card whose front was edited, a renamed deck
 * file) and updates its section and front. VG_INVALID when the target already has a record.
 * Journaled on a writable store, memory only otherwise. */
vg_status vg_store_relink(vg_store *s, vg_record *rec, const char *deck, const char *id,
                          const char *section, const char *front, vg_error *err);

/* Updates the section and front a record shows to readers (memory; saved with the snapshot). */
vg_status vg_store_describe(vg_store *s, vg_record *rec, const char *section, const char *front);

/* Rebuilds rec->sched by replaying its log (the reviews after reset_at) through the
 * scheduler. */
void vg_store_replay_record(const vg_sched *sched, vg_record *rec);

/* Replays every record whose cache is stale, or every record when all is true. */
void vg_store_replay(vg_store *s, const vg_sched *sched, bool all);

/* Merges src into dst in memory: per (deck, id), the union of the two logs (same time and
 * rating = one review, with the answer time of either, the longer when both have one); suspended if
 * either is; the union of the tags; buried until the later time; for section and front the record
 * with the later last review wins (ties: the greater text). Records whose log changed get state_ok
 * = false: replay them. *added counts the reviews dst gained (may be NULL). The result does not
 * depend on the order of the two stores. */
vg_status vg_store_merge(vg_store *dst, const vg_store *src, size_t *added, vg_error *err);

/* Merges the progress file at path (and its journal) into dst, as vg_store_merge of that file
 * opened read-only would, to the same records. A regular file with no journal, in the layout
 * vgrev writes, is merged a card at a time as it is read, so memory never holds it whole (nor a
 * store of it); any other is loaded whole. Its warnings are added to dst's. On error dst may
 * hold part of the merge: do not save it. */
vg_status vg_store_merge_file(vg_store *dst, const char *path, size_t *added, vg_error *err);

/* Whether a string may be written as a plain YAML scalar: exposed for the fuzzer and tests. */
bool vg_store_plain_ok(const char *s, size_t len);

/* The version of libyaml this program runs with ("0.2.5"), for `vgrev --version`. */
const char *vg_store_yaml_version(void);

#endif
