#!/usr/bin/env bash
# vgrev import of Anki packages written by tests/package/gen_package.c in each format: the
# decks, the media, the cards per note type, the reviews per card and the states after the
# import; broken packages refused with 'file: message', exit 1 and nothing written.
. "$(dirname "$0")/lib.sh"

if [ -z "${VG_PKGGEN:-}" ] || [ ! -x "$VG_PKGGEN" ]; then
    echo "VG_PKGGEN (the package generator) is not built" >&2
    exit 77
fi
# The reviews in the packages are from 2026-03-01 to 03-05.
export VGREV_NOW=2026-03-10T12:00:00Z TZ=UTC
P="$T/pkg"
mkdir -p "$P"
for c in latest legacy legacy1 notzip truncated nocollection notsqlite evilmedia; do
    (cd "$P" && TMPDIR="$T" "$VG_PKGGEN" "$c.apkg" "$c") || fail "vg_pkggen $c"
done
cp "$P/latest.apkg" "$P/collection.colpkg"
F="$VG_FIXTURES/package"
DECKS="$VGREV_HOME/decks"

# The data folder: every path, and every file's checksum.
snapshot() {
    if [ -e "$VGREV_HOME" ]; then
        (cd "$VGREV_HOME" && find . | sort && find . -type f -exec cksum {} + | sort)
    fi
}

# What the progress file says of each card: its id, deck, flags, reset and reviews.
progress_summary() {
    grep -E '^- id:|^  deck:|^  front:|^  state:|^  suspended:|^  buried_until:|^  reset_at:|^  - \{t:' \
        "$VGREV_HOME/progress.yaml"
}

# ---- the latest format (.colpkg: the same bytes as an .apkg) ----
before=$(snapshot)
run import --dry-run "$P/collection.colpkg"
expect_status 0
expect_out "would import $P/collection.colpkg (Anki package, latest collection.anki21b): 6 notes, 9 cards, 18 reviews, 2 media files"
expect_out "nothing written"
[ "$(snapshot)" = "$before" ] || fail "--dry-run wrote something"

run import "$P/collection.colpkg"
expect_status 0
expect_clean
expect_out "  Basic (bold-term cards): 3 notes, 3 cards, 10 reviews, 0 media references"
expect_out "  Basic (and reversed card) (reversed cards): 1 note, 2 cards, 3 reviews, 1 media reference"
expect_out "  Cloze (cloze cards): 2 notes, 4 cards, 5 reviews, 1 media reference"
expect_out "  Vocab étendu (not converted): 1 note, 1 card, 1 review, 0 media references left out"
expect_out "note type 'Vocab étendu' is not one vgrev converts"
expect_out "3 review log rows that are no answers left out"
expect_out "  deck 'Biology' from Anki's 'Biology': 4 notes, 6 cards, 2 sections"
expect_out "desired retention 0.85"
expect_out "FSRS weights (21): 0.212 1.293"
expect_same "$F/Biology.md" "$DECKS/Biology.md"
expect_same "$F/Math.md" "$DECKS/Math.md"
[ "$(cat "$DECKS/media/ribo.png")" = "$(printf '\211PNG fake image')" ] || fail "media ribo.png"
[ "$(cat "$DECKS/media/derive.mp3")" = "ID3 fake sound" ] || fail "media derive.mp3"
progress_summary >"$T/progress"
expect_same "$F/progress.txt" "$T/progress"
run list Biology --plain --cards
expect_status 0
cp "$T/out" "$T/list-bio"
expect_same "$F/list-Biology.txt" "$T/list-bio"
run list Math --plain --cards
cp "$T/out" "$T/list-math"
expect_same "$F/list-Math.txt" "$T/list-math"
run check "$DECKS/Biology.md"
expect_status 0

# Again: refused without --force, nothing changes; with it, the same logs (a union).
before=$(snapshot)
run import "$P/latest.apkg"
expect_status 1
expect_err "there is a deck 'Biology' already"
[ "$(snapshot)" = "$before" ] || fail "a refused re-import changed the data folder"
run import --force "$P/latest.apkg"
expect_status 0
progress_summary >"$T/progress"
expect_same "$F/progress.txt" "$T/progress"
run import --name Bio "$P/latest.apkg"
expect_status 2
expect_err "2 top-level decks"

# ---- --with-settings: the deck options' weights and retention into config.yaml, the states
# replayed with them; other settings and comments kept ----
rm -rf "$VGREV_HOME"
mkdir -p "$VGREV_HOME"
printf 'fuzz: false\ndesired_retention: 0.9 # mine\n' >"$VGREV_HOME/config.yaml"
before=$(snapshot)
run import --dry-run --with-settings "$P/latest.apkg"
expect_status 0
expect_out "would write desired_retention fsrs_params to $VGREV_HOME/config.yaml"
[ "$(snapshot)" = "$before" ] || fail "--dry-run --with-settings wrote something"
run import "$P/latest.apkg"
expect_out "not applied: --with-settings writes them to config.yaml"
sched_plain=$(grep '^scheduler:' "$VGREV_HOME/progress.yaml")
run import --force --with-settings "$P/latest.apkg"
expect_status 0
expect_out "  deck options 'Default': FSRS weights (21): 0.212 1.293"
expect_out "desired retention 0.85"
expect_out "  written: desired_retention fsrs_params in $VGREV_HOME/config.yaml"
note='# vgrev import, from an Anki package'"'"'s deck options'
want="fuzz: false
$note
desired_retention: 0.85
$note
fsrs_params: [0.2120, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.0010, 1.8722, 0.1666, 0.7960, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542]"
[ "$(cat "$VGREV_HOME/config.yaml")" = "$want" ] || fail "config.yaml after --with-settings: $(cat "$VGREV_HOME/config.yaml")"
[ "$(grep '^scheduler:' "$VGREV_HOME/progress.yaml")" != "$sched_plain" ] ||
    fail "the states were not replayed with the package's settings"
cp "$VGREV_HOME/config.yaml" "$T/config.once"
run import --force --with-settings "$P/latest.apkg"
expect_status 0
cmp -s "$T/config.once" "$VGREV_HOME/config.yaml" || fail "a second --with-settings changed config.yaml"
run import --with-settings --format csv "$P/latest.apkg"
expect_status 2
expect_err "--with-settings is for Anki packages"

# ---- the legacy formats give the same decks and logs ----
for k in legacy legacy1; do
    rm -rf "$VGREV_HOME"
    run import "$P/$k.apkg"
    expect_status 0
    expect_same "$F/Biology.md" "$DECKS/Biology.md"
    expect_same "$F/Math.md" "$DECKS/Math.md"
    progress_summary >"$T/progress"
    expect_same "$F/progress.txt" "$T/progress"
done

# ---- broken packages: file: message, exit 1, nothing written ----
refused() {
    local file=$1 want=$2 before
    before=$(snapshot)
    run import "$file"
    expect_status 1
    [ "$(head -1 "$T/err")" = "$want" ] || fail "$file: first error line; want: $want"
    expect_err "vgrev: import: nothing written"
    [ "$(snapshot)" = "$before" ] || fail "$file: the data folder changed"
}
for home in empty full; do
    [ "$home" = empty ] && rm -rf "$VGREV_HOME"
    if [ "$home" = full ]; then
        run import "$P/latest.apkg"
        expect_status 0
    fi
    refused "$P/notzip.apkg" "vgrev: $P/notzip.apkg: not an Anki package (not a zip file)"
    refused "$P/truncated.apkg" "vgrev: $P/truncated.apkg: a damaged or truncated zip (Not a zip archive)"
    refused "$P/nocollection.apkg" \
        "vgrev: $P/nocollection.apkg: no collection in the package (no 'collection.anki21b' entry)"
    refused "$P/notsqlite.apkg" \
        "vgrev: $P/notsqlite.apkg: the package's collection is not an SQLite database"
    refused "$P/evilmedia.apkg" \
        "vgrev: $P/evilmedia.apkg: media name '../escaped.txt' is not a plain file name (it could leave the media folder)"
    [ -e "$VGREV_HOME/escaped.txt" ] && fail "a media file left its folder"
done
[ -e "$VGREV_HOME" ] || fail "the full home is gone"

finish
