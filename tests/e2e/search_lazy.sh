#!/usr/bin/env bash
# The browser's search on a deck too big to search at one key (20,000 cards): a key finds the
# matches the screen shows and the count says "so far"; the rest is found between keys (the
# script's :idle), and the count then is the one n finds with the whole search done at once.
. "$(dirname "$0")/lib.sh"

python3 "$VG_FIXTURES/../bench/gen_deck.py" --cards 20000 "$T/deck.md" >/dev/null ||
    { echo "SKIP: cannot make a deck"; exit 77; }
export VGREV_NOW=2026-03-02T09:00:00Z
browse() { # KEYS: runs the browser headless on the deck; the screens in $T/dump
    printf '%s\n' "$@" >"$T/keys"
    : >"$T/dump"
    VGREV_TEST_KEYS="$T/keys" VGREV_TEST_DUMP="$T/dump" run list "$T/deck.md"
    expect_status 0
    [ -s "$T/err" ] && fail "stderr: $(cat "$T/err")"
}

# "lecture 19" is in one card of a thousand or so: the first key has not looked at them all.
browse '/lecture 19' ':dump' ':idle' ':dump' '<Enter>' 'n' ':dump'
screens=$(awk '/^-----$/ { n++ } END { print n }' "$T/dump")
[ "$screens" = 3 ] || fail "expected 3 screens, got $screens"
first=$(awk '/^-----$/ { exit } { print }' "$T/dump")
grep -qE '^ Search .lecture 19.* [0-9]+ match(es)? so far$' <<<"$first" ||
    fail "the first key's screen does not count 'so far': $first"
grep -q 'lecture 19' <<<"$first" || fail "the first key's screen shows no match: $first"
done_screen=$(awk '/^-----$/ { n++; next } n == 1 { print }' "$T/dump")
count=$(sed -n 's/^ Search .lecture 19.* \([0-9][0-9]*\) match\(es\)\?$/\1/p' <<<"$done_screen")
[ -n "$count" ] || fail "after :idle the count is not final: $done_screen"
# n with the whole search done at once (list_search_finish): the same count.
grep -q "Match 2 of $count\\." "$T/dump" || fail "n does not find $count matches: $(tail -3 "$T/dump")"
# What the first key showed is the top of the full list.
head -12 <<<"$first" | tail -8 >"$T/top.a"
awk '/^-----$/ { n++; next } n == 1 { print }' "$T/dump" | head -12 | tail -8 >"$T/top.b"
diff -u "$T/top.b" "$T/top.a" >"$T/diff" || fail "the first rows changed once done: $(cat "$T/diff")"

# A query that matches nothing: "Searching…" while looking, then "No card matches.".
browse '/zqzq' ':dump' ':idle' ':dump'
grep -q 'Searching' "$T/dump" || fail "no 'Searching' while looking: $(cat "$T/dump")"
grep -q '0 matches$' "$T/dump" || fail "no final count of 0: $(cat "$T/dump")"

finish
