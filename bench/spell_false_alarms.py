#!/usr/bin/env python3
"""False alarms of `tolk spell` on correct professional Dutch: the NTREX-128 reference.

The Dutch side of NTREX-128 (newstest2019, 1,997 lines of news translated by
professionals) is taken as correct text: every finding is a false alarm except
the translators' own mistakes listed in REAL_ERRORS below (our reading of the
text, not the corpus's). Prints findings, real errors found, false alarms per
1,000 words (words as `wc -w` counts them) and the false alarms by rough class.

usage: bench/spell_false_alarms.py [TOLK] [NTREX_FILE] [--show CLASS|all]
"""
import collections
import os
import re
import subprocess
import sys

# Mistakes the translators made (word as tolk reports it, occurrences). Names
# misspelt in the English source already (Casablad, Ecinitas, Kavadarkov…) are
# not counted here: the translation copies them faithfully.
REAL_ERRORS = {
    "linebakcer": 1,   # linebacker
    "onbekwaamom": 1,  # onbekwaam om
    "antwoorde": 1,    # antwoordde
    "Segrio": 1,       # Sergio
    "Calfornia": 1,    # Californië (the source has Californian)
    "sms-jes": 2,      # sms'jes
    "Westerse": 1,     # westerse, lowercase inside a sentence
    "Kerst": 1,        # kerst (the dictionary's spelling; Kerstmis keeps its capital)
}

args = [a for a in sys.argv[1:] if not a.startswith("--")]
show = sys.argv[sys.argv.index("--show") + 1] if "--show" in sys.argv else None
if show in args:
    args.remove(show)
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
tolk = args[0] if args else os.path.join(root, "build", "tolk")
ntrex = args[1] if len(args) > 1 else os.path.join(
    os.environ.get("TOLK_SHARED", os.path.join(root, "..", "shared")), "data", "ntrex128",
    "newstest2019-ref.nld.txt")
if not os.path.exists(ntrex):
    print(f"bench/spell_false_alarms.py: {ntrex} not found (set TOLK_SHARED)")
    sys.exit(77)

text = open(ntrex, encoding="utf-8").read()
words = len(text.split())
out = subprocess.run([tolk, "spell", "--no-suggestions", ntrex], cwd=root, capture_output=True,
                     text=True)
if out.returncode not in (0, 1):
    sys.exit(f"tolk spell failed: {out.stderr}")
found = []
for line in out.stdout.splitlines():
    m = re.match(r".*?:(\d+):(\d+): unknown (English )?word '(.*)'", line)
    if m:
        found.append((int(m[1]), int(m[2]), m[4], bool(m[3])))

real_left = dict(REAL_ERRORS)
false_alarms = []
for f in found:
    if real_left.get(f[2], 0) > 0:
        real_left[f[2]] -= 1
    else:
        false_alarms.append(f)
real_found = sum(REAL_ERRORS.values()) - sum(real_left.values())


def english(ws):
    """Words en_GB or en_US knows (Hunspell's command line, one word a line)."""
    unknown = None
    for d in ("en_GB", "en_US"):
        r = subprocess.run(["hunspell", "-d", d, "-l"], input="\n".join(ws) + "\n", capture_output=True,
                           text=True)
        u = set(r.stdout.split("\n"))
        unknown = u if unknown is None else unknown & u
    return {w for w in ws if w not in unknown}


en = english(sorted({f[2] for f in false_alarms}))


def klass(word):
    if any(c.isdigit() for c in word):
        return "with digits"
    if "-" in word:
        return "hyphenated"
    if word[0].isupper() or not word[0].isalpha():
        return "capitalised: English word" if word in en else "capitalised: names"
    return "lowercase: English" if word in en else "lowercase: other"


classes = collections.defaultdict(list)
for f in false_alarms:
    classes[klass(f[2])].append(f)
print(f"NTREX Dutch reference: {words} words, {len(found)} findings, real errors found "
      f"{real_found} of {sum(REAL_ERRORS.values())}")
print(f"false alarms: {len(false_alarms)} = {1000 * len(false_alarms) / words:.1f} per 1,000 words")
for k, v in sorted(classes.items(), key=lambda kv: -len(kv[1])):
    counts = collections.Counter(f[2] for f in v)
    sample = ", ".join(w for w, _ in counts.most_common(8))
    print(f"  {k:28} {len(v):4}  ({sample})")
missed = [w for w, n in real_left.items() if n]
if missed:
    print("  real errors not found:", ", ".join(missed))
if show:
    for f in false_alarms:
        if show == "all" or klass(f[2]).startswith(show):
            print(f"{f[0]}:{f[1]}: {f[2]}")
