//! Numbers that name or rank rather than count: `رقم 5`، `المادة 77`،
//! `القرار 2231` (kind label, the noun is the unit), `المرتبة 70` (an
//! ordinal), list item numbers at the start of a line (`1.`، `2-`).

use super::number::Expr;
use super::{Ctx, Found, UnitOut, strip_clitics_pre};
use crate::lex::TokKind;
use crate::lexicon::tag;
use crate::{Approx, Kind};

impl<'a, 't> Ctx<'a, 't> {
    /// The number `e1` at token `k` as a label or a rank, when the noun
    /// before it says so (or it numbers a list item).
    pub(crate) fn named(&mut self, k: usize, e1: &Expr) -> Option<Found> {
        let whole = e1.value.fract() == 0.0 && e1.value >= 0.0 && !e1.has_scale;
        if !whole {
            return None;
        }
        // Not before a percent sign or a scale: المادة 5% is a share.
        if self
            .cur
            .get(e1.next)
            .is_some_and(|t| t.kind == TokKind::Percent && !t.nl_before)
        {
            return None;
        }
        if let Some(f) = self.list_item(k, e1) {
            return Some(f);
        }
        if k == 0 || self.cur.get(k).is_some_and(|t| t.nl_before) {
            return None;
        }
        let exact = self.tags(k - 1);
        let pt = self.cur.get(k - 1)?;
        if pt.kind != TokKind::Word || pt.start < self.floor {
            return None;
        }
        let pw = &self.text[pt.start..pt.end];
        let (pre, tags) = self.noun_tags(pw, exact)?;
        if tags & (tag::LABEL | tag::RANK) == 0 {
            return None;
        }
        // A number in digits, or one word (رقم واحد، المادة الخامسة is an
        // ordinal word and read elsewhere).
        if !e1.first_digits && !e1.lone_unit {
            return None;
        }
        // الطريق 40 كيلومترا: a measure after the number, not a label.
        if let Some((_, kd, _)) = self.unit_word(e1.next, e1.value, false)
            && kd != Kind::Count
        {
            return None;
        }
        if tags & tag::RANK != 0 {
            return Some(Found {
                start: pt.start + pre,
                end: e1.end,
                low: Some(e1.value),
                high: Some(e1.value),
                approx: Approx::Exact,
                unit: UnitOut::None,
                kind: Kind::Ordinal,
            });
        }
        let core = &pw[pre..];
        let strip_al = core.starts_with("ال") && core.chars().count() >= 4;
        Some(Found {
            start: pt.start + pre,
            end: e1.end,
            low: Some(e1.value),
            high: Some(e1.value),
            approx: Approx::Exact,
            unit: UnitOut::Word {
                start: pt.start,
                end: pt.end,
                pre,
                strip_al,
                alef_heur: false,
                dual: None,
            },
            kind: Kind::Label,
        })
    }

    /// The tags of the noun `pw` before a number and the length of its
    /// proclitics: as written (`exact`), or after a clitic that comes
    /// before the article.
    #[inline]
    fn noun_tags(&self, pw: &str, exact: u16) -> Option<(usize, u16)> {
        if exact != 0 {
            Some((0, exact))
        } else if !(pw.starts_with("لل")
            || (pw.starts_with(['و', 'ف', 'ب', 'ل', 'ك']) && pw[2..].starts_with("ال")))
        {
            // A label noun carries its clitic before the article
            // (بالمادة، والقرار، للقرار) or is tagged as written (برقم).
            None
        } else {
            // بالمادة، والقرار: the noun with a clitic.
            strip_clitics_pre(pw)
                .skip(1)
                .map(|(c, p)| (p, self.lx.tags_of(c)))
                .find(|&(_, t)| t != 0)
        }
    }

    /// A list item number: digits at the start of a line, glued to `.`,
    /// `-` or `)` and followed by words (`1. الحكومة`، `2- وقف`).
    fn list_item(&mut self, k: usize, e1: &Expr) -> Option<Found> {
        let t = self.cur.get(k)?;
        if t.kind != TokKind::Num || e1.next != k + 1 || t.int_digits > 2 {
            return None;
        }
        let line_start = t.nl_before || self.text[..t.start].trim_end().is_empty();
        if !line_start {
            return None;
        }
        let m = self.cur.get(k + 1)?;
        let mark = &self.text[m.start..m.end];
        let is_mark = m.glued && (m.kind == TokKind::Dash || mark == "." || mark == ")");
        let word_after = self
            .cur
            .get(k + 2)
            .is_some_and(|w| w.kind == TokKind::Word && !w.nl_before);
        (is_mark && word_after).then_some(Found {
            start: t.start,
            end: t.end,
            low: Some(e1.value),
            high: Some(e1.value),
            approx: Approx::Exact,
            unit: UnitOut::None,
            kind: Kind::Label,
        })
    }
}
