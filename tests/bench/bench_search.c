/* The browser's search (include/vgrev/search.h) on a real deck, checked and timed:
 *
 *   bench_search DECK.md [QUERY...]
 *
 * Checks, and exits 1 when one fails: the text the search makes straight from the spans is the
 * reference's (vg_render_inline, then vg_search_fold) byte for byte, for every card; for each
 * query (default: a few of the generated deck's words) and each prefix of it typed a character
 * at a time, the matches of a search done lazily (refining, a small slice of work at a time)
 * are those of a plain scan of the reference text, with the same places (vg_search_locate).
 * Prints, as information: the time to make the whole text both ways, and the time of a slice
 * of work of the size the browser uses (LIST_SEARCH_WORK, passed as -w BYTES). */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vgrev/render.h"
#include "vgrev/search.h"

static double S_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The reference text of every card: front and back, rendered then folded, in one buffer. */
typedef struct S_ref {
    vg_buf text;
    size_t *off; /* card c: front [off[2c], off[2c+1]), back [off[2c+1], off[2c+2]) */
} S_ref;

static void S_ref_make(const vg_deck *d, S_ref *r)
{
    vg_buf plain = VG_BUF_INIT;
    vg_buf_init(&r->text);
    r->off = malloc((2 * d->ncards + 1) * sizeof *r->off);
    if (!r->off)
        exit(2);
    for (size_t c = 0; c < d->ncards; c++)
        for (int back = 0; back < 2; back++) {
            r->off[2 * c + (size_t)back] = r->text.len;
            vg_buf_clear(&plain);
            vg_render_inline(back ? &d->cards[c].back : &d->cards[c].front, &plain);
            vg_search_fold(plain.data ? plain.data : "", plain.len, &r->text);
        }
    r->off[2 * d->ncards] = r->text.len;
    vg_buf_release(&plain);
    if (r->text.failed)
        exit(2);
}

/* The first place of q in the card's front, else its back (reference). */
static bool S_ref_find(const S_ref *r, size_t c, const char *q, size_t qlen, size_t *at,
                       bool *in_back)
{
    for (int back = 0; back < 2; back++) {
        size_t from = r->off[2 * c + (size_t)back], to = r->off[2 * c + (size_t)back + 1];
        for (size_t i = from; i + qlen <= to; i++)
            if (!memcmp(r->text.data + i, q, qlen)) {
                *at = i - from;
                *in_back = back;
                return true;
            }
    }
    return false;
}

static int S_fail(const char *what, const char *q)
{
    fprintf(stderr, "bench_search: FAIL: %s (query \"%s\")\n", what, q);
    return 1;
}

/* Types q a character at a time into a lazy search (slices of `work`), finishing it only at the
 * end, and compares the matches with the reference's. */
static int S_check_query(const vg_deck *d, const S_ref *r, const char *q, size_t work)
{
    vg_search s;
    vg_search_init(&s, d);
    vg_error err;
    int bad = 0;
    for (size_t len = 1; len <= strlen(q) && !bad; len++) {
        if (vg_search_start(&s, q, len, true, &err) != VG_OK ||
            vg_search_more(&s, 40, work, &err) != VG_OK)
            return S_fail("out of memory", q);
        /* What is found so far is exact: a prefix of the full list. */
        vg_buf fq = VG_BUF_INIT;
        vg_search_fold(q, len, &fq);
        size_t k = 0;
        for (size_t c = 0; c < d->ncards && k < s.nmatches; c++) {
            size_t at;
            bool in_back;
            if (S_ref_find(r, c, fq.data, fq.len, &at, &in_back) && s.matches[k++] != c)
                bad = S_fail("a match found early is not the reference's", q);
        }
        if (len == strlen(q)) {
            if (vg_search_more(&s, SIZE_MAX, SIZE_MAX, &err) != VG_OK)
                return S_fail("out of memory", q);
            k = 0;
            for (size_t c = 0; c < d->ncards && !bad; c++) {
                size_t at, at2;
                bool in_back, in_back2;
                if (!S_ref_find(r, c, fq.data, fq.len, &at, &in_back))
                    continue;
                if (k >= s.nmatches || s.matches[k++] != c)
                    bad = S_fail("the matches differ from the reference's", q);
                else if (!vg_search_locate(&s, c, &at2, &in_back2) || at2 != at ||
                         in_back2 != in_back)
                    bad = S_fail("a match is at another place", q);
            }
            if (!bad && k != s.nmatches)
                bad = S_fail("more matches than the reference's", q);
            printf("query \"%s\": %zu matches, the reference's\n", q, s.nmatches);
        }
        vg_buf_release(&fq);
    }
    vg_search_release(&s);
    return bad;
}

int main(int argc, char **argv)
{
    size_t work = (size_t)2 * 1024 * 1024;
    int a = 1;
    if (argc > 2 && !strcmp(argv[1], "-w")) {
        work = (size_t)strtoull(argv[2], NULL, 10);
        a = 3;
    }
    if (a >= argc) {
        fprintf(stderr, "usage: bench_search [-w WORK] DECK.md [QUERY...]\n");
        return 2;
    }
    setlocale(LC_CTYPE, "C.UTF-8");
    vg_deck *d = NULL;
    vg_error err;
    if (vg_deck_load(argv[a], &d, &err) != VG_OK) {
        fprintf(stderr, "bench_search: %s\n", err.msg);
        return 2;
    }
    /* The best of 3 each, side by side. */
    S_ref r;
    vg_search s;
    double ref_ms = 1e30, made_ms = 1e30;
    for (int round = 0; round < 3; round++) {
        double t0 = S_now_ms();
        if (round) {
            vg_buf_release(&r.text);
            free(r.off);
            vg_search_release(&s);
        }
        S_ref_make(d, &r);
        double t1 = S_now_ms();
        vg_search_init(&s, d);
        if (vg_search_build(&s, &err) != VG_OK) {
            fprintf(stderr, "bench_search: out of memory\n");
            exit(2);
        }
        double t2 = S_now_ms();
        ref_ms = t1 - t0 < ref_ms ? t1 - t0 : ref_ms;
        made_ms = t2 - t1 < made_ms ? t2 - t1 : made_ms;
    }
    printf("cards %zu, text %zu bytes: made %.1f ms (reference %.1f ms)\n", d->ncards, r.text.len,
           made_ms, ref_ms);
    int bad = 0;
    for (size_t c = 0; c < d->ncards && !bad; c++)
        for (int back = 0; back < 2 && !bad; back++) {
            size_t len;
            const char *t = vg_search_folded(&s, c, back, &len);
            size_t from = r.off[2 * c + (size_t)back], to = r.off[2 * c + (size_t)back + 1];
            if (!t || len != to - from || memcmp(t, r.text.data + from, len) != 0) {
                fprintf(stderr, "bench_search: FAIL: card %zu's %s differs from the reference\n", c,
                        back ? "back" : "front");
                bad = 1;
            }
        }
    if (!bad)
        printf("text: the reference's, byte for byte\n");

    /* A slice of work: its time, scanning the whole deck for a query that matches nothing, from
     * a fresh search (the text made as it goes), then with the text made, for a query whose
     * first letter is everywhere ("e~": the slowest to look for) and one whose is rare. */
    static const char *const scans[] = {"e~", "e~", "zqxj"};
    for (int k = 0; k < 3; k++) {
        vg_search t;
        vg_search_init(&t, d);
        if (k)
            vg_search_build(&t, &err);
        vg_search_start(&t, scans[k], strlen(scans[k]), false, &err);
        double worst = 0, start = S_now_ms();
        size_t slices = 0;
        while (!vg_search_done(&t)) {
            double u0 = S_now_ms();
            vg_search_more(&t, SIZE_MAX, work, &err);
            double u = S_now_ms() - u0;
            worst = u > worst ? u : worst;
            slices++;
        }
        printf("%s \"%s\": %zu slices of %zu, %.3f ms each, worst %.3f ms, whole %.1f ms\n",
               k ? "scan of the made text" : "scan making the text", scans[k], slices, work,
               (S_now_ms() - start) / (double)slices, worst, S_now_ms() - start);
        vg_search_release(&t);
    }

    /* The search's own part of a key in the browser (no drawing): a fresh search (no text made)
     * typed a character at a time, each key finding the rows of a screen or a slice of work. */
    for (int k = a + 1; k < argc || k == a + 1; k++) {
        const char *q = k < argc ? argv[k] : "notes of lecture 7";
        vg_search t;
        vg_search_init(&t, d);
        double first = 0, worst = 0, sum = 0;
        for (size_t len = 1; len <= strlen(q); len++) {
            double u0 = S_now_ms();
            vg_search_start(&t, q, len, true, &err);
            vg_search_more(&t, 48, work, &err);
            double u = S_now_ms() - u0;
            if (len == 1)
                first = u;
            else
                sum += u, worst = u > worst ? u : worst;
        }
        printf("keys \"%s\": the first %.3f ms, then %.3f ms a key (worst %.3f ms), search only\n",
               q, first, strlen(q) > 1 ? sum / (double)(strlen(q) - 1) : 0.0, worst);
        vg_search_release(&t);
    }

    static const char *defaults[] = {"gradient notes of lecture", "Lecture 7", "the", "zq"};
    const char **qs = a + 1 < argc ? (const char **)argv + a + 1 : defaults;
    size_t nq = a + 1 < argc ? (size_t)(argc - a - 1) : sizeof defaults / sizeof *defaults;
    for (size_t i = 0; i < nq && !bad; i++)
        bad = S_check_query(d, &r, qs[i], work / 64);
    vg_search_release(&s);
    vg_buf_release(&r.text);
    free(r.off);
    vg_deck_free(d);
    if (bad)
        return 1;
    printf("check: the same text and matches as the reference\n");
    return 0;
}
