//! Fault injection: plugins that panic, loop forever, abort, segfault, run
//! out of memory, emit bad annotations or are slow, run in worker
//! processes. For each: every document gets exactly one record, in input
//! order; the faulty document carries the right `plugin_errors` kind and
//! plugin name (and the other plugin's annotation); the other documents
//! are complete; the run ends.
//!
//! The fixture plugins (`tests/fixtures/`) are built by the test with
//! `khabar_plugin_test::build_plugins`; the worker program is this crate's
//! `khabar-test-worker` binary.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use khabar::record::{DocMeta, RecordOptions};
use khabar::source::Input;
use khabar::{Owned, Pipeline, ProcessError, ProcessErrorKind};
use khabar_plugin_test::{PluginSpec, build_plugins};
use khabar_plugin_worker::{PoolErrorKind, PoolOptions, WorkerPool};
use serde_json::Value;

fn fixtures() -> &'static BTreeMap<String, PathBuf> {
    static LIBS: OnceLock<BTreeMap<String, PathBuf>> = OnceLock::new();
    LIBS.get_or_init(|| {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/Cargo.toml");
        let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("worker-fixtures");
        build_plugins(&manifest, &target, &["--workspace"], &[])
            .unwrap_or_else(|e| panic!("building the fixture plugins failed: {e}"))
    })
}

fn lib(name: &str) -> String {
    fixtures()[&format!("fixture-{name}")].display().to_string()
}

/// The pipeline without plugins (the pool's fallback), built once.
fn plain() -> Arc<Pipeline> {
    static P: OnceLock<Arc<Pipeline>> = OnceLock::new();
    Arc::clone(P.get_or_init(|| Arc::new(Pipeline::builder().build().unwrap())))
}

fn pool_with(
    plugins: &[&str],
    opts: PoolOptions,
) -> Result<WorkerPool, khabar_plugin_worker::PoolError> {
    let paths: Vec<String> = plugins.iter().map(|p| lib(p)).collect();
    let setup = serde_json::to_vec(&serde_json::json!({ "plugins": paths })).unwrap();
    WorkerPool::start(
        Box::new(|| Command::new(env!("CARGO_BIN_EXE_khabar-test-worker"))),
        setup,
        plain(),
        RecordOptions::default(),
        opts,
    )
}

/// `good` then `faulty`: after a failure the document keeps `good`'s
/// annotation.
fn pool(opts: PoolOptions) -> WorkerPool {
    pool_with(&["good", "faulty"], opts).unwrap()
}

fn opts() -> PoolOptions {
    PoolOptions {
        workers: 1,
        timeout: Duration::from_secs(3),
        memory_mib: Some(2048),
        ..PoolOptions::default()
    }
}

/// News-style sentences (written for these tests), one document each;
/// `marker` goes into document `at`.
fn texts(n: usize, at: &[usize], marker: &str) -> Vec<String> {
    (0..n)
        .map(|i| {
            let mut t = format!(
                "أعلنت وزارة الصحة في بيروت في بيان صدر صباح اليوم أن {} مريضا غادروا المستشفى بعد تعافيهم.",
                100 + i
            );
            if at.contains(&i) {
                t.push_str(&format!(" {marker}"));
            }
            t
        })
        .collect()
}

fn docs(texts: &[String]) -> Vec<Input> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| Input::new(format!("doc{i}"), Owned::Text(t.clone())).with_source("test"))
        .collect()
}

/// Runs `texts` through the pool as one chunk; the records, parsed.
fn run(pool: &WorkerPool, texts: &[String]) -> Vec<Value> {
    let mut out = Vec::new();
    pool.process(docs(texts), &mut out);
    records(&out, texts.len())
}

fn records(out: &[u8], n: usize) -> Vec<Value> {
    let s = std::str::from_utf8(out).unwrap();
    assert!(s.ends_with('\n') || s.is_empty());
    let recs: Vec<Value> = s
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), n, "one record per document");
    for (i, r) in recs.iter().enumerate() {
        assert_eq!(r["id"], format!("doc{i}"), "input order");
    }
    recs
}

fn labels(r: &Value) -> Vec<&str> {
    r["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["label"].as_str().unwrap())
        .collect()
}

fn errors(r: &Value) -> Vec<(&str, &str)> {
    r["plugin_errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| (e["plugin"].as_str().unwrap(), e["kind"].as_str().unwrap()))
                .collect()
        })
        .unwrap_or_default()
}

fn assert_complete(r: &Value) {
    assert!(r.get("error").is_none(), "{r}");
    assert_eq!(labels(r), ["GOOD", "FAULTY"], "{r}");
    assert!(errors(r).is_empty(), "{r}");
    assert!(!r["entities"].as_array().unwrap().is_empty(), "{r}");
    assert!(!r["figures"].as_array().unwrap().is_empty(), "{r}");
}

/// The faulty document has `good`'s annotation, one error of `kind` from
/// `faulty`, and its own entities and figures.
fn assert_failed(r: &Value, kind: &str) {
    assert!(r.get("error").is_none(), "{r}");
    assert_eq!(labels(r), ["GOOD"], "{r}");
    assert_eq!(errors(r), [("faulty", kind)], "{r}");
    assert!(!r["entities"].as_array().unwrap().is_empty(), "{r}");
    let msg = r["plugin_errors"][0]["message"].as_str().unwrap();
    assert!(msg.contains("faulty"), "message names the plugin: {msg}");
}

/// One faulty document among complete ones, in one chunk.
fn check_kind(marker: &str, kind: &str, opts: PoolOptions) -> WorkerPool {
    let pool = pool(opts);
    let texts = texts(6, &[2], marker);
    let recs = run(&pool, &texts);
    for (i, r) in recs.iter().enumerate() {
        if i == 2 {
            assert_failed(r, kind);
        } else {
            assert_complete(r);
        }
    }
    // The pool goes on: the next chunk is complete.
    let recs = run(&pool, &self::texts(3, &[], ""));
    recs.iter().for_each(assert_complete);
    let summary = pool.summary();
    let faulty = &summary.plugins[1];
    assert_eq!(faulty.name, "faulty");
    assert_eq!(faulty.by_kind.get(kind), Some(&1), "{summary:?}");
    let lines = summary.lines();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("faulty") && l.contains(&format!("1 {kind}"))),
        "{lines:?}"
    );
    pool
}

#[test]
fn a_panic_is_an_error_for_that_document_only() {
    let pool = check_kind("PANIC", "panic", opts());
    assert_eq!(
        pool.summary().restarts,
        0,
        "a caught panic needs no restart"
    );
}

#[test]
fn a_plugin_that_loops_forever_is_killed_at_the_deadline() {
    let pool = check_kind("LOOP", "timeout", opts());
    assert_eq!(pool.summary().restarts, 1);
}

#[test]
fn a_plugin_that_aborts_costs_only_its_document() {
    let pool = check_kind("ABORT", "crash", opts());
    assert_eq!(pool.summary().restarts, 1);
}

#[test]
fn a_plugin_that_writes_through_null_costs_only_its_document() {
    check_kind("SEGV", "crash", opts());
}

#[test]
fn a_plugin_that_exhausts_its_memory_limit_is_reported_as_memory() {
    let pool = check_kind(
        "OOM",
        "memory",
        PoolOptions {
            memory_mib: Some(1024),
            ..opts()
        },
    );
    let lines = pool.summary().lines();
    assert!(lines.iter().any(|l| l.contains("1 memory")), "{lines:?}");
}

#[test]
fn bad_annotations_are_dropped_and_reported() {
    let pool = pool(opts());
    let texts = texts(4, &[1], "BADLABEL");
    let recs = run(&pool, &texts);
    for (i, r) in recs.iter().enumerate() {
        if i == 1 {
            assert_eq!(labels(r), ["GOOD", "FAULTY"], "valid ones kept: {r}");
            assert_eq!(errors(r), [("faulty", "invalid-annotation")], "{r}");
        } else {
            assert_complete(r);
        }
    }
    assert_eq!(pool.summary().restarts, 0);
}

#[test]
fn a_slow_plugin_within_the_deadline_is_complete() {
    let pool = pool(opts());
    let texts = texts(3, &[0, 1, 2], "SLOW");
    run(&pool, &texts).iter().for_each(assert_complete);
    assert!(pool.summary().lines().is_empty());
}

#[test]
fn the_first_plugin_failing_leaves_the_second_one_running() {
    let pool = pool_with(&["faulty", "good"], opts()).unwrap();
    let texts = texts(3, &[1], "ABORT");
    let recs = run(&pool, &texts);
    assert_eq!(labels(&recs[0]), ["FAULTY", "GOOD"]);
    assert_eq!(labels(&recs[1]), ["GOOD"]);
    assert_eq!(errors(&recs[1]), [("faulty", "crash")]);
    assert_eq!(labels(&recs[2]), ["FAULTY", "GOOD"]);
}

#[test]
fn repeated_crashes_and_timeouts_quarantine_the_plugin() {
    let pool = pool(PoolOptions {
        max_failures: 2,
        timeout: Duration::from_secs(2),
        ..opts()
    });
    let mut texts = texts(8, &[1, 3], "ABORT");
    texts[4].push_str(" LOOP");
    let recs = run(&pool, &texts);
    assert_failed(&recs[1], "crash");
    assert_failed(&recs[3], "crash");
    // Quarantined after two failures: the loop never runs, and documents
    // that come after the second failure get `quarantined`.
    for r in &recs[4..] {
        assert_failed(r, "quarantined");
    }
    for r in [&recs[0], &recs[2]] {
        assert_complete(r);
    }
    let summary = pool.summary();
    let q = summary.plugins[1].quarantined.as_deref().unwrap();
    assert!(q.contains("2 crash"), "{q}");
    assert_eq!(summary.restarts, 2);
    // Later chunks too.
    let recs = run(&pool, &self::texts(2, &[], ""));
    recs.iter().for_each(|r| assert_failed(r, "quarantined"));
    let msg = recs[0]["plugin_errors"][0]["message"].as_str().unwrap();
    assert!(msg.contains("quarantined"), "{msg}");
}

#[test]
fn every_fault_in_one_chunk_across_two_workers_and_threads() {
    let pool = Arc::new(pool(PoolOptions {
        workers: 2,
        max_failures: 100,
        ..opts()
    }));
    let markers = ["PANIC", "ABORT", "SEGV", "LOOP", "BADLABEL", ""];
    let handles: Vec<_> = (0..2)
        .map(|t| {
            let pool = Arc::clone(&pool);
            std::thread::spawn(move || {
                let mut all = Vec::new();
                for round in 0..2 {
                    let mut texts = texts(12, &[], "");
                    for (j, m) in markers.iter().enumerate() {
                        let at = (j * 2 + t + round) % 12;
                        texts[at].push_str(&format!(" {m}"));
                    }
                    let recs = run(&pool, &texts);
                    for (r, text) in recs.iter().zip(&texts) {
                        let want = ["PANIC", "ABORT", "SEGV", "LOOP"]
                            .iter()
                            .zip(["panic", "crash", "crash", "timeout"])
                            .find(|(m, _)| text.contains(*m));
                        match want {
                            Some((_, kind)) => assert_failed(r, kind),
                            None if text.contains("BADLABEL") => {
                                assert_eq!(errors(r), [("faulty", "invalid-annotation")])
                            }
                            None => assert_complete(r),
                        }
                    }
                    all.extend(recs);
                }
                all.len()
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 24);
    }
    let s = pool.summary();
    assert_eq!(s.plugins[1].by_kind.get("crash"), Some(&8), "{s:?}");
    assert_eq!(s.plugins[1].by_kind.get("timeout"), Some(&4), "{s:?}");
}

#[test]
fn records_equal_the_in_thread_pipeline_byte_for_byte() {
    let pool = pool(opts());
    let specs: Vec<PluginSpec> = ["good", "faulty"]
        .iter()
        .map(|p| lib(p).parse().unwrap())
        .collect();
    let mut b = Pipeline::builder();
    for s in specs {
        b.plugin(s);
    }
    let threaded = b.build().unwrap();
    let mut texts = texts(5, &[3], "PANIC");
    texts.push(String::new());
    texts.push("ملف بترميز \u{feff}غريب\u{200f} — 12 ألف".into());
    let mut want = Vec::new();
    let results = threaded.process_batch_owned(texts.iter().cloned().map(Owned::Text).collect());
    for (i, r) in results.iter().enumerate() {
        let id = format!("doc{i}");
        let meta = DocMeta {
            id: &id,
            source: "test",
            meta: None,
        };
        threaded.write_record(&mut want, &meta, r, &RecordOptions::default());
    }
    let mut got = Vec::new();
    pool.process(docs(&texts), &mut got);
    assert_eq!(
        String::from_utf8(got).unwrap(),
        String::from_utf8(want).unwrap()
    );
}

#[test]
fn input_errors_and_meta_pass_through() {
    let pool = pool(opts());
    let mut meta = serde_json::Map::new();
    meta.insert("lang".into(), "ar".into());
    let docs = vec![
        Input::new("doc0", "خبر قصير".as_bytes().to_vec())
            .with_source("a.jsonl:1")
            .with_meta(meta),
        Input::failed(
            "doc1",
            "a.jsonl:2",
            ProcessError::new(ProcessErrorKind::Json, "line 2 is not JSON"),
        ),
    ];
    let mut out = Vec::new();
    let errors = pool.process(docs, &mut out);
    assert_eq!(errors, 1);
    let recs = records(&out, 2);
    assert_eq!(recs[0]["meta"]["lang"], "ar");
    assert_eq!(recs[1]["error"]["kind"], "json");
}

#[test]
fn a_plugin_that_cannot_load_stops_the_start_with_its_path() {
    let setup = serde_json::to_vec(&serde_json::json!({ "plugins": ["no/such/libx.so"] })).unwrap();
    let err = WorkerPool::start(
        Box::new(|| Command::new(env!("CARGO_BIN_EXE_khabar-test-worker"))),
        setup,
        plain(),
        RecordOptions::default(),
        opts(),
    )
    .unwrap_err();
    assert_eq!(err.kind(), PoolErrorKind::Setup);
    assert!(err.to_string().contains("no/such/libx.so"), "{err}");
}

#[test]
fn a_worker_program_that_is_not_a_worker_is_a_start_error() {
    let err = WorkerPool::start(
        Box::new(|| {
            let mut c = Command::new("sh");
            c.arg("-c").arg("echo not a worker");
            c
        }),
        Vec::new(),
        plain(),
        RecordOptions::default(),
        opts(),
    )
    .unwrap_err();
    assert_eq!(err.kind(), PoolErrorKind::Died, "{err}");
}

#[test]
fn a_document_too_large_for_the_memory_limit_gets_its_record_from_the_parent() {
    // Reading a document and khabar's own stages need several times its
    // size; under a 48 MiB limit (the worker itself needs about 25 MiB of
    // address space since the built-in gazetteer holds 13,000 ids: 24 MiB no
    // longer loads a plugin) a 4 MB document makes the worker abort before
    // any plugin runs. The chunk is redone one document at a time, and that
    // document's record is written by the parent, without plugins.
    let pool = pool_with(
        &["good"],
        PoolOptions {
            memory_mib: Some(48),
            timeout: Duration::from_secs(60),
            ..opts()
        },
    )
    .unwrap();
    let mut texts = texts(3, &[], "");
    texts[1] = texts[1].repeat((4 << 20) / texts[1].len());
    let recs = run(&pool, &texts);
    for i in [0, 2] {
        assert_eq!(labels(&recs[i]), ["GOOD"], "{}", recs[i]);
        assert!(errors(&recs[i]).is_empty());
    }
    let big = &recs[1];
    assert!(big.get("error").is_none());
    assert!(labels(big).is_empty());
    assert_eq!(errors(big), [("good", "memory")]);
    assert!(big["entities"].as_array().unwrap().len() > 1000);
    assert_eq!(pool.summary().plugins[0].by_kind.get("memory"), Some(&1));
    let msg = big["plugin_errors"][0]["message"].as_str().unwrap();
    assert!(msg.contains("khabar's own stages"), "{msg}");
}

#[test]
fn a_huge_max_failures_never_quarantines_a_plugin_that_panics_on_every_document() {
    let pool = pool(PoolOptions {
        max_failures: 1_000_000_000,
        ..opts()
    });
    let all: Vec<usize> = (0..50).collect();
    for _ in 0..4 {
        let recs = run(&pool, &texts(50, &all, "PANIC"));
        recs.iter().for_each(|r| assert_failed(r, "panic"));
    }
    let s = pool.summary();
    assert_eq!(s.plugins[1].by_kind.get("panic"), Some(&200), "{s:?}");
    assert_eq!(s.plugins[1].quarantined, None, "{s:?}");
}

/// The `quarantined` entry names the plugin and the limit it reached.
fn assert_quarantined(r: &Value, max: u64) {
    assert_failed(r, "quarantined");
    let msg = r["plugin_errors"][0]["message"].as_str().unwrap();
    assert!(
        msg.starts_with("plugin faulty is quarantined")
            && msg.contains(&format!("after failing {max} time")),
        "{msg}"
    );
}

#[test]
fn a_plugin_that_panics_on_every_document_is_quarantined_after_exactly_max_failures() {
    let pool = pool(PoolOptions {
        max_failures: 5,
        ..opts()
    });
    let all: Vec<usize> = (0..12).collect();
    let recs = run(&pool, &texts(12, &all, "PANIC"));
    for r in &recs[..5] {
        assert_failed(r, "panic");
    }
    for r in &recs[5..] {
        assert_quarantined(r, 5);
    }
    // Later chunks too; the plugin is not run again.
    let recs = run(&pool, &texts(3, &[0, 1, 2], "PANIC"));
    recs.iter().for_each(|r| assert_quarantined(r, 5));
    let s = pool.summary();
    assert_eq!(s.plugins[1].by_kind.get("panic"), Some(&5), "{s:?}");
    let why = s.plugins[1].quarantined.as_deref().unwrap();
    assert_eq!(why, "5 failures: 5 panic");
    assert!(
        s.lines()
            .iter()
            .any(|l| l == "khabar: plugin faulty: 5 panic; quarantined (5 failures: 5 panic)"),
        "{:?}",
        s.lines()
    );
}

#[test]
fn the_failure_count_carries_over_from_chunk_to_chunk() {
    let pool = pool(PoolOptions {
        max_failures: 5,
        ..opts()
    });
    let mut kinds = Vec::new();
    for _ in 0..3 {
        let recs = run(&pool, &texts(3, &[0, 1, 2], "PANIC"));
        kinds.extend(recs.iter().map(|r| errors(r)[0].1.to_string()));
    }
    assert_eq!(
        kinds,
        [
            "panic",
            "panic",
            "panic",
            "panic",
            "panic",
            "quarantined",
            "quarantined",
            "quarantined",
            "quarantined"
        ]
    );
}

#[test]
fn failures_count_in_document_order_when_a_worker_dies_after_a_panic() {
    // Limit 2: the panic on doc0 is the first failure, the abort on doc2
    // the second; doc1 (between them) runs the plugin, doc3 on do not.
    // The worker that aborted had the panic's record in its buffer: the
    // fresh worker redoes doc0 and doc1, and must not count the abort
    // before it reaches doc2.
    let pool = pool(PoolOptions {
        max_failures: 2,
        ..opts()
    });
    let mut texts = texts(5, &[0], "PANIC");
    texts[2].push_str(" ABORT");
    let recs = run(&pool, &texts);
    assert_failed(&recs[0], "panic");
    assert_complete(&recs[1]);
    assert_failed(&recs[2], "crash");
    assert_quarantined(&recs[3], 2);
    assert_quarantined(&recs[4], 2);
    let s = pool.summary();
    assert_eq!(s.plugins[1].by_kind.get("panic"), Some(&1), "{s:?}");
    assert_eq!(s.plugins[1].by_kind.get("crash"), Some(&1), "{s:?}");
    assert!(s.plugins[1].quarantined.is_some(), "{s:?}");
}
