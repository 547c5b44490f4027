#!/usr/bin/env python3
"""Word-frequency check of the one-word names in the era files.

A curation tool, run by hand, not by the tests or CI. For every Arabic name
of one word in crates/gazetteer/data/organizations-era.tsv and
people-era.tsv (or the files given) it prints the wordfreq zipf frequency
of the name, of the name without its article, and of the name with each
single proclitic (و ف ب ل ك ال). A one-word name whose frequency reaches
3.0 in any of these forms is flagged: keep it only if it is a well-known
proper name in news (the name itself is the frequent word), otherwise list
it with its head noun (شركة X، موقع X).

Usage: python3 -m venv /tmp/v && /tmp/v/bin/pip install wordfreq==3.1.1
       /tmp/v/bin/python scripts/gazetteer/era_check.py [FILE.tsv ...]
Exit status 1 if a name is flagged.
"""
import os
import re
import sys

from wordfreq import zipf_frequency

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "crates", "gazetteer", "data")
FILES = ["organizations-era.tsv", "people-era.tsv"]
LIMIT = 3.0
ARABIC = re.compile("^[\u0621-\u0652\u0670]+$")
# Reviewed: frequent because the word is the proper name itself (no other
# reading in news Arabic).
REVIEWED = {"كرايسلر"}


def forms(name):
    out = [name]
    if name.startswith("ال"):
        out.append(name[2:])
    for p in ("و", "ف", "ب", "ل", "ك"):
        out.append(p + name)
    if not name.startswith("ال"):
        out.append("ال" + name)
    return out


def main(argv):
    files = argv[1:] or [os.path.join(DATA, f) for f in FILES]
    flagged = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                cols = line.rstrip("\n").split("\t")
                for name in cols[2:]:
                    if " " in name or not ARABIC.match(name):
                        continue
                    zs = [(w, zipf_frequency(w, "ar")) for w in forms(name)]
                    top = max(z for _, z in zs)
                    flag = top >= LIMIT and name not in REVIEWED
                    mark = "FLAG" if flag else ("reviewed" if top >= LIMIT else "ok")
                    flagged += flag
                    detail = " ".join(f"{w}={z:.2f}" for w, z in zs if z > 0)
                    print(f"{mark}\t{cols[0]}\t{name}\t{detail}")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
