#!/usr/bin/env bash
# The study screen's keypress budget (DESIGN §7: under 2 ms, not growing with the deck):
# runs `vgrev study` headless on a generated deck of N cards (default 100,000) with a script
# of K keys (reveal, scroll, answer: each answer synced to the journal) and with an empty
# script, each from no progress, and prints the difference per key. A program to run by
# hand, never a timed test:
#   tests/bench/bench_study.sh ./build/vgrev [N] [K]
# Each script runs BENCH_RUNS times (default 5), the two alternating; the figure is the
# difference of the medians per key, its spread the sum of the two spreads (max - min) per key,
# printed as `result study.keypress.SIZE` (an absolute budget: 2 ms).
set -euo pipefail
vgrev=${1:?usage: bench_study.sh VGREV [CARDS] [KEYS]}
cards=${2:-100000}
keys=${3:-4000}
runs=${BENCH_RUNS:-5}
here=$(cd "$(dirname "$0")" && pwd)
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/gen_deck.py" --cards "$cards" "$tmp/deck.md"
# No start-up cache: the keys are measured, not the start (startup.sh), and a session's save
# would start `vgrev __image` in the background, still writing under $VGREV_HOME when the next
# run removes it, and competing with that run for the CPU.
export VGREV_HOME="$tmp/home" VGREV_NOW=2026-03-02T09:00:00Z LC_ALL=C.UTF-8 VGREV_CACHE=off
: >"$tmp/none.keys"
awk -v n="$keys" 'BEGIN { for (i = 0; i < n; i += 4) print "<Space>\nj\nk\n3" }' >"$tmp/keys.keys"

run() { # SCRIPT: one run from no progress; sets bench_ms
    rm -rf "$VGREV_HOME"
    VGREV_TEST_KEYS="$1" VGREV_TEST_DUMP=/dev/null \
        bench_time "$vgrev" study --new "$keys" "$tmp/deck.md" >/dev/null
}
base=() full=()
for ((r = 0; r < runs; r++)); do
    run "$tmp/none.keys"
    base+=("$bench_ms")
    run "$tmp/keys.keys"
    full+=("$bench_ms")
done
read -r bmed bspread <<<"$(bench_stats "${base[@]}")"
read -r fmed fspread <<<"$(bench_stats "${full[@]}")"
echo "deck of $cards cards: start and quit ${bmed} ms; $keys keys ${fmed} ms (medians of $runs)"
awk -v b="$bmed" -v f="$fmed" -v k="$keys" \
    'BEGIN { printf "per key: %.3f ms (budget: 2 ms)\n", (f - b) / k }'
bench_result "study.keypress.$(bench_size "$cards")" \
    "$(awk -v b="$bmed" -v f="$fmed" -v k="$keys" 'BEGIN { print (f - b) / k }')" \
    "$(awk -v b="$bspread" -v f="$fspread" -v k="$keys" 'BEGIN { print (f + b) / k }')" 0 2
