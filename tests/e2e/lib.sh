# shellcheck shell=bash
# Shared helpers for end-to-end tests: source it, call `run`, then the expect_* checks.
set -u
: "${VGREV:?VGREV must name the vgrev binary}"
: "${VG_FIXTURES:?}"
VG_TMP=${VG_TMP:-/tmp}
mkdir -p "$VG_TMP"
T=$(mktemp -d "$VG_TMP/e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
export VGREV_HOME="$T/home" NO_COLOR=1 COLUMNS=80
unset XDG_DATA_HOME XDG_CONFIG_HOME
failures=0

# run ARGS...: runs vgrev, keeping its stdout in $out, stderr in $err, status in $status.
run() {
    "$VGREV" "$@" >"$T/out" 2>"$T/err"
    status=$?
    out=$(cat "$T/out")
    # shellcheck disable=SC2034 # read by the tests that source this file
    err=$(cat "$T/err")
}

fail() {
    echo "FAIL: $*" >&2
    echo "  command status: $status" >&2
    echo "  stdout: $(head -c 2000 "$T/out")" >&2
    echo "  stderr: $(head -c 2000 "$T/err")" >&2
    failures=$((failures + 1))
}

expect_status() { [ "$status" -eq "$1" ] || fail "expected exit status $1, got $status"; }
expect_out() { grep -qF -- "$1" "$T/out" || fail "stdout lacks: $1"; }
expect_no_out() { ! grep -qF -- "$1" "$T/out" || fail "stdout has: $1"; }
expect_err() { grep -qF -- "$1" "$T/err" || fail "stderr lacks: $1"; }
expect_err_re() { grep -qE -- "$1" "$T/err" || fail "stderr does not match: $1"; }
expect_out_eq() { [ "$out" = "$1" ] || fail "stdout differs; expected:
$1"; }
# Neither stream holds ESC, BEL or another C0 control besides tab and newline.
expect_clean() {
    if LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f\x7f]' "$T/out" "$T/err"; then
        fail "output holds control characters"
    fi
}

# expect_same WANT GOT: the file GOT is byte for byte the expected file WANT. With VG_REGEN=1
# WANT is written from GOT instead: read the new expected files before committing them.
expect_same() {
    if [ "${VG_REGEN:-}" = 1 ]; then
        cp "$2" "$1"
    elif [ ! -f "$1" ]; then
        fail "no expected file $1"
    elif ! diff -u "$1" "$2" >"$T/diff"; then
        fail "$(basename "$1") differs:
$(head -60 "$T/diff")"
    fi
}

finish() {
    if [ "$failures" -ne 0 ]; then
        echo "$failures check(s) failed" >&2
        exit 1
    fi
    exit 0
}
