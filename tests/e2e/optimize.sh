#!/usr/bin/env bash
# vgrev optimize: the report, the accuracy against the reference optimizer on simulated
# learners (tests/fixtures/optimize/gen.sh), --save into config.yaml and study using it.
. "$(dirname "$0")/lib.sh"
: "${VG_SIM:?VG_SIM must name tests/optimize/sim_reviews}"
export LC_ALL=C.UTF-8 TZ=UTC VGREV_NOW=2027-02-01T09:00:00Z
mkdir -p "$VGREV_HOME"
F=$VG_FIXTURES/optimize

# loss LABEL: the log loss on the report's line LABEL ("current weights", "new weights").
loss() { sed -n "s/^  $1 *\([0-9.]*\) .*/\1/p" "$T/out"; }
# below A B FACTOR: A < B * FACTOR.
below() { awk -v a="$1" -v b="$2" -v f="$3" 'BEGIN { exit !(a + 0 < b * f) }'; }

# Accuracy: on each learner's 10,000 reviews, the new weights' log loss is within 2% of the
# reference's weights' (both measured by vgrev on the same items: the reference's weights are
# the configured "current" ones); the slow learner's is clearly below the defaults'.
for learner in default slow; do
    "$VG_SIM" 10000 1 "$learner" yaml >"$T/$learner.yaml"
    printf 'day_starts_at: 4\nfsrs_params: [%s]\n' "$(cat "$F/ref_$learner.txt")" \
        >"$VGREV_HOME/config.yaml"
    run optimize --history "$T/$learner.yaml" --plain
    expect_status 0
    expect_out "cards: "
    expect_out "items: "
    ref=$(loss "current weights") mine=$(loss "new weights")
    if [ -z "$ref" ] || [ -z "$mine" ]; then fail "$learner: no log losses"; fi
    below "$mine" "$ref" 1.02 || fail "$learner: log loss $mine not within 2% of the reference's $ref"
    expect_out "checked on later reviews (5 folds"
    expect_out "FSRS can adapt to your memory well."
    [ "$(grep -c '^weights: ' "$T/out")" -eq 1 ] || fail "no weights line"
    [ "$(sed -n 's/^weights: //p' "$T/out" | tr ',' '\n' | wc -l)" -eq 21 ] ||
        fail "the weights line has not 21 numbers"
done
printf 'day_starts_at: 4\n' >"$VGREV_HOME/config.yaml"
run optimize --history "$T/slow.yaml" --plain
defaults=$(loss "current weights") mine=$(loss "new weights")
below "$mine" "$defaults" 0.985 || fail "slow learner: $mine not clearly below the defaults' $defaults"
expect_no_out "they stay"
# Deterministic: the same log gives the same report.
cp "$T/out" "$T/first"
run optimize --history "$T/slow.yaml" --plain
cmp -s "$T/first" "$T/out" || fail "a second run differs"

# Too little to learn from: said, and the weights stay.
printf 'cards:\n- id: a\n  reviews:\n  - {t: 2026-01-01T10:00:00Z, rating: 3}\n' >"$T/one.yaml"
run optimize --history "$T/one.yaml"
expect_status 0
expect_out "nothing to learn from yet"
printf 'cards:\n- id: a\n  reviews:\n  - {t: 2026-01-01T10:00:00Z, rating: 3}\n  - {t: 2026-01-03T10:00:00Z, rating: 3}\n' >"$T/two.yaml"
run optimize --history "$T/two.yaml"
expect_out "Fewer than 8 items after the outlier filter: the default weights"
# Broken input: file:line:col, nothing written.
printf 'cards:\n- id: a\n  reviews:\n  - {t: 2026-01-01T10:00:00Z, rating: 7}\n' >"$T/bad.yaml"
cp "$VGREV_HOME/config.yaml" "$T/config.before"
run optimize --history "$T/bad.yaml" --save
expect_status 1
expect_err_re "bad.yaml:4:[0-9]+: "
cmp -s "$T/config.before" "$VGREV_HOME/config.yaml" || fail "a failed run changed the config"
run optimize deck --history "$T/bad.yaml"
expect_status 2

# --save: the weights go to config.yaml as fsrs_params, the rest of the file stays; study then
# schedules with them. The first Easy answer's interval is the initial stability w3, rounded.
printf '# my settings\nnew_per_day: 5   # a few\nday_starts_at: 4\nfsrs_weights: [%s]\nfuzz: false\n' \
    "$(cat "$F/ref_default.txt")" >"$VGREV_HOME/config.yaml"
printf '\n4\n' | "$VGREV" study --plain --new 1 >"$T/before" 2>&1 || fail "study: $(cat "$T/before")"
rm -f "$VGREV_HOME"/progress.yaml*
run optimize --history "$T/slow.yaml" --save --plain
expect_status 0
expect_out "saved to the configuration file as fsrs_params"
grep -qx '# my settings' "$VGREV_HOME/config.yaml" || fail "the comment is gone"
grep -qx 'new_per_day: 5   # a few' "$VGREV_HOME/config.yaml" || fail "new_per_day is gone"
grep -qx 'fuzz: false' "$VGREV_HOME/config.yaml" || fail "fuzz is gone"
grep -q '^fsrs_weights' "$VGREV_HOME/config.yaml" && fail "the old key stayed"
grep -qE '^# vgrev optimize, 2027-02-01: [0-9]+ items$' "$VGREV_HOME/config.yaml" || fail "no note"
saved=$(sed -n 's/^fsrs_params: \[\(.*\)\]$/\1/p' "$VGREV_HOME/config.yaml" | tr -d ' ')
[ "$saved" = "$(sed -n 's/^weights: //p' "$T/out" | tr -d ' ')" ] || fail "saved $saved"
printf '\n4\n' | "$VGREV" study --plain --new 1 >"$T/after" 2>&1 || fail "study: $(cat "$T/after")"
days() { sed -n 's/^Easy: next in \([0-9]*\)d.*/\1/p' "$1"; }
w3_days() { echo "$1" | cut -d, -f4 | awk '{ printf "%d", $1 + 0.5 }'; }
[ "$(days "$T/before")" = "$(w3_days "$(cat "$F/ref_default.txt")")" ] ||
    fail "before: $(grep Easy "$T/before")"
[ "$(days "$T/after")" = "$(w3_days "$saved")" ] || fail "after: $(grep Easy "$T/after"), $saved"
[ "$(days "$T/after")" != "$(days "$T/before")" ] || fail "the interval did not change"
# The states in the progress file are recomputed with the saved weights: the card answered Easy
# (the two cards answered Easy so far) now have the saved w3 as their stability.
printf '\n4\n' | "$VGREV" study --plain --new 1 >/dev/null 2>&1
run optimize --history "$T/one.yaml" --save
expect_out "nothing saved"
# A second save replaces the lines of the first.
run optimize --history "$T/slow.yaml" --save --plain
[ "$(grep -c 'fsrs_params' "$VGREV_HOME/config.yaml")" -eq 1 ] || fail "two fsrs_params"
[ "$(grep -c '^# vgrev optimize' "$VGREV_HOME/config.yaml")" -eq 1 ] || fail "two notes"
expect_out "2 cards' states recomputed"
w3=$(sed -n 's/^fsrs_params: \[\(.*\)\]$/\1/p' "$VGREV_HOME/config.yaml" | cut -d, -f4 | tr -d ' ')
[ "$(grep -c "^  stability: $w3\$" "$VGREV_HOME/progress.yaml")" -eq 2 ] ||
    fail "stability is not w3 $w3: $(grep stability "$VGREV_HOME/progress.yaml")"
tag=$(grep '^scheduler:' "$VGREV_HOME/progress.yaml")
printf '\n' | "$VGREV" study --plain >/dev/null 2>&1
[ "$(grep '^scheduler:' "$VGREV_HOME/progress.yaml")" = "$tag" ] || fail "study recomputed again"
# From the progress file: the cards of the decks named (default: all), suspended cards left
# out, and the reviews before a reset.
cat >"$T/progress.yaml" <<'YAML'
version: 1
cards:
- id: 00000000000000a1
  deck: alpha
  reviews:
  - {t: 2026-01-01T10:00:00Z, rating: 3}
  - {t: 2026-01-03T10:00:00Z, rating: 3}
  - {t: 2026-01-10T10:00:00Z, rating: 1}
- id: 00000000000000a2
  deck: alpha
  reset_at: 2026-01-05T00:00:00Z
  reviews:
  - {t: 2026-01-01T10:00:00Z, rating: 3}
  - {t: 2026-01-03T10:00:00Z, rating: 3}
  - {t: 2026-01-06T10:00:00Z, rating: 4}
  - {t: 2026-01-20T10:00:00Z, rating: 3}
- id: 00000000000000a3
  deck: alpha
  suspended: true
  reviews:
  - {t: 2026-01-01T10:00:00Z, rating: 3}
  - {t: 2026-01-03T10:00:00Z, rating: 3}
- id: 00000000000000b1
  deck: beta
  reviews:
  - {t: 2026-01-01T10:00:00Z, rating: 2}
  - {t: 2026-01-02T10:00:00Z, rating: 3}
YAML
run --progress "$T/progress.yaml" optimize alpha --plain
expect_out "cards: 2, reviews: 5, items: 3 "
run --progress "$T/progress.yaml" optimize --plain
expect_out "cards: 3, reviews: 7, items: 4 "
run --progress "$T/progress.yaml" optimize beta alpha.md --plain
expect_out "cards: 3, reviews: 7, items: 4 "
run --progress "$T/progress.yaml" optimize no-such-deck --plain
expect_out "cards: 0, reviews: 0"
finish
