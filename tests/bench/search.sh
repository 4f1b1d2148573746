#!/usr/bin/env bash
# Search as you type in the browser (DESIGN §7, issue 16 point 3), `vgrev list` headless on a
# generated deck of CARDS cards (default 100,000; tests/bench/run.sh runs it at each size):
#   search.first.SIZE   the first '/' and the first typed character: the time of a script
#                       "/g<Esc>" 50 times over, minus the time of an empty script, divided by
#                       50 (budget: 50 ms, issue 16's at 100k). One key against a whole run's
#                       noise would not show; the text made at the first '/g' (a screen's
#                       cards) is not made again at the others, which is a screen's cards less:
#                       the first key alone, in bench_search's timing, is in an info line.
#   search.char.SIZE    every further typed character: a script that types two queries a
#                       character at a time and erases them (<BS>), 10 times (40 from 1M
#                       cards), minus the time of the same script that only types '/' and the
#                       first character, divided by the keys typed (budget: 5 ms)
# Each figure: the median over RUNS runs (default 5) of (run - median of the plain runs),
# divided by the keys; the spread is the max - min of those. Times are the process's CPU time
# (user + system): on a shared 2-core machine the wall time of a whole run moves by more than
# these budgets; the wall time is printed beside it (info lines). In headless mode time stands
# still between keys, so no work is done between them: each key pays for what it shows and
# nothing else, as a key typed fast does. The info lines also give how long the count of
# matches takes to finish between keys (the script's ':idle'), and bench_search's timing of
# the search's own part of each key.
# Checks (`check` lines; exit 1 when one fails): bench_search (next to this build's vgrev, in
# tests/bench) finds the text made from the spans the same as the reference's
# (vg_render_inline, folded) and the lazy matches the same as a plain scan's; the count the
# browser shows once the search is done is bench_search's.
#   tests/bench/search.sh ./build/vgrev [CARDS]     (VGREV_BENCH_DECKS=DIR keeps the decks)
set -euo pipefail
vgrev=${1:?usage: search.sh VGREV [CARDS]}
cards=${2:-100000}
runs=${RUNS:-5}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_search="$(dirname "$vgrev")/tests/bench/bench_search"
[ -x "$bench_search" ] || { echo "search.sh: no $bench_search (build with -DVGREV_BENCH=ON)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
decks=${VGREV_BENCH_DECKS:-$tmp}
mkdir -p "$decks"
export VGREV_HOME="$tmp/home" VGREV_NOW=2026-11-20T10:00:00Z LC_ALL=C.UTF-8
export VGREV_TEST_DUMP=/dev/null

deck_of() { # CARDS: a generated deck of that many cards (made once)
    local f="$decks/deck-$1.md"
    [ -s "$f" ] || python3 "$here/gen_deck.py" --cards "$1" "$f" >&2
    echo "$f"
}

cpu_ms() { # DECK SCRIPT: "CPU_MS WALL_MS" of one headless run
    local out
    out=$( { TIMEFORMAT='%R %U %S'; time VGREV_TEST_KEYS="$2" "$vgrev" list "$1" >/dev/null; } 2>&1)
    awk '{ printf "%.1f %.1f\n", ($2 + $3) * 1000, $1 * 1000 }' <<<"$out"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# figure NAME DECK BASE TYPED KEYS BUDGET_MS [RUNS]: runs both scripts, interleaved.
figure() {
    local name=$1 deck=$2 base=$3 typed=$4 keys=$5 budget=$6 n=${7:-$runs} i
    : >"$tmp/base.t"
    : >"$tmp/typed.t"
    for ((i = 0; i < n; i++)); do
        cpu_ms "$deck" "$base" >>"$tmp/base.t"
        cpu_ms "$deck" "$typed" >>"$tmp/typed.t"
    done
    local b bw
    b=$(cut -d' ' -f1 <"$tmp/base.t" | median)
    bw=$(cut -d' ' -f2 <"$tmp/base.t" | median)
    awk -v b="$b" -v k="$keys" '{ print ($1 - b) / k }' "$tmp/typed.t" >"$tmp/d.t"
    local med spread wall
    med=$(median <"$tmp/d.t")
    spread=$(sort -g "$tmp/d.t" | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print hi - lo }')
    wall=$(awk -v b="$bw" -v k="$keys" '{ print ($2 - b) / k }' "$tmp/typed.t" | median)
    awk -v n="$name" -v m="$med" -v w="$wall" -v k="$keys" 'BEGIN {
        printf "info %s: %d key(s), %.3f ms CPU a key, %.3f ms wall a key\n", n, k, m, w }'
    bench_result "$name" "$med" "$spread" 0 "$budget"
}

# The scripts. Queries of the generated deck: one that many cards match, one that none does
# (every key then looks as far as its slice of work allows).
q1='notes of lecture 7'
q2='gradient notes of lecture'
printf '' >"$tmp/none.keys"
for _ in $(seq 50); do printf '/g\n<Esc>\n'; done >"$tmp/first.keys"
printf '/%s\n' "${q1:0:1}" >"$tmp/start.keys"
typed_keys() { # ROUNDS: the typing script; prints the number of keys after the first
    local r bs1 bs2 n=0
    bs1=$(printf '<BS>%.0s' $(seq ${#q1}))
    bs2=$(printf '<BS>%.0s' $(seq ${#q2}))
    {
        printf '/%s\n' "$q1"
        n=$((${#q1} - 1))
        for ((r = 0; r < $1; r++)); do
            printf '%s%s\n%s%s\n' "$bs1" "$q2" "$bs2" "$q1"
            n=$((n + 2 * ${#q1} + 2 * ${#q2}))
        done
    } >"$tmp/typed.keys"
    echo "$n"
}

check() { # DECK: the made text and the lazy matches are the reference's; the count shown too
    local deck=$1 want got
    if ! "$bench_search" "$deck" "$q1" "$q2" "Lecture" >"$tmp/check.out"; then
        cat "$tmp/check.out"
        echo "check search.text.$size FAIL bench_search: the made text or the matches differ"
        exit 1
    fi
    grep -E '^(cards|scan|keys)' "$tmp/check.out" | sed 's/^/info /'
    echo "check search.text.$size PASS the made text and the lazy matches are the reference's"
    want=$(sed -n "s/^query \"$q1\": \([0-9]*\) matches.*/\1/p" "$tmp/check.out")
    printf '/%s\n:idle\n:dump\n' "$q1" >"$tmp/count.keys"
    : >"$tmp/count.dump" # :dump appends
    VGREV_TEST_KEYS="$tmp/count.keys" VGREV_TEST_DUMP="$tmp/count.dump" "$vgrev" list "$deck" >/dev/null
    got=$(grep -o '[0-9]* match\(es\)\?$' "$tmp/count.dump" | head -1 | cut -d' ' -f1)
    if [ "$got" != "$want" ]; then
        echo "check search.count.$size FAIL the browser counts ${got:-nothing} matches of \"$q1\", the reference $want"
        exit 1
    fi
    echo "check search.count.$size PASS the browser's count of \"$q1\" once done: $got, the reference's"
}

finish() { # NAME DECK: how long the count takes to finish between keys (info)
    printf '/%s\n:idle\n' "$q1" >"$tmp/idle.keys"
    printf '/%s\n' "$q1" >"$tmp/noidle.keys"
    local a b
    a=$(cpu_ms "$2" "$tmp/noidle.keys" | cut -d' ' -f1)
    b=$(cpu_ms "$2" "$tmp/idle.keys" | cut -d' ' -f1)
    awk -v n="$1" -v a="$a" -v b="$b" -v q="$q1" 'BEGIN {
        printf "info %s: the count of \"%s\" finished between keys in %.0f ms CPU (text made on the way)\n", n, q, b - a }'
}

size=$(bench_size "$cards")
deck=$(deck_of "$cards")
check "$deck"
status=0
figure "search.first.$size" "$deck" "$tmp/none.keys" "$tmp/first.keys" 50 50 || status=1
rounds=10
[ "$cards" -ge 1000000 ] && rounds=40 # more keys against the noise of a bigger deck's load
n=$(typed_keys "$rounds")
figure "search.char.$size" "$deck" "$tmp/start.keys" "$tmp/typed.keys" "$n" 5 || status=1
finish "search.count.$size" "$deck"
exit $status
