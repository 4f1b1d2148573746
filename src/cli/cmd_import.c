/* vgrev import: a markdown, CSV, TSV or Anki file becomes NAME.md in the deck folder.
 *
 * The conversion is the core's (vgrev/import.h); this file reads the input, picks the name
 * and writes the result. Nothing is written outside <data dir>/decks: the name is reduced to
 * a safe file name, the folder is opened without following a symbolic link, and the deck is
 * written to a temporary file in that folder, flushed to disk, and renamed (or linked, when
 * an existing deck must not be replaced) over NAME.md; then the folder is flushed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_import.h"
#include "options.h"
#include "paths.h"
#include "vgrev/buf.h"
#include "vgrev/file.h"
#include "vgrev/import.h"

static const char S_about[] =
    "Adds a deck to your decks: a markdown notebook (checked as 'vgrev check' does, then\n"
    "copied), a CSV or TSV file of fronts and backs, or Anki's \"Notes in Plain Text\" or\n"
    "\"Cards in Plain Text\" export. It is saved as NAME.md in the deck folder, and NAME\n"
    "then works wherever a DECK goes ('vgrev list NAME'). Rows that cannot be cards are\n"
    "skipped and reported.\n"
    "\n"
    "An Anki package (.apkg, .colpkg) becomes one deck per top-level Anki deck, its media go\n"
    "to the deck folder's media/, and the review log of every card into your progress.\n"
    "\n"
    "FILE - reads standard input (then --name is needed). See docs/importing.md.\n";

typedef struct import_opts {
    const char *file;
    const char *name;
    const char *format;
    const char *cols[4]; /* front, back, section, tags */
    bool force, dry_run, with_settings;
} import_opts;

/* ---- reading ---- */

vg_status import_errno(vg_error *err, const char *path, int e)
{
    return vg_error_set(err, e == ENOENT || e == ENOTDIR ? VG_NOT_FOUND : VG_IO, path, 0, 0, "%s",
                        strerror(e));
}

/* The whole file (or standard input for "-"); *buf is the caller's to free. */
vg_status import_read(const char *path, size_t max, char **buf, size_t *len, vg_error *err)
{
    *buf = NULL;
    *len = 0;
    vg_buf b = VG_BUF_INIT;
    vg_file_step step = strcmp(path, "-") == 0 ? vg_fd_read(&b, STDIN_FILENO, max, 0, NULL)
                                               : vg_file_read(&b, path, max, 0, NULL);
    if (step != VG_FILE_DONE) {
        int e = errno;
        vg_buf_release(&b);
        if (e == EFBIG)
            return vg_error_set(err, VG_INVALID, path, 0, 0, "file too large (%s %u MB)",
                                max == VG_DECK_MAX_BYTES ? "a deck may have at most" : "at most",
                                (unsigned)(max >> 20));
        if (e == ENOMEM)
            return vg_error_set(err, VG_NOMEM, path, 0, 0, NULL);
        return import_errno(err, path, e);
    }
    *len = b.len;
    *buf = vg_buf_detach(&b);
    return *buf ? VG_OK : vg_error_set(err, VG_NOMEM, path, 0, 0, NULL);
}

/* ---- writing ---- */

/* Opens the deck folder, creating it; refused when it is a symbolic link or not a folder. */
vg_status import_open_decks(const char *decks, bool create, int *fd, vg_error *err)
{
    *fd = -1;
    if (create) {
        vg_status st = paths_mkdirs(decks, err);
        if (st != VG_OK)
            return st;
    }
    *fd = open(decks, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (*fd >= 0)
        return VG_OK;
    if (errno == ELOOP || errno == ENOTDIR)
        return vg_error_set(err, VG_IO, decks, 0, 0,
                            "the deck folder is a symbolic link or not a folder: refusing to "
                            "write there");
    return import_errno(err, decks, errno);
}

/* What is at NAME.md in the folder (dfd, or path when dfd < 0). */
import_target import_check_target(int dfd, const char *decks, const char *file, vg_error *err)
{
    struct stat st;
    int r;
    if (dfd >= 0) {
        r = fstatat(dfd, file, &st, AT_SYMLINK_NOFOLLOW);
    } else {
        vg_buf p = VG_BUF_INIT;
        vg_buf_printf(&p, "%s/%s", decks, file);
        r = lstat(vg_buf_str(&p), &st);
        vg_buf_release(&p);
    }
    if (r != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return IMPORT_ABSENT;
        import_errno(err, file, errno);
        return IMPORT_REFUSED;
    }
    if (S_ISLNK(st.st_mode)) {
        vg_error_set(err, VG_IO, NULL, 0, 0,
                     "%s/%s is a symbolic link: refusing to replace it (remove it first)", decks,
                     file);
        return IMPORT_REFUSED;
    }
    if (!S_ISREG(st.st_mode)) {
        vg_error_set(err, VG_IO, NULL, 0, 0, "%s/%s is not a regular file: refusing to replace it",
                     decks, file);
        return IMPORT_REFUSED;
    }
    return IMPORT_EXISTS;
}

/* Writes data as decks/file atomically. Without force an existing file is left alone
 * (*existed set, nothing written). */
vg_status import_write_deck(int dfd, const char *decks, const char *file, const char *data,
                            size_t len, bool force, bool *existed, vg_error *err)
{
    *existed = false;
    vg_file_step step =
        vg_file_replace(dfd, file, data, len, 0644, force ? 0 : VG_REPLACE_NO_CLOBBER);
    if (step == VG_FILE_RENAME && errno == EEXIST && !force) {
        *existed = true;
        return VG_OK;
    }
    return step == VG_FILE_DONE ? VG_OK : import_errno(err, decks, errno);
}

/* ---- the report ---- */

static void S_where(vg_buf *b, const char *file, unsigned line, unsigned col)
{
    vg_buf_adds(b, file);
    if (line)
        vg_buf_printf(b, ":%u", line);
    if (line && col)
        vg_buf_printf(b, ":%u", col);
    vg_buf_adds(b, ": ");
}

void import_print_notes(const vg_import_note *notes, size_t nnotes, const char *file)
{
    vg_buf b = VG_BUF_INIT;
    for (size_t i = 0; i < nnotes; i++) {
        const vg_import_note *n = &notes[i];
        vg_buf_clear(&b);
        FILE *out = stdout;
        if (n->level == VG_IMPORT_ERROR) {
            out = stderr;
            vg_buf_adds(&b, "vgrev: ");
        }
        S_where(&b, file, n->line, n->col);
        if (n->level == VG_IMPORT_WARNING)
            vg_buf_adds(&b, "warning: ");
        vg_buf_adds(&b, n->msg);
        cli_put_clean(out, vg_buf_str(&b), b.len);
        fputc('\n', out);
    }
    vg_buf_release(&b);
}

const char *import_plural(size_t n)
{
    return n == 1 ? "" : "s";
}

static void S_summary(vg_buf *b, const vg_import_result *r)
{
    vg_buf_printf(b, "%zu section%s, %zu card%s", r->sections, import_plural(r->sections), r->cards,
                  import_plural(r->cards));
    if (r->rows)
        vg_buf_printf(b, " from %zu row%s", r->rows, import_plural(r->rows));
    if (r->skipped)
        vg_buf_printf(b, " (%zu skipped)", r->skipped);
}

/* How the new deck's ids meet the old one's: progress belongs to ids. The import did not
 * parse its deck (vg_import_opts.no_deck): it is parsed here. */
static void S_compare(vg_buf *b, const char *old_path, const vg_import_result *r)
{
    vg_deck *old = NULL, *parsed = NULL;
    vg_error err;
    vg_error_clear(&err);
    const vg_deck *neu = r->deck;
    if (!neu && vg_deck_parse(r->markdown, r->len, NULL, &parsed, &err) != VG_OK)
        return;
    if (!neu)
        neu = parsed;
    if (vg_deck_load(old_path, &old, &err) != VG_OK) {
        vg_deck_free(parsed);
        return;
    }
    size_t kept = 0;
    for (size_t i = 0; i < neu->ncards; i++)
        kept += vg_deck_find(old, neu->cards[i].id) != NULL;
    vg_buf_printf(b, "; %zu card%s as before (their progress stays), %zu new, %zu gone", kept,
                  import_plural(kept), neu->ncards - kept, old->ncards - kept);
    vg_deck_free(old);
    vg_deck_free(parsed);
}

/* ---- the command ---- */

static const char *S_base(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* The deck's name: --name, else the file's name without its extension. */
static int S_name(const char *cmd, const import_opts *o, char name[VG_IMPORT_NAME_MAX + 1])
{
    char want[4096];
    if (o->name) {
        snprintf(want, sizeof want, "%s", o->name);
    } else if (strcmp(o->file, "-") == 0) {
        return cli_usage_error(cmd, "reading standard input: give the deck a name with --name");
    } else {
        snprintf(want, sizeof want, "%s", S_base(o->file));
        char *dot = strrchr(want, '.');
        if (dot && dot != want)
            *dot = '\0';
    }
    if (!vg_import_name(want, name))
        return cli_usage_error(cmd,
                               "'%s' has nothing usable as a deck name (letters, digits, '-', "
                               "'_', '.'): choose one with --name",
                               want);
    if (strcmp(name, PATHS_BUILTIN_NAME) == 0)
        return cli_usage_error(cmd, "'%s' is the built-in deck's name: choose another with --name",
                               name);
    size_t wl = strlen(want);
    if (wl >= 3 && strcmp(want + wl - 3, ".md") == 0)
        want[wl - 3] = '\0';
    if (strcmp(want, name) != 0) {
        fputs("vgrev: import: deck name '", stderr);
        cli_puts_clean(stderr, want);
        fprintf(stderr, "' became '%s' (a file name of letters, digits, '-', '_' and '.')\n", name);
    }
    return -1;
}

static bool S_ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n > t && strcasecmp(s + n - t, tail) == 0;
}

/* An Anki package: --format apkg (or colpkg), else a name ending in .apkg or .colpkg. */
static bool S_is_package(const char *file, const char *format)
{
    if (format)
        return strcasecmp(format, "apkg") == 0 || strcasecmp(format, "colpkg") == 0;
    return S_ends_with(file, ".apkg") || S_ends_with(file, ".colpkg");
}

static int S_run(const void *opts, int argc, char **argv)
{
    (void)argc;
    import_opts o = *(const import_opts *)opts;
    o.file = argv[0];
    int rc;

    if (S_is_package(o.file, o.format)) {
        if (o.cols[0] || o.cols[1] || o.cols[2] || o.cols[3])
            return cli_usage_error("import", "--front, --back, --section and --tags are for "
                                             "tables, not Anki packages");
        if (strcmp(o.file, "-") == 0)
            return cli_usage_error("import", "an Anki package is read from a file, not from "
                                             "standard input");
        return import_package(o.file, o.name, o.force, o.dry_run, o.with_settings);
    }
    if (o.with_settings)
        return cli_usage_error("import", "--with-settings is for Anki packages");
    vg_import_format format = VG_IMPORT_MD;
    if (o.format && !vg_import_format_parse(o.format, &format))
        return cli_usage_error("import", "unknown format '%s' (md, csv, tsv, anki or apkg)",
                               o.format);
    char name[VG_IMPORT_NAME_MAX + 1];
    if ((rc = S_name("import", &o, name)) >= 0)
        return rc;

    vg_error err;
    vg_error_clear(&err);
    char *src = NULL;
    size_t len = 0;
    if (import_read(o.file, VG_DECK_MAX_BYTES, &src, &len, &err) != VG_OK)
        return cli_fail(&err);
    if (!o.format && !vg_import_guess(o.file, src, len, &format)) {
        free(src);
        return cli_usage_error("import",
                               "cannot tell the format of '%s' from its name: add --format md, "
                               "csv, tsv or anki",
                               o.file);
    }

    const char *display = strcmp(o.file, "-") == 0 ? "<stdin>" : o.file;
    vg_import_opts io = {.format = format,
                         .file = display,
                         .title = name,
                         .front_col = o.cols[0],
                         .back_col = o.cols[1],
                         .section_col = o.cols[2],
                         .tags_col = o.cols[3],
                         .detect = !o.format,
                         .no_deck = true,
                         .check = cli_import_check()};
    vg_import_result *res = NULL;
    vg_status st = vg_import(src, len, &io, &res, &err);
    free(src);
    if (!res)
        return cli_fail(&err);
    import_print_notes(res->notes, res->nnotes, display);
    if (st != VG_OK) {
        fprintf(stderr, "vgrev: import: nothing written (%zu error%s)\n", res->errors,
                import_plural(res->errors));
        vg_import_free(res);
        return CLI_ERROR;
    }

    /* Where it goes. */
    char *decks = paths_decks_dir();
    char file[VG_IMPORT_NAME_MAX + 4];
    snprintf(file, sizeof file, "%s.md", name);
    vg_buf msg = VG_BUF_INIT, path = VG_BUF_INIT;
    vg_buf_printf(&path, "%s/%s", decks ? decks : "", file);
    int status = CLI_OK;
    int dfd = -1;
    if (!decks) {
        vg_error_set(&err, VG_NOMEM, NULL, 0, 0, NULL);
        status = cli_fail(&err);
        goto done;
    }
    struct stat dst;
    bool have_dir = lstat(decks, &dst) == 0;
    if (o.dry_run && !have_dir) {
        dfd = -1;
    } else if (import_open_decks(decks, !o.dry_run, &dfd, &err) != VG_OK) {
        status = cli_fail(&err);
        goto done;
    }
    import_target t = import_check_target(dfd, decks, file, &err);
    if (t == IMPORT_REFUSED) {
        status = cli_fail(&err);
        goto done;
    }
    if (t == IMPORT_EXISTS && !o.force) {
        fprintf(stderr, "vgrev: import: there is a deck '%s' already (", name);
        cli_puts_clean(stderr, vg_buf_str(&path));
        fputs("): --force replaces it; nothing written\n", stderr);
        status = CLI_ERROR;
        goto done;
    }
    vg_buf_printf(&msg, "%s '%s' (%s): ", o.dry_run ? "would import" : "imported", name,
                  vg_import_format_name(res->format));
    S_summary(&msg, res);
    if (t == IMPORT_EXISTS) {
        vg_buf_adds(&msg, o.dry_run ? "; would replace the deck" : "; replaced the deck");
        S_compare(&msg, vg_buf_str(&path), res);
    }
    if (!o.dry_run) {
        bool existed;
        if (import_write_deck(dfd, decks, file, res->markdown, res->len, o.force, &existed, &err) !=
            VG_OK) {
            status = cli_fail(&err);
            goto done;
        }
        if (existed) {
            fprintf(stderr, "vgrev: import: a deck '%s' appeared meanwhile: nothing written\n",
                    name);
            status = CLI_ERROR;
            goto done;
        }
    }
    cli_put_clean(stdout, vg_buf_str(&msg), msg.len);
    fputs(o.dry_run ? "\n  nothing written; the deck would be " : "\n  saved as ", stdout);
    cli_puts_clean(stdout, vg_buf_str(&path));
    fputc('\n', stdout);
done:
    if (dfd >= 0)
        close(dfd);
    vg_buf_release(&msg);
    vg_buf_release(&path);
    free(decks);
    vg_import_free(res);
    return status;
}

static const import_opts S_defaults = {.file = NULL, .name = NULL, .format = NULL, .cols = {NULL}};

static const cli_opt S_opts[] = {
    CLI_STRING("name", "NAME", import_opts, name,
               "the deck's name (default: the file's name without its extension); letters, "
               "digits, '-', '_' and '.'; other characters become '-'"),
    CLI_STRING("format", "md|csv|tsv|anki|apkg", import_opts, format,
               "the format (default: from the extension; a file that opens with Anki's "
               "'#separator:' or '#html:' line is Anki's, and so is a tab-separated file whose "
               "fields hold HTML; apkg: an Anki package, .apkg or .colpkg)"),
    CLI_FLAG("force", import_opts, force,
             "replace the deck NAME if there is one (cards whose section and front did not "
             "change keep their progress)"),
    CLI_FLAG("dry-run", import_opts, dry_run,
             "check the file and report what would be imported; write nothing"),
    CLI_FLAG("with-settings", import_opts, with_settings,
             "an Anki package: write the FSRS weights and desired retention of its deck options "
             "to config.yaml (not with --dry-run)"),
    CLI_STRING("front", "COL", import_opts, cols[0],
               "the column of the fronts: a number from 1, or a name from the header"),
    CLI_STRING("back", "COL", import_opts, cols[1], "the column of the backs"),
    CLI_STRING("section", "COL", import_opts, cols[2],
               "the column of the sections (Anki: the deck column)"),
    CLI_STRING("tags", "COL", import_opts, cols[3], "the column of the tags"),
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_END,
};

CLI_COMMAND(import, import_opts, "FILE", "file",
            "add a markdown, CSV, TSV or Anki deck to your decks");
