//! Measures legacy-encoding detection on Arabic: the seed articles
//! transcoded to Windows-1256 and ISO-8859-6 (and left in UTF-8), cut into
//! snippets of several lengths, detected by chardetng alone and by
//! `khabar_decode::decode`. Prints a Markdown table for
//! `benches/reports/decode.md`.
//!
//!     cargo run --release -p khabar-decode --example detect_accuracy
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use encoding_rs::{Encoding, ISO_8859_6, UTF_8, WINDOWS_1256};

fn seeds() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// The characters `enc` can encode, with quotes and dashes made ASCII.
fn encodable(enc: &'static Encoding, s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '“' | '”' if enc == ISO_8859_6 => '"',
            '–' if enc == ISO_8859_6 => '-',
            c => c,
        })
        .filter(|c| {
            let mut buf = [0u8; 4];
            !enc.encode(c.encode_utf8(&mut buf)).2
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    n: usize,
    chardetng_label: usize,
    khabar_label: usize,
    khabar_text: usize,
}

fn main() {
    let seeds = seeds();
    let lengths = [8usize, 16, 32, 64, 128, 512, usize::MAX];
    println!(
        "| encoding | snippet (chars) | snippets | chardetng label | khabar label | khabar text |"
    );
    println!("|---|---|---|---|---|---|");
    for enc in [WINDOWS_1256, ISO_8859_6, UTF_8] {
        for &len in &lengths {
            let mut t = Tally::default();
            for seed in &seeds {
                let text = encodable(enc, seed);
                let chars: Vec<char> = text.chars().collect();
                let step = if len == usize::MAX {
                    chars.len().max(1)
                } else {
                    len.max(8)
                };
                let mut start = 0;
                while start < chars.len() {
                    let end = if len == usize::MAX {
                        chars.len()
                    } else {
                        (start + len).min(chars.len())
                    };
                    let snippet: String = chars[start..end].iter().collect();
                    start += step;
                    if snippet.is_ascii() || (len != usize::MAX && end - (start - step) < len) {
                        continue;
                    }
                    let (bytes, _, _) = enc.encode(&snippet);
                    t.n += 1;
                    let cd = chardetng_guess(&bytes);
                    let cd_ok = if enc == UTF_8 {
                        // chardetng is asked with UTF-8 denied; the decoder
                        // checks UTF-8 itself first.
                        std::str::from_utf8(&bytes).is_ok()
                    } else {
                        cd == enc
                    };
                    t.chardetng_label += usize::from(cd_ok);
                    if let Ok(d) = khabar_decode::decode(&bytes) {
                        let want = enc.name().to_ascii_lowercase();
                        t.khabar_label += usize::from(d.encoding == want);
                        t.khabar_text += usize::from(d.text == snippet);
                    }
                }
            }
            let pct = |k: usize| format!("{:.1}%", 100.0 * k as f64 / t.n.max(1) as f64);
            let len_s = if len == usize::MAX {
                "whole article".to_string()
            } else {
                len.to_string()
            };
            println!(
                "| {} | {} | {} | {} | {} | {} |",
                enc.name().to_ascii_lowercase(),
                len_s,
                t.n,
                pct(t.chardetng_label),
                pct(t.khabar_label),
                pct(t.khabar_text)
            );
        }
    }
}

/// chardetng's guess alone, as the decoder asks it (ISO-2022-JP and UTF-8
/// denied), without the decoder's Arabic override: the baseline the
/// report compares the decoder with.
fn chardetng_guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}
