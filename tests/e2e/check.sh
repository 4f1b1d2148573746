#!/usr/bin/env bash
# vgrev check: cards and problems as file:line:col lines.
. "$(dirname "$0")/lib.sh"

seed="$VG_FIXTURES/decks/seed.md"
run check "$seed"
expect_status 0
[ "$(grep -c ': card [0-9a-f]\{16\}: ' "$T/out")" -eq 25 ] || fail "expected 25 card lines"
expect_out "$seed:6:1: card "
expect_out "7 sections, 25 cards, 0 errors"

run check "$VG_SRC/decks/vanishing-gradient.md"
expect_status 0
expect_out "7 sections, 25 cards, 0 errors, 0 warnings"

p="$VG_FIXTURES/e2e/problems.md"
run check "$p"
expect_status 1
expect_out "$p:5:1: error: duplicate"
expect_out "line 4"
expect_out "$p:6:1: warning:"
expect_out "empty back"
expect_out "unclosed"
expect_clean

finish
