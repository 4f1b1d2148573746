/* The background snapshot's writer as a program of its own: vgrev runs itself as
 * `vgrev __snapshot PATH OFFSET GEN PARENT` (vg_store_spawn_fn, vg_store_compact_upto). A
 * fresh process copies none of the session's page tables, where a fork of a big store pauses
 * it. Internal: not in --help. Needs nothing else of src/cli (the benchmark and the tests
 * build it alone). */
#ifndef VG_CLI_SNAPSHOT_H
#define VG_CLI_SNAPSHOT_H

#include <stdint.h>

#include "vgrev/store.h"

/* The name of the internal command. */
#define CLI_SNAPSHOT_COMMAND "__snapshot"

/* vg_store_spawn_fn: starts this program (/proc/self/exe) as the writer, in a process group of
 * its own (the terminal's keys are the session's), its standard streams on /dev/null and
 * err_fd as its descriptor 3. Returns its pid, or -1 with errno set. */
long cli_snapshot_spawn(const char *path, uint64_t offset, uint64_t gen, int err_fd);

/* The command, argv[0] being CLI_SNAPSHOT_COMMAND: refuses (status 2) unless the arguments are
 * well-formed, descriptor 3 is a pipe and the process named PARENT is its parent; dies with
 * its parent (Linux); writes the snapshot (cache_dir: the start-up cache, may be NULL) or
 * sends the error down descriptor 3 (status 1). Returns the exit status. */
int cli_snapshot_main(int argc, char **argv, const char *cache_dir, size_t cache_min);

/* The start-up cache's image of a progress file just saved, made by vgrev run as
 * `vgrev __image PATH` (vg_store_opts.saved), so that the next start maps it instead of
 * parsing: started as the writer above, without descriptor 3, and not waited for. Internal. */
#define CLI_IMAGE_COMMAND "__image"
void cli_image_spawn(const char *path);
/* The command: opens PATH read-only through the cache (writing the image when it is not
 * current). Returns the exit status. */
int cli_image_main(int argc, char **argv, const char *cache_dir, size_t cache_min);

#endif
