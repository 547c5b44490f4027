//! Organisations and places after their head nouns; adding a pattern entity.

use std::borrow::Cow;

use crate::lexicon::class;
use crate::tokens::shape;
use crate::{Entity, How};

use super::{Doc, Ent, clean_name, static_prefix};

impl<'a, 'd> Doc<'a, 'd> {
    /// شركة أرامكو، وزارة الخارجية، الاتحاد الأوروبي
    pub(super) fn org_rule(&mut self, i: usize) -> Option<usize> {
        let lk = self.lk(i);
        let f = lk.flags;
        if f & class::ORG_HEAD == 0 || self.cover[i] != 0 {
            return None;
        }
        let n = self.toks.len();
        let j = i + 1;
        if j >= n || self.toks[j].hard {
            return None;
        }
        if lk.def {
            return self.definite_org(i);
        }
        let (k, proper) = self.org_first(i, f)?;
        let k = self.org_phrase(j, k);
        let k = self.org_trim(j, k, proper);
        self.push_org(i, k)
    }

    /// Org rule step 1: the head's first complement; the word after it and
    /// whether the complement is a proper name.
    fn org_first(&self, i: usize, f: u32) -> Option<(usize, bool)> {
        let n = self.toks.len();
        let j = i + 1;
        let strong = f & class::STRONG_HEAD != 0;
        // The first complement.
        let fj = self.flags(j);
        let tj = self.toks[j];
        let proper;
        let k;
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
            && !self.pronoun(j)
            && tj.letters >= 2
        {
            // An indefinite unknown word is a proper name (أرامكو); a
            // definite one is a noun of the name (حركة النهضة).
            proper = tj.shape & shape::DEF == 0;
            k = j + 1;
        } else if fj & class::COMP != 0 && fj & (class::BOUNDARY | class::VERB) == 0 {
            proper = false;
            k = j + 1;
        } else if fj & class::COMMON != 0 && self.lk(j).def && self.lk(j).pre == 0 {
            // شركة الطيران الروسية describes a company; جامعة الدول العربية
            // and مجلس التعاون الخليجي name one.
            let next_nisba =
                j + 1 < n && !self.toks[j + 1].hard && self.flags(j + 1) & class::NISBA_INTL != 0;
            if !(strong || next_nisba) {
                return None;
            }
            proper = false;
            k = j + 1;
        } else {
            return None;
        }
        Some((k, proper))
    }

    /// Org rule step 2: the end of the rest of the name phrase from word `k`.
    fn org_phrase(&self, j: usize, mut k: usize) -> usize {
        let n = self.toks.len();
        let tj = self.toks[j];
        // The rest of the name phrase. After a word with the article only
        // words with the article follow (adjectives, coordinated nouns): an
        // indefinite word cannot continue a construct chain.
        let mut words = 1;
        let mut definite = self.lk(j).def || tj.shape & shape::DEF != 0;
        while k < n && !self.toks[k].hard && words < 5 {
            let fk = self.flags(k);
            let tk = self.toks[k];
            let lkk = self.lk(k);
            let def_k = lkk.def || tk.shape & (shape::DEF | shape::PREP_DEF) != 0;
            if definite && !def_k && self.covering(k).is_none() {
                break;
            }
            if self.pronoun(k) {
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
            let coord = self.word(k).starts_with("وال") && lkk.pre == 0 && fk == 0;
            if lkk.pre > 0 || (tk.shape & shape::PREP_DEF != 0 && !coord) {
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
        k
    }

    /// Org rule step 3: the name's end after trimming trailing words that
    /// describe rather than name.
    fn org_trim(&self, j: usize, mut k: usize, proper: bool) -> usize {
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
        k
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
            && self.lk(j).def | (self.toks[j].shape & shape::DEF != 0)
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
    pub(super) fn place_rule(&mut self, i: usize) -> Option<usize> {
        let lk = self.lk(i);
        let mut f = lk.flags;
        if f == 0 {
            f = self.dual_place_head(i);
        }
        if f & class::LOC_HEAD == 0 || lk.def || self.cover[i] != 0 {
            return None;
        }
        // وأدى (a verb) folds to وادي (a valley) in the search profile.
        if self.word(i).ends_with('ي') && self.maqsura(i) {
            return None;
        }
        let j = i + 1;
        // سجن before a person's kunya is the verbal noun (قررت المحكمة سجن
        // أبو علي، حكم بسجن أبو محمد).
        if f & class::KUNYA_HEAD != 0
            && (!self.place_particle(j)
                || self.flags(j + 1) & (class::GIVEN | class::GIVEN_WEAK) != 0
                || self.word(i).starts_with(['ب', 'ل']))
        {
            return None;
        }
        let mut k = j;
        let mut limit = j + 3;
        // A conjunction glued to the next word ends the name, unless the
        // word is a given name as written (بني وليد).
        while k < limit {
            if self.place_particle(k) {
                k += 2;
                limit += 1;
            } else if self.place_word(k)
                && (k == j
                    || !self.word(k).starts_with('و')
                    || self.lk(k).pre == 0 && self.flags(k) != 0)
            {
                k += 1;
            } else {
                break;
            }
        }
        if k == j {
            return None;
        }
        for t in j..k {
            let c = self.cover[t];
            if c > 0 {
                self.ents[c as usize - 1].alive = false;
                self.cover[t] = 0;
            }
        }
        if f & class::HEAD_INCLUDED != 0 {
            self.push_pattern(i, k, "LOC", true);
        } else {
            self.push_pattern(j, k, "LOC", false);
        }
        Some(k)
    }

    /// Place rule step: word `t` may be a word of a place name: unknown words,
    /// given names (محافظة صلاح الدين) and a title with the article (جبل
    /// الشيخ، حي الشيخ جراح).
    #[inline]
    fn place_word(&self, t: usize) -> bool {
        let n = self.toks.len();
        let f = self.flags(t);
        let tok = self.toks.get(t);
        t < n
            && !self.toks[t].hard
            && self.cover[t] == 0
            && (f == 0
                || (f & (class::GIVEN | class::GIVEN_WEAK) != 0
                    && f & (class::BOUNDARY | class::VERB | class::COMMON) == 0)
                || (f & class::TITLE != 0
                    && tok.is_some()
                    && self.lk(t).def
                    && self.lk(t).pre == 0))
            && self.toks[t].shape & (shape::PREP_DEF | shape::DIGIT | shape::LATIN) == 0
            && !self.pronoun(t)
            && self.toks[t].letters >= 2
    }

    /// Place rule step: word `t` is a name particle (بلدة أبو ديس، قرية أم
    /// الفحم، مدينة بني وليد) that takes the word after it, whatever its
    /// class: the place wins over a person's kunya, and a one-word known
    /// place after the particle is part of the name (ناحية أبو صيدا is not
    /// Sidon).
    #[inline]
    fn place_particle(&self, t: usize) -> bool {
        let n = self.toks.len();
        // ام without its hamza is as often أم "or" (جزيرة ام اند …).
        let hamza = |d: &Self| d.text.get(d.os(t)..).is_some_and(|o| o.starts_with('أ'));
        t + 1 < n
            && !self.toks[t].hard
            && !self.toks[t + 1].hard
            && self.cover[t] == 0
            && self.lk(t).pre == 0
            && (self.flags(t) & class::PARTICLE != 0 && self.word(t) != "ال"
                || self.word(t) == "بني")
            && (self.word(t) != "ام" || hamza(self))
            && self.lk(t + 1).pre == 0
            && self.flags(t + 1) & (class::BOUNDARY | class::VERB | class::REPORT) == 0
            && self.toks[t + 1].shape & (shape::PREP_DEF | shape::DIGIT | shape::LATIN) == 0
            && self.toks[t + 1].letters >= 2
            && self.covering(t + 1).is_none_or(|e| {
                e.e.kind == "LOC" && e.e.how == How::Gazetteer && e.ts == t + 1 && e.te == t + 2
            })
    }

    /// The classes of a place head in the dual (بلدتي أبو ديس والعيزرية:
    /// بلدة + تي/تا), 0 if word `t` is none.
    pub(super) fn dual_place_head(&self, t: usize) -> u32 {
        let w = self.word(t);
        let Some(stem) = w.strip_suffix("تي").or_else(|| w.strip_suffix("تا")) else {
            return 0;
        };
        if stem.chars().count() < 2 {
            return 0;
        }
        let f = self.lx.lookup(&format!("{stem}ه")).flags;
        if f & class::LOC_HEAD != 0 && f & class::KUNYA_HEAD == 0 {
            f
        } else {
            0
        }
    }

    /// Adds a pattern entity over words `ts..te`; with `with_prefix` the
    /// first word's proclitics are in the span and reported as `prefix`.
    pub(super) fn push_pattern(&mut self, ts: usize, te: usize, kind: &'a str, with_prefix: bool) {
        if te <= ts || te > self.toks.len() {
            return;
        }
        if (ts..te).any(|t| self.cover[t] != 0 && self.ents[self.cover[t] as usize - 1].alive) {
            return;
        }
        let first = self.toks[ts];
        let lk = self.lk(ts);
        let os = self.os(ts);
        let oe = self.oe(te - 1);
        let (start, name_start, prefix, article) = if with_prefix && lk.pre > 0 {
            let p = &self.norm[first.s..first.s + usize::from(lk.pre)];
            // للبنك الدولي: the second ل is the article; the name is البنك.
            let ll = lk.def && lk.art == 2;
            let prefix = if ll {
                static_prefix(&format!("{p}ل"))
            } else {
                static_prefix(p)
            };
            let ns = if ll {
                self.os_stem(ts) + 'ل'.len_utf8()
            } else {
                self.os_stem(ts)
            };
            (os, ns, prefix, ll)
        } else {
            (os, os, None, false)
        };
        let body = self.text.get(name_start..oe).unwrap_or("");
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
                end: oe,
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
}
