/* Merging two progress models (vgrev merge): per (deck, card), the union of the review logs.
 * Every rule is symmetric, so merging A into B and B into A give the same records; replaying
 * the logs afterwards (vg_store_replay) gives the same states. A record whose log the merge
 * leaves as it was keeps its cached state, and so does one copied from src when both stores'
 * states come from the same scheduler: only the records whose log changed need a replay. */
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

static vg_time S_last(const vg_record *r)
{
    return r->nreviews ? r->reviews[r->nreviews - 1].t : INT64_MIN;
}

/* Which description to keep: the record reviewed last; on a tie, the greater text. */
static bool S_other_wins(const vg_record *mine, const vg_record *other)
{
    vg_time a = S_last(mine), b = S_last(other);
    if (a != b)
        return b > a;
    int c = strcmp(other->front, mine->front);
    if (c)
        return c > 0;
    return strcmp(other->section, mine->section) > 0;
}

/* The sorted union of two sorted logs into out (room for na + nb); returns its length. */
static size_t S_union(const vg_review *a, size_t na, const vg_review *b, size_t nb, vg_review *out)
{
    size_t i = 0, j = 0, n = 0;
    while (i < na || j < nb) {
        int c;
        if (i == na)
            c = 1;
        else if (j == nb)
            c = -1;
        else if (a[i].t != b[j].t)
            c = a[i].t < b[j].t ? -1 : 1;
        else
            c = (a[i].rating > b[j].rating) - (a[i].rating < b[j].rating);
        if (c <= 0)
            out[n++] = a[i++];
        else
            out[n++] = b[j++];
        if (c == 0) /* the same review on both sides counts once, with either's answer time */
            out[n - 1].ms = vg_review_ms_join(out[n - 1].ms, b[j++].ms);
    }
    return n;
}

vg_status vg_store_merge(vg_store *dst, const vg_store *src, size_t *added, vg_error *err)
{
    size_t gained = 0;
    vg_review *tmp = NULL;
    size_t tmpcap = 0;
    vg_status st = VG_OK;
    /* src's cached states are dst's when the same scheduler computed them. */
    bool same_sched = dst->scheduler[0] && strcmp(src->scheduler, dst->scheduler) == 0;
    for (size_t i = 0; i < src->nrecs; i++) {
        const vg_record *r = src->recs[i];
        const char *deck = vg_store_intern(dst, r->deck, strlen(r->deck));
        if (!deck)
            goto nomem;
        vg_record *d = vg_store_lookup(dst, deck, r->key_);
        if (!d) {
            char *sec = vg_store_strdup(dst, r->section, strlen(r->section));
            char *fr = vg_store_strdup(dst, r->front, strlen(r->front));
            if (!sec || !fr || !(d = vg_store_new_record(dst, deck, r->key_, sec, fr)) ||
                !vg_store_set_reviews(dst, d, r->reviews, r->nreviews))
                goto nomem;
            d->suspended = r->suspended;
            d->buried_until = r->buried_until;
            d->reset_at = r->reset_at;
            if (r->tags && vg_store_tags(dst, r->tags, strlen(r->tags), &d->tags) < 0)
                goto nomem;
            d->state_ok = r->nreviews == 0; /* New; otherwise the caller replays */
            if (same_sched && r->state_ok) {
                d->sched = r->sched;
                d->state_ok = true;
            }
            gained += r->nreviews;
            continue;
        }
        if (S_other_wins(d, r) && vg_store_describe(dst, d, r->section, r->front) != VG_OK)
            goto nomem;
        d->suspended = d->suspended || r->suspended;
        for (const char *p = r->tags ? r->tags : ""; *p;) { /* the union of the tags */
            size_t len = strcspn(p, " ");
            if (vg_store_tags_change(dst, d->tags, p, len, true, &d->tags) < 0)
                goto nomem;
            p += len + (p[len] == ' ');
        }
        if (r->buried_until > d->buried_until)
            d->buried_until = r->buried_until;
        if (r->reset_at > d->reset_at) { /* the later reset wins: replay */
            d->reset_at = r->reset_at;
            d->state_ok = false;
        }
        size_t need = d->nreviews + r->nreviews;
        if (!VG_GROW(tmp, tmpcap, need))
            goto nomem;
        size_t n = S_union(d->reviews, d->nreviews, r->reviews, r->nreviews, tmp);
        if (n != d->nreviews) {
            gained += n - d->nreviews;
            if (!vg_store_set_reviews(dst, d, tmp, n))
                goto nomem;
            d->state_ok = false;
        } else if (n) {
            /* Same reviews: only answer times may have been gained; the schedule holds. */
            memcpy((vg_review *)d->reviews, tmp, n * sizeof *tmp);
        }
    }
    dst->changed = true;
    if (src->generation > dst->generation)
        dst->generation = src->generation;
    free(tmp);
    if (added)
        *added = gained;
    return st;
nomem:
    free(tmp);
    return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
}
