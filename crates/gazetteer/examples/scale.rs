//! Scale measurement: builds a generated gazetteer of N names and searches a
//! generated text with it, printing build time, peak memory and throughput.
//!
//! ```text
//! cargo build --release -p khabar-gazetteer --example scale
//! /usr/bin/time -v target/release/examples/scale 1000000 [--no-variants] [--engine sorted|trie]
//! ```
//!
//! Names are made of Arabic syllables from a fixed-seed generator, so runs
//! are repeatable; the text is 16 MiB of filler words with a gazetteer name
//! every 20 words. The printed `found` count must equal the planted count.
use std::time::Instant;

use khabar_gazetteer::{Engine, GazetteerBuilder, Scratch};
use khabar_normalize::{Normalizer, Profile};

#[path = "../benches/common/generated.rs"]
mod generated;
use generated::{Rng, cpu_s};

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse()
                    .unwrap_or(0)
            })
        })
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let variants = !args.iter().any(|a| a == "--no-variants");
    let engine = match args
        .iter()
        .position(|a| a == "--engine")
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
    {
        Some("sorted") => Engine::Sorted,
        Some("trie") => Engine::Trie,
        _ => Engine::Auto,
    };

    let mut rng = Rng(generated::SEED);
    let names = generated::names(&mut rng, n);
    let rss_names = peak_rss_kib();

    let t = Instant::now();
    let c0 = cpu_s();
    let mut b = GazetteerBuilder::new();
    b.variants(variants).engine(engine);
    for (i, nm) in names.iter().enumerate() {
        b.add_entry(&format!("e{i}"), "PER", &[nm]);
    }
    let loaded = t.elapsed();
    if args.iter().any(|a| a == "--compile-only") {
        let r = b.report();
        println!(
            "compile only: patterns={} cpu_s={:.2} peak_rss_mib={:.0}",
            r.stats.patterns,
            cpu_s() - c0,
            peak_rss_kib() as f64 / 1024.0
        );
        return;
    }
    let g = match b.build() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("build failed: {e}");
            std::process::exit(1);
        }
    };
    let build = t.elapsed();
    let build_cpu = cpu_s() - c0;
    drop(b);
    let rss_build = peak_rss_kib();

    // Text: filler with a name every 20 words.
    let (text, planted) = generated::text(&mut rng, &names, 16 << 20);
    let norm = Normalizer::new(Profile::Search).normalize(&text);
    let mut scratch = Scratch::new();
    let mut out = Vec::new();
    g.find_into(&norm, &mut scratch, &mut out); // warm up
    let t = Instant::now();
    let c0 = cpu_s();
    let rounds = 3;
    for _ in 0..rounds {
        out.clear();
        g.find_into(&norm, &mut scratch, &mut out);
    }
    let secs = t.elapsed().as_secs_f64() / rounds as f64;
    let cpu = (cpu_s() - c0) / rounds as f64;
    let s = g.stats();
    println!(
        "names={n} variants={variants} engine={} patterns={} load_s={:.2} build_s={:.2} build_cpu_s={:.2} automaton_mib={:.1} \
         peak_rss_mib_after_names={:.0} peak_rss_mib_after_build={:.0} text_mib={:.1} search_mb_s={:.1} search_cpu_mb_s={:.1} found={} planted={planted}",
        s.engine,
        s.patterns,
        loaded.as_secs_f64(),
        build.as_secs_f64(),
        build_cpu,
        s.automaton_bytes as f64 / (1 << 20) as f64,
        rss_names as f64 / 1024.0,
        rss_build as f64 / 1024.0,
        text.len() as f64 / (1 << 20) as f64,
        text.len() as f64 / 1e6 / secs,
        text.len() as f64 / 1e6 / cpu,
        out.len(),
    );
}
