#!/usr/bin/env bash
# The settings file, config.yaml: read by every command that schedules (list, check --progress,
# merge, replay, study), overridden by options, and a broken file is FILE:LINE:COL and exit 1.
. "$(dirname "$0")/lib.sh"
export TZ=UTC VGREV_NOW=2026-11-25T10:00:00Z
mkdir -p "$VGREV_HOME"
cfg="$VGREV_HOME/config.yaml"
cp "$VG_FIXTURES/decks/seed.md" "$T/notes.md"

run list --plain --cards "$T/notes.md"
ID1=$(echo "$out" | awk -F'\t' 'NR == 2 { print $1 }')
[ -n "$ID1" ] || fail "no card id"
# One card reviewed three times: its due time depends on the scheduler and its settings.
cat >"$VGREV_HOME/progress.yaml" <<EOF
version: 1
cards:
- id: $ID1
  deck: notes
  section: "What is the Vanishing Gradient Problem?"
  front: "Definition"
  reviews:
  - {t: 2026-11-20T08:00:00Z, rating: 3}
  - {t: 2026-11-20T08:10:00Z, rating: 3}
  - {t: 2026-11-22T09:00:00Z, rating: 3}
EOF
cp "$VGREV_HOME/progress.yaml" "$T/progress.orig"
due() { # the DUE column of the reviewed card in `list --cards`
    run list --plain --cards "$T/notes.md"
    expect_status 0
    echo "$out" | awk -F'\t' -v id="$ID1" '$1 == id { print $5 }'
}

# No file: the defaults (FSRS, retention 0.9, fuzz).
default_due=$(due)
[ -n "$default_due" ] && [ "$default_due" != "-" ] || fail "no due time: '$default_due'"
# A file with only comments, or empty: the defaults too.
printf '# nothing set yet\n' >"$cfg"
[ "$(due)" = "$default_due" ] || fail "a file of comments changed the schedule"
: >"$cfg"
[ "$(due)" = "$default_due" ] || fail "an empty file changed the schedule"

# scheduler: sm2 -> SM-2's 6-day interval after the second successful review.
printf 'scheduler: sm2  # the alternative\n' >"$cfg"
[ "$(due)" = "2026-11-28T09:00:00Z" ] || fail "scheduler: sm2 not applied: $(due)"
[ -z "$err" ] || fail "unexpected stderr: $err"
# A lower retention, no fuzz: FSRS's longer interval, exactly.
printf 'desired_retention: 0.8\nfuzz: false\n' >"$cfg"
[ "$(due)" = "2026-12-28T09:00:00Z" ] || fail "desired_retention not applied: $(due)"
# list only reads: the progress file is as it was.
cmp -s "$VGREV_HOME/progress.yaml" "$T/progress.orig" || fail "list changed the progress file"

# A value accepted with a warning (and its place), the command still runs.
printf 'new_per_day: 10\ndesired_retention: 0.5\n' >"$cfg"
run list --plain "$T/notes.md"
expect_status 0
expect_err "vgrev: warning: $cfg:2:20: desired_retention 0.5 is unusually low"

# A broken file: FILE:LINE:COL: message, exit 1, for every command that uses it.
printf 'scheduler: sm2\nnew_per_dya: 3\n' >"$cfg"
want="vgrev: $cfg:2:1: unknown key 'new_per_dya' (did you mean 'new_per_day'?); the known keys are scheduler, new_per_day,"
run list --plain "$T/notes.md"
expect_status 1
expect_err "$want"
[ -z "$out" ] || fail "list printed a table despite the broken settings"
run list --plain --cards "$T/notes.md"
expect_status 1
expect_err "$want"
run check --progress "$T/notes.md"
expect_status 1
expect_err "$want"
run merge "$T/progress.orig"
expect_status 1
expect_err "$want"
cmp -s "$VGREV_HOME/progress.yaml" "$T/progress.orig" || fail "merge wrote despite the broken settings"
printf 'cards: [{id: a, reviews: [{t: 2026-01-02T03:04:05Z, rating: 3}]}]\n' >"$T/h.yaml"
run replay "$T/h.yaml"
expect_status 1
expect_err "$want"
# ... but help, show and plain check do not need it
run list --help
expect_status 0
run show "$T/notes.md" "$ID1"
expect_status 0
run check "$T/notes.md"
expect_status 0

# Each kind of problem, with its place.
check_error() { # TEXT LINE:COL MESSAGE
    printf '%b' "$1" >"$cfg"
    run list --plain "$T/notes.md"
    expect_status 1
    expect_err "vgrev: $cfg:$2: $3"
    expect_clean
}
check_error 'fuzz: true\nfuzz: false\n' 2:1 "duplicate key 'fuzz' (first on line 1)"
check_error 'new_per_day: "20"\n' 1:14 "'new_per_day' must be a whole number from 0 to 1000000, found the quoted string '20'"
check_error 'desired_retention: 1.5\n' 1:20 "'desired_retention' must be a number between 0 and 1 (exclusive)"
check_error 'learning_steps: 1m 10x\n' 1:20 "bad step '10x' in 'learning_steps'"
check_error 'fsrs_weights: [1, 2]\n' 1:15 "'fsrs_weights' must be a list of 21 numbers (w0 to w20), found 2 numbers"
check_error '- sm2\n' 1:1 "expected settings as 'key: value' lines at the top, found a list"
check_error 'learning_steps: [1m, 10m\n' 2:1 "invalid YAML: did not find expected ',' or ']'"
check_error 'fuzz: no\nscheduler: \xff\n' 2:12 "invalid input: invalid leading UTF-8 octet"
check_error '"\\e[31mred": 1\n' 1:1 "unknown key '?[31mred'"

# Options override the file: replay's --scheduler, --retention, --fuzz.
printf 'cards:\n  - id: a\n    reviews:\n      - {t: 2026-01-02T03:04:05Z, rating: 3}\n      - {t: 2026-01-02T03:14:05Z, rating: 3}\n      - {t: 2026-01-04T09:00:00Z, rating: 3}\n' >"$T/h.yaml"
rm -f "$cfg"
run replay --no-fuzz "$T/h.yaml"
expect_status 0
fsrs_out=$out
printf 'scheduler: sm2\nfuzz: false\nlearning_steps: [1m, 5m]\n' >"$cfg"
run replay "$T/h.yaml"
expect_status 0
expect_out '"stability":6,"difficulty":2.5,"due":"2026-01-10T09:00:00Z","scheduled_days":6}'
expect_out '"due":"2026-01-02T03:09:05Z"' # the file's 5-minute step
run replay --scheduler fsrs --day-start 0 "$T/h.yaml" # UTC days from midnight, as ts-fsrs
expect_status 0
expect_out '"state":"review","stability":10.97104786'
run replay --retention 0.8 "$T/h.yaml"
expect_status 2
expect_err "the configuration file chooses sm2: add --scheduler fsrs"
printf 'learning_steps: 1m 10m\nfuzz: false\n' >"$cfg"
run replay "$T/h.yaml"
[ "$out" = "$fsrs_out" ] || fail "the file's settings equal to the defaults changed replay"

# The example in docs/configuration.md is a valid file, also with its weights uncommented,
# and it sets the defaults: the schedule is the one without a file.
rm -f "$cfg"
default_due=$(due)
sed -n '/^```yaml$/,/^```$/p' "$VG_SRC/docs/configuration.md" | sed '1d;$d' >"$T/doc.yaml"
grep -q '^new_per_day: 20' "$T/doc.yaml" || fail "no example found in docs/configuration.md"
run --config "$T/doc.yaml" list --plain --cards "$T/notes.md"
expect_status 0
[ -z "$err" ] || fail "the documented example gives: $err"
echo "$out" | grep -q "$default_due" || fail "the documented defaults change the schedule"
sed -E 's/^# (fsrs_params:|  )/\1/' "$T/doc.yaml" >"$T/doc-w.yaml"
grep -q '^fsrs_params: \[' "$T/doc-w.yaml" || fail "the example has no weights to uncomment"
run --config "$T/doc-w.yaml" list --plain --cards "$T/notes.md"
expect_status 0
[ -z "$err" ] || fail "the documented example with weights gives: $err"
echo "$out" | grep -q "$default_due" || fail "the documented weights change the schedule"

# vgrev --config FILE: another file; a missing one is an error (unlike the default file).
printf 'scheduler: sm2\n' >"$T/other.yaml"
rm -f "$cfg"
run --config "$T/other.yaml" list --plain --cards "$T/notes.md"
expect_status 0
echo "$out" | grep -q "2026-11-28T09:00:00Z" || fail "--config FILE not read"
run --config="$T/other.yaml" --progress "$VGREV_HOME/progress.yaml" list --plain --cards "$T/notes.md"
expect_status 0
echo "$out" | grep -q "2026-11-28T09:00:00Z" || fail "--config=FILE before --progress not read"
run --config "$T/missing.yaml" list --plain "$T/notes.md"
expect_status 1
expect_err "vgrev: $T/missing.yaml: cannot open the configuration file: No such file or directory"
run --config
expect_status 2
expect_err "vgrev: option '--config' needs a file"
# A folder where the file should be: an error, not the defaults.
mkdir "$cfg"
run list --plain "$T/notes.md"
expect_status 1
expect_err "vgrev: $cfg: cannot read the configuration file: Is a directory"
rmdir "$cfg"

# Without VGREV_HOME: $XDG_CONFIG_HOME/vgrev/config.yaml.
mkdir -p "$T/xdg/vgrev"
printf 'fuzz: perhaps\n' >"$T/xdg/vgrev/config.yaml"
(
    unset VGREV_HOME
    export XDG_CONFIG_HOME="$T/xdg" XDG_DATA_HOME="$T/data"
    run list --plain "$T/notes.md"
    expect_status 1
    expect_err "vgrev: $T/xdg/vgrev/config.yaml:1:7: 'fuzz' must be true or false, not 'perhaps'"
    exit $failures
) || failures=$((failures + 1))

# study (once it is built): new_per_day limits the new cards of a session.
if "$VGREV" study --help >/dev/null 2>&1; then
    rm -f "$VGREV_HOME/progress.yaml"
    printf 'new_per_day: 3\n' >"$cfg"
    printf 'q\n' | "$VGREV" study --plain "$T/notes.md" >"$T/out" 2>"$T/err"
    status=$?
    expect_status 0
    expect_out ": 3 new, 0 learning, 0 due."
    printf 'q\n' | "$VGREV" study --plain --new 5 "$T/notes.md" >"$T/out" 2>"$T/err"
    status=$?
    expect_out ": 5 new, 0 learning, 0 due."
    printf 'new_per_day: x\n' >"$cfg"
    printf 'q\n' | "$VGREV" study --plain "$T/notes.md" >"$T/out" 2>"$T/err"
    status=$?
    expect_status 1
    expect_err "vgrev: $cfg:1:14: 'new_per_day' must be a whole number"
fi

finish
