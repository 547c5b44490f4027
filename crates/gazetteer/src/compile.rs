//! From data lines to patterns: normalization, keys, spellings, variants,
//! collisions.
//!
//! Shared by [`crate::GazetteerBuilder::build`] and [`crate::check`], so that
//! `check` reports exactly what a build would keep and drop.
//!
//! A *pattern* is a key (what the automaton finds); each pattern has one or
//! more *candidates*: an entry and the spelling that was given for it. Two
//! names whose keys are equal but whose spellings differ (بيونغ يانغ for one
//! id, بيونج يانج for another) share a pattern; at match time the candidate
//! spelled exactly like the text wins, and a text spelled like neither is
//! ambiguous and not reported.

use std::collections::hash_map::Entry as MapEntry;
use std::collections::{HashMap, HashSet};

use khabar_normalize::{Normalizer, Profile};

use crate::key::{IS_WORD, is_lossy, key_of_spelling, spelling_of};
use crate::tsv::Line;
use crate::variants::{needs_variants, no_article, rules_for, variants_with};
use crate::{Stats, stopwords};

/// The entities: id, type (interned) and canonical name of each, with the
/// strings end to end in one allocation (a million entries would otherwise
/// cost two allocations each).
#[derive(Clone, Debug, Default)]
pub(crate) struct Entries {
    text: String,
    recs: Vec<EntryRec>,
}

#[derive(Clone, Copy, Debug)]
struct EntryRec {
    off: u32,
    id_len: u32,
    name_len: u32,
    kind: u32,
}

impl Entries {
    fn push(&mut self, id: &str, name: &str, kind: u32) -> u32 {
        let off = self.text.len() as u32;
        self.text.push_str(id);
        self.text.push_str(name);
        self.recs.push(EntryRec {
            off,
            id_len: id.len() as u32,
            name_len: name.len() as u32,
            kind,
        });
        (self.recs.len() - 1) as u32
    }

    pub fn len(&self) -> usize {
        self.recs.len()
    }

    fn slice(&self, from: u32, len: u32) -> &str {
        self.text
            .get(from as usize..(from + len) as usize)
            .unwrap_or("")
    }

    pub fn id(&self, e: u32) -> &str {
        self.recs
            .get(e as usize)
            .map_or("", |r| self.slice(r.off, r.id_len))
    }

    pub fn name(&self, e: u32) -> &str {
        self.recs
            .get(e as usize)
            .map_or("", |r| self.slice(r.off + r.id_len, r.name_len))
    }

    pub fn kind(&self, e: u32) -> u32 {
        self.recs.get(e as usize).map_or(0, |r| r.kind)
    }

    fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.recs.shrink_to_fit();
    }
}

/// FxHash (the rustc hasher): a multiply-rotate hash, much faster than
/// SipHash on the short keys of a gazetteer; HashDoS is not a concern for
/// data the user loads.
#[derive(Clone, Copy, Default)]
pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        for &b in chunks.remainder() {
            self.add(b as u64);
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub(crate) type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

/// Which kind of name a candidate came from; decides who wins a collision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Class {
    Variant,
    Short,
    Full,
}

/// One entry a pattern can stand for, with the spelling it was given.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cand {
    pub entry: u32,
    pub sp_off: u32,
    pub sp_len: u32,
}

/// Most example messages kept per category (counts are always complete).
const MAX_EXAMPLES: usize = 50;

/// Findings worth telling a user, with complete counts and a few examples.
#[derive(Clone, Debug, Default)]
pub(crate) struct Findings {
    pub type_conflicts: Vec<String>,
    pub name_collisions: Vec<String>,
    pub duplicate_names: Vec<String>,
    pub variant_collisions: Vec<String>,
    pub stopword_drops: Vec<String>,
}

fn note(list: &mut Vec<String>, collect: bool, msg: impl FnOnce() -> String) {
    if collect && list.len() < MAX_EXAMPLES {
        list.push(msg());
    }
}

/// The compiled pattern set.
pub(crate) struct Compiled {
    pub entries: Entries,
    pub kinds: Vec<Box<str>>,
    /// Pattern keys, in pattern-id order.
    pub keys: Vec<Box<[u8]>>,
    /// Candidates of pattern `p`: `cands[first[p]..first[p + 1]]`.
    pub first: Vec<u32>,
    pub cands: Vec<Cand>,
    /// All spellings, end to end.
    pub spellings: Vec<u8>,
    /// Normalized spelling of candidates whose key is lossy.
    pub lossy: HashMap<u32, Box<str>>,
    /// Candidates that are the article-less form of an ال name (الرياض →
    /// رياض): valid only after the contracted ل + ال (للرياض).
    pub after_ll: HashSet<u32>,
    /// Candidates that must not follow the article (سورية of سوريا: with
    /// it, the adjective السورية).
    pub no_article: HashSet<u32>,
    pub stats: Stats,
    pub findings: Findings,
}

const NONE: u32 = u32::MAX;

/// A candidate while building: a linked list per pattern.
struct BuildCand {
    entry: u32,
    class: Class,
    dead: bool,
    sp_off: u32,
    sp_len: u32,
    next: u32,
}

enum Outcome {
    /// A new pattern or a new spelling of a pattern: candidate index.
    Added(u32),
    /// Added to a pattern that another entry also has (different spelling).
    Shared(u32, u32),
    /// Same spelling, same entry.
    Duplicate,
    /// Same spelling as another entry's; the new one took it over.
    Replaced(u32, u32),
    /// Same spelling as another entry's, which keeps it.
    Lost(u32),
}

#[derive(Default)]
struct Table {
    index: HashMap<Box<[u8]>, u32, FxBuild>,
    head: Vec<u32>,
    cands: Vec<BuildCand>,
    spellings: Vec<u8>,
    lossy: HashMap<u32, Box<str>>,
    after_ll: HashSet<u32>,
    no_article: HashSet<u32>,
}

impl Table {
    fn spelling(&self, c: &BuildCand) -> &[u8] {
        &self.spellings[c.sp_off as usize..(c.sp_off + c.sp_len) as usize]
    }

    fn push_cand(&mut self, entry: u32, class: Class, sp: &[u8], next: u32) -> u32 {
        let c = self.cands.len() as u32;
        let sp_off = self.spellings.len() as u32;
        self.spellings.extend_from_slice(sp);
        self.cands.push(BuildCand {
            entry,
            class,
            dead: false,
            sp_off,
            sp_len: sp.len() as u32,
            next,
        });
        c
    }

    fn insert(&mut self, key: Vec<u8>, sp: &[u8], entry: u32, class: Class) -> Outcome {
        let p = match self.index.entry(key.into_boxed_slice()) {
            MapEntry::Vacant(v) => {
                let p = self.head.len() as u32;
                v.insert(p);
                let c = self.push_cand(entry, class, sp, NONE);
                self.head.push(c);
                return Outcome::Added(c);
            }
            MapEntry::Occupied(o) => *o.get(),
        };
        let mut other = NONE;
        let mut c = self.head[p as usize];
        while c != NONE {
            let cand = &self.cands[c as usize];
            let next = cand.next;
            if !cand.dead && self.spelling(cand) == sp {
                let (owner, owner_class) = (cand.entry, cand.class);
                let cand = &mut self.cands[c as usize];
                if owner == entry {
                    cand.class = cand.class.max(class);
                    return Outcome::Duplicate;
                }
                if class > owner_class {
                    cand.entry = entry;
                    cand.class = class;
                    return Outcome::Replaced(c, owner);
                }
                if class == Class::Variant && owner_class == Class::Variant {
                    // Two entries generate the same spelling: neither keeps it.
                    cand.dead = true;
                }
                return Outcome::Lost(owner);
            }
            if !cand.dead && cand.entry != entry {
                other = cand.entry;
            }
            c = next;
        }
        let head = self.head[p as usize];
        let c = self.push_cand(entry, class, sp, head);
        self.head[p as usize] = c;
        if other == NONE {
            Outcome::Added(c)
        } else {
            Outcome::Shared(c, other)
        }
    }
}

/// Compiles `lines` (in priority order: earlier lines win ties).
pub(crate) fn compile(
    lines: &[&Line],
    profile: Profile,
    with_variants: bool,
    rules: u32,
    collect: bool,
) -> Compiled {
    let mut c = Compiler {
        lines,
        normalizer: Normalizer::new(profile),
        collect,
        with_variants,
        stats: Stats::default(),
        findings: Findings::default(),
        entries: Entries::default(),
        kinds: Vec::new(),
        kind_ids: HashMap::new(),
        by_id: HashMap::default(),
        first_line: Vec::new(),
        t: Table::default(),
        sources: Vec::new(),
    };
    for (li, line) in lines.iter().enumerate() {
        let entry = c.entry_of(li, line);
        let class = if line.short {
            Class::Short
        } else {
            Class::Full
        };
        let line_rules = rules_for(line.kind(), rules);
        for name in line.names() {
            c.add_name(line, entry, class, line_rules, name);
        }
    }
    if with_variants {
        c.add_variants();
    }
    c.count_shared_keys();
    c.finish()
}

/// An explicit name that needs generated variants: its candidate, entry,
/// normalized spelling and the variant rules of its type. Most names need
/// none, and are not kept.
struct Source {
    cand: u32,
    entry: u32,
    name: Box<str>,
    rules: u32,
}

/// The state of one compilation, phase by phase: entries and their
/// names ([`Compiler::entry_of`], [`Compiler::add_name`]), generated
/// variants, shared keys, then the layout of [`Compiled`].
struct Compiler<'l> {
    lines: &'l [&'l Line],
    normalizer: Normalizer,
    /// Whether findings are written out (counts are kept either way).
    collect: bool,
    with_variants: bool,
    stats: Stats,
    findings: Findings,
    entries: Entries,
    /// The types, interned.
    kinds: Vec<Box<str>>,
    kind_ids: HashMap<&'l str, u32>,
    by_id: HashMap<&'l str, u32, FxBuild>,
    /// The line that introduced each entry, for messages.
    first_line: Vec<u32>,
    t: Table,
    sources: Vec<Source>,
}

impl<'l> Compiler<'l> {
    /// The entry of line `li` (new, or the one its id already has; a
    /// type other than the first line's is counted and noted).
    fn entry_of(&mut self, li: usize, line: &'l Line) -> u32 {
        match self.by_id.entry(line.id()) {
            MapEntry::Occupied(o) => {
                let e = *o.get();
                let kind = self
                    .kinds
                    .get(self.entries.kind(e) as usize)
                    .map_or("", |k| k);
                if kind != line.kind() {
                    self.stats.type_conflicts += 1;
                    let first = self.lines[self.first_line[e as usize] as usize];
                    note(&mut self.findings.type_conflicts, true, || {
                        format!(
                            "{}: id {:?} has type {} here but {} at {}",
                            line.place(),
                            line.id(),
                            line.kind(),
                            first.kind(),
                            first.place()
                        )
                    });
                }
                e
            }
            MapEntry::Vacant(v) => {
                let kind = match self.kind_ids.get(line.kind()) {
                    Some(&k) => k,
                    None => {
                        let k = self.kinds.len() as u32;
                        self.kinds.push(line.kind().into());
                        self.kind_ids.insert(line.kind(), k);
                        k
                    }
                };
                let e = self
                    .entries
                    .push(line.id(), line.names().next().unwrap_or(""), kind);
                self.first_line.push(li as u32);
                v.insert(e);
                e
            }
        }
    }

    /// Adds one explicit name of `entry`, counting and noting what
    /// collides with what, and remembers it if it needs variants.
    fn add_name(&mut self, line: &Line, entry: u32, class: Class, line_rules: u32, name: &str) {
        self.stats.names += 1;
        if line.short {
            self.stats.short_names += 1;
        }
        let norm = self.normalizer.normalize(name);
        let sp = spelling_of(norm.as_str());
        let key = key_of_spelling(&sp);
        if !key.iter().any(|&b| IS_WORD[b as usize]) {
            return;
        }
        let lossy = key.iter().any(|&b| is_lossy(b));
        let wants_variants = self.with_variants && needs_variants(norm.as_str(), line_rules);
        let source = |cand| Source {
            cand,
            entry,
            name: norm.as_str().into(),
            rules: line_rules,
        };
        let collect = self.collect;
        match self.t.insert(key, &sp, entry, class) {
            Outcome::Added(c) | Outcome::Shared(c, _) => {
                if lossy {
                    self.t.lossy.insert(c, norm.as_str().into());
                }
                if wants_variants {
                    self.sources.push(source(c));
                }
            }
            Outcome::Duplicate => {
                self.stats.duplicate_names += 1;
                note(&mut self.findings.duplicate_names, collect, || {
                    format!(
                        "{}: name {name:?} of {:?} is a duplicate after normalization",
                        line.place(),
                        line.id()
                    )
                });
            }
            Outcome::Replaced(c, loser) => {
                self.stats.name_collisions += 1;
                if wants_variants {
                    self.sources.push(source(c));
                }
                note(&mut self.findings.name_collisions, collect, || {
                    let l = self.entries.id(loser);
                    format!(
                        "{}: name {name:?} of {:?} is also a short form of {l:?}; the full name wins",
                        line.place(),
                        line.id()
                    )
                });
            }
            Outcome::Lost(winner) => {
                self.stats.name_collisions += 1;
                note(&mut self.findings.name_collisions, collect, || {
                    let w = self.entries.id(winner);
                    format!(
                        "{}: name {name:?} of {:?} is also a name of {w:?}, which keeps it",
                        line.place(),
                        line.id()
                    )
                });
            }
        }
    }

    /// Generates the variants of every remembered name and adds those
    /// that are neither common words nor another entry's spelling.
    fn add_variants(&mut self) {
        let stop = stopwords();
        for s in std::mem::take(&mut self.sources) {
            // A name that later lost its spelling to a full name is skipped.
            if self.t.cands[s.cand as usize].entry != s.entry {
                continue;
            }
            let (vs, capped) = variants_with(&s.name, s.rules);
            if capped {
                self.stats.capped_names += 1;
            }
            for v in vs {
                let sp = spelling_of(&v);
                // The article-less form of an ال name is how it is written
                // after the contracted ل + ال (للرياض, للسلفادور); anywhere
                // else a name without its article is another word (رياض
                // "gardens", سلفادور inside خوسيه سلفادور روميرو), so the
                // matcher accepts it only after لل. It is kept even when it
                // is a common word, for that one place.
                let after_ll = s.name.starts_with("ال") && !v.starts_with("ال");
                let collect = self.collect;
                let id = self.entries.id(s.entry);
                if stop.contains(&sp) {
                    self.stats.dropped_stopwords += 1;
                    let what = if after_ll {
                        "matched only after لل"
                    } else {
                        "dropped"
                    };
                    note(&mut self.findings.stopword_drops, collect, || {
                        format!("variant {v:?} of {id:?} is a common word: {what}")
                    });
                    if !after_ll {
                        continue;
                    }
                }
                let bare_only = no_article(&s.name, &v);
                self.add_variant(s.entry, &v, &sp, after_ll, bare_only);
            }
        }
    }

    /// Adds one generated variant `v` (spelled `sp`) of `entry`.
    fn add_variant(&mut self, entry: u32, v: &str, sp: &[u8], after_ll: bool, bare_only: bool) {
        let key = key_of_spelling(sp);
        let lossy = key.iter().any(|&b| is_lossy(b));
        let collect = self.collect;
        let (vc, other) = match self.t.insert(key, sp, entry, Class::Variant) {
            Outcome::Added(vc) => (vc, None),
            Outcome::Shared(vc, other) => (vc, Some(other)),
            Outcome::Duplicate | Outcome::Replaced(..) => return,
            Outcome::Lost(owner) => {
                self.stats.dropped_collisions += 1;
                note(&mut self.findings.variant_collisions, collect, || {
                    format!(
                        "variant {v:?} of {:?} is also a name or variant of {:?}: dropped",
                        self.entries.id(entry),
                        self.entries.id(owner)
                    )
                });
                return;
            }
        };
        self.stats.variants += 1;
        if lossy {
            self.t.lossy.insert(vc, v.into());
        }
        if after_ll {
            self.t.after_ll.insert(vc);
        }
        if bare_only {
            self.t.no_article.insert(vc);
        }
        if let Some(other) = other {
            self.stats.shared_keys += 1;
            note(&mut self.findings.variant_collisions, collect, || {
                format!(
                    "variant {v:?} of {:?} folds like a name of {:?}: only exact spellings match either",
                    self.entries.id(entry),
                    self.entries.id(other)
                )
            });
        }
    }

    /// Counts (and notes) explicit names that share a folded key with
    /// another id's name.
    fn count_shared_keys(&mut self) {
        let t = &self.t;
        for &h in &t.head {
            let mut entries_seen = [NONE; 2];
            let mut c = h;
            while c != NONE {
                let cand = &t.cands[c as usize];
                if !cand.dead && cand.class != Class::Variant {
                    if entries_seen[0] == NONE {
                        entries_seen[0] = cand.entry;
                    } else if entries_seen[0] != cand.entry && entries_seen[1] == NONE {
                        entries_seen[1] = cand.entry;
                        self.stats.shared_keys += 1;
                        note(&mut self.findings.variant_collisions, self.collect, || {
                            format!(
                                "names of {:?} and {:?} differ only in spelling alternations: only exact spellings match either",
                                self.entries.id(entries_seen[0]),
                                self.entries.id(cand.entry)
                            )
                        });
                    }
                }
                c = cand.next;
            }
        }
    }

    /// Lays the candidates out contiguously, pattern by pattern, in the
    /// order they were given, and drops patterns left without one. The
    /// keys move out of the index (no copy).
    fn finish(self) -> Compiled {
        let Compiler {
            mut t,
            mut entries,
            mut stats,
            kinds,
            findings,
            ..
        } = self;
        let mut by_pattern: Vec<Option<Box<[u8]>>> = vec![None; t.head.len()];
        for (k, p) in t.index.drain() {
            by_pattern[p as usize] = Some(k);
        }
        let mut keys = Vec::with_capacity(t.head.len());
        let mut first = Vec::with_capacity(t.head.len() + 1);
        let mut cands = Vec::with_capacity(t.cands.len());
        let mut lossy = HashMap::new();
        let mut after_ll = HashSet::new();
        let mut no_article = HashSet::new();
        let mut chain = Vec::new();
        for (p, key) in by_pattern.into_iter().enumerate() {
            let Some(key) = key else { continue };
            chain.clear();
            let mut c = t.head[p];
            while c != NONE {
                if !t.cands[c as usize].dead {
                    chain.push(c);
                }
                c = t.cands[c as usize].next;
            }
            if chain.is_empty() {
                continue;
            }
            first.push(cands.len() as u32);
            keys.push(key);
            for &c in chain.iter().rev() {
                let b = &t.cands[c as usize];
                if let Some(s) = t.lossy.remove(&c) {
                    lossy.insert(cands.len() as u32, s);
                }
                if t.after_ll.contains(&c) {
                    after_ll.insert(cands.len() as u32);
                }
                if t.no_article.contains(&c) {
                    no_article.insert(cands.len() as u32);
                }
                cands.push(Cand {
                    entry: b.entry,
                    sp_off: b.sp_off,
                    sp_len: b.sp_len,
                });
            }
        }
        first.push(cands.len() as u32);
        entries.shrink();
        stats.entries = entries.len();
        stats.patterns = keys.len();
        Compiled {
            entries,
            kinds,
            keys,
            first,
            cands,
            spellings: t.spellings,
            lossy,
            after_ll,
            no_article,
            stats,
            findings,
        }
    }
}
