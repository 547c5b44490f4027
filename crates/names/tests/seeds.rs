//! The recognizer on the seed articles (`seeds/` at the repository root):
//! it loses no gazetteer id the seeds' gold needs, and every entity it
//! adds is one of the reviewed real names in `tests/data/seeds-names.tsv`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use khabar_names::{How, Names};
use khabar_normalize::{Normalizer, Profile};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn seeds_keep_their_ids_and_gain_only_real_names() {
    let gazetteer = khabar_gazetteer::builtin().build().expect("gazetteer");
    let names = Names::builder().build().expect("names");
    let norm = Normalizer::new(Profile::Search);
    let reviewed: BTreeSet<(String, String, String, String)> = include_str!("data/seeds-names.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "bad line {l}");
            (f[0].into(), f[1].into(), f[2].into(), f[3].into())
        })
        .collect();
    let gold = std::fs::read_to_string(root().join("tests/data/seeds-entities.jsonl"))
        .expect("seeds gold");
    let mut docs = 0;
    let mut added = 0;
    for entry in std::fs::read_dir(root().join("seeds")).expect("seeds/") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let doc = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let bytes = std::fs::read(&path).expect("seed");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let n = norm.normalize(&text);
        let matches: Vec<_> = gazetteer.find_iter(&n).collect();
        let found = names.apply(&text, &n, &matches);
        docs += 1;
        // No id the seed's gold needs is lost.
        let ids: BTreeSet<&str> = found.iter().filter_map(|e| e.id).collect();
        for line in gold
            .lines()
            .filter(|l| l.contains(&format!("\"doc\": \"{doc}\"")))
        {
            let g: serde_json::Value = serde_json::from_str(line).expect("gold line");
            let id = g["id"].as_str().unwrap_or("");
            let required = g["required"].as_bool().unwrap_or(false);
            let had = matches.iter().any(|m| m.id == id);
            if required && had {
                assert!(ids.contains(id), "{doc}: {id} lost");
            }
        }
        // Every added entity is a reviewed real name.
        for e in found.iter().filter(|e| e.how != How::Gazetteer) {
            added += 1;
            let key = (
                doc.clone(),
                e.kind.to_string(),
                text[e.start..e.end].to_string(),
                e.id.unwrap_or("-").to_string(),
            );
            assert!(reviewed.contains(&key), "not reviewed: {key:?}");
        }
    }
    assert_eq!(docs, 5);
    assert!(added > 0);
}
