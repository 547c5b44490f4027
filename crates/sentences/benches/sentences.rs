//! Sentence splitting throughput on generated Arabic news text.
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn corpus() -> String {
    // Deterministic news-like text: numbers with decimals, abbreviations,
    // quotes, URLs, several terminators, paragraphs.
    let parts = [
        "وقال د. أحمد إن الاقتصاد نما بنسبة 2.5 في المئة خلال العام الماضي. ",
        "ووفقًا للأمم المتحدة، نزح أكثر من 12 ألف شخص من منازلهم؟ ",
        "وأضاف: «لن نتراجع عن قرارنا.» ",
        "للمزيد زوروا www.un.org أو راسلوا info@who.int اليوم! ",
        "وبلغ عدد القتلى ٣٤٥ شخصا؛ فيما أصيب المئات.\n",
    ];
    let mut s = String::new();
    let mut i = 0usize;
    while s.len() < 4 << 20 {
        s.push_str(parts[i % parts.len()]);
        i = i.wrapping_mul(31).wrapping_add(7);
    }
    s
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let expected = khabar_sentences::split(&text).count();
    assert!(expected > 10_000);
    let mut g = c.benchmark_group("sentences");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("split/news-4MiB", |b| {
        b.iter(|| {
            let n = khabar_sentences::split(black_box(&text)).count();
            assert_eq!(n, expected);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
