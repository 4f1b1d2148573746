#!/usr/bin/env bash
# Notebooks in the shapes people write them (tests/fixtures/notebooks/NAME.md): each through
# list --plain --cards, show and check, compared byte for byte with NAME.list.txt,
# NAME.show.txt and NAME.check.txt; then studied with study --plain (every card answered) and
# imported (the imported deck has the same cards, with the same ids).
# VG_REGEN=1 writes the expected files from what vgrev prints now: read them before committing.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8 VGREV_NOW=2026-03-02T09:00:00Z TZ=UTC

dir="$VG_FIXTURES/notebooks"
cd "$dir" || exit 1
shopt -s nullglob
decks=(*.md)
[ ${#decks[@]} -gt 0 ] || { echo "no notebooks in $dir" >&2; exit 1; }

for md in "${decks[@]}"; do
    name=${md%.md}
    rm -rf "$VGREV_HOME"

    run list --plain --cards "$md"
    expect_status 0
    expect_same "$dir/$name.list.txt" "$T/out"
    ids=$(cut -f1 "$T/out" | tail -n +2)
    n=$(printf '%s\n' "$ids" | grep -c .)

    run show "$md"
    expect_status 0
    expect_same "$dir/$name.show.txt" "$T/out"

    # check prints to stdout; warnings do not fail it, errors do.
    run check "$md"
    cat "$T/err" >>"$T/out"
    expect_same "$dir/$name.check.txt" "$T/out"
    if grep -q ': error: ' "$T/out"; then expect_status 1; else expect_status 0; fi

    # Every card studied: front, Enter for the back, Good.
    input=$(for ((i = 0; i < n; i++)); do printf '\n3\n'; done)
    "$VGREV" study --plain --new 100000 "$md" <<<"$input" >"$T/out" 2>"$T/err"
    status=$?
    out=$(cat "$T/out")
    expect_status 0
    [ "$n" -eq 0 ] || expect_out "Answers         $n"
    expect_clean

    # Imported as a deck of its own: the same cards, the same ids.
    run import "$md" --name "nb-$name"
    expect_status 0
    run list --plain --cards "nb-$name"
    expect_status 0
    [ "$(cut -f1 "$T/out" | tail -n +2)" = "$ids" ] || fail "$name: the imported deck's ids differ"
done
finish
