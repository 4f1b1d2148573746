/* Anki packages: an .apkg (a shared deck) or .colpkg (a whole collection) read into plain
 * tables of note types, decks, notes, cards, reviews, deck options and media files.
 *
 * Pure: bytes in, tables out; no file system, no clock (the collection is opened by SQLite
 * from memory). docs/importing.md says what vgrev makes of them (src/core/import/package.c);
 * the format is Anki's (the research notes in shared/research/anki-package.md cite its
 * sources):
 *
 *   zip entries  meta (protobuf: 1 legacy, 2 legacy 2, 3 latest), collection.anki21b (SQLite,
 *                zstd-compressed; latest), collection.anki21 / collection.anki2 (SQLite;
 *                legacy), media (the media map: JSON {"0": "name"} in legacy packages,
 *                zstd-compressed protobuf in the latest), 0, 1, ... (the media files, each
 *                zstd-compressed in the latest)
 *   SQLite       schema 11 (note types, decks and deck options as JSON in the col row) or 18
 *                (tables of protobuf blobs); notes, cards and revlog in both
 *
 * This is the only module that knows libzip, zstd and SQLite. The package is untrusted: every
 * size is bounded (VG_PACKAGE_MAX_BYTES after decompression, per entry and in all), SQLite
 * opens it read-only with trusted_schema off, and a media name that is not a plain file name
 * (a '/', a '\', "..", a control character, a hidden name) refuses the package. */
#ifndef VGREV_PACKAGE_H
#define VGREV_PACKAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vgrev/error.h"

enum {
    VG_PACKAGE_MAX_BYTES = 1024 * 1024 * 1024, /* decompressed, in all */
    VG_PACKAGE_NWEIGHTS_MAX = 21,
};

typedef enum vg_package_kind {
    VG_PKG_BASIC = 1,    /* Basic, Basic (type in the answer): card ord 0 */
    VG_PKG_REVERSED = 2, /* Basic (and reversed card), Basic (optional reversed card): ord 0, 1 */
    VG_PKG_CLOZE = 5,    /* Cloze: card ord k is deletion c(k+1) */
    VG_PKG_OTHER = 0,    /* any other note type: its fields, not converted */
} vg_package_kind;

typedef struct vg_package_notetype {
    int64_t id;
    const char *name;
    vg_package_kind kind;
    bool image_occlusion;
    const char **fields; /* names, in field order */
    size_t nfields;
    size_t ntemplates;
} vg_package_notetype;

typedef struct vg_package_deck {
    int64_t id;
    const char *name; /* "A::B::C" (both schemas) */
    bool filtered;
    int64_t config;           /* deck options id; 0 when none (filtered) */
    double desired_retention; /* the deck's own override; 0 when none */
} vg_package_deck;

typedef struct vg_package_config {
    int64_t id;
    const char *name;
    double weights[VG_PACKAGE_NWEIGHTS_MAX]; /* FSRS-6's, else FSRS-5's or FSRS-4.5's */
    size_t nweights;                         /* 0: none; 17, 19 or 21 */
    double desired_retention;                /* 0 when not set */
} vg_package_config;

typedef struct vg_package_note {
    int64_t id;
    const char *guid;
    int64_t notetype;
    const char *tags; /* space-separated, trimmed */
    const char **fields;
    size_t *field_len;
    size_t nfields;
} vg_package_note;

typedef struct vg_package_card {
    int64_t id, note, deck; /* deck: the home deck (odid when in a filtered deck) */
    int ord;
    int type;  /* 0 new, 1 learning, 2 review, 3 relearning */
    int queue; /* -1 suspended, -2/-3 buried, 0..4 as Anki's */
} vg_package_card;

typedef struct vg_package_review {
    int64_t ms; /* revlog id: the answer's time in Unix milliseconds */
    int64_t card;
    int ease; /* 0..4; V1 scheduler logs already mapped to V2's buttons */
    int type; /* 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled */
    int64_t factor;
    int64_t time; /* answer duration in ms */
} vg_package_review;

typedef struct vg_package_media {
    const char *name; /* a plain file name (checked) */
    const unsigned char *data;
    size_t len;
} vg_package_media;

typedef struct vg_package {
    int version; /* 1, 2 or 3 (meta), the collection entry read */
    int schema;  /* col.ver: 11 .. 18 */
    vg_package_notetype *notetypes;
    size_t nnotetypes;
    vg_package_deck *decks;
    size_t ndecks;
    vg_package_config *configs;
    size_t nconfigs;
    vg_package_note *notes; /* by id */
    size_t nnotes;
    vg_package_card *cards; /* by note, then ord */
    size_t ncards;
    vg_package_review *reviews; /* by card, then time */
    size_t nreviews;
    vg_package_media *media;
    size_t nmedia;
    const char **warnings; /* what was read but left out ("media file '3' is missing") */
    size_t nwarnings;
    struct vg_arena *arena; /* private */
} vg_package;

/* Reads the package data[0..len). file names it in messages ("file: message", no line).
 * VG_PARSE when it is not a zip, truncated, has no collection, a collection that is not
 * SQLite or lacks Anki's tables, or an unsafe media name; VG_INVALID past the size bounds;
 * VG_NOMEM. On success *out is the caller's (vg_package_free); on failure NULL. */
vg_status vg_package_read(const void *data, size_t len, const char *file, vg_package **out,
                          vg_error *err);

void vg_package_free(vg_package *pkg);

/* The note type, deck or options with this id, or NULL. */
const vg_package_notetype *vg_package_notetype_find(const vg_package *pkg, int64_t id);
const vg_package_deck *vg_package_deck_find(const vg_package *pkg, int64_t id);
const vg_package_config *vg_package_config_find(const vg_package *pkg, int64_t id);

/* Is name a media file name that stays in its folder? (no '/', '\', NUL or control
 * character, not "", ".", ".." or hidden, at most 255 bytes, valid UTF-8) */
bool vg_package_media_name_ok(const char *name, size_t len);

/* "sqlite3 3.46.1, zstd 1.5.6, libzip 1.11.2": the libraries as linked at run time, for
 * `vgrev --version`, into buf (cut to size). */
void vg_package_versions(char *buf, size_t size);

#endif
