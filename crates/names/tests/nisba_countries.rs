//! A country whose usual name has the shape of a definite feminine nisba
//! (السعودية) with the built-in gazetteer: the country wherever the word
//! is not an adjective agreeing with the definite noun right before it.
//! Sentences written for these tests.

mod common;

fn saudi(text: &str) -> bool {
    common::entities(text)
        .iter()
        .any(|e| e.kind == "LOC" && e.id.as_deref() == Some("saudi-arabia"))
}

#[test]
fn the_country_after_a_preposition_a_verb_or_a_conjunction() {
    for t in [
        "وبحث الوزيران الأزمة المستجدة مع السعودية ودول الخليج.",
        "وزار الوزير السعودية الأسبوع الماضي.",
        "السعودية تعلن موازنة جديدة للعام المقبل.",
        "وتقع الرياض في وسط السعودية.",
        "ووقعت الاتفاقية بين مصر والسعودية أمس.",
        "وتعد الرياض عاصمة السعودية ومركزها المالي.",
    ] {
        assert!(saudi(t), "no Saudi Arabia in {t}");
    }
}

#[test]
fn the_adjective_after_its_definite_noun() {
    for t in [
        "وقالت الحكومة السعودية إنها سترد.",
        "وأعلن الجانب السعودي موافقته على الاتفاق.",
        "وقال إن الحكومتين المصرية والسعودية اتفقتا.",
        "وعبرت القوات السعودية الحدود.",
    ] {
        assert!(!saudi(t), "Saudi Arabia found in {t}");
    }
}
