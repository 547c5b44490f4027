//! Grouping claims across documents.
//!
//! Claims are about the same thing when their subjects match and their
//! context agrees. Claims are bucketed by the subject's head lemma and the
//! figure kind (a pair outside one bucket is never compared); inside a
//! bucket each claim, in input order, joins the best-scoring recent group
//! whose score reaches [`RunOptions::threshold`], or starts a group. The
//! score of a claim against a group's first member (its representative):
//!
//! | term | value |
//! |---|---|
//! | same sentence of the same document as a member | never joins |
//! | subject modifiers: equal / one side has none / conflicting | +1.0 / +0.6 / never joins |
//! | actions (send, kill, …), when both have some: equal / overlapping / disjoint | +1.0 / +0.3 / −2.0 |
//! | aspects (plan, additional …): per class present on one side only | −0.8 |
//! | values (midpoints, both not vague): ratio ≤ 1.25 / ≤ 1.5 / ≤ 2 / ≤ 3 / ≤ 10 / more | +0.5 / +0.3 / 0 / −0.5 / −1.0 / −2.0 |
//! | one side vague (`آلاف الجنود`) | −0.3 |
//! | same document, values that do not overlap | −1.0 |
//! | key entities (the sentence's, minus the source) against the representative's: Jaccard × 0.6; both present and disjoint | +0…0.6; −0.3 |
//!
//! With the default threshold 1.3 a same-subject claim joins on matching
//! events alone, or on a close value when events are unknown on one side,
//! and never when the events conflict: troops sent and troops killed, people
//! displaced and people dead stay apart.
//!
//! Memory: each claim is kept as a compact record (numbers, interned
//! strings, its figure and source text in one arena); document text is
//! never kept. Time: each claim is compared only with the groups of its
//! bucket whose value is within about a factor of three (value bins of
//! ratio 3 and their neighbours), at most [`RunOptions::window`] recent
//! groups per bin.

use std::collections::VecDeque;

use crate::lexicon::HashMap;
use std::io::{BufRead, Write};

use serde::Deserialize;

use crate::{CharOffsets, Claim, Doc, Entity, EventSet, Figure, claims};

/// Why a run failed.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

/// What went wrong, for [`Error::kind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading an input or writing the output failed.
    Io,
    /// A line of an input is not a JSON record.
    Json,
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    fn io(what: &str, e: std::io::Error) -> Error {
        Error {
            kind: ErrorKind::Io,
            message: format!("{what}: {e}"),
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Output format of [`run`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// `{"groups": [...]}` as SPEC §11.
    #[default]
    Json,
    /// An aligned terminal table.
    Table,
    /// One self-contained HTML page (table and chart per group).
    Html,
}

/// Options of [`run`] and [`Grouper`].
#[derive(Clone, Copy, Debug)]
pub struct RunOptions {
    /// Output format.
    pub format: Format,
    /// Score a claim needs to join a group (see the module docs).
    pub threshold: f64,
    /// Groups with fewer members are not reported (1 reports every claim).
    pub min_members: usize,
    /// Recent groups per bucket a claim is compared with.
    pub window: usize,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            format: Format::Json,
            threshold: 1.3,
            min_members: 2,
            window: 64,
        }
    }
}

/// What a run read and wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunSummary {
    /// Records read.
    pub records: usize,
    /// Error records and records without claims or text, skipped.
    pub skipped: usize,
    /// Claims grouped.
    pub claims: usize,
    /// Groups reported.
    pub groups: usize,
}

/// Everything `khabar claims FILE…` does: reads the record streams (JSON
/// Lines, SPEC §3, with `claims` and/or `text`), groups their claims and
/// writes the report in `opts.format` to `out`. `inputs` are (name for
/// messages, reader) pairs.
pub fn run<R: BufRead, W: Write>(
    inputs: impl IntoIterator<Item = (String, R)>,
    opts: &RunOptions,
    mut out: W,
) -> Result<RunSummary, Error> {
    let mut g = Grouper::new(*opts);
    for (name, reader) in inputs {
        read_records(&mut g, &name, reader)?;
    }
    let mut summary = g.summary;
    let report = g.finish();
    summary.groups = report.len();
    let w = &mut out;
    match opts.format {
        Format::Json => report.write_json(w),
        Format::Table => report.write_table(w),
        Format::Html => report.write_html(w),
    }
    .map_err(|e| Error::io("writing the report", e))?;
    out.flush()
        .map_err(|e| Error::io("writing the report", e))?;
    Ok(summary)
}

/// Reads one JSON Lines stream of records into `g`.
pub fn read_records<R: BufRead>(g: &mut Grouper, name: &str, mut reader: R) -> Result<(), Error> {
    let mut line = String::new();
    let mut n = 0usize;
    loop {
        line.clear();
        let got = reader
            .read_line(&mut line)
            .map_err(|e| Error::io(name, e))?;
        if got == 0 {
            return Ok(());
        }
        n += 1;
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        g.add_record(l).map_err(|e| Error {
            kind: ErrorKind::Json,
            message: format!("{name}:{n}: {e}"),
        })?;
    }
}

// ---------------------------------------------------------------------------
// Records as read.

#[derive(Deserialize)]
struct RecordIn<'a> {
    #[serde(borrow)]
    id: std::borrow::Cow<'a, str>,
    #[serde(default, borrow)]
    text: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, borrow)]
    entities: Vec<EntityIn<'a>>,
    #[serde(default, borrow)]
    figures: Vec<FigureIn<'a>>,
    #[serde(default, borrow)]
    claims: Option<Vec<ClaimIn<'a>>>,
    #[serde(default)]
    error: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct EntityIn<'a> {
    start: usize,
    end: usize,
    #[serde(default, borrow)]
    id: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, rename = "type", borrow)]
    kind: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, borrow)]
    name: Option<std::borrow::Cow<'a, str>>,
}

#[derive(Deserialize)]
struct FigureIn<'a> {
    start: usize,
    end: usize,
    #[serde(default, borrow)]
    text: Option<std::borrow::Cow<'a, str>>,
    #[serde(default)]
    low: Option<f64>,
    #[serde(default)]
    high: Option<f64>,
    #[serde(default, borrow)]
    approx: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, borrow)]
    unit: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, borrow)]
    kind: Option<std::borrow::Cow<'a, str>>,
}

#[derive(Deserialize)]
struct SpanIn {
    start: usize,
}

#[derive(Deserialize)]
struct SourceIn<'a> {
    #[serde(borrow)]
    text: std::borrow::Cow<'a, str>,
    start: usize,
    end: usize,
    #[serde(default, borrow)]
    id: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, borrow)]
    cue: Option<std::borrow::Cow<'a, str>>,
}

#[derive(Deserialize)]
struct ClaimIn<'a> {
    figure: usize,
    #[serde(borrow)]
    subject: std::borrow::Cow<'a, str>,
    sentence: SpanIn,
    #[serde(default, borrow)]
    entities: Vec<std::borrow::Cow<'a, str>>,
    #[serde(default, borrow)]
    source: Option<SourceIn<'a>>,
}

// ---------------------------------------------------------------------------
// Compact storage.

#[derive(Default)]
struct Interner {
    map: HashMap<Box<str>, u32>,
    strs: Vec<Box<str>>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.map.get(s) {
            return i;
        }
        let i = self.strs.len() as u32;
        self.strs.push(s.into());
        self.map.insert(s.into(), i);
        i
    }

    fn get(&self, i: u32) -> &str {
        self.strs.get(i as usize).map_or("", |s| s)
    }
}

const NONE: u32 = u32::MAX;

/// A text slice of the arena.
#[derive(Clone, Copy)]
struct Slice(u32, u32);

#[derive(Clone, Copy)]
struct SourceC {
    text: Slice,
    start: u32,
    end: u32,
    id: u32,
    cue: u32,
}

/// One claim, compactly (about 90 bytes plus its texts).
#[derive(Clone, Copy)]
struct Item {
    doc: u32,
    figure: u32,
    start: u32,
    end: u32,
    sentence: u32,
    low: f64,
    high: f64,
    approx: u32,
    subject: u32,
    mods: u32,
    events: u64,
    ents: (u32, u32),
    text: Slice,
    source: u32,
}

pub(crate) struct GroupC {
    members: Vec<u32>,
    rep: u32,
    last_doc: u32,
    last_sentences: Vec<u32>,
    ents: Vec<(u32, u32)>,
}

/// Groups claims as they are added (see the module docs for the rule).
pub struct Grouper {
    opts: RunOptions,
    strings: Interner,
    arena: String,
    ent_pool: Vec<u32>,
    sources: Vec<SourceC>,
    items: Vec<Item>,
    groups: Vec<GroupC>,
    /// (bucket head, kind, value bin) → recent groups, oldest first.
    buckets: HashMap<(u32, u32, i32), VecDeque<u32>>,
    summary: RunSummary,
}

/// A claim to add with [`Grouper::add`], in the caller's offsets.
#[derive(Clone, Debug)]
pub struct Member<'a> {
    /// Document id.
    pub doc: &'a str,
    /// Figure index in the document.
    pub figure: usize,
    /// Figure span.
    pub start: usize,
    /// Figure span end.
    pub end: usize,
    /// The figure as written.
    pub text: &'a str,
    /// Lower bound.
    pub low: Option<f64>,
    /// Upper bound.
    pub high: Option<f64>,
    /// Qualifier (`exact`, `about`, …).
    pub approx: &'a str,
    /// Figure kind.
    pub kind: &'a str,
    /// Subject lemma.
    pub subject: &'a str,
    /// Sentence start (identifies the sentence within the document).
    pub sentence: usize,
    /// Entity ids of the sentence.
    pub entities: &'a [&'a str],
    /// Event classes around the figure.
    pub events: EventSet,
    /// Source: (text, start, end, id, cue).
    pub source: Option<(&'a str, usize, usize, Option<&'a str>, &'a str)>,
}

/// A member's figure fields, read from a record's figure; the claim
/// fields (subject, sentence, entities, events, source) are left empty for
/// the caller to fill.
fn figure_member<'a>(doc: &'a str, figure: usize, f: &'a FigureIn<'a>) -> Member<'a> {
    Member {
        doc,
        figure,
        start: f.start,
        end: f.end,
        text: f.text.as_deref().unwrap_or(""),
        low: f.low,
        high: f.high,
        approx: f.approx.as_deref().unwrap_or("exact"),
        kind: f.kind.as_deref().unwrap_or(""),
        subject: "",
        sentence: 0,
        entities: &[],
        events: EventSet::default(),
        source: None,
    }
}

fn sat(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Grouper {
    /// An empty grouper.
    pub fn new(opts: RunOptions) -> Grouper {
        let mut strings = Interner::default();
        strings.id(""); // 0: no modifiers
        Grouper {
            opts,
            strings,
            arena: String::new(),
            ent_pool: Vec::new(),
            sources: Vec::new(),
            items: Vec::new(),
            groups: Vec::new(),
            buckets: HashMap::default(),
            summary: RunSummary::default(),
        }
    }

    fn slice(&mut self, s: &str) -> Slice {
        let start = sat(self.arena.len());
        self.arena.push_str(s);
        Slice(start, sat(s.len()))
    }

    fn text(&self, s: Slice) -> &str {
        let a = s.0 as usize;
        self.arena.get(a..a + s.1 as usize).unwrap_or("")
    }

    /// Adds the claims of one processed document (byte offsets, or any
    /// offsets the caller maps through `offset` for the report).
    pub fn add_doc(
        &mut self,
        doc_id: &str,
        doc: &Doc<'_>,
        found: &[crate::Claim],
        offset: impl Fn(usize) -> usize,
    ) {
        self.summary.records += 1;
        for c in found {
            let Some(f) = doc.figures.get(c.figure) else {
                continue;
            };
            let ents: Vec<&str> = c.entities.iter().map(String::as_str).collect();
            let m = Member {
                doc: doc_id,
                figure: c.figure,
                start: offset(f.start),
                end: offset(f.end),
                text: doc.text.get(f.start..f.end).unwrap_or(""),
                low: f.low,
                high: f.high,
                approx: f.approx,
                kind: f.kind,
                subject: &c.subject,
                sentence: c.sentence.start,
                entities: &ents,
                events: c.events,
                source: c.source.as_ref().map(|s| {
                    (
                        s.text.as_str(),
                        offset(s.start),
                        offset(s.end),
                        s.id.as_deref(),
                        s.cue.as_str(),
                    )
                }),
            };
            self.add(&m);
        }
    }

    /// Adds one record (a JSON Lines line, SPEC §3): its `claims` when it
    /// has them, computed from `text` otherwise; event words need `text`.
    pub fn add_record(&mut self, line: &str) -> Result<(), serde_json::Error> {
        let r: RecordIn<'_> = serde_json::from_str(line)?;
        self.summary.records += 1;
        if r.error.is_some() || (r.claims.is_none() && r.text.is_none()) {
            self.summary.skipped += 1;
            return Ok(());
        }
        // Work out the record's offsets (bytes or chars) from its text.
        let text = r.text.as_deref();
        let chars = text
            .filter(|t| !offsets_are_bytes(t, &r.figures))
            .map(char_to_byte);
        let computed = text.map(|t| computed_claims(&r, t, chars.as_deref()));
        let conv = chars.as_ref().and(text.map(CharOffsets::new));
        match &r.claims {
            Some(list) => self.add_listed(&r, list, computed.as_deref()),
            None => self.add_computed(&r, computed.as_deref(), conv.as_ref()),
        }
        Ok(())
    }

    /// Adds the claims a record lists, with event words from `computed`.
    fn add_listed(&mut self, r: &RecordIn<'_>, list: &[ClaimIn<'_>], computed: Option<&[Claim]>) {
        for c in list {
            let Some(f) = r.figures.get(c.figure) else {
                continue;
            };
            let events = computed
                .and_then(|v| v.iter().find(|k| k.figure == c.figure))
                .map(|k| k.events)
                .unwrap_or_default();
            let ents: Vec<&str> = c.entities.iter().map(|e| e.as_ref()).collect();
            let m = Member {
                subject: &c.subject,
                sentence: c.sentence.start,
                entities: &ents,
                events,
                source: c.source.as_ref().map(|s| {
                    (
                        s.text.as_ref(),
                        s.start,
                        s.end,
                        s.id.as_deref(),
                        s.cue.as_deref().unwrap_or(""),
                    )
                }),
                ..figure_member(&r.id, c.figure, f)
            };
            self.add(&m);
        }
    }

    /// Adds the claims computed from a record's text; `conv` maps byte
    /// offsets back to the record's char offsets.
    fn add_computed(
        &mut self,
        r: &RecordIn<'_>,
        computed: Option<&[Claim]>,
        conv: Option<&CharOffsets>,
    ) {
        let back = |b: usize| conv.map_or(b, |c| c.at(b));
        for c in computed.into_iter().flatten() {
            let Some(f) = r.figures.get(c.figure) else {
                continue;
            };
            let ents: Vec<&str> = c.entities.iter().map(String::as_str).collect();
            let m = Member {
                subject: &c.subject,
                sentence: back(c.sentence.start),
                entities: &ents,
                events: c.events,
                source: c.source.as_ref().map(|s| {
                    (
                        s.text.as_str(),
                        back(s.start),
                        back(s.end),
                        s.id.as_deref(),
                        s.cue.as_str(),
                    )
                }),
                ..figure_member(&r.id, c.figure, f)
            };
            self.add(&m);
        }
    }

    /// Adds one claim.
    pub fn add(&mut self, m: &Member<'_>) {
        self.summary.claims += 1;
        let doc = self.strings.id(m.doc);
        let subject = self.strings.id(m.subject);
        let (head, mods) = split_subject(m.subject);
        let head = crate::lexicon::LEX
            .heads
            .get(&crate::text::fold(head))
            .map_or(head, String::as_str);
        let head = self.strings.id(head);
        let mods = self.strings.id(mods);
        let kind = self.strings.id(m.kind);
        let approx = self.strings.id(m.approx);
        let ents_start = sat(self.ent_pool.len());
        let source_id = m.source.and_then(|s| s.3);
        let mut ids: Vec<u32> = m
            .entities
            .iter()
            .filter(|e| Some(**e) != source_id)
            .map(|e| self.strings.id(e))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        self.ent_pool.extend_from_slice(&ids);
        let text = self.slice(m.text);
        let source = match m.source {
            None => NONE,
            Some((t, s, e, id, cue)) => {
                let text = self.slice(t);
                let src = SourceC {
                    text,
                    start: sat(s),
                    end: sat(e),
                    id: id.map_or(NONE, |i| self.strings.id(i)),
                    cue: self.strings.id(cue),
                };
                self.sources.push(src);
                sat(self.sources.len() - 1)
            }
        };
        let item = Item {
            doc,
            figure: sat(m.figure),
            start: sat(m.start),
            end: sat(m.end),
            sentence: sat(m.sentence),
            low: m.low.unwrap_or(f64::NAN),
            high: m.high.unwrap_or(f64::NAN),
            approx,
            subject,
            mods,
            events: m.events.bits(),
            ents: (ents_start, sat(ids.len())),
            text,
            source,
        };
        let idx = sat(self.items.len());
        self.items.push(item);
        self.place(idx, (head, kind), m.approx == "vague");
    }

    fn ents(&self, it: &Item) -> &[u32] {
        let a = it.ents.0 as usize;
        self.ent_pool.get(a..a + it.ents.1 as usize).unwrap_or(&[])
    }

    fn place(&mut self, idx: u32, key: (u32, u32), vague: bool) {
        let it = self.items[idx as usize];
        // Candidates: recent groups of the same bucket whose representative
        // value is within about a factor of 3 (value bins of ratio 3, the
        // neighbours included; vague amounts look one bin further up).
        let bin = value_bin(&it);
        let bins: &[i32] = if vague { &[-1, 0, 1, 2] } else { &[-1, 0, 1] };
        let best = self.best_group(&it, key, bin, bins, vague);
        let g = match best {
            Some((_, g)) => g,
            None => {
                let g = sat(self.groups.len());
                self.groups.push(GroupC {
                    members: Vec::new(),
                    rep: idx,
                    last_doc: NONE,
                    last_sentences: Vec::new(),
                    ents: Vec::new(),
                });
                g
            }
        };
        // The group is now the most recent of the claim's bin.
        let window = self.opts.window.max(1);
        let recent = self.buckets.entry((key.0, key.1, bin)).or_default();
        if let Some(pos) = recent.iter().position(|&x| x == g) {
            recent.remove(pos);
        }
        recent.push_back(g);
        if recent.len() > window {
            recent.pop_front();
        }
        self.join(g, idx, &it, vague);
    }

    /// The best-scoring recent group of the claim's bucket in the value
    /// bins `bin + bins`, with its score, if any reaches the threshold.
    fn best_group(
        &self,
        it: &Item,
        key: (u32, u32),
        bin: i32,
        bins: &[i32],
        vague: bool,
    ) -> Option<(f64, u32)> {
        let mut seen: Vec<u32> = Vec::new();
        let mut best: Option<(f64, u32)> = None;
        for d in bins {
            let Some(recent) = self.buckets.get(&(key.0, key.1, bin.saturating_add(*d))) else {
                continue;
            };
            for &g in recent {
                if seen.contains(&g) {
                    continue;
                }
                seen.push(g);
                let Some(group) = self.groups.get(g as usize) else {
                    continue;
                };
                if group.last_doc == it.doc && group.last_sentences.contains(&it.sentence) {
                    continue;
                }
                let rep = &self.items[group.rep as usize];
                let s = score(
                    it,
                    vague,
                    rep,
                    &self.strings,
                    self.ents(it),
                    self.ents(rep),
                    group,
                );
                if s >= self.opts.threshold && best.is_none_or(|(b, _)| s > b) {
                    best = Some((s, g));
                }
            }
        }
        best
    }

    /// Adds claim `idx` to group `g`: members, last sentences, entity
    /// counts, and the representative.
    fn join(&mut self, g: u32, idx: u32, it: &Item, vague: bool) {
        let ents: Vec<u32> = self.ents(it).to_vec();
        let items = &self.items;
        if let Some(group) = self.groups.get_mut(g as usize) {
            group.members.push(idx);
            if group.last_doc != it.doc {
                group.last_doc = it.doc;
                group.last_sentences.clear();
            }
            group.last_sentences.push(it.sentence);
            for e in ents {
                match group.ents.iter_mut().find(|(id, _)| *id == e) {
                    Some((_, n)) => *n += 1,
                    None => group.ents.push((e, 1)),
                }
            }
            // A vague representative gives way to the first precise member.
            if items[group.rep as usize].low.is_nan()
                || is_vague_item(&items[group.rep as usize]) && !vague
            {
                group.rep = idx;
            }
        }
    }

    /// Ends grouping: the groups with at least `min_members` members.
    pub fn finish(self) -> crate::report::Report {
        crate::report::Report::new(self)
    }
}

fn is_vague_item(it: &Item) -> bool {
    it.high.is_nan()
}

/// `طائرة مسيرة` → (`طائرة`, `مسيرة`); percentages are one head.
fn split_subject(s: &str) -> (&str, &str) {
    if s.starts_with('%') {
        return (s, "");
    }
    match s.split_once(' ') {
        Some((h, m)) => (h, m),
        None => (s, ""),
    }
}

/// The value bin of a claim: ⌊log₃ value⌋ of its midpoint (its lower bound
/// when vague), `i32::MIN / 2` for zero, negative or unknown values.
fn value_bin(it: &Item) -> i32 {
    let v = if it.high.is_nan() {
        it.low
    } else {
        (it.low + it.high) / 2.0
    };
    if v.is_finite() && v > 0.0 {
        (v.ln() / 3f64.ln()).floor() as i32
    } else {
        i32::MIN / 2
    }
}

fn mid(it: &Item) -> Option<f64> {
    if it.low.is_nan() || it.high.is_nan() {
        return None;
    }
    Some((it.low + it.high) / 2.0)
}

/// The interval a claim asserts, from its qualifier.
pub(crate) fn interval(low: f64, high: f64, approx: &str) -> Option<(f64, f64)> {
    if low.is_nan() {
        return None;
    }
    let high = if high.is_nan() { low } else { high };
    Some(match approx {
        "vague" => return None,
        "at_least" | "more_than" => (low, f64::INFINITY),
        "at_most" | "up_to" | "less_than" => (f64::NEG_INFINITY.max(0.0f64.min(low)), high),
        _ => (low, high),
    })
}

fn score(
    it: &Item,
    vague: bool,
    rep: &Item,
    strings: &Interner,
    ents: &[u32],
    rep_ents: &[u32],
    _group: &GroupC,
) -> f64 {
    let mut s = 0.0;
    // Subject modifiers.
    if it.mods == rep.mods {
        s += 1.0;
    } else if it.mods == 0 || rep.mods == 0 {
        s += 0.6;
    } else {
        let (a, b) = (strings.get(it.mods), strings.get(rep.mods));
        if a.contains(b) || b.contains(a) {
            s += 0.6;
        } else {
            return f64::NEG_INFINITY;
        }
    }
    let (ea, eb) = (EventSet(it.events), EventSet(rep.events));
    let (aa, ab) = (ea.actions().bits(), eb.actions().bits());
    if aa != 0 && ab != 0 {
        s += if aa == ab {
            1.0
        } else if aa & ab != 0 {
            0.3
        } else {
            -2.0
        };
    }
    let aspects = (ea.aspects().bits() ^ eb.aspects().bits()).count_ones();
    s -= 0.8 * f64::from(aspects);
    value_terms(&mut s, it, vague, rep, strings);
    entity_terms(&mut s, ents, rep_ents);
    s
}

/// Adds to the score `s` how close the claim's value is to the
/// representative's (and a contradiction within one document).
fn value_terms(s: &mut f64, it: &Item, vague: bool, rep: &Item, strings: &Interner) {
    let rep_vague = is_vague_item(rep);
    match (mid(it), mid(rep)) {
        (Some(a), Some(b)) if !vague && !rep_vague => {
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            let r = if lo <= 0.0 {
                if hi <= 0.0 { 1.0 } else { f64::INFINITY }
            } else {
                hi / lo
            };
            *s += if r <= 1.25 {
                0.5
            } else if r <= 1.5 {
                0.3
            } else if r <= 2.0 {
                0.0
            } else if r <= 3.0 {
                -0.5
            } else if r <= 10.0 {
                -1.0
            } else {
                -2.0
            };
            if it.doc == rep.doc {
                let ia = interval(it.low, it.high, strings.get(it.approx));
                let ib = interval(rep.low, rep.high, strings.get(rep.approx));
                if let (Some(x), Some(y)) = (ia, ib)
                    && (x.0 > y.1 || y.0 > x.1)
                {
                    *s -= 1.0;
                }
            }
        }
        _ => *s -= 0.3,
    }
}

/// Adds to the score `s` the overlap of the claim's key entities with the
/// representative's.
fn entity_terms(s: &mut f64, ents: &[u32], rep_ents: &[u32]) {
    // Key entities: the claim's against the representative's (a place
    // named in another member does not make a part the whole: `وفي سوريا،
    // … 1200` is not the Turkey-and-Syria total).
    if !ents.is_empty() && !rep_ents.is_empty() {
        let common = ents.iter().filter(|e| rep_ents.contains(e)).count();
        if common == 0 {
            *s -= 0.3;
        } else {
            let union = ents.len() + rep_ents.len() - common;
            *s += 0.6 * common as f64 / union as f64;
        }
    }
}

/// The claims computed from a record's text, with its entity and figure
/// offsets mapped to bytes (`chars`: char index → byte offset, when the
/// record counts in chars).
fn computed_claims(r: &RecordIn<'_>, t: &str, chars: Option<&[usize]>) -> Vec<Claim> {
    let to_byte = |o: usize| -> usize {
        match chars {
            Some(map) => map
                .get(o)
                .copied()
                .unwrap_or_else(|| map.last().copied().unwrap_or(0)),
            None => o,
        }
    };
    let entities: Vec<Entity<'_>> = r
        .entities
        .iter()
        .map(|e| Entity {
            start: to_byte(e.start),
            end: to_byte(e.end),
            id: e.id.as_deref(),
            kind: e.kind.as_deref().unwrap_or(""),
            name: e.name.as_deref().unwrap_or(""),
        })
        .collect();
    let figures: Vec<Figure<'_>> = r
        .figures
        .iter()
        .map(|f| Figure {
            start: to_byte(f.start),
            end: to_byte(f.end),
            low: f.low,
            high: f.high,
            approx: f.approx.as_deref().unwrap_or("exact"),
            unit: f.unit.as_deref(),
            kind: f.kind.as_deref().unwrap_or(""),
        })
        .collect();
    claims(&Doc {
        text: t,
        entities: &entities,
        figures: &figures,
    })
}

/// Whether a record's spans are byte offsets into its text (else chars):
/// the first figure whose text is given decides.
fn offsets_are_bytes(text: &str, figures: &[FigureIn<'_>]) -> bool {
    for f in figures {
        if let Some(t) = &f.text {
            return text.get(f.start..f.end) == Some(t.as_ref());
        }
    }
    true
}

/// Byte offset of every char offset (one past the end included).
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    v.push(text.len());
    v
}

impl Grouper {
    pub(crate) fn parts(&self) -> GroupParts<'_> {
        GroupParts { g: self }
    }

    pub(crate) fn into_groups(self) -> (Vec<GroupC>, Grouper) {
        let mut s = self;
        let groups = std::mem::take(&mut s.groups);
        (groups, s)
    }
}

/// Read access for the report.
pub(crate) struct GroupParts<'a> {
    g: &'a Grouper,
}

/// One member as the report shows it.
pub(crate) struct MemberView<'a> {
    pub doc: &'a str,
    pub figure: u32,
    pub start: u32,
    pub end: u32,
    pub text: &'a str,
    pub low: f64,
    pub high: f64,
    pub approx: &'a str,
    pub subject: &'a str,
    pub source: Option<SourceView<'a>>,
}

pub(crate) struct SourceView<'a> {
    pub text: &'a str,
    pub start: u32,
    pub end: u32,
    pub id: Option<&'a str>,
    pub cue: &'a str,
}

impl<'a> GroupParts<'a> {
    pub(crate) fn member(&self, idx: u32) -> Option<MemberView<'a>> {
        let g = self.g;
        let it = g.items.get(idx as usize)?;
        let source = g.sources.get(it.source as usize).map(|s| SourceView {
            text: g.text(s.text),
            start: s.start,
            end: s.end,
            id: (s.id != NONE).then(|| g.strings.get(s.id)),
            cue: g.strings.get(s.cue),
        });
        Some(MemberView {
            doc: g.strings.get(it.doc),
            figure: it.figure,
            start: it.start,
            end: it.end,
            text: g.text(it.text),
            low: it.low,
            high: it.high,
            approx: g.strings.get(it.approx),
            subject: g.strings.get(it.subject),
            source,
        })
    }

    pub(crate) fn string(&self, i: u32) -> &'a str {
        self.g.strings.get(i)
    }

    pub(crate) fn min_members(&self) -> usize {
        self.g.opts.min_members
    }
}

pub(crate) use GroupC as GroupData;

impl GroupC {
    pub(crate) fn members(&self) -> &[u32] {
        &self.members
    }

    pub(crate) fn entity_counts(&self) -> &[(u32, u32)] {
        &self.ents
    }
}
