/* What the commands print besides their results: errors, warnings, text cleaned of control
 * characters, table cells and rendered card text. */
#include <stdarg.h>
#include <string.h>

#include "cli.h"
#include "vgrev/buf.h"
#include "vgrev/render.h"

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
    /* cmd NULL: the program's own options, before the command */
    fprintf(stderr, "vgrev: %s%s", cmd ? cmd : "", cmd ? ": " : "");
    cli_puts_clean(stderr, msg);
    fprintf(stderr, "\nTry 'vgrev %s%s--help'.\n", cmd ? cmd : "", cmd ? " " : "");
    return CLI_USAGE;
}

static bool S_lost;

void cli_output_lose(void)
{
    S_lost = true;
}

bool cli_output_lost(void)
{
    return S_lost;
}

void cli_put_clean(FILE *out, const char *s, size_t len)
{
    vg_buf b = VG_BUF_INIT;
    vg_render_sanitize(s, len, &b);
    if (b.failed)
        cli_output_lose();
    else
        fwrite(vg_buf_str(&b), 1, b.len, out);
    vg_buf_release(&b);
}

void cli_puts_clean(FILE *out, const char *s)
{
    cli_put_clean(out, s, strlen(s));
}

void cli_warn(const vg_error *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char msg[VG_ERROR_FILE_MAX + VG_ERROR_MSG_MAX + 32];
        vg_error_format(&w[i], msg, sizeof msg);
        fputs("vgrev: warning: ", stderr);
        cli_puts_clean(stderr, msg);
        fputc('\n', stderr);
    }
}

void cli_cell(vg_buf *row, const char *s, size_t len)
{
    size_t start = row->len;
    vg_render_sanitize(s, len, row);
    for (size_t i = start; i < row->len; i++)
        if (row->data[i] == '\t' || row->data[i] == '\n')
            row->data[i] = ' ';
}

bool cli_print_rich(const vg_rich *text, size_t width, size_t indent)
{
    vg_lines lines;
    vg_lines_init(&lines);
    vg_buf out = VG_BUF_INIT;
    bool ok = vg_render_rich(text, width > indent + 10 ? width - indent : 10, &lines) == VG_OK;
    if (ok)
        vg_lines_to_text(&lines, &out);
    if (!ok || out.failed) {
        vg_buf_release(&out);
        vg_lines_release(&lines);
        cli_output_lose();
        return false;
    }
    for (const char *p = vg_buf_str(&out); *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n)
            printf("%*s%.*s", (int)indent, "", (int)n, p);
        putchar('\n');
        p += n + (nl ? 1 : 0);
    }
    vg_buf_release(&out);
    vg_lines_release(&lines);
    return true;
}
