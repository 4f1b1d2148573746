/* Changes to records: journaled and synced first, then applied in memory. */
#include <string.h>

#include "store/record.h"
#include "store/store_int.h"

static const vg_time S_time_min = -62167219200LL; /* 0000-01-01T00:00:00Z */
static const vg_time S_time_max = 253402300799LL; /* 9999-12-31T23:59:59Z */

/* VG_OK when the change may go ahead: journaled (writable), memory only (a store in memory),
 * or refused (read-only file). */
static vg_status S_check_writable(const vg_store *s, vg_error *err)
{
    if (s->journal_fd < 0 && s->path)
        return vg_error_set(err, VG_USAGE, s->path, 0, 0,
                            "progress opened read-only: this command cannot change it");
    return VG_OK;
}

/* Journal lines spell their keys and values as store/record.h declares them. */
static void S_line_start(vg_buf *b, const char *op, const char *deck, const char *id)
{
    vg_journal_put(b, VG_JK_op, op);
    vg_journal_put(b, VG_JK_deck, &deck);
    vg_journal_put(b, VG_JK_id, id);
}

/* The first line about a record the files do not know yet says what it is. */
static void S_line_describe(vg_buf *b, const vg_record *rec)
{
    if (rec->on_disk_)
        return;
    vg_journal_put(b, VG_JK_section, &rec->section);
    vg_journal_put(b, VG_JK_front, &rec->front);
}

static void S_line_review(vg_buf *b, vg_time t, int rating, int32_t ms)
{
    vg_journal_put(b, VG_JK_t, &t);
    vg_journal_put(b, VG_JK_rating, &rating);
    if (ms != VG_MS_NONE)
        vg_journal_put(b, VG_JK_ms, &ms);
}

/* The scheduler's state after a change to the log; NULL: unknown, replay rebuilds it. */
static void S_set_state(vg_record *rec, const vg_sched_card *state)
{
    rec->state_ok = state != NULL;
    if (state)
        rec->sched = *state;
}

static vg_status S_journal(vg_store *s, vg_buf *line, vg_record *rec, vg_error *err)
{
    vg_status st = VG_OK;
    if (s->journal_fd >= 0) {
        vg_buf_adds(line, "}\n");
        st = vg_store_journal_append(s, line, err);
        if (st == VG_OK && rec)
            rec->on_disk_ = true;
    }
    vg_buf_release(line);
    return st;
}

vg_status vg_store_answer(vg_store *s, vg_record *rec, vg_time t, int rating,
                          const vg_sched_card *state, vg_error *err)
{
    return vg_store_answer_ms(s, rec, t, rating, VG_MS_NONE, state, err);
}

vg_status vg_store_answer_ms(vg_store *s, vg_record *rec, vg_time t, int rating, int32_t ms,
                             const vg_sched_card *state, vg_error *err)
{
    if (ms < VG_MS_NONE)
        ms = VG_MS_NONE;
    else if (ms > VG_MS_MAX)
        ms = VG_MS_MAX;
    if (rating < VG_AGAIN || rating > VG_EASY)
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "rating %d is not 1..4", rating);
    if (t < S_time_min || t > S_time_max)
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "review time out of range");
    vg_status st = S_check_writable(s, err);
    if (st != VG_OK)
        return st;
    for (size_t i = rec->nreviews; i-- > 0 && rec->reviews[i].t >= t;)
        if (rec->reviews[i].t == t && rec->reviews[i].rating == rating)
            return VG_OK; /* the same review twice is one review */
    /* Make room first, so memory cannot fail after the journal has the line. */
    bool oom = false;
    if (!vg_store_insert_review(s, rec, t, rating, ms, &oom))
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    vg_store_remove_review(rec, t, rating);

    vg_buf line = VG_BUF_INIT;
    S_line_start(&line, "answer", rec->deck, rec->id);
    S_line_describe(&line, rec);
    S_line_review(&line, t, rating, ms);
    if ((st = S_journal(s, &line, rec, err)) != VG_OK)
        return st;
    vg_store_insert_review(s, rec, t, rating, ms, &oom); /* room was made above */
    S_set_state(rec, state);
    return VG_OK;
}

vg_status vg_store_undo(vg_store *s, vg_record *rec, vg_time t, int rating,
                        const vg_sched_card *state, vg_error *err)
{
    vg_status st = S_check_writable(s, err);
    if (st != VG_OK)
        return st;
    bool found = false;
    for (size_t i = 0; i < rec->nreviews && !found; i++)
        found = rec->reviews[i].t == t && rec->reviews[i].rating == rating;
    if (!found)
        return vg_error_set(err, VG_NOT_FOUND, NULL, 0, 0, "no such review to undo");
    vg_buf line = VG_BUF_INIT;
    S_line_start(&line, "undo", rec->deck, rec->id);
    S_line_review(&line, t, rating, VG_MS_NONE);
    if ((st = S_journal(s, &line, rec, err)) != VG_OK)
        return st;
    vg_store_remove_review(rec, t, rating);
    S_set_state(rec, state);
    vg_store_note_unnamed(s, rec);
    return VG_OK;
}

vg_status vg_store_suspend(vg_store *s, vg_record *rec, bool on, vg_error *err)
{
    vg_status st = S_check_writable(s, err);
    if (st != VG_OK || rec->suspended == on)
        return st;
    vg_buf line = VG_BUF_INIT;
    S_line_start(&line, on ? "suspend" : "unsuspend", rec->deck, rec->id);
    if (on)
        S_line_describe(&line, rec);
    if ((st = S_journal(s, &line, on ? rec : NULL, err)) != VG_OK)
        return st;
    rec->suspended = on;
    vg_store_note_unnamed(s, rec);
    return VG_OK;
}

vg_status vg_store_bury(vg_store *s, vg_record *rec, vg_time until, vg_error *err)
{
    if (until && (until < S_time_min || until > S_time_max))
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "bury time out of range");
    vg_status st = S_check_writable(s, err);
    if (st != VG_OK || rec->buried_until == until)
        return st;
    vg_buf line = VG_BUF_INIT;
    S_line_start(&line, until ? "bury" : "unbury", rec->deck, rec->id);
    if (until) {
        S_line_describe(&line, rec);
        vg_journal_put(&line, VG_JK_until, &until);
    }
    if ((st = S_journal(s, &line, until ? rec : NULL, err)) != VG_OK)
        return st;
    rec->buried_until = until;
    vg_store_note_unnamed(s, rec);
    return VG_OK;
}

bool vg_record_has_tag(const vg_record *rec, const char *tag)
{
    size_t len = strlen(tag);
    for (const char *p = rec->tags ? rec->tags : ""; *p;) {
        size_t n = strcspn(p, " ");
        if (n == len && memcmp(p, tag, len) == 0)
            return true;
        p += n + (p[n] == ' ');
    }
    return false;
}

vg_status vg_store_tag(vg_store *s, vg_record *rec, const char *tag, bool on, vg_error *err)
{
    size_t len = strlen(tag);
    if (!vg_tag_ok(tag, len))
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "'%s' is not a tag", tag);
    vg_status st = S_check_writable(s, err);
    if (st != VG_OK || vg_record_has_tag(rec, tag) == on)
        return st;
    const char *tags;
    if (vg_store_tags_change(s, rec->tags, tag, len, on, &tags) < 0)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    vg_buf line = VG_BUF_INIT;
    S_line_start(&line, on ? "tag" : "untag", rec->deck, rec->id);
    if (on)
        S_line_describe(&line, rec);
    vg_journal_put(&line, VG_JK_tag, tag);
    if ((st = S_journal(s, &line, on ? rec : NULL, err)) != VG_OK)
        return st;
    rec->tags = tags;
    vg_store_note_unnamed(s, rec);
    return VG_OK;
}

vg_status vg_store_forget(vg_store *s, vg_record *rec, vg_time t, vg_error *err)
{
    if (t < S_time_min || t > S_time_max)
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "reset time out of range");
    vg_status st = S_check_writable(s, err);
    if (st != VG_OK || t <= rec->reset_at)
        return st;
    vg_buf line = VG_BUF_INIT;
    S_line_start(&line, "forget", rec->deck, rec->id);
    S_line_describe(&line, rec);
    vg_journal_put(&line, VG_JK_t, &t);
    if ((st = S_journal(s, &line, rec, err)) != VG_OK)
        return st;
    rec->reset_at = t;
    rec->state_ok = false;
    vg_store_note_unnamed(s, rec);
    return VG_OK;
}

vg_status vg_store_relink(vg_store *s, vg_record *rec, const char *deck, const char *id,
                          const char *section, const char *front, vg_error *err)
{
    uint64_t key;
    if (!vg_store_id_key(id, strlen(id), &key))
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "bad card id '%s'", id);
    if (vg_store_find_key(s, deck, key))
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "card %s of deck '%s' has a record", id,
                            deck);
    const char *d = vg_store_intern(s, deck, strlen(deck));
    if (!d)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    vg_status st;
    if (s->journal_fd >= 0) {
        vg_buf line = VG_BUF_INIT;
        S_line_start(&line, "relink", deck, id);
        const char *sec = section ? section : rec->section, *fr = front ? front : rec->front;
        vg_journal_put(&line, VG_JK_from_deck, &rec->deck);
        vg_journal_put(&line, VG_JK_from, rec->id);
        vg_journal_put(&line, VG_JK_section, &sec);
        vg_journal_put(&line, VG_JK_front, &fr);
        /* A record only in memory would be unknown to the journal's reader: relinking it
         * there is a no-op, and its next line describes it under its new id. */
        if ((st = S_journal(s, &line, NULL, err)) != VG_OK)
            return st;
    }
    vg_store_rekey(s, rec, d, key);
    s->changed = true;
    vg_store_note_unnamed(s, rec);
    if (vg_store_describe(s, rec, section, front) != VG_OK)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    return VG_OK;
}
