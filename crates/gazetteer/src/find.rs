//! Finding names: the gazetteer's search, from the automaton's raw
//! matches to accepted [`Match`]es.
//!
//! Each engine proposes candidates (the trie and sorted keys only where
//! a name can start, the test oracles' automata everywhere); every one
//! then goes through the same acceptance: a word start or a known
//! proclitic sequence before it, a word end after it, the text spelled
//! like the name where the key is lossy or folds g-letters and
//! separators, the article-less forms only after لل, and the context
//! rules of `context.rs`.

use khabar_normalize::{NormalizedText, Normalizer, Profile};

use crate::context;
use crate::engine::Automaton;
use crate::key::{
    IS_WORD, QAF, SEP, Scratch, char_end_with_marks, is_g, is_lossy, is_short_name, transcode,
    verify_lossy,
};
use crate::proclitics::MAX_PREFIX;
use crate::{Entry, Gazetteer, Match, Stats, sorted, stopwords, trie};

/// Why a raw automaton match was not accepted.
enum Reject {
    /// Not at a word start (and not after a known proclitic sequence).
    Start,
    /// Not at a word end, or the text is not a spelling of the name.
    End,
}

/// An accepted match: proclitics and candidate.
type Accepted = (Option<&'static str>, u32);

impl Gazetteer {
    /// Counts: entries, names, patterns, dropped variants, engine, memory.
    pub fn stats(&self) -> Stats {
        self.stats.clone()
    }

    /// The normalizer profile names were normalized with.
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// Every entry, in the order it was added. The strings are the very
    /// ones this gazetteer's [`Match`]es point to, so a caller can key a
    /// per-entry cache on them (the pipeline keeps each entry's JSON).
    ///
    /// ```
    /// let g = khabar_gazetteer::builtin().build()?;
    /// let m = &g.find_str("زار لافروف موسكو")[0];
    /// let e = g.entries().find(|e| e.id == m.id).unwrap();
    /// assert!(std::ptr::eq(e.name, m.name));
    /// # Ok::<(), khabar_gazetteer::BuildError>(())
    /// ```
    pub fn entries(&self) -> impl Iterator<Item = Entry<'_>> + '_ {
        (0..self.entries.len() as u32).map(|e| Entry {
            id: self.entries.id(e),
            kind: self
                .kinds
                .get(self.entries.kind(e) as usize)
                .map_or("", |k| k),
            name: self.entries.name(e),
        })
    }

    /// Finds the entities of `text`, left to right, without overlaps.
    ///
    /// The matches are collected up front (the iterator owns a `Vec`); use
    /// [`find_into`](Self::find_into) to reuse buffers across documents.
    pub fn find_iter<'g, 't>(
        &'g self,
        text: &'t NormalizedText,
    ) -> impl Iterator<Item = Match<'g>> + 't
    where
        'g: 't,
    {
        let mut out = Vec::new();
        self.find_into(text, &mut Scratch::new(), &mut out);
        out.into_iter()
    }

    /// Normalizes `text` with this gazetteer's profile and finds its
    /// entities; spans index `text`.
    pub fn find_str(&self, text: &str) -> Vec<Match<'_>> {
        let norm = Normalizer::new(self.profile).normalize(text);
        let mut out = Vec::new();
        self.find_into_source(text, &norm, &mut Scratch::new(), &mut out);
        out
    }

    /// As [`find_into`](Self::find_into), with the original text `source`
    /// that `text` was normalized from, for the rules that need what the
    /// normalizer folds away: tanwin on a place name (إسبانياً is an
    /// adverb) and common words written exactly like a folded name (جده
    /// "his grandfather" is not جدة, بابها "its door" not ب + أبها).
    pub fn find_into_source<'g>(
        &'g self,
        source: &str,
        text: &NormalizedText,
        scratch: &mut Scratch,
        out: &mut Vec<Match<'g>>,
    ) {
        let first = out.len();
        self.find_into(text, scratch, out);
        let spans = Some(&mut scratch.spans);
        self.apply_in_step(first, out, spans, |m| context::on_source(source, m));
    }

    /// Applies a context rule to `out[first..]`: keeps names, drops other
    /// words, drops adjectives or makes them `NORP`.
    fn apply<'g>(
        &'g self,
        first: usize,
        out: &mut Vec<Match<'g>>,
        rule: impl Fn(&Match<'g>) -> context::Verdict,
    ) {
        self.apply_in_step(first, out, None, rule);
    }

    /// [`Gazetteer::apply`]; `spans`, when given, holds one span per match
    /// of `out[first..]` and is kept in step.
    fn apply_in_step<'g>(
        &'g self,
        first: usize,
        out: &mut Vec<Match<'g>>,
        mut spans: Option<&mut Vec<std::ops::Range<usize>>>,
        rule: impl Fn(&Match<'g>) -> context::Verdict,
    ) {
        let mut w = first;
        for r in first..out.len() {
            let mut m = out[r];
            match rule(&m) {
                context::Verdict::Name => {}
                context::Verdict::Word => continue,
                context::Verdict::Adjective if self.nisba_norp => m.kind = context::NORP,
                context::Verdict::Adjective => continue,
            }
            out[w] = m;
            if w != r
                && let Some(s) = spans.as_deref_mut()
                && let Some(span) = s.get(r - first).cloned()
                && let Some(slot) = s.get_mut(w - first)
            {
                *slot = span;
            }
            w += 1;
        }
        out.truncate(w);
        if let Some(s) = spans {
            s.truncate(w - first);
        }
    }

    /// Appends the entities of `text` to `out`, using `scratch` for the
    /// per-document buffers (keep one per thread).
    pub fn find_into<'g>(
        &'g self,
        text: &NormalizedText,
        scratch: &mut Scratch,
        out: &mut Vec<Match<'g>>,
    ) {
        transcode(text.as_str(), scratch);
        let first = out.len();
        match &self.automaton {
            Automaton::Sorted(sorted) => self.find_anchored(sorted, text, scratch, out),
            Automaton::Trie(trie) => self.find_trie(trie, text, scratch, out),
            #[cfg(test)]
            _ => self.find_automaton(text, scratch, out),
        }
        // Context rules on the normalized text (idioms, nisba adjectives).
        self.apply(first, out, |m| context::on_normalized(text.as_str(), m));
        // Towns named like common words, only in a place context.
        context::places::apply(text.as_str(), out, first);
        // The matches carry spans of the normalized text so far; they are
        // left to right, so mapping them to the input together costs a
        // short step each instead of two binary searches.
        let found = out.get_mut(first..).unwrap_or_default();
        // The normalized spans stay in `scratch` for the stages after
        // (see [`Scratch::normalized_spans`]).
        scratch.spans.clear();
        scratch.spans.extend(found.iter().map(|m| m.start..m.end));
        for (m, span) in found
            .iter_mut()
            .zip(text.original_ranges(scratch.spans.iter().cloned()))
        {
            m.start = span.start;
            m.end = span.end;
        }
    }

    /// The driver of the aho-corasick and double-array automata: their
    /// leftmost-longest matches, each accepted, cut to a shorter name, or
    /// passed over.
    #[cfg(test)]
    fn find_automaton<'g>(
        &'g self,
        text: &NormalizedText,
        scratch: &Scratch,
        out: &mut Vec<Match<'g>>,
    ) {
        let n = scratch.key.len();
        let mut at = 0;
        while at < n {
            let Some((s, e, p)) = self.automaton.find(&scratch.key, at, n) else {
                break;
            };
            match self.accept(text, scratch, s, e, p) {
                Ok(acc) => {
                    out.push(self.to_match(text, scratch, s, e, acc));
                    at = e;
                }
                Err(Reject::Start) => at = s + 1,
                Err(Reject::End) => match self.shorter(text, scratch, s, e) {
                    Some((e2, acc)) => {
                        out.push(self.to_match(text, scratch, s, e2, acc));
                        at = e2;
                    }
                    None => at = s + 1,
                },
            }
        }
    }

    /// The written form of a proclitic sequence, given its key bytes.
    #[inline]
    fn prefix(&self, bytes: &[u8]) -> Option<&'static str> {
        self.prefixes.get(bytes)
    }

    /// The driver of the trie: the same matches as the automaton's
    /// leftmost-longest search followed by [`accept`](Self::accept), found
    /// by visiting only the positions where `accept` can succeed.
    ///
    /// `accept` refuses every match that starts inside a word unless the
    /// letters between the word start and the match are one proclitic
    /// sequence, so the automaton's matches that can be accepted start at
    /// a word start (or a character that is not a letter) or after such a
    /// sequence. Those positions are visited left to right; at each the
    /// prefilter, then the trie give the longest pattern, and what follows
    /// (accept, a shorter name, the next position) is the automaton
    /// driver's, step for step.
    fn find_trie<'g>(
        &'g self,
        trie: &trie::Trie,
        text: &NormalizedText,
        scratch: &Scratch,
        out: &mut Vec<Match<'g>>,
    ) {
        let n = scratch.key.len();
        let hay = &scratch.key[..];
        let starts = &scratch.starts[..];
        // `starts` ends with `n`: every position visited is below it.
        let mut w = 0;
        'outer: while w + 1 < starts.len() {
            let i = starts[w] as usize;
            let next = starts[w + 1] as usize;
            let mut end = None;
            if trie.may_start(hay, i, n)
                && let Some(e) = self.try_at(trie, text, scratch, i, out)
            {
                end = Some(e);
            } else {
                // Positions after a proclitic sequence at this word start,
                // before the next start.
                let mut idx = 0usize;
                for s in i + 1..(i + MAX_PREFIX + 1).min(next) {
                    let c = self.prefixes.code[hay[s - 1] as usize];
                    if c == 0 {
                        break;
                    }
                    idx = (idx << 3) | c as usize;
                    if self.prefixes.table.get(idx).is_some_and(Option::is_some)
                        && trie.may_start(hay, s, n)
                        && let Some(e) = self.try_at(trie, text, scratch, s, out)
                    {
                        end = Some(e);
                        break;
                    }
                }
            }
            w += 1;
            if let Some(e) = end {
                // An accepted match ends at a word end, which is a start.
                while w < starts.len() && (starts[w] as usize) < e {
                    w += 1;
                }
                if e >= n {
                    break 'outer;
                }
            }
        }
    }

    /// The automaton driver's step at `s`: the longest pattern there, if
    /// any; accepted, or a shorter one after an end that is not a word end.
    /// The end of what was pushed, if anything was.
    #[inline]
    fn try_at<'g>(
        &'g self,
        trie: &trie::Trie,
        text: &NormalizedText,
        scratch: &Scratch,
        s: usize,
        out: &mut Vec<Match<'g>>,
    ) -> Option<usize> {
        let n = scratch.key.len();
        let (e, p) = trie.find(&scratch.key, s, n)?;
        match self.accept(text, scratch, s, e, p) {
            Ok(acc) => {
                out.push(self.to_match(text, scratch, s, e, acc));
                Some(e)
            }
            Err(Reject::Start) => None,
            Err(Reject::End) => {
                let (e2, acc) = self.shorter(text, scratch, s, e)?;
                out.push(self.to_match(text, scratch, s, e2, acc));
                Some(e2)
            }
        }
    }

    /// The driver of the anchored matcher: at every word start, the longest
    /// accepted name there or after a proclitic sequence, in the same order
    /// of preference as the automaton's leftmost-longest search.
    fn find_anchored<'g>(
        &'g self,
        sorted: &sorted::Sorted,
        text: &NormalizedText,
        scratch: &mut Scratch,
        out: &mut Vec<Match<'g>>,
    ) {
        let mut found = std::mem::take(&mut scratch.found);
        let n = scratch.key.len();
        let mut i = 0;
        'outer: while i < n {
            let hay = &scratch.key[..];
            let start = i == 0
                || scratch.gap(i)
                || !IS_WORD[hay[i - 1] as usize]
                || !IS_WORD[hay[i] as usize];
            if !start {
                i += 1;
                continue;
            }
            for k in 0..=MAX_PREFIX {
                let s = i + k;
                if s >= n {
                    break;
                }
                if k > 0 {
                    if scratch.gap(s) || !IS_WORD[hay[s - 1] as usize] || !IS_WORD[hay[s] as usize]
                    {
                        break;
                    }
                    if self.prefix(&hay[i..s]).is_none() {
                        continue;
                    }
                }
                found.clear();
                sorted.prefixes_at(hay, s, &mut found);
                for &(e, p) in found.iter().rev() {
                    if let Ok(acc) = self.accept(text, scratch, s, e, p) {
                        out.push(self.to_match(text, scratch, s, e, acc));
                        i = e;
                        continue 'outer;
                    }
                }
            }
            i += 1;
        }
        scratch.found = found;
    }

    /// After a match at `s..e` failed at its end: the longest pattern that
    /// starts at `s` and ends at an earlier word end, if one is accepted.
    #[cold]
    fn shorter(
        &self,
        text: &NormalizedText,
        scratch: &Scratch,
        s: usize,
        e: usize,
    ) -> Option<(usize, Accepted)> {
        let hay = &scratch.key[..];
        for k in (s + 1..e).rev() {
            let word_end =
                scratch.gap(k) || (IS_WORD[hay[k - 1] as usize] && !IS_WORD[hay[k] as usize]);
            if !word_end {
                continue;
            }
            if let Some((s2, e2, p2)) = self.automaton.find(hay, s, k)
                && s2 == s
                && let Ok(acc) = self.accept(text, scratch, s, e2, p2)
            {
                return Some((e2, acc));
            }
        }
        None
    }

    /// Checks boundaries, proclitics and spelling of a raw match.
    #[inline]
    fn accept(
        &self,
        text: &NormalizedText,
        scratch: &Scratch,
        s: usize,
        e: usize,
        p: u32,
    ) -> Result<Accepted, Reject> {
        let hay = &scratch.key[..];
        let mut prefix = None;
        if IS_WORD[hay[s] as usize] && !scratch.gap(s) && s > 0 && IS_WORD[hay[s - 1] as usize] {
            let mut j = s;
            while !scratch.gap(j) && j > 0 && IS_WORD[hay[j - 1] as usize] {
                if s - j == MAX_PREFIX {
                    return Err(Reject::Start);
                }
                j -= 1;
            }
            let before = &hay[j..s];
            match self.prefix(before) {
                Some(written) => prefix = Some(written),
                None => return Err(Reject::Start),
            }
            // A proclitic and a name can spell a common word (ب + حماس is
            // بحماس, "with zeal"; ال + حماس is "the zeal"): the whole word
            // on the stop-word list is not a mention.
            if self.is_stopword(text, scratch, j, e) {
                return Err(Reject::Start);
            }
        }
        if e < hay.len()
            && !scratch.gap(e)
            && IS_WORD[hay[e - 1] as usize]
            && IS_WORD[hay[e] as usize]
        {
            return Err(Reject::End);
        }
        let first = self.first.get(p as usize).copied().unwrap_or(0) as usize;
        let last = self.first.get(p as usize + 1).copied().unwrap_or(0) as usize;
        let mut chosen = None;
        let mut passing = 0;
        for ci in first..last {
            if self.needs_ll(ci, prefix) {
                continue;
            }
            match self.spelled_as(text, scratch, s, e, ci) {
                Some(true) => return Ok((prefix, ci as u32)),
                Some(false) => {
                    passing += 1;
                    chosen = Some(ci as u32);
                }
                None => {}
            }
        }
        match chosen {
            Some(ci)
                if passing == 1 && !self.exact_only && !self.is_stopword(text, scratch, s, e) =>
            {
                Ok((prefix, ci))
            }
            _ => Err(Reject::End),
        }
    }

    /// True when candidate `ci` is an article-less form that is a common
    /// word alone (رياض of الرياض) and the proclitics before it are not
    /// the contracted ل + ال (لل, ولل, فلل …), the one place it is a name.
    #[inline]
    fn needs_ll(&self, ci: usize, prefix: Option<&str>) -> bool {
        let bit = |v: &Vec<u64>| v.get(ci / 64).is_some_and(|w| w & (1 << (ci % 64)) != 0);
        if bit(&self.after_ll) && !prefix.is_some_and(|p| p.ends_with("لل")) {
            return true;
        }
        bit(&self.no_article) && prefix.is_some_and(|p| p.ends_with("لل") || p.ends_with("ال"))
    }

    /// Whether the text at `s..e` is a spelling of candidate `ci`: `None`
    /// if not, `Some(true)` if exactly, `Some(false)` through an
    /// alternation (another g-letter, a separator dropped).
    #[inline]
    fn spelled_as(
        &self,
        text: &NormalizedText,
        scratch: &Scratch,
        s: usize,
        e: usize,
        ci: usize,
    ) -> Option<bool> {
        let cand = self.cands.get(ci)?;
        let sp = self
            .spellings
            .get(cand.sp_off as usize..(cand.sp_off + cand.sp_len) as usize)?;
        let norm = text.as_str();
        // A name of three letters or fewer, its article aside (نجد), is
        // too likely to be a common word once a g-letter is read as
        // another (النقد "the money"): its g-letters match only
        // themselves.
        let short = is_short_name(sp);
        let mut j = s;
        let mut sep = false;
        let mut exact = true;
        for &b in sp {
            if b == SEP {
                sep = true;
                continue;
            }
            if j >= e {
                return None;
            }
            let g = j > s && scratch.gap(j);
            if g && !sep {
                return None;
            }
            if sep && !g {
                exact = false;
            }
            sep = false;
            if is_g(b) {
                let t = scratch.spelling_at(norm, j);
                if b == QAF || short {
                    if t != b {
                        return None;
                    }
                } else if t != b {
                    exact = false;
                }
            }
            j += 1;
        }
        if j != e {
            return None;
        }
        if scratch.key[s..e].iter().any(|&b| is_lossy(b))
            && let Some(spelling) = self.lossy.get(&(ci as u32))
        {
            let ns = scratch.pos(s);
            let ne = char_end_with_marks(norm, scratch.pos(e - 1));
            if !verify_lossy(spelling, &norm[ns..ne]) {
                return None;
            }
        }
        Some(exact)
    }

    /// True when the text at `s..e` is spelled like a stop word (checked
    /// for matches through an alternation, and for whole words made of a
    /// proclitic and a name).
    #[cold]
    fn is_stopword(&self, text: &NormalizedText, scratch: &Scratch, s: usize, e: usize) -> bool {
        // Stop words are single short words: anything longer is not one,
        // and the spelling is built on the stack.
        const MAX: usize = 24;
        if e - s > MAX {
            return false;
        }
        let mut sp = [0u8; 2 * MAX];
        let mut n = 0;
        for j in s..e {
            if j > s && scratch.gap(j) {
                sp[n] = SEP;
                n += 1;
            }
            sp[n] = scratch.spelling_at(text.as_str(), j);
            n += 1;
        }
        stopwords().contains(&sp[..n])
    }

    fn to_match<'g>(
        &'g self,
        text: &NormalizedText,
        scratch: &Scratch,
        s: usize,
        e: usize,
        acc: Accepted,
    ) -> Match<'g> {
        let (prefix, ci) = acc;
        let norm = text.as_str();
        let plen = prefix.map_or(0, |x| x.chars().count());
        let ns = scratch.pos(s - plen);
        let ne = char_end_with_marks(norm, scratch.pos(e - 1));
        let e = self.cands.get(ci as usize).map_or(u32::MAX, |c| c.entry);
        let kind = self
            .kinds
            .get(self.entries.kind(e) as usize)
            .map_or("", |k| k);
        let (id, name) = (self.entries.id(e), self.entries.name(e));
        // The span in the normalized text: `find_into` maps it to the
        // input once every match of the document is found.
        Match {
            start: ns,
            end: ne,
            id,
            kind,
            name,
            prefix,
        }
    }
}
