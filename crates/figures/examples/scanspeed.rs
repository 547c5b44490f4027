//! Times the candidate scanner alone on the seeds repeated to 4 MB.
use khabar_figures::FigureParser;
use khabar_normalize::{Normalizer, Profile};
use std::time::Instant;

fn main() {
    let mut one = String::new();
    for e in std::fs::read_dir("seeds").into_iter().flatten().flatten() {
        one.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
    }
    let text = one.repeat((4 << 20) / one.len().max(1) + 1);
    let n = Normalizer::new(Profile::Search).normalize(&text);
    let p = FigureParser::new();
    for _ in 0..3 {
        let t = Instant::now();
        let hits = p.scan_hits(n.as_str());
        let dt = t.elapsed().as_secs_f64();
        let t2 = Instant::now();
        let figs = p.parse(&n).len();
        let dt2 = t2.elapsed().as_secs_f64();
        let mb = n.len() as f64 / 1e6;
        println!("scan: {hits} hits {:.0} MB/s; parse: {figs} figures {:.0} MB/s", mb / dt, mb / dt2);
    }
}
