#!/usr/bin/env bash
# The command line itself: help, version, usage errors and exit statuses.
. "$(dirname "$0")/lib.sh"

run --version
expect_status 0
expect_out "vgrev "

run --help
expect_status 0
expect_out "usage: vgrev"
expect_out "list"

run
expect_status 2
expect_err "usage: vgrev"

run frobnicate
expect_status 2
expect_err "vgrev: unknown command 'frobnicate'"

for cmd in list show check; do
    run "$cmd" --help
    expect_status 0
    expect_out "usage: vgrev $cmd"
    run "$cmd" --bogus
    expect_status 2
    expect_err "vgrev: $cmd: unknown option"
done

# The option tables: -h everywhere, options before the command, the help's layout.
run -V
expect_status 0
expect_out "vgrev "
run --bogus list
expect_status 2
expect_err "vgrev: unknown option '--bogus'"
expect_err "Try 'vgrev --help'."
run --help
commands=$(sed -n '/^commands:$/,/^$/p' "$T/out" | awk 'NF > 1 { print $1 }')
for cmd in $commands; do
    run "$cmd" -h
    expect_status 0
    expect_out "usage: vgrev $cmd"
    expect_out "  -h, --help"
    # every line of the help (the synopsis, the about text, the options) fits 80 columns
    long=$(awk 'length($0) > 80' "$T/out")
    [ -z "$long" ] || fail "vgrev $cmd --help has lines over 80 columns: $long"
done
run decks extra
expect_status 2
expect_err "vgrev: decks: no arguments expected ('extra' is extra)"
run replay a b
expect_status 2
expect_err "vgrev: replay: one file at a time ('b' is extra)"

run list a.md b.md
expect_status 2
expect_err "vgrev: list: one deck at a time"

run check
expect_status 2
expect_err "vgrev: check: which file?"

finish
