/* The one-writer lock: an fcntl write lock on P.lock, held while a store is open for writing.
 * The file says "PID COMMAND" so a refused second writer can name the holder (the lock's own
 * owner pid, from F_GETLK, is preferred when the system gives it). The file is never removed:
 * removing it would let two processes lock two different files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store_int.h"

/* "COMMAND" for pid: the lock file's word when it names that pid, else /proc/PID/comm. */
static void S_holder_name(int fd, long pid, char *out, size_t size)
{
    out[0] = '\0';
    char buf[256];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n > 0) {
        buf[n] = '\0';
        char *end;
        long fpid = strtol(buf, &end, 10);
        if (end != buf && *end == ' ' && (pid <= 0 || fpid == pid)) {
            char *nl = strchr(end + 1, '\n');
            if (nl)
                *nl = '\0';
            snprintf(out, size, "%s", end + 1);
            return;
        }
    }
    if (pid <= 0)
        return;
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/comm", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    if (fgets(out, (int)size, f)) {
        char *nl = strchr(out, '\n');
        if (nl)
            *nl = '\0';
    }
    fclose(f);
}

vg_status vg_store_lock(vg_store *s, const char *who, vg_error *err)
{
    /* O_NONBLOCK: a FIFO in the lock file's place must be refused, not waited on. */
    int fd = open(s->lock_path, O_RDWR | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0666);
    if (fd < 0)
        return vg_error_set(err, VG_IO, s->lock_path, 0, 0, "cannot open the lock file: %s",
                            strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return vg_error_set(err, VG_IO, s->lock_path, 0, 0,
                            "not a regular file: the lock file must be one");
    }
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(fd, F_SETLK, &fl) != 0) {
        int e = errno;
        if (e != EACCES && e != EAGAIN) {
            close(fd);
            return vg_error_set(err, VG_IO, s->lock_path, 0, 0, "cannot lock: %s", strerror(e));
        }
        struct flock q;
        memset(&q, 0, sizeof q);
        q.l_type = F_WRLCK;
        q.l_whence = SEEK_SET;
        long pid = 0;
        if (fcntl(fd, F_GETLK, &q) == 0 && q.l_type != F_UNLCK)
            pid = (long)q.l_pid;
        char name[128];
        S_holder_name(fd, pid, name, sizeof name);
        if (pid <= 0) {
            char buf[32] = "";
            ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
            pid = n > 0 ? strtol(buf, NULL, 10) : 0;
        }
        close(fd);
        char holder[192];
        if (pid > 0 && name[0])
            snprintf(holder, sizeof holder, "pid %ld, %s", pid, name);
        else if (pid > 0)
            snprintf(holder, sizeof holder, "pid %ld", pid);
        else
            snprintf(holder, sizeof holder, "another process");
        return vg_error_set(err, VG_LOCKED, s->path, 0, 0,
                            "in use by another vgrev (%s); one vgrev at a time can change "
                            "progress: finish that one first",
                            holder);
    }
    char line[256];
    int n = snprintf(line, sizeof line, "%ld %s\n", (long)getpid(), who && *who ? who : "vgrev");
    if (n < 0 || (size_t)n >= sizeof line)
        n = (int)strlen(line);
    /* The name is a courtesy for error messages: failing to write it is not an error. */
    if (ftruncate(fd, 0) == 0 && pwrite(fd, line, (size_t)n, 0) < 0) {
    }
    s->lock_fd = fd;
    return VG_OK;
}

void vg_store_unlock(vg_store *s)
{
    if (s->lock_fd >= 0)
        close(s->lock_fd);
    s->lock_fd = -1;
}
