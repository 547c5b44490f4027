//! The naive reference implementation: the test oracle and bench baseline.
//!
//! It decodes every character, folds it with the same rules as the fast
//! engine and records, for every output byte, the input offset of the
//! character that produced it (a dense map of one `usize` per byte). It is
//! deliberately simple so that its answers are easy to trust; it is not
//! part of the supported API.

use std::ops::Range;

use crate::Profile;
use crate::rules;

/// Normalized text with a dense, byte-by-byte offset map.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NaiveText {
    /// The normalized text.
    pub text: String,
    /// `starts[i]` is the input offset of the character that produced
    /// normalized byte `i`.
    pub starts: Vec<usize>,
    /// The input length in bytes.
    pub original_len: usize,
}

/// Normalizes `input` one character at a time.
pub fn normalize(profile: Profile, input: &str) -> NaiveText {
    let mut out = NaiveText {
        original_len: input.len(),
        ..NaiveText::default()
    };
    for (i, c) in input.char_indices() {
        rules::fold_into(profile, c, &mut out.text);
        out.starts.resize(out.text.len(), i);
    }
    out
}

/// Normalizes `input` one character at a time, without any offset map:
/// the plain char-mapping loop, for comparison in benchmarks.
pub fn normalize_text(profile: Profile, input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        rules::fold_into(profile, c, &mut out);
    }
    out
}

impl NaiveText {
    /// True when normalized offset `n` starts the output of a new input
    /// character (or is the end): only there can a span end exactly.
    pub fn is_unit_boundary(&self, n: usize) -> bool {
        n == 0 || n >= self.text.len() || self.starts.get(n) != self.starts.get(n.wrapping_sub(1))
    }

    /// Input offset of the character that produced normalized byte `n`.
    pub fn to_original(&self, n: usize) -> usize {
        self.starts.get(n).copied().unwrap_or(self.original_len)
    }

    /// Input offset where a span ending at normalized `n` ends: the next
    /// unit boundary at or after `n`, mapped back.
    pub fn to_original_end(&self, n: usize) -> usize {
        let mut n = n;
        while !self.is_unit_boundary(n) {
            n += 1;
        }
        self.to_original(n)
    }

    /// The input slice that a normalized span came from.
    pub fn original_range(&self, span: Range<usize>) -> Range<usize> {
        let start = self.to_original(span.start);
        start..self.to_original_end(span.end).max(start)
    }
}
