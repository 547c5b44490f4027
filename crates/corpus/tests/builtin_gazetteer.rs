//! The corpus's entities against the built-in gazetteer data
//! (`crates/gazetteer/data`, part of this repository): the ids exist with
//! the same type, every form is a name of its id or a SPEC §5 variant of
//! one, and no built-in name hides in the literal text of the templates
//! (it would be a mention nobody counted).
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

struct Builtin {
    types: BTreeMap<String, BTreeSet<String>>,
    /// Folded name → ids.
    names: BTreeMap<String, BTreeSet<String>>,
    /// Names with only search-profile folding (no variant folding) → ids.
    plain: BTreeMap<String, BTreeSet<String>>,
}

fn builtin() -> Builtin {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../gazetteer/data");
    let mut b = Builtin {
        types: BTreeMap::new(),
        names: BTreeMap::new(),
        plain: BTreeMap::new(),
    };
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "tsv") {
            continue;
        }
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 3 {
                continue;
            }
            b.types
                .entry(f[0].to_string())
                .or_default()
                .insert(f[1].to_string());
            for name in &f[2..] {
                b.names
                    .entry(variant_fold(name))
                    .or_default()
                    .insert(f[0].to_string());
                b.plain
                    .entry(search_fold(name))
                    .or_default()
                    .insert(f[0].to_string());
            }
        }
    }
    b
}

/// The search profile's folds: no diacritics or tatweel, one alef, ي, ه,
/// Latin lowercased.
fn search_fold(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{0652}' | '\u{0640}'))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Plus the variant alternations of SPEC §5: غ/ج/ق, hamza seats, ڤ/ف, پ/ب,
/// گ/ك, hyphen/space/no space, with and without ال.
fn variant_fold(s: &str) -> String {
    let s: String = search_fold(s)
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| match c {
            'غ' | 'ق' => 'ج',
            'ؤ' | 'ئ' | 'ء' => 'ا',
            'ڤ' => 'ف',
            'پ' => 'ب',
            'گ' => 'ك',
            c => c,
        })
        .collect();
    s.strip_prefix("ال").map(str::to_string).unwrap_or(s)
}

fn corpus_entities() -> Vec<(String, String, Vec<String>)> {
    include_str!("../data/entities.tsv")
        .lines()
        .chain(include_str!("../data/entities-more.tsv").lines())
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (
                f[0].to_string(),
                f[1].to_string(),
                f[2..].iter().map(|s| s.to_string()).collect(),
            )
        })
        .collect()
}

#[test]
fn ids_types_and_forms_are_those_of_the_builtin_gazetteer() {
    let b = builtin();
    assert!(b.types.len() > 100, "built-in gazetteer data looks empty");
    for (id, ty, forms) in corpus_entities() {
        let types = b
            .types
            .get(&id)
            .unwrap_or_else(|| panic!("{id} is not a built-in id"));
        assert_eq!(types, &BTreeSet::from([ty.clone()]), "{id}");
        for form in forms {
            let ids = b.names.get(&variant_fold(&form));
            assert!(
                ids.is_some_and(|ids| ids.contains(&id)),
                "{form:?} is no variant of a name of {id}"
            );
            // A form that folds to several ids would be a collision the
            // engine resolves by its own rule: the corpus avoids those.
            assert_eq!(
                ids.map(BTreeSet::len),
                Some(1),
                "{form:?} is ambiguous: {ids:?}"
            );
        }
    }
}

#[test]
fn no_builtin_name_in_literal_text() {
    let b = builtin();
    let mut literal = String::from(" ");
    for file in [
        include_str!("../data/templates.txt"),
        include_str!("../data/units.tsv"),
    ] {
        for line in file
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with('['))
        {
            // Slots become a hard break so that words on both sides of a
            // slot are not joined.
            let mut rest = line;
            while let Some(open) = rest.find('{') {
                literal.push_str(&rest[..open]);
                literal.push_str(" | ");
                rest = rest[open..].find('}').map_or("", |c| &rest[open + c + 1..]);
            }
            literal.push_str(rest);
            literal.push(' ');
        }
    }
    let folded = search_fold(&literal);
    let words: Vec<&str> = folded
        .split(|c: char| c.is_whitespace() || "،.:“”\t".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    // Every run of up to six words, with the proclitics of the first one
    // stripped, must not be a built-in name.
    for i in 0..words.len() {
        for n in 1..=6.min(words.len() - i) {
            let run = &words[i..i + n];
            if run.contains(&"|") {
                break;
            }
            let phrase = run.join(" ");
            for clitic in [
                "", "و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "لل", "وب", "ول",
            ] {
                if let Some(p) = phrase.strip_prefix(clitic) {
                    assert!(
                        !b.plain.contains_key(p),
                        "literal text holds the built-in name {p:?} ({:?})",
                        b.plain[p]
                    );
                }
            }
        }
    }
}
