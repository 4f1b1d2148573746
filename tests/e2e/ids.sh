#!/usr/bin/env bash
# Card ids stay what they were: tests/fixtures/ids/progress-before.yaml was made by studying
# every card of these decks with the vgrev of before the real-notebook shapes (2026-12), and
# NAME.list.txt is what `list --plain --cards` printed then. Every card must still have its id,
# its line, and its progress (state and due date). (shapes.list.txt has one row more than
# that vgrev printed: its '1. **Numbered**: ...' item, a card since numbered items are, as new.)
# A deck whose cards stand under '###' headings (subsections.md) is the one exception: the
# subsection is now part of a card's identity, so its ids changed, and NAME.carried gives how
# many records must be carried over to the new ids, with their progress.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8 VGREV_NOW=2026-03-02T09:00:00Z TZ=UTC

ids="$VG_FIXTURES/ids"
# Columns that must not change, picked by their header: id, line, state, due, front.
cols() {
    awk -F'\t' -v noid="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        { print (noid ? "" : $c["ID"]) "\t" $c["LINE"] "\t" $c["STATE"] "\t" $c["DUE"] "\t" $c["FRONT"] }' "$1"
}
for want in "$ids"/*.list.txt; do
    name=$(basename "$want" .list.txt)
    deck="$VG_FIXTURES/decks/$name.md"
    [ -f "$deck" ] || deck="$VG_FIXTURES/import/$name.md"
    [ -f "$deck" ] || deck="$ids/$name.md"
    carried=0
    [ -f "$ids/$name.carried" ] && carried=$(cat "$ids/$name.carried")
    rm -rf "$VGREV_HOME" && mkdir -p "$VGREV_HOME"
    cp "$ids/progress-before.yaml" "$VGREV_HOME/progress.yaml"
    run list --plain --cards "$deck"
    expect_status 0
    noid=$([ "$carried" -gt 0 ] && echo 1)
    diff -u <(cols "$want" "$noid") <(cols "$T/out" "$noid") >"$T/diff" || fail "$name: cards changed:
$(cat "$T/diff")"
    run check --progress "$deck"
    expect_out "progress: $carried records carried over, 0 without a card"
done
finish
