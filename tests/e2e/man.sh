#!/usr/bin/env bash
# The man page against the option tables: for every command that `vgrev --help` lists, the
# options its --help prints (generated from the command's table) are the options of its
# SYNOPSIS line in docs/vgrev.1, and each is described in its COMMANDS entry; an option item
# there is one the command has, and its short options are named there. The global options
# likewise, against GLOBAL OPTIONS.
. "$(dirname "$0")/lib.sh"

man="${VG_SRC:?}/docs/vgrev.1"
[ -f "$man" ] || { echo "no man page at $man" >&2; exit 1; }

# The long option names in the text on stdin, one a line, sorted: --name in --help output,
# \-\-name in roff.
names() { sed 's/\\-/-/g' | grep -oE -- '--[a-z][a-z0-9]*(-[a-z0-9]+)*' | sed 's/^--//' | sort -u; }

# The options a --help output lists (its option lines), --help itself left out.
help_opts() { grep -E '^  (-[a-zA-Z], |    )?--[a-z]' | names | grep -vx help; }

# The roff between the line matching $1 (awk regex) and the first line after it matching $2.
between() { awk -v from="$1" -v to="$2" 'on && $0 ~ to { exit } on { print } $0 ~ from { on = 1 }' "$man"; }

# The SYNOPSIS block of "vgrev $1" ("" for the program itself).
synopsis() {
    between '^\.SH SYNOPSIS' '^\.SH ' |
        awk -v cmd="$1" '
            /^\.B vgrev/ { on = ($0 == ".B vgrev" (cmd == "" ? "" : " " cmd)); next }
            /^\.(br|PP)$/ { on = 0 }
            on { print }'
}

# The COMMANDS entry of $1: from its ".B $1" item to the next command's item.
entry() {
    between '^\.SH COMMANDS' '^\.SH ' |
        awk -v cmd="$1" -v all="$commands" '
            BEGIN { n = split(all, c, " "); for (i = 1; i <= n; i++) is[c[i]] = 1 }
            prev == ".TP" && $1 == ".B" && is[$2] { on = ($2 == cmd) }
            on { print }
            { prev = $0 }'
}

# The option items of roff on stdin: the lines after .TP that start with an option.
items() { awk 'prev == ".TP" && /^(\.B[IR]? |\\fB)\\-/ { print } { prev = $0 }' | names; }

# compare WHAT WANT GOT: the two lists are the same.
compare() {
    if [ "$2" != "$3" ]; then
        fail "$1 differ: --help has [$(tr '\n' ' ' <<<"$2")], the man page [$(tr '\n' ' ' <<<"$3")]"
    fi
}

run --help
expect_status 0
commands=$(sed -n '/^commands:$/,/^$/p' "$T/out" | awk 'NF > 1 { print $1 }' | tr '\n' ' ')
[ -n "$commands" ] || fail "vgrev --help lists no commands"

for cmd in $commands; do
    run "$cmd" --help
    expect_status 0
    want=$(help_opts <"$T/out")
    grep -qx "\.B vgrev $cmd" "$man" || fail "the SYNOPSIS has no 'vgrev $cmd' line"
    compare "the options of 'vgrev $cmd' in the SYNOPSIS" "$want" "$(synopsis "$cmd" | names)"
    body=$(entry "$cmd")
    [ -n "$body" ] || fail "COMMANDS has no entry for $cmd"
    described=$(echo "$body" | names)
    for opt in $want; do
        echo "$described" | grep -qx -- "$opt" || fail "the man page's $cmd entry does not describe --$opt"
    done
    # A short option (-o for --output) is in the entry too; -h is said once, under OPTIONS.
    for letter in $(grep -oE '^  -[a-gi-zA-Z], ' "$T/out" | cut -c4); do
        grep -qF -- "\\-$letter" <<<"$body" || fail "the man page's $cmd entry does not name -$letter"
    done
    for opt in $(echo "$body" | items); do
        echo "$want" | grep -qx -- "$opt" || fail "the man page's $cmd entry has an item --$opt that vgrev $cmd does not have"
    done
done

run --help
want=$(sed -n '/^global options/,/^$/p' "$T/out" | help_opts)
[ -n "$want" ] || fail "vgrev --help lists no global options"
compare "the global options in the SYNOPSIS" "$want" "$(synopsis "" | names | grep -vx help)"
compare "the GLOBAL OPTIONS" "$want" "$(between '^\.SH GLOBAL OPTIONS' '^\.SH ' | items | grep -vx help)"

finish
