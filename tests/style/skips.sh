#!/usr/bin/env bash
# Every style test whose tool is missing exits 77 (ctest: skipped), never 0 (passed), and so do
# the terminal tests without tmux and the package test without lintian. The tools are hidden
# behind a PATH of links to every other program of this machine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(mktemp -d)
tmp=$(mktemp -d)
trap 'rm -rf "$bin" "$tmp"' EXIT
tools="clang-format cppcheck clang-tidy shellcheck tmux lintian"
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
    for f in "$d"/*; do
        b=${f##*/}
        case " $tools " in *" $b "*) continue ;; esac
        [ -x "$f" ] && [ ! -e "$bin/$b" ] && ln -s "$f" "$bin/$b"
    done
done
status=0
check() {
    local want=77 got=0
    PATH=$bin "$@" >/dev/null 2>&1 || got=$?
    [ "$got" -eq "$want" ] || { echo "with its tool missing, '$*' exited $got, not $want" >&2; status=1; }
}
check bash "$here/format-check.sh"
for tool in cppcheck clang-tidy shellcheck; do
    check bash "$here/lint.sh" "$tool" build
done
for t in study_tmux list_tmux; do
    VGREV=/bin/false VG_FIXTURES="$tmp" VG_TMP="$tmp" check bash "$here/../e2e/$t.sh"
done
VG_TMP="$tmp" check bash "$here/../package/deb.sh" build
exit $status
