#!/usr/bin/env bash
# vgrev replay: the reference histories give exactly what ts-fsrs gave, through the real binary.
. "$(dirname "$0")/lib.sh"

f="$VG_FIXTURES/fsrs"
# ts-fsrs counts UTC days from midnight: TZ=UTC --day-start 0 is its calendar.
export TZ=UTC
run replay --no-fuzz --day-start 0 "$f/replay_history.json"
expect_status 0
diff <(echo "$out") "$f/replay_expected.jsonl" >/dev/null || fail "replay differs from the reference"

"$VGREV" replay --no-fuzz --day-start 0 - <"$f/replay_history.json" >"$T/stdin.jsonl" || fail "replay from stdin failed"
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

# Local study days: in New York (UTC-5 in winter, days from 04:00 local) a card learnt at
# 10:00 and answered again at 18:59 or at 19:01 (past midnight UTC) is on the same day: the
# same schedule; under UTC days from midnight the second answer is a day later.
ny() { # SECOND-TIME [REPLAY OPTIONS...]: the last state, without its times
    printf 'cards:\n  - id: a\n    reviews:\n      - {t: 2026-01-05T15:00:00Z, rating: 3}\n      - {t: 2026-01-05T15:10:00Z, rating: 3}\n      - {t: %s, rating: 3}\n' "$1" >"$T/ny.yaml"
    shift
    "$VGREV" replay --no-fuzz "$@" "$T/ny.yaml" | tail -n 1 | sed 's/"t":"[^"]*",//; s/"due":"[^"]*",//'
}
export TZ=America/New_York
[ "$(ny 2026-01-05T23:59:00Z)" = "$(ny 2026-01-06T00:01:00Z)" ] || fail "New York at 18:59 and 19:01 differ"
export TZ=UTC
[ "$(ny 2026-01-05T23:59:00Z --day-start 0)" != "$(ny 2026-01-06T00:01:00Z --day-start 0)" ] ||
    fail "--day-start 0 under UTC did not count the UTC midnight"

run replay --day-start 24 "$f/replay_history.json"
expect_status 2
run replay --retention 1.5 "$f/replay_history.json"
expect_status 2
run replay
expect_status 2

finish
