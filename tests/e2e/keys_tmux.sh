#!/usr/bin/env bash
# Keys that must never answer a card, in a real terminal (tmux) under four terminal types:
# Home, End, PgUp, PgDn, F1-F12, Insert, Delete, Alt-digits, a bracketed paste and mouse
# clicks, on the front and on the answer. Sequences the terminal description does not know
# reach vgrev byte by byte; they are dropped whole, their digits never taken for ratings.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tmux_lib.sh"
tmux_init keys
export LC_ALL=C.UTF-8 VGREV_NOW=2026-03-02T09:00:00Z TZ=UTC

hex() { od -An -tx1 | tr -s ' \n' '  '; }

# Everything at once, then `?` and Esc: once the help has come and gone, every key before it
# has been read.
storm() {
    keys Home End PPage NPage F1 F2 F3 F4 F5 F6 F7 F8 F9 F10 F11 F12 IC DC
    keys M-1 M-2 M-3 M-4 C-Home C-End S-F5
    # shellcheck disable=SC2046 # one hex byte a word
    keys -H $(printf '\033[200~1 2 3 4 q\r\033[201~' | hex)
    # shellcheck disable=SC2046
    keys -H $(printf '\033[M !!\033[M#!!\033[<0;10;5M\033[<0;10;5m' | hex)
    # shellcheck disable=SC2046
    keys -H $(printf '\033[1~\033[4~\033[7~\033[8~\033OH\033OF\033[H\033[F\033[[A\033[25~' | hex)
    keys '?'
    wait_for "Keys: study"
    keys Escape
    wait_gone "Keys: study"
}

for term in xterm-256color screen-256color tmux-256color linux; do
    if ! infocmp "$term" >/dev/null 2>&1; then
        echo "no terminfo entry for $term: skipped"
        continue
    fi
    start 80 24 "TERM=$term '$VGREV' study --new 3"
    wait_for "› Definition"
    storm
    screen | grep -qF "Space show answer" || fail "$term: the front is gone:
$(screen)"
    screen | grep -qF "New 3 · Learning 0 · Due 0" || fail "$term: counts changed on the front"
    keys Space
    wait_for "1 Again "
    storm
    screen | grep -qF "1 Again " || fail "$term: the answer is gone:
$(screen)"
    screen | grep -qF "New 3 · Learning 0 · Due 0" || fail "$term: a key answered:
$(screen)"
    keys q
    wait_for "EXIT=0"
    if grep -qs rating "$VGREV_HOME"/progress.yaml*; then
        fail "$term: a review was recorded: $(cat "$VGREV_HOME"/progress.yaml*)"
    fi
done

# An Esc pressed on its own is still a key: it leaves the browser's card list.
start 80 24 "'$VGREV' list"
wait_for "What is the Vanishing"
keys Enter
wait_for "Stability Lapses"
keys Escape
wait_gone "Stability Lapses"
finish
