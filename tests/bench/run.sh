#!/usr/bin/env bash
# Every benchmark of DESIGN §7, in one run, each printing its ratio against the raw library on
# the same input. Run by hand on a quiet machine (never a ctest test):
#   tests/bench/run.sh [BUILD_DIR]      (default: build-bench, a Release build with benches)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-bench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DVGREV_BENCH=ON -DVGREV_TESTS=ON >/dev/null
cmake --build "$build" -j2 >/dev/null

status=0
echo "== deck load: 100,000 cards in the seed's shape, against cmark_parse_document alone"
python3 "$root/tests/bench/gen_deck.py" "$tmp/deck.md" >/dev/null
"$build/tests/bench/bench_deck" "$tmp/deck.md" 5 || status=1
echo
echo "== scheduler: FSRS reviews per second (budget: 10 million)"
"$root/tests/bench/sched.sh" || status=1
echo
echo "== progress: 100,000 cards x 5 reviews, load against libyaml's event parse; answer to durable"
"$root/tests/bench/progress.sh" 100000 5 "$tmp" || status=1
echo
echo "== study screen: time per keypress with 100,000 cards (budget: 2 ms)"
"$root/tests/bench/bench_study.sh" "$build/vgrev" || status=1
echo
echo "== browser: time per keypress with 100,000 cards (budget: 2 ms), and a search typed in"
"$root/tests/bench/bench_list.sh" "$build/vgrev" || status=1
echo
echo "== optimize: 10k, 50k, 200k simulated reviews, against fsrs-rs (node + its binding)"
"$root/tests/bench/optimize.sh" "$build" || status=1
exit $status
