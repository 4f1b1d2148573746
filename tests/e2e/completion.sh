#!/usr/bin/env bash
# Shell completion: the bash script that `vgrev completion bash` prints (the installed one) run
# on command lines as bash would (COMP_WORDS, COMP_CWORD), without the bash-completion
# package: commands, options of the right command, option values, deck names (built-in and
# imported) and files. The zsh and fish scripts pass their shell's syntax check when it is
# installed. Every option of every command's --help is offered.
. "$(dirname "$0")/lib.sh"

run completion bash
expect_status 0
cp "$T/out" "$T/vgrev.bash"
# shellcheck disable=SC1091
. "$T/vgrev.bash"

# complete WORDS...: the completions for the command line WORDS (the last one being completed),
# one a line, sorted, in $got.
complete_line() {
    COMP_WORDS=("$VGREV" "$@")
    COMP_CWORD=$#
    COMPREPLY=()
    _vgrev
    got=$(printf '%s\n' "${COMPREPLY[@]}" | sort)
}
# expect_has WORD: $got lists it; expect_lacks WORD: it does not.
expect_has() { grep -qxF -- "$1" <<<"$got" || fail "completing [${COMP_WORDS[*]:1}]: no '$1' in: $(tr '\n' ' ' <<<"$got")"; }
expect_lacks() { ! grep -qxF -- "$1" <<<"$got" || fail "completing [${COMP_WORDS[*]:1}]: '$1' offered"; }

complete_line ""
for c in study list show check import export decks stats merge replay init-git; do expect_has "$c"; done
expect_lacks completion
complete_line st
[ "$got" = "$(printf 'stats\nstudy')" ] || fail "st: $got"
complete_line --
expect_has --progress
expect_has --version
complete_line --progress ""
expect_lacks study # a file goes there
complete_line --progress p.yaml st
expect_has study
complete_line study --
expect_has --new
expect_has --cram
expect_lacks --cards
complete_line study --scheduler ""
[ "$got" = "$(printf 'fsrs\nsm2')" ] || fail "--scheduler: $got"
complete_line export --format ""
[ "$got" = "$(printf 'anki\ncsv\ntsv')" ] || fail "--format: $got"

# Deck names: the built-in deck and the imported ones; files beside them.
mkdir -p "$VGREV_HOME/decks"
printf '# W\n\n## S\n\n- **a**: b\n' >"$VGREV_HOME/decks/words.md"
cd "$T" || exit 1
printf 'x' >notes.md
complete_line study ""
expect_has vanishing-gradient
expect_has words
expect_has notes.md
complete_line list wo
[ "$got" = words ] || fail "list wo: $got"
complete_line check no
expect_has notes.md
expect_lacks vanishing-gradient # check takes a file
complete_line export words -o ""
expect_has notes.md
expect_lacks words

# Every option of every command, as --help lists it, is offered after '--'.
run --help
mapfile -t cmds < <(sed -n '/^commands:$/,/^$/p' "$T/out" | awk 'NF > 1 { print $1 }')
for cmd in "${cmds[@]}"; do
    complete_line "$cmd" --
    for opt in $("$VGREV" "$cmd" --help | grep -oE '^  (-[a-zA-Z], |    )?--[a-z][a-z-]*' | grep -oE -- '--[a-z-]+'); do
        expect_has "$opt"
    done
done

# zsh and fish: their shells' syntax check, when they are installed.
run completion zsh
expect_status 0
expect_out "#compdef vgrev"
if command -v zsh >/dev/null; then
    zsh -n "$T/out" 2>"$T/zsh.err" || fail "zsh -n: $(cat "$T/zsh.err")"
fi
run completion fish
expect_status 0
expect_out "complete -c vgrev -n '__fish_seen_subcommand_from export' -l format -x -a 'csv tsv anki'"
if command -v fish >/dev/null; then
    fish --no-execute "$T/out" 2>"$T/fish.err" || fail "fish --no-execute: $(cat "$T/fish.err")"
fi
run completion tcsh
expect_status 2
finish
