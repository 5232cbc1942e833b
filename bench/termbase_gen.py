#!/usr/bin/env python3
"""Generate a large TBX-Basic term base and a text to recognise terms in.

usage: termbase_gen.py CONCEPTS OUT.tbx TEXT_MB OUT.txt

Terms are unique pseudo-words built from syllables (1-3 words a term), in
the layout tolk itself writes. The text mixes terms (some inflected: -en, -s)
with common Dutch words, a term in one word slot of ten.
"""
import random
import sys

SYL = ["ba", "ko", "ri", "ve", "lan", "mor", "sti", "del", "ga", "pu", "ten", "wi", "zo",
       "ne", "ha", "kel", "dra", "mo", "fi", "ser", "tu", "gol", "ar", "en", "ui", "oo"]


# Running text around the terms: words no term is made of, so that the share
# of term occurrences is what the generator says (one word slot in ten).
FILLER = ["de", "het", "een", "van", "en", "in", "is", "dat", "op", "te", "voor", "met", "zijn",
          "niet", "aan", "er", "ook", "als", "bij", "door", "werd", "over", "naar", "om", "nog",
          "bijeenkomst", "ministers", "spraken", "verder", "belang", "kader", "situatie", "verslag",
          "tijdens", "gesproken", "daarnaast", "onderwerp", "aandacht", "benadrukte", "toekomst"]


def word(rng):
    return "".join(rng.choice(SYL) for _ in range(rng.randint(2, 5)))


def term(rng, seen):
    """A term not given before: a term base holds each term once (homonyms aside)."""
    while True:
        t = " ".join(word(rng) for _ in range(rng.choice((1, 1, 1, 2, 2, 3))))
        if t not in seen:
            seen.add(t)
            return t


def main():
    n, tbx_path, mb, txt_path = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), sys.argv[4]
    rng = random.Random(348)
    nl_terms = []
    seen = set()
    with open(tbx_path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                  '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">\n'
                  '  <tbxHeader>\n    <fileDesc>\n      <sourceDesc>\n        <p>generated</p>\n'
                  '      </sourceDesc>\n    </fileDesc>\n  </tbxHeader>\n  <text>\n  <body>\n')
        buf = []
        for i in range(n):
            nl, en = term(rng, seen), term(rng, seen)
            if i % 50 == 0:
                nl_terms.append(nl)
            buf.append(
                f'    <conceptEntry id="c{i + 1}">\n'
                f'      <descrip type="subjectField">generated</descrip>\n'
                f'      <langSec xml:lang="nl">\n        <termSec>\n          <term>{nl}</term>\n'
                f'          <termNote type="partOfSpeech">noun</termNote>\n'
                f'          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>\n'
                f'        </termSec>\n      </langSec>\n'
                f'      <langSec xml:lang="en">\n        <termSec>\n          <term>{en}</term>\n'
                f'          <termNote type="partOfSpeech">noun</termNote>\n'
                f'          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>\n'
                f'        </termSec>\n      </langSec>\n    </conceptEntry>\n')
            if len(buf) >= 10000:
                out.write("".join(buf))
                buf = []
        out.write("".join(buf))
        out.write("  </body>\n  </text>\n</tbx>\n")
    target = int(mb * 1024 * 1024)
    size = 0
    with open(txt_path, "w", encoding="utf-8") as out:
        while size < target:
            words = []
            for _ in range(12):
                if rng.random() < 0.1:
                    t = rng.choice(nl_terms)
                    words.append(t + rng.choice(("", "", "en", "s")))
                else:
                    words.append(rng.choice(FILLER))
            line = " ".join(words).capitalize() + ". "
            if rng.random() < 0.1:
                line += "\n"
            out.write(line)
            size += len(line)


if __name__ == "__main__":
    main()
