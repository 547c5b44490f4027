//! Dumps every figure of the seeds, the table sentences and a generated
//! 2 MB corpus (one line each), to compare two builds of the parser:
//! `cargo run -p khabar-figures --example regress_dump > before.txt`.
use std::io::Write;

use khabar_corpus::{CorpusConfig, generate_jsonl};
use khabar_figures::FigureParser;
use khabar_normalize::{Normalizer, Profile};

fn main() {
    let parser = FigureParser::new();
    let norm = Normalizer::new(Profile::Search);
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut texts: Vec<String> = Vec::new();
    if let Ok(rd) = std::fs::read_dir(format!("{root}/seeds")) {
        let mut paths: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if let Ok(t) = std::fs::read_to_string(&p) {
                texts.push(t);
            }
        }
    }
    let cases = include_str!("../tests/data/cases.tsv");
    for line in cases.lines().filter(|l| !l.starts_with('#')) {
        if let Some((s, _)) = line.split_once('\t') {
            texts.push(s.to_string());
        }
    }
    let mut buf = Vec::new();
    if generate_jsonl(&CorpusConfig::new(2 << 20, 7), &mut buf).is_ok() {
        for line in String::from_utf8_lossy(&buf).lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line)
                && let Some(t) = v.get("text").and_then(|t| t.as_str())
            {
                texts.push(t.to_string());
            }
        }
    }
    let out = std::io::stdout();
    let mut out = out.lock();
    for (i, text) in texts.iter().enumerate() {
        let n = norm.normalize(text);
        for f in parser.parse_with_source(text, &n) {
            let _ = writeln!(
                out,
                "{i}\t{}\t{}\t{:?}\t{:?}\t{:?}\t{}\t{:?}\t{}",
                f.start,
                f.end,
                &text[f.start..f.end],
                f.low,
                f.high,
                f.approx.as_str(),
                f.unit,
                f.kind.as_str()
            );
        }
    }
}
