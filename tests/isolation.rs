//! `khabar extract --plugin-isolation process` (the default) against
//! misbehaving plugins: the fixture plugins of `khabar-plugin-worker`
//! (crates/plugin-worker/tests/fixtures), built by the test.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use crate::util::*;

fn fixtures() -> &'static BTreeMap<String, PathBuf> {
    static LIBS: OnceLock<BTreeMap<String, PathBuf>> = OnceLock::new();
    LIBS.get_or_init(|| {
        let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-worker-fixtures");
        khabar_plugin_test::build_plugins(
            &root().join("crates/plugin-worker/tests/fixtures/Cargo.toml"),
            &target,
            &["-p", "fixture-good", "-p", "fixture-faulty"],
            &[],
        )
        .unwrap_or_else(|e| panic!("building the fixture plugins failed: {e}"))
    })
}

fn lib(name: &str) -> String {
    fixtures()[&format!("fixture-{name}")]
        .to_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_hanging_aborting_or_segfaulting_plugin_costs_only_its_documents() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = [
        "وصل وفد الأمم المتحدة إلى دمشق صباح الأحد",
        "أعلن الجيش مقتل 12 مسلحا ABORT",
        "قالت الوزارة إن المحادثات ستستمر LOOP",
        "نقلت وكالة الأنباء عن مصدر مسؤول SEGV",
        "عاد نحو 300 لاجئ إلى بلداتهم",
    ]
    .iter()
    .enumerate()
    .map(|(i, t)| serde_json::json!({"id": format!("d{i}"), "text": t}).to_string())
    .collect();
    let input = write(
        dir.path(),
        "news.jsonl",
        (lines.join("\n") + "\n").as_bytes(),
    );
    let (good, faulty) = (lib("good"), lib("faulty"));
    let input = input.to_str().unwrap();
    let out = run(
        &[
            "extract",
            "--progress",
            "never",
            "-j",
            "2",
            "--plugin-timeout",
            "2",
            "--plugin",
            &good,
            "--plugin",
            &faulty,
            input,
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = records(&out);
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["d0", "d1", "d2", "d3", "d4"]);
    let kinds: Vec<Vec<(String, String)>> = recs
        .iter()
        .map(|r| {
            r["plugin_errors"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|e| {
                    (
                        e["plugin"].as_str().unwrap().to_string(),
                        e["kind"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .collect();
    let f = |k: &str| vec![("faulty".to_string(), k.to_string())];
    assert_eq!(
        kinds,
        [
            vec![],
            f("crash"),
            f("timeout"),
            f("crash"),
            f("quarantined")
        ]
    );
    for r in &recs {
        let labels: Vec<&str> = r["annotations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["label"].as_str().unwrap())
            .collect();
        assert!(labels.contains(&"GOOD"), "the other plugin still ran: {r}");
    }
    let err = stderr(&out);
    assert!(
        err.contains("plugin faulty: 2 crash, 1 timeout; quarantined"),
        "{err}"
    );
}

#[test]
fn process_and_thread_isolation_write_the_same_records() {
    let good = lib("good");
    let seeds = seeds();
    let seeds = seeds.to_str().unwrap();
    let outs: Vec<_> = ["process", "thread"]
        .iter()
        .map(|mode| {
            run(
                &[
                    "extract",
                    "--progress",
                    "never",
                    "--include-text",
                    "--plugin-isolation",
                    mode,
                    "--plugin",
                    &good,
                    seeds,
                ],
                b"",
            )
        })
        .collect();
    for o in &outs {
        assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    }
    assert_eq!(records(&outs[0]).len(), 5);
    assert!(
        outs[0].stdout == outs[1].stdout,
        "process and thread differ"
    );
}

#[test]
fn a_plugin_that_cannot_load_in_a_worker_is_a_usage_error() {
    let out = run(
        &["extract", "--plugin", "no/such/libnothing.so", "seeds"],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("libnothing.so"), "{}", stderr(&out));
}

/// `n` documents that all make the faulty plugin panic, through `extract
/// -j 1` with `--plugin-isolation mode` and extra `args`; the faulty
/// plugin's error kinds per record, the records and standard error.
fn all_panic(mode: &str, n: usize, args: &[&str]) -> (Vec<String>, Vec<serde_json::Value>, String) {
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (0..n)
        .map(|i| {
            let t = format!(
                "أفادت وكالة الأنباء بأن {} شخصا تظاهروا في العاصمة PANIC",
                10 + i
            );
            serde_json::json!({"id": format!("d{i}"), "text": t}).to_string() + "\n"
        })
        .collect();
    let input = write(dir.path(), "news.jsonl", lines.as_bytes());
    let faulty = lib("faulty");
    let mut all = vec![
        "extract",
        "--progress",
        "never",
        "-j",
        "1",
        "--plugin-isolation",
        mode,
        "--plugin",
        &faulty,
    ];
    all.extend_from_slice(args);
    all.push(input.to_str().unwrap());
    let out = run(&all, b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = records(&out);
    assert_eq!(recs.len(), n);
    let kinds = recs
        .iter()
        .map(|r| {
            let errs = r["plugin_errors"].as_array().unwrap();
            assert_eq!(errs.len(), 1, "{r}");
            assert_eq!(errs[0]["plugin"], "faulty");
            errs[0]["kind"].as_str().unwrap().to_string()
        })
        .collect();
    (kinds, recs, stderr(&out))
}

#[test]
fn max_failures_quarantines_after_exactly_n_failures_in_both_isolations() {
    for mode in ["process", "thread"] {
        let (kinds, recs, err) = all_panic(mode, 10, &["--plugin-max-failures", "4"]);
        let want: Vec<&str> = [["panic"; 4].as_slice(), ["quarantined"; 6].as_slice()].concat();
        assert_eq!(kinds, want, "{mode}");
        let msg = recs[4]["plugin_errors"][0]["message"].as_str().unwrap();
        assert!(msg.contains("faulty") && msg.contains('4'), "{mode}: {msg}");
        assert!(
            err.lines()
                .any(|l| l.contains("faulty") && l.contains("quarantined (4")),
            "{mode}: {err}"
        );
    }
    // The alias, and the default of 3.
    let (kinds, ..) = all_panic("process", 4, &["--max-failures", "2"]);
    assert_eq!(kinds, ["panic", "panic", "quarantined", "quarantined"]);
    let (kinds, ..) = all_panic("thread", 4, &[]);
    assert_eq!(kinds, ["panic", "panic", "panic", "quarantined"]);
}

#[test]
fn a_huge_max_failures_never_quarantines_in_either_isolation() {
    for mode in ["process", "thread"] {
        let (kinds, _, err) = all_panic(mode, 200, &["--plugin-max-failures", "1000000000"]);
        assert!(kinds.iter().all(|k| k == "panic"), "{mode}: {kinds:?}");
        assert!(!err.contains("quarantined"), "{mode}: {err}");
    }
}

#[test]
fn max_failures_zero_is_a_usage_error() {
    let out = run(
        &["extract", "--plugin-max-failures", "0", "-"],
        b"{\"id\": \"a\", \"text\": \"\"}\n",
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--plugin-max-failures"),
        "{}",
        stderr(&out)
    );
}
