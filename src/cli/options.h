/* Options from tables (options.c), as git's parse-options: each command declares its options
 * once, in a cli_opt table that drives getopt_long, the usage errors (exit 2), the synopsis
 * and the option list of --help; tests/e2e/man.sh holds the man page's options to the same
 * tables. An option sets a member of the command's options struct, which starts as the
 * command's defaults; main.c keeps the table of commands. */
#ifndef VG_CLI_OPTIONS_H
#define VG_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "vgrev/buf.h"
#include "vgrev/sched.h"

typedef struct cli_opt cli_opt;

/* A CLI_OPT_CALL option's action: checks value (NULL for an option without one) and sets what
 * it means in opts. Returns CLI_OK, or CLI_USAGE after printing the problem (cli_usage_error
 * with cmd). */
typedef int (*cli_opt_fn)(const char *cmd, const cli_opt *opt, const char *value, void *opts);

typedef enum {
    CLI_OPT_HELP,   /* prints the help and stops */
    CLI_OPT_FLAG,   /* sets the bool member to true */
    CLI_OPT_STRING, /* sets the const char * member to the value */
    CLI_OPT_FILE,   /* the same, refusing an empty value */
    CLI_OPT_CALL,   /* calls set */
} cli_opt_kind;

struct cli_opt {
    const char *name; /* the long name, without "--" */
    char letter;      /* the short option, 0 for none */
    cli_opt_kind kind;
    const char *arg;  /* the value's name in the help ("FILE"); NULL: the option takes none */
    const char *help; /* what it does, one line that --help wraps */
    size_t member;    /* offsetof the member it sets (FLAG, STRING, FILE) */
    cli_opt_fn set;   /* CALL */
};

/* The rows of a table (designated by position: name, letter, kind, arg, help, member, set). */
/* clang-format off */
#define CLI_OPT_END {NULL, 0, CLI_OPT_HELP, NULL, NULL, 0, NULL}
#define CLI_OPT_HELP_ENTRY {"help", 'h', CLI_OPT_HELP, NULL, "show this help", 0, NULL}
#define CLI_FLAG(name, type, member, help) \
    {name, 0, CLI_OPT_FLAG, NULL, help, offsetof(type, member), NULL}
#define CLI_STRING(name, arg, type, member, help) \
    {name, 0, CLI_OPT_STRING, arg, help, offsetof(type, member), NULL}
#define CLI_FILE(name, arg, type, member, help) \
    {name, 0, CLI_OPT_FILE, arg, help, offsetof(type, member), NULL}
#define CLI_CALL(name, arg, fn, help) {name, 0, CLI_OPT_CALL, arg, help, 0, fn}
/* clang-format on */

/* A command: its line in `vgrev --help`, its help, its options and what runs it. */
typedef struct cli_command {
    const char *name;
    const char *summary; /* its line in `vgrev --help` */
    /* The operands in the synopsis, before the options ("[DECK]", "FILE", "[DECK] [ID...]"):
     * they also say how many there may be (brackets: optional, "...": any number). */
    const char *operands;
    const char *noun;     /* an operand, in the usage errors: "deck", "file" */
    const char *about;    /* the paragraphs of --help between the synopsis and the options */
    const cli_opt *opts;  /* ends with {NULL} */
    size_t opts_size;     /* the size of the command's options struct, */
    const void *defaults; /* and what it starts as */
    /* Runs with the options set and the operands (argv[0] is the first). */
    int (*run)(const void *opts, int argc, char **argv);
} cli_command;

/* Declares the command cli_cmd_ID from what its file names S_about (the help's text),
 * S_opts (the option table), S_defaults (the options struct TYPE as it starts) and S_run. */
/* clang-format off */
#define CLI_COMMAND(id, type, operand_list, operand_noun, summary_line) \
    const cli_command cli_cmd_##id = { \
        .name = #id, .summary = (summary_line), .operands = (operand_list), \
        .noun = (operand_noun), \
        .about = S_about, .opts = S_opts, .opts_size = sizeof(type), .defaults = &S_defaults, \
        .run = S_run}
/* clang-format on */

/* The options struct of a command that has none but --help. */
typedef struct cli_no_opts {
    bool unused;
} cli_no_opts;

/* Reads the options of argv (argv[0] is the command's name, or the program's when cmd is
 * NULL: then the options before the command, stopping at it) into dest. Returns CLI_OK with
 * *first the index of the first operand (getopt_long moves them after the options) and *help
 * set when --help was given, or CLI_USAGE after printing the problem. */
int cli_parse(const char *cmd, const cli_opt *opts, int argc, char **argv, void *dest, bool *help,
              int *first);

/* Appends "usage: vgrev CMD BEFORE [--opt ARG]... AFTER" wrapped at 80 columns. */
void cli_synopsis(vg_buf *b, const char *cmd, const char *before, const cli_opt *opts,
                  const char *after);

/* Appends the option list: "  -h, --help  show this help", one option a line, aligned. */
void cli_opts_help(vg_buf *b, const cli_opt *opts);

/* Prints the command's help: the synopsis, its about text and its options. */
void cli_help(const cli_command *c, FILE *out);

/* Runs a command: argv[0] is its name. Parses the options, prints the help for --help,
 * checks the number of operands, then calls c->run. Returns the exit status. */
int cli_run(const cli_command *c, int argc, char **argv);

/* The commands (cmd_*.c). */
extern const cli_command cli_cmd_list, cli_cmd_show, cli_cmd_check, cli_cmd_import, cli_cmd_decks,
    cli_cmd_replay, cli_cmd_merge, cli_cmd_study, cli_cmd_stats, cli_cmd_optimize, cli_cmd_export,
    cli_cmd_init_git, cli_cmd_completion;

/* The commands that `vgrev --help` lists (NULL-ended) and the global options (main.c), for the
 * completion scripts. */
const cli_command *const *cli_commands(void);
const cli_opt *cli_global_opts(void);

/* --scheduler VALUE of command cmd: fsrs or sm2 into *kind; else prints the usage error and
 * returns CLI_USAGE. */
int cli_sched_kind(const char *cmd, const char *value, vg_sched_kind *kind);

#endif
