//! Streaming a corpus through the pipeline: documents in, records out, in
//! input order, on every core, in bounded memory.
//!
//! [`Pipeline::stream`] takes a [`Source`] and returns a [`Stream`], which
//! is configured (threads, chunk size, record options) and then consumed
//! in one of three ways:
//!
//! - [`Stream::write_json`]: the JSON Lines records (schema v1, see the
//!   README) written to any `Write`. The fastest: the records are written
//!   by the workers and reach the output a chunk at a time. The command
//!   line's `khabar extract` is this call.
//! - [`Stream::for_each`] / [`Stream::try_for_each`]: a [`Record`] per
//!   document, with its processed [`Document`](crate::Document) (or its
//!   error), on the calling thread.
//! - [`Stream::records`]: the same records as an [`Iterator`], for
//!   `take`, `zip`, `collect` and the rest, inside a closure (the workers
//!   borrow the pipeline, so they must stop before the call returns).
//!
//! Whatever the thread count, the records come out in input order and are
//! byte-identical. Memory is bounded by the chunks in flight
//! ([`Stream::chunks_in_flight`], default four per thread) times the chunk
//! size ([`Stream::chunk`], default 64 documents or 1 MiB, whichever comes
//! first; a larger document is a chunk alone), plus a queue of twice the
//! chunk's documents read ahead: a 5 GB JSON Lines file streams through a
//! few tens of megabytes.
//!
//! # Example: a JSON Lines corpus in, records out
//!
//! ```
//! use std::{fs::File, io::BufWriter};
//! use khabar::{Pipeline, source::Source};
//! # let dir = tempfile::tempdir()?;
//! # let news = dir.path().join("news.jsonl");
//! # std::fs::write(&news, "{\"id\":\"1\",\"text\":\"زار لافروف بيونغ يانغ\"}\n")?;
//! # let facts = dir.path().join("facts.jsonl");
//!
//! let pipeline = Pipeline::builder().build()?;
//! let source = Source::path(&news)?;      // read a line at a time, however large
//! let out = BufWriter::new(File::create(&facts)?);
//! let summary = pipeline.stream(source).threads(4).write_json(out)?;
//! println!("{} documents, {} errors", summary.documents, summary.errors);
//! # assert_eq!(summary.documents, 1);
//! # assert!(std::fs::read_to_string(&facts)?.contains("\"id\":\"pyongyang\""));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Example: documents in memory, findings back
//!
//! ```
//! use khabar::{Pipeline, source::{Input, Source}};
//!
//! let pipeline = Pipeline::builder().build()?;
//! let texts = ["وصل لافروف إلى موسكو", "قتل نحو 300 جندي"];
//! let inputs = texts.iter().enumerate().map(|(i, t)| Input::new(i.to_string(), *t));
//! let mut found = Vec::new();
//! pipeline.stream(Source::inputs(inputs)).for_each(|record| {
//!     if let Some(doc) = record.document() {
//!         found.push((record.id().to_string(), doc.entities.len(), doc.figures.len()));
//!     }
//! })?;
//! assert_eq!(found, [("0".to_string(), 2, 0), ("1".to_string(), 0, 1)]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod run;

use std::fmt;
use std::io::{self, Write};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use crate::record::{DocMeta, RecordOptions};
use crate::source::Source;
use crate::{Document, Pipeline, ProcessError};
use run::{Body, Config, Mode, Ordered};

impl Pipeline {
    /// A stream of `source`'s documents through this pipeline: configure
    /// it, then consume it with [`Stream::write_json`],
    /// [`Stream::for_each`] or [`Stream::records`]. See [`stream`](crate::stream).
    pub fn stream<'s>(&self, source: Source<'s>) -> Stream<'_, 's> {
        Stream {
            pipeline: self,
            source,
            config: Config::default(),
            record: RecordOptions::default(),
            render: false,
            stop: None,
            progress: None,
        }
    }
}

/// A progress callback (see [`Stream::on_progress`]).
type ProgressFn<'a> = Box<dyn FnMut(&Summary) + 'a>;

/// A configured run of a [`Source`] through a [`Pipeline`]; made by
/// [`Pipeline::stream`].
pub struct Stream<'p, 's> {
    pipeline: &'p Pipeline,
    source: Source<'s>,
    config: Config,
    record: RecordOptions,
    render: bool,
    stop: Option<&'s AtomicBool>,
    progress: Option<ProgressFn<'s>>,
}

impl fmt::Debug for Stream<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stream")
            .field("source", &self.source)
            .field("config", &self.config)
            .field("record", &self.record)
            .field("render", &self.render)
            .finish_non_exhaustive()
    }
}

impl<'p, 's> Stream<'p, 's> {
    /// Worker threads (default 0: one per core). The output is the same
    /// for any number.
    pub fn threads(mut self, n: usize) -> Self {
        self.config.threads = n;
        self
    }

    /// The most documents and input bytes in one chunk, the unit of work
    /// of a worker and the batch plugins see in one call (default 64
    /// documents, 1 MiB). A chunk is never waited for: behind a slow pipe
    /// each document is processed as soon as it arrives.
    pub fn chunk(mut self, docs: usize, bytes: u64) -> Self {
        self.config.chunk_docs = docs.max(1);
        self.config.chunk_bytes = bytes;
        self
    }

    /// The most chunks in flight: queued, being processed, or waiting for
    /// an earlier one to be consumed (default 0: four per thread). This
    /// bounds memory.
    pub fn chunks_in_flight(mut self, n: usize) -> Self {
        self.config.in_flight = n;
        self
    }

    /// How records are written: byte or char offsets, with or without the
    /// text (default: byte offsets, no text).
    pub fn record_options(mut self, options: RecordOptions) -> Self {
        self.record = options;
        self
    }

    /// Whether each [`Record`] of [`for_each`](Self::for_each) and
    /// [`records`](Self::records) also carries its JSON line, written by
    /// the workers in parallel (default: no; [`Record::write_json`] writes
    /// it on demand). [`write_json`](Self::write_json) always does.
    pub fn render_json(mut self, yes: bool) -> Self {
        self.render = yes;
        self
    }

    /// Stops reading once `flag` is set (by a signal handler, say): the
    /// documents already read are still processed and delivered, so the
    /// output ends with whole records.
    pub fn stop_when(mut self, flag: &'s AtomicBool) -> Self {
        self.stop = Some(flag);
        self
    }

    /// Calls `f` on the consuming thread after each chunk, with the
    /// running totals (for a progress bar).
    pub fn on_progress(mut self, f: impl FnMut(&Summary) + 's) -> Self {
        self.progress = Some(Box::new(f));
        self
    }

    /// Writes every document's JSON Lines record to `out`, in input order;
    /// flushes whenever it has written all that is ready, so that records
    /// reach a reader behind a pipe as soon as they exist.
    ///
    /// Records are written a chunk (tens to hundreds of KiB) at a time: a
    /// `BufWriter` of 64 KiB passes them straight through.
    ///
    /// # Errors
    ///
    /// [`StreamErrorKind::Write`] when `out` fails (the stream stops
    /// reading), and the kinds of [`records`](Self::records).
    pub fn write_json(mut self, mut out: impl Write) -> Result<Summary, StreamError> {
        let started = Instant::now();
        let mut progress = self.progress.take();
        let mode = Mode::Json(self.record);
        let mut summary = Summary::default();
        let written = run::run(
            self.pipeline,
            self.source,
            &self.config,
            mode,
            self.stop,
            |ordered| -> io::Result<()> {
                while let Some(done) = ordered.next() {
                    summary.add(&done, started);
                    let Body::Json(buf) = done.body else {
                        continue;
                    };
                    out.write_all(&buf)?;
                    if let Some(f) = progress.as_mut() {
                        f(&summary);
                    }
                    ordered.release(Some(buf));
                    if ordered.idle() {
                        out.flush()?;
                    }
                }
                out.flush()
            },
        )?;
        written.map_err(StreamError::write)?;
        summary.elapsed = started.elapsed();
        Ok(summary)
    }

    /// Hands the records, in input order, to `f` as an [`Iterator`]; the
    /// stream ends (reading stops, the workers finish) when `f` returns,
    /// whether or not it read every record.
    ///
    /// ```
    /// use khabar::{Pipeline, source::Source};
    ///
    /// let pipeline = Pipeline::builder().build()?;
    /// let source = Source::path("../../seeds")?;
    /// let (ids, summary) = pipeline.stream(source).records(|records| {
    ///     records.take(2).map(|r| r.id().to_string()).collect::<Vec<_>>()
    /// })?;
    /// assert_eq!(ids.len(), 2);
    /// assert!(summary.documents >= 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`StreamErrorKind::Threads`] when the worker threads cannot be
    /// started, [`StreamErrorKind::Panicked`] for a bug in the reader.
    /// Documents that fail are error records, never errors of the stream.
    pub fn records<T>(
        mut self,
        f: impl FnOnce(&mut Records<'p, '_>) -> T,
    ) -> Result<(T, Summary), StreamError> {
        let started = Instant::now();
        let progress = self.progress.take();
        let mode = Mode::Records(self.record, self.render);
        let (out, mut summary) = run::run(
            self.pipeline,
            self.source,
            &self.config,
            mode,
            self.stop,
            move |ordered| {
                let mut records = Records {
                    ordered,
                    current: Vec::new().into_iter(),
                    summary: Summary::default(),
                    started,
                    progress: progress.map(|p| p as ProgressFn<'_>),
                };
                let out = f(&mut records);
                (out, records.summary)
            },
        )?;
        summary.elapsed = started.elapsed();
        Ok((out, summary))
    }

    /// Calls `f` with every record, in input order, on this thread.
    ///
    /// # Errors
    ///
    /// As [`records`](Self::records).
    pub fn for_each(self, mut f: impl FnMut(Record<'p>)) -> Result<Summary, StreamError> {
        self.records(|records| records.for_each(&mut f))
            .map(|((), summary)| summary)
    }

    /// Calls `f` with every record, in input order, until it fails; the
    /// stream stops at the first error, which is returned.
    ///
    /// ```
    /// use khabar::{Pipeline, source::{Input, Source}};
    ///
    /// let pipeline = Pipeline::builder().build()?;
    /// let source = Source::inputs([Input::new("a", "زار لافروف موسكو")]);
    /// let mut out = Vec::new();
    /// pipeline.stream(source).try_for_each(|r| r.write_json(&mut out))?;
    /// assert!(out.starts_with(b"{\"id\":\"a\""));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// `f`'s error, or the stream's own (see [`records`](Self::records)).
    pub fn try_for_each<E: From<StreamError>>(
        self,
        mut f: impl FnMut(Record<'p>) -> Result<(), E>,
    ) -> Result<Summary, E> {
        let (result, summary) = self.records(|records| records.try_for_each(&mut f))?;
        result.map(|()| summary)
    }
}

/// The records of a [`Stream`], in input order: see [`Stream::records`].
pub struct Records<'p, 'o> {
    ordered: &'o mut Ordered<'p>,
    current: std::vec::IntoIter<Record<'p>>,
    summary: Summary,
    started: Instant,
    progress: Option<ProgressFn<'o>>,
}

impl<'p> Records<'p, '_> {
    /// The totals of the records handed out so far.
    pub fn summary(&self) -> Summary {
        Summary {
            elapsed: self.started.elapsed(),
            ..self.summary
        }
    }
}

impl<'p> Iterator for Records<'p, '_> {
    type Item = Record<'p>;

    fn next(&mut self) -> Option<Record<'p>> {
        loop {
            if let Some(record) = self.current.next() {
                self.summary.documents += 1;
                self.summary.bytes += record.bytes;
                self.summary.errors += u64::from(record.result.is_err());
                return Some(record);
            }
            let done = self.ordered.next()?;
            // The chunk's records now wait here: its token goes back, and
            // the workers may start another.
            self.ordered.release(None);
            if let Body::Records(records) = done.body {
                self.current = records.into_iter();
            }
            if let Some(f) = self.progress.as_mut() {
                self.summary.elapsed = self.started.elapsed();
                f(&self.summary);
            }
        }
    }
}

/// One document's record: its id, where it came from, the fields passed
/// through, and its processed [`Document`] or the reason there is none.
///
/// A record borrows the pipeline (entity ids and names point into its
/// gazetteer) and owns the rest. [`to_value`](Self::to_value) gives an
/// owned JSON value of the whole record.
pub struct Record<'p> {
    pipeline: &'p Pipeline,
    id: String,
    source: String,
    meta: Option<Map<String, Value>>,
    result: Result<Document<'p>, ProcessError>,
    json: Option<Vec<u8>>,
    options: RecordOptions,
    bytes: u64,
}

impl fmt::Debug for Record<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Record")
            .field("id", &self.id)
            .field("source", &self.source)
            .field("meta", &self.meta)
            .field("result", &self.result)
            .field("bytes", &self.bytes)
            .finish_non_exhaustive()
    }
}

impl<'p> Record<'p> {
    /// The document id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Where the document came from (`path`, `path:line`, or what the
    /// [`Input`](crate::source::Input) said).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Fields passed through from the input (other fields of a JSON Lines
    /// line).
    pub fn meta(&self) -> Option<&Map<String, Value>> {
        self.meta.as_ref()
    }

    /// The processed document, or why there is none.
    pub fn result(&self) -> &Result<Document<'p>, ProcessError> {
        &self.result
    }

    /// The processed document, unless the document failed.
    pub fn document(&self) -> Option<&Document<'p>> {
        self.result.as_ref().ok()
    }

    /// Why the document failed, if it did.
    pub fn error(&self) -> Option<&ProcessError> {
        self.result.as_ref().err()
    }

    /// Input bytes the document accounts for.
    pub fn input_bytes(&self) -> u64 {
        self.bytes
    }

    /// The record's JSON line (ending in `\n`), when the stream was asked
    /// to [render](Stream::render_json) it.
    pub fn json(&self) -> Option<&[u8]> {
        self.json.as_deref()
    }

    /// Writes the record's JSON line to `out`, with the stream's
    /// [record options](Stream::record_options): the rendered one when
    /// there is one, else written now.
    ///
    /// # Errors
    ///
    /// `out`'s error.
    pub fn write_json(&self, mut out: impl Write) -> io::Result<()> {
        out.write_all(&self.to_json())
    }

    /// The record's JSON line (ending in `\n`), with the stream's
    /// [record options](Stream::record_options).
    pub fn to_json(&self) -> std::borrow::Cow<'_, [u8]> {
        if let Some(json) = &self.json {
            return std::borrow::Cow::Borrowed(json);
        }
        let mut out = Vec::new();
        let meta = DocMeta {
            id: &self.id,
            source: &self.source,
            meta: self.meta.as_ref(),
        };
        self.pipeline
            .write_record(&mut out, &meta, &self.result, &self.options);
        std::borrow::Cow::Owned(out)
    }

    /// The record as an owned JSON value (its JSON line, parsed): the same
    /// keys and values as the command line's record.
    pub fn to_value(&self) -> Value {
        // The writer writes valid JSON (a property test holds it to
        // serde_json's own output); Null only if that ever broke.
        serde_json::from_slice(&self.to_json()).unwrap_or(Value::Null)
    }

    /// The record taken apart, to keep its pieces.
    pub fn into_parts(self) -> RecordParts<'p> {
        RecordParts {
            id: self.id,
            source: self.source,
            meta: self.meta,
            result: self.result,
        }
    }
}

/// A [`Record`]'s pieces, owned (the document still borrows the
/// pipeline): see [`Record::into_parts`].
#[derive(Debug)]
pub struct RecordParts<'p> {
    /// The document id.
    pub id: String,
    /// Where the document came from.
    pub source: String,
    /// Fields passed through from the input.
    pub meta: Option<Map<String, Value>>,
    /// The processed document, or why there is none.
    pub result: Result<Document<'p>, ProcessError>,
}

/// What a stream did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records delivered (one per document read).
    pub documents: u64,
    /// Input bytes of those documents.
    pub bytes: u64,
    /// Error records among them.
    pub errors: u64,
    /// Wall time since the stream started.
    pub elapsed: Duration,
}

impl Summary {
    fn add(&mut self, done: &run::Done<'_>, started: Instant) {
        self.documents += done.docs;
        self.bytes += done.bytes;
        self.errors += done.errors;
        self.elapsed = started.elapsed();
    }
}

/// Why a stream stopped before its end. Documents that fail are error
/// records, never a `StreamError`.
#[derive(Debug)]
pub struct StreamError {
    kind: StreamErrorKind,
    message: String,
    source: Option<io::Error>,
}

/// The broad reason behind a [`StreamError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StreamErrorKind {
    /// The worker threads could not be started.
    Threads,
    /// The output could not be written ([`Stream::write_json`]);
    /// [`StreamError::io_error`] says why.
    Write,
    /// A thread of the stream panicked (a bug in khabar).
    Panicked,
}

impl StreamError {
    /// What kind of failure this is.
    pub fn kind(&self) -> StreamErrorKind {
        self.kind
    }

    /// The I/O error behind a [`StreamErrorKind::Write`].
    pub fn io_error(&self) -> Option<&io::Error> {
        self.source.as_ref()
    }

    fn threads(e: rayon::ThreadPoolBuildError) -> StreamError {
        StreamError {
            kind: StreamErrorKind::Threads,
            message: format!("cannot start worker threads: {e}"),
            source: None,
        }
    }

    fn write(e: io::Error) -> StreamError {
        StreamError {
            kind: StreamErrorKind::Write,
            message: "cannot write output".to_string(),
            source: Some(e),
        }
    }

    fn panicked(what: &str) -> StreamError {
        StreamError {
            kind: StreamErrorKind::Panicked,
            message: format!("{what} panicked (please report)"),
            source: None,
        }
    }
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for StreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl From<StreamError> for io::Error {
    fn from(e: StreamError) -> io::Error {
        match e.source {
            Some(source) => source,
            None => io::Error::other(e),
        }
    }
}
