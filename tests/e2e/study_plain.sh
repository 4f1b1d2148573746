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

# Custom study. Two decks, one tagged; --tag and --search filter any session.
printf -- '---\ntags: [exam]\n---\n# Tagged\n\n## One\n\n- **Alpha**: the first letter\n- **Beta**: the second\n' >"$T/tagged.md"
printf '# Plain\n\n## Two\n\n- **Gamma**: the third letter\n' >"$T/plain.md"
rm -rf "$VGREV_HOME"
"$VGREV" study --plain --tag exam "$T/tagged.md" "$T/plain.md" </dev/null >"$T/out" 2>&1
grep -q ': 2 new, 0 learning, 0 due.' "$T/out" || fail "--tag: $(cat "$T/out")"
"$VGREV" study --plain --search 'third' "$T/tagged.md" "$T/plain.md" </dev/null >"$T/out" 2>&1
grep -q ': 1 new, 0 learning, 0 due.' "$T/out" || fail "--search: $(cat "$T/out")"
grep -q 'Gamma' "$T/out" || fail "--search shows another card: $(cat "$T/out")"
"$VGREV" study --plain --search 'letter' --tag exam "$T/tagged.md" "$T/plain.md" </dev/null >"$T/out" 2>&1
grep -q ': 1 new, 0 learning, 0 due.' "$T/out" || fail "--search with --tag: $(cat "$T/out")"
grep -q 'Alpha' "$T/out" || fail "--search with --tag shows another card: $(cat "$T/out")"

# --forgotten: the cards answered Again today, all of them at once.
rm -rf "$VGREV_HOME"
printf '\n3\n\n1\n\n3\nq\n' | "$VGREV" study --plain --new 3 "$T/tagged.md" "$T/plain.md" >"$T/out" 2>&1
VGREV_NOW=2026-03-02T09:30:00Z "$VGREV" study --plain --forgotten "$T/tagged.md" "$T/plain.md" </dev/null >"$T/out" 2>&1
grep -q ': 0 new, 1 learning, 0 due.' "$T/out" || fail "--forgotten: $(cat "$T/out")"
grep -q 'Beta' "$T/out" || fail "--forgotten shows another card: $(cat "$T/out")"
VGREV_NOW=2026-03-03T09:30:00Z "$VGREV" study --plain --forgotten "$T/tagged.md" </dev/null >"$T/out" 2>&1
grep -q ': 0 new, 0 learning, 0 due.' "$T/out" || fail "--forgotten the next day: $(cat "$T/out")"

# --ahead N: review cards due in the next N days, answered early (the scheduler sees fewer
# elapsed days, so the interval is shorter than on the due day).
rm -rf "$VGREV_HOME"
printf '\n3\n' | "$VGREV" study --plain --new 1 "$T/plain.md" >/dev/null 2>&1
printf '\n3\n' | VGREV_NOW=2026-03-02T09:11:00Z "$VGREV" study --plain "$T/plain.md" >/dev/null 2>&1
VGREV_NOW=2026-03-03T09:00:00Z "$VGREV" study --plain "$T/plain.md" </dev/null >"$T/out" 2>&1
grep -q ': 0 new, 0 learning, 0 due.' "$T/out" || fail "the review is due already: $(cat "$T/out")"
printf '\n4\n' | VGREV_NOW=2026-03-03T09:00:00Z "$VGREV" study --plain --ahead 7 "$T/plain.md" >"$T/out" 2>&1
grep -q ': 0 new, 0 learning, 1 due.' "$T/out" || fail "--ahead 7: $(cat "$T/out")"
grep -q '^Easy: next in ' "$T/out" || fail "--ahead 7 did not answer: $(cat "$T/out")"
[ "$(cat "$VGREV_HOME"/progress.yaml* | grep -c 'rating: 4')" -eq 1 ] || fail "the early review is not kept"
"$VGREV" study --plain --ahead 0 "$T/plain.md" </dev/null >"$T/out" 2>"$T/err"
status=$?
expect_status 2
expect_err "--ahead wants a number of days from 1 to 36500, not '0'"

# Input that cannot be read is an error, not the end of the session's input.
rm -rf "$VGREV_HOME"
"$VGREV" study --plain "$T/plain.md" <"$T" >"$T/out" 2>"$T/err"
status=$?
expect_status 1
expect_err "vgrev: standard input: Is a directory"
grep -q '^Answers  ' "$T/out" || fail "no summary after the read error: $(cat "$T/out")"

finish
