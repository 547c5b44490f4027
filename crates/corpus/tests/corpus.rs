//! Behaviour of the generator: determinism, size, JSON validity, and
//! expected counts checked against an independent naive scan of the text.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};

use khabar_corpus::{
    CorpusConfig, Document, Expected, Format, Generator, generate_dir, generate_jsonl,
};
use proptest::prelude::*;

fn jsonl(size: u64, seed: u64) -> (Vec<u8>, Expected) {
    let mut out = Vec::new();
    let e = generate_jsonl(&CorpusConfig::new(size, seed), &mut out).unwrap();
    (out, e)
}

/// The documents of a corpus, regenerated through the public `Generator`.
fn documents(size: u64, seed: u64) -> Vec<Document> {
    let (out, e) = jsonl(size, seed);
    let generator = Generator::from_config(&CorpusConfig::new(size, seed)).unwrap();
    let mut docs = Vec::new();
    let mut before = 0u64;
    for (index, line) in out
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        let rec: serde_json::Value = serde_json::from_slice(line).unwrap();
        let text = rec["text"].as_str().unwrap();
        // Regenerate with the room the generator had: what was left of the
        // size once the record's framing is paid for.
        let id_len = rec["id"].as_str().unwrap().len() as u64;
        let room = size - before - (7 + id_len + 10 + 3);
        let mut doc = Document::default();
        assert!(generator.document(index as u64, room as usize, &mut doc));
        assert_eq!(doc.text, text, "document {index}");
        before += line.len() as u64 + 1;
        docs.push(doc);
    }
    assert_eq!(docs.len() as u64, e.documents);
    docs
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let (a, ea) = jsonl(200_000, 42);
    let (b, eb) = jsonl(200_000, 42);
    let (c, _) = jsonl(200_000, 43);
    assert_eq!(a, b);
    assert_eq!(ea, eb);
    assert_ne!(a, c);
    // A smaller corpus with the same seed is a prefix of a larger one
    // except for its last document (documents do not depend on each other).
    let (small, es) = jsonl(100_000, 42);
    let lines = small
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .count();
    let common: usize = small
        .split_inclusive(|&b| b == b'\n')
        .take(lines - 1)
        .map(<[u8]>::len)
        .sum();
    assert_eq!(small[..common], a[..common]);
    assert!(es.documents > 5);
}

#[test]
fn pinned_output_does_not_drift() {
    // A change to the data or the generator changes the corpus and its
    // expected counts; that must be a deliberate, visible change (bump the
    // crate version and these numbers together).
    let (out, e) = jsonl(50_000, 7);
    let first_id = &out[7..33];
    assert_eq!(
        std::str::from_utf8(first_id).unwrap(),
        "000000000_aa355f95ff703cc9"
    );
    assert_eq!(
        e.generator,
        concat!("khabar-corpus ", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn size_is_an_upper_bound_within_one_document() {
    for size in [0u64, 1, 45, 200, 1_000, 5_000, 20_000, 100_000, 1 << 20] {
        let (out, e) = jsonl(size, 1);
        assert_eq!(out.len() as u64, e.bytes);
        assert!(e.bytes <= size, "{} > {size}", e.bytes);
        if size >= 20_000 {
            assert!(size - e.bytes < 10_000, "{size}: only {}", e.bytes);
        }
        if size == 0 {
            assert!(out.is_empty());
            assert_eq!((e.documents, e.figures, e.entity_mentions), (0, 0, 0));
        }
    }
}

#[test]
fn jsonl_is_valid_with_unique_sorted_ids() {
    let (out, e) = jsonl(300_000, 5);
    let mut ids = Vec::new();
    let mut text_bytes = 0;
    for line in out.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let rec: BTreeMap<String, String> = serde_json::from_slice(line).unwrap();
        assert_eq!(rec.keys().collect::<Vec<_>>(), ["id", "text"]);
        text_bytes += rec["text"].len() as u64;
        ids.push(rec["id"].clone());
    }
    assert!(out.ends_with(b"\n"));
    assert_eq!(ids.len() as u64, e.documents);
    assert_eq!(text_bytes, e.text_bytes);
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, ids);
}

/// Diacritics, tatweel and invisible controls: what the search profile and
/// the decoder remove.
fn removable(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{0652}' | '\u{0640}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The start of the word that holds byte `at` of `text`.
fn word_start(text: &str, at: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map_or(at, |(i, _)| i)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The lines of both entity files.
fn entity_lines() -> impl Iterator<Item = &'static str> {
    include_str!("../data/entities.tsv")
        .lines()
        .chain(include_str!("../data/entities-more.tsv").lines())
}

const CLITICS: [&str; 10] = ["", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل"];

/// A naive reference matcher for the corpus's own entity forms: fold away
/// removable characters, find every form at a word boundary after an
/// allowed proclitic (ل + ال written لل), take leftmost-longest matches.
/// Returns mentions per id.
fn naive_entities(text: &str) -> BTreeMap<String, u64> {
    let folded: String = text.chars().filter(|&c| !removable(c)).collect();
    let lower = folded.to_ascii_lowercase();
    let mut forms: Vec<(String, String)> = Vec::new();
    for line in entity_lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut f = line.split('\t');
        let id = f.next().unwrap().to_string();
        f.next();
        for form in f {
            let form: String = form.chars().filter(|&c| !removable(c)).collect();
            forms.push((id.clone(), form.to_ascii_lowercase()));
        }
    }
    let mut cands: Vec<(usize, usize, String)> = Vec::new();
    for (id, form) in &forms {
        for (at, _) in lower.match_indices(form.as_str()) {
            let end = at + form.len();
            if lower[end..].chars().next().is_some_and(is_word_char) {
                continue;
            }
            let word_start = word_start(&lower, at);
            let before = &lower[word_start..at];
            // Before a name with ال only a one-letter clitic; ل + ال is
            // written لل and handled below.
            let ok = if form.starts_with("ال") {
                ["", "و", "ف", "ب", "ك"].contains(&before)
            } else {
                CLITICS.contains(&before)
            };
            if ok {
                cands.push((word_start, end, id.clone()));
            }
        }
        // ل + ال: the alef is dropped, so "الكرملين" is written "للكرملين".
        if let Some(rest) = form.strip_prefix('ا').filter(|_| form.starts_with("ال")) {
            for (at, _) in lower.match_indices(rest) {
                let end = at + rest.len();
                if lower[end..].chars().next().is_some_and(is_word_char) {
                    continue;
                }
                let word_start = word_start(&lower, at);
                if &lower[word_start..at] == "ل" {
                    cands.push((word_start, end, id.clone()));
                }
            }
        }
    }
    cands.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out = BTreeMap::new();
    let mut last_end = 0;
    for (s, e, id) in cands {
        if s >= last_end {
            *out.entry(id).or_default() += 1;
            last_end = e;
        }
    }
    out
}

#[test]
fn expected_entities_equal_a_naive_scan_of_the_text() {
    let (out, e) = jsonl(400_000, 11);
    let mut naive: BTreeMap<String, u64> = BTreeMap::new();
    for line in out.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let rec: BTreeMap<String, String> = serde_json::from_slice(line).unwrap();
        for (id, n) in naive_entities(&rec["text"]) {
            *naive.entry(id).or_default() += n;
        }
    }
    assert_eq!(naive, e.entities);
    assert_eq!(naive.values().sum::<u64>(), e.entity_mentions);
    // Every core entity shows up in a corpus this size, and many others.
    let core = include_str!("../data/entities.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split('\t').next().unwrap());
    for id in core {
        assert!(e.entities.contains_key(id), "{id} never placed");
    }
    assert!(e.entities.len() > 500, "only {} ids", e.entities.len());
}

#[test]
fn placed_spans_are_in_order_on_boundaries_and_name_the_entity() {
    let forms: BTreeMap<&str, Vec<&str>> = entity_lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let mut f = l.split('\t');
            let id = f.next().unwrap();
            f.next();
            (id, f.collect())
        })
        .collect();
    let mut prefixes = BTreeSet::new();
    for doc in documents(150_000, 3) {
        let mut spans: Vec<(usize, usize)> =
            doc.entities.iter().map(|e| (e.start, e.end)).collect();
        spans.extend(doc.figures.iter().map(|f| (f.start, f.end)));
        spans.sort();
        for w in spans.windows(2) {
            assert!(w[0].1 <= w[1].0, "overlapping spans in {}", doc.id);
        }
        for e in &doc.entities {
            let s = &doc.text[e.start..e.end];
            let folded: String = s.chars().filter(|&c| !removable(c)).collect();
            let p = e.prefix.unwrap_or("");
            prefixes.insert(p);
            let body = folded.strip_prefix(p).unwrap();
            let ok = forms[e.id].iter().any(|f| {
                let f: String = f.chars().filter(|&c| !removable(c)).collect();
                f == body || (p == "لل" && f.strip_prefix("ال") == Some(body))
            });
            assert!(ok, "{s:?} is not a form of {}", e.id);
            assert!(!doc.text[e.end..].chars().next().is_some_and(is_word_char));
            assert!(
                !doc.text[..e.start]
                    .chars()
                    .next_back()
                    .is_some_and(is_word_char)
            );
        }
        for f in &doc.figures {
            // Negative numbers, fractions and decimals below one are placed
            // too (`-2.5%`، `ثلاثة أرباع`، `.75`), never zero.
            assert!(
                f.low.is_finite() && f.low != 0.0 && f.high.is_none_or(|h| h >= f.low),
                "{f:?}"
            );
            assert_eq!(f.unit.is_none(), f.kind == "ordinal", "{f:?}");
            assert_eq!(f.high.is_none(), f.approx == "vague");
            let s = &doc.text[f.start..f.end];
            assert!(!s.starts_with(' ') && !s.ends_with(' '), "{s:?}");
            assert!(!doc.text[f.end..].chars().next().is_some_and(is_word_char));
        }
    }
    for p in ["", "و", "ب", "ل", "لل", "ك", "ف", "وب", "ول"] {
        assert!(prefixes.contains(p), "no mention with prefix {p:?}");
    }
}

/// Words that start or make a figure (number words, multipliers, vague
/// amounts: every word of them) and qualifier phrases (whole: their first
/// word is often a common one, like لم), from the crate's own data.
fn figure_words() -> (BTreeSet<String>, Vec<String>) {
    let mut words = BTreeSet::new();
    for (file, col) in [
        (include_str!("../data/numbers.tsv"), 2),
        (include_str!("../data/multipliers.tsv"), 2),
    ] {
        for l in file
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let form = l.split('\t').nth(col).unwrap();
            for w in form.split(' ').filter(|w| *w != "من") {
                words.insert(w.trim_start_matches('و').to_string());
            }
        }
    }
    for w in [
        "واحد",
        "واحدة",
        "ألفين",
        "بالمئة",
        "المئة",
        "المائة",
        "%",
        "٪",
    ] {
        words.insert(w.to_string());
    }
    let phrases = include_str!("../data/qualifiers.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| format!(" {} ", l.split('\t').nth(1).unwrap()))
        .collect();
    (words, phrases)
}

#[test]
fn nothing_outside_placed_figures_looks_like_a_number() {
    let (words, phrases) = figure_words();
    let mut figures = 0;
    for doc in documents(200_000, 9) {
        figures += doc.figures.len();
        // Blank out what was placed; what remains must hold no figure.
        let mut rest = doc.text.clone().into_bytes();
        for (s, e) in doc
            .figures
            .iter()
            .map(|f| (f.start, f.end))
            .chain(doc.entities.iter().map(|e| (e.start, e.end)))
            .chain(doc.identifiers.iter().copied())
        {
            rest[s..e].fill(b' ');
        }
        let rest = String::from_utf8(rest).unwrap();
        let folded: String = rest.chars().filter(|&c| !removable(c)).collect();
        let spaced = folded.replace(['\n', '،', '.'], " ");
        for p in &phrases {
            assert!(
                !spaced.contains(p.as_str()),
                "qualifier {p:?} in literal text of {}",
                doc.id
            );
        }
        for token in rest.split(|c: char| c.is_whitespace() || "،.:“”".contains(c)) {
            let t: String = token.chars().filter(|&c| !removable(c)).collect();
            if t.is_empty() {
                continue;
            }
            let latin = t.chars().all(|c| c.is_ascii_alphanumeric());
            let digit = t.chars().any(|c| {
                c.is_ascii_digit() || ('٠'..='٩').contains(&c) || ('۰'..='۹').contains(&c)
            });
            assert!(
                !digit || latin && t.chars().next().unwrap().is_ascii_alphabetic(),
                "digit in {t:?} of {}",
                doc.id
            );
            for strip in ["", "و", "ب", "ل", "ف"] {
                if let Some(w) = t.strip_prefix(strip) {
                    assert!(
                        !words.contains(w),
                        "figure word {t:?} in literal text of {}",
                        doc.id
                    );
                }
            }
            assert!(
                !(t.ends_with("تين") || t.ends_with("تان")),
                "dual-looking {t:?} in {}",
                doc.id
            );
        }
    }
    assert!(figures > 100);
}

#[test]
fn every_figure_form_is_placed() {
    let docs = documents(400_000, 21);
    let all: String = docs
        .iter()
        .flat_map(|d| {
            d.figures
                .iter()
                .map(move |f| format!("{}\n", &d.text[f.start..f.end]))
        })
        .collect();
    for needle in [
        "٬",
        "،",
        ",",
        "٫",
        "ما بين",
        "بين ",
        " إلى ",
        "-",
        "%",
        "٪",
        "في المئة",
        "بالمئة",
        "عشرات",
        "مئات",
        "آلاف",
        "الملايين",
        "نحو",
        "ما لا يقل عن",
        "أكثر من",
        "ما يصل إلى",
        "أقل من",
        "لم يتجاوز",
        "واحد",
        "ألفًا",
        "ملايين",
        "مليار و",
        "نصف مليون",
        "مليونين ونصف المليون",
        "تين",
        "خمسة وعشرين",
        // The open-world figures of issue 11.
        "−",
        "سالب",
        "تحت الصفر",
        "درجة مئوية",
        "أرباع",
        "مليون ونصف",
        "ربع مليون",
        " نقطة",
        "القرار ",
        "رقم ",
        "متر مربع",
        "كم/ساعة",
        "USD",
        "$",
        "€",
        "أو أكثر",
        "على الأقل",
        "وأقل من",
        " لعشر",
        "والعشرين",
        "المرتبة",
    ] {
        assert!(all.contains(needle), "no figure with {needle:?}");
    }
    assert!(all.chars().any(|c| ('٠'..='٩').contains(&c)));
    for kind in ["quantity", "label", "ordinal"] {
        assert!(
            docs.iter().flat_map(|d| &d.figures).any(|f| f.kind == kind),
            "no {kind}"
        );
    }
    assert!(docs.iter().any(|d| !d.identifiers.is_empty()));
    assert!(all.chars().any(|c| ('۰'..='۹').contains(&c)));
    let approx: BTreeSet<&str> = docs
        .iter()
        .flat_map(|d| d.figures.iter().map(|f| f.approx))
        .collect();
    assert_eq!(
        approx,
        [
            "about",
            "at_least",
            "at_most",
            "exact",
            "less_than",
            "more_than",
            "up_to",
            "vague"
        ]
        .into()
    );
}

#[test]
fn noise_of_every_kind_is_present() {
    let (_, e) = jsonl(1 << 20, 2);
    let n = e.noise;
    for (what, v) in [
        ("diacritics", n.diacritized_words),
        ("tatweel", n.tatweel_words),
        ("presentation forms", n.presentation_form_words),
        ("bidi", n.bidi_controls),
        ("mojibake", n.mojibake_lines),
        ("residue", n.residue_fragments),
        ("boilerplate", n.boilerplate_lines),
        ("latin tokens", n.latin_tokens),
    ] {
        assert!(v > 0, "no {what}");
    }
}

#[test]
fn directory_corpus_with_windows_1256() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = CorpusConfig {
        size_bytes: 200_000,
        seed: 4,
        format: Format::Dir,
        cp1256_share: 0.5,
    };
    let e = generate_dir(&cfg, dir.path()).unwrap();
    let mut files: Vec<_> = walk(dir.path());
    files.sort();
    assert_eq!(files.len() as u64, e.documents);
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    assert_eq!(bytes, e.bytes);
    assert!(e.bytes <= 200_000 && e.bytes > 180_000);
    let generator = Generator::from_config(&cfg).unwrap();
    let mut doc = Document::default();
    let mut legacy = 0;
    for (index, f) in files.iter().enumerate() {
        let raw = std::fs::read(f).unwrap();
        assert!(generator.document(index as u64, usize::MAX, &mut doc));
        assert_eq!(f.file_stem().unwrap().to_str().unwrap(), doc.id);
        let text = if doc.cp1256 {
            legacy += 1;
            assert!(
                std::str::from_utf8(&raw).is_err(),
                "{} is not legacy",
                doc.id
            );
            let (t, had_errors) = encoding_rs::WINDOWS_1256.decode_without_bom_handling(&raw);
            assert!(!had_errors);
            t.into_owned()
        } else {
            String::from_utf8(raw).unwrap()
        };
        // The last file may have been cut short by the size limit.
        if index + 1 < files.len() {
            assert_eq!(text, doc.text);
        }
    }
    assert_eq!(legacy, e.cp1256_documents);
    assert!(legacy > 3 && legacy < e.documents);
    // Refuses to mix with an earlier run.
    assert!(generate_dir(&cfg, dir.path()).is_err());
    // JSON Lines ignores the share: everything is UTF-8 JSON.
    let mut out = Vec::new();
    let ej = generate_jsonl(
        &CorpusConfig {
            format: Format::Jsonl,
            ..cfg
        },
        &mut out,
    )
    .unwrap();
    assert_eq!(ej.cp1256_documents, 0);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn expected_round_trips_through_json() {
    let (_, e) = jsonl(30_000, 8);
    let s = serde_json::to_string(&e).unwrap();
    let back: Expected = serde_json::from_str(&s).unwrap();
    assert_eq!(back, e);
    let v: serde_json::Value = serde_json::from_str(&s).unwrap();
    assert_eq!(v["format"], "jsonl");
    assert_eq!(v["entities"].as_object().unwrap().len(), e.entities.len());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn any_seed_and_size_stays_in_bounds_and_counts_hold(seed in any::<u64>(), size in 0u64..60_000) {
        let (out, e) = jsonl(size, seed);
        prop_assert!(out.len() as u64 <= size);
        prop_assert_eq!(out.len() as u64, e.bytes);
        let mut naive: BTreeMap<String, u64> = BTreeMap::new();
        let mut n = 0;
        for line in out.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            let rec: BTreeMap<String, String> = serde_json::from_slice(line).unwrap();
            n += 1;
            for (id, k) in naive_entities(&rec["text"]) {
                *naive.entry(id).or_default() += k;
            }
        }
        prop_assert_eq!(n, e.documents);
        prop_assert_eq!(naive, e.entities);
    }
}
