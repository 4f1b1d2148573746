/* Prints the KEYS section of the manual from the key tables of src/ui/keys.c, the same tables
 * the screens dispatch with and make their help from (tests/ui/man-keys.sh compares it with
 * docs/vgrev.1). With the argument "actions": the table of action names for config.yaml's
 * keys: (tests/ui/config-actions.sh compares it with docs/configuration.md). */
#include <stdio.h>
#include <string.h>

#include "ui/keys.h"

static void S_actions(vg_buf *out)
{
    vg_buf_adds(out, "| action | what it does |\n| --- | --- |\n");
    const char *help = "";
    for (int a = UI_A_NONE + 1; a < UI_A_COUNT; a++) {
        const ui_action_info *info = ui_action_get(a);
        if (info->help)
            help = info->help; /* NULL: the line of the action before */
        vg_buf_printf(out, "| `%s` | %s |\n", info->name, help);
    }
}

int main(int argc, char **argv)
{
    vg_buf out = VG_BUF_INIT;
    if (argc > 1 && !strcmp(argv[1], "actions"))
        S_actions(&out);
    else
        ui_keys_man(&out);
    int failed = out.failed || fwrite(out.data, 1, out.len, stdout) != out.len;
    vg_buf_release(&out);
    return failed || fflush(stdout) != 0;
}
