#!/usr/bin/env bash
# vgrev show: cards rendered as plain text.
. "$(dirname "$0")/lib.sh"

seed="$VG_FIXTURES/decks/seed.md"
run show "$seed"
expect_status 0
expect_out "What is the Vanishing Gradient Problem? › Definition"
expect_out "∂"
expect_out "∏"
expect_no_out '$'
expect_no_out '\frac'
expect_no_out '\partial'
expect_no_out '\prod'
expect_no_out '\sum'
grep -qP '\\[a-zA-Z]+' "$T/out" && fail "a LaTeX command is left in the output"
# Every card of the seed is there.
[ "$(grep -c ' › ' "$T/out")" -eq 25 ] || fail "expected 25 cards"
# Lines fit the width.
[ "$(LC_ALL=C.UTF-8 wc -L <"$T/out")" -le 80 ] || fail "a line is wider than 80 columns"

# One card by id, and by a unique prefix.
run list --plain --cards "$seed"
id=$(echo "$out" | awk -F'\t' '$6 == "Definition" { print $1 }')
run show "$seed" "$id"
expect_status 0
expect_out "› Definition"
[ "$(grep -c ' › ' "$T/out")" -eq 1 ] || fail "show ID printed more than one card"
run show "$seed" "${id:0:6}"
expect_status 0
expect_out "› Definition"

run show "$seed" 0000000000000000
expect_status 1
expect_err "vgrev: no card '0000000000000000'"

# --info: the card's page from the progress (review log, times, forgetting curve).
export VGREV_NOW=2026-03-02T09:00:00Z TZ=UTC
printf '\n3\n' | "$VGREV" study --plain --new 1 >/dev/null 2>&1 || fail "study failed"
VGREV_NOW=2026-03-02T09:11:00Z "$VGREV" study --plain >/dev/null 2>&1 <<<$'\n3\n' || fail "study failed"
first=$(VGREV_NOW=2026-03-02T10:00:00Z "$VGREV" list --cards | awk -F'\t' 'NR == 2 { print $1 }')
VGREV_NOW=2026-03-02T10:00:00Z run show --info "$first"
expect_status 0
expect_out "What is the Vanishing Gradient Problem? › Definition"
expect_out "State           review"
expect_out "Reviews         2, lapses 0"
expect_out "Review log"
expect_out "  2026-03-02 09:00  Good        10m "
expect_out "  2026-03-02 09:11  Good "
expect_out "Forgetting curve: retrievability after the last review (90% desired: ╌)"
expect_out "  100% ┤█"
grep -aqE '  Good .* [0-9]+\.[0-9]s$' "$T/out" || fail "no answer time in the log: $(cat "$T/out")"
# A card never studied: said so.
second=$(VGREV_NOW=2026-03-02T10:00:00Z "$VGREV" list --cards | awk -F'\t' 'NR == 3 { print $1 }')
run show --info "$second"
expect_status 0
expect_out "Reviews         0 (never studied)"
expect_no_out "Review log"
unset VGREV_NOW

# The built-in deck works from any folder.
cd "$T" && run show
expect_status 0
expect_out "What is the Vanishing Gradient Problem? › Definition"
expect_no_out '\frac'

finish
