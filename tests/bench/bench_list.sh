#!/usr/bin/env bash
# The browser's keypress budget (DESIGN §7: under 2 ms, not growing with the deck): runs
# `vgrev list` headless on a generated deck of N cards (default 100,000) with a script of K
# moving keys (down, up, pages, first and last, opening a section and a card and going back)
# and with an empty script, and prints the difference per key. Then the same for a search
# typed a character at a time, which looks through every card (the first character builds
# the search text). A program to run by hand, never a timed test:
#   tests/bench/bench_list.sh ./build/vgrev [N] [K]
set -euo pipefail
vgrev=${1:?usage: bench_list.sh VGREV [CARDS] [KEYS]}
cards=${2:-100000}
keys=${3:-4000}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/gen_deck.py" --cards "$cards" "$tmp/deck.md"
export VGREV_HOME="$tmp/home" VGREV_NOW=2026-03-02T09:00:00Z LC_ALL=C.UTF-8
: >"$tmp/none.keys"
awk -v n="$keys" 'BEGIN { for (i = 0; i < n; i += 10)
    print "j\n<PgDn>\nk\n<Enter>\nj\n<Enter>\nq\nq\nG\ng" }' >"$tmp/keys.keys"
printf '/gradient notes of lecture\n' >"$tmp/search.keys"

run() { # SCRIPT: best wall time of 3 runs, in seconds
    local best=999999 t
    for _ in 1 2 3; do
        t=$( { TIMEFORMAT=%R; time VGREV_TEST_KEYS="$1" VGREV_TEST_DUMP=/dev/null \
            "$vgrev" list "$tmp/deck.md" >/dev/null; } 2>&1)
        best=$(echo "$t $best" | awk '{ print ($1 < $2) ? $1 : $2 }')
    done
    echo "$best"
}
base=$(run "$tmp/none.keys")
full=$(run "$tmp/keys.keys")
search=$(run "$tmp/search.keys")
echo "deck of $cards cards: start and quit ${base}s; $keys keys ${full}s"
awk -v b="$base" -v f="$full" -v k="$keys" \
    'BEGIN { printf "per key: %.3f ms (budget: 2 ms)\n", (f - b) * 1000 / k }'
awk -v b="$base" -v f="$search" \
    'BEGIN { printf "a search typed in 26 keys: %.1f ms in all, %.2f ms a key\n", (f - b) * 1000, (f - b) * 1000 / 26 }'
