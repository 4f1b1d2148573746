/* Imports: CSV/TSV records, Anki's export, fields (plain and HTML) to rich text, the markdown
 * written, the whole vg_import() with its report, deck names and formats. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import_int.h"
#include "vgrev/deck.h"
#include "vgrev/import.h"
#include "vgrev/render.h"

/* ---- helpers ---- */

typedef struct S_rec {
    int got;
    size_t nfields;
    char fields[8][128];
    unsigned line[8], col[8];
    unsigned rline, rcol, stray_line, stray_col;
    bool blank;
    vg_error err;
} S_rec;

/* Reads every record of s with delimiter d; returns how many (the last error in *last). */
static size_t S_records(const char *s, char d, S_rec *out, size_t max)
{
    vg_csv c;
    size_t start = strncmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    vg_csv_init(&c, s, strlen(s), start, 1, d, "t.csv");
    vg_csv_record r = {0};
    size_t n = 0;
    for (; n < max; n++) {
        S_rec *o = &out[n];
        memset(o, 0, sizeof *o);
        vg_error_clear(&o->err);
        o->got = vg_csv_next(&c, &r, &o->err);
        if (o->got != 1)
            break;
        o->nfields = r.nfields;
        for (size_t i = 0; i < r.nfields && i < 8; i++) {
            snprintf(o->fields[i], sizeof o->fields[i], "%.*s", (int)r.fields[i].len,
                     vg_csv_text(&r, &r.fields[i]));
            o->line[i] = r.fields[i].line;
            o->col[i] = r.fields[i].col;
        }
        o->rline = r.line;
        o->rcol = r.col;
        o->stray_line = r.stray_line;
        o->stray_col = r.stray_col;
        o->blank = r.blank;
    }
    vg_csv_record_release(&r);
    return n;
}

/* A readable form of rich text: blocks as "P0:" (paragraph, depth), "B1:" or "B1.3:" (bullet,
 * depth, ordinal), "C0:" (code), joined by " | "; bold **x**, italic *x*, code `x`, math $x$,
 * display math $$x$$, a line break "\n". */
static char *S_dump(const vg_ir *ir)
{
    static char out[4096];
    size_t o = 0;
    out[0] = '\0';
    for (size_t b = 0; b < ir->nblocks; b++) {
        const vg_ir_block *bl = &ir->blocks[b];
        char k = bl->kind == VG_BLOCK_PARA ? 'P' : bl->kind == VG_BLOCK_BULLET ? 'B' : 'C';
        if (bl->ordinal)
            o += (size_t)snprintf(out + o, sizeof out - o, "%s%c%u.%u:", b ? " | " : "", k,
                                  bl->depth, bl->ordinal);
        else
            o += (size_t)snprintf(out + o, sizeof out - o, "%s%c%u:", b ? " | " : "", k, bl->depth);
        for (size_t i = 0; i < bl->n; i++) {
            const vg_ir_span *sp = &ir->spans[bl->first + i];
            const char *m = "";
            if (sp->style & VG_STYLE_MATH)
                m = sp->style & VG_STYLE_DISPLAY ? "$$" : "$";
            else if (sp->style & VG_STYLE_CODE)
                m = "`";
            const char *e = (sp->style & VG_STYLE_BOLD) && (sp->style & VG_STYLE_ITALIC) ? "***"
                            : (sp->style & VG_STYLE_BOLD)                                ? "**"
                            : (sp->style & VG_STYLE_ITALIC)                              ? "*"
                                                                                         : "";
            o += (size_t)snprintf(out + o, sizeof out - o, "%s%s%.*s%s%s", e, m, (int)sp->len,
                                  ir->text.data + sp->off, m, e);
        }
    }
    return out;
}

static char *S_field(const char *s, bool html, bool dollar, vg_field_report *rep)
{
    vg_ir ir;
    vg_ir_init(&ir);
    vg_field_opts o = {.html = html, .dollar_math = dollar};
    vg_field_report r = {0};
    vg_field_convert(s, strlen(s), &o, &ir, rep ? rep : &r);
    vg_ir_end(&ir);
    char *d = S_dump(&ir);
    vg_ir_release(&ir);
    return d;
}

static char *S_html(const char *s)
{
    return S_field(s, true, false, NULL);
}

static char *S_plain(const char *s)
{
    return S_field(s, false, true, NULL);
}

static vg_import_result *S_import(const char *src, vg_import_format f, vg_status want)
{
    vg_import_opts o = {.format = f, .file = "in", .title = "T"};
    vg_import_result *r = NULL;
    vg_error err;
    vg_status st = vg_import(src, strlen(src), &o, &r, &err);
    if (st != want)
        fail_msg("status %d (want %d): %s:%u:%u: %s", st, want, err.file, err.line, err.col,
                 err.msg);
    assert_non_null(r);
    return r;
}

static vg_import_result *S_import_opts(const char *src, const vg_import_opts *o, vg_status want)
{
    vg_import_result *r = NULL;
    vg_error err;
    vg_status st = vg_import(src, strlen(src), o, &r, &err);
    if (st != want)
        fail_msg("status %d (want %d): %u:%u: %s", st, want, err.line, err.col, err.msg);
    assert_non_null(r);
    return r;
}

/* The note of this level at line:col whose message holds `has`, or a failure. */
static const vg_import_note *S_note(const vg_import_result *r, vg_import_level level, unsigned line,
                                    unsigned col, const char *has)
{
    for (size_t i = 0; i < r->nnotes; i++) {
        const vg_import_note *n = &r->notes[i];
        if (n->level == level && n->line == line && n->col == col && strstr(n->msg, has))
            return n;
    }
    for (size_t i = 0; i < r->nnotes; i++)
        fprintf(stderr, "  note %d %u:%u %s\n", r->notes[i].level, r->notes[i].line,
                r->notes[i].col, r->notes[i].msg);
    fail_msg("no note (%d) at %u:%u with '%s'", level, line, col, has);
    return NULL;
}

/* Card i as "Section › Front = back" (rendered inline, as 'vgrev list' shows it). */
static char *S_card(const vg_import_result *r, size_t i)
{
    static char out[2048];
    assert_true(i < r->deck->ncards);
    const vg_card *c = &r->deck->cards[i];
    vg_buf b = VG_BUF_INIT;
    const char *sec = r->deck->sections[c->section].title;
    if (*sec)
        vg_buf_printf(&b, "%s \u203a ", sec);
    vg_render_inline(&c->front, &b);
    vg_buf_adds(&b, " = ");
    vg_render_inline(&c->back, &b);
    snprintf(out, sizeof out, "%s", vg_buf_str(&b));
    vg_buf_release(&b);
    return out;
}

static char *S_md(const vg_import_result *r)
{
    static char out[8192];
    assert_non_null(r->markdown);
    snprintf(out, sizeof out, "%.*s", (int)r->len, r->markdown);
    return out;
}

/* ---- records ---- */

static void test_csv_quotes(void **state)
{
    (void)state;
    S_rec r[4];
    size_t n = S_records("a,\"b,c\",\"say \"\"hi\"\"\"\n\"x\ny\",\"\",z\n", ',', r, 4);
    assert_int_equal(n, 2);
    assert_int_equal(r[0].nfields, 3);
    assert_string_equal(r[0].fields[1], "b,c");
    assert_string_equal(r[0].fields[2], "say \"hi\"");
    assert_int_equal(r[0].col[2], 9);
    assert_string_equal(r[1].fields[0], "x\ny");
    assert_string_equal(r[1].fields[1], "");
    assert_string_equal(r[1].fields[2], "z");
    assert_int_equal(r[1].rline, 2);
    /* The field after a two-line field is on the record's second line. */
    assert_int_equal(r[1].line[1], 3);
    assert_int_equal(r[1].col[1], 4);
    assert_int_equal(r[2].got, 0);
}

static void test_csv_line_ends_and_bom(void **state)
{
    (void)state;
    S_rec r[4];
    size_t n = S_records("\xEF\xBB\xBF"
                         "f\xC3\xA9,b\r\n\"m\r\nn\",c\rlast,x",
                         ',', r, 4);
    assert_int_equal(n, 3);
    assert_string_equal(r[0].fields[0], "f\xC3\xA9");
    assert_int_equal(r[0].col[0], 1); /* the BOM is not a column */
    assert_int_equal(r[0].col[1], 4); /* é is one column */
    assert_string_equal(r[1].fields[0], "m\nn");
    assert_int_equal(r[1].rline, 2);
    assert_string_equal(r[2].fields[0], "last");
    assert_int_equal(r[2].rline, 4); /* CRLF in quotes was one line end, a lone CR another */
}

static void test_csv_blank_and_empty_fields(void **state)
{
    (void)state;
    S_rec r[4];
    size_t n = S_records("a,b,\n\n\"\"\n", ',', r, 4);
    assert_int_equal(n, 3);
    assert_int_equal(r[0].nfields, 3);
    assert_string_equal(r[0].fields[2], "");
    assert_true(r[1].blank);
    assert_int_equal(r[1].rline, 2);
    assert_false(r[2].blank); /* "" is an empty field that was written */
}

static void test_csv_tsv_quotes(void **state)
{
    (void)state;
    S_rec r[2];
    size_t n = S_records("a b\t\"tab\there\"\t\"\"\"q\"\"\"\n", '\t', r, 2);
    assert_int_equal(n, 1);
    assert_int_equal(r[0].nfields, 3);
    assert_string_equal(r[0].fields[0], "a b");
    assert_string_equal(r[0].fields[1], "tab\there");
    assert_string_equal(r[0].fields[2], "\"q\"");
}

static void test_csv_unclosed_quote(void **state)
{
    (void)state;
    S_rec r[4];
    size_t n = S_records("a,b\nc,\"d\ne,f\n", ',', r, 4);
    assert_int_equal(n, 1);
    assert_int_equal(r[1].got, -1);
    assert_int_equal(r[1].err.line, 2);
    assert_int_equal(r[1].err.col, 3);
    assert_non_null(strstr(r[1].err.msg, "unclosed quote"));
    /* After a multi-line record the line is still the physical one. */
    n = S_records("\"a\nb\",c\n x , \"open\n", ',', r, 4);
    assert_int_equal(n, 1);
    assert_int_equal(r[1].err.line, 3);
    assert_int_equal(r[1].err.col, 6);
}

static void test_csv_lenient(void **state)
{
    (void)state;
    S_rec r[2];
    /* A quote inside an unquoted field is a character; spaces around quotes are dropped;
     * text after a closing quote is kept and its place noted. */
    size_t n = S_records("5\" disk, \"a,b\" ,\"x\"y z\n", ',', r, 2);
    assert_int_equal(n, 1);
    assert_int_equal(r[0].nfields, 3);
    assert_string_equal(r[0].fields[0], "5\" disk");
    assert_string_equal(r[0].fields[1], "a,b");
    assert_string_equal(r[0].fields[2], "xy z");
    assert_int_equal(r[0].stray_line, 1);
    assert_int_equal(r[0].stray_col, 20);
}

static void test_csv_too_many_fields(void **state)
{
    (void)state;
    size_t n = VG_CSV_MAX_FIELDS + 10;
    char *s = malloc(n + 2);
    memset(s, ',', n);
    s[n] = '\n';
    s[n + 1] = '\0';
    S_rec r[1];
    assert_int_equal(S_records(s, ',', r, 1), 0);
    assert_int_equal(r[0].got, -1);
    assert_non_null(strstr(r[0].err.msg, "fields"));
    free(s);
}

static void test_locate(void **state)
{
    (void)state;
    const char *s = "\xEF\xBB\xBF"
                    "ab\r\nc\xC3\xA9\rd";
    unsigned line, col;
    vg_import_locate(s, strlen(s), 4, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 2);
    vg_import_locate(s, strlen(s), 10, &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 3);
    vg_import_locate(s, strlen(s), 12, &line, &col);
    assert_int_equal(line, 3);
    assert_int_equal(col, 2);
}

/* ---- fields ---- */

static void test_plain_field(void **state)
{
    (void)state;
    assert_string_equal(S_plain("  a   b  "), "P0:a b");
    assert_string_equal(S_plain("line one\nline two\n\n\npara"), "P0:line one\nline two | P0:para");
    assert_string_equal(S_plain("a\r\nb \t\n \nc"), "P0:a\nb | P0:c");
    /* Markup is text in a plain field. */
    assert_string_equal(S_plain("<b>x</b> &amp; *y*"), "P0:<b>x</b> &amp; *y*");
    /* Control characters go; tabs are spaces. */
    assert_string_equal(S_plain("a\x01\x1b[1mb\tc"), "P0:a[1mb c");
}

static void test_plain_math(void **state)
{
    (void)state;
    /* The deck parser's rules for $: prices stay prices. */
    assert_string_equal(S_plain("$5 and $10"), "P0:$5 and $10");
    assert_string_equal(S_plain("costs $ 5"), "P0:costs $ 5");
    assert_string_equal(S_plain("$ N $ items, $ \\alpha = 0.05 $"),
                        "P0:$N$ items, $\\alpha = 0.05$");
    assert_string_equal(S_plain("$ $ alone"), "P0:$ $ alone");
    assert_string_equal(S_plain("$x $ is no pair"), "P0:$x $ is no pair");
    assert_string_equal(S_plain("$x$5 no"), "P0:$x$5 no");
    assert_string_equal(S_plain("area $\\pi r^2$ ok"), "P0:area $\\pi r^2$ ok");
    assert_string_equal(S_plain("$$\\sum_i x_i$$"), "P0:$$\\sum_i x_i$$");
    assert_string_equal(S_plain("a \\(x^2\\) b \\[y\\]"), "P0:a $x^2$ b $$y$$");
    /* No formula over a line break, or with a backtick. */
    assert_string_equal(S_plain("$a\nb$"), "P0:$a\nb$");
    assert_string_equal(S_plain("$a`b$"), "P0:$a`b$");
    /* A formula that could not be written back between dollars stays text. */
    assert_string_equal(S_plain("\\(a$b\\)"), "P0:\\(a$b\\)");
    assert_string_equal(S_plain("\\(a\\\\\\)"), "P0:$a\\\\$");
}

static void test_html_styles(void **state)
{
    (void)state;
    assert_string_equal(S_html("<b>bold</b> <strong>s</strong> <i>it</i> <em>e</em> <u>u</u>"),
                        "P0:**bold** **s** *it* *e* *u*");
    assert_string_equal(S_html("<b>a <i>b</i></b>"), "P0:**a *****b***");
    assert_string_equal(S_html("<code>x &lt; y</code> and <kbd>Ctrl</kbd>"),
                        "P0:`x < y` and `Ctrl`");
    /* Stray end tags do not go below zero; unknown tags keep their text. */
    assert_string_equal(S_html("</b>x<span style=\"c\">y</span><font color=red>z</font>"),
                        "P0:xyz");
    assert_string_equal(S_html("<a href=\"http://x\">link</a>"), "P0:link");
    assert_string_equal(S_html("a < b and c<d"), "P0:a < b and c<d");
    assert_string_equal(S_html("<!-- note -->x<script>alert(1)</script><style>p{}</style>y"),
                        "P0:xy");
}

static void test_html_lines(void **state)
{
    (void)state;
    assert_string_equal(S_html("a<br>b<br/>c"), "P0:a\nb\nc");
    assert_string_equal(S_html("a<br><br>b"), "P0:a | P0:b");
    /* Anki's editor: one <div> per line, <div><br></div> for an empty line. */
    assert_string_equal(S_html("one<div>two</div><div>three</div>"), "P0:one\ntwo\nthree");
    assert_string_equal(S_html("a<div><br></div><div>b</div>"), "P0:a | P0:b");
    assert_string_equal(S_html("<p>para one</p><p>para two</p>"), "P0:para one | P0:para two");
    /* Line breaks in HTML source are spaces. */
    assert_string_equal(S_html("a\nb\r\n  c"), "P0:a b c");
    assert_string_equal(S_html("<br>a<br>"), "P0:a");
    assert_string_equal(S_html("<h2>Title</h2>text<hr>more"), "P0:**Title** | P0:text | P0:more");
}

static void test_html_lists(void **state)
{
    (void)state;
    assert_string_equal(S_html("<ul><li>a</li><li>b</li></ul>"), "B1:a | B1:b");
    assert_string_equal(S_html("<ol><li>a</li><li>b<ol><li>c</li></ol>d</li></ol>after"),
                        "B1.1:a | B1.2:b | B2.1:c | P1:d | P0:after");
    assert_string_equal(S_html("x<ul><li>a<ul><li>b</li></ul></li></ul>"), "P0:x | B1:a | B2:b");
    assert_string_equal(S_html("<li>loose item</li>"), "B1:loose item");
    /* A list that opens deeper than one below the last block comes up. */
    assert_string_equal(S_html("<ul><ul><ul><li>deep</li></ul></ul></ul>"), "B1:deep");
}

static void test_html_entities(void **state)
{
    (void)state;
    assert_string_equal(S_html("&lt;&gt;&amp;&quot;&#39;&apos;"), "P0:<>&\"''");
    assert_string_equal(S_html("a&nbsp;&nbsp;b&nbsp;"), "P0:a b");
    assert_string_equal(S_html("&#233;&#xE9;&#X1F600;&alpha;&rarr;&mdash;"), "P0:éé😀α→—");
    /* Unknown or broken references stay as written; bad code points become U+FFFD. */
    assert_string_equal(S_html("&bogus; &amp &#; &#0; &#xD800; &#x110000; &#123456789;"),
                        "P0:&bogus; &amp &#; \xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD "
                        "&#123456789;");
}

static void test_html_scripts(void **state)
{
    (void)state;
    assert_string_equal(S_html("H<sub>2</sub>O, x<sup>n+1</sup>, e<sup>-i</sup>"),
                        "P0:H₂O, xⁿ⁺¹, e⁻ⁱ");
    assert_string_equal(S_html("x<sub>max</sub> y<sup>a b</sup> z<sub>q</sub>"),
                        "P0:xₘₐₓ y^(a b) z_q");
}

static void test_html_math(void **state)
{
    (void)state;
    assert_string_equal(S_html("\\(a &lt; b\\) and \\[\\sum x\\]"), "P0:$a < b$ and $$\\sum x$$");
    assert_string_equal(S_html("[$]x^2[/$] [$$]y[/$$] [latex]z[/latex]"), "P0:$x^2$ $$y$$ $$z$$");
    assert_string_equal(S_html("<anki-mathjax>\\alpha</anki-mathjax>"
                               "<anki-mathjax block=\"true\">\\beta</anki-mathjax>"),
                        "P0:$\\alpha$$$\\beta$$");
    /* $ is not math in Anki's fields. */
    assert_string_equal(S_html("$x$"), "P0:$x$");
    assert_string_equal(S_html("<b>\\(x\\)</b>"), "P0:**$x$**");
}

static void test_html_media(void **state)
{
    (void)state;
    vg_field_report rep = {0};
    assert_string_equal(
        S_field("a<img src=\"cat.png\">b [sound:meow.mp3]<audio src=x>fallback</audio>"
                "<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>",
                true, false, &rep),
        "P0:ab\n1 | 2\n3");
    assert_int_equal(rep.images, 1);
    assert_string_equal(rep.first_image, "cat.png");
    assert_int_equal(rep.sounds, 1);
    assert_string_equal(rep.first_sound, "meow.mp3");
    assert_int_equal(rep.media, 1);
    assert_int_equal(rep.tables, 1);
}

static void test_html_pre(void **state)
{
    (void)state;
    assert_string_equal(S_html("see<pre><code>int x;\n  y++;</code></pre>done"),
                        "P0:see | C0:`int x;\n  y++;` | P0:done");
}

static void test_cloze(void **state)
{
    (void)state;
    const char *t = "{{c1::Paris}} is the capital of {{c2::<b>France</b>::country}}.";
    assert_int_equal(vg_field_clozes(t, strlen(t)), 3);
    assert_int_equal(vg_field_clozes("{{c1::open", 10), 0);
    assert_int_equal(vg_field_clozes("{{c0::x}} {{c65::y}}", 20), 0);
    assert_int_equal(vg_field_clozes("{{c3::a}} {{C3::b}}", 19), 4);
    /* The markup stays for the deck to read; the HTML inside is converted. */
    assert_string_equal(S_field(t, true, false, NULL),
                        "P0:{{c1::Paris}} is the capital of {{c2::**France**::country}}.");
}

static void test_field_plain_text(void **state)
{
    (void)state;
    vg_buf b = VG_BUF_INIT;
    const char *s = "  <b>Deck</b>&amp;\n Co\x07 ";
    vg_field_plain(s, strlen(s), true, &b);
    assert_string_equal(vg_buf_str(&b), "Deck& Co");
    vg_buf_release(&b);
}

/* ---- whole imports ---- */

static void test_csv_header_names(void **state)
{
    (void)state;
    vg_import_result *r = S_import("Tags,ANSWER, question ,Deck\n"
                                   "t1 t2,B1,F1,Chapter 1\n"
                                   ",B2,F2,\n",
                                   VG_IMPORT_CSV, VG_OK);
    assert_string_equal(S_md(r), "# T\n\nImported from in by vgrev.\n\n"
                                 "- **F2**: B2\n\n"
                                 "## Chapter 1\n\n"
                                 "- **F1**: <!-- tags: t1 t2 --> B1\n");
    assert_int_equal(r->deck->nsections, 2);
    assert_string_equal(S_card(r, 0), "F2 = B2");
    assert_string_equal(S_card(r, 1), "Chapter 1 › F1 = B1");
    assert_int_equal(r->rows, 2);
    assert_int_equal(r->nnotes, 0);
    vg_import_free(r);
}

static void test_csv_no_header(void **state)
{
    (void)state;
    vg_import_result *r =
        S_import("cat,chat,\"An extra, a sentence.\"\ndog,chien,more\n", VG_IMPORT_CSV, VG_OK);
    assert_int_equal(r->deck->ncards, 2);
    assert_string_equal(S_card(r, 0), "cat = chat");
    S_note(r, VG_IMPORT_WARNING, 1, 10,
           "column 3 not used: no header names it, and 'An extra, a "
           "sentence.' is not a list of tags");
    vg_import_free(r);
    /* Columns 3 and 4: the last holds tags, the other is not used. */
    r = S_import("cat,chat,x,noun animal::pet\ndog,chien,y,\n", VG_IMPORT_CSV, VG_OK);
    assert_non_null(strstr(S_md(r), "- **cat**: <!-- tags: noun animal::pet --> chat\n"));
    assert_non_null(strstr(S_md(r), "- **dog**: chien\n"));
    S_note(r, VG_IMPORT_WARNING, 1, 1, "column 3 not used (a header row");
    S_note(r, VG_IMPORT_INFO, 1, 12, "column 4 read as tags ('noun animal::pet')");
    vg_import_free(r);
}

static void test_csv_column_options(void **state)
{
    (void)state;
    vg_import_opts o = {.format = VG_IMPORT_CSV,
                        .title = "T",
                        .front_col = "Word",
                        .back_col = "3",
                        .section_col = "topic"};
    vg_import_result *r = S_import_opts("Id,Word,Meaning,Topic\n1,chat,cat,Animals\n", &o, VG_OK);
    assert_string_equal(S_card(r, 0), "Animals › chat = cat");
    vg_import_free(r);
    o.front_col = "Wort";
    r = S_import_opts("Id,Word,Meaning,Topic\n1,chat,cat,Animals\n", &o, VG_PARSE);
    S_note(r, VG_IMPORT_ERROR, 1, 1, "front column 'Wort': no column has that name");
    assert_null(r->markdown);
    vg_import_free(r);
    /* A column named by an option: the first row is the header. */
    o.front_col = "Word";
    r = S_import_opts("chat,cat\n", &o, VG_PARSE);
    S_note(r, VG_IMPORT_ERROR, 1, 1, "front column 'Word': no column has that name");
    vg_import_free(r);
    o = (vg_import_opts){.format = VG_IMPORT_ANKI, .front_col = "Word"};
    r = S_import_opts("#separator:tab\nchat\tcat\n", &o, VG_PARSE);
    S_note(r, VG_IMPORT_ERROR, 0, 0, "no header row naming its columns");
    vg_import_free(r);
    o = (vg_import_opts){.format = VG_IMPORT_TSV, .front_col = "2", .back_col = "1"};
    r = S_import_opts("a\tb\n", &o, VG_OK);
    assert_string_equal(S_card(r, 0), "b = a");
    vg_import_free(r);
    o.front_col = "0";
    r = S_import_opts("a\tb\n", &o, VG_PARSE);
    S_note(r, VG_IMPORT_ERROR, 0, 0, "numbered from 1");
    vg_import_free(r);
}

static void test_csv_ragged(void **state)
{
    (void)state;
    vg_import_result *r = S_import("front,back\n"
                                   "\"two\nlines\",ok\n"
                                   "a,b,c\n"
                                   "lonely\n"
                                   "x,y\n",
                                   VG_IMPORT_CSV, VG_OK);
    assert_int_equal(r->deck->ncards, 2);
    assert_int_equal(r->rows, 4);
    assert_int_equal(r->skipped, 2);
    S_note(r, VG_IMPORT_SKIPPED, 4, 1, "3 fields where the header row has 2");
    S_note(r, VG_IMPORT_SKIPPED, 5, 1, "skipped: 'lonely' has no back (no comma on the line)");
    assert_string_equal(S_card(r, 0), "two lines = ok");
    vg_import_free(r);
}

static void test_bom_crlf_same(void **state)
{
    (void)state;
    vg_import_result *a = S_import("front,back\n\"q\nq\",\"a\n\nb\"\nx,y\n", VG_IMPORT_CSV, VG_OK);
    vg_import_result *b = S_import("\xEF\xBB\xBF"
                                   "front,back\r\n\"q\r\nq\",\"a\r\n\r\nb\"\r\nx,y\r\n",
                                   VG_IMPORT_CSV, VG_OK);
    assert_int_equal(a->len, b->len);
    assert_memory_equal(a->markdown, b->markdown, a->len);
    assert_int_equal(a->deck->cards[1].line, b->deck->cards[1].line);
    assert_string_equal(S_card(a, 0), "q q = a b");
    vg_import_free(a);
    vg_import_free(b);
}

static void test_malformed(void **state)
{
    (void)state;
    static const struct {
        const char *src;
        size_t len;
        vg_import_format f;
        unsigned line, col;
        const char *msg;
    } cases[] = {
        {"front,back\na,b\n\"oops,c\nd,e\n", 0, VG_IMPORT_CSV, 3, 1, "unclosed quote"},
        {"front,back\na,b\xFF\n", 0, VG_IMPORT_CSV, 2, 4, "invalid UTF-8 (byte 0xFF)"},
        {"front,back\n\xC3\xA9,\xE2\x82\n", 0, VG_IMPORT_TSV, 2, 3, "invalid UTF-8"},
        {"front,back\na,b\0c\n", 17, VG_IMPORT_CSV, 2, 4, "NUL byte"},
        {"", 0, VG_IMPORT_CSV, 0, 0, "empty file"},
        {"\xEF\xBB\xBF \r\n\t\n", 0, VG_IMPORT_TSV, 0, 0, "empty file"},
        {"front,back\n", 0, VG_IMPORT_CSV, 0, 0, "no rows after the header"},
        {"just one column\nand another\n", 0, VG_IMPORT_CSV, 1, 1, "only one column"},
        {"front,back\n,x\n,y\n", 0, VG_IMPORT_CSV, 0, 0, "no cards: every row was skipped"},
        {"#separator:Dollar\na$b\n", 0, VG_IMPORT_ANKI, 1, 12, "unknown separator 'Dollar'"},
        {"", 0, VG_IMPORT_MD, 0, 0, "empty file"},
        {"# Deck\n\nno cards here\n", 0, VG_IMPORT_MD, 0, 0, "no cards"},
        {"- **a**: x\n- **a**: y $z\n", 0, VG_IMPORT_MD, 2, 1, "duplicate card 'a'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        vg_import_opts o = {.format = cases[i].f, .file = "in"};
        vg_import_result *r = NULL;
        vg_error err;
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].src);
        vg_status st = vg_import(cases[i].src, len, &o, &r, &err);
        if (st == VG_OK)
            fail_msg("case %zu imported", i);
        assert_non_null(r);
        assert_null(r->markdown);
        assert_null(r->deck);
        assert_true(r->errors > 0);
        S_note(r, VG_IMPORT_ERROR, cases[i].line, cases[i].col, cases[i].msg);
        /* err is the first error, with the file. */
        assert_string_equal(err.file, "in");
        const vg_import_note *first = NULL;
        for (size_t k = 0; k < r->nnotes && !first; k++)
            if (r->notes[k].level == VG_IMPORT_ERROR)
                first = &r->notes[k];
        assert_non_null(first);
        assert_string_equal(err.msg, first->msg);
        vg_import_free(r);
    }
}

static void test_md_errors_all_reported(void **state)
{
    (void)state;
    vg_import_result *r = S_import("# D\n\n## S\n- **a**: x\n- **b**: costs $x\n- **a**: z\n",
                                   VG_IMPORT_MD, VG_PARSE);
    /* A '$' that does not close is a warning: it never refuses a deck. */
    S_note(r, VG_IMPORT_WARNING, 5, 16, "unclosed '$'");
    S_note(r, VG_IMPORT_ERROR, 6, 1, "duplicate card 'a' in section 'S' (first at line 4)");
    assert_int_equal(r->errors, 1);
    vg_import_free(r);
}

static void test_md_copied(void **state)
{
    (void)state;
    const char *src = "\xEF\xBB\xBF# D\r\n\r\n- **a**: x\r\n- **b**:\r\n\r\n## Empty\r\n";
    vg_import_result *r = S_import(src, VG_IMPORT_MD, VG_OK);
    assert_int_equal(r->len, strlen(src));
    assert_memory_equal(r->markdown, src, r->len);
    S_note(r, VG_IMPORT_WARNING, 4, 1, "card 'b' has an empty back");
    S_note(r, VG_IMPORT_WARNING, 6, 1, "section 'Empty' has no cards");
    vg_import_free(r);
}

static void test_duplicates(void **state)
{
    (void)state;
    vg_import_result *r = S_import("front,back,section\n"
                                   "Same,first,S\n"
                                   "Same,in another section,T\n"
                                   "Same:,colon dropped: the same front,S\n"
                                   "  same  ,case differs,S\n"
                                   "Same,again,S\n",
                                   VG_IMPORT_CSV, VG_OK);
    assert_int_equal(r->deck->ncards, 3);
    assert_int_equal(r->skipped, 2);
    S_note(r, VG_IMPORT_SKIPPED, 4, 1, "duplicate front 'Same' in section 'S' (first at line 2)");
    S_note(r, VG_IMPORT_SKIPPED, 6, 1, "duplicate front 'Same' in section 'S' (first at line 2)");
    assert_string_equal(S_card(r, 0), "S › Same = first");
    assert_string_equal(S_card(r, 1), "S › same = case differs");
    assert_string_equal(S_card(r, 2), "T › Same = in another section");
    vg_import_free(r);
}

static void test_ids(void **state)
{
    (void)state;
    /* A plain front's id is the id of its section and front text, nothing else. */
    vg_import_result *a = S_import("front,back,section\n"
                                   "What is *x*?,one,Basics\n"
                                   "#2 [y] $5,two,\n",
                                   VG_IMPORT_CSV, VG_OK);
    char id[VG_CARD_ID_LEN + 1];
    vg_card_id("", "#2 [y] $5", id);
    assert_string_equal(a->deck->cards[0].id, id);
    vg_card_id("Basics", "What is *x*?", id);
    assert_string_equal(a->deck->cards[1].id, id);

    /* Edited backs, other rows, another order, CRLF: the same ids. */
    vg_import_result *b = S_import("section,front,back\r\n"
                                   "Basics,What is *x*?,ONE (edited)\r\n"
                                   "Other,New,card\r\n"
                                   ",#2 [y] $5,two\r\n",
                                   VG_IMPORT_CSV, VG_OK);
    assert_int_equal(b->deck->ncards, 3);
    for (size_t i = 0; i < a->deck->ncards; i++)
        assert_non_null(vg_deck_find(b->deck, a->deck->cards[i].id));
    /* An edited front is another card. */
    vg_import_result *c =
        S_import("front,back,section\nWhat is x?,one,Basics\n", VG_IMPORT_CSV, VG_OK);
    assert_null(vg_deck_find(c->deck, a->deck->cards[1].id));
    vg_import_free(a);
    vg_import_free(b);
    vg_import_free(c);
}

/* Field text that looks like markdown comes out as written. */
static void test_escaping_round_trip(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "*not italic* and _not either_ and **nor bold**",
        "snake_case and __dunder__ and a_b_c",
        "# not a heading",
        "- not a list",
        "+ plus",
        "1. not numbered",
        "2) neither",
        "> not a quote",
        "[not](a link) and ![no](image)",
        "<b>not html</b> <!-- no comment -->",
        "&amp; &lt; stay as typed",
        "back\\slash \\* \\\\",
        "`not code`",
        "~~~ fence",
        "=== setext",
        "---",
        "***",
        "| a | b |",
        "http://example.com <http://x>",
        "trailing spaces   ",
        "tab\there",
        "wide 漢字 and emoji 😀",
        "a\nb",
        "1\n2.\n3) x\n- y",
        "a | b\n:-|-\n1 | 2",
        "x | y\n --|--",
        "[ z ] and [\tw ]",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        /* The same text as a front and as a back. */
        vg_buf csv = VG_BUF_INIT;
        vg_buf_adds(&csv, "front,back\n\"");
        for (const char *p = texts[i]; *p; p++) {
            if (*p == '"')
                vg_buf_addc(&csv, '"');
            vg_buf_addc(&csv, *p == '\n' ? ' ' : *p);
        }
        vg_buf_adds(&csv, "\",\"");
        for (const char *p = texts[i]; *p; p++) {
            if (*p == '"')
                vg_buf_addc(&csv, '"');
            vg_buf_addc(&csv, *p);
        }
        vg_buf_adds(&csv, "\"\n");
        vg_import_result *r = S_import(vg_buf_str(&csv), VG_IMPORT_CSV, VG_OK);
        for (size_t k = 0; k < r->nnotes; k++)
            if (r->notes[k].level != VG_IMPORT_WARNING || strstr(r->notes[k].msg, "dropped"))
                fail_msg("'%s': %s", texts[i], r->notes[k].msg);
        /* What is shown: whitespace folded, as vg_render_inline does. */
        vg_buf want = VG_BUF_INIT;
        vg_field_plain(texts[i], strlen(texts[i]), false, &want);
        vg_buf got = VG_BUF_INIT;
        vg_render_inline(&r->deck->cards[0].front, &got);
        assert_string_equal(vg_buf_str(&got), vg_buf_str(&want));
        vg_buf_clear(&got);
        vg_render_inline(&r->deck->cards[0].back, &got);
        assert_string_equal(vg_buf_str(&got), vg_buf_str(&want));
        vg_buf_release(&want);
        vg_buf_release(&got);
        vg_buf_release(&csv);
        vg_import_free(r);
    }
}

static void test_back_blocks(void **state)
{
    (void)state;
    vg_import_result *r = S_import("#separator:tab\n#html:true\n"
                                   "q\t\"first line<br>second<br><br>para"
                                   "<ol><li>one</li><li>two<ul><li>sub</li></ul></li></ol>"
                                   "<pre>code\n  block</pre>end\"\textra field\n"
                                   "l\t<ul><li>only</li><li>a list</li></ul>\n"
                                   "n\t<ol><li></li><li>starts at two</li></ol>\n",
                                   VG_IMPORT_ANKI, VG_OK);
    assert_string_equal(S_md(r), "# T\n\nImported from in by vgrev.\n\n"
                                 "- **q**: first line\\\n"
                                 "  second\n\n"
                                 "  para\n\n"
                                 "  1. one\n"
                                 "  2. two\n"
                                 "     - sub\n\n"
                                 "  ```\n"
                                 "  code\n"
                                 "    block\n"
                                 "  ```\n\n"
                                 "  end\n\n"
                                 "  extra field\n"
                                 "- **l**:\n"
                                 "  - only\n"
                                 "  - a list\n"
                                 "- **n**:\n\n"
                                 "  2. starts at two\n");
    assert_string_equal(S_card(r, 0),
                        "q = first line second para one two sub code block end extra field");
    assert_int_equal(r->deck->cards[0].back.nblocks, 8);
    assert_int_equal(r->nnotes, 0);
    vg_import_free(r);
}

static void test_anki_headers(void **state)
{
    (void)state;
    vg_import_result *r =
        S_import("#separator:tab\n"
                 "#html:true\n"
                 "#guid column:1\n"
                 "#notetype column:2\n"
                 "#deck column:3\n"
                 "#tags column:6\n"
                 "g1\tBasic\tLang::Japanese::N5\t<b>猫</b>&nbsp;\tcat\tanimal n5\n"
                 "# a comment line\n"
                 "g2\tBasic (and reversed)\tLang::Japanese::N5\tdog\t犬\t\n"
                 "g3\tCloze\tLang\t{{c1::Tokyo}} is big\tExtra\t\n",
                 VG_IMPORT_ANKI, VG_OK);
    assert_int_equal(r->deck->nsections, 2);
    assert_string_equal(r->deck->sections[0].title, "Lang › Japanese › N5");
    assert_string_equal(S_card(r, 0), "Lang › Japanese › N5 › 猫 = cat");
    assert_string_equal(S_card(r, 1), "Lang › Japanese › N5 › dog = 犬");
    /* a reversed note type: the card both ways */
    assert_string_equal(S_card(r, 2), "Lang › Japanese › N5 › 犬 = dog");
    assert_true(r->deck->cards[2].reverse);
    assert_non_null(strstr(S_md(r), "- **dog**::: 犬\n"));
    /* a cloze note in Anki's syntax, which the deck reads */
    assert_string_equal(S_card(r, 3), "Lang › […] is big Extra = [Tokyo] is big Extra");
    assert_int_equal(r->deck->cards[3].cloze, 1);
    assert_non_null(strstr(S_md(r), "- **猫**: <!-- tags: animal n5 --> cat\n"));
    assert_non_null(strstr(S_md(r), "- {{c1::Tokyo}} is big\n\n  Extra\n"));
    assert_int_equal(r->rows, 3);
    vg_import_free(r);
}

/* Tags go in a comment that nothing in them can end or turn into math or code. */
static void test_tags(void **state)
{
    (void)state;
    vg_import_result *r = S_import("front,back,tags\n"
                                   "a,- starts like a list,\"x-->y, $z$ `c` a--b <b>\"\n"
                                   "b,\"\n\nafter a blank line\",t\n"
                                   "c,,empty back\n",
                                   VG_IMPORT_CSV, VG_OK);
    assert_string_equal(S_md(r), "# T\n\nImported from in by vgrev.\n\n"
                                 "- **a**: <!-- tags: x-y z c a-b b --> - starts like a list\n"
                                 "- **b**: <!-- tags: t --> after a blank line\n"
                                 "- **c**: <!-- tags: empty back -->\n");
    assert_string_equal(S_card(r, 0), "a = - starts like a list");
    assert_string_equal(S_card(r, 1), "b = after a blank line");
    assert_string_equal(S_card(r, 2), "c = ");
    vg_import_free(r);
    r = S_import("#separator:tab\n#tags column:3\nq\t<ul><li>x</li></ul>\tt\n", VG_IMPORT_ANKI,
                 VG_OK);
    assert_non_null(strstr(S_md(r), "- **q**: <!-- tags: t -->\n  - x\n"));
    assert_string_equal(S_card(r, 0), "q = x");
    vg_import_free(r);
}

static void test_anki_separators(void **state)
{
    (void)state;
    static const struct {
        const char *src, *card;
    } cases[] = {
        {"#separator:Comma\na,b\n", "a = b"},
        {"#separator:semicolon\na;b\n", "a = b"},
        {"#separator: PIPE \na|b\n", "a = b"},
        {"#separator:space\na b\n", "a = b"},
        {"#separator:colon\na:b\n", "a = b"},
        {"#separator:\t\na\tb\n", "a = b"},
        {"#separator:;\na;b\n", "a = b"},
        {"a\tb\n", "a = b"}, /* no header: tab */
        {"tags:x y\na\tb\n", "a = b"},
        /* #html:false: markup is text; a separator inside quotes is text. */
        {"#separator:comma\n#html:false\n\"<b>a,</b>\",&amp;\n", "<b>a,</b> = &amp;"},
        /* #columns names the fields: Back before Front. */
        {"#separator:Semicolon\n#columns:Back;Front;Tags\n#tags column:3\nb;f;t\n", "f = b"},
        {"#separator:tab\n#deck:Default::Sub\n#tags:all\na\tb\n", "Default › Sub › a = b"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        vg_import_result *r = S_import(cases[i].src, VG_IMPORT_ANKI, VG_OK);
        assert_string_equal(S_card(r, 0), cases[i].card);
        vg_import_free(r);
    }
    vg_import_result *r =
        S_import("#separator:tab\n#deck column:x\n#html:maybe\na\tb\n", VG_IMPORT_ANKI, VG_OK);
    S_note(r, VG_IMPORT_WARNING, 2, 14, "'#deck column:' is not a column number");
    S_note(r, VG_IMPORT_WARNING, 3, 7, "'#html:' is true or false");
    vg_import_free(r);
}

static void test_anki_extra_fields(void **state)
{
    (void)state;
    /* Ragged rows are fine in Anki's export: missing fields are empty, more are added. */
    vg_import_result *r = S_import("#separator:tab\n"
                                   "w1\tm1\tex1\taudio\n"
                                   "w2\tm2\n"
                                   "w3\n"
                                   "w4\t\n",
                                   VG_IMPORT_ANKI, VG_OK);
    assert_string_equal(S_card(r, 0), "w1 = m1 ex1 audio");
    assert_string_equal(S_card(r, 1), "w2 = m2");
    /* A front alone on its line has no back at all; an empty back field is a card. */
    S_note(r, VG_IMPORT_SKIPPED, 4, 1, "skipped: 'w3' has no back (no tab on the line)");
    assert_string_equal(S_card(r, 2), "w4 = ");
    S_note(r, VG_IMPORT_WARNING, 5, 1, "card 'w4' has an empty back");
    vg_import_free(r);
}

static void test_anki_report(void **state)
{
    (void)state;
    vg_import_result *r = S_import("#separator:tab\n#html:true\n"
                                   "<img src=\"only.png\">\tback\n"
                                   "front<img src=\"a.png\"><img src=\"b.png\">\t[sound:s.mp3]x\n"
                                   "{{c1::a}} {{c2::b}}\t\n"
                                   "t\t<table><tr><td>1</td></tr></table>\n"
                                   "\"quo\"te\"\tx\n",
                                   VG_IMPORT_ANKI, VG_OK);
    S_note(r, VG_IMPORT_SKIPPED, 3, 1, "the front has no text");
    S_note(r, VG_IMPORT_WARNING, 4, 1, "2 images dropped ('a.png', ...)");
    S_note(r, VG_IMPORT_WARNING, 4, 1, "1 sound dropped ('s.mp3')");
    S_note(r, VG_IMPORT_WARNING, 6, 1, "a table became lines of text");
    S_note(r, VG_IMPORT_WARNING, 7, 6, "text after a closing quote");
    assert_int_equal(r->skipped, 1);
    assert_int_equal(r->deck->ncards, 5); /* the cloze row: a card per number */
    vg_import_free(r);
}

/* Markup that the markdown writer has to take care with; every card must read back with its
 * styles (no "styles and math dropped"). */
static void test_styles_written(void **state)
{
    (void)state;
    static const struct {
        const char *html, *md;
    } cases[] = {
        {"x<b>(y)</b>z", "x(**y**)z"},
        {"<b>a</b><i>b</i> c", "***ab*** c"},
        {"<i>a </i>b <b> c </b>d", "*a* b **c** d"},
        {"<code>`x`</code> <code>a``b</code>", "`` `x` `` ```a``b```"},
        {"\\(x\\)5 and \\(y\\\\\\)", "$x$&#53; and $y\\\\$"},
        {"<b>\\(e\\)0</b>", "**$e$&#48;**"},
        {"<i>*</i> and <b>**</b>", "*\\** and **\\*\\***"},
        {"c<tt><i>n</i></tt>", "c`n`"},
        {"<i>\\(x\\);</i>", "*$x$;*"},
        {"<b>x</b>.<b>y</b>", "**x**.**y**"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        vg_buf src = VG_BUF_INIT;
        vg_buf_printf(&src, "#separator:tab\nf\t%s\n", cases[i].html);
        vg_import_result *r = S_import(vg_buf_str(&src), VG_IMPORT_ANKI, VG_OK);
        for (size_t k = 0; k < r->nnotes; k++)
            fail_msg("'%s': %s", cases[i].html, r->notes[k].msg);
        const char *md = S_md(r);
        const char *line = strstr(md, "- **f**: ");
        assert_non_null(line);
        line += 9;
        size_t n = strcspn(line, "\n");
        if (strlen(cases[i].md) != n || strncmp(line, cases[i].md, n) != 0)
            fail_msg("'%s' became '%.*s', want '%s'", cases[i].html, (int)n, line, cases[i].md);
        vg_buf_release(&src);
        vg_import_free(r);
    }
}

static void test_front_forms(void **state)
{
    (void)state;
    vg_import_result *r = S_import("#separator:tab\n"
                                   "<i>all italic</i>\ta\n"
                                   "::\tb\n"
                                   "Ratio:\tc\n"
                                   "<b>bold</b> front<br>two lines\td\n",
                                   VG_IMPORT_ANKI, VG_OK);
    assert_non_null(strstr(S_md(r), "- __*all italic*__: a\n"));
    assert_non_null(strstr(S_md(r), "- **::**: b\n"));
    assert_non_null(strstr(S_md(r), "- **Ratio:**: c\n"));
    assert_non_null(strstr(S_md(r), "- **bold front\\\n  two lines**: d\n"));
    assert_string_equal(S_card(r, 1), ": = b");
    assert_string_equal(S_card(r, 2), "Ratio = c");
    assert_int_equal(r->nnotes, 0);
    vg_import_free(r);
}

/* ---- Anki's text exports as Anki writes them ---- */

/* The front of card i with its line breaks, each as "|". */
static char *S_front_lines(const vg_import_result *r, size_t i)
{
    static char out[1024];
    assert_true(i < r->deck->ncards);
    const vg_rich *f = &r->deck->cards[i].front;
    size_t o = 0;
    for (size_t b = 0; b < f->nblocks; b++)
        for (size_t k = 0; k < f->blocks[b].nspans; k++)
            for (size_t j = 0; j < f->blocks[b].spans[k].len && o + 1 < sizeof out; j++) {
                char c = f->blocks[b].spans[k].text[j];
                out[o++] = c == '\n' ? '|' : c;
            }
    out[o] = '\0';
    return out;
}

static vg_import_result *S_detect(const char *src, vg_status want)
{
    vg_import_opts o = {.format = VG_IMPORT_TSV, .file = "in", .title = "T", .detect = true};
    return S_import_opts(src, &o, want);
}

static void test_headless_recognised(void **state)
{
    (void)state;
    /* Older Anki: no header lines, HTML in the fields. */
    const char *rows = "What is <b>HTTP</b>?\tHypertext<br><i>Transfer</i> Protocol\n"
                       "Port?\t443&nbsp;(TCP)\n"
                       "\"<a href=\"\"x\"\">Link</a>\"\t<ul><li>one</li><li>two</li></ul>\n";
    vg_import_result *r = S_detect(rows, VG_OK);
    assert_int_equal(r->format, VG_IMPORT_ANKI);
    S_note(r, VG_IMPORT_INFO, 1, 1,
           "recognised as Anki's export: HTML in the fields ('<b>' in this one), no header lines");
    assert_string_equal(S_card(r, 0), "What is HTTP? = Hypertext Transfer Protocol");
    assert_string_equal(S_card(r, 1), "Port? = 443 (TCP)");
    assert_string_equal(S_card(r, 2), "Link = one two");
    /* Converted exactly as the same rows under Anki's header lines. */
    vg_buf headed = VG_BUF_INIT;
    vg_buf_printf(&headed, "#separator:tab\n#html:true\n%s", rows);
    vg_import_result *h = S_import(vg_buf_str(&headed), VG_IMPORT_ANKI, VG_OK);
    assert_int_equal(r->len, h->len);
    assert_memory_equal(r->markdown, h->markdown, r->len);
    vg_import_free(h);
    vg_buf_release(&headed);
    vg_import_free(r);

    /* An entity is enough; it need not be on the first row. */
    r = S_detect("a\tb\nc\td&amp;e\n", VG_OK);
    assert_int_equal(r->format, VG_IMPORT_ANKI);
    S_note(r, VG_IMPORT_INFO, 2, 3, "('&amp;' in this one)");
    assert_string_equal(S_card(r, 1), "c = d&e");
    vg_import_free(r);

    /* No HTML: a TSV file; '<' and '&' that are no markup do not make HTML. */
    r = S_detect("x < y\ta & b\n<notatag>\t&nope;\n", VG_OK);
    assert_int_equal(r->format, VG_IMPORT_TSV);
    assert_int_equal(r->nnotes, 0);
    assert_string_equal(S_card(r, 1), "<notatag> = &nope;");
    vg_import_free(r);

    /* Without detect (--format tsv), HTML stays text. */
    r = S_import("a<br>b\tc\n", VG_IMPORT_TSV, VG_OK);
    assert_int_equal(r->format, VG_IMPORT_TSV);
    assert_string_equal(S_card(r, 0), "a<br>b = c");
    vg_import_free(r);

    /* --format anki on the same file: no header lines, HTML by default; '#' first is a
     * title then, not a header. */
    r = S_import("# Deck\nq<br>2\ta\n", VG_IMPORT_ANKI, VG_OK);
    S_note(r, VG_IMPORT_INFO, 1, 0, "skipped: a comment line before the rows");
    assert_string_equal(S_front_lines(r, 0), "q|2");
    vg_import_free(r);

    /* A BOM and CRLF: the same deck and the same notes. */
    vg_import_result *a = S_detect("Q\t<b>A</b>\nR\t\"two\nlines\"\n", VG_OK);
    vg_import_result *b = S_detect("\xEF\xBB\xBFQ\t<b>A</b>\r\nR\t\"two\r\nlines\"\r\n", VG_OK);
    assert_int_equal(a->len, b->len);
    assert_memory_equal(a->markdown, b->markdown, a->len);
    assert_int_equal(a->nnotes, b->nnotes);
    S_note(b, VG_IMPORT_INFO, 1, 3, "recognised as Anki's export");
    vg_import_free(a);
    vg_import_free(b);

    /* Invalid UTF-8: file:line:col, nothing written. */
    r = S_detect("q\t<b>a</b>\nq2\tb\xC3(\n", VG_PARSE);
    S_note(r, VG_IMPORT_ERROR, 2, 5, "invalid UTF-8 (byte 0xC3)");
    assert_null(r->markdown);
    assert_null(r->deck);
    vg_import_free(r);
}

static void test_title_lines(void **state)
{
    (void)state;
    vg_import_result *r = S_import("# List of questions\n"
                                   "Capital of Peru?\tLima\n"
                                   "Largest ocean?\n"
                                   "\n"
                                   "Longest river?\tthe Nile\n"
                                   "Highest mountain?\n",
                                   VG_IMPORT_TSV, VG_OK);
    S_note(r, VG_IMPORT_INFO, 1, 0, "skipped: a comment line before the rows");
    S_note(r, VG_IMPORT_SKIPPED, 3, 1,
           "skipped: 'Largest ocean?' has no back (no tab on the line)");
    S_note(r, VG_IMPORT_SKIPPED, 6, 1, "skipped: 'Highest mountain?' has no back");
    assert_int_equal(r->deck->ncards, 2);
    assert_int_equal(r->rows, 4);
    assert_int_equal(r->skipped, 2);
    assert_string_equal(S_card(r, 1), "Longest river? = the Nile");
    vg_import_free(r);

    /* A title with no separator, in a CSV file, and several lines of them. */
    r = S_import("Geography chapter 2\n\ncat,chat\n", VG_IMPORT_CSV, VG_OK);
    assert_int_equal(r->deck->ncards, 1);
    vg_import_free(r);
    r = S_import("Geography quiz\nQuiz two\ncat,chat\n", VG_IMPORT_CSV, VG_OK);
    S_note(r, VG_IMPORT_INFO, 1, 0, "skipped: a title line before the rows (it has no comma)");
    S_note(r, VG_IMPORT_INFO, 2, 0, "skipped: a title line");
    vg_import_free(r);

    /* Nothing but one column, or nothing but comments: refused. */
    r = S_import("one\ntwo\n", VG_IMPORT_TSV, VG_PARSE);
    S_note(r, VG_IMPORT_ERROR, 1, 1, "only one column");
    vg_import_free(r);
    r = S_import("# a\n# b\n\n", VG_IMPORT_TSV, VG_PARSE);
    S_note(r, VG_IMPORT_ERROR, 0, 0, "only comments: nothing to import");
    vg_import_free(r);
    r = S_import("# a\r\n", VG_IMPORT_ANKI, VG_PARSE);
    S_note(r, VG_IMPORT_ERROR, 0, 0, "only comments: nothing to import");
    vg_import_free(r);
    r = S_import("\xEF\xBB\xBF \r\n\r\n", VG_IMPORT_TSV, VG_PARSE);
    S_note(r, VG_IMPORT_ERROR, 0, 0, "empty file");
    vg_import_free(r);
}

static void test_answer_rule(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        bool found;
        const char *after;
    } cases[] = {
        {"Q<hr id=answer>A", true, "A"},
        {"Q\n\n<hr id=\"answer\">\n\nA", true, "A"},
        {"Q<HR ID='Answer' class=x>  A", true, "A"},
        {"Q<hr id=answer>mid<hr id=answer>A", true, "A"},
        {"Q<hr>A", false, NULL},
        {"Q<hr id=answers>A", false, NULL},
        {"Q<hr id=answer", false, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t rule = 0, after = 0, n = strlen(cases[i].s);
        bool found = vg_field_answer_rule(cases[i].s, n, &rule, &after);
        if (found != cases[i].found)
            fail_msg("'%s': found %d", cases[i].s, found);
        if (found && strcmp(cases[i].s + after, cases[i].after) != 0)
            fail_msg("'%s': the answer is '%s'", cases[i].s, cases[i].s + after);
    }
    vg_import_result *r =
        S_import("#separator:tab\n"
                 "Gold?\tGold?<hr id=answer>Au\n"
                 "<b>Na</b>\t\"<div><b>Na</b></div>\n\n<hr id=\"\"answer\"\">sodium\"\n"
                 "Fe?\tAnother question<hr id=answer>iron\n"
                 "Cu?\tcopper<hr>a metal\n",
                 VG_IMPORT_ANKI, VG_OK);
    assert_string_equal(S_card(r, 0), "Gold? = Au");
    assert_string_equal(S_card(r, 1), "Na = sodium");
    /* The question above the rule is not the front: dropped all the same, and said. */
    assert_string_equal(S_card(r, 2), "Fe? = iron");
    S_note(r, VG_IMPORT_WARNING, 6, 5, "the back starts after its <hr id=answer>");
    assert_string_equal(S_card(r, 3), "Cu? = copper a metal");
    vg_import_free(r);
    /* Plain text has no rules. */
    r = S_import("q,q<hr id=answer>a\n", VG_IMPORT_CSV, VG_OK);
    assert_string_equal(S_card(r, 0), "q = q<hr id=answer>a");
    vg_import_free(r);
}

static void test_front_lines(void **state)
{
    (void)state;
    vg_import_result *r = S_import("#separator:tab\n"
                                   "one<br>two\ta<br>b\n"
                                   "<div>first</div><div>second</div>\tx\n"
                                   "Which?<ul><li>4</li><li>7<ul><li>inner</li></ul></li></ul>\ty\n"
                                   "Order<ol><li>a</li><li>b</li></ol>\tz\n"
                                   "<i>lead</i><br>- dash<br>2. two<br># hash\tw\n",
                                   VG_IMPORT_ANKI, VG_OK);
    assert_int_equal(r->nnotes, 0);
    assert_string_equal(S_front_lines(r, 0), "one|two");
    assert_string_equal(S_front_lines(r, 1), "first|second");
    assert_string_equal(S_front_lines(r, 2), "Which?|\u2022 4|\u2022 7|\u25e6 inner");
    assert_string_equal(S_front_lines(r, 3), "Order|1. a|2. b");
    assert_string_equal(S_front_lines(r, 4), "lead|- dash|2. two|# hash");
    assert_non_null(strstr(S_md(r), "- **one\\\n  two**: a\\\n  b\n"));
    assert_non_null(strstr(S_md(r), "- __*lead*\\\n  \\- dash\\\n  2\\. two\\\n  \\# hash__: w\n"));
    /* The id is the one-line front's: line breaks are whitespace to an id. */
    char id[VG_CARD_ID_LEN + 1];
    vg_card_id("", "one two", id);
    assert_string_equal(r->deck->cards[0].id, id);
    vg_import_free(r);
    /* Plain fields too: a quoted front over two lines stays two lines. */
    r = S_import("front,back\n\"two\nlines\",b\n", VG_IMPORT_CSV, VG_OK);
    assert_string_equal(S_front_lines(r, 0), "two|lines");
    vg_import_free(r);
}

static void test_tag_column(void **state)
{
    (void)state;
    /* Older Anki's "Notes in Plain Text": the fields, then the tags, no header. */
    vg_import_result *r = S_detect("Spain<br>capital\tMadrid\tgeo europe::capitals\n"
                                   "Kenya\tNairobi\t\n"
                                   "Word\tmeaning\texample sentence, with commas.\tvocab n5\n",
                                   VG_OK);
    assert_int_equal(r->format, VG_IMPORT_ANKI);
    assert_non_null(strstr(S_md(r), "- **Spain\\\n  capital**: <!-- tags: geo europe::capitals "
                                    "--> Madrid\n"));
    assert_non_null(strstr(S_md(r), "- **Kenya**: Nairobi\n"));
    /* A note with a third field: it follows the back; the last column is still the tags. */
    assert_non_null(strstr(S_md(r), "- **Word**: <!-- tags: vocab n5 --> meaning\n\n"
                                    "  example sentence, with commas.\n"));
    S_note(r, VG_IMPORT_INFO, 1, 25, "column 3 read as tags ('geo europe::capitals')");
    vg_import_free(r);

    /* Not tags in one row: never glued to the back, and the report says why. */
    static const char *const not_tags[] = {"a sentence.", "Why?",    "one, two", "say \"hi\"",
                                           "Note:",       "(aside)", "<b>x</b>"};
    for (size_t i = 0; i < sizeof not_tags / sizeof *not_tags; i++) {
        vg_buf src = VG_BUF_INIT;
        vg_buf_printf(&src, "q1\ta1\tgeo\nq2\ta2\t%s\n", not_tags[i]);
        r = S_import(vg_buf_str(&src), VG_IMPORT_TSV, VG_OK);
        S_note(r, VG_IMPORT_WARNING, 2, 7, "column 3 not used: no header names it");
        assert_string_equal(S_card(r, 0), "q1 = a1");
        assert_string_equal(S_card(r, 1), "q2 = a2");
        assert_null(strstr(S_md(r), "tags:"));
        vg_import_free(r);
        vg_buf_release(&src);
    }
    /* Empty in every row: no tags and nothing to say. */
    r = S_import("q1\ta1\t\nq2\ta2\t\n", VG_IMPORT_TSV, VG_OK);
    assert_int_equal(r->nnotes, 0);
    vg_import_free(r);
    /* A header names the columns: no guessing. */
    r = S_import("Front\tBack\tNotes\nq\ta\tgeo\n", VG_IMPORT_TSV, VG_OK);
    S_note(r, VG_IMPORT_WARNING, 1, 1, "column 3 'Notes' not used");
    vg_import_free(r);
    /* Tags given by Anki's header lines: the last column is a field like the others. */
    r = S_import("#separator:tab\n#tags column:4\nq\ta\textra\tt1\n", VG_IMPORT_ANKI, VG_OK);
    assert_non_null(strstr(S_md(r), "- **q**: <!-- tags: t1 --> a\n\n  extra\n"));
    vg_import_free(r);
}

/* ---- names and formats ---- */

static void test_names(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"french", "french"},
        {"My Deck (2)", "My-Deck-2"},
        {"../x", "x"},
        {"/etc/passwd", "etc-passwd"},
        {"a/b", "a-b"},
        {".hidden", "hidden"},
        {"deck.md", "deck"},
        {"v1.2..3", "v1.2.3"},
        {"--force", "force"},
        {"a\x1b[31mb\n", "a-31mb"},
        {"caf\xC3\xA9", "caf"},
        {"x-", "x"},
        {"..", NULL},
        {"///", NULL},
        {"", NULL},
        {"\xE6\x97\xA5\xE6\x9C\xAC", NULL},
        {".md", NULL},
    };
    char out[VG_IMPORT_NAME_MAX + 1];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bool ok = vg_import_name(cases[i].in, out);
        if (!cases[i].out) {
            assert_false(ok);
            assert_string_equal(out, "");
        } else {
            assert_true(ok);
            assert_string_equal(out, cases[i].out);
        }
    }
    char longname[300];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    longname[VG_IMPORT_NAME_MAX - 1] = '.'; /* cut there: no trailing '.' */
    assert_true(vg_import_name(longname, out));
    assert_int_equal(strlen(out), VG_IMPORT_NAME_MAX - 1);
}

static void test_formats(void **state)
{
    (void)state;
    vg_import_format f;
    assert_true(vg_import_guess("a/notes.MD", "x", 1, &f) && f == VG_IMPORT_MD);
    assert_true(vg_import_guess("x.markdown", "x", 1, &f) && f == VG_IMPORT_MD);
    assert_true(vg_import_guess("x.csv", "a,b", 3, &f) && f == VG_IMPORT_CSV);
    assert_true(vg_import_guess("x.tsv", "a", 1, &f) && f == VG_IMPORT_TSV);
    assert_true(vg_import_guess("x.txt", "a\tb", 3, &f) && f == VG_IMPORT_TSV);
    assert_true(vg_import_guess("x.txt", "#separator:tab\n", 15, &f) && f == VG_IMPORT_ANKI);
    assert_true(vg_import_guess("x.csv", "\xEF\xBB\xBF#html:true\n", 14, &f) &&
                f == VG_IMPORT_ANKI);
    assert_true(vg_import_guess("x.dat", "# Deck column: 3", 16, &f) && f == VG_IMPORT_ANKI);
    assert_false(vg_import_guess("x.dat", "a,b", 3, &f));
    assert_false(vg_import_guess(".csv", "a,b", 3, &f));
    assert_false(vg_import_guess("x.md/", "a", 1, &f));
    assert_true(vg_import_format_parse("Markdown", &f) && f == VG_IMPORT_MD);
    assert_true(vg_import_format_parse("ANKI", &f) && f == VG_IMPORT_ANKI);
    assert_false(vg_import_format_parse("xlsx", &f));
    assert_string_equal(vg_import_format_name(VG_IMPORT_TSV), "tsv");
}

static void test_bad_arguments(void **state)
{
    (void)state;
    vg_import_result *r = (vg_import_result *)1;
    vg_error err;
    assert_int_equal(vg_import("x", 1, NULL, &r, &err), VG_INVALID);
    assert_null(r);
    vg_import_opts o = {.format = (vg_import_format)9};
    assert_int_equal(vg_import("x", 1, &o, &r, &err), VG_INVALID);
    vg_import_free(NULL);
}

/* ---- export ---- */

/* deck (markdown) exported as format, with its text for the tags. */
static char *S_export(const char *md, vg_import_format format, size_t nextra,
                      const char *const *names, const char *const *cells)
{
    vg_deck *d = NULL;
    vg_error err;
    assert_int_equal(vg_deck_parse(md, strlen(md), "d.md", &d, &err), VG_OK);
    vg_export_opts o = {.format = format,
                        .src = md,
                        .len = strlen(md),
                        .extra_names = names,
                        .extra = cells,
                        .nextra = nextra};
    vg_buf out = VG_BUF_INIT;
    assert_int_equal(vg_export(d, &o, &out, &err), VG_OK);
    vg_deck_free(d);
    return vg_buf_detach(&out);
}

static const char S_export_deck[] = "# D\n\n## 2. Sec\n\n"
                                    "- **Term *it* `c` $x^2$**: <!-- tags: a b --> one, \"two\"\n"
                                    "  - item 1 < 2\n"
                                    "    1. sub\n"
                                    "- **#hash**: x\\\n  y\n\n"
                                    "  para & $$y$$\n\n"
                                    "### Sub\n\n- **T**: z\n";

static void test_export_csv(void **state)
{
    (void)state;
    const char *names[] = {"State"};
    const char *cells[] = {"review", "", "new"};
    char *got = S_export(S_export_deck, VG_IMPORT_CSV, 1, names, cells);
    assert_string_equal(got, "Front,Back,Section,Tags,State\n"
                             "Term *it* `c` $x^2$,\"one, \"\"two\"\"\n"
                             "- item 1 < 2\n"
                             "  1. sub\",2. Sec,a b,review\n"
                             "\"#hash\",\"x\n"
                             "y\n\n"
                             "para & $$y$$\",2. Sec,,\n"
                             "T,z,2. Sec \u203a Sub,,new\n");
    free(got);
}

/* A cloze note: once, its text as the front and its other paragraphs as the back, with its
 * tags; imported again, a card per number with the same ids. */
static void test_export_cloze(void **state)
{
    (void)state;
    static const char md[] =
        "# D\n\n## S\n\n"
        "- {{c1::Paris}} is in {{c2::France::a country}} <!-- tags: geo -->\n\n"
        "  Extra\n"
        "- **After**: x\n";
    char *got = S_export(md, VG_IMPORT_CSV, 0, NULL, NULL);
    assert_string_equal(got, "Front,Back,Section,Tags\n"
                             "{{c1::Paris}} is in {{c2::France::a country}},Extra,S,geo\n"
                             "After,x,S,\n");
    vg_import_result *r = S_import(got, VG_IMPORT_CSV, VG_OK);
    vg_deck *d = NULL;
    vg_error err;
    assert_int_equal(vg_deck_parse(md, strlen(md), "d.md", &d, &err), VG_OK);
    assert_int_equal(r->deck->ncards, 3);
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(r->deck->cards[i].id, d->cards[i].id);
    vg_deck_free(d);
    vg_import_free(r);
    free(got);
}

static void test_export_anki(void **state)
{
    (void)state;
    const char *names[] = {"State"};
    const char *cells[] = {"review", NULL, "new"};
    char *got = S_export(S_export_deck, VG_IMPORT_ANKI, 1, names, cells);
    assert_string_equal(got, "#separator:tab\n#html:true\n#deck column:3\n#tags column:4\n"
                             "#columns:Front\tBack\tSection\tTags\n"
                             "Term <i>it</i> <code>c</code> \\(x^2\\)\t"
                             "one, &quot;two&quot;<ul><li>item 1 &lt; 2<ol><li>sub</li></ol>"
                             "</li></ul>\t2. Sec\ta b vgrev::State::review\n"
                             "\"#hash\"\tx<br>y<br><br>para &amp; \\[y\\]\t2. Sec\t\n"
                             "T\tz\t2. Sec::Sub\tvgrev::State::new\n");
    free(got);
    vg_deck *d = NULL;
    vg_error err;
    assert_int_equal(vg_deck_parse("- **a**: b\n", 11, "d.md", &d, &err), VG_OK);
    vg_export_opts md = {.format = VG_IMPORT_MD};
    vg_buf out = VG_BUF_INIT;
    assert_int_equal(vg_export(d, &md, &out, &err), VG_INVALID);
    vg_buf_release(&out);
    vg_deck_free(d);
}

/* Each card's own tags, found in one pass over the text: none borrowed from a card after it,
 * a reversed card's on both directions, a later section's cards still found. */
static void test_export_tags(void **state)
{
    (void)state;
    static const char md[] = "# D\n\n## A\n\n"
                             "- **a1**: <!-- tags: t1 --> x\n"
                             "- **a2**: y\n\n  more\n"
                             "- **a3**::: <!-- tags: r1 r2 --> z\n\n"
                             "## B\n\n"
                             "- **b1**: w\n"
                             "- **b2**: v\n\n  <!-- tags: last -->\n";
    char *got = S_export(md, VG_IMPORT_CSV, 0, NULL, NULL);
    assert_string_equal(got, "Front,Back,Section,Tags,Notetype\n"
                             "a1,x,A,t1,Basic\n"
                             "a2,\"y\n\nmore\",A,,Basic\n"
                             "a3,z,A,r1 r2,Basic (and reversed card)\n"
                             "b1,w,B,,Basic\n"
                             "b2,v,B,last,Basic\n");
    free(got);
}

/* What the export writes, the import reads back with the same ids (tsv and anki). */
static void test_export_round_trip(void **state)
{
    (void)state;
    vg_deck *d = NULL;
    vg_error err;
    assert_int_equal(vg_deck_parse(S_export_deck, strlen(S_export_deck), "d.md", &d, &err), VG_OK);
    for (int f = VG_IMPORT_CSV; f <= VG_IMPORT_ANKI; f++) {
        char *text = S_export(S_export_deck, (vg_import_format)f, 0, NULL, NULL);
        vg_import_result *r = S_import(text, (vg_import_format)f, VG_OK);
        assert_int_equal(r->deck->ncards, d->ncards);
        for (size_t i = 0; i < d->ncards; i++)
            if (!d->cards[i].subsection[0]) /* a subsection's card gets a new id */
                assert_string_equal(r->deck->cards[i].id, d->cards[i].id);
        vg_import_free(r);
        free(text);
    }
    vg_deck_free(d);
}

/* A reversed card: a Notetype column (Anki's note type) says so, and the import makes both
 * directions again with their ids, in every format. */
static void test_export_reversed(void **state)
{
    (void)state;
    static const char md[] = "# D\n\n## S\n\n- **A**::: one\n- **B**: two\n";
    vg_deck *d = NULL;
    vg_error err;
    assert_int_equal(vg_deck_parse(md, strlen(md), "d.md", &d, &err), VG_OK);
    assert_int_equal(d->ncards, 3);
    char *csv = S_export(md, VG_IMPORT_CSV, 0, NULL, NULL);
    assert_string_equal(csv, "Front,Back,Section,Tags,Notetype\n"
                             "A,one,S,,Basic (and reversed card)\n"
                             "B,two,S,,Basic\n");
    free(csv);
    for (int f = VG_IMPORT_CSV; f <= VG_IMPORT_ANKI; f++) {
        char *text = S_export(md, (vg_import_format)f, 0, NULL, NULL);
        vg_import_result *r = S_import(text, (vg_import_format)f, VG_OK);
        assert_int_equal(r->deck->ncards, 3);
        assert_true(r->deck->cards[1].reverse);
        for (size_t i = 0; i < d->ncards; i++)
            assert_string_equal(r->deck->cards[i].id, d->cards[i].id);
        assert_int_equal(r->nnotes, 0); /* the Notetype column is read, not reported unused */
        vg_import_free(r);
        free(text);
    }
    vg_deck_free(d);
}

/* vg_import_opts.no_deck: the rows known to read back skip the parse; every other table is
 * parsed back as before. Either way the markdown, the notes and the counts are those of the
 * plain import (checked by .check too: a parse that disagrees with the fast check is an
 * error note). fast: whether the parse is skipped. */
static void test_import_no_deck_agrees(void **state)
{
    (void)state;
    static const struct {
        vg_import_format f;
        const char *src;
        bool fast;
    } cases[] = {
        {VG_IMPORT_CSV, "Front,Back\nA,b\nB,c d\n", true},
        /* quotes, "" and line breaks (LF, CRLF) in fields; a field quoted with text after */
        {VG_IMPORT_CSV, "Front,Back\n\"A, \"\"q\"\"\",\"x \"\"y\"\" z\"\n\"B\",\"one\ntwo\"\n",
         true},
        {VG_IMPORT_CSV, "Front,Back\r\nA,\"one\r\n- two\r\n3. three\"\r\n", true},
        {VG_IMPORT_CSV, "Front,Back\nA,\"x\" tail\n", true},
        /* markup characters, escaped; a digit right after a formula; a price */
        {VG_IMPORT_CSV,
         "Front,Back\n*A* _b_ `c` [d],\"<x> & y \\\\ z # 1) ~ = + > ]\"\nB,$x^2$3 and $T$ steps\n"
         "C,costs $5 and $10\nD,\"- a\n# b\n1. c\"\nsnake_case,a_b\n",
         true},
        /* sections: the same front in two sections; a tags column */
        {VG_IMPORT_CSV, "Front,Back,Section\nA,b,S1\nA,c,S2\nB,d,\n", true},
        {VG_IMPORT_CSV, "Front,Back,Tags\nA,b,x y\nB,c,\n", true},
        /* duplicates: same section; sections that read as one title; no ASCII letter */
        {VG_IMPORT_CSV, "Front,Back,Section\nA,b,S\nA,c,S\n", false},
        {VG_IMPORT_CSV, "Front,Back,Section\nA,b,1. S\nA,c,2. S\n", false},
        {VG_IMPORT_CSV, "Front,Back,Section\nA,b,\xe6\x97\xa5\nA,c,\xe6\x9c\xac\n", false},
        /* what the fast check leaves to the parse */
        {VG_IMPORT_CSV, "Front,Back\n{{c1::x}} and {{c2::y}},z\n", false},
        {VG_IMPORT_CSV, "Front,Back\nA,\": b\"\nB,c\n", false},
        {VG_IMPORT_CSV, "Front,Back\nA:,b\nB,c\n", false},
        {VG_IMPORT_CSV, "Front,Back\nA,b | c\nB,c\n", false},
        {VG_IMPORT_CSV, "Front,Back\nA,x {{c1::y}}\nB,c\n", false},
        {VG_IMPORT_CSV, "Front,Back\nA\xe3\x80\x80,b\nB,c\n", false},
        {VG_IMPORT_CSV, "Front,Back\nA,$$x$$\nB,c\n", false},
        {VG_IMPORT_CSV, "Front,Back\nA,b\nC,$a`b$\n", true},
        {VG_IMPORT_CSV, "Front,Back\nA,$a\\\\$ b\nB,c\n", false},
        /* HTML (Anki): styles, lists, media; a reversed note type */
        {VG_IMPORT_ANKI, "#separator:tab\n#html:true\nA\tb<br>c &amp; d\n", true},
        {VG_IMPORT_ANKI, "#separator:tab\n#html:true\nA<b>x</b>\t<i>b</i><br>c\n", false},
        {VG_IMPORT_ANKI, "#separator:tab\n#html:true\nA\t<ul><li>x</li><li>y</li></ul>\n", false},
        {VG_IMPORT_ANKI, "#separator:tab\n#html:true\nA\tb <img src=\"x.png\">\n", true},
        {VG_IMPORT_ANKI,
         "#separator:tab\n#html:true\n#notetype column:1\nBasic (and reversed card)\tA\tb\n",
         false},
        /* a row left out, a skipped row, a row without styles: notes the same */
        {VG_IMPORT_CSV, "Front,Back\nA\n,b\nB,c\n", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        vg_import_opts o = {.format = cases[i].f, .file = "t.csv", .title = "T"};
        vg_import_opts fo = o;
        fo.no_deck = fo.check = true;
        vg_import_result *r = NULL, *f = NULL;
        vg_error err;
        size_t len = strlen(cases[i].src);
        vg_status st = vg_import(cases[i].src, len, &o, &r, &err);
        vg_status fst = vg_import(cases[i].src, len, &fo, &f, &err);
        assert_non_null(r);
        assert_non_null(f);
        for (size_t k = 0; k < f->nnotes; k++)
            if (f->notes[k].level == VG_IMPORT_ERROR)
                fail_msg("case %zu: %s", i, f->notes[k].msg);
        assert_int_equal(st, VG_OK);
        assert_int_equal(fst, st);
        if ((f->deck == NULL) != cases[i].fast)
            fail_msg("case %zu: the parse was %s", i, f->deck ? "not skipped" : "skipped");
        assert_int_equal(f->len, r->len);
        assert_memory_equal(f->markdown, r->markdown, r->len);
        assert_int_equal(r->cards, r->deck->ncards);
        assert_int_equal(r->sections, r->deck->nsections);
        assert_int_equal(f->cards, r->cards);
        assert_int_equal(f->sections, r->sections);
        assert_int_equal(f->rows, r->rows);
        assert_int_equal(f->skipped, r->skipped);
        assert_int_equal(f->nnotes, r->nnotes);
        for (size_t k = 0; k < r->nnotes; k++) {
            assert_int_equal(f->notes[k].level, r->notes[k].level);
            assert_int_equal(f->notes[k].line, r->notes[k].line);
            assert_int_equal(f->notes[k].col, r->notes[k].col);
            assert_string_equal(f->notes[k].msg, r->notes[k].msg);
        }
        vg_import_free(r);
        vg_import_free(f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_quotes),
        cmocka_unit_test(test_csv_line_ends_and_bom),
        cmocka_unit_test(test_csv_blank_and_empty_fields),
        cmocka_unit_test(test_csv_tsv_quotes),
        cmocka_unit_test(test_csv_unclosed_quote),
        cmocka_unit_test(test_csv_lenient),
        cmocka_unit_test(test_csv_too_many_fields),
        cmocka_unit_test(test_locate),
        cmocka_unit_test(test_plain_field),
        cmocka_unit_test(test_plain_math),
        cmocka_unit_test(test_html_styles),
        cmocka_unit_test(test_html_lines),
        cmocka_unit_test(test_html_lists),
        cmocka_unit_test(test_html_entities),
        cmocka_unit_test(test_html_scripts),
        cmocka_unit_test(test_html_math),
        cmocka_unit_test(test_html_media),
        cmocka_unit_test(test_html_pre),
        cmocka_unit_test(test_cloze),
        cmocka_unit_test(test_field_plain_text),
        cmocka_unit_test(test_csv_header_names),
        cmocka_unit_test(test_csv_no_header),
        cmocka_unit_test(test_csv_column_options),
        cmocka_unit_test(test_csv_ragged),
        cmocka_unit_test(test_bom_crlf_same),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_md_errors_all_reported),
        cmocka_unit_test(test_md_copied),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_ids),
        cmocka_unit_test(test_escaping_round_trip),
        cmocka_unit_test(test_back_blocks),
        cmocka_unit_test(test_anki_headers),
        cmocka_unit_test(test_tags),
        cmocka_unit_test(test_anki_separators),
        cmocka_unit_test(test_anki_extra_fields),
        cmocka_unit_test(test_anki_report),
        cmocka_unit_test(test_styles_written),
        cmocka_unit_test(test_front_forms),
        cmocka_unit_test(test_headless_recognised),
        cmocka_unit_test(test_title_lines),
        cmocka_unit_test(test_answer_rule),
        cmocka_unit_test(test_front_lines),
        cmocka_unit_test(test_tag_column),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_export_csv),
        cmocka_unit_test(test_export_cloze),
        cmocka_unit_test(test_export_anki),
        cmocka_unit_test(test_export_tags),
        cmocka_unit_test(test_export_round_trip),
        cmocka_unit_test(test_export_reversed),
        cmocka_unit_test(test_import_no_deck_agrees),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
