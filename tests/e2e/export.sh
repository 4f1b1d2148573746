#!/usr/bin/env bash
# vgrev export: a deck as CSV, TSV or Anki text that `vgrev import` reads back with every card
# and its id; --progress adds each card's state; bad usage and unwritable files are refused.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8 TZ=UTC VGREV_NOW=2026-03-02T09:00:00Z

# ids DECK: the deck's cards as "ID SECTION_NUMBER FRONT" lines, sorted.
ids() { "$VGREV" list --cards --plain "$@" | tail -n +2 | cut -f1,2,6 | sort; }

# import -> export -> import, in each format: the same cards with the same ids and tags.
for src in vocab.csv anki-notes.txt colours.tsv; do
    run import "$VG_FIXTURES/import/$src" --name orig
    expect_status 0
    for f in csv tsv anki; do
        run export orig --format "$f" -o "$T/out.$f"
        expect_status 0
        [ -s "$T/out.$f" ] || fail "$src: nothing exported as $f"
        run import "$T/out.$f" --name "back-$f"
        expect_status 0
        [ "$(ids orig)" = "$(ids "back-$f")" ] ||
            fail "$src as $f: the cards differ: $(diff <(ids orig) <(ids "back-$f"))"
        [ "$(grep -o '<!-- tags: [^>]*-->' "$VGREV_HOME/decks/orig.md")" = \
            "$(grep -o '<!-- tags: [^>]*-->' "$VGREV_HOME/decks/back-$f.md")" ] || fail "$src as $f: tags differ"
    done
    # Anki's own HTML comes back as the same deck, line for line (but the title).
    diff <(tail -n +4 "$VGREV_HOME/decks/orig.md") <(tail -n +4 "$VGREV_HOME/decks/back-anki.md") >/dev/null ||
        fail "$src: anki round trip changed the deck: $(diff "$VGREV_HOME/decks/orig.md" "$VGREV_HOME/decks/back-anki.md")"
    rm -f "$VGREV_HOME"/decks/*.md
done

# The built-in deck, by default to standard output as CSV; the format from -o's extension.
run export
expect_status 0
expect_out "Front,Back,Section,Tags"
expect_out 'Definition,"During training by backpropagation,'
run export -o "$T/built-in.tsv"
expect_status 0
head -1 "$T/built-in.tsv" | grep -qxP 'Front\tBack\tSection\tTags' || fail "not TSV: $(head -1 "$T/built-in.tsv")"
run export -o "$T/built-in.txt"
head -1 "$T/built-in.txt" | grep -qx '#separator:tab' || fail ".txt is not Anki's: $(head -1 "$T/built-in.txt")"
run export --format anki
expect_out "#separator:tab"
expect_out 'An RNN unrolled over \(T\) steps'
run import "$T/built-in.tsv" --name vg
[ "$(ids)" = "$(ids vg)" ] || fail "built-in deck: the cards differ: $(diff <(ids) <(ids vg))"

# --progress: state, due, interval, reviews and lapses; Anki gets them as tags.
printf '\n3\n\n1\n' | "$VGREV" study --plain >/dev/null 2>&1
run export --progress
expect_status 0
expect_out "Front,Back,Section,Tags,State,Due,Interval,Reviews,Lapses"
grep -qE '^Definition,.*,learning,2026-03-02T09:10:00Z,0,1,0$' "$T/out" || fail "no progress for Definition"
grep -qE '^Example,.*,new,,,,$' "$T/out" || fail "no 'new' for Example"
run export --progress --format anki
expect_out "vgrev::State::learning vgrev::Due::2026-03-02T09:10:00Z"

# A deck's escape sequences go to a file as they are, never to a terminal.
mkdir -p "$VGREV_HOME/decks"
printf '# T\n\n## S\n\n- **a\033[31mred**: b\033]0;title\007x\n' >"$VGREV_HOME/decks/evil.md"
run export evil
grep -q $'a\033\[31mred' "$T/out" || fail "the front's bytes were not kept in the file: $out"
if command -v script >/dev/null; then
    script -qc "$(printf '%q ' "$VGREV" export evil)" /dev/null >"$T/tty" 2>&1
    grep -q 'ared,bx,S,' "$T/tty" || fail "on a terminal: $(cat -v "$T/tty")"
    LC_ALL=C grep -q $'\033' "$T/tty" && fail "an escape sequence reached the terminal: $(cat -v "$T/tty")"
fi

# Refused: an unknown or markdown format, a deck that does not exist, a folder as -o.
run export --format xlsx
expect_status 2
expect_err "--format is csv, tsv or anki, not 'xlsx'"
run export --format md
expect_status 2
run export no-such-deck
expect_status 1
expect_err "no deck 'no-such-deck'"
run export -o "$T"
expect_status 1
expect_err "cannot write"
finish
