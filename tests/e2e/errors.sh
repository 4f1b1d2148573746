#!/usr/bin/env bash
# Bad input: a clear "vgrev:" error with a location, exit 1, no crash.
. "$(dirname "$0")/lib.sh"

f="$VG_FIXTURES/e2e"
for cmd in "list --plain" "show" "check"; do
    # shellcheck disable=SC2086
    run $cmd "$T/missing.md"
    expect_status 1
    expect_err "vgrev: $T/missing.md"

    # shellcheck disable=SC2086
    run $cmd "$f/invalid-utf8.md"
    expect_status 1
    expect_err "vgrev: $f/invalid-utf8.md:4:"
    expect_err "UTF-8"

    # shellcheck disable=SC2086
    run $cmd "$f/nul.md"
    expect_status 1
    expect_err "vgrev: $f/nul.md:2:11:"

    # shellcheck disable=SC2086
    run $cmd "$f/garbage.bin"
    expect_status 1
    expect_err_re "^vgrev: $f/garbage.bin:[0-9]+:[0-9]+: "

    # shellcheck disable=SC2086
    run $cmd "$T"
    expect_status 1
    expect_err "vgrev: "
done

run list --plain no-such-deck
expect_status 1
expect_err "vgrev: no deck 'no-such-deck'"

finish
