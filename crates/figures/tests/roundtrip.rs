//! Round-trip property tests: numbers written out in Arabic words (by the
//! generator below) and in digits with every separator style must parse
//! back to the same value.
#![allow(clippy::unwrap_used)]

use khabar_figures::FigureParser;
use khabar_normalize::{Normalizer, Profile};
use proptest::prelude::*;

/// How to write a number in words.
#[derive(Clone, Copy, Debug)]
struct Style {
    /// Feminine counted noun (ثلاث، إحدى عشرة) or masculine (ثلاثة).
    feminine: bool,
    /// Oblique/accusative case (اثنين، عشرين) or nominative (اثنان، عشرون).
    oblique: bool,
    /// Join parts with و attached (وخمسة), و detached (و خمسة), or, between
    /// scale groups only, no و at all.
    and: And,
    /// مائة instead of مئة.
    maia: bool,
    /// ثلاث مئة instead of ثلاثمئة.
    split_hundreds: bool,
    /// Accusative singular after 11..99 (ألفًا) or plain (ألف).
    tanween: bool,
}

#[derive(Clone, Copy, Debug)]
enum And {
    Attached,
    Detached,
    NoneBetweenScales,
}

const UNITS_M: [&str; 10] = [
    "",
    "واحد",
    "اثنان",
    "ثلاثة",
    "أربعة",
    "خمسة",
    "ستة",
    "سبعة",
    "ثمانية",
    "تسعة",
];
const UNITS_F: [&str; 10] = [
    "",
    "واحدة",
    "اثنتان",
    "ثلاث",
    "أربع",
    "خمس",
    "ست",
    "سبع",
    "ثماني",
    "تسع",
];
const TENS: [&str; 10] = [
    "",
    "عشر",
    "عشرون",
    "ثلاثون",
    "أربعون",
    "خمسون",
    "ستون",
    "سبعون",
    "ثمانون",
    "تسعون",
];
const HUNDRED_STEMS: [&str; 10] = ["", "", "", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثمان", "تسع"];

fn oblique(w: &str, st: Style) -> String {
    if !st.oblique {
        return w.to_string();
    }
    if let Some(s) = w.strip_suffix("ون") {
        return format!("{s}ين");
    }
    match w {
        "اثنان" => "اثنين".into(),
        "اثنتان" => "اثنتين".into(),
        _ => w.to_string(),
    }
}

fn join(a: &str, b: &str, st: Style) -> String {
    match st.and {
        And::Attached | And::NoneBetweenScales => format!("{a} و{b}"),
        And::Detached => format!("{a} و {b}"),
    }
}

/// 1..=99.
fn below_100(n: u64, st: Style) -> String {
    let u = (n % 10) as usize;
    let t = (n / 10) as usize;
    let units = if st.feminine { UNITS_F } else { UNITS_M };
    match n {
        1..=9 => oblique(units[u], st),
        10 => (if st.feminine { "عشر" } else { "عشرة" }).to_string(),
        11 => (if st.feminine {
            "إحدى عشرة"
        } else {
            "أحد عشر"
        })
        .to_string(),
        12 => match (st.feminine, st.oblique) {
            (false, false) => "اثنا عشر".into(),
            (false, true) => "اثني عشر".into(),
            (true, false) => "اثنتا عشرة".into(),
            (true, true) => "اثنتي عشرة".into(),
        },
        13..=19 => {
            if st.feminine {
                format!("{} عشرة", units[u])
            } else {
                format!("{} عشر", units[u])
            }
        }
        _ => {
            let tens = oblique(TENS[t], st);
            if u == 0 {
                tens
            } else {
                let unit = if u == 1 && st.feminine {
                    "إحدى".to_string()
                } else {
                    oblique(units[u], st)
                };
                join(&unit, &tens, st)
            }
        }
    }
}

/// 1..=999. `construct`: directly followed by a scale word or noun.
fn below_1000(n: u64, st: Style, construct: bool) -> String {
    let h = n / 100;
    let r = n % 100;
    let mia = if st.maia { "مائة" } else { "مئة" };
    let hundreds = match h {
        0 => String::new(),
        1 => mia.to_string(),
        2 => {
            let stem = if st.maia { "مائت" } else { "مئت" };
            match (r == 0 && construct, st.oblique) {
                (true, false) => format!("{stem}ا"),
                (true, true) => format!("{stem}ي"),
                (false, false) => format!("{stem}ان"),
                (false, true) => format!("{stem}ين"),
            }
        }
        _ => {
            if st.split_hundreds {
                format!("{} {mia}", HUNDRED_STEMS[h as usize])
            } else {
                format!("{}{mia}", HUNDRED_STEMS[h as usize])
            }
        }
    };
    match (h, r) {
        (0, r) => below_100(r, st),
        (_, 0) => hundreds,
        (_, r) => join(&hundreds, &below_100(r, st), st),
    }
}

/// The scale word after a group of `g`.
fn scale_word(g: u64, scale: usize, st: Style) -> String {
    const SING: [&str; 4] = ["ألف", "مليون", "مليار", "تريليون"];
    const PLUR: [&str; 4] = ["آلاف", "ملايين", "مليارات", "تريليونات"];
    const ACC: [&str; 4] = ["ألفًا", "مليونًا", "مليارًا", "تريليونًا"];
    let r = g % 100;
    if g >= 100 && r <= 2 {
        return SING[scale].to_string();
    }
    match r {
        3..=10 => PLUR[scale].to_string(),
        11..=99 if st.tanween => ACC[scale].to_string(),
        _ => SING[scale].to_string(),
    }
}

/// 1..=10^12 in words.
fn words(n: u64, st: Style) -> String {
    const DUAL_NOM: [&str; 4] = ["ألفان", "مليونان", "ملياران", "تريليونان"];
    const DUAL_OBL: [&str; 4] = ["ألفين", "مليونين", "مليارين", "تريليونين"];
    let mut parts: Vec<String> = Vec::new();
    let mut rest = n;
    for (scale, size) in [
        (3usize, 1_000_000_000_000u64),
        (2, 1_000_000_000),
        (1, 1_000_000),
        (0, 1_000),
    ] {
        let g = rest / size;
        rest %= size;
        if g == 0 {
            continue;
        }
        parts.push(match g {
            1 => scale_word(1, scale, st),
            2 => (if st.oblique {
                DUAL_OBL[scale]
            } else {
                DUAL_NOM[scale]
            })
            .to_string(),
            _ => format!("{} {}", below_1000(g, st, true), scale_word(g, scale, st)),
        });
    }
    if rest > 0 {
        parts.push(below_1000(rest, st, true));
    }
    let mut out = parts[0].clone();
    for p in &parts[1..] {
        out = match st.and {
            And::NoneBetweenScales => format!("{out} {p}"),
            _ => join(&out, p, st),
        };
    }
    out
}

fn style() -> impl Strategy<Value = Style> {
    (
        any::<bool>(),
        any::<bool>(),
        0..3u8,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(feminine, oblique, a, maia, split_hundreds, tanween)| Style {
                feminine,
                oblique,
                and: match a {
                    0 => And::Attached,
                    1 => And::Detached,
                    _ => And::NoneBetweenScales,
                },
                maia,
                split_hundreds,
                tanween,
            },
        )
}

fn number() -> impl Strategy<Value = u64> {
    prop_oneof![
        1..=99u64,
        100..=999u64,
        1_000..=999_999u64,
        1..=1_000_000_000_000u64,
        // Sparse numbers exercise the scale words alone and the duals.
        (1..=999u64, 0..=4u32).prop_map(|(g, e)| (g * 1000u64.pow(e)).min(1_000_000_000_000)),
        (1..=2u64, 1..=4u32).prop_map(|(g, e)| g * 1000u64.pow(e).min(1_000_000_000_000)),
    ]
}

fn parse_one(p: &FigureParser, s: &str) -> Vec<(Option<f64>, String)> {
    let n = Normalizer::new(Profile::Search).normalize(s);
    p.parse_with_source(s, &n)
        .into_iter()
        .map(|f| (f.low, s[f.start..f.end].to_string()))
        .collect()
}

fn parser() -> &'static FigureParser {
    static P: std::sync::OnceLock<FigureParser> = std::sync::OnceLock::new();
    P.get_or_init(FigureParser::new)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn words_round_trip(n in number(), st in style()) {
        let w = words(n, st);
        let s = format!("قال التقرير إن {w} شخص وصلوا");
        let got = parse_one(parser(), &s);
        prop_assert_eq!(got.len(), 1, "{} -> {:?}", s, got);
        prop_assert_eq!(got[0].0, Some(n as f64), "{}", s);
    }

    #[test]
    fn digits_round_trip(n in 0..=1_000_000_000_000u64, sep in 0..5usize, script in 0..3usize) {
        let plain = n.to_string();
        let grouped = if n >= 1000 {
            let seps = ["", ",", "٬", "،", "."];
            let mut g = String::new();
            for (i, c) in plain.chars().enumerate() {
                if i > 0 && (plain.len() - i) % 3 == 0 {
                    g.push_str(seps[sep]);
                }
                g.push(c);
            }
            g
        } else {
            plain.clone()
        };
        let digits: String = grouped
            .chars()
            .map(|c| match (c.to_digit(10), script) {
                (Some(d), 1) => char::from_u32(0x0660 + d).unwrap(),
                (Some(d), 2) => char::from_u32(0x06F0 + d).unwrap(),
                _ => c,
            })
            .collect();
        // Four dot groups each at most 255 without a leading zero read as
        // an IPv4 address (no figure), by rule.
        let ipv4 = sep == 4
            && grouped.split('.').count() == 4
            && grouped
                .split('.')
                .all(|g| g.parse::<u32>().is_ok_and(|v| v <= 255) && !(g.len() > 1 && g.starts_with('0')));
        prop_assume!(!ipv4);
        let s = format!("وصل {digits} شخص إلى المدينة");
        let got = parse_one(parser(), &s);
        prop_assert_eq!(got.len(), 1, "{} -> {:?}", s, got);
        prop_assert_eq!(got[0].0, Some(n as f64), "{}", s);
    }

    #[test]
    fn decimals_round_trip(
        int in 0..1000u64,
        frac in 1..100u64,
        two_digits in any::<bool>(),
        sep in 0..3usize,
        scale in 0..3usize,
    ) {
        // A decimal times a scale word is an integer, and SPEC §3 wants it
        // exact (4.1 مليون is 4100000, not 4099999.9999999995).
        let dec = ["٫", ".", ","][sep];
        let (word, zeros) = [("ألف", 3u32), ("مليون", 6), ("مليار", 9)][scale];
        let (frac, places) = if two_digits { (frac, 2) } else { (frac % 10, 1) };
        prop_assume!(frac % 10 != 0 || places == 1);
        prop_assume!(frac != 0);
        let written = if places == 2 { format!("{frac:02}") } else { frac.to_string() };
        let s = format!("بلغت الخسائر {int}{dec}{written} {word} دولار");
        let want = ((int * 10u64.pow(places) + frac) * 10u64.pow(zeros - places)) as f64;
        let got = parse_one(parser(), &s);
        prop_assert_eq!(got.len(), 1, "{} -> {:?}", s, got);
        prop_assert_eq!(got[0].0, Some(want), "{}", s);
    }

    #[test]
    fn never_panics_and_spans_are_valid(s in "\\PC{0,80}") {
        let n = Normalizer::new(Profile::Search).normalize(&s);
        let figs = parser().parse_with_source(&s, &n);
        let mut last = 0;
        for f in &figs {
            prop_assert!(f.start < f.end && f.end <= s.len());
            prop_assert!(s.is_char_boundary(f.start) && s.is_char_boundary(f.end));
            prop_assert!(f.start >= last, "figures overlap or are out of order");
            last = f.end;
        }
        prop_assert_eq!(figs, parser().parse_every_token(&s, &n));
    }
}

#[test]
fn generator_examples() {
    // The generator itself, on a few values a reader can check.
    let st = Style {
        feminine: false,
        oblique: false,
        and: And::Attached,
        maia: false,
        split_hundreds: false,
        tanween: true,
    };
    assert_eq!(words(3500, st), "ثلاثة آلاف وخمسمئة");
    assert_eq!(words(25, st), "خمسة وعشرون");
    assert_eq!(words(2_000_000, st), "مليونان");
    assert_eq!(words(1_200_000_000, st), "مليار ومئتا مليون");
    assert_eq!(words(25_000, st), "خمسة وعشرون ألفًا");
}

/// Words and pieces that exercise the scan: number words with clitics,
/// duals, qualifiers, months, look-alikes, digits and punctuation.
const VOCAB: &[&str] = &[
    "و",
    "ب",
    "نحو",
    "بنحو",
    "حوالي",
    "ما",
    "بين",
    "من",
    "إلى",
    "لا",
    "يقل",
    "عن",
    "أكثر",
    "حتى",
    "على",
    "الأقل",
    "ثلاثة",
    "وثلاثة",
    "بثلاث",
    "خمسة",
    "وعشرين",
    "عشر",
    "أحد",
    "وأحد",
    "واحد",
    "اثنين",
    "مئة",
    "ثلاثمائة",
    "ألف",
    "ألفًا",
    "آلاف",
    "وآلاف",
    "الآلاف",
    "ملايين",
    "مليون",
    "ومليونين",
    "ونصف",
    "المليون",
    "نصف",
    "عشرات",
    "رحلتين",
    "ساعتين",
    "جنديان",
    "البلدين",
    "بوتين",
    "وبوتين",
    "باكستان",
    // Feminine duals by their shape alone: five-letter cores (only after
    // a qualifier), clitics, the article, ـستين, a known non-dual.
    "مرتين",
    "ومرتين",
    "بمرتين",
    "ولجنتين",
    "العاصمتين",
    "وستين",
    "غارتان",
    "يصل",
    "الأولى",
    "للجولة",
    "الثاني",
    "تشرين",
    "كانون",
    "يوليو",
    "عام",
    "في",
    "جندي",
    "صاروخ",
    "صاروخًا",
    "طائرة",
    "دولار",
    "كم",
    "أيام",
    "المئة",
    "بالمئة",
    "ست",
    "لست",
    "ثنائي",
    "الثانوية",
    "25",
    "30،000",
    "1.5",
    "٣٠٠",
    "2024",
    "10-15",
    "%",
    "٪",
    "،",
    ".",
    "\n",
    "$",
    "aXA6IDUx",
    "F-16",
    "10:30",
    "ال",
    "الـ",
    "قرابة",
    "تقريبا",
    "عدة",
    "مرة",
    "واحدة",
    "صاروخ واحد",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn fast_scan_equals_reference_on_word_salad(idx in proptest::collection::vec(0..VOCAB.len(), 1..40), glue in proptest::collection::vec(0..4u8, 40)) {
        let mut s = String::new();
        for (i, &w) in idx.iter().enumerate() {
            if i > 0 {
                // Mostly spaces, sometimes glued or a line break.
                s.push_str(match glue[i] { 0 => "", 1 => "\n", _ => " " });
            }
            s.push_str(VOCAB[w]);
        }
        let n = Normalizer::new(Profile::Search).normalize(&s);
        let fast = parser().parse_with_source(&s, &n);
        prop_assert_eq!(&fast, &parser().parse_every_token(&s, &n), "{:?}", s);
        let mut last = 0;
        for f in &fast {
            prop_assert!(f.start >= last && f.start < f.end && f.end <= s.len());
            last = f.end;
        }
    }
}

#[test]
fn pathological_inputs_do_not_panic_nor_recurse_deeply() {
    let p = parser();
    let norm = Normalizer::new(Profile::Search);
    let cases = [
        "و ".repeat(50_000) + "5 جنود",
        "ب1".repeat(50_000),
        "a1".repeat(100_000),
        "ثلاث".repeat(50_000),
        "1,".repeat(50_000),
        format!(
            "{}{}",
            "كلمة".repeat(100_000),
            " 3 جنود 4 جنود".repeat(1000)
        ),
        "١".repeat(100_000),
    ];
    for s in &cases {
        let n = norm.normalize(s);
        let t = std::time::Instant::now();
        let figs = p.parse_with_source(s, &n);
        // Generous: a quadratic walk over these inputs takes minutes.
        assert!(
            t.elapsed().as_secs() < 20,
            "slow on a {} byte input",
            s.len()
        );
        for f in &figs {
            assert!(f.start < f.end && f.end <= s.len());
        }
    }
}
