/* The key tables of src/ui/keys.c: a keymap's own keys, the generic keys it takes (and only
 * those: in the search prompt '?' and 'j' are text), help lines joined per action and pair,
 * screen words for a shared action, hidden bindings, and hint lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ui/keys.h"

static void test_dispatch_with_fallback(void **state)
{
    (void)state;
    const ui_keymap *front = ui_keymap_get(UI_KM_STUDY_FRONT);
    assert_int_equal(ui_keymap_action(front, ' '), UI_A_REVEAL);
    assert_int_equal(ui_keymap_action(front, 'j'), UI_A_MOVE_DOWN); /* generic */
    assert_int_equal(ui_keymap_action(front, UI_KEY_HOME), UI_A_MOVE_FIRST);
    assert_int_equal(ui_keymap_action(front, 'g'), UI_A_NONE); /* not taken by the study */
    assert_int_equal(ui_keymap_action(front, UI_KEY_INTR), UI_A_STOP);
    assert_int_equal(ui_keymap_action(front, '?'), UI_A_HELP);

    const ui_keymap *search = ui_keymap_get(UI_KM_SEARCH);
    assert_int_equal(ui_keymap_action(search, '?'), UI_A_NONE);
    assert_int_equal(ui_keymap_action(search, 'j'), UI_A_NONE);
    assert_int_equal(ui_keymap_action(search, UI_KEY_DOWN), UI_A_MOVE_DOWN);
    assert_int_equal(ui_keymap_action(search, UI_KEY_INTR), UI_A_QUIT);

    const ui_keymap *stats = ui_keymap_get(UI_KM_STATS);
    assert_int_equal(ui_keymap_action(stats, UI_KEY_LEFT), UI_A_SCROLL_LEFT);
    assert_int_equal(ui_keymap_action(stats, 'G'), UI_A_MOVE_LAST);
    assert_null(ui_keymap_get(UI_KM_COUNT));
}

static void test_help_lines(void **state)
{
    (void)state;
    ui_help_line l[64];
    size_t n = ui_keymap_help(ui_keymap_get(UI_KM_SECTIONS), l, 64);
    assert_int_equal(n, 11);
    assert_string_equal(l[0].label, "Enter/Right");
    assert_string_equal(l[0].help, "open the section: its cards");
    assert_string_equal(l[1].label, "j/Down/k/Up"); /* a pair: one line */
    assert_string_equal(l[1].help, "move down or up");
    assert_string_equal(l[7].label, "e");
    assert_string_equal(l[7].help, "edit the section in $EDITOR"); /* the screen's words */
    assert_string_equal(l[8].label, "t");                          /* S is hidden here */
    assert_string_equal(l[10].label, "q/Esc/Ctrl-C");

    n = ui_keymap_help(ui_keymap_get(UI_KM_CARD), l, 64);
    assert_string_equal(l[0].help, "scroll a line"); /* a pager's words for moving */
    assert_string_equal(l[n - 1].label, "Ctrl-C");
    assert_string_equal(l[n - 1].help, "quit");

    /* At most max lines. */
    assert_int_equal(ui_keymap_help(ui_keymap_get(UI_KM_SECTIONS), l, 3), 3);
}

static void test_hints(void **state)
{
    (void)state;
    const char *pairs[32];
    char keys[16][8];
    size_t n = ui_keymap_hints(ui_keymap_get(UI_KM_STUDY_FRONT), UI_A_NONE, pairs, keys, 16);
    assert_int_equal(n, 10);
    assert_string_equal(pairs[0], "Space");
    assert_string_equal(pairs[1], "show answer");
    assert_string_equal(pairs[4], "q");
    assert_string_equal(pairs[5], "quit");
    n = ui_keymap_hints(ui_keymap_get(UI_KM_STATS), UI_A_SCROLL_RIGHT, pairs, keys, 16);
    assert_int_equal(n, 8);
    assert_string_equal(pairs[0], "j/k");
    assert_string_equal(pairs[2], "q");
    assert_string_equal(pairs[6], "r");
    assert_string_equal(pairs[7], "retention");
    assert_int_equal(ui_keymap_hints(ui_keymap_get(UI_KM_STUDY_BACK), UI_A_NONE, pairs, keys, 16),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dispatch_with_fallback),
        cmocka_unit_test(test_help_lines),
        cmocka_unit_test(test_hints),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
