/* The command line: argument parsing, output and exit statuses. Only src/cli exits
 * (by returning from main); commands return one of the CLI_* statuses. */
#ifndef VG_CLI_H
#define VG_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "vgrev/deck.h"
#include "vgrev/error.h"

enum { CLI_OK = 0, CLI_ERROR = 1, CLI_USAGE = 2 };

/* Prints "vgrev: file:line:col: message" to stderr; returns CLI_ERROR. */
int cli_fail(const vg_error *err);

/* Prints "vgrev: CMD: message" and a hint to try --help to stderr; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* getopt_long for a command whose argv[0] is its name, with our own messages. Returns the
 * option as getopt_long does, -1 at the end, and '?' after printing a usage error. */
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts);

/* Opens a deck: NULL for the built-in deck, a path to a markdown file, or the name of an
 * imported deck. The caller frees *out with vg_deck_free(). */
vg_status cli_deck_open(const char *spec, vg_deck **out, vg_error *err);

/* True when arg names a deck (an existing file, a path, a *.md name, or an imported deck)
 * rather than a card id. */
bool cli_is_deck(const char *arg);

/* Columns to wrap plain output to: $COLUMNS, else the terminal's width, else 80. */
size_t cli_width(FILE *out);

/* Writes s[0..len) with control characters and escape sequences removed. */
void cli_put_clean(FILE *out, const char *s, size_t len);
void cli_puts_clean(FILE *out, const char *s);

int cmd_list(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_decks(int argc, char **argv);

#endif
