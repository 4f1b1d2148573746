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

# The built-in deck works from any folder.
cd "$T" && run show
expect_status 0
expect_out "What is the Vanishing Gradient Problem? › Definition"
expect_no_out '\frac'

finish
