#!/usr/bin/env bash
# The full-screen study screen says so the moment saves start failing: a journal past its
# limit makes the session start a snapshot in the background, the shim (tests/inject/inject.c)
# fails the write of its checkpoint line, and the screen dumped after the first answer shows
# the warning; the session still ends well, its answer kept. (A failure in the child that
# writes the snapshot comes back the same way: tests/unit/test_store_bg.c.)
#
# Usage: VGREV=build/vgrev VG_INJECT_SO=build/tests/libvginject.so bash tests/inject/save_warning.sh
set -u
: "${VGREV:?VGREV must name the vgrev binary}"
: "${VG_INJECT_SO:?VG_INJECT_SO must name the shim}"
VG_TMP=${VG_TMP:-/tmp}
mkdir -p "$VG_TMP"
T=$(mktemp -d "$VG_TMP/savewarn.XXXXXX")
trap 'rm -rf "$T"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC NO_COLOR=1 VGREV_NOW=2026-03-02T09:00:00Z VGREV_HOME="$T/home"
skip() {
    echo "SKIP: $*"
    exit 77
}
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
if [ "${VG_SANITIZE:-}" = ON ] || ldd "$VGREV" 2>/dev/null | grep -q 'libasan\|libubsan'; then
    skip "the sanitizer build cannot take an LD_PRELOAD shim"
fi
[ -f "$VG_INJECT_SO" ] || skip "no shim at $VG_INJECT_SO"

# A journal of more than 1 MiB (buries of cards of another deck): the session compacts it.
mkdir -p "$VGREV_HOME"
{
    echo '{op: begin, version: 1, generation: 0}'
    seq 1 16000 | awk '{printf "{op: bury, deck: x, id: %016x, until: 2026-01-01T00:00:00Z}\n", $1}'
} >"$VGREV_HOME/progress.yaml.journal"
printf '<Space>\n3\n:dump\nq\n' >"$T/keys"
# The first write() under the folder is the checkpoint line (the lock file is written otherwise).
LD_PRELOAD=$VG_INJECT_SO VG_INJECT_PATH=$VGREV_HOME VG_INJECT_CALL=write VG_INJECT_N=1 \
    VGREV_TEST_KEYS="$T/keys" VGREV_TEST_DUMP="$T/dump" "$VGREV" study >"$T/out" 2>"$T/err"
status=$?
[ "$status" -eq 0 ] || fail "exit status $status: $(cat "$T/err")"
grep -q 'Cannot save the progress: .*Input/output error' "$T/dump" ||
    fail "no warning on the screen after the failed save:
$(cat "$T/dump")"
grep -q 'Answers are kept in the journal; saving is retried later.' "$T/dump" ||
    fail "the warning is cut: $(cat "$T/dump")"
# The save at the end worked (the rename fails only once): the answer is in the snapshot.
grep -q 'rating: 3' "$VGREV_HOME/progress.yaml" || fail "the answer is not in the snapshot"
echo "ok"
