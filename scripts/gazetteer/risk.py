#!/usr/bin/env python3
"""Flag gazetteer names and generated variants that are common Arabic words.

Why: the engine generates spelling variants (غ/ج/ق, hamza seats, separators,
leading ال) and accepts proclitics (و ف ب ل ك ال…) before every name. A
variant or a clitic+name string that is itself a frequent word (المغرب ->
المقرب "the close one"; سول + ك -> كسول "lazy") produces false matches. This
script lists candidates so that a person can decide: drop the name, qualify
it, or add the word to the engine's stop-word list
(crates/gazetteer/lists/stopwords.txt).

It is a development aid: it needs `pip install wordfreq` (word frequencies;
only looked up here, nothing from it is copied into the repository), and
the CI never runs it.

Usage: python3 scripts/gazetteer/risk.py [--min-zipf 3.0]
Output: one line per candidate: kind, zipf frequency, word, the name and id.
"""
import argparse
import os

from wordfreq import zipf_frequency

from gazcommon import ARABIC_WORD as ARABIC
from gazcommon import DATA, spellings

FILES = ["countries.tsv", "cities.tsv", "organizations.tsv", "people.tsv", "seeds.tsv", "short-forms.tsv"]
PREFIXES = ["و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "وب", "ول", "وك", "فب", "فل", "فك"]


def variants(name):
    """A Python port of the engine's single-word variant rules (g, hamza, article)."""
    out = {name}
    if name.startswith("ال") and len(name) >= 5:
        out.add(name[2:])
    for _ in range(2):
        for v in list(out):
            for i, c in enumerate(v):
                alts = {"غ": "جق", "ج": "غق", "ؤ": "و", "ئ": "ي"}.get(c, "")
                for a in alts:
                    out.add(v[:i] + a + v[i + 1:])
    out.discard(name)
    return out


def zipf(w):
    """Highest frequency among the spellings that fold to the same key."""
    return max(zipf_frequency(s, "ar") for s in spellings(w))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--min-zipf", type=float, default=3.0)
    a = ap.parse_args()
    rows = []
    for f in FILES:
        for line in open(os.path.join(DATA, f), encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            for n in cols[2:]:
                if not ARABIC.match(n):
                    continue  # single Arabic words only: that is where the risk is
                zn = zipf_frequency(n, "ar")
                for v in sorted(variants(n)):
                    z = zipf(v)
                    if z >= a.min_zipf:
                        rows.append(("variant", z, v, n, cols[0]))
                for p in PREFIXES:
                    w = p + n
                    z = zipf(w)
                    # A clitic form far more frequent than the bare name is
                    # probably a different word (كسول vs سول).
                    if z >= a.min_zipf + 0.5 and z > zn - 1.0:
                        rows.append(("clitic", z, w, n, cols[0]))
                zf = zipf(n)
                if zf >= a.min_zipf and zf > zn + 0.5:
                    rows.append(("folded", zf, n, n, cols[0]))
                if zn >= 4.5:
                    rows.append(("name", zn, n, n, cols[0]))
    for kind, z, w, n, i in sorted(rows, key=lambda r: (r[0], -r[1])):
        print(f"{kind:8} {z:4.2f} {w:16} {n:16} {i}")


if __name__ == "__main__":
    main()
