#!/usr/bin/env bash
# Fails when a C file differs from what the checked-in .clang-format makes of it.
set -euo pipefail
fmt=${1:-clang-format}
mapfile -t files < <(git ls-files '*.c' '*.h' 2>/dev/null || find src include tests -name '*.[ch]')
[ ${#files[@]} -eq 0 ] && exit 0
"$fmt" --dry-run -Werror "${files[@]}"
