//! The C example plugin, built with the system C compiler and loaded by the
//! host exactly as `khabar extract --plugin` loads it, over documents that
//! went through the real pipeline.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use khabar_plugin_test::{Fixture, Harness, LoadErrorKind, Options, span_text};
use serde_json::json;

fn lib() -> &'static Path {
    static LIB: OnceLock<PathBuf> = OnceLock::new();
    LIB.get_or_init(|| {
        c_example::build(&Path::new(env!("CARGO_TARGET_TMPDIR")).join("c-example"))
            .unwrap_or_else(|e| panic!("building the C plugin failed: {e}"))
    })
}

fn harness(config: Option<&str>) -> Result<Harness, khabar_plugin_test::LoadError> {
    let mut options = Options::default();
    if let Some(c) = config {
        options.plugin_config("figures-c", c);
    }
    Harness::load_with(lib(), options)
}

#[test]
fn header_is_read_like_a_rust_plugin() {
    let h = harness(None).unwrap();
    let info = &h.set().infos()[0];
    assert_eq!(
        (info.name.as_str(), info.version.as_str()),
        ("figures-c", "0.1.0")
    );
    assert_eq!(
        (info.abi_major, info.abi_minor),
        khabar_plugin_test::ABI_VERSION
    );
    assert!(!info.thread_safe);
}

#[test]
fn marks_the_figures_the_pipeline_found() {
    let h = harness(None).unwrap();
    let doc = Fixture::new("قتل 25 شخصا في الهجوم. وارتفعت الأسعار بنسبة 2.5%.");
    assert_eq!(doc.figures().len(), 2, "{:?}", doc.figures());
    let out = h.run_one(&doc);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let got: Vec<(&str, &str)> = out
        .annotations
        .iter()
        .map(|a| (a.label.as_str(), span_text(doc.text(), a)))
        .collect();
    let want: Vec<(&str, &str)> = doc
        .figures()
        .iter()
        .map(|f| ("FIGURE", &doc.text()[f.start..f.end]))
        .collect();
    assert_eq!(got, want);
    assert_eq!(
        out.annotations[0].attrs,
        Some(json!({"kind": "count", "low": 25, "high": 25}))
    );
    assert_eq!(
        out.annotations[1].attrs.as_ref().unwrap()["low"],
        json!(2.5)
    );
    // Each figure links to its sentence (the pipeline's splitter).
    let sentences: Vec<&str> = out
        .annotations
        .iter()
        .map(|a| {
            assert_eq!(a.links.len(), 1, "{a:?}");
            let l = &a.links[0];
            assert_eq!(l.role, "sentence");
            &doc.text()[l.start..l.end]
        })
        .collect();
    assert_eq!(
        sentences,
        ["قتل 25 شخصا في الهجوم.", "وارتفعت الأسعار بنسبة 2.5%."]
    );
    assert_eq!(h.summary().plugins[0].dropped, 0);
}

#[test]
fn configuration_is_read_and_validated_in_c() {
    let h = harness(Some("label=NUMBER")).unwrap();
    let out = h.run_one(&Fixture::new("وصل 300 جندي"));
    assert_eq!(out.annotations[0].label, "NUMBER");
    for bad in ["label=", "label=lower", "colour=RED", "label=A B"] {
        let err = harness(Some(bad)).unwrap_err();
        assert!(
            matches!(err.kind(), LoadErrorKind::Create { .. }),
            "{bad}: {err}"
        );
        assert!(err.to_string().contains("label=NAME"), "{bad}: {err}");
    }
}

#[test]
fn runs_over_the_seeds() {
    let h = harness(None).unwrap();
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
    let mut docs = Vec::new();
    for entry in std::fs::read_dir(seeds).unwrap() {
        docs.push(Fixture::from_file(entry.unwrap().path()).unwrap());
    }
    let out = h.run(&docs);
    for (doc, out) in docs.iter().zip(&out) {
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        assert_eq!(out.annotations.len(), doc.figures().len());
    }
    assert!(out.iter().any(|o| !o.annotations.is_empty()));
}
