//! Property tests: the ranges are ordered, disjoint, trimmed, on character
//! boundaries, and cover every non-space character; checked against a
//! naive splitter written independently for texts without exceptions.

use proptest::prelude::*;

fn alphabet() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "ق", "ت", "ل", " ", ".", "؟", "!", "?", "؛", "\n", "2", "٥", "«", "»", "”", "د", "www",
        "@", "a", "U", "…", "\u{a0}", "\r", "ة", "ـ", "َ", "😀", "/", "=",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}')
}

proptest! {
    #[test]
    fn ranges_are_well_formed(text in alphabet()) {
        let ranges: Vec<_> = khabar_sentences::split(&text).collect();
        let mut prev_end = 0;
        for r in &ranges {
            prop_assert!(r.start < r.end);
            prop_assert!(r.start >= prev_end);
            prop_assert!(r.end <= text.len());
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            let s = &text[r.clone()];
            prop_assert!(!s.starts_with(is_space) && !s.ends_with(is_space));
            prev_end = r.end;
        }
        // Every non-space character is inside a range.
        for (i, c) in text.char_indices() {
            if !is_space(c) {
                prop_assert!(ranges.iter().any(|r| r.contains(&i)), "{i} {c:?} not covered in {text:?}");
            }
        }
    }

    #[test]
    fn simple_text_matches_a_naive_splitter(words in prop::collection::vec(
        prop::sample::select(vec!["قتل", "خمسة", "أشخاص", "ونزح", "الآلاف", "؟", "!", "؛", "\n"]), 0..40)) {
        // Words separated by spaces, terminators as their own words: no
        // exception applies, so every terminator run ends a sentence.
        let text = words.join(" ");
        let mut naive: Vec<String> = Vec::new();
        let mut cur = String::new();
        for w in &words {
            if *w == "\n" {
                if !cur.trim().is_empty() { naive.push(cur.trim().to_string()); }
                cur.clear();
                continue;
            }
            if !cur.is_empty() { cur.push(' '); }
            cur.push_str(w);
            if matches!(*w, "؟" | "!" | "؛") {
                naive.push(cur.trim().to_string());
                cur.clear();
            }
        }
        if !cur.trim().is_empty() { naive.push(cur.trim().to_string()); }
        let got: Vec<&str> = khabar_sentences::split(&text).map(|r| &text[r]).collect();
        prop_assert_eq!(got, naive);
    }
}
