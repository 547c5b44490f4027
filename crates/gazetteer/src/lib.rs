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

use khabar_normalize::{NormalizedText, Normalizer, Profile};

pub use check::{CheckReport, check};
pub use engine::Engine;
pub use error::{BuildError, BuildErrorKind, LoadError, LoadErrorKind};
pub use key::Scratch;
pub use overlap::{Overlaps, overlaps};

use compile::{Cand, Compiled, Entries, compile};
use engine::Automaton;
use key::{
    IS_WORD, QAF, SEP, char_end_with_marks, is_g, is_lossy, spelling_of, transcode, verify_lossy,
};
use proclitics::{MAX_PREFIX, Proclitics};
use tsv::Line;
#[cfg(test)]
use {key::key_of, proclitics::PREFIXES};

/// The built-in data files, compiled into the binary, in priority order.
const BUILTIN: [(&str, &str, bool); 20] = [
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

/// Why a raw automaton match was not accepted.
enum Reject {
    /// Not at a word start (and not after a known proclitic sequence).
    Start,
    /// Not at a word end, or the text is not a spelling of the name.
    End,
}

/// An accepted match: proclitics and candidate.
type Accepted = (Option<&'static str>, u32);

impl Gazetteer {
    /// Counts: entries, names, patterns, dropped variants, engine, memory.
    pub fn stats(&self) -> Stats {
        self.stats.clone()
    }

    /// The normalizer profile names were normalized with.
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// Every entry, in the order it was added. The strings are the very
    /// ones this gazetteer's [`Match`]es point to, so a caller can key a
    /// per-entry cache on them (the pipeline keeps each entry's JSON).
    ///
    /// ```
    /// let g = khabar_gazetteer::builtin().build()?;
    /// let m = &g.find_str("زار لافروف موسكو")[0];
    /// let e = g.entries().find(|e| e.id == m.id).unwrap();
    /// assert!(std::ptr::eq(e.name, m.name));
    /// # Ok::<(), khabar_gazetteer::BuildError>(())
    /// ```
    pub fn entries(&self) -> impl Iterator<Item = Entry<'_>> + '_ {
        (0..self.entries.len() as u32).map(|e| Entry {
            id: self.entries.id(e),
            kind: self
                .kinds
                .get(self.entries.kind(e) as usize)
                .map_or("", |k| k),
            name: self.entries.name(e),
        })
    }

    /// Finds the entities of `text`, left to right, without overlaps.
    ///
    /// The matches are collected up front (the iterator owns a `Vec`); use
    /// [`find_into`](Self::find_into) to reuse buffers across documents.
    pub fn find_iter<'g, 't>(
        &'g self,
        text: &'t NormalizedText,
    ) -> impl Iterator<Item = Match<'g>> + 't
    where
        'g: 't,
    {
        let mut out = Vec::new();
        self.find_into(text, &mut Scratch::new(), &mut out);
        out.into_iter()
    }

    /// Normalizes `text` with this gazetteer's profile and finds its
    /// entities; spans index `text`.
    pub fn find_str(&self, text: &str) -> Vec<Match<'_>> {
        let norm = Normalizer::new(self.profile).normalize(text);
        let mut out = Vec::new();
        self.find_into_source(text, &norm, &mut Scratch::new(), &mut out);
        out
    }

    /// As [`find_into`](Self::find_into), with the original text `source`
    /// that `text` was normalized from, for the rules that need what the
    /// normalizer folds away: tanwin on a place name (إسبانياً is an
    /// adverb) and common words written exactly like a folded name (جده
    /// "his grandfather" is not جدة, بابها "its door" not ب + أبها).
    pub fn find_into_source<'g>(
        &'g self,
        source: &str,
        text: &NormalizedText,
        scratch: &mut Scratch,
        out: &mut Vec<Match<'g>>,
    ) {
        let first = out.len();
        self.find_into(text, scratch, out);
        self.apply(first, out, |m| context::on_source(source, m));
    }

    /// Applies a context rule to `out[first..]`: keeps names, drops other
    /// words, drops adjectives or makes them `NORP`.
    fn apply<'g>(
        &'g self,
        first: usize,
        out: &mut Vec<Match<'g>>,
        rule: impl Fn(&Match<'g>) -> context::Verdict,
    ) {
        let mut w = first;
        for r in first..out.len() {
            let mut m = out[r];
            match rule(&m) {
                context::Verdict::Name => {}
                context::Verdict::Word => continue,
                context::Verdict::Adjective if self.nisba_norp => m.kind = context::NORP,
                context::Verdict::Adjective => continue,
            }
            out[w] = m;
            w += 1;
        }
        out.truncate(w);
    }

    /// Appends the entities of `text` to `out`, using `scratch` for the
    /// per-document buffers (keep one per thread).
    pub fn find_into<'g>(
        &'g self,
        text: &NormalizedText,
        scratch: &mut Scratch,
        out: &mut Vec<Match<'g>>,
    ) {
        transcode(text.as_str(), scratch);
        let first = out.len();
        match &self.automaton {
            Automaton::Sorted(sorted) => self.find_anchored(sorted, text, scratch, out),
            Automaton::Trie(trie) => self.find_trie(trie, text, scratch, out),
            #[cfg(test)]
            _ => self.find_automaton(text, scratch, out),
        }
        // Context rules on the normalized text (idioms, nisba adjectives).
        self.apply(first, out, |m| context::on_normalized(text.as_str(), m));
        // The matches carry spans of the normalized text so far; they are
        // left to right, so mapping them to the input together costs a
        // short step each instead of two binary searches.
        let found = out.get_mut(first..).unwrap_or_default();
        scratch.spans.clear();
        scratch.spans.extend(found.iter().map(|m| m.start..m.end));
        for (m, span) in found
            .iter_mut()
            .zip(text.original_ranges(scratch.spans.drain(..)))
        {
            m.start = span.start;
            m.end = span.end;
        }
    }

    /// The driver of the aho-corasick and double-array automata: their
    /// leftmost-longest matches, each accepted, cut to a shorter name, or
    /// passed over.
    #[cfg(test)]
    fn find_automaton<'g>(
        &'g self,
        text: &NormalizedText,
        scratch: &Scratch,
        out: &mut Vec<Match<'g>>,
    ) {
        let n = scratch.key.len();
        let mut at = 0;
        while at < n {
            let Some((s, e, p)) = self.automaton.find(&scratch.key, at, n) else {
                break;
            };
            match self.accept(text, scratch, s, e, p) {
                Ok(acc) => {
                    out.push(self.to_match(text, scratch, s, e, acc));
                    at = e;
                }
                Err(Reject::Start) => at = s + 1,
                Err(Reject::End) => match self.shorter(text, scratch, s, e) {
                    Some((e2, acc)) => {
                        out.push(self.to_match(text, scratch, s, e2, acc));
                        at = e2;
                    }
                    None => at = s + 1,
                },
            }
        }
    }

    /// The written form of a proclitic sequence, given its key bytes.
    #[inline]
    fn prefix(&self, bytes: &[u8]) -> Option<&'static str> {
        self.prefixes.get(bytes)
    }

    /// The driver of the trie: the same matches as the automaton's
    /// leftmost-longest search followed by [`accept`](Self::accept), found
    /// by visiting only the positions where `accept` can succeed.
    ///
    /// `accept` refuses every match that starts inside a word unless the
    /// letters between the word start and the match are one proclitic
    /// sequence, so the automaton's matches that can be accepted start at
    /// a word start (or a character that is not a letter) or after such a
    /// sequence. Those positions are visited left to right; at each the
    /// prefilter, then the trie give the longest pattern, and what follows
    /// (accept, a shorter name, the next position) is the automaton
    /// driver's, step for step.
    fn find_trie<'g>(
        &'g self,
        trie: &trie::Trie,
        text: &NormalizedText,
        scratch: &Scratch,
        out: &mut Vec<Match<'g>>,
    ) {
        let n = scratch.key.len();
        let hay = &scratch.key[..];
        let starts = &scratch.starts[..];
        // `starts` ends with `n`: every position visited is below it.
        let mut w = 0;
        'outer: while w + 1 < starts.len() {
            let i = starts[w] as usize;
            let next = starts[w + 1] as usize;
            let mut end = None;
            if trie.may_start(hay, i, n)
                && let Some(e) = self.try_at(trie, text, scratch, i, out)
            {
                end = Some(e);
            } else {
                // Positions after a proclitic sequence at this word start,
                // before the next start.
                let mut idx = 0usize;
                for s in i + 1..(i + MAX_PREFIX + 1).min(next) {
                    let c = self.prefixes.code[hay[s - 1] as usize];
                    if c == 0 {
                        break;
                    }
                    idx = (idx << 3) | c as usize;
                    if self.prefixes.table.get(idx).is_some_and(Option::is_some)
                        && trie.may_start(hay, s, n)
                        && let Some(e) = self.try_at(trie, text, scratch, s, out)
                    {
                        end = Some(e);
                        break;
                    }
                }
            }
            w += 1;
            if let Some(e) = end {
                // An accepted match ends at a word end, which is a start.
                while w < starts.len() && (starts[w] as usize) < e {
                    w += 1;
                }
                if e >= n {
                    break 'outer;
                }
            }
        }
    }

    /// The automaton driver's step at `s`: the longest pattern there, if
    /// any; accepted, or a shorter one after an end that is not a word end.
    /// The end of what was pushed, if anything was.
    #[inline]
    fn try_at<'g>(
        &'g self,
        trie: &trie::Trie,
        text: &NormalizedText,
        scratch: &Scratch,
        s: usize,
        out: &mut Vec<Match<'g>>,
    ) -> Option<usize> {
        let n = scratch.key.len();
        let (e, p) = trie.find(&scratch.key, s, n)?;
        match self.accept(text, scratch, s, e, p) {
            Ok(acc) => {
                out.push(self.to_match(text, scratch, s, e, acc));
                Some(e)
            }
            Err(Reject::Start) => None,
            Err(Reject::End) => {
                let (e2, acc) = self.shorter(text, scratch, s, e)?;
                out.push(self.to_match(text, scratch, s, e2, acc));
                Some(e2)
            }
        }
    }

    /// The driver of the anchored matcher: at every word start, the longest
    /// accepted name there or after a proclitic sequence, in the same order
    /// of preference as the automaton's leftmost-longest search.
    fn find_anchored<'g>(
        &'g self,
        sorted: &sorted::Sorted,
        text: &NormalizedText,
        scratch: &mut Scratch,
        out: &mut Vec<Match<'g>>,
    ) {
        let mut found = std::mem::take(&mut scratch.found);
        let n = scratch.key.len();
        let mut i = 0;
        'outer: while i < n {
            let hay = &scratch.key[..];
            let start = i == 0
                || scratch.gap(i)
                || !IS_WORD[hay[i - 1] as usize]
                || !IS_WORD[hay[i] as usize];
            if !start {
                i += 1;
                continue;
            }
            for k in 0..=MAX_PREFIX {
                let s = i + k;
                if s >= n {
                    break;
                }
                if k > 0 {
                    if scratch.gap(s) || !IS_WORD[hay[s - 1] as usize] || !IS_WORD[hay[s] as usize]
                    {
                        break;
                    }
                    if self.prefix(&hay[i..s]).is_none() {
                        continue;
                    }
                }
                found.clear();
                sorted.prefixes_at(hay, s, &mut found);
                for &(e, p) in found.iter().rev() {
                    if let Ok(acc) = self.accept(text, scratch, s, e, p) {
                        out.push(self.to_match(text, scratch, s, e, acc));
                        i = e;
                        continue 'outer;
                    }
                }
            }
            i += 1;
        }
        scratch.found = found;
    }

    /// After a match at `s..e` failed at its end: the longest pattern that
    /// starts at `s` and ends at an earlier word end, if one is accepted.
    #[cold]
    fn shorter(
        &self,
        text: &NormalizedText,
        scratch: &Scratch,
        s: usize,
        e: usize,
    ) -> Option<(usize, Accepted)> {
        let hay = &scratch.key[..];
        for k in (s + 1..e).rev() {
            let word_end =
                scratch.gap(k) || (IS_WORD[hay[k - 1] as usize] && !IS_WORD[hay[k] as usize]);
            if !word_end {
                continue;
            }
            if let Some((s2, e2, p2)) = self.automaton.find(hay, s, k)
                && s2 == s
                && let Ok(acc) = self.accept(text, scratch, s, e2, p2)
            {
                return Some((e2, acc));
            }
        }
        None
    }

    /// Checks boundaries, proclitics and spelling of a raw match.
    #[inline]
    fn accept(
        &self,
        text: &NormalizedText,
        scratch: &Scratch,
        s: usize,
        e: usize,
        p: u32,
    ) -> Result<Accepted, Reject> {
        let hay = &scratch.key[..];
        let mut prefix = None;
        if IS_WORD[hay[s] as usize] && !scratch.gap(s) && s > 0 && IS_WORD[hay[s - 1] as usize] {
            let mut j = s;
            while !scratch.gap(j) && j > 0 && IS_WORD[hay[j - 1] as usize] {
                if s - j == MAX_PREFIX {
                    return Err(Reject::Start);
                }
                j -= 1;
            }
            let before = &hay[j..s];
            match self.prefix(before) {
                Some(written) => prefix = Some(written),
                None => return Err(Reject::Start),
            }
            // A proclitic and a name can spell a common word (ب + حماس is
            // بحماس, "with zeal"; ال + حماس is "the zeal"): the whole word
            // on the stop-word list is not a mention.
            if self.is_stopword(text, scratch, j, e) {
                return Err(Reject::Start);
            }
        }
        if e < hay.len()
            && !scratch.gap(e)
            && IS_WORD[hay[e - 1] as usize]
            && IS_WORD[hay[e] as usize]
        {
            return Err(Reject::End);
        }
        let first = self.first.get(p as usize).copied().unwrap_or(0) as usize;
        let last = self.first.get(p as usize + 1).copied().unwrap_or(0) as usize;
        let mut chosen = None;
        let mut passing = 0;
        for ci in first..last {
            if self.needs_ll(ci, prefix) {
                continue;
            }
            match self.spelled_as(text, scratch, s, e, ci) {
                Some(true) => return Ok((prefix, ci as u32)),
                Some(false) => {
                    passing += 1;
                    chosen = Some(ci as u32);
                }
                None => {}
            }
        }
        match chosen {
            Some(ci)
                if passing == 1 && !self.exact_only && !self.is_stopword(text, scratch, s, e) =>
            {
                Ok((prefix, ci))
            }
            _ => Err(Reject::End),
        }
    }

    /// True when candidate `ci` is an article-less form that is a common
    /// word alone (رياض of الرياض) and the proclitics before it are not
    /// the contracted ل + ال (لل, ولل, فلل …), the one place it is a name.
    #[inline]
    fn needs_ll(&self, ci: usize, prefix: Option<&str>) -> bool {
        let bit = |v: &Vec<u64>| v.get(ci / 64).is_some_and(|w| w & (1 << (ci % 64)) != 0);
        if bit(&self.after_ll) && !prefix.is_some_and(|p| p.ends_with("لل")) {
            return true;
        }
        bit(&self.no_article) && prefix.is_some_and(|p| p.ends_with("لل") || p.ends_with("ال"))
    }

    /// Whether the text at `s..e` is a spelling of candidate `ci`: `None`
    /// if not, `Some(true)` if exactly, `Some(false)` through an
    /// alternation (another g-letter, a separator dropped).
    #[inline]
    fn spelled_as(
        &self,
        text: &NormalizedText,
        scratch: &Scratch,
        s: usize,
        e: usize,
        ci: usize,
    ) -> Option<bool> {
        let cand = self.cands.get(ci)?;
        let sp = self
            .spellings
            .get(cand.sp_off as usize..(cand.sp_off + cand.sp_len) as usize)?;
        let norm = text.as_str();
        let mut j = s;
        let mut sep = false;
        let mut exact = true;
        for &b in sp {
            if b == SEP {
                sep = true;
                continue;
            }
            if j >= e {
                return None;
            }
            let g = j > s && scratch.gap(j);
            if g && !sep {
                return None;
            }
            if sep && !g {
                exact = false;
            }
            sep = false;
            if is_g(b) {
                let t = scratch.spelling_at(norm, j);
                if b == QAF {
                    if t != QAF {
                        return None;
                    }
                } else if t != b {
                    exact = false;
                }
            }
            j += 1;
        }
        if j != e {
            return None;
        }
        if scratch.key[s..e].iter().any(|&b| is_lossy(b))
            && let Some(spelling) = self.lossy.get(&(ci as u32))
        {
            let ns = scratch.pos(s);
            let ne = char_end_with_marks(norm, scratch.pos(e - 1));
            if !verify_lossy(spelling, &norm[ns..ne]) {
                return None;
            }
        }
        Some(exact)
    }

    /// True when the text at `s..e` is spelled like a stop word (checked
    /// for matches through an alternation, and for whole words made of a
    /// proclitic and a name).
    #[cold]
    fn is_stopword(&self, text: &NormalizedText, scratch: &Scratch, s: usize, e: usize) -> bool {
        // Stop words are single short words: anything longer is not one,
        // and the spelling is built on the stack.
        const MAX: usize = 24;
        if e - s > MAX {
            return false;
        }
        let mut sp = [0u8; 2 * MAX];
        let mut n = 0;
        for j in s..e {
            if j > s && scratch.gap(j) {
                sp[n] = SEP;
                n += 1;
            }
            sp[n] = scratch.spelling_at(text.as_str(), j);
            n += 1;
        }
        stopwords().contains(&sp[..n])
    }

    fn to_match<'g>(
        &'g self,
        text: &NormalizedText,
        scratch: &Scratch,
        s: usize,
        e: usize,
        acc: Accepted,
    ) -> Match<'g> {
        let (prefix, ci) = acc;
        let norm = text.as_str();
        let plen = prefix.map_or(0, |x| x.chars().count());
        let ns = scratch.pos(s - plen);
        let ne = char_end_with_marks(norm, scratch.pos(e - 1));
        let e = self.cands.get(ci as usize).map_or(u32::MAX, |c| c.entry);
        let kind = self
            .kinds
            .get(self.entries.kind(e) as usize)
            .map_or("", |k| k);
        let (id, name) = (self.entries.id(e), self.entries.name(e));
        // The span in the normalized text: `find_into` maps it to the
        // input once every match of the document is found.
        Match {
            start: ns,
            end: ne,
            id,
            kind,
            name,
            prefix,
        }
    }
}

/// The README's examples, run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

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
