# shellcheck shell=bash
# The tmux harness of the terminal tests, sourced after lib.sh: `tmux_init NAME`, then
# `start W H COMMAND`, `keys`, `wait_for`, `wait_gone`, `narrow`, `screen`, `tm`.
# Each step waits for the screen it expects (polling), never for a fixed time.

# tmux_init NAME: exits 77 (ctest: skipped) without tmux; else one tmux server for the whole
# test, its socket in a folder of our own (tmux leaves the socket file behind), stopped and
# removed with $T at exit. Sessions are named NAME1, NAME2...
tmux_init() {
    if ! command -v tmux >/dev/null; then
        echo "SKIP: tmux is not installed"
        exit 77
    fi
    tmux_name=$1
    sock="vgrev-$1-$$"
    export TMUX_TMPDIR
    TMUX_TMPDIR=$(mktemp -d /tmp/vgrev-tmux.XXXXXX)
    trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$T" "$TMUX_TMPDIR"' EXIT
    n=0
    sess=
    # shellcheck disable=SC2034 # read by fail() in lib.sh
    status=0
    : >"$T/out"
    : >"$T/err"
}

tm() { tmux -L "$sock" "$@"; }
screen() { tm capture-pane -p -t "$sess"; }
keys() { tm send-keys -t "$sess" "$@"; }

# start W H COMMAND: a new session running COMMAND in a shell that stays for the capture.
# EXIT=N goes on a line of its own: the shell's "Killed ..." line may be long and wrap, and a
# vgrev killed with -9 leaves the terminal without CR after LF (stty sane gives it back).
# The session before is closed once the new one runs. Each case starts without progress
# unless it says `keep=1`.
start() {
    local old=$sess
    [ "${keep:-0}" = 1 ] || rm -rf "$VGREV_HOME"
    n=$((n + 1))
    sess="$tmux_name$n"
    tm -f /dev/null new-session -d -s "$sess" -x "$1" -y "$2" \
        "cd '$T' && $3; s=\$?; stty sane 2>/dev/null; echo; echo \"EXIT=\$s\"; sleep 600"
    [ -n "$old" ] && tm kill-session -t "$old"
}

# wait_for TEXT [SECONDS]: polls the screen until it shows TEXT.
wait_for() {
    local i limit=$((${2:-5} * 20))
    for ((i = 0; i < limit; i++)); do
        screen | grep -qF -- "$1" && return 0
        sleep 0.05
    done
    fail "the screen never showed: $1
$(screen)"
    return 1
}

# wait_gone TEXT: polls until TEXT is no longer on the screen.
wait_gone() {
    local i
    for ((i = 0; i < 100; i++)); do
        screen | grep -qF -- "$1" || return 0
        sleep 0.05
    done
    fail "the screen still shows: $1
$(screen)"
}

# narrow COLS: no line of the screen is wider than COLS.
narrow() {
    [ "$(screen | LC_ALL=C.UTF-8 wc -L)" -le "$1" ] || fail "a line is wider than $1 columns:
$(screen)"
}

# dash_deck CMD: a deck named '-c!touch X.md' opened by `vgrev CMD` in a session whose EDITOR
# records its arguments in $T/editor.argv; the deck must reach it as ./-name, never an option
# (with EDITOR=vim, "-c!touch X.md" would run a command).
dash_deck() {
    cp "$VG_SRC/decks/vanishing-gradient.md" "$T/-c!touch X.md"
    printf '#!/bin/sh\nfor a in "$@"; do echo "$a"; done >"$(dirname "$0")/editor.argv"\n' \
        >"$T/argv.sh"
    chmod +x "$T/argv.sh"
    start 80 24 "EDITOR='$T/argv.sh' '$VGREV' $1 -- '-c!touch X.md'"
}

# dash_deck_edited: after `e`, the editor got +LINE ./-c!touch X.md and ran nothing.
dash_deck_edited() {
    local line
    line=$(grep -n '^- \*\*Definition\*\*' "$T/-c!touch X.md" | cut -d: -f1)
    [ "$(cat "$T/editor.argv")" = "+$line
./-c!touch X.md" ] || fail "editor arguments: $(cat "$T/editor.argv")"
    [ -e "$T/X.md" ] && fail "the deck's name was read as an option"
}
