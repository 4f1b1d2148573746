/* What `vgrev import` of a text file and of an Anki package share (src/cli/cmd_import.c,
 * src/cli/import_package.c): reading the input, the deck folder, writing, the report. */
#ifndef VG_CLI_CMD_IMPORT_H
#define VG_CLI_CMD_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "vgrev/error.h"
#include "vgrev/import.h"

/* errno e on path as a vg_status (VG_NOT_FOUND or VG_IO). */
vg_status import_errno(vg_error *err, const char *path, int e);
/* The whole file (standard input for "-"), at most max bytes; *buf is the caller's. */
vg_status import_read(const char *path, size_t max, char **buf, size_t *len, vg_error *err);
/* Opens the deck folder (creating it with create); refused when a symbolic link. */
vg_status import_open_decks(const char *decks, bool create, int *fd, vg_error *err);

typedef enum { IMPORT_ABSENT, IMPORT_EXISTS, IMPORT_REFUSED } import_target;
/* What is at decks/file (through dfd, or the path when dfd < 0). */
import_target import_check_target(int dfd, const char *decks, const char *file, vg_error *err);
/* Writes data as decks/file atomically; without force an existing file is left alone
 * (*existed set). */
vg_status import_write_deck(int dfd, const char *decks, const char *file, const char *data,
                            size_t len, bool force, bool *existed, vg_error *err);
/* The notes, "file:line:col: msg" (errors to stderr). */
void import_print_notes(const vg_import_note *notes, size_t nnotes, const char *file);
const char *import_plural(size_t n);

/* vgrev import of an .apkg or .colpkg (src/cli/import_package.c). */
int import_package(const char *file, const char *name, bool force, bool dry_run,
                   bool with_settings);

#endif
