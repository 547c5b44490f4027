//! Lists the words the candidate scan reports on the seeds, by frequency.
use khabar_figures::FigureParser;
use khabar_normalize::{Normalizer, Profile};
use std::collections::HashMap;

fn main() {
    let mut one = String::new();
    for e in std::fs::read_dir("seeds").into_iter().flatten().flatten() {
        one.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
    }
    let n = Normalizer::new(Profile::Search).normalize(&one);
    let p = FigureParser::new();
    let mut m: HashMap<&str, usize> = HashMap::new();
    for w in p.scan_words(n.as_str()) {
        *m.entry(w).or_default() += 1;
    }
    let mut v: Vec<_> = m.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1));
    let total: usize = v.iter().map(|x| x.1).sum();
    println!("{total} word hits, {} distinct", v.len());
    for (w, c) in v.iter().take(60) {
        print!("{w}:{c} ");
    }
    println!();
}
