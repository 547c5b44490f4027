//! Decoder throughput: clean UTF-8 (against plain validation), a mojibake
//! document (against the naive whole-document fix), a Windows-1256
//! document (against decoding with the encoding already known) and noisy
//! UTF-8 as scrapes carry it (against the clean text of the same size).
//!
//! Inputs are the five seed articles repeated to about 4 MiB. Every
//! measured function's result is checked before timing, so a fast wrong
//! answer cannot pass.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use encoding_rs::{WINDOWS_1252, WINDOWS_1256};
use khabar_decode::{Decoder, RepairKind};

const TARGET_BYTES: usize = 4 << 20;

#[path = "common/corpus.rs"]
mod corpus;

fn corpus() -> String {
    corpus::seeds_repeated(TARGET_BYTES)
}

fn clean_utf8(c: &mut Criterion) {
    let text = corpus();
    let bytes = text.as_bytes();
    let decoder = Decoder::new();
    let d = decoder.decode(bytes).unwrap();
    assert!(d.text == text && d.repairs.is_empty() && d.encoding == "utf-8");
    assert!(khabar_decode::is_clean_utf8(bytes));
    let mut g = c.benchmark_group("clean-utf8");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("std-from-utf8", |b| {
        b.iter(|| std::str::from_utf8(black_box(bytes)).unwrap().len())
    });
    g.bench_function("simdutf8", |b| {
        b.iter(|| simdutf8::basic::from_utf8(black_box(bytes)).unwrap().len())
    });
    g.bench_function("khabar-is-clean-utf8", |b| {
        b.iter(|| khabar_decode::is_clean_utf8(black_box(bytes)))
    });
    g.bench_function("std-to-string", |b| {
        b.iter(|| std::str::from_utf8(black_box(bytes)).unwrap().to_string())
    });
    g.bench_function("khabar-decode", |b| {
        b.iter(|| decoder.decode(black_box(bytes)).unwrap())
    });
    g.finish();
}

fn mojibake(c: &mut Criterion) {
    let text = corpus();
    let moji = WINDOWS_1252
        .decode_without_bom_handling(text.as_bytes())
        .0
        .into_owned();
    let bytes = moji.as_bytes();
    let decoder = Decoder::new();
    let naive = |s: &str| {
        let (b, _, _) = WINDOWS_1252.encode(s);
        String::from_utf8(b.into_owned()).unwrap()
    };
    assert_eq!(naive(&moji), text);
    let d = decoder.decode(bytes).unwrap();
    assert_eq!(d.text, text);
    let lines = text.lines().filter(|l| !l.is_ascii()).count();
    assert_eq!(d.repairs.len(), lines);
    assert!(d.repairs.iter().all(|r| r.kind == RepairKind::Mojibake));
    let mut g = c.benchmark_group("mojibake-document");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.sample_size(20);
    g.bench_function("naive-whole-document-reencode", |b| {
        b.iter(|| naive(black_box(&moji)))
    });
    g.bench_function("khabar-decode", |b| {
        b.iter(|| decoder.decode(black_box(bytes)).unwrap())
    });
    g.finish();
}

fn windows_1256(c: &mut Criterion) {
    let text = corpus();
    let (bytes, _, errors) = WINDOWS_1256.encode(&text);
    assert!(!errors);
    let bytes = bytes.into_owned();
    let decoder = Decoder::new();
    let d = decoder.decode(&bytes).unwrap();
    assert!(d.text == text && d.encoding == "windows-1256" && d.repairs.is_empty());
    let mut g = c.benchmark_group("windows-1256-document");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.sample_size(20);
    g.bench_function("encoding-rs-known-encoding", |b| {
        b.iter(|| {
            WINDOWS_1256
                .decode_without_bom_handling(black_box(&bytes))
                .0
                .len()
        })
    });
    g.bench_function("khabar-decode-detect", |b| {
        b.iter(|| decoder.decode(black_box(&bytes)).unwrap())
    });
    g.finish();
}

/// The clean text with the noise of real scrapes: every fifth non-ASCII
/// line as mojibake, a right-to-left mark at the start of every other
/// line, and ا as its presentation form in every third line (kept: the
/// normalizer folds those). Returns the noisy text, the text decoding must
/// give and the number of repairs it must report.
fn noisy_corpus(text: &str) -> (String, String, usize) {
    let (mut noisy, mut want, mut repairs) = (String::new(), String::new(), 0);
    for (i, line) in text.split('\n').enumerate() {
        let line = if i % 3 == 0 {
            line.replace('ا', "\u{FE8D}")
        } else {
            line.to_string()
        };
        if i > 0 {
            noisy.push('\n');
            want.push('\n');
        }
        if i % 2 == 1 {
            noisy.push('\u{200F}');
            repairs += 1;
        }
        if i % 5 == 0 && !line.is_ascii() {
            noisy.push_str(&WINDOWS_1252.decode_without_bom_handling(line.as_bytes()).0);
            repairs += 1;
        } else {
            noisy.push_str(&line);
        }
        want.push_str(&line);
    }
    (noisy, want, repairs)
}

fn noisy(c: &mut Criterion) {
    let text = corpus();
    let (noisy, want, repairs) = noisy_corpus(&text);
    let decoder = Decoder::new();
    let d = decoder.decode(noisy.as_bytes()).unwrap();
    assert_eq!(d.text, want);
    assert_eq!(d.repairs.len(), repairs);
    // Clean text of about the same size (whole lines), through the same
    // entry point: the fast path.
    let mut clean = corpus::seeds_repeated(noisy.len());
    let cut = clean.as_bytes()[..noisy.len()]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap();
    clean.truncate(cut);
    assert!(khabar_decode::is_clean_utf8(clean.as_bytes()));
    let mut g = c.benchmark_group("noisy-document");
    g.throughput(Throughput::Bytes(noisy.len() as u64));
    g.sample_size(20);
    g.bench_function("khabar-decode-string-clean-text-baseline", |b| {
        b.iter(|| decoder.decode_string(black_box(clean.clone())).unwrap())
    });
    g.bench_function("khabar-decode-string", |b| {
        b.iter(|| decoder.decode_string(black_box(noisy.clone())).unwrap())
    });
    g.finish();
}

criterion_group!(benches, clean_utf8, mojibake, windows_1256, noisy);
criterion_main!(benches);
