/* Progress for the commands: where the file is, opening it, the clock and the scheduler. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "paths.h"
#include "snapshot.h"
#include "vgrev/buf.h"

/* Set by main from `vgrev --progress FILE COMMAND`; NULL for the default file. */
static const char *S_progress_override;

void cli_set_progress(const char *path)
{
    S_progress_override = path;
}

char *cli_progress_path(void)
{
    if (S_progress_override)
        return strdup(S_progress_override);
    return paths_join(paths_data_dir(), "progress.yaml");
}

/* The default file's folder, made for a writer (the lock and the journal go there). */
static vg_status S_data_dir(vg_error *err)
{
    if (S_progress_override)
        return VG_OK;
    char *dir = paths_data_dir();
    vg_status st = dir ? paths_mkdirs(dir, err) : vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    free(dir);
    return st;
}

vg_status cli_progress_lock(const char *who, vg_store **store, vg_error *err)
{
    bool current = false;
    vg_status st = S_data_dir(err);
    if (st == VG_OK)
        st = vg_store_lock_in_place(*store, who, &current, err);
    if (st != VG_OK || current)
        return st;
    return cli_progress_open_quiet(true, who, store, err);
}

/* image: make the start-up cache's image when there is no current one. */
static vg_status S_open_quiet(bool write, bool image, const char *who, vg_store **out,
                              vg_error *err)
{
    *out = NULL;
    char *path = cli_progress_path();
    if (!path)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    vg_status st = write ? S_data_dir(err) : VG_OK;
    if (st == VG_OK) {
        vg_store_opts o = {.write = write, .who = who, .journal_limit = 0};
        o.cache_dir = paths_cache_dir(&o.cache_min);
#ifdef __linux__
        /* Background snapshots by a new process (/proc/self/exe), not a fork: no pause. */
        o.spawn = cli_snapshot_spawn;
        /* The next start maps the new snapshot's image, made meanwhile by another process. */
        o.saved = cli_image_spawn;
#endif
        o.cache_no_write = !image;
        st = vg_store_open(path, &o, out, err);
    }
    free(path);
    return st;
}

vg_status cli_progress_open_quiet(bool write, const char *who, vg_store **out, vg_error *err)
{
    return S_open_quiet(write, true, who, out, err);
}

vg_status cli_progress_settle(vg_store *s, const vg_sched *sched, vg_error *err)
{
    char tag[40];
    vg_session_sched_tag(sched, tag);
    /* States cached by this scheduler hold for the logs the merge left alone (the session
     * trusts them the same way): only the others are replayed. */
    bool same = strcmp(vg_store_scheduler(s), tag) == 0;
    vg_store_replay(s, sched, !same);
    if (vg_store_set_scheduler(s, tag) != VG_OK)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    return vg_store_save(s, err);
}

/* "vgrev: " and the message, sanitized (it names files), on stderr. */
__attribute__((format(printf, 1, 2))) static void S_notice(const char *fmt, ...)
{
    char msg[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fputs("vgrev: ", stderr);
    cli_puts_clean(stderr, msg);
    fputc('\n', stderr);
}

/* Is name a sync tool's conflict copy of the progress file base + ext ("progress", ".yaml")?
 * Syncthing: progress.sync-conflict-20260301-101500-ABCDEF7.yaml; Dropbox: progress (Ana's
 * conflicted copy 2026-03-01).yaml. */
static bool S_conflict_copy(const char *name, const char *base, size_t nbase, const char *ext)
{
    size_t n = strlen(name), next = strlen(ext);
    if (n <= nbase + next || strncmp(name, base, nbase) != 0 || strcmp(name + n - next, ext) != 0)
        return false;
    const char *rest = name + nbase;
    if (!strncmp(rest, ".sync-conflict-", 15))
        return true;
    return !strncmp(rest, " (", 2) && name[n - next - 1] == ')' &&
           (strstr(rest, "conflicted copy") || strstr(rest, "Case Conflict"));
}

/* Merges the sync tools' conflict copies beside the progress file into s (opened for writing),
 * saves, then renames each to NAME.merged with a notice (a failed save renames none: the next
 * start merges them again). A copy that does not load is left alone, with a warning. */
static void S_merge_conflict_copies(vg_store *s, const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, (size_t)(slash - path) + 1) : strdup("./");
    const char *file = slash ? slash + 1 : path;
    const char *dot = strrchr(file, '.');
    size_t nbase = dot && dot != file ? (size_t)(dot - file) : strlen(file);
    const char *ext = dot && dot != file ? dot : "";
    DIR *d = dir ? opendir(dir) : NULL;
    struct dirent *e;
    vg_error err;
    vg_error_clear(&err);
    vg_buf merged = VG_BUF_INIT; /* "NAME\0REVIEWS\0" for each copy merged */
    while (d && (e = readdir(d))) {
        if (!S_conflict_copy(e->d_name, file, nbase, ext))
            continue;
        vg_buf from = VG_BUF_INIT;
        vg_buf_printf(&from, "%s%s", dir, e->d_name);
        vg_store_opts ro = {.write = false, .who = NULL, .journal_limit = 0};
        vg_store *other = NULL;
        size_t added = 0;
        if (vg_store_open(vg_buf_str(&from), &ro, &other, &err) != VG_OK ||
            vg_store_merge(s, other, &added, &err) != VG_OK) {
            char msg[VG_ERROR_FILE_MAX + VG_ERROR_MSG_MAX + 32];
            vg_error_format(&err, msg, sizeof msg);
            S_notice("warning: a sync tool's conflict copy, not merged: %s", msg);
        } else {
            vg_buf_printf(&merged, "%s%c%zu%c", vg_buf_str(&from), 0, added, 0);
        }
        vg_error_clear(&err);
        vg_store_free(other);
        vg_buf_release(&from);
    }
    if (d)
        closedir(d);
    free(dir);
    vg_sched sched;
    if (merged.len &&
        (cli_sched(&sched, &err) != VG_OK || cli_progress_settle(s, &sched, &err) != VG_OK)) {
        cli_fail(&err);
        merged.len = 0;
    }
    for (const char *p = merged.data; p && p < merged.data + merged.len;) {
        const char *count = p + strlen(p) + 1;
        vg_buf to = VG_BUF_INIT;
        vg_buf_printf(&to, "%s.merged", p);
        if (rename(p, vg_buf_str(&to)) != 0)
            S_notice("warning: %s: merged, but cannot rename it: %s", p, strerror(errno));
        else
            S_notice("merged %s review%s from %s, a sync tool's conflict copy; renamed to %s",
                     count, strcmp(count, "1") ? "s" : "", p, vg_buf_str(&to));
        vg_buf_release(&to);
        p = count + strlen(count) + 1;
    }
    vg_buf_release(&merged);
}

static vg_status S_open(bool write, bool image, const char *who, vg_store **out, vg_error *err)
{
    vg_status st = S_open_quiet(write, image, who, out, err);
    if (st != VG_OK)
        return st;
    size_t n;
    const vg_error *w = vg_store_warnings(*out, &n);
    cli_warn(w, n);
    if (write)
        S_merge_conflict_copies(*out, vg_store_path(*out));
    return VG_OK;
}

vg_status cli_progress_open(bool write, const char *who, vg_store **out, vg_error *err)
{
    return S_open(write, true, who, out, err);
}

vg_status cli_progress_open_to_rewrite(const char *who, vg_store **out, vg_error *err)
{
    return S_open(true, false, who, out, err);
}

vg_status cli_sched(vg_sched *out, vg_error *err)
{
    vg_sched_params p;
    vg_status st = cli_sched_params(&p, err);
    return st != VG_OK ? st : vg_sched_init(out, &p, err);
}

vg_status cli_reading_open(cli_reading *r, vg_error *err)
{
    r->store = NULL;
    r->deck = NULL;
    vg_status st = cli_now(&r->now, err);
    if (st == VG_OK)
        st = cli_sched(&r->sched, err);
    if (st == VG_OK)
        st = cli_progress_open(false, NULL, &r->store, err);
    return st;
}

vg_status cli_reading_deck(cli_reading *r, const char *spec, vg_error *err)
{
    vg_deck *deck = NULL;
    vg_status st = cli_deck_open(spec, &deck, err);
    if (st == VG_OK)
        st = cli_reading_open(r, err);
    else
        r->store = NULL;
    r->deck = deck;
    return st;
}

void cli_reading_release(cli_reading *r)
{
    vg_store_free(r->store);
    vg_deck_free(r->deck);
    r->store = NULL;
    r->deck = NULL;
}

char *cli_deck_name(const char *spec)
{
    if (!spec)
        return strdup(PATHS_BUILTIN_NAME);
    const char *base = strrchr(spec, '/');
    base = base ? base + 1 : spec;
    size_t n = strlen(base);
    if (n > 3 && strcmp(base + n - 3, ".md") == 0)
        n -= 3;
    if (n == 0)
        return strdup(spec);
    char *name = malloc(n + 1);
    if (name) {
        memcpy(name, base, n);
        name[n] = '\0';
    }
    return name;
}

bool cli_deck_exists(const char *name, void *ctx)
{
    (void)ctx;
    if (strcmp(name, PATHS_BUILTIN_NAME) == 0)
        return true;
    /* A name that could not be a deck file's (a path, a hidden name) is no deck here. */
    if (!*name || name[0] == '.' || strchr(name, '/'))
        return false;
    char *path = paths_deck(name);
    struct stat sb;
    bool found = path && stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
    free(path);
    return found;
}

vg_status cli_session_open(const vg_deck *deck, const char *spec, vg_store *store,
                           const vg_sched *sched, vg_time now, vg_session **out, vg_error *err)
{
    return cli_session_open_for(deck, spec, store, sched, now, false, out, err);
}

vg_status cli_session_open_for(const vg_deck *deck, const char *spec, vg_store *store,
                               const vg_sched *sched, vg_time now, bool no_queue, vg_session **out,
                               vg_error *err)
{
    char *name = cli_deck_name(spec);
    if (!name)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    vg_session_deck d = {deck, name};
    vg_session_opts o;
    vg_status st = cli_session_opts(&o, now, err);
    o.no_queue = no_queue;
    if (st == VG_OK)
        st = vg_session_open(&d, 1, store, sched, &o, out, err);
    free(name);
    return st;
}
