//! The match key: a compact one-byte-per-letter transcoding of normalized text.
//!
//! Arabic letters take two bytes in UTF-8 and every one of them starts with
//! one of the lead bytes D8–DB, so a byte automaton over UTF-8 spends half its
//! steps on bytes that carry almost no information. The key maps every
//! character of the normalized text to one byte (or to nothing), which halves
//! the haystack and shrinks the automaton's alphabet; patterns are transcoded
//! the same way, so the automaton never sees UTF-8 at all.
//!
//! Two byte forms exist for every name and text:
//!
//! * the **spelling**: one code per character after the foldings that are
//!   always right (ASCII case, alef and hamza seats, ى→ي, ة→ه, ڤ→ف, پ→ب,
//!   گ→غ, چ→ج, Persian and Urdu letter shapes, Arabic-Indic digits, white
//!   space and dashes to one separator, deleted marks, tatweel and controls);
//! * the **key**, what the automaton runs on: the spelling with the g-letters
//!   غ ج ق folded into one code and the separators removed. A text position
//!   remembers whether a separator stood before it (the gap), so word
//!   boundaries survive, and a match is then verified against the name's
//!   spelling: where the name has a separator the text may have one or not,
//!   where it has none the text must have none, and where it has ق the text
//!   must have ق. One pattern thus covers every g-spelling and every
//!   space/hyphen/no-space form of a name (see the README's rule table).
//!
//! Transcoding is a quarter of the gazetteer stage, so it goes 32 bytes at
//! a time where it can: SSE2 (part of the x86_64 baseline; a scalar
//! version elsewhere, and as the tests' reference) finds the plain letters
//! and spaces of a window at once and computes the letters' codes by
//! arithmetic, words are written eight codes at a time, and within a run
//! of letters only the first stores its text position (the others keep a
//! one-byte link back to it, with the gap flag). Everything else goes
//! character by character. On CPUs with AVX-512 VBMI2 (detected at run
//! time; the intrinsics are stable from Rust 1.89, the MSRV) 64-byte windows
//! take every ASCII and U+0600..U+06FF character without a branch per
//! character or word: codes by table lookup, the characters that give a
//! key byte packed with `vpcompressb`, each with its own position (see
//! `avx512`); that halves the transcoder's time on news text. Property
//! tests check that both window kinds give the key, positions, gaps and
//! word starts of `key/naive.rs`, a reference written independently from
//! the documented rules (one `match` on characters, no shared table).

/// Code of a character that is a letter or digit but has no code of its own.
pub(crate) const OTHER_WORD: u8 = 0xFE;
/// Code of a character that is neither a letter nor a digit and has no code.
pub(crate) const OTHER_NONWORD: u8 = 0xFF;
/// Marker: the character is dropped from the key.
const SKIP: u8 = 0xFD;
/// Spelling code of white space and dashes (never in a key).
pub(crate) const SEP: u8 = b' ';

/// First code of the Arabic letters ء..ي (U+0621..U+064A).
const AR_BASE: u8 = 0x80;

const fn ar(c: u32) -> u8 {
    AR_BASE + (c - 0x0621) as u8
}

/// Codes of ASCII bytes: letters lowercased, white space to one space.
static ASCII: [u8; 128] = ASCII_TABLE;

/// [`ASCII`] as a constant, for [`ARABIC_TABLE`] (digits).
const ASCII_TABLE: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = match b {
            b'A'..=b'Z' => b + 32,
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' | b'-' => SEP,
            0x00..=0x1F | 0x7F => SKIP,
            _ => b,
        };
        i += 1;
    }
    t
};

/// Codes of U+0600..U+06FF.
static ARABIC: [u8; 256] = ARABIC_TABLE;

/// [`ARABIC`] as a constant, for the tables derived from it at compile
/// time.
const ARABIC_TABLE: [u8; 256] = {
    let mut t = [OTHER_NONWORD; 256];
    let mut cp = 0x0600u32;
    while cp < 0x0700 {
        t[(cp - 0x0600) as usize] = arabic_code(cp);
        cp += 1;
    }
    t
};

/// The key code of a character of U+0600..U+06FF.
///
/// The folds come from the normalizer's search rules
/// ([`khabar_normalize::search_fold`]: alef and hamza seats, ى→ي, ة→ه,
/// ڤ→ف, پ→ب, چ→ج, Persian letter shapes, digits, deleted marks), one
/// source of truth; what the normalizer keeps then goes through the key's
/// own folds ([`kept_code`]). One exception comes first: گ and ڨ are
/// g-letters in the key (the g alternation), where the search profile
/// writes ك and ق; text normalized with another profile keeps them.
const fn arabic_code(cp: u32) -> u8 {
    if cp == 0x06AF || cp == 0x06A8 {
        return ar(0x063A);
    }
    let Some(c) = char::from_u32(cp) else {
        return OTHER_NONWORD;
    };
    match khabar_normalize::search_fold(c) {
        None => SKIP,
        Some(r) => {
            let r = r as u32;
            if r < 0x80 {
                ASCII_TABLE[r as usize]
            } else {
                kept_code(r)
            }
        }
    }
}

/// The key's own folds, of characters the search profile keeps: letter
/// shapes of other Arabic-script languages that news text borrows.
const fn kept_code(cp: u32) -> u8 {
    match cp {
        0x0675 => ar(0x0627),                            // ٵ → ا
        0x06D0 | 0x06D2 => ar(0x064A),                   // ې ے → ي
        0x06C0 | 0x06C1 | 0x06BE | 0x06D5 => ar(0x0647), // ۀ ہ ھ ە → ه
        0x0621..=0x063A | 0x0641..=0x064A => ar(cp),
        0x06A5 => ar(0x0641),          // ڥ → ف
        0x06AA | 0x06AD => ar(0x0643), // ڪ ڭ → ك
        0x0698 => ar(0x0632),          // ژ → ز
        // Letters without a code: Kashmiri yeh, the keheh and Farsi yeh
        // variants beside the letters, and the letters after the digits.
        0x0620 | 0x063B..=0x063F => OTHER_WORD,
        0x066E..=0x06D3 | 0x06EE | 0x06EF | 0x06FA..=0x06FC | 0x06FF => OTHER_WORD,
        _ => OTHER_NONWORD,
    }
}

/// True for codes of letters and digits (the characters words are made of).
pub(crate) static IS_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || (b >= AR_BASE && b != OTHER_NONWORD && b != SKIP);
        i += 1;
    }
    t
};

/// The code of one character, `SKIP` when it is dropped.
#[inline]
fn code(c: char) -> u8 {
    let cp = c as u32;
    if cp < 0x80 {
        ASCII[cp as usize]
    } else if (0x0600..0x0700).contains(&cp) {
        ARABIC[(cp - 0x0600) as usize]
    } else {
        slow_code(c)
    }
}

/// Letters behind Arabic presentation forms B (U+FE80..U+FEF4), one entry
/// per letter with the number of its contextual forms.
const FORMS_B: [(char, u8); 36] = [
    ('ء', 1),
    ('آ', 2),
    ('أ', 2),
    ('ؤ', 2),
    ('إ', 2),
    ('ئ', 4),
    ('ا', 2),
    ('ب', 4),
    ('ة', 2),
    ('ت', 4),
    ('ث', 4),
    ('ج', 4),
    ('ح', 4),
    ('خ', 4),
    ('د', 2),
    ('ذ', 2),
    ('ر', 2),
    ('ز', 2),
    ('س', 4),
    ('ش', 4),
    ('ص', 4),
    ('ض', 4),
    ('ط', 4),
    ('ظ', 4),
    ('ع', 4),
    ('غ', 4),
    ('ف', 4),
    ('ق', 4),
    ('ك', 4),
    ('ل', 4),
    ('م', 4),
    ('ن', 4),
    ('ه', 4),
    ('و', 2),
    ('ى', 2),
    ('ي', 4),
];

/// The letter behind a presentation form B, if `c` is one (not a ligature).
fn forms_b_letter(c: char) -> Option<char> {
    let mut off = (c as u32).checked_sub(0xFE80)?;
    for (letter, n) in FORMS_B {
        if off < n as u32 {
            return Some(letter);
        }
        off -= n as u32;
    }
    None
}

/// Lam-alef ligatures (U+FEF5..U+FEFC) stand for two letters.
pub(crate) fn is_lam_alef(c: char) -> bool {
    ('\u{FEF5}'..='\u{FEFC}').contains(&c)
}

#[cold]
fn slow_code(c: char) -> u8 {
    if let Some(letter) = forms_b_letter(c) {
        return code(letter);
    }
    // The normalizer's search rules first (marks of the Extended-A block,
    // controls): one source of truth for what is deleted or folded.
    match khabar_normalize::search_fold(c) {
        None => return SKIP,
        Some(r) if r != c => return code(r),
        Some(_) => {}
    }
    match c {
        '\u{FE70}'..='\u{FE7F}' => SKIP,
        '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' => SKIP,
        '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' => SKIP,
        c if is_lam_alef(c) => ar(0x0627),
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => SEP,
        // General punctuation (quotation marks, dashes, spaces), common in
        // news text: no Unicode table lookup (a test checks these against
        // the general rule below).
        '\u{2000}'..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' => SEP,
        '\u{2000}'..='\u{206F}' => OTHER_NONWORD,
        c if c.is_whitespace() => SEP,
        c if c.is_alphanumeric() => OTHER_WORD,
        _ => OTHER_NONWORD,
    }
}

/// True when a key byte stands for more than one character, so that a match
/// through it has to be verified on the text.
#[inline]
pub(crate) fn is_lossy(b: u8) -> bool {
    b == OTHER_WORD || b == OTHER_NONWORD
}

/// Key code shared by the g-letters غ ج ق.
pub(crate) const G: u8 = ar(0x063A);
/// Spelling code of ق, the one g-letter a name can insist on.
pub(crate) const QAF: u8 = ar(0x0642);
/// Spelling code of ج.
const JEEM: u8 = ar(0x062C);
const LAM: u8 = ar(0x0644);

/// The key byte of a spelling code (separators have none).
#[inline]
pub(crate) const fn fold(b: u8) -> u8 {
    if b == QAF || b == JEEM { G } else { b }
}

/// True when a name's spelling has three letters or fewer once a leading
/// article ال is set aside (نجد, النجف): such a name takes no g
/// alternation.
pub(crate) fn is_short_name(sp: &[u8]) -> bool {
    let letters = sp.iter().filter(|&&b| b != SEP).count();
    let article = sp.starts_with(&[ar(0x0627), LAM]) && letters > 2;
    letters - if article { 2 } else { 0 } <= 3
}

/// True for the spelling codes of g-letters.
#[inline]
pub(crate) fn is_g(b: u8) -> bool {
    b == G || b == QAF || b == JEEM
}

/// Reusable buffers for transcoding one document.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    /// The key bytes.
    pub(crate) key: Vec<u8>,
    /// `back[i] & BACK` is where the position of key byte `i` is kept,
    /// `pos[i - (back[i] & BACK)]`: within a run of plain letters only the
    /// first one's position is written, and the others are two bytes
    /// apart (one byte per letter instead of four). `back[i] & GAP_BIT`
    /// says a separator stood before key byte `i`. Not cut to the key's
    /// length (slots past it are stale).
    back: Vec<u8>,
    /// `pos[i] & !GAP` is the normalized byte offset of the character
    /// behind key byte `i`, where `back[i] & BACK == 0` (elsewhere stale).
    /// Not cut to the key's length.
    pos: Vec<u32>,
    /// Patterns found at one position by the anchored matcher.
    pub(crate) found: Vec<(usize, u32)>,
    /// The matches' spans in the normalized text, to map to the input;
    /// then kept for [`Scratch::normalized_spans`].
    pub(crate) spans: Vec<std::ops::Range<usize>>,
    /// The key positions where a word starts (see [`Scratch::starts_at`]),
    /// in order, then the key length.
    pub(crate) starts: Vec<u32>,
}

/// The gap flag of the transcoder's positions.
const GAP: u32 = 1 << 31;
/// The gap flag in [`Scratch::back`]: `GAP` shifted to the top byte.
const GAP_BIT: u8 = (GAP >> 24) as u8;
/// The distance in [`Scratch::back`].
const BACK: u8 = !GAP_BIT;

impl Scratch {
    /// Empty buffers; they grow to the largest document seen and stay.
    pub fn new() -> Scratch {
        Scratch::default()
    }

    /// The spans in the normalized text of the matches that the last
    /// [`Gazetteer::find_into`](crate::Gazetteer::find_into) or
    /// [`Gazetteer::find_into_source`](crate::Gazetteer::find_into_source)
    /// call appended, in the same order (the matches themselves carry
    /// spans of the input). A later stage that works on the normalized
    /// text (the name recognizer) takes them instead of mapping back.
    ///
    /// ```
    /// use khabar_gazetteer::{GazetteerBuilder, Scratch};
    /// use khabar_normalize::{Normalizer, Profile};
    ///
    /// let g = GazetteerBuilder::new().add_entry("cairo", "LOC", &["القاهرة"]).build()?;
    /// let text = "وصلَ الوفدُ إلى القاهرةِ أمس";
    /// let norm = Normalizer::new(Profile::Search).normalize(text);
    /// let (mut scratch, mut out) = (Scratch::new(), Vec::new());
    /// g.find_into_source(text, &norm, &mut scratch, &mut out);
    /// let span = scratch.normalized_spans()[0].clone();
    /// assert_eq!(&norm.as_str()[span.clone()], "القاهره");
    /// assert_eq!(norm.original_range(span), out[0].start..out[0].end);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn normalized_spans(&self) -> &[std::ops::Range<usize>] {
        &self.spans
    }

    /// The normalized byte offset of the character behind key byte `i`
    /// (0 past the key).
    #[inline]
    pub(crate) fn pos(&self, i: usize) -> usize {
        if i >= self.key.len() {
            return 0;
        }
        let back = self.back.get(i).map_or(0, |&b| (b & BACK) as usize);
        let first = self.pos.get(i - back).map_or(0, |&p| p & !GAP);
        first as usize + 2 * back
    }

    /// True when a separator (or the end of the text) stands before key
    /// byte `i`.
    #[inline]
    pub(crate) fn gap(&self, i: usize) -> bool {
        if i >= self.key.len() {
            return true;
        }
        self.back.get(i).is_some_and(|&b| b & GAP_BIT != 0)
    }

    /// True when key position `i` is where a match may start without a
    /// proclitic: the first position, after a separator or a character
    /// that is not a letter or digit, or at one. (What `starts` lists;
    /// the reference for the test of `transcode`.)
    #[cfg(test)]
    fn starts_at(&self, i: usize) -> bool {
        let k = &self.key;
        i == 0
            || self.gap(i)
            || !IS_WORD[k.get(i - 1).copied().unwrap_or(0) as usize]
            || !IS_WORD[k.get(i).copied().unwrap_or(0) as usize]
    }

    /// The spelling code of the text at key position `i`.
    #[inline]
    pub(crate) fn spelling_at(&self, norm: &str, i: usize) -> u8 {
        let b = self.key[i];
        if b != G {
            return b;
        }
        norm.get(self.pos(i)..)
            .and_then(|t| t.chars().next())
            .map_or(b, code)
    }
}

/// Key codes of ASCII (the spelling codes, folded).
static KEY_ASCII: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = fold(ASCII[i]);
        i += 1;
    }
    t
};

/// Key codes of U+0600..U+06FF.
static KEY_ARABIC: [u8; 256] = KEY_ARABIC_TABLE;

/// [`KEY_ARABIC`] as a constant.
const KEY_ARABIC_TABLE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = fold(ARABIC_TABLE[i]);
        i += 1;
    }
    t
};

/// True for the two bytes of a plain letter of normalized text: ء..غ
/// (D8 A1..BA) and ف..ي (D9 81..8A), the letters the normalizer leaves in
/// news text almost exclusively.
#[inline]
fn is_plain_letter(lead: u8, next: u8) -> bool {
    (lead == 0xD8 && (0xA1..=0xBA).contains(&next))
        || (lead == 0xD9 && (0x81..=0x8A).contains(&next))
}

/// Number of plain letters whose key code is not their own letter code.
const N_FOLDS: usize = 9;

/// The plain letters whose key code is not `ar(cp)` (alef and hamza seats,
/// ة, ى, and the g-letters ج ق), as (letter code, key code), derived from
/// the key table: the SIMD path computes `ar(cp)` by arithmetic and then
/// applies these. The build fails if the table gains or loses one.
const FOLDS: [(u8, u8); N_FOLDS] = {
    let mut out = [(0u8, 0u8); N_FOLDS];
    let mut n = 0;
    let mut cp = 0x0621u32;
    while cp <= 0x064A {
        let plain = cp <= 0x063A || cp >= 0x0641;
        let key = KEY_ARABIC_TABLE[(cp - 0x0600) as usize];
        if plain && key != ar(cp) {
            out[n] = (ar(cp), key);
            n += 1;
        }
        cp += 1;
    }
    assert!(n == N_FOLDS);
    out
};

/// A run of fold sources (the alef and hamza seats آ أ ؤ إ ئ), tested by
/// the SSE2 fold with one range check; the build fails if one of them is
/// not a source.
const RARE_FIRST: u8 = ar(0x0622);
const RARE_LAST: u8 = ar(0x0626);
const _: () = {
    let mut c = RARE_FIRST;
    while c <= RARE_LAST {
        let mut f = 0;
        while FOLDS[f].0 != c {
            f += 1;
        }
        c += 1;
    }
};

/// Bytes a [`Window`] reads: 32 positions, and the second byte of a
/// letter at the last one.
const WINDOW: usize = 33;

/// The plain letters and spaces of 32 byte positions of the text, found at
/// once (see [`window`]). Codes are split by the parity of the position:
/// words of plain letters separated by single spaces alternate between
/// the two, and within a word the letters are two bytes apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Window {
    /// Bit `p`: a plain letter (see [`is_plain_letter`]) at position `p`.
    letters: u32,
    /// Bit `p`: an ASCII space at position `p`.
    spaces: u32,
    /// Byte `j`: the letter code (before the folds, see [`fold_key`]) at
    /// position `2j` if a plain letter is there; then sixteen bytes so
    /// that sixteen codes can be copied from any lane; then the same for
    /// the odd positions `2j + 1` (one array, so that the parity picks an
    /// offset, not a branch).
    codes: [u8; 64],
}

impl Default for Window {
    fn default() -> Window {
        Window {
            letters: 0,
            spaces: 0,
            codes: [0; 64],
        }
    }
}

/// [`Window`] of `c`, one position at a time: the reference for the SSE2
/// version, and the code on other targets. Lanes without a plain letter
/// have an unspecified code in the SSE2 version; here they get the same
/// arithmetic's result.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
fn window_scalar(c: &[u8; WINDOW]) -> Window {
    let mut w = Window::default();
    for p in 0..32 {
        let (lead, next) = (c[p], c[p + 1]);
        if is_plain_letter(lead, next) {
            w.letters |= 1 << p;
        }
        if lead == b' ' {
            w.spaces |= 1 << p;
        }
        // D8 xx is U+0600 + (xx & 3F), code 0x80 + cp - 0x621; D9 xx is
        // U+0640 + (xx & 3F).
        let code = (next & 0x3F)
            .wrapping_add(0x5F)
            .wrapping_add(if lead == 0xD9 { 0x40 } else { 0 });
        w.codes[(p % 2) * 32 + p / 2] = code;
    }
    w
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2;

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
use sse2::{fold_key, window};

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
use {fold_key_scalar as fold_key, window_scalar as window};

/// The fold of every key byte (identity but for the sources of [`FOLDS`]).
static FOLD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = i as u8;
        i += 1;
    }
    let mut f = 0;
    while f < N_FOLDS {
        t[FOLDS[f].0 as usize] = FOLDS[f].1;
        f += 1;
    }
    t
};

/// Applies [`FOLDS`] to every byte of `key`, one at a time: the reference
/// for the SSE2 version, and the code on other targets and for the tail.
/// The window writes letter codes unfolded and this folds the whole key
/// once at the end, sixteen bytes at a time; the codes written folded
/// (every other path) are left as they are, since no fold's result is a
/// fold's source and no other code is one (a test checks both).
fn fold_key_scalar(key: &mut [u8]) {
    for b in key {
        *b = FOLD[*b as usize];
    }
}

/// Transcoding state carried from one character to the next.
struct Cursor<'a> {
    key: &'a mut [u8],
    back: &'a mut [u8],
    pos: &'a mut [u32],
    /// Word starts, written by index; grown ahead of each window (a
    /// window of 32 bytes, and the character that runs past it, give at
    /// most 35).
    starts: &'a mut Vec<u32>,
    /// Next slot of `starts`.
    ns: usize,
    /// Text length considered (at most 2 GiB).
    limit: usize,
    /// Next key slot.
    k: usize,
    /// `GAP` when a separator (or the start of the text) came since the
    /// last key byte.
    gap: u32,
    /// Whether the last key byte is a word character.
    word: bool,
}

impl Cursor<'_> {
    /// Transcodes the byte positions `from..32` of the window `c` at text
    /// position `at` (and the rest of a character that starts in it):
    /// words of plain letters a word at a time, single spaces, the rest
    /// through [`general`](Self::general). The position reached (32 or a
    /// little more).
    #[inline(always)]
    fn window(&mut self, text: &str, at: usize, c: &[u8; WINDOW], from: usize) -> usize {
        let w = window(c);
        // Not-letter bits, with positions 32 and 33 (past the window)
        // counted as not letters.
        let stops = !u64::from(w.letters);
        let mut p = from;
        while p < 32 {
            let parity = 0x5555_5555_5555_5555u64 << (p % 2);
            let lane = (p % 2) * 32 + p / 2;
            // Letters from `p` on, two bytes apart.
            let run = ((stops & parity) >> p).trailing_zeros() as usize / 2;
            if run > 0 {
                if self.gap != 0 || !self.word {
                    self.push_start();
                }
                // Eight codes (sixteen for a longer word), whatever the
                // word's length: the slots past it get garbage that later
                // writes replace. They exist: the caller gave 32 slots of
                // slack past the text's length, and `k` never passes the
                // text position.
                let first = (at + p) as u32;
                self.put8(self.k, &w.codes, lane, first);
                if run > 8 {
                    self.put8_more(self.k + 8, &w.codes, lane + 8);
                }
                self.k += run;
                self.gap = 0;
                self.word = true;
                // Past lane 15 (p >= 32) the word may go on beyond the
                // window: the loop ends and the next window takes it up.
                p += 2 * run;
            } else if w.spaces & (1 << p) != 0 {
                self.gap = GAP;
                p += 1;
            } else {
                p += self.general(text, at + p);
            }
        }
        p
    }

    /// Makes room for `n` more word starts.
    #[inline(always)]
    fn room(&mut self, n: usize) {
        if self.ns + n > self.starts.len() {
            let len = (2 * self.starts.len()).max(self.ns + n).max(256);
            self.starts.resize(len, 0);
        }
    }

    /// Lists the next key slot as a word start (room was made).
    #[inline(always)]
    fn push_start(&mut self) {
        if let Some(slot) = self.starts.get_mut(self.ns) {
            *slot = self.k as u32;
        }
        self.ns += 1;
    }

    /// Writes eight key codes from `codes[lane..]` at key slot `k`, the
    /// first of a run of letters (`back` 0 to 7 from slot `k`, the gap
    /// flag on the first), and its position `pos0`.
    #[inline(always)]
    fn put8(&mut self, k: usize, codes: &[u8; 64], lane: usize, pos0: u32) {
        let back = u64::from_le_bytes([0, 1, 2, 3, 4, 5, 6, 7]) | u64::from(self.gap >> 24);
        if let (Some(kd), Some(bd), Some(cs)) = (
            self.key.get_mut(k..k + 8),
            self.back.get_mut(k..k + 8),
            codes.get(lane..lane + 8),
        ) {
            kd.copy_from_slice(cs);
            bd.copy_from_slice(&back.to_le_bytes());
        }
        if let Some(p) = self.pos.get_mut(k) {
            *p = pos0;
        }
    }

    /// Writes the next eight key codes of a run whose first letter is at
    /// slot `k - 8`.
    #[inline(always)]
    fn put8_more(&mut self, k: usize, codes: &[u8; 64], lane: usize) {
        if let (Some(kd), Some(bd), Some(cs)) = (
            self.key.get_mut(k..k + 8),
            self.back.get_mut(k..k + 8),
            codes.get(lane..lane + 8),
        ) {
            kd.copy_from_slice(cs);
            bd.copy_from_slice(&[8, 9, 10, 11, 12, 13, 14, 15]);
        }
    }

    /// Transcodes the character at text position `i` (below the limit),
    /// whatever it is: the number of bytes taken.
    #[inline(always)]
    fn general(&mut self, text: &str, i: usize) -> usize {
        let bytes = text.as_bytes();
        let limit = self.limit;
        let b0 = bytes[i];
        let (c, w) = if b0.wrapping_sub(0xD8) < 4 && i + 1 < limit {
            // U+0600..U+06FF: lead byte D8..DB, one continuation byte.
            (
                KEY_ARABIC[(((b0 & 3) as usize) << 6) | (bytes[i + 1] & 0x3F) as usize],
                2,
            )
        } else if b0 < 0x80 {
            (KEY_ASCII[b0 as usize], 1)
        } else {
            let ch = text[i..].chars().next().unwrap_or('\u{FFFD}');
            let c = code(ch);
            if c != SKIP && c != SEP && is_lam_alef(ch) && self.k < limit {
                if self.gap != 0 || !self.word {
                    self.push_start();
                }
                self.key[self.k] = LAM;
                self.back[self.k] = (self.gap >> 24) as u8;
                self.pos[self.k] = i as u32;
                self.k += 1;
                self.gap = 0;
                self.word = true;
            }
            (fold(c), ch.len_utf8())
        };
        match c {
            SEP => self.gap = GAP,
            SKIP => {}
            _ if self.k < limit => {
                let now = IS_WORD[c as usize];
                if self.gap != 0 || !self.word || !now {
                    self.push_start();
                }
                self.word = now;
                self.key[self.k] = c;
                self.back[self.k] = (self.gap >> 24) as u8;
                self.pos[self.k] = i as u32;
                self.k += 1;
                self.gap = 0;
            }
            _ => {}
        }
        w
    }
}

/// The AVX-512 windows (runtime-detected; the intrinsics are stable from
/// Rust 1.89, the workspace's MSRV). Nearly all of
/// normalized news text is ASCII and U+0600..U+06FF; a stretch of a window
/// made only of those is transcoded without a branch per word or
/// character. Every position's key code is looked up at once (`vpermi2b`
/// in the key tables, so the codes come folded), the characters that give
/// a key byte are packed to the front (`vpcompressb`), with their gap
/// flags and their text positions (each stores its own, `back` 0, so runs
/// need no links), and word starts are found on the packed bits. Any
/// other character between such stretches goes through
/// [`Cursor::general`].
#[cfg(target_arch = "x86_64")]
mod avx512;

/// The windows of `text` up to `limit`, with AVX-512 where `wide` and the
/// CPU has it (see `avx512`): the text position reached, and whether the
/// key codes are folded already.
#[inline]
fn windows(cur: &mut Cursor<'_>, text: &str, limit: usize, wide: bool) -> (usize, bool) {
    #[cfg(target_arch = "x86_64")]
    if wide && avx512::available() {
        // SAFETY: this CPU has the features, checked just now.
        return (unsafe { avx512::windows(cur, text, limit) }, true);
    }
    let _ = wide;
    (windows_sse2(cur, text, limit), false)
}

/// The windows of `text` up to `limit` through [`Cursor::window`]: the
/// text position reached.
#[inline]
fn windows_sse2(cur: &mut Cursor<'_>, text: &str, limit: usize) -> usize {
    let bytes = text.as_bytes();
    // Windows at every 32 bytes, whatever the words: the next window's
    // loads never wait for this one's words. A character or word that
    // runs past a window's end is finished there, and the next window
    // starts after it.
    let mut at = 0;
    let mut from = 0;
    while let Some(c) = bytes
        .get(at..at + WINDOW)
        .filter(|_| at + WINDOW <= limit)
        .and_then(|c| <&[u8; WINDOW]>::try_from(c).ok())
    {
        cur.room(WINDOW + 2);
        from = cur.window(text, at, c, from) - 32;
        at += 32;
    }
    at + from
}

/// Transcodes `text` into `out`: key bytes, positions, gaps and word
/// starts.
///
/// Positions are 31 bits: the pipeline's documents are far below 2 GiB, and
/// a longer text is cut at 2 GiB rather than mapped wrongly.
///
/// The text goes 32 bytes at a time through [`window`], which finds the
/// plain letters and spaces of all 32 positions at once; words of plain
/// letters (nearly all of normalized Arabic text) are then written out a
/// word at a time, and the window advances by a fixed step, so one word's
/// length does not hold up the next window's loads. Other characters, and
/// the last 32 bytes, go character by character.
pub(crate) fn transcode(text: &str, out: &mut Scratch) {
    transcode_with(text, out, true);
}

/// [`transcode`], with the AVX-512 windows only if `wide` (the tests
/// compare both).
#[inline]
fn transcode_with(text: &str, out: &mut Scratch, wide: bool) {
    let bytes = text.as_bytes();
    let limit = bytes.len().min(GAP as usize - 1);
    out.starts.clear();
    // A character gives at most one key byte per byte of its UTF-8
    // (lam-alef, three bytes, gives two), so the key position `k` never
    // passes the text position `i`, and `limit` slots are enough; 64 more
    // let a word be written as a whole block of codes. The slots are
    // written by index and cut to length at the end, which keeps the
    // capacity checks of `push` out of the loop.
    out.key.clear();
    out.key.resize(limit + 64, 0);
    // Positions and back links are only read where written (see
    // `Scratch::pos`): they grow but are neither cleared nor cut.
    if out.pos.len() < limit + 64 {
        out.pos.resize(limit + 64, 0);
        out.back.resize(limit + 64, 0);
    }
    let mut cur = Cursor {
        key: &mut out.key[..],
        back: &mut out.back[..],
        pos: &mut out.pos[..],
        starts: &mut out.starts,
        ns: 0,
        limit,
        k: 0,
        gap: GAP,
        word: false,
    };
    let (mut i, folded) = windows(&mut cur, text, limit, wide);
    while i < limit {
        cur.room(2);
        i += cur.general(text, i);
    }
    let (k, ns) = (cur.k, cur.ns);
    out.key.truncate(k);
    if !folded {
        fold_key(&mut out.key);
    }
    out.starts.truncate(ns);
    out.starts.push(k as u32);
}

/// The spelling of a name: codes with separator runs collapsed and trimmed.
pub(crate) fn spelling_of(text: &str) -> Vec<u8> {
    let mut sp = Vec::with_capacity(text.len());
    for ch in text.chars() {
        let c = code(ch);
        if c == SKIP || (c == SEP && sp.last().is_none_or(|&l| l == SEP)) {
            continue;
        }
        if c != SEP && is_lam_alef(ch) {
            sp.push(LAM);
        }
        sp.push(c);
    }
    while sp.last() == Some(&SEP) {
        sp.pop();
    }
    sp
}

/// The key of a spelling.
pub(crate) fn key_of_spelling(sp: &[u8]) -> Vec<u8> {
    sp.iter().filter(|&&b| b != SEP).map(|&b| fold(b)).collect()
}

/// The key of a string.
pub(crate) fn key_of(text: &str) -> Vec<u8> {
    key_of_spelling(&spelling_of(text))
}

/// The characters of `text` that reach the spelling, each with its code,
/// for verifying matches through lossy codes.
fn keyed(text: &str) -> impl Iterator<Item = (u8, char)> + '_ {
    let mut last = SEP;
    text.chars().flat_map(move |ch| {
        let c = code(ch);
        let mut out = [None, None];
        if c == SKIP || (c == SEP && last == SEP) {
            return out.into_iter().flatten();
        }
        last = c;
        if c != SEP && is_lam_alef(ch) {
            out[0] = Some((LAM, '\0'));
        }
        // Lossy codes compare the characters themselves; others the code.
        out[1] = Some((fold(c), if is_lossy(c) { ch } else { '\0' }));
        out.into_iter().flatten()
    })
}

/// True when `slice` of the normalized text spells `name` under the key's
/// foldings, comparing characters exactly where the key is lossy.
pub(crate) fn verify_lossy(name: &str, slice: &str) -> bool {
    keyed(name.trim()).eq(keyed(slice))
}

/// The text of a spelling (lossy codes come out as U+FFFD).
pub(crate) fn decode_spelling(sp: &[u8]) -> String {
    sp.iter()
        .map(|&b| match b {
            0..=0x7F => b as char,
            _ if is_lossy(b) => '\u{FFFD}',
            _ => char::from_u32(0x0621 + (b - AR_BASE) as u32).unwrap_or('\u{FFFD}'),
        })
        .collect()
}

/// Byte length of the character starting at `text[i]`, plus any following
/// characters that the key drops (marks that belong to it).
pub(crate) fn char_end_with_marks(text: &str, i: usize) -> usize {
    let mut chars = text[i..].char_indices();
    let mut end = match chars.next() {
        Some((_, c)) => i + c.len_utf8(),
        None => return text.len(),
    };
    for (j, c) in chars {
        if code(c) != SKIP {
            break;
        }
        end = i + j + c.len_utf8();
    }
    end
}

#[cfg(test)]
pub(crate) mod naive;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
