/* kill -9 at random moments (DESIGN §8): a child studies (answers, a few undos, compactions
 * every few kilobytes of journal) and reports each change on a pipe after the call that made it
 * durable returned; the parent kills it with SIGKILL after a random delay, then checks that the
 * progress file loads and holds every acknowledged answer, and none of the acknowledged undos.
 * Many rounds on the same files, about 10 seconds in all. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "vgrev/session.h"

enum { NCARDS = 300, MAX_ACKS = 200000 };

static vg_deck S_deck;
static vg_section S_sections[10];
static vg_card S_cards[NCARDS];
static char S_fronts[NCARDS][32];
static vg_sched S_sched;

static void S_build_deck(void)
{
    static const char *const titles[10] = {"Zero", "One", "Two",   "Three", "Four",
                                           "Five", "Six", "Seven", "Eight", "Nine"};
    S_deck.file = "crash.md";
    S_deck.title = "Crash";
    S_deck.sections = S_sections;
    S_deck.nsections = 10;
    S_deck.cards = S_cards;
    S_deck.ncards = NCARDS;
    for (size_t s = 0; s < 10; s++) {
        S_sections[s].title = titles[s];
        S_sections[s].number = "";
        S_sections[s].first_card = s * (NCARDS / 10);
        S_sections[s].ncards = NCARDS / 10;
    }
    for (size_t i = 0; i < NCARDS; i++) {
        snprintf(S_fronts[i], sizeof S_fronts[i], "Front \"%zu\": #%zu", i, i * 7);
        S_cards[i].front_src = S_fronts[i];
        S_cards[i].section = i / (NCARDS / 10);
        S_cards[i].note = i;
        snprintf(S_cards[i].id, sizeof S_cards[i].id, "%016llx",
                 (unsigned long long)(0x9e3779b97f4a7c15ULL * (i + 1)));
    }
}

typedef struct ack {
    char id[17];
    vg_time t;
    int rating;
    bool undone;
} ack;

static ack *S_acks;
static size_t S_nacks;

/* The child: study until killed. Every line on fd is a change that is on disk. */
static void S_child(const char *path, int fd, vg_time start, unsigned seed)
{
    vg_store_opts o = {.write = true, .who = "crash-child", .journal_limit = 4096};
    vg_store *st = NULL;
    if (vg_store_open(path, &o, &st, NULL) != VG_OK)
        _exit(3);
    vg_session_deck d = {&S_deck, "crash"};
    vg_session_opts so;
    vg_session_opts_default(&so, start);
    so.new_per_day = 100000;
    so.reviews_per_day = 100000;
    vg_session *s = NULL;
    if (vg_session_open(&d, 1, st, &S_sched, &so, &s, NULL) != VG_OK)
        _exit(4);
    vg_time now = start;
    char line[128];
    if (write(fd, "R\n", 2) != 2) /* ready: the parent may start its clock */
        _exit(10);
    for (;;) {
        seed = seed * 1103515245u + 12345u;
        const vg_session_card *c = vg_session_next(s, now, NULL);
        if (!c)
            c = vg_session_card_at(s, 0, (seed >> 8) % NCARDS);
        if ((seed >> 4) % 10 == 0 && vg_session_undo_depth(s) > 0) {
            if (vg_session_undo(s, NULL, NULL) != VG_OK)
                _exit(5);
            int n = snprintf(line, sizeof line, "U\n");
            if (write(fd, line, (size_t)n) != n)
                _exit(6);
        } else {
            int rating = 1 + (int)((seed >> 16) % 4);
            if (vg_session_answer(s, c, rating, now, NULL) != VG_OK)
                _exit(7);
            const vg_review *last = &c->rec->reviews[c->rec->nreviews - 1];
            int n = snprintf(line, sizeof line, "A %s %lld %d\n", c->card->id, (long long)last->t,
                             last->rating);
            if (write(fd, line, (size_t)n) != n)
                _exit(8);
        }
        if (vg_session_idle(s, NULL) != VG_OK)
            _exit(9);
        now += 1 + (seed >> 20) % 600;
    }
}

/* Reads the child's acknowledgements: "A id t rating" adds, "U" undoes the last answer of this
 * round that is not undone yet (the session's undo stack is per session). */
static void S_read_acks(int fd, size_t round_start)
{
    static char buf[1 << 16];
    static size_t have;
    have = 0;
    for (;;) {
        ssize_t n = read(fd, buf + have, sizeof buf - have - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        have += (size_t)n;
        buf[have] = '\0';
        char *p = buf, *nl;
        while ((nl = strchr(p, '\n'))) {
            *nl = '\0';
            if (p[0] == 'A') {
                assert_true(S_nacks < MAX_ACKS);
                ack *a = &S_acks[S_nacks++];
                long long t;
                assert_int_equal(sscanf(p, "A %16s %lld %d", a->id, &t, &a->rating), 3);
                a->t = t;
                a->undone = false;
            } else if (p[0] == 'R') {
                /* the child is ready (read here when the parent did not wait for it) */
            } else if (p[0] == 'U') {
                size_t k = S_nacks;
                while (k > round_start && S_acks[k - 1].undone)
                    k--;
                assert_true(k > round_start);
                S_acks[k - 1].undone = true;
            }
            p = nl + 1;
        }
        have = (size_t)(buf + have - p);
        memmove(buf, p, have);
    }
}

static bool S_has(const vg_record *r, vg_time t, int rating)
{
    for (size_t i = 0; i < r->nreviews; i++)
        if (r->reviews[i].t == t && r->reviews[i].rating == rating)
            return true;
    return false;
}

static void test_kill_9(void **state)
{
    (void)state;
    const char *base = getenv("VG_TMP");
    base = base && *base ? base : "/tmp";
    mkdir(base, 0777);
    char dir[256], path[300];
    snprintf(dir, sizeof dir, "%s/crash.XXXXXX", base);
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/progress.yaml", dir);
    S_acks = calloc(MAX_ACKS, sizeof *S_acks);
    assert_non_null(S_acks);
    unsigned seed = (unsigned)time(NULL);
    printf("seed %u\n", seed);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    unsigned rounds = 0, torn = 0;
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double spent = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        if ((spent > 10 && rounds >= 50) || rounds >= 2000 || S_nacks > MAX_ACKS - 20000)
            break;
        seed = seed * 1103515245u + 12345u;
        int p[2];
        assert_int_equal(pipe(p), 0);
        vg_time start = 1795132800 + (vg_time)rounds * 86400;
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(p[0]);
            S_child(path, p[1], start, seed);
        }
        close(p[1]);
        size_t round_start = S_nacks;
        /* Every other round the delay starts once the child has opened the files, so most
         * kills land among the answers; the other rounds also hit the opening (the torn-tail
         * cut, a compaction of a newer journal). */
        if (rounds % 2 == 0) {
            char r[2];
            ssize_t got = 0;
            while (got < 2) {
                ssize_t n = read(p[0], r + got, (size_t)(2 - got));
                if (n <= 0)
                    break;
                got += n;
            }
            assert_true(got == 2 && r[0] == 'R');
        }
        struct timespec delay = {0, (long)((seed >> 8) % 25000) * 1000};
        nanosleep(&delay, NULL);
        kill(pid, SIGKILL);
        S_read_acks(p[0], round_start);
        close(p[0]);
        int status;
        waitpid(pid, &status, 0);
        assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        rounds++;

        /* The file loads, and holds what was acknowledged. */
        vg_store *st = NULL;
        vg_error err;
        vg_store_opts ro = {.write = false, .who = NULL, .journal_limit = 0};
        if (vg_store_open(path, &ro, &st, &err) != VG_OK)
            fail_msg("round %u: %s:%u:%u: %s", rounds, err.file, err.line, err.col, err.msg);
        size_t nw;
        vg_store_warnings(st, &nw);
        torn += nw > 0;
        /* The kill may have come after an undo was on disk but before the child said so: then
         * the round's last answer still standing is gone, rightly. */
        for (size_t k = S_nacks; k > round_start; k--) {
            ack *a = &S_acks[k - 1];
            if (a->undone)
                continue;
            const vg_record *r = vg_store_find(st, "crash", a->id);
            if (!r || !S_has(r, a->t, a->rating))
                a->undone = true;
            break;
        }
        for (size_t i = 0; i < S_nacks; i++) {
            const ack *a = &S_acks[i];
            const vg_record *r = vg_store_find(st, "crash", a->id);
            bool present = r && S_has(r, a->t, a->rating);
            if (present == a->undone)
                fail_msg("round %u: answer %s %lld %d %s", rounds, a->id, (long long)a->t,
                         a->rating, a->undone ? "undone but present" : "acknowledged but lost");
        }
        vg_store_free(st);
    }
    printf("%u rounds, %zu acknowledged changes, %u torn journal tails\n", rounds, S_nacks, torn);
    assert_true(S_nacks > 100);
    free(S_acks);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    S_build_deck();
    vg_sched_params p;
    vg_sched_params_default(&p);
    if (vg_sched_init(&S_sched, &p, NULL) != VG_OK)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kill_9),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
