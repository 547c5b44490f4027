//! The gazetteer stage against a bare aho-corasick search, in CPU time.
//!
//! Criterion measures wall time, which a machine shared with other jobs
//! inflates at random; this measures the CPU time of this thread (from the
//! scheduler) and keeps the best of several rounds, so that the ratio
//! between the two holds under load.
//!
//! ```text
//! cargo run --release -p khabar-gazetteer --example stage_vs_bare
//! ```
//!
//! Text: the seed articles, 32 times (0.9 MB), and (last two rows) each
//! article on its own, as the pipeline runs the stage. Stage: `find_into`
//! on the normalized text with the built-in gazetteer (key transcoding, automaton,
//! boundaries, proclitics, spelling checks, span mapping), on each engine.
//! Baseline: the same patterns (`pattern_strings`: names and generated
//! variants, normalized UTF-8) in an aho-corasick leftmost-longest automaton
//! (DFA, and the crate's default choice) counting matches over the
//! normalized UTF-8 text.
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
#[path = "../benches/common/generated.rs"]
mod generated;
use generated::cpu_s;
use khabar_gazetteer::{Engine, Scratch, builtin};
use khabar_normalize::{Normalizer, Profile};

/// Best CPU seconds per call of `f` over 7 rounds of 20 calls.
fn best(mut f: impl FnMut() -> usize) -> (f64, usize) {
    let mut best = f64::MAX;
    let mut n = 0;
    for _ in 0..7 {
        let c0 = cpu_s();
        for _ in 0..20 {
            n = f();
        }
        best = best.min((cpu_s() - c0) / 20.0);
    }
    (best, n)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    let mut one = String::new();
    let mut docs = Vec::new();
    for p in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        let doc = String::from_utf8_lossy(&std::fs::read(p)?).into_owned();
        one.push_str(&doc);
        one.push('\n');
        docs.push(Normalizer::new(Profile::Search).normalize(&doc));
    }
    let text = one.repeat(32);
    let norm = Normalizer::new(Profile::Search).normalize(&text);
    let mb = text.len() as f64 / 1e6;

    let pats = builtin().pattern_strings()?;
    let mut rows = Vec::new();
    for (label, kind) in [
        ("bare aho-corasick, DFA", Some(AhoCorasickKind::DFA)),
        ("bare aho-corasick, default", None),
    ] {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(kind)
            .build(&pats)?;
        let (s, n) = best(|| ac.find_iter(norm.as_str()).count());
        rows.push((label.to_string(), s, n));
    }
    for engine in [Engine::Auto, Engine::Trie, Engine::Sorted] {
        let mut b = builtin();
        b.engine(engine);
        let g = b.build()?;
        let mut scratch = Scratch::new();
        let mut out = Vec::new();
        let (s, n) = best(|| {
            out.clear();
            g.find_into(&norm, &mut scratch, &mut out);
            out.len()
        });
        rows.push((format!("stage, {engine:?} ({})", g.stats().engine), s, n));
    }
    let base = rows[0].1;
    println!("text {:.2} MB, {} patterns", mb, pats.len());
    println!("| run | MB/s (CPU) | matches | time vs bare DFA |");
    println!("|-----|-----------:|--------:|-----------------:|");
    for (label, s, n) in rows {
        println!("| {label} | {:.0} | {n} | {:.2} |", mb / s, s / base);
    }

    // As the pipeline runs it: one article at a time (the key and its
    // buffers stay in the cache), 32 passes over the five per call.
    let doc_mb = 32.0 * docs.iter().map(|d| d.as_str().len()).sum::<usize>() as f64 / 1e6;
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&pats)?;
    let (bare, bare_n) = best(|| {
        (0..32)
            .map(|_| {
                docs.iter()
                    .map(|d| ac.find_iter(d.as_str()).count())
                    .sum::<usize>()
            })
            .sum()
    });
    let g = builtin().build()?;
    let mut scratch = Scratch::new();
    let mut out = Vec::new();
    let (stage, stage_n) = best(|| {
        let mut n = 0;
        for _ in 0..32 {
            for d in &docs {
                out.clear();
                g.find_into(d, &mut scratch, &mut out);
                n += out.len();
            }
        }
        n
    });
    println!(
        "| per article: bare aho-corasick, DFA | {:.0} | {bare_n} | 1.00 |",
        doc_mb / bare
    );
    println!(
        "| per article: stage, Auto | {:.0} | {stage_n} | {:.2} |",
        doc_mb / stage,
        stage / bare
    );
    Ok(())
}
