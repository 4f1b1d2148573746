#!/usr/bin/env bash
# vgrev list in a real terminal (tmux): the browser's keys, search, studying a section and
# coming back, suspending, resizing, the editor, colours, Ctrl-C, the stats screen (from the
# browser and from vgrev stats), and the table when the terminal is dumb. The harness is
# tmux_lib.sh.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tmux_lib.sh"
tmux_init list
export LC_ALL=C.UTF-8 VGREV_NOW=2026-03-02T09:00:00Z TZ=UTC
unset NO_COLOR

# Sections, a section, a card, and back; real key codes (arrows, Enter, Escape).
start 80 24 "'$VGREV' list"
wait_for "Vanishing Gradient Problem Revision Notebook"
wait_for "New 25 · Learning 0 · Due 0"
wait_for "5. Solutions to the Vanishing Gradient Problem"
keys Down Down Down Down Enter
wait_for "LSTM (Long Short-Term Memory)"
wait_for "New 5 · Learning 0 · Due 0"
keys Down Enter
wait_for "› GRU (Gated Recurrent Unit)"
wait_for "2 of 5"
keys Escape
wait_for "Gradient Clipping"
keys Left
wait_for "Enter open"
# Search as you type, keep the results, go through them.
keys /
wait_for "Type to search"
keys -l "lstm"
wait_for "6 matches"
keys Enter
wait_for "Enter show"
keys n
wait_for "Match 2 of 6."
keys Enter
wait_for "› GRU (Gated Recurrent Unit)"
keys n
wait_for "› RNN Limitation"
keys '?'
wait_for "Keys: browser"
keys Escape
wait_gone "Keys: browser"
keys C-c
wait_for "EXIT=0"

# s studies a section through the study screen; q there comes back to the browser with the
# counts refreshed. S suspends a card, and the lock taken then keeps another writer out.
start 80 24 "'$VGREV' list"
wait_for "Enter open"
keys s
wait_for "› Definition"
keys Space 4
wait_for "› Context"
keys Space 4 Space 4
wait_for "Session done. Well studied!"
keys q
wait_for "Studied 3 cards: 3 answers, 0 Again."
wait_for "New 22 · Learning 0 · Due 0"
keys Down Enter
wait_for "Backpropagation Through Time"
keys S
wait_for "Suspended: not studied until unsuspended"
wait_for "suspended"
"$VGREV" study --plain </dev/null >"$T/out" 2>"$T/err"
status=$?
expect_status 1
expect_err "vgrev list"
keys q q
wait_for "EXIT=0"
grep -q 'suspended: true' "$VGREV_HOME/progress.yaml" || fail "the suspension is not in progress.yaml"
[ "$(grep -c 'rating: 4' "$VGREV_HOME/progress.yaml")" -eq 3 ] || fail "the answers are not kept"
# Started again, the browser shows what was kept, and nobody holds the lock any more.
keep=1 start 80 24 "'$VGREV' list"
wait_for "New 21 · Learning 0 · Due 0"
"$VGREV" study --plain </dev/null >"$T/out" 2>"$T/err"
status=$?
expect_status 0
keys q
wait_for "EXIT=0"

# Sizes: every screen fits at 100x30, 80x24, 40x12 and 20x6; below, a notice; back again.
start 100 30 "'$VGREV' list"
wait_for "Enter open"
narrow 100
for size in "80 24" "40 12" "20 6"; do
    # shellcheck disable=SC2086 # two words: the width and the height
    set -- $size
    tm resize-window -t "$sess" -x "$1" -y "$2"
    wait_for "Enter open"
    narrow "$1"
    keys Enter
    wait_for "Enter show"
    narrow "$1"
    keys Enter
    wait_for "S suspend"
    narrow "$1"
    keys q q
    wait_for "Enter open"
done
keys / g r a d
wait_for "/grad"
narrow 20
keys Enter
tm resize-window -t "$sess" -x 12 -y 4
wait_for "too small"
tm resize-window -t "$sess" -x 80 -y 24
wait_for "12 matches"
wait_gone "too small"
keys C-c
wait_for "EXIT=0"

# Colours mark the counts and states; with NO_COLOR only bold, dim and reverse remain.
start 80 24 "'$VGREV' list"
wait_for "Enter open"
tm capture-pane -e -p -t "$sess" | grep -q $'\e\\[3[0-7]m\|\e\\[3[0-7];' || fail "no colours"
tm capture-pane -e -p -t "$sess" | grep -q $'\e\\[[0-9;]*7m' || fail "no reverse selected row"
keys q
wait_for "EXIT=0"
start 80 24 "NO_COLOR=1 '$VGREV' list"
wait_for "Enter open"
tm capture-pane -e -p -t "$sess" | grep -q $'\e\\[3[0-7]m\|\e\\[3[0-7];\|;3[0-7]m' && fail "colours with NO_COLOR"
keys q
wait_for "EXIT=0"

# e opens $EDITOR (no shell) at the card's line; the deck is read again and the browser
# stays on the card.
cp "$VG_SRC/decks/vanishing-gradient.md" "$T/deck.md"
cat >"$T/editor.sh" <<'EDIT'
#!/bin/sh
# Called as: editor.sh +LINE FILE
echo "$@" >"$(dirname "$0")/editor.args"
line=${1#+}
sed -i "${line}s/During training by backpropagation/EDITED: during training/" "$2"
EDIT
chmod +x "$T/editor.sh"
start 80 24 "EDITOR='$T/editor.sh' '$VGREV' list deck.md"
wait_for "Enter open"
keys Enter Enter
wait_for "During training by backpropagation"
keys e
wait_for "EDITED: during training"
wait_for "Reloaded the deck."
line=$(grep -n '^- \*\*Definition\*\*' "$T/deck.md" | cut -d: -f1)
[ "$(cat "$T/editor.args")" = "+$line deck.md" ] || fail "editor arguments: $(cat "$T/editor.args")"
keys q q q
wait_for "EXIT=0"

# The built-in deck cannot be edited: it says so.
start 80 24 "EDITOR=false '$VGREV' list"
wait_for "Enter open"
keys e
wait_for "cannot be edited"
keys q
wait_for "EXIT=0"

# t shows the statistics; `vgrev stats` on a terminal is the same screen, piped it is text.
start 80 24 "'$VGREV' list"
wait_for "Enter open"
keys t
wait_for "Statistics"
wait_for "Cards               25"
keys G
wait_for "Stability and difficulty: no card reviewed yet"
keys q
wait_for "Enter open"
keys q
wait_for "EXIT=0"
start 80 24 "'$VGREV' stats"
wait_for "Statistics"
wait_for "Cards               25"
narrow 80
tm resize-window -t "$sess" -x 40 -y 12
wait_for "h/l wide lines"
narrow 40
keys q
wait_for "EXIT=0"
start 80 24 "'$VGREV' stats | head -3"
wait_for "EXIT=0"
wait_for "Deck: Vanishing Gradient Problem Revision Notebook"

# TERM=dumb, or output to a pipe: the table.
start 80 24 "TERM=dumb '$VGREV' list"
wait_for "EXIT=0"
wait_for "TITLE"
start 80 24 "'$VGREV' list | cat"
wait_for "EXIT=0"
wait_for "LEARNING"

# A deck whose name begins with '-' reaches the editor as ./-name, never as an option.
dash_deck list
keys Enter Enter
wait_for "During training by backpropagation"
keys e
wait_for "Reloaded the deck."
dash_deck_edited
keys q
keys q q
wait_for "EXIT=0"

# Another vgrev answers while the browser is open read-only: the browser's first change (S)
# takes the lock, sees the file changed and reads it again, so that answer is not lost.
start 80 24 "'$VGREV' list"
wait_for "New 25 · Learning 0 · Due 0"
printf '\n4\n' | "$VGREV" study --plain --new 1 >"$T/out" 2>"$T/err" || fail "study: $(cat "$T/err")"
keys Down Enter
wait_for "Backpropagation Through Time"
keys S
wait_for "Suspended: not studied until unsuspended"
keys q q
wait_for "EXIT=0"
grep -q 'suspended: true' "$VGREV_HOME/progress.yaml" || fail "the suspension is not kept"
[ "$(grep -c 'rating: 4' "$VGREV_HOME/progress.yaml")" -eq 1 ] || fail "the other's answer is lost"

finish
