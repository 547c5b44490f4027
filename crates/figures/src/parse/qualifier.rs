//! The phrases around a number: qualifiers, range openers and
//! connectors, months, matched on the token window.

use super::{Ctx, strip_clitics, strip_clitics_pre};
use crate::Approx;
use crate::lexicon::Role;

/// A phrase of the lexicon matched before a number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Phrase {
    /// What the phrase does (qualifier, opener, month …).
    pub role: Role,
    /// Index of its first token.
    pub first: usize,
    /// Byte where it starts (its clitic included).
    pub start: usize,
    /// Number of words of the phrase (the gap not counted).
    pub len: usize,
}

/// Where a words' sequence lies: its first token and start byte.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Span {
    /// Index of the first token.
    pub first: usize,
    /// Byte where it starts.
    pub start: usize,
}

/// A phrase of the lexicon matched at a token: its role and length.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct PhraseAt {
    /// What the phrase does.
    pub role: Role,
    /// Number of tokens.
    pub len: usize,
}

impl<'a, 't> Ctx<'a, 't> {
    /// Does the phrase `p` end right before token `k`? Returns the index of
    /// its first token and the byte where it starts.
    pub(crate) fn phrase_before(&mut self, k: usize, words: &[String]) -> Option<Span> {
        let n = words.len();
        if n == 0 || k < n {
            return None;
        }
        if self.cur.get(k).is_some_and(|t| t.nl_before) {
            return None;
        }
        for (j, pw) in words.iter().enumerate() {
            let i = k - n + j;
            let (w, t) = self.word(i)?;
            if j > 0 && t.nl_before {
                return None;
            }
            if j == 0 {
                if w != pw && !strip_clitics(w).any(|r| r == pw) {
                    return None;
                }
            } else if w != pw {
                return None;
            }
        }
        let t = self.cur.get(k - n)?;
        Some(Span {
            first: k - n,
            start: t.start,
        })
    }

    /// A phrase with a gap (لم يتجاوز … 50، لا يقل … عن 100) ending before
    /// token `k`: returns the role, first token and start byte.
    pub(crate) fn gapped_before(&mut self, k: usize) -> Option<Phrase> {
        let lx = self.lx;
        let near = (1..=4usize).any(|d| k >= d && self.exact(k - d).is_some_and(|i| i.gap_end));
        if !near {
            return None;
        }
        if lx.gap_masks.is_empty() {
            return self.gapped_before_each(k);
        }
        // Each phrase needs its last word among the four words before the
        // number (the last word after the gap right before the number, or
        // with nothing after the gap the last word before it one to three
        // tokens earlier): the words' masks say which phrases, and only
        // those are tried, in their order.
        let mut possible = lx.gap_always;
        for d in 1..=4usize {
            if k < d {
                break;
            }
            let Some((w, _)) = self.word(k - d) else {
                continue;
            };
            for (v, pre) in strip_clitics_pre(w) {
                let info = if pre == 0 {
                    self.exact(k - d)
                } else {
                    lx.get(v)
                };
                let Some(g) = info.map(|i| lx.gap_of(i)) else {
                    continue;
                };
                possible |= match (d, pre) {
                    (1, 0) => g.after | g.after_cl,
                    (1, _) => g.after_cl,
                    (_, 0) => g.before | g.before_cl,
                    _ => g.before_cl,
                };
            }
        }
        while possible != 0 {
            let j = possible.trailing_zeros() as usize;
            possible &= possible - 1;
            let Some(&pi) = lx.gapped.get(j) else { break };
            if let Some(found) = self.gapped_phrase_before(k, pi) {
                return Some(found);
            }
        }
        None
    }

    /// [`Ctx::gapped_before`] trying every gapped phrase in turn, its last
    /// word compared with the words before the number: without the masks
    /// (more than 64 gapped phrases), and the reference of the tests.
    pub(crate) fn gapped_before_each(&mut self, k: usize) -> Option<Phrase> {
        let lx = self.lx;
        let near = (1..=4usize).any(|d| k >= d && self.exact(k - d).is_some_and(|i| i.gap_end));
        if !near {
            return None;
        }
        let mut near_words: [Option<&'t str>; 5] = [None; 5];
        for (d, slot) in near_words.iter_mut().enumerate().skip(1) {
            if k >= d {
                *slot = self.word(k - d).map(|(w, _)| w);
            }
        }
        let ends_with = |d: usize, last: &str, clitics: bool| {
            near_words
                .get(d)
                .copied()
                .flatten()
                .is_some_and(|w| w == last || (clitics && strip_clitics(w).any(|r| r == last)))
        };
        for &pi in &lx.gapped {
            let p = &lx.phrases[pi];
            let Some(g) = p.gap else { continue };
            let (before, after) = p.words.split_at(g);
            let possible = match (after.last(), before.last()) {
                (Some(last), _) => ends_with(1, last, after.len() == 1),
                (None, Some(last)) => (2..=4).any(|d| ends_with(d, last, before.len() == 1)),
                (None, None) => true,
            };
            if possible && let Some(found) = self.gapped_phrase_before(k, pi) {
                return Some(found);
            }
        }
        None
    }

    /// The gapped phrase `pi` ending before token `k`, its gap one to
    /// three plain words.
    pub(crate) fn gapped_phrase_before(&mut self, k: usize, pi: usize) -> Option<Phrase> {
        let lx = self.lx;
        let p = lx.phrases.get(pi)?;
        let g = p.gap?;
        let (before, after) = p.words.split_at(g);
        if before.is_empty() || k < after.len() + before.len() + 1 {
            return None;
        }
        // The words after the gap touch the number.
        let ka = k - after.len();
        if !after.is_empty() && self.phrase_before(k, after).is_none() {
            return None;
        }
        if self.cur.get(ka).is_some_and(|t| t.nl_before) {
            return None;
        }
        for d in 1..=3usize {
            if ka < d + before.len() {
                break;
            }
            // Gap tokens: plain words on the same line, not numbers.
            let gi = ka - d;
            let Some((_, gt)) = self.word(gi) else { break };
            // The token's cached entry: this loop runs once per gapped
            // phrase tried.
            if gt.nl_before
                || self
                    .exact(gi)
                    .is_some_and(|i| i.num.is_some() || i.vague.is_some())
            {
                break;
            }
            if let Some(sp) = self.phrase_before(gi, before)
                && sp.start >= self.floor
            {
                return Some(Phrase {
                    role: p.role,
                    first: sp.first,
                    start: sp.start,
                    len: p.words.len(),
                });
            }
        }
        None
    }

    /// Longest phrase with a role accepted by `f` ending before token `k`.
    pub(crate) fn match_before(&mut self, k: usize, f: impl Fn(Role) -> bool) -> Option<Phrase> {
        if k == 0 {
            return None;
        }
        let (w, _) = self.word(k - 1)?;
        let lx = self.lx;
        if !self.exact(k - 1).is_some_and(|i| i.phrase_end) {
            return None;
        }
        let mut best: Option<Phrase> = None;
        // Of two phrases of one length, one whose first word is written as
        // in the text (ليصل إلى) wins over one read through a clitic (ل +
        // يصل إلى).
        let mut best_exact = false;
        // The last word as is, or (for one-word phrases) without clitics.
        for (variant, _) in strip_clitics_pre(w) {
            let Some(list) = lx.by_last.get(variant) else {
                continue;
            };
            for &pi in list {
                let p = &lx.phrases[pi];
                if !f(p.role)
                    || best.is_some_and(|b| {
                        b.len > p.words.len() || (b.len == p.words.len() && best_exact)
                    })
                {
                    continue;
                }
                if variant.len() != w.len() && p.words.len() != 1 {
                    continue;
                }
                if let Some(sp) = self.phrase_before(k, &p.words)
                    && (sp.start >= self.floor || matches!(p.role, Role::Month(_)))
                {
                    let exact = self.word(sp.first).is_some_and(|(fw, _)| fw == p.words[0]);
                    if best.is_some_and(|b| b.len == p.words.len()) && !exact {
                        continue;
                    }
                    best_exact = exact;
                    best = Some(Phrase {
                        role: p.role,
                        first: sp.first,
                        start: sp.start,
                        len: p.words.len(),
                    });
                }
            }
        }
        best
    }

    /// Longest phrase with a role accepted by `f` starting at token `k`
    /// (exact words). Returns the role and the number of tokens.
    pub(crate) fn match_at(&mut self, k: usize, f: impl Fn(Role) -> bool) -> Option<PhraseAt> {
        let (w, _) = self.word(k)?;
        self.match_at_as(k, w, f)
    }

    /// [`Ctx::match_at`] after و: `وأقل من 300` (token `k` is `وأقل` or
    /// `و` then `أقل`). The length counts the tokens from `k`.
    pub(crate) fn match_after_and(
        &mut self,
        k: usize,
        f: impl Fn(Role) -> bool,
    ) -> Option<PhraseAt> {
        let (w, _) = self.word(k)?;
        if w == "و" {
            let m = self.match_at(k + 1, f)?;
            return Some(PhraseAt {
                role: m.role,
                len: m.len + 1,
            });
        }
        let rest = w.strip_prefix('و')?;
        self.match_at_as(k, rest, f)
    }

    /// [`Ctx::match_at`] with `w` read in place of the word at token `k`.
    fn match_at_as(&mut self, k: usize, w: &str, f: impl Fn(Role) -> bool) -> Option<PhraseAt> {
        if self.cur.get(k).is_some_and(|t| t.nl_before) {
            return None;
        }
        let lx = self.lx;
        let list = lx.by_first.get(w)?;
        let mut best: Option<PhraseAt> = None;
        'p: for &pi in list {
            let p = &lx.phrases[pi];
            if !f(p.role) || best.is_some_and(|b| b.len >= p.words.len()) {
                continue;
            }
            for (j, pw) in p.words.iter().enumerate().skip(1) {
                match self.word(k + j) {
                    Some((w, t)) if w == pw && !t.nl_before => {}
                    _ => continue 'p,
                }
            }
            best = Some(PhraseAt {
                role: p.role,
                len: p.words.len(),
            });
        }
        best
    }
}

pub(crate) fn approx_of(r: Role) -> Approx {
    match r {
        Role::Pre(a) => a,
        _ => Approx::Exact,
    }
}
