/* Section numbers, --section, deck names and card headings (src/core/deck/sections.c,
 * render/title.c), on decks built by hand so they do not depend on the parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "vgrev/deck.h"
#include "vgrev/render.h"

/* ---- a deck by hand: sections given as {title, number}, one card "Front" in each ---- */

enum { S_MAX = 16 };

typedef struct S_deck {
    vg_deck deck;
    vg_section sections[S_MAX];
    vg_card cards[S_MAX];
    vg_span spans[S_MAX];
    vg_block blocks[S_MAX];
} S_deck;

static void S_build(S_deck *d, const char *const (*secs)[2], size_t n)
{
    memset(d, 0, sizeof *d);
    for (size_t i = 0; i < n; i++) {
        d->sections[i] =
            (vg_section){.title = secs[i][0], .number = secs[i][1], .first_card = i, .ncards = 1};
        d->spans[i] = (vg_span){"Front", 5, VG_STYLE_PLAIN};
        d->blocks[i] =
            (vg_block){.kind = VG_BLOCK_PARA, .line = 1, .spans = &d->spans[i], .nspans = 1};
        d->cards[i] = (vg_card){
            .front_src = "Front", .front = {&d->blocks[i], 1}, .subsection = "", .section = i};
    }
    d->deck = (vg_deck){.file = "dir/notes.md",
                        .title = "Notes",
                        .sections = d->sections,
                        .nsections = n,
                        .cards = d->cards,
                        .ncards = n};
}

/* The numbers joined by ',' */
static const char *S_numbers(const vg_deck *deck, bool *by_heading)
{
    static char out[256];
    vg_section_numbers nums;
    assert_int_equal(vg_section_numbers_init(&nums, deck), VG_OK);
    assert_int_equal(nums.n, deck->nsections);
    out[0] = '\0';
    for (size_t i = 0; i < nums.n; i++) {
        if (i)
            strcat(out, ",");
        strcat(out, nums.of[i]);
    }
    if (by_heading)
        *by_heading = nums.by_heading;
    vg_section_numbers_release(&nums);
    return out;
}

static void test_numbers_headings(void **state)
{
    (void)state;
    S_deck d;
    bool h;
    static const char *const numbered[][2] = {{"A", "1"}, {"B", "2"}, {"C", "5"}, {"D", "5.1"}};
    S_build(&d, numbered, 4);
    assert_string_equal(S_numbers(&d.deck, &h), "1,2,5,5.1");
    assert_true(h);

    /* Numbered from 0: the headings' numbers, 0 included. */
    static const char *const zero[][2] = {{"Setup", "0"}, {"A", "1"}, {"B", "2"}};
    S_build(&d, zero, 3);
    assert_string_equal(S_numbers(&d.deck, &h), "0,1,2");
    assert_true(h);

    /* Cards before the first heading are 0, the others keep their numbers. */
    static const char *const before[][2] = {{"", ""}, {"A", "1"}, {"B", "2"}};
    S_build(&d, before, 3);
    assert_string_equal(S_numbers(&d.deck, &h), "0,1,2");
    assert_true(h);
}

static void test_numbers_positions(void **state)
{
    (void)state;
    S_deck d;
    bool h;
    static const char *const none[][2] = {{"A", ""}, {"B", ""}, {"C", ""}};
    S_build(&d, none, 3);
    assert_string_equal(S_numbers(&d.deck, &h), "1,2,3");
    assert_false(h);

    /* One section without a number: all by position. */
    static const char *const some[][2] = {{"A", "1"}, {"B", "2"}, {"C", ""}};
    S_build(&d, some, 3);
    assert_string_equal(S_numbers(&d.deck, &h), "1,2,3");
    assert_false(h);

    /* Equal numbers (05 is 5): by position. */
    static const char *const dup[][2] = {{"A", "1"}, {"B", "5"}, {"C", "05"}};
    S_build(&d, dup, 3);
    assert_string_equal(S_numbers(&d.deck, &h), "1,2,3");
    assert_false(h);

    /* A heading numbered 0 and cards before the first heading: 0 twice, so positions after
     * the untitled 0. */
    static const char *const clash[][2] = {{"", ""}, {"Setup", "0"}, {"A", "1"}};
    S_build(&d, clash, 3);
    assert_string_equal(S_numbers(&d.deck, &h), "0,1,2");
    assert_false(h);

    /* Unnumbered with cards before the first heading. */
    static const char *const untitled[][2] = {{"", ""}, {"A", ""}, {"B", ""}};
    S_build(&d, untitled, 3);
    assert_string_equal(S_numbers(&d.deck, &h), "0,1,2");

    /* An empty heading later on is not the untitled section. */
    static const char *const empty[][2] = {{"A", "1"}, {"", ""}};
    S_build(&d, empty, 2);
    assert_string_equal(S_numbers(&d.deck, &h), "1,2");
    assert_false(h);

    S_build(&d, NULL, 0);
    assert_string_equal(S_numbers(&d.deck, &h), "");
}

static void test_section_spec(void **state)
{
    (void)state;
    assert_true(vg_section_spec_is_number("5"));
    assert_true(vg_section_spec_is_number("5."));
    assert_true(vg_section_spec_is_number("5.1"));
    assert_true(vg_section_spec_is_number("05"));
    assert_false(vg_section_spec_is_number(""));
    assert_false(vg_section_spec_is_number("."));
    assert_false(vg_section_spec_is_number("5..1"));
    assert_false(vg_section_spec_is_number("5a"));
    assert_false(vg_section_spec_is_number("Goals"));

    S_deck d;
    static const char *const secs[][2] = {
        {"Calculus", "1"}, {"Linear Algebra", "2"}, {"Probability", "10"}};
    S_build(&d, secs, 3);
    d.cards[1].subsection = "Eigen \u203a Derivatives of matrices";
    vg_section_numbers nums;
    assert_int_equal(vg_section_numbers_init(&nums, &d.deck), VG_OK);
    assert_true(vg_section_selected(&d.deck, &nums, 2, "10"));
    assert_true(vg_section_selected(&d.deck, &nums, 2, "010."));
    assert_false(vg_section_selected(&d.deck, &nums, 0, "10"));
    assert_true(vg_section_selected(&d.deck, &nums, 1, "ALGEBRA"));
    assert_false(vg_section_selected(&d.deck, &nums, 0, "ALGEBRA"));
    assert_false(vg_section_selected(&d.deck, &nums, 0, ""));
    assert_false(vg_section_selected(&d.deck, &nums, 3, "1"));
    /* Text finds subsections too; numbers only sections. */
    assert_true(vg_card_selected(&d.deck, &nums, &d.cards[1], "derivatives"));
    assert_false(vg_card_selected(&d.deck, &nums, &d.cards[0], "derivatives"));
    assert_true(vg_card_selected(&d.deck, &nums, &d.cards[0], "1"));
    assert_false(vg_card_selected(&d.deck, &nums, &d.cards[0], "2"));
    vg_section_numbers_release(&nums);
}

static void test_deck_name(void **state)
{
    (void)state;
    S_deck d;
    S_build(&d, NULL, 0);
    assert_string_equal(vg_deck_name(&d.deck), "Notes");
    d.deck.title = "";
    assert_string_equal(vg_deck_name(&d.deck), "notes.md");
    d.deck.file = "plain.md";
    assert_string_equal(vg_deck_name(&d.deck), "plain.md");
    d.deck.file = "dir/";
    assert_string_equal(vg_deck_name(&d.deck), "deck");
    d.deck.file = NULL;
    assert_string_equal(vg_deck_name(&d.deck), "deck");
}

/* The one-line heading of card i. */
static const char *S_head(const vg_deck *deck, size_t i)
{
    static char out[512];
    vg_heading h;
    assert_int_equal(vg_card_heading(deck, &deck->cards[i], &h), VG_OK);
    vg_buf b = VG_BUF_INIT;
    vg_render_inline(vg_heading_rich(&h), &b);
    snprintf(out, sizeof out, "%s", vg_buf_str(&b));
    vg_buf_release(&b);
    vg_heading_release(&h);
    return out;
}

static void test_card_heading(void **state)
{
    (void)state;
    S_deck d;
    static const char *const secs[][2] = {{"Calculus", "1"}, {"", ""}, {"About $\\alpha_t$", "2"}};
    S_build(&d, secs, 3);
    d.spans[0] = (vg_span){"Definition", 10, VG_STYLE_PLAIN};
    d.cards[0].subsection = "Derivatives";
    assert_string_equal(S_head(&d.deck, 0), "Calculus \u203a Derivatives \u203a Definition");

    /* The spans: titles plain, separators plain, the front bold. */
    vg_heading h;
    assert_int_equal(vg_card_heading(&d.deck, &d.cards[0], &h), VG_OK);
    const vg_rich *r = vg_heading_rich(&h);
    assert_int_equal(r->nblocks, 1);
    assert_int_equal(r->blocks[0].nspans, 5);
    assert_int_equal(r->blocks[0].spans[0].style, VG_STYLE_PLAIN);
    assert_int_equal(r->blocks[0].spans[4].style, VG_STYLE_BOLD);
    vg_heading_release(&h);

    /* No section title, no subsection: the front alone. */
    assert_string_equal(S_head(&d.deck, 1), "Front");
    d.cards[1].subsection = "Only a subsection";
    assert_string_equal(S_head(&d.deck, 1), "Only a subsection \u203a Front");

    /* Math in titles is Unicode. */
    assert_string_equal(S_head(&d.deck, 2), "About \u03b1\u209c \u203a Front");
    d.cards[2].subsection = "\\(x^2\\) and $$\\beta$$";
    assert_string_equal(S_head(&d.deck, 2),
                        "About \u03b1\u209c \u203a x\u00b2 and \u03b2 \u203a Front");
}

static void test_render_title(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"Plain", "Plain"},
        {"The $\\alpha$ rule", "The \u03b1 rule"},
        {"Costs $5 and $10", "Costs $5 and $10"}, /* a '$' before a digit closes nothing */
        {"$x$5 dollars", "$x$5 dollars"},
        {"A lone $ sign", "A lone $ sign"},
        {"Empty $$ here", "Empty $$ here"},
        {"Esc \x1b[31mred\x1b[0m", "Esc red"},
        {"$$$$$$$$$$$", "$$$$$$$$$$$"},
        {"\\[ \\sum_i x_i \\]", "\u2211\u1d62 x\u1d62"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        vg_buf b = VG_BUF_INIT;
        vg_render_title(cases[i].in, &b);
        assert_string_equal(vg_buf_str(&b), cases[i].out);
        vg_buf_release(&b);
    }
}

/* The numbers of a parsed notebook agree with the rule (headings, cards before them). */
static void test_parsed(void **state)
{
    (void)state;
    static const char src[] = "# T\n\n- **Intro**: before any heading\n\n## 3. C\n\n- **A**: a\n\n"
                              "## 7. G\n\n- **B**: b\n";
    vg_deck *deck = NULL;
    vg_error err;
    vg_error_clear(&err);
    assert_int_equal(vg_deck_parse(src, strlen(src), "t.md", &deck, &err), VG_OK);
    assert_string_equal(S_numbers(deck, NULL), "0,3,7");
    vg_deck_free(deck);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_headings), cmocka_unit_test(test_numbers_positions),
        cmocka_unit_test(test_section_spec),     cmocka_unit_test(test_deck_name),
        cmocka_unit_test(test_card_heading),     cmocka_unit_test(test_render_title),
        cmocka_unit_test(test_parsed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
