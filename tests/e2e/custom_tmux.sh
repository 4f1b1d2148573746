#!/usr/bin/env bash
# Card info and custom study in a real terminal (tmux): the browser's i (a card's review log and
# its forgetting curve), and each custom-study mode of `vgrev study` (--ahead N, --forgotten,
# --search T, --tag T, --cram), checking the screen and, after each session, the progress file:
# the modes that study for real change it, --cram never does. The harness is tmux_lib.sh.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tmux_lib.sh"
tmux_init custom
export LC_ALL=C.UTF-8 VGREV_NOW=2026-03-02T09:00:00Z TZ=UTC

# reviews: how many reviews the progress (snapshot and journal) holds.
reviews() { cat "$VGREV_HOME"/progress.yaml* 2>/dev/null | grep -c 'rating:'; }

# Card info from the browser: i on a card shows its log and its curve, q comes back.
rm -rf "$VGREV_HOME" && mkdir -p "$VGREV_HOME"
cp "$VG_FIXTURES/screens/list-info.progress.yaml" "$VGREV_HOME/progress.yaml"
keep=1 start 80 36 "'$VGREV' list"
wait_for "Enter open"
keys Enter
wait_for "Definition"
keys i
wait_for "Card info"
wait_for "Reviews         6, lapses 1"
wait_for "2026-02-04 09:00  Again       10m"
wait_for "Forgetting curve: retrievability after the last review (90% desired: ╌)"
wait_for "90% ┤█████████████████████▇▆▆▅▅▄▄▃▃▂▂▁▁╌╌╌"
wait_for "due 1mo"
keys q
wait_gone "Card info"
wait_for "Stability Lapses"
keys C-c
wait_for "EXIT=0"
cmp -s "$VG_FIXTURES/screens/list-info.progress.yaml" "$VGREV_HOME/progress.yaml" ||
    fail "card info changed the progress"

printf -- '---\ntags: [exam]\n---\n# Tagged\n\n## One\n\n- **Alpha**: the first letter\n- **Beta**: the second\n' >"$T/tagged.md"
printf '# Plain\n\n## Two\n\n- **Gamma**: the third letter\n' >"$T/plain.md"

# --tag exam: the two cards of the tagged deck, none of the other.
start 80 24 "'$VGREV' study --tag exam tagged.md plain.md"
wait_for "New 2 · Learning 0 · Due 0"
wait_for "Alpha"
keys Space 4
wait_for "Beta"
keys Space 4
wait_for "Well studied"
keys q
wait_for "EXIT=0"
[ "$(reviews)" -eq 2 ] || fail "--tag: $(reviews) reviews kept, not 2"
grep -q 'front: "Gamma"' "$VGREV_HOME/progress.yaml" && fail "--tag studied Gamma"

# --search third: only Gamma.
start 80 24 "'$VGREV' study --search third tagged.md plain.md"
wait_for "New 1 · Learning 0 · Due 0"
wait_for "Gamma"
keys Space 4
wait_for "Well studied"
keys q
wait_for "EXIT=0"
[ "$(reviews)" -eq 1 ] || fail "--search: $(reviews) reviews kept, not 1"
grep -q 'front: "Gamma"' "$VGREV_HOME/progress.yaml" || fail "--search did not study Gamma"

# --forgotten: the card answered Again today, at once, answered for real.
rm -rf "$VGREV_HOME"
printf '\n3\n\n1\n\n3\nq\n' | "$VGREV" study --plain --new 3 "$T/tagged.md" "$T/plain.md" >/dev/null 2>&1
[ "$(reviews)" -eq 3 ] || fail "--forgotten: the setup kept $(reviews) reviews"
keep=1 start 80 24 "VGREV_NOW=2026-03-02T09:30:00Z '$VGREV' study --forgotten tagged.md plain.md"
wait_for "New 0 · Learning 1 · Due 0"
wait_for "Beta"
keys Space 3
# Good from relearning is one more step: Beta comes back; the answer is in the journal already.
for ((i = 0; i < 100 && $(reviews) < 4; i++)); do sleep 0.05; done
[ "$(reviews)" -eq 4 ] || fail "--forgotten: $(reviews) reviews kept, not 4"
keys q
wait_for "Session stopped."
keys q
wait_for "EXIT=0"

# --ahead 7: a review due in a few days, studied today, an early review kept.
rm -rf "$VGREV_HOME"
printf '\n3\n' | "$VGREV" study --plain --new 1 "$T/plain.md" >/dev/null 2>&1
printf '\n3\n' | VGREV_NOW=2026-03-02T09:11:00Z "$VGREV" study --plain "$T/plain.md" >/dev/null 2>&1
keep=1 start 80 24 "VGREV_NOW=2026-03-03T09:00:00Z '$VGREV' study plain.md"
wait_for "Nothing to study"
keys q
wait_for "EXIT=0"
keep=1 start 80 24 "VGREV_NOW=2026-03-03T09:00:00Z '$VGREV' study --ahead 7 plain.md"
wait_for "New 0 · Learning 0 · Due 1"
wait_for "Gamma"
keys Space 4
wait_for "Well studied"
keys q
wait_for "EXIT=0"
[ "$(cat "$VGREV_HOME"/progress.yaml* | grep -c 'rating: 4')" -eq 1 ] || fail "--ahead: the early review is not kept"

# --cram: every card, Again shows it again at the end; the progress does not change.
before=$(cat "$VGREV_HOME"/progress.yaml*)
keep=1 start 80 24 "VGREV_NOW=2026-03-03T09:00:00Z '$VGREV' study --cram tagged.md plain.md"
wait_for "Alpha"
keys Space 1
wait_for "Beta"
keys Space 4
wait_for "Gamma"
keys Space 4
wait_for "Alpha"
keys Space 4
wait_for "Well studied"
keys q
wait_for "EXIT=0"
[ "$(cat "$VGREV_HOME"/progress.yaml*)" = "$before" ] || fail "--cram changed the progress"
finish
