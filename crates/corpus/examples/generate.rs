//! Writes a corpus without the khabar CLI:
//! `cargo run --release -p khabar-corpus --example generate -- SIZE SEED OUT [jsonl|dir] [CP1256_SHARE]`
//! and its expected counts to `OUT.expected.json` (what `khabar corpus
//! generate` does).
use std::io::BufWriter;
use std::path::PathBuf;
use std::time::Instant;

use khabar_corpus::{CorpusConfig, Format, generate_dir, generate_jsonl, parse_size};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: generate SIZE SEED OUT [jsonl|dir] [CP1256_SHARE]");
        std::process::exit(2);
    }
    let format: Format = args.get(3).map_or("jsonl", String::as_str).parse()?;
    let cfg = CorpusConfig {
        size_bytes: parse_size(&args[0])?,
        seed: args[1].parse()?,
        format,
        cp1256_share: args.get(4).map_or(Ok(0.0), |s| s.parse())?,
    };
    let out = PathBuf::from(&args[2]);
    let t = Instant::now();
    let expected = match format {
        Format::Jsonl => {
            let mut w = BufWriter::new(std::fs::File::create(&out)?);
            generate_jsonl(&cfg, &mut w)?
        }
        Format::Dir => generate_dir(&cfg, &out)?,
    };
    let secs = t.elapsed().as_secs_f64();
    let mut exp_path = out.into_os_string();
    exp_path.push(".expected.json");
    std::fs::write(&exp_path, serde_json::to_string_pretty(&expected)?)?;
    eprintln!(
        "{} documents, {} bytes in {:.2} s ({:.0} MB/s); {} entity mentions, {} figures",
        expected.documents,
        expected.bytes,
        secs,
        expected.bytes as f64 / secs / 1e6,
        expected.entity_mentions,
        expected.figures
    );
    Ok(())
}
