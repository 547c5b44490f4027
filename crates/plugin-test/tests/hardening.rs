//! The host against misbehaving plugins. Every fixture plugin is built by
//! the test itself (one cargo invocation, separate target directory) from
//! `tests/fixtures/`.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use khabar_plugin_host::{DocOutput, LoadErrorKind, Options, PluginSet, PluginSpec, plugin_info};
use khabar_plugin_test::{Fixture, Harness, build_plugins, run_with};

fn fixtures_manifest() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/Cargo.toml")
}

fn fixtures_target() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("plugin-fixtures")
}

/// All fixture libraries but `abort`, by package name.
fn fixtures() -> &'static BTreeMap<String, PathBuf> {
    static LIBS: OnceLock<BTreeMap<String, PathBuf>> = OnceLock::new();
    LIBS.get_or_init(|| {
        build_plugins(
            &fixtures_manifest(),
            &fixtures_target(),
            &["--workspace", "--exclude", "fixture-abort"],
            &[],
        )
        .unwrap_or_else(|e| panic!("building the fixture plugins failed: {e}"))
    })
}

fn lib(name: &str) -> &'static Path {
    fixtures()
        .get(&format!("fixture-{name}"))
        .unwrap_or_else(|| panic!("fixture {name} not built: {:?}", fixtures().keys()))
}

fn load(name: &str, options: Options) -> PluginSet {
    PluginSet::load_with(&[PluginSpec::new(lib(name))], options).unwrap()
}

fn docs(texts: &[&str]) -> Vec<Fixture> {
    texts.iter().map(|t| Fixture::new(*t)).collect()
}

fn run(set: &PluginSet, texts: &[&str]) -> Vec<DocOutput> {
    run_with(set, &docs(texts))
}

#[test]
fn header_defects_are_rejected_before_anything_runs() {
    let host = format!(
        "{}.{}",
        khabar_plugin_abi::ABI_MAJOR,
        khabar_plugin_abi::ABI_MINOR
    );
    let newer = format!(
        "{}.{}",
        khabar_plugin_abi::ABI_MAJOR,
        khabar_plugin_abi::ABI_MINOR + 1
    );
    let major = format!(
        "{}.{}",
        khabar_plugin_abi::ABI_MAJOR + 1,
        khabar_plugin_abi::ABI_MINOR
    );
    type Check = fn(&LoadErrorKind) -> bool;
    let cases: Vec<(&str, Check, Vec<&str>)> = vec![
        (
            "bad-magic",
            |k| matches!(k, LoadErrorKind::BadMagic { .. }),
            vec!["magic", &host],
        ),
        (
            "bad-major",
            |k| matches!(k, LoadErrorKind::AbiMajor { major: 2, .. }),
            vec![&major, &host],
        ),
        (
            "newer-minor",
            |k| matches!(k, LoadErrorKind::AbiMinor { .. }),
            vec![&newer, &host],
        ),
        (
            "short-header",
            |k| {
                matches!(
                    k,
                    LoadErrorKind::Truncated {
                        what: "header",
                        found: 16,
                        ..
                    }
                )
            },
            vec!["header size 16", &host],
        ),
        (
            "null-entry",
            |k| matches!(k, LoadErrorKind::NullEntry("process_batch")),
            vec!["process_batch"],
        ),
        (
            "no-symbol",
            |k| matches!(k, LoadErrorKind::MissingSymbol),
            vec!["khabar_plugin_v1"],
        ),
        (
            "empty-name",
            |k| matches!(k, LoadErrorKind::BadField { what: "name", .. }),
            vec!["name", "empty"],
        ),
    ];
    for (name, check, words) in cases {
        let path = lib(name);
        for err in [
            plugin_info(path).unwrap_err(),
            PluginSet::load(&[PluginSpec::new(path)]).unwrap_err(),
        ] {
            assert!(check(err.kind()), "{name}: {:?}", err.kind());
            let msg = err.to_string();
            assert!(!msg.contains('\n'), "{name}: one line: {msg}");
            assert!(
                msg.contains(&path.display().to_string()),
                "{name}: path in {msg}"
            );
            for w in &words {
                assert!(msg.contains(w), "{name}: {w:?} in {msg}");
            }
            // Every rejection names both ABI versions, as the guide says.
            let range = format!("this khabar loads ABI {}", khabar_plugin_host::abi_range());
            assert!(msg.contains(&range), "{name}: {range:?} in {msg}");
            assert!(msg.contains("plugin ABI "), "{name}: plugin ABI in {msg}");
        }
    }
}

#[test]
fn every_rejection_names_the_abi_versions() {
    let range = format!(
        "(plugin ABI unknown; this khabar loads ABI {})",
        khabar_plugin_host::abi_range()
    );
    // Before the header is read: missing file, not a library, wrong pin.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("not-plugins");
    std::fs::create_dir_all(&dir).unwrap();
    let text = dir.join("libtext2.so");
    std::fs::write(&text, "not ELF\n").unwrap();
    let wrong: PluginSpec = format!("{}#sha256={}", lib("noop").display(), "0".repeat(64))
        .parse()
        .unwrap();
    for err in [
        plugin_info(Path::new("no/such/lib.so")).unwrap_err(),
        plugin_info(&text).unwrap_err(),
        PluginSet::load(&[wrong]).unwrap_err(),
    ] {
        assert!(err.to_string().ends_with(&range), "{err}");
    }
    // After: a plugin that refuses to start names its own version.
    let mut options = Options::default();
    options.plugin_config("panicky", "fail");
    let err = PluginSet::load_with(&[PluginSpec::new(lib("panicky"))], options).unwrap_err();
    let want = format!(
        "(plugin ABI {}.{}; this khabar loads ABI {})",
        khabar_plugin_abi::ABI_MAJOR,
        khabar_plugin_abi::ABI_MINOR,
        khabar_plugin_host::abi_range()
    );
    assert!(err.to_string().ends_with(&want), "{err}");
}

#[test]
fn an_abi_1_0_plugin_loads_and_runs_under_1_1() {
    let info = plugin_info(lib("abi-1-0")).unwrap();
    assert_eq!((info.abi_major, info.abi_minor), (1, 0));
    let set = load("abi-1-0", Options::default());
    let docs = vec![
        Fixture::new("وصل لافروف إلى موسكو"),
        Fixture::hand_made("نص بلا أسماء"),
        Fixture::new("التقى لافروف وبلينكن في جنيف"),
    ];
    let out = run_with(&set, &docs);
    for (doc, out) in docs.iter().zip(&out) {
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        // One annotation per entity, read with the host's 1.1 stride.
        let got: Vec<(usize, usize, String)> = out
            .annotations
            .iter()
            .filter(|a| a.label == "ENTITY")
            .map(|a| {
                (
                    a.start,
                    a.end,
                    a.attrs.as_ref().unwrap()["id"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                )
            })
            .collect();
        let want: Vec<(usize, usize, String)> = doc
            .entities()
            .iter()
            .map(|e| (e.start, e.end, e.id.unwrap_or("").to_string()))
            .collect();
        assert_eq!(got, want);
        // The 1.0 fields of the 1.1 document are where a 1.0 plugin reads
        // them.
        let norm = format!("NORM{}", doc.normalized().len());
        assert!(out.annotations.iter().any(|a| a.label == norm), "{norm}");
        assert!(out.annotations.iter().all(|a| a.links.is_empty()));
    }
    assert!(!docs[0].entities().is_empty() && !docs[2].entities().is_empty());
    let s = &set.summary().plugins[0];
    assert_eq!(s.dropped, 0, "{:?}", s.first_dropped);
}

#[test]
fn plugin_info_prints_the_sha256_and_accepts_a_pin() {
    use sha2::Digest;
    let path = lib("noop");
    let digest: String = sha2::Sha256::digest(std::fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let info = plugin_info(path).unwrap();
    assert_eq!(info.sha256.as_deref(), Some(digest.as_str()));
    let shown = info.to_string();
    assert!(
        shown.contains(&format!("sha256:       {digest}")),
        "{shown}"
    );
    assert!(shown.contains(&format!("#sha256={digest}")), "{shown}");
    let pinned: PluginSpec = format!("{}#sha256={digest}", path.display())
        .parse()
        .unwrap();
    assert_eq!(
        khabar_plugin_host::plugin_info_spec(&pinned).unwrap().name,
        "fixture-noop"
    );
    let wrong: PluginSpec = format!("{}#sha256={}", path.display(), "1".repeat(64))
        .parse()
        .unwrap();
    let err = khabar_plugin_host::plugin_info_spec(&wrong).unwrap_err();
    assert!(
        matches!(err.kind(), LoadErrorKind::Sha256Mismatch { .. }),
        "{err}"
    );
}

#[test]
fn configuration_goes_to_the_named_plugin_only() {
    // `panicky` refuses the configuration "fail"; given to another name,
    // it is an error of its own (no such plugin), not silently ignored.
    let mut options = Options::default();
    options.plugin_config("words", "fail");
    let err = PluginSet::load_with(&[PluginSpec::new(lib("panicky"))], options).unwrap_err();
    assert!(
        matches!(err.kind(), LoadErrorKind::UnknownConfig { .. }),
        "{err}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("words") && msg.contains("loaded: panicky"),
        "{msg}"
    );
    let mut options = Options::default();
    options.plugin_config("words", "fail");
    let specs = [
        PluginSpec::new(lib("panicky")),
        PluginSpec::new(lib("words")),
    ];
    assert!(PluginSet::load_with(&specs, options).is_ok());
}

#[test]
fn valid_plugin_info() {
    let info = plugin_info(lib("shared-words")).unwrap();
    assert_eq!(info.name, "shared-words");
    assert_eq!(info.version, "0.1.0");
    assert_eq!(
        (info.abi_major, info.abi_minor),
        khabar_plugin_host::ABI_VERSION
    );
    assert!(info.thread_safe);
    let info = plugin_info(lib("noop")).unwrap();
    assert_eq!(info.name, "fixture-noop", "name defaults to the crate name");
    assert!(!info.thread_safe);
    assert!(info.to_string().contains("per-thread"));
}

#[test]
fn files_that_are_not_plugins() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("not-plugins");
    std::fs::create_dir_all(&dir).unwrap();
    let text = dir.join("libtext.so");
    std::fs::write(&text, "this is not an ELF file\n".repeat(20)).unwrap();
    let err = plugin_info(&text).unwrap_err();
    assert!(matches!(err.kind(), LoadErrorKind::Library(_)), "{err}");
    assert!(!err.to_string().contains('\n'));
    // The loader's reason, not just "dlopen failed".
    #[cfg(target_os = "linux")]
    assert!(err.to_string().contains("invalid ELF header"), "{err}");

    // Relative paths are resolved and reported as absolute; the loader's
    // search path is never consulted for a bare name.
    let err = plugin_info(Path::new("libfixture_noop.so")).unwrap_err();
    assert!(err.path().is_absolute(), "{}", err.path().display());
    assert!(matches!(err.kind(), LoadErrorKind::Io(_)), "{err}");
}

#[test]
fn sha256_pinning() {
    use sha2::Digest;
    let path = lib("noop");
    let digest: String = sha2::Sha256::digest(std::fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let good: PluginSpec = format!("{}#sha256={digest}", path.display())
        .parse()
        .unwrap();
    assert!(PluginSet::load(&[good]).is_ok());
    let wrong: PluginSpec = format!("{}#sha256={}", path.display(), "0".repeat(64))
        .parse()
        .unwrap();
    let err = PluginSet::load(&[wrong]).unwrap_err();
    match err.kind() {
        LoadErrorKind::Sha256Mismatch { actual, .. } => assert_eq!(actual, &digest),
        k => panic!("{k:?}"),
    }
}

#[test]
fn a_panic_costs_only_its_document() {
    let set = load("panicky", Options::default());
    let texts = ["نص أول", "PANIC هنا", "نص ثالث", "FAIL هنا", "نص خامس"];
    let out = run(&set, &texts);
    assert_eq!(out.len(), texts.len());
    for (i, (o, t)) in out.iter().zip(texts).enumerate() {
        match i {
            1 => {
                assert!(o.annotations.is_empty());
                assert_eq!(o.errors.len(), 1, "{o:?}");
                assert_eq!(o.errors[0].kind, "panic");
                assert_eq!(o.errors[0].plugin, "panicky");
                assert!(
                    o.errors[0].message.contains("boom on purpose"),
                    "{:?}",
                    o.errors
                );
            }
            3 => {
                assert!(o.annotations.is_empty());
                assert_eq!(o.errors[0].kind, "error");
                assert!(o.errors[0].message.contains("failed on purpose"));
            }
            _ => {
                assert!(o.errors.is_empty(), "doc {i}: {:?}", o.errors);
                assert_eq!(o.annotations.len(), 1);
                assert_eq!((o.annotations[0].start, o.annotations[0].end), (0, t.len()));
            }
        }
    }
    let s = &set.summary().plugins[0];
    assert_eq!((s.docs, s.annotations, s.panics, s.errors), (5, 3, 1, 2));
    assert!(s.quarantined.is_none());
}

#[test]
fn repeated_panics_quarantine_the_plugin() {
    let options = Options {
        max_panics: 2,
        ..Options::default()
    };
    let set = load("panicky", options);
    let out = run(&set, &["PANIC 1", "ok", "PANIC 2", "ok", "PANIC 3"]);
    let kinds: Vec<Vec<&str>> = out
        .iter()
        .map(|o| o.errors.iter().map(|e| e.kind.as_str()).collect())
        .collect();
    assert_eq!(
        kinds,
        vec![
            vec!["panic"],
            vec![],
            vec!["panic"],
            vec!["quarantined"],
            vec!["quarantined"]
        ]
    );
    assert_eq!(out[1].annotations.len(), 1);
    let out = run(&set, &["ok"]);
    assert_eq!(out[0].errors[0].kind, "quarantined");
    assert!(out[0].errors[0].message.contains("panicky"));
    let summary = set.summary();
    assert!(summary.plugins[0].quarantined.is_some());
    assert!(summary.warnings().iter().any(|w| w.contains("quarantined")));
}

#[test]
fn a_plugin_that_cannot_start_fails_at_load() {
    let mut options = Options::default();
    options.plugin_config("panicky", "fail");
    let err = PluginSet::load_with(&[PluginSpec::new(lib("panicky"))], options).unwrap_err();
    assert!(matches!(err.kind(), LoadErrorKind::Create { .. }));
    assert!(
        err.to_string().contains("refusing the configuration"),
        "{err}"
    );
}

#[test]
fn invalid_annotations_are_dropped_and_counted() {
    let set = load("bad-output", Options::default());
    let texts = ["قَال الرئيس", "بيان"];
    let out = run(&set, &texts);
    for (i, (o, t)) in out.iter().zip(texts).enumerate() {
        let labels: Vec<&str> = o.annotations.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(labels, ["GOOD", "NORM"], "doc {i}");
        let first = t.chars().next().unwrap().len_utf8();
        assert_eq!((o.annotations[0].start, o.annotations[0].end), (0, first));
        assert_eq!(
            o.annotations[0].attrs,
            Some(serde_json::json!({ "doc": i }))
        );
        assert_eq!(o.annotations[1].attrs, None);
        assert_eq!(o.errors.len(), 1, "{:?}", o.errors);
        assert_eq!(o.errors[0].kind, "invalid-annotation");
        assert!(
            o.errors[0].message.contains("7 invalid"),
            "{}",
            o.errors[0].message
        );
    }
    // A normalized span maps back over the diacritic of its letter.
    let a = &out[0].annotations[1];
    assert_eq!(&texts[0][a.start..a.end], "قَ");
    let s = &set.summary().plugins[0];
    assert_eq!(s.dropped, 16, "7 per document plus one wrong-document each");
    assert_eq!(s.annotations, 4);
    assert!(set.summary().warnings()[0].contains("invalid annotation"));
}

#[test]
fn each_kind_of_invalid_annotation_has_a_reason() {
    let set = load("bad-output", Options::default());
    let out = run(&set, &["قَال"]);
    let msg = &out[0].errors[0].message;
    for reason in [
        "OOR span 0..9 is past the end (8 bytes)",
        "REV span 2..0 is reversed",
        "MID span 0..1 splits a UTF-8 character",
        "label is not valid UTF-8",
        "BADJSON attrs are not valid JSON",
        "SPACE has unknown offset space 7",
        "label is a null pointer",
    ] {
        assert!(msg.contains(reason), "{reason:?} in {msg}");
    }
    let s = set.summary().plugins[0].clone();
    assert_eq!(s.dropped, 8, "the wrong-document one is counted too");
    assert!(s.first_dropped.unwrap().contains("OOR"));
}

#[test]
fn each_kind_of_invalid_link_has_a_reason() {
    let set = load("bad-output", Options::default());
    let out = run(&set, &["LINKS قَال"]);
    let linked: Vec<_> = out[0]
        .annotations
        .iter()
        .filter(|a| a.label == "LINKED")
        .collect();
    assert_eq!(linked.len(), 1);
    assert_eq!(
        linked[0].links,
        [khabar_plugin_host::Link {
            role: "speaker".into(),
            start: 0,
            end: 1
        }]
    );
    assert_eq!(out[0].errors.len(), 1, "{:?}", out[0].errors);
    let msg = &out[0].errors[0].message;
    assert!(msg.contains("5 invalid"), "{msg}");
    for reason in [
        "BADLINK link source span 0..15 is past the end (14 bytes)",
        "NOROLE link 0 has an empty role",
        "MANYLINKS has 65 links (at most 64)",
        "NULLLINKS links: null array or element size",
        "SMALLLINKS links: null array or element size 4",
    ] {
        assert!(msg.contains(reason), "{reason:?} in {msg}");
    }
}

#[test]
fn too_many_invalid_annotations_quarantine_the_plugin() {
    let options = Options {
        max_invalid_annotations: 10,
        ..Options::default()
    };
    let set = load("bad-output", options);
    let out = run(&set, &["أ", "ب"]);
    assert_eq!(out[0].annotations.len(), 2);
    let out = run(&set, &["ج"]);
    assert_eq!(out[0].errors[0].kind, "quarantined");
    assert!(out[0].errors[0].message.contains("invalid annotations"));
}

#[test]
fn slow_plugins_are_named_in_a_warning() {
    let options = Options {
        slow_doc: Duration::from_millis(5),
        ..Options::default()
    };
    let set = load("slow", options);
    let out = run(&set, &["أ", "ب"]);
    assert!(out.iter().all(|o| o.errors.is_empty()));
    let summary = set.summary();
    assert_eq!(summary.plugins[0].slow_calls, 1);
    let warnings = summary.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("plugin slow") && warnings[0].contains("slow"));
    assert!(warnings[0].contains(&lib("slow").display().to_string()));

    let fast = load("noop", Options::default());
    run(&fast, &["أ"]);
    assert!(fast.summary().warnings().is_empty());
}

/// Many documents: the seeds' lines, repeated.
fn many_docs() -> Vec<Fixture> {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let mut texts = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for p in paths {
        let t = std::fs::read_to_string(p).unwrap();
        texts.extend(
            t.lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string),
        );
    }
    let mut out = Vec::new();
    for i in 0..4 {
        out.extend(texts.iter().map(|t| Fixture::new(format!("{i} {t}"))));
    }
    out
}

fn naive_words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn concurrent_run(set: &PluginSet, docs: &[Fixture], batch: usize) -> Vec<DocOutput> {
    let chunks: Vec<&[Fixture]> = docs.chunks(batch).collect();
    let results: Vec<std::sync::Mutex<Vec<DocOutput>>> =
        chunks.iter().map(|_| Default::default()).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(chunk) = chunks.get(i) else { break };
                    *results[i].lock().unwrap() = run_with(set, chunk);
                }
            });
        }
    });
    results
        .into_iter()
        .flat_map(|m| m.into_inner().unwrap())
        .collect()
}

#[test]
fn concurrent_use_matches_a_naive_reference() {
    let docs = many_docs();
    assert!(docs.len() > 200, "{}", docs.len());
    for name in ["words", "shared-words"] {
        let set = load(name, Options::default());
        let out = concurrent_run(&set, &docs, 7);
        assert_eq!(out.len(), docs.len());
        for (d, o) in docs.iter().zip(&out) {
            assert!(o.errors.is_empty(), "{name}: {:?}", o.errors);
            let got: Vec<(usize, usize)> = o.annotations.iter().map(|a| (a.start, a.end)).collect();
            assert_eq!(got, naive_words(d.text()), "{name}");
            for (i, a) in o.annotations.iter().enumerate() {
                assert_eq!(a.attrs, Some(serde_json::json!({ "i": i })));
            }
        }
        let s = &set.summary().plugins[0];
        assert_eq!(s.docs as usize, docs.len());
        assert_eq!((s.panics, s.dropped, s.errors), (0, 0, 0));
    }
}

#[test]
fn in_process_and_loaded_give_the_same_result() {
    // The harness over a loaded library, as plugin authors use it.
    let h = Harness::load(lib("shared-words")).unwrap();
    let out = h.run_text("واحد اثنان");
    assert_eq!(out.annotations.len(), 2);
}

const CHILD_VAR: &str = "KHABAR_ABORT_FIXTURE";

#[test]
fn a_panic_abort_plugin_takes_down_its_process() {
    if let Some(path) = std::env::var_os(CHILD_VAR) {
        // In the child: load, show we got this far, then panic.
        let set = PluginSet::load(&[PluginSpec::new(PathBuf::from(path))]).unwrap();
        let ok = run_with(&set, &docs(&["ok"]));
        println!("child-loaded {}", ok[0].annotations.len());
        run_with(&set, &docs(&["PANIC"]));
        println!("child-survived");
        return;
    }
    let libs = build_plugins(
        &fixtures_manifest(),
        &fixtures_target(),
        &["-p", "fixture-abort"],
        &["-C", "panic=abort"],
    )
    .unwrap();
    let path = &libs["fixture-abort"];
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_panic_abort_plugin_takes_down_its_process",
            "--nocapture",
        ])
        .env(CHILD_VAR, path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("child-loaded 1"), "{stdout}");
    assert!(!stdout.contains("child-survived"), "{stdout}");
    assert!(!out.status.success());
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(out.status.signal(), Some(6), "SIGABRT: {:?}", out.status);
    }
}
