//! Words of the normalized text, their shapes, and the candidate words
//! the rules start from.

use crate::lexicon::Lexicon;

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
}

/// One word. Its classes and its span in the original text are computed
/// only when a rule needs them (see [`crate::rules`]).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Tok {
    /// Span in the normalized text.
    pub s: usize,
    pub e: usize,
    /// Punctuation (not just space or a hyphen) between the previous word
    /// and this one.
    pub hard: bool,
    /// Sentence number.
    pub sent: u32,
    pub shape: u8,
    /// Number of letters.
    pub letters: u8,
}

/// Letters (any script) and digits. Arabic letters and ASCII are decided
/// by range: the Unicode tables are slow, and they are most of the text.
#[inline]
fn is_word(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\u{7f}' => false,
        '\u{0621}'..='\u{064A}' | '\u{0660}'..='\u{0669}' | '\u{066E}'..='\u{06D3}' => true,
        '\u{0080}'..='\u{00BF}'
        | '\u{0600}'..='\u{0620}'
        | '\u{064B}'..='\u{065F}'
        | '\u{066A}'..='\u{066D}'
        | '\u{2000}'..='\u{206F}'
        | '\u{FE70}'..='\u{FE7F}' => false,
        _ => c.is_alphanumeric(),
    }
}

#[inline]
fn is_digit(c: char) -> bool {
    match c {
        '0'..='9' | '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => true,
        '\0'..='\u{7f}' | '\u{0621}'..='\u{064A}' => false,
        _ => c.is_numeric(),
    }
}

/// The length in bytes of the run of Arabic letters (U+0621–U+063A,
/// U+0641–U+064A) at the start of `b`.
#[inline]
fn arabic_run(b: &[u8]) -> usize {
    let mut n = 0;
    while let [b0, b1, ..] = b[n..] {
        let letter = (b0 == 0xD8 && b1.wrapping_sub(0xA1) <= 0xBA - 0xA1)
            || (b0 == 0xD9 && b1.wrapping_sub(0x81) <= 0x8A - 0x81);
        if !letter {
            break;
        }
        n += 2;
    }
    n
}

fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '\n' | '\r' | '…')
}

fn soft(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '–' | '_')
}

/// Splits `s` (search-normalized) into words, and lists in `cands` the
/// words that may start a rule or be an ambiguous surface (see
/// [`Lexicon::may_start`]).
pub(crate) fn tokenize(s: &str, lx: &Lexicon, out: &mut Vec<Tok>, cands: &mut Vec<u32>) {
    out.clear();
    cands.clear();
    word_spans(s, out);
    shapes_and_candidates(s.as_bytes(), lx, out, cands);
}

/// Tokenizer pass 1: pushes the word spans of `s` onto `out`.
#[inline]
fn word_spans(s: &str, out: &mut Vec<Tok>) {
    // Pass 1: word spans in the normalized text. `letters` counts in a
    // usize and is capped at 255 when the word is pushed (the same as
    // saturating a u8 at every letter).
    let mut sent = 0u32;
    let mut hard = true;
    let mut start: Option<usize> = None;
    let mut letters = 0usize;
    let mut sh = 0u8;
    let mut push = |st: usize, en: usize, hard: bool, sent: u32, letters: usize, sh: u8| {
        out.push(Tok {
            s: st,
            e: en,
            hard,
            sent,
            letters: letters.min(255) as u8,
            shape: sh,
        });
    };
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Fast path: a run of Arabic letters (U+0621–U+063A, U+0641–U+064A:
        // D8 A1–D8 BA, D9 81–D9 8A) continues or starts a word, nothing
        // else to do; consumed two bytes at a time in a tight loop.
        let run = arabic_run(&bytes[i..]);
        if run > 0 {
            if start.is_none() {
                start = Some(i);
                letters = 0;
                sh = 0;
            }
            letters += run / 2;
            i += run;
            if i >= bytes.len() {
                break;
            }
        }
        // Decode one character; ASCII and two-byte characters without the
        // general decoder (they are nearly all of a news text).
        let (c, width) = decode_at(s, i);
        if is_word(c) {
            if start.is_none() {
                start = Some(i);
                letters = 0;
                sh = 0;
            }
            letters += 1;
            if c.is_ascii_alphabetic() {
                sh |= shape::LATIN;
            } else if is_digit(c) {
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
        i += width;
    }
    if let Some(st) = start {
        push(st, s.len(), hard, sent, letters, sh);
    }
}

/// Tokenizer step: the character at byte `i` of `s` and its width in bytes;
/// ASCII and two-byte characters without the general decoder.
#[inline]
fn decode_at(s: &str, i: usize) -> (char, usize) {
    let bytes = s.as_bytes();
    let b0 = bytes[i];
    if b0 < 0x80 {
        (char::from(b0), 1)
    } else if (0xC2..=0xDF).contains(&b0)
        && let Some(&b1) = bytes.get(i + 1)
    {
        let cp = (u32::from(b0 & 0x1F) << 6) | u32::from(b1 & 0x3F);
        (char::from_u32(cp).unwrap_or('\u{FFFD}'), 2)
    } else {
        match s.get(i..).and_then(|r| r.chars().next()) {
            Some(c) => (c, c.len_utf8()),
            None => ('\u{FFFD}', 1),
        }
    }
}

/// Tokenizer pass 2: the shapes that need the whole word, and the
/// candidate words in `cands`.
#[inline]
fn shapes_and_candidates(bytes: &[u8], lx: &Lexicon, out: &mut [Tok], cands: &mut Vec<u32>) {
    // Pass 2: the shapes that need the whole word, and the candidates.
    for (t, tok) in out.iter_mut().enumerate() {
        let b = &bytes[tok.s..tok.e];
        // ال is D8 A7 D9 84; لل D9 84 D9 84; بال/وال/فال/كال a proclitic
        // letter then ال.
        if b.starts_with(&[0xD8, 0xA7, 0xD9, 0x84]) {
            tok.shape |= shape::DEF;
        }
        let proclitic = matches!(b.get(..2), Some([0xD8, 0xA8] | [0xD9, 0x88 | 0x81 | 0x83]));
        if b.starts_with(&[0xD9, 0x84, 0xD9, 0x84])
            || (proclitic && b.get(2..6) == Some(&[0xD8, 0xA7, 0xD9, 0x84][..]))
        {
            tok.shape |= shape::PREP_DEF;
        }
        // Words with a Latin letter or a digit are never looked up.
        if tok.shape & (shape::LATIN | shape::DIGIT) == 0 && lx.may_start(b) {
            cands.push(t as u32);
        }
    }
}
