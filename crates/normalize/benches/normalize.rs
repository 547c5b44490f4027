//! Throughput of the fast normalizer against the naive reference, on the
//! sample articles repeated to about 4 MB, for both profiles.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khabar_normalize::{NormalizedText, Normalizer, Profile, reference};

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
    }
}

/// The sample articles with the noise of scraped text injected, word by
/// word, by a fixed pseudo-random sequence: harakat on every letter of
/// about one word in four, tatweel in one in ten, presentation forms
/// (isolated, from the crate's data file) for one in eight, a bidi mark
/// before one in thirty. Every one of these is a deletion or a width
/// change, which the engines handle apart from the same-width folds.
fn noisy_corpus() -> String {
    let forms = concat!(env!("CARGO_MANIFEST_DIR"), "/data/presentation-forms.tsv");
    let forms = std::fs::read_to_string(forms).unwrap_or_default();
    // The isolated presentation form of each letter that has one.
    let mut isolated = std::collections::HashMap::new();
    for line in forms.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        if let [form, "isolated", base] = f[..]
            && let (Ok(form), Ok(base)) =
                (u32::from_str_radix(form, 16), u32::from_str_radix(base, 16))
            && let (Some(form), Some(base)) = (char::from_u32(form), char::from_u32(base))
        {
            isolated.entry(base).or_insert(form);
        }
    }
    assert!(isolated.len() > 20, "presentation forms not found");
    let mut state = 42u64;
    let mut next = move |n: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    let is_letter = |c: char| ('\u{0621}'..='\u{064A}').contains(&c) && c != '\u{0640}';
    let mut out = String::new();
    for (k, word) in corpus().split(' ').enumerate() {
        if k > 0 {
            out.push(' ');
        }
        if next(30) == 0 {
            out.push('\u{200F}');
        }
        match next(40) {
            0..=9 => {
                for c in word.chars() {
                    out.push(c);
                    if is_letter(c) {
                        // A haraka, U+064B..U+0652.
                        out.push(char::from_u32(0x64B + next(8) as u32).unwrap_or(' '));
                    }
                }
            }
            10..=13 => {
                for (i, c) in word.chars().enumerate() {
                    out.push(c);
                    if i == 0 && is_letter(c) {
                        out.push('\u{0640}');
                    }
                }
            }
            14..=18 => out.extend(word.chars().map(|c| *isolated.get(&c).unwrap_or(&c))),
            _ => out.push_str(word),
        }
    }
    out
}

/// The search profile on [`noisy_corpus`], against the naive reference
/// in the same run.
fn noisy(c: &mut Criterion) {
    let text = noisy_corpus();
    let norm = Normalizer::new(Profile::Search);
    let fast = norm.normalize(&text);
    let naive = reference::normalize(Profile::Search, &text);
    assert_eq!(fast.as_str(), naive.text);
    for s in (0..fast.len()).step_by(4099) {
        assert_eq!(
            fast.original_range(s..s + 97),
            naive.original_range(s..s + 97)
        );
    }
    eprintln!(
        "search-noisy: {} input bytes, {} output bytes, {} checkpoints",
        text.len(),
        fast.len(),
        fast.checkpoints()
    );
    let mut group = c.benchmark_group("normalize/search-noisy");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    let mut out = NormalizedText::default();
    group.bench_function("fast", |b| {
        b.iter(|| {
            norm.normalize_into(black_box(&text), &mut out);
            assert_eq!(out.len(), naive.text.len());
        })
    });
    group.bench_function("reference", |b| {
        b.iter(|| {
            let n = reference::normalize(Profile::Search, black_box(&text));
            assert_eq!(n.text.len(), naive.text.len());
        })
    });
    group.finish();
}

/// Mapping word spans back to the input, one document at a time (the
/// seeds, as the pipeline sees them): one call per span, and batched.
fn spans(c: &mut Criterion) {
    let text = corpus();
    let norm = Normalizer::new(Profile::Search);
    let docs: Vec<NormalizedText> = text
        .split('\n')
        .filter(|d| !d.is_empty())
        .take(200)
        .map(|d| norm.normalize(d))
        .collect();
    let spans: Vec<Vec<std::ops::Range<usize>>> = docs
        .iter()
        .map(|n| {
            let mut at = 0;
            n.as_str()
                .split(' ')
                .map(|w| {
                    let span = at..at + w.len();
                    at += w.len() + 1;
                    span
                })
                .collect()
        })
        .collect();
    let count: usize = spans.iter().map(Vec::len).sum();
    let sum = |f: &dyn Fn(&NormalizedText, &[std::ops::Range<usize>]) -> usize| {
        docs.iter().zip(&spans).map(|(n, s)| f(n, s)).sum::<usize>()
    };
    let one = |n: &NormalizedText, s: &[std::ops::Range<usize>]| {
        s.iter().map(|r| n.original_range(r.clone()).end).sum()
    };
    let batched = |n: &NormalizedText, s: &[std::ops::Range<usize>]| {
        n.original_ranges(s.iter().cloned()).map(|r| r.end).sum()
    };
    // Both ways give the same ends; the checksum is asserted in every run.
    let want = sum(&one);
    assert_eq!(want, sum(&batched));
    eprintln!("spans: {} documents, {count} word spans", docs.len());
    let mut group = c.benchmark_group("spans/search");
    group.throughput(Throughput::Elements(count as u64));
    group.sample_size(20);
    group.bench_function("original_range", |b| {
        b.iter(|| assert_eq!(sum(black_box(&one)), want))
    });
    group.bench_function("original_ranges", |b| {
        b.iter(|| assert_eq!(sum(black_box(&batched)), want))
    });
    group.finish();
}

criterion_group!(benches, bench, noisy, spans);
criterion_main!(benches);
