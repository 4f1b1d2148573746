/* Structured text: what the deck parser keeps of a card's front and back, and what the
 * renderer styles. A rich text is a list of blocks (paragraphs, bullets, code, table
 * cells), each a list of spans of one style. All strings are UTF-8 straight from the deck:
 * untrusted, not yet sanitized (the renderer removes control characters).
 * The memory belongs to whoever built the text (for cards: the deck). */
#ifndef VGREV_TEXT_H
#define VGREV_TEXT_H

#include <stddef.h>

enum vg_style {
    VG_STYLE_PLAIN = 0,
    VG_STYLE_BOLD = 1u << 0,
    VG_STYLE_ITALIC = 1u << 1,
    VG_STYLE_CODE = 1u << 2,    /* `code`: shown as written */
    VG_STYLE_MATH = 1u << 3,    /* text is raw LaTeX without the dollars */
    VG_STYLE_DISPLAY = 1u << 4, /* with MATH: it was $$...$$ */
    VG_STYLE_LINK = 1u << 5,    /* text of a link (the URL is dropped) */
    VG_STYLE_CLOZE = 1u << 6,   /* a cloze deletion: hidden ("[…]") or revealed ("[answer]") */
};

typedef struct vg_span {
    const char *text; /* not NUL-terminated inside a block; use len */
    size_t len;
    unsigned style; /* enum vg_style flags */
} vg_span;

typedef enum vg_block_kind {
    VG_BLOCK_PARA,   /* a paragraph (depth = the list level it sits in, 0 outside lists) */
    VG_BLOCK_BULLET, /* the first paragraph of a list item at `depth` (1 = first level) */
    VG_BLOCK_CODE,   /* a fenced or indented code block: one CODE span, lines kept */
    VG_BLOCK_CELL,   /* a cell of a pipe table (inline spans, possibly none), see below */
} vg_block_kind;

/* How a table column is aligned: the colons of its delimiter row. */
typedef enum vg_align { VG_ALIGN_NONE, VG_ALIGN_LEFT, VG_ALIGN_CENTER, VG_ALIGN_RIGHT } vg_align;

/* A pipe table is a run of VG_BLOCK_CELL blocks, row by row, every row with the same number of
 * cells (the header's): the header row is row 0, and a cell with row 0 and col 0 starts a new
 * table. Every cell of a table has the table's depth. */
typedef struct vg_block {
    vg_block_kind kind;
    unsigned depth;
    unsigned ordinal; /* VG_BLOCK_BULLET in an ordered list: its number; 0 for '-' bullets */
    unsigned line;    /* 1-based source line where the block starts */
    const vg_span *spans;
    size_t nspans;
    unsigned row, col; /* VG_BLOCK_CELL: its row (0: the header) and column, from 0 */
    vg_align align;    /* VG_BLOCK_CELL: its column's alignment */
} vg_block;

typedef struct vg_rich {
    const vg_block *blocks;
    size_t nblocks;
} vg_rich;

/* Soft line breaks inside a paragraph are a single space; a hard break is a '\n' in a span. */

#endif
