use super::*;
use proptest::prelude::*;

/// The key and the normalizer agree on every code point either one
/// touches: a character and its search normalization get the same key
/// byte (what the normalizer folds, the key cannot tell apart), and
/// the search normalization of a character keeps the key byte of the
/// character. The one listed exception: گ and ڨ, which the key keeps
/// as g-letters for text normalized with another profile.
#[test]
fn key_agrees_with_the_normalizer_on_every_code_point() {
    let search = khabar_normalize::Normalizer::new(khabar_normalize::Profile::Search);
    let ranges = [
        0x0000..0x0080u32,
        0x00A0..0x0100,
        0x0600..0x0700,
        0x0750..0x0780,
        0x08A0..0x0900,
        0x2000..0x2070,
        // Presentation forms B (letters; the ligatures of forms A are
        // decomposed by the normalizer only, before any key is made).
        0xFE70..0xFF00,
    ];
    let exceptions = ['\u{06AF}', '\u{06A8}'];
    let mut failures = Vec::new();
    for cp in ranges.into_iter().flatten() {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        if exceptions.contains(&c) {
            continue;
        }
        let one = c.to_string();
        let normalized = search.normalize(&one);
        // Compare what the key makes of the normalized form with what
        // it makes of the character itself.
        let (a, b) = (key_of(normalized.as_str()), key_of(&one));
        if a != b {
            failures.push(format!(
                "U+{cp:04X} {c:?}: key {b:02X?}, normalized {:?} key {a:02X?}",
                normalized.as_str()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} code points disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The key units of key bytes.
fn units(key: &[u8]) -> Vec<naive::Unit> {
    key.iter().map(|&b| naive::Unit::from_byte(b)).collect()
}

/// The spelling units of spelling bytes (`None` for a separator).
fn spelt(sp: &[u8]) -> Vec<Option<naive::Unit>> {
    sp.iter()
        .map(|&b| (b != SEP).then(|| naive::Unit::from_byte(b)))
        .collect()
}

/// What [`transcode`] wrote, in the reference's terms.
fn placed(s: &Scratch) -> Vec<naive::Placed> {
    (0..s.key.len())
        .map(|i| naive::Placed {
            unit: naive::Unit::from_byte(s.key[i]),
            pos: s.pos(i),
            gap: s.gap(i),
        })
        .collect()
}

/// Asserts that `transcode` (wide windows or not) gives the reference's
/// key, positions, gaps and word starts on `text`, from `s` as it is.
fn check_transcode(text: &str, s: &mut Scratch, wide: bool) -> Result<(), TestCaseError> {
    let (want, starts) = naive::transcode(text);
    transcode_with(text, s, wide);
    prop_assert_eq!(placed(s), want, "wide {} on {:?}", wide, text);
    prop_assert_eq!(&s.starts, &starts, "wide {} on {:?}", wide, text);
    // Past the key: position 0, a gap.
    let n = s.key.len();
    prop_assert_eq!(
        (s.pos(n), s.gap(n), s.pos(n + 1), s.gap(n + 1)),
        (0, true, 0, true)
    );
    Ok(())
}

/// Every code point of the blocks news text is written in, and the
/// neighbours where rules could leak: its key and spelling are the
/// reference's, alone and between two letters.
#[test]
fn key_follows_the_rules_on_every_code_point() {
    let ranges = [
        0x0000..0x0800u32,
        0x0800..0x0900,
        0x1800..0x1810,
        0x2000..0x2100,
        0x2200..0x2220,
        0xFB50..0x10000,
    ];
    let mut failures = Vec::new();
    for cp in ranges.into_iter().flatten() {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        for text in [c.to_string(), format!("ب{c}ج"), format!(" {c}  ")] {
            let (k, sp) = (key_of(&text), spelling_of(&text));
            if units(&k) != naive::key(&text) || spelt(&sp) != naive::spelling(&text) {
                failures.push(format!(
                    "U+{cp:04X} in {text:?}: key {:?}, reference {:?}",
                    units(&k),
                    naive::key(&text)
                ));
                break;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} code points disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn foldings_give_equal_keys() {
    let table = [
        ("CNN", "cnn"),
        ("أوكرانيا", "اوكرانيا"),
        ("إيران", "ايران"),
        ("مصطفى", "مصطفي"),
        ("حماة", "حماه"),
        ("رؤوف", "رووف"),
        ("هيئة", "هييه"),
        ("ڤلاديمير", "فلاديمير"),
        ("پوتين", "بوتين"),
        ("گوگل", "غوغل"),
        ("چين", "جين"),
        ("كـــيم", "كيم"),
        ("مُوسْكُو", "موسكو"),
        ("بيونغ\u{00A0}\u{00A0}يانغ", "بيونغ يانغ"),
        ("بيونغ يانغ", "بيونج-يانق"),
        ("بيونغ يانغ", "بيونغيانغ"),
        ("يول\u{2011}تشول", "يول-تشول"),
        ("٢٠٢٤", "2024"),
        ("ﻣﻮﺳﻜﻮ", "موسكو"),
        ("ﺑﻴﻮﻧﻎ", "بيونغ"),
        ("ﻻﻓﺮﻭﻑ", "لافروف"),
        ("ﺍﻟﻜﺮﻣﻠﻴﻦ", "الكرملين"),
    ];
    for (a, b) in table {
        assert_eq!(key_of(a), key_of(b), "{a} vs {b}");
    }
}

#[test]
fn spellings_keep_qaf_and_separators() {
    assert_ne!(spelling_of("قم"), spelling_of("جم"));
    assert_eq!(spelling_of("  بيونغ - يانغ "), spelling_of("بيونغ يانغ"));
    assert_ne!(spelling_of("بيونغ يانغ"), spelling_of("بيونغيانغ"));
}

#[test]
fn distinct_letters_keep_distinct_codes() {
    let letters: Vec<char> = "ابتثجحخدذرزسشصضطظعفكلمنهوي".chars().collect();
    for (i, a) in letters.iter().enumerate() {
        for b in &letters[i + 1..] {
            assert_ne!(key_of(&a.to_string()), key_of(&b.to_string()));
        }
    }
}

#[test]
fn transcode_positions_and_gaps() {
    let text = "في  مُوسكو، CNN-x";
    let mut s = Scratch::new();
    transcode(text, &mut s);
    for (i, &k) in s.key.iter().enumerate() {
        let ch = text[s.pos(i)..].chars().next().unwrap();
        assert_eq!(fold(code(ch)), k);
    }
    assert_eq!(s.key, key_of(text));
    assert!(s.gap(s.key.len()));
    let starts: Vec<u32> = (0..=s.key.len())
        .filter(|&i| s.starts_at(i))
        .map(|i| i as u32)
        .collect();
    assert_eq!(s.starts, starts);
    let gaps: Vec<usize> = (0..s.key.len()).filter(|&i| s.gap(i)).collect();
    // في | موسكو، | CNN | x
    assert_eq!(gaps, vec![0, 2, 8, 11]);
}

/// The window at every boundary and parity, for every byte pair with
/// a lead byte near the plain letters' (and a few others), between
/// letters and spaces: the SIMD version gives the scalar one's masks
/// and codes.
#[test]
fn window_agrees_with_scalar_on_every_pair() {
    let filler = "بيونغ يانغ قم ج ى ة أإآ ؤئ ءابتثجحخدذرزسشصضطظعغفقكلمنهوي ";
    let filler = filler.as_bytes();
    let mut c = [0u8; WINDOW];
    for (d, s) in c.iter_mut().zip(filler.iter().cycle()) {
        *d = *s;
    }
    for lead in [
        0x00, 0x20, 0x7F, 0x80, 0xC2, 0xD7, 0xD8, 0xD9, 0xDA, 0xDB, 0xFF,
    ] {
        for next in 0..=255u8 {
            for at in [0, 1, 2, 15, 16, 17, 30, 31] {
                let mut w = c;
                w[at] = lead;
                w[at + 1] = next;
                assert_eq!(
                    window(&w),
                    window_scalar(&w),
                    "{lead:02X} {next:02X} at {at}"
                );
            }
        }
    }
    // The plain letters, each in its own lane, at both parities: the
    // window's code, folded, is the key code.
    let mut letters = 0;
    for cp in (0x0621..=0x063A).chain(0x0641..=0x064A) {
        let ch = char::from_u32(cp).unwrap();
        for at in [4, 7] {
            let mut w = [b' '; WINDOW];
            ch.encode_utf8(&mut w[at..at + 2]);
            let got = window(&w);
            assert_eq!(got.letters, 1 << at, "U+{cp:04X}");
            assert_eq!(got.spaces, !(3 << at), "U+{cp:04X}");
            let raw = got.codes[(at % 2) * 32 + at / 2];
            assert_eq!(FOLD[raw as usize], fold(code(ch)), "U+{cp:04X}");
        }
        letters += 1;
    }
    assert_eq!(letters, 36);
}

/// Folding the whole key after the fact is right only if no key code
/// written by the character-by-character path is a fold's source, and
/// the SSE2 fold gives the table's.
#[test]
fn key_codes_are_never_fold_sources() {
    let sources: Vec<u8> = FOLDS.iter().map(|f| f.0).collect();
    for cp in 0..=0x10FFFF {
        if let Some(ch) = char::from_u32(cp) {
            let k = fold(code(ch));
            assert!(!sources.contains(&k), "U+{cp:04X}");
        }
    }
    assert!(!sources.contains(&LAM));
    let mut all: Vec<u8> = (0..=255).chain(0..=255).collect();
    let mut want = all.clone();
    fold_key(&mut all[3..]);
    fold_key_scalar(&mut want[3..]);
    assert_eq!(all, want);
    assert_eq!(all[3 + 0x81], ar(0x0627));
}

/// Random text weighted to Arabic: letters ء..ي, any code point of the
/// Arabic blocks (marks, digits, foreign letters), presentation forms,
/// general punctuation, ASCII, white space, and any character at all.
fn arabic_heavy() -> impl Strategy<Value = String> {
    let any_of = |lo: u32, hi: u32| (lo..=hi).prop_filter_map("a char", char::from_u32);
    let c = prop_oneof![
        8 => any_of(0x0621, 0x064A),
        3 => Just(' '),
        2 => any_of(0x0600, 0x06FF),
        1 => any_of(0x0750, 0x077F),
        1 => any_of(0x08A0, 0x08FF),
        1 => any_of(0xFB50, 0xFDFF),
        1 => any_of(0xFE70, 0xFEFF),
        1 => any_of(0x2000, 0x206F),
        2 => any_of(0x20, 0x7E),
        1 => prop_oneof![Just('\n'), Just('-'), Just('\u{A0}'), Just('\t')],
        1 => any::<char>(),
    ];
    prop::collection::vec(c, 0..300).prop_map(|v| v.into_iter().collect())
}

/// Text made of the pieces news text is made of, and a few rarer ones.
fn text_strategy() -> impl Strategy<Value = String> {
    const PIECES: [&str; 55] = [
        "ا",
        "ب",
        "ت",
        "ج",
        "ق",
        "غ",
        "ي",
        "ى",
        "ة",
        "ه",
        "و",
        "ل",
        "م",
        "ن",
        "ء",
        "أ",
        "إ",
        "آ",
        "ؤ",
        "ئ",
        "ف",
        "ك",
        "ع",
        "ش",
        "ظ",
        " ",
        " ",
        " ",
        " ",
        "  ",
        "\n",
        "، ",
        ". ",
        "“",
        "”",
        "-",
        "َ",
        "ـ",
        "ٱ",
        "ﻻ",
        "ﻣ",
        "پ",
        "گ",
        "ی",
        "٢",
        "7",
        "CNN",
        "x",
        "Ж",
        "\u{200F}",
        "\u{00A0}",
        "—",
        "😀",
        // Words longer than eight letters and than a window.
        "والاستراتيجيات",
        "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    ];
    prop::collection::vec(prop::sample::select(&PIECES[..]), 0..400).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The transcoder (wide and SSE2 windows) writes the reference's
    /// key, positions, gaps and word starts; buffers reused for a
    /// shorter text give its own.
    #[test]
    fn transcode_agrees_with_reference(text in text_strategy()) {
        let mut s = Scratch::new();
        check_transcode(&text, &mut s, true)?;
        check_transcode(&text, &mut s, false)?;
        let half: String = text.chars().take(text.chars().count() / 2).collect();
        check_transcode(&half, &mut s, true)?;
    }

    /// Random Arabic-heavy text: any code point of the Arabic blocks,
    /// the presentation forms and general punctuation, among Arabic
    /// letters, ASCII and white space. Key, spelling and transcoding
    /// are the reference's.
    #[test]
    fn key_agrees_with_reference_on_arabic_heavy_text(text in arabic_heavy()) {
        prop_assert_eq!(units(&key_of(&text)), naive::key(&text), "{:?}", text);
        prop_assert_eq!(spelt(&spelling_of(&text)), naive::spelling(&text), "{:?}", text);
        let mut s = Scratch::new();
        check_transcode(&text, &mut s, true)?;
        check_transcode(&text, &mut s, false)?;
    }

    /// Text that is mostly plain letters and separators (the wide
    /// windows' stretches), now and then broken by another character,
    /// shifted by every offset against the windows: the wide and the
    /// SSE2 windows both give the reference's key, positions, gaps
    /// and starts, from a fresh scratch and from one a longer text
    /// left stale.
    #[test]
    fn wide_and_narrow_windows_agree(
        pad in 0usize..40,
        body in prop::collection::vec(
            prop::sample::select(&[
                "ب", "ت", "ج", "ق", "ى", "أ", "ي", "ن", "ف", " ", " ", " ",
                "  ", "\n", "-", "\t", "ابتثجحخدذرزسشصضطظعغفقكلمنهوي", "، ", "7", "ﻻ", "x",
                // Other ASCII and U+0600..U+06FF: digits, capitals,
                // punctuation, controls, marks, tatweel, letters
                // without a code, Arabic-Indic digits; and beyond.
                ".", "\"", "CNN", "(", "\u{1}", "\r", "َ", "ّ", "ـ", "ٹ", "٢", "۳", "؟",
                "ک", "“", "\u{a0}", "😀",
            ][..]),
            0..300,
        ),
    ) {
        let text = format!("{}{}", " ".repeat(pad % 3) + &"س".repeat(pad / 3), body.concat());
        let mut stale = Scratch::new();
        transcode(&text.repeat(2), &mut stale);
        for wide in [true, false] {
            check_transcode(&text, &mut Scratch::new(), wide)?;
            check_transcode(&text, &mut stale.clone(), wide)?;
        }
    }

    /// The SIMD window equals the scalar one on any bytes.
    #[test]
    fn window_agrees_with_scalar(
        bytes in prop::collection::vec(
            prop_oneof![
                Just(0xD8u8), Just(0xD9), Just(b' '), 0x80u8..0xC0, any::<u8>()
            ],
            WINDOW,
        )
    ) {
        let c: [u8; WINDOW] = bytes.try_into().unwrap();
        prop_assert_eq!(window(&c), window_scalar(&c));
    }
}

#[test]
fn verify_compares_lossy_characters_exactly() {
    // Case folds for ASCII only: other scripts compare exactly.
    assert!(!verify_lossy("Москва", "москва"));
    assert!(verify_lossy("Москва", "Москва"));
    assert!(!verify_lossy("Москва", "Минска"));
    assert!(verify_lossy("CNN", "cnn"));
    assert!(verify_lossy("موسكو", "مُوسكو"));
}

#[test]
fn general_punctuation_shortcut_agrees_with_the_general_rule() {
    for cp in 0x2000..=0x206F {
        let c = char::from_u32(cp).unwrap();
        let general = if c.is_whitespace() {
            SEP
        } else if c.is_alphanumeric() {
            OTHER_WORD
        } else {
            OTHER_NONWORD
        };
        let got = slow_code(c);
        // Characters the normalizer folds (U+200B is a word break)
        // follow its rule, checked by the agreement test.
        let folded = khabar_normalize::search_fold(c) != Some(c);
        if got != SKIP && !folded && !(0x2010..=0x2015).contains(&cp) {
            assert_eq!(got, general, "U+{cp:04X}");
        }
    }
}

#[test]
fn marks_belong_to_their_letter() {
    let t = "كِمْ x";
    assert_eq!(&t[..char_end_with_marks(t, 0)], "كِ");
}
