//! Figures that are single words: vague amounts and ordinals.

use super::{Ctx, Found, UnitOut};
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

    /// An ordinal adjective (الأولى، ثاني، الحادي عشر).
    pub(crate) fn ordinal(&mut self, k: usize) -> Option<(Found, usize)> {
        let (_, t) = self.word(k)?;
        let (info, pre) = self.vars(k).find(|x| x.ordinal.is_some())?;
        let (rank, teen) = info.ordinal?;
        // Part of a month name: تشرين الثاني، كانون الأول، ربيع الأول.
        if k > 0
            && !t.nl_before
            && let Some((pw, _)) = self.word(k - 1)
            && self.lx.get_clitic(pw, |x| x.month_head).is_some()
            && pre == 0
        {
            return None;
        }
        let mut end = t.end;
        let mut value = rank;
        // الخامس والعشرين، الحادي والثلاثين: و + the tens with ال.
        let tens_after = self
            .word(k + 1)
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
            });
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
}
