//! People: after titles and roles, as the subject of a reporting verb, and
//! from given names and particles.

use crate::How;
use crate::lexicon::class;
use crate::tokens::shape;

use super::{Doc, verb_shaped};

impl<'a, 'd> Doc<'a, 'd> {
    // ---- patterns --------------------------------------------------------

    /// Whether word `t` can be part of a person's name.
    pub(super) fn name_ok(&self, t: usize, first: bool) -> bool {
        let Some(tok) = self.toks.get(t) else {
            return false;
        };
        if self.cover[t] != 0 || tok.shape & (shape::LATIN | shape::DIGIT | shape::PREP_DEF) != 0 {
            return false;
        }
        let lk = self.lk(t);
        // على، إلى، حتى written with ى are never عليّ...
        if matches!(self.word(t), "علي" | "الي" | "حتي" | "لدي" | "متي")
            && lk.flags & class::GIVEN == 0
            && self.maqsura(t)
        {
            return false;
        }
        let mut f = lk.flags;
        // فام (Vietnamese Pham) is no ف + أم: a particle of two letters
        // found only after stripping ف، ب، ل or ك, written without hamza,
        // is an unknown word (وأم، لأم stay the particle).
        if f & class::PARTICLE != 0 && lk.pre > 0 && self.bare_short_particle(t) {
            f = 0;
        }
        // A preposition glued to a verbal noun of the إفعال pattern
        // (بإخراج، لإعادة، وبإطلاق): no name is written so.
        if self.glued_ifal(t) {
            return false;
        }
        if f & (class::GIVEN | class::GIVEN_WEAK) != 0 && lk.pre == 0 {
            // قائد "commander" folds to the given name قايد (الباجي قايد
            // السبسي): written with hamza it is the role (عبد الرازق قائد
            // القوات).
            if f & class::ROLE != 0 && f & class::GIVEN == 0 && {
                let (os, oe) = self.span(t);
                self.text.get(os..oe).is_some_and(|o| o.contains('ئ'))
            } {
                return false;
            }
            // علي spelled with ي is the name, although it folds to the
            // preposition على (a boundary word).
            if self.word(t) == "علي" && f & class::GIVEN != 0 && !self.maqsura(t) {
                return true;
            }
            return f & (class::BOUNDARY | class::VERB | class::REPORT | class::TITLE) == 0;
        }
        if f != 0 {
            return false;
        }
        if tok.letters < 2 {
            return false;
        }
        // A preposition glued to a known word (بفتح، بدعم، كشرط) is no
        // name word, first or not: the stem is looked up with every class,
        // verbs included (فتح is a verb and, after ب, its verbal noun).
        if self.clitic_noun(t) {
            return false;
        }
        // A conjunction glued to a following word ends a name (ترامب وبايدن);
        // so does a noun with an attached pronoun (كيم التزامه).
        if !first && self.word(t).starts_with('و') && tok.letters >= 5 && !self.western_w(t) {
            return false;
        }
        // A first word with a glued و and a pronoun suffix is a noun in a
        // list, not a name after a title (ملك بلجيكا وابنته الأميرة …).
        // A foreign family name in ـيه of no list stays (كلاوس تسيمكيه،
        // إيرفيه): a listed noun + ـيه is a noun and its pronoun (رأيه).
        let foreign_ieh = !first && self.word(t).ends_with("يه") && !self.pronoun_on_noun(t);
        if self.pronoun(t)
            && !foreign_ieh
            && (!first || self.pronoun_on_noun(t) || self.word(t).starts_with('و'))
        {
            return false;
        }
        // A listed noun in the accusative (استقبل الأمير سلطان وفدا: وفد
        // + the indefinite accusative alef) is the verb's object.
        if !first
            && tok.letters >= 4
            && self.word(t).strip_suffix('ا').is_some_and(|stem| {
                !stem.ends_with(['ا', 'و', 'ي', 'ء']) && {
                    let l = self.lx.lookup(stem);
                    l.pre == 0 && l.flags & (class::COMMON | class::ORG_HEAD | class::LOC_HEAD) != 0
                }
            })
        {
            return false;
        }
        // A dual or plural past-tense verb after a name ends it (… السهيل
        // انسحبا، … انسحبوا): the verb agrees with two or more subjects.
        if !first && self.plural_verb(t) {
            return false;
        }
        if first && verb_shaped(self.word(t), tok.letters) {
            return false;
        }
        // Imperfect verbs of forms V, VI and X (يتخرج، تتواصل، يستمر،
        // تستعد): no name of news starts so (listed given names were
        // answered above).
        if tok.letters >= 5
            && ["يت", "تت", "يست", "تست"]
                .iter()
                .any(|p| self.word(t).starts_with(p))
        {
            return false;
        }
        // The future prefix س on a listed imperfect verb ends a name
        // (الأمين السعيدي ستصدر …; not ستيفن، سيمون: their rest is no
        // listed verb).
        if !first && self.word(t).starts_with("س") && tok.letters >= 4 && {
            let rest = &self.word(t)['س'.len_utf8()..];
            rest.starts_with(['ي', 'ت', 'ن'])
                && self.lx.lookup(rest).flags & (class::VERB | class::REPORT) != 0
        } {
            return false;
        }
        // A preposition glued to a verbal noun of the تفعيل/مفعلة patterns
        // ends a name too (محمد رسولوف بتكريم خاص).
        if !first && self.word(t).starts_with(['ب', 'ل']) && verb_shaped(self.word(t), tok.letters)
        {
            return false;
        }
        true
    }

    /// Whether word `t` is written with a glued ب، ل or ك (after و or ف,
    /// if any) right before a hamza under alef: a preposition and a verbal
    /// noun of the إفعال pattern (بإخراج، لإعادة).
    fn glued_ifal(&self, t: usize) -> bool {
        // The normalized word has the same shape (the search profile keeps
        // those letters and folds إ to ا; `glued_ifal_shape_survives_
        // normalization` checks it): most words are answered without
        // mapping the word back to the input.
        if !ifal_shape(self.word(t)) {
            return false;
        }
        let (os, oe) = self.span(t);
        let o = self.text.get(os..oe).unwrap_or("");
        let o = o.strip_prefix(['و', 'ف']).unwrap_or(o);
        o.strip_prefix(['ب', 'ل', 'ك'])
            .is_some_and(|r| r.starts_with('إ') && r.chars().count() >= 4)
    }

    /// Whether word `t`, right after عبد, is covered by a one-word gazetteer
    /// match that is not a person (العال = the airline El Al): God's names
    /// after عبد are the second half of a given name (مروان عبد العال), so
    /// the name rules take the word and [`Self::push_person`] drops the
    /// match.
    fn abd_match(&self, t: usize) -> bool {
        t > 0
            && self.stem(t - 1) == "عبد"
            && self.toks[t].shape & shape::DEF != 0
            && self.lk(t).pre == 0
            && self.covering(t).is_some_and(|e| {
                e.ts == t && e.te == t + 1 && e.e.kind != "PER" && e.e.how == How::Gazetteer
            })
    }

    /// Whether word `t`, starting with و and of no list, is a foreign
    /// family name (سوزان وايلد، رالف وارنوك) rather than و + a word: it
    /// follows a strong given name written bare, and what follows its و is
    /// of no list (ترامب وبايدن، محمد وحسين stay two), does not read as a
    /// verb (وأضاف، واستمر، وانسحب، واتفق، ويبحث), a noun with the article
    /// or a pronoun (والاتفاق، وابنه) or a plural (وآخرين، ومنظمات; ـون
    /// stays: واتسون، وارنغتون).
    fn western_w(&self, t: usize) -> bool {
        if t == 0 || self.toks[t].hard || self.lk(t).flags != 0 {
            return false;
        }
        let p = self.lk(t - 1);
        if p.flags & class::GIVEN == 0 || p.pre != 0 || self.cover[t - 1] != 0 {
            return false;
        }
        let Some(rest) = self.word(t).strip_prefix('و') else {
            return false;
        };
        if self.lx.lookup(rest).flags != 0 {
            return false;
        }
        let mut cs = rest.chars();
        let (a, b, c) = (cs.next(), cs.next(), cs.next());
        let verb_like = match (a, b, c) {
            (Some('ي' | 'ت' | 'ن'), ..) => true,
            (Some('ا'), Some('ن' | 'ل'), _) => true,
            (Some('ا'), Some('س'), Some('ت')) => true,
            (Some('ا'), Some(_), Some('ت' | 'ط' | 'د')) => true,
            // فاعل: a verb of form III or a participle (ودافع، وشارك).
            (Some(_), Some('ا'), Some(_)) => rest.chars().count() == 4,
            _ => false,
        };
        if verb_like
            || ["ين", "ات", "وا", "ه", "ها", "هم", "هما"]
                .iter()
                .any(|s| rest.ends_with(s))
        {
            return false;
        }
        // A hamza after و in the original text: وأشار، وإن، وآخر.
        let (os, oe) = self.span(t);
        !self
            .text
            .get(os..oe)
            .is_some_and(|o| o.contains(['أ', 'إ', 'آ']))
    }

    /// Whether word `t` is ف، ب، ل or ك glued to a two-letter particle
    /// (ام، اب) written without hamza in the original text: فام، لام.
    fn bare_short_particle(&self, t: usize) -> bool {
        let w = self.word(t);
        if !w.starts_with(['ف', 'ب', 'ل', 'ك']) || self.stem(t).chars().count() != 2 {
            return false;
        }
        let (os, oe) = self.span(t);
        self.text
            .get(os..oe)
            .is_some_and(|o| !o.contains(['أ', 'إ', 'آ']))
    }

    /// Whether word `t` is a dual or plural past-tense verb: ـوا on a stem
    /// of three letters or more (انسحبوا، تظاهروا; no name of news ends
    /// so), or ـا / ـتا on a listed verb (انسحبا، اتفقتا).
    fn plural_verb(&self, t: usize) -> bool {
        let w = self.word(t);
        if w.strip_suffix("وا").is_some_and(|s| s.chars().count() >= 3) {
            return true;
        }
        ["تا", "ا"].iter().any(|suffix| {
            w.strip_suffix(suffix).is_some_and(|stem| {
                stem.chars().count() >= 3 && {
                    let l = self.lx.lookup(stem);
                    l.pre == 0 && l.flags & (class::VERB | class::REPORT) != 0
                }
            })
        })
    }

    /// Whether word `t`, of no list, reads as an indefinite noun: tanwin
    /// in the original text (نصراً), the accusative alef of an indefinite
    /// noun after a consonant (نصرا، حلا; not ـيا، ـوا: ماريا), or a sound
    /// feminine plural (فجوات، مؤشرات). Such a word does not start a name
    /// on its own evidence (a reporting verb's subject); listed given names
    /// (رولا، باولا) and gazetteer people (أوباما) are found before this.
    fn indefinite_noun(&self, t: usize) -> bool {
        let w = self.word(t);
        let letters = self.toks[t].letters;
        if letters >= 4 && w.ends_with("ات") {
            return true;
        }
        if letters >= 3
            && let Some(stem) = w.strip_suffix('ا')
            && !stem.ends_with(['ا', 'و', 'ي', 'ى', 'ء'])
        {
            return true;
        }
        let (os, oe) = self.span(t);
        self.text
            .get(os..oe)
            .is_some_and(|o| o.contains(['\u{064B}', '\u{064C}', '\u{064D}']))
    }

    /// Whether word `t` is a preposition ب، ك or ل (after و or ف, if
    /// any) glued to a known word of any class, or to a word with an
    /// attached pronoun (برغبتها): a phrase, not a name.
    fn clitic_noun(&self, t: usize) -> bool {
        let w = self.word(t);
        let w = w.strip_prefix(['و', 'ف']).unwrap_or(w);
        let Some(rest) = w.strip_prefix(['ب', 'ك', 'ل']) else {
            return false;
        };
        if rest.chars().count() < 3 {
            return false;
        }
        // The stem as written (بلمختار is no ب + لمختار); a verb only in
        // its past form (بفتح), not an imperfect one (كيري is no ك + يري).
        let l = self.lx.lookup(rest);
        let verb_only = l.flags & !(class::VERB | class::REPORT) == 0;
        let imperfect = rest.starts_with(['ي', 'ت', 'ن', 'ا']);
        (l.flags != 0 && l.pre == 0 && !(verb_only && imperfect)) || self.pronoun(t)
    }

    /// Whether word `t` has the article and a stem of a participle's shape:
    /// فاعل (الناشر، الباحث) or one starting with م (المحلل، المراقب):
    /// people described by what they do, not a family name (الزهار،
    /// السنيورة).
    fn definite_participle(&self, t: usize) -> bool {
        if self.toks[t].shape & shape::DEF == 0 {
            return false;
        }
        let Some(stem) = self.word(t).strip_prefix("ال") else {
            return false;
        };
        let cs: Vec<char> = stem.chars().collect();
        cs.first() == Some(&'م') || cs.len() == 4 && cs[1] == 'ا'
    }

    /// Whether word `t`, which ends like a pronoun suffix, is a known noun
    /// with that suffix (ضيفه، بلاده) rather than a name ending in ه (إيرفيه).
    fn pronoun_on_noun(&self, t: usize) -> bool {
        let w = self.word(t);
        ["هما", "ها", "هم", "كم", "ه"].iter().any(|suffix| {
            w.strip_suffix(suffix).is_some_and(|stem| {
                stem.chars().count() >= 2
                    && (self.lx.lookup(stem).flags != 0
                        // هويته، حكومته: a noun in ـة (ه once folded)
                        // before the suffix.
                        || stem.strip_suffix('ت').is_some_and(|s| {
                            s.chars().count() >= 2 && self.lx.lookup(&format!("{s}ه")).flags != 0
                        }))
            })
        })
    }

    /// Whether the particle at `k` is بن، ابن or بنت right after a name word
    /// (`k > j`, or the caller's given name before `j` when not `fresh`)
    /// and before a gazetteer person: the end of that person, over which the
    /// name runs (a name of the X بن Y shape names X, Y's son or daughter).
    fn patronym_person(&self, j: usize, k: usize, fresh: bool) -> Option<usize> {
        if !(k > j || !fresh && k > 0) || !matches!(self.word(k), "بن" | "ابن" | "بنت") {
            return None;
        }
        let e = self.covering(k + 1)?;
        (!self.toks[k + 1].hard
            && e.ts == k + 1
            && e.e.kind == "PER"
            && e.e.how == How::Gazetteer
            && e.alive)
            .then_some(e.te)
    }

    /// A common word right after a one-word given name (or an عبد
    /// compound), ending the clause as a subject's name would, is the
    /// family name (عبد الرحيم شهيد في حواره، قال أحمد نظيف إن …): the
    /// name's new end. The word is of no class but `common` or a weak given
    /// name, bare, not of an object's shape (an indefinite noun in ـة، ـاء،
    /// ـا, a plural, a pronoun suffix: سلم الرئيس محمد رسالة إلى …), and
    /// what follows is punctuation, إن/أن, a preposition, a verb or a role.
    fn common_family(&self, j: usize, k: usize) -> usize {
        let n = self.toks.len();
        let one = k == j + 1 || k == j + 2 && self.stem(j) == "عبد";
        if !one || k + 1 > n || self.toks[k].hard || self.cover[k] != 0 {
            return k;
        }
        if self.flags(k - 1) & (class::GIVEN | class::GIVEN_WEAK) == 0 && k != j + 2 {
            return k;
        }
        let lk = self.lk(k);
        if lk.pre != 0
            || lk.flags & (class::COMMON | class::GIVEN_WEAK) == 0
            || lk.flags & !(class::COMMON | class::GIVEN_WEAK) != 0
            || self.toks[k].shape != 0
            || self.toks[k].letters < 3
        {
            return k;
        }
        let w = self.word(k);
        if w.ends_with(['ه', 'ء', 'ا']) || ["ين", "ون", "ات"].iter().any(|x| w.ends_with(x))
        {
            return k;
        }
        let end = k + 1 >= n || self.toks[k + 1].hard || {
            let f = self.flags(k + 1);
            self.lk(k + 1).pre == 0
                && f & (class::BOUNDARY | class::VERB | class::REPORT | class::ROLE | class::TITLE)
                    != 0
        };
        if end { k + 1 } else { k }
    }

    /// Extends a person's name from word `j`: name words and particles,
    /// at most `max` name words; the end (exclusive).
    pub(super) fn extend_name(&self, j: usize, max: usize, fresh: bool) -> usize {
        let n = self.toks.len();
        let mut k = j;
        let mut count = 0;
        // Indefinite name words in a row (for the article rule below).
        let mut plain = 0;
        // The word after a particle or after عبد belongs to it.
        let mut bound = !fresh && j > 0 && self.stem(j - 1) == "عبد";
        while k < n && count < max {
            if k > j && self.toks[k].hard {
                break;
            }
            let f = self.flags(k);
            // After عبد any word with the article is the second half of a
            // compound given name, whatever else it is: God's names are
            // also titles, common words or function words (عبد الأمير،
            // عبد الملك، عبد السلام، عبد القادر، عبد الواحد، عبد الحي).
            if bound
                && k > 0
                && self.stem(k - 1) == "عبد"
                && self.toks[k].shape & shape::DEF != 0
                && (self.cover[k] == 0 || self.abd_match(k))
                && self.toks[k].letters >= 4
            {
                bound = false;
                // عبد الجليل is one given name: a family name with the
                // article may follow (سامر عبد الجليل الخطاب).
                plain = 0;
                k += 1;
                continue;
            }
            if f & class::PARTICLE != 0 && self.lk(k).pre == 0 && self.cover[k] == 0 {
                // أم starts a kunya only; inside a name it is "or" (هل
                // يختار المدرب محمد أم أحمد).
                if k > j && self.word(k) == "ام" {
                    break;
                }
                // X بن + a known person: the person is X's father (الأمير
                // فهد بن سلطان بن عبدالعزيز), and the name runs over him;
                // `push_person` drops the match.
                if let Some(end) = self.patronym_person(j, k, fresh) {
                    // … آل مكتوم: the name goes on after the father's.
                    k = end;
                    count += 1;
                    plain = 0;
                    bound = false;
                    continue;
                }
                if k + 1 < n && !self.toks[k + 1].hard && self.name_ok(k + 1, false) {
                    k += 1;
                    bound = true;
                    // بن سلمان الدويش: the word after a particle starts a
                    // new part of the name; the article rule below counts
                    // from there.
                    plain = 0;
                    continue;
                }
                break;
            }
            // `k - 1` is a name word: one taken here, or the given name
            // the caller started from (`fresh` false: عطا الله خيري).
            if (k > j || !fresh && k > 0) && self.cover[k] == 0 && self.lk(k).pre == 0 {
                let w = self.word(k);
                // The second half of a theophoric compound (جاد الله، فضل
                // الله، حمد الله): الله is a boundary word alone.
                if w == "الله" && self.flags(k - 1) & class::PARTICLE == 0 {
                    k += 1;
                    continue;
                }
                // A nisba right after a given name is a family name (سهيل
                // الهندي، شعبان الشامي): a nationality precedes the name in
                // news (المصري محمد صلاح), it does not follow it.
                if f & (class::NISBA | class::NISBA_INTL) != 0
                    && w != "الدولي"
                    && self.toks[k].shape & shape::DEF != 0
                    && self.flags(k - 1) & (class::GIVEN | class::GIVEN_WEAK) != 0
                    && self.lk(k - 1).pre == 0
                {
                    count += 1;
                    plain = 0;
                    bound = false;
                    k += 1;
                    continue;
                }
                // Somali names keep شيخ between given names (محمد شيخ حسن،
                // حسن شيخ محمود).
                if w == "شيخ"
                    && self.flags(k - 1) & class::GIVEN != 0
                    && k + 1 < n
                    && !self.toks[k + 1].hard
                    && self.flags(k + 1) & (class::GIVEN | class::GIVEN_WEAK) != 0
                    && self.flags(k + 1) & (class::VERB | class::REPORT | class::TITLE) == 0
                    && !self.maqsura(k + 1)
                {
                    k += 1;
                    continue;
                }
                // Iraqi, Sudanese and Maghreb names keep الحاج between
                // name words (محمد الحاج حمود، أحمد الحاج علي); the title
                // joins only before a name word without the article.
                if w == "الحاج"
                    && k + 1 < n
                    && !self.toks[k + 1].hard
                    && self.toks[k + 1].shape & shape::DEF == 0
                    && self.name_ok(k + 1, false)
                {
                    k += 1;
                    continue;
                }
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
        let mut t = 0;
        // Every rule starts at a title or a role, a reporting verb, a head
        // noun, a given name or أبو (a particle), and only a candidate word
        // can be one: the others, most of a text, are never looked at here.
        //
        // Each rule is tried only when the word has a class it starts at
        // (the rule's own first test, hoisted here: most candidates are
        // given names or reporting verbs, and a call that returns at once
        // still saves and restores registers).
        const TITLE: u32 = class::TITLE | class::ROLE;
        const ORG: u32 = class::ORG_HEAD;
        const PLACE: u32 = class::LOC_HEAD;
        // given_start needs a given name or a particle (أبو، أبي).
        const GIVEN: u32 = class::GIVEN | class::GIVEN_WEAK | class::PARTICLE;
        for ci in 0..self.cands.len() {
            let c = self.cands[ci] as usize;
            if c < t {
                continue;
            }
            let f = self.flags(c);
            if f & class::STARTS == 0 {
                continue;
            }
            t = c;
            let mut next = None;
            if f & TITLE != 0 && self.cover[t] == 0 {
                next = self.title_rule(t);
            }
            if next.is_none() && f & class::REPORT != 0 {
                next = self.report_rule(t);
            }
            if next.is_none() && f & ORG != 0 && self.cover[t] == 0 {
                next = self.org_rule(t);
            }
            if next.is_none() && f & PLACE != 0 && self.cover[t] == 0 && !self.lk(t).def {
                next = self.place_rule(t);
            }
            if next.is_none() && f & GIVEN != 0 && self.cover[t] == 0 {
                next = self.given_rule(t);
            }
            if next.is_none() && f & class::GIVEN != 0 && self.cover[t] != 0 {
                next = self.longer_than_known(t);
            }
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
        // A head that is also a role (مؤسسة "foundation" / "founder")
        // before a title and a name names a body after a person (مؤسسة
        // الملك حسين): the organisation rule's.
        if f & class::ORG_HEAD != 0 && !self.lk(i).def && self.named_after(i + 1).is_some() {
            return None;
        }
        // A title of the nisba shape (الروائي، الصحفي، الإعلامية) right
        // after a definite noun that is no title, agreeing with it and not
        // before a given name, is that noun's adjective (العمل الروائي
        // مرتبط …، الحملة الإعلامية …), not a title.
        if i > 0
            && !self.toks[i].hard
            && self.lk(i).def
            && self.lk(i).pre == 0
            && (self.word(i).ends_with('ي') || self.word(i).ends_with("يه"))
            && self.cover[i - 1] == 0
            && (self.lk(i - 1).def || self.toks[i - 1].shape & shape::DEF != 0)
            && self.flags(i - 1) & (class::TITLE | class::ROLE | class::NISBA) == 0
            // … a role's complement continues the chain (وزير الإعلام …).
            && !(self.flags(i - 1) & class::COMP != 0 && i > 1 && self.flags(i - 2) & class::ROLE != 0)
            // An adjective agrees with its noun (قدمت الحفل الإعلامية …:
            // the title is the subject), and a given name after the title
            // is a name (قدمت الحفل الإعلامي محمد …), as is a nisba and a name
        // (لا الحصر الروائي الجزائري واسيني الأعرج).
            && self.word(i).ends_with('ه') == self.word(i - 1).ends_with('ه')
            && self.flags(i + 1) & (class::GIVEN | class::NISBA) == 0
        {
            return None;
        }
        let j = self.title_chain(i, f)?;
        // An organisation or a place named inside the chain (زعيم حزب
        // العمال الأسبق نيل كينوك، المتحدث باسم وزارة الخارجية الإيرانية
        // …) is found too; when it takes the name's place (مدير مطار
        // الملكة علياء، رئيس جامعة الملك سعود) there is no person.
        let mut t = i + 1;
        while t < j {
            if self.cover[t] == 0 && self.flags(t) & (class::ORG_HEAD | class::LOC_HEAD) != 0 {
                let before = self.ents.len();
                if let Some(end) = self.org_rule(t).or_else(|| self.place_rule(t)) {
                    if end > j {
                        return Some(end);
                    }
                    if self.ents.len() > before {
                        t = end;
                        continue;
                    }
                }
            }
            t += 1;
        }
        // وكيل وزارة الخارجية الباكستانية إعزاز تشودري: the town's match
        // on the name's first word is dropped (see `place_as_first_name`).
        if self.place_as_first_name(j, false, 1) {
            let c = self.cover[j] as usize - 1;
            self.ents[c].alive = false;
            self.cover[j] = 0;
        }
        // الرئيس التنفيذي لزيموفار: the body the role belongs to (orgs.rs).
        if let Some(end) = self.role_body(i, j) {
            return Some(end);
        }
        // A given name that is also a past-tense verb (شهد) is the name
        // only before a given name or a family name of the الـ…ي shape:
        // وزير الخارجية شهد الحسيني, not وزير الخارجية شهد تبادل الآراء.
        if self.flags(j) & class::GIVEN_VERB != 0 && self.lk(j).pre == 0 && self.cover[j] == 0 {
            return self.title_verb_given(j);
        }
        // A word that is also a verb, right after the chain and before بن
        // or ابن and a name word, is a given name (الموفد السعودي يزيد بن
        // فرحان): a verb's subject or object does not come as X بن Y.
        if let Some(end) = self.title_verb_patronym(j) {
            return Some(end);
        }
        self.title_name(j)
    }

    /// Title rule step 1: the end of the title/role chain after word `i`
    /// (the first word of the name), or `None` when no name can follow.
    fn title_chain(&self, i: usize, f: u32) -> Option<usize> {
        let n = self.toks.len();
        let mut j = i + 1;
        let mut need_comp = f & class::TITLE == 0;
        let mut chain = 0;
        while j < n && !self.toks[j].hard && chain < 8 {
            let fj = self.flags(j);
            if let Some(e) = self.covering(j) {
                if e.e.kind == "PER" || self.place_as_first_name(j, need_comp, chain) {
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
                // A definite head completes the construct (عميد البلدية فرج
                // …); an indefinite one takes a complement (رئيس مجلس …).
                need_comp = fj & class::ROLE != 0
                    || fj & class::ORG_HEAD != 0 && !self.lk(j).def
                    || self.stem(j) == "باسم";
                j += 1;
                chain += 1;
                continue;
            }
            let def_common = fj & class::COMMON != 0 && self.lk(j).def;
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
                    && !(fj & class::TITLE != 0 && self.lk(j).def);
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
        Some(j)
    }

    /// Whether word `j`, in a title chain that needs no complement any more
    /// (`need_comp` false, `chain` words taken), is a one-word gazetteer
    /// place written bare before a name word of no list: the first word of
    /// the person's name (وكيل وزارة الخارجية الباكستانية إعزاز تشودري:
    /// إعزاز is also a Syrian town). A complete chain takes no place after
    /// it; a place complement fills a role's construct (وزير خارجية فرنسا
    /// …) or follows في (السفير الفرنسي في بيروت …).
    fn place_as_first_name(&self, j: usize, need_comp: bool, chain: usize) -> bool {
        if need_comp || chain == 0 || j == 0 || j + 1 >= self.toks.len() || self.toks[j + 1].hard {
            return false;
        }
        // The word before ends the chain as a definite word does (a nisba,
        // a definite complement); after an indefinite word the place is its
        // complement (حاكم ولاية هلمند أسد الله …).
        if !(self.lk(j - 1).def || self.toks[j - 1].shape & shape::DEF != 0)
            || self.flags(j - 1) & class::LOC_HEAD != 0
        {
            return false;
        }
        let Some(e) = self.covering(j) else {
            return false;
        };
        e.alive
            && e.e.kind == "LOC"
            && e.ts == j
            && e.te == j + 1
            && e.e.how == How::Gazetteer
            && e.e.prefix.is_none()
            && self.toks[j + 1].shape == 0
            && self.toks[j + 1].letters >= 3
            && self.name_ok(j + 1, false)
            && !self.indefinite_noun(j + 1)
    }

    /// Title rule step 2: a given name that is also a past-tense verb right
    /// after the chain is a name only before another name word.
    fn title_verb_given(&mut self, j: usize) -> Option<usize> {
        let n = self.toks.len();
        let m = j + 1;
        let fm = self.flags(m);
        let next_name = m < n
            && !self.toks[m].hard
            && self.cover[m] == 0
            && self.lk(m).pre == 0
            && (fm & (class::GIVEN | class::GIVEN_WEAK) != 0 && fm & class::NOT_NAME == 0
                || fm == 0
                    && self.toks[m].shape & shape::DEF != 0
                    && self.word(m).ends_with('ي')
                    && self.toks[m].letters >= 5);
        if !next_name {
            return None;
        }
        let k = self.extend_name(m, 3, false);
        if k <= m {
            return None;
        }
        Some(self.push_person(j, k, false))
    }

    /// A gazetteer person of two words or more starting at the given name
    /// `t` and followed by a family name of the الـ…ي shape of no list is
    /// part of a longer name, someone else's (محمد يونس المنفي is not
    /// محمد يونس): the match is dropped and the whole name found, with no
    /// id. The end of the name, or `None`.
    fn longer_than_known(&mut self, t: usize) -> Option<usize> {
        let c = (*self.cover.get(t)? as usize).checked_sub(1)?;
        let e = &self.ents[c];
        if !e.alive || e.ts != t || e.te < t + 2 || e.e.kind != "PER" || e.e.how != How::Gazetteer {
            return None;
        }
        let k = e.te;
        if k >= self.toks.len()
            || self.toks[k].hard
            || self.cover[k] != 0
            || self.flags(k) != 0
            || self.toks[k].shape != shape::DEF
            || self.toks[k].letters < 5
            || !self.word(k).ends_with('ي')
            || e.e.prefix.is_some()
        {
            return None;
        }
        self.ents[c].alive = false;
        for x in &mut self.cover[t..k] {
            *x = 0;
        }
        Some(self.push_person(t, k + 1, false))
    }

    /// Title rule step 2b: a verb-shaped given name before بن/ابن.
    fn title_verb_patronym(&mut self, j: usize) -> Option<usize> {
        let n = self.toks.len();
        if j + 2 >= n
            || self.flags(j) & (class::VERB | class::REPORT) == 0
            || self.flags(j) & class::BOUNDARY != 0
            || self.lk(j).pre != 0
            || self.cover[j] != 0
            || self.toks[j + 1].hard
            || self.toks[j + 2].hard
            || !matches!(self.word(j + 1), "بن" | "ابن")
            || !self.name_ok(j + 2, false)
        {
            return None;
        }
        let k = self.extend_name(j + 2, 3, false);
        Some(self.push_person(j, k, false))
    }

    /// Title rule step 3: the name after the chain, with a family place name
    /// and a ruler's ordinal.
    fn title_name(&mut self, j: usize) -> Option<usize> {
        // A gazetteer person right after the chain: the gazetteer has it.
        if !self.name_ok(j, true) {
            return None;
        }
        let mut k = self.extend_name(j, 4, true);
        if k == j {
            return None;
        }
        // The surname of a person named before is that person (الوزيرة
        // رايس تعبر …): the name is that word alone unless a listed name
        // word follows.
        if k > j + 1
            && self.flags(j + 1) & (class::GIVEN | class::GIVEN_WEAK | class::PARTICLE) == 0
            && self.toks[j + 1].shape & shape::DEF == 0
            && self.surname_seen(j)
        {
            k = j + 1;
        }
        k = self.common_family(j, k);
        // A given name followed by a one-word known place written bare:
        // the place is a family name (الناشطة اليمنية توكل كرمان), as in
        // the given-name rule.
        k = self.place_as_family(k);
        // One word with the article is a name only in the family-name shape
        // الـ…ي (الرئيس السيسي), not a noun (لمساعدة الكرملين القتال).
        if k == j + 1
            && self.toks[j].shape & shape::DEF != 0
            && self.flags(j) == 0
            && !(self.word(j).ends_with('ي') && self.toks[j].letters >= 5)
        {
            return None;
        }
        // A lone word of no list (or a weak given name) before a listed
        // noun with a pronoun suffix is in construct with it: the verb's
        // object (أكد الوزير حرص بلاده …، ثقة حكومته …), not a name; نفسه
        // and ذاته after a name stay emphasis (قال الرئيس سلامي نفسه …).
        if k == j + 1
            && self.flags(j) & !class::GIVEN_WEAK == 0
            && self.lk(j).pre == 0
            && k < self.toks.len()
            && !self.toks[k].hard
            && self.pronoun(k)
            && self.pronoun_on_noun(k)
            // وابنته "and his daughter" follows a name.
            && !self.word(k).starts_with('و')
            && !["نفس", "ذات"].iter().any(|x| self.word(k).starts_with(x))
        {
            return None;
        }
        // A lone indefinite noun after a title is the verb's object (أجرى
        // الوزير اتصالات مع …، حقق المدرب انتصارا كبيرا), unless the clause
        // goes on as a subject's would: إن/أن, a verb, punctuation (قال
        // الوزير بركات إن …). A later surname alone is coreference's.
        if k == j + 1 && self.flags(j) == 0 && self.lk(j).pre == 0 && self.indefinite_noun(j) {
            let n = self.toks.len();
            let subject = k >= n
                || self.toks[k].hard
                || matches!(self.word(k), "ان" | "انه" | "انها")
                || self.flags(k) & (class::VERB | class::REPORT) != 0;
            if !subject {
                return None;
            }
        }
        // الملك عبد الله الثاني
        k = self.ruler_ordinal(j, k);
        if let Some(end) = self.absorb_person(j, k) {
            return Some(end);
        }
        Some(self.push_person(j, k, false))
    }

    /// A ruler's ordinal after a one-word name (الملك عبد الله الثاني،
    /// محمد السادس، بنديكتوس السادس عشر): the name's new end. After a
    /// longer name an ordinal is a rank or a seed (توماس برديتش الحادي
    /// عشر), not part of the name.
    fn ruler_ordinal(&self, j: usize, k: usize) -> usize {
        let n = self.toks.len();
        let one = k == j + 1 || k == j + 2 && self.stem(j) == "عبد";
        if !one || k >= n || self.toks[k].hard || self.flags(k) & class::ORDINAL == 0 {
            return k;
        }
        // بنديكتوس السادس عشر، لويس الرابع عشر
        if k + 1 < n && !self.toks[k + 1].hard && self.word(k + 1) == "عشر" {
            return k + 2;
        }
        k + 1
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
        // قال بضرورة …، أكدت برغبتها …: a prepositional phrase, no subject.
        if self.lk(j).pre == 0 && self.clitic_noun(j) {
            return None;
        }
        // The dual of a listed noun (وقال مصدران إن، مسؤولان): two people
        // described, no name.
        if self.lk(j).flags == 0
            && self.word(j).strip_suffix("ان").is_some_and(|stem| {
                stem.chars().count() >= 3
                    && self.lx.lookup(stem).flags & (class::COMMON | class::ROLE) != 0
            })
        {
            return None;
        }
        // A word of no list followed at once by إن/أن is the verb's subject
        // whatever its shape (وقال أوباما إن، وقال السنيورة إن، وقال الزهار
        // أن): an object does not come between the verb and إن.
        let before_an = j + 1 < n
            && !self.toks[j + 1].hard
            && matches!(self.word(j + 1), "ان" | "انه" | "انها")
            && self.lk(j).flags == 0
            && self.lk(j).pre == 0
            && tj.letters >= 4
            && !["ات", "ين", "ون"].iter().any(|x| self.word(j).ends_with(x))
            && !self.definite_participle(j)
            // With the article: not a dual (الجانبان، الطرفان) nor a noun
            // in ـية (القنصلية، المفوضية).
            && !(tj.shape & shape::DEF != 0
                && (self.word(j).ends_with("ان") || self.word(j).ends_with("يه")))
            && !{
                // Tanwin written in the text (مسعفٌ): an indefinite noun.
                let (os, oe) = self.span(j);
                self.text
                    .get(os..oe)
                    .is_some_and(|o| o.contains(['\u{064B}', '\u{064C}', '\u{064D}']))
            };
        if before_an {
            return Some(self.push_person(j, j + 1, false));
        }
        // يعتبر نصرا له، لا ترى فجوات: the verb's object, an indefinite noun.
        if self.lk(j).flags == 0 && self.indefinite_noun(j) {
            return None;
        }
        // A sound plural in construct before its definite genitive (وقال
        // صانعو السياسات، ممثلو الأحزاب): people described, no name; a
        // family name of the الـ…ي shape after a name in ـو stays (قال
        // برونو الفرنسي …).
        if self.lk(j).flags == 0
            && tj.letters >= 4
            && self.word(j).ends_with('و')
            && j + 1 < n
            && !self.toks[j + 1].hard
            && self.lk(j + 1).pre == 0
            && (self.lk(j + 1).def || self.toks[j + 1].shape & shape::DEF != 0)
            && !self.word(j + 1).ends_with('ي')
        {
            return None;
        }
        // A weak given name (ماهر، أمل، سعيد) is the subject only before a
        // word of no list (قال ماهر المذيوب، إن …): the name's end is
        // checked below like any subject's.
        if self.lk(j).flags & class::GIVEN_WEAK != 0
            && self.lk(j).flags & class::GIVEN == 0
            && !(j + 1 < n
                && !self.toks[j + 1].hard
                && self.cover[j + 1] == 0
                && self.flags(j + 1) == 0
                && self.toks[j + 1].letters >= 3
                && self.toks[j + 1].shape & (shape::LATIN | shape::DIGIT | shape::PREP_DEF) == 0)
        {
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
        let k = self.common_family(j, k);
        // What follows the subject: إن/أن، a preposition, punctuation, a
        // verb or a role (قال ماكرون رئيس فرنسا).
        let ok_end = k >= n || self.toks[k].hard || {
            let f = self.flags(k);
            f & (class::BOUNDARY | class::VERB | class::REPORT | class::TITLE | class::ROLE) != 0
                || (self.lk(k).pre > 0 && f != 0)
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
        let kunya = self.given_start(i)?;
        // A place head in the dual before أبو (بلدتي أبو ديس والعيزرية): the
        // place rule, as after the singular.
        if kunya
            && i > 0
            && !self.toks[i].hard
            && self.flags(i - 1) == 0
            && self.cover[i - 1] == 0
            && let Some(end) = self.place_rule(i - 1)
        {
            return Some(end);
        }
        if !kunya && self.pronoun(i) {
            return None;
        }
        if !kunya {
            self.given_place_family(i);
        }
        if self.stem(i) == "علي" && self.maqsura(i) {
            return None;
        }
        let mut k = self.extend_name(i + 1, 3, false);
        if k > i + 1 {
            // توكل عبد السلام خالد كرمان
            k = self.place_as_family(k);
        }
        if !kunya {
            k = self.common_family(i, k);
        }
        // A lone given name right before a title with the article is a
        // verb or ends a clause, not a person (أشرف الملك على …، حضر محمد
        // الوزير …): the title rule starts at the title.
        if k == i + 1
            && !kunya
            && k < self.toks.len()
            && !self.toks[k].hard
            && self.lk(k).def
            && self.lk(k).pre == 0
            && self.flags(k) & class::TITLE != 0
        {
            return None;
        }
        if kunya {
            k = self.kunya_nisba(i, k);
        } else {
            // محمد الخامس، الحسن الثاني
            k = self.ruler_ordinal(i, k);
        }
        if let Some(end) = self.absorb_person(i, k) {
            return Some(end);
        }
        Some(self.push_person(i, k, true))
    }

    /// Given-name rule step 1: whether a name can start at word `i`, and
    /// whether it starts with a kunya (أبو).
    fn given_start(&self, i: usize) -> Option<bool> {
        let lk = self.lk(i);
        let f = lk.flags;
        let n = self.toks.len();
        // أبو with its proclitics (وأبو مازن، لأبو عمار), and the genitive
        // أبي after one (بأبي محمد) before a given name.
        // The stem is read below only without proclitics, or for ابو and
        // ابي, which are particles.
        let stem = if lk.pre == 0 {
            self.word(i)
        } else if f & class::PARTICLE != 0 {
            self.stem(i)
        } else {
            ""
        };
        // أم + a given name is a woman's kunya (أم أحمد، وأم محمد), not
        // the conjunction "or" between two names (محمد أم أحمد).
        let umm = stem == "ام"
            && self.flags(i + 1) & (class::GIVEN | class::GIVEN_WEAK) != 0
            && (lk.pre > 0
                || i == 0
                || self.toks[i].hard
                || self.flags(i - 1) & (class::GIVEN | class::GIVEN_WEAK) == 0
                    && self.covering(i - 1).is_none_or(|e| e.e.kind != "PER"));
        let kunya = (stem == "ابو"
            || umm
            || stem == "ابي"
                && lk.pre > 0
                && self.flags(i + 1) & (class::GIVEN | class::GIVEN_WEAK) != 0)
            && i + 1 < n
            && !self.toks[i + 1].hard
            && self.name_ok(i + 1, true);
        // A weak given name (جمال، سعيد) starts a name before a strong one
        // or a particle: جمال عبد الناصر، سعيد بن علي.
        // Not a function word (آن Anne folds to ان, which is أن/إن).
        // With a glued و only right after a person (a list of names: هما
        // زينب موسى وماهر يونس).
        let listed_after_person = usize::from(lk.pre) == 'و'.len_utf8()
            && self.word(i).starts_with('و')
            && i > 0
            && !self.toks[i].hard
            && self
                .covering(i - 1)
                .is_some_and(|e| e.e.kind == "PER" && e.te == i);
        let weak_start = f & class::GIVEN_WEAK != 0
            && f & (class::BOUNDARY | class::VERB | class::REPORT) == 0
            && (lk.pre == 0 || listed_after_person)
            && i + 1 < n
            && !self.toks[i + 1].hard
            && self.cover[i + 1] == 0
            && self.flags(i + 1) & (class::GIVEN | class::PARTICLE) != 0
            && self.flags(i + 1) & (class::BOUNDARY | class::VERB) == 0;
        // علي spelled with ي is the name (على "on" is written with ى).
        let ali = stem == "علي" && lk.pre == 0 && f & class::GIVEN != 0 && !self.maqsura(i);
        if !kunya
            && !weak_start
            && !ali
            && (f & class::GIVEN == 0 || f & (class::BOUNDARY | class::VERB) != 0)
        {
            return None;
        }
        // After a relative pronoun an imperfect verb follows (الذي يحيي
        // ذكرى …، التي تمثل …), not a name.
        if i > 0
            && !self.toks[i].hard
            && lk.pre == 0
            && matches!(
                self.word(i - 1),
                "الذي"
                    | "التي"
                    | "الذين"
                    | "اللذين"
                    | "اللتين"
                    | "اللذان"
                    | "اللتان"
                    | "اللواتي"
                    | "اللاتي"
            )
            && stem.starts_with(['ي', 'ت', 'ن'])
        {
            return None;
        }
        Some(kunya)
    }

    /// Given-name rule step 2: a one-word known place right after a given
    /// name is a family name, so the place match is dropped.
    fn given_place_family(&mut self, i: usize) {
        let n = self.toks.len();
        // A given name followed by a one-word known place: the place is a
        // family name (توكل كرمان، جورج واشنطن).
        if i + 1 < n
            && !self.toks[i + 1].hard
            && let Some(c) = self.cover.get(i + 1).copied().filter(|&c| c > 0)
        {
            let e = &self.ents[c as usize - 1];
            if e.e.kind == "LOC" && e.ts == i + 1 && e.te == i + 2 && e.e.how == How::Gazetteer {
                self.ents[c as usize - 1].alive = false;
                self.cover[i + 1] = 0;
            }
        }
    }

    /// Given-name rule step 3: the end of a kunya name with a nisba after it.
    fn kunya_nisba(&self, i: usize, k: usize) -> usize {
        let n = self.toks.len();
        // A nisba after a kunya is part of the name (أبو فرج الليبي، أبو
        // حمزة المصري): a kunya is a nom de guerre, and the nisba tells
        // its bearer apart.
        if k < n
            && k > i + 1
            && !self.toks[k].hard
            && self.cover[k] == 0
            && self.lk(k).pre == 0
            && self.toks[k].shape & shape::DEF != 0
            && self.flags(k) & class::NISBA != 0
        {
            return k + 1;
        }
        k
    }

    /// If the name ending before word `k` ends with a strong given name
    /// and `k` is a one-word gazetteer place written bare (no proclitic,
    /// no punctuation before it), the place is the family name: it is
    /// dropped and the name's new end returned.
    fn place_as_family(&mut self, k: usize) -> usize {
        if k == 0 || k >= self.toks.len() || self.toks[k].hard {
            return k;
        }
        if self.flags(k - 1) & class::GIVEN == 0 || self.lk(k - 1).pre != 0 {
            return k;
        }
        let Some(c) = self.cover.get(k).copied().filter(|&c| c > 0) else {
            return k;
        };
        let e = &self.ents[c as usize - 1];
        if e.e.kind == "LOC"
            && e.ts == k
            && e.te == k + 1
            && e.e.how == How::Gazetteer
            && e.e.prefix.is_none()
        {
            self.ents[c as usize - 1].alive = false;
            self.cover[k] = 0;
            return k + 1;
        }
        k
    }

    /// If a gazetteer person follows the name directly (جون + كيري), the
    /// name becomes that person: returns the person's end.
    fn absorb_person(&mut self, j: usize, k: usize) -> Option<usize> {
        let c = self.cover.get(k).copied().filter(|&c| c > 0)?;
        // Only a given name joins a known person (جون + كيري); after a
        // longer name the person is someone else (ياسر إبراهيم … علي
        // معلول: a list of players).
        if self.toks[k].hard || k <= j || k > j + 1 {
            return None;
        }
        let idx = c as usize - 1;
        if self.ents[idx].e.kind != "PER" || self.ents[idx].ts != k {
            return None;
        }
        let start = self.os(j);
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
        // A lone weak given name is not a name, nor a lone given name
        // that is also a common noun (عن عمر ناهز 79 عاما: عمر "age").
        // Nor علي alone: some texts spell the preposition على so.
        if k == j + 1 {
            let f = self.flags(j);
            if with_prefix
                && (f & class::GIVEN_WEAK != 0 && f & class::GIVEN == 0
                    || f & class::COMMON != 0
                    || self.stem(j) == "علي")
            {
                return j + 1;
            }
        }
        // X بن + a gazetteer person (see `patronym_person`): the match is
        // the father's name inside the son's, not a mention of him.
        for t in j + 1..k {
            if matches!(self.word(t - 1), "بن" | "ابن" | "بنت")
                && let Some(c) = self.cover.get(t).copied().filter(|&c| c > 0)
            {
                let c = c as usize - 1;
                let e = &self.ents[c];
                if e.ts == t && e.te <= k && e.e.kind == "PER" && e.e.how == How::Gazetteer {
                    let te = e.te;
                    self.ents[c].alive = false;
                    for x in &mut self.cover[t..te] {
                        *x = 0;
                    }
                }
            }
        }
        // عبد العال: the one-word match after عبد is part of the name.
        for t in j + 1..k {
            if self.abd_match(t) {
                let c = self.cover[t] as usize - 1;
                self.ents[c].alive = false;
                self.cover[t] = 0;
            }
        }
        self.push_pattern(j, k, "PER", with_prefix);
        k
    }
}

/// Whether a normalized word may be the normalization of one
/// [`Doc::glued_ifal`] accepts: و or ف, if any, then ب، ل or ك, then an
/// alef of any form.
fn ifal_shape(w: &str) -> bool {
    // Two-byte letters: و D9 88, ف D9 81; ب D8 A8, ل D9 84, ك D9 83;
    // ا D8 A7, إ D8 A5, أ D8 A3, آ D8 A2, ٱ D9 B1.
    let b = w.as_bytes();
    let at = |i: usize| b.get(i..i + 2).map_or([0, 0], |x| [x[0], x[1]]);
    let p = if matches!(at(0), [0xD9, 0x88 | 0x81]) {
        2
    } else {
        0
    };
    matches!(at(p), [0xD8, 0xA8] | [0xD9, 0x84 | 0x83])
        && matches!(at(p + 2), [0xD8, 0xA7 | 0xA5 | 0xA3 | 0xA2] | [0xD9, 0xB1])
}

#[cfg(test)]
mod tests {
    use khabar_normalize::{Normalizer, Profile};

    /// A word [`super::Doc::glued_ifal`] accepts keeps its shape in the
    /// search profile, diacritics and all, so the shape test on the
    /// normalized word never rejects one.
    #[test]
    fn glued_ifal_shape_survives_normalization() {
        let norm = Normalizer::new(Profile::Search);
        for c in ["", "و", "ف"] {
            for p in ["ب", "ل", "ك"] {
                for w in ["إخراج", "إعادة", "إطلاق", "إِعادة", "إصلاحات"]
                {
                    let n = norm.normalize(&format!("{c}{p}{w}"));
                    assert!(super::ifal_shape(n.as_str()), "{c}{p}{w} -> {}", n.as_str());
                }
            }
        }
        assert!(!super::ifal_shape("محمد"));
        assert!(!super::ifal_shape("بيروت"));
        // The byte test is the letter test.
        let letters = [
            "و", "ف", "ب", "ل", "ك", "ا", "إ", "أ", "آ", "ٱ", "م", "ي", "x", "",
        ];
        for a in letters {
            for b in letters {
                for c in letters {
                    let w = format!("{a}{b}{c}ن");
                    let r = w.strip_prefix(['و', 'ف']).unwrap_or(&w);
                    let want = r
                        .strip_prefix(['ب', 'ل', 'ك'])
                        .is_some_and(|r| r.starts_with(['ا', 'إ', 'أ', 'آ', 'ٱ']));
                    assert_eq!(super::ifal_shape(&w), want, "{w}");
                }
            }
        }
    }
}
