#!/usr/bin/env bash
# The study screen's keypress budget (DESIGN §7: under 2 ms, not growing with the deck):
# runs `vgrev study` headless on a generated deck of N cards (default 100,000) with a script
# of K keys (reveal, scroll, answer: each answer synced to the journal) and with an empty
# script, each from no progress, and prints the difference per key. A program to run by
# hand, never a timed test:
#   tests/bench/bench_study.sh ./build/vgrev [N] [K]
set -euo pipefail
vgrev=${1:?usage: bench_study.sh VGREV [CARDS] [KEYS]}
cards=${2:-100000}
keys=${3:-4000}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/gen_deck.py" --cards "$cards" "$tmp/deck.md"
export VGREV_HOME="$tmp/home" VGREV_NOW=2026-03-02T09:00:00Z LC_ALL=C.UTF-8
: >"$tmp/none.keys"
awk -v n="$keys" 'BEGIN { for (i = 0; i < n; i += 4) print "<Space>\nj\nk\n3" }' >"$tmp/keys.keys"

run() { # SCRIPT: best wall time of 3 runs, in seconds
    local best=999999 t
    for _ in 1 2 3; do
        rm -rf "$VGREV_HOME"
        t=$( { TIMEFORMAT=%R; time VGREV_TEST_KEYS="$1" VGREV_TEST_DUMP=/dev/null \
            "$vgrev" study --new "$keys" "$tmp/deck.md" >/dev/null; } 2>&1)
        best=$(echo "$t $best" | awk '{ print ($1 < $2) ? $1 : $2 }')
    done
    echo "$best"
}
base=$(run "$tmp/none.keys")
full=$(run "$tmp/keys.keys")
echo "deck of $cards cards: start and quit ${base}s; $keys keys ${full}s"
awk -v b="$base" -v f="$full" -v k="$keys" \
    'BEGIN { printf "per key: %.3f ms (budget: 2 ms)\n", (f - b) * 1000 / k }'
