#!/usr/bin/env bash
# Progress from the command line: list counts and states, --progress FILE, merge (commutative,
# idempotent, atomic), check --progress (carried-over records, orphans), bad files never
# rewritten, the lock, VGREV_NOW.
. "$(dirname "$0")/lib.sh"
export TZ=UTC VGREV_NOW=2026-11-25T10:00:00Z
seed="$VG_FIXTURES/decks/seed.md"
cp "$seed" "$T/notes.md"

run list --plain --cards "$T/notes.md"
id() { echo "$out" | awk -F'\t' -v n="$1" 'NR == n + 1 { print $1 }'; }
ID1=$(id 1) ID2=$(id 2) ID3=$(id 3) ID4=$(id 4)

# A progress file as another machine wrote it: hand-made, not in the canonical layout.
cat >"$T/a.yaml" <<EOF
version: 1
cards:
- {id: $ID1, deck: notes, section: "What is the Vanishing Gradient Problem?", front: "Definition",
   reviews: [{t: 2026-11-20T08:00:00Z, rating: 3}, {t: 2026-11-21T08:00:00Z, rating: 3}]}
- id: $ID2
  deck: notes
  section: "What is the Vanishing Gradient Problem?"
  front: "Context"
  reviews:
  - {t: 2026-11-25T09:55:00Z, rating: 1}
EOF
cat >"$T/b.yaml" <<EOF
version: 1
generation: 7
cards:
- id: $ID1
  deck: notes
  section: What is the Vanishing Gradient Problem?
  front: Definition
  reviews:
  - {t: 2026-11-20T08:00:00Z, rating: 3}
  - {t: 2026-11-24T08:00:00Z, rating: 2}
- id: $ID3
  deck: notes
  section: "What is the Vanishing Gradient Problem?"
  front: "Example"
  suspended: true
  reviews: []
EOF

# merge into an empty progress file (the global --progress option names it)
run --progress "$T/p1.yaml" merge "$T/a.yaml"
expect_status 0
expect_out "merged 3 reviews from"
run --progress "$T/p1.yaml" merge "$T/b.yaml"
expect_status 0
expect_out "merged 1 review from"
# the other order gives the same file (but for the generation, which counts the writes)
run --progress="$T/p2.yaml" merge "$T/b.yaml"
run --progress="$T/p2.yaml" merge "$T/a.yaml"
diff <(grep -v '^generation:' "$T/p1.yaml") <(grep -v '^generation:' "$T/p2.yaml") ||
    fail "merge depends on the order"
# A into B and B into A: the very same file
cp "$T/a.yaml" "$T/ab.yaml"
cp "$T/b.yaml" "$T/ba.yaml"
run --progress "$T/ab.yaml" merge "$T/b.yaml"
run --progress "$T/ba.yaml" merge "$T/a.yaml"
cmp -s "$T/ab.yaml" "$T/ba.yaml" || fail "A into B differs from B into A"
# merging again changes nothing but the generation
cp "$T/p1.yaml" "$T/p1.before"
run --progress "$T/p1.yaml" merge "$T/b.yaml"
expect_out "merged 0 reviews"
diff <(grep -v '^generation:' "$T/p1.before") <(grep -v '^generation:' "$T/p1.yaml") >/dev/null ||
    fail "a second merge changed the cards"
# what the written file says: canonical, one review per line
grep -q "^  - {t: 2026-11-24T08:00:00Z, rating: 2}$" "$T/p1.yaml" || fail "review lines"
grep -q "^  suspended: true$" "$T/p1.yaml" || fail "suspended flag lost"
[ ! -e "$T/p1.yaml.tmp" ] || fail "temporary file left behind"

# list: real counts and states
run --progress "$T/p1.yaml" list --plain "$T/notes.md"
expect_status 0
# section 1: 3 cards; ID1 review (due 2026-11-2x), ID2 learning, ID3 suspended -> 0 new
expect_out "$(printf '1\tWhat is the Vanishing Gradient Problem?\t3\t0\t1\t')"
run --progress "$T/p1.yaml" list --plain --cards "$T/notes.md"
echo "$out" | grep -qP "^$ID1\t1\t6\treview\t2026-[0-9-]+T[0-9:]+Z\tDefinition\t-$" || fail "ID1 row"
expect_out "$(printf '%s\t1\t7\tlearning\t2026-11-25T09:56:00Z\tContext' "$ID2")"
expect_out "$(printf '%s\t1\t8\tsuspended\t-\tExample' "$ID3")"
expect_out "$(printf '%s\t2\t' "$ID4")"
echo "$out" | grep -P "^$ID4\t" | grep -qP '\tnew\t-\t' || fail "ID4 should be new"
# The day rolls over at 04:00 local time: a review card counts as due from the start of the
# study day its due time falls in. Check the second before and the second of that start, in UTC
# and in UTC+9.
due1=$(echo "$out" | awk -F'\t' -v id="$ID1" '$1 == id { print $5 }')
for zone in UTC0 JST-9; do
    local_day=$(TZ=$zone date -d "$due1 -4 hours" +%F)
    start=$(date -u -d "TZ=\"$zone\" $local_day 04:00" +%FT%TZ)
    before=$(date -u -d "$start -1 second" +%FT%TZ)
    TZ=$zone VGREV_NOW=$before run --progress "$T/p1.yaml" list --plain "$T/notes.md"
    echo "$out" | grep -qP '^1\t.*\t0$' || fail "$zone: due before the study day ($before)"
    TZ=$zone VGREV_NOW=$start run --progress "$T/p1.yaml" list --plain "$T/notes.md"
    echo "$out" | grep -qP '^1\t.*\t1$' || fail "$zone: not due at the start of its day ($start)"
done

# the default progress file lives in $VGREV_HOME
run merge "$T/a.yaml"
expect_status 0
[ -f "$VGREV_HOME/progress.yaml" ] || fail "no progress.yaml in VGREV_HOME"
[ -f "$VGREV_HOME/progress.yaml.journal" ] || fail "no journal"
grep -q "vgrev merge" "$VGREV_HOME/progress.yaml.lock" || fail "lock file does not name the holder"

# check --progress: a typo fixed in a front, a card deleted
sed -e 's/\*\*Definition\*\*/**Definitions**/' -e '/\*\*Example\*\*/d' "$seed" >"$T/notes.md"
run --progress "$T/p1.yaml" check --progress "$T/notes.md"
expect_status 0
expect_out "progress carried over from card $ID1, front was 'Definition' (1 edit)"
expect_out "record $ID3 of deck 'notes' has no card"
expect_out "progress: 1 record carried over, 1 without a card"
run --progress "$T/p1.yaml" list --plain --cards "$T/notes.md"
echo "$out" | grep -qP "\treview\t.*\tDefinitions\t-$" || fail "list does not carry the progress over"
cmp -s "$T/p1.yaml" "$T/p1.yaml" # read-only commands write nothing:
[ "$(cat "$T/p1.yaml.journal")" = "$(grep -m1 . "$T/p1.yaml.journal")" ] || fail "journal grew"
# a renamed file: the deck name changes, the records follow
cp "$seed" "$T/renamed.md"
run --progress "$T/p1.yaml" check --progress "$T/renamed.md"
expect_out "from deck 'notes' (the file was renamed)"
# renamed and a front edited in one go: carried over all the same, and said so, never silent
sed -e 's/\*\*Definition\*\*/**Definitions**/' "$seed" >"$T/moved.md"
run --progress "$T/p1.yaml" check --progress "$T/moved.md"
expect_status 0
expect_out "progress carried over from deck 'notes' (the file was renamed), card $ID1, front was 'Definition' (1 edit)"
expect_out " 0 without a card"
expect_no_out "has no card"
run --progress "$T/p1.yaml" list --plain --cards "$T/moved.md"
echo "$out" | grep -qP "\treview\t.*\tDefinitions\t-$" || fail "list does not carry the progress over the rename"

# bad progress files: an error with file:line:col, and no byte changed
printf 'version: 1\ncards:\n- id: %s\n  deck: notes\n  reviews:\n  - {t: 2026-11-20T08:00:00Z, rating: 7}\n' \
    "$ID1" >"$T/bad.yaml"
cp "$T/bad.yaml" "$T/bad.orig"
run --progress "$T/bad.yaml" list --plain "$T/notes.md"
expect_status 1
expect_err "vgrev: $T/bad.yaml:6:39: 'rating' must be an integer from 1 to 4"
run --progress "$T/bad.yaml" merge "$T/a.yaml"
expect_status 1
expect_err "bad.yaml:6:39:"
cmp -s "$T/bad.yaml" "$T/bad.orig" || fail "a bad progress file was rewritten"
[ ! -e "$T/bad.yaml.journal" ] || fail "a journal was created beside a bad file"
# a LINE SEPARATOR (U+2028) in a comment ends no line: the error is on the file's line 3
printf '# notes\xe2\x80\xa8\nversion: 1\ncards: x\n' >"$T/ls.yaml"
run --progress "$T/ls.yaml" list --plain
expect_status 1
expect_err "ls.yaml:3:8: 'cards' must be a list"
printf 'version: 2\ncards: {}\n' >"$T/newer.yaml"
run --progress "$T/newer.yaml" list --plain
expect_status 1
expect_err "newer.yaml:1:10: written by a newer vgrev"
# a bad OTHER leaves our file alone
cp "$T/p1.yaml" "$T/p1.keep"
run --progress "$T/p1.yaml" merge "$T/bad.yaml"
expect_status 1
cmp -s "$T/p1.yaml" "$T/p1.keep" || fail "merge with a bad file changed ours"
run --progress "$T/p1.yaml" merge "$T/missing.yaml"
expect_status 1
expect_err "missing.yaml: cannot open"

# a torn journal tail: a warning, and the rest loads
printf '{op: answer, deck: notes, id: %s, t: 2026-11-25T09:0' "$ID4" >>"$T/p1.yaml.journal"
run --progress "$T/p1.yaml" list --plain "$T/notes.md"
expect_status 0
expect_err "vgrev: warning: $T/p1.yaml.journal:2:1: dropped an incomplete last line"

# the lock: a second writer is refused and told who holds it; readers are not
if command -v python3 >/dev/null; then
    python3 - "$T/p1.yaml.lock" "$T/locked" <<'EOF' &
import fcntl, os, sys, time
f = open(sys.argv[1], "r+")
fcntl.lockf(f, fcntl.LOCK_EX)
f.truncate(0); f.write("%d vgrev study\n" % os.getpid()); f.flush()
open(sys.argv[2], "w").close()
time.sleep(30)
EOF
    holder=$!
    for _ in $(seq 100); do [ -e "$T/locked" ] && break; sleep 0.05; done
    run --progress "$T/p1.yaml" merge "$T/a.yaml"
    expect_status 1
    expect_err "in use by another vgrev (pid $holder, vgrev study)"
    run --progress "$T/p1.yaml" list --plain "$T/notes.md"
    expect_status 0
    kill "$holder"
    wait "$holder" 2>/dev/null
    run --progress "$T/p1.yaml" merge "$T/a.yaml"
    expect_status 0
fi

# usage
run --progress
expect_status 2
expect_err "needs a file"
VGREV_NOW=yesterday run list --plain
expect_status 1
expect_err "VGREV_NOW='yesterday'"
run merge
expect_status 2
expect_clean

finish
