/* vgrev import FILE.apkg / FILE.colpkg: Anki's notes become decks in the deck folder, their
 * media go to <deck folder>/media, their review logs into the progress file.
 *
 * Everything is checked before anything is written: the package read and converted in
 * memory, every target looked at (an existing deck, or a media file of the same name with
 * other bytes, needs --force), the progress file locked and the logs merged into it in
 * memory. Then the media, the decks (each replaced atomically) and the progress file (one
 * atomic snapshot) are written, in that order. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_import.h"
#include "paths.h"
#include "vgrev/buf.h"
#include "vgrev/file.h"
#include "vgrev/package.h"
#include "vgrev/session.h"

/* The comment above the settings written; a later import replaces it with them. */
#define S_SETTINGS_NOTE "vgrev import, from an Anki package's deck options"

static const char *const S_formats[] = {"", "legacy collection.anki2", "legacy collection.anki21",
                                        "latest collection.anki21b"};

static const char *const S_kinds[] = {
    [VG_PKG_OTHER] = "not converted",
    [VG_PKG_BASIC] = "bold-term cards",
    [VG_PKG_REVERSED] = "reversed cards",
    [3] = "",
    [4] = "",
    [VG_PKG_CLOZE] = "cloze cards",
};

/* What --with-settings writes (S_settings). */
typedef struct S_settings {
    vg_config values;
    unsigned keys;    /* 1u << key each */
    const char *skip; /* why the weights are not written, or NULL */
} S_settings;

static void S_report(const vg_pkg_result *r, const vg_package *pkg, const char *file, bool dry,
                     const S_settings *set)
{
    vg_buf b = VG_BUF_INIT;
    vg_buf_printf(
        &b, "%s %s (Anki package, %s): %zu note%s, %zu card%s, %zu review%s, %zu media file%s\n",
        dry ? "would import" : "imported", file, S_formats[pkg->version], r->notes,
        import_plural(r->notes), r->cards, import_plural(r->cards), r->reviews,
        import_plural(r->reviews), r->media, import_plural(r->media));
    for (size_t i = 0; i < r->ntypes; i++) {
        const vg_pkg_type *t = &r->types[i];
        if (!t->notes)
            continue;
        vg_buf_printf(&b,
                      "  %s (%s): %zu note%s, %zu card%s, %zu review%s, %zu media reference%s%s\n",
                      t->name, S_kinds[t->kind], t->notes, import_plural(t->notes), t->cards,
                      import_plural(t->cards), t->reviews, import_plural(t->reviews), t->media,
                      import_plural(t->media), t->converted ? "" : " left out");
    }
    for (size_t f = 0; f < r->nfiles; f++) {
        const vg_pkg_file *pf = &r->files[f];
        vg_buf_printf(&b, "  deck '%s' from Anki's '%s': %zu note%s, %zu card%s, %zu section%s\n",
                      pf->name, pf->anki_deck, pf->notes, import_plural(pf->notes), pf->cards,
                      import_plural(pf->cards), pf->deck->nsections,
                      import_plural(pf->deck->nsections));
    }
    if (r->config) {
        vg_buf_printf(&b, "  deck options '%s':", r->config->name);
        if (r->config->nweights) {
            vg_buf_printf(&b, " FSRS weights (%zu):", r->config->nweights);
            for (size_t i = 0; i < r->config->nweights; i++)
                vg_buf_printf(&b, " %.4g", r->config->weights[i]);
            vg_buf_adds(&b, ";");
        }
        if (r->desired_retention > 0)
            vg_buf_printf(&b, " desired retention %.2f;", r->desired_retention);
        if (!set)
            vg_buf_adds(&b, " not applied: --with-settings writes them to config.yaml to "
                            "schedule as Anki did");
        else if (set->skip)
            vg_buf_printf(&b, " the weights not written: %s", set->skip);
        else
            b.len -= b.len && b.data[b.len - 1] == ';';
        vg_buf_addc(&b, '\n');
        if (set && set->keys) {
            char *path = cli_config_path();
            vg_buf_printf(&b, "  %s", dry ? "would write" : "written:");
            for (int k = 0; k < VG_CONFIG_NKEYS; k++)
                if (set->keys & 1u << k)
                    vg_buf_printf(&b, " %s", vg_config_key_name((vg_config_key)k));
            vg_buf_printf(&b, " %s %s\n", dry ? "to" : "in", path ? path : "config.yaml");
            free(path);
        }
    } else if (set) {
        vg_buf_adds(&b,
                    "  --with-settings: the package has no FSRS weights or desired retention\n");
    }
    /* Line by line: cli_put_clean makes a line break a space. */
    for (const char *p = vg_buf_str(&b), *e; (e = strchr(p, '\n')); p = e + 1) {
        cli_put_clean(stdout, p, (size_t)(e - p));
        fputc('\n', stdout);
    }
    vg_buf_release(&b);
}

/* The deck options' weights and retention as settings. FSRS-5's 19 weights are FSRS-6's with
 * w19 = 0 (no short-term stability exponent) and w20 = 0.5 (FSRS-5's fixed decay), as ts-fsrs
 * migrates them (migrateParameters, src/fsrs/default.ts); FSRS-4.5's differ in their formulas. */
static void S_settings_from(const vg_pkg_result *r, S_settings *set)
{
    vg_config_init(&set->values);
    set->keys = 0;
    set->skip = NULL;
    const vg_package_config *cf = r->config;
    if (!cf)
        return;
    if (cf->nweights == VG_FSRS_NWEIGHTS || cf->nweights == 19) {
        memcpy(set->values.sched.weights, cf->weights, cf->nweights * sizeof cf->weights[0]);
        if (cf->nweights == 19) {
            set->values.sched.weights[19] = 0;
            set->values.sched.weights[20] = 0.5;
        }
        set->keys |= 1u << VG_CONFIG_FSRS_PARAMS;
    } else if (cf->nweights) {
        set->skip = "FSRS-4.5's, which FSRS-6 does not read: 'vgrev optimize' fits new ones";
    }
    if (r->desired_retention > 0 && r->desired_retention < 1) {
        set->values.sched.desired_retention = r->desired_retention;
        set->keys |= 1u << VG_CONFIG_DESIRED_RETENTION;
    }
}

/* The media folder's files: absent, or holding the same bytes, unless force. */
static vg_status S_check_media(const vg_package *pkg, const char *dir, bool force, vg_error *err)
{
    vg_buf path = VG_BUF_INIT, old = VG_BUF_INIT;
    vg_status st = VG_OK;
    for (size_t i = 0; i < pkg->nmedia && st == VG_OK; i++) {
        vg_buf_clear(&path);
        vg_buf_printf(&path, "%s/%s", dir, pkg->media[i].name);
        struct stat sb;
        if (lstat(vg_buf_str(&path), &sb) != 0)
            continue;
        if (!S_ISREG(sb.st_mode)) {
            st = vg_error_set(err, VG_IO, vg_buf_str(&path), 0, 0,
                              "not a regular file: refusing to replace it");
            break;
        }
        if (force)
            continue;
        vg_buf_clear(&old);
        bool same =
            (size_t)sb.st_size == pkg->media[i].len &&
            vg_file_read(&old, vg_buf_str(&path), pkg->media[i].len + 1, 0, NULL) == VG_FILE_DONE &&
            old.len == pkg->media[i].len &&
            memcmp(old.data ? old.data : "", pkg->media[i].data, old.len) == 0;
        if (!same)
            st = vg_error_set(err, VG_IO, vg_buf_str(&path), 0, 0,
                              "a different media file has this name: --force replaces it");
    }
    vg_buf_release(&path);
    vg_buf_release(&old);
    return st;
}

static vg_status S_write_media(const vg_package *pkg, const char *dir, vg_error *err)
{
    if (!pkg->nmedia)
        return VG_OK;
    int fd;
    vg_status st = import_open_decks(dir, true, &fd, err);
    for (size_t i = 0; i < pkg->nmedia && st == VG_OK; i++)
        if (vg_file_replace(fd, pkg->media[i].name, pkg->media[i].data, pkg->media[i].len, 0644,
                            0) != VG_FILE_DONE)
            st = import_errno(err, pkg->media[i].name, errno);
    if (fd >= 0)
        close(fd);
    return st;
}

/* The logs, as a store in memory merged into mine. */
static vg_status S_progress(const vg_pkg_result *r, vg_store *mine, vg_time bury_until,
                            vg_error *err)
{
    vg_store *in = vg_store_new();
    if (!in)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    vg_status st = VG_OK;
    for (size_t i = 0; i < r->nrecords && st == VG_OK; i++) {
        const vg_pkg_record *pr = &r->records[i];
        if (!pr->nreviews && !pr->suspended && !pr->buried)
            continue;
        vg_record *rec = vg_store_add(in, r->files[pr->file].name, pr->id, pr->section, pr->front);
        if (!rec) {
            st = vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
            break;
        }
        for (size_t k = 0; k < pr->nreviews && st == VG_OK; k++)
            st = vg_store_answer_ms(in, rec, pr->reviews[k].t, pr->reviews[k].rating,
                                    pr->reviews[k].ms, NULL, err);
        if (st == VG_OK && pr->reset_at)
            st = vg_store_forget(in, rec, pr->reset_at, err);
        if (st == VG_OK && pr->suspended)
            st = vg_store_suspend(in, rec, true, err);
        if (st == VG_OK && pr->buried)
            st = vg_store_bury(in, rec, bury_until, err);
    }
    if (st == VG_OK)
        st = vg_store_merge(mine, in, NULL, err);
    vg_store_free(in);
    return st;
}

int import_package(const char *file, const char *name, bool force, bool dry_run, bool with_settings)
{
    vg_error err;
    vg_error_clear(&err);
    char *data = NULL;
    size_t len = 0;
    if (import_read(file, VG_PACKAGE_MAX_BYTES, &data, &len, &err) != VG_OK)
        return cli_fail(&err);
    vg_package *pkg = NULL;
    vg_status st = vg_package_read(data, len, file, &pkg, &err);
    free(data);
    if (st != VG_OK) {
        cli_fail(&err);
        fputs("vgrev: import: nothing written\n", stderr);
        return CLI_ERROR;
    }
    vg_pkg_result *r = NULL;
    if (vg_import_package(pkg, file, &r, &err) != VG_OK) {
        vg_package_free(pkg);
        cli_fail(&err);
        fputs("vgrev: import: nothing written\n", stderr);
        return CLI_ERROR;
    }
    import_print_notes(r->notes_out, r->nnotes, file);

    int status = CLI_OK;
    char *decks = paths_decks_dir();
    vg_buf media = VG_BUF_INIT, fname = VG_BUF_INIT;
    vg_store *mine = NULL;
    int dfd = -1;
    if (!decks) {
        vg_error_set(&err, VG_NOMEM, NULL, 0, 0, NULL);
        goto fail;
    }
    if (name) {
        if (r->nfiles != 1) {
            status = cli_usage_error("import",
                                     "--name: the package holds %zu top-level decks, each "
                                     "imported under its own name",
                                     r->nfiles);
            goto done;
        }
        if (!vg_import_name(name, r->files[0].name)) {
            status = cli_usage_error("import", "'%s' has nothing usable as a deck name", name);
            goto done;
        }
    }
    vg_buf_printf(&media, "%s/media", decks);
    struct stat dst;
    bool have_dir = lstat(decks, &dst) == 0;
    if ((!dry_run || have_dir) && import_open_decks(decks, !dry_run, &dfd, &err) != VG_OK)
        goto fail;
    for (size_t f = 0; f < r->nfiles; f++) {
        vg_buf_clear(&fname);
        vg_buf_printf(&fname, "%s.md", r->files[f].name);
        import_target t = import_check_target(dfd, decks, vg_buf_str(&fname), &err);
        if (t == IMPORT_REFUSED)
            goto fail;
        if (t == IMPORT_EXISTS && !force) {
            fprintf(stderr, "vgrev: import: there is a deck '%s' already (", r->files[f].name);
            cli_puts_clean(stderr, decks);
            fprintf(stderr, "/%s): --force replaces it; nothing written\n", vg_buf_str(&fname));
            status = CLI_ERROR;
            goto done;
        }
    }
    if (S_check_media(pkg, vg_buf_str(&media), force, &err) != VG_OK)
        goto fail;
    S_settings set;
    S_settings_from(r, &set);
    if (with_settings && set.keys &&
        cli_config_save(&set.values, set.keys, S_SETTINGS_NOTE, false, &err) != VG_OK)
        goto fail;
    S_report(r, pkg, file, dry_run, with_settings ? &set : NULL);
    if (dry_run) {
        fputs("  nothing written\n", stdout);
        goto done;
    }

    vg_sched sched;
    vg_time now;
    if (cli_now(&now, &err) != VG_OK || cli_sched(&sched, &err) != VG_OK ||
        cli_progress_open(true, "vgrev import", &mine, &err) != VG_OK ||
        S_progress(r, mine, vg_days_next_start(&sched.p.days, now), &err) != VG_OK)
        goto fail;
    if (S_write_media(pkg, vg_buf_str(&media), &err) != VG_OK)
        goto fail;
    for (size_t f = 0; f < r->nfiles; f++) {
        vg_buf_clear(&fname);
        vg_buf_printf(&fname, "%s.md", r->files[f].name);
        bool existed;
        if (import_write_deck(dfd, decks, vg_buf_str(&fname), r->files[f].markdown, r->files[f].len,
                              force, &existed, &err) != VG_OK)
            goto fail;
        if (existed) {
            fprintf(stderr, "vgrev: import: a deck '%s' appeared meanwhile: progress not written\n",
                    r->files[f].name);
            status = CLI_ERROR;
            goto done;
        }
    }
    /* the settings before the replay, which schedules with them */
    if (with_settings && set.keys &&
        (cli_config_save(&set.values, set.keys, S_SETTINGS_NOTE, true, &err) != VG_OK ||
         cli_sched(&sched, &err) != VG_OK))
        goto fail;
    char tag[40];
    vg_session_sched_tag(&sched, tag);
    vg_store_replay(mine, &sched, true);
    if (vg_store_set_scheduler(mine, tag) != VG_OK) {
        vg_error_set(&err, VG_NOMEM, NULL, 0, 0, NULL);
        goto fail;
    }
    if (vg_store_save(mine, &err) != VG_OK)
        goto fail;
    for (size_t f = 0; f < r->nfiles; f++) {
        fputs("  saved as ", stdout);
        cli_puts_clean(stdout, decks);
        printf("/%s.md\n", r->files[f].name);
    }
    if (pkg->nmedia) {
        fputs("  media in ", stdout);
        cli_puts_clean(stdout, vg_buf_str(&media));
        fputc('\n', stdout);
    }
    goto done;
fail:
    status = cli_fail(&err);
done:
    if (dfd >= 0)
        close(dfd);
    vg_store_free(mine);
    vg_buf_release(&media);
    vg_buf_release(&fname);
    free(decks);
    vg_pkg_result_free(r);
    vg_package_free(pkg);
    return status;
}
