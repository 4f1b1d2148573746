#!/usr/bin/env bash
# Headless screen tests of the `vgrev list` browser, as study_screens.sh does for the study
# screen: each tests/fixtures/screens/list-NAME.keys is a key script (see src/ui/ui.h) run
# with a fixed clock; the screens it dumps must equal list-NAME.txt. Header lines:
#   # deck: FILE     browse this deck (a path under tests/fixtures), not the built-in one
#   # command: stats run `vgrev stats` (the stats screen) instead of `vgrev list`
#   # size: 40x12    the terminal (default 80x24)
#   # progress: FILE start from this progress file (in the same folder), not from none
# VG_UPDATE_SCREENS=1 rewrites the .txt files from what the program shows (review the diff).
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8 VGREV_NOW=2026-03-02T09:00:00Z TZ=UTC
screens="$VG_FIXTURES/screens"

# browse KEYS DUMP SIZE [ARGS...]: runs the browser (or $command) on a key script.
browse() {
    local keys=$1 dump=$2 size=$3
    shift 3
    : >"$dump"
    VGREV_TEST_KEYS="$keys" VGREV_TEST_DUMP="$dump" VGREV_TEST_SIZE="$size" \
        "$VGREV" "${command:-list}" "$@" >"$T/out" 2>"$T/err"
    status=$?
}

for keys in "$screens"/list-*.keys; do
    name=$(basename "$keys" .keys)
    deck=$(sed -n 's/^# deck: //p' "$keys")
    command=$(sed -n 's/^# command: //p' "$keys")
    size=$(sed -n 's/^# size: //p' "$keys")
    progress=$(sed -n 's/^# progress: //p' "$keys")
    rm -rf "$VGREV_HOME"
    if [ -n "$progress" ]; then
        mkdir -p "$VGREV_HOME"
        cp "$screens/$progress" "$VGREV_HOME/progress.yaml"
    fi
    browse "$keys" "$T/$name.dump" "${size:-80x24}" ${deck:+"$VG_FIXTURES/$deck"}
    [ "$status" -eq 0 ] || fail "$name: exit status $status"
    [ -s "$T/err" ] && fail "$name: stderr: $(cat "$T/err")"
    [ -s "$T/out" ] && fail "$name: stdout: $(cat "$T/out")"
    if [ "${VG_UPDATE_SCREENS:-}" = 1 ]; then
        cp "$T/$name.dump" "$screens/$name.txt"
    elif ! diff -u "$screens/$name.txt" "$T/$name.dump" >"$T/diff"; then
        fail "$name: the screens differ from $name.txt:
$(cat "$T/diff")"
    fi
done

command=

# Studying from the browser kept the answers, and leaving it let the lock go: the progress
# file has the three reviews, and another vgrev can write.
rm -rf "$VGREV_HOME"
browse "$screens/list-study.keys" "$T/study.dump" 80x24
expect_status 0
[ "$(grep -c 'rating: 4' "$VGREV_HOME/progress.yaml")" -eq 3 ] ||
    fail "the answers of the study from the browser are not in progress.yaml"
"$VGREV" study --plain </dev/null >"$T/out" 2>"$T/err"
status=$?
expect_status 0

# Browsing alone takes no lock and writes nothing.
rm -rf "$VGREV_HOME"
printf '<Enter>\n<Enter>\n/grad\n<Enter>\nq\nq\n' >"$T/look.keys"
browse "$T/look.keys" "$T/look.dump" 80x24
expect_status 0
[ -e "$VGREV_HOME" ] && fail "browsing created $(ls -R "$VGREV_HOME")"

# While another vgrev holds the progress (a line-mode study waiting for input), the browser
# opens read-only and says so when S or s is pressed.
mkdir -p "$VGREV_HOME"
mkfifo "$T/fifo"
"$VGREV" study --plain <"$T/fifo" >"$T/holder.out" 2>&1 &
holder=$!
exec 3>"$T/fifo"
for _ in $(seq 100); do
    grep -q 'empty line' "$T/holder.out" 2>/dev/null && break
    sleep 0.05
done
printf '<Enter>\nS\n:dump\nq\ns\n:dump\n' >"$T/ro.keys"
browse "$T/ro.keys" "$T/ro.dump" 80x24
expect_status 0
[ "$(grep -c "Read-only: progress in use by another vgrev (pid $holder" "$T/ro.dump")" -eq 2 ] ||
    fail "read-only browser: $(cat "$T/ro.dump")"
grep -q 'suspended' "$T/ro.dump" && fail "a card was suspended without the lock"
exec 3>&-
wait "$holder"

# A broken script is reported with its line, as for the study screen.
printf '<Enter>\n<Nope>\n' >"$T/bad.keys"
browse "$T/bad.keys" "$T/bad.dump" 80x24
expect_status 2
expect_err "bad.keys:2: unknown key name 'Nope'"

finish
