#include "paths.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vgrev/buf.h"
#include "vgrev/file.h"

static char *S_dir(const char *xdg_var, const char *home_fallback)
{
    vg_buf b = VG_BUF_INIT;
    const char *v = getenv("VGREV_HOME");
    const char *xdg = getenv(xdg_var);
    const char *home = getenv("HOME");
    if (v && *v)
        vg_buf_adds(&b, v);
    else if (xdg && *xdg == '/') /* the XDG spec says relative values are to be ignored */
        vg_buf_printf(&b, "%s/vgrev", xdg);
    else
        vg_buf_printf(&b, "%s/%s/vgrev", home && *home ? home : ".", home_fallback);
    return vg_buf_detach(&b);
}

char *paths_data_dir(void)
{
    return S_dir("XDG_DATA_HOME", ".local/share");
}

char *paths_config_dir(void)
{
    return S_dir("XDG_CONFIG_HOME", ".config");
}

const char *paths_cache_dir(size_t *min_bytes)
{
    static char *dir;
    static bool done;
    const char *min = getenv("VGREV_CACHE_MIN");
    *min_bytes = min && *min ? (size_t)strtoull(min, NULL, 10) : PATHS_CACHE_MIN;
    if (done)
        return dir;
    done = true;
    const char *off = getenv("VGREV_CACHE");
    if (off && strcmp(off, "off") == 0)
        return NULL;
    dir = S_dir("XDG_CACHE_HOME", ".cache");
    const char *home = getenv("VGREV_HOME");
    if (dir && home && *home)
        dir = paths_join(dir, "cache");
    return dir;
}

char *paths_join(char *dir, const char *name)
{
    if (!dir)
        return NULL;
    vg_buf b = VG_BUF_INIT;
    vg_buf_printf(&b, "%s/%s", dir, name);
    free(dir);
    return vg_buf_detach(&b);
}

char *paths_decks_dir(void)
{
    return paths_join(paths_data_dir(), "decks");
}

char *paths_deck(const char *name)
{
    vg_buf b = VG_BUF_INIT;
    vg_buf_printf(&b, "decks/%s.md", name);
    char *path = b.failed ? NULL : paths_join(paths_data_dir(), vg_buf_str(&b));
    vg_buf_release(&b);
    return path;
}

vg_status paths_mkdirs(const char *dir, vg_error *err)
{
    const char *failed = NULL;
    if (vg_file_mkdirs(dir, 0700, &failed))
        return VG_OK;
    if (errno == ENOMEM)
        return vg_error_set(err, VG_NOMEM, dir, 0, 0, NULL);
    return vg_error_set(err, VG_IO, failed ? failed : dir, 0, 0, "cannot create the folder: %s",
                        strerror(errno));
}
