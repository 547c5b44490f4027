//! The data files, parsed once.

use std::hash::{BuildHasherDefault, Hasher};

/// The lexicons' maps: short string keys, looked up many times per token,
/// so a fast non-cryptographic hash (FxHash's multiply-rotate) instead of
/// SipHash. Keys come from our own data files, not from input.
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// FxHash (rustc's hasher): one multiply and rotate per word.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}
use std::sync::LazyLock;

use crate::text::fold;

const PLURALS: &str = include_str!("../data/plurals.tsv");
const MODIFIERS: &str = include_str!("../data/modifiers.tsv");
const EVENTS: &str = include_str!("../data/events.tsv");
const CUES: &str = include_str!("../data/cues.tsv");
const STOPS: &str = include_str!("../data/stops.tsv");
const HEADS: &str = include_str!("../data/heads.tsv");

/// What a cue word does (see `data/cues.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CueType {
    Prep,
    Verb,
    Noun,
    Then,
}

/// What a stop word ends (see `data/stops.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StopType {
    Clause,
    Time,
    Prep,
}

/// An event class of `data/events.tsv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct EventWord {
    /// Bit of the class in an event set.
    pub bit: u64,
    /// Whether the class is an action (else an aspect of the clause).
    pub action: bool,
}

pub(crate) struct Lexicon {
    pub plurals: HashMap<String, String>,
    /// Folded one- or two-word form → canonical masculine modifier.
    pub modifiers: HashMap<String, String>,
    pub events: HashMap<String, EventWord>,
    /// Class names, by bit index.
    pub event_names: Vec<String>,
    /// Bits of the aspect classes.
    pub aspect_mask: u64,
    pub cues: HashMap<String, CueType>,
    pub stops: HashMap<String, StopType>,
    /// Folded lemma → grouping bucket.
    pub heads: HashMap<String, String>,
    /// Lines of the data files that did not parse (a test keeps it empty).
    #[cfg_attr(not(test), allow(dead_code))]
    pub bad_lines: Vec<String>,
}

fn rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

/// A two-column list (folded first column → second column; the first
/// line of a form wins).
fn pairs(data: &str, file: &str, bad: &mut Vec<String>) -> HashMap<String, String> {
    let mut map = HashMap::default();
    for r in rows(data) {
        match r.as_slice() {
            [k, v] if !k.is_empty() && !v.is_empty() => {
                map.entry(fold(k)).or_insert_with(|| v.to_string());
            }
            _ => bad.push(format!("{file}: {}", r.join("\t"))),
        }
    }
    map
}

/// A list of words with a type in the second column (`ty` reads it).
fn typed<T>(
    data: &str,
    file: &str,
    bad: &mut Vec<String>,
    ty: impl Fn(&str) -> Option<T>,
) -> HashMap<String, T> {
    let mut map = HashMap::default();
    for r in rows(data) {
        let Some(t) = r.get(1).copied().and_then(&ty) else {
            bad.push(format!("{file}: {}", r.join("\t")));
            continue;
        };
        map.entry(fold(r[0])).or_insert(t);
    }
    map
}

/// events.tsv: (event words, class names by bit, mask of the aspect classes).
fn load_events(bad: &mut Vec<String>) -> (HashMap<String, EventWord>, Vec<String>, u64) {
    let mut events = HashMap::default();
    let mut event_names: Vec<String> = Vec::new();
    let mut aspect_mask = 0u64;
    for r in rows(EVENTS) {
        let (form, class, role) = match r.as_slice() {
            [f, c, r] if !f.is_empty() && !c.is_empty() && (*r == "action" || *r == "aspect") => {
                (*f, *c, *r)
            }
            _ => {
                bad.push(format!("events.tsv: {}", r.join("\t")));
                continue;
            }
        };
        let idx = match event_names.iter().position(|n| n == class) {
            Some(i) => i,
            None if event_names.len() < 64 => {
                event_names.push(class.to_string());
                event_names.len() - 1
            }
            None => {
                bad.push(format!("events.tsv: more than 64 classes at {class}"));
                continue;
            }
        };
        let bit = 1u64 << idx;
        let action = role == "action";
        if !action {
            aspect_mask |= bit;
        }
        events
            .entry(fold(form))
            .or_insert(EventWord { bit, action });
    }
    (events, event_names, aspect_mask)
}

pub(crate) static LEX: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

impl Lexicon {
    /// Reads every built-in word list; malformed lines go to `bad_lines`.
    fn load() -> Lexicon {
        let mut bad = Vec::new();
        let plurals = pairs(PLURALS, "plurals.tsv", &mut bad);
        let modifiers = pairs(MODIFIERS, "modifiers.tsv", &mut bad);
        let (events, event_names, aspect_mask) = load_events(&mut bad);
        let cues = typed(CUES, "cues.tsv", &mut bad, |t| match t {
            "prep" => Some(CueType::Prep),
            "verb" => Some(CueType::Verb),
            "noun" => Some(CueType::Noun),
            "then" => Some(CueType::Then),
            _ => None,
        });
        let stops = typed(STOPS, "stops.tsv", &mut bad, |t| match t {
            "clause" => Some(StopType::Clause),
            "time" => Some(StopType::Time),
            "prep" => Some(StopType::Prep),
            _ => None,
        });
        let heads = pairs(HEADS, "heads.tsv", &mut bad);
        Lexicon {
            heads,
            plurals,
            modifiers,
            events,
            event_names,
            aspect_mask,
            cues,
            stops,
            bad_lines: bad,
        }
    }

    /// The event word a folded word is, trying its stems.
    pub(crate) fn event(&self, folded: &str) -> Option<EventWord> {
        crate::text::stems(folded).find_map(|s| self.events.get(s).copied())
    }

    /// The names of the classes in an event set, in data-file order.
    pub(crate) fn event_names(&self, set: u64) -> impl Iterator<Item = &str> {
        self.event_names
            .iter()
            .enumerate()
            .filter(move |(i, _)| set & (1u64 << i) != 0)
            .map(|(_, n)| n.as_str())
    }

    /// The bit of a class name, if the data file has it.
    pub(crate) fn event_bit(&self, name: &str) -> Option<u64> {
        self.event_names
            .iter()
            .position(|n| n == name)
            .map(|i| 1u64 << i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_parse_cleanly() {
        assert!(LEX.bad_lines.is_empty(), "{:?}", LEX.bad_lines);
        assert!(LEX.plurals.len() > 250);
        assert!(LEX.cues.len() > 50);
        assert!(LEX.event_names.len() > 10);
        assert_eq!(
            LEX.plurals.get(&fold("جنود")).map(String::as_str),
            Some("جندي")
        );
    }
}
