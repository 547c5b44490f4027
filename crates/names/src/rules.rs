//! The rules, over the words of one document.

use std::borrow::Cow;

use khabar_gazetteer::Match;
use rustc_hash::FxHashMap;

use crate::lexicon::{CueWhere, Lexicon, Sense, SenseId, Tails, class};
use crate::tokens::{Tok, shape};
use crate::{Entity, How};

/// An entity under construction: its words and its record fields.
#[derive(Clone, Debug)]
struct Ent<'a> {
    /// Word range `ts..te`.
    ts: usize,
    te: usize,
    e: Entity<'a>,
    alive: bool,
}

/// The proclitic spellings reported as `prefix`.
const PREFIXES: [&str; 18] = [
    "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك", "لل", "ولل", "فلل", "ال", "وال",
    "بال", "كال",
];

fn static_prefix(p: &str) -> Option<&'static str> {
    PREFIXES.iter().copied().find(|x| *x == p)
}

/// Removes diacritics, tatweel and invisible controls, and folds runs of
/// space to one space.
fn clean_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let u = c as u32;
        let drop = matches!(u, 0x064B..=0x065F | 0x0670 | 0x0640 | 0x0610..=0x061A | 0x06D6..=0x06ED
            | 0x00AD | 0x061C | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060 | 0x2066..=0x2069 | 0xFEFF);
        if drop {
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Whether an unknown word looks like a verb or a verbal noun with a
/// preposition rather than a name: سيعود، ستبدأ (future), بمحاربة، لتطوير
/// (preposition + a noun of the مفعلة/تفعيل patterns).
fn verb_shaped(w: &str, letters: u8) -> bool {
    let mut cs = w.chars();
    let (a, b) = (cs.next(), cs.next());
    match (a, b) {
        (Some('س'), Some('ي' | 'ت' | 'ن')) => letters >= 5,
        (Some('ب' | 'ل'), Some('م' | 'ت')) => letters >= 6,
        _ => false,
    }
}

/// One document's words, gazetteer entities and found names.
pub(crate) struct Doc<'a, 'd> {
    text: &'d str,
    norm: &'d str,
    toks: &'d [Tok],
    lx: &'a Lexicon,
    ents: Vec<Ent<'a>>,
    /// For each word, the index + 1 of the live entity covering it (0: none).
    cover: Vec<u32>,
}

impl<'a, 'd> Doc<'a, 'd> {
    pub fn new(
        text: &'d str,
        norm: &'d str,
        toks: &'d [Tok],
        lx: &'a Lexicon,
        matches: &[Match<'a>],
        mut cover: Vec<u32>,
    ) -> Doc<'a, 'd> {
        cover.clear();
        cover.resize(toks.len(), 0);
        // Room for the patterns too: growing the vector costs a copy.
        let mut ents = Vec::with_capacity(matches.len() * 2 + 16);
        // Words and matches are both in text order: one forward walk.
        let mut t = 0;
        for m in matches {
            while t < toks.len() && toks[t].oe <= m.start {
                t += 1;
            }
            let ts = t;
            let mut te = t;
            while te < toks.len() && toks[te].os < m.end {
                te += 1;
            }
            ents.push(Ent {
                ts,
                te: te.max(ts),
                e: Entity::from_match(m),
                alive: true,
            });
        }
        let mut doc = Doc {
            text,
            norm,
            toks,
            lx,
            ents,
            cover,
        };
        doc.recover();
        doc
    }

    fn recover(&mut self) {
        self.cover.iter_mut().for_each(|c| *c = 0);
        for (i, e) in self.ents.iter().enumerate() {
            if e.alive {
                for c in &mut self.cover[e.ts..e.te.min(self.toks.len())] {
                    *c = i as u32 + 1;
                }
            }
        }
    }

    fn covering(&self, t: usize) -> Option<&Ent<'a>> {
        match self.cover.get(t) {
            Some(&c) if c > 0 => self.ents.get(c as usize - 1),
            _ => None,
        }
    }

    fn flags(&self, t: usize) -> u32 {
        self.toks.get(t).map_or(0, |x| x.lk.flags)
    }

    fn hard(&self, t: usize) -> bool {
        self.toks.get(t).is_none_or(|x| x.hard)
    }

    /// The word as normalized.
    fn word(&self, t: usize) -> &'d str {
        self.toks.get(t).map_or("", |x| &self.norm[x.s..x.e])
    }

    /// The word without the proclitics the lexicon stripped.
    fn stem(&self, t: usize) -> &'d str {
        self.toks
            .get(t)
            .map_or("", |x| &self.norm[x.s + usize::from(x.lk.pre)..x.e])
    }

    /// Whether the word, with any proclitic stripped, is `cue`.
    fn word_is(&self, t: usize, cue: &str) -> bool {
        let w = self.word(t);
        if w == cue {
            return true;
        }
        for c in ["", "و", "ف"] {
            let Some(r) = w.strip_prefix(c) else { continue };
            for p in ["", "ب", "ل", "ك"] {
                let Some(r) = r.strip_prefix(p) else { continue };
                if r == cue {
                    return true;
                }
                if p == "ل"
                    && let Some(r) = r.strip_prefix('ل')
                    && cue.strip_prefix("ال") == Some(r)
                {
                    return true;
                }
            }
        }
        false
    }

    // ---- disambiguation -------------------------------------------------

    /// Relinks or drops gazetteer matches whose surface has several senses,
    /// and adds bare mentions the context names.
    pub fn disambiguate(&mut self) {
        self.heads_and_adjectives();
        if self.lx.senses.is_empty() {
            return;
        }
        for i in 0..self.ents.len() {
            let (ts, te) = (self.ents[i].ts, self.ents[i].te);
            if te <= ts || !self.ents[i].alive {
                continue;
            }
            let a = self.toks[ts].s + usize::from(self.toks[ts].lk.pre);
            let key = self.surface_key(te, a);
            let Some(senses) = self.lx.senses.get(key) else {
                continue;
            };
            let Some(sense) = self.pick(senses, ts, te) else {
                continue;
            };
            let ent = &mut self.ents[i];
            match &sense.id {
                SenseId::Drop => ent.alive = false,
                SenseId::Id(id) => {
                    ent.e.id = Some(id);
                    ent.e.kind = &sense.kind;
                    ent.e.name = Cow::Borrowed(&sense.name);
                }
                SenseId::NoId => {
                    ent.e.id = None;
                    ent.e.kind = &sense.kind;
                    ent.e.how = How::Pattern;
                    let name = clean_name(&self.text[self.toks[ts].os_stem..self.toks[te - 1].oe]);
                    ent.e.name = Cow::Owned(name);
                }
            }
        }
        // Bare mentions the gazetteer did not match (الجزيرة alone): only
        // the words that contain a listed surface (a SIMD substring search
        // finds them; most documents have none).
        self.recover();
        let candidates = self.words_containing(self.lx.senses.keys().map(|k| &**k));
        for t in candidates {
            if self.cover[t] != 0 {
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
            if let SenseId::Id(id) = &sense.id {
                let tok = self.toks[t];
                let os = tok.os;
                self.ents.push(Ent {
                    ts: t,
                    te: t + 1,
                    e: Entity {
                        start: os,
                        end: tok.oe,
                        kind: &sense.kind,
                        id: Some(id),
                        name: Cow::Borrowed(&sense.name),
                        prefix: static_prefix(&w[..pre]),
                        how: How::Gazetteer,
                    },
                    alive: true,
                });
            }
        }
        self.recover();
    }

    /// The words (indices, ascending, once each) whose normalized text
    /// contains one of `needles`.
    fn words_containing<'n>(&self, needles: impl Iterator<Item = &'n str>) -> Vec<usize> {
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

    /// Two context rules on gazetteer matches:
    /// * a country's adjective with the article is not the country
    ///   (الرئيس التشيلي، الحكومة المالية): the match is dropped;
    /// * a head noun right before a known organisation (صحيفة لوموند، جماعة
    ///   بوكو حرام) or a geographic head before a known place (جزيرة
    ///   سقطرى) joins the span; the id stays.
    fn heads_and_adjectives(&mut self) {
        for i in 0..self.ents.len() {
            let (ts, te) = (self.ents[i].ts, self.ents[i].te);
            if te != ts + 1 && te <= ts {
                continue;
            }
            let tok = self.toks[ts];
            if self.ents[i].e.kind == "LOC"
                && te == ts + 1
                && (tok.lk.def || tok.shape & shape::DEF != 0)
                && tok.lk.flags & (class::NISBA | class::NISBA_INTL) != 0
                && (self.word(ts).ends_with('ي') || self.word(ts).ends_with("يه"))
            {
                self.ents[i].alive = false;
                continue;
            }
            let Some(h) = ts.checked_sub(1) else { continue };
            if tok.hard || self.cover[h] != 0 || self.toks[h].lk.def {
                continue;
            }
            let fh = self.flags(h);
            let joins = match self.ents[i].e.kind {
                "ORG" => fh & class::ORG_HEAD != 0,
                "LOC" => fh & class::SAME_REFERENT != 0,
                _ => false,
            };
            if joins && self.ents[i].e.prefix.is_none() {
                let hp = self.toks[h];
                let ent = &mut self.ents[i];
                ent.ts = h;
                ent.e.start = hp.os;
                ent.e.prefix = if hp.lk.pre > 0 {
                    static_prefix(&self.norm[hp.s..hp.s + usize::from(hp.lk.pre)])
                } else {
                    None
                };
            }
        }
        self.recover();
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
        let mut added = Vec::new();
        for i in 0..self.ents.len() {
            let ent = &self.ents[i];
            if !ent.alive || ent.e.kind != "LOC" || ent.te <= ent.ts {
                continue;
            }
            let (ts, te) = (ent.ts, ent.te);
            let before = ts.checked_sub(1).filter(|_| !self.toks[ts].hard);
            // ريال مدريد، أتلتيكو مدريد
            if let Some(b) = before
                && self.flags(b) & class::CLUB_PRE != 0
                && self.toks[b].lk.pre == 0
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
                continue;
            }
            // مانشستر يونايتد، باريس سان جيرمان
            // (not وسان سلفادور: a conjunction, then another place)
            if te < n
                && !self.hard(te)
                && self.flags(te) & class::CLUB_POST != 0
                && self.toks[te].lk.pre == 0
                && self.cover[te] == 0
            {
                let mut end = te + 1;
                if self.word(te) == "سان" && end < n && !self.hard(end) && self.flags(end) == 0 {
                    end += 1;
                }
                added.push((ts, end));
                self.ents[i].alive = false;
                continue;
            }
            // بطولة فرنسا المفتوحة، دوري أبطال أوروبا
            let event = before.is_some_and(|b| self.flags(b) & class::EVENT_HEAD != 0)
                || (ts >= 2
                    && !self.hard(ts)
                    && !self.hard(ts - 1)
                    && self.flags(ts - 2) & class::EVENT_HEAD != 0
                    && self.toks[ts - 2].lk.pre == 0
                    && self.flags(ts - 1) & (class::BOUNDARY | class::VERB) == 0);
            if event {
                self.ents[i].alive = false;
            }
        }
        for (ts, te) in added {
            self.push_pattern(ts, te, "ORG", true);
        }
        self.recover();
    }

    // ---- patterns --------------------------------------------------------

    /// Whether word `t` can be part of a person's name.
    fn name_ok(&self, t: usize, first: bool) -> bool {
        let Some(tok) = self.toks.get(t) else {
            return false;
        };
        if self.cover[t] != 0 || tok.shape & (shape::LATIN | shape::DIGIT | shape::PREP_DEF) != 0 {
            return false;
        }
        if tok.maqsura(self.text) && tok.lk.flags & class::GIVEN == 0 {
            // على، إلى، حتى written with ى are never عليّ...
            if matches!(self.word(t), "علي" | "الي" | "حتي" | "لدي" | "متي") {
                return false;
            }
        }
        let f = tok.lk.flags;
        if f & (class::GIVEN | class::GIVEN_WEAK) != 0 && tok.lk.pre == 0 {
            return f & (class::BOUNDARY | class::VERB | class::REPORT | class::TITLE) == 0;
        }
        if f != 0 {
            return false;
        }
        if tok.letters < 2 {
            return false;
        }
        // A conjunction glued to a following word ends a name (ترامب وبايدن);
        // so does a noun with an attached pronoun (كيم التزامه).
        if !first && self.word(t).starts_with('و') && tok.letters >= 5 {
            return false;
        }
        if tok.pronoun(self.text, self.norm) && (!first || self.pronoun_on_noun(t)) {
            return false;
        }
        if first && verb_shaped(self.word(t), tok.letters) {
            return false;
        }
        true
    }

    /// Whether word `t`, which ends like a pronoun suffix, is a known noun
    /// with that suffix (ضيفه، بلاده) rather than a name ending in ه (إيرفيه).
    fn pronoun_on_noun(&self, t: usize) -> bool {
        let w = self.word(t);
        ["هما", "ها", "هم", "كم", "ه"].iter().any(|suffix| {
            w.strip_suffix(suffix)
                .is_some_and(|stem| stem.chars().count() >= 2 && self.lx.lookup(stem).flags != 0)
        })
    }

    /// Extends a person's name from word `j`: name words and particles,
    /// at most `max` name words; the end (exclusive).
    fn extend_name(&self, j: usize, max: usize, fresh: bool) -> usize {
        let n = self.toks.len();
        let mut k = j;
        let mut count = 0;
        // Indefinite name words in a row (for the article rule below).
        let mut plain = 0;
        // The word after a particle or after عبد belongs to it.
        let mut bound = false;
        while k < n && count < max {
            if k > j && self.toks[k].hard {
                break;
            }
            let f = self.flags(k);
            if f & class::PARTICLE != 0 && self.toks[k].lk.pre == 0 && self.cover[k] == 0 {
                if k + 1 < n && !self.toks[k + 1].hard && self.name_ok(k + 1, false) {
                    k += 1;
                    bound = true;
                    continue;
                }
                break;
            }
            if !self.name_ok(k, fresh && k == j) {
                break;
            }
            let def = self.toks[k].shape & shape::DEF != 0;
            // After two plain name words a word with the article is the
            // object of the verb (أدى مواي كيباكي اليمين), unless it is a
            // family name of the الـ…ي shape or a given name.
            if def
                && plain >= 2
                && !bound
                && f & (class::GIVEN | class::GIVEN_WEAK) == 0
                && !self.word(k).ends_with('ي')
            {
                break;
            }
            plain = if def { 0 } else { plain + 1 };
            if !bound {
                count += 1;
            }
            bound = self.word(k) == "عبد";
            k += 1;
        }
        k
    }

    /// Finds people, organisations and places by their context.
    pub fn patterns(&mut self) {
        let n = self.toks.len();
        let mut t = 0;
        while t < n {
            // Every rule starts at a title or a role, a reporting verb, a
            // head noun, a given name or أبو (a particle): other words,
            // most of a text, are skipped without five calls.
            const STARTS: u32 = class::TITLE
                | class::ROLE
                | class::REPORT
                | class::ORG_HEAD
                | class::LOC_HEAD
                | class::GIVEN
                | class::GIVEN_WEAK
                | class::PARTICLE;
            if self.toks[t].lk.flags & STARTS == 0 {
                t += 1;
                continue;
            }
            let next = self
                .title_rule(t)
                .or_else(|| self.report_rule(t))
                .or_else(|| self.org_rule(t))
                .or_else(|| self.place_rule(t))
                .or_else(|| self.given_rule(t));
            t = match next {
                Some(end) if end > t => end,
                _ => t + 1,
            };
        }
    }

    /// الرئيس التونسي الأسبق الباجي قايد السبسي
    fn title_rule(&mut self, i: usize) -> Option<usize> {
        let f = self.flags(i);
        if f & (class::TITLE | class::ROLE) == 0 || self.cover[i] != 0 {
            return None;
        }
        let n = self.toks.len();
        let mut j = i + 1;
        let mut need_comp = f & class::TITLE == 0;
        let mut chain = 0;
        while j < n && !self.toks[j].hard && chain < 8 {
            let fj = self.flags(j);
            if let Some(e) = self.covering(j) {
                if e.e.kind == "PER" {
                    break;
                }
                j = e.te.max(j + 1);
                need_comp = false;
                chain += 1;
                continue;
            }
            // السفير الفرنسي في بيروت …
            if !need_comp
                && self.word(j) == "في"
                && chain > 0
                && j + 1 < n
                && !self.toks[j + 1].hard
                && self
                    .covering(j + 1)
                    .is_some_and(|e| e.e.kind == "LOC" && e.ts == j + 1)
            {
                j = self.covering(j + 1).map_or(j + 2, |e| e.te);
                chain += 1;
                continue;
            }
            if need_comp {
                if fj & (class::BOUNDARY | class::VERB | class::REPORT) != 0
                    || (fj & class::GIVEN != 0 && fj & class::NOT_NAME == 0)
                    || self.toks[j].shape & (shape::DIGIT | shape::LATIN) != 0
                {
                    break;
                }
                need_comp = fj & (class::ROLE | class::ORG_HEAD) != 0 || self.stem(j) == "باسم";
                j += 1;
                chain += 1;
                continue;
            }
            let def_common = fj & class::COMMON != 0 && self.toks[j].lk.def;
            if fj & (class::COMP | class::MODIFIER | class::NISBA | class::NISBA_INTL) != 0
                || def_common
            {
                need_comp = self.stem(j) == "باسم";
                j += 1;
                chain += 1;
                continue;
            }
            if fj & (class::ROLE | class::TITLE | class::ORG_HEAD) != 0 && fj & class::BOUNDARY == 0
            {
                need_comp = fj & (class::ROLE | class::ORG_HEAD) != 0
                    && !(fj & class::TITLE != 0 && self.toks[j].lk.def);
                j += 1;
                chain += 1;
                continue;
            }
            break;
        }
        if j >= n || self.toks[j].hard || need_comp {
            return None;
        }
        if f & class::TITLE == 0 && chain == 0 {
            return None;
        }
        // A gazetteer person right after the chain: the gazetteer has it.
        if !self.name_ok(j, true) {
            return None;
        }
        let mut k = self.extend_name(j, 4, true);
        if k == j {
            return None;
        }
        // One word with the article is a name only in the family-name shape
        // الـ…ي (الرئيس السيسي), not a noun (لمساعدة الكرملين القتال).
        if k == j + 1
            && self.toks[j].shape & shape::DEF != 0
            && self.flags(j) == 0
            && !(self.word(j).ends_with('ي') && self.toks[j].letters >= 5)
        {
            return None;
        }
        // الملك عبد الله الثاني
        if k < n && !self.toks[k].hard && self.flags(k) & class::ORDINAL != 0 {
            k += 1;
        }
        if let Some(end) = self.absorb_person(j, k) {
            return Some(end);
        }
        Some(self.push_person(j, k, false))
    }

    /// قال نتنياهو إن … / أكدت ميركل أن …
    fn report_rule(&mut self, i: usize) -> Option<usize> {
        if self.flags(i) & class::REPORT == 0 {
            return None;
        }
        let j = i + 1;
        let n = self.toks.len();
        if j >= n || self.toks[j].hard || !self.name_ok(j, true) {
            return None;
        }
        let tj = self.toks[j];
        if tj.lk.flags & class::GIVEN_WEAK != 0 && tj.lk.flags & class::GIVEN == 0 {
            return None;
        }
        if tj.shape & shape::DEF != 0 {
            // Only a family name of the الـ…ي shape (البرادعي، الحوثي).
            if !(self.word(j).ends_with('ي') && tj.letters >= 5) {
                return None;
            }
        }
        if tj.letters < 3 {
            return None;
        }
        let k = self.extend_name(j, 3, true);
        if k == j {
            return None;
        }
        // What follows the subject: إن/أن، a preposition, punctuation, a
        // verb or a role (قال ماكرون رئيس فرنسا).
        let ok_end = k >= n || self.toks[k].hard || {
            let f = self.flags(k);
            f & (class::BOUNDARY | class::VERB | class::REPORT | class::TITLE | class::ROLE) != 0
                || (self.toks[k].lk.pre > 0 && f != 0)
        };
        if !ok_end {
            return None;
        }
        Some(self.push_person(j, k, false))
    }

    /// محمد بن سلمان، جورج بوش، أبو بكر البغدادي
    fn given_rule(&mut self, i: usize) -> Option<usize> {
        if self.cover[i] != 0 {
            return None;
        }
        let tok = self.toks[i];
        let f = tok.lk.flags;
        let n = self.toks.len();
        let kunya = tok.lk.pre == 0
            && self.word(i) == "ابو"
            && i + 1 < n
            && !self.toks[i + 1].hard
            && self.name_ok(i + 1, true);
        // A weak given name (جمال، سعيد) starts a name before a strong one
        // or a particle: جمال عبد الناصر، سعيد بن علي.
        let weak_start = f & class::GIVEN_WEAK != 0
            && tok.lk.pre == 0
            && i + 1 < n
            && !self.toks[i + 1].hard
            && self.cover[i + 1] == 0
            && self.flags(i + 1) & (class::GIVEN | class::PARTICLE) != 0
            && self.flags(i + 1) & (class::BOUNDARY | class::VERB) == 0;
        if !kunya
            && !weak_start
            && (f & class::GIVEN == 0 || f & (class::BOUNDARY | class::VERB) != 0)
        {
            return None;
        }
        if !kunya && tok.pronoun(self.text, self.norm) {
            return None;
        }
        // A given name followed by a one-word known place: the place is a
        // family name (توكل كرمان، جورج واشنطن).
        if !kunya
            && i + 1 < n
            && !self.toks[i + 1].hard
            && let Some(c) = self.cover.get(i + 1).copied().filter(|&c| c > 0)
        {
            let e = &self.ents[c as usize - 1];
            if e.e.kind == "LOC" && e.ts == i + 1 && e.te == i + 2 && e.e.how == How::Gazetteer {
                self.ents[c as usize - 1].alive = false;
                self.cover[i + 1] = 0;
            }
        }
        if tok.maqsura(self.text) && self.stem(i) == "علي" {
            return None;
        }
        let k = self.extend_name(i + 1, 3, false);
        if let Some(end) = self.absorb_person(i, k) {
            return Some(end);
        }
        Some(self.push_person(i, k, true))
    }

    /// If a gazetteer person follows the name directly (جون + كيري), the
    /// name becomes that person: returns the person's end.
    fn absorb_person(&mut self, j: usize, k: usize) -> Option<usize> {
        let c = self.cover.get(k).copied().filter(|&c| c > 0)?;
        if self.toks[k].hard || k <= j {
            return None;
        }
        let idx = c as usize - 1;
        if self.ents[idx].e.kind != "PER" || self.ents[idx].ts != k {
            return None;
        }
        let start = self.toks[j].os;
        let ent = &mut self.ents[idx];
        ent.ts = j;
        ent.e.start = start;
        ent.e.prefix = None;
        for c in &mut self.cover[j..k] {
            *c = idx as u32 + 1;
        }
        Some(self.ents[idx].te)
    }

    fn push_person(&mut self, j: usize, k: usize, with_prefix: bool) -> usize {
        if k <= j {
            return j + 1;
        }
        // A lone weak given name is not a name.
        if k == j + 1 {
            let f = self.flags(j);
            if f & class::GIVEN_WEAK != 0 && f & class::GIVEN == 0 && with_prefix {
                return j + 1;
            }
        }
        self.push_pattern(j, k, "PER", with_prefix);
        k
    }

    /// شركة أرامكو، وزارة الخارجية، الاتحاد الأوروبي
    fn org_rule(&mut self, i: usize) -> Option<usize> {
        let tok = self.toks[i];
        let f = tok.lk.flags;
        if f & class::ORG_HEAD == 0 || self.cover[i] != 0 {
            return None;
        }
        let n = self.toks.len();
        let j = i + 1;
        if j >= n || self.toks[j].hard {
            return None;
        }
        if tok.lk.def {
            return self.definite_org(i);
        }
        let strong = f & class::STRONG_HEAD != 0;
        // The first complement.
        let fj = self.flags(j);
        let tj = self.toks[j];
        let mut proper = false;
        let mut k;
        if let Some(e) = self.covering(j) {
            // جامعة القاهرة، بنك إنجلترا; but برلمان كوريا الجنوبية is the
            // country's parliament, and the country stays.
            if e.e.kind != "LOC" || e.ts != j || f & class::PLACE_NAMED == 0 {
                return None;
            }
            proper = true;
            k = e.te;
        } else if fj == 0
            && tj.shape & (shape::PREP_DEF | shape::DIGIT | shape::LATIN) == 0
            && !tj.pronoun(self.text, self.norm)
            && tj.letters >= 2
        {
            // An indefinite unknown word is a proper name (أرامكو); a
            // definite one is a noun of the name (حركة النهضة).
            proper = tj.shape & shape::DEF == 0;
            k = j + 1;
        } else if fj & class::COMP != 0 && fj & (class::BOUNDARY | class::VERB) == 0 {
            k = j + 1;
        } else if fj & class::COMMON != 0 && tj.lk.def && tj.lk.pre == 0 {
            // شركة الطيران الروسية describes a company; جامعة الدول العربية
            // and مجلس التعاون الخليجي name one.
            let next_nisba =
                j + 1 < n && !self.toks[j + 1].hard && self.flags(j + 1) & class::NISBA_INTL != 0;
            if !(strong || next_nisba) {
                return None;
            }
            k = j + 1;
        } else {
            return None;
        }
        // The rest of the name phrase. After a word with the article only
        // words with the article follow (adjectives, coordinated nouns): an
        // indefinite word cannot continue a construct chain.
        let mut words = 1;
        let mut definite = tj.lk.def || tj.shape & shape::DEF != 0;
        while k < n && !self.toks[k].hard && words < 5 {
            let fk = self.flags(k);
            let tk = self.toks[k];
            let def_k = tk.lk.def || tk.shape & (shape::DEF | shape::PREP_DEF) != 0;
            if definite && !def_k && self.covering(k).is_none() {
                break;
            }
            if tk.pronoun(self.text, self.norm) {
                break;
            }
            definite |= def_k;
            if let Some(e) = self.covering(k) {
                if e.e.kind == "LOC" && e.ts == k {
                    k = e.te;
                    words += 1;
                    continue;
                }
                break;
            }
            if fk & (class::BOUNDARY | class::VERB | class::REPORT | class::TITLE | class::ROLE)
                != 0
                || fk & (class::GIVEN) != 0 && fk & class::NOT_NAME == 0
                || tk.shape & (shape::DIGIT | shape::LATIN) != 0
            {
                break;
            }
            let coord = self.word(k).starts_with("وال") && tk.lk.pre == 0 && fk == 0;
            if tk.lk.pre > 0 || (tk.shape & shape::PREP_DEF != 0 && !coord) {
                break;
            }
            if fk
                & (class::NISBA | class::NISBA_INTL | class::COMP | class::COMMON | class::MODIFIER)
                != 0
                || fk == 0
            {
                if fk == 0 && self.word(k).starts_with('و') && !coord && tk.letters >= 5 {
                    break;
                }
                // لتطوير، بدعم: a preposition glued to a verbal noun ends
                // the name.
                if fk == 0
                    && tk.shape & shape::DEF == 0
                    && (self.word(k).starts_with('ل') || self.word(k).starts_with('ب'))
                    && tk.letters >= 5
                {
                    break;
                }
                k += 1;
                words += 1;
                continue;
            }
            break;
        }
        // Trim: trailing common indefinite words and modifiers, and a
        // country adjective after a proper name (شركة أبل الأمريكية).
        while k > j + 1 {
            let fl = self.flags(k - 1);
            let tl = self.toks[k - 1];
            let drop = (fl & class::MODIFIER != 0 && fl & class::COMP == 0)
                || (fl & class::COMMON != 0
                    && fl & (class::COMP | class::NISBA | class::NISBA_INTL) == 0)
                || (proper && fl & class::NISBA != 0);
            let _ = tl;
            if drop && self.covering(k - 1).is_none() {
                k -= 1;
            } else {
                break;
            }
        }
        self.push_org(i, k)
    }

    /// الاتحاد الأوروبي، البنك المركزي المصري
    fn definite_org(&mut self, i: usize) -> Option<usize> {
        let n = self.toks.len();
        let j = i + 1;
        let fj = self.flags(j);
        if self.covering(j).is_some() {
            return None;
        }
        let mut k = if fj & class::NISBA_INTL != 0 {
            j + 1
        } else if (fj == 0 || fj & class::COMP != 0)
            && self.toks[j].lk.def | (self.toks[j].shape & shape::DEF != 0)
            && j + 1 < n
            && !self.toks[j + 1].hard
            && self.covering(j + 1).is_none()
            && self.flags(j + 1) & (class::NISBA | class::NISBA_INTL) != 0
        {
            j + 2
        } else {
            return None;
        };
        while k < n
            && !self.toks[k].hard
            && self.covering(k).is_none()
            && self.flags(k) & (class::NISBA | class::NISBA_INTL) != 0
            && k - i < 5
        {
            k += 1;
        }
        self.push_org(i, k)
    }

    fn push_org(&mut self, i: usize, k: usize) -> Option<usize> {
        // A gazetteer organisation or person inside: the gazetteer wins; a
        // gazetteer place inside is dropped (جامعة القاهرة).
        for t in i..k {
            if let Some(e) = self.covering(t)
                && (e.e.kind != "LOC" || e.ts < i || e.te > k)
            {
                return None;
            }
        }
        for t in i..k {
            let c = self.cover[t];
            if c > 0 {
                self.ents[c as usize - 1].alive = false;
            }
        }
        self.push_pattern(i, k, "ORG", true);
        Some(k)
    }

    /// مدينة الرقة، قرية كفر نبل، نهر الليطاني
    fn place_rule(&mut self, i: usize) -> Option<usize> {
        let tok = self.toks[i];
        let f = tok.lk.flags;
        if f & class::LOC_HEAD == 0 || tok.lk.def || self.cover[i] != 0 {
            return None;
        }
        // وأدى (a verb) folds to وادي (a valley) in the search profile.
        if tok.maqsura(self.text) && self.word(i).ends_with('ي') {
            return None;
        }
        let n = self.toks.len();
        let j = i + 1;
        // Unknown words, given names (محافظة صلاح الدين) and a title with
        // the article (جبل الشيخ، حي الشيخ جراح).
        let place_word = |d: &Self, t: usize| {
            let f = d.flags(t);
            let tok = d.toks.get(t);
            t < n
                && !d.toks[t].hard
                && d.cover[t] == 0
                && (f == 0
                    || (f & (class::GIVEN | class::GIVEN_WEAK) != 0
                        && f & (class::BOUNDARY | class::VERB | class::COMMON) == 0)
                    || (f & class::TITLE != 0 && tok.is_some_and(|x| x.lk.def && x.lk.pre == 0)))
                && d.toks[t].shape & (shape::PREP_DEF | shape::DIGIT | shape::LATIN) == 0
                && !d.toks[t].pronoun(d.text, d.norm)
                && d.toks[t].letters >= 2
        };
        if !place_word(self, j) {
            return None;
        }
        let mut k = j + 1;
        // A conjunction glued to the next word ends the name, unless the
        // word is a given name as written (بني وليد).
        while k < j + 3
            && place_word(self, k)
            && (!self.word(k).starts_with('و') || self.toks[k].lk.pre == 0 && self.flags(k) != 0)
        {
            k += 1;
        }
        if f & class::HEAD_INCLUDED != 0 {
            self.push_pattern(i, k, "LOC", true);
        } else {
            self.push_pattern(j, k, "LOC", false);
        }
        Some(k)
    }

    /// Adds a pattern entity over words `ts..te`; with `with_prefix` the
    /// first word's proclitics are in the span and reported as `prefix`.
    fn push_pattern(&mut self, ts: usize, te: usize, kind: &'a str, with_prefix: bool) {
        if te <= ts || te > self.toks.len() {
            return;
        }
        if (ts..te).any(|t| self.cover[t] != 0 && self.ents[self.cover[t] as usize - 1].alive) {
            return;
        }
        let first = self.toks[ts];
        let last = self.toks[te - 1];
        let (start, name_start, prefix, article) = if with_prefix && first.lk.pre > 0 {
            let p = &self.norm[first.s..first.s + usize::from(first.lk.pre)];
            // للبنك الدولي: the second ل is the article; the name is البنك.
            let ll = first.lk.def && first.lk.art == 2;
            let prefix = if ll {
                static_prefix(&format!("{p}ل"))
            } else {
                static_prefix(p)
            };
            let ns = if ll {
                self.toks[ts].os_stem + 'ل'.len_utf8()
            } else {
                first.os_stem
            };
            (first.os, ns, prefix, ll)
        } else {
            (first.os, first.os, None, false)
        };
        let body = self.text.get(name_start..last.oe).unwrap_or("");
        let mut name = clean_name(body);
        if article {
            name.insert_str(0, "ال");
        }
        if name.is_empty() {
            return;
        }
        let idx = self.ents.len() as u32 + 1;
        self.ents.push(Ent {
            ts,
            te,
            e: Entity {
                start,
                end: last.oe,
                kind,
                id: None,
                name: Cow::Owned(name),
                prefix,
                how: How::Pattern,
            },
            alive: true,
        });
        for c in &mut self.cover[ts..te] {
            *c = idx;
        }
    }

    // ---- coreference -----------------------------------------------------

    /// Links later short mentions (a surname alone) to names found earlier.
    pub fn coreference(&mut self) {
        self.recover();
        // (key, entity index, word after the antecedent)
        let mut keys: Vec<(&'d str, usize, usize)> = Vec::new();
        for (i, e) in self.ents.iter().enumerate() {
            if !e.alive || e.te <= e.ts {
                continue;
            }
            let person = e.e.kind == "PER";
            let pattern = e.e.how == How::Pattern;
            if !person && !pattern {
                continue;
            }
            let last = e.te - 1;
            let tok = self.toks[last];
            if tok.lk.flags != 0 || tok.letters < 3 || tok.shape != 0 && tok.shape != shape::DEF {
                continue;
            }
            // A one-word gazetteer person is its own short form.
            if e.te - e.ts == 1 && !pattern {
                continue;
            }
            let key = if last == e.ts {
                self.stem(last)
            } else {
                self.word(last)
            };
            if key.chars().count() < 3 {
                continue;
            }
            keys.push((key, i, e.te));
        }
        // The first word of a multi-word person when it is a given name or
        // a word of no list, such as an East Asian family name written
        // first (كيم after كيم جونغ أون، تشوي after تشوي سون هوي):
        // a later one-word name found by the given-name rule is that person.
        for (i, e) in self.ents.iter().enumerate() {
            if e.alive && e.e.kind == "PER" && e.te > e.ts + 1 {
                let tok = self.toks[e.ts];
                let f = tok.lk.flags;
                let unknown = f == 0 && tok.letters >= 3 && tok.shape & !shape::DEF == 0;
                if (f & class::GIVEN != 0 || unknown) && tok.lk.pre == 0 {
                    keys.push((self.word(e.ts), i, e.te));
                }
            }
        }
        if keys.is_empty() {
            return;
        }
        // A longer name is a better antecedent than a one-word one.
        keys.sort_by_key(|&(_, i, _)| self.ents[i].te == self.ents[i].ts + 1);
        let mut by_key: FxHashMap<&str, usize> = FxHashMap::default();
        for &(key, i, _) in &keys {
            by_key.entry(key).or_insert(i);
        }
        // A bitmap of the keys' signatures spares most words a hash.
        let mut sigs = [0u64; 16];
        for &(key, _, _) in &keys {
            let g = crate::lexicon::signature(key.as_bytes()) & 1023;
            sigs[g / 64] |= 1 << (g % 64);
        }
        let maybe = |r: &str| {
            let g = crate::lexicon::signature(r.as_bytes()) & 1023;
            sigs[g / 64] & (1 << (g % 64)) != 0
        };
        let mut added = Vec::new();
        // Only a word that ends with a key can be linked (the key is the
        // word, or the word after its proclitics): a bitmap of the keys'
        // last four bytes finds them in one pass over the words.
        let candidates = match Tails::of(keys.iter().map(|k| k.0.as_bytes())) {
            Some(tails) => {
                let nb = self.norm.as_bytes();
                self.toks
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| {
                        x.e >= x.s + 4 && nb.get(x.e - 4..x.e).is_some_and(|b| tails.maybe(b))
                    })
                    .map(|(t, _)| t)
                    .collect()
            }
            None => self.words_containing(keys.iter().map(|k| k.0)),
        };
        for t in candidates {
            if self.cover[t] != 0 {
                // A one-word pattern name that repeats an earlier name's
                // last word (وأضاف السبسي) is that name.
                let c = self.cover[t] as usize - 1;
                let e = &self.ents[c];
                if e.e.how == How::Pattern && e.te == e.ts + 1 && e.ts == t {
                    let w = self.stem(t);
                    if let Some(&(_, i, _)) = keys.iter().find(|&&(key, i, _)| {
                        key == w && i != c && self.ents[i].te > self.ents[i].ts + 1
                    }) {
                        let ante = self.ents[i].e.clone();
                        let e = &mut self.ents[c].e;
                        e.kind = ante.kind;
                        e.id = ante.id;
                        e.name = ante.name;
                        e.how = How::Coreference;
                    }
                }
                continue;
            }
            let w = self.word(t);
            // Usually a later mention; a headline may name the person
            // before the story does, so any position counts.
            // The word as written, or after a proclitic; the hash is only
            // computed when the word's length and first letters allow it.
            let hit = [0usize, 2, 4]
                .into_iter()
                .filter(|&p| p < w.len())
                .filter_map(|p| Some((w.get(..p)?, w.get(p..)?)))
                .filter(|(_, r)| maybe(r))
                .filter(|(p, _)| {
                    matches!(*p, "" | "و" | "ف" | "ب" | "ل" | "وب" | "ول" | "فب" | "فل")
                })
                .find_map(|(p, r)| by_key.get(r).map(|&i| (i, p)));
            if let Some((i, p)) = hit {
                let tok = self.toks[t];
                let ante = &self.ents[i].e;
                added.push(Ent {
                    ts: t,
                    te: t + 1,
                    e: Entity {
                        start: tok.os,
                        end: tok.oe,
                        kind: ante.kind,
                        id: ante.id,
                        name: ante.name.clone(),
                        prefix: if p.is_empty() { None } else { static_prefix(p) },
                        how: How::Coreference,
                    },
                    alive: true,
                });
            }
        }
        self.ents.extend(added);
        self.recover();
    }

    /// The live entities, sorted by start.
    /// Appends the live entities to `out`, sorted by start; gives back the
    /// cover buffer for the next document.
    pub fn finish(self, out: &mut Vec<Entity<'a>>) -> Vec<u32> {
        out.extend(self.ents.into_iter().filter(|e| e.alive).map(|e| e.e));
        out.sort_by_key(|e| (e.start, e.end));
        self.cover
    }
}
