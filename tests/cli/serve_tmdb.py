"""Compare tolk serve's tmserver route with what translate-toolkit's tmserver serves.

Debian 12's /usr/bin/tmserver does not run as packaged, so this calls what it
serves, translate.storage.tmdb, on the same TMX, and asks tolk serve the same
queries over HTTP. Usage: serve_tmdb.py TMX PORT WORKDIR
Checks: the same JSON shape, the same exact (100 %) matches, and fuzzy matches
in the same order where both find them. Prints the figures for the README.
"""
import json
import random
import sys
import time
import urllib.parse
import urllib.request

from translate.storage import tmdb, tmx

MIN, MAX = 70, 5

if sys.argv[1] == "--make-tmx":
    # The letter and, for each of its units, a unit one word shorter: queries
    # then meet several fuzzy candidates whose order can be compared.
    letter, out = sys.argv[2], sys.argv[3]
    store = tmx.tmxfile(open(letter, "rb"), sourcelanguage="nl-NL", targetlanguage="en-GB")
    from xml.sax.saxutils import escape
    rng = random.Random(28676)
    tus = []
    for u in store.units:
        if not (u.source and u.target):
            continue
        words = u.source.split()
        variants = [u.source]
        if len(words) > 5:
            k = rng.randrange(1, len(words))
            variants.append(" ".join(words[:k] + words[k + 1:]))
        for v in variants:
            tus.append('<tu><tuv xml:lang="nl-NL"><seg>%s</seg></tuv><tuv xml:lang="en-GB"><seg>%s</seg></tuv></tu>'
                       % (escape(v), escape(u.target)))
    with open(out, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="test" '
                'creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" srclang="nl-NL" '
                'datatype="plaintext"/><body>\n%s\n</body></tmx>\n' % "\n".join(tus))
    sys.exit(0)

tmx_path, port, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]

# The TMX's source language is nl-NL; tmdb's add_store would file the units under
# the store's default language, so they go in as the dictionaries tmserver's own
# upload route takes.
store = tmx.tmxfile(open(tmx_path, "rb"), sourcelanguage="nl-NL", targetlanguage="en-GB")
db = tmdb.TMDB(work + "/tmdb.sqlite", max_candidates=MAX, min_similarity=MIN)
units = [{"source": u.source, "target": u.target, "context": ""} for u in store.units if u.source and u.target]
db.add_list(units, "nl", "en")
sources = [u["source"] for u in units]

# Queries: every source as it is, and each with one word dropped, one word
# changed and a number changed, as a translator's next draft would differ.
rng = random.Random(348)
queries = []
for s in sources:
    queries.append(s)
    words = s.split()
    if len(words) > 4:
        k = rng.randrange(len(words))
        queries.append(" ".join(words[:k] + words[k + 1:]))
        k = rng.randrange(len(words))
        queries.append(" ".join(words[:k] + ["ook"] + words[k + 1:]))
    if any(c.isdigit() for c in s):
        queries.append("".join("7" if c.isdigit() and i % 2 else c for i, c in enumerate(s)))

# tmdb takes most of a second per query here: a seeded sample keeps the test short
# (SERVE_TMDB_QUERIES=0 runs them all).
import os
limit = int(os.environ.get("SERVE_TMDB_QUERIES", "60"))
if limit and len(queries) > limit:
    queries = rng.sample(queries, limit)
failures = 0
order_differs = []
exact_both = exact_same = 0
pairs_compared = pairs_same_order = 0
found_tolk = found_tmdb = 0
t_tolk = t_tmdb = 0.0
for q in queries:
    t0 = time.perf_counter()
    theirs = db.translate_unit(q, "nl", "en")
    t1 = time.perf_counter()
    url = "http://127.0.0.1:%d/tmserver/nl/en/unit/%s?min_similarity=%d&max_candidates=%d" % (
        port, urllib.parse.quote(q, safe=""), MIN, MAX)
    with urllib.request.urlopen(url, timeout=30) as resp:
        ours = json.load(resp)
    t2 = time.perf_counter()
    t_tmdb += t1 - t0
    t_tolk += t2 - t1
    found_tmdb += bool(theirs)
    found_tolk += bool(ours)
    # shape: a list of objects with (at least) every key tmserver gives
    if not isinstance(ours, list) or any(not set(m) >= set(theirs[0] if theirs else {"source", "target", "quality"}) for m in ours):
        print("FAIL: shape differs for %r: %r vs %r" % (q, ours[:1], theirs[:1]))
        failures += 1
    if any(not isinstance(m["quality"], (int, float)) for m in ours):
        print("FAIL: quality is not a number for %r" % q)
        failures += 1
    # exact matches: the same units at 100
    ex_theirs = sorted((m["source"], m["target"]) for m in theirs if m["quality"] >= 100)
    ex_ours = sorted((m["source"], m["target"]) for m in ours if m["quality"] >= 100)
    if ex_theirs or ex_ours:
        exact_both += 1
        if ex_theirs == ex_ours:
            exact_same += 1
        else:
            print("FAIL: exact matches differ for %r:\n  tmdb %r\n  tolk %r" % (q, ex_theirs, ex_ours))
            failures += 1
    # fuzzy: the order of the sources both found
    common = [m["source"] for m in theirs if m["source"] in {o["source"] for o in ours}]
    order_ours = [m["source"] for m in ours if m["source"] in set(common)]
    if len(common) >= 2:
        pairs_compared += 1
        if common == order_ours:
            pairs_same_order += 1
        else:
            # ties (on either side) may come in any order
            q_theirs = {m["source"]: m["quality"] for m in theirs}
            q_ours = {m["source"]: m["quality"] for m in ours}
            if [q_theirs[s] for s in order_ours] == sorted([q_theirs[s] for s in order_ours], reverse=True) or \
                    [q_ours[s] for s in common] == sorted([q_ours[s] for s in common], reverse=True):
                pairs_same_order += 1
            else:
                print("fuzzy order differs for %r:\n  tmdb %r\n  tolk %r" % (
                    q, [(s, q_theirs[s]) for s in common], [(s, q_ours[s]) for s in order_ours]))
                order_differs.append(q)

print("queries: %d (units: %d)" % (len(queries), len(sources)))
print("queries with a match: tolk %d, tmdb %d" % (found_tolk, found_tmdb))
print("exact matches identical: %d of %d queries with an exact match" % (exact_same, exact_both))
print("fuzzy matches found by both in the same order: %d of %d queries with two or more in common" % (
    pairs_same_order, pairs_compared))
print("time per query: tolk serve (HTTP) %.2f ms, tmdb (in process) %.2f ms" % (
    1000 * t_tolk / len(queries), 1000 * t_tmdb / len(queries)))
sys.exit(1 if failures or exact_both == 0 else 0)
