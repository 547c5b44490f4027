//! The seed articles against their gold annotations (copied from the
//! project's shared gold files into tests/data).

use std::collections::HashMap;

use serde_json::Value;

use crate::util::*;

fn extract_seeds() -> HashMap<String, Value> {
    let out = run(
        &[
            "extract",
            "--offsets",
            "char",
            "--include-text",
            "--progress",
            "never",
            "seeds",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    records(&out)
        .into_iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r))
        .collect()
}

fn gold(name: &str) -> Vec<Value> {
    std::fs::read_to_string(root().join("tests/data").join(name))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn seed_002_residue_is_removed_and_reported() {
    let recs = extract_seeds();
    let rec = &recs["002_13395fc9bec92f87"];
    let text = rec["text"].as_str().unwrap();
    assert!(
        !text.contains('â') && !text.contains('Â'),
        "{}",
        &text[..80]
    );
    assert!(text.starts_with("سي إن إن"));
    let repairs = rec["repairs"].as_array().unwrap();
    let residue = repairs
        .iter()
        .find(|r| r["kind"] == "mojibake-residue")
        .expect("a residue repair");
    assert!(
        residue["original"].as_str().unwrap().contains("â"),
        "{residue}"
    );
    assert_eq!(residue["start"], residue["end"], "removed: empty span");
}

#[test]
fn seed_entities_meet_the_gold() {
    let recs = extract_seeds();
    let (mut want, mut got) = (0.0, 0.0);
    let mut missing = Vec::new();
    for g in gold("seeds-entities.jsonl") {
        if g["required"] != true {
            continue;
        }
        let doc = g["doc"].as_str().unwrap();
        let id = g["id"].as_str().unwrap();
        let mentions = g["mentions"].as_f64().unwrap();
        let found = recs[doc]["entities"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["id"] == id)
            .count() as f64;
        if found == 0.0 {
            missing.push(format!("{doc}: {id}"));
        }
        want += 1.0;
        got += found.min(mentions) / mentions;
    }
    assert!(
        missing.is_empty(),
        "required entities never found: {missing:?}"
    );
    let recall = got / want;
    assert!(recall >= 0.95, "mention recall {recall:.3} < 0.95");
}

#[test]
fn no_entity_inside_another_word() {
    for rec in extract_seeds().values() {
        let chars: Vec<char> = rec["text"].as_str().unwrap().chars().collect();
        for e in rec["entities"].as_array().unwrap() {
            let (s, end) = (
                e["start"].as_u64().unwrap() as usize,
                e["end"].as_u64().unwrap() as usize,
            );
            let before = s.checked_sub(1).and_then(|i| chars.get(i)).copied();
            let after = chars.get(end).copied();
            for c in [before, after].into_iter().flatten() {
                let is_letter = c.is_alphabetic() && !matches!(c, '\u{064B}'..='\u{0652}');
                assert!(
                    !is_letter,
                    "{} glued to a letter {c:?} in {}",
                    e["text"], rec["id"]
                );
            }
        }
    }
}

#[test]
fn seed_figures_meet_the_gold() {
    let recs = extract_seeds();
    let mut problems = Vec::new();
    let mut nth: HashMap<(String, String), usize> = HashMap::new();
    for g in gold("seeds-figures.jsonl") {
        let doc = g["doc"].as_str().unwrap();
        let rec = &recs[doc];
        let text = rec["text"].as_str().unwrap();
        let figures = rec["figures"].as_array().unwrap();
        let span_of = |needle: &str, inner: &str, skip: usize| -> Option<(usize, usize)> {
            let byte = text.match_indices(needle).nth(skip)?.0 + needle.find(inner)?;
            let s = text[..byte].chars().count();
            Some((s, s + inner.chars().count()))
        };
        let overlaps = |f: &Value, (s, e): (usize, usize)| {
            f["start"].as_u64().unwrap() < e as u64 && (s as u64) < f["end"].as_u64().unwrap()
        };
        if g["forbidden"] == true {
            let t = g["text"].as_str().unwrap();
            let sp = span_of(t, t, 0).unwrap();
            if let Some(f) = figures.iter().find(|f| overlaps(f, sp)) {
                problems.push(format!("{doc}: figure inside forbidden {t}: {f}"));
            }
            continue;
        }
        if g["required"] != true {
            continue;
        }
        let anchor = g["anchor"].as_str().unwrap();
        let inner = g["text"].as_str().unwrap();
        let k = nth
            .entry((doc.to_string(), anchor.to_string()))
            .or_insert(0);
        let sp =
            span_of(anchor, inner, 0).unwrap_or_else(|| panic!("gold text not in {doc}: {anchor}"));
        *k += 1;
        let close = |a: &Value, b: &Value| match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-6 * y.abs().max(1.0),
            (None, None) => true,
            _ => false,
        };
        let hit = figures.iter().find(|f| {
            overlaps(f, sp) && close(&f["low"], &g["low"]) && close(&f["high"], &g["high"])
        });
        let Some(f) = hit else {
            problems.push(format!(
                "{doc}: no figure {}–{} for {inner:?}",
                g["low"], g["high"]
            ));
            continue;
        };
        let approx_ok = g["approx"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| *a == f["approx"]);
        let unit_ok = match g["units"].as_array() {
            None => true,
            Some(units) => f["unit"].as_str().is_some_and(|u| {
                units.iter().any(|w| {
                    crate::unit_fold::fold(w.as_str().unwrap()) == crate::unit_fold::fold(u)
                })
            }),
        };
        if !approx_ok || !unit_ok {
            problems.push(format!(
                "{doc}: {inner:?} got approx={} unit={}",
                f["approx"], f["unit"]
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
