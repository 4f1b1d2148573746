/* vgrev init-git: sets up git's merge driver for the progress file (docs/syncing.md). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "options.h"
#include "vgrev/file.h"

static const char S_about[] =
    "Sets up the git repository that holds the progress file (the data folder, or the\n"
    "folder of --progress FILE) so that git merges progress.yaml with 'vgrev merge\n"
    "--git-driver' instead of reporting a conflict: .gitattributes there gets\n"
    "'progress.yaml merge=vgrev', .gitignore the journal and the lock, and the repository's\n"
    "configuration the merge.vgrev.name and merge.vgrev.driver settings. Run it once on each\n"
    "machine (git does not copy its configuration); running it again changes nothing.\n";

/* Runs git -C dir ARGS...; true when it exits 0. quiet: its output goes to /dev/null. */
static bool S_git(const char *dir, const char *const *args, bool quiet)
{
    const char *argv[16] = {"git", "-C", dir};
    size_t n = 3;
    for (; *args && n < 15; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int null = quiet ? open("/dev/null", O_WRONLY) : -1;
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        execvp("git", (char *const *)argv);
        _exit(127);
    }
    int wst = 0;
    return pid > 0 && waitpid(pid, &wst, 0) == pid && WIFEXITED(wst) && WEXITSTATUS(wst) == 0;
}

/* Appends each of lines (NULL-ended) that dir/name does not hold yet. */
static vg_status S_add_lines(const char *dir, const char *name, const char *const *lines,
                             vg_error *err)
{
    vg_buf path = VG_BUF_INIT, text = VG_BUF_INIT;
    vg_buf_printf(&path, "%s/%s", dir, name);
    vg_file_step step = vg_file_read(&text, vg_buf_str(&path), 0, VG_FILE_REGULAR, NULL);
    if (step == VG_FILE_OPEN && errno == ENOENT)
        step = VG_FILE_DONE;
    size_t old = text.len;
    for (; step == VG_FILE_DONE && *lines; lines++) {
        size_t n = strlen(*lines);
        bool has = false;
        for (const char *p = vg_buf_str(&text); p && !has; p = strchr(p, '\n'), p = p ? p + 1 : p)
            has = !strncmp(p, *lines, n) && (p[n] == '\n' || !p[n]);
        if (has)
            continue;
        if (text.len && text.data[text.len - 1] != '\n')
            vg_buf_addc(&text, '\n');
        vg_buf_printf(&text, "%s\n", *lines);
    }
    if (step == VG_FILE_DONE && text.len != old)
        step = vg_file_replace(AT_FDCWD, vg_buf_str(&path), text.data, text.len, 0644, 0);
    vg_status st = VG_OK;
    if (step != VG_FILE_DONE)
        st = vg_error_set(err, VG_IO, vg_buf_str(&path), 0, 0, "%s", strerror(errno));
    vg_buf_release(&path);
    vg_buf_release(&text);
    return st;
}

static int S_run(const void *opts, int argc, char **argv)
{
    (void)opts;
    (void)argc;
    (void)argv;
    vg_error err;
    vg_error_clear(&err);
    char *path = cli_progress_path();
    if (!path)
        return cli_fail((vg_error_set(&err, VG_NOMEM, NULL, 0, 0, NULL), &err));
    char *slash = strrchr(path, '/');
    const char *file = slash ? slash + 1 : path;
    char *dir = slash ? strndup(path, (size_t)(slash - path)) : strdup(".");
    if (dir && !*dir) {
        free(dir);
        dir = strdup("/");
    }
    int status = CLI_OK;
    const char *probe[] = {"rev-parse", "--git-dir", NULL};
    if (!dir) {
        vg_error_set(&err, VG_NOMEM, NULL, 0, 0, NULL);
        status = cli_fail(&err);
    } else if (!S_git(dir, probe, true)) {
        vg_error_set(&err, VG_IO, dir, 0, 0,
                     "not in a git repository (run 'git init' there first), or git is missing");
        status = cli_fail(&err);
    }
    /* The driver runs this very binary, wherever it is: the path is put in single quotes for
     * git's shell. */
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0 || memchr(self, '\'', (size_t)n))
        n = (ssize_t)snprintf(self, sizeof self, "vgrev");
    self[n] = '\0';
    vg_buf attr = VG_BUF_INIT, journal = VG_BUF_INIT, lock = VG_BUF_INIT, driver = VG_BUF_INIT;
    vg_buf_printf(&attr, "%s merge=vgrev", file);
    vg_buf_printf(&journal, "%s.journal", file);
    vg_buf_printf(&lock, "%s.lock", file);
    vg_buf_printf(&driver, "'%s' merge --git-driver %%O %%A %%B", self);
    const char *attrs[] = {vg_buf_str(&attr), NULL};
    const char *ignores[] = {vg_buf_str(&journal), vg_buf_str(&lock), NULL};
    const char *name[] = {"config", "merge.vgrev.name", "vgrev progress (union of the logs)", NULL};
    const char *drv[] = {"config", "merge.vgrev.driver", vg_buf_str(&driver), NULL};
    if (status == CLI_OK && (S_add_lines(dir, ".gitattributes", attrs, &err) != VG_OK ||
                             S_add_lines(dir, ".gitignore", ignores, &err) != VG_OK)) {
        status = cli_fail(&err);
    } else if (status == CLI_OK && (!S_git(dir, name, false) || !S_git(dir, drv, false))) {
        vg_error_set(&err, VG_IO, dir, 0, 0, "git config failed");
        status = cli_fail(&err);
    } else if (status == CLI_OK) {
        printf("git merges %s with: %s\n", file, vg_buf_str(&driver));
        printf("  in %s: .gitattributes, .gitignore (commit them) and .git/config\n", dir);
    }
    vg_buf_release(&attr);
    vg_buf_release(&journal);
    vg_buf_release(&lock);
    vg_buf_release(&driver);
    free(dir);
    free(path);
    return status;
}

static const cli_no_opts S_defaults = {.unused = false};

static const cli_opt S_opts[] = {
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_END,
};

const cli_command cli_cmd_init_git = {
    .name = "init-git",
    .summary = "let git merge the progress file (a merge driver)",
    .operands = NULL,
    .noun = "argument",
    .about = S_about,
    .opts = S_opts,
    .opts_size = sizeof(cli_no_opts),
    .defaults = &S_defaults,
    .run = S_run,
};
