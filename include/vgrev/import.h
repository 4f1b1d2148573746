/* Importing decks: a markdown notebook, a CSV or TSV file, or Anki's "Notes in Plain Text"
 * export becomes the text of a markdown deck (docs/importing.md has the rules and examples).
 *
 * Pure: bytes in, deck text and a report out; no file system. The command line reads the
 * file and writes the result (src/cli/cmd_import.c).
 *
 *   md    validated with the deck parser (everything `vgrev check` reports) and copied as is
 *   csv   RFC 4180: ',' between fields, '"' quotes fields that hold ',', '"' ("" inside) or
 *         line breaks; a UTF-8 BOM and CRLF are fine; an optional header row names columns
 *   tsv   the same with a tab between fields
 *   anki  Anki's plain-text export: '#separator:', '#html:', '#columns:', '#tags:', '#deck:',
 *         '#notetype column:', '#deck column:', '#tags column:' and '#guid column:' header
 *         lines; fields may be HTML; subdecks 'A::B' become the section "A › B". Older Anki
 *         wrote no header lines (tab-separated, HTML fields, the tags last); a back that
 *         repeats the question above <hr id=answer> starts after the rule
 *
 * In every table, lines before the first row that have no separator are titles or comments
 * (skipped, with a note), a row with a front and no back is skipped, and without a header a
 * last column after the front and back is read as tags when every row holds tags there.
 * Line breaks and list items of a front stay lines of the front.
 *
 * A generated deck is checked the way it will be read: it is parsed with vg_deck_parse() and
 * each card must come out with the text it was made from. Rows whose front repeats one of the
 * same section are skipped (and reported), so the deck never has duplicate ids. Card ids come
 * from the section and the front only, so importing an edited file again keeps the progress
 * of the cards whose section and front did not change. */
#ifndef VGREV_IMPORT_H
#define VGREV_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "vgrev/buf.h"
#include "vgrev/deck.h"
#include "vgrev/error.h"
#include "vgrev/package.h"
#include "vgrev/store.h"

typedef enum vg_import_format {
    VG_IMPORT_MD,
    VG_IMPORT_CSV,
    VG_IMPORT_TSV,
    VG_IMPORT_ANKI,
} vg_import_format;

/* "md", "csv", "tsv" or "anki"; static storage. */
const char *vg_import_format_name(vg_import_format f);

/* Parses a --format value ("md", "markdown", "csv", "tsv", "anki"; any case). */
bool vg_import_format_parse(const char *name, vg_import_format *out);

/* The format of a file from its name and its first bytes: a file that opens with one of
 * Anki's header lines ('#separator:', '#html:', ...) is Anki's export whatever its name;
 * otherwise .md and .markdown are md, .csv csv, .tsv and .tab tsv, .txt tsv (Anki's export
 * without headers: vg_import_opts.detect lets the import recognise it by its HTML). False
 * when neither tells (another extension, no header). */
bool vg_import_guess(const char *filename, const char *src, size_t len, vg_import_format *out);

typedef struct vg_import_opts {
    vg_import_format format;
    const char *file;  /* names the input in messages (may be NULL) */
    const char *title; /* '# Title' of a generated deck; NULL or "": "Imported deck" */
    /* Columns (csv, tsv, anki): a 1-based number, or a name from the header row (csv, tsv)
     * or the '#columns:' line (anki), compared without case. NULL: found by name, else by
     * position (see docs/importing.md). */
    const char *front_col, *back_col, *section_col, *tags_col;
    /* The format was guessed from the file's name: its contents may refine it. A tab-separated
     * file without Anki's header lines whose fields hold HTML (older Anki wrote no headers) is
     * read as Anki's export, and a note says how it was recognised. */
    bool detect;
    /* The caller needs no parsed deck (vg_import_result.deck): a table whose rows are all known
     * to read back as written (a plain front; a back of one paragraph of plain text, line
     * breaks and inline math; no two fronts alike in sections that could share a title) is
     * not parsed back, and its result has deck NULL. The markdown, the notes and the counts
     * are the same either way. */
    bool no_deck;
    /* With no_deck, for tests: a deck left unparsed is parsed all the same, and the import
     * refused (an error note) if the parse finds anything the fast check said it would not. */
    bool check;
} vg_import_opts;

typedef enum vg_import_level {
    VG_IMPORT_ERROR,   /* the import is refused */
    VG_IMPORT_SKIPPED, /* a row was left out; msg says why */
    VG_IMPORT_WARNING, /* a row was imported but something of it was lost or changed */
    VG_IMPORT_INFO,    /* how the file was read: its format recognised, a title line skipped */
} vg_import_level;

typedef struct vg_import_note {
    vg_import_level level;
    unsigned line, col; /* in the input (1-based; col counts characters); 0 when not tied
                         * to a place */
    const char *msg;    /* lower case, subjects quoted; may hold deck text: sanitize to print */
} vg_import_note;

typedef struct vg_import_result {
    vg_import_format format; /* the format read: opts->format, or anki when recognised */
    const char *markdown;    /* the deck's text (md: the input's bytes); NULL when refused */
    size_t len;
    const vg_deck *deck;    /* markdown parsed (its file is opts->file); NULL when refused, or
                             * not parsed (vg_import_opts.no_deck) */
    size_t cards, sections; /* the deck's (deck->ncards, deck->nsections) */
    size_t rows;    /* data rows read (csv, tsv, anki; blank lines and headers not counted) */
    size_t skipped; /* rows left out */
    size_t errors;  /* notes of level VG_IMPORT_ERROR */
    vg_import_note *notes; /* in input order */
    size_t nnotes;
    struct vg_arena *arena; /* private */
} vg_import_result;

/* Imports src[0..len) (need not be NUL-terminated). Returns VG_OK with the deck in *out, or
 * an error status with err set to the first error (file:line:col: message); VG_NOMEM when
 * memory ran out. Except for VG_NOMEM and VG_INVALID (bad arguments), *out is set either way:
 * when the import is refused it holds every error as a note (and the skipped rows and
 * warnings found before), and markdown and deck are NULL. The caller frees *out with
 * vg_import_free(). Refused: invalid UTF-8, a NUL byte, an empty file, more than
 * VG_DECK_MAX_BYTES, an unclosed quote, an unknown Anki separator, no front or back column,
 * a markdown deck with errors, and a deck without a single card. */
vg_status vg_import(const char *src, size_t len, const vg_import_opts *opts, vg_import_result **out,
                    vg_error *err);

void vg_import_free(vg_import_result *r);

enum { VG_IMPORT_NAME_MAX = 64 };

/* Reduces want to a deck name that is a safe file name: ASCII letters, digits, '-', '_' and
 * '.'; every other character (and run of them) becomes one '-'; runs of '.' or '-' become
 * one; no leading or trailing '.' or '-'; a trailing ".md" goes; at most VG_IMPORT_NAME_MAX
 * bytes. So "../x" is "x", "/etc/passwd" "etc-passwd", "My Deck" "My-Deck". Returns false
 * when nothing is left ("..", "///", "日本"). */
bool vg_import_name(const char *want, char out[VG_IMPORT_NAME_MAX + 1]);

/* ---- Anki packages (import/package.c; docs/importing.md) --------------------------------
 * A package read by vg_package_read() becomes one markdown deck per top-level Anki deck
 * (subdecks as sections and subsections), and each of its cards a vgrev card with the review
 * log it had in Anki. Basic notes are bold-term cards, Basic (and reversed card) notes
 * reversed cards ("- **Front**::: back"), Cloze notes bullets in Anki's cloze syntax; fields
 * are read as the Anki export's HTML fields are (vg_import), images and sounds written as
 * "[image: name]" and "[sound: name]", tags in a comment after the front. An Anki card meets its
 * vgrev card through the parsed deck (vg_card.note, .reverse, .cloze), never through ids. */

typedef struct vg_pkg_file {
    char name[VG_IMPORT_NAME_MAX + 1]; /* the deck's file name without .md */
    const char *anki_deck;             /* the top-level Anki deck */
    const char *markdown;
    size_t len;
    const vg_deck *deck; /* markdown parsed (file NAME.md) */
    size_t notes, cards; /* written; its cards */
} vg_pkg_file;

/* The progress of one card: the answers of its Anki log (rating 1-4, time, duration). */
typedef struct vg_pkg_record {
    size_t file; /* index in vg_pkg_result.files */
    char id[VG_CARD_ID_LEN + 1];
    const char *section, *front; /* what the progress record shows */
    int64_t anki_card;
    const vg_review *reviews; /* by time */
    size_t nreviews;
    /* Anki's history of the card starts after this time (a reset, or the last time it was
     * learned from new): the answers before it stay in the log, the scheduler starts at a
     * New card after it (vg_store_forget). 0: from the first answer. */
    vg_time reset_at;
    bool suspended, buried;
} vg_pkg_record;

/* What one note type gave. */
typedef struct vg_pkg_type {
    const char *name;
    vg_package_kind kind;
    bool occlusion; /* Anki's Image Occlusion */
    bool converted;
    size_t notes, cards, reviews, media; /* imported (or, when not converted, left out) */
} vg_pkg_type;

typedef struct vg_pkg_result {
    vg_pkg_file *files;
    size_t nfiles;
    vg_pkg_record *records;
    size_t nrecords;
    vg_pkg_type *types;
    size_t ntypes;
    size_t notes, cards, reviews, media; /* imported in all */
    size_t rows_left_out;                /* revlog rows that are no answers */
    /* The deck options most imported cards use, when they hold FSRS weights or a desired
     * retention (NULL otherwise); borrowed from the package. */
    const vg_package_config *config;
    double desired_retention;  /* the config's, or a deck's own override; 0: none */
    vg_import_note *notes_out; /* what was left out or changed, in the package's order */
    size_t nnotes;
    struct vg_arena *arena; /* private */
} vg_pkg_result;

/* Converts pkg (file names it in messages). VG_OK with *out, or an error (VG_PARSE when no
 * note could become a card) with err set; VG_NOMEM. Free *out with vg_pkg_result_free(). */
vg_status vg_import_package(const vg_package *pkg, const char *file, vg_pkg_result **out,
                            vg_error *err);
void vg_pkg_result_free(vg_pkg_result *r);

/* ---- export (src/core/import/export.c) ---- */

typedef struct vg_export_opts {
    vg_import_format format; /* csv, tsv or anki (md: VG_INVALID, a deck is markdown) */
    /* The deck's text (may be NULL): the tags an import kept in a comment after each front. */
    const char *src;
    size_t len;
    /* More columns (the progress): their names, and deck->ncards * nextra cells row by row
     * (NULL or "": empty). anki has no column for them: they become tags vgrev::NAME::VALUE. */
    const char *const *extra_names;
    const char *const *extra;
    size_t nextra;
} vg_export_opts;

/* Appends deck to out as a file `vgrev import` reads back with every card and its id: a
 * header row (Front, Back, Section, Tags and the extra names), then one row per card (a
 * reversed note once). csv and tsv hold plain text, the front in its source form (the id's
 * text: marks as written, math as $...$); anki is "Notes in Plain Text" with header lines
 * and HTML fields, sections as its deck column ("A › B" as the subdeck "A::B"). */
vg_status vg_export(const vg_deck *deck, const vg_export_opts *opts, vg_buf *out, vg_error *err);

#endif
