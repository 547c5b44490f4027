//! Best-of-40 wall-clock throughput of the decoder paths, next to their
//! baselines. The criterion bench (`cargo bench -p khabar-decode`) is the
//! reference; on a shared, loaded machine its means mostly measure the
//! other processes, and the best of many runs shows what the code can do.
//!
//!     cargo run --release -p khabar-decode --example decode_throughput
#![allow(clippy::unwrap_used)]

use std::time::Instant;

use encoding_rs::{WINDOWS_1252, WINDOWS_1256};

#[path = "../benches/common/corpus.rs"]
mod corpus;

/// Bytes per second over the best of 40 runs, in GB/s (1e9).
fn best<R>(bytes: usize, f: impl Fn() -> R) -> f64 {
    let mut b = f64::MAX;
    for _ in 0..40 {
        let t = Instant::now();
        std::hint::black_box(f());
        b = b.min(t.elapsed().as_secs_f64());
    }
    bytes as f64 / b / 1e9
}

fn main() {
    let s = corpus::seeds_repeated(4 << 20);
    let b = s.as_bytes();
    let moji = WINDOWS_1252.decode_without_bom_handling(b).0.into_owned();
    let cp = WINDOWS_1256.encode(&s).0.into_owned();
    assert!(khabar_decode::is_clean_utf8(b));
    assert_eq!(khabar_decode::decode(moji.as_bytes()).unwrap().text, s);
    assert_eq!(khabar_decode::decode(&cp).unwrap().text, s);
    let naive_moji = || String::from_utf8(WINDOWS_1252.encode(&moji).0.into_owned()).unwrap();
    let rows: [(&str, usize, f64); 9] = [
        (
            "clean: std::str::from_utf8",
            b.len(),
            best(b.len(), || std::str::from_utf8(b).is_ok()),
        ),
        (
            "clean: simdutf8",
            b.len(),
            best(b.len(), || simdutf8::basic::from_utf8(b).is_ok()),
        ),
        (
            "clean: is_clean_utf8",
            b.len(),
            best(b.len(), || khabar_decode::is_clean_utf8(b)),
        ),
        (
            "clean: decode (copies into a String)",
            b.len(),
            best(b.len(), || khabar_decode::decode(b).unwrap()),
        ),
        (
            "clean: from_utf8 + to_string",
            b.len(),
            best(b.len(), || std::str::from_utf8(b).unwrap().to_string()),
        ),
        (
            "mojibake: naive whole-document re-encode",
            moji.len(),
            best(moji.len(), naive_moji),
        ),
        (
            "mojibake: decode",
            moji.len(),
            best(moji.len(), || {
                khabar_decode::decode(moji.as_bytes()).unwrap()
            }),
        ),
        (
            "windows-1256: encoding_rs, encoding known",
            cp.len(),
            best(cp.len(), || {
                WINDOWS_1256.decode_without_bom_handling(&cp).0.len()
            }),
        ),
        (
            "windows-1256: decode (detects)",
            cp.len(),
            best(cp.len(), || khabar_decode::decode(&cp).unwrap()),
        ),
    ];
    println!("| path | input bytes | best-of-40 GB/s |");
    println!("|---|---|---|");
    for (name, n, gbs) in rows {
        println!("| {name} | {n} | {gbs:.3} |");
    }
}
