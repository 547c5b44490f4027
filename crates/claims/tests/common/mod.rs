//! What the test files share: articles through the pipeline, their claims
//! into a grouper, the seed files, and scoring against a gold file
//! ([`score`]) with the bars each gold file must meet ([`Bars`]).

mod scoring;

use std::path::PathBuf;

use khabar::Pipeline;
use khabar_claims::group::{Grouper, Member};
use khabar_claims::{CharOffsets, Claim, Doc, Entity, Figure, claims};

pub use scoring::{Scores, score};

/// A figure: (start, end, low, high, approx, unit, kind), byte offsets.
pub type Fig = (
    usize,
    usize,
    Option<f64>,
    Option<f64>,
    String,
    Option<String>,
    String,
);

/// One processed article: its id, text, claims (byte offsets), figures and
/// the char conversion.
pub struct Article {
    pub id: String,
    pub text: String,
    pub figures: Vec<Fig>,
    pub claims: Vec<Claim>,
    pub chars: CharOffsets,
}

/// The claims of a processed document, through khabar-claims' borrowed
/// view (what `PipelineBuilder::claims` does inside the facade).
pub fn doc_claims(doc: &khabar::Document<'_>) -> Vec<Claim> {
    let entities: Vec<Entity<'_>> = doc
        .entities
        .iter()
        .map(|e| Entity {
            start: e.start,
            end: e.end,
            id: e.id,
            kind: e.kind,
            name: &e.name,
        })
        .collect();
    let figures: Vec<Figure<'_>> = doc
        .figures
        .iter()
        .map(|f| Figure {
            start: f.start,
            end: f.end,
            low: f.low,
            high: f.high,
            approx: f.approx.as_str(),
            unit: f.unit.as_deref(),
            kind: f.kind.as_str(),
        })
        .collect();
    claims(&Doc {
        text: &doc.text,
        entities: &entities,
        figures: &figures,
    })
}

pub fn process(pipeline: &Pipeline, id: &str, bytes: &[u8]) -> Article {
    let doc = pipeline.process(bytes).expect("article processes");
    let found = doc_claims(&doc);
    Article {
        id: id.to_string(),
        chars: CharOffsets::new(&doc.text),
        text: doc.text.clone(),
        figures: doc
            .figures
            .iter()
            .map(|f| {
                (
                    f.start,
                    f.end,
                    f.low,
                    f.high,
                    f.approx.as_str().to_string(),
                    f.unit.clone(),
                    f.kind.as_str().to_string(),
                )
            })
            .collect(),
        claims: found,
    }
}

/// Adds every claim of `a` to `grouper`, as a member with its figure.
pub fn add_claims(grouper: &mut Grouper, a: &Article) {
    for c in &a.claims {
        let f = &a.figures[c.figure];
        let ents: Vec<&str> = c.entities.iter().map(String::as_str).collect();
        grouper.add(&Member {
            doc: &a.id,
            figure: c.figure,
            start: f.0,
            end: f.1,
            text: a.text.get(f.0..f.1).unwrap_or(""),
            low: f.2,
            high: f.3,
            approx: &f.4,
            kind: &f.6,
            subject: &c.subject,
            sentence: c.sentence.start,
            entities: &ents,
            events: c.events,
            source: c.source.as_ref().map(|x| {
                (
                    x.text.as_str(),
                    x.start,
                    x.end,
                    x.id.as_deref(),
                    x.cue.as_str(),
                )
            }),
        });
    }
}

/// The files of the repository's `seeds/` folder, in sorted order.
pub fn seed_paths() -> Vec<PathBuf> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("seeds/ exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    paths.sort();
    paths
}

/// The bars a set of articles must meet against its gold file.
pub struct Bars {
    pub recall: f64,
    pub source: f64,
    pub pair_f1: f64,
}

/// Prints the scoring report and the scores of the set `name`, then
/// checks them against `bars`; a gold group marked `disagree` must come out
/// flagged.
pub fn check_bars(name: &str, s: &Scores, bars: &Bars) {
    println!("{}", s.report);
    println!(
        "{name}: claim recall {:.3} ({}/{}), source {:.3}, subject {:.3}, pair-F1 {:.3} (tp {} fp {} fn {})",
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
    assert!(s.recall() >= bars.recall, "claim recall {:.3}", s.recall());
    assert!(
        s.source() >= bars.source,
        "source accuracy {:.3}",
        s.source()
    );
    assert!(s.pair_f1() >= bars.pair_f1, "pair-F1 {:.3}", s.pair_f1());
    assert!(
        s.disagreements_missing.is_empty(),
        "disagreements not flagged: {:?}",
        s.disagreements_missing
    );
}
