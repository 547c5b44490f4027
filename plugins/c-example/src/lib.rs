//! Builds the C example plugin (`khabar_figures_c.c`) with the system C
//! compiler, for tests: the plugin itself is plain C against
//! `crates/plugin-abi/include/khabar_plugin.h` and needs no Rust.
//!
//! ```no_run
//! let dir = std::env::temp_dir().join("c-example");
//! let lib = c_example::build(&dir).unwrap();
//! assert!(lib.exists());
//! ```
#![deny(missing_docs)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The plugin's C source.
pub const SOURCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/khabar_figures_c.c");

/// The directory of `khabar_plugin.h`.
pub const INCLUDE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../crates/plugin-abi/include"
);

/// Compiles the plugin into `dir` with `$CC` (default `cc`) and returns
/// the library's path. Warnings are errors.
pub fn build(dir: &Path) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let lib = dir.join(format!(
        "{}khabar_figures_c{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ));
    let cc = std::env::var_os("CC").unwrap_or_else(|| "cc".into());
    let shared = if cfg!(target_os = "macos") {
        "-dynamiclib"
    } else {
        "-shared"
    };
    let out = Command::new(&cc)
        .args([
            "-std=c11",
            "-O2",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-pedantic",
        ])
        .args([
            shared,
            "-fPIC",
            "-fvisibility=hidden",
            "-I",
            INCLUDE,
            SOURCE,
            "-o",
        ])
        .arg(&lib)
        .output()?;
    if !out.status.success() {
        return Err(std::io::Error::other(format!(
            "{} failed: {}",
            Path::new(&cc).display(),
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    Ok(lib)
}
