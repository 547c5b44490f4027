//! Precision and recall of organisation names on newspaper constructs
//! (a common noun and a place after a head, a quoted name, state-body
//! heads, a bracketed acronym, bare party names, a company after a role),
//! with the built-in gazetteer, on news-style sentences written for these
//! tests.

mod common;

use khabar_names::How;

use common::{found, has};

fn none_of(text: &str, kind: &str) -> bool {
    found(text).iter().all(|(k, _)| k != kind)
}

// ---- a common noun and a known place after a head ----

#[test]
fn a_trade_and_its_town_name_a_company() {
    let t = "وأعلنت شركة حديد السويس عن أرباحها السنوية.";
    assert!(has(t, "ORG", "شركة حديد السويس"));
    assert!(none_of(t, "LOC"));
    let t = "وارتفع سهم شركة إسمنت أسيوط في البورصة.";
    assert!(has(t, "ORG", "شركة إسمنت أسيوط"));
    assert!(none_of(t, "LOC"));
    let t = "وقالت شركة كهرباء حلب إن التيار سيعود.";
    assert!(has(t, "ORG", "شركة كهرباء حلب"));
}

#[test]
fn a_court_or_chamber_of_a_town_is_one_body() {
    let t = "وقضت محكمة جنايات القاهرة بسجن المتهمين.";
    assert!(has(t, "ORG", "محكمة جنايات القاهرة"));
    assert!(none_of(t, "LOC"));
    let t = "وقالت غرفة تجارة دبي إن الصادرات نمت.";
    assert!(has(t, "ORG", "غرفة تجارة دبي"));
}

#[test]
fn a_common_head_before_a_noun_and_a_town_is_no_body() {
    // حركة is not a head that takes a common noun: the city's traffic.
    let t = "وشهدت حركة مرور القاهرة ازدحاما كبيرا.";
    assert!(none_of(t, "ORG"));
    assert!(has(t, "LOC", "القاهرة"));
}

// ---- a quoted name after a head ----

#[test]
fn a_quoted_place_after_a_newspaper_head_is_the_newspaper() {
    let t = "ونشرت جريدة \"الشرق الأوسط\" الخبر أمس.";
    assert!(has(t, "ORG", "الشرق الأوسط"));
    assert!(none_of(t, "LOC"));
    let t = "ونقلت صحيفة «الحياة» عن مصادر أن الاجتماع تأجل.";
    assert!(has(t, "ORG", "الحياة"));
}

#[test]
fn an_unquoted_place_after_a_newspaper_head_stays_a_place() {
    let t = "وقال مراسل الصحيفة في الشرق الأوسط إن المفاوضات متعثرة.";
    assert!(has(t, "LOC", "الشرق الأوسط"));
    assert!(none_of(t, "ORG"));
}

// ---- state bodies named by their field ----

#[test]
fn state_bodies_named_by_their_field() {
    for (t, org) in [
        (
            "وأعلنت مصلحة الضرائب عن حملة جديدة لتحصيل المتأخرات.",
            "مصلحة الضرائب",
        ),
        (
            "وضبطت مصلحة الجمارك شحنة من السجائر المهربة.",
            "مصلحة الجمارك",
        ),
        (
            "وقالت دائرة الأراضي إن القطعة مملوكة للدولة.",
            "دائرة الأراضي",
        ),
        ("وأطلقت مديرية الصحة حملة تطعيم في القرى.", "مديرية الصحة"),
        ("وقال جهاز الأمن الوطني إن الخلية تفككت.", "جهاز الأمن الوطني"),
        (
            "وأعلن جهاز المخابرات العامة اعتقال ثلاثة مشتبهين.",
            "جهاز المخابرات العامة",
        ),
        (
            "وقالت مفوضية الانتخابات إن النتائج ستعلن الأحد.",
            "مفوضية الانتخابات",
        ),
        (
            "وقال ديوان المحاسبة إن الهدر في الإنفاق كبير.",
            "ديوان المحاسبة",
        ),
    ] {
        assert!(has(t, "ORG", org), "{t}: {:?}", found(t));
    }
}

#[test]
fn state_body_heads_used_as_common_nouns() {
    for t in [
        "وقال إن الاتفاق يصب في مصلحة الشعب والوطن.",
        "ويعمل الجميع من أجل مصلحة البلاد العليا.",
        "وأصبح الوزير في دائرة الضوء بعد الفضيحة.",
        "وفاز المرشح المستقل في دائرة انتخابية واحدة.",
        "واشترى الطالب جهاز كمبيوتر جديدا.",
        "وقال إن ذلك ليس في مصلحة زيموفار وحدها.",
    ] {
        assert!(none_of(t, "ORG"), "{t}: {:?}", found(t));
    }
}

// ---- parties written bare ----

#[test]
fn bare_parties_after_a_party_word() {
    let t = "وحصلت أحزاب الوفد والتجمع والناصري على مقاعد قليلة.";
    assert!(has(t, "ORG", "الوفد"), "{:?}", found(t));
    assert!(has(t, "ORG", "والتجمع"), "{:?}", found(t));
    let t = "وفاز حزبا الغد والوفد بمقعد واحد لكل منهما.";
    assert!(has(t, "ORG", "الغد"), "{:?}", found(t));
    let t = "وحصل الوفد على ستة مقاعد في البرلمان الجديد.";
    assert!(has(t, "ORG", "الوفد"), "{:?}", found(t));
}

#[test]
fn party_words_as_common_words() {
    for t in [
        "وسيعقد الاجتماع في الغد بحضور الوزراء.",
        "ووصل الوفد إلى العاصمة مساء أمس.",
        "وجلس الوفد في المقاعد الأمامية خلال الحفل.",
        "وفرقت الشرطة التجمع أمام مبنى البرلمان.",
        "وقال إن الحكومة ستعلن توزيع المقاعد في الغد.",
    ] {
        assert!(none_of(t, "ORG"), "{t}: {:?}", found(t));
    }
}

// ---- the body after a role with ل ----

#[test]
fn a_company_after_a_role_and_lam() {
    let t = "وقال الرئيس التنفيذي لزيموفار إن الأرباح زادت.";
    assert!(has(t, "ORG", "لزيموفار"), "{:?}", found(t));
    assert!(none_of(t, "PER"));
    let t = "وقال المدير العام لبتروكيم إن المصنع سيتوسع.";
    assert!(has(t, "ORG", "لبتروكيم"), "{:?}", found(t));
    let t = "وقال العضو المنتدب لزيموفار بيتر هانسن إن الصفقة تمت.";
    assert!(has(t, "ORG", "لزيموفار"), "{:?}", found(t));
    assert!(has(t, "PER", "بيتر هانسن"), "{:?}", found(t));
    let t = "وقال الرئيس التنفيذي لشركة كاسترين إن الأرباح زادت.";
    assert!(has(t, "ORG", "لشركة كاسترين"), "{:?}", found(t));
    assert!(none_of(t, "PER"));
}

#[test]
fn a_word_with_lam_after_a_bare_title_is_no_company() {
    // The one spoken to, and a verbal noun of the role's task.
    let t = "وقال الوزير لهانسن إن الطلب مرفوض.";
    assert!(none_of(t, "ORG"), "{:?}", found(t));
    let t = "وعين المدير العام لتطوير الأعمال في الشركة.";
    assert!(none_of(t, "ORG"), "{:?}", found(t));
}

#[test]
fn the_company_after_a_role_keeps_its_lam_as_prefix() {
    let text = "وقال الرئيس التنفيذي لزيموفار إن الأرباح زادت.";
    let found = common::entities(text);
    let e = found.iter().find(|e| e.kind == "ORG").expect("an ORG");
    assert_eq!(e.surface, "لزيموفار");
    assert_eq!(e.name, "زيموفار");
    assert_eq!(e.prefix.as_deref(), Some("ل"));
    assert_eq!(e.how, How::Pattern);
}

// ---- an acronym in brackets after an organisation ----

/// The (type, surface, name, how) of every entity found in `text`.
fn detailed(text: &str) -> Vec<(String, String, String, How)> {
    common::entities(text)
        .into_iter()
        .map(|e| (e.kind, e.surface, e.name, e.how))
        .collect()
}

#[test]
fn a_bracketed_acronym_is_the_organisation_again() {
    let t = "وقالت مؤسسة النقد العربي السعودي (ساما) إن التضخم تراجع.";
    let got = detailed(t);
    assert!(
        got.iter()
            .any(|(k, s, _, _)| k == "ORG" && s == "مؤسسة النقد العربي السعودي")
    );
    assert!(
        got.iter().any(|(k, s, name, how)| k == "ORG"
            && s == "ساما"
            && name == "مؤسسة النقد العربي السعودي"
            && *how == How::Coreference),
        "{got:?}"
    );
    assert!(got.iter().all(|(k, _, _, _)| k == "ORG"), "{got:?}");
    let t = "وأعلنت هيئة الرقابة المالية (أفسا) فرض غرامة.";
    assert!(has(t, "ORG", "أفسا"), "{:?}", found(t));
}

#[test]
fn brackets_after_an_organisation_that_hold_no_acronym() {
    // A date, a common word or a known place in brackets is not the body.
    let t = "وقالت مؤسسة النقد العربي السعودي (أمس) إن التضخم تراجع.";
    assert_eq!(found(t).len(), 1, "{:?}", found(t));
    let t = "وقالت وزارة الصحة (2009) إن الإصابات تراجعت.";
    assert_eq!(found(t).len(), 1, "{:?}", found(t));
}

// ---- a plural place head before a list of places ----

#[test]
fn each_place_after_a_plural_head_is_a_place() {
    let t = "وداهم الجيش قرى كفرنبودة والهبيط وعابدين فجر اليوم.";
    for p in ["كفرنبودة", "والهبيط", "وعابدين"] {
        assert!(has(t, "LOC", p), "{p}: {:?}", found(t));
    }
    let t = "وتضررت المحاصيل في ولايات الجزيرة والرهد والسوكي وسط السودان.";
    for p in ["الجزيرة", "والرهد", "والسوكي", "السودان"] {
        assert!(has(t, "LOC", p), "{p}: {:?}", found(t));
    }
    let t = "وشهدت مدن حلب وإدلب والرقة احتجاجات واسعة.";
    for p in ["حلب", "وإدلب", "والرقة"] {
        assert!(has(t, "LOC", p), "{p}: {:?}", found(t));
    }
}

#[test]
fn the_items_of_a_list_with_commas_after_a_plural_head_are_places() {
    let t = "وسلمت الوزارة عربات لمشاريع في ولايات الجزيرة، والرهد، والسوكي وسط السودان.";
    for p in ["الجزيرة", "والرهد", "والسوكي", "السودان"] {
        assert!(has(t, "LOC", p), "{p}: {:?}", found(t));
    }
    // A known place after a comma may come without و.
    let t = "وشهدت مدن حلب، حمص، وكفرنبودة احتجاجات واسعة.";
    for p in ["حلب", "حمص", "وكفرنبودة"] {
        assert!(has(t, "LOC", p), "{p}: {:?}", found(t));
    }
    // A clause after the comma ends the list; a full stop ends it too.
    for t in [
        "وزار الوفد قرى كفرنبودة، وأضاف المتحدث أن الزيارة ناجحة.",
        "وزار الوفد قرى كفرنبودة. وعابدين بلدة أخرى لم يزرها.",
        "وزار الوفد قرى كفرنبودة، وصحفيون رافقوه.",
    ] {
        let locs: Vec<_> = found(t)
            .into_iter()
            .filter(|(k, _)| k == "LOC")
            .map(|(_, s)| s)
            .collect();
        assert_eq!(locs, ["كفرنبودة"], "{t}");
    }
}

#[test]
fn a_plural_head_before_common_words_names_no_place() {
    for t in [
        "ويعيش السكان في قرى نائية ومعزولة عن العالم.",
        "وزار الوفد في الشمال والجنوب مدنا عدة خلال الأسبوع.",
        "وتعاني قرى كثيرة وبلدات صغيرة من نقص المياه.",
        "وانقطعت الكهرباء عن قرى ومدن عدة.",
    ] {
        assert!(none_of(t, "LOC"), "{t}: {:?}", found(t));
    }
}
