//! Articles about another event (floods), written for these tests, against
//! `tests/data/floods-claims.json`: the acceptance bars for unseen text are
//! recall ≥ 0.85 and pair-F1 ≥ 0.7.

use khabar::Pipeline;

use crate::common::{Article, Bars, add_claims, check_bars, process, score};

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
    let bars = Bars {
        recall: 0.85,
        source: 0.85,
        pair_f1: 0.7,
    };
    check_bars("floods", &s, &bars);
}

/// Two short earthquake articles (written for these tests): deaths in both
/// countries from three sources disagree; Syria's own count is a part, not
/// another estimate of the whole; a topic headline (`زلزال تركيا: …`) is not
/// a source; wounded, evacuated, buildings and troops stay apart.
#[test]
fn quake_parts_and_wholes() {
    use khabar_claims::RunOptions;
    use khabar_claims::group::Grouper;

    let pipeline = Pipeline::builder().build().expect("pipeline builds");
    let articles: Vec<Article> = [
        ("quake-1", include_str!("data/quake/quake-1.txt")),
        ("quake-2", include_str!("data/quake/quake-2.txt")),
    ]
    .iter()
    .map(|(id, t)| process(&pipeline, id, t.as_bytes()))
    .collect();
    let headline = &articles[0].claims[0];
    assert_eq!(headline.subject, "قتيل");
    assert!(headline.source.is_none(), "{:?}", headline.source);
    let mut g = Grouper::new(RunOptions::default());
    for a in &articles {
        add_claims(&mut g, a);
    }
    let groups: Vec<_> = g.finish().groups().collect();
    let deaths = groups
        .iter()
        .find(|g| g.members.iter().any(|m| m.low == Some(3500.0)))
        .expect("a group of death tolls");
    let values: Vec<f64> = deaths.members.iter().filter_map(|m| m.low).collect();
    assert!(
        values.contains(&3400.0) && values.contains(&3500.0),
        "{values:?}"
    );
    assert!(
        !values.contains(&1200.0),
        "Syria's count is a part: {values:?}"
    );
    assert!(deaths.disagree);
    for g in &groups {
        let lows: Vec<f64> = g.members.iter().filter_map(|m| m.low).collect();
        assert!(
            !(lows.contains(&3400.0) && lows.contains(&8000.0)),
            "deaths and evacuations: {lows:?}"
        );
        assert!(
            !(lows.contains(&5600.0) && lows.contains(&3000.0)),
            "buildings and troops: {lows:?}"
        );
    }
}
