//! The event words around a figure (`data/events.tsv`).
//!
//! The clause of a figure is the run of tokens around it between clause
//! marks (، ؛ : . - and quotation marks; marks inside a figure such as the
//! separator of `30،000` do not count). Its aspect words (a plan, an
//! additional amount) qualify every figure of the clause; each action word
//! belongs to the nearest figure of the clause, and a figure that gets none
//! takes all the clause's actions (`أطلقت 728 طائرة و13 صاروخًا`: both
//! were launched).

use std::ops::Range;

use crate::lexicon::LEX;
use crate::text::{Token, fold, is_clause_mark};

/// A set of event classes (at most 64, from `data/events.tsv`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct EventSet(pub(crate) u64);

impl EventSet {
    /// No event word.
    pub const EMPTY: EventSet = EventSet(0);

    /// The class names in the set (`send`, `kill`, `plan` …), in data-file
    /// order.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        LEX.event_names(self.0)
    }

    /// The set of the named classes; unknown names are ignored.
    pub fn from_names<'a>(names: impl IntoIterator<Item = &'a str>) -> EventSet {
        EventSet(
            names
                .into_iter()
                .filter_map(|n| LEX.event_bit(n))
                .fold(0, |a, b| a | b),
        )
    }

    /// The actions (what happened to the counted thing).
    pub fn actions(&self) -> EventSet {
        EventSet(self.0 & !LEX.aspect_mask)
    }

    /// The aspects (plan, additional …).
    pub fn aspects(&self) -> EventSet {
        EventSet(self.0 & LEX.aspect_mask)
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// The raw bits (for compact storage).
    pub fn bits(&self) -> u64 {
        self.0
    }
}

/// The event sets of the figures `figs` (byte spans, in text order, all in
/// the sentence whose tokens are `toks`).
pub(crate) fn events(text: &str, toks: &[Token], figs: &[Range<usize>]) -> Vec<EventSet> {
    let clause = clauses(toks, figs);
    let fig_clause: Vec<Option<usize>> = figs
        .iter()
        .map(|f| {
            toks.iter()
                .position(|t| t.start >= f.start && t.start < f.end.max(f.start + 1))
                .map(|k| clause[k])
        })
        .collect();
    let fig_tokens = figure_tokens(toks, figs);
    let mut own = vec![0u64; figs.len()];
    let mut clause_actions: std::collections::HashMap<usize, u64> = Default::default();
    let mut clause_aspects: std::collections::HashMap<usize, u64> = Default::default();
    let mut buf = String::new();
    for (k, t) in toks.iter().enumerate() {
        if !t.is_word() {
            continue;
        }
        let Some(w) = text.get(t.start..t.end) else {
            continue;
        };
        crate::text::fold_into(w, &mut buf);
        let Some(ev) = LEX.event(&buf) else {
            // Two-word forms (أطلق سراح) are rare; skip.
            continue;
        };
        let cl = clause[k];
        if !ev.action {
            *clause_aspects.entry(cl).or_default() |= ev.bit;
            continue;
        }
        *clause_actions.entry(cl).or_default() |= ev.bit;
        if let Some(i) = nearest_figure(k, cl, &fig_tokens, &fig_clause) {
            own[i] |= ev.bit;
        }
    }
    let _ = fold;
    (0..figs.len())
        .map(|i| {
            let Some(cl) = fig_clause[i] else {
                return EventSet::EMPTY;
            };
            let actions = if own[i] != 0 {
                own[i]
            } else {
                clause_actions.get(&cl).copied().unwrap_or(0)
            };
            EventSet(actions | clause_aspects.get(&cl).copied().unwrap_or(0))
        })
        .collect()
}

/// The clause number of every token: a clause mark outside the figures
/// `figs` starts a new clause.
fn clauses(toks: &[Token], figs: &[Range<usize>]) -> Vec<usize> {
    let inside = |t: &Token| {
        figs.iter()
            .position(|f| t.start >= f.start && t.end <= f.end)
    };
    let mut clause = Vec::with_capacity(toks.len());
    let mut c = 0usize;
    for t in toks {
        if let Some(p) = t.punct
            && is_clause_mark(p)
            && inside(t).is_none()
        {
            c += 1;
        }
        clause.push(c);
    }
    clause
}

/// The (first, last) token of every figure.
fn figure_tokens(toks: &[Token], figs: &[Range<usize>]) -> Vec<(usize, usize)> {
    figs.iter()
        .map(|f| {
            let a = toks
                .iter()
                .position(|t| t.end > f.start)
                .unwrap_or(toks.len());
            let b = toks.iter().rposition(|t| t.start < f.end).unwrap_or(a);
            (a, b.max(a))
        })
        .collect()
}

/// The figure of clause `cl` nearest to token `k` (a word inside a figure
/// is its).
fn nearest_figure(
    k: usize,
    cl: usize,
    fig_tokens: &[(usize, usize)],
    fig_clause: &[Option<usize>],
) -> Option<usize> {
    fig_tokens
        .iter()
        .enumerate()
        .filter(|(i, _)| fig_clause[*i] == Some(cl))
        // Ties go to the figure after the word: Arabic puts the verb
        // before what it counts (وقُتل 600 جندي وجُرح الآلاف).
        .min_by_key(|(_, (a, b))| {
            if k < *a {
                (a - k, 0)
            } else if k > *b {
                (k - b, 1)
            } else {
                (0, 0)
            }
        })
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(text: &str, figs: &[&str]) -> Vec<Vec<&'static str>> {
        let mut toks = Vec::new();
        crate::text::tokens_into(text, 0, text.len(), &mut toks);
        let spans: Vec<Range<usize>> = figs
            .iter()
            .map(|f| {
                let s = text.find(f).unwrap_or(0);
                s..s + f.len()
            })
            .collect();
        events(text, &toks, &spans)
            .iter()
            .map(|e| e.names().collect())
            .collect()
    }

    #[test]
    fn every_class() {
        type Case<'a> = (&'a str, &'a [&'a str], &'a [&'a [&'a str]]);
        let cases: &[Case<'_>] = &[
            (
                "أرسلت البلاد 5000 جندي إلى الجبهة.",
                &["5000 جندي"],
                &[&["send"]],
            ),
            (
                "نشر الجيش 300 جندي على الحدود.",
                &["300 جندي"],
                &[&["send"]],
            ),
            ("قتل 40 شخصا في القصف.", &["40 شخصا"], &[&["kill"]]),
            ("ولقي 12 شخصا حتفهم.", &["12 شخصا"], &[&["kill"]]),
            ("وأصيب 80 آخرون بجروح.", &["80 آخرون"], &[&["wound"]]),
            (
                "ونزح أكثر من 20 ألف شخص.",
                &["أكثر من 20 ألف شخص"],
                &[&["displace"]],
            ),
            ("وتم إجلاء 900 شخص من القرى.", &["900 شخص"], &[&["evacuate"]]),
            ("وما زال 15 شخصا مفقودين.", &["15 شخصا"], &[&["missing"]]),
            (
                "واعتقلت الشرطة 60 متظاهرا.",
                &["60 متظاهرا"],
                &[&["arrest"]],
            ),
            (
                "وأفرجت السلطات عن 30 معتقلا.",
                &["30 معتقلا"],
                &[&["release"]],
            ),
            ("أطلقت روسيا 40 طائرة مسيرة.", &["40 طائرة"], &[&["launch"]]),
            (
                "واعترضت الدفاعات 35 طائرة مسيرة.",
                &["35 طائرة"],
                &[&["intercept"]],
            ),
            ("وغمرت المياه 400 منزل.", &["400 منزل"], &[&["flood"]]),
            ("وانهار 25 مبنى.", &["25 مبنى"], &[&["destroy"]]),
            ("وتضرر 1200 منزل.", &["1200 منزل"], &[&["damage"]]),
            ("وأنقذت فرق الإغاثة 70 شخصا.", &["70 شخصا"], &[&["rescue"]]),
            (
                "وخصصت الحكومة 5 ملايين دولار.",
                &["5 ملايين دولار"],
                &[&["fund"]],
            ),
            (
                "وتستعد البلاد لإرسال 3000 جندي إضافي.",
                &["3000 جندي"],
                &[&["send", "plan", "additional"]],
            ),
            // Nearest action per figure; a figure without one takes the clause's.
            (
                "وقُتل 600 جندي وجُرح الآلاف.",
                &["600 جندي", "الآلاف"],
                &[&["kill"], &["wound"]],
            ),
            (
                "أطلقت 728 طائرة و13 صاروخًا.",
                &["728 طائرة", "13 صاروخًا"],
                &[&["launch"], &["launch"]],
            ),
            // Clauses: a comma separates.
            (
                "اعترضت 31 طائرة، وحلقت ثلاث طائرات فوق البحر.",
                &["31 طائرة", "ثلاث طائرات"],
                &[&["intercept"], &["fly"]],
            ),
            ("وصل 40 شخصا إلى المدينة", &["40 شخصا"], &[&["arrive"]]),
            ("يعيش 40 شخصا في القرية", &["40 شخصا"], &[&[]]),
        ];
        for (text, figs, want) in cases {
            let got = ev(text, figs);
            let want: Vec<Vec<&str>> = want.iter().map(|w| w.to_vec()).collect();
            assert_eq!(got, want, "{text}");
        }
    }
}
