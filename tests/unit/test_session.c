/* The study session: queue order and limits across the 04:00 rollover, answers made durable,
 * undo (also across a crash), bury, suspend, counts, and card identity across edits. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "test_files.h"

#include "vgrev/buf.h"
#include "vgrev/session.h"

/* ---- decks built in memory: "Section|front" lines ---- */

typedef struct tdeck {
    vg_deck deck;
    vg_section sections[16];
    vg_card cards[64];
    char strings[64][128];
} tdeck;

/* Not the deck module's hash: the session only needs ids that follow section and front. */
static void S_id(const char *section, const char *front, char out[17])
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const char *p = section; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
    h = (h ^ 0x1f) * 0x100000001b3ULL;
    for (const char *p = front; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* spec: NULL-terminated list of "Section|Front". */
static tdeck *S_deck(const char *const *spec)
{
    tdeck *t = calloc(1, sizeof *t);
    assert_non_null(t);
    t->deck.file = "test.md";
    t->deck.title = "Test";
    t->deck.sections = t->sections;
    t->deck.cards = t->cards;
    for (size_t i = 0; spec[i]; i++) {
        const char *bar = strchr(spec[i], '|');
        assert_non_null(bar);
        char *title = t->strings[2 * i], *front = t->strings[2 * i + 1];
        snprintf(title, 128, "%.*s", (int)(bar - spec[i]), spec[i]);
        snprintf(front, 128, "%s", bar + 1);
        if (!t->deck.nsections || strcmp(t->sections[t->deck.nsections - 1].title, title) != 0) {
            vg_section *s = &t->sections[t->deck.nsections++];
            s->title = title;
            s->number = "";
            s->first_card = i;
            s->line = (unsigned)i + 1;
        }
        vg_section *s = &t->sections[t->deck.nsections - 1];
        s->ncards++;
        vg_card *c = &t->cards[t->deck.ncards++];
        S_id(title, front, c->id);
        c->front_src = front;
        c->line = (unsigned)i + 2;
        c->col = 1;
        c->section = t->deck.nsections - 1;
        c->note = i; /* a note of its own; a test makes siblings */
    }
    return t;
}

static int S_setup(void **state)
{
    (void)state;
    return vg_test_dir_make("session");
}

static int S_teardown(void **state)
{
    (void)state;
    return vg_test_dir_remove();
}

static vg_sched S_sched;

static vg_store *S_open(const char *path, bool write)
{
    vg_store_opts o = {.write = write, .who = "test", .journal_limit = 0};
    vg_store *s = NULL;
    vg_error err;
    if (vg_store_open(path, &o, &s, &err) != VG_OK)
        fail_msg("%s:%u:%u: %s", err.file, err.line, err.col, err.msg);
    return s;
}

static vg_session *S_session(tdeck *t, const char *name, vg_store *store, vg_time now,
                             int32_t offset, unsigned new_per_day, unsigned reviews_per_day)
{
    vg_session_deck d = {&t->deck, name};
    vg_session_opts o;
    vg_session_opts_default(&o, now);
    o.utc_offset = offset;
    o.new_per_day = new_per_day;
    o.reviews_per_day = reviews_per_day;
    vg_session *s = NULL;
    vg_error err;
    if (vg_session_open(&d, 1, store, &S_sched, &o, &s, &err) != VG_OK)
        fail_msg("session: %s", err.msg);
    return s;
}

static size_t S_index(const tdeck *t, const vg_session_card *c)
{
    assert_non_null(c);
    return (size_t)(c->card - t->cards);
}

/* 2026-11-20T00:00:00Z, a Friday. */
static const vg_time T0 = 1795132800;

/* ---- day boundaries ---- */

static void test_day_start(void **state)
{
    (void)state;
    /* UTC: 03:59 belongs to the day before, 04:00 opens the day. */
    assert_int_equal(vg_session_day_start(T0 + 3 * 3600 + 59 * 60, 0), T0 - 20 * 3600);
    assert_int_equal(vg_session_day_start(T0 + 4 * 3600, 0), T0 + 4 * 3600);
    assert_int_equal(vg_session_day_start(T0 + 23 * 3600, 0), T0 + 4 * 3600);
    /* UTC+2: 04:00 local is 02:00Z. */
    assert_int_equal(vg_session_day_start(T0 + 2 * 3600, 7200), T0 + 2 * 3600);
    assert_int_equal(vg_session_day_start(T0 + 2 * 3600 - 1, 7200), T0 + 2 * 3600 - 86400);
    /* UTC-5: 04:00 local is 09:00Z. */
    assert_int_equal(vg_session_day_start(T0 + 9 * 3600, -5 * 3600), T0 + 9 * 3600);
    assert_int_equal(vg_session_day_start(T0 + 8 * 3600, -5 * 3600), T0 + 9 * 3600 - 86400);
    /* Before 1970 too. */
    assert_int_equal(vg_session_day_start(-1, 0), -20 * 3600);
}

/* ---- the queue ---- */

static const char *const S_ten[] = {"A|one",   "A|two",   "A|three", "A|four", "B|five", "B|six",
                                    "B|seven", "C|eight", "C|nine",  "C|ten",  NULL};

static void test_new_cards_in_order_up_to_the_limit(void **state)
{
    (void)state;
    tdeck *t = S_deck(S_ten);
    vg_store *st = vg_store_new();
    vg_time now = T0 + 10 * 3600; /* 10:00Z */
    vg_session *s = S_session(t, "ten", st, now, 0, 4, 200);
    size_t n, l, d;
    vg_session_remaining(s, now, &n, &l, &d);
    assert_int_equal(n, 4);
    for (size_t i = 0; i < 4; i++) {
        const vg_session_card *c = vg_session_next(s, now, NULL);
        assert_int_equal(S_index(t, c), i); /* deck order */
        assert_int_equal(vg_session_answer(s, c, VG_EASY, now, NULL), VG_OK);
        now += 10;
    }
    vg_time wake = 1;
    assert_null(vg_session_next(s, now, &wake)); /* the limit: 4 new a day */
    assert_int_equal(wake, 0);                   /* Easy made them reviews: nothing more today */
    vg_session_remaining(s, now, &n, &l, &d);
    assert_int_equal(n + l + d, 0);
    /* 03:59 the next day: still today. 04:00: a new day, four more. */
    assert_null(vg_session_next(s, T0 + 86400 + 4 * 3600 - 1, NULL));
    const vg_session_card *c = vg_session_next(s, T0 + 86400 + 4 * 3600, NULL);
    assert_int_equal(S_index(t, c), 4);
    vg_session_free(s);
    vg_store_free(st);
    free(t);
}

static void test_order_learning_reviews_new(void **state)
{
    (void)state;
    tdeck *t = S_deck(S_ten);
    vg_store *st = vg_store_new();
    vg_time day1 = T0 + 10 * 3600;
    vg_session *s = S_session(t, "ten", st, day1, 0, 3, 200);
    /* Day 1: cards 0, 1 Easy (reviews in a few days), card 2 Again (learning). */
    vg_session_answer(s, vg_session_card_at(s, 0, 0), VG_EASY, day1, NULL);
    vg_session_answer(s, vg_session_card_at(s, 0, 1), VG_EASY, day1 + 1, NULL);
    vg_session_answer(s, vg_session_card_at(s, 0, 2), VG_AGAIN, day1 + 2, NULL);
    vg_time wake;
    /* Card 2 is due in a minute: not now (no new left today), but within learn-ahead. */
    const vg_session_card *c = vg_session_next(s, day1 + 3, &wake);
    assert_int_equal(S_index(t, c), 2);
    size_t n, l, d;
    vg_session_remaining(s, day1 + 3, &n, &l, &d);
    assert_int_equal(n, 0);
    assert_int_equal(l, 1);
    assert_int_equal(d, 0);
    vg_sched_card c0, c2;
    vg_session_card_state(s, vg_session_card_at(s, 0, 0), &c0);
    vg_session_card_state(s, vg_session_card_at(s, 0, 2), &c2);
    assert_int_equal(c0.state, VG_CARD_REVIEW);
    assert_int_equal(c2.state, VG_CARD_LEARNING);
    vg_session_free(s);

    /* The day card 0 is due: a new session, card 2 still learning and overdue, card 0 and 1
     * due, new cards after them. */
    vg_time later = c0.due + 60;
    s = S_session(t, "ten", st, later, 0, 3, 200);
    c = vg_session_next(s, later, NULL);
    assert_int_equal(S_index(t, c), 2); /* learning first */
    vg_session_answer(s, c, VG_GOOD, later, NULL);
    vg_sched_card c2b;
    vg_session_card_state(s, c, &c2b);
    c = vg_session_next(s, later + 1, NULL);
    size_t first_review = S_index(t, c);
    assert_true(first_review == 0 || first_review == 1); /* then reviews, by due time */
    vg_session_answer(s, c, VG_GOOD, later + 1, NULL);
    c = vg_session_next(s, later + 2, NULL);
    if (c2b.state != VG_CARD_REVIEW && c2b.due <= later + 2) {
        assert_int_equal(S_index(t, c), 2);
    } else {
        size_t k = S_index(t, c);
        assert_true(k == 1 || k == 0 || k == 3);
    }
    vg_session_free(s);
    vg_store_free(st);
    free(t);
}

static void test_review_limit_and_rollover(void **state)
{
    (void)state;
    tdeck *t = S_deck(S_ten);
    vg_store *st = vg_store_new();
    /* Ten cards reviewed once, long ago: all due now. */
    for (size_t i = 0; i < 10; i++) {
        vg_record *r = vg_store_add(st, "ten", t->cards[i].id, "x", "y");
        vg_sched_card c;
        vg_sched_card_init(&c, r->id, 16);
        vg_sched_next(&S_sched, &c, VG_GOOD, T0 - 40 * 86400, &c);
        vg_sched_next(&S_sched, &c, VG_GOOD, T0 - 39 * 86400, &c);
        vg_store_answer(st, r, T0 - 40 * 86400, VG_GOOD, NULL, NULL);
        vg_store_answer(st, r, T0 - 39 * 86400, VG_GOOD, &c, NULL);
    }
    /* UTC+2, 03:00 local (01:00Z) on the 20th: the study day is the 19th. */
    vg_time now = T0 + 3600;
    vg_session *s = S_session(t, "ten", st, now, 7200, 20, 3);
    size_t n, l, d;
    vg_session_remaining(s, now, &n, &l, &d);
    assert_int_equal(d, 3);
    for (int i = 0; i < 3; i++) {
        const vg_session_card *c = vg_session_next(s, now, NULL);
        assert_non_null(c);
        vg_sched_card cs;
        vg_session_card_state(s, c, &cs);
        assert_int_equal(cs.state, VG_CARD_REVIEW);
        /* Again keeps it in the day's queue (relearning), without counting twice. */
        assert_int_equal(vg_session_answer(s, c, i == 0 ? VG_AGAIN : VG_GOOD, now, NULL), VG_OK);
        now += 5;
    }
    /* Limit reached: only the relearning card comes back. */
    const vg_session_card *c = vg_session_next(s, now + 700, NULL);
    assert_non_null(c);
    vg_sched_card cs;
    vg_session_card_state(s, c, &cs);
    assert_int_equal(cs.state, VG_CARD_RELEARNING);
    vg_session_answer(s, c, VG_GOOD, now + 700, NULL);
    const vg_session_card *left = vg_session_next(s, now + 710, NULL);
    if (left) {
        vg_session_card_state(s, left, &cs);
        fail_msg("card %zu in state %d due %lld", S_index(t, left), cs.state,
                 (long long)(cs.due - now));
    }
    /* 04:00 local = 02:00Z: a new day, three more reviews. */
    vg_time rollover = T0 + 2 * 3600;
    c = vg_session_next(s, rollover, NULL);
    assert_non_null(c);
    vg_session_remaining(s, rollover, &n, &l, &d);
    assert_int_equal(d, 3);
    vg_session_free(s);
    vg_store_free(st);
    free(t);
}

/* ---- answers are durable; undo too ---- */

static void test_answer_is_journaled_and_undo_survives(void **state)
{
    (void)state;
    const char *path = vg_test_path("undo.yaml");
    tdeck *t = S_deck(S_ten);
    vg_store *st = S_open(path, true);
    vg_time now = T0 + 10 * 3600;
    vg_session *s = S_session(t, "ten", st, now, 0, 20, 200);
    const vg_session_card *order[5];
    char ids[5][17];
    for (int i = 0; i < 5; i++) {
        order[i] = vg_session_next(s, now, NULL);
        memcpy(ids[i], order[i]->card->id, 17);
        assert_int_equal(vg_session_answer(s, order[i], VG_GOOD, now, NULL), VG_OK);
        now += 30;
    }
    assert_int_equal(vg_session_undo_depth(s), 5);
    vg_session_action back;
    assert_int_equal(vg_session_undo(s, &back, NULL), VG_OK);
    assert_ptr_equal(back.card, order[4]);
    assert_int_equal(back.kind, VG_ACTION_ANSWER);
    assert_int_equal(back.rating, VG_GOOD);
    assert_int_equal(vg_session_undo(s, &back, NULL), VG_OK);
    assert_ptr_equal(back.card, order[3]);
    /* The card of the last undo comes first. */
    assert_ptr_equal(vg_session_next(s, now, NULL), order[3]);
    assert_int_equal(order[3]->rec->nreviews, 0);
    vg_sched_card cs;
    vg_session_card_state(s, order[3], &cs);
    assert_int_equal(cs.state, VG_CARD_NEW);
    size_t first = (size_t)(order[0]->card - t->cards);
    /* A crash now: no save. */
    vg_session_free(s);
    vg_store_free(st);

    st = S_open(path, false);
    for (int i = 0; i < 5; i++) {
        const vg_record *r = vg_store_find(st, "ten", ids[i]);
        assert_non_null(r);
        assert_int_equal(r->nreviews, i < 3 ? 1 : 0);
    }
    vg_store_free(st);

    /* The reloaded session shows the same states as the live one had. */
    st = S_open(path, true);
    s = S_session(t, "ten", st, now, 0, 20, 200);
    vg_session_card_state(s, vg_session_card_at(s, 0, first), &cs);
    assert_int_equal(cs.state, VG_CARD_LEARNING);
    assert_int_equal(cs.reps, 1);
    /* Undo with nothing to undo in this session. */
    vg_error err;
    assert_int_equal(vg_session_undo(s, NULL, &err), VG_NOT_FOUND);
    assert_int_equal(vg_session_save(s, NULL), VG_OK);
    vg_session_free(s);
    vg_store_free(st);
    free(t);
}

static void test_bury_and_suspend(void **state)
{
    (void)state;
    tdeck *t = S_deck(S_ten);
    const char *path = vg_test_path("bury.yaml");
    vg_store *st = S_open(path, true);
    vg_time now = T0 + 22 * 3600; /* 22:00Z, UTC */
    vg_session *s = S_session(t, "ten", st, now, 0, 20, 200);
    const vg_session_card *c0 = vg_session_next(s, now, NULL);
    assert_int_equal(S_index(t, c0), 0);
    assert_int_equal(vg_session_bury(s, c0, now, NULL), VG_OK);
    assert_int_equal(c0->rec->buried_until, T0 + 86400 + 4 * 3600); /* the next 04:00 */
    const vg_session_card *c1 = vg_session_next(s, now, NULL);
    assert_int_equal(S_index(t, c1), 1);
    assert_int_equal(vg_session_suspend(s, c1, true, NULL), VG_OK);
    assert_int_equal(S_index(t, vg_session_next(s, now, NULL)), 2);
    vg_counts k;
    vg_session_counts(s, 0, 0, now, &k);
    assert_int_equal(k.cards, 4);
    assert_int_equal(k.suspended, 1);
    assert_int_equal(k.new_cards, 2); /* card 0 is buried: not counted as new */
    /* After the rollover the buried card is back, the suspended one is not. */
    vg_time tomorrow = T0 + 86400 + 4 * 3600;
    assert_int_equal(S_index(t, vg_session_next(s, tomorrow, NULL)), 0);
    vg_session_free(s);
    vg_store_free(st);

    /* Both survive a reload (journal); unsuspend brings the card back. */
    st = S_open(path, true);
    s = S_session(t, "ten", st, now + 60, 0, 20, 200);
    assert_int_equal(S_index(t, vg_session_next(s, now + 60, NULL)), 2);
    assert_int_equal(vg_session_suspend(s, vg_session_card_at(s, 0, 1), false, NULL), VG_OK);
    assert_int_equal(S_index(t, vg_session_next(s, now + 60, NULL)), 1);
    vg_session_free(s);
    vg_store_free(st);
    free(t);
}

/* The cards of one note (a cloze note's numbers, a reversed card's two ways): answering one
 * buries the others until the next study day, in the answer's undo step; not in cram, and
 * not with bury_siblings off. */
static vg_session *S_sibling_session(tdeck *t, vg_store *st, vg_time now, bool bury, bool cram)
{
    vg_session_deck d = {&t->deck, "sib"};
    vg_session_opts o;
    vg_session_opts_default(&o, now);
    assert_true(o.bury_siblings); /* the default */
    o.bury_siblings = bury;
    o.cram = cram;
    vg_session *s = NULL;
    vg_error err;
    if (vg_session_open(&d, 1, st, &S_sched, &o, &s, &err) != VG_OK)
        fail_msg("session: %s", err.msg);
    return s;
}

static void test_siblings_buried(void **state)
{
    (void)state;
    static const char *const spec[] = {"A|n1 c1", "A|n1 c2", "A|n1 c3", "A|other", NULL};
    tdeck *t = S_deck(spec);
    t->cards[1].note = t->cards[2].note = 0; /* cards 0, 1, 2: one note */
    t->cards[3].note = 1;
    const char *path = vg_test_path("siblings.yaml");
    vg_store *st = S_open(path, true);
    vg_time now = T0 + 10 * 3600, tomorrow = T0 + 86400 + 4 * 3600;
    vg_session *s = S_sibling_session(t, st, now, true, false);
    const vg_session_card *c = vg_session_next(s, now, NULL);
    assert_int_equal(S_index(t, c), 0);
    assert_int_equal(vg_session_answer(s, c, VG_GOOD, now, NULL), VG_OK);
    assert_int_equal(vg_session_card_at(s, 0, 1)->rec->buried_until, tomorrow);
    assert_int_equal(vg_session_card_at(s, 0, 2)->rec->buried_until, tomorrow);
    assert_null(vg_session_card_at(s, 0, 3)->rec);
    /* The next card is the other note's; card 0 comes back after its learning step. */
    assert_int_equal(S_index(t, vg_session_next(s, now, NULL)), 3);
    vg_session_action last;
    assert_true(vg_session_last(s, &last));
    assert_int_equal(last.kind, VG_ACTION_ANSWER);
    /* One undo takes the answer back with the buries. */
    assert_int_equal(vg_session_undo(s, &last, NULL), VG_OK);
    assert_int_equal(last.kind, VG_ACTION_ANSWER);
    assert_int_equal(vg_session_undo_depth(s), 0);
    assert_int_equal(vg_session_card_at(s, 0, 1)->rec->buried_until, 0);
    assert_int_equal(vg_session_card_at(s, 0, 0)->rec->nreviews, 0);
    assert_int_equal(S_index(t, vg_session_next(s, now, NULL)), 0);
    /* Again, and the siblings come back the next study day. */
    c = vg_session_next(s, now, NULL);
    assert_int_equal(vg_session_answer(s, c, VG_EASY, now, NULL), VG_OK);
    assert_int_equal(S_index(t, vg_session_next(s, now, NULL)), 3);
    vg_session_free(s);
    vg_store_free(st);
    st = S_open(path, true); /* durable */
    s = S_sibling_session(t, st, now + 60, true, false);
    assert_int_equal(vg_session_card_at(s, 0, 2)->rec->buried_until, tomorrow);
    assert_int_equal(S_index(t, vg_session_next(s, now + 60, NULL)), 3);
    assert_int_equal(S_index(t, vg_session_next(s, tomorrow, NULL)), 1);
    vg_session_free(s);
    vg_store_free(st);

    /* bury_siblings: false, and cram: nothing buried. */
    st = S_open(vg_test_path("siblings-off.yaml"), true);
    s = S_sibling_session(t, st, now, false, false);
    c = vg_session_next(s, now, NULL);
    assert_int_equal(vg_session_answer(s, c, VG_GOOD, now, NULL), VG_OK);
    assert_null(vg_session_card_at(s, 0, 1)->rec);
    assert_int_equal(S_index(t, vg_session_next(s, now, NULL)), 1);
    vg_session_free(s);
    s = S_sibling_session(t, st, now, true, true);
    c = vg_session_next(s, now, NULL);
    assert_int_equal(vg_session_answer(s, c, VG_GOOD, now, NULL), VG_OK);
    assert_int_equal(S_index(t, vg_session_next(s, now, NULL)), 1);
    vg_session_free(s);
    vg_store_free(st);
    free(t);
}

/* Cached states of another scheduler are rebuilt from the logs. */
static void test_other_scheduler_replays(void **state)
{
    (void)state;
    tdeck *t = S_deck(S_ten);
    vg_store *st = vg_store_new();
    vg_record *r = vg_store_add(st, "ten", t->cards[0].id, "A", "one");
    vg_sched_card bogus;
    memset(&bogus, 0, sizeof bogus);
    bogus.state = VG_CARD_REVIEW;
    bogus.due = T0 + 999 * 86400;
    vg_store_answer(st, r, T0 - 86400, VG_GOOD, &bogus, NULL);
    vg_store_set_scheduler(st, "sm2 0000000000000000");
    vg_session *s = S_session(t, "ten", st, T0, 0, 20, 200);
    vg_sched_card want;
    vg_sched_card_init(&want, r->id, 16);
    vg_sched_next(&S_sched, &want, VG_GOOD, T0 - 86400, &want);
    assert_int_equal(r->sched.due, want.due);
    assert_int_equal(r->sched.state, want.state);
    char tag[40];
    vg_session_sched_tag(&S_sched, tag);
    assert_string_equal(vg_store_scheduler(st), tag);
    assert_int_equal(strncmp(tag, "fsrs ", 5), 0);
    vg_session_free(s);
    vg_store_free(st);
    free(t);
}

/* ---- identity across edits ---- */

static void test_edit_distance(void **state)
{
    (void)state;
    assert_int_equal(vg_session_edit_distance("Definition", "Definition", 2), 0);
    assert_int_equal(vg_session_edit_distance("Defintion", "Definition", 2), 1);
    assert_int_equal(vg_session_edit_distance("  Chain   rule\n", "Chain rule", 2), 0);
    assert_int_equal(vg_session_edit_distance("\xce\xb1-decay", "\xce\xb2-decay", 2), 1);
    assert_int_equal(vg_session_edit_distance("kitten", "sitting", 5), 3);
    assert_int_equal(vg_session_edit_distance("abc", "xyzuvw", 2), 3); /* capped: limit + 1 */
}

/* Records of a deck studied once, then the deck edited. */
static vg_store *S_studied(tdeck *t, const char *name)
{
    vg_store *st = vg_store_new();
    vg_session *s = S_session(t, name, st, T0, 0, 100, 200);
    for (size_t i = 0; i < t->deck.ncards; i++)
        vg_session_answer(s, vg_session_card_at(s, 0, i), VG_GOOD, T0 + (vg_time)i, NULL);
    vg_session_free(s);
    return st;
}

static void test_identity_across_edits(void **state)
{
    (void)state;
    static const char *const before[] = {"What is the Vanishing Gradient Problem?|Definition",
                                         "What is the Vanishing Gradient Problem?|Why it matters",
                                         "Causes|Chain Rule Effect",
                                         "Causes|Activation Functions",
                                         "Causes|Weight Initialisation",
                                         "Solutions|LSTM",
                                         "Solutions|Gradient Clipping",
                                         NULL};
    tdeck *t = S_deck(before);
    vg_store *st = S_studied(t, "vg");
    free(t);

    /* Reordered cards and sections, a typo fixed in one front, one card moved to another
     * section, one card deleted, one added, the file renamed (deck name "vg2"). */
    static const char *const after[] = {"Solutions|Gradient Clipping",
                                        "Solutions|LSTM",
                                        "Solutions|Weight Initialisation", /* moved from Causes */
                                        "Causes|Chain Rule Effects",       /* typo: an 's' */
                                        "Causes|Residual connections",     /* new */
                                        "What is the Vanishing Gradient Problem?|Definition",
                                        "What is the Vanishing Gradient Problem?|Why it matters",
                                        NULL}; /* "Activation Functions" deleted */
    tdeck *u = S_deck(after);

    /* The renamed file first: the records are under "vg"; with the new name nothing matches
     * by (deck, id), so the renamed-deck rule carries the unchanged cards over, and then the
     * other records of "vg" count as the renamed deck's: the moved card and the typo carry
     * over too, and the deleted card's record is reported, never silent. */
    vg_session *s = S_session(u, "vg2", st, T0 + 86400, 0, 100, 200);
    size_t nrel, norph;
    const vg_relink *rel = vg_session_relinks(s, &nrel);
    vg_record *const *orph = vg_session_orphans(s, &norph);
    size_t moved_deck = 0;
    for (size_t i = 0; i < nrel; i++)
        moved_deck += rel[i].moved_deck;
    assert_int_equal(moved_deck, 6); /* the 4 unchanged, the moved one, the typo */
    assert_int_equal(nrel, 6);
    for (size_t i = 0; i < nrel; i++)
        if (strcmp(rel[i].to->card->front_src, "Chain Rule Effects") == 0)
            assert_int_equal(rel[i].distance, 1);
    assert_int_equal(norph, 1);
    assert_string_equal(orph[0]->front, "Activation Functions");
    assert_string_equal(orph[0]->deck, "vg");
    vg_session_free(s);
    vg_store_free(st);

    /* The same edits under the same deck name. */
    t = S_deck(before);
    st = S_studied(t, "vg");
    free(t);
    s = S_session(u, "vg", st, T0 + 86400, 0, 100, 200);
    rel = vg_session_relinks(s, &nrel);
    orph = vg_session_orphans(s, &norph);
    /* Kept by id: the four unchanged cards. */
    size_t kept[] = {0, 1, 5, 6};
    for (size_t i = 0; i < 4; i++) {
        const vg_session_card *c = vg_session_card_at(s, 0, kept[i]);
        assert_non_null(c->rec);
        assert_int_equal(c->rec->nreviews, 1);
    }
    assert_int_equal(nrel, 2);
    /* The moved card (same front, other section) and the typo (distance 1). */
    bool saw_move = false, saw_typo = false;
    for (size_t i = 0; i < nrel; i++) {
        assert_false(rel[i].moved_deck);
        if (rel[i].to == vg_session_card_at(s, 0, 2)) {
            saw_move = true;
            assert_int_equal(rel[i].distance, 0);
            assert_string_equal(rel[i].old_front, "Weight Initialisation");
        }
        if (rel[i].to == vg_session_card_at(s, 0, 3)) {
            saw_typo = true;
            assert_int_equal(rel[i].distance, 1);
            assert_string_equal(rel[i].old_front, "Chain Rule Effect");
            assert_string_equal(rel[i].to->rec->front, "Chain Rule Effects");
            assert_string_equal(rel[i].to->rec->id, rel[i].to->card->id);
        }
    }
    assert_true(saw_move);
    assert_true(saw_typo);
    assert_null(vg_session_card_at(s, 0, 4)->rec); /* the new card is new */
    assert_int_equal(norph, 1);                    /* the deleted card's record stays */
    assert_string_equal(orph[0]->front, "Activation Functions");
    assert_int_equal(orph[0]->nreviews, 1);
    vg_counts k;
    vg_session_counts(s, 0, 1, T0 + 86400, &k); /* Causes: 2 cards, 1 new */
    assert_int_equal(k.cards, 2);
    assert_int_equal(k.new_cards, 1);
    vg_session_free(s);
    vg_store_free(st);
    free(u);
}

/* Ambiguity: nobody moves. */
/* An edited cloze note or reversed card: each card's record goes to the same card of the edited
 * note (the front's tail after 0x1F), though its siblings are as small an edit away. */
static void test_relink_siblings(void **state)
{
    (void)state;
    static const char *const before[] = {"S|The capital of {{c1::France}} is {{c2::Paris}}\x1F"
                                         "c1",
                                         "S|The capital of {{c1::France}} is {{c2::Paris}}\x1F"
                                         "c2",
                                         "S|Term", "S|Term\x1Freverse", NULL};
    static const char *const after[] = {"S|The capital city of {{c1::France}} is {{c2::Paris}}\x1F"
                                        "c1",
                                        "S|The capital city of {{c1::France}} is {{c2::Paris}}\x1F"
                                        "c2",
                                        "S|Terms", "S|Terms\x1Freverse", NULL};
    tdeck *t = S_deck(before);
    t->cards[1].note = 0;
    t->cards[3].note = 2;
    vg_store *st = S_studied(t, "d");
    tdeck *u = S_deck(after);
    vg_session *s = S_session(u, "d", st, T0 + 86400, 0, 100, 200);
    size_t nrel, norph;
    vg_session_relinks(s, &nrel);
    vg_session_orphans(s, &norph);
    assert_int_equal(nrel, 4);
    assert_int_equal(norph, 0);
    for (size_t i = 0; i < 4; i++) { /* card i was answered at T0 + i */
        const vg_session_card *c = vg_session_card_at(s, 0, i);
        assert_non_null(c->rec);
        assert_int_equal(c->rec->reviews[0].t, T0 + (vg_time)i);
    }
    vg_session_free(s);
    vg_store_free(st);
    free(t);
    free(u);
}

static void test_relink_needs_a_unique_match(void **state)
{
    (void)state;
    static const char *const before[] = {"S|Colour", "S|Color", "S|Gradient", NULL};
    tdeck *t = S_deck(before);
    vg_store *st = S_studied(t, "d");
    free(t);
    /* "Colours" is one edit from "Colour" and two from "Color": two candidates. "Gradients"
     * and "Gradient!" both want "Gradient": neither gets it. */
    static const char *const after[] = {"S|Colours", "S|Gradients", "S|Gradient!", NULL};
    tdeck *u = S_deck(after);
    vg_session *s = S_session(u, "d", st, T0 + 86400, 0, 100, 200);
    size_t nrel, norph;
    vg_session_relinks(s, &nrel);
    vg_session_orphans(s, &norph);
    assert_int_equal(nrel, 0);
    assert_int_equal(norph, 3);
    vg_session_free(s);
    /* A big rewrite is not a small edit. */
    static const char *const rewrite[] = {"S|Hue of things", NULL};
    tdeck *w = S_deck(rewrite);
    s = S_session(w, "d", st, T0 + 86400, 0, 100, 200);
    vg_session_relinks(s, &nrel);
    assert_int_equal(nrel, 0);
    vg_session_free(s);
    vg_store_free(st);
    free(u);
    free(w);
}

/* A relink on a writable store is journaled: after a crash the records are where they went,
 * and the answers given after it stay with the card. */
static void test_relink_is_durable(void **state)
{
    (void)state;
    const char *path = vg_test_path("relink.yaml");
    static const char *const before[] = {"S|Recurent networks", NULL};
    static const char *const after[] = {"S|Recurrent networks", NULL};
    tdeck *t = S_deck(before), *u = S_deck(after);
    vg_store *st = S_open(path, true);
    vg_session *s = S_session(t, "d", st, T0, 0, 20, 200);
    vg_session_answer(s, vg_session_card_at(s, 0, 0), VG_GOOD, T0, NULL);
    vg_session_save(s, NULL);
    vg_session_free(s);
    vg_store_free(st);

    st = S_open(path, true);
    s = S_session(u, "d", st, T0 + 86400, 0, 20, 200);
    size_t nrel;
    vg_session_relinks(s, &nrel);
    assert_int_equal(nrel, 1);
    vg_session_answer(s, vg_session_card_at(s, 0, 0), VG_GOOD, T0 + 86400, NULL);
    vg_session_free(s);
    vg_store_free(st); /* a crash: no save */

    st = S_open(path, false);
    assert_int_equal(vg_store_count(st), 1);
    const vg_record *r = vg_store_find(st, "d", u->cards[0].id);
    assert_non_null(r);
    assert_int_equal(r->nreviews, 2);
    assert_string_equal(r->front, "Recurrent networks");
    vg_store_free(st);
    free(t);
    free(u);
}

/* ---- leeches, undo of every step, cram, limits, study ahead, an edited deck ---- */

/* The whole file, or "" when there is none; the caller frees it. */
static char *S_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    if (f) {
        for (;;) {
            if (n == cap) {
                cap = cap ? 2 * cap : 4096;
                buf = realloc(buf, cap + 1);
                assert_non_null(buf);
            }
            size_t got = fread(buf + n, 1, cap - n, f);
            n += got;
            if (got == 0)
                break;
        }
        fclose(f);
    }
    if (!buf)
        buf = calloc(1, 1);
    assert_non_null(buf);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static void S_same_file(const char *path, const char *before, size_t len)
{
    size_t n;
    char *now = S_slurp(path, &n);
    assert_int_equal(n, len);
    assert_memory_equal(now, before, len);
    free(now);
}

/* A record for card i of t whose log leaves it a review card with `lapses` lapses, answered
 * (Again in review, Good otherwise) through the scheduler from t0 on; returns when it is due. */
static vg_time S_lapsed(vg_store *st, tdeck *t, const char *deck, size_t i, int lapses, vg_time t0)
{
    vg_record *r = vg_store_add(st, deck, t->cards[i].id, "A", t->cards[i].front_src);
    assert_non_null(r);
    vg_sched_card c;
    vg_sched_card_init(&c, r->id, 16);
    vg_time now = t0;
    while (!(c.state == VG_CARD_REVIEW && c.lapses == lapses)) {
        int rating = c.state == VG_CARD_REVIEW ? VG_AGAIN : VG_GOOD;
        vg_sched_next(&S_sched, &c, (vg_rating)rating, now, &c);
        assert_int_equal(vg_store_answer(st, r, now, rating, &c, NULL), VG_OK);
        now = c.due > now ? c.due : now + 1;
    }
    return c.due;
}

/* The review limit also caps new cards (Anki's rule), and what each limit held back is told. */
static void test_limits_held_back(void **state)
{
    (void)state;
    const char *path = vg_test_path("held.yaml");
    tdeck *t = S_deck(S_ten);
    vg_store *st = S_open(path, true);
    /* Three cards due (reviewed long ago), seven new. */
    vg_time due = 0;
    for (size_t i = 0; i < 3; i++) {
        vg_time d = S_lapsed(st, t, "ten", i, 0, T0 - 400 * 86400);
        due = d > due ? d : due;
    }
    vg_time now = due + 3600;
    /* Reviews 2 a day, new cards 5: one review held back, and only 2 - 0 = 2 new cards. */
    vg_session *s = S_session(t, "ten", st, now, 0, 5, 2);
    size_t nnew, nlearn, ndue;
    vg_session_remaining(s, now, &nnew, &nlearn, &ndue);
    assert_int_equal(ndue, 2);
    assert_int_equal(nnew, 2);
    vg_session_held h;
    vg_session_held_back(s, now, &h);
    assert_int_equal(h.reviews, 1);
    assert_int_equal(h.review_limit, 2);
    assert_int_equal(h.new_cards, 5);
    assert_true(h.new_by_reviews);
    /* Two reviews done: the review limit leaves no new card at all. */
    for (int i = 0; i < 2; i++) {
        const vg_session_card *c = vg_session_next(s, now, NULL);
        assert_non_null(c);
        assert_int_equal(vg_session_answer(s, c, VG_EASY, now, NULL), VG_OK);
    }
    assert_null(vg_session_next(s, now, NULL));
    vg_session_held_back(s, now, &h);
    assert_int_equal(h.reviews, 1);
    assert_int_equal(h.new_cards, 7);
    vg_session_free(s);
    /* A generous review limit: the new-card limit is the one that holds. */
    s = S_session(t, "ten", st, now, 0, 5, 200);
    vg_session_held_back(s, now, &h);
    assert_int_equal(h.reviews, 0);
    assert_int_equal(h.new_cards, 2);
    assert_false(h.new_by_reviews);
    assert_int_equal(h.new_limit, 5);
    vg_session_free(s);
    vg_store_free(st);
    free(t);
}

/* Anki's leech schedule: at the threshold, then every half threshold; never in between. */
static void test_leech_schedule(void **state)
{
    (void)state;
    for (int32_t l = 0; l < 40; l++) {
        bool want =
            l == 8 || l == 12 || l == 16 || l == 20 || l == 24 || l == 28 || l == 32 || l == 36;
        assert_int_equal(vg_session_leech_at(8, l), want);
        assert_int_equal(vg_session_leech_at(5, l), l >= 5 && (l - 5) % 2 == 0);
        assert_int_equal(vg_session_leech_at(1, l), l >= 1);
        assert_false(vg_session_leech_at(0, l));
    }
    assert_false(vg_session_leech_at(8, -1));
    assert_false(vg_session_leech_at(8, INT32_MIN));
    assert_true(vg_session_leech_at(2, INT32_MAX));

    /* A card unsuspended after becoming a leech at 8 lapses: its 9th lapse leaves it be. */
    const char *path = vg_test_path("leech9.yaml");
    tdeck *t = S_deck(S_ten);
    vg_store *st = S_open(path, true);
    vg_time due = S_lapsed(st, t, "ten", 2, VG_SESSION_LEECH_LAPSES, T0 - 400 * 86400);
    /* ... tagged at its 8th lapse, as a session does */
    vg_record *r2 = vg_store_find(st, "ten", t->cards[2].id);
    assert_int_equal(vg_store_tag(st, r2, VG_SESSION_LEECH_TAG, true, NULL), VG_OK);
    vg_time now = due + 3600;
    vg_session *s = S_session(t, "ten", st, now, 0, 20, 200);
    const vg_session_card *c = vg_session_next(s, now, NULL);
    assert_int_equal(S_index(t, c), 2);
    assert_int_equal(vg_session_answer(s, c, VG_AGAIN, now, NULL), VG_OK);
    vg_session_action last;
    assert_true(vg_session_last(s, &last));
    assert_false(last.leech);
    assert_false(c->rec->suspended);
    assert_true(vg_session_is_leech(s, c)); /* marked all the same: the tag stays */
    assert_false(vg_session_is_leech(s, vg_session_card_at(s, 0, 5)));
    vg_session_free(s);
    /* The tag comes off as it went on. */
    assert_int_equal(vg_store_tag(st, r2, VG_SESSION_LEECH_TAG, false, NULL), VG_OK);
    assert_false(vg_record_has_tag(r2, VG_SESSION_LEECH_TAG));

    /* leech_action: tag: the 8th lapse marks the card and leaves it in the queue. */
    vg_time due4 = S_lapsed(st, t, "ten", 4, VG_SESSION_LEECH_LAPSES - 1, T0 - 400 * 86400);
    now = due4 > now ? due4 + 3600 : now;
    vg_session_deck d = {&t->deck, "ten"};
    vg_session_opts o;
    vg_session_opts_default(&o, now);
    o.leech_tag = true;
    assert_int_equal(vg_session_open(&d, 1, st, &S_sched, &o, &s, NULL), VG_OK);
    c = vg_session_card_at(s, 0, 4);
    assert_false(vg_session_is_leech(s, c));
    assert_int_equal(vg_session_answer(s, c, VG_AGAIN, now, NULL), VG_OK);
    assert_true(vg_session_last(s, &last));
    assert_false(last.leech);
    assert_false(c->rec->suspended);
    assert_true(vg_session_is_leech(s, c));
    assert_string_equal(c->rec->tags, "leech");
    /* The undo takes the tag back with the answer. */
    assert_int_equal(vg_session_undo(s, NULL, NULL), VG_OK);
    assert_false(vg_session_is_leech(s, c));
    assert_int_equal(vg_session_answer(s, c, VG_AGAIN, now, NULL), VG_OK);
    assert_true(vg_session_is_leech(s, c));
    vg_session_free(s);
    vg_store_free(st);
    free(t);
}

static void test_leech_suspends_and_undo_takes_both_back(void **state)
{
    (void)state;
    const char *path = vg_test_path("leech.yaml");
    tdeck *t = S_deck(S_ten);
    vg_store *st = S_open(path, true);
    vg_time due = S_lapsed(st, t, "ten", 3, VG_SESSION_LEECH_LAPSES - 1, T0 - 400 * 86400);
    assert_int_equal(vg_store_save(st, NULL), VG_OK);
    const vg_record *r = vg_store_find(st, "ten", t->cards[3].id);
    size_t nreviews = r->nreviews;

    vg_time now = due + 3600;
    vg_session *s = S_session(t, "ten", st, now, 0, 20, 200);
    const vg_session_card *c = vg_session_next(s, now, NULL); /* due reviews before new cards */
    assert_int_equal(S_index(t, c), 3);
    assert_int_equal(vg_session_answer(s, c, VG_AGAIN, now, NULL), VG_OK);
    vg_session_action last;
    assert_true(vg_session_last(s, &last));
    assert_int_equal(last.kind, VG_ACTION_ANSWER);
    assert_ptr_equal(last.card, c);
    assert_true(last.leech);
    assert_true(c->rec->suspended);
    assert_true(vg_record_has_tag(c->rec, VG_SESSION_LEECH_TAG)); /* tagged, as Anki does */
    assert_int_equal(c->rec->nreviews, nreviews + 1);
    assert_int_equal(vg_session_undo_depth(s), 1); /* one step for both */
    /* Relearning, but suspended: it never comes back. */
    for (vg_time later = now; later < now + 3600; later += 300) {
        const vg_session_card *n = vg_session_next(s, later, NULL);
        assert_true(n != c);
    }
    vg_counts k;
    vg_session_counts(s, 0, 0, now, &k);
    assert_int_equal(k.suspended, 1);

    /* A crash after the leech: both the answer and the suspension are in the journal. */
    vg_store *peek = S_open(path, false);
    const vg_record *pr = vg_store_find(peek, "ten", t->cards[3].id);
    assert_true(pr->suspended);
    assert_true(vg_record_has_tag(pr, VG_SESSION_LEECH_TAG));
    assert_int_equal(pr->nreviews, nreviews + 1);
    vg_store_free(peek);

    vg_session_action undone;
    assert_int_equal(vg_session_undo(s, &undone, NULL), VG_OK);
    assert_int_equal(undone.kind, VG_ACTION_ANSWER);
    assert_int_equal(undone.rating, VG_AGAIN);
    assert_true(undone.leech);
    assert_false(c->rec->suspended);
    assert_false(vg_record_has_tag(c->rec, VG_SESSION_LEECH_TAG));
    assert_int_equal(c->rec->nreviews, nreviews);
    vg_sched_card cs;
    vg_session_card_state(s, c, &cs);
    assert_int_equal(cs.state, VG_CARD_REVIEW);
    assert_int_equal(cs.lapses, VG_SESSION_LEECH_LAPSES - 1);
    assert_ptr_equal(vg_session_next(s, now, NULL), c);
    assert_false(vg_session_last(s, NULL));
    /* Hard is no lapse: no leech. */
    assert_int_equal(vg_session_answer(s, c, VG_HARD, now, NULL), VG_OK);
    assert_true(vg_session_last(s, &last));
    assert_false(last.leech);
    assert_false(c->rec->suspended);
    assert_int_equal(vg_session_undo(s, NULL, NULL), VG_OK);
    vg_session_free(s);
    vg_store_free(st); /* a crash: no save */

    /* The undo survived: the record is as it was before the session. */
    st = S_open(path, true);
    r = vg_store_find(st, "ten", t->cards[3].id);
    assert_false(r->suspended);
    assert_null(r->tags);
    assert_int_equal(r->nreviews, nreviews);

    /* leech_lapses 0: never suspended. */
    vg_session_deck d = {&t->deck, "ten"};
    vg_session_opts o;
    vg_session_opts_default(&o, now);
    o.leech_lapses = 0;
    assert_int_equal(vg_session_open(&d, 1, st, &S_sched, &o, &s, NULL), VG_OK);
    c = vg_session_next(s, now, NULL);
    assert_int_equal(S_index(t, c), 3);
    assert_int_equal(vg_session_answer(s, c, VG_AGAIN, now, NULL), VG_OK);
    assert_false(c->rec->suspended);
    assert_true(vg_session_last(s, &last));
    assert_false(last.leech);
    vg_session_free(s);
    vg_store_free(st);
    free(t);
}

static void test_undo_of_bury_and_suspend_in_order_and_across_a_crash(void **state)
{
    (void)state;
    const char *path = vg_test_path("steps.yaml");
    tdeck *t = S_deck(S_ten);
    vg_store *st = S_open(path, true);
    /* Card 4 has an old bury that ended long ago: an undo puts that value back. */
    vg_record *r4 = vg_store_add(st, "ten", t->cards[4].id, "B", "five");
    assert_int_equal(vg_store_bury(st, r4, T0 - 5 * 86400, NULL), VG_OK);
    assert_int_equal(vg_store_save(st, NULL), VG_OK);

    vg_time now = T0 + 10 * 3600;
    vg_session *s = S_session(t, "ten", st, now, 0, 20, 200);
    const vg_session_card *c[5];
    for (size_t i = 0; i < 5; i++)
        c[i] = vg_session_card_at(s, 0, i);
    assert_int_equal(vg_session_bury(s, c[0], now, NULL), VG_OK);
    assert_int_equal(vg_session_suspend(s, c[1], true, NULL), VG_OK);
    assert_int_equal(vg_session_answer(s, c[2], VG_GOOD, now + 1, NULL), VG_OK);
    assert_int_equal(vg_session_bury(s, c[4], now + 2, NULL), VG_OK);
    assert_int_equal(vg_session_suspend(s, c[3], false, NULL), VG_OK); /* no change: no step */
    assert_int_equal(vg_session_undo_depth(s), 4);
    /* Card 2 learns (due in minutes), 0 and 4 are buried, 1 suspended: card 3 is next. */
    assert_int_equal(S_index(t, vg_session_next(s, now + 3, NULL)), 3);
    vg_time day_end = T0 + 86400 + 4 * 3600;
    assert_int_equal(c[4]->rec->buried_until, day_end);

    /* Undo goes back in the reverse order, whatever the kind of step, and shows the card. */
    static const struct {
        size_t card;
        vg_action_kind kind;
    } want[] = {
        {4, VG_ACTION_BURY}, {2, VG_ACTION_ANSWER}, {1, VG_ACTION_SUSPEND}, {0, VG_ACTION_BURY}};
    for (size_t i = 0; i < 4; i++) {
        vg_session_action last, undone;
        assert_true(vg_session_last(s, &last));
        assert_int_equal(vg_session_undo(s, &undone, NULL), VG_OK);
        assert_int_equal(undone.kind, want[i].kind);
        assert_int_equal(last.kind, want[i].kind);
        assert_ptr_equal(undone.card, c[want[i].card]);
        assert_ptr_equal(vg_session_next(s, now + 4, NULL), c[want[i].card]);
    }
    assert_int_equal(vg_session_undo(s, NULL, NULL), VG_NOT_FOUND);
    assert_int_equal(c[4]->rec->buried_until, T0 - 5 * 86400); /* the old value, not 0 */
    assert_int_equal(c[0]->rec->buried_until, 0);
    assert_false(c[1]->rec->suspended);
    assert_int_equal(c[2]->rec->nreviews, 0);
    /* One journal line per step and per undo, after the begin line. */
    size_t n;
    char *journal = S_slurp(vg_test_path("steps.yaml.journal"), &n);
    size_t lines = 0;
    for (size_t i = 0; i < n; i++)
        lines += journal[i] == '\n';
    assert_int_equal(lines, 1 + 4 + 4);
    assert_non_null(strstr(journal, "{op: unbury"));
    assert_non_null(strstr(journal, "{op: unsuspend"));
    free(journal);
    vg_session_free(s);
    vg_store_free(st); /* a crash: no save */

    /* Reopened from the snapshot and the journal: every step stays undone. */
    st = S_open(path, true);
    const vg_record *r;
    assert_true((r = vg_store_find(st, "ten", t->cards[0].id)) == NULL || r->buried_until == 0);
    assert_false(vg_store_find(st, "ten", t->cards[1].id)->suspended);
    assert_int_equal(vg_store_find(st, "ten", t->cards[2].id)->nreviews, 0);
    assert_int_equal(vg_store_find(st, "ten", t->cards[4].id)->buried_until, T0 - 5 * 86400);
    s = S_session(t, "ten", st, now + 5, 0, 20, 200);
    assert_int_equal(S_index(t, vg_session_next(s, now + 5, NULL)), 0);
    size_t nn, l, d;
    vg_session_remaining(s, now + 5, &nn, &l, &d);
    assert_int_equal(nn, 10);
    assert_int_equal(vg_session_undo_depth(s), 0); /* the stack is the session's own */
    vg_session_free(s);
    vg_store_free(st);
    free(t);
}

/* Cram shows every selected card, Again again at the end, and writes nothing: the files are
 * the same bytes, and so is the store in memory. */
static bool S_only_b(size_t deck, const vg_card *card, void *ctx)
{
    (void)deck;
    const tdeck *t = ctx;
    return !strcmp(t->sections[card->section].title, "B");
}

static void test_cram_leaves_the_store_untouched(void **state)
{
    (void)state;
    const char *path = vg_test_path("cram.yaml");
    tdeck *t = S_deck(S_ten);
    vg_store *st = S_open(path, true);
    vg_time now = T0 + 10 * 3600;
    vg_session *s = S_session(t, "ten", st, now, 0, 20, 200);
    for (size_t i = 4; i < 7; i++) /* section B: five, six, seven */
        assert_int_equal(vg_session_answer(s, vg_session_card_at(s, 0, i), VG_GOOD, now, NULL),
                         VG_OK);
    assert_int_equal(vg_session_save(s, NULL), VG_OK);
    assert_int_equal(vg_session_answer(s, vg_session_card_at(s, 0, 4), VG_EASY, now + 900, NULL),
                     VG_OK); /* and one in the journal */
    vg_session_free(s);
    vg_store_free(st);
    /* The deck as edited since: "six" got a typo fixed, which a study session would relink. */
    static const char *const edited[] = {"A|one", "B|five", "B|sixx", "B|seven", NULL};
    tdeck *u = S_deck(edited);

    size_t nsnap, njournal;
    char *snap = S_slurp(path, &nsnap),
         *journal = S_slurp(vg_test_path("cram.yaml.journal"), &njournal);
    st = S_open(path, true);
    vg_buf before = VG_BUF_INIT, after = VG_BUF_INIT;
    assert_int_equal(vg_store_format(st, &before, NULL), VG_OK);
    vg_session_deck d = {&u->deck, "ten"};
    vg_session_opts o;
    vg_session_opts_default(&o, now + 3600);
    o.cram = true;
    o.include = S_only_b;
    o.include_ctx = u;
    assert_int_equal(vg_session_open(&d, 1, st, &S_sched, &o, &s, NULL), VG_OK);
    assert_true(vg_session_cram(s));
    assert_int_equal(vg_session_cram_left(s), 3);
    size_t nn, l, dd;
    vg_session_remaining(s, now + 3600, &nn, &l, &dd);
    assert_int_equal(nn + l + dd, 0);
    const vg_session_card *c = vg_session_next(s, now, NULL);
    assert_int_equal(S_index(u, c), 1); /* five */
    vg_sched_card cs;
    vg_session_card_state(s, c, &cs); /* the state from the log, shown as it is */
    assert_int_equal(cs.reps, 2);
    int64_t ivl[4];
    vg_session_intervals(s, c, now, ivl);
    for (int i = 0; i < 4; i++)
        assert_int_equal(ivl[i], -1);
    /* Only the card shown can be answered. */
    assert_int_equal(vg_session_answer(s, vg_session_card_at(s, 0, 3), VG_GOOD, now, NULL),
                     VG_INVALID);
    assert_int_equal(vg_session_answer(s, c, VG_AGAIN, now, NULL), VG_OK);
    assert_int_equal(vg_session_cram_left(s), 3); /* five comes again at the end */
    c = vg_session_next(s, now, NULL);
    assert_int_equal(S_index(u, c), 2); /* sixx */
    assert_null(c->rec);                /* no relink in cram */
    assert_int_equal(vg_session_bury(s, c, now, NULL), VG_OK);
    c = vg_session_next(s, now, NULL);
    assert_int_equal(S_index(u, c), 3);
    assert_int_equal(vg_session_suspend(s, c, true, NULL), VG_OK);
    vg_session_action undone;
    assert_int_equal(vg_session_undo(s, &undone, NULL), VG_OK); /* the suspension */
    assert_int_equal(undone.kind, VG_ACTION_SUSPEND);
    assert_ptr_equal(vg_session_next(s, now, NULL), c);
    assert_int_equal(vg_session_answer(s, c, VG_GOOD, now, NULL), VG_OK);
    c = vg_session_next(s, now, NULL);
    assert_int_equal(S_index(u, c), 1); /* five, again */
    assert_int_equal(vg_session_answer(s, c, VG_EASY, now, NULL), VG_OK);
    assert_null(vg_session_next(s, now, NULL));
    assert_int_equal(vg_session_next_due(s, now), 0);
    vg_session_summary sum;
    vg_session_summarize(s, &sum);
    assert_int_equal(sum.answers, 3);
    assert_int_equal(sum.again, 1);
    assert_int_equal(sum.cards, 2);
    assert_int_equal(sum.new_cards, 0);
    /* Undo all the way back, as far as the first answer. */
    while (vg_session_undo(s, NULL, NULL) == VG_OK)
        ;
    assert_int_equal(vg_session_cram_left(s), 3);
    assert_int_equal(S_index(u, vg_session_next(s, now, NULL)), 1);
    vg_session_summarize(s, &sum);
    assert_int_equal(sum.answers, 0);
    assert_int_equal(vg_session_save(s, NULL), VG_OK); /* nothing to save */
    assert_int_equal(vg_session_idle(s, NULL), VG_OK);
    assert_int_equal(vg_store_format(st, &after, NULL), VG_OK);
    assert_int_equal(after.len, before.len);
    assert_memory_equal(after.data, before.data, before.len);
    vg_session_free(s);
    vg_store_free(st);
    S_same_file(path, snap, nsnap);
    S_same_file(vg_test_path("cram.yaml.journal"), journal, njournal);

    /* Without a store at all. */
    assert_int_equal(vg_session_open(&d, 1, NULL, &S_sched, &o, &s, NULL), VG_OK);
    c = vg_session_next(s, now, NULL);
    assert_null(c->rec);
    assert_int_equal(vg_session_answer(s, c, VG_GOOD, now, NULL), VG_OK);
    assert_int_equal(vg_session_cram_left(s), 2);
    vg_session_free(s);
    o.cram = false;
    assert_int_equal(vg_session_open(&d, 1, NULL, &S_sched, &o, &s, NULL), VG_INVALID);
    vg_buf_release(&before);
    vg_buf_release(&after);
    free(snap);
    free(journal);
    free(t);
    free(u);
}

/* Per day: new_per_day counts what earlier sessions introduced today. Per session (--new N):
 * N new cards whatever was done before, and the session knows today's count. */
static void test_new_limit_per_session_and_per_day(void **state)
{
    (void)state;
    tdeck *t = S_deck(S_ten);
    vg_store *st = vg_store_new();
    vg_time now = T0 + 10 * 3600;
    vg_session *s = S_session(t, "ten", st, now, 0, 4, 200);
    for (int i = 0; i < 4; i++)
        assert_int_equal(vg_session_answer(s, vg_session_next(s, now, NULL), VG_EASY, now, NULL),
                         VG_OK);
    assert_null(vg_session_next(s, now, NULL));
    vg_session_free(s);

    /* A second session the same day: the day's four are done. */
    s = S_session(t, "ten", st, now + 60, 0, 4, 200);
    size_t n, l, d, today, reviews;
    vg_session_remaining(s, now + 60, &n, &l, &d);
    assert_int_equal(n, 0);
    vg_session_today(s, now + 60, &today, &reviews);
    assert_int_equal(today, 4);
    assert_int_equal(reviews, 0);
    assert_null(vg_session_next(s, now + 60, NULL));
    vg_session_free(s);

    /* The same, with a limit of 2 for this session. */
    vg_session_deck deck = {&t->deck, "ten"};
    vg_session_opts o;
    vg_session_opts_default(&o, now + 120);
    o.new_per_day = 4;
    o.new_session_limit = true;
    o.new_per_session = 2;
    assert_int_equal(vg_session_open(&deck, 1, st, &S_sched, &o, &s, NULL), VG_OK);
    vg_session_remaining(s, now + 120, &n, &l, &d);
    assert_int_equal(n, 2);
    const vg_session_card *c = vg_session_next(s, now + 120, NULL);
    assert_int_equal(S_index(t, c), 4);
    assert_int_equal(vg_session_answer(s, c, VG_EASY, now + 120, NULL), VG_OK);
    c = vg_session_next(s, now + 121, NULL);
    assert_int_equal(S_index(t, c), 5);
    assert_int_equal(vg_session_answer(s, c, VG_EASY, now + 121, NULL), VG_OK);
    assert_null(vg_session_next(s, now + 122, NULL));
    vg_session_today(s, now + 122, &today, NULL);
    assert_int_equal(today, 6);
    vg_session_summary sum;
    vg_session_summarize(s, &sum);
    assert_int_equal(sum.new_cards, 2);
    /* An undo gives the card back to the session's allowance and to today's count. */
    assert_int_equal(vg_session_undo(s, NULL, NULL), VG_OK);
    vg_session_remaining(s, now + 123, &n, &l, &d);
    assert_int_equal(n, 1);
    vg_session_today(s, now + 123, &today, NULL);
    assert_int_equal(today, 5);
    assert_int_equal(S_index(t, vg_session_next(s, now + 123, NULL)), 5);
    vg_session_free(s);

    /* --new 0: reviews only. */
    o.new_per_session = 0;
    assert_int_equal(vg_session_open(&deck, 1, st, &S_sched, &o, &s, NULL), VG_OK);
    assert_null(vg_session_next(s, now + 200, NULL));
    vg_session_free(s);
    vg_store_free(st);
    free(t);
}

/* An answer counted on one study day, undone on the next: today's count does not wrap. */
static void test_undo_after_the_rollover(void **state)
{
    (void)state;
    tdeck *t = S_deck(S_ten);
    vg_store *st = vg_store_new();
    vg_time late = T0 + 86400 + 4 * 3600 - 60; /* 03:59 */
    vg_session *s = S_session(t, "ten", st, late, 0, 3, 200);
    assert_int_equal(vg_session_answer(s, vg_session_next(s, late, NULL), VG_EASY, late, NULL),
                     VG_OK);
    size_t n, l, d;
    vg_time next_day = late + 120;
    vg_session_remaining(s, next_day, &n, &l, &d);
    assert_int_equal(n, 3);
    assert_int_equal(vg_session_undo(s, NULL, NULL), VG_OK);
    vg_session_remaining(s, next_day, &n, &l, &d);
    assert_int_equal(n, 3);
    assert_int_equal(S_index(t, vg_session_next(s, next_day, NULL)), 0);
    vg_session_free(s);
    vg_store_free(st);
    free(t);
}

/* Study ahead, and when the next card is due. */
static void test_study_ahead_and_next_due(void **state)
{
    (void)state;
    tdeck *t = S_deck(S_ten);
    vg_store *st = vg_store_new();
    vg_time now = T0 + 10 * 3600;
    vg_session_deck deck = {&t->deck, "ten"};
    vg_session_opts o;
    vg_session_opts_default(&o, now);
    o.new_per_day = 2;
    o.learn_ahead = 0;
    vg_session *s;
    assert_int_equal(vg_session_open(&deck, 1, st, &S_sched, &o, &s, NULL), VG_OK);
    assert_int_equal(vg_session_next_due(s, now), now); /* new cards now */
    const vg_session_card *a = vg_session_next(s, now, NULL);
    assert_int_equal(vg_session_answer(s, a, VG_AGAIN, now, NULL), VG_OK);
    const vg_session_card *b = vg_session_next(s, now + 1, NULL);
    assert_int_equal(vg_session_answer(s, b, VG_GOOD, now + 1, NULL), VG_OK);
    vg_sched_card sa, sb;
    vg_session_card_state(s, a, &sa);
    vg_session_card_state(s, b, &sb);
    assert_true(sa.due < sb.due); /* Again: 1 minute; Good: 10 minutes */
    vg_time wake;
    assert_null(vg_session_next(s, now + 2, &wake));
    assert_int_equal(wake, sa.due);
    assert_int_equal(vg_session_next_due(s, now + 2), sa.due);
    /* Study ahead: the first waiting card now, until it is answered. */
    assert_ptr_equal(vg_session_ahead(s, now + 2), a);
    assert_ptr_equal(vg_session_next(s, now + 3, NULL), a);
    assert_int_equal(vg_session_answer(s, a, VG_GOOD, now + 3, NULL), VG_OK);
    assert_null(vg_session_next(s, now + 4, &wake));
    assert_int_equal(wake, sb.due);
    assert_ptr_equal(vg_session_ahead(s, now + 4), b);
    assert_int_equal(vg_session_answer(s, b, VG_EASY, now + 4, NULL), VG_OK);
    vg_session_card_state(s, a, &sa);
    vg_session_card_state(s, b, &sb);
    /* a learns (Good: 10 minutes), b is a review in days: a is next. */
    assert_int_equal(vg_session_next_due(s, now + 5), sa.due);
    assert_int_equal(vg_session_answer(s, vg_session_ahead(s, now + 5), VG_EASY, now + 5, NULL),
                     VG_OK);
    /* Only reviews in days and new cards held back by the day's limit (until 04:00). */
    vg_time tomorrow = T0 + 86400 + 4 * 3600;
    assert_null(vg_session_ahead(s, now + 6));
    assert_int_equal(vg_session_next_due(s, now + 6), tomorrow);
    /* Everything suspended but b, buried: b's bury ends at 04:00, but it is due later. */
    for (size_t i = 0; i < 10; i++)
        if (vg_session_card_at(s, 0, i) != b)
            assert_int_equal(vg_session_suspend(s, vg_session_card_at(s, 0, i), true, NULL), VG_OK);
    vg_session_card_state(s, b, &sb);
    /* A review comes at the start of its due day (reviews are shown by day). */
    vg_time b_day = vg_session_day_begin(vg_session_options(s), sb.due);
    assert_true(b_day <= sb.due && b_day > sb.due - 86400);
    assert_int_equal(vg_session_next_due(s, now + 7), b_day);
    assert_int_equal(vg_session_bury(s, b, now + 7, NULL), VG_OK);
    assert_int_equal(vg_session_next_due(s, now + 8), b_day);
    assert_int_equal(vg_session_suspend(s, b, true, NULL), VG_OK);
    assert_int_equal(vg_session_next_due(s, now + 9), 0); /* nothing scheduled */
    assert_int_equal(vg_session_undo(s, NULL, NULL), VG_OK);
    assert_int_equal(vg_session_next_due(s, now + 10), b_day);
    vg_session_free(s);
    vg_store_free(st);
    free(t);
}

/* `e` edited the deck: the session binds the new deck and keeps its undo history for the
 * cards that are still there, the one whose front changed included (its record relinks). */
/* ---- the order of the records ---- */

/* A session walks the records in the store's order, not the cards' (vg_session_walk_at): every
 * card comes once, and the queue is the same whatever order the records were added in. */
static void test_record_order_changes_nothing(void **state)
{
    (void)state;
    enum { N = 5000 };
    vg_buf text = VG_BUF_INIT;
    for (size_t i = 0; i < N; i++) {
        if (i % 50 == 0)
            vg_buf_printf(&text, "## Part %zu\n\n", i / 50);
        vg_buf_printf(&text, "- **Card %zu**: back\n", i);
    }
    vg_deck *deck = NULL;
    vg_error err;
    assert_int_equal(vg_deck_parse(text.data, text.len, "big.md", &deck, &err), VG_OK);
    vg_buf_release(&text);
    vg_store *store[2];
    vg_session *s[2];
    vg_time now = T0 + 400 * 86400;
    for (int o = 0; o < 2; o++) {
        store[o] = vg_store_new();
        for (size_t j = 0; j < N; j++) {
            size_t i = o ? j * 7919 % N : j; /* 7919 is prime: every card once */
            if (i % 5 == 4)
                continue; /* a new card */
            const vg_card *c = &deck->cards[i];
            vg_record *r = vg_store_add(store[o], "big", c->id, "", c->front_src);
            assert_non_null(r);
            vg_time t = now - (vg_time)(i % 300) * 86400;
            for (int k = 0; k < (int)(i % 4) + 1; k++, t += (vg_time)(k + 1) * 3600)
                assert_int_equal(vg_store_answer_ms(store[o], r, t, 1 + (int)((i + (size_t)k) % 4),
                                                    VG_MS_NONE, NULL, NULL),
                                 VG_OK);
        }
        vg_session_deck d = {deck, "big"};
        vg_session_opts opts;
        vg_session_opts_default(&opts, now);
        opts.new_per_day = 100;
        opts.reviews_per_day = 100000;
        assert_int_equal(vg_session_open(&d, 1, store[o], &S_sched, &opts, &s[o], &err), VG_OK);
    }
    unsigned char *seen = calloc(N, 1);
    assert_non_null(seen);
    size_t n = 0;
    for (size_t k = 0; k < vg_session_walk_len(s[1]); k++) {
        const vg_session_card *c = vg_session_walk_at(s[1], k);
        if (c) {
            size_t i = (size_t)(c->card - deck->cards);
            assert_true(i < N);
            assert_int_equal(seen[i]++, 0);
            n++;
        }
    }
    assert_int_equal(n, N);
    free(seen);
    for (int step = 0; step < 600; step++) {
        vg_time t = now + step;
        const vg_session_card *c0 = vg_session_next(s[0], t, NULL);
        const vg_session_card *c1 = vg_session_next(s[1], t, NULL);
        assert_non_null(c0);
        assert_non_null(c1);
        assert_int_equal(c0->card - deck->cards, c1->card - deck->cards);
        for (int o = 0; o < 2; o++)
            assert_int_equal(vg_session_answer(s[o], o ? c1 : c0, 1 + step % 4, t, NULL), VG_OK);
    }
    for (int o = 0; o < 2; o++) {
        vg_session_free(s[o]);
        vg_store_free(store[o]);
    }
    vg_deck_free(deck);
}

static void test_rebind_keeps_the_undo_history(void **state)
{
    (void)state;
    const char *path = vg_test_path("rebind.yaml");
    static const char *const before[] = {"S|Recurent networks", "S|Gates", "S|Clipping", NULL};
    static const char *const after[] = {"S|Recurrent networks", "S|Clipping", "S|Residuals",
                                        NULL}; /* a typo fixed, Gates deleted, one added */
    tdeck *t = S_deck(before), *u = S_deck(after);
    vg_store *st = S_open(path, true);
    vg_time now = T0 + 10 * 3600;
    vg_session *s = S_session(t, "d", st, now, 0, 20, 200);
    vg_record *r0 = NULL;
    assert_int_equal(vg_session_answer(s, vg_session_card_at(s, 0, 0), VG_GOOD, now, NULL), VG_OK);
    r0 = vg_session_card_at(s, 0, 0)->rec;
    assert_int_equal(vg_session_bury(s, vg_session_card_at(s, 0, 1), now + 1, NULL), VG_OK);
    assert_int_equal(vg_session_answer(s, vg_session_card_at(s, 0, 2), VG_AGAIN, now + 2, NULL),
                     VG_OK);
    assert_int_equal(vg_session_rebind(s, 0, &u->deck, now + 3, NULL), VG_OK);
    free(t); /* the old deck may go now */
    assert_ptr_equal(vg_session_deck_at(s, 0), &u->deck);
    size_t nrel;
    const vg_relink *rel = vg_session_relinks(s, &nrel);
    assert_int_equal(nrel, 1);
    assert_ptr_equal(rel[0].to, vg_session_card_at(s, 0, 0));
    assert_ptr_equal(vg_session_card_at(s, 0, 0)->rec, r0);
    /* The bury of the deleted card is gone; the two answers can be undone, in order. */
    assert_int_equal(vg_session_undo_depth(s), 2);
    vg_session_summary sum;
    vg_session_summarize(s, &sum);
    assert_int_equal(sum.answers, 2);
    assert_int_equal(sum.cards, 2);
    vg_session_action undone;
    assert_int_equal(vg_session_undo(s, &undone, NULL), VG_OK);
    assert_ptr_equal(undone.card, vg_session_card_at(s, 0, 1)); /* Clipping, now second */
    assert_int_equal(undone.rating, VG_AGAIN);
    assert_ptr_equal(vg_session_next(s, now + 4, NULL), vg_session_card_at(s, 0, 1));
    assert_int_equal(vg_session_undo(s, &undone, NULL), VG_OK);
    assert_ptr_equal(undone.card, vg_session_card_at(s, 0, 0));
    assert_int_equal(r0->nreviews, 0);
    vg_session_summarize(s, &sum);
    assert_int_equal(sum.answers, 0);
    assert_int_equal(sum.cards, 0);
    /* The new card is in the queue. */
    size_t n, l, d;
    vg_session_remaining(s, now + 5, &n, &l, &d);
    assert_int_equal(n, 3);
    vg_session_free(s);
    vg_store_free(st); /* a crash */

    st = S_open(path, false);
    const vg_record *r = vg_store_find(st, "d", u->cards[0].id);
    assert_non_null(r); /* relinked to the new id */
    assert_int_equal(r->nreviews, 0);
    assert_int_equal(vg_store_find(st, "d", u->cards[1].id)->nreviews, 0);
    vg_store_free(st);

    /* Cram: the list keeps its place, without the deleted card. */
    tdeck *t2 = S_deck(before);
    vg_session_deck dk = {&t2->deck, "d"};
    vg_session_opts o;
    vg_session_opts_default(&o, now);
    o.cram = true;
    assert_int_equal(vg_session_open(&dk, 1, NULL, &S_sched, &o, &s, NULL), VG_OK);
    assert_int_equal(vg_session_answer(s, vg_session_next(s, now, NULL), VG_GOOD, now, NULL),
                     VG_OK); /* Recurent */
    assert_int_equal(vg_session_answer(s, vg_session_next(s, now, NULL), VG_AGAIN, now, NULL),
                     VG_OK); /* Gates, again at the end */
    assert_int_equal(vg_session_rebind(s, 0, &u->deck, now, NULL), VG_OK);
    free(t2);
    /* Left: Clipping (Gates is gone; Recurrent has a new id, so it is another card). */
    assert_int_equal(vg_session_cram_left(s), 1);
    assert_ptr_equal(vg_session_next(s, now, NULL), vg_session_card_at(s, 0, 1));
    assert_int_equal(vg_session_undo_depth(s), 0); /* neither card is there by its id */
    vg_session_free(s);
    free(u);
}

int main(void)
{
    vg_sched_params p;
    vg_sched_params_default(&p);
    if (vg_sched_init(&S_sched, &p, NULL) != VG_OK)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_day_start),
        cmocka_unit_test(test_new_cards_in_order_up_to_the_limit),
        cmocka_unit_test(test_order_learning_reviews_new),
        cmocka_unit_test(test_review_limit_and_rollover),
        cmocka_unit_test(test_answer_is_journaled_and_undo_survives),
        cmocka_unit_test(test_bury_and_suspend),
        cmocka_unit_test(test_siblings_buried),
        cmocka_unit_test(test_other_scheduler_replays),
        cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_identity_across_edits),
        cmocka_unit_test(test_relink_needs_a_unique_match),
        cmocka_unit_test(test_relink_siblings),
        cmocka_unit_test(test_relink_is_durable),
        cmocka_unit_test(test_leech_schedule),
        cmocka_unit_test(test_limits_held_back),
        cmocka_unit_test(test_leech_suspends_and_undo_takes_both_back),
        cmocka_unit_test(test_undo_of_bury_and_suspend_in_order_and_across_a_crash),
        cmocka_unit_test(test_cram_leaves_the_store_untouched),
        cmocka_unit_test(test_new_limit_per_session_and_per_day),
        cmocka_unit_test(test_undo_after_the_rollover),
        cmocka_unit_test(test_study_ahead_and_next_due),
        cmocka_unit_test(test_rebind_keeps_the_undo_history),
        cmocka_unit_test(test_record_order_changes_nothing),
    };
    return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
