//! Imports a Wikidata dump or GeoNames files to a gazetteer TSV, printing
//! the summary (what `khabar gazetteer import` does, without the bar).
//!
//! `cargo run --release -p khabar-gazetteer-import --example import -- wikidata DUMP.json[.gz|.bz2] OUT.tsv [ar,arz]`
//! `cargo run --release -p khabar-gazetteer-import --example import -- geonames alternateNamesV2.txt allCountries.txt OUT.tsv`
use std::fs::File;
use std::path::Path;

use khabar_gazetteer_import::{GeonamesOptions, WikidataOptions, geonames_files, wikidata_file};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let t = std::time::Instant::now();
    let summary = match args.first().map(String::as_str) {
        Some("wikidata") if args.len() >= 3 => {
            let mut o = WikidataOptions::default();
            if let Some(l) = args.get(3) {
                o.langs_arg(l)?;
            }
            wikidata_file(Path::new(&args[1]), &o, File::create(&args[2])?, |_| {})?
        }
        Some("geonames") if args.len() >= 4 => geonames_files(
            Path::new(&args[1]),
            Path::new(&args[2]),
            &GeonamesOptions::default(),
            File::create(&args[3])?,
            |_| {},
        )?,
        _ => return Err("usage: import wikidata DUMP OUT [langs] | geonames ALT ALL OUT".into()),
    };
    let secs = t.elapsed().as_secs_f64();
    let bytes = std::fs::metadata(&args[1])?.len() as f64;
    eprint!("{summary}");
    eprintln!("{:.2} s, {:.0} MB/s of input", secs, bytes / secs / 1e6);
    Ok(())
}
