/* Searching a deck's fronts and backs (include/vgrev/search.h): case folding that keeps byte
 * offsets, matches in deck order, refining as a query grows, where a match is (front or back),
 * the next and previous match with wrapping, and a reset after the deck changed; the text made
 * straight from the spans is the reference's (vg_render_inline, then vg_search_fold) on every
 * fixture deck; a search done lazily, a little at a time, finds what a whole one does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <locale.h>
#include <stdlib.h>

#include "vgrev/render.h"

#include "vgrev/search.h"

static const char S_src[] = "# Notes\n\n## 1. Words\n\n"
                            "- **Alpha**: the first letter\n"
                            "- **Beta**: comes after ALPHA\n"
                            "- **Gamma**: Über größe\n"
                            "- **Delta**: nothing here\n";

static vg_deck *S_deck(const char *src)
{
    vg_deck *d = NULL;
    vg_error err;
    if (vg_deck_parse(src, strlen(src), "t.md", &d, &err) != VG_OK)
        fail_msg("parse: %s", err.msg);
    return d;
}

static void S_run(vg_search *s, const char *q, bool refine)
{
    vg_error err;
    assert_int_equal(vg_search_run(s, q, strlen(q), refine, &err), VG_OK);
}

static void test_matches_in_deck_order(void **state)
{
    (void)state;
    vg_deck *d = S_deck(S_src);
    assert_int_equal(d->ncards, 4);
    vg_search s;
    vg_search_init(&s, d);
    assert_false(vg_search_active(&s));
    S_run(&s, "alPHa", false);
    assert_true(vg_search_active(&s));
    assert_int_equal(s.nmatches, 2);
    assert_int_equal(s.matches[0], 0);
    assert_int_equal(s.matches[1], 1);

    size_t at, len;
    bool in_back;
    assert_true(vg_search_locate(&s, 0, &at, &in_back));
    assert_false(in_back);
    assert_int_equal(at, 0);
    assert_true(vg_search_locate(&s, 1, &at, &in_back));
    assert_true(in_back);
    const char *back = vg_search_part(&s, 1, true, &len);
    assert_int_equal(len, strlen("comes after ALPHA"));
    assert_memory_equal(back + at, "ALPHA", 5);
    assert_false(vg_search_locate(&s, 3, &at, &in_back));

    /* An empty query matches nothing and is not a search. */
    S_run(&s, "", false);
    assert_int_equal(s.nmatches, 0);
    assert_false(vg_search_active(&s));
    vg_search_release(&s);
    vg_deck_free(d);
}

static void test_folding_keeps_offsets(void **state)
{
    (void)state;
    vg_deck *d = S_deck(S_src);
    vg_search s;
    vg_search_init(&s, d);
    S_run(&s, "GRÖSSE", false); /* ß does not fold to "ss": no match */
    assert_int_equal(s.nmatches, 0);
    S_run(&s, "ÜBER GRÖ", false);
    assert_int_equal(s.nmatches, 1);
    size_t at, len;
    bool in_back;
    assert_true(vg_search_locate(&s, 2, &at, &in_back));
    assert_true(in_back);
    const char *back = vg_search_part(&s, 2, true, &len);
    assert_int_equal(at, 0);
    assert_memory_equal(back, "Über grö", strlen("Über grö"));
    vg_search_release(&s);
    vg_deck_free(d);
}

static void test_refine_and_clear(void **state)
{
    (void)state;
    vg_deck *d = S_deck(S_src);
    vg_search s;
    vg_search_init(&s, d);
    S_run(&s, "e", false);
    assert_int_equal(s.nmatches, 4);
    S_run(&s, "et", true);
    assert_int_equal(s.nmatches, 2); /* Beta; "the first letter" */
    assert_int_equal(s.matches[0], 0);
    assert_int_equal(s.matches[1], 1);
    /* Refining looks at the matches it has: a shorter query after a clear looks again. */
    vg_search_clear(&s);
    assert_false(vg_search_active(&s));
    S_run(&s, "a", true);
    assert_int_equal(s.nmatches, 4);
    vg_search_release(&s);
    vg_deck_free(d);
}

static void test_next_and_previous(void **state)
{
    (void)state;
    vg_deck *d = S_deck(S_src);
    vg_search s;
    vg_search_init(&s, d);
    S_run(&s, "alpha", false); /* cards 0 and 1 */
    bool wrapped;
    assert_int_equal(vg_search_from(&s, 0, 1, false, &wrapped), 0);
    assert_false(wrapped);
    assert_int_equal(vg_search_from(&s, 0, 1, true, &wrapped), 1);
    assert_false(wrapped);
    assert_int_equal(vg_search_from(&s, 1, 1, true, &wrapped), 0);
    assert_true(wrapped);
    assert_int_equal(vg_search_from(&s, 1, -1, true, &wrapped), 0);
    assert_false(wrapped);
    assert_int_equal(vg_search_from(&s, 0, -1, true, &wrapped), 1);
    assert_true(wrapped);
    vg_search_release(&s);
    vg_deck_free(d);
}

static void test_reset_after_reload(void **state)
{
    (void)state;
    vg_deck *d = S_deck(S_src);
    vg_search s;
    vg_search_init(&s, d);
    S_run(&s, "delta", false);
    assert_int_equal(s.nmatches, 1);
    vg_deck *fresh = S_deck("# Notes\n\n- **Delta**: one\n- **Epsilon**: delta two\n");
    vg_search_reset(&s, fresh);
    vg_deck_free(d);
    assert_int_equal(s.nmatches, 0);
    assert_false(vg_search_active(&s));
    S_run(&s, "delta", false);
    assert_int_equal(s.nmatches, 2);
    vg_search_release(&s);
    vg_deck_free(fresh);
}

/* Every card's made text is the reference's: rendered inline, then folded. */
static void S_same_text(vg_deck *d, const char *name)
{
    vg_search s;
    vg_search_init(&s, d);
    vg_buf plain = VG_BUF_INIT, folded = VG_BUF_INIT;
    /* From the last card first: making it makes every card before it. */
    for (size_t i = d->ncards; i-- > 0;)
        for (int back = 0; back < 2; back++) {
            const vg_rich *r = back ? &d->cards[i].back : &d->cards[i].front;
            vg_buf_clear(&plain);
            vg_buf_clear(&folded);
            vg_render_inline(r, &plain);
            vg_search_fold(plain.data ? plain.data : "", plain.len, &folded);
            size_t len;
            const char *t = vg_search_folded(&s, i, back, &len);
            assert_non_null(t);
            if (len != folded.len || memcmp(t, folded.data ? folded.data : "", len) != 0)
                fail_msg("%s: card %zu's %s: \"%.*s\", want \"%s\"", name, i,
                         back ? "back" : "front", (int)len, t, vg_buf_str(&folded));
            const char *p = vg_search_part(&s, i, back, &len);
            assert_int_equal(len, plain.len);
            assert_memory_equal(p, vg_buf_str(&plain), len);
        }
    vg_buf_release(&plain);
    vg_buf_release(&folded);
    vg_search_release(&s);
}

static void test_made_text_is_the_reference(void **state)
{
    (void)state;
    /* What the fixtures may not all have: tables, math, escapes, controls, tabs, letters
     * whose lower case is longer or shorter, spaces to fold, bidi controls. */
    static const char hard[] = "# T\n\n## 1. Hard\n\n"
                               "- **ÀÉÎ   Õ\tÜ**: Straße İstanbul ΣΑΣ KELVIN \xe2\x84\xaa sign\n"
                               "- **Math**: $\\alpha + \\Beta^2$ and $$\\frac{A}{B}$$ text\n"
                               "- **Esc \x1b[31mred\x1b[0m**: bell \x07 and DEL \x7f end \xc2\x9b"
                               "1m\n"
                               "- **Table**:\n\n  | A | B |\n  |---|---|\n  | Xy | Zw |\n\n"
                               "- **  Spaces  **:    lots   of    space   \n"
                               "- **Bidi \xe2\x80\xae x**: zero\xe2\x80\x8bwidth \xef\xbf\xbd\n"
                               "- **Nested**: top\n  - Child ONE\n    - GRAND child\n"
                               "- {{c1::Cloze}} and {{c2::TWO::hint}}\n";
    vg_deck *d = NULL;
    vg_error err;
    if (vg_deck_parse(hard, sizeof hard - 1, "hard.md", &d, &err) == VG_OK) {
        assert_true(d->ncards >= 6);
        S_same_text(d, "hard.md");
        vg_deck_free(d);
    } else {
        fail_msg("parse: %s", err.msg);
    }
    const char *root = getenv("VG_FIXTURES");
    if (!root)
        skip();
    static const char *const dirs[] = {"decks", "e2e", "notebooks", "ids", "import"};
    size_t checked = 0;
    for (size_t k = 0; k < sizeof dirs / sizeof *dirs; k++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", root, dirs[k]);
        DIR *dir = opendir(path);
        if (!dir)
            continue;
        struct dirent *e;
        while ((e = readdir(dir))) {
            size_t n = strlen(e->d_name);
            if (n < 4 || strcmp(e->d_name + n - 3, ".md") != 0)
                continue;
            snprintf(path, sizeof path, "%s/%s/%s", root, dirs[k], e->d_name);
            if (vg_deck_load(path, &d, &err) != VG_OK)
                continue; /* a fixture of a deck that does not load */
            S_same_text(d, path);
            checked += d->ncards;
            vg_deck_free(d);
        }
        closedir(dir);
    }
    assert_true(checked > 100);
}

/* A deck of n cards; every seventh says "needle", the others "hay"; all end with tail. */
static vg_deck *S_big(size_t n, const char *tail)
{
    vg_buf src = VG_BUF_INIT;
    vg_buf_adds(&src, "# Big\n\n## 1. All\n\n");
    for (size_t i = 0; i < n; i++)
        vg_buf_printf(&src, "- **Card %zu**: %s number %zu%s\n", i, i % 7 == 3 ? "Needle" : "hay",
                      i, tail);
    vg_deck *d = S_deck(vg_buf_str(&src));
    vg_buf_release(&src);
    assert_int_equal(d->ncards, n);
    return d;
}

static void S_start(vg_search *s, const char *q, bool refine)
{
    vg_error err;
    assert_int_equal(vg_search_start(s, q, strlen(q), refine, &err), VG_OK);
}

static void S_more(vg_search *s, size_t want, size_t work)
{
    vg_error err;
    assert_int_equal(vg_search_more(s, want, work, &err), VG_OK);
}

static void test_lazy_stops_and_goes_on(void **state)
{
    (void)state;
    vg_deck *d = S_big(2000, "");
    vg_search s;
    vg_search_init(&s, d);
    /* Starting looks at nothing; the text is made only as far as a search looks. */
    S_start(&s, "NEEDLE", false);
    assert_true(vg_search_active(&s));
    assert_false(vg_search_done(&s));
    assert_int_equal(s.nmatches, 0);
    assert_int_equal(s.nbuilt, 0);
    S_more(&s, 5, SIZE_MAX);
    assert_int_equal(s.nmatches, 5);
    assert_int_equal(s.matches[4], 4 * 7 + 3);
    assert_int_equal(s.nbuilt, 4 * 7 + 4);
    assert_false(vg_search_done(&s));
    /* A slice of work stops before the matches wanted. */
    S_more(&s, SIZE_MAX, 1);
    assert_int_equal(s.nbuilt, 4 * 7 + 5);
    assert_false(vg_search_done(&s));
    S_more(&s, SIZE_MAX, SIZE_MAX);
    assert_true(vg_search_done(&s));
    assert_int_equal(s.nmatches, 2000 / 7 + (2000 % 7 > 3));
    for (size_t i = 0; i < s.nmatches; i++)
        assert_int_equal(s.matches[i], 7 * i + 3);
    /* Done: the text stays made for the next search. */
    S_start(&s, "number 1999", false);
    S_more(&s, SIZE_MAX, SIZE_MAX);
    assert_int_equal(s.nmatches, 1);
    assert_int_equal(s.matches[0], 1999);
    vg_search_release(&s);
    vg_deck_free(d);
}

/* Types query a character at a time, each with work for a few cards only (or none; with
 * shrink, less at each key, the text made first), and checks that the matches found so far
 * are always the first of the whole search's. */
static void S_type_slowly(vg_deck *d, const char *query, size_t work, bool shrink)
{
    vg_search s, whole;
    vg_search_init(&s, d);
    vg_search_init(&whole, d);
    vg_error err;
    if (shrink)
        assert_int_equal(vg_search_build(&s, &err), VG_OK);
    size_t most = 0;
    for (size_t len = 1; len <= strlen(query); len++) {
        assert_int_equal(vg_search_start(&s, query, len, true, &err), VG_OK);
        most = s.nranges > most ? s.nranges : most;
        if (shrink)
            S_more(&s, SIZE_MAX, work * (strlen(query) + 1 - len));
        else
            S_more(&s, 3, work);
        assert_int_equal(vg_search_run(&whole, query, len, false, &err), VG_OK);
        assert_true(s.nmatches <= whole.nmatches);
        for (size_t i = 0; i < s.nmatches; i++)
            assert_int_equal(s.matches[i], whole.matches[i]);
    }
    if (shrink) /* each key left more ranges of candidates than the last */
        assert_int_equal(most, VG_SEARCH_MAX_RANGES);
    S_more(&s, SIZE_MAX, SIZE_MAX);
    assert_true(vg_search_done(&s));
    assert_int_equal(s.nmatches, whole.nmatches);
    for (size_t i = 0; i < s.nmatches; i++) {
        assert_int_equal(s.matches[i], whole.matches[i]);
        size_t at, at2;
        bool back, back2;
        assert_true(vg_search_locate(&s, s.matches[i], &at, &back));
        assert_true(vg_search_locate(&whole, s.matches[i], &at2, &back2));
        assert_int_equal(at, at2);
        assert_int_equal(back, back2);
    }
    vg_search_release(&s);
    vg_search_release(&whole);
}

static void test_refine_while_unfinished(void **state)
{
    (void)state;
    vg_deck *d = S_big(3000, "");
    /* Slices of a card or two, of a few dozen, and none at all (each key only sets up). */
    S_type_slowly(d, "needle number 1", 1, false);
    S_type_slowly(d, "needle number 1", 2000, false);
    S_type_slowly(d, "hay number 29", 0, false);
    vg_deck_free(d);
    /* More characters typed unfinished than there are ranges kept: they are moved together. */
    char tail[3 * VG_SEARCH_MAX_RANGES + 1];
    for (size_t i = 0; i < sizeof tail - 1; i++)
        tail[i] = (char)('a' + i % 23);
    tail[sizeof tail - 1] = '\0';
    d = S_big(1000, tail);
    S_type_slowly(d, tail, 32 + 220, true); /* a card's cost: about one card less a key */
    vg_deck_free(d);
}

static void test_refine_only_what_it_narrows(void **state)
{
    (void)state;
    vg_deck *d = S_deck(S_src);
    vg_search s;
    vg_search_init(&s, d);
    S_run(&s, "alpha", false); /* cards 0 and 1 */
    /* Asked to refine with a query that does not hold the last one: a whole search. */
    S_run(&s, "delta", true);
    assert_int_equal(s.nmatches, 1);
    assert_int_equal(s.matches[0], 3);
    /* An empty query is done at once, with nothing. */
    S_start(&s, "", true);
    assert_true(vg_search_done(&s));
    assert_int_equal(s.nmatches, 0);
    vg_search_release(&s);
    vg_deck_free(d);
}

int main(void)
{
    /* Letters beyond ASCII fold as the LC_CTYPE locale says (vgrev runs in a UTF-8 one). */
    if (!setlocale(LC_CTYPE, "C.UTF-8"))
        setlocale(LC_CTYPE, "en_US.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_in_deck_order),
        cmocka_unit_test(test_folding_keeps_offsets),
        cmocka_unit_test(test_refine_and_clear),
        cmocka_unit_test(test_next_and_previous),
        cmocka_unit_test(test_reset_after_reload),
        cmocka_unit_test(test_made_text_is_the_reference),
        cmocka_unit_test(test_lazy_stops_and_goes_on),
        cmocka_unit_test(test_refine_while_unfinished),
        cmocka_unit_test(test_refine_only_what_it_narrows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
