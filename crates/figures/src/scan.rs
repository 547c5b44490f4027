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
//! no hashing, no allocation, one table lookup per word reading.

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
        };
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
            } else {
                let k = key(&l[..l.len().min(3)]);
                s.plain[k / 64] |= 1 << (k % 64);
            }
        }
        s
    }

    #[inline]
    fn probe(&self, stem: &[u8]) -> bool {
        let (table, rest) = if stem.len() >= 4 && stem[0] == ALEF && stem[1] == LAM {
            (&self.al, &stem[2..])
        } else {
            (&self.plain, stem)
        };
        let k = match *rest {
            [] => return false,
            [a] => usize::from(a),
            [a, b] => usize::from(a) << 6 | usize::from(b),
            [a, b, c, ..] => {
                // A letter outside ء…ي (code 0) is in no trigger form.
                if a == 0 || b == 0 || c == 0 {
                    return false;
                }
                usize::from(a) << 12 | usize::from(b) << 6 | usize::from(c)
            }
        };
        table[k / 64] & (1 << (k % 64)) != 0
    }

    /// Does a word with these letters (the first eight, and the total
    /// count) hold a trigger under one of its clitic readings?
    fn word_hits(&self, l: &[u8], n: usize, last3: [u8; 3]) -> bool {
        // تين / تان at the end: the feminine dual rule.
        if n >= 4 && last3[0] == TA && (last3[1] == YA || last3[1] == ALEF) && last3[2] == NUN {
            return true;
        }
        // ين / ان at the end: a dual of a countable noun, after at most
        // two proclitics.
        if n >= 4 && (last3[1] == YA || last3[1] == ALEF) && last3[2] == NUN {
            for o in 0..=2usize {
                if o > 0
                    && !matches!(l.get(o - 1), Some(&c) if c == WAW || c == FA || c == BA || c == LAM || c == KAF)
                {
                    break;
                }
                if let [a, b, c, ..] = l[o.min(l.len())..] {
                    let k = usize::from(a) << 12 | usize::from(b) << 6 | usize::from(c);
                    if a != 0 && b != 0 && c != 0 && self.dual[k / 64] & (1 << (k % 64)) != 0 {
                        return true;
                    }
                }
            }
        }
        // Only the first eight letters are kept: enough for the keys.
        let stem = |o: usize| -> &[u8] { &l[o.min(l.len())..] };
        if self.probe(stem(0)) {
            return true;
        }
        let c0 = l.first().copied().unwrap_or(0);
        let c1 = l.get(1).copied().unwrap_or(0);
        let c2 = l.get(2).copied().unwrap_or(0);
        let conj = c0 == WAW || c0 == FA;
        let prep = |c: u8| c == BA || c == LAM || c == KAF;
        // لل = ل + ال: probe ال + the rest.
        let lil = |o: usize| -> bool {
            if l.len() > o + 2 && l[o] == LAM && l[o + 1] == LAM {
                let mut buf = [0u8; 10];
                buf[0] = ALEF;
                buf[1] = LAM;
                let rest = &l[o + 2..];
                let m = rest.len().min(8);
                buf[2..2 + m].copy_from_slice(&rest[..m]);
                self.probe(&buf[..2 + m])
            } else {
                false
            }
        };
        if (conj || prep(c0)) && self.probe(stem(1)) {
            return true;
        }
        if lil(0) {
            return true;
        }
        if conj && prep(c1) && self.probe(stem(2)) {
            return true;
        }
        if conj && c1 == LAM && c2 == LAM && lil(1) {
            return true;
        }
        false
    }

    /// The next candidate at or after byte `pos`.
    pub(crate) fn next(&self, text: &str, mut pos: usize) -> Option<Hit> {
        let b = text.as_bytes();
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
            if c & 0xFC != 0xD8
                || pos + 1 >= n
                || CLASS[usize::from(c - 0xD8) << 8 | usize::from(b[pos + 1])] == NOT_WORD
            {
                pos += 1;
                continue;
            }
            let start = pos;
            let mut letters = [0u8; 8];
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
                    if nl < letters.len() {
                        letters[nl] = v;
                    }
                    nl += 1;
                    last3 = [last3[1], last3[2], v];
                }
                pos += 2;
            }
            if self.word_hits(&letters[..nl.min(8)], nl, last3) {
                return Some(Hit::Word(start, pos));
            }
        }
        None
    }
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
