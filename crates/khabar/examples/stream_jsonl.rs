//! Streams a JSON Lines corpus of any size through khabar, records out in
//! input order, on every core, in bounded memory:
//!
//!     cargo run --release -p khabar --example stream_jsonl -- news.jsonl facts.jsonl

use std::{fs::File, io::BufWriter};

use khabar::{Pipeline, source::Source};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (input, output) = (
        args.next().ok_or("no input")?,
        args.next().ok_or("no output")?,
    );
    let pipeline = Pipeline::builder().build()?;
    let out = BufWriter::with_capacity(64 << 10, File::create(output)?);
    let summary = pipeline.stream(Source::path(input)?).write_json(out)?;
    eprintln!(
        "{} documents ({} errors) in {:.2?}",
        summary.documents, summary.errors, summary.elapsed
    );
    Ok(())
}
