/* vgrev decks: the built-in deck and every imported one, with their card counts. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "options.h"
#include "paths.h"
#include "vgrev/buf.h"
#include "vgrev/render.h"
#include "vgrev/utf8.h"

static const char S_about[] =
    "Lists the decks: the built-in one and those added with 'vgrev import', with\n"
    "NAME, TITLE, CARDS, NEW, LEARNING, DUE and FILE (the counts as 'vgrev list'\n"
    "gives them). A NAME works wherever a DECK goes ('vgrev list NAME',\n"
    "'vgrev study NAME').\n";

typedef struct decks_opts {
    bool plain;
} decks_opts;

enum { S_COLS = 7 };

typedef struct S_table {
    char **cells; /* rows * S_COLS, sanitized, no tabs or newlines */
    size_t rows, cap;
} S_table;

/* A cell: sanitized text on one line. Caller frees. */
static char *S_cell(const char *s)
{
    vg_buf b = VG_BUF_INIT;
    cli_cell(&b, s, strlen(s));
    if (!b.len)
        vg_buf_adds(&b, "-");
    return vg_buf_detach(&b);
}

static bool S_add_row(S_table *t, const char *const cols[S_COLS])
{
    if (t->rows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        char **c = realloc(t->cells, cap * S_COLS * sizeof *c);
        if (!c)
            return false;
        t->cells = c;
        t->cap = cap;
    }
    for (int k = 0; k < S_COLS; k++)
        t->cells[t->rows * S_COLS + (size_t)k] = S_cell(cols[k]);
    t->rows++;
    return true;
}

/* A deck's row; spec as for cli_deck_open (NULL: the built-in deck). False when its
 * progress could not be read (reported). */
static bool S_deck_row(S_table *t, const cli_reading *p, const char *spec, const char *name,
                       const vg_deck *deck, const char *file)
{
    vg_session *ses = NULL;
    vg_error err;
    vg_error_clear(&err);
    if (cli_session_open(deck, spec, p->store, &p->sched, p->now, &ses, &err) != VG_OK) {
        cli_fail(&err);
        return false;
    }
    vg_counts sum = {0};
    for (size_t i = 0; i < deck->nsections; i++) {
        vg_counts k;
        vg_session_counts(ses, 0, i, p->now, &k);
        sum.cards += k.cards;
        sum.new_cards += k.new_cards;
        sum.learning += k.learning;
        sum.due += k.due;
    }
    vg_session_free(ses);
    char n[4][32];
    snprintf(n[0], sizeof n[0], "%zu", sum.cards);
    snprintf(n[1], sizeof n[1], "%zu", sum.new_cards);
    snprintf(n[2], sizeof n[2], "%zu", sum.learning);
    snprintf(n[3], sizeof n[3], "%zu", sum.due);
    vg_buf title = VG_BUF_INIT;
    vg_render_title(vg_deck_name(deck), &title);
    const char *cols[S_COLS] = {name, vg_buf_str(&title), n[0], n[1], n[2], n[3], file};
    if (title.failed || !S_add_row(t, cols))
        fputs("vgrev: decks: out of memory\n", stderr);
    vg_buf_release(&title);
    return true;
}

static int S_by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The imported decks' names (files NAME.md in the folder), sorted; NULL on an error. */
static char **S_names(const char *dir, size_t *n, int *status)
{
    *n = 0;
    char **names = NULL;
    size_t cap = 0;
    DIR *d = opendir(dir);
    if (!d) {
        if (errno != ENOENT) {
            vg_error err;
            vg_error_set(&err, VG_IO, dir, 0, 0, "%s", strerror(errno));
            *status = cli_fail(&err);
        }
        return NULL;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len <= 3 || strcmp(e->d_name + len - 3, ".md") != 0)
            continue;
        if (*n == cap) {
            size_t c = cap ? cap * 2 : 16;
            char **p = realloc(names, c * sizeof *p);
            if (!p)
                break;
            names = p;
            cap = c;
        }
        names[*n] = strndup(e->d_name, len - 3);
        if (names[*n])
            (*n)++;
    }
    closedir(d);
    if (*n)
        qsort(names, *n, sizeof *names, S_by_name);
    return names;
}

static void S_print(const S_table *t, bool plain)
{
    static const char *const head[S_COLS] = {"NAME",     "TITLE", "CARDS", "NEW",
                                             "LEARNING", "DUE",   "FILE"};
    size_t width[S_COLS];
    for (int k = 0; k < S_COLS; k++) {
        width[k] = strlen(head[k]);
        for (size_t r = 0; r < t->rows && !plain; r++) {
            const char *c = t->cells[r * S_COLS + (size_t)k];
            size_t w = c ? vg_text_width(c, strlen(c)) : 1;
            if (w > width[k])
                width[k] = w;
        }
    }
    for (size_t r = 0; r <= t->rows; r++) {
        for (int k = 0; k < S_COLS; k++) {
            const char *c = r ? t->cells[(r - 1) * S_COLS + (size_t)k] : head[k];
            if (!c)
                c = "-";
            fputs(c, stdout);
            if (k + 1 == S_COLS)
                break;
            if (plain) {
                putchar('\t');
            } else {
                size_t w = vg_text_width(c, strlen(c));
                printf("%*s", (int)(width[k] - w + 2), "");
            }
        }
        putchar('\n');
    }
}

static int S_run(const void *opts, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    bool plain = ((const decks_opts *)opts)->plain || !isatty(STDOUT_FILENO);

    int status = CLI_OK;
    S_table t = {0};
    vg_deck *deck = NULL;
    vg_error err;
    vg_error_clear(&err);
    cli_reading p;
    if (cli_reading_open(&p, &err) != VG_OK)
        return cli_fail(&err);
    /* The user's copy of the built-in deck (`e` on it) stands in its place: its row is below. */
    char *copy = paths_deck(PATHS_BUILTIN_NAME);
    struct stat cst;
    bool own_copy = copy && stat(copy, &cst) == 0 && S_ISREG(cst.st_mode);
    free(copy);
    if (own_copy) {
        /* listed with the imported decks */
    } else if (cli_deck_open(NULL, &deck, &err) == VG_OK) {
        if (!S_deck_row(&t, &p, NULL, PATHS_BUILTIN_NAME, deck, "built-in"))
            status = CLI_ERROR;
        vg_deck_free(deck);
    } else {
        status = cli_fail(&err);
    }

    char *dir = paths_decks_dir();
    size_t n = 0;
    char **names = dir ? S_names(dir, &n, &status) : NULL;
    for (size_t i = 0; i < n; i++) {
        char *path = paths_deck(names[i]);
        struct stat st;
        if (path && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            deck = NULL;
            vg_error_clear(&err);
            if (vg_deck_load(path, &deck, &err) == VG_OK) {
                if (!S_deck_row(&t, &p, names[i], names[i], deck, path))
                    status = CLI_ERROR;
                vg_deck_free(deck);
            } else {
                status = cli_fail(&err);
                const char *cols[S_COLS] = {names[i], "(does not load)", "?", "?", "?", "?", path};
                S_add_row(&t, cols);
            }
        }
        free(path);
        free(names[i]);
    }
    free(names);
    free(dir);
    S_print(&t, plain);
    for (size_t i = 0; i < t.rows * S_COLS; i++)
        free(t.cells[i]);
    free(t.cells);
    cli_reading_release(&p);
    return status;
}

static const decks_opts S_defaults = {.plain = false};

static const cli_opt S_opts[] = {
    CLI_FLAG("plain", decks_opts, plain,
             "a tab-separated table (what happens when not on a terminal)"),
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_END,
};

CLI_COMMAND(decks, decks_opts, NULL, "deck",
            "list the decks: the built-in one and the imported ones");
