//! CPU time of the gazetteer stage on the seed articles (repeated to
//! ~8 MB), with the built-in data of each file set and with and without
//! the context rules that need the original text.
//!
//! `cargo run --release -p khabar-gazetteer --example stage_cost`
use khabar_gazetteer::{GazetteerBuilder, Scratch, builtin};
use khabar_normalize::{Normalizer, Profile};
use std::path::Path;

fn cpu() -> f64 {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    s.split_whitespace()
        .next()
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1e9
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut text = String::new();
    for e in std::fs::read_dir(root.join("../../seeds"))? {
        text.push_str(&std::fs::read_to_string(e?.path())?);
        text.push('\n');
    }
    let one = text.clone();
    while text.len() < 8 << 20 {
        text.push_str(&one);
    }
    let norm = Normalizer::new(Profile::Search).normalize(&text);
    let data = root.join("data");
    let mut old = GazetteerBuilder::new();
    for f in [
        "countries.tsv",
        "cities.tsv",
        "organizations.tsv",
        "people.tsv",
        "seeds.tsv",
    ] {
        old.add_tsv_file(&data.join(f))?;
    }
    old.add_short_forms_reader(
        "short-forms.tsv",
        std::fs::read(data.join("short-forms.tsv"))?.as_slice(),
    )?;
    let sets = [
        ("old data files", old.build()?),
        ("all data files", builtin().build()?),
    ];
    for (label, g) in &sets {
        let mut scratch = Scratch::new();
        let mut out = Vec::new();
        for with_source in [false, true] {
            let mut best = f64::MAX;
            let mut n = 0;
            for _ in 0..5 {
                out.clear();
                let t = cpu();
                if with_source {
                    g.find_into_source(&text, &norm, &mut scratch, &mut out);
                } else {
                    g.find_into(&norm, &mut scratch, &mut out);
                }
                best = best.min(cpu() - t);
                n = out.len();
            }
            println!(
                "{label:16} source rules {with_source:5}: {:.1} ms CPU, {:.0} MB/s, {n} matches, {} patterns",
                best * 1e3,
                text.len() as f64 / best / 1e6,
                g.stats().patterns
            );
        }
    }
    Ok(())
}
