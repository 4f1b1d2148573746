#!/usr/bin/env bash
# The KEYS section of docs/vgrev.1 (from ".SH KEYS" to the next ".SH") is what the key tables
# print (tests/ui/keys_man.c): a changed binding or help line shows up here as a diff.
# Usage: man-keys.sh KEYS_MAN_PROGRAM MAN_PAGE; VG_REGEN=1 prints the section to paste instead.
set -euo pipefail
prog=$1
man=$2
if [ "${VG_REGEN:-}" = 1 ]; then
    "$prog"
    exit 0
fi
diff -u <(awk '/^\.SH KEYS$/ { on = 1 } /^\.SH / && !/^\.SH KEYS$/ { on = 0 } on' "$man") \
    <("$prog") || {
    echo "the KEYS section of $man differs from the key tables (VG_REGEN=1 prints it)" >&2
    exit 1
}
