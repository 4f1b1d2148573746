/* vgrev study: a study session on the terminal (src/ui/study.c), or with --plain as lines of
 * text for scripts and screen readers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "options.h"
#include "screen.h"
#include "ui/study.h"
#include "vgrev/study.h"
#include "vgrev/buf.h"
#include "vgrev/render.h"
#include "vgrev/sched.h"
#include "vgrev/search.h"
#include "vgrev/time.h"

static const char S_about[] =
    "Studies the cards that are due, then new ones up to the daily limit, from DECKs\n"
    "(default: the built-in deck). On the terminal: Space shows the answer, 1-4 answer\n"
    "(Again, Hard, Good, Easy), u undoes, b buries, s suspends, e edits, ? lists the keys,\n"
    "q ends the session.\n";

typedef struct study_opts {
    const char *section;
    const char *search; /* --search TEXT: fronts and backs, as the browser's / */
    const char *tag;    /* --tag TAG */
    size_t ahead_days;  /* --ahead N */
    bool forgotten;     /* --forgotten: the cards answered Again today */
    size_t new_limit;
    bool new_limit_set;
    bool cram;
    vg_sched_kind sched; /* --scheduler, when sched_set */
    bool sched_set;
    bool plain;
} study_opts;

typedef struct S_session {
    char **specs; /* as given; NULL for the built-in deck */
    char **names; /* the names the decks' progress records carry */
    vg_deck **decks;
    vg_section_numbers *nums; /* of each deck, for --section */
    size_t ndecks;
    const char *section; /* --section */
    const study_opts *o;
    bool **matches;  /* --search: per deck, per card, whether it matches */
    vg_time today;   /* --forgotten: the start of the study day */
    vg_store *store; /* NULL with --cram */
    vg_sched sched;
    vg_study *model;
    /* the clock: VGREV_NOW plus the time passed since the start, or the system's */
    bool fixed_clock;
    vg_time clock_base;
    struct timespec mono_start;
} S_session;

/* ---- the clock ----------------------------------------------------------------------------- */

static int64_t S_now(const S_session *s)
{
    if (!s->fixed_clock)
        return (int64_t)time(NULL);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return s->clock_base + (int64_t)(ts.tv_sec - s->mono_start.tv_sec);
}

/* ---- sections ------------------------------------------------------------------------------ */

/* --section S: one rule for every command (vg_card_selected): a number names the section
 * that `vgrev list` shows with it; other text, the sections and subsections whose title
 * contains it. */
/* --forgotten: answered Again since the day started. */
static bool S_forgotten(const S_session *s, size_t deck, const vg_card *card)
{
    const vg_record *r = s->store ? vg_store_find(s->store, s->names[deck], card->id) : NULL;
    for (size_t i = r ? r->nreviews : 0; i-- > 0 && r->reviews[i].t >= s->today;)
        if (r->reviews[i].rating == VG_AGAIN)
            return true;
    return false;
}

/* --tag: the deck's tags (front matter, imported tags) or the card's own (leech). */
static bool S_has_tag(const S_session *s, size_t deck, const vg_card *card, const char *tag)
{
    for (size_t i = 0; i < card->ntags; i++)
        if (strcmp(card->tags[i], tag) == 0)
            return true;
    const vg_record *r = s->store ? vg_store_find(s->store, s->names[deck], card->id) : NULL;
    return r && vg_record_has_tag(r, tag);
}

/* --section, --search, --tag and --forgotten together: a card must pass each one given. */
static bool S_include(size_t deck, const vg_card *card, void *ctx)
{
    const S_session *s = ctx;
    const study_opts *o = s->o;
    if (o->tag && !S_has_tag(s, deck, card, o->tag))
        return false;
    if (s->matches && !s->matches[deck][card - s->decks[deck]->cards])
        return false;
    if (o->forgotten && !S_forgotten(s, deck, card))
        return false;
    return !s->section || vg_card_selected(s->decks[deck], &s->nums[deck], card, s->section);
}

static bool S_any_section(const S_session *s)
{
    for (size_t d = 0; d < s->ndecks; d++) {
        const vg_deck *deck = s->decks[d];
        for (size_t i = 0; deck && i < deck->nsections; i++)
            if (vg_section_selected(deck, &s->nums[d], i, s->section))
                return true;
        for (size_t i = 0; deck && i < deck->ncards; i++)
            if (vg_card_selected(deck, &s->nums[d], &deck->cards[i], s->section))
                return true;
    }
    return false;
}

/* ---- decks --------------------------------------------------------------------------------- */

static vg_status S_reload(void *ctx, size_t index, vg_error *err)
{
    S_session *s = ctx;
    vg_deck *deck = NULL;
    vg_status st = cli_deck_open(s->specs[index], &deck, err);
    if (st != VG_OK)
        return st;
    vg_section_numbers nums;
    if (vg_section_numbers_init(&nums, deck) != VG_OK) {
        vg_deck_free(deck);
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    }
    /* The new deck is in place while the session opens: --section looks at its sections. */
    vg_deck *old = s->decks[index];
    vg_section_numbers old_nums = s->nums[index];
    s->decks[index] = deck;
    s->nums[index] = nums;
    st = vg_study_replace_deck(s->model, index, deck, S_now(s), err);
    if (st != VG_OK) {
        s->decks[index] = old;
        s->nums[index] = old_nums;
        vg_section_numbers_release(&nums);
        vg_deck_free(deck);
        return st;
    }
    vg_section_numbers_release(&old_nums);
    vg_deck_free(old);
    return VG_OK;
}

static void S_warn_problems(const vg_deck *deck)
{
    size_t errors = 0;
    for (size_t i = 0; i < deck->ndiags; i++)
        errors += deck->diags[i].level == VG_DIAG_ERROR;
    if (!errors)
        return;
    fprintf(stderr, "vgrev: warning: %zu problem%s in ", errors, errors == 1 ? "" : "s");
    cli_puts_clean(stderr, deck->file);
    fputs("; see 'vgrev check ", stderr);
    cli_puts_clean(stderr, deck->file);
    fputs("'\n", stderr);
}

/* ---- the plain line mode ------------------------------------------------------------------- */

static int S_nomem(void)
{
    vg_error err;
    vg_error_set(&err, VG_NOMEM, NULL, 0, 0, NULL);
    return cli_fail(&err);
}

/* The session's summary after `before`; an error instead when it could not be made. */
static int S_print_report(const vg_study_report *st, const char *before)
{
    vg_buf sum = VG_BUF_INIT;
    vg_study_report_lines(st, &sum);
    int status = sum.failed ? S_nomem() : CLI_OK;
    if (!sum.failed)
        printf("%s%s\n%s", before, vg_study_report_heading(st), vg_buf_str(&sum));
    vg_buf_release(&sum);
    return status;
}

/* False when out of memory (nothing printed). */
static bool S_print_front(const vg_study_card *c, size_t width)
{
    vg_heading h;
    bool ok = vg_card_heading(c->deck, c->card, &h) == VG_OK &&
              cli_print_rich(vg_heading_rich(&h), width, 0);
    vg_heading_release(&h);
    return ok;
}

/* Reads a line without its end and surrounding blanks; false at the end of input or after a
 * read error, which sets *failed (and is printed). */
static bool S_read_line(char **line, size_t *cap, bool *failed)
{
    fflush(stdout);
    errno = 0;
    ssize_t n = getline(line, cap, stdin);
    if (n < 0) {
        /* Not the end of input: getline could not allocate, or the read failed. */
        if (!feof(stdin)) {
            fprintf(stderr, "vgrev: standard input: %s\n", strerror(errno ? errno : EIO));
            *failed = true;
        }
        return false;
    }
    char *s = *line;
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    size_t lead = strspn(s, " \t");
    memmove(s, s + lead, (size_t)n - lead + 1);
    return true;
}

static const char *const S_rating_names[5] = {"", "Again", "Hard", "Good", "Easy"};

static int S_rating_of(const char *line)
{
    if (line[0] >= '1' && line[0] <= '4' && !line[1])
        return line[0] - '0';
    for (int r = 1; r <= 4; r++)
        if (!strcasecmp(line, S_rating_names[r]))
            return r;
    return 0;
}

typedef struct S_plain {
    S_session *s;
    int64_t shown_ms; /* S_mono_ms when the card's front was printed: its answer time */
    bool failed;      /* reading the input failed (printed) */
} S_plain;

static int64_t S_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t S_answers(const S_plain *p)
{
    vg_session_summary sum;
    vg_study_summary(p->s->model, &sum);
    return sum.answers;
}

/* Returns false after an error (printed). */
static bool S_plain_undo(S_plain *p)
{
    vg_error err;
    vg_study_undone what;
    int rating = 0;
    vg_status st = vg_study_undo(p->s->model, &what, &rating, &err);
    if (st == VG_NOT_FOUND) {
        puts("Nothing to undo.");
        return true;
    }
    if (st != VG_OK) {
        cli_fail(&err);
        return false;
    }
    printf("Undone: %s.\n", what == VG_STUDY_UNDID_ANSWER ? S_rating_names[rating]
                            : what == VG_STUDY_UNDID_BURY ? "bury"
                                                          : "suspend");
    return true;
}

static void S_plain_stats(const S_plain *p, int64_t start, bool finished, vg_study_report *st)
{
    memset(st, 0, sizeof *st);
    st->start = start;
    st->end = S_now(p->s);
    vg_session_summary sum;
    vg_study_summary(p->s->model, &sum);
    st->answers = sum.answers;
    st->again = sum.again;
    st->cards = sum.cards;
    st->finished = finished;
    st->next_due = vg_study_next_due(p->s->model, st->end);
    vg_study_counts c;
    vg_study_count(p->s->model, st->end, &c);
    st->cram = c.cram;
    vg_study_limits(p->s->model, st);
}

static void S_print_intervals(vg_study *m, int64_t now)
{
    int64_t ivl[4];
    vg_study_intervals(m, now, ivl);
    for (int r = 0; r < 4; r++) {
        char buf[16] = "";
        if (ivl[r] >= 0)
            vg_sched_format_interval(ivl[r], buf, sizeof buf);
        printf("%s%d %s%s%s", r ? "  " : "", r + 1, S_rating_names[r + 1], *buf ? " " : "", buf);
    }
    putchar('\n');
}

/* Only learning cards that are not due yet are left. Returns false when the session should
 * stop (q, the end of input, an error). */
static bool S_plain_wait(S_plain *p, char **line, size_t *cap)
{
    vg_study *m = p->s->model;
    char clock[32];
    vg_report_clock(vg_study_next_wait(m) - S_now(p->s), clock, sizeof clock);
    printf("\nAll due cards are done for now; the next learning card is due in %s.\n"
           "a studies it now, an empty line waits for it, q stops.\n",
           clock);
    for (;;) {
        if (!S_read_line(line, cap, &p->failed) || !strcmp(*line, "q"))
            return false;
        if (!strcmp(*line, "a")) {
            vg_study_ahead(m, S_now(p->s));
            return true;
        }
        if (!strcmp(*line, "u"))
            return S_plain_undo(p);
        if (!**line) {
            while (vg_study_next_wait(m) > S_now(p->s)) {
                struct timespec ts = {1, 0};
                nanosleep(&ts, NULL);
            }
            return true;
        }
        puts("a studies it now, an empty line waits for it, q stops.");
    }
}

static void S_plain_counts(vg_study *m, int64_t now, const char *title)
{
    vg_study_counts c;
    vg_study_count(m, now, &c);
    if (c.cram)
        printf("%s: %zu card%s to cram (schedules stay as they are).\n", title, c.cram_left,
               c.cram_left == 1 ? "" : "s");
    else
        printf("%s: %zu new, %zu learning, %zu due.\n", title, c.new_cards, c.learning, c.due);
}

/* Once a card is out: the last answer's compaction, and the moment saves start failing. */
static void S_plain_idle(vg_study *m)
{
    fflush(stdout);
    vg_error save_err;
    if (vg_study_idle(m) && vg_study_save_warning(m, &save_err)) {
        cli_warn(&save_err, 1);
        fputs("vgrev: warning: answers are kept in the journal; saving is retried later\n", stderr);
    }
}

/* Acts on one line read while a card is shown. Returns 1 when the card is done with, 0 to
 * read another line, -1 to stop (q), -2 after an error (printed). */
static int S_plain_line(S_plain *p, const vg_study_card *card, const char *line, bool *revealed,
                        size_t width)
{
    S_session *s = p->s;
    vg_study *m = s->model;
    int rating = *revealed ? S_rating_of(line) : 0;
    vg_error err;
    if (!*revealed && !*line) {
        if (!cli_print_rich(&card->card->back, width, 2)) {
            S_nomem();
            return -2;
        }
        S_print_intervals(m, S_now(s));
        *revealed = true;
        return 0;
    }
    if (rating) {
        bool leech = false;
        int64_t ivl[4];
        vg_study_intervals(m, S_now(s), ivl);
        int64_t ms = S_mono_ms() - p->shown_ms;
        ms = ms < 0 ? 0 : ms > VG_MS_MAX ? VG_MS_MAX : ms;
        if (vg_study_answer_ms(m, rating, (int32_t)ms, S_now(s), &leech, &err) != VG_OK) {
            cli_fail(&err);
            return -2;
        }
        char buf[16] = "";
        if (ivl[rating - 1] >= 0) {
            vg_sched_format_interval(ivl[rating - 1], buf, sizeof buf);
            printf("%s: next in %s.\n", S_rating_names[rating], buf);
        } else {
            printf("%s.\n", S_rating_names[rating]);
        }
        if (leech)
            printf("Leech: forgotten %d times, so it is suspended now. u undoes.\n",
                   (int)card->lapses + 1);
        return 1;
    }
    if (!strcmp(line, "u"))
        return S_plain_undo(p) ? 1 : -2;
    if (!strcmp(line, "b") || !strcmp(line, "s")) {
        bool bury = line[0] == 'b';
        vg_status st = bury ? vg_study_bury(m, S_now(s), &err) : vg_study_suspend(m, &err);
        if (st != VG_OK) {
            cli_fail(&err);
            return -2;
        }
        puts(bury ? "Buried until tomorrow." : "Suspended.");
        return 1;
    }
    if (!strcmp(line, "q"))
        return -1;
    if (*revealed)
        puts("Answer with 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy); u, b, s, q also work.");
    else
        puts("An empty line shows the answer; u, b, s, q also work.");
    return 0;
}

static int S_plain_run(S_session *s, const char *title)
{
    S_plain p = {s, 0, false};
    vg_study *m = s->model;
    size_t width = cli_width(stdout);
    int64_t start = S_now(s);
    char *line = NULL;
    size_t cap = 0;
    bool finished = false;
    int status = CLI_OK;
    S_plain_counts(m, start, title);
    puts("An empty line shows the answer; then 1 Again, 2 Hard, 3 Good, 4 Easy.\n"
         "u undoes, b buries until tomorrow, s suspends, q quits.");
    for (;;) {
        vg_study_card card;
        if (!vg_study_current(m, S_now(s), &card)) {
            if (vg_study_next_wait(m) && S_plain_wait(&p, &line, &cap))
                continue;
            finished = vg_study_next_wait(m) == 0;
            break;
        }
        vg_study_counts c;
        vg_study_count(m, S_now(s), &c);
        size_t left = c.cram ? c.cram_left : c.new_cards + c.learning + c.due;
        size_t answers = S_answers(&p);
        printf("\nCard %zu of %zu, %s\n", answers + 1, answers + left,
               vg_card_state_name(card.state));
        if (!S_print_front(&card, width)) {
            status = S_nomem();
            break;
        }
        p.shown_ms = S_mono_ms();
        S_plain_idle(m);
        bool revealed = false;
        int r = 0;
        while (r == 0)
            r = S_read_line(&line, &cap, &p.failed)
                    ? S_plain_line(&p, &card, line, &revealed, width)
                    : -1;
        if (r < 0) {
            status = r == -2 ? CLI_ERROR : CLI_OK;
            break;
        }
    }
    if (p.failed)
        status = CLI_ERROR;
    vg_study_report st;
    S_plain_stats(&p, start, finished, &st);
    if (S_print_report(&st, "\n") != CLI_OK)
        status = CLI_ERROR;
    free(line);
    return status;
}

/* ---- the command --------------------------------------------------------------------------- */

/* cli_study_hint's line, shown on the study screen until the first key. */
static const char *S_hint;

void cli_study_hint(const char *hint)
{
    S_hint = hint;
}

static int S_screen_run(S_session *s, const char *title)
{
    ui *u = NULL;
    int status = cli_screen_open(s->clock_base, NULL, NULL, &u);
    if (status != CLI_OK)
        return status;
    ui_study_opts so = {title, S_reload, s, S_hint};
    vg_study_report st;
    ui_study_run(u, s->model, &so, &st);
    if ((status = cli_screen_close(u)) != CLI_OK)
        return status;
    /* The screen is gone: leave the summary in the terminal's scrollback. */
    return st.answers ? S_print_report(&st, "") : CLI_OK;
}

/* --new N */
static int S_new(const char *cmd, const cli_opt *opt, const char *value, void *opts)
{
    study_opts *o = opts;
    char *end;
    errno = 0;
    long long n = strtoll(value, &end, 10);
    if (errno || *end || end == value || n < 0 || n > 1000000)
        return cli_usage_error(cmd, "--%s wants a number from 0 to 1000000, not '%s'", opt->name,
                               value);
    o->new_limit = (size_t)n;
    o->new_limit_set = true;
    return CLI_OK;
}

/* --ahead N (days) */
static int S_ahead(const char *cmd, const cli_opt *opt, const char *value, void *opts)
{
    study_opts *o = opts;
    char *end;
    errno = 0;
    long long n = strtoll(value, &end, 10);
    if (errno || *end || end == value || n < 1 || n > 36500)
        return cli_usage_error(cmd, "--%s wants a number of days from 1 to 36500, not '%s'",
                               opt->name, value);
    o->ahead_days = (size_t)n;
    return CLI_OK;
}

/* --scheduler fsrs|sm2 */
static int S_scheduler(const char *cmd, const cli_opt *opt, const char *value, void *opts)
{
    study_opts *o = opts;
    (void)opt;
    o->sched_set = true;
    return cli_sched_kind(cmd, value, &o->sched);
}

/* --search: the matches of every deck, as the browser's search finds them. */
static vg_status S_search(S_session *s, const char *query, vg_error *err)
{
    s->matches = calloc(s->ndecks, sizeof *s->matches);
    if (!s->matches)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    vg_status st = VG_OK;
    for (size_t d = 0; d < s->ndecks && st == VG_OK; d++) {
        bool *m = calloc(s->decks[d]->ncards + 1, sizeof *m);
        s->matches[d] = m;
        if (!m)
            return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
        vg_search se;
        vg_search_init(&se, s->decks[d]);
        st = vg_search_run(&se, query, strlen(query), false, err);
        for (size_t i = 0; st == VG_OK && i < se.nmatches; i++)
            m[se.matches[i]] = true;
        vg_search_release(&se);
    }
    return st;
}

/* Reads the decks, the progress (not with --cram: no lock, nothing written), the scheduler,
 * and opens the model. */
static int S_open(S_session *s, const study_opts *o, int argc, char **argv, vg_error *err)
{
    clock_gettime(CLOCK_MONOTONIC, &s->mono_start);
    s->fixed_clock = cli_clock_fixed();
    if (cli_now(&s->clock_base, err) != VG_OK)
        return cli_fail(err);

    s->ndecks = argc ? (size_t)argc : 1;
    s->specs = calloc(s->ndecks, sizeof(char *));
    s->names = calloc(s->ndecks, sizeof(char *));
    s->decks = calloc(s->ndecks, sizeof(vg_deck *));
    s->nums = calloc(s->ndecks, sizeof *s->nums);
    vg_session_deck *sd = calloc(s->ndecks, sizeof *sd);
    if (!s->specs || !s->names || !s->decks || !s->nums || !sd) {
        free(sd);
        vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
        return cli_fail(err);
    }
    int status = CLI_OK;
    for (size_t i = 0; i < s->ndecks && status == CLI_OK; i++) {
        s->specs[i] = argc ? argv[i] : NULL;
        s->names[i] = cli_deck_name(s->specs[i]);
        if (!s->names[i])
            vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
        if (!s->names[i] || cli_deck_open(s->specs[i], &s->decks[i], err) != VG_OK) {
            status = cli_fail(err);
            break;
        }
        if (vg_section_numbers_init(&s->nums[i], s->decks[i]) != VG_OK) {
            vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
            status = cli_fail(err);
            break;
        }
        S_warn_problems(s->decks[i]);
        sd[i] = (vg_session_deck){s->decks[i], s->names[i]};
    }
    if (status == CLI_OK && s->section && !S_any_section(s))
        status = cli_usage_error("study", "no section '%s' (see 'vgrev list')", s->section);
    if (status == CLI_OK) {
        /* The config file's settings, then --scheduler over them. */
        vg_sched_params p;
        vg_status st = cli_sched_params(&p, err);
        if (st == VG_OK && o->sched_set)
            p.kind = o->sched;
        if (st == VG_OK)
            st = vg_sched_init(&s->sched, &p, err);
        if (st != VG_OK)
            status = cli_fail(err);
    }
    if (status == CLI_OK && !o->cram &&
        cli_progress_open(true, "vgrev study", &s->store, err) != VG_OK)
        status = cli_fail(err);
    vg_session_opts so;
    if (status == CLI_OK && cli_session_opts(&so, S_now(s), err) != VG_OK)
        status = cli_fail(err);
    if (status == CLI_OK) {
        /* Learn ahead (learn_ahead_minutes, as Anki): when only learning cards are left, one
         * due within it is shown at once; a later one gets the countdown, which offers to
         * study ahead. */
        if (o->new_limit_set) {
            /* --new N: N new cards in this session, whatever earlier ones introduced today. */
            so.new_session_limit = true;
            so.new_per_session = (unsigned)o->new_limit;
        }
        s->today = vg_session_day_start(S_now(s), so.utc_offset);
        if (o->ahead_days)
            so.review_ahead = (vg_time)o->ahead_days * VG_TIME_DAY;
        if (o->forgotten) {
            /* Only the forgotten cards are left: all of them now, as early reviews. */
            so.learn_ahead = VG_TIME_DAY;
            if (!o->ahead_days)
                so.review_ahead = (vg_time)s->sched.p.maximum_interval * VG_TIME_DAY;
        }
        if (s->section || o->search || o->tag || o->forgotten) {
            so.include = S_include;
            so.include_ctx = s;
        }
        if (o->search && S_search(s, o->search, err) != VG_OK)
            status = cli_fail(err);
    }
    if (status == CLI_OK) {
        if (vg_study_new(sd, s->ndecks, s->store, &s->sched, &so, o->cram, &s->model, err) != VG_OK)
            status = cli_fail(err);
    }
    free(sd);
    return status;
}

static void S_close(S_session *s)
{
    vg_study_free(s->model);
    vg_store_free(s->store);
    for (size_t i = 0; i < s->ndecks; i++) {
        if (s->decks)
            vg_deck_free(s->decks[i]);
        if (s->nums)
            vg_section_numbers_release(&s->nums[i]);
        if (s->names)
            free(s->names[i]);
    }
    for (size_t i = 0; s->matches && i < s->ndecks; i++)
        free(s->matches[i]);
    free(s->matches);
    free(s->decks);
    free(s->nums);
    free(s->names);
    free(s->specs);
}

static int S_run(const void *opts, int argc, char **argv)
{
    const study_opts *o = opts;
    S_session s;
    memset(&s, 0, sizeof s);
    s.section = o->section;
    s.o = o;
    vg_error err;
    vg_error_clear(&err);
    int status = S_open(&s, o, argc, argv, &err);
    if (status == CLI_OK) {
        /* Deck text is untrusted: the title is sanitized like everything else shown. */
        vg_buf title = VG_BUF_INIT;
        const vg_deck *one = s.ndecks == 1 ? s.decks[0] : NULL;
        if (one)
            vg_render_title(vg_deck_name(one), &title);
        else
            vg_buf_printf(&title, "%zu decks", s.ndecks);
        if (title.failed)
            status = S_nomem();
        else if (o->plain)
            status = S_plain_run(&s, vg_buf_str(&title));
        else
            status = S_screen_run(&s, vg_buf_str(&title));
        vg_buf_release(&title);
        /* The journal already holds every answer; this folds it into the snapshot. */
        if (vg_study_save(s.model, &err) != VG_OK)
            status = cli_fail(&err);
    }
    S_close(&s);
    return status;
}

static const study_opts S_defaults = {.section = NULL,
                                      .search = NULL,
                                      .tag = NULL,
                                      .ahead_days = 0,
                                      .forgotten = false,
                                      .new_limit = 0,
                                      .new_limit_set = false,
                                      .cram = false,
                                      .plain = false};

static const cli_opt S_opts[] = {
    CLI_STRING("section", "S", study_opts, section,
               "only section S: its number in 'vgrev list', or text of its title (or of a "
               "subsection's title)"),
    CLI_STRING("search", "TEXT", study_opts, search,
               "only the cards whose front or back contains TEXT (as the browser's /)"),
    CLI_STRING("tag", "TAG", study_opts, tag, "only the cards tagged TAG"),
    CLI_CALL("ahead", "N", S_ahead,
             "also review the cards due in the next N days: early reviews the scheduler sees "
             "as such"),
    CLI_FLAG("forgotten", study_opts, forgotten,
             "only the cards answered Again today, all of them now"),
    CLI_CALL("new", "N", S_new, "at most N new cards in this session"),
    CLI_FLAG("cram", study_opts, cram, "show the cards without changing their schedule"),
    CLI_CALL("scheduler", "fsrs|sm2", S_scheduler,
             "the scheduler (default: config.yaml's, else fsrs)"),
    CLI_FLAG("plain", study_opts, plain,
             "line mode: prints the front, an empty line shows the back, then 1-4 answers (u, "
             "b, s, q also work); end of input quits"),
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_END,
};

CLI_COMMAND(study, study_opts, "[DECK...]", "deck",
            "study the cards that are due (a terminal screen, or --plain)");
