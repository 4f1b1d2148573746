/* Errors: a status code plus where and why.
 *
 * The module that finds a problem fills a vg_error; only src/cli prints it (once, as
 * "vgrev: file:line:col: message") and decides the exit status. */
#ifndef VGREV_ERROR_H
#define VGREV_ERROR_H

#include <stddef.h>

/* X-macro: each status with its default text, kept in one place. */
#define VG_STATUS_LIST(X)                                                                          \
    X(OK, "ok")                                                                                    \
    X(NOMEM, "out of memory")                                                                      \
    X(IO, "input/output error")                                                                    \
    X(PARSE, "parse error")                                                                        \
    X(INVALID, "invalid input")                                                                    \
    X(NOT_FOUND, "not found")                                                                      \
    X(LOCKED, "locked by another process")                                                         \
    X(USAGE, "bad usage")

typedef enum vg_status {
#define VG_STATUS_ENUM(name, text) VG_##name,
    VG_STATUS_LIST(VG_STATUS_ENUM)
#undef VG_STATUS_ENUM
} vg_status;

enum { VG_ERROR_FILE_MAX = 1024, VG_ERROR_MSG_MAX = 512 };

typedef struct vg_error {
    vg_status status;
    char file[VG_ERROR_FILE_MAX]; /* empty when the error has no file */
    unsigned line;                /* 1-based; 0 when unknown */
    unsigned col;                 /* 1-based, in bytes (as gcc and vim count); 0 when unknown */
    char msg[VG_ERROR_MSG_MAX];
} vg_error;

/* Text of a status code; static storage. */
const char *vg_status_text(vg_status status);

/* Fills err (which may be NULL) and returns status, so callers can write
 * `return vg_error_set(err, VG_PARSE, path, line, col, "unclosed '%s'", "$");`.
 * file may be NULL. */
vg_status vg_error_set(vg_error *err, vg_status status, const char *file, unsigned line,
                       unsigned col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Resets err to VG_OK with no location. */
void vg_error_clear(vg_error *err);

/* Writes "file:line:col: message" (the parts that are known) into buf, always
 * NUL-terminated; returns the length it wanted, as snprintf does. */
int vg_error_format(const vg_error *err, char *buf, size_t size);

#endif
