/* Searching a deck's fronts and backs, as the browser's `/` does: every card's front and back
 * as one line of plain text each (vg_render_inline), and a query found in them ignoring case.
 * Case folding keeps every character's length in bytes (a character whose lower case is longer
 * or shorter in UTF-8 is left as it is), so a place found in the folded text is the same place
 * in the text shown; letters beyond ASCII fold as the LC_CTYPE locale says (towlower).
 *
 * The work is lazy, so a typed character costs what the screen shows and not what the deck
 * holds: the folded text is made card by card as far as a search has looked (straight from the
 * spans, into one flat store), and a search can stop after a number of matches or an amount
 * of work and go on later (vg_search_start, then vg_search_more until vg_search_done). The
 * matches found so far are always exact and in deck order; only their count grows.
 * vg_search_run does a whole search at once. A search borrows its deck, which must outlive it
 * (or be handed again to vg_search_reset). */
#ifndef VGREV_SEARCH_H
#define VGREV_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "vgrev/buf.h"
#include "vgrev/deck.h"
#include "vgrev/error.h"

typedef struct vg_search_text vg_search_text;

enum { VG_SEARCH_MAX_RANGES = 64 };

typedef struct vg_search {
    size_t *matches; /* card indexes in deck order: read-only for callers */
    size_t nmatches; /* found so far; all of them once vg_search_done */
    /* private */
    const vg_deck *deck;
    size_t cap;
    vg_buf needle; /* the folded query the matches are for */
    /* the text: cards [0, nbuilt) are made; chunks of text that never move */
    vg_search_text *texts;
    size_t nbuilt;
    char **chunks;
    size_t nchunks, chunks_cap, chunk_used, chunk_size;
    vg_buf line, scratch; /* a card's text as it is made; a span's */
    vg_buf part[2];       /* vg_search_part's front and back */
    /* what is left to look at: the candidates matches[ranges[2i] .. ranges[2i+1]) (a query
     * this one extends matched them), then the cards from next on */
    size_t ranges[2 * VG_SEARCH_MAX_RANGES];
    size_t nranges;
    size_t next;
    bool done;
} vg_search;

/* Sets up an empty search over deck; vg_search_release frees what it holds. */
void vg_search_init(vg_search *s, const vg_deck *deck);
void vg_search_release(vg_search *s);

/* The deck was read again (or replaced): no matches, and the text is made again. */
void vg_search_reset(vg_search *s, const vg_deck *deck);

/* Forgets the matches (the next search does not refine). */
void vg_search_clear(vg_search *s);

/* Makes the text of every card now (else it is made as the searches need it). VG_NOMEM when
 * memory runs out. */
vg_status vg_search_build(vg_search *s, vg_error *err);

/* Starts a search for query[0..len) (as typed) without looking at any card yet; an empty query
 * matches nothing (and is done at once). With refine, when the matches are for a query that
 * this one contains, only those are looked at again (and the cards the last search had not
 * looked at yet). VG_NOMEM when memory runs out. */
vg_status vg_search_start(vg_search *s, const char *query, size_t len, bool refine, vg_error *err);

/* Goes on with the search until it has found want matches in all, or it has done about work
 * bytes' worth of looking (text made or searched), or it is done; SIZE_MAX for both finishes
 * it. VG_NOMEM when memory runs out. */
vg_status vg_search_more(vg_search *s, size_t want, size_t work, vg_error *err);

/* True when every card was looked at (the count of matches is final). */
bool vg_search_done(const vg_search *s);

/* vg_search_start and then the whole search. */
vg_status vg_search_run(vg_search *s, const char *query, size_t len, bool refine, vg_error *err);

/* True when the matches are for a query (the last run had a non-empty one and nothing
 * cleared it). */
bool vg_search_active(const vg_search *s);

/* Where the query of the matches is in card: in its front, else in its back (*in_back),
 * as a byte offset into that part's text (vg_search_part). False when nowhere (or out of
 * memory). */
bool vg_search_locate(vg_search *s, size_t card, size_t *at, bool *in_back);

/* The length in bytes of the query of the matches, folded (as long as typed). */
size_t vg_search_query_len(const vg_search *s);

/* A card's front (back: its back) as one line of plain text; borrowed from s until the next
 * call for the same part. */
const char *vg_search_part(vg_search *s, size_t card, bool back, size_t *len);

/* The same, folded, as the search looks at it (made if it is not yet); NULL when out of
 * memory. Borrowed from s until vg_search_reset or vg_search_release. */
const char *vg_search_folded(vg_search *s, size_t card, bool back, size_t *len);

/* Appends str[0..len) folded (the reference the made text is checked against). */
void vg_search_fold(const char *str, size_t len, vg_buf *out);

/* The match to go to from card: dir > 0 the first match at or after it (strictly after with
 * strict), dir < 0 the last one before it; wrapping around the deck (*wrapped). Only with
 * matches, of a search that is done. Returns an index into matches. */
size_t vg_search_from(const vg_search *s, size_t card, int dir, bool strict, bool *wrapped);

#endif
