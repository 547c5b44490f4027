//! Who a sentence attributes a statement to.
//!
//! A pure function over text and entity spans, shared by claims (the party
//! a figure is attributed to) and usable by the quotes plugin (the speaker
//! of a quotation): [`attribute`] takes the sentence, the span of the
//! statement (a figure, a quotation) and the document's entities, and
//! returns the source span, the cue word and the entity the source is.
//!
//! Cues (`data/cues.tsv`) come in three kinds, tried in this order, the
//! nearest to the target first within a kind:
//!
//! 1. prepositions — `وفقًا لـ`، `وفق`، `بحسب`، `حسب`، `نقلًا عن`: the
//!    source is the noun phrase after them, up to the end of the clause;
//!    `حسبما ذكرت X`، `بحسب ما أفادت X` make the verb the cue;
//! 2. reporting verbs — `قال`، `أعلن`، `أكد`، `أفاد`، `ذكر`، `كشف`، `أشار`
//!    …: the source is the verb's subject, right after it (Arabic puts the
//!    subject after the verb), up to إن/أن, a time word, a preposition or
//!    a clause mark (`data/stops.tsv`); a verb after the target counts only
//!    when it does not open a new clause with إن/أن (`…، قال المتحدث.`);
//! 3. statement nouns — `بيان`، `تقرير`، `في بيان لـ`: the source is the
//!    definite noun phrase after them (`بيان البنتاغون`);
//! 4. a headline `X: …`: a short X before a colon at the start of the
//!    sentence, starting with an entity (a party, not a topic such as
//!    `زلزال تركيا: …`).
//!
//! A source headed by a report noun (`تقرير من 11 دولة أعضاء في الأمم
//! المتحدة`) runs on through prepositions and numbers. A source never
//! overlaps the target (the `11 دولة` of that report is not attributed to
//! itself). The source is an entity when an entity starts it (after a
//! proclitic) or stands in parentheses in it (`هيئة … (روسافياتسيا)`).
//!
//! # Example
//!
//! ```
//! use khabar_claims::{Entity, attribution::attribute};
//!
//! let text = "ووفقًا لوزارة الصحة، قتل 40 شخصا.";
//! let entities = [Entity { start: 13, end: 33, id: Some("moh"), kind: "ORG", name: "وزارة الصحة" }];
//! let target = text.find("40").unwrap_or(0);
//! let a = attribute(text, 0..text.len(), target..target + 2, &entities);
//! let a = a.as_ref();
//! assert_eq!(a.map(|a| &text[a.start..a.end]), Some("لوزارة الصحة"));
//! assert_eq!(a.map(|a| &text[a.cue_start..a.cue_end]), Some("وفقًا"));
//! assert_eq!(a.and_then(|a| a.entity), Some(0));
//! ```

use std::ops::Range;

use crate::Entity;
use crate::lexicon::{CueType, LEX, StopType};
use crate::text::{Token, fold, stems, tokens_into};

/// The party a statement is attributed to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attribution {
    /// Start of the source span (byte offset; a proclitic ل is included).
    pub start: usize,
    /// End of the source span.
    pub end: usize,
    /// Start of the cue word (a leading و/ف excluded), or of the colon.
    pub cue_start: usize,
    /// End of the cue word.
    pub cue_end: usize,
    /// Index into the entity slice of the entity the source is, if any.
    pub entity: Option<usize>,
}

/// Longest source, in words.
const MAX_WORDS: usize = 8;
/// Longest source headed by a report noun, in words.
const MAX_REPORT_WORDS: usize = 14;
/// Longest headline source before its colon, in words.
const MAX_HEADLINE_WORDS: usize = 5;

/// The attribution of the statement at `target` in `sentence` of `text`,
/// or `None` when the sentence attributes it to no one. `entities` are the
/// document's entities (any order); spans are byte offsets into `text`.
pub fn attribute(
    text: &str,
    sentence: Range<usize>,
    target: Range<usize>,
    entities: &[Entity<'_>],
) -> Option<Attribution> {
    let mut toks = Vec::new();
    tokens_into(text, sentence.start, sentence.end, &mut toks);
    attribute_in(text, &toks, &target, entities)
}

/// A cue word and its type.
fn cue_of(text: &str, t: &Token) -> Option<(CueType, usize)> {
    if !t.is_word() {
        return None;
    }
    let w = text.get(t.start..t.end)?;
    with_folded(w, |f| cue_of_folded(w, f, t))
}

thread_local! {
    static FOLD: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Runs `f` on the folded `w`, in a reused buffer (this runs for every
/// token of a sentence, per figure).
fn with_folded<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    FOLD.with(|b| match b.try_borrow_mut() {
        Ok(mut buf) => {
            crate::text::fold_into(w, &mut buf);
            f(&buf)
        }
        Err(_) => f(&fold(w)),
    })
}

fn cue_of_folded(w: &str, f: &str, t: &Token) -> Option<(CueType, usize)> {
    let mut it = stems(f);
    let whole = it.next()?;
    if let Some(c) = LEX.cues.get(whole) {
        return Some((*c, t.start));
    }
    // Only a leading و/ف may be stripped from a cue (ووفقًا، فقال), and an
    // object pronoun from a verb (لما أعلنته).
    let (rest, skip) = match f.strip_prefix(['و', 'ف']) {
        Some(r) if r.chars().count() >= 2 => (r, w.chars().next().map_or(0, char::len_utf8)),
        _ => (f, 0),
    };
    if let Some(c) = LEX.cues.get(rest).filter(|_| skip > 0) {
        return Some((*c, t.start + skip));
    }
    let stem = rest.strip_suffix("ها").or_else(|| rest.strip_suffix('ه'))?;
    match LEX.cues.get(stem) {
        Some(CueType::Verb) => Some((CueType::Verb, t.start + skip)),
        _ => None,
    }
}

fn stop_of(text: &str, t: &Token) -> Option<StopType> {
    let w = text.get(t.start..t.end)?;
    with_folded(w, stop_of_folded)
}

fn stop_of_folded(f: &str) -> Option<StopType> {
    let mut it = stems(f);
    let whole = it.next()?;
    if let Some(s) = LEX.stops.get(whole) {
        return Some(*s);
    }
    let rest = f.strip_prefix(['و', 'ف'])?;
    LEX.stops.get(rest).copied()
}

/// Whether a folded word carries the article, after any proclitics
/// (الهجرة، للهجرة، وبالمياه).
fn is_definite(folded: &str) -> bool {
    let w = folded.strip_prefix(['و', 'ف']).unwrap_or(folded);
    w.starts_with("ال") || w.starts_with("لل") || w.starts_with("بال") || w.starts_with("كال")
}

fn is_report_noun(text: &str, t: &Token) -> bool {
    matches!(cue_of(text, t), Some((CueType::Noun, _)))
}

/// Whether a word looks like a verb with an attached object pronoun
/// (أصدرته، نشرته): a time word after it belongs to its relative clause.
fn is_verb_with_object(text: &str, t: &Token) -> bool {
    text.get(t.start..t.end)
        .map(fold)
        .is_some_and(|f| f.chars().count() >= 5 && (f.ends_with("ته") || f.ends_with("تها")))
}

/// Whether the word at token `k` (not the first) ends a source: `Some` with
/// the stop word's type, or `Some(None)` for an event word or a second
/// entity; `None` when the source goes on.
fn word_ends_source(
    text: &str,
    toks: &[Token],
    k: usize,
    report: bool,
    entities: &[Entity<'_>],
    first_entity_end: Option<usize>,
) -> Option<Option<StopType>> {
    let t = toks.get(k)?;
    match stop_of(text, t) {
        Some(StopType::Clause) => return Some(Some(StopType::Clause)),
        Some(StopType::Time)
            if !(report
                && toks
                    .get(k - 1)
                    .is_some_and(|p| is_verb_with_object(text, p))) =>
        {
            return Some(Some(StopType::Time));
        }
        Some(StopType::Prep) if !report => return Some(Some(StopType::Prep)),
        _ => {}
    }
    // An indefinite event word (مقتل، إجلاء، تخصيص) starts what is
    // reported; a definite one is a complement (هيئة تنظيم النقل).
    if !report
        && !text
            .get(t.start..t.end)
            .map(fold)
            .is_some_and(|w| is_definite(&w))
        && text
            .get(t.start..t.end)
            .map(fold)
            .and_then(|f| LEX.event(&f))
            .is_some_and(|e| e.action)
    {
        return Some(None);
    }
    // A second entity not joined by و is the verb's object.
    if let Some(e_end) = first_entity_end
        && t.start >= e_end
        && entities.iter().any(|e| e.start == t.start)
        && !text.get(t.start..t.end).is_some_and(|w| w.starts_with('و'))
    {
        return Some(None);
    }
    None
}

/// The source span starting at token `i`: (first token, last token), both
/// inclusive, or `None` when it is empty.
fn source_from(
    text: &str,
    toks: &[Token],
    i: usize,
    target: &Range<usize>,
    entities: &[Entity<'_>],
    through_preps: bool,
) -> Option<(usize, usize, Option<StopType>)> {
    let first = toks.get(i).filter(|t| t.is_word())?;
    if first.start < target.end && target.start < first.end {
        return None;
    }
    if stop_of(text, first).is_some() {
        return None;
    }
    let report = through_preps || is_report_noun(text, first);
    let max = if report { MAX_REPORT_WORDS } else { MAX_WORDS };
    let mut last = i;
    let mut words = 0;
    let mut depth = 0i32;
    let mut ended_by = None;
    let mut first_entity_end: Option<usize> = None;
    for (k, t) in toks.iter().enumerate().skip(i) {
        if t.start < target.end && target.start < t.end {
            // A report phrase that runs into the target contains it (`تقرير
            // أصدرته 11 دولة`): the target is part of the attribution.
            if report {
                return None;
            }
            break;
        }
        if let Some(p) = t.punct {
            match p {
                '(' => depth += 1,
                ')' if depth > 0 => {
                    depth -= 1;
                    last = k;
                }
                _ if depth > 0 => {}
                _ => break,
            }
            continue;
        }
        if depth == 0
            && k > i
            && let Some(stop) = word_ends_source(text, toks, k, report, entities, first_entity_end)
        {
            ended_by = stop;
            break;
        }
        if first_entity_end.is_none()
            && let Some(e) = entities.iter().find(|e| e.start == t.start)
        {
            first_entity_end = Some(e.end);
        }
        words += 1;
        if words > max {
            break;
        }
        last = k;
    }
    Some((i, last, ended_by))
}

/// The entity the source `[start, end)` is: one that starts it, or one in
/// parentheses inside it.
fn source_entity(text: &str, start: usize, end: usize, entities: &[Entity<'_>]) -> Option<usize> {
    let inside = |e: &Entity<'_>| e.start >= start && e.end <= end && e.id.is_some();
    if let Some(i) = entities.iter().position(|e| inside(e) && e.start == start) {
        return Some(i);
    }
    entities.iter().position(|e| {
        inside(e)
            && text
                .get(start..e.start)
                .is_some_and(|b| b.trim_end().ends_with('('))
            && text
                .get(e.end..end)
                .is_some_and(|a| a.trim_start().starts_with(')'))
    })
}

/// The context every attribution candidate is read in: the sentence, its
/// tokens, the target claim span and the sentence's entities.
struct Scope<'a, 'e> {
    text: &'a str,
    toks: &'a [Token],
    target: &'a Range<usize>,
    entities: &'a [Entity<'e>],
}

impl Scope<'_, '_> {
    /// The attribution over tokens `s..=e` with the cue span `cue`.
    fn make(&self, s: usize, e: usize, cue: (usize, usize)) -> Option<Attribution> {
        let start = self.toks.get(s)?.start;
        let end = self.toks.get(e)?.end;
        Some(Attribution {
            start,
            end,
            cue_start: cue.0,
            cue_end: cue.1,
            entity: source_entity(self.text, start, end, self.entities),
        })
    }

    /// The source after a preposition cue at token `i` (بحسب، نقلًا عن، وفقًا لـ).
    fn after_prep(&self, i: usize, t: &Token, cue_start: usize) -> Option<Attribution> {
        let (text, toks) = (self.text, self.toks);
        let mut cue = (cue_start, t.end);
        let mut j = i + 1;
        // نقلًا عن، استنادًا إلى
        if toks
            .get(j)
            .and_then(|n| cue_of(text, n))
            .is_some_and(|(c, _)| c == CueType::Then)
        {
            j += 1;
        }
        // بحسب ما أفادت X
        if toks.get(j).is_some_and(|n| {
            matches!(
                text.get(n.start..n.end).map(fold).as_deref(),
                Some("ما" | "لما")
            )
        }) && toks
            .get(j + 1)
            .and_then(|n| cue_of(text, n))
            .is_some_and(|(c, _)| c == CueType::Verb)
        {
            j += 1;
        }
        // حسبما ذكرت X
        if let Some(n) = toks.get(j)
            && let Some((CueType::Verb, s)) = cue_of(text, n)
        {
            cue = (s, n.end);
            j += 1;
        }
        let (s, e, _) = source_from(text, toks, j, self.target, self.entities, false)?;
        self.make(s, e, cue)
    }

    /// The source after a reporting verb cue at token `i` (قال، أعلن).
    fn after_verb(&self, i: usize, t: &Token, cue_start: usize) -> Option<Attribution> {
        let (text, toks, target) = (self.text, self.toks, self.target);
        let (s, e, ended) = source_from(text, toks, i + 1, target, self.entities, false)?;
        // A verb after the target that opens a new clause (أعلن X
        // أن …) reports something else.
        if t.start >= target.end && ended == Some(StopType::Clause) {
            return None;
        }
        // يقدر عدد …: a passive estimate, not a party.
        if toks
            .get(s)
            .and_then(|w| text.get(w.start..w.end))
            .map(fold)
            .is_some_and(|f| f == "عدد")
        {
            return None;
        }
        self.make(s, e, (cue_start, t.end))
    }

    /// The source after a report noun cue at token `i` (في بيان لـ X).
    fn after_noun(&self, i: usize, t: &Token, cue_start: usize) -> Option<Attribution> {
        let (text, toks, entities) = (self.text, self.toks, self.entities);
        let j = i + 1;
        // في بيان لـ X: the source carries the ل.
        let n = toks.get(j).filter(|n| n.is_word())?;
        let w = text.get(n.start..n.end).unwrap_or("");
        let definite = w.starts_with("ال")
            || w.starts_with('ل')
            || entities.iter().any(|e| e.start == n.start);
        if !definite {
            return None;
        }
        let (s, e, _) = source_from(text, toks, j, self.target, entities, false)?;
        self.make(s, e, (cue_start, t.end))
    }

    /// Headline: `X: …` at the start of the sentence.
    fn headline(&self) -> Option<Attribution> {
        let (text, toks, entities) = (self.text, self.toks, self.entities);
        if let Some(colon) = toks
            .iter()
            .take(MAX_HEADLINE_WORDS + 1)
            .position(|t| t.punct == Some(':'))
            && colon > 0
            && toks.get(colon).is_some_and(|c| c.end <= self.target.start)
            && toks[..colon].iter().all(Token::is_word)
            && stop_of(text, &toks[0]).is_none()
            && toks[..colon].iter().all(|t| cue_of(text, t).is_none())
            // A party, not a topic: `الأمم المتحدة: …`, not `زلزال تركيا: …`.
            && entities.iter().any(|e| e.start == toks[0].start)
            && let Some(c) = toks.get(colon)
        {
            return self.make(0, colon - 1, (c.start, c.end));
        }
        None
    }
}

/// Keeps `a` in `best` when it does not overlap `target` and ranks before the
/// current best by (priority, distance to the target).
fn consider(
    best: &mut Option<(u8, usize, Attribution)>,
    target: &Range<usize>,
    prio: u8,
    a: Attribution,
) {
    let lo = a.start.min(a.cue_start);
    let hi = a.end.max(a.cue_end);
    if lo < target.end && target.start < hi {
        return;
    }
    let dist = if hi <= target.start {
        target.start - hi
    } else {
        lo.saturating_sub(target.end)
    };
    if best
        .as_ref()
        .is_none_or(|(p, d, _)| (prio, dist) < (*p, *d))
    {
        *best = Some((prio, dist, a));
    }
}

pub(crate) fn attribute_in(
    text: &str,
    toks: &[Token],
    target: &Range<usize>,
    entities: &[Entity<'_>],
) -> Option<Attribution> {
    let scope = Scope {
        text,
        toks,
        target,
        entities,
    };
    // (priority, distance, attribution)
    let mut best: Option<(u8, usize, Attribution)> = None;
    let inside_target = |t: &Token| t.start < target.end && target.start < t.end;
    for (i, t) in toks.iter().enumerate() {
        if inside_target(t) {
            continue;
        }
        let Some((ty, cue_start)) = cue_of(text, t) else {
            continue;
        };
        let found = match ty {
            CueType::Prep => scope.after_prep(i, t, cue_start).map(|a| (0, a)),
            CueType::Verb => scope.after_verb(i, t, cue_start).map(|a| (1, a)),
            CueType::Noun => scope.after_noun(i, t, cue_start).map(|a| (2, a)),
            CueType::Then => None,
        };
        if let Some((prio, a)) = found {
            consider(&mut best, target, prio, a);
        }
    }
    if let Some(a) = scope.headline() {
        consider(&mut best, target, 3, a);
    }
    best.map(|(_, _, a)| a)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (sentence, target, expected source text, expected cue)
    fn check(text: &str, target: &str, source: Option<&str>, cue: &str) {
        let at = text.find(target).unwrap_or(0);
        let a = attribute(text, 0..text.len(), at..at + target.len(), &[]);
        let got = a.map(|a| (&text[a.start..a.end], &text[a.cue_start..a.cue_end]));
        match source {
            Some(s) => assert_eq!(got, Some((s, cue)), "{text}"),
            None => assert_eq!(got, None, "{text}"),
        }
    }

    #[test]
    fn every_cue() {
        let cases: &[(&str, &str, Option<&str>, &str)] = &[
            (
                "ووفقًا للأمم المتحدة، نزح 12 ألف شخص.",
                "12 ألف شخص",
                Some("للأمم المتحدة"),
                "وفقًا",
            ),
            (
                "نزح 12 ألف شخص وفق مفوضية اللاجئين.",
                "12 ألف شخص",
                Some("مفوضية اللاجئين"),
                "وفق",
            ),
            (
                "وبحسب وكالة الأنباء الرسمية، قتل 30 شخصا.",
                "30 شخصا",
                Some("وكالة الأنباء الرسمية"),
                "بحسب",
            ),
            (
                "قتل 30 شخصا حسب الدفاع المدني.",
                "30 شخصا",
                Some("الدفاع المدني"),
                "حسب",
            ),
            (
                "وأصيب 80 آخرون، نقلا عن مصادر طبية.",
                "80 آخرون",
                Some("مصادر طبية"),
                "نقلا",
            ),
            (
                "وغمرت المياه 400 منزل، حسبما ذكرت السلطات المحلية.",
                "400 منزل",
                Some("السلطات المحلية"),
                "ذكرت",
            ),
            (
                "وبحسب ما أفادت وزارة الداخلية، أجلي 900 شخص.",
                "900 شخص",
                Some("وزارة الداخلية"),
                "أفادت",
            ),
            (
                "وقالت وزارة الصحة إن 45 شخصا لقوا حتفهم.",
                "45 شخصا",
                Some("وزارة الصحة"),
                "قالت",
            ),
            (
                "قال الجيش يوم الأحد إنه أسقط 20 طائرة مسيرة.",
                "20 طائرة",
                Some("الجيش"),
                "قال",
            ),
            (
                "وأعلنت الحكومة تخصيص 50 مليون دولار للإغاثة.",
                "50 مليون دولار",
                Some("الحكومة"),
                "أعلنت",
            ),
            (
                "وأكد المتحدث باسم الجيش مقتل 12 مسلحا.",
                "12 مسلحا",
                Some("المتحدث باسم الجيش"),
                "أكد",
            ),
            (
                "وأفاد مراسلنا أن 7 قذائف سقطت على الحي.",
                "7 قذائف",
                Some("مراسلنا"),
                "أفاد",
            ),
            (
                "وذكرت صحيفة محلية أن 300 عائلة نزحت.",
                "300 عائلة",
                Some("صحيفة محلية"),
                "ذكرت",
            ),
            (
                "وكشف مسؤول في الهلال الأحمر عن إجلاء 600 شخص.",
                "600 شخص",
                Some("مسؤول"),
                "كشف",
            ),
            (
                "وأشارت التقديرات الأولية إلى تضرر 2000 مبنى.",
                "2000 مبنى",
                Some("التقديرات الأولية"),
                "أشارت",
            ),
            (
                "وجاء في بيان للجيش أن 15 جنديا قتلوا.",
                "15 جنديا",
                Some("للجيش"),
                "بيان",
            ),
            (
                "وأظهر تقرير الأمم المتحدة أن 3 ملايين طفل بحاجة إلى مساعدة.",
                "3 ملايين طفل",
                Some("تقرير الأمم المتحدة"),
                "أظهر",
            ),
            // A topic before a colon is not a source.
            (
                "زلزال تركيا: ارتفاع عدد الضحايا إلى 3400 قتيل",
                "3400 قتيل",
                None,
                "",
            ),
            (
                "قتل 9 أشخاص، قال مسؤول محلي.",
                "9 أشخاص",
                Some("مسؤول محلي"),
                "قال",
            ),
            ("قتل 9 أشخاص في القصف.", "9 أشخاص", None, ""),
            ("وفي تطورات أخرى: وصل 40 شخصا", "40 شخصا", None, ""),
            // A verb after the figure that opens another clause.
            (
                "وصل 40 شخصا، فيما أعلن الوزير أن الوضع مستقر.",
                "40 شخصا",
                None,
                "",
            ),
            // The number inside the source is not attributed to itself.
            (
                "وبحسب تقرير أصدرته 11 دولة، أرسلت 100 شاحنة.",
                "11 دولة",
                None,
                "",
            ),
        ];
        for (text, target, source, cue) in cases {
            check(text, target, *source, cue);
        }
    }

    #[test]
    fn headline_source_is_an_entity() {
        let text = "الدفاع المدني: انتشال 25 جثة من تحت الأنقاض";
        let ents = [Entity {
            start: 0,
            end: "الدفاع المدني".len(),
            id: Some("civil-defence"),
            kind: "ORG",
            name: "",
        }];
        let at = text.find("25 جثة").unwrap_or(0);
        let a = attribute(text, 0..text.len(), at..at + "25 جثة".len(), &ents);
        assert_eq!(
            a.map(|a| (&text[a.start..a.end], &text[a.cue_start..a.cue_end])),
            Some(("الدفاع المدني", ":"))
        );
        assert_eq!(a.and_then(|a| a.entity), Some(0));
    }

    #[test]
    fn report_source_runs_through_prepositions() {
        let text =
            "قال تقرير من 11 دولة أعضاء في الأمم المتحدة الشهر الماضي إن البلاد أرسلت 100 صاروخ.";
        check(
            text,
            "100 صاروخ",
            Some("تقرير من 11 دولة أعضاء في الأمم المتحدة"),
            "قال",
        );
        let text = "وبحسب تقرير أصدرته الشهر الماضي 11 دولة عضو في الأمم المتحدة، أرسلت 100 صاروخ.";
        check(
            text,
            "100 صاروخ",
            Some("تقرير أصدرته الشهر الماضي 11 دولة عضو في الأمم المتحدة"),
            "بحسب",
        );
    }

    #[test]
    fn prepositions_win_over_verbs_and_entities_resolve() {
        let text = "ووفقًا لمسؤولين غربيين، يُقدر عدد القتلى بنحو 4000 جندي.";
        check(text, "بنحو 4000 جندي", Some("لمسؤولين غربيين"), "وفقًا");
        let text = "أعلنت هيئة الطيران (روسافياتسيا) أنها سمحت بتسيير رحلتين.";
        let e = text.find("روسافياتسيا").unwrap_or(0);
        let ents = [Entity {
            start: e,
            end: e + "روسافياتسيا".len(),
            id: Some("rosaviatsia"),
            kind: "ORG",
            name: "",
        }];
        let at = text.find("رحلتين").unwrap_or(0);
        let a = attribute(text, 0..text.len(), at..at + 12, &ents);
        assert_eq!(
            a.map(|a| &text[a.start..a.end]),
            Some("هيئة الطيران (روسافياتسيا)")
        );
        assert_eq!(a.and_then(|a| a.entity), Some(0));
        // An entity inside but not heading the source is not the source.
        let text = "وقالت إدارة بايدن إن 8000 جندي وصلوا.";
        let b = text.find("بايدن").unwrap_or(0);
        let ents = [Entity {
            start: b,
            end: b + "بايدن".len(),
            id: Some("joe-biden"),
            kind: "PER",
            name: "",
        }];
        let at = text.find("8000").unwrap_or(0);
        let a = attribute(text, 0..text.len(), at..at + 4, &ents);
        assert_eq!(a.map(|a| &text[a.start..a.end]), Some("إدارة بايدن"));
        assert_eq!(a.and_then(|a| a.entity), None);
    }
}
