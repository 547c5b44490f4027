//! The parser lexes a short left window (a few words) for each candidate
//! and grows it to the full one only when a rule reads further left. These
//! tests check that this never changes a figure: on word salads made of
//! qualifiers (with and without a gap), range openers, numbers, nouns and
//! every kind of white space between them, the figures equal those found
//! with the full window lexed for every candidate.
#![allow(clippy::unwrap_used)]

use khabar_figures::FigureParser;
use khabar_normalize::{Normalizer, Profile};
use proptest::prelude::*;

/// Words and phrases whose rules read left context at every depth.
const VOCAB: &[&str] = &[
    "ما لا يقل عن",
    "لا يقل عددهم عن",
    "لم يتجاوز عدد القتلى",
    "ما يزيد على",
    "ما يصل إلى",
    "على الأقل",
    "أكثر من",
    "بنحو",
    "نحو",
    "حوالي",
    "ما بين",
    "بين",
    "من",
    "إلى",
    "و",
    "عن",
    "على",
    "قال",
    "الجيش",
    "عددهم",
    "في",
    "العام",
    "عام",
    "نوفمبر/تشرين الثاني",
    "تشرين",
    "الثاني",
    "يوليو",
    "ال",
    "25",
    "30",
    "2024",
    "1.500",
    "30،000",
    "٣٠٠",
    "ألفًا",
    "ألف",
    "ثلاثة",
    "آلاف",
    "مليون",
    "عشرات",
    "رحلتين",
    "الأولى",
    "جندي",
    "صاروخ",
    "واحد",
    "%",
    "$",
    "-",
    ":",
    "/",
    "،",
    ".",
    "F-16",
    "aXA6",
];

/// What goes between two vocabulary items.
const SEPS: &[&str] = &[
    " ",
    " ",
    " ",
    " ",
    "",
    "\t",
    "  ",
    "\n",
    " \n ",
    "\r\n",
    "\u{a0}",
    "\u{202f}",
    "\u{200c}",
    " \u{200c} ",
    "\u{2003}",
    " \u{2003} ",
    "\u{a0} ",
];

fn parser() -> &'static FigureParser {
    static P: std::sync::OnceLock<FigureParser> = std::sync::OnceLock::new();
    P.get_or_init(FigureParser::new)
}

fn check(s: &str) -> Result<(), TestCaseError> {
    let n = Normalizer::new(Profile::Search).normalize(s);
    let p = parser();
    prop_assert_eq!(
        p.parse_with_source(s, &n),
        p.parse_full_window(s, &n),
        "{:?}",
        s
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn short_window_equals_full_window(
        items in proptest::collection::vec((0..VOCAB.len(), 0..SEPS.len()), 1..60),
    ) {
        let mut s = String::new();
        for (w, sep) in items {
            s.push_str(VOCAB[w]);
            s.push_str(SEPS[sep]);
        }
        check(&s)?;
    }
}

#[test]
fn short_window_equals_full_window_on_examples() {
    // Left context up to seven words back, at the start of a line, after
    // tabs, no-break spaces and zero-width non-joiners, and far back on a
    // long line.
    let long = "كلمة".repeat(200);
    let cases = [
        "قال الجيش إن عدد القتلى لم يتجاوز عدد القتلى 50 شخصا".to_string(),
        "لا يقل عددهم عن 100 جندي".to_string(),
        "لا\tيقل\tعددهم\tعن\t100\tجندي".to_string(),
        "لا يقل عددهم\nعن 100 جندي".to_string(),
        "لا يقل\u{a0}عددهم عن 100 جندي".to_string(),
        "لا يقل \u{200c} عددهم عن 100 جندي".to_string(),
        "ما بين 25 ألفًا و30 ألف جندي".to_string(),
        "في نوفمبر/تشرين الثاني 2024".to_string(),
        format!("{long} ما لا يقل عن 100 صاروخ"),
        format!("{long}\u{2003} لا يقل عددهم عن 100 جندي"),
    ];
    for s in &cases {
        check(s).unwrap();
    }
}
