/* Export: a deck written back in the formats the import reads (docs/importing.md, "Export").
 * The front is written so that importing the file again gives every card its id: csv and tsv
 * write the front's source form (vg_card.front_src: what the id hashes, marks as `*`, '`' and
 * '$' that the import escapes back to the same text), anki writes it as HTML that the import
 * turns back into the same marks. */
#include <stdbool.h>
#include <string.h>

#include "vgrev/buf.h"
#include "vgrev/import.h"

typedef struct S_out {
    vg_buf *b;
    bool html;
} S_out;

static void S_html_text(vg_buf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        switch (s[i]) {
        case '&':
            vg_buf_adds(b, "&amp;");
            break;
        case '<':
            vg_buf_adds(b, "&lt;");
            break;
        case '>':
            vg_buf_adds(b, "&gt;");
            break;
        case '"':
            vg_buf_adds(b, "&quot;");
            break;
        case '\n':
            vg_buf_adds(b, "<br>");
            break;
        default:
            vg_buf_addc(b, s[i]);
        }
    }
}

/* The spans of a block; mask: the styles to leave out (a front's own bold). */
static void S_spans(S_out *o, const vg_block *bl, unsigned mask)
{
    for (size_t i = 0; i < bl->nspans; i++) {
        const vg_span *sp = &bl->spans[i];
        unsigned st = sp->style & ~mask;
        if (st & VG_STYLE_MATH) {
            bool display = st & VG_STYLE_DISPLAY;
            vg_buf_adds(o->b, o->html ? (display ? "\\[" : "\\(") : (display ? "$$" : "$"));
            if (o->html)
                S_html_text(o->b, sp->text, sp->len);
            else
                vg_buf_add(o->b, sp->text, sp->len);
            vg_buf_adds(o->b, o->html ? (display ? "\\]" : "\\)") : (display ? "$$" : "$"));
            continue;
        }
        if (!o->html) {
            vg_buf_add(o->b, sp->text, sp->len);
            continue;
        }
        static const struct {
            unsigned style;
            const char *open, *close;
        } tags[] = {{VG_STYLE_BOLD, "<b>", "</b>"},
                    {VG_STYLE_ITALIC, "<i>", "</i>"},
                    {VG_STYLE_CODE, "<code>", "</code>"}};
        for (size_t k = 0; k < 3; k++)
            if (st & tags[k].style)
                vg_buf_adds(o->b, tags[k].open);
        S_html_text(o->b, sp->text, sp->len);
        for (size_t k = 3; k-- > 0;)
            if (st & tags[k].style)
                vg_buf_adds(o->b, tags[k].close);
    }
}

enum { S_MAX_LIST = 32 };

/* A back: paragraphs, lists, code and tables as plain lines (csv, tsv) or HTML (anki). */
static void S_back(S_out *o, const vg_rich *r)
{
    unsigned open = 0;              /* HTML lists open */
    bool ordered[S_MAX_LIST] = {0}; /* of each open list */
    for (size_t i = 0; i < r->nblocks; i++) {
        const vg_block *bl = &r->blocks[i];
        bool item = bl->kind == VG_BLOCK_BULLET;
        unsigned depth = bl->depth < S_MAX_LIST ? bl->depth : S_MAX_LIST - 1;
        if (o->html) {
            /* A bullet or a paragraph stays in the lists down to its depth; the rest ends them. */
            unsigned keep = item || bl->kind == VG_BLOCK_PARA ? depth : 0;
            for (; open > keep; open--)
                vg_buf_adds(o->b, ordered[open - 1] ? "</li></ol>" : "</li></ul>");
            if (item && open == depth && open)
                vg_buf_adds(o->b, "</li><li>");
            for (; item && open < depth; open++) {
                ordered[open] = bl->ordinal != 0;
                vg_buf_adds(o->b, ordered[open] ? "<ol><li>" : "<ul><li>");
            }
            if (i && !item && open)
                vg_buf_adds(o->b, "<br>");
            else if (i && bl->kind == VG_BLOCK_CELL && (bl->row || bl->col))
                vg_buf_adds(o->b, bl->col ? " | " : "<br>");
            else if (i && !item)
                vg_buf_adds(o->b, "<br><br>");
        } else if (i) {
            bool cell = bl->kind == VG_BLOCK_CELL && (bl->row || bl->col);
            vg_buf_adds(o->b, cell && bl->col ? " | " : cell || item || bl->depth ? "\n" : "\n\n");
        }
        if (!o->html && (item || bl->depth))
            for (unsigned d = 1; d < bl->depth; d++)
                vg_buf_adds(o->b, "  ");
        if (!o->html && item) {
            if (bl->ordinal)
                vg_buf_printf(o->b, "%u. ", bl->ordinal);
            else
                vg_buf_adds(o->b, "- ");
        } else if (!o->html && bl->depth && bl->kind == VG_BLOCK_PARA) {
            vg_buf_adds(o->b, "  ");
        }
        if (bl->kind == VG_BLOCK_CODE && o->html) {
            vg_buf_adds(o->b, "<pre>");
            for (size_t k = 0; k < bl->nspans; k++)
                S_html_text(o->b, bl->spans[k].text, bl->spans[k].len);
            vg_buf_adds(o->b, "</pre>");
        } else if (bl->kind == VG_BLOCK_CODE) {
            for (size_t k = 0; k < bl->nspans; k++)
                vg_buf_add(o->b, bl->spans[k].text, bl->spans[k].len);
        } else {
            S_spans(o, bl, 0);
        }
    }
    for (; open > 0; open--)
        vg_buf_adds(o->b, ordered[open - 1] ? "</li></ol>" : "</li></ul>");
}

/* A front: HTML (anki) without the bold every front has, or its source form. A cloze note is
 * its text with the deletions as written ({{c1::...}}), which every number's card shares:
 * front_src up to the 0x1F that names the number (vg_card_id_sub in deck.h). */
static void S_front(S_out *o, const vg_card *c)
{
    if (c->cloze) {
        const char *end = strchr(c->front_src, '\x1F');
        size_t n = end ? (size_t)(end - c->front_src) : strlen(c->front_src);
        if (o->html)
            S_html_text(o->b, c->front_src, n);
        else
            vg_buf_add(o->b, c->front_src, n);
        return;
    }
    if (!o->html || !c->front.nblocks) {
        vg_buf_adds(o->b, c->front_src);
        return;
    }
    const vg_block *bl = &c->front.blocks[0];
    unsigned all = VG_STYLE_BOLD;
    for (size_t i = 0; i < bl->nspans; i++)
        all &= bl->spans[i].style;
    S_spans(o, bl, all);
}

/* A field: quoted (RFC 4180) when it holds the separator, a quote or a line break, or opens
 * with '#' (a comment line to Anki's header reader) or a space. */
static void S_field(vg_buf *out, const char *s, size_t len, char sep)
{
    bool quote = len && (s[0] == '#' || s[0] == ' ' || s[len - 1] == ' ');
    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == sep || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        vg_buf_add(out, s, len);
        return;
    }
    vg_buf_addc(out, '"');
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            vg_buf_addc(out, '"');
        vg_buf_addc(out, s[i]);
    }
    vg_buf_addc(out, '"');
}

/* Where the search for tags stands in the deck's text: the cards come in the text's order, so
 * each card's search starts at its own line, reached from the last card's (one pass over the
 * text for the whole deck, not one per card). */
typedef struct S_text {
    const char *src, *end, *p; /* p: the start of line `line` */
    unsigned line;
} S_text;

/* The tags of an imported card: the "<!-- tags: ... -->" comment the import wrote after its
 * front, on the lines from the card's to the next card's (no text: its own tags only). */
static void S_tags(vg_buf *out, const vg_deck *d, size_t k, S_text *tx)
{
    for (size_t t = 0; t < d->cards[k].ntags; t++)
        vg_buf_printf(out, "%s%s", t ? " " : "", d->cards[k].tags[t]);
    if (!tx->src)
        return;
    unsigned from = d->cards[k].line, to = (unsigned)-1;
    for (size_t j = k + 1; j < d->ncards && to == (unsigned)-1; j++)
        if (d->cards[j].line > from) /* not a sibling, which starts on the same line */
            to = d->cards[j].line;
    if (tx->line > from) { /* not in the text's order: from the top */
        tx->p = tx->src;
        tx->line = 1;
    }
    for (; tx->p < tx->end && tx->line < from; tx->line++) {
        const char *nl = memchr(tx->p, '\n', (size_t)(tx->end - tx->p));
        tx->p = nl ? nl + 1 : tx->end;
    }
    unsigned line = tx->line;
    for (const char *p = tx->p; p < tx->end && line < to; line++) {
        const char *nl = memchr(p, '\n', (size_t)(tx->end - p));
        const char *eol = nl ? nl : tx->end;
        static const char open[] = "<!-- tags: ";
        for (const char *q = p; q + sizeof open - 1 < eol; q++) {
            if (memcmp(q, open, sizeof open - 1) != 0)
                continue;
            q += sizeof open - 1;
            const char *close = q;
            while (close + 3 <= eol && memcmp(close, "-->", 3) != 0)
                close++;
            while (close > q && close[-1] == ' ')
                close--;
            if (out->len && close > q)
                vg_buf_addc(out, ' ');
            vg_buf_add(out, q, (size_t)(close - q));
            return;
        }
        p = eol + 1;
    }
}

vg_status vg_export(const vg_deck *deck, const vg_export_opts *opts, vg_buf *out, vg_error *err)
{
    bool anki = opts->format == VG_IMPORT_ANKI;
    char sep = opts->format == VG_IMPORT_CSV ? ',' : '\t';
    if (opts->format == VG_IMPORT_MD)
        return vg_error_set(err, VG_INVALID, NULL, 0, 0, "no export to markdown: the deck is one");
    /* A deck with reversed cards gets Anki's note type column, which the import reads back. */
    size_t ncols = 4;
    for (size_t k = 0; k < deck->ncards && ncols == 4; k++)
        ncols += deck->cards[k].reverse;
    static const char *const head[] = {"Front", "Back", "Section", "Tags", "Notetype"};
    if (anki)
        vg_buf_adds(out, "#separator:tab\n#html:true\n#deck column:3\n#tags column:4\n");
    if (anki && ncols == 5)
        vg_buf_adds(out, "#notetype column:5\n");
    if (anki)
        vg_buf_adds(out, "#columns:");
    for (size_t i = 0; i < ncols + (anki ? 0 : opts->nextra); i++) {
        const char *h = i < ncols ? head[i] : opts->extra_names[i - ncols];
        if (i)
            vg_buf_addc(out, sep);
        S_field(out, h, strlen(h), sep);
    }
    vg_buf_addc(out, '\n');
    vg_buf cell = VG_BUF_INIT;
    S_out o = {.b = &cell, .html = anki};
    S_text text = {opts->src, opts->src ? opts->src + opts->len : NULL, opts->src, 1};
    for (size_t k = 0; k < deck->ncards; k++) {
        const vg_card *c = &deck->cards[k];
        /* A note is written once: its other direction, its other cloze numbers are its cards. */
        if (c->reverse || (k && c->note == deck->cards[k - 1].note))
            continue;
        for (size_t col = 0; col < ncols; col++) {
            cell.len = 0;
            if (col == 4) {
                bool both = k + 1 < deck->ncards && deck->cards[k + 1].reverse &&
                            deck->cards[k + 1].note == c->note;
                vg_buf_adds(&cell, c->cloze ? "Cloze"
                                   : both   ? "Basic (and reversed card)"
                                            : "Basic");
            } else if (col == 0) {
                S_front(&o, c);
            } else if (col == 1) {
                /* a cloze's back is its text again, revealed, then its other paragraphs */
                vg_rich back = c->back;
                if (c->cloze && back.nblocks)
                    back.blocks++, back.nblocks--;
                S_back(&o, &back);
            } else if (col == 2) {
                const vg_section *s = &deck->sections[c->section];
                vg_buf title = VG_BUF_INIT;
                if (*s->number)
                    vg_buf_printf(&title, "%s. ", s->number);
                vg_buf_adds(&title, s->title);
                if (c->subsection && *c->subsection)
                    vg_buf_printf(&title, " \u203a %s", c->subsection);
                /* Anki's subdecks are "A::B"; the import makes "A › B" of them again. */
                for (const char *t = vg_buf_str(&title); *t;) {
                    const char *m = anki ? strstr(t, " \u203a ") : NULL;
                    size_t n = m ? (size_t)(m - t) : strlen(t);
                    vg_buf_add(&cell, t, n);
                    t += n;
                    if (m) {
                        vg_buf_adds(&cell, "::");
                        t += strlen(" \u203a ");
                    }
                }
                vg_buf_release(&title);
            } else if (col == 3) {
                S_tags(&cell, deck, k, &text);
                /* Anki has no field for the progress: it goes in tags vgrev::NAME::VALUE. */
                for (size_t e = 0; anki && e < opts->nextra; e++) {
                    const char *v = opts->extra[k * opts->nextra + e];
                    if (v && *v)
                        vg_buf_printf(&cell, "%svgrev::%s::%s", cell.len ? " " : "",
                                      opts->extra_names[e], v);
                }
            }
            if (col)
                vg_buf_addc(out, sep);
            S_field(out, vg_buf_str(&cell), cell.len, sep);
        }
        for (size_t e = 0; !anki && e < opts->nextra; e++) {
            const char *v = opts->extra[k * opts->nextra + e];
            vg_buf_addc(out, sep);
            S_field(out, v ? v : "", v ? strlen(v) : 0, sep);
        }
        vg_buf_addc(out, '\n');
    }
    bool failed = cell.failed || out->failed;
    vg_buf_release(&cell);
    return failed ? vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL) : VG_OK;
}
