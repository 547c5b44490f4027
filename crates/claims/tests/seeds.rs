//! The seed articles against `tests/data/seeds-claims.json`.

use khabar::Pipeline;

use crate::common::{Article, Bars, check_bars, process, score, seed_paths};

pub fn seed_articles(pipeline: &Pipeline) -> Vec<Article> {
    seed_paths()
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let id = p
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_string();
            let bytes = std::fs::read(p).expect("seed reads");
            process(pipeline, &id, &bytes)
        })
        .collect()
}

#[test]
fn seeds_meet_the_bars() {
    let pipeline = Pipeline::builder().build().expect("pipeline builds");
    let articles = seed_articles(&pipeline);
    assert_eq!(articles.len(), 5);
    let gold: serde_json::Value =
        serde_json::from_str(include_str!("data/seeds-claims.json")).expect("gold parses");
    let s = score(&articles, &gold);
    let bars = Bars {
        recall: 0.95,
        source: 0.85,
        pair_f1: 0.8,
    };
    check_bars("seeds", &s, &bars);
}
