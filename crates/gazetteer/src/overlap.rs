//! A user gazetteer against the built-in one: shared names and id clashes.
//!
//! When both are loaded, the user's entries come first, so a user's entry
//! wins every name both hold, and a user id that the built-in data gives
//! another type replaces the built-in entry of that id (its lines are left
//! out) instead of failing the build. This module reports what that does,
//! for `khabar gazetteer check` and for a warning once per run.

use std::collections::HashMap;
use std::fmt;
use std::io::BufRead;
use std::sync::OnceLock;

use khabar_normalize::{Normalizer, Profile};

use crate::error::LoadError;
use crate::key::spelling_of;
use crate::tsv::{self, Line};

/// Most examples kept per category (counts are always complete).
const MAX_EXAMPLES: usize = 50;

/// What loading a user gazetteer beside the built-in one changes.
///
/// `Display` prints the counts and the examples; [`Overlaps::warning`] is
/// a one-line summary for a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Overlaps {
    /// The user file (or reader) name.
    pub source_name: String,
    /// User names spelled like a built-in name of another id (after
    /// normalization): the user's entry takes the name.
    pub shared_names: usize,
    /// User ids the built-in data gives another type: the user's entry
    /// replaces the built-in one.
    pub id_clashes: usize,
    /// User ids the built-in data has with the same type: their names are
    /// merged, the user's first name becomes the canonical one.
    pub extended_ids: usize,
    /// Examples of shared names, `file:line: name "x" of "a" is also a
    /// built-in name of "b": the user's entry wins`.
    pub shared_name_examples: Vec<String>,
    /// Examples of id clashes.
    pub id_clash_examples: Vec<String>,
}

impl Overlaps {
    /// True when the user data neither shares a name nor an id with the
    /// built-in gazetteer.
    pub fn is_empty(&self) -> bool {
        self.shared_names == 0 && self.id_clashes == 0 && self.extended_ids == 0
    }

    /// A one-line warning for a run (`None` when there is nothing to say):
    /// `gazetteer user.tsv: 3 names and 1 id also in the built-in gazetteer
    /// (the user's entries win); see khabar gazetteer check`.
    pub fn warning(&self) -> Option<String> {
        if self.shared_names == 0 && self.id_clashes == 0 {
            return None;
        }
        Some(format!(
            "gazetteer {}: {} name{} of other ids and {} id{} with another type also in the built-in gazetteer (the user's entries win); see `khabar gazetteer check`",
            self.source_name,
            self.shared_names,
            plural(self.shared_names),
            self.id_clashes,
            plural(self.id_clashes),
        ))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

impl fmt::Display for Overlaps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: against the built-in gazetteer", self.source_name)?;
        writeln!(
            f,
            "  shared names     {} (the user's entry wins)",
            self.shared_names
        )?;
        writeln!(
            f,
            "  id clashes       {} (the user's type and names replace the built-in entry)",
            self.id_clashes
        )?;
        writeln!(
            f,
            "  extended ids     {} (same id and type: names merged)",
            self.extended_ids
        )?;
        for e in &self.shared_name_examples {
            writeln!(f, "shared name: {e}")?;
        }
        for e in &self.id_clash_examples {
            writeln!(f, "id clash: {e}")?;
        }
        Ok(())
    }
}

/// The built-in gazetteer's names by spelling, and its ids' types.
struct Builtin {
    /// Normalized spelling → id.
    names: HashMap<Vec<u8>, Box<str>>,
    /// Id → type.
    types: HashMap<Box<str>, Box<str>>,
}

fn builtin_index() -> &'static Builtin {
    static INDEX: OnceLock<Builtin> = OnceLock::new();
    INDEX.get_or_init(|| {
        let n = Normalizer::new(Profile::Search);
        let mut names = HashMap::new();
        let mut types = HashMap::new();
        for line in crate::builtin_lines().unwrap_or_default() {
            types
                .entry(line.id().into())
                .or_insert_with(|| line.kind().into());
            for name in line.names() {
                names
                    .entry(spelling_of(n.normalize(name).as_str()))
                    .or_insert_with(|| line.id().into());
            }
        }
        Builtin { names, types }
    })
}

/// Compares user lines with the built-in gazetteer.
pub(crate) fn compare(source_name: &str, lines: &[Line]) -> Overlaps {
    let b = builtin_index();
    let n = Normalizer::new(Profile::Search);
    let mut o = Overlaps {
        source_name: source_name.to_string(),
        ..Overlaps::default()
    };
    let mut seen_ids: HashMap<&str, ()> = HashMap::new();
    for line in lines {
        if seen_ids.insert(line.id(), ()).is_none()
            && let Some(t) = b.types.get(line.id())
        {
            if **t == *line.kind() {
                o.extended_ids += 1;
            } else {
                o.id_clashes += 1;
                if o.id_clash_examples.len() < MAX_EXAMPLES {
                    o.id_clash_examples.push(format!(
                        "{}: id {:?} has type {} here but {} in the built-in gazetteer: the user's entry replaces it",
                        line.place(),
                        line.id(),
                        line.kind(),
                        t
                    ));
                }
            }
        }
        for name in line.names() {
            let sp = spelling_of(n.normalize(name).as_str());
            if let Some(id) = b.names.get(&sp)
                && **id != *line.id()
            {
                o.shared_names += 1;
                if o.shared_name_examples.len() < MAX_EXAMPLES {
                    o.shared_name_examples.push(format!(
                        "{}: name {name:?} of {:?} is also a built-in name of {id:?}: the user's entry wins",
                        line.place(),
                        line.id()
                    ));
                }
            }
        }
    }
    o
}

/// Compares a user gazetteer file with the built-in gazetteer: names both
/// hold under different ids, ids with another type, ids both define.
///
/// ```
/// let user = "mars-city\tLOC\tموسكو\nlavrov\tORG\tلافروف للتجارة\n";
/// let o = khabar_gazetteer::overlaps("user.tsv", user.as_bytes())?;
/// assert_eq!(o.shared_names, 1);
/// assert!(o.warning().is_some());
/// # Ok::<(), khabar_gazetteer::LoadError>(())
/// ```
///
/// # Errors
///
/// The reader fails or a line is malformed (as
/// [`GazetteerBuilder::add_tsv_reader`](crate::GazetteerBuilder::add_tsv_reader)).
pub fn overlaps(source_name: &str, r: impl BufRead) -> Result<Overlaps, LoadError> {
    let lines = tsv::load(source_name, r, false)?;
    Ok(compare(source_name, &lines))
}
