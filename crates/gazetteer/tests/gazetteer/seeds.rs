//! The built-in gazetteer over the seed articles, against the gold entities
//! (a copy of the shared gold file lives in tests/data).

use std::collections::HashMap;

use khabar_gazetteer::builtin;

#[test]
fn seeds_required_ids_and_mention_recall() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let gold = std::fs::read_to_string(root.join("tests/data/seeds-entities.jsonl")).unwrap();
    let g = builtin().build().unwrap();
    let mut counts: HashMap<String, HashMap<String, usize>> = HashMap::new();
    let mut misses = Vec::new();
    let (mut required, mut found_ids, mut recall_sum) = (0usize, 0usize, 0f64);
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let doc = v["doc"].as_str().unwrap().to_string();
        let per_doc = counts.entry(doc.clone()).or_insert_with(|| {
            let bytes = std::fs::read(root.join("../../seeds").join(format!("{doc}.txt"))).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            let mut c = HashMap::new();
            for m in g.find_str(&text) {
                *c.entry(m.id.to_string()).or_insert(0) += 1;
            }
            c
        });
        if !v["required"].as_bool().unwrap() {
            continue;
        }
        let id = v["id"].as_str().unwrap();
        let want = v["mentions"].as_u64().unwrap() as usize;
        let got = per_doc.get(id).copied().unwrap_or(0);
        required += 1;
        if got > 0 {
            found_ids += 1;
        }
        if got < want {
            misses.push(format!("{doc} {id}: {got}/{want}"));
        }
        recall_sum += got.min(want) as f64 / want as f64;
    }
    let recall = recall_sum / required as f64;
    eprintln!(
        "seeds: {found_ids}/{required} required ids, mention recall {:.1}%",
        100.0 * recall
    );
    for m in &misses {
        eprintln!("  short: {m}");
    }
    assert_eq!(found_ids, required, "required ids missing: {misses:?}");
    assert!(
        recall >= 0.95,
        "mention recall {recall:.3} < 0.95: {misses:?}"
    );
}
