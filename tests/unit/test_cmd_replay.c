/* `vgrev replay` as a command: options, exit statuses and messages. The command file and
 * the option tables' code (options.c, output.c) are compiled into this test (they need only
 * the core), and run with files in place of the standard streams. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio_ext.h>
#include <unistd.h>
#include <cmocka.h>

/* NOLINTBEGIN(bugprone-suspicious-include): on purpose */
#include "../../src/cli/cmd_replay.c"
#include "../../src/cli/options.c"
#include "../../src/cli/output.c"
/* NOLINTEND(bugprone-suspicious-include) */

/* The command takes its settings from the configuration file through src/cli/config.c, which
 * this test does not link: this stand-in parses S_config_text (NULL: no file) as config.yaml. */
static const char *S_config_text;

vg_status cli_sched_params(vg_sched_params *p, vg_error *err)
{
    vg_sched_params_default(p);
    if (!S_config_text)
        return VG_OK;
    vg_config c;
    vg_status st = vg_config_parse(S_config_text, strlen(S_config_text), "config.yaml", &c, err);
    if (st == VG_OK)
        vg_config_apply_sched(&c, p);
    return st;
}

typedef struct S_result {
    int status;
    char out[1 << 16];
    char err[4096];
} S_result;

static void S_slurp(FILE *f, char *buf, size_t size)
{
    rewind(f);
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
}

/* Runs the command (as main does) with its standard streams on in, out and err. */
static int S_with_streams(FILE *in, FILE *out, FILE *err, int argc, char **argv)
{
    fflush(stdout);
    fflush(stderr);
    int saved[3] = {dup(0), dup(1), dup(2)};
    dup2(fileno(in), 0);
    dup2(fileno(out), 1);
    dup2(fileno(err), 2);
    clearerr(stdin);
    int status = cli_run(&cli_cmd_replay, argc, argv);
    fflush(stdout);
    fflush(stderr);
    __fpurge(stdout); /* what a refused write left in the buffer */
    for (int i = 0; i < 3; i++) {
        dup2(saved[i], i);
        close(saved[i]);
    }
    clearerr(stdin);
    clearerr(stdout);
    clearerr(stderr);
    return status;
}

/* Runs the command with argv (NULL-terminated) and `input` on its standard input. */
static void S_exec(S_result *r, const char *input, const char *const *args)
{
    char *argv[32];
    int argc = 0;
    argv[argc++] = "replay";
    for (; args[argc - 1]; argc++)
        argv[argc] = (char *)args[argc - 1];
    argv[argc] = NULL;
    FILE *in = tmpfile(), *out = tmpfile(), *err = tmpfile();
    assert_non_null(in);
    assert_non_null(out);
    assert_non_null(err);
    fputs(input ? input : "", in);
    rewind(in);
    r->status = S_with_streams(in, out, err, argc, argv);
    fclose(in);
    S_slurp(out, r->out, sizeof r->out);
    S_slurp(err, r->err, sizeof r->err);
}

#define RUN(r, input, ...) S_exec((r), (input), (const char *const[]){__VA_ARGS__, NULL})

static const char S_hint[] = "Try 'vgrev replay --help'.\n";

static void S_expect_usage(const S_result *r, const char *first_line)
{
    char want[1024];
    snprintf(want, sizeof want, "vgrev: replay: %s\n%s", first_line, S_hint);
    assert_int_equal(r->status, 2);
    assert_string_equal(r->err, want);
    assert_string_equal(r->out, "");
}

static const char S_history[] = "cards:\n"
                                "  - id: a\n"
                                "    reviews:\n"
                                "      - {t: 2026-01-02T03:04:05Z, rating: 3}\n"
                                "      - {t: 2026-01-02T03:14:05Z, rating: 3}\n"
                                "      - {t: 2026-01-04T09:00:00Z, rating: 3}\n";

static void test_help(void **state)
{
    (void)state;
    S_result *r = malloc(sizeof *r);
    RUN(r, NULL, "--help");
    assert_int_equal(r->status, 0);
    assert_string_equal(r->err, "");
    assert_true(strncmp(r->out, "usage: vgrev replay HISTORY [--scheduler fsrs|sm2]", 50) == 0);
    RUN(r, NULL, "x", "-h");
    assert_int_equal(r->status, 0);
    free(r);
}

static void test_stdin_and_options(void **state)
{
    (void)state;
    S_result *r = malloc(sizeof *r);
    RUN(r, S_history, "--no-fuzz", "-");
    assert_int_equal(r->status, 0);
    assert_string_equal(r->err, "");
    assert_string_equal(
        r->out,
        "{\"id\":\"a\",\"t\":\"2026-01-02T03:04:05Z\",\"rating\":3,\"state\":\"learning\","
        "\"stability\":2.3065,\"difficulty\":2.11810397,\"due\":\"2026-01-02T03:14:05Z\","
        "\"scheduled_days\":0}\n"
        "{\"id\":\"a\",\"t\":\"2026-01-02T03:14:05Z\",\"rating\":3,\"state\":\"review\","
        "\"stability\":2.3065,\"difficulty\":2.11121424,\"due\":\"2026-01-04T03:14:05Z\","
        "\"scheduled_days\":2}\n"
        "{\"id\":\"a\",\"t\":\"2026-01-04T09:00:00Z\",\"rating\":3,\"state\":\"review\","
        "\"stability\":10.97104786,\"difficulty\":2.1043314,\"due\":\"2026-01-15T09:00:00Z\","
        "\"scheduled_days\":11}\n");
    /* a lower retention gives longer intervals (ts-fsrs: 8 and 36 days); --opt=value works */
    RUN(r, S_history, "--no-fuzz", "--retention=0.8", "-");
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "\"due\":\"2026-01-10T03:14:05Z\",\"scheduled_days\":8}\n"));
    assert_non_null(strstr(r->out, "\"due\":\"2026-02-09T09:00:00Z\",\"scheduled_days\":36}\n"));
    /* the default weights given explicitly change nothing */
    static const char defaults[] = "0.212,1.2931,2.3065,8.2956,6.4133,0.8334,3.0194,0.001,"
                                   "1.8722,0.1666,0.796,1.4835,0.0614,0.2629,1.6483,0.6014,"
                                   "1.8729,0.5425,0.0912,0.0658,0.1542";
    RUN(r, S_history, "--params", defaults, "--no-fuzz", "--", "-");
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "\"stability\":10.97104786,\"difficulty\":2.1043314,"));
    RUN(r, S_history, "--scheduler", "sm2", "--no-fuzz", "-");
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "\"stability\":6,\"difficulty\":2.5,\"due\":"
                                   "\"2026-01-10T09:00:00Z\",\"scheduled_days\":6}\n"));
    RUN(r, "{\"cards\": []}", "-");
    assert_int_equal(r->status, 0);
    assert_string_equal(r->out, "");
    free(r);
}

static void test_usage_errors(void **state)
{
    (void)state;
    S_result *r = malloc(sizeof *r);
    RUN(r, NULL, "--no-fuzz");
    S_expect_usage(r, "which file? (vgrev replay HISTORY)");
    RUN(r, NULL, "a", "b");
    S_expect_usage(r, "one file at a time ('b' is extra)");
    RUN(r, NULL, "--fuzzy", "a");
    S_expect_usage(r, "unknown option '--fuzzy'");
    RUN(r, NULL, "-x", "a");
    S_expect_usage(r, "unknown option '-x'");
    RUN(r, NULL, "--\x1b[31mred", "a"); /* echoed without the escape sequence */
    S_expect_usage(r, "unknown option '--red'");
    RUN(r, NULL, "a", "--scheduler");
    S_expect_usage(r, "option '--scheduler' needs a value");
    RUN(r, NULL, "--scheduler", "anki", "a");
    S_expect_usage(r, "--scheduler is fsrs or sm2, not 'anki'");
    static const char *const bad_r[] = {"0", "1", "1.5", "-0.2", "0.9x", "", "nan", "inf", "x"};
    for (size_t i = 0; i < sizeof bad_r / sizeof bad_r[0]; i++) {
        char want[128];
        snprintf(want, sizeof want,
                 "--retention must be a number between 0 and 1 (exclusive), not '%s'", bad_r[i]);
        RUN(r, NULL, "--retention", bad_r[i], "a");
        S_expect_usage(r, want);
    }
    RUN(r, NULL, "--params", "1,2,3", "a");
    S_expect_usage(r, "--params needs 21 comma-separated weights (w0,...,w20), got 3");
    RUN(r, NULL, "--params", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22", "a");
    S_expect_usage(r, "--params needs 21 comma-separated weights (w0,...,w20), got 22");
    RUN(r, NULL, "--params", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,1e999,21", "a");
    S_expect_usage(r, "--params: w19 is not a finite number: '1e999'");
    RUN(r, NULL, "--params", "1,2,,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21", "a");
    S_expect_usage(r, "--params: w2 is not a finite number: ''");
    RUN(r, NULL, "--params", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,nan", "a");
    S_expect_usage(r, "--params: w20 is not a finite number: 'nan'");
    RUN(r, NULL, "--scheduler", "sm2", "--retention", "0.8", "a");
    S_expect_usage(r, "--retention and --params apply to --scheduler fsrs only");
    free(r);
}

static void test_input_errors(void **state)
{
    (void)state;
    S_result *r = malloc(sizeof *r);
    RUN(r, NULL, "/nonexistent/history.yaml");
    assert_int_equal(r->status, 1);
    assert_string_equal(r->err, "vgrev: /nonexistent/history.yaml: No such file or directory\n");
    assert_string_equal(r->out, "");
    RUN(r, "cards:\n  - {id: a, reviews: [{t: 2026-01-02, rating: 7}]}\n", "-");
    assert_int_equal(r->status, 1);
    assert_string_equal(r->err, "vgrev: <stdin>:2:47: rating must be 1 (again), 2 (hard), "
                                "3 (good) or 4 (easy), not '7'\n");
    assert_string_equal(r->out, "");
    RUN(r, "cards: [", "-");
    assert_int_equal(r->status, 1);
    assert_true(strncmp(r->err, "vgrev: <stdin>:1:9: invalid YAML: ", 34) == 0);
    /* a file, with its name in the message */
    char path[] = "/tmp/vgrev-replay-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("cards:\n  - id: a\n    reviews:\n      - {t: 2026-01-02T10:00:00Z, rating: 3}\n"
          "      - {t: 2026-01-01T10:00:00Z, rating: 3}\n",
          f);
    fclose(f);
    RUN(r, NULL, path);
    char want[256];
    snprintf(want, sizeof want,
             "vgrev: %s:5:13: time goes backwards: 2026-01-01T10:00:00Z is before the card's "
             "previous review at 2026-01-02T10:00:00Z\n",
             path);
    assert_int_equal(r->status, 1);
    assert_string_equal(r->err, want);
    assert_string_equal(r->out, "");
    remove(path);
    free(r);
}

/* The configuration file's settings apply, and the options override them. */
static void test_config(void **state)
{
    (void)state;
    S_result *r = malloc(sizeof *r);
    RUN(r, S_history, "--no-fuzz", "-");
    char fsrs[sizeof r->out];
    snprintf(fsrs, sizeof fsrs, "%s", r->out);

    S_config_text = "scheduler: sm2\nfuzz: false\n";
    RUN(r, S_history, "-");
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "\"stability\":6,\"difficulty\":2.5,\"due\":"
                                   "\"2026-01-10T09:00:00Z\",\"scheduled_days\":6}\n"));
    RUN(r, S_history, "--scheduler", "fsrs", "-"); /* the option wins; the file's fuzz stays */
    assert_int_equal(r->status, 0);
    assert_string_equal(r->out, fsrs);
    RUN(r, S_history, "--retention", "0.8", "-");
    S_expect_usage(r, "--retention and --params apply to the fsrs scheduler only, and the "
                      "configuration file chooses sm2: add --scheduler fsrs");
    RUN(r, S_history, "--retention", "0.8", "--scheduler", "fsrs", "-");
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "\"due\":\"2026-02-09T09:00:00Z\",\"scheduled_days\":36}\n"));

    /* learning steps from the file: Good on a new card waits 5 minutes, not 10 */
    S_config_text = "learning_steps: 1m 5m\nfuzz: false\ndesired_retention: 0.8\n";
    RUN(r, S_history, "-");
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "\"state\":\"learning\",\"stability\":2.3065,"
                                   "\"difficulty\":2.11810397,\"due\":\"2026-01-02T03:09:05Z\""));
    RUN(r, S_history, "--retention", "0.9", "-");
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "\"due\":\"2026-01-15T09:00:00Z\",\"scheduled_days\":11}\n"));

    /* --fuzz turns on what the file turned off: the same as no file at all */
    S_config_text = "fuzz: false\n";
    RUN(r, S_history, "--fuzz", "-");
    char fuzzed[sizeof r->out];
    snprintf(fuzzed, sizeof fuzzed, "%s", r->out);
    S_config_text = NULL;
    RUN(r, S_history, "-");
    assert_string_equal(r->out, fuzzed);

    /* a broken file: its error, exit 1, nothing printed */
    S_config_text = "scheduler: fsrs\nnew_per_dya: 3\n";
    RUN(r, S_history, "-");
    assert_int_equal(r->status, 1);
    assert_string_equal(r->out, "");
    assert_true(strncmp(r->err,
                        "vgrev: config.yaml:2:1: unknown key 'new_per_dya' (did you mean "
                        "'new_per_day'?); the known keys are scheduler, ",
                        96) == 0);
    /* ... but not for --help or a usage error */
    RUN(r, NULL, "--help");
    assert_int_equal(r->status, 0);
    RUN(r, NULL, "--scheduler", "x", "-");
    assert_int_equal(r->status, 2);
    S_config_text = NULL;
    free(r);
}

/* Output that cannot be written is an error, not a silent truncation. */
static void test_write_error(void **state)
{
    (void)state;
    FILE *in = tmpfile(), *err = tmpfile();
    FILE *out = fopen("/dev/null", "r"); /* a stream that refuses writes */
    assert_non_null(in);
    assert_non_null(err);
    assert_non_null(out);
    fputs(S_history, in);
    rewind(in);
    char *argv[] = {"replay", "-", NULL};
    int status = S_with_streams(in, out, err, 2, argv);
    char msg[512];
    S_slurp(err, msg, sizeof msg);
    assert_int_equal(status, 1);
    assert_true(strncmp(msg, "vgrev: replay: cannot write the output: ", 40) == 0);
    fclose(in);
    fclose(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help),         cmocka_unit_test(test_stdin_and_options),
        cmocka_unit_test(test_usage_errors), cmocka_unit_test(test_input_errors),
        cmocka_unit_test(test_write_error),  cmocka_unit_test(test_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
