#!/usr/bin/env bash
# Optimizer benchmark: on simulated logs of 10k, 50k and 200k reviews (tests/optimize/
# sim_reviews.c, a learner unlike the defaults), the whole `vgrev optimize` process against the
# whole reference process (node and fsrs-rs's binding, tests/fixtures/optimize/ref.mjs --split:
# the same job, fit and time-series check), wall and CPU seconds, and the ratio of the log
# losses of their weights, both measured by vgrev on the same items (below 1.02: as good).
# Exits 1 when vgrev is slower or its log loss is more than 2% above. The reference is skipped
# with a message when node or the binding is missing (`npm install --no-save` in
# tests/fixtures/optimize: npm 11 refuses `npm ci` there, the lock file lacking the optional
# packages of other platforms).
# Each process runs BENCH_RUNS times (default 3): the times printed are medians; the figures are
# also printed as `result optimize.time.SIZE` (wall ms against the reference's, budget 1.0, the
# spread max - min) and `result optimize.logloss.SIZE` (a ratio alone: "-" in the ms columns,
# budget 1.02), SIZE the number of reviews, for tests/bench/run.sh; none without the reference.
#   tests/bench/optimize.sh BUILD_DIR   (a Release build with tests: vgrev, tests/sim_reviews)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:?usage: optimize.sh BUILD_DIR}
fixtures=$root/tests/fixtures/optimize
runs=${BENCH_RUNS:-3}
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export VGREV_HOME=$tmp/home TZ=UTC LC_ALL=C
mkdir -p "$VGREV_HOME"
ref=yes
if ! command -v node >/dev/null; then
    echo "(no node: the reference is skipped)"
    ref=
elif [ ! -d "$fixtures/node_modules/@open-spaced-repetition/binding" ]; then
    echo "(no @open-spaced-repetition/binding: run npm install --no-save in tests/fixtures/optimize; the reference is skipped)"
    ref=
fi

# timed OUT CMD...: runs CMD BENCH_RUNS times with its stdout in OUT; sets wall and cpu (the
# medians, seconds) and walls (every run's wall time, ms).
timed() {
    local out=$1 w=() c=() user sys
    shift
    local TIMEFORMAT='%R %U %S'
    for ((r = 0; r < runs; r++)); do
        { time "$@" >"$out" 2>/dev/null; } 2>"$tmp/time"
        read -r wall user sys <"$tmp/time"
        w+=("$wall")
        c+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')")
    done
    read -r wall _ <<<"$(bench_stats "${w[@]}")"
    read -r cpu _ <<<"$(bench_stats "${c[@]}")"
    wall=$(awk -v x="$wall" 'BEGIN { printf "%.3f", x }')
    cpu=$(awk -v x="$cpu" 'BEGIN { printf "%.2f", x }')
    walls=$(printf '%s\n' "${w[@]}" | awk '{ printf "%s%.1f", (NR > 1 ? " " : ""), $1 * 1000 }')
}
loss() { sed -n "s/^  $1 *\([0-9.]*\) .*/\1/p" "$2"; }

status=0
printf '%8s  %14s  %14s  %8s  %8s\n' reviews "vgrev s (cpu)" "fsrs-rs s (cpu)" "speed" "LL ratio"
for n in 10000 50000 200000; do
    "$build/tests/sim_reviews" "$n" 7 slow yaml >"$tmp/log.yaml"
    printf 'day_starts_at: 4\n' >"$VGREV_HOME/config.yaml"
    timed "$tmp/mine" "$build/vgrev" optimize --history "$tmp/log.yaml" --plain
    mine_wall=$wall mine_cpu=$cpu mine_walls=$walls
    if [ -z "$ref" ]; then
        printf '%8s  %6s (%5s)  %14s\n' "$n" "$mine_wall" "$mine_cpu" "-"
        continue
    fi
    "$build/tests/sim_reviews" "$n" 7 slow csv >"$tmp/log.csv"
    timed "$tmp/ref.json" node "$fixtures/ref.mjs" --split "$tmp/log.csv"
    weights=$(sed -n 's/.*"weights":\[\([^]]*\)\].*/\1/p' "$tmp/ref.json")
    printf 'day_starts_at: 4\nfsrs_params: [%s]\n' "$weights" >"$VGREV_HOME/config.yaml"
    "$build/vgrev" optimize --history "$tmp/log.yaml" --plain >"$tmp/theirs" 2>/dev/null
    ratio=$(awk -v a="$(loss 'new weights' "$tmp/mine")" -v b="$(loss 'current weights' "$tmp/theirs")" \
        'BEGIN { printf "%.4f", a / b }')
    speed=$(awk -v a="$mine_wall" -v b="$wall" 'BEGIN { printf "%.1fx", b / a }')
    printf '%8s  %6s (%5s)  %6s (%5s)  %8s  %8s\n' "$n" "$mine_wall" "$mine_cpu" "$wall" "$cpu" \
        "$speed" "$ratio"
    awk -v r="$ratio" -v a="$mine_wall" -v b="$wall" 'BEGIN { exit !(r <= 1.02 && a < b) }' ||
        status=1
    size=$(bench_size "$n")
    # shellcheck disable=SC2086 # the runs, one word each
    read -r med spread <<<"$(bench_stats $mine_walls)"
    # shellcheck disable=SC2086
    read -r ref_med _ <<<"$(bench_stats $walls)"
    bench_result "optimize.time.$size" "$med" "$spread" "$ref_med" 1.00 >>"$tmp/results" || true
    awk -v n="optimize.logloss.$size" -v r="$ratio" \
        'BEGIN { printf "result %s - - - %.4f 1.02 %s\n", n, r, r <= 1.02 ? "PASS" : "FAIL" }' \
        >>"$tmp/results"
done
if [ -f "$tmp/results" ]; then cat "$tmp/results"; fi
exit $status
