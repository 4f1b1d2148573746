/* The deck parser: markdown notebooks -> sections, cards, ids and diagnostics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vgrev/deck.h"

/* ---- helpers ---- */

static char *S_fixture_path(const char *name)
{
    const char *dir = getenv("VG_FIXTURES");
    static char path[4096];
    snprintf(path, sizeof path, "%s/decks/%s", dir ? dir : "tests/fixtures", name);
    return path;
}

static vg_deck *S_load(const char *name)
{
    vg_deck *deck = NULL;
    vg_error err;
    vg_error_clear(&err);
    vg_status st = vg_deck_load(S_fixture_path(name), &deck, &err);
    if (st != VG_OK)
        fail_msg("%s: %s", name, err.msg);
    assert_non_null(deck);
    return deck;
}

static vg_deck *S_parse(const char *src)
{
    vg_deck *deck = NULL;
    vg_error err;
    vg_error_clear(&err);
    vg_status st = vg_deck_parse(src, strlen(src), "t.md", &deck, &err);
    if (st != VG_OK)
        fail_msg("parse: %s", err.msg);
    assert_non_null(deck);
    return deck;
}

/* Reads a whole file into a malloc'd buffer. */
static char *S_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

/* A rich text as one string: blocks joined by " | ", each "P:", "B<depth>:", "B<depth>.<n>:"
 * or "C:", spans marked **bold**, *italic*, `code`, $math$, $$display$$, [link]. */
static const char *S_rich(const vg_rich *r)
{
    static char out[8192];
    size_t o = 0;
    out[0] = '\0';
#define PUT(...) o += (size_t)snprintf(out + o, sizeof out - o, __VA_ARGS__)
    for (size_t i = 0; i < r->nblocks && o < sizeof out - 64; i++) {
        const vg_block *b = &r->blocks[i];
        if (i)
            PUT(" | ");
        if (b->kind == VG_BLOCK_PARA)
            PUT("P%u:", b->depth);
        else if (b->kind == VG_BLOCK_CODE)
            PUT("C:");
        else if (b->kind == VG_BLOCK_CELL)
            PUT("T%u.%u.%u%c:", b->depth, b->row, b->col, "-<^>"[b->align]);
        else if (b->ordinal)
            PUT("B%u.%u:", b->depth, b->ordinal);
        else
            PUT("B%u:", b->depth);
        for (size_t j = 0; j < b->nspans && o < sizeof out - 64; j++) {
            const vg_span *s = &b->spans[j];
            const char *open = "", *close = "";
            if (s->style & VG_STYLE_DISPLAY)
                open = close = "$$";
            else if (s->style & VG_STYLE_MATH)
                open = close = "$";
            else if (s->style & VG_STYLE_CODE)
                open = close = "`";
            else if (s->style & VG_STYLE_LINK)
                open = "[", close = "]";
            PUT("%s%s%s%.*s%s%s%s", (s->style & VG_STYLE_BOLD) ? "**" : "",
                (s->style & VG_STYLE_ITALIC) ? "*" : "", open, (int)s->len, s->text, close,
                (s->style & VG_STYLE_ITALIC) ? "*" : "", (s->style & VG_STYLE_BOLD) ? "**" : "");
        }
    }
#undef PUT
    return out;
}

static const vg_card *S_card(const vg_deck *d, size_t i)
{
    assert_true(i < d->ncards);
    return &d->cards[i];
}

static void S_assert_diag(const vg_deck *d, size_t i, vg_diag_level level, unsigned line,
                          unsigned col, const char *msg_start)
{
    assert_true(i < d->ndiags);
    const vg_diag *g = &d->diags[i];
    if (g->level != level || g->line != line || g->col != col ||
        strncmp(g->msg, msg_start, strlen(msg_start)) != 0)
        fail_msg("diag %zu: got %s %u:%u '%s', want %s %u:%u '%s...'", i,
                 g->level == VG_DIAG_ERROR ? "error" : "warning", g->line, g->col, g->msg,
                 level == VG_DIAG_ERROR ? "error" : "warning", line, col, msg_start);
}

/* The deck's structure as text, for comparing two parses. */
static char *S_dump(const vg_deck *d)
{
    size_t cap = 1 << 16, o = 0;
    char *out = malloc(cap);
    assert_non_null(out);
#define ADD(...)                                                                                   \
    do {                                                                                           \
        int k = snprintf(out + o, cap - o, __VA_ARGS__);                                           \
        assert_true(k >= 0 && (size_t)k < cap - o);                                                \
        o += (size_t)k;                                                                            \
    } while (0)
    ADD("title %s\ndesc %s\n", d->title, S_rich(&d->description));
    for (size_t i = 0; i < d->nsections; i++) {
        const vg_section *s = &d->sections[i];
        ADD("section %s|%s line %u cards %zu+%zu intro %s\n", s->number, s->title, s->line,
            s->first_card, s->ncards, S_rich(&s->intro));
    }
    for (size_t i = 0; i < d->ncards; i++) {
        const vg_card *c = &d->cards[i];
        ADD("card %s %u:%u [%s] %s front %s", c->id, c->line, c->col, c->subsection, c->front_src,
            S_rich(&c->front));
        ADD(" back %s\n", S_rich(&c->back));
    }
    for (size_t i = 0; i < d->ndiags; i++)
        ADD("diag %d %u:%u %s\n", d->diags[i].level, d->diags[i].line, d->diags[i].col,
            d->diags[i].msg);
#undef ADD
    return out;
}

/* ---- the seed notebook ---- */

static void test_seed(void **state)
{
    (void)state;
    vg_deck *d = S_load("seed.md");
    assert_string_equal(d->title, "Vanishing Gradient Problem Revision Notebook");
    assert_int_equal(d->description.nblocks, 1);
    assert_true(strncmp(S_rich(&d->description), "P0:A one-page flashcard-style", 29) == 0);

    static const char *const titles[] = {"What is the Vanishing Gradient Problem?",
                                         "How Does It Happen in RNNs?",
                                         "Why It Affects Long-Term Dependencies",
                                         "Effects on Training",
                                         "Solutions to the Vanishing Gradient Problem",
                                         "Why It Matters for Your Path",
                                         "Key Points (Milestones)"};
    static const size_t counts[] = {3, 3, 3, 3, 5, 4, 4};
    static const unsigned lines[] = {5, 10, 19, 24, 29, 40, 46};
    assert_int_equal(d->nsections, 7);
    assert_int_equal(d->ncards, 25);
    size_t first = 0;
    for (size_t i = 0; i < 7; i++) {
        char num[4];
        snprintf(num, sizeof num, "%zu", i + 1);
        assert_string_equal(d->sections[i].title, titles[i]);
        assert_string_equal(d->sections[i].number, num);
        assert_int_equal(d->sections[i].line, lines[i]);
        assert_int_equal(d->sections[i].ncards, counts[i]);
        assert_int_equal(d->sections[i].first_card, first);
        assert_int_equal(d->sections[i].intro.nblocks, 0);
        first += counts[i];
    }
    assert_int_equal(d->ndiags, 0);
    assert_false(vg_deck_has_errors(d));

    static const char *const fronts[] = {"Definition",
                                         "Context",
                                         "Example",
                                         "Backpropagation Through Time (BPTT)",
                                         "Chain Rule Effect",
                                         "Vanishing Cause",
                                         "Memory Loss",
                                         "Activation Role",
                                         "Example",
                                         "Slow Learning",
                                         "Short-Term Bias",
                                         "Practical Impact",
                                         "LSTM (Long Short-Term Memory)",
                                         "GRU (Gated Recurrent Unit)",
                                         "Gradient Clipping",
                                         "Better Initialization",
                                         "ReLU Activation",
                                         "RNN Limitation",
                                         "Transformer Advantage",
                                         "Sentiment Evolution",
                                         "Practice",
                                         "Cause",
                                         "Effect",
                                         "Fix",
                                         "Sentiment"};
    static const unsigned card_lines[] = {6,  7,  8,  11, 14, 17, 20, 21, 22, 25, 26, 27, 30,
                                          33, 36, 37, 38, 41, 42, 43, 44, 47, 48, 49, 50};
    for (size_t i = 0; i < 25; i++) {
        const vg_card *c = S_card(d, i);
        assert_string_equal(c->front_src, fronts[i]);
        assert_int_equal(c->line, card_lines[i]);
        assert_int_equal(c->col, 1);
        assert_int_equal(c->front.nblocks, 1);
        assert_int_equal(c->front.blocks[0].nspans, 1);
        assert_true(c->back.nblocks > 0);
        assert_int_equal(d->cards[i].section, i < 3    ? 0
                                              : i < 6  ? 1
                                              : i < 9  ? 2
                                              : i < 12 ? 3
                                              : i < 17 ? 4
                                              : i < 21 ? 5
                                                       : 6);
    }
    /* The id is the documented hash: FNV-1a 64 of "title\x1Ffront". */
    assert_string_equal(S_card(d, 0)->id, "088f8e1ac7ce0df5");

    /* Section 2: the math, straight from the source. */
    assert_string_equal(S_rich(&S_card(d, 3)->back),
                        "B1:Unrolls RNN over $T$ time steps, computing gradient of loss $L$ "
                        "w.r.t. weights (e.g., $W_{hh}$). | "
                        "B1:Gradient: $\\frac{\\partial L}{\\partial W_{hh}} = \\sum_{t=1}^T "
                        "\\frac{\\partial L}{\\partial h_t} \\frac{\\partial h_t}{\\partial "
                        "W_{hh}}$.");
    assert_string_equal(S_rich(&S_card(d, 4)->back),
                        "B1:$\\frac{\\partial h_t}{\\partial h_{t-1}} = f'(W_{hh} h_{t-1} + "
                        "W_{xh} x_t) W_{hh}$, where $f'$ is the activation derivative (e.g., "
                        "tanh). | B1:Repeated multiplication over $T$ steps: "
                        "$\\prod_{t'=t-T+1}^{t-1} \\frac{\\partial h_{t'}}{\\partial h_{t'-1}}$.");
    assert_string_equal(S_rich(&S_card(d, 5)->back),
                        "P0:If $f'$ or $W_{hh}$ values are < 1, the product shrinks "
                        "exponentially with $T$, making early gradients tiny.");
    /* Lines of the back's blocks. */
    assert_int_equal(S_card(d, 3)->back.blocks[0].line, 12);
    assert_int_equal(S_card(d, 3)->back.blocks[1].line, 13);
    /* Curly quotes survive as UTF-8. */
    assert_non_null(strstr(S_rich(&S_card(d, 8)->back), "\"not\"\u2019s impact"));
    vg_deck_free(d);
}

/* ---- notebooks as people write them (issue 11) ---- */

/* src parsed as one piece too (a reference definition in front): the same deck, 2 lines on. */
static vg_deck *S_parse_both(const char *src)
{
    vg_deck *d = S_parse(src);
    size_t len = strlen(src);
    char *whole = malloc(len + 32);
    assert_non_null(whole);
    snprintf(whole, len + 32, "[r]: /x\n\n%s", src);
    vg_deck *w = S_parse(whole);
    assert_int_equal(w->ncards, d->ncards);
    assert_int_equal(w->ndiags, d->ndiags);
    for (size_t i = 0; i < d->ncards; i++) {
        assert_string_equal(w->cards[i].id, d->cards[i].id);
        assert_string_equal(w->cards[i].subsection, d->cards[i].subsection);
        assert_int_equal(w->cards[i].line, d->cards[i].line + 2);
        assert_string_equal(S_rich(&w->cards[i].back), S_rich(&d->cards[i].back));
    }
    for (size_t i = 0; i < d->ndiags; i++)
        assert_string_equal(w->diags[i].msg, d->diags[i].msg);
    vg_deck_free(w);
    free(whole);
    return d;
}

static void test_bold_only_back(void **state)
{
    (void)state;
    vg_deck *d =
        S_parse_both("# T\n\n## Money\n\n"
                     "- **Future Value**\n\n$$\nFV = PV (1 + r)^n\n$$\n\n"
                     "- **Present Value**:\n\nA paragraph, then code.\n\n```\npv()\n```\n\n"
                     "- **Table**\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n"
                     "- **Steps**\n\n1. first\n2. second\n\n"
                     "- **Alone**\n- **Next**: has a back\n\n"
                     "- plain\n\nStill intro.\n\n"
                     "- **Before a rule**\n\n---\n\nIntro again.\n\n"
                     "- **Last**\n\nTaken.\n\n## Other\n- **x**: y\n");
    assert_int_equal(d->ncards, 9);
    assert_string_equal(S_card(d, 0)->front_src, "Future Value");
    assert_string_equal(S_rich(&S_card(d, 0)->back), "P0:$$FV = PV (1 + r)^n$$");
    assert_string_equal(S_rich(&S_card(d, 1)->back), "P0:A paragraph, then code. | C:`pv()`");
    assert_string_equal(S_rich(&S_card(d, 2)->back),
                        "T0.0.0-:a | T0.0.1-:b | T0.1.0-:1 | T0.1.1-:2");
    assert_string_equal(S_rich(&S_card(d, 3)->back), "B1.1:first | B1.2:second");
    /* A bold-only bullet that is not the last of its list keeps an empty back. */
    assert_string_equal(S_card(d, 4)->front_src, "Alone");
    assert_int_equal(S_card(d, 4)->back.nblocks, 0);
    assert_string_equal(S_rich(&S_card(d, 5)->back), "P0:has a back");
    /* A thematic break ends what a bold bullet takes. */
    assert_string_equal(S_card(d, 6)->front_src, "Before a rule");
    assert_int_equal(S_card(d, 6)->back.nblocks, 0);
    assert_string_equal(S_rich(&S_card(d, 7)->back), "P0:Taken.");
    assert_string_equal(S_rich(&d->sections[0].intro),
                        "B1:plain | P0:Still intro. | P0:Intro again.");
    assert_int_equal(d->ndiags, 2);
    S_assert_diag(d, 0, VG_DIAG_WARNING, 30, 1, "card 'Alone' has an empty back");
    S_assert_diag(d, 1, VG_DIAG_WARNING, 37, 1, "card 'Before a rule' has an empty back");
    vg_deck_free(d);
}

static void test_subsections(void **state)
{
    (void)state;
    vg_deck *d = S_parse_both("# Notes\n\n## 1. Calculus\n\nIntro.\n\n"
                              "### 1. Derivatives\n\n- **Definition**: a limit\n\n"
                              "#### Rules\n\n- **Definition**: deeper\n\n"
                              "### 2. **Integrals**\n\n- **Definition**: an area\n\n"
                              "### Remarks\n\nNo cards here.\n\n"
                              "## 2. Algebra\n\n- **Definition**: no subsection\n");
    assert_int_equal(d->ncards, 4);
    assert_int_equal(d->ndiags, 0); /* equal fronts in other subsections: no duplicates */
    static const char *const subs[] = {"Derivatives", "Derivatives \u203a Rules", "Integrals", ""};
    for (size_t i = 0; i < 4; i++) {
        const vg_card *c = S_card(d, i);
        assert_string_equal(c->subsection, subs[i]);
        char id[VG_CARD_ID_LEN + 1];
        vg_card_id_sub(d->sections[c->section].title, c->subsection, c->front_src, id);
        assert_string_equal(c->id, id);
    }
    /* No subsection: the id of before subsections. */
    char id[VG_CARD_ID_LEN + 1];
    vg_card_id("Algebra", "Definition", id);
    assert_string_equal(S_card(d, 3)->id, id);
    vg_card_id_sub("Algebra", " ", "Definition", id);
    assert_string_equal(S_card(d, 3)->id, id);
    vg_card_id_sub("Calculus", "Derivatives", "Definition", id);
    assert_string_equal(S_card(d, 0)->id, id);
    /* The documented hash: FNV-1a 64 over "Calculus\x1FDerivatives\x1FDefinition". */
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (const char *p = "Calculus\x1F"
                         "Derivatives\x1F"
                         "Definition";
         *p; p++)
        h = (h ^ (unsigned char)*p) * UINT64_C(0x100000001b3);
    char want[VG_CARD_ID_LEN + 1];
    snprintf(want, sizeof want, "%016llx", (unsigned long long)h);
    assert_string_equal(S_card(d, 0)->id, want);
    /* A heading without cards is text of the section, as before. */
    assert_string_equal(S_rich(&d->sections[0].intro),
                        "P0:Intro. | P0:**Remarks** | P0:No cards here.");
    assert_int_equal(d->nsections, 2);
    vg_deck_free(d);

    /* The same front twice in one subsection is still a duplicate. */
    d = S_parse("## S\n### A\n- **X**: 1\n- **X**: 2\n");
    assert_int_equal(d->ncards, 1);
    S_assert_diag(d, 0, VG_DIAG_ERROR, 4, 1, "duplicate card 'X' in section 'S \u203a A'");
    vg_deck_free(d);
}

static void test_section_level(void **state)
{
    (void)state;
    /* No '##': the '###' headings that hold cards are the sections, '####' subsections. */
    vg_deck *d = S_parse_both("# Notes\n\nAbout.\n\n### Topic A\n- **x**: a\n\n#### Deep\n"
                              "- **x**: deeper\n\n### Topic B\n- **x**: b\n");
    assert_string_equal(d->title, "Notes");
    assert_int_equal(d->nsections, 2);
    assert_string_equal(d->sections[0].title, "Topic A");
    assert_string_equal(d->sections[1].title, "Topic B");
    assert_int_equal(d->ncards, 3);
    assert_string_equal(S_card(d, 1)->subsection, "Deep");
    assert_int_equal(d->ndiags, 0);
    vg_deck_free(d);

    /* Several '#' with cards: they are the sections, and none is the title. */
    d = S_parse_both("# Algebra\n- **x**: a\n\n## Groups\n- **y**: g\n\nGeometry\n========\n"
                     "- **x**: b\n\n# Appendix\nno cards\n");
    assert_string_equal(d->title, "t"); /* from the file name */
    assert_int_equal(d->nsections, 3);
    assert_string_equal(d->sections[0].title, "Algebra");
    assert_string_equal(d->sections[1].title, "Geometry");
    assert_string_equal(S_card(d, 1)->subsection, "Groups");
    S_assert_diag(d, 0, VG_DIAG_WARNING, 11, 1, "section 'Appendix' has no cards");
    vg_deck_free(d);

    /* A title over '##' sections, then a '#' with cards: the '##' stay the sections and the
     * later '#' is one more section, as before (the ids do not change). */
    d = S_parse_both("# Notes\n\n## 1. Basics\n- **a**: x\n\n# Appendix\n- **b**: y\n");
    assert_string_equal(d->title, "Notes");
    assert_int_equal(d->nsections, 2);
    assert_string_equal(d->sections[0].title, "Basics");
    assert_string_equal(d->sections[1].title, "Appendix");
    assert_string_equal(S_card(d, 0)->subsection, "");
    vg_deck_free(d);

    /* One '#' with cards stays the title, as before. */
    d = S_parse("# Title\n- **x**: a\n");
    assert_string_equal(d->title, "Title");
    assert_int_equal(d->nsections, 1);
    assert_string_equal(d->sections[0].title, "");
    vg_deck_free(d);

    /* Headings in code blocks do not count. */
    d = S_parse("# T\n```\n## not a heading\n- **no**: card\n```\n### A\n- **x**: a\n");
    assert_int_equal(d->nsections, 1);
    assert_string_equal(d->sections[0].title, "A");
    vg_deck_free(d);
}

static void test_heading_numbers(void **state)
{
    (void)state;
    vg_deck *d = S_parse("## \xF0\x9F\x93\x8C 1. Variables\n- **a**: b\n## **2. Title**\n"
                         "- **a**: b\n### 3. *Sub* title\n- **c**: d\n## \xC2\xA7 4) Rules\n"
                         "- **e**: f\n## 2024 Goals\n- **g**: h\n## Chapter 5. X\n- **i**: j\n");
    assert_string_equal(d->sections[0].title, "\xF0\x9F\x93\x8C Variables");
    assert_string_equal(d->sections[0].number, "1");
    assert_string_equal(d->sections[1].title, "Title");
    assert_string_equal(d->sections[1].number, "2");
    assert_string_equal(S_card(d, 2)->subsection, "Sub title");
    assert_string_equal(d->sections[2].title, "\xC2\xA7 Rules");
    assert_string_equal(d->sections[2].number, "4");
    assert_string_equal(d->sections[3].title, "2024 Goals");
    assert_string_equal(d->sections[4].title, "Chapter 5. X");
    assert_string_equal(d->sections[4].number, "");
    vg_deck_free(d);
}

static void test_front_matter(void **state)
{
    (void)state;
    vg_deck *d = S_parse("---\ntitle: \"Finance: \\\"basics\\\"\"\ntags: [exam, 'term 1']\n"
                         "reversed: true\nauthor:\n  name: me\n---\n# Ignored\n\n## S\n"
                         "- **q**: r\n- **s**: t\n");
    assert_string_equal(d->title, "Finance: \"basics\"");
    assert_int_equal(d->nsections, 1); /* never a section */
    assert_int_equal(d->description.nblocks, 0);
    assert_int_equal(d->ndiags, 0);
    for (size_t i = 0; i < d->ncards; i++) {
        assert_int_equal(S_card(d, i)->ntags, 2);
        assert_string_equal(S_card(d, i)->tags[0], "exam");
        assert_string_equal(S_card(d, i)->tags[1], "term 1");
    }
    assert_int_equal(S_card(d, 0)->line, 11);
    vg_deck_free(d);

    d = S_parse("---\ntags:\n  - one\n  - \"two three\"\n...\n- **q**: r\n");
    assert_string_equal(d->title, "t");
    assert_int_equal(S_card(d, 0)->ntags, 2);
    assert_string_equal(S_card(d, 0)->tags[1], "two three");
    vg_deck_free(d);

    d = S_parse("---\ntitle: T # a comment\ntags: a b, c\n---\n- **q**: r\n");
    assert_string_equal(d->title, "T");
    assert_int_equal(S_card(d, 0)->ntags, 3);
    assert_string_equal(S_card(d, 0)->tags[2], "c");
    vg_deck_free(d);

    /* Malformed lines are warnings with their place; the deck is read. */
    d = S_parse("---\ntitle: 'open\nnot a pair\ntags: [a, b\n  - stray\n---\n## S\n- **q**: r\n");
    assert_int_equal(d->ncards, 1);
    assert_string_equal(d->title, "t");
    assert_int_equal(d->ndiags, 4);
    S_assert_diag(d, 0, VG_DIAG_WARNING, 2, 8, "front matter: quote not closed");
    S_assert_diag(d, 1, VG_DIAG_WARNING, 3, 1, "front matter: line is not 'key: value'");
    S_assert_diag(d, 2, VG_DIAG_WARNING, 4, 7, "front matter: list not closed");
    S_assert_diag(d, 3, VG_DIAG_WARNING, 5, 3, "front matter: line is not 'key: value'");
    assert_false(vg_deck_has_errors(d));
    vg_deck_free(d);

    /* Not front matter: a rule with markdown after it, or one that never closes. */
    d = S_parse("---\n## S\n- **a**: b\n---\n");
    assert_int_equal(d->ncards, 1);
    assert_string_equal(d->sections[0].title, "S");
    vg_deck_free(d);
    d = S_parse("---\ntitle: x\n\n## S\n- **a**: b\n");
    S_assert_diag(d, 0, VG_DIAG_WARNING, 1, 1, "front matter: no closing '---'");
    vg_deck_free(d);

    /* The title without front matter or '# Title': the file's base name, or "Deck". */
    vg_error err;
    vg_error_clear(&err);
    assert_int_equal(vg_deck_parse("- **a**: b\n", 11, "dir/my.notes.md", &d, &err), VG_OK);
    assert_string_equal(d->title, "my.notes");
    vg_deck_free(d);
    assert_int_equal(vg_deck_parse("- **a**: b\n", 11, NULL, &d, &err), VG_OK);
    assert_string_equal(d->title, "Deck");
    vg_deck_free(d);
}

static void test_para_cards(void **state)
{
    (void)state;
    vg_deck *d = S_parse_both("# T\n\n**Author**: not a card in the description\n\n## S\n\n"
                              "**Mean**: the average\n**Median** - the middle\n"
                              "still the median\n\n"
                              "**Mode:** the most frequent\n\n"
                              "1. **First**: numbered\n2. **Second**:\n   - nested back\n\n"
                              "**Future Value**\n\n$$ FV $$\n\n"
                              "**Note**\n\n## Next\n\nA sentence with **bold** inside.\n\n"
                              "**Bold** words without a separator.\n\n"
                              "**Term**\nand its text\n\n"
                              "> **Quoted**: not a card\n\n- **x**: y\n");
    assert_int_equal(d->ncards, 7);
    static const char *const fronts[] = {"Mean",   "Median",       "Mode", "First",
                                         "Second", "Future Value", "x"};
    static const unsigned lines[] = {7, 8, 11, 13, 14, 17, 34};
    for (size_t i = 0; i < 7; i++) {
        assert_string_equal(S_card(d, i)->front_src, fronts[i]);
        assert_int_equal(S_card(d, i)->line, lines[i]);
    }
    assert_string_equal(S_rich(&S_card(d, 0)->back), "P0:the average");
    assert_string_equal(S_rich(&S_card(d, 1)->back), "P0:the middle still the median");
    assert_string_equal(S_rich(&S_card(d, 4)->back), "B1:nested back");
    assert_string_equal(S_rich(&S_card(d, 5)->back), "P0:$$FV$$");
    /* A bullet and a paragraph card of the same front have the same id. */
    vg_deck *b = S_parse("## S\n- **Mean**: x\n");
    assert_string_equal(S_card(b, 0)->id, S_card(d, 0)->id);
    vg_deck_free(b);
    assert_string_equal(S_rich(&d->sections[1].intro),
                        "P0:A sentence with **bold** inside. | "
                        "P0:**Bold** words without a separator. | P0:**Term** and its text | "
                        "P0:**Quoted**: not a card");
    /* "**Note**" alone before a heading is a label: text, and no warning. */
    assert_int_equal(d->ndiags, 3);
    S_assert_diag(d, 0, VG_DIAG_WARNING, 3, 1, "bold term 'Author' before the first section");
    S_assert_diag(d, 1, VG_DIAG_WARNING, 29, 1, "bold line 'Term' is not a card: no separator");
    S_assert_diag(d, 2, VG_DIAG_WARNING, 32, 3, "bold term 'Quoted' in a quote is not a card");
    vg_deck_free(d);

    /* The line of each card of a paragraph, past spans and math over several lines. */
    d = S_parse_both("## S\n\n**A**: x `code\nspan` [link\ntext](u) *em\nph*\n"
                     "  **B**: y $$a\nb$$ c\n**C**: z\n");
    assert_int_equal(d->ncards, 3);
    assert_int_equal(S_card(d, 1)->line, 7);
    assert_int_equal(S_card(d, 1)->col, 3);
    assert_string_equal(S_rich(&S_card(d, 1)->back), "P0:y $$a\nb$$ c");
    assert_int_equal(S_card(d, 2)->line, 9);
    vg_deck_free(d);
}

/* ---- shapes of cards and sections ---- */

static void test_shapes(void **state)
{
    (void)state;
    vg_deck *d = S_load("shapes.md");
    assert_string_equal(d->title, "Shapes");
    assert_string_equal(S_rich(&d->description), "P0:What this deck is about: *forms* of cards. | "
                                                 "P0:Second paragraph of the description. | "
                                                 "B1:a plain bullet before any section");

    assert_int_equal(d->nsections, 6);
    /* The card before any '##' is in an untitled first section. */
    assert_string_equal(d->sections[0].title, "");
    assert_string_equal(d->sections[0].number, "");
    assert_int_equal(d->sections[0].ncards, 1);
    assert_string_equal(S_card(d, 0)->front_src, "Early");

    const vg_section *s = &d->sections[1];
    assert_string_equal(s->title, "Unnumbered Section");
    assert_string_equal(s->number, "");
    assert_int_equal(s->line, 10);
    assert_string_equal(S_rich(&s->intro), "P0:An intro paragraph with $x_1$. | "
                                           "B1:a plain bullet | "
                                           "B2:**Nested**: a nested bold bullet in a plain bullet");
    /* "1. **Numbered**: ..." is a card as a bullet is (it was not before 2026-12). */
    assert_int_equal(s->ncards, 6);
    assert_string_equal(S_card(d, 6)->front_src, "Numbered");
    assert_string_equal(S_rich(&S_card(d, 6)->back), "P0:not a card");
    assert_string_equal(S_card(d, 1)->front_src, "Star");
    assert_string_equal(S_rich(&S_card(d, 1)->back), "P0:made with a star");
    assert_string_equal(S_card(d, 2)->front_src, "Plus");
    assert_string_equal(S_rich(&S_card(d, 2)->back), "P0:made with a plus");
    /* A back of nested bullets only, with deeper and ordered ones, a paragraph and code. */
    const vg_card *bptt = S_card(d, 3);
    assert_string_equal(bptt->front_src, "BPTT");
    assert_string_equal(S_rich(&bptt->back), "B1:first sub-bullet with $W_{hh}$ and $x_t$ | "
                                             "B2:deeper, with **bold** and *italic* | "
                                             "B1.1:ordered one | B1.2:ordered two | "
                                             "P0:A further paragraph. | C:`echo $HOME`");
    assert_int_equal(bptt->line, 17);
    assert_int_equal(bptt->back.blocks[0].line, 18);
    assert_int_equal(bptt->back.blocks[5].line, 25);
    /* "**Term:**": the colon inside the bold is dropped. */
    assert_string_equal(S_card(d, 4)->front_src, "Term");
    assert_string_equal(S_rich(&S_card(d, 4)->front), "P0:Term");
    assert_string_equal(S_rich(&S_card(d, 4)->back), "P0:colon inside the bold");
    assert_string_equal(S_card(d, 5)->front_src, "Under");

    assert_string_equal(d->sections[2].title, "Sub Numbered");
    assert_string_equal(d->sections[2].number, "5.1");
    assert_string_equal(d->sections[3].title, "Parenthesised");
    assert_string_equal(d->sections[3].number, "3");
    assert_string_equal(d->sections[4].title, "2024 Goals");
    assert_string_equal(d->sections[4].number, "");
    /* Same front in other sections: other ids. */
    assert_string_not_equal(S_card(d, 7)->id, S_card(d, 8)->id);
    assert_string_equal(d->sections[5].title, "Empty Section");
    assert_int_equal(d->sections[5].ncards, 0);
    assert_string_equal(S_rich(&d->sections[5].intro), "P0:Only text here.");

    assert_int_equal(d->ndiags, 2);
    S_assert_diag(d, 0, VG_DIAG_WARNING, 14, 3, "nested bold bullet 'Nested' is not a card");
    S_assert_diag(d, 1, VG_DIAG_WARNING, 42, 1, "section 'Empty Section' has no cards");
    assert_false(vg_deck_has_errors(d));
    vg_deck_free(d);
}

static void test_separators(void **state)
{
    (void)state;
    vg_deck *d = S_parse("## S\n"
                         "- **A**: colon\n"
                         "- **B** : spaced colon\n"
                         "- **C** \u2014 em dash\n"
                         "- **D** \u2013 en dash\n"
                         "- **E** - hyphen\n"
                         "- **F** no separator\n"
                         "- **G**: -1 stays\n"
                         "- **H**:\n"
                         "  continued on the next line\n"
                         "- **I**: `code` first\n"
                         "- **J**: $x$ first\n");
    static const char *const want[] = {
        "P0:colon",        "P0:spaced colon", "P0:em dash",  "P0:en dash",
        "P0:hyphen",       "P0:no separator", "P0:-1 stays", "P0:continued on the next line",
        "P0:`code` first", "P0:$x$ first"};
    assert_int_equal(d->ncards, 10);
    for (size_t i = 0; i < 10; i++)
        assert_string_equal(S_rich(&S_card(d, i)->back), want[i]);
    assert_int_equal(d->ndiags, 0);
    vg_deck_free(d);
}

static void test_front_markup(void **state)
{
    (void)state;
    vg_deck *d = S_parse("## S\n"
                         "- **The $\\alpha$ *rate* of `lr`**: back\n"
                         "- **a \\* b &amp; c**: back\n"
                         "- **[link](http://x) text**: back\n");
    assert_string_equal(S_card(d, 0)->front_src, "The $\\alpha$ *rate* of `lr`");
    assert_string_equal(S_rich(&S_card(d, 0)->front), "P0:The $\\alpha$ *rate* of `lr`");
    assert_string_equal(S_card(d, 1)->front_src, "a * b & c");
    assert_string_equal(S_card(d, 2)->front_src, "link text");
    assert_string_equal(S_rich(&S_card(d, 2)->front), "P0:[link] text");
    vg_deck_free(d);
}

/* ---- math ---- */

static void test_math(void **state)
{
    (void)state;
    vg_deck *d = S_load("math.md");
    assert_int_equal(d->ncards, 5);
    /* Emphasis rules do not reach inside math; backslashes stay. */
    assert_string_equal(
        S_rich(&S_card(d, 0)->back),
        "P0:$W_{hh}$ and $x_t$, $a*b$ and $c*d$, $\\frac{\\partial L}{\\partial W}$");
    /* Display math, also over several lines (indentation dropped, trimmed). */
    assert_string_equal(S_rich(&S_card(d, 1)->back), "P0:$$\\sum_{t=1}^T x_t$$ then $$a +\nb$$");
    assert_string_equal(S_rich(&S_card(d, 2)->back), "P0:$a +\nb$ end");
    /* Dollar signs: currency, a space after '$', escapes, code spans. */
    assert_string_equal(S_rich(&S_card(d, 3)->back), "P0:$5 and $10, $ 5, $x$ and `$y$`");
    assert_string_equal(S_rich(&S_card(d, 4)->back), "P0:*$x$* and **$y$**");
    assert_int_equal(S_card(d, 4)->back.blocks[0].spans[0].style, VG_STYLE_MATH | VG_STYLE_ITALIC);
    assert_int_equal(d->ndiags, 0);
    vg_deck_free(d);
}

static void test_math_edges(void **state)
{
    (void)state;
    vg_deck *d = S_parse("## S\n"
                         "- **A**: $x$5 is no pair\n"
                         "- **B**: $a \\$ b$ keeps the escaped dollar\n"
                         "- **C**: `a $x$` and\n"
                         "  ```\n"
                         "  echo $HOME $\n"
                         "  ```\n"
                         "- **D**: $$ $$ is nothing, $x$$y$ two\n"
                         "- **E**: $a\n"
                         "\n"
                         "  b$ a blank line ends math\n");
    assert_string_equal(S_rich(&S_card(d, 0)->back), "P0:$x$5 is no pair");
    assert_int_equal(S_card(d, 0)->back.blocks[0].nspans, 1); /* plain text, no math */
    assert_int_equal(S_card(d, 0)->back.blocks[0].spans[0].style, VG_STYLE_PLAIN);
    assert_string_equal(S_rich(&S_card(d, 1)->back), "P0:$a \\$ b$ keeps the escaped dollar");
    assert_string_equal(S_rich(&S_card(d, 2)->back), "P0:`a $x$` and | C:`echo $HOME $`");
    assert_string_equal(S_rich(&S_card(d, 3)->back), "P0:$$ $$ is nothing, $x$$y$ two");
    assert_string_equal(S_rich(&S_card(d, 4)->back), "P0:$a | P0:b$ a blank line ends math");
    /* Unclosed: A's "$x" (a '$' before a digit closes nothing) and E's "$a"; E's "b$" opens
     * nothing (a space follows). Code blocks and spans report nothing. */
    assert_int_equal(d->ndiags, 2);
    S_assert_diag(d, 0, VG_DIAG_WARNING, 2, 10, "unclosed '$'");
    S_assert_diag(d, 1, VG_DIAG_WARNING, 9, 10, "unclosed '$'");
    assert_false(vg_deck_has_errors(d)); /* a lone dollar never refuses a deck */
    vg_deck_free(d);
}

/* \( \) and \[ \] are math as $ and $$ are, taken from the source before cmark sees it. */
static void test_backslash_math(void **state)
{
    (void)state;
    vg_deck *d = S_parse("## S\n"
                         "- **A**: Use \\( \\binom{n}{k} \\) (Permutations)\n"
                         "- **B**: before\n"
                         "  \\[\n"
                         "  a_{i} =\n"
                         "  \\frac{1}{2}\n"
                         "  \\]\n"
                         "  after\n"
                         "- **C**: \\\\(x\\\\) and `\\(y\\)` stay text; \\[1\\] is brackets\n"
                         "- **\\(x^2\\)**: same id as $x^2$\n"
                         "- **D**: \\( never closes\n"
                         "- **E**: \\(\\) is nothing; \\( a *b* \\_ \\) keeps its LaTeX\n");
    assert_int_equal(d->ncards, 6);
    assert_string_equal(S_rich(&S_card(d, 0)->back), "P0:Use $\\binom{n}{k}$ (Permutations)");
    assert_string_equal(S_rich(&S_card(d, 1)->back), "P0:before $$a_{i} =\n\\frac{1}{2}$$ after");
    assert_string_equal(S_rich(&S_card(d, 2)->back),
                        "P0:\\(x\\) and `\\(y\\)` stay text; [1] is brackets");
    /* The id's source form writes inline math as $...$, whatever the delimiters. */
    assert_string_equal(S_card(d, 3)->front_src, "$x^2$");
    char id[VG_CARD_ID_LEN + 1];
    vg_card_id("S", "$x^2$", id);
    assert_string_equal(S_card(d, 3)->id, id);
    assert_string_equal(S_rich(&S_card(d, 4)->back), "P0:( never closes");
    assert_string_equal(S_rich(&S_card(d, 5)->back),
                        "P0:() is nothing; $a *b* \\_$ keeps its LaTeX");
    assert_int_equal(d->ndiags, 1);
    S_assert_diag(d, 0, VG_DIAG_WARNING, 11, 10, "unclosed '\\(' is shown as '('");
    assert_false(vg_deck_has_errors(d));
    vg_deck_free(d);

    /* Not in code blocks; a code block puts the source back. */
    d = S_parse("- **A**:\n\n  ```\n  \\(x\\) \\(open\n  ```\n");
    assert_string_equal(S_rich(&S_card(d, 0)->back), "C:`\\(x\\) \\(open`");
    assert_int_equal(d->ndiags, 0);
    vg_deck_free(d);
}

/* Padded "$ x $" is math; a '$' that does not close is text and a warning at most. */
static void test_padded_dollars(void **state)
{
    (void)state;
    vg_deck *d = S_parse("## S\n"
                         "- **A**: $ N $ items at $ \\alpha = 0.05 $\n"
                         "- **B**: costs $5, between $5 and $10, or $5-$10\n"
                         "- **C**: costs $5 and then $x$ is math\n"
                         "- **D**: one $ sign\n"
                         "- **E**: $x $ is no pair\n"
                         "- **$ N $**: id as $N$\n"
                         "- **F**: $ $\n");
    assert_int_equal(d->ncards, 7);
    assert_string_equal(S_rich(&S_card(d, 0)->back), "P0:$N$ items at $\\alpha = 0.05$");
    assert_string_equal(S_rich(&S_card(d, 1)->back), "P0:costs $5, between $5 and $10, or $5-$10");
    assert_string_equal(S_rich(&S_card(d, 2)->back), "P0:costs $5 and then $x$ is math");
    assert_int_equal(S_card(d, 2)->back.blocks[0].nspans, 3);
    assert_string_equal(S_rich(&S_card(d, 3)->back), "P0:one $ sign");
    assert_string_equal(S_rich(&S_card(d, 4)->back), "P0:$x $ is no pair");
    assert_int_equal(S_card(d, 4)->back.blocks[0].nspans, 1);
    assert_string_equal(S_card(d, 5)->front_src, "$N$");
    assert_string_equal(S_rich(&S_card(d, 6)->back), "P0:$ $");
    /* Only "$x" warns: currency and a padded '$' are dollar signs. */
    assert_int_equal(d->ndiags, 1);
    S_assert_diag(d, 0, VG_DIAG_WARNING, 6, 10, "unclosed '$'");
    assert_false(vg_deck_has_errors(d));
    vg_deck_free(d);
}

/* Pipe tables: cmark has none, deck/table.c reads them from the paragraph's lines. */
static void test_tables(void **state)
{
    (void)state;
    vg_deck *d = S_parse("## S\n"
                         "- **A**: back\n"
                         "\n"
                         "  | *a* | b | c | d |\n"
                         "  |:--|:-:|--:|---|\n"
                         "  | `x\\|y` | $|x|$ | 1 |\n"
                         "  | - | 1. | # h | [r]: u | extra |\n"
                         "  no pipe\n"
                         "- **B**: words\n"
                         "  a | b\n"
                         "  --|--\n"
                         "  > q\n"
                         "- | h |\n"
                         "  | - |\n"
                         "  | v |\n");
    assert_int_equal(d->ncards, 2);
    assert_string_equal(S_rich(&S_card(d, 0)->back),
                        "P0:back | T0.0.0<:*a* | T0.0.1^:b | T0.0.2>:c | T0.0.3-:d"
                        " | T0.1.0<:`x|y` | T0.1.1^:$|x|$ | T0.1.2>:1 | T0.1.3-:"
                        " | T0.2.0<:- | T0.2.1^:1. | T0.2.2>:# h | T0.2.3-:[r]: u"
                        " | T0.3.0<:no pipe | T0.3.1^: | T0.3.2>: | T0.3.3-:");
    /* Lines before the header stay the paragraph; a quote is a block of its own. */
    assert_string_equal(S_rich(&S_card(d, 1)->back), "P0:words | T0.0.0-:a | T0.0.1-:b | P0:q");
    /* A table that opens a list item: the bullet, empty, then the table. */
    assert_string_equal(S_rich(&d->sections[0].intro), "B1: | T1.0.0-:h | T1.1.0-:v");
    assert_int_equal(S_card(d, 0)->back.blocks[9].line, 7);
    assert_int_equal(d->ndiags, 0);
    vg_deck_free(d);

    /* Not tables: a delimiter row without a '|', a header with another number of cells, math
     * that runs over rows, a delimiter cell without a dash. */
    d = S_parse("## S\n"
                "- **A**: a\n"
                "  :--\n"
                "- **B**:\n"
                "\n"
                "  | a | b |\n"
                "  |---|\n"
                "- **C**:\n"
                "\n"
                "  | $a | b |\n"
                "  |---|---|\n"
                "  | c$ | d |\n"
                "- **D**:\n"
                "\n"
                "  | a | b |\n"
                "  |---|:|\n");
    assert_int_equal(d->ncards, 4);
    for (size_t i = 1; i < 4; i++)
        assert_int_equal(S_card(d, i)->back.blocks[0].kind, VG_BLOCK_PARA);
    assert_string_equal(S_rich(&S_card(d, 1)->back), "P0:| a | b | |---|");
    vg_deck_free(d);

    /* More than 64 columns: a paragraph (no row can make a table quadratic). */
    char src[1024];
    size_t n = (size_t)sprintf(src, "- **A**:\n\n  ");
    for (int i = 0; i < 65; i++)
        n += (size_t)sprintf(src + n, "|a");
    n += (size_t)sprintf(src + n, "\n  ");
    for (int i = 0; i < 65; i++)
        n += (size_t)sprintf(src + n, "|-");
    sprintf(src + n, "\n");
    d = S_parse(src);
    assert_int_equal(S_card(d, 0)->back.blocks[0].kind, VG_BLOCK_PARA);
    vg_deck_free(d);

    /* In a quote, and at the top level of a section. */
    d = S_parse("## S\n> | a |\n> |---|\n> | b |\n\n|x|y|\n|-|-|\n- **A**: b\n");
    assert_string_equal(S_rich(&d->sections[0].intro),
                        "T0.0.0-:a | T0.1.0-:b | T0.0.0-:x | T0.0.1-:y");
    vg_deck_free(d);
}

static void test_math_in_titles(void **state)
{
    (void)state;
    vg_deck *d = S_parse("# The $\\nabla$ deck\n## 2. Why $x_t$ *matters*\n- **A**: b\n");
    assert_string_equal(d->title, "The $\\nabla$ deck");
    assert_string_equal(d->sections[0].title, "Why $x_t$ matters");
    assert_string_equal(d->sections[0].number, "2");
    vg_deck_free(d);
}

/* U+FDD0 and U+FDD1 (the parser's own placeholders) in a deck are just text. */
static void test_placeholder_chars(void **state)
{
    (void)state;
    vg_deck *d = S_parse("## S\n- **X \xEF\xB7\x90**: $a$\xEF\xB7\x91 and `\xEF\xB7\x90`\n");
    assert_string_equal(S_card(d, 0)->front_src, "X \xEF\xB7\x90");
    assert_string_equal(S_rich(&S_card(d, 0)->back), "P0:$a$\xEF\xB7\x91 and `\xEF\xB7\x90`");
    vg_deck_free(d);
}

/* ---- problems ---- */

static void test_problems(void **state)
{
    (void)state;
    vg_deck *d = S_load("problems.md");
    /* The duplicate is left out. */
    assert_int_equal(d->ncards, 4);
    assert_string_equal(S_card(d, 0)->front_src, "Same");
    assert_string_equal(S_rich(&S_card(d, 0)->back), "P0:first");
    assert_int_equal(S_card(d, 1)->back.nblocks, 0);
    assert_string_equal(S_rich(&S_card(d, 3)->back), "P0:a $ sign and `a $x$ span`");
    assert_int_equal(d->sections[0].ncards, 4);

    assert_int_equal(d->ndiags, 5);
    S_assert_diag(d, 0, VG_DIAG_ERROR, 5, 1,
                  "duplicate card 'Same' in section 'One' (first at line 4)");
    S_assert_diag(d, 1, VG_DIAG_WARNING, 6, 1, "card 'Empty' has an empty back");
    S_assert_diag(d, 2, VG_DIAG_WARNING, 7, 32, "unclosed '$'");
    S_assert_diag(d, 3, VG_DIAG_WARNING, 10, 3,
                  "nested bold bullet 'Deep' is not a card (only top-level bullets are)");
    S_assert_diag(d, 4, VG_DIAG_WARNING, 12, 1, "section 'Nothing' has no cards");
    assert_true(vg_deck_has_errors(d));
    vg_deck_free(d);
}

static void test_duplicate_untitled(void **state)
{
    (void)state;
    vg_deck *d = S_parse("- **A**: 1\n- **A**: 2\n- **B**\n");
    assert_int_equal(d->ncards, 2);
    assert_int_equal(d->ndiags, 2);
    S_assert_diag(d, 0, VG_DIAG_ERROR, 2, 1, "duplicate card 'A' (first at line 1)");
    S_assert_diag(d, 1, VG_DIAG_WARNING, 3, 1, "card 'B' has an empty back");
    vg_deck_free(d);
}

/* Columns count characters: a multi-byte character before a position is one column. */
static void test_columns(void **state)
{
    (void)state;
    vg_deck *d = S_parse("## S\n   - **Caf\xC3\xA9**: \xC3\xA9\xC3\xA9 $x\n");
    assert_int_equal(S_card(d, 0)->col, 4);
    S_assert_diag(d, 0, VG_DIAG_WARNING, 2, 22, "unclosed '$'");
    vg_deck_free(d);
}

/* ---- bytes: BOM, CRLF, invalid UTF-8, NUL ---- */

static void test_crlf_bom(void **state)
{
    (void)state;
    static const char *const files[] = {"seed.md", "shapes.md", "problems.md", "math.md"};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        size_t len;
        char *lf = S_slurp(S_fixture_path(files[f]), &len);
        char *crlf = malloc(2 * len + 4);
        assert_non_null(crlf);
        size_t n = 0;
        memcpy(crlf, "\xEF\xBB\xBF", 3);
        n = 3;
        for (size_t i = 0; i < len; i++) {
            if (lf[i] == '\n')
                crlf[n++] = '\r';
            crlf[n++] = lf[i];
        }
        vg_deck *a = NULL, *b = NULL;
        vg_error err;
        assert_int_equal(vg_deck_parse(lf, len, "t.md", &a, &err), VG_OK);
        assert_int_equal(vg_deck_parse(crlf, n, "t.md", &b, &err), VG_OK);
        char *da = S_dump(a), *db = S_dump(b);
        assert_string_equal(da, db);
        assert_true(a->ncards > 0);
        free(da);
        free(db);
        vg_deck_free(a);
        vg_deck_free(b);
        free(lf);
        free(crlf);
    }
}

static void S_expect_error(const char *src, size_t len, vg_status status, unsigned line,
                           unsigned col, const char *msg_start)
{
    vg_deck *d = (vg_deck *)1;
    vg_error err;
    vg_error_clear(&err);
    assert_int_equal(vg_deck_parse(src, len, "bad.md", &d, &err), status);
    assert_null(d);
    assert_int_equal(err.status, status);
    assert_string_equal(err.file, "bad.md");
    if (err.line != line || err.col != col || strncmp(err.msg, msg_start, strlen(msg_start)))
        fail_msg("got %u:%u '%s', want %u:%u '%s...'", err.line, err.col, err.msg, line, col,
                 msg_start);
}

static void test_bad_bytes(void **state)
{
    (void)state;
    static const char nul[] = "## 1. S\n- **A**: b\0c\n";
    S_expect_error(nul, sizeof nul - 1, VG_PARSE, 2, 11, "NUL byte");
    static const char trunc[] = "# Bad\n\n## 1. S\n- **A**: caf\xC3\n";
    S_expect_error(trunc, sizeof trunc - 1, VG_PARSE, 4, 13, "invalid UTF-8 (byte 0xC3)");
    /* Columns in characters: "é" before the bad byte is one column. */
    static const char after[] = "x\n\xC3\xA9\xC3\xA9\xFF\n";
    S_expect_error(after, sizeof after - 1, VG_PARSE, 2, 5, "invalid UTF-8 (byte 0xFF)");
    /* Overlong and surrogate encodings. */
    static const char overlong[] = "ab\xC0\xAF";
    S_expect_error(overlong, sizeof overlong - 1, VG_PARSE, 1, 3, "invalid UTF-8");
    static const char surrogate[] = "\xED\xA0\x80";
    S_expect_error(surrogate, sizeof surrogate - 1, VG_PARSE, 1, 1, "invalid UTF-8");
    /* The same positions with a BOM and CRLF line ends, or lone CRs. */
    static const char crlf[] = "\xEF\xBB\xBFx\r\n\xC3\xA9\xC3\xA9\xFF\r\n";
    S_expect_error(crlf, sizeof crlf - 1, VG_PARSE, 2, 5, "invalid UTF-8 (byte 0xFF)");
    static const char cr[] = "x\r\xC3\xA9\xC3\xA9\xFF\r";
    S_expect_error(cr, sizeof cr - 1, VG_PARSE, 2, 5, "invalid UTF-8 (byte 0xFF)");
    static const char bomnul[] = "\xEF\xBB\xBF\0";
    S_expect_error(bomnul, sizeof bomnul - 1, VG_PARSE, 1, 1, "NUL byte");
    /* A long ASCII run before the bad byte (the 8-byte fast path). */
    char longline[200];
    memset(longline, 'a', sizeof longline);
    longline[150] = '\0';
    S_expect_error(longline, sizeof longline, VG_PARSE, 1, 151, "NUL byte");
}

static void test_empty(void **state)
{
    (void)state;
    static const char *const srcs[] = {"", "\n\n\n", "\xEF\xBB\xBF", "just a paragraph\n",
                                       "# Only a title\n"};
    for (size_t i = 0; i < sizeof srcs / sizeof srcs[0]; i++) {
        vg_deck *d = S_parse(srcs[i]);
        assert_int_equal(d->ncards, 0);
        assert_int_equal(d->nsections, 0);
        assert_int_equal(d->ndiags, 0);
        assert_non_null(d->title);
        vg_deck_free(d);
    }
    vg_deck *d = NULL;
    vg_error err;
    assert_int_equal(vg_deck_parse(NULL, 0, NULL, &d, &err), VG_OK);
    assert_int_equal(d->ncards, 0);
    assert_string_equal(d->file, "");
    vg_deck_free(d);
    vg_deck_free(NULL);
}

/* ---- deep nesting: no stack overflow, no quadratic blow-up ---- */

static void test_deep_nesting(void **state)
{
    (void)state;
    enum { DEPTH = 10000 };
    char *src = malloc(DEPTH * 3 + 64);
    assert_non_null(src);
    /* 10000 nested block quotes. */
    size_t n = 0;
    n += (size_t)sprintf(src + n, "## S\n- **A**: b\n");
    for (int i = 0; i < DEPTH; i++)
        src[n++] = '>';
    n += (size_t)sprintf(src + n, " deep $x$\n");
    vg_deck *d = S_parse(src);
    assert_int_equal(d->ncards, 1);
    assert_string_equal(S_rich(&d->sections[0].intro), "P0:deep $x$");
    vg_deck_free(d);

    /* 10000 nested lists on one line, the innermost opening with bold. */
    n = (size_t)sprintf(src, "## S\n");
    for (int i = 0; i < DEPTH; i++)
        n += (size_t)sprintf(src + n, "- ");
    n += (size_t)sprintf(src + n, "**x**: y\n");
    d = S_parse(src);
    assert_int_equal(d->ncards, 0);
    assert_int_equal(d->sections[0].intro.nblocks, DEPTH);
    assert_int_equal(d->sections[0].intro.blocks[DEPTH - 1].depth, DEPTH);
    assert_int_equal(d->ndiags, 2);
    S_assert_diag(d, 0, VG_DIAG_WARNING, 1, 1, "section 'S' has no cards");
    S_assert_diag(d, 1, VG_DIAG_WARNING, 2, 2 * DEPTH - 1, "nested bold bullet 'x'");
    vg_deck_free(d);

    /* A card whose back nests 2000 levels deep (indented lists). */
    free(src);
    src = malloc(2000 * 2010 + 64);
    assert_non_null(src);
    n = (size_t)sprintf(src, "## S\n- **Deep**:\n");
    for (int i = 1; i <= 2000; i++) {
        memset(src + n, ' ', (size_t)(2 * i));
        n += (size_t)(2 * i);
        n += (size_t)sprintf(src + n, "- l\n");
    }
    src[n] = '\0';
    d = S_parse(src);
    assert_int_equal(d->ncards, 1);
    assert_int_equal(S_card(d, 0)->back.nblocks, 2000);
    assert_int_equal(S_card(d, 0)->back.blocks[1999].depth, 2000);
    vg_deck_free(d);
    free(src);
}

/* Many unclosed '$' and backticks in one paragraph: still fast (no rescans). */
static void test_many_openers(void **state)
{
    (void)state;
    enum { N = 100000 };
    char *src = malloc(N * 4 + 32);
    assert_non_null(src);
    size_t n = (size_t)sprintf(src, "## S\n- **A**: ");
    for (int i = 0; i < N; i++) {
        memcpy(src + n, i % 2 ? "$a " : "`` ", 3);
        n += 3;
    }
    src[n++] = '\n';
    src[n] = '\0';
    vg_deck *d = S_parse(src);
    assert_int_equal(d->ncards, 1);
    /* "`` $a ``" is a code span: every other "$a" is in one, the rest are unclosed. */
    assert_int_equal(d->ndiags, N / 4);
    vg_deck_free(d);

    /* "\(" and "\[ " without a closing one: each searched once, not once per opener. */
    n = (size_t)sprintf(src, "## S\n- **A**: ");
    for (int i = 0; i < N; i++) {
        memcpy(src + n, i % 2 ? "\\( " : "\\[ ", 3);
        n += 3;
    }
    src[n++] = '\n';
    src[n] = '\0';
    d = S_parse(src);
    assert_int_equal(d->ncards, 1);
    assert_int_equal(d->ndiags, N);
    vg_deck_free(d);
    free(src);
}

/* ---- pieces: '##' lines inside code and HTML blocks are no sections ---- */

static void test_not_headings(void **state)
{
    (void)state;
    vg_deck *d = S_parse("## A\n"
                         "```\n"
                         "## not a section\n"
                         "```\n"
                         "- **Real**: y\n"
                         "## B\n"
                         "<div>\n"
                         "## inside html\n"
                         "</div>\n"
                         "\n"
                         "<!-- a comment\n"
                         "## inside a comment\n"
                         "-->\n"
                         "- **C**: z\n"
                         "~~~~\n"
                         "unclosed fence $x\n"
                         "## C\n");
    assert_int_equal(d->nsections, 2);
    assert_string_equal(d->sections[0].title, "A");
    assert_string_equal(d->sections[1].title, "B");
    assert_string_equal(S_rich(&d->sections[0].intro), "C:`## not a section`");
    assert_string_equal(S_rich(&d->sections[1].intro),
                        "P0:<div>\n## inside html\n</div> | C:`unclosed fence $x\n## C`");
    assert_int_equal(d->ncards, 2);
    assert_int_equal(S_card(d, 1)->line, 14);
    assert_int_equal(d->ndiags, 0);
    vg_deck_free(d);
}

/* Found by fuzzing: a blank "$$\n$$" over two lines kept its line break out of the count;
 * a code block closed by the end of its list item hid a '$' on the line that closed it. */
static void test_fuzz_regressions(void **state)
{
    (void)state;
    vg_deck *d = S_parse("$$\n$$\n## S\n- **A**: b\n");
    assert_int_equal(d->sections[0].line, 3);
    assert_int_equal(S_card(d, 0)->line, 4);
    vg_deck_free(d);

    d = S_parse("- **A**:\n  ```\n  $HOME\n## $x\n- **B**: y\n");
    assert_int_equal(d->ndiags, 1);
    S_assert_diag(d, 0, VG_DIAG_WARNING, 4, 4, "unclosed '$'");
    assert_string_equal(d->sections[1].title, "$x");
    vg_deck_free(d);

    /* A '$' pair must not hide the end of an HTML comment: no math in such blocks. */
    d = S_parse("<!--\n$-->$$\n## S\n- **A**: $x$\n");
    assert_int_equal(d->nsections, 1);
    assert_int_equal(d->ncards, 1);
    assert_string_equal(S_rich(&S_card(d, 0)->back), "P0:$x$");
    assert_int_equal(d->ndiags, 0);
    vg_deck_free(d);
    /* A comment in a list item ends with the item: math after the '##' is read. */
    d = S_parse("- <!--\n## S\n$x\n");
    assert_int_equal(d->ndiags, 2);
    S_assert_diag(d, 1, VG_DIAG_WARNING, 3, 1, "unclosed '$'");
    vg_deck_free(d);
    /* A top-level comment goes on over a '##' line. */
    d = S_parse("## A\n- **A**: a\n<!--\n## not a section\n-->\n- **B**: b\n");
    assert_int_equal(d->nsections, 1);
    assert_int_equal(d->ncards, 2);
    vg_deck_free(d);

    /* An indented code block that starts with "```" is not a fence: the line after it is
     * not code. */
    d = S_parse("para\n\n    ```\n    $a\n- **B**: $x\n");
    assert_int_equal(d->ndiags, 1);
    S_assert_diag(d, 0, VG_DIAG_WARNING, 5, 10, "unclosed '$'");
    vg_deck_free(d);
}

/* Reference links defined in one section work in another. */
static void test_reference_links(void **state)
{
    (void)state;
    vg_deck *d = S_parse("## S\n- **A**: see [the doc][d]\n\n[d]: http://example.com\n"
                         "## T\n- **B**: [d] again\n");
    assert_string_equal(S_rich(&S_card(d, 0)->back), "P0:see [the doc]");
    assert_string_equal(S_rich(&S_card(d, 1)->back), "P0:[d] again");
    assert_int_equal(S_card(d, 1)->line, 6);
    vg_deck_free(d);
}

/* ---- ids ---- */

static void test_card_id(void **state)
{
    (void)state;
    char id[VG_CARD_ID_LEN + 1];
    vg_card_id("", "", id);
    assert_string_equal(id, "af63d24c8601db8e"); /* FNV-1a 64 of "\x1F" */
    vg_card_id("What is the Vanishing Gradient Problem?", "Definition", id);
    assert_string_equal(id, "088f8e1ac7ce0df5");
    /* Whitespace is folded and trimmed; nothing else changes. */
    vg_card_id("  A \t\n B ", " x   *y*\n$z$ ", id);
    assert_string_equal(id, "c6e49ef33d8c4192");
    char id2[VG_CARD_ID_LEN + 1];
    vg_card_id("A B", "x *y* $z$", id2);
    assert_string_equal(id, id2);
    vg_card_id("a b", "x *y* $z$", id2);
    assert_string_not_equal(id, id2);
}

static char *S_ids(const char *src)
{
    vg_deck *d = S_parse(src);
    char *out = calloc(d->ncards + 1, VG_CARD_ID_LEN + 1);
    assert_non_null(out);
    /* In the order of the fronts, so a reordering compares equal. */
    size_t o = 0;
    const char *order[] = {"Alpha", "Beta", "Gamma"};
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < d->ncards; i++)
            if (strcmp(d->cards[i].front_src, order[k]) == 0) {
                memcpy(out + o, d->cards[i].id, VG_CARD_ID_LEN);
                o += VG_CARD_ID_LEN;
                out[o++] = ' ';
            }
    out[o] = '\0';
    vg_deck_free(d);
    return out;
}

static void test_ids_stable(void **state)
{
    (void)state;
    char *base = S_ids("# Deck\n## 3. Section  Title\n- **Alpha**: one\n- **Beta**: two\n"
                       "- **Gamma**:\n  - three\n");
    /* The back edited, the section renumbered and re-spaced, the cards reordered, the
     * title of the deck changed, the lines wrapped differently. */
    char *edited = S_ids("# Other deck\n\nNew description.\n\n## 7) Section Title\n"
                         "- **Gamma**:\n  - three, edited\n  - and more\n"
                         "- __Beta__ - two, edited\n\n- **Alpha**: one\n  on two lines\n");
    assert_string_equal(base, edited);
    assert_int_equal(strlen(base), 3 * (VG_CARD_ID_LEN + 1));
    /* Another section title or another front: other ids. */
    char *moved = S_ids("## 3. Another Title\n- **Alpha**: one\n- **Beta**: two\n- **Gamma**: x\n");
    assert_string_not_equal(base, moved);
    free(base);
    free(edited);
    free(moved);
}

/* Many cards the size estimate does not see (indented bullets): the id table grows. */
static void test_many_cards(void **state)
{
    (void)state;
    enum { N = 5000 };
    char *src = malloc(N * 40 + 64);
    assert_non_null(src);
    size_t n = (size_t)sprintf(src, "## S\n");
    for (int i = 0; i < N; i++)
        n += (size_t)sprintf(src + n, " - **c%d**: x\n", i);
    n += (size_t)sprintf(src + n, " - **c1234**: again\n");
    vg_deck *d = S_parse(src);
    assert_int_equal(d->ncards, N);
    for (size_t i = 0; i < d->ncards; i++) {
        assert_ptr_equal(vg_deck_find(d, d->cards[i].id), &d->cards[i]);
        assert_int_equal(d->cards[i].col, 2);
    }
    assert_int_equal(d->ndiags, 1);
    S_assert_diag(d, 0, VG_DIAG_ERROR, N + 2, 2,
                  "duplicate card 'c1234' in section 'S' (first at line 1236)");
    vg_deck_free(d);
    free(src);
}

/* ---- lookup ---- */

static void test_find(void **state)
{
    (void)state;
    vg_deck *d = S_load("seed.md");
    const vg_card *c = S_card(d, 0);
    assert_ptr_equal(vg_deck_find(d, c->id), c);
    char prefix[VG_CARD_ID_LEN + 1];
    snprintf(prefix, sizeof prefix, "%.6s", c->id);
    assert_ptr_equal(vg_deck_find(d, prefix), c);
    for (char *p = prefix; *p; p++)
        if (*p >= 'a' && *p <= 'f')
            *p = (char)(*p - 'a' + 'A');
    assert_ptr_equal(vg_deck_find(d, prefix), c);
    snprintf(prefix, sizeof prefix, "%.3s", c->id);
    assert_null(vg_deck_find(d, prefix)); /* too short */
    assert_null(vg_deck_find(d, "0000000000000000"));
    assert_null(vg_deck_find(d, "zzzz"));
    assert_null(vg_deck_find(d, "088f8e1ac7ce0df5a")); /* too long */
    assert_null(vg_deck_find(d, ""));
    assert_null(vg_deck_find(d, NULL));
    /* Every id is found; an ambiguous prefix is not. */
    size_t ambiguous = 0;
    for (size_t i = 0; i < d->ncards; i++) {
        assert_ptr_equal(vg_deck_find(d, d->cards[i].id), &d->cards[i]);
        for (size_t j = 0; j < d->ncards; j++)
            if (j != i && strncmp(d->cards[i].id, d->cards[j].id, 4) == 0) {
                snprintf(prefix, sizeof prefix, "%.4s", d->cards[i].id);
                assert_null(vg_deck_find(d, prefix));
                ambiguous++;
            }
    }
    (void)ambiguous;
    vg_deck_free(d);

    /* Two ids sharing a prefix, made on purpose: search for a pair among many cards. */
    char *src = malloc(1 << 20);
    assert_non_null(src);
    size_t n = (size_t)sprintf(src, "## S\n");
    for (int i = 0; i < 2000; i++)
        n += (size_t)sprintf(src + n, "- **c%d**: x\n", i);
    d = S_parse(src);
    int found = 0;
    for (size_t i = 0; i < d->ncards && !found; i++)
        for (size_t j = i + 1; j < d->ncards && !found; j++)
            if (strncmp(d->cards[i].id, d->cards[j].id, 4) == 0) {
                snprintf(prefix, sizeof prefix, "%.4s", d->cards[i].id);
                assert_null(vg_deck_find(d, prefix));
                found = 1;
            }
    assert_true(found); /* 2000 ids over 65536 prefixes: a shared one is certain */
    vg_deck_free(d);
    free(src);
}

/* ---- files ---- */

static void test_load_errors(void **state)
{
    (void)state;
    vg_deck *d = (vg_deck *)1;
    vg_error err;
    vg_error_clear(&err);
    assert_int_equal(vg_deck_load("/nonexistent/dir/deck.md", &d, &err), VG_NOT_FOUND);
    assert_null(d);
    assert_string_equal(err.file, "/nonexistent/dir/deck.md");
    assert_string_equal(err.msg, "No such file or directory");

    const char *dir = getenv("VG_FIXTURES") ? getenv("VG_FIXTURES") : ".";
    assert_int_equal(vg_deck_load(dir, &d, &err), VG_IO);
    assert_null(d);
    assert_string_equal(err.msg, "Is a directory");
    assert_string_equal(err.file, dir);

    /* A file larger than the limit is refused before it is read (a sparse file). */
    char path[] = "/tmp/vgrev-test-deck-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)VG_DECK_MAX_BYTES + 1), 0);
    close(fd);
    assert_int_equal(vg_deck_load(path, &d, &err), VG_INVALID);
    assert_null(d);
    assert_non_null(strstr(err.msg, "too large"));
    unlink(path);

    /* Unreadable (when not root: root reads anything). */
    if (geteuid() != 0) {
        fd = mkstemp(path);
        assert_true(fd >= 0);
        close(fd);
        chmod(path, 0);
        assert_int_equal(vg_deck_load(path, &d, &err), VG_IO);
        assert_string_equal(err.msg, "Permission denied");
        unlink(path);
    }
}

static void test_load_file(void **state)
{
    (void)state;
    vg_deck *d = S_load("seed.md");
    assert_non_null(strstr(d->file, "decks/seed.md"));
    size_t len;
    char *src = S_slurp(S_fixture_path("seed.md"), &len);
    vg_deck *p = NULL;
    vg_error err;
    assert_int_equal(vg_deck_parse(src, len, d->file, &p, &err), VG_OK);
    char *a = S_dump(d), *b = S_dump(p);
    assert_string_equal(a, b);
    free(a);
    free(b);
    free(src);
    vg_deck_free(d);
    vg_deck_free(p);
}

/* Not NUL-terminated input: nothing is read past len. */
static void test_not_terminated(void **state)
{
    (void)state;
    static const char text[] = "## S\n- **A**: b $x$";
    char *exact = malloc(sizeof text - 1);
    assert_non_null(exact);
    memcpy(exact, text, sizeof text - 1);
    vg_deck *d = NULL;
    vg_error err;
    assert_int_equal(vg_deck_parse(exact, sizeof text - 1, "t.md", &d, &err), VG_OK);
    assert_string_equal(S_rich(&S_card(d, 0)->back), "P0:b $x$");
    vg_deck_free(d);
    free(exact);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed),
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_separators),
        cmocka_unit_test(test_front_markup),
        cmocka_unit_test(test_math),
        cmocka_unit_test(test_math_edges),
        cmocka_unit_test(test_backslash_math),
        cmocka_unit_test(test_padded_dollars),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_math_in_titles),
        cmocka_unit_test(test_bold_only_back),
        cmocka_unit_test(test_subsections),
        cmocka_unit_test(test_section_level),
        cmocka_unit_test(test_heading_numbers),
        cmocka_unit_test(test_front_matter),
        cmocka_unit_test(test_para_cards),
        cmocka_unit_test(test_placeholder_chars),
        cmocka_unit_test(test_problems),
        cmocka_unit_test(test_duplicate_untitled),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_crlf_bom),
        cmocka_unit_test(test_bad_bytes),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_many_openers),
        cmocka_unit_test(test_not_headings),
        cmocka_unit_test(test_fuzz_regressions),
        cmocka_unit_test(test_reference_links),
        cmocka_unit_test(test_card_id),
        cmocka_unit_test(test_ids_stable),
        cmocka_unit_test(test_many_cards),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_load_file),
        cmocka_unit_test(test_not_terminated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
