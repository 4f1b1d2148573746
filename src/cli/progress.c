/* Progress for the commands: where the file is, opening it, the clock and the scheduler. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "paths.h"
#include "vgrev/buf.h"

/* Set by main from `vgrev --progress FILE COMMAND`; NULL for the default file. */
static const char *S_progress_override;

void cli_set_progress(const char *path)
{
    S_progress_override = path;
}

char *cli_progress_path(void)
{
    if (S_progress_override)
        return strdup(S_progress_override);
    return paths_join(paths_data_dir(), "progress.yaml");
}

vg_status cli_progress_open_quiet(bool write, const char *who, vg_store **out, vg_error *err)
{
    *out = NULL;
    char *path = cli_progress_path();
    if (!path)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    vg_status st = VG_OK;
    if (write && !S_progress_override) {
        char *dir = paths_data_dir();
        st = dir ? paths_mkdirs(dir, err) : vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
        free(dir);
    }
    if (st == VG_OK) {
        vg_store_opts o = {.write = write, .who = who, .journal_limit = 0};
        st = vg_store_open(path, &o, out, err);
    }
    free(path);
    return st;
}

vg_status cli_progress_open(bool write, const char *who, vg_store **out, vg_error *err)
{
    vg_status st = cli_progress_open_quiet(write, who, out, err);
    if (st != VG_OK)
        return st;
    size_t n;
    const vg_error *w = vg_store_warnings(*out, &n);
    cli_warn(w, n);
    return VG_OK;
}

vg_status cli_sched(vg_sched *out, vg_error *err)
{
    vg_sched_params p;
    vg_status st = cli_sched_params(&p, err);
    return st != VG_OK ? st : vg_sched_init(out, &p, err);
}

vg_status cli_reading_open(cli_reading *r, vg_error *err)
{
    r->store = NULL;
    r->deck = NULL;
    vg_status st = cli_now(&r->now, err);
    if (st == VG_OK)
        st = cli_sched(&r->sched, err);
    if (st == VG_OK)
        st = cli_progress_open(false, NULL, &r->store, err);
    return st;
}

vg_status cli_reading_deck(cli_reading *r, const char *spec, vg_error *err)
{
    vg_deck *deck = NULL;
    vg_status st = cli_deck_open(spec, &deck, err);
    if (st == VG_OK)
        st = cli_reading_open(r, err);
    else
        r->store = NULL;
    r->deck = deck;
    return st;
}

void cli_reading_release(cli_reading *r)
{
    vg_store_free(r->store);
    vg_deck_free(r->deck);
    r->store = NULL;
    r->deck = NULL;
}

char *cli_deck_name(const char *spec)
{
    if (!spec)
        return strdup(PATHS_BUILTIN_NAME);
    const char *base = strrchr(spec, '/');
    base = base ? base + 1 : spec;
    size_t n = strlen(base);
    if (n > 3 && strcmp(base + n - 3, ".md") == 0)
        n -= 3;
    if (n == 0)
        return strdup(spec);
    char *name = malloc(n + 1);
    if (name) {
        memcpy(name, base, n);
        name[n] = '\0';
    }
    return name;
}

bool cli_deck_exists(const char *name, void *ctx)
{
    (void)ctx;
    if (strcmp(name, PATHS_BUILTIN_NAME) == 0)
        return true;
    /* A name that could not be a deck file's (a path, a hidden name) is no deck here. */
    if (!*name || name[0] == '.' || strchr(name, '/'))
        return false;
    char *path = paths_deck(name);
    struct stat sb;
    bool found = path && stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
    free(path);
    return found;
}

vg_status cli_session_open(const vg_deck *deck, const char *spec, vg_store *store,
                           const vg_sched *sched, vg_time now, vg_session **out, vg_error *err)
{
    char *name = cli_deck_name(spec);
    if (!name)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    vg_session_deck d = {deck, name};
    vg_session_opts o;
    vg_status st = cli_session_opts(&o, now, err);
    if (st == VG_OK)
        st = vg_session_open(&d, 1, store, sched, &o, out, err);
    free(name);
    return st;
}
