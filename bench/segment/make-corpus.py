#!/usr/bin/env python3
"""Build the bench corpus: >= SIZE bytes of Dutch text laid out like PDF extraction.

The letter (tm/kamerstuk-28676-348.nl.txt) as it is, and the documents of the
NTREX-128 Dutch side (../shared/data/ntrex128, used in place) grouped into
paragraphs of 1-4 sentences, wrapped at 72 columns with a trailing space per
line, shuffled with a fixed seed. Usage: make-corpus.py LETTER NTREX_DIR OUT [SIZE]
"""
import os
import random
import sys
import textwrap

letter_path, ntrex_dir, out_path = sys.argv[1:4]
size = int(sys.argv[4]) if len(sys.argv) > 4 else 21_000_000
random.seed(20201106)
letter = open(letter_path, encoding='utf-8').read()
docs = []
nld = os.path.join(ntrex_dir, 'newstest2019-ref.nld.txt')
ids = os.path.join(ntrex_dir, 'DOCUMENT_IDS.tsv')
if os.path.exists(nld) and os.path.exists(ids):
    by_id = {}
    for line, doc in zip(open(nld, encoding='utf-8').read().split('\n'), open(ids).read().split('\n')):
        by_id.setdefault(doc, []).append(line)
    for sentences in by_id.values():
        parts, i = [sentences[0], ''], 1
        while i < len(sentences):
            n = random.randint(1, 4)
            para = ' '.join(sentences[i:i + n])
            i += n
            parts.append('\n'.join(w + ' ' for w in textwrap.wrap(para, 72)))
            parts.append('')
        docs.append('\n'.join(parts) + '\n')
out, total = [], 0
while total < size:
    text = letter if not docs or random.random() < 0.3 else random.choice(docs)
    out.append(text)
    total += len(text.encode('utf-8')) + 1
with open(out_path, 'w', encoding='utf-8') as f:
    f.write('\n'.join(out))
print(f'{out_path}: {total} bytes, {len(out)} documents ({len(docs)} NTREX documents available)')
