#!/usr/bin/env bash
# A session that changes nothing writes nothing (issue 16): study (plain and on the screen) and
# the browser leave the progress file and its journal as they were, byte for byte, same inode
# and mtime. A session with an answer still writes.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8 VGREV_NOW=2026-03-02T09:00:00Z TZ=UTC
P="$VGREV_HOME/progress.yaml"
# shellcheck disable=SC2034 # fail() in lib.sh names it
status=0

# snap: inode, size, mtime (ns) and bytes of the progress file and its journal.
snap() {
    stat -c '%n %i %s %y' "$P" "$P.journal"
    cat "$P" "$P.journal"
}

# One answer, so there is a snapshot and a journal to keep.
printf '\n4\n' | "$VGREV" study --plain --new 1 >"$T/out" 2>"$T/err" || fail "first study: $(cat "$T/err")"
[ -s "$P" ] || fail "no progress file after an answer"
snap >"$T/before"
sleep 0.05 # a write now would show in the mtime

# study --plain, quit at once (end of input): nothing written.
"$VGREV" study --plain </dev/null >"$T/out" 2>"$T/err" || fail "study --plain: $(cat "$T/err")"
snap >"$T/after"
expect_same "$T/before" "$T/after"

# The study screen, quit at once; then looking at a card without answering it.
printf ':dump\n' >"$T/keys"
VGREV_TEST_KEYS="$T/keys" VGREV_TEST_DUMP="$T/dump" "$VGREV" study >"$T/out" 2>"$T/err" ||
    fail "study screen: $(cat "$T/err")"
printf '<Space>\n:dump\n' >"$T/keys"
VGREV_TEST_KEYS="$T/keys" VGREV_TEST_DUMP="$T/dump" "$VGREV" study >"$T/out" 2>"$T/err" ||
    fail "study screen: $(cat "$T/err")"
snap >"$T/after"
expect_same "$T/before" "$T/after"

# The browser: sections, a section, a card, a search, back; no change.
printf '<Enter>\n<Enter>\n<Esc>\n/lstm\n<Enter>\n<Esc>\n:dump\n' >"$T/keys"
VGREV_TEST_KEYS="$T/keys" VGREV_TEST_DUMP="$T/dump" "$VGREV" list >"$T/out" 2>"$T/err" ||
    fail "browser: $(cat "$T/err")"
snap >"$T/after"
expect_same "$T/before" "$T/after"
# Plain commands that only read.
"$VGREV" list --plain >/dev/null 2>"$T/err" || fail "list --plain: $(cat "$T/err")"
"$VGREV" stats --plain >/dev/null 2>"$T/err" || fail "stats --plain: $(cat "$T/err")"
snap >"$T/after"
expect_same "$T/before" "$T/after"

# A session with an answer writes: the test can fail.
printf '\n4\n' | "$VGREV" study --plain --new 1 >"$T/out" 2>"$T/err" || fail "study: $(cat "$T/err")"
snap >"$T/after"
cmp -s "$T/before" "$T/after" && fail "an answer wrote nothing"
finish
