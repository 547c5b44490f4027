//! The fuzz targets' checks, replayed on stable in the normal test suite
//! over every input of `fuzz/corpus/jsonl_reader/` (the seeds, and any
//! input a fuzz run found: copy a crashing input there and it stays a
//! regression test). Same rules as `fuzz/fuzz_targets/jsonl_reader.rs`:
//! one record per non-blank line, each one line of valid JSON, no
//! `internal` error, `-j 1` equal to `-j 2`, and the same records through
//! a `.jsonl.gz` or `.jsonl.zst` file.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::{Path, PathBuf};

use khabar::Pipeline;
use khabar::source::Source;

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seeds in {}", dir.display());
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// Non-blank lines of the input decoded whole (BOM dropped, UTF-16 read).
fn expected_docs(bytes: &[u8]) -> usize {
    let utf16 = |enc: &'static encoding_rs::Encoding, body: &[u8]| {
        enc.decode_without_bom_handling(body)
            .0
            .into_owned()
            .into_bytes()
    };
    let text: Vec<u8> = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => rest.to_vec(),
        [0xFF, 0xFE, rest @ ..] => utf16(encoding_rs::UTF_16LE, rest),
        [0xFE, 0xFF, rest @ ..] => utf16(encoding_rs::UTF_16BE, rest),
        [b, 0, ..] if b.is_ascii() && *b != 0 => utf16(encoding_rs::UTF_16LE, bytes),
        [0, b, ..] if b.is_ascii() && *b != 0 => utf16(encoding_rs::UTF_16BE, bytes),
        _ => bytes.to_vec(),
    };
    text.split(|&b| b == b'\n')
        .filter(|l| l.iter().any(|c| !c.is_ascii_whitespace()))
        .count()
}

fn run(p: &Pipeline, source: Source<'_>, threads: usize, docs: usize) -> Vec<u8> {
    let mut out = Vec::new();
    p.stream(source)
        .threads(threads)
        .chunk(docs, 256)
        .write_json(&mut out)
        .unwrap();
    out
}

/// Checks every record; returns how many there are.
fn check_records(out: &[u8], what: &str) -> usize {
    assert!(
        out.is_empty() || out.ends_with(b"\n"),
        "{what}: last record cut"
    );
    let mut n = 0;
    for line in out.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        n += 1;
        let v: serde_json::Value = serde_json::from_slice(line).unwrap_or_else(|e| {
            panic!("{what}: not JSON ({e}): {}", String::from_utf8_lossy(line))
        });
        assert!(
            v["id"].is_string() && v["source"].is_string(),
            "{what}: {v}"
        );
        assert_ne!(v["error"]["kind"], "internal", "{what}: {v}");
    }
    n
}

fn file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn the_jsonl_reader_fuzz_corpus_gives_one_whole_record_per_document() {
    let p = Pipeline::builder().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (path, data) in corpus("jsonl_reader") {
        let what = path.display().to_string();
        let Some((&mode, body)) = data.split_first() else {
            continue;
        };
        let want = expected_docs(body);
        // Every input through every path, whatever its mode byte.
        let one = run(&p, Source::jsonl("fuzz.jsonl", body), 1, 64);
        assert_eq!(
            check_records(&one, &what),
            want,
            "{what}: records != documents"
        );
        let two = run(&p, Source::jsonl("fuzz.jsonl", body), 2, 2);
        assert!(one == two, "{what}: -j 1 and -j 2 differ");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(body).unwrap();
        let gz = file(dir.path(), "f.jsonl.gz", &gz.finish().unwrap());
        let out = run(&p, Source::path(&gz).unwrap(), 1, 64);
        assert_eq!(check_records(&out, &what), want, "{what}: gzip");
        let zst = file(
            dir.path(),
            "f.jsonl.zst",
            &zstd::stream::encode_all(body, 1).unwrap(),
        );
        let out = run(&p, Source::path(&zst).unwrap(), 1, 64);
        assert_eq!(check_records(&out, &what), want, "{what}: zstd");
        if mode % 8 == 7 {
            let raw = file(dir.path(), "raw.jsonl.gz", body);
            check_records(&run(&p, Source::path(&raw).unwrap(), 1, 64), &what);
        }
    }
}

#[test]
fn the_decode_fuzz_corpus_keeps_its_spans_in_order_and_on_boundaries() {
    for (path, data) in corpus("decode") {
        let Ok(d) = khabar::decode::decode(&data) else {
            continue;
        };
        let mut prev = 0;
        for r in &d.repairs {
            assert!(
                prev <= r.start && r.start <= r.end && r.end <= d.text.len(),
                "{}",
                path.display()
            );
            assert!(d.text.is_char_boundary(r.start) && d.text.is_char_boundary(r.end));
            prev = r.end;
        }
    }
}
