#!/usr/bin/env bash
# Headless screen tests of `vgrev study`, as tig tests its views: each
# tests/fixtures/screens/NAME.keys is a key script (see src/ui/ui.h) run with a fixed clock;
# the screens it dumps must equal NAME.txt. Optional header lines in the script:
#   # args: --new 2     more arguments for `vgrev study`
#   # size: 40x12       the terminal (default 80x24)
#   # progress: FILE    start from this progress file (in the same folder), not from none
#   # config: LINE      a line of config.yaml (learn_ahead_minutes: 0)
#   # deck: FILE        study this deck (in the same folder), not the built-in one
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
    deck=$(sed -n 's/^# deck: //p' "$keys")
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
        "$VGREV" study $args ${deck:+"$screens/$deck"} >"$T/out" 2>"$T/err"
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

# The answer time is the time from showing the front to the key (the script's :wait here),
# kept in the progress and capped at 60 s.
printf ':wait 5\n<Space>\n:wait 2\n3\n:wait 90\n<Space>\n4\nq\n' >"$T/ms.keys"
rm -rf "$VGREV_HOME"
VGREV_TEST_KEYS="$T/ms.keys" "$VGREV" study >"$T/out" 2>"$T/err"
status=$?
expect_status 0
grep -q 'rating: 3, ms: 7000}' "$VGREV_HOME"/progress.yaml* ||
    fail "the answer time of 7 s is not kept: $(cat "$VGREV_HOME"/progress.yaml*)"
grep -q 'rating: 4, ms: 60000}' "$VGREV_HOME"/progress.yaml* ||
    fail "the answer time is not capped at 60 s: $(cat "$VGREV_HOME"/progress.yaml*)"

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

# Escape sequences the terminal database does not know (keys of a script line come together,
# as a sequence's bytes do) are dropped whole, on the front and on the answer: Home, End,
# PgUp, PgDn, F-keys, Insert, Delete, modified keys, Alt-digits, a bracketed paste, mouse
# reports, an OSC. Nothing is answered and the screen does not change.
seqs='<Esc>[1~<Esc>[4~<Esc>[H<Esc>[F<Esc>[5~<Esc>[6~<Esc>OP<Esc>OQ<Esc>[15~<Esc>[24~<Esc>[2~<Esc>[3~<Esc>[1;5H
<Esc>1<Esc>2<Esc>3<Esc>4<Esc><Esc>[A<Esc>O2P
<Esc>[200~1 2 3 4 q<Esc>[201~
<Esc>[M !!<Esc>[<lt>0;10;5M<Esc>[<lt>0;10;5m<Esc>]0;title<Esc>\'
printf ':dump\n%s\n:dump\n<Space>\n:dump\n%s\n:dump\nq\n' "$seqs" "$seqs" >"$T/seq.keys"
rm -rf "$VGREV_HOME"
: >"$T/seq.dump"
VGREV_TEST_KEYS="$T/seq.keys" VGREV_TEST_DUMP="$T/seq.dump" "$VGREV" study >"$T/out" 2>"$T/err"
status=$?
expect_status 0
awk -v d="$T/seq" '{ print > (d "." n) } /^-----$/ { n++ }' n=0 "$T/seq.dump"
cmp -s "$T/seq.0" "$T/seq.1" || fail "a sequence changed the front: $(diff "$T/seq.0" "$T/seq.1")"
cmp -s "$T/seq.2" "$T/seq.3" || fail "a sequence changed the answer: $(diff "$T/seq.2" "$T/seq.3")"
grep -q 'Again' "$T/seq.3" || fail "the answer is not shown: $(cat "$T/seq.3")"
grep -q 'rating' "$VGREV_HOME"/progress.yaml* && fail "a sequence answered: $(cat "$VGREV_HOME"/progress.yaml*)"
