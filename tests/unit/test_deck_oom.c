/* The deck parser out of memory: every allocation of a parse fails in turn (the core's malloc,
 * calloc and realloc are wrapped at link time, tests/CMakeLists.txt; cmark's go through
 * deck/cmark_mem.c, so they fail too). Each parse must return VG_NOMEM naming the file, or the
 * same deck as a clean parse; never crash, and leak nothing (LeakSanitizer in the sanitizer
 * build). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "vgrev/deck.h"

static long S_fail_at; /* the allocation that fails, from 1; 0: none */
static long S_count;   /* allocations since the parse began */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);

static int S_fails(void)
{
    return S_fail_at && ++S_count == S_fail_at;
}

void *__wrap_malloc(size_t n)
{
    return S_fails() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return S_fails() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    return S_fails() ? NULL : __real_realloc(p, n);
}

/* Front matter, sections, bold fronts (one with its colon inside), nested lists, code, math
 * inline and displayed, a pipe table under a card and one on its own. */
static const char S_deck[] =
    "---\ntitle: Out of memory\ntags: [a, b]\n---\n\n"
    "Intro with $x_1$.\n\n"
    "## 1. Basics\n\n"
    "- **Term:** colon inside, `code $x$` and \\$5\n"
    "- **Nested**: back\n  - sub $W_{hh}$\n    - deeper **bold**\n  1. ordered\n\n"
    "  ```\n  echo $HOME\n  ```\n"
    "- **Disp**: $$\\frac{a}{b}$$ and\n  $$\n  x + y\n  $$\n"
    "- **Sorting**: by time.\n\n"
    "  | Algorithm | Best | Stable |\n  |:--|:-:|--:|\n  | Quick | $O(n)$ | no |\n"
    "  | Merge | $O(n \\log n)$ | **yes** |\n\n"
    "## 2. More\n\n"
    "| A | B |\n| --- | --- |\n| *x* | $y$ |\n\n"
    "- **Last**: one [link](http://example.org) and <b>html</b>\n";

/* A link reference definition: the deck is parsed in one piece. */
static const char S_refdef[] = "# R\n\n## S\n\n- **Ref**: see [the spec][s]\n- **Two**: 2\n\n"
                               "[s]: http://example.org/spec\n";

static void S_same(const vg_deck *a, const vg_deck *b)
{
    assert_int_equal(a->ncards, b->ncards);
    for (size_t i = 0; i < a->ncards; i++) {
        assert_string_equal(a->cards[i].id, b->cards[i].id);
        assert_string_equal(a->cards[i].front_src, b->cards[i].front_src);
    }
}

static void S_each_failure(const char *src)
{
    vg_deck *clean = NULL;
    vg_error err;
    assert_int_equal(vg_deck_parse(src, strlen(src), "oom.md", &clean, &err), VG_OK);
    assert_true(clean->ncards >= 2);
    long n = 1;
    for (;; n++) {
        vg_deck *d = NULL;
        vg_error_clear(&err);
        S_count = 0;
        S_fail_at = n;
        vg_status st = vg_deck_parse(src, strlen(src), "oom.md", &d, &err);
        S_fail_at = 0;
        if (S_count < n) { /* no allocation failed: a clean parse again */
            assert_int_equal(st, VG_OK);
            S_same(clean, d);
            vg_deck_free(d);
            break;
        }
        if (st == VG_OK) { /* absorbed (an optional table, made later): the same deck */
            S_same(clean, d);
            vg_deck_free(d);
            continue;
        }
        assert_int_equal(st, VG_NOMEM);
        assert_null(d);
        assert_string_equal(err.file, "oom.md");
    }
    vg_deck_free(clean);
    print_message("%ld allocations\n", n - 1);
    assert_true(n > 50); /* cmark's allocations counted too */
}

static void test_deck_oom(void **state)
{
    (void)state;
    S_each_failure(S_deck);
}

static void test_refdef_oom(void **state)
{
    (void)state;
    S_each_failure(S_refdef);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deck_oom),
        cmocka_unit_test(test_refdef_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
