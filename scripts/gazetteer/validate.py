#!/usr/bin/env python3
"""Validate khabar's built-in gazetteer data (crates/gazetteer/data/*.tsv).

Checks, per SPEC section 5 and the gazetteer issue:
  * every non-comment line is id<TAB>type<TAB>name[<TAB>name...] with no empty
    field and no stray whitespace;
  * ids are lowercase English slugs, types are PER, LOC or ORG;
  * no id appears with two types (across all files);
  * no name (after the light folding every matcher does: diacritics, tatweel,
    hamza seats, ى/ي, ة/ه, Latin case, hyphens) belongs to two ids;
  * short-forms.tsv only uses ids defined in people.tsv or seeds.tsv;
  * with --gold FILE: every gold entity is present with its id and type, and
    every gold form is one of the id's names (folded, g/j/q-insensitive).
Warnings (not errors): names that collide only after the engine's further
variant rules (غ/ج/ق, with/without ال), and names of one id that are only
mechanical variants of each other (the engine generates those).

Usage: python3 scripts/gazetteer/validate.py [--gold tests/data/seeds-entities.jsonl]
Prints counts per file and type; exits 1 on any error.
"""
import argparse
import json
import os
import re
import sys
from collections import defaultdict

from gazcommon import DATA, DIAC, SLUG

FILES = ["countries.tsv", "cities.tsv", "organizations.tsv", "people.tsv", "seeds.tsv", "short-forms.tsv"]
TYPES = {"PER", "LOC", "ORG"}


def fold(name):
    """The folding every matcher applies before comparing names."""
    s = DIAC.sub("", name)
    s = re.sub("[أإآٱ]", "ا", s)
    s = s.replace("ؤ", "و").replace("ئ", "ي").replace("ى", "ي").replace("ة", "ه")
    s = s.replace("ڤ", "ف").replace("پ", "ب").replace("گ", "ك")
    s = s.lower().replace("\u2019", "'")
    s = re.sub(r"[-\u2010-\u2015]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def loose(name):
    """Further engine variants: g/j/q, no spaces, without a leading article."""
    s = fold(name)
    s = re.sub("[غجق]", "ج", s)
    # The engine's article rule only applies to the first word of a name.
    if s.startswith("ال") and len(s) >= 5:
        s = s[2:]
    return s.replace(" ", "")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", help="seeds-entities.jsonl to check coverage against")
    ap.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")
    a = ap.parse_args()

    errors, warnings = [], []
    id_type, id_file = {}, {}
    names_by_id = defaultdict(list)
    owner = {}  # folded name -> (id, where)
    loose_owner = {}
    counts = defaultdict(lambda: defaultdict(lambda: [set(), 0]))  # file -> type -> [ids, names]

    for fname in FILES:
        path = os.path.join(DATA, fname)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        if not text.startswith("#"):
            errors.append(f"{fname}:1: no header comment")
        for lineno, line in enumerate(text.split("\n"), 1):
            where = f"{fname}:{lineno}"
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 3:
                errors.append(f"{where}: fewer than 3 fields")
                continue
            eid, typ, names = cols[0], cols[1], cols[2:]
            if any(c != c.strip() or not c for c in cols):
                errors.append(f"{where}: empty field or stray whitespace")
            if not SLUG.match(eid):
                errors.append(f"{where}: id {eid!r} is not a lowercase slug")
            if typ not in TYPES:
                errors.append(f"{where}: type {typ!r} not in {sorted(TYPES)}")
            if eid in id_type and id_type[eid] != typ:
                errors.append(f"{where}: id {eid} has type {typ} here but {id_type[eid]} in {id_file[eid]}")
            id_type.setdefault(eid, typ)
            id_file.setdefault(eid, where)
            if fname == "short-forms.tsv" and eid not in names_by_id:
                errors.append(f"{where}: short form for {eid}, which no earlier file defines")
            c = counts[fname][typ]
            c[0].add(eid)
            c[1] += len(names)
            for n in names:
                f = fold(n)
                if f in owner:
                    oid, owhere = owner[f]
                    if oid != eid:
                        errors.append(f"{where}: name {n!r} of {eid} is also a name of {oid} ({owhere})")
                    else:
                        warnings.append(f"{where}: name {n!r} listed twice for {eid} (also {owhere})")
                    continue
                owner[f] = (eid, where)
                lf = loose(n)
                if lf in loose_owner and loose_owner[lf][0] != eid:
                    oid, owhere = loose_owner[lf]
                    warnings.append(f"{where}: {n!r} of {eid} and a name of {oid} ({owhere}) differ only by غ/ج/ق, spaces or ال")
                elif lf in loose_owner:
                    warnings.append(f"{where}: {n!r} is a mechanical variant of another name of {eid}: the engine generates it")
                loose_owner.setdefault(lf, (eid, where))
                names_by_id[eid].append(n)

    if a.gold:
        seen = set()
        with open(a.gold, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                g = json.loads(line)
                key = (g["id"], g["type"])
                if key in seen:
                    continue
                seen.add(key)
                if g["id"] not in id_type:
                    errors.append(f"gold: {g['id']} ({g['type']}) missing")
                    continue
                if id_type[g["id"]] != g["type"]:
                    errors.append(f"gold: {g['id']} has type {id_type[g['id']]}, gold says {g['type']}")
            # every form of every gold line is a name of its id
            fh.seek(0)
            for line in fh:
                if not line.strip():
                    continue
                g = json.loads(line)
                have = {loose(n) for n in names_by_id.get(g["id"], [])}
                for form in g["forms"]:
                    if loose(form) not in have:
                        errors.append(f"gold: form {form!r} of {g['id']} is no name of it")
        errors = list(dict.fromkeys(errors))

    total_ids = len(id_type)
    print(f"{'file':22} {'type':4} {'ids':>6} {'names':>7}")
    for fname in FILES:
        for typ in sorted(counts[fname]):
            ids, n = counts[fname][typ]
            print(f"{fname:22} {typ:4} {len(ids):6} {n:7}")
    by_type = defaultdict(int)
    for t in id_type.values():
        by_type[t] += 1
    print(f"distinct ids: {total_ids} ({', '.join(f'{t} {by_type[t]}' for t in sorted(by_type))}); names: {len(owner)}")
    if not a.quiet:
        for w in warnings:
            print(f"warning: {w}")
    for e in errors:
        print(f"error: {e}")
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
