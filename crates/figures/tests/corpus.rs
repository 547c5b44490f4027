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

/// Every figure the generator placed, one by one: the parser finds it with
/// its span, bounds, approx, kind and unit, and finds nothing else (the
/// identifiers it placed give none). The truth is what the generator
/// wrote, never a parse.
#[test]
fn every_placed_figure_parses_to_its_truth() {
    let cfg = CorpusConfig::new(1 << 20, 20261207);
    let generator = khabar_corpus::Generator::from_config(&cfg).unwrap();
    let parser = FigureParser::new();
    let norm = Normalizer::new(Profile::Search);
    let mut doc = khabar_corpus::Document::default();
    let mut kinds: BTreeMap<&str, u64> = BTreeMap::new();
    let mut identifiers = 0;
    let mut failures = Vec::new();
    for index in 0..200 {
        assert!(generator.document(index, usize::MAX, &mut doc));
        let n = norm.normalize(&doc.text);
        let found = parser.parse_with_source(&doc.text, &n);
        identifiers += doc.identifiers.len();
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(1.0);
        let mut placed: BTreeMap<(usize, usize), &khabar_corpus::PlacedFigure> =
            doc.figures.iter().map(|p| ((p.start, p.end), p)).collect();
        for f in &found {
            let Some(p) = placed.remove(&(f.start, f.end)) else {
                failures.push(format!("extra {:?} {f:?}", &doc.text[f.start..f.end]));
                continue;
            };
            *kinds.entry(p.kind).or_default() += 1;
            let ok = f.low.is_some_and(|l| close(l, p.low))
                && match (f.high, p.high) {
                    (Some(a), Some(b)) => close(a, b),
                    (None, None) => true,
                    _ => false,
                }
                && f.approx.as_str() == p.approx
                && f.kind.as_str() == p.kind
                && f.unit.as_deref() == p.unit;
            if !ok {
                failures.push(format!(
                    "{:?}: found {f:?}, placed {p:?}",
                    &doc.text[f.start..f.end]
                ));
            }
        }
        for p in placed.values() {
            failures.push(format!("missed {:?} {p:?}", &doc.text[p.start..p.end]));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    for kind in [
        "count", "money", "length", "duration", "percent", "quantity", "label", "ordinal",
    ] {
        assert!(kinds.get(kind).is_some_and(|&n| n > 5), "{kind}: {kinds:?}");
    }
    assert!(identifiers > 10, "{identifiers} identifiers");
}
