/* Fuzz target: statistics of whatever progress file loads, over a fixed deck (the cards of
 * tests/fixtures/stats/deck.md), in a time zone picked by the input's first byte.
 *
 * Properties beyond "no crash": every card is in exactly one state; each period's answers are
 * split by state without loss and each period holds the shorter ones; the heat map holds no
 * more than all the answers; the forecast and `later` hold every card that is neither new nor
 * suspended; the text is valid UTF-8 with no control character but newlines. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vgrev/stats.h"
#include "vgrev/utf8.h"

static const char S_deck[] = "# Stats test deck\n\n"
                             "## 1. Gradients\n\n"
                             "- **Vanishing gradient**: shrink.\n"
                             "- **Exploding gradient**: grow.\n"
                             "- **Chain rule**: a product.\n"
                             "- **Saturation**: flat.\n\n"
                             "## 2. Remedies\n\n"
                             "- **LSTM**: gates.\n"
                             "- **Gradient clipping**: rescale.\n"
                             "- **Residual connections**: skip.\n"
                             "- **ReLU**: 1.\n";

static void S_check(const vg_session *ses, const vg_stats *st)
{
    const vg_stats_counts *k = &st->counts;
    if (k->new_cards + k->learning + k->review + k->relearning + k->suspended + k->buried !=
            k->cards ||
        k->mature > k->review)
        abort();
    for (int p = 0; p < VG_STATS_NPERIODS; p++) {
        const vg_stats_period *q = &st->period[p];
        if (q->first + q->learning + q->review + q->relearning != q->reviews ||
            q->review_passed > q->review || q->again > q->reviews || q->cards > q->reviews ||
            q->cards > k->cards)
            abort();
        if (p > 0 && q->reviews < st->period[p - 1].reviews)
            abort();
    }
    size_t heat = 0, due = st->later;
    for (size_t i = 0; i < VG_STATS_HEAT_DAYS; i++) {
        heat += st->heat[i];
        if (st->heat[i] > st->heat_max || (i > st->heat_today && st->heat[i]))
            abort();
    }
    for (size_t i = 0; i < VG_STATS_FORECAST_DAYS; i++)
        due += st->forecast[i];
    if (heat > st->period[VG_STATS_ALL].reviews || st->overdue > st->forecast[0])
        abort();
    size_t want = 0;
    for (size_t i = 0;; i++) {
        const vg_session_card *c = vg_session_card_at(ses, 0, i);
        if (!c)
            break;
        vg_sched_card s;
        vg_session_card_state(ses, c, &s);
        want += s.state != VG_CARD_NEW && !(c->rec && c->rec->suspended);
    }
    if (due != want)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int32_t offset = size ? ((int32_t)(data[0] % 29) - 14) * 3600 : 0;
    vg_deck *deck = NULL;
    vg_store *store = vg_store_new();
    if (!store || vg_deck_parse(S_deck, sizeof S_deck - 1, "deck.md", &deck, NULL) != VG_OK)
        abort();
    if (vg_store_parse(store, (const char *)data, size, "fuzz.yaml", 0, NULL) == VG_OK) {
        vg_sched sched;
        vg_sched_params p;
        vg_sched_params_default(&p);
        if (vg_sched_init(&sched, &p, NULL) != VG_OK)
            abort();
        const vg_time now = 1795600800; /* 2026-11-25T10:00:00Z */
        vg_session_deck d = {deck, "deck"};
        vg_session_opts o;
        vg_session_opts_default(&o, now);
        o.utc_offset = offset;
        vg_session *ses = NULL;
        vg_stats st;
        if (vg_session_open(&d, 1, store, &sched, &o, &ses, NULL) == VG_OK &&
            vg_stats_compute(ses, 0, now, &st, NULL) == VG_OK) {
            S_check(ses, &st);
            vg_buf b = VG_BUF_INIT;
            vg_stats_format(&st, 80, &b);
            if (b.failed || vg_utf8_check(vg_buf_str(&b), b.len) != b.len)
                abort();
            for (size_t i = 0; i < b.len; i++)
                if ((unsigned char)b.data[i] < 0x20 && b.data[i] != '\n')
                    abort();
            vg_buf_release(&b);
        }
        vg_session_free(ses);
    }
    vg_store_free(store);
    vg_deck_free(deck);
    return 0;
}
