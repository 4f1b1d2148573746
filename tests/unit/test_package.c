/* The Anki package reader's small formats (JSON, protobuf, media names) and the conversion of
 * a package's tables into decks and review logs (vg_import_package), on packages built in
 * memory. Whole packages in every format: tests/e2e/import_package.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "package/package_int.h"
#include "vgrev/import.h"

static void test_media_names(void **state)
{
    (void)state;
    static const char *const good[] = {"a.png", "paste-1a2b.jpg", "日本.mp3", "a b.wav"};
    static const char *const bad[] = {"",     ".",       "..",  "../x", "a/b",
                                      "a\\b", ".hidden", "c:x", "a\tb", "\xff.png"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        assert_true(vg_package_media_name_ok(good[i], strlen(good[i])));
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(vg_package_media_name_ok(bad[i], strlen(bad[i])));
    assert_false(vg_package_media_name_ok("a\0b", 3));
}

static void test_json(void **state)
{
    (void)state;
    vg_arena *a = vg_arena_new();
    const char *src = "{\"1\": {\"name\": \"D\\u00e9j\\u00e0 \\ud83d\\ude00\", \"n\": -2.5e1, "
                      "\"l\": [1, true, null]}}";
    vg_json *j = vg_json_parse(a, src, strlen(src));
    assert_non_null(j);
    const vg_json *one = vg_json_get(j, "1");
    assert_string_equal(vg_json_str(one, "name"), "Déjà \xf0\x9f\x98\x80");
    assert_true(vg_json_num(one, "n", 0) == -25);
    assert_int_equal(vg_json_get(one, "l")->n, 3);
    assert_true(vg_json_num(one, "missing", 7) == 7);
    static const char *const bad[] = {
        "", "{", "{\"a\" 1}", "[1,]", "\"\\ud800\"", "\"\\u0000\"", "{} x", "\"a\tb\""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_null(vg_json_parse(a, bad[i], strlen(bad[i])));
    char deep[200];
    memset(deep, '[', sizeof deep);
    assert_null(vg_json_parse(a, deep, sizeof deep));
    vg_arena_free(a);
}

static void test_protobuf(void **state)
{
    (void)state;
    /* field 1 varint 300; field 255 varint 7; field 6 packed floats {1.5, -2}; field 37 float */
    static const unsigned char msg[] = {0x08, 0xAC, 0x02, 0xF8, 0x0F, 0x07, 0x32, 0x08,
                                        0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0xC0,
                                        0xAD, 0x02, 0x9A, 0x99, 0x59, 0x3F};
    vg_pb pb = {msg, msg + sizeof msg};
    vg_pb_field f;
    assert_int_equal(vg_pb_next(&pb, &f), 1);
    assert_true(f.num == 1 && f.wire == 0 && f.u == 300);
    assert_int_equal(vg_pb_next(&pb, &f), 1);
    assert_true(f.num == 255 && f.u == 7);
    assert_int_equal(vg_pb_next(&pb, &f), 1);
    double w[4];
    assert_int_equal(vg_pb_floats(&f, w, 4), 2);
    assert_true(w[0] == 1.5 && w[1] == -2);
    assert_int_equal(vg_pb_next(&pb, &f), 1);
    assert_true(f.num == 37 && f.wire == 5);
    assert_true(vg_pb_float((uint32_t)f.u) > 0.849 && vg_pb_float((uint32_t)f.u) < 0.851);
    assert_int_equal(vg_pb_next(&pb, &f), 0);
    static const unsigned char cut[] = {0x0A, 0x05, 'a'}; /* length past the end */
    vg_pb c = {cut, cut + sizeof cut};
    assert_int_equal(vg_pb_next(&c, &f), -1);
}

static void test_not_a_package(void **state)
{
    (void)state;
    vg_error err;
    vg_error_clear(&err);
    vg_package *p = (vg_package *)1;
    assert_int_equal(vg_package_read("hello", 5, "x.apkg", &p, &err), VG_PARSE);
    assert_null(p);
    assert_string_equal(err.file, "x.apkg");
    assert_string_equal(err.msg, "not an Anki package (not a zip file)");
    assert_int_equal(vg_package_read("PK\3\4 cut", 9, "x.apkg", &p, &err), VG_PARSE);
    assert_non_null(strstr(err.msg, "damaged or truncated zip"));
    assert_int_equal(vg_package_read("", 0, "x.apkg", &p, &err), VG_PARSE);
}

/* ---- conversion, on tables built here ---- */

enum { DAY = 86400, T0 = 1772359200 };

static const char *S_fields_basic[] = {"Front", "Back"};
static const char *S_fields_cloze[] = {"Text", "Back Extra"};

typedef struct S_pkg {
    vg_package pkg;
    vg_package_notetype nt[3];
    vg_package_deck decks[2];
    vg_package_note notes[4];
    const char *f[4][2];
    size_t fl[4][2];
    vg_package_card cards[6];
    vg_package_review revs[16];
} S_pkg;

static void S_note(S_pkg *p, size_t i, int64_t id, int64_t nt, const char *a, const char *b)
{
    p->f[i][0] = a;
    p->f[i][1] = b;
    p->fl[i][0] = strlen(a);
    p->fl[i][1] = strlen(b);
    p->notes[i] = (vg_package_note){.id = id,
                                    .guid = "g",
                                    .notetype = nt,
                                    .tags = "",
                                    .fields = p->f[i],
                                    .field_len = p->fl[i],
                                    .nfields = 2};
}

static void S_build(S_pkg *p)
{
    memset(p, 0, sizeof *p);
    p->nt[0] = (vg_package_notetype){1, "Basic", VG_PKG_BASIC, false, S_fields_basic, 2, 1};
    p->nt[1] = (vg_package_notetype){
        2, "Basic (and reversed card)", VG_PKG_REVERSED, false, S_fields_basic, 2, 2};
    p->nt[2] = (vg_package_notetype){3, "Cloze", VG_PKG_CLOZE, false, S_fields_cloze, 2, 1};
    p->decks[0] = (vg_package_deck){.id = 10, .name = "Top", .config = 1};
    p->decks[1] = (vg_package_deck){.id = 11, .name = "Top::Sub", .config = 1};
    S_note(p, 0, 100, 1, "<b>Cell</b>", "a unit");
    S_note(p, 1, 101, 2, "Up", "Down");
    S_note(p, 2, 102, 3, "{{c1::A}} and {{c2::B}}", "");
    S_note(p, 3, 103, 1, "Cell", "the same front in the same deck");
    static const vg_package_card cards[] = {
        {.id = 1, .note = 100, .deck = 10, .ord = 0, .type = 2, .queue = 2},
        {.id = 2, .note = 101, .deck = 11, .ord = 0, .type = 2, .queue = -1},
        {.id = 3, .note = 101, .deck = 11, .ord = 1, .type = 0, .queue = 0},
        {.id = 4, .note = 102, .deck = 11, .ord = 0, .type = 2, .queue = -3},
        {.id = 5, .note = 102, .deck = 11, .ord = 1, .type = 2, .queue = 2},
        {.id = 6, .note = 103, .deck = 10, .ord = 0, .type = 0, .queue = 0},
    };
    memcpy(p->cards, cards, sizeof cards);
    /* Card 1: learned, reviewed; a set due date, a cram and a reschedule left out; reset and
     * learned again. Card 4: no learning rows (a truncated log). Card 5: a filtered review
     * with rescheduling. */
    static const vg_package_review revs[] = {
        {(int64_t)T0 * 1000, 1, 3, 0, 0, 3000},
        {(int64_t)(T0 + DAY) * 1000, 1, 3, 1, 2500, 90000},
        {(int64_t)(T0 + 2 * DAY) * 1000, 1, 0, 4, 2500, 0},
        {(int64_t)(T0 + 2 * DAY + 5) * 1000, 1, 4, 3, 0, 1000},
        {(int64_t)(T0 + 2 * DAY + 9) * 1000, 1, 0, 5, 0, 0},
        {(int64_t)(T0 + 3 * DAY) * 1000, 1, 0, 4, 0, 0},
        {(int64_t)(T0 + 4 * DAY) * 1000, 1, 1, 0, 0, 1000},
        {(int64_t)(T0 + 4 * DAY + 60) * 1000, 1, 3, 0, 0, 1000},
        {(int64_t)T0 * 1000, 2, 3, 0, 0, 1000},
        {(int64_t)(T0 + DAY) * 1000, 4, 3, 1, 2500, 1000},
        {(int64_t)(T0 + DAY) * 1000, 5, 3, 3, 2500, 1000},
        {-5, 5, 3, 1, 2500, 1000},
    };
    memcpy(p->revs, revs, sizeof revs);
    /* Sorted by card, then time, as the reader gives them. */
    vg_package_review t = p->revs[11];
    memmove(&p->revs[10], &p->revs[9], 2 * sizeof t);
    p->revs[9] = p->revs[10];
    p->revs[10] = t;
    p->pkg = (vg_package){.version = 3,
                          .schema = 18,
                          .notetypes = p->nt,
                          .nnotetypes = 3,
                          .decks = p->decks,
                          .ndecks = 2,
                          .notes = p->notes,
                          .nnotes = 4,
                          .cards = p->cards,
                          .ncards = 6,
                          .reviews = p->revs,
                          .nreviews = 12};
}

static const vg_pkg_record *S_rec(const vg_pkg_result *r, int64_t anki)
{
    for (size_t i = 0; i < r->nrecords; i++)
        if (r->records[i].anki_card == anki)
            return &r->records[i];
    return NULL;
}

static void test_convert(void **state)
{
    (void)state;
    S_pkg p;
    S_build(&p);
    /* revs[9..11]: card 4 at T0+DAY, card 5 at -5 ms (left out), card 5 at T0+DAY */
    assert_int_equal(p.revs[9].card, 4);
    assert_int_equal(p.revs[10].card, 5);
    assert_true(p.revs[10].ms < 0);
    vg_error err;
    vg_error_clear(&err);
    vg_pkg_result *r = NULL;
    assert_int_equal(vg_import_package(&p.pkg, "t.apkg", &r, &err), VG_OK);
    assert_int_equal(r->nfiles, 1);
    assert_string_equal(r->files[0].name, "Top");
    const char *md = r->files[0].markdown;
    assert_non_null(strstr(md, "# Top\n"));
    assert_non_null(strstr(md, "- **Cell**: a unit\n"));
    assert_non_null(strstr(md, "## Sub\n"));
    assert_non_null(strstr(md, "- **Up**::: Down\n"));
    assert_non_null(strstr(md, "- {{c1::A}} and {{c2::B}}\n"));
    /* The second "Cell" is a duplicate card: left out, reported. */
    assert_null(strstr(md, "the same front"));
    assert_int_equal(r->notes, 3);
    assert_int_equal(r->cards, 5);
    bool reported = false;
    for (size_t i = 0; i < r->nnotes; i++)
        reported |= strstr(r->notes_out[i].msg, "note 103") != NULL;
    assert_true(reported);

    const vg_pkg_record *c1 = S_rec(r, 1);
    assert_non_null(c1);
    assert_int_equal(c1->nreviews, 4); /* 2 before the reset, 2 after; 3 rows left out */
    assert_int_equal(c1->reviews[1].ms, VG_MS_MAX);
    assert_int_equal(c1->reset_at, T0 + 4 * DAY - 1);
    assert_int_equal(r->rows_left_out, 4); /* and card 5's row before 1970 */
    const vg_pkg_record *c2 = S_rec(r, 2), *c3 = S_rec(r, 3);
    assert_true(c2 && c2->suspended && c2->nreviews == 1);
    assert_true(c3 && !c3->suspended && c3->nreviews == 0);
    assert_string_not_equal(c2->id, c3->id);
    const vg_pkg_record *c4 = S_rec(r, 4), *c5 = S_rec(r, 5);
    assert_true(c4 && c4->buried && c4->nreviews == 1 && c4->reset_at == 0);
    assert_true(c5 && c5->nreviews == 1); /* the row before 1970 left out */
    const vg_deck *d = r->files[0].deck;
    assert_int_equal(vg_deck_find(d, c4->id)->cloze, 1);
    assert_int_equal(vg_deck_find(d, c5->id)->cloze, 2);
    assert_true(vg_deck_find(d, c3->id)->reverse);
    assert_false(vg_deck_find(d, c2->id)->reverse);
    vg_pkg_result_free(r);
}

static void test_nothing_to_convert(void **state)
{
    (void)state;
    S_pkg p;
    S_build(&p);
    p.nt[0].kind = p.nt[1].kind = p.nt[2].kind = VG_PKG_OTHER;
    vg_error err;
    vg_error_clear(&err);
    vg_pkg_result *r = (vg_pkg_result *)1;
    assert_int_equal(vg_import_package(&p.pkg, "t.apkg", &r, &err), VG_PARSE);
    assert_null(r);
    assert_string_equal(err.msg, "no note of the package could become a card");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_media_names), cmocka_unit_test(test_json),
        cmocka_unit_test(test_protobuf),    cmocka_unit_test(test_not_a_package),
        cmocka_unit_test(test_convert),     cmocka_unit_test(test_nothing_to_convert),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
