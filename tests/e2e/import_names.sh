#!/usr/bin/env bash
# vgrev import --name: nothing is written outside the deck folder, whatever the name; symbolic
# links are not followed out of it.
. "$(dirname "$0")/lib.sh"

F="$VG_FIXTURES/import"
DECKS="$VGREV_HOME/decks"
CSV="$F/colours.tsv"

# Everything under $T but the deck folder, to see that nothing appears there.
outside() {
    (cd "$T" && find . -path ./home/decks -prune -o -print | grep -v '^\./\(out\|err\|home\)$' | sort)
}
mkdir -p "$T/work"
cd "$T/work" || exit 1
before=$(outside)

# name WANTED RESULT: the deck is saved as RESULT.md in the deck folder.
name() {
    run import "$CSV" --name "$1"
    expect_status 0
    [ -f "$DECKS/$2.md" ] || fail "--name '$1': $DECKS/$2.md not written"
    expect_out "imported '$2' (tsv)"
}
name '../x' x
expect_err "vgrev: import: deck name '../x' became 'x'"
name '../../../../tmp/evil' tmp-evil
name '/etc/passwd' etc-passwd
name 'a/b' a-b
name '.hidden' hidden
name 'My Deck (2)' My-Deck-2
name 'deck.md' deck
name "$(printf 'a\033[31mb\tc\nd')" a-31mb-c-d
expect_clean
name '--force' force
long=$(printf 'x%.0s' $(seq 1 300))
name "$long" "$(printf 'x%.0s' $(seq 1 64))"

[ "$(outside)" = "$before" ] || fail "something was written outside the deck folder: $(outside)"
[ "$(ls -A "$VGREV_HOME")" = decks ] || fail "the data folder holds more than the decks: $(ls -A "$VGREV_HOME")"
[ -e /tmp/evil.md ] && fail "/tmp/evil.md written"
[ -z "$(find "$DECKS" -mindepth 1 -type d)" ] || fail "a folder appeared in the deck folder"

# Names with nothing left, and the built-in deck's name.
for bad in '..' '/' '...' "$(printf '\033\001')" '日本語'; do
    run import "$CSV" --name "$bad"
    expect_status 2
    expect_err "has nothing usable as a deck name"
done
run import "$CSV" --name vanishing-gradient
expect_status 2
expect_err "'vanishing-gradient' is the built-in deck's name"
expect_clean

# The default name is the file's, reduced the same way.
cp "$CSV" "$T/work/My Colours!.tsv"
run import "$T/work/My Colours!.tsv"
expect_status 0
[ -f "$DECKS/My-Colours.md" ] || fail "default name not reduced"
cp "$CSV" "$T/work/...tsv"
run import "$T/work/...tsv"
expect_status 2
expect_err "has nothing usable as a deck name"

# A symbolic link where the deck would go is never followed or replaced, even with --force.
echo "precious" >"$T/target.md"
ln -s "$T/target.md" "$DECKS/linked.md"
run import "$CSV" --name linked --force
expect_status 1
expect_err "$DECKS/linked.md is a symbolic link: refusing to replace it"
[ "$(cat "$T/target.md")" = "precious" ] || fail "the link's target was written"
[ -L "$DECKS/linked.md" ] || fail "the link was replaced"
mkdir "$DECKS/adir.md"
run import "$CSV" --name adir --force
expect_status 1
expect_err "is not a regular file"

# A deck folder that is a symbolic link is refused.
export VGREV_HOME="$T/home2"
mkdir -p "$VGREV_HOME" "$T/elsewhere"
ln -s "$T/elsewhere" "$VGREV_HOME/decks"
run import "$CSV"
expect_status 1
expect_err "the deck folder is a symbolic link or not a folder: refusing to write there"
[ -z "$(ls -A "$T/elsewhere")" ] || fail "written through the linked deck folder"
run import --dry-run "$CSV"
expect_status 1
expect_err "refusing to write there"

# The deck folder is a file.
export VGREV_HOME="$T/home3"
mkdir -p "$VGREV_HOME"
: >"$VGREV_HOME/decks"
run import "$CSV"
expect_status 1

finish
