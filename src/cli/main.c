/* vgrev: terminal flashcards with spaced repetition. This file only picks the command. */
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_replay.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command S_commands[] = {
    {"list", cmd_list, "browse a deck's sections and cards (a table when piped, or --plain)"},
    {"show", cmd_show, "print cards as plain text"},
    {"check", cmd_check, "lint a deck: what became cards, and every problem"},
    {"import", cmd_import, "add a markdown, CSV, TSV or Anki deck to your decks"},
    {"decks", cmd_decks, "list the decks: the built-in one and the imported ones"},
    {"replay", cmd_replay, "replay review histories through the scheduler, as JSON lines"},
    {"merge", cmd_merge, "fold another machine's progress file into this one"},
    {"study", cmd_study, "study the cards that are due (a terminal screen, or --plain)"},
    {"stats", cmd_stats, "reviews, true retention, card states and a due forecast (a screen)"},
};

static void S_help(FILE *out)
{
    fputs("usage: vgrev [--help] [--version] [--progress FILE] [--config FILE] COMMAND [ARGS]\n"
          "\n"
          "Terminal flashcards with spaced repetition. With no DECK, commands use the\n"
          "built-in vanishing-gradient deck.\n"
          "\n"
          "commands:\n",
          out);
    for (size_t i = 0; i < sizeof S_commands / sizeof *S_commands; i++)
        fprintf(out, "  %-8s %s\n", S_commands[i].name, S_commands[i].summary);
    fputs("\n"
          "global options, before COMMAND:\n"
          "  --progress FILE  the progress file (default: progress.yaml in the data folder)\n"
          "  --config FILE    the settings (default: config.yaml in the configuration folder)\n"
          "\n'vgrev COMMAND --help' describes a command; 'man vgrev' describes them all.\n",
          out);
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    if (argc < 2) {
        S_help(stderr);
        return CLI_USAGE;
    }
    /* Global options before the command: --progress FILE, --config FILE (or --opt=FILE). */
    static const struct {
        const char *name;
        void (*set)(const char *path);
    } globals[] = {{"--progress", cli_set_progress}, {"--config", cli_set_config}};
    int first = 1;
    for (bool more = true; more && first < argc;) {
        more = false;
        for (size_t g = 0; g < sizeof globals / sizeof *globals; g++) {
            size_t n = strlen(globals[g].name);
            const char *a = argv[first];
            if (strncmp(a, globals[g].name, n) != 0 || (a[n] != '=' && a[n] != '\0'))
                continue;
            const char *v = a[n] == '=' ? a + n + 1 : NULL;
            if ((!v && first + 1 >= argc) || (v && !*v)) {
                fprintf(stderr, "vgrev: option '%s' needs a file\nTry 'vgrev --help'.\n",
                        globals[g].name);
                return CLI_USAGE;
            }
            globals[g].set(v ? v : argv[++first]);
            first++;
            more = true;
            break;
        }
    }
    if (first >= argc) {
        S_help(stderr);
        return CLI_USAGE;
    }
    argc -= first - 1;
    argv += first - 1;
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
        S_help(stdout);
        return CLI_OK;
    }
    if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
        puts("vgrev " VGREV_VERSION);
        return CLI_OK;
    }
    for (size_t i = 0; i < sizeof S_commands / sizeof *S_commands; i++) {
        if (!strcmp(name, S_commands[i].name)) {
            int status = S_commands[i].run(argc - 1, argv + 1);
            if (fflush(stdout) != 0 || ferror(stdout)) {
                perror("vgrev: standard output");
                return CLI_ERROR;
            }
            return status;
        }
    }
    fputs("vgrev: unknown command '", stderr);
    cli_puts_clean(stderr, name);
    fputs("'\nTry 'vgrev --help'.\n", stderr);
    return CLI_USAGE;
}
