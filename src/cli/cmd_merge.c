/* vgrev merge OTHER.yaml: fold another machine's progress into this one. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "options.h"

static const char S_about[] =
    "Folds the progress file OTHER.yaml (from another machine) into this one: for each\n"
    "card, the union of the two review logs (a review in both, same time and rating,\n"
    "counts once), then every state is recomputed from the logs and the result is\n"
    "written atomically. Merging in either order gives the same result; merging twice\n"
    "changes nothing. OTHER.yaml is only read.\n";

static int S_run(const void *opts, int argc, char **argv)
{
    (void)opts;
    (void)argc;
    const char *other_path = argv[0];

    vg_error err;
    vg_error_clear(&err);
    vg_sched sched;
    if (cli_sched(&sched, &err) != VG_OK)
        return cli_fail(&err);
    /* The other file first: if it is bad, nothing here is touched, not even locked. A missing
     * file is an error here (vg_store_open would take it for empty progress). */
    /* stat, not open: opening a FIFO would wait for a writer (the store refuses it). */
    struct stat probe;
    if (stat(other_path, &probe) != 0) {
        vg_error_set(&err, VG_IO, other_path, 0, 0, "cannot open: %s", strerror(errno));
        return cli_fail(&err);
    }
    vg_store_opts ro = {.write = false, .who = NULL, .journal_limit = 0};
    vg_store *other = NULL, *mine = NULL;
    if (vg_store_open(other_path, &ro, &other, &err) != VG_OK)
        return cli_fail(&err);
    size_t nw;
    const vg_error *w = vg_store_warnings(other, &nw);
    cli_warn(w, nw);
    int status = CLI_OK;
    size_t added = 0;
    char tag[40];
    vg_session_sched_tag(&sched, tag);
    if (cli_progress_open(true, "vgrev merge", &mine, &err) != VG_OK ||
        vg_store_merge(mine, other, &added, &err) != VG_OK) {
        status = cli_fail(&err);
    } else {
        /* Every state from the logs, by this machine's scheduler: the same on both sides. */
        vg_store_replay(mine, &sched, true);
        if (vg_store_set_scheduler(mine, tag) != VG_OK || vg_store_save(mine, &err) != VG_OK) {
            if (err.status == VG_OK)
                vg_error_set(&err, VG_NOMEM, NULL, 0, 0, NULL);
            status = cli_fail(&err);
        } else {
            printf("merged %zu review%s from ", added, added == 1 ? "" : "s");
            cli_puts_clean(stdout, other_path);
            printf(" (%zu card%s with progress)\n", vg_store_count(mine),
                   vg_store_count(mine) == 1 ? "" : "s");
        }
    }
    vg_store_free(mine);
    vg_store_free(other);
    return status;
}

static const cli_no_opts S_defaults = {.unused = false};

static const cli_opt S_opts[] = {
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_END,
};

CLI_COMMAND(merge, cli_no_opts, "OTHER.yaml", "file",
            "fold another machine's progress file into this one");
