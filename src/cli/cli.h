/* The command line: what the commands share (output, decks, the environment, progress,
 * settings) and the exit statuses. Only src/cli exits (by returning from main); commands
 * return one of the CLI_* statuses. Their options: options.h. */
#ifndef VG_CLI_H
#define VG_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "vgrev/buf.h"
#include "vgrev/config.h"
#include "vgrev/deck.h"
#include "vgrev/error.h"
#include "vgrev/history.h"
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

/* Copies the built-in deck to <data dir>/decks/vanishing-gradient.md (ui_copy_fn: `e` on it),
 * never over a file there (*existed). Caller frees *path. */
vg_status cli_copy_builtin(char **path, bool *existed, vg_error *err);

/* Opens a deck: NULL for the built-in deck (the user's copy of it when there is one), a path to a
 * markdown file, or the name of an imported deck. The caller frees *out with vg_deck_free(). */
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

/* Prints text rendered to width columns, each non-empty line indented by indent; false (and
 * nothing printed) when out of memory. */
bool cli_print_rich(const vg_rich *text, size_t width, size_t indent);

/* Output that could not be made (out of memory) was left out: cli_output_lose() notes it where
 * it happens, and main() then says so and exits with an error instead of succeeding with a line
 * silently missing. */
void cli_output_lose(void);
bool cli_output_lost(void);

/* ---- the environment (env.c): each variable read in one place ---- */

/* Now: $VGREV_NOW (ISO 8601, for tests) or the system clock. */
vg_status cli_now(vg_time *out, vg_error *err);

/* True when $VGREV_NOW fixes the clock (a screen's clock then starts there). */
bool cli_clock_fixed(void);

/* True when $VGREV_IMPORT_CHECK is set (the e2e tests): import parses its deck back even when
 * its fast check says it need not, and fails if they disagree (vg_import_opts.check). */
bool cli_import_check(void);

/* Seconds east of UTC of the local time zone at t (for the 04:00 rollover). */
int32_t cli_utc_offset(vg_time t);

/* The study-day calendar of the local time zone (TZ) with days starting at start_hour: the
 * core asks it the offset of any instant (past reviews, across DST changes). */
vg_days cli_days(int start_hour);

/* True when $VGREV_TEST_KEYS names a script that drives the screens (src/ui/ui.h). */
bool cli_test_script(void);

/* Whether a command that can print text or show a screen shows the screen: not with --plain
 * (plain), else with a test script, or on a terminal (stdin and stdout) whose TERM is not
 * dumb. */
bool cli_want_screen(bool plain);

/* A line the study screen shows until the first key (`vgrev` alone: the other commands). */
void cli_study_hint(const char *hint);

/* Columns to wrap plain output to: $COLUMNS, else the terminal's width, else 80. */
size_t cli_width(FILE *out);

/* ---- progress (progress.c) ---- */

/* The global option `vgrev --progress FILE COMMAND`: main sets it before the command runs. */
void cli_set_progress(const char *path);

/* The progress file: --progress FILE, else <data dir>/progress.yaml. Caller frees. */
char *cli_progress_path(void);

/* Opens the progress file. write: take the lock (for study, merge; the default data folder is
 * created); otherwise read-only, no lock (list, show, check). Prints the store's warnings to
 * stderr. The caller frees *out with vg_store_free().
 * With write, a sync tool's conflict copies beside the file (Syncthing's
 * progress.sync-conflict-*.yaml, Dropbox's "progress (... conflicted copy ...).yaml") are
 * merged in (and saved) and renamed to NAME.merged, with a notice on stderr. */
vg_status cli_progress_open(bool write, const char *who, vg_store **out, vg_error *err);

/* cli_progress_open(true, ...) for a command that rewrites the whole file (merge): the
 * start-up cache's image is used when current, but none is made for the old text. */
vg_status cli_progress_open_to_rewrite(const char *who, vg_store **out, vg_error *err);

/* The same without printing the warnings nor merging conflict copies (for a screen that is
 * up). */
vg_status cli_progress_open_quiet(bool write, const char *who, vg_store **out, vg_error *err);

/* Makes *store (opened read-only) writable, quietly: the lock taken in place when the file is
 * what *store was read from, or the file opened again for writing into a new *store (the old
 * one is then the caller's to free). */
vg_status cli_progress_lock(const char *who, vg_store **store, vg_error *err);

/* After a merge into s (opened for writing): the states replayed from the logs by sched (all of
 * them when s's were cached by another scheduler, else those whose log changed), the
 * scheduler's tag set, the snapshot saved. */
vg_status cli_progress_settle(vg_store *s, const vg_sched *sched, vg_error *err);

/* The scheduler the user set up: the defaults with the configuration file's settings. */
vg_status cli_sched(vg_sched *out, vg_error *err);

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

/* vg_session_opts.deck_exists: NAME.md is in the deck folder (or NAME is the built-in deck). */
bool cli_deck_exists(const char *name, void *ctx);

/* A session over one deck at `now` with the local rollover and the limits of cli_session_opts. */
vg_status cli_session_open(const vg_deck *deck, const char *spec, vg_store *store,
                           const vg_sched *sched, vg_time now, vg_session **out, vg_error *err);
/* The same for a reader that needs no queue (statistics): vg_session_opts.no_queue. */
vg_status cli_session_open_for(const vg_deck *deck, const char *spec, vg_store *store,
                               const vg_sched *sched, vg_time now, bool no_queue, vg_session **out,
                               vg_error *err);

/* ---- settings (config/config.c) ---- */

/* The global option `vgrev --config FILE COMMAND`: main sets it before the command runs. */
/* A review history (`vgrev replay`'s format) from path, "-" for standard input, parsed into
 * *out (free with vg_history_free); errors name the file ("<stdin>"). */
vg_status cli_history_read(const char *path, vg_history **out, vg_error *err);

void cli_set_config(const char *path);

/* The settings file: --config FILE, else <config dir>/config.yaml. Caller frees. */
char *cli_config_path(void);

/* The settings, read on the first call (warnings go to stderr then) and kept for the run; *out
 * is borrowed. A missing default file gives the defaults; a file that cannot be read or does
 * not parse is an error (file:line:col), the same one on every call. Commands that schedule
 * call it (through cli_sched_params or cli_session_opts) so that all of them agree. */
vg_status cli_config(const vg_config **out, vg_error *err);

/* Rewrites the settings file with the keys in `keys` (1u << key each) from values, each under
 * the comment `# ` note, every other line kept (vg_config_set), atomically; a missing file and
 * its folder are created. Without write only checks that it can be done. */
vg_status cli_config_save(const vg_config *values, unsigned keys, const char *note, bool write,
                          vg_error *err);

/* The defaults with the file's scheduler settings; options of a command go on top, then
 * vg_sched_init. */
vg_status cli_sched_params(vg_sched_params *p, vg_error *err);

/* Session options at `now`: the defaults, the local time zone's offset and the file's daily
 * limits; options of a command go on top. */
vg_status cli_session_opts(vg_session_opts *o, vg_time now, vg_error *err);

#endif
