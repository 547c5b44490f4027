//! Names the gazetteer does not know: people, organisations and places
//! found by their context in Arabic news, linked within a document, and
//! disambiguated by the words around them.
//!
//! A gazetteer finds the names it lists; news is full of people,
//! companies and villages no list holds. A reader still knows them: a name
//! follows a title (الرئيس التونسي الأسبق …), is the subject of a reporting
//! verb (قالت …), is built from given names and particles (عبد الله بن …),
//! or follows a head noun (شركة …، مدينة …). This crate applies those rules,
//! with word lists kept in `data/*.tsv`, in one pass over the words of the
//! [search-normalized](khabar_normalize) text, after the
//! [gazetteer](khabar_gazetteer):
//!
//! 1. **disambiguation**: a gazetteer match with several referents (عمان:
//!    Amman or Oman) takes the referent its context names (`ambiguous.tsv`);
//! 2. **longer names**: a known place inside a club's or an event's name
//!    (ريال مدريد، بطولة فرنسا المفتوحة) is not the place;
//! 3. **patterns**: people, organisations and places found by context, with
//!    [`How::Pattern`] and no id; a known place inside an organisation's
//!    name found so (جامعة القاهرة) is dropped;
//! 4. **coreference**: a later surname alone (بوش after جورج بوش) gets the
//!    earlier name's id and name, with [`How::Coreference`].
//!
//! # Example
//!
//! ```
//! use khabar_gazetteer::GazetteerBuilder;
//! use khabar_names::{How, Names};
//! use khabar_normalize::{Normalizer, Profile};
//!
//! let gazetteer = GazetteerBuilder::new()
//!     .add_entry("tunisia", "LOC", &["تونس"])
//!     .build()?;
//! let names = Names::builder().build()?;
//!
//! let text = "قال الرئيس التونسي الأسبق الباجي قايد السبسي إن تونس بخير. وأضاف السبسي أن الحوار مستمر.";
//! let norm = Normalizer::new(Profile::Search).normalize(text);
//! let matches: Vec<_> = gazetteer.find_iter(&norm).collect();
//! let found = names.apply(text, &norm, &matches);
//!
//! let per = &found[0];
//! assert_eq!((per.kind, per.how, per.id), ("PER", How::Pattern, None));
//! assert_eq!(per.name, "الباجي قايد السبسي");
//! assert_eq!(&text[per.start..per.end], "الباجي قايد السبسي");
//! assert_eq!(found[1].id, Some("tunisia"));
//! let again = &found[2];
//! assert_eq!((again.how, &*again.name), (How::Coreference, "الباجي قايد السبسي"));
//! assert_eq!(&text[again.start..again.end], "السبسي");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Organisations and places after their head nouns, and a place inside an
//! organisation's name:
//!
//! ```
//! use khabar_gazetteer::GazetteerBuilder;
//! use khabar_names::Names;
//! use khabar_normalize::{Normalizer, Profile};
//!
//! let gazetteer = GazetteerBuilder::new()
//!     .add_entry("cairo", "LOC", &["القاهرة"])
//!     .build()?;
//! let names = Names::builder().build()?;
//! let text = "وقعت شركة أرامكو اتفاقا مع جامعة القاهرة لتطوير قرية كفر نبل.";
//! let norm = Normalizer::new(Profile::Search).normalize(text);
//! let matches: Vec<_> = gazetteer.find_iter(&norm).collect();
//! let found: Vec<(&str, String)> = names
//!     .apply(text, &norm, &matches)
//!     .into_iter()
//!     .map(|e| (e.kind, e.name.into_owned()))
//!     .collect();
//! assert_eq!(
//!     found,
//!     [
//!         ("ORG", "شركة أرامكو".to_string()),
//!         ("ORG", "جامعة القاهرة".to_string()),
//!         ("LOC", "كفر نبل".to_string()),
//!     ]
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Wiring
//!
//! Run the gazetteer on the document's search-normalized text, then hand
//! the decoded text, the normalized text and the matches to
//! [`Names::apply`] (or [`Names::apply_into`] to reuse buffers). The result
//! replaces the gazetteer's matches: surviving matches are passed through
//! with [`How::Gazetteer`].
#![deny(missing_docs)]

mod error;
mod lexicon;
mod rules;
mod tokens;

use std::borrow::Cow;

pub use error::{BuildError, ErrorKind};
use khabar_gazetteer::Match;
use khabar_normalize::{NormalizedText, Normalizer, Profile};

use lexicon::Lexicon;

/// How an [`Entity`] was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum How {
    /// The gazetteer knows the name (`id` is set).
    Gazetteer,
    /// Recognized from its context; `id` is `None` and `name` is the name
    /// as written, without clitics and diacritics.
    Pattern,
    /// A later short mention of a name found earlier in the document; it
    /// carries that name's `id` (if any) and `name`.
    Coreference,
}

impl How {
    /// The name used in records: `gazetteer`, `pattern` or `coreference`.
    pub fn as_str(self) -> &'static str {
        match self {
            How::Gazetteer => "gazetteer",
            How::Pattern => "pattern",
            How::Coreference => "coreference",
        }
    }
}

/// A name found in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity<'a> {
    /// Byte offset of the start in the decoded text (an attached proclitic
    /// included).
    pub start: usize,
    /// Byte offset of the end in the decoded text.
    pub end: usize,
    /// The type: `PER`, `ORG`, `LOC`, or a user gazetteer's type.
    pub kind: &'a str,
    /// The gazetteer id; `None` for a name found by a pattern (and for a
    /// coreference to one).
    pub id: Option<&'a str>,
    /// The canonical name (gazetteer), or the name as written without
    /// clitics and diacritics (pattern).
    pub name: Cow<'a, str>,
    /// The stripped proclitics (normalized spelling: `و`، `ب`، `لل` …).
    pub prefix: Option<&'a str>,
    /// How it was found.
    pub how: How,
}

impl<'a> Entity<'a> {
    /// The gazetteer match as an entity found by the gazetteer.
    pub fn from_match(m: &Match<'a>) -> Entity<'a> {
        Entity {
            start: m.start,
            end: m.end,
            kind: m.kind,
            id: Some(m.id),
            name: Cow::Borrowed(m.name),
            prefix: m.prefix,
            how: How::Gazetteer,
        }
    }
}

/// Configures [`Names`].
#[derive(Clone, Debug)]
pub struct NamesBuilder {
    patterns: bool,
    coreference: bool,
    disambiguation: bool,
}

impl Default for NamesBuilder {
    fn default() -> NamesBuilder {
        NamesBuilder {
            patterns: true,
            coreference: true,
            disambiguation: true,
        }
    }
}

impl NamesBuilder {
    /// Everything on, with the built-in word lists.
    pub fn new() -> NamesBuilder {
        NamesBuilder::default()
    }

    /// Whether to find names by their context (default: yes).
    pub fn patterns(&mut self, yes: bool) -> &mut NamesBuilder {
        self.patterns = yes;
        self
    }

    /// Whether to link later short mentions (default: yes).
    pub fn coreference(&mut self, yes: bool) -> &mut NamesBuilder {
        self.coreference = yes;
        self
    }

    /// Whether to resolve ambiguous names by context and drop places
    /// inside longer names (default: yes).
    pub fn disambiguation(&mut self, yes: bool) -> &mut NamesBuilder {
        self.disambiguation = yes;
        self
    }

    /// Loads and normalizes the word lists. Can be called again.
    pub fn build(&self) -> Result<Names, BuildError> {
        let norm = Normalizer::new(Profile::Search);
        Ok(Names {
            lexicon: Lexicon::builtin(&norm)?,
            config: self.clone(),
        })
    }
}

/// The name recognizer: immutable, `Send + Sync`, built once and shared.
#[derive(Debug)]
pub struct Names {
    lexicon: Lexicon,
    config: NamesBuilder,
}

/// Buffers reused from one document to the next (one per thread).
#[derive(Debug, Default)]
pub struct Scratch {
    tokens: Vec<tokens::Tok>,
    cands: Vec<u32>,
    doc: rules::Buffers,
}

impl Names {
    /// A builder with everything on.
    pub fn builder() -> NamesBuilder {
        NamesBuilder::new()
    }

    /// The entities of one document, sorted by start: the gazetteer's
    /// `matches` that survive (with [`How::Gazetteer`], possibly relinked
    /// by context) and the names found by context and coreference.
    ///
    /// `text` is the decoded document, `normalized` its search-normalized
    /// form (the one the gazetteer ran on), `matches` the gazetteer's
    /// matches on it, in text order.
    pub fn apply<'a>(
        &'a self,
        text: &str,
        normalized: &NormalizedText,
        matches: &[Match<'a>],
    ) -> Vec<Entity<'a>> {
        let mut out = Vec::with_capacity(matches.len() + 8);
        self.apply_into(text, normalized, matches, &mut Scratch::default(), &mut out);
        out
    }

    /// [`Names::apply`], reusing `scratch` and appending to `out` (which is
    /// cleared first).
    pub fn apply_into<'a>(
        &'a self,
        text: &str,
        normalized: &NormalizedText,
        matches: &[Match<'a>],
        scratch: &mut Scratch,
        out: &mut Vec<Entity<'a>>,
    ) {
        self.apply_into_spans(text, normalized, matches, &[], scratch, out);
    }

    /// [`Names::apply_into`], given also the matches' spans in the
    /// normalized text, one per match, as the gazetteer leaves them in its
    /// scratch ([`khabar_gazetteer::Scratch::normalized_spans`]): the
    /// matches' words are then found without mapping words back to the
    /// input. The result is the same; `spans` of another length than
    /// `matches` are ignored.
    ///
    /// A document whose normalized text has 4 GiB or more (beyond the
    /// 32-bit word offsets this stage keeps) gets the gazetteer's matches
    /// only, as [`Entity::from_match`] gives them.
    ///
    /// ```
    /// use khabar_gazetteer::{GazetteerBuilder, Scratch as GazScratch};
    /// use khabar_names::{Names, Scratch};
    /// use khabar_normalize::{Normalizer, Profile};
    ///
    /// let g = GazetteerBuilder::new().add_entry("tunisia", "LOC", &["تونس"]).build()?;
    /// let names = Names::builder().build()?;
    /// let text = "قالت الوزيرة التونسيّة ليلى بن علي إن تونس بخير.";
    /// let norm = Normalizer::new(Profile::Search).normalize(text);
    /// let (mut gs, mut matches) = (GazScratch::new(), Vec::new());
    /// g.find_into_source(text, &norm, &mut gs, &mut matches);
    /// let (mut ns, mut out) = (Scratch::default(), Vec::new());
    /// names.apply_into_spans(text, &norm, &matches, gs.normalized_spans(), &mut ns, &mut out);
    /// assert_eq!(out, names.apply(text, &norm, &matches));
    /// assert_eq!(out.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply_into_spans<'a>(
        &'a self,
        text: &str,
        normalized: &NormalizedText,
        matches: &[Match<'a>],
        spans: &[std::ops::Range<usize>],
        scratch: &mut Scratch,
        out: &mut Vec<Entity<'a>>,
    ) {
        out.clear();
        // A normalized text that does not belong to `text` would give
        // offsets outside it: fall back to the gazetteer's matches.
        if normalized.original_len() != text.len() {
            out.extend(matches.iter().map(Entity::from_match));
            return;
        }
        // The words' offsets are `u32`: a normalized text of 4 GiB or more
        // keeps the gazetteer's matches only.
        if !tokens::fits(normalized.as_str().len()) {
            out.extend(matches.iter().map(Entity::from_match));
            return;
        }
        tokens::tokenize(
            normalized.as_str(),
            &self.lexicon,
            &mut scratch.tokens,
            &mut scratch.cands,
        );
        let mut doc = rules::Doc::new(
            text,
            normalized,
            &scratch.tokens,
            &scratch.cands,
            &self.lexicon,
            (matches, spans),
            std::mem::take(&mut scratch.doc),
        );
        if self.config.disambiguation {
            doc.disambiguate();
            doc.longer_names();
        }
        if self.config.patterns {
            doc.patterns();
            doc.bracket_aliases();
        }
        if self.config.coreference {
            doc.coreference();
        }
        scratch.doc = doc.finish(out);
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_coref;
#[cfg(test)]
mod tests_large;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
