#!/usr/bin/env bash
# One numbering everywhere: for every notebook fixture and the seed, each N that
# `list --plain` shows, `study --plain --section N` studies exactly the cards that
# `list --plain --cards` lists under SECTION_N N, each shown with the TITLE `list` gives N.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8 VGREV_NOW=2026-03-02T09:00:00Z TZ=UTC COLUMNS=1000

# study_section DECK SPEC: $got is the headings study --plain --section SPEC shows, one per
# card (Easy to each, so no card comes back in the session; no sibling buried, so every
# card of a cloze note or a reversed card is studied); $status its exit status.
study_section() {
    rm -rf "$VGREV_HOME"
    mkdir -p "$VGREV_HOME"
    echo 'bury_siblings: false' >"$VGREV_HOME/config.yaml"
    local input
    input=$(for ((i = 0; i < 200; i++)); do printf '\n4\n'; done)
    "$VGREV" study --plain --new 100000 --section "$2" "$1" <<<"$input" >"$T/out" 2>"$T/err"
    status=$?
    got=$(awk '/^Card [0-9]+ of [0-9]+/ { getline; print }' "$T/out")
}

decks=("$VG_FIXTURES"/notebooks/*.md "$VG_FIXTURES/decks/seed.md")
for md in "${decks[@]}"; do
    name=$(basename "$md" .md)
    rm -rf "$VGREV_HOME"
    "$VGREV" list --plain "$md" >"$T/sections" || fail "$name: list --plain failed"
    "$VGREV" list --plain --cards "$md" >"$T/cards" || fail "$name: list --cards failed"
    while IFS= read -r row; do
        # (read with IFS=tab would fold the empty TITLE of section 0 away)
        n=${row%%$'\t'*} && row=${row#*$'\t'}
        title=${row%%$'\t'*} && row=${row#*$'\t'}
        ncards=${row%%$'\t'*}
        # (list names a sibling after its front: " (c2)", " (reverse)"; study does not)
        want=$(awk -F'\t' -v n="$n" 'NR > 1 && $2 == n { print $6 }' "$T/cards" |
            sed -E 's/ \((c[0-9]+|reverse)\)$//')
        [ "$ncards" -eq 0 ] && continue
        study_section "$md" "$n"
        [ "$status" -eq 0 ] || fail "$name: study --section $n: exit status $status: $(cat "$T/err")"
        # The fronts, after the last " › " of each heading; the title before the first.
        fronts=$(printf '%s\n' "$got" | sed 's/.* › //')
        [ "$fronts" = "$want" ] || fail "$name: --section $n studied
$fronts
but list shows under $n
$want"
        [ "$(printf '%s\n' "$want" | grep -c .)" -eq "$ncards" ] ||
            fail "$name: section $n: CARDS says $ncards"
        if [ -n "$title" ]; then
            printf '%s\n' "$got" | grep -qvF "$title › " &&
                fail "$name: --section $n: a heading without '$title › ': $got"
        fi
    done < <(tail -n +2 "$T/sections")
done

# The numbers each fixture is known by.
nums() { "$VGREV" list --plain "$VG_FIXTURES/notebooks/$1.md" | tail -n +2 | cut -f1 | tr '\n' ' '; }
[ "$(nums n-from-zero)" = "0 1 2 " ] || fail "n-from-zero: $(nums n-from-zero)"
[ "$(nums n-unnumbered)" = "1 2 3 " ] || fail "n-unnumbered: $(nums n-unnumbered)"
[ "$(nums n-duplicate-numbers)" = "1 2 3 4 " ] || fail "n-duplicate-numbers: $(nums n-duplicate-numbers)"
[ "$(nums n-before-heading)" = "0 1 2 " ] || fail "n-before-heading: $(nums n-before-heading)"

# Text still works, without case; a subsection's title too (see the unit test); "5." and
# "05" are 5; a number no section has is refused, as is an empty one.
deck="$VG_FIXTURES/notebooks/n-duplicate-numbers.md"
for spec in transport 3. 03; do
    study_section "$deck" "$spec"
    [ "$got" = "Transport Layer › TCP" ] || fail "--section $spec: $got"
done
run study --plain --section 5 "$deck"
expect_status 2
expect_err "no section '5' (see 'vgrev list')"
run study --plain --section "" "$deck"
expect_status 2
deck="$VG_FIXTURES/notebooks/n-math-title.md"
study_section "$deck" ALPHA
[ "$got" = "About αₜ › Step size" ] || fail "--section ALPHA: $got"
finish
