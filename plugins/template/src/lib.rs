//! A copy-me khabar plugin: marks job titles (وزير، رئيس، المتحدث باسم …).
//!
//! Everything a plugin needs is here: a type implementing
//! [`Extractor`], a word list in a data file, matching on the normalized
//! text, spans mapped back to the original text, JSON attributes, the
//! `export_plugin!` line, a configuration read and validated in `new`, and
//! tests that run the plugin through the real host checks (see `tests`
//! below). Copy the directory, rename the package in `Cargo.toml`, and
//! change `extract`.
//!
//! Configuration (`khabar extract --plugin-config khabar-template='…'`): empty,
//! or a JSON object with any of
//!
//! * `"label"`: the annotation label (default `"TITLE"`; 1 to 64 of `A-Z`,
//!   `0-9` and `_`);
//! * `"titles"`: extra titles to mark, in normalized spelling
//!   (`["عمده", "قنصل"]`).
//!
//! Anything else is refused with a message that says what is accepted, and
//! khabar stops before reading any input.
#![deny(missing_docs)]

use khabar_plugin_sdk::serde_json::{self, Value};
use khabar_plugin_sdk::{Doc, Error, Extractor, Output, export_plugin};

/// The word list, compiled into the library.
const TITLES: &str = include_str!("../data/titles.txt");

/// The plugin: one instance per worker thread (so `extract` gets `&mut
/// self` and could keep scratch buffers without locking).
pub struct Titles {
    titles: Vec<String>,
    label: String,
}

/// What the configuration may hold, for error messages.
const CONFIG_HELP: &str = r#"expected empty, or a JSON object such as {"label": "JOB", "titles": ["عمده"]} ("label": 1 to 64 of A-Z, 0-9 and _; "titles": a list of non-empty strings)"#;

/// The plugin's settings, read from the configuration string.
#[derive(Debug, PartialEq)]
struct Config {
    label: String,
    extra: Vec<String>,
}

impl Config {
    /// Parses and checks `config`; every error says what is accepted.
    fn parse(config: &str) -> Result<Config, Error> {
        let mut c = Config {
            label: "TITLE".into(),
            extra: Vec::new(),
        };
        if config.trim().is_empty() {
            return Ok(c);
        }
        let bad =
            |what: String| Error::new(format!("invalid configuration: {what}; {CONFIG_HELP}"));
        let value: Value =
            serde_json::from_str(config).map_err(|e| bad(format!("not JSON ({e})")))?;
        let Value::Object(map) = value else {
            return Err(bad("not a JSON object".into()));
        };
        for (key, v) in map {
            match (key.as_str(), v) {
                ("label", Value::String(l))
                    if (1..=64).contains(&l.len())
                        && l.bytes()
                            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_') =>
                {
                    c.label = l;
                }
                ("label", v) => return Err(bad(format!("bad \"label\" {v}"))),
                ("titles", Value::Array(list)) => {
                    for t in list {
                        match t {
                            Value::String(t) if !t.trim().is_empty() => {
                                c.extra.push(t.trim().into())
                            }
                            other => return Err(bad(format!("bad title {other}"))),
                        }
                    }
                }
                ("titles", v) => return Err(bad(format!("\"titles\" is not a list: {v}"))),
                (other, _) => return Err(bad(format!("unknown key {other:?}"))),
            }
        }
        Ok(c)
    }
}

impl Extractor for Titles {
    /// Called once per instance. `config` is the string given with
    /// `--plugin-config NAME=STRING` (empty by default); return an error to
    /// refuse to start: khabar then exits with status 2 and your message.
    fn new(config: &str) -> Result<Self, Error> {
        let config = Config::parse(config)?;
        let mut titles: Vec<String> = TITLES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .chain(config.extra)
            .collect();
        // Longest first, so "المتحدث باسم" wins over a shorter title.
        titles.sort_by_key(|t| std::cmp::Reverse(t.len()));
        Ok(Titles {
            titles,
            label: config.label,
        })
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
                rest.starts_with(t.as_str())
                    && rest[t.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
            });
            match found {
                Some(title) if at_word_start => {
                    // Normalized offsets -> a checked span of the original.
                    let span = doc.span_from_normalized(pos, pos + title.len())?;
                    out.add_with_attrs(&self.label, span, &serde_json::json!({ "title": title }));
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
    use super::Config;
    use khabar_plugin_test::{Fixture, Harness, LoadErrorKind, span_text};

    fn harness() -> Harness {
        Harness::in_process("template", crate::KHABAR_PLUGIN).unwrap()
    }

    #[test]
    fn configuration_sets_the_label_and_adds_titles() {
        let h = Harness::in_process_config(
            "template",
            crate::KHABAR_PLUGIN,
            r#"{"label": "JOB", "titles": ["عمده"]}"#,
        )
        .unwrap();
        let doc = Fixture::new("التقى وزير الخارجية وعمدة المدينة");
        let out = h.run_one(&doc);
        let got: Vec<(&str, &str)> = out
            .annotations
            .iter()
            .map(|a| (a.label.as_str(), span_text(doc.text(), a)))
            .collect();
        assert_eq!(got, [("JOB", "وزير"), ("JOB", "عمدة")]);
    }

    #[test]
    fn a_bad_configuration_is_refused_with_what_is_accepted() {
        for bad in [
            "label=JOB",
            "[1]",
            r#"{"label": "job"}"#,
            r#"{"label": ""}"#,
            r#"{"titles": "عمده"}"#,
            r#"{"titles": [""]}"#,
            r#"{"colour": "red"}"#,
        ] {
            let err =
                Harness::in_process_config("template", crate::KHABAR_PLUGIN, bad).unwrap_err();
            assert!(
                matches!(err.kind(), LoadErrorKind::Create { .. }),
                "{bad}: {err}"
            );
            let msg = err.to_string();
            assert!(
                msg.contains("invalid configuration")
                    && msg.contains("expected empty, or a JSON object"),
                "{bad}: {msg}"
            );
        }
    }

    #[test]
    fn marks_titles_with_their_original_spelling() {
        let doc = Fixture::new("قال وزيرُ الخارجية والمتحدثة باسم الوزارة إن السفير وصل");
        let out = harness().run_one(&doc);
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let found: Vec<&str> = out
            .annotations
            .iter()
            .map(|a| span_text(doc.text(), a))
            .collect();
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

    /// The sample articles in `samples/` (this directory's own, so the
    /// test runs wherever the template is copied), through the real
    /// pipeline.
    #[test]
    fn runs_over_the_samples_without_errors() {
        let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
        let mut paths: Vec<_> = std::fs::read_dir(samples)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        let docs: Vec<Fixture> = paths
            .iter()
            .map(|p| Fixture::from_file(p).unwrap())
            .collect();
        let out = harness().run(&docs);
        assert_eq!(out.len(), docs.len());
        assert!(out.iter().all(|o| o.errors.is_empty()));
        let titles: Vec<&str> = out[1]
            .annotations
            .iter()
            .map(|a| span_text(docs[1].text(), a))
            .collect();
        assert_eq!(titles, ["سفير", "مدير عام", "المتحدث باسم"]);
    }

    #[test]
    fn config_parsing() {
        assert_eq!(
            Config::parse(" ").unwrap(),
            Config {
                label: "TITLE".into(),
                extra: vec![]
            }
        );
        assert_eq!(
            Config::parse(r#"{"titles": [" قنصل "]}"#).unwrap().extra,
            ["قنصل"]
        );
    }
}
