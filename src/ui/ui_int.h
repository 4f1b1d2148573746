/* Private to src/ui: the engine's state and the curses headers. */
#ifndef VG_UI_INT_H
#define VG_UI_INT_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <curses.h>
#include <signal.h>
#include <stdio.h>

#include "ui/ui.h"

enum { UI_NSIGNALS = 3, UI_MAX_SCREENS = 8, UI_NOTICE_MAX = 320 };

/* A screen on the stack, with its notice. */
typedef struct ui_frame {
    const ui_screen_ops *ops;
    void *ctx;
    char notice[UI_NOTICE_MAX];
    ui_role notice_role;
    bool leave; /* ui_leave: popped before the next draw */
} ui_frame;

struct ui {
    SCREEN *scr;
    bool headless;
    bool color;
    bool signals_caught;
    struct sigaction old_sig[UI_NSIGNALS];
    attr_t attr[UI_R_COUNT]; /* per role */
    short pair[UI_R_COUNT];
    short code_pair, math_pair, cloze_pair; /* 0 without colours */

    /* the clock */
    bool fixed_clock;
    int64_t clock_base;
    int64_t mono_start; /* ms */
    int64_t virtual_secs;
    bool idle; /* the script's :idle: ticks while the screen asks for them at once */

    /* headless test mode */
    FILE *script, *null_tty;
    const char *script_name, *dump_name;
    unsigned script_line;
    char *line;
    size_t line_cap;
    int *pending; /* keys of the current script line */
    size_t npending, next_pending, cap_pending;
    vg_error fail; /* the first problem with the script or the dump */

    /* the screens (engine.c) */
    ui_frame frames[UI_MAX_SCREENS];
    size_t nframes;
    unsigned long nkeys; /* keys dispatched so far */

    /* `e` on the built-in deck: the copier, and the key count of its offer (0: none) */
    ui_copy_fn *copy_builtin;
    unsigned long copy_offer;
};

/* Sets up the colour pairs and the attribute of each role (ui_draw.c). */
void ui_colors_init(ui *u);

/* The help overlay (ui_draw.c): draws it over the screen; p->top is clamped, p->page set. */
void ui_help_draw(ui *u, const ui_keymap *km, ui_pos *p);

/* The "window too small" notice (ui_draw.c). */
bool ui_too_small(void);
void ui_too_small_draw(ui *u);

/* A centred hint line (ui_draw.c; screens use ui_draw_hints) of (key, what) pairs, "Enter open   /
 * search   q quit": as many pairs as fit in the width (at least the first key). n counts the
 * strings (twice the pairs). */
void ui_hints(ui *u, int y, const char *const *pairs, size_t n);

/* Closes every screen left on the stack (ui_close: nothing is left behind). */
void ui_close_screens(ui *u);

/* The next key (UI_KEY_NONE when timeout_ms >= 0 passed without one). */
int ui_read_key(ui *u, int timeout_ms);

#endif
