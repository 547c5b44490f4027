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
    /// `samples[j]` is the normalized offset of compact byte `j * SAMPLE`.
    samples: Vec<usize>,
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
    /// (offsets past the end map to its length). Costs a walk of at most
    /// 63 bytes from the nearest sample.
    pub fn to_normalized(&self, offset: usize) -> usize {
        if offset >= self.bytes.len() {
            return self.normalized_len;
        }
        let j = offset / SAMPLE;
        let base = self.samples.get(j).copied().unwrap_or(self.normalized_len);
        let walked: usize = self
            .bytes
            .get(j * SAMPLE..offset)
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
        out.clear();
        out.normalized_len = self.text.len();
        out.bytes.reserve(self.text.len());
        out.samples.reserve(self.text.len() / SAMPLE + 1);
        let bytes = self.text.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if out.bytes.len().is_multiple_of(SAMPLE) {
                out.samples.push(i);
            }
            let (code, width) = if b < 0x80 {
                (b, 1)
            } else if b < 0xE0 {
                let c = bytes.get(i + 1).copied().unwrap_or(0);
                let cp = u32::from(b & 0x1F) << 6 | u32::from(c & 0x3F);
                if (0x600..=0x67C).contains(&cp) {
                    ((0x80 + (cp - 0x600)) as u8, 2)
                } else {
                    (OTHER_2, 2)
                }
            } else if b < 0xF0 {
                (OTHER_3, 3)
            } else {
                (OTHER_4, 4)
            };
            out.bytes.push(code);
            i += width;
        }
    }
}
