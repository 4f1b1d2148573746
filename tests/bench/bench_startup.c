/* The raw libraries' side of the start-up benchmark (tests/bench/startup.sh builds it):
 *
 *   bench_startup DECK.md PROGRESS.yaml   prints "CMARK_MS YAML_MS": the deck read and parsed by
 *                                          cmark_parse_document, then the progress file read and
 *                                          every event pulled by libyaml's yaml_parser_parse
 *   bench_startup DECK.md                 the cmark half alone (its peak memory is the budget of
 *                                          `vgrev study`'s, measured from outside)
 *
 * Neither result is freed: the cost is the libraries' alone, as in bench_deck. */
#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <yaml.h>

static double S_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static char *S_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = (size_t)1 << 20, n = 0, r;
    char *buf = malloc(cap);
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

static int S_cmark(const char *path)
{
    size_t len;
    char *data = S_read(path, &len);
    if (!data)
        return 0;
    cmark_node *doc = cmark_parse_document(data, len, CMARK_OPT_SOURCEPOS);
    return doc != NULL;
}

static int S_libyaml(const char *path)
{
    size_t len;
    char *data = S_read(path, &len);
    if (!data)
        return 0;
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return 0;
    yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
    for (;;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) {
            fprintf(stderr, "bench_startup: %s: %s\n", path, p.problem);
            return 0;
        }
        int done = e.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&e);
        if (done)
            break;
    }
    yaml_parser_delete(&p);
    free(data);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: bench_startup DECK.md [PROGRESS.yaml]\n");
        return 2;
    }
    double t0 = S_ms();
    if (!S_cmark(argv[1])) {
        fprintf(stderr, "bench_startup: cmark could not parse %s\n", argv[1]);
        return 1;
    }
    double t1 = S_ms();
    if (argc == 3 && !S_libyaml(argv[2]))
        return 1;
    printf("%.3f %.3f\n", t1 - t0, argc == 3 ? S_ms() - t1 : 0.0);
    return 0;
}
