//! The counted subject of a figure, as a singular lemma.
//!
//! General rule: the figure's counted noun (its `unit`), singular: broken
//! plurals from `data/plurals.tsv`, sound plurals and duals by suffix
//! (ـون ـين → ∅, ـات → ة, ـتان ـتين → ة, ـان → ∅), then the modifiers of
//! `data/modifiers.tsv` that follow it (طائرة مسيرة، صاروخ باليستي).
//! Percentages: `%` plus the noun they are a share of (نسبة البطالة).

use crate::lexicon::LEX;
use crate::text::{Token, fold, fold_into};

/// Removes diacritics and tatweel, keeping the letters as written.
pub(crate) fn plain(word: &str) -> String {
    // The alef of an accusative tanwin is a case ending: صاروخًا → صاروخ.
    let word = word
        .strip_suffix("\u{064B}ا")
        .or_else(|| word.strip_suffix("ا\u{064B}"))
        .unwrap_or(word);
    word.chars()
        .filter(|&c| {
            !(('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0670}' || c == '\u{0640}')
        })
        .collect()
}

fn strip_article(w: &str) -> &str {
    match w.strip_prefix("ال") {
        Some(r) if r.chars().count() >= 2 => r,
        _ => w,
    }
}

/// The singular lemma of a noun as written (with or without ال, in any
/// number), without diacritics.
pub fn lemma(noun: &str) -> String {
    let p = plain(noun.trim());
    let mut key = String::new();
    for cand in [p.as_str(), strip_article(&p)] {
        fold_into(cand, &mut key);
        if let Some(s) = LEX.plurals.get(&key) {
            return s.clone();
        }
    }
    let w = strip_article(&p);
    let n = w.chars().count();
    if n > 4 {
        if let Some(r) = w.strip_suffix("ات") {
            return format!("{r}ة");
        }
        for suf in ["تان", "تين"] {
            if let Some(r) = w.strip_suffix(suf) {
                return format!("{r}ة");
            }
        }
        for suf in ["ون", "ين", "ان"] {
            if let Some(r) = w.strip_suffix(suf) {
                // A stem that is itself a broken plural's singular or ends
                // in ي (مدنيين → مدني) is surely right; otherwise still the
                // best guess for a counted noun.
                return r.to_string();
            }
        }
    }
    w.to_string()
}

/// Words that count as a modifier of the subject: `(canonical, tokens used)`.
fn modifier_at(text: &str, toks: &[Token], i: usize) -> Option<(String, usize)> {
    let word = |k: usize| -> Option<String> {
        let t = toks.get(k).filter(|t| t.is_word())?;
        Some(fold(strip_article(&plain(text.get(t.start..t.end)?))))
    };
    let first = word(i)?;
    if let Some(second) = word(i + 1) {
        let pair = format!("{first} {second}");
        if let Some(c) = LEX.modifiers.get(&pair) {
            return Some((c.clone(), 2));
        }
    }
    LEX.modifiers.get(&first).map(|c| (c.clone(), 1))
}

/// Appends a masculine modifier to a head, in agreement.
fn agree(head: &str, modifier: &str) -> String {
    if head.ends_with('ة') && !modifier.contains(' ') && !modifier.ends_with('ة') {
        format!("{head} {modifier}ة")
    } else {
        format!("{head} {modifier}")
    }
}

/// The subject of the figure at `[start, end)` with unit `unit` and kind
/// `kind`; `toks` are the tokens of its sentence. `None` when the figure
/// counts nothing nameable.
pub(crate) fn subject(
    text: &str,
    toks: &[Token],
    start: usize,
    end: usize,
    unit: Option<&str>,
    kind: &str,
) -> Option<String> {
    let after = toks
        .iter()
        .position(|t| t.start >= end)
        .unwrap_or(toks.len());
    let before = toks
        .iter()
        .position(|t| t.end > start)
        .unwrap_or(toks.len());
    let word_at = |k: usize| -> Option<&str> {
        let t = toks.get(k).filter(|t| t.is_word())?;
        text.get(t.start..t.end)
    };
    if kind == "percent" || unit == Some("%") {
        // نسبة X ... N% / معدل X ... N%
        for k in (before.saturating_sub(8)..before).rev() {
            let Some(w) = word_at(k) else { break };
            let f = fold(w);
            if crate::text::stems(&f).any(|s| s == "نسبه" || s == "معدل")
                && let Some(n) = word_at(k + 1).filter(|_| k + 1 < before)
                && !n.chars().any(|c| c.is_numeric())
                && !LEX.stops.contains_key(&fold(n))
            {
                return Some(format!("% {}", lemma(n)));
            }
        }
        // N% من X
        if word_at(after).map(fold).as_deref() == Some("من")
            && let Some(n) = word_at(after + 1)
        {
            return Some(format!("% {}", lemma(n)));
        }
        return Some("%".to_string());
    }
    let unit = unit?.trim();
    if unit.is_empty() || unit.chars().any(|c| c.is_numeric()) {
        return None;
    }
    let mut subject = lemma(unit);
    let head = subject.clone();
    // The unit's word may be inside the figure span; modifiers come after.
    let mut k = after;
    for _ in 0..2 {
        match modifier_at(text, toks, k) {
            Some((m, used)) => {
                if !subject.contains(&m) {
                    subject = agree(&subject, &m);
                }
                k += used;
            }
            None => break,
        }
    }
    if kind == "quantity" && subject == head {
        // طن من القمح → طن قمح
        if word_at(after).map(fold).as_deref() == Some("من")
            && let Some(n) = word_at(after + 1)
        {
            subject = format!("{subject} {}", lemma(n));
        }
    }
    Some(subject)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lemmas() {
        let cases = [
            ("جنود", "جندي"),
            ("الجنود", "جندي"),
            ("جندي", "جندي"),
            ("قذائف", "قذيفة"),
            ("صواريخ", "صاروخ"),
            ("صاروخًا", "صاروخ"),
            ("قتلى", "قتيل"),
            ("جرحى", "جريح"),
            ("لاجئون", "لاجئ"),
            ("لاجئين", "لاجئ"),
            ("اللاجئين", "لاجئ"),
            ("طائرات", "طائرة"),
            ("مدنيين", "مدني"),
            ("الفلسطينيين", "فلسطيني"),
            ("رحلتين", "رحلة"),
            ("جنديان", "جندي"),
            ("سيارتان", "سيارة"),
            ("مستشفيات", "مستشفى"),
            ("نازحين", "نازح"),
            ("منازل", "منزل"),
            ("أشخاص", "شخص"),
            ("دولار", "دولار"),
            ("شاحنات", "شاحنة"),
        ];
        for (w, want) in cases {
            assert_eq!(lemma(w), want, "{w}");
        }
    }

    fn subj(text: &str, fig: &str, unit: Option<&str>, kind: &str) -> Option<String> {
        let mut toks = Vec::new();
        crate::text::tokens_into(text, 0, text.len(), &mut toks);
        let start = text.find(fig)?;
        subject(text, &toks, start, start + fig.len(), unit, kind)
    }

    #[test]
    fn modifiers_and_percentages() {
        let cases = [
            (
                "أطلقت روسيا 40 طائرة مسيّرة على المدينة",
                "40 طائرة",
                Some("طائرة"),
                "count",
                "طائرة مسيرة",
            ),
            (
                "أسقطت الدفاعات 12 طائرة بدون طيار",
                "12 طائرة",
                Some("طائرة"),
                "count",
                "طائرة مسيرة",
            ),
            (
                "أطلق الجيش ستة صواريخ باليستية",
                "ستة صواريخ",
                Some("صواريخ"),
                "count",
                "صاروخ باليستي",
            ),
            (
                "سقطت 300 قذيفة مدفعية على البلدة",
                "300 قذيفة",
                Some("قذيفة"),
                "count",
                "قذيفة مدفعية",
            ),
            (
                "قتل 600 جندي كوري شمالي",
                "600 جندي",
                Some("جندي"),
                "count",
                "جندي",
            ),
            (
                "ارتفعت نسبة البطالة إلى 12%",
                "12%",
                Some("%"),
                "percent",
                "% بطالة",
            ),
            (
                "صوت 55% من الناخبين بنعم",
                "55%",
                Some("%"),
                "percent",
                "% ناخب",
            ),
            ("نما الاقتصاد بنسبة 3%", "3%", Some("%"), "percent", "%"),
            (
                "وصلت 500 طن من القمح",
                "500 طن",
                Some("طن"),
                "quantity",
                "طن قمح",
            ),
            (
                "خصصت 5 ملايين دولار للإغاثة",
                "5 ملايين دولار",
                Some("دولار"),
                "money",
                "دولار",
            ),
        ];
        for (text, fig, unit, kind, want) in cases {
            assert_eq!(subj(text, fig, unit, kind).as_deref(), Some(want), "{text}");
        }
        assert_eq!(subj("جرح الآلاف", "الآلاف", None, "count"), None);
    }
}
