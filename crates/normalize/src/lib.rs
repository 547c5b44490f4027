//! Arabic text normalization with an offset map back to the input.
//!
//! (Skeleton: the public contract below is stable; the implementation is
//! the naive reference and will be replaced by a table-driven one.)
//!
//! # Contract
//!
//! * [`Normalizer::normalize`] returns a [`NormalizedText`]: the normalized
//!   string plus a map from every byte offset of it back to the input.
//! * A character that is deleted (a diacritic, tatweel, a control) belongs to
//!   the kept character before it, so a span of the normalized text maps to
//!   the input slice that includes the marks written on its letters.
//! * Normalizing twice gives the same text as normalizing once.
#![deny(missing_docs)]

use std::ops::Range;

/// A named set of normalization rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Profile {
    /// Light: presentation forms, tatweel, invisible controls, digits.
    Display,
    /// Display plus diacritics, alef and hamza seats, ى→ي, ة→ه.
    #[default]
    Search,
}

impl Profile {
    /// The profile's name as used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Display => "display",
            Profile::Search => "search",
        }
    }

    /// Parses a profile name (`display` or `search`).
    pub fn from_name(name: &str) -> Option<Profile> {
        match name {
            "display" => Some(Profile::Display),
            "search" => Some(Profile::Search),
            _ => None,
        }
    }
}

/// Normalized text and the map from its byte offsets back to the input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NormalizedText {
    text: String,
    /// `starts[i]` is the input offset of the character that produced
    /// normalized byte `i`; `starts[len]` is the input length.
    starts: Vec<u32>,
}

impl NormalizedText {
    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length of the normalized text in bytes.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// True when the normalized text is empty.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Length of the input text in bytes.
    pub fn original_len(&self) -> usize {
        self.starts.last().map_or(0, |&n| n as usize)
    }

    /// Maps a byte offset of the normalized text to the input.
    ///
    /// Offsets inside a character map to that character's start; offsets
    /// past the end map to the input length.
    pub fn to_original(&self, offset: usize) -> usize {
        match self.starts.get(offset) {
            Some(&o) => o as usize,
            None => self.original_len(),
        }
    }

    /// Maps a span of the normalized text to the input slice it came from.
    pub fn original_range(&self, span: Range<usize>) -> Range<usize> {
        let start = self.to_original(span.start);
        let end = self.to_original(span.end).max(start);
        start..end
    }

    /// Resets to empty, keeping the allocations.
    pub fn clear(&mut self) {
        self.text.clear();
        self.starts.clear();
    }
}

/// Normalizes text according to one [`Profile`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Normalizer {
    profile: Profile,
}

impl Normalizer {
    /// A normalizer for `profile`.
    pub fn new(profile: Profile) -> Normalizer {
        Normalizer { profile }
    }

    /// The profile in use.
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// Normalizes `input`.
    pub fn normalize(&self, input: &str) -> NormalizedText {
        let mut out = NormalizedText::default();
        self.normalize_into(input, &mut out);
        out
    }

    /// Normalizes `input` into `out`, reusing its buffers.
    pub fn normalize_into(&self, input: &str, out: &mut NormalizedText) {
        out.clear();
        for (i, c) in input.char_indices() {
            if let Some(m) = naive_map(self.profile, c) {
                let before = out.text.len();
                out.text.push(m);
                for _ in before..out.text.len() {
                    out.starts.push(i as u32);
                }
            }
        }
        out.starts.push(input.len() as u32);
    }
}

fn naive_map(profile: Profile, c: char) -> Option<char> {
    let search = profile == Profile::Search;
    Some(match c {
        '\u{0640}' => return None,
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' if search => return None,
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        'أ' | 'إ' | 'آ' | 'ٱ' if search => 'ا',
        'ى' if search => 'ي',
        'ة' if search => 'ه',
        'ک' => 'ك',
        'ی' => 'ي',
        _ => c,
    })
}
