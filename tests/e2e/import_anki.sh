#!/usr/bin/env bash
# vgrev import of Anki's text exports as Anki really writes them (issue 11, second table): each
# fixture tests/fixtures/import/x-NAME.EXT goes through import, then list --plain --cards and
# show; the report, the deck written and both outputs are compared byte for byte with
# x-NAME.import.txt, x-NAME.deck.txt, x-NAME.list.txt and x-NAME.show.txt.
# VG_REGEN=1 writes the expected files from what vgrev prints now: read them before committing.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8 VGREV_NOW=2026-03-02T09:00:00Z TZ=UTC

dir="$VG_FIXTURES/import"
cd "$dir" || exit 1
DECKS="$VGREV_HOME/decks"

# imported FILE: imports FILE, compares its report and deck, then list and show of the deck.
imported() {
    local file=$1 name=${1%.*}
    run import "$file"
    expect_status 0
    cat "$T/out" "$T/err" | sed "s|$VGREV_HOME|\$VGREV_HOME|g" >"$T/report"
    expect_same "$dir/$name.import.txt" "$T/report"
    expect_same "$dir/$name.deck.txt" "$DECKS/$name.md"
    run list --plain --cards "$name"
    expect_status 0
    expect_same "$dir/$name.list.txt" "$T/out"
    run show "$name"
    expect_status 0
    expect_same "$dir/$name.show.txt" "$T/out"
    expect_clean
}

# refused FILE: the import fails with the report in x-NAME.import.txt and writes nothing.
refused() {
    local file=$1 name=${1%.*} before
    before=$(ls -la "$DECKS" 2>/dev/null)
    run import "$file"
    expect_status 1
    cat "$T/out" "$T/err" >"$T/report"
    expect_same "$dir/$name.import.txt" "$T/report"
    [ "$(ls -la "$DECKS" 2>/dev/null)" = "$before" ] || fail "$file: the deck folder changed"
    [ -e "$DECKS/$name.md" ] && fail "$file: a deck was written"
}

# 1. No '#separator:'/'#html:' lines (older Anki's "Cards in Plain Text"), HTML in the fields:
#    recognised by its content, and the report says how.
imported x-old-cards.txt
grep -q "recognised as Anki's export: HTML in the fields ('<b>' in this one), no header lines" \
    "$T/report" || fail "x-old-cards: how the format was recognised"
# The same export with a BOM and CRLF line ends: the same deck, the same ids.
imported x-old-cards-crlf.txt
[ "$(sed 1,3d "$DECKS/x-old-cards.md")" = "$(sed 1,3d "$DECKS/x-old-cards-crlf.md")" ] ||
    fail "x-old-cards-crlf: a BOM and CRLF changed the deck"
[ "$("$VGREV" list --plain --cards x-old-cards | cut -f1)" = \
    "$("$VGREV" list --plain --cards x-old-cards-crlf | cut -f1)" ] ||
    fail "x-old-cards-crlf: ids differ"
# Forced to plain TSV with --format, the HTML stays text: the recognition is only a guess.
run import --dry-run --format tsv x-old-cards.txt --name plain
expect_status 0
expect_out "would import 'plain' (tsv)"
expect_no_out "recognised"

# 2. A comment or a title first, then rows; rows with a front and no back skipped one by one.
imported x-title-comment.tsv
imported x-title-line.txt

# 3. A back that repeats the front above <hr id=answer> (any case, the id quoted or not).
imported x-answer-rule.txt
grep -q 'Chemical symbol' "$DECKS/x-answer-rule.md" &&
    [ "$(grep -c 'Chemical symbol' "$DECKS/x-answer-rule.md")" -eq 1 ] ||
    fail "x-answer-rule: the question is repeated in the back"

# 4. <br>, <div> and lists on both sides: a front of several lines stays several lines.
imported x-lines.txt

# 4b. Cloze notes written in Anki's cloze syntax: a card per number (the same number twice is
#     one card; a hint, math and HTML inside a deletion); text that is no deletion stays.
imported x-cloze.txt
[ "$(grep -c '(c[0-9])' "$dir/x-cloze.list.txt")" -eq 5 ] || fail "x-cloze: 5 cloze cards"

# 5. A last column of tags that no header names: tags when it is tags, else not used.
imported x-tags.txt
grep -qF -- '- **Capital of Spain**: <!-- tags: geo europe::capitals --> Madrid' \
    "$DECKS/x-tags.md" || fail "x-tags: tags"
imported x-tags-not.tsv
grep -q 'largest city' "$DECKS/x-tags-not.md" && fail "x-tags-not: the column glued to the back"

# Quoted fields with tabs and line breaks.
imported x-quoted.txt

# Refused: nothing written.
refused x-empty.txt
refused x-comments.tsv
refused x-bad-utf8.txt
grep -qx 'vgrev: x-bad-utf8.txt:3:4: invalid UTF-8 (byte 0xE9): save the file as UTF-8' \
    "$T/report" || fail "x-bad-utf8: file:line:col"

finish
