/* TEMPORARY stand-in for the core's session (see study_model.h): every card starts new, the
 * real scheduler moves it, and nothing is saved. Replaced when include/vgrev/session.h lands. */
#include "ui/study_model.h"

#include "vgrev/sched.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { S_NEW, S_LEARN, S_DONE, S_BURIED, S_SUSPENDED };
enum { S_LEECH_LAPSES = 8, S_UNDO_MAX = 64 };

typedef struct S_item {
    size_t deck, card;
    int state;
    vg_sched_card sc;
} S_item;

typedef struct S_undo {
    size_t item;
    S_item before;
    size_t answered;
} S_undo;

struct study_model {
    vg_sched sched;
    vg_deck **decks;
    size_t ndecks;
    S_item *items;
    size_t nitems;
    size_t cur; /* index of the card shown, or nitems */
    size_t answered;
    S_undo undo[S_UNDO_MAX];
    size_t nundo;
};

vg_status study_model_new(vg_deck *const *decks, size_t ndecks, const study_model_opts *opts,
                          int64_t now, study_model **out, vg_error *err)
{
    (void)now;
    *out = NULL;
    study_model *m = calloc(1, sizeof *m);
    size_t total = 0;
    for (size_t d = 0; d < ndecks; d++)
        total += decks[d]->ncards;
    if (m) {
        m->decks = malloc((ndecks ? ndecks : 1) * sizeof(vg_deck *));
        m->items = malloc((total ? total : 1) * sizeof *m->items);
    }
    if (!m || !m->decks || !m->items) {
        study_model_free(m);
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    }
    vg_sched_params params;
    vg_sched_params_default(&params);
    if (opts && opts->sm2)
        params.kind = VG_SCHED_SM2;
    if (vg_sched_init(&m->sched, &params, err) != VG_OK) {
        study_model_free(m);
        return err ? err->status : VG_INVALID;
    }
    memcpy(m->decks, decks, ndecks * sizeof(vg_deck *));
    m->ndecks = ndecks;
    size_t limit = opts && opts->new_limit ? opts->new_limit : 20;
    for (size_t d = 0; d < ndecks; d++) {
        for (size_t c = 0; c < decks[d]->ncards && m->nitems < limit; c++) {
            const vg_section *sec = &decks[d]->sections[decks[d]->cards[c].section];
            if (opts && opts->section && !strstr(sec->title, opts->section))
                continue;
            S_item *it = &m->items[m->nitems++];
            it->deck = d;
            it->card = c;
            it->state = S_NEW;
            vg_sched_card_init(&it->sc, decks[d]->cards[c].id, VG_CARD_ID_LEN);
        }
    }
    m->cur = m->nitems;
    *out = m;
    return VG_OK;
}

void study_model_free(study_model *m)
{
    if (!m)
        return;
    free(m->decks);
    free(m->items);
    free(m);
}

void study_model_counts(const study_model *m, study_counts *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < m->nitems; i++) {
        if (m->items[i].state == S_NEW)
            out->new_cards++;
        else if (m->items[i].state == S_LEARN)
            out->learning++;
    }
    out->answered = m->answered;
}

/* Learning cards that are due come first, then new ones in deck order. */
static size_t S_pick(const study_model *m, int64_t now)
{
    size_t best = m->nitems;
    for (size_t i = 0; i < m->nitems; i++) {
        const S_item *it = &m->items[i];
        if (it->state == S_LEARN && it->sc.due <= now &&
            (best == m->nitems || it->sc.due < m->items[best].sc.due))
            best = i;
    }
    if (best < m->nitems)
        return best;
    for (size_t i = 0; i < m->nitems; i++)
        if (m->items[i].state == S_NEW)
            return i;
    return m->nitems;
}

bool study_model_current(study_model *m, int64_t now, study_card *out)
{
    if (m->cur >= m->nitems || m->items[m->cur].state > S_LEARN ||
        (m->items[m->cur].state == S_LEARN && m->items[m->cur].sc.due > now))
        m->cur = S_pick(m, now);
    if (m->cur >= m->nitems)
        return false;
    const S_item *it = &m->items[m->cur];
    out->deck = m->decks[it->deck];
    out->deck_index = it->deck;
    out->card = &m->decks[it->deck]->cards[it->card];
    out->is_new = it->state == S_NEW;
    return true;
}

int64_t study_model_next_wait(const study_model *m)
{
    int64_t next = 0;
    for (size_t i = 0; i < m->nitems; i++)
        if (m->items[i].state == S_LEARN && (next == 0 || m->items[i].sc.due < next))
            next = m->items[i].sc.due;
    return next;
}

void study_model_ahead(study_model *m, int64_t now)
{
    size_t best = m->nitems;
    for (size_t i = 0; i < m->nitems; i++)
        if (m->items[i].state == S_LEARN &&
            (best == m->nitems || m->items[i].sc.due < m->items[best].sc.due))
            best = i;
    if (best < m->nitems) {
        m->items[best].sc.due = now;
        m->cur = best;
    }
}

void study_model_intervals(const study_model *m, int64_t now, int64_t out[4])
{
    memset(out, 0, 4 * sizeof *out);
    if (m->cur >= m->nitems)
        return;
    vg_sched_card next[4];
    vg_sched_preview(&m->sched, &m->items[m->cur].sc, now, next);
    for (int i = 0; i < 4; i++)
        out[i] = next[i].due - now;
}

static void S_push_undo(study_model *m)
{
    if (m->nundo == S_UNDO_MAX) {
        memmove(m->undo, m->undo + 1, (S_UNDO_MAX - 1) * sizeof *m->undo);
        m->nundo--;
    }
    m->undo[m->nundo++] = (S_undo){m->cur, m->items[m->cur], m->answered};
}

vg_status study_model_answer(study_model *m, int rating, int64_t now, bool *leech, vg_error *err)
{
    *leech = false;
    if (m->cur >= m->nitems || rating < 1 || rating > 4)
        return vg_error_set(err, VG_USAGE, NULL, 0, 0, "no card to answer");
    S_push_undo(m);
    S_item *it = &m->items[m->cur];
    int32_t lapses = it->sc.lapses;
    vg_sched_next(&m->sched, &it->sc, (vg_rating)rating, now, &it->sc);
    if (it->sc.lapses > lapses && it->sc.lapses >= S_LEECH_LAPSES) {
        it->state = S_SUSPENDED;
        *leech = true;
    } else if (it->sc.due - now < VG_TIME_DAY) {
        it->state = S_LEARN; /* back in this session */
    } else {
        it->state = S_DONE;
    }
    m->answered++;
    m->cur = m->nitems;
    return VG_OK;
}

vg_status study_model_bury(study_model *m, int64_t now, vg_error *err)
{
    (void)now;
    if (m->cur >= m->nitems)
        return vg_error_set(err, VG_USAGE, NULL, 0, 0, "no card to bury");
    S_push_undo(m);
    m->items[m->cur].state = S_BURIED;
    m->cur = m->nitems;
    return VG_OK;
}

vg_status study_model_suspend(study_model *m, vg_error *err)
{
    if (m->cur >= m->nitems)
        return vg_error_set(err, VG_USAGE, NULL, 0, 0, "no card to suspend");
    S_push_undo(m);
    m->items[m->cur].state = S_SUSPENDED;
    m->cur = m->nitems;
    return VG_OK;
}

bool study_model_undo(study_model *m, vg_error *err)
{
    (void)err;
    if (m->nundo == 0)
        return false;
    S_undo *u = &m->undo[--m->nundo];
    m->items[u->item] = u->before;
    m->answered = u->answered;
    m->cur = u->item;
    if (m->items[u->item].state == S_LEARN)
        m->items[u->item].sc.due = 0; /* it was being shown: due then */
    return true;
}

int64_t study_model_next_due(const study_model *m, int64_t now)
{
    int64_t next = 0;
    for (size_t i = 0; i < m->nitems; i++) {
        const S_item *it = &m->items[i];
        int64_t due = it->state == S_NEW      ? now
                      : it->state == S_BURIED ? now + VG_TIME_DAY
                                              : it->sc.due;
        if (it->state == S_SUSPENDED)
            continue;
        if (next == 0 || due < next)
            next = due;
    }
    return next;
}

vg_status study_model_replace_deck(study_model *m, size_t index, vg_deck *deck, vg_error *err)
{
    (void)err;
    const vg_deck *old = m->decks[index];
    size_t keep = 0, cur = SIZE_MAX;
    for (size_t i = 0; i < m->nitems; i++) {
        S_item it = m->items[i];
        if (it.deck == index) {
            const vg_card *c = vg_deck_find(deck, old->cards[it.card].id);
            if (!c)
                continue;
            it.card = (size_t)(c - deck->cards);
        }
        if (i == m->cur)
            cur = keep;
        m->items[keep++] = it;
    }
    m->cur = cur == SIZE_MAX ? keep : cur;
    m->nitems = keep;
    m->nundo = 0; /* undo records point at the old cards */
    m->decks[index] = deck;
    return VG_OK;
}
