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
        if let Some(f) = self.article_ordinal(k, e1) {
            return Some(f);
        }
        if let Some(f) = self.rank_list(k, e1) {
            return Some(f);
        }
        if k == 0 || self.cur.get(k).is_some_and(|t| t.nl_before) {
            return None;
        }
        // الدقيقة (23)، المادة (77): the number in parentheses after its
        // noun.
        let nk = if k >= 2
            && self
                .cur
                .get(k - 1)
                .is_some_and(|p| p.kind == TokKind::Break && &self.text[p.start..p.end] == "(")
            && self
                .cur
                .get(e1.next)
                .is_some_and(|c| c.glued && matches!(&self.text[c.start..c.end], ")" | "+"))
        {
            k - 2
        } else {
            k - 1
        };
        let exact = self.tags(nk);
        let pt = self.cur.get(nk)?;
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
        // طابق واحد، قرار واحد: a number word after an indefinite noun
        // counts it; only رقم names with a word (رقم واحد).
        if !e1.first_digits && !pw[pre..].starts_with("ال") && tags & tag::LABEL != 0 {
            let core = &pw[pre..];
            if !matches!(core, "رقم" | "برقم") {
                return None;
            }
        }
        // الطريق 40 كيلومترا: a measure after the number, not a label.
        if let Some((_, kd, _)) = self.unit_word(e1.next, e1.value, false)
            && kd != Kind::Count
        {
            return None;
        }
        // The closing parenthesis of الدقيقة (23) belongs to the span.
        let end = if nk + 1 < k {
            self.cur
                .get(e1.next)
                .filter(|c| &self.text[c.start..c.end] == ")")
                .map_or(e1.end, |c| c.end)
        } else {
            e1.end
        };
        if tags & tag::RANK != 0 {
            return Some(Found {
                start: pt.start + pre,
                end,
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
            end,
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
                maqsura: false,
            },
            kind: Kind::Label,
        })
    }

    /// Digits with the article glued (الـ26) after a definite singular
    /// noun: an ordinal (الجولة الـ26، الذكرى الـ75، القمة العربية الـ32).
    /// After a plural (الساعات الـ24 الماضية) or before a counted noun
    /// (خلال الـ24 ساعة) the number is a cardinal.
    fn article_ordinal(&mut self, k: usize, e1: &Expr) -> Option<Found> {
        if !e1.first_digits || e1.next != k + 1 || k < 2 {
            return None;
        }
        let t = self.cur.get(k)?;
        if t.kind != TokKind::Num || !t.glued || t.nl_before {
            return None;
        }
        let (a, at) = self.word(k - 1)?;
        if a != "ال" || at.start < self.floor || at.nl_before {
            return None;
        }
        let (pw, pt) = self.word(k - 2)?;
        if pt.start < self.floor || self.is_stop(pw) {
            return None;
        }
        let core = pw
            .strip_prefix("لل")
            .or_else(|| pw.strip_prefix("ال"))
            .or_else(|| {
                pw.strip_prefix(['و', 'ف', 'ب', 'ل', 'ك'])
                    .and_then(|r| r.strip_prefix("ال"))
            })?;
        if core.chars().count() < 2 || self.tags(k - 2) & tag::NOT_UNIT != 0 {
            return None;
        }
        if self.lx.is_plural(core, true) == Some(true) {
            // الدول الـ27، الساعات الـ24 الماضية: a cardinal after the
            // plural it counts, like الدول السبع.
            if !pw.starts_with("ال") {
                return None;
            }
            let kind = self
                .info(core)
                .and_then(|i| i.unit_kind)
                .unwrap_or(Kind::Count);
            return Some(Found {
                start: pt.start,
                end: e1.end,
                low: Some(e1.value),
                high: Some(e1.value),
                approx: Approx::Exact,
                unit: UnitOut::Word {
                    start: pt.start,
                    end: pt.end,
                    pre: 0,
                    strip_al: true,
                    alef_heur: false,
                    dual: None,
                    maqsura: false,
                },
                kind,
            });
        }
        if let Some((w, nt)) = self.word(k + 1)
            && !nt.nl_before
            && !w.starts_with(['ل', 'ب', 'م'])
            && self.unit_word(k + 1, e1.value, false).is_some()
        {
            return None;
        }
        // الموافق الـ28 من مارس: a day of the month (read as a date).
        if self
            .word(k + 1)
            .is_some_and(|(w, t)| w == "من" && !t.nl_before)
            && self.month_at(k + 2).is_some()
        {
            return None;
        }
        Some(Found {
            start: at.start,
            end: e1.end,
            low: Some(e1.value),
            high: Some(e1.value),
            approx: Approx::Exact,
            unit: UnitOut::None,
            kind: Kind::Ordinal,
        })
    }

    /// The later numbers of a list after a rank noun, joined by و (في
    /// الدقائق 71 و78 و90، الدقيقتين 58 و76): ordinals like the first.
    fn rank_list(&mut self, k: usize, e1: &Expr) -> Option<Found> {
        if !e1.first_digits || e1.next != k + 1 {
            return None;
        }
        let mut i = k;
        while i >= 2
            && self
                .cur
                .get(i)
                .is_some_and(|t| t.kind == TokKind::Num && t.glued && !t.nl_before)
            && self
                .word(i - 1)
                .is_some_and(|(w, t)| w == "و" && !t.nl_before)
            && self
                .cur
                .get(i - 2)
                .is_some_and(|t| t.kind == TokKind::Num && !t.nl_before)
        {
            i -= 2;
        }
        if i == k || i == 0 || self.cur.get(i).is_some_and(|t| t.nl_before) {
            return None;
        }
        let exact = self.tags(i - 1);
        let (pw, _) = self.word(i - 1)?;
        let (_, tags) = self.noun_tags(pw, exact)?;
        if tags & tag::RANK == 0 {
            return None;
        }
        Some(Found {
            start: e1.start,
            end: e1.end,
            low: Some(e1.value),
            high: Some(e1.value),
            approx: Approx::Exact,
            unit: UnitOut::None,
            kind: Kind::Ordinal,
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
                .or_else(|| {
                    // للمادة، وللقرار (court and law reports: وفقا للمادة
                    // 83): ل before the article is written لل; the unit is
                    // the noun after both lams.
                    let (p, rest) = match pw.strip_prefix(['و', 'ف']) {
                        Some(r) => (2, r),
                        None => (0, pw),
                    };
                    let core = rest.strip_prefix("لل")?;
                    let t = self.lx.tags_of(&format!("ال{core}"));
                    (t != 0).then_some((p + "لل".len(), t))
                })
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
