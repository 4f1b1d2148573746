/* The commands' screens: taking the terminal and giving it back (screen.c). Only the commands
 * that show a screen include this (and through it curses' side, src/ui). */
#ifndef VG_CLI_SCREEN_H
#define VG_CLI_SCREEN_H

#include "cli.h"
#include "ui/ui.h"

/* Prints err as cli_fail does; returns CLI_USAGE for a VG_USAGE error (no terminal to draw
 * on, a broken test script: the way vgrev was run is wrong), else CLI_ERROR. */
int cli_fail_usage(const vg_error *err);

/* Takes the terminal (or a test script's) for a screen starting at `now`. what and instead
 * name the screen and the command that prints text ("the browser", "vgrev list --plain"):
 * without a terminal, and with no test script, *u is NULL and the result CLI_OK, for the
 * caller to print the text. With what NULL (the study screen) that is an error. Otherwise
 * returns CLI_OK with *u set, or the status after printing the problem. */
int cli_screen_open(vg_time now, const char *what, const char *instead, ui **u);

/* Gives the terminal back and frees u; returns CLI_OK or the status after printing what the
 * test script did wrong. */
int cli_screen_close(ui *u);

#endif
