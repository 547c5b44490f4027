//! Precision of the people rules: common words that must not become
//! names, and names that must stay whole, on news-style sentences written
//! for these tests (with the built-in gazetteer and word lists).

mod common;

use khabar_names::How;

use common::{found_how as entities, people};

/// Prints what is found in each line of the file `PROBE` (a tool, not a test).
#[test]
#[ignore]
fn probe() {
    let Ok(path) = std::env::var("PROBE") else {
        return;
    };
    let text = std::fs::read_to_string(path).expect("probe file");
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        println!("{line}\n    {:?}", entities(line));
    }
}

// ---- an indefinite noun is not a reporting verb's subject ----

#[test]
fn an_accusative_indefinite_noun_after_a_reporting_verb_is_its_object() {
    // يعتبر، ترى are reporting verbs; what follows here is their object.
    assert_eq!(
        people("ورأى المحلل أن القرار يعتبر نصرا للمعارضة."),
        Vec::<String>::new()
    );
    assert_eq!(
        people("وقالت الصحيفة إن الحكم يعتبر نصرا له."),
        Vec::<String>::new()
    );
}

#[test]
fn a_sound_feminine_plural_after_a_reporting_verb_is_its_object() {
    assert_eq!(
        people("وقالت الوزارة إنها لا ترى فجوات في التمويل."),
        Vec::<String>::new()
    );
    assert_eq!(
        people("وقال المحلل إن السوق ترى مؤشرات على التعافي."),
        Vec::<String>::new()
    );
}

#[test]
fn tanwin_in_the_original_text_marks_an_indefinite_noun() {
    assert_eq!(people("وقال مسعفٌ إن القافلة وصلت."), Vec::<String>::new());
}

#[test]
fn names_ending_in_alef_stay_names() {
    // A listed given name (باولا), a name in ـيا (ماريا), a surname in ـا
    // after a given name or a title (كوستا، بيسا), a gazetteer person.
    assert_eq!(people("وقالت باولا ريتشي إن الأسعار سترتفع."), ["باولا ريتشي"]);
    assert_eq!(
        people("وقالت ماريا فيرنانديز إن الأسعار سترتفع."),
        ["ماريا فيرنانديز"]
    );
    assert_eq!(
        people("وقال السفير ماركو كوستا إن العلاقات جيدة."),
        ["ماركو كوستا"]
    );
    assert_eq!(
        people("وقال اللاعب ماتيو بيسا إن الفريق جاهز."),
        ["ماتيو بيسا"]
    );
    assert_eq!(
        people("وقال الرئيس الأمريكي باراك أوباما إن الاتفاق تاريخي."),
        ["باراك أوباما"]
    );
    // A family name in ـات after a title.
    assert_eq!(
        people("وقال الوزير أحمد بركات إن الموازنة جاهزة."),
        ["أحمد بركات"]
    );
}

#[test]
fn majority_words_are_common_nouns() {
    assert_eq!(
        people("وترى أغلبية ساحقة من المواطنين أن الحكومة فشلت."),
        Vec::<String>::new()
    );
    assert_eq!(
        people("وأكدت غالبية ساحقة من النواب رفضها للقانون."),
        Vec::<String>::new()
    );
}

// ---- a verbal noun ends a name ----

#[test]
fn a_transactional_verbal_noun_ends_the_name_before_the_object() {
    assert_eq!(
        people("وعرض التاجر منير الحلبي سداد المبلغ على دفعات."),
        ["منير الحلبي"]
    );
    assert_eq!(
        people("وطلب رجل الأعمال نادر الشمري استرداد أمواله من البنك."),
        ["نادر الشمري"]
    );
    assert_eq!(
        people("واقترح الوزير سامي الكردي تسديد الديون خلال عام."),
        ["سامي الكردي"]
    );
}

#[test]
fn a_verbal_noun_is_no_surname_for_coreference() {
    let t = "وعرض التاجر منير الحلبي سداد المبلغ. وقال إن سداد الديون ممكن.";
    assert_eq!(people(t), ["منير الحلبي"]);
}

// ---- عبد + a name of God ----

#[test]
fn abd_and_a_name_of_god_is_one_given_name() {
    for (t, name) in [
        (
            "وقال المهندس كريم عبد العال إن المشروع تأخر.",
            "كريم عبد العال",
        ),
        (
            "وقال الدكتور سامر عبد الباسط إن الوباء انحسر.",
            "سامر عبد الباسط",
        ),
        ("وقال حسين عبد العاطي إن الأسعار ارتفعت.", "حسين عبد العاطي"),
        ("وأكد رامي عبد الغني أن الفريق جاهز.", "رامي عبد الغني"),
        (
            "وقال اللواء هشام عبد المعطي إن الطريق آمن.",
            "هشام عبد المعطي",
        ),
    ] {
        assert_eq!(people(t), [name], "{t}");
        assert!(
            entities(t).iter().all(|(k, _, _)| k == "PER"),
            "{t}: {:?}",
            entities(t)
        );
    }
}

#[test]
fn the_airline_el_al_stays_an_organisation() {
    let e = entities("وأعلنت شركة العال الإسرائيلية تعليق رحلاتها.");
    assert!(
        e.iter().any(|(k, s, _)| k == "ORG" && s == "شركة العال"),
        "{e:?}"
    );
    assert!(e.iter().all(|(k, _, _)| k != "PER"), "{e:?}");
}

// ---- a dual or plural verb ends a name ----

#[test]
fn a_dual_verb_after_a_name_ends_it() {
    assert_eq!(
        people("والنائبتان سعاد الجنابي ونوال الدليمي انسحبتا من الجلسة."),
        ["سعاد الجنابي", "ونوال الدليمي"]
    );
    assert_eq!(
        people("والنائبان فراس الجبوري وسالم العبيدي انسحبا من الجلسة."),
        ["فراس الجبوري", "وسالم العبيدي"]
    );
}

#[test]
fn a_plural_verb_after_a_name_ends_it() {
    assert_eq!(
        people("وأعضاء الكتلة بقيادة مهند الساعدي انسحبوا من الجلسة."),
        ["مهند الساعدي"]
    );
    assert_eq!(
        people("وقال إن أنصار النائب رعد الحمداني تظاهروا أمام المحكمة."),
        ["رعد الحمداني"]
    );
}

// ---- given names ----

#[test]
fn given_names_added_for_agency_text() {
    for (t, name) in [
        (
            "وقال الشيخ جمعان الحربي إن القبيلة تدعم الدولة.",
            "جمعان الحربي",
        ),
        ("وقالت رولا الزعبي إن الأسعار مرتفعة.", "رولا الزعبي"),
        ("وقالت أسيل المطيري إن المجلس منقسم.", "أسيل المطيري"),
        ("وقال بيار عقيقي إن الحوار ضروري.", "بيار عقيقي"),
        ("وقال معين الخطيب إن الوضع صعب.", "معين الخطيب"),
        ("وقالت هالة واصف إن المهرجان نجح.", "هالة واصف"),
    ] {
        assert_eq!(people(t), [name], "{t}");
    }
}

#[test]
fn a_weak_given_name_alone_is_a_common_word() {
    // معين "certain"
    assert_eq!(
        people("ويجب دفع المبلغ في وقت معين من الشهر."),
        Vec::<String>::new()
    );
}

// ---- a foreign family name beginning with و ----

#[test]
fn a_foreign_family_name_may_begin_with_waw() {
    for (t, name) in [
        ("وقالت النائبة سوزان وايلد إن التصويت مهم.", "سوزان وايلد"),
        (
            "وقال السناتور رالف وارنوك إن الانتخابات نزيهة.",
            "رالف وارنوك",
        ),
        ("وقال المدرب بيتر وارنغتون إن الفريق جاهز.", "بيتر وارنغتون"),
        ("وقال المرشح هيرشيل ووكر إنه سيفوز.", "هيرشيل ووكر"),
    ] {
        assert_eq!(people(t), [name], "{t}");
    }
}

#[test]
fn a_glued_and_before_a_verb_a_noun_or_a_name_still_ends_the_name() {
    for (t, want) in [
        ("وقالت سوزان وأضافت أن الوضع صعب.", vec!["سوزان"]),
        ("وحضر جون واستمع إلى الكلمة.", vec!["جون"]),
        ("ووصل روبرت واتفق مع الوزير على الخطة.", vec!["روبرت"]),
        ("وقال المدرب جون ودافع عن اللاعبين.", vec!["جون"]),
        ("وقال المدرب جون وشكر اللاعبين.", vec!["جون"]),
        ("وقال الرئيس نيكولاس ويبحث الأمر.", vec!["نيكولاس"]),
        ("وزار ديفيد وابنه المعرض.", vec!["ديفيد"]),
        ("وغادر مارك وعائلته البلاد.", vec!["مارك"]),
        ("وشارك جون وماري في الحفل.", vec!["جون", "وماري"]),
        (
            "وقال الشيخ محمد والوفد المرافق له إن الزيارة ناجحة.",
            vec!["محمد"],
        ),
    ] {
        assert_eq!(people(t), want, "{t}");
    }
}

#[test]
fn a_surname_in_alef_after_a_reporting_verb_is_found_by_coreference() {
    // The subject rule no longer takes a lone word in ـا (موتوما), but
    // coreference links it to the full name found earlier.
    let t = "وقال الرئيس جاكوب موتوما إن الانتخابات نزيهة. وأكد موتوما أن المعارضة خسرت.";
    let e = entities(t);
    assert!(
        e.iter()
            .any(|(k, s, h)| k == "PER" && s == "موتوما" && *h == How::Coreference),
        "{e:?}"
    );
    // Without an antecedent, right before أن it is the subject (session 7).
    assert_eq!(people("وأكد موتوما أن المعارضة خسرت."), ["موتوما"]);
    // Not before anything else.
    assert_eq!(
        people("وأكد موتوما في كلمته أن المعارضة خسرت."),
        Vec::<String>::new()
    );
}

#[test]
fn a_lone_indefinite_noun_after_a_title_is_the_verbs_object() {
    for t in [
        "وأجرى الوزير اتصالات مع نظرائه العرب.",
        "ومنح الرئيس مكافآت للاعبين.",
        "وحقق المدرب انتصارا كبيرا على منافسه.",
    ] {
        assert_eq!(people(t), Vec::<String>::new(), "{t}");
    }
    // As the subject of what follows, it stays a name.
    assert_eq!(people("وقال الوزير بركات إن الموازنة جاهزة."), ["بركات"]);
    assert_eq!(people("وقال المدرب زوما إن الفريق جاهز."), ["زوما"]);
    assert_eq!(people("وقال السفير كوستا: إن العلاقات جيدة."), ["كوستا"]);
}

// ---- a glued proclitic + a two-letter particle ----

#[test]
fn pham_is_no_fa_and_the_particle_umm() {
    assert_eq!(
        people("وقال رئيس الوزراء الفيتنامي فام مينه تين إن النمو قوي."),
        ["فام مينه تين"]
    );
    // With hamza, or after و, it is the particle: no name here.
    assert_eq!(
        people("وقدم الوزير التعازي لأم الشهيد."),
        Vec::<String>::new()
    );
    assert_eq!(
        people("وزار الرئيس فأم المصلين في المسجد."),
        Vec::<String>::new()
    );
}

// ---- أم: a woman's kunya, or the conjunction "or" ----

#[test]
fn umm_before_a_given_name_is_a_kunya() {
    assert_eq!(people("وقالت أم أحمد إن ابنها اعتقل."), ["أم أحمد"]);
    assert_eq!(
        people("وتحدث أبو محمد وأم محمد عن معاناتهما."),
        ["أبو محمد", "وأم محمد"]
    );
}

#[test]
fn umm_between_two_names_is_or() {
    assert_eq!(
        people("وتساءل المعلق هل يختار المدرب محمد أم أحمد لحراسة المرمى."),
        ["محمد", "أحمد"]
    );
    assert_eq!(people("وقال الرئيس إن الأم مريم فقدت أطفالها."), ["مريم"]);
}

#[test]
fn listed_female_names_in_alef_are_subjects() {
    for (t, name) in [
        ("وقالت ريتا مورينو إن الفيلم ممتع.", "ريتا مورينو"),
        ("وقالت لارا الخوري إن المعرض ناجح.", "لارا الخوري"),
        ("وقالت مونيكا شتاينر إن الاتحاد قلق.", "مونيكا شتاينر"),
    ] {
        assert_eq!(people(t), [name], "{t}");
    }
}
