//! Validating a gazetteer file: every bad line, counts, duplicates, name
//! and variant collisions, as a build would see them.

use std::fmt;
use std::io::BufRead;

use khabar_normalize::Profile;

use crate::Stats;
use crate::compile::{Compiled, compile};
use crate::tsv::{self, Line};
use crate::variants::ALL_RULES;

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
    pub(crate) fn from_compiled(
        source_name: String,
        c: Compiled,
        bad_lines: Vec<String>,
    ) -> CheckReport {
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
        writeln!(f, "  shared keys      {}", s.shared_keys)?;
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
    let c = compile(&refs, Profile::Search, true, ALL_RULES, true);
    CheckReport::from_compiled(source_name.to_string(), c, bad)
}
