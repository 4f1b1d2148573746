#!/usr/bin/env bash
# Deck text is untrusted: no escape sequence or control character reaches the output.
. "$(dirname "$0")/lib.sh"

d="$VG_FIXTURES/e2e/escapes.md"
for args in "list --plain" "list --plain --cards" "show" "check"; do
    # shellcheck disable=SC2086
    run $args "$d"
    expect_status 0
    expect_clean
    LC_ALL=C grep -q $'\xc2\x9b\|\xe2\x80\xae' "$T/out" && fail "$args: C1 CSI or bidi override left"
done
run show "$d"
expect_out "Bell front"
expect_out "Colours red"

finish
