//! End-to-end benchmark: bytes → decode → normalize → gazetteer → names →
//! figures → JSON record, on the seed articles, one core.
//!
//! The same pipeline without the names stage (`names(false)`, the CLI's
//! `--no-names`) runs in the same group: issue 12's speed goal is the
//! ratio of the two throughputs (with names / without ≥ 0.85).
//!
//! Baseline in the same run: `std::str::from_utf8` plus serializing the text
//! as a JSON string — the least any tool that reads UTF-8 and writes JSON
//! must do. The result counts are asserted so a fast wrong answer fails.
#![allow(missing_docs, clippy::unwrap_used)]

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use khabar::record::{DocMeta, RecordOptions, write_record};
use khabar::{Document, Pipeline, ProcessError};

fn seeds() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

fn end_to_end(c: &mut Criterion) {
    let docs = seeds();
    let bytes: usize = docs.iter().map(Vec::len).sum();
    let pipeline = Pipeline::builder().build().unwrap();
    let opts = RecordOptions::default();

    // What a correct run finds; checked once before timing.
    let (mut entities, mut figures) = (0, 0);
    for d in &docs {
        let doc = pipeline.process(d).unwrap();
        entities += doc.entities.len();
        figures += doc.figures.len();
    }
    assert!(entities >= 150, "entities found on the seeds: {entities}");
    assert!(figures >= 40, "figures found on the seeds: {figures}");

    let mut g = c.benchmark_group("end_to_end/seeds");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("baseline_utf8_validate_and_json_string", |b| {
        let mut out = Vec::with_capacity(bytes * 2);
        b.iter(|| {
            out.clear();
            for d in &docs {
                let s = std::str::from_utf8(d).unwrap();
                serde_json::to_writer(&mut out, s).unwrap();
                out.push(b'\n');
            }
            assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), docs.len());
        })
    });
    let no_names = Pipeline::builder().names(false).build().unwrap();
    let gazetteer_only: usize = docs
        .iter()
        .map(|d| no_names.process(d).map_or(0, |doc| doc.entities.len()))
        .sum();
    assert!(
        gazetteer_only < entities,
        "the names stage adds entities on the seeds: {gazetteer_only} without, {entities} with"
    );
    let arms = [
        ("khabar_pipeline_json", &pipeline, entities),
        ("khabar_pipeline_json_no_names", &no_names, gazetteer_only),
    ];
    compare(&mut g, arms, bytes, |p, out| {
        write_all(p, docs.iter().map(|d| p.process(d)), out, &opts)
    });
    g.finish();
}

/// The same comparison the way the CLI runs a corpus: its workers take
/// chunks of about 1 MiB of documents and process each chunk with
/// `process_batch`, stage by stage (the gazetteer over the whole chunk,
/// then the names stage, then figures). Here the chunk is the CLI's: 64
/// documents (the five seed articles in turn, 350 kB of news text).
fn end_to_end_chunk(c: &mut Criterion) {
    let seeds = seeds();
    let docs: Vec<&[u8]> = seeds.iter().map(Vec::as_slice).cycle().take(64).collect();
    let bytes: usize = docs.iter().map(|d| d.len()).sum();
    let opts = RecordOptions::default();
    let with_names = Pipeline::builder().build().unwrap();
    let no_names = Pipeline::builder().names(false).build().unwrap();
    let count = |p: &Pipeline| -> usize {
        p.process_batch(&docs)
            .iter()
            .map(|r| r.as_ref().map_or(0, |d| d.entities.len()))
            .sum()
    };
    let (entities, gazetteer_only) = (count(&with_names), count(&no_names));
    assert!(
        gazetteer_only < entities && entities >= 150 * 12,
        "entities on the chunk: {gazetteer_only} without names, {entities} with"
    );
    let mut g = c.benchmark_group("end_to_end/chunk");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);
    let arms = [
        ("khabar_pipeline_json", &with_names, entities),
        ("khabar_pipeline_json_no_names", &no_names, gazetteer_only),
    ];
    compare(&mut g, arms, bytes, |p, out| {
        write_all(p, p.process_batch(&docs), out, &opts)
    });
    g.finish();
}

/// Benchmarks each arm (label, pipeline, entities it must find) with `run`,
/// which processes the documents and writes their records into `out`,
/// returning the entities found.
fn compare(
    g: &mut BenchmarkGroup<'_, WallTime>,
    arms: [(&str, &Pipeline, usize); 2],
    bytes: usize,
    run: impl Fn(&Pipeline, &mut Vec<u8>) -> usize,
) {
    for (label, pipeline, expected) in arms {
        g.bench_function(label, |b| {
            let mut out = Vec::with_capacity(bytes * 2);
            b.iter(|| {
                out.clear();
                assert_eq!(run(pipeline, &mut out), expected);
            })
        });
    }
}

/// Writes the records of `results` into `out`; the entities found.
fn write_all<'p>(
    pipeline: &'p Pipeline,
    results: impl IntoIterator<Item = Result<Document<'p>, ProcessError>>,
    out: &mut Vec<u8>,
    opts: &RecordOptions,
) -> usize {
    let meta = DocMeta {
        id: "d",
        source: "s",
        meta: None,
    };
    let mut n = 0;
    for result in results {
        if let Ok(doc) = &result {
            n += doc.entities.len();
        }
        pipeline.write_record(out, &meta, &result, opts);
    }
    n
}

/// The record writer alone, on the seeds' finished documents, against
/// copying the same records' bytes (the least that writing them costs).
fn record_writer(c: &mut Criterion) {
    let docs = seeds();
    let pipeline = Pipeline::builder().build().unwrap();
    let opts = RecordOptions::default();
    let results: Vec<_> = docs.iter().map(|d| pipeline.process(d)).collect();
    let meta = DocMeta {
        id: "d",
        source: "s",
        meta: None,
    };
    let mut records = Vec::new();
    for r in &results {
        write_record(&mut records, &meta, r, &opts);
    }
    let lines = records.iter().filter(|&&b| b == b'\n').count();
    assert_eq!(lines, docs.len());

    let mut g = c.benchmark_group("record_writer/seeds");
    g.throughput(Throughput::Bytes(records.len() as u64));
    g.bench_function("baseline_copy_of_the_records", |b| {
        let lines: Vec<&[u8]> = records.split_inclusive(|&b| b == b'\n').collect();
        let mut out = Vec::with_capacity(records.len());
        b.iter(|| {
            out.clear();
            for line in &lines {
                out.extend_from_slice(std::hint::black_box(line));
            }
            assert_eq!(out.len(), records.len());
        })
    });
    g.bench_function("khabar_pipeline_write_record", |b| {
        let mut out = Vec::with_capacity(records.len());
        b.iter(|| {
            out.clear();
            for r in &results {
                pipeline.write_record(&mut out, &meta, std::hint::black_box(r), &opts);
            }
            assert_eq!(out, records);
        })
    });
    g.bench_function("khabar_write_record", |b| {
        let mut out = Vec::with_capacity(records.len());
        b.iter(|| {
            out.clear();
            for r in &results {
                write_record(&mut out, &meta, std::hint::black_box(r), &opts);
            }
            assert_eq!(out.len(), records.len());
        })
    });
    g.finish();
}

criterion_group!(benches, end_to_end, end_to_end_chunk, record_writer);
criterion_main!(benches);
