/* The study screen: states FRONT → BACK → (answer) → FRONT ..., WAIT while only learning
 * cards that are not due yet remain, END for the summary. Layout, top to bottom:
 *   the deck and the New · Learning · Due counts
 *   the session's progress bar
 *   the card: its section › front, then (revealed) a rule and the back; scrolls
 *   a notice or the scroll hint
 *   the key hints, or the four answer buttons with their intervals
 * Rendered lines are kept per card and width, so a key costs no work in the deck's size. */
#include "ui/study.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vgrev/render.h"
#include "vgrev/sched.h"
#include "vgrev/text.h"

enum S_state { S_FRONT, S_BACK, S_WAIT, S_END };

enum S_action {
    A_REVEAL = 1,
    A_AGAIN,
    A_HARD,
    A_GOOD,
    A_EASY,
    A_DOWN,
    A_UP,
    A_PGDN,
    A_PGUP,
    A_HOME,
    A_END,
    A_UNDO,
    A_BURY,
    A_SUSPEND,
    A_EDIT,
    A_AHEAD,
    A_QUIT,
    A_LEAVE,
};

/* The key tables of the four states; the help overlay is made from them. */
static const ui_key S_front_keys[] = {
    {' ', A_REVEAL, "Space", "show the answer"},
    {UI_KEY_ENTER, A_REVEAL, "Enter", NULL},
    {'j', A_DOWN, "j", "scroll a line"},
    {UI_KEY_DOWN, A_DOWN, "Down", NULL},
    {'k', A_UP, "k", NULL},
    {UI_KEY_UP, A_UP, "Up", NULL},
    {UI_KEY_PGDN, A_PGDN, "PgDn", "scroll a page"},
    {UI_KEY_PGUP, A_PGUP, "PgUp", NULL},
    {UI_KEY_HOME, A_HOME, "Home", "top or end of the card"},
    {UI_KEY_END, A_END, "End", NULL},
    {'e', A_EDIT, "e", "edit the card in $EDITOR"},
    {'u', A_UNDO, "u", "undo the last action"},
    {'b', A_BURY, "b", "bury until tomorrow"},
    {'s', A_SUSPEND, "s", "suspend the card"},
    {'?', UI_ACT_HELP, "?", "this help"},
    {'q', A_QUIT, "q", "end the session"},
    {UI_KEY_INTR, A_QUIT, "Ctrl-C", NULL},
};

static const ui_key S_back_keys[] = {
    {'1', A_AGAIN, "1", "Again: forgotten"},
    {'2', A_HARD, "2", "Hard: recalled with effort"},
    {'3', A_GOOD, "3", "Good: recalled"},
    {' ', A_GOOD, "Space", NULL},
    {UI_KEY_ENTER, A_GOOD, "Enter", NULL},
    {'4', A_EASY, "4", "Easy: recalled at once"},
    {'j', A_DOWN, "j", "scroll a line"},
    {UI_KEY_DOWN, A_DOWN, "Down", NULL},
    {'k', A_UP, "k", NULL},
    {UI_KEY_UP, A_UP, "Up", NULL},
    {UI_KEY_PGDN, A_PGDN, "PgDn", "scroll a page"},
    {UI_KEY_PGUP, A_PGUP, "PgUp", NULL},
    {UI_KEY_HOME, A_HOME, "Home", "top or end of the card"},
    {UI_KEY_END, A_END, "End", NULL},
    {'e', A_EDIT, "e", "edit the card in $EDITOR"},
    {'u', A_UNDO, "u", "undo the last action"},
    {'b', A_BURY, "b", "bury until tomorrow"},
    {'s', A_SUSPEND, "s", "suspend the card"},
    {'?', UI_ACT_HELP, "?", "this help"},
    {'q', A_QUIT, "q", "end the session"},
    {UI_KEY_INTR, A_QUIT, "Ctrl-C", NULL},
};

static const ui_key S_wait_keys[] = {
    {'a', A_AHEAD, "a", "study the next card now"},
    {UI_KEY_ENTER, A_AHEAD, "Enter", NULL},
    {'u', A_UNDO, "u", "undo the last action"},
    {'?', UI_ACT_HELP, "?", "this help"},
    {'q', A_QUIT, "q", "stop here"},
    {UI_KEY_INTR, A_QUIT, "Ctrl-C", NULL},
};

static const ui_key S_end_keys[] = {
    {'q', A_LEAVE, "q", "leave"},
    {UI_KEY_ENTER, A_LEAVE, "Enter", NULL},
    {UI_KEY_ESC, A_LEAVE, "Esc", NULL},
    {UI_KEY_INTR, A_LEAVE, "Ctrl-C", NULL},
    {'u', A_UNDO, "u", "undo the last action"},
    {'?', UI_ACT_HELP, "?", "this help"},
};

#define S_N(a) (sizeof(a) / sizeof *(a))

typedef struct S_study {
    study_model *m;
    const ui_study_opts *o;
    int state;
    study_card card;
    bool have_card;
    int64_t ivl[4];
    study_counts counts; /* as of the last draw */

    /* rendered for (cache_card, cache_w) */
    const vg_card *cache_card;
    int cache_w;
    vg_lines head, back;
    size_t top; /* first body line shown */
    int body_h; /* rows of the body at the last draw */

    char notice[256];
    ui_role notice_role;

    size_t answers; /* as of the last action (the session counts them) */
    int64_t start;
    bool stopped;
    ui_study_stats end; /* worked out once when the summary is first shown */
    bool end_ok;
} S_study;

/* ---- labels -------------------------------------------------------------------------------- */

void ui_format_clock(int64_t secs, char *buf, size_t size)
{
    if (secs < 0)
        secs = 0;
    if (secs >= 3600)
        snprintf(buf, size, "%lld:%02lld:%02lld", (long long)(secs / 3600),
                 (long long)(secs / 60 % 60), (long long)(secs % 60));
    else
        snprintf(buf, size, "%lld:%02lld", (long long)(secs / 60), (long long)(secs % 60));
}

static void S_plural(char *buf, size_t size, const char *pre, long long n, const char *unit)
{
    snprintf(buf, size, "%s%lld %s%s", pre, n, unit, n == 1 ? "" : "s");
}

void ui_format_when(int64_t t, int64_t now, char *buf, size_t size)
{
    int64_t d = t - now;
    if (d <= 0)
        snprintf(buf, size, "now");
    else if (d < 60)
        S_plural(buf, size, "in ", (long long)d, "second");
    else if (d < 3600)
        S_plural(buf, size, "in ", (long long)((d + 30) / 60), "minute");
    else if (d < 86400)
        S_plural(buf, size, "in ", (long long)((d + 1800) / 3600), "hour");
    else
        S_plural(buf, size, "in ", (long long)((d + 43200) / 86400), "day");
}

static void S_format_duration(int64_t secs, char *buf, size_t size)
{
    if (secs < 0)
        secs = 0;
    if (secs < 60)
        snprintf(buf, size, "%lld s", (long long)secs);
    else if (secs < 3600 && secs % 60 == 0)
        snprintf(buf, size, "%lld min", (long long)(secs / 60));
    else if (secs < 3600)
        snprintf(buf, size, "%lld min %lld s", (long long)(secs / 60), (long long)(secs % 60));
    else
        snprintf(buf, size, "%lld h %lld min", (long long)(secs / 3600),
                 (long long)(secs / 60 % 60));
}

const char *ui_study_heading(const ui_study_stats *s)
{
    if (!s->finished)
        return "Session stopped.";
    return s->answers ? "Session done. Well studied!" : "Nothing to study right now.";
}

void ui_study_summary(const ui_study_stats *s, vg_buf *out)
{
    char dur[48], when[48] = "";
    if (s->next_due)
        ui_format_when(s->next_due, s->end, when, sizeof when);
    if (s->finished && s->answers == 0) {
        if (s->next_due)
            vg_buf_printf(out, "The next cards are due %s.\n", when);
        else
            vg_buf_adds(out, "No card is scheduled.\n");
        return;
    }
    S_format_duration(s->end - s->start, dur, sizeof dur);
    vg_buf_printf(out, "Cards studied   %zu\n", s->cards);
    vg_buf_printf(out, "Answers         %zu\n", s->answers);
    if (s->answers)
        vg_buf_printf(out, "Again           %zu (%zu%%)\n", s->again,
                      (s->again * 100 + s->answers / 2) / s->answers);
    else
        vg_buf_printf(out, "Again           0\n");
    vg_buf_printf(out, "Time            %s\n", dur);
    if (s->cram)
        vg_buf_adds(out, "Schedules       as they were (cram)\n");
    else
        vg_buf_printf(out, "Next due        %s\n", s->next_due ? when : "nothing scheduled");
}

/* ---- the card's lines ---------------------------------------------------------------------- */

vg_status ui_card_head(const vg_deck *deck, const vg_card *card, size_t width, vg_lines *out)
{
    const char *title = deck->sections[card->section].title;
    const vg_rich *front = &card->front;
    size_t nspans = 2 + strlen(title) / 2 + 2;
    for (size_t b = 0; b < front->nblocks; b++)
        nspans += front->blocks[b].nspans + 1;
    vg_span *spans = malloc(nspans * sizeof *spans);
    if (!spans)
        return VG_NOMEM;
    size_t n = 0;
    if (*title) {
        const char *p = title;
        while (*p) {
            const char *d = strchr(p, '$');
            const char *e = d ? strchr(d + 1, '$') : NULL;
            if (!d || !e || e == d + 1) {
                spans[n++] = (vg_span){p, strlen(p), VG_STYLE_PLAIN};
                break;
            }
            if (d > p)
                spans[n++] = (vg_span){p, (size_t)(d - p), VG_STYLE_PLAIN};
            spans[n++] = (vg_span){d + 1, (size_t)(e - d - 1), VG_STYLE_MATH};
            p = e + 1;
        }
        spans[n++] = (vg_span){" \u203a ", 5, VG_STYLE_PLAIN};
    }
    for (size_t b = 0; b < front->nblocks; b++) {
        if (b > 0)
            spans[n++] = (vg_span){" ", 1, VG_STYLE_BOLD};
        for (size_t i = 0; i < front->blocks[b].nspans; i++) {
            vg_span sp = front->blocks[b].spans[i];
            sp.style |= VG_STYLE_BOLD;
            spans[n++] = sp;
        }
    }
    const vg_block block = {.kind = VG_BLOCK_PARA, .line = card->line, .spans = spans, .nspans = n};
    const vg_rich rich = {&block, 1};
    vg_status st = vg_render_rich(&rich, width, out);
    free(spans);
    return st;
}

static int S_text_width(const ui *u)
{
    int cols = ui_cols(u);
    int margin = cols >= 40 ? 2 : 1;
    int w = cols - 2 * margin;
    return w > 80 ? 80 : w;
}

static void S_render(S_study *s, const ui *u)
{
    int w = S_text_width(u);
    if (s->cache_card == s->card.card && s->cache_w == w)
        return;
    vg_lines_release(&s->head);
    vg_lines_release(&s->back);
    if (!s->have_card) {
        s->cache_card = NULL;
        return;
    }
    ui_card_head(s->card.deck, s->card.card, (size_t)w, &s->head);
    vg_render_rich(&s->card.card->back, (size_t)w, &s->back);
    s->cache_card = s->card.card;
    s->cache_w = w;
}

/* Body lines: the heading, then (revealed) a rule and the back. */
static size_t S_body_lines(const S_study *s)
{
    size_t n = s->head.nlines;
    if (s->state == S_BACK)
        n += 1 + s->back.nlines;
    return n;
}

static size_t S_max_top(const S_study *s)
{
    size_t n = S_body_lines(s);
    return n > (size_t)s->body_h ? n - (size_t)s->body_h : 0;
}

/* ---- state changes ------------------------------------------------------------------------- */

static void S_notice(S_study *s, ui_role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void S_notice(S_study *s, ui_role role, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->notice, sizeof s->notice, fmt, ap);
    va_end(ap);
    s->notice_role = role;
}

/* Shows the next card, the countdown or the summary. */
static void S_next(S_study *s, ui *u)
{
    int64_t now = ui_now(u);
    s->have_card = study_model_current(s->m, now, &s->card);
    s->top = 0;
    s->end_ok = false;
    if (s->have_card) {
        s->state = S_FRONT;
        study_model_intervals(s->m, now, s->ivl);
    } else if (study_model_next_wait(s->m)) {
        s->state = S_WAIT;
    } else {
        s->state = S_END;
    }
}

/* After an action: the session's count of answers, for the progress bar. */
static void S_count(S_study *s)
{
    vg_session_summary sum;
    study_model_summary(s->m, &sum);
    s->answers = sum.answers;
}

static void S_answer(S_study *s, ui *u, int rating)
{
    vg_error err;
    bool leech = false;
    if (study_model_answer(s->m, rating, ui_now(u), &leech, &err) != VG_OK) {
        S_notice(s, UI_R_ERROR, "%s", err.msg);
        return;
    }
    S_count(s);
    if (leech)
        S_notice(s, UI_R_NOTICE,
                 "Leech: forgotten %d times, so it is suspended now. Rewrite it? u undoes.",
                 STUDY_LEECH_LAPSES);
    S_next(s, u);
}

static void S_set_aside(S_study *s, ui *u, bool suspend)
{
    vg_error err;
    vg_status st =
        suspend ? study_model_suspend(s->m, &err) : study_model_bury(s->m, ui_now(u), &err);
    if (st != VG_OK) {
        S_notice(s, UI_R_ERROR, "%s", err.msg);
        return;
    }
    S_notice(s, UI_R_NOTICE, "%s",
             suspend ? "Suspended: it will not come back until unsuspended. u undoes."
                     : "Buried until tomorrow. u undoes.");
    S_next(s, u);
}

static void S_undo(S_study *s, ui *u)
{
    vg_error err;
    study_undone what;
    int rating = 0;
    vg_status st = study_model_undo(s->m, &what, &rating, &err);
    if (st == VG_NOT_FOUND) {
        S_notice(s, UI_R_NOTICE, "%s", "Nothing to undo.");
        return;
    }
    if (st != VG_OK) {
        S_notice(s, UI_R_ERROR, "%s", err.msg);
        return;
    }
    S_count(s);
    static const char *const names[] = {"", "Again", "Hard", "Good", "Easy"};
    if (what == STUDY_UNDID_ANSWER && rating >= 1 && rating <= 4)
        S_notice(s, UI_R_NOTICE, "Undone: %s.", names[rating]);
    else
        S_notice(s, UI_R_NOTICE, "Undone: %s.", what == STUDY_UNDID_BURY ? "bury" : "suspend");
    S_next(s, u);
}

/* Splits $EDITOR at blanks (no shell, so no quoting) and runs it on the card's line. */
static void S_edit(S_study *s, ui *u)
{
    const vg_deck *deck = s->card.deck;
    if (!strncmp(deck->file, "built-in:", 9)) {
        S_notice(s, UI_R_NOTICE, "%s",
                 "The built-in deck is part of vgrev and cannot be edited; study a notebook "
                 "file of your own to edit its cards.");
        return;
    }
    const char *env = getenv("EDITOR");
    if (!env || !*env)
        env = getenv("VISUAL");
    if (!env || !*env)
        env = "vi";
    char *words = strdup(env);
    char line[32];
    snprintf(line, sizeof line, "+%u", s->card.card->line);
    char *argv[20];
    int argc = 0;
    for (char *save = NULL, *w = words ? strtok_r(words, " \t", &save) : NULL; w && argc < 17;
         w = strtok_r(NULL, " \t", &save))
        argv[argc++] = w;
    if (argc == 0) {
        free(words);
        S_notice(s, UI_R_ERROR, "%s", "EDITOR is empty.");
        return;
    }
    argv[argc++] = line;
    argv[argc++] = (char *)deck->file;
    argv[argc] = NULL;
    int status = ui_spawn(u, argv);
    if (status == 127 || status < 0) {
        S_notice(s, UI_R_ERROR, "Could not run the editor '%s'.", argv[0]);
        free(words);
        return;
    }
    free(words);

    char id[VG_CARD_ID_LEN + 1];
    memcpy(id, s->card.card->id, sizeof id);
    int state = s->state;
    vg_error err;
    vg_error_clear(&err);
    s->cache_card = NULL;
    s->have_card = false; /* the deck may be gone: look the card up again */
    if (!s->o->reload || s->o->reload(s->o->ctx, s->card.deck_index, &err) != VG_OK) {
        char msg[VG_ERROR_FILE_MAX + VG_ERROR_MSG_MAX + 32];
        vg_error_format(&err, msg, sizeof msg);
        S_notice(s, UI_R_ERROR, "Kept the deck as it was: %s", msg);
        S_next(s, u);
        return;
    }
    S_next(s, u);
    if (s->have_card && !strcmp(s->card.card->id, id)) {
        s->state = state;
        S_notice(s, UI_R_NOTICE, "%s", "Reloaded the deck.");
    } else {
        S_notice(s, UI_R_NOTICE, "%s", "Reloaded the deck (the card's front changed).");
    }
}

/* ---- drawing ------------------------------------------------------------------------------- */

static void S_draw_top(S_study *s, ui *u)
{
    int cols = ui_cols(u);
    const study_counts c = s->counts;
    char n1[24], n2[24], n3[24];
    snprintf(n1, sizeof n1, "%zu", c.new_cards);
    snprintf(n2, sizeof n2, "%zu", c.learning);
    snprintf(n3, sizeof n3, "%zu", c.due);
    bool words = cols >= 50;
    struct {
        const char *text;
        ui_role role;
    } parts[] = {
        {words ? "New " : "", UI_R_DIM},      {n1, UI_R_NEW},   {" · ", UI_R_DIM},
        {words ? "Learning " : "", UI_R_DIM}, {n2, UI_R_LEARN}, {" · ", UI_R_DIM},
        {words ? "Due " : "", UI_R_DIM},      {n3, UI_R_DUE},
    };
    if (c.cram) {
        /* Cram: "Cram · 12 left"; schedules are not touched, so no counts by state. */
        snprintf(n1, sizeof n1, "%zu", c.cram_left);
        parts[0].text = "Cram · ";
        parts[2].text = " left";
        for (size_t i = 3; i < S_N(parts); i++)
            parts[i].text = "";
    }
    int cw = 0;
    for (size_t i = 0; i < S_N(parts); i++)
        cw += ui_width(parts[i].text, strlen(parts[i].text));
    int x = cols - cw - (cols >= 40 ? 1 : 0);
    if (x < 0)
        x = 0;
    int tx = cols >= 40 ? 1 : 0;
    if (x - tx - 2 >= 6 && s->o->title)
        ui_put_cut(u, 0, tx, x - tx - 2, s->o->title, UI_R_TITLE);
    for (size_t i = 0; i < S_N(parts); i++)
        x += ui_puts(u, 0, x, cols - x, parts[i].text, parts[i].role);
}

static void S_draw_bar(S_study *s, ui *u, int y)
{
    int cols = ui_cols(u);
    const study_counts c = s->counts;
    size_t left = c.cram ? c.cram_left : c.new_cards + c.learning + c.due;
    size_t total = s->answers + left;
    char label[48];
    snprintf(label, sizeof label, " %zu/%zu", s->answers, total);
    int margin = cols >= 40 ? 1 : 0;
    int lw = ui_width(label, strlen(label));
    int w = cols - 2 * margin - lw;
    if (w < 4) {
        w = cols - 2 * margin;
        lw = 0;
    }
    int done = total ? (int)((double)w * (double)s->answers / (double)total + 0.5) : w;
    if (s->state == S_END)
        done = w;
    ui_fill(u, y, margin, done, "━", UI_R_BAR);
    ui_fill(u, y, margin + done, w - done, "─", UI_R_BAR_OFF);
    if (lw)
        ui_puts(u, y, margin + w, lw, label, UI_R_DIM);
}

static void S_paint_body_line(S_study *s, ui *u, size_t i, int y, int x, int w)
{
    if (i < s->head.nlines) {
        const vg_line *line = &s->head.lines[i];
        int col = 0;
        for (size_t r = 0; r < line->nruns && col < w; r++) {
            const vg_run *run = &line->runs[r];
            ui_role role = (run->style & VG_STYLE_BOLD) ? UI_R_NORMAL : UI_R_DIM;
            col += ui_put(u, y, x + col, w - col, run->text, run->len, role, run->style);
        }
        return;
    }
    i -= s->head.nlines;
    if (i == 0) {
        ui_fill(u, y, x, w, "─", UI_R_RULE);
        return;
    }
    ui_paint_lines(u, &s->back, i - 1, y, x, 1, w, UI_R_NORMAL);
}

/* The buttons in the widest form that fits: "1 Again 1m  2 Hard 6m  3 Good 10m  4 Easy 8d"
 * on one row, with one space between buttons, on two rows (when the window is tall
 * enough), and last without the names ("1 1m  2 6m  3 10m  4 8d"). */
typedef struct S_buttons {
    char ivl[4][16];
    bool names;
    int gap;
    int rows;
    int col_w; /* two rows: the width of the first column */
    int w;     /* of the whole block */
} S_buttons;

static const char *const S_button_names[4] = {"Again", "Hard", "Good", "Easy"};
static const ui_role S_button_roles[4] = {UI_R_AGAIN, UI_R_HARD, UI_R_GOOD, UI_R_EASY};

/* "1 Again 1m": the key, the name, the interval (none in cram). */
static int S_button_w(const S_buttons *b, int i)
{
    return 1 + (b->names ? 1 + (int)strlen(S_button_names[i]) : 0) +
           (b->ivl[i][0] ? 1 + (int)strlen(b->ivl[i]) : 0);
}

static void S_buttons_layout(const S_study *s, const ui *u, S_buttons *b)
{
    static const struct {
        bool names;
        int gap, rows;
    } forms[] = {{true, 2, 1}, {true, 1, 1}, {true, 3, 2}, {false, 2, 1}, {false, 1, 1}};
    int cols = ui_cols(u);
    for (int i = 0; i < 4; i++)
        if (s->ivl[i] >= 0)
            vg_sched_format_interval(s->ivl[i], b->ivl[i], sizeof b->ivl[i]);
        else
            b->ivl[i][0] = '\0';
    for (size_t f = 0; f < S_N(forms); f++) {
        b->names = forms[f].names;
        b->gap = forms[f].gap;
        b->rows = forms[f].rows;
        if (b->rows == 2) {
            if (ui_rows(u) < 10)
                continue;
            int c0 = S_button_w(b, 0) > S_button_w(b, 2) ? S_button_w(b, 0) : S_button_w(b, 2);
            int c1 = S_button_w(b, 1) > S_button_w(b, 3) ? S_button_w(b, 1) : S_button_w(b, 3);
            b->col_w = c0;
            b->w = c0 + b->gap + c1;
        } else {
            b->w = 3 * b->gap;
            for (int i = 0; i < 4; i++)
                b->w += S_button_w(b, i);
        }
        if (b->w <= cols)
            return;
    }
}

static void S_draw_buttons(const S_buttons *b, ui *u, int y)
{
    int cols = ui_cols(u);
    int x0 = cols > b->w ? (cols - b->w) / 2 : 0;
    int x = x0;
    for (int i = 0; i < 4; i++) {
        int row = y;
        if (b->rows == 2) {
            row = y + i / 2;
            x = x0 + (i % 2 ? b->col_w + b->gap : 0);
        }
        char key[2] = {(char)('1' + i), 0};
        x += ui_puts(u, row, x, cols - x, key, S_button_roles[i]);
        if (b->names)
            x += 1 + ui_puts(u, row, x + 1, cols - x - 1, S_button_names[i], S_button_roles[i]);
        if (b->ivl[i][0])
            x += 1 + ui_puts(u, row, x + 1, cols - x - 1, b->ivl[i], UI_R_NORMAL);
        x += b->gap;
    }
}

/* A hint line "Space show answer   e edit   u undo   ? help   q quit", as much as fits. */
static void S_draw_hints(ui *u, int y, const char *const *pairs, size_t n)
{
    int cols = ui_cols(u);
    int w = 0;
    size_t fit = 0;
    for (size_t i = 0; i < n; i += 2) {
        int pw = ui_width(pairs[i], strlen(pairs[i])) + 1 +
                 ui_width(pairs[i + 1], strlen(pairs[i + 1])) + (i ? 3 : 0);
        if (w + pw > cols)
            break;
        w += pw;
        fit = i + 2;
    }
    if (fit == 0) {
        ui_puts(u, y, 0, cols, pairs[0], UI_R_KEY);
        return;
    }
    int x = (cols - w) / 2;
    for (size_t i = 0; i < fit; i += 2) {
        if (i)
            x += 3;
        x += ui_puts(u, y, x, cols - x, pairs[i], UI_R_KEY);
        x += 1;
        x += ui_puts(u, y, x, cols - x, pairs[i + 1], UI_R_DIM);
    }
}

static void S_draw_card(S_study *s, ui *u, int y0)
{
    int cols = ui_cols(u);
    int rows = ui_rows(u);
    S_render(s, u);
    int w = S_text_width(u);
    int x = (cols - w) / 2;
    bool notice_row = rows >= 10;
    S_buttons buttons = {.rows = 1};
    S_buttons_layout(s, u, &buttons);
    int hint_y = rows - (s->state == S_BACK ? buttons.rows : 1);
    int notice_y = hint_y - 1;
    s->body_h = (notice_row ? notice_y - 1 : hint_y) - y0;
    if (s->body_h < 1)
        s->body_h = 1;
    if (s->top > S_max_top(s))
        s->top = S_max_top(s);
    size_t n = S_body_lines(s);
    for (int r = 0; r < s->body_h && s->top + (size_t)r < n; r++)
        S_paint_body_line(s, u, s->top + (size_t)r, y0 + r, x, w);

    /* The notice, or where the scroll stands when the card is longer than the window. */
    int ny = notice_row ? notice_y : y0 + s->body_h - 1;
    if (s->notice[0]) {
        if (!notice_row)
            ui_fill(u, ny, 0, cols, " ", UI_R_NORMAL);
        ui_put_cut(u, ny, x, w, s->notice, s->notice_role);
    } else if (n > (size_t)s->body_h && notice_row) {
        const char *more = s->top == 0              ? "↓ more: j/PgDn"
                           : s->top >= S_max_top(s) ? "↑ k/PgUp"
                                                    : "↑↓ j/k";
        int mw = ui_width(more, strlen(more));
        ui_puts(u, ny, x + w - mw, mw, more, UI_R_DIM);
    } else if (n > (size_t)s->body_h) {
        /* No room for a hint: arrows in the right margin. */
        if (s->top > 0)
            ui_puts(u, y0, cols - 1, 1, "↑", UI_R_DIM);
        if (s->top < S_max_top(s))
            ui_puts(u, y0 + s->body_h - 1, cols - 1, 1, "↓", UI_R_DIM);
    }

    if (s->state == S_BACK) {
        S_draw_buttons(&buttons, u, hint_y);
    } else {
        static const char *const hints[] = {"Space", "show answer", "?",    "help", "q",
                                            "quit",  "e",           "edit", "u",    "undo"};
        S_draw_hints(u, hint_y, hints, S_N(hints));
    }
}

static void S_draw_center(ui *u, int y, const char *text, ui_role role)
{
    int cols = ui_cols(u);
    int w = ui_width(text, strlen(text));
    if (w > cols)
        ui_put_cut(u, y, 0, cols, text, role);
    else
        ui_puts(u, y, (cols - w) / 2, cols, text, role);
}

static void S_draw_wait(S_study *s, ui *u, int y0)
{
    int rows = ui_rows(u);
    int64_t now = ui_now(u), next = study_model_next_wait(s->m);
    const study_counts c = s->counts;
    char clock[32], line[96];
    ui_format_clock(next - now, clock, sizeof clock);
    int y = y0 + (rows - y0 - 5) / 2;
    if (y < y0)
        y = y0;
    S_draw_center(u, y, "All due cards are done for now.", UI_R_STRONG);
    S_draw_center(u, y + 1, "The next learning card is due in", UI_R_NORMAL);
    S_draw_center(u, y + 2, clock, UI_R_LEARN);
    snprintf(line, sizeof line, "(%zu card%s in learning)", c.learning, c.learning == 1 ? "" : "s");
    S_draw_center(u, y + 3, line, UI_R_DIM);
    static const char *const hints[] = {"a", "study ahead", "q", "stop here"};
    S_draw_hints(u, rows - 1, hints, S_N(hints));
    if (s->notice[0] && rows >= 10)
        S_draw_center(u, rows - 2, s->notice, s->notice_role);
}

static void S_stats(const S_study *s, int64_t now, ui_study_stats *st);

static void S_draw_end(S_study *s, ui *u, int y0)
{
    int rows = ui_rows(u), cols = ui_cols(u);
    if (!s->end_ok) {
        S_stats(s, ui_now(u), &s->end);
        s->end_ok = true;
    }
    const ui_study_stats st = s->end;
    vg_buf text = VG_BUF_INIT;
    ui_study_summary(&st, &text);
    const char *head = ui_study_heading(&st);
    int nlines = 0;
    for (const char *p = vg_buf_str(&text); *p; p++)
        nlines += *p == '\n';
    int y = y0 + (rows - y0 - 1 - nlines - 2) / 2;
    if (y < y0)
        y = y0;
    S_draw_center(u, y, head, UI_R_STRONG);
    int w = 0;
    for (const char *p = vg_buf_str(&text); *p;) {
        const char *nl = strchr(p, '\n');
        int lw = ui_width(p, (size_t)(nl - p));
        w = lw > w ? lw : w;
        p = nl + 1;
    }
    int x = cols > w ? (cols - w) / 2 : 0;
    int row = y + 2;
    for (const char *p = vg_buf_str(&text); *p && row < rows - 1; row++) {
        const char *nl = strchr(p, '\n');
        ui_put(u, row, x, cols - x, p, (size_t)(nl - p), UI_R_NORMAL, 0);
        p = nl + 1;
    }
    vg_buf_release(&text);
    static const char *const hints[] = {"q", "leave", "u", "undo", "?", "help"};
    S_draw_hints(u, rows - 1, hints, S_N(hints));
    if (s->notice[0] && rows >= 12)
        S_draw_center(u, rows - 2, s->notice, s->notice_role);
}

static void S_draw(void *ctx, ui *u)
{
    S_study *s = ctx;
    int rows = ui_rows(u);
    study_model_counts(s->m, ui_now(u), &s->counts);
    S_draw_top(s, u);
    S_draw_bar(s, u, 1);
    int y0 = rows >= 12 ? 3 : 2;
    switch (s->state) {
    case S_FRONT:
    case S_BACK:
        S_draw_card(s, u, y0);
        break;
    case S_WAIT:
        S_draw_wait(s, u, y0);
        break;
    default:
        S_draw_end(s, u, y0);
        break;
    }
}

/* ---- keys ---------------------------------------------------------------------------------- */

static const ui_key *S_keys(void *ctx, size_t *n)
{
    const S_study *s = ctx;
    switch (s->state) {
    case S_FRONT:
        *n = S_N(S_front_keys);
        return S_front_keys;
    case S_BACK:
        *n = S_N(S_back_keys);
        return S_back_keys;
    case S_WAIT:
        *n = S_N(S_wait_keys);
        return S_wait_keys;
    default:
        *n = S_N(S_end_keys);
        return S_end_keys;
    }
}

static int S_timeout(void *ctx, ui *u)
{
    S_study *s = ctx;
    if (s->state != S_WAIT)
        return -1;
    /* Tick at the next whole second of the countdown. */
    int64_t left = study_model_next_wait(s->m) - ui_now(u);
    return left <= 0 ? 0 : 1000;
}

static void S_scroll(S_study *s, int action)
{
    size_t page = s->body_h > 1 ? (size_t)s->body_h - 1 : 1;
    size_t max = S_max_top(s);
    switch (action) {
    case A_DOWN:
        s->top = s->top < max ? s->top + 1 : max;
        break;
    case A_UP:
        s->top = s->top > 0 ? s->top - 1 : 0;
        break;
    case A_PGDN:
        s->top = s->top + page < max ? s->top + page : max;
        break;
    case A_PGUP:
        s->top = s->top > page ? s->top - page : 0;
        break;
    case A_HOME:
        s->top = 0;
        break;
    case A_END:
        s->top = max;
        break;
    default:
        break;
    }
}

static int S_key(void *ctx, ui *u, int key, int action)
{
    S_study *s = ctx;
    if (key == UI_KEY_QUIT) {
        s->stopped = s->state != S_END;
        return UI_LEAVE;
    }
    if (key == UI_KEY_NONE) {
        if (s->state == S_WAIT && study_model_next_wait(s->m) <= ui_now(u))
            S_next(s, u);
        return UI_STAY;
    }
    if (action != UI_ACT_NONE)
        s->notice[0] = '\0';
    switch (action) {
    case A_REVEAL:
        s->state = S_BACK;
        /* Keep the front in view unless the window is too short for it and some answer. */
        if ((size_t)s->body_h < s->head.nlines + 4)
            s->top = s->head.nlines;
        break;
    case A_AGAIN:
    case A_HARD:
    case A_GOOD:
    case A_EASY:
        S_answer(s, u, action - A_AGAIN + 1);
        break;
    case A_DOWN:
    case A_UP:
    case A_PGDN:
    case A_PGUP:
    case A_HOME:
    case A_END:
        S_scroll(s, action);
        break;
    case A_UNDO:
        S_undo(s, u);
        break;
    case A_BURY:
        S_set_aside(s, u, false);
        break;
    case A_SUSPEND:
        S_set_aside(s, u, true);
        break;
    case A_EDIT:
        S_edit(s, u);
        break;
    case A_AHEAD:
        study_model_ahead(s->m, ui_now(u));
        S_next(s, u);
        break;
    case A_QUIT:
        if (s->answers == 0 && study_model_undo_depth(s->m) == 0)
            return UI_LEAVE;
        s->stopped = true;
        s->state = S_END;
        s->end_ok = false;
        break;
    case A_LEAVE:
        return UI_LEAVE;
    default:
        if (key != UI_KEY_INTR && s->state != S_END) {
            const char *hint = s->state == S_FRONT  ? "Space shows the answer; ? lists the keys."
                               : s->state == S_BACK ? "Answer with 1-4; ? lists the keys."
                                                    : "a studies ahead, q stops; ? lists the keys.";
            S_notice(s, UI_R_DIM, "%s", hint);
        }
        break;
    }
    return UI_STAY;
}

/* ---- the session --------------------------------------------------------------------------- */

static void S_stats(const S_study *s, int64_t now, ui_study_stats *st)
{
    memset(st, 0, sizeof *st);
    st->start = s->start;
    st->end = now;
    vg_session_summary sum;
    study_model_summary(s->m, &sum);
    st->answers = sum.answers;
    st->again = sum.again;
    st->cards = sum.cards;
    st->finished = !s->stopped;
    st->next_due = study_model_next_due(s->m, now);
    st->cram = s->counts.cram;
}

void ui_study_run(ui *u, study_model *m, const ui_study_opts *opts, ui_study_stats *stats)
{
    S_study s;
    memset(&s, 0, sizeof s);
    s.m = m;
    s.o = opts;
    s.start = ui_now(u);
    vg_lines_init(&s.head);
    vg_lines_init(&s.back);
    S_next(&s, u);
    static const ui_screen screen = {"Keys: study", S_draw, S_key, S_keys, S_timeout};
    ui_run(u, &screen, &s);
    if (s.state == S_END && s.end_ok)
        *stats = s.end;
    else
        S_stats(&s, ui_now(u), stats);
    vg_lines_release(&s.head);
    vg_lines_release(&s.back);
}
