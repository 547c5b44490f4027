//! Write khabar extractor plugins in safe Rust.
//!
//! A khabar plugin is a shared library that the `khabar` host loads at run
//! time (`khabar extract --plugin path/to/libmyplugin.so`). The boundary
//! between the two is a C ABI (`khabar-plugin-abi`), because the plugin may
//! be compiled by another rustc than the host. This crate hides that ABI:
//! you implement [`Extractor`] (or [`SharedExtractor`]) on a type and call
//! [`export_plugin!`]; every `unsafe` line, every `catch_unwind` and every
//! conversion lives here.
//!
//! What a plugin sees per document ([`Doc`]): the decoded original text, the
//! search-normalized text with offset maps both ways, the entities (with
//! their prefix and how they were found) and figures found by the host, the
//! sentences, and the document's id and meta fields. What it returns:
//! annotations (a label, a [`Span`] of the original text, optional JSON
//! attributes, optional extra labelled spans such as a quote's speaker)
//! through [`Output`]. Its configuration string (`--plugin-config
//! NAME=STRING`) arrives in [`Extractor::new`].
//!
//! This SDK speaks plugin ABI 1.1 (`khabar-plugin-abi`); a khabar that loads
//! ABI 1.1 runs it (`khabar --version` says which ABI versions it loads).
//!
//! Guarantees and rules:
//!
//! * A panic in your code is caught at the boundary: the document being
//!   processed gets an error entry naming your plugin, the instance is
//!   discarded, and the host goes on with a fresh instance (after a few
//!   panics the host quarantines the plugin). **Unless** the plugin is built
//!   with `panic = "abort"`: then a panic aborts the whole `khabar` process.
//!   Keep the default `panic = "unwind"`.
//! * [`Extractor`] instances are used by one thread at a time (the host
//!   creates one per concurrent worker), so `extract` takes `&mut self`; the
//!   type must be `Send`. A [`SharedExtractor`] is `Sync` and one instance
//!   serves all threads.
//! * Spans are byte offsets into the original text. Build them with
//!   [`Doc::span`] or [`Doc::span_from_normalized`], which check bounds and
//!   character boundaries; the host checks again and drops bad annotations.
//!
//! # Example
//!
//! ```
//! use khabar_plugin_sdk::{export_plugin, Doc, Error, Extractor, Output};
//!
//! /// Marks every occurrence of the word "خبر".
//! struct News;
//!
//! impl Extractor for News {
//!     fn new(_config: &str) -> Result<Self, Error> {
//!         Ok(News)
//!     }
//!
//!     fn extract(&mut self, doc: &Doc<'_>, out: &mut Output<'_>) -> Result<(), Error> {
//!         for (start, word) in doc.normalized().match_indices("خبر") {
//!             let span = doc.span_from_normalized(start, start + word.len())?;
//!             out.add("NEWS", span);
//!         }
//!         Ok(())
//!     }
//! }
//!
//! export_plugin!(News, name = "news", version = "0.1.0");
//!
//! // The macro exports `khabar_plugin_v1` and a `KHABAR_PLUGIN` entry point
//! // that `khabar-plugin-test` can run in-process.
//! let header = unsafe { &*khabar_plugin_v1() };
//! assert_eq!(header.abi_major, khabar_plugin_sdk::abi::ABI_MAJOR);
//! ```
#![deny(missing_docs)]

use std::any::Any;
use std::ffi::c_void;
use std::fmt;
use std::marker::PhantomData;
use std::panic::{AssertUnwindSafe, catch_unwind};

pub use khabar_plugin_abi as abi;
pub use serde_json;

/// An error a plugin reports for one document (or from `new`).
///
/// The host records it as an error entry of kind `error` naming the plugin
/// and drops the plugin's annotations for that document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    message: String,
}

impl Error {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<&str> for Error {
    fn from(s: &str) -> Error {
        Error::new(s)
    }
}

impl From<String> for Error {
    fn from(s: String) -> Error {
        Error::new(s)
    }
}

impl From<SpanError> for Error {
    fn from(e: SpanError) -> Error {
        Error::new(e.to_string())
    }
}

/// An extractor whose instances are used by one thread at a time.
///
/// The host creates as many instances as it has concurrent workers, so
/// per-instance scratch buffers need no locking.
pub trait Extractor: Send + Sized + 'static {
    /// Creates an instance. `config` is the plugin's configuration string
    /// (`--plugin-config NAME=STRING`; empty when none was given). Validate
    /// it here and return an error saying what is accepted: khabar then
    /// refuses to start, with your message.
    fn new(config: &str) -> Result<Self, Error>;

    /// Finds annotations in one document.
    fn extract(&mut self, doc: &Doc<'_>, out: &mut Output<'_>) -> Result<(), Error>;
}

/// An extractor whose single instance is shared by all threads
/// (exported with the capability `CAP_THREAD_SAFE`).
pub trait SharedExtractor: Send + Sync + Sized + 'static {
    /// Creates the instance. `config` is the plugin's configuration string
    /// (empty when none was given).
    fn new(config: &str) -> Result<Self, Error>;

    /// Finds annotations in one document.
    fn extract(&self, doc: &Doc<'_>, out: &mut Output<'_>) -> Result<(), Error>;
}

/// Why a span could not be built.
///
/// Opaque, like every error of khabar: match on [`SpanError::kind`], read
/// the [`Display`](fmt::Display) message for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpanError {
    kind: SpanErrorKind,
    start: usize,
    end: usize,
    offset: usize,
    len: usize,
}

/// The reason behind a [`SpanError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SpanErrorKind {
    /// `start > end`.
    Reversed,
    /// An offset is past the end of the text.
    OutOfRange,
    /// An offset falls inside a UTF-8 character.
    NotCharBoundary,
}

impl SpanError {
    fn new(kind: SpanErrorKind, (start, end): (usize, usize), offset: usize, len: usize) -> Self {
        SpanError {
            kind,
            start,
            end,
            offset,
            len,
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> SpanErrorKind {
        self.kind
    }

    /// The span that was asked for: `(start, end)`.
    pub fn span(&self) -> (usize, usize) {
        (self.start, self.end)
    }

    /// The offending offset (the start of a reversed span).
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for SpanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (start, end, offset, len) = (self.start, self.end, self.offset, self.len);
        match self.kind {
            SpanErrorKind::Reversed => write!(f, "span {start}..{end} is reversed"),
            SpanErrorKind::OutOfRange => {
                write!(
                    f,
                    "offset {offset} is past the end of the text ({len} bytes)"
                )
            }
            SpanErrorKind::NotCharBoundary => {
                write!(f, "offset {offset} is inside a UTF-8 character")
            }
        }
    }
}

impl std::error::Error for SpanError {}

/// A checked span of a document's original text (byte offsets).
///
/// Built only by [`Doc::span`] and [`Doc::span_from_normalized`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    start: usize,
    end: usize,
}

impl Span {
    /// Start byte offset in the original text.
    pub fn start(self) -> usize {
        self.start
    }

    /// End byte offset in the original text.
    pub fn end(self) -> usize {
        self.end
    }
}

/// An entity found by the host (its gazetteer, patterns or coreference).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Entity<'a> {
    /// Start byte offset in the original text (the prefix included).
    pub start: usize,
    /// End byte offset in the original text.
    pub end: usize,
    /// Stable gazetteer id (`sergey-lavrov`); `None` for a name found by
    /// its context (`how == "pattern"`).
    pub id: Option<&'a str>,
    /// Type (`PER`, `LOC`, `ORG`, …).
    pub kind: &'a str,
    /// Canonical name (the name as written for a `pattern` entity).
    pub name: &'a str,
    /// The attached proclitic that was stripped (`و`, `ب`, `ال` …), if any.
    pub prefix: Option<&'a str>,
    /// How it was found: `gazetteer`, `pattern` or `coreference`.
    pub how: &'a str,
}

/// A figure parsed by the host.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure<'a> {
    /// Start byte offset in the original text.
    pub start: usize,
    /// End byte offset in the original text.
    pub end: usize,
    /// Lower bound (may be negative or fractional).
    pub low: Option<f64>,
    /// Upper bound (`None` for a vague amount).
    pub high: Option<f64>,
    /// Qualifier (`exact`, `about`, …).
    pub approx: &'a str,
    /// Counted noun or unit.
    pub unit: Option<&'a str>,
    /// Kind (`count`, `percent`, `money`, `length`, `duration`, `year`,
    /// `date`, `ordinal`, `quantity`, `label`; treat others as opaque).
    pub kind: &'a str,
}

/// One document, as the host passed it (borrowed for one call): the
/// host's own arrays, read in place.
#[derive(Debug)]
pub struct Doc<'a> {
    text: &'a str,
    normalized: &'a str,
    map: &'a [u32],
    back: &'a [u32],
    entities: RawArray<'a, abi::Entity>,
    figures: RawArray<'a, abi::Figure>,
    sentences: RawArray<'a, abi::Range>,
    id: &'a str,
    meta_json: &'a str,
}

#[derive(Debug)]
struct RawArray<'a, T> {
    ptr: *const u8,
    len: usize,
    stride: usize,
    _life: PhantomData<&'a T>,
}

impl<T> Clone for RawArray<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for RawArray<'_, T> {}

impl<'a, T> RawArray<'a, T> {
    fn empty() -> Self {
        RawArray {
            ptr: std::ptr::null(),
            len: 0,
            stride: 0,
            _life: PhantomData,
        }
    }

    /// # Safety
    /// `ptr` must point to `len` elements `stride` bytes apart, each starting
    /// with a valid `T`, valid for `'a`.
    unsafe fn new(ptr: *const T, len: usize, stride: usize) -> Result<Self, String> {
        if len == 0 {
            return Ok(Self::empty());
        }
        if ptr.is_null() || stride < std::mem::size_of::<T>() {
            return Err(format!(
                "array of {len} elements at {ptr:p} with element size {stride} (need at least {})",
                std::mem::size_of::<T>()
            ));
        }
        Ok(RawArray {
            ptr: ptr.cast(),
            len,
            stride,
            _life: PhantomData,
        })
    }

    fn iter(self) -> impl ExactSizeIterator<Item = &'a T> {
        // SAFETY: `i < len` and the constructor's contract.
        (0..self.len).map(move |i| unsafe { &*self.ptr.add(i * self.stride).cast::<T>() })
    }
}

/// # Safety
/// The host guarantees the bytes are valid UTF-8 and live for `'a`.
unsafe fn host_str<'a>(s: abi::Str) -> &'a str {
    // SAFETY: the ABI contract: host strings are valid UTF-8, alive for the
    // call.
    unsafe { std::str::from_utf8_unchecked(s.as_bytes()) }
}

impl<'a> Doc<'a> {
    /// # Safety
    /// `raw` must follow the ABI contract for host-provided documents.
    unsafe fn from_raw(raw: &'a abi::Doc) -> Result<Doc<'a>, String> {
        // SAFETY: contract of this function.
        unsafe {
            let text = host_str(raw.text);
            let normalized = host_str(raw.normalized);
            let map: &[u32] = if raw.norm_to_orig.is_null() || raw.norm_to_orig_len == 0 {
                &[]
            } else {
                std::slice::from_raw_parts(raw.norm_to_orig, raw.norm_to_orig_len)
            };
            if map.len() != normalized.len() + 1 {
                return Err(format!(
                    "offset map has {} entries for {} normalized bytes",
                    map.len(),
                    normalized.len()
                ));
            }
            let back: &[u32] = if raw.orig_to_norm.is_null() || raw.orig_to_norm_len == 0 {
                &[]
            } else {
                std::slice::from_raw_parts(raw.orig_to_norm, raw.orig_to_norm_len)
            };
            if !back.is_empty() && back.len() != text.len() + 1 {
                return Err(format!(
                    "original offset map has {} entries for {} bytes",
                    back.len(),
                    text.len()
                ));
            }
            Ok(Doc {
                text,
                normalized,
                map,
                back,
                entities: RawArray::new(raw.entities, raw.n_entities, raw.entity_size)?,
                figures: RawArray::new(raw.figures, raw.n_figures, raw.figure_size)?,
                sentences: RawArray::new(raw.sentences, raw.n_sentences, raw.sentence_size)?,
                id: host_str(raw.id),
                meta_json: host_str(raw.meta_json),
            })
        }
    }

    /// The decoded original text. Spans index this text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The document's id (`None` when the host was given none).
    pub fn id(&self) -> Option<&'a str> {
        Some(self.id).filter(|s| !s.is_empty())
    }

    /// The document's other input fields (JSON Lines fields besides `id`
    /// and `text`) as a JSON object's text, `None` when there are none.
    pub fn meta_json(&self) -> Option<&'a str> {
        Some(self.meta_json).filter(|s| !s.is_empty())
    }

    /// [`Doc::meta_json`] parsed (`None` when absent or not JSON).
    pub fn meta(&self) -> Option<serde_json::Value> {
        self.meta_json().and_then(|m| serde_json::from_str(m).ok())
    }

    /// The sentences of the original text, in order (spans without the
    /// whitespace between them).
    pub fn sentences(&self) -> impl ExactSizeIterator<Item = Span> + '_ {
        self.sentences.iter().map(|r| Span {
            start: r.start,
            end: r.end,
        })
    }

    /// The sentence that contains byte `offset` of the original text (a
    /// sentence's end belongs to it), if any.
    pub fn sentence_at(&self, offset: usize) -> Option<Span> {
        self.sentences()
            .find(|s| s.start <= offset && offset <= s.end)
    }

    /// Maps a byte offset of the original text to the normalized text
    /// (`None` past the end; a removed character maps to where the next
    /// kept one starts). A binary search over the normalized→original map,
    /// or a lookup when the host built the dense map (it does for plugins
    /// with `CAP_ORIG_TO_NORM`).
    pub fn to_normalized(&self, offset: usize) -> Option<usize> {
        if offset > self.text.len() {
            return None;
        }
        if !self.back.is_empty() {
            return self.back.get(offset).map(|&o| o as usize);
        }
        // The first normalized offset whose original offset is at or
        // after `offset` (the map is monotone), the end at most.
        let last = self.map.len().checked_sub(1)?;
        Some(
            self.map[..last]
                .partition_point(|&o| (o as usize) < offset)
                .min(last),
        )
    }

    /// The search-profile normalized text (diacritics removed, alef and
    /// hamza seats folded, ى→ي, ة→ه, digits to ASCII).
    pub fn normalized(&self) -> &'a str {
        self.normalized
    }

    /// Maps a byte offset of the normalized text to the original text
    /// (`None` past the end).
    pub fn to_original(&self, normalized_offset: usize) -> Option<usize> {
        self.map.get(normalized_offset).map(|&o| o as usize)
    }

    /// A span of the original text, checked: `start <= end <= len`, both on
    /// character boundaries.
    pub fn span(&self, start: usize, end: usize) -> Result<Span, SpanError> {
        check_span(self.text, start, end)
    }

    /// A span of the normalized text, checked like [`Doc::span`] against the
    /// normalized text and mapped to the original text.
    ///
    /// The original span covers every original character that produced the
    /// normalized slice, including the diacritics written on its letters.
    pub fn span_from_normalized(&self, start: usize, end: usize) -> Result<Span, SpanError> {
        check_span(self.normalized, start, end)?;
        let s = self.to_original(start).unwrap_or(self.text.len());
        let mut e = self.to_original(end).unwrap_or(self.text.len());
        // The map gives where the character *at* `end` starts; deleted
        // marks after the last kept letter belong to that letter, so they
        // are up to that point already. Guard against non-monotone maps.
        if e < s {
            e = s;
        }
        check_span(self.text, s, e)
    }

    /// The original text of a span (empty if the span is not of this text).
    pub fn slice(&self, span: Span) -> &'a str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The entities found by the host, in text order.
    pub fn entities(&self) -> impl ExactSizeIterator<Item = Entity<'a>> + '_ {
        let opt = |s: &'a str| Some(s).filter(|s| !s.is_empty());
        self.entities.iter().map(move |e| Entity {
            start: e.start,
            end: e.end,
            // SAFETY: host strings, see `host_str`.
            id: opt(unsafe { host_str(e.id) }),
            // SAFETY: as above.
            kind: unsafe { host_str(e.kind) },
            // SAFETY: as above.
            name: unsafe { host_str(e.name) },
            // SAFETY: as above.
            prefix: opt(unsafe { host_str(e.prefix) }),
            // SAFETY: as above.
            how: unsafe { host_str(e.how) },
        })
    }

    /// The figures found by the host, in text order.
    pub fn figures(&self) -> impl ExactSizeIterator<Item = Figure<'a>> + '_ {
        let opt = |x: f64| if x.is_nan() { None } else { Some(x) };
        self.figures.iter().map(move |f| {
            // SAFETY: host strings, see `host_str`.
            let unit = unsafe { host_str(f.unit) };
            Figure {
                start: f.start,
                end: f.end,
                low: opt(f.low),
                high: opt(f.high),
                // SAFETY: as above.
                approx: unsafe { host_str(f.approx) },
                unit: if unit.is_empty() { None } else { Some(unit) },
                // SAFETY: as above.
                kind: unsafe { host_str(f.kind) },
            }
        })
    }
}

fn check_span(text: &str, start: usize, end: usize) -> Result<Span, SpanError> {
    let err = |kind, offset| Err(SpanError::new(kind, (start, end), offset, text.len()));
    if start > end {
        return err(SpanErrorKind::Reversed, start);
    }
    if end > text.len() {
        return err(SpanErrorKind::OutOfRange, end);
    }
    for offset in [start, end] {
        if !text.is_char_boundary(offset) {
            return err(SpanErrorKind::NotCharBoundary, offset);
        }
    }
    Ok(Span { start, end })
}

/// Where a plugin puts the annotations of one document.
pub struct Output<'a> {
    sink: &'a abi::Sink,
    doc: usize,
    /// Reused buffer for serialized attributes (always UTF-8 JSON).
    attrs: Vec<u8>,
    /// Reused buffer for links.
    links: Vec<abi::Link>,
    accepted: usize,
    rejected: usize,
}

impl fmt::Debug for Output<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Output")
            .field("doc", &self.doc)
            .field("accepted", &self.accepted)
            .field("rejected", &self.rejected)
            .finish()
    }
}

impl Output<'_> {
    /// Adds an annotation without attributes. Returns whether the host
    /// accepted it (it drops invalid ones and counts them).
    pub fn add(&mut self, label: &str, span: Span) -> bool {
        self.send(label, span, false)
    }

    /// Adds an annotation with JSON attributes (an object, usually).
    pub fn add_with_attrs(&mut self, label: &str, span: Span, attrs: &serde_json::Value) -> bool {
        self.attrs.clear();
        if serde_json::to_writer(&mut self.attrs, attrs).is_err() {
            // Serializing a `Value` into memory cannot fail; if it ever
            // did, the annotation is rejected rather than sent malformed.
            self.rejected += 1;
            return false;
        }
        self.send(label, span, true)
    }

    /// Adds an annotation with extra labelled spans (`links`: role and
    /// span, e.g. `("speaker", span)`) and optional JSON attributes. The
    /// host checks each link like the main span and converts it with
    /// `--offsets char`; at most 64 links.
    pub fn add_with_links(
        &mut self,
        label: &str,
        span: Span,
        links: &[(&str, Span)],
        attrs: Option<&serde_json::Value>,
    ) -> bool {
        self.links.clear();
        self.links.extend(links.iter().map(|(role, s)| abi::Link {
            role: abi::Str::new(role),
            start: s.start,
            end: s.end,
        }));
        let ok = match attrs {
            Some(a) => self.add_with_attrs(label, span, a),
            None => self.send(label, span, false),
        };
        self.links.clear();
        ok
    }

    /// Number of annotations accepted by the host for this document so far.
    pub fn accepted(&self) -> usize {
        self.accepted
    }

    /// Number of annotations the host rejected for this document so far.
    pub fn rejected(&self) -> usize {
        self.rejected
    }

    fn send(&mut self, label: &str, span: Span, with_attrs: bool) -> bool {
        let ann = abi::Annotation {
            doc: self.doc,
            label: abi::Str::new(label),
            start: span.start,
            end: span.end,
            space: abi::SPACE_ORIGINAL,
            reserved: 0,
            attrs_json: if with_attrs {
                abi::Str {
                    ptr: self.attrs.as_ptr(),
                    len: self.attrs.len(),
                }
            } else {
                abi::Str::EMPTY
            },
            links: self.links.as_ptr(),
            n_links: self.links.len(),
            link_size: size_of::<abi::Link>(),
        };
        // SAFETY: the sink came from the host for this call and `ann`
        // borrows memory that outlives the call; the host copies it.
        let status = unsafe { (self.sink.emit)(self.sink.ctx, &ann) };
        if status == abi::STATUS_OK {
            self.accepted += 1;
            true
        } else {
            self.rejected += 1;
            false
        }
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        format!("panicked: {s}")
    } else if let Some(s) = payload.downcast_ref::<String>() {
        format!("panicked: {s}")
    } else {
        "panicked (non-string payload)".to_string()
    }
}

/// Writes `msg` into the host's buffer, truncated at a character boundary.
fn write_error(err: *mut abi::ErrorBuf, msg: &str) {
    if err.is_null() {
        return;
    }
    // SAFETY: the host passes a valid, exclusive ErrorBuf for the call.
    let buf = unsafe { &mut *err };
    if buf.ptr.is_null() {
        return;
    }
    let mut n = msg.len().min(buf.cap);
    while !msg.is_char_boundary(n) {
        n -= 1;
    }
    // SAFETY: `ptr` has `cap >= n` writable bytes, and cannot overlap `msg`,
    // which is our own allocation.
    unsafe { std::ptr::copy_nonoverlapping(msg.as_ptr(), buf.ptr, n) };
    buf.len = n;
}

/// Glue used by [`export_plugin!`]; not part of the stable API.
#[doc(hidden)]
pub mod __private {
    use super::*;

    /// An instance type the glue can drive.
    pub trait Glue: Send + Sized + 'static {
        const CAPABILITIES: u32;
        fn create(config: &str) -> Result<Self, Error>;
        /// # Safety
        /// `this` is a live instance created by `create`, used as the
        /// capabilities allow.
        unsafe fn extract(
            this: *mut Self,
            doc: &Doc<'_>,
            out: &mut Output<'_>,
        ) -> Result<(), Error>;
    }

    /// Per-thread wrapper of an [`Extractor`].
    pub struct PerThread<T>(T);
    /// Shared wrapper of a [`SharedExtractor`].
    pub struct Shared<T>(T);

    impl<T: Extractor> Glue for PerThread<T> {
        const CAPABILITIES: u32 = 0;
        fn create(config: &str) -> Result<Self, Error> {
            T::new(config).map(PerThread)
        }
        unsafe fn extract(
            this: *mut Self,
            doc: &Doc<'_>,
            out: &mut Output<'_>,
        ) -> Result<(), Error> {
            // SAFETY: the host never uses an instance without
            // CAP_THREAD_SAFE from two threads at once.
            unsafe { (*this).0.extract(doc, out) }
        }
    }

    impl<T: SharedExtractor> Glue for Shared<T> {
        const CAPABILITIES: u32 = abi::CAP_THREAD_SAFE;
        fn create(config: &str) -> Result<Self, Error> {
            T::new(config).map(Shared)
        }
        unsafe fn extract(
            this: *mut Self,
            doc: &Doc<'_>,
            out: &mut Output<'_>,
        ) -> Result<(), Error> {
            // SAFETY: only shared references are formed; T is Sync.
            unsafe { (*this.cast_const()).0.extract(doc, out) }
        }
    }

    /// The function table for `G`.
    pub const fn vtable<G: Glue>() -> abi::PluginVTable {
        abi::PluginVTable {
            create: Some(create::<G>),
            process_batch: Some(process_batch::<G>),
            destroy: Some(destroy::<G>),
        }
    }

    unsafe extern "C" fn create<G: Glue>(
        config: abi::Str,
        out: *mut *mut c_void,
        err: *mut abi::ErrorBuf,
    ) -> abi::Status {
        let result = catch_unwind(|| {
            // SAFETY: host string, valid for the call.
            let config = unsafe { host_str(config) };
            G::create(config)
        });
        match result {
            Ok(Ok(instance)) => {
                if out.is_null() {
                    write_error(err, "host passed a null output pointer");
                    return abi::STATUS_ERROR;
                }
                let ptr = Box::into_raw(Box::new(instance));
                // SAFETY: `out` is a valid pointer provided by the host.
                unsafe { *out = ptr.cast() };
                abi::STATUS_OK
            }
            Ok(Err(e)) => {
                write_error(err, e.message());
                abi::STATUS_ERROR
            }
            Err(payload) => {
                write_error(err, &panic_message(&*payload));
                abi::STATUS_PANIC
            }
        }
    }

    unsafe extern "C" fn destroy<G: Glue>(instance: *mut c_void) {
        if instance.is_null() {
            return;
        }
        // A panic in a destructor must not unwind into the host.
        let _ = catch_unwind(AssertUnwindSafe(|| {
            // SAFETY: `instance` came from `create::<G>` and is destroyed
            // once.
            drop(unsafe { Box::from_raw(instance.cast::<G>()) });
        }));
    }

    unsafe extern "C" fn process_batch<G: Glue>(
        instance: *mut c_void,
        batch: *const abi::Batch,
        sink: *const abi::Sink,
        err: *mut abi::ErrorBuf,
    ) -> abi::Status {
        if instance.is_null() || batch.is_null() || sink.is_null() {
            write_error(err, "host passed a null pointer");
            return abi::STATUS_ERROR;
        }
        // SAFETY: non-null, provided by the host for this call.
        let (batch, sink) = unsafe { (&*batch, &*sink) };
        if batch.n_docs > 0 && (batch.docs.is_null() || batch.doc_size < size_of::<abi::Doc>()) {
            write_error(
                err,
                &format!(
                    "host document size {} is smaller than the plugin's {}",
                    batch.doc_size,
                    size_of::<abi::Doc>()
                ),
            );
            return abi::STATUS_ERROR;
        }
        let instance = instance.cast::<G>();
        let mut attrs = Vec::new();
        let mut links = Vec::new();
        for i in 0..batch.n_docs {
            // SAFETY: `i < n_docs`, stride checked above.
            let raw = unsafe {
                &*batch
                    .docs
                    .cast::<u8>()
                    .add(i * batch.doc_size)
                    .cast::<abi::Doc>()
            };
            // SAFETY: host document, per the ABI contract.
            let doc = match unsafe { Doc::from_raw(raw) } {
                Ok(doc) => doc,
                Err(msg) => {
                    write_error(err, &format!("document {i}: {msg}"));
                    return abi::STATUS_ERROR;
                }
            };
            let mut out = Output {
                sink,
                doc: i,
                attrs: std::mem::take(&mut attrs),
                links: std::mem::take(&mut links),
                accepted: 0,
                rejected: 0,
            };
            let result = catch_unwind(AssertUnwindSafe(|| {
                // SAFETY: the host's threading contract for this instance.
                unsafe { G::extract(instance, &doc, &mut out) }
            }));
            attrs = std::mem::take(&mut out.attrs);
            links = std::mem::take(&mut out.links);
            match result {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    // SAFETY: host callback; copies the message.
                    unsafe {
                        (sink.doc_error)(sink.ctx, i, abi::DOC_ERROR, abi::Str::new(e.message()))
                    };
                }
                Err(payload) => {
                    let msg = panic_message(&*payload);
                    // Dropping the payload could itself panic; do not let it.
                    let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
                    // SAFETY: host callback; copies the message.
                    unsafe { (sink.doc_error)(sink.ctx, i, abi::DOC_PANIC, abi::Str::new(&msg)) };
                    write_error(err, &msg);
                    return abi::STATUS_PANIC;
                }
            }
        }
        abi::STATUS_OK
    }
}

/// Exports a plugin type from a `cdylib`.
///
/// * `export_plugin!(MyType)` — an [`Extractor`], one instance per worker
///   thread; name and version from the crate's `Cargo.toml`.
/// * `export_plugin!(MyType, name = "dates", version = "1.2.0")`.
/// * `export_plugin!(shared MyType)` / `export_plugin!(shared MyType, name =
///   …, version = …)` — a [`SharedExtractor`], one instance for all
///   threads.
///
/// It defines `pub extern "C" fn khabar_plugin_v1()` (the library's entry
/// point) and `pub const KHABAR_PLUGIN: EntryPoint` (the same entry point as
/// a value, for running the plugin in-process in tests). Use it once per
/// library, at the crate root.
#[macro_export]
macro_rules! export_plugin {
    (shared $ty:ty) => {
        $crate::export_plugin!(shared $ty, name = env!("CARGO_PKG_NAME"), version = env!("CARGO_PKG_VERSION"));
    };
    (shared $ty:ty, name = $name:expr, version = $version:expr $(,)?) => {
        $crate::__export_glue!($crate::__private::Shared<$ty>, $name, $version);
    };
    ($ty:ty) => {
        $crate::export_plugin!($ty, name = env!("CARGO_PKG_NAME"), version = env!("CARGO_PKG_VERSION"));
    };
    ($ty:ty, name = $name:expr, version = $version:expr $(,)?) => {
        $crate::__export_glue!($crate::__private::PerThread<$ty>, $name, $version);
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __export_glue {
    ($glue:ty, $name:expr, $version:expr) => {
        /// The plugin's entry point (khabar plugin ABI v1).
        #[unsafe(no_mangle)]
        pub extern "C" fn khabar_plugin_v1() -> *const $crate::abi::PluginHeader {
            static VTABLE: $crate::abi::PluginVTable = $crate::__private::vtable::<$glue>();
            static HEADER: $crate::abi::PluginHeader = $crate::abi::PluginHeader::new(
                $name,
                $version,
                <$glue as $crate::__private::Glue>::CAPABILITIES,
                &VTABLE,
            );
            &HEADER
        }

        /// The plugin's entry point as a value, to run it in-process.
        // SAFETY: `khabar_plugin_v1` is generated above by the SDK and
        // follows the ABI contract.
        pub const KHABAR_PLUGIN: $crate::abi::EntryPoint =
            unsafe { $crate::abi::EntryPoint::new(khabar_plugin_v1) };
    };
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_checked() {
        let text = "أبو x";
        type Want = Result<(), (SpanErrorKind, usize, &'static str)>;
        let cases: &[(usize, usize, Want)] = &[
            (0, 2, Ok(())),
            (
                0,
                1,
                Err((
                    SpanErrorKind::NotCharBoundary,
                    1,
                    "offset 1 is inside a UTF-8 character",
                )),
            ),
            (
                3,
                1,
                Err((SpanErrorKind::Reversed, 3, "span 3..1 is reversed")),
            ),
            (
                0,
                99,
                Err((
                    SpanErrorKind::OutOfRange,
                    99,
                    "offset 99 is past the end of the text (8 bytes)",
                )),
            ),
            (text.len(), text.len(), Ok(())),
        ];
        for &(s, e, ref want) in cases {
            let got = check_span(text, s, e).map(|_| ()).map_err(|err| {
                assert_eq!(err.span(), (s, e));
                (err.kind(), err.offset(), err.to_string())
            });
            let want = want.map_err(|(k, o, m)| (k, o, m.to_string()));
            assert_eq!(got, want, "{s}..{e}");
        }
    }

    #[test]
    fn error_buffer_truncates_on_char_boundary() {
        let mut bytes = [0u8; 3];
        let mut buf = abi::ErrorBuf {
            ptr: bytes.as_mut_ptr(),
            cap: bytes.len(),
            len: 0,
        };
        write_error(&mut buf, "بب");
        assert_eq!(buf.len, 2);
        assert_eq!(&bytes[..2], "ب".as_bytes());
    }
}
