//! Arabic text normalization with an offset map back to the input.
//!
//! The same Arabic word reaches a news corpus in many spellings: glyph
//! presentation forms copied out of PDFs, tatweel stretching letters for
//! justification, optional diacritics, a hamza seat written or not, ى for
//! ي and ة for ه at word ends, Persian keyboard letters, three digit sets.
//! Matching names and numbers needs one spelling, while every span that is
//! reported must still point at the text the user gave. This crate folds
//! text to one spelling per named [`Profile`] in a single table-driven pass
//! and returns a [`NormalizedText`]: the normalized string plus a compact
//! map from any span of it back to the exact input slice.
//!
//! # Example
//!
//! ```
//! use khabar_normalize::{Normalizer, Profile};
//!
//! let input = "أعلنت وزارةُ الخارجيّة ﻻ";
//! let n = Normalizer::new(Profile::Search).normalize(input);
//! assert_eq!(n.as_str(), "اعلنت وزاره الخارجيه لا");
//!
//! // Find a word in the normalized text, report it in the input.
//! let start = n.as_str().find("وزاره").unwrap();
//! let span = n.original_range(start..start + "وزاره".len());
//! assert_eq!(&input[span], "وزارةُ"); // the diacritic on its last letter included
//!
//! let display = Normalizer::new(Profile::Display).normalize("الـقـاهـرة ٢٠٢٤");
//! assert_eq!(display.as_str(), "القاهرة 2024");
//! ```
//!
//! # Profiles
//!
//! A profile is a list of per-character rules; a character no rule names is
//! kept. `display` only repairs and unifies what no reader would notice;
//! `search` also removes the differences that spelling habits introduce.
//!
//! | Input | `display` | `search` |
//! |---|---|---|
//! | presentation forms U+FB50–FDFF, U+FE70–FEFF (ﺏ ﻻ ﷲ …) | their Unicode compatibility decomposition (ﻻ → لا, ﻷ → لأ), then the rules below | same, then the search rules |
//! | isolated harakat forms (U+FE70–FE7E, U+FC5E–FC63) | the combining mark alone (the decomposition's leading space is dropped) | deleted |
//! | tatweel ـ U+0640 | deleted | deleted |
//! | invisible controls: U+00AD, U+061C, U+200C–200F, U+202A–202E, U+2060, U+2066–2069, U+FEFF | deleted | deleted |
//! | zero-width space U+200B | a space (it separates words) | a space |
//! | digits ٠–٩ U+0660–0669, ۰–۹ U+06F0–06F9 | ASCII 0–9 | ASCII 0–9 |
//! | Arabic percent ٪ U+066A | `%` | `%` |
//! | keheh ک U+06A9, Farsi yeh ی U+06CC | ك, ي | ك, ي |
//! | diacritics U+064B–065F, superscript alef U+0670, Quranic marks U+0610–061A, U+06D6–06ED, U+08D3–08E1, U+08E3–08FF | kept | deleted |
//! | alef seats آ أ إ ٱ ٲ ٳ | kept | ا |
//! | hamza seats ؤ, ئ | kept | و, ي (as their decomposed spellings و+ٔ and ي+ٔ become) |
//! | alef maksura ى, teh marbuta ة | kept | ي, ه |
//! | veh ڤ, peh پ, gaf گ, tcheh چ, qaf with three dots ڨ | kept | ف, ب, ك, ج, ق |
//!
//! Everything else is kept: Latin (the gazetteer folds Latin case itself),
//! the lone hamza ء, punctuation, and the Arabic decimal and thousands
//! separators ٫ ٬ (the figures parser reads them). No rule composes
//! decomposed sequences (ا + ٓ stays two characters in `display`; `search`
//! deletes the mark, giving the same ا as آ). No rule deletes a character
//! that separates words, so folding never glues two words together.
//!
//! Both profiles are idempotent: every character a rule outputs is one that
//! the same profile keeps.
//!
//! # The offset map
//!
//! * A deleted character (diacritic, tatweel, control) belongs to the kept
//!   character before it, so a span's original slice includes the marks
//!   written on its letters, up to the next kept character. Deleted
//!   characters before the first kept one belong to no span.
//! * [`NormalizedText::to_original`] maps an offset to the start of the
//!   input character that produced it. [`NormalizedText::original_range`]
//!   maps a span to the input slice it came from; a span that cuts through
//!   the output of one input character (between the ل and ا of an expanded
//!   ﻻ, or inside a multi-byte character) is widened to the whole input
//!   character, so the slice always re-normalizes to a text containing the
//!   span, and to exactly the span when the span does not cut one.
//! * Original offsets always fall on character boundaries of the input, and
//!   the map is monotone (a later offset never maps before an earlier one).
//! * The map is sparse: a checkpoint only where the stride between the two
//!   texts changes. Folds that keep the byte length (أ → ا, ة → ه) cost
//!   nothing; a run of Arabic-Indic digits (two bytes to one each) or of
//!   presentation forms (three bytes to two) costs one checkpoint; a
//!   deletion or an expansion (ﻻ → لا) starts a new one. A lookup is a
//!   binary search over the checkpoints, O(log k);
//!   [`NormalizedText::original_ranges`] maps spans sorted by start with
//!   one forward walk.
//!
//! No input makes any function of this crate panic: every `&str` is
//! accepted, and offsets out of range map to the input's end.
//!
//! # Speed
//!
//! The engine works on UTF-8 bytes, with no character decoding. The
//! portable scan skips ASCII bytes one comparison each and looks a two-byte
//! character up in a 2048-entry table indexed by its two bytes, a
//! three-byte one in a two-level table. On x86_64 CPUs with AVX2 (checked
//! at run time), 32 bytes are classified at once: two nibble lookups tell
//! which letters of the Arabic block change, and other non-ASCII lead bytes
//! go to the tables. Each chunk is copied whole; a fold to a letter of the
//! same width (أ → ا, ة → ه, most changes in news text) is patched over the
//! copy, and only deletions and width changes cut it. On CPUs with
//! AVX-512 VBMI, one 128-entry byte lookup per chunk finds the Arabic
//! letters that change and the folded bytes of those that fold, which are
//! blended into the copy without a branch per letter (scraped text, where
//! folds mix with diacritics and presentation forms, gains the most). All
//! engines give the same text and offset map (tested). [`Normalizer::normalize_into`]
//! reuses the output's buffers, so a warm call allocates only when the
//! output outgrows them. See `benches/reports/normalize.md` at the
//! workspace root for measurements against a naive char-by-char
//! implementation.
//!
//! # Crate features
//!
//! - `reference` (off by default): the naive char-by-char implementation
//!   the tests and benches check the fast engines against
//!   (`khabar_normalize::reference`). A test oracle, not supported API.
#![deny(missing_docs)]

use std::ops::Range;

#[cfg(any(test, feature = "reference"))]
#[doc(hidden)]
pub mod reference;
mod rules;
mod scan;
mod tables;

/// What [`Profile::Search`] does with one character that is not a
/// presentation form: the character it becomes (itself when kept), `None`
/// when it is deleted.
///
/// A `const fn`, so that tables built at compile time elsewhere (the
/// gazetteer's match key) derive their folds from these rules instead of
/// keeping a copy.
///
/// ```
/// use khabar_normalize::search_fold;
/// assert_eq!(search_fold('أ'), Some('ا'));
/// assert_eq!(search_fold('\u{064E}'), None); // fatha
/// assert_eq!(search_fold('م'), Some('م'));
/// ```
pub const fn search_fold(c: char) -> Option<char> {
    rules::search_fold(c)
}

/// A named set of normalization rules (see the crate docs for the table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Profile {
    /// Light: presentation forms, tatweel, invisible controls, digits,
    /// Persian keheh and yeh. Nothing a reader would notice.
    Display,
    /// Display plus diacritics, alef and hamza seats, ى→ي, ة→ه, and the
    /// letters for foreign sounds (ڤ پ گ چ ڨ) folded to their Arabic bases.
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

    /// Every profile, in the order a help text should list them.
    pub const ALL: [Profile; 2] = [Profile::Display, Profile::Search];
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Profile {
    type Err = ProfileError;

    /// Parses a profile name, as [`Profile::from_name`] does.
    fn from_str(s: &str) -> Result<Profile, ProfileError> {
        Profile::from_name(s).ok_or_else(|| ProfileError {
            kind: ProfileErrorKind::Unknown,
            name: s.to_owned(),
        })
    }
}

/// Why a profile name could not be parsed.
///
/// Opaque, like every error of the workspace: match on
/// [`ProfileError::kind`], read the [`Display`](std::fmt::Display) message
/// for people.
///
/// ```
/// use khabar_normalize::{Profile, ProfileErrorKind};
///
/// let err = "Search".parse::<Profile>().unwrap_err();
/// assert_eq!(err.kind(), ProfileErrorKind::Unknown);
/// assert_eq!(err.name(), "Search");
/// assert_eq!(
///     err.to_string(),
///     "unknown normalization profile \"Search\" (expected `display` or `search`)"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown normalization profile {name:?} (expected `display` or `search`)")]
pub struct ProfileError {
    kind: ProfileErrorKind,
    name: String,
}

/// The reason behind a [`ProfileError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProfileErrorKind {
    /// The name is not `display` or `search` (names are lowercase).
    Unknown,
}

impl ProfileError {
    /// What kind of failure this is.
    pub fn kind(&self) -> ProfileErrorKind {
        self.kind
    }

    /// The name that was not recognised.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// One point of the sparse offset map.
///
/// It covers normalized bytes from `norm` up to the next checkpoint, made
/// of characters that each came from one input character: every
/// `out_width` normalized bytes came from `in_width` input bytes, starting
/// at `orig` (a run of unchanged text has widths 1 and 1; a run of
/// Arabic-Indic digits 2 and 1). When `out_width` is 0 the whole segment is
/// the output of the single input character at `orig` (an expansion such
/// as ﻻ → لا).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Checkpoint {
    norm: usize,
    orig: usize,
    in_width: u8,
    out_width: u8,
}

impl Checkpoint {
    /// Input offset of normalized offset `n` (a character boundary in
    /// this segment); `None` for an expansion.
    #[inline]
    fn stride(&self, n: usize) -> Option<usize> {
        let d = n.saturating_sub(self.norm);
        match (self.in_width, self.out_width) {
            (_, 0) => None,
            (1, 1) => Some(self.orig + d),
            (i, o) => Some(self.orig + d / usize::from(o) * usize::from(i)),
        }
    }
}

/// Normalized text and the map from its byte offsets back to the input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NormalizedText {
    text: String,
    /// Sorted by `norm`, strictly increasing; the first has `norm == 0`
    /// whenever the text is not empty.
    marks: Vec<Checkpoint>,
    original_len: usize,
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
        self.original_len
    }

    /// Maps a byte offset of the normalized text to the input: the start of
    /// the input character that produced the normalized byte at `offset`.
    ///
    /// Offsets inside a character map to that character's start; offsets at
    /// or past the end map to the input length.
    pub fn to_original(&self, offset: usize) -> usize {
        self.start_at(offset, None).0
    }

    /// Maps a byte offset of the normalized text, taken as the end of a
    /// span, to the input: the end of the input that produced everything
    /// before `offset`, including the deleted characters that follow it.
    ///
    /// It equals [`to_original`](Self::to_original) wherever a new input
    /// character's output starts; an offset that cuts a character, or the
    /// expansion of one input character (ﻻ → لا), is moved to the end of
    /// that input character.
    pub fn to_original_end(&self, offset: usize) -> usize {
        self.end_at(offset, None)
    }

    /// Maps a span of the normalized text to the input slice it came from.
    ///
    /// The result always lies on character boundaries of the input, and
    /// includes the deleted marks written on the span's letters. A span
    /// that cuts an input character's output is widened to cover it.
    pub fn original_range(&self, span: Range<usize>) -> Range<usize> {
        self.range_at(span, None).0
    }

    /// Maps many spans at once, as [`original_range`](Self::original_range)
    /// maps each: the same results, in the same order.
    ///
    /// Each span's checkpoint is looked for from the previous span's, so
    /// spans sorted by start (as a matcher reports them) cost a short
    /// forward step each instead of two binary searches; spans in any other
    /// order are still mapped correctly.
    ///
    /// ```
    /// use khabar_normalize::{Normalizer, Profile};
    ///
    /// let input = "قالت الوزارةُ إنّ ٣ وفود وصلت";
    /// let n = Normalizer::new(Profile::Search).normalize(input);
    /// let spans = [0..8, 9..23, 29..30, 3..12];
    /// let mapped: Vec<_> = n.original_ranges(spans.iter().cloned()).collect();
    /// assert_eq!(&input[mapped[1].clone()], "الوزارةُ");
    /// assert_eq!(&input[mapped[2].clone()], "٣");
    /// for (span, got) in spans.into_iter().zip(mapped) {
    ///     assert_eq!(got, n.original_range(span));
    /// }
    /// ```
    pub fn original_ranges<I>(&self, spans: I) -> impl Iterator<Item = Range<usize>>
    where
        I: IntoIterator<Item = Range<usize>>,
    {
        let mut hint = None;
        spans.into_iter().map(move |span| {
            let (range, seg) = self.range_at(span, hint);
            hint = Some(seg);
            range
        })
    }

    /// [`original_range`](Self::original_range), looking for the start's
    /// checkpoint from `hint`; also returns the start's checkpoint.
    #[inline]
    fn range_at(&self, span: Range<usize>, hint: Option<usize>) -> (Range<usize>, usize) {
        let (start, seg) = self.start_at(span.start, hint);
        let end = self.end_at(span.end, Some(seg)).max(start);
        (start..end, seg)
    }

    /// [`to_original`](Self::to_original), looking for the checkpoint from
    /// `hint`; also returns the checkpoint's index.
    #[inline]
    fn start_at(&self, offset: usize, hint: Option<usize>) -> (usize, usize) {
        if offset >= self.text.len() {
            return (self.original_len, self.marks.len());
        }
        let n = floor_char_boundary(&self.text, offset);
        let i = self.segment_from(n, hint);
        let orig = match self.marks.get(i) {
            Some(m) => m.stride(n).unwrap_or(m.orig),
            None => self.original_len,
        };
        (orig, i)
    }

    /// [`to_original_end`](Self::to_original_end), looking for the
    /// checkpoint from `hint`.
    #[inline]
    fn end_at(&self, offset: usize, hint: Option<usize>) -> usize {
        if offset >= self.text.len() {
            return self.original_len;
        }
        let n = ceil_char_boundary(&self.text, offset);
        if n >= self.text.len() {
            return self.original_len;
        }
        let i = self.segment_from(n, hint);
        match self.marks.get(i) {
            Some(m) if m.norm == n => m.orig,
            Some(m) => m.stride(n).unwrap_or_else(|| {
                self.marks
                    .get(i + 1)
                    .map_or(self.original_len, |next| next.orig)
            }),
            None => self.original_len,
        }
    }

    /// Writes the dense offset map into `out`: `out[i] == to_original(i)`
    /// for every `i` in `0..=len()` (so `out.len() == len() + 1`).
    ///
    /// One pass over the checkpoints, for consumers that need a plain array
    /// (the plugin ABI); it reuses `out`'s allocation.
    ///
    /// ```
    /// use khabar_normalize::{Normalizer, Profile};
    ///
    /// let n = Normalizer::new(Profile::Search).normalize("أَمْس ٣");
    /// let mut map = Vec::new();
    /// n.offset_map_into(&mut map);
    /// assert_eq!(map.len(), n.len() + 1);
    /// assert!((0..=n.len()).all(|i| map[i] as usize == n.to_original(i)));
    /// ```
    pub fn offset_map_into(&self, out: &mut Vec<u32>) {
        out.clear();
        out.reserve(self.text.len() + 1);
        let text = self.text.as_bytes();
        for (k, m) in self.marks.iter().enumerate() {
            let end = self.marks.get(k + 1).map_or(text.len(), |next| next.norm);
            if m.out_width == 0 {
                // An expansion: every byte comes from the one input char.
                out.resize(out.len() + end.saturating_sub(m.norm), m.orig as u32);
                continue;
            }
            if (m.in_width, m.out_width) == (1, 1) {
                // Unchanged text, the bulk of any document: each char's
                // bytes map to its start, one push per byte.
                let mut at = m.orig as u32;
                for (d, &b) in text[m.norm..end].iter().enumerate() {
                    if (b as i8) >= -0x40 {
                        at = (m.orig + d) as u32;
                    }
                    out.push(at);
                }
                continue;
            }
            let mut i = m.norm;
            while i < end {
                let lead = text[i];
                let width = match lead {
                    0x00..=0x7F => 1,
                    0x80..=0xDF => 2,
                    0xE0..=0xEF => 3,
                    _ => 4,
                };
                let width = width.min(end - i);
                let orig = m.stride(i).unwrap_or(m.orig) as u32;
                out.resize(out.len() + width, orig);
                i += width;
            }
        }
        out.push(self.original_len as u32);
    }

    /// Number of checkpoints in the sparse offset map (a measure of its
    /// size: 0 or 1 for text the profile leaves unchanged).
    pub fn checkpoints(&self) -> usize {
        self.marks.len()
    }

    /// Resets to empty, keeping the allocations.
    pub fn clear(&mut self) {
        self.text.clear();
        self.marks.clear();
        self.original_len = 0;
    }

    /// Index of the checkpoint whose segment holds normalized offset `n`.
    fn segment(&self, n: usize) -> usize {
        self.marks
            .partition_point(|m| m.norm <= n)
            .saturating_sub(1)
    }

    /// [`segment`](Self::segment), looking forward from checkpoint `hint`
    /// first: a few steps, then a binary search of the rest. Without a
    /// usable hint (none, or one past `n`) it is a plain binary search.
    #[inline]
    fn segment_from(&self, n: usize, hint: Option<usize>) -> usize {
        let Some(h) = hint.filter(|&h| self.marks.get(h).is_some_and(|m| m.norm <= n)) else {
            return self.segment(n);
        };
        let mut i = h;
        for _ in 0..4 {
            match self.marks.get(i + 1) {
                Some(next) if next.norm <= n => i += 1,
                _ => return i,
            }
        }
        let rest = self.marks.get(i..).unwrap_or_default();
        i + rest.partition_point(|m| m.norm <= n).saturating_sub(1)
    }
}

fn floor_char_boundary(s: &str, mut n: usize) -> usize {
    while n > 0 && !s.is_char_boundary(n) {
        n -= 1;
    }
    n
}

fn ceil_char_boundary(s: &str, mut n: usize) -> usize {
    while n < s.len() && !s.is_char_boundary(n) {
        n += 1;
    }
    n
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
        let t = tables::tables(self.profile);
        #[cfg(target_arch = "x86_64")]
        if has_avx512_vbmi() {
            // SAFETY: the CPU supports these features, just checked.
            unsafe { normalize_avx512(t, input, out) };
            return;
        } else if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, just checked.
            unsafe { normalize_avx2(t, input, out) };
            return;
        }
        normalize_with_scalar(t, input, out);
    }

    /// [`normalize_into`](Self::normalize_into) with the given engine, to
    /// check the engines against each other; `false` when this CPU cannot
    /// run it.
    #[cfg(test)]
    fn normalize_with(&self, engine: Engine, input: &str, out: &mut NormalizedText) -> bool {
        let t = tables::tables(self.profile);
        match engine {
            Engine::Scalar => normalize_with_scalar(t, input, out),
            #[cfg(target_arch = "x86_64")]
            Engine::Avx2 if std::arch::is_x86_feature_detected!("avx2") => {
                // SAFETY: the CPU supports AVX2, just checked.
                unsafe { normalize_avx2(t, input, out) }
            }
            #[cfg(target_arch = "x86_64")]
            Engine::Avx512 if has_avx512_vbmi() => {
                // SAFETY: the CPU supports these features, just checked.
                unsafe { normalize_avx512(t, input, out) }
            }
            _ => return false,
        }
        true
    }
}

/// The normalization engines, for tests that compare them.
#[cfg(test)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Engine {
    /// The portable scan.
    Scalar,
    /// AVX2 classification, folds patched one by one.
    Avx2,
    /// AVX2 classification, the Arabic block's folds patched by vector
    /// lookups (AVX-512 VBMI).
    Avx512,
}

/// Whether the CPU runs the AVX-512 engine.
#[cfg(target_arch = "x86_64")]
#[inline]
fn has_avx512_vbmi() -> bool {
    std::arch::is_x86_feature_detected!("avx512vbmi")
        && std::arch::is_x86_feature_detected!("avx512bw")
        && std::arch::is_x86_feature_detected!("avx512vl")
        && std::arch::is_x86_feature_detected!("avx2")
}

/// The engine compiled with AVX-512 (VBMI, BW, VL).
///
/// # Safety
///
/// The CPU must support AVX2, AVX-512F, BW, VL and VBMI.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,avx512f,avx512bw,avx512vl,avx512vbmi")]
unsafe fn normalize_avx512(t: &tables::Tables, input: &str, out: &mut NormalizedText) {
    out.clear();
    out.original_len = input.len();
    let mut w = Writer::new(out);
    scan::avx512::normalize(t, input.as_bytes(), &mut w);
    w.finish(out);
}

/// The engine compiled with AVX2.
///
/// # Safety
///
/// The CPU must support AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn normalize_avx2(t: &tables::Tables, input: &str, out: &mut NormalizedText) {
    out.clear();
    out.original_len = input.len();
    let mut w = Writer::new(out);
    scan::avx2::normalize(t, input.as_bytes(), &mut w);
    w.finish(out);
}

/// The portable engine: copies `input` to `out`, replacing each change
/// that the scalar scan finds.
fn normalize_with_scalar(t: &tables::Tables, input: &str, out: &mut NormalizedText) {
    out.clear();
    out.original_len = input.len();
    let bytes = input.as_bytes();
    let mut w = Writer::new(out);
    w.text.reserve(input.len());
    let mut run = 0;
    while let Some((i, action, width)) = scan::next_change(t, bytes, run) {
        if let Some(unchanged) = bytes.get(run..i) {
            w.push(unchanged, run, 1, 1);
        }
        if let Some(r) = t.repl.get(usize::from(action)) {
            w.push(r.text.as_bytes(), i, r.in_width, r.out_width);
        }
        run = i + width;
    }
    if let Some(unchanged) = bytes.get(run..) {
        w.push(unchanged, run, 1, 1);
    }
    w.finish(out);
}

/// Builds the text and checkpoints of a [`NormalizedText`], adding
/// checkpoints only where needed.
///
/// The text is kept as bytes while it is built, so that the vector engine
/// can copy whole chunks and patch folded letters in place. Every engine
/// writes only whole characters of the input (a chunk may end inside one,
/// but the next write continues it byte for byte) and replacement strings,
/// so the bytes are always UTF-8 at [`finish`](Self::finish).
pub(crate) struct Writer {
    pub(crate) text: Vec<u8>,
    marks: Vec<Checkpoint>,
    /// The last checkpoint, while text that follows it on the same stride
    /// can extend its segment.
    open: Option<Checkpoint>,
}

impl Writer {
    /// A writer that reuses the (cleared) buffers of `out`.
    fn new(out: &mut NormalizedText) -> Writer {
        Writer {
            text: std::mem::take(&mut out.text).into_bytes(),
            marks: std::mem::take(&mut out.marks),
            open: None,
        }
    }

    /// Puts the text and checkpoints back into `out`.
    fn finish(self, out: &mut NormalizedText) {
        out.marks = self.marks;
        debug_assert!(std::str::from_utf8(&self.text).is_ok());
        // SAFETY: every engine appends whole input characters (copied from
        // a `&str`, continuing byte for byte across chunk edges) and
        // replacement strings, and patches a whole character with one of
        // the same width, so the bytes are valid UTF-8 (see `Writer`).
        out.text = unsafe { String::from_utf8_unchecked(self.text) };
    }

    /// Notes that normalized text from offset `norm` came from input offset
    /// `orig` on the stride `in_width`:`out_width` (0 for the expansion of
    /// one character), adding a checkpoint unless the open one covers it.
    #[inline]
    pub(crate) fn mark(&mut self, norm: usize, orig: usize, in_width: u8, out_width: u8) {
        let extends = self.open.is_some_and(|c| {
            c.in_width == in_width && c.out_width == out_width && c.stride(norm) == Some(orig)
        });
        if !extends {
            let c = Checkpoint {
                norm,
                orig,
                in_width,
                out_width,
            };
            self.marks.push(c);
            self.open = (out_width != 0).then_some(c);
        }
    }

    /// Appends `s`, which came from input offset `orig` on the stride
    /// `in_width`:`out_width`; `s` is whole characters, or continues the
    /// input character the text ends in.
    #[inline]
    pub(crate) fn push(&mut self, s: &[u8], orig: usize, in_width: u8, out_width: u8) {
        if s.is_empty() {
            return;
        }
        self.mark(self.text.len(), orig, in_width, out_width);
        self.text.extend_from_slice(s);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

/// The README's examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
