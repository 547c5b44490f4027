//! Runs the parser over the seeds (4 MB) ten times, for profiling.
use khabar_figures::FigureParser;
use khabar_normalize::{Normalizer, Profile};

fn main() {
    let mut one = String::new();
    for e in std::fs::read_dir("seeds").into_iter().flatten().flatten() {
        one.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
    }
    let text = one.repeat((4 << 20) / one.len().max(1) + 1);
    let n = Normalizer::new(Profile::Search).normalize(&text);
    let p = FigureParser::new();
    let mut total = 0;
    let t = std::time::Instant::now();
    for _ in 0..10 {
        total += p.parse(&n).len();
    }
    let dt = t.elapsed().as_secs_f64();
    println!(
        "{total} figures, {:.0} MB/s",
        10.0 * n.len() as f64 / 1e6 / dt
    );
}
