//! Context that types a number: months and year words before it, and
//! the digit runs that are identifiers rather than amounts.

use super::Ctx;
use crate::lex::{Tok, TokKind};
use crate::lexicon::Role;

impl<'a, 't> Ctx<'a, 't> {
    /// A month name at token `i`: number of tokens.
    pub(crate) fn month_at(&mut self, i: usize) -> Option<usize> {
        if let Some(m) = self.match_at(i, |r| matches!(r, Role::Month(_))) {
            return Some(m.len);
        }
        let (_, t) = self.word(i)?;
        (!t.nl_before && self.exact(i).is_some_and(|x| x.month.is_some())).then_some(1)
    }

    /// A month name ending right before token `k` (one or two words, or
    /// a pair written with a slash: نوفمبر/تشرين الثاني).
    pub(crate) fn month_before(&mut self, k: usize) -> bool {
        if k == 0 {
            return false;
        }
        if self
            .match_before(k, |r| matches!(r, Role::Month(_)))
            .is_some()
        {
            return true;
        }
        self.word(k - 1).is_some() && self.vars(k - 1).find(|x| x.month.is_some()).is_some()
    }

    /// A calendar word after a number (هجري، ميلادي، هـ، م), also after a
    /// closing parenthesis (`عام (1315) هجري`): the number is a year.
    pub(crate) fn year_suffix(&mut self, j: usize) -> bool {
        let mut j = j;
        if let Some(t) = self.cur.get(j)
            && t.kind == TokKind::Break
            && t.glued
            && &self.text[t.start..t.end] == ")"
        {
            j += 1;
        }
        // 147 م²: م with a superscript glued after it is the metre of an
        // area (real-estate listings), not the calendar mark.
        if self
            .cur
            .get(j + 1)
            .is_some_and(|t| t.glued && matches!(&self.text[t.start..t.end], "²" | "³"))
        {
            return false;
        }
        self.cur.get(j).is_some_and(|t| !t.nl_before)
            && self.tags(j) & crate::lexicon::tag::YEAR_SUFFIX != 0
    }

    pub(crate) fn year_context(&mut self, k: usize) -> bool {
        if k == 0 || self.cur.get(k).is_some_and(|t| t.nl_before) {
            return false;
        }
        // عام (1315): a year word before the parenthesis.
        if k >= 2
            && let Some(p) = self.cur.get(k - 1)
            && p.kind == TokKind::Break
            && &self.text[p.start..p.end] == "("
        {
            return self.vars(k - 2).find(|x| x.year_marker).is_some();
        }
        if self.vars(k - 1).find(|x| x.year_marker).is_some() {
            return true;
        }
        // للعام المالي 2026: an adjective of the year word between.
        if k >= 2
            && self.word(k - 1).is_some_and(|(_, t)| !t.nl_before)
            && self.tags(k - 1) & crate::lexicon::tag::YEAR_ADJECTIVE != 0
            && self.vars(k - 2).find(|x| x.year_marker).is_some()
        {
            return true;
        }
        self.month_before(k)
    }

    pub(crate) fn year_hint(&mut self, k: usize) -> bool {
        k > 0
            && !self.cur.get(k).is_some_and(|t| t.nl_before)
            && self.vars(k - 1).find(|x| x.year_hint).is_some()
    }

    /// Digits glued to `:` or `/` and more digits: a time (10:30) or a
    /// numeric date (11/7/2024), not a figure.
    pub(crate) fn digit_chain(&mut self, k: usize) -> bool {
        let Some(t) = self.cur.get(k) else {
            return false;
        };
        if t.kind != TokKind::Num {
            return false;
        }
        // 10:30، 11/7/2024، 20\11\2019
        let sep = |x: &Tok, text: &str| {
            x.kind == TokKind::Slash
                || (x.kind == TokKind::Break && matches!(&text[x.start..x.end], ":" | "\\"))
        };
        if let (Some(s), Some(n)) = (self.cur.get(k + 1), self.cur.get(k + 2))
            && s.glued
            && n.glued
            && n.kind == TokKind::Num
            && sep(&s, self.text)
        {
            return true;
        }
        if k >= 2
            && let (Some(s), Some(p)) = (self.cur.get(k - 1), self.cur.get(k - 2))
            && t.glued
            && s.glued
            && p.kind == TokKind::Num
            && sep(&s, self.text)
        {
            return true;
        }
        self.id_chain(k)
    }

    /// Numbers joined into an identifier: three or more by glued dashes
    /// (a phone number +962-6-5555555, an ISO date 2025-07-11), three by
    /// slashes with spaces around them (a date 11 / 7 / 2025), or digits
    /// after a glued `+` (a phone number).
    fn id_chain(&mut self, k: usize) -> bool {
        let text = self.text;
        let is_plus = |x: &Tok| x.kind == TokKind::Break && &text[x.start..x.end] == "+";
        if k >= 1
            && let (Some(p), Some(t)) = (self.cur.get(k - 1), self.cur.get(k))
            && is_plus(&p)
            && t.glued
            && t.int_digits >= 3
        {
            return true;
        }
        let dash = |x: &Tok| x.kind == TokKind::Dash;
        let slash = |x: &Tok| x.kind == TokKind::Slash;
        self.chain_len(k, &dash, true) >= 3 || self.chain_len(k, &slash, false) >= 3
    }

    /// How many numbers token `k` belongs to in a chain `n s n s n`
    /// whose separators `s` satisfy `sep` (and are glued on both sides
    /// when `glued`), on one line.
    fn chain_len(&mut self, k: usize, sep: &dyn Fn(&Tok) -> bool, glued: bool) -> usize {
        let link = |s: &Tok, n: &Tok| {
            sep(s)
                && n.kind == TokKind::Num
                && !s.nl_before
                && !n.nl_before
                && (!glued || (s.glued && n.glued))
        };
        let mut n = 1;
        let mut i = k;
        // The separator is read first: the token after it only when it is
        // one (no lexing further than the rules need).
        while let Some(s) = self.cur.get(i + 1)
            && sep(&s)
            && let Some(x) = self.cur.get(i + 2)
            && link(&s, &x)
        {
            n += 1;
            i += 2;
        }
        let mut i = k;
        while i >= 2
            && let Some(s) = self.cur.get(i - 1)
            && sep(&s)
            && let Some(x) = self.cur.get(i)
            && link(&s, &x)
            && self.cur.get(i - 2).is_some_and(|p| p.kind == TokKind::Num)
        {
            n += 1;
            i -= 2;
        }
        n
    }

    /// Digits glued by a dash to a word: a model or a name (كوفيد-19،
    /// إف-16، إس-400), not a figure.
    pub(crate) fn model_number(&mut self, k: usize) -> bool {
        k >= 2
            && self
                .cur
                .get(k)
                .is_some_and(|t| t.kind == TokKind::Num && t.glued)
            && self
                .cur
                .get(k - 1)
                .is_some_and(|d| d.kind == TokKind::Dash && d.glued)
            && self.cur.get(k - 2).is_some_and(|w| w.kind == TokKind::Word)
    }
}
