#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "vgrev/buf.h"
#include "vgrev/render.h"

extern const unsigned char vg_builtin_deck[];
extern const size_t vg_builtin_deck_len;

int cli_fail(const vg_error *err)
{
    char msg[VG_ERROR_FILE_MAX + VG_ERROR_MSG_MAX + 32];
    vg_error_format(err, msg, sizeof msg);
    fputs("vgrev: ", stderr);
    cli_puts_clean(stderr, msg);
    fputc('\n', stderr);
    return CLI_ERROR;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "vgrev: %s: ", cmd);
    cli_puts_clean(stderr, msg);
    fprintf(stderr, "\nTry 'vgrev %s --help'.\n", cmd);
    return CLI_USAGE;
}

int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
    opterr = 0;
    int c = getopt_long(argc, argv, shortopts, longopts, NULL);
    if (c != '?')
        return c;
    const char *arg = argv[optind - 1];
    if (strncmp(arg, "--", 2) == 0) {
        /* getopt_long only says '?' (and optopt is the option's value, not a letter): tell
         * which of the long-option mistakes it was. Unique prefixes count, as getopt_long's. */
        const char *name = arg + 2;
        size_t n = strcspn(name, "=");
        const struct option *hit = NULL;
        size_t hits = 0;
        for (const struct option *o = longopts; o->name; o++) {
            if (!n || strncmp(o->name, name, n) != 0)
                continue;
            hit = o;
            if (strlen(o->name) == n) {
                hits = 1;
                break;
            }
            hits++;
        }
        if (hits == 1 && name[n] == '=' && hit->has_arg == no_argument)
            cli_usage_error(argv[0], "option '--%s' takes no value", hit->name);
        else if (hits == 1 && !name[n] && hit->has_arg == required_argument)
            cli_usage_error(argv[0], "option '--%s' needs a value", hit->name);
        else if (hits > 1)
            cli_usage_error(argv[0], "option '--%.*s' is ambiguous", (int)n, name);
        else
            cli_usage_error(argv[0], "unknown option '%.*s'", (int)(n + 2), arg);
        return '?';
    }
    if (optopt && optopt < 128 && strchr(shortopts, optopt))
        cli_usage_error(argv[0], "option '-%c' needs a value", optopt);
    else if (optopt && optopt < 128)
        cli_usage_error(argv[0], "unknown option '-%c'", optopt);
    else
        cli_usage_error(argv[0], "unknown option or missing value: '%s'", arg);
    return '?';
}

static bool S_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

static size_t S_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

bool cli_is_deck(const char *arg)
{
    if (strchr(arg, '/') || S_ends_with(arg, ".md") || S_is_file(arg))
        return true;
    if (strcmp(arg, PATHS_BUILTIN_NAME) == 0)
        return true;
    char *path = paths_deck(arg);
    bool found = path && S_is_file(path);
    free(path);
    return found;
}

vg_status cli_deck_open(const char *spec, vg_deck **out, vg_error *err)
{
    if (!spec)
        return vg_deck_parse((const char *)vg_builtin_deck, vg_builtin_deck_len, PATHS_BUILTIN_DECK,
                             out, err);
    if (strchr(spec, '/') || S_ends_with(spec, ".md") || S_is_file(spec))
        return vg_deck_load(spec, out, err);
    char *path = paths_deck(spec);
    if (!path)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    vg_status st = VG_OK;
    if (S_is_file(path))
        st = vg_deck_load(path, out, err);
    else if (strcmp(spec, PATHS_BUILTIN_NAME) == 0)
        st = cli_deck_open(NULL, out, err); /* the name 'vgrev decks' shows for it */
    else
        st = vg_error_set(err, VG_NOT_FOUND, NULL, 0, 0,
                          "no deck '%s': not a file, nor an imported deck (see 'vgrev decks')",
                          spec);
    free(path);
    return st;
}

size_t cli_width(FILE *out)
{
    const char *cols = getenv("COLUMNS");
    if (cols && *cols) {
        char *end;
        long n = strtol(cols, &end, 10);
        if (!*end && n >= 20 && n <= 1000)
            return (size_t)n;
    }
    struct winsize ws;
    if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    return 80;
}

void cli_put_clean(FILE *out, const char *s, size_t len)
{
    vg_buf b = VG_BUF_INIT;
    vg_render_sanitize(s, len, &b);
    fwrite(vg_buf_str(&b), 1, b.len, out);
    vg_buf_release(&b);
}

void cli_puts_clean(FILE *out, const char *s)
{
    cli_put_clean(out, s, strlen(s));
}
