/* The FSRS optimizer against the reference's own test vectors (fsrs-rs 6.6.1: training.rs
 * test_loss_and_grad, parameter_initialization.rs, parameter_clipper.rs, cosine_annealing.rs)
 * and the items built from a log. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optimize/optimize_int.h"
#include "vgrev/buf.h"
#include "vgrev/file.h"
#include "vgrev/history.h"
#include "vgrev/optimize.h"
#include "vgrev/sched.h"

#define NW VG_FSRS_NWEIGHTS

static void S_near(double got, double want, double tol, const char *what, int i)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("%s[%d]: got %.9g, want %.9g", what, i, got, want);
}

static void S_defaults(double w[NW])
{
    vg_sched_params p;
    vg_sched_params_default(&p);
    memcpy(w, p.weights, NW * sizeof *w);
}

/* Adds a card whose reviews come delta_t[i] study days (UTC) apart. */
static void S_add(vg_opt_data *d, const int *delta_t, const int *ratings, size_t n)
{
    vg_time t[16];
    int32_t r[16];
    vg_days days = {0};
    vg_error err;
    int64_t day = 1000;
    for (size_t i = 0; i < n; i++) {
        day += delta_t[i];
        t[i] = day * 86400 + (vg_time)i * 60; /* same-day reviews a minute apart */
        r[i] = ratings[i];
    }
    assert_int_equal(vg_opt_data_add(d, t, r, n, &days, &err), VG_OK);
}

/* training.rs test_loss_and_grad: four items of six reviews each, default weights. */
static void test_loss_and_grad(void **state)
{
    (void)state;
    static const int t_hist[6][4] = {{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 1},
                                     {0, 1, 1, 3}, {1, 3, 3, 5}, {3, 6, 6, 12}};
    static const int r_hist[6][4] = {{1, 2, 3, 4}, {3, 4, 2, 4}, {1, 4, 4, 3},
                                     {4, 3, 3, 3}, {3, 1, 3, 3}, {2, 3, 3, 4}};
    static const int target[4] = {4, 11, 12, 23}, label[4] = {1, 1, 1, 0};
    static const double want_grad[NW] = {
        -0.095688, -0.005161, -0.001225, 0.007462, 0.036508,  -0.082112, 0.059396,
        -2.147484, 0.576267,  -2.875132, 0.715488, -0.028994, 0.009917,  -0.218922,
        -0.001780, -0.089381, 0.299141,  0.068104, -0.011605, -0.253982, 0.277005};
    static const double want_step[NW] = {0.252,  1.3331, 2.3465, 8.2556, 6.3733, 0.8734, 2.9794,
                                         0.041,  1.8322, 0.2066, 0.756,  1.5235, 0.0214, 0.3029,
                                         1.6883, 0.6414, 1.8329, 0.5025, 0.1312, 0.1058, 0.1142};
    vg_opt_data d;
    vg_opt_data_init(&d);
    for (int c = 0; c < 4; c++) {
        int dt[7], r[7];
        for (int i = 0; i < 6; i++) {
            dt[i] = t_hist[i][c];
            r[i] = r_hist[i][c];
        }
        dt[6] = target[c];
        r[6] = label[c] ? 3 : 1;
        S_add(&d, dt, r, 7);
    }
    double *weight = calloc(d.n_reviews, sizeof *weight);
    assert_non_null(weight);
    for (uint32_t c = 0; c < 4; c++)
        weight[d.card_start[c + 1] - 1] = 1; /* the target only */
    uint32_t cards[4] = {0, 1, 2, 3};
    double w[NW], g[NW];
    S_defaults(w);
    double loss = vg_opt_loss_grad(&d, cards, 4, weight, w, g);
    S_near(loss, 4.0466027, 1e-5, "loss", 0);
    S_near(vg_opt_loss_grad(&d, cards, 4, weight, w, NULL), loss, 1e-12, "loss without grad", 0);
    for (int i = 0; i < NW; i++)
        S_near(g[i], want_grad[i], 2e-5, "grad", i);
    /* Adam's first step is w - lr sign(g); then the bounds */
    for (int i = 0; i < NW; i++)
        w[i] -= 0.04 * (g[i] > 0 ? 1 : -1);
    vg_sched_clip_weights(w, 1, true);
    for (int i = 0; i < NW; i++)
        S_near(w[i], want_step[i], 1e-9, "step", i);
    free(weight);
    vg_opt_data_release(&d);
}

/* parameter_initialization.rs test_search_parameters */
static void test_search(void **state)
{
    (void)state;
    const double dt[] = {1, 2, 3, 4, 5};
    const double recall[] = {0.86666667, 0.90721649, 0.73015873, 0.76315789, 0.67857143};
    const double count[] = {435, 97, 63, 38, 28};
    S_near(vg_opt_search_s0(dt, recall, count, 5, 0.94302857, 0.212), 0.7355089, 1e-6, "s0", 0);
}

/* parameter_initialization.rs test_smooth_and_fill */
static void test_smooth_fill(void **state)
{
    (void)state;
    double s0[4] = {0.4, 0, 2.3, 10.9};
    const size_t c1[4] = {1, 0, 1, 1};
    assert_true(vg_opt_smooth_fill(s0, c1));
    const double want1[4] = {0.4, 1.1227008, 2.3, 10.9};
    for (int i = 0; i < 4; i++)
        S_near(s0[i], want1[i], 1e-6, "fill3", i);
    double s1[4] = {0, 0.35, 0, 0};
    const size_t c2[4] = {0, 1, 0, 0};
    assert_true(vg_opt_smooth_fill(s1, c2));
    const double want2[4] = {0.05738148, 0.35, 0.6242943, 2.2453482};
    for (int i = 0; i < 4; i++)
        S_near(s1[i], want2[i], 1e-6, "fill1", i);
    const size_t none[4] = {0};
    assert_false(vg_opt_smooth_fill(s1, none));
}

/* parameter_clipper.rs */
static void test_clipper(void **state)
{
    (void)state;
    double w[NW];
    S_defaults(w);
    const double in[9] = {0, -1000, 1000, 0, 1000, -1000, 1, 0.25, -0.1};
    const double want[9] = {0.001, 0.001, 100, 0.001, 10, 0.001, 1, 0.25, 0};
    memcpy(w, in, sizeof in);
    vg_sched_clip_weights(w, 1, true);
    for (int i = 0; i < 9; i++)
        S_near(w[i], want[i], 0, "clip", i);
    S_defaults(w);
    vg_sched_clip_weights(w, 2, true); /* the ceiling (about 0.6) keeps the defaults */
    S_near(w[17], 0.5425, 0, "w", 17);
    S_near(w[18], 0.0912, 0, "w", 18);
    S_near(w[19], 0.0658, 0, "w", 19);
}

/* cosine_annealing.rs test_lr_scheduler */
static void test_lr(void **state)
{
    (void)state;
    const double want[] = {0.04, 0.0361803, 0.0261803, 0.0138197, 0.0038197, 0.0};
    for (size_t t = 0; t < 6; t++)
        S_near(vg_opt_lr(0.04, t, 5), want[t], 1e-7, "lr", (int)t);
}

/* Items: one per review on a later day, its history holding the same-day reviews. */
static void test_items(void **state)
{
    (void)state;
    vg_opt_data d;
    vg_opt_data_init(&d);
    const int dt1[] = {0, 0, 1, 0, 3}, r1[] = {1, 3, 3, 1, 3};
    const int dt2[] = {0, 2}, r2[] = {4, 1};
    const int dt3[] = {0, 0}, r3[] = {3, 3}; /* no later day: no item */
    S_add(&d, dt1, r1, 5);
    S_add(&d, dt2, r2, 2);
    S_add(&d, dt3, r3, 2);
    vg_opt_data_finish(&d);
    assert_int_equal(d.n_cards, 3);
    assert_int_equal(d.n_reviews, 9);
    assert_int_equal(d.n_items, 3);
    /* chronological: card 1's day-1 review (day 1001), card 2's (day 1002), card 1's last */
    assert_int_equal(d.items[0].card, 0);
    assert_int_equal(d.items[0].pos, 2);
    assert_int_equal(d.items[1].card, 1);
    assert_int_equal(d.items[1].pos, 1);
    assert_int_equal(d.items[2].card, 0);
    assert_int_equal(d.items[2].pos, 4);
    assert_int_equal(vg_opt_long_term_count(&d, &d.items[2]), 2);
    vg_opt_data_release(&d);
}

/* Anki's health check: a log loss or an RMSE(bins) near what is usual for the retention. */
static void test_healthy(void **state)
{
    (void)state;
    assert_true(vg_opt_healthy(0.30, 0.02, 0.9, 1000));  /* log loss 1.02x the usual */
    assert_true(vg_opt_healthy(0.50, 0.05, 0.9, 1000));  /* RMSE 0.59x */
    assert_false(vg_opt_healthy(0.50, 0.20, 0.9, 1000)); /* 1.70x and 2.34x */
}

/* The short-term chain Anki checks before keeping weights with several relearning steps. */
static void test_relearn_check(void **state)
{
    (void)state;
    double w[NW];
    S_defaults(w);
    double s = vg_opt_relearn_stability(w, 2);
    assert_true(s > 0.4 && s < 0.55); /* lapse 0.382, then x1.119, x1.111 */
    w[17] = w[18] = 2;                /* same-day Goods multiply S by about e^4 */
    assert_true(vg_opt_relearn_stability(w, 2) > 1);
}

static int S_strcmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The items of a simulated history are those the reference (fsrs-rs's CSV converter, days from
 * 04:00 UTC) builds from the same reviews: tests/fixtures/optimize/gen.sh. */
static void test_items_reference(void **state)
{
    (void)state;
    const char *dir = getenv("VG_FIXTURES");
    assert_non_null(dir);
    char path[4096];
    vg_buf hist = VG_BUF_INIT, want = VG_BUF_INIT, got = VG_BUF_INIT;
    snprintf(path, sizeof path, "%s/optimize/items_history.yaml", dir);
    assert_int_equal(vg_file_read(&hist, path, 0, 0, NULL), VG_FILE_DONE);
    snprintf(path, sizeof path, "%s/optimize/items_expected.txt", dir);
    assert_int_equal(vg_file_read(&want, path, 0, 0, NULL), VG_FILE_DONE);
    vg_history *h = NULL;
    vg_error err;
    assert_int_equal(vg_history_parse(vg_buf_str(&hist), hist.len, "h", &h, &err), VG_OK);
    vg_opt_data d;
    vg_opt_data_init(&d);
    vg_days days = {.start_hour = 4};
    for (size_t i = 0; i < h->n_cards; i++) {
        const vg_history_card *c = &h->cards[i];
        vg_time *t = malloc(c->n_reviews * sizeof *t);
        int32_t *r = malloc(c->n_reviews * sizeof *r);
        assert_true(t && r);
        for (size_t k = 0; k < c->n_reviews; k++) {
            t[k] = c->reviews[k].t;
            r[k] = (int32_t)c->reviews[k].rating;
        }
        assert_int_equal(vg_opt_data_add(&d, t, r, c->n_reviews, &days, &err), VG_OK);
        free(t);
        free(r);
    }
    vg_opt_data_finish(&d);
    char **lines = malloc(d.n_items * sizeof *lines);
    assert_non_null(lines);
    for (size_t i = 0; i < d.n_items; i++) {
        vg_buf line = VG_BUF_INIT;
        size_t s = d.card_start[d.items[i].card];
        for (size_t k = 0; k <= d.items[i].pos; k++)
            vg_buf_printf(&line, "%s%d,%d", k ? " " : "", d.rating[s + k], d.delta_t[s + k]);
        lines[i] = strdup(vg_buf_str(&line));
        vg_buf_release(&line);
    }
    qsort(lines, d.n_items, sizeof *lines, S_strcmp);
    for (size_t i = 0; i < d.n_items; i++) {
        vg_buf_printf(&got, "%s\n", lines[i]);
        free(lines[i]);
    }
    free(lines);
    assert_true(d.n_items > 500);
    assert_string_equal(vg_buf_str(&got), vg_buf_str(&want));
    vg_buf_release(&hist);
    vg_buf_release(&want);
    vg_buf_release(&got);
    vg_history_free(h);
    vg_opt_data_release(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loss_and_grad),
        cmocka_unit_test(test_search),
        cmocka_unit_test(test_smooth_fill),
        cmocka_unit_test(test_clipper),
        cmocka_unit_test(test_lr),
        cmocka_unit_test(test_items),
        cmocka_unit_test(test_items_reference),
        cmocka_unit_test(test_healthy),
        cmocka_unit_test(test_relearn_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
