//! The generated benchmark corpus through the real pipeline: what the
//! generator says it placed is exactly what khabar finds, through the CLI,
//! for JSON Lines and for a directory with Windows-1256 files.

use std::collections::BTreeMap;

use khabar_corpus::{CorpusConfig, Format};

use crate::util::*;

#[test]
fn generated_corpus_counts_are_found_exactly() {
    let dir = tempfile::tempdir().unwrap();
    for (seed, format) in [(7, Format::Jsonl), (11, Format::Dir)] {
        let cfg = CorpusConfig {
            format,
            cp1256_share: 0.25,
            ..CorpusConfig::new(256 * 1024, seed)
        };
        let (input, expected) = match format {
            Format::Jsonl => {
                let path = dir.path().join(format!("c{seed}.jsonl"));
                let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
                let e = khabar_corpus::generate_jsonl(&cfg, &mut file).unwrap();
                drop(file);
                (path, e)
            }
            Format::Dir => {
                let path = dir.path().join(format!("c{seed}"));
                let e = khabar_corpus::generate_dir(&cfg, &path).unwrap();
                (path, e)
            }
        };
        assert!(
            expected.documents > 10 && expected.figures > 100,
            "{expected:?}"
        );
        let input = input.to_str().unwrap();
        let out = run(&["extract", "-j", "2", "--progress", "never", input], b"");
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let recs = records(&out);
        assert_eq!(recs.len() as u64, expected.documents);
        let mut entities: BTreeMap<String, u64> = BTreeMap::new();
        let mut figures = 0u64;
        for r in &recs {
            assert!(r.get("error").is_none(), "{r}");
            // The generator plants gazetteer names: count those (names
            // found by their context, `how` pattern or coreference, are
            // not in its plan).
            for e in r["entities"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["how"] == "gazetteer")
            {
                *entities
                    .entry(e["id"].as_str().unwrap().to_string())
                    .or_default() += 1;
            }
            figures += r["figures"].as_array().unwrap().len() as u64;
        }
        assert_eq!(
            entities, expected.entities,
            "entity mentions per id ({format:?})"
        );
        assert_eq!(figures, expected.figures, "figures ({format:?})");
        if format == Format::Jsonl {
            placed_figures_have_their_values(&cfg, input, &recs);
        }
        if format == Format::Dir {
            let legacy = recs
                .iter()
                .filter(|r| r["encoding"] == "windows-1256")
                .count() as u64;
            assert_eq!(legacy, expected.cp1256_documents);
        }
    }
}

/// Every figure the generator placed in a JSON Lines corpus comes out of
/// the CLI with its span's text, bounds, approx, kind and unit (the generator's
/// truth is what it wrote: negatives, fractions, labels, quantities,
/// comparatives, codes, ordinals), and nothing else does.
fn placed_figures_have_their_values(cfg: &CorpusConfig, input: &str, recs: &[serde_json::Value]) {
    let generator = khabar_corpus::Generator::from_config(cfg).unwrap();
    let lines = std::fs::read_to_string(input).unwrap();
    let mut doc = khabar_corpus::Document::default();
    let mut checked = 0;
    for (i, (line, r)) in lines.lines().zip(recs).enumerate() {
        let text: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(generator.document(i as u64, usize::MAX, &mut doc));
        if text["text"].as_str() != Some(doc.text.as_str()) {
            // The last document may be cut to fit the size.
            continue;
        }
        let found: Vec<_> = r["figures"].as_array().unwrap().iter().collect();
        assert_eq!(found.len(), doc.figures.len(), "{}", doc.id);
        for (f, p) in found.iter().zip(&doc.figures) {
            let close = |v: &serde_json::Value, want: f64| {
                v.as_f64()
                    .is_some_and(|v| (v - want).abs() <= 1e-9 * want.abs().max(1.0))
            };
            // Spans are offsets in the decoded text (which drops the
            // invisible controls the generator put between words): compare
            // the span's text, which holds no noise.
            let ok = f["text"].as_str() == Some(&doc.text[p.start..p.end])
                && close(&f["low"], p.low)
                && p.high.map_or(f["high"].is_null(), |h| close(&f["high"], h))
                && f["approx"] == p.approx
                && f["kind"] == p.kind
                && f["unit"].as_str() == p.unit;
            assert!(ok, "{}: found {f}, placed {p:?}", doc.id);
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} figures checked");
}
