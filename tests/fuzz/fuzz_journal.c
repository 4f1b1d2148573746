/* Fuzz target: the journal reader (progress.yaml.journal), applied over an empty store and over
 * a small snapshot whose generation matches the seeds' begin line.
 *
 * Properties beyond "no crash": whatever the journal leaves, written as a snapshot, loads again
 * and writes back to the same text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vgrev/store.h"

static const char S_snapshot[] = "version: 1\n"
                                 "generation: 3\n"
                                 "cards:\n"
                                 "- id: 3f2a9c0d1e2b4a5c\n"
                                 "  deck: vanishing-gradient\n"
                                 "  section: \"Causes\"\n"
                                 "  front: \"Depth\"\n"
                                 "  state: new\n"
                                 "  reviews: []\n"
                                 "- id: 0c0ffee000000001\n"
                                 "  deck: d\n"
                                 "  state: review\n"
                                 "  due: 2026-11-25T08:00:00Z\n"
                                 "  last_review: 2026-11-22T08:00:00Z\n"
                                 "  stability: 3.5\n"
                                 "  difficulty: 5\n"
                                 "  scheduled_days: 3\n"
                                 "  elapsed_days: 0\n"
                                 "  reps: 1\n"
                                 "  lapses: 0\n"
                                 "  reviews:\n"
                                 "  - {t: 2026-11-22T08:00:00Z, rating: 3}\n";

static void S_check(vg_store *s)
{
    vg_buf b = VG_BUF_INIT;
    if (vg_store_format(s, &b, NULL) != VG_OK)
        abort();
    char *out = vg_buf_detach(&b);
    vg_store *again = vg_store_new();
    if (!again || vg_store_parse(again, out, strlen(out), "again", 0, NULL) != VG_OK)
        abort();
    vg_buf b2 = VG_BUF_INIT;
    if (vg_store_format(again, &b2, NULL) != VG_OK)
        abort();
    char *out2 = vg_buf_detach(&b2);
    if (strcmp(out, out2) != 0)
        abort();
    free(out);
    free(out2);
    vg_store_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    vg_store *empty = vg_store_new(), *over = vg_store_new();
    if (!empty || !over)
        abort();
    if (vg_store_parse(over, S_snapshot, sizeof S_snapshot - 1, "fuzz.yaml", 0, NULL) != VG_OK)
        abort();
    if (vg_store_parse_journal(empty, text, size, "fuzz.journal", NULL) == VG_OK)
        S_check(empty);
    if (vg_store_parse_journal(over, text, size, "fuzz.journal", NULL) == VG_OK)
        S_check(over);
    vg_store_free(empty);
    vg_store_free(over);
    return 0;
}
