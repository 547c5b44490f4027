//! Run a khabar plugin over fixture texts in a unit test.
//!
//! A plugin author wants to test the plugin as khabar will run it — through
//! the C ABI, the host's checks and its annotation validation — without
//! installing khabar or writing `unsafe`. This crate gives two ways:
//!
//! * [`Harness::in_process`] runs the plugin linked into the test binary (the
//!   plugin crate is a `cdylib` *and* an `rlib`; `export_plugin!` defines
//!   `KHABAR_PLUGIN`). Fast, and works with plain `cargo test`.
//! * [`build_plugins`] builds a plugin crate (or a workspace of them) into a
//!   separate target directory with cargo and returns the library paths, and
//!   [`Harness::load`] loads one exactly as `khabar extract --plugin` does.
//!
//! Documents are [`Fixture`]s: a text, normalized here with khabar's search
//! profile, plus whatever entities and figures the test wants the plugin to
//! see (the host's gazetteer and figure parser are not run).
//!
//! # Example
//!
//! ```
//! use khabar_plugin_sdk::{export_plugin, Doc, Error, Extractor, Output};
//! use khabar_plugin_test::{Fixture, Harness};
//!
//! struct People;
//! impl Extractor for People {
//!     fn new(_: &str) -> Result<Self, Error> { Ok(People) }
//!     fn extract(&mut self, doc: &Doc<'_>, out: &mut Output<'_>) -> Result<(), Error> {
//!         for e in doc.entities().filter(|e| e.kind == "PER") {
//!             out.add("PERSON", doc.span(e.start, e.end)?);
//!         }
//!         Ok(())
//!     }
//! }
//! export_plugin!(People, name = "people", version = "0.1.0");
//!
//! let harness = Harness::in_process("people", KHABAR_PLUGIN).unwrap();
//! let text = "قال لافروف إن";
//! let doc = Fixture::new(text).entity_text("لافروف", "sergey-lavrov", "PER", "سيرغي لافروف");
//! let out = harness.run_one(&doc);
//! assert!(out.errors.is_empty());
//! assert_eq!(out.annotations.len(), 1);
//! let a = &out.annotations[0];
//! assert_eq!(&text[a.start..a.end], "لافروف");
//! ```
#![deny(missing_docs)]

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use khabar_normalize::{Normalizer, Profile};
pub use khabar_plugin_host::{
    Annotation, DocOutput, DocView, EntityView, FigureView, LoadError, Options, PluginError,
    PluginSet, PluginSpec, Summary,
};

/// An owned entity of a [`Fixture`].
#[derive(Clone, Debug, PartialEq)]
pub struct FixtureEntity {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset.
    pub end: usize,
    /// Gazetteer id.
    pub id: String,
    /// Type (`PER`, `LOC`, `ORG`).
    pub kind: String,
    /// Canonical name.
    pub name: String,
}

/// An owned figure of a [`Fixture`].
#[derive(Clone, Debug, PartialEq)]
pub struct FixtureFigure {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset.
    pub end: usize,
    /// Lower bound (NaN for none).
    pub low: f64,
    /// Upper bound (NaN for none).
    pub high: f64,
    /// Qualifier.
    pub approx: String,
    /// Unit (empty for none).
    pub unit: String,
    /// Kind.
    pub kind: String,
}

/// A test document: text, its normalization, and chosen entities/figures.
#[derive(Clone, Debug)]
pub struct Fixture {
    text: String,
    normalized: String,
    map: Vec<u32>,
    entities: Vec<FixtureEntity>,
    figures: Vec<FixtureFigure>,
}

impl Fixture {
    /// A document with `text`, normalized with the search profile.
    pub fn new(text: impl Into<String>) -> Fixture {
        let text = text.into();
        let n = Normalizer::new(Profile::Search).normalize(&text);
        let map = (0..=n.len())
            .map(|i| u32::try_from(n.to_original(i)).unwrap_or(u32::MAX))
            .collect();
        Fixture {
            normalized: n.as_str().to_string(),
            text,
            map,
            entities: Vec::new(),
            figures: Vec::new(),
        }
    }

    /// Reads a fixture text from a file.
    pub fn from_file(path: impl AsRef<Path>) -> std::io::Result<Fixture> {
        std::fs::read_to_string(path).map(Fixture::new)
    }

    /// The original text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The normalized text.
    pub fn normalized(&self) -> &str {
        &self.normalized
    }

    /// Adds an entity at a byte span.
    pub fn entity(mut self, start: usize, end: usize, id: &str, kind: &str, name: &str) -> Fixture {
        self.entities.push(FixtureEntity {
            start,
            end,
            id: id.into(),
            kind: kind.into(),
            name: name.into(),
        });
        self.entities.sort_by_key(|e| (e.start, e.end));
        self
    }

    /// Adds an entity at every occurrence of `needle` in the text.
    pub fn entity_text(mut self, needle: &str, id: &str, kind: &str, name: &str) -> Fixture {
        let spans: Vec<_> = if needle.is_empty() {
            Vec::new()
        } else {
            self.text
                .match_indices(needle)
                .map(|(s, m)| (s, s + m.len()))
                .collect()
        };
        for (s, e) in spans {
            self = self.entity(s, e, id, kind, name);
        }
        self
    }

    /// Adds a figure.
    pub fn figure(mut self, figure: FixtureFigure) -> Fixture {
        self.figures.push(figure);
        self.figures.sort_by_key(|f| (f.start, f.end));
        self
    }

    /// The entities.
    pub fn entities(&self) -> &[FixtureEntity] {
        &self.entities
    }

    /// Calls `f` with the fixture as the host's document view.
    pub fn with_view<R>(&self, f: impl FnOnce(DocView<'_>) -> R) -> R {
        let entities: Vec<EntityView<'_>> = self.entities.iter().map(entity_view).collect();
        let figures: Vec<FigureView<'_>> = self.figures.iter().map(figure_view).collect();
        f(DocView {
            text: &self.text,
            normalized: &self.normalized,
            norm_to_orig: &self.map,
            entities: &entities,
            figures: &figures,
        })
    }
}

fn entity_view(e: &FixtureEntity) -> EntityView<'_> {
    EntityView {
        start: e.start,
        end: e.end,
        id: &e.id,
        kind: &e.kind,
        name: &e.name,
    }
}

fn figure_view(f: &FixtureFigure) -> FigureView<'_> {
    FigureView {
        start: f.start,
        end: f.end,
        low: f.low,
        high: f.high,
        approx: &f.approx,
        unit: &f.unit,
        kind: &f.kind,
    }
}

/// Runs one plugin (or several) over fixtures.
#[derive(Debug)]
pub struct Harness {
    set: PluginSet,
}

impl Harness {
    /// The plugin linked into this binary, through the host's checks.
    pub fn in_process(
        name: &str,
        entry: khabar_plugin_abi::EntryPoint,
    ) -> Result<Harness, LoadError> {
        Harness::in_process_with(name, entry, Options::default())
    }

    /// Like [`Harness::in_process`], with host options.
    pub fn in_process_with(
        name: &str,
        entry: khabar_plugin_abi::EntryPoint,
        options: Options,
    ) -> Result<Harness, LoadError> {
        PluginSet::from_entry_points(&[(name, entry)], options).map(|set| Harness { set })
    }

    /// Loads a built plugin library, as `khabar extract --plugin` does.
    pub fn load(path: impl AsRef<Path>) -> Result<Harness, LoadError> {
        Harness::load_with(path, Options::default())
    }

    /// Like [`Harness::load`], with host options.
    pub fn load_with(path: impl AsRef<Path>, options: Options) -> Result<Harness, LoadError> {
        PluginSet::load_with(&[PluginSpec::new(path.as_ref())], options).map(|set| Harness { set })
    }

    /// The underlying plugin set.
    pub fn set(&self) -> &PluginSet {
        &self.set
    }

    /// Runs the plugins over `docs` as one batch.
    pub fn run(&self, docs: &[Fixture]) -> Vec<DocOutput> {
        run_with(&self.set, docs)
    }

    /// Runs the plugins over one document.
    pub fn run_one(&self, doc: &Fixture) -> DocOutput {
        self.run(std::slice::from_ref(doc))
            .pop()
            .unwrap_or_default()
    }

    /// Runs the plugins over a plain text.
    pub fn run_text(&self, text: &str) -> DocOutput {
        self.run_one(&Fixture::new(text))
    }

    /// The host's counters.
    pub fn summary(&self) -> Summary {
        self.set.summary()
    }
}

/// Runs a plugin set the caller already has (several sets, or one shared
/// between threads) over `docs` as one batch, as [`Harness::run`] does.
pub fn run_with(set: &PluginSet, docs: &[Fixture]) -> Vec<DocOutput> {
    let entities: Vec<Vec<EntityView<'_>>> = docs
        .iter()
        .map(|d| d.entities.iter().map(entity_view).collect())
        .collect();
    let figures: Vec<Vec<FigureView<'_>>> = docs
        .iter()
        .map(|d| d.figures.iter().map(figure_view).collect())
        .collect();
    let views: Vec<DocView<'_>> = docs
        .iter()
        .zip(entities.iter().zip(&figures))
        .map(|(d, (e, f))| DocView {
            text: &d.text,
            normalized: &d.normalized,
            norm_to_orig: &d.map,
            entities: e,
            figures: f,
        })
        .collect();
    set.process_batch(&views)
}

/// The text of an annotation's span in `text` (empty if out of range).
pub fn span_text<'t>(text: &'t str, a: &Annotation) -> &'t str {
    text.get(a.start..a.end).unwrap_or("")
}

/// The `(span text, attrs)` of every annotation of `out`, a run over
/// `doc`; attrs are `null` where the plugin gave none.
pub fn spans<'t>(doc: &'t Fixture, out: &'t DocOutput) -> Vec<(&'t str, &'t serde_json::Value)> {
    static NULL: serde_json::Value = serde_json::Value::Null;
    out.annotations
        .iter()
        .map(|a| (span_text(doc.text(), a), a.attrs.as_ref().unwrap_or(&NULL)))
        .collect()
}

/// True when `got` holds every field of `want` with the same value
/// (objects key by key, recursively; any other value must be equal): a
/// test states the attributes it cares about and ignores the rest.
///
/// ```
/// use serde_json::json;
/// use khabar_plugin_test::attrs_include;
///
/// let got = json!({"kind": "direct", "speaker": {"id": "x", "name": "y"}});
/// assert!(attrs_include(&got, &json!({"speaker": {"id": "x"}})));
/// assert!(!attrs_include(&got, &json!({"kind": "reported"})));
/// ```
pub fn attrs_include(got: &serde_json::Value, want: &serde_json::Value) -> bool {
    match (want, got) {
        (serde_json::Value::Object(w), serde_json::Value::Object(g)) => w
            .iter()
            .all(|(k, v)| g.get(k).is_some_and(|gv| attrs_include(gv, v))),
        _ => want == got,
    }
}

/// Panics, naming `what`, unless each `(span, attrs)` of `want` is among
/// `got` (see [`spans`]): an annotation over exactly that text whose
/// attributes include `attrs` ([`attrs_include`]). Other annotations are
/// allowed.
#[track_caller]
pub fn assert_has(
    what: &str,
    got: &[(&str, &serde_json::Value)],
    want: &[(&str, serde_json::Value)],
) {
    for (span, attrs) in want {
        assert!(
            got.iter()
                .any(|(s, a)| s == span && attrs_include(a, attrs)),
            "{what}: {span} {attrs} not in {got:?}"
        );
    }
}

/// Why [`build_plugins`] failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Cargo could not be started.
    #[error("cannot run cargo: {0}")]
    Spawn(#[from] std::io::Error),
    /// Cargo failed; its standard error is included.
    #[error("cargo build failed ({status}):\n{stderr}")]
    Failed {
        /// Exit status.
        status: String,
        /// Cargo's standard error.
        stderr: String,
    },
}

/// Builds the `cdylib`s of a crate or workspace with cargo, in one
/// invocation, and returns each library's path by package name.
///
/// `target_dir` should be a directory of its own (for example
/// `concat!(env!("CARGO_TARGET_TMPDIR"), "/plugins")` in an integration
/// test), never the target directory of the running `cargo test`, which
/// cargo keeps locked. `extra` is appended to `cargo build` (e.g.
/// `["--workspace", "--exclude", "x"]`); `rustc_args`, when not empty, makes
/// it `cargo rustc … -- <rustc_args>` (e.g. `["-C", "panic=abort"]`, which
/// needs `-p <one package>` in `extra`).
pub fn build_plugins(
    manifest_path: &Path,
    target_dir: &Path,
    extra: &[&str],
    rustc_args: &[&str],
) -> Result<BTreeMap<String, PathBuf>, BuildError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| env!("CARGO").into());
    let mut cmd = Command::new(cargo);
    cmd.arg(if rustc_args.is_empty() {
        "build"
    } else {
        "rustc"
    })
    .arg("--manifest-path")
    .arg(manifest_path)
    .arg("--target-dir")
    .arg(target_dir)
    .arg("--message-format=json-render-diagnostics")
    .arg("--lib")
    .args(extra);
    if !rustc_args.is_empty() {
        cmd.arg("--crate-type")
            .arg("cdylib")
            .arg("--")
            .args(rustc_args);
    }
    // Variables cargo sets for the running test must not leak into the
    // nested build.
    for var in [
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET_DIR",
        "RUSTC_WORKSPACE_WRAPPER",
    ] {
        cmd.env_remove(var);
    }
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
    let mut stdout = String::new();
    let mut stderr = String::new();
    // Read stderr on a thread so that neither pipe can fill up and block.
    let err_pipe = child.stderr.take();
    let err_thread = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(mut p) = err_pipe {
            let _ = p.read_to_string(&mut s);
        }
        s
    });
    if let Some(mut p) = child.stdout.take() {
        p.read_to_string(&mut stdout)?;
    }
    let status = child.wait()?;
    if let Ok(s) = err_thread.join() {
        stderr = s;
    }
    if !status.success() {
        return Err(BuildError::Failed {
            status: status.to_string(),
            stderr,
        });
    }
    let mut libs = BTreeMap::new();
    for line in stdout.lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if msg["reason"] != "compiler-artifact" {
            continue;
        }
        let is_cdylib = msg["target"]["kind"]
            .as_array()
            .is_some_and(|k| k.iter().any(|k| k == "cdylib"));
        if !is_cdylib {
            continue;
        }
        let Some(name) = msg["target"]["name"].as_str() else {
            continue;
        };
        let lib = msg["filenames"].as_array().and_then(|f| {
            f.iter()
                .filter_map(|f| f.as_str())
                .find(|f| f.ends_with(std::env::consts::DLL_SUFFIX))
        });
        if let Some(lib) = lib {
            libs.insert(name.replace('_', "-"), PathBuf::from(lib));
        }
    }
    Ok(libs)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn fixture_map_points_back_to_original() {
        // Diacritics vanish from the normalized text; the map still points
        // every normalized byte at the original letter it came from.
        let f = Fixture::new("قَالَ أحمد");
        assert_eq!(f.normalized(), "قال احمد");
        assert_eq!(f.map.len(), f.normalized().len() + 1);
        for (i, c) in f.normalized().char_indices() {
            let o = f.map[i] as usize;
            let orig = f.text()[o..].chars().next().unwrap();
            let folded = Fixture::new(orig.to_string()).normalized().to_string();
            assert_eq!(folded, c.to_string(), "at {i}");
        }
        assert_eq!(*f.map.last().unwrap() as usize, f.text().len());
    }

    #[test]
    fn entity_text_finds_every_occurrence() {
        let f = Fixture::new("ب أ ب").entity_text("ب", "b", "PER", "ب");
        let spans: Vec<_> = f.entities().iter().map(|e| (e.start, e.end)).collect();
        assert_eq!(spans, vec![(0, 2), (6, 8)]);
    }
}
