#!/usr/bin/env bash
# Static analysis, one tool per ctest test: lint.sh TOOL BUILD_DIR, TOOL one of cppcheck,
# clang-tidy (with the checked-in .clang-tidy and BUILD_DIR's compile_commands.json)
# or shellcheck. A tool that is not installed exits 77, which ctest reports as skipped.
set -euo pipefail
tool=$1
build=${2:-build}
command -v "$tool" >/dev/null || { echo "$tool is not installed: skipped" >&2; exit 77; }
sources() { git ls-files "$@" 2>/dev/null || find . -path ./build\* -prune -o -name "${1##*/}" -print; }
case $tool in
cppcheck)
    mapfile -t files < <(sources 'src/*.c')
    cppcheck --quiet --enable=warning,performance,portability --std=c11 --inline-suppr \
        -Iinclude -Isrc/core --error-exitcode=1 "${files[@]}"
    ;;
clang-tidy)
    mapfile -t files < <(sources 'src/*.c')
    # Two at a time: the machines have two cores.
    printf '%s\n' "${files[@]}" | xargs -P2 -n4 clang-tidy -p "$build" --quiet 2>/dev/null
    ;;
shellcheck)
    mapfile -t files < <(sources '*.sh' && echo .ci/install-deps && echo .ci/run)
    shellcheck -x -P SCRIPTDIR -S warning "${files[@]}"
    ;;
*)
    echo "lint.sh: unknown tool '$tool'" >&2
    exit 2
    ;;
esac
