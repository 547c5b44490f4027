//! Any bytes as a JSON Lines corpus, through the whole pipeline: the
//! reader must give exactly one record per non-blank line (after a BOM,
//! and after UTF-16 decoding), each a single line of valid JSON, the same
//! at one thread and two, and no record may be an `internal` error (a bug
//! caught by a stage's guard).
//!
//! The first byte picks the path: a reader (`Source::jsonl`), or a
//! `.jsonl.gz` / `.jsonl.zst` file made of the rest (compressed here, so
//! it must give the same records), or the rest written as-is under a
//! `.jsonl.gz` name (corrupt compressed input: error records, no crash,
//! no hang).
#![no_main]

use std::borrow::Cow;
use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

use khabar::Pipeline;
use khabar::source::Source;
use libfuzzer_sys::fuzz_target;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| match Pipeline::builder().build() {
        Ok(p) => p,
        Err(e) => panic!("the built-in pipeline does not build: {e}"),
    })
}

/// The documents a JSON Lines reader must find in `bytes`, told without
/// the streaming reader: the whole input decoded at once (a UTF-8 BOM
/// dropped; UTF-16 with a BOM, or a `{` next to a NUL, decoded), then its
/// lines that are not all ASCII white space.
fn expected_docs(bytes: &[u8]) -> usize {
    let utf16 = |enc: &'static encoding_rs::Encoding, body: &[u8]| -> Vec<u8> {
        enc.decode_without_bom_handling(body)
            .0
            .into_owned()
            .into_bytes()
    };
    let text: Cow<'_, [u8]> = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => Cow::Borrowed(rest),
        [0xFF, 0xFE, rest @ ..] => Cow::Owned(utf16(encoding_rs::UTF_16LE, rest)),
        [0xFE, 0xFF, rest @ ..] => Cow::Owned(utf16(encoding_rs::UTF_16BE, rest)),
        [b, 0, ..] if b.is_ascii() && *b != 0 => Cow::Owned(utf16(encoding_rs::UTF_16LE, bytes)),
        [0, b, ..] if b.is_ascii() && *b != 0 => Cow::Owned(utf16(encoding_rs::UTF_16BE, bytes)),
        _ => Cow::Borrowed(bytes),
    };
    text.split(|&b| b == b'\n')
        .filter(|l| l.iter().any(|c| !c.is_ascii_whitespace()))
        .count()
}

/// The records of `source`, at `threads` threads, in chunks of `docs`.
fn run(source: Source<'_>, threads: usize, docs: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let summary = pipeline()
        .stream(source)
        .threads(threads)
        .chunk(docs, 256)
        .write_json(&mut out);
    if let Err(e) = summary {
        panic!("the stream failed: {e}");
    }
    out
}

/// Checks every record: one line each, valid JSON, no `internal` error.
/// Returns the number of records.
fn check_records(out: &[u8]) -> usize {
    assert!(out.is_empty() || out.ends_with(b"\n"), "last record cut");
    let mut n = 0;
    for line in out.split(|&b| b == b'\n') {
        if line.is_empty() {
            continue;
        }
        n += 1;
        let v: serde_json::Value = match serde_json::from_slice(line) {
            Ok(v) => v,
            Err(e) => panic!(
                "record is not JSON ({e}): {}",
                String::from_utf8_lossy(line)
            ),
        };
        assert!(v["id"].is_string() && v["source"].is_string(), "{v}");
        assert_ne!(v["error"]["kind"], "internal", "a stage failed: {v}");
    }
    n
}

/// A file in the temporary folder, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(ext: &str, bytes: &[u8]) -> TempFile {
        let path =
            std::env::temp_dir().join(format!("khabar-fuzz-{}.jsonl.{ext}", std::process::id()));
        if let Err(e) = std::fs::write(&path, bytes) {
            panic!("cannot write {}: {e}", path.display());
        }
        TempFile(path)
    }

    fn source(&self) -> Source<'static> {
        match Source::path(&self.0) {
            Ok(s) => s,
            Err(e) => panic!("cannot read {}: {e}", self.0.display()),
        }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

fn zstd(bytes: &[u8]) -> Vec<u8> {
    zstd::stream::encode_all(bytes, 1).unwrap_or_default()
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, body)) = data.split_first() else {
        return;
    };
    let want = expected_docs(body);
    match mode % 8 {
        // Mostly the reader itself (a stream costs a thread pool: the
        // comparison with two threads is one mode of its own).
        0..=3 => {
            let one = run(Source::jsonl("fuzz.jsonl", body), 1, 64);
            assert_eq!(check_records(&one), want, "records != documents");
        }
        4 => {
            let one = run(Source::jsonl("fuzz.jsonl", body), 1, 64);
            assert_eq!(check_records(&one), want, "records != documents");
            let two = run(Source::jsonl("fuzz.jsonl", body), 2, 2);
            assert!(one == two, "-j 1 and -j 2 differ");
        }
        5 => {
            let file = TempFile::new("gz", &gzip(body));
            let out = run(file.source(), 1, 64);
            assert_eq!(check_records(&out), want, "records != documents (gzip)");
        }
        6 => {
            let file = TempFile::new("zst", &zstd(body));
            let out = run(file.source(), 1, 64);
            assert_eq!(check_records(&out), want, "records != documents (zstd)");
        }
        _ => {
            // Not compressed at all, or broken: whatever the reader makes of
            // it is whole records.
            let file = TempFile::new("gz", body);
            check_records(&run(file.source(), 1, 64));
        }
    }
});
