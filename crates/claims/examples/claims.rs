//! `cargo run -p khabar-claims --example claims -- [--format json|table|html] RECORDS.jsonl...`:
//! what `khabar claims` will do, until the CLI wires [`khabar_claims::run`].

use std::io::BufReader;

use khabar_claims::group::Format;
use khabar_claims::{RunOptions, run};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut opts = RunOptions::default();
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--format" => {
                opts.format = match args.next().as_deref() {
                    Some("table") => Format::Table,
                    Some("html") => Format::Html,
                    _ => Format::Json,
                }
            }
            "--min-members" => {
                opts.min_members = args.next().and_then(|n| n.parse().ok()).unwrap_or(2)
            }
            _ => files.push(a),
        }
    }
    let mut inputs = Vec::new();
    for f in files {
        inputs.push((f.clone(), BufReader::new(std::fs::File::open(&f)?)));
    }
    let stdout = std::io::stdout();
    let summary = run(inputs, &opts, stdout.lock())?;
    eprintln!(
        "khabar claims: {} records, {} claims, {} groups",
        summary.records, summary.claims, summary.groups
    );
    Ok(())
}
