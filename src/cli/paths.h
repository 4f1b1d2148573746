/* Where vgrev keeps its files (XDG base directories; VGREV_HOME overrides both). */
#ifndef VG_PATHS_H
#define VG_PATHS_H

#include <stddef.h>

#include "vgrev/error.h"

/* The name the built-in deck goes by in messages. */
#define PATHS_BUILTIN_DECK "built-in:vanishing-gradient.md"
/* The name its progress records carry (as the file vanishing-gradient.md would). */
#define PATHS_BUILTIN_NAME "vanishing-gradient"

/* $VGREV_HOME, else $XDG_DATA_HOME/vgrev, else ~/.local/share/vgrev. Caller frees. */
char *paths_data_dir(void);

/* $VGREV_HOME, else $XDG_CONFIG_HOME/vgrev, else ~/.config/vgrev. Caller frees. */
char *paths_config_dir(void);

/* The start-up cache's folder (made when an image is first written), for vg_deck_load_cached and
 * the progress file's image: $VGREV_HOME/cache, else $XDG_CACHE_HOME/vgrev, else ~/.cache/vgrev;
 * NULL when VGREV_CACHE=off. *min_bytes: the smallest file worth an image (PATHS_CACHE_MIN, or
 * $VGREV_CACHE_MIN for tests). Owned by paths.c. */
enum { PATHS_CACHE_MIN = 256 * 1024 };
const char *paths_cache_dir(size_t *min_bytes);

/* dir/name; takes dir (frees it; NULL gives NULL). Caller frees the result. */
char *paths_join(char *dir, const char *name);

/* The folder of imported decks: <data dir>/decks. Caller frees. */
char *paths_decks_dir(void);

/* The file of the imported deck NAME: <data dir>/decks/NAME.md. Caller frees. */
char *paths_deck(const char *name);

/* mkdir -p, each folder it creates private to the user (mode 0700, as the XDG base directory
 * spec asks). */
vg_status paths_mkdirs(const char *dir, vg_error *err);

#endif
