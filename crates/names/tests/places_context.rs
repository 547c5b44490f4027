//! Place rules of session 7 (places): heads that are both a body and a
//! place (مديرية، بلدية), compound place names (`LOC-PRE`: كفر، عين، رأس …),
//! adjectives of a place name (`LOC-ADJ`: الكبرى، العليا …), and the
//! towns of `places-news2.tsv`, with the common-word reading kept where no
//! place cue exists. Sentences written for these tests, in news style.

mod common;

use khabar_names::How;

use common::{found, has};

fn lacks(text: &str, kind: &str, surface: &str) -> bool {
    !has(text, kind, surface)
}

/// The name and prefix of the place whose text is `surface`.
fn place(text: &str, surface: &str) -> Option<(String, Option<String>, How)> {
    common::entities(text)
        .into_iter()
        .find(|e| e.kind == "LOC" && e.surface == surface)
        .map(|e| (e.name, e.prefix, e.how))
}

// ---- مديرية: Yemen's districts, and the directorates ----

#[test]
fn a_district_after_mudiriya_is_a_place() {
    let t = "قصفت المدفعية مواقع في مديرية حيفان جنوب المحافظة.";
    assert!(has(t, "LOC", "حيفان"), "{:?}", found(t));
    assert!(lacks(t, "ORG", "مديرية حيفان"), "{:?}", found(t));
    let t = "اندلعت اشتباكات عنيفة بمديرية الشمايتين الليلة الماضية.";
    assert!(has(t, "LOC", "الشمايتين"), "{:?}", found(t));
}

#[test]
fn a_district_with_the_article_after_mudiriya_is_a_place() {
    let t = "قال مدير عام مديرية الوازعية إن الطرق مقطوعة.";
    assert!(has(t, "LOC", "الوازعية"), "{:?}", found(t));
    assert!(lacks(t, "ORG", "مديرية الوازعية"), "{:?}", found(t));
}

#[test]
fn a_field_after_mudiriya_keeps_the_directorate() {
    let t = "أعلنت مديرية الصحة في المحافظة تسجيل إصابات جديدة.";
    assert!(has(t, "ORG", "مديرية الصحة"), "{:?}", found(t));
    assert!(lacks(t, "LOC", "الصحة"), "{:?}", found(t));
    let t = "قال المتحدث باسم مديرية الأمن العام إن التحقيق مستمر.";
    assert!(lacks(t, "LOC", "الأمن"), "{:?}", found(t));
}

#[test]
fn a_known_district_after_mudiriya_keeps_its_id() {
    let t = "تدور معارك في مديرية صرواح غرب مأرب.";
    let f = common::entities(t);
    assert!(
        f.iter()
            .any(|e| e.kind == "LOC" && e.surface == "صرواح" && e.id.is_some()),
        "{:?}",
        found(t)
    );
}

// ---- بلدية: a commune where the sentence puts something in it ----

#[test]
fn a_commune_after_bi_baladiya_is_a_place() {
    let t = "تدخلت وحدات الإنقاذ ببلدية تيمزريت لإجلاء عائلتين.";
    assert!(has(t, "LOC", "تيمزريت"), "{:?}", found(t));
    assert!(lacks(t, "ORG", "ببلدية تيمزريت"), "{:?}", found(t));
    let t = "انهار جدار منزل في بلدية العامرة دون خسائر بشرية.";
    assert!(has(t, "LOC", "العامرة"), "{:?}", found(t));
}

#[test]
fn a_known_commune_after_bi_baladiya_stays_the_place() {
    let t = "تم امتصاص مياه الأمطار ببلدية بئر خادم صباح اليوم.";
    assert!(has(t, "LOC", "بئر خادم"), "{:?}", found(t));
    assert!(lacks(t, "ORG", "بلدية بئر خادم"), "{:?}", found(t));
}

#[test]
fn a_municipality_that_acts_stays_the_body() {
    let t = "أعلنت بلدية الخليل إغلاق السوق القديم.";
    assert!(
        lacks(t, "LOC", "الخليل") || has(t, "ORG", "بلدية الخليل"),
        "{:?}",
        found(t)
    );
    assert!(has(t, "ORG", "بلدية الخليل"), "{:?}", found(t));
}

// ---- LOC-PRE: compound place names ----

#[test]
fn a_compound_name_after_a_place_head() {
    let t = "سقطت قذيفة في منطقة رأس الناقورة مساء الأحد.";
    assert_eq!(
        place(t, "رأس الناقورة").map(|p| p.0),
        Some("رأس الناقورة".to_string()),
        "{:?}",
        found(t)
    );
    let t = "دهمت القوات قرية عين البيضا فجر اليوم.";
    assert!(has(t, "LOC", "عين البيضا"), "{:?}", found(t));
}

#[test]
fn a_compound_name_in_a_list_is_one_item() {
    let t = "اقتحمت القوات قرى قصرة ومادما وكفر نعمة جنوب المدينة.";
    let p = place(t, "وكفر نعمة");
    assert_eq!(
        p.as_ref().map(|p| (p.0.as_str(), p.1.as_deref())),
        Some(("كفر نعمة", Some("و"))),
        "{:?}",
        found(t)
    );
    assert!(has(t, "LOC", "ومادما"), "{:?}", found(t));
    let t = "هطلت الأمطار على قرى الغبرة وطوي الشيخ والحيل.";
    assert!(has(t, "LOC", "وطوي الشيخ"), "{:?}", found(t));
}

#[test]
fn a_compound_word_outside_a_place_context_is_no_place() {
    // عين "eye", بيت "house", رأس "head": no place head, no list.
    let t = "وضعت الحكومة الأمر نصب عين المسؤولين.";
    assert!(found(t).iter().all(|(k, _)| k != "LOC"), "{:?}", found(t));
    let t = "زار الوفد بيت العائلة ورأس الحكومة الجلسة.";
    assert!(found(t).iter().all(|(k, _)| k != "LOC"), "{:?}", found(t));
}

#[test]
fn a_compound_word_before_a_verb_ends_the_list() {
    // بيت + a verb: the list is over.
    let t = "قصفت الطائرات قرى قصرة ومادما وبيت قال شهود إنه دمر.";
    assert!(lacks(t, "LOC", "وبيت قال"), "{:?}", found(t));
}

// ---- LOC-ADJ: adjectives of a place name ----

#[test]
fn an_adjective_of_the_name_after_a_place_found_by_a_rule() {
    let t = "قتل مدني في قصف على بلدة كفرحلب الكبرى بريف حلب.";
    assert!(has(t, "LOC", "كفرحلب الكبرى"), "{:?}", found(t));
    let t = "اقتحمت القوات قرية المزيرعة الصغرى شرق المدينة.";
    assert!(has(t, "LOC", "المزيرعة الصغرى"), "{:?}", found(t));
    let t = "سقطت قذائف على قرية بيت عور الفوقا.";
    assert!(has(t, "LOC", "بيت عور الفوقا"), "{:?}", found(t));
}

#[test]
fn a_direction_after_a_place_is_not_part_of_it() {
    // الجنوبية agrees with مدينة: "the southern city of …".
    let t = "وصل الوفد إلى مدينة كسمايو الجنوبية أمس.";
    assert!(lacks(t, "LOC", "كسمايو الجنوبية"), "{:?}", found(t));
    let t = "قصفت الطائرات ريف إدلب الجنوبي.";
    assert!(has(t, "LOC", "إدلب"), "{:?}", found(t));
}

#[test]
fn a_tribal_agency_keeps_its_adjective_out() {
    // القبلية "tribal" (not a listed adjective of names): Khyber is the place.
    let t = "قصفت الطائرات مواقع في مقاطعة خيبر القبلية شمال غرب باكستان.";
    assert!(has(t, "LOC", "خيبر"), "{:?}", found(t));
}

#[test]
fn an_adjective_without_a_place_rule_stays_an_adjective() {
    let t = "عقدت اللجنة العليا للانتخابات اجتماعها في الدائرة الكبرى.";
    assert!(lacks(t, "LOC", "الكبرى"), "{:?}", found(t));
    assert!(found(t).iter().all(|(k, _)| k != "LOC"), "{:?}", found(t));
}

// ---- places-news2.tsv: towns and regions, and the context-only names ----

#[test]
fn towns_and_regions_of_places_news2() {
    for (t, s) in [
        (
            "قتل مسلحون في غارة قرب ميرانشاه الليلة الماضية.",
            "ميرانشاه",
        ),
        ("نزح آلاف من الدلنج نحو الأبيض.", "الدلنج"),
        ("ضرب الزلزال بلدات أمزميز وتحناوت في الحوز.", "أمزميز"),
        ("قصفت الطائرات مواقع في ذوباب قرب الساحل.", "ذوباب"),
        ("تتواصل المعارك في سهل الغاب منذ أيام.", "سهل الغاب"),
        ("هاجم مسلحون قاعدة في شبيلي السفلى.", "شبيلي السفلى"),
        (
            "قتل جنود في هجوم في وزيرستان الشمالية.",
            "وزيرستان الشمالية",
        ),
    ] {
        assert!(has(t, "LOC", s), "{s}: {:?}", found(t));
    }
}

#[test]
fn a_governorate_named_like_a_word_needs_a_place_context() {
    let t = "هطلت أمطار على محافظات مسندم والظاهرة والداخلية وشمال الشرقية.";
    assert!(has(t, "LOC", "والداخلية"), "{:?}", found(t));
    assert!(has(t, "LOC", "والظاهرة"), "{:?}", found(t));
    // the ministry and the phenomenon
    let t = "أعلنت وزارة الداخلية أن الظاهرة تراجعت هذا العام.";
    assert!(found(t).iter().all(|(k, _)| k != "LOC"), "{:?}", found(t));
    let t = "قال مصدر في الداخلية إن الحزم مطلوب مع المخالفين.";
    assert!(found(t).iter().all(|(k, _)| k != "LOC"), "{:?}", found(t));
}

// ---- lists and duals ----

#[test]
fn a_common_noun_between_two_places_of_a_list_is_a_place() {
    let t = "قصفت المدفعية بلدات الحويز والزيارة وخربة الناقوس بسهل الغاب.";
    assert!(has(t, "LOC", "والزيارة"), "{:?}", found(t));
}

#[test]
fn a_common_noun_ending_a_list_stays_a_noun() {
    // السوق "the market" and المدرسة "the school" close the list.
    let t = "قصفت الطائرات قرى الحويز والسوق والمدرسة في المنطقة.";
    assert!(lacks(t, "LOC", "والسوق"), "{:?}", found(t));
    assert!(lacks(t, "LOC", "والمدرسة"), "{:?}", found(t));
    let t = "استهدف القصف بلدات الحويز والزيارة، وأوقع قتلى.";
    assert!(lacks(t, "LOC", "والزيارة"), "{:?}", found(t));
}

#[test]
fn a_dual_head_before_two_places() {
    let t = "اندلعت اشتباكات في منطقتي ملكن والسلك قرب الحدود.";
    assert!(has(t, "LOC", "ملكن"), "{:?}", found(t));
    assert!(has(t, "LOC", "والسلك"), "{:?}", found(t));
    let t = "وتضم ولايتا النيل الأزرق وجنوب كردفان مجموعات مسلحة.";
    assert!(has(t, "LOC", "النيل الأزرق"), "{:?}", found(t));
}

#[test]
fn a_possessive_is_no_dual_head() {
    let t = "قال الشاب إن مدينتي الجميلة تستحق الأفضل.";
    assert!(found(t).iter().all(|(k, _)| k != "LOC"), "{:?}", found(t));
}

#[test]
fn a_commune_after_a_preposition_of_place() {
    let t = "سجلت الفرق تدخلات على مستوى بلدية تيمزريت ليلة أمس.";
    assert!(has(t, "LOC", "تيمزريت"), "{:?}", found(t));
    let t = "فاض واد تيغزرت بعد الأمطار.";
    assert!(has(t, "LOC", "واد تيغزرت"), "{:?}", found(t));
}

#[test]
fn after_a_dual_the_first_place_may_be_a_given_name() {
    let t = "اقتحمت القوات قريتي سالم وروجيب فجر اليوم.";
    assert!(has(t, "LOC", "سالم"), "{:?}", found(t));
    assert!(has(t, "LOC", "وروجيب"), "{:?}", found(t));
    // no second place: سالم stays what it is
    let t = "زار الوزير قريتي سالم أمس.";
    assert!(lacks(t, "LOC", "سالم"), "{:?}", found(t));
}

#[test]
fn a_compound_word_alone_after_a_dual() {
    let t = "اقتحمت القوات بلدتي تل وعصيرة مساء الجمعة.";
    assert!(has(t, "LOC", "تل"), "{:?}", found(t));
}

#[test]
fn a_list_after_manatiq() {
    // the gazetteer's context places (lists/place-words.tsv: مناطق)
    let t = "تنقسم السلطنة إلى مناطق الداخلية والباطنة والظاهرة.";
    assert!(has(t, "LOC", "الداخلية"), "{:?}", found(t));
    assert!(has(t, "LOC", "والباطنة"), "{:?}", found(t));
    // مناطق is no head of the names' rules: a noun of no list after it
    // names nothing
    let t = "شهدت مناطق واسعة من البلاد أمطارا غزيرة.";
    assert!(found(t).iter().all(|(k, _)| k != "LOC"), "{:?}", found(t));
    let t = "تقدمت القوات في مناطق سيطرة المعارضة.";
    assert!(found(t).iter().all(|(k, _)| k != "LOC"), "{:?}", found(t));
}

#[test]
fn a_dual_has_two_places_only() {
    let t = "أدت الأمطار إلى جريان أودية ولايتي البريمي وتيمزريت وفيضان السدود.";
    assert!(has(t, "LOC", "وتيمزريت"), "{:?}", found(t));
    assert!(lacks(t, "LOC", "وفيضان"), "{:?}", found(t));
}

#[test]
fn a_common_noun_first_in_a_list_before_a_second_place() {
    let t = "استهدفت المدفعية قرى الزيارة والعنكاوي غرب حماة.";
    assert!(has(t, "LOC", "الزيارة"), "{:?}", found(t));
    // no second place: the visit
    let t = "ألغت السلطات قرى الزيارة في الموسم الماضي.";
    assert!(lacks(t, "LOC", "الزيارة"), "{:?}", found(t));
}

#[test]
fn a_commune_after_wa_fi() {
    let t = "وفي بلدية تيمزريت سجل انجراف للتربة.";
    assert!(has(t, "LOC", "تيمزريت"), "{:?}", found(t));
}

#[test]
fn mali_in_a_place_context_and_as_a_word() {
    let t = "قتل جنود في هجوم قرب الحدود بين النيجر ومالي.";
    assert!(has(t, "LOC", "ومالي"), "{:?}", found(t));
    let t = "تنشط الجماعات المسلحة في شمال مالي منذ سنوات.";
    assert!(has(t, "LOC", "مالي"), "{:?}", found(t));
    let t = "تعاني الشركة من عجز مالي كبير وتطلب دعم مالي عاجل.";
    assert!(found(t).iter().all(|(k, _)| k != "LOC"), "{:?}", found(t));
    let t = "افتتحت الوزارة مدرسة بنين جديدة في المدينة.";
    assert!(lacks(t, "LOC", "بنين"), "{:?}", found(t));
}

#[test]
fn more_plural_heads_before_a_list() {
    let t = "نزح الآلاف من محليتي بارا وأم روابة إلى محليات الدويم وتندلتي.";
    assert!(has(t, "LOC", "بارا"), "{:?}", found(t));
    assert!(has(t, "LOC", "وتندلتي"), "{:?}", found(t));
    let t = "تسود المجاعة في مخيمات زمزم وأبو شوك حول المدينة.";
    assert!(has(t, "LOC", "زمزم"), "{:?}", found(t));
    let t = "تضم الجهة أقاليم بركان وجرادة وفكيك.";
    assert!(has(t, "LOC", "بركان"), "{:?}", found(t));
    // a common noun after the plural head names nothing
    let t = "زار الوزير مخيمات النازحين وبلديات المنطقة.";
    assert!(found(t).iter().all(|(k, _)| k != "LOC"), "{:?}", found(t));
}

#[test]
fn a_head_after_a_number_is_a_counted_noun() {
    let t = "فاز الحزب في 12 ولاية من أصل 18 ولاية بعموم البلاد.";
    assert!(found(t).iter().all(|(k, _)| k != "LOC"), "{:?}", found(t));
    let t = "تحتمي العناصر بالمدنيين في مروي، بحسب مصادر محلية.";
    assert!(has(t, "LOC", "مروي"), "{:?}", found(t));
}
