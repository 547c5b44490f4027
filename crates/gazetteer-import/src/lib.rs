//! Gazetteer TSV files for [`khabar-gazetteer`] from Wikidata JSON dumps and
//! GeoNames tables.
//!
//! Both importers stream their input with bounded memory (one line at a
//! time for Wikidata, the Arabic names only for GeoNames), count and report
//! every line they cannot read (with its line number), and write the
//! gazetteer format `id<TAB>type<TAB>name[<TAB>name…]` that
//! `khabar_gazetteer::GazetteerBuilder::add_tsv_file` and
//! `khabar extract --gazetteer` load unchanged.
//!
//! * [`wikidata`]: the Wikidata JSON dump (a JSON array, one entity per line,
//!   plain, `.gz` or `.bz2`); labels and aliases in the chosen languages
//!   (`ar` by default), the Q-id as id, the type from `instance of` (P31)
//!   through a class table ([`ClassTable`], extendable with `Q123=ORG`).
//!   Only the needed fields are decoded: the rest of each entity is
//!   skipped by the JSON scanner without being built.
//! * [`geonames`]: `alternateNamesV2.txt` joined to `allCountries.txt`
//!   (`geonames:ID` ids, type `LOC`), with a minimum population and a set
//!   of feature classes.
//!
//! # Example
//!
//! ```
//! use khabar_gazetteer_import::{WikidataOptions, wikidata};
//!
//! let dump = concat!(
//!     "[\n",
//!     r#"{"type":"item","id":"Q42","labels":{"ar":{"language":"ar","value":"دوغلاس آدمز"},"en":{"language":"en","value":"Douglas Adams"}},"aliases":{"ar":[{"language":"ar","value":"دوجلاس آدامز"}]},"claims":{"P31":[{"mainsnak":{"snaktype":"value","property":"P31","datavalue":{"value":{"entity-type":"item","numeric-id":5,"id":"Q5"},"type":"wikibase-entityid"}},"type":"statement","rank":"normal"}]}},"#,
//!     "\n]\n"
//! );
//! let mut out = Vec::new();
//! let summary = wikidata(dump.as_bytes(), &WikidataOptions::default(), &mut out, |_| {})?;
//! assert_eq!(summary.written, 1);
//! assert_eq!(String::from_utf8(out).unwrap().lines().last(), Some("Q42\tPER\tدوغلاس آدمز\tدوجلاس آدامز"));
//! # Ok::<(), khabar_gazetteer_import::ImportError>(())
//! ```
//!
//! [`khabar-gazetteer`]: https://docs.rs/khabar-gazetteer
#![deny(missing_docs)]

mod error;
mod geo;
mod input;
mod output;
mod wd;

pub use error::{ImportError, ImportErrorKind};
pub use geo::{GeonamesOptions, geonames, geonames_files};
pub use input::open_dump;
pub use wd::{ClassTable, WikidataOptions, wikidata, wikidata_file};

/// How far an import has gone, for a progress bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress {
    /// Bytes of the input file read so far (compressed bytes for a
    /// compressed dump), comparable with [`Progress::total_bytes`].
    pub bytes: u64,
    /// The input file's size, when known.
    pub total_bytes: Option<u64>,
    /// Lines read.
    pub lines: u64,
    /// Entries written.
    pub written: u64,
}

/// What an import read, wrote and skipped.
///
/// `Display` prints the counts and the bad lines kept as examples.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Summary {
    /// Entities (Wikidata) or places (GeoNames) read.
    pub entities: u64,
    /// Entries written.
    pub written: u64,
    /// Names written (labels and aliases).
    pub names: u64,
    /// Skipped: no label or name in the chosen languages.
    pub no_label: u64,
    /// Skipped: no `instance of` class in the table (Wikidata), or the
    /// population or feature class filtered out (GeoNames).
    pub filtered: u64,
    /// Lines that could not be read (their count).
    pub bad_lines: u64,
    /// Up to [`Summary::MAX_EXAMPLES`] bad lines: `file:line: problem`.
    pub bad_line_examples: Vec<String>,
}

impl Summary {
    /// Most bad lines kept as examples (all are counted).
    pub const MAX_EXAMPLES: usize = 100;

    pub(crate) fn bad(&mut self, source: &str, line: u64, problem: impl std::fmt::Display) {
        self.bad_lines += 1;
        if self.bad_line_examples.len() < Self::MAX_EXAMPLES {
            self.bad_line_examples
                .push(format!("{source}:{line}: {problem}"));
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "entities read     {}", self.entities)?;
        writeln!(
            f,
            "entries written   {} ({} names)",
            self.written, self.names
        )?;
        writeln!(f, "skipped, no label {}", self.no_label)?;
        writeln!(f, "skipped, filtered {}", self.filtered)?;
        writeln!(f, "bad lines         {}", self.bad_lines)?;
        for b in &self.bad_line_examples {
            writeln!(f, "bad line: {b}")?;
        }
        Ok(())
    }
}

/// The README's examples, run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
