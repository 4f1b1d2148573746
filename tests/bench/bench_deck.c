/* Deck load against cmark's own parse of the same file, in the same run (DESIGN §7):
 *
 *   bench_deck DECK.md [ROUNDS]
 *
 * Each round forks one child that reads the file and runs cmark_parse_document() on it
 * (the tree is not freed: that is cmark's cost alone) and one child that runs vg_deck_load()
 * (reading included). A child reports its wall time and its peak memory (the maximum resident
 * set size, getrusage()) through a pipe, so neither run sees the other's memory.
 * Both children run on the same CPU (the first this process may use): the two CPUs of a
 * virtual machine can differ in speed by 2x from one moment to the next, as the host's other
 * guests come and go, which alone made a median swing by a third.
 * The medians of the times and of the peaks over the rounds are compared (the spread printed
 * is max - min). The budget (DESIGN §7): our time at most 0.5x cmark's, our peak at most 0.5x
 * cmark's. Prints them as `result deck.load.SIZE` and `result deck.peak.SIZE` lines (the peak's
 * columns in MB; docs/performance.md) for tests/bench/run.sh. Exit status 1 when a budget is
 * missed. Make a deck with tests/bench/gen_deck.py. */
#define _GNU_SOURCE /* sched_setaffinity */
#include <cmark.h>
#include <sched.h>
#include <stdbool.h>
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
        cpu_set_t cpus;
        if (sched_getaffinity(0, sizeof cpus, &cpus) == 0) {
            for (int c = 0; c < CPU_SETSIZE; c++)
                if (CPU_ISSET(c, &cpus)) {
                    CPU_ZERO(&cpus);
                    CPU_SET(c, &cpus);
                    (void)sched_setaffinity(0, sizeof cpus, &cpus);
                    break;
                }
        }
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

static int S_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts v and returns its median; *spread is max - min. */
static double S_median(double *v, int n, double *spread)
{
    qsort(v, (size_t)n, sizeof *v, S_cmp_double);
    *spread = v[n - 1] - v[0];
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* "10k", "1M": the size in the name of a result. */
static void S_size_label(size_t n, char *out, size_t cap)
{
    if (n >= 1000000 && n % 1000000 == 0)
        snprintf(out, cap, "%zuM", n / 1000000);
    else if (n >= 1000 && n % 1000 == 0)
        snprintf(out, cap, "%zuk", n / 1000);
    else
        snprintf(out, cap, "%zu", n);
}

static bool S_result(const char *name, const char *size, double med, double spread, double base,
                     double budget)
{
    double r = med / base;
    bool ok = r <= budget;
    printf("result %s.%s %.1f %.1f %.1f %.2f %.2f %s\n", name, size, med, spread, base, r, budget,
           ok ? "PASS" : "FAIL");
    return ok;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_deck DECK.md [ROUNDS]\n");
        return 2;
    }
    long nr = argc > 2 ? strtol(argv[2], NULL, 10) : 5;
    int rounds = nr < 1 ? 1 : nr > 1000 ? 1000 : (int)nr;
    /* Times and peaks of cmark [0] and ours [1], a round each. */
    size_t per = (size_t)rounds;
    double *all = calloc(per * 4, sizeof *all);
    if (!all)
        return 2;
    double *ms[2] = {all, all + per}, *mb[2] = {all + 2 * per, all + 3 * per};
    size_t items[2] = {0, 0};
    for (int i = 0; i < rounds; i++) {
        for (int w = 0; w < 2; w++) {
            /* Alternate who goes first, so neither always gets the warmer cache. */
            int ours = (i % 2) ? !w : w;
            result r = S_run(argv[1], ours);
            if (!r.ok) {
                fprintf(stderr, "bench_deck: the %s run failed\n", ours ? "vgrev" : "cmark");
                free(all);
                return 1;
            }
            ms[ours][i] = r.ms;
            mb[ours][i] = (double)r.peak_kb / 1024.0;
            items[ours] = r.items;
        }
    }
    double med[2], spread[2], mmed[2], mspread[2];
    for (int w = 0; w < 2; w++) {
        med[w] = S_median(ms[w], rounds, &spread[w]);
        mmed[w] = S_median(mb[w], rounds, &mspread[w]);
    }
    double tr = med[1] / med[0], mr = mmed[1] / mmed[0];
    printf("file: %s (%d rounds, medians, spread max - min)\n", argv[1], rounds);
    printf("cmark_parse_document: %8.1f ms (+-%.1f)  peak %7.1f MB  (%zu top-level blocks)\n",
           med[0], spread[0], mmed[0], items[0]);
    printf("vg_deck_load:         %8.1f ms (+-%.1f)  peak %7.1f MB  (%zu cards)\n", med[1],
           spread[1], mmed[1], items[1]);
    printf("ratio (vgrev/cmark):  time %.2f (budget 0.50)  peak %.2f (budget 0.50)\n", tr, mr);
    char size[32];
    S_size_label(items[1], size, sizeof size);
    bool ok = S_result("deck.load", size, med[1], spread[1], med[0], 0.5);
    ok = S_result("deck.peak", size, mmed[1], mspread[1], mmed[0], 0.5) && ok;
    free(all);
    return ok ? 0 : 1;
}
