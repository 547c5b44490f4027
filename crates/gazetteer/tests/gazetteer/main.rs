//! Integration tests, built as one binary.
#![allow(clippy::unwrap_used)]

mod agency_text;
mod coverage;
mod era;
mod load;
mod matching;
mod orgs_world;
mod people_world;
mod places_context;
mod precision;
mod seeds;
mod user;

use std::sync::OnceLock;

use khabar_gazetteer::{Engine, Gazetteer, GazetteerBuilder};

/// The built-in gazetteer, built once for the whole test binary.
pub fn builtin_gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| khabar_gazetteer::builtin().build().unwrap())
}

/// The ids the built-in gazetteer finds in `text`, left to right.
pub fn builtin_ids(text: &str) -> Vec<&'static str> {
    builtin_gazetteer()
        .find_str(text)
        .iter()
        .map(|m| m.id)
        .collect()
}

/// Asserts that the built-in gazetteer finds each `(text, id)`'s id in its text.
pub fn assert_ids_found(cases: &[(&str, &str)]) {
    for &(text, id) in cases {
        assert!(
            builtin_ids(text).contains(&id),
            "{id} not found in {text}: {:?}",
            builtin_ids(text)
        );
    }
}

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
