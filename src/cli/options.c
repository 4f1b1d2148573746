/* Options from tables (cli.h): one cli_opt list per command drives getopt_long, the usage
 * errors, the synopsis and the option list of --help, as git's parse-options tables do. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "vgrev/buf.h"

/* The help is wrapped to this many columns, whatever the terminal: it is read in pagers and
 * compared in tests. */
enum { S_HELP_WIDTH = 80, S_LONG_ONLY = 256 };

/* An option's label ("    --name NAME") longer than this has its help on the next line,
 * so that one long label does not push every help text to the right. */
enum { S_LABEL_MAX = 24 };

static size_t S_count(const cli_opt *opts)
{
    size_t n = 0;
    while (opts[n].name)
        n++;
    return n;
}

/* getopt_long's tables for opts: a long option returns S_LONG_ONLY + its index, a short one
 * its letter. global: stop at the first operand (the command), as POSIX getopt does. */
static bool S_tables(const cli_opt *opts, bool global, struct option **longopts, char **shortopts)
{
    size_t n = S_count(opts);
    *longopts = calloc(n + 1, sizeof **longopts);
    *shortopts = calloc(2 * n + 2, 1);
    if (!*longopts || !*shortopts)
        return false;
    char *s = *shortopts;
    if (global)
        *s++ = '+';
    for (size_t i = 0; i < n; i++) {
        bool value = opts[i].arg != NULL;
        (*longopts)[i] = (struct option){opts[i].name, value ? required_argument : no_argument,
                                         NULL, S_LONG_ONLY + (int)i};
        if (opts[i].letter) {
            *s++ = opts[i].letter;
            if (value)
                *s++ = ':';
        }
    }
    return true;
}

static const cli_opt *S_by_letter(const cli_opt *opts, int letter)
{
    for (const cli_opt *o = opts; o->name; o++)
        if (o->letter && o->letter == letter)
            return o;
    return NULL;
}

/* getopt_long said '?' (and optopt is no help for a long option): say which mistake it was.
 * Unique prefixes count, as they do for getopt_long. Returns CLI_USAGE. */
static int S_bad_option(const char *cmd, const cli_opt *opts, const char *arg, int letter)
{
    if (strncmp(arg, "--", 2) != 0) {
        const cli_opt *o = letter ? S_by_letter(opts, letter) : NULL;
        if (o)
            return cli_usage_error(cmd, "option '-%c' needs a value", letter);
        if (letter > 0 && letter < 128)
            return cli_usage_error(cmd, "unknown option '-%c'", letter);
        return cli_usage_error(cmd, "unknown option or missing value: '%s'", arg);
    }
    const char *name = arg + 2;
    size_t n = strcspn(name, "=");
    const cli_opt *hit = NULL;
    size_t hits = 0;
    for (const cli_opt *o = opts; o->name; o++) {
        if (!n || strncmp(o->name, name, n) != 0)
            continue;
        hit = o;
        if (strlen(o->name) == n) {
            hits = 1;
            break;
        }
        hits++;
    }
    if (hits == 1 && name[n] == '=' && !hit->arg)
        return cli_usage_error(cmd, "option '--%s' takes no value", hit->name);
    if (hits == 1 && !name[n] && hit->arg)
        /* Before the command every value is a file, and says so ('vgrev --config'). */
        return cli_usage_error(cmd, "option '--%s' needs %s", hit->name,
                               !cmd && hit->kind == CLI_OPT_FILE ? "a file" : "a value");
    if (hits > 1)
        return cli_usage_error(cmd, "option '--%.*s' is ambiguous", (int)n, name);
    return cli_usage_error(cmd, "unknown option '%.*s'", (int)(n + 2), arg);
}

/* Does what option o says to dest. */
static int S_apply(const char *cmd, const cli_opt *o, const char *value, void *dest, bool *help)
{
    char *field = (char *)dest + o->member;
    switch (o->kind) {
    case CLI_OPT_HELP:
        *help = true;
        return CLI_OK;
    case CLI_OPT_FLAG:
        *(bool *)(void *)field = true;
        return CLI_OK;
    case CLI_OPT_FILE:
        if (!*value)
            return cli_usage_error(cmd, "option '--%s' needs a file", o->name);
        /* fall through */
    case CLI_OPT_STRING:
        *(const char **)(void *)field = value;
        return CLI_OK;
    case CLI_OPT_CALL:
        return o->set(cmd, o, value, dest);
    }
    return CLI_OK;
}

int cli_parse(const char *cmd, const cli_opt *opts, int argc, char **argv, void *dest, bool *help,
              int *first)
{
    *help = false;
    struct option *longopts = NULL;
    char *shortopts = NULL;
    int status = CLI_OK;
    if (!S_tables(opts, !cmd, &longopts, &shortopts)) {
        fputs("vgrev: out of memory\n", stderr);
        status = CLI_ERROR;
    }
    opterr = 0;
    optind = 0; /* GNU getopt starts afresh: the global options were read with it before */
    while (status == CLI_OK && !*help) {
        int c = getopt_long(argc, argv, shortopts, longopts, NULL);
        if (c == -1)
            break;
        const cli_opt *o = c >= S_LONG_ONLY ? &opts[c - S_LONG_ONLY] : S_by_letter(opts, c);
        if (c == '?' || !o)
            status = S_bad_option(cmd, opts, argv[optind - 1], optopt);
        else
            status = S_apply(cmd, o, optarg, dest, help);
    }
    free(longopts);
    free(shortopts);
    *first = optind;
    return status;
}

/* ---- help ---------------------------------------------------------------------------------- */

/* Appends text to b wrapped at S_HELP_WIDTH, b's current line being `col` wide, continuation
 * lines indented to `indent`; lead: a blank before the first word too. Words are never split. */
static void S_wrap(vg_buf *b, const char *text, size_t col, size_t indent, bool lead)
{
    bool first = true;
    for (const char *p = text; *p;) {
        p += strspn(p, " ");
        size_t w = strcspn(p, " ");
        if (!w)
            break;
        if ((!first || lead) && col + 1 + w > S_HELP_WIDTH && col > indent) {
            vg_buf_printf(b, "\n%*s", (int)indent, "");
            col = indent;
        } else if (!first || lead) {
            vg_buf_addc(b, ' ');
            col++;
        }
        vg_buf_add(b, p, w);
        col += w;
        p += w;
        first = false;
    }
}

void cli_synopsis(vg_buf *b, const char *cmd, const char *before, const cli_opt *opts,
                  const char *after)
{
    size_t start = b->len;
    vg_buf_adds(b, "usage: vgrev");
    if (cmd)
        vg_buf_printf(b, " %s", cmd);
    size_t indent = b->len - start + 1;
    vg_buf words = VG_BUF_INIT;
    if (before)
        vg_buf_printf(&words, " %s", before);
    for (const cli_opt *o = opts; o->name; o++) {
        if (o->kind == CLI_OPT_HELP)
            continue;
        /* One bracket is one word for the wrap: a no-break space, put back below. */
        vg_buf_printf(&words, " [--%s%s%s]", o->name, o->arg ? "\x1f" : "", o->arg ? o->arg : "");
    }
    if (after)
        vg_buf_printf(&words, " %s", after);
    size_t from = b->len;
    S_wrap(b, vg_buf_str(&words), indent - 1, indent, true);
    for (size_t i = from; i < b->len; i++)
        if (b->data[i] == '\x1f')
            b->data[i] = ' ';
    vg_buf_addc(b, '\n');
    vg_buf_release(&words);
}

/* "-h, --help" or "    --cards" or "    --name NAME" */
static void S_opt_label(vg_buf *b, const cli_opt *o, bool letters)
{
    if (o->letter)
        vg_buf_printf(b, "-%c, ", o->letter);
    else if (letters)
        vg_buf_adds(b, "    ");
    vg_buf_printf(b, "--%s", o->name);
    if (o->arg)
        vg_buf_printf(b, " %s", o->arg);
}

void cli_opts_help(vg_buf *b, const cli_opt *opts)
{
    bool letters = false;
    size_t width = 0;
    for (const cli_opt *o = opts; o->name; o++)
        letters = letters || o->letter;
    for (const cli_opt *o = opts; o->name; o++) {
        vg_buf label = VG_BUF_INIT;
        S_opt_label(&label, o, letters);
        if (label.len > width && label.len <= S_LABEL_MAX)
            width = label.len;
        vg_buf_release(&label);
    }
    size_t col = 2 + width + 2;
    for (const cli_opt *o = opts; o->name; o++) {
        size_t start = b->len;
        vg_buf_adds(b, "  ");
        S_opt_label(b, o, letters);
        size_t used = b->len - start;
        if (used + 2 > col) /* a long label: the help goes under it */
            vg_buf_printf(b, "\n%*s", (int)col, "");
        else
            vg_buf_printf(b, "%*s", (int)(col - used), "");
        S_wrap(b, o->help, col, col, false);
        vg_buf_addc(b, '\n');
    }
}

/* The about text, wrapped: paragraphs (split at blank lines) are refilled to the help's width,
 * except those whose lines are indented (examples), which are kept as written. */
static void S_help_about(vg_buf *b, const char *about)
{
    for (const char *p = about; *p;) {
        const char *end = strstr(p, "\n\n");
        size_t n = end ? (size_t)(end - p) + 1 : strlen(p);
        vg_buf_addc(b, '\n');
        if (*p == ' ') {
            vg_buf_add(b, p, n);
        } else {
            vg_buf para = VG_BUF_INIT;
            vg_buf_add(&para, p, n);
            for (size_t i = 0; i < para.len; i++)
                if (para.data[i] == '\n')
                    para.data[i] = ' ';
            S_wrap(b, vg_buf_str(&para), 0, 0, false);
            vg_buf_addc(b, '\n');
            vg_buf_release(&para);
        }
        p += end ? n + 1 : n;
    }
}

void cli_help(const cli_command *c, FILE *out)
{
    vg_buf b = VG_BUF_INIT;
    cli_synopsis(&b, c->name, c->operands, c->opts, NULL);
    S_help_about(&b, c->about);
    vg_buf_addc(&b, '\n');
    cli_opts_help(&b, c->opts);
    fwrite(vg_buf_str(&b), 1, b.len, out);
    vg_buf_release(&b);
}

/* ---- running a command --------------------------------------------------------------------- */

/* How many operands the synopsis allows: a word in brackets may be left out, and one ending
 * in "..." repeats ("[DECK] [ID...]": any number). max is -1 for no limit. */
static void S_operand_counts(const char *operands, int *min, int *max)
{
    *min = *max = 0;
    for (const char *p = operands ? operands : ""; *p;) {
        p += strspn(p, " ");
        size_t w = strcspn(p, " ");
        if (!w)
            break;
        *min += *p != '[';
        size_t end = w - (p[w - 1] == ']');
        if (*max >= 0)
            *max = end >= 3 && !strncmp(p + end - 3, "...", 3) ? -1 : *max + 1;
        p += w;
    }
}

/* The operands' count against the synopsis; prints the usage error. */
static int S_check_operands(const cli_command *c, int n, char **args)
{
    int min, max;
    S_operand_counts(c->operands, &min, &max);
    if (n < min)
        return cli_usage_error(c->name, "which %s? (vgrev %s %s)", c->noun, c->name, c->operands);
    if (max >= 0 && n > max) {
        if (!max)
            return cli_usage_error(c->name, "no arguments expected ('%s' is extra)", args[0]);
        return cli_usage_error(c->name, "one %s at a time ('%s' is extra)", c->noun, args[max]);
    }
    return CLI_OK;
}

int cli_run(const cli_command *c, int argc, char **argv)
{
    void *opts = malloc(c->opts_size ? c->opts_size : 1);
    if (!opts) {
        fputs("vgrev: out of memory\n", stderr);
        return CLI_ERROR;
    }
    if (c->opts_size)
        memcpy(opts, c->defaults, c->opts_size);
    bool help = false;
    int first = argc;
    int status = cli_parse(c->name, c->opts, argc, argv, opts, &help, &first);
    if (status == CLI_OK && help)
        cli_help(c, stdout);
    else if (status == CLI_OK)
        status = S_check_operands(c, argc - first, argv + first);
    if (status == CLI_OK && !help)
        status = c->run(opts, argc - first, argv + first);
    free(opts);
    return status;
}

int cli_sched_kind(const char *cmd, const char *value, vg_sched_kind *kind)
{
    if (strcmp(value, "fsrs") != 0 && strcmp(value, "sm2") != 0)
        return cli_usage_error(cmd, "--scheduler is fsrs or sm2, not '%s'", value);
    *kind = strcmp(value, "sm2") == 0 ? VG_SCHED_SM2 : VG_SCHED_FSRS;
    return CLI_OK;
}
