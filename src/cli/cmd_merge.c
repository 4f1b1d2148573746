/* vgrev merge OTHER.yaml: fold another machine's progress into this one; with --git-driver,
 * git's merge driver for progress.yaml (docs/syncing.md). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "options.h"

static const char S_about[] =
    "Folds the progress file OTHER.yaml (from another machine) into this one: for each\n"
    "card, the union of the two review logs (a review in both, same time and rating,\n"
    "counts once), then the state of every card whose log changed is recomputed from\n"
    "the log and the result is written atomically. Merging in either order gives the same result; "
    "merging twice\n"
    "changes nothing. OTHER.yaml is only read.\n"
    "\n"
    "With --git-driver the three operands are git's %O %A %B (the common ancestor, ours,\n"
    "theirs): the union of ours and theirs, less the reviews the ancestor has that one side\n"
    "undid, is written to %A, and the exit status is 0. 'vgrev init-git' sets it up.\n";

typedef struct merge_opts {
    bool git_driver;
} merge_opts;

/* Opens a progress file read-only, printing its warnings. stat first: a missing file is an
 * error here (vg_store_open would take it for empty progress), and opening a FIFO would wait
 * for a writer. */
static vg_status S_open_other(const char *path, vg_store **out, vg_error *err)
{
    struct stat probe;
    if (stat(path, &probe) != 0)
        return vg_error_set(err, VG_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    vg_store_opts ro = {.write = false, .who = NULL, .journal_limit = 0};
    vg_status st = vg_store_open(path, &ro, out, err);
    if (st == VG_OK) {
        size_t nw;
        const vg_error *w = vg_store_warnings(*out, &nw);
        cli_warn(w, nw);
    }
    return st;
}

/* Drops from merged the reviews that base has and side lacks: side undid them. */
static vg_status S_drop_undone(vg_store *merged, const vg_store *base, const vg_store *side,
                               vg_error *err)
{
    for (size_t i = 0; i < vg_store_count(base); i++) {
        const vg_record *o = vg_store_at(base, i);
        const vg_record *s = vg_store_find(side, o->deck, o->id);
        vg_record *m = vg_store_find(merged, o->deck, o->id);
        for (size_t k = 0; s && m && k < o->nreviews; k++) {
            bool kept = false;
            for (size_t j = 0; j < s->nreviews && !kept; j++)
                kept = s->reviews[j].t == o->reviews[k].t &&
                       s->reviews[j].rating == o->reviews[k].rating;
            if (kept)
                continue;
            vg_status st =
                vg_store_undo(merged, m, o->reviews[k].t, o->reviews[k].rating, NULL, err);
            if (st != VG_OK && st != VG_NOT_FOUND) /* both sides undid it */
                return st;
            vg_error_clear(err);
        }
    }
    return VG_OK;
}

/* git's merge driver: ancestor, ours (the result goes there) and theirs. */
static int S_git_driver(const vg_sched *sched, char **argv)
{
    vg_error err;
    vg_error_clear(&err);
    vg_store *side[3] = {NULL, NULL, NULL};
    vg_store *merged = vg_store_new();
    char tag[40];
    vg_session_sched_tag(sched, tag);
    /* Tagged before the merges: a side's states cached by this scheduler are taken as they
     * are, and only the records whose log changed are replayed. */
    vg_status st = merged && vg_store_set_scheduler(merged, tag) == VG_OK
                       ? VG_OK
                       : vg_error_set(&err, VG_NOMEM, NULL, 0, 0, NULL);
    for (int i = 0; i < 3 && st == VG_OK; i++)
        st = S_open_other(argv[i], &side[i], &err);
    if (st == VG_OK)
        st = vg_store_merge(merged, side[1], NULL, &err);
    if (st == VG_OK)
        st = vg_store_merge(merged, side[2], NULL, &err);
    if (st == VG_OK)
        st = S_drop_undone(merged, side[0], side[1], &err);
    if (st == VG_OK)
        st = S_drop_undone(merged, side[0], side[2], &err);
    if (st == VG_OK) {
        vg_store_replay(merged, sched, false);
        st = vg_store_write(merged, argv[1], &err);
    }
    for (int i = 0; i < 3; i++)
        vg_store_free(side[i]);
    vg_store_free(merged);
    return st == VG_OK ? CLI_OK : cli_fail(&err);
}

static int S_run(const void *opts, int argc, char **argv)
{
    bool driver = ((const merge_opts *)opts)->git_driver;
    if (driver && argc != 3)
        return cli_usage_error("merge", "--git-driver takes three files: %%O %%A %%B");
    if (!driver && argc != 1)
        return cli_usage_error("merge", "one file at a time ('%s' is extra)", argv[1]);

    vg_error err;
    vg_error_clear(&err);
    vg_sched sched;
    if (cli_sched(&sched, &err) != VG_OK)
        return cli_fail(&err);
    if (driver)
        return S_git_driver(&sched, argv);
    const char *other_path = argv[0];
    struct stat probe;
    if (stat(other_path, &probe) != 0 || !S_ISREG(probe.st_mode)) {
        /* Refused before ours is opened, not even locked: the read-only open says why. */
        vg_store *refused = NULL;
        vg_status st = S_open_other(other_path, &refused, &err);
        vg_store_free(refused);
        if (st != VG_OK)
            return cli_fail(&err);
    }
    /* The other file is merged as it is read, a card at a time (vg_store_merge_file): ours is
     * opened first, and is not saved if the other turns out bad. */
    vg_store *mine = NULL;
    int status = CLI_OK;
    size_t added = 0;
    vg_status st = cli_progress_open_to_rewrite("vgrev merge", &mine, &err);
    if (st == VG_OK) {
        size_t seen, nw;
        vg_store_warnings(mine, &seen);
        st = vg_store_merge_file(mine, other_path, &added, &err);
        const vg_error *w = vg_store_warnings(mine, &nw);
        if (nw > seen)
            cli_warn(w + seen, nw - seen); /* the other file's */
    }
    if (st != VG_OK || cli_progress_settle(mine, &sched, &err) != VG_OK) {
        status = cli_fail(&err);
    } else {
        printf("merged %zu review%s from ", added, added == 1 ? "" : "s");
        cli_puts_clean(stdout, other_path);
        printf(" (%zu card%s with progress)\n", vg_store_count(mine),
               vg_store_count(mine) == 1 ? "" : "s");
    }
    vg_store_free(mine);
    return status;
}

static const merge_opts S_defaults = {.git_driver = false};

static const cli_opt S_opts[] = {
    CLI_FLAG("git-driver", merge_opts, git_driver,
             "run as git's merge driver: the operands are %O %A %B, the result goes to %A"),
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_END,
};

CLI_COMMAND(merge, merge_opts, "OTHER.yaml [OURS] [THEIRS]", "file",
            "fold another machine's progress file into this one");
