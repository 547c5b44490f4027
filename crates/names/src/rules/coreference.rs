//! Within-document coreference: later short mentions of earlier names.

use rustc_hash::FxHashMap;

use crate::lexicon::{Tails, class};
use crate::tokens::shape;
use crate::{Entity, How};

use super::{Doc, Ent, static_prefix};

impl<'a, 'd> Doc<'a, 'd> {
    // ---- coreference -----------------------------------------------------

    /// Links later short mentions (a surname alone) to names found earlier.
    ///
    /// The keys are read from the entities alone; with none (no name
    /// found) nothing is linked and the cover, which no later step reads,
    /// is not recomputed.
    pub fn coreference(&mut self) {
        // (key, entity index, word after the antecedent)
        let mut keys = self.coref_keys();
        if keys.is_empty() {
            return;
        }
        self.recover();
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
        // A one-word pattern name is relabelled from its entity (the
        // relabelled names are never antecedents: see `coref_relabel`), so
        // the pass over the words only looks at free words.
        #[cfg(debug_assertions)]
        let (by_words, mut by_ents) = (self.coref_relabels_by_words(&keys, &by_key), Vec::new());
        for c in 0..self.ents.len() {
            let e = &self.ents[c];
            if e.alive
                && e.e.how == How::Pattern
                && e.te == e.ts + 1
                && self.cover.get(e.ts).is_some_and(|&x| x as usize == c + 1)
            {
                #[cfg(debug_assertions)]
                by_ents.extend(self.coref_relabel_to(e.ts, &by_key));
                self.coref_relabel(e.ts, &by_key);
            }
        }
        #[cfg(debug_assertions)]
        {
            let mut by_words = by_words;
            by_words.sort_unstable();
            by_ents.sort_unstable();
            debug_assert_eq!(by_words, by_ents, "relabelled by words / by entities");
        }
        let mut added = Vec::new();
        // Only a word that ends with a key can be a mention (the key is
        // the word, or the word after its proclitics): a bitmap of the
        // keys' last four bytes finds them in one pass over the words.
        match Tails::of(keys.iter().map(|k| k.0.as_bytes())) {
            Some(tails) => {
                let (toks, nb) = (self.toks, self.norm.as_bytes());
                // A word shorter than four bytes never passes (its last
                // four bytes are no key's: keys have four or more).
                for (t, x) in toks.iter().enumerate() {
                    let e = x.e();
                    if let Some(b) = nb.get(e.wrapping_sub(4)..e)
                        && tails.maybe(b)
                        && x.s() + 4 <= e
                        && self.cover[t] == 0
                    {
                        self.coref_mention_at(t, &by_key, &sigs, &mut added);
                    }
                }
            }
            None => {
                for t in self.words_containing(keys.iter().map(|k| k.0)) {
                    if self.cover[t] == 0 {
                        self.coref_mention_at(t, &by_key, &sigs, &mut added);
                    }
                }
            }
        }
        // The mentions are on words no entity covered: marking them is what
        // `recover` would do.
        let first_new = self.ents.len();
        self.ents.extend(added);
        self.cover_new(first_new);
        debug_assert!(self.cover_is_recovered(), "cover after coreference");
    }

    /// Coreference step 1: the keys (short forms) of the names found so far.
    fn coref_keys(&self) -> Vec<(&'d str, usize, usize)> {
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
            // A family name that is also a common word or a weak given
            // name (أحمد نظيف، عبد الرحيم شهيد، نواز شريف) is a key too, for
            // a person of two words or more; its mentions are checked in
            // `coref_mention` (`weak_key_context`).
            let f = self.lk(last).flags;
            let weak = f & !(class::COMMON | class::GIVEN_WEAK) == 0
                && person
                && e.te > e.ts + 1
                && tok.shape == 0
                && self.lk(last).pre == 0;
            if tok.letters < 3 || tok.shape != 0 && tok.shape != shape::DEF || f != 0 && !weak {
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
            // الله ends compound names (عبد الله، جاد الله، الحمد الله):
            // alone it is God, never a short form of the person.
            if key.chars().count() < 3 || key == "الله" {
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
                let lk = self.lk(e.ts);
                let f = lk.flags;
                let unknown = f == 0 && tok.letters >= 3 && tok.shape & !shape::DEF == 0;
                // Not a given name that is also a function word: علي is
                // also على "on" (folded, or typed so on some keyboards).
                let function_word = f & class::BOUNDARY != 0;
                if (f & class::GIVEN != 0 || unknown) && !function_word && lk.pre == 0 {
                    keys.push((self.word(e.ts), i, e.te));
                }
            }
        }
        keys
    }

    /// Coreference steps 4 and 5 on the free word `t`: a mention, and the
    /// words before it that repeat its name.
    fn coref_mention_at(
        &self,
        t: usize,
        by_key: &FxHashMap<&str, usize>,
        sigs: &[u64; 16],
        added: &mut Vec<Ent<'a>>,
    ) {
        if let Some((mut ent, i)) = self.coref_mention(t, by_key, sigs) {
            self.coref_extend(&mut ent, i, added);
            added.push(ent);
        }
    }

    /// Coreference step 3: a one-word pattern name on a word that repeats an
    /// earlier name's last word takes that name.
    ///
    /// `by_key` maps each key to its first entity in the keys' order, where
    /// every name of two words or more comes before the one-word names: the
    /// key's entity is a longer name whenever one has that key (and then it
    /// is not the one-word name being relabelled), in one hash probe per
    /// word however many names the document has.
    ///
    /// A relabelled name is never a key's entity (its only key is its own
    /// word, whose entity is the longer name it takes), so relabelling
    /// changes no antecedent a mention copies, and is done apart from the
    /// mentions.
    fn coref_relabel(&mut self, t: usize, by_key: &FxHashMap<&str, usize>) {
        if let Some((c, i)) = self.coref_relabel_to(t, by_key) {
            let ante = self.ents[i].e.clone();
            let e = &mut self.ents[c].e;
            e.kind = ante.kind;
            e.id = ante.id;
            e.name = ante.name;
            e.how = How::Coreference;
        }
    }

    /// The entity covering the word `t` (`c`) and the name it takes (`i`)
    /// if it is relabelled.
    fn coref_relabel_to(
        &self,
        t: usize,
        by_key: &FxHashMap<&str, usize>,
    ) -> Option<(usize, usize)> {
        // A one-word pattern name that repeats an earlier name's
        // last word (وأضاف السبسي) is that name.
        let c = (*self.cover.get(t)? as usize).checked_sub(1)?;
        let e = &self.ents[c];
        if e.e.how == How::Pattern && e.te == e.ts + 1 && e.ts == t {
            let w = self.stem(t);
            if let Some(&i) = by_key.get(w)
                && i != c
                && self.ents[i].te > self.ents[i].ts + 1
            {
                return Some((c, i));
            }
        }
        None
    }

    /// The relabellings the pass over the words that end like a key made
    /// before the relabelling was done from the entities: a check that
    /// both find the same ones.
    #[cfg(debug_assertions)]
    fn coref_relabels_by_words(
        &self,
        keys: &[(&'d str, usize, usize)],
        by_key: &FxHashMap<&str, usize>,
    ) -> Vec<(usize, usize)> {
        let words: Vec<usize> = match Tails::of(keys.iter().map(|k| k.0.as_bytes())) {
            Some(tails) => {
                let nb = self.norm.as_bytes();
                (0..self.toks.len())
                    .filter(|&t| {
                        let x = self.toks[t];
                        x.e() >= x.s() + 4
                            && nb.get(x.e() - 4..x.e()).is_some_and(|b| tails.maybe(b))
                    })
                    .collect()
            }
            None => self.words_containing(keys.iter().map(|k| k.0)),
        };
        words
            .into_iter()
            .filter(|&t| self.cover[t] != 0)
            .filter_map(|t| self.coref_relabel_to(t, by_key))
            .collect()
    }

    /// Coreference step 4: a free word equal to a key (after proclitics) is a
    /// later mention of that key's name.
    fn coref_mention(
        &self,
        t: usize,
        by_key: &FxHashMap<&str, usize>,
        sigs: &[u64; 16],
    ) -> Option<(Ent<'a>, usize)> {
        let maybe = |r: &str| {
            let g = crate::lexicon::signature(r.as_bytes()) & 1023;
            sigs[g / 64] & (1 << (g % 64)) != 0
        };
        let w = self.word(t);
        // Usually a later mention; a headline may name the person
        // before the story does, so any position counts.
        // The word as written, or after a proclitic; the hash is only
        // computed when the word's length and first letters allow it.
        // The proclitics are compared first: most words start with none,
        // and are hashed once.
        let wb = w.as_bytes();
        let hit = [0usize, 2, 4]
            .into_iter()
            .filter(|&p| p < w.len())
            .filter(|&p| match p {
                0 => true,
                2 => matches!(
                    &wb[..2],
                    b"\xD9\x88" | b"\xD9\x81" | b"\xD8\xA8" | b"\xD9\x84"
                ),
                _ => matches!(
                    &wb[..4],
                    b"\xD9\x88\xD8\xA8"
                        | b"\xD9\x88\xD9\x84"
                        | b"\xD9\x81\xD8\xA8"
                        | b"\xD9\x81\xD9\x84"
                ),
            })
            .filter_map(|p| Some((w.get(..p)?, w.get(p..)?)))
            .filter(|(_, r)| maybe(r))
            .filter(|(p, _)| matches!(*p, "" | "و" | "ف" | "ب" | "ل" | "وب" | "ول" | "فب" | "فل"))
            .find_map(|(p, r)| by_key.get(r).map(|&i| (i, p)));
        let (i, p) = hit?;
        // A word written with ى (على، إلى، لدى) is a function word, even
        // when the search profile folds it onto a key (علي).
        if self.maqsura(t) {
            return None;
        }
        // A key that is also a listed word (نظيف، شهيد، شريف) is a mention
        // only where a name stands: see `weak_key_context`.
        if self.lk(t).flags != 0 && !self.weak_key_context(t, p) {
            return None;
        }
        let (os, oe) = self.span(t);
        let ante = &self.ents[i].e;
        let ent = Ent {
            ts: t,
            te: t + 1,
            e: Entity {
                start: os,
                end: oe,
                kind: ante.kind,
                id: ante.id,
                name: ante.name.clone(),
                prefix: if p.is_empty() { None } else { static_prefix(p) },
                how: How::Coreference,
            },
            alive: true,
        };
        Some((ent, i))
    }

    /// Whether word `t`, a mention of a family name that is also a common
    /// word or a weak given name, stands where a name does: bare or after
    /// ل، right after a verb (its subject: وكان نظيف، شكر بري) or after
    /// أن/إن، عن، مع، ضد (إلى أن شريف الذي …), in the same clause. After a
    /// noun it is an adjective (بهدف نظيف، هجوم بري), and so elsewhere.
    fn weak_key_context(&self, t: usize, p: &str) -> bool {
        if !matches!(p, "" | "ل") || t == 0 || self.toks[t].hard {
            return false;
        }
        let prev = self.lk(t - 1);
        // The verb bare or after و/ف (وكان، فقال), not after ب/ل (بهدف is
        // a noun).
        let clitic = self.word(t - 1).get(..usize::from(prev.pre)).unwrap_or("");
        prev.flags & (class::VERB | class::REPORT) != 0
            && prev.flags & class::COMMON == 0
            && matches!(clitic, "" | "و" | "ف")
            || prev.pre == 0 && matches!(self.word(t - 1), "ان" | "عن" | "مع" | "ضد")
    }

    /// Coreference step 5: a mention of a name's last word (without a
    /// proclitic) takes the free words right before it that repeat the
    /// name's words before its last one (أحمدي نجاد after محمود أحمدي
    /// نجاد): one mention, not two; a one-word mention already added on
    /// such a word (a first-word key) is absorbed. The first word taken
    /// may carry a proclitic (عن وأحمدي نجاد → prefix و).
    fn coref_extend(&self, ent: &mut Ent<'a>, i: usize, added: &mut Vec<Ent<'a>>) {
        let ante = &self.ents[i];
        let t = ent.ts;
        if ent.e.prefix.is_some() || ante.te < ante.ts + 2 || self.word(t) != self.word(ante.te - 1)
        {
            return;
        }
        let (mut s, mut a) = (t, ante.te - 1);
        let mut prefix = None;
        // Never over a word written with ى (على "on"), as for a mention.
        while s > 0
            && a > ante.ts
            && !self.toks[s].hard
            && self.cover[s - 1] == 0
            && !self.maqsura(s - 1)
        {
            let (w, want) = (self.word(s - 1), self.word(a - 1));
            if w == want {
                s -= 1;
                a -= 1;
                continue;
            }
            if let Some(p) = w.strip_suffix(want)
                && matches!(p, "و" | "ف" | "ب" | "ل" | "وب" | "ول" | "فب" | "فل")
            {
                prefix = static_prefix(p);
                s -= 1;
            }
            break;
        }
        if s == t {
            return;
        }
        while added.last().is_some_and(|e| e.ts >= s) {
            added.pop();
        }
        ent.ts = s;
        ent.e.start = self.os(s);
        ent.e.prefix = prefix;
    }
}
