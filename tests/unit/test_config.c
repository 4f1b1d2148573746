/* config.yaml: every key, the defaults, what the apply functions copy, and every error with
 * its exact line:col. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vgrev/config.h"
#include "vgrev/deck.h"
#include "vgrev/session.h"
#include "vgrev/store.h"

/* Parses text (as config.yaml) and fails the test on an error. */
static void S_ok(const char *text, vg_config *c)
{
    vg_error err;
    vg_error_clear(&err);
    if (vg_config_parse(text, strlen(text), "config.yaml", c, &err) != VG_OK)
        fail_msg("'%s': %u:%u: %s", text, err.line, err.col, err.msg);
}

/* Parses text of length len and expects an error `status` at line:col whose message starts
 * with msg; *c must come back as the defaults. */
static void S_err_n(const char *text, size_t len, vg_status status, unsigned line, unsigned col,
                    const char *msg)
{
    vg_config c;
    vg_error err;
    vg_error_clear(&err);
    vg_status st = vg_config_parse(text, len, "dir/config.yaml", &c, &err);
    if (st == VG_OK)
        fail_msg("'%s' parsed, expected %u:%u: %s", text, line, col, msg);
    if (st != status || err.line != line || err.col != col ||
        strncmp(err.msg, msg, strlen(msg)) != 0)
        fail_msg("'%s':\n got %d %u:%u: %s\nwant %d %u:%u: %s", text, st, err.line, err.col,
                 err.msg, status, line, col, msg);
    assert_string_equal(err.file, "dir/config.yaml");
    assert_int_equal(c.set, 0);
    assert_int_equal(c.new_per_day, 20);
    assert_int_equal(c.sched.kind, VG_SCHED_FSRS);
}

static void S_err(const char *text, vg_status status, unsigned line, unsigned col, const char *msg)
{
    S_err_n(text, strlen(text), status, line, col, msg);
}

/* The defaults equal the scheduler's and the session's own. */
static void S_expect_defaults(const vg_config *c)
{
    vg_sched_params d;
    vg_sched_params_default(&d);
    assert_int_equal(c->set, 0);
    assert_int_equal(c->nwarnings, 0);
    assert_memory_equal(&c->sched, &d, sizeof d);
    vg_session_opts o;
    vg_session_opts_default(&o, 0);
    assert_int_equal(c->new_per_day, o.new_per_day);
    assert_int_equal(c->reviews_per_day, o.reviews_per_day);
    assert_true(c->bury_siblings);
}

static void test_empty_is_defaults(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "",
        "\n\n",
        "# settings\n# none yet\n",
        "---\n",
        "--- # nothing\n...\n",
        "~\n",
        "null",
        "{}",
        "\xEF\xBB\xBF",
        "   \n \n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        vg_config c;
        memset(&c, 0x5a, sizeof c);
        S_ok(texts[i], &c);
        S_expect_defaults(&c);
    }
    vg_config c;
    vg_config_init(&c);
    S_expect_defaults(&c);
    /* the text need not be NUL-terminated: only len bytes are read */
    vg_error err;
    assert_int_equal(vg_config_parse("fuzz: falseXX", 11, "f", &c, &err), VG_OK);
    assert_false(c.sched.enable_fuzz);
}

static void test_every_key(void **state)
{
    (void)state;
    vg_config c;
    S_ok("# my settings\n"
         "scheduler: sm2\n"
         "new_per_day: 3\n"
         "reviews_per_day: 150   # a comment after a value\n"
         "day_starts_at: 0\n"
         "learn_ahead_minutes: 5\n"
         "leech_threshold: 6\n"
         "leech_action: tag\n"
         "bury_siblings: false\n"
         "desired_retention: 0.85\n"
         "learning_steps: [30s, 5m, 1h]\n"
         "relearning_steps: [10m, 1d]\n"
         "maximum_interval: 365\n"
         "fuzz: false\n"
         "fsrs_params: [0.4, 0.6, 2.4, 5.8, 4.93, 0.94, 0.86, 0.01, 1.49, 0.14, 0.94, 2.18, "
         "0.05, 0.34, 1.26, 0.29, 2.61, 0.2, 0.2, 0.1, 0.2]\n"
         "keys: {again: \"&\", good: '\"'}\n",
         &c);
    /* every key but fsrs_weights, the older name of fsrs_params */
    assert_int_equal(c.set, ((1u << VG_CONFIG_NKEYS) - 1) & ~(1u << VG_CONFIG_FSRS_WEIGHTS));
    assert_false(c.bury_siblings);
    assert_int_equal(c.nkeys, 2);
    assert_string_equal(c.keys[0].action, "again");
    assert_string_equal(c.keys[0].key, "&");
    assert_string_equal(c.keys[1].key, "\"");
    assert_int_equal(c.keys[1].key_line, 16);
    assert_int_equal(c.keys[1].key_col, 26);
    assert_int_equal(c.nwarnings, 0);
    assert_int_equal(c.sched.kind, VG_SCHED_SM2);
    assert_int_equal(c.new_per_day, 3);
    assert_int_equal(c.reviews_per_day, 150);
    assert_int_equal(c.day_starts_at, 0);
    assert_int_equal(c.learn_ahead_minutes, 5);
    assert_int_equal(c.leech_threshold, 6);
    vg_session_opts o;
    vg_session_opts_default(&o, 0);
    assert_int_equal(o.days.start_hour, 4);
    vg_config_apply_session(&c, &o);
    assert_int_equal(o.days.start_hour, 0);
    assert_int_equal(o.learn_ahead, 300);
    assert_int_equal(o.leech_lapses, 6);
    assert_true(o.leech_tag);
    assert_true(c.sched.desired_retention == 0.85);
    assert_int_equal(c.sched.n_learning_steps, 3);
    assert_int_equal(c.sched.learning_steps[0], 30);
    assert_int_equal(c.sched.learning_steps[1], 300);
    assert_int_equal(c.sched.learning_steps[2], 3600);
    assert_int_equal(c.sched.n_relearning_steps, 2);
    assert_int_equal(c.sched.relearning_steps[0], 600);
    assert_int_equal(c.sched.relearning_steps[1], 86400);
    assert_int_equal(c.sched.maximum_interval, 365);
    assert_false(c.sched.enable_fuzz);
    assert_true(c.sched.weights[0] == 0.4);
    assert_true(c.sched.weights[4] == 4.93);
    assert_true(c.sched.weights[20] == 0.2);
    for (int k = 0; k < VG_CONFIG_NKEYS; k++)
        assert_true(vg_config_has(&c, (vg_config_key)k) == (k != VG_CONFIG_FSRS_WEIGHTS));
    assert_string_equal(vg_config_key_name(VG_CONFIG_NEW_PER_DAY), "new_per_day");
    assert_string_equal(vg_config_key_name(VG_CONFIG_FSRS_WEIGHTS), "fsrs_weights");
    assert_string_equal(vg_config_key_name(VG_CONFIG_NKEYS), "?");
}

/* Each key alone: it is set, and nothing else is. */
static void test_each_key(void **state)
{
    (void)state;
    vg_config c;
    S_ok("scheduler: fsrs", &c);
    assert_int_equal(c.set, 1u << VG_CONFIG_SCHEDULER);
    assert_int_equal(c.sched.kind, VG_SCHED_FSRS);
    S_ok("scheduler: 'sm2'", &c); /* a string may be quoted */
    assert_int_equal(c.sched.kind, VG_SCHED_SM2);

    S_ok("new_per_day: 0", &c);
    assert_int_equal(c.set, 1u << VG_CONFIG_NEW_PER_DAY);
    assert_int_equal(c.new_per_day, 0);
    S_ok("new_per_day: +1000000", &c);
    assert_int_equal(c.new_per_day, 1000000);
    S_ok("reviews_per_day: 0", &c);
    assert_int_equal(c.set, 1u << VG_CONFIG_REVIEWS_PER_DAY);
    assert_int_equal(c.reviews_per_day, 0);
    assert_int_equal(c.new_per_day, 20);

    S_ok("desired_retention: .95", &c);
    assert_int_equal(c.set, 1u << VG_CONFIG_DESIRED_RETENTION);
    assert_true(c.sched.desired_retention == 0.95);
    S_ok("desired_retention: 8.5e-1", &c);
    assert_true(c.sched.desired_retention == 0.85);
    S_ok("desired_retention: 0.7", &c);
    assert_int_equal(c.nwarnings, 0);
    S_ok("desired_retention: 0.99", &c);
    assert_int_equal(c.nwarnings, 0);

    /* steps: a flow list, a block list, a string, one step, none */
    S_ok("learning_steps:\n  - 2m\n  - '15m'\n", &c);
    assert_int_equal(c.set, 1u << VG_CONFIG_LEARNING_STEPS);
    assert_int_equal(c.sched.n_learning_steps, 2);
    assert_int_equal(c.sched.learning_steps[1], 900);
    S_ok("learning_steps: 1m 10m 1h", &c);
    assert_int_equal(c.sched.n_learning_steps, 3);
    assert_int_equal(c.sched.learning_steps[2], 3600);
    S_ok("learning_steps: \"1m, 10m\"", &c);
    assert_int_equal(c.sched.n_learning_steps, 2);
    assert_int_equal(c.sched.learning_steps[1], 600);
    S_ok("relearning_steps: 5m", &c);
    assert_int_equal(c.set, 1u << VG_CONFIG_RELEARNING_STEPS);
    assert_int_equal(c.sched.n_relearning_steps, 1);
    assert_int_equal(c.sched.relearning_steps[0], 300);
    assert_int_equal(c.sched.n_learning_steps, 2); /* untouched */
    S_ok("relearning_steps: []", &c);
    assert_int_equal(c.sched.n_relearning_steps, 0);
    S_ok("learning_steps: ''", &c);
    assert_int_equal(c.sched.n_learning_steps, 0);
    S_ok("learning_steps: [1m, 2m, 3m, 4m, 5m, 6m, 7m, 8m, 9m, 10m, 11m, 12m, 13m, 14m, 15m, 16m]",
         &c);
    assert_int_equal(c.sched.n_learning_steps, VG_SCHED_MAX_STEPS);

    S_ok("maximum_interval: 1", &c);
    assert_int_equal(c.set, 1u << VG_CONFIG_MAXIMUM_INTERVAL);
    assert_int_equal(c.sched.maximum_interval, 1);
    S_ok("maximum_interval: 3650000", &c);
    assert_int_equal(c.sched.maximum_interval, VG_SCHED_MAX_IVL);

    static const char *const yes[] = {"true", "True", "TRUE", "yes", "on"};
    static const char *const no[] = {"false", "False", "FALSE", "no", "off"};
    for (size_t i = 0; i < 5; i++) {
        char text[32];
        snprintf(text, sizeof text, "fuzz: %s", no[i]);
        S_ok(text, &c);
        assert_int_equal(c.set, 1u << VG_CONFIG_FUZZ);
        assert_false(c.sched.enable_fuzz);
        snprintf(text, sizeof text, "fuzz: %s", yes[i]);
        S_ok(text, &c);
        assert_true(c.sched.enable_fuzz);
    }

    /* weights as Anki shows them: one comma-separated string */
    S_ok("fsrs_weights: 0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, "
         "0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, "
         "0.1542",
         &c);
    assert_int_equal(c.set, 1u << VG_CONFIG_FSRS_WEIGHTS);
    vg_sched_params d;
    vg_sched_params_default(&d);
    assert_memory_equal(c.sched.weights, d.weights, sizeof d.weights);
    assert_int_equal(c.nwarnings, 0);

    /* JSON is YAML too */
    S_ok("{\"scheduler\": \"sm2\", \"new_per_day\": 5, \"learning_steps\": [\"3m\"]}", &c);
    assert_int_equal(c.sched.kind, VG_SCHED_SM2);
    assert_int_equal(c.new_per_day, 5);
    assert_int_equal(c.sched.learning_steps[0], 180);
    /* CRLF line ends */
    S_ok("new_per_day: 7\r\nfuzz: no\r\n", &c);
    assert_int_equal(c.new_per_day, 7);
    assert_false(c.sched.enable_fuzz);
}

static void test_durations(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int64_t seconds; /* -1: refused */
    } cases[] = {
        {"1s", 1},
        {"30s", 30},
        {"1m", 60},
        {"10m", 600},
        {"1h", 3600},
        {"1d", 86400},
        {"007m", 420},
        {"3650000d", 3650000LL * 86400},
        {"3650001d", -1},
        {"0s", -1},
        {"0m", -1},
        {"m", -1},
        {"1", -1},
        {"1.5h", -1},
        {"-1m", -1},
        {"+1m", -1},
        {"1 m", -1},
        {"1M", -1},
        {"1min", -1},
        {"1w", -1},
        {"", -1},
        {"99999999999999999999999m", -1},
        {"315360000000s", 315360000000LL},
        {"315360000001s", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int64_t s = 12345;
        bool ok = vg_config_duration(cases[i].text, strlen(cases[i].text), &s);
        if (ok != (cases[i].seconds >= 0) || (ok && s != cases[i].seconds))
            fail_msg("'%s': %d %lld", cases[i].text, ok, (long long)s);
        if (!ok)
            assert_int_equal(s, 12345);
    }
}

static void test_warnings(void **state)
{
    (void)state;
    vg_config c;
    S_ok("new_per_day: 5\ndesired_retention: 0.5\n", &c);
    assert_true(c.sched.desired_retention == 0.5);
    assert_int_equal(c.nwarnings, 1);
    assert_string_equal(c.warnings[0].file, "config.yaml");
    assert_int_equal(c.warnings[0].line, 2);
    assert_int_equal(c.warnings[0].col, 20);
    assert_string_equal(c.warnings[0].msg,
                        "desired_retention 0.5 is unusually low (the usual range is 0.7 to "
                        "0.99): intervals will be very long and most answers will be forgotten");
    S_ok("desired_retention: 0.995", &c);
    assert_int_equal(c.nwarnings, 1);
    assert_int_equal(c.warnings[0].col, 20);
    assert_non_null(strstr(c.warnings[0].msg, "0.995 is unusually high"));
    /* a weight out of its range is clipped as the reference does, and said so */
    S_ok("fsrs_weights: [0.212, 1.2931, 2.3065, 8.2956, 16.4133, 0.8334, 3.0194, 0.001, 1.8722, "
         "0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, "
         "0.1542]",
         &c);
    assert_int_equal(c.nwarnings, 1);
    assert_int_equal(c.warnings[0].line, 1);
    assert_int_equal(c.warnings[0].col, 15);
    assert_string_equal(c.warnings[0].msg, "'fsrs_weights': w4 = 16.4133 is out of its range; "
                                           "FSRS uses 10 (and clips any other weight out of "
                                           "range the same way)");
    assert_true(c.sched.weights[4] == 16.4133); /* as written; vg_sched_init clips */
}

#define W21                                                                                        \
    "1, 1, 2, 8, 6, 0.8, 3, 0.001, 1.8, 0.16, 0.8, 1.5, 0.06, 0.26, 1.6, 0.6, 1.9, 0.5, 0.09, "    \
    "0.07, 0.15"

/* fsrs_params and the older fsrs_weights give the same weights; not both. */
static void test_params_key(void **state)
{
    (void)state;
    vg_config c;
    S_ok("fsrs_weights: [" W21 "]\n", &c);
    vg_sched_params p;
    vg_sched_params_default(&p);
    vg_config_apply_sched(&c, &p);
    assert_true(p.weights[3] == 8);
    S_err("fsrs_params: [" W21 "]\nfsrs_weights: [1]\n", VG_INVALID, 2, 15,
          "'fsrs_weights' and 'fsrs_params' (line 1) both give the weights: keep one");
    S_err("fsrs_params: [1, 2]", VG_INVALID, 1, 14,
          "'fsrs_params' must be a list of 21 numbers (w0 to w20), found 2 numbers");
}

/* vg_config_set: the settings in place of the old ones, every other byte kept. */
static void S_set_keys(const char *in, unsigned keys, const char *want)
{
    vg_config v;
    vg_config_init(&v);
    v.sched.desired_retention = 0.85f; /* as Anki stores it: 0.8500000238... */
    vg_buf out = VG_BUF_INIT;
    vg_error err;
    vg_error_clear(&err);
    if (vg_config_set(in, strlen(in), "config.yaml", &v, keys, "vgrev optimize, today", &out,
                      &err) != VG_OK)
        fail_msg("'%s': %s", in, err.msg);
    assert_false(out.failed);
    assert_string_equal(vg_buf_str(&out), want);
    vg_buf_release(&out);
}

static void S_set(const char *in, const char *want)
{
    S_set_keys(in, 1u << VG_CONFIG_FSRS_PARAMS, want);
}

static void test_set_params(void **state)
{
    (void)state;
#define W                                                                                          \
    "0.2120, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.0010, 1.8722, 0.1666, "             \
    "0.7960, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542"
#define LINES "# vgrev optimize, today\nfsrs_params: [" W "]\n"
    S_set("", LINES);
    S_set("# mine\nfuzz: false", "# mine\nfuzz: false\n" LINES);
    S_set("fuzz: false # keep\nfsrs_weights:\n  - 1\n  - 2\n  - 3\n  - 4\n  - 5\n  - 0.8\n  - 3\n"
          "  - 0.001\n  - 1.8\n  - 0.16\n  - 0.8\n  - 1.5\n  - 0.06\n  - 0.26\n  - 1.6\n  - 0.6\n"
          "  - 1.9\n  - 0.5\n  - 0.09\n  - 0.07\n  - 0.15 # last\n# after\nnew_per_day: 5\n",
          "fuzz: false # keep\n" LINES "# after\nnew_per_day: 5\n");
    S_set("new_per_day: 5\n" LINES "fuzz: true\n", "new_per_day: 5\n" LINES "fuzz: true\n");
    S_set(
        "fsrs_params: [1, 1, 2, 8, 6, 0.8, 3, 0.001, 1.8, 0.16, 0.8,\n  1.5, 0.06, 0.26, 1.6, 0.6, "
        "1.9, 0.5, 0.09, 0.07, 0.15]  # mine\nfuzz: true\n",
        LINES "fuzz: true\n");

    /* desired_retention too: each in its place, those missing at the end in the table's order */
    const unsigned both = 1u << VG_CONFIG_FSRS_PARAMS | 1u << VG_CONFIG_DESIRED_RETENTION;
#define DR "# vgrev optimize, today\ndesired_retention: 0.85\n"
    S_set_keys("", both, DR LINES);
    S_set_keys("fsrs_params: [" W "]\nfuzz: true\ndesired_retention: 0.9  # mine\nnew_per_day: 5",
               both, LINES "fuzz: true\n" DR "new_per_day: 5");
    S_set_keys(DR "fuzz: true\n", 1u << VG_CONFIG_DESIRED_RETENTION, DR "fuzz: true\n");
    /* another command's note goes with the value it was about; a comment of the user's stays */
    S_set_keys("# vgrev import, from a package\ndesired_retention: 0.9\n# mine\nfuzz: true\n",
               1u << VG_CONFIG_DESIRED_RETENTION, DR "# mine\nfuzz: true\n");
    S_set_keys("# vgrev is great\ndesired_retention: 0.9\n", 1u << VG_CONFIG_DESIRED_RETENTION,
               "# vgrev is great\n" DR);

    vg_config v;
    vg_config_init(&v);
    vg_buf out = VG_BUF_INIT;
    vg_error err;
    const char *flow = "{fuzz: false}\n";
    assert_int_equal(vg_config_set(flow, strlen(flow), "c.yaml", &v, 1u << VG_CONFIG_FSRS_PARAMS,
                                   "vgrev optimize", &out, &err),
                     VG_INVALID);
    assert_string_equal(err.msg, "cannot add fsrs_params to this file's layout: put it in by hand");
    vg_buf_clear(&out);
    assert_int_equal(vg_config_set(flow, strlen(flow), "c.yaml", &v, both, "x", &out, &err),
                     VG_INVALID);
    assert_string_equal(err.msg,
                        "cannot add the settings to this file's layout: put them in by hand");
    vg_buf_release(&out);
#undef DR
#undef LINES
#undef W
}

static void test_errors(void **state)
{
    (void)state;
    static const char known[] =
        "the known keys are scheduler, new_per_day, reviews_per_day, "
        "day_starts_at, learn_ahead_minutes, leech_threshold, leech_action, bury_siblings, "
        "desired_retention, learning_steps, relearning_steps, "
        "maximum_interval, fuzz, fsrs_params, fsrs_weights";
    char want[512];
    /* unknown keys, with a suggestion when one is close */
    snprintf(want, sizeof want, "unknown key 'new_per_dya' (did you mean 'new_per_day'?); %s",
             known);
    S_err("scheduler: sm2\n  # indented comment\nnew_per_dya: 3\n", VG_INVALID, 3, 1, want);
    snprintf(want, sizeof want, "unknown key 'New-Per-Day' (did you mean 'new_per_day'?); %s",
             known);
    S_err("New-Per-Day: 3", VG_INVALID, 1, 1, want);
    S_err("retention: 0.9", VG_INVALID, 1, 1,
          "unknown key 'retention' (did you mean 'desired_retention'?); the known keys are ");
    S_err("weights: [1]", VG_INVALID, 1, 1, "unknown key 'weights' (did you mean 'fsrs_weights'?)");
    S_err("new: 1", VG_INVALID, 1, 1, "unknown key 'new'; the known keys are ");
    snprintf(want, sizeof want, "unknown key 'zzz'; %s", known);
    S_err("zzz: 1", VG_INVALID, 1, 1, want);
    S_err("{fuz: 1}", VG_INVALID, 1, 2, "unknown key 'fuz' (did you mean 'fuzz'?)");
    S_err("\"\\e[31m\": 1", VG_INVALID, 1, 1, "unknown key '?[31m'");
    S_err("? [a]\n: 1\n", VG_INVALID, 1, 3, "expected a setting's name, found a list");
    S_err("é: 1\nfuzz: x", VG_INVALID, 1, 1, "unknown key 'é'");

    S_err("fuzz: true\nnew_per_day: 1\nfuzz: false\n", VG_INVALID, 3, 1,
          "duplicate key 'fuzz' (first on line 1)");
    S_err("{new_per_day: 1, new_per_day: 2}", VG_INVALID, 1, 18,
          "duplicate key 'new_per_day' (first on line 1)");

    /* the top level */
    S_err("- new_per_day: 3\n", VG_INVALID, 1, 1,
          "expected settings as 'key: value' lines at the top, found a list");
    S_err("new_per_day 3\n", VG_INVALID, 1, 1,
          "expected settings as 'key: value' lines at the top, found a scalar");
    S_err("\n\n  'sm2'\n", VG_INVALID, 3, 3,
          "expected settings as 'key: value' lines at the top, found a quoted string");
    S_err("fuzz: true\n---\nfuzz: false\n", VG_INVALID, 2, 1,
          "expected one document, found a second one");

    /* malformed YAML, invalid UTF-8, control characters, aliases */
    S_err("new_per_day: [1, 2\n", VG_INVALID, 1, 14, "'new_per_day' must be a whole number");
    S_err("learning_steps: [1m, 2m\n", VG_PARSE, 2, 1,
          "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at 1:17)");
    S_err("fuzz: true\nnew_per_day: 3: 4\n", VG_PARSE, 2, 15,
          "invalid YAML: mapping values are not allowed in this context");
    /* an indented line continues the value above it (a plain scalar spans lines) */
    S_err("fuzz: true\n  new_per_day: 3\n", VG_INVALID, 1, 7,
          "'fuzz' must be true or false, not 'true new_per_day'");
    S_err("fuzz: 'yes\n", VG_PARSE, 2, 1,
          "invalid YAML: found unexpected end of stream (while scanning a quoted scalar at 1:7)");
    S_err("new_per_day: 3\nfuzz: \xff\n", VG_PARSE, 2, 7,
          "invalid input: invalid leading UTF-8 octet");
    S_err("learning_steps: [1m]\n# caf\xc3\n", VG_PARSE, 2, 7, /* at the octet that breaks it */
          "invalid input: invalid trailing UTF-8 octet");
    S_err("learning_steps: [1m]\n# caf\xc3", VG_PARSE, 2, 6,
          "invalid input: incomplete UTF-8 octet sequence");
    S_err_n("fuzz: true\nnew_per_day: 1\0002\n", 27, VG_PARSE, 2, 15,
            "invalid input: control characters are not allowed");
    S_err("\xff\xfe"
          "f\0u\0",
          VG_PARSE, 1, 1, "invalid input: invalid leading UTF-8 octet");
    S_err("new_per_day: &n 3\nreviews_per_day: *n\n", VG_PARSE, 2, 18,
          "aliases (*name) are not supported in the configuration");
    S_err("\t\tnew_per_day: 3", VG_PARSE, 1, 1, "invalid YAML: found character that cannot start");

    /* wrong types */
    S_err("scheduler: anki", VG_INVALID, 1, 12, "'scheduler' must be fsrs or sm2, not 'anki'");
    S_err("scheduler: FSRS", VG_INVALID, 1, 12, "'scheduler' must be fsrs or sm2, not 'FSRS'");
    S_err("scheduler:\nfuzz: true", VG_INVALID, 1, 11,
          "'scheduler' must be fsrs or sm2, found no value");
    S_err("scheduler: [fsrs]", VG_INVALID, 1, 12, "'scheduler' must be fsrs or sm2, found a list");
    S_err("new_per_day: \"20\"", VG_INVALID, 1, 14,
          "'new_per_day' must be a whole number from 0 to 1000000, found the quoted string '20' "
          "(remove the quotes)");
    S_err("new_per_day: twenty", VG_INVALID, 1, 14,
          "'new_per_day' must be a whole number from 0 to 1000000, not 'twenty'");
    S_err("new_per_day: 2.5", VG_INVALID, 1, 14, "'new_per_day' must be a whole number");
    S_err("new_per_day: -1", VG_INVALID, 1, 14, "'new_per_day' must be a whole number");
    S_err("new_per_day: 1000001", VG_INVALID, 1, 14,
          "'new_per_day' must be a whole number from 0 to 1000000, not '1000001'");
    S_err("new_per_day: 99999999999999999999999999", VG_INVALID, 1, 14,
          "'new_per_day' must be a whole number");
    S_err("new_per_day: 0x10", VG_INVALID, 1, 14, "'new_per_day' must be a whole number");
    S_err("new_per_day: ~", VG_INVALID, 1, 14,
          "'new_per_day' must be a whole number from 0 to "
          "1000000, found no value");
    S_err("new_per_day: {a: 1}", VG_INVALID, 1, 14,
          "'new_per_day' must be a whole number from 0 "
          "to 1000000, found a mapping");
    S_err("reviews_per_day: 1e3", VG_INVALID, 1, 18,
          "'reviews_per_day' must be a whole number from 0 to 1000000, not '1e3'");
    S_err("maximum_interval: 0", VG_INVALID, 1, 19,
          "'maximum_interval' must be a whole number from 1 to 3650000, not '0'");
    S_err("maximum_interval: 3650001", VG_INVALID, 1, 19,
          "'maximum_interval' must be a whole number from 1 to 3650000");
    S_err("fuzz: maybe", VG_INVALID, 1, 7, "'fuzz' must be true or false, not 'maybe'");
    S_err("fuzz: 1", VG_INVALID, 1, 7, "'fuzz' must be true or false, not '1'");
    S_err("fuzz: 'true'", VG_INVALID, 1, 7,
          "'fuzz' must be true or false, found the quoted string 'true' (remove the quotes)");

    /* retention: refused outside (0, 1) */
    static const char *const bad_r[] = {"0",    "1",    "1.0",  "-0.9",  "90", "0,9",
                                        ".inf", ".nan", "0.9x", "1e999", "90%"};
    for (size_t i = 0; i < sizeof bad_r / sizeof *bad_r; i++) {
        char text[64];
        snprintf(text, sizeof text, "desired_retention: %s", bad_r[i]);
        snprintf(want, sizeof want,
                 "'desired_retention' must be a number between 0 and 1 (exclusive), like 0.9, "
                 "not '%s'",
                 bad_r[i]);
        S_err(text, VG_INVALID, 1, 20, want);
    }

    /* steps: each problem points at the step */
    S_err("learning_steps: 1m 10x 1h", VG_INVALID, 1, 20,
          "bad step '10x' in 'learning_steps': a duration is a whole number and a unit, s, m, h "
          "or d (like 30s, 10m, 1h, 1d)");
    S_err("learning_steps: \"1m  0m\"", VG_INVALID, 1, 22,
          "step '0m' in 'learning_steps' is out of range: a step is 1s to 3650000d");
    S_err("relearning_steps:\n  - 10m\n  - 10\n", VG_INVALID, 3, 5,
          "step '10' in 'relearning_steps' has no unit: write 10m for minutes (or s, h, d)");
    S_err("relearning_steps: [10m, [1m]]", VG_INVALID, 1, 25,
          "a step in 'relearning_steps' must be a duration like 10m, found a list");
    S_err("relearning_steps: [10m, ~]", VG_INVALID, 1, 25,
          "a step in 'relearning_steps' must be a duration like 10m, found no value");
    S_err("learning_steps:\n", VG_INVALID, 1, 16,
          "'learning_steps' must be a list of durations like [1m, 10m] (or a string like "
          "\"1m 10m\"; [] for none), found no value");
    S_err("learning_steps: {a: 1m}", VG_INVALID, 1, 17, "'learning_steps' must be a list");
    S_err("learning_steps: [1m, 2m, 3m, 4m, 5m, 6m, 7m, 8m, 9m, 10m, 11m, 12m, 13m, 14m, 15m, "
          "16m, 17m]",
          VG_INVALID, 1, 89, "'learning_steps' has more than 16 steps");
    /* a folded string: the step cannot be pointed at, the string is */
    S_err("learning_steps: \"1m\n  2x\"", VG_INVALID, 1, 17, "bad step '2x'");

    /* weights */
    S_err("fsrs_weights: [1, 2, 3]", VG_INVALID, 1, 15,
          "'fsrs_weights' must be a list of 21 numbers (w0 to w20), found 3 numbers");
    S_err("fsrs_weights: []", VG_INVALID, 1, 15,
          "'fsrs_weights' must be a list of 21 numbers "
          "(w0 to w20), found 0 numbers");
    S_err("fsrs_weights: 0.5", VG_INVALID, 1, 15,
          "'fsrs_weights' must be a list of 21 numbers "
          "(w0 to w20), found 1 number");
    S_err("fsrs_weights: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22]", VG_INVALID, 1,
          70, "'fsrs_weights' has more than 21 numbers (FSRS-6 has w0 to w20)");
    S_err("fsrs_weights: [0.2, 1.2, x]", VG_INVALID, 1, 26,
          "'fsrs_weights': w2 must be a number, not 'x'");
    S_err("fsrs_weights: [0.2, .nan]", VG_INVALID, 1, 21,
          "'fsrs_weights': w1 must be a number, not '.nan'");
    S_err("fsrs_weights: [0.2, 1e400]", VG_INVALID, 1, 21, "'fsrs_weights': w1 must be a number");
    S_err("fsrs_weights: [0.2, '1.2']", VG_INVALID, 1, 21,
          "'fsrs_weights': w1 must be a number, found a quoted string");
    S_err("fsrs_weights: 0.2, 1.2 x", VG_INVALID, 1, 24,
          "'fsrs_weights': w2 must be a number, not 'x'");
    S_err("fsrs_weights: {w0: 1}", VG_INVALID, 1, 15,
          "'fsrs_weights' must be a list of 21 numbers (w0 to w20), found a mapping");

    /* positions past multi-byte characters are byte columns */
    S_err("# é\nnew_per_day: 3 # ü\nfuzz: \"ü\"", VG_INVALID, 3, 7,
          "'fuzz' must be true or false, found the quoted string 'ü'");
    S_err("{\"é\": 1, fuzz: x}", VG_INVALID, 1, 2, "unknown key 'é'");
    S_err("\xEF\xBB\xBFnew_per_day: x", VG_INVALID, 1, 17, "'new_per_day' must be");
    S_err("fuzz: true\r\nnew_per_day: x\r\n", VG_INVALID, 2, 14, "'new_per_day' must be");
}

/* The apply functions copy what the file set, and only that. */
static void test_apply(void **state)
{
    (void)state;
    vg_config c;
    S_ok("desired_retention: 0.8\nnew_per_day: 3\nlearning_steps: [5m]\n", &c);
    vg_sched_params p, d;
    vg_sched_params_default(&p);
    vg_sched_params_default(&d);
    p.kind = VG_SCHED_SM2; /* as a command-line option would have set it */
    p.maximum_interval = 100;
    vg_config_apply_sched(&c, &p);
    assert_int_equal(p.kind, VG_SCHED_SM2);
    assert_int_equal(p.maximum_interval, 100);
    assert_true(p.desired_retention == 0.8);
    assert_int_equal(p.n_learning_steps, 1);
    assert_int_equal(p.learning_steps[0], 300);
    assert_int_equal(p.n_relearning_steps, d.n_relearning_steps);
    assert_memory_equal(p.weights, d.weights, sizeof d.weights);
    assert_true(p.enable_fuzz);

    vg_session_opts o;
    vg_session_opts_default(&o, 1000);
    o.reviews_per_day = 7;
    vg_config_apply_session(&c, &o);
    assert_int_equal(o.new_per_day, 3);
    assert_int_equal(o.reviews_per_day, 7);
    assert_int_equal(o.now, 1000);

    /* every key, onto params that differ from the file in every field */
    S_ok("scheduler: fsrs\nmaximum_interval: 50\nfuzz: true\nrelearning_steps: []\n"
         "reviews_per_day: 9\n",
         &c);
    p.enable_fuzz = false;
    vg_config_apply_sched(&c, &p);
    assert_int_equal(p.kind, VG_SCHED_FSRS);
    assert_int_equal(p.maximum_interval, 50);
    assert_true(p.enable_fuzz);
    assert_int_equal(p.n_relearning_steps, 0);
    vg_config_apply_session(&c, &o);
    assert_int_equal(o.new_per_day, 3);
    assert_int_equal(o.reviews_per_day, 9);
    vg_sched s;
    vg_error err;
    assert_int_equal(vg_sched_init(&s, &p, &err), VG_OK);
}

/* new_per_day from the file limits the new cards a session offers. */
static void test_session_limit(void **state)
{
    (void)state;
    static const char deck_md[] = "# Deck\n\n## One\n\n"
                                  "- **a**: 1\n- **b**: 2\n- **c**: 3\n- **d**: 4\n- **e**: 5\n";
    vg_deck *deck = NULL;
    vg_error err;
    assert_int_equal(vg_deck_parse(deck_md, strlen(deck_md), "d.md", &deck, &err), VG_OK);
    vg_store *store = vg_store_new();
    assert_non_null(store);
    vg_config c;
    S_ok("new_per_day: 3\nscheduler: sm2\n", &c);
    vg_sched_params p;
    vg_sched_params_default(&p);
    vg_config_apply_sched(&c, &p);
    vg_sched sched;
    assert_int_equal(vg_sched_init(&sched, &p, &err), VG_OK);
    const vg_time now = 1795000000;
    vg_session_opts o;
    vg_session_opts_default(&o, now);
    vg_config_apply_session(&c, &o);
    vg_session_deck d = {deck, "d"};
    vg_session *ses = NULL;
    assert_int_equal(vg_session_open(&d, 1, store, &sched, &o, &ses, &err), VG_OK);
    size_t nnew, nlearn, ndue;
    vg_session_remaining(ses, now, &nnew, &nlearn, &ndue);
    assert_int_equal(nnew, 3);
    char tag[40];
    vg_session_sched_tag(&sched, tag);
    assert_true(strncmp(tag, "sm2", 3) == 0);
    vg_session_free(ses);
    vg_store_free(store);
    vg_deck_free(deck);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_is_defaults),
        cmocka_unit_test(test_every_key),
        cmocka_unit_test(test_each_key),
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_params_key),
        cmocka_unit_test(test_set_params),
        cmocka_unit_test(test_apply),
        cmocka_unit_test(test_session_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
