#!/usr/bin/env bash
# Fails when a C file differs from what the checked-in .clang-format makes of it; exits 77
# (skipped) when clang-format is not installed.
set -euo pipefail
fmt=${1:-clang-format}
command -v "$fmt" >/dev/null || { echo "$fmt is not installed: skipped" >&2; exit 77; }
mapfile -t files < <(git ls-files '*.c' '*.h' 2>/dev/null || find src include tests -name '*.[ch]')
[ ${#files[@]} -eq 0 ] && exit 0
"$fmt" --dry-run -Werror "${files[@]}"
