/* Reading YAML: a small event reader over libyaml, the one place in vgrev that includes
 * libyaml's header. The progress file's general reader (store/read_yaml.c), the journal
 * (store/journal.c), replay's histories (replay/history.c) and config.yaml (config/config.c)
 * all read through it. Private to the core.
 *
 * What it does once for all of them (as libyaml keeps its error in the parser object, with one
 * function per stage that fills it):
 *  - positions: libyaml's marks count characters and treat NEL, LS and PS as line breaks;
 *    vgrev reports 1-based lines and byte columns, with lines as an editor shows them (LF,
 *    CRLF or CR end a line). Every event carries its mark in that form, computed as the
 *    reader goes (no walk from the start of the input per message);
 *  - errors: a syntax error or a bad byte becomes a vg_error with file:line:col set here, and
 *    vg_yaml_fail() gives every caller's own messages the same file:line:col;
 *  - refusals: aliases always (no reader of ours wants a graph), tags on request.
 *
 *      vg_yaml y;
 *      if (vg_yaml_init(&y, data, len, &opts, err) != VG_OK) return ...;
 *      while ((st = vg_yaml_next(&y)) == VG_OK && y.ev.kind != VG_YAML_STREAM_END) ...
 *      vg_yaml_release(&y);
 */
#ifndef VG_YAML_READ_H
#define VG_YAML_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "vgrev/error.h"

/* Returns from the calling function when expr is not VG_OK. */
#define VG_TRY(expr)                                                                               \
    do {                                                                                           \
        vg_status VG_TRY_st = (expr);                                                              \
        if (VG_TRY_st != VG_OK)                                                                    \
            return VG_TRY_st;                                                                      \
    } while (0)

typedef enum vg_yaml_kind {
    VG_YAML_STREAM_START,
    VG_YAML_STREAM_END,
    VG_YAML_DOC_START,
    VG_YAML_DOC_END,
    VG_YAML_MAP_START,
    VG_YAML_MAP_END,
    VG_YAML_SEQ_START,
    VG_YAML_SEQ_END,
    VG_YAML_SCALAR,
} vg_yaml_kind;

typedef enum vg_yaml_style {
    VG_YAML_PLAIN,
    VG_YAML_SINGLE_QUOTED,
    VG_YAML_DOUBLE_QUOTED,
    VG_YAML_BLOCK, /* literal (|) or folded (>) */
} vg_yaml_style;

/* A place in the input: byte offset, and the 1-based line and byte column reported for it. */
typedef struct vg_yaml_mark {
    size_t off;
    unsigned line, col;
} vg_yaml_mark;

typedef struct vg_yaml_event {
    vg_yaml_kind kind;
    vg_yaml_mark at;     /* where the event starts */
    vg_yaml_style style; /* scalars */
    const char *text;    /* a scalar's value, NUL-terminated (it may hold NULs: use len); ""
                          * for other events. Valid until the next vg_yaml_next. */
    size_t len;
} vg_yaml_event;

typedef struct vg_yaml_opts {
    const char *file;    /* names the input in messages (may be NULL) */
    const char *doc;     /* what the input is, for messages: "a history" */
    const char *syntax;  /* how a syntax error starts: "invalid YAML" */
    const char *badchar; /* how a bad byte (invalid UTF-8, control character) starts */
    unsigned first_line; /* the line number of the input's first line (0: 1) */
    bool no_tags;        /* refuse tags (!!str ...) */
    bool eof_next_line;  /* an error at the end of an input whose last line has no line
                          * break is at the start of the line after (as libyaml counts),
                          * not at the end of the last line */
} vg_yaml_opts;

typedef struct vg_yaml {
    vg_yaml_event ev; /* the current event, after a vg_yaml_next that returned VG_OK */
    const char *data;
    size_t len;
    vg_yaml_opts o;
    vg_error *err;
    /* private */
    struct vg_yaml_lib *lib_;       /* libyaml's parser and event */
    size_t idx_char_, idx_off_;     /* character index -> byte offset cursor */
    size_t pos_off_, pos_line_off_; /* byte offset -> line cursor: an offset, its line start */
    unsigned pos_line_;
} vg_yaml;

/* Starts reading data[0..len) (UTF-8 only: a UTF-16 input is refused at 1:1). Errors go to err
 * (may be NULL). VG_NOMEM when out of memory; release y in any case. */
vg_status vg_yaml_init(vg_yaml *y, const char *data, size_t len, const vg_yaml_opts *opts,
                       vg_error *err);
void vg_yaml_release(vg_yaml *y);

/* The next event in y->ev; VG_PARSE with err set on malformed input, an alias or (no_tags) a
 * tag; VG_NOMEM. */
vg_status vg_yaml_next(vg_yaml *y);

/* Consumes the node whose first event is the current one (a value nobody reads). */
vg_status vg_yaml_skip(vg_yaml *y);

/* The current event starts a sequence: calls item(ctx) for each of its items, with the item's
 * first event current, until the sequence ends or item fails. */
vg_status vg_yaml_items(vg_yaml *y, vg_status (*item)(void *ctx), void *ctx);

/* Sets err to "file:line:col: message" for the place m or the byte offset off; returns st. */
vg_status vg_yaml_fail(vg_yaml *y, vg_status st, vg_yaml_mark m, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
vg_status vg_yaml_fail_at(vg_yaml *y, vg_status st, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
vg_status vg_yaml_nomem(vg_yaml *y);

/* The mark of a byte offset in the input. */
vg_yaml_mark vg_yaml_mark_at(vg_yaml *y, size_t off);

/* The byte offset in the input of byte i of the current scalar's value, when the scalar is
 * written as it reads (plain, or quoted with no escapes, on one line); else its start. */
size_t vg_yaml_scalar_offset(const vg_yaml *y, size_t i);

/* The current event is a plain scalar meaning null: "", ~, null, Null or NULL. */
bool vg_yaml_is_null(const vg_yaml *y);
/* The current event is a plain scalar. */
bool vg_yaml_is_plain(const vg_yaml *y);
/* The current event is a scalar whose text is word. */
bool vg_yaml_is_word(const vg_yaml *y, const char *word);

/* A scalar for a message: at most size - 4 bytes (cut on a character boundary, "..." added),
 * control characters as '?'. Returns buf. */
const char *vg_yaml_quote(const char *s, size_t n, char *buf, size_t size);

#endif
