/* Writes two progress files that diverged from one (the merge benchmark's inputs, DESIGN §7):
 * as if two machines had studied the same deck since they last synced.
 *
 *   gen_diverge IN.yaml A.yaml B.yaml [SEED]
 *
 * Every card of IN goes to A and B, most unchanged. Of every 20 cards (shifted by SEED): one is
 * in A only, one in B only, two gained a review or two on A, two on B, one on both (different
 * ones), one differs only in an answer time, one was suspended on B. States are the default
 * FSRS scheduler's. A tool for the benchmarks and the merge tests, never a test itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vgrev/session.h"

/* r's log and flags into a new record of out. */
static vg_record *S_copy(vg_store *out, const vg_record *r, const vg_sched *sched, size_t keep)
{
    vg_record *c = vg_store_add(out, r->deck, r->id, r->section, r->front);
    if (!c)
        return NULL;
    vg_sched_card s;
    vg_sched_card_init(&s, c->id, VG_CARD_ID_LEN);
    for (size_t k = 0; k < keep && k < r->nreviews; k++) {
        vg_sched_next(sched, &s, (vg_rating)r->reviews[k].rating, r->reviews[k].t, &s);
        if (vg_store_answer_ms(out, c, r->reviews[k].t, r->reviews[k].rating, r->reviews[k].ms, &s,
                               NULL) != VG_OK)
            return NULL;
    }
    return c;
}

/* n more reviews at the card's due times (or a day apart), ratings from salt. */
static bool S_study(vg_store *out, vg_record *c, const vg_sched *sched, int n, unsigned salt)
{
    vg_sched_card s = c->sched;
    vg_time t = c->nreviews ? c->reviews[c->nreviews - 1].t : 1795132800;
    for (int k = 0; k < n; k++) {
        t = s.due > t + 60 ? s.due : t + 86400;
        int rating = 1 + (int)((salt + (unsigned)k * 5) % 4);
        vg_sched_next(sched, &s, (vg_rating)rating, t, &s);
        if (vg_store_answer_ms(out, c, t, rating, (int32_t)(1000 + salt % 7000), &s, NULL) != VG_OK)
            return false;
    }
    return true;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: gen_diverge IN.yaml A.yaml B.yaml [SEED]\n");
        return 2;
    }
    size_t seed = argc > 4 ? (size_t)atol(argv[4]) : 0;
    vg_error err;
    vg_store *in = NULL;
    if (vg_store_open(argv[1], NULL, &in, &err) != VG_OK) {
        fprintf(stderr, "%s:%u:%u: %s\n", err.file, err.line, err.col, err.msg);
        return 1;
    }
    vg_sched_params sp;
    vg_sched_params_default(&sp);
    vg_sched sched;
    vg_sched_init(&sched, &sp, NULL);
    char tag[40];
    vg_session_sched_tag(&sched, tag);
    vg_store *a = vg_store_new(), *b = vg_store_new();
    size_t n = vg_store_count(in);
    if (!a || !b || vg_store_set_scheduler(a, tag) != VG_OK ||
        vg_store_set_scheduler(b, tag) != VG_OK || !vg_store_reserve(a, n) ||
        !vg_store_reserve(b, n))
        return 1;
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        const vg_record *r = vg_store_at(in, i);
        unsigned salt = (unsigned)(i * 2654435761u);
        vg_record *ca = NULL, *cb = NULL;
        switch ((i + seed) % 20) {
        case 0: /* studied on A only (a new card on B) */
            ok = (ca = S_copy(a, r, &sched, r->nreviews)) != NULL;
            break;
        case 1:
            ok = (cb = S_copy(b, r, &sched, r->nreviews)) != NULL;
            break;
        case 2:
        case 3:
            ok = (ca = S_copy(a, r, &sched, r->nreviews)) &&
                 (cb = S_copy(b, r, &sched, SIZE_MAX)) &&
                 S_study(a, ca, &sched, 1 + (int)(i % 2), salt);
            break;
        case 4:
        case 5:
            ok = (ca = S_copy(a, r, &sched, r->nreviews)) &&
                 (cb = S_copy(b, r, &sched, SIZE_MAX)) &&
                 S_study(b, cb, &sched, 1 + (int)(i % 2), salt);
            break;
        case 6: /* both studied it since, on different days */
            ok = (ca = S_copy(a, r, &sched, r->nreviews)) &&
                 (cb = S_copy(b, r, &sched, SIZE_MAX)) && S_study(a, ca, &sched, 1, salt) &&
                 S_study(b, cb, &sched, 2, salt + 1);
            break;
        case 7: /* one machine had not kept an answer time */
            ok = (ca = S_copy(a, r, &sched, r->nreviews)) != NULL;
            if (ok) {
                vg_record *c = vg_store_add(b, r->deck, r->id, r->section, r->front);
                ok = c != NULL;
                for (size_t k = 0; ok && k < r->nreviews; k++)
                    ok = vg_store_answer_ms(b, c, r->reviews[k].t, r->reviews[k].rating,
                                            k == 0 ? VG_MS_NONE : r->reviews[k].ms, &ca->sched,
                                            NULL) == VG_OK;
            }
            break;
        case 8:
            ok = (ca = S_copy(a, r, &sched, r->nreviews)) &&
                 (cb = S_copy(b, r, &sched, SIZE_MAX)) &&
                 vg_store_suspend(b, cb, true, NULL) == VG_OK;
            break;
        default:
            ok = S_copy(a, r, &sched, r->nreviews) && S_copy(b, r, &sched, SIZE_MAX);
        }
    }
    if (!ok || vg_store_write(a, argv[2], &err) != VG_OK ||
        vg_store_write(b, argv[3], &err) != VG_OK) {
        fprintf(stderr, "gen_diverge: %s\n", ok ? err.msg : "out of memory");
        return 1;
    }
    vg_store_free(a);
    vg_store_free(b);
    vg_store_free(in);
    return 0;
}
