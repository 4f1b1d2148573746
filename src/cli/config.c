/* The settings file for the commands: <config dir>/config.yaml (or `vgrev --config FILE`), read
 * once per run, whichever command asks first. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "paths.h"
#include "ui/keys.h"
#include "vgrev/buf.h"
#include "vgrev/file.h"

/* A settings file is a few lines; anything this large is not one. */
enum { S_CONFIG_MAX = 1 << 20 };

/* Set by main from `vgrev --config FILE COMMAND`; NULL for the default file. */
static const char *S_config_override;

/* The file as read on the first call: its settings, or the error every later call repeats. */
static bool S_loaded;
static vg_status S_status;
static vg_config S_config;
static vg_error S_error;

void cli_set_config(const char *path)
{
    S_config_override = path;
}

char *cli_config_path(void)
{
    if (S_config_override)
        return strdup(S_config_override);
    return paths_join(paths_config_dir(), "config.yaml");
}

/* Reads and parses the file into S_config. A missing default file is no settings; a file
 * named with --config must exist. */
/* keys: each action a screen knows, and a key it can read; then the screens take them. */
static vg_status S_apply_keys(const vg_config *c, const char *path, vg_error *err)
{
    ui_keys_reset();
    for (size_t i = 0; i < c->nkeys; i++) {
        const vg_config_keybind *b = &c->keys[i];
        int action = ui_action_find(b->action);
        if (action == UI_A_NONE) {
            char names[420] = "";
            size_t n = 0;
            for (int a = UI_A_NONE + 1; a < UI_A_COUNT && n < sizeof names; a++)
                n += (size_t)snprintf(names + n, sizeof names - n, "%s%s", a > 1 ? ", " : "",
                                      ui_action_get(a)->name);
            return vg_error_set(err, VG_INVALID, path, b->action_line, b->action_col,
                                "'keys': unknown action '%s' (the actions: %s)", b->action, names);
        }
        int key = ui_key_parse(b->key);
        if (!key)
            return vg_error_set(err, VG_INVALID, path, b->key_line, b->key_col,
                                "'keys': '%s' is not a key for '%s': one character that prints, "
                                "or Space, Enter, Esc, Tab, BS, Up, Down, Left, Right, PgUp, "
                                "PgDn, Home or End",
                                b->key, b->action);
        ui_keys_remap(action, key);
    }
    return VG_OK;
}

static vg_status S_load(vg_error *err)
{
    vg_config_init(&S_config);
    char *path = cli_config_path();
    if (!path)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    vg_status st = VG_OK;
    vg_buf data = VG_BUF_INIT;
    vg_file_step step = vg_file_read(&data, path, S_CONFIG_MAX, 0, NULL);
    if (step == VG_FILE_OPEN) {
        if (!S_config_override && (errno == ENOENT || errno == ENOTDIR)) {
            free(path);
            return VG_OK;
        }
        st = vg_error_set(err, VG_IO, path, 0, 0, "cannot open the configuration file: %s",
                          strerror(errno));
    } else if (step != VG_FILE_DONE && errno == ENOMEM) {
        st = vg_error_set(err, VG_NOMEM, path, 0, 0, NULL);
    } else if (step != VG_FILE_DONE && errno == EFBIG) {
        st = vg_error_set(err, VG_INVALID, path, 0, 0,
                          "too large for a configuration file (over %d bytes)", S_CONFIG_MAX);
    } else if (step != VG_FILE_DONE) {
        st = vg_error_set(err, VG_IO, path, 0, 0, "cannot read the configuration file: %s",
                          strerror(errno));
    }
    if (st == VG_OK)
        st = vg_config_parse(data.data ? data.data : "", data.len, path, &S_config, err);
    if (st == VG_OK)
        st = S_apply_keys(&S_config, path, err);
    vg_buf_release(&data);
    free(path);
    if (st != VG_OK)
        return st;
    cli_warn(S_config.warnings, S_config.nwarnings);
    return VG_OK;
}

vg_status cli_config(const vg_config **out, vg_error *err)
{
    if (!S_loaded) {
        vg_error_clear(&S_error);
        S_status = S_load(&S_error);
        S_loaded = true;
    }
    *out = &S_config;
    if (S_status != VG_OK && err)
        *err = S_error;
    return S_status;
}

vg_status cli_sched_params(vg_sched_params *p, vg_error *err)
{
    vg_sched_params_default(p);
    const vg_config *c;
    vg_status st = cli_config(&c, err);
    if (st == VG_OK)
        vg_config_apply_sched(c, p);
    /* The user's study days; vg_sched_params_default's UTC midnight is ts-fsrs's. */
    vg_session_opts o;
    vg_session_opts_default(&o, 0);
    if (st == VG_OK)
        vg_config_apply_session(c, &o);
    p->days = cli_days(o.days.start_hour);
    return st;
}

vg_status cli_session_opts(vg_session_opts *o, vg_time now, vg_error *err)
{
    vg_session_opts_default(o, now);
    o->utc_offset = cli_utc_offset(now);
    o->deck_exists = cli_deck_exists;
    const vg_config *c;
    vg_status st = cli_config(&c, err);
    if (st == VG_OK)
        vg_config_apply_session(c, o);
    o->days = cli_days(o->days.start_hour);
    return st;
}

vg_status cli_config_save(const vg_config *values, unsigned keys, const char *note, bool write,
                          vg_error *err)
{
    char *path = cli_config_path();
    if (!path)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    vg_buf in = VG_BUF_INIT, out = VG_BUF_INIT;
    vg_status st = VG_OK;
    vg_file_step step = vg_file_read(&in, path, S_CONFIG_MAX, VG_FILE_REGULAR, NULL);
    if (step != VG_FILE_DONE && !(step == VG_FILE_OPEN && errno == ENOENT))
        st = vg_error_set(err, VG_IO, path, 0, 0, "cannot read the configuration file: %s",
                          strerror(errno));
    if (st == VG_OK)
        st = vg_config_set(in.data ? in.data : "", in.len, path, values, keys, note, &out, err);
    if (st == VG_OK && write && step != VG_FILE_DONE) { /* no file yet: its folder may be missing */
        char *dir = strdup(path), *slash = dir ? strrchr(dir, '/') : NULL;
        if (!dir)
            st = vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
        else if (slash && slash != dir) {
            *slash = '\0';
            st = paths_mkdirs(dir, err);
        }
        free(dir);
    }
    if (st == VG_OK && write &&
        vg_file_replace(AT_FDCWD, path, vg_buf_str(&out), out.len, 0644, VG_REPLACE_KEEP_MODE) !=
            VG_FILE_DONE)
        st = vg_error_set(err, VG_IO, path, 0, 0, "cannot write the configuration file: %s",
                          strerror(errno));
    if (st == VG_OK && write)
        S_loaded = false; /* the next cli_config reads what was written */
    vg_buf_release(&in);
    vg_buf_release(&out);
    free(path);
    return st;
}
