//! The scan's word test as one small automaton over the first letters of
//! a word.
//!
//! The readings of a word (no proclitic, one proclitic, و/ف + ب/ل/ك, لل
//! read as ل + ال, with and without و/ف before it; a stem with ال keyed
//! by the letters after it) were probed one by one in bitmaps of 32 KiB
//! each: a word cost up to five data-dependent branches and as many
//! loads from tables that the other stages of the pipeline push out of
//! the cache. Here the same test is a deterministic automaton: the
//! letter codes of the word, then an end marker, each move one load from
//! a table whose few hot rows (the start, after ا, ال, و …) stay in the
//! cache, a fixed number of moves per word, and a single branch at the
//! end, almost never taken. Its states are built by following every
//! reading at once: each state is the set of readings still alive, with
//! the letters each has read of its stem.
//!
//! Exactness: `tests` compares it with the probing code
//! ([`super::Scanner::word_hits`]) on every word of up to three letters,
//! on every trigger form with every clitic prefix and many endings, and
//! on random words.

use std::collections::HashMap;

use super::{ALEF, BA, FA, KAF, LAM, WAW};

/// Columns of a row: letter codes 0..=42 and the end marker.
const COLS: usize = 44;
/// The symbol that follows the last letter of a word.
const END: u8 = 43;
/// Eight end markers, one per byte.
pub(super) const END_BYTES: u64 = 0x2B2B_2B2B_2B2B_2B2B;
/// Moves per word: enough for و + ب + ال + three letters of a stem (the
/// longest reading), or six letters and the end marker.
const STEPS: usize = 7;
/// Row offsets of the two final states and of the start.
const DEAD: u16 = 0;
const ACCEPT: u16 = COLS as u16;
const START: u16 = 2 * COLS as u16;
/// The table has 2^16 entries so that a `u16` index needs no bounds
/// check; rows beyond the states are never reached.
const SIZE: usize = 1 << 16;

/// The transition table: `next[row + symbol]` is the row offset of the
/// next state (offsets are multiples of [`COLS`]).
pub(super) struct WordDfa {
    next: Box<[u16; SIZE]>,
    /// The row after the first two symbols, indexed by the two bytes
    /// `c0 | c1 << 8`: one load where two would follow each other.
    first2: Box<[u16; SIZE]>,
    /// Number of states, for the tests and the report.
    pub(super) states: usize,
}

impl std::fmt::Debug for WordDfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WordDfa")
            .field("states", &self.states)
            .finish()
    }
}

impl WordDfa {
    /// One move.
    #[inline(always)]
    fn step(&self, row: u16, sym: u8) -> u16 {
        self.next[usize::from(row.wrapping_add(u16::from(sym)))]
    }

    /// Does the word with these symbols (letter codes, then [`END`] in
    /// every byte past the last letter) hold a trigger? Two symbols in
    /// one load, two more moves, and the rest only for the few words
    /// still undecided after four symbols (under 5 % on news text).
    #[inline(always)]
    pub(super) fn accepts(&self, syms: u64) -> bool {
        let mut row = self.first2[usize::from(syms as u16)];
        row = self.step(row, (syms >> 16) as u8);
        row = self.step(row, (syms >> 24) as u8);
        if row >= START {
            for i in 4..STEPS {
                row = self.step(row, (syms >> (8 * i)) as u8);
            }
        }
        row == ACCEPT
    }

    /// Builds the automaton from the trigger keys: `plain` keys are the
    /// first one to three letters of a stem without ال, `al` keys the two
    /// or three letters after ال of a stem of four letters or more. None
    /// when it would not fit the table (it takes a few hundred states
    /// with the built-in lists) or needs more than [`STEPS`] moves.
    pub(super) fn build(plain: &[Vec<u8>], al: &[Vec<u8>]) -> Option<WordDfa> {
        let keys = Keys { plain, al };
        let mut next = vec![0u16; SIZE];
        // Row offsets by state description; representative prefixes.
        let mut ids: HashMap<Vec<u8>, u16> = HashMap::new();
        let mut todo: Vec<(Vec<u8>, u16)> = vec![(Vec::new(), START)];
        let mut rows = 3usize;
        while let Some((prefix, row)) = todo.pop() {
            if prefix.len() >= STEPS {
                // An undecided state after the last move.
                return None;
            }
            for sym in 0..=END {
                let mut p = prefix.clone();
                p.push(sym);
                let to = match keys.state(&p) {
                    State::Dead => DEAD,
                    State::Accept => ACCEPT,
                    State::Open(desc) => match ids.get(&desc) {
                        Some(&r) => r,
                        None => {
                            let r = u16::try_from(rows * COLS).ok()?;
                            if rows * COLS + COLS > SIZE {
                                return None;
                            }
                            rows += 1;
                            ids.insert(desc, r);
                            todo.push((p, r));
                            r
                        }
                    },
                };
                next[usize::from(row) + usize::from(sym)] = to;
            }
        }
        // The final states keep themselves.
        for sym in 0..COLS {
            next[usize::from(ACCEPT) + sym] = ACCEPT;
        }
        let mut first2 = vec![0u16; SIZE];
        for a in 0..=END {
            for b in 0..=END {
                let after_a = next[usize::from(START) + usize::from(a)];
                first2[usize::from(a) | usize::from(b) << 8] =
                    next[usize::from(after_a) + usize::from(b)];
            }
        }
        let next: Box<[u16; SIZE]> = next.into_boxed_slice().try_into().ok()?;
        let first2: Box<[u16; SIZE]> = first2.into_boxed_slice().try_into().ok()?;
        Some(WordDfa {
            next,
            first2,
            states: rows,
        })
    }
}

/// A clitic letter a reading needs.
#[derive(Clone, Copy)]
enum Clitic {
    /// Any of و ف ب ل ك.
    Any,
    /// و or ف.
    Conj,
    /// ب ل ك.
    Prep,
}

impl Clitic {
    fn admits(self, c: u8) -> bool {
        match self {
            Clitic::Any => [WAW, FA, BA, LAM, KAF].contains(&c),
            Clitic::Conj => c == WAW || c == FA,
            Clitic::Prep => c == BA || c == LAM || c == KAF,
        }
    }
}

/// One way to read a word, as `Scanner::word_hits` tries them.
struct Reading {
    /// The proclitics before the stem.
    clitics: &'static [Clitic],
    /// The stem starts with لل read as ال (ل + the article; at least
    /// three letters).
    lil: bool,
}

const READINGS: [Reading; 5] = [
    Reading {
        clitics: &[],
        lil: false,
    },
    Reading {
        clitics: &[Clitic::Any],
        lil: false,
    },
    Reading {
        clitics: &[Clitic::Conj, Clitic::Prep],
        lil: false,
    },
    Reading {
        clitics: &[],
        lil: true,
    },
    Reading {
        clitics: &[Clitic::Conj],
        lil: true,
    },
];

struct Keys<'a> {
    plain: &'a [Vec<u8>],
    al: &'a [Vec<u8>],
}

/// What is known of one reading after a prefix of the word.
enum Status {
    /// The reading cannot hold.
    Dead,
    /// It holds whatever follows.
    Accept,
    /// Its clitic letters are still being read.
    Waiting,
    /// Its stem letters so far (ال for a لل); the word goes on.
    Stem(Vec<u8>),
}

enum State {
    Dead,
    Accept,
    /// A description that tells the state from any other.
    Open(Vec<u8>),
}

impl Keys<'_> {
    /// The state after `p` (letter codes, maybe ending with [`END`]).
    fn state(&self, p: &[u8]) -> State {
        let ended = p.last() == Some(&END);
        let letters = if ended { &p[..p.len() - 1] } else { p };
        let k = letters.len();
        let mut desc = Vec::new();
        let mut waiting = false;
        let mut alive = false;
        for &Reading { clitics, lil } in &READINGS {
            let o = clitics.len();
            let min_len = if lil { 3 } else { 1 };
            let mut st = if letters.iter().zip(clitics).any(|(&c, t)| !t.admits(c)) {
                Status::Dead
            } else if k < o {
                if ended { Status::Dead } else { Status::Waiting }
            } else {
                let mut stem = letters[o..].to_vec();
                if !lil {
                    self.stem(stem, ended, min_len)
                } else if stem.iter().take(2).any(|&a| a != LAM) {
                    Status::Dead
                } else {
                    for (s, v) in stem.iter_mut().zip([ALEF, LAM]) {
                        *s = v;
                    }
                    // While لل is not read in full, the reading waits
                    // (below).
                    self.stem(stem, ended, min_len)
                }
            };
            if let Status::Stem(s) = &st
                && lil
                && s.len() < 2
            {
                st = Status::Waiting;
            }
            match st {
                Status::Accept => return State::Accept,
                Status::Dead => desc.push(0xFF),
                Status::Waiting => {
                    waiting = true;
                    alive = true;
                    desc.push(0xFE);
                }
                Status::Stem(s) => {
                    alive = true;
                    desc.push(s.len() as u8);
                    desc.extend_from_slice(&s);
                }
            }
        }
        if !alive {
            return State::Dead;
        }
        if waiting {
            // Which clitic letters were read matters while a reading waits.
            desc.push(0xFD);
            desc.extend_from_slice(letters);
        }
        State::Open(desc)
    }

    /// The status of a stem whose first letters are `s`; `ended`: the
    /// stem is exactly `s`.
    fn stem(&self, s: Vec<u8>, ended: bool, min_len: usize) -> Status {
        if ended {
            return if s.len() >= min_len && self.holds(&s) {
                Status::Accept
            } else {
                Status::Dead
            };
        }
        let al_start = s.len() >= 2 && s[0] == ALEF && s[1] == LAM;
        // Decided whatever follows: three letters of a stem without ال,
        // five of one with it (its length is then at least four).
        if s.len() >= 3 && !al_start {
            return if self.holds(&s[..3]) && min_len <= 3 {
                Status::Accept
            } else {
                Status::Dead
            };
        }
        if s.len() >= 5 {
            return if self.holds(&s[..5]) {
                Status::Accept
            } else {
                Status::Dead
            };
        }
        if self.may_hold(&s, min_len) {
            Status::Stem(s)
        } else {
            Status::Dead
        }
    }

    /// Does a stem of exactly these letters (or, with five letters or
    /// more, starting with them) hold a trigger? The rule of
    /// `Scanner::probe`.
    fn holds(&self, s: &[u8]) -> bool {
        if s.contains(&0) && s.len() <= 3 {
            return false;
        }
        if s.len() >= 4 && s[0] == ALEF && s[1] == LAM {
            let key = &s[2..s.len().min(5)];
            !key.contains(&0) && self.al.iter().any(|k| k.as_slice() == key)
        } else {
            let key = &s[..s.len().min(3)];
            !key.is_empty() && !key.contains(&0) && self.plain.iter().any(|k| k.as_slice() == key)
        }
    }

    /// Can a stem that starts with `s` (and goes on: its length is at
    /// least `s.len()`, and `min_len`) hold a trigger?
    fn may_hold(&self, s: &[u8], min_len: usize) -> bool {
        let k = s.len();
        let agrees = |full: &[u8]| s.iter().zip(full).all(|(a, b)| a == b);
        let plain = self.plain.iter().any(|key| {
            let m = key.len();
            let al_key = m >= 2 && key[0] == ALEF && key[1] == LAM;
            let len_ok = if m < 3 || al_key {
                // The stem is exactly the key.
                k <= m && m >= min_len
            } else {
                true
            };
            len_ok && agrees(key)
        });
        plain
            || self.al.iter().any(|key| {
                let full: Vec<u8> = [ALEF, LAM].iter().chain(key.iter()).copied().collect();
                // A two-letter key: a stem of exactly four letters.
                let len_ok = key.len() >= 3 || k <= full.len();
                len_ok && agrees(&full)
            })
    }
}
