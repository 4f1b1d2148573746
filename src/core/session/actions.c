/* What a study screen does to a session: answer (a leech suspended in the same step), bury,
 * suspend, and undo of any of them, in the reverse order they were done. Each change to the
 * progress is one journal line (two for a leech), synced before the call returns; an undo
 * writes the lines that put the record back as it was. Cram writes nothing and only moves
 * along its list. Every call here costs O(log n): no walk over the cards. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "session/session_int.h"

static vg_status S_not_ours(vg_error *err)
{
    return vg_error_set(err, VG_INVALID, NULL, 0, 0, "not a card of this session");
}

/* The item's record, created (in memory) when the card has none yet. */
static vg_record *S_record(vg_session *s, vg_item *it)
{
    if (it->pub.rec)
        return it->pub.rec;
    const vg_deck *deck = s->decks[it->pub.deck].deck;
    vg_record *r =
        vg_store_add(s->store, s->decks[it->pub.deck].name, it->pub.card->id,
                     deck->sections[it->pub.card->section].title, it->pub.card->front_src);
    if (!r || !vg_session_bind(s, r, it))
        return NULL;
    it->pub.rec = r;
    return r;
}

/* Room for one more undo step (so nothing can fail after the journal has a change). */
static vg_undo *S_step(vg_session *s, vg_error *err)
{
    if (!VG_GROW(s->undo, s->capundo, s->nundo + 1)) {
        vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
        return NULL;
    }
    vg_undo *u = &s->undo[s->nundo];
    memset(u, 0, sizeof *u);
    return u;
}

/* An undo step for item it, and its record (made when the card has none yet); NULL (err set)
 * when out of memory. */
static vg_record *S_begin(vg_session *s, vg_item *it, vg_undo **u, vg_error *err)
{
    *u = S_step(s, err);
    if (!*u)
        return NULL;
    vg_record *r = S_record(s, it);
    if (!r)
        vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    return r;
}

/* The end of step u, once its change is in the journal: it goes on the undo stack, the card
 * leaves the front when leaves_front, and the card is placed in the queue by its class at
 * time at. */
static vg_status S_done(vg_session *s, const vg_undo *u, bool leaves_front, vg_time at,
                        vg_error *err)
{
    s->nundo++;
    if (leaves_front && s->front == u->item)
        s->front = SIZE_MAX;
    if (!vg_session_place(s, u->item, at))
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    return VG_OK;
}

static void S_count_answer(vg_session *s, vg_item *it, int rating, int sign)
{
    if (sign > 0) {
        s->done.answers++;
        s->done.again += rating == VG_AGAIN;
        s->done.cards += it->answered++ == 0;
    } else {
        s->done.answers--;
        s->done.again -= rating == VG_AGAIN;
        s->done.cards -= --it->answered == 0;
    }
}

/* ---- cram: a list, no progress ---- */

static vg_status S_cram_act(vg_session *s, vg_item *it, vg_action_kind kind, int rating,
                            vg_error *err)
{
    if (s->cram_pos >= s->ncram || &s->items[s->cram[s->cram_pos]] != it)
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "cram: only the card shown can be %s",
                            kind == VG_ACTION_ANSWER ? "answered" : "set aside");
    vg_undo *u = S_step(s, err);
    if (!u)
        return VG_NOMEM;
    u->kind = (unsigned char)kind;
    u->item = (size_t)(it - s->items);
    u->rating = rating;
    u->cram_pos = s->cram_pos;
    /* Again: once more at the end of the list. */
    if (kind == VG_ACTION_ANSWER && rating == VG_AGAIN) {
        if (!vg_session_cram_push(s, u->item))
            return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
        u->cram_appended = true;
    }
    if (kind == VG_ACTION_ANSWER)
        S_count_answer(s, it, rating, +1);
    s->cram_pos++;
    s->nundo++;
    return VG_OK;
}

/* ---- answer, bury, suspend ---- */

/* Buries the siblings of item it (the cards of its note: neighbours in the deck with the same
 * vg_card.note) that would come today, new or due, each as a step of its own marked sibling:
 * undo takes them back with the answer under them. */
static vg_status S_bury_siblings(vg_session *s, vg_item *it, vg_time now, vg_error *err)
{
    size_t deck = it->pub.deck, at = (size_t)(it - s->items);
    size_t lo = s->first[deck], hi = s->first[deck + 1];
    size_t a = at, b = at + 1;
    while (a > lo && s->items[a - 1].pub.card->note == it->pub.card->note)
        a--;
    while (b < hi && s->items[b].pub.card->note == it->pub.card->note)
        b++;
    for (size_t i = a; i < b; i++) {
        vg_item *sib = &s->items[i];
        if (i == at ||
            (sib->pub.rec && (sib->pub.rec->suspended || sib->pub.rec->buried_until >= s->day_end)))
            continue;
        vg_sched_card st;
        vg_session_state(s, sib, &st);
        if (st.state != VG_CARD_NEW && st.due >= s->day_end)
            continue;
        vg_undo *u;
        vg_record *r = S_begin(s, sib, &u, err);
        if (!r)
            return VG_NOMEM;
        vg_time prev = r->buried_until;
        vg_status bs = vg_store_bury(s->store, r, s->day_end, err);
        if (bs != VG_OK)
            return bs;
        u->kind = VG_ACTION_BURY;
        u->item = i;
        u->t = now;
        u->prev_buried = prev;
        u->sibling = true;
        if ((bs = S_done(s, u, true, now, err)) != VG_OK)
            return bs;
    }
    return VG_OK;
}

vg_status vg_session_answer(vg_session *s, const vg_session_card *card, int rating, vg_time now,
                            vg_error *err)
{
    return vg_session_answer_ms(s, card, rating, VG_MS_NONE, now, err);
}

vg_status vg_session_answer_ms(vg_session *s, const vg_session_card *card, int rating, int32_t ms,
                               vg_time now, vg_error *err)
{
    vg_item *it = vg_session_item(s, card);
    if (!it)
        return S_not_ours(err);
    if (rating < VG_AGAIN || rating > VG_EASY)
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "rating %d is not 1..4", rating);
    if (s->opts.cram)
        return S_cram_act(s, it, VG_ACTION_ANSWER, rating, err);
    vg_session_roll(s, now);
    vg_undo *u;
    vg_record *r = S_begin(s, it, &u, err);
    if (!r)
        return VG_NOMEM;
    vg_sched_card prev, next;
    vg_session_state(s, it, &prev);
    /* One review per second per card, in order: the log stays sorted and every review is its
     * own (merging treats the same time and rating as one review). */
    vg_time t = now;
    if (r->nreviews && t <= r->reviews[r->nreviews - 1].t)
        t = r->reviews[r->nreviews - 1].t + 1;
    vg_sched_next(s->sched, &prev, (vg_rating)rating, t, &next);
    bool first = r->nreviews == 0;
    bool seen_today = !first && r->reviews[r->nreviews - 1].t >= s->day_start;
    vg_status st = vg_store_answer_ms(s->store, r, t, rating, ms, &next, err);
    if (st != VG_OK)
        return st;
    u->kind = VG_ACTION_ANSWER;
    u->item = (size_t)(it - s->items);
    u->t = t;
    u->day = s->day_start;
    u->rating = rating;
    u->prev = prev;
    u->counted_new = first && it->included;
    u->counted_review = !first && !seen_today && it->included;
    /* A leech: this lapse is the leech_lapses-th, or one every half threshold after it. It
     * gets the leech tag (Anki's) and, unless leech_action is tag, is suspended. The answer is
     * durable already; when these cannot be written, the card stays as it was and the answer
     * alone is the undo step. */
    if (next.lapses > prev.lapses && vg_session_leech_at(s->opts.leech_lapses, next.lapses)) {
        vg_error ignored;
        if (!vg_record_has_tag(r, VG_SESSION_LEECH_TAG))
            u->leech_tagged =
                vg_store_tag(s->store, r, VG_SESSION_LEECH_TAG, true, &ignored) == VG_OK;
        if (!s->opts.leech_tag && !r->suspended)
            u->leech = vg_store_suspend(s->store, r, true, &ignored) == VG_OK;
    }
    s->new_today += u->counted_new;
    s->reviews_today += u->counted_review;
    s->done.new_cards += u->counted_new;
    S_count_answer(s, it, rating, +1);
    st = S_done(s, u, true, now, err);
    return st == VG_OK && s->opts.bury_siblings ? S_bury_siblings(s, it, now, err) : st;
}

vg_status vg_session_bury(vg_session *s, const vg_session_card *card, vg_time now, vg_error *err)
{
    vg_item *it = vg_session_item(s, card);
    if (!it)
        return S_not_ours(err);
    if (s->opts.cram)
        return S_cram_act(s, it, VG_ACTION_BURY, 0, err);
    vg_session_roll(s, now);
    vg_undo *u;
    vg_record *r = S_begin(s, it, &u, err);
    if (!r)
        return VG_NOMEM;
    vg_time prev = r->buried_until;
    if (prev >= s->day_end)
        return VG_OK; /* buried already */
    vg_status st = vg_store_bury(s->store, r, s->day_end, err);
    if (st != VG_OK)
        return st;
    u->kind = VG_ACTION_BURY;
    u->item = (size_t)(it - s->items);
    u->t = now;
    u->prev_buried = prev;
    return S_done(s, u, true, now, err);
}

vg_status vg_session_forget(vg_session *s, const vg_session_card *card, vg_time now, vg_error *err)
{
    vg_item *it = vg_session_item(s, card);
    if (!it)
        return S_not_ours(err);
    vg_record *r = it->pub.rec;
    if (s->opts.cram || !r || !r->nreviews)
        return VG_OK; /* New already */
    vg_time t = now;
    if (t < r->reviews[r->nreviews - 1].t) /* every review so far is forgotten */
        t = r->reviews[r->nreviews - 1].t;
    vg_status st = vg_store_forget(s->store, r, t, err);
    if (st != VG_OK)
        return st;
    vg_store_replay_record(s->sched, r);
    if (!vg_session_place(s, (size_t)(it - s->items), now))
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    return VG_OK;
}

vg_status vg_session_unbury(vg_session *s, const vg_session_card *card, vg_time now, vg_error *err)
{
    vg_item *it = vg_session_item(s, card);
    if (!it)
        return S_not_ours(err);
    vg_record *r = it->pub.rec;
    if (s->opts.cram || !r || r->buried_until <= now)
        return VG_OK;
    vg_status st = vg_store_bury(s->store, r, 0, err);
    if (st != VG_OK)
        return st;
    if (!vg_session_place(s, (size_t)(it - s->items), now))
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    return VG_OK;
}

vg_status vg_session_suspend(vg_session *s, const vg_session_card *card, bool on, vg_error *err)
{
    vg_item *it = vg_session_item(s, card);
    if (!it)
        return S_not_ours(err);
    if (s->opts.cram)
        return on ? S_cram_act(s, it, VG_ACTION_SUSPEND, 0, err) : VG_OK;
    if (it->pub.rec ? it->pub.rec->suspended == on : !on)
        return VG_OK; /* nothing changes: no undo step either */
    vg_undo *u;
    vg_record *r = S_begin(s, it, &u, err);
    if (!r)
        return VG_NOMEM;
    vg_status st = vg_store_suspend(s->store, r, on, err);
    if (st != VG_OK)
        return st;
    u->kind = (unsigned char)(on ? VG_ACTION_SUSPEND : VG_ACTION_UNSUSPEND);
    u->item = (size_t)(it - s->items);
    u->t = s->day_start;
    /* The class of a buried card depends on the time: use the day's start, which is before
     * any bury of this day ended. */
    return S_done(s, u, on, s->day_start, err);
}

/* ---- undo ---- */

static void S_action(const vg_session *s, const vg_undo *u, vg_session_action *out)
{
    out->kind = (vg_action_kind)u->kind;
    out->card = &s->items[u->item].pub;
    out->rating = u->rating;
    out->leech = u->leech;
}

bool vg_session_last(const vg_session *s, vg_session_action *out)
{
    size_t n = s->nundo;
    while (n > 1 && s->undo[n - 1].sibling) /* an answer's step: its siblings' buries on top */
        n--;
    if (!n)
        return false;
    if (out)
        S_action(s, &s->undo[n - 1], out);
    return true;
}

size_t vg_session_undo_depth(const vg_session *s)
{
    return s->nundo;
}

static vg_status S_cram_undo(vg_session *s, const vg_undo *u)
{
    s->cram_pos = u->cram_pos;
    if (u->cram_appended)
        s->ncram--;
    if (u->kind == VG_ACTION_ANSWER)
        S_count_answer(s, &s->items[u->item], u->rating, -1);
    return VG_OK;
}

/* Puts the record back as it was before step u: the journal lines first, then memory. */
static vg_status S_revert(vg_session *s, vg_undo *u, vg_error *err)
{
    vg_item *it = &s->items[u->item];
    vg_record *r = it->pub.rec;
    vg_status st = VG_OK;
    switch ((vg_action_kind)u->kind) {
    case VG_ACTION_ANSWER:
        /* A leech: unsuspend first. Should the undo of the answer then fail (or a crash come
         * in between), the card is an unsuspended leech with its answer, which is what the
         * step left on the stack undoes. */
        if (u->leech) {
            if ((st = vg_store_suspend(s->store, r, false, err)) != VG_OK)
                return st;
            u->leech = false;
        }
        if (u->leech_tagged) {
            if ((st = vg_store_tag(s->store, r, VG_SESSION_LEECH_TAG, false, err)) != VG_OK)
                return st;
            u->leech_tagged = false;
        }
        if ((st = vg_store_undo(s->store, r, u->t, u->rating, &u->prev, err)) != VG_OK)
            return st;
        if (u->day == s->day_start) {
            s->new_today -= u->counted_new;
            s->reviews_today -= u->counted_review;
        }
        s->done.new_cards -= u->counted_new;
        S_count_answer(s, it, u->rating, -1);
        return VG_OK;
    case VG_ACTION_BURY:
        return vg_store_bury(s->store, r, u->prev_buried, err);
    case VG_ACTION_SUSPEND:
    case VG_ACTION_UNSUSPEND:
        return vg_store_suspend(s->store, r, u->kind == VG_ACTION_UNSUSPEND, err);
    }
    return VG_OK;
}

vg_status vg_session_undo(vg_session *s, vg_session_action *undone, vg_error *err)
{
    if (!s->nundo)
        return vg_error_set(err, VG_NOT_FOUND, NULL, 0, 0, "nothing to undo");
    /* The buries of siblings go with the answer under them. */
    while (s->nundo > 1 && s->undo[s->nundo - 1].sibling) {
        vg_undo *b = &s->undo[s->nundo - 1];
        vg_status st = S_revert(s, b, err);
        if (st != VG_OK)
            return st;
        s->nundo--;
        if (!vg_session_place(s, b->item, b->t))
            return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    }
    vg_undo *u = &s->undo[s->nundo - 1];
    vg_session_action what;
    S_action(s, u, &what);
    vg_status st = s->opts.cram ? S_cram_undo(s, u) : S_revert(s, u, err);
    if (st != VG_OK)
        return st;
    s->nundo--;
    if (undone)
        *undone = what;
    if (s->opts.cram)
        return VG_OK;
    /* Classify at the time of the step: the card is shown again whatever time it is. */
    if (!vg_session_place(s, u->item, u->t))
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    s->front = u->item;
    return VG_OK;
}

void vg_session_summarize(const vg_session *s, vg_session_summary *out)
{
    *out = s->done;
}
