#!/usr/bin/env python3
"""Generated units for the SQLite/PostgreSQL comparison (tm_pg_same.sh): the letter's Dutch and
English sentences (tm/), each changed a little many times over (numbers, a word dropped, two words
swapped, a compound written apart, joined or hyphenated, capitals), so that lookups find many fuzzy
matches with ties; and queries made the same way. Deterministic.

usage: tm_gen_units.py LETTER.tmx UNITS QUERIES OUT.tmx OUT.queries
"""
import html
import random
import re
import sys

letter, nunits, nqueries, out_tmx, out_q = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
text = open(letter, encoding="utf-8").read()
pairs = []
for tu in re.findall(r"<tu[ >].*?</tu>", text, re.S):
    segs = re.findall(r'<tuv xml:lang="([^"]+)"[^>]*>\s*<seg>(.*?)</seg>', tu, re.S)
    if len(segs) == 2:
        pairs.append((html.unescape(segs[0][1]), html.unescape(segs[1][1])))
rng = random.Random(15)


def vary(nl):
    words = nl.split(" ")
    for _ in range(rng.randint(1, 3)):
        k = rng.randrange(len(words))
        op = rng.randrange(6)
        if op == 0 and len(words) > 3:
            del words[k]
        elif op == 1 and k + 1 < len(words):
            words[k], words[k + 1] = words[k + 1], words[k]
        elif op == 2:
            words[k] = str(rng.randint(1, 2030))
        elif op == 3 and "-" in words[k]:
            words[k] = words[k].replace("-", rng.choice([" ", ""]), 1)
        elif op == 4 and k + 1 < len(words) and len(words[k]) > 3 and len(words[k + 1]) > 3:
            words[k:k + 2] = [words[k] + "-" + words[k + 1]]
        else:
            words[k] = words[k].upper() if rng.random() < 0.5 else words[k].capitalize()
    return " ".join(words)


with open(out_tmx, "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="gen" '
            'creationtoolversion="1" segtype="sentence" o-tmf="gen" adminlang="en" srclang="nl-NL" '
            'datatype="plaintext"/><body>\n')
    for i in range(nunits):
        nl, en = rng.choice(pairs)
        day = 1700000000 + rng.randrange(0, 400) * 86400  # shared dates: ties broken by unit order
        date = "%04d%02d%02dT000000Z" % (2023 + day % 3, 1 + day % 12, 1 + day % 28)
        f.write('<tu changedate="%s"><tuv xml:lang="nl-NL"><seg>%s</seg></tuv><tuv xml:lang="en-GB"><seg>%s</seg></tuv></tu>\n'
                % (date, html.escape(vary(nl), quote=False), html.escape(en, quote=False)))
    f.write("</body></tmx>\n")
with open(out_q, "w", encoding="utf-8") as f:
    for i in range(nqueries):
        f.write(vary(rng.choice(pairs)[0]) + "\n")
