//! The organisations and people of `data/organizations-era.tsv` and
//! `data/people-era.tsv` (newspaper text of the 2000s and 2010s): found in
//! news-style sentences written for this test, and the ordinary words the
//! files' headers keep out refused.

use super::{assert_ids_found, builtin_ids};

#[test]
fn iraqi_lists_and_movements_of_the_era() {
    assert_ids_found(&[
        (
            "وحصل ائتلاف المواطن على عدد من المقاعد في مجلس المحافظة.",
            "al-muwatin-coalition",
        ),
        (
            "وقال نواب عن ائتلاف الوطنية إنهم سيقاطعون الجلسة.",
            "al-wataniya-coalition",
        ),
        (
            "انسحبت كتلة الأحرار من التصويت على الموازنة.",
            "al-ahrar-coalition",
        ),
        (
            "ودعا ائتلاف متحدون للإصلاح إلى إعادة فرز الأصوات.",
            "mutahidoun",
        ),
        (
            "وأعلنت حركة الوفاق الوطني ترشيح زعيمها لرئاسة الحكومة.",
            "iraqi-national-accord",
        ),
        (
            "وانضم الاتحاد الإسلامي التركماني إلى القائمة الانتخابية.",
            "iraqi-turkmen-islamic-union",
        ),
        ("وحلت حركة غوران في المرتبة الثالثة في الإقليم.", "gorran"),
    ]);
}

#[test]
fn parties_armed_groups_and_security_bodies() {
    assert_ids_found(&[
        (
            "واشتبك مقاتلون من لواء أبو الفضل العباس مع فصائل المعارضة.",
            "liwa-abu-fadl-al-abbas",
        ),
        (
            "وطالب الائتلاف السوري المعارض بممرات إنسانية.",
            "syrian-national-coalition",
        ),
        (
            "فاز التجمع الوطني الديمقراطي بالمرتبة الثانية في الانتخابات التشريعية.",
            "rnd-algeria",
        ),
        (
            "وقرر الاتحاد الدستوري المشاركة في الحكومة.",
            "constitutional-union-morocco",
        ),
        (
            "ونفت جماعة أنصار الشريعة مسؤوليتها عن الهجوم.",
            "ansar-al-sharia",
        ),
        ("وقالت مصادر إن المطلوبين سيسلمون للجنائية الدولية.", "icc"),
        (
            "وأوقفت قوى الأمن الداخلي ثلاثة مشتبه بهم في طرابلس.",
            "isf-lebanon",
        ),
        (
            "وكشف فرع المعلومات شبكة تجسس في الجنوب.",
            "isf-information-branch",
        ),
    ]);
}

#[test]
fn companies_of_the_era() {
    assert_ids_found(&[
        ("وارتفعت أرباح سافكو في الربع الثالث.", "safco"),
        ("وتراجع سهم دار الأركان بنسبة طفيفة.", "dar-al-arkan"),
        ("ووقعت شركة البحري عقدا لبناء ناقلات جديدة.", "bahri"),
        ("وتعثرت سعودي أوجيه في دفع رواتب موظفيها.", "saudi-oger"),
        ("واستحوذت بتروناس على حصة في الحقل.", "petronas"),
        ("وأعلنت كرايسلر إفلاسها بعد الأزمة المالية.", "chrysler"),
        ("وقال موقع أرقام إن السوق أغلقت على ارتفاع.", "argaam"),
        ("ونشرت صحيفة السياسة مقابلة مع الوزير.", "al-seyassah"),
        (
            "وقالت صحيفة الجزيرة إن المشروع تأخر.",
            "al-jazirah-newspaper",
        ),
        ("وحققت دانة غاز أرباحا في الربع الأول.", "dana-gas"),
        (
            "وارتفع سهم أوراسكوم تليكوم في ختام التعاملات.",
            "orascom-telecom",
        ),
        (
            "ونقلت يومية لكسبريسيون عن مصدر أمني أن الكمين أوقع قتلى.",
            "lexpression",
        ),
        ("وتبنى تنظيم القاعدة في المغرب الإسلامي خطف السائحين.", "aqim"),
    ]);
}

#[test]
fn people_of_the_era() {
    assert_ids_found(&[
        (
            "والتقى الوفد عباس البياتي وعددا من نواب الكتلة.",
            "abbas-al-bayati",
        ),
        (
            "وأكد القيادي في لواء التوحيد عبد القادر الصالح أن المعركة مستمرة.",
            "abdul-qadir-al-saleh",
        ),
        (
            "وقال عضو المكتب السياسي للجبهة مروان عبد العال إن الحوار متعثر.",
            "marwan-abdel-al",
        ),
        ("ورأى جمال نزال أن الانتخابات ضرورية.", "jamal-nazzal"),
        (
            "وحضر الاجتماع نائب رئيس المجلس عبد الحفيظ غوقة.",
            "abdul-hafiz-ghoga",
        ),
        (
            "وأسس حافظ قائد السبسي جناحا داخل الحزب.",
            "hafedh-caid-essebsi",
        ),
        ("وانتخب محند العنصر أمينا عاما للحزب.", "mohand-laenser"),
        ("وعاد بغدادي المحمودي إلى طرابلس مسلما.", "baghdadi-mahmudi"),
        ("وهاتف محمد رضا رحيمي نظيره.", "mohammad-reza-rahimi"),
        ("ويشارك عمرو واكد في بطولة الفيلم.", "amr-waked"),
        ("وعرض رجل الأعمال عمر الفطيم تسوية.", "omar-al-futtaim"),
        (
            "وقال سيد البدوي إن الحزب سيخوض الانتخابات.",
            "el-sayed-el-badawi",
        ),
    ]);
}

#[test]
fn kuwaiti_parliament_of_the_era() {
    assert_ids_found(&[
        (
            "وقدم النائب جمعان الحربش استجوابا إلى رئيس مجلس الوزراء.",
            "jamaan-al-harbash",
        ),
        (
            "واستجوب النواب رئيس الوزراء الشيخ ناصر المحمد الأحمد الجابر الصباح.",
            "nasser-al-mohammed",
        ),
        (
            "ورد وزير الداخلية الشيخ جابر الخالد الصباح على المحاور.",
            "jaber-al-khalid",
        ),
        ("وفازت رولا دشتي وأسيل العوضي بمقعدين.", "rola-dashti"),
        ("وفازت رولا دشتي وأسيل العوضي بمقعدين.", "aseel-al-awadhi"),
        (
            "وتحدث ضيف الله بورمية عن المحور الثاني.",
            "daifallah-buramia",
        ),
    ]);
}

#[test]
fn a_long_name_is_not_cut_after_its_short_form() {
    // ناصر المحمد was listed alone: the family name became a second entity.
    let ids = builtin_ids("طلب النواب استجواب الشيخ ناصر المحمد الجابر الصباح أمس.");
    assert_eq!(ids, ["nasser-al-mohammed"], "{ids:?}");
}

#[test]
fn a_listed_name_does_not_cut_a_longer_given_name() {
    // أحمد عز is left out: listed, it took أحمد عز of أحمد عز الدين.
    let ids = builtin_ids("وقال المتحدث أحمد عز الدين إن الاجتماع انتهى.");
    assert!(ids.is_empty(), "{ids:?}");
}

#[test]
fn ordinary_words_are_not_era_names() {
    for text in [
        "اشترى هاتفا جديدا وقال إن موبايلي تعطل أمس.",
        "تنتشر المراعي الخضراء في السهول الشمالية.",
        "نشرت الهيئة أرقام البطالة للربع الأول.",
        "وتحدث عن التيار الديمقراطي في العالم العربي عامة.",
        "وقرأ صحيفة اليوم قبل أن يخرج.",
    ] {
        let ids = builtin_ids(text);
        for id in [
            "mobily",
            "almarai",
            "argaam",
            "democratic-current",
            "al-yaum",
        ] {
            assert!(!ids.contains(&id), "{id} found in {text}: {ids:?}");
        }
    }
}

#[test]
fn leaders_of_the_era_by_their_surname_alone() {
    assert_ids_found(&[
        ("وتواجه ميركل ضغوطا داخل ائتلافها.", "angela-merkel"),
        ("واستقبل شيراك نظيره في قصر الإليزيه.", "jacques-chirac"),
        ("ودعا ساركوزي إلى قمة متوسطية.", "nicolas-sarkozy"),
        ("وأكد أولاند دعم بلاده للحل السياسي.", "francois-hollande"),
        (
            "وزار الرئيس الفرنسي فرانسوا أولاند بيروت.",
            "francois-hollande",
        ),
        ("ويواجه أولمرت تحقيقا في قضايا فساد.", "ehud-olmert"),
        ("واتهم كرزاي القوات الأجنبية بقتل مدنيين.", "hamid-karzai"),
        ("وانتقد رفسنجاني أداء الحكومة.", "akbar-hashemi-rafsanjani"),
        ("ورفض لحود توقيع المرسوم.", "emile-lahoud"),
        ("وترأس السنيورة جلسة مجلس الوزراء.", "fouad-siniora"),
        ("وفاز ائتلاف برلسكوني في الانتخابات.", "silvio-berlusconi"),
        ("وهاجم أحمدي نجاد الدول الغربية.", "mahmoud-ahmadinejad"),
    ]);
}
