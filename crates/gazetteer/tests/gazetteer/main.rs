//! Integration tests, built as one binary.
#![allow(clippy::unwrap_used)]

mod agency_text;
mod coverage;
mod load;
mod matching;
mod orgs_world;
mod people_world;
mod places_context;
mod precision;
mod seeds;
mod user;

use khabar_gazetteer::{Engine, Gazetteer, GazetteerBuilder};

/// Every engine: each must give the same matches (the property tests, and
/// the automata that walk every byte, are in the crate's unit tests:
/// `src/oracle_tests.rs`).
pub const ENGINES: [Engine; 2] = [Engine::Sorted, Engine::Trie];

/// The small gazetteer of `tests/data/table*.tsv`, on the default engine.
pub fn table_gazetteer(variants: bool) -> Gazetteer {
    table_gazetteer_on(variants, Engine::Auto)
}

/// The small gazetteer of `tests/data/table*.tsv`, on `engine`.
pub fn table_gazetteer_on(variants: bool, engine: Engine) -> Gazetteer {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut b = GazetteerBuilder::new();
    b.variants(variants).engine(engine);
    b.add_tsv_file(&dir.join("table.tsv")).unwrap();
    let short = std::fs::read(dir.join("table-short.tsv")).unwrap();
    b.add_short_forms_reader("table-short.tsv", &short[..])
        .unwrap();
    b.build().unwrap()
}
