/* Searching a deck's fronts and backs (include/vgrev/search.h): case folding that keeps byte
 * offsets, matches in deck order, refining as a query grows, where a match is (front or back),
 * the next and previous match with wrapping, and a reset after the deck changed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <locale.h>

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

int main(void)
{
    /* Letters beyond ASCII fold as the LC_CTYPE locale says (vgrev runs in a UTF-8 one). */
    if (!setlocale(LC_CTYPE, "C.UTF-8"))
        setlocale(LC_CTYPE, "en_US.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_in_deck_order), cmocka_unit_test(test_folding_keeps_offsets),
        cmocka_unit_test(test_refine_and_clear),      cmocka_unit_test(test_next_and_previous),
        cmocka_unit_test(test_reset_after_reload),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
