#!/usr/bin/env bash
# vgrev import: files that cannot be imported give file:line:col errors, exit 1, and write
# nothing: the data folder is compared before and after.
. "$(dirname "$0")/lib.sh"

F="$VG_FIXTURES/import"

# A folder state: every path with its size and checksum (nothing when it does not exist).
snapshot() {
    if [ -e "$VGREV_HOME" ]; then
        (cd "$VGREV_HOME" && find . -print0 | sort -z | xargs -0 -I{} sh -c \
            'if [ -f "{}" ]; then echo "{} $(cksum <"{}")"; else echo "{}"; fi')
    fi
}

# refused FILE EXPECTED-STDERR-LINE [ARGS...]: the import fails with exactly that first error.
refused() {
    local file=$1 want=$2
    shift 2
    local before
    before=$(snapshot)
    run import "$file" "$@"
    expect_status 1
    [ "$(head -1 "$T/err")" = "$want" ] || fail "$file: first error line; want: $want"
    expect_err "vgrev: import: nothing written"
    [ "$(snapshot)" = "$before" ] || fail "$file: the data folder changed"
}

# Nothing there yet: a refused import does not even create the folders.
refused "$F/unclosed-quote.csv" \
    "vgrev: $F/unclosed-quote.csv:3:1: unclosed quote: the field that starts here never ends (a '\"' inside a quoted field is written '\"\"')"
[ -e "$VGREV_HOME" ] && fail "a refused import created $VGREV_HOME"

# With decks already there, they stay as they were.
run import "$F/colours.tsv"
expect_status 0

refused "$F/unclosed-quote.csv" \
    "vgrev: $F/unclosed-quote.csv:3:1: unclosed quote: the field that starts here never ends (a '\"' inside a quoted field is written '\"\"')"
refused "$F/invalid-utf8.csv" \
    "vgrev: $F/invalid-utf8.csv:3:4: invalid UTF-8 (byte 0xE9): save the file as UTF-8"
refused "$F/binary.csv" "vgrev: $F/binary.csv:2:4: NUL byte (not a text file?)"
refused "$F/empty.csv" "vgrev: $F/empty.csv: empty file: nothing to import"
refused "$F/bad-separator.txt" \
    "vgrev: $F/bad-separator.txt:1:12: unknown separator 'Dollar' (Anki's are tab, comma, semicolon, space, pipe and colon)"
refused "$F/no-cards.md" \
    "vgrev: $F/no-cards.md: no cards: a card is a top-level bullet that opens with bold text, '- **Front**: back' (see docs/deck-format.md)"
refused "$F/all-skipped.csv" "vgrev: $F/all-skipped.csv: no cards: every row was skipped"
expect_out "$F/all-skipped.csv:2:1: skipped: empty front"
expect_out "$F/all-skipped.csv:3:1: skipped: empty front"

# A markdown deck with errors: every error, as 'vgrev check' reports them. A '$' that does not
# close is a warning, never a refusal.
refused "$F/errors.md" "vgrev: $F/errors.md:6:1: duplicate card 'Term' in section 'Section' (first at line 4)"
expect_out "$F/errors.md:5:20: warning: unclosed '\$' is shown as written (write '\\\$' for a dollar sign)"
expect_err "nothing written (1 error)"

# The same refusals with --force: force replaces decks, it does not let errors through.
refused "$F/binary.csv" "vgrev: $F/binary.csv:2:4: NUL byte (not a text file?)" --force --name colours

# Errors after a quoted field with line breaks are on their physical line.
printf 'front,back\n"a\nb\nc",d\n"e",\xff\n' >"$T/late.csv"
refused "$T/late.csv" "vgrev: $T/late.csv:5:5: invalid UTF-8 (byte 0xFF): save the file as UTF-8"
printf 'front,back\n"a\r\nb",c\r\nd,"open\r\n' >"$T/late2.csv"
refused "$T/late2.csv" \
    "vgrev: $T/late2.csv:4:3: unclosed quote: the field that starts here never ends (a '\"' inside a quoted field is written '\"\"')"

# Not a file at all.
before=$(snapshot)
run import "$T/missing.csv"
expect_status 1
expect_err "vgrev: $T/missing.csv: No such file or directory"
run import "$T"
expect_status 1
expect_err "Is a directory"
[ "$(snapshot)" = "$before" ] || fail "the data folder changed"

# Usage.
run import
expect_status 2
expect_err "which file?"
run import a.csv b.csv
expect_status 2
expect_err "one file at a time ('b.csv' is extra)"
run import --bogus a.csv
expect_status 2
run import --help
expect_status 0
expect_out "usage: vgrev import FILE"

expect_clean
finish
