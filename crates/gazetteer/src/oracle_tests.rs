//! The matchers against test oracles: aho-corasick's and daachorse's
//! automata, which walk every byte (dev-dependencies, built only here).
//!
//! The trie visits only word starts and positions after proclitics, and
//! sorted keys do the same by binary search; an automaton that sees every
//! byte, followed by the same acceptance checks, is the reference both
//! must agree with.

#![allow(clippy::unwrap_used)]

use std::sync::OnceLock;

use proptest::prelude::*;

use crate::engine::Oracle;
use crate::{Engine, Gazetteer, GazetteerBuilder, builtin};

const TABLE: &str = include_str!("../tests/data/table.tsv");
const TABLE_SHORT: &str = include_str!("../tests/data/table-short.tsv");

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
        for e in [Engine::Trie, Engine::Sorted] {
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
    "ووفق",
    "مصادر",
    "مطلعة",
    "،",
    ".",
    "2024",
    "the",
    "report",
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
    assert_eq!(all[0].stats().engine, "trie");
    assert_eq!(all[1].stats().engine, "sorted");
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
