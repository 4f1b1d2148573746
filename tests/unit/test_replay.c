/* Replay: the JSON lines of `vgrev replay`, checked against the FSRS reference's output for
 * the same histories (tests/fixtures/fsrs/replay_*.json*, written by gen.mjs from ts-fsrs). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_files.h"
#include "vgrev/replay.h"

static char *S_slurp(const char *name, size_t *len)
{
    const char *dir = getenv("VG_FIXTURES");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests/fixtures", name);
    char *text = vg_test_read(path, len);
    if (!text)
        fail_msg("cannot open %s: %s", path, strerror(errno));
    return text;
}

static vg_sched S_sched(vg_sched_kind kind, bool fuzz)
{
    vg_sched_params p;
    vg_sched_params_default(&p);
    p.kind = kind;
    p.enable_fuzz = fuzz;
    vg_sched s;
    assert_int_equal(vg_sched_init(&s, &p, NULL), VG_OK);
    return s;
}

static vg_history *S_parse(const char *text)
{
    vg_history *h;
    vg_error err;
    if (vg_history_parse(text, strlen(text), "t.yaml", &h, &err) != VG_OK)
        fail_msg("%s", err.msg);
    return h;
}

/* Without fuzz, replay prints exactly what ts-fsrs computes for the same histories. */
static void test_matches_reference(void **state)
{
    (void)state;
    size_t hlen, elen;
    char *history = S_slurp("fsrs/replay_history.json", &hlen);
    char *expected = S_slurp("fsrs/replay_expected.jsonl", &elen);
    vg_history *h;
    vg_error err;
    vg_error_clear(&err);
    assert_int_equal(vg_history_parse(history, hlen, "replay_history.json", &h, &err), VG_OK);
    assert_true(h->n_cards >= 50);
    vg_sched s = S_sched(VG_SCHED_FSRS, false);
    vg_buf out = VG_BUF_INIT;
    assert_int_equal(vg_replay(&s, h, &out, &err), VG_OK);
    /* compare line by line for a readable failure */
    const char *a = vg_buf_str(&out), *b = expected;
    size_t line = 1;
    while (*a && *b) {
        size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
        if (la != lb || memcmp(a, b, la) != 0)
            fail_msg("line %zu:\n got  %.*s\n want %.*s", line, (int)la, a, (int)lb, b);
        a += la + (a[la] == '\n');
        b += lb + (b[lb] == '\n');
        line++;
    }
    assert_true(*a == '\0' && *b == '\0');
    assert_int_equal(line - 1, h->n_reviews);
    vg_buf_release(&out);
    vg_history_free(h);
    free(history);
    free(expected);
}

static void test_line_format(void **state)
{
    (void)state;
    vg_history *h = S_parse("cards:\n"
                            "  - id: \"q\\\"uote\\\\ \\t\\x01 é\"\n"
                            "    reviews:\n"
                            "      - {t: 2026-01-02T05:04:05.9+02:00, rating: 3}\n");
    vg_sched s = S_sched(VG_SCHED_FSRS, true);
    vg_buf out = VG_BUF_INIT;
    vg_error err;
    assert_int_equal(vg_replay(&s, h, &out, &err), VG_OK);
    assert_string_equal(vg_buf_str(&out),
                        "{\"id\":\"q\\\"uote\\\\ \\t\\u0001 é\",\"t\":\"2026-01-02T03:04:05Z\","
                        "\"rating\":3,\"state\":\"learning\",\"stability\":2.3065,"
                        "\"difficulty\":2.11810397,\"due\":\"2026-01-02T03:14:05Z\","
                        "\"scheduled_days\":0}\n");
    vg_buf_release(&out);
    vg_history_free(h);
}

static void test_sm2_lines(void **state)
{
    (void)state;
    vg_history *h = S_parse("cards:\n"
                            "  - id: x\n"
                            "    reviews:\n"
                            "      - {t: 2026-01-02T00:00:00Z, rating: 3}\n"
                            "      - {t: 2026-01-02T00:10:00Z, rating: 3}\n"
                            "      - {t: 2026-01-03T00:10:00Z, rating: 2}\n");
    vg_sched s = S_sched(VG_SCHED_SM2, false);
    vg_buf out = VG_BUF_INIT;
    vg_error err;
    assert_int_equal(vg_replay(&s, h, &out, &err), VG_OK);
    assert_string_equal(vg_buf_str(&out),
                        "{\"id\":\"x\",\"t\":\"2026-01-02T00:00:00Z\",\"rating\":3,\"state\":"
                        "\"learning\",\"stability\":0,\"difficulty\":2.5,\"due\":"
                        "\"2026-01-02T00:10:00Z\",\"scheduled_days\":0}\n"
                        "{\"id\":\"x\",\"t\":\"2026-01-02T00:10:00Z\",\"rating\":3,\"state\":"
                        "\"review\",\"stability\":1,\"difficulty\":2.5,\"due\":"
                        "\"2026-01-03T00:10:00Z\",\"scheduled_days\":1}\n"
                        "{\"id\":\"x\",\"t\":\"2026-01-03T00:10:00Z\",\"rating\":2,\"state\":"
                        "\"review\",\"stability\":6,\"difficulty\":2.36,\"due\":"
                        "\"2026-01-09T00:10:00Z\",\"scheduled_days\":6}\n");
    vg_buf_release(&out);
    vg_history_free(h);
}

/* With fuzz on, the same history gives the same lines, whatever else was replayed before. */
static void test_fuzz_reproducible(void **state)
{
    (void)state;
    size_t hlen;
    char *history = S_slurp("fsrs/replay_history.json", &hlen);
    vg_history *h;
    vg_error err;
    assert_int_equal(vg_history_parse(history, hlen, "h", &h, &err), VG_OK);
    vg_sched fuzzy = S_sched(VG_SCHED_FSRS, true), plain = S_sched(VG_SCHED_FSRS, false);
    vg_buf a = VG_BUF_INIT, b = VG_BUF_INIT, c = VG_BUF_INIT;
    assert_int_equal(vg_replay(&fuzzy, h, &a, &err), VG_OK);
    for (size_t i = h->n_cards; i-- > 0;) /* backwards this time */
        assert_int_equal(vg_replay_card(&fuzzy, &h->cards[i], &c, &err), VG_OK);
    vg_buf_clear(&c);
    assert_int_equal(vg_replay(&fuzzy, h, &b, &err), VG_OK);
    assert_string_equal(vg_buf_str(&a), vg_buf_str(&b));
    assert_int_equal(vg_replay(&plain, h, &c, &err), VG_OK);
    assert_string_not_equal(vg_buf_str(&a), vg_buf_str(&c));
    vg_buf_release(&a);
    vg_buf_release(&b);
    vg_buf_release(&c);
    vg_history_free(h);
    free(history);
}

static void test_json_string(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t len;
        const char *want;
    } cases[] = {
        {"", 0, "\"\""},
        {"plain", 5, "\"plain\""},
        {"a\"b\\c", 5, "\"a\\\"b\\\\c\""},
        {"\n\r\t\b\f", 5, "\"\\n\\r\\t\\u0008\\u000c\""},
        {"\x1b[31m", 5, "\"\\u001b[31m\""},
        {"nul\0x", 5, "\"nul\\u0000x\""},
        {"del\x7f", 4, "\"del\\u007f\""},
        {"∂L/∂W → ✓ 😀", 22, "\"∂L/∂W → ✓ 😀\""},
        {"bad\xff\xc3(", 6, "\"bad\\ufffd\\ufffd(\""},
        {"cut\xe2\x88", 5, "\"cut\\ufffd\\ufffd\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vg_buf b = VG_BUF_INIT;
        vg_json_add_string(&b, cases[i].in, cases[i].len);
        assert_string_equal(vg_buf_str(&b), cases[i].want);
        vg_buf_release(&b);
    }
}

static void test_json_double(void **state)
{
    (void)state;
    static const struct {
        double v;
        const char *want;
    } cases[] = {
        {0, "0"},         {1, "1"},           {2.3065, "2.3065"}, {0.1, "0.1"},
        {36500, "36500"}, {0.001, "0.001"},   {-2.5, "-2.5"},     {1.0 / 3, "0.3333333333333333"},
        {NAN, "null"},    {INFINITY, "null"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vg_buf b = VG_BUF_INIT;
        vg_json_add_double(&b, cases[i].v);
        assert_string_equal(vg_buf_str(&b), cases[i].want);
        vg_buf_release(&b);
    }
    /* every double reads back as itself */
    uint64_t x = 88172645463325252u;
    for (int i = 0; i < 100000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double v;
        memcpy(&v, &x, sizeof v);
        if (!isfinite(v))
            continue;
        vg_buf b = VG_BUF_INIT;
        vg_json_add_double(&b, v);
        assert_true(strtod(vg_buf_str(&b), NULL) == v);
        vg_buf_release(&b);
    }
}

/* A locale with a decimal comma does not leak into JSON. */
static void test_json_double_locale(void **state)
{
    (void)state;
    const char *names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "ru_RU.UTF-8"};
    const char *found = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !found; i++)
        if (setlocale(LC_NUMERIC, names[i]))
            found = names[i];
    if (!found) {
        print_message("no locale with a decimal comma installed: checked the C locale only\n");
        return;
    }
    vg_buf b = VG_BUF_INIT;
    vg_json_add_double(&b, 2.3065);
    setlocale(LC_NUMERIC, "C");
    assert_string_equal(vg_buf_str(&b), "2.3065");
    vg_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_reference),  cmocka_unit_test(test_line_format),
        cmocka_unit_test(test_sm2_lines),          cmocka_unit_test(test_fuzz_reproducible),
        cmocka_unit_test(test_json_string),        cmocka_unit_test(test_json_double),
        cmocka_unit_test(test_json_double_locale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
