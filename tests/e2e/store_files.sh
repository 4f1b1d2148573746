#!/usr/bin/env bash
# The progress file's own hazards (issue 17): FIFOs and devices refused at once with a clear
# message, a deeply nested file refused in linear time, the messages that used to carry a
# stale errno, a number's bound named, a symlinked progress file written through.
. "$(dirname "$0")/lib.sh"
export TZ=UTC VGREV_NOW=2026-11-25T10:00:00Z
cp "$VG_FIXTURES/decks/seed.md" "$T/notes.md"

# FIFOs as the progress file or its journal: refused, never waited on (timeout: a hang fails).
mkfifo "$T/fifo.yaml"
for cmd in "stats" "list --plain $T/notes.md" "study --plain $T/notes.md"; do
    # shellcheck disable=SC2086 # cmd is words
    timeout 10 "$VGREV" --progress "$T/fifo.yaml" $cmd </dev/null >"$T/out" 2>"$T/err"
    status=$?
    [ "$status" -ne 124 ] || fail "$cmd: blocked on a FIFO"
    expect_err "fifo.yaml: not a regular file (a pipe)"
done
timeout 10 "$VGREV" merge "$T/fifo.yaml" >"$T/out" 2>"$T/err"
status=$?
[ "$status" -ne 124 ] || fail "merge: blocked on a FIFO"
expect_err "fifo.yaml: not a regular file (a pipe)"
printf 'version: 1\ncards: []\n' >"$T/j.yaml"
mkfifo "$T/j.yaml.journal"
timeout 10 "$VGREV" --progress "$T/j.yaml" study --plain "$T/notes.md" </dev/null >"$T/out" 2>"$T/err"
status=$?
[ "$status" -ne 124 ] || fail "study: blocked on a FIFO journal"
expect_err "j.yaml.journal: not a regular file (a pipe)"
# The lock was not kept meanwhile: a writer gets in.
rm -f "$T/j.yaml.journal"
run --progress "$T/j.yaml" merge "$T/j.yaml"
expect_status 0

# A FIFO as the lock file: refused too.
mkfifo "$T/j.yaml.lock.new"
mv "$T/j.yaml.lock" "$T/j.yaml.lock.old"
mv "$T/j.yaml.lock.new" "$T/j.yaml.lock"
timeout 10 "$VGREV" --progress "$T/j.yaml" merge "$T/j.yaml" >"$T/out" 2>"$T/err"
status=$?
[ "$status" -eq 1 ] || fail "a FIFO lock file: status $status"
expect_err "j.yaml.lock: not a regular file"

# Devices and pipes: named for what they are, not a stale "No such file or directory".
run merge /dev/null
expect_status 1
expect_err "/dev/null: not a regular file (a device)"
run --progress /dev/zero stats
expect_err "/dev/zero: not a regular file (a device)"
"$VGREV" merge <(printf 'version: 1\ncards: []\n') >"$T/out" 2>"$T/err"
status=$?
expect_err "not a regular file (a pipe)"
if grep -q "No such file" "$T/err"; then fail "stale errno"; fi

# A number out of range names the bound.
cat >"$T/big.yaml" <<'YAML'
version: 1
cards:
- id: 00000000000000aa
  deck: notes
  section: ""
  front: ""
  stability: 1e308
  reviews: []
YAML
run --progress "$T/big.yaml" stats
expect_status 1
expect_err "'stability' must be a number from 0 to less than 1e300"

# Deep nesting (200 KB): refused in linear time, under a loose bound.
for shape in '[' '{a: '; do
    {
        printf 'version: 1\ncards: '
        head -c 100000 /dev/zero | tr '\0' x | sed "s/x/$shape/g"
        printf '\n'
    } >"$T/deep.yaml"
    start=$(date +%s%N)
    run --progress "$T/deep.yaml" stats
    ms=$((($(date +%s%N) - start) / 1000000))
    expect_status 1
    [ "$ms" -lt 1000 ] || fail "deep '$shape' refused in $ms ms (bound: 1000)"
done

# Saves that start failing (the temporary file cannot be created) with the journal over its
# 1 MiB bound: study says so at once, once, and every answer stays in the journal.
run list --plain --cards "$T/notes.md"
ID=$(echo "$out" | awk -F'\t' 'NR == 2 { print $1 }')
mkdir "$T/full"
{
    echo '{op: begin, version: 1, generation: 0}'
    for _ in $(seq 12000); do
        echo "{op: suspend, deck: notes, id: $ID}"
        echo "{op: unsuspend, deck: notes, id: $ID}"
    done
} >"$T/full/p.yaml.journal"
mkdir "$T/full/p.yaml.tmp"
# The snapshot is written by a process of its own (vgrev __snapshot), started with the session:
# the answer after it failed tells it. Wait for it to end after the first answer.
# shellcheck disable=SC2094 # the input waits on the output on purpose
{
    printf '\n3\n'
    for _ in $(seq 600); do
        grep -q '^Good: next in' "$T/out" 2>/dev/null &&
            ! pgrep -f "__snapshot $T/full/p.yaml" >/dev/null && break
        sleep 0.05
    done
    printf '\n3\n\n3\n\n3\nq\n'
} | "$VGREV" --progress "$T/full/p.yaml" study --plain "$T/notes.md" >"$T/out" 2>"$T/err"
status=$?
expect_err "warning: $T/full/p.yaml: cannot create a temporary file beside it"
expect_err "answers are kept in the journal"
[ "$(grep -c 'warning: answers are kept' "$T/err")" = 1 ] || fail "the warning is not told once"
# The warning comes with an answer, before the next card.
awk '/^Good: next in/ { n++ } END { exit n == 4 ? 0 : 1 }' "$T/out" || fail "not 4 answers"
rmdir "$T/full/p.yaml.tmp"
# The snapshot writer's internal command: not in the help, and refused unless a session of
# vgrev started it (its parent, holding the lock, a pipe on descriptor 3).
run --help
expect_no_out "__snapshot"
cp "$T/full/p.yaml" "$T/full/before.yaml" 2>/dev/null || true
for args in "" "$T/full/p.yaml" "$T/full/p.yaml 0 1 $$" "$T/full/p.yaml x 1 $$" "$T/full/p.yaml 0 1 1 2"; do
    # shellcheck disable=SC2086 # the words are the arguments
    run __snapshot $args
    expect_status 2
    expect_err "__snapshot is vgrev's own, not a command"
done
run --progress "$T/full/p.yaml" stats
expect_status 0
run --progress "$T/full/p.yaml" list --plain --cards "$T/notes.md"
[ "$(echo "$out" | awk -F'\t' 'NR > 1 && $0 ~ /learning/' | wc -l)" = 4 ] ||
    fail "the 4 answers are not all kept"

# One CSV imported under two names: equal cards, equal ids, separate progress. A suspend in
# one deck and an answer in the other stay where they were made; a deck renamed afterwards
# (its old name gone from the deck folder) still takes its own progress along.
printf 'front,back\nOne,1\nTwo,2\n' >"$T/same.csv"
run import "$T/same.csv" --name twin-a
run import "$T/same.csv" --name twin-b
printf '\ns\nq\n' | "$VGREV" study --plain twin-a >/dev/null 2>&1
printf '\n3\nq\n' | "$VGREV" study --plain twin-b >/dev/null 2>&1
state() { "$VGREV" list --plain --cards "$1" | awk -F'\t' '$6 == "One" { print $4 }'; }
[ "$(state twin-a)" = suspended ] || fail "twin-a: One is $(state twin-a), not suspended"
[ "$(state twin-b)" = learning ] || fail "twin-b: One is $(state twin-b), not learning"
mv "$VGREV_HOME/decks/twin-a.md" "$VGREV_HOME/decks/twin-c.md"
[ "$(state twin-c)" = suspended ] || fail "renamed twin-c: One is $(state twin-c), not suspended"
[ "$(state twin-b)" = learning ] || fail "twin-b after the rename: One is $(state twin-b)"

finish
