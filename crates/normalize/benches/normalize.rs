//! Throughput of the fast normalizer against the naive reference, on the
//! sample articles repeated to about 4 MB, for both profiles.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khabar_normalize::{CompactText, NormalizedText, Normalizer, Profile, reference};

const TARGET_BYTES: usize = 4 << 20;

/// The workspace's sample articles, concatenated and repeated.
fn corpus() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    let mut one = String::new();
    for p in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        one.push_str(&std::fs::read_to_string(p).unwrap_or_default());
        one.push('\n');
    }
    assert!(one.len() > 10_000, "seeds not found in {dir}");
    let mut text = String::with_capacity(TARGET_BYTES + one.len());
    while text.len() < TARGET_BYTES {
        text.push_str(&one);
    }
    text
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    for profile in [Profile::Search, Profile::Display] {
        let norm = Normalizer::new(profile);
        // A fast wrong answer must not pass: both implementations must give
        // the same text, and the same mapping for a sample of spans.
        let fast = norm.normalize(&text);
        let naive = reference::normalize(profile, &text);
        assert_eq!(fast.as_str(), naive.text);
        for s in (0..fast.len()).step_by(4099) {
            assert_eq!(
                fast.original_range(s..s + 97),
                naive.original_range(s..s + 97)
            );
        }
        let changed = text.len() - fast.len();
        assert!(changed > 0, "the corpus must exercise the rules");
        eprintln!(
            "{}: {} input bytes, {} output bytes, {} checkpoints",
            profile.name(),
            text.len(),
            fast.len(),
            fast.checkpoints()
        );

        let mut group = c.benchmark_group(format!("normalize/{}", profile.name()));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.sample_size(20);
        let mut out = NormalizedText::default();
        group.bench_function("fast", |b| {
            b.iter(|| {
                norm.normalize_into(black_box(&text), &mut out);
                assert_eq!(out.len(), naive.text.len());
            })
        });
        group.bench_function("fast-fresh-alloc", |b| {
            b.iter(|| norm.normalize(black_box(&text)).len())
        });
        group.bench_function("reference", |b| {
            b.iter(|| {
                let n = reference::normalize(profile, black_box(&text));
                assert_eq!(n.text.len(), naive.text.len());
            })
        });
        group.bench_function("reference-text-only", |b| {
            b.iter(|| {
                let n = reference::normalize_text(profile, black_box(&text));
                assert_eq!(n.len(), naive.text.len());
            })
        });
        group.finish();

        // The compact form, built from the normalized text.
        let chars = fast.as_str().chars().count();
        let mut compact = CompactText::default();
        let mut group = c.benchmark_group(format!("compact/{}", profile.name()));
        group.throughput(Throughput::Bytes(fast.len() as u64));
        group.sample_size(20);
        group.bench_function("compact_into", |b| {
            b.iter(|| {
                black_box(&fast).compact_into(&mut compact);
                assert_eq!(compact.len(), chars);
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
