/* Merging two progress models (vgrev merge): per (deck, card), the union of the review logs.
 * Every rule is symmetric, so merging A into B and B into A give the same records; replaying
 * the logs afterwards (vg_store_replay) gives the same states. A record whose log the merge
 * leaves as it was keeps its cached state, and so does one copied from src when both stores'
 * states come from the same scheduler: only the records whose log changed need a replay. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

bool vg_merge_record(vg_merge_ctx *m, const vg_record *r)
{
    vg_store *dst = m->dst;
    const char *deck = vg_store_intern(dst, r->deck, strlen(r->deck));
    if (!deck)
        return false;
    vg_record *d = vg_store_find_key(dst, deck, r->key_);
    if (!d) {
        char *sec = vg_store_strdup(dst, r->section, strlen(r->section));
        char *fr = vg_store_strdup(dst, r->front, strlen(r->front));
        if (!sec || !fr || !(d = vg_store_new_record(dst, deck, r->key_, sec, fr)) ||
            !vg_store_set_reviews(dst, d, r->reviews, r->nreviews))
            return false;
        d->suspended = r->suspended;
        d->buried_until = r->buried_until;
        d->reset_at = r->reset_at;
        if (r->tags && vg_store_tags(dst, r->tags, strlen(r->tags), &d->tags) < 0)
            return false;
        d->state_ok = r->nreviews == 0; /* New; otherwise the caller replays */
        if (m->same_sched && r->state_ok) {
            d->sched = r->sched;
            d->state_ok = true;
        }
        m->gained += r->nreviews;
        return true;
    }
    if (S_other_wins(d, r) && vg_store_describe(dst, d, r->section, r->front) != VG_OK)
        return false;
    d->suspended = d->suspended || r->suspended;
    for (const char *p = r->tags ? r->tags : ""; *p;) { /* the union of the tags */
        size_t len = strcspn(p, " ");
        if (vg_store_tags_change(dst, d->tags, p, len, true, &d->tags) < 0)
            return false;
        p += len + (p[len] == ' ');
    }
    if (r->buried_until > d->buried_until)
        d->buried_until = r->buried_until;
    if (r->reset_at > d->reset_at) { /* the later reset wins: replay */
        d->reset_at = r->reset_at;
        d->state_ok = false;
    }
    size_t need = d->nreviews + r->nreviews;
    if (!VG_GROW(m->tmp, m->tmpcap, need))
        return false;
    size_t n = S_union(d->reviews, d->nreviews, r->reviews, r->nreviews, m->tmp);
    if (n != d->nreviews) {
        m->gained += n - d->nreviews;
        if (!vg_store_set_reviews(dst, d, m->tmp, n))
            return false;
        d->state_ok = false;
    } else if (n) {
        /* Same reviews: only answer times may have been gained; the schedule holds. */
        memcpy((vg_review *)d->reviews, m->tmp, n * sizeof *m->tmp);
    }
    return true;
}

void vg_merge_begin(vg_merge_ctx *m, vg_store *dst, const char *src_scheduler)
{
    memset(m, 0, sizeof *m);
    m->dst = dst;
    /* src's cached states are dst's when the same scheduler computed them. */
    m->same_sched = dst->scheduler[0] && strcmp(src_scheduler, dst->scheduler) == 0;
}

void vg_merge_release(vg_merge_ctx *m)
{
    free(m->tmp);
    m->tmp = NULL;
    m->tmpcap = 0;
}

void vg_merge_end(vg_merge_ctx *m, uint64_t src_generation)
{
    m->dst->changed = true;
    if (src_generation > m->dst->generation)
        m->dst->generation = src_generation;
    vg_merge_release(m);
}

vg_status vg_store_merge(vg_store *dst, const vg_store *src, size_t *added, vg_error *err)
{
    vg_merge_ctx m;
    vg_merge_begin(&m, dst, src->scheduler);
    bool ok = true;
    for (size_t i = 0; i < src->nrecs && ok; i++)
        ok = vg_merge_record(&m, src->recs[i]);
    if (!ok) {
        vg_merge_release(&m);
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    }
    vg_merge_end(&m, src->generation);
    if (added)
        *added = m.gained;
    return VG_OK;
}

/* Whether path can be merged as it is read: a regular file, not a link (the journal of a
 * link's target could be elsewhere) and with no journal beside it (a journal line may undo
 * what the snapshot holds). */
static bool S_streamable(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return false;
    size_t n = strlen(path);
    char *journal = malloc(n + sizeof ".journal");
    if (!journal)
        return false;
    memcpy(journal, path, n);
    memcpy(journal + n, ".journal", sizeof ".journal");
    bool none = lstat(journal, &sb) != 0 && errno == ENOENT;
    free(journal);
    return none;
}

/* Merges the file at path into dst as it is read, when it can be (*whole: all of it went in;
 * else none or part of it, and the caller merges the whole file). */
static vg_status S_merge_stream(vg_store *dst, const char *path, bool *whole, size_t *gained,
                                vg_error *err)
{
    *whole = false;
    if (!S_streamable(path))
        return VG_OK;
    int fd;
    do
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return VG_OK;                /* the whole file's open says what is wrong */
    vg_store *head = vg_store_new(); /* the other file's header, deck names and tags */
    vg_merge_ctx m;
    vg_merge_begin(&m, dst, "");
    int rc = head ? vg_store_read_fast_fd(head, fd, &m) : -1;
    int e = errno;
    close(fd);
    *gained += m.gained;
    if (rc == 1)
        vg_merge_end(&m, head->generation);
    else
        vg_merge_release(&m);
    vg_store_free(head);
    *whole = rc == 1;
    if (rc == -1)
        return vg_error_set(err, VG_NOMEM, path, 0, 0, NULL);
    if (rc == -2)
        return vg_error_set(err, VG_IO, path, 0, 0, "cannot read: %s", strerror(e));
    return VG_OK;
}

vg_status vg_store_merge_file(vg_store *dst, const char *path, size_t *added, vg_error *err)
{
    size_t gained = 0;
    bool whole;
    vg_status st = S_merge_stream(dst, path, &whole, &gained, err);
    if (st != VG_OK)
        return st;
    if (!whole) {
        /* Loaded whole: it is not in vgrev's layout (the libyaml reader takes it, or says where
         * it is wrong), or has a journal. The cards merged as they were read are in both: merged
         * again, they change nothing. */
        vg_store_opts ro = {.write = false, .who = NULL, .journal_limit = 0};
        vg_store *other = NULL;
        size_t more = 0;
        st = vg_store_open(path, &ro, &other, err);
        if (st == VG_OK) {
            size_t nw;
            const vg_error *w = vg_store_warnings(other, &nw);
            for (size_t i = 0; i < nw && st == VG_OK; i++)
                st = vg_store_warn(dst, w[i].file, w[i].line, w[i].col, "%s", w[i].msg);
            if (st != VG_OK)
                st = vg_error_set(err, VG_NOMEM, path, 0, 0, NULL);
        }
        if (st == VG_OK)
            st = vg_store_merge(dst, other, &more, err);
        vg_store_free(other);
        if (st != VG_OK)
            return st;
        gained += more;
    }
    if (added)
        *added = gained;
    return VG_OK;
}
