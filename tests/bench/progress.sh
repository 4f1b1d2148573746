#!/usr/bin/env bash
# Progress benchmark (DESIGN §7): 100,000 cards x 5 reviews. Builds tests/bench/bench_progress.c
# with the core at -O2 and prints, in one run: loading the progress file against libyaml's event
# parse of the same file, the snapshot writer, the time from an answer to its journal line being on
# disk (p99) beside a plain append + fdatasync, and the pause before the next card; `result` lines.
# Exits 1 when a budget is missed. Not a ctest test: timings depend on the machine and the disk.
#   tests/bench/progress.sh [CARDS [REVIEWS [DIR]]]
# DIR (default: a temporary folder in the current one) decides which disk fdatasync hits.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The core without the Anki package reader (sqlite, zstd, zip: not needed here), and the
# snapshot writer's program (src/cli/snapshot.c: the bench starts itself as vgrev does).
srcs=("$root/src/cli/snapshot.c")
for f in "$root"/src/core/*/*.c; do
    case $f in */core/package/* | */core/import/package.c) ;; *) srcs+=("$f") ;; esac
done
# shellcheck disable=SC2046
"${CC:-cc}" -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I"$root/include" \
    -I"$root/src/core" -I"$root/src/cli" "${srcs[@]}" "$root"/tests/bench/bench_progress.c \
    $(pkg-config --cflags --libs libcmark yaml-0.1) -lm -o "$tmp/bench_progress"
"$tmp/bench_progress" "$@"
