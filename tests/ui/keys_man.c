/* Prints the KEYS section of the manual from the key tables of src/ui/keys.c, the same tables
 * the screens dispatch with and make their help from (tests/ui/man-keys.sh compares it with
 * docs/vgrev.1). */
#include <stdio.h>

#include "ui/keys.h"

int main(void)
{
    vg_buf out = VG_BUF_INIT;
    ui_keys_man(&out);
    int failed = out.failed || fwrite(out.data, 1, out.len, stdout) != out.len;
    vg_buf_release(&out);
    return failed || fflush(stdout) != 0;
}
