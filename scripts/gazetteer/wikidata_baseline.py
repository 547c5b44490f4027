#!/usr/bin/env python3
"""Baseline for the Wikidata importer's benchmark: the same import in
Python, parsing the dump line by line with the standard json module.

Reads a Wikidata JSON dump (one entity per line), keeps entities with an
Arabic label and a P31 class in crates/gazetteer-import/data/
wikidata-classes.tsv, and writes id<TAB>type<TAB>label<TAB>aliases… like
khabar-gazetteer-import (same output on the benchmark dump, checked with
`cmp` after dropping the header lines).

    python3 scripts/gazetteer/wikidata_baseline.py DUMP.json OUT.tsv
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CLASSES = os.path.join(HERE, "../../crates/gazetteer-import/data/wikidata-classes.tsv")


def classes():
    table = {}
    with open(CLASSES, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            q, kind = line.rstrip("\n").split("\t")[:2]
            table[q] = kind
    return table


def clean(name):
    name = " ".join(name.split())
    name = name.lstrip("#").strip()
    return name if any(c.isalnum() for c in name) else None


def main(dump, out_path, langs=("ar",)):
    table = classes()
    written = 0
    with open(dump, encoding="utf-8") as f, open(out_path, "w", encoding="utf-8") as out:
        for line in f:
            line = line.strip()
            if line.endswith(","):
                line = line[:-1]
            if line in ("", "[", "]"):
                continue
            try:
                e = json.loads(line)
            except ValueError:
                continue
            labels = e.get("labels") or {}
            names = [labels[l]["value"] for l in langs if isinstance(labels, dict) and l in labels]
            if not names:
                continue
            claims = e.get("claims") or {}
            kind = None
            if isinstance(claims, dict):
                st = claims.get("P31", [])
                ordered = [s for s in st if s.get("rank") == "preferred"] + [
                    s for s in st if s.get("rank", "normal") == "normal"
                ]
                for s in ordered:
                    v = (s.get("mainsnak", {}).get("datavalue") or {}).get("value") or {}
                    q = v.get("id")
                    if q in table:
                        kind = table[q]
                        break
            if kind is None:
                continue
            aliases = e.get("aliases") or {}
            if isinstance(aliases, dict):
                for l in langs:
                    names.extend(a["value"] for a in aliases.get(l, []))
            seen = []
            for n in names:
                c = clean(n)
                if c and c not in seen:
                    seen.append(c)
            if seen:
                out.write("\t".join([e["id"], kind] + seen) + "\n")
                written += 1
    print(f"written {written}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
