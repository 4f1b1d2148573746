/* Decks: a markdown notebook parsed into sections and cards (DESIGN §2).
 *
 *   # Title            the deck's title; the paragraphs under it describe it
 *   ## 1. Section      a section; the number is optional and not part of identity
 *   - **Front**: back  a card: a top-level bullet opening with bold text; the back is the
 *     - nested         rest of the item and its nested bullets
 *
 * A deck owns all its memory (one arena): every pointer below lives until vg_deck_free(). */
#ifndef VGREV_DECK_H
#define VGREV_DECK_H

#include <stdbool.h>
#include <stddef.h>

#include "vgrev/error.h"
#include "vgrev/text.h"

enum { VG_CARD_ID_LEN = 16 }; /* hex digits */

typedef struct vg_card {
    char id[VG_CARD_ID_LEN + 1]; /* stable: hash of section title and front, see vg_card_id() */
    const char *front_src;       /* the front as written between the ** (math kept as $...$) */
    vg_rich front;               /* the front as styled text */
    vg_rich back;
    unsigned line, col; /* where the card's bullet starts (1-based) */
    size_t section;     /* index in deck->sections */
} vg_card;

typedef struct vg_section {
    const char *title;  /* numbering stripped, whitespace folded */
    const char *number; /* "5" for "## 5. Solutions"; "" when unnumbered */
    vg_rich intro;      /* text of the section that is not a card */
    unsigned line;
    size_t first_card, ncards; /* cards[first_card .. first_card+ncards) */
} vg_section;

typedef enum vg_diag_level { VG_DIAG_WARNING, VG_DIAG_ERROR } vg_diag_level;

/* A problem `vgrev check` reports; the deck is still usable. */
typedef struct vg_diag {
    vg_diag_level level;
    unsigned line, col;
    const char *msg;
} vg_diag;

typedef struct vg_deck {
    const char *file;  /* as given to the parser (for messages and $EDITOR) */
    const char *title; /* "" when the notebook has no '# Title' */
    vg_rich description;
    vg_section *sections;
    size_t nsections;
    vg_card *cards; /* in file order; a card with a duplicate id is not in this list */
    size_t ncards;
    vg_diag *diags; /* in line order */
    size_t ndiags;
    struct vg_arena *arena;
} vg_deck;

/* Parses src[0..len) (need not be NUL-terminated). A UTF-8 BOM and CRLF line ends are
 * accepted. Invalid UTF-8 or a NUL byte is an error with its line and column. On success
 * *out is a deck the caller frees with vg_deck_free(); problems that do not stop parsing
 * are in (*out)->diags. */
vg_status vg_deck_parse(const char *src, size_t len, const char *file, vg_deck **out,
                        vg_error *err);

/* Reads and parses the file at path; a missing or unreadable file is an error. */
vg_status vg_deck_load(const char *path, vg_deck **out, vg_error *err);

void vg_deck_free(vg_deck *deck);

/* The card with this id, or with this unique id prefix (at least 4 digits); NULL when none
 * or ambiguous. Borrowed from the deck. */
const vg_card *vg_deck_find(const vg_deck *deck, const char *id);

/* The id of a card: 16 lower-case hex digits of a 64-bit FNV-1a hash over the section title
 * (numbering stripped, whitespace folded) and the front source (whitespace folded). */
void vg_card_id(const char *section_title, const char *front_src, char out[VG_CARD_ID_LEN + 1]);

/* True when the deck has a diagnostic of level VG_DIAG_ERROR. */
bool vg_deck_has_errors(const vg_deck *deck);

#endif
