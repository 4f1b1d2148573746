/* Sections and subsections: a heading at the section level or above opens a section, one
 * below it that holds cards is a subsection of the cards under it, and the first '#' may be
 * the deck's title. */
#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "deck/deck_int.h"

/* ---- sections ---- */

vg_rb *vg_builder_target(vg_builder *b)
{
    return b->section_open && b->real_section ? &b->intro : &b->desc;
}

void vg_builder_section_close(vg_builder *b)
{
    if (!b->section_open)
        return;
    vg_section *s = &b->sections[b->nsections - 1];
    s->ncards = b->ncards - s->first_card;
    vg_rb_commit(b, &b->intro, &s->intro);
    vg_rb_clear(&b->intro);
    if (b->real_section && !s->ncards) {
        char q[VG_SHORT_CHARS * 4 + 4];
        if (*s->title)
            vg_builder_diag(b, VG_DIAG_WARNING, s->line, b->section_col,
                            "section '%s' has no cards", vg_deck_short(s->title, q));
        else
            vg_builder_diag(b, VG_DIAG_WARNING, s->line, b->section_col,
                            "untitled section has no cards");
    }
    b->section_open = false;
}

/* Splits "5. Title", "5) Title", "5.1 Title" or "5.1. Title" into number and title. A bare
 * "2024 Goals" keeps its number: without a '.' or ')' a number is part of the title. The number
 * may follow words with no ASCII letter or digit ("📌 1. Variables", "§ 2. Rules"): they stay in
 * the title, s[0..*pre) (with the space after them); the title is then s[0..*pre) followed by
 * s[*title_off..len). */
static void S_split_number(const char *s, size_t len, size_t *pre, size_t *num, size_t *numlen,
                           size_t *title_off)
{
    *pre = *num = *numlen = *title_off = 0;
    size_t i = 0;
    for (;;) { /* words of symbols, each followed by a space */
        size_t w = i;
        while (i < len && s[i] != ' ' &&
               !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z') ||
                 (s[i] >= 'A' && s[i] <= 'Z')))
            i++;
        if (i == w || i >= len || s[i] != ' ') {
            i = w;
            break;
        }
        i++;
    }
    size_t p = i;
    bool inner_dot = false;
    for (;;) {
        size_t d = i;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == d)
            return;
        if (i + 1 < len && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
            i++;
            inner_dot = true;
            continue;
        }
        break;
    }
    size_t end = i;
    if (i < len && (s[i] == '.' || s[i] == ')'))
        i++;
    else if (!inner_dot)
        return;
    if (i >= len || s[i] != ' ' || i + 1 >= len) /* folded: one space, then the title */
        return;
    *pre = p;
    *num = p;
    *numlen = end - p;
    *title_off = i + 1;
}

/* The title and number of heading h, in the arena; false when out of memory. */
static bool S_heading_title(vg_builder *b, cmark_node *h, const char **title, const char **number)
{
    const char *s = vg_builder_plain_folded(b, h);
    size_t len = strlen(s), pre, num, numlen, off;
    S_split_number(s, len, &pre, &num, &numlen, &off);
    *number = vg_builder_strdup(b, s + num, numlen);
    char *t = vg_arena_alloc(b->arena, pre + (len - off) + 1);
    if (!*number || !t) {
        b->nomem = true;
        return false;
    }
    memcpy(t, s, pre);
    memcpy(t + pre, s + off, len - off);
    t[pre + len - off] = '\0';
    *title = t;
    return true;
}

static void S_subs_clear(vg_builder *b)
{
    b->nsubs = 0;
    vg_buf_clear(&b->sub_text);
    b->subsection = NULL;
}

void vg_builder_section_open(vg_builder *b, cmark_node *heading, unsigned line, unsigned col)
{
    vg_builder_section_close(b);
    if (heading)
        S_subs_clear(b); /* an untitled section keeps the subsection its first card is in */
    b->subsection = NULL;
    if (!vg_deck_grow((void **)&b->sections, &b->cap_sections, b->nsections + 1,
                      sizeof *b->sections)) {
        b->nomem = true;
        return;
    }
    const char *title = "", *number = "";
    if (heading && !S_heading_title(b, heading, &title, &number))
        return;
    b->sections[b->nsections++] =
        (vg_section){.title = title, .number = number, .line = line, .first_card = b->ncards};
    b->section_hash = vg_deck_hash_title(title);
    b->section_open = true;
    b->real_section = heading != NULL;
    b->section_col = col;
}

static void S_subs_pop(vg_builder *b, int level)
{
    size_t n = b->nsubs;
    while (n && b->subs[n - 1].level >= (unsigned)level)
        n--;
    if (n == b->nsubs)
        return;
    b->nsubs = n;
    b->sub_text.len = n ? b->subs[n - 1].len : 0;
    if (b->sub_text.data)
        b->sub_text.data[b->sub_text.len] = '\0';
    b->subsection = NULL;
}

static void S_subs_push(vg_builder *b, cmark_node *h, int level)
{
    const char *title, *number;
    if (b->nsubs >= sizeof b->subs / sizeof b->subs[0] || !S_heading_title(b, h, &title, &number))
        return;
    if (b->nsubs)
        vg_buf_adds(&b->sub_text, " \u203a ");
    vg_buf_adds(&b->sub_text, title);
    if (b->sub_text.failed)
        b->nomem = true;
    b->subs[b->nsubs].level = (unsigned)level;
    b->subs[b->nsubs].len = b->sub_text.len;
    b->nsubs++;
    b->subsection = NULL;
}

void vg_builder_heading(vg_builder *b, cmark_node *h)
{
    int level = cmark_node_get_heading_level(h);
    vg_builder_card_close(b);
    if (level == 1 && !b->h1_sections && !b->title_slot_used &&
        !(b->section_open && b->real_section)) {
        b->title_slot_used = true;
        if (!b->fm_title) {
            const char *t = vg_builder_plain_folded(b, h);
            b->deck->title = vg_builder_strdup(b, t, strlen(t));
        }
        return;
    }
    b->para_cards = true;
    if ((unsigned)level <= b->section_level) {
        vg_builder_section_open(b, h, vg_builder_line(b, h), vg_builder_item_col(b, h));
        return;
    }
    S_subs_pop(b, level);
    if (vg_builder_holds_cards(b, h, level))
        S_subs_push(b, h, level);
    else
        vg_builder_blocks(b, vg_builder_target(b), h, 0, 0, true);
}
