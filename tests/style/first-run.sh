#!/usr/bin/env bash
# The README's first command on a new machine: its cmake steps, run with the test libraries
# hidden from pkg-config (a PKG_CONFIG_LIBDIR holding every .pc file of this machine but
# cmocka's), must configure, build and give a vgrev that runs. Usage: first-run.sh SRC DIR.
set -euo pipefail
src=$1
dir=$2
cd "$src"
first=$(grep -m1 -- '&& ./build/vgrev study' README.md) || { echo "README.md has no first command" >&2; exit 1; }
rm -rf "$dir" && mkdir -p "$dir/pc"
IFS=: read -ra pcdirs <<<"$(pkg-config --variable pc_path pkg-config)"
for d in "${pcdirs[@]}"; do
    for pc in "$d"/*.pc; do
        [ -e "$pc" ] && [ "$(basename "$pc")" != cmocka.pc ] && ln -sf "$pc" "$dir/pc/"
    done
done
export PKG_CONFIG_LIBDIR="$dir/pc" PKG_CONFIG_PATH='' VGREV_HOME="$dir/home"
if pkg-config --exists cmocka; then
    echo "cmocka is still visible to pkg-config" >&2
    exit 1
fi
# The cmake steps of the README's command, with its build folder moved to ours.
IFS='&' read -ra steps <<<"${first//&&/&}"
ran=0
for step in "${steps[@]}"; do
    read -ra words <<<"$step"
    [ "${words[0]:-}" = cmake ] || continue
    for i in "${!words[@]}"; do [ "${words[$i]}" = build ] && words[i]="$dir/build"; done
    echo "+ ${words[*]}"
    "${words[@]}" >"$dir/log" 2>&1 || { cat "$dir/log" >&2; echo "failed: ${words[*]}" >&2; exit 1; }
    ran=$((ran + 1))
done
[ "$ran" -ge 2 ] || { echo "the first command has no cmake configure and build steps" >&2; exit 1; }
"$dir/build/vgrev" --version
"$dir/build/vgrev" list --plain >/dev/null
# The tests are not built without cmocka, and asking for them says why.
[ ! -e "$dir/build/tests" ] || { echo "tests were configured without cmocka" >&2; exit 1; }
if cmake -S . -B "$dir/with-tests" -DVGREV_TESTS=ON >"$dir/log" 2>&1; then
    echo "-DVGREV_TESTS=ON configured without cmocka" >&2
    exit 1
fi
grep -q cmocka "$dir/log" || { cat "$dir/log" >&2; exit 1; }
rm -rf "$dir"
echo "first run: ok"
