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
use std::hash::BuildHasherDefault;

use crate::lexicon::WordHasher;

use super::{ALEF, BA, FA, KAF, LAM, WAW};

/// Symbols: letter codes 0..=42 and the end marker.
const COLS: usize = 44;
/// The symbol that follows the last letter of a word.
const END: u8 = 43;
/// Eight end markers, one per byte.
pub(super) const END_BYTES: u64 = 0x2B2B_2B2B_2B2B_2B2B;
/// Moves per word: enough for و + ب + ال + three letters of a stem (the
/// longest reading), or six letters and the end marker.
const STEPS: usize = 7;
/// The two final states; every other state is undecided.
const DEAD: u8 = 0;
const ACCEPT: u8 = 1;
/// States of the explored automaton: the final ones, then the start.
const RAW_START: usize = 2;

/// Row offsets (`state << 6`) of the two final states.
const DEAD_ROW: u16 = 0;
const ACCEPT_ROW: u16 = 1 << 6;
/// Table entries: a `u16` index needs no bounds check; the rows in use
/// (64 entries per state, a few dozen states) sit at the start.
const SIZE: usize = 1 << 16;

/// The transition tables. Entries are row offsets (`state << 6`), so a
/// move is one add and one load; the states of the first moves sit
/// together at the start, so that the few rows a document visits are
/// cheap to bring back into the cache after the other stages ran.
pub(super) struct WordDfa {
    /// `next[row + symbol]`.
    next: Box<[u16; SIZE]>,
    /// The row after the first two symbols, `first2[c0 | c1 << 6]`: one
    /// load where two would follow each other, from 8 KiB kept dense
    /// (indexed by the two bytes directly, the same entries would lie
    /// 512 bytes apart and touch more cache lines and pages per
    /// document).
    first2: Box<[u16; 64 * 64]>,
    /// Number of states (after minimization), for the tests.
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
    /// One move (symbols are below 64).
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
        let i = (syms & 0x3F) | (syms >> 2 & 0xFC0);
        let mut s = self.first2[(i & 0xFFF) as usize];
        s = self.step(s, (syms >> 16) as u8);
        s = self.step(s, (syms >> 24) as u8);
        if s > ACCEPT_ROW {
            for i in 4..STEPS {
                s = self.step(s, (syms >> (8 * i)) as u8);
            }
        }
        s == ACCEPT_ROW
    }

    /// Builds the automaton from the trigger keys: `plain` keys are the
    /// first one to three letters of a stem without ال, `al` keys the two
    /// or three letters after ال of a stem of four letters or more. None
    /// when it needs more than 256 states (about 170 with the built-in
    /// lists) or more than [`STEPS`] moves.
    pub(super) fn build(plain: &[Vec<u8>], al: &[Vec<u8>]) -> Option<WordDfa> {
        let raw = explore(plain, al)?;
        let (class, classes) = minimize(&raw);
        // New numbers: the final states, then breadth first from the
        // start, so that the states of the first moves (the hot ones)
        // sit together.
        let mut id = vec![u8::MAX; classes];
        let mut order = Vec::with_capacity(classes);
        for (s, fixed) in [(usize::from(DEAD), DEAD), (usize::from(ACCEPT), ACCEPT)] {
            id[class[s]] = fixed;
            order.push(class[s]);
        }
        let mut queue = std::collections::VecDeque::from([RAW_START]);
        let mut rep = vec![usize::MAX; classes];
        rep[class[usize::from(DEAD)]] = usize::from(DEAD);
        rep[class[usize::from(ACCEPT)]] = usize::from(ACCEPT);
        while let Some(s) = queue.pop_front() {
            let c = class[s];
            if rep[c] != usize::MAX && rep[c] != s {
                continue;
            }
            if id[c] == u8::MAX {
                id[c] = u8::try_from(order.len()).ok()?;
                order.push(c);
                rep[c] = s;
            }
            for &t in &raw[s] {
                let t = usize::from(t);
                if rep[class[t]] == usize::MAX {
                    rep[class[t]] = t;
                    queue.push_back(t);
                }
            }
        }
        let row = |c: usize| u16::from(id[c]) << 6;
        let mut next: Box<[u16; SIZE]> = vec![DEAD_ROW; SIZE].into_boxed_slice().try_into().ok()?;
        for &c in &order {
            let from = usize::from(row(c));
            for (sym, &t) in raw[rep[c]].iter().enumerate() {
                next[from | sym] = row(class[usize::from(t)]);
            }
        }
        let mut first2: Box<[u16; 64 * 64]> =
            vec![DEAD_ROW; 64 * 64].into_boxed_slice().try_into().ok()?;
        let start = row(class[RAW_START]);
        for a in 0..COLS {
            for b in 0..COLS {
                let after_a = next[usize::from(start) | a];
                first2[a | b << 6] = next[usize::from(after_a) | b];
            }
        }
        Some(WordDfa {
            next,
            first2,
            states: order.len(),
        })
    }
}

/// The automaton as explored: `raw[state][symbol]`, states numbered
/// [`DEAD`], [`ACCEPT`], then the start and the rest.
fn explore(plain: &[Vec<u8>], al: &[Vec<u8>]) -> Option<Vec<[u16; COLS]>> {
    let keys = Keys::new(plain, al);
    let mut raw = vec![[0u16; COLS], [1u16; COLS], [0u16; COLS]];
    // States by description; representative prefixes and the symbols
    // some reading can go on with (any other kills every reading: the
    // row's entry stays dead).
    let mut ids: HashMap<Vec<u8>, u16, BuildHasherDefault<WordHasher>> = HashMap::default();
    let mut desc = Vec::new();
    let mut start_syms = 0u64;
    if !matches!(
        keys.state(&Prefix::default(), &mut desc, &mut start_syms),
        State::Open
    ) {
        return Some(raw);
    }
    let mut todo: Vec<(Prefix, usize, u64)> = vec![(Prefix::default(), RAW_START, start_syms)];
    while let Some((prefix, from, syms)) = todo.pop() {
        if prefix.n >= STEPS {
            // An undecided state after the last move.
            return None;
        }
        for sym in 0..=END {
            if syms >> sym & 1 == 0 {
                continue;
            }
            let mut p = prefix;
            p.l[p.n] = sym;
            p.n += 1;
            let mut next_syms = 0;
            let to = match keys.state(&p, &mut desc, &mut next_syms) {
                State::Dead => u16::from(DEAD),
                State::Accept => u16::from(ACCEPT),
                State::Open => match ids.get(desc.as_slice()) {
                    Some(&r) => r,
                    None => {
                        let r = u16::try_from(raw.len()).ok()?;
                        raw.push([0; COLS]);
                        ids.insert(desc.clone(), r);
                        todo.push((p, usize::from(r), next_syms));
                        r
                    }
                },
            };
            raw[from][usize::from(sym)] = to;
        }
    }
    Some(raw)
}

/// Moore's partition refinement: the class of each state (equivalent
/// states, those that accept the same words, share one) and the number
/// of classes.
fn minimize(raw: &[[u16; COLS]]) -> (Vec<usize>, usize) {
    let mut class: Vec<usize> = (0..raw.len()).map(|s| s.min(2)).collect();
    let mut count = 3.min(raw.len());
    loop {
        let mut ids: HashMap<Vec<usize>, usize, BuildHasherDefault<WordHasher>> =
            HashMap::default();
        let mut next_class = Vec::with_capacity(raw.len());
        for (s, row) in raw.iter().enumerate() {
            let sig: Vec<usize> = std::iter::once(class[s])
                .chain(row.iter().map(|&t| class[usize::from(t)]))
                .collect();
            let n = ids.len();
            next_class.push(*ids.entry(sig).or_insert(n));
        }
        let n = ids.len();
        class = next_class;
        if n == count {
            return (class, n);
        }
        count = n;
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

/// Letters read so far (the word's first symbols, at most [`STEPS`]).
#[derive(Clone, Copy, Default)]
struct Prefix {
    l: [u8; 8],
    n: usize,
}

/// A short run of letters (a stem's first letters, a key) as one number:
/// the length in the top byte, the letters below.
fn pack(s: &[u8]) -> u64 {
    s.iter()
        .take(7)
        .fold((s.len() as u64) << 56, |acc, &c| acc << 7 | u64::from(c))
}

/// A sorted set of packed letter runs.
struct Set(Vec<u64>);

impl Set {
    fn new(it: impl IntoIterator<Item = u64>) -> Set {
        let mut v: Vec<u64> = it.into_iter().collect();
        v.sort_unstable();
        v.dedup();
        Set(v)
    }

    fn contains(&self, x: u64) -> bool {
        self.0.binary_search(&x).is_ok()
    }
}

/// The keys, and the starts of stems that may still hold one.
struct Keys {
    /// Packed plain keys.
    plain: Set,
    /// Packed al keys (the letters after ال).
    al: Set,
    /// Packed starts of the stems a key may still match: `[0]` for any
    /// stem, `[1]` for a stem of three letters or more (a لل reading).
    open: [Set; 2],
    /// For each start in `open`, the letters that may follow it (a bit
    /// per letter code), sorted by the packed start.
    cont: [Vec<(u64, u64)>; 2],
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
    Stem(Prefix),
}

enum State {
    Dead,
    Accept,
    /// Not decided: the description left in the buffer tells it from
    /// any other state.
    Open,
}

impl Keys {
    fn new(plain: &[Vec<u8>], al: &[Vec<u8>]) -> Keys {
        let mut open = [Vec::new(), Vec::new()];
        let mut cont: [Vec<(u64, u64)>; 2] = [Vec::new(), Vec::new()];
        // The full strings a stem may start with, and the shortest stem
        // each allows: a key of one or two letters, or one that starts
        // with ال, is the whole stem; a key of three letters is its start.
        let mut strings: Vec<(Vec<u8>, usize)> =
            plain.iter().map(|k| (k.clone(), k.len().min(3))).collect();
        strings.extend(
            al.iter()
                .map(|k| ([ALEF, LAM].iter().chain(k).copied().collect(), 4)),
        );
        for (s, shortest) in &strings {
            for end in 0..=s.len() {
                let sets = if *shortest >= 3 { 2 } else { 1 };
                for set in 0..sets {
                    open[set].push(pack(&s[..end]));
                    if let Some(&c) = s.get(end) {
                        cont[set].push((pack(&s[..end]), 1u64 << (c & 63)));
                    }
                }
            }
        }
        for c in &mut cont {
            c.sort_unstable();
            // One entry per start: the union of its letters.
            c.dedup_by(|next, kept| {
                let same = next.0 == kept.0;
                if same {
                    kept.1 |= next.1;
                }
                same
            });
        }
        let [open0, open1] = open;
        Keys {
            plain: Set::new(plain.iter().map(|k| pack(k))),
            al: Set::new(al.iter().map(|k| pack(k))),
            open: [Set::new(open0), Set::new(open1)],
            cont,
        }
    }

    /// The letters that may follow a stem starting with `s` (min_len as
    /// in [`Keys::stem`]).
    fn next_letters(&self, s: &[u8], min_len: usize) -> u64 {
        let c = &self.cont[usize::from(min_len >= 3)];
        c.binary_search_by_key(&pack(s), |e| e.0)
            .map_or(0, |i| c[i].1)
    }

    /// The state after `p` (letter codes, maybe ending with [`END`]); an
    /// open state's description is left in `desc`, and in `syms` the
    /// symbols some reading can go on with (the end marker, a clitic or
    /// ل a waiting reading needs, a letter that continues a stem).
    fn state(&self, p: &Prefix, desc: &mut Vec<u8>, syms: &mut u64) -> State {
        *syms = 1 << END;
        let p = &p.l[..p.n];
        let ended = p.last() == Some(&END);
        let letters = if ended { &p[..p.len() - 1] } else { p };
        let k = letters.len();
        desc.clear();
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
                let mut stem = Prefix {
                    l: [0; 8],
                    n: k - o,
                };
                stem.l[..stem.n].copy_from_slice(&letters[o..]);
                if !lil {
                    self.stem(stem, ended, min_len)
                } else if stem.l[..stem.n].iter().take(2).any(|&a| a != LAM) {
                    Status::Dead
                } else {
                    for (s, v) in stem.l[..stem.n].iter_mut().zip([ALEF, LAM]) {
                        *s = v;
                    }
                    // While لل is not read in full, the reading waits
                    // (below).
                    self.stem(stem, ended, min_len)
                }
            };
            if let Status::Stem(s) = &st
                && lil
                && s.n < 2
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
                    *syms |= match clitics.get(k) {
                        Some(t) => (0..COLS as u8)
                            .filter(|&c| t.admits(c))
                            .fold(0, |m, c| m | 1 << c),
                        // A لل reading before its second ل.
                        None => 1 << LAM,
                    };
                }
                Status::Stem(s) => {
                    alive = true;
                    desc.push(s.n as u8);
                    desc.extend_from_slice(&s.l[..s.n]);
                    *syms |= self.next_letters(&s.l[..s.n], min_len);
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
        State::Open
    }

    /// The status of a stem whose first letters are `s`; `ended`: the
    /// stem is exactly `s`.
    fn stem(&self, s: Prefix, ended: bool, min_len: usize) -> Status {
        let l = &s.l[..s.n];
        if ended {
            return if l.len() >= min_len && self.holds(l) {
                Status::Accept
            } else {
                Status::Dead
            };
        }
        let al_start = l.len() >= 2 && l[0] == ALEF && l[1] == LAM;
        // Decided whatever follows: three letters of a stem without ال,
        // five of one with it (its length is then at least four).
        if l.len() >= 3 && !al_start {
            return if self.holds(&l[..3]) && min_len <= 3 {
                Status::Accept
            } else {
                Status::Dead
            };
        }
        if l.len() >= 5 {
            return if self.holds(&l[..5]) {
                Status::Accept
            } else {
                Status::Dead
            };
        }
        if self.open[usize::from(min_len >= 3)].contains(pack(l)) {
            Status::Stem(s)
        } else {
            Status::Dead
        }
    }

    /// Does a stem of exactly these letters (or, with five letters or
    /// more, starting with them) hold a trigger? The rule of
    /// `Scanner::probe`.
    fn holds(&self, s: &[u8]) -> bool {
        if s.len() >= 4 && s[0] == ALEF && s[1] == LAM {
            self.al.contains(pack(&s[2..s.len().min(5)]))
        } else {
            !s.is_empty() && self.plain.contains(pack(&s[..s.len().min(3)]))
        }
    }
}
