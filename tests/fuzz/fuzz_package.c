/* Fuzz target for Anki packages: the input is the package's bytes (a zip holding an SQLite
 * collection, zstd frames, protobuf and JSON). Besides "no crash, no sanitizer report" it
 * checks what must hold for every input:
 *   - a refused package has an error with the file's name and no position, and no package;
 *   - every media name read is a plain file name;
 *   - a converted package has decks that parse without errors, each record names a file and
 *     a card of its deck, and its reviews are answers (rating 1-4) in time order. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vgrev/import.h"
#include "vgrev/package.h"

#define S_CHECK(cond)                                                                              \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_package: %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vg_error err;
    vg_error_clear(&err);
    vg_package *pkg = NULL;
    vg_status st = vg_package_read(data, size, "in.apkg", &pkg, &err);
    if (st != VG_OK) {
        S_CHECK(pkg == NULL);
        S_CHECK(err.status == st && err.line == 0);
        S_CHECK(st == VG_NOMEM || strcmp(err.file, "in.apkg") == 0);
        return 0;
    }
    for (size_t i = 0; i < pkg->nmedia; i++)
        S_CHECK(vg_package_media_name_ok(pkg->media[i].name, strlen(pkg->media[i].name)));
    vg_pkg_result *r = NULL;
    vg_error_clear(&err);
    if (vg_import_package(pkg, "in.apkg", &r, &err) == VG_OK) {
        S_CHECK(r->nfiles > 0 && r->cards > 0);
        for (size_t f = 0; f < r->nfiles; f++) {
            S_CHECK(r->files[f].deck && !vg_deck_has_errors(r->files[f].deck));
            S_CHECK(strlen(r->files[f].markdown) == r->files[f].len);
        }
        for (size_t i = 0; i < r->nrecords; i++) {
            const vg_pkg_record *rec = &r->records[i];
            S_CHECK(rec->file < r->nfiles);
            S_CHECK(vg_deck_find(r->files[rec->file].deck, rec->id) != NULL);
            for (size_t k = 0; k < rec->nreviews; k++) {
                S_CHECK(rec->reviews[k].rating >= 1 && rec->reviews[k].rating <= 4);
                S_CHECK(k == 0 || rec->reviews[k - 1].t <= rec->reviews[k].t);
            }
        }
        vg_pkg_result_free(r);
    } else {
        S_CHECK(r == NULL);
    }
    vg_package_free(pkg);
    return 0;
}
