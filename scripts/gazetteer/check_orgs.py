#!/usr/bin/env python3
"""Curation check for the organisation files added by hand
(crates/gazetteer/data/organizations-*.tsv other than organizations-more.tsv).

A development aid, not run by tests or CI: it needs `pip install wordfreq`
(word frequencies, only looked up, nothing copied into the repository).

For the files given (default: the organizations-*.tsv files of the world
coverage) it reports:
  * ids already defined in another data file (an intended "add names to an
    existing id" line must be marked with `# extends` on the line above);
  * ids repeated inside the checked files;
  * names that fold (diacritics, alef seats, hamza seats, ى/ي, ة/ه, Latin
    case, separators, a leading ال) to a name of another id anywhere in the
    data;
  * single-word Arabic names (and their ال-less form and the engine's
    g-letter variants) with a wordfreq zipf >= --min-zipf: a common word,
    to drop or to list only with a head noun;
  * with --min-phrase-zipf, multi-word Arabic names whose phrase frequency
    (wordfreq's estimate from the words) is at least that (off by default:
    the estimate is too rough to decide anything alone);
  * single-token Latin names that are common English words.

Usage: python3 scripts/gazetteer/check_orgs.py [FILE...] [--min-zipf 3.0]
Exit status 1 if an id or name clash is found (frequency findings are for a
person to review and only printed).
"""
import argparse
import glob
import os
import re
import sys

from gazcommon import ARABIC_WORD, DATA, DIAC, final_spellings

MINE = [
    "organizations-world.tsv",
    "organizations-parties.tsv",
    "organizations-media.tsv",
    "organizations-business.tsv",
    "organizations-sport.tsv",
    "organizations-universities.tsv",
]


def fold(name):
    """The folding the matcher applies (plus g-letters and separators)."""
    s = DIAC.sub("", name).lower()
    s = re.sub("[أإآٱ]", "ا", s)
    s = s.replace("ؤ", "و").replace("ئ", "ي").replace("ى", "ي").replace("ة", "ه")
    s = re.sub("[غجقگڨ]", "g", s)
    s = re.sub("[\\s\\-‐–_.]+", "", s)
    return s


def keys(name):
    """Fold, and the ال-less form of a name that starts with the article."""
    k = {fold(name)}
    if name.startswith("ال") and len(name) > 4:
        k.add(fold(name[2:]))
    return k


def rows(path):
    out = []
    prev = ""
    for no, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            prev = line
            continue
        cols = line.split("\t")
        out.append((no, cols[0], cols[1], cols[2:], prev.startswith("# extends")))
        prev = line
    return out


def spellings(w):
    """Final ة/ه and ى/ي, alef seats at the start only, and g-letters."""
    out = final_spellings(w)
    for v in list(out):
        for a in "أإآ":
            if v.startswith(a):
                out.add("ا" + v[1:])
        if v.startswith("ا"):
            for a in "أإ":
                out.add(a + v[1:])
    for v in list(out):
        for i, c in enumerate(v):
            for alt in {"غ": "جق", "ج": "غق"}.get(c, ""):
                out.add(v[:i] + alt + v[i + 1:])
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*")
    ap.add_argument("--min-zipf", type=float, default=3.0)
    ap.add_argument("--min-phrase-zipf", type=float, default=None)
    a = ap.parse_args()
    from wordfreq import zipf_frequency

    files = a.files or [os.path.join(DATA, f) for f in MINE if os.path.exists(os.path.join(DATA, f))]
    files = [os.path.abspath(f) for f in files]
    others = [f for f in sorted(glob.glob(os.path.join(DATA, "*.tsv"))) if os.path.abspath(f) not in files]
    other_ids = {}
    other_keys = {}
    for f in others:
        for no, i, t, names, _ in rows(f):
            other_ids.setdefault(i, f"{os.path.basename(f)}:{no}")
            for n in names:
                for k in keys(n):
                    other_keys.setdefault(k, (i, n, os.path.basename(f)))
    errors = 0
    seen_ids = {}
    seen_keys = {}
    n_ids = n_names = 0
    for f in files:
        base = os.path.basename(f)
        for no, i, t, names, extends in rows(f):
            where = f"{base}:{no}"
            if i in other_ids and not extends:
                print(f"ID   {where}: {i} already defined at {other_ids[i]}")
                errors += 1
            if i in seen_ids and not extends:
                print(f"ID   {where}: {i} repeated (first {seen_ids[i]})")
                errors += 1
            if i not in seen_ids and i not in other_ids:
                n_ids += 1
            seen_ids.setdefault(i, where)
            for n in names:
                n_names += 1
                for k in keys(n):
                    o = other_keys.get(k)
                    if o and o[0] != i:
                        print(f"NAME {where}: {n!r} ({i}) ~ {o[1]!r} ({o[0]}, {o[2]})")
                        errors += 1
                    s = seen_keys.get(k)
                    if s and s[0] != i:
                        print(f"NAME {where}: {n!r} ({i}) ~ {s[1]!r} ({s[0]}, {s[2]})")
                        errors += 1
                    seen_keys.setdefault(k, (i, n, where))
                if ARABIC_WORD.match(n):
                    cands = set(spellings(n))
                    if n.startswith("ال") and len(n) > 4:
                        cands |= spellings(n[2:])
                    z = max(zipf_frequency(c, "ar") for c in cands)
                    if z >= a.min_zipf:
                        print(f"WORD {where}: {n} zipf {z:.2f} ({i})")
                elif a.min_phrase_zipf is not None and re.search("[\u0621-\u064A]", n):
                    z = zipf_frequency(n, "ar")
                    if z >= a.min_phrase_zipf:
                        print(f"PHRS {where}: {n} zipf {z:.2f} ({i})")
                elif re.fullmatch("[A-Za-z]+", n):
                    z = zipf_frequency(n.lower(), "en")
                    if z >= 3.5:
                        print(f"LATN {where}: {n} en zipf {z:.2f} ({i})")
    print(f"{n_ids} new ids, {n_names} names in {len(files)} files; {errors} clashes")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
