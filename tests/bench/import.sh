#!/usr/bin/env bash
# Import benchmark (DESIGN §7, issue 16 point 4): `vgrev import cards.csv`, a CSV of CARDS
# cards (default 100,000: a generated deck in the seed's shape, exported with `vgrev export`),
# against cmark's parse (cmark_parse_document, the file read included) of the deck the import
# writes, in the same run. Prints
#   result import.SIZE MEDIAN_MS SPREAD_MS BASELINE_MS RATIO 1.00 PASS|FAIL
# SPREAD is max - min of the runs (RUNS, default 5). Checks that the deck exports back to the
# same CSV (every card with its text and id), that the import's fast path (no parse back when
# every row is known to read back) agrees with the parse (VGREV_IMPORT_CHECK=1: the deck parsed
# back and compared, the import refused otherwise) and writes the same bytes as the timed runs,
# and, when OLD_VGREV names another build, that it is the same bytes as that build's import.
# Exits 1 when the budget or a check fails. Not a ctest test.
#   tests/bench/import.sh VGREV [CARDS]
set -euo pipefail
vgrev=$(realpath "${1:?usage: import.sh VGREV [CARDS]}")
cards=${2:-100000}
runs=${RUNS:-5}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$here/lib.sh"
name=import.$(bench_size "$cards")

cat >"$tmp/parse.c" <<'C'
#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
    FILE *f = argc > 1 ? fopen(argv[1], "rb") : NULL;
    if (!f || fseek(f, 0, SEEK_END) != 0)
        return 1;
    long n = ftell(f);
    rewind(f);
    char *d = malloc(n > 0 ? (size_t)n : 1);
    if (!d || fread(d, 1, (size_t)n, f) != (size_t)n)
        return 1;
    fclose(f);
    cmark_node *doc = cmark_parse_document(d, (size_t)n, CMARK_OPT_DEFAULT);
    if (!doc)
        return 1;
    cmark_node_free(doc);
    free(d);
    return 0;
}
C
# shellcheck disable=SC2046
"${CC:-cc}" -O2 "$tmp/parse.c" $(pkg-config --cflags --libs libcmark) -o "$tmp/parse"

export VGREV_NOW=2026-11-20T10:00:00Z LC_ALL=C.UTF-8
python3 "$here/gen_deck.py" --cards "$cards" "$tmp/deck.md" >/dev/null
VGREV_HOME="$tmp/gen" "$vgrev" export "$tmp/deck.md" -o "$tmp/cards.csv"
deck="$tmp/home/decks/cards.md"

import() { # BINARY
    rm -rf "${tmp:?}/home"
    VGREV_HOME="$tmp/home" "$1" import "$tmp/cards.csv" >/dev/null
}
status=0
if ! VGREV_IMPORT_CHECK=1 import "$vgrev"; then
    echo "FAIL: $name: the import's fast path disagrees with the deck parsed back" >&2
    status=1
fi
cp "$deck" "$tmp/checked.md" 2>/dev/null || :
import "$vgrev"
if ! cmp -s "$deck" "$tmp/checked.md"; then
    echo "FAIL: $name: the deck differs from the one checked against its parse" >&2
    status=1
fi
VGREV_HOME="$tmp/home" "$vgrev" export "$deck" -o "$tmp/back.csv"
if ! cmp -s "$tmp/cards.csv" "$tmp/back.csv"; then
    echo "FAIL: $name: the imported deck does not export back to the same CSV" >&2
    status=1
fi
if [ -n "${OLD_VGREV:-}" ]; then
    cp "$deck" "$tmp/new.md"
    import "$OLD_VGREV"
    if ! cmp -s "$deck" "$tmp/new.md"; then
        echo "FAIL: $name: the deck differs from $OLD_VGREV's" >&2
        status=1
    fi
fi

ms() { date +%s%N; }
: >"$tmp/t.import"
: >"$tmp/t.cmark"
for _ in $(seq "$runs"); do # interleaved, so both see the same machine
    rm -rf "${tmp:?}/home"
    t0=$(ms)
    VGREV_HOME="$tmp/home" "$vgrev" import "$tmp/cards.csv" >/dev/null
    t1=$(ms)
    "$tmp/parse" "$deck"
    t2=$(ms)
    echo $(((t1 - t0) / 1000)) >>"$tmp/t.import"
    echo $(((t2 - t1) / 1000)) >>"$tmp/t.cmark"
done
stats() { sort -n "$1" | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
    printf "%.1f %.1f\n", m / 1000, (v[NR] - v[1]) / 1000 }'; }
read -r i_med i_spread < <(stats "$tmp/t.import")
read -r c_med _ < <(stats "$tmp/t.cmark")
awk -v n="$name" -v m="$i_med" -v s="$i_spread" -v c="$c_med" 'BEGIN { r = m / c;
    printf "result %s %.1f %.1f %.1f %.2f 1.00 %s\n", n, m, s, c, r, r <= 1.0 ? "PASS" : "FAIL";
    exit r <= 1.0 ? 0 : 1 }' || status=1
exit $status
