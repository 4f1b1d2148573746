/* The study screen's model over the core's session; see vgrev/study.h. */
#include "vgrev/study.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct vg_study {
    vg_session *session;
    const vg_session_card *cur; /* the card shown */
    int64_t wake;               /* when current() found nothing: the next learning card */
    vg_store *store;            /* borrowed; NULL in cram */
    vg_error save_err;          /* why the last compaction failed */
    bool save_told, save_new;   /* told once per run of failing saves */
    bool idle_due;              /* an answer since the last vg_study_idle */
};

vg_status vg_study_new(const vg_session_deck *decks, size_t ndecks, vg_store *store,
                       const vg_sched *sched, const vg_session_opts *opts, bool cram,
                       vg_study **out, vg_error *err)
{
    *out = NULL;
    vg_study *m = calloc(1, sizeof *m);
    if (!m)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    vg_session_opts o = *opts;
    o.cram = o.cram || cram;
    vg_status st = vg_session_open(decks, ndecks, store, sched, &o, &m->session, err);
    if (st != VG_OK) {
        free(m);
        return st;
    }
    m->store = o.cram ? NULL : store;
    /* A large journal (a session that crashed) is folded in the background, so the next
     * start does not replay it again; this session's end writes the snapshot anyway. */
    if (m->store && vg_store_wants_save(store) &&
        vg_store_save_background(store, &m->save_err) != VG_OK) {
        m->save_new = true;
        m->save_told = true;
    }
    *out = m;
    return VG_OK;
}

void vg_study_free(vg_study *m)
{
    if (!m)
        return;
    vg_session_free(m->session);
    free(m);
}

vg_status vg_study_save(vg_study *m, vg_error *err)
{
    return vg_session_save(m->session, err);
}

void vg_study_count(vg_study *m, int64_t now, vg_study_counts *out)
{
    memset(out, 0, sizeof *out);
    out->cram = vg_session_cram(m->session);
    out->cram_left = vg_session_cram_left(m->session);
    vg_session_remaining(m->session, now, &out->new_cards, &out->learning, &out->due);
}

void vg_study_limits(vg_study *m, vg_study_report *r)
{
    vg_session_held_back(m->session, r->end, &r->held);
    vg_days d = vg_session_days(vg_session_options(m->session));
    r->end_offset = vg_days_offset(&d, r->end);
    r->next_offset = r->next_due ? vg_days_offset(&d, r->next_due) : r->end_offset;
}

bool vg_study_current(vg_study *m, int64_t now, vg_study_card *out)
{
    vg_time wake = 0;
    m->cur = vg_session_next(m->session, now, &wake);
    m->wake = m->cur ? 0 : wake;
    if (!m->cur)
        return false;
    vg_sched_card st;
    vg_session_card_state(m->session, m->cur, &st);
    out->deck = vg_session_deck_at(m->session, m->cur->deck);
    out->deck_index = m->cur->deck;
    out->card = m->cur->card;
    out->state = st.state;
    out->lapses = st.lapses;
    out->leech = vg_session_is_leech(m->session, m->cur);
    return true;
}

int64_t vg_study_next_wait(const vg_study *m)
{
    return m->wake;
}

void vg_study_ahead(vg_study *m, int64_t now)
{
    m->cur = vg_session_ahead(m->session, now);
}

void vg_study_intervals(const vg_study *m, int64_t now, int64_t out[4])
{
    if (m->cur) {
        vg_session_intervals(m->session, m->cur, now, out);
        return;
    }
    for (int i = 0; i < 4; i++)
        out[i] = -1;
}

static vg_status S_no_card(vg_error *err)
{
    return vg_error_set(err, VG_USAGE, NULL, 0, 0, "no card is shown");
}

vg_status vg_study_answer(vg_study *m, int rating, int64_t now, bool *leech, vg_error *err)
{
    return vg_study_answer_ms(m, rating, VG_MS_NONE, now, leech, err);
}

vg_status vg_study_answer_ms(vg_study *m, int rating, int32_t ms, int64_t now, bool *leech,
                             vg_error *err)
{
    *leech = false;
    if (!m->cur)
        return S_no_card(err);
    vg_status st = vg_session_answer_ms(m->session, m->cur, rating, ms, now, err);
    if (st != VG_OK)
        return st;
    vg_session_action last;
    *leech = vg_session_last(m->session, &last) && last.leech;
    m->cur = NULL;
    m->idle_due = true;
    return VG_OK;
}

bool vg_study_idle(vg_study *m)
{
    if (!m->idle_due)
        return false;
    m->idle_due = false;
    /* A snapshot that cannot be written is tried again when the journal has doubled (the store
     * backs off) and when the session ends; the first failure is told at once. */
    vg_error save_err;
    vg_error_clear(&save_err);
    if (vg_session_idle(m->session, &save_err) != VG_OK) {
        if (!m->save_told) {
            m->save_err = save_err;
            m->save_new = true;
            m->save_told = true;
        }
    } else if (m->store && !vg_store_save_failing(m->store)) {
        m->save_told = false;
    }
    return m->save_new;
}

bool vg_study_save_warning(vg_study *m, vg_error *out)
{
    if (!m->save_new)
        return false;
    m->save_new = false;
    *out = m->save_err;
    return true;
}

vg_status vg_study_bury(vg_study *m, int64_t now, vg_error *err)
{
    if (!m->cur)
        return S_no_card(err);
    vg_status st = vg_session_bury(m->session, m->cur, now, err);
    if (st == VG_OK)
        m->cur = NULL;
    return st;
}

vg_status vg_study_suspend(vg_study *m, vg_error *err)
{
    if (!m->cur)
        return S_no_card(err);
    vg_status st = vg_session_suspend(m->session, m->cur, true, err);
    if (st == VG_OK)
        m->cur = NULL;
    return st;
}

vg_status vg_study_undo(vg_study *m, vg_study_undone *what, int *rating, vg_error *err)
{
    vg_session_action a;
    vg_status st = vg_session_undo(m->session, &a, err);
    if (st != VG_OK)
        return st;
    *what = a.kind == VG_ACTION_ANSWER ? VG_STUDY_UNDID_ANSWER
            : a.kind == VG_ACTION_BURY ? VG_STUDY_UNDID_BURY
                                       : VG_STUDY_UNDID_SUSPEND;
    *rating = a.rating;
    m->cur = NULL;
    return VG_OK;
}

size_t vg_study_undo_depth(const vg_study *m)
{
    return vg_session_undo_depth(m->session);
}

void vg_study_summary(const vg_study *m, vg_session_summary *out)
{
    vg_session_summarize(m->session, out);
}

int64_t vg_study_next_due(vg_study *m, int64_t now)
{
    return vg_session_next_due(m->session, now);
}

vg_status vg_study_replace_deck(vg_study *m, size_t index, const vg_deck *deck, int64_t now,
                                vg_error *err)
{
    m->cur = NULL; /* the session's card pointers go with the old deck */
    return vg_session_rebind(m->session, index, deck, now, err);
}
