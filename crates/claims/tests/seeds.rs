//! The seed articles against `tests/data/seeds-claims.json`.

use khabar::Pipeline;

use crate::gold::{Article, process, score};

pub fn seed_articles(pipeline: &Pipeline) -> Vec<Article> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("seeds/ exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    paths.sort();
    paths
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
    println!("{}", s.report);
    println!(
        "seeds: claim recall {:.3} ({}/{}), source {:.3}, subject {:.3}, pair-F1 {:.3} (tp {} fp {} fn {})",
        s.recall(),
        s.found,
        s.required,
        s.source(),
        s.subject(),
        s.pair_f1(),
        s.pair_tp,
        s.pair_fp,
        s.pair_fn
    );
    assert!(s.recall() >= 0.95, "claim recall {:.3}", s.recall());
    assert!(s.source() >= 0.85, "source accuracy {:.3}", s.source());
    assert!(s.pair_f1() >= 0.8, "pair-F1 {:.3}", s.pair_f1());
    assert!(
        s.disagreements_missing.is_empty(),
        "disagreements not flagged: {:?}",
        s.disagreements_missing
    );
}
