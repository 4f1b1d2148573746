#!/usr/bin/env python3
"""Writes a large markdown deck in the shape of the seed notebook, for benchmarks.

usage: gen_deck.py [--cards N] [--seed FILE] [OUT]

The seed's seven sections are repeated (with numbered titles) until N cards (default
100000) are written; each repetition varies a few words so no two sections are alike.
The result is deterministic. With the default seed and N the file is about 17 MB.
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SEED = os.path.join(HERE, "..", "fixtures", "decks", "seed.md")
# Extra prose per card so the average card has the size of a real notebook's (about 170
# bytes, as DESIGN §7's "100,000 cards, about 17 MB" implies).
PAD = " See the notes of lecture {r} and its summary."


def read_sections(path):
    """(title, description lines, [(card lines)]) per '## ' section of the seed."""
    title, desc, sections = "", [], []
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    for line in lines:
        if line.startswith("# ") and not sections:
            title = line[2:]
        elif line.startswith("## "):
            name = line[3:].split(" ", 1)[1] if line[3:4].isdigit() else line[3:]
            sections.append((name, []))
        elif not sections:
            if line.strip():
                desc.append(line)
        elif line.startswith("- "):
            sections[-1][1].append([line])
        elif line.strip() and sections[-1][1]:
            sections[-1][1][-1].append(line)
    return title, desc, sections


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cards", type=int, default=100000)
    ap.add_argument("--seed", default=DEFAULT_SEED)
    ap.add_argument("out", nargs="?")
    args = ap.parse_args()
    title, desc, sections = read_sections(args.seed)
    out = open(args.out, "w", encoding="utf-8", newline="\n") if args.out else sys.stdout
    out.write("# %s (generated, %d cards)\n\n" % (title, args.cards))
    for line in desc:
        out.write(line + "\n")
    written, number, r = 0, 0, 0
    while written < args.cards:
        r += 1
        for name, cards in sections:
            if written >= args.cards:
                break
            number += 1
            out.write("\n## %d. %s (part %d)\n" % (number, name, r))
            for card in cards:
                if written >= args.cards:
                    break
                first = card[0]
                if first.rstrip().endswith(":"):
                    out.write(first + "\n")
                else:
                    out.write(first + PAD.format(r=r) + "\n")
                for sub in card[1:]:
                    out.write(sub + "\n")
                written += 1
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
