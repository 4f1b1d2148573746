#!/usr/bin/env bash
# docs/configuration.md lists every action that config.yaml's keys: can remap, between
# <!-- actions --> and <!-- /actions -->, as the action table prints it (tests/ui/keys_man.c).
# Usage: config-actions.sh KEYS_MAN_PROGRAM CONFIGURATION_MD; VG_REGEN=1 prints the table.
set -euo pipefail
prog=$1
doc=$2
if [ "${VG_REGEN:-}" = 1 ]; then
    "$prog" actions
    exit 0
fi
diff -u <(awk '/^<!-- \/actions -->$/ { on = 0 } on; /^<!-- actions -->$/ { on = 1 }' "$doc") \
    <("$prog" actions) || {
    echo "the actions in $doc differ from the action table (VG_REGEN=1 prints it)" >&2
    exit 1
}
