/* Snapshots off the answer path (issue 16): a session lets the journal grow past its limit
 * without writing a snapshot; past the cap a child writes one in the background while answers
 * go on; and the files load to the same reviews at every step of that protocol (the checkpoint
 * written, the snapshot renamed or not, the child killed, a crash after any of them). */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "test_files.h"

#include "vgrev/session.h"

enum { NCARDS = 40 };

static vg_deck S_deck;
static vg_section S_section;
static vg_card S_cards[NCARDS];
static char S_fronts[NCARDS][32];
static vg_sched S_sched;
static const vg_time S_start = 1795132800 + 10 * 3600; /* 2026-11-20T10:00:00Z */

/* fsync as the test wants it: the snapshot's sync fails when told (in the child too). */
static bool S_fail_file_sync;

int fsync(int fd)
{
    struct stat sb;
    if (S_fail_file_sync && fstat(fd, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
        errno = EIO;
        return -1;
    }
    return (int)syscall(SYS_fsync, fd);
}

static int S_setup(void **state)
{
    (void)state;
    if (vg_test_dir_make("storebg") != 0)
        return -1;
    S_deck.file = "bg.md";
    S_deck.title = "Bg";
    S_deck.sections = &S_section;
    S_deck.nsections = 1;
    S_deck.cards = S_cards;
    S_deck.ncards = NCARDS;
    S_section.title = "Only";
    S_section.number = "";
    S_section.first_card = 0;
    S_section.ncards = NCARDS;
    for (size_t i = 0; i < NCARDS; i++) {
        snprintf(S_fronts[i], sizeof S_fronts[i], "Front %zu", i);
        S_cards[i].front_src = S_fronts[i];
        S_cards[i].section = 0;
        S_cards[i].note = i;
        snprintf(S_cards[i].id, sizeof S_cards[i].id, "%016llx",
                 (unsigned long long)(0x9e3779b97f4a7c15ULL * (i + 1)));
    }
    vg_sched_params sp;
    vg_sched_params_default(&sp);
    vg_sched_init(&S_sched, &sp, NULL);
    return 0;
}

static int S_teardown(void **state)
{
    (void)state;
    return vg_test_dir_remove();
}

static vg_store *S_open(const char *path, bool write, size_t limit)
{
    vg_store_opts o = {.write = write, .who = "test", .journal_limit = limit};
    vg_store *s = NULL;
    vg_error err;
    if (vg_store_open(path, &o, &s, &err) != VG_OK)
        fail_msg("%s:%u:%u: %s", err.file, err.line, err.col, err.msg);
    return s;
}

static vg_session *S_session(vg_store *store)
{
    vg_session_deck d = {&S_deck, "bg"};
    vg_session_opts o;
    vg_session_opts_default(&o, S_start);
    o.new_per_day = 100000;
    o.reviews_per_day = 100000;
    vg_session *s = NULL;
    vg_error err;
    if (vg_session_open(&d, 1, store, &S_sched, &o, &s, &err) != VG_OK)
        fail_msg("session: %s", err.msg);
    return s;
}

/* What every card's log should be: the answers given, by card. */
typedef struct S_log {
    size_t n[NCARDS];
    vg_time t[NCARDS][256];
    int rating[NCARDS][256];
} S_log;

/* The first error an idle moment reported (a background save that failed). */
static vg_status S_idle_status;

/* Answers k cards (card i % NCARDS, one second apart from *now), idle after each as the study
 * screen does; returns how many idles started a background save. */
static unsigned S_answer(vg_session *s, vg_store *store, S_log *log, unsigned k, vg_time *now)
{
    unsigned started = 0;
    for (unsigned i = 0; i < k; i++) {
        size_t c = (log->n[0] + log->n[1] + log->n[2] + i) % NCARDS;
        const vg_session_card *card = vg_session_card_at(s, 0, c);
        assert_non_null(card);
        int rating = 1 + (int)((c + i) % 4);
        vg_error err;
        if (vg_session_answer(s, card, rating, *now, &err) != VG_OK)
            fail_msg("answer: %s", err.msg);
        size_t n = log->n[c]++;
        assert_true(n < 256);
        log->t[c][n] = *now;
        log->rating[c][n] = rating;
        *now += 1;
        bool before = vg_store_saving(store);
        vg_status st = vg_session_idle(s, &err);
        if (st != VG_OK && S_idle_status == VG_OK)
            S_idle_status = st;
        started += !before && vg_store_saving(store);
    }
    return started;
}

static size_t S_warnings(const vg_store *s)
{
    size_t n = 0;
    vg_store_warnings(s, &n);
    return n;
}

/* The files at path load to exactly the logs in `log` (each review once). */
static void S_check(const char *path, const S_log *log)
{
    vg_store *rd = S_open(path, false, 0);
    for (size_t c = 0; c < NCARDS; c++) {
        const vg_record *r = vg_store_find(rd, "bg", S_cards[c].id);
        if (!log->n[c]) {
            assert_true(!r || r->nreviews == 0);
            continue;
        }
        assert_non_null(r);
        assert_int_equal(r->nreviews, log->n[c]);
        for (size_t i = 0; i < log->n[c]; i++) {
            assert_int_equal(r->reviews[i].t, log->t[c][i]);
            assert_int_equal(r->reviews[i].rating, log->rating[c][i]);
        }
    }
    size_t nw = 0;
    const vg_error *w = vg_store_warnings(rd, &nw);
    for (size_t i = 0; i < nw; i++)
        print_message("warning: %s:%u: %s\n", w[i].file, w[i].line, w[i].msg);
    assert_int_equal(nw, 0);
    vg_store_free(rd);
}

static void S_wait(vg_store *s, vg_status want)
{
    vg_status st = VG_OK;
    vg_error err;
    for (int i = 0; i < 5000 && vg_store_saving(s); i++) {
        st = vg_store_save_poll(s, &err);
        if (vg_store_saving(s)) {
            struct timespec ts = {0, 1000000};
            nanosleep(&ts, NULL);
        }
    }
    assert_false(vg_store_saving(s));
    assert_int_equal(st, want);
}

static struct stat S_stat(const char *path)
{
    struct stat sb;
    memset(&sb, 0, sizeof sb);
    assert_int_equal(stat(path, &sb), 0);
    return sb;
}

/* Answers past the journal's limit (below its cap): no answering call writes a snapshot or
 * starts one, and everything is there after reopening, with or without the session's end. */
static void test_past_limit_no_snapshot(void **state)
{
    (void)state;
    const char *path = vg_test_path("limit.yaml");
    static S_log log;
    memset(&log, 0, sizeof log);
    vg_time now = S_start;
    /* A snapshot to start from. */
    vg_store *w = S_open(path, true, 0);
    vg_session *s = S_session(w);
    S_answer(s, w, &log, 5, &now);
    assert_int_equal(vg_session_save(s, NULL), VG_OK);
    vg_session_free(s);
    vg_store_free(w);
    struct stat before = S_stat(path);

    w = S_open(path, true, 1024);
    s = S_session(w);
    /* ~100 bytes an answer: 60 answers are well past 1 KiB, below the cap of 8 KiB. */
    assert_int_equal(S_answer(s, w, &log, 60, &now), 0);
    assert_true(S_stat(vg_test_path("limit.yaml.journal")).st_size > 4096);
    assert_true(vg_store_wants_save(w));
    assert_false(vg_store_journal_full(w));
    struct stat after = S_stat(path);
    assert_true(vg_test_same_file(&before, &after));
    /* A crash: no save. */
    vg_session_free(s);
    vg_store_free(w);
    S_check(path, &log);
    after = S_stat(path);
    assert_true(vg_test_same_file(&before, &after));

    /* The session's end writes the snapshot. */
    w = S_open(path, true, 1024);
    s = S_session(w);
    S_answer(s, w, &log, 3, &now);
    assert_int_equal(vg_session_save(s, NULL), VG_OK);
    vg_session_free(s);
    vg_store_free(w);
    after = S_stat(path);
    assert_false(vg_test_same_file(&before, &after));
    size_t jlen;
    free(vg_test_read(vg_test_path("limit.yaml.journal"), &jlen));
    assert_true(jlen < 64);
    S_check(path, &log);
}

/* Past the cap a child writes the snapshot while answers go on; a crash at any point after
 * (no session end) loads every answer exactly once. */
static void test_past_cap_background(void **state)
{
    (void)state;
    const char *path = vg_test_path("cap.yaml");
    const char *jpath = vg_test_path("cap.yaml.journal");
    static S_log log;
    memset(&log, 0, sizeof log);
    vg_time now = S_start;
    vg_store *w = S_open(path, true, 512); /* the cap: 4 KiB */
    vg_session *s = S_session(w);
    unsigned started = S_answer(s, w, &log, 60, &now);
    assert_int_equal(started, 1);
    /* Answers while it runs, then it ends. */
    S_answer(s, w, &log, 5, &now);
    S_wait(w, VG_OK);
    S_answer(s, w, &log, 5, &now);
    /* The snapshot has the generation of the checkpoint, the journal both segments. */
    char *snap = vg_test_read(path, NULL);
    assert_non_null(strstr(snap, "generation: 1\n"));
    free(snap);
    char *j = vg_test_read(jpath, NULL);
    assert_true(strncmp(j, "{op: begin, version: 1, generation: 0}\n", 39) == 0);
    assert_non_null(strstr(j, "\n{op: begin, version: 1, generation: 1}\n"));
    free(j);
    /* A crash now: the first segment is skipped (in the snapshot), the second applied. */
    vg_session_free(s);
    vg_store_free(w);
    S_check(path, &log);

    /* Going on from there: the journal carries on in its last segment. */
    w = S_open(path, true, 512);
    s = S_session(w);
    S_answer(s, w, &log, 3, &now);
    vg_session_free(s);
    vg_store_free(w);
    S_check(path, &log);
    w = S_open(path, true, 512);
    s = S_session(w);
    S_answer(s, w, &log, 2, &now);
    assert_int_equal(vg_session_save(s, NULL), VG_OK);
    vg_session_free(s);
    vg_store_free(w);
    S_check(path, &log);
    snap = vg_test_read(path, NULL);
    assert_non_null(strstr(snap, "generation: 2\n"));
    free(snap);
}

/* The child fails (its snapshot's fsync): the failure comes back through the poll, the old
 * snapshot stays with the journal's two segments, and nothing is lost or applied twice,
 * whether the session then crashes or ends. */
static void test_background_failure(void **state)
{
    (void)state;
    const char *path = vg_test_path("fail.yaml");
    static S_log log;
    memset(&log, 0, sizeof log);
    vg_time now = S_start;
    vg_store *w = S_open(path, true, 512);
    vg_session *s = S_session(w);
    S_answer(s, w, &log, 5, &now);
    assert_int_equal(vg_session_save(s, NULL), VG_OK);
    struct stat before = S_stat(path);
    S_fail_file_sync = true;
    vg_error err;
    assert_int_equal(vg_store_save_background(w, &err), VG_OK);
    assert_true(vg_store_saving(w));
    S_idle_status = VG_OK;
    S_answer(s, w, &log, 4, &now);
    vg_status got = S_idle_status;
    if (vg_store_saving(w)) {
        S_wait(w, VG_IO);
        got = VG_IO;
    }
    assert_int_equal(got, VG_IO);
    S_fail_file_sync = false;
    assert_true(vg_store_save_failing(w));
    struct stat after = S_stat(path);
    assert_true(vg_test_same_file(&before, &after));
    S_answer(s, w, &log, 4, &now);
    /* A crash: the old snapshot, the journal's segments 1 and 2 both applied. */
    vg_session_free(s);
    vg_store_free(w);
    S_check(path, &log);

    /* Reopened: the journal goes on in segment 2; a save then folds it all in. */
    w = S_open(path, true, 512);
    s = S_session(w);
    S_answer(s, w, &log, 3, &now);
    vg_session_free(s);
    vg_store_free(w);
    S_check(path, &log);
    w = S_open(path, true, 512);
    s = S_session(w);
    S_answer(s, w, &log, 1, &now);
    assert_int_equal(vg_session_save(s, NULL), VG_OK);
    assert_false(vg_store_save_failing(w));
    vg_session_free(s);
    vg_store_free(w);
    S_check(path, &log);
}

/* A save (the session's end) while a background one runs stops the child and writes
 * everything itself; so does freeing the store (the lock goes with it). */
static void test_save_stops_background(void **state)
{
    (void)state;
    const char *path = vg_test_path("stop.yaml");
    static S_log log;
    memset(&log, 0, sizeof log);
    vg_time now = S_start;
    vg_store *w = S_open(path, true, 512);
    vg_session *s = S_session(w);
    S_answer(s, w, &log, 10, &now);
    for (int round = 0; round < 20; round++) {
        vg_error err;
        assert_int_equal(vg_store_save_background(w, &err), VG_OK);
        S_answer(s, w, &log, 1, &now);
        if (round % 2) {
            assert_int_equal(vg_session_save(s, NULL), VG_OK);
            assert_false(vg_store_saving(w));
        } else {
            vg_session_free(s);
            vg_store_free(w);
            S_check(path, &log);
            w = S_open(path, true, 512);
            s = S_session(w);
        }
    }
    vg_session_free(s);
    vg_store_free(w);
    S_check(path, &log);
}

/* The loader's side of the protocol, on hand-written files. */
static void test_checkpoint_lines(void **state)
{
    (void)state;
    static const char snap[] = "version: 1\ngeneration: 4\ncards: []\n";
    static const char a[] = "{op: answer, deck: d, id: 00000000000000a1, section: S, front: F, "
                            "t: 2026-11-20T10:00:00Z, rating: 3}\n";
    static const char b[] = "{op: answer, deck: d, id: 00000000000000a1, "
                            "t: 2026-11-20T10:01:00Z, rating: 2}\n";
    static const struct {
        unsigned first, second; /* the generations of the two begin lines */
        size_t reviews;         /* (size_t)-1: an error */
    } cases[] = {
        {3, 4, 1},          /* the snapshot (4) holds segment 3, not segment 4 */
        {4, 5, 2},          /* a background snapshot of 5 did not take its name: both apply */
        {2, 3, 0},          /* both older: all in the snapshot */
        {4, 4, (size_t)-1}, /* a begin line that does not move the generation on */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char journal[1024];
        snprintf(journal, sizeof journal,
                 "{op: begin, version: 1, generation: %u}\n%s"
                 "{op: begin, version: 1, generation: %u}\n%s",
                 cases[i].first, a, cases[i].second, b);
        vg_store *s = vg_store_new();
        assert_int_equal(vg_store_parse(s, snap, strlen(snap), "p.yaml", 0, NULL), VG_OK);
        vg_error err;
        vg_status st = vg_store_parse_journal(s, journal, strlen(journal), "p.yaml.journal", &err);
        if (cases[i].reviews == (size_t)-1) {
            assert_int_equal(st, VG_PARSE);
            assert_int_equal(err.line, 3);
            assert_non_null(strstr(err.msg, "must move the generation on"));
        } else {
            assert_int_equal(st, VG_OK);
            const vg_record *r = vg_store_find(s, "d", "00000000000000a1");
            assert_int_equal(r ? r->nreviews : 0, cases[i].reviews);
            assert_int_equal(S_warnings(s), 0);
        }
        vg_store_free(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_past_limit_no_snapshot), cmocka_unit_test(test_past_cap_background),
        cmocka_unit_test(test_background_failure),     cmocka_unit_test(test_save_stops_background),
        cmocka_unit_test(test_checkpoint_lines),
    };
    return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
