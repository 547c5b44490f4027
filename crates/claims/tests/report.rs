//! `khabar claims` end to end: records in (as `khabar extract
//! --include-text` writes them, with and without `claims`), reports out.

use std::io::Cursor;

use khabar::Pipeline;
use khabar::record::{DocMeta, Offsets, RecordOptions, write_record};
use khabar_claims::group::Format;
use khabar_claims::{CharOffsets, ErrorKind, RunOptions, run};
use serde_json::Value;

/// The seeds as records; with `with_claims`, each record also gets
/// `claims` the way `--claims` will add them.
fn seed_records(offsets: Offsets, with_claims: bool) -> Vec<u8> {
    let pipeline = Pipeline::builder().build().expect("pipeline builds");
    let mut out = Vec::new();
    for p in crate::common::seed_paths() {
        let id = p
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let bytes = std::fs::read(&p).expect("seed reads");
        let result = pipeline.process(&bytes);
        let mut line = Vec::new();
        let meta = DocMeta {
            id: &id,
            source: "seeds",
            meta: None,
        };
        write_record(
            &mut line,
            &meta,
            &result,
            &RecordOptions {
                offsets,
                include_text: true,
            },
        );
        if with_claims {
            let doc = result.as_ref().expect("seed processes");
            let found = crate::common::doc_claims(doc);
            let chars = CharOffsets::new(&doc.text);
            let mut json = b"[".to_vec();
            for (i, c) in found.iter().enumerate() {
                if i > 0 {
                    json.push(b',');
                }
                match offsets {
                    Offsets::Byte => c.write_json(&mut json, |b| b),
                    Offsets::Char => c.write_json(&mut json, |b| chars.at(b)),
                }
            }
            json.push(b']');
            let mut v: Value = serde_json::from_slice(&line).expect("record is JSON");
            v["claims"] = serde_json::from_slice(&json).expect("claims are JSON");
            line = serde_json::to_vec(&v).expect("serializes");
            line.push(b'\n');
        }
        out.extend_from_slice(&line);
    }
    out
}

fn report(records: &[u8], format: Format) -> Vec<u8> {
    let mut out = Vec::new();
    let opts = RunOptions {
        format,
        ..RunOptions::default()
    };
    let summary = run(
        [("seeds.jsonl".to_string(), Cursor::new(records))],
        &opts,
        &mut out,
    )
    .expect("run succeeds");
    assert_eq!(summary.records, 5);
    assert!(summary.claims >= 27, "{summary:?}");
    out
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    k.sort_unstable();
    k
}

fn check_json(records: &[u8], chars: bool) -> Value {
    let out = report(records, Format::Json);
    let v: Value = serde_json::from_slice(&out).expect("report is JSON");
    assert_eq!(keys(&v), ["groups"]);
    let texts: std::collections::HashMap<String, String> = records
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| {
            let r: Value = serde_json::from_slice(l).expect("record");
            (
                r["id"].as_str().unwrap_or("").to_string(),
                r["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let groups = v["groups"].as_array().expect("groups");
    assert!(groups.len() >= 8, "{}", groups.len());
    for g in groups {
        assert_eq!(
            keys(g),
            ["disagree", "entities", "members", "spread", "subject"]
        );
        for m in g["members"].as_array().expect("members") {
            assert_eq!(
                keys(m),
                [
                    "approx", "doc", "end", "figure", "high", "low", "source", "start", "text"
                ]
            );
            // Spans are in the records' own offsets.
            let text = &texts[m["doc"].as_str().unwrap_or("")];
            let (s, e) = (
                m["start"].as_u64().unwrap_or(0) as usize,
                m["end"].as_u64().unwrap_or(0) as usize,
            );
            let slice: String = if chars {
                text.chars().skip(s).take(e - s).collect()
            } else {
                text.get(s..e).unwrap_or("").to_string()
            };
            assert_eq!(slice, m["text"].as_str().unwrap_or(""));
            if !m["source"].is_null() {
                assert_eq!(keys(&m["source"]), ["cue", "end", "id", "start", "text"]);
                let (s, e) = (
                    m["source"]["start"].as_u64().unwrap_or(0) as usize,
                    m["source"]["end"].as_u64().unwrap_or(0) as usize,
                );
                let slice: String = if chars {
                    text.chars().skip(s).take(e - s).collect()
                } else {
                    text.get(s..e).unwrap_or("").to_string()
                };
                assert_eq!(slice, m["source"]["text"].as_str().unwrap_or(""));
            }
        }
    }
    // The disagreement of the seeds: about 10,000 (the Pentagon) against
    // about 11,000.
    let troops = groups
        .iter()
        .find(|g| {
            g["members"]
                .as_array()
                .is_some_and(|ms| ms.iter().any(|m| m["text"] == "نحو 10 آلاف جندي"))
        })
        .expect("a group holds the Pentagon's 10,000");
    assert_eq!(troops["disagree"], true);
    assert_eq!(troops["subject"], "جندي");
    let texts: Vec<&str> = troops["members"]
        .as_array()
        .map(|ms| ms.iter().filter_map(|m| m["text"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        texts.contains(&"حوالي 11 ألف جندي") && texts.contains(&"ما يقدر بـ 11000 جندي"),
        "{texts:?}"
    );
    let pentagon = troops["members"]
        .as_array()
        .and_then(|ms| ms.iter().find(|m| m["text"] == "نحو 10 آلاف جندي"))
        .map(|m| m["source"].clone());
    assert_eq!(
        pentagon.as_ref().map(|s| s["id"].clone()),
        Some(Value::from("pentagon"))
    );
    v
}

#[test]
fn json_report_from_records_with_text_in_byte_and_char_offsets() {
    let bytes = check_json(&seed_records(Offsets::Byte, false), false);
    let chars = check_json(&seed_records(Offsets::Char, false), true);
    assert_eq!(
        bytes["groups"].as_array().map(Vec::len),
        chars["groups"].as_array().map(Vec::len)
    );
}

#[test]
fn json_report_from_records_with_claims_matches_the_computed_one() {
    for offsets in [Offsets::Byte, Offsets::Char] {
        let plain = report(&seed_records(offsets, false), Format::Json);
        let with = report(&seed_records(offsets, true), Format::Json);
        assert_eq!(
            String::from_utf8_lossy(&plain),
            String::from_utf8_lossy(&with)
        );
    }
    check_json(&seed_records(Offsets::Char, true), true);
}

#[test]
fn html_report_is_self_contained_and_right_to_left() {
    let out = report(&seed_records(Offsets::Byte, false), Format::Html);
    let html = String::from_utf8(out).expect("UTF-8");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(r#"<html dir="rtl" lang="ar">"#));
    assert!(html.contains("<svg"), "a chart per group");
    assert!(
        html.contains("المصادر مختلفة"),
        "the disagreement is marked"
    );
    let lower = html.to_lowercase();
    for banned in [
        "http://", "https://", "src=", "href=", "url(", "@import", "<script", "<link", "<iframe",
        "<img",
    ] {
        assert!(
            !lower.contains(banned),
            "the page must not contain {banned}"
        );
    }
    assert!(html.trim_end().ends_with("</html>"));
}

#[test]
fn table_report_flags_disagreement_and_isolates_arabic() {
    let out = report(&seed_records(Offsets::Byte, false), Format::Table);
    let table = String::from_utf8(out).expect("UTF-8");
    assert!(table.contains("DISAGREE"));
    assert!(table.contains("\u{2068}جندي\u{2069}"));
    assert!(table.contains("pentagon"));
}

#[test]
fn bad_lines_are_typed_errors_and_error_records_are_skipped() {
    let mut out = Vec::new();
    let input = b"{\"id\":\"x\",\"source\":\"s\",\"error\":{\"kind\":\"binary\",\"message\":\"m\"}}\nnot json\n";
    let e = run(
        [("in.jsonl".to_string(), Cursor::new(&input[..]))],
        &RunOptions::default(),
        &mut out,
    )
    .expect_err("a bad line fails");
    assert_eq!(e.kind(), ErrorKind::Json);
    assert!(e.to_string().starts_with("in.jsonl:2:"), "{e}");
    let ok =
        b"{\"id\":\"x\",\"source\":\"s\",\"error\":{\"kind\":\"binary\",\"message\":\"m\"}}\n\n";
    let s = run(
        [("in.jsonl".to_string(), Cursor::new(&ok[..]))],
        &RunOptions::default(),
        &mut out,
    )
    .expect("ok");
    assert_eq!((s.records, s.skipped, s.claims, s.groups), (1, 1, 0, 0));
}

mod props {
    use khabar_claims::{Doc, Entity, Figure, claims};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn claims_never_panic(
            text in "[قتلنزحوفقا،. 0-9ًٌ\n«»:()جنديصاروخ]{0,80}",
            spans in prop::collection::vec((0usize..200, 0usize..200), 0..6),
        ) {
            let kinds = ["count", "percent", "money", "quantity", "date"];
            let figures: Vec<Figure<'_>> = spans.iter().enumerate().map(|(i, &(a, b))| Figure {
                start: a, end: b, low: Some(a as f64), high: None, approx: "about",
                unit: if i % 2 == 0 { Some("جنود") } else { None }, kind: kinds[i % kinds.len()],
            }).collect();
            let entities: Vec<Entity<'_>> = spans.iter().map(|&(a, b)| Entity {
                start: b, end: a, id: Some("x"), kind: "LOC", name: "x",
            }).collect();
            let found = claims(&Doc { text: &text, entities: &entities, figures: &figures });
            for c in &found {
                prop_assert!(c.figure < figures.len());
                prop_assert!(c.sentence.end <= text.len());
            }
        }
    }
}
