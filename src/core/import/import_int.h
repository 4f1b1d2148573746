/* Private to the files of src/core/import: the stages of an import.
 *
 *   import/csv.c   bytes -> records: RFC 4180 fields with their lines and columns, Anki's
 *                  header lines
 *   import/field.c  one field (plain text or Anki's HTML) -> rich text (vg_ir): styles,
 *                  line breaks, paragraphs, lists, math, cloze deletions, media reported
 *   import/html.c   Anki's HTML: character references, tags, the text of a fragment
 *   import/rich_text.c  the rich text a field becomes (vg_ir), fronts and backs made of it
 *   import/markdown.c    rich text -> markdown that the deck parser reads back as the same text
 *   import/import.c the API: formats, deck names, sections, tags, groups; markdown input
 *   import/header.c what a table's head says: Anki's header lines, a header row, the columns
 *   import/rows.c   records -> rows (front, back, section, tags), a column of tags guessed
 *   import/report.c rows -> the markdown deck, parsed back and checked card by card; the
 *                  report by input line
 *   import/readback.c  the rows known to read back as written without that parse */
#ifndef VG_IMPORT_INT_H
#define VG_IMPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "vgrev/buf.h"
#include "vgrev/import.h"
#include "vgrev/text.h"

/* ASCII letters and digits, and lower case, for names and tags. */
static inline char vg_import_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static inline bool vg_import_is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool vg_import_is_alnum(char c)
{
    return vg_import_is_alpha(c) || (c >= '0' && c <= '9');
}

/* ---- positions (import/csv.c) ---- */

/* Line and column (characters, 1-based) of src[off]: line ends are LF, CRLF or a lone CR; a
 * BOM does not count. As for decks, so a position means the same in both. */
void vg_import_locate(const char *src, size_t len, size_t off, unsigned *line, unsigned *col);

/* ---- records (import/csv.c) ---- */

typedef struct vg_csv_field {
    size_t off, len;    /* the unquoted text: in the record's buf, or in the input (in_src) */
    unsigned line, col; /* where the field starts in the input */
    bool in_src;        /* the text is the input's own bytes (no "" or CR in it): not copied */
} vg_csv_field;

typedef struct vg_csv_record {
    const char *src; /* the input (vg_csv.s), for fields in_src */
    vg_buf buf;
    vg_csv_field *fields;
    size_t nfields, cap_fields;
    unsigned line, col;             /* of the record's first character */
    unsigned stray_line, stray_col; /* text after a closing quote (0: none) */
    bool blank;                     /* one empty, unquoted field: a blank line */
} vg_csv_record;

typedef struct vg_csv {
    const char *s; /* the whole input */
    size_t n, i;
    unsigned line;     /* of s[i] */
    size_t line_start; /* offset of the line's first character (after a BOM) */
    char delim;
    bool comments; /* a record that starts with '#' is a comment (Anki) */
    const char *file;
    size_t col_line, col_off; /* the last column counted: line_start + 1 (0: none), offset */
    unsigned col;
} vg_csv;

enum { VG_CSV_MAX_FIELDS = 4096 };

/* Starts reading s[0..n) at offset start (a line start on line `line`). */
void vg_csv_init(vg_csv *c, const char *s, size_t n, size_t start, unsigned line, char delim,
                 const char *file);
void vg_csv_record_release(vg_csv_record *r);
/* The field's text, in r->buf or in the input when f->in_src (not NUL-terminated; use
 * f->len). A field in the input lives as long as the input; one in r->buf until the next
 * record is read. */
const char *vg_csv_text(const vg_csv_record *r, const vg_csv_field *f);

/* Reads the next record into r: 1 when one was read, 0 at the end of the input, -1 on an
 * error (err set: an unclosed quote, too many fields, out of memory). */
int vg_csv_next(vg_csv *c, vg_csv_record *r, vg_error *err);

/* ---- rich text (import/rich_text.c) ---- */

typedef struct vg_ir_span {
    size_t off, len; /* in text */
    unsigned style;  /* enum vg_style */
} vg_ir_span;

typedef struct vg_ir_block {
    vg_block_kind kind;
    unsigned depth, ordinal;
    size_t first, n; /* spans[first .. first+n) */
} vg_ir_block;

/* Rich text being built, with the builder's state. A '\n' in a span is a hard line break. */
typedef struct vg_ir {
    vg_buf text;
    vg_ir_span *spans;
    size_t nspans, cap_spans;
    vg_ir_block *blocks;
    size_t nblocks, cap_blocks;
    bool failed;
    /* builder */
    bool space;      /* a space goes before the next text */
    unsigned breaks; /* line breaks to put before the next text */
    bool para;       /* the next text starts a new paragraph */
    unsigned depth;  /* list depth of new paragraphs */
    unsigned space_style;
} vg_ir;

/* Whitespace (U+00A0 counts) and control characters, as field text reads them. */
static inline bool vg_ir_is_ws(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
           cp == 0xA0;
}

static inline bool vg_ir_is_control(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
}

void vg_ir_init(vg_ir *ir);
void vg_ir_release(vg_ir *ir);
void vg_ir_clear(vg_ir *ir);
/* Text in a style: runs of whitespace become one space (not in VG_STYLE_CODE, where only
 * line breaks and tabs become spaces); control characters go; U+00A0 is a space. */
void vg_ir_text(vg_ir *ir, const char *s, size_t len, unsigned style);
/* A math span (raw LaTeX, trimmed); style: VG_STYLE_DISPLAY and emphasis (bold, italic). */
void vg_ir_math(vg_ir *ir, const char *tex, size_t len, unsigned style);
void vg_ir_break(vg_ir *ir); /* a line break; two in a row: a paragraph */
void vg_ir_para(vg_ir *ir);  /* the end of a paragraph */
void vg_ir_item(vg_ir *ir, unsigned depth, unsigned ordinal); /* a list item starts */
void vg_ir_code_block(vg_ir *ir, const char *s, size_t len);
void vg_ir_end(vg_ir *ir); /* trailing spaces, breaks and empty blocks go */
/* True when the text has no character to show. */
bool vg_ir_empty(const vg_ir *ir);
/* One paragraph: its line breaks kept, blocks on lines of their own (list items after their
 * marker, "• " or "1. "), bold dropped (a front is bold already). With trim, a trailing ':'
 * and spaces dropped as the deck parser does with the text in the bold: what the front reads
 * as once written (untrimmed). */
void vg_ir_front(const vg_ir *src, vg_ir *dst, bool trim);
/* Appends src's blocks to dst as paragraphs that follow (another field of a back). */
void vg_ir_append(vg_ir *dst, const vg_ir *src);
/* A view of the text as vg_rich: blocks and spans in the arena, text borrowed from ir. */
bool vg_ir_rich(const vg_ir *ir, vg_arena *a, vg_rich *out);

/* How a field is read. */
typedef struct vg_field_opts {
    bool html;        /* Anki's HTML: tags, entities; line breaks in the source are spaces */
    bool dollar_math; /* $...$ and $$...$$ are math (csv, tsv); \(...\) and \[...\] always */
    bool plain;       /* no styles, no math: the fallback when the markdown did not read back */
    bool media_text;  /* images and sounds stay as "[image: name]", "[sound: name]" (packages,
                       * whose media are copied beside the deck) */
} vg_field_opts;

/* What a field had that a deck cannot show. */
typedef struct vg_field_report {
    size_t images, sounds, media, tables;
    char first_image[64], first_sound[64];
} vg_field_report;

/* Converts one field into ir (appending). */
void vg_field_convert(const char *s, size_t len, const vg_field_opts *o, vg_ir *ir,
                      vg_field_report *rep);
/* The numbers of the Anki cloze deletions ({{cN::...}}, N 1 to 64, with a "}}" after) s
 * holds: bit N-1 for N; 0 when none. */
unsigned long long vg_field_clozes(const char *s, size_t len);
/* Where a field shows that it is HTML: the first tag Anki's editor writes (<br>, <div>,
 * <b>, ...) or character reference (&nbsp;, &#39;, ...), at s[*at .. *at + *n). */
bool vg_field_html_hint(const char *s, size_t len, size_t *at, size_t *n);
/* Anki's rule between the question and the answer of a card (<hr id=answer>, any case, the
 * id quoted or not): true when s has one, with the last one at s[*rule] and the answer
 * starting at s[*after] (line breaks and spaces after the rule skipped). */
bool vg_field_answer_rule(const char *s, size_t len, size_t *rule, size_t *after);
/* Plain text of a field for a section title or tags: tags dropped and entities decoded when
 * html, whitespace folded, control characters dropped. Appends to out. */
void vg_field_plain(const char *s, size_t len, bool html, vg_buf *out);

/* ---- Anki's HTML (import/html.c) ---- */

enum { VG_HTML_TAG_MAX = 16, VG_HTML_ATTR_MAX = 64 };

typedef struct vg_html_tag {
    char name[VG_HTML_TAG_MAX + 1]; /* lower case; "" when longer than VG_HTML_TAG_MAX */
    bool end;                       /* </name> */
    size_t len;                     /* of the whole tag */
    char src[VG_HTML_ATTR_MAX];     /* src="..." (images), decoded, cut */
    bool block;                     /* block="true" (anki-mathjax) */
    bool answer;                    /* id="answer" (Anki's rule between question and answer) */
} vg_html_tag;

/* Tags by what they mean to a field (NULL-terminated names, lower case). */
extern const char *const vg_html_bold_tags[];
extern const char *const vg_html_italic_tags[];
extern const char *const vg_html_code_tags[];
extern const char *const vg_html_line_tags[];
extern const char *const vg_html_heading_tags[];
extern const char *const vg_html_skip_tags[]; /* their content is not text a card could show */
extern const char *const vg_html_media_tags[];
extern const char *const vg_html_media_skip[]; /* media whose content is skipped too */

/* A character reference at s[0..len) (s[0] == '&'): its length, with the character in
 * *cp; 0 when there is none (the '&' is then a character). */
size_t vg_html_entity(const char *s, size_t len, uint32_t *cp);
/* Copies at most size-1 bytes of s[0..len) to out, cut at a character boundary. */
void vg_html_copy_cut(char *out, size_t size, const char *s, size_t len);
/* A tag at s[0] == '<'; false when it is not one (then '<' is a character). */
bool vg_html_parse_tag(const char *s, size_t len, vg_html_tag *t);
/* Is t one of names? */
bool vg_html_is(const vg_html_tag *t, const char *const *names);
/* Where the end tag </name> starts in s[from..len) (case-insensitive), or len. */
size_t vg_html_find_end(const char *s, size_t len, size_t from, const char *name);
/* Past the '>' of the tag starting at s[i] (or len). */
size_t vg_html_past_tag(const char *s, size_t len, size_t i);
/* Text of HTML s[0..len): tags dropped (<br> and block tags become '\n' when keep_lines),
 * entities decoded. Appends to out. */
void vg_html_text(const char *s, size_t len, bool keep_lines, vg_buf *out);

/* ---- markdown (import/markdown.c) ---- */

/* Appends plain text escaped so that markdown shows it as written, on one line (a heading,
 * a title). */
void vg_md_plain(vg_buf *out, const char *s, size_t len);
/* Appends a card: "- **front**: back" with the back's further blocks indented under it, sep
 * after the bold (":", or ":::" for a reversed card). The front must be one paragraph
 * (vg_ir_front); NULL: a plain bullet whose first paragraph is back's first block (a cloze
 * note). tags (may be NULL or ""; only characters that are safe in an HTML comment) go in a
 * comment after the front. */
void vg_md_note(vg_buf *out, const vg_ir *front, const char *sep, const vg_ir *back,
                const char *tags);

/* ---- the import (import/import.c, header.c, rows.c, report.c) ---- */

typedef struct vg_imp_note {
    vg_import_note note;
    size_t seq;
} vg_imp_note;

typedef struct vg_imp_row {
    unsigned line, col;   /* of the record */
    unsigned fline, fcol; /* of the front field */
    const char *front, *back;
    size_t front_len, back_len;
    const char **extra; /* further fields of an Anki note, added to the back */
    size_t *extra_len;
    size_t nextra;
    const char *section; /* "" when none */
    const char *tags;    /* "" when none */
    unsigned stray_line, stray_col;
    const char *cand; /* the last field, when it may be a column of tags (vg_imp.tag_guess) */
    size_t cand_len, cand_field;
    unsigned cand_line, cand_col;
    unsigned rule_line, rule_col; /* an <hr id=answer> after text that is not the front */
    size_t group;
    unsigned level; /* 0: as written; 1: without styles and math */
    bool skip;
    bool reversed;     /* its note type is a reversed one (Anki's "... reversed card") */
    unsigned out_line; /* of its card in the markdown */
    /* What vg_imp_generate made of it, so that the check and the report need not convert the
     * fields again: its front and back as the deck will render them (vg_imp.want[want_off ..
     * + want_front + want_back)), its cloze numbers, what it lost (NULL: nothing). */
    size_t want_off, want_front, want_back;
    unsigned long long clozes;
    const vg_field_report *rep;
} vg_imp_row;

typedef struct vg_imp {
    const char *src;
    size_t len;
    const vg_import_opts *o;
    const char *file;
    vg_import_result *r;
    vg_arena *a;
    vg_imp_note *notes;
    size_t nnotes, cap_notes;
    bool nomem;
    vg_error *err;
    bool have_err;

    /* tables */
    char delim;
    bool html, anki, dollar_math;
    bool headless;      /* anki: no header lines (older Anki, or recognised by its HTML) */
    bool tag_guess;     /* no header names the columns: the last may hold tags (vg_imp_row.cand) */
    unsigned anki_keys; /* header lines read */
    unsigned *titles;   /* lines before the first row with no separator: titles, comments */
    size_t ntitles, cap_titles;
    size_t data_start;
    unsigned data_line;
    const char **labels; /* '#columns:' or the header row */
    size_t nlabels;
    unsigned header_line;
    long col_front, col_back, col_section, col_tags; /* 0-based; -1 none */
    long meta[4];                                    /* anki: guid, notetype, deck, tags */
    size_t expect_fields;                            /* csv, tsv: fields per row */
    const char *global_deck, *global_tags;
    vg_imp_row *rows;
    size_t nrows, cap_rows;
    const char **groups; /* section titles; groups[0] = "" */
    size_t ngroups, cap_groups;
    size_t *map; /* open addressing: group index + 1 */
    size_t map_cap;
    vg_buf want; /* the rows' rendered fronts and backs (vg_imp_row.want_off) */
    /* The previous row's section field, its title and group (rows of a section mostly come
     * together: read once). last_group SIZE_MAX: not looked up yet. */
    const char *last_sec, *last_title;
    size_t last_sec_len, last_group;
    /* No parse back (vg_import_opts.no_deck): every row written so far reads back as written
     * (vg_imp_reads_back) and no two could share an id (keys: a set of their
     * vg_imp_front_key). cards and sections count the deck then. */
    bool fast;
    bool cross_check; /* vg_import_opts.check: the deck is parsed all the same and compared */
    uint64_t *keys;
    size_t nkeys, keys_cap;
    size_t cards, sections;
} vg_imp;

/* s[0..len) ("" for NULL) in the import's arena; NULL (and im->nomem) when out of memory. */
char *vg_imp_dup(vg_imp *im, const char *s, size_t len);
/* A note at line:col for the report; the first error is also im->err. */
__attribute__((format(printf, 5, 6))) void vg_imp_note_add(vg_imp *im, vg_import_level level,
                                                           unsigned line, unsigned col,
                                                           const char *fmt, ...);
/* A short, one-line form of s for messages: whitespace folded, at most 40 characters (then
 * "…"), never half a character. Returns out. */
const char *vg_imp_short(const char *s, char out[200]);
/* The length of a UTF-8 byte order mark at s (0 or 3). */
size_t vg_imp_bom(const char *s, size_t len);
/* Trims spaces and tabs from both ends of s[*a..*b). */
void vg_imp_trim(const char *s, size_t *a, size_t *b);
/* Case-insensitive equality of s[0..len) and the lower-case word w. */
bool vg_imp_eq_ci(const char *s, size_t len, const char *w);
/* The keys of Anki's header lines ("separator", "html", ...), NULL-terminated. */
extern const char *const vg_imp_anki_keys[];
/* The Anki header key of the line s[a..e) ("#key:value") as an index of vg_imp_anki_keys (-1:
 * none); *value is where its value starts. */
int vg_imp_anki_key(const char *s, size_t a, size_t e, size_t *value);
/* The end of the line that s[i] is on ('\n', '\r' or len). */
size_t vg_imp_eol(const char *s, size_t len, size_t i);
/* A section title from a field: plain text; Anki's subdecks "A::B" become "A › B". */
const char *vg_imp_section(vg_imp *im, const char *s, size_t len);
/* A character a tag may keep (safe inside the HTML comment the tags go in). */
bool vg_imp_tag_char(char c);
/* Tags, space-separated, safe inside an HTML comment. */
void vg_imp_add_tags(vg_buf *out, const char *s, size_t len, bool html);
/* The group (section) titled title, added when new; SIZE_MAX when out of memory. */
size_t vg_imp_group(vg_imp *im, const char *title);

/* What a table's head says (import/header.c). */
bool vg_imp_anki_header(vg_imp *im); /* Anki's '#key:value' lines; false on an error */
bool vg_imp_detect(vg_imp *im);      /* tab-separated Anki export, by the HTML in its fields? */
bool vg_imp_is_header(const vg_imp *im, const vg_csv_record *r); /* the first record */
bool vg_imp_take_labels(vg_imp *im, const vg_csv_record *r);     /* column labels from r */
/* Decides the columns; ncols is the number of fields of the first row. False on an error. */
bool vg_imp_columns(vg_imp *im, size_t ncols);
/* Is column col one of Anki's meta columns (guid, notetype, deck, tags)? */
bool vg_imp_is_meta(const vg_imp *im, long col);

/* The rows (import/rows.c). */
vg_status vg_imp_read_table(vg_imp *im);
/* A last column that no header names: the rows' tags when every row holds tags there (and
 * one at least holds some), else left out with a warning that says why. */
void vg_imp_guess_tags(vg_imp *im);

/* Rows known to read back without a parse (import/readback.c). */
/* True when the card vg_md_note writes of front (one paragraph: vg_ir_front, untrimmed) and
 * back is read back by the deck parser with exactly this text and no diagnostic. */
bool vg_imp_reads_back(const vg_ir *front, const vg_ir *back);
/* A key of a section title such that titles the deck reads as one have one key. */
uint64_t vg_imp_title_key(const char *title);
/* The key of a front that vg_imp_reads_back accepted, in the section of title_key: equal for
 * cards the deck would give one id. */
uint64_t vg_imp_front_key(uint64_t title_key, const vg_ir *front);
/* Adds key to im->keys; false when it was there already, or memory ran out (im->nomem). */
bool vg_imp_key_add(vg_imp *im, uint64_t key);

/* The deck and the report (import/report.c); order: the rows by group. */
void vg_imp_generate(vg_imp *im, const size_t *order, vg_buf *md); /* rows get out_line */
/* Parses the markdown and checks every card against its row. Returns true when a row
 * changed (left out, or to be written without styles): the deck must be written again. */
bool vg_imp_verify(vg_imp *im, const size_t *order, const vg_buf *md, vg_deck **out);
/* Notes about what each imported row lost, and the deck's warnings, by row. */
void vg_imp_report(vg_imp *im, const size_t *order, const vg_deck *deck);

#endif
