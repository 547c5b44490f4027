//! Best-of-N throughput of the normalizer on the sample articles.
//!
//! The criterion bench (`cargo bench -p khabar-normalize`) is the reference
//! measurement; this example reports the best of many runs instead of a
//! mean, which is steadier on a machine shared with other work.
//!
//! `cargo run --release -p khabar-normalize --example normalize_throughput`

use std::error::Error;
use std::hint::black_box;
use std::time::{Duration, Instant};

use khabar_normalize::{NormalizedText, Normalizer, Profile, reference};

fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn mb_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / d.as_secs_f64().max(1e-9) / 1e6
}

fn main() -> Result<(), Box<dyn Error>> {
    // The first call per profile builds its tables.
    let t = Instant::now();
    black_box(Normalizer::new(Profile::Search).normalize("ب"));
    println!("first call (builds the search tables): {:?}", t.elapsed());
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
    let mut paths = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()?;
    paths.sort();
    let mut one = String::new();
    for p in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        one.push_str(&std::fs::read_to_string(p)?);
        one.push('\n');
    }
    let text = one.repeat((4 << 20) / one.len().max(1) + 1);
    println!("input: {} bytes", text.len());
    println!("| profile | fast MB/s | reference MB/s | ratio | text-only reference MB/s |");
    println!("|---|---|---|---|---|");
    for profile in [Profile::Search, Profile::Display] {
        let norm = Normalizer::new(profile);
        let mut out = NormalizedText::default();
        let fast = best_of(50, || norm.normalize_into(black_box(&text), &mut out));
        let naive = best_of(5, || {
            black_box(reference::normalize(profile, black_box(&text)));
        });
        let text_only = best_of(5, || {
            black_box(reference::normalize_text(profile, black_box(&text)));
        });
        if reference::normalize_text(profile, &text) != out.as_str() {
            return Err("fast and reference outputs differ".into());
        }
        println!(
            "| {} | {:.0} | {:.0} | {:.1}x | {:.0} |",
            profile.name(),
            mb_per_s(text.len(), fast),
            mb_per_s(text.len(), naive),
            naive.as_secs_f64() / fast.as_secs_f64().max(1e-9),
            mb_per_s(text.len(), text_only),
        );
    }
    Ok(())
}
