/* Fuzz target for imports (csv, tsv, Anki's export, markdown). The first byte picks the
 * format (bits 0-1), the column options (bits 2-5) and whether the format was guessed, so
 * that the contents may refine it (bit 6: vg_import_opts.detect); the rest is the file. Besides "no
 * crash, no sanitizer report" it checks what must hold for every input:
 *   - a success has a markdown deck that parses without errors, has cards, and is the deck
 *     reported; a failure has at least one error note and no deck;
 *   - notes are in input order, with valid UTF-8 messages; skipped rows are rows;
 *   - importing the result again as markdown keeps every card id;
 *   - the same file with CRLF line ends and a BOM gives the same deck and the same notes;
 *   - without the parse back (vg_import_opts.no_deck, checked: .check) the same deck, notes
 *     and counts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vgrev/import.h"
#include "vgrev/utf8.h"

#define S_CHECK(cond)                                                                              \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_import: %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);  \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static vg_import_result *S_run(const char *src, size_t len, const vg_import_opts *o)
{
    vg_import_result *r = NULL;
    vg_error err;
    vg_error_clear(&err);
    vg_status st = vg_import(src, len, o, &r, &err);
    S_CHECK(st != VG_NOMEM);
    S_CHECK(r != NULL);
    S_CHECK((st == VG_OK) == (r->markdown != NULL));
    S_CHECK((st == VG_OK) == (r->deck != NULL));
    S_CHECK((st == VG_OK) == (r->errors == 0));
    S_CHECK(r->skipped <= r->rows);
    S_CHECK(r->format == o->format ||
            (o->detect && o->format == VG_IMPORT_TSV && r->format == VG_IMPORT_ANKI));
    size_t errors = 0;
    for (size_t i = 0; i < r->nnotes; i++) {
        const vg_import_note *n = &r->notes[i];
        S_CHECK(n->msg && vg_utf8_check(n->msg, strlen(n->msg)) == strlen(n->msg));
        S_CHECK(i == 0 || n->line > r->notes[i - 1].line ||
                (n->line == r->notes[i - 1].line && n->col >= r->notes[i - 1].col));
        errors += n->level == VG_IMPORT_ERROR;
    }
    S_CHECK(errors == r->errors);
    /* FUZZ_IMPORT_STRICT=1: a row that had to lose its styles is a finding too (the markdown
     * writer missed a case), not just a crash. */
    static int strict = -1;
    if (strict < 0)
        strict = getenv("FUZZ_IMPORT_STRICT") != NULL;
    for (size_t i = 0; strict && i < r->nnotes; i++)
        S_CHECK(strncmp(r->notes[i].msg, "styles and math dropped", 23) != 0 &&
                strncmp(r->notes[i].msg, "skipped: the row could not", 26) != 0);
    if (st != VG_OK) {
        S_CHECK(err.status == st && err.msg[0]);
        return r;
    }
    /* The deck text reads back as a deck without errors, the one reported. */
    vg_deck *deck = NULL;
    vg_error e2;
    vg_error_clear(&e2);
    S_CHECK(vg_deck_parse(r->markdown, r->len, "again.md", &deck, &e2) == VG_OK);
    S_CHECK(!vg_deck_has_errors(deck));
    S_CHECK(deck->ncards > 0 && deck->ncards == r->deck->ncards);
    for (size_t i = 0; i < deck->ncards; i++)
        S_CHECK(strcmp(deck->cards[i].id, r->deck->cards[i].id) == 0);
    vg_deck_free(deck);
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const char *const cols[] = {NULL, "1", "2", "3", "Front", "back", "0", "x"};
    unsigned sel = data[0];
    vg_import_opts o = {.format = (vg_import_format)(sel & 3),
                        .file = "fuzz",
                        .title = "Fuzz",
                        .detect = (sel & 0x40) != 0};
    if (sel & 4) {
        o.front_col = cols[(sel >> 3) & 7];
        o.back_col = cols[((sel >> 3) + 1) & 7];
    }
    const char *src = (const char *)data + 1;
    size_t len = size - 1;
    vg_import_result *r = S_run(src, len, &o);

    /* Without the parse back (vg_import_opts.no_deck), checked against it: the same deck, the
     * same notes, the same counts. */
    if (o.format != VG_IMPORT_MD) {
        vg_import_opts fo = o;
        fo.no_deck = fo.check = true;
        vg_import_result *f = NULL;
        vg_error ferr;
        vg_error_clear(&ferr);
        vg_status fst = vg_import(src, len, &fo, &f, &ferr);
        S_CHECK(fst != VG_NOMEM && f != NULL);
        S_CHECK((f->markdown == NULL) == (r->markdown == NULL));
        if (r->markdown) {
            S_CHECK(f->len == r->len && memcmp(f->markdown, r->markdown, r->len) == 0);
            S_CHECK(f->cards == r->deck->ncards && f->sections == r->deck->nsections);
            S_CHECK(r->cards == r->deck->ncards && r->sections == r->deck->nsections);
        }
        S_CHECK(f->nnotes == r->nnotes && f->rows == r->rows && f->skipped == r->skipped);
        for (size_t i = 0; i < r->nnotes; i++) {
            S_CHECK(f->notes[i].level == r->notes[i].level);
            S_CHECK(f->notes[i].line == r->notes[i].line && f->notes[i].col == r->notes[i].col);
            S_CHECK(strcmp(f->notes[i].msg, r->notes[i].msg) == 0);
        }
        vg_import_free(f);
    }

    /* Importing the result as markdown keeps it as it is. */
    if (r->markdown) {
        vg_import_opts md = {.format = VG_IMPORT_MD, .file = "again.md"};
        vg_import_result *again = S_run(r->markdown, r->len, &md);
        S_CHECK(again->markdown && again->len == r->len &&
                memcmp(again->markdown, r->markdown, r->len) == 0);
        vg_import_free(again);
    }

    /* CRLF and a BOM change nothing (when the input has neither of its own). */
    int bom = len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0;
    if (!bom && !memchr(src, '\r', len) && len < (1u << 20) && o.format != VG_IMPORT_MD) {
        size_t lines = 0;
        for (size_t i = 0; i < len; i++)
            lines += src[i] == '\n';
        char *crlf = malloc(len + lines + 3);
        S_CHECK(crlf != NULL);
        size_t n = 0;
        memcpy(crlf, "\xEF\xBB\xBF", 3);
        n = 3;
        for (size_t i = 0; i < len; i++) {
            if (src[i] == '\n')
                crlf[n++] = '\r';
            crlf[n++] = src[i];
        }
        vg_import_result *r2 = S_run(crlf, n, &o);
        S_CHECK((r->markdown == NULL) == (r2->markdown == NULL));
        if (r->markdown)
            S_CHECK(r2->len == r->len && memcmp(r2->markdown, r->markdown, r->len) == 0);
        S_CHECK(r2->nnotes == r->nnotes);
        for (size_t i = 0; i < r->nnotes; i++) {
            S_CHECK(r2->notes[i].level == r->notes[i].level);
            S_CHECK(r2->notes[i].line == r->notes[i].line);
            S_CHECK(r2->notes[i].col == r->notes[i].col);
        }
        vg_import_free(r2);
        free(crlf);
    }
    vg_import_free(r);
    return 0;
}
