//! Words of the normalized text, their shapes, and the candidate words
//! the rules start from.

use std::sync::LazyLock;

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
///
/// 16 bytes: every pass of the rules reads the words, so their offsets are
/// `u32` (a normalized text of 4 GiB or more is not tokenized: see
/// [`fits`]); [`Tok::s`] and [`Tok::e`] give them as `usize`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tok {
    /// Span in the normalized text.
    pub s: u32,
    pub e: u32,
    /// Sentence number.
    pub sent: u32,
    /// Punctuation (not just space or a hyphen) between the previous word
    /// and this one.
    pub hard: bool,
    pub shape: u8,
    /// Number of letters.
    pub letters: u8,
}

impl Tok {
    /// Where the word starts in the normalized text.
    #[inline(always)]
    pub fn s(&self) -> usize {
        self.s as usize
    }

    /// Where the word ends in the normalized text.
    #[inline(always)]
    pub fn e(&self) -> usize {
        self.e as usize
    }
}

/// Whether a normalized text of `len` bytes can be tokenized: its offsets
/// fit the `u32` of [`Tok`] (under 4 GiB). A longer text keeps only the
/// gazetteer's matches (see [`crate::Names::apply_into_spans`]).
#[inline]
pub(crate) fn fits(len: usize) -> bool {
    u32::try_from(len).is_ok()
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
/// One pass over the bytes, guided by bit masks of 64 bytes at a time
/// ([`Window`]). Most words (Arabic letters followed by one space and the
/// next word, or by punctuation) take a tight loop: the word is one
/// `trailing_ones`, a one-space gap two bit tests. The others (Latin
/// letters, digits, tatweel, other scripts, a word at the text's end) take
/// the general loop, where runs of Arabic letters and ASCII letters and
/// digits are still read from the masks and only the other characters are
/// decoded one at a time. A word's spans, shape and candidate test are
/// computed when its end is found, while its bytes are still in cache.
///
/// The masks are made 32 bytes at a time on x86_64 CPUs with AVX2, else
/// 16 (SSE2) or one byte at a time: the same masks (tested).
#[inline(never)]
pub(crate) fn tokenize(s: &str, lx: &Lexicon, out: &mut Vec<Tok>, cands: &mut Vec<u32>) {
    tokenize_with(s, lx, out, cands, Engine::detect());
}

/// [`tokenize`] with the given mask engine.
#[inline(always)]
fn tokenize_with(s: &str, lx: &Lexicon, out: &mut Vec<Tok>, cands: &mut Vec<u32>, engine: Engine) {
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
    let mut w = Window::at(bytes, 0, engine);
    let classes: &[u8; 0x800] = &CLASSES;
    while i < n {
        // Most words: Arabic letters, one space, and the next word's first
        // character, all in the window; the loop below is for the others.
        if i - w.base < w.valid {
            loop {
                let rel = i - w.base;
                let run = (w.arabic >> rel).trailing_ones() as usize;
                let end = rel + run;
                if end + 1 >= w.valid {
                    if w.valid == 64 && rel > 0 {
                        // The word or its space ends the window: a new
                        // window from the word's start.
                        w = Window::at(bytes, i, engine);
                        continue;
                    }
                    break;
                }
                if run == 0 {
                    break;
                }
                let e = i + run;
                let Some(&b0) = bytes.get(e) else {
                    break;
                };
                // One space and a word character (most words), or a
                // character that is no word character.
                let spaced = b0 == b' ' && (w.word >> (end + 1)) & 1 != 0;
                if !spaced {
                    let class = if b0 < 0x80 {
                        classes[usize::from(b0)]
                    } else if b0 < 0xE0 {
                        let b1 = bytes.get(e + 1).copied().unwrap_or(0);
                        classes[((usize::from(b0 & 0x1F) << 6) | usize::from(b1 & 0x3F)) & 0x7FF]
                    } else {
                        class_of(decode_at(s, e).0)
                    };
                    if class == sep::WORD {
                        break;
                    }
                }
                let t = out.len();
                out.push(Tok {
                    // The text fits `u32` (see `fits`).
                    s: i as u32,
                    e: e as u32,
                    hard,
                    sent,
                    // At most 32 letters in a window.
                    letters: (run / 2) as u8,
                    shape: article_shape_at(bytes, i, e),
                });
                hard = false;
                if lx.may_start_at(bytes, i, e) {
                    cands.push(t as u32);
                }
                if spaced {
                    i = e + 1;
                } else {
                    i = skip_separators(s, e, classes, &mut sent, &mut hard);
                    if i - w.base >= w.valid {
                        break;
                    }
                }
            }
        }
        let start = i;
        let mut letters = 0usize;
        let mut sh = 0u8;
        // The word's characters: runs of Arabic letters and ASCII letters
        // and digits from the window's masks, and any other word character
        // one at a time.
        loop {
            if i - w.base >= w.valid {
                if i >= n {
                    break;
                }
                w = Window::at(bytes, i, engine);
            }
            let rel = i - w.base;
            // Most words: Arabic letters up to a byte that is no word
            // character.
            let run = (w.arabic >> rel).trailing_ones() as usize;
            if rel + run < 64 && (w.word >> (rel + run)) & 1 == 0 {
                letters += run / 2;
                i += run;
                if i >= n || bytes[i] == b' ' {
                    break;
                }
            } else {
                let mut run = (w.word >> rel).trailing_ones() as usize;
                if run > 0 {
                    let full = rel + run == 64;
                    if full {
                        // The run reaches the window's end: stop before a
                        // letter whose second byte is in the next window.
                        run -= (w.lead >> 63) as usize;
                    }
                    let m = low_bits(run);
                    if (w.ascii >> rel) & m == 0 {
                        letters += run / 2;
                    } else {
                        for &b in &bytes[i..i + run] {
                            letters += usize::from(!(0x80..0xC0).contains(&b));
                            if b.is_ascii_alphabetic() {
                                sh |= shape::LATIN;
                            } else if b.is_ascii_digit() {
                                sh |= shape::DIGIT;
                            }
                        }
                    }
                    i += run;
                    if full {
                        if i < n {
                            w = Window::at(bytes, i, engine);
                        }
                        continue;
                    }
                }
                if i >= n || bytes[i] == b' ' {
                    break;
                }
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
                s: start as u32,
                e: i as u32,
                hard,
                sent,
                letters: letters.min(255) as u8,
                shape: sh | article_shape_at(bytes, start, i),
            });
            hard = false;
            // Words with a Latin letter or a digit are never looked up.
            if sh & (shape::LATIN | shape::DIGIT) == 0 && lx.may_start_at(bytes, start, i) {
                cands.push(t as u32);
            }
            // Most words are followed by one space and the next word.
            let rel = i - w.base;
            if rel + 1 < w.valid && bytes[i] == b' ' && (w.word >> (rel + 1)) & 1 != 0 {
                i += 1;
                continue;
            }
        }
        // The separators up to the next word.
        i = skip_separators(s, i, classes, &mut sent, &mut hard);
    }
}

/// The end of the separators from byte `i` of `s` (the next word's start
/// or the text's end), counting the sentence ends into `sent` and setting
/// `hard` at punctuation; one- and two-byte characters by table.
#[inline(always)]
fn skip_separators(
    s: &str,
    mut i: usize,
    classes: &[u8; 0x800],
    sent: &mut u32,
    hard: &mut bool,
) -> usize {
    let bytes = s.as_bytes();
    while let Some(&b0) = bytes.get(i) {
        let (class, width) = if b0 < 0x80 {
            (classes[usize::from(b0)], 1)
        } else if b0 < 0xE0
            && let Some(&b1) = bytes.get(i + 1)
        {
            let cp = (usize::from(b0 & 0x1F) << 6) | usize::from(b1 & 0x3F);
            (classes[cp & 0x7FF], 2)
        } else {
            let (c, width) = decode_at(s, i);
            (class_of(c), width)
        };
        match class {
            sep::WORD => break,
            sep::SENTENCE => {
                *sent += 1;
                *hard = true;
            }
            sep::HARD => *hard = true,
            _ => {}
        }
        i += width;
    }
    i
}

/// What a character is to the tokenizer.
mod sep {
    /// A word character ([`super::is_word`]).
    pub const WORD: u8 = 0;
    /// Space or a hyphen ([`super::soft`]).
    pub const SOFT: u8 = 1;
    /// Punctuation.
    pub const HARD: u8 = 2;
    /// Punctuation that ends a sentence ([`super::ends_sentence`]).
    pub const SENTENCE: u8 = 3;
}

/// The [`sep`] class of `c`.
fn class_of(c: char) -> u8 {
    if is_word(c) {
        sep::WORD
    } else if ends_sentence(c) {
        sep::SENTENCE
    } else if soft(c) {
        sep::SOFT
    } else {
        sep::HARD
    }
}

/// The [`sep`] classes of U+0000–U+07FF (the one- and two-byte
/// characters: ASCII and Arabic punctuation).
static CLASSES: LazyLock<[u8; 0x800]> = LazyLock::new(|| {
    let mut t = [sep::HARD; 0x800];
    for (cp, class) in t.iter_mut().enumerate() {
        if let Some(c) = u32::try_from(cp).ok().and_then(char::from_u32) {
            *class = class_of(c);
        }
    }
    t
});

/// The `k` low bits set (`k` <= 64).
#[inline]
fn low_bits(k: usize) -> u64 {
    if k >= 64 { !0 } else { (1u64 << k) - 1 }
}

/// Bit masks of 64 bytes of the text from `base` (bit `k` for byte
/// `base + k`).
#[derive(Clone, Copy, Debug)]
struct Window {
    base: usize,
    /// The bytes whose bits are exact: 64, or fewer at the text's end
    /// (the bits past it are 0).
    valid: usize,
    /// The first bytes of Arabic letters (U+0621–U+063A, U+0641–U+064A:
    /// D8 A1–D8 BA, D9 81–D9 8A).
    lead: u64,
    /// ASCII letters and digits.
    ascii: u64,
    /// Both bytes of the Arabic letters.
    arabic: u64,
    /// Both bytes of the Arabic letters, and the ASCII letters and digits:
    /// the word characters found without decoding.
    word: u64,
}

impl Window {
    /// The masks of the 64 bytes from `base` (`base` < `bytes.len()`, on
    /// a character boundary).
    #[inline(always)]
    fn at(bytes: &[u8], base: usize, engine: Engine) -> Window {
        // 65 bytes: a letter's second byte may be the one after the
        // window.
        let ((lead, ascii), valid) = match bytes
            .get(base..base + 65)
            .and_then(|c| c.first_chunk::<65>())
        {
            Some(c) => (engine.masks(c), 64),
            None => {
                let mut pad = [0u8; 65];
                let rest = bytes.get(base..).unwrap_or_default();
                let k = rest.len().min(65);
                pad[..k].copy_from_slice(&rest[..k]);
                (engine.masks(&pad), k.min(64))
            }
        };
        Window {
            base,
            valid,
            lead,
            ascii,
            arabic: lead | (lead << 1),
            word: lead | (lead << 1) | ascii,
        }
    }
}

/// How the masks are made: with AVX2 (32 bytes at a time) when the CPU
/// has it, else [`masks`].
#[derive(Clone, Copy, Debug)]
struct Engine {
    /// The CPU has AVX2 (only [`Engine::detect`] sets it).
    avx2: bool,
}

impl Engine {
    /// The best engine for this CPU.
    #[inline]
    fn detect() -> Engine {
        #[cfg(target_arch = "x86_64")]
        {
            Engine {
                avx2: std::arch::is_x86_feature_detected!("avx2"),
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            Engine { avx2: false }
        }
    }

    /// The engine without AVX2 (for the tests).
    #[cfg(test)]
    fn portable() -> Engine {
        Engine { avx2: false }
    }

    /// [`masks`] of `c`.
    #[inline(always)]
    fn masks(self, c: &[u8; 65]) -> (u64, u64) {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: `avx2` is set only when the CPU supports AVX2
            // (`Engine::detect`).
            return unsafe { avx2::masks(c) };
        }
        masks(c)
    }
}

/// The lead-byte mask and the ASCII letter-and-digit mask of the first
/// 64 bytes of `c` (its last byte is only read as a letter's second byte).
#[inline]
fn masks(c: &[u8; 65]) -> (u64, u64) {
    #[cfg(target_arch = "x86_64")]
    {
        sse2::masks(c)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        masks_scalar(c)
    }
}

/// [`masks`] one byte at a time (the reference for the vector version).
#[cfg(any(test, not(target_arch = "x86_64")))]
fn masks_scalar(c: &[u8; 65]) -> (u64, u64) {
    let (mut lead, mut ascii) = (0u64, 0u64);
    for k in 0..64 {
        lead |= u64::from(is_letter_pair(c[k], c[k + 1])) << k;
        ascii |= u64::from(c[k].is_ascii_alphanumeric()) << k;
    }
    (lead, ascii)
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

/// [`article_shape`] of the word `b[s..e]`, from one eight-byte load when
/// the text has eight bytes from `s`.
#[inline(always)]
fn article_shape_at(b: &[u8], s: usize, e: usize) -> u8 {
    const AL: u32 = u32::from_le_bytes([0xD8, 0xA7, 0xD9, 0x84]);
    const LL: u32 = u32::from_le_bytes([0xD9, 0x84, 0xD9, 0x84]);
    let Some(x) = b.get(s..).and_then(|r| r.first_chunk::<8>()) else {
        return article_shape(&b[s..e]);
    };
    let x = u64::from_le_bytes(*x);
    let n = e - s;
    if n < 4 {
        return 0;
    }
    if x as u32 == AL {
        return shape::DEF;
    }
    if x as u32 == LL {
        return shape::PREP_DEF;
    }
    if (x >> 16) as u32 != AL || n < 6 {
        return 0;
    }
    match (x as u16).to_le_bytes() {
        [0xD8, 0xA8] | [0xD9, 0x88 | 0x81 | 0x83] => shape::PREP_DEF,
        _ => 0,
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

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    /// [`super::masks`] 32 bytes at a time.
    ///
    /// # Safety
    ///
    /// The CPU must support AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn masks(c: &[u8; 65]) -> (u64, u64) {
        let p = c.as_ptr();
        // SAFETY: the unaligned loads read bytes 0..32, 1..33, 32..64 and
        // 33..65 of the 65 bytes of `c`.
        let (v0, n0, v1, n1) = unsafe {
            (
                _mm256_loadu_si256(p.cast()),
                _mm256_loadu_si256(p.add(1).cast()),
                _mm256_loadu_si256(p.add(32).cast()),
                _mm256_loadu_si256(p.add(33).cast()),
            )
        };
        let (l0, a0) = block(v0, n0);
        let (l1, a1) = block(v1, n1);
        (
            u64::from(l0) | (u64::from(l1) << 32),
            u64::from(a0) | (u64::from(a1) << 32),
        )
    }

    /// The lead bytes of Arabic letters and the ASCII letters and digits
    /// of the 32 bytes `v`, `next` being the same bytes shifted by one.
    #[inline]
    #[target_feature(enable = "avx2")]
    fn block(v: __m256i, next: __m256i) -> (u32, u32) {
        let l8 = _mm256_and_si256(
            _mm256_cmpeq_epi8(v, _mm256_set1_epi8(0xD8u8 as i8)),
            in_range(next, 0xA1, 0xBA),
        );
        let l9 = _mm256_and_si256(
            _mm256_cmpeq_epi8(v, _mm256_set1_epi8(0xD9u8 as i8)),
            in_range(next, 0x81, 0x8A),
        );
        let lead = _mm256_or_si256(l8, l9);
        let alpha = in_range(_mm256_or_si256(v, _mm256_set1_epi8(0x20)), b'a', b'z');
        let ascii = _mm256_or_si256(alpha, in_range(v, b'0', b'9'));
        (
            _mm256_movemask_epi8(lead) as u32,
            _mm256_movemask_epi8(ascii) as u32,
        )
    }

    /// The bytes of `x` in `lo..=hi` (unsigned; `hi - lo` < 128).
    #[inline]
    #[target_feature(enable = "avx2")]
    fn in_range(x: __m256i, lo: u8, hi: u8) -> __m256i {
        // x - lo + 128 maps lo..=hi to the lowest signed bytes.
        let lim = (hi - lo) as i8 - 127;
        let t = _mm256_add_epi8(x, _mm256_set1_epi8(128u8.wrapping_sub(lo) as i8));
        _mm256_cmpgt_epi8(_mm256_set1_epi8(lim), t)
    }
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::*;

    /// [`super::masks`] 16 bytes at a time.
    #[inline]
    pub(super) fn masks(c: &[u8; 65]) -> (u64, u64) {
        let p = c.as_ptr();
        let (mut lead, mut ascii) = (0u64, 0u64);
        for k in 0..4 {
            // SAFETY: SSE2 is part of x86_64; the two unaligned loads
            // read bytes 16k..16k+16 and 16k+1..16k+17 of the 65 bytes
            // of `c` (k < 4).
            let (v, next) = unsafe {
                (
                    _mm_loadu_si128(p.add(16 * k).cast()),
                    _mm_loadu_si128(p.add(16 * k + 1).cast()),
                )
            };
            let (l, a) = block(v, next);
            lead |= u64::from(l) << (16 * k);
            ascii |= u64::from(a) << (16 * k);
        }
        (lead, ascii)
    }

    /// The bytes of `x` in `lo..=hi` (unsigned; `hi - lo` < 128).
    #[inline(always)]
    fn in_range(x: __m128i, lo: u8, hi: u8) -> __m128i {
        // x - lo + 128 maps lo..=hi to the lowest signed bytes.
        let lim = (hi - lo) as i8 - 127;
        // SAFETY: SSE2 is part of x86_64 (value-only intrinsics).
        unsafe {
            let t = _mm_add_epi8(x, _mm_set1_epi8(128u8.wrapping_sub(lo) as i8));
            _mm_cmplt_epi8(t, _mm_set1_epi8(lim))
        }
    }

    /// The lead bytes of Arabic letters and the ASCII letters and digits
    /// of the 16 bytes `v`, `next` being the same bytes shifted by one.
    #[inline(always)]
    fn block(v: __m128i, next: __m128i) -> (u32, u32) {
        // SAFETY: SSE2 is part of x86_64 (value-only intrinsics).
        unsafe {
            let l8 = _mm_and_si128(
                _mm_cmpeq_epi8(v, _mm_set1_epi8(0xD8u8 as i8)),
                in_range(next, 0xA1, 0xBA),
            );
            let l9 = _mm_and_si128(
                _mm_cmpeq_epi8(v, _mm_set1_epi8(0xD9u8 as i8)),
                in_range(next, 0x81, 0x8A),
            );
            let lead = _mm_or_si128(l8, l9);
            let alpha = in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), b'a', b'z');
            let ascii = _mm_or_si128(alpha, in_range(v, b'0', b'9'));
            (
                _mm_movemask_epi8(lead) as u32 & 0xFFFF,
                _mm_movemask_epi8(ascii) as u32 & 0xFFFF,
            )
        }
    }
}

/// Whether the two bytes are an Arabic letter (U+0621–U+063A, U+0641–U+064A).
#[cfg(any(test, not(target_arch = "x86_64")))]
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
                    s: st as u32,
                    e: i as u32,
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
            s: st as u32,
            e: s.len() as u32,
            hard,
            sent,
            letters: letters.min(255) as u8,
            shape: sh,
        });
    }
    for (t, tok) in out.iter_mut().enumerate() {
        let b = &bytes[tok.s()..tok.e()];
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
        // The portable masks give the same words as the detected engine's.
        let (mut c, mut cc) = (Vec::new(), Vec::new());
        tokenize_with(
            norm.as_str(),
            lexicon(),
            &mut c,
            &mut cc,
            Engine::portable(),
        );
        assert_eq!((&c, &cc), (&a, &ac));
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

    /// The words' `u32` offsets hold any text under 4 GiB; a longer one is
    /// not tokenized (`Names::apply_into_spans` keeps the matches).
    #[test]
    fn offsets_fit_below_four_gib_only() {
        assert!(fits(0));
        assert!(fits(u32::MAX as usize));
        assert!(!fits(u32::MAX as usize + 1));
        assert_eq!(std::mem::size_of::<Tok>(), 16);
    }

    /// Every word start and end at every offset of the 64-byte windows:
    /// words of one to forty letters after a prefix of 0 to 129 bytes.
    #[test]
    fn one_pass_tokenizer_equals_the_reference_at_every_window_offset() {
        for pre in 0..130 {
            for (k, w) in ["ب", "محمد", "الاستقلالية", "ابو ظبي", "a1", "بـب"]
                .iter()
                .enumerate()
            {
                let prefix: String = (0..pre)
                    .map(|j| if (j + k) % 7 == 6 { ' ' } else { 'x' })
                    .collect();
                let text = format!("{prefix} {w} {}، {w}", "ن".repeat(pre % 41));
                let (a, b) = both(&text);
                assert_eq!(a, b, "{text}");
                let (a, b) = both(&format!("{w}{prefix}{w}"));
                assert_eq!(a, b, "{pre} {w}");
            }
        }
    }

    /// The vector masks (SSE2, and AVX2 when the CPU has it) equal the
    /// scalar ones on random bytes weighted to the Arabic lead and
    /// continuation bytes and ASCII.
    #[test]
    fn window_masks_equal_the_scalar_masks() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let pool = [
            0xD8, 0xD9, 0xD8, 0xD9, 0xA0, 0xA1, 0xBA, 0xBB, 0x80, 0x81, 0x8A, 0x8B, 0x20, b'0',
            b'9', b'a', b'z', b'A', b'Z', b'@', b'[', b'`', b'{', b'/', b':', 0x00, 0xFF, 0x7F,
        ];
        for _ in 0..20_000 {
            let mut c = [0u8; 65];
            for b in &mut c {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                *b = if x.is_multiple_of(4) {
                    (x >> 8) as u8
                } else {
                    pool[(x >> 8) as usize % pool.len()]
                };
            }
            assert_eq!(masks(&c), masks_scalar(&c), "{c:x?}");
            assert_eq!(Engine::detect().masks(&c), masks_scalar(&c), "{c:x?}");
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
                    // Long words (across the 64-byte windows), the
                    // article's shapes, tatweel inside a word.
                    "الاستقلاليةوالديمقراطيةوالمساواة", "والرئيس", "للرئيس", "بالرئيس",
                    "ولل", "مـحمد", "abc123", " محمد ", " ال ", "ـ\u{200c}ـ",
                    // Punctuation right after a word.
                    "“", "”", "«", "»", "(", ")", ":", "؛", "\u{06d4}", "\r\n",
                ]),
                0..200,
            )
        ) {
            let text: String = parts.concat();
            let (a, b) = both(&text);
            proptest::prop_assert_eq!(a, b);
        }
    }
}
