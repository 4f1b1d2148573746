#!/usr/bin/env bash
# Headless screen tests of `vgrev study`, as tig tests its views: each
# tests/fixtures/screens/NAME.keys is a key script (see src/ui/ui.h) run with a fixed clock;
# the screens it dumps must equal NAME.txt. Optional header lines in the script:
#   # args: --new 2     more arguments for `vgrev study`
#   # size: 40x12       the terminal (default 80x24)
#   # progress: FILE    start from this progress file (in the same folder), not from none
#   # config: LINE      a line of config.yaml (learn_ahead_minutes: 0)
# VG_UPDATE_SCREENS=1 rewrites the .txt files from what the program shows (review the diff).
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8 VGREV_NOW=2026-03-02T09:00:00Z TZ=UTC
screens="$VG_FIXTURES/screens"

for keys in "$screens"/*.keys; do
    name=$(basename "$keys" .keys)
    case $name in list-*) continue ;; esac # list_screens.sh
    args=$(sed -n 's/^# args: //p' "$keys")
    size=$(sed -n 's/^# size: //p' "$keys")
    progress=$(sed -n 's/^# progress: //p' "$keys")
    rm -rf "$VGREV_HOME"
    config=$(sed -n 's/^# config: //p' "$keys")
    if [ -n "$config" ]; then
        mkdir -p "$VGREV_HOME"
        printf '%s\n' "$config" >"$VGREV_HOME/config.yaml"
    fi
    if [ -n "$progress" ]; then
        mkdir -p "$VGREV_HOME"
        cp "$screens/$progress" "$VGREV_HOME/progress.yaml"
    fi
    dump="$T/$name.dump"
    : >"$dump"
    # shellcheck disable=SC2086
    VGREV_TEST_KEYS="$keys" VGREV_TEST_DUMP="$dump" VGREV_TEST_SIZE="${size:-80x24}" \
        "$VGREV" study $args >"$T/out" 2>"$T/err"
    status=$?
    [ "$status" -eq 0 ] || fail "$name: exit status $status"
    [ -s "$T/err" ] && fail "$name: stderr: $(cat "$T/err")"
    if [ "${VG_UPDATE_SCREENS:-}" = 1 ]; then
        cp "$dump" "$screens/$name.txt"
    elif ! diff -u "$screens/$name.txt" "$dump" >"$T/diff"; then
        fail "$name: the screens differ from $name.txt:
$(cat "$T/diff")"
    fi
done

# The script's own errors are reported, with the script's line.
printf '<Space>\n<Nope>\n' >"$T/bad.keys"
VGREV_TEST_KEYS="$T/bad.keys" VGREV_TEST_DUMP="$T/bad.dump" "$VGREV" study >"$T/out" 2>"$T/err"
status=$?
expect_status 2
expect_err "bad.keys:2: unknown key name 'Nope'"

# A dump needs somewhere to go.
printf ':dump\n' >"$T/nodump.keys"
VGREV_TEST_KEYS="$T/nodump.keys" VGREV_TEST_DUMP='' "$VGREV" study >"$T/out" 2>"$T/err"
status=$?
expect_status 2
expect_err "VGREV_TEST_DUMP"

# q before any answer leaves at once, with nothing printed.
printf 'q\n:dump\n' >"$T/q.keys"
VGREV_TEST_KEYS="$T/q.keys" VGREV_TEST_DUMP="$T/q.dump" "$VGREV" study >"$T/out" 2>"$T/err"
status=$?
expect_status 0
[ -s "$T/out" ] && fail "q at once printed: $(cat "$T/out")"
[ -s "$T/q.dump" ] && fail "q did not leave at once"

# After a session the summary stays in the terminal (stdout).
printf '<Space>\n3\nq\n' >"$T/s.keys"
VGREV_TEST_KEYS="$T/s.keys" "$VGREV" study >"$T/out" 2>"$T/err"
status=$?
expect_status 0
expect_out "Session stopped."
expect_out "Cards studied   1"
expect_clean

finish
