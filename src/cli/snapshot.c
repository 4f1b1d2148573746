/* The background snapshot's writer, started by posix_spawn (snapshot.h). */
#define _GNU_SOURCE /* posix_spawn_file_actions_addclosefrom_np */
#include "snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "vgrev/file.h"

extern char **environ;

enum { S_ERR_FD = 3 };

/* Starts this program (/proc/self/exe) with argv: its own process group, its standard streams
 * on /dev/null, err_fd (when >= 0) as its descriptor 3, nothing else of this process open. */
static long S_spawn(char *const argv[], int err_fd)
{
    /* dup2 onto itself would leave close-on-exec set, and 0-2 are replaced first: go
     * through another descriptor. */
    int fd = err_fd, tmp = -1;
    if (err_fd >= 0 && fd <= S_ERR_FD &&
        (fd = tmp = fcntl(err_fd, F_DUPFD_CLOEXEC, S_ERR_FD + 1)) < 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    int rc = posix_spawn_file_actions_init(&fa);
    if (rc == 0 && (rc = posix_spawnattr_init(&at)) != 0)
        posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        if (tmp >= 0)
            close(tmp);
        errno = rc;
        return -1;
    }
    sigset_t none, dflt;
    sigemptyset(&none);
    sigemptyset(&dflt);
    sigaddset(&dflt, SIGPIPE);
    sigaddset(&dflt, SIGTERM);
    sigaddset(&dflt, SIGHUP);
    if (!rc)
        rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (!rc)
        rc = posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    if (!rc)
        rc = posix_spawn_file_actions_adddup2(&fa, 1, 2);
    if (!rc && fd >= 0)
        rc = posix_spawn_file_actions_adddup2(&fa, fd, S_ERR_FD);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    /* Nothing else of the session's: not its lock, not its terminal. */
    if (!rc)
        rc = posix_spawn_file_actions_addclosefrom_np(&fa, fd >= 0 ? S_ERR_FD + 1 : S_ERR_FD);
#endif
    /* Its own process group: ^C and ^Z at the terminal are the session's. */
    if (!rc)
        rc = posix_spawnattr_setpgroup(&at, 0);
    if (!rc)
        rc = posix_spawnattr_setsigmask(&at, &none);
    if (!rc)
        rc = posix_spawnattr_setsigdefault(&at, &dflt);
    if (!rc)
        rc = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                               POSIX_SPAWN_SETSIGDEF);
    pid_t pid = -1;
    if (!rc)
        rc = posix_spawn(&pid, "/proc/self/exe", &fa, &at, argv, environ);
    posix_spawnattr_destroy(&at);
    posix_spawn_file_actions_destroy(&fa);
    if (tmp >= 0)
        close(tmp);
    if (rc != 0) {
        errno = rc;
        return -1;
    }
    return (long)pid;
}

long cli_snapshot_spawn(const char *path, uint64_t offset, uint64_t gen, int err_fd)
{
    char off[24], g[24], parent[24];
    snprintf(off, sizeof off, "%" PRIu64, offset);
    snprintf(g, sizeof g, "%" PRIu64, gen);
    snprintf(parent, sizeof parent, "%ld", (long)getpid());
    static char name[] = "vgrev", cmd[] = CLI_SNAPSHOT_COMMAND;
    char *argv[] = {name, cmd, (char *)path, off, g, parent, NULL};
    return S_spawn(argv, err_fd);
}

void cli_image_spawn(const char *path)
{
    static char name[] = "vgrev", cmd[] = CLI_IMAGE_COMMAND;
    char *argv[] = {name, cmd, (char *)path, NULL};
    (void)S_spawn(argv, -1); /* not waited for: it outlives a session that ends */
}

int cli_image_main(int argc, char **argv, const char *cache_dir, size_t cache_min)
{
    if (argc != 2 || !argv[1][0] || !cache_dir) {
        fputs("vgrev: " CLI_IMAGE_COMMAND " is vgrev's own, not a command\n", stderr);
        return 2;
    }
    vg_store_opts o = {.write = false, .who = NULL, .journal_limit = 0};
    o.cache_dir = cache_dir;
    o.cache_min = cache_min;
    vg_store *s = NULL;
    vg_error err;
    vg_status st = vg_store_open(argv[1], &o, &s, &err); /* a miss writes the image */
    vg_store_free(s);
    return st == VG_OK ? 0 : 1;
}

/* A number of decimal digits only, up to max. */
static bool S_number(const char *s, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (!*s || strlen(s) > 20)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        unsigned d = (unsigned)(*s - '0');
        if (v > (max - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

int cli_snapshot_main(int argc, char **argv, const char *cache_dir, size_t cache_min)
{
    uint64_t offset, gen, parent;
    struct stat sb;
    if (argc != 5 || !argv[1][0] || !S_number(argv[2], INT64_MAX, &offset) ||
        !S_number(argv[3], UINT64_MAX, &gen) || !S_number(argv[4], INT32_MAX, &parent) ||
        parent < 2 || fstat(S_ERR_FD, &sb) != 0 || !S_ISFIFO(sb.st_mode)) {
        fputs("vgrev: " CLI_SNAPSHOT_COMMAND " is vgrev's own, not a command\n", stderr);
        return 2;
    }
#ifdef __linux__
    /* A writer outliving its session could land a snapshot after another vgrev took the
     * lock: it dies with the session. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
        return 1;
#endif
    if ((uint64_t)getppid() != parent)
        return 2; /* the session ended before that, or someone else runs this */
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGTSTP, SIG_IGN);
    vg_store_opts o = {.write = false, .who = NULL, .journal_limit = 0};
    o.cache_dir = cache_dir;
    o.cache_min = cache_min;
    vg_error err;
    vg_error_clear(&err);
    bool in_place = false;
    if (vg_store_compact_upto(argv[1], offset, gen, (long)parent, &o, &in_place, &err) == VG_OK)
        return 0;
    if (!vg_write_full(S_ERR_FD, &err, sizeof err)) {
        /* The session reports the exit status instead. */
    }
    return in_place ? 3 : 1;
}
