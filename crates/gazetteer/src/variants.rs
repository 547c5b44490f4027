//! Variant generation: the spelling alternations that need patterns of their
//! own.
//!
//! Most alternations of transliterated names cost nothing: the key folds
//! them (ي/ى, ة/ه, alef and hamza seats ؤ/و ئ/ي, ڤ/ف, پ/ب, white space and
//! dashes) or folds them and checks the match afterwards (غ/ج/ق for "g",
//! hyphen/space/no space; see [`crate::key`]). What is left changes the
//! length of a name, so it becomes extra patterns here:
//!
//! | rule        | name          | extra pattern |
//! |-------------|---------------|---------------|
//! | article     | الكرملين      | كرملين (after لل only) |
//! | hamza       | شاء الله      | شا الله       |
//! | gaf         | گوردون        | كوردون        |
//! | long alef   | كتالونيا      | كاتالونيا; كاتالونيا → كتالونيا |
//! | k/q         | كازاخستان     | قازاخستان     |
//! | prosthetic  | ستوكهولم      | استوكهولم; استراليا → ستراليا |
//! | final ya    | سوريا         | سورية (listed places; not after ال) |
//! | o/eo        | سول           | سيول; سيول → سول |
//! | double ya   | سراييفو       | سرايفو        |
//!
//! The README has the full rule table.

/// Most variants generated for one name. Beyond this the product is cut to
/// one rule application at a time (and the name is counted as capped).
pub(crate) const MAX_VARIANTS: usize = 16;

/// One rule of the table above, as a bit of a rule mask.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rule {
    Article = 1,
    Hamza = 2,
    Gaf = 4,
    LongAlef = 8,
    KQ = 16,
    Prosthetic = 32,
    FinalYa = 64,
    OEo = 128,
    DoubleYa = 256,
}

impl Rule {
    /// Every rule, in table order, with its name (for the report).
    #[cfg(test)]
    pub(crate) const ALL: [(Rule, &'static str); 9] = [
        (Rule::Article, "article"),
        (Rule::Hamza, "hamza"),
        (Rule::Gaf, "gaf"),
        (Rule::LongAlef, "long alef"),
        (Rule::KQ, "k/q"),
        (Rule::Prosthetic, "prosthetic alef"),
        (Rule::FinalYa, "final ya"),
        (Rule::OEo, "o/eo"),
        (Rule::DoubleYa, "double ya"),
    ];
}

/// Every rule on.
pub(crate) const ALL_RULES: u32 = 511;

/// The generated spellings of `name` (normalized), without `name` itself.
/// Returns the variants and whether the cap cut them.
#[cfg(test)]
pub(crate) fn variants(name: &str) -> (Vec<String>, bool) {
    variants_with(name, ALL_RULES)
}

/// [`variants`] with only the rules of `mask` (bits of [`Rule`]).
pub(crate) fn variants_with(name: &str, mask: u32) -> (Vec<String>, bool) {
    let slots = slots(name, mask);
    let product = slots
        .iter()
        .try_fold(1usize, |acc, s| acc.checked_mul(s.len()))
        .unwrap_or(usize::MAX);
    let mut out = Vec::new();
    let capped = product > MAX_VARIANTS;
    if capped {
        // One alternation at a time: the original with one slot changed.
        for (i, slot) in slots.iter().enumerate() {
            for alt in &slot[1..] {
                let s: String = slots
                    .iter()
                    .enumerate()
                    .map(|(j, other)| {
                        if i == j {
                            alt.as_str()
                        } else {
                            other[0].as_str()
                        }
                    })
                    .collect();
                out.push(s);
            }
        }
    } else if product > 1 {
        let mut idx = vec![0usize; slots.len()];
        'odometer: loop {
            let mut k = slots.len();
            loop {
                if k == 0 {
                    break 'odometer;
                }
                k -= 1;
                idx[k] += 1;
                if idx[k] < slots[k].len() {
                    break;
                }
                idx[k] = 0;
            }
            out.push(
                slots
                    .iter()
                    .zip(&idx)
                    .map(|(s, &i)| s[i].as_str())
                    .collect(),
            );
        }
    }
    out.retain(|v| v != name);
    (out, capped)
}

/// True when [`variants`] can give `name` (normalized) any variant: a cheap
/// test that spares keeping names that have none.
pub(crate) fn needs_variants(name: &str, mask: u32) -> bool {
    // The transliteration rules apply to words of three letters or more: a
    // name without one has none.
    name.starts_with("ال")
        || name.contains(['ء', 'گ'])
        || (mask & TRANSLITERATION != 0
            && name
                .split(|c: char| !is_arabic_letter(c))
                .any(|w| w.chars().count() >= 3))
}

/// The rules of the transliterations of foreign place names (long alef,
/// k/q, prosthetic alef, final ya, o/eo, double ya): applied to places
/// (type `LOC`) only, where the press varies them most; for people and
/// organisations they mostly made spellings nobody writes, and a
/// million-name gazetteer of people would triple its patterns.
pub(crate) const TRANSLITERATION: u32 = Rule::LongAlef as u32
    | Rule::KQ as u32
    | Rule::Prosthetic as u32
    | Rule::FinalYa as u32
    | Rule::OEo as u32
    | Rule::DoubleYa as u32;

/// The rules for a name of type `kind` out of `mask`.
pub(crate) fn rules_for(kind: &str, mask: u32) -> u32 {
    if kind == "LOC" {
        mask
    } else {
        mask & !TRANSLITERATION
    }
}

/// True for a generated spelling that must not follow the article: the
/// ـية spelling of a name in ـيا (سورية of سوريا) is, with the article,
/// the nisba adjective (السورية "Syrian").
pub(crate) fn no_article(name: &str, variant: &str) -> bool {
    name.ends_with("يا") && variant.ends_with("يه")
}

/// True for a word listed in `lists/final-ya.txt`.
fn final_ya(word: &[char]) -> bool {
    static SET: std::sync::OnceLock<Vec<Vec<char>>> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        include_str!("../lists/final-ya.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| l.chars().collect())
            .collect()
    })
    .iter()
    .any(|w| w == word)
}

/// Consonants for the spelling rules: letters that are not long vowels,
/// alef, hamza or ta marbuta.
fn is_consonant(c: char) -> bool {
    is_arabic_letter(c) && !matches!(c, 'ا' | 'و' | 'ي' | 'ى' | 'ء' | 'ة' | 'ه' | 'ئ' | 'ؤ')
}

/// Per-character alternatives of the transliteration rules for the word
/// `w` (its letters) at index `k`: what to put before the letter, and the
/// letter's alternatives (first: as written).
fn word_rules(w: &[char], k: usize, mask: u32) -> (Option<[&'static str; 2]>, Option<Vec<String>>) {
    let n = w.len();
    let c = w[k];
    let on = |r: Rule| mask & r as u32 != 0;
    let mut before = None;
    let mut alts: Option<Vec<String>> = None;
    // Long alef after the first consonant of a long word: كاتالونيا ↔
    // كتالونيا.
    if on(Rule::LongAlef) && n >= 6 && k == 1 && is_consonant(w[0]) {
        if c == 'ا' && is_consonant(w[2]) {
            alts = Some(vec!["ا".into(), String::new()]);
        } else if is_consonant(c) {
            before = Some(["", "ا"]);
        }
    }
    // k/q: a word-initial ك or ق of a long word (كازاخستان / قازاخستان).
    if on(Rule::KQ) && n >= 5 && k == 0 && (c == 'ك' || c == 'ق') {
        let other = if c == 'ك' { "ق" } else { "ك" };
        alts = Some(vec![c.to_string(), other.into()]);
    }
    // Prosthetic alef before an initial cluster س + consonant
    // (ستوكهولم ↔ استوكهولم).
    if on(Rule::Prosthetic) && n >= 5 {
        if k == 0 && c == 'س' && matches!(w[1], 'ت' | 'ب' | 'ك' | 'ل' | 'م' | 'ن' | 'ف' | 'ط')
        {
            before = Some(["", "ا"]);
        }
        if k == 0 && c == 'ا' && n >= 6 && w[1] == 'س' && matches!(w[2], 'ت' | 'ب' | 'ك' | 'ل')
        {
            alts = Some(vec!["ا".into(), String::new()]);
        }
    }
    // Final ـيا also written ـية (normalized ـيه): سوريا / سورية, for the
    // places of `lists/final-ya.txt` (elsewhere ـية is the adjective).
    if on(Rule::FinalYa) && n >= 4 && k == n - 1 && c == 'ا' && w[n - 2] == 'ي' && final_ya(w) {
        alts = Some(vec!["ا".into(), "ه".into()]);
    }
    // o/eo: سول ↔ سيول (a consonant, و, a consonant; with or without ي).
    if on(Rule::OEo) && (3..=4).contains(&n) {
        if n == 3 && k == 1 && c == 'و' && is_consonant(w[0]) && is_consonant(w[2]) {
            before = Some(["", "ي"]);
        }
        if n == 4 && k == 1 && c == 'ي' && w[2] == 'و' && is_consonant(w[0]) && is_consonant(w[3])
        {
            alts = Some(vec!["ي".into(), String::new()]);
        }
    }
    // A doubled ya written once (سراييفو / سرايفو): only in
    // words that keep five letters (كييف → كيف "how", فيينا → فينا "in us").
    if on(Rule::DoubleYa) && n >= 6 && k >= 1 && c == 'ي' && w[k - 1] == 'ي' {
        alts = Some(vec!["ي".into(), String::new()]);
    }
    (before, alts)
}

/// Splits a name into slots of alternatives; the first alternative of each
/// slot is the name as written. Runs of characters without alternatives
/// share one slot.
fn slots(name: &str, mask: u32) -> Vec<Vec<String>> {
    let chars: Vec<char> = name.chars().collect();
    let mut slots: Vec<Vec<String>> = Vec::new();
    let mut plain = String::new();
    let mut i = 0;
    // Rule "article": a name that starts with ال and has at least three
    // letters after it is also written without it (as after ل: للكرملين).
    if mask & Rule::Article as u32 != 0
        && chars.len() >= 5
        && chars[0] == 'ا'
        && chars[1] == 'ل'
        && chars[2..5].iter().all(|&c| is_arabic_letter(c))
    {
        slots.push(vec!["ال".to_string(), String::new()]);
        i = 2;
    }
    let push = |slots: &mut Vec<Vec<String>>, plain: &mut String, alt: Vec<String>| {
        if !plain.is_empty() {
            slots.push(vec![std::mem::take(plain)]);
        }
        slots.push(alt);
    };
    while i < chars.len() {
        let c = chars[i];
        let word_start = i == 0 || !is_arabic_letter(chars[i - 1]);
        // The word around `i` (Arabic letters), and `i`'s index in it; the
        // article of the first word is not part of it.
        let ws = (0..i)
            .rev()
            .find(|&j| !is_arabic_letter(chars[j]))
            .map_or(0, |j| j + 1);
        let article = ws == 0 && chars.len() > 2 && chars[0] == 'ا' && chars[1] == 'ل';
        let ws = if article { 2 } else { ws };
        let we = (i..chars.len())
            .find(|&j| !is_arabic_letter(chars[j]))
            .unwrap_or(chars.len());
        let mut alts: Option<Vec<String>> = match c {
            // Rule "hamza": a hamza on the line inside a word is also left out.
            'ء' if !word_start && mask & Rule::Hamza as u32 != 0 => {
                Some(vec!["ء".into(), String::new()])
            }
            // Rule "gaf": گ is also written ك (غ comes from the key).
            'گ' if mask & Rule::Gaf as u32 != 0 => Some(vec!["گ".into(), "ك".into()]),
            _ => None,
        };
        if alts.is_none() && is_arabic_letter(c) && i >= ws {
            let (before, a) = word_rules(&chars[ws..we], i - ws, mask);
            if let Some(b) = before {
                push(
                    &mut slots,
                    &mut plain,
                    b.iter().map(|s| s.to_string()).collect(),
                );
            }
            alts = a;
        }
        match alts {
            Some(a) => push(&mut slots, &mut plain, a),
            None => plain.push(c),
        }
        i += 1;
    }
    if !plain.is_empty() {
        slots.push(vec![plain]);
    }
    slots
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{064A}' | '\u{066E}'..='\u{06D3}')
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn has(name: &str, v: &str) -> bool {
        variants(name).0.iter().any(|x| x == v)
    }

    #[test]
    fn rule_table() {
        // (rule, name, a variant it must produce)
        let table = [
            ("article", "الكرملين", "كرملين"),
            ("article", "الامم المتحده", "امم المتحده"),
            ("hamza", "شاء الله", "شا الله"),
            ("hamza", "اسراءيل", "اسرايل"),
            ("gaf", "گوردون", "كوردون"),
            ("article+gaf", "الگرملين", "كرملين"),
            ("long alef", "كتالونيا", "كاتالونيا"),
            ("long alef", "كاتالونيا", "كتالونيا"),
            ("k/q", "كازاخستان", "قازاخستان"),
            ("k/q", "قيرغيزستان", "كيرغيزستان"),
            ("prosthetic", "ستوكهولم", "استوكهولم"),
            ("prosthetic", "استراليا", "ستراليا"),
            ("final ya", "سوريا", "سوريه"),
            ("o/eo", "سول", "سيول"),
            ("o/eo", "سيول", "سول"),
            ("double ya", "سراييفو", "سرايفو"),
            ("article+long alef", "الكاميرون", "كميرون"),
        ];
        for (rule, name, v) in table {
            assert!(
                has(name, v),
                "rule {rule}: {name} should give {v}: {:?}",
                variants(name)
            );
        }
    }

    #[test]
    fn forbidden_variants() {
        // Never strip a short ال word, never drop a word-initial hamza, and
        // leave names without these letters alone.
        assert!(variants("الي").0.is_empty());
        assert!(variants("الجو").0.is_empty());
        assert!(!has("ءاب", "اب"));
        assert!(variants("موسكو").0.is_empty());
        assert!(variants("بيونغ يانغ").0.is_empty());
        for name in [
            "موسكو",
            "بيونغ يانغ",
            "الكرملين",
            "شاء الله",
            "گوردون",
            "الي",
        ] {
            assert_eq!(
                needs_variants(name, ALL_RULES) || !variants(name).0.is_empty(),
                needs_variants(name, ALL_RULES),
                "{name}"
            );
        }
    }

    #[test]
    fn transliteration_rules_leave_short_words_and_the_article_alone() {
        // Words under the rules' lengths.
        assert!(!has("سول", "قسول"));
        assert!(!has("كييف", "كاييف"));
        // The article is no word's first letters.
        assert!(
            variants("الكرملين")
                .0
                .iter()
                .all(|v| !v.starts_with("الا") && !v.starts_with("اال"))
        );
        // Every word of a name: سورية الكبرى.
        assert!(has("سوريا الكبرى", "سوريه الكبرى"));
        assert!(no_article("سوريا", "سوريه"));
        // Final ya only for the listed places: روسية is an adjective.
        assert!(!has("روسيا", "روسيه"));
        assert!(!has("فيينا", "فينا"));
        assert!(!has("كابول", "كبول"));
        assert!(!no_article("سوريا", "سوريا"));
        // Types other than LOC get the old rules only.
        assert_eq!(rules_for("PER", ALL_RULES) & TRANSLITERATION, 0);
        assert_eq!(rules_for("LOC", ALL_RULES), ALL_RULES);
    }

    #[test]
    fn cap_limits_the_product() {
        let name = "گگگگگ";
        let (v, capped) = variants(name);
        assert!(capped);
        assert_eq!(v.len(), 5);
        let (v, capped) = variants_with("الگرملين", Rule::Article as u32 | Rule::Gaf as u32);
        assert!(!capped);
        assert_eq!(v.len(), 3);
    }
}

/// The collision report of the spelling rules on the built-in gazetteer
/// (README): for each rule added alone to the base rules (article, hamza,
/// gaf), the variants it adds and what it loses to collisions and to the
/// common-word list. Printed with
/// `cargo test -p khabar-gazetteer --lib rule_report -- --nocapture`.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod report {
    use super::*;
    use crate::builtin;

    fn stats(mask: u32) -> crate::Stats {
        let mut b = builtin();
        b.rules = mask;
        b.report().stats
    }

    #[test]
    fn rule_report() {
        let base_mask = Rule::Article as u32 | Rule::Hamza as u32 | Rule::Gaf as u32;
        let base = stats(base_mask);
        println!(
            "| rule | variants added | dropped: another name's spelling | dropped: common word | shared keys |"
        );
        println!("|---|---:|---:|---:|---:|");
        println!(
            "| base (article, hamza, gaf) | {} | {} | {} | {} |",
            base.variants, base.dropped_collisions, base.dropped_stopwords, base.shared_keys
        );
        for (rule, name) in Rule::ALL {
            if base_mask & rule as u32 != 0 {
                continue;
            }
            let s = stats(base_mask | rule as u32);
            println!(
                "| {name} | {} | {} | {} | {} |",
                s.variants - base.variants,
                s.dropped_collisions - base.dropped_collisions,
                s.dropped_stopwords - base.dropped_stopwords,
                s.shared_keys - base.shared_keys
            );
            assert!(s.variants >= base.variants, "{name}");
        }
        let all = stats(ALL_RULES);
        println!(
            "| all rules | {} | {} | {} | {} |",
            all.variants, all.dropped_collisions, all.dropped_stopwords, all.shared_keys
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod dump {
    use super::*;

    /// Lists the new rules' variants of the built-in places (for review):
    /// `cargo test -p khabar-gazetteer --lib dump_rule_variants -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn dump_rule_variants() {
        let base = Rule::Article as u32 | Rule::Hamza as u32 | Rule::Gaf as u32;
        let n = khabar_normalize::Normalizer::new(khabar_normalize::Profile::Search);
        for (_, data, _) in crate::BUILTIN {
            for line in data.lines().filter(|l| !l.starts_with('#')) {
                let f: Vec<&str> = line.split('\t').collect();
                if f.len() < 3 || f[1] != "LOC" {
                    continue;
                }
                for name in &f[2..] {
                    let norm = n.normalize(name);
                    let old = variants_with(norm.as_str(), base).0;
                    for v in variants_with(norm.as_str(), ALL_RULES).0 {
                        if !old.contains(&v) {
                            println!("{}\t{}\t{v}", f[0], norm.as_str());
                        }
                    }
                }
            }
        }
    }
}
