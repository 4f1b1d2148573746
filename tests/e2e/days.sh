#!/usr/bin/env bash
# Local study days: a user in New York gets the same intervals at 18:59 and at 19:01, when
# midnight UTC has passed between them; the limits say what they held back and when the next
# cards come, as a local time.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8

# good_at TZ FIRST SECOND [OPTION...]: a new card answered Good at FIRST (a 10-minute step),
# then shown at SECOND; prints the answer buttons' line of the second showing.
good_at() {
    rm -rf "$VGREV_HOME"
    local tz=$1 first=$2 second=$3
    shift 3
    printf '\n3\n' | TZ=$tz VGREV_NOW=$first "$VGREV" "$@" study --plain --new 1 >/dev/null 2>"$T/err" ||
        fail "the first session failed: $(cat "$T/err")"
    printf '\n' | TZ=$tz VGREV_NOW=$second "$VGREV" "$@" study --plain --new 0 >"$T/out" 2>"$T/err" ||
        fail "the second session failed: $(cat "$T/err")"
    grep '^1 Again ' "$T/out" || fail "no answer buttons at $second: $(cat "$T/out")"
}

# Winter in New York is UTC-5: 18:59 is 23:59Z, 19:01 is 00:01Z the next day.
a=$(good_at America/New_York 2026-01-05T23:45:00Z 2026-01-05T23:59:00Z)
b=$(good_at America/New_York 2026-01-05T23:45:00Z 2026-01-06T00:01:00Z)
[ -n "$a" ] && [ "$a" = "$b" ] || fail "New York at 18:59 ($a) and 19:01 ($b) differ"
# Summer (UTC-4), at the times of the issue's check: 18:59 and 19:01 local.
a=$(good_at America/New_York 2026-07-06T22:45:00Z 2026-07-06T22:59:00Z)
b=$(good_at America/New_York 2026-07-06T22:45:00Z 2026-07-06T23:01:00Z)
[ -n "$a" ] && [ "$a" = "$b" ] || fail "New York in summer at 18:59 ($a) and 19:01 ($b) differ"
# Under UTC with days from midnight (ts-fsrs's calendar) the same two instants are on two
# days: the second answer is a day later and its intervals differ.
printf 'day_starts_at: 0\n' >"$T/midnight.yaml"
a=$(good_at UTC 2026-01-05T23:45:00Z 2026-01-05T23:59:00Z --config "$T/midnight.yaml")
b=$(good_at UTC 2026-01-05T23:45:00Z 2026-01-06T00:01:00Z --config "$T/midnight.yaml")
[ "$a" != "$b" ] || fail "UTC days from midnight did not change at midnight UTC"
# ... and the default day start (04:00) keeps them on one day.
a=$(good_at UTC 2026-01-05T23:45:00Z 2026-01-05T23:59:00Z)
b=$(good_at UTC 2026-01-05T23:45:00Z 2026-01-06T00:01:00Z)
[ "$a" = "$b" ] || fail "UTC days from 04:00 changed at midnight"
finish
