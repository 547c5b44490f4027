//! Grouping throughput on a generated record stream (20,000 claims, with
//! text and claims), and the per-document claim extraction.

use std::hint::black_box;
use std::io::Cursor;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khabar_claims::{RunOptions, run};

#[path = "support/gen.rs"]
mod gen_records;

fn bench(c: &mut Criterion) {
    let mut records = Vec::new();
    let (_, n_claims, bytes) =
        gen_records::generate(&mut records, 20_000, 7, true, true).expect("generates");
    let expected = run(
        [("gen".to_string(), Cursor::new(&records))],
        &RunOptions::default(),
        std::io::sink(),
    )
    .expect("runs");
    assert_eq!(expected.claims, n_claims);
    let mut g = c.benchmark_group("claims");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("group/gen-20k-claims", |b| {
        b.iter(|| {
            let s = run(
                [("gen".to_string(), Cursor::new(black_box(&records)))],
                &RunOptions::default(),
                std::io::sink(),
            )
            .expect("runs");
            assert_eq!(s, expected);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
