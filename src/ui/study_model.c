/* The study screen's model over the core's session; see study_model.h. */
#include "ui/study_model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum S_kind { S_ANSWER, S_BURY, S_SUSPEND } S_kind;

/* One thing done, for undo. */
typedef struct S_undo {
    S_kind kind;
    int rating;
    bool leech;                  /* the answer suspended the card as a leech */
    const vg_session_card *card; /* session mode */
    size_t cram_pos;             /* cram: where the list stood before */
    bool cram_appended;          /* cram: Again put the card at the end */
} S_undo;

/* A card of the cram list. */
typedef struct S_pick {
    size_t deck, card;
} S_pick;

struct study_model {
    vg_session_deck *decks;
    size_t ndecks;
    vg_store *store;
    const vg_sched *sched;
    vg_session_opts opts;
    bool cram;

    vg_session *session;
    const vg_session_card *cur; /* the card shown (session mode) */
    int64_t wake;               /* when current() found nothing: the next learning card */
    bool ahead;                 /* study_model_ahead asked for that card now */

    S_pick *list; /* cram */
    size_t nlist, cap_list, pos;

    S_undo *undo;
    size_t nundo, cap_undo;
};

/* ---- the cram list --------------------------------------------------------------------- */

static bool S_list_push(study_model *m, S_pick p)
{
    if (m->nlist == m->cap_list) {
        size_t cap = m->cap_list ? 2 * m->cap_list : 64;
        S_pick *l = realloc(m->list, cap * sizeof *l);
        if (!l)
            return false;
        m->list = l;
        m->cap_list = cap;
    }
    m->list[m->nlist++] = p;
    return true;
}

static bool S_included(const study_model *m, size_t d, const vg_card *card)
{
    return !m->opts.include || m->opts.include(d, card, m->opts.include_ctx);
}

static vg_status S_cram_build(study_model *m, vg_error *err)
{
    m->nlist = m->pos = 0;
    for (size_t d = 0; d < m->ndecks; d++) {
        const vg_deck *deck = m->decks[d].deck;
        for (size_t c = 0; c < deck->ncards; c++)
            if (S_included(m, d, &deck->cards[c]) && !S_list_push(m, (S_pick){d, c}))
                return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    }
    return VG_OK;
}

/* ---- open and close -------------------------------------------------------------------- */

vg_status study_model_new(const vg_session_deck *decks, size_t ndecks, vg_store *store,
                          const vg_sched *sched, const vg_session_opts *opts, bool cram,
                          study_model **out, vg_error *err)
{
    *out = NULL;
    study_model *m = calloc(1, sizeof *m);
    if (!m || !(m->decks = malloc((ndecks ? ndecks : 1) * sizeof *m->decks))) {
        free(m);
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    }
    memcpy(m->decks, decks, ndecks * sizeof *m->decks);
    m->ndecks = ndecks;
    m->store = store;
    m->sched = sched;
    m->opts = *opts;
    m->cram = cram;
    vg_status st = cram ? S_cram_build(m, err)
                        : vg_session_open(m->decks, ndecks, store, sched, opts, &m->session, err);
    if (st != VG_OK) {
        study_model_free(m);
        return st;
    }
    *out = m;
    return VG_OK;
}

void study_model_free(study_model *m)
{
    if (!m)
        return;
    vg_session_free(m->session);
    free(m->decks);
    free(m->list);
    free(m->undo);
    free(m);
}

vg_status study_model_save(study_model *m, vg_error *err)
{
    return m->session ? vg_session_save(m->session, err) : VG_OK;
}

/* ---- what to show ---------------------------------------------------------------------- */

void study_model_counts(study_model *m, int64_t now, study_counts *out)
{
    memset(out, 0, sizeof *out);
    out->cram = m->cram;
    if (m->cram)
        out->cram_left = m->nlist - m->pos;
    else if (m->session)
        vg_session_remaining(m->session, now, &out->new_cards, &out->learning, &out->due);
}

static void S_fill(const study_model *m, size_t d, const vg_card *card, study_card *out)
{
    out->deck = m->decks[d].deck;
    out->deck_index = d;
    out->card = card;
    out->state = VG_CARD_NEW;
    out->lapses = 0;
}

bool study_model_current(study_model *m, int64_t now, study_card *out)
{
    if (m->cram) {
        if (m->pos >= m->nlist)
            return false;
        const S_pick *p = &m->list[m->pos];
        S_fill(m, p->deck, &m->decks[p->deck].deck->cards[p->card], out);
        return true;
    }
    vg_time wake = 0;
    vg_time t = m->ahead && m->wake > now ? m->wake : now;
    m->cur = m->session ? vg_session_next(m->session, t, &wake) : NULL;
    if (!m->cur) {
        m->wake = wake;
        m->ahead = false;
        return false;
    }
    S_fill(m, m->cur->deck, m->cur->card, out);
    vg_sched_card st;
    vg_session_card_state(m->session, m->cur, &st);
    out->state = st.state;
    out->lapses = st.lapses;
    return true;
}

int64_t study_model_next_wait(const study_model *m)
{
    return m->cram ? 0 : m->wake;
}

void study_model_ahead(study_model *m)
{
    m->ahead = m->wake != 0;
}

void study_model_intervals(const study_model *m, int64_t now, int64_t out[4])
{
    for (int i = 0; i < 4; i++)
        out[i] = -1;
    if (m->cram || !m->cur)
        return;
    vg_sched_card st, next[4];
    vg_session_card_state(m->session, m->cur, &st);
    vg_sched_preview(m->sched, &st, now, next);
    for (int i = 0; i < 4; i++)
        out[i] = next[i].due - now;
}

/* ---- actions --------------------------------------------------------------------------- */

static S_undo *S_push_undo(study_model *m, S_kind kind, vg_error *err)
{
    if (m->nundo == m->cap_undo) {
        size_t cap = m->cap_undo ? 2 * m->cap_undo : 64;
        S_undo *u = realloc(m->undo, cap * sizeof *u);
        if (!u) {
            vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
            return NULL;
        }
        m->undo = u;
        m->cap_undo = cap;
    }
    S_undo *u = &m->undo[m->nundo++];
    memset(u, 0, sizeof *u);
    u->kind = kind;
    u->card = m->cur;
    u->cram_pos = m->pos;
    return u;
}

static vg_status S_no_card(vg_error *err)
{
    return vg_error_set(err, VG_USAGE, NULL, 0, 0, "no card is shown");
}

vg_status study_model_answer(study_model *m, int rating, int64_t now, bool *leech, vg_error *err)
{
    *leech = false;
    if (m->cram) {
        if (m->pos >= m->nlist)
            return S_no_card(err);
        S_undo *u = S_push_undo(m, S_ANSWER, err);
        if (!u)
            return VG_NOMEM;
        u->rating = rating;
        /* Again: once more at the end of the list. */
        if (rating == VG_AGAIN) {
            if (!S_list_push(m, m->list[m->pos])) {
                m->nundo--;
                return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
            }
            u->cram_appended = true;
        }
        m->pos++;
        return VG_OK;
    }
    if (!m->cur)
        return S_no_card(err);
    S_undo *u = S_push_undo(m, S_ANSWER, err);
    if (!u)
        return VG_NOMEM;
    u->rating = rating;
    vg_sched_card before, after;
    vg_session_card_state(m->session, m->cur, &before);
    vg_status st = vg_session_answer(m->session, m->cur, rating, now, err);
    if (st != VG_OK) {
        m->nundo--;
        return st;
    }
    vg_session_card_state(m->session, m->cur, &after);
    if (after.lapses > before.lapses && after.lapses >= STUDY_LEECH_LAPSES) {
        /* A leech: the answer stays even if suspending fails (it is already durable). */
        if (vg_session_suspend(m->session, m->cur, true, err) != VG_OK)
            return VG_IO;
        u->leech = true;
        *leech = true;
    }
    m->cur = NULL;
    m->ahead = false;
    /* Compaction, when the journal has grown past its bound: a quiet moment. */
    return vg_session_idle(m->session, err);
}

vg_status study_model_bury(study_model *m, int64_t now, vg_error *err)
{
    if (m->cram) {
        if (m->pos >= m->nlist)
            return S_no_card(err);
        if (!S_push_undo(m, S_BURY, err))
            return VG_NOMEM;
        m->pos++;
        return VG_OK;
    }
    if (!m->cur)
        return S_no_card(err);
    if (!S_push_undo(m, S_BURY, err))
        return VG_NOMEM;
    vg_status st = vg_session_bury(m->session, m->cur, now, err);
    if (st != VG_OK) {
        m->nundo--;
        return st;
    }
    m->cur = NULL;
    m->ahead = false;
    return VG_OK;
}

vg_status study_model_suspend(study_model *m, vg_error *err)
{
    if (m->cram) {
        if (m->pos >= m->nlist)
            return S_no_card(err);
        if (!S_push_undo(m, S_SUSPEND, err))
            return VG_NOMEM;
        m->pos++;
        return VG_OK;
    }
    if (!m->cur)
        return S_no_card(err);
    if (!S_push_undo(m, S_SUSPEND, err))
        return VG_NOMEM;
    vg_status st = vg_session_suspend(m->session, m->cur, true, err);
    if (st != VG_OK) {
        m->nundo--;
        return st;
    }
    m->cur = NULL;
    m->ahead = false;
    return VG_OK;
}

vg_status study_model_undo(study_model *m, study_undone *what, int *rating, vg_error *err)
{
    if (m->nundo == 0)
        return vg_error_set(err, VG_NOT_FOUND, NULL, 0, 0, "nothing to undo");
    const S_undo *u = &m->undo[m->nundo - 1];
    *what = u->kind == S_ANSWER ? STUDY_UNDID_ANSWER
            : u->kind == S_BURY ? STUDY_UNDID_BURY
                                : STUDY_UNDID_SUSPEND;
    *rating = u->rating;
    if (m->cram) {
        m->pos = u->cram_pos;
        if (u->cram_appended)
            m->nlist--;
        m->nundo--;
        return VG_OK;
    }
    vg_status st = VG_OK;
    vg_record *rec = u->card->rec;
    switch (u->kind) {
    case S_ANSWER:
        if (u->leech)
            st = vg_session_suspend(m->session, u->card, false, err);
        if (st == VG_OK)
            st = vg_session_undo(m->session, NULL, err);
        break;
    case S_BURY:
        /* The session has no unbury: clear the bury in the store, then let the session place
         * the card again (unsuspending a card that is not suspended only does that). */
        st = rec ? vg_store_bury(m->store, rec, 0, err) : VG_OK;
        if (st == VG_OK)
            st = vg_session_suspend(m->session, u->card, false, err);
        break;
    case S_SUSPEND:
        st = vg_session_suspend(m->session, u->card, false, err);
        break;
    }
    if (st != VG_OK)
        return st;
    m->nundo--;
    m->cur = NULL;
    m->ahead = false;
    return VG_OK;
}

/* ---- the end of a session -------------------------------------------------------------- */

int64_t study_model_next_due(study_model *m, int64_t now)
{
    if (m->cram || !m->session)
        return 0;
    study_counts c;
    study_model_counts(m, now, &c);
    if (c.new_cards + c.learning + c.due)
        return now;
    int64_t next = 0;
    int64_t tomorrow = vg_session_day_start(now, m->opts.utc_offset) + VG_TIME_DAY;
    for (size_t d = 0; d < m->ndecks; d++) {
        for (size_t i = 0; i < m->decks[d].deck->ncards; i++) {
            const vg_session_card *card = vg_session_card_at(m->session, d, i);
            if (!card || !S_included(m, d, card->card) || (card->rec && card->rec->suspended))
                continue;
            vg_sched_card st;
            vg_session_card_state(m->session, card, &st);
            int64_t due = st.state == VG_CARD_NEW ? tomorrow : st.due;
            if (card->rec && card->rec->buried_until > due)
                due = card->rec->buried_until;
            if (next == 0 || due < next)
                next = due;
        }
    }
    return next;
}

vg_status study_model_replace_deck(study_model *m, size_t index, const vg_deck *deck, int64_t now,
                                   vg_error *err)
{
    const vg_deck *old = m->decks[index].deck;
    if (m->cram) {
        /* Keep the place: the cards still to show, found again by id. */
        size_t keep = 0, pos = m->pos;
        for (size_t i = 0; i < m->nlist; i++) {
            S_pick p = m->list[i];
            if (p.deck == index) {
                const vg_card *c = vg_deck_find(deck, old->cards[p.card].id);
                if (!c) {
                    pos -= i < m->pos;
                    continue;
                }
                p.card = (size_t)(c - deck->cards);
            }
            m->list[keep++] = p;
        }
        m->nlist = keep;
        m->pos = pos;
        m->nundo = 0;
        m->decks[index].deck = deck;
        return VG_OK;
    }
    /* Records remember their session's binding: the old session goes before the new one
     * binds them. Should the new one fail, the old deck gets a session again. */
    vg_session_free(m->session);
    m->session = NULL;
    m->cur = NULL;
    m->ahead = false;
    m->nundo = 0; /* the undo history went with the old session */
    vg_session_opts opts = m->opts;
    opts.now = now;
    m->decks[index].deck = deck;
    vg_status st =
        vg_session_open(m->decks, m->ndecks, m->store, m->sched, &opts, &m->session, err);
    if (st != VG_OK) {
        m->decks[index].deck = old;
        vg_error ignored;
        if (vg_session_open(m->decks, m->ndecks, m->store, m->sched, &opts, &m->session,
                            &ignored) != VG_OK)
            m->session = NULL;
    }
    return st;
}
