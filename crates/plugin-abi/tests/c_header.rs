//! `include/khabar_plugin.h` against the Rust definitions: a C program built
//! with the system C compiler (`$CC`, else `cc`) prints every size, offset
//! and constant of the header, and each is compared with `size_of`,
//! `offset_of!` and the constants of this crate.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::mem::{offset_of, size_of};
use std::path::{Path, PathBuf};
use std::process::Command;

use khabar_plugin_abi as abi;

/// `(C struct, C field, Rust offset)` for every field of every struct.
macro_rules! fields {
    ($($cty:literal $rty:ty { $($f:ident),* $(,)? })*) => {{
        let mut v: Vec<(String, usize)> = Vec::new();
        $(
            v.push((format!("sizeof {}", $cty), size_of::<$rty>()));
            $( v.push((format!("offsetof {}.{}", $cty, stringify!($f)), offset_of!($rty, $f))); )*
        )*
        v
    }};
}

fn rust_layout() -> Vec<(String, usize)> {
    fields! {
        "khabar_str" abi::Str { ptr, len }
        "khabar_error_buf" abi::ErrorBuf { ptr, cap, len }
        "khabar_range" abi::Range { start, end }
        "khabar_entity" abi::Entity { start, end, id, kind, name, prefix, how }
        "khabar_figure" abi::Figure { start, end, low, high, approx, unit, kind }
        "khabar_doc" abi::Doc {
            text, normalized, norm_to_orig, norm_to_orig_len, entities, n_entities,
            entity_size, figures, n_figures, figure_size, id, meta_json, sentences,
            n_sentences, sentence_size, orig_to_norm, orig_to_norm_len,
        }
        "khabar_batch" abi::Batch { size, docs, n_docs, doc_size }
        "khabar_link" abi::Link { role, start, end }
        "khabar_annotation" abi::Annotation {
            doc, label, start, end, space, reserved, attrs_json, links, n_links, link_size,
        }
        "khabar_sink" abi::Sink { ctx, emit, doc_error }
        "khabar_plugin_vtable" abi::PluginVTable { create, process_batch, destroy }
        "khabar_plugin_header" abi::PluginHeader {
            magic, abi_major, abi_minor, header_size, capabilities, name, version,
            vtable, vtable_size, reserved,
        }
    }
}

fn rust_constants() -> Vec<(String, u64)> {
    let i = |x: i32| u64::try_from(x).unwrap();
    vec![
        ("KHABAR_PLUGIN_MAGIC".into(), abi::MAGIC),
        ("KHABAR_ABI_MAJOR".into(), abi::ABI_MAJOR.into()),
        ("KHABAR_ABI_MINOR".into(), abi::ABI_MINOR.into()),
        (
            "KHABAR_ABI_MINOR_OLDEST".into(),
            abi::ABI_MINOR_OLDEST.into(),
        ),
        ("KHABAR_STATUS_OK".into(), i(abi::STATUS_OK)),
        ("KHABAR_STATUS_ERROR".into(), i(abi::STATUS_ERROR)),
        ("KHABAR_STATUS_PANIC".into(), i(abi::STATUS_PANIC)),
        ("KHABAR_CAP_THREAD_SAFE".into(), abi::CAP_THREAD_SAFE.into()),
        ("KHABAR_DOC_ERROR".into(), abi::DOC_ERROR.into()),
        ("KHABAR_DOC_PANIC".into(), abi::DOC_PANIC.into()),
        ("KHABAR_SPACE_ORIGINAL".into(), abi::SPACE_ORIGINAL.into()),
        (
            "KHABAR_SPACE_NORMALIZED".into(),
            abi::SPACE_NORMALIZED.into(),
        ),
        ("KHABAR_MAX_LINKS".into(), abi::MAX_LINKS as u64),
        (
            "sizeof khabar_status".into(),
            size_of::<abi::Status>() as u64,
        ),
        ("sizeof void*".into(), size_of::<*const u8>() as u64),
        (
            "sizeof khabar_entry_fn".into(),
            size_of::<abi::EntryFn>() as u64,
        ),
    ]
}

fn header_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("include")
}

/// Builds and runs a C program; returns its standard output.
fn run_c(name: &str, source: &str) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("c-header");
    std::fs::create_dir_all(&dir).unwrap();
    let c = dir.join(format!("{name}.c"));
    let exe = dir.join(name);
    std::fs::write(&c, source).unwrap();
    let cc = std::env::var_os("CC").unwrap_or_else(|| "cc".into());
    let out = Command::new(&cc)
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-o"])
        .arg(&exe)
        .arg(&c)
        .arg("-I")
        .arg(header_dir())
        .output()
        .unwrap_or_else(|e| panic!("cannot run the C compiler {cc:?}: {e}"));
    assert!(
        out.status.success(),
        "C compiler failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(&exe).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn parse(out: &str) -> BTreeMap<String, u64> {
    out.lines()
        .map(|l| {
            let (k, v) = l.rsplit_once(' ').unwrap();
            (k.to_string(), v.parse().unwrap())
        })
        .collect()
}

#[test]
fn header_layout_matches_rust() {
    let layout = rust_layout();
    let mut src = String::from(
        "#include <stdio.h>\n#include <stddef.h>\n#include \"khabar_plugin.h\"\nint main(void) {\n",
    );
    for (key, _) in &layout {
        let expr = if let Some(ty) = key.strip_prefix("sizeof ") {
            format!("sizeof({ty})")
        } else {
            let (ty, field) = key["offsetof ".len()..].split_once('.').unwrap();
            format!("offsetof({ty}, {field})")
        };
        src.push_str(&format!(
            "    printf(\"%s %zu\\n\", \"{key}\", (size_t)({expr}));\n"
        ));
    }
    src.push_str("    return 0;\n}\n");
    let c = parse(&run_c("layout", &src));
    let mut wrong = Vec::new();
    for (key, rust) in &layout {
        match c.get(key) {
            Some(&v) if v == *rust as u64 => {}
            other => wrong.push(format!("{key}: C {other:?}, Rust {rust}")),
        }
    }
    assert!(
        wrong.is_empty(),
        "header and Rust disagree:\n{}",
        wrong.join("\n")
    );
    assert_eq!(c.len(), layout.len());
}

#[test]
fn header_constants_match_rust() {
    let consts = rust_constants();
    let mut src = String::from(
        "#include <stdio.h>\n#include <inttypes.h>\n#include \"khabar_plugin.h\"\nint main(void) {\n",
    );
    for (key, _) in &consts {
        let expr = key
            .strip_prefix("sizeof ")
            .map(|t| format!("sizeof({t})"))
            .unwrap_or_else(|| key.clone());
        src.push_str(&format!(
            "    printf(\"%s %\" PRIu64 \"\\n\", \"{key}\", (uint64_t)({expr}));\n"
        ));
    }
    src.push_str(&format!(
        "    printf(\"entry %d\\n\", (int)(sizeof(KHABAR_PLUGIN_ENTRY_SYMBOL) == {}));\n",
        abi::ENTRY_SYMBOL.len()
    ));
    src.push_str("    return 0;\n}\n");
    let c = parse(&run_c("constants", &src));
    for (key, rust) in &consts {
        assert_eq!(c.get(key), Some(rust), "{key}");
    }
    assert_eq!(c.get("entry"), Some(&1), "entry symbol length");
    // The header spells the magic in hex, as the docs promise.
    let h = std::fs::read_to_string(header_dir().join("khabar_plugin.h")).unwrap();
    assert!(h.contains(&format!("UINT64_C({:#018X})", abi::MAGIC).replace("0X", "0x")));
    assert!(h.contains(&format!("#define KHABAR_ABI_MINOR {}u", abi::ABI_MINOR)));
}

#[test]
fn version_1_0_sizes_are_prefixes() {
    // Two strings, then eight pointer-sized fields.
    assert_eq!(
        abi::DOC_SIZE_1_0,
        2 * size_of::<abi::Str>() + size_of::<[usize; 8]>()
    );
    assert_eq!(
        abi::ENTITY_SIZE_1_0,
        2 * size_of::<usize>() + 3 * size_of::<abi::Str>()
    );
    assert_eq!(
        abi::ANNOTATION_SIZE_1_0,
        offset_of!(abi::Annotation, attrs_json) + size_of::<abi::Str>()
    );
}

/// The layout table of the README, on 64-bit targets.
#[cfg(target_pointer_width = "64")]
#[test]
fn readme_layout_table() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for (name, old, new) in [
        ("Doc", Some(abi::DOC_SIZE_1_0), size_of::<abi::Doc>()),
        (
            "Entity",
            Some(abi::ENTITY_SIZE_1_0),
            size_of::<abi::Entity>(),
        ),
        (
            "Annotation",
            Some(abi::ANNOTATION_SIZE_1_0),
            size_of::<abi::Annotation>(),
        ),
        ("Link", None, size_of::<abi::Link>()),
        ("Range", None, size_of::<abi::Range>()),
    ] {
        let old = old.map_or("—".to_string(), |o| o.to_string());
        let row = format!(
            "| `{name}`{} | {old} | {new} |",
            if old == "—" { " (new)" } else { "" }
        );
        assert!(readme.contains(&row), "README row {row:?}");
    }
}
