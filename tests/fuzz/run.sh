#!/usr/bin/env bash
# Runs every libFuzzer target (tests/fuzz/fuzz_*.c) in turn for MINUTES each (default 10),
# built with clang and ASan+UBSan in BUILD (default build-fuzz), starting from its seed corpus.
# New inputs go to BUILD/fuzz-corpus/NAME (the seed corpus in the tree is left alone: copy an
# input there by hand when it is worth keeping as a regression test); crashes to
# BUILD/fuzz-crashes/NAME. By hand, not in CI:
#   bash tests/fuzz/run.sh 10            # every target, 10 minutes each
#   bash tests/fuzz/run.sh 2 journal     # one target
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
MINUTES=${1:-10}
shift || true
BUILD=${BUILD:-$src/build-fuzz}
command -v clang >/dev/null || {
    echo "clang is needed (apt-get install clang)" >&2
    exit 2
}
CC=clang cmake -S "$src" -B "$BUILD" -DVGREV_TESTS=ON -DVGREV_FUZZ=ON >/dev/null &&
    cmake --build "$BUILD" -j2 >/dev/null || {
    echo "the fuzz build failed" >&2
    exit 2
}
if [ $# -gt 0 ]; then
    names=("$@")
else
    names=()
    for f in "$here"/fuzz_*.c; do
        n=${f##*/fuzz_}
        names+=("${n%.c}")
    done
fi
status=0
summary=$BUILD/fuzz-summary.txt
: >"$summary"
for name in "${names[@]}"; do
    bin=$BUILD/tests/fuzz/fuzz_$name
    [ -x "$bin" ] || {
        echo "no libFuzzer binary $bin" >&2
        status=1
        continue
    }
    corpus=$BUILD/fuzz-corpus/$name crashes=$BUILD/fuzz-crashes/$name
    mkdir -p "$corpus" "$crashes"
    log=$BUILD/fuzz-$name.log
    echo "== $name: $MINUTES min"
    "$bin" -max_total_time=$((MINUTES * 60)) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$crashes/" "$corpus" "$here/corpus/$name" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
    found=$(find "$crashes" -type f | wc -l)
    line="$name: ${MINUTES} min, ${execs:-?} executions, ${cov:-cov: ?}, exit $rc, $found artifact(s)"
    echo "$line" | tee -a "$summary"
    if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
        status=1
        grep -m 3 'ERROR\|runtime error\|SUMMARY' "$log"
    fi
done
echo "summary in $summary"
exit $status
