#!/usr/bin/env bash
# Optimizer benchmark: on simulated logs of 10k, 50k and 200k reviews (tests/optimize/
# sim_reviews.c, a learner unlike the defaults), the whole `vgrev optimize` process against the
# whole reference process (node and fsrs-rs's binding, tests/fixtures/optimize/ref.mjs --split:
# the same job, fit and time-series check), wall and CPU seconds, and the ratio of the log
# losses of their weights, both measured by vgrev on the same items (below 1.02: as good).
# Exits 1 when vgrev is slower or its log loss is more than 2% above. The reference is skipped
# with a message when node or the binding is missing (npm ci in tests/fixtures/optimize).
#   tests/bench/optimize.sh BUILD_DIR   (a Release build with tests: vgrev, tests/sim_reviews)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:?usage: optimize.sh BUILD_DIR}
fixtures=$root/tests/fixtures/optimize
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export VGREV_HOME=$tmp/home TZ=UTC LC_ALL=C
mkdir -p "$VGREV_HOME"
ref=yes
if ! command -v node >/dev/null; then
    echo "(no node: the reference is skipped)"
    ref=
elif [ ! -d "$fixtures/node_modules/@open-spaced-repetition/binding" ]; then
    echo "(no @open-spaced-repetition/binding: run npm ci in tests/fixtures/optimize; the reference is skipped)"
    ref=
fi

# timed OUT CMD...: runs CMD with its stdout in OUT; sets wall and cpu (seconds).
timed() {
    local out=$1
    shift
    local TIMEFORMAT='%R %U %S'
    { time "$@" >"$out" 2>/dev/null; } 2>"$tmp/time"
    read -r wall user sys <"$tmp/time"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
}
loss() { sed -n "s/^  $1 *\([0-9.]*\) .*/\1/p" "$2"; }

status=0
printf '%8s  %14s  %14s  %8s  %8s\n' reviews "vgrev s (cpu)" "fsrs-rs s (cpu)" "speed" "LL ratio"
for n in 10000 50000 200000; do
    "$build/tests/sim_reviews" "$n" 7 slow yaml >"$tmp/log.yaml"
    printf 'day_starts_at: 4\n' >"$VGREV_HOME/config.yaml"
    timed "$tmp/mine" "$build/vgrev" optimize --history "$tmp/log.yaml" --plain
    mine_wall=$wall mine_cpu=$cpu
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
done
exit $status
