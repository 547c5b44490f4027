//! Table of variant, clitic, boundary and Latin-alias cases.

use crate::{ENGINES, table_gazetteer, table_gazetteer_on};

/// (text, expected matches as (id, original slice, prefix)).
type Case = (
    &'static str,
    &'static [(&'static str, &'static str, Option<&'static str>)],
);

const CASES: &[Case] = &[
    // Plain names and boundaries.
    ("وصل إلى موسكو أمس", &[("moscow", "موسكو", None)]),
    ("موسكو", &[("moscow", "موسكو", None)]),
    ("(موسكو)", &[("moscow", "موسكو", None)]),
    ("موسكوفيتش", &[]),
    ("الكيمياء", &[]),
    ("الروسية", &[]),
    ("بيلاروسيا", &[]),
    ("رسول", &[]),
    ("موسكو2024", &[]),
    // Proclitics and their combinations.
    ("وموسكو", &[("moscow", "وموسكو", Some("و"))]),
    ("فموسكو", &[("moscow", "فموسكو", Some("ف"))]),
    ("بموسكو", &[("moscow", "بموسكو", Some("ب"))]),
    ("لموسكو", &[("moscow", "لموسكو", Some("ل"))]),
    ("كموسكو", &[("moscow", "كموسكو", Some("ك"))]),
    ("وبموسكو", &[("moscow", "وبموسكو", Some("وب"))]),
    ("فلموسكو", &[("moscow", "فلموسكو", Some("فل"))]),
    ("والموسكو", &[("moscow", "والموسكو", Some("وال"))]),
    ("وبيونغ يانغ", &[("pyongyang", "وبيونغ يانغ", Some("و"))]),
    ("لبيونغ يانغ", &[("pyongyang", "لبيونغ يانغ", Some("ل"))]),
    ("والكرملين", &[("kremlin", "والكرملين", Some("و"))]),
    ("بالكرملين", &[("kremlin", "بالكرملين", Some("ب"))]),
    ("للكرملين", &[("kremlin", "للكرملين", Some("لل"))]),
    ("وللكرملين", &[("kremlin", "وللكرملين", Some("ولل"))]),
    (
        "للأمم المتحدة",
        &[("united-nations", "للأمم المتحدة", Some("لل"))],
    ),
    ("اموسكو", &[]),
    ("تموسكو", &[]),
    ("ووووموسكو", &[]),
    // Variants: g-letters, separators, article, foldings.
    ("بيونج يانج", &[("pyongyang", "بيونج يانج", None)]),
    ("بيونج يانغ", &[("pyongyang", "بيونج يانغ", None)]),
    ("بيونغيانغ", &[("pyongyang", "بيونغيانغ", None)]),
    ("بيونغ-يانغ", &[("pyongyang", "بيونغ-يانغ", None)]),
    ("بيونق يانق", &[("pyongyang", "بيونق يانق", None)]),
    ("كيم جونغ أون", &[("kim-jong-un", "كيم جونغ أون", None)]),
    ("كيم جونج اون", &[("kim-jong-un", "كيم جونج اون", None)]),
    ("ليم يول تشول", &[("lim-eul-chul", "ليم يول تشول", None)]),
    ("ليم يولتشول", &[("lim-eul-chul", "ليم يولتشول", None)]),
    // The article-less form is the name only after لل.
    ("كرملين", &[]),
    ("البنتاجون", &[("pentagon", "البنتاجون", None)]),
    (
        "ڤلاديمير پوتين",
        &[("vladimir-putin", "ڤلاديمير پوتين", None)],
    ),
    ("سيرجي لافروف", &[("sergey-lavrov", "سيرجي لافروف", None)]),
    ("أوروپا", &[("europe", "أوروپا", None)]),
    ("اوروبا", &[("europe", "اوروبا", None)]),
    // Diacritics, tatweel, presentation forms: the span is the original slice.
    ("في مُوسْكُو اليوم", &[("moscow", "مُوسْكُو", None)]),
    ("في موســكو اليوم", &[("moscow", "موســكو", None)]),
    ("في ﻣﻮﺳﻜﻮ اليوم", &[("moscow", "ﻣﻮﺳﻜﻮ", None)]),
    ("وَمُوسْكُوَ،", &[("moscow", "وَمُوسْكُوَ", Some("و"))]),
    // Latin aliases, case-insensitive, with word boundaries.
    ("قالت CNN إن", &[("cnn", "CNN", None)]),
    ("قالت cnn إن", &[("cnn", "cnn", None)]),
    ("قالت Cnn إن", &[("cnn", "Cnn", None)]),
    ("CNNs", &[]),
    (
        "وكالة TASS وTass",
        &[("tass", "TASS", None), ("tass", "وTass", Some("و"))],
    ),
    ("KCNA.", &[("kcna", "KCNA", None)]),
    ("MOSCOW", &[("moscow", "MOSCOW", None)]),
    ("سي إن إن", &[("cnn", "سي إن إن", None)]),
    ("سي ان ان", &[("cnn", "سي ان ان", None)]),
    // Leftmost-longest.
    (
        "منظمة الأمن والتعاون في أوروبا",
        &[("osce", "منظمة الأمن والتعاون في أوروبا", None)],
    ),
    (
        "فلاديمير بوتين",
        &[("vladimir-putin", "فلاديمير بوتين", None)],
    ),
    ("كوريا الشمالية", &[("north-korea", "كوريا الشمالية", None)]),
    // A longer name that fails its end boundary falls back to a shorter one.
    ("كوريا الشماليةي", &[("korea", "كوريا", None)]),
    // Short forms.
    ("كيم", &[("kim-jong-un", "كيم", None)]),
    ("ولافروف", &[("sergey-lavrov", "ولافروف", Some("و"))]),
    (
        "كيم جونغ أون وبوتين",
        &[
            ("kim-jong-un", "كيم جونغ أون", None),
            ("vladimir-putin", "وبوتين", Some("و")),
        ],
    ),
    // Several in a row, white space runs.
    (
        "بين موسكو وبيونغ  يانغ وسول",
        &[
            ("moscow", "موسكو", None),
            ("pyongyang", "وبيونغ  يانغ", Some("و")),
            ("seoul", "وسول", Some("و")),
        ],
    ),
];

#[test]
fn table() {
    let mut failures = Vec::new();
    for engine in ENGINES {
        let g = table_gazetteer_on(true, engine);
        for (text, want) in CASES {
            let got: Vec<(&str, &str, Option<&str>)> = g
                .find_str(text)
                .iter()
                .map(|m| (m.id, &text[m.start..m.end], m.prefix))
                .collect();
            if got != *want {
                failures.push(format!("{engine:?} {text:?}: got {got:?}, want {want:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn variants_off_matches_only_names_as_written() {
    let g = table_gazetteer(false);
    assert_eq!(g.find_str("بيونغ يانغ").len(), 1);
    assert_eq!(g.find_str("بيونغ-يانغ").len(), 1);
    assert!(g.find_str("بيونج يانج").is_empty());
    assert!(g.find_str("بيونغيانغ").is_empty());
    assert!(g.find_str("كرملين").is_empty());
    // Foldings of the key stay on: they are not variants.
    assert_eq!(g.find_str("ڤلاديمير پوتين").len(), 1);
    assert_eq!(g.stats().variants, 0);
}

#[test]
fn canonical_name_and_kind() {
    let g = table_gazetteer(true);
    let m = g.find_str("بيونج يانج")[0];
    assert_eq!((m.name, m.kind), ("بيونغ يانغ", "LOC"));
    let m = g.find_str("Tass")[0];
    assert_eq!(m.name, "تاس");
}

#[test]
fn naive_reference_agrees_on_exact_names() {
    // Every occurrence of a name as a separate word is found by the
    // gazetteer; checked against a naive word-splitting search.
    let g = table_gazetteer(false);
    let text = "قال لافروف في موسكو إن روسيا وكوريا الشمالية ستعززان العلاقات، وأشار إلى أن سول وكييف تراقبان.";
    let words: Vec<&str> = text
        .split([' ', '،', '.'])
        .filter(|w| !w.is_empty())
        .collect();
    let names = ["لافروف", "موسكو", "روسيا", "سول"];
    let naive = words.iter().filter(|w| names.contains(w)).count();
    let found = g.find_str(text);
    let exact = found
        .iter()
        .filter(|m| names.contains(&&text[m.start..m.end]))
        .count();
    assert_eq!(exact, naive);
    assert_eq!(found.len(), 6, "{found:?}");
}

#[test]
fn a_short_name_takes_no_g_alternation() {
    // نجد (Najd) read with ق is النقد "the money": a name of three
    // letters or fewer, its article aside, matches only its own
    // g-letters. A longer name keeps the whole alternation (بيونق يانق
    // above).
    let mut b = khabar_gazetteer::GazetteerBuilder::new();
    b.add_entry("najd", "LOC", &["نجد"]);
    b.add_entry("gaza", "LOC", &["غزة"]);
    b.add_entry("qom", "LOC", &["قم"]);
    b.add_entry("najaf", "LOC", &["النجف"]);
    b.add_entry("najran", "LOC", &["نجران"]);
    let g = b.build().unwrap();
    let ids =
        |text: &str| -> Vec<String> { g.find_str(text).iter().map(|m| m.id.to_string()).collect() };
    let none = Vec::<String>::new();
    assert_eq!(ids("قال صندوق النقد إن النقد الأجنبي تراجع"), none);
    assert_eq!(ids("وصل الوفد إلى نجد"), ["najd"]);
    assert_eq!(ids("قطاع قزة وجزة"), none);
    assert_eq!(ids("قطاع غزة"), ["gaza"]);
    assert_eq!(ids("مدينة قم"), ["qom"]);
    assert_eq!(ids("مدينة النجف والنجف"), ["najaf", "najaf"]);
    assert_eq!(ids("النقف النغف"), none);
    assert_eq!(ids("منطقة نقران ونغران"), ["najran", "najran"]);
}
