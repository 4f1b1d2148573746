/* Opening, loading and saving a progress file with its journal and lock. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "base/image.h"
#include "store/store_int.h"
#include "vgrev/file.h"

/* Reads a whole file. A missing file sets *missing and is not an error. */
static vg_status S_read_file(const char *path, char **data, size_t *len, bool *missing,
                             vg_error *err)
{
    *data = NULL;
    *len = 0;
    *missing = false;
    vg_buf b = VG_BUF_INIT;
    vg_file_step step = vg_file_read(&b, path, 0, VG_FILE_REGULAR, NULL);
    if (step != VG_FILE_DONE) {
        int e = errno;
        vg_buf_release(&b);
        if (step == VG_FILE_OPEN && e == ENOENT) {
            *missing = true;
            return VG_OK;
        }
        if (e == ENOMEM)
            return vg_error_set(err, VG_NOMEM, path, 0, 0, NULL);
        if (step == VG_FILE_OPEN)
            return vg_error_set(err, VG_IO, path, 0, 0, "cannot open: %s", strerror(e));
        if (e == EISDIR)
            return vg_error_set(err, VG_IO, path, 0, 0, "is a folder, not a progress file");
        if (e == EINVAL)
            return vg_error_set(err, VG_IO, path, 0, 0,
                                "not a regular file (%s): progress is read from a file only",
                                vg_file_kind(path));
        return vg_error_set(err, VG_IO, path, 0, 0, "cannot read: %s", strerror(e));
    }
    *len = b.len;
    *data = vg_buf_detach(&b);
    return *data ? VG_OK : vg_error_set(err, VG_NOMEM, path, 0, 0, NULL);
}

vg_status vg_store_parse(vg_store *s, const char *data, size_t len, const char *name,
                         unsigned flags, vg_error *err)
{
    locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = c_locale ? uselocale(c_locale) : (locale_t)0;
    vg_status st = VG_OK;
    int fast = 0;
    if (!(flags & VG_STORE_PARSE_SLOW))
        fast = vg_store_parse_fast(s, data, len);
    if (fast < 0)
        st = vg_error_set(err, VG_NOMEM, name, 0, 0, NULL);
    else if (fast == 0 && (flags & VG_STORE_PARSE_FAST))
        st = vg_error_set(err, VG_PARSE, name, 0, 0, "not in the canonical layout");
    else if (fast == 0 && (st = vg_store_parse_yaml(s, data, len, name, err)) != VG_OK)
        vg_store_reset(s);
    s->changed = false; /* what was read is the snapshot: nothing to write yet */
    if (c_locale) {
        uselocale(old);
        freelocale(c_locale);
    }
    return st;
}

vg_status vg_store_parse_journal(vg_store *s, const char *data, size_t len, const char *name,
                                 vg_error *err)
{
    vg_journal_info info;
    return vg_store_journal_load(s, data, len, name, &info, err);
}

static char *S_concat(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 1;
    char *c = malloc(n);
    if (c)
        snprintf(c, n, "%s%s", a, b);
    return c;
}

/* The file a symlinked progress file points at (through every link; a dangling one names the
 * file to create), so that saves write through to it: the temporary file, the journal and the
 * lock go beside the target, and the link stays a link. NULL when out of memory; a copy of
 * path when it is no link or a link cannot be read (the open then reports what is wrong). */
static char *S_resolve(const char *path)
{
    char *cur = S_concat(path, "");
    for (int hops = 0; cur && hops < 40; hops++) {
        struct stat sb;
        if (lstat(cur, &sb) != 0 || !S_ISLNK(sb.st_mode))
            break;
        size_t cap = sb.st_size > 0 ? (size_t)sb.st_size + 1 : 4096;
        char *link = malloc(cap);
        if (!link)
            break;
        ssize_t n = readlink(cur, link, cap);
        if (n <= 0 || (size_t)n >= cap) {
            free(link);
            break;
        }
        link[n] = '\0';
        const char *slash = strrchr(cur, '/');
        char *next;
        if (link[0] == '/' || !slash) {
            next = link;
        } else {
            size_t dlen = (size_t)(slash - cur) + 1;
            next = malloc(dlen + (size_t)n + 1);
            if (next) {
                memcpy(next, cur, dlen);
                memcpy(next + dlen, link, (size_t)n + 1);
            }
            free(link);
        }
        if (!next)
            break;
        free(cur);
        cur = next;
    }
    /* A magic link (/dev/fd/N to "pipe:[...]") names nothing to write beside: the kernel
     * reaches a file the text does not. */
    struct stat sb;
    if (cur && stat(path, &sb) == 0 && lstat(cur, &sb) != 0) {
        free(cur);
        cur = S_concat(path, "");
    }
    return cur;
}

/* A journal beside the link itself (an older vgrev, which did not follow links, was stopped
 * before its first save): read it, and a writer moves it beside the target, so no answer it
 * holds is left behind. */
static vg_status S_link_journal(vg_store *s, const char *link, bool write, char **data, size_t *len,
                                bool *missing, vg_error *err)
{
    char *old = S_concat(link, ".journal");
    if (!old)
        return vg_error_set(err, VG_NOMEM, link, 0, 0, NULL);
    vg_status st = S_read_file(old, data, len, missing, err);
    if (st == VG_OK && !*missing && write && rename(old, s->journal_path) != 0)
        st = vg_error_set(err, VG_IO, old, 0, 0, "cannot move the journal beside %s: %s", s->path,
                          strerror(errno));
    free(old);
    return st;
}

static vg_file_stamp S_stamp(const char *path)
{
    vg_file_stamp st;
    memset(&st, 0, sizeof st);
    struct stat sb;
    if (stat(path, &sb) == 0) {
        st.dev = (unsigned long long)sb.st_dev;
        st.ino = (unsigned long long)sb.st_ino;
        st.size = (unsigned long long)sb.st_size;
        st.mtime_s = (long long)sb.st_mtim.tv_sec;
        st.mtime_ns = (long long)sb.st_mtim.tv_nsec;
        st.present = true;
    }
    return st;
}

/* Opens the journal for appending after a load that found it as s->journal_* say. */
static vg_status S_open_journal(vg_store *s, vg_error *err)
{
    s->journal_fd = open(s->journal_path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (s->journal_fd < 0)
        return vg_error_set(err, VG_IO, s->journal_path, 0, 0, "cannot open the journal: %s",
                            strerror(errno));
    const vg_journal_info *ji = &s->journal_info;
    if (ji->header && ji->gen >= s->generation && ji->first_gen <= s->generation) {
        /* Carry on with this journal, in its last segment (a checkpoint past the snapshot is
         * a background snapshot that never took its name: the lines stay where they are); a
         * torn last line goes, so appends start clean. */
        if (ji->keep < s->journal_len && ftruncate(s->journal_fd, (off_t)ji->keep) != 0)
            return vg_error_set(err, VG_IO, s->journal_path, 0, 0,
                                "cannot drop the incomplete last line: %s", strerror(errno));
        s->journal_bytes = ji->keep;
        s->journal_live = ji->live;
        s->generation = ji->gen;
        return VG_OK;
    }
    if (ji->header && ji->gen > s->generation) {
        /* A journal newer than its snapshot (an older file restored by hand): its changes are
         * in memory, fold them into a new snapshot now. */
        s->generation = ji->gen;
        return vg_store_save(s, err);
    }
    return vg_store_journal_reset(s, err);
}

/* The snapshot at path through the fast reader a chunk at a time, so memory never holds its
 * text whole; *done false: read it whole (it is missing, no regular file, or not in the
 * canonical layout: the whole text's readers report what is wrong). */
static vg_status S_snapshot_stream(vg_store *s, const char *path, bool *done, vg_error *err)
{
    *done = false;
    int fd;
    do
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return VG_OK;
    struct stat sb;
    int rc = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) ? vg_store_read_fast_fd(s, fd, NULL) : 0;
    int e = errno;
    close(fd);
    s->changed = false; /* what was read is the snapshot: nothing to write yet */
    *done = rc == 1;
    if (rc == -1)
        return vg_error_set(err, VG_NOMEM, path, 0, 0, NULL);
    if (rc == -2)
        return vg_error_set(err, VG_IO, path, 0, 0, "cannot read: %s", strerror(e));
    return VG_OK;
}

/* Loads the snapshot at path into the empty store s: from its image in the cache when there is
 * a current one, else by parsing (then an image is made for the next open). A missing file is
 * an empty store. */
static vg_status S_snapshot(vg_store *s, const char *path, const vg_store_opts *opts,
                            bool make_image, vg_error *err)
{
    char *image = opts->cache_dir ? vg_image_path(opts->cache_dir, "progress", path) : NULL;
    if (image && vg_store_image_load(s, image, path)) {
        free(image);
        return VG_OK;
    }
    vg_image_source src;
    bool stamped = image && !opts->cache_no_write && vg_image_source_stat(path, &src);
    /* No image to make (it hashes the whole text): read a chunk at a time. */
    bool done = false;
    vg_status st = stamped ? VG_OK : S_snapshot_stream(s, path, &done, err);
    if (st != VG_OK || done) {
        free(image);
        return st;
    }
    char *data = NULL;
    size_t len = 0;
    bool missing;
    st = S_read_file(path, &data, &len, &missing, err);
    if (st == VG_OK && !missing)
        st = vg_store_parse(s, data, len, path, 0, err);
    if (st == VG_OK && !missing && stamped && make_image && len >= opts->cache_min &&
        len == src.size) {
        src.hash = vg_image_hash(data, len);
        vg_store_image_write(s, image, &src);
    }
    free(data);
    free(image);
    return st;
}

vg_status vg_store_open(const char *path, const vg_store_opts *opts, vg_store **out, vg_error *err)
{
    *out = NULL;
    vg_store_opts none = {.write = false, .who = NULL, .journal_limit = 0};
    if (!opts)
        opts = &none;
    vg_store *s = vg_store_new();
    if (!s)
        return vg_error_set(err, VG_NOMEM, path, 0, 0, NULL);
    const char *given = path;
    s->path = S_resolve(path);
    if (s->path) {
        path = s->path;
        s->journal_path = S_concat(path, ".journal");
        s->lock_path = S_concat(path, ".lock");
    }
    if (opts->journal_limit)
        s->journal_limit = opts->journal_limit;
    if (opts->cache_dir) {
        s->saved = opts->saved;
        s->saved_min = opts->cache_min;
    }
    s->spawn = opts->spawn;
    char *jdata = NULL;
    size_t jlen = 0;
    bool jmissing;
    vg_status st = VG_OK;
    if (!s->path || !s->journal_path || !s->lock_path) {
        st = vg_error_set(err, VG_NOMEM, path, 0, 0, NULL);
        goto fail;
    }
    /* Lock first, so no other writer changes the files between our reading and writing. */
    if (opts->write && (st = vg_store_lock(s, opts->who, err)) != VG_OK)
        goto fail;
    /* Stamped before reading: a change in between makes the stamp stale, never the text. */
    s->snap_stamp = S_stamp(path);
    s->journal_stamp = S_stamp(s->journal_path);
    if ((st = S_snapshot(s, path, opts, true, err)) != VG_OK)
        goto fail;
    if ((st = S_read_file(s->journal_path, &jdata, &jlen, &jmissing, err)) != VG_OK)
        goto fail;
    if (jmissing && strcmp(given, path) != 0 &&
        (st = S_link_journal(s, given, opts->write, &jdata, &jlen, &jmissing, err)) != VG_OK)
        goto fail;
    s->link_journal = !jmissing && !s->journal_stamp.present;
    s->journal_len = jlen;
    if (!jmissing && (st = vg_store_journal_load(s, jdata, jlen, s->journal_path, &s->journal_info,
                                                 err)) != VG_OK)
        goto fail;
    if (opts->write && (st = S_open_journal(s, err)) != VG_OK)
        goto fail;
    free(jdata);
    *out = s;
    return VG_OK;
fail:
    free(jdata);
    vg_store_free(s);
    return st;
}

static void S_bg_stop(vg_store *s);

static bool S_same(const vg_file_stamp *a, const vg_file_stamp *b)
{
    return a->present == b->present && a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->mtime_s == b->mtime_s && a->mtime_ns == b->mtime_ns;
}

vg_status vg_store_lock_in_place(vg_store *s, const char *who, bool *current, vg_error *err)
{
    *current = false;
    if (s->journal_fd >= 0) {
        *current = true;
        return VG_OK;
    }
    if (!s->path)
        return vg_error_set(err, VG_USAGE, NULL, 0, 0, "progress in memory: no file to lock");
    vg_status st = vg_store_lock(s, who, err);
    if (st != VG_OK)
        return st;
    vg_file_stamp snap = S_stamp(s->path), journal = S_stamp(s->journal_path);
    if (s->link_journal || !S_same(&snap, &s->snap_stamp) || !S_same(&journal, &s->journal_stamp)) {
        vg_store_unlock(s); /* another vgrev wrote meanwhile: the caller reads the file again */
        return VG_OK;
    }
    if ((st = S_open_journal(s, err)) != VG_OK) {
        if (s->journal_fd >= 0)
            close(s->journal_fd);
        s->journal_fd = -1;
        vg_store_unlock(s);
        return st;
    }
    *current = true;
    return VG_OK;
}

void vg_store_free(vg_store *s)
{
    if (!s)
        return;
    S_bg_stop(s);
    if (s->journal_fd >= 0)
        close(s->journal_fd);
    vg_store_unlock(s);
    vg_store_release_index(s);
    free(s->decks);
    free(s->warnings);
    free(s->unnamed);
    free(s->scheduler);
    free(s->path);
    free(s->journal_path);
    free(s->lock_path);
    vg_arena_free(s->arena);
    free(s);
}

/* Saving failed: tell it once (vg_store_save_failing) and wait for the journal to double
 * before trying again. */
static void S_save_failed(vg_store *s)
{
    size_t live = s->journal_bytes - s->journal_live;
    size_t base = live > s->journal_limit ? live : s->journal_limit;
    s->save_failing = true;
    s->save_retry_bytes = base > SIZE_MAX / 2 ? SIZE_MAX : 2 * base;
}

static void S_save_done(vg_store *s)
{
    s->save_failing = false;
    s->save_retry_bytes = 0;
}

static bool S_named(const vg_record *r)
{
    return r->nreviews > 0 || r->suspended || r->buried_until != 0;
}

/* The records a snapshot of memory names: the first journal line about any other one says
 * what it is. */
static void S_mark_on_disk(vg_store *s)
{
    for (size_t i = 0; i < s->nrecs; i++) {
        vg_record *r = s->recs[i];
        bool named = S_named(r);
        /* Written only when it changes: most pages stay clean, fewer to copy after a fork. */
        /* cppcheck-suppress duplicateConditionalAssign */
        if (r->on_disk_ != named)
            r->on_disk_ = named;
    }
    s->nunnamed = 0;
    s->unnamed_lost = false;
}

void vg_store_note_unnamed(vg_store *s, vg_record *rec)
{
    if (!rec->on_disk_ || S_named(rec) || s->unnamed_lost)
        return;
    // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
    if (!VG_GROW(s->unnamed, s->capunnamed, s->nunnamed + 1)) {
        s->unnamed_lost = true;
        return;
    }
    s->unnamed[s->nunnamed++] = rec;
}

/* S_mark_on_disk for a snapshot written from the files, without a walk over every record (a
 * pause at a million): only a record a change left named by nothing can be on disk in the
 * journal's older segments and missing from the new snapshot. The others are as the files
 * say (the records a snapshot names are the ones on disk: a tagged card without reviews stays
 * on disk, and the new snapshot names it too). */
static void S_mark_unnamed(vg_store *s)
{
    if (s->unnamed_lost) {
        S_mark_on_disk(s);
        return;
    }
    for (size_t i = 0; i < s->nunnamed; i++) {
        vg_record *r = s->unnamed[i];
        if (r->on_disk_ && !S_named(r))
            r->on_disk_ = false;
    }
    s->nunnamed = 0;
}

vg_status vg_store_save(vg_store *s, vg_error *err)
{
    if (s->journal_fd < 0)
        return vg_error_set(err, VG_USAGE, s->path, 0, 0, "progress opened read-only");
    /* Memory holds more than a background snapshot would: this one replaces it. */
    S_bg_stop(s);
    uint64_t old = s->generation;
    s->generation++;
    bool in_place = false;
    vg_status st = vg_store_write_to(s, s->path, &in_place, err);
    if (!in_place) {
        s->generation = old;
        S_save_failed(s);
        return st;
    }
    /* The snapshot holds everything now. If emptying the journal fails, its begin line names
     * the old generation, so the next load skips it: nothing is applied twice. */
    S_mark_on_disk(s);
    /* The new file is in place even when the folder's fsync failed (st != VG_OK): the journal
     * must follow its generation, or the next load would skip every line appended from now on
     * as already absorbed. */
    vg_error jerr;
    vg_status jst = vg_store_journal_reset(s, st == VG_OK ? err : &jerr);
    if (st == VG_OK)
        st = jst;
    if (st != VG_OK) {
        S_save_failed(s);
        return st;
    }
    S_save_done(s);
    s->changed = false;
    struct stat sb;
    if (s->saved && stat(s->path, &sb) == 0 && (uint64_t)sb.st_size >= s->saved_min)
        s->saved(s->path);
    return VG_OK;
}

/* ---- snapshots written in the background ----
 *
 * The parent appends a checkpoint (a begin line of the next generation) to the journal and
 * forks; the child holds memory as it was at the checkpoint (copy-on-write), syncs the journal
 * (so the checkpoint is on disk before anything relies on it), writes the snapshot of that
 * generation beside the file, syncs it, renames it over the file and syncs the folder. The
 * parent goes on answering into the journal below the checkpoint. At every instant the files
 * load to the same records: before the rename, the old snapshot and every segment of the
 * journal; after it, the new snapshot and the segments from the checkpoint on (the older ones
 * are skipped by generation). The journal is emptied by the next synchronous save (the end of
 * the session). A parent that dies takes the child with it (Linux: PR_SET_PDEATHSIG), so no
 * snapshot lands after another vgrev took the lock. */

/* Waits for the child (hang: block; else only when it has ended). 1 when it ended (err set
 * when it failed, *ok otherwise), 0 when still running. */
static int S_bg_reap(vg_store *s, bool hang, bool *ok, vg_error *err)
{
    int ws = 0;
    pid_t r;
    while ((r = waitpid((pid_t)s->bg_pid, &ws, hang ? 0 : WNOHANG)) < 0 && errno == EINTR)
        ;
    if (r == 0)
        return 0;
    *ok = r > 0 && WIFEXITED(ws) && WEXITSTATUS(ws) == 0;
    if (!*ok) {
        vg_error child;
        ssize_t n = read(s->bg_fd, &child, sizeof child);
        if (n == (ssize_t)sizeof child) {
            if (err)
                *err = child;
        } else if (r < 0) {
            vg_error_set(err, VG_IO, s->path, 0, 0, "cannot wait for the snapshot writer: %s",
                         strerror(errno));
        } else {
            vg_error_set(err, VG_IO, s->path, 0, 0, "the snapshot writer stopped (status %d)", ws);
        }
    }
    close(s->bg_fd);
    s->bg_fd = -1;
    s->bg_pid = 0;
    return 1;
}

static void S_bg_stop(vg_store *s)
{
    if (s->bg_pid <= 0)
        return;
    kill((pid_t)s->bg_pid, SIGKILL);
    bool ok;
    S_bg_reap(s, true, &ok, NULL);
}

/* The child: never returns. */
static void S_bg_child(vg_store *s, pid_t parent, int fd)
{
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
    if (getppid() != parent)
        _exit(3);
    /* The terminal's keys are the parent's. */
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGTSTP, SIG_IGN);
    vg_error err;
    vg_error_clear(&err);
    vg_status st = VG_OK;
    bool in_place = false;
    if (fdatasync(s->journal_fd) != 0)
        st = vg_error_set(&err, VG_IO, s->journal_path, 0, 0, "cannot sync the journal: %s",
                          strerror(errno));
    else
        st = vg_store_write_to(s, s->path, &in_place, &err);
    if (st == VG_OK)
        _exit(0);
    if (!vg_write_full(fd, &err, sizeof err)) {
        /* The parent reports the exit status instead. */
    }
    _exit(in_place ? 2 : 1);
}

/* Starts the writer through the caller's spawn function, the pipe's write end given to it:
 * true when it runs. */
static bool S_bg_spawn(vg_store *s, size_t checkpoint, int fd)
{
    /* The others (an editor the parent runs) must not hold the pipe open. */
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    long pid = s->spawn(s->path, (uint64_t)checkpoint, s->generation, fd);
    if (pid <= 0)
        return false;
    s->bg_pid = pid;
    return true;
}

vg_status vg_store_save_background(vg_store *s, vg_error *err)
{
    if (s->journal_fd < 0)
        return vg_error_set(err, VG_USAGE, s->path, 0, 0, "progress opened read-only");
    if (s->bg_pid > 0)
        return VG_OK;
    vg_status st;
    if (s->journal_stale && (st = vg_store_journal_reset(s, err)) != VG_OK) {
        S_save_failed(s);
        return st;
    }
    int p[2];
    if (pipe(p) != 0) {
        S_save_failed(s);
        return vg_error_set(err, VG_IO, s->path, 0, 0, "cannot start the snapshot writer: %s",
                            strerror(errno));
    }
    /* The read end stays out of programs the parent runs (an editor). */
    (void)fcntl(p[0], F_SETFD, FD_CLOEXEC);
    /* The checkpoint first: the child's memory is everything above it. */
    if ((st = vg_store_journal_checkpoint(s, s->generation + 1, err)) != VG_OK) {
        close(p[0]);
        close(p[1]);
        S_save_failed(s);
        return st;
    }
    s->generation++;
    /* Once that snapshot is in place, the lines above the checkpoint are skipped: the next
     * line about a record it does not name must say what the record is. */
    if (s->spawn) {
        S_mark_unnamed(s);
        if (S_bg_spawn(s, s->journal_live, p[1])) {
            close(p[1]);
            s->bg_fd = p[0];
            return VG_OK;
        }
        /* It could not start: a fork does the same work from memory. */
    }
    /* Before the fork: after it, every page written would be copied. */
    S_mark_on_disk(s);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        S_bg_child(s, parent, p[1]);
    }
    close(p[1]);
    if (pid < 0) {
        /* The checkpoint stays: a segment like any other, whatever snapshot comes next. */
        int e = errno;
        close(p[0]);
        S_save_failed(s);
        return vg_error_set(err, VG_IO, s->path, 0, 0, "cannot start the snapshot writer: %s",
                            strerror(e));
    }
    s->bg_pid = (long)pid;
    s->bg_fd = p[0];
    return VG_OK;
}

bool vg_store_spawns(const vg_store *s)
{
    return s->spawn != NULL;
}

/* Whether process holder holds the lock at lock_path (a write lock of fcntl, as store/lock.c
 * takes it). */
static bool S_lock_held_by(const char *lock_path, long holder)
{
    int fd = open(lock_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct flock q;
    memset(&q, 0, sizeof q);
    q.l_type = F_WRLCK;
    q.l_whence = SEEK_SET;
    bool held = fcntl(fd, F_GETLK, &q) == 0 && q.l_type != F_UNLCK && (long)q.l_pid == holder;
    close(fd);
    return held;
}

vg_status vg_store_compact_upto(const char *path, uint64_t offset, uint64_t gen, long holder,
                                const vg_store_opts *opts, bool *in_place, vg_error *err)
{
    if (in_place)
        *in_place = false;
    vg_store_opts none = {.write = false, .who = NULL, .journal_limit = 0};
    if (!opts)
        opts = &none;
    vg_store *s = vg_store_new();
    if (!s)
        return vg_error_set(err, VG_NOMEM, path, 0, 0, NULL);
    s->path = S_concat(path, "");
    s->journal_path = S_concat(path, ".journal");
    s->lock_path = S_concat(path, ".lock");
    char *jdata = NULL;
    size_t jlen = 0;
    bool jmissing = true;
    int jfd = -1;
    vg_status st = VG_OK;
    if (!s->path || !s->journal_path || !s->lock_path) {
        st = vg_error_set(err, VG_NOMEM, path, 0, 0, NULL);
        goto done;
    }
    /* The session that appended the checkpoint holds the lock until it has reaped this
     * writer: without it, another vgrev may be writing these files. */
    if (holder <= 0 || !S_lock_held_by(s->lock_path, holder)) {
        st = vg_error_set(err, VG_USAGE, path, 0, 0,
                          "not locked by process %ld: no snapshot written", holder);
        goto done;
    }
    if ((st = S_snapshot(s, path, opts, false, err)) != VG_OK)
        goto done;
    /* Opened first, read next: the sync below covers what was read. */
    jfd = open(s->journal_path, O_RDONLY | O_CLOEXEC);
    if (jfd < 0) {
        st = vg_error_set(err, VG_IO, s->journal_path, 0, 0, "cannot open the journal: %s",
                          strerror(errno));
        goto done;
    }
    if ((st = S_read_file(s->journal_path, &jdata, &jlen, &jmissing, err)) != VG_OK)
        goto done;
    /* The lines above the checkpoint, and the checkpoint itself: it must be the begin line
     * of gen, the last line read. */
    const char *nl =
        !jmissing && offset < jlen ? memchr(jdata + offset, '\n', jlen - offset) : NULL;
    vg_journal_info info;
    if (nl) {
        size_t end = (size_t)(nl - jdata) + 1;
        st = vg_store_journal_load(s, jdata, end, s->journal_path, &info, err);
        if (st != VG_OK)
            goto done;
        if (!info.header || info.gen != gen || info.live != offset || info.keep != end)
            nl = NULL;
    }
    if (!nl || gen <= s->generation) {
        st = vg_error_set(err, VG_USAGE, s->journal_path, 0, 0,
                          "no checkpoint of generation %llu at byte %llu: no snapshot written",
                          (unsigned long long)gen, (unsigned long long)offset);
        goto done;
    }
    /* The checkpoint on disk before anything relies on it. */
    if (fdatasync(jfd) != 0) {
        st = vg_error_set(err, VG_IO, s->journal_path, 0, 0, "cannot sync the journal: %s",
                          strerror(errno));
        goto done;
    }
    s->generation = gen;
    st = vg_store_write_to(s, s->path, in_place, err);
done:
    if (jfd >= 0)
        close(jfd);
    free(jdata);
    vg_store_free(s);
    return st;
}

vg_status vg_store_save_poll(vg_store *s, vg_error *err)
{
    if (s->bg_pid <= 0)
        return VG_OK;
    bool ok = false;
    vg_error e;
    vg_error_clear(&e);
    if (S_bg_reap(s, false, &ok, &e) == 0)
        return VG_OK;
    if (ok) {
        S_save_done(s);
        return VG_OK;
    }
    S_save_failed(s);
    if (err)
        *err = e;
    return e.status != VG_OK ? e.status : VG_IO;
}

bool vg_store_saving(const vg_store *s)
{
    return s->bg_pid > 0;
}

/* The journal's live segment has passed limit, and a save is worth trying. */
static bool S_due(const vg_store *s, size_t limit)
{
    size_t live = s->journal_bytes - s->journal_live;
    return s->journal_fd >= 0 && s->bg_pid <= 0 && live > limit && live >= s->save_retry_bytes;
}

bool vg_store_wants_save(const vg_store *s)
{
    return S_due(s, s->journal_limit);
}

bool vg_store_journal_full(const vg_store *s)
{
    size_t cap = s->journal_limit > SIZE_MAX / VG_STORE_JOURNAL_CAP
                     ? SIZE_MAX
                     : s->journal_limit * VG_STORE_JOURNAL_CAP;
    return S_due(s, cap);
}

bool vg_store_save_failing(const vg_store *s)
{
    return s->save_failing;
}
