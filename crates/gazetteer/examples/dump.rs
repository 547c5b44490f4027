//! Prints every entity the built-in gazetteer finds in the given files.
//!
//! `cargo run -p khabar-gazetteer --example dump -- seeds/*.txt`
use khabar_gazetteer::builtin;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let g = builtin().build()?;
    eprintln!("{:?}", g.stats());
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path)?;
        let text = String::from_utf8_lossy(&bytes);
        for m in g.find_str(&text) {
            println!(
                "{path}\t{}\t{}\t{}\t{:?}",
                m.id,
                m.kind,
                &text[m.start..m.end],
                m.prefix
            );
        }
    }
    Ok(())
}
