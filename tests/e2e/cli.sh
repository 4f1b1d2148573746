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

run list a.md b.md
expect_status 2
expect_err "vgrev: list: one deck at a time"

run check
expect_status 2
expect_err "vgrev: check: which file?"

finish
