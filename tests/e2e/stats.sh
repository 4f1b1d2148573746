#!/usr/bin/env bash
# vgrev stats: the text of a fixed history at a fixed time (tests/fixtures/stats, whose numbers
# tests/unit/test_stats.c works out by hand), the ways to name the progress file, nothing
# studied yet, a broken progress file, the local day, usage errors.
. "$(dirname "$0")/lib.sh"
export TZ=UTC VGREV_NOW=2026-11-25T10:00:00Z
fx="$VG_FIXTURES/stats"
cp "$fx/deck.md" "$T/deck.md"
cp "$fx/progress.yaml" "$T/progress.yaml"

# The whole text, charts included, as expected.txt has it.
run stats --plain --progress "$T/progress.yaml" "$T/deck.md"
expect_status 0
diff -u "$fx/expected.txt" "$T/out" >&2 || fail "stats --plain differs from expected.txt"
[ -z "$err" ] || fail "stats wrote to stderr"
expect_clean
# The global option, and no --plain (stdout is not a terminal): the same text.
run --progress "$T/progress.yaml" stats "$T/deck.md"
expect_status 0
cmp -s "$fx/expected.txt" "$T/out" || fail "vgrev --progress FILE stats differs"
# Read-only: no journal, no lock file, the progress file as it was.
[ ! -e "$T/progress.yaml.journal" ] && [ ! -e "$T/progress.yaml.lock" ] ||
    fail "stats left a journal or a lock file"
cmp -s "$fx/progress.yaml" "$T/progress.yaml" || fail "stats changed the progress file"
# The default progress file ($VGREV_HOME/progress.yaml).
mkdir -p "$T/home"
cp "$fx/progress.yaml" "$T/home/progress.yaml"
run stats "$T/deck.md"
cmp -s "$fx/expected.txt" "$T/out" || fail "stats with the default progress file differs"

# Narrow: the forecast takes one column a day.
COLUMNS=50 run stats --progress "$T/progress.yaml" "$T/deck.md"
expect_out "     11-25  12-02  12-09  12-16  12-23"
expect_out "    │██             █"

# An hour before the rollover it is still the 25th; at 04:00 the 26th begins.
VGREV_NOW=2026-11-26T03:59:59Z run stats --progress "$T/progress.yaml" "$T/deck.md"
expect_out "Today: 2026-11-25 "
expect_out "  answers                 3        5       12       18"
VGREV_NOW=2026-11-26T04:00:00Z run stats --progress "$T/progress.yaml" "$T/deck.md"
expect_out "Today: 2026-11-26 "
expect_out "  answers                 0        5       12       18"
# Local time: at 20:00Z it is 05:00 on the 26th in Tokyo (UTC+9, a POSIX TZ needs no tzdata).
TZ=JST-9 VGREV_NOW=2026-11-25T20:00:00Z run stats --progress "$T/progress.yaml" "$T/deck.md"
expect_out "Today: 2026-11-26 "

# A progress file made by studying: two new cards Easy on Nov 20; twenty days later both are
# due, one is forgotten (Again), the other remembered (Good); then the input ends.
study() {
    # shellcheck disable=SC2059
    printf "$2" | VGREV_NOW=$1 LC_ALL=C.UTF-8 "$VGREV" --progress "$T/studied.yaml" study --plain \
        "$T/deck.md" "${@:3}" >"$T/study.out" 2>&1 || fail "study at $1: $(cat "$T/study.out")"
}
study 2026-11-20T09:00:00Z '\n4\n\n4\n' --new 2
study 2026-12-10T09:00:00Z '\n1\n\n3\n'
grep -q "Answers         2" "$T/study.out" || fail "the second session did not answer twice"
VGREV_NOW=2026-12-10T10:00:00Z run stats --progress "$T/studied.yaml" "$T/deck.md"
expect_status 0
expect_out "  new                6"
expect_out "  review             1"
expect_out "  relearning         1"
#                                 today   7 days  30 days      all
expect_out "  answers                 2        2        4        4"
expect_out "  new cards               0        0        2        2"
expect_out "  review                  2        2        2        2"
expect_out "  again                   1        1        1        1"
# True retention: both answers young (20 days), one Again.
#                     pass  fail   rate    pass  fail   rate    pass  fail   rate
expect_out "  today                1     1  50.0%       0     0      -       1     1  50.0%"
expect_out "  yesterday            0     0      -       0     0      -       0     0      -"
expect_out "True retention (desired retention 90%)"
expect_out "  today 1, tomorrow 0, "
expect_out "  Thu  · · · · · · · · · · · █"
expect_out "  Fri  · · · · · · · · █ · ·"
expect_out "  · none  ▒ 1  █ 2   (reviews on 2 of 81 days)"
# The desired retention of config.yaml beside the table.
printf 'desired_retention: 0.85\n' >"$T/dr.yaml"
VGREV_NOW=2026-12-10T10:00:00Z run --config "$T/dr.yaml" stats --progress "$T/studied.yaml" "$T/deck.md"
expect_out "True retention (desired retention 85%)"
# With SM-2 in config.yaml: the interval and the ease.
printf 'scheduler: sm2\n' >"$T/sm2.yaml"
VGREV_NOW=2026-12-10T10:00:00Z run --config "$T/sm2.yaml" stats --progress "$T/studied.yaml" "$T/deck.md"
expect_status 0
expect_out "Interval, 2 cards: "
expect_out "Ease (E-Factor), 2 cards: "
expect_out "  all time             1     1  50.0%       0     0      -       1     1  50.0%"
grep -qx "True retention" "$T/out" || fail "SM-2 has no desired retention to show"

# Nothing studied yet: a missing progress file, and an empty one.
run stats --plain --progress "$T/none.yaml" "$T/deck.md"
expect_status 0
expect_out "Cards                8"
expect_out "  new                8"
expect_out "  all time             0     0      -       0     0      -       0     0      -"
expect_out "  today 0, tomorrow 0, 7 days 0, 30 days 0, later 0"
expect_out "  · none   (reviews on 0 of 80 days)"
expect_out "Stability and difficulty: no card reviewed yet"
expect_no_out "┤"
[ ! -e "$T/none.yaml" ] || fail "stats created the progress file"
printf 'version: 1\ncards: []\n' >"$T/empty.yaml"
run stats --plain --progress "$T/empty.yaml" "$T/deck.md"
expect_status 0
expect_out "  new                8"

# The built-in deck by default.
run stats --plain --progress "$T/empty.yaml"
expect_status 0
expect_out "Deck: Vanishing Gradient Problem Revision Notebook (vanishing-gradient)"
expect_out "Cards               25"

# A broken progress file: file:line:col, exit 1, nothing printed on stdout, nothing written.
printf 'version: 1\ncards:\n- id: 6385366db22b9f90\n  deck: deck\n  reviews:\n  - {t: 2026-11-20T08:00:00Z, rating: 5}\n' >"$T/bad.yaml"
cp "$T/bad.yaml" "$T/bad.before"
run stats --plain --progress "$T/bad.yaml" "$T/deck.md"
expect_status 1
expect_err_re "^vgrev: .*bad\.yaml:6:[0-9]+: "
[ -z "$out" ] || fail "stats printed something for a broken progress file"
cmp -s "$T/bad.yaml" "$T/bad.before" || fail "a broken progress file was changed"
head -c 300 /dev/urandom >"$T/garbage.yaml"
run stats --progress "$T/garbage.yaml" "$T/deck.md"
expect_status 1
expect_clean
# A bad VGREV_NOW, a missing deck.
VGREV_NOW=yesterday run stats --progress "$T/progress.yaml" "$T/deck.md"
expect_status 1
expect_err "VGREV_NOW"
run stats --progress "$T/progress.yaml" "$T/nosuch.md"
expect_status 1

# Choosing a desired retention: the whole text for seed 42 (retention.txt; VG_REGEN=1 writes
# it), the same twice; another seed, another run; SM-2 has no desired retention.
run stats --retention --plain --progress "$T/progress.yaml" "$T/deck.md"
expect_status 0
[ -z "$err" ] || fail "stats --retention wrote to stderr"
expect_clean
expect_same "$fx/retention.txt" "$T/out"
expect_out "Desired retention: the next 365 days simulated (seed 42)"
expect_out "  7 cards, 1 of them new; at most 20 new cards and 200 reviews a day;"
[ "$(grep -cE '^ +(7[0-9]|8[0-9]|9[0-7])%  +[0-9]+\.[0-9]' "$T/out")" -eq 28 ] || fail "not 28 retentions"
[ "$(grep -cE '  best$' "$T/out")" -eq 1 ] || fail "not one best retention"
cp "$T/out" "$T/first"
run stats --retention --progress "$T/progress.yaml" "$T/deck.md"
cmp -s "$T/first" "$T/out" || fail "stats --retention differs from one run to the next"
run stats --retention --seed 7 --progress "$T/progress.yaml" "$T/deck.md"
expect_status 0
expect_out "(seed 7)"
cmp -s "$T/first" "$T/out" && fail "--seed 7 gave the same run as seed 42"
cp "$T/out" "$T/seven"
run stats --retention --seed 7 --progress "$T/progress.yaml" "$T/deck.md"
cmp -s "$T/seven" "$T/out" || fail "--seed 7 differs from one run to the next"
run stats --retention --seed -1 "$T/deck.md"
expect_status 2
expect_err "--seed wants a whole number from 0 up, not '-1'"
run stats --retention --seed 1x "$T/deck.md"
expect_status 2
run --config "$T/sm2.yaml" stats --retention --progress "$T/progress.yaml" "$T/deck.md"
expect_status 1
expect_err "a desired retention is FSRS's: the scheduler in force is SM-2"
[ ! -s "$T/out" ] || fail "stats --retention with SM-2 printed something"
# Nothing studied: nothing remembered now, new cards to learn.
run stats --retention --progress "$T/none.yaml" "$T/deck.md"
expect_status 0
expect_out "  8 cards, 8 of them new;"

# Usage.
run stats --help
expect_status 0
expect_out "usage: vgrev stats [DECK] [--plain] [--progress FILE]"
run stats --bogus
expect_status 2
run stats "$T/deck.md" "$T/deck.md"
expect_status 2
expect_err "one deck at a time"
run stats --progress
expect_status 2
expect_err "vgrev: stats: option '--progress' needs a value"
run stats --plain=yes
expect_status 2
expect_err "vgrev: stats: option '--plain' takes no value"
run stats --p
expect_status 2
expect_err "vgrev: stats: option '--p' is ambiguous"
run --help
expect_out "  stats "

finish
