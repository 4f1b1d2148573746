#!/usr/bin/env bash
# Merge benchmark (DESIGN §7, issue 16 point 4): `vgrev merge B` into A, two progress files of
# one deck of CARDS cards (default 100,000) x 5 reviews that diverged (tests/bench/gen_diverge:
# cards on one side only, reviews gained on either side or both, answer times, a suspension),
# against libyaml's event parse of both files (each read and every event pulled with
# yaml_parser_parse, one program, the same run). Prints
#   result merge.SIZE MEDIAN_MS SPREAD_MS BASELINE_MS RATIO 1.00 PASS|FAIL
#   result merge.mem.SIZE PEAK_KB 0 FILES_KB RATIO 2.00 PASS|FAIL  (max RSS / both files' size)
# SIZE as tests/bench/lib.sh writes it (10k, 1M). No start-up cache (VGREV_CACHE=off): a merge's
# save would start `vgrev __image` in the background, competing with the next run for the CPU.
# SPREAD is max - min of the runs (RUNS, default 5). Checks first that the result is the same
# bytes as the plain path (every state replayed: A without its scheduler line, so no cached
# state is trusted) and, when OLD_VGREV names another build, as that build's merge. Exits 1
# when a budget or a check fails. Not a ctest test.
#   tests/bench/merge.sh VGREV [CARDS]      (VGREV in a build with -DVGREV_BENCH=ON, or
#                                            BENCH_BIN=BUILD/tests/bench)
set -euo pipefail
vgrev=$(realpath "${1:?usage: merge.sh VGREV [CARDS]}")
cards=${2:-100000}
runs=${RUNS:-5}
here=$(cd "$(dirname "$0")" && pwd)
bench=${BENCH_BIN:-$(dirname "$vgrev")/tests/bench} # gen_progress, gen_diverge
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$here/lib.sh"
name=merge.$(bench_size "$cards")
export VGREV_CACHE=off

cat >"$tmp/events.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>
int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f || fseek(f, 0, SEEK_END) != 0)
            return 1;
        long n = ftell(f);
        rewind(f);
        unsigned char *d = malloc(n > 0 ? (size_t)n : 1);
        if (!d || fread(d, 1, (size_t)n, f) != (size_t)n)
            return 1;
        fclose(f);
        yaml_parser_t p;
        yaml_parser_initialize(&p);
        yaml_parser_set_input_string(&p, d, (size_t)n);
        for (int done = 0; !done;) {
            yaml_event_t e;
            if (!yaml_parser_parse(&p, &e))
                return 1;
            done = e.type == YAML_STREAM_END_EVENT;
            yaml_event_delete(&e);
        }
        yaml_parser_delete(&p);
        free(d);
    }
    return 0;
}
C
# shellcheck disable=SC2046
"${CC:-cc}" -O2 "$tmp/events.c" $(pkg-config --cflags --libs yaml-0.1) -o "$tmp/events"

python3 "$here/gen_deck.py" --cards "$cards" "$tmp/deck.md" >/dev/null
"$bench/gen_progress" "$tmp/deck.md" "$tmp/base.yaml"
"$bench/gen_diverge" "$tmp/base.yaml" "$tmp/a.yaml" "$tmp/b.yaml"
rm "$tmp/base.yaml"
export VGREV_NOW=2026-11-20T10:00:00Z LC_ALL=C.UTF-8
mkdir -p "$tmp/home"

merge() { # BINARY A.yaml: merges b.yaml into a copy of A; the result in $tmp/out.yaml
    rm -f "$tmp"/home/progress.yaml*
    cp "$2" "$tmp/home/progress.yaml"
    VGREV_HOME="$tmp/home" "$1" merge "$tmp/b.yaml" >/dev/null
    cp "$tmp/home/progress.yaml" "$tmp/out.yaml"
}
status=0
# The plain path: A's states cached by no scheduler, so every record is replayed.
grep -v '^scheduler: ' "$tmp/a.yaml" >"$tmp/a-plain.yaml"
merge "$vgrev" "$tmp/a-plain.yaml" && mv "$tmp/out.yaml" "$tmp/plain.yaml"
merge "$vgrev" "$tmp/a.yaml"
if ! cmp -s "$tmp/out.yaml" "$tmp/plain.yaml"; then
    echo "FAIL: $name: the merge differs from the plain path (every state replayed)" >&2
    status=1
fi
if [ -n "${OLD_VGREV:-}" ]; then
    mv "$tmp/out.yaml" "$tmp/new.yaml"
    merge "$OLD_VGREV" "$tmp/a.yaml"
    if ! cmp -s "$tmp/out.yaml" "$tmp/new.yaml"; then
        echo "FAIL: $name: the merge differs from $OLD_VGREV's" >&2
        status=1
    fi
fi

ms() { date +%s%N; }
: >"$tmp/t.merge"
: >"$tmp/t.yaml"
: >"$tmp/kb"
for _ in $(seq "$runs"); do # interleaved, so both see the same machine
    rm -f "$tmp"/home/progress.yaml*
    cp "$tmp/a.yaml" "$tmp/home/progress.yaml"
    t0=$(ms)
    VGREV_HOME="$tmp/home" /usr/bin/time -o "$tmp/rss" -f %M "$vgrev" merge "$tmp/b.yaml" >/dev/null
    t1=$(ms)
    "$tmp/events" "$tmp/a.yaml" "$tmp/b.yaml"
    t2=$(ms)
    echo $(((t1 - t0) / 1000)) >>"$tmp/t.merge"
    echo $(((t2 - t1) / 1000)) >>"$tmp/t.yaml"
    cat "$tmp/rss" >>"$tmp/kb"
done
stats() { sort -n "$1" | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
    printf "%.1f %.1f\n", m / 1000, (v[NR] - v[1]) / 1000 }'; }
read -r m_med m_spread < <(stats "$tmp/t.merge")
read -r y_med _ < <(stats "$tmp/t.yaml")
files_kb=$(($(stat -c %s "$tmp/a.yaml") / 1024 + $(stat -c %s "$tmp/b.yaml") / 1024))
peak_kb=$(sort -n "$tmp/kb" | tail -1)
awk -v n="$name" -v m="$m_med" -v s="$m_spread" -v y="$y_med" 'BEGIN { r = m / y;
    printf "result %s %.1f %.1f %.1f %.2f 1.00 %s\n", n, m, s, y, r, r <= 1.0 ? "PASS" : "FAIL";
    exit r <= 1.0 ? 0 : 1 }' || status=1
awk -v n="merge.mem.$(bench_size "$cards")" -v p="$peak_kb" -v f="$files_kb" 'BEGIN { r = p / f;
    printf "result %s %d 0 %d %.2f 2.00 %s\n", n, p, f, r, r <= 2.0 ? "PASS" : "FAIL";
    exit r <= 2.0 ? 0 : 1 }' || status=1
exit $status
