//! Gazetteer benchmarks.
//!
//! * `builtin-stage`: the whole gazetteer stage with the built-in gazetteer
//!   (key transcoding, automaton, boundaries, proclitics, spelling checks,
//!   span mapping) over the seed articles, on every engine; and, in the same
//!   group, the baseline the brief asks for: a bare aho-corasick
//!   leftmost-longest search of the same patterns (names and generated
//!   variants, normalized UTF-8) over the normalized UTF-8 text.
//! * `builtin-per-doc`: the same stage as the pipeline runs it, one seed
//!   article at a time (a few KB each, so the key and its buffers stay in
//!   the cache, unlike in the 0.9 MB text above), against the bare search
//!   of each article.
//! * `build`: building the built-in gazetteer.
//! * `generated-stage`: generated gazetteers of 100 and 10,000 names over a
//!   generated text (the 200k and 1M sizes are in `examples/scale.rs`).
//!
//! Every measured closure checks its result count, so a fast wrong answer
//! cannot pass.
use std::hint::black_box;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use khabar_gazetteer::{Engine, Gazetteer, GazetteerBuilder, Scratch, builtin};
use khabar_normalize::{NormalizedText, Normalizer, Profile};

/// Copies of the seed articles in the searched text (about 0.9 MB).
const COPIES: usize = 32;

fn seeds_text() -> String {
    let mut one = String::new();
    for doc in seed_docs() {
        one.push_str(&doc);
        one.push('\n');
    }
    one
}

/// The seed articles, in file order.
fn seed_docs() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned())
        .collect()
}

/// Required mentions in the gold file (tests/data): the stage must find at
/// least this many entities in one copy of the seeds.
fn gold_mentions() -> usize {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/seeds-entities.jsonl");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["required"].as_bool() == Some(true))
        .map(|v| v["mentions"].as_u64().unwrap_or(0) as usize)
        .sum()
}

fn stage_count(g: &Gazetteer, norm: &NormalizedText, scratch: &mut Scratch) -> usize {
    let mut out = Vec::new();
    g.find_into(norm, scratch, &mut out);
    out.len()
}

fn builtin_stage(c: &mut Criterion) {
    let one = seeds_text();
    let text = one.repeat(COPIES);
    let normalizer = Normalizer::new(Profile::Search);
    let norm_one = normalizer.normalize(&one);
    let norm = normalizer.normalize(&text);
    let mut scratch = Scratch::new();

    let reference = builtin()
        .build()
        .unwrap_or_else(|e| panic!("built-in gazetteer: {e}"));
    let per_copy = stage_count(&reference, &norm_one, &mut scratch);
    assert!(
        per_copy >= gold_mentions(),
        "found {per_copy} < {} gold mentions",
        gold_mentions()
    );
    let want = per_copy * COPIES;

    let mut group = c.benchmark_group("builtin-stage");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    // The automata that walk every byte (aho-corasick, daachorse) are test
    // oracles now; their numbers stay in the bench report.
    for engine in [Engine::Auto, Engine::Trie, Engine::Sorted] {
        let mut b = builtin();
        b.engine(engine);
        let g = b.build().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(stage_count(&g, &norm, &mut scratch), want, "{engine:?}");
        let mut out = Vec::with_capacity(want);
        group.bench_function(BenchmarkId::new("stage", format!("{engine:?}")), |bch| {
            bch.iter(|| {
                out.clear();
                g.find_into(black_box(&norm), &mut scratch, &mut out);
                assert_eq!(out.len(), want);
            })
        });
    }

    // The baseline: the same patterns, UTF-8, bare leftmost-longest search.
    let patterns = builtin()
        .pattern_strings()
        .unwrap_or_else(|e| panic!("{e}"));
    for (label, kind) in [("auto", None), ("dfa", Some(AhoCorasickKind::DFA))] {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(kind)
            .build(&patterns)
            .unwrap_or_else(|e| panic!("{e}"));
        // No boundaries, proclitics or folded alternations: it finds a
        // different set (substrings included), fixed for this text.
        let bare_want = ac.find_iter(norm.as_str()).count();
        assert!(bare_want > want / 2, "bare search finds only {bare_want}");
        group.bench_function(BenchmarkId::new("bare-aho-corasick-utf8", label), |bch| {
            bch.iter(|| {
                let n = ac.find_iter(black_box(norm.as_str())).count();
                assert_eq!(n, bare_want);
            })
        });
    }
    group.finish();

    per_doc(c, &reference, &patterns);

    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    for engine in [Engine::Auto, Engine::Sorted] {
        group.bench_function(BenchmarkId::new("builtin", format!("{engine:?}")), |bch| {
            bch.iter(|| {
                let mut b = builtin();
                b.engine(engine);
                let g = b.build().unwrap_or_else(|e| panic!("{e}"));
                assert!(g.stats().patterns > 1000);
                g
            })
        });
    }
    group.finish();
}

/// The stage on one seed article at a time, and the bare search of each.
fn per_doc(c: &mut Criterion, g: &Gazetteer, patterns: &[String]) {
    let normalizer = Normalizer::new(Profile::Search);
    let docs: Vec<NormalizedText> = seed_docs()
        .iter()
        .map(|d| normalizer.normalize(d))
        .collect();
    let bytes: usize = docs.iter().map(|d| d.as_str().len()).sum();
    let mut scratch = Scratch::new();
    let want: usize = docs.iter().map(|d| stage_count(g, d, &mut scratch)).sum();
    assert!(want >= gold_mentions(), "found {want}");
    let mut group = c.benchmark_group("builtin-per-doc");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(30);
    let mut out = Vec::with_capacity(want);
    group.bench_function("stage/Auto", |bch| {
        bch.iter(|| {
            let mut n = 0;
            for d in &docs {
                out.clear();
                g.find_into(black_box(d), &mut scratch, &mut out);
                n += out.len();
            }
            assert_eq!(n, want);
        })
    });
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(patterns)
        .unwrap_or_else(|e| panic!("{e}"));
    let bare_want: usize = docs.iter().map(|d| ac.find_iter(d.as_str()).count()).sum();
    group.bench_function("bare-aho-corasick-utf8/dfa", |bch| {
        bch.iter(|| {
            let n: usize = docs
                .iter()
                .map(|d| ac.find_iter(black_box(d.as_str())).count())
                .sum();
            assert_eq!(n, bare_want);
        })
    });
    group.finish();
}

#[path = "common/generated.rs"]
mod generated;
use generated::Rng;

fn generated_stage(c: &mut Criterion) {
    let mut group = c.benchmark_group("generated-stage");
    group.sample_size(10);
    for n in [100usize, 10_000] {
        let mut rng = Rng(generated::SEED);
        let names = generated::names(&mut rng, n);
        let (text, planted) = generated::text(&mut rng, &names, 1 << 20);
        let norm = Normalizer::new(Profile::Search).normalize(&text);
        group.throughput(Throughput::Bytes(text.len() as u64));
        for engine in [Engine::Trie, Engine::Sorted] {
            let mut b = GazetteerBuilder::new();
            b.engine(engine);
            for (i, nm) in names.iter().enumerate() {
                b.add_entry(&format!("e{i}"), "PER", &[nm]);
            }
            let g = b.build().unwrap_or_else(|e| panic!("{e}"));
            let mut scratch = Scratch::new();
            let mut out = Vec::new();
            group.bench_function(BenchmarkId::new(format!("{engine:?}"), n), |bch| {
                bch.iter(|| {
                    out.clear();
                    g.find_into(black_box(&norm), &mut scratch, &mut out);
                    assert_eq!(out.len(), planted);
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, builtin_stage, generated_stage);
criterion_main!(benches);
