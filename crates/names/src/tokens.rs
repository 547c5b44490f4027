//! Words of the normalized text, with their classes and their spans in the
//! original text.

use khabar_normalize::NormalizedText;

use crate::lexicon::{Lexicon, Lookup};

/// Shape bits of a token.
pub(crate) mod shape {
    /// Starts with the article ال (as written, no proclitic before it).
    pub const DEF: u8 = 1 << 0;
    /// Starts with a proclitic and the article (لل، بال، وال، فال، كال).
    pub const PREP_DEF: u8 = 1 << 1;
    /// Has a Latin letter.
    pub const LATIN: u8 = 1 << 2;
    /// Has a digit.
    pub const DIGIT: u8 = 1 << 3;
    /// Written with a final alef maqsura ى in the original (على، إلى).
    pub const MAQSURA: u8 = 1 << 4;
    /// Ends with an attached pronoun (ـه written as ه, not ة; ـها، ـهم،
    /// ـهما، ـكم) and is long enough for that to be a suffix (التزامه).
    pub const PRONOUN: u8 = 1 << 5;
}

/// One word.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Tok {
    /// Span in the normalized text.
    pub s: usize,
    pub e: usize,
    /// Span in the original text.
    pub os: usize,
    pub oe: usize,
    /// Original offset where the word proper starts (after the proclitics
    /// the lexicon stripped).
    pub os_stem: usize,
    pub lk: Lookup,
    /// Punctuation (not just space or a hyphen) between the previous word
    /// and this one.
    pub hard: bool,
    /// Sentence number.
    pub sent: u32,
    pub shape: u8,
    /// Number of letters.
    pub letters: u8,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '\n' | '\r' | '…')
}

fn soft(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '–' | '_')
}

/// Splits `norm` into words and classifies them.
pub(crate) fn tokenize(text: &str, norm: &NormalizedText, lx: &Lexicon, out: &mut Vec<Tok>) {
    out.clear();
    let s = norm.as_str();
    let mut sent = 0u32;
    let mut hard = true;
    let mut start: Option<usize> = None;
    let mut letters = 0u8;
    let mut sh = 0u8;
    let mut push = |st: usize, en: usize, hard: bool, sent: u32, letters: u8, sh: u8| {
        let word = &s[st..en];
        let mut shape = sh;
        if word.starts_with("ال") {
            shape |= shape::DEF;
        }
        for p in ["لل", "بال", "وال", "فال", "كال"] {
            if word.starts_with(p) {
                shape |= shape::PREP_DEF;
            }
        }
        let lk = if shape & (shape::LATIN | shape::DIGIT) == 0 {
            lx.lookup(word)
        } else {
            Lookup::default()
        };
        let os = norm.to_original(st);
        let oe = norm.to_original_end(en);
        let os_stem = norm.to_original(st + usize::from(lk.pre));
        let orig = text.get(os..oe).unwrap_or("");
        if orig.ends_with('ى') {
            shape |= shape::MAQSURA;
        }
        let suffixed = orig.trim_end_matches(|c: char| ('\u{064B}'..='\u{065F}').contains(&c));
        if letters >= 5
            && (suffixed.ends_with('ه')
                || ["ها", "هم", "هما", "كم"].iter().any(|x| word.ends_with(x)))
        {
            shape |= shape::PRONOUN;
        }
        out.push(Tok {
            s: st,
            e: en,
            os,
            oe,
            os_stem,
            lk,
            hard,
            sent,
            shape,
            letters,
        });
    };
    for (i, c) in s.char_indices() {
        if is_word(c) {
            if start.is_none() {
                start = Some(i);
                letters = 0;
                sh = 0;
            }
            letters = letters.saturating_add(1);
            if c.is_ascii_alphabetic() {
                sh |= shape::LATIN;
            } else if c.is_numeric() {
                sh |= shape::DIGIT;
            }
        } else {
            if let Some(st) = start.take() {
                push(st, i, hard, sent, letters, sh);
                hard = false;
            }
            if ends_sentence(c) {
                sent += 1;
                hard = true;
            } else if !soft(c) {
                hard = true;
            }
        }
    }
    if let Some(st) = start {
        push(st, s.len(), hard, sent, letters, sh);
    }
}
