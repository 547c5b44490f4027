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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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

fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '\n' | '\r' | '…')
}

fn soft(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '–' | '_')
}

/// Splits `s` (search-normalized) into words, and lists in `cands` the
/// words that may start a rule or be an ambiguous surface (see
/// [`Lexicon::may_start_at`]).
///
/// One pass over the bytes: a word's spans, shape and candidate test are
/// computed when its end is found, while its bytes are still in cache.
/// Runs of Arabic letters, most of a news text, are tested eight letters
/// at a time ([`arabic_run`]), and a single space takes a short path.
pub(crate) fn tokenize(s: &str, lx: &Lexicon, out: &mut Vec<Tok>, cands: &mut Vec<u32>) {
    out.clear();
    cands.clear();
    // A news word is about six letters and a space (12 bytes); a text
    // whose words are shorter grows the vector past this estimate once or
    // twice instead of a doubling series from zero (and a huge document
    // does not end up with twice the room it needs).
    out.reserve(s.len() / 10 + 16);
    let bytes = s.as_bytes();
    let n = bytes.len();
    let mut sent = 0u32;
    let mut hard = true;
    let mut i = 0;
    while i < n {
        let start = i;
        let mut letters = 0usize;
        let mut sh = 0u8;
        // The word's characters: runs of Arabic letters, and any other
        // word character one at a time.
        loop {
            let run = arabic_run(bytes, i);
            letters += run / 2;
            i += run;
            if i >= n || bytes[i] == b' ' {
                break;
            }
            let (c, width) = decode_at(s, i);
            if !is_word(c) {
                break;
            }
            letters += 1;
            if c.is_ascii_alphabetic() {
                sh |= shape::LATIN;
            } else if is_digit(c) {
                sh |= shape::DIGIT;
            }
            i += width;
        }
        if i > start {
            let t = out.len();
            out.push(Tok {
                s: start,
                e: i,
                hard,
                sent,
                letters: letters.min(255) as u8,
                shape: sh | article_shape(&bytes[start..i]),
            });
            hard = false;
            // Words with a Latin letter or a digit are never looked up.
            if sh & (shape::LATIN | shape::DIGIT) == 0 && lx.may_start_at(bytes, start, i) {
                cands.push(t as u32);
            }
        }
        // The separators up to the next word; most are one space.
        while i < n {
            let b0 = bytes[i];
            if b0 == b' ' {
                i += 1;
                continue;
            }
            if let Some(&b1) = bytes.get(i + 1)
                && is_letter_pair(b0, b1)
            {
                break;
            }
            let (c, width) = decode_at(s, i);
            if is_word(c) {
                break;
            }
            if ends_sentence(c) {
                sent += 1;
                hard = true;
            } else if !soft(c) {
                hard = true;
            }
            i += width;
        }
    }
}

/// The article shapes of a word: [`shape::DEF`] and [`shape::PREP_DEF`].
#[inline]
fn article_shape(b: &[u8]) -> u8 {
    // ال is D8 A7 D9 84; لل D9 84 D9 84; بال/وال/فال/كال a proclitic
    // letter then ال.
    let mut sh = 0;
    if b.starts_with(&[0xD8, 0xA7, 0xD9, 0x84]) {
        sh |= shape::DEF;
    }
    let proclitic = matches!(b.get(..2), Some([0xD8, 0xA8] | [0xD9, 0x88 | 0x81 | 0x83]));
    if b.starts_with(&[0xD9, 0x84, 0xD9, 0x84])
        || (proclitic && b.get(2..6) == Some(&[0xD8, 0xA7, 0xD9, 0x84][..]))
    {
        sh |= shape::PREP_DEF;
    }
    sh
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

/// The length in bytes of the run of Arabic letters (U+0621–U+063A,
/// U+0641–U+064A: D8 A1–D8 BA, D9 81–D9 8A) at byte `i` of `b`.
///
/// Eight letters (16 bytes) at a time while 16 bytes remain, each two-byte
/// letter tested as a 16-bit lane (a news word is one step); the rest one
/// letter at a time.
#[inline]
fn arabic_run(b: &[u8], i: usize) -> usize {
    let mut n = i;
    while let Some(chunk) = b.get(n..n + 16) {
        let k = letters_in_chunk(chunk);
        n += 2 * k;
        if k < 8 {
            return n - i;
        }
    }
    while let Some(&[b0, b1]) = b.get(n..n + 2) {
        if !is_letter_pair(b0, b1) {
            break;
        }
        n += 2;
    }
    n - i
}

/// The number of Arabic letters (0 to 8) at the start of a 16-byte chunk.
#[inline]
fn letters_in_chunk(chunk: &[u8]) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        sse2::letters(chunk)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        chunk
            .chunks_exact(2)
            .take_while(|p| is_letter_pair(p[0], p[1]))
            .count()
    }
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::*;

    /// The number of Arabic letters (0 to 8) at the start of `chunk` (16
    /// bytes or more): each 16-bit lane is a letter's lead byte (low) and
    /// continuation byte (high).
    #[inline]
    pub(super) fn letters(chunk: &[u8]) -> usize {
        let Some(c) = chunk.first_chunk::<16>() else {
            return 0;
        };
        // SAFETY: SSE2 is part of x86_64; the unaligned load reads the 16
        // bytes of `c`.
        let mask = unsafe {
            let v = _mm_loadu_si128(c.as_ptr().cast());
            let lead = _mm_and_si128(v, _mm_set1_epi16(0xFF));
            let cont = _mm_srli_epi16::<8>(v);
            let d8 = _mm_cmpeq_epi16(lead, _mm_set1_epi16(0xD8));
            let d9 = _mm_cmpeq_epi16(lead, _mm_set1_epi16(0xD9));
            let r8 = _mm_and_si128(
                _mm_cmpgt_epi16(cont, _mm_set1_epi16(0xA0)),
                _mm_cmplt_epi16(cont, _mm_set1_epi16(0xBB)),
            );
            let r9 = _mm_and_si128(
                _mm_cmpgt_epi16(cont, _mm_set1_epi16(0x80)),
                _mm_cmplt_epi16(cont, _mm_set1_epi16(0x8B)),
            );
            let letter = _mm_or_si128(_mm_and_si128(d8, r8), _mm_and_si128(d9, r9));
            _mm_movemask_epi8(letter) as u32
        };
        // Two mask bits per lane; the first lane that is no letter ends it.
        (mask.trailing_ones() / 2) as usize
    }
}

/// Whether the two bytes are an Arabic letter (U+0621–U+063A, U+0641–U+064A).
#[inline]
fn is_letter_pair(b0: u8, b1: u8) -> bool {
    let x = u16::from_be_bytes([b0, b1]);
    x.wrapping_sub(0xD8A1) <= 0xD8BA - 0xD8A1 || x.wrapping_sub(0xD981) <= 0xD98A - 0xD981
}

/// The tokenizer before the single pass (two passes, one letter at a
/// time): the reference the tests compare [`tokenize`] with.
#[cfg(test)]
pub(crate) fn tokenize_reference(s: &str, lx: &Lexicon, out: &mut Vec<Tok>, cands: &mut Vec<u32>) {
    out.clear();
    cands.clear();
    let mut sent = 0u32;
    let mut hard = true;
    let mut start: Option<usize> = None;
    let mut letters = 0usize;
    let mut sh = 0u8;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let mut run = 0;
        while let [b0, b1, ..] = bytes[i + run..] {
            let letter = (b0 == 0xD8 && b1.wrapping_sub(0xA1) <= 0xBA - 0xA1)
                || (b0 == 0xD9 && b1.wrapping_sub(0x81) <= 0x8A - 0x81);
            if !letter {
                break;
            }
            run += 2;
        }
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
                out.push(Tok {
                    s: st,
                    e: i,
                    hard,
                    sent,
                    letters: letters.min(255) as u8,
                    shape: sh,
                });
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
        out.push(Tok {
            s: st,
            e: s.len(),
            hard,
            sent,
            letters: letters.min(255) as u8,
            shape: sh,
        });
    }
    for (t, tok) in out.iter_mut().enumerate() {
        let b = &bytes[tok.s..tok.e];
        tok.shape |= article_shape(b);
        if tok.shape & (shape::LATIN | shape::DIGIT) == 0 && lx.may_start(b) {
            cands.push(t as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use khabar_normalize::{Normalizer, Profile};
    use std::sync::OnceLock;

    fn lexicon() -> &'static Lexicon {
        static LX: OnceLock<Lexicon> = OnceLock::new();
        LX.get_or_init(|| Lexicon::builtin(&Normalizer::new(Profile::Search)).expect("lexicon"))
    }

    /// Words and candidates.
    type Words = (Vec<Tok>, Vec<u32>);

    /// Both tokenizers on `text` (search-normalized first).
    fn both(text: &str) -> (Words, Words) {
        let norm = Normalizer::new(Profile::Search).normalize(text);
        let (mut a, mut ac, mut b, mut bc) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        tokenize(norm.as_str(), lexicon(), &mut a, &mut ac);
        tokenize_reference(norm.as_str(), lexicon(), &mut b, &mut bc);
        ((a, ac), (b, bc))
    }

    #[test]
    fn one_pass_tokenizer_equals_the_reference_on_news() {
        let text = "قال الرئيس التونسي الأسبق الباجي قايد السبسي إن تونس بخير، وأضاف: \
                    «الحوار مستمر» (2024). وقالت شركة Apple إن ٣ وفود وصلت — الاستقلاليةوالديمقراطيةوالمساواة؟ \
                    نعم! محمد بن سلمان…\nسطر جديد ـ ﻻ ءآأؤإئ";
        let (a, b) = both(text);
        assert!(a.0.len() >= 25, "{:?}", a.0);
        assert_eq!(a, b);
        assert!(!a.1.is_empty());
        // Long runs of letters (over eight letters, across chunks) and a
        // word ending the text.
        for n in 1..40 {
            let w = "ب".repeat(n);
            let (a, b) = both(&format!("{w} و{w}"));
            assert_eq!(a, b, "{n}");
            assert_eq!(a.0.len(), 2);
            assert_eq!(usize::from(a.0[0].letters), n.min(255));
        }
    }

    proptest::proptest! {
        /// The one-pass tokenizer gives the same words, shapes and
        /// candidates as the two-pass one on any mix of Arabic letters and
        /// marks, Latin letters, digits, punctuation and other scripts.
        #[test]
        fn one_pass_tokenizer_equals_the_reference(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "ا", "ل", "م", "ح", "د", "ب", "و", "ف", "ك", "ي", "ة", "ء", "ى", "ئ",
                    "ال", "محمد", "الرئيس", "قال", "شركه", "بن", "ابو", "عمان", "ـ", "َ",
                    " ", " ", "  ", ".", "،", "؟", "!", "-", "\n", "\u{200c}", "a", "Z", "7",
                    "٣", "۵", "é", "Ж", "中", "😀", "\u{0671}", "\u{06A9}", "\u{0660}", "…",
                ]),
                0..60,
            )
        ) {
            let text: String = parts.concat();
            let (a, b) = both(&text);
            proptest::prop_assert_eq!(a, b);
        }
    }
}
