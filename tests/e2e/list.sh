#!/usr/bin/env bash
# vgrev list --plain on the built-in deck and on the seed notebook.
. "$(dirname "$0")/lib.sh"

run list --plain
expect_status 0
[ "$(echo "$out" | head -1)" = "$(printf 'N\tTITLE\tCARDS\tNEW\tLEARNING\tDUE')" ] || fail "bad header"
[ "$(echo "$out" | tail -n +2 | wc -l)" -eq 7 ] || fail "built-in deck: expected 7 sections"
expect_out "$(printf '1\tWhat is the Vanishing Gradient Problem?\t')"

# The seed notebook: 7 sections with 3, 3, 3, 3, 5, 4, 4 cards, all new.
run list --plain "$VG_FIXTURES/decks/seed.md"
expect_status 0
counts=$(echo "$out" | tail -n +2 | cut -f1,3,4,5,6 | tr '\t\n' ', ')
[ "$counts" = "1,3,3,0,0 2,3,3,0,0 3,3,3,0,0 4,3,3,0,0 5,5,5,0,0 6,4,4,0,0 7,4,4,0,0 " ] ||
    fail "seed counts: $counts"
expect_out "$(printf '5\tSolutions to the Vanishing Gradient Problem\t5')"

# Piped output is the same table without --plain.
run list "$VG_FIXTURES/decks/seed.md"
expect_status 0
[ "$(echo "$out" | wc -l)" -eq 8 ] || fail "list without --plain, piped: expected the table"

run list --plain --cards "$VG_FIXTURES/decks/seed.md"
expect_status 0
[ "$(echo "$out" | head -1)" = "$(printf 'ID\tSECTION_N\tLINE\tSTATE\tDUE\tFRONT\tSUBSECTION')" ] || fail "bad cards header"
[ "$(echo "$out" | tail -n +2 | wc -l)" -eq 25 ] || fail "seed: expected 25 cards"
echo "$out" | tail -n +2 | grep -qvP '^[0-9a-f]{16}\t[1-7]\t[0-9]+\tnew\t-\t[^\t]+\t-$' && fail "malformed card row"
expect_out "$(printf '\t1\t6\tnew\t-\tDefinition')"
expect_out "$(printf '\t7\t50\tnew\t-\tSentiment')"

# Ids do not depend on where the file is or what it is called.
cp "$VG_FIXTURES/decks/seed.md" "$T/renamed.md"
ids1=$(echo "$out" | cut -f1)
run list --plain --cards "$T/renamed.md"
[ "$(echo "$out" | cut -f1)" = "$ids1" ] || fail "ids changed when the file moved"

# The tables stay byte for byte what they were before the browser (fixed clock and progress).
mkdir -p "$VGREV_HOME"
cp "$VG_FIXTURES/screens/list-states.progress.yaml" "$VGREV_HOME/progress.yaml"
export VGREV_NOW=2026-03-02T09:00:00Z TZ=UTC
run list --plain
expect_status 0
cmp -s "$T/out" "$VG_FIXTURES/e2e/list-plain.txt" || fail "list --plain differs from list-plain.txt"
run list --cards
expect_status 0
cmp -s "$T/out" "$VG_FIXTURES/e2e/list-cards.txt" || fail "list --cards differs from list-cards.txt"
# Piped, even with a terminal type, it is the table; TERM=dumb too.
TERM=xterm run list
cmp -s "$T/out" "$VG_FIXTURES/e2e/list-plain.txt" || fail "piped list is not the table"
TERM=dumb run list
cmp -s "$T/out" "$VG_FIXTURES/e2e/list-plain.txt" || fail "TERM=dumb list is not the table"

finish
