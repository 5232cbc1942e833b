#!/usr/bin/env python3
"""How often tolk's segments are exactly the sentence lines of NTREX-128.

Each NTREX document becomes a title block and one paragraph of its remaining
lines (joined with spaces); `tolk segment --no-lexicon` cuts it again, and the
segments are compared with the lines as multisets: precision = exact segments /
segments, recall = exact segments / lines. The Dutch side is a translation in
which some lines hold two sentences, so its figures understate tolk.

Usage: bench/segment/ntrex-accuracy.py [TOLK] [NTREX_DIR] [--show nl|en]
"""
import collections
import os
import subprocess
import sys
import tempfile

args = [a for a in sys.argv[1:] if not a.startswith('--')]
show = sys.argv[sys.argv.index('--show') + 1] if '--show' in sys.argv else None
if show in args:
    args.remove(show)
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
tolk = args[0] if args else os.path.join(root, 'build', 'tolk')
ntrex = args[1] if len(args) > 1 else os.path.join(root, '..', 'shared', 'data', 'ntrex128')
ids_path = os.path.join(ntrex, 'DOCUMENT_IDS.tsv')
if not os.path.exists(ids_path):
    sys.exit(f'no NTREX-128 at {ntrex}')
ids = open(ids_path).read().split('\n')
for lang, name in (('nl', 'newstest2019-ref.nld.txt'), ('en', 'newstest2019-src.eng.txt')):
    docs = collections.OrderedDict()
    for line, doc in zip(open(os.path.join(ntrex, name), encoding='utf-8').read().split('\n'), ids):
        if line.strip():
            docs.setdefault(doc, []).append(line.strip())
    text = '\n\n'.join(v[0] + '\n\n' + ' '.join(v[1:]) for v in docs.values()) + '\n'
    with tempfile.NamedTemporaryFile('w', encoding='utf-8', suffix='.txt') as f:
        f.write(text)
        f.flush()
        out = subprocess.run([tolk, 'segment', '--no-lexicon', '--lang', lang, f.name], check=True,
                             capture_output=True, text=True).stdout.split('\n')
    got = [s for s in out if s]
    gold = [g for v in docs.values() for g in v]
    exact = sum((collections.Counter(gold) & collections.Counter(got)).values())
    print(f'{lang}: {len(gold)} lines, {len(got)} segments, {exact} exact: '
          f'precision {exact / len(got):.3f}, recall {exact / len(gold):.3f}')
    if lang == show:
        import difflib
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, gold, got, autojunk=False).get_opcodes():
            if tag != 'equal':
                print('  lines:    ' + ' || '.join(gold[i1:i2]))
                print('  segments: ' + ' || '.join(got[j1:j2]) + '\n')
