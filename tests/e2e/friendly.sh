#!/usr/bin/env bash
# Friendly by default: `vgrev` alone on a terminal (here a key script stands for one) opens the
# study screen of the built-in deck with a hint of the other commands; not on a terminal it
# prints the usage and exits 2; --version names the libraries it runs with.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8 VGREV_NOW=2026-03-02T09:00:00Z TZ=UTC

printf ':dump\n<Space>\n3\n:dump\nq\n' >"$T/keys"
VGREV_TEST_KEYS="$T/keys" VGREV_TEST_DUMP="$T/dump" VGREV_TEST_SIZE=80x24 "$VGREV" >"$T/out" 2>"$T/err"
status=$?
expect_status 0
[ -s "$T/err" ] && fail "stderr: $(cat "$T/err")"
first=$(sed '/^-----$/q' "$T/dump")
grep -q "Vanishing Gradient Problem Revision Notebook" <<<"$first" || fail "no study screen: $first"
grep -q "other commands: vgrev list, stats, decks, import, export; vgrev --help" <<<"$first" ||
    fail "no hint: $first"
second=$(sed '1,/^-----$/d' "$T/dump")
grep -q "other commands" <<<"$second" && fail "the hint stays after a key: $second"
grep -q "Card 2\|Context" <<<"$second" || fail "the answer did not move on: $second"
grep -q "rating: 3" "$VGREV_HOME/progress.yaml"* || fail "the answer was not kept"

# Not a terminal: the usage on stderr, exit 2, nothing studied.
rm -rf "$VGREV_HOME"
run </dev/null
expect_status 2
expect_err "usage: vgrev"
[ -e "$VGREV_HOME/progress.yaml" ] && fail "studied without a terminal"

run --version
expect_status 0
expect_out "vgrev "
grep -qE '^libraries: cmark [0-9.]+, libyaml [0-9.]+, ncurses [0-9.]+, glibc [0-9.]+, sqlite3 [0-9.]+, zstd [0-9.]+, libzip [0-9.]+$' "$T/out" ||
    fail "--version names no libraries: $out"
finish
