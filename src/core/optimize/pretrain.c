/* Pre-training of w0..w3, the initial stabilities (fsrs-rs 6.6.1
 * src/parameter_initialization.rs): per first rating, the stability whose forgetting curve
 * (with the default decay) best fits the recall observed at each first interval. */
#include "optimize/optimize_int.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#define INIT_S_MAX 100.0
#define INIT_S_MIN 0.001

static const double S_default_s0[4] = {0.212, 1.2931, 2.3065, 8.2956}; /* FSRS-6 w0..w3 */
#define DEFAULT_DECAY 0.1542                                           /* FSRS-6 w20 */

static double S_loss(const double *dt, const double *recall, const double *count, size_t n,
                     double s, double default_s0)
{
    double decay = -DEFAULT_DECAY, factor = pow(0.9, 1 / decay) - 1, sum = 0;
    for (size_t i = 0; i < n; i++) {
        double p = pow(1 + factor * dt[i] / s, decay);
        sum -= (recall[i] * log(p) + (1 - recall[i]) * log(1 - p)) * count[i];
    }
    return sum + fabs(s - default_s0) / 16; /* the pull to the default */
}

double vg_opt_search_s0(const double *delta_t, const double *recall, const double *count, size_t n,
                        double average_recall, double default_s0)
{
    double smoothed[64], *r = n <= 64 ? smoothed : malloc(n * sizeof *r);
    if (!r)
        return default_s0;
    for (size_t i = 0; i < n; i++) /* Laplace smoothing toward the average recall */
        r[i] = (recall[i] * count[i] + average_recall) / (count[i] + 1);
    double lo = INIT_S_MIN, hi = INIT_S_MAX, best = default_s0;
    for (int iter = 0; hi - lo > DBL_EPSILON && iter < 1000; iter++) { /* ternary search */
        double m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3;
        if (S_loss(delta_t, r, count, n, m1, default_s0) <
            S_loss(delta_t, r, count, n, m2, default_s0))
            hi = m2;
        else
            lo = m1;
        best = (lo + hi) / 2;
    }
    if (r != smoothed)
        free(r);
    return best;
}

bool vg_opt_smooth_fill(double s0[4], const size_t count[4])
{
    static const int pairs[6][2] = {{0, 1}, {1, 2}, {2, 3}, {0, 2}, {1, 3}, {0, 3}};
    const double w1 = 0.41, w2 = 0.54;
    bool has[4];
    int known = 0;
    for (int i = 0; i < 4; i++)
        known += has[i] = count[i] > 0;
    if (!known)
        return false;
    for (int k = 0; k < 6; k++) { /* monotone: the rating with fewer samples gives way */
        int a = pairs[k][0], b = pairs[k][1];
        if (has[a] && has[b] && s0[a] > s0[b]) {
            if (count[a] > count[b])
                s0[b] = s0[a];
            else
                s0[a] = s0[b];
        }
    }
    double *s1 = &s0[0], *s2 = &s0[1], *s3 = &s0[2], *s4 = &s0[3];
    if (known == 1) { /* scale the defaults by the one known rating's ratio */
        int r = has[0] ? 0 : has[1] ? 1 : has[2] ? 2 : 3;
        double f = s0[r] / S_default_s0[r];
        for (int i = 0; i < 4; i++)
            s0[i] = S_default_s0[i] * f; /* the defaults are ascending */
    } else if (known < 4) {
        /* power-law interpolation in log space (fsrs-rs smooth_and_fill's closed forms) */
        bool h1 = has[0], h2 = has[1], h3 = has[2], h4 = has[3];
        if (known == 2) {
            if (h3 && h4) {
                *s2 = pow(*s3, 1 / (1 - w2)) * pow(*s4, 1 - 1 / (1 - w2));
                *s1 = pow(*s2, 1 / w1) * pow(*s3, 1 - 1 / w1);
            } else if (h2 && h4) {
                *s3 = pow(*s2, 1 - w2) * pow(*s4, w2);
                *s1 = pow(*s2, 1 / w1) * pow(*s3, 1 - 1 / w1);
            } else if (h2 && h3) {
                *s4 = pow(*s2, 1 - 1 / w2) * pow(*s3, 1 / w2);
                *s1 = pow(*s2, 1 / w1) * pow(*s3, 1 - 1 / w1);
            } else if (h1 && h4) {
                double den = w1 + w2 - w1 * w2;
                *s2 = pow(*s1, w1 / den) * pow(*s4, 1 - w1 / den);
                *s3 = pow(*s1, 1 - w2 / den) * pow(*s4, w2 / den);
            } else if (h1 && h3) {
                *s2 = pow(*s1, w1) * pow(*s3, 1 - w1);
                *s4 = pow(*s2, 1 - 1 / w2) * pow(*s3, 1 / w2);
            } else { /* 1 and 2 */
                *s3 = pow(*s1, 1 - 1 / (1 - w1)) * pow(*s2, 1 / (1 - w1));
                *s4 = pow(*s2, 1 - 1 / w2) * pow(*s3, 1 / w2);
            }
        } else if (!h1) {
            *s1 = pow(*s2, 1 / w1) * pow(*s3, 1 - 1 / w1);
        } else if (!h2) {
            *s2 = pow(*s1, w1) * pow(*s3, 1 - w1);
        } else if (!h3) {
            *s3 = pow(*s2, 1 - w2) * pow(*s4, w2);
        } else {
            *s4 = pow(*s2, 1 - 1 / w2) * pow(*s3, 1 / w2);
        }
    }
    for (int i = 0; i < 4; i++)
        s0[i] = s0[i] < INIT_S_MIN ? INIT_S_MIN : s0[i] > INIT_S_MAX ? INIT_S_MAX : s0[i];
    return true;
}

typedef struct point {
    int rating;
    int32_t dt;
    int y;
} point;

static int S_point_cmp(const void *a, const void *b)
{
    const point *x = a, *y = b;
    if (x->rating != y->rating)
        return x->rating - y->rating;
    return (x->dt > y->dt) - (x->dt < y->dt);
}

bool vg_opt_pretrain(const vg_opt_data *d, const vg_opt_item *train, const bool *is_init, size_t n,
                     double s0[4], size_t count[4])
{
    size_t n_pass = 0, np = 0;
    point *pts = malloc((n ? n : 1) * sizeof *pts);
    double *buf = malloc((n ? n : 1) * 3 * sizeof *buf);
    bool ok = pts && buf;
    for (size_t i = 0; ok && i < n; i++) {
        size_t s = d->card_start[train[i].card];
        int y = d->rating[s + train[i].pos] > VG_AGAIN;
        n_pass += (size_t)y;
        if (is_init[i])
            pts[np++] = (point){.rating = d->rating[s], .dt = d->delta_t[s + train[i].pos], .y = y};
    }
    for (int r = 0; r < 4; r++)
        count[r] = 0;
    if (ok && np) {
        double average = (double)n_pass / (double)n;
        qsort(pts, np, sizeof *pts, S_point_cmp);
        double *dt = buf, *recall = buf + n, *cnt = buf + 2 * n;
        for (size_t i = 0; i < np;) { /* one rating */
            size_t k = 0, j = i;
            while (j < np && pts[j].rating == pts[i].rating) {
                size_t e = j, pass = 0;
                while (e < np && pts[e].rating == pts[i].rating && pts[e].dt == pts[j].dt)
                    pass += (size_t)pts[e++].y;
                dt[k] = pts[j].dt;
                cnt[k] = (double)(e - j);
                recall[k++] = (double)pass / (double)(e - j);
                j = e;
            }
            int r = pts[i].rating - 1;
            count[r] = j - i;
            s0[r] = vg_opt_search_s0(dt, recall, cnt, k, average, S_default_s0[r]);
            i = j;
        }
    }
    free(pts);
    free(buf);
    return ok && vg_opt_smooth_fill(s0, count);
}
