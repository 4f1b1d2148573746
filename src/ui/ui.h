/* The screen engine shared by the terminal screens (study now; list, stats later).
 *
 * src/ui is the only code that includes curses; this header does not, so src/cli can start
 * and stop the terminal without seeing it. One `ui` owns the terminal between ui_open() and
 * ui_close(). Screens are states: a draw() and a key() function and a key table (keys as
 * data: the help overlay is generated from the same table). ui_run() is the one dispatcher.
 *
 * Headless test mode (as tig's tests do): when VGREV_TEST_KEYS names a script, keys come from
 * it and the screen goes to a terminal on /dev/null of size VGREV_TEST_SIZE (WxH, default
 * 80x24); `:dump` appends the screen to the file VGREV_TEST_DUMP. The script, one item a line:
 *     <Space> <Enter> <Esc> <Tab> <BS> <Up> <Down> <Left> <Right> <PgUp> <PgDn> <Home> <End>
 *     <C-c>      Ctrl-C (what SIGINT gives)
 *     <lt>       a literal '<'
 *     <Resize WxH>  the terminal becomes W columns by H rows
 *     text       any other text is typed key by key (key names may be mixed in: j<Down>k)
 *     :dump      the current screen, rows with trailing spaces trimmed, then a line "-----"
 *     :wait N    the clock moves N seconds on (the screen sees a timer tick)
 *     # comment, or an empty line
 * The end of the script quits as SIGTERM does. */
#ifndef VG_UI_H
#define VG_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vgrev/error.h"
#include "vgrev/render.h"

/* Below this the screens show a "window too small" notice instead. */
enum { UI_MIN_COLS = 20, UI_MIN_ROWS = 6 };

/* Keys: a character is its code point; the others are above Unicode. */
enum {
    UI_KEY_NONE = -1, /* no key: the timeout of ui_run's tick passed */
    UI_KEY_BASE = 0x110000,
    UI_KEY_ENTER,
    UI_KEY_ESC,
    UI_KEY_TAB,
    UI_KEY_BACKSPACE,
    UI_KEY_UP,
    UI_KEY_DOWN,
    UI_KEY_LEFT,
    UI_KEY_RIGHT,
    UI_KEY_PGUP,
    UI_KEY_PGDN,
    UI_KEY_HOME,
    UI_KEY_END,
    UI_KEY_RESIZE,
    UI_KEY_REDRAW, /* Ctrl-L: the dispatcher repaints the whole terminal */
    UI_KEY_INTR,   /* Ctrl-C (SIGINT): screens treat it as their quit key */
    UI_KEY_QUIT,   /* SIGTERM, SIGHUP, the end of a test script: leave now */
    UI_KEY_UNKNOWN,
};

/* Actions the dispatcher handles itself; screens number theirs from 1. */
enum { UI_ACT_NONE = 0, UI_ACT_HELP = -1 };

/* One row of a key table: the key, the action, the key's name in the help, what it does.
 * A row whose help is NULL adds its key to the help line of the row before it ("j/Down/k/Up
 * scroll a line"); help "" leaves the row out of the help. */
typedef struct ui_key {
    int key;
    int action;
    const char *name;
    const char *help;
} ui_key;

/* The action of key in the table, or UI_ACT_NONE. */
int ui_key_action(const ui_key *keys, size_t n, int key);

/* The name of the first key bound to action ("Space"), or NULL. */
const char *ui_key_name(const ui_key *keys, size_t n, int action);

/* What a piece of the screen is; ui.c maps it to colours or, without colours, to bold, dim,
 * reverse and underline. */
typedef enum ui_role {
    UI_R_NORMAL,
    UI_R_DIM,    /* secondary text: the section of a front, hints */
    UI_R_STRONG, /* bold */
    UI_R_TITLE,  /* the deck's name in the top line */
    UI_R_NEW,    /* the three counts */
    UI_R_LEARN,
    UI_R_DUE,
    UI_R_BAR,     /* the done part of a progress bar */
    UI_R_BAR_OFF, /* its rest */
    UI_R_RULE,    /* separators */
    UI_R_KEY,     /* a key in a hint line */
    UI_R_AGAIN,   /* the four answer buttons */
    UI_R_HARD,
    UI_R_GOOD,
    UI_R_EASY,
    UI_R_NOTICE, /* a message after an action */
    UI_R_ERROR,
    UI_R_COUNT
} ui_role;

typedef struct ui ui;

typedef struct ui_opts {
    bool fixed_clock; /* VGREV_NOW was given: */
    int64_t now;      /* the clock starts at this time (Unix seconds) */
} ui_opts;

/* Takes the terminal (or, with VGREV_TEST_KEYS, sets up the headless test mode). Refuses with
 * VG_USAGE and a message pointing to --plain when stdin or stdout is not a terminal or TERM
 * is dumb or unknown. The caller closes it with ui_close() on every path. */
vg_status ui_open(const ui_opts *opts, ui **out, vg_error *err);

/* Gives the terminal back as it was (endwin) and frees u. NULL is fine. After a failure of
 * the test script (an unknown key name, a dump file that cannot be written) *err, when not
 * NULL, says what went wrong and the result is VG_USAGE or VG_IO; otherwise VG_OK. */
vg_status ui_close(ui *u, vg_error *err);

/* Leaves curses for a child program (the editor) and comes back, redrawing everything. */
void ui_suspend(ui *u);
void ui_resume(ui *u);

/* Runs argv (no shell: execvp) with the terminal given back to it, waits for it and redraws.
 * Returns its exit status, 127 when it could not be started, or -1 when fork failed. */
int ui_spawn(ui *u, char *const argv[]);

/* True in the headless test mode. */
bool ui_headless(const ui *u);

/* The time now: the real clock, or with a fixed clock its start plus the time passed since
 * ui_open (in the headless mode: plus the script's :wait seconds). */
int64_t ui_now(const ui *u);

/* The size of the screen. */
int ui_rows(const ui *u);
int ui_cols(const ui *u);

/* ---- painting: into the curses buffer; ui_run shows it once per key -------------------- */

/* Blanks the whole screen. */
void ui_erase(ui *u);

/* Writes s[0..len) (sanitized UTF-8) at row y, column x, in at most maxw columns (and never
 * past the screen's edge); a character that would not fit whole is left out. style is
 * vg_style flags on top of the role. Returns the columns written. */
int ui_put(ui *u, int y, int x, int maxw, const char *s, size_t len, ui_role role, unsigned style);
int ui_puts(ui *u, int y, int x, int maxw, const char *s, ui_role role);

/* Writes the C string s as ui_put does, cut with "…" when wider than maxw. */
int ui_put_cut(ui *u, int y, int x, int maxw, const char *s, ui_role role);

/* Repeats the one-character string ch (UTF-8) over w columns from (y, x). */
void ui_fill(ui *u, int y, int x, int w, const char *ch, ui_role role);

/* Paints lines[first .. first+h) into the rectangle of h rows and w columns at (y, x): each
 * run with its style (bold, italic, code, math); role is the base of plain runs. */
void ui_paint_lines(ui *u, const vg_lines *lines, size_t first, int y, int x, int h, int w,
                    ui_role role);

/* Display columns of s[0..len) (as curses counts them). */
int ui_width(const char *s, size_t len);

/* ---- screens --------------------------------------------------------------------------- */

enum { UI_STAY = 0, UI_LEAVE = 1 };

typedef struct ui_screen {
    const char *title; /* of its help overlay */
    /* Paints the whole screen (after ui_erase); the size is at least the minimum. */
    void (*draw)(void *ctx, ui *u);
    /* A key (UI_KEY_NONE for a timer tick) and its action in the current key table.
     * Returns UI_STAY or UI_LEAVE. */
    int (*key)(void *ctx, ui *u, int key, int action);
    /* The key table of the screen's current state. */
    const ui_key *(*keys)(void *ctx, size_t *n);
    /* Milliseconds until the screen wants a tick, or -1 for none (may be NULL). */
    int (*wait_ms)(void *ctx, ui *u);
} ui_screen;

/* Runs the screen until its key() returns UI_LEAVE or a UI_KEY_QUIT arrives (which goes to
 * key() first, then ends the loop). Handles for every screen: resizing (below the minimum it
 * shows "window too small", where only Ctrl-C and the quit keys work), '?' (UI_ACT_HELP: the
 * help overlay from the key table, scrolled with j/k, arrows and pages, closed by any other
 * key) and drawing each state once per key. */
void ui_run(ui *u, const ui_screen *screen, void *ctx);

#endif
