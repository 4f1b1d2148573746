#!/usr/bin/env bash
# Every benchmark of issue 16 and DESIGN §7 in one run, then one table of every figure: its
# median, its spread, its baseline (the raw library on the same input, in the same run), the
# ratio, the budget and PASS or FAIL; and the growth from 100k to 1M cards. Run by hand on a
# machine as quiet as can be (never a ctest test); docs/performance.md says what each figure is.
#   tests/bench/run.sh [--1m] [--sizes 10k,100k] [BUILD_DIR]
# --sizes: the deck sizes in cards (default 10k,100k; about 10 minutes on 2 cores); --1m adds
# 1M (a 175 MB deck: much longer). BUILD_DIR (default build-bench) is configured and built as a
# Release build with the benchmarks. Every script prints `result` lines (tests/bench/lib.sh);
# a script that does not exist yet, or prints none, is shown as "not measured". The whole output
# is kept in BUILD_DIR/bench-run.log. Exit status 1 when any budget or check fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bench=$root/tests/bench
. "$(dirname "$0")/lib.sh"
usage() { sed -n '2,/^set /p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
sizes=10k,100k big='' build=''
while [ $# -gt 0 ]; do
    case $1 in
    --1m) big=1 ;;
    --sizes) sizes=${2:?--sizes needs a list, e.g. 10k,100k}; shift ;;
    --sizes=*) sizes=${1#--sizes=} ;;
    -h | --help) usage ;;
    -*) echo "run.sh: unknown option $1" >&2; usage ;;
    *) build=$1 ;;
    esac
    shift
done
build=${build:-$root/build-bench}
if [ -n "$big" ]; then sizes=$sizes,1M; fi
# The sizes as card counts, each once, in the order given.
mapfile -t sizes < <(tr ',' '\n' <<<"$sizes" | awk 'NF && !seen[$1]++')
cards_of() {
    awk -v s="$1" 'BEGIN { n = s + 0; u = substr(s, length(s));
        if (u == "k" || u == "K") n *= 1000; else if (u == "m" || u == "M") n *= 1000000;
        if (n < 1) exit 1; printf "%d", n }' || { echo "run.sh: bad size '$1'" >&2; exit 2; }
}
for s in "${sizes[@]}"; do cards_of "$s" >/dev/null; done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DVGREV_BENCH=ON -DVGREV_TESTS=ON >/dev/null
cmake --build "$build" -j2 >/dev/null
vgrev=$build/vgrev
log=$build/bench-run.log
: >"$log"
: >"$tmp/rows"

# step LABEL SIZE SCRIPT ARGS...: runs a benchmark, its output shown and kept; collects its
# `result` and `check` lines (a name without a size gets SIZE), or says it measured nothing.
step() {
    local label=$1 size=$2 script=$3 st=0
    shift 3
    if [ ! -x "$script" ]; then
        echo "== $label ($size): ${script#"$root"/} is not there: not measured" | tee -a "$log"
        echo "none $label $size absent" >>"$tmp/rows"
        return
    fi
    echo "== $label ($size): ${script#"$root"/} $*" | tee -a "$log"
    "$script" "$@" 2>&1 | tee "$tmp/out" >>"$log" || st=$?
    grep -v '^result \|^check ' "$tmp/out" || true
    awk -v size="$size" '($1 == "result" || $1 == "check") && NF >= 3 {
        if ($2 !~ /\.[0-9]+[kM]?$/ && size != "-") $2 = $2 "." size
        print }' "$tmp/out" >"$tmp/lines"
    cat "$tmp/lines"
    if [ ! -s "$tmp/lines" ] && [ "$st" = 0 ]; then
        echo "none $label $size silent" >>"$tmp/rows"
    elif [ ! -s "$tmp/lines" ]; then
        echo "exit $label $size $st" >>"$tmp/rows"
    else
        cat "$tmp/lines" >>"$tmp/rows"
        # A script that failed without saying which figure (a mismatch, a crash) fails too.
        if [ "$st" != 0 ] && ! grep -q ' FAIL' "$tmp/lines"; then
            echo "exit $label $size $st" >>"$tmp/rows"
        fi
    fi
    echo
}

# Size-independent: the scheduler (100k cards x 5 reviews) and the optimizer (simulated logs).
step scheduler - "$bench/sched.sh"
step optimize - "$bench/optimize.sh" "$build"
for s in "${sizes[@]}"; do
    n=$(cards_of "$s")
    size=$(bench_size "$n")
    python3 "$bench/gen_deck.py" --cards "$n" "$tmp/deck.md"
    step deck-load "$size" "$build/tests/bench/bench_deck" "$tmp/deck.md" 5
    rm -f "$tmp/deck.md"
    step startup "$size" "$bench/startup.sh" "$vgrev" "$n"
    step progress "$size" "$bench/progress.sh" "$n" 5 "$tmp/progress"
    rm -rf "$tmp/progress"
    step study-keys "$size" "$bench/bench_study.sh" "$vgrev" "$n"
    step browser-keys "$size" "$bench/bench_list.sh" "$vgrev" "$n"
    step search "$size" "$bench/search.sh" "$vgrev" "$n"
    step merge "$size" "$bench/merge.sh" "$vgrev" "$n"
    step import "$size" "$bench/import.sh" "$vgrev" "$n"
done

# The table. A result's name ends in its size (10k, 100k, 1M: cards; optimize's: reviews).
{
    printf '%-28s %5s %10s %9s %10s %7s %7s %s\n' figure size median spread baseline ratio \
        budget verdict
    awk '
    function row(f, s, m, sp, b, r, u, v) {
        printf "%-28s %5s %10s %9s %10s %7s %7s %s\n", f, s, m, sp, b, r, u, v }
    function split_name(name) {
        size = "-"; fig = name
        if (match(name, /\.[0-9]+[kM]?$/)) { size = substr(name, RSTART + 1); fig = substr(name, 1, RSTART - 1) }
    }
    $1 == "result" { split_name($2)
        # The last line of a figure wins (a script may print one again, improved).
        if (!((fig, size) in seen)) order[++n] = fig SUBSEP size
        seen[fig, size] = sprintf("%s %s %s %s %s %s", $3, $4, $5, $6, $7, $8) }
    $1 == "check" { split_name($2)
        if (!((fig, size) in seen)) order[++n] = fig SUBSEP size
        seen[fig, size] = "- - - - - " $3 }
    $1 == "none" { lab = $2 ($4 == "absent" ? " (no script yet)" : " (no result)")
        order[++n] = lab SUBSEP $3; seen[lab, $3] = "- - - - - not-measured" }
    $1 == "exit" { lab = $2 " (exit " $4 ")"; order[++n] = lab SUBSEP $3; seen[lab, $3] = "- - - - - FAIL" }
    END {
        for (i = 1; i <= n; i++) {
            split(order[i], k, SUBSEP); split(seen[k[1], k[2]], c, " ")
            v = c[6] == "not-measured" ? "not measured" : c[6]
            row(k[1], k[2], c[1], c[2], c[3], c[4], c[5], v)
            if (c[6] == "FAIL") bad = 1
            # Growth: what a command costs against a library (a baseline, not a memory peak).
            if (k[2] == "100k" && c[3] != "-" && c[3] + 0 > 0 && k[1] !~ /peak|mem/) at100[k[1]] = c[1]
            if (k[2] == "1M") at1m[k[1]] = c[1]
        }
        first = 1
        for (i = 1; i <= n; i++) {
            split(order[i], k, SUBSEP)
            if (k[2] != "1M" || !(k[1] in at100) || at100[k[1]] + 0 <= 0) continue
            if (first) { print ""; row("growth 100k -> 1M", "", "1M ms", "", "100k ms", "x", "budget", ""); first = 0 }
            g = at1m[k[1]] / at100[k[1]]
            row(k[1], "", at1m[k[1]], "", at100[k[1]], sprintf("%.1f", g), "11.0", g <= 11 ? "PASS" : "FAIL")
            if (g > 11) bad = 1
        }
        exit bad }' "$tmp/rows"
} >"$tmp/table" && st=0 || st=$?
echo "== every figure (median and spread in ms, or MB for a peak; spread max - min)" | tee -a "$log"
tee -a "$log" <"$tmp/table"
echo "(the whole output: $log)"
exit $((st != 0))
