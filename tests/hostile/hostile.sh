#!/usr/bin/env bash
# Hostile inputs, with loose time and memory bounds: deep nesting and huge lines in decks and
# progress files, YAML alias bombs, FIFOs, devices, symlinks, names beginning with '-'.
#
# Usage: VGREV=build/vgrev bash tests/hostile/hostile.sh CASE, CASE one of
#   inputs   what holds today: every hostile deck and progress file is read or refused with a
#            message, in bounded time and memory, and a refused progress file is left
#            byte-identical;
#   nesting  a 200 KB deeply nested progress file (and a flow-mapping one) refused under 1 s,
#            by `list` and by `merge` (issue 17 hole 6: exit 77 while it is still quadratic);
#   fifo     a FIFO as progress.yaml, its journal or a deck, and a device as a deck, refused
#            without blocking, under 2 s (hole 5: exit 77 while it still blocks);
#   symlink  a symlinked progress.yaml written through to its target (hole 3: exit 77 while
#            the link is still replaced by a plain file).
set -u
: "${VGREV:?VGREV must name the vgrev binary}"
CASE=${1:-inputs}
VG_TMP=${VG_TMP:-/tmp}
mkdir -p "$VG_TMP"
T=$(mktemp -d "$VG_TMP/hostile.XXXXXX")
trap 'rm -rf "$T"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC NO_COLOR=1 COLUMNS=80 VGREV_NOW=2026-03-02T09:00:00Z
unset XDG_DATA_HOME XDG_CONFIG_HOME
export VGREV_HOME="$T/home"
mkdir -p "$VGREV_HOME"
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
skip() {
    echo "SKIP: $*"
    exit 77
}
# Sanitizers: slower, and ASan reserves terabytes of address space (no ulimit -v there).
SLOW=1
MEM_KB=1048576
if ldd "$VGREV" 2>/dev/null | grep -q 'libasan\|libubsan'; then
    SLOW=5
    MEM_KB=
fi

# bounded SECONDS CMD...: runs CMD with at most SECONDS (times SLOW) and MEM_KB of memory;
# status, out, err, secs (wall time, to the millisecond) are set.
bounded() {
    local limit=$(($1 * SLOW)) t0 t1
    shift
    t0=$(date +%s%N)
    {
        (
            [ -n "$MEM_KB" ] && ulimit -v "$MEM_KB"
            exec timeout -s KILL "$limit" "$@"
        ) >"$T/out" 2>"$T/err" </dev/null
    } 2>/dev/null
    status=$?
    t1=$(date +%s%N)
    secs=$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.3f", d / 1e9 }')
    err=$(head -c 2000 "$T/err")
}

# read_or_refuse WHAT: the last bounded run ended in time, without a crash, with status 0 or 1
# (1 with a "vgrev: " message).
read_or_refuse() {
    echo "$1: exit $status in $secs s"
    if [ "$status" -eq 137 ]; then
        fail "$1: killed by the time or memory bound (${secs} s)"
    elif [ "$status" -ge 128 ]; then
        fail "$1: exit status $status (a crash): $err"
    elif [ "$status" -ne 0 ] && ! grep -q '^vgrev: ' "$T/err"; then
        fail "$1: exit status $status without a vgrev: message: $err"
    fi
    if LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f\x7f]' "$T/out" "$T/err"; then
        fail "$1: control characters in the output"
    fi
}

# refused WHAT FILE: the last run refused FILE: status 1, a message naming it.
refused() {
    [ "$status" -eq 1 ] || fail "$1: exit status $status, expected 1 (refused): $err"
    grep -qF "$2" "$T/err" || fail "$1: the message does not name $2: $err"
}

# A deck to list the progress against.
DECK="$T/deck.md"
printf '# D\n\n## S\n- **Front**: back\n' >"$DECK"
PROG="$VGREV_HOME/progress.yaml"

# A progress file made of one repeated string: repeat TEXT COUNT.
repeat() { awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }

case_inputs() {
    # Decks: deep nesting of every kind cmark builds, and a 4 MB line.
    repeat '>' 100000 >"$T/quotes.md"
    for i in $(seq 0 2000); do printf "%*s- item\n" $((i * 2)) ''; done >"$T/lists.md"
    { printf '# D\n\n## S\n- **'; repeat '*a' 100000; printf '**: back\n'; } >"$T/emph.md"
    { printf '# D\n\n## S\n- **Front**: '; repeat 'long line ' 400000; echo; } >"$T/longline.md"
    { printf '# D\n\n## S\n- **'; repeat '[' 100000; printf '**: back\n'; } >"$T/brackets.md"
    { printf '# D\n\n'; for i in $(seq 1 20000); do printf '## S%d\n- **F%d**: b\n' "$i" "$i"; done; } >"$T/many.md"
    for d in quotes lists emph longline brackets many; do
        for cmd in check list show; do
            bounded 10 "$VGREV" $cmd "$T/$d.md"
            read_or_refuse "$cmd of the $d deck"
        done
    done

    # Progress files: each is refused (or read) in bounded time and never rewritten.
    printf 'version: 1\ncards: ' >"$T/p-deepseq.yaml"
    repeat '[' 3000 >>"$T/p-deepseq.yaml"
    printf 'version: 1\ncards: ' >"$T/p-deepmap.yaml"
    repeat '{a: ' 3000 >>"$T/p-deepmap.yaml"
    { printf 'version: 1\ncards:\n- id: 0123456789abcdef\n  deck: d\n  front: "'; repeat 'x' 4000000; printf '"\n  state: new\n  reviews: []\n'; } >"$T/p-longline.yaml"
    # The alias bomb: nine levels of nine references, 387 M nodes if expanded.
    {
        echo 'version: 1'
        echo 'a0: &a0 [x, x, x, x, x, x, x, x, x]'
        for i in 1 2 3 4 5 6 7 8 9; do
            p=$((i - 1))
            echo "a$i: &a$i [*a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p]"
        done
        echo 'cards: *a9'
    } >"$T/p-bomb.yaml"
    { echo 'version: 1'; echo 'cards:'; echo '- &c {id: 0123456789abcdef, deck: d, state: new, reviews: []}'; for i in $(seq 1 2000); do echo '- *c'; done; } >"$T/p-aliascards.yaml"
    printf 'version: 1\ncards: []\n%s' "$(repeat '# comment\n' 100000)" >"$T/p-comments.yaml"
    head -c 300000 /dev/urandom >"$T/p-random.yaml"
    for p in deepseq deepmap longline bomb aliascards comments random; do
        cp "$T/p-$p.yaml" "$PROG"
        bounded 30 "$VGREV" list --plain --cards "$DECK"
        read_or_refuse "list with the $p progress file"
        cmp -s "$T/p-$p.yaml" "$PROG" || fail "the $p progress file was rewritten by list"
        bounded 30 "$VGREV" study --plain "$DECK"
        read_or_refuse "study with the $p progress file"
        [ "$status" -eq 0 ] || cmp -s "$T/p-$p.yaml" "$PROG" ||
            fail "the $p progress file was rewritten by a refused study"
        rm -f "$PROG" "$PROG.journal"
        bounded 30 "$VGREV" merge "$T/p-$p.yaml"
        read_or_refuse "merge of the $p progress file"
    done

    # Devices and a folder where a file is expected: refused or read in bounded time.
    rm -f "$PROG"
    for dev in /dev/null /dev/zero /dev/urandom; do
        bounded 10 "$VGREV" --progress "$dev" list --plain --cards "$DECK"
        read_or_refuse "--progress $dev"
        bounded 10 "$VGREV" merge "$dev"
        read_or_refuse "merge $dev"
    done
    # (/dev/zero and /dev/urandom as decks: the fifo case.)
    bounded 10 "$VGREV" list --plain /dev/null
    read_or_refuse "list of the deck /dev/null"
    mkdir -p "$T/adir"
    bounded 10 "$VGREV" --progress "$T/adir" list --plain --cards "$DECK"
    read_or_refuse "a folder as the progress file"
    [ "$status" -ne 0 ] || fail "a folder taken as the progress file"
    bounded 10 "$VGREV" merge "$T/adir"
    refused "merge of a folder" "$T/adir"

    # Names beginning with '-': after -- or as ./-name, a deck like any other; never an option.
    cp "$DECK" "$T/-c!touch pwned.md"
    cd "$T" || exit 2
    bounded 10 "$VGREV" list --plain -- "-c!touch pwned.md"
    read_or_refuse "list -- -name"
    [ "$status" -eq 0 ] || fail "list -- '-c!touch pwned.md' failed: $err"
    bounded 10 "$VGREV" show "./-c!touch pwned.md"
    [ "$status" -eq 0 ] || fail "show ./-name failed: $err"
    bounded 10 "$VGREV" list --plain "-c!touch pwned.md"
    cd - >/dev/null || exit 2
    read_or_refuse "list -name (an unknown option)"
    [ "$status" -ne 0 ] || fail "a deck name beginning with - was read as a deck, not refused as an option"
    [ ! -e "$T/pwned" ] && [ ! -e "$T/pwned.md" ] || fail "a name beginning with - ran a command"

    # A symlinked deck reads like the file; a dangling one is refused naming it.
    ln -s "$DECK" "$T/link.md"
    bounded 10 "$VGREV" list --plain "$T/link.md"
    [ "$status" -eq 0 ] || fail "a symlinked deck: $err"
    ln -s "$T/nowhere.md" "$T/dangling.md"
    bounded 10 "$VGREV" list --plain "$T/dangling.md"
    refused "a dangling symlinked deck" "dangling.md"
    # A progress.yaml linked to a file: nothing acknowledged lost, whatever becomes of the link.
    rm -f "$PROG"*
    printf 'version: 1\ncards: []\n' >"$T/target.yaml"
    ln -s "$T/target.yaml" "$PROG"
    printf '\n3\nq\n' | "$VGREV" study --plain "$DECK" >"$T/out" 2>"$T/err"
    grep -q '^Good: next in' "$T/out" || fail "study over a symlinked progress.yaml: $(cat "$T/err")"
    bounded 10 "$VGREV" list --plain --cards "$DECK"
    grep -q 'learning' "$T/out" || fail "the answer over a symlinked progress.yaml was lost"
}

case_nesting() {
    local hole6=0
    # 100,000 deep in 200 KB; flow mappings in 500 KB.
    printf 'version: 1\ncards: ' >"$T/deep.yaml"
    repeat '[ ' 100000 >>"$T/deep.yaml"
    printf 'version: 1\ncards: ' >"$T/flow.yaml"
    repeat '{a: ' 125000 >>"$T/flow.yaml"
    for p in deep flow; do
        cp "$T/$p.yaml" "$PROG"
        bounded 3 "$VGREV" list --plain --cards "$DECK"
        # Still quadratic: seconds to minutes; stop here.
        [ "$status" -eq 137 ] && skip "hole 6 not fixed yet: no refusal within 3 s (issue 17)"
        read_or_refuse "list with the $p progress file"
        refused "list with the $p progress file" "progress.yaml"
        cmp -s "$T/$p.yaml" "$PROG" || fail "the $p progress file was rewritten"
        awk -v s="$secs" -v l="$SLOW" 'BEGIN { exit !(s > 1 * l) }' && hole6=1
        echo "list, $p ($(wc -c <"$T/$p.yaml") bytes): refused in $secs s"
        rm -f "$PROG"
        bounded 3 "$VGREV" merge "$T/$p.yaml"
        [ "$status" -eq 137 ] && skip "hole 6 not fixed yet: no refusal within 3 s (issue 17)"
        read_or_refuse "merge of the $p progress file"
        refused "merge of the $p progress file" "$p.yaml"
        awk -v s="$secs" -v l="$SLOW" 'BEGIN { exit !(s > 1 * l) }' && hole6=1
        echo "merge, $p: refused in $secs s"
    done
    if [ "$failures" -eq 0 ] && [ "$hole6" = 1 ]; then
        skip "hole 6 not fixed yet: a refusal takes more than 1 s (issue 17)"
    fi
}

case_fifo() {
    local f
    for f in progress.yaml progress.yaml.journal; do
        rm -f "$VGREV_HOME"/progress.yaml*
        [ "$f" = progress.yaml ] || printf 'version: 1\ncards: []\n' >"$PROG"
        mkfifo "$VGREV_HOME/$f"
        for cmd in "list --plain --cards $DECK" "stats --plain" "study --plain $DECK"; do
            # shellcheck disable=SC2086 # the command's words
            bounded 2 "$VGREV" $cmd
            [ "$status" -eq 137 ] && skip "hole 5 not fixed yet: '${cmd%% *}' blocks on a FIFO as $f (issue 17)"
            read_or_refuse "${cmd%% *} with a FIFO as $f"
            refused "${cmd%% *} with a FIFO as $f" "$f"
        done
        rm -f "$PROG"
        bounded 2 "$VGREV" merge "$VGREV_HOME/$f"
        [ "$status" -eq 137 ] && skip "hole 5 not fixed yet: merge blocks on a FIFO (issue 17)"
        refused "merge of a FIFO" "$f"
    done
    # Decks: a FIFO, and devices that are read up to the size limit (seconds) today.
    mkfifo "$T/fifo.md"
    for cmd in list check show; do
        bounded 2 "$VGREV" $cmd "$T/fifo.md"
        [ "$status" -eq 137 ] && skip "hole 5 not fixed yet: '$cmd' blocks on a FIFO as a deck (issue 17)"
        refused "$cmd of a FIFO as a deck" "fifo.md"
    done
    for dev in /dev/zero /dev/urandom; do
        bounded 2 "$VGREV" list --plain "$dev"
        [ "$status" -eq 137 ] && skip "hole 5 not fixed yet: the device $dev is read as a deck up to the size limit (issue 17)"
        refused "$dev as a deck" "$dev"
    done
}

case_symlink() {
    printf 'version: 1\ncards: []\n' >"$T/target.yaml"
    ln -s "$T/target.yaml" "$PROG"
    printf '\n3\nq\n' | "$VGREV" study --plain "$DECK" >"$T/out" 2>"$T/err"
    grep -q '^Good: next in' "$T/out" || fail "study over a symlinked progress.yaml: $(cat "$T/err")"
    if [ ! -L "$PROG" ] && [ "$failures" -eq 0 ]; then
        skip "hole 3 not fixed yet: the symlinked progress.yaml was replaced by a plain file (issue 17)"
    fi
    [ -L "$PROG" ] || fail "the link was replaced"
    grep -q 'rating: 3' "$T/target.yaml" || fail "the link's target did not get the answer"
}

case $CASE in
inputs | nesting | fifo | symlink) "case_$CASE" ;;
*)
    echo "unknown case $CASE" >&2
    exit 2
    ;;
esac
[ "$failures" -eq 0 ] || {
    echo "$failures check(s) failed" >&2
    exit 1
}
exit 0
