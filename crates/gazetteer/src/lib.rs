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
//!   also folds the cheap alternations (ASCII case, ي/ى, ة/ه, alef seats,
//!   ڤ/ف, پ/ب, گ/ك, white space, dashes). The automaton runs over the key:
//!   half the bytes of UTF-8 Arabic and a small alphabet.
//! * Variant generation adds the other alternations as extra patterns
//!   (غ/ج/ق for "g", hamza seats, hyphen/space/nothing, with and without
//!   ال). A variant that collides with another entry's name, with another
//!   entry's variant or with a common word is dropped and counted.
//! * Proclitics (و ف ب ل ك, ال and their combinations such as وال، بال، لل،
//!   وبال) and word boundaries are checked after a match, not expanded into
//!   patterns: expansion would multiply the automaton's size by ten.
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

mod compile;
mod error;
mod key;
mod tsv;
mod variants;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::BufRead;
use std::path::Path;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
use khabar_normalize::{NormalizedText, Normalizer, Profile};

pub use error::{BuildError, LoadError};
pub use key::Scratch;

use compile::{Compiled, EntryInfo, compile};
use key::{IS_WORD, char_end_with_marks, is_lossy, key_of, transcode, verify};
use tsv::Line;

/// The built-in data files, compiled into the binary, in priority order.
const BUILTIN: [(&str, &str, bool); 6] = [
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
        "short-forms.tsv",
        include_str!("../data/short-forms.tsv"),
        true,
    ),
];

const STOPWORDS: &str = include_str!("../lists/stopwords.txt");

/// Keys of the stop words (variants equal to one are dropped).
fn stopwords() -> &'static HashSet<Vec<u8>> {
    static SET: OnceLock<HashSet<Vec<u8>>> = OnceLock::new();
    SET.get_or_init(|| {
        let n = Normalizer::new(Profile::Search);
        STOPWORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|w| key_of(n.normalize(w).as_str()))
            .collect()
    })
}

/// The proclitic sequences accepted before a name, as written in normalized
/// text: an optional conjunction (و ف), an optional preposition (ب ل ك), an
/// optional article (ال); ل + ال is written لل.
const PREFIXES: [&str; 23] = [
    "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "وب", "ول", "وك", "فب", "فل",
    "فك", "وبال", "ولل", "وكال", "فبال", "فلل", "فكال",
];

/// Longest proclitic sequence, in letters.
const MAX_PREFIX: usize = 4;

/// Which automaton the gazetteer runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Engine {
    /// Chosen by size: the DFA up to [`Engine::DFA_LIMIT`] patterns, the
    /// contiguous NFA beyond (see the bench report for why).
    #[default]
    Auto,
    /// aho-corasick's DFA: fastest search, memory grows fast with patterns.
    Dfa,
    /// aho-corasick's contiguous NFA: compact, slower to build.
    ContiguousNfa,
    /// aho-corasick's noncontiguous NFA: fastest to build, slowest search.
    NoncontiguousNfa,
}

impl Engine {
    /// Largest pattern count for which [`Engine::Auto`] picks the DFA.
    pub const DFA_LIMIT: usize = 50_000;

    fn kind(self, patterns: usize) -> AhoCorasickKind {
        match self {
            Engine::Dfa => AhoCorasickKind::DFA,
            Engine::ContiguousNfa => AhoCorasickKind::ContiguousNFA,
            Engine::NoncontiguousNfa => AhoCorasickKind::NoncontiguousNFA,
            Engine::Auto if patterns <= Engine::DFA_LIMIT => AhoCorasickKind::DFA,
            Engine::Auto => AhoCorasickKind::ContiguousNFA,
        }
    }
}

/// Builds a [`Gazetteer`] from data files, readers and single entries.
///
/// Entries added earlier win name collisions (the built-in data, when
/// included, comes first), except that a full name always beats a short
/// form. `build` can be called again after more entries are added.
#[derive(Clone, Debug)]
pub struct GazetteerBuilder {
    builtin: bool,
    variants: bool,
    profile: Profile,
    engine: Engine,
    lines: Vec<Line>,
    next_entry_line: usize,
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
            lines: Vec::new(),
            next_entry_line: 1,
        }
    }

    /// Includes the built-in gazetteer (before every other entry).
    pub fn builtin(&mut self, yes: bool) -> &mut Self {
        self.builtin = yes;
        self
    }

    /// Turns variant generation on (the default) or off.
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
        let names: Vec<String> = names
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        if !names.is_empty() {
            self.lines.push(Line {
                id: id.to_string(),
                kind: kind.to_string(),
                names,
                short: false,
                source: "<entry>".into(),
                line: self.next_entry_line,
            });
        }
        self.next_entry_line += 1;
        self
    }

    fn all_lines(&self) -> Result<Vec<Line>, BuildError> {
        let mut lines = Vec::new();
        if self.builtin {
            for (name, data, short) in BUILTIN {
                let l = tsv::load(name, data.as_bytes(), short)
                    .map_err(|e| BuildError::new(format!("built-in gazetteer: {e}")))?;
                lines.extend(l);
            }
        }
        Ok(lines)
    }

    fn compile(&self, collect: bool) -> Result<Compiled, BuildError> {
        let builtin = self.all_lines()?;
        let lines: Vec<&Line> = builtin.iter().chain(&self.lines).collect();
        Ok(compile(&lines, self.profile, self.variants, collect))
    }

    /// Builds the gazetteer.
    ///
    /// # Errors
    ///
    /// An id is given two different types, or the automaton is too large.
    pub fn build(&self) -> Result<Gazetteer, BuildError> {
        let c = self.compile(false)?;
        if let Some(first) = c.findings.type_conflicts.first() {
            return Err(BuildError::new(first.clone()));
        }
        let kind = self.engine.kind(c.keys.len());
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(kind))
            .build(&c.keys)
            .map_err(|e| BuildError::new(format!("cannot build the automaton: {e}")))?;
        let mut stats = c.stats;
        stats.engine = match kind {
            AhoCorasickKind::DFA => "dfa",
            AhoCorasickKind::ContiguousNFA => "contiguous-nfa",
            _ => "noncontiguous-nfa",
        };
        stats.automaton_bytes = ac.memory_usage();
        let prefixes = PREFIXES.iter().map(|p| (key_of(p), *p)).collect();
        Ok(Gazetteer {
            ac,
            pattern_entry: c.pattern_entry,
            lossy: c.lossy,
            entries: c.entries,
            kinds: c.kinds,
            prefixes,
            profile: self.profile,
            stats,
        })
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
    /// Names whose variant product was cut to one change at a time.
    pub capped_names: usize,
    /// Ids given two different types.
    pub type_conflicts: usize,
    /// The automaton: `dfa`, `contiguous-nfa` or `noncontiguous-nfa`.
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

/// An immutable, compiled gazetteer; `Send + Sync`, share it by reference.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    ac: AhoCorasick,
    pattern_entry: Vec<u32>,
    lossy: HashMap<u32, Box<str>>,
    entries: Vec<EntryInfo>,
    kinds: Vec<Box<str>>,
    prefixes: Vec<(Vec<u8>, &'static str)>,
    profile: Profile,
    stats: Stats,
}

/// Why a raw automaton match was not accepted.
enum Reject {
    /// Not at a word start (and not after a known proclitic sequence).
    Start,
    /// Not at a word end, or the text differs where the key is lossy.
    End,
}

impl Gazetteer {
    /// Counts: entries, names, patterns, dropped variants, engine, memory.
    pub fn stats(&self) -> Stats {
        self.stats.clone()
    }

    /// The normalizer profile names were normalized with.
    pub fn profile(&self) -> Profile {
        self.profile
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
        self.find_into(&norm, &mut Scratch::new(), &mut out);
        out
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
        let hay = &scratch.key[..];
        let mut at = 0;
        while at < hay.len() {
            let Some(m) = self.ac.find(Input::new(hay).range(at..)) else {
                break;
            };
            let (s, e, p) = (m.start(), m.end(), m.pattern().as_u32());
            match self.accept(text, scratch, s, e, p) {
                Ok(prefix) => {
                    out.push(self.to_match(text, scratch, s, e, p, prefix));
                    at = e;
                }
                Err(Reject::Start) => at = s + 1,
                Err(Reject::End) => match self.shorter(text, scratch, s, e) {
                    Some((e2, p2, prefix)) => {
                        out.push(self.to_match(text, scratch, s, e2, p2, prefix));
                        at = e2;
                    }
                    None => at = s + 1,
                },
            }
        }
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
    ) -> Option<(usize, u32, Option<&'static str>)> {
        let hay = &scratch.key[..];
        for k in (s + 1..e).rev() {
            if !(IS_WORD[hay[k - 1] as usize] && !IS_WORD[hay[k] as usize]) {
                continue;
            }
            if let Some(m) = self.ac.find(Input::new(hay).range(s..k)) {
                if m.start() == s {
                    if let Ok(prefix) = self.accept(text, scratch, s, m.end(), m.pattern().as_u32())
                    {
                        return Some((m.end(), m.pattern().as_u32(), prefix));
                    }
                }
            }
        }
        None
    }

    /// Checks boundaries, proclitics and lossy characters of a raw match.
    #[inline]
    fn accept(
        &self,
        text: &NormalizedText,
        scratch: &Scratch,
        s: usize,
        e: usize,
        p: u32,
    ) -> Result<Option<&'static str>, Reject> {
        let hay = &scratch.key[..];
        let mut prefix = None;
        if IS_WORD[hay[s] as usize] {
            let mut j = s;
            while j > 0 && IS_WORD[hay[j - 1] as usize] {
                if s - j == MAX_PREFIX {
                    return Err(Reject::Start);
                }
                j -= 1;
            }
            if j < s {
                let before = &hay[j..s];
                match self.prefixes.iter().find(|(k, _)| k.as_slice() == before) {
                    Some((_, written)) => prefix = Some(*written),
                    None => return Err(Reject::Start),
                }
            }
        }
        if IS_WORD[hay[e - 1] as usize] && e < hay.len() && IS_WORD[hay[e] as usize] {
            return Err(Reject::End);
        }
        if hay[s..e].iter().any(|&b| is_lossy(b)) {
            if let Some(spelling) = self.lossy.get(&p) {
                let norm = text.as_str();
                let ns = scratch.pos[s] as usize;
                let ne = char_end_with_marks(norm, scratch.pos[e - 1] as usize);
                if !verify(spelling, &norm[ns..ne]) {
                    return Err(Reject::End);
                }
            }
        }
        Ok(prefix)
    }

    fn to_match<'g>(
        &'g self,
        text: &NormalizedText,
        scratch: &Scratch,
        s: usize,
        e: usize,
        p: u32,
        prefix: Option<&'static str>,
    ) -> Match<'g> {
        let norm = text.as_str();
        let plen = prefix.map_or(0, |x| x.chars().count());
        let ns = scratch.pos[s - plen] as usize;
        let ne = char_end_with_marks(norm, scratch.pos[e - 1] as usize);
        let span = text.original_range(ns..ne);
        let entry = self
            .pattern_entry
            .get(p as usize)
            .and_then(|&i| self.entries.get(i as usize));
        let (id, kind, name) = match entry {
            Some(en) => (
                &*en.id,
                self.kinds.get(en.kind as usize).map_or("", |k| k),
                &*en.name,
            ),
            None => ("", "", ""),
        };
        Match {
            start: span.start,
            end: span.end,
            id,
            kind,
            name,
            prefix,
        }
    }
}

/// What [`check`] found in a gazetteer file.
///
/// `Display` prints counts, then every bad line as `file:line: problem`,
/// then examples of collisions and drops.
#[derive(Clone, Debug, Default)]
pub struct CheckReport {
    /// The file (or reader) name.
    pub source_name: String,
    /// Counts as a build would see them (bad lines left out).
    pub stats: Stats,
    /// Bad lines, each `file:line: problem`.
    pub bad_lines: Vec<String>,
    /// Ids given two types (a build fails on these).
    pub type_conflicts: Vec<String>,
    /// Names shared by two ids (up to 50 examples; the count is in `stats`).
    pub name_collisions: Vec<String>,
    /// Names repeated within an id (up to 50 examples).
    pub duplicate_names: Vec<String>,
    /// Variants dropped for colliding (up to 50 examples).
    pub variant_collisions: Vec<String>,
    /// Variants dropped for being common words (up to 50 examples).
    pub stopword_drops: Vec<String>,
}

impl CheckReport {
    fn from_compiled(source_name: String, c: Compiled, bad_lines: Vec<String>) -> CheckReport {
        let f = c.findings;
        CheckReport {
            source_name,
            stats: c.stats,
            bad_lines,
            type_conflicts: f.type_conflicts,
            name_collisions: f.name_collisions,
            duplicate_names: f.duplicate_names,
            variant_collisions: f.variant_collisions,
            stopword_drops: f.stopword_drops,
        }
    }

    /// True when the file would load and build: no bad lines, no type
    /// conflicts. Collisions and drops are reported but are not errors.
    pub fn is_ok(&self) -> bool {
        self.bad_lines.is_empty() && self.type_conflicts.is_empty()
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.stats;
        writeln!(
            f,
            "{}: {}",
            self.source_name,
            if self.is_ok() { "ok" } else { "errors" }
        )?;
        writeln!(f, "  entries          {}", s.entries)?;
        writeln!(
            f,
            "  names            {} ({} short forms)",
            s.names, s.short_names
        )?;
        writeln!(f, "  variants kept    {}", s.variants)?;
        writeln!(f, "  patterns         {}", s.patterns)?;
        writeln!(f, "  bad lines        {}", self.bad_lines.len())?;
        writeln!(f, "  type conflicts   {}", s.type_conflicts)?;
        writeln!(f, "  name collisions  {}", s.name_collisions)?;
        writeln!(f, "  duplicate names  {}", s.duplicate_names)?;
        writeln!(
            f,
            "  variants dropped {} (collisions) + {} (common words)",
            s.dropped_collisions, s.dropped_stopwords
        )?;
        writeln!(f, "  capped names     {}", s.capped_names)?;
        let sections = [
            ("bad line", &self.bad_lines),
            ("type conflict", &self.type_conflicts),
            ("name collision", &self.name_collisions),
            ("duplicate", &self.duplicate_names),
            ("variant collision", &self.variant_collisions),
            ("common-word variant", &self.stopword_drops),
        ];
        for (label, rows) in sections {
            for r in rows {
                writeln!(f, "{label}: {r}")?;
            }
        }
        Ok(())
    }
}

/// Validates a gazetteer file: every bad line (not just the first), counts,
/// duplicates, name and variant collisions, with variant generation on.
///
/// An I/O error ends the check and is listed as a bad line.
pub fn check(source_name: &str, r: impl BufRead) -> CheckReport {
    let mut lines = Vec::new();
    let mut bad = Vec::new();
    let res = tsv::read_lines(source_name, r, false, |l| match l {
        Ok(line) => lines.push(line),
        Err((n, p)) => bad.push(format!("{source_name}:{n}: {p}")),
    });
    if let Err(e) = res {
        bad.push(e.to_string());
    }
    let refs: Vec<&Line> = lines.iter().collect();
    let c = compile(&refs, Profile::Search, true, true);
    CheckReport::from_compiled(source_name.to_string(), c, bad)
}

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
    fn builtin_data_loads() {
        let g = builtin().build().unwrap();
        assert_eq!(g.stats().type_conflicts, 0);
    }

    #[test]
    fn prefixes_are_distinct_and_short() {
        let keys: HashSet<Vec<u8>> = PREFIXES.iter().map(|p| key_of(p)).collect();
        assert_eq!(keys.len(), PREFIXES.len());
        assert!(PREFIXES.iter().all(|p| p.chars().count() <= MAX_PREFIX));
    }
}
