/* The cards: a piece's top-level nodes, each a card ("- **Front**: back", "**Front**: back"
 * lines of a paragraph, a bold line whose back is the blocks after it) or text of the section;
 * card ids and duplicates; and warnings for what only looks like a card. */
#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "deck/deck_int.h"

bool vg_deck_bold_start(cmark_node *item, cmark_node **para, cmark_node **strong)
{
    cmark_node *p = cmark_node_first_child(item);
    if (!p || cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
        return false;
    cmark_node *s = cmark_node_first_child(p);
    if (!s || cmark_node_get_type(s) != CMARK_NODE_STRONG)
        return false;
    *para = p;
    *strong = s;
    return true;
}

/* A trailing ':' inside the bold ("**Term:** back") belongs to no front. */
static void S_front_trim(vg_rb *rb)
{
    if (!rb->nspans)
        return;
    vg_rb_span *sp = &rb->spans[rb->nspans - 1];
    if (sp->style & (VG_STYLE_CODE | VG_STYLE_MATH))
        return;
    const char *t = rb->text.data + sp->off;
    size_t len = sp->len;
    while (len && vg_deck_is_space(t[len - 1]))
        len--;
    if (len && t[len - 1] == ':')
        len--;
    while (len && vg_deck_is_space(t[len - 1]))
        len--;
    sp->len = len;
    if (!len) {
        rb->nspans--;
        rb->blocks[rb->nblocks - 1].n--;
    }
}

/* The source form of spans [first, first+n) of rb (what an id hashes), see vg_card_id(). */
void vg_deck_spans_src(const vg_rb *rb, size_t first, size_t n, vg_buf *out)
{
    for (size_t i = first; i < first + n; i++) {
        const vg_rb_span *sp = &rb->spans[i];
        unsigned st = sp->style;
        const char *d = (st & VG_STYLE_DISPLAY) ? "$$" : "$";
        if (st & VG_STYLE_BOLD)
            vg_buf_adds(out, "**");
        if (st & VG_STYLE_ITALIC)
            vg_buf_addc(out, '*');
        if (st & VG_STYLE_CODE)
            vg_buf_addc(out, '`');
        if (st & VG_STYLE_MATH)
            vg_buf_adds(out, d);
        vg_buf_add(out, rb->text.data + sp->off, sp->len);
        if (st & VG_STYLE_MATH)
            vg_buf_adds(out, d);
        if (st & VG_STYLE_CODE)
            vg_buf_addc(out, '`');
        if (st & VG_STYLE_ITALIC)
            vg_buf_addc(out, '*');
        if (st & VG_STYLE_BOLD)
            vg_buf_adds(out, "**");
    }
}

/* The index of the card with id hash key, or SIZE_MAX after recording it as card idx. */
static size_t S_id_claim(vg_builder *b, uint64_t key, size_t idx)
{
    if (!vg_deck_grow((void **)&b->id_keys, &b->cap_id_keys, idx + 1, sizeof *b->id_keys)) {
        b->nomem = true;
        return SIZE_MAX;
    }
    b->id_keys[idx] = key;
    if ((b->id_count + 1) * 2 > b->id_cap) {
        size_t cap = b->id_cap ? b->id_cap * 2 : 1024;
        struct vg_id_slot *ids = calloc(cap, sizeof *ids);
        if (!ids) {
            b->nomem = true;
            return SIZE_MAX;
        }
        for (size_t i = 0; i < b->id_cap; i++) {
            if (!b->ids[i].card)
                continue;
            size_t j = (size_t)b->id_keys[b->ids[i].card - 1] & (cap - 1);
            while (ids[j].card)
                j = (j + 1) & (cap - 1);
            ids[j] = b->ids[i];
        }
        free(b->ids);
        b->ids = ids;
        b->id_cap = cap;
    }
    uint32_t tag = (uint32_t)(key >> 32);
    size_t j = (size_t)key & (b->id_cap - 1);
    while (b->ids[j].card) {
        if (b->ids[j].tag == tag && b->id_keys[b->ids[j].card - 1] == key)
            return b->ids[j].card - 1;
        j = (j + 1) & (b->id_cap - 1);
    }
    if (idx >= UINT32_MAX) {
        b->nomem = true; /* 4 billion cards: more than a deck can hold */
        return SIZE_MAX;
    }
    b->ids[j] = (struct vg_id_slot){tag, (uint32_t)idx + 1};
    b->id_count++;
    return SIZE_MAX;
}

/* Room for one more card in the arena. */
static bool S_card_room(vg_builder *b)
{
    if (b->ncards < b->cap_cards)
        return true;
    size_t cap = b->cap_cards ? b->cap_cards * 2 : 64;
    vg_card *cards =
        cap <= SIZE_MAX / sizeof *cards ? vg_arena_alloc(b->arena, cap * sizeof *cards) : NULL;
    if (!cards) {
        b->nomem = true;
        return false;
    }
    if (b->ncards)
        memcpy(cards, b->cards, b->ncards * sizeof *cards);
    b->cards = cards;
    b->cap_cards = cap;
    return true;
}

/* The open card's subsection (in the arena) and the hash state after it. */
static const char *S_subsection(vg_builder *b, uint64_t *state)
{
    uint64_t sec = b->section_open ? b->section_hash : vg_deck_hash_title("");
    if (!b->nsubs) {
        *state = sec;
        return "";
    }
    if (!b->subsection) {
        b->subsection = vg_builder_strdup(b, vg_buf_str(&b->sub_text), b->sub_text.len);
        if (!b->subsection)
            return NULL;
        b->sub_hash = vg_deck_hash_sub(sec, b->subsection);
    }
    *state = b->sub_hash;
    return b->subsection;
}

bool vg_builder_card_commit(vg_builder *b, uint64_t key, const char *front_src, const char *shown,
                            vg_rb *front, vg_rb *back, unsigned cloze, bool reverse)
{
    unsigned line = b->open_line, col = b->open_col;
    char q[VG_SHORT_CHARS * 4 + 4], q2[VG_SHORT_CHARS * 4 + 4];
    const vg_section *sec = &b->sections[b->nsections - 1];
    if (b->nomem || !S_card_room(b))
        return false;
    size_t first = S_id_claim(b, key, b->ncards);
    if (b->nomem)
        return false;
    const char *sub = b->open_sub;
    if (first != SIZE_MAX) {
        vg_buf_clear(&b->tmp);
        vg_buf_adds(&b->tmp, sec->title);
        if (*sub) {
            vg_buf_adds(&b->tmp, *sec->title ? " \u203a " : "");
            vg_buf_adds(&b->tmp, sub);
        }
        const char *where = vg_buf_str(&b->tmp);
        if (*where)
            vg_builder_diag(b, VG_DIAG_ERROR, line, col,
                            "duplicate card '%s' in section '%s' (first at line %u)",
                            vg_deck_short(shown, q), vg_deck_short(where, q2),
                            b->cards[first].line);
        else
            vg_builder_diag(b, VG_DIAG_ERROR, line, col, "duplicate card '%s' (first at line %u)",
                            vg_deck_short(shown, q), b->cards[first].line);
        return false;
    }
    vg_card *card = &b->cards[b->ncards];
    memset(card, 0, sizeof *card);
    vg_deck_hex(key, card->id);
    card->front_src = front_src;
    card->subsection = sub;
    card->tags = b->tags;
    card->ntags = b->ntags;
    card->line = line;
    card->col = col;
    card->section = b->nsections - 1;
    card->cloze = cloze;
    card->reverse = reverse;
    card->note = b->nnotes;
    if (!vg_rb_commit(b, front, &card->front) || !vg_rb_commit(b, back, &card->back))
        return false;
    b->ncards++;
    return true;
}

/* front_src continued with 0x1F and tag, in the arena: a sibling's id source (deck.h). */
static const char *S_sibling_src(vg_builder *b, const char *front_src, const char *tag)
{
    vg_buf_clear(&b->tmp2);
    vg_buf_adds(&b->tmp2, front_src);
    vg_buf_addc(&b->tmp2, 0x1F);
    vg_buf_adds(&b->tmp2, tag);
    if (b->tmp2.failed) {
        b->nomem = true;
        return NULL;
    }
    return vg_builder_strdup(b, b->tmp2.data, b->tmp2.len);
}

/* Commits the open card: one card, a card each way, or a cloze note's cards. */
void vg_builder_card_close(vg_builder *b)
{
    if (!b->card_open)
        return;
    b->card_open = false;
    if (b->nomem)
        return;
    size_t before = b->ncards;
    if (b->open_note != VG_NOTE_PLAIN && vg_cloze_cards(b)) {
        /* its cards are committed */
    } else if (b->open_note != VG_NOTE_TEXT_CLOZE) {
        const char *front_src = b->open_front_src;
        char q[VG_SHORT_CHARS * 4 + 4];
        if (!b->back.nspans)
            vg_builder_diag(b, VG_DIAG_WARNING, b->open_line, b->open_col,
                            "card '%s' has an empty back", vg_deck_short(front_src, q));
        bool fwd = vg_builder_card_commit(b, b->open_key, front_src, front_src, &b->front, &b->back,
                                          0, false);
        const char *rsrc = b->open_reverse && fwd ? S_sibling_src(b, front_src, "reverse") : NULL;
        if (rsrc && b->back.nspans) /* the back as the question, the term as the answer */
            vg_builder_card_commit(b, vg_deck_fnv(b->open_state, rsrc), rsrc, front_src, &b->back,
                                   &b->front, 0, true);
    }
    if (b->ncards > before)
        b->nnotes++;
}

/* Is the open section one the front matter's reversed: names (by title, without ASCII case,
 * or by number: its heading's, else its position)? */
static bool S_section_reversed(vg_builder *b)
{
    if (b->fm_reversed != VG_REV_LIST)
        return b->fm_reversed == VG_REV_ALL;
    const vg_section *sec = &b->sections[b->nsections - 1];
    char pos[24];
    size_t untitled = b->nsections && !*b->sections[0].title && !*b->sections[0].number;
    snprintf(pos, sizeof pos, "%zu", b->nsections - untitled);
    const char *num = *sec->number ? sec->number : pos;
    for (size_t i = 0; i < b->nrev; i++)
        if ((*sec->title && !strcasecmp(b->rev[i], sec->title)) || !strcmp(b->rev[i], num))
            return true;
    return false;
}

/* Does paragraph para's text hold what opens a cloze deletion ("{{c1::")? (vg_cloze_check
 * says whether it is well formed.) */
static bool S_has_cloze(cmark_node *para)
{
    for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
        const char *lit =
            cmark_node_get_type(c) == CMARK_NODE_TEXT ? cmark_node_get_literal(c) : NULL;
        for (const char *p = lit ? strstr(lit, "{{c") : NULL; p; p = strstr(p + 1, "{{c"))
            if (p[3] >= '0' && p[3] <= '9')
                return true;
    }
    return false;
}

/* A bold-term card on lines first..last of the piece: a cloze note when they hold well-formed
 * deletions (malformed ones are reported, and the card is a plain one). */
static unsigned S_term_note(vg_builder *b, int first, int last)
{
    return vg_cloze_check(b, first, last) > 0 ? VG_NOTE_TERM_CLOZE : VG_NOTE_PLAIN;
}

/* Does the text after strong open with ':::', the mark of a card studied both ways? */
static bool S_reverse_mark(cmark_node *strong)
{
    cmark_node *n = cmark_node_next(strong);
    const char *lit =
        n && cmark_node_get_type(n) == CMARK_NODE_TEXT ? cmark_node_get_literal(n) : NULL;
    while (lit && vg_deck_is_space(*lit))
        lit++;
    return lit && strncmp(lit, ":::", 3) == 0;
}

/* A card at line:col: the front is the content of strong; the back is the inlines after it up
 * to stop (NULL: the end of its paragraph), then the blocks from more on (the rest of its
 * item). When the back is empty, the card stays open and takes the blocks that follow. note is
 * VG_NOTE_*: for VG_NOTE_TEXT_CLOZE, strong is the paragraph whose inlines (up to stop) are the
 * note's first line. */
static void S_card(vg_builder *b, unsigned line, unsigned col, cmark_node *strong, cmark_node *stop,
                   cmark_node *more, unsigned note)
{
    vg_builder_card_close(b);
    bool text = note == VG_NOTE_TEXT_CLOZE;
    vg_rb_clear(&b->front);
    vg_rb_begin(&b->front, VG_BLOCK_PARA, 0, 0, line);
    for (cmark_node *c = cmark_node_first_child(strong); c && c != stop; c = cmark_node_next(c))
        vg_builder_blocks(b, &b->front, c, 0, 0, false);
    if (!text)
        S_front_trim(&b->front);
    vg_rb_end(&b->front);
    vg_buf_clear(&b->tmp2);
    vg_deck_spans_src(&b->front, 0, b->front.nspans, &b->tmp2);
    if (b->tmp2.failed) {
        b->nomem = true;
        return;
    }
    size_t flen = b->tmp2.data ? vg_deck_fold(b->tmp2.data, b->tmp2.len) : 0;
    char *front_src = vg_builder_strdup(b, flen ? b->tmp2.data : "", flen);
    if (!front_src)
        return;
    if (!b->section_open)
        vg_builder_section_open(b, NULL, line, col);
    uint64_t state;
    const char *sub = b->nomem ? NULL : S_subsection(b, &state);
    if (!sub)
        return;
    /* The id now, so its slot of the table is in cache when the back is done. */
    uint64_t key = vg_deck_fnv(state, front_src);
    if (b->id_cap)
        __builtin_prefetch(&b->ids[(size_t)key & (b->id_cap - 1)]);

    vg_rb_clear(&b->back);
    vg_rb_begin(&b->back, VG_BLOCK_PARA, 0, 0, line);
    b->sep = text ? VG_SEP_OFF : VG_SEP_START;
    b->pending_cont = 0;
    /* A pipe table under the bold line (vg_table_start: the line break before its header)
     * ends the inline part of the back; its rows follow as cells. */
    cmark_node *para = text ? NULL : cmark_node_parent(strong);
    cmark_node *table = para ? vg_table_start(b, para) : NULL;
    bool at_table = false;
    for (cmark_node *c = text ? NULL : cmark_node_next(strong); c && c != stop;
         c = cmark_node_next(c)) {
        if (c == table) {
            at_table = true;
            break;
        }
        vg_builder_blocks(b, &b->back, c, 0, 0, false);
    }
    b->sep = VG_SEP_OFF;
    vg_rb_end(&b->back);
    b->open_inline = b->back.nblocks > 0;
    if (at_table)
        vg_table_rows(b, &b->back, para, 0);
    for (cmark_node *c = more; c; c = cmark_node_next(c))
        vg_builder_blocks(b, &b->back, c, 0, 0, false);

    b->card_open = true;
    b->open_line = line;
    b->open_col = col;
    b->open_key = key;
    b->open_state = state;
    b->open_front_src = front_src;
    b->open_sub = sub;
    b->open_note = note;
    b->open_reverse = !text && (S_reverse_mark(strong) || S_section_reversed(b));
    if (b->back.nblocks || text)
        vg_builder_card_close(b);
}

/* Does strong (the first inline of its line) open a card: a separator after it, or a ':' at
 * the end of its text? */
static bool S_bold_sep(vg_builder *b, cmark_node *strong)
{
    const char *t = vg_builder_plain_folded(b, strong);
    size_t len = strlen(t);
    if (len && t[len - 1] == ':')
        return true;
    cmark_node *n = cmark_node_next(strong);
    if (!n || cmark_node_get_type(n) != CMARK_NODE_TEXT)
        return false;
    const char *lit = cmark_node_get_literal(n);
    while (lit && vg_deck_is_space(*lit))
        lit++;
    return lit && *lit && vg_deck_sep_len(lit, strlen(lit)) > 0;
}

/* The bold of a paragraph that is nothing but bold text ("**Future Value**"), or NULL. */
static cmark_node *S_lone_bold(cmark_node *para)
{
    cmark_node *s = cmark_node_first_child(para);
    return s && cmark_node_get_type(s) == CMARK_NODE_STRONG && !cmark_node_next(s) ? s : NULL;
}

static bool S_list_has_card(cmark_node *list);

/* The STRONG that opens paragraph para as a card, or NULL: bold with a separator after it
 * ("**Term**: text", "**Term:**" alone), or bold alone followed by a block that can be its
 * back (not a heading, a thematic break, a card or a paragraph that opens with bold: a bold
 * line before those is a label). */
static cmark_node *S_para_card(vg_builder *b, cmark_node *para)
{
    cmark_node *s = cmark_node_first_child(para);
    if (!s || cmark_node_get_type(s) != CMARK_NODE_STRONG)
        return NULL;
    if (S_bold_sep(b, s))
        return s;
    if (cmark_node_next(s))
        return NULL;
    cmark_node *n = cmark_node_next(para);
    if (!n)
        return NULL;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_HEADING:
    case CMARK_NODE_THEMATIC_BREAK:
        return NULL;
    case CMARK_NODE_LIST:
        return S_list_has_card(n) ? NULL : s;
    case CMARK_NODE_PARAGRAPH: {
        cmark_node *f = cmark_node_first_child(n);
        return f && cmark_node_get_type(f) == CMARK_NODE_STRONG ? NULL : s;
    }
    default:
        return s;
    }
}

/* The column of the first character of line line_rel (1-based) of the piece. */
static unsigned S_text_col(vg_builder *b, int line_rel)
{
    size_t ls = vg_builder_line_start(b, line_rel), k = ls;
    if (ls == SIZE_MAX)
        return 1;
    while (k < b->sublen && (b->sub[k] == ' ' || b->sub[k] == '\t'))
        k++;
    return vg_deck_col(b->sub, ls, k);
}

/* A paragraph of a section that opens with bold and a separator: each of its lines that does
 * is a card, the lines after it are its back. */
static void S_para_cards(vg_builder *b, cmark_node *para, cmark_node *strong)
{
    int line_rel = cmark_node_get_start_line(para);
    unsigned line = vg_builder_line(b, para),
             col = vg_builder_col(b, line_rel, cmark_node_get_start_column(para));
    for (;;) {
        cmark_node *stop = NULL, *next = NULL;
        int breaks = 0;
        for (cmark_node *c = cmark_node_next(strong); c; c = cmark_node_next(c)) {
            cmark_node_type t = cmark_node_get_type(c);
            if (t != CMARK_NODE_SOFTBREAK && t != CMARK_NODE_LINEBREAK)
                continue;
            breaks++;
            cmark_node *d = cmark_node_next(c);
            if (d && cmark_node_get_type(d) == CMARK_NODE_STRONG && S_bold_sep(b, d)) {
                stop = c;
                next = d;
                break;
            }
        }
        /* cmark places an inline that opens a line right (a code span or link over several
         * lines would fool a count of the breaks); the count is the fallback. */
        int at = next ? cmark_node_get_start_line(next) : 0;
        int rel = at > line_rel ? at : line_rel + breaks;
        int last = next ? rel - 1 : cmark_node_get_end_line(para);
        S_card(b, line, col, strong, stop, NULL, S_term_note(b, line_rel, last));
        if (!next || b->nomem)
            return;
        line += (unsigned)(rel - line_rel);
        line_rel = rel;
        col = S_text_col(b, line_rel);
        strong = next;
    }
}

/* Does the list hold a card (a bold bullet, or a bullet with cloze deletions)? */
static bool S_list_has_card(cmark_node *list)
{
    cmark_node *para, *strong;
    for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
        if (vg_deck_bold_start(item, &para, &strong))
            return true;
        para = cmark_node_first_child(item);
        if (para && cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH && S_has_cloze(para))
            return true;
    }
    return false;
}

/* Is top-level node n a card, or does it hold one? */
static bool S_has_card(vg_builder *b, cmark_node *n)
{
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_LIST:
        return S_list_has_card(n);
    case CMARK_NODE_PARAGRAPH:
        return S_para_card(b, n) != NULL || S_has_cloze(n);
    default:
        return false;
    }
}

/* Does heading h (below the section level) hold cards: one before the next heading of its
 * level or higher? Scopes of one level do not overlap, so the scans of all headings together
 * look at each node at most once per level. */
bool vg_builder_holds_cards(vg_builder *b, cmark_node *h, int level)
{
    for (cmark_node *n = cmark_node_next(h); n; n = cmark_node_next(n)) {
        if (cmark_node_get_type(n) == CMARK_NODE_HEADING) {
            if (cmark_node_get_heading_level(n) <= level)
                return false;
            continue;
        }
        if (S_has_card(b, n))
            return true;
    }
    return false;
}

static void S_list(vg_builder *b, cmark_node *list)
{
    bool ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
    int start = cmark_node_get_list_start(list);
    unsigned ord = start > 0 ? (unsigned)start : 0;
    for (cmark_node *item = cmark_node_first_child(list); item && !b->nomem;
         item = cmark_node_next(item)) {
        cmark_node *para, *strong;
        unsigned o = ordered ? ord++ : 0;
        int first = cmark_node_get_start_line(item), last = cmark_node_get_end_line(item);
        if (vg_deck_bold_start(item, &para, &strong)) {
            S_card(b, vg_builder_line(b, item), vg_builder_item_col(b, item), strong, NULL,
                   cmark_node_next(para), S_term_note(b, first, last));
            continue;
        }
        para = cmark_node_first_child(item);
        if (para && cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH && S_has_cloze(para) &&
            vg_cloze_check(b, first, last) > 0) {
            S_card(b, vg_builder_line(b, item), vg_builder_item_col(b, item), para, NULL,
                   cmark_node_next(para), VG_NOTE_TEXT_CLOZE);
            continue;
        }
        vg_builder_card_close(b); /* a bullet of its own ends what a bold bullet took */
        vg_builder_blocks(b, vg_builder_target(b), item, 1, o, true);
    }
}

/* Paragraphs of the description are not cards ("**Author**: ..." under the title). */
static void S_bold_before_section(vg_builder *b, cmark_node *para)
{
    char q[VG_SHORT_CHARS * 4 + 4];
    vg_deck_short(vg_builder_plain_folded(b, cmark_node_first_child(para)), q);
    vg_builder_diag(
        b, VG_DIAG_WARNING, vg_builder_line(b, para), vg_builder_item_col(b, para),
        "bold term '%s' before the first section is not a card (write '- **%s**: ...' to "
        "make it one)",
        q, q);
}

/* A quote holds no cards: say so of what looks like one. */
static void S_quote(vg_builder *b, cmark_node *quote)
{
    char q[VG_SHORT_CHARS * 4 + 4];
    for (cmark_node *n = cmark_node_first_child(quote); n; n = cmark_node_next(n)) {
        cmark_node *strong =
            cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH ? cmark_node_first_child(n) : NULL;
        if (strong && cmark_node_get_type(strong) == CMARK_NODE_STRONG && S_bold_sep(b, strong)) {
            vg_deck_short(vg_builder_plain_folded(b, strong), q);
            vg_builder_diag(b, VG_DIAG_WARNING, vg_builder_line(b, n), vg_builder_item_col(b, n),
                            "bold term '%s' in a quote is not a card (cards are not quoted)", q);
        }
        if (cmark_node_get_type(n) != CMARK_NODE_LIST)
            continue;
        for (cmark_node *item = cmark_node_first_child(n); item; item = cmark_node_next(item)) {
            cmark_node *para;
            if (!vg_deck_bold_start(item, &para, &strong))
                continue;
            vg_deck_short(vg_builder_plain_folded(b, strong), q);
            vg_builder_diag(b, VG_DIAG_WARNING, vg_builder_line(b, item),
                            vg_builder_item_col(b, item),
                            "bold bullet '%s' in a quote is not a card (cards are not quoted)", q);
        }
    }
}

/* "**Term**" and its explanation on the next line of the paragraph: no separator, so not a
 * card, though it looks meant as one. (A bold line alone is a label: no warning.) */
static void S_bold_then_line(vg_builder *b, cmark_node *para)
{
    cmark_node *s = cmark_node_first_child(para), *br = s ? cmark_node_next(s) : NULL;
    if (!s || cmark_node_get_type(s) != CMARK_NODE_STRONG || !br ||
        (cmark_node_get_type(br) != CMARK_NODE_SOFTBREAK &&
         cmark_node_get_type(br) != CMARK_NODE_LINEBREAK) ||
        !cmark_node_next(br))
        return;
    char q[VG_SHORT_CHARS * 4 + 4];
    vg_deck_short(vg_builder_plain_folded(b, s), q);
    vg_builder_diag(
        b, VG_DIAG_WARNING, vg_builder_line(b, para), vg_builder_item_col(b, para),
        "bold line '%s' is not a card: no separator after the bold (write '**%s**: ...')", q, q);
}

/* ---- a piece: its top-level nodes ---- */

bool vg_builder_piece(vg_builder *b, void *cmark_doc, const char *src, size_t srclen,
                      unsigned line0, const vg_prescan *ps)
{
    cmark_node *doc = cmark_doc;
    b->src = src;
    b->srclen = srclen;
    b->sub = ps->out.data ? ps->out.data : "";
    b->sublen = ps->out.len;
    b->line0 = line0;
    b->ps = ps;
    b->have_line_starts = false;
    b->ncode = 0;
    b->nlists = 0;
    b->cur_left = 0;
    b->pending_cont = 0;
    b->sep = VG_SEP_OFF;
    for (cmark_node *n = cmark_node_first_child(doc); n && !b->nomem; n = cmark_node_next(n)) {
        cmark_node *strong;
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_HEADING:
            vg_builder_heading(b, n);
            break;
        case CMARK_NODE_LIST:
            if (b->card_open && !S_list_has_card(n))
                vg_builder_blocks(b, &b->back, n, 0, 0, false);
            else
                S_list(b, n);
            break;
        case CMARK_NODE_THEMATIC_BREAK:
            vg_builder_card_close(b);
            break;
        case CMARK_NODE_PARAGRAPH:
            if (b->para_cards && (strong = S_para_card(b, n))) {
                S_para_cards(b, n, strong);
                break;
            }
            if (b->para_cards && S_has_cloze(n) &&
                vg_cloze_check(b, cmark_node_get_start_line(n), cmark_node_get_end_line(n)) > 0) {
                S_card(b, vg_builder_line(b, n), vg_builder_item_col(b, n), n, NULL, NULL,
                       VG_NOTE_TEXT_CLOZE);
                break;
            }
            if (S_lone_bold(n))
                vg_builder_card_close(b); /* a bold line is a label: it ends what a card took */
            strong = cmark_node_first_child(n);
            if (!b->para_cards && strong && cmark_node_get_type(strong) == CMARK_NODE_STRONG &&
                S_bold_sep(b, strong))
                S_bold_before_section(b, n);
            else if (b->para_cards && !b->card_open)
                S_bold_then_line(b, n);
            vg_builder_blocks(b, b->card_open ? &b->back : vg_builder_target(b), n, 0, 0,
                              !b->card_open);
            break;
        case CMARK_NODE_BLOCK_QUOTE:
            S_quote(b, n);
            vg_builder_blocks(b, b->card_open ? &b->back : vg_builder_target(b), n, 0, 0, false);
            break;
        default:
            vg_builder_blocks(b, b->card_open ? &b->back : vg_builder_target(b), n, 0, 0,
                              !b->card_open);
            break;
        }
    }
    vg_builder_card_close(b);
    vg_builder_unclosed(b);
    return !b->nomem;
}
