/* vgrev show: cards as plain text, the way a person reads them. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "vgrev/buf.h"
#include "vgrev/render.h"

static const char S_usage[] =
    "usage: vgrev show [DECK] [ID...]\n"
    "\n"
    "Prints cards of DECK (default: the built-in deck) as plain text: the section,\n"
    "subsection and front, then the back. With IDs (or unique prefixes of 4+\n"
    "digits, see 'vgrev list --cards'), only those cards; otherwise all of them.\n"
    "\n"
    "  --help    show this help\n";

enum { BACK_INDENT = 2 };

static void S_print_lines(const vg_rich *text, size_t width, size_t indent)
{
    vg_lines lines;
    vg_lines_init(&lines);
    vg_buf out = VG_BUF_INIT;
    if (vg_render_rich(text, width > indent ? width - indent : 1, &lines) == VG_OK)
        vg_lines_to_text(&lines, &out);
    const char *p = vg_buf_str(&out);
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n)
            printf("%*s%.*s", (int)indent, "", (int)n, p);
        putchar('\n');
        p += n + (nl ? 1 : 0);
    }
    vg_buf_release(&out);
    vg_lines_release(&lines);
}

static void S_show_card(const vg_deck *deck, const vg_card *card, size_t width)
{
    vg_heading h;
    if (vg_card_heading(deck, card, &h) == VG_OK)
        S_print_lines(vg_heading_rich(&h), width, 0);
    vg_heading_release(&h);
    if (card->ntags) { /* under the heading: "tags: a, b" */
        vg_buf line = VG_BUF_INIT;
        vg_buf_adds(&line, "tags: ");
        for (size_t i = 0; i < card->ntags; i++) {
            vg_buf_adds(&line, i ? ", " : "");
            vg_buf_adds(&line, card->tags[i]);
        }
        const vg_span span = {vg_buf_str(&line), line.len, VG_STYLE_PLAIN};
        const vg_rich tags = {
            &(const vg_block){
                .kind = VG_BLOCK_PARA, .line = card->line, .spans = &span, .nspans = 1},
            1};
        S_print_lines(&tags, width, BACK_INDENT);
        vg_buf_release(&line);
    }
    S_print_lines(&card->back, width, BACK_INDENT);
}

int cmd_show(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = cli_getopt(argc, argv, "h", longopts)) != -1) {
        if (c != 'h')
            return CLI_USAGE;
        fputs(S_usage, stdout);
        return CLI_OK;
    }
    const char *spec = NULL;
    if (optind < argc && cli_is_deck(argv[optind]))
        spec = argv[optind++];

    vg_deck *deck = NULL;
    vg_error err;
    vg_error_clear(&err);
    if (cli_deck_open(spec, &deck, &err) != VG_OK)
        return cli_fail(&err);

    int status = CLI_OK;
    size_t width = cli_width(stdout);
    if (optind == argc) {
        for (size_t i = 0; i < deck->ncards; i++) {
            if (i)
                putchar('\n');
            S_show_card(deck, &deck->cards[i], width);
        }
    }
    for (int i = optind; i < argc; i++) {
        const vg_card *card = vg_deck_find(deck, argv[i]);
        if (!card) {
            vg_error_set(
                &err, VG_NOT_FOUND, NULL, 0, 0,
                "no card '%s' in %s (or the prefix is ambiguous; see 'vgrev list --cards')",
                argv[i], deck->file);
            status = cli_fail(&err);
            continue;
        }
        if (i > optind)
            putchar('\n');
        S_show_card(deck, card, width);
    }
    vg_deck_free(deck);
    return status;
}
