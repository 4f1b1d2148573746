/* Taking the terminal for a command's screen (src/ui) and giving it back, with the exit
 * statuses of what can go wrong. */
#include "screen.h"

int cli_fail_usage(const vg_error *err)
{
    int status = cli_fail(err);
    return err->status == VG_USAGE ? CLI_USAGE : status;
}

int cli_screen_open(vg_time now, const char *what, const char *instead, ui **u)
{
    ui_opts uo = {cli_clock_fixed(), now, what, instead};
    vg_error err;
    vg_error_clear(&err);
    *u = NULL;
    if (ui_open(&uo, u, &err) == VG_OK) {
        ui_set_copy_builtin(*u, cli_copy_builtin);
        return CLI_OK;
    }
    *u = NULL;
    if (what && !cli_test_script())
        return CLI_OK; /* the caller prints text instead */
    return cli_fail_usage(&err);
}

int cli_screen_close(ui *u)
{
    vg_error err;
    vg_error_clear(&err);
    if (ui_close(u, &err) != VG_OK)
        return cli_fail_usage(&err); /* a broken test script: the way vgrev was run is wrong */
    return CLI_OK;
}
