/* The terminal and the screen engine shared by the screens (study, the browser, stats).
 *
 * src/ui is the only code that includes curses; this header does not, so src/cli can start
 * and stop the terminal without seeing it. One `ui` owns the terminal between ui_open() and
 * ui_close(). A screen is a small table of functions over its own state (ui_screen_ops, as
 * tig's views); screens form a stack, and ui_run() is the one key loop. Keys are data
 * (keys.h): the dispatch, the help overlay and the hint lines come from the keymaps.
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
 *     :idle      a pause between keys: the screen gets the ticks it asks for at once (as the
 *                browser's search does for the matches it has not looked at) until it is done
 *     # comment, or an empty line
 * The end of the script quits as SIGTERM does. */
#ifndef VG_UI_H
#define VG_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/keys.h"
#include "vgrev/deck.h"
#include "vgrev/error.h"
#include "vgrev/render.h"

/* Below this the screens show a "window too small" notice instead. */
enum { UI_MIN_COLS = 20, UI_MIN_ROWS = 6 };

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
    UI_R_SELECT, /* the background of a list's selected row */
    UI_R_COUNT
} ui_role;

typedef struct ui ui;

typedef struct ui_opts {
    bool fixed_clock; /* VGREV_NOW was given: */
    int64_t now;      /* the clock starts at this time (Unix seconds) */
    /* For the refusal without a terminal: what needs one ("the browser") and the command
     * to use instead ("vgrev list --plain"); NULL: the study screen's. */
    const char *what, *instead;
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

/* Opens file at line in the user's editor ($EDITOR, else $VISUAL, else vi; split at blanks,
 * no shell) through ui_spawn. Returns the editor's exit status, 127 when it could not be
 * started, or -1 when fork failed or memory ran out. */
int ui_edit(ui *u, const char *file, unsigned line);

/* Runs argv (no shell: execvp) with the terminal given back to it, waits for it and redraws.
 * Returns its exit status, 127 when it could not be started, or -1 when fork failed. */
int ui_spawn(ui *u, char *const argv[]);

/* True in the headless test mode. */
bool ui_headless(const ui *u);

/* The time now: the real clock, or with a fixed clock its start plus the time passed since
 * ui_open (in the headless mode: plus the script's :wait seconds). */
int64_t ui_now(const ui *u);

/* A monotonic clock in milliseconds, for measuring how long something took (answer times);
 * in the headless mode the script's :wait seconds. */
int64_t ui_elapsed_ms(const ui *u);

/* The size of the screen. */
int ui_rows(const ui *u);
int ui_cols(const ui *u);

/* ---- painting: into the curses buffer; ui_run shows it once per key -------------------- */

/* Blanks the whole screen. */
void ui_erase(ui *u);

/* Styles of ui_put beside the vg_style flags: the selected row of a list (reverse video) and
 * a search match (bold and underlined). */
enum { UI_STYLE_SELECTED = 1u << 12, UI_STYLE_MATCH = 1u << 13 };

/* Writes s[0..len) (sanitized UTF-8) at row y, column x, in at most maxw columns (and never
 * past the screen's edge); a character that would not fit whole is left out. style is
 * vg_style flags on top of the role. Returns the columns written. */
int ui_put(ui *u, int y, int x, int maxw, const char *s, size_t len, ui_role role, unsigned style);
int ui_puts(ui *u, int y, int x, int maxw, const char *s, ui_role role);

/* Writes the C string s as ui_put does, cut with "…" when wider than maxw. */
int ui_put_cut(ui *u, int y, int x, int maxw, const char *s, ui_role role);
/* The rows s takes wrapped at spaces to maxw columns (a word wider than a row is broken). */
int ui_wrap_rows(const char *s, int maxw);
/* s wrapped to maxw columns on rows y to y + nrows - 1; what does not fit is cut with "…". */
void ui_put_wrapped(ui *u, int y, int x, int maxw, int nrows, const char *s, ui_role role);

/* Repeats the one-character string ch (UTF-8) over w columns from (y, x). */
void ui_fill(ui *u, int y, int x, int w, const char *ch, ui_role role);

/* Paints lines[first .. first+h) into the rectangle of h rows and w columns at (y, x): each
 * run with its style (bold, italic, code, math); role is the base of plain runs. */
void ui_paint_lines(ui *u, const vg_lines *lines, size_t first, int y, int x, int h, int w,
                    ui_role role);

/* Display columns of s[0..len) (as curses counts them). */
int ui_width(const char *s, size_t len);

/* ---- the screen engine (engine.c) -------------------------------------------------------- */

/* A screen's position: the first line shown (top) and, in a list, the selected item (sel),
 * over n lines or items of which page fit the window at the last draw. The engine moves it
 * for the moving actions the screen hands back: a list moves its selection a line or a page
 * (and its top follows when drawn, ui_pos_follow); a pager scrolls, a page keeping a line of
 * the last one. */
typedef struct ui_pos {
    size_t top, sel;
    size_t n, page;
    bool list;
} ui_pos;

/* Moves p for a moving action; false when action is not one. */
bool ui_pos_move(ui_pos *p, int action);

/* A list's top after its selection moved, with n items of which visible fit; a pager's top
 * clamped to its last page. */
void ui_pos_follow(ui_pos *p, size_t n, size_t visible);
void ui_pos_clamp(ui_pos *p, size_t n, size_t page);

/* What a screen's request() returns. */
enum {
    UI_HANDLED, /* done */
    UI_PASS,    /* not the screen's: the engine does what it does for every screen */
    UI_LEAVE,   /* pop this screen */
    UI_QUIT,    /* pop every screen (Ctrl-C in a screen opened from another one) */
};

/* A screen, as tig's views: a small table of functions over the screen's own state. */
typedef struct ui_screen_ops {
    /* Paints the whole screen (after ui_erase); the size is at least the minimum. */
    void (*draw)(void *ctx, ui *u);
    /* An action of the screen's keymap for key (UI_A_NONE: no action; key UI_KEY_NONE: a
     * timer tick; key UI_KEY_QUIT: the screen is closed right after, whatever it returns). */
    int (*request)(void *ctx, ui *u, int action, int key);
    /* The keymap of the screen's current state. */
    const ui_keymap *(*keymap)(void *ctx);
    /* Where the moving actions act (may be NULL: none). */
    ui_pos *(*pos)(void *ctx);
    /* Milliseconds until the screen wants a tick, or -1 for none (may be NULL). */
    int (*wait_ms)(void *ctx, ui *u);
    /* Work that waits until the screen is on the terminal, done before the next key is read
     * (may be NULL): true when it changed what the screen shows, which is then drawn again. */
    bool (*idle)(void *ctx, ui *u);
    /* The screen was popped: it frees its state (may be NULL). */
    void (*close)(void *ctx, ui *u);
} ui_screen_ops;

/* Puts a screen on top of the stack; it shows from the next key on. False when the stack is
 * full: the screen is not taken (the caller frees it). */
bool ui_push(ui *u, const ui_screen_ops *ops, void *ctx);

/* Pops the screen on top before the next draw (from a done callback that found the screen
 * below cannot go on). */
void ui_leave(ui *u);

/* Runs the screens until the stack is empty. Handles for every screen: resizing (below the
 * minimum it shows "window too small", where only Ctrl-C and the quit keys work), the help
 * overlay (UI_A_HELP: made from the keymap, scrolled with j/k, arrows and pages, closed by any
 * other key), the moving actions a screen passes back, the notice (cleared by each key with
 * an action), and drawing each state once per key. UI_KEY_QUIT closes every screen. */
void ui_run(ui *u);

/* The notice of the screen on top (a message after an action), shown by its draw(). */
void ui_notice(ui *u, ui_role role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void ui_notice_clear(ui *u);
/* The notice of the screen on top, or NULL when there is none. */
const char *ui_notice_get(const ui *u, ui_role *role);

/* The keymap's hint line, centred on row y, leaving out action omit (UI_A_NONE: none). */
void ui_draw_hints(ui *u, int y, const ui_keymap *km, int omit);
/* The same, each hint's word from fn (see ui_keymap_hints_by). */
void ui_draw_hints_by(ui *u, int y, const ui_keymap *km, ui_hint_word_fn *fn, void *ctx);

/* Text centred on row y (cut with "…" when wider than the screen). */
void ui_draw_center(ui *u, int y, const char *text, ui_role role);

/* The side margin of lists and the stats (1 from 40 columns, else 0), and the width of a
 * card's text (at most 80 columns, with margins of 2, or 1 below 40 columns). */
int ui_margin(const ui *u);
int ui_text_width(const ui *u);

/* The top line: title on the left, the parts on the right ("New 3 · Learning 0 · Due 0").
 * When both do not fit, the title alone, or with keep_parts the parts alone. */
typedef struct ui_part {
    const char *text;
    ui_role role;
} ui_part;
enum { UI_COUNT_PARTS = 8 };
/* The parts of "New 3 · Learning 0 · Due 0" (the words only from 50 columns); num holds the
 * numbers. */
void ui_count_parts(const ui *u, size_t new_cards, size_t learning, size_t due,
                    ui_part parts[UI_COUNT_PARTS], char num[3][24]);
void ui_draw_top(ui *u, const char *title, const ui_part *parts, size_t n, bool keep_parts);

/* The card view: its heading ("Section › Subsection › Front", vg_card_heading), a rule and
 * its back, rendered once per card and width. */
typedef struct ui_card_view {
    const vg_card *card; /* rendered for; NULL: nothing */
    int w;
    vg_lines head, back;
} ui_card_view;
void ui_card_view_init(ui_card_view *cv);
void ui_card_view_release(ui_card_view *cv);
/* Forgets the lines (the deck changed); the next update renders again. */
void ui_card_view_forget(ui_card_view *cv);
/* Renders card (NULL: nothing) at the text width, unless it already is. */
void ui_card_view_update(ui_card_view *cv, ui *u, const vg_deck *deck, const vg_card *card);
/* Lines of the body: the heading, and with back the rule and the back. */
size_t ui_card_view_lines(const ui_card_view *cv, bool back);
/* Paints h body lines from p->top at row y0, centred at the text width. */
void ui_card_view_paint(const ui_card_view *cv, ui *u, size_t top, int y0, int h, bool back);

/* Where a pager stands, when its text is longer than the window: with hint_y >= 0 a hint
 * ("↓ more: j/PgDn") ending at column x_end of that row; else arrows in the last column of the
 * rows y0 and y0 + h - 1. */
void ui_draw_scroll_mark(ui *u, const ui_pos *p, int hint_y, int x_end, int y0, int h);

/* Opens the card or section at line of file in the editor (ui_edit). On the built-in deck, the
 * first press offers a copy (ui_set_copy_builtin) and a second one in a row makes it and opens
 * the copy at the same line; without a copier it says why not ("... study a notebook file ..."
 * with verb). True when the editor ran: the caller reads the deck again. */
bool ui_edit_deck(ui *u, const char *file, unsigned line, const char *verb);

/* Copies the built-in deck into the user's decks (`e` on it, pressed twice): *path
 * (malloc'd) is the copy, a file that keeps the deck's name and so its progress; *existed when
 * one was there already, left as it is (never clobbered). */
typedef vg_status ui_copy_fn(char **path, bool *existed, vg_error *err);

/* Without it, `e` on the built-in deck only says that it cannot be edited. */
void ui_set_copy_builtin(ui *u, ui_copy_fn *fn);

/* Whether `e` can open file (the built-in deck cannot): hint lines leave `e` out otherwise. */
bool ui_editable(const char *file);

/* The curses library this program runs with ("ncurses 6.4.20221231"), for `vgrev --version`. */
const char *ui_curses_version(void);

#endif
