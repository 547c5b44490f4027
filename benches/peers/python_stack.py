#!/usr/bin/env python3
"""The Python stack a user would otherwise assemble, run over a khabar corpus.

Stages, timed apart, per document:
  1. repair      ftfy.fix_text (mojibake, residue), then a regex that drops
                 invisible bidi and zero-width controls (ftfy keeps most);
  2. normalize   CAMeL Tools: normalize_unicode (NFKC: presentation forms),
                 dediac_ar, normalize_alef_ar, normalize_alef_maksura_ar,
                 normalize_teh_marbuta_ar; PyArabic strip_tatweel;
  3. gazetteer   pyahocorasick over the same normalization of every name in
                 the built-in gazetteer TSVs (crates/gazetteer/data/*.tsv),
                 whole words only, with an optional proclitic (و ف ب ل ك,
                 ال and their usual combinations), leftmost-longest;
  4. figures     one regular expression: an optional qualifier, digits in
                 any script with separators, an optional multiplier word,
                 and percent forms;
then one JSON line per document, like `khabar extract` writes.

It makes no attempt at spelling variants (بيونج يانج for بيونغ يانغ), number
words, ranges or duals: that is the point of comparing with it. Its
entity and figure counts are printed for reference, not as a gold.

Usage: python_stack.py CORPUS.jsonl --gazetteer-dir DIR [-o OUT] [--stats STATS.json]
"""
import argparse
import glob
import json
import os
import re
import sys
import time

import ahocorasick
import ftfy
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
)
from pyarabic.araby import strip_tatweel

CONTROLS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
CLITICS = {"", "و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "لل", "فال", "كال", "وب", "ول", "فب", "فل"}
WORD = re.compile(r"\w", re.UNICODE)

QUALIFIERS = (
    "نحو|بنحو|حوالي|وحوالي|قرابة|زهاء|ما يقدر ب|ما لا يقل عن|أكثر من|اكثر من|ما يزيد على|ما يربو على|"
    "ما لا يزيد على|لم يتجاوز|ما يصل إلى|ما يصل الى|حتى|أقل من|اقل من|دون"
)
MULTIPLIERS = "ألف|الف|ألفا|الفا|آلاف|الاف|مليون|ملايين|مليار|مليارات"
FIGURE = re.compile(
    rf"(?:(?:{QUALIFIERS})\s+)?[0-9\u0660-\u0669\u06f0-\u06f9][0-9\u0660-\u0669\u06f0-\u06f9,.\u060c\u066b\u066c]*"
    rf"(?:\s*(?:%|\u066a|في المئة|في المائة|بالمئة|(?:{MULTIPLIERS})\b))?"
)


def normalize(text):
    text = normalize_unicode(text)
    text = dediac_ar(text)
    text = strip_tatweel(text)
    text = normalize_alef_ar(text)
    text = normalize_alef_maksura_ar(text)
    text = normalize_teh_marbuta_ar(text)
    return text.lower()


def load_gazetteer(directory):
    automaton = ahocorasick.Automaton()
    names = 0
    for path in sorted(glob.glob(os.path.join(directory, "*.tsv"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                fields = line.rstrip("\n").split("\t")
                if len(fields) < 3:
                    continue
                for name in fields[2:]:
                    key = normalize(name)
                    if key and key not in automaton:
                        automaton.add_word(key, (fields[0], fields[1], len(key)))
                        names += 1
    automaton.make_automaton()
    return automaton, names


def find_entities(automaton, text):
    found = []
    for end, (ident, kind, length) in automaton.iter(text):
        start = end - length + 1
        if end + 1 < len(text) and WORD.match(text[end + 1]):
            continue
        word_start = start
        while word_start > 0 and WORD.match(text[word_start - 1]):
            word_start -= 1
        if text[word_start:start] not in CLITICS:
            continue
        found.append((word_start, end + 1, ident, kind))
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    out, last = [], 0
    for m in found:
        if m[0] >= last:
            out.append(m)
            last = m[1]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--gazetteer-dir", required=True)
    ap.add_argument("-o", "--output", default=os.devnull)
    ap.add_argument("--stats", help="write the stage timings and counts here (JSON)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    automaton, names = load_gazetteer(args.gazetteer_dir)
    load_s = time.perf_counter() - t0

    stage = {"repair": 0.0, "normalize": 0.0, "gazetteer": 0.0, "figures": 0.0, "output": 0.0}
    docs = entities = figures = text_bytes = 0
    clock = time.perf_counter
    with open(args.corpus, encoding="utf-8") as inp, open(args.output, "w", encoding="utf-8") as out:
        for line in inp:
            rec = json.loads(line)
            text = rec["text"]
            text_bytes += len(text.encode("utf-8"))
            a = clock()
            repaired = CONTROLS.sub("", ftfy.fix_text(text))
            b = clock()
            norm = normalize(repaired)
            c = clock()
            ents = find_entities(automaton, norm)
            d = clock()
            figs = [m.span() for m in FIGURE.finditer(norm)]
            e = clock()
            out.write(
                json.dumps(
                    {
                        "id": rec.get("id"),
                        "entities": [{"start": s, "end": t, "id": i, "type": k} for s, t, i, k in ents],
                        "figures": [{"start": s, "end": t, "text": norm[s:t]} for s, t in figs],
                    },
                    ensure_ascii=False,
                )
            )
            out.write("\n")
            f = clock()
            stage["repair"] += b - a
            stage["normalize"] += c - b
            stage["gazetteer"] += d - c
            stage["figures"] += e - d
            stage["output"] += f - e
            docs += 1
            entities += len(ents)
            figures += len(figs)
    total = time.perf_counter() - t0
    stats = {
        "documents": docs,
        "text_bytes": text_bytes,
        "gazetteer_names": names,
        "gazetteer_load_s": round(load_s, 3),
        "seconds": round(total, 3),
        "mb_per_s": round(text_bytes / 1e6 / max(total, 1e-9), 3),
        "stage_seconds": {k: round(v, 3) for k, v in stage.items()},
        "stage_mb_per_s": {k: round(text_bytes / 1e6 / max(v, 1e-9), 2) for k, v in stage.items()},
        "entities": entities,
        "figures": figures,
    }
    if args.stats:
        with open(args.stats, "w", encoding="utf-8") as f:
            json.dump(stats, f, indent=2)
    print(json.dumps(stats, ensure_ascii=False), file=sys.stderr)


if __name__ == "__main__":
    main()
