#!/usr/bin/env bash
# vgrev decks: the built-in deck and the imported ones.
. "$(dirname "$0")/lib.sh"

DECKS="$VGREV_HOME/decks"

# Nothing imported: the built-in deck alone (and no folder is created).
run decks
expect_status 0
expect_out_eq "$(printf 'NAME\tTITLE\tCARDS\tNEW\tLEARNING\tDUE\tFILE\nvanishing-gradient\tVanishing Gradient Problem Revision Notebook\t25\t25\t0\t0\tbuilt-in')"
[ -e "$VGREV_HOME" ] && fail "decks created the data folder"

# Imported decks in name order; files that are not decks are not listed.
run import "$VG_FIXTURES/import/colours.tsv" --name zeta
run import "$VG_FIXTURES/import/notebook.md" --name alpha
mkdir -p "$DECKS/sub.md"
: >"$DECKS/.hidden.md"
: >"$DECKS/notes.txt"
run decks --plain
expect_status 0
[ "$(echo "$out" | cut -f1 | tr '\n' ' ')" = "NAME vanishing-gradient alpha zeta " ] ||
    fail "decks: $(echo "$out" | cut -f1 | tr '\n' ' ')"
expect_out "$(printf 'alpha\tRevision: Chemistry\t3\t3\t0\t0\t%s/alpha.md' "$DECKS")"
expect_out "$(printf 'zeta\tzeta\t3\t3\t0\t0\t%s/zeta.md' "$DECKS")"

# A deck file that no longer loads is listed, reported, and the status says so.
printf 'bad \xff byte\n' >"$DECKS/broken.md"
run decks
expect_status 1
expect_err "vgrev: $DECKS/broken.md:1:5: invalid UTF-8 (byte 0xFF)"
expect_out "$(printf 'broken\t(does not load)\t?\t?\t?\t?\t%s/broken.md' "$DECKS")"
expect_out "$(printf 'zeta\tzeta\t3')"
rm "$DECKS/broken.md"

# A title with control characters or tabs does not break the table or reach the terminal.
printf '# Evil\033[2J\ttitle\n\n- **a**: b\n' >"$DECKS/evil.md"
run decks
expect_status 0
expect_out "$(printf 'evil\tEvil title\t1\t1\t0\t0')"
expect_clean

# On a terminal: aligned columns, no tabs.
if command -v script >/dev/null 2>&1; then
    script -qc "'$VGREV' decks" /dev/null >"$T/tty" 2>&1
    grep -q "$(printf '\t')" "$T/tty" && fail "tabs on a terminal"
    grep -qE '^NAME +TITLE +CARDS +NEW +LEARNING +DUE +FILE' "$T/tty" ||
        fail "terminal header: $(head -1 "$T/tty")"
    grep -qE '^vanishing-gradient +Vanishing Gradient Problem Revision Notebook +25 +25 +0 +0 +built-in' "$T/tty" ||
        fail "terminal row"
fi

# Decks by name everywhere a deck goes.
run list alpha
expect_status 0
expect_out "$(printf '1\tBonds\t2')"
run show alpha
expect_out "Gases › Ideal gas law"
ids=$("$VGREV" list --plain --cards alpha | tail -n +2 | cut -f1)
run show alpha "$(echo "$ids" | head -1 | cut -c1-6)"
expect_status 0
expect_out "Bonds › Covalent bond"
run list nosuchdeck
expect_status 1
expect_err "no deck 'nosuchdeck'"

# A progress file that does not load: an error, as for 'vgrev list'.
printf 'version: [\n' >"$VGREV_HOME/progress.yaml"
run decks
expect_status 1
expect_err "progress.yaml:"
rm "$VGREV_HOME/progress.yaml"

run decks extra
expect_status 2
run decks --help
expect_status 0
expect_out "usage: vgrev decks"

finish
