/* Titles of a deck as one line of text (include/vgrev/render.h): the heading builder of
 * deck/sections.c, rendered. */
#include <string.h>

#include "vgrev/deck.h"
#include "vgrev/render.h"

void vg_render_title(const char *title, vg_buf *out)
{
    if (!title || !*title)
        return;
    vg_heading h;
    vg_heading_init(&h);
    vg_heading_add_title(&h, title);
    const vg_rich *rich = vg_heading_rich(&h);
    if (rich)
        vg_render_inline(rich, out);
    else
        vg_render_sanitize(title, strlen(title), out);
    vg_heading_release(&h);
}
