//! What an SDK plugin sees of a document (ABI 1.1) when the real pipeline
//! writes the view: id and meta, sentences, entity prefix and `how`,
//! figures with negative or fractional bounds, and both offset maps.
#![allow(clippy::unwrap_used)]

use khabar_plugin_sdk::serde_json::{Value, json};
use khabar_plugin_sdk::{Doc, Error, Extractor, Output, export_plugin};
use khabar_plugin_test::{Approx, Figure, Fixture, Harness, Kind};

/// Reports everything it sees as one `SEEN` annotation over the whole text.
struct Echo;

impl Extractor for Echo {
    fn new(_: &str) -> Result<Self, Error> {
        Ok(Echo)
    }

    fn extract(&mut self, doc: &Doc<'_>, out: &mut Output<'_>) -> Result<(), Error> {
        let text = doc.text();
        let sentences: Vec<&str> = doc.sentences().map(|s| doc.slice(s)).collect();
        let entities: Vec<Value> = doc
            .entities()
            .map(|e| json!([e.id, e.prefix, e.how, &text[e.start..e.end]]))
            .collect();
        let figures: Vec<Value> = doc
            .figures()
            .map(|f| json!([f.low, f.high, f.kind]))
            .collect();
        // The original→normalized map inverts the other one: every kept
        // character maps back to itself, and a removed one forward to the
        // next kept character.
        let norm = doc.normalized();
        let mut round_trip = norm
            .char_indices()
            .all(|(n, _)| doc.to_original(n).and_then(|o| doc.to_normalized(o)) == Some(n));
        for (i, _) in text.char_indices() {
            let n = doc.to_normalized(i).unwrap();
            round_trip &= doc.to_original(n).is_some_and(|o| o >= i);
        }
        let attrs = json!({
            "id": doc.id(),
            "meta": doc.meta(),
            "sentences": sentences,
            "entities": entities,
            "figures": figures,
            "round_trip": round_trip,
            "end": doc.to_normalized(text.len()),
            "past_end": doc.to_normalized(text.len() + 1),
        });
        out.add_with_attrs("SEEN", doc.span(0, text.len())?, &attrs);
        Ok(())
    }
}

export_plugin!(Echo, name = "echo", version = "0.1.0");

fn seen(doc: &Fixture) -> Value {
    let h = Harness::in_process("echo", KHABAR_PLUGIN).unwrap();
    let out = h.run_one(doc);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    out.annotations[0].attrs.clone().unwrap()
}

#[test]
fn a_document_as_the_pipeline_writes_it() {
    let doc = Fixture::new("وصل لافروف إلى بيونغ يانغ. وقال إن د. كيم يرحب بالزيارة.")
        .id("wire-17")
        .meta(json!({"source": "agency", "date": "2024-07-11"}));
    let v = seen(&doc);
    assert_eq!(v["id"], "wire-17");
    assert_eq!(v["meta"], json!({"source": "agency", "date": "2024-07-11"}));
    assert_eq!(
        v["sentences"],
        json!(["وصل لافروف إلى بيونغ يانغ.", "وقال إن د. كيم يرحب بالزيارة."])
    );
    assert_eq!(
        v["entities"][0],
        json!(["sergey-lavrov", null, "gazetteer", "لافروف"])
    );
    assert_eq!(v["round_trip"], true);
    assert_eq!(v["past_end"], Value::Null);
}

#[test]
fn the_offset_maps_invert_each_other_over_removed_marks() {
    let doc = Fixture::new("قَالَ وزيرُ الخارجيّة إنّ المحادثات مستمرة");
    let v = seen(&doc);
    assert_eq!(v["round_trip"], true);
    assert_eq!(v["end"], json!(doc.normalized().len()));
    assert!(doc.normalized().len() < doc.text().len());
}

#[test]
fn prefixes_ids_and_figures() {
    // A proclitic stripped by the gazetteer; a hand-made figure with a
    // negative fractional bound and no upper bound.
    let doc = Fixture::new("وصل وبيونغ يانغ").figure(Figure {
        start: 0,
        end: 6,
        low: Some(-2.5),
        high: None,
        approx: Approx::About,
        unit: None,
        kind: Kind::Percent,
    });
    let v = seen(&doc);
    assert_eq!(v["entities"][0][1], "و", "{v}");
    assert_eq!(v["figures"][0], json!([-2.5, null, "percent"]));
    // No id, no meta: `None`, not empty strings.
    assert_eq!(
        (v["id"].clone(), v["meta"].clone()),
        (Value::Null, Value::Null)
    );
}
