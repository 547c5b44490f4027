//! A one-byte-per-character form of normalized text, for byte matchers.
//!
//! Arabic letters take two bytes in UTF-8, so an automaton that matches
//! names over normalized Arabic text reads twice as many bytes as there are
//! letters. [`CompactText`] re-encodes each character of a
//! [`NormalizedText`] as a single byte: ASCII as itself, U+0600..U+067C
//! (hamza, every Arabic letter the search profile keeps, the harakat, the
//! Arabic comma, semicolon, question mark, percent and separators) as
//! `0x80 + (c - 0x600)`, and every other character as one of three "other"
//! codes that only record its UTF-8 width. Offsets in the compact form map
//! to the normalized text with [`CompactText::normalized_range`], and from
//! there to the input with [`NormalizedText::original_range`].
//!
//! The encoding is lossy only for the "other" characters: a pattern made of
//! ASCII and U+0600..U+067C matches the compact text exactly where its
//! normalized form matches the normalized text, character for character.

use std::ops::Range;

use crate::NormalizedText;

/// Code of a non-ASCII character outside U+0600..U+067C that takes two
/// bytes in UTF-8.
pub const OTHER_2: u8 = 0xFD;
/// Code of any character that takes three bytes in UTF-8.
pub const OTHER_3: u8 = 0xFE;
/// Code of any character that takes four bytes in UTF-8.
pub const OTHER_4: u8 = 0xFF;

/// One sample of the compact-to-normalized map every this many bytes.
const SAMPLE: usize = 64;

/// The one-byte code of `c` in a [`CompactText`].
///
/// ```
/// use khabar_normalize::compact_code;
/// assert_eq!(compact_code('a'), b'a');
/// assert_eq!(compact_code('ب'), 0x80 + 0x28);
/// assert_eq!(compact_code('“'), khabar_normalize::OTHER_3);
/// ```
pub fn compact_code(c: char) -> u8 {
    let cp = u32::from(c);
    match cp {
        0..=0x7F => cp as u8,
        0x600..=0x67C => (0x80 + (cp - 0x600)) as u8,
        _ => match c.len_utf8() {
            2 => OTHER_2,
            3 => OTHER_3,
            _ => OTHER_4,
        },
    }
}

/// The compact form of `s`, for building patterns (normalize them first).
pub fn compact_str(s: &str) -> Vec<u8> {
    s.chars().map(compact_code).collect()
}

/// Width in UTF-8 bytes of the character behind a compact code.
fn code_width(code: u8) -> usize {
    match code {
        0..=0x7F => 1,
        OTHER_3 => 3,
        OTHER_4 => 4,
        _ => 2,
    }
}

/// Normalized text with one byte per character (see [`compact_code`]).
///
/// Built by [`NormalizedText::compact_into`]; compact offset `k` is the
/// `k`-th character of the normalized text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompactText {
    bytes: Vec<u8>,
    /// `(k, n)`: compact byte `k` is the character at normalized offset
    /// `n`; one sample per `SAMPLE` bytes of normalized text, so the
    /// characters between two samples span at most `SAMPLE` bytes.
    samples: Vec<(usize, usize)>,
    normalized_len: usize,
}

impl CompactText {
    /// The compact bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Number of compact bytes (characters of the normalized text).
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// True when there are no characters.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Resets to empty, keeping the allocations.
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.samples.clear();
        self.normalized_len = 0;
    }

    /// Maps a compact offset to a byte offset of the normalized text
    /// (offsets past the end map to its length). Costs a binary search
    /// over samples taken every 64 bytes, then a walk of at most 64 codes.
    pub fn to_normalized(&self, offset: usize) -> usize {
        if offset >= self.bytes.len() {
            return self.normalized_len;
        }
        let j = self
            .samples
            .partition_point(|&(k, _)| k <= offset)
            .saturating_sub(1);
        let Some(&(k, base)) = self.samples.get(j) else {
            return self.normalized_len;
        };
        let walked: usize = self
            .bytes
            .get(k..offset)
            .unwrap_or_default()
            .iter()
            .map(|&b| code_width(b))
            .sum();
        base + walked
    }

    /// Maps a compact span to the normalized text; pass the result to
    /// [`NormalizedText::original_range`] to reach the input.
    pub fn normalized_range(&self, span: Range<usize>) -> Range<usize> {
        let start = self.to_normalized(span.start);
        start..self.to_normalized(span.end).max(start)
    }
}

impl NormalizedText {
    /// The one-byte-per-character form of this text.
    ///
    /// ```
    /// use khabar_normalize::{compact_str, Normalizer};
    ///
    /// let input = "وزارةُ الخارجية";
    /// let n = Normalizer::default().normalize(input);
    /// let c = n.compact();
    /// let needle = compact_str("الخارجيه");
    /// let at = c.as_bytes().windows(needle.len()).position(|w| w == needle).unwrap();
    /// let span = n.original_range(c.normalized_range(at..at + needle.len()));
    /// assert_eq!(&input[span], "الخارجية");
    /// ```
    pub fn compact(&self) -> CompactText {
        let mut out = CompactText::default();
        self.compact_into(&mut out);
        out
    }

    /// Writes the one-byte-per-character form of this text into `out`,
    /// reusing its buffers.
    pub fn compact_into(&self, out: &mut CompactText) {
        let src = self.text.as_bytes();
        let CompactText {
            bytes,
            samples,
            normalized_len,
        } = out;
        *normalized_len = src.len();
        samples.clear();
        samples.reserve(src.len() / SAMPLE + 1);
        // One code per character is never more than one per byte: size the
        // output once and write by index, then cut it to length.
        bytes.clear();
        bytes.resize(src.len(), 0);
        let mut k = 0;
        let mut i = 0;
        while i < src.len() {
            samples.push((k, i));
            let stop = (i + SAMPLE).min(src.len());
            while i < stop {
                let Some(&b) = src.get(i) else { break };
                let code;
                if b < 0x80 {
                    code = b;
                    i += 1;
                } else if b < 0xE0 {
                    code = code_at(b, src.get(i + 1).copied().unwrap_or(0));
                    i += 2;
                } else if b < 0xF0 {
                    code = OTHER_3;
                    i += 3;
                } else {
                    code = OTHER_4;
                    i += 4;
                }
                if let Some(slot) = bytes.get_mut(k) {
                    *slot = code;
                }
                k += 1;
            }
        }
        bytes.truncate(k);
    }
}

/// The code of the two-byte character `lead next`.
#[inline(always)]
fn code_at(lead: u8, next: u8) -> u8 {
    // U+0600..U+067F have leads D8 and D9; the low lead bit and the six
    // continuation bits are the offset from U+0600.
    let offset = (lead & 1) << 6 | (next & 0x3F);
    if lead & 0xFE == 0xD8 && offset <= 0x7C {
        0x80 + offset
    } else {
        OTHER_2
    }
}
