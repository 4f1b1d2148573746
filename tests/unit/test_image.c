/* The start-up cache (base/image.c, deck/image.c, store/image.c): a deck or progress file
 * mapped from its image is the same as the one parsed, field by field; an image that does not
 * match its source, is corrupt, truncated, of another kind or cannot go at its address is a
 * miss that parses; the store mapped from an image takes every change as a parsed one does. */
#define _GNU_SOURCE /* mkdtemp, MAP_FIXED_NOREPLACE, utimensat: tests only */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "test_files.h"

#include "base/image.h"
#include "vgrev/buf.h"
#include "vgrev/deck.h"
#include "vgrev/store.h"

static char S_cache[300];

static int S_setup(void **state)
{
    (void)state;
    if (vg_test_dir_make("image") != 0)
        return -1;
    snprintf(S_cache, sizeof S_cache, "%s/cache", vg_test_dir); /* made by the first image */
    return 0;
}

static int S_teardown(void **state)
{
    (void)state;
    return vg_test_dir_remove();
}

static void S_copy(const char *from, const char *to)
{
    size_t len;
    char *data = vg_test_read(from, &len);
    vg_test_write(to, data, len);
    free(data);
}

/* Whether p lies where images are mapped (base/image.c's slots). */
static bool S_in_image(const void *p)
{
    uintptr_t a = (uintptr_t)p;
    return a >= 0x200000000000ULL && a < 0x200000000000ULL + 1024ULL * 0x100000000ULL;
}

/* ---- decks, compared field by field ---- */

static void S_str_eq(const char *a, const char *b)
{
    if (!a || !b)
        assert_ptr_equal(a, b);
    else
        assert_string_equal(a, b);
}

static void S_rich_eq(const vg_rich *a, const vg_rich *b)
{
    assert_int_equal(a->nblocks, b->nblocks);
    for (size_t i = 0; i < a->nblocks; i++) {
        const vg_block *x = &a->blocks[i], *y = &b->blocks[i];
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->depth, y->depth);
        assert_int_equal(x->ordinal, y->ordinal);
        assert_int_equal(x->line, y->line);
        assert_int_equal(x->row, y->row);
        assert_int_equal(x->col, y->col);
        assert_int_equal(x->align, y->align);
        assert_int_equal(x->nspans, y->nspans);
        for (size_t k = 0; k < x->nspans; k++) {
            assert_int_equal(x->spans[k].len, y->spans[k].len);
            assert_int_equal(x->spans[k].style, y->spans[k].style);
            assert_memory_equal(x->spans[k].text, y->spans[k].text, x->spans[k].len);
        }
    }
}

static void S_deck_eq(const vg_deck *a, const vg_deck *b)
{
    S_str_eq(a->file, b->file);
    S_str_eq(a->title, b->title);
    S_rich_eq(&a->description, &b->description);
    assert_int_equal(a->nsections, b->nsections);
    for (size_t i = 0; i < a->nsections; i++) {
        const vg_section *x = &a->sections[i], *y = &b->sections[i];
        S_str_eq(x->title, y->title);
        S_str_eq(x->number, y->number);
        S_rich_eq(&x->intro, &y->intro);
        assert_int_equal(x->line, y->line);
        assert_int_equal(x->first_card, y->first_card);
        assert_int_equal(x->ncards, y->ncards);
    }
    assert_int_equal(a->ncards, b->ncards);
    for (size_t i = 0; i < a->ncards; i++) {
        const vg_card *x = &a->cards[i], *y = &b->cards[i];
        assert_string_equal(x->id, y->id);
        S_str_eq(x->front_src, y->front_src);
        S_rich_eq(&x->front, &y->front);
        S_rich_eq(&x->back, &y->back);
        S_str_eq(x->subsection, y->subsection);
        assert_int_equal(x->ntags, y->ntags);
        for (size_t k = 0; k < x->ntags; k++)
            assert_string_equal(x->tags[k], y->tags[k]);
        assert_int_equal(x->line, y->line);
        assert_int_equal(x->col, y->col);
        assert_int_equal(x->section, y->section);
        assert_int_equal(x->cloze, y->cloze);
        assert_int_equal(x->reverse, y->reverse);
        assert_int_equal(x->note, y->note);
    }
    assert_int_equal(a->ndiags, b->ndiags);
    for (size_t i = 0; i < a->ndiags; i++) {
        assert_int_equal(a->diags[i].level, b->diags[i].level);
        assert_int_equal(a->diags[i].line, b->diags[i].line);
        assert_int_equal(a->diags[i].col, b->diags[i].col);
        assert_string_equal(a->diags[i].msg, b->diags[i].msg);
    }
}

/* Loads path through the cache and checks it against a plain parse; returns whether the deck
 * came from an image. */
static bool S_check_deck(const char *path)
{
    vg_deck *plain = NULL, *cached = NULL;
    vg_error err;
    assert_int_equal(vg_deck_load(path, &plain, &err), VG_OK);
    assert_int_equal(vg_deck_load_cached(path, S_cache, 0, &cached, &err), VG_OK);
    S_deck_eq(plain, cached);
    bool hit = S_in_image(cached->cards ? (const void *)cached->cards : (const void *)cached);
    vg_deck_free(plain);
    vg_deck_free(cached);
    return hit;
}

/* Every deck under the fixtures, through the cache: first parsed (and its image written), then
 * mapped, and both equal to a plain parse. */
static void test_fixture_decks(void **state)
{
    (void)state;
    const char *fx = getenv("VG_FIXTURES");
    assert_non_null(fx);
    const char *dirs[] = {"decks", "notebooks", "e2e", "import"};
    size_t tried = 0;
    for (size_t d = 0; d < sizeof dirs / sizeof *dirs; d++) {
        char dpath[600];
        snprintf(dpath, sizeof dpath, "%s/%s", fx, dirs[d]);
        DIR *dir = opendir(dpath);
        if (!dir)
            continue;
        struct dirent *e;
        while ((e = readdir(dir))) {
            size_t n = strlen(e->d_name);
            if (n < 4 || strcmp(e->d_name + n - 3, ".md") != 0)
                continue;
            char from[900];
            snprintf(from, sizeof from, "%s/%s", dpath, e->d_name);
            vg_deck *probe = NULL;
            vg_error err;
            if (vg_deck_load(from, &probe, &err) != VG_OK)
                continue; /* decks that are refused have nothing to cache */
            vg_deck_free(probe);
            const char *to = vg_test_path(e->d_name);
            S_copy(from, to);
            assert_false(S_check_deck(to)); /* parsed, image written */
            if (!S_check_deck(to))          /* mapped */
                fail_msg("%s: no image was used", e->d_name);
            tried++;
        }
        closedir(dir);
    }
    assert_true(tried >= 10);
}

/* vg_deck_load gives the text of each piece back as it parses (base/mem.h, vg_mem_discard):
 * a deck read from a file, LF or CRLF (then a normalized copy), is field by field the deck
 * vg_deck_parse makes from the same bytes left whole. Big enough for hundreds of pages, with
 * every kind of block near the ends of pieces. */
static void test_load_gives_text_back(void **state)
{
    (void)state;
    vg_buf md = VG_BUF_INIT;
    vg_buf_adds(&md, "---\ntags: [t]\n---\n# Big\n\nAbout the deck.\n\n");
    for (int i = 0; i < 400; i++) {
        vg_buf_printf(&md,
                      "## %d. Section %d\n\nIntro of %d with $a_%d$.\n\n"
                      "- **Term %d**: answer with `code` and $x^%d$\n"
                      "  - nested %d\n    1. deeper\n"
                      "- **Both %d**::: either way\n"
                      "- {{c1::Cloze %d}} and {{c2::more::hint}}\n\n"
                      "  extra paragraph\n"
                      "- **Code %d**: see\n\n  ```c\n  int x = %d;\n  ```\n\n"
                      "### Sub %d\n\n| a | b |\n|---|---|\n| %d | 2 |\n\n"
                      "- **Last %d**: %s\n\n",
                      i + 1, i, i, i, i, i, i, i, i, i, i, i, i, i,
                      i % 7 ? "plain" : "dup <!-- tags: x -->");
    }
    assert_false(md.failed);
    for (int crlf = 0; crlf < 2; crlf++) {
        vg_buf text = VG_BUF_INIT;
        for (size_t i = 0; i < md.len; i++) {
            if (crlf && md.data[i] == '\n')
                vg_buf_addc(&text, '\r');
            vg_buf_addc(&text, md.data[i]);
        }
        const char *path = vg_test_path("big.md");
        vg_test_write(path, text.data, text.len);
        vg_deck *loaded = NULL, *parsed = NULL;
        vg_error err;
        assert_int_equal(vg_deck_load(path, &loaded, &err), VG_OK);
        assert_int_equal(vg_deck_parse(text.data, text.len, path, &parsed, &err), VG_OK);
        assert_int_equal(parsed->ncards, 400 * 7);
        S_deck_eq(loaded, parsed);
        vg_deck_free(loaded);
        vg_deck_free(parsed);
        vg_buf_release(&text);
    }
    vg_buf_release(&md);
}

static const char S_deck_text[] = "# Cached\n\n## 1. Basics\n\n"
                                  "- **Alpha**: the first letter, with $x^2$ math\n"
                                  "  - a nested bullet\n"
                                  "- **Beta**::: both ways\n"
                                  "- {{c1::Gamma}} and {{c2::Delta::hint}}\n\n"
                                  "## 2. More\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                                  "- **Epsilon**: five\n";

static char *S_image_of(const char *kind, const char *source)
{
    char *p = vg_image_path(S_cache, kind, source);
    assert_non_null(p);
    return p;
}

/* What a run finds in place of the image: each is a miss, and the deck parsed is right. */
static void test_deck_image_misses(void **state)
{
    (void)state;
    const char *deck = vg_test_path("d.md");
    vg_test_write(deck, S_deck_text, sizeof S_deck_text - 1);
    assert_false(S_check_deck(deck));
    assert_true(S_check_deck(deck));
    char *image = S_image_of("deck", deck);
    size_t len;
    char *good = vg_test_read(image, &len);
    assert_true(len > VG_IMAGE_BODY);

    /* A byte changed in the body, in the header; the file cut short; empty; garbage. */
    const size_t flips[] = {VG_IMAGE_BODY + (len - VG_IMAGE_BODY) / 2, len - 1, 9, 40};
    for (size_t i = 0; i < sizeof flips / sizeof *flips; i++) {
        good[flips[i]] ^= 0x20;
        vg_test_write(image, good, len);
        good[flips[i]] ^= 0x20;
        assert_false(S_check_deck(deck)); /* a miss, which writes a good image again */
        assert_true(S_check_deck(deck));
    }
    /* The stamp that vouches for the image without hashing it is of the image as written: kept
     * over an image changed since (or made up), it vouches for nothing. */
    char stamp[600];
    snprintf(stamp, sizeof stamp, "%s.ok", image);
    size_t slen;
    char *ok = vg_test_read(stamp, &slen);
    good[VG_IMAGE_BODY + 100] ^= 1;
    vg_test_write(image, good, len);
    good[VG_IMAGE_BODY + 100] ^= 1;
    vg_test_write(stamp, ok, slen);
    assert_false(S_check_deck(deck));
    vg_test_write(stamp, "garbage", 7);
    assert_true(S_check_deck(deck)); /* the image is whole: checked, and the stamp made again */
    free(ok);
    ok = vg_test_read(stamp, &slen);
    assert_int_not_equal(slen, 7);
    free(ok);
    vg_test_write(image, good, len - 100);
    assert_false(S_check_deck(deck));
    vg_test_write(image, "", 0);
    assert_false(S_check_deck(deck));
    vg_test_write(image, "vgrevimg and nothing else", 25);
    assert_false(S_check_deck(deck));
    assert_true(S_check_deck(deck));

    /* Deleted: parsed and written again; its folder too. */
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", S_cache);
    assert_int_equal(system(cmd), 0);
    assert_false(S_check_deck(deck));
    assert_true(S_check_deck(deck));

    /* Another deck's image under this name. */
    const char *other = vg_test_path("other.md");
    vg_test_write(other, "## S\n\n- **Zeta**: six\n", 22);
    assert_false(S_check_deck(other));
    char *oimage = S_image_of("deck", other);
    assert_int_equal(rename(oimage, image), 0);
    assert_false(S_check_deck(deck));

    /* The address taken in this process: parsed. */
    assert_true(S_check_deck(deck));
    vg_image_builder b;
    vg_image_builder_init(&b, image);
    void *taken = mmap((void *)b.base, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_ptr_equal(taken, (void *)b.base);
    vg_image_builder_release(&b);
    assert_false(S_check_deck(deck));
    munmap(taken, 4096);
    assert_true(S_check_deck(deck));
    free(good);
    free(image);
    free(oimage);
}

/* The deck edited behind the cache's back, even keeping its size and mtime: the new text. */
static void test_deck_edited(void **state)
{
    (void)state;
    const char *deck = vg_test_path("e.md");
    vg_test_write(deck, S_deck_text, sizeof S_deck_text - 1);
    assert_false(S_check_deck(deck));
    assert_true(S_check_deck(deck));
    struct stat before;
    assert_int_equal(stat(deck, &before), 0);
    char *edited = strdup(S_deck_text);
    char *at = strstr(edited, "Alpha");
    memcpy(at, "Omega", 5); /* same size */
    vg_test_write(deck, edited, strlen(edited));
    struct timespec times[2] = {before.st_atim, before.st_mtim};
    assert_int_equal(utimensat(AT_FDCWD, deck, times, 0), 0);
    vg_deck *d = NULL;
    vg_error err;
    assert_int_equal(vg_deck_load_cached(deck, S_cache, 0, &d, &err), VG_OK);
    assert_string_equal(d->cards[0].front_src, "Omega");
    vg_deck_free(d);
    assert_true(S_check_deck(deck));
    /* Replaced by another file (a new inode), as editors save. */
    const char *tmp = vg_test_path("e.md.new");
    vg_test_write(tmp, S_deck_text, sizeof S_deck_text - 1);
    assert_int_equal(rename(tmp, deck), 0);
    assert_int_equal(vg_deck_load_cached(deck, S_cache, 0, &d, &err), VG_OK);
    assert_string_equal(d->cards[0].front_src, "Alpha");
    vg_deck_free(d);
    free(edited);
}

/* Small decks are not worth an image; the file name is the one given this time. */
static void test_deck_min_and_name(void **state)
{
    (void)state;
    const char *deck = vg_test_path("m.md");
    vg_test_write(deck, S_deck_text, sizeof S_deck_text - 1);
    vg_deck *d = NULL;
    vg_error err;
    assert_int_equal(vg_deck_load_cached(deck, S_cache, 1 << 20, &d, &err), VG_OK);
    vg_deck_free(d);
    char *image = S_image_of("deck", deck);
    assert_int_not_equal(access(image, F_OK), 0);
    assert_false(S_check_deck(deck));
    char rel[600];
    assert_non_null(getcwd(rel, sizeof rel));
    assert_int_equal(chdir(vg_test_dir), 0);
    assert_int_equal(vg_deck_load_cached("./m.md", S_cache, 0, &d, &err), VG_OK);
    assert_true(S_in_image(d->cards));
    assert_string_equal(d->file, "./m.md");
    vg_deck_free(d);
    assert_int_equal(chdir(rel), 0);
    /* Missing decks: the plain loader's error. */
    assert_int_equal(vg_deck_load_cached(vg_test_path("none.md"), S_cache, 0, &d, &err),
                     VG_NOT_FOUND);
    free(image);
}

/* ---- progress ---- */

static vg_store *S_open(const char *path, bool cache, bool write)
{
    vg_store_opts o = {.write = write, .who = "test", .journal_limit = 0};
    o.cache_dir = cache ? S_cache : NULL;
    vg_store *s = NULL;
    vg_error err;
    assert_int_equal(vg_store_open(path, &o, &s, &err), VG_OK);
    return s;
}

static char *S_text(const vg_store *s)
{
    vg_buf b = VG_BUF_INIT;
    assert_int_equal(vg_store_format(s, &b, NULL), VG_OK);
    vg_buf_add(&b, "", 0);
    return vg_buf_detach(&b);
}

static void S_store_eq(const vg_store *a, const vg_store *b)
{
    char *x = S_text(a), *y = S_text(b);
    assert_string_equal(x, y);
    free(x);
    free(y);
    assert_int_equal(vg_store_count(a), vg_store_count(b));
    for (size_t i = 0; i < vg_store_count(a); i++) {
        const vg_record *r = vg_store_at(a, i), *q = vg_store_at(b, i);
        assert_string_equal(r->id, q->id);
        assert_int_equal(r->line, q->line);
        assert_int_equal(r->state_ok, q->state_ok);
        assert_int_equal(r->sched.state, q->sched.state);
        assert_int_equal(r->sched.due, q->sched.due);
        assert_int_equal(r->sched.last_review, q->sched.last_review);
        assert_true(r->sched.stability == q->sched.stability);
        assert_true(r->sched.difficulty == q->sched.difficulty);
        assert_int_equal(r->sched.reps, q->sched.reps);
        assert_int_equal(r->sched.lapses, q->sched.lapses);
        assert_int_equal(r->sched.step, q->sched.step);
        assert_int_equal(r->sched.id_hash, q->sched.id_hash);
        assert_ptr_equal(vg_store_find(b, r->deck, r->id), q);
        assert_int_equal(vg_record_index(q), i);
    }
    assert_int_equal(vg_store_generation(a), vg_store_generation(b));
    assert_string_equal(vg_store_scheduler(a), vg_store_scheduler(b));
}

/* A progress file with what records can hold: several decks, one id in two decks, tags,
 * suspended, buried, reset, answer times. */
static void S_make_progress(const char *path, size_t n)
{
    vg_store *s = vg_store_new();
    assert_non_null(s);
    assert_int_equal(vg_store_set_scheduler(s, "fsrs-6 test"), VG_OK);
    for (size_t i = 0; i < n; i++) {
        char id[17];
        snprintf(id, sizeof id, "%016llx", (unsigned long long)(i * 0x9e3779b97f4a7c15ULL));
        vg_record *r = vg_store_add(s, i % 3 ? "alpha" : "beta", id, "Section: $x$", "Front \"q\"");
        assert_non_null(r);
        for (size_t k = 0; k < i % 6; k++)
            assert_int_equal(vg_store_answer_ms(s, r, 1790000000 + (vg_time)(k * 86400 + i),
                                                1 + (int)((i + k) % 4), (int32_t)(k * 700), NULL,
                                                NULL),
                             VG_OK);
        if (i % 7 == 0)
            assert_int_equal(vg_store_suspend(s, r, true, NULL), VG_OK);
        if (i % 11 == 0)
            assert_int_equal(vg_store_bury(s, r, 1795000000, NULL), VG_OK);
        if (i % 13 == 0)
            assert_int_equal(vg_store_tag(s, r, "leech", true, NULL), VG_OK);
        if (i % 17 == 0)
            assert_int_equal(vg_store_forget(s, r, 1790000000 + 86400, NULL), VG_OK);
        if (i % 19 == 0)
            assert_non_null(vg_store_add(s, "gamma", id, "Other", "Same id, other deck"));
    }
    vg_sched_params p;
    vg_sched_params_default(&p);
    vg_sched sched;
    vg_sched_init(&sched, &p, NULL);
    vg_store_replay(s, &sched, false);
    vg_error err;
    assert_int_equal(vg_store_write(s, path, &err), VG_OK);
    vg_store_free(s);
}

static void test_store_images(void **state)
{
    (void)state;
    const char *path = vg_test_path("progress.yaml");
    S_make_progress(path, 500);
    vg_store *plain = S_open(path, false, false);
    vg_store *first = S_open(path, true, false);
    assert_false(S_in_image(vg_store_at(first, 0)));
    vg_store *hit = S_open(path, true, false);
    assert_true(S_in_image(vg_store_at(hit, 0)));
    S_store_eq(plain, first);
    S_store_eq(plain, hit);
    vg_store_free(first);
    vg_store_free(hit);
    vg_store_free(plain);

    /* The fixtures' progress files too. */
    const char *fx = getenv("VG_FIXTURES");
    const char *files[] = {"stats/progress.yaml", "screens/list-states.progress.yaml",
                           "screens/leech.progress.yaml", "ids/progress-before.yaml"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char from[700];
        snprintf(from, sizeof from, "%s/%s", fx, files[i]);
        const char *to = vg_test_path("fixture.yaml");
        S_copy(from, to);
        vg_store *p = S_open(to, false, false);
        vg_store_free(S_open(to, true, false));
        vg_store *h = S_open(to, true, false);
        assert_true(S_in_image(vg_store_at(h, 0)));
        S_store_eq(p, h);
        vg_store_free(p);
        vg_store_free(h);
    }
}

/* Every change on a store mapped from its image, then the journal read over an image: the
 * same files and the same store as without the cache. */
static void S_changes(vg_store *s)
{
    vg_error err;
    for (size_t i = 0; i < vg_store_count(s); i += 37) {
        vg_record *r = vg_store_at(s, i);
        for (int k = 0; k < 9; k++) /* past the mapped log's end: it moves */
            assert_int_equal(vg_store_answer_ms(s, r, 1796000000 + k * 3600, 3, 1500, NULL, &err),
                             VG_OK);
        assert_int_equal(vg_store_suspend(s, r, !r->suspended, &err), VG_OK);
        assert_int_equal(vg_store_tag(s, r, "marked", true, &err), VG_OK);
    }
    for (int i = 0; i < 300; i++) { /* new records: the index grows */
        char id[17];
        snprintf(id, sizeof id, "%016x", 0xabc000 + i);
        vg_record *r = vg_store_add(s, "alpha", id, "New", "New card");
        assert_non_null(r);
        assert_int_equal(vg_store_answer(s, r, 1796000000, 3, NULL, &err), VG_OK);
    }
    vg_record *r = vg_store_at(s, 5);
    assert_int_equal(vg_store_relink(s, r, "delta", "00000000deadbeef", "S", "F", &err), VG_OK);
    assert_non_null(vg_store_find(s, "delta", "00000000deadbeef"));
}

static void test_store_changes(void **state)
{
    (void)state;
    const char *a = vg_test_path("a.yaml"), *b = vg_test_path("b.yaml");
    S_make_progress(a, 400);
    S_copy(a, b);
    vg_store_free(S_open(b, true, false)); /* b's image */
    vg_store *sa = S_open(a, false, true), *sb = S_open(b, true, true);
    assert_true(S_in_image(vg_store_at(sb, 0)));
    S_changes(sa);
    S_changes(sb);
    S_store_eq(sa, sb);
    vg_store_free(sa); /* the journals hold the changes */
    vg_store_free(sb);
    size_t la, lb;
    char *ja = vg_test_read(vg_test_path("a.yaml.journal"), &la),
         *jb = vg_test_read(vg_test_path("b.yaml.journal"), &lb);
    assert_int_equal(la, lb);
    free(ja);
    free(jb);
    /* The journal over the image. */
    sa = S_open(a, false, false);
    sb = S_open(b, true, false);
    assert_true(S_in_image(vg_store_at(sb, 0)));
    S_store_eq(sa, sb);
    vg_store_free(sa);
    vg_store_free(sb);
    /* A compaction writes a new snapshot: its image is made again. */
    sb = S_open(b, true, true);
    vg_error err;
    assert_int_equal(vg_store_save(sb, &err), VG_OK);
    vg_store_free(sb);
    sa = S_open(a, false, true);
    assert_int_equal(vg_store_save(sa, &err), VG_OK);
    vg_store_free(sa);
    vg_store *miss = S_open(b, true, false);
    assert_false(S_in_image(vg_store_at(miss, 0)));
    vg_store_free(miss);
    sa = S_open(a, false, false);
    sb = S_open(b, true, false);
    assert_true(S_in_image(vg_store_at(sb, 0)));
    S_store_eq(sa, sb);
    vg_store_free(sa);
    vg_store_free(sb);
}

/* A save tells the caller (vg_store_opts.saved) so that the new snapshot's image can be made
 * ahead of the next open; what that open then maps is the saved store. */
static char S_saved_path[600];
static void S_saved(const char *path)
{
    snprintf(S_saved_path, sizeof S_saved_path, "%s", path);
}

static void test_saved_hook(void **state)
{
    (void)state;
    const char *p = vg_test_path("h.yaml");
    S_make_progress(p, 200);
    vg_store_opts o = {.write = true, .who = "test", .journal_limit = 0};
    o.cache_dir = S_cache;
    o.saved = S_saved;
    vg_store *s = NULL;
    vg_error err;
    assert_int_equal(vg_store_open(p, &o, &s, &err), VG_OK);
    S_changes(s);
    S_saved_path[0] = '\0';
    assert_int_equal(vg_store_save(s, &err), VG_OK);
    assert_string_equal(S_saved_path, vg_store_path(s));
    vg_store_free(s);
    vg_store_free(S_open(p, true, false)); /* what the spawned `vgrev __image` does */
    vg_store *hit = S_open(p, true, false), *plain = S_open(p, false, false);
    assert_true(S_in_image(vg_store_at(hit, 0)));
    S_store_eq(plain, hit);
    vg_store_free(hit);
    vg_store_free(plain);
    /* Too small for an image: not told. */
    o.cache_min = 1u << 30;
    p = vg_test_path("h2.yaml");
    S_make_progress(p, 200);
    assert_int_equal(vg_store_open(p, &o, &s, &err), VG_OK);
    S_changes(s);
    S_saved_path[0] = '\0';
    assert_int_equal(vg_store_save(s, &err), VG_OK);
    assert_string_equal(S_saved_path, "");
    vg_store_free(s);
}

/* An image of the progress file is never taken for a deck's, nor the other way round. */
static void test_kinds(void **state)
{
    (void)state;
    const char *p = vg_test_path("k.yaml");
    S_make_progress(p, 50);
    vg_store_free(S_open(p, true, false));
    const char *deck = vg_test_path("k.md");
    vg_test_write(deck, S_deck_text, sizeof S_deck_text - 1);
    assert_false(S_check_deck(deck));
    char *pimage = S_image_of("progress", p), *dimage = S_image_of("deck", deck);
    assert_int_equal(rename(pimage, dimage), 0);
    assert_false(S_check_deck(deck));
    free(pimage);
    free(dimage);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fixture_decks, S_setup, S_teardown),
        cmocka_unit_test_setup_teardown(test_load_gives_text_back, S_setup, S_teardown),
        cmocka_unit_test_setup_teardown(test_deck_image_misses, S_setup, S_teardown),
        cmocka_unit_test_setup_teardown(test_deck_edited, S_setup, S_teardown),
        cmocka_unit_test_setup_teardown(test_deck_min_and_name, S_setup, S_teardown),
        cmocka_unit_test_setup_teardown(test_store_images, S_setup, S_teardown),
        cmocka_unit_test_setup_teardown(test_store_changes, S_setup, S_teardown),
        cmocka_unit_test_setup_teardown(test_kinds, S_setup, S_teardown),
        cmocka_unit_test_setup_teardown(test_saved_hook, S_setup, S_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
