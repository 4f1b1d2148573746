# shellcheck shell=bash
# Helpers of the benchmark scripts (sourced: . tests/bench/lib.sh). Every figure is printed as
# one line that tests/bench/run.sh collects (docs/performance.md, "How to reproduce"):
#   result NAME MEDIAN_MS SPREAD_MS BASELINE_MS RATIO BUDGET PASS|FAIL
# with BASELINE_MS 0 and RATIO "-" when the budget is absolute (BUDGET is then in ms).

# bench_size N: the size in a result's name: 10000 -> 10k, 1000000 -> 1M.
bench_size() {
    awk -v n="$1" 'BEGIN { if (n >= 1e6 && n % 1e6 == 0) printf "%dM", n / 1e6;
        else if (n >= 1000 && n % 1000 == 0) printf "%dk", n / 1000; else printf "%d", n }'
}

# bench_stats V...: "MEDIAN SPREAD" of the numbers, the spread being max - min.
bench_stats() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.3f %.3f", m, v[NR] - v[1] }'
}

# bench_info NAME MEDIAN SPREAD BASELINE: a figure with no budget at this size: its ratio, the
# budget `-` and the verdict `info` (never a failure).
bench_info() {
    awk -v n="$1" -v m="$2" -v s="$3" -v b="$4" 'BEGIN {
        p = m < 10 ? "%.3f %.3f" : "%.1f %.1f"
        printf "result %s " p " %.1f %.2f - info\n", n, m, s, b, m / b }'
}

# bench_result NAME MEDIAN SPREAD BASELINE BUDGET: prints the result line; returns 1 when the
# budget is missed. BASELINE 0: BUDGET is an absolute bound on MEDIAN, else on MEDIAN/BASELINE.
bench_result() {
    awk -v n="$1" -v m="$2" -v s="$3" -v b="$4" -v u="$5" 'BEGIN {
        if (b + 0 == 0) { ok = m <= u; r = "-" } else { ok = m / b <= u; r = sprintf("%.2f", m / b) }
        p = m < 10 ? "%.3f %.3f" : "%.1f %.1f"
        printf "result %s " p " %s %s %.2f %s\n", n, m, s, b + 0 == 0 ? 0 : sprintf("%.1f", b), r,
            u, ok ? "PASS" : "FAIL"
        exit !ok }'
}

# bench_time CMD...: runs CMD (its output where the caller sends it) and sets bench_ms to its
# wall time in milliseconds. Fails when CMD fails.
bench_time() {
    local t0=$EPOCHREALTIME
    "$@"
    # shellcheck disable=SC2034 # the caller's
    bench_ms=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", (b - a) * 1000 }')
}
