//! Grouping at scale: generates a record stream of N claims to a file,
//! then runs `khabar_claims::run` on it (JSON report to a sink) and prints
//! time, throughput and peak memory.
//!
//! `cargo run --release -p khabar-claims --example scale -- [CLAIMS] [text|claims|both]`

use std::io::{BufReader, BufWriter};
use std::time::Instant;

use khabar_claims::{RunOptions, run};

#[path = "../benches/support/gen.rs"]
mod gen_records;

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_string)
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let mode = args.next().unwrap_or_else(|| "both".to_string());
    let (with_text, with_claims) = match mode.as_str() {
        "text" => (true, false),
        "claims" => (false, true),
        _ => (true, true),
    };
    let path = std::env::temp_dir().join(format!("khabar-claims-scale-{n}-{mode}.jsonl"));
    let t = Instant::now();
    let reuse = std::env::var_os("REUSE").is_some() && path.exists();
    let (records, claims, bytes) = if reuse {
        (0, 0, std::fs::metadata(&path)?.len() as usize)
    } else {
        let mut w = BufWriter::new(std::fs::File::create(&path)?);
        gen_records::generate(&mut w, n, 42, with_text, with_claims)?
    };
    let gen_s = t.elapsed().as_secs_f64();
    let rss_before = peak_rss_mib();
    let t = Instant::now();
    let input = BufReader::with_capacity(1 << 20, std::fs::File::open(&path)?);
    let summary = run(
        [(path.display().to_string(), input)],
        &RunOptions::default(),
        std::io::sink(),
    )?;
    let s = t.elapsed().as_secs_f64();
    // The same run in its two phases: reading and grouping, then the report.
    let t2 = Instant::now();
    let window: usize = std::env::var("WINDOW")
        .ok()
        .and_then(|w| w.parse().ok())
        .unwrap_or(64);
    let mut g = khabar_claims::group::Grouper::new(RunOptions {
        window,
        ..RunOptions::default()
    });
    let input = BufReader::with_capacity(1 << 20, std::fs::File::open(&path)?);
    khabar_claims::group::read_records(&mut g, "gen", input)?;
    let read_s = t2.elapsed().as_secs_f64();
    let report = g.finish();
    report.write_json(&mut std::io::sink())?;
    let report_s = t2.elapsed().as_secs_f64() - read_s;
    println!("phases: read and group {read_s:.2} s, report {report_s:.2} s");
    println!(
        "records with {mode}: {records} records, {claims} claims, {:.1} MB (generated in {gen_s:.1} s)",
        bytes as f64 / 1e6
    );
    println!(
        "grouped {} claims into {} groups (of 2+) in {s:.2} s: {:.0} claims/s, {:.1} MB/s; peak RSS {:.0} MiB (before grouping {:.0} MiB)",
        summary.claims,
        summary.groups,
        summary.claims as f64 / s,
        bytes as f64 / 1e6 / s,
        peak_rss_mib(),
        rss_before
    );
    if std::env::var_os("KEEP").is_none() {
        std::fs::remove_file(&path)?;
    }
    Ok(())
}
