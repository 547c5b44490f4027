//! The dates plugin through the host's checks: a table of expressions,
//! words that must not be taken for dates, the seed articles, and arbitrary
//! input.
#![allow(clippy::unwrap_used)]

use khabar_plugin_test::{Fixture, Harness, assert_has, attrs_include, span_text, spans};
use proptest::prelude::*;
use serde_json::{Value, json};

fn harness() -> Harness {
    Harness::in_process("dates", dates::KHABAR_PLUGIN).unwrap()
}

/// (span text, attrs) of every annotation, checking there were no errors.
fn found(text: &str) -> Vec<(String, Value)> {
    let out = harness().run_text(text);
    assert!(out.errors.is_empty(), "{text}: {:?}", out.errors);
    out.annotations
        .iter()
        .map(|a| {
            (
                span_text(text, a).to_string(),
                a.attrs.clone().unwrap_or(Value::Null),
            )
        })
        .collect()
}

#[test]
fn expressions() {
    let cases: Vec<(&str, &str, Value)> = vec![
        (
            "سيزور البلاد من 11 إلى 13 يوليو لإجراء محادثات",
            "من 11 إلى 13 يوليو",
            json!({"type": "date_range", "start": "--07-11", "end": "--07-13"}),
        ),
        (
            "بين 3 و5 مايو 2023",
            "بين 3 و5 مايو 2023",
            json!({"type": "date_range", "start": "2023-05-03", "end": "2023-05-05"}),
        ),
        (
            "زارت موسكو في نوفمبر/تشرين الثاني 2024 للجولة",
            "نوفمبر/تشرين الثاني 2024",
            json!({"type": "month", "iso": "2024-11", "month": 11}),
        ),
        (
            "وصل في 13 يوليو 2024.",
            "13 يوليو 2024",
            json!({"type": "date", "iso": "2024-07-13"}),
        ),
        (
            "في ١٣ تموز ٢٠٢٤",
            "١٣ تموز ٢٠٢٤",
            json!({"type": "date", "iso": "2024-07-13"}),
        ),
        // No 29 February in 2023: only the month is understood.
        (
            "في 29 فبراير 2023",
            "فبراير 2023",
            json!({"type": "month", "iso": "2023-02"}),
        ),
        (
            "في 29 فبراير 2024",
            "29 فبراير 2024",
            json!({"iso": "2024-02-29"}),
        ),
        (
            "التقى الوزيران يوم الجمعة بنظيره",
            "يوم الجمعة",
            json!({"type": "weekday", "weekday": "friday"}),
        ),
        (
            "ويوم الخميس، هاجمت",
            "يوم الخميس",
            json!({"weekday": "thursday"}),
        ),
        (
            "يوم الاثنين 7 يوليو 2025",
            "يوم الاثنين 7 يوليو 2025",
            json!({"type": "date", "iso": "2025-07-07", "weekday": "monday"}),
        ),
        (
            "أثار الشهر الماضي احتمال",
            "الشهر الماضي",
            json!({"type": "relative", "unit": "month", "offset": -1}),
        ),
        (
            "في الأسبوع المقبل",
            "الأسبوع المقبل",
            json!({"unit": "week", "offset": 1}),
        ),
        (
            "هذا العام",
            "هذا العام",
            json!({"unit": "year", "offset": 0}),
        ),
        (
            "وفي أبريل/نيسان الماضي، أكدت",
            "أبريل/نيسان الماضي",
            json!({"month": 4, "relative": -1}),
        ),
        (
            "بعد الغزو في عام 2022.",
            "عام 2022",
            json!({"type": "year", "iso": "2022"}),
        ),
        (
            "في 15 رمضان 1445 هـ",
            "15 رمضان 1445 هـ",
            json!({"calendar": "hijri", "year": 1445, "month": 9, "day": 15, "gregorian_approx": "2024-03-25"}),
        ),
        (
            "مطلع ذي الحجة",
            "ذي الحجة",
            json!({"calendar": "hijri", "month": 12}),
        ),
        (
            "في شهر رمضان",
            "رمضان",
            json!({"calendar": "hijri", "month": 9}),
        ),
        (
            "الساعة 10:30 صباحًا",
            "الساعة 10:30 صباحًا",
            json!({"type": "time", "iso": "T10:30"}),
        ),
        ("الساعة 8 مساءً", "الساعة 8 مساءً", json!({"iso": "T20:00"})),
        ("وقع ذلك أمس", "أمس", json!({"unit": "day", "offset": -1})),
    ];
    for (text, span, attrs) in cases {
        let got = found(text);
        if span.is_empty() {
            assert!(got.is_empty(), "{text}: {got:?}");
            continue;
        }
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert_eq!(got[0].0, span, "{text}");
        assert!(
            attrs_include(&got[0].1, &attrs),
            "{text}: want {attrs} in {}",
            got[0].1
        );
    }
}

#[test]
fn ordinary_words_are_not_dates() {
    for text in [
        "مارس الضغط على الحكومة",
        "عدد القتلى صفر",
        "أرسل 8000 جندي",
        "تعمل على مدار الساعة",
        "قال الأب إن",
        "رمضان قديروف",
        "أحد الجنود",
        "الاثنين معا",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
}

fn seed(name: &str) -> Fixture {
    Fixture::from_file(format!("{}/../../seeds/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn seed_articles() {
    // Expressions read off the articles by hand, with what they mean.
    let expected: Vec<(&str, Vec<(&str, Value)>)> = vec![
        (
            "000_6676827a9a6cb8aa.txt",
            vec![
                ("الجمعة", json!({"weekday": "friday"})),
                (
                    "من 11 إلى 13 يوليو",
                    json!({"start": "--07-11", "end": "--07-13"}),
                ),
                ("نوفمبر/تشرين الثاني 2024", json!({"iso": "2024-11"})),
                ("الشهر الماضي", json!({"unit": "month", "offset": -1})),
                ("عام 2024", json!({"iso": "2024"})),
                ("يناير/كانون الثاني", json!({"iso": "--01"})),
            ],
        ),
        (
            "001_5cf22d46475bf8bb.txt",
            vec![
                ("عام 2022", json!({"iso": "2022"})),
                ("مارس/آذار", json!({"iso": "--03"})),
                ("ديسمبر المقبل", json!({"month": 12, "relative": 1})),
            ],
        ),
        (
            "002_13395fc9bec92f87.txt",
            vec![("نوفمبر 2024", json!({"iso": "2024-11"}))],
        ),
        (
            "003_2a6066abbc263e70.txt",
            vec![
                (
                    "من 11 إلى 13 يوليو/ تموز” الجاري",
                    json!({"start": "--07-11", "relative": 0}),
                ),
                ("أبريل/نيسان الماضي", json!({"month": 4, "relative": -1})),
                ("اليوم الأربعاء", json!({"weekday": "wednesday"})),
            ],
        ),
    ];
    let h = harness();
    for (name, want) in expected {
        let f = seed(name);
        let out = h.run_one(&f);
        assert!(out.errors.is_empty(), "{name}: {:?}", out.errors);
        let got = spans(&f, &out);
        assert_has(name, &got, &want);
    }
    let s = &h.summary().plugins[0];
    assert_eq!((s.dropped, s.panics, s.errors), (0, 0, 0));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any text: no error, no dropped annotation, spans on the original.
    #[test]
    fn any_text_is_safe(words in proptest::collection::vec(
        prop_oneof![
            Just("من"), Just("إلى"), Just("11"), Just("١٣"), Just("يوليو"), Just("/"),
            Just("تشرين"), Just("الثاني"), Just("2024"), Just("هـ"), Just("يوم"),
            Just("الجمعة"), Just("الساعة"), Just(":"), Just("الماضي"), Just("عام"),
            Just("َ"), Just("x"), Just("،"), Just("\u{200f}"),
        ],
        0..24,
    )) {
        // Spans index the pipeline's repaired text (an RLM mark, say, is
        // removed by the decoder).
        let doc = Fixture::new(words.join(" "));
        let h = harness();
        let out = h.run_one(&doc);
        prop_assert!(out.errors.is_empty());
        prop_assert_eq!(h.summary().plugins[0].dropped, 0);
        for a in &out.annotations {
            prop_assert!(doc.text().get(a.start..a.end).is_some());
        }
    }
}

#[test]
fn a_range_links_its_two_ends() {
    let doc = Fixture::new("تعقد القمة من 11 إلى 13 يوليو في العاصمة.");
    let out = harness().run_one(&doc);
    let a = &out.annotations[0];
    assert_eq!(span_text(doc.text(), a), "من 11 إلى 13 يوليو");
    let links: Vec<(&str, &str)> = a
        .links
        .iter()
        .map(|l| (l.role.as_str(), &doc.text()[l.start..l.end]))
        .collect();
    assert_eq!(links, [("start", "11"), ("end", "13 يوليو")]);
}

/// (span, attrs) of a fixture's annotations.
fn found_in(doc: &Fixture) -> Vec<(String, Value)> {
    let out = harness().run_one(doc);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    out.annotations
        .iter()
        .map(|a| {
            (
                span_text(doc.text(), a).to_string(),
                a.attrs.clone().unwrap_or(Value::Null),
            )
        })
        .collect()
}

#[test]
fn a_missing_year_comes_from_the_same_sentence() {
    let cases: &[(&str, &str, Value)] = &[
        // An enumeration: the year written once, at the end.
        (
            "وصل الوفد في 11 يوليو وغادر في 13 أغسطس 2024.",
            "11 يوليو",
            json!({"iso": "2024-07-11", "year_inferred": true}),
        ),
        // Across a new year: December belongs to the year before.
        (
            "بقي هناك من 28 ديسمبر حتى 3 يناير 2025 دون انقطاع.",
            "28 ديسمبر",
            json!({"iso": "2024-12-28", "year_inferred": true}),
        ),
        // A range without a year, then a dated month.
        (
            "جرت الجولة من 2 إلى 4 مارس قبل اجتماع أبريل 2023.",
            "من 2 إلى 4 مارس",
            json!({"start": "2023-03-02", "end": "2023-03-04", "year_inferred": true}),
        ),
    ];
    for (text, span, want) in cases {
        let got = found_in(&Fixture::new(*text));
        assert!(
            got.iter().any(|(s, a)| s == span && attrs_include(a, want)),
            "{text}: {want} on {span} in {got:?}"
        );
    }
    // Another sentence's year is not borrowed.
    let got = found_in(&Fixture::new("وصل في 11 يوليو. وفي 13 أغسطس 2024 غادر."));
    let a = &got.iter().find(|(s, _)| s == "11 يوليو").unwrap().1;
    assert_eq!(a["iso"], "--07-11", "{a}");
    assert!(a.get("year_inferred").is_none());
}

#[test]
fn relative_dates_resolve_against_the_document_date() {
    let doc = Fixture::new("قال الوزير أمس إن الأسعار ارتفعت الشهر الماضي وستنخفض العام المقبل، كما ارتفعت الأسبوع الماضي.")
        .meta(json!({"date": "2025-01-01T09:00:00Z", "source": "wire"}));
    let got = found_in(&doc);
    let want = [
        ("أمس", "2024-12-31"),
        ("الشهر الماضي", "2024-12"),
        ("العام المقبل", "2026"),
        ("الأسبوع الماضي", "2024-W52"),
    ];
    for (span, resolved) in want {
        assert!(
            got.iter()
                .any(|(s, a)| s == span && a["resolved"] == resolved),
            "{span} → {resolved} in {got:?}"
        );
    }
    // Without a document date, nothing is resolved.
    let got = found_in(&Fixture::new("قال الوزير أمس إن الأسعار ارتفعت."));
    assert!(
        got.iter().all(|(_, a)| a.get("resolved").is_none()),
        "{got:?}"
    );
}
