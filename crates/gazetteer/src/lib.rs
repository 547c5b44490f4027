//! Entity matching over Arabic name variants.
//!
//! Arabic news writes the same foreign name many ways: بيونغ يانغ, بيونج
//! يانج and بيونغيانغ are one city, and it arrives glued to proclitics
//! (وبيونغ يانغ، لبيونغ يانغ) and sprinkled with diacritics and tatweel.
//! A plain substring search either misses these or matches inside other words
//! (كيم inside الكيمياء). This crate compiles a gazetteer — entries of
//! `id<TAB>type<TAB>name…` — into one automaton over every name and its
//! generated variants, and matches it over [normalized](khabar_normalize)
//! text with Arabic-aware word boundaries, proclitic stripping and
//! leftmost-longest selection, reporting spans in the *original* text.
//!
//! How it works, in short:
//!
//! * Text and names are mapped to a compact key, one byte per letter, that
//!   folds the alternations that are always right (ASCII case, ي/ى, ة/ه,
//!   alef and hamza seats, ڤ/ف, پ/ب, white space, dashes, marks). The
//!   matcher runs over the key: half the bytes of UTF-8 Arabic and a small
//!   alphabet.
//! * The key also folds the g-letters غ/ج/ق into one code and leaves the
//!   separators out, so one pattern covers بيونغ يانغ, بيونج يانج, بيونغ-يانغ
//!   and بيونغيانغ; each match is then checked against the name's spelling
//!   (a name's ق must be a ق, a separator may be dropped but not inserted).
//! * Alternations that change a name's length become generated patterns
//!   (without ال, a hamza on the line left out, گ→ك). A generated spelling
//!   that collides with another entry's name or with a common word is
//!   dropped and counted; names of different ids are never merged.
//! * Proclitics (و ف ب ل ك, ال and their combinations such as وال، بال، لل،
//!   وبال) and word boundaries are checked after a match, not expanded into
//!   patterns: expansion would multiply the patterns by twenty.
//! * A name can only start at a word start or right after a proclitic
//!   sequence, so the default matcher visits only those positions: a table
//!   of the patterns' first four key bytes turns most of them away in one
//!   probe (function words and verbs begin no name), and a trie gives the
//!   longest pattern at the others. This gives the matches of a
//!   leftmost-longest automaton run over every byte (a property test
//!   compares them) at about 1.4 times its speed on news text.
//! * The matcher is chosen by size ([`Engine`]): the trie for the built-in
//!   gazetteer and up to 400,000 patterns, sorted keys searched only where
//!   a name can start beyond that (a million names build in about a second
//!   and a half).
//!
//! The crate's README has the rule table, the collision rules and the
//! limits; `benches/reports/gazetteer.md` at the workspace root has the
//! measurements.
//!
//! # Example
//!
//! ```
//! use khabar_gazetteer::GazetteerBuilder;
//! use khabar_normalize::{Normalizer, Profile};
//!
//! let mut b = GazetteerBuilder::new();
//! b.add_entry("pyongyang", "LOC", &["بيونغ يانغ"]);
//! b.add_entry("kremlin", "ORG", &["الكرملين", "Kremlin"]);
//! let gaz = b.build()?;
//!
//! let text = "وصل الوفد إلى بيونج يانج قادما من موسكو، وقال للكرملين إن KREMLIN يرحب.";
//! let norm = Normalizer::new(Profile::Search).normalize(text);
//! let found: Vec<_> = gaz.find_iter(&norm).collect();
//! assert_eq!(found.len(), 3);
//! assert_eq!(found[0].id, "pyongyang");
//! assert_eq!(&text[found[0].start..found[0].end], "بيونج يانج");
//! assert_eq!(found[0].name, "بيونغ يانغ");
//! assert_eq!(found[1].prefix, Some("لل"));
//! assert_eq!(&text[found[1].start..found[1].end], "للكرملين");
//! assert_eq!(found[2].kind, "ORG");
//! # Ok::<(), khabar_gazetteer::BuildError>(())
//! ```
//!
//! A file in the TSV format is loaded with
//! [`GazetteerBuilder::add_tsv_file`]; [`builtin`] gives a builder preloaded
//! with the built-in news gazetteer, and [`check`] validates a file and
//! reports counts, duplicates and collisions.
#![deny(missing_docs)]

mod check;
mod compile;
mod context;
mod engine;
mod error;
mod find;
mod key;
#[cfg(test)]
mod oracle_tests;
mod overlap;
mod proclitics;
mod sorted;
mod trie;
mod tsv;
mod variants;

use std::collections::{HashMap, HashSet};
use std::io::BufRead;
use std::path::Path;
use std::sync::OnceLock;

use khabar_normalize::{Normalizer, Profile};

pub use check::{CheckReport, check};
pub use engine::Engine;
pub use error::{BuildError, BuildErrorKind, LoadError, LoadErrorKind};
pub use key::Scratch;
pub use overlap::{Overlaps, overlaps};

use compile::{Cand, Compiled, Entries, compile};
use engine::Automaton;
use key::spelling_of;
use proclitics::Proclitics;
use tsv::Line;
#[cfg(test)]
use {key::key_of, proclitics::PREFIXES};

/// The built-in data files, compiled into the binary, in priority order.
const BUILTIN: [(&str, &str, bool); 24] = [
    (
        "countries.tsv",
        include_str!("../data/countries.tsv"),
        false,
    ),
    ("cities.tsv", include_str!("../data/cities.tsv"), false),
    (
        "organizations.tsv",
        include_str!("../data/organizations.tsv"),
        false,
    ),
    ("people.tsv", include_str!("../data/people.tsv"), false),
    ("seeds.tsv", include_str!("../data/seeds.tsv"), false),
    (
        "people-history.tsv",
        include_str!("../data/people-history.tsv"),
        false,
    ),
    (
        "divisions.tsv",
        include_str!("../data/divisions.tsv"),
        false,
    ),
    ("regions.tsv", include_str!("../data/regions.tsv"), false),
    (
        "organizations-more.tsv",
        include_str!("../data/organizations-more.tsv"),
        false,
    ),
    (
        "organizations-world.tsv",
        include_str!("../data/organizations-world.tsv"),
        false,
    ),
    (
        "organizations-parties.tsv",
        include_str!("../data/organizations-parties.tsv"),
        false,
    ),
    (
        "organizations-media.tsv",
        include_str!("../data/organizations-media.tsv"),
        false,
    ),
    (
        "organizations-business.tsv",
        include_str!("../data/organizations-business.tsv"),
        false,
    ),
    (
        "organizations-sport.tsv",
        include_str!("../data/organizations-sport.tsv"),
        false,
    ),
    (
        "organizations-universities.tsv",
        include_str!("../data/organizations-universities.tsv"),
        false,
    ),
    (
        "people-world.tsv",
        include_str!("../data/people-world.tsv"),
        false,
    ),
    (
        "people-mideast.tsv",
        include_str!("../data/people-mideast.tsv"),
        false,
    ),
    (
        "people-culture.tsv",
        include_str!("../data/people-culture.tsv"),
        false,
    ),
    (
        "places-geonames.tsv",
        include_str!("../data/places-geonames.tsv"),
        false,
    ),
    (
        "places-news.tsv",
        include_str!("../data/places-news.tsv"),
        false,
    ),
    (
        "organizations-era.tsv",
        include_str!("../data/organizations-era.tsv"),
        false,
    ),
    (
        "people-era.tsv",
        include_str!("../data/people-era.tsv"),
        false,
    ),
    (
        "places-news2.tsv",
        include_str!("../data/places-news2.tsv"),
        false,
    ),
    (
        "short-forms.tsv",
        include_str!("../data/short-forms.tsv"),
        true,
    ),
];

/// Every line of the built-in data files, in priority order.
fn builtin_lines() -> Result<Vec<Line>, LoadError> {
    let mut lines = Vec::new();
    for (name, data, short) in BUILTIN {
        lines.extend(tsv::load(name, data.as_bytes(), short)?);
    }
    Ok(lines)
}

const STOPWORDS: &str = include_str!("../lists/stopwords.txt");

/// FNV-1a, for the stop-word set: it is asked about many matches, with
/// keys of a few bytes, where SipHash's set-up cost more than the lookup.
/// The set is fixed (the crate's own list), so keys from the text cannot
/// make it degrade.
#[derive(Clone, Copy, Debug)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xCBF2_9CE4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3);
        }
    }
}

/// The set of stop-word spellings.
type StopSet = HashSet<Vec<u8>, std::hash::BuildHasherDefault<Fnv>>;

/// Spellings of the stop words (variants spelled like one are dropped).
fn stopwords() -> &'static StopSet {
    static SET: OnceLock<StopSet> = OnceLock::new();
    SET.get_or_init(|| {
        let n = Normalizer::new(Profile::Search);
        STOPWORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|w| spelling_of(n.normalize(w).as_str()))
            .collect()
    })
}

/// Builds a [`Gazetteer`] from data files, readers and single entries.
///
/// Entries added earlier win name collisions, except that a full name
/// always beats a short form; the built-in data, when included, comes
/// after every entry added (a user's entry wins a name both hold, and a
/// user id the built-in data gives another type replaces that entry; see
/// [`GazetteerBuilder::overlaps`]). `build` can be called again after more entries are added.
#[derive(Clone, Debug)]
pub struct GazetteerBuilder {
    builtin: bool,
    variants: bool,
    profile: Profile,
    engine: Engine,
    nisba_norp: bool,
    /// Variant rules on (bits of `variants::Rule`); all but in tests.
    rules: u32,
    lines: Vec<Line>,
    next_entry_line: usize,
    entry_source: std::sync::Arc<str>,
}

impl Default for GazetteerBuilder {
    fn default() -> Self {
        GazetteerBuilder::new()
    }
}

/// A builder preloaded with the built-in news gazetteer.
///
/// Equivalent to `GazetteerBuilder::new()` with `.builtin(true)`.
pub fn builtin() -> GazetteerBuilder {
    let mut b = GazetteerBuilder::new();
    b.builtin(true);
    b
}

impl GazetteerBuilder {
    /// An empty builder: no built-in data, variants on, the search profile.
    pub fn new() -> GazetteerBuilder {
        GazetteerBuilder {
            builtin: false,
            variants: true,
            profile: Profile::Search,
            engine: Engine::Auto,
            nisba_norp: false,
            rules: variants::ALL_RULES,
            lines: Vec::new(),
            next_entry_line: 1,
            entry_source: "<entry>".into(),
        }
    }

    /// Includes the built-in gazetteer (before every other entry).
    pub fn builtin(&mut self, yes: bool) -> &mut Self {
        self.builtin = yes;
        self
    }

    /// Turns variants on (the default) or off. Off, a name matches only as
    /// spelled (after normalization and the key's foldings: case, alef and
    /// hamza seats, ي/ى, ة/ه, ڤ/ف, پ/ب, white space): no generated
    /// patterns, no g-letter or separator alternation.
    pub fn variants(&mut self, yes: bool) -> &mut Self {
        self.variants = yes;
        self
    }

    /// The normalizer profile applied to names; use the one the text is
    /// normalized with (the pipeline uses [`Profile::Search`], the default).
    pub fn profile(&mut self, p: Profile) -> &mut Self {
        self.profile = p;
        self
    }

    /// The automaton to run (default [`Engine::Auto`]).
    pub fn engine(&mut self, e: Engine) -> &mut Self {
        self.engine = e;
        self
    }

    /// Reports a place name used as a nisba adjective or adverb (الحكومة
    /// السعودية, إسبانياً) as type `NORP` with the place's id, instead of
    /// leaving it out (the default: an adjective is not the place).
    pub fn nisba_as_norp(&mut self, yes: bool) -> &mut Self {
        self.nisba_norp = yes;
        self
    }

    /// Adds every entry of a TSV file.
    ///
    /// # Errors
    ///
    /// The file cannot be read, or a line is malformed; the error names the
    /// file and line, like `people.tsv:12: expected id<TAB>type<TAB>name,
    /// found 2 fields`. Nothing of the file is added then.
    pub fn add_tsv_file(&mut self, path: &Path) -> Result<&mut Self, LoadError> {
        let name = path.display().to_string();
        let f = std::fs::File::open(path).map_err(|e| LoadError::io(&name, None, e))?;
        self.add_tsv_reader(&name, std::io::BufReader::new(f))
    }

    /// Adds every entry read from `r`, naming it `source_name` in errors.
    ///
    /// # Errors
    ///
    /// As [`add_tsv_file`](Self::add_tsv_file).
    pub fn add_tsv_reader(
        &mut self,
        source_name: &str,
        r: impl BufRead,
    ) -> Result<&mut Self, LoadError> {
        self.lines.extend(tsv::load(source_name, r, false)?);
        Ok(self)
    }

    /// Adds short forms (surname-only names) read from `r`, in the same TSV
    /// format, with the ids of full entries. Short forms lose any collision
    /// with a full name, and their variants are dropped on collision like
    /// every variant.
    ///
    /// # Errors
    ///
    /// As [`add_tsv_file`](Self::add_tsv_file).
    pub fn add_short_forms_reader(
        &mut self,
        source_name: &str,
        r: impl BufRead,
    ) -> Result<&mut Self, LoadError> {
        self.lines.extend(tsv::load(source_name, r, true)?);
        Ok(self)
    }

    /// Adds one entry; the first name of the first entry with an id is its
    /// canonical name. Empty names are ignored.
    pub fn add_entry(&mut self, id: &str, kind: &str, names: &[&str]) -> &mut Self {
        let names: Vec<&str> = names
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        if !names.is_empty() {
            let source = self.entry_source.clone();
            self.lines.push(Line::new(
                id.trim(),
                kind.trim(),
                &names,
                false,
                source,
                self.next_entry_line,
            ));
        }
        self.next_entry_line += 1;
        self
    }

    fn all_lines(&self) -> Result<Vec<Line>, BuildError> {
        if self.builtin {
            builtin_lines().map_err(|e| BuildError::builtin(format!("built-in gazetteer: {e}")))
        } else {
            Ok(Vec::new())
        }
    }

    /// The lines in priority order: the user's entries first, so that they
    /// win every name they share with the built-in data; built-in lines of
    /// an id the user gives another type are left out (the user's entry
    /// replaces that one instead of failing the build).
    fn compile(&self, collect: bool) -> Result<Compiled, BuildError> {
        let builtin = self.all_lines()?;
        // Built-in ids the user gives another type (their first type): a
        // map of the built-in ids only, so that a million user lines cost
        // no map of their own.
        let mut replaced: HashSet<&str> = HashSet::new();
        if !builtin.is_empty() {
            let mut types: HashMap<&str, &str> = HashMap::new();
            for l in &builtin {
                types.entry(l.id()).or_insert(l.kind());
            }
            let mut seen: HashSet<&str> = HashSet::new();
            for l in &self.lines {
                if let Some(&t) = types.get(l.id())
                    && seen.insert(l.id())
                    && t != l.kind()
                {
                    replaced.insert(l.id());
                }
            }
        }
        let lines: Vec<&Line> = self
            .lines
            .iter()
            .chain(builtin.iter().filter(|l| !replaced.contains(l.id())))
            .collect();
        Ok(compile(
            &lines,
            self.profile,
            self.variants,
            self.rules,
            collect,
        ))
    }

    /// What the entries added to this builder share with the built-in
    /// gazetteer (names of other ids, ids with another type, ids both
    /// define), whether or not the built-in data is included; see
    /// [`overlaps`] for a file.
    pub fn overlaps(&self) -> Overlaps {
        let mut sources: Vec<&str> = Vec::new();
        for l in &self.lines {
            if !sources.contains(&&*l.source) {
                sources.push(&l.source);
            }
        }
        overlap::compare(&sources.join(", "), &self.lines)
    }

    /// Builds the gazetteer.
    ///
    /// # Errors
    ///
    /// An id is given two different types, or the automaton is too large.
    pub fn build(&self) -> Result<Gazetteer, BuildError> {
        let c = self.compile(false)?;
        if let Some(first) = c.findings.type_conflicts.first() {
            return Err(BuildError::type_conflict(first.clone()));
        }
        let engine = self.engine.resolve(c.keys.len());
        let automaton = Automaton::build(engine, &c.keys);
        Ok(self.assemble(c, automaton, engine.name()))
    }

    /// The gazetteer on a test oracle (an automaton over every byte).
    #[cfg(test)]
    pub(crate) fn build_oracle(&self, oracle: engine::Oracle) -> Result<Gazetteer, String> {
        let c = self.compile(false).map_err(|e| e.to_string())?;
        let automaton = Automaton::oracle(oracle, &c.keys)?;
        Ok(self.assemble(c, automaton, "oracle"))
    }

    fn assemble(&self, c: Compiled, automaton: Automaton, engine: &'static str) -> Gazetteer {
        let mut stats = c.stats;
        stats.engine = engine;
        stats.automaton_bytes = automaton.memory_usage();
        let prefixes = Proclitics::new();
        // A bit per candidate: this is asked for every candidate of every
        // raw match, and a hash lookup cost more than the rest of
        // `needs_ll`.
        let bits = |set: &HashSet<u32>| {
            let mut bits = vec![0u64; c.cands.len().div_ceil(64)];
            for &ci in set {
                if let Some(w) = bits.get_mut(ci as usize / 64) {
                    *w |= 1 << (ci % 64);
                }
            }
            bits
        };
        let after_ll = bits(&c.after_ll);
        let no_article = bits(&c.no_article);
        Gazetteer {
            automaton,
            first: c.first,
            cands: c.cands,
            spellings: c.spellings,
            lossy: c.lossy,
            after_ll,
            no_article,
            entries: c.entries,
            kinds: c.kinds,
            prefixes,
            profile: self.profile,
            exact_only: !self.variants,
            nisba_norp: self.nisba_norp,
            stats,
        }
    }

    /// The normalized spelling of every name and generated variant a build
    /// keeps (white space and dashes as one space), for inspection and for
    /// benchmarking against a plain search.
    ///
    /// # Errors
    ///
    /// As [`build`](Self::build).
    pub fn pattern_strings(&self) -> Result<Vec<String>, BuildError> {
        let c = self.compile(false)?;
        Ok((0..c.cands.len())
            .map(|i| match c.lossy.get(&(i as u32)) {
                Some(s) => s.to_string(),
                None => {
                    let cand = c.cands[i];
                    key::decode_spelling(
                        &c.spellings[cand.sp_off as usize..(cand.sp_off + cand.sp_len) as usize],
                    )
                }
            })
            .collect())
    }

    /// Reports what a build would keep and drop, without building.
    pub fn report(&self) -> CheckReport {
        match self.compile(true) {
            Ok(c) => CheckReport::from_compiled("<gazetteer>".into(), c, Vec::new()),
            Err(e) => CheckReport {
                source_name: "<gazetteer>".into(),
                bad_lines: vec![e.to_string()],
                ..Default::default()
            },
        }
    }
}

/// Counts describing a built gazetteer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Distinct ids.
    pub entries: usize,
    /// Names as given (full and short), before variants.
    pub names: usize,
    /// Of which short forms.
    pub short_names: usize,
    /// Patterns in the automaton (distinct keys of names and variants).
    pub patterns: usize,
    /// Generated variants kept.
    pub variants: usize,
    /// Variants dropped because they collide with another entry's name or
    /// variant.
    pub dropped_collisions: usize,
    /// Variants dropped because they are common words.
    pub dropped_stopwords: usize,
    /// Names that are also a name of another id (one id keeps each).
    pub name_collisions: usize,
    /// Names repeated within one id after normalization.
    pub duplicate_names: usize,
    /// Folded keys shared by names or variants of different ids: only the
    /// exact spellings of those match; spellings between them are ambiguous
    /// and not reported.
    pub shared_keys: usize,
    /// Names whose variant product was cut to one change at a time.
    pub capped_names: usize,
    /// Ids given two different types.
    pub type_conflicts: usize,
    /// The matcher: `trie` or `sorted`.
    pub engine: &'static str,
    /// Heap bytes used by the automaton.
    pub automaton_bytes: usize,
}

/// One entity found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Match<'g> {
    /// Start byte offset in the original text (the prefix included).
    pub start: usize,
    /// End byte offset in the original text (marks on the last letter
    /// included).
    pub end: usize,
    /// The entry's id.
    pub id: &'g str,
    /// The entry's type (`PER`, `LOC`, `ORG` in the built-in data).
    pub kind: &'g str,
    /// The entry's canonical name.
    pub name: &'g str,
    /// The proclitics stripped before the name, in normalized spelling
    /// (`و`, `وال`, `لل` …), when there were any.
    pub prefix: Option<&'g str>,
}

/// One entry of a gazetteer (see [`Gazetteer::entries`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry<'g> {
    /// The entry's id.
    pub id: &'g str,
    /// The entry's type.
    pub kind: &'g str,
    /// The entry's canonical name.
    pub name: &'g str,
}

/// An immutable, compiled gazetteer; `Send + Sync`, share it by reference.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    automaton: Automaton,
    first: Vec<u32>,
    cands: Vec<Cand>,
    spellings: Vec<u8>,
    lossy: HashMap<u32, Box<str>>,
    /// Candidates valid only after the contracted لل (see compile).
    after_ll: Vec<u64>,
    /// Candidates not valid after the article (see compile).
    no_article: Vec<u64>,
    entries: Entries,
    kinds: Vec<Box<str>>,
    /// Proclitic sequences by their key bytes.
    prefixes: Proclitics,
    profile: Profile,
    /// Variants off: only exact spellings match.
    exact_only: bool,
    /// Nisba adjectives reported as `NORP` rather than dropped.
    nisba_norp: bool,
    stats: Stats,
}

/// The README's examples, run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::proclitics::MAX_PREFIX;

    #[test]
    fn gazetteer_is_send_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Gazetteer>();
    }

    #[test]
    fn builtin_names_are_not_common_words() {
        // A name spelled like a word of the stop list would match that
        // word everywhere: the data must not hold one.
        let n = Normalizer::new(Profile::Search);
        let stop = stopwords();
        let mut hits = Vec::new();
        for line in builtin_lines().unwrap() {
            for name in line.names() {
                if stop.contains(&spelling_of(n.normalize(name).as_str())) {
                    hits.push(format!("{}: {name}", line.place()));
                }
            }
        }
        assert!(hits.is_empty(), "{hits:#?}");
    }

    #[test]
    fn builtin_data_loads() {
        let g = builtin().build().unwrap();
        assert_eq!(g.stats().type_conflicts, 0);
    }

    #[test]
    fn prefixes_are_distinct_and_short() {
        let keys: HashSet<Vec<u8>> = PREFIXES.iter().map(|p| key_of(p)).collect();
        assert_eq!(keys.len(), PREFIXES.len());
        // Every letter of a proclitic has a three-bit code, and the table
        // gives back each sequence and nothing else.
        let letters: HashSet<u8> = keys.iter().flatten().copied().collect();
        assert!(letters.len() <= 7);
        let p = Proclitics::new();
        for w in PREFIXES {
            assert_eq!(p.get(&key_of(w)), Some(w));
        }
        let found = p.table.iter().filter(|x| x.is_some()).count();
        assert_eq!(found, PREFIXES.len());
        assert_eq!(p.get(&key_of("ولال")), None);
        assert_eq!(p.get(&key_of("م")), None);
        assert_eq!(p.get(&key_of("وبالل")), None);
        assert!(
            PREFIXES
                .iter()
                .all(|p| key_of(p).iter().all(|&b| b >= 0x80))
        );
        assert!(PREFIXES.iter().all(|p| p.chars().count() <= MAX_PREFIX));
    }
}
