#!/usr/bin/env bash
# The browser's keypress budget (DESIGN §7: under 2 ms, not growing with the deck): runs
# `vgrev list` headless on a generated deck of N cards (default 100,000) with a script of K
# moving keys (down, up, pages, first and last, opening a section and a card and going back)
# and with an empty script, and prints the difference per key. Search as you type has its own
# benchmark, tests/bench/search.sh. A program to run by hand, never a timed test:
#   tests/bench/bench_list.sh ./build/vgrev [N] [K]
# Each script runs BENCH_RUNS times (default 5), in turn; a figure is the difference of the
# medians per key, its spread the sum of the two spreads (max - min) per key, printed as
# `result list.keypress.SIZE` (budget 2 ms, absolute).
set -euo pipefail
vgrev=${1:?usage: bench_list.sh VGREV [CARDS] [KEYS]}
cards=${2:-100000}
keys=${3:-4000}
runs=${BENCH_RUNS:-5}
here=$(cd "$(dirname "$0")" && pwd)
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/gen_deck.py" --cards "$cards" "$tmp/deck.md"
export VGREV_HOME="$tmp/home" VGREV_NOW=2026-03-02T09:00:00Z LC_ALL=C.UTF-8
: >"$tmp/none.keys"
awk -v n="$keys" 'BEGIN { for (i = 0; i < n; i += 10)
    print "j\n<PgDn>\nk\n<Enter>\nj\n<Enter>\nq\nq\nG\ng" }' >"$tmp/keys.keys"

run() { # SCRIPT: one run; sets bench_ms
    VGREV_TEST_KEYS="$1" VGREV_TEST_DUMP=/dev/null \
        bench_time "$vgrev" list "$tmp/deck.md" >/dev/null
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
size=$(bench_size "$cards")
status=0
# per KEYS MEDIAN SPREAD: the cost of a key, from the runs with the script and the empty one
per() { awk -v k="$1" -v f="$2" -v b="$3" 'BEGIN { print (f - b) / k }'; }
bench_result "list.keypress.$size" "$(per "$keys" "$fmed" "$bmed")" \
    "$(per "$keys" "$fspread" "-$bspread")" 0 2 || status=1
exit $status
