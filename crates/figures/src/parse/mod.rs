//! The grammar: composes tokens into figures at one candidate position.
//!
//! One file per family of rules: [`number`] composes digits and number
//! words into a value, [`qualifier`] matches the phrases around it,
//! [`numeric`] builds a figure from a number (range, unit, kind),
//! [`units`] reads the counted noun, [`context`] years, months and the
//! digit runs that are identifiers, [`words`] vague amounts and ordinals,
//! [`dual`] duals read as 2.

mod context;
mod cursor;
mod dual;
mod label;
mod number;
mod numeric;
mod qualifier;
mod sign;
mod units;
mod words;

use khabar_normalize::NormalizedText;

pub(crate) use cursor::Cursor;

use crate::lex::{Tok, TokKind};
use crate::lexicon::{Lexicon, Variants, WordInfo};
use crate::{Approx, Kind};

/// Where the unit of a figure comes from (spans in the normalized text).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum UnitOut {
    None,
    Percent,
    /// Copied as is (currency signs, month names).
    Raw {
        start: usize,
        end: usize,
    },
    /// A noun, cleaned: clitics, ال, tanween alef and dual endings removed.
    Word {
        start: usize,
        end: usize,
        /// Leading clitic bytes to drop.
        pre: usize,
        strip_al: bool,
        /// Drop a final ا even without a visible tanween (after 11..99).
        alef_heur: bool,
        /// The word is a dual: Some(feminine).
        dual: Option<bool>,
        /// The singular of the dual ends in ى (مستشفيين → مستشفى).
        maqsura: bool,
    },
}

/// A figure with spans in the normalized text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub approx: Approx,
    pub unit: UnitOut,
    pub kind: Kind,
}

/// Parser state for one document.
pub(crate) struct Ctx<'a, 't> {
    pub lx: &'a Lexicon,
    pub text: &'t str,
    pub cur: Cursor<'a, 't>,
    /// End of the previous figure: left context before it may be read
    /// (a month name before a year) but not taken into this figure.
    pub floor: usize,
    /// The original text and the map to it, when the caller gave it: the
    /// tanween written there tells ألفًا (a thousand) from ألفا (two
    /// thousand, construct).
    pub source: Option<(&'t str, &'t NormalizedText)>,
}

pub(crate) const BETWEEN: &str = "بين";

impl<'a, 't> Ctx<'a, 't> {
    pub(crate) fn word(&mut self, i: usize) -> Option<(&'t str, Tok)> {
        let t = self.cur.get(i)?;
        if t.kind == TokKind::Word {
            Some((&self.text[t.start..t.end], t))
        } else {
            None
        }
    }

    /// Does the original of the normalized span end with ي (not ى)? False
    /// without the original.
    pub(crate) fn ends_with_ya(&self, start: usize, end: usize) -> bool {
        self.source.is_some_and(|(o, map)| {
            o.get(map.original_range(start..end)).is_some_and(|s| {
                s.chars()
                    .rev()
                    .find(|c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0640}'))
                    == Some('\u{064A}')
            })
        })
    }

    /// Does the original of the normalized span carry tanween fath?
    pub(crate) fn tanween(&self, start: usize, end: usize) -> bool {
        self.source.is_some_and(|(o, map)| {
            o.get(map.original_range(start..end))
                .is_some_and(|s| s.contains('\u{064B}'))
        })
    }

    /// The lexicon readings of word token `i` (empty for other tokens),
    /// looked up once per token.
    pub(crate) fn vars(&mut self, i: usize) -> Variants<'a> {
        let Some(t) = self.cur.get(i) else {
            return Variants::default();
        };
        if let Some(Some(v)) = self.cur.vars_slot(i) {
            return *v;
        }
        let v = if t.kind == TokKind::Word {
            self.lx.variants(&self.text[t.start..t.end])
        } else {
            Variants::default()
        };
        if let Some(slot) = self.cur.vars_slot(i) {
            *slot = Some(v);
        }
        v
    }

    /// The exact (clitic-free) lexicon entry of word token `i`.
    pub(crate) fn exact(&mut self, i: usize) -> Option<&'a WordInfo> {
        let t = self.cur.get(i)?;
        if let Some(Some(v)) = self.cur.vars_slot(i) {
            return v.exact();
        }
        if let Some(Some(e)) = self.cur.exact_slot(i) {
            return *e;
        }
        let e = if t.kind == TokKind::Word {
            self.lx.get(&self.text[t.start..t.end])
        } else {
            None
        };
        if let Some(slot) = self.cur.exact_slot(i) {
            *slot = Some(e);
        }
        e
    }

    pub(crate) fn info(&self, w: &str) -> Option<&'a WordInfo> {
        self.lx.get(w)
    }

    /// The tags (`data/tags.tsv`) of the token `i` as written (0 for
    /// none and for tokens that are not words or codes), looked up once
    /// per token.
    pub(crate) fn tags(&mut self, i: usize) -> u16 {
        if let Some(Some(t)) = self.cur.tags_slot(i) {
            return *t;
        }
        let Some(t) = self.cur.get(i) else {
            return 0;
        };
        let tags = if matches!(t.kind, TokKind::Word | TokKind::Latin) {
            self.lx.tags_of(&self.text[t.start..t.end])
        } else {
            0
        };
        if let Some(slot) = self.cur.tags_slot(i) {
            *slot = Some(tags);
        }
        tags
    }

    pub(crate) fn is_stop(&self, w: &str) -> bool {
        self.info(w).is_some_and(|i| i.stop)
    }

    /// Cheap test on a whole word before any context is lexed: can a
    /// figure start here?
    /// Returns the word's readings when it can (to hand to
    /// [`Ctx::seed_vars`]: they are the ones the rules look up next).
    pub(crate) fn could_start(&self, w: &str) -> Option<Variants<'a>> {
        let v = self.lx.variants(w);
        if v.find(|_| true)
            .is_some_and(|(i, p)| p == 0 && i.stop && i.num.is_none())
        {
            return None;
        }
        if v.find(|x| {
            x.num.is_some() || x.vague.is_some() || x.ordinal.is_some() || x.dual_of.is_some()
        })
        .is_some()
        {
            return Some(v);
        }
        None
    }

    /// Caches `v`, the readings of the word at bytes `start..end`, for
    /// token `k` when that token is exactly this word.
    pub(crate) fn seed_vars(&mut self, k: usize, start: usize, end: usize, v: Variants<'a>) {
        if self
            .cur
            .get(k)
            .is_some_and(|t| t.kind == TokKind::Word && t.start == start && t.end == end)
            && let Some(slot @ None) = self.cur.vars_slot(k)
        {
            *slot = Some(v);
        }
    }

    /// Tries every figure rule at token `k`.
    pub(crate) fn figure_at(&mut self, k: usize) -> Option<(Found, usize)> {
        let t = self.cur.get(k)?;
        match t.kind {
            TokKind::Num => self.numeric(k),
            TokKind::Word => {
                let v = self.vars(k);
                if v.find(|_| true)
                    .is_some_and(|(i, p)| p == 0 && i.stop && i.num.is_none())
                {
                    return None;
                }
                if v.find(|x| x.num.is_some()).is_some()
                    && let Some(f) = self.numeric(k)
                {
                    return Some(f);
                }
                if v.find(|x| x.vague.is_some()).is_some() {
                    return self.vague(k);
                }
                if v.find(|x| x.ordinal.is_some()).is_some() {
                    return self.ordinal(k);
                }
                self.dual(k)
            }
            _ => None,
        }
    }
}

/// The word without its proclitics (و ف, then ب ل ك), shortest strip first.
pub(crate) fn strip_clitics(w: &str) -> impl Iterator<Item = &str> {
    strip_clitics_pre(w).map(|(r, _)| r)
}

/// Like [`strip_clitics`], with the byte length removed.
pub(crate) fn strip_clitics_pre(w: &str) -> impl Iterator<Item = (&str, usize)> {
    let mut out: [Option<(&str, usize)>; 4] = [Some((w, 0)), None, None, None];
    let mut n = 1;
    let mut rest = w;
    let mut pre = 0;
    if let Some(r) = rest.strip_prefix('و').or_else(|| rest.strip_prefix('ف')) {
        rest = r;
        pre += 2;
        out[n] = Some((rest, pre));
        n += 1;
    }
    if let Some(r) = rest
        .strip_prefix('ب')
        .or_else(|| rest.strip_prefix('ل'))
        .or_else(|| rest.strip_prefix('ك'))
    {
        out[n] = Some((r, pre + 2));
    }
    out.into_iter().flatten()
}
