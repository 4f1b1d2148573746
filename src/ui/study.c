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
#include "vgrev/report.h"
#include "vgrev/sched.h"
#include "vgrev/text.h"

enum S_state { S_FRONT, S_BACK, S_WAIT, S_END };

#define S_N(a) (sizeof(a) / sizeof *(a))

typedef struct S_study {
    vg_study *m;
    ui_study_opts o;
    char *title;
    int state;
    vg_study_card card;
    bool have_card;
    int64_t ivl[4];
    vg_study_counts counts; /* as of the last draw */
    ui_card_view cv;
    ui_pos pos; /* over the body's lines */

    int64_t shown_ms; /* ui_elapsed_ms when the card's front was shown: its answer time */
    size_t answers;   /* as of the last action (the session counts them) */
    int64_t start;
    bool stopped;
    vg_study_report end; /* worked out once when the summary is first shown */
    bool end_ok;
    void (*done)(void *ctx, ui *u, const vg_study_report *st);
    void *done_ctx;
} S_study;

/* ---- the card ---------------------------------------------------------------------------- */

static void S_render(S_study *s, ui *u)
{
    ui_card_view_update(&s->cv, u, s->card.deck, s->have_card ? s->card.card : NULL);
}

/* ---- state changes ------------------------------------------------------------------------- */

/* Shows the next card, the countdown or the summary. */
static void S_next(S_study *s, ui *u)
{
    int64_t now = ui_now(u);
    s->have_card = vg_study_current(s->m, now, &s->card);
    s->pos.top = 0;
    s->end_ok = false;
    if (s->have_card) {
        s->state = S_FRONT;
        s->shown_ms = ui_elapsed_ms(u);
        vg_study_intervals(s->m, now, s->ivl);
        if (s->card.leech) /* the leech tag: leech_action: tag keeps it in the queue */
            ui_notice(u, UI_R_NOTICE, "Leech: forgotten %d times. Rewrite it? e edits.",
                      (int)s->card.lapses);
    } else if (vg_study_next_wait(s->m)) {
        s->state = S_WAIT;
    } else {
        s->state = S_END;
    }
}

/* After an action: the session's count of answers, for the progress bar. */
static void S_count(S_study *s)
{
    vg_session_summary sum;
    vg_study_summary(s->m, &sum);
    s->answers = sum.answers;
}

static void S_answer(S_study *s, ui *u, int rating)
{
    vg_error err;
    bool leech = false;
    int64_t ms = ui_elapsed_ms(u) - s->shown_ms;
    ms = ms < 0 ? 0 : ms > VG_MS_MAX ? VG_MS_MAX : ms;
    if (vg_study_answer_ms(s->m, rating, (int32_t)ms, ui_now(u), &leech, &err) != VG_OK) {
        ui_notice(u, UI_R_ERROR, "%s", err.msg);
        return;
    }
    S_count(s);
    if (leech) /* a leech's answer is a lapse: one more than the card had */
        ui_notice(u, UI_R_NOTICE,
                  "Leech: forgotten %d times, so it is suspended now. Rewrite it? u undoes.",
                  (int)s->card.lapses + 1);
    S_next(s, u);
}

/* After the next card is on the screen: the answer's compaction, and the moment saves start
 * failing (a full disk, a read-only folder), as --plain says it. */
static bool S_idle(void *ctx, ui *u)
{
    S_study *s = ctx;
    vg_error save_err;
    if (!vg_study_idle(s->m) || !vg_study_save_warning(s->m, &save_err))
        return false;
    ui_notice(u, UI_R_ERROR,
              "Cannot save the progress: %s. Answers are kept in the journal; saving is "
              "retried later.",
              save_err.msg);
    return true;
}

static void S_set_aside(S_study *s, ui *u, bool suspend)
{
    vg_error err;
    vg_status st = suspend ? vg_study_suspend(s->m, &err) : vg_study_bury(s->m, ui_now(u), &err);
    if (st != VG_OK) {
        ui_notice(u, UI_R_ERROR, "%s", err.msg);
        return;
    }
    ui_notice(u, UI_R_NOTICE, "%s",
              suspend ? "Suspended: it will not come back until unsuspended. u undoes."
                      : "Buried until tomorrow. u undoes.");
    S_next(s, u);
}

static void S_undo(S_study *s, ui *u)
{
    vg_error err;
    vg_study_undone what;
    int rating = 0;
    vg_status st = vg_study_undo(s->m, &what, &rating, &err);
    if (st == VG_NOT_FOUND) {
        ui_notice(u, UI_R_NOTICE, "%s", "Nothing to undo.");
        return;
    }
    if (st != VG_OK) {
        ui_notice(u, UI_R_ERROR, "%s", err.msg);
        return;
    }
    S_count(s);
    static const char *const names[] = {"", "Again", "Hard", "Good", "Easy"};
    if (what == VG_STUDY_UNDID_ANSWER && rating >= 1 && rating <= 4)
        ui_notice(u, UI_R_NOTICE, "Undone: %s.", names[rating]);
    else
        ui_notice(u, UI_R_NOTICE, "Undone: %s.", what == VG_STUDY_UNDID_BURY ? "bury" : "suspend");
    S_next(s, u);
}

/* e: the card's notebook in the editor, then the deck read again and the card found again. */
static void S_edit(S_study *s, ui *u)
{
    if (!ui_edit_deck(u, s->card.deck->file, s->card.card->line, "study"))
        return;
    char id[VG_CARD_ID_LEN + 1];
    memcpy(id, s->card.card->id, sizeof id);
    int state = s->state;
    vg_error err;
    vg_error_clear(&err);
    ui_card_view_forget(&s->cv);
    s->have_card = false; /* the deck may be gone: look the card up again */
    if (!s->o.reload || s->o.reload(s->o.ctx, s->card.deck_index, &err) != VG_OK) {
        char msg[VG_ERROR_FILE_MAX + VG_ERROR_MSG_MAX + 32];
        vg_error_format(&err, msg, sizeof msg);
        ui_notice(u, UI_R_ERROR, "Kept the deck as it was: %s", msg);
        S_next(s, u);
        return;
    }
    S_next(s, u);
    if (s->have_card && !strcmp(s->card.card->id, id)) {
        s->state = state;
        ui_notice(u, UI_R_NOTICE, "%s", "Reloaded the deck.");
    } else {
        ui_notice(u, UI_R_NOTICE, "%s", "Reloaded the deck (the card's front changed).");
    }
}

/* ---- drawing ------------------------------------------------------------------------------- */

static void S_draw_top(S_study *s, ui *u)
{
    const vg_study_counts c = s->counts;
    ui_part parts[UI_COUNT_PARTS];
    char num[3][24];
    ui_count_parts(u, c.new_cards, c.learning, c.due, parts, num);
    if (c.cram) {
        /* Cram: "Cram · 12 left"; schedules are not touched, so no counts by state. */
        snprintf(num[0], sizeof num[0], "%zu", c.cram_left);
        parts[0].text = "Cram · ";
        parts[2].text = " left";
        for (size_t i = 3; i < UI_COUNT_PARTS; i++)
            parts[i].text = "";
    }
    ui_draw_top(u, s->title, parts, UI_COUNT_PARTS, true);
}

static void S_draw_bar(S_study *s, ui *u, int y)
{
    int cols = ui_cols(u);
    const vg_study_counts c = s->counts;
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

/* The key of button i: 1 to 4, or the one config's keys: gives. */
static const char *S_button_key(int i, char buf[8])
{
    int key = ui_keymap_first_key(ui_keymap_get(UI_KM_STUDY_BACK), UI_A_AGAIN + i);
    return ui_key_label(key, buf);
}

/* "1 Again 1m": the key, the name, the interval (none in cram). */
static int S_button_w(const S_buttons *b, int i)
{
    char kb[8];
    const char *key = S_button_key(i, kb);
    return ui_width(key, strlen(key)) + (b->names ? 1 + (int)strlen(S_button_names[i]) : 0) +
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
        char kb[8];
        x += ui_puts(u, row, x, cols - x, S_button_key(i, kb), S_button_roles[i]);
        if (b->names)
            x += 1 + ui_puts(u, row, x + 1, cols - x - 1, S_button_names[i], S_button_roles[i]);
        if (b->ivl[i][0])
            x += 1 + ui_puts(u, row, x + 1, cols - x - 1, b->ivl[i], UI_R_NORMAL);
        x += b->gap;
    }
}

static void S_draw_card(S_study *s, ui *u, int y0)
{
    int cols = ui_cols(u);
    int rows = ui_rows(u);
    S_render(s, u);
    int w = ui_text_width(u);
    int x = (cols - w) / 2;
    bool notice_row = rows >= 10;
    S_buttons buttons = {.rows = 1};
    S_buttons_layout(s, u, &buttons);
    int hint_y = rows - (s->state == S_BACK ? buttons.rows : 1);
    /* A notice wraps onto up to three rows above the hints; the body gives them up. */
    ui_role role;
    const char *notice = ui_notice_get(u, &role);
    int notice_rows = notice && notice_row ? ui_wrap_rows(notice, w) : 1;
    if (notice_rows > 3)
        notice_rows = 3;
    int notice_y = hint_y - notice_rows;
    int body_h = (notice_row ? notice_y - 1 : hint_y) - y0;
    if (body_h < 1)
        body_h = 1;
    bool back = s->state == S_BACK;
    ui_pos_clamp(&s->pos, ui_card_view_lines(&s->cv, back), (size_t)body_h);
    ui_card_view_paint(&s->cv, u, s->pos.top, y0, body_h, back);

    /* The notice, or where the scroll stands when the card is longer than the window. */
    int ny = notice_row ? notice_y : y0 + body_h - 1;
    if (notice && notice_row) {
        ui_put_wrapped(u, ny, x, w, notice_rows, notice, role);
    } else if (notice) {
        ui_fill(u, ny, 0, cols, " ", UI_R_NORMAL);
        ui_put_cut(u, ny, x, w, notice, role);
    } else {
        ui_draw_scroll_mark(u, &s->pos, notice_row ? ny : -1, x + w, y0, body_h);
    }

    if (back)
        S_draw_buttons(&buttons, u, hint_y);
    else
        ui_draw_hints(u, hint_y, ui_keymap_get(UI_KM_STUDY_FRONT),
                      s->card.deck && ui_editable(s->card.deck->file) ? UI_A_NONE : UI_A_EDIT);
}

static void S_draw_wait(S_study *s, ui *u, int y0)
{
    int rows = ui_rows(u);
    int64_t now = ui_now(u), next = vg_study_next_wait(s->m);
    const vg_study_counts c = s->counts;
    char clock[32], line[96];
    vg_report_clock(next - now, clock, sizeof clock);
    int y = y0 + (rows - y0 - 5) / 2;
    if (y < y0)
        y = y0;
    ui_draw_center(u, y, "All due cards are done for now.", UI_R_STRONG);
    ui_draw_center(u, y + 1, "The next learning card is due in", UI_R_NORMAL);
    ui_draw_center(u, y + 2, clock, UI_R_LEARN);
    snprintf(line, sizeof line, "(%zu card%s in learning)", c.learning, c.learning == 1 ? "" : "s");
    ui_draw_center(u, y + 3, line, UI_R_DIM);
    ui_draw_hints(u, rows - 1, ui_keymap_get(UI_KM_STUDY_WAIT), UI_A_NONE);
    ui_role role;
    const char *notice = ui_notice_get(u, &role);
    if (notice && rows >= 10)
        ui_draw_center(u, rows - 2, notice, role);
}

static void S_stats(const S_study *s, int64_t now, vg_study_report *st);

static void S_draw_end(S_study *s, ui *u, int y0)
{
    int rows = ui_rows(u), cols = ui_cols(u);
    if (!s->end_ok) {
        S_stats(s, ui_now(u), &s->end);
        s->end_ok = true;
    }
    const vg_study_report st = s->end;
    vg_buf text = VG_BUF_INIT;
    vg_study_report_lines(&st, &text);
    const char *head = vg_study_report_heading(&st);
    int nlines = 0;
    for (const char *p = vg_buf_str(&text); *p; p++)
        nlines += *p == '\n';
    int y = y0 + (rows - y0 - 1 - nlines - 2) / 2;
    if (y < y0)
        y = y0;
    ui_draw_center(u, y, head, UI_R_STRONG);
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
    ui_draw_hints(u, rows - 1, ui_keymap_get(UI_KM_STUDY_END), UI_A_NONE);
    ui_role role;
    const char *notice = ui_notice_get(u, &role);
    if (notice && rows >= 12)
        ui_draw_center(u, rows - 2, notice, role);
}

static void S_draw(void *ctx, ui *u)
{
    S_study *s = ctx;
    int rows = ui_rows(u);
    vg_study_count(s->m, ui_now(u), &s->counts);
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

static const ui_keymap *S_keymap(void *ctx)
{
    const S_study *s = ctx;
    static const int maps[] = {UI_KM_STUDY_FRONT, UI_KM_STUDY_BACK, UI_KM_STUDY_WAIT,
                               UI_KM_STUDY_END};
    return ui_keymap_get(maps[s->state]);
}

static ui_pos *S_pos(void *ctx)
{
    S_study *s = ctx;
    return s->state == S_FRONT || s->state == S_BACK ? &s->pos : NULL;
}

static int S_timeout(void *ctx, ui *u)
{
    S_study *s = ctx;
    if (s->state == S_END && !s->stopped && s->end_ok && s->end.next_due) {
        /* Nothing to study: look again when the next cards come (the next day start). */
        int64_t left = s->end.next_due - ui_now(u);
        return left <= 0 ? 0 : left >= 60 ? 60000 : (int)left * 1000;
    }
    if (s->state != S_WAIT)
        return -1;
    /* Tick at the next whole second of the countdown. */
    int64_t left = vg_study_next_wait(s->m) - ui_now(u);
    return left <= 0 ? 0 : 1000;
}

static int S_request(void *ctx, ui *u, int action, int key)
{
    S_study *s = ctx;
    if (key == UI_KEY_QUIT) {
        s->stopped = s->state != S_END;
        return UI_LEAVE;
    }
    if (key == UI_KEY_NONE) {
        if (s->state == S_WAIT && vg_study_next_wait(s->m) <= ui_now(u))
            S_next(s, u);
        else if (s->state == S_END && !s->stopped && s->end_ok && s->end.next_due &&
                 s->end.next_due <= ui_now(u))
            S_next(s, u); /* a new day: its cards, or a fresh summary */
        return UI_HANDLED;
    }
    switch (action) {
    case UI_A_REVEAL:
        s->state = S_BACK;
        /* Keep the front in view unless the window is too short for it and some answer. */
        if (s->pos.page < s->cv.head.nlines + 4)
            s->pos.top = s->cv.head.nlines;
        break;
    case UI_A_AGAIN:
    case UI_A_HARD:
    case UI_A_GOOD:
    case UI_A_EASY:
        S_answer(s, u, action - UI_A_AGAIN + 1);
        break;
    case UI_A_UNDO:
        S_undo(s, u);
        break;
    case UI_A_BURY:
        S_set_aside(s, u, false);
        break;
    case UI_A_SUSPEND:
        S_set_aside(s, u, true);
        break;
    case UI_A_EDIT:
        S_edit(s, u);
        break;
    case UI_A_AHEAD:
        vg_study_ahead(s->m, ui_now(u));
        S_next(s, u);
        break;
    case UI_A_STOP:
        if (s->answers == 0 && vg_study_undo_depth(s->m) == 0)
            return UI_LEAVE;
        s->stopped = true;
        s->state = S_END;
        s->end_ok = false;
        break;
    case UI_A_LEAVE:
        return UI_LEAVE;
    case UI_A_NONE:
        if (key != UI_KEY_INTR && s->state != S_END) {
            const char *hint = s->state == S_FRONT  ? "Space shows the answer; ? lists the keys."
                               : s->state == S_BACK ? "Answer with 1-4; ? lists the keys."
                                                    : "a studies ahead, q stops; ? lists the keys.";
            ui_notice(u, UI_R_DIM, "%s", hint);
        }
        break;
    default:
        return UI_PASS; /* moving: the engine's */
    }
    return UI_HANDLED;
}

/* ---- the session --------------------------------------------------------------------------- */

static void S_stats(const S_study *s, int64_t now, vg_study_report *st)
{
    memset(st, 0, sizeof *st);
    st->start = s->start;
    st->end = now;
    vg_session_summary sum;
    vg_study_summary(s->m, &sum);
    st->answers = sum.answers;
    st->again = sum.again;
    st->cards = sum.cards;
    st->finished = !s->stopped;
    st->next_due = vg_study_next_due(s->m, now);
    st->cram = s->counts.cram;
    vg_study_limits(s->m, st);
}

static void S_close(void *ctx, ui *u)
{
    S_study *s = ctx;
    vg_study_report st;
    if (s->state == S_END && s->end_ok)
        st = s->end;
    else
        S_stats(s, ui_now(u), &st);
    if (s->done)
        s->done(s->done_ctx, u, &st);
    ui_card_view_release(&s->cv);
    free(s->title);
    free(s);
}

bool ui_study_push(ui *u, vg_study *m, const ui_study_opts *opts,
                   void (*done)(void *ctx, ui *u, const vg_study_report *st), void *ctx)
{
    S_study *s = calloc(1, sizeof *s);
    char *title = opts->title ? strdup(opts->title) : NULL;
    if (!s || (opts->title && !title)) {
        free(s);
        free(title);
        return false;
    }
    s->m = m;
    s->o = *opts;
    s->title = title;
    s->start = ui_now(u);
    s->done = done;
    s->done_ctx = ctx;
    ui_card_view_init(&s->cv);
    S_next(s, u);
    static const ui_screen_ops ops = {.draw = S_draw,
                                      .request = S_request,
                                      .keymap = S_keymap,
                                      .pos = S_pos,
                                      .wait_ms = S_timeout,
                                      .idle = S_idle,
                                      .close = S_close};
    if (ui_push(u, &ops, s)) {
        if (opts->hint)
            ui_notice(u, UI_R_DIM, "%s", opts->hint);
        return true;
    }
    ui_card_view_release(&s->cv);
    free(s->title);
    free(s);
    return false;
}

static void S_keep_stats(void *ctx, ui *u, const vg_study_report *st)
{
    (void)u;
    *(vg_study_report *)ctx = *st;
}

void ui_study_run(ui *u, vg_study *m, const ui_study_opts *opts, vg_study_report *stats)
{
    memset(stats, 0, sizeof *stats);
    if (ui_study_push(u, m, opts, S_keep_stats, stats))
        ui_run(u);
}
