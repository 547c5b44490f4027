//! Variant generation: the spelling alternations that need patterns of their
//! own.
//!
//! Most alternations of transliterated names cost nothing: the key folds
//! them (ي/ى, ة/ه, alef and hamza seats ؤ/و ئ/ي, ڤ/ف, پ/ب, white space and
//! dashes) or folds them and checks the match afterwards (غ/ج/ق for "g",
//! hyphen/space/no space; see [`crate::key`]). What is left changes the
//! length of a name, so it becomes extra patterns here:
//!
//! | rule      | name          | extra pattern |
//! |-----------|---------------|---------------|
//! | article   | الكرملين      | كرملين        |
//! | hamza     | شاء الله      | شا الله       |
//! | gaf       | گوردون        | كوردون        |
//!
//! The README has the full rule table.

/// Most variants generated for one name. Beyond this the product is cut to
/// one rule application at a time (and the name is counted as capped).
pub(crate) const MAX_VARIANTS: usize = 16;

/// The generated spellings of `name` (normalized), without `name` itself.
/// Returns the variants and whether the cap cut them.
pub(crate) fn variants(name: &str) -> (Vec<String>, bool) {
    let slots = slots(name);
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
pub(crate) fn needs_variants(name: &str) -> bool {
    name.starts_with("ال") || name.contains(['ء', 'گ'])
}

/// Splits a name into slots of alternatives; the first alternative of each
/// slot is the name as written. Runs of characters without alternatives
/// share one slot.
fn slots(name: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = name.chars().collect();
    let mut slots: Vec<Vec<String>> = Vec::new();
    let mut plain = String::new();
    let mut i = 0;
    // Rule "article": a name that starts with ال and has at least three
    // letters after it is also written without it (as after ل: للكرملين).
    if chars.len() >= 5
        && chars[0] == 'ا'
        && chars[1] == 'ل'
        && chars[2..5].iter().all(|&c| is_arabic_letter(c))
    {
        slots.push(vec!["ال".to_string(), String::new()]);
        i = 2;
    }
    while i < chars.len() {
        let c = chars[i];
        let word_start = i == 0 || !is_arabic_letter(chars[i - 1]);
        let alts: Option<[&str; 2]> = match c {
            // Rule "hamza": a hamza on the line inside a word is also left out.
            'ء' if !word_start => Some(["ء", ""]),
            // Rule "gaf": گ is also written ك (غ comes from the key).
            'گ' => Some(["گ", "ك"]),
            _ => None,
        };
        match alts {
            Some(a) => {
                if !plain.is_empty() {
                    slots.push(vec![std::mem::take(&mut plain)]);
                }
                slots.push(a.iter().map(|s| s.to_string()).collect());
            }
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
                needs_variants(name) || !variants(name).0.is_empty(),
                needs_variants(name),
                "{name}"
            );
        }
    }

    #[test]
    fn cap_limits_the_product() {
        let name = "گگگگگ";
        let (v, capped) = variants(name);
        assert!(capped);
        assert_eq!(v.len(), 5);
        let (v, capped) = variants("الگرملين");
        assert!(!capped);
        assert_eq!(v.len(), 3);
    }
}
