//! From data lines to patterns: normalization, keys, variants, collisions.
//!
//! Shared by [`crate::GazetteerBuilder::build`] and [`crate::check`], so that
//! `check` reports exactly what a build would keep and drop.

use std::collections::HashMap;
use std::collections::hash_map::Entry as MapEntry;

use khabar_normalize::{Normalizer, Profile};

use crate::key::{IS_WORD, key_of};
use crate::tsv::Line;
use crate::variants::variants;
use crate::{Stats, stopwords};

/// An entity: id, type (interned) and canonical name.
#[derive(Clone, Debug)]
pub(crate) struct EntryInfo {
    pub id: Box<str>,
    pub kind: u32,
    pub name: Box<str>,
}

/// Which kind of name a pattern came from; decides who wins a collision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Variant,
    Short,
    Full,
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
    pub entries: Vec<EntryInfo>,
    pub kinds: Vec<Box<str>>,
    /// Pattern keys, in pattern-id order.
    pub keys: Vec<Box<[u8]>>,
    /// Entry of each pattern.
    pub pattern_entry: Vec<u32>,
    /// Normalized spelling of patterns whose key is lossy (verified on match).
    pub lossy: HashMap<u32, Box<str>>,
    pub stats: Stats,
    pub findings: Findings,
}

struct Slot {
    pattern: u32,
    class: Class,
}

/// Compiles `lines` (in priority order: earlier lines win ties).
pub(crate) fn compile(
    lines: &[&Line],
    profile: Profile,
    with_variants: bool,
    collect: bool,
) -> Compiled {
    let normalizer = Normalizer::new(profile);
    let mut stats = Stats::default();
    let mut findings = Findings::default();
    let mut entries: Vec<EntryInfo> = Vec::new();
    let mut kinds: Vec<Box<str>> = Vec::new();
    let mut kind_ids: HashMap<String, u32> = HashMap::new();
    let mut by_id: HashMap<&str, (u32, &Line)> = HashMap::new();

    let mut keys: Vec<Box<[u8]>> = Vec::new();
    let mut pattern_entry: Vec<u32> = Vec::new();
    let mut pattern_class: Vec<Class> = Vec::new();
    let mut spelled: Vec<Box<str>> = Vec::new();
    let mut index: HashMap<Box<[u8]>, Slot> = HashMap::new();
    // Explicit names that survived, per entry, for variant generation.
    let mut sources: Vec<(u32, u32)> = Vec::new();

    for line in lines {
        let entry = match by_id.entry(line.id.as_str()) {
            MapEntry::Occupied(o) => {
                let (e, first) = *o.get();
                if *entries[e as usize].kind_name(&kinds) != *line.kind {
                    stats.type_conflicts += 1;
                    note(&mut findings.type_conflicts, true, || {
                        format!(
                            "{}: id {:?} has type {} here but {} at {}",
                            line.place(),
                            line.id,
                            line.kind,
                            first.kind,
                            first.place()
                        )
                    });
                }
                e
            }
            MapEntry::Vacant(v) => {
                let kind = match kind_ids.get(&line.kind) {
                    Some(&k) => k,
                    None => {
                        let k = kinds.len() as u32;
                        kinds.push(line.kind.as_str().into());
                        kind_ids.insert(line.kind.clone(), k);
                        k
                    }
                };
                let e = entries.len() as u32;
                entries.push(EntryInfo {
                    id: line.id.as_str().into(),
                    kind,
                    name: line.names[0].as_str().into(),
                });
                v.insert((e, line));
                e
            }
        };
        let class = if line.short {
            Class::Short
        } else {
            Class::Full
        };
        for name in &line.names {
            stats.names += 1;
            if line.short {
                stats.short_names += 1;
            }
            let norm = normalizer.normalize(name);
            let key = key_of(norm.as_str());
            if !key.iter().any(|&b| IS_WORD[b as usize]) {
                continue;
            }
            match index.entry(key.into_boxed_slice()) {
                MapEntry::Vacant(v) => {
                    let p = keys.len() as u32;
                    keys.push(v.key().clone());
                    v.insert(Slot { pattern: p, class });
                    pattern_entry.push(entry);
                    pattern_class.push(class);
                    spelled.push(norm.as_str().into());
                    sources.push((entry, p));
                }
                MapEntry::Occupied(mut o) => {
                    let slot = o.get_mut();
                    let owner = pattern_entry[slot.pattern as usize];
                    if owner == entry {
                        if class > slot.class {
                            slot.class = class;
                            pattern_class[slot.pattern as usize] = class;
                        }
                        stats.duplicate_names += 1;
                        note(&mut findings.duplicate_names, collect, || {
                            format!(
                                "{}: name {name:?} of {:?} is a duplicate after normalization",
                                line.place(),
                                line.id
                            )
                        });
                        continue;
                    }
                    stats.name_collisions += 1;
                    let owner_id = entries[owner as usize].id.clone();
                    // A full name beats a short form; otherwise the first wins.
                    let wins = class > slot.class;
                    if wins {
                        pattern_entry[slot.pattern as usize] = entry;
                        pattern_class[slot.pattern as usize] = class;
                        spelled[slot.pattern as usize] = norm.as_str().into();
                        slot.class = class;
                        sources.push((entry, slot.pattern));
                    }
                    note(&mut findings.name_collisions, collect, || {
                        let (w, l) = if wins {
                            (&*line.id, &*owner_id)
                        } else {
                            (&*owner_id, &*line.id)
                        };
                        format!(
                            "{}: name {name:?} of {:?} is also a name of {:?}; {w:?} keeps it, {l:?} loses it",
                            line.place(),
                            line.id,
                            owner_id
                        )
                    });
                }
            }
        }
    }

    if with_variants {
        let stop = stopwords();
        // Generated keys: Some(entry) or None once two entries produced it.
        let mut generated: HashMap<Box<[u8]>, Option<u32>> = HashMap::new();
        let mut order: Vec<Box<[u8]>> = Vec::new();
        // Spelling of generated keys that are lossy, for verification.
        let mut lossy_spelling: HashMap<Box<[u8]>, Box<str>> = HashMap::new();
        for &(entry, p) in &sources {
            // A source that later lost its name to another entry is skipped.
            if pattern_entry[p as usize] != entry {
                continue;
            }
            let (vs, capped) = variants(&spelled[p as usize]);
            if capped {
                stats.capped_names += 1;
            }
            for v in vs {
                let key = key_of(&v);
                if let Some(slot) = index.get(key.as_slice()) {
                    if pattern_entry[slot.pattern as usize] != entry {
                        stats.dropped_collisions += 1;
                        note(&mut findings.variant_collisions, collect, || {
                            format!(
                                "variant {v:?} of {:?} is a name of {:?}: dropped",
                                entries[entry as usize].id,
                                entries[pattern_entry[slot.pattern as usize] as usize].id
                            )
                        });
                    }
                    continue;
                }
                if stop.contains(key.as_slice()) {
                    stats.dropped_stopwords += 1;
                    note(&mut findings.stopword_drops, collect, || {
                        format!(
                            "variant {v:?} of {:?} is a common word: dropped",
                            entries[entry as usize].id
                        )
                    });
                    continue;
                }
                match generated.entry(key.into_boxed_slice()) {
                    MapEntry::Vacant(slot) => {
                        if slot.key().iter().any(|&b| crate::key::is_lossy(b)) {
                            lossy_spelling.insert(slot.key().clone(), v.as_str().into());
                        }
                        order.push(slot.key().clone());
                        slot.insert(Some(entry));
                    }
                    MapEntry::Occupied(mut slot) => match *slot.get() {
                        Some(other) if other != entry => {
                            stats.dropped_collisions += 1;
                            note(&mut findings.variant_collisions, collect, || {
                                format!(
                                    "variant {v:?} is generated for both {:?} and {:?}: dropped from both",
                                    entries[other as usize].id, entries[entry as usize].id
                                )
                            });
                            slot.insert(None);
                        }
                        _ => {}
                    },
                }
            }
        }
        drop(index);
        for key in order {
            if let Some(Some(entry)) = generated.remove(&key) {
                stats.variants += 1;
                if let Some(v) = lossy_spelling.remove(&key) {
                    spelled.truncate(keys.len());
                    spelled.resize(keys.len(), Box::from(""));
                    spelled.push(v);
                }
                keys.push(key);
                pattern_entry.push(entry);
                pattern_class.push(Class::Variant);
            }
        }
    }

    let mut lossy = HashMap::new();
    for (p, key) in keys.iter().enumerate() {
        if key.iter().any(|&b| crate::key::is_lossy(b)) {
            if let Some(s) = spelled.get(p) {
                lossy.insert(p as u32, s.clone());
            }
        }
    }
    stats.entries = entries.len();
    stats.patterns = keys.len();
    Compiled {
        entries,
        kinds,
        keys,
        pattern_entry,
        lossy,
        stats,
        findings,
    }
}

impl EntryInfo {
    fn kind_name<'a>(&self, kinds: &'a [Box<str>]) -> &'a str {
        kinds.get(self.kind as usize).map_or("", |k| k)
    }
}
