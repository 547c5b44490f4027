#!/usr/bin/env python3
"""Curation check for the hand-written people files (people-*.tsv).

A development aid for whoever adds people to the built-in gazetteer; it is
not run by the tests or by CI. It needs `pip install wordfreq` (word
frequencies are only looked up, nothing from wordfreq is copied into the
repository).

For the files given (default: the people files added in session 4), it
reports:
  * malformed lines, bad id slugs, types other than PER;
  * ids already defined in another data file (a duplicate person) or twice
    in the checked files; after a comment line that contains "ids defined in
    other files" a line must instead extend such an id (more names for a
    person of another file: a kunya, an older transliteration);
  * names that, after the folding every matcher applies (diacritics,
    tatweel, alef and hamza seats, ى/ي, ة/ه, غ/ج, hyphens, Latin case, a
    leading ال), equal a name of another id anywhere in the data (a
    collision: the engine keeps the earlier file's name);
  * single-word Arabic names whose spelling (or a folded spelling, or the
    form without ال) is a frequent word: zipf >= --min-zipf (3.0);
  * multi-word Arabic names made only of frequent words (every word zipf
    >= --phrase-zipf, 4.0): likely a common phrase or a name shared by many
    people (محمد علي), to be reviewed by hand;
  * ids whose family slug equals an existing id's (a possible duplicate of
    someone listed under another spelling), with --similar.
Exit status 1 if any error (not the review lists) was found.

Usage: python3 scripts/gazetteer/people_check.py [FILE...] [--similar]
"""
import argparse
import os
import sys
import unicodedata

from gazcommon import ARABIC_WORD, DATA, SLUG, spellings

NEW = ["people-world.tsv", "people-mideast.tsv", "people-culture.tsv"]


def fold(name):
    """The light folding of every matcher, plus g-letters and a leading ال."""
    s = unicodedata.normalize("NFC", name)
    s = "".join(c for c in s if not ("\u064B" <= c <= "\u065F" or c in "\u0670\u0640\u200c\u200d"))
    table = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي",
                           "ة": "ه", "غ": "ج", "گ": "ج", "ڤ": "ف", "پ": "ب", "چ": "ج", "ژ": "ز",
                           "ک": "ك", "-": " ", ".": " ", "'": "", "’": ""})
    s = s.translate(table).lower()
    words = s.split()
    words = [w[2:] if w.startswith("ال") and len(w) > 4 else w for w in words]
    return " ".join(words)


EXTEND_MARK = "ids defined in other files"


def read(path, marks=None):
    """Yield (line number, columns) of a data file; with a `marks` set, add
    the numbers of the lines that come after the extension marker."""
    extending = False
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n").rstrip("\r")
            if line.startswith("#") and EXTEND_MARK in line:
                extending = True
            if not line.strip() or line.startswith("#"):
                continue
            if extending and marks is not None:
                marks.add(no)
            cols = line.split("\t")
            yield no, cols


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*")
    ap.add_argument("--min-zipf", type=float, default=3.0)
    ap.add_argument("--phrase-zipf", type=float, default=4.0)
    ap.add_argument("--similar", action="store_true")
    a = ap.parse_args()
    from wordfreq import zipf_frequency

    checked = [os.path.basename(f) for f in a.files] or [f for f in NEW if os.path.exists(os.path.join(DATA, f))]
    others = sorted(f for f in os.listdir(DATA) if f.endswith(".tsv") and f not in checked)
    errors = 0
    owner = {}  # folded name -> (id, file:line)
    old_ids = {}
    for f in others:
        for no, cols in read(os.path.join(DATA, f)):
            old_ids.setdefault(cols[0], f"{f}:{no}")
            for n in cols[2:]:
                owner.setdefault(fold(n), (cols[0], f"{f}:{no}"))
    new_ids = {}
    count_ids, count_names, count_ext = 0, 0, 0
    for f in checked:
        marks = set()
        for no, cols in read(os.path.join(DATA, f), marks):
            where = f"{f}:{no}"
            if len(cols) < 3 or any(not c.strip() or c != c.strip() for c in cols):
                print(f"ERROR {where}: malformed line {cols!r}")
                errors += 1
                continue
            pid = cols[0]
            if not SLUG.match(pid) or cols[1] != "PER":
                print(f"ERROR {where}: bad id or type {pid} {cols[1]}")
                errors += 1
            if no in marks:
                if pid not in old_ids:
                    print(f"ERROR {where}: extends {pid}, which no other file defines")
                    errors += 1
            elif pid in old_ids:
                print(f"ERROR {where}: id {pid} already in {old_ids[pid]}")
                errors += 1
            if pid in new_ids and no not in marks:
                print(f"ERROR {where}: id {pid} repeated (first {new_ids[pid]})")
                errors += 1
            if no in marks:
                count_ext += 1
            else:
                new_ids[pid] = where
                count_ids += 1
            for n in cols[2:]:
                count_names += 1
                k = fold(n)
                if k in owner and owner[k][0] != pid:
                    print(f"ERROR {where}: name {n} ({pid}) already names {owner[k][0]} at {owner[k][1]}")
                    errors += 1
                    continue
                owner.setdefault(k, (pid, where))
                words = n.split()
                if len(words) == 1 and ARABIC_WORD.match(n):
                    z = max(zipf_frequency(s, "ar") for s in spellings(n, article=True))
                    if z >= a.min_zipf:
                        print(f"ERROR {where}: single word {n} ({pid}) is frequent: zipf {z:.2f}")
                        errors += 1
                elif len(words) > 1 and all(ARABIC_WORD.match(w) for w in words):
                    zs = [max(zipf_frequency(s, "ar") for s in spellings(w, article=True)) for w in words]
                    if min(zs) >= a.phrase_zipf:
                        print(f"REVIEW {where}: every word frequent: {n} ({pid}) {[round(z, 1) for z in zs]}")
    if a.similar:
        fam = {}
        for i in old_ids:
            fam.setdefault(i.split("-")[-1], []).append(i)
        for i, where in new_ids.items():
            last = i.split("-")[-1]
            if last in fam and len(last) > 3:
                print(f"SIMILAR {where}: {i} ~ {', '.join(fam[last])}")
    print(f"{count_ids} new ids, {count_ext} lines extending other files' ids, {count_names} names in {', '.join(checked)}; {errors} errors")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
