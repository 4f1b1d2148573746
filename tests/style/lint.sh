#!/usr/bin/env bash
# Static analysis: cppcheck and clang-tidy (with the checked-in .clang-tidy) on every C file
# of the program. A tool that is not installed is skipped, not failed.
set -euo pipefail
build=$1
mapfile -t files < <(git ls-files 'src/*.c' 2>/dev/null || find src -name '*.c')
status=0
if command -v cppcheck >/dev/null; then
    cppcheck --quiet --enable=warning,performance,portability --std=c11 --inline-suppr \
        -Iinclude -Isrc/core --error-exitcode=1 "${files[@]}" || status=1
fi
if command -v clang-tidy >/dev/null; then
    # Two at a time: the machines have two cores.
    printf '%s\n' "${files[@]}" | xargs -P2 -n4 clang-tidy -p "$build" --quiet 2>/dev/null || status=1
fi
exit $status
