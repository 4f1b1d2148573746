/* vgrev export [DECK] --format csv|tsv|anki: a deck in a format `vgrev import` (and Anki, or
 * a spreadsheet) reads back; the conversion is the core's (vg_export). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "options.h"
#include "paths.h"
#include "vgrev/file.h"
#include "vgrev/import.h"

static const char S_about[] =
    "Writes a deck as CSV, TSV or Anki's \"Notes in Plain Text\" (with HTML fields), the\n"
    "formats 'vgrev import' reads: importing the file again gives back every card with its\n"
    "id, so its progress. The format is --format, else the extension of -o FILE (.tsv,\n"
    ".txt for Anki), else csv. --progress adds each card's state, due time, interval, reviews and "
    "lapses\n"
    "(columns in csv and tsv; tags vgrev::NAME::VALUE for Anki). See docs/importing.md.\n";

typedef struct export_opts {
    const char *format, *output;
    bool progress;
} export_opts;

enum { S_NEXTRA = 5 };
static const char *const S_extra_names[S_NEXTRA] = {"State", "Due", "Interval", "Reviews",
                                                    "Lapses"};

/* The progress cells of every card (deck->ncards * S_NEXTRA strings, "" for a new card); the
 * caller frees each and the array. */
static char **S_progress_cells(const cli_reading *r, const char *spec)
{
    char *name = cli_deck_name(spec);
    char **cells = calloc(r->deck->ncards * S_NEXTRA + 1, sizeof *cells);
    for (size_t k = 0; name && cells && k < r->deck->ncards; k++) {
        vg_record *rec = vg_store_find(r->store, name, r->deck->cards[k].id);
        char **row = cells + k * S_NEXTRA;
        if (!rec || !rec->nreviews) {
            row[0] = strdup(rec && rec->suspended ? "suspended" : "new");
            continue;
        }
        vg_store_replay_record(&r->sched, rec);
        char due[VG_TIME_ISO_MAX];
        vg_time_format(rec->sched.due, due, sizeof due);
        vg_buf b = VG_BUF_INIT;
        row[0] = strdup(rec->suspended ? "suspended" : vg_card_state_name(rec->sched.state));
        row[1] = strdup(due);
        vg_buf_printf(&b, "%d", (int)rec->sched.scheduled_days);
        row[2] = vg_buf_detach(&b);
        vg_buf_printf(&b, "%zu", rec->nreviews);
        row[3] = vg_buf_detach(&b);
        vg_buf_printf(&b, "%d", (int)rec->sched.lapses);
        row[4] = vg_buf_detach(&b);
    }
    free(name);
    return cells;
}

/* The format a file's name asks for: .tsv and .tab TSV, .txt Anki's (its export's name),
 * anything else CSV. */
static vg_import_format S_format_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (dot && (!strcmp(dot, ".tsv") || !strcmp(dot, ".tab")))
        return VG_IMPORT_TSV;
    return dot && !strcmp(dot, ".txt") ? VG_IMPORT_ANKI : VG_IMPORT_CSV;
}

/* On a terminal the deck's text is shown, not stored: each field between tabs and line
 * breaks sanitized (an escape sequence in a card must not reach the terminal). */
static void S_print_clean(const vg_buf *out)
{
    for (size_t i = 0; i < out->len;) {
        size_t n = strcspn(out->data + i, "\t\n");
        cli_put_clean(stdout, out->data + i, n);
        i += n;
        if (i < out->len)
            putchar(out->data[i++]);
    }
}

static int S_run(const void *opts, int argc, char **argv)
{
    const export_opts *o = opts;
    const char *spec = argc ? argv[0] : NULL;
    vg_import_format format = VG_IMPORT_CSV;
    if (o->format && (!vg_import_format_parse(o->format, &format) || format == VG_IMPORT_MD))
        return cli_usage_error("export", "--format is csv, tsv or anki, not '%s'", o->format);
    if (!o->format && o->output)
        format = S_format_of(o->output);

    vg_error err;
    vg_error_clear(&err);
    cli_reading r = {0};
    vg_status st =
        o->progress ? cli_reading_deck(&r, spec, &err) : cli_deck_open(spec, &r.deck, &err);
    if (st != VG_OK) {
        cli_reading_release(&r);
        return cli_fail(&err);
    }
    /* The deck's text for the tags an import kept (not the built-in deck: none there). */
    vg_buf src = VG_BUF_INIT;
    if (spec &&
        vg_file_read(&src, r.deck->file, VG_DECK_MAX_BYTES, VG_FILE_REGULAR, NULL) != VG_FILE_DONE)
        src.len = 0;
    char **cells = o->progress ? S_progress_cells(&r, spec) : NULL;
    vg_export_opts eo = {.format = format,
                         .src = src.len ? src.data : NULL,
                         .len = src.len,
                         .extra_names = S_extra_names,
                         .extra = (const char *const *)cells,
                         .nextra = o->progress ? S_NEXTRA : 0};
    vg_buf out = VG_BUF_INIT;
    int status = CLI_OK;
    if (o->progress && !cells)
        st = vg_error_set(&err, VG_NOMEM, NULL, 0, 0, NULL);
    else
        st = vg_export(r.deck, &eo, &out, &err);
    if (st == VG_OK && o->output) {
        if (vg_file_replace(AT_FDCWD, o->output, out.data, out.len, 0644, 0) != VG_FILE_DONE)
            vg_error_set(&err, VG_IO, o->output, 0, 0, "cannot write: %s", strerror(errno));
    } else if (st == VG_OK && isatty(STDOUT_FILENO)) {
        S_print_clean(&out);
    } else if (st == VG_OK) {
        fwrite(out.data, 1, out.len, stdout);
    }
    if (err.status != VG_OK)
        status = cli_fail(&err);
    for (size_t i = 0; cells && i < r.deck->ncards * S_NEXTRA; i++)
        free(cells[i]);
    free(cells);
    vg_buf_release(&out);
    vg_buf_release(&src);
    cli_reading_release(&r);
    return status;
}

static const export_opts S_defaults = {.format = NULL, .output = NULL, .progress = false};

static const cli_opt S_opts[] = {
    CLI_STRING("format", "csv|tsv|anki", export_opts, format,
               "the format (default: from -o's extension, .txt for anki; else csv)"),
    {"output", 'o', CLI_OPT_FILE, "FILE", "write to FILE (default: standard output)",
     offsetof(export_opts, output), NULL},
    CLI_FLAG("progress", export_opts, progress,
             "add each card's state, due time, interval, reviews and lapses"),
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_END,
};

CLI_COMMAND(export, export_opts, "[DECK]", "deck",
            "write a deck as CSV, TSV or Anki text, for import elsewhere");
