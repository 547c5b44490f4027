//! The benchmark text, shared by the criterion bench and the
//! `decode_throughput` example so that both measure the same bytes.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

/// The seed articles without 002 (which carries mojibake residue on
/// purpose, so it is not clean UTF-8), joined and repeated to at least
/// `bytes` bytes.
pub fn seeds_repeated(bytes: usize) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with("002"))
        .collect();
    files.sort();
    let one = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut s = String::with_capacity(bytes + one.len());
    while s.len() < bytes {
        s.push_str(&one);
        s.push_str("\n\n");
    }
    s
}
