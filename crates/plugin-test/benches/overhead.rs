//! What a plugin costs per document: the seeds corpus normalized (the
//! baseline, measured in the same run) versus normalized and run through a
//! no-op plugin and through a plugin that emits one annotation per word.
//!
//! The plugins are the test fixtures, built in release mode into
//! `CARGO_TARGET_TMPDIR` and loaded from their `.so` like any user plugin.
#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khabar_normalize::{Normalizer, Profile};
use khabar_plugin_host::{DocView, PluginSet, PluginSpec};

/// Documents per batch, as the pipeline sends them.
const BATCH: usize = 200;

struct Doc {
    text: String,
    normalized: String,
    map: Vec<u32>,
}

fn corpus() -> Vec<String> {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let mut paths: Vec<_> = std::fs::read_dir(seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    // The five seeds repeated to fill one batch.
    texts.iter().cycle().take(BATCH).cloned().collect()
}

fn normalize(texts: &[String]) -> Vec<Doc> {
    let n = Normalizer::new(Profile::Search);
    texts
        .iter()
        .map(|t| {
            let out = n.normalize(t);
            let map = (0..=out.len()).map(|i| out.to_original(i) as u32).collect();
            Doc {
                text: t.clone(),
                normalized: out.as_str().to_string(),
                map,
            }
        })
        .collect()
}

fn run(set: &PluginSet, docs: &[Doc]) -> usize {
    let views: Vec<DocView<'_>> = docs
        .iter()
        .map(|d| DocView::new(&d.text, &d.normalized, &d.map))
        .collect();
    set.process_batch(&views)
        .iter()
        .map(|o| o.annotations.len() + o.errors.len())
        .sum()
}

fn load(name: &str) -> PluginSet {
    let libs = khabar_plugin_test::build_plugins(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/Cargo.toml"),
        &Path::new(env!("CARGO_TARGET_TMPDIR")).join("plugin-fixtures"),
        &["--release", "-p", &format!("fixture-{name}")],
        &[],
    )
    .unwrap();
    PluginSet::load(&[PluginSpec::new(&libs[&format!("fixture-{name}")])]).unwrap()
}

fn bench(c: &mut Criterion) {
    let texts = corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let noop = load("noop");
    let shared_words = load("shared-words");

    let mut g = c.benchmark_group("plugins/seeds-x200");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("baseline-normalize", |b| {
        b.iter(|| {
            let docs = normalize(black_box(&texts));
            assert_eq!(docs.len(), BATCH);
            docs
        })
    });
    g.bench_function("normalize+noop-plugin", |b| {
        b.iter(|| {
            let docs = normalize(black_box(&texts));
            assert_eq!(run(&noop, &docs), 0);
            docs
        })
    });
    g.bench_function("normalize+word-plugin", |b| {
        b.iter(|| {
            let docs = normalize(black_box(&texts));
            assert_eq!(run(&shared_words, &docs), words);
            docs
        })
    });
    // What ABI 1.1 adds to each document's view in the pipeline: the
    // sentences and the original→normalized map.
    g.bench_function("normalize+1.1-view-extras", |b| {
        let mut back = Vec::new();
        b.iter(|| {
            let docs = normalize(black_box(&texts));
            let mut n = 0;
            for d in &docs {
                n += khabar_sentences::split(&d.text).count();
                khabar_plugin_host::invert_offset_map(&d.map, d.text.len(), &mut back);
                n += back.len();
            }
            (docs, n)
        })
    });
    // The plugin call alone, on prepared documents.
    let docs = normalize(&texts);
    g.bench_function("noop-plugin-only", |b| {
        b.iter(|| assert_eq!(run(&noop, black_box(&docs)), 0))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
