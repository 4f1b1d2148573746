/* Fuzz target: review histories. Any input must parse or fail with a located error, and a
 * parsed history must replay through both schedulers, without crashing or leaking. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vgrev/history.h"
#include "vgrev/replay.h"
#include "vgrev/sched.h"
#include "vgrev/time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vg_history *h = NULL;
    vg_error err;
    vg_error_clear(&err);
    vg_status st = vg_history_parse((const char *)data, size, "fuzz.yaml", &h, &err);
    if (st != VG_OK) {
        if (st == VG_PARSE && (err.line == 0 || err.col == 0 || !err.msg[0]))
            __builtin_trap(); /* every parse error carries a position and a message */
        return 0;
    }
    vg_sched_params p;
    vg_sched_params_default(&p);
    vg_buf out = VG_BUF_INIT;
    for (int kind = 0; kind < 2; kind++) {
        vg_sched s;
        p.kind = kind ? VG_SCHED_SM2 : VG_SCHED_FSRS;
        if (vg_sched_init(&s, &p, &err) != VG_OK)
            __builtin_trap();
        vg_buf_clear(&out);
        if (vg_replay(&s, h, &out, &err) != VG_OK)
            __builtin_trap();
    }
    /* The times themselves, as text, through the ISO-8601 parser. */
    vg_time t;
    (void)vg_time_parse((const char *)data, size < 64 ? size : 64, &t, NULL);
    vg_buf_release(&out);
    vg_history_free(h);
    return 0;
}
