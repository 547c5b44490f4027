//! JSON Lines: one document per non-blank line, `{"id", "text", ...}`.
//!
//! A line is parsed on the reader thread or handed on raw to a worker (see
//! [`Parse`]); both give the same [`Input`], a property the tests hold.

use std::io::{self, BufRead};
use std::sync::Arc;

use serde_json::{Map, Value};

use super::{Input, Item, Parse};
use crate::{Owned, ProcessError, ProcessErrorKind};

/// A JSON Lines line as read, with what its record needs to name it.
pub(crate) struct RawLine {
    file: Arc<LineFile>,
    lineno: u64,
    /// The line as read.
    line: Vec<u8>,
    /// Where in `line` its JSON is (white space trimmed; not empty).
    body: std::ops::Range<usize>,
    /// Bytes the line took in the input, its end of line included.
    n: u64,
}

/// The file a [`RawLine`] came from, shared by its lines.
struct LineFile {
    shown: String,
    stem: String,
}

impl RawLine {
    /// Bytes the line took in the input.
    pub(crate) fn input_bytes(&self) -> u64 {
        self.n
    }

    /// The document: the line parsed here, on the caller's thread.
    pub(crate) fn parse(self) -> Input {
        let body = self.line.get(self.body).unwrap_or_default();
        parse_line_guarded(&self.file.shown, &self.file.stem, self.lineno, body, self.n)
    }
}

pub(super) fn error(
    kind: ProcessErrorKind,
    id: String,
    source: String,
    message: String,
    n: u64,
) -> Input {
    Input {
        id,
        source,
        meta: None,
        body: Err(ProcessError::new(kind, message)),
        bytes: n,
    }
}

/// Reads JSON Lines from `r`, one [`Item`] per non-blank line, in order; a
/// line longer than `limit` becomes an error record and is skipped without
/// being kept in memory. Returns `false` when `emit` asked to stop.
pub(super) fn read(
    shown: &str,
    stem: &str,
    mut r: impl BufRead,
    parse: &dyn Fn() -> Parse,
    emit: &mut dyn FnMut(Item) -> bool,
    limit: u64,
) -> bool {
    let file = Arc::new(LineFile {
        shown: shown.to_string(),
        stem: stem.to_string(),
    });
    let mut line = Vec::new();
    let mut lineno = 0u64;
    loop {
        lineno += 1;
        line.clear();
        let source = || format!("{shown}:{lineno}");
        let read = read_line(&mut r, &mut line, limit + 1);
        let n = match read {
            Ok(0) => return true,
            Ok(n) => n,
            Err(e) => {
                let message = format!("cannot read {shown}:{lineno}: {e}");
                let id = format!("{stem}:{lineno}");
                emit(Item::Input(error(
                    ProcessErrorKind::Io,
                    id,
                    source(),
                    message,
                    0,
                )));
                return true;
            }
        };
        if line.last() != Some(&b'\n') && n as u64 > limit {
            let skipped = n as u64 + skip_line(&mut r);
            let message = format!(
                "{shown}:{lineno}: line of {skipped} bytes exceeds the {limit}-byte document limit"
            );
            let id = format!("{stem}:{lineno}");
            let doc = error(ProcessErrorKind::TooLarge, id, source(), message, skipped);
            if !emit(Item::Input(doc)) {
                return false;
            }
            continue;
        }
        let body = trim_ascii(&line);
        if body.is_empty() {
            continue;
        }
        let item = match parse() {
            Parse::InReader => Item::Input(parse_line_guarded(
                shown,
                stem,
                lineno,
                line.get(body).unwrap_or_default(),
                n as u64,
            )),
            // The line moves on as read (no copy); the next one gets a
            // fresh buffer.
            Parse::InWorker => Item::Line(RawLine {
                file: Arc::clone(&file),
                lineno,
                line: std::mem::replace(&mut line, Vec::with_capacity(n)),
                body,
                n: n as u64,
            }),
        };
        if !emit(item) {
            return false;
        }
    }
}

/// Skips the rest of a line without keeping it; returns the bytes skipped.
fn skip_line(r: &mut impl BufRead) -> u64 {
    let mut skipped = 0;
    while let Ok(buf) = r.fill_buf() {
        if buf.is_empty() {
            break;
        }
        let (used, done) = match memchr::memchr(b'\n', buf) {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        r.consume(used);
        skipped += used as u64;
        if done {
            break;
        }
    }
    skipped
}

/// Appends the next line of `r` (through its `\n`) to `line`, but no more
/// than `max` bytes; returns the number of bytes appended. Like
/// `take(max).read_until(b'\n', line)`, with the `memchr` crate's search
/// (several times faster than the standard library's on long lines).
fn read_line(r: &mut impl BufRead, line: &mut Vec<u8>, max: u64) -> io::Result<usize> {
    let mut read = 0usize;
    loop {
        let buf = match r.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let room = usize::try_from(max)
            .unwrap_or(usize::MAX)
            .saturating_sub(read);
        let buf = &buf[..buf.len().min(room)];
        let (used, done) = match memchr::memchr(b'\n', buf) {
            Some(i) => (i + 1, true),
            None => (buf.len(), buf.is_empty()),
        };
        line.extend_from_slice(&buf[..used]);
        r.consume(used);
        read += used;
        if done || read as u64 >= max {
            return Ok(read);
        }
    }
}

/// Where `b` is once ASCII white space is trimmed from both ends.
fn trim_ascii(b: &[u8]) -> std::ops::Range<usize> {
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    start..end.max(start)
}

/// [`parse_line`], with a bug in it (a panic) turned into an error record
/// for this line rather than the end of the run.
fn parse_line_guarded(shown: &str, stem: &str, lineno: u64, body: &[u8], n: u64) -> Input {
    std::panic::catch_unwind(|| parse_line(shown, stem, lineno, body, n)).unwrap_or_else(|_| {
        error(
            ProcessErrorKind::Internal,
            format!("{stem}:{lineno}"),
            format!("{shown}:{lineno}"),
            format!("{shown}:{lineno}: internal error while reading this line (please report)"),
            n,
        )
    })
}

fn parse_line(shown: &str, stem: &str, lineno: u64, body: &[u8], n: u64) -> Input {
    let source = format!("{shown}:{lineno}");
    let fallback_id = || format!("{stem}:{lineno}");
    let fail =
        |id: String, message: String| error(ProcessErrorKind::Json, id, source.clone(), message, n);
    // Validate UTF-8 once with SIMD; serde_json's from_str then trusts it
    // (from_slice would validate every string again with std, ~10x slower).
    let parsed = match simdutf8::basic::from_utf8(body) {
        Ok(line) => serde_json::from_str::<Line>(line),
        Err(_) => serde_json::from_slice::<Line>(body),
    };
    let (id, text, meta) = match parsed {
        Ok(Line::Object { id, text, meta }) => (id, text, meta),
        Ok(Line::Other(what)) => {
            return fail(
                fallback_id(),
                format!(
                    "{shown}:{lineno}: expected a JSON object {{\"id\": ..., \"text\": ...}}, found {what}"
                ),
            );
        }
        Err(e) => {
            return fail(
                fallback_id(),
                format!("{shown}:{lineno}: not valid JSON: {e}"),
            );
        }
    };
    from_fields(id, text, meta, source, fallback_id(), n)
}

/// The document of an object's fields (a JSON Lines line, or an object of
/// a `.json` file): its `id` (a string or a number, else `fallback_id`),
/// its `text`, and the rest as `meta`; an error record without a string
/// `text`.
pub(super) fn from_fields(
    id: Option<Value>,
    text: Option<Value>,
    meta: Map<String, Value>,
    source: String,
    fallback_id: String,
    n: u64,
) -> Input {
    let id = match id {
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(_) | None => fallback_id,
    };
    let text = match text {
        Some(Value::String(s)) => s,
        Some(_) => {
            let message = format!("{source}: field \"text\" must be a string");
            return error(ProcessErrorKind::Json, id, source, message, n);
        }
        None => {
            let message = format!("{source}: no \"text\" field");
            return error(ProcessErrorKind::Json, id, source, message, n);
        }
    };
    Input {
        id,
        source,
        meta: (!meta.is_empty()).then_some(meta),
        body: Ok(Owned::Text(text)),
        bytes: n,
    }
}

/// A JSON Lines line: an object with its `id` and `text` taken apart from
/// the other fields (no map entries made for them), or what else the line
/// holds. The same answer as parsing a `Value` and taking the two fields
/// out (the last of repeated keys wins), with less work per line.
enum Line {
    Object {
        id: Option<Value>,
        text: Option<Value>,
        meta: Map<String, Value>,
    },
    /// Not an object: "an array", "a string", ...
    Other(&'static str),
}

impl<'de> serde::Deserialize<'de> for Line {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Line, D::Error> {
        d.deserialize_any(LineVisitor)
    }
}

struct LineVisitor;

impl<'de> serde::de::Visitor<'de> for LineVisitor {
    type Value = Line;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Line, A::Error> {
        let (mut id, mut text, mut meta) = (None, None, Map::new());
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Id => id = Some(map.next_value()?),
                Key::Text => text = Some(map.next_value()?),
                Key::Other(k) => {
                    meta.insert(k, map.next_value()?);
                }
            }
        }
        Ok(Line::Object { id, text, meta })
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Line, A::Error> {
        // Elements read as values, not skipped: a broken array then gives
        // the same error message as the `Value` parse would.
        while seq.next_element::<Value>()?.is_some() {}
        Ok(Line::Other("an array"))
    }

    fn visit_str<E>(self, _: &str) -> Result<Line, E> {
        Ok(Line::Other("a string"))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Line, E> {
        Ok(Line::Other("a number"))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Line, E> {
        Ok(Line::Other("a number"))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Line, E> {
        Ok(Line::Other("a number"))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Line, E> {
        Ok(Line::Other("a boolean"))
    }

    fn visit_unit<E>(self) -> Result<Line, E> {
        Ok(Line::Other("null"))
    }
}

/// A key of the line's object, without an allocation for `id` and `text`.
enum Key {
    Id,
    Text,
    Other(String),
}

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl serde::de::Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string key")
    }

    fn visit_str<E>(self, k: &str) -> Result<Key, E> {
        Ok(match k {
            "id" => Key::Id,
            "text" => Key::Text,
            other => Key::Other(other.to_string()),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::io::Read;

    /// The documents of JSON Lines `input` read with `limit`, parsed
    /// where `parse` says.
    fn read(input: &[u8], parse: Parse, limit: u64) -> Vec<Input> {
        let parse = move || parse;
        let mut out = Vec::new();
        super::read(
            "f.jsonl",
            "f",
            input,
            &parse,
            &mut |item| {
                out.push(item.into_input());
                true
            },
            limit,
        );
        out
    }

    /// The documents of `text`, checking that parsing in the reader or in
    /// the worker gives the same.
    fn docs(text: &str) -> Vec<Input> {
        let here = read(
            text.as_bytes(),
            Parse::InReader,
            super::super::MAX_DOC_BYTES,
        );
        let there = read(
            text.as_bytes(),
            Parse::InWorker,
            super::super::MAX_DOC_BYTES,
        );
        assert_eq!(summary(&here), summary(&there));
        here
    }

    /// Everything a document carries, comparable.
    fn summary(docs: &[Input]) -> Vec<String> {
        docs.iter()
            .map(|d| {
                let payload = match &d.body {
                    Ok(b) => format!("ok {b:?}"),
                    Err(e) => format!("err {} {e}", e.kind()),
                };
                format!("{} {} {:?} {payload} {}", d.id, d.source, d.meta, d.bytes)
            })
            .collect()
    }

    #[test]
    fn a_line_that_is_not_utf8_is_an_error_record_naming_file_and_line() {
        let mut input = b"{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"".to_vec();
        input.extend_from_slice(b"\xff\xfe\"}\n{\"id\":\"c\",\"text\":\"y\"}\n");
        let out = read(&input, Parse::InWorker, super::super::MAX_DOC_BYTES);
        assert_eq!(
            summary(&out),
            summary(&read(&input, Parse::InReader, super::super::MAX_DOC_BYTES))
        );
        assert_eq!(out.len(), 3);
        let err = out[1].body.as_ref().err().unwrap();
        assert_eq!(err.kind(), ProcessErrorKind::Json);
        assert!(
            err.to_string().starts_with("f.jsonl:2: not valid JSON"),
            "{err}"
        );
        assert_eq!(out[2].body.as_ref().ok().unwrap(), &Owned::Text("y".into()));
    }

    #[test]
    fn over_long_lines_are_error_records_and_reading_goes_on() {
        let long = format!("{{\"id\":\"big\",\"text\":\"{}\"}}", "ن".repeat(5000));
        let input =
            format!("{{\"id\":\"a\",\"text\":\"x\"}}\n{long}\n{{\"id\":\"c\",\"text\":\"y\"}}\n");
        let out = read(input.as_bytes(), Parse::InWorker, 1000);
        assert_eq!(
            summary(&out),
            summary(&read(input.as_bytes(), Parse::InReader, 1000))
        );
        assert_eq!(out.len(), 3);
        let err = out[1].body.as_ref().err().unwrap();
        assert_eq!(err.kind(), ProcessErrorKind::TooLarge);
        assert!(
            err.to_string()
                .starts_with("f.jsonl:2: line of 10023 bytes"),
            "{err}"
        );
        assert_eq!(out[2].id, "c");
        assert_eq!(out[2].source, "f.jsonl:3");
    }

    #[test]
    fn jsonl_lines_become_documents_and_errors() {
        let d = docs(
            "{\"id\":\"a\",\"text\":\"نص\",\"lang\":\"ar\"}\n\nnot json\n{\"id\":\"c\"}\n[1]\n{\"text\":\"x\"}",
        );
        assert_eq!(d.len(), 5);
        assert_eq!(d[0].id, "a");
        assert_eq!(d[0].body.as_ref().ok().unwrap(), &Owned::Text("نص".into()));
        assert_eq!(d[0].meta.as_ref().unwrap()["lang"], "ar");
        let msg = |i: usize| d[i].body.as_ref().err().unwrap().to_string();
        assert!(
            msg(1).starts_with("f.jsonl:3: not valid JSON"),
            "{}",
            msg(1)
        );
        assert_eq!(d[2].id, "c");
        assert_eq!(msg(2), "f.jsonl:4: no \"text\" field");
        assert!(msg(3).contains("found an array"));
        assert_eq!(d[4].id, "f:6");
        assert_eq!(d[4].source, "f.jsonl:6");
    }

    /// The straightforward parse: a `Value`, then `id` and `text` taken
    /// out of its map (what `Line` must agree with).
    fn reference(body: &str) -> String {
        match serde_json::from_str::<Value>(body) {
            Ok(Value::Object(mut m)) => {
                let (id, text) = (m.remove("id"), m.remove("text"));
                format!("object {id:?} {text:?} {m:?}")
            }
            Ok(other) => format!(
                "other {}",
                std::mem::discriminant(&other) == std::mem::discriminant(&Value::Null)
            ),
            Err(e) => format!("error {e}"),
        }
    }

    fn line(body: &str) -> String {
        match serde_json::from_str::<Line>(body) {
            Ok(Line::Object { id, text, meta }) => format!("object {id:?} {text:?} {meta:?}"),
            Ok(Line::Other(what)) => format!("other {}", what == "null"),
            Err(e) => format!("error {e}"),
        }
    }

    fn json_value() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            (-1e6f64..1e6).prop_map(Value::from),
            "[a-z\"\\\\ء-ي\n]{0,6}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::vec(
                    (
                        proptest::sample::select(vec!["id", "text", "lang", "t\\u0065xt", "x"]),
                        inner
                    ),
                    0..5
                )
                .prop_map(|kv| {
                    // Written by hand so that repeated keys stay repeated.
                    let fields: Vec<String> = kv
                        .into_iter()
                        .map(|(k, v)| format!("\"{k}\":{v}"))
                        .collect();
                    Value::String(format!("{{{}}}", fields.join(",")))
                }),
            ]
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// The line parser agrees with parsing a `Value` and taking the two
        /// fields out: on objects (repeated and escaped keys included),
        /// other values, and lines cut short anywhere.
        #[test]
        fn line_parse_equals_value_parse(v in json_value(), cut in proptest::option::of(0usize..64)) {
            // An object written by hand travels as a string; unwrap it.
            let mut body = match &v {
                Value::String(s) if s.starts_with('{') => s.clone(),
                other => other.to_string(),
            };
            if let Some(c) = cut {
                let mut c = c.min(body.len());
                while !body.is_char_boundary(c) {
                    c -= 1;
                }
                body.truncate(c);
            }
            proptest::prop_assert_eq!(line(&body), reference(&body));
        }

        /// `read_line` reads what `take(max).read_until(b'\n', ..)` reads,
        /// whatever the buffer size and the limit.
        #[test]
        fn read_line_equals_take_read_until(
            data in proptest::collection::vec(proptest::prop_oneof![proptest::num::u8::ANY, proptest::strategy::Just(b'\n')], 0..200),
            cap in 1usize..16,
            max in 0u64..40,
        ) {
            let mut fast = io::BufReader::with_capacity(cap, &data[..]);
            let mut slow = io::BufReader::with_capacity(cap, &data[..]);
            for _ in 0..data.len() + 2 {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                let n = read_line(&mut fast, &mut a, max).unwrap();
                let m = (&mut slow).take(max).read_until(b'\n', &mut b).unwrap();
                proptest::prop_assert_eq!((n, &a), (m, &b));
            }
        }
    }
}
