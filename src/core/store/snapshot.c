/* The snapshot writer: canonical text (docs/progress-format.md) and the atomic replacement of
 * the file (vg_file_replace: write a temporary file in the same folder, fsync, rename, fsync the
 * folder; vgrev/file.h explains the sequence). */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/record.h"
#include "store/store_int.h"
#include "vgrev/file.h"

static const char S_header[] =
    "# vgrev progress file. Format: docs/progress-format.md. The review logs are the truth;\n"
    "# the other fields are a cache that `vgrev replay` can rebuild.\n";

static int S_rec_cmp(const void *a, const void *b)
{
    const vg_record *x = *(const vg_record *const *)a, *y = *(const vg_record *const *)b;
    int c = x->deck == y->deck ? 0 : strcmp(x->deck, y->deck);
    if (c)
        return c;
    return (x->key_ > y->key_) - (x->key_ < y->key_);
}

static bool S_worth_writing(const vg_record *r)
{
    return r->nreviews > 0 || r->suspended || r->buried_until != 0 || (r->tags && *r->tags);
}

/* The readers take what they can check: finite, non-negative numbers. A cache that is not
 * (it never should be) is left out, and replay rebuilds it. */
static bool S_state_writable(const vg_sched_card *c)
{
    return c->stability >= 0 && c->stability < 1e300 && c->difficulty >= 0 &&
           c->difficulty < 1e300 && c->scheduled_days >= 0 && c->elapsed_days >= 0 &&
           c->reps >= 0 && c->lapses >= 0 && c->step >= 0 && c->sm2_n >= 0;
}

/* A card: its fields as store/record.h declares them, in that order, the log last. */
_Static_assert(VG_RF_reviews == VG_RF_COUNT - 1, "the reviews end a card");
static void S_format_record(vg_buf *b, const vg_record *r)
{
    bool cache = r->state_ok && S_state_writable(&r->sched);
    for (int i = 0; i < VG_RF_COUNT; i++) {
        const vg_field_info *f = &vg_record_fields[i];
        if (!vg_field_written(r, f, cache))
            continue;
        if (f->kind == VG_FK_REVIEWS)
            break;
        if (i == 0) /* the first field starts the card's list item */
            vg_buf_adds(b, "- ");
        else
            vg_buf_adds(b, "  ");
        vg_buf_adds(b, f->name);
        vg_buf_adds(b, ": ");
        vg_field_emit(b, f->kind, VG_FIELD_CPTR(r, f));
        vg_buf_addc(b, '\n');
    }
    if (!r->nreviews) {
        vg_buf_adds(b, "  reviews: []\n");
        return;
    }
    vg_buf_adds(b, "  reviews:\n");
    for (size_t i = 0; i < r->nreviews; i++) {
        /* One line in one buffer: a snapshot writes millions of them. */
        char line[96], *p = line;
        memcpy(p, "  - {t: ", 8);
        p += 8;
        p += vg_format_time(p, r->reviews[i].t);
        memcpy(p, ", rating: ", 10);
        p += 10;
        p += vg_format_int(p, r->reviews[i].rating);
        if (r->reviews[i].ms != VG_MS_NONE) {
            memcpy(p, ", ms: ", 6);
            p += 6;
            p += vg_format_int(p, r->reviews[i].ms);
        }
        memcpy(p, "}\n", 2);
        p += 2;
        vg_buf_add(b, line, (size_t)(p - line));
    }
}

/* Sorts the records for the file (S_rec_cmp); false when out of memory. A store read from a
 * file holds them in the file's order already, with the cards first answered since after them:
 * only those are sorted, then merged in from the end (a sort of a million records in order
 * still cost a fifth of the text's time). */
static bool S_sort(vg_record **a, size_t n)
{
    size_t k = 1;
    while (k < n && S_rec_cmp(&a[k - 1], &a[k]) < 0)
        k++;
    if (k >= n)
        return true;
    size_t m = n - k;
    qsort(a + k, m, sizeof(vg_record *), S_rec_cmp);
    if (S_rec_cmp(&a[k - 1], &a[k]) < 0)
        return true;
    vg_record **tail = malloc(m * sizeof(vg_record *));
    if (!tail)
        return false;
    memcpy(tail, a + k, m * sizeof(vg_record *));
    size_t i = k, j = m, w = n; /* a[0..i) and tail[0..j) left to place, a[w..n) placed */
    while (j > 0)
        a[--w] = i > 0 && S_rec_cmp(&a[i - 1], &tail[j - 1]) > 0 ? a[--i] : tail[--j];
    free(tail);
    return true;
}

enum { S_PIECE = 1 << 20 };

/* The snapshot's text appended to out; with fd >= 0, out is written to fd whenever it holds a
 * piece (and at the end), so memory holds a piece of the text, not all of it. False with errno
 * set: ENOMEM, or why a write failed. */
static bool S_format(const vg_store *s, vg_buf *out, int fd)
{
    /* Numbers in the C locale whatever LC_NUMERIC the program set (uselocale is per thread). */
    locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = c_locale ? uselocale(c_locale) : (locale_t)0;
    bool ok = true;
    vg_record **sorted = NULL;
    size_t n = 0, reviews = 0;
    if (s->nrecs) {
        sorted = malloc(s->nrecs * sizeof(vg_record *));
        if (!sorted)
            ok = false;
        for (size_t i = 0; ok && i < s->nrecs; i++)
            if (S_worth_writing(s->recs[i])) {
                reviews += s->recs[i]->nreviews;
                sorted[n++] = s->recs[i];
            }
        ok = ok && S_sort(sorted, n);
    }
    int e = ENOMEM;
    if (ok) {
        /* The whole text in memory: room for all of it at once (a card's fields take about 400
         * bytes, a review's line 56), where growing a big buffer copies it and touches new
         * memory page by page. */
        vg_buf_grow(out, fd >= 0 ? S_PIECE + 4096 : 256 + n * 400 + reviews * 56);
        vg_buf_adds(out, S_header);
        vg_buf_printf(out, "version: %d\n", VG_STORE_VERSION);
        if (s->scheduler[0]) {
            vg_buf_adds(out, "scheduler: ");
            vg_emit_quoted(out, s->scheduler, strlen(s->scheduler));
            vg_buf_addc(out, '\n');
        }
        vg_buf_printf(out, "generation: %llu\n", (unsigned long long)s->generation);
        vg_buf_adds(out, n ? "cards:\n" : "cards: []\n");
    }
    for (size_t i = 0; ok && i <= n; i++) {
        if (i < n)
            S_format_record(out, sorted[i]);
        if (out->failed) {
            ok = false;
        } else if (fd >= 0 && (out->len >= S_PIECE || i == n)) {
            if (!(ok = vg_write_full(fd, out->data, out->len)))
                e = errno;
            vg_buf_clear(out);
        }
    }
    free(sorted);
    if (c_locale) {
        uselocale(old);
        freelocale(c_locale);
    }
    if (!ok)
        errno = e;
    return ok;
}

vg_status vg_store_format(const vg_store *s, vg_buf *out, vg_error *err)
{
    if (!S_format(s, out, -1))
        return vg_error_set(err, VG_NOMEM, s->path, 0, 0, NULL);
    return VG_OK;
}

/* What a replacement's step means for a progress file. */
static vg_status S_replaced(const char *path, vg_file_step step, bool *in_place, vg_error *err)
{
    static const char *const what[] = {
        [VG_FILE_OPEN] = "create a temporary file beside it",
        [VG_FILE_READ] = "read it",
        [VG_FILE_WRITE] = "write the new file",
        [VG_FILE_SYNC] = "sync the new file",
        [VG_FILE_CLOSE] = "close the new file",
        [VG_FILE_RENAME] = "replace the file",
        [VG_FILE_SYNC_DIR] = "sync the folder", /* in place; durable across a power cut? */
    };
    if (in_place)
        *in_place = step == VG_FILE_DONE || step == VG_FILE_SYNC_DIR;
    if (step == VG_FILE_DONE)
        return VG_OK;
    int e = errno;
    if (e == ENOMEM)
        return vg_error_set(err, VG_NOMEM, path, 0, 0, NULL);
    return vg_error_set(err, VG_IO, path, 0, 0, "cannot %s: %s", what[step], strerror(e));
}

vg_status vg_store_write_atomic(const char *path, const char *data, size_t len, bool *in_place,
                                vg_error *err)
{
    /* One writer holds the lock (VG_REPLACE_LOCKED): the temporary file is PATH.tmp. */
    vg_file_step step =
        vg_file_replace(AT_FDCWD, path, data, len, 0666, VG_REPLACE_LOCKED | VG_REPLACE_KEEP_MODE);
    return S_replaced(path, step, in_place, err);
}

static bool S_write_snapshot(int fd, void *ctx)
{
    vg_buf b = VG_BUF_INIT;
    bool ok = S_format(ctx, &b, fd);
    int e = errno;
    vg_buf_release(&b);
    errno = e;
    return ok;
}

vg_status vg_store_write_to(const vg_store *s, const char *path, bool *in_place, vg_error *err)
{
    /* Written a piece at a time as it is made: a snapshot's text is never in memory whole. */
    vg_file_step step = vg_file_replace_with(AT_FDCWD, path, S_write_snapshot, (void *)s, 0666,
                                             VG_REPLACE_LOCKED | VG_REPLACE_KEEP_MODE);
    return S_replaced(path, step, in_place, err);
}

vg_status vg_store_write(const vg_store *s, const char *path, vg_error *err)
{
    return vg_store_write_to(s, path, NULL, err);
}
