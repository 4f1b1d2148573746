/* Deck load against cmark's own parse of the same file, in the same run (DESIGN §7):
 *
 *   bench_deck DECK.md [ROUNDS]
 *
 * Each round forks one child that reads the file and runs cmark_parse_document() on it
 * (the tree is not freed: that is cmark's cost alone) and one child that runs vg_deck_load()
 * (reading included). A child reports its wall time and its peak memory (the maximum resident
 * set size, getrusage()) through a pipe, so neither run sees the other's memory.
 * The best time and the largest peak over the rounds are compared. The budget: our time at
 * most 1.0x cmark's, our peak at most 0.5x cmark's. Exit status 1 when a budget is missed.
 * Make a deck with tests/bench/gen_deck.py. */
#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vgrev/deck.h"

typedef struct result {
    double ms;    /* wall time of the work */
    long peak_kb; /* maximum resident set size of the child */
    size_t items; /* cards (ours) or top-level blocks (cmark), as a sanity check */
    int ok;
} result;

static double S_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int S_cmark(const char *path, size_t *items)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    if (!buf)
        return 0;
    cmark_node *doc = cmark_parse_document(buf, n, CMARK_OPT_SOURCEPOS);
    if (!doc)
        return 0;
    *items = 0;
    for (cmark_node *c = cmark_node_first_child(doc); c; c = cmark_node_next(c))
        (*items)++;
    return 1;
}

static int S_ours(const char *path, size_t *items)
{
    vg_deck *deck;
    vg_error err;
    if (vg_deck_load(path, &deck, &err) != VG_OK) {
        fprintf(stderr, "bench_deck: %s: %s\n", path, err.msg);
        return 0;
    }
    *items = deck->ncards;
    return 1;
}

/* Runs one measurement in a child process. */
static result S_run(const char *path, int ours)
{
    result res;
    memset(&res, 0, sizeof res);
    int fds[2];
    if (pipe(fds) != 0)
        return res;
    pid_t pid = fork();
    if (pid < 0)
        return res;
    if (pid == 0) {
        close(fds[0]);
        result r;
        memset(&r, 0, sizeof r);
        double t0 = S_now_ms();
        r.ok = ours ? S_ours(path, &r.items) : S_cmark(path, &r.items);
        r.ms = S_now_ms() - t0;
        struct rusage ru;
        if (getrusage(RUSAGE_SELF, &ru) == 0)
            r.peak_kb = ru.ru_maxrss;
        if (write(fds[1], &r, sizeof r) != (ssize_t)sizeof r)
            _exit(2);
        _exit(0); /* no cleanup: the measured run is over */
    }
    close(fds[1]);
    ssize_t got = read(fds[0], &res, sizeof res);
    close(fds[0]);
    int status;
    if (waitpid(pid, &status, 0) < 0 || got != (ssize_t)sizeof res || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        res.ok = 0;
    return res;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_deck DECK.md [ROUNDS]\n");
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    if (rounds < 1)
        rounds = 1;
    result best[2];
    memset(best, 0, sizeof best);
    for (int i = 0; i < rounds; i++) {
        for (int w = 0; w < 2; w++) {
            /* Alternate who goes first, so neither always gets the warmer cache. */
            int ours = (i % 2) ? !w : w;
            result r = S_run(argv[1], ours);
            if (!r.ok) {
                fprintf(stderr, "bench_deck: the %s run failed\n", ours ? "vgrev" : "cmark");
                return 1;
            }
            result *b = &best[ours];
            if (!b->ok || r.ms < b->ms)
                b->ms = r.ms;
            if (r.peak_kb > b->peak_kb)
                b->peak_kb = r.peak_kb;
            b->items = r.items;
            b->ok = 1;
        }
    }
    double tr = best[1].ms / best[0].ms, mr = (double)best[1].peak_kb / (double)best[0].peak_kb;
    printf("file: %s (%d rounds, best time, largest peak)\n", argv[1], rounds);
    printf("cmark_parse_document: %8.1f ms  peak %7.1f MB  (%zu top-level blocks)\n", best[0].ms,
           best[0].peak_kb / 1024.0, best[0].items);
    printf("vg_deck_load:         %8.1f ms  peak %7.1f MB  (%zu cards)\n", best[1].ms,
           best[1].peak_kb / 1024.0, best[1].items);
    printf("ratio (vgrev/cmark):  time %.2f (budget 1.00)  peak %.2f (budget 0.50)\n", tr, mr);
    return tr <= 1.0 && mr <= 0.5 ? 0 : 1;
}
