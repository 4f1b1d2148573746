#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "vgrev/error.h"

static void test_format_full(void **state)
{
    (void)state;
    vg_error err;
    vg_error_clear(&err);
    assert_int_equal(vg_error_set(&err, VG_PARSE, "deck.md", 3, 7, "unclosed '%s'", "$"), VG_PARSE);
    char buf[128];
    vg_error_format(&err, buf, sizeof buf);
    assert_string_equal(buf, "deck.md:3:7: unclosed '$'");
}

static void test_format_partial(void **state)
{
    (void)state;
    vg_error err;
    vg_error_clear(&err);
    char buf[128];
    vg_error_set(&err, VG_IO, "x.md", 0, 0, "No such file or directory");
    vg_error_format(&err, buf, sizeof buf);
    assert_string_equal(buf, "x.md: No such file or directory");
    vg_error_set(&err, VG_NOMEM, NULL, 0, 0, NULL);
    vg_error_format(&err, buf, sizeof buf);
    assert_string_equal(buf, "out of memory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_full),
        cmocka_unit_test(test_format_partial),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
