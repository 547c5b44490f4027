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
//! Documents are [`Fixture`]s. [`Fixture::new`] runs the **real khabar
//! pipeline** (decoder, normalizer, built-in gazetteer, figure parser and
//! sentence splitter) over a text, so the plugin sees exactly the entities,
//! figures and sentences `khabar extract` would give it, through the same
//! view the pipeline writes for plugins. [`Fixture::hand_made`] gives a
//! document with no entities or figures, to which a test adds its own with
//! [`Fixture::entity`], [`Fixture::entity_text`] and [`Fixture::figure`]
//! (those work on pipeline fixtures too, adding to what the pipeline found).
//!
//! # Example
//!
//! ```
//! use khabar_plugin_sdk::{export_plugin, Doc, Error, Extractor, Output};
//! use khabar_plugin_test::{Fixture, Harness, span_text};
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
//! // The built-in gazetteer finds Lavrov: no hand-made entity needed.
//! let doc = Fixture::new("قال لافروف إن المحادثات مستمرة");
//! let out = harness.run_one(&doc);
//! assert!(out.errors.is_empty());
//! assert_eq!(out.annotations.len(), 1);
//! assert_eq!(span_text(doc.text(), &out.annotations[0]), "لافروف");
//!
//! // A hand-made fixture sees only the entities the test gives it.
//! let doc = Fixture::hand_made("قال فلان إن").entity_text("فلان", "someone", "PER", "فلان");
//! assert_eq!(span_text(doc.text(), &harness.run_one(&doc).annotations[0]), "فلان");
//! ```
#![deny(missing_docs)]

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};

pub use khabar::figures::{Approx, Figure, Kind};
use khabar::record::DocMeta;
use khabar::{Document, Entity, Pipeline};
pub use khabar_plugin_host::{
    ABI_VERSION, Annotation, DocOutput, DocView, EntityView, FigureView, Link, LoadError,
    LoadErrorKind, Options, PluginError, PluginInfo, PluginSet, PluginSpec, Summary, abi_range,
};

/// The pipeline fixtures run: built-in gazetteer, no plugins. Built once
/// per test process.
pub fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        Pipeline::builder()
            .build()
            .expect("the built-in pipeline always builds")
    })
}

/// Hand-made entities borrow their strings for the rest of the test
/// process (a pipeline entity borrows its gazetteer the same way); each
/// distinct string is kept once.
fn intern(s: &str) -> &'static str {
    static STRINGS: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let mut set = STRINGS.lock().unwrap_or_else(|e| e.into_inner());
    let set = set.get_or_insert_with(HashSet::new);
    if let Some(&k) = set.get(s) {
        return k;
    }
    let k: &'static str = Box::leak(s.to_string().into_boxed_str());
    set.insert(k);
    k
}

/// A test document: a processed [`Document`] plus the id and meta fields a
/// plugin sees.
#[derive(Clone, Debug)]
pub struct Fixture {
    doc: Document<'static>,
    id: String,
    meta: Option<serde_json::Map<String, serde_json::Value>>,
}

impl Fixture {
    /// `text` through the real pipeline: decoded and repaired, with the
    /// entities and figures khabar finds in it. Spans index
    /// [`Fixture::text`] (the repaired text, equal to `text` unless it had
    /// something to repair).
    pub fn new(text: impl Into<String>) -> Fixture {
        let text = text.into();
        let doc = match pipeline()
            .process_batch_owned(vec![text.clone().into()])
            .pop()
        {
            Some(Ok(doc)) => doc,
            // Only bytes can fail to decode, never a `String`; keep the
            // text as it is if it ever happens.
            _ => bare(text),
        };
        Fixture::from_document(doc)
    }

    /// `text` with no entities or figures: add the ones the test needs.
    pub fn hand_made(text: impl Into<String>) -> Fixture {
        Fixture::from_document(bare(text.into()))
    }

    /// A fixture from a document the caller processed (with a pipeline of
    /// its own, say one with a user gazetteer), as `'static`.
    pub fn from_document(doc: Document<'static>) -> Fixture {
        Fixture {
            doc,
            id: String::new(),
            meta: None,
        }
    }

    /// Reads a fixture text from a file and runs the pipeline over it
    /// ([`Fixture::new`]); the id is the file stem.
    pub fn from_file(path: impl AsRef<Path>) -> std::io::Result<Fixture> {
        let path = path.as_ref();
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        std::fs::read_to_string(path).map(|t| Fixture::new(t).id(id))
    }

    /// Sets the document id the plugin sees ([`Doc::id`] in the SDK).
    ///
    /// [`Doc::id`]: https://docs.rs/khabar-plugin-sdk
    pub fn id(mut self, id: impl Into<String>) -> Fixture {
        self.id = id.into();
        self
    }

    /// Sets the document's meta fields (a JSON object; anything else is
    /// ignored).
    pub fn meta(mut self, meta: serde_json::Value) -> Fixture {
        self.meta = match meta {
            serde_json::Value::Object(m) => Some(m),
            _ => None,
        };
        self
    }

    /// The original text (decoded and repaired); spans index it.
    pub fn text(&self) -> &str {
        &self.doc.text
    }

    /// The normalized text plugins see ([`Doc::normalized`] in the SDK),
    /// computed by the pipeline's normalizer.
    ///
    /// [`Doc::normalized`]: https://docs.rs/khabar-plugin-sdk
    pub fn normalized(&self) -> String {
        pipeline().normalize(&self.doc.text).as_str().to_string()
    }

    /// The normalized→original offset map plugins see.
    pub fn norm_to_orig(&self) -> Vec<u32> {
        let mut map = Vec::new();
        pipeline()
            .normalize(&self.doc.text)
            .offset_map_into(&mut map);
        map
    }

    /// The processed document.
    pub fn document(&self) -> &Document<'static> {
        &self.doc
    }

    /// Adds an entity at a byte span (found by the gazetteer: `how` is
    /// `gazetteer`, no prefix).
    pub fn entity(mut self, start: usize, end: usize, id: &str, kind: &str, name: &str) -> Fixture {
        self.doc.entities.push(Entity {
            start,
            end,
            id: Some(intern(id)),
            kind: intern(kind),
            name: intern(name).into(),
            prefix: None,
            how: khabar::How::Gazetteer,
        });
        self.doc.entities.sort_by_key(|e| (e.start, e.end));
        self
    }

    /// Adds an entity at every occurrence of `needle` in the text.
    pub fn entity_text(mut self, needle: &str, id: &str, kind: &str, name: &str) -> Fixture {
        let spans: Vec<_> = if needle.is_empty() {
            Vec::new()
        } else {
            self.doc
                .text
                .match_indices(needle)
                .map(|(s, m)| (s, s + m.len()))
                .collect()
        };
        for (s, e) in spans {
            self = self.entity(s, e, id, kind, name);
        }
        self
    }

    /// Removes every entity and figure (the pipeline's and hand-made ones).
    pub fn clear(mut self) -> Fixture {
        self.doc.entities.clear();
        self.doc.figures.clear();
        self
    }

    /// Adds a figure.
    pub fn figure(mut self, figure: Figure) -> Fixture {
        self.doc.figures.push(figure);
        self.doc.figures.sort_by_key(|f| (f.start, f.end));
        self
    }

    /// The entities.
    pub fn entities(&self) -> &[Entity<'static>] {
        &self.doc.entities
    }

    /// The figures.
    pub fn figures(&self) -> &[Figure] {
        &self.doc.figures
    }
}

/// A document of `text` with nothing found in it.
fn bare(text: String) -> Document<'static> {
    Document {
        text,
        encoding: "utf-8",
        repairs: Vec::new(),
        entities: Vec::new(),
        figures: Vec::new(),
        annotations: Vec::new(),
        plugin_errors: Vec::new(),
        claims: None,
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

    /// Like [`Harness::in_process`], with host options (limits, and
    /// configurations with [`Options::plugin_config`]).
    pub fn in_process_with(
        name: &str,
        entry: khabar_plugin_abi::EntryPoint,
        options: Options,
    ) -> Result<Harness, LoadError> {
        PluginSet::from_entry_points(&[(name, entry)], options).map(|set| Harness { set })
    }

    /// The plugin linked into this binary, started with the configuration
    /// string `config` (as `--plugin-config NAME=config` would give it).
    pub fn in_process_config(
        name: &str,
        entry: khabar_plugin_abi::EntryPoint,
        config: &str,
    ) -> Result<Harness, LoadError> {
        // The header's name is what `--plugin-config` matches.
        let info = khabar_plugin_host::plugin_info_entry(name, entry)?;
        let mut options = Options::default();
        options.plugin_config(info.name, config);
        Harness::in_process_with(name, entry, options)
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

    /// Runs the plugins over a plain text (through the pipeline).
    pub fn run_text(&self, text: &str) -> DocOutput {
        self.run_one(&Fixture::new(text))
    }

    /// The host's counters.
    pub fn summary(&self) -> Summary {
        self.set.summary()
    }
}

/// Runs a plugin set the caller already has (several sets, or one shared
/// between threads) over `docs` as one batch, as [`Harness::run`] does:
/// through the pipeline's own plugin stage ([`Pipeline::run_plugins`]).
pub fn run_with(set: &PluginSet, docs: &[Fixture]) -> Vec<DocOutput> {
    let mut documents: Vec<Document<'static>> = docs.iter().map(|d| d.doc.clone()).collect();
    let metas: Vec<DocMeta<'_>> = docs
        .iter()
        .map(|d| DocMeta {
            id: &d.id,
            source: "",
            meta: d.meta.as_ref(),
        })
        .collect();
    pipeline().run_plugins(set, &mut documents, &metas);
    documents
        .into_iter()
        .map(|d| DocOutput {
            annotations: d.annotations,
            errors: d.plugin_errors,
        })
        .collect()
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
///
/// Opaque, like every error of khabar: match on [`BuildError::kind`], read
/// the [`Display`](std::fmt::Display) message (cargo's standard error
/// included) for people.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct BuildError(#[from] Repr);

/// The reason behind a [`BuildError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BuildErrorKind {
    /// Cargo could not be started, or its output not read.
    Spawn,
    /// Cargo failed.
    Failed,
}

#[derive(Debug, thiserror::Error)]
enum Repr {
    #[error("cannot run cargo: {0}")]
    Spawn(#[from] std::io::Error),
    #[error("cargo build failed ({status}):\n{stderr}")]
    Failed { status: String, stderr: String },
}

impl BuildError {
    /// What kind of failure this is.
    pub fn kind(&self) -> BuildErrorKind {
        match self.0 {
            Repr::Spawn(_) => BuildErrorKind::Spawn,
            Repr::Failed { .. } => BuildErrorKind::Failed,
        }
    }
}

impl From<std::io::Error> for BuildError {
    fn from(e: std::io::Error) -> BuildError {
        BuildError(Repr::Spawn(e))
    }
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
        return Err(BuildError(Repr::Failed {
            status: status.to_string(),
            stderr,
        }));
    }
    Ok(cdylibs(&stdout))
}

/// The `cdylib`s of cargo's JSON messages (`--message-format=json`), by
/// package name.
fn cdylibs(messages: &str) -> BTreeMap<String, PathBuf> {
    let mut libs = BTreeMap::new();
    for line in messages.lines() {
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
    libs
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn cdylibs_are_read_from_cargo_messages() {
        let so = std::env::consts::DLL_SUFFIX;
        let messages = format!(
            "not json\n\
             {{\"reason\":\"compiler-artifact\",\"target\":{{\"name\":\"my_words\",\"kind\":[\"cdylib\"]}},\"filenames\":[\"/t/libmy_words{so}\"]}}\n\
             {{\"reason\":\"compiler-artifact\",\"target\":{{\"name\":\"dep\",\"kind\":[\"lib\"]}},\"filenames\":[\"/t/libdep.rlib\"]}}\n\
             {{\"reason\":\"build-finished\",\"success\":true}}\n"
        );
        let libs = cdylibs(&messages);
        assert_eq!(libs.len(), 1);
        assert_eq!(
            libs["my-words"],
            PathBuf::from(format!("/t/libmy_words{so}"))
        );
    }

    #[test]
    fn pipeline_fixtures_have_entities_and_figures() {
        let f = Fixture::new("وصل لافروف إلى بيونغ يانغ مع 25 ألف جندي");
        let ids: Vec<&str> = f.entities().iter().filter_map(|e| e.id).collect();
        assert_eq!(ids, ["sergey-lavrov", "pyongyang"]);
        assert_eq!(f.figures().len(), 1);
        assert_eq!(f.figures()[0].low, Some(25_000.0));
    }

    #[test]
    fn hand_made_fixtures_have_only_what_the_test_adds() {
        let f = Fixture::hand_made("وصل لافروف");
        assert!(f.entities().is_empty() && f.figures().is_empty());
        let f = f.entity_text("لافروف", "x", "PER", "س");
        assert_eq!(f.entities().len(), 1);
    }

    #[test]
    fn fixture_map_points_back_to_original() {
        let f = Fixture::hand_made("قَالَ أحمد");
        let (n, map) = (f.normalized(), f.norm_to_orig());
        assert_eq!(n, "قال احمد");
        assert_eq!(map.len(), n.len() + 1);
        assert_eq!(*map.last().unwrap() as usize, f.text().len());
    }

    #[test]
    fn entity_text_finds_every_occurrence() {
        let f = Fixture::hand_made("ب أ ب").entity_text("ب", "b", "PER", "ب");
        let spans: Vec<_> = f.entities().iter().map(|e| (e.start, e.end)).collect();
        assert_eq!(spans, vec![(0, 2), (6, 8)]);
    }
}
