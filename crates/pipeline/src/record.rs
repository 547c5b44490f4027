//! The output record, schema v1: one JSON object per document.
//!
//! ```
//! use khabar_pipeline::{Pipeline, record::{DocMeta, Offsets, RecordOptions, write_record}};
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

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::{Document, ProcessError};

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
pub fn write_record(
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
                kind: e.kind(),
                message: &e.to_string(),
            },
        }
        .serialize(&mut ser),
    };
    if written.is_err() {
        // Serializing plain strings and numbers into a Vec cannot fail; if it
        // ever did, emit a valid error record rather than a broken line.
        out.extend_from_slice(
            br#"{"error":{"kind":"internal","message":"record could not be serialized"}}"#,
        );
    }
    out.push(b'\n');
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

fn ok_record<'a>(meta: &DocMeta<'a>, doc: &'a Document<'_>, opts: &RecordOptions) -> Record<'a> {
    let text = doc.text.as_str();
    let conv = OffsetConv::new(text, opts.offsets, doc);
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
                name: e.name,
                prefix: e.prefix,
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

/// Converts byte offsets to char offsets with one pass over the text.
struct OffsetConv {
    /// Sorted byte offsets and their char offsets; empty for byte mode.
    table: Vec<(usize, usize)>,
}

impl OffsetConv {
    fn new(text: &str, mode: Offsets, doc: &Document<'_>) -> OffsetConv {
        if mode == Offsets::Byte {
            return OffsetConv { table: Vec::new() };
        }
        let mut wanted: Vec<usize> = Vec::new();
        wanted.extend(doc.repairs.iter().flat_map(|r| [r.start, r.end]));
        wanted.extend(doc.entities.iter().flat_map(|e| [e.start, e.end]));
        wanted.extend(doc.figures.iter().flat_map(|f| [f.start, f.end]));
        wanted.extend(doc.annotations.iter().flat_map(|a| [a.start, a.end]));
        wanted.sort_unstable();
        wanted.dedup();
        let mut table = Vec::with_capacity(wanted.len());
        let (mut byte, mut chars) = (0usize, 0usize);
        for w in wanted {
            let w = w.min(text.len());
            // Count chars between the previous offset and this one: every
            // byte that is not a UTF-8 continuation byte starts a char.
            let bytes = text.as_bytes().get(byte..w).unwrap_or(&[]);
            chars += bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
            byte = byte.max(w);
            table.push((w, chars));
        }
        OffsetConv { table }
    }

    fn at(&self, byte: usize) -> usize {
        if self.table.is_empty() {
            return byte;
        }
        match self.table.binary_search_by_key(&byte, |&(b, _)| b) {
            Ok(i) => self.table[i].1,
            Err(i) => self.table.get(i.wrapping_sub(1)).map_or(0, |&(_, c)| c),
        }
    }
}

/// A figure bound: integers print as JSON integers (exact up to 2^53).
struct Num(Option<f64>);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
        match self.0 {
            Some(v) if v.fract() == 0.0 && v.abs() <= EXACT => s.serialize_i64(v as i64),
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
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    name: &'a str,
    prefix: Option<&'a str>,
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_integers_when_integral() {
        let j = |v| serde_json::to_string(&Num(v)).unwrap();
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
    fn char_offsets_count_scalars() {
        let doc = Document {
            text: "ab موسكو x".to_string(),
            encoding: "utf-8",
            repairs: Vec::new(),
            entities: vec![crate::Entity {
                start: 3,
                end: 13,
                id: "moscow",
                kind: "LOC",
                name: "موسكو",
                prefix: None,
            }],
            figures: Vec::new(),
            annotations: Vec::new(),
            plugin_errors: Vec::new(),
        };
        let conv = OffsetConv::new(&doc.text, Offsets::Char, &doc);
        assert_eq!((conv.at(3), conv.at(13)), (3, 8));
        let text: String = doc.text.chars().skip(3).take(5).collect();
        assert_eq!(text, "موسكو");
    }
}
