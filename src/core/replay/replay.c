/* Replay: history -> scheduler -> JSON lines. */
#include "vgrev/replay.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "vgrev/utf8.h"

void vg_json_add_string(vg_buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    vg_buf_addc(b, '"');
    size_t i = 0, run = 0; /* run: bytes that need no escaping, copied in one go */
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char u[7];
        size_t n = 1;
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\t')
            esc = "\\t";
        else if (c == '\r')
            esc = "\\r";
        else if (c < 0x20 || c == 0x7f) {
            u[0] = '\\', u[1] = 'u', u[2] = '0', u[3] = '0', u[4] = hex[c >> 4], u[5] = hex[c & 15];
            u[6] = '\0';
            esc = u;
        } else if (c >= 0x80) {
            uint32_t cp;
            n = vg_utf8_decode(s + i, len - i, &cp);
            if (cp == 0xFFFD && n == 1)
                esc = "\\ufffd";
        }
        if (!esc) {
            run += n;
            i += n;
            continue;
        }
        vg_buf_add(b, s + i - run, run);
        run = 0;
        vg_buf_adds(b, esc);
        i += n;
    }
    vg_buf_add(b, s + i - run, run);
    vg_buf_addc(b, '"');
}

void vg_json_add_double(vg_buf *b, double v)
{
    if (!isfinite(v)) {
        vg_buf_adds(b, "null");
        return;
    }
    char num[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(num, sizeof num, "%.*g", prec, v);
        if (strtod(num, NULL) == v) /* same locale both ways, so the test is sound */
            break;
    }
    /* The C locale's '.', whatever LC_NUMERIC says (a run of other bytes is its separator). */
    char out[40];
    size_t k = 0;
    for (size_t i = 0; num[i] && k < sizeof out - 1; i++) {
        char c = num[i];
        if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == 'e' || c == 'E')
            out[k++] = c;
        else if (k == 0 || out[k - 1] != '.')
            out[k++] = '.';
    }
    vg_buf_add(b, out, k);
}

static void S_add_time(vg_buf *b, vg_time t)
{
    char iso[VG_TIME_ISO_MAX];
    int n = vg_time_format(t, iso, sizeof iso);
    vg_buf_addc(b, '"');
    vg_buf_add(b, iso, n > 0 && (size_t)n < sizeof iso ? (size_t)n : 0);
    vg_buf_addc(b, '"');
}

vg_status vg_replay_card(const vg_sched *s, const vg_history_card *c, vg_buf *out, vg_error *err)
{
    vg_sched_card card;
    vg_sched_card_init(&card, c->id, c->id_len);
    for (size_t i = 0; i < c->n_reviews; i++) {
        const vg_history_review *r = &c->reviews[i];
        if (!vg_sched_next(s, &card, r->rating, r->t, &card))
            return vg_error_set(err, VG_INVALID, NULL, r->line, 0, "rating %d is not 1 to 4",
                                (int)r->rating);
        vg_buf_adds(out, "{\"id\":");
        vg_json_add_string(out, c->id, c->id_len);
        vg_buf_adds(out, ",\"t\":");
        S_add_time(out, r->t);
        vg_buf_printf(out, ",\"rating\":%d,\"state\":\"%s\",\"stability\":", (int)r->rating,
                      vg_card_state_name(card.state));
        vg_json_add_double(out, card.stability);
        vg_buf_adds(out, ",\"difficulty\":");
        vg_json_add_double(out, card.difficulty);
        vg_buf_adds(out, ",\"due\":");
        S_add_time(out, card.due);
        vg_buf_printf(out, ",\"scheduled_days\":%d}\n", (int)card.scheduled_days);
    }
    if (out->failed)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, "out of memory");
    return VG_OK;
}

vg_status vg_replay(const vg_sched *s, const vg_history *h, vg_buf *out, vg_error *err)
{
    for (size_t i = 0; i < h->n_cards; i++) {
        vg_status st = vg_replay_card(s, &h->cards[i], out, err);
        if (st != VG_OK)
            return st;
    }
    return VG_OK;
}
