//! Where documents come from: files, directories, JSON Lines, standard
//! input, or an iterator of your own.
//!
//! A [`Source`] is an ordered list of inputs, read lazily, one document at a
//! time, by [`Pipeline::stream`](crate::Pipeline::stream). Every document
//! becomes exactly one [`Input`]; where its bytes cannot be had (a file
//! that cannot be read, a JSON Lines line that is not JSON, a document
//! over the size limit) the `Input` carries the error, so that it still
//! yields one record: a corpus never loses a document silently.
//!
//! | input | documents | id | source |
//! |---|---|---|---|
//! | a `.jsonl`/`.ndjson` file, a reader, standard input starting with `{` | one per non-blank line, `{"id", "text", ...}` (other fields become `meta`); UTF-8 with or without a BOM, or UTF-16 | the line's `id`, else `stem:line` | `path:line` |
//! | a `.json` file | one `{"id", "text", ...}` object, or each object of an array | its `id`, else the file's id (`id:N` in an array) | the path (`path:N`) |
//! | any other file; other standard input | the whole file, bytes in any encoding | the file stem | the path |
//! | a directory | its files, walked recursively in sorted path order, hidden ones skipped ([`Source::hidden`]) | the path relative to the directory, without extension | the path |
//!
//! `.gz` and `.zst` files (by extension or magic bytes) are decompressed
//! as they are read, and then read by the name without that extension.
//! [`Source::input_format`] forces JSON Lines or plain text.
//! | [`Source::inputs`] | your [`Input`]s | yours | yours |
//!
//! ```
//! use khabar::source::{Input, Source};
//!
//! // Files and directories by path ("-" is standard input): checked now,
//! // read later.
//! let seeds = Source::paths(["../../seeds"])?;
//! // JSON Lines from any reader.
//! let lines = Source::jsonl("inline", &b"{\"id\": \"a\", \"text\": \"...\"}\n"[..]);
//! // Documents already in memory.
//! let mine = Source::inputs(vec![Input::new("b", "زار لافروف موسكو")]);
//! let all = seeds.then(lines).then(mine);
//! assert_eq!(all.len(), 3);
//! # Ok::<(), khabar::source::SourceError>(())
//! ```

mod files;
mod formats;
mod jsonl;

use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::{Owned, ProcessError};

pub(crate) use jsonl::RawLine;

/// Largest document a source reads by default, in bytes: a larger file or
/// JSON Lines line becomes an error record instead of being read into
/// memory ([`Source::max_doc_bytes`] changes it).
pub const MAX_DOC_BYTES: u64 = 256 * 1024 * 1024;

/// One document as a source hands it to the pipeline: its id, where it
/// came from, extra fields to pass through, and its bytes (or why there
/// are none).
#[derive(Clone, Debug)]
pub struct Input {
    pub(crate) id: String,
    pub(crate) source: String,
    pub(crate) meta: Option<Map<String, Value>>,
    pub(crate) body: Result<Owned, ProcessError>,
    pub(crate) bytes: u64,
}

impl Input {
    /// A document with its text or bytes (any encoding the decoder knows);
    /// its source is empty until [`with_source`](Self::with_source).
    ///
    /// ```
    /// use khabar::source::Input;
    ///
    /// let doc = Input::new("a1", "قال المتحدث").with_source("wire/2024-05-01");
    /// assert_eq!(doc.id(), "a1");
    /// assert_eq!(doc.bytes(), "قال المتحدث".len() as u64);
    /// ```
    pub fn new(id: impl Into<String>, body: impl Into<Owned>) -> Input {
        let body = body.into();
        let bytes = match &body {
            Owned::Bytes(b) => b.len() as u64,
            Owned::Text(t) => t.len() as u64,
        };
        Input {
            id: id.into(),
            source: String::new(),
            meta: None,
            body: Ok(body),
            bytes,
        }
    }

    /// A document that could not be read: it becomes an error record.
    pub fn failed(id: impl Into<String>, source: impl Into<String>, error: ProcessError) -> Input {
        Input {
            id: id.into(),
            source: source.into(),
            meta: None,
            body: Err(error),
            bytes: 0,
        }
    }

    /// Sets where the document came from (the record's `source`).
    pub fn with_source(mut self, source: impl Into<String>) -> Input {
        self.source = source.into();
        self
    }

    /// Sets the fields passed through under the record's `meta` (an empty
    /// map is no `meta`).
    pub fn with_meta(mut self, meta: Map<String, Value>) -> Input {
        self.meta = (!meta.is_empty()).then_some(meta);
        self
    }

    /// The document id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Where the document came from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Fields passed through under `meta`.
    pub fn meta(&self) -> Option<&Map<String, Value>> {
        self.meta.as_ref()
    }

    /// The document's bytes, or why there are none.
    pub fn body(&self) -> Result<&Owned, &ProcessError> {
        self.body.as_ref()
    }

    /// Input bytes this document accounts for (for summaries and progress;
    /// a JSON Lines line counts its whole line).
    pub fn bytes(&self) -> u64 {
        self.bytes
    }
}

/// What a source hands on: a document, or a JSON Lines line whose parsing
/// is left to the worker that takes it (see [`Parse`]).
pub(crate) enum Item {
    /// A document ready for the pipeline (or an error record).
    Input(Input),
    /// A JSON Lines line, not parsed yet.
    Line(RawLine),
}

impl Item {
    /// Input bytes this item accounts for.
    pub(crate) fn input_bytes(&self) -> u64 {
        match self {
            Item::Input(d) => d.bytes,
            Item::Line(l) => l.input_bytes(),
        }
    }

    /// The document: a line is parsed here, on the caller's thread.
    pub(crate) fn into_input(self) -> Input {
        match self {
            Item::Input(d) => d,
            Item::Line(l) => l.parse(),
        }
    }
}

/// Where a JSON Lines line is parsed; the reader asks before each line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Parse {
    /// On the reader thread, before they are handed on: best when the
    /// reader is ahead of the workers, since the parsing then overlaps the
    /// work for free.
    InReader,
    /// By the worker that processes the document ([`Item::into_input`]):
    /// when the workers wait for the reader, a reader that parses is a
    /// serial stage that holds them all back.
    InWorker,
}

/// An ordered list of inputs, read lazily by
/// [`Pipeline::stream`](crate::Pipeline::stream).
pub struct Source<'a> {
    parts: Vec<Part<'a>>,
    max_doc_bytes: u64,
    format: InputFormat,
    hidden: bool,
}

/// How files and standard input are read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputFormat {
    /// By file extension (`.jsonl`/`.ndjson`: JSON Lines; `.json`: one
    /// object or an array; anything else: one document), `.gz`/`.zst`
    /// looked through; on standard input, JSON Lines when the first
    /// non-blank byte is `{`, else one plain-text document.
    #[default]
    Auto,
    /// Every file (and standard input) is JSON Lines.
    Jsonl,
    /// Every file (and standard input) is one plain-text document.
    Text,
}

enum Part<'a> {
    Stdin,
    File(PathBuf),
    Dir(PathBuf),
    Jsonl {
        name: String,
        reader: Box<dyn Read + Send + 'a>,
    },
    Inputs(Box<dyn Iterator<Item = Input> + Send + 'a>),
}

impl fmt::Debug for Source<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .parts
            .iter()
            .map(|p| match p {
                Part::Stdin => "stdin".to_string(),
                Part::File(p) => format!("file {}", p.display()),
                Part::Dir(p) => format!("dir {}", p.display()),
                Part::Jsonl { name, .. } => format!("jsonl {name}"),
                Part::Inputs(_) => "inputs".to_string(),
            })
            .collect();
        f.debug_struct("Source")
            .field("parts", &parts)
            .field("max_doc_bytes", &self.max_doc_bytes)
            .finish()
    }
}

impl Default for Source<'_> {
    fn default() -> Self {
        Source::new()
    }
}

impl<'a> Source<'a> {
    /// An empty source.
    pub fn new() -> Source<'a> {
        Source {
            parts: Vec::new(),
            max_doc_bytes: MAX_DOC_BYTES,
            format: InputFormat::Auto,
            hidden: false,
        }
    }

    fn one(part: Part<'a>) -> Source<'a> {
        let mut s = Source::new();
        s.parts.push(part);
        s
    }

    /// A file or a directory (walked recursively, files in sorted path
    /// order), or `-` for JSON Lines on standard input. The path is
    /// checked now, so that a typo is an error before any work starts;
    /// what is inside is read later.
    pub fn path(path: impl AsRef<Path>) -> Result<Source<'a>, SourceError> {
        let path = path.as_ref();
        if path.as_os_str() == "-" {
            return Ok(Source::stdin());
        }
        let meta = std::fs::metadata(path).map_err(|e| SourceError {
            kind: SourceErrorKind::Unreadable,
            message: format!("cannot read input {}", path.display()),
            source: Some(e),
        })?;
        Ok(Source::one(if meta.is_dir() {
            Part::Dir(path.to_path_buf())
        } else {
            Part::File(path.to_path_buf())
        }))
    }

    /// Several paths, as [`Source::path`], in order; standard input (`-`)
    /// at most once.
    pub fn paths<P: AsRef<Path>>(
        paths: impl IntoIterator<Item = P>,
    ) -> Result<Source<'a>, SourceError> {
        let mut all = Source::new();
        for p in paths {
            all = all.then(Source::path(p)?);
        }
        if all
            .parts
            .iter()
            .filter(|p| matches!(p, Part::Stdin))
            .count()
            > 1
        {
            return Err(SourceError {
                kind: SourceErrorKind::StdinTwice,
                message: "standard input (-) can be given only once".to_string(),
                source: None,
            });
        }
        Ok(all)
    }

    /// JSON Lines on standard input.
    pub fn stdin() -> Source<'a> {
        Source::one(Part::Stdin)
    }

    /// JSON Lines from `reader` (buffered here); `name` stands for the
    /// file in sources (`name:line`) and fallback ids.
    pub fn jsonl(name: impl Into<String>, reader: impl Read + Send + 'a) -> Source<'a> {
        Source::one(Part::Jsonl {
            name: name.into(),
            reader: Box::new(reader),
        })
    }

    /// Documents from an iterator, pulled one at a time as the workers
    /// need them (it may borrow: the stream ends before `'a` does).
    pub fn inputs<I>(inputs: I) -> Source<'a>
    where
        I: IntoIterator<Item = Input>,
        I::IntoIter: Send + 'a,
    {
        Source::one(Part::Inputs(Box::new(inputs.into_iter())))
    }

    /// This source, then `next`.
    pub fn then(mut self, next: Source<'a>) -> Source<'a> {
        self.parts.extend(next.parts);
        self.max_doc_bytes = self.max_doc_bytes.min(next.max_doc_bytes);
        self.hidden |= next.hidden;
        if next.format != InputFormat::Auto {
            self.format = next.format;
        }
        self
    }

    /// The largest document read, in bytes (default [`MAX_DOC_BYTES`]): a
    /// larger file or line becomes a `too-large` error record, skipped
    /// without being held in memory.
    pub fn max_doc_bytes(mut self, bytes: u64) -> Source<'a> {
        self.max_doc_bytes = bytes;
        self
    }

    /// How files and standard input are read (default
    /// [`InputFormat::Auto`]).
    pub fn input_format(mut self, format: InputFormat) -> Source<'a> {
        self.format = format;
        self
    }

    /// Whether directory walks read hidden files and folders (names
    /// starting with `.`, such as `.git`; default: no). A path given
    /// directly is always read.
    pub fn hidden(mut self, yes: bool) -> Source<'a> {
        self.hidden = yes;
        self
    }

    /// Number of inputs (paths, readers, iterators), not documents.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether there are no inputs at all.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Sum of the sizes of the files behind this source (for a progress
    /// bar), or `None` when a reader, standard input or an iterator makes
    /// it unknowable. Walks directories, so call it once.
    pub fn total_bytes(&self) -> Option<u64> {
        let mut total = 0;
        for part in &self.parts {
            match part {
                Part::Stdin | Part::Jsonl { .. } | Part::Inputs(_) => return None,
                Part::File(p) => total += std::fs::metadata(p).map_or(0, |m| m.len()),
                Part::Dir(d) => total += files::dir_bytes(d, self.hidden),
            }
        }
        Some(total)
    }

    /// Calls `emit` for every document, in order, reading lazily; each
    /// JSON Lines line is parsed where `parse` says when it is read. Stops
    /// early when `emit` returns `false`.
    pub(crate) fn read(self, parse: &dyn Fn() -> Parse, emit: &mut dyn FnMut(Item) -> bool) {
        let r = files::Reader {
            parse,
            emit,
            limit: self.max_doc_bytes,
            format: self.format,
            hidden: self.hidden,
        };
        r.read(self.parts);
    }
}

/// Why a [`Source`] could not be set up: a path that does not exist or
/// cannot be read, or standard input given twice. Documents that fail
/// later become error records instead.
#[derive(Debug)]
pub struct SourceError {
    kind: SourceErrorKind,
    message: String,
    source: Option<io::Error>,
}

/// The broad reason behind a [`SourceError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SourceErrorKind {
    /// A path does not exist or cannot be read.
    Unreadable,
    /// Standard input (`-`) was given more than once.
    StdinTwice,
}

impl SourceError {
    /// What kind of failure this is.
    pub fn kind(&self) -> SourceErrorKind {
        self.kind
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SourceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl From<&str> for Owned {
    fn from(text: &str) -> Owned {
        Owned::Text(text.to_string())
    }
}

impl From<&[u8]> for Owned {
    fn from(bytes: &[u8]) -> Owned {
        Owned::Bytes(bytes.to_vec())
    }
}
