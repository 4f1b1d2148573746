/* Decks: a markdown notebook parsed into sections and cards (DESIGN §2, docs/deck-format.md).
 *
 *   ---                YAML front matter on line 1 (optional): title:, tags:, reversed:
 *   title: Calculus    (metadata, never text; a malformed line is a warning)
 *   ---
 *   # Title            the deck's title; the text under it, before the first section, describes it
 *   ## 1. Section      a section; the number ("5.", "5)", "5.1", also after an emoji) is optional
 *                      and not part of its identity
 *   ### 1. Sub         a subsection: part of the card's context and of its id
 *   - **Front**: back  a card: a top-level '-', '*' or '+' bullet or numbered item whose first
 *     - nested         paragraph opens with bold text; the back is the rest of the item (a
 *                      leading ':', '-' or dash separator dropped) and its nested bullets
 *   **Front**: back    a card too: a line of a top-level paragraph of a section that opens with
 *                      bold text and a separator
 *
 *   - **Term**::: back a card studied both ways: a forward and a reverse card (also every
 *                      bold-term card under `reversed: true`, or of the sections it lists)
 *   - {{c1::x}} {{c2::y::hint}}   a cloze note (a top-level bullet, a bold-term card or a
 *                      paragraph of a section): one card per distinct number
 *
 * A card whose item (or paragraph) holds nothing but the bold takes the blocks that follow it,
 * up to the next card, heading or thematic break, as its back. Sections are made by the highest
 * heading level that holds cards ('##' in most notebooks; '###' when there is no '##' with cards;
 * '#' when several '#' headings hold cards); deeper headings that hold cards are subsections,
 * the others are text. A single leading '#' names the deck unless '#' makes the sections.
 *
 * Math is taken from the raw source (rules in docs/deck-format.md) and kept as VG_STYLE_MATH
 * spans of raw LaTeX. Other text of a section is its intro; cards before the first section
 * heading go to an untitled first section.
 *
 * Positions: lines and columns are 1-based; a column counts bytes (as cmark, gcc and vim do); a
 * BOM or CRLF line ends do not shift it.
 *
 * A deck owns all its memory (one arena): every pointer below lives until vg_deck_free(). */
#ifndef VGREV_DECK_H
#define VGREV_DECK_H

#include <stdbool.h>
#include <stddef.h>

#include "vgrev/error.h"
#include "vgrev/text.h"

enum {
    VG_CARD_ID_LEN = 16,                   /* hex digits */
    VG_DECK_MAX_BYTES = 256 * 1024 * 1024, /* larger files are refused (VG_INVALID) */
};

typedef struct vg_card {
    char id[VG_CARD_ID_LEN + 1]; /* stable: hash of section title, subsection and front, see
                                  * vg_card_id_sub() */
    const char *front_src;       /* the front's source form, what the id hashes: see vg_card_id()
                                  * (a sibling's ends in 0x1F and "cN" or "reverse") */
    vg_rich front;               /* the front as styled text: one PARA block (a cloze card: the
                                  * note, its deletion hidden, as "[…]" or "[hint]" spans of
                                  * VG_STYLE_CLOZE; a reverse card: the note's back) */
    vg_rich back;                /* a cloze card: the note, its deletion revealed ("[answer]" in
                                  * VG_STYLE_CLOZE); a reverse card: the term. Otherwise: PARA
                                  * (depth 0) for the rest of the first paragraph and for further
                                  * paragraphs; nested items as BULLET blocks of depth 1, 2, ...
                                  * (with their ordinal in numbered lists); CODE blocks. Empty:
                                  * no blocks. */
    const char *subsection;      /* the headings between the card's section heading and the card
                                  * (plain text as section titles, joined by " › "); "" when none */
    const char *const *tags;     /* from the front matter's tags: (every card has the same) */
    size_t ntags;
    unsigned line, col; /* where the card's bullet starts */
    size_t section;     /* index in deck->sections */
    /* Cards of one note (docs/deck-format.md): a cloze note gives one card per distinct number,
     * a reversed note one card per direction. Siblings share `note`; a plain card is a note of
     * its own. */
    unsigned cloze; /* N of the {{cN::...}} deletions this card hides; 0 when not a cloze */
    bool reverse;   /* the back→front direction of a reversed note */
    size_t note;    /* index of the note in file order: equal for siblings */
} vg_card;

typedef struct vg_section {
    const char *title;         /* plain text: numbering stripped, whitespace folded, inline marks
                                * dropped, math kept as written ($...$); "" for the untitled first
                                * section of cards that come before the first section heading */
    const char *number;        /* "5" for "## 5. Solutions", "5.1" for "## 5.1 Gates"; "" when
                                * unnumbered (a bare "## 2024 Goals" keeps its number in the title) */
    vg_rich intro;             /* text of the section that is not a card */
    unsigned line;             /* of its heading (of its first card when untitled) */
    size_t first_card, ncards; /* cards[first_card .. first_card+ncards) */
} vg_section;

typedef enum vg_diag_level { VG_DIAG_WARNING, VG_DIAG_ERROR } vg_diag_level;

/* A problem `vgrev check` reports; the deck is still usable. Messages are lower case with
 * the subject quoted: "duplicate card 'X' in section 'S' (first at line 12)" (error; the
 * duplicate is left out of cards), "card 'X' has an empty back", "unclosed '$' ..." (error),
 * "nested bold bullet 'X' is not a card ...", "bold line 'X' is not a card ...", "bold term
 * 'X' (or bullet) in a quote is not a card ...", "bold term 'X' before the first section is not
 * a card ...", "front matter: ...", "section 'S' has no cards" (warnings); malformed cloze
 * markup (errors: the note is then read as plain text): "cloze deletion '{{c1::' is not
 * closed ...", "cloze number 0 ...", "cloze deletion without a number ...", "cloze deletion
 * inside another ...", "cloze deletion '{{c1::' has an empty answer". */
typedef struct vg_diag {
    vg_diag_level level;
    unsigned line, col;
    const char *msg;
} vg_diag;

typedef struct vg_deck {
    const char *file;    /* as given to the parser (for messages and $EDITOR) */
    const char *title;   /* never empty: the front matter's title:, else the '# Title' (plain
                          * text as for sections), else the file's base name without its
                          * extension ("notes" for "dir/notes.md"), else "Deck" */
    vg_rich description; /* what comes before the first section and is not a card */
    vg_section *sections;
    size_t nsections;
    vg_card *cards; /* in file order; a card with a duplicate id is not in this list */
    size_t ncards;
    vg_diag *diags; /* in line order, then column */
    size_t ndiags;
    struct vg_arena *arena;
} vg_deck;

/* Parses src[0..len) (need not be NUL-terminated); file names it in messages (may be NULL).
 * A UTF-8 BOM and CRLF (or CR) line ends parse exactly like the plain file. Invalid UTF-8 or a
 * NUL byte is VG_PARSE with the line and column of the bad byte; more than VG_DECK_MAX_BYTES
 * is VG_INVALID; VG_NOMEM. On success *out is a deck the caller frees with vg_deck_free();
 * problems that do not stop parsing are in (*out)->diags. On failure *out is NULL. */
vg_status vg_deck_parse(const char *src, size_t len, const char *file, vg_deck **out,
                        vg_error *err);

/* Reads and parses the file at path. A missing file is VG_NOT_FOUND, an unreadable one or a
 * directory VG_IO, with the path and strerror's text. Otherwise as vg_deck_parse(). */
vg_status vg_deck_load(const char *path, vg_deck **out, vg_error *err);

/* vg_deck_load() through the start-up cache (DESIGN §7, docs/performance.md): the deck as an
 * earlier run parsed it, mapped from an image in cache_dir (an existing folder) when that image
 * was made by this program from the file as it is now; otherwise the file is parsed, and an
 * image written for the next run when the file has at least min_bytes. The deck is the same as
 * vg_deck_load's, file as given this time. cache_dir NULL: exactly vg_deck_load(). A cache that
 * cannot be read or written is never an error. */
vg_status vg_deck_load_cached(const char *path, const char *cache_dir, size_t min_bytes,
                              vg_deck **out, vg_error *err);

void vg_deck_free(vg_deck *deck);

/* The card with this id, or with this unique id prefix (at least 4 hex digits, either case);
 * NULL when none or ambiguous. Borrowed from the deck. */
const vg_card *vg_deck_find(const vg_deck *deck, const char *id);

/* The id of a card in no subsection (see vg_card_id_sub() for the general rule, which a
 * card's id always follows): 16 lower-case hex digits of the 64-bit FNV-1a hash (offset basis
 * 0xcbf29ce484222325, prime 0x100000001b3) over the bytes of
 *     fold(section_title) 0x1F fold(front_src)
 * where fold() drops leading and trailing whitespace and turns every run of whitespace (space,
 * tab, LF, CR, FF, VT) into one space; nothing else changes (case is kept). section_title is
 * vg_section.title (numbering already stripped). front_src is the text inside the bold, with
 * escapes and entities resolved, a trailing ':' dropped, and inline marks in one canonical
 * form: math as $...$ or $$...$$ (the LaTeX as written), code as `...`, italic as *...*,
 * bold as **...**, links as their text (vg_card.front_src is stored folded). So editing a back,
 * reordering cards, renumbering sections, moving the file or re-wrapping lines keeps every id;
 * `__x__` and `**x**` agree. */
void vg_card_id(const char *section_title, const char *front_src, char out[VG_CARD_ID_LEN + 1]);

/* The id of a card in a subsection (vg_card.subsection): when fold(subsection) is empty,
 * exactly vg_card_id(section_title, front_src); otherwise the same hash over
 *     fold(section_title) 0x1F fold(subsection) 0x1F fold(front_src)
 * so every card outside subsections keeps the id it had before subsections existed, and equal
 * fronts in different subsections are different cards. subsection may be NULL (none). The
 * subsection is the path of vg_card.subsection: heading titles (numbering and inline marks
 * dropped, as section titles) joined by " \u203a " (space, U+203A in UTF-8, space).
 *
 * Siblings (the cards of one note) follow the same rule with front_src continued:
 * - a reversed card: the forward card's front_src is the term (its id is the plain card's, so
 *   marking a card reversed keeps its progress); the reverse card's is the term, 0x1F, "reverse";
 * - a cloze card: the note's source text (its first line in the canonical form above, the
 *   cloze markup as written; a bold term as **...**, then ": " (" " when no separator followed
 *   the bold) and the text after it), 0x1F,
 *   "c" and the number in decimal ("c2"). */
void vg_card_id_sub(const char *section_title, const char *subsection, const char *front_src,
                    char out[VG_CARD_ID_LEN + 1]);

/* The card's place in its note as list, check, show and the browser name it: "c2" for the card
 * of cloze number 2, "reverse" for a reverse card, "" for any other; in buf or static. */
enum { VG_SIBLING_NAME = 16 };
const char *vg_card_sibling_name(const vg_card *card, char buf[VG_SIBLING_NAME]);

/* True when the deck has a diagnostic of level VG_DIAG_ERROR. */
bool vg_deck_has_errors(const vg_deck *deck);

/* ---- Section numbers, names and card headings (src/core/deck/sections.c) -------------------
 * One rule for the whole program, so the number a user reads in `list` is the one `study
 * --section` takes (docs/deck-format.md, "Section numbers"):
 * - the untitled first section (cards before the first heading) is section 0;
 * - the other sections carry their heading's number ("## 5. X" is 5, "## 5.1 Y" is 5.1) when
 *   every one of them has one and no two of all these numbers are equal (leading zeros aside:
 *   05 is 5);
 * - otherwise they are numbered by position: 1, 2, 3, ... */
typedef struct vg_section_numbers {
    const char **of; /* of[i]: the number of deck->sections[i] ("5", "5.1", "0", ...) */
    size_t n;        /* deck->nsections */
    bool by_heading; /* the headings' numbers rather than positions */
    char *mem;       /* private */
} vg_section_numbers;

/* Fills *out for deck (O(n log n) in its sections); the strings live until both the deck and
 * vg_section_numbers_release(out). VG_NOMEM (then *out is empty, safe to release). */
vg_status vg_section_numbers_init(vg_section_numbers *out, const vg_deck *deck);
void vg_section_numbers_release(vg_section_numbers *nums);

/* What `study --section SPEC` takes. A SPEC of digits and dots ("5", "5.1", "05", "5.") names
 * the section of that number; any other text selects the sections whose title contains it and
 * the cards whose subsection contains it (ASCII letters compared without case). An empty SPEC
 * selects nothing. vg_section_selected() says whether section i is named or its title
 * matches; vg_card_selected() whether the card is in such a section or its subsection
 * matches. nums is vg_section_numbers_init()'s for deck. */
bool vg_section_spec_is_number(const char *spec);
bool vg_section_selected(const vg_deck *deck, const vg_section_numbers *nums, size_t i,
                         const char *spec);
bool vg_card_selected(const vg_deck *deck, const vg_section_numbers *nums, const vg_card *card,
                      const char *spec);

/* The deck's name as titles show it: its title, else (defensively; the parser names an
 * untitled notebook after its file) the file's name without its folder, else "deck".
 * Borrowed from the deck. */
const char *vg_deck_name(const vg_deck *deck);

/* A heading: titles and a front joined by " › " ("Calculus › Derivatives › Definition")
 * as one paragraph of spans for the renderer (vg_render_rich() wraps it, vg_render_inline()
 * makes one line of it; both render math and sanitize). A title (a section's, a subsection's,
 * the deck's: plain text with math as written) gives plain spans, its $...$, $$...$$, \(...\)
 * and \[...\] MATH spans (a '$' that closes nothing, or is followed by a digit, is text); an
 * empty title adds nothing. The spans borrow the strings added. */
typedef struct vg_heading {
    vg_span *spans; /* private from here on */
    size_t nspans, cap;
    bool nomem;
    vg_block block;
    vg_rich rich;
} vg_heading;

void vg_heading_init(vg_heading *h);
void vg_heading_add_title(vg_heading *h, const char *title);
/* Adds the spans of every block of text (blocks joined by a space), with style added. */
void vg_heading_add_rich(vg_heading *h, const vg_rich *text, unsigned style);
/* The paragraph (no block when nothing was added); valid until the next add or the release.
 * NULL when memory ran out. */
const vg_rich *vg_heading_rich(vg_heading *h);
void vg_heading_release(vg_heading *h);

/* A card's heading: its section's title, its subsection, its front (bold), skipping empty
 * titles. Release h with vg_heading_release() whatever is returned; VG_NOMEM. */
vg_status vg_card_heading(const vg_deck *deck, const vg_card *card, vg_heading *h);

/* The version of the cmark library this program runs with ("0.30.2"), for `vgrev --version`. */
const char *vg_deck_cmark_version(void);

#endif
