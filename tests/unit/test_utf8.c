#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vgrev/utf8.h"

#define LIT(s) (s), (sizeof(s) - 1)

static void test_check(void **state)
{
    (void)state;
    assert_int_equal(vg_utf8_check(LIT("")), 0);
    assert_int_equal(vg_utf8_check(LIT("plain ascii")), 11);
    assert_int_equal(vg_utf8_check(LIT("∂L/∂W 日本 😀")), strlen("∂L/∂W 日本 😀"));
    /* The offset of the first bad byte. */
    assert_int_equal(vg_utf8_check(LIT("ab\0c")), 2);            /* NUL */
    assert_int_equal(vg_utf8_check(LIT("a\xC0\x80")), 1);        /* overlong NUL */
    assert_int_equal(vg_utf8_check(LIT("a\xE0\x80\xAF")), 1);    /* overlong '/' */
    assert_int_equal(vg_utf8_check(LIT("ab\xED\xA0\x80")), 2);   /* surrogate D800 */
    assert_int_equal(vg_utf8_check(LIT("\xF4\x90\x80\x80")), 0); /* above U+10FFFF */
    assert_int_equal(vg_utf8_check(LIT("xyz\xE2\x82")), 3);      /* truncated */
    assert_int_equal(vg_utf8_check(LIT("\x80")), 0);             /* lone continuation */
    assert_int_equal(vg_utf8_check(LIT("ok\xFF")), 2);
    assert_int_equal(vg_utf8_check(LIT("\xF4\x8F\xBF\xBF")), 4); /* U+10FFFF is fine */
}

static void test_decode(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(vg_utf8_decode(LIT("A"), &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(vg_utf8_decode(LIT("é"), &cp), 2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(vg_utf8_decode(LIT("€x"), &cp), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(vg_utf8_decode(LIT("😀"), &cp), 4);
    assert_int_equal(cp, 0x1F600);
    /* Invalid input: U+FFFD and one byte, so a loop always advances. */
    assert_int_equal(vg_utf8_decode(LIT("\xC3"), &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(vg_utf8_decode(LIT("\xED\xA0\x80"), &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(vg_utf8_decode(LIT("\xC0\xAF"), &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    /* The length limit is respected: a valid sequence cut short is invalid. */
    assert_int_equal(vg_utf8_decode("\xE2\x82\xAC", 2, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
}

static void test_encode(void **state)
{
    (void)state;
    char out[4];
    assert_int_equal(vg_utf8_encode('A', out), 1);
    assert_memory_equal(out, "A", 1);
    assert_int_equal(vg_utf8_encode(0xE9, out), 2);
    assert_memory_equal(out, "é", 2);
    assert_int_equal(vg_utf8_encode(0x20AC, out), 3);
    assert_memory_equal(out, "€", 3);
    assert_int_equal(vg_utf8_encode(0x1F600, out), 4);
    assert_memory_equal(out, "😀", 4);
    assert_int_equal(vg_utf8_encode(0xD800, out), 3);
    assert_memory_equal(out, "\xEF\xBF\xBD", 3);
    assert_int_equal(vg_utf8_encode(0x110000, out), 3);
    assert_memory_equal(out, "\xEF\xBF\xBD", 3);
}

/* Every scalar value survives encode -> check -> decode. */
static void test_round_trip(void **state)
{
    (void)state;
    for (uint32_t cp = 1; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char buf[4];
        size_t n = vg_utf8_encode(cp, buf);
        uint32_t back;
        if (vg_utf8_check(buf, n) != n || vg_utf8_decode(buf, n, &back) != n || back != cp)
            fail_msg("U+%04X does not round-trip", (unsigned)cp);
    }
}

static void test_char_width(void **state)
{
    (void)state;
    static const struct {
        uint32_t cp;
        int width;
    } cases[] = {
        {'a', 1},    {' ', 1},     {'~', 1},     {0x00E9, 1},   /* é */
        {0x03B1, 1}, {0x2202, 1},  {0x2211, 1},  {0x00AD, 1},   /* α ∂ ∑ soft hyphen */
        {0x0301, 0}, {0x0302, 0},  {0x20D7, 0},  {0x200B, 0},   /* combining, ZWSP */
        {0x200D, 0}, {0xFE0F, 0},  {0x1160, 0},  {0x302A, 0},   /* ZWJ, VS16, jamo */
        {0x4E00, 2}, {0x65E5, 2},  {0x3042, 2},  {0xAC00, 2},   /* CJK, kana, hangul */
        {0xFF21, 2}, {0x3000, 2},  {0x1F600, 2}, {0x1F44D, 2},  /* fullwidth, emoji */
        {0x3400, 2}, {0x2A6DF, 2}, {0x2FFFD, 2}, {0x3134A, 2},  /* ideographs */
        {0x9FFF, 2}, {0xFF61, 1},  {0xE000, 1},  {0x10FFFF, 1}, /* halfwidth, private */
        {0, -1},     {0x07, -1},   {0x1B, -1},   {0x7F, -1},    /* controls */
        {0x80, -1},  {0x9B, -1},   {0x9F, -1},   {0x2028, -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (vg_char_width(cases[i].cp) != cases[i].width)
            fail_msg("width of U+%04X: %d, expected %d", (unsigned)cases[i].cp,
                     vg_char_width(cases[i].cp), cases[i].width);
}

static void test_text_width(void **state)
{
    (void)state;
    assert_int_equal(vg_text_width(LIT("")), 0);
    assert_int_equal(vg_text_width(LIT("abc")), 3);
    assert_int_equal(vg_text_width(LIT("日本語")), 6);
    assert_int_equal(vg_text_width(LIT("e\xCC\x81t\xC3\xA9")), 3); /* e + U+0301, t, é */
    assert_int_equal(vg_text_width(LIT("∂L/∂W_hh")), 8);
    assert_int_equal(vg_text_width(LIT("a\x1b[b")), 3); /* ESC counts 0 */
    assert_int_equal(vg_text_width(LIT("a\xFF")), 2);   /* U+FFFD is 1 */
    /* Per character, as curses counts (wcwidth): emoji 2 + skin-tone modifier 2. */
    assert_int_equal(vg_text_width(LIT("👍🏽")), 4);
    assert_int_equal(vg_text_width(LIT("x\xE2\x80\x8B"
                                       "y")),
                     2); /* ZWSP */
}

static size_t S_cps(const char *s, uint32_t *out)
{
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len;)
        i += vg_utf8_decode(s + i, len - i, &out[n++]);
    return n;
}

static unsigned S_dist(const char *a, const char *b, unsigned limit)
{
    uint32_t ca[64], cb[64];
    size_t na = S_cps(a, ca), nb = S_cps(b, cb);
    return vg_edit_distance(ca, na, cb, nb, limit);
}

static void test_edit_distance(void **state)
{
    (void)state;
    assert_int_equal(S_dist("", "", 5), 0);
    assert_int_equal(S_dist("kitten", "sitting", 5), 3);
    assert_int_equal(S_dist("flaw", "lawn", 5), 2);
    assert_int_equal(S_dist("abc", "", 5), 3);
    /* Characters, not bytes: one substitution of a Greek letter. */
    assert_int_equal(S_dist("\xCE\xB1-step", "\xCE\xB2-step", 5), 1);
    /* Beyond the limit: limit + 1, also when the lengths alone tell. */
    assert_int_equal(S_dist("kitten", "sitting", 2), 3);
    assert_int_equal(S_dist("a", "abcdef", 2), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check),         cmocka_unit_test(test_decode),
        cmocka_unit_test(test_encode),        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_char_width),    cmocka_unit_test(test_text_width),
        cmocka_unit_test(test_edit_distance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
