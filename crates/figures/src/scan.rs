//! The candidate scan: finds the few places where a figure may start, so
//! that the parser runs only there.
//!
//! One pass over the bytes of the normalized text. A figure starts either
//! at a digit or at a word whose stem (after at most two proclitics) is a
//! number word, a vague plural, an ordinal or a dual: the scan keeps a
//! bitmap of the first three letters of every such form (forms with the
//! article ال keyed by the letters after it) and probes it once per
//! clitic reading of each word, and it flags words ending in تين/تان for
//! the feminine-dual rule. This is a small automaton over Arabic letters:
//! no hashing, no allocation, one table lookup per word reading. The
//! fast path runs the same test as a small automaton over the first
//! letters of the word ([`dfa`]): a fixed number of table moves per word
//! and one branch.

mod dfa;

use dfa::WordDfa;

/// Six-bit code of a normalized Arabic letter (ء…ي → 1…42), 0 for any
/// other character of a word (marks, other Arabic letters).
const fn code(lead: u8, next: u8) -> u8 {
    match (lead, next) {
        (0xD8, 0xA1..=0xBA) => next - 0xA0,
        (0xD9, 0x81..=0x8A) => next - 0x80 + 0x20,
        _ => 0,
    }
}

fn letter_code(c: char) -> u8 {
    let mut b = [0u8; 4];
    let s = c.encode_utf8(&mut b);
    if s.len() == 2 { code(b[0], b[1]) } else { 0 }
}

const ALEF: u8 = 0x27 - 0x20;
const LAM: u8 = 0x44 - 0x40 + 0x20;
const WAW: u8 = 0x48 - 0x40 + 0x20;
const FA: u8 = 0x41 - 0x40 + 0x20;
const BA: u8 = 0x28 - 0x20;
const KAF: u8 = 0x43 - 0x40 + 0x20;
const TA: u8 = 0x2A - 0x20;
const YA: u8 = 0x4A - 0x40 + 0x20;
const NUN: u8 = 0x46 - 0x40 + 0x20;

fn key(l: &[u8]) -> usize {
    match l.len() {
        0 => 0,
        1 => l[0] as usize,
        2 => (l[0] as usize) << 6 | l[1] as usize,
        _ => (l[0] as usize) << 12 | (l[1] as usize) << 6 | l[2] as usize,
    }
}

/// Bitmaps of trigger prefixes.
#[derive(Debug)]
pub(crate) struct Scanner {
    /// Stems without the article: first min(3, len) letters.
    plain: Vec<u64>,
    /// Stems with the article: the min(3, len) letters after ال.
    al: Vec<u64>,
    /// Dual forms of countable nouns (no article): probed only for words
    /// ending in ين or ان, so that the frequent singulars (يوم، جندي،
    /// طائرة) cost nothing.
    dual: Vec<u64>,
    /// The clitic readings and the two tables above as one automaton
    /// (None only if it would not fit its table: then the probes run).
    dfa: Option<WordDfa>,
}

/// A candidate found by the scan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hit {
    /// A digit at this byte.
    Digit(usize),
    /// A word at this byte range.
    Word(usize, usize),
}

const BITS: usize = 1 << 18;

impl Scanner {
    /// Builds the bitmaps from the folded trigger forms (no clitics).
    pub(crate) fn new<'a>(
        forms: impl IntoIterator<Item = &'a str>,
        duals: impl IntoIterator<Item = &'a str>,
    ) -> Scanner {
        let mut s = Scanner {
            plain: vec![0; BITS / 64],
            al: vec![0; BITS / 64],
            dual: vec![0; BITS / 64],
            dfa: None,
        };
        let (mut plain_keys, mut al_keys) = (Vec::new(), Vec::new());
        for f in duals {
            let l: Vec<u8> = f.chars().map(letter_code).collect();
            if l.len() < 3 || l.contains(&0) {
                continue;
            }
            let k = key(&l[..3]);
            s.dual[k / 64] |= 1 << (k % 64);
        }
        for f in forms {
            let l: Vec<u8> = f.chars().map(letter_code).collect();
            if l.is_empty() || l.contains(&0) {
                continue;
            }
            if l.len() >= 4 && l[0] == ALEF && l[1] == LAM {
                let k = key(&l[2..l.len().min(5)]);
                s.al[k / 64] |= 1 << (k % 64);
                al_keys.push(l[2..l.len().min(5)].to_vec());
            } else {
                let k = key(&l[..l.len().min(3)]);
                s.plain[k / 64] |= 1 << (k % 64);
                plain_keys.push(l[..l.len().min(3)].to_vec());
            }
        }
        for keys in [&mut plain_keys, &mut al_keys] {
            keys.sort();
            keys.dedup();
        }
        s.dfa = WordDfa::build(&plain_keys, &al_keys);
        s
    }

    /// [`Scanner::word_hits`] with the automaton in place of the probes
    /// of the clitic readings.
    #[inline(always)]
    fn word_hits_fast(&self, l: u64, n: usize, last3: [u8; 3]) -> bool {
        let Some(dfa) = &self.dfa else {
            return self.word_hits(l, n, last3);
        };
        let m = if n >= 8 {
            u64::MAX
        } else {
            (1u64 << (8 * n)) - 1
        };
        let syms = (l & m) | (dfa::END_BYTES & !m);
        dfa.accepts(syms) || self.end_hits(l, n, last3)
    }

    /// The two tests on the end of a word: تين / تان (the feminine dual
    /// rule), and ين / ان after the first letters of a dual form.
    #[inline(always)]
    fn end_hits(&self, l: u64, n: usize, last3: [u8; 3]) -> bool {
        let [t0, t1, t2] = last3;
        if n < 4 || !((t1 == YA || t1 == ALEF) && t2 == NUN) {
            return false;
        }
        if t0 == TA {
            return true;
        }
        let len = n.min(8);
        let clitic = |c: u8| c == WAW || c == FA || c == BA || c == LAM || c == KAF;
        for o in 0..=2usize {
            if o > 0 && !(o - 1 < len && clitic(at(l, o - 1))) {
                break;
            }
            if len >= o + 3 {
                let (a, b, c) = (at(l, o), at(l, o + 1), at(l, o + 2));
                let k = usize::from(a) << 12 | usize::from(b) << 6 | usize::from(c);
                if a != 0 && b != 0 && c != 0 && self.dual[k / 64] & (1 << (k % 64)) != 0 {
                    return true;
                }
            }
        }
        false
    }

    /// Is the stem whose letters are the bytes of `l` (first letter in
    /// the low byte; `len` letters, only the first five looked at) a
    /// trigger prefix?
    #[inline(always)]
    fn probe(&self, l: u64, len: usize) -> bool {
        let (table, l, len) = if len >= 4 && at(l, 0) == ALEF && at(l, 1) == LAM {
            (&self.al, l >> 16, len - 2)
        } else {
            (&self.plain, l, len)
        };
        let (a, b, c) = (at(l, 0), at(l, 1), at(l, 2));
        let k = match len {
            0 => return false,
            1 => usize::from(a),
            2 => usize::from(a) << 6 | usize::from(b),
            _ => {
                // A letter outside ء…ي (code 0) is in no trigger form.
                if a == 0 || b == 0 || c == 0 {
                    return false;
                }
                usize::from(a) << 12 | usize::from(b) << 6 | usize::from(c)
            }
        };
        table[k / 64] & (1 << (k % 64)) != 0
    }

    /// Does a word with these letters (the first eight in `l`, `n` in
    /// all, the last three `last3`) hold a trigger under one of its
    /// clitic readings? The letters live in registers: no slices, no
    /// stack round trip.
    #[inline(always)]
    fn word_hits(&self, l: u64, n: usize, last3: [u8; 3]) -> bool {
        let len = n.min(8);
        let l = if len < 8 {
            l & ((1u64 << (8 * len)) - 1)
        } else {
            l
        };
        let [t0, t1, t2] = last3;
        // تين / تان at the end: the feminine dual rule.
        if n >= 4 && t0 == TA && (t1 == YA || t1 == ALEF) && t2 == NUN {
            return true;
        }
        let clitic = |c: u8| c == WAW || c == FA || c == BA || c == LAM || c == KAF;
        // ين / ان at the end: a dual of a countable noun, after at most
        // two proclitics.
        if n >= 4 && (t1 == YA || t1 == ALEF) && t2 == NUN {
            for o in 0..=2usize {
                if o > 0 && !(o - 1 < len && clitic(at(l, o - 1))) {
                    break;
                }
                if len >= o + 3 {
                    let (a, b, c) = (at(l, o), at(l, o + 1), at(l, o + 2));
                    let k = usize::from(a) << 12 | usize::from(b) << 6 | usize::from(c);
                    if a != 0 && b != 0 && c != 0 && self.dual[k / 64] & (1 << (k % 64)) != 0 {
                        return true;
                    }
                }
            }
        }
        if self.probe(l, len) {
            return true;
        }
        let (c0, c1, c2) = (at(l, 0), at(l, 1), at(l, 2));
        let conj = c0 == WAW || c0 == FA;
        let prep = |c: u8| c == BA || c == LAM || c == KAF;
        // لل = ل + ال: probe ال + the rest.
        let lil = |o: usize| -> bool {
            len > o + 2
                && at(l, o) == LAM
                && at(l, o + 1) == LAM
                && self.probe(
                    u64::from(ALEF) | u64::from(LAM) << 8 | (l >> (8 * (o + 2))) << 16,
                    len - o,
                )
        };
        if (conj || prep(c0)) && self.probe(l >> 8, len - 1) {
            return true;
        }
        if lil(0) {
            return true;
        }
        if conj && prep(c1) && self.probe(l >> 16, len - 2) {
            return true;
        }
        if conj && c1 == LAM && c2 == LAM && lil(1) {
            return true;
        }
        false
    }

    /// The next candidate at or after byte `pos`.
    pub(crate) fn next(&self, text: &str, pos: usize) -> Option<Hit> {
        self.next_with(text, pos, true)
    }

    /// The scan with or without the word-at-a-time fast path (`fast =
    /// false` is the reference the tests compare it with).
    pub(crate) fn next_with(&self, text: &str, pos: usize, fast: bool) -> Option<Hit> {
        match &self.dfa {
            Some(dfa) if fast => self.next_fast(text.as_bytes(), pos, dfa),
            _ => self.next_slow(text.as_bytes(), pos),
        }
    }

    /// The fast scan: plain words read eight letters at a time and tested
    /// by the automaton; the ending read only for the words that end in ن.
    fn next_fast(&self, b: &[u8], mut pos: usize, dfa: &WordDfa) -> Option<Hit> {
        let n = b.len();
        while pos < n {
            let c = b[pos];
            if c < 0x80 {
                if c.is_ascii_digit() {
                    return Some(Hit::Digit(pos));
                }
                pos += 1;
                continue;
            }
            let start = pos;
            if let Some((end, l, nl)) = plain_word(b, start) {
                // (Stepping over the space that follows here, without a
                // branch, runs fewer instructions but makes the next word
                // wait for that byte's load: 15 % slower.)
                pos = end;
                let m = if nl >= 8 {
                    u64::MAX
                } else {
                    (1u64 << (8 * nl)) - 1
                };
                // The ending tests only for a word of four letters or more
                // ending in ين/ان (a few percent of words): the last letter
                // tested first, since word lengths follow no pattern a
                // predictor could learn.
                let t2 = b[end - 1] ^ 0xA0;
                let t1 = b[end.saturating_sub(3)] ^ 0xA0;
                let dual_end = t2 == NUN && (t1 == YA || t1 == ALEF) && nl >= 4;
                let hit = dfa.accepts((l & m) | (dfa::END_BYTES & !m))
                    || (dual_end && self.end_hits(l, nl, [b[end - 5] ^ 0xA0, t1, t2]));
                if hit {
                    return Some(Hit::Word(start, end));
                }
                continue;
            }
            if !word_unit(b, start) {
                pos += 1;
                continue;
            }
            let w = slow_word(b, start);
            pos = w.end;
            if self.word_hits_fast(w.letters, w.nl, w.last3) {
                return Some(Hit::Word(start, pos));
            }
        }
        None
    }

    /// The reference scan: every word read pair by pair and probed.
    fn next_slow(&self, b: &[u8], mut pos: usize) -> Option<Hit> {
        let n = b.len();
        while pos < n {
            let c = b[pos];
            if c < 0x80 {
                if c.is_ascii_digit() {
                    return Some(Hit::Digit(pos));
                }
                pos += 1;
                continue;
            }
            let start = pos;
            if !word_unit(b, start) {
                pos += 1;
                continue;
            }
            let w = slow_word(b, start);
            pos = w.end;
            if self.word_hits(w.letters, w.nl, w.last3) {
                return Some(Hit::Word(start, pos));
            }
        }
        None
    }
}

/// A word read by the scan: its end, its first eight letter codes (first
/// in the low byte; bytes past the count are unspecified), its letter
/// count and its last three letter codes.
struct Word {
    end: usize,
    letters: u64,
    nl: usize,
    last3: [u8; 3],
}

/// Reads the word starting at `start` pair by pair (marks skipped, any
/// word character accepted).
#[inline(always)]
fn slow_word(b: &[u8], start: usize) -> Word {
    let n = b.len();
    let mut pos = start;
    let mut letters = 0u64;
    let mut nl = 0usize;
    let mut last3 = [0u8; 3];
    while pos + 1 < n {
        let lead = b[pos];
        if lead & 0xFC != 0xD8 {
            break;
        }
        let v = CLASS[usize::from(lead - 0xD8) << 8 | usize::from(b[pos + 1])];
        if v == NOT_WORD {
            break;
        }
        if v != MARK {
            if nl < 8 {
                letters |= u64::from(v) << (8 * nl);
            }
            nl += 1;
            last3 = [last3[1], last3[2], v];
        }
        pos += 2;
    }
    Word {
        end: pos,
        letters,
        nl,
        last3,
    }
}

/// Letter `i` (< 8) of a packed stem.
#[inline(always)]
fn at(l: u64, i: usize) -> u8 {
    (l >> (8 * i)) as u8
}

/// The sixteen bytes at `b[i..]`, when there are that many.
#[inline(always)]
fn chunk16(b: &[u8], i: usize) -> Option<&[u8; 16]> {
    b.get(i..i.checked_add(16)?)?.try_into().ok()
}

/// For sixteen bytes read as eight two-byte pairs: a bit mask with both
/// bits of each pair set when the pair is one of the 42 letters ء…ي of
/// the normalized text (D8 A1…BA, D9 81…8A), and the eight second bytes
/// XOR 0xA0 packed into a `u64` (first pair in the low byte): for a
/// letter pair that is its letter code. Plain scalar version: the
/// reference for the SSE2 one, and the code on other targets.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
fn letters16_scalar(c: &[u8; 16]) -> (u32, u64) {
    let mut mask = 0u32;
    let mut packed = 0u64;
    for i in 0..8 {
        let (lead, next) = (c[2 * i], c[2 * i + 1]);
        if (lead == 0xD8 && (0xA1..=0xBA).contains(&next))
            || (lead == 0xD9 && (0x81..=0x8A).contains(&next))
        {
            mask |= 3 << (2 * i);
        }
        packed |= u64::from(next ^ 0xA0) << (8 * i);
    }
    (mask, packed)
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi16, _mm_cmpgt_epi16, _mm_cmplt_epi16,
        _mm_cvtsi128_si64, _mm_movemask_epi8, _mm_or_si128, _mm_packus_epi16, _mm_set_epi64x,
        _mm_set1_epi16, _mm_srli_epi16, _mm_xor_si128,
    };

    /// [`super::letters16_scalar`] in fourteen SSE2 instructions.
    #[target_feature(enable = "sse2")]
    fn letters16_sse2(c: &[u8; 16]) -> (u32, u64) {
        let mut lo = [0u8; 8];
        let mut hi = [0u8; 8];
        lo.copy_from_slice(&c[..8]);
        hi.copy_from_slice(&c[8..]);
        let v: __m128i = _mm_set_epi64x(i64::from_le_bytes(hi), i64::from_le_bytes(lo));
        // Sixteen-bit lanes: lead byte low, second byte high.
        let lead = _mm_and_si128(v, _mm_set1_epi16(0xFF));
        let next = _mm_srli_epi16(v, 8);
        let d8 = _mm_and_si128(
            _mm_cmpeq_epi16(lead, _mm_set1_epi16(0xD8)),
            _mm_and_si128(
                _mm_cmpgt_epi16(next, _mm_set1_epi16(0xA0)),
                _mm_cmplt_epi16(next, _mm_set1_epi16(0xBB)),
            ),
        );
        let d9 = _mm_and_si128(
            _mm_cmpeq_epi16(lead, _mm_set1_epi16(0xD9)),
            _mm_and_si128(
                _mm_cmpgt_epi16(next, _mm_set1_epi16(0x80)),
                _mm_cmplt_epi16(next, _mm_set1_epi16(0x8B)),
            ),
        );
        let mask = _mm_movemask_epi8(_mm_or_si128(d8, d9)) as u32;
        let codes = _mm_xor_si128(next, _mm_set1_epi16(0xA0));
        let packed = _mm_cvtsi128_si64(_mm_packus_epi16(codes, codes)) as u64;
        (mask, packed)
    }

    #[inline(always)]
    pub(super) fn letters16(c: &[u8; 16]) -> (u32, u64) {
        // SAFETY: this module is compiled only when SSE2 is enabled for
        // the whole build (`target_feature = "sse2"`, the x86_64
        // baseline), so every CPU that runs this code has it.
        unsafe { letters16_sse2(c) }
    }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
use sse2::letters16;

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
use letters16_scalar as letters16;

/// The word at `start` when it is made of plain letters only (the usual
/// case in normalized text), eight letters per step: its end, its first
/// eight letter codes (bytes past the count unspecified) and its letter
/// count; None when it holds a mark or another word character, or lies
/// within 16 bytes of the end of the text (then the pair-by-pair reader
/// takes over). The last letters are read only when a test needs them:
/// letter `k` from the end is `b[end + 1 - 2 * k] ^ 0xA0`.
#[inline(always)]
pub(crate) fn plain_word(b: &[u8], start: usize) -> Option<(usize, u64, usize)> {
    let (mut mask, letters) = letters16(chunk16(b, start)?);
    let mut e = start;
    while mask == 0xFFFF {
        e += 16;
        mask = letters16(chunk16(b, e)?).0;
    }
    e += mask.trailing_ones() as usize & !1;
    if e == start || word_unit(b, e) {
        return None;
    }
    Some((e, letters, (e - start) / 2))
}

/// [`plain_word`] as a [`Word`], for the tests.
#[cfg(test)]
fn simple_word(b: &[u8], start: usize) -> Option<Word> {
    let (e, letters, nl) = plain_word(b, start)?;
    let at = |k: usize| if nl >= k { b[e + 1 - 2 * k] ^ 0xA0 } else { 0 };
    Some(Word {
        end: e,
        letters,
        nl,
        last3: [at(3), at(2), at(1)],
    })
}

const NOT_WORD: u8 = 0xFF;
const MARK: u8 = 0xFE;

/// Is the two-byte sequence at `b[i..]` (lead D8..DB) a word character?
#[inline]
pub(crate) fn word_unit(b: &[u8], i: usize) -> bool {
    i + 1 < b.len()
        && b[i] & 0xFC == 0xD8
        && CLASS[usize::from(b[i] - 0xD8) << 8 | usize::from(b[i + 1])] != NOT_WORD
}

/// Class of the two-byte sequences with a lead byte D8..DB: the letter
/// code, MARK for diacritics and tatweel, NOT_WORD for the rest.
static CLASS: [u8; 1024] = build_class();

const fn build_class() -> [u8; 1024] {
    let mut t = [NOT_WORD; 1024];
    let mut lead = 0xD8u16;
    while lead <= 0xDB {
        let mut next = 0u16;
        while next < 256 {
            let (l, x) = (lead as u8, next as u8);
            let i = ((lead - 0xD8) << 8 | next) as usize;
            let is_word = match l {
                0xD8 => x >= 0xA0 && x <= 0xBF,
                0xD9 => (x >= 0x80 && x <= 0x9F) || (x >= 0xAE && x <= 0xBF),
                0xDA => x >= 0x80 && x <= 0xBF,
                _ => (x >= 0x80 && x <= 0x93) || x == 0x95 || (x >= 0xBA && x <= 0xBC),
            };
            if is_word {
                t[i] = if l == 0xD9 && (x == 0x80 || (x >= 0x8B && x <= 0x9F)) {
                    MARK
                } else {
                    code(l, x)
                };
            }
            next += 1;
        }
        lead += 1;
    }
    t
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Built once for all the tests (the property tests would otherwise
    /// build it for every case).
    fn scanner() -> &'static Scanner {
        static S: std::sync::LazyLock<Scanner> = std::sync::LazyLock::new(|| {
            let lx = crate::lexicon::Lexicon::load();
            Scanner::new(
                lx.triggers.iter().map(String::as_str),
                lx.dual_triggers.iter().map(String::as_str),
            )
        });
        &S
    }

    fn hits(s: &Scanner, text: &str, fast: bool) -> Vec<Hit> {
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some(h) = s.next_with(text, pos, fast) {
            out.push(h);
            pos = match h {
                Hit::Digit(p) => p + 1,
                Hit::Word(_, e) => e,
            };
        }
        out
    }

    #[test]
    fn letters16_agrees_with_the_class_table() {
        // Every two-byte pair, in every one of the eight slots.
        for lead in 0u8..=255 {
            for next in 0u8..=255 {
                let want = (0xD8..=0xD9).contains(&lead)
                    && matches!(
                        CLASS[usize::from(lead - 0xD8) << 8 | usize::from(next)],
                        1..=42
                    );
                for slot in 0..8 {
                    let mut bytes = [b'a'; 16];
                    bytes[2 * slot] = lead;
                    bytes[2 * slot + 1] = next;
                    let (mask, packed) = letters16(&bytes);
                    assert_eq!((mask, packed), letters16_scalar(&bytes));
                    assert_eq!(mask >> (2 * slot) & 3 == 3, want, "{lead:x} {next:x}");
                    assert_eq!(mask & !(3 << (2 * slot)), 0);
                    if want {
                        let v = CLASS[usize::from(lead - 0xD8) << 8 | usize::from(next)];
                        assert_eq!((packed >> (8 * slot)) as u8, v);
                    }
                }
            }
        }
    }

    #[test]
    fn fast_words_equal_slow_words_on_the_seeds() {
        let s = scanner();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
        let mut n = 0;
        for e in std::fs::read_dir(dir).unwrap() {
            let t = std::fs::read_to_string(e.unwrap().path()).unwrap();
            let norm =
                khabar_normalize::Normalizer::new(khabar_normalize::Profile::Search).normalize(&t);
            let fast = hits(s, norm.as_str(), true);
            assert_eq!(fast, hits(s, norm.as_str(), false));
            n += fast.len();
        }
        assert!(n > 50, "{n}");
    }

    /// The automaton and the probes on the word with these letter codes
    /// (any length: the first eight go in `l`, as the readers do).
    fn same_on(s: &Scanner, w: &[u8]) -> Result<(), String> {
        let mut l = 0u64;
        for (i, &c) in w.iter().take(8).enumerate() {
            l |= u64::from(c) << (8 * i);
        }
        // Garbage past the letters, as the SSE2 reader leaves it.
        if w.len() < 8 {
            l |= 0xA5A5_A5A5_A5A5_A5A5u64 << (8 * w.len());
        }
        let n = w.len();
        let at = |k: usize| if n >= k { w[n - k] } else { 0 };
        let last3 = [at(3), at(2), at(1)];
        let (fast, slow) = (s.word_hits_fast(l, n, last3), s.word_hits(l, n, last3));
        if fast == slow {
            Ok(())
        } else {
            Err(format!("{w:?}: automaton {fast}, probes {slow}"))
        }
    }

    #[test]
    fn automaton_is_built_and_small() {
        let s = scanner();
        let states = s.dfa.as_ref().map(|d| d.states);
        // Grows with the word lists; far below the table's limit (1,489).
        assert!(states.is_some_and(|n| n > 3 && n < 1000), "{states:?}");
        println!("automaton: {states:?} states");
    }

    #[test]
    fn automaton_equals_probes_on_every_short_word() {
        let s = scanner();
        let mut w = Vec::new();
        same_on(s, &w).unwrap();
        for a in 0..=42u8 {
            for b in 0..=42u8 {
                for c in 0..=42u8 {
                    w.clear();
                    w.extend([a, b, c]);
                    same_on(s, &w).unwrap();
                    same_on(s, &w[..2]).unwrap();
                    same_on(s, &w[..1]).unwrap();
                }
            }
        }
    }

    #[test]
    fn automaton_equals_probes_on_triggers_with_clitics() {
        let s = scanner();
        let lx = crate::lexicon::Lexicon::load();
        let codes = |t: &str| -> Vec<u8> { t.chars().map(letter_code).collect() };
        let prefixes = [
            "", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك", "لل", "ولل", "فلل",
            "ال", "وال", "بال", "وبال", "فلال", "ا", "بب", "وو",
        ];
        let suffixes = [
            "",
            "ا",
            "ه",
            "ين",
            "ان",
            "تين",
            "تان",
            "ات",
            "ي",
            "هم",
            "يين",
            "ونها",
            "ء",
            "اتهما",
        ];
        let mut n = 0;
        for t in lx.triggers.iter().chain(lx.dual_triggers.iter()) {
            let t = codes(t);
            // The form, and every shorter start of it.
            for cut in 1..=t.len() {
                for p in prefixes {
                    for x in suffixes {
                        let mut w = codes(p);
                        w.extend_from_slice(&t[..cut]);
                        w.extend(codes(x));
                        same_on(s, &w).unwrap();
                        n += 1;
                    }
                }
            }
        }
        assert!(n > 10_000, "{n}");
    }
    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Random words, drawn mostly from the letters that matter (the
        /// clitics, ا and ل, the first letters of the triggers) and with
        /// the code of a letter outside ء…ي.
        #[test]
        fn automaton_equals_probes_on_random_words(
            w in proptest::collection::vec(
                prop_oneof![
                    Just(WAW), Just(FA), Just(BA), Just(LAM), Just(KAF), Just(ALEF),
                    Just(TA), Just(YA), Just(NUN), Just(0u8), 1u8..=42,
                ],
                0..12,
            )
        ) {
            let s = scanner();
            prop_assert_eq!(same_on(s, &w), Ok(()));
        }

        /// Letters, marks, tatweel, other Arabic characters, Arabic
        /// punctuation and digits, ASCII: the fast path gives the same
        /// candidates as the pair-by-pair reader.
        #[test]
        fn fast_scan_equals_slow_scan(s in "[ء-يً-ٰـ،؛٠-٩ٱ-ۓ۰-۹ a-z0-9\\n.]{0,120}") {
            let sc = scanner();
            prop_assert_eq!(hits(sc, &s, true), hits(sc, &s, false));
            // And word by word, at every character where a word may start.
            let b = s.as_bytes();
            for (i, _) in s.char_indices().filter(|&(i, _)| word_unit(b, i)) {
                if let Some(f) = simple_word(b, i) {
                    let w = slow_word(b, i);
                    let k = w.nl.min(8);
                    let mask = if k == 8 { u64::MAX } else { (1u64 << (8 * k)) - 1 };
                    prop_assert_eq!(
                        (f.end, f.letters & mask, f.nl, f.last3),
                        (w.end, w.letters & mask, w.nl, w.last3)
                    );
                }
            }
        }
    }
}
