//! The matchers' property tests, in one place, against two kinds of
//! oracle:
//!
//! * a **reference matcher** written independently from the documented
//!   rules ([`naive_find`]: the key's reference spelling, the README's
//!   proclitic list, word boundaries, leftmost-longest), which shares no
//!   code with the engines: the table gazetteer without variants, on
//!   random Arabic-heavy texts, must give exactly its matches;
//! * aho-corasick's and daachorse's automata, which walk every byte
//!   (dev-dependencies, built only here): the trie visits only word
//!   starts and positions after proclitics, and sorted keys do the same
//!   by binary search, so an automaton that sees every byte, followed by
//!   the same acceptance checks, is what both must agree with, variants
//!   included.
//!
//! Then the properties every engine must have on any input: each name of
//! the table is found with its span and id among filler, with proclitics,
//! marks and tatweel; spans are ordered, disjoint and on word boundaries.

#![allow(clippy::unwrap_used)]

use std::sync::OnceLock;

use proptest::prelude::*;

use crate::engine::Oracle;
use crate::key::naive::{self, Spelt, Unit};
use crate::{Engine, Gazetteer, GazetteerBuilder, builtin};

const TABLE: &str = include_str!("../tests/data/table.tsv");
const TABLE_SHORT: &str = include_str!("../tests/data/table-short.tsv");

/// The engines users choose between: each must give the same matches.
const ENGINES: [Engine; 2] = [Engine::Sorted, Engine::Trie];

const ORACLES: [Oracle; 4] = [
    Oracle::Dfa,
    Oracle::ContiguousNfa,
    Oracle::NoncontiguousNfa,
    Oracle::DoubleArray,
];

fn table_builder() -> GazetteerBuilder {
    let mut b = GazetteerBuilder::new();
    b.add_tsv_reader("table.tsv", TABLE.as_bytes()).unwrap();
    b.add_short_forms_reader("table-short.tsv", TABLE_SHORT.as_bytes())
        .unwrap();
    b
}

/// The table gazetteer on the trie, sorted keys and every oracle.
fn table_all() -> &'static [Gazetteer] {
    static ALL: OnceLock<Vec<Gazetteer>> = OnceLock::new();
    ALL.get_or_init(|| {
        let b = table_builder();
        let mut all = Vec::new();
        for e in ENGINES {
            let mut b = b.clone();
            b.engine(e);
            all.push(b.build().unwrap());
        }
        for o in ORACLES {
            all.push(b.build_oracle(o).unwrap());
        }
        all
    })
}

/// Pieces of texts: names, near-names, clitics, filler, separators, marks.
const PIECES: &[&str] = &[
    "موسكو",
    "بيونغ",
    "يانغ",
    "بيونج",
    "كيم",
    "جونغ",
    "أون",
    "الكرملين",
    "كرملين",
    "روسيا",
    "الروسية",
    "كوريا",
    "الشمالية",
    "سول",
    "رسول",
    "CNN",
    "cnn",
    "Tass",
    "و",
    "ب",
    "لل",
    "ال",
    "ف",
    "-",
    " ",
    "  ",
    "،",
    ".",
    "\u{064E}",
    "\u{0640}",
    "ڤ",
    "پ",
    "ق",
    "غ",
    "ج",
    "في",
    "منظمة",
    "الأمن",
    "والتعاون",
    "أوروبا",
    "2024",
    "\n",
    "ﻣﻮﺳﻜﻮ",
];

/// Proclitic sequences put before names.
const PREFIXES: &[&str] = &[
    "", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وال", "بال", "فال",
];

/// Ordinary words that contain no gazetteer name.
const FILLER: &[&str] = &[
    "قال",
    "المسؤول",
    "في",
    "بيان",
    "اليوم",
    "إن",
    "الوضع",
    "يتطلب",
    "مزيدا",
    "من",
    "الجهود",
    "الدبلوماسية",
    "ووفق",
    "مصادر",
    "مطلعة",
    "،",
    ".",
    "2024",
    "the",
    "report",
    "“",
    "”",
];

/// Glue between pieces: nothing, white space, punctuation, a hyphen, a mark.
const GLUE: &[&str] = &[
    "", " ", " ", "  ", "، ", ".", "-", "\n", "\u{064E}", "(", "»",
];

type Found<'a> = Vec<(usize, usize, &'a str, Option<&'a str>)>;

fn found(g: &Gazetteer, text: &str) -> Found<'static> {
    // Leaked ids are fine in a test: the gazetteers live for the process.
    g.find_str(text)
        .iter()
        .map(|m| {
            let id: &'static str = Box::leak(m.id.to_string().into_boxed_str());
            let p: Option<&'static str> = m
                .prefix
                .map(|p| &*Box::leak(p.to_string().into_boxed_str()));
            (m.start, m.end, id, p)
        })
        .collect()
}

/// The built-in gazetteer on the trie and on the double-array automaton,
/// and the spellings of its patterns.
fn builtin_pair() -> &'static (Gazetteer, Gazetteer, Vec<String>) {
    static PAIR: OnceLock<(Gazetteer, Gazetteer, Vec<String>)> = OnceLock::new();
    PAIR.get_or_init(|| {
        let mut t = builtin();
        t.engine(Engine::Trie);
        let names = t.pattern_strings().unwrap();
        let d = t.build_oracle(Oracle::DoubleArray).unwrap();
        (t.build().unwrap(), d, names)
    })
}

#[test]
fn oracles_build_and_report_their_engine() {
    let all = table_all();
    assert_eq!(all[0].stats().engine, "sorted");
    assert_eq!(all[1].stats().engine, "trie");
    assert!(all[2..].iter().all(|g| g.stats().engine == "oracle"));
    for g in all {
        assert_eq!(g.find_str("وصل إلى موسكو").len(), 1);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every matcher gives the oracles' matches on any mix of names and noise.
    #[test]
    fn matchers_agree_with_the_oracles(pieces in prop::collection::vec(prop::sample::select(PIECES), 0..40)) {
        let text: String = pieces.concat();
        let all = table_all();
        let reference = found(&all[2], &text);
        for g in all {
            prop_assert_eq!(&found(g, &text), &reference, "{} on {:?}", g.stats().engine, text);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// The prefiltered trie gives exactly the matches of the automaton that
    /// sees every byte, with the built-in gazetteer, on random mixes of its
    /// names (cut or whole), proclitics, filler and glue.
    #[test]
    fn prefiltered_trie_agrees_with_the_automaton_on_builtin_names(
        parts in prop::collection::vec(
            (any::<prop::sample::Index>(), 0u8..6, any::<prop::sample::Index>(), prop::sample::select(GLUE)),
            1..24),
    ) {
        let (trie, daac, names) = builtin_pair();
        let mut text = String::new();
        for (pick, how, other, glue) in parts {
            let name = pick.get(names);
            match how {
                0 | 1 => text.push_str(name),
                2 => {
                    text.push_str(other.get::<&str>(PREFIXES));
                    text.push_str(name);
                }
                3 => text.extend(name.chars().take(1 + other.index(5))),
                4 => {
                    text.push_str(name);
                    text.push_str(other.get::<&str>(FILLER));
                }
                _ => text.push_str(other.get::<&str>(FILLER)),
            }
            text.push_str(glue);
        }
        prop_assert_eq!(found(trie, &text), found(daac, &text), "text {:?}", text);
    }
}

// ---------------------------------------------------------------------
// The reference matcher.

/// One unit of a text for the reference matcher: a key unit (`None` for a
/// run of separators) and the bytes it covers, marks after it included.
#[derive(Clone, Copy, Debug)]
struct Spot {
    unit: Option<Unit>,
    start: usize,
    end: usize,
}

/// The text as the reference reads it: the spelling of every character,
/// separator runs as one, dropped characters (marks, tatweel) added to
/// the unit before them.
fn spots(text: &str) -> Vec<Spot> {
    let mut out: Vec<Spot> = Vec::new();
    for (start, c) in text.char_indices() {
        let end = start + c.len_utf8();
        match naive::spell(c) {
            Spelt::Dropped => {
                if let Some(last) = out.last_mut().filter(|s| s.unit.is_some()) {
                    last.end = end;
                }
            }
            Spelt::Separator => {
                if out.last().is_none_or(|s| s.unit.is_some()) {
                    out.push(Spot {
                        unit: None,
                        start,
                        end,
                    });
                }
            }
            Spelt::Units(units) => out.extend(units.into_iter().map(|u| Spot {
                unit: Some(u),
                start,
                end,
            })),
        }
    }
    out
}

/// The proclitic sequences of the README: an optional conjunction, an
/// optional preposition, an optional article, ل + ال written لل.
const PROCLITICS: [&str; 24] = [
    "", "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "وب", "ول", "وك", "فب",
    "فل", "فك", "وبال", "ولل", "وكال", "فبال", "فلل", "فكال",
];

/// True when a word may end before spot `i` (or at the end).
fn ends_word(spots: &[Spot], i: usize) -> bool {
    spots
        .get(i)
        .is_none_or(|s| s.unit.is_none_or(|u| !u.is_word()))
}

/// True when spots `at..` spell `want` (separators as `None`).
fn spells(spots: &[Spot], at: usize, want: &[Option<Unit>]) -> bool {
    spots
        .get(at..at + want.len())
        .is_some_and(|s| s.iter().map(|s| s.unit).eq(want.iter().copied()))
}

/// The matches of `names` (id, name) in `text` by the documented rules,
/// without variants: at each word start, every proclitic sequence glued
/// to a name that ends at a word end; the longest wins (then the longer
/// name), and the search goes on after it.
fn naive_find(
    names: &[(String, String)],
    text: &str,
) -> Vec<(usize, usize, String, Option<String>)> {
    let spots = spots(text);
    let names: Vec<(&str, Vec<Option<Unit>>)> = names
        .iter()
        .map(|(id, name)| (id.as_str(), naive::spelling(name)))
        .collect();
    let mut out = Vec::new();
    let mut p = 0;
    while p < spots.len() {
        let starts_word = p == 0 || ends_word(&spots, p - 1);
        let mut best: Option<(usize, usize, &str, &str)> = None;
        for pre in PROCLITICS.iter().filter(|_| starts_word) {
            let pre_units: Vec<Option<Unit>> = pre.chars().map(|c| Some(Unit::Own(c))).collect();
            if !spells(&spots, p, &pre_units) {
                continue;
            }
            let at = p + pre_units.len();
            for (id, name) in &names {
                let q = at + name.len();
                if spells(&spots, at, name) && ends_word(&spots, q) {
                    let better = best.is_none_or(|(bq, bn, _, _)| (q, name.len()) > (bq, bn));
                    if better {
                        best = Some((q, name.len(), id, pre));
                    }
                }
            }
        }
        match best {
            Some((q, _, id, pre)) => {
                let prefix = (!pre.is_empty()).then(|| pre.to_string());
                out.push((spots[p].start, spots[q - 1].end, id.to_string(), prefix));
                p = q;
            }
            None => p += 1,
        }
    }
    out
}

/// (id, name as written) pairs of `tests/data/table.tsv`.
fn table_names() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        for n in &f[2..] {
            out.push((f[0].to_string(), n.to_string()));
        }
    }
    out
}

/// The names of the reference test: people and organisations (no place
/// rules), spelt with hamza seats, ى, ة, separators, Latin, clitic
/// letters at their start, and names inside longer names.
const REFERENCE_TABLE: &[(&str, &str)] = &[
    ("putin", "بوتين"),
    ("vladimir-putin", "فلاديمير بوتين"),
    ("lavrov", "لافروف"),
    ("kim", "كيم جونغ-أون"),
    ("kim-yo", "كيم يو جونغ"),
    ("agency", "وكالة الأنباء"),
    ("agency-kcna", "وكالة الأنباء المركزية"),
    ("mustafa", "مصطفى"),
    ("fatima", "فاطمة"),
    ("qom", "قم"),
    ("cnn", "CNN"),
    ("kamal", "كمال"),
    ("alaa", "علاء"),
    ("raed", "رائد"),
    ("moayad", "مؤيد"),
];

/// Words of the reference test's texts besides the names: the names'
/// words and other spellings, near-names, filler.
const REFERENCE_WORDS: &[&str] = &[
    "فلاديمير",
    "كيم",
    "جونغ",
    "أون",
    "يو",
    "وكالة",
    "الأنباء",
    "المركزية",
    "مصطفي",
    "فاطمه",
    "جم",
    "cnn",
    "Cnn",
    "CNNs",
    "علاؤ",
    "رايد",
    "بوتينا",
    "كمالي",
    "قال",
    "مصادر",
    "2024",
    "x",
    "ؠ",
    "ا",
    "س",
];

/// What goes before a word: the README's proclitics, sequences that are
/// not proclitics, letters.
const REFERENCE_BEFORE: &[&str] = &[
    "", "", "", "", "و", "ف", "ب", "ل", "ك", "ال", "لل", "وال", "بال", "وب", "ول", "فل", "وبال",
    "ولل", "فكال", "لال", "بب", "وو", "س", "ا", "2",
];

/// What goes between words: separators, punctuation, marks, nothing.
const REFERENCE_GLUE: &[&str] = &[
    " ",
    " ",
    " ",
    " ",
    "  ",
    "-",
    " - ",
    "\n",
    "، ",
    ".",
    "(",
    "",
    "\u{064E}",
    "\u{0651} ",
    "\u{0640}",
    "\u{200F}",
    "\u{00A0}",
];

/// A text of the reference test: words, each a name (whole, cut, or
/// decorated with a mark or tatweel) or another word, with something
/// before it, glued together.
fn reference_text() -> impl Strategy<Value = String> {
    let word = (
        prop::sample::select(REFERENCE_BEFORE),
        0u8..8,
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        prop::sample::select(REFERENCE_GLUE),
    );
    prop::collection::vec(word, 0..16).prop_map(|words| {
        let mut text = String::new();
        for (before, how, pick, other, glue) in words {
            let (_, name) = pick.get(REFERENCE_TABLE);
            text.push_str(before);
            match how {
                0..=2 => text.push_str(name),
                3 => text.extend(name.chars().take(1 + other.index(name.chars().count()))),
                4 => text.push_str(&decorate(name, &[other.index(256) as u8; 40])),
                _ => text.push_str(other.get::<&str>(REFERENCE_WORDS)),
            }
            text.push_str(glue);
        }
        text
    })
}

fn reference_gazetteer(engine: Engine) -> Gazetteer {
    let mut b = GazetteerBuilder::new();
    b.variants(false).engine(engine);
    for (id, name) in REFERENCE_TABLE {
        b.add_entry(id, "PER", &[name]);
    }
    b.build().unwrap()
}

/// [`found`] with owned strings.
fn found_owned(g: &Gazetteer, text: &str) -> Vec<(usize, usize, String, Option<String>)> {
    g.find_str(text)
        .iter()
        .map(|m| {
            (
                m.start,
                m.end,
                m.id.to_string(),
                m.prefix.map(str::to_string),
            )
        })
        .collect()
}

#[test]
fn reference_matcher_reads_the_rules() {
    let names: Vec<(String, String)> = REFERENCE_TABLE
        .iter()
        .map(|(i, n)| (i.to_string(), n.to_string()))
        .collect();
    let text = "قال فلاديمير بوتينَ ولبوتين وكالة الأنباء، ومصطفي قمر cnn";
    let got = naive_find(&names, text);
    let ids: Vec<(&str, &str, Option<&str>)> = got
        .iter()
        .map(|(s, e, id, p)| (&text[*s..*e], id.as_str(), p.as_deref()))
        .collect();
    assert_eq!(
        ids,
        [
            ("فلاديمير بوتينَ", "vladimir-putin", None),
            ("ولبوتين", "putin", Some("ول")),
            ("وكالة الأنباء", "agency", None),
            ("ومصطفي", "mustafa", Some("و")),
            ("cnn", "cnn", None),
        ]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Both engines give the reference matcher's matches, spans, ids and
    /// proclitics on random texts of names, their pieces, clitics and
    /// noise.
    #[test]
    fn engines_agree_with_the_reference_matcher(text in reference_text()) {
        static ENGINES_BUILT: OnceLock<Vec<Gazetteer>> = OnceLock::new();
        let built = ENGINES_BUILT.get_or_init(|| ENGINES.iter().map(|&e| reference_gazetteer(e)).collect());
        let names: Vec<(String, String)> = REFERENCE_TABLE
            .iter()
            .map(|(i, n)| (i.to_string(), n.to_string()))
            .collect();
        let want = naive_find(&names, &text);
        for g in built {
            prop_assert_eq!(found_owned(g, &text), want.clone(), "{} on {:?}", g.stats().engine, text);
        }
    }
}

// ---------------------------------------------------------------------
// Properties of every engine.

/// Proclitic sequences before a name that starts with ال (ل + ال is لل).
const ARTICLE_PREFIXES: &[&str] = &["", "و", "ف", "ب", "ك", "وب", "فب", "لل", "ولل", "فلل"];
// Tanwin fath (U+064B) is left out: on a place's last letter it makes the
// word an adverb (إسبانياً), which the context tests in matching.rs cover.
const MARKS: &[char] = &['\u{064E}', '\u{064F}', '\u{0650}', '\u{0652}', '\u{0651}'];

/// A mark the matcher reads through: harakat, tatweel, Quranic marks and
/// the isolated harakat forms U+FE70–FE7F (the normalizer deletes them: a
/// name right after one starts a word).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}' | '\u{FE70}'..='\u{FE7F}')
}

fn is_arabic_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c)
}

/// Writes `name` with a mark after some letters and tatweel after others
/// (tatweel only between two letters of a word).
fn decorate(name: &str, marks: &[u8]) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        let r = marks.get(i).copied().unwrap_or(0);
        if is_arabic_letter(c) {
            match r % 4 {
                1 => out.push(MARKS[(r as usize / 4) % MARKS.len()]),
                2 if chars.get(i + 1).is_some_and(|&n| is_arabic_letter(n)) => out.push('\u{0640}'),
                _ => {}
            }
        }
    }
    out
}

/// The name with a proclitic attached (ل + ال contracts to لل).
fn attach(prefix: &str, name: &str) -> String {
    if prefix.ends_with("لل")
        && let Some(rest) = name.strip_prefix("ال")
    {
        return format!("{prefix}{rest}");
    }
    format!("{prefix}{name}")
}

/// The table gazetteer (variants on) on each engine of [`ENGINES`].
fn table_engines() -> &'static [Gazetteer] {
    &table_all()[..ENGINES.len()]
}

#[test]
fn a_mark_before_a_name_at_the_start_is_no_word() {
    // A case proptest once shrank to.
    let g = &table_engines()[0];
    let text = "\u{064E}كيم-";
    for m in g.find_str(text) {
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
    }
}

/// Whether `word` is on the stop list, spelled as the matcher reads it.
fn is_stop_word(word: &str) -> bool {
    let n = khabar_normalize::Normalizer::new(khabar_normalize::Profile::Search);
    crate::stopwords().contains(&crate::key::spelling_of(n.normalize(word).as_str()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any name of the table, among filler words, with a random proclitic,
    /// marks and tatweel, is found by every engine with its span, id and
    /// proclitic, and nothing else is.
    #[test]
    fn any_name_is_found_with_its_span(
        pick in any::<prop::sample::Index>(),
        pre in any::<prop::sample::Index>(),
        marks in prop::collection::vec(any::<u8>(), 40),
        before in prop::collection::vec(prop::sample::select(FILLER), 0..5),
        after in prop::collection::vec(prop::sample::select(FILLER), 0..5),
        upper in any::<bool>(),
        engine in 0..ENGINES.len(),
    ) {
        let all = table_names();
        let (id, name) = pick.get(&all);
        let is_latin = name.is_ascii();
        let name = if is_latin && upper { name.to_uppercase() } else if is_latin { name.to_lowercase() } else { name.clone() };
        let table = if name.starts_with("ال") { ARTICLE_PREFIXES } else { PREFIXES };
        let prefix = if is_latin { "" } else { *pre.get(table) };
        // A proclitic and a name that spell a word of the stop list (ك +
        // سول is كسول "lazy") are no mention, by design.
        prop_assume!(!is_stop_word(&attach(prefix, &name)));
        let written = decorate(&attach(prefix, &name), &marks);
        let mut text = before.join(" ");
        if !text.is_empty() { text.push(' '); }
        let start = text.len();
        text.push_str(&written);
        let end = text.len();
        if !after.is_empty() { text.push(' '); text.push_str(&after.join(" ")); }

        let g = &table_engines()[engine];
        let found = g.find_str(&text);
        let hit: Vec<_> = found.iter().filter(|m| m.start < end && start < m.end).collect();
        prop_assert_eq!(hit.len(), 1, "text {:?} found {:?}", text, found);
        let m = hit[0];
        prop_assert_eq!(m.id, id.as_str(), "text {:?}", text);
        prop_assert_eq!((m.start, m.end), (start, end), "text {:?}: got {:?}", text, &text[m.start..m.end]);
        let want_prefix = if prefix.is_empty() { None } else { Some(prefix) };
        prop_assert_eq!(m.prefix, want_prefix);
        // Nothing else is found in the filler.
        prop_assert_eq!(found.len(), 1, "text {:?} found {:?}", text, found);
    }

    /// Any input: no panic; spans are ordered, disjoint, on character
    /// boundaries, and never start or end inside a word.
    #[test]
    fn any_text_gives_sane_spans(text in "\\PC{0,80}", arabic in prop::collection::vec(prop::sample::select(PIECES), 0..20)) {
        let text = format!("{text}{}", arabic.concat());
        for g in table_engines() {
            let mut last = 0;
            for m in g.find_str(&text) {
                prop_assert!(m.start >= last && m.start < m.end && m.end <= text.len());
                prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
                // Marks and tatweel before the span belong to the character
                // before them: look past them.
                let before = text[..m.start].chars().rev().find(|&c| !is_mark(c));
                prop_assert!(before.is_none_or(|c| !c.is_alphanumeric()), "{:?} starts inside a word: {:?}", m, text);
                last = m.end;
            }
        }
    }
}
