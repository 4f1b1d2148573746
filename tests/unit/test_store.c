/* The progress store: format round trip, both readers, errors with positions, the journal,
 * atomic saves that fail cleanly, the lock and merging. */
#define _GNU_SOURCE /* mkdtemp, setrlimit, mount are POSIX/Linux; tests only */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "test_files.h"

#include "store/store_int.h" /* vg_store_read_fast_fd: which reader took a file */
#include "vgrev/session.h"
#include "vgrev/store.h"

/* ---- helpers ---- */

static int S_setup(void **state)
{
    (void)state;
    if (vg_test_dir_make("store") != 0)
        return -1;
    return 0;
}

static int S_teardown(void **state)
{
    (void)state;
    return vg_test_dir_remove();
}

static char *S_format(const vg_store *s)
{
    vg_buf b = VG_BUF_INIT;
    assert_int_equal(vg_store_format(s, &b, NULL), VG_OK);
    return vg_buf_detach(&b);
}

static vg_store *S_parse(const char *text, unsigned flags, vg_error *err)
{
    vg_store *s = vg_store_new();
    assert_non_null(s);
    vg_error e;
    vg_error_clear(&e);
    if (vg_store_parse(s, text, strlen(text), "p.yaml", flags, err ? err : &e) != VG_OK) {
        vg_store_free(s);
        return NULL;
    }
    return s;
}

static const char *const S_tricky[] = {
    "Definition",
    "key: value",
    "# not a comment",
    "\"double\" and 'single' quotes",
    "back\\slash \\n not a newline",
    "- leading dash",
    "yes",
    "no",
    "null",
    "~",
    "",
    "  leading and trailing spaces  ",
    "tab\there, newline\nthere, CR\r",
    "controls \x01\x1b[31m\x7f",
    "unicode: \xe2\x88\x82L/\xe2\x88\x82W \xce\xb1\xce\xb2 \xe2\x80\x9cquoted\xe2\x80\x9d",
    "emoji \xf0\x9f\x98\x80 and C1 \xc2\x85 \xc2\x9b, LS \xe2\x80\xa8 PS \xe2\x80\xa9",
    "BOM \xef\xbb\xbf inside, nonchar \xef\xbf\xbf",
    "{flow: [like]}, & * ! | > % @ `",
    "3.14",
    "0x1F",
    "$\\frac{\\partial L}{\\partial W_{hh}}$",
};

/* A store with records that use every field and every tricky string. */
static vg_store *S_sample(void)
{
    vg_store *s = vg_store_new();
    assert_non_null(s);
    assert_int_equal(vg_store_set_scheduler(s, "fsrs 0123456789abcdef"), VG_OK);
    vg_sched_params p;
    vg_sched_params_default(&p);
    vg_sched sched;
    assert_int_equal(vg_sched_init(&sched, &p, NULL), VG_OK);
    size_t n = sizeof S_tricky / sizeof *S_tricky;
    for (size_t i = 0; i < n; i++) {
        char id[17];
        snprintf(id, sizeof id, "%016llx", (unsigned long long)(0x9e3779b97f4a7c15ULL * (i + 1)));
        const char *deck = i % 3 == 0 ? "vanishing-gradient" : i % 3 == 1 ? "deck two" : "yes";
        vg_record *r = vg_store_add(s, deck, id, S_tricky[(i + 3) % n], S_tricky[i]);
        assert_non_null(r);
        vg_time t = 1795000000 + (vg_time)i * 3600;
        for (int k = 0; k < (int)(i % 5) + 1; k++) {
            vg_sched_card c = r->sched;
            int rating = 1 + (int)((i + (size_t)k) % 4);
            vg_sched_next(&sched, &c, (vg_rating)rating, t, &c);
            assert_int_equal(vg_store_answer(s, r, t, rating, &c, NULL), VG_OK);
            t += 86400 * (k + 1);
        }
        if (i % 4 == 1)
            assert_int_equal(vg_store_suspend(s, r, true, NULL), VG_OK);
        if (i % 5 == 2)
            assert_int_equal(vg_store_bury(s, r, t + 7200, NULL), VG_OK);
        if (i % 6 == 4)
            assert_int_equal(vg_store_tag(s, r, i % 12 == 4 ? "leech" : "hard", true, NULL), VG_OK);
        if (i % 7 == 3)
            r->state_ok = false; /* a record without its cache */
    }
    /* An all-digit id and one that reads as a float must be quoted. */
    assert_non_null(vg_store_add(s, "d", "1234567890123456", "s", "f"));
    assert_int_equal(vg_store_suspend(s, vg_store_find(s, "d", "1234567890123456"), true, NULL),
                     VG_OK);
    assert_non_null(vg_store_add(s, "d", "12345e6789012345", "s", "f"));
    assert_int_equal(
        vg_store_answer(s, vg_store_find(s, "d", "12345e6789012345"), 1795000000, 3, NULL, NULL),
        VG_OK);
    return s;
}

static void S_assert_card_equal(const vg_sched_card *a, const vg_sched_card *b)
{
    assert_int_equal(a->state, b->state);
    assert_int_equal(a->due, b->due);
    assert_int_equal(a->last_review, b->last_review);
    assert_true(a->stability == b->stability);
    assert_true(a->difficulty == b->difficulty);
    assert_int_equal(a->scheduled_days, b->scheduled_days);
    assert_int_equal(a->elapsed_days, b->elapsed_days);
    assert_int_equal(a->reps, b->reps);
    assert_int_equal(a->lapses, b->lapses);
    assert_int_equal(a->step, b->step);
    assert_int_equal(a->sm2_n, b->sm2_n);
    assert_true(a->id_hash == b->id_hash);
}

static void S_assert_reviews_equal(const vg_record *a, const vg_record *b)
{
    assert_int_equal(a->nreviews, b->nreviews);
    for (size_t i = 0; i < a->nreviews; i++) {
        assert_int_equal(a->reviews[i].t, b->reviews[i].t);
        assert_int_equal(a->reviews[i].rating, b->reviews[i].rating);
        assert_int_equal(a->reviews[i].ms, b->reviews[i].ms);
    }
    assert_int_equal(a->reset_at, b->reset_at);
}

/* Every field of two stores is the same (the formatted text covers all but the lines). */
static void S_assert_same(const vg_store *a, const vg_store *b)
{
    char *fa = S_format(a), *fb = S_format(b);
    assert_string_equal(fa, fb);
    free(fa);
    free(fb);
    assert_int_equal(vg_store_count(a), vg_store_count(b));
    for (size_t i = 0; i < vg_store_count(a); i++) {
        const vg_record *ra = vg_store_at(a, i), *rb = vg_store_at(b, i);
        assert_string_equal(ra->id, rb->id);
        assert_string_equal(ra->deck, rb->deck);
        assert_string_equal(ra->section, rb->section);
        assert_string_equal(ra->front, rb->front);
        assert_int_equal(ra->line, rb->line);
        assert_int_equal(ra->state_ok, rb->state_ok);
        if (ra->state_ok)
            S_assert_card_equal(&ra->sched, &rb->sched);
        S_assert_reviews_equal(ra, rb);
    }
}

/* ---- round trip ---- */

static void test_round_trip(void **state)
{
    (void)state;
    vg_store *s = S_sample();
    char *text = S_format(s);
    /* Reading back with either reader gives the same records, the same strings, the same
     * text. */
    vg_store *fast = S_parse(text, VG_STORE_PARSE_FAST, NULL);
    vg_store *slow = S_parse(text, VG_STORE_PARSE_SLOW, NULL);
    assert_non_null(fast);
    assert_non_null(slow);
    S_assert_same(fast, slow);
    char *again = S_format(slow);
    assert_string_equal(text, again);
    for (size_t i = 0; i < vg_store_count(s); i++) {
        const vg_record *r = vg_store_at(s, i);
        const vg_record *q = vg_store_find(slow, r->deck, r->id);
        assert_non_null(q);
        assert_string_equal(q->front, r->front);
        assert_string_equal(q->section, r->section);
        S_assert_reviews_equal(q, r);
        assert_int_equal(q->suspended, r->suspended);
        assert_int_equal(q->buried_until, r->buried_until);
        assert_int_equal(q->state_ok, r->state_ok);
        if (r->state_ok)
            S_assert_card_equal(&q->sched, &r->sched);
    }
    assert_string_equal(vg_store_scheduler(slow), "fsrs 0123456789abcdef");
    /* Readable layout: sorted by deck then id, quoted ids where they look like numbers. */
    assert_non_null(strstr(text, "- id: \"1234567890123456\"\n  deck: d\n"));
    assert_non_null(strstr(text, "- id: \"12345e6789012345\"\n"));
    assert_non_null(strstr(text, "  deck: \"deck two\"\n"));
    assert_non_null(strstr(text, "  deck: \"yes\"\n"));
    assert_non_null(strstr(text, "  front: \"key: value\"\n"));
    assert_non_null(strstr(text, "  - {t: 2026-11-18T"));
    assert_null(strchr(text, '\r'));
    assert_null(strchr(text, '\x1b'));
    free(again);
    free(text);
    vg_store_free(fast);
    vg_store_free(slow);
    vg_store_free(s);
}

static void test_empty_store(void **state)
{
    (void)state;
    vg_store *s = vg_store_new();
    char *text = S_format(s);
    assert_non_null(strstr(text, "version: 1\ngeneration: 0\ncards: []\n"));
    vg_store *a = S_parse(text, VG_STORE_PARSE_FAST, NULL);
    vg_store *b = S_parse(text, VG_STORE_PARSE_SLOW, NULL);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(vg_store_count(a), 0);
    free(text);
    vg_store_free(a);
    vg_store_free(b);
    vg_store_free(s);
}

/* Other spellings of the same data go through libyaml and mean the same. */
static void test_other_spellings(void **state)
{
    (void)state;
    const char *canonical = "version: 1\ngeneration: 4\ncards:\n"
                            "- id: 00000000000000aa\n  deck: d\n  section: \"S\"\n"
                            "  front: \"F\"\n  reviews:\n"
                            "  - {t: 2026-01-02T03:04:05Z, rating: 3}\n";
    const char *other = "# hand-edited\n"
                        "cards:\n"
                        "  - reviews: [{rating: 3, t: '2026-01-02T04:04:05+01:00'}]\n"
                        "    front: F\n"
                        "    section: 'S'\n"
                        "    deck: \"d\"\n"
                        "    id: '00000000000000aa'\n"
                        "generation: 4\n"
                        "version: 1   # the format\n";
    vg_error err;
    vg_store *a = S_parse(canonical, VG_STORE_PARSE_FAST, &err);
    assert_non_null(a);
    vg_store *b = S_parse(other, 0, &err);
    if (!b)
        fail_msg("%s:%u:%u: %s", err.file, err.line, err.col, err.msg);
    char *fa = S_format(a), *fb = S_format(b);
    assert_string_equal(fa, fb);
    /* The fast reader leaves this layout to libyaml. */
    assert_null(S_parse(other, VG_STORE_PARSE_FAST, NULL));
    free(fa);
    free(fb);
    vg_store_free(a);
    vg_store_free(b);
}

/* The fast reader gives up on anything the libyaml reader would read differently or refuse:
 * mutate a canonical file byte by byte, and whenever the fast reader accepts, the libyaml
 * reader must accept too, with the same result. */
static void test_fast_equals_slow_under_mutation(void **state)
{
    (void)state;
    if (getenv("VG_QUICK"))
        skip(); /* thousands of parses: too slow under valgrind */
    vg_store *s = S_sample();
    char *text = S_format(s);
    size_t len = strlen(text);
    static const char repl[] = {' ', '"', '\\', ':',  '#',  '\n', '-',    'x',
                                '0', '9', '{',  '\'', '\t', 'e',  '\x85', '\xe2'};
    unsigned fast_ok = 0, checked = 0;
    char *m = malloc(len + 1);
    for (size_t pos = 0; pos < len; pos += 3) {
        for (size_t k = 0; k < sizeof repl; k += 1 + pos % 3) {
            memcpy(m, text, len + 1);
            m[pos] = repl[k];
            vg_store *fa = vg_store_new(), *sl = vg_store_new();
            vg_status f = vg_store_parse(fa, m, len, "m", VG_STORE_PARSE_FAST, NULL);
            vg_status y = vg_store_parse(sl, m, len, "m", VG_STORE_PARSE_SLOW, NULL);
            checked++;
            if (f == VG_OK) {
                fast_ok++;
                if (y != VG_OK)
                    fail_msg("fast reader accepted what libyaml refuses: byte %zu -> 0x%02x", pos,
                             (unsigned char)repl[k]);
                S_assert_same(fa, sl);
            }
            vg_store_free(fa);
            vg_store_free(sl);
        }
    }
    assert_true(checked > 1000);
    assert_true(fast_ok > 50); /* it does accept harmless changes (digits, letters) */
    free(m);
    free(text);
    vg_store_free(s);
}

/* ---- errors: position, message, and the store left empty ---- */

typedef struct bad_case {
    const char *text;
    unsigned line, col;
    const char *msg; /* a substring */
} bad_case;

static void test_errors_have_positions(void **state)
{
    (void)state;
    const bad_case cases[] = {
        {"", 1, 1, "empty progress file"},
        {"# only a comment\n", 2, 1, "empty progress file"},
        {"version: 1\ncards: [\n", 3, 1, "not valid YAML"},
        {"version: 1\n  bad indent: 2\n", 1, 10, "'version' must be an integer"},
        {"{version: 1\n", 2, 1, "did not find expected ',' or '}'"},
        {"version: 1\ncards: [\x01]\n", 2, 9, "control characters are not allowed"},
        {"version: 1\ncards:\n- id: 00000000000000aa\n  deck: d\n  reviews:\n"
         "  - {t: \"2026-01-02T03:04:05\", rating: 3}\n",
         6, 29, "missing time zone"},
        {"- a\n- b\n", 1, 1, "expected a mapping"},
        {"version: 2\ncards: []\n", 1, 10, "written by a newer vgrev (format version 2"},
        {"cards: {a: b}\nversion: 7\nnew_key: x\n", 2, 10, "written by a newer vgrev"},
        {"version: 1\nversion: 1\n", 2, 1, "duplicate key 'version'"},
        {"version: one\n", 1, 10, "'version' must be an integer"},
        {"version: \"1\"\n", 1, 10, "found a quoted string"},
        {"version: 1\nextra: 3\n", 2, 1, "unknown key 'extra'"},
        {"generation: 3\ncards: []\n", 1, 1, "missing 'version: 1'"},
        {"version: 1\ncards: 3\n", 2, 8, "'cards' must be a list"},
        {"version: 1\ncards:\n- 3\n", 3, 3, "each card must be a mapping"},
        {"version: 1\ncards:\n- deck: d\n", 3, 3, "a card needs an 'id'"},
        {"version: 1\ncards:\n- id: 00000000000000aa\n", 3, 3, "a card needs a 'deck'"},
        {"version: 1\ncards:\n- id: 00000000000000AA\n  deck: d\n", 3, 7, "16 lower-case"},
        {"version: 1\ncards:\n- id: 12\n  deck: d\n", 3, 7, "16 lower-case"},
        {"version: 1\ncards:\n- id: 00000000000000aa\n  deck: ~\n", 4, 9, "found null"},
        {"version: 1\ncards:\n- id: 00000000000000aa\n  deck: d\n  colour: red\n", 5, 3,
         "unknown key 'colour' in a card"},
        {"version: 1\ncards:\n- id: 00000000000000aa\n  deck: d\n  deck: e\n", 5, 3,
         "duplicate key 'deck'"},
        {"version: 1\ncards:\n- id: 00000000000000aa\n  deck: d\n  reps: -1\n", 5, 9,
         "'reps' must be an integer from 0"},
        {"version: 1\ncards:\n- id: 00000000000000aa\n  deck: d\n  stability: high\n", 5, 14,
         "'stability' must be a number"},
        {"version: 1\ncards:\n- id: 00000000000000aa\n  deck: d\n  state: done\n", 5, 10,
         "'state' must be new"},
        {"version: 1\ncards:\n- id: 00000000000000aa\n  deck: d\n  suspended: maybe\n", 5, 14,
         "'suspended' must be true or false"},
        {"version: 1\ncards:\n- id: 00000000000000aa\n  deck: d\n  reviews: 3\n", 5, 12,
         "'reviews' must be a list"},
        {"version: 1\ncards:\n- id: 00000000000000aa\n  deck: d\n  reviews:\n  - 3\n", 6, 5,
         "a review must be a mapping"},
        {"version: 1\ncards:\n- id: 00000000000000aa\n  deck: d\n  reviews:\n"
         "  - {t: 2026-01-02T03:04:05Z, rating: 5}\n",
         6, 39, "'rating' must be an integer from 1 to 4"},
        {"version: 1\ncards:\n- id: 00000000000000aa\n  deck: d\n  reviews:\n"
         "  - {t: 2026-13-02T03:04:05Z, rating: 3}\n",
         6, 14, "month out of range"},
        {"version: 1\ncards:\n- id: 00000000000000aa\n  deck: d\n  reviews:\n"
         "  - {t: 2026-01-02T03:04:05, rating: 3}\n",
         6, 28, "missing time zone"},
        {"version: 1\ncards:\n- id: 00000000000000aa\n  deck: d\n  reviews:\n"
         "  - {t: 2026-01-02T03:04:05Z}\n",
         6, 5, "needs both 't' and 'rating'"},
        {"version: 1\ncards:\n- id: 00000000000000aa\n  deck: d\n  reviews:\n"
         "  - {t: 2026-01-02T03:04:05Z, rating: 2, note: x}\n",
         6, 42, "unknown key 'note' in a review"},
        {"version: 1\ncards:\n- id: 00000000000000aa\n  deck: d\n"
         "- id: 00000000000000aa\n  deck: d\n",
         5, 7, "appears twice (first on line 3)"},
        {"version: 1\ncards:\n- &a {id: 00000000000000aa, deck: d}\n- *a\n", 4, 3, "aliases"},
        {"version: 1\ncards: !!seq []\n", 2, 8, "tags are not supported"},
        {"version: 1\n---\nversion: 1\n", 2, 1, "one document"},
        {"version: 1\ncards:\n- id: 00000000000000aa\n  deck: \"\xce\xb1\xce\xb2\" \n  x: 1\n", 5,
         3, "unknown key 'x'"},
        {"version: 1\nfront: \"\xff\"\n", 2, 9, "not valid YAML"},
        {"version: 1\ncards:\n- id: 00000000000000aa\n  deck: \"a\\x00b\"\n", 4, 9, "NUL"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const bad_case *c = &cases[i];
        for (int pass = 0; pass < 2; pass++) {
            vg_error err;
            vg_error_clear(&err);
            vg_store *s = vg_store_new();
            vg_status st = vg_store_parse(s, c->text, strlen(c->text), "p.yaml",
                                          pass ? VG_STORE_PARSE_SLOW : 0, &err);
            if (st != VG_PARSE || err.line != c->line || err.col != c->col ||
                !strstr(err.msg, c->msg))
                fail_msg("case %zu: got status %d at %u:%u '%s'; want %u:%u '%s'", i, st, err.line,
                         err.col, err.msg, c->line, c->col, c->msg);
            assert_string_equal(err.file, "p.yaml");
            assert_int_equal(vg_store_count(s), 0);
            vg_store_free(s);
        }
    }
}

/* libyaml counts NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR as line breaks; an editor and
 * every other vgrev message do not. A U+2028 in a comment once put an error of a 3-line file
 * on line 4. */
static void test_positions_past_unicode_breaks(void **state)
{
    (void)state;
    const bad_case cases[] = {
        {"# notes\xe2\x80\xa8\nversion: 1\ncards: x\n", 3, 8, "'cards' must be a list"},
        {"# notes\xe2\x80\xa9\nversion: 1\ncards: x\n", 3, 8, "'cards' must be a list"},
        {"# notes\xc2\x85\nversion: 1\ncards: x\n", 3, 8, "'cards' must be a list"},
        {"version: 1\nscheduler: \"a\xe2\x80\xa8"
         "b\"\ncards: x\n",
         3, 8, "'cards' must be"},
        {"version: 1 # \xe2\x80\xa8\xe2\x80\xa8\ncards:\n- id: 00000000000000aa\n  deck: d\n"
         "- id: 00000000000000aa\n  deck: d\n",
         5, 7, "appears twice (first on line 3)"},
        {"version: 1\ncards: [\xe2\x80\xa8{id: x}]\n", 2, 17, "'id' must be 16"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const bad_case *c = &cases[i];
        for (int pass = 0; pass < 2; pass++) {
            vg_error err;
            vg_error_clear(&err);
            vg_store *s = vg_store_new();
            vg_status st = vg_store_parse(s, c->text, strlen(c->text), "p.yaml",
                                          pass ? VG_STORE_PARSE_SLOW : 0, &err);
            if (st != VG_PARSE || err.line != c->line || err.col != c->col ||
                !strstr(err.msg, c->msg))
                fail_msg("case %zu: got status %d at %u:%u '%s'; want %u:%u '%s'", i, st, err.line,
                         err.col, err.msg, c->line, c->col, c->msg);
            vg_store_free(s);
        }
    }
    /* The journal's lines too: the column counts bytes past the separator. */
    const char *j = "{op: begin, version: 1, generation: 0}\n"
                    "{op: answer, deck: 'a\xe2\x80\xa8"
                    "b', id: zz}\n";
    vg_store *s = vg_store_new();
    vg_error err;
    vg_error_clear(&err);
    assert_int_equal(vg_store_parse_journal(s, j, strlen(j), "p.journal", &err), VG_PARSE);
    if (err.line != 2 || err.col != 33 || !strstr(err.msg, "'id' must be a card id"))
        fail_msg("journal: got %u:%u '%s'", err.line, err.col, err.msg);
    vg_store_free(s);
}

/* Truncating a file anywhere gives a clean error or a valid shorter file, never a crash; an
 * accepted prefix is a prefix the libyaml reader accepts too. */
static void test_truncated(void **state)
{
    (void)state;
    vg_store *s = S_sample();
    char *text = S_format(s);
    size_t len = strlen(text);
    size_t errors = 0;
    for (size_t cut = 0; cut < len; cut += 7) {
        vg_error err;
        vg_error_clear(&err);
        vg_store *t = vg_store_new();
        vg_status st = vg_store_parse(t, text, cut, "p.yaml", 0, &err);
        if (st != VG_OK) {
            errors++;
            assert_int_equal(st, VG_PARSE);
            assert_true(err.line >= 1);
            assert_true(err.col >= 1);
        }
        vg_store_free(t);
    }
    assert_true(errors > len / 7 / 2);
    free(text);
    vg_store_free(s);
}

/* ---- files: open, journal, atomic save ---- */

static vg_store *S_open(const char *path, bool write, vg_error *err)
{
    vg_store_opts o = {.write = write, .who = "test", .journal_limit = 0};
    vg_store *s = NULL;
    vg_error e;
    vg_error_clear(&e);
    vg_status st = vg_store_open(path, &o, &s, err ? err : &e);
    if (st != VG_OK && !err)
        fail_msg("open %s: %s:%u:%u: %s", path, e.file, e.line, e.col, e.msg);
    return s;
}

static void test_missing_file_is_empty(void **state)
{
    (void)state;
    vg_store *s = S_open(vg_test_path("none.yaml"), false, NULL);
    assert_non_null(s);
    assert_int_equal(vg_store_count(s), 0);
    vg_store_free(s);
    /* A read-only open writes nothing at all. */
    struct stat st;
    assert_int_not_equal(stat(vg_test_path("none.yaml.journal"), &st), 0);
    assert_int_not_equal(stat(vg_test_path("none.yaml.lock"), &st), 0);
}

static void test_snapshot_and_journal(void **state)
{
    (void)state;
    const char *path = vg_test_path("p1.yaml");
    vg_store *w = S_open(path, true, NULL);
    vg_record *r = vg_store_add(w, "deck", "00000000000000a1", "Sec", "Front: one");
    assert_int_equal(vg_store_answer(w, r, 1795000000, 3, NULL, NULL), VG_OK);
    assert_int_equal(vg_store_answer(w, r, 1795086400, 1, NULL, NULL), VG_OK);
    vg_record *q = vg_store_add(w, "deck", "00000000000000a2", "Sec", "Two");
    assert_int_equal(vg_store_suspend(w, q, true, NULL), VG_OK);
    assert_int_equal(vg_store_save(w, NULL), VG_OK);
    /* After the snapshot: more answers, an undo, a bury, a relink, in the journal only. */
    assert_int_equal(vg_store_answer(w, r, 1795172800, 4, NULL, NULL), VG_OK);
    assert_int_equal(vg_store_answer(w, r, 1795259200, 2, NULL, NULL), VG_OK);
    assert_int_equal(vg_store_undo(w, r, 1795259200, 2, NULL, NULL), VG_OK);
    assert_int_equal(vg_store_bury(w, q, 1795300000, NULL), VG_OK);
    assert_int_equal(vg_store_relink(w, q, "deck", "00000000000000b2", "Sec", "Two!", NULL), VG_OK);
    vg_record *n = vg_store_add(w, "other", "00000000000000c3", "S2", "New \"one\"");
    assert_int_equal(vg_store_answer(w, n, 1795000100, 3, NULL, NULL), VG_OK);
    char *expect = S_format(w);
    vg_store_free(w); /* no save: a crash, as far as the files know */

    vg_store *rd = S_open(path, false, NULL);
    size_t nw;
    vg_store_warnings(rd, &nw);
    assert_int_equal(nw, 0);
    char *got = S_format(rd);
    assert_string_equal(got, expect);
    const vg_record *rr = vg_store_find(rd, "deck", "00000000000000a1");
    assert_int_equal(rr->nreviews, 3);
    assert_false(rr->state_ok); /* the journal changed the log: replay */
    assert_null(vg_store_find(rd, "deck", "00000000000000a2"));
    const vg_record *rq = vg_store_find(rd, "deck", "00000000000000b2");
    assert_non_null(rq);
    assert_true(rq->suspended);
    assert_string_equal(rq->front, "Two!");
    const vg_record *rn = vg_store_find(rd, "other", "00000000000000c3");
    assert_string_equal(rn->front, "New \"one\"");
    assert_string_equal(rn->section, "S2");
    free(got);
    free(expect);
    vg_store_free(rd);
}

static void test_torn_journal_tail(void **state)
{
    (void)state;
    const char *path = vg_test_path("p2.yaml");
    vg_store *w = S_open(path, true, NULL);
    vg_record *r = vg_store_add(w, "deck", "00000000000000a1", "Sec", "Front");
    assert_int_equal(vg_store_answer(w, r, 1795000000, 3, NULL, NULL), VG_OK);
    vg_store_free(w);
    /* A crash in the middle of the next append. */
    FILE *f = fopen(vg_test_path("p2.yaml.journal"), "ab");
    fputs("{op: answer, deck: deck, id: 00000000000000a1, t: 2026-11-2", f);
    fclose(f);
    size_t jlen;
    char *before = vg_test_read(vg_test_path("p2.yaml.journal"), &jlen);

    vg_store *rd = S_open(path, false, NULL);
    size_t nw;
    const vg_error *warn = vg_store_warnings(rd, &nw);
    assert_int_equal(nw, 1);
    assert_int_equal(warn[0].line, 3);
    assert_non_null(strstr(warn[0].msg, "incomplete last line"));
    assert_non_null(strstr(warn[0].file, "p2.yaml.journal"));
    assert_int_equal(vg_store_find(rd, "deck", "00000000000000a1")->nreviews, 1);
    vg_store_free(rd);
    size_t len2;
    char *after = vg_test_read(vg_test_path("p2.yaml.journal"), &len2);
    assert_int_equal(len2, jlen); /* reading changed nothing */
    assert_memory_equal(before, after, jlen);
    free(after);

    /* A writer drops the torn bytes and appends cleanly after the last whole line. */
    w = S_open(path, true, NULL);
    r = vg_store_find(w, "deck", "00000000000000a1");
    assert_int_equal(vg_store_answer(w, r, 1795100000, 4, NULL, NULL), VG_OK);
    vg_store_free(w);
    rd = S_open(path, false, NULL);
    vg_store_warnings(rd, &nw);
    assert_int_equal(nw, 0);
    assert_int_equal(vg_store_find(rd, "deck", "00000000000000a1")->nreviews, 2);
    vg_store_free(rd);
    free(before);
}

/* Bad files: an error with the position, and not one byte changed in any file, even by an
 * open for writing. */
static void S_expect_refused(const char *snapshot, const char *journal, const char *file_end,
                             unsigned line, unsigned col, const char *msg)
{
    const char *path = vg_test_path("bad.yaml");
    const char *jpath = vg_test_path("bad.yaml.journal");
    unlink(path);
    unlink(jpath);
    if (snapshot)
        vg_test_write(path, snapshot, strlen(snapshot));
    if (journal)
        vg_test_write(jpath, journal, strlen(journal));
    for (int write = 0; write < 2; write++) {
        vg_error err;
        vg_error_clear(&err);
        vg_store *s = S_open(path, write, &err);
        assert_null(s);
        if (err.status != VG_PARSE || err.line != line || err.col != col || !strstr(err.msg, msg) ||
            strlen(err.file) < strlen(file_end) ||
            strcmp(err.file + strlen(err.file) - strlen(file_end), file_end) != 0)
            fail_msg("got %s:%u:%u: %s", err.file, err.line, err.col, err.msg);
        size_t n;
        char *now;
        if (snapshot) {
            now = vg_test_read(path, &n);
            assert_int_equal(n, strlen(snapshot));
            assert_memory_equal(now, snapshot, n);
            free(now);
        }
        if (journal) {
            now = vg_test_read(jpath, &n);
            assert_int_equal(n, strlen(journal));
            assert_memory_equal(now, journal, n);
            free(now);
        }
        struct stat st;
        assert_int_equal(stat(vg_test_path("bad.yaml.tmp"), &st), -1);
    }
}

static void test_bad_files_untouched(void **state)
{
    (void)state;
    const char *good = "version: 1\ngeneration: 2\ncards:\n- id: 00000000000000aa\n  deck: d\n"
                       "  section: \"S\"\n  front: \"F\"\n  reviews:\n"
                       "  - {t: 2026-01-02T03:04:05Z, rating: 3}\n";
    const char *begin = "{op: begin, version: 1, generation: 2}\n";
    char j[1024];
    /* corrupt snapshot */
    S_expect_refused("version: 1\ncards: [\x01\n", NULL, "bad.yaml", 2, 9,
                     "control characters are not allowed");
    /* truncated snapshot */
    S_expect_refused("version: 1\ngeneration: 2\ncards:\n- id: 00000000000000aa\n  dec", NULL,
                     "bad.yaml", 6, 1, "not valid YAML");
    /* wrong type */
    S_expect_refused("version: 1\ncards:\n- id: 00000000000000aa\n  deck: [d]\n", NULL, "bad.yaml",
                     4, 9, "'deck' must be a string");
    /* future version */
    S_expect_refused("version: 3\ncards: []\nwhatever: {}\n", NULL, "bad.yaml", 1, 10,
                     "written by a newer vgrev");
    /* journal: garbage in the middle */
    snprintf(j, sizeof j,
             "%s{op: answer, deck: d, id: 00000000000000aa, t: 2026-01-03T00:00:00Z,"
             " rating: 2}\n{op: answer, deck: d, id: zz}\n{op: undo}\n",
             begin);
    S_expect_refused(good, j, "bad.yaml.journal", 3, 27, "'id' must be a card id");
    /* journal: a bad rating, a bad time, an unknown op, an unknown key */
    snprintf(j, sizeof j,
             "%s{op: answer, deck: d, id: 00000000000000aa, t: 2026-01-03T00:00:00Z,"
             " rating: 9}\n",
             begin);
    S_expect_refused(good, j, "bad.yaml.journal", 2, 78, "'rating' must be a rating from 1 to 4");
    snprintf(j, sizeof j,
             "%s{op: answer, deck: d, id: 00000000000000aa, t: yesterday, rating: "
             "1}\n",
             begin);
    S_expect_refused(good, j, "bad.yaml.journal", 2, 48, "'t' must be a time");
    snprintf(j, sizeof j, "%s{op: explode, deck: d, id: 00000000000000aa}\n", begin);
    S_expect_refused(good, j, "bad.yaml.journal", 2, 6, "'op' must be an operation");
    snprintf(j, sizeof j, "%s{op: suspend, deck: d, id: 00000000000000aa, why: bored}\n", begin);
    S_expect_refused(good, j, "bad.yaml.journal", 2, 46, "unknown key 'why'");
    snprintf(j, sizeof j, "%s{op: answer, deck: d, id: 00000000000000aa}\n", begin);
    S_expect_refused(good, j, "bad.yaml.journal", 2, 1, "'answer' needs 't'");
    snprintf(j, sizeof j, "%s[1, 2]\n", begin);
    S_expect_refused(good, j, "bad.yaml.journal", 2, 1, "must be a mapping");
    snprintf(j, sizeof j, "%s{op: answer, deck: d, id: 00000000000000aa, t: [\n", begin);
    S_expect_refused(good, j, "bad.yaml.journal", 2, 48, "values in a journal line are scalars");
    /* journal: no begin line, or a newer one */
    S_expect_refused(good, "{op: suspend, deck: d, id: 00000000000000aa}\n", "bad.yaml.journal", 1,
                     1, "must start with {op: begin");
    S_expect_refused(good, "{op: begin, version: 2, generation: 2}\n", "bad.yaml.journal", 1, 22,
                     "written by a newer vgrev");
    /* a directory where the file should be */
    unlink(vg_test_path("bad.yaml"));
    unlink(vg_test_path("bad.yaml.journal"));
    mkdir(vg_test_path("bad.yaml"), 0755);
    vg_error err;
    assert_null(S_open(vg_test_path("bad.yaml"), false, &err));
    assert_int_equal(err.status, VG_IO);
    rmdir(vg_test_path("bad.yaml"));
}

static void test_journal_generations(void **state)
{
    (void)state;
    const char *path = vg_test_path("gen.yaml");
    const char *snap = "version: 1\ngeneration: 5\ncards:\n- id: 00000000000000aa\n  deck: d\n"
                       "  section: \"S\"\n  front: \"F\"\n  reviews:\n"
                       "  - {t: 2026-01-02T03:04:05Z, rating: 3}\n";
    const char *ans = "{op: answer, deck: d, id: 00000000000000aa, t: 2026-01-05T00:00:00Z, "
                      "rating: 4}\n";
    char j[512];
    vg_test_write(path, snap, strlen(snap));
    /* An older journal: a compaction took it in already; skipped. */
    snprintf(j, sizeof j, "{op: begin, version: 1, generation: 4}\n%s", ans);
    vg_test_write(vg_test_path("gen.yaml.journal"), j, strlen(j));
    vg_store *s = S_open(path, false, NULL);
    assert_int_equal(vg_store_find(s, "d", "00000000000000aa")->nreviews, 1);
    vg_store_free(s);
    /* The same generation: applied. */
    snprintf(j, sizeof j, "{op: begin, version: 1, generation: 5}\n%s", ans);
    vg_test_write(vg_test_path("gen.yaml.journal"), j, strlen(j));
    s = S_open(path, false, NULL);
    assert_int_equal(vg_store_find(s, "d", "00000000000000aa")->nreviews, 2);
    vg_store_free(s);
    /* A newer one (an old snapshot put back): applied, with a warning; a writer folds it into
     * a new snapshot at once. */
    snprintf(j, sizeof j, "{op: begin, version: 1, generation: 9}\n%s", ans);
    vg_test_write(vg_test_path("gen.yaml.journal"), j, strlen(j));
    s = S_open(path, true, NULL);
    size_t nw;
    vg_store_warnings(s, &nw);
    assert_int_equal(nw, 1);
    assert_int_equal(vg_store_find(s, "d", "00000000000000aa")->nreviews, 2);
    assert_int_equal(vg_store_generation(s), 10);
    vg_store_free(s);
    s = S_open(path, false, NULL);
    vg_store_warnings(s, &nw);
    assert_int_equal(nw, 0);
    assert_int_equal(vg_store_find(s, "d", "00000000000000aa")->nreviews, 2);
    assert_int_equal(vg_store_generation(s), 10);
    vg_store_free(s);
}

/* A read-only store refuses changes; a store in memory takes them without files. */
static void test_read_only_refuses(void **state)
{
    (void)state;
    vg_store *s = S_open(vg_test_path("ro.yaml"), false, NULL);
    vg_record *r = vg_store_add(s, "d", "00000000000000aa", "S", "F");
    vg_error err;
    assert_int_equal(vg_store_answer(s, r, 1795000000, 3, NULL, &err), VG_USAGE);
    assert_int_equal(r->nreviews, 0);
    assert_int_equal(vg_store_save(s, &err), VG_USAGE);
    /* relinking is allowed in memory (list and check show carried-over progress) */
    assert_int_equal(vg_store_relink(s, r, "d", "00000000000000bb", NULL, "G", &err), VG_OK);
    assert_string_equal(r->id, "00000000000000bb");
    assert_null(vg_store_find(s, "d", "00000000000000aa"));
    assert_ptr_equal(vg_store_find(s, "d", "00000000000000bb"), r);
    assert_int_equal(vg_store_answer(s, r, 1795000000, 9, NULL, &err), VG_INVALID);
    vg_store_free(s);
    struct stat st;
    assert_int_not_equal(stat(vg_test_path("ro.yaml"), &st), 0);
}

/* ---- failed writes leave the previous file ---- */

static void S_sample_file(const char *path, char **text, size_t *len)
{
    vg_store *s = S_open(path, true, NULL);
    vg_record *r = vg_store_add(s, "d", "00000000000000aa", "S", "F");
    assert_int_equal(vg_store_answer(s, r, 1795000000, 3, NULL, NULL), VG_OK);
    assert_int_equal(vg_store_save(s, NULL), VG_OK);
    vg_store_free(s);
    *text = vg_test_read(path, len);
}

/* The child writes a big snapshot under a file size limit of 4 KiB: the write fails with
 * EFBIG, the save reports it, the old file stays. */
static void test_write_fails_file_size_limit(void **state)
{
    (void)state;
    const char *path = vg_test_path("limit.yaml");
    char *before;
    size_t blen;
    S_sample_file(path, &before, &blen);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = {4096, 4096};
        setrlimit(RLIMIT_FSIZE, &rl);
        vg_store_opts o = {.write = true, .who = "child", .journal_limit = 0};
        vg_store *s = NULL;
        if (vg_store_open(path, &o, &s, NULL) != VG_OK)
            _exit(10);
        for (int i = 0; i < 200; i++) {
            char id[17];
            snprintf(id, sizeof id, "%016x", 0x100 + i);
            vg_record *r = vg_store_add(s, "d", id, "A section title", "A front");
            /* Answers go to the journal, which also meets the limit at some point. */
            vg_status st = vg_store_answer(s, r, 1795000000, 3, NULL, NULL);
            if (st != VG_OK && st != VG_IO)
                _exit(11);
        }
        vg_error err;
        vg_status st = vg_store_save(s, &err);
        if (st != VG_IO || !strstr(err.msg, "File too large"))
            _exit(12);
        vg_store_free(s);
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    size_t alen;
    char *after = vg_test_read(path, &alen);
    assert_int_equal(alen, blen);
    assert_memory_equal(after, before, blen);
    struct stat st;
    assert_int_equal(stat(vg_test_path("limit.yaml.tmp"), &st), -1); /* no leftover */
    /* The journal holds whole lines only, and everything loads. */
    vg_store *s = S_open(path, false, NULL);
    size_t nw;
    vg_store_warnings(s, &nw);
    assert_int_equal(nw, 0);
    assert_true(vg_store_count(s) > 1);
    vg_store_free(s);
    free(before);
    free(after);
}

/* Root ignores permissions, so as root use a read-only tmpfs (and a full one); otherwise a
 * folder without write permission. Skipped when neither is possible. */
static void test_write_fails_read_only_or_full(void **state)
{
    (void)state;
    const char *mnt = vg_test_path("mnt");
    mkdir(mnt, 0755);
    char path[600];
    snprintf(path, sizeof path, "%s/p.yaml", mnt);
    bool mounted = false;
    if (geteuid() == 0)
        mounted = mount("tmpfs", mnt, "tmpfs", 0, "size=64k") == 0;
    if (geteuid() == 0 && !mounted) {
        rmdir(mnt);
        skip();
    }
    char *before;
    size_t blen;
    S_sample_file(path, &before, &blen);

    /* Read-only folder. */
    if (mounted)
        assert_int_equal(mount("tmpfs", mnt, "tmpfs", MS_REMOUNT | MS_RDONLY, "size=64k"), 0);
    else
        chmod(mnt, 0555);
    vg_store *s = S_open(path, false, NULL);
    vg_error err;
    assert_int_equal(vg_store_write(s, path, &err), VG_IO);
    assert_non_null(strstr(err.msg, "cannot create a temporary file"));
    vg_store_free(s);
    size_t alen;
    char *after = vg_test_read(path, &alen);
    assert_int_equal(alen, blen);
    assert_memory_equal(after, before, blen);
    free(after);
    if (mounted)
        assert_int_equal(mount("tmpfs", mnt, "tmpfs", MS_REMOUNT, "size=64k"), 0);
    else
        chmod(mnt, 0755);

    if (mounted) {
        /* Full disk: fill the 64 KiB, then a save needs more than is left. */
        s = S_open(path, true, NULL);
        for (int i = 0; i < 400; i++) {
            char id[17];
            snprintf(id, sizeof id, "%016x", 0x1000 + i);
            vg_record *r = vg_store_add(s, "d", id, "A long section title to fill the disk",
                                        "A long front to fill the disk faster");
            if (vg_store_answer(s, r, 1795000000, 3, NULL, &err) != VG_OK) {
                assert_int_equal(err.status, VG_IO);
                assert_non_null(strstr(err.msg, "No space left"));
                break;
            }
        }
        assert_int_equal(vg_store_save(s, &err), VG_IO);
        assert_non_null(strstr(err.msg, "No space left"));
        vg_store_free(s);
        after = vg_test_read(path, &alen);
        assert_int_equal(alen, blen);
        assert_memory_equal(after, before, blen);
        free(after);
        /* What the journal took still loads. */
        s = S_open(path, false, NULL);
        assert_true(vg_store_count(s) > 1);
        vg_store_free(s);
        umount(mnt);
    }
    free(before);
}

/* ---- injected fsync failures ---- */

/* This fsync replaces libc's for the whole test program (vgcore is linked in statically): it
 * fails on folders or on files when told to, and counts the files it was asked to sync. */
static bool S_fail_dir_sync, S_fail_file_sync;
static unsigned S_file_syncs;

int fsync(int fd)
{
    struct stat sb;
    bool dir = fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode);
    if (!dir)
        S_file_syncs++;
    if ((dir && S_fail_dir_sync) || (!dir && S_fail_file_sync)) {
        errno = EIO;
        return -1;
    }
    return (int)syscall(SYS_fsync, fd);
}

/* The folder's fsync fails after the snapshot's rename (a folder of mode 0300, any failing
 * folder sync): the save reports it, and what is acknowledged afterwards survives a crash. */
static void test_folder_sync_fails_nothing_lost(void **state)
{
    (void)state;
    const char *path = vg_test_path("dirsync.yaml");
    vg_store *w = S_open(path, true, NULL);
    vg_record *r = vg_store_add(w, "d", "00000000000000a1", "S", "One");
    vg_record *q = vg_store_add(w, "d", "00000000000000a2", "S", "Two");
    assert_int_equal(vg_store_answer(w, r, 1795000000, 3, NULL, NULL), VG_OK);
    assert_int_equal(vg_store_save(w, NULL), VG_OK);
    assert_int_equal(vg_store_answer(w, q, 1795000100, 3, NULL, NULL), VG_OK);
    S_fail_dir_sync = true;
    vg_error err;
    assert_int_equal(vg_store_save(w, &err), VG_IO);
    S_fail_dir_sync = false;
    assert_non_null(strstr(err.msg, "sync the folder"));
    /* Acknowledged after the failed save, then a crash (no save). */
    assert_int_equal(vg_store_suspend(w, q, true, NULL), VG_OK);
    assert_int_equal(vg_store_bury(w, r, 1795100000, NULL), VG_OK);
    assert_int_equal(vg_store_answer(w, r, 1795000200, 4, NULL, NULL), VG_OK);
    vg_store_free(w);

    vg_store *rd = S_open(path, false, NULL);
    const vg_record *rq = vg_store_find(rd, "d", "00000000000000a2");
    const vg_record *rr = vg_store_find(rd, "d", "00000000000000a1");
    assert_non_null(rq);
    assert_non_null(rr);
    assert_true(rq->suspended);
    assert_int_equal(rq->nreviews, 1);
    assert_int_equal(rr->buried_until, 1795100000);
    assert_int_equal(rr->nreviews, 2);
    vg_store_free(rd);
}

/* When the snapshot cannot be written, compaction backs off (the journal must double before
 * the next try) instead of formatting and writing the whole snapshot at every answer; the
 * store says saves are failing until one succeeds. */
static void test_failing_saves_back_off(void **state)
{
    (void)state;
    const char *path = vg_test_path("backoff.yaml");
    vg_store_opts o = {.write = true, .who = "test", .journal_limit = 512};
    vg_store *w = NULL;
    assert_int_equal(vg_store_open(path, &o, &w, NULL), VG_OK);
    S_fail_file_sync = true;
    S_file_syncs = 0;
    unsigned tries = 0;
    for (int i = 0; i < 400; i++) {
        char id[17];
        snprintf(id, sizeof id, "%016x", 0x100 + i);
        vg_record *r = vg_store_add(w, "d", id, "S", "F");
        assert_int_equal(vg_store_answer(w, r, 1795000000 + i, 3, NULL, NULL), VG_OK);
        if (vg_store_wants_save(w)) {
            tries++;
            vg_error err;
            assert_int_equal(vg_store_save(w, &err), VG_IO);
            assert_true(vg_store_save_failing(w));
        }
    }
    S_fail_file_sync = false;
    /* ~40 KB of journal over a 512-byte limit: doubling allows about 7 tries, not 390. */
    assert_true(tries >= 2);
    assert_true(tries <= 10);
    assert_true(S_file_syncs <= 10);
    assert_int_equal(vg_store_save(w, NULL), VG_OK);
    assert_false(vg_store_save_failing(w));
    assert_false(vg_store_wants_save(w));
    vg_store_free(w);
    vg_store *rd = S_open(path, false, NULL);
    assert_int_equal(vg_store_count(rd), 400);
    vg_store_free(rd);
}

/* A symlinked progress file (into a sync folder, say) is written through: the link stays,
 * the target gets the progress, and the journal, lock and temporary file are beside it. */
static void test_symlink_written_through(void **state)
{
    (void)state;
    mkdir(vg_test_path("sync"), 0755);
    assert_int_equal(symlink("sync/real.yaml", vg_test_path("link.yaml")), 0);
    /* A dangling link at first: the target is created. */
    vg_store *w = S_open(vg_test_path("link.yaml"), true, NULL);
    vg_record *r = vg_store_add(w, "d", "00000000000000a1", "S", "One");
    assert_int_equal(vg_store_answer(w, r, 1795000000, 3, NULL, NULL), VG_OK);
    assert_int_equal(vg_store_save(w, NULL), VG_OK);
    assert_int_equal(vg_store_answer(w, r, 1795000100, 4, NULL, NULL), VG_OK);
    assert_int_equal(vg_store_save(w, NULL), VG_OK);
    vg_store_free(w);
    struct stat sb;
    assert_int_equal(lstat(vg_test_path("link.yaml"), &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    assert_int_equal(lstat(vg_test_path("sync/real.yaml"), &sb), 0);
    assert_true(S_ISREG(sb.st_mode));
    assert_int_equal(stat(vg_test_path("sync/real.yaml.journal"), &sb), 0);
    assert_int_equal(stat(vg_test_path("sync/real.yaml.lock"), &sb), 0);
    assert_int_not_equal(lstat(vg_test_path("link.yaml.journal"), &sb), 0);
    assert_int_not_equal(lstat(vg_test_path("link.yaml.lock"), &sb), 0);
    assert_int_not_equal(lstat(vg_test_path("link.yaml.tmp"), &sb), 0);
    vg_store *rd = S_open(vg_test_path("sync/real.yaml"), false, NULL);
    assert_int_equal(vg_store_find(rd, "d", "00000000000000a1")->nreviews, 2);
    vg_store_free(rd);

    /* A journal an older vgrev left beside the link (it was stopped before its first save) is
     * read, and a writer moves it beside the target. */
    assert_int_equal(unlink(vg_test_path("sync/real.yaml.journal")), 0);
    rd = S_open(vg_test_path("sync/real.yaml"), false, NULL);
    char j[256];
    snprintf(j, sizeof j,
             "{op: begin, version: 1, generation: %llu}\n"
             "{op: suspend, deck: d, id: 00000000000000a1}\n",
             (unsigned long long)vg_store_generation(rd));
    vg_store_free(rd);
    vg_test_write(vg_test_path("link.yaml.journal"), j, strlen(j));
    rd = S_open(vg_test_path("link.yaml"), false, NULL);
    assert_true(vg_store_find(rd, "d", "00000000000000a1")->suspended);
    vg_store_free(rd);
    w = S_open(vg_test_path("link.yaml"), true, NULL);
    assert_true(vg_store_find(w, "d", "00000000000000a1")->suspended);
    vg_store_free(w);
    assert_int_not_equal(lstat(vg_test_path("link.yaml.journal"), &sb), 0);
    rd = S_open(vg_test_path("sync/real.yaml"), false, NULL);
    assert_true(vg_store_find(rd, "d", "00000000000000a1")->suspended);
    vg_store_free(rd);
}

/* ---- the lock ---- */

static void test_lock(void **state)
{
    (void)state;
    const char *path = vg_test_path("lock.yaml");
    int ready[2], done[2];
    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(done), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        vg_store_opts o = {.write = true, .who = "vgrev study", .journal_limit = 0};
        vg_store *s = NULL;
        if (vg_store_open(path, &o, &s, NULL) != VG_OK)
            _exit(1);
        char c = 'r';
        if (write(ready[1], &c, 1) != 1)
            _exit(2);
        if (read(done[0], &c, 1) != 1) /* hold the lock until told */
            _exit(3);
        vg_store_free(s);
        _exit(0);
    }
    char c;
    assert_int_equal(read(ready[0], &c, 1), 1);
    vg_error err;
    vg_error_clear(&err);
    vg_store *s = S_open(path, true, &err);
    assert_null(s);
    assert_int_equal(err.status, VG_LOCKED);
    char want[64];
    snprintf(want, sizeof want, "pid %ld, vgrev study", (long)pid);
    if (!strstr(err.msg, want))
        fail_msg("message '%s' lacks '%s'", err.msg, want);
    /* Readers are not refused. */
    s = S_open(path, false, NULL);
    assert_non_null(s);
    vg_store_free(s);
    assert_int_equal(write(done[1], "x", 1), 1);
    int status;
    waitpid(pid, &status, 0);
    assert_int_equal(WEXITSTATUS(status), 0);
    /* Once the holder is gone, the lock is free. */
    s = S_open(path, true, NULL);
    assert_non_null(s);
    vg_store_free(s);
    close(ready[0]);
    close(ready[1]);
    close(done[0]);
    close(done[1]);
}

/* Taking the lock without reading the file again (the browser's first change): in place when
 * the files are what was read; refused (nothing changed, lock let go) when another vgrev wrote
 * meanwhile, whether it appended to the journal or replaced the snapshot. */
static void test_lock_in_place(void **state)
{
    (void)state;
    const char *path = vg_test_path("inplace.yaml");
    vg_store *w = S_open(path, true, NULL);
    vg_record *r = vg_store_add(w, "deck", "00000000000000a1", "Sec", "One");
    assert_int_equal(vg_store_answer(w, r, 1795000000, 3, NULL, NULL), VG_OK);
    assert_int_equal(vg_store_save(w, NULL), VG_OK);
    assert_false(vg_store_changed(w));
    vg_store_free(w);

    /* Unchanged files: the read-only store becomes writable, and its change is kept. */
    vg_store *ro = S_open(path, false, NULL);
    assert_false(vg_store_changed(ro));
    bool current = false;
    assert_int_equal(vg_store_lock_in_place(ro, "test", &current, NULL), VG_OK);
    assert_true(current);
    assert_true(vg_store_writable(ro));
    r = vg_store_find(ro, "deck", "00000000000000a1");
    assert_int_equal(vg_store_suspend(ro, r, true, NULL), VG_OK);
    assert_true(vg_store_changed(ro));
    vg_store_free(ro); /* no save: the journal has it */
    vg_store *rd = S_open(path, false, NULL);
    r = vg_store_find(rd, "deck", "00000000000000a1");
    assert_true(r->suspended);
    assert_int_equal(r->nreviews, 1);
    vg_store_free(rd);

    for (int compact = 0; compact < 2; compact++) {
        ro = S_open(path, false, NULL);
        /* Another vgrev answers meanwhile (and compacts, the second time). */
        w = S_open(path, true, NULL);
        r = vg_store_find(w, "deck", "00000000000000a1");
        assert_int_equal(vg_store_answer(w, r, 1795100000 + compact, 4, NULL, NULL), VG_OK);
        if (compact)
            assert_int_equal(vg_store_save(w, NULL), VG_OK);
        vg_store_free(w);
        current = true;
        assert_int_equal(vg_store_lock_in_place(ro, "test", &current, NULL), VG_OK);
        assert_false(current);
        assert_false(vg_store_writable(ro));
        assert_int_equal(vg_store_find(ro, "deck", "00000000000000a1")->nreviews, 2 + compact - 1);
        /* The lock was let go: reading again gives the other's answer. */
        w = S_open(path, true, NULL);
        assert_int_equal(vg_store_find(w, "deck", "00000000000000a1")->nreviews, 2 + compact);
        vg_store_free(w);
        vg_store_free(ro);
    }
}

/* ---- merge ---- */

static vg_store *S_random_store(unsigned seed, size_t ncards)
{
    vg_store *s = vg_store_new();
    for (size_t i = 0; i < ncards; i++) {
        seed = seed * 1103515245u + 12345u;
        if (seed >> 28 < 5)
            continue; /* not every card on every machine */
        char id[17];
        snprintf(id, sizeof id, "%016zx", 0xabc000 + i);
        char front[32];
        snprintf(front, sizeof front, "front %zu v%u", i, seed >> 30);
        vg_record *r = vg_store_add(s, i % 2 ? "a" : "b", id, "S", front);
        size_t n = (seed >> 20) % 6;
        for (size_t k = 0; k < n; k++) {
            seed = seed * 1103515245u + 12345u;
            /* Shared history (times on the hour) and per-machine reviews. */
            vg_time t = 1795000000 + (vg_time)k * 86400 + (seed >> 31 ? 0 : (seed >> 16) % 997);
            vg_store_answer(s, r, t, 1 + (int)((seed >> 8) % 4), NULL, NULL);
        }
        if ((seed >> 12) % 11 == 0)
            vg_store_suspend(s, r, true, NULL);
        if ((seed >> 13) % 13 == 0)
            vg_store_bury(s, r, 1796000000 + (vg_time)(seed % 1000), NULL);
    }
    return s;
}

static char *S_merged(const vg_store *into, const vg_store *from, const vg_sched *sched)
{
    /* Copy `into` by merging it into an empty store, then merge `from`. */
    vg_store *m = vg_store_new();
    assert_int_equal(vg_store_merge(m, into, NULL, NULL), VG_OK);
    assert_int_equal(vg_store_merge(m, from, NULL, NULL), VG_OK);
    vg_store_replay(m, sched, true);
    char *text = S_format(m);
    vg_store_free(m);
    return text;
}

static void test_merge_commutative_idempotent(void **state)
{
    (void)state;
    vg_sched_params p;
    vg_sched_params_default(&p);
    vg_sched sched;
    vg_sched_init(&sched, &p, NULL);
    for (unsigned seed = 1; seed <= 20; seed++) {
        vg_store *a = S_random_store(seed, 60), *b = S_random_store(seed * 7919, 60);
        char *ab = S_merged(a, b, &sched), *ba = S_merged(b, a, &sched);
        assert_string_equal(ab, ba); /* order does not matter */
        vg_store *m = S_parse(ab, 0, NULL);
        assert_non_null(m);
        char *mm = S_merged(m, m, &sched); /* merging a store with itself changes nothing */
        assert_string_equal(mm, ab);
        char *mab = S_merged(m, b, &sched); /* merging again what is in already: nothing */
        assert_string_equal(mab, ab);
        size_t added = 99;
        assert_int_equal(vg_store_merge(m, a, &added, NULL), VG_OK);
        assert_int_equal(added, 0);
        /* No review is lost: every review of a and b is in the merge. */
        for (int side = 0; side < 2; side++) {
            const vg_store *x = side ? b : a;
            for (size_t i = 0; i < vg_store_count(x); i++) {
                const vg_record *r = vg_store_at(x, i);
                if (!r->nreviews && !r->suspended && !r->buried_until)
                    continue; /* nothing to keep: not written */
                const vg_record *q = vg_store_find(m, r->deck, r->id);
                assert_non_null(q);
                for (size_t k = 0; k < r->nreviews; k++) {
                    bool found = false;
                    for (size_t l = 0; l < q->nreviews && !found; l++)
                        found = q->reviews[l].t == r->reviews[k].t &&
                                q->reviews[l].rating == r->reviews[k].rating;
                    assert_true(found);
                }
                if (r->suspended)
                    assert_true(q->suspended);
            }
        }
        free(ab);
        free(ba);
        free(mm);
        free(mab);
        vg_store_free(m);
        vg_store_free(a);
        vg_store_free(b);
    }
}

/* Same card, same time, same rating: one review; a different rating at the same time: two. */
/* A store of seed's random records with every state replayed by sched and tagged tag, as
 * a file would hold it (written and read back, so states went through their text). Some
 * records were forgotten, so a merge meets resets too. */
static vg_store *S_settled(unsigned seed, const vg_sched *sched, const char *tag)
{
    vg_store *s = S_random_store(seed, 80);
    for (size_t i = 0; i < vg_store_count(s); i += 9) {
        vg_record *r = vg_store_at(s, i);
        if (r->nreviews > 1)
            vg_store_forget(s, r, r->reviews[0].t + 1 + (vg_time)(seed % 3), NULL);
    }
    vg_store_replay(s, sched, true);
    assert_int_equal(vg_store_set_scheduler(s, tag), VG_OK);
    char *text = S_format(s);
    vg_store_free(s);
    s = S_parse(text, 0, NULL);
    assert_non_null(s);
    free(text);
    return s;
}

/* vgrev merge as it was: every state replayed after the merge (all), or as it is: only the
 * records whose log changed, the others keeping the states their files cached. */
static char *S_merge_settled(const char *mine, const vg_store *other, const vg_sched *sched,
                             const char *tag, bool all)
{
    vg_store *m = S_parse(mine, 0, NULL);
    assert_non_null(m);
    assert_int_equal(vg_store_merge(m, other, NULL, NULL), VG_OK);
    vg_store_replay(m, sched, all || strcmp(vg_store_scheduler(m), tag) != 0);
    assert_int_equal(vg_store_set_scheduler(m, tag), VG_OK);
    char *text = S_format(m);
    vg_store_free(m);
    return text;
}

/* Replaying only the changed records gives the same bytes as replaying all of them: on logs
 * that overlap, differ and are on one side only; and a side whose states another scheduler
 * cached lends none of them. */
static void test_merge_replays_only_changed(void **state)
{
    (void)state;
    vg_sched_params p, q;
    vg_sched_params_default(&p);
    vg_sched_params_default(&q);
    q.desired_retention = 0.8;
    vg_sched sched, other;
    vg_sched_init(&sched, &p, NULL);
    vg_sched_init(&other, &q, NULL);
    char tag[40], other_tag[40];
    vg_session_sched_tag(&sched, tag);
    vg_session_sched_tag(&other, other_tag);
    assert_string_not_equal(tag, other_tag);
    for (unsigned seed = 1; seed <= 12; seed++) {
        vg_store *a = S_settled(seed, &sched, tag);
        char *mine = S_format(a);
        for (int k = 0; k < 3; k++) {
            /* b: the same scheduler; a copy of a with more reviews; another scheduler */
            vg_store *b = k == 0   ? S_settled(seed * 7919, &sched, tag)
                          : k == 1 ? S_settled(seed, &sched, tag)
                                   : S_settled(seed * 7919, &other, other_tag);
            if (k == 1)
                for (size_t i = 0; i < vg_store_count(b); i += 4)
                    vg_store_answer(b, vg_store_at(b, i), 1796500000 + (vg_time)i, 3, NULL, NULL);
            char *full = S_merge_settled(mine, b, &sched, tag, true);
            char *fast = S_merge_settled(mine, b, &sched, tag, false);
            assert_string_equal(fast, full);
            free(full);
            free(fast);
            vg_store_free(b);
        }
        /* mine cached by another scheduler: everything is replayed, as before */
        vg_store *o = S_settled(seed, &other, other_tag);
        char *omine = S_format(o);
        vg_store *b = S_settled(seed * 31, &sched, tag);
        char *full = S_merge_settled(omine, b, &sched, tag, true);
        char *fast = S_merge_settled(omine, b, &sched, tag, false);
        assert_string_equal(fast, full);
        free(full);
        free(fast);
        free(omine);
        vg_store_free(o);
        vg_store_free(b);
        free(mine);
        vg_store_free(a);
    }
}

static void test_merge_dedup(void **state)
{
    (void)state;
    vg_store *a = vg_store_new(), *b = vg_store_new();
    vg_record *ra = vg_store_add(a, "d", "00000000000000aa", "S", "F");
    vg_record *rb = vg_store_add(b, "d", "00000000000000aa", "S", "F edited");
    vg_store_answer(a, ra, 100000, 3, NULL, NULL);
    vg_store_answer(a, ra, 200000, 3, NULL, NULL);
    vg_store_answer(b, rb, 100000, 3, NULL, NULL);
    vg_store_answer(b, rb, 200000, 1, NULL, NULL);
    vg_store_answer(b, rb, 300000, 4, NULL, NULL);
    size_t added;
    assert_int_equal(vg_store_merge(a, b, &added, NULL), VG_OK);
    assert_int_equal(added, 2);
    assert_int_equal(ra->nreviews, 4);
    assert_false(ra->state_ok);
    assert_string_equal(ra->front, "F edited"); /* b's was reviewed last */
    vg_store_free(a);
    vg_store_free(b);
}

/* ---- merging a file as it is read ---- */

/* A settled store as big as the reader's chunks several times, with a card whose front is
 * longer than a chunk, and tags. */
static vg_store *S_big_store(unsigned seed, const vg_sched *sched, const char *tag)
{
    vg_store *s = S_random_store(seed, 9000);
    char front[400];
    for (size_t i = 0; i < vg_store_count(s); i += 3) {
        vg_record *r = vg_store_at(s, i);
        snprintf(front, sizeof front, "%s %0300zu \"quoted\" \xce\xb1", r->front, i);
        assert_int_equal(vg_store_describe(s, r, "A section", front), VG_OK);
        if (i % 7 == 0)
            assert_int_equal(vg_store_tag(s, r, "leech", true, NULL), VG_OK);
    }
    size_t n = (3u << 20) / 2;
    char *huge = malloc(n + 1);
    assert_non_null(huge);
    memset(huge, 'x', n);
    huge[n] = '\0';
    vg_record *r = vg_store_add(s, "a", "0000000000000001", "S", huge); /* the first card */
    free(huge);
    assert_non_null(r);
    vg_store_answer(s, r, 1795000000 + (vg_time)seed, 3, NULL, NULL);
    vg_store_replay(s, sched, true);
    assert_int_equal(vg_store_set_scheduler(s, tag), VG_OK);
    return s;
}

/* Merges the file at path into a store parsed from mine, by vg_store_merge_file; or, expected,
 * as vgrev merge did before it: the file opened read-only, then vg_store_merge. The merge as
 * text (then its states replayed), the reviews gained and the status. */
static vg_status S_merge_path(const char *mine, const char *path, bool expected, char **text,
                              size_t *added, vg_error *err)
{
    vg_store *m = S_parse(mine, 0, NULL);
    assert_non_null(m);
    vg_status st;
    if (expected) {
        vg_store *other = NULL;
        vg_store_opts ro = {.write = false, .who = NULL, .journal_limit = 0};
        st = vg_store_open(path, &ro, &other, err);
        if (st == VG_OK)
            st = vg_store_merge(m, other, added, err);
        vg_store_free(other);
    } else {
        st = vg_store_merge_file(m, path, added, err);
    }
    *text = NULL;
    if (st == VG_OK) {
        char gen[32];
        snprintf(gen, sizeof gen, "%llu\n", (unsigned long long)vg_store_generation(m));
        char *body = S_format(m);
        vg_buf b = VG_BUF_INIT;
        vg_buf_adds(&b, gen);
        vg_buf_adds(&b, body);
        free(body);
        *text = vg_buf_detach(&b);
    }
    vg_store_free(m);
    return st;
}

/* vg_store_merge_file gives what loading the file whole and merging it gave: the same records,
 * the same reviews gained, the same error. */
static void S_expect_merge_file(const char *mine, const char *path)
{
    char *want, *got;
    size_t wadded = 0, gadded = 0;
    vg_error werr, gerr;
    vg_error_clear(&werr);
    vg_error_clear(&gerr);
    vg_status ws = S_merge_path(mine, path, true, &want, &wadded, &werr);
    vg_status gs = S_merge_path(mine, path, false, &got, &gadded, &gerr);
    assert_int_equal(gs, ws);
    if (ws == VG_OK) {
        assert_string_equal(got, want);
        assert_int_equal(gadded, wadded);
    } else {
        assert_string_equal(gerr.file, werr.file);
        assert_int_equal(gerr.line, werr.line);
        assert_int_equal(gerr.col, werr.col);
        assert_string_equal(gerr.msg, werr.msg);
    }
    free(want);
    free(got);
}

/* What the fast reader makes of the file at path read in chunks: 1 it took it, 0 it gave up.
 * merge: merging it into an empty store, else loading it. */
static int S_read_chunked(const char *path, bool merge)
{
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    vg_store *s = vg_store_new(), *dst = vg_store_new();
    vg_merge_ctx m;
    vg_merge_begin(&m, dst, "");
    int rc = vg_store_read_fast_fd(s, fd, merge ? &m : NULL);
    vg_merge_release(&m);
    close(fd);
    if (rc == 1) { /* the cards went to one of the two stores */
        assert_true(vg_store_count(merge ? dst : s) > 0);
        assert_int_equal(vg_store_count(merge ? s : dst), 0);
    }
    vg_store_free(s);
    vg_store_free(dst);
    return rc;
}

/* text with insert put in at insert_at (a place in text). */
static char *S_splice(const char *text, const char *insert_at, const char *insert)
{
    size_t at = (size_t)(insert_at - text);
    vg_buf b = VG_BUF_INIT;
    vg_buf_add(&b, text, at);
    vg_buf_adds(&b, insert);
    vg_buf_adds(&b, text + at);
    return vg_buf_detach(&b);
}

/* The start of the card line ("- id: ") at about frac of the text. */
static const char *S_card_near(const char *text, double frac)
{
    const char *p = strstr(text + (size_t)(strlen(text) * frac), "\n- id: ");
    assert_non_null(p);
    return p + 1;
}

static void test_merge_file_as_read(void **state)
{
    (void)state;
    vg_sched_params sp;
    vg_sched_params_default(&sp);
    vg_sched sched;
    vg_sched_init(&sched, &sp, NULL);
    char tag[40];
    vg_session_sched_tag(&sched, tag);
    const char *path = vg_test_path("other.yaml");
    for (unsigned seed = 1; seed <= 3; seed++) {
        vg_store *a = S_big_store(seed, &sched, tag);
        char *mine = S_format(a);
        vg_store *b = S_big_store(seed * 7919, &sched, tag);
        for (size_t i = 0; i < vg_store_count(b); i += 5)
            vg_store_answer(b, vg_store_at(b, i), 1796500000 + (vg_time)i, 3, NULL, NULL);
        vg_store_replay(b, &sched, false);
        char *theirs = S_format(b);
        size_t len = strlen(theirs);
        assert_true(len > (4u << 20)); /* several chunks */

        /* In the writer's layout: merged as read. */
        vg_test_write(path, theirs, len);
        assert_int_equal(S_read_chunked(path, true), 1);
        assert_int_equal(S_read_chunked(path, false), 1);
        S_expect_merge_file(mine, path);
        /* A store opened from it is the one parsed from its text. */
        vg_store *whole = S_parse(theirs, 0, NULL), *read = S_open(path, false, NULL);
        S_assert_same(read, whole);
        vg_store_free(whole);
        vg_store_free(read);

        /* Not in the layout from the middle on (a comment, cards out of order): what was
         * merged as read is merged again with the whole file, to the same records. */
        char *t = S_splice(theirs, S_card_near(theirs, 0.6), "# a comment\n");
        vg_test_write(path, t, strlen(t));
        assert_int_equal(S_read_chunked(path, true), 0);
        S_expect_merge_file(mine, path);
        free(t);
        const char *c1 = S_card_near(theirs, 0.5), *c2 = S_card_near(c1, 0.0);
        vg_buf swapped = VG_BUF_INIT;
        vg_buf_add(&swapped, theirs, (size_t)(c1 - theirs));
        vg_buf_add(&swapped, c2, (size_t)(S_card_near(c2, 0.0) - c2));
        vg_buf_add(&swapped, c1, (size_t)(c2 - c1));
        vg_buf_adds(&swapped, S_card_near(c2, 0.0));
        assert_int_equal(swapped.len, len);
        vg_test_write(path, swapped.data, swapped.len);
        assert_int_equal(S_read_chunked(path, true), 0); /* out of order */
        assert_int_equal(S_read_chunked(path, false), 1);
        S_expect_merge_file(mine, path);
        vg_buf_release(&swapped);

        /* A card twice, and a bad rating late in the file: the whole file's error, and the
         * store is not saved (the caller's part). */
        const char *d = S_card_near(theirs, 0.7);
        size_t dlen = (size_t)(S_card_near(d, 0.0) - d);
        char *dup = malloc(dlen + 1);
        memcpy(dup, d, dlen);
        dup[dlen] = '\0';
        t = S_splice(theirs, d, dup);
        free(dup);
        vg_test_write(path, t, strlen(t));
        assert_int_equal(S_read_chunked(path, true), 0);
        assert_int_equal(S_read_chunked(path, false), 0);
        S_expect_merge_file(mine, path);
        free(t);
        t = strdup(theirs);
        char *bad = strstr(t + len * 8 / 10, ", rating: ");
        assert_non_null(bad);
        bad[10] = '7';
        vg_test_write(path, t, len);
        S_expect_merge_file(mine, path);
        free(t);

        /* A journal beside it, which undoes a review of the snapshot: loaded whole. */
        vg_test_write(path, theirs, len);
        vg_store *w = S_open(path, true, NULL);
        vg_record *r = vg_store_at(w, vg_store_count(w) / 2);
        assert_true(r->nreviews > 0);
        assert_int_equal(vg_store_undo(w, r, r->reviews[r->nreviews - 1].t,
                                       r->reviews[r->nreviews - 1].rating, NULL, NULL),
                         VG_OK);
        vg_store_free(w);
        S_expect_merge_file(mine, path);
        char jpath[600];
        snprintf(jpath, sizeof jpath, "%s.journal", path);
        unlink(jpath);
        snprintf(jpath, sizeof jpath, "%s.lock", path);
        unlink(jpath);

        /* Empty, and not there. */
        static const char empty[] = "version: 1\ngeneration: 9\ncards: []\n";
        vg_test_write(path, empty, sizeof empty - 1);
        S_expect_merge_file(mine, path);
        S_expect_merge_file(mine, vg_test_path("missing.yaml"));

        free(theirs);
        free(mine);
        vg_store_free(a);
        vg_store_free(b);
    }
    unlink(path);
}

/* A snapshot of several pieces is written as vg_store_format makes it; one that fails after
 * its first pieces are written (a file size limit) leaves the old file and no temporary one. */
static void test_snapshot_written_in_pieces(void **state)
{
    (void)state;
    vg_sched_params sp;
    vg_sched_params_default(&sp);
    vg_sched sched;
    vg_sched_init(&sched, &sp, NULL);
    char tag[40];
    vg_session_sched_tag(&sched, tag);
    vg_store *s = S_big_store(5, &sched, tag);
    char *want = S_format(s);
    const char *path = vg_test_path("pieces.yaml");
    assert_int_equal(vg_store_write(s, path, NULL), VG_OK);
    size_t len;
    char *got = vg_test_read(path, &len);
    assert_true(len > (4u << 20));
    assert_int_equal(len, strlen(want));
    assert_memory_equal(got, want, len);
    free(got);
    static const char old[] = "version: 1\ngeneration: 1\ncards: []\n";
    vg_test_write(path, old, sizeof old - 1);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = {3u << 20, 3u << 20}; /* past the first pieces */
        setrlimit(RLIMIT_FSIZE, &rl);
        vg_error err;
        vg_status st = vg_store_write(s, path, &err);
        _exit(st == VG_IO && strstr(err.msg, "cannot write the new file") ? 0 : 1);
    }
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    got = vg_test_read(path, &len);
    assert_int_equal(len, sizeof old - 1);
    assert_memory_equal(got, old, len);
    struct stat st;
    assert_int_equal(stat(vg_test_path("pieces.yaml.tmp"), &st), -1);
    free(got);
    free(want);
    vg_store_free(s);
    unlink(path);
}

/* Answer times: kept by both readers, the writer and the journal; a review without one loads
 * as unknown (not 0); a merge keeps the time of either side. */
static void test_answer_times(void **state)
{
    (void)state;
    vg_store *src = vg_store_new();
    vg_record *r0 = vg_store_add(src, "d", "00000000000000a1", "", "F");
    vg_store_answer(src, r0, 1795000000, 3, NULL, NULL);
    vg_store_answer_ms(src, r0, 1795086400, 1, 5230, NULL, NULL);
    vg_store_answer_ms(src, r0, 1795172800, 4, 0, NULL, NULL);
    char *text = S_format(src);
    vg_store_free(src);
    vg_store *fast = S_parse(text, VG_STORE_PARSE_FAST, NULL);
    vg_store *slow = S_parse(text, VG_STORE_PARSE_SLOW, NULL);
    assert_non_null(fast);
    assert_non_null(slow);
    S_assert_same(fast, slow);
    const vg_record *r = vg_store_at(fast, 0);
    assert_int_equal(r->nreviews, 3);
    assert_int_equal(r->reviews[0].ms, VG_MS_NONE);
    assert_int_equal(r->reviews[1].ms, 5230);
    assert_int_equal(r->reviews[2].ms, 0);
    char *out = S_format(slow);
    assert_string_equal(out, text);
    assert_non_null(strstr(out, "  - {t: 2026-11-18T11:06:40Z, rating: 3}\n"));
    assert_non_null(strstr(out, "  - {t: 2026-11-19T11:06:40Z, rating: 1, ms: 5230}\n"));
    assert_non_null(strstr(out, "  - {t: 2026-11-20T11:06:40Z, rating: 4, ms: 0}\n"));
    free(out);
    free(text);
    /* Out of range or misspelt: the fast reader gives up, libyaml's reports it. */
    assert_null(S_parse("version: 1\ncards:\n- id: 00000000000000a1\n  deck: d\n  reviews:\n"
                        "  - {t: 2026-11-18T08:00:00Z, rating: 3, ms: 60001}\n",
                        0, NULL));
    assert_null(S_parse("version: 1\ncards:\n- id: 00000000000000a1\n  deck: d\n  reviews:\n"
                        "  - {t: 2026-11-18T08:00:00Z, rating: 3, ms: 012}\n",
                        VG_STORE_PARSE_FAST, NULL));

    /* The journal keeps it, capped at 60 s; an answer without one stays unknown. */
    const char *path = vg_test_path("ms.yaml");
    vg_store *w = S_open(path, true, NULL);
    vg_record *a = vg_store_add(w, "deck", "00000000000000b1", "S", "F");
    assert_int_equal(vg_store_answer_ms(w, a, 1795000000, 3, 4100, NULL, NULL), VG_OK);
    assert_int_equal(vg_store_answer_ms(w, a, 1795086400, 1, 999999, NULL, NULL), VG_OK);
    assert_int_equal(vg_store_answer(w, a, 1795172800, 4, NULL, NULL), VG_OK);
    vg_store_free(w);
    vg_store *rd = S_open(path, false, NULL);
    const vg_record *ra = vg_store_find(rd, "deck", "00000000000000b1");
    assert_int_equal(ra->nreviews, 3);
    assert_int_equal(ra->reviews[0].ms, 4100);
    assert_int_equal(ra->reviews[1].ms, VG_MS_MAX);
    assert_int_equal(ra->reviews[2].ms, VG_MS_NONE);

    /* Merge: the same review (time and rating) keeps the known time, either way round. */
    vg_store *b = vg_store_new();
    vg_record *rb = vg_store_add(b, "deck", "00000000000000b1", "S", "F");
    vg_store_answer(b, rb, 1795000000, 3, NULL, NULL);
    vg_store_answer_ms(b, rb, 1795172800, 4, 2500, NULL, NULL);
    vg_store *c = vg_store_new();
    assert_int_equal(vg_store_merge(c, b, NULL, NULL), VG_OK);
    size_t added = 1;
    assert_int_equal(vg_store_merge(b, rd, &added, NULL), VG_OK);
    assert_int_equal(added, 1);
    assert_int_equal(vg_store_merge(rd, c, &added, NULL), VG_OK);
    assert_int_equal(added, 0);
    char *t1 = S_format(b), *t2 = S_format(rd);
    assert_string_equal(t1, t2);
    const vg_record *m = vg_store_find(rd, "deck", "00000000000000b1");
    assert_int_equal(m->reviews[0].ms, 4100);
    assert_int_equal(m->reviews[2].ms, 2500);
    free(t1);
    free(t2);
    vg_store_free(c);
    vg_store_free(b);
    vg_store_free(rd);
    vg_store_free(fast);
    vg_store_free(slow);
}

/* Tags (the leech tag): written as one string, read back by both readers, journaled,
 * merged as a union; files without them load as before. */
static void test_tags(void **state)
{
    (void)state;
    vg_store *src = vg_store_new();
    vg_record *r0 = vg_store_add(src, "d", "00000000000000a1", "", "F");
    assert_int_equal(vg_store_tag(src, r0, "leech", true, NULL), VG_OK);
    assert_int_equal(vg_store_tag(src, r0, "geo", true, NULL), VG_OK);
    assert_int_equal(vg_store_tag(src, r0, "leech", true, NULL), VG_OK); /* once */
    assert_int_equal(vg_store_tag(src, r0, "two words", true, NULL), VG_INVALID);
    assert_int_equal(vg_store_tag(src, r0, "", true, NULL), VG_INVALID);
    assert_string_equal(r0->tags, "geo leech");
    assert_true(vg_record_has_tag(r0, "leech"));
    assert_false(vg_record_has_tag(r0, "lee"));
    /* A record with only a tag is written: the tag is not lost. */
    vg_record *r1 = vg_store_add(src, "d", "00000000000000a2", "", "G");
    assert_int_equal(vg_store_tag(src, r1, "leech", true, NULL), VG_OK);
    char *text = S_format(src);
    assert_non_null(strstr(text, "  tags: \"geo leech\"\n  reviews: []\n"));
    assert_non_null(strstr(text, "  tags: leech\n"));
    assert_non_null(strstr(text, "- id: 00000000000000a2\n"));
    vg_store *fast = S_parse(text, VG_STORE_PARSE_FAST, NULL);
    vg_store *slow = S_parse(text, VG_STORE_PARSE_SLOW, NULL);
    assert_non_null(fast);
    assert_non_null(slow);
    S_assert_same(fast, slow);
    assert_string_equal(vg_store_find(slow, "d", "00000000000000a1")->tags, "geo leech");
    free(text);
    vg_store_free(fast);
    vg_store_free(slow);
    /* Any spelling libyaml reads, folded to one space and sorted; bad ones are errors. */
    vg_store *odd = S_parse("version: 1\ncards:\n- id: 00000000000000a1\n  deck: d\n"
                            "  tags: \"  zz\\taa  zz \"\n  reviews: []\n",
                            0, NULL);
    assert_non_null(odd);
    assert_string_equal(vg_store_at(odd, 0)->tags, "aa zz");
    vg_store_free(odd);
    vg_error err;
    assert_null(S_parse("version: 1\ncards:\n- id: 00000000000000a1\n  deck: d\n"
                        "  tags: \"a\\x01b\"\n  reviews: []\n",
                        0, &err));
    assert_int_equal(err.line, 5);
    assert_null(S_parse("version: 1\ncards:\n- id: 00000000000000a1\n  deck: d\n"
                        "  tags: [leech]\n  reviews: []\n",
                        0, NULL));

    /* The journal: tag and untag lines, replayed on load. */
    const char *path = vg_test_path("tags.yaml");
    vg_store *w = S_open(path, true, NULL);
    vg_record *a = vg_store_add(w, "deck", "00000000000000b1", "S", "F");
    vg_record *b = vg_store_add(w, "deck", "00000000000000b2", "S", "G");
    assert_int_equal(vg_store_tag(w, a, "leech", true, NULL), VG_OK);
    assert_int_equal(vg_store_tag(w, b, "leech", true, NULL), VG_OK);
    assert_int_equal(vg_store_tag(w, b, "x", true, NULL), VG_OK);
    assert_int_equal(vg_store_tag(w, b, "leech", false, NULL), VG_OK);
    vg_store_free(w); /* a crash: the journal only */
    vg_store *rd = S_open(path, true, NULL);
    assert_string_equal(vg_store_find(rd, "deck", "00000000000000b1")->tags, "leech");
    assert_string_equal(vg_store_find(rd, "deck", "00000000000000b1")->front, "F");
    assert_string_equal(vg_store_find(rd, "deck", "00000000000000b2")->tags, "x");
    assert_int_equal(vg_store_save(rd, NULL), VG_OK);
    vg_store_free(rd);
    rd = S_open(path, false, NULL);
    assert_string_equal(vg_store_find(rd, "deck", "00000000000000b2")->tags, "x");

    /* Merge: the union, in either order. */
    vg_store *o = vg_store_new();
    vg_record *ob = vg_store_add(o, "deck", "00000000000000b2", "S", "G");
    assert_int_equal(vg_store_tag(o, ob, "leech", true, NULL), VG_OK);
    vg_record *oc = vg_store_add(o, "deck", "00000000000000b3", "S", "H");
    assert_int_equal(vg_store_tag(o, oc, "y", true, NULL), VG_OK);
    vg_store *m1 = vg_store_new(), *m2 = vg_store_new();
    assert_int_equal(vg_store_merge(m1, rd, NULL, NULL), VG_OK);
    assert_int_equal(vg_store_merge(m1, o, NULL, NULL), VG_OK);
    assert_int_equal(vg_store_merge(m2, o, NULL, NULL), VG_OK);
    assert_int_equal(vg_store_merge(m2, rd, NULL, NULL), VG_OK);
    char *t1 = S_format(m1), *t2 = S_format(m2);
    assert_string_equal(t1, t2);
    assert_string_equal(vg_store_find(m1, "deck", "00000000000000b2")->tags, "leech x");
    assert_string_equal(vg_store_find(m1, "deck", "00000000000000b3")->tags, "y");
    free(t1);
    free(t2);
    vg_store_free(m1);
    vg_store_free(m2);
    vg_store_free(o);
    vg_store_free(rd);
    vg_store_free(src);
}

/* Forget (reset): journaled, written as reset_at by the snapshot, read by both readers; the
 * replay starts from a New card after it, the log is kept; a merge keeps the later reset. */
static void test_forget(void **state)
{
    (void)state;
    vg_sched sched;
    vg_sched_params p;
    vg_sched_params_default(&p);
    assert_int_equal(vg_sched_init(&sched, &p, NULL), VG_OK);
    const char *path = vg_test_path("forget.yaml");
    vg_store *w = S_open(path, true, NULL);
    vg_record *r = vg_store_add(w, "deck", "00000000000000f1", "S", "F");
    assert_int_equal(vg_store_answer(w, r, 1795000000, 3, NULL, NULL), VG_OK);
    assert_int_equal(vg_store_answer(w, r, 1795000600, 3, NULL, NULL), VG_OK);
    assert_int_equal(vg_store_forget(w, r, 1795000700, NULL), VG_OK);
    assert_int_equal(vg_store_answer(w, r, 1795000800, 1, NULL, NULL), VG_OK);
    vg_store_free(w);
    vg_store *rd = S_open(path, false, NULL);
    vg_record *q = vg_store_find(rd, "deck", "00000000000000f1");
    assert_int_equal(q->nreviews, 3); /* the log is kept */
    assert_int_equal(q->reset_at, 1795000700);
    vg_store_replay_record(&sched, q);
    assert_int_equal(q->sched.reps, 1); /* only the review after the reset */
    assert_int_equal(q->sched.state, VG_CARD_LEARNING);
    char *text = S_format(rd);
    assert_non_null(strstr(text, "  reset_at: 2026-11-18T11:18:20Z\n"));
    vg_store *fast = S_parse(text, VG_STORE_PARSE_FAST, NULL);
    vg_store *slow = S_parse(text, VG_STORE_PARSE_SLOW, NULL);
    assert_non_null(fast);
    assert_non_null(slow);
    S_assert_same(fast, slow);
    assert_int_equal(vg_store_at(fast, 0)->reset_at, 1795000700);
    /* Merge: the later reset wins. */
    vg_store *m = vg_store_new();
    vg_record *mr = vg_store_add(m, "deck", "00000000000000f1", "S", "F");
    vg_store_answer(m, mr, 1795000000, 3, NULL, NULL);
    assert_int_equal(vg_store_merge(m, rd, NULL, NULL), VG_OK);
    assert_int_equal(mr->reset_at, 1795000700);
    assert_false(mr->state_ok);
    free(text);
    vg_store_free(m);
    vg_store_free(fast);
    vg_store_free(slow);
    vg_store_free(rd);
}

/* The examples in docs/progress-format.md load, as a snapshot and as a journal. */
static char *S_block(const char *doc, const char *fence, size_t *len)
{
    const char *a = strstr(doc, fence);
    assert_non_null(a);
    a += strlen(fence);
    const char *b = strstr(a, "```");
    assert_non_null(b);
    *len = (size_t)(b - a);
    char *c = malloc(*len + 1);
    memcpy(c, a, *len);
    c[*len] = '\0';
    return c;
}

static void test_documented_example(void **state)
{
    (void)state;
    const char *fx = getenv("VG_FIXTURES");
    if (!fx)
        skip();
    char path[1024];
    snprintf(path, sizeof path, "%s/../../docs/progress-format.md", fx);
    size_t n;
    char *doc = vg_test_read(path, &n);
    assert_non_null(doc);
    size_t len;
    char *snap = S_block(doc, "```yaml\n", &len);
    vg_error err;
    vg_store *fast = S_parse(snap, VG_STORE_PARSE_FAST, &err);
    if (!fast)
        fail_msg("the example is not in the canonical layout");
    vg_store *slow = S_parse(snap, VG_STORE_PARSE_SLOW, &err);
    assert_non_null(slow);
    S_assert_same(fast, slow);
    assert_int_equal(vg_store_count(fast), 2);
    const vg_record *r = vg_store_find(fast, "vanishing-gradient", "8830299712004512");
    assert_non_null(r);
    assert_string_equal(r->front, "LSTM: \"gates\"");
    assert_true(r->suspended);
    /* Written back, it is the same text. */
    char *again = S_format(fast);
    assert_string_equal(again, snap);
    /* The journal example applies over it. */
    char *journal = S_block(strstr(doc, "## The journal"), "```yaml\n", &len);
    assert_int_equal(vg_store_parse_journal(fast, journal, len, "j", &err), VG_OK);
    r = vg_store_find(fast, "vanishing-gradient", "77aa00bb11cc22dd");
    assert_non_null(r);
    assert_string_equal(r->front, "Network depth");
    assert_int_equal(r->nreviews, 0); /* answered, then undone */
    free(journal);
    free(again);
    free(snap);
    free(doc);
    vg_store_free(fast);
    vg_store_free(slow);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_empty_store),
        cmocka_unit_test(test_other_spellings),
        cmocka_unit_test(test_fast_equals_slow_under_mutation),
        cmocka_unit_test(test_errors_have_positions),
        cmocka_unit_test(test_positions_past_unicode_breaks),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_missing_file_is_empty),
        cmocka_unit_test(test_snapshot_and_journal),
        cmocka_unit_test(test_torn_journal_tail),
        cmocka_unit_test(test_bad_files_untouched),
        cmocka_unit_test(test_journal_generations),
        cmocka_unit_test(test_read_only_refuses),
        cmocka_unit_test(test_write_fails_file_size_limit),
        cmocka_unit_test(test_write_fails_read_only_or_full),
        cmocka_unit_test(test_folder_sync_fails_nothing_lost),
        cmocka_unit_test(test_failing_saves_back_off),
        cmocka_unit_test(test_symlink_written_through),
        cmocka_unit_test(test_lock),
        cmocka_unit_test(test_lock_in_place),
        cmocka_unit_test(test_merge_commutative_idempotent),
        cmocka_unit_test(test_merge_dedup),
        cmocka_unit_test(test_merge_replays_only_changed),
        cmocka_unit_test(test_merge_file_as_read),
        cmocka_unit_test(test_snapshot_written_in_pieces),
        cmocka_unit_test(test_answer_times),
        cmocka_unit_test(test_tags),
        cmocka_unit_test(test_forget),
        cmocka_unit_test(test_documented_example),
    };
    return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
