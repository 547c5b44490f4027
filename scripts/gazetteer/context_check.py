#!/usr/bin/env python3
"""Word-frequency check of the towns in crates/gazetteer/data/places-news*.tsv
(places-news.tsv, places-news2.tsv).

A curation tool, not run by the tests or CI. For every one-word Arabic name
it prints the wordfreq zipf frequency of the name as written, of the word
without its article (الحلة: حلة), and of the name with each proclitic, and
whether its id is listed in crates/gazetteer/lists/context-places.tsv (the
towns reported only in a place context). A name whose other forms (without
the article, with the article or a proclitic) reach zipf 3.0 must be listed
there; a name frequent only as written is flagged for a look (تلعفر is
frequent because it is the town).

Usage: python3 -m venv /tmp/v && /tmp/v/bin/pip install wordfreq==3.1.1
       /tmp/v/bin/python scripts/gazetteer/context_check.py
Exit status 1 if a frequent name is not listed or a listed id is unknown.
"""
import os
import re
import sys

from wordfreq import zipf_frequency

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "crates", "gazetteer")
LIMIT = 3.0


def zipf(w):
    return zipf_frequency(w, "ar")


def main():
    listed = {}
    for line in open(os.path.join(ROOT, "lists", "context-places.tsv"), encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            cols = line.rstrip("\n").split("\t")
            listed[cols[0]] = cols[1:]
    bad = 0
    ids = set()
    news = sorted(
        fn for fn in os.listdir(os.path.join(ROOT, "data")) if fn.startswith("places-news")
    )
    lines = [
        line
        for fn in news
        for line in open(os.path.join(ROOT, "data", fn), encoding="utf-8")
    ]
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        ids.add(cols[0])
        for name in cols[2:]:
            if " " in name or not re.search("[\u0621-\u064a]", name):
                continue
            forms = {name: zipf(name)}
            if name.startswith("ال"):
                forms["-ال"] = zipf(name[2:])
            else:
                forms["ال+"] = zipf("ال" + name)
            for p in "وبلف":
                forms[p + "+"] = zipf(p + name)
            top = max(forms.values())
            # The name's own frequency may be the place's (تلعفر): only
            # its other forms (without the article, with a proclitic) are
            # surely other words; a frequent name is left to the curator.
            other = max(v for k, v in forms.items() if k != name)
            mark = ",".join(listed.get(cols[0], ["-"]))
            flag = ""
            if cols[0] not in listed and other >= LIMIT:
                flag = "  <- another form is a frequent word: list it"
                bad += 1
            elif cols[0] not in listed and top >= LIMIT:
                flag = "  (frequent as written: check it is only the place)"
            detail = " ".join(f"{k}:{v:.2f}" for k, v in forms.items())
            print(f"{cols[0]:18} {name:12} max {top:.2f} [{mark}] {detail}{flag}")
    # Listed ids must exist in places-news.tsv or another data file.
    data = set()
    for fn in os.listdir(os.path.join(ROOT, "data")):
        for line in open(os.path.join(ROOT, "data", fn), encoding="utf-8"):
            if line.strip() and not line.startswith("#"):
                data.add(line.split("\t", 1)[0])
    for i in listed:
        if i not in data:
            print(f"listed id {i} is in no data file")
            bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
