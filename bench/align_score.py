"""Strict and lax precision/recall/F1 of sentence alignments, as vecalign's score.py defines them.

Written for tolk from the definition: beads "[src ids]:[tgt ids]"; a test bead is a strict hit when
the same bead is in the gold; lax when it shares a source and a target segment with one gold bead.
Precision counts every non-empty test bead; recall swaps gold and test after dropping the beads
with an empty side. Counts are summed over documents before dividing.
"""
import ast
import sys
from collections import defaultdict


def parse_beads(text):
    beads = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        left, right = line.split(':')
        beads.append((tuple(ast.literal_eval(left)), tuple(ast.literal_eval(right))))
    return beads


def _hits(gold, test):
    """(strict true, strict false, lax true, lax false) of test beads against gold."""
    gold = {b for b in gold if b[0] or b[1]}
    test = {b for b in test if b[0] or b[1]}
    gold_partners = defaultdict(set)
    for src, tgt in gold:
        for s in src:
            gold_partners[s].update(tgt)
    ts = fs = tl = fl = 0
    for src, tgt in test:
        if (src, tgt) in gold:
            ts += 1
            tl += 1
            continue
        fs += 1
        tgt_set = set(tgt)
        if any(gold_partners[s] & tgt_set for s in src):
            tl += 1
        else:
            fl += 1
    return ts, fs, tl, fl


class Score:
    def __init__(self):
        self.p = [0, 0, 0, 0]
        self.r = [0, 0, 0, 0]

    def add(self, gold, test):
        for k, v in enumerate(_hits(gold, test)):
            self.p[k] += v
        both = lambda beads: [b for b in beads if b[0] and b[1]]
        for k, v in enumerate(_hits(both(test), both(gold))):
            self.r[k] += v

    @staticmethod
    def _f(p, r):
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def strict(self):
        p = self.p[0] / (self.p[0] + self.p[1]) if self.p[0] + self.p[1] else 0.0
        r = self.r[0] / (self.r[0] + self.r[1]) if self.r[0] + self.r[1] else 0.0
        return p, r, self._f(p, r)

    def lax(self):
        p = self.p[2] / (self.p[2] + self.p[3]) if self.p[2] + self.p[3] else 0.0
        r = self.r[2] / (self.r[2] + self.r[3]) if self.r[2] + self.r[3] else 0.0
        return p, r, self._f(p, r)


def main(argv):
    if len(argv) != 3:
        sys.exit('usage: align_score.py GOLD TEST')
    s = Score()
    s.add(parse_beads(open(argv[1], encoding='utf-8').read()),
          parse_beads(open(argv[2], encoding='utf-8').read()))
    p, r, f = s.strict()
    lp, lr, lf = s.lax()
    print(f'strict P {p:.3f} R {r:.3f} F1 {f:.3f}   lax P {lp:.3f} R {lr:.3f} F1 {lf:.3f}')


if __name__ == '__main__':
    main(sys.argv)
