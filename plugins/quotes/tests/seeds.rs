//! The quotes plugin through the host's checks: a table of sentences, the
//! seed articles with their people, and arbitrary input.
#![allow(clippy::unwrap_used)]

use khabar_plugin_test::{Fixture, Harness, assert_has, attrs_include, span_text, spans};
use proptest::prelude::*;
use serde_json::{Value, json};

fn harness() -> Harness {
    Harness::in_process("quotes", quotes::KHABAR_PLUGIN).unwrap()
}

/// The people of the seed articles, as the gazetteer names them.
fn with_people(f: Fixture) -> Fixture {
    [
        ("ماريا زاخاروفا", "maria-zakharova"),
        ("سيرجي لافروف", "sergey-lavrov"),
        ("لافروف", "sergey-lavrov"),
        ("كيم جونغ أون", "kim-jong-un"),
        ("كيم", "kim-jong-un"),
        ("تشوي", "choe-son-hui"),
        ("شويغو", "sergei-shoigu"),
    ]
    .into_iter()
    .fold(f, |f, (form, id)| f.entity_text(form, id, "PER", form))
}

/// (span text, attrs) of every annotation.
fn found(f: &Fixture) -> Vec<(String, Value)> {
    let out = harness().run_one(f);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    out.annotations
        .iter()
        .map(|a| (span_text(f.text(), a).to_string(), a.attrs.clone().unwrap()))
        .collect()
}

#[test]
fn sentences() {
    let cases: Vec<(&str, Vec<(&str, Value)>)> = vec![
        // The subject after the verb is the speaker, not the nearer name.
        (
            "وقالت المتحدثة ماريا زاخاروفا إن لافروف “سيزور البلاد الأسبوع المقبل”.",
            vec![(
                "سيزور البلاد الأسبوع المقبل",
                json!({"kind": "direct", "verb": "وقالت", "speaker": {"id": "maria-zakharova"}}),
            )],
        ),
        (
            "«لن نتراجع عن موقفنا أبدا»، قال لافروف للصحفيين.",
            vec![(
                "لن نتراجع عن موقفنا أبدا",
                json!({"kind": "direct", "verb": "قال", "speaker": {"id": "sergey-lavrov"}}),
            )],
        ),
        (
            "وأكد كيم أن النصر الروسي حتمي في كل الأحوال.",
            vec![(
                "النصر الروسي حتمي في كل الأحوال",
                json!({"kind": "reported", "verb": "وأكد", "speaker": {"id": "kim-jong-un"}, "speaker_text": "كيم"}),
            )],
        ),
        (
            "قال مسؤول كبير: المحادثات ستستمر حتى الغد.",
            vec![(
                "المحادثات ستستمر حتى الغد",
                json!({"kind": "reported", "speaker": null, "speaker_text": "مسؤول كبير"}),
            )],
        ),
        // A continuing verb keeps the previous speaker.
        (
            "قال لافروف “العلاقات قوية جدا الآن”. وأضاف: “سنواصل العمل معا بلا توقف”.",
            vec![
                (
                    "العلاقات قوية جدا الآن",
                    json!({"speaker": {"id": "sergey-lavrov"}}),
                ),
                (
                    "سنواصل العمل معا بلا توقف",
                    json!({"verb": "وأضاف", "speaker": {"id": "sergey-lavrov"}, "speaker_inferred": true}),
                ),
            ],
        ),
        // Names and terms in quotation marks are not quotations, and an إن
        // inside them does not introduce speech.
        ("بحسب وكالة “تاس” وشبكة “سي إن إن” وطائرات “شاهد”.", vec![]),
        (
            "وذكرت شبكة “سي إن إن” أن هذه الزيارة قد تؤدي إلى تعزيز التحالف.",
            vec![(
                "هذه الزيارة قد تؤدي إلى تعزيز التحالف",
                json!({"kind": "reported", "speaker_text": "شبكة “سي إن إن”"}),
            )],
        ),
        // No person entity: no speaker.
        (
            "قالت الوزارة إن الوضع مستقر تماما اليوم.",
            vec![(
                "الوضع مستقر تماما اليوم",
                json!({"speaker": null, "speaker_text": "الوزارة"}),
            )],
        ),
    ];
    for (text, want) in cases {
        let got = found(&with_people(Fixture::new(text)));
        assert_eq!(got.len(), want.len(), "{text}: {got:?}");
        for ((gs, ga), (ws, wa)) in got.iter().zip(&want) {
            assert_eq!(gs, ws, "{text}");
            assert!(attrs_include(ga, wa), "{text}: want {wa} in {ga}");
        }
    }
}

fn seed(name: &str) -> Fixture {
    with_people(
        Fixture::from_file(format!("{}/../../seeds/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap(),
    )
}

#[test]
fn seed_articles() {
    // Quotations read off the articles by hand, with their speakers.
    let expected: Vec<(&str, Vec<(&str, Value)>)> = vec![
        (
            "000_6676827a9a6cb8aa.txt",
            vec![
                (
                    "سيزور جمهورية كوريا الديمقراطية الشعبية من 11 إلى 13 يوليو لإجراء محادثات في إطار الجولة الثانية من الحوار الاستراتيجي بين دبلوماسيين رفيعي المستوى",
                    json!({"kind": "direct", "speaker": {"id": "maria-zakharova"}}),
                ),
                (
                    "بناء على دعوة من وزارة الخارجية الكورية الشمالية",
                    json!({"kind": "direct", "verb": "وذكرت"}),
                ),
            ],
        ),
        (
            "001_5cf22d46475bf8bb.txt",
            vec![
                (
                    "وصلت إلى مستوى عالٍ غير مسبوق خلال السنوات القليلة الماضية",
                    json!({"speaker": {"id": "sergey-lavrov"}}),
                ),
                (
                    "سنجري مناقشات حول سلسلة من القضايا المتعلقة بالسياسة والسياسة الخارجية بالإضافة إلى الأمور التي تتطلب ردا مشتركا بين جمهورية كوريا الشعبية الديمقراطية والاتحاد الروسي",
                    json!({"verb": "وقال", "speaker": {"id": "choe-son-hui"}}),
                ),
            ],
        ),
        (
            "003_2a6066abbc263e70.txt",
            vec![(
                "كوريا الشمالية سترسل عمال بناء وخبراء ألغام إلى كورسك",
                json!({"kind": "reported", "verb": "أعلن", "speaker": {"id": "sergei-shoigu"}}),
            )],
        ),
        (
            "004_f5053601e6315326.txt",
            vec![
                (
                    "النصر الروسي حتمي",
                    json!({"verb": "وأكد", "speaker": {"id": "kim-jong-un"}}),
                ),
                (
                    "دعمه غير المشروط",
                    json!({"speaker": {"id": "kim-jong-un"}}),
                ),
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
        assert!(
            !got.iter()
                .any(|(s, _)| ["تاس", "سي إن إن", "شاهد"].contains(s)),
            "{name}"
        );
    }
    let s = &h.summary().plugins[0];
    assert_eq!((s.dropped, s.panics, s.errors), (0, 0, 0));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any text: no error, no dropped annotation, spans never include marks
    /// at their ends.
    #[test]
    fn any_text_is_safe(words in proptest::collection::vec(
        prop_oneof![
            Just("قال"), Just("وأضاف"), Just("لافروف"), Just("إن"), Just("أن"), Just(":"),
            Just("“"), Just("”"), Just("«"), Just("»"), Just("\""), Just("."), Just("\n"),
            Just("كلمة"), Just("أخرى"), Just("ُ"), Just("،"),
        ],
        0..30,
    )) {
        let text = words.join(" ");
        let h = harness();
        let out = h.run_one(&with_people(Fixture::new(text.clone())));
        prop_assert!(out.errors.is_empty());
        prop_assert_eq!(h.summary().plugins[0].dropped, 0);
        for a in &out.annotations {
            let s = span_text(&text, a);
            prop_assert!(!s.is_empty());
            prop_assert!(!s.starts_with(['“', '«']) && !s.ends_with(['”', '»']), "{:?}", s);
        }
    }
}

#[test]
fn speaker_and_verb_are_links() {
    let doc = with_people(Fixture::new(
        "وقالت المتحدثة ماريا زاخاروفا إن لافروف “سيزور البلاد الأسبوع المقبل”.",
    ));
    let out = harness().run_one(&doc);
    assert_eq!(out.annotations.len(), 1, "{:?}", out.annotations);
    let a = &out.annotations[0];
    let links: Vec<(&str, &str)> = a
        .links
        .iter()
        .map(|l| (l.role.as_str(), &doc.text()[l.start..l.end]))
        .collect();
    assert_eq!(links, [("speaker", "ماريا زاخاروفا"), ("verb", "وقالت")]);
    // The speaker's span is in the link, not hidden in the attributes
    // (where `--offsets char` could not convert it).
    let speaker = &a.attrs.as_ref().unwrap()["speaker"];
    assert!(speaker.get("start").is_none(), "{speaker}");
    // Without a speaker there is no speaker link, only the verb.
    let doc = Fixture::new("قالت الوزارة إن الوضع مستقر تماما اليوم.");
    let out = harness().run_one(&doc);
    let roles: Vec<&str> = out.annotations[0]
        .links
        .iter()
        .map(|l| l.role.as_str())
        .collect();
    assert_eq!(roles, ["verb"]);
}

#[test]
fn sentences_come_from_the_host_splitter() {
    // "أ." abbreviates a first name: the sentence (and its verb) goes on.
    // Splitting at every full stop would lose the verb and the speaker.
    let doc = with_people(Fixture::new(
        "وقال لافروف في رسالة إلى أ. كمال “إن الجولة المقبلة ستعقد في جنيف خلال شهر”.",
    ));
    let out = harness().run_one(&doc);
    assert_eq!(out.annotations.len(), 1, "{:?}", out.annotations);
    let a = out.annotations[0].attrs.as_ref().unwrap();
    assert!(
        attrs_include(
            a,
            &json!({"kind": "direct", "verb": "وقال", "speaker": {"id": "sergey-lavrov"}})
        ),
        "{a}"
    );
}
