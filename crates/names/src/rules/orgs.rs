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
        // مديرية ذوباب، ببلدية طفراوي: the place rule takes it.
        if f & class::LOC_HEAD != 0 && self.names_place(i) {
            return None;
        }
        let n = self.toks.len();
        let j = i + 1;
        // تحت لواء "under the banner of": an idiom, not the brigade.
        if i > 0 && !self.toks[i].hard && self.word(i - 1) == "تحت" && self.stem(i) == "لواء"
        {
            return None;
        }
        if let Some(e) = self.quoted(i) {
            return self.push_quoted(i, e, "ORG");
        }
        if j >= n || self.toks[j].hard {
            return None;
        }
        if lk.def {
            return self.definite_org(i);
        }
        // مستشفى الملك حسين، جامعة الملك سعود: a known person after the
        // head names the body.
        if let Some(end) = self.absorb_named_person(j) {
            let (k, _) = self.org_phrase(j, end);
            return self.push_org(i, k);
        }
        let (k, proper) = self.org_first(i, f)?;
        let (k, lam) = self.org_phrase(j, k);
        // The words after a ل genitive qualify it (للتجارة العامة): kept.
        let k = if lam.is_some() {
            k
        } else {
            self.org_trim(j, k, proper)
        };
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
            // شركة الخليج للصناعات، شركة مصر للطيران: a company named by a
            // place and its trade.
            if e.e.kind != "LOC"
                || e.ts != j
                || f & class::PLACE_NAMED == 0 && !self.lam_genitive(e.te)
            {
                return None;
            }
            proper = true;
            k = e.te;
        } else if self.lk(j).def
            && self.lk(j).pre == 0
            && fj & (class::BOUNDARY | class::VERB | class::REPORT | class::TITLE | class::ROLE)
                == 0
            && self.lam_genitive(j + 1)
        {
            // شركة الخليج للصناعات، مؤسسة النور للتجارة: a word with the
            // article and the body's trade, whatever list holds the word.
            proper = false;
            k = j + 1;
        } else if fj == 0
            && tj.shape & (shape::PREP_DEF | shape::DIGIT | shape::LATIN) == 0
            && !self.pronoun(j)
            && tj.letters >= 2
        {
            // An indefinite unknown word is a proper name (أرامكو); a
            // definite one is a noun of the name (حركة النهضة). An
            // indefinite adjective of the ـيّة shape describes the body
            // (منظمة إرهابية، شركة أمنية، صحيفة محلية).
            proper = tj.shape & shape::DEF == 0;
            // جهاز كمبيوتر: a head whose names have the article takes no
            // indefinite proper name.
            if proper && f & class::DEFINITE_NAME != 0 {
                return None;
            }
            if proper && tj.letters >= 5 && self.word(j).ends_with("يه") {
                return None;
            }
            // حكومة براون، حزب بنكيران: the surname of a person named
            // before is that person's body, not a name of its own.
            if proper && self.surname_seen(j) {
                return None;
            }
            k = j + 1;
        } else if fj & class::DIVISION != 0
            && f & class::PLACE_NAMED != 0
            && !self.lk(j).def
            && let Some(e) = self
                .covering(j + 1)
                .filter(|e| e.e.kind == "LOC" && e.ts == j + 1)
        {
            // مجلس محافظة البصرة: the council of a division is named by it.
            proper = true;
            k = e.te;
        } else if fj & class::COMMON != 0
            && fj
                & (class::BOUNDARY
                    | class::VERB
                    | class::REPORT
                    | class::TITLE
                    | class::ROLE
                    | class::GIVEN
                    | class::ORG_HEAD
                    | class::LOC_HEAD)
                == 0
            && f & (class::STRONG_HEAD | class::PLACE_NAMED) != 0
            && !self.lk(j).def
            && self.lk(j).pre == 0
            && tj.shape & (shape::DEF | shape::PREP_DEF | shape::DIGIT | shape::LATIN) == 0
            && !self.pronoun(j)
            && let Some(e) = self
                .covering(j + 1)
                .filter(|e| e.e.kind == "LOC" && e.ts == j + 1 && e.e.prefix.is_none())
        {
            // شركة حديد السويس، محكمة جنايات القاهرة، غرفة تجارة دبي: a
            // common noun in construct with a known place names the body
            // (the trade and its town); the place inside is not reported.
            // Only after heads that take a common noun or a place (not
            // حركة مرور القاهرة: the city's traffic).
            proper = true;
            k = e.te;
        } else if let Some(end) = self.named_after(j) {
            // A body named after a person: a name particle and its word
            // (مستشفى ابن سينا), or a title and a name (جامعة الملك سعود،
            // مستشفى الملك حسين).
            proper = true;
            k = end;
        } else if fj & class::COMP != 0 && fj & (class::BOUNDARY | class::VERB) == 0 {
            proper = false;
            k = j + 1;
        } else if fj & class::COMMON != 0 && self.lk(j).def && self.lk(j).pre == 0 {
            // شركة الطيران الروسية describes a company; جامعة الدول العربية
            // and مجلس التعاون الخليجي name one.
            let next_nisba =
                j + 1 < n && !self.toks[j + 1].hard && self.flags(j + 1) & class::NISBA_INTL != 0;
            // … and شركة الخليج للصناعات names one by its trade.
            if !(strong || next_nisba || self.lam_genitive(j + 1)) {
                return None;
            }
            proper = false;
            k = j + 1;
        } else {
            return None;
        }
        Some((k, proper))
    }

    /// Org rule step 2: the end of the rest of the name phrase from word `k`,
    /// and the word of its ل genitive, if any.
    fn org_phrase(&self, j: usize, mut k: usize) -> (usize, Option<usize>) {
        let n = self.toks.len();
        let tj = self.toks[j];
        // The rest of the name phrase. After a word with the article only
        // words with the article follow (adjectives, coordinated nouns): an
        // indefinite word cannot continue a construct chain.
        let mut words = 1;
        let mut lam = None;
        // A known name is definite too (مجلس محافظة كركوك تعليق …: no
        // indefinite word continues it).
        let mut definite = self.lk(j).def
            || tj.shape & shape::DEF != 0
            || (j..k).any(|t| self.covering(t).is_some());
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
            // One genitive with ل names the body's trade (شركة النور
            // للتجارة العامة، وكالة مهر للأنباء), not a person it talks to
            // (للصحفيين), a body (للشركة) or a time (للعام).
            if lam.is_none() && k > j && self.lam_genitive(k) {
                lam = Some(k);
                definite = true;
                k += 1;
                words += 1;
                continue;
            }
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
        (k, lam)
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
        // الحكومة with adjectives is a country's government described
        // (الحكومة العراقية، الحكومة الانتقالية الصومالية), not a name.
        // (Also after a proclitic: للحكومة الليبية للفترة الانتقالية.)
        if self.word(i).ends_with("الحكومه") || self.stem(i).ends_with("حكومه") {
            return None;
        }
        // الشركة السعودية لمنتجات الألبان: a country named like its
        // feminine adjective, after a feminine head and before the body's
        // field, is the adjective (the place is dropped).
        if let Some(e) = self.covering(j) {
            let adjective = e.ts == j
                && e.te == j + 1
                && e.e.kind == "LOC"
                && e.e.how == How::Gazetteer
                && e.e.prefix.is_none()
                && self.word(j).ends_with("يه")
                && self.word(i).ends_with('ه')
                && (self.lam_genitive(j + 1) || self.lam_construct(j + 1).is_some());
            if !adjective {
                return None;
            }
            let c = self.cover[j] as usize - 1;
            self.ents[c].alive = false;
            self.cover[j] = 0;
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
        } else if (fj == 0
            || fj & (class::COMP | class::NISBA) != 0
            || matches!(self.word(j), "الاعلي" | "العليا"))
            && self.lk(j).def | (self.toks[j].shape & shape::DEF != 0)
            && self.lk(j).pre == 0
            && self.lam_genitive(j + 1)
        {
            // المجلس الأعلى للدولة، الهيئة المستقلة للانتخاب: an adjective
            // and the body's field.
            j + 2
        } else if (fj == 0 || fj & (class::COMP | class::NISBA | class::NISBA_INTL) != 0)
            && self.lk(j).def | (self.toks[j].shape & shape::DEF != 0)
            && self.lk(j).pre == 0
            && let Some(end) = self.lam_construct(j + 1)
        {
            // الشركة المصرية لمنتجات الألبان والأغذية، الهيئة العامة لشؤون
            // الأسرى: an adjective and the body's field in construct.
            return self.push_org(i, end);
        } else {
            return None;
        };
        // الهيئة الوطنية للانتخابات، المجلس القومي للدفاع المدني: the body's
        // field after its adjective (once), then the field's adjectives.
        let mut lam = self.word(k - 1).starts_with("لل");
        if !lam && k - i < 4 && self.lam_genitive(k) {
            lam = true;
            k += 1;
        } else if !lam
            && k - i < 4
            && let Some(end) = self.lam_construct(k)
        {
            // الهيئة العامة لشؤون الأسرى
            return self.push_org(i, end);
        }
        while k < n
            && !self.toks[k].hard
            && self.covering(k).is_none()
            && (self.flags(k) & (class::NISBA | class::NISBA_INTL) != 0
                || lam && self.word(k - 1).starts_with("لل") && self.field_adjective(k))
            && k - i < 6
        {
            k += 1;
        }
        self.push_org(i, k)
    }

    /// الرئيس التنفيذي لزيموفار، المدير العام لـ…: a definite title or role
    /// `i` with only definite complement adjectives up to the name's place
    /// `j` (العام، التنفيذي، المنتدب: no construct complement, no nisba)
    /// cannot take its body in construct, so it takes it with ل: an unknown
    /// word glued to ل there is the body (ORG, one word; a name after it
    /// is the person's), not a person (an unknown word keeps its ل: the
    /// lexicon strips no proclitic from it; a listed given name in ل, لوران,
    /// is known and stays a name). Not after a bare title (قال الوزير
    /// لهانسن: the one spoken to), not a verbal noun of the تفعيل/إفعال
    /// shape or one in ـة (لتطوير، لإعادة، لمساعدة).
    pub(super) fn role_body(&mut self, i: usize, j: usize) -> Option<usize> {
        let n = self.toks.len();
        if j < i + 2 || j >= n || self.toks[j].hard || self.cover[j] != 0 {
            return None;
        }
        if !self.lk(i).def || self.flags(i) & (class::TITLE | class::ROLE) == 0 {
            return None;
        }
        let adjectives = (i + 1..j).all(|t| {
            let f = self.flags(t);
            self.cover[t] == 0
                && self.lk(t).def
                && self.lk(t).pre == 0
                && f & class::COMP != 0
                && f & (class::NISBA | class::NISBA_INTL | class::ROLE | class::TITLE) == 0
        });
        let lk = self.lk(j);
        let w = self.word(j);
        let stem = w.strip_prefix('ل')?;
        let letters: Vec<char> = stem.chars().collect();
        let verbal_noun = letters.len() == 5 && letters[0] == 'ت' && letters[3] == 'ي'
            || letters.len() == 5 && letters[0] == 'ا' && letters[3] == 'ا'
            || stem.ends_with('ه');
        if !adjectives
            || lk.pre != 0
            || lk.def
            || lk.flags != 0
            || letters.len() < 3
            || verbal_noun
            || self.toks[j].shape & (shape::DEF | shape::PREP_DEF | shape::DIGIT | shape::LATIN)
                != 0
            || self.pronoun(j)
        {
            return None;
        }
        let before = self.ents.len();
        self.push_pattern(j, j + 1, "ORG", true);
        // The ل is the entity's prefix, as a gazetteer match reports it.
        if let Some(e) = self.ents.get_mut(before)
            && let Some(name) = e.e.name.strip_prefix('ل')
        {
            e.e.name = Cow::Owned(name.to_string());
            e.e.prefix = static_prefix("ل");
        }
        Some(j + 1)
    }

    /// Whether word `k`, right after a ل genitive, is its adjective: a
    /// definite relational adjective (ـي، ـية) of the common words without a
    /// proclitic (للدفاع المدني، للرقابة المالية، للأمن القومي), not a noun
    /// (للشغل الإضراب), a head, a title, a verb or a boundary.
    fn field_adjective(&self, k: usize) -> bool {
        let f = self.flags(k);
        let lk = self.lk(k);
        let w = self.word(k);
        (lk.def || self.toks[k].shape & shape::DEF != 0)
            && lk.pre == 0
            && (w.ends_with('ي') || w.ends_with("يه"))
            && !self.word(k).starts_with("وال")
            && f & (class::COMMON | class::MODIFIER) != 0
            && f & (class::BOUNDARY
                | class::VERB
                | class::REPORT
                | class::TITLE
                | class::ROLE
                | class::ORG_HEAD
                | class::LOC_HEAD
                | class::GIVEN)
                == 0
    }

    /// Whether word `j` repeats the last word of a person found before it
    /// (a gazetteer or pattern name of two words or more).
    pub(super) fn surname_seen(&self, j: usize) -> bool {
        let w = self.stem(j);
        self.ents.iter().any(|e| {
            e.alive && e.e.kind == "PER" && e.te > e.ts + 1 && e.te <= j && self.stem(e.te - 1) == w
        })
    }

    /// Org rule step: word `k` is ل + the article + a noun naming a trade
    /// or a field (للتجارة، للأنباء، للطاقة): not a plural of people, not a
    /// head noun, a time or function word, a known place or name.
    fn lam_genitive(&self, k: usize) -> bool {
        let n = self.toks.len();
        if k >= n || self.toks[k].hard || self.cover[k] != 0 {
            return false;
        }
        let w = self.word(k);
        let Some(rest) = w.strip_prefix("لل") else {
            return false;
        };
        if self.pronoun(k) {
            return false;
        }
        let f = self.flags(k);
        rest.chars().count() >= 3
            && !["ين", "ون", "يين"].iter().any(|x| rest.ends_with(x))
            && f & (class::BOUNDARY
                | class::VERB
                | class::REPORT
                | class::ORG_HEAD
                | class::LOC_HEAD
                | class::TITLE
                | class::ROLE
                | class::GIVEN
                | class::NISBA
                | class::NISBA_INTL)
                == 0
    }

    /// Whether word `k` is ل glued to a noun in construct (no article:
    /// لمنتجات، لصناعة، لشؤون) followed by its definite genitive, the field
    /// of a body named with a definite head and an adjective: the end of
    /// the field (the genitive, a definite word coordinated with و, and
    /// relational adjectives), or `None`. The noun is of no class but
    /// `common` (a verbal noun of a listed verb, لنقل، لتطوير، is a purpose:
    /// تستعد الشركة الأمريكية لتطوير …), has no pronoun suffix and is no
    /// plural of people.
    fn lam_construct(&self, k: usize) -> Option<usize> {
        let n = self.toks.len();
        if k + 1 >= n || self.toks[k].hard || self.toks[k + 1].hard || self.cover[k] != 0 {
            return None;
        }
        let w = self.word(k);
        let rest = w.strip_prefix('ل')?;
        if rest.starts_with('ل') || rest.chars().count() < 3 || self.pronoun(k) {
            return None;
        }
        // Verbal nouns of purpose: تفعيل (لتطوير), إفعال (لإطلاق), مفاعلة
        // (لمواجهة، لمكافحة).
        let cs: Vec<char> = rest.chars().take(3).collect();
        let verbal = matches!(cs.first(), Some('ت' | 'ا'))
            || cs.first() == Some(&'م') && cs.get(2) == Some(&'ا');
        let l = self.lx.lookup(rest);
        // A field is a plural (لمنتجات، لصناعات) or a listed complement
        // (لشؤون); a singular verbal noun is as often a purpose (يسعى البنك
        // المركزي لكبح التضخم، لزيادة الاحتياطي).
        let field = rest.ends_with("ات") && rest.chars().count() >= 5 || l.flags & class::COMP != 0;
        if verbal || !field || l.pre != 0 || l.flags & !(class::COMMON | class::COMP) != 0 {
            return None;
        }
        // The genitive: a definite word of no person, not a verb's.
        let g = k + 1;
        let fg = self.flags(g);
        if !(self.lk(g).def || self.toks[g].shape & shape::DEF != 0)
            || self.lk(g).pre != 0
            || self.cover[g] != 0
            || self.pronoun(g)
            || fg & (class::BOUNDARY | class::VERB | class::REPORT | class::TITLE | class::ROLE)
                != 0
        {
            return None;
        }
        let mut end = g + 1;
        // والأغذية: one coordinated definite word.
        if end < n
            && !self.toks[end].hard
            && self.cover[end] == 0
            && self.word(end).starts_with("وال")
            && self.flags(end) & (class::VERB | class::REPORT | class::BOUNDARY) == 0
        {
            end += 1;
        }
        while end < n && !self.toks[end].hard && self.cover[end] == 0 && self.field_adjective(end) {
            end += 1;
        }
        Some(end)
    }

    /// Org rule step: the end of a person's name used as a body's name
    /// after its head, from word `j`: a name particle and its word
    /// (مستشفى ابن سينا، مدرسة أبو بكر) or a title with the article and a
    /// name (جامعة الملك سعود، مطار الملكة علياء); `None` otherwise.
    pub(super) fn named_after(&self, j: usize) -> Option<usize> {
        let n = self.toks.len();
        if j + 1 >= n || self.toks[j].hard || self.toks[j + 1].hard || self.lk(j).pre != 0 {
            return None;
        }
        if self.cover[j] != 0 {
            return None;
        }
        let fj = self.flags(j);
        let next_ok = self.cover[j + 1] == 0
            || self
                .covering(j + 1)
                .is_some_and(|e| e.e.kind != "ORG" && e.ts == j + 1 && e.te == j + 2);
        if fj & class::PARTICLE != 0 && self.word(j) != "ال" && next_ok {
            let f1 = self.flags(j + 1);
            if f1 & (class::BOUNDARY | class::VERB | class::REPORT) == 0
                && self.toks[j + 1].shape & (shape::PREP_DEF | shape::DIGIT | shape::LATIN) == 0
            {
                return Some(j + 2);
            }
            return None;
        }
        if fj & class::TITLE != 0
            && self.lk(j).def
            && self.cover[j + 1] == 0
            && self.flags(j + 1) & (class::GIVEN | class::GIVEN_WEAK) != 0
            && self.flags(j + 1) & (class::BOUNDARY | class::VERB) == 0
        {
            let k = self.extend_name(j + 1, 3, false);
            if k > j + 1 {
                return Some(k);
            }
        }
        // مؤسسة الفقيه التطواني: a title and a family name of the الـ…ي
        // shape of no list (a country's adjective describes the title:
        // مكتب الرئيس الفرنسي).
        if fj & class::TITLE != 0
            && self.lk(j).def
            && self.cover[j + 1] == 0
            && self.lk(j + 1).pre == 0
            && self.toks[j + 1].shape == shape::DEF
            && self.toks[j + 1].letters >= 5
            && self.word(j + 1).ends_with('ي')
            && self.flags(j + 1) == 0
        {
            return Some(j + 2);
        }
        None
    }

    /// A name in quotation marks right after head word `i` (حركة «الشباب»،
    /// بلدة "دولو"، قريتي "بيت ريما"): the end (exclusive) of the quoted
    /// words, at most five and none after punctuation inside the quotes.
    pub(super) fn quoted(&self, i: usize) -> Option<usize> {
        let n = self.toks.len();
        let j = i + 1;
        if j >= n || !self.toks[j].hard || self.toks[j].sent != self.toks[i].sent {
            return None;
        }
        let gap = self.norm.get(self.toks[i].e()..self.toks[j].s())?;
        let opens = |c: char| matches!(c, '"' | '«' | '“' | '\'');
        if gap.chars().filter(|c| !c.is_whitespace()).count() != 1 || !gap.chars().any(opens) {
            return None;
        }
        let mut e = j + 1;
        while e < n && !self.toks[e].hard && e - j < 5 {
            e += 1;
        }
        let tail = if e < n {
            self.norm.get(self.toks[e - 1].e()..self.toks[e].s())?
        } else {
            self.norm.get(self.toks[e - 1].e()..)?
        };
        let closes = |c: char| matches!(c, '"' | '»' | '”' | '\'');
        if !tail.trim_start().starts_with(closes) {
            return None;
        }
        if (j..e).any(|t| self.toks[t].shape & shape::DIGIT != 0) {
            return None;
        }
        Some(e)
    }

    /// Adds the quoted name `i + 1..e` after head `i` as `kind`, unless a
    /// gazetteer name covers it all (the gazetteer's stays) or a person or
    /// organisation inside it; a known place inside a quoted organisation
    /// name is dropped.
    pub(super) fn push_quoted(&mut self, i: usize, e: usize, kind: &'a str) -> Option<usize> {
        let j = i + 1;
        for t in j..e {
            if let Some(c) = self.covering(t) {
                // جريدة "الشرق الأوسط": a known place quoted after an
                // organisation's head is the organisation's name.
                if c.ts == j && c.te == e && !(c.e.kind == "LOC" && kind == "ORG") {
                    return Some(e);
                }
                if c.e.kind != "LOC" || c.ts < j || c.te > e || kind == "LOC" {
                    return None;
                }
            }
        }
        for t in j..e {
            let c = self.cover[t];
            if c > 0 {
                self.ents[c as usize - 1].alive = false;
                self.cover[t] = 0;
            }
        }
        self.push_pattern(j, e, kind, false);
        Some(e)
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

    /// Acronyms in brackets after the organisations found so far (gazetteer
    /// and pattern): see `bracket_alias`. Runs after the pattern rules.
    pub fn bracket_aliases(&mut self) {
        let n = self.toks.len();
        for org in 0..self.ents.len() {
            let e = &self.ents[org];
            if !e.alive || e.e.kind != "ORG" || e.te >= n || !self.toks[e.te].hard {
                continue;
            }
            let k = e.te;
            self.bracket_alias(org, k);
        }
    }

    /// مؤسسة النقد العربي السعودي (ساما): one to three words of no list in
    /// brackets right after the organisation `org` (ending at word `k`) are
    /// its acronym or short name: an ORG mention linked to it (the
    /// organisation's name, `How::Coreference`), never a person or a place
    /// of its own. A gazetteer name in the brackets (أوبك) keeps its id.
    fn bracket_alias(&mut self, org: usize, k: usize) {
        let n = self.toks.len();
        if k >= n || !self.toks[k].hard || self.toks[k].sent != self.toks[k - 1].sent {
            return;
        }
        let Some(gap) = self.norm.get(self.toks[k - 1].e()..self.toks[k].s()) else {
            return;
        };
        if gap.trim() != "(" {
            return;
        }
        let mut e = k + 1;
        while e < n && !self.toks[e].hard && e - k < 3 {
            e += 1;
        }
        let tail = if e < n {
            self.norm.get(self.toks[e - 1].e()..self.toks[e].s())
        } else {
            self.norm.get(self.toks[e - 1].e()..)
        };
        if !tail.is_some_and(|t| t.trim_start().starts_with(')')) {
            return;
        }
        let plain = (k..e).all(|t| {
            self.cover[t] == 0
                && self.flags(t) == 0
                && self.toks[t].shape & (shape::DEF | shape::PREP_DEF | shape::DIGIT) == 0
                && self.toks[t].letters >= 2
        });
        if !plain {
            return;
        }
        let alias = self.ents.len();
        self.push_pattern(k, e, "ORG", false);
        if alias < self.ents.len() {
            let name = self.ents[org].e.name.clone();
            let a = &mut self.ents[alias].e;
            a.name = name;
            a.how = How::Coreference;
        }
    }

    /// Whether head `i`, listed both as an organisation's and as a place's
    /// (`heads.tsv`: مديرية، بلدية), names a place here. A head whose body is
    /// named by its town (mark `place`: بلدية الخليل is the municipality)
    /// is the place only where the sentence puts something in it: ب glued
    /// to it or في، إلى، داخل، عبر، على مستوى before it (ببلدية طفراوي، في
    /// بلدية العامرة، على مستوى بلدية بئر خادم), before a
    /// known place or a word the place rule takes. Another (مديرية) is the
    /// place before a word of no list (مديرية ذوباب، مديرية الوازعية); a
    /// field keeps the body (مديرية الصحة، مديرية الأمن العام).
    fn names_place(&self, i: usize) -> bool {
        let j = i + 1;
        let n = self.toks.len();
        if j >= n || self.toks[j].hard || self.toks[j].shape & (shape::DIGIT | shape::LATIN) != 0 {
            return false;
        }
        let known = self
            .covering(j)
            .is_some_and(|e| e.e.kind == "LOC" && e.ts == j && e.e.prefix.is_none());
        if self.flags(i) & class::PLACE_NAMED != 0 {
            let glued_b = self.proclitic(i).ends_with('ب');
            // في، إلى، داخل، عبر، على مستوى بلدية …
            let after_prep = i > 0 && !self.toks[i].hard && {
                // وفي بلدية …: a glued و before the preposition
                let w = self.word(i - 1);
                let w = w.strip_prefix('و').filter(|r| r.len() >= 4).unwrap_or(w);
                matches!(w, "في" | "الي" | "داخل" | "عبر" | "مستوي")
            };
            (glued_b || after_prep) && (known || self.place_word(j) || self.place_particle(j))
        } else {
            !known
                && self.flags(j) == 0
                && self.lk(j).pre == 0
                && !self.pronoun(j)
                && self.toks[j].letters >= 3
        }
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
        // من أصل 18 ولاية بعموم البلاد: after a number the head is a
        // counted noun, not a name's head.
        if i > 0 && !self.toks[i].hard && self.toks[i - 1].shape & shape::DIGIT != 0 {
            return None;
        }
        // A head that is also an organisation's (مديرية، بلدية) is left out
        // of the place's name, whatever the organisation's head does.
        if f & class::ORG_HEAD != 0 {
            f &= !class::HEAD_INCLUDED;
        }
        // وأدى (a verb) folds to وادي (a valley) in the search profile.
        if self.word(i).ends_with('ي') && self.maqsura(i) && f & class::LIST_HEAD == 0 {
            return None;
        }
        // بلدة "دولو"، قريتي "بيت ريما": the quoted words are the name.
        if f & class::KUNYA_HEAD == 0
            && let Some(e) = self.quoted(i)
        {
            return self.push_quoted(i, e, "LOC");
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
        // مطار الملكة علياء: a known person right after a facility's head
        // names the facility; the person is not reported.
        if f & class::HEAD_INCLUDED != 0
            && let Some(end) = self.absorb_named_person(j)
        {
            let k = self.facility_adjective(end);
            self.push_pattern(i, k, "LOC", true);
            return Some(k);
        }
        let mut k = j;
        let mut limit = j + 3;
        // A conjunction glued to the next word ends the name, unless the
        // word is a given name as written (بني وليد).
        // After a feminine head a masculine common noun is in construct
        // with it, so it is the name (قرية بيت أمر); an adjective would
        // agree (قرية صغيرة، بلدة حدودية).
        let construct = self.word(i).ends_with('ه')
            && !matches!(self.stem(i), "منطقه" | "مناطق")
            && self.construct_word(j);
        // مدن حلب وإدلب: after a plural head a known first place is an item
        // of the list too.
        if f & class::LIST_HEAD != 0
            && let Some(e) = self.covering(j).filter(|e| e.e.kind == "LOC" && e.ts == j)
        {
            let end = e.te;
            let max = if self.dual_head(i) { 1 } else { usize::MAX };
            return Some(self.list_items(end, max));
        }
        while k < limit {
            if self.place_particle(k) {
                k += 2;
                limit += 1;
            } else if self.place_word(k)
                // A title names a place only as its first word (حي الشيخ
                // جراح); after the name it is a person's (ولاية بورنو
                // الطبيب …، ولاية كسلا اللواء …).
                && (k == j || self.flags(k) & class::TITLE == 0)
                // … and a ل glued to a verbal noun (ببلدية تيمزريت لإجلاء
                // …) is the purpose that follows the place.
                && (k == j || !self.word(k).starts_with("لا"))
                && (k == j
                    || !self.word(k).starts_with('و')
                    || self.lk(k).pre == 0 && self.flags(k) != 0)
                || construct
                    && k < j + 2
                    && (k == j || self.construct_word(k) || self.construct_second(k))
            {
                k += 1;
            } else {
                break;
            }
        }
        // قرى الزيارة والعنكاوي: after a plural head, a common noun with
        // the article before a second place is the first.
        if k == j
            && f & class::LIST_HEAD != 0
            && !self.dual_head(i)
            && self.flags(j) & class::COMMON != 0
            && self.flags(j) & !class::COMMON == 0
            && self.lk(j).def
            && self.lk(j).pre == 0
            && !self.pronoun(j)
            && self.list_goes_on(j + 1)
        {
            k = j + 1;
        }
        // قريتي سالم وروجيب: after a dual, the word before the second
        // place is the first, whatever list holds it (سالم a given name).
        if k == j
            && f & class::LIST_HEAD != 0
            && self.dual_head(i)
            && j < self.toks.len()
            && !self.toks[j].hard
            && self.cover[j] == 0
            && self.lk(j).pre == 0
            && self.flags(j) & (class::BOUNDARY | class::VERB | class::REPORT | class::TITLE) == 0
            && self.toks[j].shape & (shape::DIGIT | shape::LATIN) == 0
            && !self.pronoun(j)
            && self.list_goes_on(j + 1)
        {
            k = j + 1;
        }
        if k == j {
            return None;
        }
        // بلدة أورم الكبرى، قرية بيت عور الفوقا: an adjective of the name
        // (`LOC-ADJ` in heads.tsv), with its article.
        if k < self.toks.len()
            && !self.toks[k].hard
            && self
                .covering(k)
                .is_none_or(|e| e.e.kind == "LOC" && e.ts == k && e.te == k + 1)
            && self.flags(k) & class::PLACE_ADJ != 0
            && self.lk(k).def
            && self.lk(k).pre == 0
        {
            k += 1;
        }
        // ملعب محمد الخامس، مطار الملكة علياء الدولي
        if f & class::HEAD_INCLUDED != 0 {
            if k < self.toks.len()
                && !self.toks[k].hard
                && self.flags(k) & class::ORDINAL != 0
                && self.flags(k - 1) & (class::GIVEN | class::GIVEN_WEAK) != 0
            {
                k += 1;
            }
            k = self.facility_adjective(k);
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
        if f & class::LIST_HEAD != 0 {
            let first = self.ents.len();
            let max = if self.dual_head(i) { 1 } else { usize::MAX };
            let end = self.list_items(k, max);
            // A dual names two places (منطقتي ملكن والسلك); without a second
            // one it is another word (مدينتي الجميلة "my beautiful city").
            if end == k && self.dual_head(i) {
                if let Some(e) = self.ents.get_mut(first - 1) {
                    e.alive = false;
                }
                for t in j..k {
                    self.cover[t] = 0;
                }
                return None;
            }
            return Some(end);
        }
        Some(k)
    }

    /// After a plural place head (mark `list`: مدن، قرى، ولايات …) and its
    /// first place, each word of no list glued to و is one more place (قرى
    /// كفرنبودة والهبيط وعابدين), known places in the list kept; the span
    /// covers the و, reported as `prefix`; at most `max` items. Returns the
    /// list's end.
    fn list_items(&mut self, mut t: usize, max: usize) -> usize {
        let n = self.toks.len();
        // A dual's list has one item after the first (ولايتي البريمي ومحضة
        // وفيضان السدود: the flooding is no third place).
        let mut items = 0;
        while t < n && items < max {
            items += 1;
            // Items follow each other with و, or after a comma (ولايات
            // الجزيرة، والرهد، والسوكي); after a comma a known place may
            // also come without و (مدن حلب، حمص وحماة).
            let comma = self.toks[t].hard && self.comma_before(t);
            if self.toks[t].hard && !comma {
                break;
            }
            let waw = self.word(t).starts_with('و');
            if let Some(e) = self.covering(t) {
                if e.e.kind != "LOC" || e.ts != t || !(waw || comma) {
                    break;
                }
                t = e.te;
                continue;
            }
            if !waw {
                break;
            }
            // قرى بيتا وكفر قليل، وطوي السيح: a compound's first word
            // (`LOC-PRE`) and the word after it are one item.
            if let Some(end) = self.compound_item(t) {
                for u in t..end {
                    let c = self.cover[u];
                    if c > 0 {
                        self.ents[c as usize - 1].alive = false;
                        self.cover[u] = 0;
                    }
                }
                self.push_list_item(t, end);
                t = end;
                continue;
            }
            // بلدات العنكاوي والزيارة وقليدين: a common noun with the article
            // between two places of the list is one more (الزيارة "the
            // visit" names a town here).
            if self.common_item(t) && self.list_goes_on(t + 1) {
                self.push_list_item(t, t + 1);
                t += 1;
                continue;
            }
            let lk = self.lk(t);
            if lk.flags != 0
                || lk.pre != 0
                || self.toks[t].letters < 4
                || self.toks[t].shape & (shape::DIGIT | shape::LATIN) != 0
                || self.pronoun(t)
            {
                break;
            }
            self.push_list_item(t, t + 1);
            t += 1;
        }
        t
    }

    /// A list item over words `t..e` glued to و: the و is its `prefix`.
    fn push_list_item(&mut self, t: usize, e: usize) {
        let before = self.ents.len();
        self.push_pattern(t, e, "LOC", false);
        if let Some(e) = self.ents.get_mut(before)
            && let Some(name) = e.e.name.strip_prefix('و')
        {
            e.e.name = Cow::Owned(name.to_string());
            e.e.prefix = static_prefix("و");
        }
    }

    /// The proclitics the lexicon stripped from word `t` (و، ب، وب …), as
    /// normalized; empty if none.
    fn proclitic(&self, t: usize) -> &str {
        self.word(t)
            .get(..usize::from(self.lk(t).pre))
            .unwrap_or("")
    }

    /// Whether word `t` is a common noun with the article glued to و (not
    /// a sound plural) that a list of places may hold (والزيارة).
    fn common_item(&self, t: usize) -> bool {
        let lk = self.lk(t);
        let w = self.word(t);
        lk.flags & class::COMMON != 0
            && lk.flags & !class::COMMON == 0
            && lk.def
            && self.proclitic(t) == "و"
            && self.toks[t].shape & (shape::DIGIT | shape::LATIN) == 0
            && self.toks[t].letters >= 5
            && !self.pronoun(t)
            && !["ات", "ين", "ون"].iter().any(|x| w.ends_with(x))
    }

    /// Whether the list of places goes on at word `u`: a known place, a
    /// word of no list without the article glued to و (a broken plural of
    /// no list, والمنازل, is no sure place), or a compound (وكفر قليل).
    fn list_goes_on(&self, u: usize) -> bool {
        if u >= self.toks.len() || self.toks[u].hard || !self.word(u).starts_with('و') {
            return false;
        }
        if let Some(e) = self.covering(u) {
            return e.e.kind == "LOC" && e.ts == u;
        }
        let lk = self.lk(u);
        (lk.flags == 0
            && lk.pre == 0
            && !self.word(u).starts_with("وال")
            && self.toks[u].letters >= 4
            && self.toks[u].shape & (shape::DIGIT | shape::LATIN) == 0
            && !self.pronoun(u))
            || self.compound_item(u).is_some()
    }

    /// The end of a list item made of a compound place name's first word
    /// glued to و (`LOC-PRE`: وكفر، وعين، وطوي) and the word after it, if
    /// word `t` is one: the second word is not a boundary, a verb or a
    /// glued word, and at most a one-word known place (وعين الحجر).
    fn compound_item(&self, t: usize) -> Option<usize> {
        let n = self.toks.len();
        let lk = self.lk(t);
        let u = t + 1;
        let ok = u < n
            && lk.flags & class::PLACE_PRE != 0
            && self.proclitic(t) == "و"
            && !lk.def
            && !self.toks[u].hard
            && self.lk(u).pre == 0
            && self.flags(u) & (class::BOUNDARY | class::VERB | class::REPORT) == 0
            && self.toks[u].shape & (shape::PREP_DEF | shape::DIGIT | shape::LATIN) == 0
            && self.toks[u].letters >= 2
            && !self.pronoun(u)
            && self.covering(u).is_none_or(|e| {
                e.e.kind == "LOC" && e.e.how == How::Gazetteer && e.ts == u && e.te == u + 1
            });
        ok.then_some(u + 1)
    }

    /// Whether only a comma (and spaces) stands between word `t` and the
    /// word before it.
    fn comma_before(&self, t: usize) -> bool {
        t > 0
            && self
                .norm
                .get(self.toks[t - 1].e()..self.toks[t].s())
                .is_some_and(|g| matches!(g.trim(), "،" | ","))
    }

    /// Place rule step: word `t` is a common noun that can be the name after
    /// a feminine place head (قرية بيت أمر): indefinite, unknown to every
    /// other list, not feminine (ـة: an adjective agreeing with the head),
    /// not of the nisba shape (ـي), not a sound plural.
    fn construct_word(&self, t: usize) -> bool {
        let n = self.toks.len();
        if t >= n || self.toks[t].hard || self.cover[t] != 0 || self.pronoun(t) {
            return false;
        }
        let lk = self.lk(t);
        let w = self.word(t);
        lk.flags & class::COMMON != 0
            && lk.flags & !(class::COMMON | class::GIVEN_WEAK) == 0
            && lk.pre == 0
            && !lk.def
            && self.toks[t].shape == 0
            && self.toks[t].letters >= 3
            && !["ه", "ي", "ات", "ون", "ين"].iter().any(|x| w.ends_with(x))
    }

    /// The end of a facility's name at word `k`, with الدولي after it
    /// (مطار الملكة علياء الدولي).
    fn facility_adjective(&self, k: usize) -> usize {
        if k < self.toks.len()
            && !self.toks[k].hard
            && self.cover[k] == 0
            && self.word(k) == "الدولي"
        {
            k + 1
        } else {
            k
        }
    }

    /// If a gazetteer person starts at word `j` (right after a head), drops
    /// it and returns its end: the head's body or place is named after the
    /// person (مستشفى الملك حسين، مطار الملكة علياء).
    pub(super) fn absorb_named_person(&mut self, j: usize) -> Option<usize> {
        let c = self.cover.get(j).copied().filter(|&c| c > 0)? as usize - 1;
        let e = &self.ents[c];
        if e.e.kind != "PER" || e.ts != j || e.e.how != How::Gazetteer || e.e.prefix.is_some() {
            return None;
        }
        // Only a person named with a title (الملكة علياء، الملك حسين): a
        // body is named after a ruler or a notable; مكتب خليل الحية is his
        // office, and he stays.
        if self.toks[j].hard || self.flags(j) & class::TITLE == 0 {
            return None;
        }
        let end = e.te;
        self.ents[c].alive = false;
        for t in j..end {
            self.cover[t] = 0;
        }
        Some(end)
    }

    /// Place rule step: the second word of a construct place name may also
    /// be a common word that is a verb too (قرية بيت أمر).
    fn construct_second(&self, t: usize) -> bool {
        let n = self.toks.len();
        if t >= n || self.toks[t].hard || self.cover[t] != 0 || self.pronoun(t) {
            return false;
        }
        let lk = self.lk(t);
        lk.flags & class::COMMON != 0
            && lk.flags & !(class::COMMON | class::GIVEN_WEAK | class::VERB) == 0
            && lk.pre == 0
            && self.toks[t].shape == 0
            && self.toks[t].letters >= 3
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
                // بلدتي تل وسبسطية: a compound's first word alone
                || f == class::PLACE_PRE
                || (f & (class::GIVEN | class::GIVEN_WEAK) != 0
                    && f & (class::BOUNDARY | class::VERB | class::COMMON) == 0)
                // كرمة علي: علي spelled with ي
                || (self.word(t) == "علي" && f & class::GIVEN != 0 && !self.maqsura(t))
                || (f & class::TITLE != 0
                    && tok.is_some()
                    && self.lk(t).def
                    && self.lk(t).pre == 0
                    // النائب الجمهوري …: a title with its nisba or another
                    // word of a role chain is a person's title, not a
                    // place's name (جبل الشيخ، حي الشيخ جراح).
                    && self.flags(t + 1)
                        & (class::NISBA
                            | class::NISBA_INTL
                            | class::MODIFIER
                            | class::COMP
                            | class::ROLE
                            | class::TITLE)
                        == 0
                    && !(self.flags(t + 1) & class::COMMON != 0 && self.lk(t + 1).def)))
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
                || self.word(t) == "بني"
                // قرية عين الحجر، منطقة رأس الناقورة: a compound's first word
                || self.flags(t) & class::PLACE_PRE != 0
                    // بلدتي تل وعصيرة: not across a conjunction
                    && !self.word(t + 1).starts_with('و'))
            && (self.word(t) != "ام" || hamza(self))
            && self.lk(t + 1).pre == 0
            && self.flags(t + 1) & (class::BOUNDARY | class::VERB | class::REPORT) == 0
            && self.toks[t + 1].shape & (shape::PREP_DEF | shape::DIGIT | shape::LATIN) == 0
            && self.toks[t + 1].letters >= 2
            && self.covering(t + 1).is_none_or(|e| {
                e.e.kind == "LOC" && e.e.how == How::Gazetteer && e.ts == t + 1 && e.te == t + 2
            })
    }

    /// Whether word `t`, a list head, is in the dual (`heads.tsv`: منطقتي،
    /// مدينتا، مخيمي: the suffix ـتي/ـتا, or ـي after مخيم).
    fn dual_head(&self, t: usize) -> bool {
        let w = self.stem(t);
        w.ends_with("تي") || w.ends_with("تا") || w == "مخيمي"
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
            let p = &self.norm[first.s()..first.s() + usize::from(lk.pre)];
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
