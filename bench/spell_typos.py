#!/usr/bin/env python3
"""Typical typos of words from a Dutch text, for bench/spell.

usage: spell_typos.py TEXT COUNT SEED > typos.tsv   (typo<TAB>intended<TAB>kind)

Words: distinct, at least five letters, known to Hunspell nl_NL. Each gets one
typical edit (swapped, dropped or doubled letter, a neighbouring key, a lost
diaeresis or accent, ei/ij); only edits Hunspell rejects are kept, so every
line is a non-word error a checker should catch.
"""
import random
import re
import subprocess
import sys

KEYS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
ACCENTS = {"ë": "e", "ï": "i", "é": "e", "ö": "o", "ü": "u", "è": "e", "ê": "e"}


def neighbours(c):
    for r, row in enumerate(KEYS):
        i = row.find(c)
        if i < 0:
            continue
        out = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
        for rr in (r - 1, r + 1):
            if 0 <= rr < 3:
                out += [KEYS[rr][j] for j in (i - 1, i, i + 1) if 0 <= j < len(KEYS[rr])]
        return out
    return []


def edits(w, rnd):
    kinds = []
    if len(w) > 3:
        kinds += ["swap", "drop", "double", "key"]
    if any(c in ACCENTS for c in w):
        kinds += ["accent"] * 3
    if "ij" in w or "ei" in w:
        kinds.append("eiij")
    kind = rnd.choice(kinds)
    if kind == "accent":
        i = rnd.choice([i for i, c in enumerate(w) if c in ACCENTS])
        return w[:i] + ACCENTS[w[i]] + w[i + 1:], "lost accent"
    if kind == "eiij":
        i = w.find("ij") if "ij" in w else w.find("ei")
        return w[:i] + ("ei" if w[i:i + 2] == "ij" else "ij") + w[i + 2:], "ei/ij"
    i = rnd.randrange(1, len(w) - 1)
    if kind == "swap":
        return w[:i] + w[i + 1] + w[i] + w[i + 2:], "swapped letters"
    if kind == "drop":
        return w[:i] + w[i + 1:], "dropped letter"
    if kind == "double":
        return w[:i] + w[i] + w[i:], "doubled letter"
    ns = neighbours(w[i])
    if not ns:
        return w[:i] + w[i + 1:], "dropped letter"
    return w[:i] + rnd.choice(ns) + w[i + 1:], "neighbouring key"


def hunspell_unknown(words):
    out = subprocess.run(["hunspell", "-d", "nl_NL", "-l"], input="\n".join(words) + "\n",
                         capture_output=True, text=True, check=True).stdout
    return set(out.split("\n"))


def main():
    text, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rnd = random.Random(seed)
    words = sorted(set(re.findall(r"[^\W\d_]{5,}", open(text, encoding="utf-8").read())))
    unknown = hunspell_unknown(words)
    words = [w for w in words if w not in unknown]
    rnd.shuffle(words)
    pairs = []
    for w in words[: count * 3]:
        typo, kind = edits(w, rnd)
        if typo != w:
            pairs.append((typo, w, kind))
    rejected = hunspell_unknown([p[0] for p in pairs])
    pairs = [p for p in pairs if p[0] in rejected][:count]
    for p in pairs:
        print("\t".join(p))


if __name__ == "__main__":
    main()
