#!/usr/bin/env python3
"""Generate a large Dutch-English translation memory (TMX 1.4b) for bench/tm.

Deterministic for a given seed. Units are built the way real memories grow:
  - news sentences (NTREX-128 Dutch/English, read in place from ../shared) in
    versions that differ in numbers, countries, months and attributions,
  - two consecutive sentences of one article as one unit (paragraph-like),
  - sentences in the style of a Defence Ministry letter (kamerstuk 28676-348),
    10 % of the units, from 30 templates whose slots take dates, countries,
    percentages and topics; the phrases and their English are our own.
Mix: 10 % letter templates, 20 % two-sentence units, 70 % single news sentences.
Every unit is distinct (duplicates would only be merged by the import).

usage: tm-gen.py --units N --seed S --out FILE.tmx [--queries FILE --nqueries Q]
"""
import argparse
import html
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

COUNTRIES = [
    ("Nederland", "the Netherlands"), ("België", "Belgium"), ("Duitsland", "Germany"),
    ("Frankrijk", "France"), ("Spanje", "Spain"), ("Italië", "Italy"), ("Polen", "Poland"),
    ("Noorwegen", "Norway"), ("Denemarken", "Denmark"), ("Canada", "Canada"),
    ("Portugal", "Portugal"), ("Griekenland", "Greece"), ("Turkije", "Turkey"),
    ("Roemenië", "Romania"), ("Hongarije", "Hungary"), ("Estland", "Estonia"),
    ("Letland", "Latvia"), ("Litouwen", "Lithuania"), ("Slowakije", "Slovakia"),
    ("Tsjechië", "the Czech Republic"), ("Kroatië", "Croatia"), ("Albanië", "Albania"),
    ("Bulgarije", "Bulgaria"), ("Slovenië", "Slovenia"), ("Luxemburg", "Luxembourg"),
    ("IJsland", "Iceland"), ("Montenegro", "Montenegro"), ("Noord-Macedonië", "North Macedonia"),
    ("het Verenigd Koninkrijk", "the United Kingdom"), ("de Verenigde Staten", "the United States"),
]
MONTHS = [("januari", "January"), ("februari", "February"), ("maart", "March"), ("april", "April"),
          ("mei", "May"), ("juni", "June"), ("juli", "July"), ("augustus", "August"),
          ("september", "September"), ("oktober", "October"), ("november", "November"),
          ("december", "December")]
SPEAKERS = [("de minister", "the minister said"), ("de secretaris-generaal", "the Secretary General said"),
            ("een woordvoerder van het ministerie", "a ministry spokesperson said"),
            ("de staatssecretaris", "the state secretary said"), ("de commandant", "the commander said"),
            ("de ambassadeur", "the ambassador said"), ("de premier", "the prime minister said"),
            ("de voorzitter", "the chair said"), ("een diplomaat", "a diplomat said"),
            ("de onderzoekers", "the researchers said"), ("de politie", "the police said"),
            ("de organisatie", "the organisation said")]
TOPICS = [("lastenverdeling", "burden sharing"),
          ("afschrikking en verdediging", "deterrence and defence"),
          ("NAVO-missies en -operaties", "NATO missions and operations"),
          ("de situatie in de Middellandse Zee", "the situation in the Mediterranean"),
          ("de defensie-uitgaven van de bondgenoten", "the allies' defence spending"),
          ("de gevolgen van COVID-19 voor de krijgsmacht", "the consequences of COVID-19 for the armed forces"),
          ("de missie in Afghanistan", "the mission in Afghanistan"),
          ("de trainingsmissie in Irak", "the training mission in Iraq"),
          ("weerbaarheid en civiele paraatheid", "resilience and civil preparedness"),
          ("de ruimte als operationeel domein", "space as an operational domain"),
          ("cyberdreigingen", "cyber threats"), ("hybride dreigingen", "hybrid threats"),
          ("de Defence Capability Review", "the Defence Capability Review"),
          ("vrouwen, vrede en veiligheid", "women, peace and security"),
          ("de samenwerking tussen de NAVO en de EU", "cooperation between NATO and the EU"),
          ("wapenbeheersing", "arms control")]
DOCUMENTS = [("het zogenoemde Defence Capability Review Report", "the so-called Defence Capability Review Report"),
             ("het nieuwe concept voor afschrikking en verdediging", "the new concept for deterrence and defence"),
             ("de ruimtevaartstrategie", "the space strategy"), ("het verslag van de bijeenkomst", "the report of the meeting"),
             ("de jaarlijkse voortgangsrapportage", "the annual progress report"),
             ("het actieplan voor weerbaarheid", "the resilience action plan")]
BODIES = [("de NAVO-Ministers van Defensie", "the NATO Defence Ministers"), ("de Ministers", "the Ministers"),
          ("de bondgenoten", "the allies"), ("de Europese bondgenoten en Canada", "the European allies and Canada"),
          ("de Noord-Atlantische Raad", "the North Atlantic Council"), ("de lidstaten", "the member states")]
ADJ = [("belangrijk", "important"), ("noodzakelijk", "necessary"), ("van groot belang", "of great importance"),
       ("essentieel", "essential"), ("wenselijk", "desirable")]

# (Dutch, English) templates; {c}/{C} country, {d}/{D} date, {y} year, {p}/{P} percentage, {t}/{T} topic,
# {o}/{O} document, {b}/{B} body (plural), {a}/{A} adjective, {n} number, {m}/{M} month, {s}/{S} speaker
TEMPLATES = [
    ("{B} spraken op {d} over {t}.", "On {D}, {b_en} discussed {T}."),
    ("Tijdens de bijeenkomst op {d} werd {o} door {b} vastgesteld.", "During the meeting on {D}, {b_en} adopted {O}."),
    ("{C} heeft in {y} {p} procent van het bbp aan defensie besteed.", "In {y}, {c_en} spent {P} per cent of GDP on defence."),
    ("De secretaris-generaal benadrukte dat het {a} blijft om prioriteit te geven aan {t}.",
     "The Secretary General stressed that it remains {A} to give priority to {T}."),
    ("Het overzicht van het aan {c} gewijde hoofdstuk is op {d} met uw Kamer gedeeld.",
     "The overview of the chapter devoted to {c_en} was shared with your House on {D}."),
    ("Ook werd door {b} kort stilgestaan bij {t}.", "{B_en} also briefly considered {T}."),
    ("Uit dat overzicht blijkt dat de uitgaven van {c} sinds {y} met {p} procent zijn gestegen.",
     "The overview shows that the spending of {c_en} has risen by {P} per cent since {y}."),
    ("{C} zal in {y} {n} militairen bijdragen aan {t}.", "In {y}, {c_en} will contribute {n} service personnel to {T}."),
    ("De volgende bijeenkomst van {b} staat gepland voor {d}.", "The next meeting of {b_en} is scheduled for {D}."),
    ("Nederland heeft samen met {c} een voorstel gedaan over {t}.",
     "Together with {c_en}, the Netherlands made a proposal on {T}."),
    ("Het kabinet acht het {a} dat {b} in {y} verder spreken over {t}.",
     "The government considers it {A} that {b_en} continue to discuss {T} in {y}."),
    ("Hierbij ontvangt u het verslag van de bijeenkomst van {b} op {d}.",
     "Please find enclosed the report of the meeting of {b_en} on {D}."),
    ("Ik zal uw Kamer voor {m} {y} informeren over {t}.", "I will inform your House about {T} before {M} {y}."),
    ("In de brief van {d} heeft het kabinet uw Kamer geïnformeerd over {t}.",
     "In the letter of {D}, the government informed your House about {T}."),
    ("{C} heeft aangekondigd {n} extra militairen naar {t} te sturen.",
     "{C_en} announced that it would send {n} additional service personnel to {T}."),
    ("Volgens {s} is {t} voor {c} een belangrijk onderwerp.", "According to {s_en}, {T} is an important subject for {c_en}."),
    ("De kosten van {t} bedragen in {y} naar verwachting {n} miljoen euro.",
     "The costs of {T} are expected to amount to {n} million euros in {y}."),
    ("Over {t} is op {d} een motie aangenomen.", "A motion on {T} was adopted on {D}."),
    ("{B} hebben afgesproken {o} in {m} {y} te herzien.", "{B_en} agreed to revise {O} in {M} {y}."),
    ("Het ministerie van Defensie publiceert {o} jaarlijks in {m}.",
     "The Ministry of Defence publishes {O} every year in {M}."),
    ("De bijdrage van {c} aan {t} wordt met {n} militairen uitgebreid.",
     "The contribution of {c_en} to {T} is being extended by {n} service personnel."),
    ("Op verzoek van uw Kamer ga ik in deze brief in op {t}.", "At the request of your House, this letter addresses {T}."),
    ("{C} en Nederland werken sinds {y} samen op het gebied van {t}.",
     "{C_en} and the Netherlands have been cooperating in the field of {T} since {y}."),
    ("Het kabinet verwacht {o} voor {d} aan uw Kamer te sturen.",
     "The government expects to send {O} to your House before {D}."),
    ("De Ministers van {c} en Nederland ondertekenden op {d} een intentieverklaring over {t}.",
     "On {D}, the Ministers of {c_en} and the Netherlands signed a letter of intent on {T}."),
    ("Tijdens het debat van {d} is toegezegd dat uw Kamer wordt geïnformeerd over {t}.",
     "During the debate of {D}, it was promised that your House would be informed about {T}."),
    ("{S} wees erop dat {t} in {y} {a} blijft.", "{S_en} pointed out that {T} will remain {A} in {y}."),
    ("Voor {t} is in {y} een bedrag van {n} miljoen euro gereserveerd.",
     "An amount of {n} million euros has been reserved for {T} in {y}."),
    ("In {m} {y} vindt in {c} een oefening plaats over {t}.", "In {M} {y}, an exercise on {T} will take place in {c_en}."),
    ("De Tweede Kamer heeft op {d} gedebatteerd over {t}.", "On {D}, the House of Representatives debated {T}."),
]
NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")


def load_ntrex(shared):
    base = os.path.join(shared, "data", "ntrex128")
    with open(os.path.join(base, "newstest2019-ref.nld.txt"), encoding="utf-8") as f:
        nl = [l.strip() for l in f]
    with open(os.path.join(base, "newstest2019-src.eng.txt"), encoding="utf-8") as f:
        en = [l.strip() for l in f]
    with open(os.path.join(base, "DOCUMENT_IDS.tsv"), encoding="utf-8") as f:
        docs = [l.strip() for l in f]
    return [(a, b, d) for a, b, d in zip(nl, en, docs) if a and b]


def cap(s):
    return s[:1].upper() + s[1:]


def date_pair(rng):
    day = rng.randint(1, 28)
    m = rng.randrange(12)
    y = rng.randint(1995, 2030)
    return f"{day} {MONTHS[m][0]} {y}", f"{day} {MONTHS[m][1]} {y}"


def template_unit(rng):
    nl, en = rng.choice(TEMPLATES)
    c = rng.choice(COUNTRIES)
    t = rng.choice(TOPICS)
    o = rng.choice(DOCUMENTS)
    b = rng.choice(BODIES)
    a = rng.choice(ADJ)
    d, D = date_pair(rng)
    y = str(rng.randint(1995, 2030))
    pct = rng.randint(50, 400) / 100
    p, P = f"{pct:.2f}".replace(".", ","), f"{pct:.2f}"
    n = str(rng.randint(2, 60) * 10)
    m = rng.choice(MONTHS)
    sp = rng.choice(SPEAKERS)
    sp_en = sp[1][: -len(" said")]
    vals = dict(c=c[0], C=cap(c[0]), c_en=c[1], C_en=cap(c[1]), t=t[0], T=t[1], o=o[0], O=o[1], b=b[0],
                B=cap(b[0]), b_en=b[1], B_en=cap(b[1]), a=a[0], A=a[1], d=d, D=D, y=y, p=p, P=P, n=n,
                m=m[0], M=m[1], s=sp[0], S=cap(sp[0]), s_en=sp_en, S_en=cap(sp_en))
    return nl.format(**vals), en.format(**vals)


def vary(rng, nl, en):
    """A version of a news sentence: other numbers, country, month, an attribution."""
    ops = rng.sample(["number", "country", "month", "speaker", "year"], k=rng.randint(1, 3))
    for op in ops:
        if op == "number":
            nums = [m for m in NUMBER.findall(nl) if m in en]
            if nums:
                old = rng.choice(nums)
                new = str(rng.randint(2, 99999))
                nl = re.sub(r"(?<![\w.,])" + re.escape(old) + r"(?![\w])", new, nl)
                en = re.sub(r"(?<![\w.,])" + re.escape(old) + r"(?![\w])", new, en)
        elif op == "country":
            for c_nl, c_en in COUNTRIES:
                if c_nl in nl and c_en in en:
                    r_nl, r_en = rng.choice(COUNTRIES)
                    nl, en = nl.replace(c_nl, r_nl), en.replace(c_en, r_en)
                    break
        elif op == "month":
            for m_nl, m_en in MONTHS:
                if m_nl in nl and m_en in en:
                    r_nl, r_en = rng.choice(MONTHS)
                    nl, en = nl.replace(m_nl, r_nl), en.replace(m_en, r_en)
                    break
        elif op in ("speaker", "year") and nl.endswith(".") and en.endswith("."):
            if op == "speaker":
                s_nl, s_en = rng.choice(SPEAKERS)
                nl, en = f"{nl[:-1]}, aldus {s_nl}.", f"{en[:-1]}, {s_en}."
            else:
                y = rng.randint(1995, 2030)
                nl, en = f"{nl[:-1]}, volgens cijfers uit {y}.", f"{en[:-1]}, according to figures from {y}."
    return nl, en


def make_unit(rng, pairs):
    r = rng.random()
    if r < 0.10:
        return template_unit(rng)
    if r < 0.30:
        i = rng.randrange(len(pairs) - 1)
        if pairs[i][2] == pairs[i + 1][2]:
            nl, en = vary(rng, pairs[i][0] + " " + pairs[i + 1][0], pairs[i][1] + " " + pairs[i + 1][1])
            return nl, en
    nl, en, _ = rng.choice(pairs)
    return vary(rng, nl, en)


def esc(s):
    return html.escape(s, quote=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=1000000)
    ap.add_argument("--seed", type=int, default=28676)
    ap.add_argument("--out", required=True)
    ap.add_argument("--shared", default=os.path.join(HERE, "..", "..", "shared"))
    ap.add_argument("--queries")
    ap.add_argument("--nqueries", type=int, default=2000)
    args = ap.parse_args()
    pairs = load_ntrex(args.shared)
    rng = random.Random(args.seed)
    seen = set()
    units = []
    tries = 0
    while len(units) < args.units:
        nl, en = make_unit(rng, pairs)
        tries += 1
        key = (nl, en)
        if key in seen:
            continue
        seen.add(key)
        units.append((nl, en))
    tmp = args.out + ".part"
    base = 1577836800  # 2020-01-01: dates spread over the following years
    with open(tmp, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
                '<header creationtool="tolk-bench" creationtoolversion="1" segtype="sentence" '
                'o-tmf="tm-gen" adminlang="en" srclang="nl-NL" datatype="plaintext"/>\n<body>\n')
        import time as _t
        for i, (nl, en) in enumerate(units):
            ts = _t.strftime("%Y%m%dT%H%M%SZ", _t.gmtime(base + (i * 97) % 150000000))
            f.write(f'<tu creationdate="{ts}" creationid="gen"><tuv xml:lang="nl-NL"><seg>{esc(nl)}</seg></tuv>'
                    f'<tuv xml:lang="en-GB"><seg>{esc(en)}</seg></tuv></tu>\n')
        f.write("</body>\n</tmx>\n")
    os.replace(tmp, args.out)
    print(f"tm-gen: {len(units)} distinct units ({tries - len(units)} duplicates regenerated) -> {args.out}",
          file=sys.stderr)
    if args.queries:
        # what a translator looks up: new versions of sentences, edited stored units, stored units as they are
        qrng = random.Random(args.seed + 1)
        queries = []
        while len(queries) < args.nqueries:
            kind = qrng.random()
            if kind < 0.4:
                nl = make_unit(qrng, pairs)[0]
            else:
                nl = units[qrng.randrange(len(units))][0]
                if kind < 0.85:
                    words = nl.split()
                    for _ in range(qrng.randint(1, 3)):
                        if len(words) < 4:
                            break
                        j = qrng.randrange(len(words))
                        op = qrng.random()
                        if op < 0.4:
                            del words[j]
                        elif op < 0.7:
                            words[j] = qrng.choice(["nieuwe", "belangrijke", "verder", "echter", "alle"])
                        else:
                            words.insert(j, qrng.choice(["ook", "nu", "nog", "wel", "daarom"]))
                    nl = " ".join(words)
            queries.append(nl.replace("\n", " "))
        with open(args.queries, "w", encoding="utf-8") as f:
            f.write("\n".join(queries) + "\n")


if __name__ == "__main__":
    main()
