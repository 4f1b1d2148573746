#!/usr/bin/env bash
# config.yaml's keys: remaps an action of the terminal screens (AZERTY: the digits need Shift);
# the answer buttons and the ? help show the keys in force; mistakes are file:line:col errors.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8 VGREV_NOW=2026-03-02T09:00:00Z TZ=UTC
mkdir -p "$VGREV_HOME"
cfg="$VGREV_HOME/config.yaml"
printf '%s\n' 'keys: {again: "&", hard: "é", good: "\"", easy: "'"'"'", reveal: "Tab"}' >"$cfg"

printf '<Tab>\n:dump\n?\n:dump\n<Esc>\n"\n:wait 1\nq\n' >"$T/azerty.keys"
VGREV_TEST_KEYS="$T/azerty.keys" VGREV_TEST_DUMP="$T/azerty.dump" "$VGREV" study >"$T/out" 2>"$T/err"
status=$?
expect_status 0
grep -qF '& Again 1m  é Hard 6m  " Good 10m  '"'"' Easy 6d' "$T/azerty.dump" ||
    fail "the buttons do not show the keys in force: $(cat "$T/azerty.dump")"
grep -qF '&/1 ' "$T/azerty.dump" || fail "the help does not show & for Again"
grep -q 'rating: 3' "$VGREV_HOME"/progress.yaml* || fail '" did not answer Good'

# The front's hint line shows the key in force.
printf ':dump\nq\n' >"$T/front.keys"
VGREV_TEST_KEYS="$T/front.keys" VGREV_TEST_DUMP="$T/front.dump" "$VGREV" study >"$T/out" 2>"$T/err"
grep -qF 'Tab show answer' "$T/front.dump" || fail "the hint line: $(cat "$T/front.dump")"

# Mistakes, at their place.
printf 'keys:\n  agian: "&"\n' >"$cfg"
run list --plain
expect_status 1
expect_err "config.yaml:2:3: 'keys': unknown action 'agian' (the actions: move-down,"
expect_err "toggle-suspend, stats, unbury, reset, card-info, retention, accept, cancel, erase)"
printf 'keys: {good: "&&"}\n' >"$cfg"
run study --plain
expect_status 1
expect_err "config.yaml:1:14: 'keys': '&&' is not a key for 'good'"
printf 'keys: [again]\n' >"$cfg"
run list --plain
expect_status 1
expect_err "config.yaml:1:7: 'keys' must be a mapping of actions to keys"
finish
