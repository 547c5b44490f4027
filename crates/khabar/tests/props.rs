//! Property tests of the whole pipeline on hostile input. The pipeline
//! turns a panic in any stage into an `internal` error record (so a corpus
//! run never dies); these tests make sure no input actually takes that path,
//! and that every span it reports is a valid slice of the decoded text.
#![allow(clippy::unwrap_used, missing_docs)]

use std::sync::OnceLock;

use khabar::{Document, Owned, Pipeline};
use proptest::prelude::*;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::builder().build().unwrap())
}

fn check(doc: &Document<'_>) -> Result<(), TestCaseError> {
    let text = &doc.text;
    let spans = doc
        .entities
        .iter()
        .map(|e| (e.start, e.end))
        .chain(doc.figures.iter().map(|f| (f.start, f.end)))
        .chain(doc.repairs.iter().map(|r| (r.start, r.end)));
    for (s, e) in spans {
        prop_assert!(s <= e && e <= text.len(), "span {s}..{e} of {}", text.len());
        prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
    }
    for f in &doc.figures {
        if let (Some(lo), Some(hi)) = (f.low, f.high) {
            prop_assert!(lo <= hi, "{f:?}");
        }
    }
    Ok(())
}

/// Words and pieces the stages care about, glued in random order.
fn newsy() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "بين",
        "و",
        "ما",
        "نحو",
        "بنحو",
        "أكثر من",
        "ألف",
        "ألفًا",
        "آلاف",
        "مليون",
        "ملايين",
        "مليار",
        "ونصف",
        "المليون",
        "عشرات",
        "مئات",
        "ثلاثة",
        "ثلاث",
        "مئة",
        "مائة",
        "عشر",
        "اثنا",
        "أحد",
        "25",
        "30،000",
        "٣٠",
        "۱۲",
        "1.5",
        "10-15",
        "%",
        "٪",
        "في المئة",
        "إلى",
        "من",
        "حتى",
        "جندي",
        "صاروخًا",
        "رحلتين",
        "طائرتين",
        "واحد",
        "الأولى",
        "عام",
        "2024",
        "يوليو",
        "بيونغ يانغ",
        "وبيونج يانج",
        "لافروف",
        "للكرملين",
        "الناتو",
        "NATO",
        "CNN",
        "كيم",
        "\u{0640}",
        "\u{064B}",
        "\u{0651}",
        "\u{200F}",
        "\u{FEFB}",
        "â € Â Â",
        "Ø§Ù",
        " ",
        "\n",
        "،",
        ".",
        "«",
        "»",
        "“",
        "”",
        "-",
        "/",
        "aXA6IDUx",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.join(" "))
}

/// A batch longer than one group (64 documents) goes through in groups
/// that reuse their buffers: still what each document gives alone.
#[test]
fn a_long_batch_gives_what_its_documents_give_one_at_a_time() {
    let sentences = [
        "قال لافروف إن نحو 10 آلاف جندي وصلوا إلى بيونج يانج",
        "وزار الرئيس السوري بشار الأسد موسكو، وقال الأسد إن 3 ملايين لاجئ سيعودون.",
        "\u{0}\u{1}binary?",
        "",
        "وأعلنت وزارة الخارجية السعودية أن الوفد وصل إلى جدة.",
    ];
    let docs: Vec<String> = (0..150)
        .map(|i| format!("{} {i}", sentences[i % sentences.len()]))
        .collect();
    let inputs: Vec<&[u8]> = docs.iter().map(|d| d.as_bytes()).collect();
    let batch = pipeline().process_batch(&inputs);
    assert_eq!(batch.len(), docs.len());
    for (got, d) in batch.iter().zip(&docs) {
        assert_eq!(
            format!("{got:?}"),
            format!("{:?}", pipeline().process(d.as_bytes()))
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn newsy_text_never_reaches_the_panic_guard(s in newsy()) {
        let doc = pipeline().process(s.as_bytes());
        prop_assert!(doc.is_ok(), "{:?} for {s:?}", doc.err());
        check(&doc.unwrap())?;
    }

    #[test]
    fn arbitrary_strings_never_reach_the_panic_guard(s in "\\PC{0,200}") {
        let doc = pipeline().process(s.as_bytes());
        prop_assert!(doc.is_ok(), "{:?} for {s:?}", doc.err());
        check(&doc.unwrap())?;
    }

    #[test]
    fn pipeline_records_equal_plain_records(s in newsy(), chars in any::<bool>()) {
        use khabar::record::{DocMeta, Offsets, RecordOptions, write_record};
        let result = pipeline().process(s.as_bytes());
        let meta = DocMeta { id: "d", source: "s", meta: None };
        let opts = RecordOptions {
            offsets: if chars { Offsets::Char } else { Offsets::Byte },
            include_text: false,
        };
        let (mut fast, mut plain) = (Vec::new(), Vec::new());
        pipeline().write_record(&mut fast, &meta, &result, &opts);
        write_record(&mut plain, &meta, &result, &opts);
        prop_assert_eq!(String::from_utf8(fast).unwrap(), String::from_utf8(plain).unwrap());
    }

    #[test]
    fn owned_inputs_give_what_borrowed_ones_give(s in newsy()) {
        let show = |r: Result<Document<'_>, khabar::ProcessError>| format!("{r:?}");
        let want = show(pipeline().process(s.as_bytes()));
        let owned = pipeline().process_batch_owned(vec![
            Owned::from(s.clone().into_bytes()),
            Owned::from(s),
        ]);
        for got in owned {
            prop_assert_eq!(show(got), want.clone());
        }
    }

    #[test]
    fn a_batch_gives_what_its_documents_give_one_at_a_time(
        docs in prop::collection::vec(
            prop_oneof![
                newsy().prop_map(String::into_bytes),
                prop::collection::vec(any::<u8>(), 0..200),
            ],
            0..12,
        )
    ) {
        // A batch runs stage by stage over all its documents (gazetteer,
        // then names, then figures); the results are those of each
        // document alone, in order, failures included.
        let show = |r: &Result<Document<'_>, khabar::ProcessError>| format!("{r:?}");
        let inputs: Vec<&[u8]> = docs.iter().map(Vec::as_slice).collect();
        let batch = pipeline().process_batch(&inputs);
        prop_assert_eq!(batch.len(), docs.len());
        for (got, d) in batch.iter().zip(&docs) {
            prop_assert_eq!(show(got), show(&pipeline().process(d)));
        }
    }

    #[test]
    fn arbitrary_bytes_give_a_document_or_a_typed_error(b in prop::collection::vec(any::<u8>(), 0..400)) {
        match pipeline().process(&b) {
            Ok(doc) => check(&doc)?,
            Err(e) => prop_assert_ne!(e.kind(), khabar::ProcessErrorKind::Internal, "{}", e),
        }
    }
}
