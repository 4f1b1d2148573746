#!/usr/bin/env bash
# Injected failures: a short `vgrev study --plain` session and a `vgrev merge`, run again and
# again with the Nth open/openat, write, fsync/fdatasync, rename or allocation failing (the
# LD_PRELOAD shim tests/inject/inject.c). Each run must end with a clear error (exit status 1, a
# "vgrev: " message naming the file) or succeed, never crash, and lose nothing acknowledged:
#  - study: every answer, suspend, bury and undo acknowledged on stdout is in the progress read
#    back afterwards (the one action after the last acknowledgement may go either way);
#  - merge: the progress reads back either as before the merge or as after a clean one;
#  - a run that succeeds (status 0, no message) prints what a clean run prints: a failure is
#    either reported or truly harmless, never a line silently left out (see `absorbed` below).
#
# Usage: VGREV=build/vgrev VG_INJECT_SO=build/tests/libvginject.so bash tests/inject/inject.sh [MAX]
#   MAX: at most this many failing calls tried per function (spread over all of them), default
#   40; 0: every call.
set -u
: "${VGREV:?VGREV must name the vgrev binary}"
: "${VG_INJECT_SO:?VG_INJECT_SO must name the shim}"
MAX=${1:-40}
VG_TMP=${VG_TMP:-/tmp}
mkdir -p "$VG_TMP"
T=$(mktemp -d "$VG_TMP/inject.XXXXXX")
trap 'rm -rf "$T"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC NO_COLOR=1 COLUMNS=80
unset XDG_DATA_HOME XDG_CONFIG_HOME
skip() {
    echo "SKIP: $*"
    exit 77
}
# ASan must come first in the preload list and intercepts the same calls: no shim there.
if [ "${VG_SANITIZE:-}" = ON ] || ldd "$VGREV" 2>/dev/null | grep -q 'libasan\|libubsan'; then
    skip "the sanitizer build cannot take an LD_PRELOAD shim"
fi
[ -f "$VG_INJECT_SO" ] || skip "no shim at $VG_INJECT_SO"
echo | LD_PRELOAD=$VG_INJECT_SO "$VGREV" --version >/dev/null 2>&1 || skip "LD_PRELOAD does not work here"

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

DECK="$T/deck.md"
{
    echo "# Inject"
    echo
    echo "## Part"
    for ((j = 0; j < 40; j++)); do echo "- **Card $j**: answer $j"; done
} >"$DECK"

# counts HOME: "answered suspended buried" as `vgrev list` reads the progress.
counts() {
    VGREV_HOME=$1 "$VGREV" list --plain --cards "$DECK" 2>"$T/list.err" |
        awk -F '\t' 'NR > 1 { if ($4 == "learning" || $4 == "review" || $4 == "relearning") a++;
                             else if ($4 == "suspended") s++; else if ($4 == "buried") b++ }
                     END { printf "%d %d %d\n", a, s, b }'
}

# The session: its input, and the action of each line group in order.
INPUT='\n3\n\n4\ns\nb\n\n1\nu\n\n2\nq\n'
ACTIONS=(a a s b a u a q)
export VGREV_NOW=2026-03-02T09:00:00Z

# The baseline: a progress with some answers already, and the file `merge` receives.
BASE="$T/base"
VGREV_HOME=$BASE "$VGREV" study --plain "$DECK" < <(printf '\n3\n\n1\ns\nq\n') >/dev/null 2>&1
VGREV_HOME="$T/other" VGREV_NOW=2026-03-05T10:00:00Z "$VGREV" study --plain "$DECK" \
    < <(printf '\n2\n\n2\n\n3\nb\n\n4\nq\n') >/dev/null 2>&1
OTHER="$T/other.yaml"
cp "$T/other/progress.yaml" "$OTHER"
read -r A0 S0 B0 <<<"$(counts "$BASE")"
[ "$A0 $S0 $B0" = "2 1 0" ] || fail "baseline progress: $A0 $S0 $B0"
before_merge=$(VGREV_HOME=$BASE "$VGREV" list --plain --cards "$DECK")
rm -rf "$T/merged" && cp -a "$BASE" "$T/merged"
VGREV_HOME="$T/merged" "$VGREV" merge "$OTHER" >/dev/null 2>&1 || fail "a clean merge failed"
after_merge=$(VGREV_HOME="$T/merged" "$VGREV" list --plain --cards "$DECK")
[ "$before_merge" != "$after_merge" ] || fail "the merge changes nothing: a useless test"

# expected K: the counts after the first K actions of the session, as "a s b".
expected() {
    local a=$A0 s=$S0 b=$B0 i stack=()
    for ((i = 0; i < $1; i++)); do
        case ${ACTIONS[i]} in
        a) a=$((a + 1)) && stack+=(a) ;;
        s) s=$((s + 1)) && stack+=(s) ;;
        b) b=$((b + 1)) && stack+=(b) ;;
        u)
            case ${stack[-1]} in a) a=$((a - 1)) ;; s) s=$((s - 1)) ;; b) b=$((b - 1)) ;; esac
            unset 'stack[-1]'
            ;;
        esac
    done
    echo "$a $s $b"
}

# The message of a failed run: "vgrev: " lines, naming the file (the folder of the progress,
# or the merged file) unless it was an allocation that failed.
check_message() { # CALL STATUS ERRFILE WHAT
    if [ "$2" -ge 128 ] || [ "$2" -gt 2 ]; then
        fail "$4: exit status $2 (a crash?): $(head -c 300 "$3")"
        return
    fi
    [ "$2" -eq 0 ] && [ ! -s "$3" ] && return
    [ -s "$3" ] || fail "$4: exit status $2 and no message"
    if grep -qv '^vgrev: \|^usage\|^  ' "$3"; then
        fail "$4: a message not from vgrev: $(head -c 300 "$3")"
    fi
    if [ "$1" != malloc ] && ! grep -q "$T/" "$3"; then
        fail "$4: the message names no file: $(head -c 300 "$3")"
    fi
    if LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f\x7f]' "$3"; then
        fail "$4: control characters in the message"
    fi
}

# run_injected CALL N HOME ARGS...: vgrev ARGS with the Nth CALL under HOME failing (under
# $INJECT_AT when set).
run_injected() {
    local call=$1 n=$2 home=$3
    shift 3
    VGREV_HOME=$home LD_PRELOAD=$VG_INJECT_SO VG_INJECT_PATH=${INJECT_AT:-$home} VG_INJECT_CALL=$call \
        VG_INJECT_N=$n VG_INJECT_COUNT="$T/count" "$VGREV" "$@"
}

# picks COUNT: the call numbers to try, all or MAX of them spread evenly (always the first
# and the last).
picks() {
    local count=$1 i
    if [ "$MAX" -eq 0 ] || [ "$count" -le "$MAX" ]; then
        seq 1 "$count"
    else
        for ((i = 0; i < MAX; i++)); do echo $((1 + i * (count - 1) / (MAX - 1))); done | uniq
    fi
}

runs=0 errors=0 absorbed=0
declare -A absorbed_calls=()
for call in open write fsync rename malloc; do
    # deck: the study session again, its allocations counted from the deck's open on (the deck
    # parser and cmark's, then the store's), not from the progress file's.
    cmds=(study merge)
    [ "$call" = malloc ] && cmds+=(deck)
    for cmd in "${cmds[@]}"; do
        INJECT_AT=
        [ "$cmd" = deck ] && INJECT_AT=$DECK
        # How many calls a clean run makes, and what it prints.
        rm -rf "$T/h" "$T/count" && cp -a "$BASE" "$T/h"
        if [ $cmd != merge ]; then
            printf "$INPUT" | run_injected "$call" 0 "$T/h" study --plain "$DECK" >"$T/clean" 2>/dev/null
        else
            run_injected "$call" 0 "$T/h" merge "$OTHER" >"$T/clean" 2>/dev/null
        fi
        total=$(awk '{ n += $2 } END { print n + 0 }' "$T/count" 2>/dev/null)
        [ "${total:-0}" -gt 0 ] || { [ "$call" = rename ] || fail "$cmd makes no $call call under $T"; continue; }
        for n in $(picks "$total"); do
            what="$cmd with $call call $n of $total failing"
            rm -rf "$T/h" && cp -a "$BASE" "$T/h"
            if [ $cmd != merge ]; then
                # shellcheck disable=SC2059
                printf "$INPUT" | run_injected "$call" "$n" "$T/h" study --plain "$DECK" >"$T/out" 2>"$T/err"
            else
                run_injected "$call" "$n" "$T/h" merge "$OTHER" >"$T/out" 2>"$T/err"
            fi
            st=$?
            runs=$((runs + 1))
            check_message "$call" "$st" "$T/err" "$what"
            if [ "$st" -eq 0 ] && [ ! -s "$T/err" ]; then
                # Absorbed: harmless only when nothing is missing. The ones that are: glibc's
                # (a stdio buffer: it goes unbuffered; tzset's copy of TZ), the store's fast
                # reader (it gives up and libyaml reads the file), a deck title's heading
                # (vg_render_title: the title as written, the same here). The session's time
                # is the clock's, not the output's.
                if ! cmp -s <(grep -v '^Time  ' "$T/clean") <(grep -v '^Time  ' "$T/out"); then
                    fail "$what: exit status 0 and no message, but the output differs from a clean run's: $(diff "$T/clean" "$T/out" | grep '^[<>]' | head -n 3 | tr '\n' '|')"
                fi
                absorbed=$((absorbed + 1))
                absorbed_calls["$cmd $call"]=$((${absorbed_calls["$cmd $call"]:-0} + 1))
            else
                errors=$((errors + 1))
            fi
            if [ $cmd != merge ]; then
                k=$(grep -c '^[A-Za-z]*: next in \|^Suspended\.$\|^Buried until tomorrow\.$\|^Undone: ' "$T/out")
                got=$(counts "$T/h")
                want=$(expected "$k")
                maybe=$(expected $((k + 1)))
                if [ "$got" != "$want" ] && { [ "${ACTIONS[k]:-q}" = q ] || [ "$got" != "$maybe" ]; }; then
                    fail "$what: $k actions acknowledged (answered/suspended/buried $want), the progress has $got$(head -c 200 "$T/list.err")"
                fi
            else
                now=$(VGREV_HOME="$T/h" "$VGREV" list --plain --cards "$DECK" 2>&1)
                [ "$now" = "$before_merge" ] || [ "$now" = "$after_merge" ] ||
                    fail "$what: the progress is neither the old one nor the merged one"
            fi
        done
    done
done
echo "injected failures: $runs runs, $errors ended with a message, $absorbed absorbed (status 0, no message)"
for k in "${!absorbed_calls[@]}"; do echo "  absorbed: $k x${absorbed_calls[$k]}"; done | sort
[ "$failures" -eq 0 ] || {
    echo "$failures check(s) failed" >&2
    exit 1
}
