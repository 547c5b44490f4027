//! The seed articles against their gold figures (a copy of the project's
//! gold file lives in `tests/data/`).
#![allow(clippy::unwrap_used)]

use khabar_figures::{Approx, Figure, FigureParser};
use khabar_normalize::{Normalizer, Profile};
use serde_json::Value;

fn seeds_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds")
}

mod common;
use common::fold;

fn close(a: Option<f64>, b: &Value) -> bool {
    match (a, b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-6 * y.abs().max(1.0),
        (None, None) => true,
        _ => false,
    }
}

struct Doc {
    text: String,
    figures: Vec<Figure>,
}

fn load() -> (Vec<Value>, std::collections::HashMap<String, Doc>) {
    let gold: Vec<Value> = include_str!("data/seeds-figures.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let parser = FigureParser::new();
    let norm = Normalizer::new(Profile::Search);
    let mut docs = std::collections::HashMap::new();
    for g in &gold {
        let id = g["doc"].as_str().unwrap().to_string();
        docs.entry(id.clone()).or_insert_with(|| {
            let text = std::fs::read_to_string(seeds_dir().join(format!("{id}.txt"))).unwrap();
            let n = norm.normalize(&text);
            let figures = parser.parse_with_source(&text, &n);
            Doc { text, figures }
        });
    }
    (gold, docs)
}

fn span(doc: &Doc, g: &Value) -> (usize, usize) {
    let anchor = g
        .get("anchor")
        .and_then(Value::as_str)
        .unwrap_or_else(|| g["text"].as_str().unwrap());
    let inner = g["text"].as_str().unwrap();
    let i = doc
        .text
        .find(anchor)
        .unwrap_or_else(|| panic!("anchor {anchor:?} not in text"));
    let j = anchor.find(inner).unwrap();
    (i + j, i + j + inner.len())
}

fn overlaps(f: &Figure, s: (usize, usize)) -> bool {
    f.start < s.1 && s.0 < f.end
}

#[test]
fn every_gold_figure_is_found_with_value_approx_and_unit() {
    let (gold, docs) = load();
    let mut failures = Vec::new();
    let mut checked = 0;
    for g in gold.iter().filter(|g| g.get("forbidden").is_none()) {
        let doc = &docs[g["doc"].as_str().unwrap()];
        let sp = span(doc, g);
        let text = g["text"].as_str().unwrap();
        let cands: Vec<&Figure> = doc.figures.iter().filter(|f| overlaps(f, sp)).collect();
        checked += 1;
        if g.get("vague").and_then(Value::as_bool) == Some(true) {
            if !cands
                .iter()
                .any(|f| f.approx == Approx::Vague && f.high.is_none())
            {
                failures.push(format!("{text}: no vague figure ({cands:?})"));
            }
            continue;
        }
        let Some(f) = cands
            .iter()
            .find(|f| close(f.low, &g["low"]) && close(f.high, &g["high"]))
        else {
            failures.push(format!("{text}: no figure with the gold value ({cands:?})"));
            continue;
        };
        let approxes: Vec<&str> = g["approx"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        if !approxes.contains(&f.approx.as_str()) {
            failures.push(format!("{text}: approx {:?} not in {approxes:?}", f.approx));
        }
        if let Some(units) = g["units"].as_array() {
            let want: Vec<String> = units.iter().map(|u| fold(u.as_str().unwrap())).collect();
            let got = f.unit.as_deref().map(fold);
            if !got.as_ref().is_some_and(|u| want.contains(u)) {
                failures.push(format!("{text}: unit {:?} not in {want:?}", f.unit));
            }
        }
        if let Some(kind) = g.get("kind").and_then(Value::as_str)
            && f.kind.as_str() != kind
        {
            failures.push(format!("{text}: kind {:?}, gold {kind}", f.kind));
        }
    }
    assert!(checked >= 55, "gold file truncated? {checked}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn forbidden_token_yields_no_figure() {
    let (gold, docs) = load();
    let mut n = 0;
    for g in gold.iter().filter(|g| g.get("forbidden").is_some()) {
        let doc = &docs[g["doc"].as_str().unwrap()];
        let sp = span(doc, g);
        n += 1;
        let hits: Vec<&Figure> = doc.figures.iter().filter(|f| overlaps(f, sp)).collect();
        assert!(hits.is_empty(), "figure inside forbidden token: {hits:?}");
    }
    assert!(n >= 1);
}

#[test]
fn no_figure_outside_the_gold_on_the_seeds() {
    let (gold, docs) = load();
    let mut extra = Vec::new();
    for (id, doc) in &docs {
        let spans: Vec<(usize, usize)> = gold
            .iter()
            .filter(|g| g["doc"].as_str() == Some(id.as_str()) && g.get("forbidden").is_none())
            .map(|g| span(doc, g))
            .collect();
        for f in &doc.figures {
            if !spans.iter().any(|s| overlaps(f, *s)) {
                extra.push(format!("{id}: {:?}", &doc.text[f.start..f.end]));
            }
        }
    }
    assert!(extra.is_empty(), "figures not in the gold: {extra:#?}");
}

#[test]
fn fast_scan_equals_every_token_reference_on_the_seeds() {
    let parser = FigureParser::new();
    let norm = Normalizer::new(Profile::Search);
    for e in std::fs::read_dir(seeds_dir()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().and_then(|x| x.to_str()) != Some("txt") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        let n = norm.normalize(&text);
        assert_eq!(
            parser.parse_with_source(&text, &n),
            parser.parse_every_token(&text, &n),
            "{p:?}"
        );
    }
}
