//! A large document gives, paragraph block by paragraph block, the
//! entities of one block alone: the words' alignment with the gazetteer's
//! matches, the memoized spans and the coreference keys hold over
//! megabytes, where the offset between the decoded and the normalized text
//! drifts with every deleted diacritic.

use super::*;
use khabar_gazetteer::GazetteerBuilder;

/// News paragraphs written for this test: titles and roles, reporting
/// verbs, organisations, places, a club, coreference, diacritics (deleted
/// by the search profile, so the offsets drift) and an ambiguous name.
const BLOCK: &str = "أعلن وزير الخارجية الأردني أيمن الصفدي أمس أن بلاده ستستضيف اجتماعا في عمّان. \
وقال الصفدي إن المحادثات ستتناول الوضع في المنطقة.\n\n\
وقالت شركة نوفاتك في بيان إن أرباحها ارتفعت، وأضافت نوفاتك أن الطلب على الغاز مستمر.\n\n\
وزار الرئيسُ الفرنسيُّ إيمانويل ماكرون مدينة مرسيليا، والتقى رئيس بلديتها. \
وأكّد ماكرون أن الحكومة ستدعم المشاريع في فرنسا.\n\n\
وفاز ريال مدريد على ضيفه، وشهدت قرية كفر قاسم احتفالات. \
وقال المتحدث باسم وزارة الصحة خالد مجدلاوي إن المستشفيات تعمل.";

/// (start, end, type, how, id, name) of an entity.
type Found = (usize, usize, String, &'static str, Option<String>, String);

fn entities_of<'a>(names: &'a Names, g: &'a khabar_gazetteer::Gazetteer, text: &str) -> Vec<Found> {
    let norm = Normalizer::new(Profile::Search).normalize(text);
    let m: Vec<_> = g.find_iter(&norm).collect();
    names
        .apply(text, &norm, &m)
        .into_iter()
        .map(|e| {
            (
                e.start,
                e.end,
                e.kind.to_string(),
                e.how.as_str(),
                e.id.map(str::to_string),
                e.name.into_owned(),
            )
        })
        .collect()
}

#[test]
fn a_large_document_gives_each_blocks_entities() {
    let g = GazetteerBuilder::new()
        .add_entry("jordan", "LOC", &["الأردن"])
        .add_entry("amman", "LOC", &["عمان"])
        .add_entry("france", "LOC", &["فرنسا"])
        .add_entry("madrid", "LOC", &["مدريد"])
        .add_entry("marseille", "LOC", &["مرسيليا"])
        .build()
        .expect("gazetteer");
    let names = Names::builder().build().expect("names");
    let one = entities_of(&names, &g, BLOCK);
    let hows: Vec<_> = one.iter().map(|e| e.3).collect();
    assert!(
        hows.contains(&"pattern") && hows.contains(&"coreference") && hows.contains(&"gazetteer"),
        "{one:?}"
    );
    // About 2.5 MB: some 3,000 blocks.
    let sep = "\n\n";
    let copies = 2_500_000 / (BLOCK.len() + sep.len());
    let big = vec![BLOCK; copies].join(sep);
    let all = entities_of(&names, &g, &big);
    assert_eq!(all.len(), one.len() * copies);
    let stride = BLOCK.len() + sep.len();
    for (k, chunk) in all.chunks(one.len()).enumerate() {
        let shift = k * stride;
        for (got, want) in chunk.iter().zip(&one) {
            let mut want = want.clone();
            want.0 += shift;
            want.1 += shift;
            assert_eq!(got, &want, "block {k}");
        }
    }
}

/// The entities found with the gazetteer's normalized spans
/// ([`Names::apply_into_spans`]) and without them ([`Names::apply`]).
fn both_ways(text: &str) -> (Vec<Entity<'static>>, Vec<Entity<'static>>) {
    use std::sync::OnceLock;
    static G: OnceLock<khabar_gazetteer::Gazetteer> = OnceLock::new();
    static N: OnceLock<Names> = OnceLock::new();
    let g = G.get_or_init(|| {
        GazetteerBuilder::new()
            .add_entry("cairo", "LOC", &["القاهرة"])
            .add_entry("jordan", "LOC", &["الأردن"])
            .add_entry("amman", "LOC", &["عمان"])
            .add_entry("madrid", "LOC", &["مدريد"])
            .add_entry("un", "ORG", &["الأمم المتحدة"])
            .add_entry("lavrov", "PER", &["سيرغي لافروف"])
            .build()
            .expect("gazetteer")
    });
    let names = N.get_or_init(|| Names::builder().build().expect("names"));
    let norm = Normalizer::new(Profile::Search).normalize(text);
    let (mut gs, mut m) = (khabar_gazetteer::Scratch::new(), Vec::new());
    g.find_into_source(text, &norm, &mut gs, &mut m);
    assert_eq!(gs.normalized_spans().len(), m.len());
    let (mut ns, mut with) = (Scratch::default(), Vec::new());
    names.apply_into_spans(text, &norm, &m, gs.normalized_spans(), &mut ns, &mut with);
    (with, names.apply(text, &norm, &m))
}

#[test]
fn normalized_spans_give_the_same_entities() {
    for text in [
        "القاهرة",
        "وصل سيرغي لافروف إلى القاهرةِ، ثم إلى عمّان والأردن.",
        "ﻻ القاهرة ـ الأممُ المتحدةُ: وقال لافروف إن ريال مدريد فاز.",
        "وبالقاهرة وللأمم المتحدة  \u{200f}والقاهرة\u{064b}\u{0651} القاهرة",
        "قالت الوزيرة ليلى بن علي إن الأمم المتحدة في عمان.",
    ] {
        let (with, without) = both_ways(text);
        assert!(!without.is_empty(), "{text}");
        assert_eq!(with, without, "{text}");
    }
    let big = vec![BLOCK; 300].join("\n\n");
    let (with, without) = both_ways(&big);
    assert!(without.len() > 3000);
    assert_eq!(with, without);
}

proptest::proptest! {
    /// The same on random text made of names, clitics, marks, tatweel,
    /// ligatures and punctuation.
    #[test]
    fn normalized_spans_give_the_same_entities_on_any_text(
        parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "القاهرة", "الأردن", "عمان", "عمّان", "مدريد", "ريال", "الأمم", "المتحدة",
                "سيرغي", "لافروف", "قال", "الرئيس", "و", "ب", "لل", "ال", "ـ", "ً", "ّ",
                "ﻻ", " ", " ", "، ", ". ", "\u{200f}", "a", "٣", "محمد", "شركة",
            ]),
            0..40,
        )
    ) {
        let text: String = parts.concat();
        let (with, without) = both_ways(&text);
        proptest::prop_assert_eq!(with, without);
    }
}

/// Buffers reused from a longer document to shorter ones and back give
/// each document's own entities (the per-word memos of one document never
/// leak into the next).
#[test]
fn a_reused_scratch_gives_each_documents_entities() {
    let g = GazetteerBuilder::new()
        .add_entry("amman", "LOC", &["عمان"])
        .add_entry("madrid", "LOC", &["مدريد"])
        .build()
        .expect("gazetteer");
    let names = Names::builder().build().expect("names");
    let docs = [
        BLOCK.to_string(),
        "وقال محمد العلي إن عمان بخير.".to_string(),
        [BLOCK; 3].join("\n"),
        "فاز ريال مدريد.".to_string(),
        "ريال".to_string(),
        String::new(),
        BLOCK.to_string(),
    ];
    let normalizer = Normalizer::new(Profile::Search);
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    for d in docs.iter().chain(docs.iter().rev()) {
        let norm = normalizer.normalize(d);
        let m: Vec<_> = g.find_iter(&norm).collect();
        names.apply_into(d, &norm, &m, &mut scratch, &mut out);
        assert_eq!(out, names.apply(d, &norm, &m), "{d}");
    }
}
