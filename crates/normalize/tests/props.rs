//! Property tests: the fast engine against the naive reference, and the
//! offset-map guarantees the crate documents.
#![allow(clippy::unwrap_used)]

use khabar_normalize::{NormalizedText, Normalizer, Profile, reference};
use proptest::prelude::*;

/// Characters the rules care about, with their neighbours, so that most
/// generated characters hit a rule or the edge of one.
fn interesting_char() -> impl Strategy<Value = char> {
    let ranges: &[(u32, u32)] = &[
        (0x0600, 0x06FF),   // Arabic
        (0x0621, 0x064A),   // Arabic letters (weighted up)
        (0x064B, 0x0670),   // harakat
        (0x08C0, 0x08FF),   // Arabic Extended-A
        (0xFB40, 0xFDFF),   // Presentation Forms-A and neighbours
        (0xFE60, 0xFEFF),   // Presentation Forms-B and neighbours
        (0x2000, 0x206F),   // general punctuation, controls
        (0x00A0, 0x00FF),   // Latin-1
        (0x0020, 0x007E),   // ASCII
        (0x1F600, 0x1F64F), // four-byte
    ];
    let idx = 0..ranges.len();
    let ranges = ranges.to_vec();
    (idx, any::<u32>()).prop_map(move |(i, r)| {
        let (lo, hi) = ranges[i];
        char::from_u32(lo + r % (hi - lo + 1)).unwrap_or(' ')
    })
}

fn arabic_heavy() -> impl Strategy<Value = String> {
    prop::collection::vec(interesting_char(), 0..48).prop_map(|v| v.into_iter().collect())
}

/// Strings over a small alphabet of one character per kind of rule, so
/// that runs and neighbours of every kind (strides, deletions, expansions,
/// unchanged text) are common.
fn rule_mix() -> impl Strategy<Value = String> {
    const KINDS: &[&str] = &[
        "٢", "۵", "ﺑ", "ﻮ", "ﻻ", "ﷺ", "ـ", "َ", "ّ", "أ", "ة", "ى", "ک", " ", "a", "ب", "ت",
        "\u{200B}", "\u{200F}", "\u{FE76}", "😀", "é", "“",
    ];
    prop::collection::vec(prop::sample::select(KINDS), 0..40).prop_map(|v| v.concat())
}

fn profile() -> impl Strategy<Value = Profile> {
    prop_oneof![Just(Profile::Display), Just(Profile::Search)]
}

/// Everything that must hold for one input.
fn check(profile: Profile, input: &str) -> Result<(), TestCaseError> {
    let norm = Normalizer::new(profile);
    let fast = norm.normalize(input);
    let naive = reference::normalize(profile, input);
    prop_assert_eq!(fast.as_str(), naive.text.as_str());
    prop_assert_eq!(fast.original_len(), input.len());
    prop_assert_eq!(
        reference::normalize_text(profile, input),
        naive.text.as_str()
    );

    // Idempotent, and search after display is search.
    let twice = norm.normalize(fast.as_str());
    prop_assert_eq!(twice.as_str(), fast.as_str());
    if profile == Profile::Search {
        let display = Normalizer::new(Profile::Display).normalize(input);
        let after = norm.normalize(display.as_str());
        prop_assert_eq!(after.as_str(), fast.as_str());
    }

    let len = fast.len();
    // The dense map is the same function, written out in one pass.
    let mut dense = vec![7u32; 3];
    fast.offset_map_into(&mut dense);
    prop_assert_eq!(dense.len(), len + 1);
    for (k, &o) in dense.iter().enumerate() {
        prop_assert_eq!(o as usize, fast.to_original(k), "offset_map_into[{}]", k);
    }

    let mut last = (0, 0);
    for k in 0..=len + 2 {
        let (s, e) = (fast.to_original(k), fast.to_original_end(k));
        // Same answers as the dense reference map.
        prop_assert_eq!(s, naive.to_original(k), "to_original({})", k);
        prop_assert_eq!(e, naive.to_original_end(k), "to_original_end({})", k);
        // On input char boundaries, monotone, start never after end.
        prop_assert!(input.is_char_boundary(s) && input.is_char_boundary(e));
        prop_assert!(s >= last.0 && e >= last.1 && s <= e);
        last = (s, e);
    }

    // The batched mapping: sorted spans (every span, by start), the same
    // spans backwards, and spans past the end, all as the one-by-one call.
    let mut spans: Vec<_> = (0..=len + 1)
        .flat_map(|a| (a.saturating_sub(3)..=len + 2).map(move |b| a..b))
        .collect();
    for _ in 0..2 {
        let batched: Vec<_> = fast.original_ranges(spans.iter().cloned()).collect();
        prop_assert_eq!(batched.len(), spans.len());
        for (span, got) in spans.iter().zip(batched) {
            prop_assert_eq!(
                got,
                naive.original_range(span.clone()),
                "original_ranges {:?}",
                span
            );
        }
        spans.reverse();
    }

    for a in 0..=len {
        for b in a..=len {
            let r = fast.original_range(a..b);
            prop_assert_eq!(r.clone(), naive.original_range(a..b));
            let again = norm.normalize(&input[r.clone()]);
            if naive.is_unit_boundary(a) && naive.is_unit_boundary(b) {
                // The original slice re-normalizes to exactly the span.
                prop_assert_eq!(again.as_str(), &fast.as_str()[a..b], "span {}..{}", a, b);
            } else if fast.as_str().is_char_boundary(a) && fast.as_str().is_char_boundary(b) {
                // A widened span still contains what was asked for.
                prop_assert!(again.as_str().contains(&fast.as_str()[a..b]));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arabic_heavy_strings(p in profile(), s in arabic_heavy()) {
        check(p, &s)?;
    }

    #[test]
    fn rule_mix_strings(p in profile(), s in rule_mix()) {
        check(p, &s)?;
    }

    #[test]
    fn arbitrary_strings(p in profile(), s in any::<String>()) {
        check(p, &s)?;
    }

    #[test]
    fn normalize_into_matches_normalize(p in profile(), a in arabic_heavy(), b in arabic_heavy()) {
        let norm = Normalizer::new(p);
        let mut out = NormalizedText::default();
        norm.normalize_into(&a, &mut out);
        norm.normalize_into(&b, &mut out);
        prop_assert_eq!(out, norm.normalize(&b));
    }
}

#[test]
fn every_bmp_char_alone_and_between_letters() {
    // Exhaustive over the rules' domain: every BMP scalar, alone and inside
    // a word, in both profiles.
    for p in [Profile::Display, Profile::Search] {
        for c in '\u{0}'..='\u{FFFF}' {
            let alone = c.to_string();
            check(p, &alone).unwrap();
            if matches!(c, '\u{0600}'..='\u{08FF}' | '\u{FB50}'..='\u{FEFF}' | '\u{2000}'..='\u{206F}')
            {
                check(p, &format!("بـ{c}ت ")).unwrap();
            }
        }
    }
}
