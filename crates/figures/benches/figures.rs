//! Throughput of the figure parser on normalized text.
//!
//! Inputs: the five seed articles repeated to about 4 MB (news text, few
//! figures) and a figure-dense text (short sentences, each with figures).
//! Each input is normalized once outside the timed loop, as in the
//! pipeline. The figure counts are asserted before timing, so a fast wrong
//! answer cannot pass. Baseline in the same run: counting the
//! white-space-separated words of the same text (`split_whitespace`), the
//! floor any word-level pass pays.
#![allow(clippy::unwrap_used, missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khabar_figures::FigureParser;
use khabar_normalize::{Normalizer, Profile};
use std::hint::black_box;

fn seed_docs() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().and_then(|x| x.to_str()) == Some("txt"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

fn seeds_text() -> String {
    let mut one = String::new();
    for d in seed_docs() {
        one.push_str(&d);
        one.push('\n');
    }
    one
}

const DENSE: &str = "أرسلت ما بين 25 ألفًا و30 ألف جندي. قتل نحو 4000 جندي و13 صاروخًا. \
ارتفعت الأسعار 40% في عام 2024. أطلقت ثلاثة صواريخ و48 طائرة. \
بلغت الميزانية مليار و200 مليون دولار. سقط عشرات القتلى وآلاف الجرحى. \
تسيير ما يصل إلى رحلتين أسبوعيا من 11 إلى 13 يوليو. اعترض صاروخ واحد.\n";
const DENSE_FIGURES: usize = 13;

fn repeat_to(s: &str, bytes: usize) -> (String, usize) {
    let n = bytes.div_ceil(s.len());
    (s.repeat(n), n)
}

fn bench(c: &mut Criterion) {
    let parser = FigureParser::new();
    let norm = Normalizer::new(Profile::Search);

    let one = seeds_text();
    let one_count = parser.parse(&norm.normalize(&one)).len();
    assert_eq!(one_count, 57, "figures in the five seeds");
    let (news, reps) = repeat_to(&one, 4 << 20);
    let news_n = norm.normalize(&news);
    assert_eq!(parser.parse(&news_n).len(), one_count * reps);

    let candidates = parser.count_candidates(&news_n);
    assert!(
        candidates >= one_count * reps,
        "the scan must see every figure"
    );

    let dense_count = parser.parse(&norm.normalize(DENSE)).len();
    assert_eq!(dense_count, DENSE_FIGURES);
    let (dense, dreps) = repeat_to(DENSE, 1 << 20);
    let dense_n = norm.normalize(&dense);
    assert_eq!(parser.parse(&dense_n).len(), DENSE_FIGURES * dreps);

    // The same articles one by one, as the pipeline calls the parser (one
    // call per document, with the original text for the units).
    let docs: Vec<_> = seed_docs()
        .into_iter()
        .map(|d| {
            let n = norm.normalize(&d);
            (d, n)
        })
        .collect();
    let per_doc = |docs: &[(String, khabar_normalize::NormalizedText)]| {
        docs.iter()
            .map(|(o, n)| parser.parse_with_source(o, n).len())
            .sum::<usize>()
    };
    assert_eq!(per_doc(&docs), one_count);
    let docs_bytes: usize = docs.iter().map(|(_, n)| n.len()).sum();

    let mut g = c.benchmark_group("figures");
    g.sample_size(20);
    g.throughput(Throughput::Bytes(news_n.len() as u64));
    g.bench_function("seeds_4MB/parse", |b| {
        b.iter(|| parser.parse(black_box(&news_n)).len())
    });
    g.bench_function("seeds_4MB/scan_only", |b| {
        b.iter(|| parser.count_candidates(black_box(&news_n)))
    });
    g.bench_function("seeds_4MB/baseline_split_whitespace", |b| {
        b.iter(|| black_box(news_n.as_str()).split_whitespace().count())
    });
    g.throughput(Throughput::Bytes((docs_bytes * reps) as u64));
    g.bench_function("seeds_docs/parse_with_source", |b| {
        b.iter(|| (0..reps).map(|_| per_doc(black_box(&docs))).sum::<usize>())
    });
    g.throughput(Throughput::Bytes(dense_n.len() as u64));
    g.bench_function("dense_1MB/parse", |b| {
        b.iter(|| parser.parse(black_box(&dense_n)).len())
    });
    g.bench_function("dense_1MB/baseline_split_whitespace", |b| {
        b.iter(|| black_box(dense_n.as_str()).split_whitespace().count())
    });
    g.finish();

    c.bench_function("figures/build_parser", |b| b.iter(FigureParser::new));
}

criterion_group!(benches, bench);
criterion_main!(benches);
