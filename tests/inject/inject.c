/* Failure injection by LD_PRELOAD: the Nth call of one function on the paths under a folder
 * fails with a chosen errno, to test that every failure of the store gives a clear error and
 * loses nothing acknowledged (tests/inject/inject.sh).
 *
 *   VG_INJECT_PATH   only calls on files under this folder count (malloc: every call from the
 *                    first open of a file under it on: the store's allocations, not the
 *                    start-up's)
 *   VG_INJECT_CALL   open (open, openat and their 64 forms), write, fsync (fsync, fdatasync),
 *                    rename (rename, renameat, renameat2) or malloc (malloc, calloc, realloc)
 *   VG_INJECT_N      the call that fails, from 1; 0 or unset: none (only counting)
 *   VG_INJECT_ERRNO  the errno, a number (default EIO; ENOMEM for malloc)
 *   VG_INJECT_COUNT  a file that gets "CALL COUNT" at exit: how many calls counted
 *
 * glibc only (RTLD_NEXT, __libc_malloc). The shim itself allocates nothing. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { S_OPEN, S_WRITE, S_FSYNC, S_RENAME, S_MALLOC, S_NONE };
static const char *const S_names[] = {"open", "write", "fsync", "rename", "malloc"};

static int S_which = -2; /* -2: not read yet */
static long S_target, S_count;
static int S_errno = EIO;
static int S_opened; /* a file under the folder was opened: malloc counts from here */
static const char *S_prefix;
static __thread int S_busy; /* inside the shim: our own calls do not count */

static void S_init(void)
{
    if (S_which != -2)
        return;
    S_which = S_NONE;
    const char *call = getenv("VG_INJECT_CALL");
    S_prefix = getenv("VG_INJECT_PATH");
    for (int i = 0; call && i < S_NONE; i++)
        if (!strcmp(call, S_names[i]))
            S_which = i;
    const char *n = getenv("VG_INJECT_N");
    S_target = n ? strtol(n, NULL, 10) : 0;
    const char *e = getenv("VG_INJECT_ERRNO");
    S_errno = e ? (int)strtol(e, NULL, 10) : S_which == S_MALLOC ? ENOMEM : EIO;
}

static int S_under(const char *path)
{
    return path && S_prefix && *S_prefix && !strncmp(path, S_prefix, strlen(S_prefix));
}

/* The folder of dfd joined with a relative name, in buf. */
static const char *S_at(int dfd, const char *name, char *buf, size_t cap)
{
    if (!name || name[0] == '/' || dfd == AT_FDCWD) {
        if (name && name[0] != '/' && getcwd(buf, cap)) {
            size_t l = strlen(buf);
            snprintf(buf + l, cap - l, "/%s", name);
            return buf;
        }
        return name;
    }
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", dfd);
    ssize_t n = readlink(link, buf, cap - 1);
    if (n < 0)
        return name;
    buf[n] = '\0';
    snprintf(buf + n, cap - (size_t)n, "/%s", name);
    return buf;
}

static const char *S_fd_path(int fd, char *buf, size_t cap)
{
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, buf, cap - 1);
    if (n < 0)
        return NULL;
    buf[n] = '\0';
    return buf;
}

/* True when this call (of kind `which`, on `path`) is the one to fail. */
static int S_fail(int which, const char *path)
{
    S_init();
    if (which == S_OPEN && !S_opened && S_under(path))
        S_opened = 1;
    if (S_which != which || S_busy || (which == S_MALLOC ? !S_opened : !S_under(path)))
        return 0;
    S_count++;
    return S_target > 0 && S_count == S_target;
}

__attribute__((destructor)) static void S_report(void)
{
    const char *out = getenv("VG_INJECT_COUNT");
    if (!out || S_which < 0 || S_which == S_NONE)
        return;
    S_busy = 1;
    int fd = ((int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open"))(
        out, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
        char line[64];
        int len = snprintf(line, sizeof line, "%s %ld\n", S_names[S_which], S_count);
        ssize_t (*w)(int, const void *, size_t) = dlsym(RTLD_NEXT, "write");
        if (w(fd, line, (size_t)len) < 0)
            S_count = 0;
        close(fd);
    }
}

#define S_NEXT(name, type) ((type)dlsym(RTLD_NEXT, name))

static int S_open_common(const char *fn, int dfd, const char *path, int flags, va_list ap)
{
    mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
    char buf[4096];
    S_init();
    if (S_fail(S_OPEN, S_at(dfd, path, buf, sizeof buf))) {
        errno = S_errno;
        return -1;
    }
    if (dfd == AT_FDCWD && (!strcmp(fn, "open") || !strcmp(fn, "open64")))
        return S_NEXT(fn, int (*)(const char *, int, ...))(path, flags, mode);
    return S_NEXT(fn, int (*)(int, const char *, int, ...))(dfd, path, flags, mode);
}

int open(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    int r = S_open_common("open", AT_FDCWD, path, flags, ap);
    va_end(ap);
    return r;
}

int open64(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    int r = S_open_common("open64", AT_FDCWD, path, flags, ap);
    va_end(ap);
    return r;
}

int openat(int dfd, const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    int r = S_open_common("openat", dfd, path, flags, ap);
    va_end(ap);
    return r;
}

int openat64(int dfd, const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    int r = S_open_common("openat64", dfd, path, flags, ap);
    va_end(ap);
    return r;
}

ssize_t write(int fd, const void *p, size_t n)
{
    char buf[4096];
    S_init();
    if (S_which == S_WRITE && S_fail(S_WRITE, S_fd_path(fd, buf, sizeof buf))) {
        errno = S_errno;
        return -1;
    }
    return S_NEXT("write", ssize_t(*)(int, const void *, size_t))(fd, p, n);
}

static int S_sync_fails(int fd)
{
    char buf[4096];
    S_init();
    return S_which == S_FSYNC && S_fail(S_FSYNC, S_fd_path(fd, buf, sizeof buf));
}

int fsync(int fd)
{
    if (S_sync_fails(fd)) {
        errno = S_errno;
        return -1;
    }
    return S_NEXT("fsync", int (*)(int))(fd);
}

int fdatasync(int fd)
{
    if (S_sync_fails(fd)) {
        errno = S_errno;
        return -1;
    }
    return S_NEXT("fdatasync", int (*)(int))(fd);
}

int rename(const char *from, const char *to)
{
    char buf[4096];
    if (S_fail(S_RENAME, S_at(AT_FDCWD, to, buf, sizeof buf))) {
        errno = S_errno;
        return -1;
    }
    return S_NEXT("rename", int (*)(const char *, const char *))(from, to);
}

int renameat(int fd1, const char *from, int fd2, const char *to)
{
    char buf[4096];
    if (S_fail(S_RENAME, S_at(fd2, to, buf, sizeof buf))) {
        errno = S_errno;
        return -1;
    }
    return S_NEXT("renameat", int (*)(int, const char *, int, const char *))(fd1, from, fd2, to);
}

int renameat2(int fd1, const char *from, int fd2, const char *to, unsigned flags)
{
    char buf[4096];
    if (S_fail(S_RENAME, S_at(fd2, to, buf, sizeof buf))) {
        errno = S_errno;
        return -1;
    }
    return S_NEXT("renameat2", int (*)(int, const char *, int, const char *, unsigned))(
        fd1, from, fd2, to, flags);
}

/* glibc's own allocator under the interposed names: no dlsym (which allocates) needed. */
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

void *malloc(size_t n)
{
    if (S_fail(S_MALLOC, NULL)) {
        errno = S_errno;
        return NULL;
    }
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t m)
{
    if (S_fail(S_MALLOC, NULL)) {
        errno = S_errno;
        return NULL;
    }
    return __libc_calloc(n, m);
}

void *realloc(void *p, size_t n)
{
    if (S_fail(S_MALLOC, NULL)) {
        errno = S_errno;
        return NULL;
    }
    return __libc_realloc(p, n);
}
