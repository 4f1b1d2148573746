/* vgrev merge OTHER.yaml: fold another machine's progress into this one. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char S_usage[] =
    "usage: vgrev merge OTHER.yaml\n"
    "\n"
    "Folds the progress file OTHER.yaml (from another machine) into this one: for each\n"
    "card, the union of the two review logs (a review in both, same time and rating,\n"
    "counts once), then every state is recomputed from the logs and the result is\n"
    "written atomically. Merging in either order gives the same result; merging twice\n"
    "changes nothing. OTHER.yaml is only read.\n"
    "\n"
    "  --help    show this help\n";

int cmd_merge(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = cli_getopt(argc, argv, "h", longopts)) != -1) {
        if (c != 'h')
            return CLI_USAGE;
        fputs(S_usage, stdout);
        return CLI_OK;
    }
    if (optind == argc)
        return cli_usage_error(argv[0], "which file? (vgrev merge OTHER.yaml)");
    if (argc - optind > 1)
        return cli_usage_error(argv[0], "one file at a time ('%s' is extra)", argv[optind + 1]);
    const char *other_path = argv[optind];

    vg_error err;
    vg_error_clear(&err);
    vg_sched sched;
    if (cli_sched(&sched, &err) != VG_OK)
        return cli_fail(&err);
    /* The other file first: if it is bad, nothing here is touched, not even locked. A missing
     * file is an error here (vg_store_open would take it for empty progress). */
    FILE *probe = fopen(other_path, "rb");
    if (!probe) {
        vg_error_set(&err, VG_IO, other_path, 0, 0, "cannot open: %s", strerror(errno));
        return cli_fail(&err);
    }
    fclose(probe);
    vg_store_opts ro = {.write = false, .who = NULL, .journal_limit = 0};
    vg_store *other = NULL, *mine = NULL;
    if (vg_store_open(other_path, &ro, &other, &err) != VG_OK)
        return cli_fail(&err);
    size_t nw;
    const vg_error *w = vg_store_warnings(other, &nw);
    for (size_t i = 0; i < nw; i++) {
        char msg[VG_ERROR_FILE_MAX + VG_ERROR_MSG_MAX + 32];
        vg_error_format(&w[i], msg, sizeof msg);
        fputs("vgrev: warning: ", stderr);
        cli_puts_clean(stderr, msg);
        fputc('\n', stderr);
    }
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
