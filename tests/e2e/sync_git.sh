#!/usr/bin/env bash
# Progress in git and in synced folders: 'vgrev init-git' sets up 'vgrev merge --git-driver';
# two branches that each studied merge with every review of both and no conflict marker; a
# sync tool's conflict copy beside progress.yaml is merged at start-up and renamed, not deleted.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8 TZ=UTC
command -v git >/dev/null || { echo "git is missing" >&2; exit 77; }
# GIT_CEILING_DIRECTORIES: the test folder may be inside vgrev's own clone, which git must
# never see from here.
export GIT_CEILING_DIRECTORIES=$T GIT_CONFIG_NOSYSTEM=1 HOME="$T" GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t \
    GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t

# study AT ANSWERS: a --plain session at time AT, ANSWERS (printf format) on stdin.
study() {
    # shellcheck disable=SC2059
    printf "$2" | VGREV_NOW=$1 "$VGREV" study --plain >"$T/out" 2>"$T/err" || fail "study at $1: $(cat "$T/err")"
}
# The reviews of a progress file (in block style, as vgrev writes it): "ID TIME RATING" lines.
reviews() { awk '/^- id: /{ id = $3 } /\{t: /{ gsub(/[{},]/, " "); print id, $3, $5 }' "$@" | sort -u; }

# Two machines, each with its own data folder, a clone of the other's repository.
desktop=$T/desktop laptop=$T/laptop
mkdir -p "$desktop"
export VGREV_HOME=$desktop
run init-git # not a repository yet: refused, nothing written
expect_status 1
expect_err "not in a git repository"
[ -e "$desktop/.gitattributes" ] && fail "init-git wrote outside a repository"
git -C "$desktop" init -q -b main
run init-git
expect_status 0
expect_out "git merges progress.yaml with"
grep -qx 'progress.yaml merge=vgrev' "$desktop/.gitattributes" || fail ".gitattributes: $(cat "$desktop/.gitattributes")"
grep -qx 'progress.yaml.journal' "$desktop/.gitignore" || fail ".gitignore: $(cat "$desktop/.gitignore")"
[ "$(git -C "$desktop" config merge.vgrev.driver)" = "'$(readlink -f "$VGREV")' merge --git-driver %O %A %B" ] ||
    fail "driver: $(git -C "$desktop" config merge.vgrev.driver)"
run init-git # again: nothing added twice
[ "$(wc -l <"$desktop/.gitattributes")" -eq 1 ] || fail "init-git twice: $(cat "$desktop/.gitattributes")"
study 2026-03-02T09:00:00Z '\n3\n\n3\n'
git -C "$desktop" add -A && git -C "$desktop" commit -qm base

git clone -q "$desktop" "$laptop"
export VGREV_HOME=$laptop
run init-git # the configuration is not cloned
study 2026-03-03T09:00:00Z '\n4\n\n1\n\n3\n\n3\n'
git -C "$laptop" commit -qam laptop

export VGREV_HOME=$desktop
study 2026-03-03T20:00:00Z '\n2\n\n3\n\n3\n'
git -C "$desktop" commit -qam desktop
reviews "$desktop/progress.yaml" "$laptop/progress.yaml" >"$T/want"
[ "$(wc -l <"$T/want")" -ge 9 ] || fail "too few reviews on the two machines: $(cat "$T/want")"
git -C "$desktop" pull -q --no-rebase --no-edit "$laptop" main >"$T/merge" 2>&1 || fail "git pull: $(cat "$T/merge")"
reviews "$desktop/progress.yaml" >"$T/got"
diff "$T/want" "$T/got" >/dev/null || fail "merged reviews differ: $(diff "$T/want" "$T/got")"
grep -qE '^(<<<<<<<|=======|>>>>>>>)' "$desktop/progress.yaml" && fail "conflict markers in progress.yaml"
[ -z "$(git -C "$desktop" status --porcelain)" ] || fail "not clean after the merge: $(git -C "$desktop" status --porcelain)"
study 2026-03-04T09:00:00Z 'q\n'
[ -s "$T/err" ] && fail "study after the merge: $(cat "$T/err")"

# The driver alone: %A gets the result; a review the ancestor has and one side undid is gone.
cat >"$T/o.yaml" <<'Y'
version: 1
cards:
  - {deck: d, id: 0123456789abcdef, section: S, front: F, reviews: [{t: 2026-03-01T10:00:00Z, rating: 3}]}
Y
cat >"$T/a.yaml" <<'Y'
version: 1
cards:
  - {deck: d, id: 0123456789abcdef, section: S, front: F, reviews: [{t: 2026-03-02T10:00:00Z, rating: 4}]}
Y
cp "$T/o.yaml" "$T/b.yaml"
printf '  - {deck: d, id: 00000000000000aa, section: S, front: G, reviews: [{t: 2026-03-02T11:00:00Z, rating: 2}]}\n' >>"$T/b.yaml"
run merge --git-driver "$T/o.yaml" "$T/a.yaml" "$T/b.yaml"
expect_status 0
reviews "$T/a.yaml" >"$T/got"
printf '%s\n' '00000000000000aa 2026-03-02T11:00:00Z 2' '0123456789abcdef 2026-03-02T10:00:00Z 4' >"$T/want"
diff "$T/want" "$T/got" >/dev/null || fail "driver result: $(cat "$T/a.yaml")"
run merge --git-driver "$T/o.yaml" "$T/a.yaml"
expect_status 2
expect_err "--git-driver takes three files"
run merge "$T/o.yaml" "$T/a.yaml"
expect_status 2
expect_err "one file at a time"
printf '<<<<<<< x\n' >"$T/bad.yaml"
cp "$T/a.yaml" "$T/a2.yaml"
run merge --git-driver "$T/o.yaml" "$T/a2.yaml" "$T/bad.yaml"
expect_status 1
cmp -s "$T/a.yaml" "$T/a2.yaml" || fail "a failed merge wrote %A"

# A sync tool's conflict copies: merged in at start-up, renamed with a notice, never deleted.
sync=$T/sync
mkdir -p "$sync"
export VGREV_HOME=$sync
study 2026-03-02T09:00:00Z '\n3\n'
sed 's/^version/version/' "$T/b.yaml" >"$sync/progress.sync-conflict-20260302-101500-ABCDEF7.yaml"
cp "$T/a.yaml" "$sync/progress (Ana's conflicted copy 2026-03-02).yaml"
study 2026-03-04T09:00:00Z 'q\n'
grep -qE "merged [0-9]+ reviews? from .*/progress.sync-conflict-20260302-101500-ABCDEF7.yaml, a sync tool's conflict copy; renamed to" "$T/err" ||
    fail "no notice: $(cat "$T/err")"
grep -q "conflicted copy 2026-03-02).yaml.merged" "$T/err" || fail "no Dropbox notice: $(cat "$T/err")"
[ -f "$sync/progress.sync-conflict-20260302-101500-ABCDEF7.yaml.merged" ] || fail "not renamed: $(ls "$sync")"
[ -f "$sync/progress.sync-conflict-20260302-101500-ABCDEF7.yaml" ] && fail "still there"
for r in '2026-03-01T10:00:00Z, rating: 3' '2026-03-02T11:00:00Z, rating: 2' '2026-03-02T10:00:00Z, rating: 4'; do
    grep -qF "{t: $r" "$sync/progress.yaml" || fail "review $r not merged: $(cat "$sync/progress.yaml")"
done
study 2026-03-04T09:10:00Z 'q\n'
[ -s "$T/err" ] && fail "merged twice: $(cat "$T/err")"
finish
