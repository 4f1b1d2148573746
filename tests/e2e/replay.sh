#!/usr/bin/env bash
# vgrev replay: the reference histories give exactly what ts-fsrs gave, through the real binary.
. "$(dirname "$0")/lib.sh"

f="$VG_FIXTURES/fsrs"
run replay --no-fuzz "$f/replay_history.json"
expect_status 0
diff <(echo "$out") "$f/replay_expected.jsonl" >/dev/null || fail "replay differs from the reference"

"$VGREV" replay --no-fuzz - <"$f/replay_history.json" >"$T/stdin.jsonl" || fail "replay from stdin failed"
cmp -s "$T/stdin.jsonl" "$f/replay_expected.jsonl" || fail "replay from stdin differs"

# The same history twice with fuzz gives the same schedule.
run replay "$f/replay_history.json"
first=$out
run replay "$f/replay_history.json"
[ "$out" = "$first" ] || fail "fuzzed replay is not reproducible"

printf 'cards:\n  - id: a\n    reviews:\n      - {t: 2026-01-02T00:00:00Z, rating: 5}\n' >"$T/bad.yaml"
run replay "$T/bad.yaml"
expect_status 1
expect_err "vgrev: $T/bad.yaml:4:"

printf 'cards:\n  - id: a\n    reviews:\n      - {t: 2026-01-02T00:00:00Z, rating: 3}\n      - {t: 2026-01-01T00:00:00Z, rating: 3}\n' >"$T/back.yaml"
run replay "$T/back.yaml"
expect_status 1
expect_err "vgrev: $T/back.yaml:5:"

printf 'cards: [\n' >"$T/broken.yaml"
run replay "$T/broken.yaml"
expect_status 1
expect_err_re "^vgrev: $T/broken.yaml:[0-9]+:[0-9]+: "

run replay --retention 1.5 "$f/replay_history.json"
expect_status 2
run replay
expect_status 2

finish
