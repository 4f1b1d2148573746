#!/usr/bin/env bash
# Scheduler benchmark: builds tests/bench/bench_sched.c with the scheduler sources at -O2 and
# prints reviews per second through vg_sched_next. Exits 1 when FSRS is under the budget of
# DESIGN §7 (10 million reviews a second). Not a ctest test: timings depend on the machine.
#   tests/bench/sched.sh [RUNS [REVIEWS_PER_CARD]]   (CC=clang ... to pick the compiler)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"${CC:-cc}" -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -I"$root/include" -I"$root/src/core" \
    "$root"/src/core/sched/sched.c "$root"/src/core/sched/fsrs.c "$root"/src/core/sched/sm2.c \
    "$root"/src/core/sched/fuzz.c "$root"/src/core/base/time.c "$root"/src/core/base/error.c \
    "$root"/tests/bench/bench_sched.c -lm -o "$tmp/bench_sched"
"$tmp/bench_sched" "$@"
