/* Private to the files of src/core/import: the stages of an import.
 *
 *   import/csv.c   bytes -> records: RFC 4180 fields with their lines and columns, Anki's
 *                  header lines
 *   import/field.c  one field (plain text or Anki's HTML) -> rich text (vg_ir): styles,
 *                  line breaks, paragraphs, lists, math, cloze deletions, media reported
 *   import/html.c   Anki's HTML: character references, tags, the text of a fragment
 *   import/rich_text.c  the rich text a field becomes (vg_ir), fronts and backs made of it
 *   import/markdown.c    rich text -> markdown that the deck parser reads back as the same text
 *   import/import.c       the API: columns, rows, sections, the markdown deck, checking it by
 *                  parsing it, the report; markdown input; deck names */
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
    size_t off, len;    /* the unquoted text, in the record's buf */
    unsigned line, col; /* where the field starts in the input */
} vg_csv_field;

typedef struct vg_csv_record {
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
} vg_csv;

enum { VG_CSV_MAX_FIELDS = 4096 };

/* Starts reading s[0..n) at offset start (a line start on line `line`). */
void vg_csv_init(vg_csv *c, const char *s, size_t n, size_t start, unsigned line, char delim,
                 const char *file);
void vg_csv_record_release(vg_csv_record *r);
/* The field's text as a pointer into r->buf (not NUL-terminated; use f->len). */
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
    enum { VG_CLOZE_NONE, VG_CLOZE_QUESTION, VG_CLOZE_ANSWER } cloze;
} vg_field_opts;

/* What a field had that a deck cannot show. */
typedef struct vg_field_report {
    size_t images, sounds, media, tables;
    char first_image[64], first_sound[64];
    unsigned long long clozes; /* bit n-1: cloze number n was seen (1..64) */
} vg_field_report;

/* Converts one field into ir (appending). */
void vg_field_convert(const char *s, size_t len, const vg_field_opts *o, vg_ir *ir,
                      vg_field_report *rep);
/* True when s holds an Anki cloze deletion ({{c1::...}}). */
bool vg_field_has_cloze(const char *s, size_t len);
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
/* Appends a card: "- **front**: back" with the back's further blocks indented under it. The
 * front must be one paragraph (vg_ir_front). tags (may be NULL or ""; only characters that
 * are safe in an HTML comment) go in a comment after the front. */
void vg_md_card(vg_buf *out, const vg_ir *front, const vg_ir *back, const char *tags);

#endif
