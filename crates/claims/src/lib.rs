//! Claims: who says how many.
//!
//! A news figure is a claim: *someone* says *how many* of *something*.
//! Five articles about one war give 10,000 troops according to the
//! Pentagon, about 11,000 in another report, 25,000–30,000 more according
//! to Ukrainian intelligence. This crate turns each document's figures into
//! claims (SPEC §11) — the counted subject as a singular lemma, the
//! sentence, its entities, and the party the sentence attributes the figure
//! to — and groups the claims of many documents that are about the same
//! thing, so that a reader sees, per thing counted, every source's value
//! and where they disagree.
//!
//! * [`claims`] — one document's claims from a borrowed view of its text,
//!   entities and figures ([`Doc`]); the pipeline's document and a JSON
//!   record both convert into it without copying text.
//! * [`attribution::attribute`] — the source of any statement in a
//!   sentence (figures here; quotations in the quotes plugin).
//! * [`group`] — grouping across documents ([`group::Grouper`]), streaming
//!   record reading ([`group::read_records`]), and the reports
//!   ([`report`]): `json` (SPEC §11), `table`, `html`.
//! * [`run`] — everything `khabar claims FILES…` does, given readers.
//!
//! # Example: one document
//!
//! ```
//! use khabar_claims::{Doc, Entity, Figure, claims};
//!
//! let text = "ووفقًا لوزارة الصحة، قتل 45 شخصا. وأصيب 80 آخرون.";
//! let moh = text.find("لوزارة").unwrap_or(0);
//! let entities = [Entity { start: moh, end: moh + "لوزارة الصحة".len(), id: Some("moh"), kind: "ORG", name: "وزارة الصحة" }];
//! let f1 = text.find("45").unwrap_or(0);
//! let f2 = text.find("80").unwrap_or(0);
//! let figures = [
//!     Figure { start: f1, end: f1 + "45 شخصا".len(), low: Some(45.0), high: Some(45.0),
//!              approx: "exact", unit: Some("شخص"), kind: "count" },
//!     Figure { start: f2, end: f2 + "80 آخرون".len(), low: Some(80.0), high: Some(80.0),
//!              approx: "exact", unit: Some("آخرون"), kind: "count" },
//! ];
//! let doc = Doc { text, entities: &entities, figures: &figures };
//! let found = claims(&doc);
//! assert_eq!(found[0].subject, "شخص");
//! let source = found[0].source.as_ref();
//! assert_eq!(source.map(|s| (s.text.as_str(), s.id.as_deref(), s.cue.as_str())),
//!            Some(("لوزارة الصحة", Some("moh"), "وفقًا")));
//! assert_eq!(found[0].events.names().collect::<Vec<_>>(), ["kill"]);
//! assert!(found[1].source.is_none()); // attribution is per sentence
//! ```
//!
//! # Example: the JSON of a claim, with char offsets
//!
//! ```
//! # use khabar_claims::{Doc, Figure, claims};
//! let text = "قتل 45 شخصا";
//! let figures = [Figure { start: 7, end: text.len(), low: Some(45.0), high: Some(45.0),
//!                         approx: "exact", unit: Some("شخص"), kind: "count" }];
//! let found = claims(&Doc { text, entities: &[], figures: &figures });
//! let mut out = Vec::new();
//! let chars = khabar_claims::CharOffsets::new(text);
//! found[0].write_json(&mut out, |b| chars.at(b));
//! assert_eq!(String::from_utf8_lossy(&out),
//!     r#"{"figure":0,"subject":"شخص","sentence":{"start":0,"end":11},"entities":[],"source":null}"#);
//! ```
#![deny(missing_docs)]

pub mod attribution;
mod events;
pub mod group;
mod json;
mod lexicon;
pub mod report;
mod subject;
mod text;

use std::ops::Range;

pub use events::EventSet;
pub use group::{Error, ErrorKind, RunOptions, RunSummary, run};
pub use subject::lemma;

/// An entity of a document: a byte span of the text and what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entity<'a> {
    /// Start byte offset (an attached proclitic included).
    pub start: usize,
    /// End byte offset.
    pub end: usize,
    /// Stable id, if the entity is known (a gazetteer entry).
    pub id: Option<&'a str>,
    /// `PER`, `LOC`, `ORG`, or a user's type.
    pub kind: &'a str,
    /// Canonical name.
    pub name: &'a str,
}

/// A figure of a document, as the figures stage reports it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure<'a> {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset.
    pub end: usize,
    /// Lower bound (`None` when unknown).
    pub low: Option<f64>,
    /// Upper bound (`None` for open or vague amounts).
    pub high: Option<f64>,
    /// `exact`, `about`, `at_least`, `more_than`, `at_most`, `up_to`,
    /// `less_than` or `vague`.
    pub approx: &'a str,
    /// The counted noun or unit, `%` for percentages.
    pub unit: Option<&'a str>,
    /// `count`, `percent`, `money`, `quantity`, … (only the first four make
    /// claims).
    pub kind: &'a str,
}

/// A borrowed view of one document: decoded text and its spans.
#[derive(Clone, Copy, Debug)]
pub struct Doc<'a> {
    /// The decoded text; every span is a byte range of it.
    pub text: &'a str,
    /// Entities, any order.
    pub entities: &'a [Entity<'a>],
    /// Figures, in text order (indexes are the claims' `figure`).
    pub figures: &'a [Figure<'a>],
}

/// The party a sentence attributes a figure to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The source as written (an attached ل included, like entity spans).
    pub text: String,
    /// Start byte offset.
    pub start: usize,
    /// End byte offset.
    pub end: usize,
    /// The entity id when the source is a known entity.
    pub id: Option<String>,
    /// The attribution word as written (`وفقًا`، `قالت`، `بيان`, `:` for a
    /// headline).
    pub cue: String,
}

/// One claim: a figure that states an amount of something (SPEC §11).
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// Index of the figure in the document's figures.
    pub figure: usize,
    /// The counted subject, a singular lemma (`جندي`، `طائرة مسيرة`، `%
    /// بطالة`).
    pub subject: String,
    /// The sentence, as a byte range.
    pub sentence: Range<usize>,
    /// Ids of the known entities in the sentence, in text order, once each.
    pub entities: Vec<String>,
    /// Who the sentence attributes the figure to, if anyone.
    pub source: Option<Source>,
    /// Event classes around the figure (not part of the JSON record; used
    /// for grouping).
    pub events: EventSet,
}

/// Whether a figure kind makes claims.
pub fn is_claim_kind(kind: &str) -> bool {
    matches!(kind, "count" | "money" | "percent" | "quantity")
}

/// The claims of one document, in figure order.
pub fn claims(doc: &Doc<'_>) -> Vec<Claim> {
    let text = doc.text;
    let mut out = Vec::new();
    if !doc.figures.iter().any(|f| is_claim_kind(f.kind)) {
        return out;
    }
    let mut toks = Vec::new();
    let mut fig = 0usize;
    let figures = doc.figures;
    let mut prev: Option<Range<usize>> = None;
    for s in khabar_sentences::split(text) {
        let this = s.clone();
        // Figures that start in this sentence (figures are in text order).
        while fig < figures.len() && figures[fig].start < s.start {
            fig += 1;
        }
        let first = fig;
        while fig < figures.len() && figures[fig].start < s.end {
            fig += 1;
        }
        let in_sentence = first..fig;
        let before = prev.replace(this);
        if !figures[in_sentence.clone()]
            .iter()
            .any(|f| is_claim_kind(f.kind))
        {
            continue;
        }
        // A sentence that opens with a figure after a full stop on the same
        // line is the rest of the previous one (a stray stop, common in
        // machine-translated news: `نشرت قواتها. نحو 10 آلاف جندي إلى …`);
        // Arabic news style does not open a sentence with a numeral.
        let stray = stray_stop(text, before.as_ref(), &s, figures.get(first));
        let s = match (&before, stray) {
            (Some(b), Some(_)) => b.start..s.end,
            _ => s,
        };
        text::tokens_into(text, s.start, s.end, &mut toks);
        if let Some(dot) = stray {
            toks.retain(|t| t.start != dot);
        }
        let idx: Vec<usize> = in_sentence
            .filter(|&i| is_claim_kind(figures[i].kind))
            .collect();
        let spans: Vec<Range<usize>> = idx
            .iter()
            .map(|&i| figures[i].start..figures[i].end)
            .collect();
        let events = events::events(text, &toks, &spans);
        let entities = sentence_entities(doc.entities, &s);
        for (k, &i) in idx.iter().enumerate() {
            let f = &figures[i];
            let Some(subject) = subject::subject(text, &toks, f.start, f.end, f.unit, f.kind)
            else {
                continue;
            };
            let source = source_of(text, &toks, f, doc.entities);
            out.push(Claim {
                figure: i,
                subject,
                sentence: s.clone(),
                entities: entities.clone(),
                source,
                events: events.get(k).copied().unwrap_or_default(),
            });
        }
    }
    out
}

/// The offset of a stray full stop before sentence `s`: the sentence opens
/// with a claim figure (`first`) right after a `.` on the same line as the
/// previous sentence `before`, so it is the rest of that one.
fn stray_stop(
    text: &str,
    before: Option<&Range<usize>>,
    s: &Range<usize>,
    first: Option<&Figure<'_>>,
) -> Option<usize> {
    let b = before?;
    let gap = text.get(b.end.saturating_sub(1)..s.start)?;
    let opens = first.is_some_and(|f| f.start == s.start && is_claim_kind(f.kind));
    (opens && gap.starts_with('.') && !gap.contains('\n')).then(|| b.end - 1)
}

/// Ids of the known entities inside sentence `s`, in text order, once each.
fn sentence_entities(entities: &[Entity<'_>], s: &Range<usize>) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for e in entities {
        if e.start >= s.start
            && e.end <= s.end
            && let Some(id) = e.id
            && !ids.iter().any(|x| x == id)
        {
            ids.push(id.to_string());
        }
    }
    ids
}

/// Who the sentence `toks` attributes figure `f` to, if anyone.
fn source_of(
    text: &str,
    toks: &[text::Token],
    f: &Figure<'_>,
    entities: &[Entity<'_>],
) -> Option<Source> {
    attribution::attribute_in(text, toks, &(f.start..f.end), entities).map(|a| Source {
        text: text.get(a.start..a.end).unwrap_or("").to_string(),
        start: a.start,
        end: a.end,
        id: a
            .entity
            .and_then(|e| entities.get(e))
            .and_then(|e| e.id)
            .map(str::to_string),
        cue: text.get(a.cue_start..a.cue_end).unwrap_or("").to_string(),
    })
}

impl Claim {
    /// The byte offsets this claim's JSON contains (sentence and source
    /// spans), for a writer that converts offsets in one pass (like the
    /// record writer's char conversion).
    pub fn offsets(&self) -> impl Iterator<Item = usize> + '_ {
        [self.sentence.start, self.sentence.end]
            .into_iter()
            .chain(self.source.iter().flat_map(|s| [s.start, s.end]))
    }

    /// Appends the claim as a JSON object exactly as SPEC §11 gives it
    /// (`figure`, `subject`, `sentence`, `entities`, `source`), mapping
    /// every byte offset through `offset` (identity for byte offsets, a
    /// byte→char conversion for `--offsets char`).
    pub fn write_json(&self, out: &mut Vec<u8>, offset: impl Fn(usize) -> usize) {
        out.extend_from_slice(b"{\"figure\":");
        json::uint(out, self.figure);
        out.extend_from_slice(b",\"subject\":");
        json::str(out, &self.subject);
        out.extend_from_slice(b",\"sentence\":{\"start\":");
        json::uint(out, offset(self.sentence.start));
        out.extend_from_slice(b",\"end\":");
        json::uint(out, offset(self.sentence.end));
        out.extend_from_slice(b"},\"entities\":[");
        for (i, e) in self.entities.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            json::str(out, e);
        }
        out.extend_from_slice(b"],\"source\":");
        match &self.source {
            None => out.extend_from_slice(b"null"),
            Some(s) => {
                out.extend_from_slice(b"{\"text\":");
                json::str(out, &s.text);
                out.extend_from_slice(b",\"start\":");
                json::uint(out, offset(s.start));
                out.extend_from_slice(b",\"end\":");
                json::uint(out, offset(s.end));
                out.extend_from_slice(b",\"id\":");
                match &s.id {
                    Some(id) => json::str(out, id),
                    None => out.extend_from_slice(b"null"),
                }
                out.extend_from_slice(b",\"cue\":");
                json::str(out, &s.cue);
                out.push(b'}');
            }
        }
        out.push(b'}');
    }
}

impl serde::Serialize for Claim {
    /// The SPEC §11 object with byte offsets.
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut out = Vec::new();
        self.write_json(&mut out, |b| b);
        let v: serde_json::Value =
            serde_json::from_slice(&out).map_err(serde::ser::Error::custom)?;
        v.serialize(ser)
    }
}

/// Byte → char offset conversion for one text, the same count the record
/// writer uses for `--offsets char` (Unicode scalar values before the byte
/// offset).
#[derive(Clone, Debug)]
pub struct CharOffsets {
    /// Char count at every 64th byte, for a short scan from there.
    marks: Vec<usize>,
    bytes: Vec<u8>,
}

impl CharOffsets {
    /// Indexes `text` (one pass).
    pub fn new(text: &str) -> CharOffsets {
        let bytes = text.as_bytes();
        let mut marks = Vec::with_capacity(bytes.len() / 64 + 1);
        let mut chars = 0usize;
        for chunk in bytes.chunks(64) {
            marks.push(chars);
            chars += chunk.iter().filter(|&&b| (b as i8) >= -0x40).count();
        }
        CharOffsets {
            marks,
            bytes: bytes.to_vec(),
        }
    }

    /// The char offset of byte offset `byte` (clamped to the text).
    pub fn at(&self, byte: usize) -> usize {
        let byte = byte.min(self.bytes.len());
        let block = byte / 64;
        let base = self
            .marks
            .get(block)
            .copied()
            .unwrap_or_else(|| self.marks.last().copied().unwrap_or(0));
        let from = (block * 64).min(byte);
        base + self.bytes[from..byte]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40)
            .count()
    }
}

/// This crate's README examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
