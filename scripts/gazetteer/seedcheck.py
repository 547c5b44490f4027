#!/usr/bin/env python3
"""Naive reference matcher: how well does the gazetteer DATA cover the seeds?

Why: the data can be judged before (and independently of) the Rust engine.
This mimics SPEC section 5 loosely: folding (diacritics, tatweel, hamza seats,
ى/ي, ة/ه, غ/ج/ق, Latin case), optional space/hyphen inside names, optional
ال, proclitics و ف ب ل ك, word boundaries, leftmost-longest. It is slow and
approximate on purpose; the engine is the real thing.

Usage: python3 scripts/gazetteer/seedcheck.py GOLD.jsonl [-v]
Prints per-document mention counts that differ from the gold, ids found that
the gold does not list, and the required-recall and mention-recall figures.
"""
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(ROOT, "crates", "gazetteer", "data")
FILES = ["countries.tsv", "cities.tsv", "organizations.tsv", "people.tsv", "seeds.tsv", "short-forms.tsv"]
DIAC = re.compile("[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
WORD = r"[0-9A-Za-z\u0621-\u064A\u0660-\u0669\u066E-\u06D3]"


def fold(s):
    s = DIAC.sub("", s)
    s = re.sub("[أإآٱ]", "ا", s).replace("ؤ", "و").replace("ئ", "ي").replace("ى", "ي").replace("ة", "ه")
    s = re.sub("[غجق]", "ج", s).replace("ڤ", "ف").replace("پ", "ب").replace("گ", "ك")
    s = s.lower().replace("\u2019", "'")
    return re.sub(r"[-\u2010-\u2015]", " ", s)


def load():
    entries = []
    for f in FILES:
        for line in open(os.path.join(DATA, f), encoding="utf-8"):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            for n in cols[2:]:
                entries.append((cols[0], n))
    return entries


def pattern(name):
    words = fold(name).split()
    parts = []
    for i, w in enumerate(words):
        if re.match("[a-z0-9]", w):
            parts.append(re.escape(w))
            continue
        if w.startswith("ال") and len(w) > 3:
            w = w[2:]
        core = re.escape(w)
        parts.append(f"(?:ال)?{core}" if i else core)
    body = r"[\s\-]?".join(parts)
    clitic = "(?:[وف]?(?:[بلك])?(?:ال|ل)?)" if re.match("[\u0600-\u06FF]", fold(name)) else ""
    return re.compile(f"(?<!{WORD}){clitic}({body})(?!{WORD})")


def find(text, pats):
    t = fold(text)
    cands = []
    for eid, p in pats:
        for m in p.finditer(t):
            cands.append((m.start(), -(m.end() - m.start()), m.end(), eid))
    cands.sort()
    out, pos = [], 0
    for s, _, e, eid in cands:
        if s >= pos:
            out.append((s, e, eid, t[s:e]))
            pos = e
    return out


def main():
    gold_path = sys.argv[1]
    verbose = "-v" in sys.argv
    pats = [(eid, pattern(n)) for eid, n in load()]
    gold = defaultdict(dict)
    for line in open(gold_path, encoding="utf-8"):
        g = json.loads(line)
        gold[g["doc"]][g["id"]] = g
    req = req_found = 0
    full = 0.0
    for doc in sorted(gold):
        text = open(os.path.join(ROOT, "seeds", doc + ".txt"), encoding="utf-8").read()
        found = find(text, pats)
        counts = Counter(eid for _, _, eid, _ in found)
        for eid, g in gold[doc].items():
            c = counts.get(eid, 0)
            if g["required"]:
                req += 1
                req_found += c > 0
                full += min(c, g["mentions"]) / g["mentions"]
            if c != g["mentions"]:
                print(f"{doc[:3]} {eid}: found {c}, gold {g['mentions']}{'' if g['required'] else ' (optional)'}")
        for eid, c in counts.items():
            if eid not in gold[doc]:
                spans = [s for _, _, i, s in found if i == eid]
                print(f"{doc[:3]} extra {eid} x{c}: {spans[:3]}")
        if verbose:
            for s, e, eid, frag in found:
                print(f"   {s}-{e} {eid} {frag}")
    print(f"required recall {req_found}/{req}, mention recall {100 * full / req:.1f}%")


if __name__ == "__main__":
    main()
