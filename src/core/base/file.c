/* Whole-file reading, full writes and atomic replacement (see vgrev/file.h for the sequence). */
#include "vgrev/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { S_CHUNK = 64 * 1024 };

vg_file_step vg_fd_read(vg_buf *out, int fd, size_t max, unsigned flags, size_t *size)
{
    size_t start = out->len;
    struct stat sb;
    size_t hint = S_CHUNK;
    if (fstat(fd, &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
            errno = EISDIR;
            return VG_FILE_READ;
        }
        if ((flags & VG_FILE_REGULAR) && !S_ISREG(sb.st_mode)) {
            errno = EINVAL;
            return VG_FILE_READ;
        }
        if (S_ISREG(sb.st_mode)) {
            if (max && (unsigned long long)sb.st_size > max) {
                if (size)
                    *size = (size_t)sb.st_size;
                errno = EFBIG;
                return VG_FILE_READ;
            }
            hint = (size_t)sb.st_size + 1; /* + 1: the end shows without another grow */
        }
    } else if (flags & VG_FILE_REGULAR) {
        return VG_FILE_READ;
    }
    for (;;) {
        if (out->cap - out->len <= 1 && !vg_buf_grow(out, hint)) {
            out->failed = false; /* the buffer keeps its old contents: usable again */
            out->len = start;
            if (out->data)
                out->data[start] = '\0';
            errno = ENOMEM;
            return VG_FILE_READ;
        }
        hint = out->len - start > S_CHUNK ? out->len - start : S_CHUNK;
        ssize_t r = read(fd, out->data + out->len, out->cap - out->len - 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 || (max && out->len - start + (size_t)r > max)) {
            int e = r < 0 ? errno : EFBIG;
            if (size)
                *size = out->len - start + (r > 0 ? (size_t)r : 0);
            out->len = start;
            out->data[start] = '\0';
            errno = e;
            return VG_FILE_READ;
        }
        if (r == 0)
            break;
        out->len += (size_t)r;
        out->data[out->len] = '\0';
    }
    if (size)
        *size = out->len - start;
    return VG_FILE_DONE;
}

vg_file_step vg_file_read(vg_buf *out, const char *path, size_t max, unsigned flags, size_t *size)
{
    /* O_NONBLOCK: opening a FIFO for reading waits for a writer; a caller that takes regular
     * files only must not hang before fstat can refuse it. Reads of a regular file ignore it. */
    int oflags = O_RDONLY | O_CLOEXEC | ((flags & VG_FILE_REGULAR) ? O_NONBLOCK : 0);
    int fd;
    do
        fd = open(path, oflags);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return VG_FILE_OPEN;
    vg_file_step step = vg_fd_read(out, fd, max, flags, size);
    int e = errno;
    close(fd);
    errno = e;
    return step;
}

bool vg_write_full(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = ENOSPC;
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}

/* The folder of a path, as a descriptor for *at() calls and fsync. */
static int S_open_dir(const char *path, const char **base)
{
    const char *slash = strrchr(path, '/');
    *base = slash ? slash + 1 : path;
    if (!slash)
        return open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *dir = malloc(n + 1);
    if (!dir) {
        errno = ENOMEM;
        return -1;
    }
    memcpy(dir, path, n);
    dir[n] = '\0';
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int e = errno;
    free(dir);
    errno = e;
    return fd;
}

/* Step 1: the temporary file, open for writing; its name in tmp. */
static int S_create_tmp(int dfd, const char *base, unsigned mode, unsigned flags, char *tmp,
                        size_t size)
{
    if (flags & VG_REPLACE_LOCKED) {
        snprintf(tmp, size, "%s.tmp", base);
        return openat(dfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_CLOEXEC, mode);
    }
    for (unsigned k = 0; k < 100; k++) {
        snprintf(tmp, size, ".%s.%ld.%u.tmp", base, (long)getpid(), k);
        int fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

/* Step 3 without clobbering: link fails when the name is taken. Some file systems have no hard
 * links; there, look and rename. */
static int S_link_new(int dfd, const char *tmp, const char *base)
{
    if (linkat(dfd, tmp, dfd, base, 0) == 0)
        return 0;
    int e = errno;
    if (e == EPERM || e == ENOTSUP || e == EMLINK) {
        struct stat st;
        if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
            e = EEXIST;
        } else if (renameat(dfd, tmp, dfd, base) == 0) {
            return 0;
        } else {
            e = errno;
        }
    }
    errno = e;
    return -1;
}

typedef struct S_whole_data {
    const void *data;
    size_t len;
} S_whole_data;

static bool S_write_whole(int fd, void *ctx)
{
    const S_whole_data *w = ctx;
    return vg_write_full(fd, w->data, w->len);
}

vg_file_step vg_file_replace(int dfd, const char *name, const void *data, size_t len, unsigned mode,
                             unsigned flags)
{
    S_whole_data w = {data, len};
    return vg_file_replace_with(dfd, name, S_write_whole, &w, mode, flags);
}

vg_file_step vg_file_replace_with(int dfd, const char *name, bool (*emit)(int fd, void *ctx),
                                  void *ctx, unsigned mode, unsigned flags)
{
    const char *base = name;
    int own_dfd = -1;
    if (dfd == AT_FDCWD) {
        own_dfd = dfd = S_open_dir(name, &base);
        if (dfd < 0)
            return VG_FILE_OPEN;
    }
    size_t tsize = strlen(base) + 48;
    char *tmp = malloc(tsize);
    vg_file_step step = VG_FILE_DONE;
    int e = 0, fd = -1;
    if (!tmp) {
        e = ENOMEM;
        step = VG_FILE_OPEN;
        goto out;
    }
    if ((fd = S_create_tmp(dfd, base, mode, flags, tmp, tsize)) < 0) {
        e = errno;
        step = VG_FILE_OPEN;
        goto out;
    }
    struct stat old;
    if ((flags & VG_REPLACE_KEEP_MODE) && fstatat(dfd, base, &old, 0) == 0)
        (void)fchmod(fd, old.st_mode & 07777);
    if (!emit(fd, ctx))
        step = VG_FILE_WRITE;
    else if (!(flags & VG_REPLACE_NO_SYNC) && fsync(fd) != 0)
        step = VG_FILE_SYNC;
    e = errno;
    if (close(fd) != 0 && !step) {
        e = errno;
        step = VG_FILE_CLOSE;
    }
    if (!step) {
        int r = flags & VG_REPLACE_NO_CLOBBER ? S_link_new(dfd, tmp, base)
                                              : renameat(dfd, tmp, dfd, base);
        if (r != 0) {
            e = errno;
            step = VG_FILE_RENAME;
        }
    }
    /* Gone after a rename; still there after a link or a failure. */
    if (step || (flags & VG_REPLACE_NO_CLOBBER))
        unlinkat(dfd, tmp, 0);
    if (!step && !(flags & VG_REPLACE_NO_SYNC) && fsync(dfd) != 0) {
        e = errno;
        step = VG_FILE_SYNC_DIR;
    }
out:
    free(tmp);
    if (own_dfd >= 0)
        close(own_dfd);
    errno = e;
    return step;
}

bool vg_file_mkdirs(const char *dir, unsigned mode, const char **failed)
{
    static char where[4096];
    size_t n = strlen(dir);
    if (n >= sizeof where) {
        errno = ENAMETOOLONG;
        return false;
    }
    memcpy(where, dir, n + 1);
    for (char *s = where + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(where, (mode_t)mode) != 0 && errno != EEXIST) {
            if (failed)
                *failed = where;
            return false;
        }
        *s = c;
        if (!c)
            return true;
    }
}

const char *vg_file_kind(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return "not a file";
    if (S_ISFIFO(sb.st_mode))
        return "a pipe";
    if (S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode))
        return "a device";
    if (S_ISSOCK(sb.st_mode))
        return "a socket";
    return "not a file";
}
