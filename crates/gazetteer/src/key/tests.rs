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

/// The letter-by-letter transcoder that [`transcode`] replaced: the
/// reference of its property test.
///
/// Positions are 31 bits: the pipeline's documents are far below 2 GiB, and
/// a longer text is cut at 2 GiB rather than mapped wrongly.
fn transcode_reference(text: &str, out: &mut Scratch) {
    out.starts.clear();
    let bytes = text.as_bytes();
    let limit = bytes.len().min(GAP as usize - 1);
    // A character gives at most one key byte per byte of its UTF-8
    // (lam-alef, three bytes, gives two): `limit` slots are enough. They
    // are written by index and cut to length at the end, which keeps the
    // capacity checks of `push` out of the loop.
    out.key.clear();
    out.key.resize(limit, 0);
    out.pos.clear();
    out.pos.resize(limit, 0);
    out.back.clear();
    out.back.resize(limit, 0);
    let key = &mut out.key[..];
    let pos = &mut out.pos[..];
    let starts = &mut out.starts;
    let mut k = 0usize;
    let mut gap = GAP;
    // Whether the last key byte is a word character.
    let mut word = false;
    let mut i = 0;
    while i < limit {
        // Inside an Arabic word, letter after letter: no gap, no start,
        // one key byte each. Most of a text goes through this loop.
        if word && gap == 0 {
            while i + 1 < limit && k < limit {
                let b0 = bytes[i];
                if b0.wrapping_sub(0xD8) >= 4 {
                    break;
                }
                let c = KEY_ARABIC[(((b0 & 3) as usize) << 6) | (bytes[i + 1] & 0x3F) as usize];
                if !is_letter(c) {
                    break;
                }
                key[k] = c;
                pos[k] = i as u32;
                k += 1;
                i += 2;
            }
            if i >= limit {
                break;
            }
        }
        let b0 = bytes[i];
        let (c, w) = if b0.wrapping_sub(0xD8) < 4 && i + 1 < limit {
            // U+0600..U+06FF: lead byte D8..DB, one continuation byte.
            (
                KEY_ARABIC[(((b0 & 3) as usize) << 6) | (bytes[i + 1] & 0x3F) as usize],
                2,
            )
        } else if b0 < 0x80 {
            (KEY_ASCII[b0 as usize], 1)
        } else {
            let ch = text[i..].chars().next().unwrap_or('\u{FFFD}');
            let c = code(ch);
            if c != SKIP && c != SEP && is_lam_alef(ch) && k < limit {
                if gap != 0 || !word {
                    starts.push(k as u32);
                }
                key[k] = LAM;
                pos[k] = i as u32 | gap;
                k += 1;
                gap = 0;
                word = true;
            }
            (fold(c), ch.len_utf8())
        };
        match c {
            SEP => gap = GAP,
            SKIP => {}
            _ if k < limit => {
                let now = IS_WORD[c as usize];
                if gap != 0 || !word || !now {
                    starts.push(k as u32);
                }
                word = now;
                key[k] = c;
                pos[k] = i as u32 | gap;
                k += 1;
                gap = 0;
            }
            _ => {}
        }
        i += w;
    }
    out.key.truncate(k);
    // The gap flags where `Scratch::gap` reads them.
    for (b, &p) in out.back.iter_mut().zip(&out.pos) {
        *b = if p & GAP != 0 { GAP_BIT } else { 0 };
    }
    out.pos.truncate(k);
    out.starts.push(k as u32);
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

    /// The windowed transcoder writes the letter-by-letter one's key,
    /// positions, gaps and starts.
    #[test]
    fn transcode_agrees_with_reference(text in text_strategy()) {
        let mut got = Scratch::new();
        let mut want = Scratch::new();
        transcode(&text, &mut got);
        transcode_reference(&text, &mut want);
        prop_assert_eq!(&got.key, &want.key);
        prop_assert_eq!(&got.starts, &want.starts);
        for i in 0..=got.key.len() + 1 {
            prop_assert_eq!((got.pos(i), got.gap(i)), (want.pos(i), want.gap(i)), "{}", i);
        }
        // The SSE2 windows too, where the CPU would take the wide ones.
        transcode_with(&text, &mut got, false);
        prop_assert_eq!(&got.key, &want.key);
        prop_assert_eq!(&got.starts, &want.starts);
        for i in 0..=got.key.len() + 1 {
            prop_assert_eq!((got.pos(i), got.gap(i)), (want.pos(i), want.gap(i)), "{}", i);
        }
        // Buffers reused for a shorter text give its own positions.
        let half: String = text.chars().take(text.chars().count() / 2).collect();
        transcode(&half, &mut got);
        transcode_reference(&half, &mut want);
        prop_assert_eq!(&got.key, &want.key);
        for i in 0..=got.key.len() + 1 {
            prop_assert_eq!((got.pos(i), got.gap(i)), (want.pos(i), want.gap(i)), "{}", i);
        }
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
        let mut want = Scratch::new();
        transcode_reference(&text, &mut want);
        let mut stale = Scratch::new();
        transcode(&text.repeat(2), &mut stale);
        for wide in [true, false] {
            for got in [&mut Scratch::new(), &mut stale.clone()] {
                transcode_with(&text, got, wide);
                prop_assert_eq!(&got.key, &want.key);
                prop_assert_eq!(&got.starts, &want.starts);
                for i in 0..=got.key.len() + 1 {
                    prop_assert_eq!(
                        (got.pos(i), got.gap(i)),
                        (want.pos(i), want.gap(i)),
                        "{} {}", i, wide
                    );
                }
            }
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
