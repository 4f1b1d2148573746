#include "vgrev/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *vg_status_text(vg_status status)
{
    switch (status) {
#define VG_STATUS_CASE(name, text)                                                                 \
    case VG_##name:                                                                                \
        return text;
        VG_STATUS_LIST(VG_STATUS_CASE)
#undef VG_STATUS_CASE
    }
    return "unknown error";
}

vg_status vg_error_set(vg_error *err, vg_status status, const char *file, unsigned line,
                       unsigned col, const char *fmt, ...)
{
    if (!err)
        return status;
    err->status = status;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->col = col;
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    } else {
        snprintf(err->msg, sizeof err->msg, "%s", vg_status_text(status));
    }
    return status;
}

void vg_error_clear(vg_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

int vg_error_format(const vg_error *err, char *buf, size_t size)
{
    if (!err->file[0])
        return snprintf(buf, size, "%s", err->msg);
    if (!err->line)
        return snprintf(buf, size, "%s: %s", err->file, err->msg);
    if (!err->col)
        return snprintf(buf, size, "%s:%u: %s", err->file, err->line, err->msg);
    return snprintf(buf, size, "%s:%u:%u: %s", err->file, err->line, err->col, err->msg);
}
