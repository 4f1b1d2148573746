#!/usr/bin/env bash
# Kill soak: `vgrev study --plain` is fed answers, suspends (s), buries (b) and undos (u) through
# a pipe and killed with SIGKILL at a random moment (start-up, mid-action, the end-of-session
# save), round after round. After each kill the progress is read back (`vgrev list --plain
# --cards`) and must hold every action the session acknowledged on its stdout ("Good: next in",
# "Suspended.", "Buried until tomorrow.", "Undone: ..."): only the one action in flight when the
# kill landed may go either way.
#
# The clock is fixed (VGREV_NOW), so a card leaves "new" once (learning cards are not due
# again, buried ones stay buried) and the progress is three counts: answered (learning or
# review), suspended, buried.
#
# Usage: VGREV=build/vgrev bash tests/soak/kill.sh [ROUNDS] [MODE]
#   MODE kill (default): a plain folder;
#        full: the progress on a small tmpfs that fills up mid-campaign (root and mount needed,
#              else exit 77);
#        readonly: the progress folder made read-only (chattr +i, or a read-only bind mount)
#              in the middle of some rounds (root needed, else exit 77).
set -u
: "${VGREV:?VGREV must name the vgrev binary}"
ROUNDS=${1:-${SOAK_ROUNDS:-40}}
MODE=${2:-${SOAK_MODE:-kill}}
VG_TMP=${VG_TMP:-/tmp}
mkdir -p "$VG_TMP"
T=$(mktemp -d "$VG_TMP/soak.XXXXXX")
MNT=
cleanup() {
    [ -n "${pid:-}" ] && kill -9 "$pid" 2>/dev/null
    if [ -n "$MNT" ]; then
        chattr -i "$MNT" "$MNT"/* 2>/dev/null
        umount "$MNT" 2>/dev/null
    fi
    rm -rf "$T"
}
trap cleanup EXIT
export LC_ALL=C.UTF-8 TZ=UTC NO_COLOR=1 COLUMNS=80 VGREV_NOW=2026-03-02T09:00:00Z
# Sanitizer build: a SIGKILL landing during LeakSanitizer's exit-time scan makes its tracer
# print "Unable to get registers"; leaks are checked by the other tests, not here.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
unset XDG_DATA_HOME XDG_CONFIG_HOME
export VGREV_HOME="$T/home"
mkdir -p "$VGREV_HOME"

skip() {
    echo "SKIP: $*"
    exit 77
}

case "$MODE" in
kill) ;;
full)
    [ "$(id -u)" = 0 ] || skip "the full-disk soak needs root (mount -t tmpfs)"
    # Room for the first rounds' snapshots, not for all of them.
    mount -t tmpfs -o size="${SOAK_TMPFS_SIZE:-400k}" vgsoak "$VGREV_HOME" 2>/dev/null ||
        skip "mount -t tmpfs is not allowed here"
    MNT=$VGREV_HOME
    ;;
readonly)
    [ "$(id -u)" = 0 ] || skip "the read-only soak needs root"
    chattr +i "$VGREV_HOME" 2>/dev/null && chattr -i "$VGREV_HOME" ||
        skip "chattr +i is not supported on $VG_TMP"
    MNT=$VGREV_HOME
    ;;
*)
    echo "unknown mode $MODE" >&2
    exit 2
    ;;
esac

# A deck with more cards than the campaign can use up: about 12 actions per round.
DECK="$T/soak.md"
ncards=$((ROUNDS * 14 + 200))
{
    echo "# Soak"
    for ((i = 0; i < ncards; i += 50)); do
        echo
        echo "## Part $i"
        for ((j = i; j < i + 50 && j < ncards; j++)); do
            echo "- **Card $j**: answer $j"
        done
    done
} >"$DECK"

failures=0
fail() {
    echo "FAIL (round $round): $*" >&2
    failures=$((failures + 1))
}

# counts: "answered suspended buried" from the progress as `vgrev list` reads it.
counts() {
    "$VGREV" list --plain --cards "$DECK" 2>"$T/list.err" |
        awk -F '\t' 'NR > 1 { if ($4 == "learning" || $4 == "review" || $4 == "relearning") a++;
                             else if ($4 == "suspended") s++; else if ($4 == "buried") b++ }
                     END { printf "%d %d %d\n", a, s, b }'
}

# send LINE: one line to the session; fails once it has stopped.
send() { printf '%b\n' "$1" 2>/dev/null 1>&"$W"; }

# The acknowledgement line of each action; the undo's says what it undid.
read_ack() {
    local line
    while IFS= read -r -t 20 line <&"$R"; do
        case "$line" in
        *": next in "*) ack=answer && return 0 ;;
        "Suspended.") ack=suspend && return 0 ;;
        "Buried until tomorrow.") ack=bury && return 0 ;;
        "Undone: bury.") ack=undo-bury && return 0 ;;
        "Undone: suspend.") ack=undo-suspend && return 0 ;;
        "Undone: "*) ack=undo-answer && return 0 ;;
        "Nothing to undo.") ack=undo-none && return 0 ;;
        esac
    done
    return 1
}

# A write to a session that stopped must fail, not kill the soak.
trap '' PIPE
mkfifo "$T/in" "$T/out"
read -r A S B <<<"$(counts)"
[ "$A $S $B" = "0 0 0" ] || fail "a fresh progress is not empty: $A $S $B"
kills=0 acked=0 clean=0 refused=0
start=$SECONDS
for ((round = 1; round <= ROUNDS; round++)); do
    # Made read-only for the second half of every fourth round.
    ro_at=-1
    # The full disk: from a third of the campaign to two thirds, a filler leaves 8 KB free.
    if [ "$MODE" = full ] && ((round == ROUNDS / 3)); then
        free=$(df -k --output=avail "$VGREV_HOME" | tail -n 1)
        dd if=/dev/zero of="$VGREV_HOME/filler" bs=1k count=$((free - 8)) 2>/dev/null
    fi
    if [ "$MODE" = full ] && ((round == 2 * ROUNDS / 3)); then rm -f "$VGREV_HOME/filler"; fi
    if [ "$MODE" = readonly ] && ((round % 4 == 0)); then ro_at=$((RANDOM % 6)); fi
    nact=$((RANDOM % 16))   # the action the kill lands in (0: start-up)
    quit=$((RANDOM % 5 == 0)) # some rounds quit with q: the kill lands in the final save
    stack=()
    a=$A s=$S b=$B
    "$VGREV" study --plain --new 100000 "$DECK" <"$T/in" >"$T/out" 2>>"$T/stderr" &
    pid=$!
    exec {W}>"$T/in" {R}<"$T/out"
    inflight=none
    for ((k = 1; k <= nact; k++)); do
        if ((k == ro_at)); then chattr +i "$VGREV_HOME" "$VGREV_HOME"/*; fi
        r=$((RANDOM % 10))
        if ((r < 6)); then
            act=answer && send "\n$((RANDOM % 4 + 1))"
        elif ((r < 7)); then act=suspend && send s
        elif ((r < 8)); then act=bury && send b
        else act=undo && send u; fi
        [ $? -eq 0 ] || break
        inflight=$act
        ((k == nact && !quit)) && break
        if ! read_ack; then
            refused=$((refused + 1))
            break
        fi
        inflight=none
        acked=$((acked + 1))
        case $ack in
        answer) a=$((a + 1)) && stack+=(a) ;;
        suspend) s=$((s + 1)) && stack+=(s) ;;
        bury) b=$((b + 1)) && stack+=(b) ;;
        undo-none) ((${#stack[@]} == 0)) || fail "'Nothing to undo.' with ${#stack[@]} actions to undo" ;;
        undo-*)
            top=
            if ((${#stack[@]})); then
                top=${stack[-1]}
                unset 'stack[-1]'
            fi
            case "$ack:$top" in
            undo-answer:a) a=$((a - 1)) ;;
            undo-suspend:s) s=$((s - 1)) ;;
            undo-bury:b) b=$((b - 1)) ;;
            *) fail "$ack undid '$top'" ;;
            esac
            ;;
        esac
    done
    if ((quit)); then send q; fi
    # A random moment: at once, or up to ~20 ms later.
    case $((RANDOM % 3)) in
    0) ;;
    1) sleep 0.00$((RANDOM % 10)) ;;
    2) sleep 0.0$((RANDOM % 2))$((RANDOM % 10)) ;;
    esac
    if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); else clean=$((clean + 1)); fi
    wait "$pid" 2>/dev/null
    exec {W}>&- {R}<&-
    pid=
    if ((ro_at >= 0)); then chattr -i "$VGREV_HOME" "$VGREV_HOME"/*; fi
    read -r A S B <<<"$(counts)"
    if [ -z "$A" ]; then
        fail "the progress no longer loads: $(cat "$T/list.err")"
        break
    fi
    # The action in flight may or may not have landed; nothing else may differ.
    ok=0
    [ "$A $S $B" = "$a $s $b" ] && ok=1
    case $inflight in
    answer) [ "$A $S $B" = "$((a + 1)) $s $b" ] && ok=1 ;;
    suspend) [ "$A $S $B" = "$a $((s + 1)) $b" ] && ok=1 ;;
    bury) [ "$A $S $B" = "$a $s $((b + 1))" ] && ok=1 ;;
    undo)
        top=
        ((${#stack[@]})) && top=${stack[-1]}
        case "$top" in
        a) [ "$A $S $B" = "$((a - 1)) $s $b" ] && ok=1 ;;
        s) [ "$A $S $B" = "$a $((s - 1)) $b" ] && ok=1 ;;
        b) [ "$A $S $B" = "$a $s $((b - 1))" ] && ok=1 ;;
        esac
        ;;
    esac
    if ((!ok)); then
        fail "acknowledged answered/suspended/buried $a/$s/$b (in flight: $inflight), the progress has $A/$S/$B"
        A=$a S=$s B=$b # resynchronise on what was acknowledged
    fi
done
echo "soak ($MODE): $ROUNDS rounds, $kills kills, $clean clean exits, $acked acknowledged actions," \
    "$refused rounds stopped by an error, $((SECONDS - start)) s; progress $A answered, $S suspended, $B buried"
if [ -s "$T/stderr" ]; then
    echo "messages on stderr (expected only in the full and readonly modes):"
    sed 's/[0-9][0-9]*/N/g' "$T/stderr" | sort | uniq -c | sort -rn | head -8
    [ "$MODE" = kill ] && fail "errors printed in a plain folder"
fi
[ "$failures" -eq 0 ] || {
    echo "$failures check(s) failed" >&2
    exit 1
}
exit 0
