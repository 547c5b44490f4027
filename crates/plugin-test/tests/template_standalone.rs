//! The template works as a repository of its own: nothing inherited from
//! the khabar workspace, and with its two path dependencies pointed at this
//! checkout it resolves (and, in the ignored test, builds and passes its
//! tests) from a directory outside the workspace.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn checkout() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Copies `plugins/template` outside the workspace, with its dependency
/// paths made absolute as the guide says, and the workspace's lock file so
/// that the same dependency versions resolve offline.
fn standalone_copy(name: &str) -> PathBuf {
    let src = checkout().join("plugins/template");
    let dst = std::env::temp_dir().join(format!("khabar-template-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dst);
    copy_dir(&src, &dst);
    let manifest = std::fs::read_to_string(dst.join("Cargo.toml")).unwrap();
    let crates = checkout().join("crates");
    let manifest = manifest.replace(
        "path = \"../../crates/",
        &format!("path = \"{}/", crates.display()),
    );
    std::fs::write(dst.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(checkout().join("Cargo.lock"), dst.join("Cargo.lock")).unwrap();
    dst
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&entry.path(), &to);
            }
        } else {
            std::fs::copy(entry.path(), to).unwrap();
        }
    }
}

fn cargo() -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    for var in [
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET_DIR",
        "RUSTC_WORKSPACE_WRAPPER",
    ] {
        c.env_remove(var);
    }
    c
}

#[test]
fn the_template_inherits_nothing_from_the_workspace() {
    let manifest = std::fs::read_to_string(checkout().join("plugins/template/Cargo.toml")).unwrap();
    assert!(!manifest.contains(".workspace"), "{manifest}");
    assert!(!manifest.contains("workspace = true"), "{manifest}");
    // The guide's two ways to depend on khabar are spelled out.
    assert!(manifest.contains("path = \"/"), "an absolute path example");
    assert!(manifest.contains("git = "), "a git example");
}

#[test]
fn the_template_resolves_outside_the_workspace() {
    let dir = standalone_copy("metadata");
    let out = cargo()
        .args([
            "metadata",
            "--offline",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(dir.join("Cargo.toml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Its own workspace root, not khabar's.
    assert_eq!(
        Path::new(meta["workspace_root"].as_str().unwrap())
            .canonicalize()
            .unwrap(),
        dir.canonicalize().unwrap()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Builds the copy and runs its tests (minutes: the whole pipeline is
/// compiled into a target directory of its own). `cargo test -p
/// khabar-plugin-test --test template_standalone -- --ignored`.
#[test]
#[ignore = "builds khabar from scratch in a separate target directory"]
fn the_template_tests_pass_outside_the_workspace() {
    let dir = standalone_copy("test");
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("template-standalone");
    let out = cargo()
        .args(["test", "--offline", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
