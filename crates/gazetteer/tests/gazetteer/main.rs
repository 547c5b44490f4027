//! Integration tests, built as one binary.
#![allow(clippy::unwrap_used)]

mod load;
mod matching;
mod props;
mod seeds;

use khabar_gazetteer::{Gazetteer, GazetteerBuilder};

/// The small gazetteer of `tests/data/table*.tsv`.
pub fn table_gazetteer(variants: bool) -> Gazetteer {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut b = GazetteerBuilder::new();
    b.variants(variants);
    b.add_tsv_file(&dir.join("table.tsv")).unwrap();
    let short = std::fs::read(dir.join("table-short.tsv")).unwrap();
    b.add_short_forms_reader("table-short.tsv", &short[..])
        .unwrap();
    b.build().unwrap()
}
