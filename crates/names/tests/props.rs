//! Property tests: on any input the recognizer does not panic, and its
//! entities are sorted, do not overlap, and sit on character boundaries of
//! the text.

use khabar_names::Names;
use khabar_normalize::{Normalizer, Profile};
use proptest::prelude::*;
use std::sync::LazyLock;

static GAZETTEER: LazyLock<khabar_gazetteer::Gazetteer> =
    LazyLock::new(|| khabar_gazetteer::builtin().build().expect("gazetteer"));
static NAMES: LazyLock<Names> = LazyLock::new(|| Names::builder().build().expect("names"));

/// Words that trigger every rule, glued with clitics, diacritics and
/// punctuation in random order.
const WORDS: &[&str] = &[
    "قال",
    "وقالت",
    "الرئيس",
    "وزير",
    "الخارجية",
    "الروسي",
    "الأسبق",
    "محمد",
    "بن",
    "عبد",
    "الله",
    "أبو",
    "جورج",
    "بوش",
    "شركة",
    "أرامكو",
    "حزب",
    "العمال",
    "مدينة",
    "الرقة",
    "نهر",
    "ريال",
    "مدريد",
    "بطولة",
    "فرنسا",
    "عمان",
    "سلطنة",
    "الأردن",
    "الجزيرة",
    "قناة",
    "شبه",
    "جورجيا",
    "ولاية",
    "في",
    "إن",
    "على",
    "للبنك",
    "الدولي",
    "وال",
    "ك",
    "ـ",
    "ً",
    "،",
    ".",
    "\n",
    "-",
    "x",
    "7",
    "ﻻ",
    "\u{200c}",
    "آل",
    "ثاني",
    "السبسي",
    "كيم",
    "جونغ",
    "أون",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(WORDS).prop_map(str::to_string),
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..40,
    )
    .prop_map(|parts| {
        let mut s = String::new();
        for (i, p) in parts.iter().enumerate() {
            if i % 3 != 2 {
                s.push(' ');
            }
            s.push_str(p);
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]
    #[test]
    fn entities_are_sorted_disjoint_and_on_boundaries(text in text()) {
        let (gazetteer, names) = (&*GAZETTEER, &*NAMES);
        let norm = Normalizer::new(Profile::Search).normalize(&text);
        let matches: Vec<_> = gazetteer.find_iter(&norm).collect();
        let found = names.apply(&text, &norm, &matches);
        for e in &found {
            prop_assert!(e.start < e.end && e.end <= text.len());
            prop_assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
            prop_assert!(!e.name.is_empty());
        }
        for w in found.windows(2) {
            prop_assert!(w[0].end <= w[1].start, "overlap: {:?}", w);
        }
    }
}
