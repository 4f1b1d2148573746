#!/usr/bin/env bash
# Every path that docs/ARCHITECTURE.md (and the other docs) cite in backticks exists: a path is
# a word under src/, include/, tests/, docs/, decks/, cmake/ or .ci/ (a glob or {a,b} list may match
# several files; vgrev/NAME.h means include/vgrev/NAME.h).
set -euo pipefail
status=0
for doc in docs/*.md README.md; do
    while IFS= read -r p; do
        case $p in vgrev/*.h) p=include/$p ;; esac
        p=$(sed 's/<[a-z_]*>/*/g' <<<"$p") # tests/unit/test_<module>.c: any module
        matches=""
        if [[ $p =~ ^[A-Za-z0-9_./*{},-]+$ ]]; then
            # shellcheck disable=SC2086 # the glob or brace list is meant to expand
            matches=$(eval "ls -d $p 2>/dev/null" || true)
        fi
        if [ -z "$matches" ]; then
            echo "$doc: cites '$p', which does not exist" >&2
            status=1
        fi
    done < <(grep -o '`[^` ]*`' "$doc" | tr -d '`' |
        grep -E '^(src|include|tests|docs|decks|cmake|\.ci)/|^vgrev/[a-z_]+\.h$' | sort -u)
done
exit $status
