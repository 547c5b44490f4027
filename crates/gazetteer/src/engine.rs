//! The matchers a gazetteer can run, and the one it picks by size.
//!
//! Users choose between two: the prefiltered trie (the default up to
//! [`Engine::TRIE_LIMIT`] patterns) and sorted keys (beyond, for a million
//! names). The automata of aho-corasick and daachorse, which walk every
//! byte, are kept as test oracles only (`cfg(test)`, dev-dependencies): the
//! property tests compare the trie with them.

use std::fmt;

use crate::{sorted, trie};

/// Which matcher the gazetteer runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Engine {
    /// Chosen by size: the prefiltered trie up to [`Engine::TRIE_LIMIT`]
    /// patterns, sorted keys beyond (see the bench report for the
    /// measurements behind this).
    #[default]
    Auto,
    /// Sorted keys searched only where a name can start (word starts and
    /// after proclitics): builds a million names in about a second in a
    /// fraction of the memory of an automaton.
    Sorted,
    /// A trie walked only at word starts and after proclitics, and there
    /// only when the first letters begin some name (a table of the
    /// patterns' first key bytes says so): most words of a text never
    /// reach the trie.
    Trie,
}

impl Engine {
    /// Largest pattern count for which [`Engine::Auto`] picks the trie,
    /// sorted keys beyond.
    pub const TRIE_LIMIT: usize = 400_000;

    pub(crate) fn resolve(self, patterns: usize) -> Engine {
        match self {
            Engine::Auto if patterns <= Engine::TRIE_LIMIT => Engine::Trie,
            Engine::Auto => Engine::Sorted,
            e => e,
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Engine::Auto => "auto",
            Engine::Sorted => "sorted",
            Engine::Trie => "trie",
        }
    }
}

/// A test oracle: an automaton that walks every byte.
#[cfg(test)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Oracle {
    /// aho-corasick's DFA.
    Dfa,
    /// aho-corasick's contiguous NFA.
    ContiguousNfa,
    /// aho-corasick's noncontiguous NFA.
    NoncontiguousNfa,
    /// daachorse's double-array automaton.
    DoubleArray,
}

/// The automaton behind a gazetteer.
#[derive(Clone)]
pub(crate) enum Automaton {
    #[cfg(test)]
    Ac(aho_corasick::AhoCorasick),
    #[cfg(test)]
    Daac(daachorse::DoubleArrayAhoCorasick<u32>),
    Sorted(sorted::Sorted),
    Trie(trie::Trie),
}

impl fmt::Debug for Automaton {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            #[cfg(test)]
            Automaton::Ac(_) => f.write_str("Automaton::Ac"),
            #[cfg(test)]
            Automaton::Daac(_) => f.write_str("Automaton::Daac"),
            Automaton::Sorted(_) => f.write_str("Automaton::Sorted"),
            Automaton::Trie(_) => f.write_str("Automaton::Trie"),
        }
    }
}

impl Automaton {
    pub(crate) fn build(engine: Engine, keys: &[Box<[u8]>]) -> Automaton {
        match engine {
            Engine::Sorted => Automaton::Sorted(sorted::Sorted::build(keys)),
            Engine::Trie | Engine::Auto => Automaton::Trie(trie::Trie::build(keys)),
        }
    }

    /// A test oracle over the same keys.
    #[cfg(test)]
    pub(crate) fn oracle(oracle: Oracle, keys: &[Box<[u8]>]) -> Result<Automaton, String> {
        use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
        use daachorse::{DoubleArrayAhoCorasickBuilder, MatchKind as DaacMatchKind};
        let kind = match oracle {
            Oracle::DoubleArray => {
                let daac = DoubleArrayAhoCorasickBuilder::new()
                    .match_kind(DaacMatchKind::LeftmostLongest)
                    .build_with_values(keys.iter().enumerate().map(|(i, k)| (&**k, i as u32)))
                    .map_err(|e| format!("cannot build the automaton: {e}"))?;
                return Ok(Automaton::Daac(daac));
            }
            Oracle::ContiguousNfa => AhoCorasickKind::ContiguousNFA,
            Oracle::NoncontiguousNfa => AhoCorasickKind::NoncontiguousNFA,
            Oracle::Dfa => AhoCorasickKind::DFA,
        };
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(kind))
            .build(keys)
            .map_err(|e| format!("cannot build the automaton: {e}"))?;
        Ok(Automaton::Ac(ac))
    }

    /// The leftmost-longest match within `hay[at..end]` (the trie answers
    /// only for a match starting at `at`: its one caller, `shorter`, wants
    /// no other).
    #[inline]
    pub(crate) fn find(&self, hay: &[u8], at: usize, end: usize) -> Option<(usize, usize, u32)> {
        match self {
            #[cfg(test)]
            Automaton::Ac(ac) => ac
                .find(aho_corasick::Input::new(hay).range(at..end))
                .map(|m| (m.start(), m.end(), m.pattern().as_u32())),
            #[cfg(test)]
            Automaton::Daac(d) => d
                .leftmost_find_iter(&hay[at..end])
                .next()
                .map(|m| (at + m.start(), at + m.end(), m.value())),
            Automaton::Trie(t) => t.longest_at(hay, at, end).map(|(e, p)| (at, e, p)),
            // Not used: the anchored matcher has its own driver.
            Automaton::Sorted(_) => None,
        }
    }

    pub(crate) fn memory_usage(&self) -> usize {
        match self {
            #[cfg(test)]
            Automaton::Ac(ac) => ac.memory_usage(),
            #[cfg(test)]
            Automaton::Daac(d) => d.heap_bytes(),
            Automaton::Sorted(s) => s.memory_usage(),
            Automaton::Trie(t) => t.memory_usage(),
        }
    }
}
