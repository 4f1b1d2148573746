/* Fuzz target: the progress file readers and the journal reader.
 *
 * Properties beyond "no crash": when the fast reader accepts an input, libyaml's reader accepts
 * it too with the same result; whatever loads, written back, loads again to the same text. An
 * input whose first byte is 'J' is also read as a journal over what loaded. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vgrev/store.h"

static char *S_format(const vg_store *s)
{
    vg_buf b = VG_BUF_INIT;
    if (vg_store_format(s, &b, NULL) != VG_OK)
        abort();
    return vg_buf_detach(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    vg_store *any = vg_store_new(), *fast = vg_store_new(), *slow = vg_store_new();
    if (!any || !fast || !slow)
        abort();
    vg_status st = vg_store_parse(any, text, size, "fuzz.yaml", 0, NULL);
    vg_status fs = vg_store_parse(fast, text, size, "fuzz.yaml", VG_STORE_PARSE_FAST, NULL);
    vg_status ss = vg_store_parse(slow, text, size, "fuzz.yaml", VG_STORE_PARSE_SLOW, NULL);
    if (st != ss)
        abort(); /* the default path is the fast one falling back to libyaml */
    if (fs == VG_OK) {
        if (ss != VG_OK)
            abort();
        char *a = S_format(fast), *b = S_format(slow);
        if (strcmp(a, b) != 0)
            abort();
        free(a);
        free(b);
    }
    if (st == VG_OK) {
        char *out = S_format(any);
        vg_store *again = vg_store_new();
        if (vg_store_parse(again, out, strlen(out), "again", VG_STORE_PARSE_FAST, NULL) != VG_OK)
            abort();
        char *out2 = S_format(again);
        if (strcmp(out, out2) != 0)
            abort();
        free(out);
        free(out2);
        vg_store_free(again);
    }
    if (size > 0 && text[0] == 'J') {
        vg_store *j = vg_store_new();
        if (vg_store_parse_journal(j, text + 1, size - 1, "fuzz.journal", NULL) == VG_OK) {
            char *out = S_format(j);
            vg_store *again = vg_store_new();
            if (vg_store_parse(again, out, strlen(out), "again", 0, NULL) != VG_OK)
                abort();
            free(out);
            vg_store_free(again);
        }
        vg_store_free(j);
    }
    vg_store_free(any);
    vg_store_free(fast);
    vg_store_free(slow);
    return 0;
}
