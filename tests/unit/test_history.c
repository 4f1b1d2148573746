/* The history parser: what it accepts, and the exact file:line:col message for each kind of
 * bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vgrev/buf.h"
#include "vgrev/history.h"

static vg_history *S_ok(const char *text)
{
    vg_history *h = NULL;
    vg_error err;
    vg_error_clear(&err);
    if (vg_history_parse(text, strlen(text), "h.yaml", &h, &err) != VG_OK) {
        char msg[1024];
        vg_error_format(&err, msg, sizeof msg);
        fail_msg("unexpected error: %s", msg);
    }
    return h;
}

static void test_yaml_block(void **state)
{
    (void)state;
    vg_history *h = S_ok("# my reviews\n"
                         "cards:\n"
                         "  - id: \"Definition › What is it?\"\n"
                         "    reviews:\n"
                         "      - t: 2026-01-02T03:04:05Z\n"
                         "        rating: 3\n"
                         "      - {t: '2026-01-02T05:14:05+02:00', rating: 1}\n"
                         "      - {rating: 4, t: 2026-01-03}\n"
                         "  - id: 42\n"
                         "    reviews: []\n"
                         "  - id: empty\n"
                         "    reviews:\n"
                         "  - reviews: [{t: 2026-01-01, rating: 2}]\n"
                         "    id: last\n");
    assert_int_equal(h->n_cards, 4);
    assert_int_equal(h->n_reviews, 4);
    const vg_history_card *c = &h->cards[0];
    assert_string_equal(c->id, "Definition › What is it?");
    assert_int_equal(c->id_len, strlen("Definition › What is it?"));
    assert_int_equal(c->line, 3);
    assert_int_equal(c->n_reviews, 3);
    assert_int_equal(c->reviews[0].t, 1767323045);
    assert_int_equal(c->reviews[0].rating, VG_GOOD);
    assert_int_equal(c->reviews[0].line, 5);
    assert_int_equal(c->reviews[1].t, 1767323645);
    assert_int_equal(c->reviews[1].rating, VG_AGAIN);
    assert_int_equal(c->reviews[2].t, 1767398400);
    assert_int_equal(c->reviews[2].rating, VG_EASY);
    assert_string_equal(h->cards[1].id, "42");
    assert_int_equal(h->cards[1].n_reviews, 0);
    assert_int_equal(h->cards[2].n_reviews, 0);
    assert_string_equal(h->cards[3].id, "last");
    assert_int_equal(h->cards[3].n_reviews, 1);
    assert_int_equal(h->cards[3].reviews[0].rating, VG_HARD);
    vg_history_free(h);
}

/* A progress file holds more than the logs; what is not a log is skipped, whatever its shape. */
static void test_other_keys(void **state)
{
    (void)state;
    vg_history *h = S_ok("version: 1\n"
                         "settings: {scheduler: fsrs, steps: [1m, 10m]}\n"
                         "cards:\n"
                         "  - id: a\n"
                         "    deck: vanishing-gradient\n"
                         "    front: \"What is it?\"\n"
                         "    state: {due: 2026-01-03, s: 2.3, deep: [1, [2, {x: [y]}]]}\n"
                         "    reviews:\n"
                         "      - {t: 2026-01-02T00:00:00Z, rating: 3}\n"
                         "  - id: b\n"
                         "    front: new card, never reviewed\n"
                         "trailer: ~\n");
    assert_int_equal(h->n_cards, 2);
    assert_int_equal(h->cards[0].n_reviews, 1);
    assert_int_equal(h->cards[0].reviews[0].rating, VG_GOOD);
    assert_string_equal(h->cards[1].id, "b");
    assert_int_equal(h->cards[1].n_reviews, 0);
    vg_history_free(h);
}

static void test_json(void **state)
{
    (void)state;
    vg_history *h = S_ok("{\"cards\": [{\"id\": \"a\\u0000b\\n\", \"reviews\": ["
                         "{\"t\": \"2026-01-02T03:04:05.123Z\", \"rating\": 2},"
                         "{\"t\": \"2026-01-02T03:04:05Z\", \"rating\": 4}]}]}");
    assert_int_equal(h->n_cards, 1);
    assert_int_equal(h->cards[0].id_len, 4);
    assert_memory_equal(h->cards[0].id, "a\0b\n", 4);
    assert_int_equal(h->cards[0].n_reviews, 2); /* equal times are in order */
    vg_history_free(h);
    h = S_ok("{\"cards\": []}");
    assert_int_equal(h->n_cards, 0);
    vg_history_free(h);
    h = S_ok("cards: ~\n");
    assert_int_equal(h->n_cards, 0);
    vg_history_free(h);
}

static void test_errors(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        /* malformed YAML (libyaml's own words, placed at its mark) */
        {"cards: [\n  {id: a, reviews: []\n",
         "h.yaml:3:1: invalid YAML: did not find expected ',' or '}' (while parsing a flow "
         "mapping at 2:3)"},
        {"cards:\n  - id: a\n   bad: 1\n", "h.yaml:3:4: invalid YAML: did not find expected '-' "
                                           "indicator (while parsing a block collection at 2:3)"},
        {"cards: [}]\n", "h.yaml:1:9: invalid YAML: did not find expected node content "
                         "(while parsing a flow node at 1:9)"},
        {"\"cards: []\n", "h.yaml:2:1: invalid YAML: found unexpected end of stream (while "
                          "scanning a quoted scalar at 1:1)"},
        {"cards:\t[]\n\t- x", "h.yaml:2:1: invalid YAML: found character that cannot start any "
                              "token (while scanning for the next token at 2:1)"},
        /* bytes that are not UTF-8; columns count bytes */
        {"cards:\n  - id: \xc3\xa9\xff\n",
         "h.yaml:2:11: invalid input: invalid leading UTF-8 octet"},
        {"\xff\xfe"
         "c\0a\0",
         "h.yaml:1:1: invalid input: invalid leading UTF-8 octet"},
        /* shapes */
        {"", "h.yaml:1:1: empty history: expected a mapping with 'cards'"},
        {"# nothing\n", "h.yaml:2:1: empty history: expected a mapping with 'cards'"},
        {"- a\n", "h.yaml:1:1: expected a mapping with 'cards' at the top, found a sequence"},
        {"hello\n", "h.yaml:1:1: expected a mapping with 'cards' at the top, found a scalar"},
        {"{}\n", "h.yaml:1:1: the history has no 'cards'"},
        {"cards: []\n---\ncards: []\n", "h.yaml:2:1: expected one document, found a second one"},
        {"cardz: []\n", "h.yaml:1:1: the history has no 'cards'"},
        {"cards: []\ncards: []\n", "h.yaml:2:1: duplicate key 'cards' in the top mapping"},
        {"cards: 3\n", "h.yaml:1:8: 'cards' must be a sequence of cards, found a scalar"},
        {"cards: {a: 1}\n", "h.yaml:1:8: 'cards' must be a sequence of cards, found a mapping"},
        {"cards: [[1]]\n",
         "h.yaml:1:9: a card must be a mapping with 'id' and 'reviews', found a sequence"},
        {"cards: [x]\n",
         "h.yaml:1:9: a card must be a mapping with 'id' and 'reviews', found a scalar"},
        {"cards:\n  - reviews: []\n", "h.yaml:2:5: card has no 'id'"},
        {"cards:\n  - id: [a]\n", "h.yaml:2:9: 'id' must be a string, found a sequence"},
        {"cards:\n  - id:\n", "h.yaml:2:8: 'id' must be a string, found null"},
        {"cards:\n  - id: ''\n", "h.yaml:2:9: empty card id"},
        {"cards:\n  - {id: a, id: b}\n", "h.yaml:2:13: duplicate key 'id' in a card"},
        {"cards:\n  - {note: x, reviews: []}\n", "h.yaml:2:5: card has no 'id'"},
        {"cards:\n  - {[k]: a}\n", "h.yaml:2:6: expected a key in a card, found a sequence"},
        {"cards:\n  - {id: a, reviews: {t: 1}}\n",
         "h.yaml:2:22: 'reviews' must be a sequence, found a mapping"},
        {"cards:\n  - {id: a, reviews: [3]}\n",
         "h.yaml:2:23: a review must be a mapping with 't' and 'rating', found a scalar"},
        {"cards:\n  - {id: a, reviews: [{rating: 3}]}\n",
         "h.yaml:2:23: review has no 't' (its time)"},
        {"cards:\n  - {id: a, reviews: [{t: 2026-01-02}]}\n",
         "h.yaml:2:23: review has no 'rating'"},
        {"cards:\n  - {id: a, reviews: [{t: 2026-01-02, rating: 3, when: x}]}\n",
         "h.yaml:2:50: unknown key 'when' in a review (expected 't' and 'rating')"},
        {"cards:\n  - {id: a, reviews: [{t: [1], rating: 3}]}\n",
         "h.yaml:2:27: 't' must be a time like 2026-01-02T03:04:05Z, found a sequence"},
        {"cards:\n  - {id: a, reviews: [{t: ~, rating: 3}]}\n",
         "h.yaml:2:27: 't' must be a time like 2026-01-02T03:04:05Z, found null"},
        /* bad ratings */
        {"cards:\n  - {id: a, reviews: [{t: 2026-01-02, rating: 5}]}\n",
         "h.yaml:2:47: rating must be 1 (again), 2 (hard), 3 (good) or 4 (easy), not '5'"},
        {"cards:\n  - {id: a, reviews: [{t: 2026-01-02, rating: 0}]}\n",
         "h.yaml:2:47: rating must be 1 (again), 2 (hard), 3 (good) or 4 (easy), not '0'"},
        {"cards:\n  - {id: a, reviews: [{t: 2026-01-02, rating: good}]}\n",
         "h.yaml:2:47: rating must be 1 (again), 2 (hard), 3 (good) or 4 (easy), not 'good'"},
        {"cards:\n  - {id: a, reviews: [{t: 2026-01-02, rating: 3.0}]}\n",
         "h.yaml:2:47: rating must be 1 (again), 2 (hard), 3 (good) or 4 (easy), not '3.0'"},
        {"cards:\n  - {id: a, reviews: [{t: 2026-01-02, rating: {}}]}\n",
         "h.yaml:2:47: 'rating' must be 1 (again), 2 (hard), 3 (good) or 4 (easy), found a "
         "mapping"},
        {"cards:\n  - {id: a, reviews: [{t: 2026-01-02, rating: \"\\t\\u0007\"}]}\n",
         "h.yaml:2:47: rating must be 1 (again), 2 (hard), 3 (good) or 4 (easy), not '?\?'"},
        /* bad times, pointed at the offending part */
        {"cards:\n  - {id: a, reviews: [{t: 2026-02-30, rating: 3}]}\n",
         "h.yaml:2:35: bad time '2026-02-30': day out of range for the month"},
        {"cards:\n  - {id: a, reviews: [{t: \"2026-01-02T10:00:00\", rating: 3}]}\n",
         "h.yaml:2:47: bad time '2026-01-02T10:00:00': missing time zone: add 'Z' for UTC or an "
         "offset like +02:00"},
        {"cards:\n  - {id: a, reviews: [{t: 'tomorrow', rating: 3}]}\n",
         "h.yaml:2:28: bad time 'tomorrow': expected a date like 2026-01-02 (YYYY-MM-DD)"},
        {"cards:\n  - {id: a, reviews: [{t: 1767323045, rating: 3}]}\n",
         "h.yaml:2:31: bad time '1767323045': expected a date like 2026-01-02 (YYYY-MM-DD)"},
        /* a quoted time with an escape: the source differs from the value, so the scalar */
        {"cards:\n  - {id: a, reviews: [{t: \"2026-01-0\\x32T25:00Z\", rating: 3}]}\n",
         "h.yaml:2:27: bad time '2026-01-02T25:00Z': hour out of range (00-23)"},
        /* time going backwards within a card (not across cards) */
        {"cards:\n"
         "  - id: a\n"
         "    reviews:\n"
         "      - {t: 2026-01-02T10:00:00Z, rating: 3}\n"
         "      - {t: 2026-01-02T10:00:00Z, rating: 3}\n"
         "      - {t: 2026-01-02T11:00:00+02:00, rating: 3}\n",
         "h.yaml:6:13: time goes backwards: 2026-01-02T09:00:00Z is before the card's previous "
         "review at 2026-01-02T10:00:00Z"},
        {"cards:\n"
         "  - {id: b, reviews: [{t: 2026-01-02, rating: 3}]}\n"
         "  - {id: c, reviews: [{t: 2025-01-02, rating: 3}]}\n"
         "  - {id: b, reviews: []}\n",
         "h.yaml:4:10: duplicate card id 'b' (first on line 2)"},
        /* aliases are refused; columns after multi-byte characters count bytes */
        {"cards:\n  - &x {id: a}\n  - *x\n",
         "h.yaml:3:5: aliases (*name) are not supported in a history"},
        {"cards:\n  - {id: ééé, reviews: [{t: 2026-01-02, rating: 3, x: 1}]}\n",
         "h.yaml:2:55: unknown key 'x' in a review (expected 't' and 'rating')"},
        {"\xef\xbb\xbf"
         "cards:\n  - {id: é, reviews: [{x: 1}]}\n",
         "h.yaml:2:25: unknown key 'x' in a review (expected 't' and 'rating')"},
        {"\xef\xbb\xbf"
         "cards: 1\n",
         "h.yaml:1:11: 'cards' must be a sequence of cards, found a scalar"},
        /* long values are cut in messages */
        {"cards:\n  - {id: a, reviews: [{xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: "
         "1}]}\n",
         "h.yaml:2:24: unknown key 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' in a review "
         "(expected 't' and 'rating')"},
        /* an alias inside an ignored value is still refused */
        {"cards: []\nversion: &v [1, *v]\n",
         "h.yaml:2:17: aliases (*name) are not supported in a history"},
        /* deep nesting stops at the first node out of place */
        {"cards: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
         "h.yaml:1:9: a card must be a mapping with 'id' and 'reviews', found a sequence"},
    };
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *in = cases[i].in;
        size_t len = strlen(in);
        if (in[0] == '\xff')
            len = 6; /* UTF-16 with its byte-order mark */
        vg_history *h = (vg_history *)1;
        vg_error err;
        vg_error_clear(&err);
        vg_status st = vg_history_parse(in, len, "h.yaml", &h, &err);
        char msg[1024];
        vg_error_format(&err, msg, sizeof msg);
        if (st != VG_PARSE || strcmp(msg, cases[i].want) != 0) {
            print_error("case %zu: got status %d\n  %s\nwant\n  %s\n", i, (int)st, msg,
                        cases[i].want);
            failures++;
        }
        assert_null(h);
    }
    assert_int_equal(failures, 0);
}

/* The parse reads only data[0..len): a truncated buffer is an error, never an overread. */
static void test_truncated(void **state)
{
    (void)state;
    const char *text = "cards:\n  - {id: a, reviews: [{t: 2026-01-02T03:04:05Z, rating: 3}]}\n";
    size_t n = strlen(text);
    for (size_t len = 0; len < n; len++) {
        char *copy = malloc(len ? len : 1); /* exact size: ASan catches any overread */
        memcpy(copy, text, len);
        vg_history *h = NULL;
        vg_error err;
        vg_status st = vg_history_parse(copy, len, "t.yaml", &h, &err);
        if (st == VG_OK)
            vg_history_free(h);
        else
            assert_true(err.line >= 1 && err.col >= 1);
        free(copy);
    }
}

/* Many cards and reviews: the arrays grow, ids stay unique, slices point right. */
static void test_many(void **state)
{
    (void)state;
    vg_buf b = VG_BUF_INIT;
    vg_buf_adds(&b, "cards:\n");
    for (int i = 0; i < 3000; i++) {
        vg_buf_printf(&b, "  - id: card-%d\n    reviews:\n", i);
        for (int k = 0; k < i % 5; k++)
            vg_buf_printf(&b, "      - {t: 2026-01-%02dT00:00:00Z, rating: %d}\n", k + 1,
                          (i + k) % 4 + 1);
    }
    vg_history *h = S_ok(vg_buf_str(&b));
    assert_int_equal(h->n_cards, 3000);
    size_t total = 0;
    for (int i = 0; i < 3000; i++) {
        char id[32];
        snprintf(id, sizeof id, "card-%d", i);
        assert_string_equal(h->cards[i].id, id);
        assert_int_equal(h->cards[i].n_reviews, i % 5);
        for (int k = 0; k < i % 5; k++)
            assert_int_equal(h->cards[i].reviews[k].rating, (i + k) % 4 + 1);
        total += h->cards[i].n_reviews;
    }
    assert_int_equal(h->n_reviews, total);
    vg_history_free(h);
    vg_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_yaml_block), cmocka_unit_test(test_other_keys),
        cmocka_unit_test(test_json),       cmocka_unit_test(test_errors),
        cmocka_unit_test(test_truncated),  cmocka_unit_test(test_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
