/* The YAML event reader (see store/yaml_read.h): libyaml's event parser, with marks in vgrev's
 * terms and errors set in one place. */
#include "store/yaml_read.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "store/store_int.h"

struct vg_yaml_lib {
    yaml_parser_t parser;
    yaml_event_t ev;
    bool have_ev;
};

/* ---- positions ---- */

/* Byte offset of libyaml's character index: UTF-8 characters are counted by their first
 * bytes. The cursor moves forward as events come; a mark behind it (a problem's context)
 * restarts from the beginning. libyaml does not count a byte-order mark. */
static size_t S_index_offset(vg_yaml *y, size_t index)
{
    const unsigned char *d = (const unsigned char *)y->data;
    if (index < y->idx_char_) {
        y->idx_char_ = 0;
        y->idx_off_ = y->len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF ? 3 : 0;
    }
    size_t i = y->idx_off_, c = y->idx_char_;
    while (c < index && i < y->len) {
        i++;
        while (i < y->len && (d[i] & 0xC0) == 0x80)
            i++;
        c++;
    }
    y->idx_char_ = c;
    y->idx_off_ = i;
    return i;
}

vg_yaml_mark vg_yaml_mark_at(vg_yaml *y, size_t off)
{
    const char *d = y->data;
    if (off > y->len)
        off = y->len;
    if (off < y->pos_off_) {
        y->pos_off_ = y->pos_line_off_ = 0;
        y->pos_line_ = y->o.first_line ? y->o.first_line : 1;
    }
    for (size_t i = y->pos_off_; i < off; i++) {
        /* LF, CR and CRLF end a line (CRLF once, at its LF). */
        if (d[i] == '\n' || (d[i] == '\r' && !(i + 1 < y->len && d[i + 1] == '\n'))) {
            y->pos_line_++;
            y->pos_line_off_ = i + 1;
        }
    }
    y->pos_off_ = off;
    vg_yaml_mark m = {off, y->pos_line_, (unsigned)(off - y->pos_line_off_ + 1)};
    return m;
}

static vg_yaml_mark S_mark(vg_yaml *y, yaml_mark_t m)
{
    vg_yaml_mark at = vg_yaml_mark_at(y, S_index_offset(y, m.index));
    /* At the end of an input whose last line has no line break, libyaml adds one: for the
     * progress file's readers the end is the start of the line after (their tests pin it). */
    if (y->o.eof_next_line && at.off == y->len && m.column == 0 && at.col > 1) {
        at.line++;
        at.col = 1;
    }
    return at;
}

/* ---- errors ---- */

static vg_status S_vfail(vg_yaml *y, vg_status st, vg_yaml_mark m, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
static vg_status S_vfail(vg_yaml *y, vg_status st, vg_yaml_mark m, const char *fmt, va_list ap)
{
    char msg[VG_ERROR_MSG_MAX];
    vsnprintf(msg, sizeof msg, fmt, ap);
    return vg_error_set(y->err, st, y->o.file, m.line, m.col, "%s", msg);
}

vg_status vg_yaml_fail(vg_yaml *y, vg_status st, vg_yaml_mark m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    st = S_vfail(y, st, m, fmt, ap);
    va_end(ap);
    return st;
}

vg_status vg_yaml_fail_at(vg_yaml *y, vg_status st, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    st = S_vfail(y, st, vg_yaml_mark_at(y, off), fmt, ap);
    va_end(ap);
    return st;
}

vg_status vg_yaml_nomem(vg_yaml *y)
{
    return vg_error_set(y->err, VG_NOMEM, y->o.file, 0, 0, "out of memory");
}

/* What libyaml found wrong, where it says. */
static vg_status S_parser_error(vg_yaml *y)
{
    const yaml_parser_t *p = &y->lib_->parser;
    if (p->error == YAML_MEMORY_ERROR)
        return vg_yaml_nomem(y);
    const char *problem = p->problem ? p->problem : "unknown error";
    if (p->error == YAML_READER_ERROR) /* no mark: a byte offset in the input */
        return vg_yaml_fail_at(y, VG_PARSE, p->problem_offset, "%s: %s", y->o.badchar, problem);
    if (p->context) {
        vg_yaml_mark c = S_mark(y, p->context_mark);
        return vg_yaml_fail(y, VG_PARSE, S_mark(y, p->problem_mark), "%s: %s (%s at %u:%u)",
                            y->o.syntax, problem, p->context, c.line, c.col);
    }
    return vg_yaml_fail(y, VG_PARSE, S_mark(y, p->problem_mark), "%s: %s", y->o.syntax, problem);
}

/* ---- reading ---- */

vg_status vg_yaml_init(vg_yaml *y, const char *data, size_t len, const vg_yaml_opts *opts,
                       vg_error *err)
{
    memset(y, 0, sizeof *y);
    y->data = data;
    y->len = len;
    y->o = *opts;
    y->err = err;
    if (!y->o.doc)
        y->o.doc = "this file";
    if (!y->o.syntax)
        y->o.syntax = "invalid YAML";
    if (!y->o.badchar)
        y->o.badchar = "invalid input";
    y->pos_line_ = y->o.first_line ? y->o.first_line : 1;
    y->ev.text = "";
    y->lib_ = calloc(1, sizeof *y->lib_);
    if (!y->lib_ || !yaml_parser_initialize(&y->lib_->parser)) {
        free(y->lib_);
        y->lib_ = NULL;
        return vg_yaml_nomem(y);
    }
    yaml_parser_set_input_string(&y->lib_->parser, (const unsigned char *)data, len);
    /* UTF-8 only: byte columns stay meaningful, and a UTF-16 file is refused at 1:1. */
    yaml_parser_set_encoding(&y->lib_->parser, YAML_UTF8_ENCODING);
    return VG_OK;
}

void vg_yaml_release(vg_yaml *y)
{
    if (!y->lib_)
        return;
    if (y->lib_->have_ev)
        yaml_event_delete(&y->lib_->ev);
    yaml_parser_delete(&y->lib_->parser);
    free(y->lib_);
    y->lib_ = NULL;
}

vg_status vg_yaml_next(vg_yaml *y)
{
    struct vg_yaml_lib *l = y->lib_;
    if (l->have_ev)
        yaml_event_delete(&l->ev);
    l->have_ev = false;
    y->ev.text = "";
    y->ev.len = 0;
    if (!yaml_parser_parse(&l->parser, &l->ev))
        return S_parser_error(y);
    l->have_ev = true;
    const yaml_event_t *e = &l->ev;
    y->ev.at = S_mark(y, e->start_mark);
    const yaml_char_t *tag = NULL;
    switch (e->type) {
    case YAML_STREAM_START_EVENT:
        y->ev.kind = VG_YAML_STREAM_START;
        break;
    case YAML_STREAM_END_EVENT:
    case YAML_NO_EVENT:
        y->ev.kind = VG_YAML_STREAM_END;
        break;
    case YAML_DOCUMENT_START_EVENT:
        y->ev.kind = VG_YAML_DOC_START;
        break;
    case YAML_DOCUMENT_END_EVENT:
        y->ev.kind = VG_YAML_DOC_END;
        break;
    case YAML_ALIAS_EVENT:
        return vg_yaml_fail(y, VG_PARSE, y->ev.at, "aliases (*name) are not supported in %s",
                            y->o.doc);
    case YAML_SCALAR_EVENT:
        y->ev.kind = VG_YAML_SCALAR;
        y->ev.text = (const char *)e->data.scalar.value;
        y->ev.len = e->data.scalar.length;
        switch (e->data.scalar.style) {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE:
            y->ev.style = VG_YAML_SINGLE_QUOTED;
            break;
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
            y->ev.style = VG_YAML_DOUBLE_QUOTED;
            break;
        case YAML_LITERAL_SCALAR_STYLE:
        case YAML_FOLDED_SCALAR_STYLE:
            y->ev.style = VG_YAML_BLOCK;
            break;
        default:
            y->ev.style = VG_YAML_PLAIN;
            break;
        }
        tag = e->data.scalar.tag;
        break;
    case YAML_SEQUENCE_START_EVENT:
        y->ev.kind = VG_YAML_SEQ_START;
        tag = e->data.sequence_start.tag;
        break;
    case YAML_SEQUENCE_END_EVENT:
        y->ev.kind = VG_YAML_SEQ_END;
        break;
    case YAML_MAPPING_START_EVENT:
        y->ev.kind = VG_YAML_MAP_START;
        tag = e->data.mapping_start.tag;
        break;
    case YAML_MAPPING_END_EVENT:
        y->ev.kind = VG_YAML_MAP_END;
        break;
    }
    if (tag && y->o.no_tags)
        return vg_yaml_fail(y, VG_PARSE, y->ev.at, "tags are not supported in %s", y->o.doc);
    return VG_OK;
}

vg_status vg_yaml_skip(vg_yaml *y)
{
    size_t depth = 0;
    for (;;) {
        if (y->ev.kind == VG_YAML_MAP_START || y->ev.kind == VG_YAML_SEQ_START)
            depth++;
        else if (y->ev.kind == VG_YAML_MAP_END || y->ev.kind == VG_YAML_SEQ_END)
            depth--;
        if (depth == 0)
            return VG_OK;
        VG_TRY(vg_yaml_next(y));
    }
}

vg_status vg_yaml_items(vg_yaml *y, vg_status (*item)(void *ctx), void *ctx)
{
    for (;;) {
        VG_TRY(vg_yaml_next(y));
        if (y->ev.kind == VG_YAML_SEQ_END)
            return VG_OK;
        VG_TRY(item(ctx));
    }
}

/* ---- scalars ---- */

size_t vg_yaml_scalar_offset(const vg_yaml *y, size_t i)
{
    size_t off = y->ev.at.off;
    size_t skip =
        y->ev.style == VG_YAML_SINGLE_QUOTED || y->ev.style == VG_YAML_DOUBLE_QUOTED ? 1 : 0;
    size_t n = y->ev.len;
    if (y->ev.kind == VG_YAML_SCALAR && (y->ev.style == VG_YAML_PLAIN || skip) &&
        off + skip + n <= y->len && memcmp(y->data + off + skip, y->ev.text, n) == 0)
        return off + skip + i;
    return off;
}

bool vg_yaml_is_plain(const vg_yaml *y)
{
    return y->ev.kind == VG_YAML_SCALAR && y->ev.style == VG_YAML_PLAIN;
}

bool vg_yaml_is_null(const vg_yaml *y)
{
    return vg_yaml_is_plain(y) && vg_scalar_is_null(y->ev.text, y->ev.len);
}

bool vg_yaml_is_word(const vg_yaml *y, const char *word)
{
    return y->ev.kind == VG_YAML_SCALAR && strlen(word) == y->ev.len &&
           memcmp(y->ev.text, word, y->ev.len) == 0;
}

const char *vg_yaml_quote(const char *s, size_t n, char *buf, size_t size)
{
    size_t max = size - 4, k = 0;
    bool cut = n > max;
    if (cut) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--; /* do not split a UTF-8 sequence */
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        buf[k++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
    }
    if (cut) {
        memcpy(buf + k, "...", 3);
        k += 3;
    }
    buf[k] = '\0';
    return buf;
}

const char *vg_store_yaml_version(void)
{
    return yaml_get_version_string();
}
