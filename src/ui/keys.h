/* Keys as data (tig's request table and keymaps): every action the screens know is declared
 * once in UI_ACTION_INFO (its name, its help line, its word in a hint line); every key is
 * bound once, in a keymap. The dispatcher, the `?` overlay, the hint lines and the KEYS
 * section of the manual (`vgrev keys --man`) are all made from these tables, so they cannot
 * drift apart. No curses here.
 *
 * Keys every screen shares (moving, paging, help, quit, edit) are bound once, in the generic
 * keymap; a screen's keymap takes one of them with UI_USE(action), at the place it wants in
 * its help, and binds its own keys beside them. */
#ifndef VG_UI_KEYS_H
#define VG_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "vgrev/buf.h"

/* Keys: a character is its code point; the others are above Unicode. */
enum {
    UI_KEY_NONE = -1, /* no key: the timeout of a screen's tick passed */
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

/* The actions: _(ID, name, help, help in a pager, hint word). A help of NULL puts the action
 * on the help line of the action declared just before it ("j/Down/k/Up  scroll a line"); the
 * pager help is what a moving key does where the screen scrolls text rather than moving a
 * selection (NULL: the same). */
#define UI_ACTION_INFO(_)                                                                          \
    /* moving, in the generic keymap: a list's selection, or a pager's text */                     \
    _(MOVE_DOWN, "move-down", "move down or up", "scroll a line", "scroll")                        \
    _(MOVE_UP, "move-up", NULL, NULL, NULL)                                                        \
    _(MOVE_PAGE_DOWN, "move-page-down", "a page down or up", "scroll a page", NULL)                \
    _(MOVE_PAGE_UP, "move-page-up", NULL, NULL, NULL)                                              \
    _(MOVE_FIRST, "move-first", "the first or the last", "top or end of the card", NULL)           \
    _(MOVE_LAST, "move-last", NULL, NULL, NULL)                                                    \
    _(SCROLL_RIGHT, "scroll-right", "along lines wider than the window", NULL, "wide lines")       \
    _(SCROLL_LEFT, "scroll-left", NULL, NULL, NULL)                                                \
    /* every screen */                                                                             \
    _(HELP, "help", "this help", NULL, "help")                                                     \
    _(QUIT, "quit", "quit", NULL, "quit")                                                          \
    _(BACK, "back", "back", NULL, "back")                                                          \
    _(EDIT, "edit", "edit the card in $EDITOR", NULL, "edit")                                      \
    /* the study screen: answering */                                                              \
    _(REVEAL, "reveal", "show the answer", NULL, "show answer")                                    \
    _(AGAIN, "again", "Again: forgotten", NULL, NULL)                                              \
    _(HARD, "hard", "Hard: recalled with effort", NULL, NULL)                                      \
    _(GOOD, "good", "Good: recalled", NULL, NULL)                                                  \
    _(EASY, "easy", "Easy: recalled at once", NULL, NULL)                                          \
    /* the study screen: the card and the session */                                               \
    _(UNDO, "undo", "undo the last action", NULL, "undo")                                          \
    _(BURY, "bury", "bury until tomorrow", NULL, NULL)                                             \
    _(SUSPEND, "suspend", "suspend the card", NULL, NULL)                                          \
    _(AHEAD, "study-ahead", "study the next card now", NULL, "study ahead")                        \
    _(STOP, "stop", "end the session", NULL, "quit")                                               \
    _(LEAVE, "leave", "leave", NULL, "leave")                                                      \
    /* the browser */                                                                              \
    _(OPEN, "open", "open the section: its cards", NULL, "open")                                   \
    _(SEARCH, "search", "search the fronts and backs", NULL, "search")                             \
    _(FIND_NEXT, "find-next", "next or previous match", NULL, NULL)                                \
    _(FIND_PREV, "find-prev", NULL, NULL, NULL)                                                    \
    _(STUDY, "study", "study the section", NULL, "study")                                          \
    _(TOGGLE_SUSPEND, "toggle-suspend", "suspend or unsuspend the card", NULL, "suspend")          \
    _(STATS, "stats", "statistics of the deck", NULL, NULL)                                        \
    _(UNBURY, "unbury", "unbury the card", NULL, "unbury")                                         \
    _(RESET, "reset", "reset the card to new (R R)", NULL, "reset")                                \
    _(CARD_INFO, "card-info", "the card's reviews and curve", NULL, "info")                        \
    /* the stats screen */                                                                         \
    _(RETENTION, "retention", "choose a desired retention: a year simulated", NULL, "retention")   \
    /* the browser's search prompt */                                                              \
    _(ACCEPT, "accept", "end the search, keep the results", NULL, "keep")                          \
    _(CANCEL, "cancel", "cancel the search", NULL, "cancel")                                       \
    _(ERASE, "erase", "erase a character", NULL, NULL)

#define UI_ACTION_ENUM(id, name, help, pager, hint) UI_A_##id,
typedef enum ui_action { UI_A_NONE = 0, UI_ACTION_INFO(UI_ACTION_ENUM) UI_A_COUNT } ui_action;
#undef UI_ACTION_ENUM

typedef struct ui_action_info {
    const char *name, *help, *pager_help, *hint;
} ui_action_info;

/* The declaration of action a (UI_A_NONE and out of range: all NULL). */
const ui_action_info *ui_action_get(int a);

/* One binding of a keymap: key 0 takes the generic keymap's keys for the action (UI_USE).
 * help: NULL, the action's own line; "" leaves the binding out of the help; anything else,
 * the screen's own words for the action (its first binding only). */
typedef struct ui_bind {
    int key;
    int action;
    const char *help;
} ui_bind;

#define UI_USE(a)                                                                                  \
    {                                                                                              \
        0, UI_A_##a, NULL                                                                          \
    }

/* A word of a hint line: the key (NULL: the first key bound to the action) and the word
 * (NULL: the action's hint). */
typedef struct ui_hint {
    int action;
    const char *key, *word;
} ui_hint;

typedef struct ui_keymap {
    const char *name;  /* in the manual: "study: the front of a card" */
    const char *title; /* of the help overlay: "Keys: study" */
    bool pager;        /* moving keys scroll text (their pager help) */
    const ui_bind *binds;
    size_t nbinds;
    const ui_hint *hints;
    size_t nhints;
} ui_keymap;

/* The keymaps of every screen, in the manual's order. */
enum {
    UI_KM_STUDY_FRONT,
    UI_KM_STUDY_BACK,
    UI_KM_STUDY_WAIT,
    UI_KM_STUDY_END,
    UI_KM_SECTIONS,
    UI_KM_CARDS,
    UI_KM_CARD,
    UI_KM_SEARCH,
    UI_KM_STATS,
    UI_KM_STATS_PAGE,
    UI_KM_HELP,
    UI_KM_COUNT
};
const ui_keymap *ui_keymap_get(int which);

/* The action of key in km (or in the generic keymap, for the actions km takes from it), or
 * UI_A_NONE. */
int ui_keymap_action(const ui_keymap *km, int key);

/* The display name of a key: "Space", "PgDn", "Ctrl-C", "q". buf holds a character's. */
const char *ui_key_label(int key, char buf[8]);

/* The help lines of km: label ("q/Esc/Ctrl-C") and text, in the keymap's order. Returns the
 * number of lines (at most max). */
enum { UI_HELP_LABEL_MAX = 48 };
typedef struct ui_help_line {
    char label[UI_HELP_LABEL_MAX];
    const char *help;
} ui_help_line;
size_t ui_keymap_help(const ui_keymap *km, ui_help_line *out, size_t max);

/* The (key, word) pairs of km's hint line, leaving out action `omit` (UI_A_NONE: none); n
 * counts the strings. Labels live in keys[] (UI_HELP_LABEL_MAX bytes each). */
size_t ui_keymap_hints(const ui_keymap *km, int omit, const char **pairs, char (*keys)[8],
                       size_t max_pairs);

/* Remapping (config.yaml's keys:): the action named name ("again"), or UI_A_NONE; the key
 * of text, a character that prints ("&", "é") or a key's display name ("Space", "PgDn"), or 0;
 * key as action's own key in every keymap that has the action, before the action's other
 * keys and over the key's meaning there; ui_keys_reset forgets every remap. */
int ui_action_find(const char *name);
int ui_key_parse(const char *text);
void ui_keys_remap(int action, int key);
void ui_keys_reset(void);

/* The first key of action in km's help order (a remapped key first), or 0. */
int ui_keymap_first_key(const ui_keymap *km, int action);

/* The KEYS section of the manual (roff, from ".SH KEYS" to the end of the list). */
void ui_keys_man(vg_buf *out);

#endif
