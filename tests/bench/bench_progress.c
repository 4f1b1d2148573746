/* Progress benchmarks (DESIGN §7), against raw libyaml on the same file, in the same run:
 *
 *   bench_progress [CARDS [REVIEWS [DIR]]]      defaults: 100000 5 ./bench-progress.XXXXXX
 *
 * 1. Writes a progress file of CARDS cards with REVIEWS reviews each (states from the
 *    scheduler), in DIR (made and removed here; put it on the disk you care about: fdatasync on
 *    a tmpfs costs nothing).
 * 2. Load: the best of 7 rounds of (a) reading the file and running libyaml's event parser over
 *    it (yaml_parser_parse until the end, events deleted: libyaml alone), (b) vg_store_open
 *    read-only (reading, parsing, the model with its index), (c) the same with the libyaml reader
 *    forced, for information. Budget: (b) / (a) <= 1.0. Then the snapshot's text
 *    (vg_store_format of the loaded store into one buffer reused, median of 5) against (a):
 *    budget <= 1.0.
 * 3. Two sessions over a deck of CARDS cards on that store, opened for writing, 3000 answers
 *    each: one with a journal limit of 64 KiB
 *    (the session passes it, not the cap), one with 16 KiB (the cap, 8x, passed: background
 *    snapshots). Each answer is timed to its return (the journal line on disk), and beside it
 *    a plain write() + fdatasync() of a line of the same size to a file in the same folder.
 *    The pause: from the answer's return to the next card (vg_session_next); the idle step
 *    (vg_session_idle, which starts a snapshot) runs after it, as both study screens run it
 *    once the card is shown, and is printed for information. Past the
 *    cap the snapshot's writer is started as vgrev starts it (src/cli/snapshot.c: this program
 *    spawned again as `bench_progress __snapshot ...`); a third session does the same with a
 *    fork (the store without a spawn hook), for information. Each session ends as a crash
 *    would (no save); the files must load to the session's logs.
 * 4. Compaction (vg_store_save: text, write, fsync, rename, as at a session's end), 3 times.
 * Result lines (common brief): median, spread (max - min of the rounds; for durable.p99 and
 * the pauses, over 3 chunks of 1000 answers), baseline, ratio, budget:
 *   snapshot.100k    vg_store_format / libyaml's event parse (median of 5 / of 7), <= 1.0
 *   compaction.100k  vg_store_save / the same, <= 1.0
 *   durable.p99      vgrev's p99 minus the plain append's p99, in ms (median of the chunks),
 *                    <= 0.3 absolute
 *   pause.max        the longest answer -> next card in the session past the limit, <= 2 ms
 *   pause.cap        the same in the session past the cap (a spawned writer each time), <= 2 ms
 * Exit status 1 when a budget is missed. Not a ctest test: timings depend on the machine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#include "snapshot.h"
#include "vgrev/session.h"

static double S_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static char *S_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* libyaml alone: read the file, pull every event. */
static double S_libyaml(const char *path, size_t *events)
{
    double t0 = S_ms();
    size_t len;
    char *data = S_read(path, &len);
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
    yaml_event_t e;
    size_t n = 0;
    for (;;) {
        if (!yaml_parser_parse(&p, &e)) {
            fprintf(stderr, "libyaml: %s\n", p.problem);
            exit(2);
        }
        int done = e.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&e);
        n++;
        if (done)
            break;
    }
    yaml_parser_delete(&p);
    free(data);
    *events = n;
    return S_ms() - t0;
}

static double S_ours(const char *path, bool slow, size_t *records)
{
    double t0 = S_ms();
    vg_store *s = NULL;
    if (!slow) {
        vg_error err;
        if (vg_store_open(path, NULL, &s, &err) != VG_OK) {
            fprintf(stderr, "%s:%u:%u: %s\n", err.file, err.line, err.col, err.msg);
            exit(2);
        }
    } else {
        size_t len;
        char *data = S_read(path, &len);
        s = vg_store_new();
        if (vg_store_parse(s, data, len, path, VG_STORE_PARSE_SLOW, NULL) != VG_OK)
            exit(2);
        free(data);
    }
    double t = S_ms() - t0;
    *records = vg_store_count(s);
    vg_store_free(s);
    return t;
}

static int S_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A deck of n cards in the seed's shape: 25 cards a section. */
typedef struct bdeck {
    vg_deck deck;
    char **strings;
    size_t nstrings;
} bdeck;

static const char *const S_titles[] = {"What is the Vanishing Gradient Problem?",
                                       "How Does It Happen in RNNs?",
                                       "Why It Affects Long-Term Dependencies",
                                       "Effects on Training",
                                       "Solutions to the Vanishing Gradient Problem",
                                       "Why It Matters for Your Path",
                                       "Key Points (Milestones)"};
static const char *const S_fronts[] = {"Definition",     "Chain Rule Effect", "Gradient Clipping",
                                       "LSTM \"gates\"", "ReLU Activation",   "Sentiment: $h_t$"};

static char *S_keep(bdeck *b, const char *s)
{
    char *c = strdup(s);
    b->strings[b->nstrings++] = c;
    return c;
}

static bdeck *S_make_deck(size_t n)
{
    bdeck *b = calloc(1, sizeof *b);
    size_t nsec = (n + 24) / 25;
    b->strings = calloc(n + nsec + 1, sizeof *b->strings);
    b->deck.file = "bench.md";
    b->deck.title = "Bench";
    b->deck.sections = calloc(nsec, sizeof *b->deck.sections);
    b->deck.cards = calloc(n, sizeof *b->deck.cards);
    b->deck.nsections = nsec;
    b->deck.ncards = n;
    char buf[160];
    for (size_t s = 0; s < nsec; s++) {
        snprintf(buf, sizeof buf, "%s (part %zu)", S_titles[s % 7], s / 7 + 1);
        vg_section *sec = &b->deck.sections[s];
        sec->title = S_keep(b, buf);
        sec->number = "";
        sec->first_card = s * 25;
        sec->ncards = s + 1 < nsec ? 25 : n - s * 25;
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(buf, sizeof buf, "%s %zu", S_fronts[i % 6], i);
        vg_card *c = &b->deck.cards[i];
        c->front_src = S_keep(b, buf);
        c->section = i / 25;
        c->note = i;
        c->line = (unsigned)i + 1;
        vg_card_id(b->deck.sections[c->section].title, c->front_src, c->id);
    }
    return b;
}

static void S_free_deck(bdeck *b)
{
    for (size_t i = 0; i < b->nstrings; i++)
        free(b->strings[i]);
    free(b->strings);
    free(b->deck.sections);
    free(b->deck.cards);
    free(b);
}

static const char *S_fs_name(const char *dir)
{
    struct statfs sf;
    if (statfs(dir, &sf) != 0)
        return "?";
    switch ((unsigned long)sf.f_type) {
    case 0x01021994:
        return "tmpfs (fdatasync is free there: not a real measure)";
    case 0xEF53:
        return "ext2/3/4";
    case 0x58465342:
        return "xfs";
    case 0x9123683E:
        return "btrfs";
    case 0x794c7630:
        return "overlayfs";
    default:
        return "other";
    }
}

/* The same records with the same logs (the states may differ: a journal line leaves a
 * record's cached state to be rebuilt). */
static bool S_same_reviews(const vg_store *a, const vg_store *b)
{
    size_t na = 0, nb = 0;
    for (size_t i = 0; i < vg_store_count(a); i++) {
        const vg_record *r = vg_store_at(a, i);
        if (!r->nreviews)
            continue;
        na++;
        const vg_record *q = vg_store_find(b, r->deck, r->id);
        if (!q || q->nreviews != r->nreviews ||
            memcmp(q->reviews, r->reviews, r->nreviews * sizeof *r->reviews) != 0)
            return false;
    }
    for (size_t i = 0; i < vg_store_count(b); i++)
        nb += vg_store_at(b, i)->nreviews > 0;
    return na == nb;
}

/* One result line (common brief): NAME MEDIAN SPREAD BASELINE RATIO BUDGET PASS|FAIL. */
static bool S_result(const char *name, double med, double spread, double base, double budget)
{
    double r = med / base;
    bool ok = r <= budget;
    printf("result %s %.1f %.1f %.1f %.2f %.2f %s\n", name, med, spread, base, r, budget,
           ok ? "PASS" : "FAIL");
    return ok;
}

/* The same for a figure whose budget is absolute (in ms). */
static bool S_result_abs(const char *name, double med, double spread, double budget)
{
    bool ok = med <= budget;
    printf("result %s %.3f %.3f 0 - %.1f %s\n", name, med, spread, budget, ok ? "PASS" : "FAIL");
    return ok;
}

enum { N_ANSWERS = 3000, N_CHUNKS = 3 };

typedef struct S_run {
    double p50, p99, max, plain_p50, plain_p99;
    double diff_med, diff_spread; /* vgrev's p99 minus plain's, per chunk of answers */
    double pause_p50, pause_max, pause_spread;
    double open_ms;
    double idle_max;    /* the longest idle step (after the next card is shown) */
    unsigned started;   /* background snapshots started */
    double started_max; /* the longest idle step of the answers that started one */
} S_run;

static double S_pct(double *v, size_t n, size_t pct)
{
    qsort(v, n, sizeof *v, S_cmp_double);
    return v[n * pct / 100 < n ? n * pct / 100 : n - 1];
}

static long S_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* A session of N_ANSWERS answers on the store at path, opened with this journal limit. Each
 * answer is timed to its return (the journal line on disk), then a plain append of a line of
 * the same size to a file in the same folder, followed by fdatasync, is timed: both see the
 * same disk at the same moment. Then the time to the next card (vg_session_idle, as the study
 * screen calls it, and vg_session_next): the pause a user could feel. The session ends without
 * a save (as a crash would); the files must load to the same logs as memory. */
static bool S_study(const char *path, const char *dir, bdeck *b, vg_sched *sched, vg_time now,
                    size_t limit, vg_store_spawn_fn spawn, S_run *out)
{
    memset(out, 0, sizeof *out);
    vg_error err;
    vg_store *st = NULL;
    vg_store_opts wo = {.write = true, .who = "bench", .journal_limit = limit};
    wo.spawn = spawn;
    if (vg_store_open(path, &wo, &st, &err) != VG_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return false;
    }
    char jpath[700], ppath[700];
    snprintf(jpath, sizeof jpath, "%s.journal", path);
    snprintf(ppath, sizeof ppath, "%s/plain.log", dir);
    int pfd = open(ppath, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
    if (pfd < 0)
        return false;
    vg_session_deck d = {&b->deck, "bench"};
    vg_session_opts so;
    vg_session_opts_default(&so, now);
    so.new_per_day = 100000;
    so.reviews_per_day = 100000;
    vg_session *ses = NULL;
    double t0 = S_ms();
    if (vg_session_open(&d, 1, st, sched, &so, &ses, &err) != VG_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return false;
    }
    out->open_ms = S_ms() - t0;
    static double ans[N_ANSWERS], plain[N_ANSWERS], pause[N_ANSWERS];
    static char line[4096];
    memset(line, 'x', sizeof line);
    line[sizeof line - 1] = '\n';
    vg_time t = now;
    const vg_session_card *c = vg_session_next(ses, t, NULL);
    size_t ncards = b->deck.ncards;
    for (int i = 0; i < N_ANSWERS; i++) {
        if (!c)
            c = vg_session_card_at(ses, 0, (size_t)i * 31 % ncards);
        long before = S_size(jpath);
        double a = S_ms();
        if (vg_session_answer(ses, c, 1 + i % 4, t, &err) != VG_OK) {
            fprintf(stderr, "answer: %s\n", err.msg);
            return false;
        }
        double z = S_ms();
        t += 7;
        c = vg_session_next(ses, t, NULL);
        double y = S_ms();
        /* The card is shown: then the idle step (vg_study_idle, as both study screens run it). */
        bool saving = vg_store_saving(st);
        if (vg_session_idle(ses, &err) != VG_OK)
            fprintf(stderr, "idle: %s\n", err.msg);
        double w = S_ms() - y;
        bool started = !saving && vg_store_saving(st);
        out->started += started;
        if (w > out->idle_max)
            out->idle_max = w;
        if (started && w > out->started_max)
            out->started_max = w;
        long n = S_size(jpath) - before;
        if (n <= 0 || n > (long)sizeof line)
            n = 128;
        double p0 = S_ms();
        if (write(pfd, line + sizeof line - (size_t)n, (size_t)n) != n || fdatasync(pfd) != 0)
            return false;
        plain[i] = S_ms() - p0;
        ans[i] = z - a;
        pause[i] = y - z;
    }
    /* Per chunk: vgrev's p99 minus plain's, and the longest pause. */
    double diff[N_CHUNKS], pmax[N_CHUNKS];
    size_t per = N_ANSWERS / N_CHUNKS;
    static double tmp_a[N_ANSWERS], tmp_p[N_ANSWERS];
    for (int k = 0; k < N_CHUNKS; k++) {
        memcpy(tmp_a, ans + k * per, per * sizeof *ans);
        memcpy(tmp_p, plain + k * per, per * sizeof *plain);
        diff[k] = S_pct(tmp_a, per, 99) - S_pct(tmp_p, per, 99);
        memcpy(tmp_a, pause + k * per, per * sizeof *pause);
        pmax[k] = S_pct(tmp_a, per, 100);
    }
    qsort(diff, N_CHUNKS, sizeof *diff, S_cmp_double);
    qsort(pmax, N_CHUNKS, sizeof *pmax, S_cmp_double);
    out->diff_med = diff[N_CHUNKS / 2];
    out->diff_spread = diff[N_CHUNKS - 1] - diff[0];
    out->pause_max = pmax[N_CHUNKS - 1];
    out->pause_spread = pmax[N_CHUNKS - 1] - pmax[0];
    out->p50 = S_pct(ans, N_ANSWERS, 50);
    out->p99 = S_pct(ans, N_ANSWERS, 99);
    out->max = S_pct(ans, N_ANSWERS, 100);
    out->plain_p50 = S_pct(plain, N_ANSWERS, 50);
    out->plain_p99 = S_pct(plain, N_ANSWERS, 99);
    out->pause_p50 = S_pct(pause, N_ANSWERS, 50);
    close(pfd);
    unlink(ppath);
    /* A background snapshot that is still running goes on to its end, as in a real session
     * between two answers; then the session stops without a save (a crash). */
    while (vg_store_saving(st)) {
        vg_store_save_poll(st, &err);
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    vg_session_free(ses);
    vg_store *rd = NULL;
    vg_store_opts ro = {.write = false, .who = NULL, .journal_limit = 0};
    bool same = vg_store_open(path, &ro, &rd, &err) == VG_OK && S_same_reviews(st, rd);
    vg_store_free(rd);
    vg_store_free(st);
    if (!same)
        fprintf(stderr, "FAIL: the files do not load to the session's reviews\n");
    return same;
}

int main(int argc, char **argv)
{
    /* The snapshot's writer, started by a session past the cap. */
    if (argc > 1 && !strcmp(argv[1], CLI_SNAPSHOT_COMMAND))
        return cli_snapshot_main(argc - 1, argv + 1, NULL, 0);
    size_t ncards = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 100000;
    int nrev = argc > 2 ? atoi(argv[2]) : 5;
    char dir[512];
    if (argc > 3) {
        snprintf(dir, sizeof dir, "%s", argv[3]);
        mkdir(dir, 0755);
    } else {
        snprintf(dir, sizeof dir, "./bench-progress.XXXXXX");
        if (!mkdtemp(dir))
            return 2;
    }
    char path[600];
    snprintf(path, sizeof path, "%s/progress.yaml", dir);
    vg_sched_params sp;
    vg_sched_params_default(&sp);
    vg_sched sched;
    vg_sched_init(&sched, &sp, NULL);
    char tag[40];
    vg_session_sched_tag(&sched, tag);

    /* 1. The file: every card reviewed nrev times over the last months. */
    bdeck *b = S_make_deck(ncards);
    const vg_time now = 1795132800 + 10 * 3600; /* 2026-11-20T10:00:00Z */
    vg_store *gen = vg_store_new();
    vg_store_set_scheduler(gen, tag);
    double t0 = S_ms();
    for (size_t i = 0; i < ncards; i++) {
        const vg_card *c = &b->deck.cards[i];
        vg_record *r =
            vg_store_add(gen, "bench", c->id, b->deck.sections[c->section].title, c->front_src);
        vg_time t = now - 200 * 86400 + (vg_time)(i % 5000) * 3000;
        vg_sched_card st = r->sched;
        for (int k = 0; k < nrev; k++) {
            int rating = 1 + (int)((i * 7 + (size_t)k * 3) % 4);
            if (k == 0 && rating == 1)
                rating = 3;
            vg_sched_next(&sched, &st, (vg_rating)rating, t, &st);
            vg_store_answer(gen, r, t, rating, &st, NULL);
            t = st.due > t + 60 ? st.due : t + 86400;
            if (t > now - 3600)
                break;
        }
    }
    vg_error err;
    if (vg_store_write(gen, path, &err) != VG_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    vg_store_free(gen);
    struct stat stt;
    stat(path, &stt);
    printf(
        "progress file: %zu cards, up to %d reviews each, %.1f MB, in %s (%s); made in %.0f ms\n",
        ncards, nrev, (double)stt.st_size / 1e6, dir, S_fs_name(dir), S_ms() - t0);

    /* 2. Load. */
    double ys[7], os[7], best_s = 1e30;
    size_t events = 0, records = 0;
    for (int round = 0; round < 7; round++) {
        ys[round] = S_libyaml(path, &events);
        os[round] = S_ours(path, false, &records);
        if (round < 2) {
            double sl = S_ours(path, true, &records);
            if (sl < best_s)
                best_s = sl;
        }
    }
    qsort(ys, 7, sizeof *ys, S_cmp_double);
    qsort(os, 7, sizeof *os, S_cmp_double);
    double med_y = ys[3], med_o = os[3];
    printf("load:  libyaml events %.1f ms (%zu events) | vg_store_open %.1f ms (%zu records) "
           "-> %.2fx libyaml (budget <= 1.0) | libyaml reader forced: %.1f ms (%.2fx)\n",
           med_y, events, med_o, records, med_o / med_y, best_s, best_s / med_y);

    /* 2b. The snapshot writer: the text of the loaded store (vg_store_format, in memory), 5
     * rounds, against the same libyaml parse; the text must read back to the same store. */
    double fs[5];
    size_t flen = 0;
    {
        vg_store *ld = NULL;
        vg_store_opts ro = {.write = false, .who = NULL, .journal_limit = 0};
        if (vg_store_open(path, &ro, &ld, &err) != VG_OK) {
            fprintf(stderr, "%s\n", err.msg);
            return 2;
        }
        /* One buffer for every round, as vgrev writes a snapshot through one 1 MiB piece
         * reused to the end: the first round pays for touching the text's memory (at 1M
         * cards 0.5 GB of new pages, a second or more on a VM) that vgrev never holds. */
        vg_buf out = VG_BUF_INIT;
        for (int round = 0; round < 5; round++) {
            vg_buf_clear(&out);
            double f0 = S_ms();
            vg_store_format(ld, &out, NULL);
            fs[round] = S_ms() - f0;
            flen = out.len;
            if (round == 0) {
                vg_store *back = vg_store_new();
                if (vg_store_parse(back, out.data, out.len, "formatted", 0, &err) != VG_OK ||
                    !S_same_reviews(ld, back)) {
                    fprintf(stderr, "FAIL: the snapshot text does not read back the same\n");
                    return 2;
                }
                vg_store_free(back);
            }
        }
        vg_buf_release(&out);
        vg_store_free(ld);
    }
    qsort(fs, 5, sizeof *fs, S_cmp_double);
    double med_f = fs[2];
    printf("write: vg_store_format %.1f ms (%.1f MB) -> %.2fx libyaml's parse (budget <= 1.0)\n",
           med_f, (double)flen / 1e6, med_f / med_y);

    /* 3. Sessions on the big store: one past the journal's limit, one past its cap. */
    S_run lim, cap, cap_fork;
    if (!S_study(path, dir, b, &sched, now, (size_t)64 * 1024, cli_snapshot_spawn, &lim) ||
        !S_study(path, dir, b, &sched, now + 86400, (size_t)16 * 1024, cli_snapshot_spawn, &cap) ||
        !S_study(path, dir, b, &sched, now + 2 * 86400, (size_t)16 * 1024, NULL, &cap_fork))
        return 2;
    printf("answer -> durable (%d answers, past the limit): vgrev p50 %.3f ms p99 %.3f ms max "
           "%.3f ms | plain append+fdatasync p50 %.3f ms p99 %.3f ms\n",
           N_ANSWERS, lim.p50, lim.p99, lim.max, lim.plain_p50, lim.plain_p99);
    printf("next card after an answer: past the limit p50 %.4f ms max %.3f ms, no snapshot "
           "started; past the cap max %.3f ms, %u background snapshots spawned\n",
           lim.pause_p50, lim.pause_max, cap.pause_max, cap.started);
    printf("idle step once the card is shown: past the limit max %.3f ms; past the cap max %.3f "
           "ms (the answers that started a snapshot: max %.3f ms); forked instead: max %.3f ms, "
           "%u snapshots\n",
           lim.idle_max, cap.idle_max, cap.started_max, cap_fork.started_max, cap_fork.started);
    printf("session open (bind, queue) %.0f ms\n", lim.open_ms);

    /* 4. Compaction at a session's end (snapshot text, write, fsync, rename), median of 3. */
    double comp[3];
    {
        vg_store_opts wo = {.write = true, .who = "bench", .journal_limit = 0};
        vg_store *st = NULL;
        if (vg_store_open(path, &wo, &st, &err) != VG_OK) {
            fprintf(stderr, "%s\n", err.msg);
            return 2;
        }
        for (int k = 0; k < 3; k++) {
            t0 = S_ms();
            if (vg_store_save(st, &err) != VG_OK) {
                fprintf(stderr, "save: %s\n", err.msg);
                return 2;
            }
            comp[k] = S_ms() - t0;
        }
        vg_store_free(st);
    }
    qsort(comp, 3, sizeof *comp, S_cmp_double);
    printf("compaction (snapshot write, fsync, rename): %.0f ms (%.2fx libyaml's parse)\n", comp[1],
           comp[1] / med_y);

    /* The result lines (tests/bench/run.sh). */
    bool ok = true;
    char size[32], name[64];
    if (ncards >= 1000000 && ncards % 1000000 == 0)
        snprintf(size, sizeof size, "%zuM", ncards / 1000000);
    else if (ncards >= 1000 && ncards % 1000 == 0)
        snprintf(size, sizeof size, "%zuk", ncards / 1000);
    else
        snprintf(size, sizeof size, "%zu", ncards);
#define S_NAME(what) (snprintf(name, sizeof name, "%s.%s", what, size), name)
    ok &= S_result(S_NAME("progress.load"), med_o, os[6] - os[0], med_y, 1.0);
    ok &= S_result(S_NAME("snapshot"), med_f, fs[4] - fs[0], med_y, 1.0);
    ok &= S_result(S_NAME("compaction"), comp[1], comp[2] - comp[0], med_y, 1.0);
    ok &= S_result_abs(S_NAME("durable.p99"), lim.diff_med, lim.diff_spread, 0.3);
    ok &= S_result_abs(S_NAME("pause.max"), lim.pause_max, lim.pause_spread, 2.0);
    ok &= S_result_abs(S_NAME("pause.cap"), cap.pause_max, cap.pause_spread, 2.0);
#undef S_NAME
    S_free_deck(b);
    if (argc <= 3) {
        char cmd[700];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", dir);
    }
    printf("%s\n", ok ? "budgets met" : "BUDGET MISSED");
    return ok ? 0 : 1;
}
