/* The command line: argument parsing, output and exit statuses. Only src/cli exits
 * (by returning from main); commands return one of the CLI_* statuses. */
#ifndef VG_CLI_H
#define VG_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "vgrev/buf.h"
#include "vgrev/config.h"
#include "vgrev/deck.h"
#include "vgrev/error.h"
#include "vgrev/render.h"
#include "vgrev/sched.h"
#include "vgrev/session.h"
#include "vgrev/store.h"
#include "vgrev/time.h"

enum { CLI_OK = 0, CLI_ERROR = 1, CLI_USAGE = 2 };

/* Prints "vgrev: file:line:col: message" to stderr; returns CLI_ERROR. */
int cli_fail(const vg_error *err);

/* Prints "vgrev: CMD: message" and a hint to try --help to stderr (cmd NULL: "vgrev: message"
 * and "vgrev --help"); returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- options (options.c) ---- */

/* Each command declares its options once, in a cli_opt table ending with {NULL}: the table
 * drives getopt_long, the usage errors, the synopsis and the option list of --help (as git's
 * parse-options), and tests/e2e/man.sh holds the man page's OPTIONS to it. An option sets a
 * member of the command's options struct, which starts as the command's defaults. */
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

#define CLI_OPT_END                                                                                \
    {                                                                                              \
        NULL, 0, CLI_OPT_HELP, NULL, NULL, 0, NULL                                                 \
    }
#define CLI_OPT_HELP_ENTRY                                                                         \
    {                                                                                              \
        "help", 'h', CLI_OPT_HELP, NULL, "show this help", 0, NULL                                 \
    }
#define CLI_FLAG(name, type, member, help)                                                         \
    {                                                                                              \
        name, 0, CLI_OPT_FLAG, NULL, help, offsetof(type, member), NULL                            \
    }
#define CLI_STRING(name, arg, type, member, help)                                                  \
    {                                                                                              \
        name, 0, CLI_OPT_STRING, arg, help, offsetof(type, member), NULL                           \
    }
#define CLI_FILE(name, arg, type, member, help)                                                    \
    {                                                                                              \
        name, 0, CLI_OPT_FILE, arg, help, offsetof(type, member), NULL                             \
    }
#define CLI_CALL(name, arg, fn, help)                                                              \
    {                                                                                              \
        name, 0, CLI_OPT_CALL, arg, help, 0, fn                                                    \
    }

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
#define CLI_COMMAND(id, type, operand_list, operand_noun, summary_line)                            \
    const cli_command cli_cmd_##id = {.name = #id,                                                 \
                                      .summary = summary_line,                                     \
                                      .operands = operand_list,                                    \
                                      .noun = operand_noun,                                        \
                                      .about = S_about,                                            \
                                      .opts = S_opts,                                              \
                                      .opts_size = sizeof(type),                                   \
                                      .defaults = &S_defaults,                                     \
                                      .run = S_run}

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
    cli_cmd_replay, cli_cmd_merge, cli_cmd_study, cli_cmd_stats;

/* Opens a deck: NULL for the built-in deck, a path to a markdown file, or the name of an
 * imported deck. The caller frees *out with vg_deck_free(). */
vg_status cli_deck_open(const char *spec, vg_deck **out, vg_error *err);

/* True when arg names a deck (an existing file, a path, a *.md name, or an imported deck)
 * rather than a card id. */
bool cli_is_deck(const char *arg);

/* Writes s[0..len) with control characters and escape sequences removed. */
void cli_put_clean(FILE *out, const char *s, size_t len);
void cli_puts_clean(FILE *out, const char *s);

/* Prints "vgrev: warning: file:line:col: message" to stderr for each of w[0..n). */
void cli_warn(const vg_error *w, size_t n);

/* Appends a table cell to row: s[0..len) sanitized, with no tab or newline to break the row. */
void cli_cell(vg_buf *row, const char *s, size_t len);

/* Prints text rendered to width columns, each non-empty line indented by indent. */
void cli_print_rich(const vg_rich *text, size_t width, size_t indent);

/* ---- the environment (env.c): each variable read in one place ---- */

/* Now: $VGREV_NOW (ISO 8601, for tests) or the system clock. */
vg_status cli_now(vg_time *out, vg_error *err);

/* True when $VGREV_NOW fixes the clock (a screen's clock then starts there). */
bool cli_clock_fixed(void);

/* Seconds east of UTC of the local time zone at t (for the 04:00 rollover). */
int32_t cli_utc_offset(vg_time t);

/* True when $VGREV_TEST_KEYS names a script that drives the screens (src/ui/ui.h). */
bool cli_test_script(void);

/* Whether a command that can print text or show a screen shows the screen: not with --plain
 * (plain), else with a test script, or on a terminal (stdin and stdout) whose TERM is not
 * dumb. */
bool cli_want_screen(bool plain);

/* Columns to wrap plain output to: $COLUMNS, else the terminal's width, else 80. */
size_t cli_width(FILE *out);

/* ---- progress (progress.c) ---- */

/* The global option `vgrev --progress FILE COMMAND`: main sets it before the command runs. */
void cli_set_progress(const char *path);

/* The progress file: --progress FILE, else <data dir>/progress.yaml. Caller frees. */
char *cli_progress_path(void);

/* Opens the progress file. write: take the lock (for study, merge; the default data folder is
 * created); otherwise read-only, no lock (list, show, check). Prints the store's warnings to
 * stderr. The caller frees *out with vg_store_free(). */
vg_status cli_progress_open(bool write, const char *who, vg_store **out, vg_error *err);

/* The same without printing the warnings (for a screen that is up). */
vg_status cli_progress_open_quiet(bool write, const char *who, vg_store **out, vg_error *err);

/* The scheduler the user set up: the defaults with the configuration file's settings. */
vg_status cli_sched(vg_sched *out, vg_error *err);

/* --scheduler VALUE of command cmd: fsrs or sm2 into *kind; else prints the usage error and
 * returns CLI_USAGE. */
int cli_sched_kind(const char *cmd, const char *value, vg_sched_kind *kind);

/* What the read-only commands (list, stats, decks, check --progress) count with: now, the
 * scheduler the user set up, and the progress file opened without a lock, so that they work
 * while a study session runs (its warnings printed). */
typedef struct cli_reading {
    vg_time now;
    vg_sched sched;
    vg_store *store;
    vg_deck *deck; /* with cli_reading_deck */
} cli_reading;

/* Fills r (deck NULL); on an error r->store is NULL. The caller releases it with
 * cli_reading_release. */
vg_status cli_reading_open(cli_reading *r, vg_error *err);

/* The same after opening the deck spec (as cli_deck_open) into r->deck, for the commands
 * about one deck (list, stats). */
vg_status cli_reading_deck(cli_reading *r, const char *spec, vg_error *err);

/* Frees the store and the deck. */
void cli_reading_release(cli_reading *r);

/* The name a deck's progress records carry: the file name without ".md" (the built-in deck:
 * "vanishing-gradient"), so moving the file keeps its progress. spec as for cli_deck_open.
 * Caller frees; NULL when out of memory. */
char *cli_deck_name(const char *spec);

/* A session over one deck at `now` with the local rollover and the limits of cli_session_opts. */
vg_status cli_session_open(const vg_deck *deck, const char *spec, vg_store *store,
                           const vg_sched *sched, vg_time now, vg_session **out, vg_error *err);

/* ---- settings (config/config.c) ---- */

/* The global option `vgrev --config FILE COMMAND`: main sets it before the command runs. */
void cli_set_config(const char *path);

/* The settings file: --config FILE, else <config dir>/config.yaml. Caller frees. */
char *cli_config_path(void);

/* The settings, read on the first call (warnings go to stderr then) and kept for the run; *out
 * is borrowed. A missing default file gives the defaults; a file that cannot be read or does
 * not parse is an error (file:line:col), the same one on every call. Commands that schedule
 * call it (through cli_sched_params or cli_session_opts) so that all of them agree. */
vg_status cli_config(const vg_config **out, vg_error *err);

/* The defaults with the file's scheduler settings; options of a command go on top, then
 * vg_sched_init. */
vg_status cli_sched_params(vg_sched_params *p, vg_error *err);

/* Session options at `now`: the defaults, the local time zone's offset and the file's daily
 * limits; options of a command go on top. */
vg_status cli_session_opts(vg_session_opts *o, vg_time now, vg_error *err);

#endif
