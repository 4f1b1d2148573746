#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "paths.h"
#include "vgrev/buf.h"
#include "vgrev/file.h"
#include "vgrev/render.h"

extern const unsigned char vg_builtin_deck[];
extern const size_t vg_builtin_deck_len;

static bool S_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

static size_t S_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

vg_status cli_copy_builtin(char **path, bool *existed, vg_error *err)
{
    *existed = false;
    *path = paths_deck(PATHS_BUILTIN_NAME);
    char *dir = paths_decks_dir();
    vg_status st =
        *path && dir ? paths_mkdirs(dir, err) : vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    free(dir);
    if (st != VG_OK) {
        free(*path);
        *path = NULL;
        return st;
    }
    vg_file_step step = vg_file_replace(AT_FDCWD, *path, vg_builtin_deck, vg_builtin_deck_len, 0644,
                                        VG_REPLACE_NO_CLOBBER);
    if (step == VG_FILE_RENAME && errno == EEXIST)
        *existed = true; /* the user's own copy: kept as it is */
    else if (step != VG_FILE_DONE && step != VG_FILE_SYNC_DIR) {
        st = vg_error_set(err, VG_IO, *path, 0, 0, "cannot write it: %s", strerror(errno));
        free(*path);
        *path = NULL;
    }
    return st;
}

bool cli_is_deck(const char *arg)
{
    if (strchr(arg, '/') || S_ends_with(arg, ".md") || S_is_file(arg))
        return true;
    if (strcmp(arg, PATHS_BUILTIN_NAME) == 0)
        return true;
    char *path = paths_deck(arg);
    bool found = path && S_is_file(path);
    free(path);
    return found;
}

/* A deck file, through the start-up cache. */
static vg_status S_load(const char *path, vg_deck **out, vg_error *err)
{
    size_t min;
    const char *cache = paths_cache_dir(&min);
    return vg_deck_load_cached(path, cache, min, out, err);
}

vg_status cli_deck_open(const char *spec, vg_deck **out, vg_error *err)
{
    if (!spec) {
        /* The user's copy of the built-in deck (`e` on it) takes its place: it has the same
         * name, and its progress. */
        char *copy = paths_deck(PATHS_BUILTIN_NAME);
        bool mine = copy && S_is_file(copy);
        vg_status st = mine ? S_load(copy, out, err)
                            : vg_deck_parse((const char *)vg_builtin_deck, vg_builtin_deck_len,
                                            PATHS_BUILTIN_DECK, out, err);
        free(copy);
        return st;
    }
    if (strchr(spec, '/') || S_ends_with(spec, ".md") || S_is_file(spec))
        return S_load(spec, out, err);
    char *path = paths_deck(spec);
    if (!path)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    vg_status st = VG_OK;
    if (S_is_file(path))
        st = S_load(path, out, err);
    else if (strcmp(spec, PATHS_BUILTIN_NAME) == 0)
        st = cli_deck_open(NULL, out, err); /* the name 'vgrev decks' shows for it */
    else
        st = vg_error_set(err, VG_NOT_FOUND, NULL, 0, 0,
                          "no deck '%s': not a file, nor an imported deck (see 'vgrev decks')",
                          spec);
    free(path);
    return st;
}
