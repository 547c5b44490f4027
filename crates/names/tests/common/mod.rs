//! What the integration tests share: the built-in gazetteer and word lists,
//! built once per test binary, run on one sentence.

use std::sync::OnceLock;

use khabar_names::{How, Names};
use khabar_normalize::{Normalizer, Profile};

/// One entity found in a sentence (each test binary reads the fields it
/// needs).
#[allow(dead_code)]
pub struct Found {
    /// `PER`, `ORG`, `LOC` …
    pub kind: String,
    /// The text it spans, as written.
    pub surface: String,
    /// How it was found.
    pub how: How,
    /// Its gazetteer id, if any.
    pub id: Option<String>,
    /// Its name (canonical, or as written without clitics).
    pub name: String,
    /// The stripped proclitics, if any.
    pub prefix: Option<String>,
}

/// Every entity found in `text` with the built-in gazetteer and word lists.
pub fn entities(text: &str) -> Vec<Found> {
    static BUILT: OnceLock<(khabar_gazetteer::Gazetteer, Names)> = OnceLock::new();
    let (gazetteer, names) = BUILT.get_or_init(|| {
        (
            khabar_gazetteer::builtin().build().expect("gazetteer"),
            Names::builder().build().expect("names"),
        )
    });
    let n = Normalizer::new(Profile::Search).normalize(text);
    let matches: Vec<_> = gazetteer.find_iter(&n).collect();
    names
        .apply(text, &n, &matches)
        .iter()
        .map(|e| Found {
            kind: e.kind.to_string(),
            surface: text[e.start..e.end].to_string(),
            how: e.how,
            id: e.id.map(str::to_string),
            name: e.name.to_string(),
            prefix: e.prefix.map(str::to_string),
        })
        .collect()
}
