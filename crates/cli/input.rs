//! Turns the command line's INPUTs into a stream of documents.
//!
//! Every document becomes exactly one [`Doc`]; where its bytes cannot be had
//! (an unreadable file, a JSON Lines line that is not JSON) the `Doc` carries
//! the error, so that it still yields one output record.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use khabar::Owned;
use serde_json::{Map, Value};

/// Largest document accepted, in bytes. A larger file or JSON Lines line
/// gets an error record instead of being read into memory.
pub const MAX_DOC_BYTES: u64 = 256 * 1024 * 1024;

/// One input document, or the reason it could not be read.
pub struct Doc {
    /// Document id: file stem, or the line's `id`.
    pub id: String,
    /// Where it came from: the path, or `path:line` for JSON Lines.
    pub source: String,
    /// Other fields of a JSON Lines line.
    pub meta: Option<Map<String, Value>>,
    /// The document's bytes, or why there are none.
    pub payload: Result<Owned, DocError>,
    /// Input bytes this document accounts for (for the summary and progress).
    pub input_bytes: u64,
}

/// What the reader hands on: a document, or a JSON Lines line whose
/// parsing is left to the worker that takes it (see [`Parse`]).
pub enum Item {
    /// A document ready for the pipeline (or an error record).
    Doc(Doc),
    /// A JSON Lines line, not parsed yet.
    Line(RawLine),
}

/// A JSON Lines line as read, with what its record needs to name it.
pub struct RawLine {
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

impl Item {
    /// Input bytes this item accounts for.
    pub fn input_bytes(&self) -> u64 {
        match self {
            Item::Doc(d) => d.input_bytes,
            Item::Line(l) => l.n,
        }
    }

    /// The document: a line is parsed here, on the caller's thread.
    pub fn into_doc(self) -> Doc {
        match self {
            Item::Doc(d) => d,
            Item::Line(l) => {
                let body = l.line.get(l.body).unwrap_or_default();
                parse_line_guarded(&l.file.shown, &l.file.stem, l.lineno, body, l.n)
            }
        }
    }
}

/// Where a JSON Lines line is parsed; the reader asks before each line
/// (see [`for_each_doc`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parse {
    /// On the reader thread, before they are handed on: best when the
    /// reader has a core of its own (fewer workers than cores), since the
    /// parsing then overlaps the work for free.
    InReader,
    /// By the worker that processes the document ([`Item::into_doc`]):
    /// when every core has a worker, a reader that parses is a serial
    /// stage that the workers end up waiting for.
    InWorker,
}

/// Why a document has no bytes.
pub struct DocError {
    /// Machine-readable kind (`io`, `json`, `too-large`, `internal`).
    pub kind: &'static str,
    /// One line for a person.
    pub message: String,
}

/// One command-line INPUT, resolved.
#[derive(Debug)]
pub enum Input {
    /// Standard input, read as JSON Lines.
    Stdin,
    /// A regular file.
    File(PathBuf),
    /// A directory, walked recursively in sorted path order.
    Dir(PathBuf),
}

/// Checks every INPUT before any work starts: a path that does not exist is
/// a usage error, not an error record.
pub fn resolve(inputs: &[PathBuf]) -> anyhow::Result<Vec<Input>> {
    let mut out = Vec::with_capacity(inputs.len());
    for p in inputs {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
            continue;
        }
        let meta =
            std::fs::metadata(p).with_context(|| format!("cannot read input {}", p.display()))?;
        if meta.is_dir() {
            out.push(Input::Dir(p.clone()));
        } else {
            out.push(Input::File(p.clone()));
        }
    }
    if out.iter().filter(|i| matches!(i, Input::Stdin)).count() > 1 {
        bail!("standard input (-) can be given only once");
    }
    Ok(out)
}

/// Sum of the sizes of the regular files behind `inputs` (for a progress
/// bar), or `None` when standard input makes it unknowable.
pub fn total_bytes(inputs: &[Input]) -> Option<u64> {
    let mut total = 0;
    for input in inputs {
        match input {
            Input::Stdin => return None,
            Input::File(p) => total += std::fs::metadata(p).map_or(0, |m| m.len()),
            Input::Dir(d) => {
                for e in walkdir::WalkDir::new(d).into_iter().flatten() {
                    if e.file_type().is_file() {
                        total += e.metadata().map_or(0, |m| m.len());
                    }
                }
            }
        }
    }
    Some(total)
}

/// Calls `emit` for every document of `inputs`, in order, reading lazily;
/// each JSON Lines line is parsed where `parse` says when it is read. Stops early (returning
/// `Ok`) when `emit` returns `false`.
pub fn for_each_doc(
    inputs: &[Input],
    parse: &dyn Fn() -> Parse,
    emit: &mut dyn FnMut(Item) -> bool,
) -> io::Result<()> {
    for input in inputs {
        let go_on = match input {
            Input::Stdin => {
                let stdin = io::stdin();
                let lock = stdin.lock();
                read_jsonl("<stdin>", "stdin", lock, parse, emit)
            }
            Input::File(p) => read_path(p, parse, emit),
            Input::Dir(d) => read_dir(d, parse, emit),
        };
        if !go_on {
            break;
        }
    }
    Ok(())
}

fn read_dir(dir: &Path, parse: &dyn Fn() -> Parse, emit: &mut dyn FnMut(Item) -> bool) -> bool {
    let walk = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .follow_links(true);
    for entry in walk {
        let go_on = match entry {
            Ok(e) if e.file_type().is_file() => read_path(e.path(), parse, emit),
            Ok(_) => true,
            Err(err) => {
                let path = err
                    .path()
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                emit_doc(
                    emit,
                    failed(
                        &path,
                        "io",
                        format!("cannot read {}: {err}", path.display()),
                    ),
                )
            }
        };
        if !go_on {
            return false;
        }
    }
    true
}

fn is_jsonl(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("jsonl" | "ndjson")
    )
}

fn stem(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

fn failed(path: &Path, kind: &'static str, message: String) -> Doc {
    Doc {
        id: stem(path),
        source: path.display().to_string(),
        meta: None,
        payload: Err(DocError { kind, message }),
        input_bytes: 0,
    }
}

fn emit_doc(emit: &mut dyn FnMut(Item) -> bool, doc: Doc) -> bool {
    emit(Item::Doc(doc))
}

fn read_path(path: &Path, parse: &dyn Fn() -> Parse, emit: &mut dyn FnMut(Item) -> bool) -> bool {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            return emit_doc(
                emit,
                failed(path, "io", format!("cannot open {}: {e}", path.display())),
            );
        }
    };
    if is_jsonl(path) {
        let shown = path.display().to_string();
        return read_jsonl(
            &shown,
            &stem(path),
            BufReader::with_capacity(1 << 20, file),
            parse,
            emit,
        );
    }
    let len = file.metadata().map_or(0, |m| m.len());
    if len > MAX_DOC_BYTES {
        let msg = format!(
            "{} is {len} bytes, more than the {MAX_DOC_BYTES}-byte document limit; split it or use JSON Lines",
            path.display()
        );
        return emit_doc(emit, failed(path, "too-large", msg));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    let doc = match file.take(MAX_DOC_BYTES + 1).read_to_end(&mut bytes) {
        Ok(_) if bytes.len() as u64 > MAX_DOC_BYTES => failed(
            path,
            "too-large",
            format!(
                "{} grew past the {MAX_DOC_BYTES}-byte document limit",
                path.display()
            ),
        ),
        Ok(n) => Doc {
            id: stem(path),
            source: path.display().to_string(),
            meta: None,
            payload: Ok(Owned::Bytes(bytes)),
            input_bytes: n as u64,
        },
        Err(e) => failed(path, "io", format!("cannot read {}: {e}", path.display())),
    };
    emit_doc(emit, doc)
}

/// Reads JSON Lines: one document per non-blank line, `{"id", "text", ...}`.
fn read_jsonl(
    shown: &str,
    stem: &str,
    r: impl BufRead,
    parse: &dyn Fn() -> Parse,
    emit: &mut dyn FnMut(Item) -> bool,
) -> bool {
    read_jsonl_limited(shown, stem, r, parse, emit, MAX_DOC_BYTES)
}

/// [`read_jsonl`] with a line-length limit: a longer line becomes an error
/// record and is skipped without being kept in memory.
fn read_jsonl_limited(
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
                let doc = Doc {
                    id: format!("{stem}:{lineno}"),
                    source: source(),
                    meta: None,
                    payload: Err(DocError {
                        kind: "io",
                        message: format!("cannot read {shown}:{lineno}: {e}"),
                    }),
                    input_bytes: 0,
                };
                emit_doc(emit, doc);
                return true;
            }
        };
        if line.last() != Some(&b'\n') && n as u64 > limit {
            // Skip the rest of the over-long line without keeping it.
            let mut skipped = n as u64;
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
            let doc = Doc {
                id: format!("{stem}:{lineno}"),
                source: source(),
                meta: None,
                payload: Err(DocError {
                    kind: "too-large",
                    message: format!(
                        "{shown}:{lineno}: line of {skipped} bytes exceeds the {limit}-byte document limit"
                    ),
                }),
                input_bytes: skipped,
            };
            if !emit_doc(emit, doc) {
                return false;
            }
            continue;
        }
        let body = trim_ascii(&line);
        if body.is_empty() {
            continue;
        }
        let item = match parse() {
            Parse::InReader => Item::Doc(parse_line_guarded(
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
fn parse_line_guarded(shown: &str, stem: &str, lineno: u64, body: &[u8], n: u64) -> Doc {
    std::panic::catch_unwind(|| parse_line(shown, stem, lineno, body, n)).unwrap_or_else(|_| Doc {
        id: format!("{stem}:{lineno}"),
        source: format!("{shown}:{lineno}"),
        meta: None,
        payload: Err(DocError {
            kind: "internal",
            message: format!(
                "{shown}:{lineno}: internal error while reading this line (please report)"
            ),
        }),
        input_bytes: n,
    })
}

fn parse_line(shown: &str, stem: &str, lineno: u64, body: &[u8], n: u64) -> Doc {
    let source = format!("{shown}:{lineno}");
    let fallback_id = || format!("{stem}:{lineno}");
    let fail = |id: String, kind: &'static str, message: String| Doc {
        id,
        source: source.clone(),
        meta: None,
        payload: Err(DocError { kind, message }),
        input_bytes: n,
    };
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
                "json",
                format!(
                    "{shown}:{lineno}: expected a JSON object {{\"id\": ..., \"text\": ...}}, found {what}"
                ),
            );
        }
        Err(e) => {
            return fail(
                fallback_id(),
                "json",
                format!("{shown}:{lineno}: not valid JSON: {e}"),
            );
        }
    };
    let id = match id {
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(_) | None => fallback_id(),
    };
    let text = match text {
        Some(Value::String(s)) => s,
        Some(_) => {
            return fail(
                id,
                "json",
                format!("{shown}:{lineno}: field \"text\" must be a string"),
            );
        }
        None => {
            return fail(id, "json", format!("{shown}:{lineno}: no \"text\" field"));
        }
    };
    Doc {
        id,
        source,
        meta: (!meta.is_empty()).then_some(meta),
        payload: Ok(Owned::Text(text)),
        input_bytes: n,
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

    /// The documents of JSON Lines `input` read with `limit`, parsed
    /// where `parse` says.
    fn read(input: &[u8], parse: Parse, limit: u64) -> Vec<Doc> {
        let parse = move || parse;
        let mut out = Vec::new();
        read_jsonl_limited(
            "f.jsonl",
            "f",
            input,
            &parse,
            &mut |item| {
                out.push(item.into_doc());
                true
            },
            limit,
        );
        out
    }

    /// The documents of `text`, checking that parsing in the reader or in
    /// the worker gives the same.
    fn docs(text: &str) -> Vec<Doc> {
        let here = read(text.as_bytes(), Parse::InReader, MAX_DOC_BYTES);
        let there = read(text.as_bytes(), Parse::InWorker, MAX_DOC_BYTES);
        assert_eq!(summary(&here), summary(&there));
        here
    }

    /// Everything a document carries, comparable.
    fn summary(docs: &[Doc]) -> Vec<String> {
        docs.iter()
            .map(|d| {
                let payload = match &d.payload {
                    Ok(b) => format!("ok {b:?}"),
                    Err(e) => format!("err {} {}", e.kind, e.message),
                };
                format!(
                    "{} {} {:?} {payload} {}",
                    d.id, d.source, d.meta, d.input_bytes
                )
            })
            .collect()
    }

    #[test]
    fn a_line_that_is_not_utf8_is_an_error_record_naming_file_and_line() {
        let mut input = b"{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"".to_vec();
        input.extend_from_slice(b"\xff\xfe\"}\n{\"id\":\"c\",\"text\":\"y\"}\n");
        let out = read(&input, Parse::InWorker, MAX_DOC_BYTES);
        assert_eq!(
            summary(&out),
            summary(&read(&input, Parse::InReader, MAX_DOC_BYTES))
        );
        assert_eq!(out.len(), 3);
        let err = out[1].payload.as_ref().err().unwrap();
        assert_eq!(err.kind, "json");
        assert!(
            err.message.starts_with("f.jsonl:2: not valid JSON"),
            "{}",
            err.message
        );
        assert_eq!(
            out[2].payload.as_ref().ok().unwrap(),
            &Owned::Text("y".into())
        );
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
        let err = out[1].payload.as_ref().err().unwrap();
        assert_eq!(err.kind, "too-large");
        assert!(
            err.message.starts_with("f.jsonl:2: line of 10023 bytes"),
            "{}",
            err.message
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
        assert_eq!(
            d[0].payload.as_ref().ok().unwrap(),
            &Owned::Text("نص".into())
        );
        assert_eq!(d[0].meta.as_ref().unwrap()["lang"], "ar");
        let msg = |i: usize| d[i].payload.as_ref().err().unwrap().message.clone();
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
