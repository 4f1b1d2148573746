/* An Anki package -> markdown decks and the review logs of their cards (vgrev/import.h).
 *
 * Notes are grouped by the top-level deck of their first card (one file each) and, inside it,
 * by deck: "A::B" is the section "## B", "A::B::C" the subsection "### C" under it. The
 * markdown is parsed back; a note that does not come out as a card (a front the section has
 * already, an empty front) is left out and reported, and the file written again without it.
 * An Anki card then finds its vgrev card by its note's line and the card's direction or cloze
 * number. Which revlog rows are answers follows Anki's FSRS code (rslib/src/scheduler/fsrs/
 * params.rs, revlog/mod.rs; research notes §7, §8.3). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import_int.h"

typedef struct S_note {
    const vg_package_note *note;
    size_t type; /* index in r->types */
    const vg_package_notetype *nt;
    const char *deck; /* its deck's name ("A::B") */
    size_t file;
    const vg_package_card *cards;
    size_t ncards;
    unsigned line; /* of its bullet in the file's markdown */
    bool skip;
} S_note;

typedef struct S_cv {
    const vg_package *pkg;
    const char *file;
    vg_pkg_result *r;
    vg_arena *a;
    S_note *notes;
    size_t nnotes;
    size_t cap_files, cap_types, cap_msgs, cap_recs;
    vg_deck **decks; /* parsed, per file */
    bool nomem;
} S_cv;

static void *S_grow(S_cv *c, void *arr, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return arr;
    size_t nc = *cap ? 2 * *cap : 16;
    void *p = realloc(arr, nc * size);
    if (!p) {
        c->nomem = true;
        return NULL;
    }
    *cap = nc;
    return p;
}

static void S_note_add(S_cv *c, vg_import_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void S_note_add(S_cv *c, vg_import_level level, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    vg_pkg_result *r = c->r;
    vg_import_note *n = S_grow(c, r->notes_out, r->nnotes, &c->cap_msgs, sizeof *n);
    if (!n)
        return;
    r->notes_out = n;
    char *m = vg_arena_strndup(c->a, msg, strlen(msg));
    if (!m) {
        c->nomem = true;
        return;
    }
    r->notes_out[r->nnotes++] = (vg_import_note){.level = level, .line = 0, .col = 0, .msg = m};
}

static const char *S_plural(size_t n)
{
    return n == 1 ? "" : "s";
}

/* ---- which answers a card's log holds ---- */

/* From 1970 to the end of 9999: times a progress file can write. */
static bool S_time_ok(const vg_package_review *v)
{
    return v->ms >= 0 && v->ms <= 253402300799999;
}

/* A reset ("Forget"): a manual row without a rating or an ease (revlog/mod.rs, is_reset). */
static bool S_is_reset(const vg_package_review *v)
{
    return v->type == 4 && v->ease == 0 && v->factor == 0 && S_time_ok(v);
}

/* An answer FSRS learns from: rated 1-4, not a manual or rescheduling row, and not a preview
 * in a filtered deck that did not reschedule (type 3 with factor 0: is_cramming). */
static bool S_is_answer(const vg_package_review *v)
{
    return S_time_ok(v) && v->ease >= 1 && v->ease <= 4 && v->type >= 0 && v->type <= 3 &&
           !(v->type == 3 && v->factor == 0);
}

/* The reviews of one card: every answer, and the time after which Anki's own history of the
 * card starts (after the last reset that answers follow, at the last run of learning
 * answers: older Anki reset cards without a log row). */
static void S_card_log(S_cv *c, const vg_package_review *rows, size_t n, vg_pkg_record *rec)
{
    vg_review *out = n ? vg_arena_alloc(c->a, n * sizeof *out) : NULL;
    if (n && !out) {
        c->nomem = true;
        return;
    }
    size_t k = 0, block = SIZE_MAX;
    vg_time reset = 0;
    bool prev_learn = false;
    for (size_t i = 0; i < n; i++) {
        const vg_package_review *v = &rows[i];
        if (S_is_reset(v)) {
            reset = (vg_time)(v->ms / 1000);
            block = SIZE_MAX;
            prev_learn = false;
            continue;
        }
        if (!S_is_answer(v)) {
            c->r->rows_left_out++;
            continue;
        }
        bool learn = v->type == 0;
        if (learn && !prev_learn)
            block = k;
        prev_learn = learn;
        int64_t ms = v->time < 0 ? VG_MS_NONE : v->time > VG_MS_MAX ? VG_MS_MAX : v->time;
        out[k++] = (vg_review){.t = (vg_time)(v->ms / 1000), .rating = v->ease, .ms = (int32_t)ms};
    }
    rec->reviews = out;
    rec->nreviews = k;
    rec->reset_at = reset;
    if (block != SIZE_MAX && block > 0 && out[block].t - 1 > reset)
        rec->reset_at = out[block].t - 1;
}

/* ---- grouping ---- */

/* Deck names compared level by level ("A::B" < "A::B::C" < "A B"). */
static int S_deck_cmp(const char *a, const char *b)
{
    for (;;) {
        bool ea = !*a || (a[0] == ':' && a[1] == ':'), eb = !*b || (b[0] == ':' && b[1] == ':');
        if (ea || eb) {
            if (!ea)
                return 1;
            if (!eb)
                return -1;
            if (!*a || !*b)
                return (*a != 0) - (*b != 0);
            a += 2;
            b += 2;
            continue;
        }
        if (*a != *b)
            return (unsigned char)*a - (unsigned char)*b;
        a++;
        b++;
    }
}

static int S_by_place(const void *pa, const void *pb)
{
    const S_note *a = pa, *b = pb;
    if (a->file != b->file)
        return a->file < b->file ? -1 : 1;
    int d = S_deck_cmp(a->deck, b->deck);
    if (d)
        return d;
    return a->note->id < b->note->id ? -1 : a->note->id > b->note->id;
}

/* The file of a top-level deck, added when new. */
static size_t S_file(S_cv *c, const char *deck)
{
    const char *sep = strstr(deck, "::");
    size_t tl = sep ? (size_t)(sep - deck) : strlen(deck);
    vg_pkg_result *r = c->r;
    for (size_t i = 0; i < r->nfiles; i++)
        if (strlen(r->files[i].anki_deck) == tl && memcmp(r->files[i].anki_deck, deck, tl) == 0)
            return i;
    vg_pkg_file *f = S_grow(c, r->files, r->nfiles, &c->cap_files, sizeof *f);
    if (!f)
        return SIZE_MAX;
    r->files = f;
    char *top = vg_arena_strndup(c->a, deck, tl);
    if (!top) {
        c->nomem = true;
        return SIZE_MAX;
    }
    f = &r->files[r->nfiles];
    memset(f, 0, sizeof *f);
    f->anki_deck = top;
    if (!vg_import_name(top, f->name))
        snprintf(f->name, sizeof f->name, "anki-deck");
    /* Two decks whose names reduce alike ("A b", "A-b") get -2, -3, ... */
    char base[VG_IMPORT_NAME_MAX + 1];
    memcpy(base, f->name, sizeof base);
    for (unsigned k = 2;; k++) {
        bool taken = false;
        for (size_t i = 0; i < r->nfiles && !taken; i++)
            taken = strcmp(r->files[i].name, f->name) == 0;
        if (!taken)
            break;
        snprintf(f->name, sizeof f->name, "%.*s-%u", VG_IMPORT_NAME_MAX - 8, base, k);
    }
    return r->nfiles++;
}

static size_t S_type(S_cv *c, const vg_package_notetype *nt)
{
    vg_pkg_result *r = c->r;
    const char *name = nt ? nt->name : "(a missing note type)";
    for (size_t i = 0; i < r->ntypes; i++)
        if (strcmp(r->types[i].name, name) == 0)
            return i;
    vg_pkg_type *t = S_grow(c, r->types, r->ntypes, &c->cap_types, sizeof *t);
    if (!t)
        return SIZE_MAX;
    r->types = t;
    r->types[r->ntypes] = (vg_pkg_type){.name = name,
                                        .kind = nt ? nt->kind : VG_PKG_OTHER,
                                        .occlusion = nt && nt->image_occlusion,
                                        .converted = nt && nt->kind != VG_PKG_OTHER};
    return r->ntypes++;
}

/* The reviews of card id in the package (sorted by card). */
static const vg_package_review *S_reviews(const vg_package *pkg, int64_t card, size_t *n)
{
    size_t lo = 0, hi = pkg->nreviews;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pkg->reviews[mid].card < card)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t e = lo;
    while (e < pkg->nreviews && pkg->reviews[e].card == card)
        e++;
    *n = e - lo;
    return pkg->reviews + lo;
}

/* Notes -> S_note, with their cards, deck, file and type; what cannot be converted counted. */
static void S_gather(S_cv *c)
{
    const vg_package *pkg = c->pkg;
    c->notes = calloc(pkg->nnotes ? pkg->nnotes : 1, sizeof *c->notes);
    if (!c->notes) {
        c->nomem = true;
        return;
    }
    size_t k = 0, orphans = 0;
    for (size_t i = 0; i < pkg->nnotes && !c->nomem; i++) {
        const vg_package_note *note = &pkg->notes[i];
        while (k < pkg->ncards && pkg->cards[k].note < note->id) {
            orphans++;
            k++;
        }
        size_t first = k;
        while (k < pkg->ncards && pkg->cards[k].note == note->id)
            k++;
        const vg_package_notetype *nt = vg_package_notetype_find(pkg, note->notetype);
        size_t type = S_type(c, nt);
        if (type == SIZE_MAX)
            return;
        vg_pkg_type *t = &c->r->types[type];
        if (first == k) {
            S_note_add(c, VG_IMPORT_SKIPPED, "note %lld has no cards: left out",
                       (long long)note->id);
            continue;
        }
        if (!t->converted) {
            t->notes++;
            t->cards += k - first;
            for (size_t j = first; j < k; j++) {
                size_t nr;
                S_reviews(pkg, pkg->cards[j].id, &nr);
                t->reviews += nr;
            }
            continue;
        }
        const vg_package_deck *d = vg_package_deck_find(pkg, pkg->cards[first].deck);
        const char *deck = d && *d->name ? d->name : "Default";
        size_t file = S_file(c, deck);
        if (file == SIZE_MAX)
            return;
        c->notes[c->nnotes++] = (S_note){.note = note,
                                         .type = type,
                                         .nt = nt,
                                         .deck = deck,
                                         .file = file,
                                         .cards = &pkg->cards[first],
                                         .ncards = k - first};
    }
    orphans += pkg->ncards - k;
    if (orphans)
        S_note_add(c, VG_IMPORT_SKIPPED, "%zu card%s of no note: left out", orphans,
                   S_plural(orphans));
    for (size_t i = 0; i < c->r->ntypes; i++) {
        const vg_pkg_type *t = &c->r->types[i];
        if (!t->converted && t->notes)
            S_note_add(c, VG_IMPORT_SKIPPED,
                       "note type '%s' is not one vgrev converts (%s): %zu note%s, %zu card%s "
                       "and %zu review%s left out",
                       t->name,
                       t->occlusion ? "image occlusion"
                                    : "only Basic, Basic (and reversed card) and Cloze are",
                       t->notes, S_plural(t->notes), t->cards, S_plural(t->cards), t->reviews,
                       S_plural(t->reviews));
    }
    qsort(c->notes, c->nnotes, sizeof *c->notes, S_by_place);
}

/* ---- markdown ---- */

static size_t S_count_lines(const char *s, size_t len)
{
    size_t n = 0;
    for (const char *p = s; (p = memchr(p, '\n', len - (size_t)(p - s))); p++)
        n++;
    return n;
}

static void S_convert_field(const vg_package_note *n, size_t k, vg_ir *ir, vg_field_report *rep)
{
    vg_field_opts fo = {.html = true, .media_text = true};
    if (k < n->nfields)
        vg_field_convert(n->fields[k], n->field_len[k], &fo, ir, rep);
    vg_ir_end(ir);
}

/* Headings from the last deck written (prev) to deck: the levels that differ. */
static void S_headings(vg_buf *md, const char *prev, const char *deck)
{
    /* Skip the top level (the file) and the levels both share. */
    const char *p = prev ? strstr(prev, "::") : NULL, *d = strstr(deck, "::");
    unsigned level = 2;
    while (p && d) {
        const char *pe = strstr(p + 2, "::"), *de = strstr(d + 2, "::");
        size_t pl = pe ? (size_t)(pe - p) : strlen(p), dl = de ? (size_t)(de - d) : strlen(d);
        if (pl != dl || memcmp(p, d, pl) != 0)
            break;
        p = pe;
        d = de;
        level++;
    }
    while (d) {
        const char *de = strstr(d + 2, "::");
        /* Deeper than '######': the rest of the path on one heading. */
        if (level == 6)
            de = NULL;
        size_t dl = de ? (size_t)(de - d - 2) : strlen(d + 2);
        for (unsigned i = 0; i < level; i++)
            vg_buf_addc(md, '#');
        vg_buf_addc(md, ' ');
        vg_md_plain(md, d + 2, dl);
        vg_buf_adds(md, "\n\n");
        d = de;
        level++;
    }
}

/* Writes file f's notes (those not skipped); notes get their line. */
static void S_generate(S_cv *c, size_t f, vg_buf *md)
{
    vg_pkg_file *file = &c->r->files[f];
    vg_buf_clear(md);
    vg_buf_adds(md, "# ");
    vg_md_plain(md, file->anki_deck, strlen(file->anki_deck));
    vg_buf_adds(md, "\n\nImported from Anki by vgrev.\n\n");
    vg_ir raw, front, back, field;
    vg_ir_init(&raw);
    vg_ir_init(&front);
    vg_ir_init(&back);
    vg_ir_init(&field);
    vg_buf tags = VG_BUF_INIT;
    const char *prev = NULL;
    size_t line = S_count_lines(vg_buf_str(md), md->len) + 1;
    for (size_t i = 0; i < c->nnotes; i++) {
        S_note *n = &c->notes[i];
        if (n->file != f || n->skip)
            continue;
        if (!prev || S_deck_cmp(prev, n->deck) != 0) {
            S_headings(md, prev, n->deck);
            prev = n->deck;
            line = S_count_lines(vg_buf_str(md), md->len) + 1;
        }
        vg_field_report rep = {0};
        vg_ir_clear(&raw);
        vg_ir_clear(&front);
        vg_ir_clear(&back);
        bool cloze = n->nt->kind == VG_PKG_CLOZE;
        /* Cloze: the text is the bullet; Basic: the first field is the front. */
        S_convert_field(n->note, 0, cloze ? &back : &raw, &rep);
        if (!cloze)
            vg_ir_front(&raw, &front, false);
        if (cloze ? vg_ir_empty(&back) : vg_ir_empty(&front)) {
            S_note_add(c, VG_IMPORT_SKIPPED, "note %lld (%s) has an empty %s: left out",
                       (long long)n->note->id, n->nt->name, cloze ? "text" : "front");
            n->skip = true;
            continue;
        }
        /* The other fields follow as paragraphs of the back, except the switch of Basic
         * (optional reversed card), whose cards say whether there is a reverse. */
        size_t nf = n->nt->kind == VG_PKG_REVERSED && n->nt->nfields == 3 ? 2 : n->note->nfields;
        for (size_t k = 1; k < nf; k++) {
            vg_ir_clear(&field);
            S_convert_field(n->note, k, &field, &rep);
            if (field.nblocks)
                vg_ir_append(&back, &field);
            vg_ir_end(&back);
        }
        vg_buf_clear(&tags);
        vg_imp_add_tags(&tags, n->note->tags, strlen(n->note->tags), false);
        bool reversed = false;
        for (size_t k = 0; k < n->ncards; k++)
            reversed |= n->nt->kind == VG_PKG_REVERSED && n->cards[k].ord == 1;
        n->line = (unsigned)line;
        vg_md_note(md, cloze ? NULL : &front, reversed ? ":::" : ":", &back, vg_buf_str(&tags));
        vg_buf_addc(md, '\n');
        line = S_count_lines(vg_buf_str(md), md->len) + 1;
        c->r->types[n->type].media += rep.images + rep.sounds;
        if (raw.failed || front.failed || back.failed || field.failed || tags.failed)
            c->nomem = true;
    }
    if (md->failed)
        c->nomem = true;
    vg_ir_release(&raw);
    vg_ir_release(&front);
    vg_ir_release(&back);
    vg_ir_release(&field);
    vg_buf_release(&tags);
}

/* The notes of file f whose line holds a deck error (a duplicate front): left out. True when
 * one was. */
static bool S_drop_errors(S_cv *c, size_t f, const vg_deck *deck)
{
    bool dropped = false;
    for (size_t i = 0; i < deck->ndiags; i++) {
        const vg_diag *d = &deck->diags[i];
        if (d->level != VG_DIAG_ERROR)
            continue;
        for (size_t k = 0; k < c->nnotes; k++) {
            S_note *n = &c->notes[k];
            if (n->file != f || n->skip || n->line != d->line)
                continue;
            n->skip = true;
            dropped = true;
            S_note_add(c, VG_IMPORT_SKIPPED, "note %lld (%s) in '%s': %s: left out",
                       (long long)n->note->id, n->nt->name, n->deck, d->msg);
        }
    }
    return dropped;
}

/* The card of anki card k of note n in the parsed deck, or NULL. */
static const vg_card *S_match(const vg_deck *deck, const S_note *n, const vg_package_card *k)
{
    /* Cards are in file order: the first on the note's line by bisection. */
    size_t lo = 0, hi = deck->ncards;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (deck->cards[mid].line < n->line)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < deck->ncards && deck->cards[i].line == n->line; i++) {
        const vg_card *v = &deck->cards[i];
        bool ok;
        switch (n->nt->kind) {
        case VG_PKG_CLOZE:
            ok = v->cloze == (unsigned)k->ord + 1;
            break;
        case VG_PKG_REVERSED:
            ok = v->cloze == 0 && v->reverse == (k->ord == 1);
            break;
        default:
            ok = v->cloze == 0 && !v->reverse && k->ord == 0;
            break;
        }
        if (ok)
            return v;
    }
    return NULL;
}

static vg_status S_files(S_cv *c, vg_error *err)
{
    vg_pkg_result *r = c->r;
    c->decks =
        calloc(r->nfiles ? r->nfiles : 1, sizeof(vg_deck *)); // NOLINT(bugprone-sizeof-expression)
    if (!c->decks)
        return vg_error_set(err, VG_NOMEM, c->file, 0, 0, NULL);
    vg_buf md = VG_BUF_INIT;
    for (size_t f = 0; f < r->nfiles && !c->nomem; f++) {
        char fname[VG_IMPORT_NAME_MAX + 4];
        snprintf(fname, sizeof fname, "%s.md", r->files[f].name);
        for (unsigned pass = 0; pass < 8; pass++) {
            S_generate(c, f, &md);
            if (c->nomem)
                break;
            vg_deck_free(c->decks[f]);
            c->decks[f] = NULL;
            vg_status st = vg_deck_parse(vg_buf_str(&md), md.len, fname, &c->decks[f], err);
            if (st != VG_OK) {
                vg_buf_release(&md);
                return st;
            }
            if (!S_drop_errors(c, f, c->decks[f]))
                break;
        }
        if (c->nomem)
            break;
        if (!c->decks[f] || vg_deck_has_errors(c->decks[f])) {
            vg_buf_release(&md);
            return vg_error_set(err, VG_PARSE, c->file, 0, 0,
                                "the deck written for '%s' does not read back without errors",
                                r->files[f].anki_deck);
        }
        r->files[f].markdown = vg_arena_strndup(c->a, vg_buf_str(&md), md.len);
        r->files[f].len = md.len;
        r->files[f].deck = c->decks[f];
        r->files[f].cards = c->decks[f]->ncards;
        if (!r->files[f].markdown)
            c->nomem = true;
    }
    vg_buf_release(&md);
    return c->nomem ? vg_error_set(err, VG_NOMEM, c->file, 0, 0, NULL) : VG_OK;
}

/* Every Anki card of the notes written: its vgrev card and its log. */
static void S_records(S_cv *c)
{
    vg_pkg_result *r = c->r;
    size_t unmatched = 0, unmatched_reviews = 0, no_log = 0;
    for (size_t i = 0; i < c->nnotes && !c->nomem; i++) {
        S_note *n = &c->notes[i];
        if (n->skip)
            continue;
        const vg_deck *deck = c->decks[n->file];
        vg_pkg_type *t = &r->types[n->type];
        t->notes++;
        r->files[n->file].notes++;
        for (size_t k = 0; k < n->ncards; k++) {
            const vg_package_card *ak = &n->cards[k];
            size_t nrows;
            const vg_package_review *rows = S_reviews(c->pkg, ak->id, &nrows);
            const vg_card *v = S_match(deck, n, ak);
            if (!v) {
                unmatched++;
                unmatched_reviews += nrows;
                continue;
            }
            vg_pkg_record *rec = S_grow(c, r->records, r->nrecords, &c->cap_recs, sizeof *rec);
            if (!rec)
                return;
            r->records = rec;
            rec = &r->records[r->nrecords++];
            memset(rec, 0, sizeof *rec);
            rec->file = n->file;
            memcpy(rec->id, v->id, sizeof rec->id);
            rec->section = deck->sections[v->section].title;
            rec->front = v->front_src;
            rec->anki_card = ak->id;
            rec->suspended = ak->queue == -1;
            rec->buried = ak->queue == -2 || ak->queue == -3;
            S_card_log(c, rows, nrows, rec);
            if (ak->type != 0 && !rec->nreviews)
                no_log++;
            t->cards++;
            t->reviews += rec->nreviews;
        }
    }
    if (unmatched)
        S_note_add(c, VG_IMPORT_SKIPPED,
                   "%zu Anki card%s found no card in the markdown written (a direction or "
                   "cloze number the deck does not have): %zu review%s left out",
                   unmatched, S_plural(unmatched), unmatched_reviews, S_plural(unmatched_reviews));
    if (no_log)
        S_note_add(c, VG_IMPORT_WARNING,
                   "%zu card%s studied in Anki have no answers in the package's log: they "
                   "start as new",
                   no_log, S_plural(no_log));
    if (r->rows_left_out)
        S_note_add(c, VG_IMPORT_INFO,
                   "%zu review log row%s that are no answers left out (manual reschedules, "
                   "resets, filtered-deck previews)",
                   r->rows_left_out, S_plural(r->rows_left_out));
}

/* The deck options most imported cards use, with FSRS weights or a desired retention. */
static void S_config(S_cv *c)
{
    const vg_package *pkg = c->pkg;
    size_t best = 0;
    for (size_t i = 0; i < pkg->nconfigs; i++) {
        const vg_package_config *cf = &pkg->configs[i];
        if (!cf->nweights && cf->desired_retention <= 0)
            continue;
        size_t uses = 0;
        double dr = 0;
        for (size_t k = 0; k < c->nnotes; k++) {
            const S_note *n = &c->notes[k];
            if (n->skip)
                continue;
            for (size_t j = 0; j < n->ncards; j++) {
                const vg_package_deck *d = vg_package_deck_find(pkg, n->cards[j].deck);
                if (d && d->config == cf->id) {
                    uses++;
                    if (d->desired_retention > 0 && !dr)
                        dr = d->desired_retention;
                }
            }
        }
        if (uses > best || !c->r->config) {
            best = uses;
            c->r->config = cf;
            c->r->desired_retention = cf->desired_retention > 0 ? cf->desired_retention : dr;
        }
    }
}

vg_status vg_import_package(const vg_package *pkg, const char *file, vg_pkg_result **out,
                            vg_error *err)
{
    *out = NULL;
    if (!file)
        file = "<package>";
    vg_pkg_result *r = calloc(1, sizeof *r);
    if (!r || !(r->arena = vg_arena_new())) {
        free(r);
        return vg_error_set(err, VG_NOMEM, file, 0, 0, NULL);
    }
    S_cv c = {.pkg = pkg, .file = file, .r = r, .a = r->arena};
    for (size_t i = 0; i < pkg->nwarnings; i++)
        S_note_add(&c, VG_IMPORT_WARNING, "%s", pkg->warnings[i]);
    S_gather(&c);
    vg_status st = c.nomem ? vg_error_set(err, VG_NOMEM, file, 0, 0, NULL) : VG_OK;
    if (st == VG_OK)
        st = S_files(&c, err);
    if (st == VG_OK) {
        S_records(&c);
        S_config(&c);
        if (c.nomem)
            st = vg_error_set(err, VG_NOMEM, file, 0, 0, NULL);
    }
    for (size_t i = 0; i < r->ntypes; i++) {
        if (!r->types[i].converted)
            continue;
        r->notes += r->types[i].notes;
        r->cards += r->types[i].cards;
        r->reviews += r->types[i].reviews;
    }
    r->media = pkg->nmedia;
    if (st == VG_OK && !r->cards)
        st = vg_error_set(err, VG_PARSE, file, 0, 0, "no note of the package could become a card");
    if (st != VG_OK) {
        for (size_t f = 0; c.decks && f < r->nfiles; f++) {
            vg_deck_free(c.decks[f]);
            r->files[f].deck = NULL;
        }
        free(c.decks);
        free(c.notes);
        vg_pkg_result_free(r);
        return st;
    }
    /* Files without a card (every note left out) are not written. */
    size_t kept = 0;
    for (size_t f = 0; f < r->nfiles; f++) {
        if (r->files[f].cards) {
            for (size_t i = 0; i < r->nrecords; i++)
                if (r->records[i].file == f)
                    r->records[i].file = kept;
            r->files[kept++] = r->files[f];
        } else {
            vg_deck_free(c.decks[f]);
        }
    }
    r->nfiles = kept;
    free(c.decks);
    free(c.notes);
    *out = r;
    return VG_OK;
}

void vg_pkg_result_free(vg_pkg_result *r)
{
    if (!r)
        return;
    for (size_t f = 0; f < r->nfiles; f++)
        vg_deck_free((vg_deck *)r->files[f].deck);
    free(r->files);
    free(r->records);
    free(r->types);
    free(r->notes_out);
    vg_arena_free(r->arena);
    free(r);
}
