/* The action table and the keymaps of every screen (see keys.h). */
#include "ui/keys.h"

#include <stdio.h>
#include <string.h>

#include "vgrev/utf8.h"

#define S_N(a) (sizeof(a) / sizeof *(a))

#define S_INFO(id, name, help, pager, hint) [UI_A_##id] = {name, help, pager, hint},
static const ui_action_info S_actions[UI_A_COUNT] = {UI_ACTION_INFO(S_INFO)};
#undef S_INFO

const ui_action_info *ui_action_get(int a)
{
    static const ui_action_info none = {NULL, NULL, NULL, NULL};
    return a > UI_A_NONE && a < UI_A_COUNT ? &S_actions[a] : &none;
}

/* ---- the keymaps --------------------------------------------------------------------------- */

#define B(key, a)                                                                                  \
    {                                                                                              \
        key, UI_A_##a, NULL                                                                        \
    }
#define BH(key, a, help)                                                                           \
    {                                                                                              \
        key, UI_A_##a, help                                                                        \
    }
#define H(a, key, word)                                                                            \
    {                                                                                              \
        UI_A_##a, key, word                                                                        \
    }
#define KM(name, title, pager, binds, hints)                                                       \
    {                                                                                              \
        name, title, pager, binds, S_N(binds), hints, S_N(hints)                                   \
    }

/* The keys every screen shares, bound once. */
static const ui_bind S_generic[] = {
    B('j', MOVE_DOWN),
    B(UI_KEY_DOWN, MOVE_DOWN),
    B('k', MOVE_UP),
    B(UI_KEY_UP, MOVE_UP),
    B(UI_KEY_PGDN, MOVE_PAGE_DOWN),
    B(UI_KEY_PGUP, MOVE_PAGE_UP),
    B('g', MOVE_FIRST),
    B(UI_KEY_HOME, MOVE_FIRST),
    B('G', MOVE_LAST),
    B(UI_KEY_END, MOVE_LAST),
    B('?', HELP),
    B(UI_KEY_INTR, QUIT),
    B('e', EDIT),
};

/* The study screen: the card's body scrolls with the line and page keys, Home and End. */
#define S_STUDY_SCROLL                                                                             \
    UI_USE(MOVE_DOWN), UI_USE(MOVE_UP), UI_USE(MOVE_PAGE_DOWN), UI_USE(MOVE_PAGE_UP),              \
        B(UI_KEY_HOME, MOVE_FIRST), B(UI_KEY_END, MOVE_LAST), UI_USE(EDIT), B('u', UNDO),          \
        B('b', BURY), B('s', SUSPEND), UI_USE(HELP), B('q', STOP), B(UI_KEY_INTR, STOP)

static const ui_bind S_study_front[] = {
    B(' ', REVEAL),
    B(UI_KEY_ENTER, REVEAL),
    S_STUDY_SCROLL,
};
static const ui_hint S_study_front_hints[] = {
    H(REVEAL, NULL, NULL), H(HELP, NULL, NULL), H(STOP, NULL, NULL),
    H(EDIT, NULL, NULL),   H(UNDO, NULL, NULL),
};

static const ui_bind S_study_back[] = {
    B('1', AGAIN),         B('2', HARD), B('3', GOOD),   B(' ', GOOD),
    B(UI_KEY_ENTER, GOOD), B('4', EASY), S_STUDY_SCROLL,
};
/* The back shows the four answer buttons instead of hints. */
static const ui_hint S_no_hints[] = {{UI_A_NONE, NULL, NULL}};

static const ui_bind S_study_wait[] = {
    B('a', AHEAD), B(UI_KEY_ENTER, AHEAD),     B('u', UNDO),
    UI_USE(HELP),  BH('q', STOP, "stop here"), B(UI_KEY_INTR, STOP),
};
static const ui_hint S_study_wait_hints[] = {H(AHEAD, NULL, NULL), H(STOP, NULL, "stop here")};

static const ui_bind S_study_end[] = {
    B('q', LEAVE),         B(UI_KEY_ENTER, LEAVE), B(UI_KEY_ESC, LEAVE),
    B(UI_KEY_INTR, LEAVE), B('u', UNDO),           UI_USE(HELP),
};
static const ui_hint S_study_end_hints[] = {H(LEAVE, NULL, NULL), H(UNDO, NULL, NULL),
                                            H(HELP, NULL, NULL)};

/* The browser: lists move a selection; the card view scrolls. */
#define S_LIST_MOVE                                                                                \
    UI_USE(MOVE_DOWN), UI_USE(MOVE_UP), UI_USE(MOVE_PAGE_DOWN), UI_USE(MOVE_PAGE_UP),              \
        UI_USE(MOVE_FIRST), UI_USE(MOVE_LAST)

#define S_FIND B('/', SEARCH), B('n', FIND_NEXT), B('N', FIND_PREV)
/* A list of cards and a card: the card's own keys, and back. */
#define S_CARD_TAIL                                                                                \
    B('S', TOGGLE_SUSPEND), UI_USE(EDIT), B('t', STATS), B('B', UNBURY), B('R', RESET),            \
        B('i', CARD_INFO), UI_USE(HELP), B('q', BACK), B(UI_KEY_ESC, BACK), B(UI_KEY_LEFT, BACK),  \
        UI_USE(QUIT)

static const ui_bind S_sections[] = {
    B(UI_KEY_ENTER, OPEN),
    B(UI_KEY_RIGHT, OPEN),
    S_LIST_MOVE,
    S_FIND,
    B('s', STUDY),
    BH('e', EDIT, "edit the section in $EDITOR"),
    BH('S', TOGGLE_SUSPEND, ""), /* says where it works */
    B('t', STATS),
    UI_USE(HELP),
    B('q', QUIT),
    B(UI_KEY_ESC, QUIT),
    UI_USE(QUIT),
};
static const ui_hint S_sections_hints[] = {
    H(OPEN, NULL, NULL), H(SEARCH, NULL, NULL), H(STUDY, NULL, NULL),
    H(HELP, NULL, NULL), H(QUIT, NULL, NULL),
};

static const ui_bind S_cards[] = {
    BH(UI_KEY_ENTER, OPEN, "show the card, front and back"),
    B(UI_KEY_RIGHT, OPEN),
    S_LIST_MOVE,
    S_FIND,
    BH('s', STUDY, "study these cards"),
    S_CARD_TAIL,
};
static const ui_hint S_cards_hints[] = {
    H(OPEN, NULL, "show"),         H(SEARCH, NULL, NULL), H(STUDY, NULL, NULL),
    H(TOGGLE_SUSPEND, NULL, NULL), H(HELP, NULL, NULL),   H(BACK, NULL, NULL),
};

static const ui_bind S_card[] = {
    S_LIST_MOVE,
    B('n', FIND_NEXT),
    B('N', FIND_PREV),
    B('/', SEARCH),
    BH('s', STUDY, "study the cards of the list"),
    S_CARD_TAIL,
};
static const ui_hint S_card_hints[] = {
    H(TOGGLE_SUSPEND, NULL, NULL), H(EDIT, NULL, NULL), H(STUDY, NULL, NULL),
    H(HELP, NULL, NULL),           H(BACK, NULL, NULL),
};

/* While typing a search every other key is text ('?' too). */
static const ui_bind S_search[] = {
    B(UI_KEY_ENTER, ACCEPT),      B(UI_KEY_ESC, CANCEL), B(UI_KEY_BACKSPACE, ERASE),
    B(UI_KEY_DOWN, MOVE_DOWN),    B(UI_KEY_UP, MOVE_UP), B(UI_KEY_PGDN, MOVE_PAGE_DOWN),
    B(UI_KEY_PGUP, MOVE_PAGE_UP), UI_USE(QUIT),
};
static const ui_hint S_search_hints[] = {H(ACCEPT, NULL, NULL), H(CANCEL, NULL, NULL),
                                         H(MOVE_DOWN, "↑↓", "move")};

/* The statistics and the pages shown from them scroll alike. */
#define S_PAGER_MOVE                                                                               \
    UI_USE(MOVE_DOWN), UI_USE(MOVE_UP), UI_USE(MOVE_PAGE_DOWN), UI_USE(MOVE_PAGE_UP),              \
        B(' ', MOVE_PAGE_DOWN), BH('g', MOVE_FIRST, "the top or the end"),                         \
        B(UI_KEY_HOME, MOVE_FIRST), UI_USE(MOVE_LAST), B('l', SCROLL_RIGHT),                       \
        B(UI_KEY_RIGHT, SCROLL_RIGHT), B('h', SCROLL_LEFT), B(UI_KEY_LEFT, SCROLL_LEFT)
#define S_PAGER_TAIL UI_USE(HELP), B('q', BACK), B(UI_KEY_ESC, BACK), B('t', BACK), UI_USE(QUIT)

static const ui_bind S_stats[] = {S_PAGER_MOVE, B('r', RETENTION), S_PAGER_TAIL};
static const ui_hint S_stats_hints[] = {
    H(MOVE_DOWN, "j/k", NULL), H(SCROLL_RIGHT, "h/l", NULL), H(BACK, NULL, NULL),
    H(HELP, NULL, NULL),       H(RETENTION, NULL, NULL),
};
static const ui_bind S_page[] = {S_PAGER_MOVE, S_PAGER_TAIL};
static const ui_hint S_page_hints[] = {
    H(MOVE_DOWN, "j/k", NULL),
    H(SCROLL_RIGHT, "h/l", NULL),
    H(BACK, NULL, NULL),
    H(HELP, NULL, NULL),
};

/* The help overlay: these keys scroll it, any other closes it. */
static const ui_bind S_help_keys[] = {
    UI_USE(MOVE_DOWN),
    UI_USE(MOVE_UP),
    UI_USE(MOVE_PAGE_DOWN),
    UI_USE(MOVE_PAGE_UP),
    BH(UI_KEY_HOME, MOVE_FIRST, "the top or the end"),
    B(UI_KEY_END, MOVE_LAST),
};

static const ui_keymap S_keymaps[UI_KM_COUNT] = {
    [UI_KM_STUDY_FRONT] =
        KM("study: the front of a card", "Keys: study", true, S_study_front, S_study_front_hints),
    [UI_KM_STUDY_BACK] =
        KM("study: the answer shown", "Keys: study", true, S_study_back, S_no_hints),
    [UI_KM_STUDY_WAIT] = KM("study: waiting for a learning card", "Keys: study", true, S_study_wait,
                            S_study_wait_hints),
    [UI_KM_STUDY_END] =
        KM("study: the summary", "Keys: study", true, S_study_end, S_study_end_hints),
    [UI_KM_SECTIONS] =
        KM("list: the sections", "Keys: browser", false, S_sections, S_sections_hints),
    [UI_KM_CARDS] = KM("list: the cards of a section or a search", "Keys: browser", false, S_cards,
                       S_cards_hints),
    [UI_KM_CARD] = KM("list: a card", "Keys: browser", true, S_card, S_card_hints),
    [UI_KM_SEARCH] = KM("list: typing a search", "Keys: browser", false, S_search, S_search_hints),
    [UI_KM_STATS] = KM("stats", "Keys: statistics", true, S_stats, S_stats_hints),
    [UI_KM_STATS_PAGE] = KM("stats: a card's page, the retention simulation", "Keys: statistics",
                            true, S_page, S_page_hints),
    [UI_KM_HELP] =
        KM("the ? help (any other key closes it)", "Keys: help", true, S_help_keys, S_no_hints),
};

const ui_keymap *ui_keymap_get(int which)
{
    return which >= 0 && which < UI_KM_COUNT ? &S_keymaps[which] : NULL;
}

/* ---- remapping (config's keys:) ------------------------------------------------------------- */

/* The key config gives each action, besides its own (0: none). */
static int S_remap[UI_A_COUNT];

int ui_action_find(const char *name)
{
    for (int a = UI_A_NONE + 1; a < UI_A_COUNT; a++)
        if (!strcmp(S_actions[a].name, name))
            return a;
    return UI_A_NONE;
}

static const struct {
    int key;
    const char *name;
} S_key_names[] = {
    {' ', "Space"},           {UI_KEY_ENTER, "Enter"}, {UI_KEY_ESC, "Esc"},   {UI_KEY_TAB, "Tab"},
    {UI_KEY_BACKSPACE, "BS"}, {UI_KEY_UP, "Up"},       {UI_KEY_DOWN, "Down"}, {UI_KEY_LEFT, "Left"},
    {UI_KEY_RIGHT, "Right"},  {UI_KEY_PGUP, "PgUp"},   {UI_KEY_PGDN, "PgDn"}, {UI_KEY_HOME, "Home"},
    {UI_KEY_END, "End"},      {UI_KEY_INTR, "Ctrl-C"},
};

int ui_key_parse(const char *text)
{
    for (size_t i = 0; i < S_N(S_key_names); i++)
        if (!strcmp(S_key_names[i].name, text))
            return S_key_names[i].key;
    size_t len = strlen(text);
    uint32_t cp;
    if (!len || vg_utf8_decode(text, len, &cp) != len || vg_utf8_check(text, len) != len)
        return 0;
    /* A character that prints: controls are no keys to type. */
    return vg_char_width(cp) > 0 && cp != 32 ? (int)cp : 0;
}

void ui_keys_remap(int action, int key)
{
    if (action > UI_A_NONE && action < UI_A_COUNT)
        S_remap[action] = key;
}

void ui_keys_reset(void)
{
    memset(S_remap, 0, sizeof S_remap);
}

/* Whether km has action a (bound there, or taken from the generic keymap). */
static bool S_has(const ui_keymap *km, int a)
{
    for (size_t i = 0; i < km->nbinds; i++)
        if (km->binds[i].action == a)
            return true;
    return false;
}

/* ---- lookups --------------------------------------------------------------------------------- */

int ui_keymap_action(const ui_keymap *km, int key)
{
    /* A key the user chose comes first, over the key's own meaning; but while a search is
     * typed, a character is text. */
    bool typing = km == &S_keymaps[UI_KM_SEARCH] && key > 0 && key < UI_KEY_BASE;
    for (int a = UI_A_NONE + 1; a < UI_A_COUNT && !typing; a++)
        if (S_remap[a] == key && S_has(km, a))
            return a;
    for (size_t i = 0; i < km->nbinds; i++)
        if (km->binds[i].key && km->binds[i].key == key)
            return km->binds[i].action;
    /* Then the generic keymap, for the actions this keymap takes from it. */
    for (size_t g = 0; g < S_N(S_generic); g++) {
        if (S_generic[g].key != key)
            continue;
        for (size_t i = 0; i < km->nbinds; i++)
            if (!km->binds[i].key && km->binds[i].action == S_generic[g].action)
                return S_generic[g].action;
    }
    return UI_A_NONE;
}

const char *ui_key_label(int key, char buf[8])
{
    for (size_t i = 0; i < S_N(S_key_names); i++)
        if (S_key_names[i].key == key)
            return S_key_names[i].name;
    size_t n = key > 0 && key < UI_KEY_BASE ? vg_utf8_encode((uint32_t)key, buf) : 0;
    buf[n] = '\0';
    return buf;
}

/* The keys of a keymap in order, the generic ones it takes expanded in place. */
typedef void (*S_visit)(void *ctx, const ui_bind *b, int key);

static void S_walk(const ui_keymap *km, S_visit visit, void *ctx)
{
    for (size_t i = 0; i < km->nbinds; i++) {
        const ui_bind *b = &km->binds[i];
        bool first = true; /* the user's key goes before the action's first binding */
        for (size_t j = 0; j < i && first; j++)
            first = km->binds[j].action != b->action;
        if (first && S_remap[b->action])
            visit(ctx, b, S_remap[b->action]);
        if (b->key) {
            visit(ctx, b, b->key);
            continue;
        }
        for (size_t g = 0; g < S_N(S_generic); g++)
            if (S_generic[g].action == b->action)
                visit(ctx, b, S_generic[g].key);
    }
}

/* ---- the help ----------------------------------------------------------------------------------
 */

typedef struct S_help {
    const ui_keymap *km;
    ui_help_line *out;
    size_t max, n;
    int row_action; /* the action of the line being made; UI_A_NONE: none (or hidden) */
    bool hidden;
} S_help;

/* An action whose help is NULL belongs with the one declared before it. */
static int S_head(int a)
{
    return a > UI_A_NONE + 1 && !ui_action_get(a)->help ? a - 1 : a;
}

static void S_help_visit(void *ctx, const ui_bind *b, int key)
{
    S_help *h = ctx;
    char kb[8];
    const char *label = ui_key_label(key, kb);
    int head = S_head(b->action);
    if (h->row_action != UI_A_NONE && head == h->row_action) {
        if (!h->hidden) {
            ui_help_line *l = &h->out[h->n - 1];
            size_t len = strlen(l->label);
            snprintf(l->label + len, sizeof l->label - len, "/%s", label);
        }
        return;
    }
    h->row_action = head;
    const ui_action_info *info = ui_action_get(head);
    const char *text = b->help                            ? b->help
                       : h->km->pager && info->pager_help ? info->pager_help
                                                          : info->help;
    h->hidden = !text || !*text || h->n == h->max;
    if (h->hidden)
        return;
    ui_help_line *l = &h->out[h->n++];
    l->help = text;
    snprintf(l->label, sizeof l->label, "%s", label);
}

size_t ui_keymap_help(const ui_keymap *km, ui_help_line *out, size_t max)
{
    S_help h = {km, out, max, 0, UI_A_NONE, false};
    S_walk(km, S_help_visit, &h);
    return h.n;
}

/* ---- the hint line ------------------------------------------------------------------------- */

typedef struct S_first {
    int action, key;
} S_first;

static void S_first_visit(void *ctx, const ui_bind *b, int key)
{
    S_first *f = ctx;
    if (!f->key && b->action == f->action)
        f->key = key;
}

int ui_keymap_first_key(const ui_keymap *km, int action)
{
    S_first f = {action, 0};
    S_walk(km, S_first_visit, &f);
    return f.key;
}

size_t ui_keymap_hints(const ui_keymap *km, int omit, const char **pairs, char (*keys)[8],
                       size_t max_pairs)
{
    size_t n = 0;
    for (size_t i = 0; i < km->nhints && n / 2 < max_pairs; i++) {
        const ui_hint *h = &km->hints[i];
        if (h->action == UI_A_NONE || h->action == omit)
            continue;
        const char *key = h->key;
        if (!key) {
            S_first f = {h->action, 0};
            S_walk(km, S_first_visit, &f);
            key = ui_key_label(f.key, keys[n / 2]);
        }
        pairs[n++] = key;
        pairs[n++] = h->word ? h->word : ui_action_get(h->action)->hint;
    }
    return n;
}

/* ---- the manual --------------------------------------------------------------------------------
 */

/* Text for roff: a '-' is a hyphen only when escaped; a line must not start with '.' or '\''. */
static void S_roff(vg_buf *out, const char *s)
{
    if (*s == '.' || *s == '\'')
        vg_buf_adds(out, "\\&");
    for (; *s; s++) {
        if (*s == '-' || *s == '\\')
            vg_buf_addc(out, '\\');
        vg_buf_addc(out, *s == '\\' ? 'e' : *s);
    }
}

void ui_keys_man(vg_buf *out)
{
    vg_buf_adds(out,
                ".SH KEYS\n"
                "The keys of each terminal screen, as its \\fB?\\fR help lists them (both are\n"
                "made from the same tables).\n"
                ".PD 0\n");
    for (int k = 0; k < UI_KM_COUNT; k++) {
        const ui_keymap *km = &S_keymaps[k];
        ui_help_line lines[64];
        size_t n = ui_keymap_help(km, lines, S_N(lines));
        vg_buf_adds(out, ".SS ");
        S_roff(out, km->name);
        vg_buf_addc(out, '\n');
        for (size_t i = 0; i < n; i++) {
            vg_buf_adds(out, ".TP 16\n.B ");
            S_roff(out, lines[i].label);
            vg_buf_addc(out, '\n');
            S_roff(out, lines[i].help);
            vg_buf_addc(out, '\n');
        }
    }
    vg_buf_adds(out, ".PD\n");
}
