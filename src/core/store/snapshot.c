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
    return r->nreviews > 0 || r->suspended || r->buried_until != 0;
}

static void S_key_int(vg_buf *b, const char *key, long long v)
{
    vg_buf_printf(b, "  %s: %lld\n", key, v);
}

/* An id of digits and 'e' only (1234e5...) would read as a number in YAML: quote it. */
static void S_emit_id(vg_buf *b, const char *id)
{
    bool numeric = true;
    for (int i = 0; i < VG_CARD_ID_LEN && numeric; i++)
        numeric = (id[i] >= '0' && id[i] <= '9') || id[i] == 'e';
    if (numeric)
        vg_buf_addc(b, '"');
    vg_buf_add(b, id, VG_CARD_ID_LEN);
    if (numeric)
        vg_buf_addc(b, '"');
}

/* The readers take what they can check: finite, non-negative numbers. A cache that is not
 * (it never should be) is left out, and replay rebuilds it. */
static bool S_state_writable(const vg_sched_card *c)
{
    return c->stability >= 0 && c->stability < 1e300 && c->difficulty >= 0 &&
           c->difficulty < 1e300 && c->scheduled_days >= 0 && c->elapsed_days >= 0 &&
           c->reps >= 0 && c->lapses >= 0 && c->step >= 0 && c->sm2_n >= 0;
}

static void S_format_record(vg_buf *b, const vg_record *r)
{
    vg_buf_adds(b, "- id: ");
    S_emit_id(b, r->id);
    vg_buf_adds(b, "\n  deck: ");
    vg_emit_string(b, r->deck, strlen(r->deck));
    vg_buf_adds(b, "\n  section: ");
    vg_emit_quoted(b, r->section, strlen(r->section));
    vg_buf_adds(b, "\n  front: ");
    vg_emit_quoted(b, r->front, strlen(r->front));
    vg_buf_addc(b, '\n');
    if (r->state_ok && S_state_writable(&r->sched)) {
        const vg_sched_card *c = &r->sched;
        vg_buf_adds(b, "  state: ");
        vg_buf_adds(b, vg_card_state_name(c->state));
        vg_buf_addc(b, '\n');
        if (c->state != VG_CARD_NEW) {
            vg_buf_adds(b, "  due: ");
            vg_emit_time(b, c->due);
            vg_buf_adds(b, "\n  last_review: ");
            vg_emit_time(b, c->last_review);
            vg_buf_adds(b, "\n  stability: ");
            vg_emit_double(b, c->stability);
            vg_buf_adds(b, "\n  difficulty: ");
            vg_emit_double(b, c->difficulty);
            vg_buf_addc(b, '\n');
            S_key_int(b, "scheduled_days", c->scheduled_days);
            S_key_int(b, "elapsed_days", c->elapsed_days);
            S_key_int(b, "reps", c->reps);
            S_key_int(b, "lapses", c->lapses);
            S_key_int(b, "step", c->step);
            if (c->sm2_n)
                S_key_int(b, "sm2_n", c->sm2_n);
        }
    }
    if (r->suspended)
        vg_buf_adds(b, "  suspended: true\n");
    if (r->buried_until) {
        vg_buf_adds(b, "  buried_until: ");
        vg_emit_time(b, r->buried_until);
        vg_buf_addc(b, '\n');
    }
    if (!r->nreviews) {
        vg_buf_adds(b, "  reviews: []\n");
        return;
    }
    vg_buf_adds(b, "  reviews:\n");
    for (size_t i = 0; i < r->nreviews; i++) {
        vg_buf_adds(b, "  - {t: ");
        vg_emit_time(b, r->reviews[i].t);
        vg_buf_printf(b, ", rating: %d}\n", (int)r->reviews[i].rating);
    }
}

vg_status vg_store_format(const vg_store *s, vg_buf *out, vg_error *err)
{
    /* Numbers in the C locale whatever LC_NUMERIC the program set (uselocale is per thread). */
    locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = c_locale ? uselocale(c_locale) : (locale_t)0;

    vg_record **sorted = NULL;
    size_t n = 0;
    if (s->nrecs) {
        sorted = malloc(s->nrecs * sizeof(vg_record *));
        if (!sorted)
            goto nomem;
        for (size_t i = 0; i < s->nrecs; i++)
            if (S_worth_writing(s->recs[i]))
                sorted[n++] = s->recs[i];
        qsort(sorted, n, sizeof(vg_record *), S_rec_cmp);
    }
    vg_buf_grow(out, 256 + n * 512);
    vg_buf_adds(out, S_header);
    vg_buf_printf(out, "version: %d\n", VG_STORE_VERSION);
    if (s->scheduler[0]) {
        vg_buf_adds(out, "scheduler: ");
        vg_emit_quoted(out, s->scheduler, strlen(s->scheduler));
        vg_buf_addc(out, '\n');
    }
    vg_buf_printf(out, "generation: %llu\n", (unsigned long long)s->generation);
    vg_buf_adds(out, n ? "cards:\n" : "cards: []\n");
    for (size_t i = 0; i < n; i++)
        S_format_record(out, sorted[i]);
    free(sorted);
    if (c_locale) {
        uselocale(old);
        freelocale(c_locale);
    }
    if (out->failed)
        return vg_error_set(err, VG_NOMEM, s->path, 0, 0, NULL);
    return VG_OK;
nomem:
    if (c_locale) {
        uselocale(old);
        freelocale(c_locale);
    }
    return vg_error_set(err, VG_NOMEM, s->path, 0, 0, NULL);
}

vg_status vg_store_write_atomic(const char *path, const char *data, size_t len, vg_error *err)
{
    /* One writer holds the lock (VG_REPLACE_LOCKED): the temporary file is PATH.tmp. */
    vg_file_step step =
        vg_file_replace(AT_FDCWD, path, data, len, 0666, VG_REPLACE_LOCKED | VG_REPLACE_KEEP_MODE);
    static const char *const what[] = {
        [VG_FILE_OPEN] = "create a temporary file beside it",
        [VG_FILE_READ] = "read it",
        [VG_FILE_WRITE] = "write the new file",
        [VG_FILE_SYNC] = "sync the new file",
        [VG_FILE_CLOSE] = "close the new file",
        [VG_FILE_RENAME] = "replace the file",
        [VG_FILE_SYNC_DIR] = "sync the folder", /* in place; durable across a power cut? */
    };
    if (step == VG_FILE_DONE)
        return VG_OK;
    int e = errno;
    if (e == ENOMEM)
        return vg_error_set(err, VG_NOMEM, path, 0, 0, NULL);
    return vg_error_set(err, VG_IO, path, 0, 0, "cannot %s: %s", what[step], strerror(e));
}

vg_status vg_store_write(const vg_store *s, const char *path, vg_error *err)
{
    vg_buf b = VG_BUF_INIT;
    vg_status st = vg_store_format(s, &b, err);
    if (st == VG_OK)
        st = vg_store_write_atomic(path, vg_buf_str(&b), b.len, err);
    vg_buf_release(&b);
    return st;
}
