//! Prints the figures of the files given on the command line (one per
//! line: span text, low, high, approx, unit, kind). For eyeballing.
use khabar_figures::FigureParser;
use khabar_normalize::{Normalizer, Profile};

fn main() {
    let parser = FigureParser::new();
    let norm = Normalizer::new(Profile::Search);
    for path in std::env::args().skip(1) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("cannot read {path}");
            continue;
        };
        println!("== {path}");
        let n = norm.normalize(&text);
        for f in parser.parse_with_source(&text, &n) {
            println!(
                "{:?}\t{:?}\t{:?}\t{}\t{:?}\t{}",
                &text[f.start..f.end],
                f.low,
                f.high,
                f.approx.as_str(),
                f.unit,
                f.kind.as_str()
            );
        }
    }
}
