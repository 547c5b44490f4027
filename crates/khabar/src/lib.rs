//! The whole khabar pipeline behind one type.
//!
//! Arabic news arrives as bytes in any of several encodings, with mojibake,
//! invisible controls, diacritics and a dozen spellings of each name. This
//! crate runs every stage in order on each document:
//!
//! 1. **decode** ([`khabar_decode`]): bytes → repaired UTF-8 and a list of
//!    repairs;
//! 2. **normalize** ([`khabar_normalize`], `search` profile): one normalized
//!    copy with an offset map back to the decoded text;
//! 3. **entities** ([`khabar_gazetteer`]): gazetteer matches over the
//!    normalized text, reported on the decoded text;
//! 4. **figures** ([`khabar_figures`]): numbers, ranges, qualifiers and units;
//! 5. **plugins** ([`khabar_plugin_host`]): third-party extractors, in
//!    batches.
//!
//! Every span in a [`Document`] is a byte range of [`Document::text`]. The
//! [`record`] module turns a document into the JSON Lines record of schema
//! v1 (see the README), with byte or char offsets.
//!
//! # When to use what
//!
//! | you have | call |
//! |---|---|
//! | one text | [`Pipeline::process`] |
//! | a batch in memory, one thread | [`Pipeline::process_batch`], [`Pipeline::process_batch_owned`] |
//! | a corpus: files, directories, JSON Lines, stdin, an iterator | [`Pipeline::stream`] over a [`source::Source`]: parallel, in input order, bounded memory ([`stream`]) |
//! | a document and its result, to write | [`Pipeline::write_record`], [`record::write_record`] |
//!
//! # Example: one document
//!
//! ```
//! use khabar::Pipeline;
//!
//! let pipeline = Pipeline::builder().build()?;
//! let doc = pipeline.process("وصل لافروف إلى بيونغ يانغ".as_bytes())?;
//! assert_eq!(doc.encoding, "utf-8");
//! let ids: Vec<&str> = doc.entities.iter().map(|e| e.id).collect();
//! assert_eq!(ids, ["sergey-lavrov", "pyongyang"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Example: a corpus of any size
//!
//! Records come out in input order, byte-identical for any thread count,
//! while memory stays bounded by the chunks in flight (see [`stream`]):
//!
//! ```no_run
//! use std::{fs::File, io::BufWriter};
//! use khabar::{Pipeline, source::Source};
//!
//! let pipeline = Pipeline::builder().build()?;
//! let source = Source::path("news-5GB.jsonl")?;
//! let out = BufWriter::with_capacity(64 << 10, File::create("facts.jsonl")?);
//! let summary = pipeline.stream(source).write_json(out)?;
//! eprintln!("{} documents, {} errors", summary.documents, summary.errors);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The same run with a [`Record`](stream::Record) per document, its
//! [`Document`] or error in hand:
//!
//! ```
//! use khabar::{Pipeline, source::Source};
//!
//! let pipeline = Pipeline::builder().build()?;
//! let mut places = 0;
//! pipeline.stream(Source::path("../../seeds")?).threads(2).for_each(|record| {
//!     if let Some(doc) = record.document() {
//!         places += doc.entities.iter().filter(|e| e.kind == "LOC").count();
//!     }
//! })?;
//! assert!(places > 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod error;
pub mod record;
pub mod source;
pub mod stream;

pub use error::{BuildError, BuildErrorKind, ProcessError, ProcessErrorKind};

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

pub use khabar_decode as decode;
pub use khabar_figures as figures;
pub use khabar_gazetteer as gazetteer;
pub use khabar_normalize as normalize;
pub use khabar_plugin_host as plugin_host;

use khabar_decode::{Decoder, Repair};
use khabar_figures::{Figure, FigureParser};
use khabar_gazetteer::Gazetteer;
use khabar_normalize::{NormalizedText, Normalizer, Profile};
use khabar_plugin_host::{
    Annotation, DocView, EntityView, FigureView, PluginError, PluginSet, PluginSpec,
};

/// An entity found in a document: a gazetteer [`Match`](khabar_gazetteer::Match)
/// (span in the decoded text including an attached proclitic, id, type,
/// canonical name, stripped prefix).
pub type Entity<'p> = khabar_gazetteer::Match<'p>;

/// Everything the pipeline found in one document.
#[derive(Clone, Debug)]
pub struct Document<'p> {
    /// The decoded and repaired text; every span indexes it.
    pub text: String,
    /// The encoding the input was decoded from.
    pub encoding: &'static str,
    /// What the decoder changed.
    pub repairs: Vec<Repair>,
    /// Gazetteer matches, in text order.
    pub entities: Vec<Entity<'p>>,
    /// Figures, in text order.
    pub figures: Vec<Figure>,
    /// Plugin annotations, plugin by plugin.
    pub annotations: Vec<Annotation>,
    /// Plugins that failed on this document (the rest of it is still valid).
    pub plugin_errors: Vec<PluginError>,
}

/// Configures a [`Pipeline`].
#[derive(Clone, Debug)]
pub struct PipelineBuilder {
    builtin_gazetteer: bool,
    variants: bool,
    gazetteer_files: Vec<PathBuf>,
    plugins: Vec<PluginSpec>,
}

impl Default for PipelineBuilder {
    fn default() -> PipelineBuilder {
        PipelineBuilder {
            builtin_gazetteer: true,
            variants: true,
            gazetteer_files: Vec::new(),
            plugins: Vec::new(),
        }
    }
}

impl PipelineBuilder {
    /// Whether to include the built-in news gazetteer (default: yes).
    pub fn builtin_gazetteer(&mut self, yes: bool) -> &mut PipelineBuilder {
        self.builtin_gazetteer = yes;
        self
    }

    /// Whether the gazetteer generates spelling variants (default: yes).
    pub fn variants(&mut self, yes: bool) -> &mut PipelineBuilder {
        self.variants = yes;
        self
    }

    /// Adds a user gazetteer file (TSV, see the gazetteer crate).
    pub fn gazetteer_file(&mut self, path: impl AsRef<Path>) -> &mut PipelineBuilder {
        self.gazetteer_files.push(path.as_ref().to_path_buf());
        self
    }

    /// Adds an extractor plugin.
    pub fn plugin(&mut self, spec: PluginSpec) -> &mut PipelineBuilder {
        self.plugins.push(spec);
        self
    }

    /// Loads the gazetteers and plugins and builds the pipeline.
    pub fn build(&self) -> Result<Pipeline, BuildError> {
        let mut gb = if self.builtin_gazetteer {
            khabar_gazetteer::builtin()
        } else {
            khabar_gazetteer::GazetteerBuilder::new()
        };
        gb.variants(self.variants).profile(Profile::Search);
        for path in &self.gazetteer_files {
            gb.add_tsv_file(path)?;
        }
        let gazetteer = gb.build()?;
        let plugins = if self.plugins.is_empty() {
            None
        } else {
            Some(PluginSet::load(&self.plugins)?)
        };
        let entry_json = record::EntryJson::new(gazetteer.entries());
        Ok(Pipeline {
            decoder: Decoder::default(),
            normalizer: Normalizer::new(Profile::Search),
            gazetteer,
            entry_json,
            figures: FigureParser::new(),
            plugins,
        })
    }
}

/// The configured pipeline: immutable, `Send + Sync`, shared by all threads.
pub struct Pipeline {
    decoder: Decoder,
    normalizer: Normalizer,
    gazetteer: Gazetteer,
    /// Each gazetteer entry's fixed record fields, written once.
    entry_json: record::EntryJson,
    figures: FigureParser,
    plugins: Option<PluginSet>,
}

impl Pipeline {
    /// A builder with the defaults: built-in gazetteer, variants on, no
    /// plugins.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The loaded plugins, if any.
    pub fn plugins(&self) -> Option<&PluginSet> {
        self.plugins.as_ref()
    }

    /// [`record::write_record`], faster for this pipeline's documents: the
    /// fixed fields of each entity (id, type, name) are copied from JSON
    /// written once per gazetteer entry instead of escaped per mention.
    /// Byte-identical output for any document.
    ///
    /// ```
    /// use khabar::{Pipeline, record::{DocMeta, RecordOptions, write_record}};
    ///
    /// let pipeline = Pipeline::builder().build()?;
    /// let result = pipeline.process("زار لافروف موسكو".as_bytes());
    /// let meta = DocMeta { id: "doc1", source: "inline", meta: None };
    /// let (mut fast, mut plain) = (Vec::new(), Vec::new());
    /// pipeline.write_record(&mut fast, &meta, &result, &RecordOptions::default());
    /// write_record(&mut plain, &meta, &result, &RecordOptions::default());
    /// assert_eq!(fast, plain);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_record(
        &self,
        out: &mut Vec<u8>,
        meta: &record::DocMeta<'_>,
        result: &Result<Document<'_>, ProcessError>,
        opts: &record::RecordOptions,
    ) {
        record::write_record_with(out, meta, result, opts, Some(&self.entry_json));
    }

    /// Processes one document.
    pub fn process(&self, bytes: &[u8]) -> Result<Document<'_>, ProcessError> {
        let mut out = self.process_batch(&[bytes]);
        out.pop()
            .unwrap_or_else(|| Err(ProcessError::new(ProcessErrorKind::Internal, "no result")))
    }

    /// Processes a batch of documents; plugins see the whole batch in one
    /// call. One result per input, in input order.
    pub fn process_batch(&self, inputs: &[&[u8]]) -> Vec<Result<Document<'_>, ProcessError>> {
        let inputs: Vec<Src<'_>> = inputs.iter().map(|b| Src::Borrowed(b)).collect();
        self.batch(inputs)
    }

    /// Like [`Pipeline::process_batch`], but takes the documents by value:
    /// clean UTF-8 becomes the document's text without a copy, and a
    /// `String` is not checked again for being UTF-8.
    ///
    /// ```
    /// use khabar::{Owned, Pipeline};
    ///
    /// let pipeline = Pipeline::builder().build()?;
    /// let docs = pipeline.process_batch_owned(vec![
    ///     Owned::from("زار لافروف موسكو".to_string()),
    ///     Owned::from("زار لافروف موسكو".as_bytes().to_vec()),
    /// ]);
    /// assert_eq!(docs[0].as_ref().map(|d| d.entities.len()).ok(), Some(2));
    /// assert_eq!(docs[1].as_ref().map(|d| d.entities.len()).ok(), Some(2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn process_batch_owned(
        &self,
        inputs: Vec<Owned>,
    ) -> Vec<Result<Document<'_>, ProcessError>> {
        self.batch(inputs.into_iter().map(Src::from).collect())
    }

    fn batch(&self, inputs: Vec<Src<'_>>) -> Vec<Result<Document<'_>, ProcessError>> {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.batch_with(inputs, &mut scratch),
            // Re-entered on this thread (a nested call): fresh buffers.
            Err(_) => self.batch_with(inputs, &mut Scratch::default()),
        })
    }

    fn batch_with<'p>(
        &'p self,
        inputs: Vec<Src<'_>>,
        s: &mut Scratch,
    ) -> Vec<Result<Document<'p>, ProcessError>> {
        let want = if self.plugins.is_some() {
            inputs.len()
        } else {
            1
        };
        if s.normalized.len() < want {
            s.normalized.resize_with(want, NormalizedText::default);
        }
        let docs = match &self.plugins {
            None => {
                let n = &mut s.normalized[0];
                let gaz = &mut s.gazetteer;
                inputs
                    .into_iter()
                    .map(|b| self.guarded(b, n, gaz))
                    .collect()
            }
            Some(plugins) => self.run_plugins(plugins, inputs, s),
        };
        s.release_large();
        docs
    }

    fn run_plugins<'p>(
        &'p self,
        plugins: &PluginSet,
        inputs: Vec<Src<'_>>,
        s: &mut Scratch,
    ) -> Vec<Result<Document<'p>, ProcessError>> {
        let mut docs: Vec<Result<Document<'p>, ProcessError>> = inputs
            .into_iter()
            .zip(s.normalized.iter_mut())
            .map(|(b, n)| self.guarded(b, n, &mut s.gazetteer))
            .collect();
        if s.maps.len() < docs.len() {
            s.maps.resize_with(docs.len(), Vec::new);
        }
        for ((doc, n), map) in docs.iter().zip(&s.normalized).zip(&mut s.maps) {
            if doc.is_ok() {
                n.offset_map_into(map);
            }
        }
        s.arena.reset();
        let arena = &s.arena;
        let mut views: Vec<DocView<'_>> = Vec::with_capacity(docs.len());
        let mut owners: Vec<usize> = Vec::with_capacity(docs.len());
        for (i, ((doc, n), map)) in docs.iter().zip(&s.normalized).zip(&s.maps).enumerate() {
            let Ok(doc) = doc else { continue };
            views.push(doc_view(arena, doc, n, map));
            owners.push(i);
        }
        let outputs = plugins.process_batch(&views);
        drop(views);
        for (owner, output) in owners.into_iter().zip(outputs) {
            if let Some(Ok(doc)) = docs.get_mut(owner) {
                doc.annotations = output.annotations;
                doc.plugin_errors = output.errors;
            }
        }
        docs
    }

    /// Runs the built-in stages, turning a panic (a bug) into an error for
    /// this document alone so that the rest of the corpus goes on.
    fn guarded(
        &self,
        bytes: Src<'_>,
        normalized: &mut NormalizedText,
        gazetteer: &mut khabar_gazetteer::Scratch,
    ) -> Result<Document<'_>, ProcessError> {
        catch_unwind(AssertUnwindSafe(|| {
            self.stages(bytes, normalized, gazetteer)
        }))
        .unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(ProcessError::new(
                ProcessErrorKind::Internal,
                format!("internal error (please report): {what}"),
            ))
        })
    }

    fn stages(
        &self,
        bytes: Src<'_>,
        normalized: &mut NormalizedText,
        gazetteer: &mut khabar_gazetteer::Scratch,
    ) -> Result<Document<'_>, ProcessError> {
        let decoded = match bytes {
            Src::Borrowed(b) => self.decoder.decode(b),
            Src::Owned(Owned::Bytes(v)) => self.decoder.decode_vec(v),
            Src::Owned(Owned::Text(t)) => self.decoder.decode_string(t),
        }
        .map_err(ProcessError::from)?;
        self.normalizer.normalize_into(&decoded.text, normalized);
        // About one mention per 100-300 bytes of news text: one allocation
        // instead of a series of doublings (capped for huge documents).
        let mut entities = Vec::with_capacity((normalized.len() / 128).min(4096));
        self.gazetteer
            .find_into(normalized, gazetteer, &mut entities);
        let figures = self.figures.parse_with_source(&decoded.text, normalized);
        Ok(Document {
            text: decoded.text,
            encoding: decoded.encoding,
            repairs: decoded.repairs,
            entities,
            figures,
            annotations: Vec::new(),
            plugin_errors: Vec::new(),
        })
    }
}

/// A document handed to [`Pipeline::process_batch_owned`] by value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owned {
    /// Bytes in any encoding the decoder knows.
    Bytes(Vec<u8>),
    /// Text already known to be UTF-8 (a JSON string, say); it still goes
    /// through the decoder's repairs.
    Text(String),
}

impl From<Vec<u8>> for Owned {
    fn from(bytes: Vec<u8>) -> Owned {
        Owned::Bytes(bytes)
    }
}

impl From<String> for Owned {
    fn from(text: String) -> Owned {
        Owned::Text(text)
    }
}

/// A document's input inside the pipeline.
enum Src<'a> {
    Borrowed(&'a [u8]),
    Owned(Owned),
}

impl From<Owned> for Src<'_> {
    fn from(o: Owned) -> Self {
        Src::Owned(o)
    }
}

/// Per-worker buffers reused from batch to batch, so that the hot path
/// allocates nothing per document for normalization and plugin views.
#[derive(Default)]
struct Scratch {
    normalized: Vec<NormalizedText>,
    gazetteer: khabar_gazetteer::Scratch,
    maps: Vec<Vec<u32>>,
    arena: bumpalo::Bump,
}

impl Scratch {
    /// Drops buffers that one huge document grew, so that a worker does not
    /// keep its peak memory for the rest of the run.
    fn release_large(&mut self) {
        const KEEP: usize = 8 << 20;
        for n in &mut self.normalized {
            if n.len() > KEEP {
                *n = NormalizedText::default();
            }
        }
        for m in &mut self.maps {
            if m.capacity() > KEEP / 4 {
                *m = Vec::new();
            }
        }
        if self.arena.allocated_bytes() > KEEP {
            self.arena = bumpalo::Bump::new();
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Builds the plugins' view of a document in the batch's arena.
fn doc_view<'a>(
    arena: &'a bumpalo::Bump,
    doc: &'a Document<'_>,
    normalized: &'a NormalizedText,
    map: &'a [u32],
) -> DocView<'a> {
    let entities = arena.alloc_slice_fill_iter(doc.entities.iter().map(|e| EntityView {
        start: e.start,
        end: e.end,
        id: e.id,
        kind: e.kind,
        name: e.name,
    }));
    let figures = arena.alloc_slice_fill_iter(doc.figures.iter().map(|f| FigureView {
        start: f.start,
        end: f.end,
        low: f.low.unwrap_or(f64::NAN),
        high: f.high.unwrap_or(f64::NAN),
        approx: f.approx.as_str(),
        unit: f.unit.as_deref().unwrap_or(""),
        kind: f.kind.as_str(),
    }));
    DocView {
        text: &doc.text,
        normalized: normalized.as_str(),
        norm_to_orig: map,
        entities,
        figures,
    }
}

/// The READMEs' examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

/// This crate's README example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct CrateReadmeDoctests;
