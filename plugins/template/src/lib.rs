//! A copy-me khabar plugin: marks job titles (وزير، رئيس، المتحدث باسم …).
//!
//! Everything a plugin needs is here: a type implementing
//! [`Extractor`], a word list in a data file, matching on the normalized
//! text, spans mapped back to the original text, JSON attributes, the
//! `export_plugin!` line, and tests that run the plugin through the real
//! host checks (see `tests` below). Copy the directory, rename the package
//! in `Cargo.toml`, and change `extract`.
#![deny(missing_docs)]

use khabar_plugin_sdk::{Doc, Error, Extractor, Output, export_plugin, serde_json};

/// The word list, compiled into the library.
const TITLES: &str = include_str!("../data/titles.txt");

/// The plugin: one instance per worker thread (so `extract` gets `&mut
/// self` and could keep scratch buffers without locking).
pub struct Titles {
    titles: Vec<&'static str>,
}

impl Extractor for Titles {
    /// Called once per instance. `config` is the host's configuration
    /// string (empty by default); return an error to refuse to start.
    fn new(_config: &str) -> Result<Self, Error> {
        let mut titles: Vec<&'static str> = TITLES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        // Longest first, so "المتحدث باسم" wins over a shorter title.
        titles.sort_by_key(|t| std::cmp::Reverse(t.len()));
        Ok(Titles { titles })
    }

    /// Called for every document. Errors and panics cost only this
    /// document.
    fn extract(&mut self, doc: &Doc<'_>, out: &mut Output<'_>) -> Result<(), Error> {
        let text = doc.normalized();
        let mut pos = 0;
        while pos < text.len() {
            let rest = &text[pos..];
            let at_word_start = text[..pos]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric() || c == 'و');
            let found = self.titles.iter().find(|t| {
                rest.starts_with(**t)
                    && rest[t.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
            });
            match found {
                Some(title) if at_word_start => {
                    // Normalized offsets -> a checked span of the original.
                    let span = doc.span_from_normalized(pos, pos + title.len())?;
                    out.add_with_attrs("TITLE", span, &serde_json::json!({ "title": title }));
                    pos += title.len();
                }
                _ => pos += rest.chars().next().map_or(1, char::len_utf8),
            }
        }
        Ok(())
    }
}

// The one line that makes this library a khabar plugin. Name and version
// come from Cargo.toml; override with `name = "…", version = "…"`.
export_plugin!(Titles);

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use khabar_plugin_test::{Fixture, Harness, span_text};

    fn harness() -> Harness {
        Harness::in_process("template", crate::KHABAR_PLUGIN).unwrap()
    }

    #[test]
    fn marks_titles_with_their_original_spelling() {
        let text = "قال وزيرُ الخارجية والمتحدثة باسم الوزارة إن السفير وصل";
        let out = harness().run_text(text);
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let found: Vec<&str> = out.annotations.iter().map(|a| span_text(text, a)).collect();
        // The span covers the diacritic on وزيرُ: spans are in the original.
        assert_eq!(found, ["وزيرُ", "المتحدثة باسم"]);
        assert_eq!(
            out.annotations[1].attrs.as_ref().unwrap()["title"],
            "المتحدثه باسم"
        );
    }

    #[test]
    fn words_that_only_contain_a_title_are_not_marked() {
        for text in ["الوزيرات", "سفيرنا", "تدمير عام"] {
            let out = harness().run_text(text);
            assert!(out.annotations.is_empty(), "{text}: {:?}", out.annotations);
        }
    }

    #[test]
    fn runs_over_the_seeds_without_errors() {
        let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
        let mut docs = Vec::new();
        for entry in std::fs::read_dir(seeds).unwrap() {
            docs.push(Fixture::from_file(entry.unwrap().path()).unwrap());
        }
        let out = harness().run(&docs);
        assert_eq!(out.len(), docs.len());
        assert!(out.iter().all(|o| o.errors.is_empty()));
        let total: usize = out.iter().map(|o| o.annotations.len()).sum();
        assert!(total > 0, "the seeds mention ministers");
    }
}
