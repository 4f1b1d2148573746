/* Private to the files of src/core/deck: the pieces of the deck parser.
 *
 *   deck/load.c       API; reading, UTF-8 checks, CRLF/BOM, splitting the source at '##' headings
 *   deck/math_scan.c  the pre-scan: math spans of the raw source become placeholders cmark ignores
 *   deck/outline.c  front matter, and the section level from a line scan of the whole source
 *   deck/convert.c  the builder: one cmark document (a piece of the source) at a time -> sections,
 *                   cards, diagnostics; positions, messages; the finished deck
 *   deck/blocks.c   the block walker: cmark blocks and inlines -> rich text, placeholders resolved
 *   deck/headings.c sections and subsections from headings
 *   deck/cards.c    a piece's top-level nodes: cards, ids, what only looks like a card
 *   deck/table.c pipe tables: a paragraph cmark read (it has no table extension) -> cells
 *   deck/cloze.c    cloze deletions: markup checked in the source, a note's cards from its text
 *   deck/cmark_mem.c cmark's allocations, freed all at once when memory runs out
 *
 * Placeholders. cmark must not see LaTeX (its escapes and emphasis rules would change it), so
 * before parsing, every math span is replaced by a token: U+FDD0 followed by VG_PH_DIGITS
 * letters 'a'..'z' naming the span (base 26). A span over several lines keeps its line
 * breaks and the indentation of each further line; the rest of each further line up to
 * the span's end becomes U+FDD1 ("the next line of the last span"). Both are Unicode
 * noncharacters that cmark treats like letters. A U+FDD0 or U+FDD1 that is in the deck
 * itself becomes a LITERAL placeholder too, so a token can never be forged by deck text.
 * After parsing, tokens in text become math spans; tokens in code, HTML and titles become
 * the raw source they replaced. */
#ifndef VG_DECK_INT_H
#define VG_DECK_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "vgrev/buf.h"
#include "vgrev/deck.h"

#define VG_PH_LEAD "\xEF\xB7\x90" /* U+FDD0 */
#define VG_PH_CONT "\xEF\xB7\x91" /* U+FDD1 */
enum {
    VG_PH_DIGITS = 6, /* 26^6 placeholders per piece: more than a 256 MB source can hold */
    VG_PH_TOKEN = 3 + VG_PH_DIGITS,
    VG_TICKS_MAX = 1000, /* longer backtick strings never open a code span (as in cmark) */
};

/* Grows the array *p of elements of size elem so it holds at least need; false when out of
 * memory (the array is then unchanged). The core's one growth idiom (vgrev/buf.h). */
#define vg_deck_grow vg_grow

/* Reads the deck file at path whole (errors as vg_deck_load's); *buf is the caller's to free. */
vg_status vg_deck_read(const char *path, char **buf, size_t *len, vg_error *err);

/* The 64-bit FNV-1a hash of a card id (see vg_card_id()) and its 16 hex digits.
 * vg_deck_fnv() goes on from state h over s with whitespace folded; vg_deck_hash_title() is
 * the state after a section title and the 0x1F separator. */
uint64_t vg_deck_fnv(uint64_t h, const char *s);
uint64_t vg_deck_hash_title(const char *section_title);
uint64_t vg_deck_hash(const char *section_title, const char *front_src);
/* The state after a subsection and a 0x1F separator; title_state itself when the subsection
 * is empty or only whitespace (see vg_card_id_sub()). */
uint64_t vg_deck_hash_sub(uint64_t title_state, const char *subsection);
void vg_deck_hex(uint64_t hash, char out[VG_CARD_ID_LEN + 1]);

/* Columns count bytes, 1-based, as cmark, gcc and vim do: the column of s[off] on its line. */
unsigned vg_deck_col(const char *s, size_t line_start, size_t off);

/* ---- the pre-scan (deck/math_scan.c) ---- */

/* The end marker of an HTML block of kinds 1 to 5 (CommonMark 4.6: <script, <pre, <style,
 * <textarea, <!--, <?, <!X, <![CDATA[) that starts at t[k] == '<' on a line ending at e;
 * NULL for any other line (kinds 6 and 7 end at a blank line). */
const char *vg_deck_html_end(const char *t, size_t k, size_t e);
/* Is the line at t[s] a '##' heading at column 1 (where the source may be cut into pieces)? */
bool vg_deck_is_h2(const char *t, size_t n, size_t s);
/* The first occurrence of marker (lower-case ASCII, compared without case) in t[from..n),
 * or n. */
size_t vg_deck_find_ci(const char *t, size_t n, size_t from, const char *marker);

typedef enum vg_ph_kind { VG_PH_MATH, VG_PH_DISPLAY, VG_PH_LITERAL } vg_ph_kind;

typedef struct vg_ph {
    size_t off, len; /* the raw source it stands for, delimiters included */
    vg_ph_kind kind;
    unsigned nlines; /* lines it spans: 1 + the number of U+FDD1 that follow its token */
} vg_ph;

typedef struct vg_unclosed {
    unsigned line, col;
    const char *opener; /* "$", "$$", "\\(" or "\\[" (a literal) */
} vg_unclosed;

typedef struct vg_tick_seen {
    size_t region; /* which paragraph-like region the entry belongs to (1-based) */
    size_t pos;    /* start of the last backtick string of that length seen there */
} vg_tick_seen;

typedef struct vg_prescan {
    vg_buf out; /* the text cmark parses */
    vg_ph *phs;
    size_t nphs, cap_phs;
    vg_unclosed *unclosed; /* candidates: the converter drops those inside code blocks */
    size_t nunclosed, cap_unclosed;
    vg_tick_seen *ticks; /* VG_TICKS_MAX + 1 entries, allocated on first use */
    size_t regions;      /* regions numbered so far (numbers stay unique across runs) */
    unsigned end_line;   /* after a run: first_line + the number of line breaks in the text */
    bool failed;         /* out of memory */
} vg_prescan;

void vg_prescan_init(vg_prescan *ps);
void vg_prescan_release(vg_prescan *ps);
/* Rewrites t[0..n) (LF line ends only) into ps->out; first_line is the line of t[0]. Clears
 * what a previous run left. False when out of memory. No math is looked for in what may be an
 * HTML block of kinds 1-5: a placeholder there could hide the marker that ends the block and
 * so change what cmark makes of the lines after it. Nothing of the scan goes past a '##' line
 * (vg_deck_is_h2), so scanning pieces cut there gives what scanning the whole gives. */
bool vg_prescan_run(vg_prescan *ps, const char *t, size_t n, unsigned first_line);

/* ---- the converter (deck/convert.c, blocks.c, headings.c, cards.c) ---- */

typedef struct vg_rb_block {
    vg_block_kind kind;
    unsigned depth, ordinal, line;
    size_t first, n;   /* spans[first .. first+n) */
    unsigned row, col; /* VG_BLOCK_CELL */
    vg_align align;
} vg_rb_block;

typedef struct vg_rb_span {
    size_t off, len; /* in text */
    unsigned style;
} vg_rb_span;

/* A vg_rich under construction, in reusable scratch memory; committed into the arena. */
typedef struct vg_rb {
    vg_rb_block *blocks;
    size_t nblocks, cap_blocks;
    vg_rb_span *spans;
    size_t nspans, cap_spans;
    vg_buf text;
    bool failed;
} vg_rb;

typedef struct vg_list_ctx {
    bool ordered;
    unsigned next; /* ordinal of the next item */
} vg_list_ctx;

typedef struct vg_range {
    unsigned first, last; /* lines */
} vg_range;

typedef struct vg_builder {
    vg_deck *deck;
    vg_arena *arena;
    bool nomem;

    vg_section *sections;
    size_t nsections, cap_sections;
    vg_card *cards; /* in the arena: sized by an estimate, moved when it was too small */
    size_t ncards, cap_cards;
    vg_diag *diags;
    size_t ndiags, cap_diags;
    struct vg_id_slot *ids; /* open addressing: a card id's hash -> index in cards + 1 */
    size_t id_cap, id_count;
    uint64_t *id_keys; /* the id hash of each card (also of one being added) */
    size_t cap_id_keys;
    uint64_t section_hash; /* FNV state after the open section's title and the separator */

    vg_rb desc, intro, front, back;
    vg_buf tmp, tmp2;
    vg_buf cell; /* deck/table.c's: kept here, a jump out of cmark leaks nothing */
    bool have_title;
    bool section_open;    /* sections[nsections-1] is being filled */
    bool real_section;    /* a heading opened a section (text then goes to its intro) */
    unsigned section_col; /* of the open section's heading */

    /* The piece being converted. */
    const char *src; /* its raw text (LF line ends): what placeholders stand for */
    size_t srclen;
    const char *sub; /* what cmark parsed */
    size_t sublen;
    unsigned line0; /* line of the piece's first line, minus 1 */
    const vg_prescan *ps;
    size_t *line_starts; /* of sub, built when a column other than 1 is needed */
    size_t nline_starts, cap_line_starts;
    bool have_line_starts;
    vg_range *code; /* lines of code and HTML blocks: no math diagnostics there */
    size_t ncode, cap_code;
    vg_list_ctx *lists;
    size_t nlists, cap_lists;

    /* Placeholder expansion across text nodes. */
    size_t cur_ph;         /* last placeholder seen */
    size_t cur_pos;        /* where its next line starts in src */
    unsigned cur_left;     /* its lines not yet expanded */
    unsigned pending_cont; /* U+FDD1 and line breaks to drop: the math span holds them */
    int sep;               /* separator stripping at the start of a back */

    /* The outline (deck/outline.c). */
    const char *fm_title; /* the front matter's title:, or NULL */
    const char **tags;    /* the front matter's tags: (in the arena) */
    size_t ntags;
    unsigned section_level; /* headings of this level or higher open sections */
    bool h1_sections;       /* '#' headings are sections, none is the title */
    bool title_slot_used;   /* the leading '#' was read (as title, or dropped for fm_title) */
    bool para_cards;        /* paragraphs may be cards: a heading other than the title seen */

    /* Subsections: open headings below the section level that hold cards. */
    struct {
        unsigned level;
        size_t len; /* of sub_text up to and with this heading's title */
    } subs[6];
    size_t nsubs;
    vg_buf sub_text;        /* their titles joined by " › " */
    const char *subsection; /* sub_text in the arena, made when a card needs it; NULL: stale */
    uint64_t sub_hash;      /* FNV state after the section title and the subsection */

    /* A card whose back is still taking blocks (its bold stood alone). */
    bool card_open;
    bool open_inline;  /* the back's first block is the text after the bold on its line */
    bool open_reverse; /* studied both ways */
    bool open_sep;     /* a cloze term: a separator after the bold (shown as ": ") */
    unsigned open_line, open_col;
    unsigned open_note; /* VG_NOTE_* */
    int fm_reversed;    /* reversed: in the front matter (VG_REV_*), with its sections in rev */
    uint64_t open_key;
    uint64_t open_state; /* the hash state the key went on from (section, subsection) */
    const char *open_front_src;
    const char *open_sub;
    size_t nnotes;             /* notes committed so far: the next card's vg_card.note */
    vg_rb note, qfront, qback; /* a cloze note's text, and one card's front and back */
    vg_buf hint;
    const char **rev;
    size_t nrev;
} vg_builder;

enum { VG_NOTE_PLAIN, VG_NOTE_TERM_CLOZE, VG_NOTE_TEXT_CLOZE }; /* b->open_note */
enum { VG_REV_NONE, VG_REV_ALL, VG_REV_LIST };                  /* b->fm_reversed */

/* A warning at line:col (line 1-based in the whole file); msg is copied. */
void vg_builder_warn(vg_builder *b, unsigned line, unsigned col, const char *msg);

struct cmark_node; /* the cmark node type (cmark.h is included by the .c files only) */

/* A slot of the id table: the high half of an id's hash and the card's index + 1 (0: empty).
 * 8 bytes, so the table of a large deck stays small; a tag that matches is checked against
 * the card's full hash. */
struct vg_id_slot {
    uint32_t tag;
    uint32_t card;
};

enum { VG_SEP_OFF, VG_SEP_START, VG_SEP_AFTER }; /* b->sep */
enum { VG_SHORT_CHARS = 60 };                    /* subjects quoted in messages are cut to this */

static inline bool vg_deck_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* ---- the builder's helpers (deck/convert.c) ---- */

/* Folds whitespace in place: runs become one space, none at either end. Returns the length. */
size_t vg_deck_fold(char *s, size_t len);
/* s cut to VG_SHORT_CHARS characters ("..." marks a cut), into out; returns out. */
const char *vg_deck_short(const char *s, char out[VG_SHORT_CHARS * 4 + 4]);
/* s[0..len) copied into the arena; NULL (and b->nomem) when out of memory. */
char *vg_builder_strdup(vg_builder *b, const char *s, size_t len);
/* A diagnostic at line:col, formatted. */
__attribute__((format(printf, 5, 6))) void vg_builder_diag(vg_builder *b, vg_diag_level level,
                                                           unsigned line, unsigned col,
                                                           const char *fmt, ...);
/* The character column of a cmark (byte) column on line line_rel of the piece; the line (in
 * the whole file) where node n starts; the column where n starts. */
unsigned vg_builder_col(vg_builder *b, int line_rel, int bytecol);
unsigned vg_builder_line(const vg_builder *b, struct cmark_node *n);
unsigned vg_builder_item_col(vg_builder *b, struct cmark_node *n);
/* Warnings for math left unclosed in the piece, except in code and HTML blocks. */
void vg_builder_unclosed(vg_builder *b);

/* ---- the block walker (deck/blocks.c) ---- */

void vg_rb_clear(vg_rb *rb);
void vg_rb_release(vg_rb *rb);
/* Opens a block in rb; vg_rb_end() ends the last one (dropped when empty, but for a bullet). */
void vg_rb_begin(vg_rb *rb, vg_block_kind kind, unsigned depth, unsigned ordinal, unsigned line);
void vg_rb_end(vg_rb *rb);
/* Appends text to the last block in style (merged with the span before of the same style). */
void vg_rb_add(vg_rb *rb, const char *s, size_t len, unsigned style);
/* Copies rb into the arena as one allocation; false (and b->nomem) when out of memory. */
bool vg_rb_commit(vg_builder *b, vg_rb *rb, vg_rich *out);
/* Length of a separator that opens a back: ':', '-', an en or em dash, a fullwidth colon. */
size_t vg_deck_sep_len(const char *s, size_t len);
/* Folded plain text of node (math and code as written) in b->tmp2; borrowed. */
const char *vg_builder_plain_folded(vg_builder *b, struct cmark_node *node);
/* Converts the subtree of root (a block or an inline) into rb. depth is the list level root
 * sits in; a root item gets the ordinal root_ordinal. With warn_bold, nested bullets that open
 * with bold are reported: they look like cards but are not. */
void vg_builder_blocks(vg_builder *b, vg_rb *rb, struct cmark_node *root, unsigned depth,
                       unsigned root_ordinal, bool warn_bold);

/* ---- sections (deck/headings.c) ---- */

/* Where text outside cards goes: the open section's intro, or the deck's description. */
vg_rb *vg_builder_target(vg_builder *b);
/* Opens a section at line:col, titled by heading (NULL: untitled); closes the one open. */
void vg_builder_section_open(vg_builder *b, struct cmark_node *heading, unsigned line,
                             unsigned col);
void vg_builder_section_close(vg_builder *b);
/* A top-level heading: the title, a section, a subsection or text of the section. */
void vg_builder_heading(vg_builder *b, struct cmark_node *h);

/* ---- cards (deck/cards.c) ---- */

/* Does the item open with bold (its first paragraph's first inline)? Then *para, *strong. */
bool vg_deck_bold_start(struct cmark_node *item, struct cmark_node **para,
                        struct cmark_node **strong);
/* Commits the open card, if any. */
void vg_builder_card_close(vg_builder *b);
/* Does heading h (below the section level) hold cards before the next of its level? */
bool vg_builder_holds_cards(vg_builder *b, struct cmark_node *h, int level);

/* ---- cloze deletions (deck/cloze.c) ---- */

/* Checks the cloze markup of lines first_rel..last_rel of the piece (b->sub; math is hidden in
 * placeholders, code spans are skipped): an error for each malformed deletion. Returns -1 when
 * there were errors, 1 when there are deletions and all are well formed, 0 when there are none. */
int vg_cloze_check(vg_builder *b, int first_rel, int last_rel);
/* The cards of the open cloze note (b->front and b->back, see b->open_note): one per distinct
 * number. False when the note holds no deletion (then nothing was committed; a note that is
 * no bold-term card went to the section's text). */
bool vg_cloze_cards(vg_builder *b);
/* Commits one card of the open note: id from key, the rest as vg_card. False when left out
 * (a duplicate) or out of memory. */
bool vg_builder_card_commit(vg_builder *b, uint64_t key, const char *front_src, const char *shown,
                            vg_rb *front, vg_rb *back, unsigned cloze, bool reverse);
/* The canonical source form of rb's spans [first, first+n) (see vg_card_id()) into out. */
void vg_deck_spans_src(const vg_rb *rb, size_t first, size_t n, vg_buf *out);

/* ---- the outline (deck/outline.c) ---- */

typedef struct vg_outline {
    size_t body;            /* where the markdown starts: after the front matter (0: none) */
    unsigned body_line0;    /* the lines before it */
    unsigned section_level; /* 1 to 6 */
    bool h1_sections;
} vg_outline;

/* Reads the front matter of t[0..n) (LF line ends) into b (fm_title, tags, warnings) and
 * picks the section level. False when out of memory. */
bool vg_outline_read(vg_builder *b, const char *t, size_t n, vg_outline *o);

/* ---- cmark's memory (deck/cmark_mem.c) ---- */

/* Runs fn(arg) with cmark's allocations tracked; false when fn returns false or memory ran out
 * inside cmark. Then every cmark allocation made under the guard is freed: fn's trees must not
 * be touched again, fn's other state is released by the caller as after any failure. */
bool vg_cmark_guard(bool (*fn)(void *), void *arg);
/* cmark_parse_document() with the guard's allocator; only under vg_cmark_guard(). */
struct cmark_node *vg_cmark_parse(const char *s, size_t len, int options);

/* cards_hint: about how many cards to expect (0 when unknown). */
void vg_builder_init(vg_builder *b, vg_deck *deck, size_t cards_hint);
void vg_builder_release(vg_builder *b);
/* Converts one parsed piece; src/sub as above. False when out of memory. */
bool vg_builder_piece(vg_builder *b, void *cmark_doc, const char *src, size_t srclen,
                      unsigned line0, const vg_prescan *ps);
/* Closes the last section and moves everything into the deck's arena. */
bool vg_builder_finish(vg_builder *b);
/* For deck/table.c: where line line_rel (1-based) of the piece starts in b->sub, or SIZE_MAX;
 * and the inline content of the markdown md[0..len) (a line of b->sub, placeholders and all)
 * appended to the last block of rb as cmark reads it in a paragraph of its own. */
size_t vg_builder_line_start(vg_builder *b, int line_rel);
void vg_builder_inline(vg_builder *b, vg_rb *rb, const char *md, size_t len);

/* ---- pipe tables (deck/table.c) ---- */

/* When the cmark paragraph para is a pipe table, or ends with one (GFM: a header row, a
 * delimiter row, then rows), adds it to rb as VG_BLOCK_CELL blocks at depth and returns true.
 * The lines before the header, if any, become a block of kind (VG_BLOCK_PARA, or the
 * VG_BLOCK_BULLET of the item the paragraph opens, with ordinal), which a bullet gets even
 * when empty. False (rb untouched) when it is no table. */
bool vg_table_para(vg_builder *b, vg_rb *rb, void *para, vg_block_kind kind, unsigned depth,
                   unsigned ordinal);
/* A card's own paragraph ("**Term**: text" and a table on the lines under it): the line
 * break node before the table's header, where the card's inline text stops, or NULL when
 * there is no such table; then vg_table_rows() adds the table. */
void *vg_table_start(vg_builder *b, void *para);
void vg_table_rows(vg_builder *b, vg_rb *rb, void *para, unsigned depth);

#endif
