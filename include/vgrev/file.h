/* Files as a whole: read one into a buffer, write a buffer out through short writes, replace
 * one atomically. Every reader and writer of vgrev's files goes through these (as git's
 * strbuf_read_file, write_in_full and lockfile), so each has one loop and one failure path.
 *
 * The functions report which step failed (a vg_file_step) with errno set, and leave the
 * message to the caller, which knows what the file is to the user.
 *
 * Replacing a file (vg_file_replace) is the lockfile sequence in one call:
 *   1. create a temporary file in the target's folder (the same file system, so that the
 *      rename below is atomic), exclusively, under a name nobody else uses: ".NAME.PID.N.tmp";
 *      or, for a caller that holds a lock on the target (VG_REPLACE_LOCKED), "NAME.tmp",
 *      truncated, which also clears what an earlier crash left there;
 *   2. write the data in full and fsync it: the bytes are on disk before any name points at
 *      them;
 *   3. close, then rename the temporary file over the target (or, with VG_REPLACE_NO_CLOBBER,
 *      link it to the target's name, which fails when that name is taken);
 *   4. fsync the folder, so that the new name itself survives a power cut.
 * On any failure before step 3 the temporary file is removed and the target is untouched.
 * A crash at any point leaves either the old file or the new one, whole, never a mix; at worst
 * a temporary file stays behind. */
#ifndef VGREV_FILE_H
#define VGREV_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "vgrev/buf.h"

/* The step that failed (errno tells why); VG_FILE_DONE on success. */
typedef enum vg_file_step {
    VG_FILE_DONE = 0,
    VG_FILE_OPEN,     /* opening or creating the file (ENOENT: it does not exist) */
    VG_FILE_READ,     /* reading it: EISDIR a folder, EFBIG over the limit, ENOMEM */
    VG_FILE_WRITE,    /* writing the temporary file */
    VG_FILE_SYNC,     /* fsync of the temporary file */
    VG_FILE_CLOSE,    /* closing it */
    VG_FILE_RENAME,   /* renaming (or linking) it to the target: EEXIST with NO_CLOBBER */
    VG_FILE_SYNC_DIR, /* fsync of the folder: the new file is in place, its durability is not */
} vg_file_step;

enum {
    /* vg_file_read: refuse anything but a regular file (EINVAL at VG_FILE_READ), without
     * blocking: a FIFO is opened with O_NONBLOCK, so it is refused instead of waited on */
    VG_FILE_REGULAR = 1 << 0,
};

/* Appends all of the file at path to out. max > 0 refuses a larger file (EFBIG) before
 * reading it when its size is known; *size (may be NULL) gets the size known at the point of
 * failure (for messages). On failure out is as it was. A folder is EISDIR at VG_FILE_READ. */
vg_file_step vg_file_read(vg_buf *out, const char *path, size_t max, unsigned flags, size_t *size);

/* mkdir -p: every missing folder of dir, with mode; an existing one is fine. False with errno
 * set, and *failed (may be NULL) pointing at a static copy of the folder that could not be made
 * (valid until the next call). */
bool vg_file_mkdirs(const char *dir, unsigned mode, const char **failed);

/* What the non-regular file at path is, for a refusal's message: "a pipe", "a device",
 * "a socket" or "not a file"; static storage. */
const char *vg_file_kind(const char *path);

/* The same from an open descriptor, to its end (standard input, a pipe); fd stays open. */
vg_file_step vg_fd_read(vg_buf *out, int fd, size_t max, unsigned flags, size_t *size);

/* Writes data[0..len) to fd, through short writes and signals; false with errno set (ENOSPC
 * when write() wrote nothing). */
bool vg_write_full(int fd, const void *data, size_t len);

enum {
    VG_REPLACE_LOCKED = 1 << 0,     /* the caller holds a lock: the temporary file is NAME.tmp */
    VG_REPLACE_KEEP_MODE = 1 << 1,  /* the new file gets the old one's permissions */
    VG_REPLACE_NO_CLOBBER = 1 << 2, /* never replace: EEXIST at VG_FILE_RENAME when it exists */
    VG_REPLACE_NO_SYNC = 1 << 3,    /* no fsync (steps 2 and 4): for a cache, which is checked
                                     * when read and rebuilt when it does not match */
};

/* Replaces the file `name` in the folder open as dfd (AT_FDCWD: name is a path) with
 * data[0..len), atomically, by the sequence above. mode is for a new file (umask applies). */
vg_file_step vg_file_replace(int dfd, const char *name, const void *data, size_t len, unsigned mode,
                             unsigned flags);

/* The same with the contents written by emit(fd, ctx) to the temporary file (false with errno
 * set: VG_FILE_WRITE), for a file made a piece at a time instead of held whole in memory. */
vg_file_step vg_file_replace_with(int dfd, const char *name, bool (*emit)(int fd, void *ctx),
                                  void *ctx, unsigned mode, unsigned flags);

#endif
