//! Table tests: one row per rule, and hand-checked offset maps.

use super::*;

fn display(s: &str) -> String {
    Normalizer::new(Profile::Display)
        .normalize(s)
        .as_str()
        .to_owned()
}

fn search(s: &str) -> String {
    Normalizer::new(Profile::Search)
        .normalize(s)
        .as_str()
        .to_owned()
}

/// (input, display, search)
const RULES: &[(&str, &str, &str)] = &[
    // Unchanged text.
    ("", "", ""),
    (
        "plain ASCII, 42%.",
        "plain ASCII, 42%.",
        "plain ASCII, 42%.",
    ),
    ("كتب", "كتب", "كتب"),
    ("NATO Ω €", "NATO Ω €", "NATO Ω €"),
    ("😀ب", "😀ب", "😀ب"),
    // Tatweel.
    ("الـقـاهـرة", "القاهرة", "القاهره"),
    ("ـ", "", ""),
    // Invisible controls.
    ("a\u{00AD}b", "ab", "ab"),
    ("\u{061C}ب", "ب", "ب"),
    ("ب\u{200C}ت\u{200D}ث", "بتث", "بتث"),
    ("\u{200E}\u{200F}س", "س", "س"),
    ("\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}x", "x", "x"),
    ("x\u{2060}\u{2066}\u{2067}\u{2068}\u{2069}y", "xy", "xy"),
    ("\u{FEFF}نص", "نص", "نص"),
    // Zero-width space keeps the word break.
    ("كلمة\u{200B}أخرى", "كلمة أخرى", "كلمه اخري"),
    // Digits and the percent sign; separators are kept.
    ("٠١٢٣٤٥٦٧٨٩", "0123456789", "0123456789"),
    ("۰۱۲۳۴۵۶۷۸۹", "0123456789", "0123456789"),
    ("٤٠٪", "40%", "40%"),
    ("٣٠٬٠٠٠ و١٫٥", "30٬000 و1٫5", "30٬000 و1٫5"),
    ("30،000", "30،000", "30،000"),
    // Persian keheh and yeh in both profiles.
    ("کیم", "كيم", "كيم"),
    // Diacritics: kept for display, deleted for search.
    ("مُحَمَّدٌ", "مُحَمَّدٌ", "محمد"),
    ("ألفًا", "ألفًا", "الفا"),
    ("رَحْمٰن", "رَحْمٰن", "رحمن"),
    ("ب\u{0610}\u{061A}", "ب\u{0610}\u{061A}", "ب"),
    ("ب\u{06D6}\u{06ED}", "ب\u{06D6}\u{06ED}", "ب"),
    (
        "ب\u{08D3}\u{08E1}\u{08E3}\u{08FF}",
        "ب\u{08D3}\u{08E1}\u{08E3}\u{08FF}",
        "ب",
    ),
    // Alef and hamza seats.
    ("أإآٱٲٳ", "أإآٱٲٳ", "اااااا"),
    ("مؤتمر", "مؤتمر", "موتمر"),
    ("إسرائيل", "إسرائيل", "اسراييل"),
    ("سماء", "سماء", "سماء"),
    // Decomposed spellings fold like the composed ones in search.
    ("ا\u{0653}", "ا\u{0653}", "ا"),
    ("و\u{0654}", "و\u{0654}", "و"),
    ("ي\u{0654}", "ي\u{0654}", "ي"),
    // Alef maksura and teh marbuta.
    ("مصطفى", "مصطفى", "مصطفي"),
    ("مدينة", "مدينة", "مدينه"),
    // Letters for foreign sounds.
    ("ڤپگچڨ", "ڤپگچڨ", "فبكجق"),
    // Presentation forms, including the lam-alef ligatures.
    ("ﺑﻴﺮﻭﺕ", "بيروت", "بيروت"),
    ("ﻻ ﻷ ﻹ ﻵ", "لا لأ لإ لآ", "لا لا لا لا"),
    ("ﻼ", "لا", "لا"),
    ("ﷲ", "الله", "الله"),
    ("ﷺ", "صلى الله عليه وسلم", "صلي الله عليه وسلم"),
    ("﷼", "ريال", "ريال"),
    ("ﮎ", "ك", "ك"),
    ("ﭪ", "ڤ", "ف"),
    ("ﺓ", "ة", "ه"),
    ("ﺀ", "ء", "ء"),
    // Isolated harakat forms: the mark without the decomposition's space.
    ("ﺑﹶ", "بَ", "ب"),
    ("\u{FE71}", "\u{064B}", ""),
    ("\u{FC60}", "\u{064E}\u{0651}", ""),
    // Presentation forms without a decomposition are kept.
    ("\u{FD3E}\u{FDFD}", "\u{FD3E}\u{FDFD}", "\u{FD3E}\u{FDFD}"),
];

#[test]
fn each_rule() {
    for &(input, d, s) in RULES {
        assert_eq!(display(input), d, "display of {input:?}");
        assert_eq!(search(input), s, "search of {input:?}");
        assert_eq!(reference::normalize(Profile::Display, input).text, d);
        assert_eq!(reference::normalize(Profile::Search, input).text, s);
    }
}

#[test]
fn rule_outputs_are_fixed_points() {
    for &(_, d, s) in RULES {
        assert_eq!(display(d), d);
        assert_eq!(search(s), s);
        assert_eq!(search(d), s, "search after display of {d:?}");
    }
}

#[test]
fn profile_names_round_trip() {
    for p in [Profile::Display, Profile::Search] {
        assert_eq!(Profile::from_name(p.name()), Some(p));
    }
    assert_eq!(Profile::from_name("Search"), None);
    for p in Profile::ALL {
        assert_eq!(p.to_string().parse::<Profile>(), Ok(p));
    }
    let err = "fast".parse::<Profile>().unwrap_err();
    assert_eq!(err.name(), "fast");
    assert!(err.to_string().contains("\"fast\""), "{err}");
    assert_eq!(Profile::default(), Profile::Search);
    assert_eq!(Normalizer::default().profile(), Profile::Search);
}

#[test]
fn marks_belong_to_the_letter_before() {
    let input = "ـوَزارةُـ الخارجيّة";
    let n = Normalizer::new(Profile::Search).normalize(input);
    assert_eq!(n.as_str(), "وزاره الخارجيه");
    let word = "وزاره".len();
    // Leading tatweel belongs to nothing; trailing damma and tatweel to ه.
    assert_eq!(&input[n.original_range(0..word)], "وَزارةُـ");
    let rest = n.original_range(word + 1..n.len());
    assert_eq!(&input[rest], "الخارجيّة");
    assert_eq!(n.to_original(0), "ـ".len());
    assert_eq!(n.to_original(n.len()), input.len());
    assert_eq!(n.to_original(n.len() + 7), input.len());
    assert_eq!(n.original_len(), input.len());
}

#[test]
fn expansions_are_not_cut() {
    let input = "ب ﻻ ت";
    let n = Normalizer::new(Profile::Display).normalize(input);
    assert_eq!(n.as_str(), "ب لا ت");
    let lam = "ب ".len();
    let alef = lam + "ل".len();
    let lig = "ب ".len().."ب ﻻ".len();
    assert_eq!(n.original_range(lam..alef), lig);
    assert_eq!(n.original_range(alef..alef + 2), lig);
    assert_eq!(n.original_range(lam..alef + 2), lig);
    assert_eq!(n.to_original(alef), lig.start);
    // Cutting inside a character widens to the whole character.
    assert_eq!(n.original_range(1..2), 0..2);
}

#[test]
fn same_length_folds_need_no_checkpoint() {
    let n = Normalizer::new(Profile::Search).normalize("أحمد في المدينة إلى");
    assert_eq!(n.as_str(), "احمد في المدينه الي");
    assert_eq!(n.checkpoints(), 1);
    let unchanged = Normalizer::new(Profile::Search).normalize("hello بيروت");
    assert_eq!(unchanged.checkpoints(), 1);
    assert_eq!(Normalizer::default().normalize("").checkpoints(), 0);
}

#[test]
fn digits_map_back_to_each_digit() {
    let input = "عام ٢٠٢٤م";
    let n = Normalizer::new(Profile::Display).normalize(input);
    assert_eq!(n.as_str(), "عام 2024م");
    let at = "عام ".len();
    assert_eq!(&input[n.original_range(at..at + 4)], "٢٠٢٤");
    assert_eq!(&input[n.original_range(at + 1..at + 2)], "٠");
    // One checkpoint for the text before, one for the run of digits (two
    // input bytes per output byte), one for the text after.
    assert_eq!(n.checkpoints(), 3);
    let shaped = Normalizer::new(Profile::Display).normalize("ﺑﻴﺮﻭﺕ ﺑﻴﺮﻭﺕ");
    assert_eq!(shaped.checkpoints(), 3);
    assert_eq!(shaped.original_range(2..4), 3..6);
}

#[test]
fn normalize_into_reuses_and_resets() {
    let norm = Normalizer::new(Profile::Search);
    let mut out = norm.normalize("ﻻ ـــ ٢٠٢٤ أحمد");
    norm.normalize_into("بيت", &mut out);
    assert_eq!(out, norm.normalize("بيت"));
    out.clear();
    assert!(out.is_empty());
    assert_eq!(out.original_len(), 0);
    assert_eq!(out.original_range(0..5), 0..0);
}

#[test]
fn inverted_spans_are_empty() {
    let n = Normalizer::default().normalize("أحمد علي");
    let (start, end) = (6, 2);
    let r = n.original_range(start..end);
    assert_eq!(r.start, r.end);
}

#[test]
fn nibble_tables_agree_with_the_two_byte_table() {
    for p in Profile::ALL {
        let t = tables::tables(p);
        for lead in 0xC2u8..=0xDF {
            for cont in 0u8..=0xFF {
                let want = matches!(lead, 0xD8 | 0xD9)
                    && (0x80..=0xBF).contains(&cont)
                    && t.two[usize::from(lead & 0x1F) << 6 | usize::from(cont & 0x3F)] != 0;
                assert_eq!(
                    t.nibbles.changes(lead, cont),
                    want,
                    "{p} {lead:02X} {cont:02X}"
                );
            }
        }
    }
}

/// The engine with the CPU's best scanner and with the portable one; also
/// asserts that every vector engine this CPU runs gives the best one's
/// result.
fn both_scanners(p: Profile, input: &str) -> (NormalizedText, NormalizedText) {
    let norm = Normalizer::new(p);
    let mut fast = NormalizedText::default();
    let mut scalar = NormalizedText::default();
    norm.normalize_into(input, &mut fast);
    assert!(norm.normalize_with(Engine::Scalar, input, &mut scalar));
    let mut other = NormalizedText::default();
    for engine in [Engine::Avx2, Engine::Avx512] {
        if norm.normalize_with(engine, input, &mut other) {
            assert_eq!(other, fast, "{engine:?} {p} {input:?}");
        }
    }
    (fast, scalar)
}

#[test]
fn scanners_agree_on_every_char_at_every_chunk_position() {
    // Every character of the blocks the rules touch, and their neighbours,
    // at each byte position of a 32-byte chunk and across its edge, inside
    // Arabic text with a change before and after it.
    let blocks = [
        '\u{80}'..='\u{08FF}',
        '\u{2000}'..='\u{206F}',
        '\u{FB50}'..='\u{FEFF}',
    ];
    let mut input = String::new();
    for p in Profile::ALL {
        for c in blocks.iter().cloned().flatten().chain(['😀', '\u{FFFF}']) {
            for pad in 0..36 {
                input.clear();
                input.push('أ');
                input.extend(std::iter::repeat_n('a', pad % 2));
                input.extend(std::iter::repeat_n('ب', pad / 2));
                input.push(c);
                input.push_str("ة قال إن الرئيس");
                let (fast, scalar) = both_scanners(p, &input);
                assert_eq!(fast, scalar, "{p} {c:?} after {pad}");
            }
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    #[test]
    fn scanners_agree_on_long_text(
        p in proptest::prop_oneof![
            proptest::strategy::Just(Profile::Display),
            proptest::strategy::Just(Profile::Search)
        ],
        parts in proptest::collection::vec(
            proptest::sample::select(&[
                "أ", "ة", "ى", "ب", "ت", "ا", " ", "a", "1", "٢", "ـ", "َ", "ﻻ", "“", "é", "😀",
                "ک", "\u{200F}", "\u{FE76}", "\u{0610}", "\u{067E}", "\u{0670}", "\u{0600}",
            ][..]),
            0..300,
        ),
    ) {
        let input = parts.concat();
        let (fast, scalar) = both_scanners(p, &input);
        proptest::prop_assert_eq!(&fast, &scalar);
        proptest::prop_assert_eq!(fast.as_str(), reference::normalize(p, &input).text);
    }

    #[test]
    fn scanners_agree_on_any_long_string(
        p in proptest::prop_oneof![
            proptest::strategy::Just(Profile::Display),
            proptest::strategy::Just(Profile::Search)
        ],
        s in "\\PC{0,200}",
    ) {
        let (fast, scalar) = both_scanners(p, &s);
        proptest::prop_assert_eq!(fast, scalar);
    }
}

#[test]
fn arabic_patch_table_holds_exactly_the_same_width_folds() {
    let mut folds = 0;
    for p in Profile::ALL {
        let t = tables::tables(p);
        for lead in [0xD8u8, 0xD9] {
            for cont in 0x80u8..=0xBF {
                let c = std::str::from_utf8(&[lead, cont])
                    .unwrap()
                    .chars()
                    .next()
                    .unwrap();
                let folded = Normalizer::new(p).normalize(&c.to_string());
                let want: [u8; 2] = match folded.as_str().as_bytes() {
                    &[a, b] if folded.as_str() != c.to_string() => {
                        folds += 1;
                        [a, b]
                    }
                    _ => [0, 0],
                };
                let k = usize::from(lead & 1) << 6 | usize::from(cont & 0x3F);
                assert_eq!(t.arabic_same[k], want, "{p} {c:?}");
            }
        }
    }
    // Search folds ة ى and the alef and hamza seats among others.
    assert!(folds >= 10, "{folds}");
}
