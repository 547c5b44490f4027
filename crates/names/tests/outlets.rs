//! News outlets named by a common word or a region (`data/ambiguous.tsv`):
//! the outlet after a reporter or outlet word or as a source of reporting,
//! the word or the region elsewhere. Built-in gazetteer; sentences written
//! for these tests.

mod common;

fn outlet(text: &str, id: &str) -> bool {
    common::entities(text)
        .iter()
        .any(|e| e.kind == "ORG" && e.id.as_deref() == Some(id))
}

#[test]
fn the_outlet_after_a_reporter_word_or_as_a_source() {
    for (t, id) in [
        (
            "وقال الوزير بحسب مراسل الأناضول إن المفاوضات مستمرة.",
            "anadolu-agency",
        ),
        ("وذكرت الأناضول أن الوفد وصل إلى أنقرة.", "anadolu-agency"),
        ("وقال المحلل لموقع الحرة إن الوضع معقد.", "al-hurra"),
        ("وأفاد مراسل العربية بأن الاشتباكات توقفت.", "al-arabiya"),
        ("وذكرت الأهرام أن الحكومة ستعلن خطتها.", "al-ahram"),
        ("ونقلت صحيفة النهار عن مصادر أن الجلسة أرجئت.", "an-nahar"),
    ] {
        assert!(outlet(t, id), "no {id} in {t}");
    }
}

#[test]
fn the_word_or_the_region_elsewhere() {
    for (t, id) in [
        ("وتقع المدينة في هضبة الأناضول.", "anadolu-agency"),
        ("وطالب المتظاهرون بالانتخابات الحرة.", "al-hurra"),
        ("ويتعلم الطلاب اللغة العربية في المدرسة.", "al-arabiya"),
        ("وزار السياح منطقة الأهرام في الجيزة.", "al-ahram"),
        ("ووقع الهجوم في وضح النهار.", "an-nahar"),
    ] {
        assert!(!outlet(t, id), "{id} found in {t}");
    }
}
