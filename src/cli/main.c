/* vgrev: terminal flashcards with spaced repetition. This file reads the options before the
 * command and picks the command; each command's options are in its own table (cli.h). */
#include <gnu/libc-version.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "paths.h"
#include "snapshot.h"
#include "ui/ui.h"
#include "vgrev/deck.h"
#include "vgrev/package.h"
#include "vgrev/store.h"

static const cli_command *const S_commands[] = {
    &cli_cmd_list,   &cli_cmd_show,     &cli_cmd_check, &cli_cmd_import, &cli_cmd_decks,
    &cli_cmd_replay, &cli_cmd_merge,    &cli_cmd_study, &cli_cmd_stats,  &cli_cmd_optimize,
    &cli_cmd_export, &cli_cmd_init_git, NULL,
};

typedef struct global_opts {
    bool version;
    const char *progress, *config;
} global_opts;

static const cli_opt S_globals[] = {
    CLI_FILE("progress", "FILE", global_opts, progress,
             "the progress file (default: progress.yaml in the data folder)"),
    CLI_FILE("config", "FILE", global_opts, config,
             "the settings (default: config.yaml in the configuration folder)"),
    {"version", 'V', CLI_OPT_FLAG, NULL, "print the version", offsetof(global_opts, version), NULL},
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_END,
};

const cli_command *const *cli_commands(void)
{
    return S_commands;
}

const cli_opt *cli_global_opts(void)
{
    return S_globals;
}

static void S_help(FILE *out)
{
    vg_buf b = VG_BUF_INIT;
    cli_synopsis(&b, NULL, NULL, S_globals, "COMMAND [ARGS]");
    vg_buf_adds(&b, "\n"
                    "Terminal flashcards with spaced repetition. With no DECK, commands use the\n"
                    "built-in vanishing-gradient deck.\n"
                    "\n"
                    "commands:\n");
    for (const cli_command *const *c = S_commands; *c; c++)
        vg_buf_printf(&b, "  %-8s %s\n", (*c)->name, (*c)->summary);
    vg_buf_adds(&b, "\nglobal options, before COMMAND:\n");
    cli_opts_help(&b, S_globals);
    vg_buf_adds(&b,
                "\n'vgrev COMMAND --help' describes a command; 'man vgrev' describes them all.\n");
    fwrite(vg_buf_str(&b), 1, b.len, out);
    vg_buf_release(&b);
}

int main(int argc, char **argv)
{
    /* Not a command: a session runs it to write a snapshot in the background. */
    if (argc > 1 && !strcmp(argv[1], CLI_SNAPSHOT_COMMAND)) {
        size_t min = 0;
        const char *cache = paths_cache_dir(&min);
        return cli_snapshot_main(argc - 1, argv + 1, cache, min);
    }
    if (argc > 1 && !strcmp(argv[1], CLI_IMAGE_COMMAND)) {
        size_t min = 0;
        const char *cache = paths_cache_dir(&min);
        return cli_image_main(argc - 1, argv + 1, cache, min);
    }
    setlocale(LC_ALL, "");
    global_opts g = {.version = false, .progress = NULL, .config = NULL};
    bool help = false;
    int first = argc;
    int status = cli_parse(NULL, S_globals, argc, argv, &g, &help, &first);
    if (status != CLI_OK)
        return status;
    if (help) {
        S_help(stdout);
        return CLI_OK;
    }
    if (g.version) {
        /* The libraries as linked at run time: what a bug report needs. */
        char pkg[160];
        vg_package_versions(pkg, sizeof pkg);
        printf("vgrev %s\nlibraries: cmark %s, libyaml %s, %s, glibc %s, %s\n", VGREV_VERSION,
               vg_deck_cmark_version(), vg_store_yaml_version(), ui_curses_version(),
               gnu_get_libc_version(), pkg);
        return CLI_OK;
    }
    if (g.progress)
        cli_set_progress(g.progress);
    if (g.config)
        cli_set_config(g.config);
    if (first >= argc && !cli_want_screen(false)) {
        S_help(stderr);
        return CLI_USAGE;
    }
    static char study[] = "study";
    char *alone[] = {study, NULL};
    if (first >= argc) {
        /* `vgrev` alone on a terminal studies the built-in deck, and says what else there is. */
        cli_study_hint("other commands: vgrev list, stats, decks, import, export; vgrev --help");
        argc = 1;
        argv = alone;
    } else {
        argc -= first;
        argv += first;
    }
    if (!strcmp(argv[0], "help")) {
        S_help(stdout);
        return CLI_OK;
    }
    const cli_command *cmd = NULL;
    for (const cli_command *const *c = S_commands; *c && !cmd; c++)
        if (!strcmp(argv[0], (*c)->name))
            cmd = *c;
    /* Not in the list: it is for the build and the scripts, not for users. */
    if (!strcmp(argv[0], cli_cmd_completion.name))
        cmd = &cli_cmd_completion;
    if (cmd) {
        status = cli_run(cmd, argc, argv);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            perror("vgrev: standard output");
            return CLI_ERROR;
        }
        if (cli_output_lost() && status == CLI_OK) {
            fputs("vgrev: out of memory: some output is missing\n", stderr);
            return CLI_ERROR;
        }
        return status;
    }
    fputs("vgrev: unknown command '", stderr);
    cli_puts_clean(stderr, argv[0]);
    fputs("'\nTry 'vgrev --help'.\n", stderr);
    return CLI_USAGE;
}
