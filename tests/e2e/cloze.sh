#!/usr/bin/env bash
# Cloze notes and reversed cards as a user meets them: study --plain shows the deletion hidden
# and revealed, an answer buries the note's siblings until the next study day (and its undo
# takes them back), bury_siblings: false keeps them; check names malformed markup.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8 VGREV_NOW=2026-03-02T09:00:00Z TZ=UTC

deck="$T/geo.md"
cat >"$deck" <<'EOF'
## Geography
- The capital of {{c1::France}} is {{c2::Paris::city}}.
- **Photosynthesis**::: how plants turn light into energy
EOF

# The first card: c1 hidden, then revealed; Good buries c2, so the next is the forward card,
# then (its sibling buried too) the learning c1 again.
"$VGREV" study --plain "$deck" <<<$'\n3\n\n3\nq' >"$T/out" 2>"$T/err"
status=$?
expect_status 0
expect_out "Geography › The capital of […] is Paris."
expect_out "  The capital of [France] is Paris."
expect_out "Geography › Photosynthesis"
expect_no_out "Geography › The capital of France is [city]."
expect_no_out "Geography › how plants turn light into energy"
run --progress "$VGREV_HOME/progress.yaml" list --plain --cards "$deck"
expect_status 0
[ "$(grep -c $'\tburied\t' "$T/out")" = 2 ] || fail "expected the two siblings buried"
expect_out $'buried\t-\tThe capital of France is [city]. (c2)'
expect_out $'buried\t-\thow plants turn light into energy (reverse)'

# The next study day they are back.
VGREV_NOW=2026-03-03T09:00:00Z run list --plain --cards "$deck"
[ "$(grep -c $'\tburied\t' "$T/out")" = 0 ] || fail "the siblings are still buried the next day"

# Undo of the answer takes the buries back with it.
rm -rf "$VGREV_HOME"
"$VGREV" study --plain "$deck" <<<$'\n3\nu\nq' >"$T/out" 2>"$T/err"
status=$?
expect_status 0
run list --plain --cards "$deck"
[ "$(grep -c $'\tnew\t' "$T/out")" = 4 ] || fail "undo left a sibling buried"

# bury_siblings: false: the second number comes next.
rm -rf "$VGREV_HOME"
mkdir -p "$VGREV_HOME"
echo 'bury_siblings: false' >"$VGREV_HOME/config.yaml"
"$VGREV" study --plain "$deck" <<<$'\n3\n\nq' >"$T/out" 2>"$T/err"
status=$?
expect_status 0
expect_out "Geography › The capital of France is [city]."
expect_out "  The capital of France is [Paris]."
rm -rf "$VGREV_HOME"

# Malformed markup: errors at their line and column, exit status 1.
printf '## S\n- a {{c0::x}}\n- b {{c1::open\n- c {{c1::}}\n' >"$T/bad.md"
run check "$T/bad.md"
expect_status 1
expect_out "bad.md:2:5: error: cloze number 0"
expect_out "bad.md:3:5: error: cloze deletion '{{c1::' is not closed"
expect_out "bad.md:4:5: error: cloze deletion '{{c1::' has an empty answer"
finish
