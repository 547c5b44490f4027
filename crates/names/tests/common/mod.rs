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

/// The (type, surface) of every entity found in `text`.
#[allow(dead_code)]
pub fn found(text: &str) -> Vec<(String, String)> {
    entities(text)
        .into_iter()
        .map(|e| (e.kind, e.surface))
        .collect()
}

/// Whether an entity of `kind` spans exactly `surface` in `text`.
#[allow(dead_code)]
pub fn has(text: &str, kind: &str, surface: &str) -> bool {
    found(text).iter().any(|(k, s)| k == kind && s == surface)
}

/// The (type, surface, how) of every entity found in `text`.
#[allow(dead_code)]
pub fn found_how(text: &str) -> Vec<(String, String, How)> {
    entities(text)
        .into_iter()
        .map(|e| (e.kind, e.surface, e.how))
        .collect()
}

/// The surfaces of the people found in `text`, however found.
#[allow(dead_code)]
pub fn people(text: &str) -> Vec<String> {
    found_how(text)
        .into_iter()
        .filter(|(k, _, _)| k == "PER")
        .map(|(_, s, _)| s)
        .collect()
}
