#!/usr/bin/env bash
# The start-up cache through the program (docs/performance.md): what `list --plain`, `show`,
# `stats --plain` and `study --plain` print, and what they write, are the same with the cache
# cold, warm, deleted, corrupted, turned off, after the deck was edited behind its back (its
# mtime put back) and with several vgrevs at once; a small deck makes no cache at all.
. "$(dirname "$0")/lib.sh"
export VGREV_NOW=2026-03-02T09:00:00Z TZ=UTC LC_ALL=C.UTF-8
cache=$VGREV_HOME/cache
deck=$T/notes.md
cp "$VG_FIXTURES/decks/shapes.md" "$deck"

# outputs NAME: what the read-only commands print, in $T/NAME.
outputs() {
    {
        "$VGREV" list --plain "$deck"
        "$VGREV" list --plain --cards "$deck"
        "$VGREV" stats --plain "$deck"
        "$VGREV" check "$deck"
    } >"$T/$1" 2>&1
}

# A small deck is parsed every time: no cache folder.
outputs small
[ ! -e "$cache" ] || fail "a deck under the size limit made $(ls -R "$cache")"

export VGREV_CACHE_MIN=0
outputs cold
ls "$cache"/deck-*.img >/dev/null 2>&1 || fail "no image of the deck in $cache"
cmp -s "$T/small" "$T/cold" || fail "the first run through the cache printed otherwise"
outputs warm
cmp -s "$T/small" "$T/warm" || fail "the run from the cache printed otherwise"
ls "$cache"/deck-*.img.ok >/dev/null 2>&1 || fail "the image was not stamped when checked whole"

# Corrupted: bytes in the middle of every image, then a truncated one: still the same.
for img in "$cache"/*.img; do
    size=$(stat -c %s "$img")
    printf 'garbage' | dd of="$img" bs=1 seek=$((size - size / 3)) conv=notrunc 2>/dev/null
done
outputs corrupt
cmp -s "$T/small" "$T/corrupt" || fail "a corrupted image changed the output"
for img in "$cache"/*.img; do truncate -s 70000 "$img"; done
outputs truncated
cmp -s "$T/small" "$T/truncated" || fail "a truncated image changed the output"

# Deleted.
rm -rf "$cache"
outputs deleted
cmp -s "$T/small" "$T/deleted" || fail "output after deleting the cache differs"

# Edited behind its back, same size, its mtime put back: the edit shows.
outputs again
sed 's/Numbered/Numberex/' "$deck" >"$T/edited.md"
[ "$(stat -c %s "$deck")" = "$(stat -c %s "$T/edited.md")" ] || fail "the edit changed the size"
touch -r "$deck" "$T/edited.md"
cat "$T/edited.md" >"$deck"
touch -r "$T/edited.md" "$deck"
run list --plain --cards "$deck"
expect_out "Numberex"
expect_no_out "Numbered"
cp "$VG_FIXTURES/decks/shapes.md" "$deck"

# Several at once on an empty cache: every one prints the same.
rm -rf "$cache"
for i in 1 2 3 4 5 6; do "$VGREV" list --plain --cards "$deck" >"$T/par.$i" 2>&1 & done
wait
VGREV_CACHE=off "$VGREV" list --plain --cards "$deck" >"$T/par.ref" 2>&1
for i in 1 2 3 4 5 6; do
    cmp -s "$T/par.ref" "$T/par.$i" || fail "run $i of six at once printed otherwise"
done
ls "$cache"/.*.tmp >/dev/null 2>&1 && fail "temporary files left in the cache: $(ls -a "$cache")"

# Studying writes the same progress file with the cache (progress images included) as without.
printf '3\n3\n1\n4\n2\n3\n' >"$T/answers"
study_in() { # HOME...: answers the same cards in a fresh home
    VGREV_HOME=$1 "$VGREV" study --plain "$deck" <"$T/answers" >/dev/null 2>&1
    VGREV_HOME=$1 "$VGREV" study --plain --new 50 "$deck" <"$T/answers" >/dev/null 2>&1
}
study_in "$T/with"
VGREV_CACHE=off study_in "$T/without"
[ -d "$T/with/cache" ] || fail "no cache made while studying"
[ ! -e "$T/without/cache" ] || fail "VGREV_CACHE=off made a cache"
cmp -s "$T/with/progress.yaml" "$T/without/progress.yaml" ||
    fail "the progress file differs with the cache: $(diff "$T/with/progress.yaml" "$T/without/progress.yaml" | head -20)"
VGREV_HOME=$T/with "$VGREV" stats --plain "$deck" >"$T/s.with" 2>&1
VGREV_HOME=$T/without VGREV_CACHE=off "$VGREV" stats --plain "$deck" >"$T/s.without" 2>&1
cmp -s "$T/s.with" "$T/s.without" || fail "stats over the cached progress differ"

finish
