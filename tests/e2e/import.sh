#!/usr/bin/env bash
# vgrev import: each format end to end, the deck folder, decks by name, re-import, dry run.
. "$(dirname "$0")/lib.sh"

F="$VG_FIXTURES/import"
DECKS="$VGREV_HOME/decks"

# ---- CSV: header, quoted multi-line fields, sections, tags, a ragged row, a duplicate ----
run import "$F/vocab.csv"
expect_status 0
expect_out "$F/vocab.csv:8:1: skipped: 5 fields where the header row has 4"
expect_out "$F/vocab.csv:9:1: skipped: duplicate front 'chat' in section 'Animals' (first at line 2)"
expect_out "imported 'vocab' (csv): 3 sections, 6 cards from 8 rows (2 skipped)"
expect_out "saved as $DECKS/vocab.md"
[ -f "$DECKS/vocab.md" ] || fail "vocab.md not written"
[ "$(stat -c %a "$VGREV_HOME")" = 700 ] || fail "data folder is not 0700"
[ "$(stat -c %a "$DECKS")" = 700 ] || fail "deck folder is not 0700"
expected='# vocab

Imported from vocab.csv by vgrev.

## Animals

- **chat**: <!-- tags: noun --> cat
- **chien**: <!-- tags: noun --> dog, the loyal one

## Phrases

- **le "chat" noir**: the "black" cat
- **avoir\
  faim**: <!-- tags: verb idiom --> to be hungry\
  (lit. to have hunger)

## Numbers

- **\$5 and \$10**: prices stay prices
- **aire**: $\pi r^2$ (a formula)'
[ "$(cat "$DECKS/vocab.md")" = "$expected" ] || fail "vocab.md differs: $(cat "$DECKS/vocab.md")"

# The written deck passes 'vgrev check' and is a deck by its name everywhere.
run check "$DECKS/vocab.md"
expect_status 0
expect_out "3 sections, 6 cards, 0 errors, 0 warnings"
run list --plain vocab
expect_status 0
expect_out "$(printf '1\tAnimals\t2\t2\t0\t0')"
expect_out "$(printf '3\tNumbers\t2\t2\t0\t0')"
run list --plain --cards vocab
expect_status 0
[ "$(echo "$out" | tail -n +2 | wc -l)" -eq 6 ] || fail "list --cards vocab: expected 6 cards"
run show vocab
expect_status 0
# A front of two lines stays two lines.
expect_out "Phrases › avoir"
grep -qx faim "$T/out" || fail "show: the front's second line"
expect_out "  (lit. to have hunger)"
expect_out "Numbers › aire"
expect_out "  πr² (a formula)"

# A BOM and CRLF line ends give the same deck, lines and notes.
run import --dry-run --name vocab "$F/vocab-bom-crlf.csv" --force
expect_status 0
expect_out "$F/vocab-bom-crlf.csv:8:1: skipped: 5 fields"
expect_out "$F/vocab-bom-crlf.csv:9:1: skipped: duplicate front 'chat'"
expect_out "6 cards as before (their progress stays), 0 new, 0 gone"

# ---- TSV without a header ----
run import "$F/colours.tsv"
expect_status 0
expect_out "imported 'colours' (tsv): 1 section, 3 cards from 3 rows"
run show colours
expect_out "bleu"
expect_out "  the colour of the sky"

# ---- Anki's export: headers, HTML, subdecks, cloze, media ----
run import "$F/anki-notes.txt"
expect_status 0
expect_out "$F/anki-notes.txt:8:1: warning: 1 image dropped ('inu.png')"
expect_out "$F/anki-notes.txt:10:1: warning: 1 sound dropped ('tokyo.mp3')"
expect_no_out "cloze deletions"
expect_out "imported 'anki-notes' (anki): 4 sections, 7 cards from 6 rows"
run list --plain anki-notes
expect_out "$(printf '1\tJapanese › Vocabulary\t2')"
expect_out "$(printf '2\tJapanese › Grammar\t1')"
run show anki-notes
expect_out "Japanese › Vocabulary › 猫 (neko)"
expect_out "  a small pet"
expect_out "  • polite copula"
# the cloze note in Anki's syntax: a card per number
expect_out "Japanese › […] is the capital of Japan"
expect_out "  [東京] is the capital of Japan"
expect_out "Japanese › 東京 is the capital of [country]"
expect_out "  東京 is the capital of [Japan]"
expect_out "  Largest city"
expect_out "  e^iπ + 1 = 0 & H₂O"
expect_out 'Math › A "quoted" front'
grep -qF -- '- **猫 (neko)**: <!-- tags: animals n5 --> cat\' "$DECKS/anki-notes.md" ||
    fail "anki-notes.md: front and tags"
grep -qF -- '- {{c1::東京}} is the capital of {{c2::Japan::country}} <!-- tags: geo -->' \
    "$DECKS/anki-notes.md" || fail "anki-notes.md: the cloze note"

# Anki with ';', no HTML, named columns, a deck for all notes.
run import "$F/anki-semicolon.txt" --name capitals
expect_status 0
run show capitals
expect_out "Capitals › Capital of France?"
expect_out "  Canberra; not Sydney"

# ---- markdown: checked, then copied byte for byte ----
run import "$F/notebook.md" --name chemistry
expect_status 0
expect_out "imported 'chemistry' (md): 2 sections, 3 cards"
cmp -s "$F/notebook.md" "$DECKS/chemistry.md" || fail "markdown not copied as is"

# ---- vgrev decks ----
run decks
expect_status 0
[ "$(echo "$out" | head -1)" = "$(printf 'NAME\tTITLE\tCARDS\tNEW\tLEARNING\tDUE\tFILE')" ] ||
    fail "decks: header"
expect_out "$(printf 'vanishing-gradient\tVanishing Gradient Problem Revision Notebook\t25\t25\t0\t0\tbuilt-in')"
expect_out "$(printf 'vocab\tvocab\t6\t6\t0\t0\t%s' "$DECKS/vocab.md")"
expect_out "$(printf 'chemistry\tRevision: Chemistry\t3\t3\t0\t0\t%s' "$DECKS/chemistry.md")"
[ "$(echo "$out" | cut -f1 | tr '\n' ' ')" = "NAME vanishing-gradient anki-notes capitals chemistry colours vocab " ] ||
    fail "decks: names in order: $(echo "$out" | cut -f1 | tr '\n' ' ')"
run list --plain vanishing-gradient
expect_status 0
expect_out "$(printf '1\tWhat is the Vanishing Gradient Problem?\t3')"

# ---- an existing deck: refused, then replaced; progress survives edits ----
# Study three cards of the imported deck (Good, Good, Again).
export VGREV_NOW=2026-01-10T10:00:00Z
printf '\n3\n\n3\n\n1\nq\n' | "$VGREV" study --plain --new 3 vocab >"$T/out" 2>"$T/err"
status=$?
expect_status 0
run decks
expect_out "$(printf 'vocab\tvocab\t6\t3\t3\t0')"
states_before=$("$VGREV" list --plain --cards vocab | tail -n +2 | cut -f1,4,5,6 | grep learning | sort)
[ "$(echo "$states_before" | wc -l)" -eq 3 ] || fail "three cards in learning: $states_before"
ids_before=$("$VGREV" list --plain --cards vocab | tail -n +2 | cut -f1,6 | sort)
before=$(cat "$DECKS/vocab.md")
run import "$F/vocab-edited.csv" --name vocab
expect_status 1
expect_err "there is a deck 'vocab' already ($DECKS/vocab.md): --force replaces it; nothing written"
[ "$(cat "$DECKS/vocab.md")" = "$before" ] || fail "refused import changed the deck"
run import "$F/vocab-edited.csv" --name vocab --force
expect_status 0
expect_out "replaced the deck; 3 cards as before (their progress stays), 2 new, 3 gone"
ids_after=$("$VGREV" list --plain --cards vocab | tail -n +2 | cut -f1,6 | sort)
# chat (back edited), chien and le "chat" noir keep their ids; cheval moved sections.
for front in chat chien 'le "chat" noir'; do
    a=$(echo "$ids_before" | awk -F'\t' -v f="$front" '$2 == f {print $1}')
    b=$(echo "$ids_after" | awk -F'\t' -v f="$front" '$2 == f {print $1}')
    [ -n "$a" ] && [ "$a" = "$b" ] || fail "id of '$front' changed: '$a' -> '$b'"
done
# ... and the three studied cards are still in learning, due when they were.
states_after=$("$VGREV" list --plain --cards vocab | tail -n +2 | cut -f1,4,5,6 | grep learning | sort)
[ "$states_after" = "$states_before" ] || fail "progress lost on re-import: $states_after"
run decks
expect_out "$(printf 'vocab\tvocab\t5\t2\t3\t0')"
unset VGREV_NOW
compgen -G "$DECKS/.*.tmp" >/dev/null && fail "a temporary file was left behind"

# ---- --dry-run writes nothing, not even the folders ----
export VGREV_HOME="$T/fresh"
run import --dry-run "$F/vocab.csv"
expect_status 0
expect_out "would import 'vocab' (csv): 3 sections, 6 cards from 8 rows (2 skipped)"
expect_out "nothing written; the deck would be $T/fresh/decks/vocab.md"
[ -e "$T/fresh" ] && fail "--dry-run created $T/fresh"

# ---- standard input ----
printf 'front,back\nq,a\n' | "$VGREV" import - --format csv --name piped >"$T/out" 2>"$T/err"
status=$?
expect_status 0
[ -f "$T/fresh/decks/piped.md" ] || fail "stdin import not written"
run import - --format csv </dev/null
expect_status 2
expect_err "reading standard input: give the deck a name with --name"

# ---- format from --format and the contents ----
cp "$F/anki-semicolon.txt" "$T/anki.dat"
run import --dry-run "$T/anki.dat"
expect_status 0
expect_out "(anki)"
printf 'a,b\n' >"$T/x.dat"
run import --dry-run "$T/x.dat"
expect_status 2
expect_err "cannot tell the format of '$T/x.dat' from its name: add --format md, csv, tsv or anki"
run import --dry-run --format csv "$T/x.dat"
expect_status 0
run import --dry-run --format xlsx "$T/x.dat"
expect_status 2
expect_err "unknown format 'xlsx'"
run import --dry-run --format tsv --front 2 --back 1 "$F/colours.tsv" --name c2
expect_status 0
run import "$F/vocab.csv" --name v2 --front Back --back Front --section 3
expect_status 0
run show v2
expect_out "Animals › cat"
run import "$F/vocab.csv" --name v3 --front Nope
expect_status 1
expect_err "$F/vocab.csv:1:1: front column 'Nope': no column has that name"

expect_clean
finish
