//! The word lists: loaded from the TSV files in `data/`, normalized with the
//! search profile, and kept in one hash map from a bare stem (no clitics, no
//! article) to the word classes it has without and with the article.

use khabar_normalize::Normalizer;
use rustc_hash::FxHashMap;

use crate::error::BuildError;

/// Word classes, one bit each.
pub(crate) mod class {
    /// A given name that starts a person's name on its own.
    pub const GIVEN: u32 = 1 << 0;
    /// A given name that is also a common word.
    pub const GIVEN_WEAK: u32 = 1 << 1;
    /// A name particle: بن، ابن، أبو، أم، آل، بنت.
    pub const PARTICLE: u32 = 1 << 2;
    /// A title a name follows directly (الرئيس، الشيخ).
    pub const TITLE: u32 = 1 << 3;
    /// A role in construct state that takes a complement (وزير، رئيس).
    pub const ROLE: u32 = 1 << 4;
    /// A role's complement (الخارجية، الوزراء).
    pub const COMP: u32 = 1 << 5;
    /// An adjective inside a role chain (السابق).
    pub const MODIFIER: u32 = 1 << 6;
    /// A country's or people's nisba adjective.
    pub const NISBA: u32 = 1 << 7;
    /// A regional or international nisba adjective.
    pub const NISBA_INTL: u32 = 1 << 8;
    /// A reporting verb.
    pub const REPORT: u32 = 1 << 9;
    /// Another verb.
    pub const VERB: u32 = 1 << 10;
    /// A function word, time word or number word.
    pub const BOUNDARY: u32 = 1 << 11;
    /// A common noun or adjective.
    pub const COMMON: u32 = 1 << 12;
    /// The head noun of an organisation's name.
    pub const ORG_HEAD: u32 = 1 << 13;
    /// The head noun of a place's name.
    pub const LOC_HEAD: u32 = 1 << 14;
    /// The head noun of an event's name.
    pub const EVENT_HEAD: u32 = 1 << 15;
    /// A word before a city in a club's name.
    pub const CLUB_PRE: u32 = 1 << 16;
    /// A word after a city in a club's name.
    pub const CLUB_POST: u32 = 1 << 17;
    /// A place head whose word is part of the name (نهر النيل).
    pub const HEAD_INCLUDED: u32 = 1 << 18;
    /// An ordinal that may end a ruler's name (الثاني).
    pub const ORDINAL: u32 = 1 << 19;

    /// An organisation head whose complement is a name even when it is a
    /// common noun (حزب العمال، وزارة الصحة).
    pub const STRONG_HEAD: u32 = 1 << 20;

    /// An organisation head that may take a known place as its name.
    pub const PLACE_NAMED: u32 = 1 << 21;

    /// A place head naming the same referent as a known place after it
    /// (جزيرة سقطرى).
    pub const SAME_REFERENT: u32 = 1 << 22;

    /// A place head only before a name particle (سجن أبو غريب; سجن alone
    /// is also imprisonment).
    pub const KUNYA_HEAD: u32 = 1 << 23;

    /// A given name that is also a past-tense verb (شهد، وعد): a name only
    /// before a given or family name.
    pub const GIVEN_VERB: u32 = 1 << 24;

    /// The head of an administrative division (محافظة، ولاية، إقليم): a
    /// gazetteer place written with it is reported without it.
    pub const DIVISION: u32 = 1 << 25;

    /// A strong given name listed with a final ى (منى، هدى، سلمى، يحيى):
    /// written with ي it is usually another word (مني "from me", هدي
    /// "guidance", سلمي "peaceful"), so there it is only a weak given name
    /// (see `Doc::classify`). Never left in a word's looked-up classes.
    pub const GIVEN_MAQSURA: u32 = 1 << 26;

    /// An organisation head whose name has the article (جهاز الأمن،
    /// مديرية الصحة): an unknown indefinite word after it is not a proper
    /// name (جهاز كمبيوتر is a device).
    pub const DEFINITE_NAME: u32 = 1 << 27;

    /// A plural place head before a list of places (مدن حلب وإدلب، قرى
    /// كفرنبودة والهبيط): each coordinated item is a place.
    pub const LIST_HEAD: u32 = 1 << 28;

    /// The first word of a compound place name (كفر، عين، طوي، رأس): after
    /// a place head or in a list of places it takes the word after it,
    /// whatever its class (قرية عين الحجر، قرى بيتا وكفر قليل).
    pub const PLACE_PRE: u32 = 1 << 29;

    /// An adjective that is part of a place name found by a rule (أورم
    /// الكبرى، قرية بيت عور الفوقا): the name takes it.
    pub const PLACE_ADJ: u32 = 1 << 30;

    /// Classes a pattern rule starts at: a title or a role, a reporting
    /// verb, a head noun, a given name, or a particle (أبو).
    pub const STARTS: u32 =
        TITLE | ROLE | REPORT | ORG_HEAD | LOC_HEAD | GIVEN | GIVEN_WEAK | PARTICLE;

    /// Classes that can never be part of a person's name.
    pub const NOT_NAME: u32 = TITLE
        | ROLE
        | COMP
        | MODIFIER
        | NISBA
        | NISBA_INTL
        | REPORT
        | VERB
        | BOUNDARY
        | COMMON
        | ORG_HEAD
        | LOC_HEAD
        | EVENT_HEAD;
}

/// The classes of one stem: without the article and with it.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Classes {
    pub bare: u32,
    pub def: u32,
}

/// The stems' classes by [`key`]: an open-addressing table of (key,
/// classes) slots, probed linearly from the key's top bits, at most half
/// full (key 0, never a stem's, marks an empty slot). A probe is a few
/// integer compares in one cache line, where a general hash map hashes
/// the key again and scans a group of tags.
#[derive(Clone, Debug, Default)]
pub(crate) struct Table {
    slots: Vec<(u64, Classes)>,
    len: usize,
}

impl Table {
    /// The number of keys.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// The slot of `k`, or of the empty slot where it would go; `None` if
    /// there are no slots.
    #[inline(always)]
    fn slot(&self, k: u64) -> Option<usize> {
        let n = self.slots.len();
        if n == 0 {
            return None;
        }
        let mask = n - 1;
        let mut i = (k >> (64 - n.trailing_zeros())) as usize & mask;
        loop {
            let s = self.slots[i].0;
            if s == k || s == 0 {
                return Some(i);
            }
            i = (i + 1) & mask;
        }
    }

    /// The classes of key `k`.
    #[inline(always)]
    pub fn get(&self, k: u64) -> Option<&Classes> {
        let s = &self.slots[self.slot(k)?];
        (s.0 == k).then_some(&s.1)
    }

    /// The classes of key `k` (not 0), added empty if new.
    pub fn entry(&mut self, k: u64) -> &mut Classes {
        if (self.len + 1) * 2 > self.slots.len() {
            let old = std::mem::take(&mut self.slots);
            self.slots = vec![(0, Classes::default()); (old.len() * 2).max(64)];
            for (k, c) in old.into_iter().filter(|s| s.0 != 0) {
                if let Some(i) = self.slot(k) {
                    self.slots[i] = (k, c);
                }
            }
        }
        let i = self.slot(k).unwrap_or(0);
        if self.slots[i].0 == 0 {
            self.slots[i].0 = k;
            self.len += 1;
        }
        &mut self.slots[i].1
    }
}

/// One row of `ambiguous.tsv`.
#[derive(Clone, Debug)]
pub(crate) struct Sense {
    pub id: SenseId,
    pub kind: Box<str>,
    pub name: Box<str>,
    pub place: CueWhere,
    pub cues: Vec<Box<str>>,
}

/// What a [`Sense`] does to the mention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SenseId {
    /// Link it to this id.
    Id(Box<str>),
    /// Drop it.
    Drop,
    /// Keep it as a name without an id.
    NoId,
}

/// Where a sense's cue words are looked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CueWhere {
    Before,
    After,
    Sentence,
    Report,
}

/// All the word lists.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    /// Keyed by [`key`], a 64-bit hash of the stem: a probe compares two
    /// integers instead of following a pointer to the stem's bytes (two
    /// different words sharing a 64-bit hash is a 1-in-2^50 event per probe
    /// for these few thousand stems;
    /// `lexicon::lookup_tests::stem_keys_are_distinct` checks the built-in
    /// ones).
    pub words: Table,
    /// The same classes keyed by the stem itself, for the tests that
    /// compare [`Lexicon::lookup`] with the reference lookup.
    #[cfg(test)]
    pub by_stem: FxHashMap<Box<str>, Classes>,
    /// Normalized surface → its senses, in file order.
    pub senses: FxHashMap<Box<str>, Vec<Sense>>,
    /// A bitmap of the stems' keys (see [`key`] and [`word_bit`]).
    filter: Vec<u64>,
    /// The same for the ambiguous surfaces.
    sense_filter: Vec<u64>,
    /// The ambiguous surfaces' last four bytes (`None` when one is
    /// shorter).
    sense_tails: Option<Tails>,
    /// The endings of the stems with a [`class::STARTS`] class and of the
    /// ambiguous surfaces: the candidate words' filter.
    ends: Ends,
}

/// A filter for the words that may end with one of a set of keys after
/// the proclitics and the article, the way [`Lexicon::lookup`] strips them.
///
/// A bitmap of a hash of each key's length and last eight bytes (all of
/// it when shorter): a word passes when the bit of one of the stems
/// `lookup` would probe in it is set (see [`stem_lengths8`]; most words
/// have one or two). That is one multiply and one bit test per stem,
/// whatever the number of keys (with 2¹⁷ bits, a few thousand keys set
/// under 3 % of them); a word that passes is then looked up for real. No
/// word that ends with a key that way is missed.
///
/// Before that, a first level without the stems' lengths: every stem
/// `lookup` probes ends where the word ends, so a word whose last bytes
/// end no key cannot have a stem that is one. One row of 64 bits per
/// hash of a key's last six bytes: bit 0 for a key of six or seven
/// bytes, and a bit chosen by a hash of the two bytes before those six
/// for a longer key; and a bitmap of the last four bytes of the keys of
/// four or five bytes (a few). A word loads one row and tests the one or
/// two bits its stems' lengths may need (and the small bitmap when it is
/// short): most words stop there.
#[derive(Clone, Debug)]
pub(crate) struct Ends {
    bits: Box<[u64; (1 << Ends::BITS) / 64]>,
    /// The first level (see above), [`Ends::ROWS`] rows.
    tails: Box<[u64; 1 << Ends::ROWS]>,
    /// The first level of the keys of four or five bytes.
    tails4: [u64; 16],
    /// Words of at most this many bytes always pass (keys shorter than
    /// four bytes: none in the built-in lists).
    short: usize,
}

impl Default for Ends {
    fn default() -> Ends {
        Ends {
            bits: Box::new([0; (1 << Ends::BITS) / 64]),
            tails: Box::new([0; 1 << Ends::ROWS]),
            tails4: [0; 16],
            short: 0,
        }
    }
}

impl Ends {
    const BITS: u32 = 17;
    /// The first level's rows (2^11, 16 KiB).
    const ROWS: u32 = 11;
    /// Words this long or longer always pass (their stems' lengths do not
    /// fit a u64 mask).
    const LONG: usize = 56;

    /// The bit of the stem made of the last `len` bytes of `w`.
    #[inline]
    fn bit(w: &[u8], len: usize) -> usize {
        let t = len.min(8);
        let mut x = [0u8; 8];
        x[..t].copy_from_slice(&w[w.len() - t..]);
        Ends::mix(u64::from_le_bytes(x), len)
    }

    /// The bit of a stem of `len` bytes whose last `min(len, 8)` bytes,
    /// read as a little-endian integer, are `tail`.
    #[inline]
    fn mix(tail: u64, len: usize) -> usize {
        let v = (tail ^ (len as u64).wrapping_mul(0xA076_1D64_78BD_642F))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (v >> (64 - Ends::BITS)) as usize
    }

    /// Adds a key.
    fn add(&mut self, key: &[u8]) {
        let n = key.len();
        if n < 4 {
            self.short = self.short.max(n + 8);
            return;
        }
        let b = Ends::bit(key, n);
        self.bits[b / 64] |= 1 << (b % 64);
        let mut x = [0u8; 8];
        let t = n.min(8);
        x[8 - t..].copy_from_slice(&key[n - t..]);
        let last8 = u64::from_le_bytes(x);
        if n < 6 {
            let b = Ends::tail4(last8);
            self.tails4[b / 64] |= 1 << (b % 64);
        } else {
            let bit = if n < 8 { 1 } else { Ends::bit8(last8) };
            self.tails[Ends::row(last8)] |= bit;
        }
    }

    /// The bit in [`Ends::tails4`] of the last four bytes.
    #[inline]
    fn tail4(last8: u64) -> usize {
        let tail4 = (last8 >> 32) as u32;
        (tail4.wrapping_mul(0x9E37_79B1) >> 22) as usize
    }

    /// The first level's row of a word whose last eight bytes, read as a
    /// little-endian integer, are `last8` (its last six bytes).
    #[inline]
    fn row(last8: u64) -> usize {
        let tail6 = last8 >> 16;
        (tail6.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Ends::ROWS)) as usize
    }

    /// The bit of the two bytes before the last six (bit 0 is also the
    /// shorter keys' bit: a shared bit only lets more words pass).
    #[inline]
    fn bit8(last8: u64) -> u64 {
        let b = last8 & 0xFFFF;
        1 << (b.wrapping_mul(0xA076_1D64_78BD_642F) >> 58)
    }

    /// Whether the word `text[s..e]` may be a key after the proclitics and
    /// the article [`Lexicon::lookup`] would strip from it; its last eight
    /// bytes are read once from the text.
    #[inline(always)]
    pub fn maybe_at(&self, text: &[u8], s: usize, e: usize) -> bool {
        let word = &text[s..e];
        let n = word.len();
        if n <= self.short || n >= Ends::LONG {
            return true;
        }
        // The eight bytes ending at `e` (zeros before the text's start);
        // a stem's last `t` bytes are the top `t` bytes.
        let last8 = match e.checked_sub(8).and_then(|a| text.get(a..e)) {
            Some(x) => {
                let mut b = [0u8; 8];
                b.copy_from_slice(x);
                u64::from_le_bytes(b)
            }
            None => {
                let k = e.min(8);
                let mut b = [0u8; 8];
                b[8 - k..].copy_from_slice(&text[e - k..e]);
                u64::from_le_bytes(b)
            }
        };
        // The first level: the stems are n - 8 ..= n bytes long (at least
        // four); a key of 6–7 bytes set bit 0 of its row, a longer one the
        // bit of its two bytes before the last six, a shorter one its bit
        // in `tails4`.
        let mut need = if n >= 8 { Ends::bit8(last8) } else { 0 };
        if (6..=15).contains(&n) {
            need |= 1;
        }
        let long = n >= 6 && self.tails[Ends::row(last8)] & need != 0;
        if !long
            && (n > 13 || {
                let b = Ends::tail4(last8);
                self.tails4[b / 64] & (1 << (b % 64)) == 0
            })
        {
            return false;
        }
        // The word's first eight bytes (zeros past its end).
        let first8 = match text.get(s..s + 8) {
            Some(x) => {
                let mut b = [0u8; 8];
                b.copy_from_slice(x);
                let x = u64::from_le_bytes(b);
                if n < 8 { x & ((1 << (8 * n)) - 1) } else { x }
            }
            None => {
                let mut b = [0u8; 8];
                b[..n.min(8)].copy_from_slice(&word[..n.min(8)]);
                u64::from_le_bytes(b)
            }
        };
        let mut lengths = stem_lengths8(first8, n) & !0xF;
        if lengths == 0 {
            return false;
        }
        while lengths != 0 {
            let len = lengths.trailing_zeros() as usize;
            let t = len.min(8);
            let b = Ends::mix(last8 >> (8 * (8 - t)), len);
            if self.bits[b / 64] & (1 << (b % 64)) != 0 {
                return true;
            }
            lengths &= lengths - 1;
        }
        false
    }
}

/// A bitmap of the last four bytes of a few needles: a word that ends with
/// one of them has its bit set (a word shorter than four bytes never has).
#[derive(Clone, Debug)]
pub(crate) struct Tails {
    bits: [u64; 16],
}

impl Tails {
    /// The bitmap of `needles`; `None` if one is shorter than four bytes.
    pub fn of<'n>(needles: impl Iterator<Item = &'n [u8]>) -> Option<Tails> {
        let mut t = Tails { bits: [0; 16] };
        for n in needles {
            let g = tail(n)?;
            t.bits[g / 64] |= 1 << (g % 64);
        }
        Some(t)
    }

    /// Whether `word` may end with one of the needles.
    #[inline]
    pub fn maybe(&self, word: &[u8]) -> bool {
        tail(word).is_some_and(|g| self.bits[g / 64] & (1 << (g % 64)) != 0)
    }
}

/// A 10-bit hash of the last four bytes of `b` (`None` if shorter).
#[inline]
fn tail(b: &[u8]) -> Option<usize> {
    let t: [u8; 4] = b.last_chunk::<4>().copied()?;
    let x = u32::from_le_bytes(t).wrapping_mul(0x9E37_79B1);
    Some((x >> 22) as usize)
}

/// The proclitic and article letters as big-endian `u16` (lead byte
/// first), the way the lookup and the stem lengths read a word's letters.
mod letter {
    /// و
    pub const WAW: u16 = 0xD988;
    /// ف
    pub const FA: u16 = 0xD981;
    /// ب
    pub const BA: u16 = 0xD8A8;
    /// ل
    pub const LAM: u16 = 0xD984;
    /// ك
    pub const KAF: u16 = 0xD983;
    /// ا
    pub const ALEF: u16 = 0xD8A7;
}

/// The stem lengths (`stem_lengths`, the letter-by-letter version the
/// tests compare it with) of a word of `n` bytes (under 64) whose first eight
/// bytes, read as a little-endian integer with zeros past the word's end,
/// are `first8`: the letters are compared in registers.
#[inline(always)]
fn stem_lengths8(first8: u64, n: usize) -> u64 {
    const WAW: u16 = u16::from_le_bytes([0xD9, 0x88]);
    const FA: u16 = u16::from_le_bytes([0xD9, 0x81]);
    const BA: u16 = u16::from_le_bytes([0xD8, 0xA8]);
    const LAM: u16 = u16::from_le_bytes([0xD9, 0x84]);
    const KAF: u16 = u16::from_le_bytes([0xD9, 0x83]);
    const ALEF: u16 = u16::from_le_bytes([0xD8, 0xA7]);
    // Letter `k` (bytes 2k and 2k + 1).
    let at = |k: u32| (first8 >> (16 * k)) as u16;
    let bit = |strip: usize| -> u64 { if strip <= n { 1u64 << (n - strip) } else { 0 } };
    let (l0, l1) = (at(0), at(1));
    let mut m = bit(0);
    if l0 == ALEF && l1 == LAM {
        m |= bit(4);
    }
    let conj = l0 == WAW || l0 == FA;
    if conj || l0 == BA || l0 == LAM || l0 == KAF {
        let l2 = at(2);
        m |= bit(2);
        if l0 == LAM && l1 == LAM {
            m |= bit(4);
        } else if l1 == ALEF && l2 == LAM {
            m |= bit(6);
        }
        if conj && (l1 == BA || l1 == LAM || l1 == KAF) {
            m |= bit(4);
            if l1 == LAM && l2 == LAM {
                m |= bit(6);
            } else if l2 == ALEF && at(3) == LAM {
                m |= bit(8);
            }
        }
    }
    m
}

/// The lengths (one bit each, bit `k` for `k` bytes) of the stems
/// [`Lexicon::lookup`] probes in `w`: the word, and the word without a
/// conjunction and/or a preposition, each also without the article (ال, or
/// the second ل of لل). `w` is shorter than 64 bytes.
#[cfg(test)]
fn stem_lengths(w: &[u8]) -> u64 {
    let n = w.len();
    // The two-byte letter at byte `i` as a u16 (0 past the end).
    let at = |i: usize| -> u16 {
        match w.get(i..i + 2) {
            Some(x) => u16::from_be_bytes([x[0], x[1]]),
            None => 0,
        }
    };
    use letter::{ALEF, BA, FA, KAF, LAM, WAW};
    let bit = |strip: usize| -> u64 { if strip <= n { 1u64 << (n - strip) } else { 0 } };
    // The article after `pre` bytes: its length (0: none).
    let article = |pre: usize| -> usize {
        if pre >= 2 && at(pre - 2) == LAM && at(pre) == LAM {
            2
        } else if at(pre) == ALEF && at(pre + 2) == LAM {
            4
        } else {
            0
        }
    };
    let with_article = |pre: usize| -> u64 {
        let art = article(pre);
        bit(pre) | if art > 0 { bit(pre + art) } else { 0 }
    };
    let (l0, l1) = (at(0), at(2));
    let conj = |l: u16| l == WAW || l == FA;
    let prep = |l: u16| l == BA || l == LAM || l == KAF;
    let mut m = with_article(0);
    if conj(l0) || prep(l0) {
        m |= with_article(2);
    }
    if conj(l0) && prep(l1) {
        m |= with_article(4);
    }
    m
}

#[cfg(test)]
mod stem_lengths_tests {
    use super::*;

    proptest::proptest! {
        /// The stem lengths from the first eight bytes equal the ones
        /// read letter by letter, on words made of the proclitics, the
        /// article's letters and others (odd lengths and other bytes
        /// included), zeros past the word's end.
        #[test]
        fn stem_lengths_from_eight_bytes_equal_the_letter_by_letter_ones(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["ا", "ل", "و", "ف", "ب", "ك", "م", "ال", "لل", "a", "\u{0660}"]),
                0..12,
            )
        ) {
            let w: String = parts.concat();
            let b = w.as_bytes();
            proptest::prop_assume!(b.len() < 56);
            let mut x = [0u8; 8];
            let k = b.len().min(8);
            x[..k].copy_from_slice(&b[..k]);
            proptest::prop_assert_eq!(stem_lengths8(u64::from_le_bytes(x), b.len()), stem_lengths(b));
        }
    }
}

/// A built-in data file: its name (for errors) and text.
pub(crate) struct DataFile {
    pub name: &'static str,
    pub text: &'static str,
}

macro_rules! data {
    ($f:literal) => {
        DataFile {
            name: $f,
            text: include_str!(concat!("../data/", $f)),
        }
    };
}

pub(crate) const GIVEN_NAMES: DataFile = data!("given-names.tsv");
pub(crate) const ROLES: DataFile = data!("roles.tsv");
pub(crate) const NISBA: DataFile = data!("nisba.tsv");
pub(crate) const VERBS: DataFile = data!("verbs.tsv");
pub(crate) const BOUNDARIES: DataFile = data!("boundaries.tsv");
pub(crate) const COMMON: DataFile = data!("common.tsv");
pub(crate) const HEADS: DataFile = data!("heads.tsv");
pub(crate) const AMBIGUOUS: DataFile = data!("ambiguous.tsv");

/// The lines of a file that carry data: (1-based line number, fields).
fn rows(file: &DataFile) -> impl Iterator<Item = (usize, Vec<&str>)> + '_ {
    file.text.lines().enumerate().filter_map(|(i, line)| {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            return None;
        }
        Some((i + 1, line.split('\t').map(str::trim).collect()))
    })
}

impl Lexicon {
    /// Loads every built-in file.
    pub fn builtin(norm: &Normalizer) -> Result<Lexicon, BuildError> {
        let mut lx = Lexicon::default();
        lx.load_given(norm, &GIVEN_NAMES)?;
        lx.load_roles(norm, &ROLES)?;
        lx.load_nisba(norm, &NISBA)?;
        lx.load_verbs(norm, &VERBS)?;
        lx.load_plain(norm, &BOUNDARIES, class::BOUNDARY, false)?;
        lx.load_plain(norm, &COMMON, class::COMMON, true)?;
        lx.load_heads(norm, &HEADS)?;
        lx.load_senses(norm, &AMBIGUOUS)?;
        for p in ["بن", "ابن", "ابو", "ام", "ال", "بنت", "ولد", "ابي"] {
            lx.add(p, class::PARTICLE, false);
        }
        for o in [
            "الاول",
            "الثاني",
            "الثالث",
            "الرابع",
            "الخامس",
            "السادس",
            "السابع",
            "الثامن",
            "التاسع",
            "العاشر",
            "الحادي",
            "عشر",
        ] {
            lx.add(o, class::ORDINAL, false);
        }
        lx.seal();
        Ok(lx)
    }

    /// Adds `word` (already normalized) with `flags`; a word written with
    /// the article sets the classes of its definite form. `both`: the
    /// classes hold with and without the article.
    pub fn add(&mut self, word: &str, flags: u32, both: bool) {
        let (stem, def) = match word.strip_prefix("ال") {
            Some(rest) if rest.chars().count() >= 2 => (rest, true),
            _ => (word, false),
        };
        if self.filter.is_empty() {
            self.filter = vec![0u64; WORD_FILTER_BITS / 64];
        }
        let k = key(stem.as_bytes());
        let bit = word_bit(k);
        self.filter[bit / 64] |= 1 << (bit % 64);
        if flags & class::STARTS != 0 {
            self.ends.add(stem.as_bytes());
        }
        let e = self.words.entry(k);
        if both || def {
            e.def |= flags;
        }
        if both || !def {
            e.bare |= flags;
        }
        #[cfg(test)]
        {
            let e = self.by_stem.entry(stem.into()).or_default();
            if both || def {
                e.def |= flags;
            }
            if both || !def {
                e.bare |= flags;
            }
        }
    }

    fn load_given(&mut self, norm: &Normalizer, f: &DataFile) -> Result<(), BuildError> {
        for (line, fields) in rows(f) {
            let [word, strength] = fields[..] else {
                return Err(BuildError::bad_line(
                    f.name,
                    line,
                    "expected name<TAB>strength",
                ));
            };
            let flags = match strength {
                "strong" => class::GIVEN,
                "weak" => class::GIVEN_WEAK,
                "verb" => class::GIVEN_VERB,
                _ => {
                    return Err(BuildError::bad_line(
                        f.name,
                        line,
                        "strength is strong, weak or verb",
                    ));
                }
            };
            let w = normalized(norm, word, f.name, line)?;
            let flags = if flags == class::GIVEN && word.ends_with('ى') {
                flags | class::GIVEN_MAQSURA
            } else {
                flags
            };
            // عبد الله is also written عبدالله: both spellings.
            self.add(&w, flags, false);
        }
        Ok(())
    }

    fn load_roles(&mut self, norm: &Normalizer, f: &DataFile) -> Result<(), BuildError> {
        for (line, fields) in rows(f) {
            let [word, kind] = fields[..] else {
                return Err(BuildError::bad_line(
                    f.name,
                    line,
                    "expected word<TAB>class",
                ));
            };
            let flags = match kind {
                "title" => class::TITLE,
                "role" => class::ROLE,
                "comp" => class::COMP,
                "modifier" => class::MODIFIER,
                _ => {
                    return Err(BuildError::bad_line(
                        f.name,
                        line,
                        "class is title, role, comp or modifier",
                    ));
                }
            };
            let w = normalized(norm, word, f.name, line)?;
            self.add(&w, flags, false);
        }
        Ok(())
    }

    fn load_nisba(&mut self, norm: &Normalizer, f: &DataFile) -> Result<(), BuildError> {
        for (line, fields) in rows(f) {
            let [word, kind, _id] = fields[..] else {
                return Err(BuildError::bad_line(
                    f.name,
                    line,
                    "expected word<TAB>class<TAB>id",
                ));
            };
            let flags = match kind {
                "country" => class::NISBA,
                "intl" => class::NISBA_INTL,
                _ => {
                    return Err(BuildError::bad_line(
                        f.name,
                        line,
                        "class is country or intl",
                    ));
                }
            };
            let w = normalized(norm, word, f.name, line)?;
            // Masculine and feminine (ـية → ـيه in the search profile),
            // definite and indefinite.
            self.add(&w, flags, true);
            self.add(&format!("{w}ه"), flags, true);
        }
        Ok(())
    }

    fn load_verbs(&mut self, norm: &Normalizer, f: &DataFile) -> Result<(), BuildError> {
        for (line, fields) in rows(f) {
            let [word, kind] = fields[..] else {
                return Err(BuildError::bad_line(
                    f.name,
                    line,
                    "expected word<TAB>class",
                ));
            };
            let flags = match kind {
                "report" => class::REPORT,
                "verb" => class::VERB,
                _ => {
                    return Err(BuildError::bad_line(
                        f.name,
                        line,
                        "class is report or verb",
                    ));
                }
            };
            let w = normalized(norm, word, f.name, line)?;
            self.add(&w, flags, false);
        }
        Ok(())
    }

    fn load_plain(
        &mut self,
        norm: &Normalizer,
        f: &DataFile,
        flags: u32,
        inflect: bool,
    ) -> Result<(), BuildError> {
        for (line, fields) in rows(f) {
            let Some(word) = fields.first() else { continue };
            let w = normalized(norm, word, f.name, line)?;
            if inflect {
                // Definite and indefinite; feminine of adjectives.
                self.add(&w, flags, true);
                // The accusative with tanwin alef (تقريرا، كتبا).
                if !w.ends_with('ه') && !w.ends_with('ا') {
                    self.add(&format!("{w}ا"), flags, true);
                }
                if !w.ends_with('ه') {
                    self.add(&format!("{w}ه"), flags, true);
                }
                // Sound plurals (مسؤولون، آخرين، احتجاجات).
                for suffix in ["ون", "ين", "ات"] {
                    self.add(&format!("{w}{suffix}"), flags, true);
                }
            } else {
                self.add(&w, flags, false);
            }
        }
        Ok(())
    }

    fn load_heads(&mut self, norm: &Normalizer, f: &DataFile) -> Result<(), BuildError> {
        for (line, fields) in rows(f) {
            let (word, kind, head, marks) = match fields[..] {
                [w, k, h] => (w, k, h, ""),
                [w, k, h, m] => (w, k, h, m),
                _ => {
                    return Err(BuildError::bad_line(
                        f.name,
                        line,
                        "expected word<TAB>kind<TAB>head[<TAB>marks]",
                    ));
                }
            };
            let mut flags = match kind {
                "ORG" => class::ORG_HEAD,
                "LOC" => class::LOC_HEAD,
                "EVENT" => class::EVENT_HEAD,
                "CLUB-PRE" => class::CLUB_PRE,
                "CLUB-POST" => class::CLUB_POST,
                "LOC-PRE" => class::PLACE_PRE,
                "LOC-ADJ" => class::PLACE_ADJ,
                _ => {
                    return Err(BuildError::bad_line(
                        f.name,
                        line,
                        "kind is ORG, LOC, EVENT, CLUB-PRE, CLUB-POST, LOC-PRE or LOC-ADJ",
                    ));
                }
            };
            match head {
                // LOC-PRE and LOC-ADJ words are inside a name, not heads.
                "include" if flags & (class::PLACE_PRE | class::PLACE_ADJ) != 0 => {}
                "include" => flags |= class::HEAD_INCLUDED,
                "exclude" => {}
                _ => {
                    return Err(BuildError::bad_line(
                        f.name,
                        line,
                        "head is include or exclude",
                    ));
                }
            }
            for mark in marks.split(',').filter(|m| !m.is_empty()) {
                flags |= match mark {
                    "strong" => class::STRONG_HEAD,
                    "place" => class::PLACE_NAMED,
                    "same" => class::SAME_REFERENT,
                    "kunya" => class::KUNYA_HEAD,
                    "division" => class::DIVISION,
                    "definite" => class::DEFINITE_NAME,
                    "list" => class::LIST_HEAD,
                    _ => {
                        return Err(BuildError::bad_line(
                            f.name,
                            line,
                            "marks are strong, place, same, kunya, division, definite, list",
                        ));
                    }
                };
            }
            let w = normalized(norm, word, f.name, line)?;
            // A head is a head with the article too (البنك الدولي).
            self.add(&w, flags, true);
        }
        Ok(())
    }

    fn load_senses(&mut self, norm: &Normalizer, f: &DataFile) -> Result<(), BuildError> {
        for (line, fields) in rows(f) {
            let [surface, id, kind, name, place, cues] = fields[..] else {
                return Err(BuildError::bad_line(
                    f.name,
                    line,
                    "expected surface<TAB>id<TAB>type<TAB>name<TAB>where<TAB>cues",
                ));
            };
            let place = match place {
                "before" => CueWhere::Before,
                "after" => CueWhere::After,
                "sentence" => CueWhere::Sentence,
                "report" => CueWhere::Report,
                _ => {
                    return Err(BuildError::bad_line(
                        f.name,
                        line,
                        "where is before, after, sentence or report",
                    ));
                }
            };
            let id = match id {
                "-" => SenseId::Drop,
                "*" => SenseId::NoId,
                id => SenseId::Id(id.into()),
            };
            let mut list = Vec::new();
            for cue in cues.split('|').filter(|c| !c.is_empty()) {
                list.push(normalized(norm, cue, f.name, line)?.into_boxed_str());
            }
            let key = normalized(norm, surface, f.name, line)?;
            self.ends.add(key.as_bytes());
            self.senses.entry(key.into()).or_default().push(Sense {
                id,
                kind: kind.into(),
                name: name.into(),
                place,
                cues: list,
            });
        }
        Ok(())
    }
}

fn normalized(
    norm: &Normalizer,
    word: &str,
    file: &'static str,
    line: usize,
) -> Result<String, BuildError> {
    let n = norm.normalize(word);
    let s: String = n.as_str().chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return Err(BuildError::bad_line(file, line, "empty word"));
    }
    Ok(s)
}

/// A token's class lookup result.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Lookup {
    /// Classes of the word.
    pub flags: u32,
    /// Bytes of conjunction + preposition stripped (normalized text).
    pub pre: u8,
    /// Whether the word carries the article (ال, or the ل of لل).
    pub def: bool,
    /// Bytes of the article (2 for ال after stripping, 2 for the second
    /// ل of لل counted as the article... see [`Lexicon::lookup`]).
    pub art: u8,
}

impl Lexicon {
    /// The classes of `tok` (normalized), trying the word as written, then
    /// without proclitics (a conjunction و ف, then a preposition ب ل ك) and
    /// the article (ال, or the second ل of لل), fewest bytes stripped
    /// first; the first hit wins.
    ///
    /// Every stem probed is a suffix of the word starting at byte 0, 2, 4,
    /// 6 or 8 (at most one probe per offset: the splits exclude each
    /// other), so the probes are made in the order of their offsets and
    /// the first hit is the answer; a stem's [`key`] is two loads and a
    /// multiply, and a bitmap of the keys answers most probes without
    /// touching the map.
    /// `lexicon::lookup_tests::lookup_equals_the_reference` compares it with the
    /// probe-by-probe lookup on every stem with every proclitic and on
    /// random words.
    pub fn lookup(&self, tok: &str) -> Lookup {
        self.lookup_bytes(tok.as_bytes())
    }

    /// [`Lexicon::lookup`] for the bytes of a word (the same answer).
    #[inline]
    pub fn lookup_bytes(&self, b: &[u8]) -> Lookup {
        // Each proclitic is one two-byte letter: و ف are D9 88 / D9 81,
        // ب D8 A8, ل D9 84, ك D9 83, ا D8 A7.
        use letter::{ALEF, BA, FA, KAF, LAM, WAW};
        const ALL: u32 = u32::MAX;
        const NO_VERB: u32 = !(class::VERB | class::REPORT);
        let letter = |i: usize| -> u16 {
            match b.get(i..i + 2) {
                Some(x) => u16::from_be_bytes([x[0], x[1]]),
                None => 0,
            }
        };
        let probe = |o: usize, def: bool, mask: u32, pre: usize, art: usize| {
            b.get(o..)
                .and_then(|stem| self.probe(stem, def, mask, pre as u8, art as u8))
        };
        let found = || -> Option<Lookup> {
            // Offset 0: the word as written.
            if let Some(l) = probe(0, false, ALL, 0, 0) {
                return Some(l);
            }
            let (l0, l1) = (letter(0), letter(2));
            if l0 == ALEF {
                // Offset 4: the article.
                return if l1 == LAM {
                    probe(4, true, 0, 0, 4)
                } else {
                    None
                };
            }
            let conj = l0 == WAW || l0 == FA;
            let prep = |l: u16| l == BA || l == LAM || l == KAF;
            if !conj && !prep(l0) {
                return None;
            }
            let no_verb = |l: u16| if l == BA || l == KAF { NO_VERB } else { ALL };
            // Offset 2: a conjunction or a preposition.
            if let Some(l) = probe(2, false, no_verb(l0), 2, 0) {
                return Some(l);
            }
            let two = conj && prep(l1);
            let l2 = letter(4);
            // Offset 4: both, or ل and the ل of لل.
            let at4 = if two {
                probe(4, false, no_verb(l1), 4, 0)
            } else if l0 == LAM && l1 == LAM {
                probe(4, true, 0, 2, 2)
            } else {
                None
            };
            if at4.is_some() {
                return at4;
            }
            // Offset 6: one proclitic and ال, or two and the ل of لل.
            let at6 = if l1 == ALEF && l2 == LAM {
                probe(6, true, 0, 2, 4)
            } else if conj && l1 == LAM && l2 == LAM {
                probe(6, true, 0, 4, 2)
            } else {
                None
            };
            if at6.is_some() {
                return at6;
            }
            // Offset 8: two proclitics and ال.
            if two && l2 == ALEF && letter(6) == LAM {
                return probe(8, true, 0, 4, 4);
            }
            None
        };
        found().unwrap_or_default()
    }

    /// The classes of `stem`, a suffix of a word after `pre` bytes of
    /// proclitics: without the article (`def`: with `art` bytes of it
    /// before `stem`) or bare (its classes under `mask`); `None` when it has
    /// none.
    #[inline(always)]
    fn probe(&self, stem: &[u8], def: bool, mask: u32, pre: u8, art: u8) -> Option<Lookup> {
        let h = key(stem);
        let bit = word_bit(h);
        if self
            .filter
            .get(bit / 64)
            .is_none_or(|w| w & (1 << (bit % 64)) == 0)
        {
            return None;
        }
        // A stem of one letter is never a word of the lists (و، ب).
        if stem.len() < 4 && stem.iter().filter(|&&x| (x as i8) >= -0x40).count() < 2 {
            return None;
        }
        let e = self.words.get(h)?;
        if def {
            (e.def != 0).then_some(Lookup {
                flags: e.def,
                pre,
                def: true,
                art,
            })
        } else {
            (e.bare & mask != 0).then_some(Lookup {
                flags: e.bare & mask,
                pre,
                def: false,
                art: 0,
            })
        }
    }

    /// Whether the word `w` (normalized) may have a [`class::STARTS`]
    /// class, or be an ambiguous surface after at most two proclitic
    /// letters: a superset of both, one table probe per word.
    #[cfg(test)]
    pub fn may_start(&self, w: &[u8]) -> bool {
        self.ends.maybe_at(w, 0, w.len())
    }

    /// [`Lexicon::may_start`] for the word `text[s..e]` (the same answer).
    #[inline(always)]
    pub fn may_start_at(&self, text: &[u8], s: usize, e: usize) -> bool {
        self.ends.maybe_at(text, s, e)
    }

    /// Whether `text` may end with an ambiguous surface (a superset).
    #[inline]
    pub fn may_end_sense(&self, text: &[u8]) -> bool {
        match &self.sense_tails {
            Some(t) => t.maybe(text),
            None => true,
        }
    }

    /// The senses of an ambiguous surface.
    pub fn sense(&self, surface: &str) -> Option<&Vec<Sense>> {
        let sig = signature(surface.as_bytes());
        if self
            .sense_filter
            .get(sig / 64)
            .is_none_or(|w| w & (1 << (sig % 64)) == 0)
        {
            return None;
        }
        self.senses.get(surface)
    }

    /// Fills the ambiguous surfaces' bitmap (the words' bitmap is filled
    /// as they are added).
    fn seal(&mut self) {
        self.sense_filter = vec![0u64; FILTER_BITS / 64];
        if self.filter.is_empty() {
            self.filter = vec![0u64; WORD_FILTER_BITS / 64];
        }
        for k in self.senses.keys() {
            let sig = signature(k.as_bytes());
            self.sense_filter[sig / 64] |= 1 << (sig % 64);
        }
        self.sense_tails = Tails::of(self.senses.keys().map(|k| k.as_bytes()));
    }
}

const FILTER_BITS: usize = 1 << 16;

/// The bits of the stems' keys' bitmap (16 KiB; a few thousand stems set
/// under 8 % of them).
const WORD_FILTER_BITS: usize = 1 << 17;

/// The bit of a stem's key in the stems' bitmap: the key's top bits.
#[inline(always)]
fn word_bit(key: u64) -> usize {
    (key >> (64 - WORD_FILTER_BITS.trailing_zeros())) as usize
}

/// The 128-bit product of `x` and `y`, its halves xored: a cheap strong
/// mix (as in foldhash and wyhash).
#[inline(always)]
fn fold(x: u64, y: u64) -> u64 {
    let p = u128::from(x) * u128::from(y);
    (p as u64) ^ ((p >> 64) as u64)
}

/// The little-endian integer of the 8 bytes of `b` at `at`.
#[inline(always)]
fn load8(b: &[u8], at: usize) -> u64 {
    let mut x = [0u8; 8];
    x.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(x)
}

/// The little-endian integer of the 4 bytes of `b` at `at`.
#[inline(always)]
fn load4(b: &[u8], at: usize) -> u64 {
    let mut x = [0u8; 4];
    x.copy_from_slice(&b[at..at + 4]);
    u64::from(u32::from_le_bytes(x))
}

/// The 64-bit key of a stem in [`Lexicon::words`]: a mix of its length,
/// its first and last eight bytes (overlapping when shorter than 16 bytes;
/// for fewer than eight, its first and last four, two or one), and, past
/// 16 bytes, the bytes between them. A word's stems are its suffixes
/// ([`Lexicon::lookup`]): each key is two loads and one multiply, whatever
/// the stem's length up to 16 bytes (eight letters).
#[inline(always)]
fn key(stem: &[u8]) -> u64 {
    const S1: u64 = 0x243F_6A88_85A3_08D3;
    const S2: u64 = 0x1319_8A2E_0370_7344;
    const S3: u64 = 0xA409_3822_299F_31D0;
    const S4: u64 = 0x082E_FA98_EC4E_6C89;
    let m = stem.len();
    let (a, z) = if m >= 8 {
        (load8(stem, 0), load8(stem, m - 8))
    } else if m >= 4 {
        (load4(stem, 0) | load4(stem, m - 4) << 32, 0)
    } else if m > 0 {
        (
            u64::from(stem[0]) | u64::from(stem[m / 2]) << 8 | u64::from(stem[m - 1]) << 16,
            0,
        )
    } else {
        (0, 0)
    };
    let mut h = fold(a ^ S1, z ^ S2 ^ (m as u64).wrapping_mul(S3));
    if m > 16 {
        key_middle(&stem[8..m - 8], &mut h, S4);
    }
    // 0 marks an empty slot of the table.
    h.max(1)
}

/// Folds the middle bytes of a stem longer than 16 bytes into its key.
#[inline(never)]
fn key_middle(mid: &[u8], h: &mut u64, s: u64) {
    let mut chunks = mid.chunks_exact(8);
    for c in &mut chunks {
        *h = fold(*h ^ load8(c, 0), s);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut x = [0u8; 8];
        x[..rest.len()].copy_from_slice(rest);
        *h = fold(*h ^ u64::from_le_bytes(x), s);
    }
}

#[cfg(test)]
mod lookup_tests;

/// A cheap 16-bit signature of a word: its length and its last three bytes
/// and second byte (the first byte of an Arabic letter is D8 or D9).
#[inline]
pub(crate) fn signature(b: &[u8]) -> usize {
    let n = b.len();
    let at = |i: usize| usize::from(b.get(i).copied().unwrap_or(0));
    let h = n.wrapping_mul(0x9E37)
        ^ (at(n.wrapping_sub(1)) << 3)
        ^ (at(n.wrapping_sub(2)) << 7)
        ^ (at(n.wrapping_sub(3)) << 11)
        ^ (at(1) << 5);
    h & (FILTER_BITS - 1)
}
