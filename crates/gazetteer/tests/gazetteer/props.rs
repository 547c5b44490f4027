//! Property test: any gazetteer name, among random words, with random
//! proclitics, diacritics and tatweel, is found with the right span and id.

use proptest::prelude::*;

use crate::{ENGINES, table_gazetteer_on};

/// (id, name as written) pairs of `tests/data/table.tsv`, read from the file.
fn names() -> Vec<(String, String)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/table.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    for line in text
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

const PREFIXES: &[&str] = &[
    "", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وال", "بال", "فال",
];
const ARTICLE_PREFIXES: &[&str] = &["", "و", "ف", "ب", "ك", "وب", "فب", "لل", "ولل", "فلل"];
// Tanwin fath (U+064B) is left out: on a place's last letter it makes the
// word an adverb (إسبانياً), which the context tests in matching.rs cover.
const MARKS: &[char] = &['\u{064E}', '\u{064F}', '\u{0650}', '\u{0652}', '\u{0651}'];

fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}')
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_name_is_found_with_its_span(
        pick in any::<prop::sample::Index>(),
        pre in any::<prop::sample::Index>(),
        marks in prop::collection::vec(any::<u8>(), 40),
        before in prop::collection::vec(prop::sample::select(FILLER), 0..5),
        after in prop::collection::vec(prop::sample::select(FILLER), 0..5),
        upper in any::<bool>(),
        engine in prop::sample::select(&ENGINES[..]),
    ) {
        let all = names();
        let (id, name) = pick.get(&all);
        let is_latin = name.is_ascii();
        let name = if is_latin && upper { name.to_uppercase() } else if is_latin { name.to_lowercase() } else { name.clone() };
        let table = if name.starts_with("ال") { ARTICLE_PREFIXES } else { PREFIXES };
        let prefix = if is_latin { "" } else { *pre.get(table) };
        let written = decorate(&attach(prefix, &name), &marks);
        let mut text = before.join(" ");
        if !text.is_empty() { text.push(' '); }
        let start = text.len();
        text.push_str(&written);
        let end = text.len();
        if !after.is_empty() { text.push(' '); text.push_str(&after.join(" ")); }

        let g = table_gazetteer_on(true, engine);
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
}

/// The table gazetteer on every engine of [`ENGINES`], built once.
fn all_engines() -> &'static [khabar_gazetteer::Gazetteer] {
    static ALL: std::sync::OnceLock<Vec<khabar_gazetteer::Gazetteer>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        ENGINES
            .iter()
            .map(|&e| table_gazetteer_on(true, e))
            .collect()
    })
}

/// Pieces of texts for the differential test: names, near-names, clitics,
/// filler, separators, marks.
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Both engines give the same matches on any mix of names and noise.
    #[test]
    fn engines_agree(pieces in prop::collection::vec(prop::sample::select(PIECES), 0..40)) {
        let text: String = pieces.concat();
        let all = all_engines();
        let reference: Vec<_> = all[0].find_str(&text)
            .iter().map(|m| (m.start, m.end, m.id, m.prefix)).collect();
        for (engine, g) in ENGINES[1..].iter().zip(&all[1..]) {
            let got: Vec<_> = g.find_str(&text)
                .iter().map(|m| (m.start, m.end, m.id, m.prefix)).collect();
            prop_assert_eq!(&got, &reference, "{:?} on {:?}", engine, text);
        }
    }

    /// Any input: no panic; spans are ordered, disjoint, on character
    /// boundaries, and never start or end inside a word.
    #[test]
    fn any_text_gives_sane_spans(text in "\\PC{0,80}", arabic in prop::collection::vec(prop::sample::select(PIECES), 0..20)) {
        let text = format!("{text}{}", arabic.concat());
        let g = &all_engines()[0];
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

// The comparison with automata that walk every byte (aho-corasick,
// daachorse) is in src/oracle_tests.rs: they are test oracles, built only
// under cfg(test).
