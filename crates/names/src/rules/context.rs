//! Disambiguation by context, and a known place inside a longer name.

use std::borrow::Cow;

use crate::lexicon::{CueWhere, Sense, SenseId, class};
use crate::tokens::shape;
use crate::{Entity, How};

use super::filters::Stems;
use super::{Doc, Ent, clean_name, static_prefix};

impl<'a, 'd> Doc<'a, 'd> {
    // ---- disambiguation -------------------------------------------------

    /// Relinks or drops gazetteer matches whose surface has several senses,
    /// and adds bare mentions the context names.
    ///
    /// The words' cover is kept as [`Doc::recover`] leaves it, but is only
    /// recomputed when a step changed a span or dropped an entity: most
    /// documents have nothing to relink.
    pub fn disambiguate(&mut self) {
        self.heads_and_adjectives();
        if self.lx.senses.is_empty() {
            return;
        }
        let mut dropped = false;
        for i in 0..self.ents.len() {
            dropped |= self.resense(i);
        }
        self.bare_senses(dropped);
    }

    /// Disambiguation step 1: relinks or drops gazetteer match `i` when its
    /// surface has several senses; whether it dropped it.
    fn resense(&mut self, i: usize) -> bool {
        let (ts, te) = (self.ents[i].ts, self.ents[i].te);
        if te <= ts || !self.ents[i].alive {
            return false;
        }
        // The surface is the match after a proclitic (the one the lexicon
        // strips from its first word, or the match's own): it ends where
        // the match ends, and most matches end like no listed surface and
        // need no lookup.
        let (s, b) = (self.toks[ts].s, self.toks[te - 1].e);
        if !Stems::senses(self.lx).may_end(self.norm.as_bytes(), s, b) {
            return false;
        }
        // The match's own proclitic (لبرشلونة: the lexicon knows no stem,
        // the gazetteer matched ل + برشلونة).
        let pre = match self.lk(ts).pre {
            0 => self.ents[i].e.prefix.map_or(0, str::len),
            p => usize::from(p),
        };
        let a = s + pre;
        let key = self.surface_key(te, a);
        let Some(senses) = self.lx.sense(key) else {
            return false;
        };
        let Some(sense) = self.pick(senses, ts, te) else {
            return false;
        };
        match &sense.id {
            SenseId::Drop => {
                self.ents[i].alive = false;
                return true;
            }
            SenseId::Id(id) => {
                let ent = &mut self.ents[i];
                ent.e.id = Some(id);
                ent.e.kind = &sense.kind;
                ent.e.name = Cow::Borrowed(&sense.name);
            }
            SenseId::NoId => {
                let name = clean_name(&self.text[self.os_stem(ts)..self.oe(te - 1)]);
                let ent = &mut self.ents[i];
                ent.e.id = None;
                ent.e.kind = &sense.kind;
                ent.e.how = How::Pattern;
                ent.e.name = Cow::Owned(name);
            }
        }
        false
    }

    /// Disambiguation step 2: adds the bare mentions (a listed surface alone
    /// on a candidate word) that the context names. `stale`: an entity was
    /// dropped since the cover was last recomputed.
    fn bare_senses(&mut self, stale: bool) {
        // Bare mentions the gazetteer did not match (الجزيرة alone): only
        // the candidate words can be one (a listed surface after at most
        // two proclitic letters is among the keys of the words' filter).
        if stale {
            self.recover();
        }
        let first_new = self.ents.len();
        let senses = Stems::senses(self.lx);
        for ci in 0..self.cands.len() {
            let t = self.cands[ci] as usize;
            let x = self.toks[t];
            if self.cover[t] != 0
                || !self.lx.may_end_sense(self.word(t).as_bytes())
                || !senses.may_end(self.norm.as_bytes(), x.s, x.e)
            {
                continue;
            }
            let w = self.word(t);
            // The word as written or after one or two proclitic letters;
            // the signature bitmap answers most words without hashing.
            let found = [0usize, 2, 4]
                .into_iter()
                .filter(|&p| p < w.len())
                .filter_map(|p| Some((w.get(..p)?, w.get(p..)?)))
                .filter(|(p, _)| {
                    matches!(
                        *p,
                        "" | "و"
                            | "ف"
                            | "ب"
                            | "ل"
                            | "ك"
                            | "وب"
                            | "ول"
                            | "وك"
                            | "فب"
                            | "فل"
                            | "فك"
                    )
                })
                .find_map(|(p, r)| self.lx.sense(r).map(|s| (s, p.len())));
            let Some((senses, pre)) = found else { continue };
            let Some(sense) = self.pick(senses, t, t + 1) else {
                continue;
            };
            let (os, oe) = self.span(t);
            let (id, name, how) = match &sense.id {
                SenseId::Id(id) => (Some(&**id), Cow::Borrowed(&*sense.name), How::Gazetteer),
                // A name of no listed referent (a club called by a common
                // word: الهلال، الشباب after فريق): the word as written,
                // without its proclitics.
                SenseId::NoId => {
                    let from = if pre == 0 {
                        os
                    } else {
                        self.nt.to_original(self.toks[t].s + pre)
                    };
                    let name = clean_name(self.text.get(from..oe).unwrap_or_default());
                    (None, Cow::Owned(name), How::Pattern)
                }
                SenseId::Drop => continue,
            };
            self.ents.push(Ent {
                ts: t,
                te: t + 1,
                e: Entity {
                    start: os,
                    end: oe,
                    kind: &sense.kind,
                    id,
                    name,
                    prefix: static_prefix(&w[..pre]),
                    how,
                },
                alive: true,
            });
        }
        // Each new mention is one word no entity covered (and the
        // candidate words are distinct): marking them is what
        // `recover` would do.
        self.cover_new(first_new);
        debug_assert!(self.cover_is_recovered(), "cover after bare senses");
    }

    /// Marks the words of the live entities `first..` in the cover, later
    /// entities last: what [`Doc::recover`] computes, when the cover was
    /// up to date for the entities before `first` and they have not
    /// changed since.
    pub(super) fn cover_new(&mut self, first: usize) {
        let n = self.toks.len();
        for (i, e) in self.ents.iter().enumerate().skip(first) {
            if e.alive {
                for c in &mut self.cover[e.ts.min(n)..e.te.min(n)] {
                    *c = i as u32 + 1;
                }
            }
        }
    }

    /// Whether the cover is what [`Doc::recover`] would compute now (the
    /// check behind the steps that skip or narrow it, in debug builds).
    pub(super) fn cover_is_recovered(&self) -> bool {
        let n = self.toks.len();
        let mut want = vec![0u32; n];
        for (i, e) in self.ents.iter().enumerate() {
            if e.alive {
                for c in &mut want[e.ts.min(n)..e.te.min(n)] {
                    *c = i as u32 + 1;
                }
            }
        }
        want == self.cover
    }

    /// The words (indices, ascending, once each) whose normalized text
    /// contains one of `needles`.
    pub(super) fn words_containing<'n>(
        &self,
        needles: impl Iterator<Item = &'n str>,
    ) -> Vec<usize> {
        let mut out = Vec::new();
        for needle in needles {
            if needle.is_empty() {
                continue;
            }
            for pos in memchr::memmem::find_iter(self.norm.as_bytes(), needle.as_bytes()) {
                let t = self.toks.partition_point(|x| x.e <= pos);
                if self.toks.get(t).is_some_and(|x| x.s <= pos) {
                    out.push(t);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Whether the definite nisba at word `t` reads as an adjective of the
    /// word before it: an adjective follows its definite noun (الرئيس
    /// التشيلي، الحكومة المالية، الجانب السعودي; a feminine one a noun in
    /// ة or ات) or, after و, another
    /// nisba it is coordinated with (الحكومتان المصرية والسعودية). Else the
    /// word is the country's name itself (في السعودية، زار السعودية، مصر
    /// والسعودية, a sentence's first word).
    fn agrees_with_previous(&self, t: usize) -> bool {
        let Some(p) = t.checked_sub(1) else {
            return false;
        };
        if self.toks[t].hard {
            return false;
        }
        let prev = self.lk(p);
        let definite = prev.def || self.toks[p].shape & (shape::DEF | shape::PREP_DEF) != 0;
        let nisba = prev.flags & (class::NISBA | class::NISBA_INTL) != 0;
        if self.lk(t).pre > 0 {
            return definite && nisba;
        }
        // A feminine nisba agrees with a feminine noun (ة) or a plural in
        // ات (the gazetteer's context rule knows the broken plurals): not
        // with الوزير (وزار الوزير السعودية).
        let w = self.word(p);
        let feminine = !self.word(t).ends_with("يه") || w.ends_with('ه') || w.ends_with("ات");
        definite && (feminine || nisba)
    }

    /// Two context rules on gazetteer matches:
    /// * a country's adjective with the article right after a definite
    ///   noun is not the country (الرئيس التشيلي، الحكومة المالية): the
    ///   match is dropped; elsewhere (في السعودية) it is the country;
    /// * a head noun right before a known organisation (صحيفة لوموند، جماعة
    ///   بوكو حرام) or a geographic head before a known place (جزيرة
    ///   سقطرى) joins the span; the id stays.
    fn heads_and_adjectives(&mut self) {
        // The head classes asked here are only on head words: the filter
        // spares the other words a lookup.
        let heads = Stems::heads();
        let (toks, norm) = (self.toks, self.norm.as_bytes());
        let head = |t: usize| toks.get(t).is_some_and(|x| heads.may_end(norm, x.s, x.e));
        let mut changed = false;
        for i in 0..self.ents.len() {
            let (ts, te) = (self.ents[i].ts, self.ents[i].te);
            if te != ts + 1 && te <= ts {
                continue;
            }
            let tok = self.toks[ts];
            // The kind, compared once (the steps below change no kind).
            let kind = self.ents[i].e.kind;
            let (loc, org) = (kind == "LOC", kind == "ORG");
            if loc
                && te == ts + 1
                && (self.word(ts).ends_with('ي') || self.word(ts).ends_with("يه"))
                && (self.lk(ts).def || tok.shape & shape::DEF != 0)
                && self.lk(ts).flags & (class::NISBA | class::NISBA_INTL) != 0
                && self.agrees_with_previous(ts)
            {
                self.ents[i].alive = false;
                changed = true;
                continue;
            }
            // محافظة مأرب، ولاية أوهايو: a gazetteer place written with the
            // head of its division is reported without the head (as the
            // place rule reports محافظة X → X); the id stays.
            if self.ents[i].alive
                && loc
                && self.ents[i].e.how == How::Gazetteer
                && te > ts + 1
                && head(ts)
                && self.flags(ts) & class::DIVISION != 0
                && !self.lk(ts).def
                && !self.toks[ts + 1].hard
            {
                let start = self.os(ts + 1);
                let ent = &mut self.ents[i];
                ent.ts = ts + 1;
                ent.e.start = start;
                ent.e.prefix = None;
                changed = true;
                continue;
            }
            let Some(h) = ts.checked_sub(1) else { continue };
            // Only an organisation or a place without a proclitic joins.
            let may_join = (org || loc) && self.ents[i].e.prefix.is_none();
            if !may_join || tok.hard || self.cover[h] != 0 || !head(h) || self.lk(h).def {
                continue;
            }
            let fh = self.flags(h);
            let joins = if org {
                fh & class::ORG_HEAD != 0
            } else {
                loc && fh & class::SAME_REFERENT != 0
            };
            if joins && self.ents[i].e.prefix.is_none() {
                let hp = self.toks[h];
                let pre = usize::from(self.lk(h).pre);
                let start = self.os(h);
                let ent = &mut self.ents[i];
                ent.ts = h;
                ent.e.start = start;
                ent.e.prefix = if pre > 0 {
                    static_prefix(&self.norm[hp.s..hp.s + pre])
                } else {
                    None
                };
                changed = true;
            }
        }
        if changed {
            self.recover();
        }
        debug_assert!(
            self.cover_is_recovered(),
            "cover after heads and adjectives"
        );
    }

    fn surface_key(&self, te: usize, a: usize) -> &'d str {
        let b = self.toks[te - 1].e;
        if a < b { &self.norm[a..b] } else { "" }
    }

    /// The sense whose cues the context holds: a cue next to the name
    /// first, then the sense with most cues in the sentence.
    fn pick<'s>(&self, senses: &'s [Sense], ts: usize, te: usize) -> Option<&'s Sense> {
        let n = self.toks.len();
        for s in senses {
            let hit = match s.place {
                CueWhere::Before => {
                    (ts.saturating_sub(2)..ts).any(|t| s.cues.iter().any(|c| self.word_is(t, c)))
                }
                CueWhere::After => {
                    (te..(te + 2).min(n)).any(|t| s.cues.iter().any(|c| self.word_is(t, c)))
                }
                CueWhere::Report => {
                    ts > 0
                        && (self.flags(ts - 1) & class::REPORT != 0
                            || s.cues.iter().any(|c| self.word_is(ts - 1, c)))
                }
                CueWhere::Sentence => false,
            };
            if hit {
                return Some(s);
            }
        }
        let sent = self.toks[ts].sent;
        let mut lo = ts;
        while lo > 0 && self.toks[lo - 1].sent == sent {
            lo -= 1;
        }
        let mut hi = te.min(n);
        while hi < n && self.toks[hi].sent == sent {
            hi += 1;
        }
        let mut best: Option<(&Sense, usize)> = None;
        for s in senses.iter().filter(|s| s.place == CueWhere::Sentence) {
            let hits = (lo..hi)
                .filter(|&t| t < ts || t >= te)
                .filter(|&t| s.cues.iter().any(|c| self.word_is(t, c)))
                .count();
            if hits > 0 && best.is_none_or(|(_, h)| hits > h) {
                best = Some((s, hits));
            }
        }
        best.map(|(s, _)| s)
    }

    // ---- a place inside a longer name -----------------------------------

    /// A known place inside a club's name becomes the club (ORG); after an
    /// event's head it is dropped.
    pub fn longer_names(&mut self) {
        let n = self.toks.len();
        // The club and event classes are only on head words: the filter
        // spares the words around most places a lookup.
        let heads = Stems::heads();
        let (toks, norm) = (self.toks, self.norm.as_bytes());
        let head = |t: usize| toks.get(t).is_some_and(|x| heads.may_end(norm, x.s, x.e));
        let mut added = Vec::new();
        let mut dropped = false;
        for i in 0..self.ents.len() {
            let ent = &self.ents[i];
            if !ent.alive || ent.e.kind != "LOC" || ent.te <= ent.ts {
                continue;
            }
            let (ts, te) = (ent.ts, ent.te);
            let before = ts.checked_sub(1).filter(|_| !self.toks[ts].hard);
            // ريال مدريد، أتلتيكو مدريد
            if let Some(b) = before
                && head(b)
                && self.flags(b) & class::CLUB_PRE != 0
                && self.lk(b).pre == 0
                && self.covering(b).is_none()
            {
                // نادي ريال مدريد
                let b = if b > 0 && !self.toks[b].hard && self.stem(b - 1) == "نادي" {
                    b - 1
                } else {
                    b
                };
                added.push((b, te));
                self.ents[i].alive = false;
                dropped = true;
                continue;
            }
            // مانشستر يونايتد، باريس سان جيرمان
            // (not وسان سلفادور: a conjunction, then another place)
            if te < n
                && !self.hard(te)
                && head(te)
                && self.flags(te) & class::CLUB_POST != 0
                && self.lk(te).pre == 0
                && self.cover[te] == 0
            {
                let mut end = te + 1;
                if self.word(te) == "سان" && end < n && !self.hard(end) && self.flags(end) == 0 {
                    end += 1;
                }
                added.push((ts, end));
                self.ents[i].alive = false;
                dropped = true;
                continue;
            }
            // بطولة فرنسا المفتوحة، دوري أبطال أوروبا
            let event = before.is_some_and(|b| head(b) && self.flags(b) & class::EVENT_HEAD != 0)
                || (ts >= 2
                    && !self.hard(ts)
                    && !self.hard(ts - 1)
                    && head(ts - 2)
                    && self.flags(ts - 2) & class::EVENT_HEAD != 0
                    && self.lk(ts - 2).pre == 0
                    && self.flags(ts - 1) & (class::BOUNDARY | class::VERB) == 0);
            if event {
                self.ents[i].alive = false;
                dropped = true;
            }
        }
        // Every name added replaces a dropped place; with none dropped the
        // cover is as it was.
        if dropped {
            for (ts, te) in added {
                self.push_pattern(ts, te, "ORG", true);
            }
            self.recover();
        }
        debug_assert!(self.cover_is_recovered(), "cover after longer names");
    }
}
