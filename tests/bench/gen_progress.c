/* Writes a progress file for a deck, as a user who studied it would have one (DESIGN §7: the
 * benchmarks' "5 reviews per card"): every card of the deck reviewed up to REVIEWS times over
 * the last 200 days, states from the default FSRS scheduler.
 *
 *   gen_progress DECK.md PROGRESS.yaml [REVIEWS] [NAME]
 *
 * NAME is the deck's name in the file (default: DECK's base name without .md, as vgrev names
 * it). A tool for the benchmarks, never a test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vgrev/session.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: gen_progress DECK.md PROGRESS.yaml [REVIEWS] [NAME]\n");
        return 2;
    }
    int nrev = argc > 3 ? atoi(argv[3]) : 5;
    char name[256];
    if (argc > 4) {
        snprintf(name, sizeof name, "%s", argv[4]);
    } else {
        const char *base = strrchr(argv[1], '/');
        snprintf(name, sizeof name, "%s", base ? base + 1 : argv[1]);
        size_t n = strlen(name);
        if (n > 3 && strcmp(name + n - 3, ".md") == 0)
            name[n - 3] = '\0';
    }
    vg_error err;
    vg_deck *deck = NULL;
    if (vg_deck_load(argv[1], &deck, &err) != VG_OK) {
        fprintf(stderr, "%s:%u:%u: %s\n", err.file, err.line, err.col, err.msg);
        return 1;
    }
    vg_sched_params sp;
    vg_sched_params_default(&sp);
    vg_sched sched;
    vg_sched_init(&sched, &sp, NULL);
    char tag[40];
    vg_session_sched_tag(&sched, tag);
    vg_store *st = vg_store_new();
    if (!st || vg_store_set_scheduler(st, tag) != VG_OK || !vg_store_reserve(st, deck->ncards))
        return 1;
    const vg_time now = 1795132800 + 10 * 3600; /* 2026-11-20T10:00:00Z */
    for (size_t i = 0; i < deck->ncards; i++) {
        const vg_card *c = &deck->cards[i];
        vg_record *r =
            vg_store_add(st, name, c->id, deck->sections[c->section].title, c->front_src);
        if (!r)
            return 1;
        vg_time t = now - 200 * 86400 + (vg_time)(i % 5000) * 3000;
        vg_sched_card s = r->sched;
        for (int k = 0; k < nrev; k++) {
            int rating = 1 + (int)((i * 7 + (size_t)k * 3) % 4);
            if (k == 0 && rating == 1)
                rating = 3;
            vg_sched_next(&sched, &s, (vg_rating)rating, t, &s);
            if (vg_store_answer_ms(st, r, t, rating, (int32_t)(2000 + i % 9000), &s, NULL) != VG_OK)
                return 1;
            t = s.due > t + 60 ? s.due : t + 86400;
            if (t > now - 3600)
                break;
        }
    }
    if (vg_store_write(st, argv[2], &err) != VG_OK) {
        fprintf(stderr, "%s: %s\n", argv[2], err.msg);
        return 1;
    }
    vg_store_free(st);
    vg_deck_free(deck);
    return 0;
}
