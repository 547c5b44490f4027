//! A dual noun read as the number 2.

use super::qualifier::approx_of;
use super::{Ctx, Found, UnitOut};
use crate::lexicon::{NumClass, Role};
use crate::{Approx, Kind};

impl<'a, 't> Ctx<'a, 't> {
    /// A dual noun read as the number 2 (رجلين، رحلتين).
    pub(crate) fn dual(&mut self, k: usize) -> Option<(Found, usize)> {
        let (w, t) = self.word(k)?;
        let pre_q = self.match_before(k, |r| matches!(r, Role::Pre(_)));
        // Only the dual of a noun the lexicon knows (data/countable.txt):
        // a word that merely ends like a feminine dual (ـتين/ـتان) may be a
        // name, an adjective or a verb form (كاملتين، بوتين).
        let (info, pre) = self.vars(k).find(|x| x.dual_of.is_some())?;
        let fem = info.dual_of?;
        let mut end = t.end;
        // طائرتين مسيرتين، جنديان كوريان: an adjective agreeing with the
        // dual belongs to it.
        let suffix = if core_ends(w, "ين") { "ين" } else { "ان" };
        if let Some((nw, nt)) = self.word(k + 1)
            && !nt.nl_before
            && nw.chars().count() >= 5
            && core_ends(nw, suffix)
            && self.info(nw).is_none_or(|i| i.num.is_none() && !i.stop)
        {
            end = nt.end;
        }
        // رجلين اثنين: the number word repeats the dual.
        if let Some((nw, nt)) = self.word(k + 1)
            && !nt.nl_before
            && self
                .info(nw)
                .and_then(|i| i.num)
                .is_some_and(|(c, v)| c == NumClass::Unit && v == 2.0)
        {
            end = nt.end;
        }
        // لتران ونصف: two and a half; درجتان تحت الصفر: minus two.
        let mut value = 2.0;
        if let Some((nw, nt)) = self.word(k + 1)
            && !nt.nl_before
            && nw == "ونصف"
            && end == t.end
        {
            value = 2.5;
            end = nt.end;
        }
        let mut after = k + 1;
        while self.cur.get(after).is_some_and(|x| x.end <= end) {
            after += 1;
        }
        if let Some(e) = self.below_zero_at(after) {
            value = -value;
            end = e;
        }
        let approx = pre_q.map_or(Approx::Exact, |q| approx_of(q.role));
        let start = pre_q.map_or(t.start + pre, |q| q.start);
        let core = &w[pre..];
        let kind = {
            let n = core.chars().count();
            let cut = if fem { 3 } else { 2 };
            let stem: String = core.chars().take(n.saturating_sub(cut)).collect();
            let key = if fem { format!("{stem}ه") } else { stem };
            self.info(&key)
                .and_then(|i| i.unit_kind)
                .unwrap_or(Kind::Count)
        };
        let f = Found {
            start,
            end,
            low: Some(value),
            high: Some(value),
            approx,
            unit: UnitOut::Word {
                start: t.start,
                end: t.end,
                pre,
                strip_al: false,
                alef_heur: false,
                dual: Some(fem),
                maqsura: !fem
                    && core
                        .get(..core.len().saturating_sub("ين".len()))
                        .is_some_and(|c| self.lx.maqsura(c)),
            },
            kind,
        };
        Some((f, end))
    }
}

pub(crate) fn core_ends(w: &str, suffix: &str) -> bool {
    w.ends_with(suffix)
}
