/* The deck the rows make and the report: rows grouped by section are written as markdown
 * (import/markdown.c), the markdown is parsed back and every card checked against its row (a
 * row that does not read back is written again without styles, or left out), and what the
 * parser said of a card is reported at the line of its row. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import_int.h"
#include "vgrev/render.h"

/* ---- rows to markdown ---- */

typedef struct S_conv_out {
    vg_ir front, back, tmp, field;
    vg_ir shown; /* the front as the deck parser reads it back (a trailing ':' dropped) */
    vg_field_report rep;
    unsigned long long clozes;
} S_conv_out;

static void S_conv_init(S_conv_out *c)
{
    vg_ir_init(&c->front);
    vg_ir_init(&c->back);
    vg_ir_init(&c->tmp);
    vg_ir_init(&c->field);
    vg_ir_init(&c->shown);
}

static void S_conv_release(S_conv_out *c)
{
    vg_ir_release(&c->front);
    vg_ir_release(&c->back);
    vg_ir_release(&c->tmp);
    vg_ir_release(&c->field);
    vg_ir_release(&c->shown);
}

/* The row's front (one line) and back as rich text. A front with Anki's cloze deletions is a
 * cloze note: its text, markup kept, opens the back and the front stays empty, so that the
 * deck makes one card per number (vg_md_note). */
static void S_convert(const vg_imp *im, const vg_imp_row *row, S_conv_out *c)
{
    vg_field_opts fo = {.html = im->html, .dollar_math = im->dollar_math, .plain = row->level > 0};
    memset(&c->rep, 0, sizeof c->rep);
    c->clozes = row->front ? vg_field_clozes(row->front, row->front_len) : 0;
    vg_ir_clear(&c->tmp);
    if (row->front)
        vg_field_convert(row->front, row->front_len, &fo, &c->tmp, &c->rep);
    vg_ir_end(&c->tmp);
    vg_ir_clear(&c->front);
    vg_ir_clear(&c->shown);
    vg_ir_clear(&c->back);
    if (c->clozes) {
        vg_ir_append(&c->back, &c->tmp);
        vg_ir_end(&c->back);
    } else {
        vg_ir_front(&c->tmp, &c->front, false);
        vg_ir_front(&c->tmp, &c->shown, true);
    }
    const char *fields[1 + 64];
    size_t lens[1 + 64], nf = 0;
    if (row->back)
        fields[nf] = row->back, lens[nf++] = row->back_len;
    for (size_t k = 0; k < row->nextra && nf < 65; k++)
        fields[nf] = row->extra[k], lens[nf++] = row->extra_len[k];
    for (size_t k = 0; k < nf; k++) {
        vg_ir_clear(&c->field);
        vg_field_convert(fields[k], lens[k], &fo, &c->field, &c->rep);
        vg_ir_end(&c->field);
        if (c->field.nblocks)
            vg_ir_append(&c->back, &c->field);
        vg_ir_end(&c->back);
    }
}

static size_t S_count_lines(const char *s, size_t len)
{
    size_t n = 0;
    for (const char *p = s; (p = memchr(p, '\n', len - (size_t)(p - s))); p++)
        n++;
    return n;
}

static const char *S_basename(const char *path)
{
    const char *b = path ? strrchr(path, '/') : NULL;
    return b ? b + 1 : path ? path : "";
}

/* ir rendered as the deck renders a card's side (vg_render_inline), appended to out. */
static void S_render(vg_imp *im, const vg_ir *ir, vg_arena *scratch, vg_buf *out)
{
    vg_rich rich;
    if (!vg_ir_rich(ir, scratch, &rich))
        im->nomem = true;
    else
        vg_render_inline(&rich, out);
}

/* What the check and the report need of a row's conversion, kept so that its fields are
 * converted once: the sides as they must read back (when render: without, the check converts
 * the row again if it needs them), the clozes, what the row lost. */
static void S_keep(vg_imp *im, vg_imp_row *row, const S_conv_out *c, vg_arena **scratch,
                   bool render)
{
    row->clozes = c->clozes;
    row->want_off = render ? im->want.len : SIZE_MAX;
    row->want_front = row->want_back = 0;
    if (!c->clozes && render) {
        S_render(im, &c->shown, *scratch, &im->want);
        row->want_front = im->want.len - row->want_off;
        S_render(im, &c->back, *scratch, &im->want);
        row->want_back = im->want.len - row->want_off - row->want_front;
    }
    const vg_field_report *r = &c->rep;
    row->rep = NULL;
    if (r->images || r->sounds || r->media || r->tables) {
        vg_field_report *copy = vg_arena_alloc(im->a, sizeof *copy);
        if (copy)
            *copy = *r;
        else
            im->nomem = true;
        row->rep = copy;
    }
    /* The rich views are only needed while rendering: a fresh arena now and then. */
    if (vg_arena_used(*scratch) > (1u << 20)) {
        vg_arena_free(*scratch);
        if (!(*scratch = vg_arena_new()))
            im->nomem = true;
    }
}

/* Writes the deck; rows get their out_line and what S_keep keeps. */
void vg_imp_generate(vg_imp *im, const size_t *order, vg_buf *md)
{
    vg_buf_clear(md);
    const char *title = im->o->title && *im->o->title ? im->o->title : "Imported deck";
    vg_buf_adds(md, "# ");
    vg_md_plain(md, title, strlen(title));
    vg_buf_adds(md, "\n\n");
    const char *base = S_basename(im->o->file);
    if (*base) {
        vg_buf_adds(md, "Imported from ");
        vg_md_plain(md, base, strlen(base));
        vg_buf_adds(md, " by vgrev.\n");
    }
    size_t line = S_count_lines(vg_buf_str(md), md->len) + 1;
    S_conv_out c;
    S_conv_init(&c);
    vg_buf_clear(&im->want);
    im->cards = im->sections = 0;
    vg_arena *scratch = vg_arena_new();
    if (!scratch)
        im->nomem = true;
    vg_buf cards = VG_BUF_INIT;
    size_t i = 0;
    while (i < im->nrows && scratch) {
        size_t g = im->rows[order[i]].group, j = i;
        vg_buf_clear(&cards);
        size_t rel = 0, count = 0;
        uint64_t title_key = im->fast ? vg_imp_title_key(im->groups[g]) : 0;
        for (; j < im->nrows && im->rows[order[j]].group == g; j++) {
            vg_imp_row *row = &im->rows[order[j]];
            if (row->skip)
                continue;
            S_convert(im, row, &c);
            if (vg_ir_empty(c.clozes ? &c.back : &c.shown)) {
                row->skip = true;
                im->r->skipped++;
                vg_imp_note_add(
                    im, VG_IMPORT_SKIPPED, row->fline, row->fcol,
                    c.rep.images || c.rep.sounds || c.rep.media
                        ? "skipped: the front has no text (only media, which a terminal "
                          "cannot show)"
                        : "skipped: empty front");
                continue;
            }
            if (im->fast && (c.clozes || row->reversed || !vg_imp_reads_back(&c.front, &c.back) ||
                             !vg_imp_key_add(im, vg_imp_front_key(title_key, &c.front))))
                im->fast = false; /* the deck is parsed back */
            S_keep(im, row, &c, &scratch, !im->fast || im->cross_check);
            row->out_line = (unsigned)rel; /* relative for now */
            size_t before = cards.len;
            if (c.clozes)
                vg_md_note(&cards, NULL, ":", &c.back, row->tags);
            else
                vg_md_note(&cards, &c.front, row->reversed ? ":::" : ":", &c.back, row->tags);
            rel += S_count_lines(cards.data + before, cards.len - before);
            count++;
        }
        if (count) {
            size_t base_line = line;
            vg_buf_addc(md, '\n');
            base_line++;
            if (*im->groups[g]) {
                vg_buf_adds(md, "## ");
                vg_md_plain(md, im->groups[g], strlen(im->groups[g]));
                vg_buf_adds(md, "\n\n");
                base_line += 2;
            }
            for (size_t k = i; k < j; k++)
                if (!im->rows[order[k]].skip)
                    im->rows[order[k]].out_line += (unsigned)base_line;
            vg_buf_add(md, vg_buf_str(&cards), cards.len);
            line = base_line + rel;
            im->cards += count;
            im->sections++;
        }
        i = j;
    }
    if (cards.failed || c.front.failed || c.back.failed || c.tmp.failed || c.field.failed)
        im->nomem = true;
    vg_buf_release(&cards);
    S_conv_release(&c);
    vg_arena_free(scratch);
    if (md->failed || im->want.failed)
        im->nomem = true;
}

/* The rows that made cards, by markdown line (order is by group, so by out_line). */
typedef struct S_index {
    size_t *rows; /* indexes in im->rows */
    size_t n;
    vg_imp_row *all;
} S_index;

static bool S_index_build(vg_imp *im, const size_t *order, S_index *ix)
{
    ix->n = 0;
    ix->all = im->rows;
    ix->rows = malloc((im->nrows ? im->nrows : 1) * sizeof *ix->rows);
    if (!ix->rows) {
        im->nomem = true;
        return false;
    }
    for (size_t i = 0; i < im->nrows; i++) {
        const vg_imp_row *r = &im->rows[order[i]];
        if (!r->skip && r->out_line)
            ix->rows[ix->n++] = order[i];
    }
    return true;
}

/* The row whose card spans markdown line `line`: the last one starting at or before it. */
static vg_imp_row *S_row_at(const S_index *ix, unsigned line)
{
    size_t lo = 0, hi = ix->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix->all[ix->rows[mid]].out_line <= line)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? &ix->all[ix->rows[lo - 1]] : NULL;
}

/* Whether the parsed side renders as want[0..len) (kept by S_keep). */
static bool S_same_text(vg_imp *im, const char *want, size_t len, const vg_rich *parsed, vg_buf *b)
{
    vg_buf_clear(b);
    vg_render_inline(parsed, b);
    if (b->failed) {
        im->nomem = true;
        return true;
    }
    return b->len == len && memcmp(vg_buf_str(b), want, len) == 0;
}

/* Parses the markdown and checks every card against its row. Returns true when a row
 * changed (left out, or to be written without styles): the deck must be written again. */
bool vg_imp_verify(vg_imp *im, const size_t *order, const vg_buf *md, vg_deck **out)
{
    vg_deck *deck = NULL;
    vg_error err;
    vg_error_clear(&err);
    vg_status st = vg_deck_parse(vg_buf_str(md), md->len, im->file, &deck, &err);
    if (st != VG_OK) {
        if (st == VG_NOMEM)
            im->nomem = true;
        else
            vg_imp_note_add(im, VG_IMPORT_ERROR, 0, 0, "the deck made from the rows: %s", err.msg);
        return false;
    }
    *out = deck;
    S_index ix;
    if (!S_index_build(im, order, &ix))
        return false;
    bool changed = false;
    vg_buf b = VG_BUF_INIT, again = VG_BUF_INIT;
    S_conv_out c;
    S_conv_init(&c);
    vg_arena *scratch = NULL;
    size_t ci = 0, di = 0;
    for (size_t i = 0; i < ix.n && !im->nomem; i++) {
        vg_imp_row *row = &ix.all[ix.rows[i]];
        while (ci < deck->ncards && deck->cards[ci].line < row->out_line)
            ci++;
        const vg_card *card =
            ci < deck->ncards && deck->cards[ci].line == row->out_line ? &deck->cards[ci] : NULL;
        const char *shown;
        if (row->want_off == SIZE_MAX) {
            /* written before the deck had to be parsed: its sides are rendered now */
            if (!scratch && !(scratch = vg_arena_new())) {
                im->nomem = true;
                break;
            }
            S_convert(im, row, &c);
            vg_buf_clear(&again);
            if (!row->clozes) {
                S_render(im, &c.shown, scratch, &again);
                row->want_front = again.len;
                S_render(im, &c.back, scratch, &again);
                row->want_back = again.len - row->want_front;
            }
            shown = vg_buf_str(&again);
            if (vg_arena_used(scratch) > (1u << 20)) {
                vg_arena_free(scratch);
                scratch = NULL;
            }
        } else {
            shown = vg_buf_str(&im->want) + row->want_off;
        }
        if (card && row->clozes && card->cloze) {
            /* a card per number (the deck renders their sides) */
            size_t n = 0;
            for (size_t k = ci; k < deck->ncards && deck->cards[k].note == card->note; k++)
                n++;
            if (n == (size_t)__builtin_popcountll(row->clozes))
                continue;
        } else if (card && !row->clozes &&
                   S_same_text(im, shown, row->want_front, &card->front, &b) &&
                   S_same_text(im, shown + row->want_front, row->want_back, &card->back, &b)) {
            continue;
        }
        changed = true;
        const vg_diag *dup = NULL;
        while (di < deck->ndiags && deck->diags[di].line < row->out_line)
            di++;
        for (size_t d = di; !card && d < deck->ndiags && deck->diags[d].line == row->out_line; d++)
            if (strncmp(deck->diags[d].msg, "duplicate card", 14) == 0)
                dup = &deck->diags[d];
        if (dup) {
            /* Same section, same front: the id of an earlier card. */
            const char *at = strstr(dup->msg, "(first at line ");
            vg_imp_row *first = at ? S_row_at(&ix, (unsigned)strtoul(at + 15, NULL, 10)) : NULL;
            char q[200];
            vg_buf_clear(&b);
            vg_buf_add(&b, shown, row->want_front);
            row->skip = true;
            im->r->skipped++;
            if (first && *row->section)
                vg_imp_note_add(im, VG_IMPORT_SKIPPED, row->fline, row->fcol,
                                "skipped: duplicate front '%s' in section '%s' (first at line %u)",
                                vg_imp_short(vg_buf_str(&b), q), row->section, first->line);
            else if (first)
                vg_imp_note_add(im, VG_IMPORT_SKIPPED, row->fline, row->fcol,
                                "skipped: duplicate front '%s' (first at line %u)",
                                vg_imp_short(vg_buf_str(&b), q), first->line);
            else
                vg_imp_note_add(im, VG_IMPORT_SKIPPED, row->fline, row->fcol,
                                "skipped: duplicate front '%s'", vg_imp_short(vg_buf_str(&b), q));
        } else if (row->level == 0) {
            row->level = 1; /* the markdown did not read back as the row: without styles */
        } else {
            row->skip = true;
            im->r->skipped++;
            vg_imp_note_add(im, VG_IMPORT_SKIPPED, row->line, row->col,
                            "skipped: the row could not be written as a markdown card");
        }
    }
    if (b.failed || again.failed || c.front.failed || c.back.failed || c.tmp.failed ||
        c.field.failed || c.shown.failed)
        im->nomem = true;
    vg_buf_release(&b);
    vg_buf_release(&again);
    S_conv_release(&c);
    vg_arena_free(scratch);
    free(ix.rows);
    return changed;
}

/* Notes about what each imported row lost, and the deck's warnings, by row. */
void vg_imp_report(vg_imp *im, const size_t *order, const vg_deck *deck)
{
    S_index ix;
    if (!S_index_build(im, order, &ix))
        return;
    static const vg_field_report none;
    for (size_t i = 0; i < ix.n && !im->nomem; i++) {
        vg_imp_row *row = &ix.all[ix.rows[i]];
        const vg_field_report *rep = row->rep ? row->rep : &none;
        char q[200];
        if (row->stray_line)
            vg_imp_note_add(
                im, VG_IMPORT_WARNING, row->stray_line, row->stray_col,
                "text after a closing quote kept as it is (a '\"' inside a quoted field "
                "is written '\"\"')");
        if (row->level)
            vg_imp_note_add(im, VG_IMPORT_WARNING, row->line, row->col,
                            "styles and math dropped: they could not be written as markdown");
        if (row->rule_line)
            vg_imp_note_add(im, VG_IMPORT_WARNING, row->rule_line, row->rule_col,
                            "the back starts after its <hr id=answer>: the question above the rule "
                            "was dropped, though it is not the front");
        if (rep->images)
            vg_imp_note_add(im, VG_IMPORT_WARNING, row->line, row->col,
                            "%zu image%s dropped ('%s'%s): a terminal shows text only", rep->images,
                            rep->images > 1 ? "s" : "", vg_imp_short(rep->first_image, q),
                            rep->images > 1 ? ", ..." : "");
        if (rep->sounds)
            vg_imp_note_add(im, VG_IMPORT_WARNING, row->line, row->col,
                            "%zu sound%s dropped ('%s'%s)", rep->sounds, rep->sounds > 1 ? "s" : "",
                            vg_imp_short(rep->first_sound, q), rep->sounds > 1 ? ", ..." : "");
        if (rep->media)
            vg_imp_note_add(im, VG_IMPORT_WARNING, row->line, row->col, "audio or video dropped");
        if (rep->tables)
            vg_imp_note_add(im, VG_IMPORT_WARNING, row->line, row->col,
                            "a table became lines of text");
    }
    for (size_t d = 0; deck && d < deck->ndiags; d++) {
        vg_imp_row *row = S_row_at(&ix, deck->diags[d].line);
        if (!row)
            continue;
        vg_imp_note_add(im,
                        deck->diags[d].level == VG_DIAG_ERROR ? VG_IMPORT_ERROR : VG_IMPORT_WARNING,
                        row->line, row->col, "%s", deck->diags[d].msg);
    }
    free(ix.rows);
}
