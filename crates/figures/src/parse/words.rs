//! Figures that are single words: vague amounts and ordinals.

use super::{Ctx, Found, UnitOut, strip_clitics};
use crate::lexicon::NumClass;
use crate::{Approx, Kind};

impl<'a, 't> Ctx<'a, 't> {
    /// A vague amount (عشرات، آلاف الجنود).
    pub(crate) fn vague(&mut self, k: usize) -> Option<(Found, usize)> {
        let (w, t) = self.word(k)?;
        let (info, pre) = self.vars(k).find(|x| x.vague.is_some())?;
        // كميات is not ك + ميات.
        if pre > 0 && w[..pre].ends_with('ك') {
            return None;
        }
        let mut low = info.vague?;
        let mut end = t.end;
        let mut next = k + 1;
        if let Some((w2, t2)) = self.word(next)
            && !t2.nl_before
            && let Some(v2) = self.info(w2).and_then(|i| i.vague)
        {
            low *= v2;
            end = t2.end;
            next += 1;
        }
        let mut unit = UnitOut::None;
        let mut kind = Kind::Count;
        let mut j = next;
        let min = self.word(j).is_some_and(|(w, t)| w == "من" && !t.nl_before);
        if min {
            j += 1;
        }
        // آلاف الجنود: the counted noun follows in the genitive; after a
        // definite vague word (المئات تجمعوا) only with من.
        let definite = w[pre..]
            .strip_prefix("ال")
            .is_some_and(|r| self.info(r).is_some_and(|i| i.vague.is_some()));
        if (min || !definite)
            && let Some((u, kd, _)) = self.unit_word_vague(j)
        {
            unit = u;
            kind = kd;
            if let UnitOut::Word { end: e, .. } = u {
                end = e;
            }
        }
        let f = Found {
            start: t.start + pre,
            end,
            low: Some(low),
            high: None,
            approx: Approx::Vague,
            unit,
            kind,
        };
        Some((f, end))
    }

    /// An ordinal hundred after a definite noun: الذكرى المئة، العيد
    /// المئة والخمسون، الدورة المائة والعاشرة (100, 150, 110). Never after
    /// في (في المئة is a percent sign).
    pub(crate) fn hundredth(&mut self, k: usize) -> Option<(Found, usize)> {
        let (w, t) = self.word(k)?;
        let r = w.strip_prefix("ال")?;
        if !matches!(self.info(r)?.num?, (NumClass::Hundred, v) if v == 100.0) {
            return None;
        }
        if k == 0 || t.nl_before {
            return None;
        }
        let (pw, pt) = self.word(k - 1)?;
        if pt.start < self.floor || self.is_stop(pw) {
            return None;
        }
        if !strip_clitics(pw).any(|c| c.starts_with("ال") && c.chars().count() > 3) {
            return None;
        }
        let mut value = 100.0;
        let mut end = t.end;
        if let Some((nw, nt)) = self.word(k + 1)
            && !nt.nl_before
            && let Some(rest) = nw.strip_prefix('و')
        {
            let info = self.info(rest);
            let tens = rest
                .strip_prefix("ال")
                .and_then(|c| self.info(c))
                .and_then(|i| i.num)
                .filter(|n| matches!(n.0, NumClass::Tens | NumClass::Ten));
            if let Some((_, v)) = tens {
                value += v;
                end = nt.end;
            } else if let Some((rank, false)) = info.and_then(|i| i.ordinal) {
                value += f64::from(rank);
                end = nt.end;
            }
        }
        let f = Found {
            start: t.start,
            end,
            low: Some(value),
            high: Some(value),
            approx: Approx::Exact,
            unit: UnitOut::None,
            kind: Kind::Ordinal,
        };
        Some((f, end))
    }

    /// Dialect ثاني = "another": the ordinal ثاني/ثانية without ال goes
    /// before its noun (ثاني أكبر، ثاني مرة); after a noun of the
    /// `another` list (شي ثاني، حدا ثاني) or with no word after it (بدي
    /// واحد ثاني.) it is an adjective, no figure.
    fn dialect_another(&mut self, k: usize) -> bool {
        let Some((w, _)) = self.word(k) else {
            return false;
        };
        if !matches!(w, "ثاني" | "ثانيه" | "ثانية") {
            return false;
        }
        let nothing_after = self.word(k + 1).is_none_or(|(_, nt)| nt.nl_before);
        let another = k > 0
            && self.word(k - 1).is_some()
            && self.tags(k - 1) & crate::lexicon::tag::ANOTHER != 0;
        nothing_after || another
    }

    /// An ordinal adjective (الأولى، ثاني، الحادي عشر).
    pub(crate) fn ordinal(&mut self, k: usize) -> Option<(Found, usize)> {
        let (_, t) = self.word(k)?;
        let (info, pre) = self.vars(k).find(|x| x.ordinal.is_some())?;
        let (rank, teen) = info.ordinal?;
        if rank == 100 {
            return if pre == 0 { self.hundredth(k) } else { None };
        }
        // الأولي (initial) folds to the spelling of الأولى (first): the
        // original tells them apart by its final ي.
        if rank == 1
            && self.text[t.start..t.end].ends_with("ولي")
            && self.ends_with_ya(t.start, t.end)
        {
            return None;
        }
        // Part of a month name: تشرين الثاني، كانون الأول، ربيع الأول.
        if k > 0
            && !t.nl_before
            && let Some((pw, _)) = self.word(k - 1)
            && self.lx.get_clitic(pw, |x| x.month_head).is_some()
            && pre == 0
        {
            return None;
        }
        if rank == 2 && pre == 0 && self.dialect_another(k) {
            return None;
        }
        let mut end = t.end;
        let mut value = rank;
        let tens_after = self.ordinal_tens_after(k);
        if let Some((tens, e)) = tens_after {
            value += tens;
            end = e;
        }
        match self.word(k + 1) {
            _ if tens_after.is_some() => {}
            Some((nw, nt))
                if !nt.nl_before
                    && self
                        .info(nw)
                        .and_then(|i| i.num)
                        .is_some_and(|n| n.0 == NumClass::Ten) =>
            {
                value += 10;
                end = nt.end;
            }
            Some(("اكسيد", _)) => return None,
            _ if teen => return None,
            _ => {}
        }
        let f = Found {
            start: t.start + pre,
            end,
            low: Some(f64::from(value)),
            high: Some(f64::from(value)),
            approx: Approx::Exact,
            unit: UnitOut::None,
            kind: Kind::Ordinal,
        };
        Some((f, end))
    }

    /// The tens after an ordinal at `k` (الخامس والعشرين، الحادي
    /// والثلاثين: و + the tens with ال, glued or apart): its value and end.
    #[inline]
    fn ordinal_tens_after(&mut self, k: usize) -> Option<(u32, usize)> {
        self.word(k + 1)
            .and_then(|(nw, nt)| {
                let r = nw.strip_prefix("وال")?;
                match self.info(r)?.num? {
                    (NumClass::Tens, v) if !nt.nl_before => Some((v as u32, nt.end)),
                    _ => None,
                }
            })
            .or_else(|| {
                // الخامس و العشرين: و written apart.
                let (and, at) = self.word(k + 1)?;
                if and != "و" {
                    return None;
                }
                let (nw, nt) = self.word(k + 2)?;
                let r = nw.strip_prefix("ال")?;
                match self.info(r)?.num? {
                    (NumClass::Tens, v) if and == "و" && !at.nl_before && !nt.nl_before => {
                        Some((v as u32, nt.end))
                    }
                    _ => None,
                }
            })
    }
}
