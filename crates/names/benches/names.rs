//! The entity stage on the seed articles: the gazetteer alone against the
//! gazetteer followed by the name recognizer, in the same run. Building is
//! timed apart. Each search asserts its entity count, so a fast wrong
//! answer cannot pass.
//!
//! `cargo bench -p khabar-names --bench names -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khabar_gazetteer::{Match, Scratch as GazScratch};
use khabar_names::{Names, Scratch};
use khabar_normalize::{NormalizedText, Normalizer, Profile};

fn seeds() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("seeds/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).expect("seed")).into_owned())
        .collect()
}

fn bench(c: &mut Criterion) {
    let docs = seeds();
    let bytes: usize = docs.iter().map(String::len).sum();
    let gazetteer = khabar_gazetteer::builtin().build().expect("gazetteer");
    let names = Names::builder().build().expect("names");
    let normalizer = Normalizer::new(Profile::Search);

    let mut g = c.benchmark_group("build");
    g.bench_function("names", |b| {
        b.iter(|| Names::builder().build().expect("names"))
    });
    g.finish();

    // Expected counts, computed once outside the timing.
    let mut norm = NormalizedText::default();
    let mut gs = GazScratch::default();
    let mut ns = Scratch::default();
    let mut matches: Vec<Match<'_>> = Vec::new();
    let mut out = Vec::new();
    let (mut want_gaz, mut want_all) = (0, 0);
    for d in &docs {
        normalizer.normalize_into(d, &mut norm);
        matches.clear();
        gazetteer.find_into(&norm, &mut gs, &mut matches);
        want_gaz += matches.len();
        names.apply_into(d, &norm, &matches, &mut ns, &mut out);
        want_all += out.len();
    }

    let mut g = c.benchmark_group("entities-seeds");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("gazetteer", |b| {
        b.iter(|| {
            let mut n = 0;
            for d in &docs {
                normalizer.normalize_into(d, &mut norm);
                matches.clear();
                gazetteer.find_into(&norm, &mut gs, &mut matches);
                n += matches.len();
            }
            assert_eq!(n, want_gaz);
            black_box(n)
        })
    });
    g.bench_function("gazetteer+names", |b| {
        b.iter(|| {
            let mut n = 0;
            for d in &docs {
                normalizer.normalize_into(d, &mut norm);
                matches.clear();
                gazetteer.find_into(&norm, &mut gs, &mut matches);
                names.apply_into(d, &norm, &matches, &mut ns, &mut out);
                n += out.len();
            }
            assert_eq!(n, want_all);
            black_box(n)
        })
    });
    // The same with the gazetteer's normalized spans, as the pipeline runs
    // it (the matches' words found without mapping words back): the old
    // alignment above and the new one here, in the same run.
    g.bench_function("gazetteer+names-spans", |b| {
        b.iter(|| {
            let mut n = 0;
            for d in &docs {
                normalizer.normalize_into(d, &mut norm);
                matches.clear();
                gazetteer.find_into(&norm, &mut gs, &mut matches);
                let spans = gs.normalized_spans();
                names.apply_into_spans(d, &norm, &matches, spans, &mut ns, &mut out);
                n += out.len();
            }
            assert_eq!(n, want_all);
            black_box(n)
        })
    });
    g.finish();

    // One large document (the seeds repeated to about 1.5 MB): the stage
    // stays linear in the document's length.
    let large = vec![docs.join("\n\n"); 50].join("\n\n");
    normalizer.normalize_into(&large, &mut norm);
    matches.clear();
    gazetteer.find_into(&norm, &mut gs, &mut matches);
    names.apply_into(&large, &norm, &matches, &mut ns, &mut out);
    let want_large = out.len();
    let mut g = c.benchmark_group("entities-large");
    g.throughput(Throughput::Bytes(large.len() as u64));
    g.sample_size(10);
    g.bench_function("gazetteer+names-spans", |b| {
        b.iter(|| {
            normalizer.normalize_into(&large, &mut norm);
            matches.clear();
            gazetteer.find_into(&norm, &mut gs, &mut matches);
            let spans = gs.normalized_spans();
            names.apply_into_spans(&large, &norm, &matches, spans, &mut ns, &mut out);
            assert_eq!(out.len(), want_large);
            black_box(out.len())
        })
    });
    g.finish();

    // The built-in stages of the pipeline (decode, normalize, gazetteer,
    // figures) with and without the names stage: the end-to-end cost.
    let decoder = khabar_decode::Decoder::default();
    let figures = khabar_figures::FigureParser::new();
    let raw: Vec<Vec<u8>> = docs.iter().map(|d| d.as_bytes().to_vec()).collect();
    let mut g = c.benchmark_group("stages-seeds");
    g.throughput(Throughput::Bytes(bytes as u64));
    for with_names in [false, true] {
        let label = if with_names {
            "decode+normalize+gazetteer+figures+names"
        } else {
            "decode+normalize+gazetteer+figures"
        };
        g.bench_function(label, |b| {
            b.iter(|| {
                let mut n = 0;
                for r in &raw {
                    let Ok(d) = decoder.decode(r) else { continue };
                    normalizer.normalize_into(&d.text, &mut norm);
                    matches.clear();
                    gazetteer.find_into(&norm, &mut gs, &mut matches);
                    n += if with_names {
                        let spans = gs.normalized_spans();
                        names.apply_into_spans(&d.text, &norm, &matches, spans, &mut ns, &mut out);
                        out.len()
                    } else {
                        matches.len()
                    };
                    n += figures.parse_with_source(&d.text, &norm).len();
                }
                black_box(n)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
