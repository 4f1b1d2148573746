/* Background snapshots written by a spawned program (issue 16: no fork, no pause): this test
 * program is that program too (`test_store_spawn __snapshot ...`, src/cli/snapshot.c), as vgrev
 * is. The writer rebuilds the snapshot from the files up to the checkpoint; whether it
 * succeeds, fails, is killed midway or loses its session, the files load to every answer once,
 * and nothing lands after the session is gone. VG_TEST_CHILD tells the writer to fail its
 * snapshot's fsync ("fail") or to hang there ("stall"). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "test_files.h"

#include "snapshot.h"
#include "vgrev/session.h"

extern char **environ;

enum { NCARDS = 40 };

static vg_deck S_deck;
static vg_section S_section;
static vg_card S_cards[NCARDS];
static char S_fronts[NCARDS][32];
static vg_sched S_sched;
static const vg_time S_start = 1795132800 + 10 * 3600; /* 2026-11-20T10:00:00Z */

/* In the writer: what VG_TEST_CHILD asked for. */
static const char *S_child_mode;

int fsync(int fd)
{
    struct stat sb;
    if (S_child_mode && fstat(fd, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
        if (!strcmp(S_child_mode, "fail")) {
            errno = EIO;
            return -1;
        }
        if (!strcmp(S_child_mode, "stall"))
            sleep(30); /* the new file written, not renamed: until killed */
    }
    return (int)syscall(SYS_fsync, fd);
}

/* The spawn hook of the sessions here: vgrev's, noting the pid. */
static long S_child_pid;
static unsigned S_spawned;

static long S_spawn(const char *path, uint64_t offset, uint64_t gen, int err_fd)
{
    long pid = cli_snapshot_spawn(path, offset, gen, err_fd);
    if (pid > 0) {
        S_child_pid = pid;
        S_spawned++;
    }
    return pid;
}

static int S_setup(void **state)
{
    (void)state;
    if (vg_test_dir_make("storespawn") != 0)
        return -1;
    S_deck.file = "sp.md";
    S_deck.title = "Sp";
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
                 (unsigned long long)(0x9e3779b97f4a7c15ULL * (i + 7)));
    }
    vg_sched_params sp;
    vg_sched_params_default(&sp);
    vg_sched_init(&S_sched, &sp, NULL);
    return 0;
}

static int S_teardown(void **state)
{
    (void)state;
    unsetenv("VG_TEST_CHILD");
    return vg_test_dir_remove();
}

static vg_store *S_open(const char *path, bool write, size_t limit)
{
    vg_store_opts o = {.write = write, .who = "test", .journal_limit = limit};
    o.spawn = S_spawn;
    vg_store *s = NULL;
    vg_error err;
    if (vg_store_open(path, &o, &s, &err) != VG_OK)
        fail_msg("%s:%u:%u: %s", err.file, err.line, err.col, err.msg);
    return s;
}

static vg_session *S_session(vg_store *store)
{
    vg_session_deck d = {&S_deck, "sp"};
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

typedef struct S_log {
    size_t n[NCARDS];
    vg_time t[NCARDS][256];
    int rating[NCARDS][256];
    vg_time now;
} S_log;

/* The first error an idle moment reported (a background save that failed). */
static vg_status S_idle_status;
static vg_error S_idle_err;

/* Answers k cards, idle after each as the study screen does (undoing every fifth answer, so
 * records are left named by nothing); returns how many idles started a background save. */
static unsigned S_answer(vg_session *s, vg_store *store, S_log *log, unsigned k)
{
    unsigned started = 0;
    for (unsigned i = 0; i < k; i++) {
        size_t total = 0;
        for (size_t c = 0; c < NCARDS; c++)
            total += log->n[c];
        size_t c = (total + i) % NCARDS;
        const vg_session_card *card = vg_session_card_at(s, 0, c);
        assert_non_null(card);
        int rating = 1 + (int)((c + i) % 4);
        vg_error err;
        if (vg_session_answer(s, card, rating, log->now, &err) != VG_OK)
            fail_msg("answer: %s", err.msg);
        if (i % 5 == 4) {
            if (vg_session_undo(s, NULL, &err) != VG_OK)
                fail_msg("undo: %s", err.msg);
        } else {
            size_t n = log->n[c]++;
            assert_true(n < 256);
            log->t[c][n] = log->now;
            log->rating[c][n] = rating;
        }
        log->now += 1;
        bool before = vg_store_saving(store);
        vg_status st = vg_session_idle(s, &err);
        if (st != VG_OK && S_idle_status == VG_OK) {
            S_idle_status = st;
            S_idle_err = err;
        }
        started += !before && vg_store_saving(store);
    }
    return started;
}

/* The files at path load to exactly the logs in `log`, without a warning. */
static void S_check(const char *path, const S_log *log)
{
    vg_store *rd = S_open(path, false, 0);
    for (size_t c = 0; c < NCARDS; c++) {
        const vg_record *r = vg_store_find(rd, "sp", S_cards[c].id);
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
        assert_string_equal(r->front, S_fronts[c]);
    }
    size_t nw = 0;
    const vg_error *w = vg_store_warnings(rd, &nw);
    for (size_t i = 0; i < nw; i++)
        print_message("warning: %s:%u: %s\n", w[i].file, w[i].line, w[i].msg);
    assert_int_equal(nw, 0);
    vg_store_free(rd);
}

static vg_status S_wait(vg_store *s)
{
    vg_status st = VG_OK;
    vg_error err;
    for (int i = 0; i < 20000 && vg_store_saving(s); i++) {
        st = vg_store_save_poll(s, &err);
        if (vg_store_saving(s)) {
            struct timespec ts = {0, 1000000};
            nanosleep(&ts, NULL);
        }
    }
    assert_false(vg_store_saving(s));
    return st;
}

static struct stat S_stat(const char *path)
{
    struct stat sb;
    memset(&sb, 0, sizeof sb);
    assert_int_equal(stat(path, &sb), 0);
    return sb;
}

/* A session with a snapshot to start from (generation 1, a few answers). */
static void S_start_file(const char *path, S_log *log)
{
    memset(log, 0, sizeof *log);
    log->now = S_start;
    vg_store *w = S_open(path, true, 512);
    vg_session *s = S_session(w);
    S_answer(s, w, log, 4);
    assert_int_equal(vg_session_save(s, NULL), VG_OK);
    vg_session_free(s);
    vg_store_free(w);
}

/* Past the cap the spawned writer (not a fork) writes the snapshot of the checkpoint's
 * generation while answers go on; a crash then loads every answer once. */
static void test_spawned_past_cap(void **state)
{
    (void)state;
    const char *path = vg_test_path("cap.yaml");
    static S_log log;
    S_start_file(path, &log);
    unsetenv("VG_TEST_CHILD");
    vg_store *w = S_open(path, true, 512); /* the cap: 4 KiB */
    assert_true(vg_store_spawns(w));
    vg_session *s = S_session(w);
    S_spawned = 0;
    assert_int_equal(S_answer(s, w, &log, 60), 1);
    assert_int_equal(S_spawned, 1);
    S_answer(s, w, &log, 5);
    assert_int_equal(S_wait(w), VG_OK);
    S_answer(s, w, &log, 5);
    char *snap = vg_test_read(path, NULL);
    assert_non_null(strstr(snap, "generation: 2\n"));
    free(snap);
    char *j = vg_test_read(vg_test_path("cap.yaml.journal"), NULL);
    assert_true(strncmp(j, "{op: begin, version: 1, generation: 1}\n", 39) == 0);
    assert_non_null(strstr(j, "\n{op: begin, version: 1, generation: 2}\n"));
    free(j);
    vg_session_free(s);
    vg_store_free(w);
    S_check(path, &log);

    /* Again and again, each session crashing after its writer ended. */
    for (int round = 0; round < 3; round++) {
        w = S_open(path, true, 512);
        s = S_session(w);
        S_answer(s, w, &log, 45);
        assert_int_equal(S_wait(w), VG_OK);
        S_answer(s, w, &log, 3);
        vg_session_free(s);
        vg_store_free(w);
        S_check(path, &log);
    }
    w = S_open(path, true, 512);
    s = S_session(w);
    assert_int_equal(vg_session_save(s, NULL), VG_OK);
    vg_session_free(s);
    vg_store_free(w);
    S_check(path, &log);
}

/* The writer fails (its snapshot's fsync): the failure comes back through the poll with the
 * writer's own message, the old snapshot stays, nothing is lost or applied twice. */
static void test_spawned_failure(void **state)
{
    (void)state;
    const char *path = vg_test_path("fail.yaml");
    static S_log log;
    S_start_file(path, &log);
    struct stat before = S_stat(path);
    vg_store *w = S_open(path, true, 512);
    vg_session *s = S_session(w);
    setenv("VG_TEST_CHILD", "fail", 1);
    vg_error err;
    assert_int_equal(vg_store_save_background(w, &err), VG_OK);
    unsetenv("VG_TEST_CHILD");
    assert_true(vg_store_saving(w));
    S_idle_status = VG_OK;
    S_answer(s, w, &log, 4);
    /* Collected by an idle moment of those answers, or now. */
    for (int i = 0; i < 20000 && vg_store_saving(w); i++) {
        S_idle_status = vg_store_save_poll(w, &S_idle_err);
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    assert_false(vg_store_saving(w));
    assert_int_equal(S_idle_status, VG_IO);
    assert_non_null(strstr(S_idle_err.msg, "sync the new file"));
    assert_true(vg_store_save_failing(w));
    struct stat after = S_stat(path);
    assert_true(vg_test_same_file(&before, &after));
    S_answer(s, w, &log, 4);
    vg_session_free(s);
    vg_store_free(w);
    S_check(path, &log);

    w = S_open(path, true, 512);
    s = S_session(w);
    S_answer(s, w, &log, 2);
    assert_int_equal(vg_session_save(s, NULL), VG_OK);
    assert_false(vg_store_save_failing(w));
    vg_session_free(s);
    vg_store_free(w);
    S_check(path, &log);
}

/* The writer killed midway (its new file written, not renamed): reported, the old snapshot
 * with both segments loads to every answer, and the next writer does the whole work. */
static void test_spawned_killed(void **state)
{
    (void)state;
    const char *path = vg_test_path("kill.yaml");
    static S_log log;
    S_start_file(path, &log);
    struct stat before = S_stat(path);
    vg_store *w = S_open(path, true, 512);
    vg_session *s = S_session(w);
    setenv("VG_TEST_CHILD", "stall", 1);
    vg_error err;
    assert_int_equal(vg_store_save_background(w, &err), VG_OK);
    unsetenv("VG_TEST_CHILD");
    /* Until its new file is there: then it hangs in that file's fsync. */
    const char *tmp_path = vg_test_path("kill.yaml.tmp");
    struct stat tmp;
    for (int i = 0; i < 20000 && stat(tmp_path, &tmp) != 0; i++) {
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    assert_int_equal(stat(tmp_path, &tmp), 0);
    S_answer(s, w, &log, 3);
    assert_true(vg_store_saving(w));
    assert_int_equal(kill((pid_t)S_child_pid, SIGKILL), 0);
    assert_int_equal(S_wait(w), VG_IO);
    assert_true(vg_store_save_failing(w));
    struct stat after = S_stat(path);
    assert_true(vg_test_same_file(&before, &after));
    S_answer(s, w, &log, 3);
    vg_session_free(s);
    vg_store_free(w);
    S_check(path, &log);

    /* The next session's writer, past the cap, replaces it. */
    w = S_open(path, true, 512);
    s = S_session(w);
    S_answer(s, w, &log, 50);
    assert_int_equal(S_wait(w), VG_OK);
    vg_session_free(s);
    vg_store_free(w);
    after = S_stat(path);
    assert_false(vg_test_same_file(&before, &after));
    S_check(path, &log);
}

/* The session dies while its writer runs: the writer dies with it (Linux), so no snapshot
 * lands after another vgrev may have taken the lock, and the files load to every answer. */
static void test_spawned_orphan(void **state)
{
    (void)state;
    const char *path = vg_test_path("orphan.yaml");
    const char *tmp_path = vg_test_path("orphan.yaml.tmp");
    S_log *log = mmap(NULL, sizeof *log, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    assert_true(log != MAP_FAILED);
    S_start_file(path, log);
    struct stat before = S_stat(path);
    /* The writer, orphaned, comes to this process: its end can be seen. */
    assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
    int p[2];
    assert_int_equal(pipe(p), 0);
    setenv("VG_TEST_CHILD", "stall", 1);
    pid_t session = fork();
    assert_true(session >= 0);
    if (session == 0) {
        close(p[0]);
        vg_store *w = S_open(path, true, 512);
        vg_session *s = S_session(w);
        vg_error err;
        if (vg_store_save_background(w, &err) != VG_OK || !vg_store_saving(w))
            _exit(1);
        S_answer(s, w, log, 3);
        /* Until the writer is midway (its new file there, hanging in that file's fsync). */
        struct stat tmp;
        for (int i = 0; i < 20000 && stat(tmp_path, &tmp) != 0; i++) {
            struct timespec ts = {0, 1000000};
            nanosleep(&ts, NULL);
        }
        if (write(p[1], &S_child_pid, sizeof S_child_pid) != (ssize_t)sizeof S_child_pid)
            _exit(1);
        _exit(0); /* a crash: no save, no free */
    }
    unsetenv("VG_TEST_CHILD");
    close(p[1]);
    long writer = 0;
    assert_int_equal(read(p[0], &writer, sizeof writer), (ssize_t)sizeof writer);
    close(p[0]);
    int ws = 0;
    assert_int_equal(waitpid(session, &ws, 0), session);
    assert_true(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
    /* Killed, not ended: it was stalled for 30 s. */
    assert_int_equal(waitpid((pid_t)writer, &ws, 0), writer);
    assert_true(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
    assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 0), 0);
    struct stat after = S_stat(path);
    assert_true(vg_test_same_file(&before, &after));
    S_check(path, log);
    vg_store *w = S_open(path, true, 512);
    vg_session *s = S_session(w);
    assert_int_equal(vg_session_save(s, NULL), VG_OK);
    vg_session_free(s);
    vg_store_free(w);
    S_check(path, log);
    munmap(log, sizeof *log);
}

/* Runs this program as `__snapshot` with args (NULL-terminated) and descriptor 3 a pipe (or
 * not); returns its exit status. */
static int S_run_writer(const char *const *args, bool pipe3)
{
    char *argv[8] = {"test_store_spawn", CLI_SNAPSHOT_COMMAND};
    int n = 2;
    for (; args[n - 2] && n < 7; n++)
        argv[n] = (char *)args[n - 2];
    argv[n] = NULL;
    int p[2];
    assert_int_equal(pipe2(p, O_CLOEXEC), 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    if (pipe3)
        posix_spawn_file_actions_adddup2(&fa, p[1], 3);
    else
        posix_spawn_file_actions_addopen(&fa, 3, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    assert_int_equal(posix_spawn(&pid, "/proc/self/exe", &fa, NULL, argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    close(p[0]);
    close(p[1]);
    int ws = 0;
    assert_int_equal(waitpid(pid, &ws, 0), pid);
    assert_true(WIFEXITED(ws));
    return WEXITSTATUS(ws);
}

/* vg_store_compact_upto in a process that does not hold the lock (a fork): its status. */
static vg_status S_compact(const char *path, uint64_t offset, uint64_t gen, long holder)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        vg_error err;
        _exit((int)vg_store_compact_upto(path, offset, gen, holder, NULL, NULL, &err));
    }
    int ws = 0;
    assert_int_equal(waitpid(pid, &ws, 0), pid);
    assert_true(WIFEXITED(ws));
    return (vg_status)WEXITSTATUS(ws);
}

/* The internal command refuses what its session would not have given it, and writes nothing:
 * malformed arguments, no pipe, a parent that is not the one named, a lock not held by it, a
 * journal without that checkpoint at that place, a generation not past the snapshot's. */
static void test_writer_refuses(void **state)
{
    (void)state;
    const char *path = vg_test_path("refuse.yaml");
    static S_log log;
    S_start_file(path, &log);
    struct stat before = S_stat(path);
    char me[24];
    snprintf(me, sizeof me, "%ld", (long)getpid());
    static const char *const bad[][5] = {
        {NULL},
        {"x.yaml", "0", "2", NULL},
        {"x.yaml", "0", "2", "1", "extra"},
        {"", "0", "2", "1", NULL},
        {"x.yaml", "-1", "2", "1", NULL},
        {"x.yaml", "0x10", "2", "1", NULL},
        {"x.yaml", "0", "99999999999999999999999", "1", NULL},
        {"x.yaml", "0", "2", "1", NULL}, /* not this process's parent */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(S_run_writer(bad[i], true), 2);
    const char *no_pipe[] = {path, "0", "2", me, NULL};
    assert_int_equal(S_run_writer(no_pipe, false), 2);

    /* A session with a checkpoint, no writer started (it holds the lock). */
    vg_store *w = S_open(path, true, 0);
    vg_session *s = S_session(w);
    S_answer(s, w, &log, 3);
    size_t len;
    free(vg_test_read(vg_test_path("refuse.yaml.journal"), &len));
    FILE *f = fopen(vg_test_path("refuse.yaml.journal"), "a");
    assert_non_null(f);
    fputs("{op: begin, version: 1, generation: 2}\n", f);
    fclose(f);
    long self = (long)getpid();
    assert_int_equal(S_compact(path, len, 2, self + 1), VG_USAGE); /* not the holder */
    assert_int_equal(S_compact(path, len + 1, 2, self), VG_USAGE); /* not at a line */
    assert_int_equal(S_compact(path, 0, 2, self), VG_USAGE);       /* the journal's header */
    assert_int_equal(S_compact(path, len, 3, self), VG_USAGE);     /* another generation */
    assert_int_equal(S_compact(path, len, 2, self + 1), VG_USAGE);
    struct stat after = S_stat(path);
    assert_true(vg_test_same_file(&before, &after));
    /* The right one is taken: generation 2, the answers above the checkpoint. */
    assert_int_equal(S_compact(path, len, 2, self), VG_OK);
    char *snap = vg_test_read(path, NULL);
    assert_non_null(strstr(snap, "generation: 2\n"));
    free(snap);
    /* Once in place, the same again is refused (the snapshot is at 2 already). */
    before = S_stat(path);
    assert_int_equal(S_compact(path, len, 2, self), VG_USAGE);
    after = S_stat(path);
    assert_true(vg_test_same_file(&before, &after));
    vg_session_free(s);
    vg_store_free(w);
    S_check(path, &log);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], CLI_SNAPSHOT_COMMAND)) {
        S_child_mode = getenv("VG_TEST_CHILD");
        return cli_snapshot_main(argc - 1, argv + 1, NULL, 0);
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spawned_past_cap), cmocka_unit_test(test_spawned_failure),
        cmocka_unit_test(test_spawned_killed),   cmocka_unit_test(test_spawned_orphan),
        cmocka_unit_test(test_writer_refuses),
    };
    return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
