//! Rules on a match's context: when a spelling of a name is another word.
//!
//! The matcher finds every spelling of a name; some of those spellings are,
//! in their sentence, common words. Each rule below is general, with its
//! exceptions in a data file under `lists/`:
//!
//! * **Idioms** (`lists/idioms.tsv`): a name that is also a verbal noun with
//!   a fixed preposition (النيل من "to undermine") is the idiom when that
//!   preposition follows it.
//! * **Nisba adjectives**: a country name shaped like a feminine nisba
//!   (one word ending in ية with its article and no other proclitic:
//!   السعودية, not للسعودية or والسعودية) right after a
//!   definite feminine noun (ending in ة or ات, or listed in
//!   `lists/nisba-heads.txt`) is an adjective agreeing with that noun
//!   (الحكومة السعودية "the Saudi government"), not the place. After an
//!   indefinite noun it is the second term of a construct (عاصمة السعودية
//!   "the capital of Saudi Arabia") and stays the place. The same holds
//!   for an indefinite nisba after an indefinite noun (قوات سورية "Syrian
//!   forces", where سورية is also a spelling of Syria).
//! * **Tanwin** (needs the original text): a place name carrying tanwin
//!   fath on its last letter (إسبانياً، إسبانيًا) is an adverb ("in Spain"):
//!   names of places do not take it. Exceptions: after a proclitic (و ب ل
//!   ك ف) or a preposition (`lists/prepositions.txt`) the word is a noun,
//!   and the mark a stray one (إلى تنزانياً، وجورجيًا).
//! * **Folded words** (needs the original text, `lists/folded-words.txt`):
//!   a whole word written exactly like a common word that reads as a name
//!   only once ة is folded into ه or أ/إ into ا (جده "his grandfather",
//!   بابها "its door") is that word.
//!
//! * **Kinship particles**: a one-word place right after ابن، بن، أبو،
//!   بنت is part of a person's name (مستشفى ابن سينا: not Sinai).
//! * **Tanwin on a town named like a word** (needs the original text):
//!   a name of `lists/context-places.tsv` written with tanwin (جنينٍ "a
//!   fetus") is the word.
//!
//! Adjectives are dropped, or reported as `NORP` with the country's id when
//! [`crate::GazetteerBuilder::nisba_as_norp`] is set.
//!
//! Towns whose one-word name is a common word (صور "pictures", الرمادي
//! "grey") are reported only in a place context: [`places`].

use std::collections::HashSet;
use std::sync::OnceLock;

use khabar_normalize::{Normalizer, Profile};

use crate::Match;

pub(crate) mod places;

const IDIOMS: &str = include_str!("../lists/idioms.tsv");
const FOLDED_WORDS: &str = include_str!("../lists/folded-words.txt");
const NISBA_HEADS: &str = include_str!("../lists/nisba-heads.txt");
const PREPOSITIONS: &str = include_str!("../lists/prepositions.txt");

/// The type reported for a nisba adjective when asked to.
pub(crate) const NORP: &str = "NORP";

/// What a context rule decides about a match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// The name.
    Name,
    /// Another word: drop the match.
    Word,
    /// An adjective of the place: drop it, or report it as `NORP`.
    Adjective,
}

struct Lists {
    /// (name without article, following word), normalized.
    idioms: Vec<(String, String)>,
    /// Exact spellings (diacritics and tatweel removed), as characters.
    folded: Vec<Vec<char>>,
    /// Most characters of a folded word.
    folded_max: usize,
    /// Normalized definite heads.
    heads: HashSet<String>,
    /// Normalized prepositions.
    prepositions: HashSet<String>,
}

fn data_lines(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| {
        let n = Normalizer::new(Profile::Search);
        let norm = |s: &str| n.normalize(s.trim()).as_str().to_string();
        Lists {
            idioms: data_lines(IDIOMS)
                .filter_map(|l| l.split_once('\t'))
                .map(|(a, b)| (norm(a), norm(b)))
                .collect(),
            folded: data_lines(FOLDED_WORDS)
                .map(|w| strip_marks(w).chars().collect())
                .collect(),
            folded_max: data_lines(FOLDED_WORDS)
                .map(|w| strip_marks(w).chars().count())
                .max()
                .unwrap_or(0),
            heads: data_lines(NISBA_HEADS).map(norm).collect(),
            prepositions: data_lines(PREPOSITIONS).map(norm).collect(),
        }
    })
}

/// `s` without Arabic diacritics, tanwin, Quranic marks and tatweel.
fn strip_marks(s: &str) -> String {
    s.chars().filter(|&c| !is_mark(c)).collect()
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// Tanwin fath, the mark of the adverbial accusative (إسبانياً).
fn is_tanwin_fath(c: char) -> bool {
    c == '\u{064B}'
}

/// The word before byte `at` of the original text, across white space and
/// invisible format characters, without its marks and normalized.
fn source_word_before(source: &str, at: usize) -> Option<String> {
    let before = source.get(..at)?;
    let skip = |c: char| {
        c.is_whitespace()
            || is_mark(c)
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{00AD}')
    };
    let trimmed = before.trim_end_matches(skip);
    if trimmed.len() == before.len() {
        return None; // glued to the previous word
    }
    let start = trimmed
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_word_char(c) && !is_mark(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let w = strip_marks(&trimmed[start..]);
    let n = Normalizer::new(Profile::Search);
    Some(n.normalize(&w).as_str().to_string())
}

/// A definite word: its article after up to two proclitic letters.
fn is_definite(word: &str) -> bool {
    [
        "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وبال", "فبال",
    ]
    .iter()
    .any(|p| word.starts_with(p) && word.chars().count() >= p.chars().count() + 2)
}

/// `c.is_alphanumeric()`, with the Arabic letters and ASCII answered
/// before the Unicode tables (the words around every match are walked, and
/// the table search was a tenth of the gazetteer stage).
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || ('\u{0621}'..='\u{064A}').contains(&c)
        || (!c.is_ascii() && c.is_alphanumeric())
}

/// The word of `text` that ends right before byte `at` (one space between),
/// with its leading proclitics as written.
fn word_before(text: &str, at: usize) -> Option<&str> {
    let before = text.get(..at)?.strip_suffix(' ')?;
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let w = &before[start..];
    (!w.is_empty()).then_some(w)
}

/// The word of `text` that starts right after byte `at` (one space between).
fn word_after(text: &str, at: usize) -> Option<&str> {
    let after = text.get(at..)?.strip_prefix(' ')?;
    let end = after
        .char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(after.len(), |(i, _)| i);
    let w = &after[..end];
    (!w.is_empty()).then_some(w)
}

/// The rules that need only the normalized text; `m` spans `norm`.
pub(crate) fn on_normalized(norm: &str, m: &Match<'_>) -> Verdict {
    let Some(word) = norm.get(m.start..m.end) else {
        return Verdict::Name;
    };
    if word.contains(' ') {
        return Verdict::Name;
    }
    let plen = m.prefix.map_or(0, str::len);
    let bare = word.get(plen..).unwrap_or("");
    let bare_no_article = bare.strip_prefix("ال").unwrap_or(bare);
    if let Some(next) = word_after(norm, m.end)
        && lists()
            .idioms
            .iter()
            .any(|(n, f)| n == bare_no_article && f == next)
    {
        return Verdict::Word;
    }
    // An adjective carries its article and nothing else: a preposition
    // (للسعودية) or a conjunction (والسعودية) makes the word a noun.
    let definite = match m.prefix {
        None => bare.starts_with("ال"),
        Some(p) => p == "ال",
    };
    // A one-word place right after a kinship particle is the second part of
    // a person's name: ابن سينا (not Sinai), بن لادن. Names of several words
    // (أبو ظبي، أم درمان) are matched whole and never reach here; أم is
    // left out (it is also "or": دمشق أم بيروت).
    if m.kind == "LOC"
        && m.prefix.is_none()
        && word_before(norm, m.start).is_some_and(|w| matches!(w, "ابن" | "بن" | "ابو" | "بنت"))
    {
        return Verdict::Word;
    }
    if m.kind == "LOC"
        && bare.ends_with("يه")
        && let Some(prev) = word_before(norm, m.start)
    {
        let feminine = |w: &str| w.ends_with('ه') || w.ends_with("ات");
        // Definite noun, definite adjective: الحكومة السعودية.
        if definite && is_definite(prev) && (feminine(prev) || lists().heads.contains(prev)) {
            return Verdict::Adjective;
        }
        // Indefinite noun, indefinite adjective: قوات سورية "Syrian
        // forces", مصادر سورية.
        let indefinite = m.prefix.is_none() && !bare.starts_with("ال");
        if indefinite
            && !is_definite(prev)
            && prev.chars().count() >= 3
            && (feminine(prev)
                || lists()
                    .heads
                    .iter()
                    .any(|h| h.strip_prefix("ال") == Some(prev)))
        {
            return Verdict::Adjective;
        }
    }
    Verdict::Name
}

/// The rules that need the original text; `m` spans `source`.
pub(crate) fn on_source(source: &str, m: &Match<'_>) -> Verdict {
    let Some(word) = source.get(m.start..m.end) else {
        return Verdict::Name;
    };
    if m.kind == "LOC" && m.prefix.is_none() {
        let mut tail = word.chars().rev().filter(|&c| c != '\u{0640}');
        let last = tail.next();
        let tanwin = match last {
            // The adverb's two spellings: ـاً and ـًا (an alef carries it).
            Some(c) if is_tanwin_fath(c) => tail.next() == Some('\u{0627}'),
            Some('\u{0627}') => tail.next().is_some_and(is_tanwin_fath),
            _ => false,
        };
        // After a preposition the noun is genitive: a tanwin fath there is
        // a stray mark, and the word the place (إلى تنزانياً).
        let after_preposition = || {
            source_word_before(source, m.start).is_some_and(|w| lists().prepositions.contains(&w))
        };
        if tanwin && !after_preposition() {
            return Verdict::Adjective;
        }
    }
    // A town named like a common word (lists/context-places.tsv) written
    // with tanwin is the word: names of towns take none (جنينٍ "a fetus").
    if m.kind == "LOC" {
        let tanwin = word
            .chars()
            .rev()
            .take_while(|&c| is_mark(c))
            .any(|c| matches!(c, '\u{064B}'..='\u{064D}'));
        if tanwin && places::places().ids.contains_key(m.id) {
            return Verdict::Word;
        }
    }
    // A folded word is one short word: compared as written, marks left
    // out, without allocating (this runs on every match).
    let l = lists();
    if word.len() > 4 * (l.folded_max + 8) || word.chars().any(char::is_whitespace) {
        return Verdict::Name;
    }
    let same = |f: &Vec<char>| {
        let mut it = word.chars().filter(|&c| !is_mark(c));
        f.iter().all(|&c| it.next() == Some(c)) && it.next().is_none()
    };
    if l.folded.iter().any(same) {
        return Verdict::Word;
    }
    Verdict::Name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load() {
        let l = lists();
        assert!(l.idioms.iter().any(|(a, b)| a == "نيل" && b == "من"));
        let has = |w: &str| l.folded.iter().any(|f| f.iter().copied().eq(w.chars()));
        assert!(has("جده"));
        assert!(!has("جدة"));
        assert!(l.heads.contains("المصادر"));
    }

    #[test]
    fn neighbours() {
        let t = "قالت الحكومه السعوديه امس";
        let at = t.find("السعوديه").unwrap_or(0);
        assert_eq!(word_before(t, at), Some("الحكومه"));
        assert_eq!(word_after(t, at + "السعوديه".len()), Some("امس"));
        assert_eq!(word_before(t, 0), None);
        assert!(is_definite("والحكومه"));
        assert!(!is_definite("حكومه"));
        assert!(!is_definite("ال"));
    }
}
