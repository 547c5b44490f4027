//! Articles about another event (floods), written for these tests, against
//! `tests/data/floods-claims.json`: the acceptance bars for unseen text are
//! recall ≥ 0.85 and pair-F1 ≥ 0.7.

use khabar::Pipeline;

use crate::gold::{Article, process, score};

pub fn flood_articles(pipeline: &Pipeline) -> (Vec<Article>, serde_json::Value) {
    let gold: serde_json::Value =
        serde_json::from_str(include_str!("data/floods-claims.json")).expect("gold parses");
    let articles = gold["docs"]
        .as_array()
        .map(|docs| {
            docs.iter()
                .map(|d| {
                    let id = d["id"].as_str().unwrap_or("");
                    process(pipeline, id, d["text"].as_str().unwrap_or("").as_bytes())
                })
                .collect()
        })
        .unwrap_or_default();
    (articles, gold)
}

#[test]
fn floods_meet_the_unseen_bars() {
    let pipeline = Pipeline::builder().build().expect("pipeline builds");
    let (articles, gold) = flood_articles(&pipeline);
    assert_eq!(articles.len(), 4);
    let s = score(&articles, &gold);
    println!("{}", s.report);
    println!(
        "floods: claim recall {:.3} ({}/{}), source {:.3}, subject {:.3}, pair-F1 {:.3} (tp {} fp {} fn {})",
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
    assert!(s.recall() >= 0.85, "claim recall {:.3}", s.recall());
    assert!(s.source() >= 0.85, "source accuracy {:.3}", s.source());
    assert!(s.pair_f1() >= 0.7, "pair-F1 {:.3}", s.pair_f1());
    assert!(
        s.disagreements_missing.is_empty(),
        "disagreements not flagged: {:?}",
        s.disagreements_missing
    );
}
