"""What the curation scripts of this folder share: where the data files are,
the id and word patterns, and the spellings the engine folds together.

Imported by people_check.py, risk.py, check_orgs.py and validate.py (run
from anywhere: Python puts a script's own folder first on its path). Only
the standard library; nothing here reads a file.
"""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
# crates/gazetteer/data: the built-in gazetteer's TSV files.
DATA = os.path.normpath(os.path.join(HERE, "..", "..", "crates", "gazetteer", "data"))
# An id slug: lowercase ASCII words joined by hyphens.
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# One Arabic word of the basic letters (no diacritics, no spaces).
ARABIC_WORD = re.compile("^[\u0621-\u064A]+$")
# Diacritics, Quranic marks and tatweel: what folding removes.
DIAC = re.compile("[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")

# Final letters the engine's key folds together.
FINAL_PAIRS = (("ه", "ة"), ("ة", "ه"), ("ي", "ى"), ("ى", "ي"))
# Alef seats the engine's key folds together.
ALEFS = "اأإآ"


def final_spellings(w):
    """`w` and its spelling with the other final ة/ه or ى/ي."""
    out = {w}
    for a, b in FINAL_PAIRS:
        if w.endswith(a):
            out.add(w[:-1] + b)
    return out


def spellings(w, article=False):
    """Spellings the engine folds together: final ة/ه and ى/ي, and every
    alef seat at every alef; with `article`, also those of `w` without a
    leading ال (when more than two letters remain)."""
    out = {w}
    if article and w.startswith("ال") and len(w) > 4:
        out.add(w[2:])
    for v in list(out):
        out |= final_spellings(v)
    for v in list(out):
        for i, c in enumerate(v):
            if c in ALEFS:
                for a in ALEFS:
                    out.add(v[:i] + a + v[i + 1:])
    return out
