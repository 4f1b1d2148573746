/* The deck parser's notes of several cards: cloze deletions, reversed cards, the note index. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "vgrev/deck.h"

static vg_deck *S_parse(const char *src)
{
    vg_deck *deck = NULL;
    vg_error err;
    vg_error_clear(&err);
    if (vg_deck_parse(src, strlen(src), "t.md", &deck, &err) != VG_OK)
        fail_msg("parse: %s", err.msg);
    assert_non_null(deck);
    return deck;
}

/* A rich text as one string: blocks joined by " | ", deletions in {}, **bold**, $math$. */
static const char *S_rich(const vg_rich *r)
{
    static char out[4096];
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < r->nblocks; i++) {
        const vg_block *b = &r->blocks[i];
        o += (size_t)snprintf(out + o, sizeof out - o, "%s", i ? " | " : "");
        for (size_t j = 0; j < b->nspans; j++) {
            const vg_span *s = &b->spans[j];
            unsigned st = s->style;
            const char *m = (st & VG_STYLE_MATH) ? "$" : "", *bo = (st & VG_STYLE_BOLD) ? "**" : "";
            o += (size_t)snprintf(out + o, sizeof out - o, "%s%s%s%.*s%s%s%s",
                                  (st & VG_STYLE_CLOZE) ? "{" : "", bo, m, (int)s->len, s->text, m,
                                  bo, (st & VG_STYLE_CLOZE) ? "}" : "");
        }
    }
    return out;
}

static void S_assert_diag(const vg_deck *d, size_t i, unsigned line, unsigned col,
                          const char *msg_start)
{
    assert_true(i < d->ndiags);
    const vg_diag *g = &d->diags[i];
    if (g->level != VG_DIAG_ERROR || g->line != line || g->col != col ||
        strncmp(g->msg, msg_start, strlen(msg_start)) != 0)
        fail_msg("diag %zu: got %u:%u '%s', want %u:%u '%s...'", i, g->line, g->col, g->msg, line,
                 col, msg_start);
}

static void S_assert_id(const vg_card *c, const char *section, const char *src)
{
    char id[VG_CARD_ID_LEN + 1];
    vg_card_id(section, src, id);
    assert_string_equal(c->id, id);
    assert_string_equal(c->front_src, src);
}

static void test_cloze_bullet(void **state)
{
    (void)state;
    vg_deck *d = S_parse("## Geo\n"
                         "- **Plain**: card\n"
                         "- The capital of {{c1::France}} is {{c2::Paris::city}}.\n"
                         "  - also {{c1::French}}\n"
                         "- plain bullet\n");
    assert_int_equal(d->ndiags, 0);
    assert_int_equal(d->ncards, 3);
    const vg_card *p = &d->cards[0], *c1 = &d->cards[1], *c2 = &d->cards[2];
    assert_int_equal(p->cloze, 0);
    assert_int_equal(p->note, 0);
    assert_int_equal(c1->cloze, 1);
    assert_int_equal(c2->cloze, 2);
    assert_int_equal(c1->note, 1);
    assert_int_equal(c2->note, 1);
    assert_false(c1->reverse);
    assert_int_equal(c1->line, 3);
    assert_int_equal(c2->line, 3);
    assert_string_equal(S_rich(&c1->front), "The capital of {[…]} is Paris. | also {[…]}");
    assert_string_equal(S_rich(&c1->back), "The capital of {[France]} is Paris. | also {[French]}");
    assert_string_equal(S_rich(&c2->front), "The capital of France is {[city]}. | also French");
    assert_string_equal(S_rich(&c2->back), "The capital of France is {[Paris]}. | also French");
    const char *note = "The capital of {{c1::France}} is {{c2::Paris::city}}.";
    char src[128];
    snprintf(src, sizeof src,
             "%s\x1F"
             "c1",
             note);
    S_assert_id(c1, "Geo", src);
    snprintf(src, sizeof src,
             "%s\x1F"
             "c2",
             note);
    S_assert_id(c2, "Geo", src);
    /* The plain card keeps the id it always had. */
    S_assert_id(p, "Geo", "Plain");
    vg_deck_free(d);
}

static void test_cloze_math_and_code(void **state)
{
    (void)state;
    vg_deck *d = S_parse("## M\n"
                         "- Square: {{c1::$x^2$}}, a fraction {{c2::$\\frac{a}{b}$}}.\n"
                         "- Code `{{c1::not}}` and {{c1::yes}}\n");
    assert_int_equal(d->ndiags, 0);
    assert_int_equal(d->ncards, 3);
    assert_string_equal(S_rich(&d->cards[0].front), "Square: {[…]}, a fraction $\\frac{a}{b}$.");
    assert_string_equal(S_rich(&d->cards[0].back),
                        "Square: {[}{$x^2$}{]}, a fraction $\\frac{a}{b}$.");
    assert_string_equal(S_rich(&d->cards[1].front), "Square: $x^2$, a fraction {[…]}.");
    assert_string_equal(S_rich(&d->cards[2].front), "Code {{c1::not}} and {[…]}");
    assert_string_equal(d->cards[0].front_src,
                        "Square: {{c1::$x^2$}}, a fraction {{c2::$\\frac{a}{b}$}}.\x1F"
                        "c1");
    vg_deck_free(d);
}

static void test_cloze_term_and_paragraph(void **state)
{
    (void)state;
    vg_deck *d = S_parse("## S\n"
                         "- **Capital of Italy**: {{c1::Rome}}\n"
                         "- **{{c1::Mitochondria}}**: the powerhouse of the cell\n"
                         "\n"
                         "A paragraph about {{c1::cloze}} cards.\n"
                         "\n"
                         "**Word**: a meaning {{c2::hidden}} here\n"
                         "**Other**: plain\n");
    assert_int_equal(d->ndiags, 0);
    assert_int_equal(d->ncards, 5);
    assert_string_equal(S_rich(&d->cards[0].front), "**Capital of Italy**: {[…]}");
    assert_string_equal(S_rich(&d->cards[0].back), "**Capital of Italy**: {[Rome]}");
    S_assert_id(&d->cards[0], "S",
                "**Capital of Italy**: {{c1::Rome}}\x1F"
                "c1");
    assert_string_equal(S_rich(&d->cards[1].front), "{[…]}: the powerhouse of the cell");
    assert_string_equal(S_rich(&d->cards[1].back),
                        "{[}{**Mitochondria**}{]}: the powerhouse of the cell");
    assert_string_equal(S_rich(&d->cards[2].front), "A paragraph about {[…]} cards.");
    assert_int_equal(d->cards[2].line, 5);
    assert_int_equal(d->cards[3].cloze, 2);
    assert_int_equal(d->cards[3].line, 7);
    assert_string_equal(S_rich(&d->cards[3].front), "**Word**: a meaning {[…]} here");
    assert_int_equal(d->cards[4].cloze, 0);
    assert_string_equal(d->cards[4].front_src, "Other");
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(d->cards[i].note, i);
    vg_deck_free(d);
}

static void test_cloze_errors(void **state)
{
    (void)state;
    vg_deck *d = S_parse("## S\n"
                         "- zero {{c0::x}} and {{c::y}}\n"
                         "- unclosed {{c1::x\n"
                         "- empty {{c1::  }} and {{c2::::hint}}\n"
                         "- nested {{c1::a {{c2::b}} c}}\n"
                         "- **Term**: {{c1::open\n"
                         "\n"
                         "Across {{c1::a\n"
                         "\n"
                         "paragraphs}}\n");
    assert_int_equal(d->ndiags, 8);
    S_assert_diag(d, 0, 2, 8, "cloze number 0 in '{{c0::'");
    S_assert_diag(d, 1, 2, 22, "cloze deletion without a number");
    S_assert_diag(d, 2, 3, 12, "cloze deletion '{{c1::' is not closed");
    S_assert_diag(d, 3, 4, 9, "cloze deletion '{{c1::' has an empty answer");
    S_assert_diag(d, 4, 4, 24, "cloze deletion '{{c2::' has an empty answer");
    S_assert_diag(d, 5, 5, 18, "cloze deletion inside another (the '{{c1::' at line 5:10)");
    S_assert_diag(d, 6, 6, 13, "cloze deletion '{{c1::' is not closed");
    S_assert_diag(d, 7, 8, 8, "cloze deletion '{{c1::' is not closed");
    /* Malformed notes are plain text; the bold-term card a plain card, its markup as written. */
    assert_int_equal(d->ncards, 1);
    assert_int_equal(d->cards[0].cloze, 0);
    assert_string_equal(S_rich(&d->cards[0].back), "{{c1::open");
    assert_true(vg_deck_has_errors(d));
    vg_deck_free(d);
}

static void test_reverse_marker(void **state)
{
    (void)state;
    vg_deck *d = S_parse("## S\n"
                         "- **Term**::: the *back*\n"
                         "- **Other**: one way\n");
    assert_int_equal(d->ndiags, 0);
    assert_int_equal(d->ncards, 3);
    const vg_card *f = &d->cards[0], *r = &d->cards[1];
    assert_false(f->reverse);
    assert_true(r->reverse);
    assert_int_equal(f->note, 0);
    assert_int_equal(r->note, 0);
    assert_int_equal(d->cards[2].note, 1);
    S_assert_id(f, "S", "Term"); /* the forward card keeps the plain id */
    S_assert_id(r, "S", "Term\x1Freverse");
    assert_string_equal(S_rich(&f->front), "Term");
    assert_string_equal(S_rich(&f->back), "the back");
    assert_string_equal(S_rich(&r->front), "the back");
    assert_string_equal(S_rich(&r->back), "Term");
    assert_string_equal(d->cards[2].front_src, "Other");
    assert_false(d->cards[2].reverse);
    vg_deck_free(d);
}

static void test_reversed_front_matter(void **state)
{
    (void)state;
    vg_deck *d = S_parse("---\nreversed: true\n---\n## A\n- **a**: 1\n- c {{c1::x}}\n## B\n"
                         "- **b**: 2\n");
    assert_int_equal(d->ndiags, 0);
    assert_int_equal(d->ncards, 5); /* a both ways, the cloze once, b both ways */
    assert_true(d->cards[1].reverse);
    assert_int_equal(d->cards[2].cloze, 1);
    assert_true(d->cards[4].reverse);
    vg_deck_free(d);

    d = S_parse("---\nreversed: [beta, 3]\n---\n## 1. Alpha\n- **a**: 1\n## 2. Beta\n- **b**: 2\n"
                "## 3. Gamma\n- **c**: 3\n");
    assert_int_equal(d->ndiags, 0);
    assert_int_equal(d->ncards, 5);
    assert_string_equal(d->cards[0].front_src, "a");
    assert_false(d->cards[1].reverse);
    assert_true(d->cards[2].reverse);
    assert_string_equal(d->cards[2].front_src, "b\x1Freverse");
    assert_true(d->cards[4].reverse);
    vg_deck_free(d);

    d = S_parse("---\nreversed:\n  - Alpha\n---\n## Alpha\n- **a**: 1\n## Beta\n- **b**: 2\n");
    assert_int_equal(d->ncards, 3);
    assert_true(d->cards[1].reverse);
    vg_deck_free(d);

    d = S_parse("---\nreversed: maybe\n---\n## A\n- **a**: 1\n");
    assert_int_equal(d->ncards, 1);
    assert_int_equal(d->ndiags, 1);
    assert_int_equal(d->diags[0].level, VG_DIAG_WARNING);
    vg_deck_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cloze_bullet),
        cmocka_unit_test(test_cloze_math_and_code),
        cmocka_unit_test(test_cloze_term_and_paragraph),
        cmocka_unit_test(test_cloze_errors),
        cmocka_unit_test(test_reverse_marker),
        cmocka_unit_test(test_reversed_front_matter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
