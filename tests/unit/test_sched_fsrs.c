/* FSRS against the reference: every review of tests/fixtures/fsrs/vectors.tsv, recorded from
 * ts-fsrs 5.4.2 with fuzz off by tests/fixtures/fsrs/gen.mjs, must give the same state, due
 * time, intervals, counters and step, and stability and difficulty within 1e-6 relative. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched/sched_int.h"
#include "vgrev/sched.h"

static FILE *S_open_vectors(void)
{
    const char *dir = getenv("VG_FIXTURES");
    char path[4096];
    snprintf(path, sizeof path, "%s/fsrs/vectors.tsv", dir ? dir : "tests/fixtures");
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s: %s", path, strerror(errno));
    return f;
}

static size_t S_split(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(line, "\t\n", &save); tok && n < max;
         tok = strtok_r(NULL, "\t\n", &save))
        fields[n++] = tok;
    return n;
}

static size_t S_list(const char *s, double *out, size_t max)
{
    if (strcmp(s, "-") == 0)
        return 0;
    size_t n = 0;
    const char *p = s;
    while (*p && n < max) {
        char *end;
        out[n++] = strtod(p, &end);
        p = *end == ',' ? end + 1 : end;
    }
    return n;
}

/* A whole field of the vectors file as an integer. */
static long long S_int(const char *s)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end)
        fail_msg("vectors.tsv: not an integer: '%s'", s);
    return v;
}

static bool S_close(double got, double want)
{
    return fabs(got - want) <= 1e-6 * fmax(fabs(want), 1e-300);
}

static void test_reference_vectors(void **state)
{
    (void)state;
    FILE *f = S_open_vectors();
    char line[8192];
    char card_name[512] = "";
    vg_sched sched;
    bool have_sched = false;
    vg_sched_card card;
    vg_sched_card_init(&card, "", 0);
    size_t reviews = 0, exact = 0, cards = 0, sets = 0, lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        static char empty[] = "";
        char *fld[16];
        for (size_t i = 0; i < 16; i++)
            fld[i] = empty;
        size_t n = S_split(line, fld, 16);
        if (n < 2)
            fail_msg("vectors.tsv:%zu: short record", lineno);
        if (strcmp(fld[0], "P") == 0) {
            assert_int_equal(n, 8);
            vg_sched_params p;
            vg_sched_params_default(&p);
            p.enable_fuzz = false;
            p.desired_retention = strtod(fld[2], NULL);
            p.maximum_interval = (int32_t)S_int(fld[3]);
            p.enable_short_term = S_int(fld[4]) != 0;
            double v[VG_SCHED_MAX_STEPS];
            p.n_learning_steps = S_list(fld[5], v, VG_SCHED_MAX_STEPS);
            for (size_t i = 0; i < p.n_learning_steps; i++)
                p.learning_steps[i] = (int64_t)v[i];
            p.n_relearning_steps = S_list(fld[6], v, VG_SCHED_MAX_STEPS);
            for (size_t i = 0; i < p.n_relearning_steps; i++)
                p.relearning_steps[i] = (int64_t)v[i];
            assert_int_equal(S_list(fld[7], p.weights, VG_FSRS_NWEIGHTS), VG_FSRS_NWEIGHTS);
            vg_error err;
            assert_int_equal(vg_sched_init(&sched, &p, &err), VG_OK);
            have_sched = true;
            sets++;
        } else if (strcmp(fld[0], "C") == 0) {
            assert_true(have_sched);
            snprintf(card_name, sizeof card_name, "%s", fld[1]);
            vg_sched_card_init(&card, card_name, strlen(card_name));
            cards++;
        } else if (strcmp(fld[0], "R") == 0) {
            assert_int_equal(n, 12);
            vg_time t = S_int(fld[1]);
            int rating = (int)S_int(fld[2]);
            assert_true(vg_sched_next(&sched, &card, (vg_rating)rating, t, &card));
            double want_s = strtod(fld[5], NULL), want_d = strtod(fld[6], NULL);
            bool ok = (int)card.state == S_int(fld[3]) && card.due == S_int(fld[4]) &&
                      S_close(card.stability, want_s) && S_close(card.difficulty, want_d) &&
                      card.elapsed_days == S_int(fld[7]) && card.scheduled_days == S_int(fld[8]) &&
                      card.reps == S_int(fld[9]) && card.lapses == S_int(fld[10]) &&
                      card.step == S_int(fld[11]);
            if (!ok)
                fail_msg("vectors.tsv:%zu (%s, review %d): got state %d due %lld S %.17g D %.17g "
                         "elapsed %d scheduled %d reps %d lapses %d step %d; want %s %s %s %s "
                         "%s %s %s %s %s",
                         lineno, card_name, card.reps, (int)card.state, (long long)card.due,
                         card.stability, card.difficulty, card.elapsed_days, card.scheduled_days,
                         card.reps, card.lapses, card.step, fld[3], fld[4], fld[5], fld[6], fld[7],
                         fld[8], fld[9], fld[10], fld[11]);
            if (card.stability == want_s && card.difficulty == want_d)
                exact++;
            reviews++;
        } else {
            fail_msg("vectors.tsv:%zu: unknown record '%s'", lineno, fld[0]);
        }
    }
    fclose(f);
    /* The file is large and varied; make sure it was all read. */
    assert_true(sets >= 10);
    assert_true(cards >= 500);
    assert_true(reviews >= 10000);
    print_message("%zu reviews of %zu cards under %zu parameter sets match (%zu bit-exact)\n",
                  reviews, cards, sets, exact);
}

/* Derived constants of the default parameters, checked against the published values: with
 * w20 = 0.1542 the forgetting curve passes 0.9 at t = S, and retention 0.9 gives intervals
 * equal to the stability. */
static void test_default_constants(void **state)
{
    (void)state;
    vg_sched_params p;
    vg_sched_params_default(&p);
    vg_sched s;
    assert_int_equal(vg_sched_init(&s, &p, NULL), VG_OK);
    assert_true(fabs(s.decay + 0.1542) < 1e-15);
    assert_true(fabs(s.ivl_modifier - 1.0) < 1e-12);
    for (int i = 0; i < 8; i++) {
        double st = 0.5 * pow(3, i);
        assert_true(fabs(vg_fsrs_retrievability(&s, st, st) - 0.9) < 1e-7);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_vectors),
        cmocka_unit_test(test_default_constants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
