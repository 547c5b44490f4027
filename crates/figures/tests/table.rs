//! Table-driven cases: the hand-written table in `tests/data/cases.tsv`,
//! plus tables generated from the qualifier, unit and month lexicons.
#![allow(clippy::unwrap_used)]

use khabar_figures::{Figure, FigureParser};
use khabar_normalize::{Normalizer, Profile};

mod common;
use common::fold;

fn parse(p: &FigureParser, s: &str) -> Vec<Figure> {
    let n = Normalizer::new(Profile::Search).normalize(s);
    let fast = p.parse_with_source(s, &n);
    assert_eq!(
        fast,
        p.parse_every_token(s, &n),
        "fast scan differs from the reference on {s:?}"
    );
    for f in &fast {
        assert!(s.is_char_boundary(f.start) && s.is_char_boundary(f.end) && f.start < f.end);
    }
    fast
}

fn num(s: &str) -> Option<f64> {
    (s != "-").then(|| s.parse().unwrap())
}

/// Compares one figure with "low;high;approx;unit;kind".
fn check(f: &Figure, want: &str) -> Result<(), String> {
    let w: Vec<&str> = want.split(';').collect();
    if w.len() != 5 {
        return Err(format!("bad expectation {want:?}"));
    }
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
            "got {};{};{};{};{}",
            f.low.map_or("-".into(), |v| v.to_string()),
            f.high.map_or("-".into(), |v| v.to_string()),
            f.approx.as_str(),
            f.unit.as_deref().unwrap_or("-"),
            f.kind.as_str()
        ))
    }
}

fn run_case(p: &FigureParser, sentence: &str, expected: &str) -> Result<(), String> {
    let figs = parse(p, sentence);
    let wants: Vec<&str> = if expected == "none" {
        vec![]
    } else {
        expected.split(" || ").collect()
    };
    if figs.len() != wants.len() {
        let got: Vec<String> = figs
            .iter()
            .map(|f| {
                format!(
                    "{:?} {:?}..{:?} {:?} {:?}",
                    &sentence[f.start..f.end],
                    f.low,
                    f.high,
                    f.unit,
                    f.kind
                )
            })
            .collect();
        return Err(format!(
            "{sentence:?}: want {} figure(s) {expected:?}, got {got:?}",
            wants.len()
        ));
    }
    for (f, w) in figs.iter().zip(&wants) {
        check(f, w).map_err(|e| format!("{sentence:?}: want {w}, {e}"))?;
    }
    Ok(())
}

#[test]
fn hand_written_table() {
    let p = FigureParser::new();
    let mut failures = Vec::new();
    let mut n = 0;
    for line in include_str!("data/cases.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (s, e) = line.split_once('\t').unwrap();
        n += 1;
        if let Err(e) = run_case(&p, s, e.trim()) {
            failures.push(e);
        }
    }
    assert!(n >= 180, "table shrank: {n}");
    assert!(
        failures.is_empty(),
        "{} of {n} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_qualifier_in_front_of_a_number() {
    let p = FigureParser::new();
    let table = [
        ("نحو", "about"),
        ("حوالي", "about"),
        ("حوالى", "about"),
        ("قرابة", "about"),
        ("زهاء", "about"),
        ("تقارب", "about"),
        ("ما يقارب", "about"),
        ("ما يقرب من", "about"),
        ("ما يناهز", "about"),
        ("ما يقدر بـ", "about"),
        ("ما يقدر بنحو", "about"),
        ("بنحو", "about"),
        ("بحوالي", "about"),
        ("أكثر من", "more_than"),
        ("لأكثر من", "more_than"),
        ("ما يزيد على", "more_than"),
        ("ما يزيد عن", "more_than"),
        ("ما يربو على", "more_than"),
        ("ما لا يقل عن", "at_least"),
        ("لا يقل عن", "at_least"),
        ("على الأقل", "at_least"),
        ("ما لا يزيد على", "at_most"),
        ("لم يتجاوز", "at_most"),
        ("لا يتجاوز", "at_most"),
        ("ما يصل إلى", "up_to"),
        ("حتى", "up_to"),
        ("أقل من", "less_than"),
        ("دون", "less_than"),
    ];
    let mut failures = Vec::new();
    for (q, a) in table {
        for (num, v) in [("120", 120.0), ("مئة وعشرين", 120.0), ("12 ألف", 12000.0)] {
            let s = format!("قال المتحدث إن {q} {num} جندي وصلوا");
            let want = format!("{v};{v};{a};جندي;count");
            if let Err(e) = run_case(&p, &s, &want) {
                failures.push(e);
            }
            // The span starts at the qualifier.
            let figs = parse(&p, &s);
            if let Some(f) = figs.first()
                && !s[f.start..].starts_with(q)
            {
                failures.push(format!(
                    "{s:?}: span {:?} does not start at the qualifier",
                    &s[f.start..f.end]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_unit_gives_its_kind() {
    let p = FigureParser::new();
    let table = [
        ("دولار", "money"),
        ("يورو", "money"),
        ("جنيه", "money"),
        ("ريال", "money"),
        ("درهم", "money"),
        ("دينار", "money"),
        ("ليرة", "money"),
        ("روبل", "money"),
        ("يوان", "money"),
        ("كم", "length"),
        ("كيلومتر", "length"),
        ("ميل", "length"),
        ("متر", "length"),
        ("يوم", "duration"),
        ("ساعة", "duration"),
        ("أسبوع", "duration"),
        ("شهر", "duration"),
        ("سنة", "duration"),
        ("عام", "duration"),
        ("دقيقة", "duration"),
        ("جندي", "count"),
        ("صاروخ", "count"),
        ("طائرة", "count"),
        ("منزل", "count"),
    ];
    let mut failures = Vec::new();
    for (u, k) in table {
        for (num, v) in [("200", 200.0), ("مئتي", 200.0), ("٢٠٠", 200.0)] {
            let s = format!("وذلك بعد {num} {u} من الانتظار");
            if let Err(e) = run_case(&p, &s, &format!("{v};{v};exact;{u};{k}")) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_month_makes_a_date_and_a_year() {
    let p = FigureParser::new();
    let months = [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
        "كانون الثاني",
        "شباط",
        "آذار",
        "نيسان",
        "أيار",
        "حزيران",
        "تموز",
        "آب",
        "أيلول",
        "تشرين الأول",
        "تشرين الثاني",
        "كانون الأول",
    ];
    let mut failures = Vec::new();
    for m in months {
        let s = format!("وصل الوفد في 14 {m} 2023 إلى العاصمة");
        if let Err(e) = run_case(
            &p,
            &s,
            &format!("14;14;exact;{m};date || 2023;2023;exact;-;year"),
        ) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn spans_cover_qualifier_number_and_unit() {
    let p = FigureParser::new();
    let cases = [
        (
            "تستعد لإرسال ما بين 25 ألفًا و30 ألف جندي إضافي",
            "ما بين 25 ألفًا و30 ألف جندي",
        ),
        ("يقدر عددهم بنحو 4000 جندي.", "بنحو 4000 جندي"),
        ("اعترض صاروخ واحد و31 طائرة", "صاروخ واحد"),
        ("أطلقت 13 صاروخًا", "13 صاروخًا"),
        ("وتسعة ملايين قذيفة", "تسعة ملايين قذيفة"),
    ];
    for (s, want) in cases {
        let figs = parse(&p, s);
        assert!(!figs.is_empty(), "{s}");
        assert_eq!(&s[figs[0].start..figs[0].end], want);
    }
}
