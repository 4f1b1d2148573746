/* Fuzz target: config.yaml. Any input must parse or fail with a located error and leave the
 * defaults; a parsed file must give parameters the scheduler accepts, and the apply functions
 * must copy only what the file set. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vgrev/config.h"
#include "vgrev/sched.h"
#include "vgrev/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vg_config c;
    vg_error err;
    vg_error_clear(&err);
    vg_status st = vg_config_parse((const char *)data, size, "config.yaml", &c, &err);
    if (st != VG_OK) {
        /* every error but out of memory carries a position and a message */
        if (st != VG_NOMEM && (err.line == 0 || err.col == 0 || !err.msg[0]))
            __builtin_trap();
        if (c.set != 0 || c.nwarnings != 0)
            __builtin_trap(); /* a failed parse leaves the defaults */
        return 0;
    }
    for (size_t i = 0; i < c.nwarnings; i++)
        if (c.warnings[i].line == 0 || c.warnings[i].col == 0)
            __builtin_trap();
    vg_sched_params p;
    vg_sched_params_default(&p);
    vg_config_apply_sched(&c, &p);
    vg_sched s;
    if (vg_sched_init(&s, &p, &err) != VG_OK)
        __builtin_trap(); /* the parser already judged the settings by vg_sched_init */
    /* a card through a few reviews with these settings */
    vg_sched_card card;
    vg_sched_card_init(&card, "fuzz", 4);
    vg_time t = 1790000000;
    for (int r = 0; r < 8; r++) {
        if (!vg_sched_next(&s, &card, (vg_rating)(r % 4 + 1), t, &card))
            __builtin_trap();
        if (card.state != VG_CARD_NEW && card.due < t)
            __builtin_trap();
        t = card.due;
    }
    vg_session_opts o, d;
    vg_session_opts_default(&o, 0);
    vg_session_opts_default(&d, 0);
    vg_config_apply_session(&c, &o);
    if (!vg_config_has(&c, VG_CONFIG_NEW_PER_DAY) && o.new_per_day != d.new_per_day)
        __builtin_trap();
    if (o.new_per_day > VG_CONFIG_MAX_PER_DAY || o.reviews_per_day > VG_CONFIG_MAX_PER_DAY)
        __builtin_trap();
    return 0;
}
