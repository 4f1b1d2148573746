/* The simulation's result as text: two column charts (minutes a day, cards remembered), one
 * column per desired retention with the efficient range marked under them, and a table. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vgrev/simulate.h"
#include "vgrev/stats.h"

enum { S_HEIGHT = 8, S_LABEL = 8 };

static void S_spaces(vg_buf *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        vg_buf_addc(out, ' ');
}

/* A chart of v (already scaled to whole units) with the top and bottom labels, the axis, the
 * efficient range and the retentions under it. gap: columns between two bars. */
static void S_chart(const vg_sim_result *r, const size_t *v, size_t max, const char *top,
                    const char *bottom, size_t gap, vg_buf *out)
{
    for (size_t row = 0; row < S_HEIGHT; row++) {
        const char *label = row == 0 ? top : "";
        S_spaces(out, S_LABEL - 1 - strlen(label));
        vg_buf_adds(out, label);
        vg_buf_adds(out, row == 0 ? " ┤" : " │");
        vg_chart_columns_row(v, VG_SIM_NRET, max, S_HEIGHT, row, gap, out);
        vg_buf_addc(out, '\n');
    }
    S_spaces(out, S_LABEL - 1 - strlen(bottom));
    vg_buf_adds(out, bottom);
    vg_buf_adds(out, " └");
    for (size_t k = 0; k < VG_SIM_NRET * (1 + gap); k++)
        vg_buf_adds(out, "─");
    vg_buf_addc(out, '\n');
    /* The efficient range: a bar under its columns. */
    if (r->lo <= r->hi) {
        S_spaces(out, S_LABEL + 1 + r->lo * (1 + gap));
        for (size_t k = r->lo * (1 + gap); k < r->hi * (1 + gap) + 1; k++)
            vg_buf_adds(out, "▀");
        vg_buf_adds(out, " efficient\n");
    }
    /* Every fifth retention's percent under its column. */
    size_t col = 0;
    S_spaces(out, S_LABEL + 1);
    for (size_t k = 0; k < VG_SIM_NRET; k += 5) {
        size_t at = k * (1 + gap);
        S_spaces(out, at > col ? at - col : 0);
        vg_buf_printf(out, "%d%%", VG_SIM_RET_FIRST + (int)k);
        col = (at > col ? at : col) + 3;
    }
    vg_buf_addc(out, '\n');
}

void vg_sim_format(const vg_sim_result *r, size_t width, vg_buf *out)
{
    size_t gap = S_LABEL + 1 + 2 * VG_SIM_NRET <= (width < 40 ? 40 : width) ? 1 : 0;
    vg_buf_printf(out, "Desired retention: the next %d days simulated (seed %llu)\n", VG_SIM_DAYS,
                  (unsigned long long)r->seed);
    vg_buf_printf(out,
                  "  %zu cards, %zu of them new; at most %u new cards and %u reviews a day;\n"
                  "  %.0f cards remembered now\n",
                  r->cards, r->new_cards, r->new_per_day, r->reviews_per_day, r->remembered_now);
    if (r->best < VG_SIM_NRET)
        vg_buf_printf(out,
                      "  Efficient (knowledge gained per minute within %.0f%% of the best): "
                      "%.0f%% to %.0f%%\n",
                      100 * VG_SIM_EFFICIENT, 100 * r->point[r->lo].retention,
                      100 * r->point[r->hi].retention);
    else
        vg_buf_adds(out, "  No retention gains knowledge: nothing to learn or to keep\n");

    size_t v[VG_SIM_NRET];
    double max = 0, lo = INFINITY, hi = 0;
    for (size_t k = 0; k < VG_SIM_NRET; k++) {
        const vg_sim_point *p = &r->point[k];
        max = p->minutes > max ? p->minutes : max;
        lo = p->remembered < lo ? p->remembered : lo;
        hi = p->remembered > hi ? p->remembered : hi;
    }
    char top[24], bottom[24];
    vg_buf_adds(out, "\nMinutes of study a day\n");
    for (size_t k = 0; k < VG_SIM_NRET; k++)
        v[k] = (size_t)llround(r->point[k].minutes * 100);
    snprintf(top, sizeof top, "%.2f", max);
    S_chart(r, v, (size_t)llround(max * 100), top, "0", gap, out);

    /* From the fewest remembered up: the differences are what matters. */
    vg_buf_adds(out, "\nCards remembered at the end\n");
    double base = floor(lo);
    for (size_t k = 0; k < VG_SIM_NRET; k++)
        v[k] = (size_t)llround((r->point[k].remembered - base) * 100) + 1;
    snprintf(top, sizeof top, "%.0f", hi);
    snprintf(bottom, sizeof bottom, "%.0f", base);
    S_chart(r, v, (size_t)llround((hi - base) * 100) + 1, top, bottom, gap, out);

    vg_buf_adds(out, "\n  retention  minutes/day  answers/day  remembered  gained/minute\n");
    for (size_t k = 0; k < VG_SIM_NRET; k++) {
        const vg_sim_point *p = &r->point[k];
        vg_buf_printf(out, "  %8.0f%%  %11.2f  %11.1f  %10.1f  %13.3f%s\n", 100 * p->retention,
                      p->minutes, p->reviews, p->remembered, p->gain,
                      k == r->best   ? "  best"
                      : p->efficient ? "  efficient"
                                     : "");
    }
    vg_buf_adds(out, "  (remembered: the sum of the cards' recall probabilities at the end;\n"
                     "  gained/minute: remembered at the end less remembered now, over the\n"
                     "  minutes studied)\n");
}
