//! The synthetic corpus of `khabar-corpus` as an independent check: its
//! generator places every figure on purpose (in the forms of SPEC §4) and
//! returns how many of each kind and approx a correct khabar finds, around
//! noise that must give none.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use khabar_corpus::{CorpusConfig, Format, generate_jsonl};
use khabar_figures::FigureParser;
use khabar_normalize::{Normalizer, Profile};

#[test]
fn figures_of_the_synthetic_corpus_match_the_generator() {
    let cfg = CorpusConfig {
        size_bytes: 512 * 1024,
        seed: 20261121,
        format: Format::Jsonl,
        cp1256_share: 0.0,
    };
    let mut out = Vec::new();
    let expected = generate_jsonl(&cfg, &mut out).unwrap();
    let parser = FigureParser::new();
    let norm = Normalizer::new(Profile::Search);
    let mut total = 0u64;
    let mut by_kind: BTreeMap<String, u64> = BTreeMap::new();
    let mut by_approx: BTreeMap<String, u64> = BTreeMap::new();
    for line in out.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let rec: serde_json::Value = serde_json::from_slice(line).unwrap();
        let raw = rec["text"].as_str().unwrap();
        let text = khabar_decode::decode(raw.as_bytes()).unwrap().text;
        let n = norm.normalize(&text);
        let figures = parser.parse_with_source(&text, &n);
        // The short left windows never change a figure.
        assert_eq!(figures, parser.parse_full_window(&text, &n));
        for f in figures {
            total += 1;
            *by_kind.entry(f.kind.as_str().to_string()).or_default() += 1;
            *by_approx.entry(f.approx.as_str().to_string()).or_default() += 1;
        }
    }
    assert!(
        expected.figures > 500,
        "corpus too small: {}",
        expected.figures
    );
    assert_eq!(total, expected.figures);
    assert_eq!(by_kind, expected.figures_by_kind);
    assert_eq!(by_approx, expected.figures_by_approx);
}
