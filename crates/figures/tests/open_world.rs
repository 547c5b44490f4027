//! Issue 11's open-world classes (`tests/data/open_world.tsv`): at least
//! ten news sentences per class, each run in ASCII, Arabic-Indic and
//! Persian digits; and a property test that an emitted figure's value is
//! what an independent reading of its own span gives.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use khabar_figures::{Figure, FigureParser};
use khabar_normalize::{Normalizer, Profile};
use proptest::prelude::*;

mod common;
use common::fold;

fn parse(p: &FigureParser, s: &str) -> Vec<Figure> {
    let n = Normalizer::new(Profile::Search).normalize(s);
    p.parse_with_source(s, &n)
}

/// The sentence with its ASCII digits in another script (`zero` is the
/// script's digit zero). Digits inside Latin words are left alone.
fn in_script(s: &str, zero: char) -> String {
    let mut out = String::new();
    let mut prev_latin = false;
    for c in s.chars() {
        if c.is_ascii_digit() && !prev_latin {
            let d = u32::from(c) - u32::from('0');
            out.push(char::from_u32(u32::from(zero) + d).unwrap());
        } else {
            out.push(c);
            prev_latin = c.is_ascii_alphabetic() || (prev_latin && c.is_ascii_digit());
        }
    }
    out
}

fn check(f: &Figure, want: &str) -> Result<(), String> {
    let w: Vec<&str> = want.split(';').collect();
    let num = |s: &str| (s != "-").then(|| s.parse::<f64>().unwrap());
    let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * y.abs().max(1.0),
        (None, None) => true,
        _ => false,
    };
    let unit_ok = match w[3] {
        "-" => f.unit.is_none(),
        u => f.unit.as_deref().map(fold) == Some(fold(u)),
    };
    if close(f.low, num(w[0]))
        && close(f.high, num(w[1]))
        && f.approx.as_str() == w[2]
        && unit_ok
        && f.kind.as_str() == w[4]
    {
        Ok(())
    } else {
        Err(format!(
            "got {:?};{:?};{};{};{}",
            f.low,
            f.high,
            f.approx.as_str(),
            f.unit.as_deref().unwrap_or("-"),
            f.kind.as_str()
        ))
    }
}

fn run(p: &FigureParser, s: &str, expected: &str) -> Result<(), String> {
    let figs = parse(p, s);
    let wants: Vec<&str> = if expected == "none" {
        vec![]
    } else {
        expected.split(" || ").collect()
    };
    if figs.len() != wants.len() {
        let got: Vec<String> = figs
            .iter()
            .map(|f| format!("{:?} {:?} {:?}", &s[f.start..f.end], f.low, f.kind))
            .collect();
        return Err(format!("{s:?}: want {expected:?}, got {got:?}"));
    }
    for (f, w) in figs.iter().zip(&wants) {
        check(f, w).map_err(|e| format!("{s:?}: want {w}, {e}"))?;
    }
    Ok(())
}

#[test]
fn open_world_classes_in_every_digit_script() {
    let p = FigureParser::new();
    let mut per_class: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for line in include_str!("data/open_world.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 3, "bad line {line:?}");
        *per_class.entry(f[0]).or_default() += 1;
        for s in [f[1].to_string(), in_script(f[1], '٠'), in_script(f[1], '۰')] {
            if let Err(e) = run(&p, &s, f[2]) {
                failures.push(format!("[{}] {e}", f[0]));
            }
        }
    }
    for (class, n) in &per_class {
        assert!(*n >= 10, "class {class} has {n} sentences");
    }
    assert!(per_class.len() >= 17, "{per_class:?}");
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The reference reader: the value a span of digits (with an optional
/// sign, separators, a percent sign and one scale word) states, read
/// without the parser's code. Returns None for spans it does not read.
fn reference_value(span: &str) -> Option<f64> {
    let mut s = span.trim();
    let mut sign = 1.0;
    for m in ['-', '−'] {
        if let Some(r) = s.strip_prefix(m) {
            sign = -1.0;
            s = r;
        }
    }
    let digits_end = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == ','))
        .map_or(s.len(), |(i, _)| i);
    let (num, rest) = s.split_at(digits_end);
    if num.is_empty() {
        return None;
    }
    // Generated spans use ',' for thousands and '.' for decimals only.
    let v: f64 = num.replace(',', "").parse().ok()?;
    let rest = rest.trim();
    let first = rest.split_whitespace().next().unwrap_or("");
    let scale = match first {
        "ألف" | "آلاف" => 1e3,
        "مليون" | "ملايين" => 1e6,
        "مليار" | "مليارات" => 1e9,
        _ => 1.0,
    };
    Some(sign * v * scale)
}

fn digits_with_commas(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Numbers written with a sign, thousands commas, decimals, a percent
    /// sign or a scale word, in news sentences: a figure emitted on the
    /// number has the value the reference reader gives its span.
    #[test]
    fn emitted_value_is_the_reference_reading_of_its_span(
        int in 0u64..5_000_000,
        frac in proptest::option::of(1u32..100),
        neg in any::<bool>(),
        tail in 0usize..6,
        lead in 0usize..4,
    ) {
        let mut num = digits_with_commas(int);
        if let Some(f) = frac {
            num = format!("{int}.{f}");
        }
        if neg {
            num = format!("-{num}");
        }
        let tail_s = ["%", "ألف جندي", "مليون دولار", "نقطة", "مليار ريال", "في المئة"][tail];
        let lead_s = ["بلغ", "سجل المؤشر", "تراجع بنسبة", "قال إن"][lead];
        let s = format!("{lead_s} {num} {tail_s} أمس");
        let p = FigureParser::new();
        for f in parse(&p, &s) {
            let span = &s[f.start..f.end];
            if let Some(want) = reference_value(span) {
                let got = f.low.unwrap();
                prop_assert!((got - want).abs() <= 1e-9 * want.abs().max(1.0),
                    "{s:?}: span {span:?} read {want}, figure says {got}");
                prop_assert_eq!(f.low, f.high);
            }
        }
    }
}

/// More styles (`tests/data/open_world_styles.tsv`): clitics on number
/// words, agreement and case forms, headlines, numbered lists, percent
/// spellings, month names, Hijri dates, scores, clock times, ages, lone
/// cardinals, rank nouns, signs after a qualifier, IPv4 addresses; at least
/// five sentences a class, in every digit script.
#[test]
fn more_styles_in_every_digit_script() {
    let p = FigureParser::new();
    let mut per_class: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut sentences = 0;
    for line in include_str!("data/open_world_styles.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 3, "bad line {line:?}");
        *per_class.entry(f[0]).or_default() += 1;
        sentences += 1;
        for s in [f[1].to_string(), in_script(f[1], '٠'), in_script(f[1], '۰')] {
            if let Err(e) = run(&p, &s, f[2]) {
                failures.push(format!("[{}] {e}", f[0]));
            }
        }
    }
    for (class, n) in &per_class {
        assert!(*n >= 5, "class {class} has {n} sentences");
    }
    assert!(sentences >= 60, "{sentences} sentences");
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A written decimal gives the double nearest to it, exactly (`1.61`, not
/// 1 + 0.61 = 1.6099999999999999), in every digit script and with the
/// wire-agency ر (`61ر1` = 1.61).
#[test]
fn decimals_are_the_nearest_double() {
    let p = FigureParser::new();
    for (text, want) in [
        ("ارتفع السعر 1.61 دولار", 1.61),
        ("تراجع المؤشر 0.07 نقطة", 0.07),
        ("بلغ النمو 2.3 في المئة", 2.3),
        ("سجل 106.52 دقائق", 106.52),
        ("بلغ السعر 19.75 دينار", 19.75),
        ("انخفض 61ر1 دولار", 1.61),
        ("بلغ 62ر31 دولار", 31.62),
    ] {
        for s in [text.to_string(), in_script(text, '٠'), in_script(text, '۰')] {
            let figs = parse(&p, &s);
            assert_eq!(figs.len(), 1, "{s}");
            assert_eq!(figs[0].low, Some(want), "{s}");
        }
    }
}
