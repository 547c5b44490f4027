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
//! let ids: Vec<&str> = doc.entities.iter().filter_map(|e| e.id).collect();
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
mod offsets;
pub mod record;
pub mod source;
pub mod stream;

pub use error::{BuildError, BuildErrorKind, ProcessError, ProcessErrorKind};
pub use offsets::CharOffsets;

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

pub use khabar_claims as claims;
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
    Annotation, DocOutput, DocView, EntityView, FigureView, PluginError, PluginSet, PluginSpec,
};

/// An entity found in a document ([`khabar_names::Entity`]): a gazetteer
/// match, or a name found by its context (`how` = pattern, no id), or a
/// later short mention of one (`how` = coreference).
///
/// Formerly a gazetteer [`Match`](khabar_gazetteer::Match)
/// (span in the decoded text including an attached proclitic, id, type,
/// canonical name, stripped prefix).
pub type Entity<'p> = khabar_names::Entity<'p>;

pub use khabar_names as names;
pub use khabar_names::How;

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
    /// Claims (SPEC §11), when the pipeline was built with
    /// [`PipelineBuilder::claims`]; `None` otherwise.
    pub claims: Option<Vec<khabar_claims::Claim>>,
}

/// Configures a [`Pipeline`].
#[derive(Clone, Debug)]
pub struct PipelineBuilder {
    builtin_gazetteer: bool,
    names: bool,
    variants: bool,
    gazetteer_files: Vec<PathBuf>,
    plugins: Vec<PluginSpec>,
    claims: bool,
    plugin_options: khabar_plugin_host::Options,
}

impl Default for PipelineBuilder {
    fn default() -> PipelineBuilder {
        PipelineBuilder {
            builtin_gazetteer: true,
            names: true,
            variants: true,
            gazetteer_files: Vec::new(),
            plugins: Vec::new(),
            claims: false,
            plugin_options: khabar_plugin_host::Options::default(),
        }
    }
}

impl PipelineBuilder {
    /// Whether to include the built-in news gazetteer (default: yes).
    pub fn builtin_gazetteer(&mut self, yes: bool) -> &mut PipelineBuilder {
        self.builtin_gazetteer = yes;
        self
    }

    /// Whether to find names the gazetteer does not know by their context,
    /// link later short mentions and resolve ambiguous names
    /// ([`khabar_names`]; default: yes). Off, the entities are exactly the
    /// gazetteer's matches.
    pub fn names(&mut self, yes: bool) -> &mut PipelineBuilder {
        self.names = yes;
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

    /// Whether documents get their claims (SPEC §11, [`khabar_claims`]):
    /// `Document::claims` and the record's `claims` (default: no).
    pub fn claims(&mut self, yes: bool) -> &mut PipelineBuilder {
        self.claims = yes;
        self
    }

    /// Gives the plugin named `name` (as `khabar plugin info` prints it) the
    /// configuration string `config` when it starts (`--plugin-config
    /// NAME=STRING`). Building fails if no loaded plugin has that name.
    pub fn plugin_config(
        &mut self,
        name: impl Into<String>,
        config: impl Into<String>,
    ) -> &mut PipelineBuilder {
        self.plugin_options.plugin_config(name, config);
        self
    }

    /// Replaces the plugin host's options (limits, thresholds and
    /// configurations).
    pub fn plugin_options(&mut self, options: khabar_plugin_host::Options) -> &mut PipelineBuilder {
        self.plugin_options = options;
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
        // What the user files share with the built-in data (the user's
        // entries win): reported once per run by the CLI.
        let gazetteer_overlaps =
            (self.builtin_gazetteer && !self.gazetteer_files.is_empty()).then(|| gb.overlaps());
        let gazetteer = gb.build()?;
        let plugins = if self.plugins.is_empty() && self.plugin_options.configs.is_empty() {
            None
        } else {
            Some(PluginSet::load_with(
                &self.plugins,
                self.plugin_options.clone(),
            )?)
        };
        let entry_json = record::EntryJson::new(gazetteer.entries());
        let names = if self.names {
            Some(khabar_names::Names::builder().build()?)
        } else {
            None
        };
        Ok(Pipeline {
            names,
            decoder: Decoder::default(),
            normalizer: Normalizer::new(Profile::Search),
            gazetteer,
            gazetteer_overlaps,
            entry_json,
            figures: FigureParser::new(),
            plugins,
            claims: self.claims,
        })
    }
}

/// The configured pipeline: immutable, `Send + Sync`, shared by all threads.
pub struct Pipeline {
    decoder: Decoder,
    normalizer: Normalizer,
    gazetteer: Gazetteer,
    /// The name recognizer run after the gazetteer (None: turned off).
    names: Option<khabar_names::Names>,
    /// What the user gazetteer files share with the built-in one.
    gazetteer_overlaps: Option<khabar_gazetteer::Overlaps>,
    /// Each gazetteer entry's fixed record fields, written once.
    entry_json: record::EntryJson,
    figures: FigureParser,
    plugins: Option<PluginSet>,
    /// Whether documents get their claims.
    claims: bool,
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

    /// What the user gazetteer files share with the built-in gazetteer
    /// (names of other ids, ids with another type; the user's entries
    /// win), when both are loaded; [`Overlaps::warning`](khabar_gazetteer::Overlaps::warning)
    /// is the one-line warning for a run.
    pub fn gazetteer_overlaps(&self) -> Option<&khabar_gazetteer::Overlaps> {
        self.gazetteer_overlaps.as_ref()
    }

    /// `text` normalized as this pipeline normalizes documents for the
    /// gazetteer and plugins (the search profile), with its offset map.
    pub fn normalize(&self, text: &str) -> NormalizedText {
        self.normalizer.normalize(text)
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
        self.batch(inputs, &[])
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
        self.batch(inputs.into_iter().map(Src::from).collect(), &[])
    }

    /// [`Pipeline::process_batch_owned`], telling plugins each document's
    /// id and meta fields (`metas[i]` for `inputs[i]`; ABI 1.1 `Doc::id` and
    /// `meta_json`, `doc.id()`/`doc.meta()` in the SDK). `metas` shorter
    /// than `inputs` leaves the rest without.
    ///
    /// ```
    /// use khabar::{Owned, Pipeline, record::DocMeta};
    ///
    /// let pipeline = Pipeline::builder().build()?;
    /// let meta = DocMeta { id: "wire-1", source: "inline", meta: None };
    /// let docs = pipeline.process_batch_owned_with_meta(
    ///     vec![Owned::from("زار لافروف موسكو".to_string())],
    ///     &[meta],
    /// );
    /// assert_eq!(docs.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn process_batch_owned_with_meta(
        &self,
        inputs: Vec<Owned>,
        metas: &[record::DocMeta<'_>],
    ) -> Vec<Result<Document<'_>, ProcessError>> {
        self.batch(inputs.into_iter().map(Src::from).collect(), metas)
    }

    /// Like [`Pipeline::process_batch_owned_with_meta`], but the plugins'
    /// views of the batch (one per document that was processed, in input
    /// order, with each view's index in `inputs`) go to `run_plugins`
    /// instead of this pipeline's own plugins, and its outputs (one per
    /// view, in order) become the documents' annotations and plugin
    /// errors: for a caller that runs plugins its own way, one at a time or
    /// in another process (`khabar-plugin-worker`).
    ///
    /// ```
    /// use khabar::{Owned, Pipeline, plugin_host::DocOutput};
    ///
    /// let pipeline = Pipeline::builder().build()?;
    /// let docs = pipeline.process_batch_owned_with(
    ///     vec![Owned::from("زار لافروف موسكو".to_string())],
    ///     &[],
    ///     &mut |views, _index| views.iter().map(|_| DocOutput::default()).collect(),
    /// );
    /// assert_eq!(docs[0].as_ref().map(|d| d.entities.len()).ok(), Some(2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn process_batch_owned_with(
        &self,
        inputs: Vec<Owned>,
        metas: &[record::DocMeta<'_>],
        run_plugins: &mut RunPlugins<'_>,
    ) -> Vec<Result<Document<'_>, ProcessError>> {
        let inputs = inputs.into_iter().map(Src::from).collect();
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.batch_with(inputs, metas, &mut scratch, Some(run_plugins)),
            Err(_) => self.batch_with(inputs, metas, &mut Scratch::default(), Some(run_plugins)),
        })
    }

    fn batch(
        &self,
        inputs: Vec<Src<'_>>,
        metas: &[record::DocMeta<'_>],
    ) -> Vec<Result<Document<'_>, ProcessError>> {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.batch_with(inputs, metas, &mut scratch, None),
            // Re-entered on this thread (a nested call): fresh buffers.
            Err(_) => self.batch_with(inputs, metas, &mut Scratch::default(), None),
        })
    }

    fn batch_with<'p>(
        &'p self,
        inputs: Vec<Src<'_>>,
        metas: &[record::DocMeta<'_>],
        s: &mut Scratch,
        hook: Option<&mut RunPlugins<'_>>,
    ) -> Vec<Result<Document<'p>, ProcessError>> {
        // Each document of a group keeps its normalized text from one
        // stage to the next; with plugins, each of the batch (for their
        // views).
        let want = if self.plugins.is_some() || hook.is_some() {
            inputs.len()
        } else {
            inputs.len().min(GROUP_DOCS)
        };
        if s.normalized.len() < want {
            s.normalized.resize_with(want, NormalizedText::default);
        }
        let docs = match (&self.plugins, hook) {
            // A caller's own plugins (another process): their ABI versions
            // are not known here, so they get every 1.1 field.
            (_, Some(hook)) => self.batch_plugins(hook, ViewNeeds::ALL, inputs, metas, s),
            (Some(plugins), None) => self.batch_plugins(
                &mut |views, _| plugins.process_batch(views),
                ViewNeeds::of(plugins),
                inputs,
                metas,
                s,
            ),
            (None, None) => self.stage_major(inputs, s, Keep::Last),
        };
        s.release_large();
        docs
    }

    fn batch_plugins<'p>(
        &'p self,
        plugins: &mut RunPlugins<'_>,
        needs: ViewNeeds,
        inputs: Vec<Src<'_>>,
        metas: &[record::DocMeta<'_>],
        s: &mut Scratch,
    ) -> Vec<Result<Document<'p>, ProcessError>> {
        let mut docs = self.stage_major(inputs, s, Keep::All);
        let ok_mask: Vec<bool> = docs.iter().map(Result::is_ok).collect();
        let mut ok: Vec<&mut Document<'p>> =
            docs.iter_mut().filter_map(|d| d.as_mut().ok()).collect();
        // `s.normalized[i]` belongs to input `i`; keep those of the
        // documents that were processed, in order.
        let mut normalized = std::mem::take(&mut s.normalized);
        let mut kept: Vec<NormalizedText> = Vec::with_capacity(ok.len());
        let mut rest = Vec::new();
        for (doc, n) in ok_mask.iter().copied().zip(normalized.drain(..)) {
            if doc {
                kept.push(n);
            } else {
                rest.push(n);
            }
        }
        // The metas of the documents that were processed, in order.
        let ok_metas: Vec<record::DocMeta<'_>> = ok_mask
            .iter()
            .zip(metas)
            .filter(|(ok, _)| **ok)
            .map(|(_, m)| *m)
            .collect();
        // Each processed document's index in the batch.
        let owners: Vec<usize> = (0..ok_mask.len()).filter(|&i| ok_mask[i]).collect();
        attach(plugins, needs, &mut ok, &kept, &ok_metas, &owners, s);
        kept.extend(rest);
        s.normalized = kept;
        docs
    }

    /// Runs `plugins` over documents this pipeline has already processed,
    /// exactly as [`Pipeline::process_batch`] runs its own plugins (the same
    /// normalization, the same view written once per document), and stores
    /// their annotations and errors in the documents. `metas` gives each
    /// document's id and meta fields (ABI 1.1 `Doc::id`/`meta_json`); it
    /// may be shorter than `docs` (the rest get none). Used by
    /// `khabar-plugin-test`, and by callers that hold documents and a
    /// plugin set of their own.
    pub fn run_plugins(
        &self,
        plugins: &PluginSet,
        docs: &mut [Document<'_>],
        metas: &[record::DocMeta<'_>],
    ) {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.run_plugins_with(plugins, docs, metas, &mut scratch),
            Err(_) => self.run_plugins_with(plugins, docs, metas, &mut Scratch::default()),
        })
    }

    fn run_plugins_with(
        &self,
        plugins: &PluginSet,
        docs: &mut [Document<'_>],
        metas: &[record::DocMeta<'_>],
        s: &mut Scratch,
    ) {
        let mut normalized: Vec<NormalizedText> = std::mem::take(&mut s.normalized);
        if normalized.len() < docs.len() {
            normalized.resize_with(docs.len(), NormalizedText::default);
        }
        for (doc, n) in docs.iter().zip(&mut normalized) {
            self.normalizer.normalize_into(&doc.text, n);
        }
        let mut refs: Vec<&mut Document<'_>> = docs.iter_mut().collect();
        let owners: Vec<usize> = (0..refs.len()).collect();
        attach(
            &mut |views, _| plugins.process_batch(views),
            ViewNeeds::of(plugins),
            &mut refs,
            &normalized,
            metas,
            &owners,
            s,
        );
        s.normalized = normalized;
        s.release_large();
    }

    /// Runs the built-in stages over a batch, stage by stage: every
    /// document is decoded, normalized and matched against the gazetteer,
    /// then every document goes through the names stage, then figures and
    /// claims. Each stage's tables (the gazetteer's trie, the names
    /// lexicon, the figure words) stay in the CPU's caches for the whole
    /// batch instead of evicting one another at every document; the
    /// records are the same as document by document. A long batch goes
    /// through in groups of at most [`GROUP_DOCS`] documents or
    /// [`GROUP_BYTES`] bytes (a CLI chunk), whose normalized texts are held
    /// between the stages; with [`Keep::All`] `s.normalized[i]` holds input
    /// `i`'s normalized text afterwards (for plugin views), with
    /// [`Keep::Last`] the groups reuse the same buffers.
    ///
    /// A panic (a bug) in any stage becomes an error for that document
    /// alone, so that the rest of the batch and of the corpus goes on.
    fn stage_major<'p>(
        &'p self,
        inputs: Vec<Src<'_>>,
        s: &mut Scratch,
        keep: Keep,
    ) -> Vec<Result<Document<'p>, ProcessError>> {
        let Scratch {
            normalized,
            gazetteer,
            names,
            ..
        } = s;
        let mut out = Vec::with_capacity(inputs.len());
        let mut inputs = inputs.into_iter().peekable();
        let mut first = 0;
        while inputs.peek().is_some() {
            // A group as large as one of the CLI's chunks: its normalized
            // texts are all held between the stages.
            let mut group = Vec::new();
            let mut bytes = 0;
            while let Some(src) =
                inputs.next_if(|_| group.len() < GROUP_DOCS && bytes < GROUP_BYTES)
            {
                bytes += src.len();
                group.push(src);
            }
            let at = match keep {
                Keep::All => first,
                Keep::Last => 0,
            };
            first += group.len();
            let normalized = &mut normalized[at..at + group.len()];
            let mut work: Vec<Result<Staged<'p>, ProcessError>> = group
                .into_iter()
                .zip(normalized.iter_mut())
                .map(|(bytes, n)| guard(|| self.lookup_stage(bytes, n, gazetteer)))
                .collect();
            for (w, n) in work.iter_mut().zip(normalized.iter()) {
                if let Ok(doc) = w
                    && let Err(e) = guard(|| {
                        self.names_stage(doc, n, names);
                        Ok(())
                    })
                {
                    *w = Err(e);
                }
            }
            out.extend(
                work.into_iter()
                    .zip(normalized.iter())
                    .map(|(w, n)| w.and_then(|doc| guard(|| Ok(self.figures_stage(doc, n))))),
            );
        }
        out
    }

    /// Decoding, normalization and the gazetteer, for one document.
    fn lookup_stage(
        &self,
        bytes: Src<'_>,
        normalized: &mut NormalizedText,
        gazetteer: &mut khabar_gazetteer::Scratch,
    ) -> Result<Staged<'_>, ProcessError> {
        let decoded = match bytes {
            Src::Borrowed(b) => self.decoder.decode(b),
            Src::Owned(Owned::Bytes(v)) => self.decoder.decode_vec(v),
            Src::Owned(Owned::Text(t)) => self.decoder.decode_string(t),
        }
        .map_err(ProcessError::from)?;
        self.normalizer.normalize_into(&decoded.text, normalized);
        // About one mention per 100-300 bytes of news text: one allocation
        // instead of a series of doublings (capped for huge documents).
        let mut matches = Vec::with_capacity((normalized.len() / 128).min(4096));
        self.gazetteer
            .find_into_source(&decoded.text, normalized, gazetteer, &mut matches);
        // The matches' spans in the normalized text, for the names stage
        // (the scratch is the next document's).
        let spans = if self.names.is_some() {
            gazetteer.normalized_spans().to_vec()
        } else {
            Vec::new()
        };
        if normalized.len() > LARGE_DOC {
            // A huge document's transcoding buffers (six times its size)
            // are not kept through the stages that follow.
            *gazetteer = khabar_gazetteer::Scratch::default();
        }
        Ok(Staged {
            decoded,
            matches,
            spans,
            entities: Vec::new(),
        })
    }

    /// The names the gazetteer does not know (patterns, coreference,
    /// context disambiguation), for one document.
    fn names_stage<'p>(
        &'p self,
        doc: &mut Staged<'p>,
        normalized: &NormalizedText,
        names: &mut khabar_names::Scratch,
    ) {
        let matches = std::mem::take(&mut doc.matches);
        let mut entities = Vec::with_capacity(matches.len() + 16);
        match &self.names {
            Some(n) => n.apply_into_spans(
                &doc.decoded.text,
                normalized,
                &matches,
                &doc.spans,
                names,
                &mut entities,
            ),
            None => entities.extend(matches.iter().map(Entity::from_match)),
        }
        doc.spans = Vec::new();
        doc.entities = entities;
        if normalized.len() > LARGE_DOC {
            // Nor its tokens (seven times its size).
            *names = khabar_names::Scratch::default();
        }
    }

    /// Figures and claims, for one document: the finished document.
    fn figures_stage<'p>(&'p self, doc: Staged<'p>, normalized: &NormalizedText) -> Document<'p> {
        let Staged {
            decoded, entities, ..
        } = doc;
        let figures = self.figures.parse_with_source(&decoded.text, normalized);
        let claims = self
            .claims
            .then(|| claims_of(&decoded.text, &entities, &figures));
        Document {
            text: decoded.text,
            encoding: decoded.encoding,
            repairs: decoded.repairs,
            entities,
            figures,
            annotations: Vec::new(),
            plugin_errors: Vec::new(),
            claims,
        }
    }
}

/// Whether [`Pipeline::stage_major`] keeps every document's normalized
/// text (for the plugins' views) or reuses one group's buffers.
#[derive(Clone, Copy)]
enum Keep {
    All,
    Last,
}

/// A group of a batch: at most this many documents… (also the streaming
/// runner's default chunk, so that a chunk is one group)
pub(crate) const GROUP_DOCS: usize = 64;
/// …or about this many input bytes.
pub(crate) const GROUP_BYTES: usize = 1 << 20;

/// One document between the stages of a batch.
struct Staged<'p> {
    decoded: khabar_decode::Decoded,
    /// The gazetteer's matches (until the names stage).
    matches: Vec<khabar_gazetteer::Match<'p>>,
    /// Their spans in the normalized text (until the names stage).
    spans: Vec<std::ops::Range<usize>>,
    entities: Vec<Entity<'p>>,
}

/// Runs `f`, turning a panic (a bug) into an error for this document.
fn guard<T>(f: impl FnOnce() -> Result<T, ProcessError>) -> Result<T, ProcessError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
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

/// A document's claims, through khabar-claims' borrowed view.
fn claims_of(text: &str, entities: &[Entity<'_>], figures: &[Figure]) -> Vec<khabar_claims::Claim> {
    let entities: Vec<khabar_claims::Entity<'_>> = entities
        .iter()
        .map(|e| khabar_claims::Entity {
            start: e.start,
            end: e.end,
            id: e.id,
            kind: e.kind,
            name: &e.name,
        })
        .collect();
    let figures: Vec<khabar_claims::Figure<'_>> = figures
        .iter()
        .map(|f| khabar_claims::Figure {
            start: f.start,
            end: f.end,
            low: f.low,
            high: f.high,
            approx: f.approx.as_str(),
            unit: f.unit.as_deref(),
            kind: f.kind.as_str(),
        })
        .collect();
    khabar_claims::claims(&khabar_claims::Doc {
        text,
        entities: &entities,
        figures: &figures,
    })
}

/// A caller's way to run plugins over a batch's views, given each view's
/// index in the batch (see [`Pipeline::process_batch_owned_with`]): one
/// output per view, in order.
pub type RunPlugins<'f> = dyn FnMut(&[DocView<'_>], &[usize]) -> Vec<DocOutput> + 'f;

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

impl Src<'_> {
    /// The input's size in bytes.
    fn len(&self) -> usize {
        match self {
            Src::Borrowed(b) => b.len(),
            Src::Owned(Owned::Bytes(v)) => v.len(),
            Src::Owned(Owned::Text(t)) => t.len(),
        }
    }
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
    names: khabar_names::Scratch,
    maps: Vec<Vec<u32>>,
    /// Original→normalized maps, for plugins.
    backs: Vec<Vec<u32>>,
    /// Sentences of a batch, for plugins.
    sentences: Vec<khabar_plugin_host::abi::Range>,
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
        for m in self.maps.iter_mut().chain(&mut self.backs) {
            if m.capacity() > KEEP / 4 {
                *m = Vec::new();
            }
        }
        if self.arena.allocated_bytes() > KEEP {
            self.arena = bumpalo::Bump::new();
        }
    }
}

/// A document whose normalized text is longer than this (the default
/// chunk size: such a document is a chunk alone) gives its
/// per-stage buffers back as soon as each stage is done with them, rather
/// than keeping them for the next document (see the README's "Bounded
/// memory").
const LARGE_DOC: usize = 1 << 20;

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// What of the ABI 1.1 view a batch's plugins can read.
#[derive(Clone, Copy, Debug)]
struct ViewNeeds {
    /// Sentences and the other 1.1 fields (some plugin declares minor ≥ 1).
    v1_1: bool,
    /// The dense original→normalized map (some 1.1 plugin asks for it).
    back_map: bool,
}

impl ViewNeeds {
    /// Everything: for plugins whose versions are not known here.
    const ALL: ViewNeeds = ViewNeeds {
        v1_1: true,
        back_map: true,
    };

    /// What `plugins` can read.
    fn of(plugins: &PluginSet) -> ViewNeeds {
        let v1_1 = plugins.max_abi_minor() >= 1;
        ViewNeeds {
            v1_1,
            back_map: v1_1 && plugins.wants_orig_to_norm(),
        }
    }
}

/// Runs `plugins` over `docs` (`normalized[i]` is the normalization of
/// `docs[i]`, `metas[i]` its id and meta when given): writes each
/// document's view once into the scratch arena, runs the batch and stores
/// the outputs in the documents.
fn attach(
    plugins: &mut RunPlugins<'_>,
    needs: ViewNeeds,
    docs: &mut [&mut Document<'_>],
    normalized: &[NormalizedText],
    metas: &[record::DocMeta<'_>],
    owners: &[usize],
    s: &mut Scratch,
) {
    let n = docs.len();
    if s.maps.len() < n {
        s.maps.resize_with(n, Vec::new);
    }
    if s.backs.len() < n {
        s.backs.resize_with(n, Vec::new);
    }
    // Sentences exist for ABI 1.1 plugins (a set of 1.0 plugins cannot
    // read them); the dense original→normalized map only for plugins that
    // ask for it (the SDK searches `norm_to_orig` instead).
    let ViewNeeds { v1_1, back_map } = needs;
    for (((doc, norm), map), back) in docs
        .iter()
        .zip(normalized)
        .zip(&mut s.maps)
        .zip(&mut s.backs)
    {
        norm.offset_map_into(map);
        back.clear();
        if back_map {
            khabar_plugin_host::invert_offset_map(map, doc.text.len(), back);
        }
    }
    // Sentences by khabar's one splitter (shared with the claims), all
    // documents' in one reused buffer.
    s.sentences.clear();
    let mut bounds = Vec::with_capacity(n);
    for doc in docs.iter() {
        let first = s.sentences.len();
        if !v1_1 {
            bounds.push(first..first);
            continue;
        }
        s.sentences
            .extend(
                khabar_sentences::split(&doc.text).map(|r| khabar_plugin_host::abi::Range {
                    start: r.start,
                    end: r.end,
                }),
            );
        bounds.push(first..s.sentences.len());
    }
    s.arena.reset();
    let arena = &s.arena;
    let views: Vec<DocView<'_>> = docs
        .iter()
        .zip(normalized)
        .zip(s.maps.iter().zip(&s.backs))
        .zip(bounds)
        .enumerate()
        .map(|(i, (((doc, norm), (map, back)), sentences))| {
            let mut view = doc_view(arena, doc, norm, map, back, &s.sentences[sentences]);
            if let Some(meta) = metas.get(i) {
                view.id = arena.alloc_str(meta.id);
                if let Some(m) = meta.meta {
                    view.meta_json = arena.alloc_str(&serde_json::to_string(m).unwrap_or_default());
                }
            }
            view
        })
        .collect();
    let outputs = plugins(&views, owners);
    drop(views);
    for (doc, output) in docs.iter_mut().zip(outputs) {
        doc.annotations = output.annotations;
        doc.plugin_errors = output.errors;
    }
}

/// Builds the plugins' view of a document in the batch's arena: the ABI's
/// own entity, figure and sentence structs, written once and read in place
/// by the plugins (through the SDK). `back` receives the
/// original→normalized map.
fn doc_view<'a>(
    arena: &'a bumpalo::Bump,
    doc: &'a Document<'_>,
    normalized: &'a NormalizedText,
    map: &'a [u32],
    back: &'a [u32],
    sentences: &'a [khabar_plugin_host::abi::Range],
) -> DocView<'a> {
    let entities = arena.alloc_slice_fill_iter(doc.entities.iter().map(|e| {
        EntityView::new(
            e.start,
            e.end,
            // A name found by its context has no id: plugins see "".
            e.id.unwrap_or(""),
            e.kind,
            &e.name,
            e.prefix.unwrap_or(""),
            e.how.as_str(),
        )
    }));
    let figures = arena.alloc_slice_fill_iter(doc.figures.iter().map(|f| {
        FigureView::new(
            f.start,
            f.end,
            f.low,
            f.high,
            f.approx.as_str(),
            f.unit.as_deref(),
            f.kind.as_str(),
        )
    }));
    DocView {
        text: &doc.text,
        normalized: normalized.as_str(),
        norm_to_orig: map,
        orig_to_norm: back,
        entities,
        figures,
        sentences,
        id: "",
        meta_json: "",
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_stage_is_an_internal_error_for_that_document() {
        let e = guard::<()>(|| panic!("a bug")).unwrap_err();
        assert_eq!(e.kind(), ProcessErrorKind::Internal);
        assert!(e.to_string().contains("a bug"), "{e}");
        let e = guard::<()>(|| std::panic::panic_any(7_u8)).unwrap_err();
        assert!(e.to_string().contains("unknown panic"), "{e}");
        assert_eq!(guard(|| Ok(3)).ok(), Some(3));
    }
}
