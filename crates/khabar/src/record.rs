//! The output record, schema v1: one JSON object per document.
//!
//! ```
//! use khabar::{Pipeline, record::{DocMeta, Offsets, RecordOptions, write_record}};
//!
//! let pipeline = Pipeline::builder().build()?;
//! let result = pipeline.process("زار لافروف موسكو".as_bytes());
//! let meta = DocMeta { id: "doc1", source: "inline", meta: None };
//! let opts = RecordOptions { offsets: Offsets::Char, include_text: false };
//! let mut line = Vec::new();
//! write_record(&mut line, &meta, &result, &opts);
//! let v: serde_json::Value = serde_json::from_slice(&line)?;
//! assert_eq!(v["entities"][0]["id"], "sergey-lavrov");
//! assert_eq!(v["entities"][0]["start"], 4); // chars, not bytes
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::{CharOffsets, Document, ProcessError};

/// How spans are counted in the output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Offsets {
    /// UTF-8 byte offsets into `text` (the default).
    #[default]
    Byte,
    /// Unicode scalar value offsets into `text`.
    Char,
}

/// Options that shape a record.
#[derive(Clone, Copy, Debug, Default)]
pub struct RecordOptions {
    /// Byte or char offsets.
    pub offsets: Offsets,
    /// Include the decoded text as `text`.
    pub include_text: bool,
}

/// Where a document came from.
#[derive(Clone, Copy, Debug)]
pub struct DocMeta<'a> {
    /// The document id (file stem, or the `id` of a JSON Lines line).
    pub id: &'a str,
    /// The input it came from (`path`, or `path:line` for JSON Lines).
    pub source: &'a str,
    /// Other fields of a JSON Lines line, passed through.
    pub meta: Option<&'a Map<String, Value>>,
}

/// Appends the record for `result` to `out` as one line of JSON, ending in
/// `\n`.
///
/// Written by hand (field order, escaping and numbers exactly as
/// `serde_json` would write them, plus U+0085, U+2028 and U+2029 escaped: a property test holds
/// the two byte-identical) because records are the hot path of output.
pub fn write_record(
    out: &mut Vec<u8>,
    meta: &DocMeta<'_>,
    result: &Result<Document<'_>, ProcessError>,
    opts: &RecordOptions,
) {
    write_record_with(out, meta, result, opts, None);
}

/// [`write_record`], copying each entity's fixed fields from `entries`
/// where it has them (see [`crate::Pipeline::write_record`]).
pub(crate) fn write_record_with(
    out: &mut Vec<u8>,
    meta: &DocMeta<'_>,
    result: &Result<Document<'_>, ProcessError>,
    opts: &RecordOptions,
    entries: Option<&EntryJson>,
) {
    let mut w = Out(out);
    w.raw(b"{\"id\":");
    w.str(meta.id);
    w.raw(b",\"source\":");
    w.str(meta.source);
    if let Some(m) = meta.meta {
        w.raw(b",\"meta\":");
        w.value(m);
    }
    match result {
        Ok(doc) => write_doc(&mut w, doc, opts, entries),
        Err(e) => {
            w.raw(b",\"error\":{\"kind\":");
            w.str(e.kind().as_str());
            w.raw(b",\"message\":");
            w.str(&e.to_string());
            w.raw(b"}");
        }
    }
    w.raw(b"}\n");
}

fn write_doc(
    w: &mut Out<'_>,
    doc: &Document<'_>,
    opts: &RecordOptions,
    entries: Option<&EntryJson>,
) {
    let spans = Spans::new(doc.text.as_str(), opts.offsets);
    w.raw(b",\"encoding\":");
    w.str(doc.encoding);
    w.raw(b",\"repairs\":[");
    write_repairs(w, &spans, &doc.repairs);
    w.raw(b"],\"entities\":[");
    write_entities(w, &spans, &doc.entities, entries);
    w.raw(b"],\"figures\":[");
    write_figures(w, &spans, &doc.figures);
    w.raw(b"],\"annotations\":[");
    write_annotations(w, &spans, &doc.annotations);
    w.raw(b"]");
    if !doc.plugin_errors.is_empty() {
        w.raw(b",\"plugin_errors\":[");
        for (i, e) in doc.plugin_errors.iter().enumerate() {
            w.sep(i);
            w.raw(b"{\"plugin\":");
            w.str(&e.plugin);
            w.raw(b",\"kind\":");
            w.str(&e.kind);
            w.raw(b",\"message\":");
            w.str(&e.message);
            w.raw(b"}");
        }
        w.raw(b"]");
    }
    if let Some(claims) = &doc.claims {
        w.raw(b",\"claims\":[");
        for (i, c) in claims.iter().enumerate() {
            w.sep(i);
            c.write_json(w.0, |b| spans.at(b));
        }
        w.raw(b"]");
    }
    if opts.include_text {
        w.raw(b",\"text\":");
        w.str(spans.text);
    }
}

/// A span's `"start":…,"end":…,"text":…` fields (after `{`), in the
/// record's offsets.
fn span_fields(w: &mut Out<'_>, spans: &Spans<'_>, start: usize, end: usize) {
    w.raw(b"\"start\":");
    w.uint(spans.at(start));
    w.raw(b",\"end\":");
    w.uint(spans.at(end));
    w.raw(b",\"text\":");
    w.str(spans.slice(start, end));
}

fn write_repairs(w: &mut Out<'_>, spans: &Spans<'_>, repairs: &[khabar_decode::Repair]) {
    for (i, r) in repairs.iter().enumerate() {
        w.sep(i);
        w.raw(b"{\"kind\":");
        w.str(r.kind.as_str());
        w.raw(b",\"start\":");
        w.uint(spans.at(r.start));
        w.raw(b",\"end\":");
        w.uint(spans.at(r.end));
        w.raw(b",\"original\":");
        w.str(&r.original);
        w.raw(b"}");
    }
}

fn write_entities(
    w: &mut Out<'_>,
    spans: &Spans<'_>,
    entities: &[crate::Entity<'_>],
    entries: Option<&EntryJson>,
) {
    for (i, e) in entities.iter().enumerate() {
        w.sep(i);
        w.raw(b"{");
        span_fields(w, spans, e.start, e.end);
        let cached = match (e.id, &e.name) {
            (Some(id), std::borrow::Cow::Borrowed(name)) => {
                entries.and_then(|t| t.get(id, e.kind, name))
            }
            _ => None,
        };
        match cached {
            Some(json) => w.raw(json),
            None => entry_fields(w, e.id, e.kind, &e.name),
        }
        w.raw(b",\"prefix\":");
        w.opt_str(e.prefix);
        w.raw(b",\"how\":");
        w.str(e.how.as_str());
        w.raw(b"}");
    }
}

fn write_figures(w: &mut Out<'_>, spans: &Spans<'_>, figures: &[khabar_figures::Figure]) {
    for (i, f) in figures.iter().enumerate() {
        w.sep(i);
        w.raw(b"{");
        span_fields(w, spans, f.start, f.end);
        w.raw(b",\"low\":");
        w.num(f.low);
        w.raw(b",\"high\":");
        w.num(f.high);
        w.raw(b",\"approx\":");
        w.str(f.approx.as_str());
        w.raw(b",\"unit\":");
        w.opt_str(f.unit.as_deref());
        w.raw(b",\"kind\":");
        w.str(f.kind.as_str());
        w.raw(b"}");
    }
}

fn write_annotations(
    w: &mut Out<'_>,
    spans: &Spans<'_>,
    annotations: &[khabar_plugin_host::Annotation],
) {
    for (i, a) in annotations.iter().enumerate() {
        w.sep(i);
        w.raw(b"{\"plugin\":");
        w.str(&a.plugin);
        w.raw(b",\"label\":");
        w.str(&a.label);
        w.raw(b",");
        span_fields(w, spans, a.start, a.end);
        w.raw(b",\"attrs\":");
        match &a.attrs {
            Some(v) => w.value(v),
            None => w.raw(b"null"),
        }
        // Schema v1.1: extra labelled spans, only when there are some (so
        // that records of 1.0 plugins stay byte-identical).
        if !a.links.is_empty() {
            w.raw(b",\"links\":[");
            for (j, l) in a.links.iter().enumerate() {
                w.sep(j);
                w.raw(b"{\"role\":");
                w.str(&l.role);
                w.raw(b",");
                span_fields(w, spans, l.start, l.end);
                w.raw(b"}");
            }
            w.raw(b"]");
        }
        w.raw(b"}");
    }
}

/// An entity's fixed fields: `,"id":…,"type":…,"name":…` (`"id":null`
/// for a name found by its context).
fn entry_fields(w: &mut Out<'_>, id: Option<&str>, kind: &str, name: &str) {
    w.raw(b",\"id\":");
    w.opt_str(id);
    w.raw(b",\"type\":");
    w.str(kind);
    w.raw(b",\"name\":");
    w.str(name);
}

/// The fixed fields of every gazetteer entry, written once as JSON and
/// copied into each record that mentions the entry (ids, types and names
/// are most of an entity's bytes, and escaping them again for every
/// mention was a tenth of the record writer).
///
/// Looked up by the entry's own strings (the ones its matches point to):
/// a lookup succeeds only when id, type and name are the very same
/// strings, so an entity from elsewhere (another gazetteer, built by hand)
/// is written field by field, never with another entry's JSON.
pub(crate) struct EntryJson {
    by_id: HashMap<usize, Fields, BuildPtrHash>,
}

/// One entry's strings (id, type, name) and their JSON.
struct Fields {
    id: StrKey,
    kind: StrKey,
    name: StrKey,
    json: Box<[u8]>,
}

/// Where a string lives and how long it is.
type StrKey = (usize, usize);

fn key(s: &str) -> StrKey {
    (s.as_ptr() as usize, s.len())
}

impl EntryJson {
    /// The JSON of every entry of `entries`.
    pub(crate) fn new<'g>(entries: impl Iterator<Item = khabar_gazetteer::Entry<'g>>) -> EntryJson {
        let mut by_id = HashMap::with_hasher(BuildPtrHash);
        for e in entries {
            let mut json = Vec::new();
            entry_fields(&mut Out(&mut json), Some(e.id), e.kind, e.name);
            by_id.entry(e.id.as_ptr() as usize).or_insert(Fields {
                id: key(e.id),
                kind: key(e.kind),
                name: key(e.name),
                json: json.into_boxed_slice(),
            });
        }
        EntryJson { by_id }
    }

    #[inline]
    fn get(&self, id: &str, kind: &str, name: &str) -> Option<&[u8]> {
        let f = self.by_id.get(&(id.as_ptr() as usize))?;
        (f.id == key(id) && f.kind == key(kind) && f.name == key(name)).then_some(&*f.json)
    }
}

/// Hashes the pointer keys of [`EntryJson`] with one multiplication (the
/// standard SipHash costs more than the copy it saves).
#[derive(Clone, Copy, Default)]
pub(crate) struct BuildPtrHash;

impl std::hash::BuildHasher for BuildPtrHash {
    type Hasher = PtrHash;
    fn build_hasher(&self) -> PtrHash {
        PtrHash(0)
    }
}

/// See [`BuildPtrHash`].
pub(crate) struct PtrHash(u64);

impl std::hash::Hasher for PtrHash {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b) ^ self.0.rotate_left(8));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let h = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 32);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The output buffer with the few JSON primitives a record needs.
struct Out<'a>(&'a mut Vec<u8>);

impl Out<'_> {
    #[inline]
    fn raw(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    /// A comma before every array element but the first.
    #[inline]
    fn sep(&mut self, index: usize) {
        if index > 0 {
            self.0.push(b',');
        }
    }

    #[inline]
    fn uint(&mut self, n: usize) {
        self.raw(itoa::Buffer::new().format(n).as_bytes());
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.raw(b"null"),
        }
    }

    /// A figure bound: integers as JSON integers (exact up to 2^53), other
    /// finite numbers as serde_json writes them, anything else null.
    fn num(&mut self, v: Option<f64>) {
        match v {
            Some(v) => match integral(v) {
                Some(i) => self.raw(itoa::Buffer::new().format(i).as_bytes()),
                None if v.is_finite() => self.value(&v),
                None => self.raw(b"null"),
            },
            None => self.raw(b"null"),
        }
    }

    /// Anything else (pass-through `meta`, plugin `attrs`, fractional
    /// numbers): through serde_json, with the same escaping.
    fn value(&mut self, v: &impl Serialize) {
        let mut ser = serde_json::Serializer::with_formatter(&mut *self.0, LineSafe);
        if v.serialize(&mut ser).is_err() {
            // Serializing into a Vec cannot fail; keep the line valid JSON
            // if it ever did.
            self.raw(b"null");
        }
    }

    /// A JSON string, escaped as serde_json does, plus U+0085, U+2028 and
    /// U+2029 (see [`LineSafe`]).
    fn str(&mut self, s: &str) {
        let out = &mut *self.0;
        let b = s.as_bytes();
        // Room for the common case (nothing escaped) up front, so that the
        // pushes below never reallocate in the middle of a string.
        out.reserve(b.len() + 2);
        out.push(b'"');
        let mut i = 0;
        loop {
            // Eight bytes at a time while none of them needs a look, each
            // word copied as a fixed-size store: strings here are short,
            // and a `memcpy` call per run cost more than the copy.
            while let Some(word) = b.get(i..i + 8) {
                let mut w = [0u8; 8];
                w.copy_from_slice(word);
                if needs_look(u64::from_le_bytes(w)) {
                    break;
                }
                out.extend_from_slice(&w);
                i += 8;
            }
            let Some(&c) = b.get(i) else { break };
            let (escape, width): (&[u8], usize) = match c {
                b'"' => (b"\\\"", 1),
                b'\\' => (b"\\\\", 1),
                b'\n' => (b"\\n", 1),
                b'\r' => (b"\\r", 1),
                b'\t' => (b"\\t", 1),
                0x08 => (b"\\b", 1),
                0x0C => (b"\\f", 1),
                0x00..=0x1F => {
                    out.extend_from_slice(b"\\u00");
                    out.push(HEX[usize::from(c >> 4)]);
                    out.push(HEX[usize::from(c & 0xF)]);
                    i += 1;
                    continue;
                }
                0xC2 if b.get(i + 1) == Some(&0x85) => (b"\\u0085", 2),
                0xE2 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0xA8) => {
                    (b"\\u2028", 3)
                }
                0xE2 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0xA9) => {
                    (b"\\u2029", 3)
                }
                _ => {
                    out.push(c);
                    i += 1;
                    continue;
                }
            };
            out.extend_from_slice(escape);
            i += width;
        }
        out.push(b'"');
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// True when one of the eight bytes of `w` may start an escape: a control
/// byte, `"`, `\\`, or the lead bytes 0xC2 and 0xE2 of U+0085 and
/// U+2028/U+2029 (bit tricks on the whole word; the byte loop then looks
/// closer). Never false for a word that has one.
#[inline(always)]
fn needs_look(w: u64) -> bool {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // A byte below 0x20 (the high bit of ~w excludes bytes >= 0x80).
    let control = w.wrapping_sub(LO * 0x20) & !w & HI;
    let zero = |x: u64| x.wrapping_sub(LO) & !x & HI;
    control
        | zero(w ^ (LO * u64::from(b'"')))
        | zero(w ^ (LO * u64::from(b'\\')))
        | zero(w ^ (LO * 0xC2))
        | zero(w ^ (LO * 0xE2))
        != 0
}

/// `v` as an integer when it is one and JSON can carry it exactly.
fn integral(v: f64) -> Option<i64> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    (v.fract() == 0.0 && v.abs() <= EXACT).then_some(v as i64)
}

/// JSON formatter that also escapes the characters some readers of JSON
/// Lines take for line breaks although JSON allows them raw: U+0085 (NEL),
/// U+2028 and U+2029 (Python's `str.splitlines`, JavaScript before ES2019).
/// Control characters below U+0020 are escaped by serde_json already.
struct LineSafe;

impl serde_json::ser::Formatter for LineSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        // U+0085 is C2 85 in UTF-8; U+2028/U+2029 are E2 80 A8/A9.
        while let Some(i) = memchr::memchr2(0xC2, 0xE2, rest.as_bytes()) {
            // C2 and E2 are lead bytes, so `i` is on a char boundary.
            let Some(c) = rest[i..].chars().next() else {
                break;
            };
            let escape = match c {
                '\u{0085}' => "\\u0085",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => {
                    w.write_all(&rest.as_bytes()[..i + c.len_utf8()])?;
                    rest = &rest[i + c.len_utf8()..];
                    continue;
                }
            };
            w.write_all(&rest.as_bytes()[..i])?;
            w.write_all(escape.as_bytes())?;
            rest = &rest[i + c.len_utf8()..];
        }
        w.write_all(rest.as_bytes())
    }
}

/// A document's text and its spans' offsets in the record: bytes as
/// they are, or chars ([`CharOffsets`]).
struct Spans<'t> {
    text: &'t str,
    chars: Option<CharOffsets<'t>>,
}

impl<'t> Spans<'t> {
    fn new(text: &'t str, mode: Offsets) -> Spans<'t> {
        let chars = (mode == Offsets::Char).then(|| CharOffsets::new(text));
        Spans { text, chars }
    }

    /// The record's offset of byte offset `byte`.
    fn at(&self, byte: usize) -> usize {
        self.chars.as_ref().map_or(byte, |c| c.char_of(byte))
    }

    /// The text of a span (empty if the span is not one of the text).
    fn slice(&self, start: usize, end: usize) -> &'t str {
        self.text.get(start..end).unwrap_or("")
    }
}

/// The serde_json serialization of a record: the oracle the hand-written
/// writer must match byte for byte.
#[cfg(test)]
pub(crate) mod reference {
    use serde::Serializer;

    use super::*;

    pub(crate) fn write_record(
        out: &mut Vec<u8>,
        meta: &DocMeta<'_>,
        result: &Result<Document<'_>, ProcessError>,
        opts: &RecordOptions,
    ) {
        let mut ser = serde_json::Serializer::with_formatter(&mut *out, LineSafe);
        let written = match result {
            Ok(doc) => ok_record(meta, doc, opts).serialize(&mut ser),
            Err(e) => ErrorRecord {
                id: meta.id,
                source: meta.source,
                meta: meta.meta,
                error: ErrorBody {
                    kind: e.kind().as_str(),
                    message: &e.to_string(),
                },
            }
            .serialize(&mut ser),
        };
        assert!(written.is_ok());
        out.push(b'\n');
    }

    fn ok_record<'a>(
        meta: &DocMeta<'a>,
        doc: &'a Document<'_>,
        opts: &RecordOptions,
    ) -> Record<'a> {
        let text = doc.text.as_str();
        let conv = Naive {
            text,
            chars: opts.offsets == Offsets::Char,
        };
        let slice = |s: usize, e: usize| text.get(s..e).unwrap_or("");
        Record {
            id: meta.id,
            source: meta.source,
            meta: meta.meta,
            encoding: doc.encoding,
            repairs: doc
                .repairs
                .iter()
                .map(|r| RepairOut {
                    kind: r.kind.as_str(),
                    start: conv.at(r.start),
                    end: conv.at(r.end),
                    original: &r.original,
                })
                .collect(),
            entities: doc
                .entities
                .iter()
                .map(|e| EntityOut {
                    start: conv.at(e.start),
                    end: conv.at(e.end),
                    text: slice(e.start, e.end),
                    id: e.id,
                    kind: e.kind,
                    name: &e.name,
                    prefix: e.prefix,
                    how: e.how.as_str(),
                })
                .collect(),
            figures: doc
                .figures
                .iter()
                .map(|f| FigureOut {
                    start: conv.at(f.start),
                    end: conv.at(f.end),
                    text: slice(f.start, f.end),
                    low: Num(f.low),
                    high: Num(f.high),
                    approx: f.approx.as_str(),
                    unit: f.unit.as_deref(),
                    kind: f.kind.as_str(),
                })
                .collect(),
            annotations: doc
                .annotations
                .iter()
                .map(|a| AnnotationOut {
                    plugin: &a.plugin,
                    label: &a.label,
                    start: conv.at(a.start),
                    end: conv.at(a.end),
                    text: slice(a.start, a.end),
                    attrs: a.attrs.as_ref(),
                    links: a
                        .links
                        .iter()
                        .map(|l| LinkOut {
                            role: &l.role,
                            start: conv.at(l.start),
                            end: conv.at(l.end),
                            text: slice(l.start, l.end),
                        })
                        .collect(),
                })
                .collect(),
            plugin_errors: doc
                .plugin_errors
                .iter()
                .map(|e| PluginErrorOut {
                    plugin: &e.plugin,
                    kind: &e.kind,
                    message: &e.message,
                })
                .collect(),
            text: opts.include_text.then_some(text),
        }
    }

    /// The record's offsets counted the obvious way (the chars before a
    /// byte offset, one by one), as the oracle of [`CharOffsets`].
    struct Naive<'t> {
        text: &'t str,
        chars: bool,
    }

    impl Naive<'_> {
        fn at(&self, byte: usize) -> usize {
            if !self.chars {
                return byte;
            }
            self.text
                .char_indices()
                .take_while(|&(i, _)| i < byte)
                .count()
        }
    }

    /// A figure bound: integers print as JSON integers (exact up to 2^53).
    pub(crate) struct Num(pub(crate) Option<f64>);

    impl Serialize for Num {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self.0 {
                Some(v) if integral(v).is_some() => s.serialize_i64(v as i64),
                Some(v) if v.is_finite() => s.serialize_f64(v),
                _ => s.serialize_none(),
            }
        }
    }

    #[derive(Serialize)]
    struct Record<'a> {
        id: &'a str,
        source: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        meta: Option<&'a Map<String, Value>>,
        encoding: &'a str,
        repairs: Vec<RepairOut<'a>>,
        entities: Vec<EntityOut<'a>>,
        figures: Vec<FigureOut<'a>>,
        annotations: Vec<AnnotationOut<'a>>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        plugin_errors: Vec<PluginErrorOut<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        text: Option<&'a str>,
    }

    #[derive(Serialize)]
    struct RepairOut<'a> {
        kind: &'a str,
        start: usize,
        end: usize,
        original: &'a str,
    }

    #[derive(Serialize)]
    struct EntityOut<'a> {
        start: usize,
        end: usize,
        text: &'a str,
        id: Option<&'a str>,
        #[serde(rename = "type")]
        kind: &'a str,
        name: &'a str,
        prefix: Option<&'a str>,
        how: &'static str,
    }

    #[derive(Serialize)]
    struct FigureOut<'a> {
        start: usize,
        end: usize,
        text: &'a str,
        low: Num,
        high: Num,
        approx: &'a str,
        unit: Option<&'a str>,
        kind: &'a str,
    }

    #[derive(Serialize)]
    struct AnnotationOut<'a> {
        plugin: &'a str,
        label: &'a str,
        start: usize,
        end: usize,
        text: &'a str,
        attrs: Option<&'a Value>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        links: Vec<LinkOut<'a>>,
    }

    #[derive(Serialize)]
    struct LinkOut<'a> {
        role: &'a str,
        start: usize,
        end: usize,
        text: &'a str,
    }

    #[derive(Serialize)]
    struct PluginErrorOut<'a> {
        plugin: &'a str,
        kind: &'a str,
        message: &'a str,
    }

    #[derive(Serialize)]
    struct ErrorRecord<'a> {
        id: &'a str,
        source: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        meta: Option<&'a Map<String, Value>>,
        error: ErrorBody<'a>,
    }

    #[derive(Serialize)]
    struct ErrorBody<'a> {
        kind: &'a str,
        message: &'a str,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_integers_when_integral() {
        let j = |v| serde_json::to_string(&reference::Num(v)).unwrap();
        let fast = |v| {
            let mut out = Vec::new();
            Out(&mut out).num(v);
            String::from_utf8(out).unwrap()
        };
        for v in [
            Some(25000.0),
            Some(1.5),
            Some(1e15),
            Some(-3.0),
            Some(0.1),
            Some(1e300),
            None,
            Some(f64::NAN),
            Some(f64::INFINITY),
        ] {
            assert_eq!(fast(v), j(v), "{v:?}");
        }
        assert_eq!(j(Some(25000.0)), "25000");
        assert_eq!(j(Some(1.5)), "1.5");
        assert_eq!(j(Some(1e15)), "1000000000000000");
        assert_eq!(j(None), "null");
        assert_eq!(j(Some(f64::NAN)), "null");
    }

    #[test]
    fn line_separators_are_escaped() {
        let text = "a\u{85}b\u{2028}c\u{2029}d é\n";
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, LineSafe);
        text.serialize(&mut ser).unwrap();
        let json = String::from_utf8(out).unwrap();
        assert_eq!(json, r#""a\u0085b\u2028c\u2029d é\n""#);
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
        assert_eq!(json.lines().count(), 1);
    }

    #[test]
    fn entry_json_answers_only_for_the_entry_own_strings() {
        let text = String::from("moscowLOCموسكو\"x\"PERname");
        let (id, kind, name) = (&text[0..6], &text[6..9], &text[9..19]);
        let (id2, kind2, name2) = (&text[19..22], &text[22..25], &text[25..29]);
        let table = EntryJson::new(
            [
                khabar_gazetteer::Entry { id, kind, name },
                khabar_gazetteer::Entry {
                    id: id2,
                    kind: kind2,
                    name: name2,
                },
            ]
            .into_iter(),
        );
        let json = |id, kind, name| {
            table
                .get(id, kind, name)
                .map(|j| String::from_utf8(j.to_vec()).unwrap())
        };
        assert_eq!(
            json(id, kind, name).as_deref(),
            Some(",\"id\":\"moscow\",\"type\":\"LOC\",\"name\":\"موسكو\"")
        );
        assert_eq!(
            json(id2, kind2, name2).as_deref(),
            Some(",\"id\":\"\\\"x\\\"\",\"type\":\"PER\",\"name\":\"name\"")
        );
        // Same content elsewhere, or another entry's name: no answer.
        let copy = id.to_string();
        assert_eq!(json(&copy, kind, name), None);
        assert_eq!(json(id, kind, name2), None);
        assert_eq!(json(id, kind2, name), None);
        assert_eq!(json(&id[..5], kind, name), None);
    }

    #[test]
    fn char_offsets_count_scalars() {
        let doc = Document {
            text: "ab موسكو x".to_string(),
            encoding: "utf-8",
            repairs: Vec::new(),
            entities: vec![crate::Entity {
                start: 3,
                end: 13,
                id: Some("moscow"),
                kind: "LOC",
                name: "موسكو".into(),
                prefix: None,
                how: crate::How::Gazetteer,
            }],
            figures: Vec::new(),
            annotations: Vec::new(),
            plugin_errors: Vec::new(),
            claims: None,
        };
        let spans = Spans::new(&doc.text, Offsets::Char);
        assert_eq!((spans.at(3), spans.at(13)), (3, 8));
        let text: String = doc.text.chars().skip(3).take(5).collect();
        assert_eq!(text, "موسكو");
    }

    /// Spans cut to character boundaries of `text`, each
    /// in order.
    fn fit_spans(text: &str, spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
        let fix = |o: usize| {
            let mut o = o % (text.len() + 1);
            while !text.is_char_boundary(o) {
                o -= 1;
            }
            o
        };
        spans
            .into_iter()
            .map(|(a, b)| {
                let (a, b) = (fix(a), fix(b));
                (a.min(b), a.max(b))
            })
            .collect()
    }

    /// An entity per span: every third one found by a pattern (no id).
    fn entities_at(
        spans: &[(usize, usize)],
        pick: &dyn Fn(usize) -> &'static str,
    ) -> Vec<crate::Entity<'static>> {
        spans
            .iter()
            .enumerate()
            .map(|(i, &(a, b))| crate::Entity {
                start: a,
                end: b,
                id: (i % 3 != 0).then(|| pick(i + 1)),
                kind: pick(i + 2),
                name: pick(i + 3).into(),
                prefix: (i % 2 == 0).then(|| pick(i + 4)),
                how: if i % 3 == 0 {
                    crate::How::Pattern
                } else {
                    crate::How::Gazetteer
                },
            })
            .collect()
    }

    /// A figure per span, with `low` and some other bound.
    fn figures_at(
        spans: &[(usize, usize)],
        low: Option<f64>,
        pick: &dyn Fn(usize) -> &'static str,
    ) -> Vec<khabar_figures::Figure> {
        spans
            .iter()
            .enumerate()
            .map(|(i, &(a, b))| khabar_figures::Figure {
                start: a,
                end: b,
                low,
                high: if i % 3 == 0 {
                    None
                } else {
                    Some(i as f64 * 0.5)
                },
                approx: khabar_figures::Approx::About,
                unit: (i % 2 == 1).then(|| pick(i).to_string()),
                kind: khabar_figures::Kind::Count,
            })
            .collect()
    }

    /// An annotation per span, some with attributes and links.
    fn annotations_at(
        spans: &[(usize, usize)],
        pick: &dyn Fn(usize) -> &'static str,
    ) -> Vec<khabar_plugin_host::Annotation> {
        spans
            .iter()
            .enumerate()
            .map(|(i, &(a, b))| khabar_plugin_host::Annotation {
                plugin: pick(i).to_string(),
                label: pick(i + 1).to_string(),
                start: a,
                end: b,
                attrs: (i % 2 == 0).then(|| serde_json::json!({"k": pick(i + 2), "n": i})),
                // Links point back at earlier spans (a speaker before
                // the quote), so offsets are converted out of order.
                links: (0..i % 3)
                    .map(|j| khabar_plugin_host::Link {
                        role: pick(i + j).to_string(),
                        start: spans[j % spans.len()].0,
                        end: spans[j % spans.len()].1,
                    })
                    .collect(),
            })
            .collect()
    }

    fn doc_from(
        text: String,
        spans: Vec<(usize, usize)>,
        strs: Vec<String>,
        low: Option<f64>,
    ) -> Document<'static> {
        let spans = fit_spans(&text, spans);
        let leak = |s: &String| -> &'static str { Box::leak(s.clone().into_boxed_str()) };
        let pick = |i: usize| strs.get(i % strs.len().max(1)).map_or("", leak);
        Document {
            encoding: "utf-8",
            repairs: spans
                .iter()
                .enumerate()
                .map(|(i, &(a, b))| khabar_decode::Repair {
                    kind: khabar_decode::RepairKind::Control,
                    start: a,
                    end: b,
                    original: pick(i).to_string(),
                })
                .collect(),
            entities: entities_at(&spans, &pick),
            figures: figures_at(&spans, low, &pick),
            annotations: annotations_at(&spans, &pick),
            plugin_errors: spans
                .iter()
                .take(1)
                .map(|_| khabar_plugin_host::PluginError {
                    plugin: pick(0).to_string(),
                    kind: "panic".to_string(),
                    message: pick(1).to_string(),
                })
                .collect(),
            claims: None,
            text,
        }
    }

    fn tricky() -> impl proptest::strategy::Strategy<Value = String> {
        "([\\x00-\\x1f\"\\\\/\u{7f}\u{85}\u{2028}\u{2029}\u{a0}é€😀]|[a-z ]|[ء-ي])*"
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        #[test]
        fn word_check_flags_every_byte_that_may_start_an_escape(
            bytes in proptest::array::uniform8(proptest::prop_oneof![
                proptest::num::u8::ANY,
                proptest::sample::select(vec![0x00u8, 0x1F, 0x20, b'"', b'\\', 0x7F, 0x80, 0xC2, 0xD8, 0xE2, 0xFF]),
            ]),
        ) {
            let naive = bytes.iter().any(|&c| c < 0x20 || c == b'"' || c == b'\\' || c == 0xC2 || c == 0xE2);
            proptest::prop_assert_eq!(super::needs_look(u64::from_le_bytes(bytes)), naive);
        }

        #[test]
        fn hand_written_records_equal_serde_json(
            text in tricky(),
            spans in proptest::collection::vec((0usize..400, 0usize..400), 0..4),
            strs in proptest::collection::vec(tricky(), 1..5),
            low in proptest::option::of(proptest::num::f64::ANY),
            id in tricky(),
            chars in proptest::bool::ANY,
            include_text in proptest::bool::ANY,
            with_meta in proptest::bool::ANY,
        ) {
            let doc = doc_from(text, spans, strs.clone(), low);
            let mut map = Map::new();
            map.insert(strs[0].clone(), Value::String(id.clone()));
            let meta = DocMeta { id: &id, source: &strs[0], meta: with_meta.then_some(&map) };
            let opts = RecordOptions {
                offsets: if chars { Offsets::Char } else { Offsets::Byte },
                include_text,
            };
            for result in [Ok(doc), Err(ProcessError::new(crate::ProcessErrorKind::Binary, strs[0].clone()))] {
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                write_record(&mut fast, &meta, &result, &opts);
                reference::write_record(&mut slow, &meta, &result, &opts);
                proptest::prop_assert_eq!(String::from_utf8(fast).unwrap(), String::from_utf8(slow).unwrap());
            }
        }
    }
}
