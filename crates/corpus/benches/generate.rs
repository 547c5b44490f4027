//! Generation throughput: `cargo bench -p khabar-corpus --bench generate`.
//!
//! Target (issue 6): ≥ 200 MB/s of JSON Lines on one core. Baselines in the
//! same run: copying the finished corpus (the memory ceiling) and
//! serialising the same records with serde_json (what writing the output
//! alone costs with the obvious tool). Every run asserts its result counts,
//! so a fast wrong generator cannot pass.
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khabar_corpus::{CorpusConfig, Format, generate_jsonl};

const SIZE: u64 = 16 << 20;

fn bench(c: &mut Criterion) {
    let cfg = CorpusConfig::new(SIZE, 42);
    let mut reference = Vec::with_capacity(SIZE as usize);
    let expected = generate_jsonl(&cfg, &mut reference).expect("in-memory output cannot fail");
    let lines = reference.iter().filter(|&&b| b == b'\n').count() as u64;
    assert_eq!(expected.documents, lines);
    assert!(expected.bytes <= SIZE && SIZE - expected.bytes < 10_000);
    assert!(expected.figures > 30_000 && expected.entity_mentions > 100_000);
    let records: Vec<serde_json::Value> = reference
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).expect("generated JSON is valid"))
        .collect();

    let mut g = c.benchmark_group("corpus-16MiB");
    g.throughput(Throughput::Bytes(expected.bytes));
    g.sample_size(10);
    let mut out = Vec::with_capacity(SIZE as usize);
    g.bench_function("generate_jsonl", |b| {
        b.iter(|| {
            out.clear();
            let e =
                generate_jsonl(black_box(&cfg), &mut out).expect("in-memory output cannot fail");
            assert_eq!(e.figures, expected.figures);
            assert_eq!(out.len() as u64, expected.bytes);
        })
    });
    g.bench_function("baseline_memcpy", |b| {
        b.iter(|| {
            out.clear();
            out.extend_from_slice(black_box(&reference));
            assert_eq!(out.len() as u64, expected.bytes);
        })
    });
    g.bench_function("baseline_serde_json_write", |b| {
        b.iter(|| {
            out.clear();
            for r in black_box(&records) {
                serde_json::to_writer(&mut out, r).expect("in-memory output cannot fail");
                out.push(b'\n');
            }
            assert_eq!(out.len() as u64, expected.bytes);
        })
    });
    g.finish();

    // The directory format writes one file per document: measured apart,
    // since it is bound by the file system, not by generation.
    let mut g = c.benchmark_group("corpus-dir-1MiB");
    g.throughput(Throughput::Bytes(1 << 20));
    g.sample_size(10);
    g.bench_function("generate_dir_cp1256_share_0.2", |b| {
        b.iter(|| {
            let dir = tempfile::tempdir().expect("temporary directory");
            let cfg = CorpusConfig {
                size_bytes: 1 << 20,
                seed: 42,
                format: Format::Dir,
                cp1256_share: 0.2,
            };
            let e = khabar_corpus::generate_dir(&cfg, dir.path()).expect("writable temp dir");
            assert!(e.cp1256_documents > 0 && e.documents > 100);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
