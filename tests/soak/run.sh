#!/usr/bin/env bash
# The long soak, by hand: every mode of kill.sh with N rounds (default 1000), on the binary
# VGREV (default build/vgrev). CI runs short versions as the ctest tests soak.kill, soak.full
# and soak.readonly. A mode that cannot run here (no root, no tmpfs) is reported as skipped.
#   bash tests/soak/run.sh 1000
set -u
here=$(cd "$(dirname "$0")" && pwd)
N=${1:-1000}
export VGREV=${VGREV:-$here/../../build/vgrev}
[ -x "$VGREV" ] || {
    echo "no vgrev binary at $VGREV: build first, or set VGREV" >&2
    exit 2
}
status=0
for mode in kill full readonly; do
    bash "$here/kill.sh" "$N" "$mode"
    rc=$?
    case $rc in
    0) ;;
    77) echo "($mode skipped)" ;;
    *) status=1 ;;
    esac
done
exit $status
