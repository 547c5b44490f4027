//! The gazetteer stage as the pipeline runs it: one seed article at a time,
//! optionally with the caches flushed between articles.
//!
//! `stage_vs_bare` searches one 0.9 MB text with everything hot in the
//! caches. The pipeline instead runs each document through decoding,
//! normalization, the gazetteer, figures and JSON in turn, so the
//! gazetteer's tables are partly evicted by the other stages between two
//! documents. This harness runs `find_into` on each seed article in turn
//! and, with `flush`, walks a 4 MiB buffer (more than the L2 cache) between
//! articles; only the `find_into` calls are timed (wall time, best of seven
//! rounds of 100 passes).
//!
//! ```text
//! cargo run --release -p khabar-gazetteer --example gazetteer_per_doc -- [trie|sorted] [flush]
//! ```
use khabar_gazetteer::{Engine, Scratch, builtin};
use khabar_normalize::{Normalizer, Profile};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let engine = if args.iter().any(|a| a == "sorted") {
        Engine::Sorted
    } else if args.iter().any(|a| a == "trie") {
        Engine::Trie
    } else {
        Engine::Auto
    };
    let flush = args.iter().any(|a| a == "flush");

    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut docs = Vec::new();
    for p in &paths {
        docs.push(String::from_utf8_lossy(&std::fs::read(p)?).into_owned());
    }
    let normalizer = Normalizer::new(Profile::Search);
    let norms: Vec<_> = docs.iter().map(|d| normalizer.normalize(d)).collect();
    let bytes: usize = docs.iter().map(String::len).sum();

    let mut b = builtin();
    b.engine(engine);
    let g = b.build()?;
    let mut scratch = Scratch::new();
    let mut out = Vec::new();
    let mut junk = vec![0u8; 4 << 20];
    let mut sink = 0u64;
    let (mut best, mut found) = (f64::MAX, 0);
    for _ in 0..7 {
        let mut secs = 0.0;
        found = 0;
        for round in 0..100u32 {
            for norm in &norms {
                if flush {
                    for x in junk.iter_mut().step_by(64) {
                        *x = x.wrapping_add(round as u8);
                        sink = sink.wrapping_add(*x as u64);
                    }
                }
                let t0 = std::time::Instant::now();
                out.clear();
                g.find_into(norm, &mut scratch, &mut out);
                secs += t0.elapsed().as_secs_f64();
                found += out.len();
            }
        }
        best = best.min(secs);
    }
    println!(
        "engine {} flush {flush}: {:.0} MB/s, {} entities per pass ({})",
        g.stats().engine,
        bytes as f64 * 100.0 / 1e6 / best,
        found / 100,
        sink % 2
    );
    Ok(())
}
