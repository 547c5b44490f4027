//! Validates gazetteer files and prints the report of each
//! (what `khabar gazetteer check FILE` shows).
//!
//! `cargo run -p khabar-gazetteer --example check -- crates/gazetteer/data/*.tsv`
use khabar_gazetteer::check;

fn main() {
    let mut ok = true;
    for path in std::env::args().skip(1) {
        match std::fs::File::open(&path) {
            Ok(f) => {
                let report = check(&path, std::io::BufReader::new(f));
                ok &= report.is_ok();
                print!("{report}");
            }
            Err(e) => {
                ok = false;
                eprintln!("{path}: {e}");
            }
        }
    }
    std::process::exit(if ok { 0 } else { 1 });
}
