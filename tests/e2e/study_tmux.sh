#!/usr/bin/env bash
# vgrev study in a real terminal (tmux): keys, resizing, the editor, Ctrl-C, TERM=dumb. The
# harness is tmux_lib.sh.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tmux_lib.sh"
tmux_init study
export LC_ALL=C.UTF-8 VGREV_NOW=2026-03-02T09:00:00Z TZ=UTC
unset NO_COLOR

# A session answered by keys.
start 80 24 "'$VGREV' study --new 3"
wait_for "› Definition"
wait_for "New 3 · Learning 0 · Due 0"
keys Space
wait_for "1 Again "
wait_for "During training by backpropagation"
keys 4
wait_for "› Context"
wait_for "New 2 · Learning 0 · Due 0"
keys Enter
wait_for "4 Easy "
keys Enter # Good
wait_for "› Example"
keys u
wait_for "Undone: Good."
wait_for "› Context"
keys Space 1
wait_for "New 1 · Learning 1 · Due 0"
keys '?'
wait_for "Keys: study"
keys Escape
wait_gone "Keys: study"
keys q
wait_for "Session stopped."
wait_for "Cards studied   2"
keys q
wait_for "EXIT=0"
# The summary stays in the terminal after the screen is gone.
wait_for "Again           1 (50%)"

# Resizing down to 20x6, below it, and back.
start 80 24 "'$VGREV' study"
wait_for "› Definition"
keys Space
wait_for "3 Good "
tm resize-window -t "$sess" -x 20 -y 6
wait_for "1 1m 2 6m"
narrow 20
tm resize-window -t "$sess" -x 12 -y 4
wait_for "too small"
tm resize-window -t "$sess" -x 80 -y 24
wait_for "1 Again "
wait_for "During training by backpropagation"
wait_gone "too small"
keys 3
wait_for "› Context"
keys C-c
wait_for "Session stopped."
keys C-c
wait_for "EXIT=0"

# e opens $EDITOR (no shell) at the card's line; the edited deck is read again and the
# session goes on, undo history included. The script edits another card's back.
cp "$VG_SRC/decks/vanishing-gradient.md" "$T/deck.md"
cat >"$T/editor.sh" <<'EDIT'
#!/bin/sh
# Called as: editor.sh +LINE FILE
echo "$@" >"$(dirname "$0")/editor.args"
sed -i "s/During training by backpropagation/EDITED: during training/" "$2"
EDIT
chmod +x "$T/editor.sh"
start 80 24 "EDITOR='$T/editor.sh' '$VGREV' study deck.md"
wait_for "› Definition"
keys Space 3
wait_for "› Context"
keys Space
wait_for "affects deep feedforward networks"
keys e
wait_for "Reloaded the deck."
wait_for "3 Good "
line=$(grep -n '^- \*\*Context\*\*' "$T/deck.md" | cut -d: -f1)
[ "$(cat "$T/editor.args")" = "+$line deck.md" ] || fail "editor arguments: $(cat "$T/editor.args")"
# u takes back the answer given before the edit, and shows that card as it reads now.
keys u
wait_for "Undone: Good."
wait_for "› Definition"
keys Space
wait_for "EDITED: during training"
keys 3
wait_for "› Context"
keys q q
wait_for "EXIT=0"

# Quit and start again: the answers were kept (progress.yaml), and the next card follows.
start 80 24 "'$VGREV' study --new 5"
wait_for "› Definition"
keys Space 4
wait_for "› Context"
keys Space 4
wait_for "› Example"
wait_for "New 3 · Learning 0 · Due 0"
# A second vgrev on the same progress is refused while this one runs.
"$VGREV" study --plain </dev/null >"$T/out" 2>"$T/err"
status=$?
expect_status 1
expect_err "progress.yaml"
keys q q
wait_for "EXIT=0"
[ -s "$VGREV_HOME/progress.yaml" ] || fail "no progress.yaml after the session"
keep=1 start 80 24 "'$VGREV' study --new 5"
wait_for "› Example"
# --new 5 is per session: five more new cards, the two of the first session aside.
wait_for "New 5 · Learning 0 · Due 0"
keys u
wait_for "Nothing to undo."
keys q
wait_for "EXIT=0"

# kill -9 right after an answer: the answer was durable before the next card was shown.
start 80 24 "sh -c 'echo \$\$ >\"$T/pid\"; exec \"$VGREV\" study --new 5'"
wait_for "› Definition"
keys Space 3
wait_for "› Context"
kill -9 "$(cat "$T/pid")"
wait_for "EXIT=137"
keep=1 start 80 24 "'$VGREV' study --new 5"
wait_for "New 5 · Learning 1 · Due 0"
keys q
wait_for "EXIT=0"

# The built-in deck cannot be edited: it says so.
start 80 24 "EDITOR=false '$VGREV' study"
wait_for "› Definition"
keys e
wait_for "cannot be edited"
keys q
wait_for "EXIT=0"

# TERM=dumb: a clear message pointing to --plain.
start 80 24 "TERM=dumb '$VGREV' study"
wait_for "EXIT=2"
wait_for "--plain"

# A deck whose name begins with '-' reaches the editor as ./-name, never as an option.
dash_deck study
wait_for "› Definition"
keys Space
wait_for "During training by backpropagation"
keys e
wait_for "Reloaded the deck."
dash_deck_edited
keys q
wait_for "EXIT=0"

# An edit that breaks the deck is shown (file:line:col) and the deck read before it is kept:
# the session goes on with the card as it was.
cp "$VG_SRC/decks/vanishing-gradient.md" "$T/broken.md"
cat >"$T/break.sh" <<'EDIT'
#!/bin/sh
printf '\377\n' >>"$2"
EDIT
chmod +x "$T/break.sh"
start 80 24 "EDITOR='$T/break.sh' '$VGREV' study broken.md"
wait_for "› Definition"
keys e
wait_for "Kept the deck as it was"
wait_for "broken.md:"
wait_for "› Definition"
keys Space
wait_for "During training by backpropagation"
keys q
wait_for "EXIT=0"

finish
