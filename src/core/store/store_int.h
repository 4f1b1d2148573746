/* Private to src/core/store*.c: the store's body and the helpers its readers and writers share. */
#ifndef VG_STORE_INTERNAL_H
#define VG_STORE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "vgrev/store.h"

/* A file as it was seen: equal stamps, the same file unchanged (as far as stat can tell). */
typedef struct vg_file_stamp {
    unsigned long long dev, ino, size;
    long long mtime_s, mtime_ns;
    bool present;
} vg_file_stamp;

/* A slot of the index: the key beside the record, so a probe reads no record but the one it
 * finds (the records of a big store are spread over many pages). */
typedef struct vg_slot {
    uint64_t key;
    vg_record *rec; /* the first record of the chain of this id (same_id_) */
} vg_slot;

/* What a journal's load found (store/journal.c). */
typedef struct vg_journal_info {
    bool header;        /* it starts with a begin line */
    uint64_t first_gen; /* that line's generation */
    uint64_t gen;       /* the last begin line's: the live segment's generation */
    size_t live;        /* where that line starts */
    size_t keep;        /* the whole lines, in bytes (a torn last line is past it) */
} vg_journal_info;

struct vg_store {
    vg_arena *arena; /* records, strings, review arrays */
    vg_record **recs;
    size_t nrecs, caprecs;
    vg_slot *slots;     /* open addressing on the key (linear probing); rec NULL = empty */
    size_t nslots;      /* a power of two, or 0 */
    const char **decks; /* interned deck names */
    size_t ndecks, capdecks;
    char *scheduler; /* malloc'd; never NULL once set */
    uint64_t generation;
    vg_error *warnings;
    size_t nwarnings, capwarnings;

    /* Files (NULL paths for a store in memory). */
    char *path, *journal_path, *lock_path;
    size_t journal_bytes, journal_limit;
    /* Where the live segment (the lines since the last begin line) starts: the lines above it
     * are in the snapshot, or in one being written in the background. */
    size_t journal_live;
    /* After a failed compaction: the next is not tried before the journal reaches this size
     * (doubling each time), so answers keep the journal's speed while the disk is full. */
    size_t save_retry_bytes;
    /* A snapshot being written by a child process (vg_store_save_background): its pid (0:
     * none) and the read end of the pipe its error comes back on (bg_fd below). */
    long bg_pid;
    vg_store_spawn_fn spawn; /* NULL: fork */
    /* Records a change may have left on disk but named by nothing a snapshot writes (an undo
     * of their only review, an unsuspend...): a checkpoint looks at these, not at every record
     * (vg_store_note_unnamed). */
    vg_record **unnamed;
    size_t nunnamed, capunnamed;
    /* What the read-only open read (device, inode, size, mtime of the snapshot and of the
     * journal, and the journal's header), so that vg_store_lock_in_place can tell whether the
     * files are still what memory holds. */
    vg_file_stamp snap_stamp, journal_stamp;
    vg_journal_info journal_info;
    size_t journal_len;
    /* After a save: vg_store_opts.saved, for snapshots of at least saved_min bytes. */
    void (*saved)(const char *path);
    size_t saved_min;

    int journal_fd; /* -1 unless writable */
    int lock_fd;    /* -1 unless writable */
    int bg_fd;
    unsigned journal_lines;
    /* recs and slots are the start-up cache's (store/image.c), not malloc's: growing them
     * copies them first, freeing leaves them to the arena. */
    bool recs_mapped, slots_mapped;
    /* The snapshot moved to a new generation but the journal could not be reset yet: no line
     * may be appended before it is (the next load would skip them as already absorbed). */
    bool journal_stale;
    bool save_failing;
    /* unnamed_lost: a record could not be kept in unnamed (out of memory): look at all. */
    bool unnamed_lost;
    bool link_journal;
    /* Memory holds something the snapshot on disk does not (a journal line, a rebuilt cache,
     * a new scheduler tag, a section renamed): only then is a snapshot worth writing. */
    bool changed;
};

/* ---- store/image.c: the start-up cache ---- */
struct vg_image_source;
/* Writes the image of a store just parsed from a snapshot (before any journal) to the file
 * image; src: the snapshot as stat saw it before reading, and the hash of its bytes. Failing is
 * not an error: the next open parses. */
void vg_store_image_write(vg_store *s, const char *image, const struct vg_image_source *src);
/* Fills an empty store from the image of the snapshot at path; false on any miss (the store is
 * then still empty). */
bool vg_store_image_load(vg_store *s, const char *image, const char *path);

/* ---- store/records.c: the model ---- */

/* The 16-hex-digit id as a number; false when id is not exactly 16 lower-case hex digits. */
bool vg_store_id_key(const char *id, size_t len, uint64_t *key);

/* An interned copy of a deck name (one copy per name); NULL when out of memory. */
const char *vg_store_intern(vg_store *s, const char *name, size_t len);

/* A record for (deck, id) with no reviews, added to the index, or NULL when out of memory.
 * The caller made sure it does not exist yet. deck must be interned; section and front are
 * stored as given (they must live as long as the store: arena strings). */
vg_record *vg_store_new_record(vg_store *s, const char *deck, uint64_t key, const char *section,
                               const char *front);

/* Sets the log of rec to a copy of r[0..n) (in the arena). */
bool vg_store_set_reviews(vg_store *s, vg_record *rec, const vg_review *r, size_t n);

/* Sorts the log, drops exact duplicates; true when it changed anything. */
bool vg_store_normalize_reviews(vg_record *rec);

/* Inserts (t, rating, ms) in order; false when already there or out of memory (*oom set). */
bool vg_store_insert_review(vg_store *s, vg_record *rec, vg_time t, int rating, int32_t ms,
                            bool *oom);

/* The answer time to keep for one review seen twice (a merge, a duplicate line): either known
 * one, the longer when both are, so the result does not depend on the order. */
int32_t vg_review_ms_join(int32_t a, int32_t b);

/* Removes (t, rating); false when absent. */
bool vg_store_remove_review(vg_record *rec, vg_time t, int rating);

/* Moves rec to (deck, key) in the index. */
void vg_store_rekey(vg_store *s, vg_record *rec, const char *deck, uint64_t key);

/* Frees recs and slots (unless mapped from an image). */
void vg_store_release_index(vg_store *s);

/* Empties the store's records and warnings (after a failed parse). */
void vg_store_reset(vg_store *s);

vg_status vg_store_warn(vg_store *s, const char *file, unsigned line, unsigned col, const char *fmt,
                        ...) __attribute__((format(printf, 5, 6)));

/* An arena copy of s[0..len); NULL when out of memory. */
char *vg_store_strdup(vg_store *s, const char *str, size_t len);

/* ---- store/merge.c ---- */

/* A merge into dst under way, one record of the other side at a time (vg_store_merge's rules). */
typedef struct vg_merge_ctx {
    vg_store *dst;
    bool same_sched; /* the other side's cached states are dst's (the same scheduler) */
    size_t gained;   /* reviews dst gained so far */
    vg_review *tmp;
    size_t tmpcap;
} vg_merge_ctx;

/* src_scheduler: the other side's scheduler tag ("" when none). */
void vg_merge_begin(vg_merge_ctx *m, vg_store *dst, const char *src_scheduler);
/* Merges r (of another store, or read from a file: its strings are copied) into m->dst;
 * false when out of memory. */
bool vg_merge_record(vg_merge_ctx *m, const vg_record *r);
/* Ends a merge whose every record went in: dst takes the later generation; m is released. */
void vg_merge_end(vg_merge_ctx *m, uint64_t src_generation);
/* Frees m's scratch (a merge given up). */
void vg_merge_release(vg_merge_ctx *m);

/* ---- store/fields.c: scalars shared by the readers and the writers ---- */

/* What a field holds, decoded from a scalar's text. */
bool vg_scalar_int(const char *s, size_t len, int64_t lo, int64_t hi, int64_t *out);
bool vg_scalar_uint64(const char *s, size_t len, uint64_t *out);
bool vg_scalar_double(const char *s, size_t len, double *out);
bool vg_scalar_bool(const char *s, size_t len, bool *out);
/* Plain scalars that mean null in YAML 1.2's core schema: "", ~, null, Null, NULL. */
bool vg_scalar_is_null(const char *s, size_t len);
/* A time in the range the writer can write back (years 0000..9999); err->col is set. */
bool vg_scalar_time(const char *s, size_t len, vg_time *out, vg_error *err);
/* Just "YYYY-MM-DDTHH:MM:SSZ" (what the writer writes): the fast reader's time. */
bool vg_scalar_time_canonical(const char *s, size_t len, vg_time *out);
bool vg_scalar_state(const char *s, size_t len, vg_card_state *out);

/* Writing. */
void vg_emit_string(vg_buf *b, const char *s, size_t len); /* plain when safe, else "quoted" */
void vg_emit_quoted(vg_buf *b, const char *s, size_t len);
void vg_emit_double(vg_buf *b, double v);
void vg_emit_time(vg_buf *b, vg_time t);
/* The same text into out, without a NUL; they return its length. A time needs
 * VG_TIME_ISO_MAX bytes, a number 21. */
size_t vg_format_time(char *out, vg_time t);
size_t vg_format_uint(char *out, unsigned long long v);
size_t vg_format_int(char *out, long long v);
void vg_emit_id(vg_buf *b, const char *id); /* quoted when it would read as a number */

/* Decodes the body of a double-quoted scalar as the writer writes it (the escapes it uses, no
 * line breaks, only characters libyaml accepts) into out; false on anything else. */
bool vg_scalar_unquote_fast(const char *s, size_t len, vg_buf *out);
/* True when s[0..len) is a plain scalar the writer would write for this text. */
bool vg_scalar_plain_fast(const char *s, size_t len);

/* Tags: text holding tags separated by white space, as the store keeps them (one space
 * between, sorted, no duplicates), into *out (an arena string; NULL when there are none).
 * Returns 1, 0 when a tag holds a control character or invalid UTF-8, -1 out of memory. */
int vg_store_tags(vg_store *s, const char *text, size_t len, const char **out);

/* tags with tag[0..len) added (on) or removed, into *out as vg_store_tags does. */
int vg_store_tags_change(vg_store *s, const char *tags, const char *tag, size_t len, bool on,
                         const char **out);

/* Whether t[0..len) is one tag: not empty, valid UTF-8, no space or control character. */
bool vg_tag_ok(const char *t, size_t len);

/* ---- store/read_yaml.c / store/read_fast.c ---- */
/* 1: parsed; 0: the fast reader gave up (s reset; try libyaml); -1 out of memory. */
int vg_store_parse_fast(vg_store *s, const char *data, size_t len);
vg_status vg_store_parse_yaml(vg_store *s, const char *data, size_t len, const char *name,
                              vg_error *err);

/* The fast reader on the file open as fd, read a chunk at a time: memory holds a chunk, not
 * the file. Without m, the records go to s as vg_store_parse_fast puts them. With m (begun by
 * vg_merge_begin(m, dst, "")), s takes only the header (scheduler, generation, deck names,
 * tags), m is begun again with s's scheduler once the header is read, and each card is merged
 * into dst as it is read (m is not ended); the cards must then come in the writer's order
 * (deck, id), so that a duplicate shows. 1: read; 0: gave up (s reset; dst may hold some of
 * the cards merged, which merging the whole file then completes, as a merge of what is in
 * already changes nothing); -1 out of memory; -2 a read error (errno). */
int vg_store_read_fast_fd(vg_store *s, int fd, vg_merge_ctx *m);

/* Finishes a parsed record: normalizes its log (state_ok = false when it changed). */
void vg_store_finish_record(vg_record *rec);

/* ---- store/journal.c ---- */
/* Applies the segments of the journal that the snapshot (at s->generation) does not hold. */
vg_status vg_store_journal_load(vg_store *s, const char *data, size_t len, const char *name,
                                vg_journal_info *info, vg_error *err);
vg_status vg_store_journal_reset(vg_store *s, vg_error *err);
/* Appends a begin line of generation gen (a checkpoint), written but not synced: whoever
 * relies on it syncs the journal first. */
vg_status vg_store_journal_checkpoint(vg_store *s, uint64_t gen, vg_error *err);
vg_status vg_store_journal_append(vg_store *s, const vg_buf *line, vg_error *err);

/* ---- store/file.c ---- */
/* After a change to rec (made or replayed): keeps it for the next checkpoint when the journal
 * named it but it may no longer be worth a line in a snapshot. */
void vg_store_note_unnamed(vg_store *s, vg_record *rec);

/* ---- store/lock.c ---- */
vg_status vg_store_lock(vg_store *s, const char *who, vg_error *err);
void vg_store_unlock(vg_store *s);

/* ---- store/snapshot.c ---- */
/* *in_place (may be NULL): the new file took the name, even when an error follows (the
 * folder's fsync): the caller must go on as if it had been written. */
vg_status vg_store_write_atomic(const char *path, const char *data, size_t len, bool *in_place,
                                vg_error *err);
vg_status vg_store_write_to(const vg_store *s, const char *path, bool *in_place, vg_error *err);

#endif
