#!/usr/bin/env bash
# The Debian package: `cpack -G DEB` in the build folder BUILD builds it; unpacked with dpkg -x
# into a temporary folder, its vgrev runs (--version, list --plain) and finds nothing it needs
# outside the package and its Depends; it holds the man page, the completions and the docs;
# lintian reports no error. Skipped (77) when dpkg-deb, dpkg-shlibdeps or lintian is missing.
set -u
build=${1:?usage: deb.sh BUILD}
for tool in cpack dpkg-deb dpkg-shlibdeps lintian; do
    command -v "$tool" >/dev/null || { echo "$tool is missing: skipped" >&2; exit 77; }
done
VG_TMP=${VG_TMP:-/tmp}
mkdir -p "$VG_TMP"
T=$(mktemp -d "$VG_TMP/deb.XXXXXX")
trap 'rm -rf "$T"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

(cd "$build" && cpack -G DEB -B "$T/pkg" >"$T/cpack.log" 2>&1) || { cat "$T/cpack.log" >&2; exit 1; }
debs=("$T"/pkg/vgrev_*.deb)
deb=${debs[0]}
[ -f "$deb" ] || { echo "no .deb in $T/pkg: $(ls "$T/pkg")" >&2; exit 1; }

depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libcmark libncursesw6 libyaml; do
    grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done
root=$T/root
dpkg-deb -x "$deb" "$root"
for f in usr/bin/vgrev usr/share/man/man1/vgrev.1.gz usr/share/doc/vgrev/copyright \
    usr/share/doc/vgrev/changelog.gz usr/share/doc/vgrev/README.md \
    usr/share/bash-completion/completions/vgrev usr/share/zsh/vendor-completions/_vgrev \
    usr/share/fish/vendor_completions.d/vgrev.fish; do
    [ -s "$root/$f" ] || fail "the package lacks $f"
done
export VGREV_HOME=$T/home NO_COLOR=1
out=$("$root/usr/bin/vgrev" --version 2>&1) || fail "vgrev --version failed: $out"
grep -q "^vgrev $(dpkg-deb -f "$deb" Version)" <<<"$out" || fail "--version: $out"
out=$("$root/usr/bin/vgrev" list --plain 2>&1) || fail "vgrev list --plain failed: $out"
grep -q "Vanishing Gradient" <<<"$out" || fail "list --plain: $out"
zcat "$root/usr/share/man/man1/vgrev.1.gz" | grep -q '^\.TH VGREV' || fail "the man page is not vgrev(1)"

lintian --fail-on error "$deb" >"$T/lintian" 2>&1 || fail "lintian: $(cat "$T/lintian")"
grep -q '^E: ' "$T/lintian" && fail "lintian errors: $(cat "$T/lintian")"
[ "$failures" -eq 0 ] || exit 1
