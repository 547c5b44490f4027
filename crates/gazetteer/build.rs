//! Sets `khabar_avx512` when the compiler is Rust 1.89 or later, where the
//! AVX-512 intrinsics of the key's fastest windows are stable; older
//! compilers (the workspace supports 1.88) build without them.

use std::process::Command;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(khabar_avx512)");
    println!("cargo::rerun-if-env-changed=RUSTC");
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let version = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .unwrap_or_default();
    // "rustc 1.95.0 (59807616e 2026-04-14)"
    let minor = version
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.split('.').nth(1))
        .and_then(|m| m.parse::<u32>().ok())
        .unwrap_or(0);
    if minor >= 89 {
        println!("cargo::rustc-cfg=khabar_avx512");
    }
}
