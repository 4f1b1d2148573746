#!/usr/bin/env bash
# vgrev study --plain: the session as lines of text, end to end.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8 VGREV_NOW=2026-03-02T09:00:00Z TZ=UTC

# feed INPUT ARGS...: runs `vgrev study --plain ARGS` with INPUT (printf format) on stdin,
# from no progress at all.
feed() {
    rm -rf "$VGREV_HOME"
    local input=$1
    shift
    # shellcheck disable=SC2059
    printf "$input" | "$VGREV" study --plain "$@" >"$T/out" 2>"$T/err"
    status=$?
    out=$(cat "$T/out")
    err=$(cat "$T/err")
}

# A whole session: front, empty line, back and intervals, an answer; the summary at the end.
feed '\n4\n\n4\n\n4\n' --new 3
expect_status 0
expect_out "Vanishing Gradient Problem Revision Notebook: 3 new, 0 learning, 0 due."
expect_out "Card 1 of 3, new"
expect_out "What is the Vanishing Gradient Problem? › Definition"
expect_out "  During training by backpropagation"
expect_out "1 Again "
expect_out "4 Easy "
expect_out "Session done."
expect_out "Cards studied   3"
expect_out "Answers         3"
expect_out "Again           0 (0%)"
expect_clean
[ "$(grep -c '^Easy: next in ' "$T/out")" -eq 3 ] || fail "expected three Easy answers"
[ -s "$T/err" ] && fail "stderr: $err"
# Each answer keeps its answer time (ms) in the progress, and stats shows the time studied.
[ "$(cat "$VGREV_HOME"/progress.yaml* | grep -cE 'rating: 4(, ms: [0-9]+)}')" -eq 3 ] ||
    fail "expected three answers with their times: $(cat "$VGREV_HOME"/progress.yaml*)"
"$VGREV" stats --plain >"$T/stats" 2>&1 || fail "stats failed: $(cat "$T/stats")"
grep -qE '^  time studied +[0-9]+s' "$T/stats" || fail "no time studied: $(cat "$T/stats")"
grep -qE '^  per card +[0-9.]+s' "$T/stats" || fail "no time per card: $(cat "$T/stats")"

# End of input in the middle of a card (the back shown, no answer yet): a clean stop.
feed '\n3\n\n'
expect_status 0
expect_out "Good: next in"
expect_out "Card 2 of"
expect_out "Session stopped."
expect_out "Answers         1"
case "$(tail -n 1 "$T/out")" in
"Next due        "*) ;;
*) fail "the output does not end with the summary" ;;
esac

# End of input before anything: a clean stop too.
feed ''
expect_status 0
expect_out "Session stopped."
expect_out "Answers         0"

# Wrong input says what would do; words work as ratings; u, b, s, q.
feed 'x\n\n9\ngood\nu\nb\ns\nq\n'
expect_status 0
expect_out "An empty line shows the answer; u, b, s, q also work."
expect_out "Answer with 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)"
expect_out "Good: next in"
expect_out "Undone: Good."
expect_out "Buried until tomorrow."
expect_out "Suspended."
expect_out "Answers         0"
# After the undo the same card comes back.
[ "$(grep -c '› Definition$' "$T/out")" -eq 2 ] || fail "undo did not show the card again"

# --section picks the sections whose title contains the text.
feed '' --section Solutions
expect_out "Solutions to the Vanishing Gradient Problem › LSTM"

# Several decks in one session.
feed '' "$VG_FIXTURES/decks/seed.md" "$VG_SRC/decks/vanishing-gradient.md"
expect_status 0
expect_out "2 decks:"

# Hostile deck text never reaches the terminal.
feed '\n' "$VG_FIXTURES/e2e/escapes.md"
expect_clean
expect_no_out "pwned"$'\a'

# Options.
run study --help
expect_status 0
expect_out "usage: vgrev study [DECK...]"
run study --scheduler nope --plain
expect_status 2
expect_err "--scheduler is fsrs or sm2, not 'nope'"
run study --new lots --plain
expect_status 2
expect_err "--new wants a number"
run study --plain "$T/missing.md"
expect_status 1
expect_err "missing.md"

# Without --plain and without a terminal: a clear refusal that points to --plain.
"$VGREV" study </dev/null >"$T/out" 2>"$T/err"
status=$?
expect_status 2
expect_err "needs a terminal"
expect_err "vgrev study --plain"

finish
