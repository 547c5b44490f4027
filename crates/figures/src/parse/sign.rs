//! Signs and marks around a number: a minus before it (`-2.5%`، `سالب
//! خمسة`), `تحت الصفر` after it, a Latin word before it (a version or a
//! model: `iOS 17.2`), a currency code after it (`10 USD`).

use super::qualifier::{Phrase, Span};
use super::{Ctx, UnitOut};
use crate::lex::{Tok, TokKind};
use crate::lexicon::{Role, tag};
use crate::{Approx, Kind};

impl<'a, 't> Ctx<'a, 't> {
    /// A minus sign glued before the number at token `k` (and not glued
    /// to anything before it: `10-15` is a range, `كوفيد-19` a name), or
    /// the word سالب before it.
    pub(crate) fn minus_before(&mut self, k: usize) -> Option<Span> {
        let t = self.cur.get(k)?;
        if k == 0 || t.nl_before {
            return None;
        }
        let d = self.cur.get(k - 1)?;
        if d.start < self.floor {
            return None;
        }
        if d.kind == TokKind::Dash && t.glued && t.kind == TokKind::Num {
            let free = d.nl_before
                || !d.glued
                || k < 2
                || self
                    .cur
                    .get(k - 2)
                    .is_none_or(|p| !matches!(p.kind, TokKind::Num | TokKind::Word));
            // 10 -15: a range written with an odd space; no sign.
            let num_before = k >= 2
                && !d.nl_before
                && self
                    .cur
                    .get(k - 2)
                    .is_some_and(|p| p.kind == TokKind::Num || p.kind == TokKind::Percent);
            return (free && !num_before).then_some(Span {
                first: k - 1,
                start: d.start,
            });
        }
        (self.tags(k - 1) & tag::MINUS != 0).then_some(Span {
            first: k - 1,
            start: d.start,
        })
    }

    /// `تحت الصفر` after the figure (`درجتان تحت الصفر`): taken, and the
    /// caller makes the value negative.
    pub(crate) fn below_zero(&mut self, tail: &mut super::numeric::Tail) -> bool {
        let end = self.below_zero_at(tail.next);
        if let Some(e) = end {
            tail.end = e;
            tail.next += 2;
        }
        end.is_some()
    }

    /// The end of `تحت الصفر` starting at token `i`.
    pub(crate) fn below_zero_at(&mut self, i: usize) -> Option<usize> {
        let at = self.cur.get(i)?;
        // "تحت" is six bytes: no slicing for any other token.
        if at.end - at.start != "تحت".len()
            || at.kind != TokKind::Word
            || at.nl_before
            || &self.text[at.start..at.end] != "تحت"
        {
            return None;
        }
        let (b, bt) = self.word(i + 1)?;
        (b == "الصفر" && !bt.nl_before).then_some(bt.end)
    }

    /// A Latin word right before the number (`iOS 17.2`، `Windows 11`،
    /// `F 16`) that is not a currency code: a version or a model.
    pub(crate) fn latin_before(&mut self, k: usize) -> bool {
        if k == 0 || self.cur.get(k).is_some_and(|t| t.nl_before) {
            return false;
        }
        let Some(l) = self.cur.get(k - 1) else {
            return false;
        };
        l.kind == TokKind::Latin
            && l.start >= self.floor
            && self.tags(k - 1) & tag::CURRENCY_CODE == 0
    }

    /// Is token `k - 1` a currency sign or code that belongs to the number
    /// at `k` (`$500`، `USD 20`)?
    pub(crate) fn money_sign_before(&mut self, k: usize) -> bool {
        if k == 0 || self.cur.get(k).is_none_or(|t| t.nl_before) {
            return false;
        }
        let sign = self
            .cur
            .get(k - 1)
            .is_some_and(|c| c.kind == TokKind::Currency && c.start >= self.floor);
        sign || self.currency_code_before(k).is_some()
    }

    /// A currency code before the number (`USD 10`): the unit.
    pub(crate) fn currency_code_before(&mut self, k: usize) -> Option<(usize, usize)> {
        if k == 0 || self.cur.get(k).is_some_and(|t| t.nl_before) {
            return None;
        }
        let l = self.cur.get(k - 1)?;
        (l.kind == TokKind::Latin
            && l.start >= self.floor
            && self.tags(k - 1) & tag::CURRENCY_CODE != 0)
            .then_some((l.start, l.end))
    }

    /// A currency code after the number (`10 USD`): the unit.
    pub(crate) fn currency_code_after(&mut self, tail: &mut super::numeric::Tail) {
        if tail.unit != UnitOut::None && tail.kind != Kind::Count {
            return;
        }
        if tail.unit != UnitOut::None {
            return;
        }
        let Some(t) = self.cur.get(tail.next) else {
            return;
        };
        // 300 USD. at the end of a sentence: the Latin chunk holds the
        // full stop (or a comma); the code is the chunk without it.
        let code_end = if t.kind == TokKind::Latin {
            t.start
                + self.text[t.start..t.end]
                    .trim_end_matches(['.', ',', ';', ':', '!', '?', ')'])
                    .len()
        } else {
            t.end
        };
        if t.kind == TokKind::Latin
            && !t.nl_before
            && code_end > t.start
            && (self.tags(tail.next) & tag::CURRENCY_CODE != 0
                || (code_end < t.end
                    && self.lx.tags_of(&self.text[t.start..code_end]) & tag::CURRENCY_CODE != 0))
        {
            tail.unit = UnitOut::Raw {
                start: t.start,
                end: code_end,
            };
            tail.kind = Kind::Money;
            tail.end = code_end;
            tail.next += 1;
        } else if t.kind == TokKind::Latin
            && !t.nl_before
            && code_end > t.start
            && let Some(kind) = self
                .info(&self.text[t.start..code_end])
                .and_then(|i| i.unit_kind)
                .filter(|k| matches!(k, Kind::Length | Kind::Quantity))
        {
            // 500 km، 20 kg، 120 km/h: a measure written in Latin letters;
            // 60 km²: a square after it makes it an area.
            let (end, next, kind) = match self.quantity_suffix(tail.next + 1) {
                Some((e, nx)) if code_end == t.end => (e, nx, Kind::Quantity),
                _ => (code_end, tail.next + 1, kind),
            };
            tail.unit = UnitOut::Raw {
                start: t.start,
                end,
            };
            tail.kind = kind;
            tail.end = end;
            tail.next = next;
        } else if t.kind == TokKind::Word
            && !t.nl_before
            && let Some((end, next)) = self.abbreviation(tail.next)
            && self.lx.tags_of(&self.text[t.start..end]) & tag::CURRENCY_CODE != 0
        {
            // ج.م، د.ك: a currency abbreviated with a dot.
            tail.unit = UnitOut::Raw {
                start: t.start,
                end,
            };
            tail.kind = Kind::Money;
            tail.end = end;
            tail.next = next;
        }
    }

    /// One letter, a glued dot and one glued letter at token `i` (`ج.م`,
    /// `د.ك`): its end and the next token.
    fn abbreviation(&mut self, i: usize) -> Option<(usize, usize)> {
        let one_letter = |text: &str, t: &Tok| text[t.start..t.end].chars().count() == 1;
        let a = self.cur.get(i)?;
        let dot = self.cur.get(i + 1)?;
        let b = self.cur.get(i + 2)?;
        let ok = one_letter(self.text, &a)
            && dot.glued
            && &self.text[dot.start..dot.end] == "."
            && b.glued
            && b.kind == TokKind::Word
            && one_letter(self.text, &b);
        // A dot after it ends the sentence as often as the abbreviation:
        // it is left out of the span.
        ok.then_some((b.end, i + 3))
    }

    /// A comparison sign before the number: `≥ 5`، `>= 5` (at least),
    /// `≤ 10`، `<= 10` (at most), `> 100` (more than), `< 3` (less than).
    pub(crate) fn symbol_before(&mut self, k: usize) -> Option<Phrase> {
        if k == 0 || self.cur.get(k).is_some_and(|t| t.nl_before) {
            return None;
        }
        let text = self.text;
        let sym = |t: &Tok| &text[t.start..t.end];
        let last = self.cur.get(k - 1).filter(|t| t.start >= self.floor)?;
        let (approx, first) = match sym(&last) {
            "≥" | "⩾" => (Approx::AtLeast, k - 1),
            "≤" | "⩽" => (Approx::AtMost, k - 1),
            "=" if k >= 2 => {
                let p = self.cur.get(k - 2).filter(|p| p.start >= self.floor)?;
                if !last.glued {
                    return None;
                }
                match sym(&p) {
                    ">" => (Approx::AtLeast, k - 2),
                    "<" => (Approx::AtMost, k - 2),
                    _ => return None,
                }
            }
            ">" => (Approx::MoreThan, k - 1),
            "<" => (Approx::LessThan, k - 1),
            _ => return None,
        };
        let start = self.cur.get(first)?.start;
        Some(Phrase {
            role: Role::Pre(approx),
            first,
            start,
            len: k - first,
        })
    }
}
