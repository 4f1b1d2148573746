/* Searching a deck's fronts and backs, as the browser's `/` does: every card's front and back
 * as one line of plain text each (vg_render_inline), made once at the first search, and a
 * query found in them ignoring case. Case folding keeps every character's length in bytes
 * (a character whose lower case is longer or shorter in UTF-8 is left as it is), so a place
 * found in the folded text is the same place in the text shown; letters beyond ASCII fold as
 * the LC_CTYPE locale says (towlower). A search borrows its deck, which must outlive it (or
 * be handed again to vg_search_reset). */
#ifndef VGREV_SEARCH_H
#define VGREV_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "vgrev/buf.h"
#include "vgrev/deck.h"
#include "vgrev/error.h"

typedef struct vg_search_text vg_search_text;

typedef struct vg_search {
    size_t *matches; /* card indexes in deck order: read-only for callers */
    size_t nmatches;
    /* private */
    const vg_deck *deck;
    size_t cap;
    bool built;
    vg_buf plain, folded, needle; /* needle: the folded query the matches are for */
    vg_search_text *texts;
} vg_search;

/* Sets up an empty search over deck; vg_search_release frees what it holds. */
void vg_search_init(vg_search *s, const vg_deck *deck);
void vg_search_release(vg_search *s);

/* The deck was read again (or replaced): no matches, and the text is made again at the next
 * search. */
void vg_search_reset(vg_search *s, const vg_deck *deck);

/* Forgets the matches (the next vg_search_run does not refine). */
void vg_search_clear(vg_search *s);

/* Makes the text if it is not made yet. VG_NOMEM when memory runs out. */
vg_status vg_search_build(vg_search *s, vg_error *err);

/* Finds query[0..len) (as typed) in every card; an empty query matches nothing. With refine,
 * when the matches are for a query that this one extends, only those are looked at again (one
 * more character typed can only narrow them). VG_NOMEM when memory runs out. */
vg_status vg_search_run(vg_search *s, const char *query, size_t len, bool refine, vg_error *err);

/* True when the matches are for a query (the last run had a non-empty one and nothing
 * cleared it). */
bool vg_search_active(const vg_search *s);

/* Where the query of the matches is in card: in its front, else in its back (*in_back),
 * as a byte offset into that part's text (vg_search_part). False when nowhere. */
bool vg_search_locate(const vg_search *s, size_t card, size_t *at, bool *in_back);

/* The length in bytes of the query of the matches, folded (as long as typed). */
size_t vg_search_query_len(const vg_search *s);

/* A card's front (back: its back) as one line of plain text; borrowed from s. Only after
 * vg_search_build. */
const char *vg_search_part(const vg_search *s, size_t card, bool back, size_t *len);

/* The match to go to from card: dir > 0 the first match at or after it (strictly after with
 * strict), dir < 0 the last one before it; wrapping around the deck (*wrapped). Only with
 * matches. Returns an index into matches. */
size_t vg_search_from(const vg_search *s, size_t card, int dir, bool strict, bool *wrapped);

#endif
