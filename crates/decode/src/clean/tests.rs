//! The cleaner's tests: table cases, the bulk copy against the
//! character-by-character reference, and the mojibake tables against
//! encoding_rs.
#![allow(clippy::unwrap_used)]

use super::mojibake::*;
use super::scan::*;
use super::*;
use proptest::prelude::*;

const ALL: Options = Options {
    mojibake: true,
    residue: true,
    controls: true,
};

fn run(s: &str) -> (String, Vec<Repair>) {
    let mut out = String::new();
    let mut repairs = Vec::new();
    clean(s, &[], ALL, &mut out, &mut repairs);
    (out, repairs)
}

fn run_reference(s: &str) -> (String, Vec<Repair>) {
    let mut out = String::new();
    let mut repairs = Vec::new();
    clean_impl(s, &[], ALL, &mut out, &mut repairs, false);
    (out, repairs)
}

/// Pieces that trigger every rule.
fn piece() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("ال"),
        Just("Ø§Ù„"),
        Just("Ã˜Â§"),
        Just("â € Â Â "),
        Just("€ "),
        Just("\u{200F}"),
        Just("\u{200D}"),
        Just("\u{61C}"),
        Just("😀"),
        Just(" "),
        Just("\n"),
        Just("é"),
        Just("“"),
        Just("\u{FFFD}"),
        Just("\u{FEFF}"),
        Just("\u{85}"),
        Just("ٜ"),
        Just("Ã¢ â‚¬ Ã‚ Ã‚ "),
        Just("Ã"),
        Just("ﻻ ﺍﻟ"),
        Just("☀\u{FE0F}"),
        Just("→"),
        Just("™ "),
        Just("Œ"),
        Just("\u{2066}"),
    ]
}

/// Text built from pieces that trigger every rule.
fn tricky() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..30).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn bulk_copy_matches_the_char_by_char_reference(s in tricky()) {
        prop_assert_eq!(run(&s), run_reference(&s));
    }

    #[test]
    fn bulk_copy_matches_on_any_text(s in "\\PC{0,100}") {
        prop_assert_eq!(run(&s), run_reference(&s));
    }

    #[test]
    fn fast_check_is_conservative(s in tricky()) {
        if !may_need_cleaning(s.as_bytes()) {
            prop_assert_eq!(run(&s).0, s);
        }
    }

    /// Pieces as separate tokens: residue glued to mojibake can need a
    /// second pass once the mojibake next to it is decoded (README).
    #[test]
    fn cleaning_is_idempotent(v in prop::collection::vec(piece(), 0..30)) {
        let s = v.join(" ");
        let (once, _) = run(&s);
        let (twice, repairs) = run(&once);
        prop_assert_eq!(&twice, &once);
        prop_assert!(repairs.is_empty(), "{:?}", repairs);
    }
}

/// Mostly bytes that pass, so that blocks without a suspect occur.
fn sparse_bytes() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        8 => prop::sample::select(vec![b'a', b' ', b'\n', 0xD8, 0xA7, 0x80, 0x9C, 0xBB, 0xEF, 0xE2]),
        1 => any::<u8>(),
    ];
    prop::collection::vec(byte, 0..300)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn block_search_matches_a_byte_loop(b in sparse_bytes(), from in 0usize..300) {
        let from = from.min(b.len());
        let naive = (from..b.len())
            .find(|&k| is_suspect(b[k], b.get(k + 1).copied().unwrap_or(0)));
        prop_assert_eq!(find_suspect(&b, from), naive);
        prop_assert_eq!(find_suspect_generic(&b, from), naive);
        let c0 = b.iter().any(|&x| is_bad_c0(x));
        prop_assert_eq!(has_c0_control(&b), c0);
        prop_assert_eq!(has_c0_control_generic(&b), c0);
    }
}

/// Every character [`clean_impl`] may act on is flagged by its first
/// two bytes: checked over all of Unicode against the rules' own
/// predicates.
#[test]
fn every_character_clean_looks_at_is_suspect() {
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        let matters = is_control(c) || is_residue_char(c) || is_lead(c);
        let mut buf = [0u8; 4];
        let b = c.encode_utf8(&mut buf).as_bytes();
        let flagged = is_suspect(b[0], b.get(1).copied().unwrap_or(0))
            && (b[0] != 0xEF || b.get(2) == Some(&0xBF));
        if matters {
            assert!(flagged, "{c:?} must stop the bulk copy");
        }
    }
}

#[test]
fn long_symbol_lines_are_left_alone() {
    let s = "€ ".repeat(10_000);
    assert_eq!(run(&s).0, s);
}

#[test]
fn cp1252_table_has_the_27_defined_high_characters() {
    let t = cp1252_high();
    assert_eq!(t.len(), 27);
    assert_eq!(cp1252_byte('€'), Some(0x80));
    assert_eq!(cp1252_byte('Ÿ'), Some(0x9F));
    assert_eq!(cp1252_byte('ـ'), None);
    for c in (0x100..=0x10FFFFu32).filter_map(char::from_u32) {
        let want = t.binary_search_by_key(&c, |&(k, _)| k).ok().map(|i| t[i].1);
        assert_eq!(cp1252_byte(c), want, "{c:?}");
    }
}

#[test]
fn sequences() {
    let cases: &[(&str, Option<char>)] = &[
        ("Ø§", Some('ا')),
        ("Ù\u{84}", Some('ل')),
        ("Ù„", Some('ل')),
        ("â€œ", Some('“')),
        ("Ã©", Some('é')),
        ("ðŸ˜€", Some('😀')),
        ("ét", None),
        ("ß“", None),
        ("Ö”", None),
        ("Ø", None),
    ];
    for (s, want) in cases {
        assert_eq!(try_seq(s, 0).map(|(_, d)| d), *want, "{s}");
    }
}

#[test]
fn sequences_decode_as_the_standard_library_does() {
    let check = |buf: [u8; 4], n: usize| {
        let want = std::str::from_utf8(&buf[..n])
            .ok()
            .and_then(|s| s.chars().next());
        assert_eq!(decode_sequence(buf, n), want, "{:02X?}", &buf[..n]);
    };
    for b0 in 0xC2..=0xF4u8 {
        let n = match b0 {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        for b1 in 0x80..=0xBFu8 {
            for b2 in 0x80..=0xBFu8 {
                if n == 2 && b2 > 0x80 {
                    break;
                }
                for b3 in [0x80, 0x9A, 0xBF] {
                    if n < 4 && b3 > 0x80 {
                        break;
                    }
                    check([b0, b1, b2, b3], n);
                }
            }
        }
    }
}

#[test]
fn residue_groups() {
    let cases: &[(&str, Option<&str>)] = &[
        ("â € Â Â التقى", Some("â € Â Â ")),
        ("Â foo", Some("Â ")),
        ("â€ x", Some("â€ ")),
        ("€ 100", None),
        ("« » …", None),
        ("âge", None),
        ("Â©", None),
    ];
    for (s, want) in cases {
        assert_eq!(residue_group(s, 0).map(|e| &s[..e]), *want, "{s}");
    }
}

#[test]
fn cleaning_table() {
    let cases: &[(&str, &str, &[RepairKind])] = &[
        ("abc", "abc", &[]),
        ("a\u{200F}\u{200E}b", "ab", &[RepairKind::Control]),
        ("a\u{0}b", "ab", &[RepairKind::Control]),
        ("a\x0Bb\x0Cc\r\n", "a\x0Bb\x0Cc\r\n", &[]),
        (
            "a\x1Fb\x7F",
            "ab",
            &[RepairKind::Control, RepairKind::Control],
        ),
        ("👨\u{200D}👩", "👨\u{200D}👩", &[]),
        ("كلمة\u{200C}أخرى", "كلمةأخرى", &[RepairKind::Control]),
        ("Ø§Ù„Ø®Ø§Ø±Ø¬ÙŠØ©", "الخارجية", &[RepairKind::Mojibake]),
        // ف with its 81 byte dropped, or turned into `?`.
        ("Ù„Ø§ÙØ±ÙˆÙ", "لافروف", &[RepairKind::Mojibake]),
        ("ÙÙŠ Ù?ÙŠ", "في في", &[RepairKind::Mojibake]),
        ("OÙ? Ù", "OÙ? Ù", &[]),
        (
            "Ù\u{FFFD}ÙŠ Ø±ÙˆÙ\u{FFFD}",
            "في روف",
            &[RepairKind::Mojibake],
        ),
        ("â€œØªØ§Ø³â€ØŒ", "“تاس”،", &[RepairKind::Mojibake]),
        ("Ã  Paris", "Ã  Paris", &[]),
        ("x Ø¨ Ø¨ y", "x ب ب y", &[RepairKind::Mojibake]),
        (
            "Société Générale, Müller, İstanbul",
            "Société Générale, Müller, İstanbul",
            &[],
        ),
        ("ï»¿نص", "نص", &[RepairKind::Mojibake]),
    ];
    for (input, want, kinds) in cases {
        let (got, repairs) = run(input);
        assert_eq!(&got, want, "{input}");
        let got_kinds: Vec<_> = repairs.iter().map(|r| r.kind).collect();
        assert_eq!(&got_kinds, kinds, "{input}");
        for r in &repairs {
            assert!(r.start <= r.end && r.end <= got.len());
        }
    }
}

#[test]
fn fast_check_flags_what_clean_changes() {
    let inputs = [
        "عربي نظيف “مع” علامات – وأرقام 123",
        "\u{61C}x",
        "\u{FEFF}x",
        "x\u{2066}y",
        "é",
        "\u{85}",
        "soft\u{AD}hyphen",
    ];
    for s in inputs {
        let (out, _) = run(s);
        if !may_need_cleaning(s.as_bytes()) {
            assert_eq!(out, s);
        }
    }
    assert!(!may_need_cleaning("عربي نظيف “مع” علامات".as_bytes()));
    assert!(may_need_cleaning("\u{61C}".as_bytes()));
    assert!(may_need_cleaning("a\u{2069}".as_bytes()));
}
