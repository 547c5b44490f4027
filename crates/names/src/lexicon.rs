//! The word lists: loaded from the TSV files in `data/`, normalized with the
//! search profile, and kept in one hash map from a bare stem (no clitics, no
//! article) to the word classes it has without and with the article.

use khabar_normalize::Normalizer;
use rustc_hash::FxHashMap;

use crate::error::BuildError;

/// Word classes, one bit each.
pub(crate) mod class {
    /// A given name that starts a person's name on its own.
    pub const GIVEN: u32 = 1 << 0;
    /// A given name that is also a common word.
    pub const GIVEN_WEAK: u32 = 1 << 1;
    /// A name particle: بن، ابن، أبو، أم، آل، بنت.
    pub const PARTICLE: u32 = 1 << 2;
    /// A title a name follows directly (الرئيس، الشيخ).
    pub const TITLE: u32 = 1 << 3;
    /// A role in construct state that takes a complement (وزير، رئيس).
    pub const ROLE: u32 = 1 << 4;
    /// A role's complement (الخارجية، الوزراء).
    pub const COMP: u32 = 1 << 5;
    /// An adjective inside a role chain (السابق).
    pub const MODIFIER: u32 = 1 << 6;
    /// A country's or people's nisba adjective.
    pub const NISBA: u32 = 1 << 7;
    /// A regional or international nisba adjective.
    pub const NISBA_INTL: u32 = 1 << 8;
    /// A reporting verb.
    pub const REPORT: u32 = 1 << 9;
    /// Another verb.
    pub const VERB: u32 = 1 << 10;
    /// A function word, time word or number word.
    pub const BOUNDARY: u32 = 1 << 11;
    /// A common noun or adjective.
    pub const COMMON: u32 = 1 << 12;
    /// The head noun of an organisation's name.
    pub const ORG_HEAD: u32 = 1 << 13;
    /// The head noun of a place's name.
    pub const LOC_HEAD: u32 = 1 << 14;
    /// The head noun of an event's name.
    pub const EVENT_HEAD: u32 = 1 << 15;
    /// A word before a city in a club's name.
    pub const CLUB_PRE: u32 = 1 << 16;
    /// A word after a city in a club's name.
    pub const CLUB_POST: u32 = 1 << 17;
    /// A place head whose word is part of the name (نهر النيل).
    pub const HEAD_INCLUDED: u32 = 1 << 18;
    /// An ordinal that may end a ruler's name (الثاني).
    pub const ORDINAL: u32 = 1 << 19;

    /// An organisation head whose complement is a name even when it is a
    /// common noun (حزب العمال، وزارة الصحة).
    pub const STRONG_HEAD: u32 = 1 << 20;

    /// An organisation head that may take a known place as its name.
    pub const PLACE_NAMED: u32 = 1 << 21;

    /// A place head naming the same referent as a known place after it
    /// (جزيرة سقطرى).
    pub const SAME_REFERENT: u32 = 1 << 22;

    /// Classes that can never be part of a person's name.
    pub const NOT_NAME: u32 = TITLE
        | ROLE
        | COMP
        | MODIFIER
        | NISBA
        | NISBA_INTL
        | REPORT
        | VERB
        | BOUNDARY
        | COMMON
        | ORG_HEAD
        | LOC_HEAD
        | EVENT_HEAD;
}

/// The classes of one stem: without the article and with it.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Classes {
    pub bare: u32,
    pub def: u32,
}

/// One row of `ambiguous.tsv`.
#[derive(Clone, Debug)]
pub(crate) struct Sense {
    pub id: SenseId,
    pub kind: Box<str>,
    pub name: Box<str>,
    pub place: CueWhere,
    pub cues: Vec<Box<str>>,
}

/// What a [`Sense`] does to the mention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SenseId {
    /// Link it to this id.
    Id(Box<str>),
    /// Drop it.
    Drop,
    /// Keep it as a name without an id.
    NoId,
}

/// Where a sense's cue words are looked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CueWhere {
    Before,
    After,
    Sentence,
    Report,
}

/// All the word lists.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    pub words: FxHashMap<Box<str>, Classes>,
    /// Normalized surface → its senses, in file order.
    pub senses: FxHashMap<Box<str>, Vec<Sense>>,
}

/// A built-in data file: its name (for errors) and text.
pub(crate) struct DataFile {
    pub name: &'static str,
    pub text: &'static str,
}

macro_rules! data {
    ($f:literal) => {
        DataFile {
            name: $f,
            text: include_str!(concat!("../data/", $f)),
        }
    };
}

pub(crate) const GIVEN_NAMES: DataFile = data!("given-names.tsv");
pub(crate) const ROLES: DataFile = data!("roles.tsv");
pub(crate) const NISBA: DataFile = data!("nisba.tsv");
pub(crate) const VERBS: DataFile = data!("verbs.tsv");
pub(crate) const BOUNDARIES: DataFile = data!("boundaries.tsv");
pub(crate) const COMMON: DataFile = data!("common.tsv");
pub(crate) const HEADS: DataFile = data!("heads.tsv");
pub(crate) const AMBIGUOUS: DataFile = data!("ambiguous.tsv");

/// The lines of a file that carry data: (1-based line number, fields).
fn rows(file: &DataFile) -> impl Iterator<Item = (usize, Vec<&str>)> + '_ {
    file.text.lines().enumerate().filter_map(|(i, line)| {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            return None;
        }
        Some((i + 1, line.split('\t').map(str::trim).collect()))
    })
}

impl Lexicon {
    /// Loads every built-in file.
    pub fn builtin(norm: &Normalizer) -> Result<Lexicon, BuildError> {
        let mut lx = Lexicon::default();
        lx.load_given(norm, &GIVEN_NAMES)?;
        lx.load_roles(norm, &ROLES)?;
        lx.load_nisba(norm, &NISBA)?;
        lx.load_verbs(norm, &VERBS)?;
        lx.load_plain(norm, &BOUNDARIES, class::BOUNDARY, false)?;
        lx.load_plain(norm, &COMMON, class::COMMON, true)?;
        lx.load_heads(norm, &HEADS)?;
        lx.load_senses(norm, &AMBIGUOUS)?;
        for p in ["بن", "ابن", "ابو", "ام", "ال", "بنت", "ولد", "ابي"] {
            lx.add(p, class::PARTICLE, false);
        }
        for o in [
            "الاول",
            "الثاني",
            "الثالث",
            "الرابع",
            "الخامس",
            "السادس",
            "السابع",
            "الثامن",
            "التاسع",
            "العاشر",
            "عشر",
        ] {
            lx.add(o, class::ORDINAL, false);
        }
        Ok(lx)
    }

    /// Adds `word` (already normalized) with `flags`; a word written with
    /// the article sets the classes of its definite form. `both`: the
    /// classes hold with and without the article.
    pub fn add(&mut self, word: &str, flags: u32, both: bool) {
        let (stem, def) = match word.strip_prefix("ال") {
            Some(rest) if rest.chars().count() >= 2 => (rest, true),
            _ => (word, false),
        };
        let e = self.words.entry(stem.into()).or_default();
        if both || def {
            e.def |= flags;
        }
        if both || !def {
            e.bare |= flags;
        }
    }

    fn load_given(&mut self, norm: &Normalizer, f: &DataFile) -> Result<(), BuildError> {
        for (line, fields) in rows(f) {
            let [word, strength] = fields[..] else {
                return Err(BuildError::bad_line(
                    f.name,
                    line,
                    "expected name<TAB>strength",
                ));
            };
            let flags = match strength {
                "strong" => class::GIVEN,
                "weak" => class::GIVEN_WEAK,
                _ => {
                    return Err(BuildError::bad_line(
                        f.name,
                        line,
                        "strength is strong or weak",
                    ));
                }
            };
            let w = normalized(norm, word, f.name, line)?;
            // عبد الله is also written عبدالله: both spellings.
            self.add(&w, flags, false);
        }
        Ok(())
    }

    fn load_roles(&mut self, norm: &Normalizer, f: &DataFile) -> Result<(), BuildError> {
        for (line, fields) in rows(f) {
            let [word, kind] = fields[..] else {
                return Err(BuildError::bad_line(
                    f.name,
                    line,
                    "expected word<TAB>class",
                ));
            };
            let flags = match kind {
                "title" => class::TITLE,
                "role" => class::ROLE,
                "comp" => class::COMP,
                "modifier" => class::MODIFIER,
                _ => {
                    return Err(BuildError::bad_line(
                        f.name,
                        line,
                        "class is title, role, comp or modifier",
                    ));
                }
            };
            let w = normalized(norm, word, f.name, line)?;
            self.add(&w, flags, false);
        }
        Ok(())
    }

    fn load_nisba(&mut self, norm: &Normalizer, f: &DataFile) -> Result<(), BuildError> {
        for (line, fields) in rows(f) {
            let [word, kind, _id] = fields[..] else {
                return Err(BuildError::bad_line(
                    f.name,
                    line,
                    "expected word<TAB>class<TAB>id",
                ));
            };
            let flags = match kind {
                "country" => class::NISBA,
                "intl" => class::NISBA_INTL,
                _ => {
                    return Err(BuildError::bad_line(
                        f.name,
                        line,
                        "class is country or intl",
                    ));
                }
            };
            let w = normalized(norm, word, f.name, line)?;
            // Masculine and feminine (ـية → ـيه in the search profile),
            // definite and indefinite.
            self.add(&w, flags, true);
            self.add(&format!("{w}ه"), flags, true);
        }
        Ok(())
    }

    fn load_verbs(&mut self, norm: &Normalizer, f: &DataFile) -> Result<(), BuildError> {
        for (line, fields) in rows(f) {
            let [word, kind] = fields[..] else {
                return Err(BuildError::bad_line(
                    f.name,
                    line,
                    "expected word<TAB>class",
                ));
            };
            let flags = match kind {
                "report" => class::REPORT,
                "verb" => class::VERB,
                _ => {
                    return Err(BuildError::bad_line(
                        f.name,
                        line,
                        "class is report or verb",
                    ));
                }
            };
            let w = normalized(norm, word, f.name, line)?;
            self.add(&w, flags, false);
        }
        Ok(())
    }

    fn load_plain(
        &mut self,
        norm: &Normalizer,
        f: &DataFile,
        flags: u32,
        inflect: bool,
    ) -> Result<(), BuildError> {
        for (line, fields) in rows(f) {
            let Some(word) = fields.first() else { continue };
            let w = normalized(norm, word, f.name, line)?;
            if inflect {
                // Definite and indefinite; feminine of adjectives.
                self.add(&w, flags, true);
                // The accusative with tanwin alef (تقريرا، كتبا).
                if !w.ends_with('ه') && !w.ends_with('ا') {
                    self.add(&format!("{w}ا"), flags, true);
                }
                if !w.ends_with('ه') {
                    self.add(&format!("{w}ه"), flags, true);
                }
                // Sound plurals (مسؤولون، آخرين، احتجاجات).
                for suffix in ["ون", "ين", "ات"] {
                    self.add(&format!("{w}{suffix}"), flags, true);
                }
            } else {
                self.add(&w, flags, false);
            }
        }
        Ok(())
    }

    fn load_heads(&mut self, norm: &Normalizer, f: &DataFile) -> Result<(), BuildError> {
        for (line, fields) in rows(f) {
            let (word, kind, head, marks) = match fields[..] {
                [w, k, h] => (w, k, h, ""),
                [w, k, h, m] => (w, k, h, m),
                _ => {
                    return Err(BuildError::bad_line(
                        f.name,
                        line,
                        "expected word<TAB>kind<TAB>head[<TAB>marks]",
                    ));
                }
            };
            let mut flags = match kind {
                "ORG" => class::ORG_HEAD,
                "LOC" => class::LOC_HEAD,
                "EVENT" => class::EVENT_HEAD,
                "CLUB-PRE" => class::CLUB_PRE,
                "CLUB-POST" => class::CLUB_POST,
                _ => {
                    return Err(BuildError::bad_line(
                        f.name,
                        line,
                        "kind is ORG, LOC, EVENT, CLUB-PRE or CLUB-POST",
                    ));
                }
            };
            match head {
                "include" => flags |= class::HEAD_INCLUDED,
                "exclude" => {}
                _ => {
                    return Err(BuildError::bad_line(
                        f.name,
                        line,
                        "head is include or exclude",
                    ));
                }
            }
            for mark in marks.split(',').filter(|m| !m.is_empty()) {
                flags |= match mark {
                    "strong" => class::STRONG_HEAD,
                    "place" => class::PLACE_NAMED,
                    "same" => class::SAME_REFERENT,
                    _ => {
                        return Err(BuildError::bad_line(
                            f.name,
                            line,
                            "marks are strong, place, same",
                        ));
                    }
                };
            }
            let w = normalized(norm, word, f.name, line)?;
            // A head is a head with the article too (البنك الدولي).
            self.add(&w, flags, true);
        }
        Ok(())
    }

    fn load_senses(&mut self, norm: &Normalizer, f: &DataFile) -> Result<(), BuildError> {
        for (line, fields) in rows(f) {
            let [surface, id, kind, name, place, cues] = fields[..] else {
                return Err(BuildError::bad_line(
                    f.name,
                    line,
                    "expected surface<TAB>id<TAB>type<TAB>name<TAB>where<TAB>cues",
                ));
            };
            let place = match place {
                "before" => CueWhere::Before,
                "after" => CueWhere::After,
                "sentence" => CueWhere::Sentence,
                "report" => CueWhere::Report,
                _ => {
                    return Err(BuildError::bad_line(
                        f.name,
                        line,
                        "where is before, after, sentence or report",
                    ));
                }
            };
            let id = match id {
                "-" => SenseId::Drop,
                "*" => SenseId::NoId,
                id => SenseId::Id(id.into()),
            };
            let mut list = Vec::new();
            for cue in cues.split('|').filter(|c| !c.is_empty()) {
                list.push(normalized(norm, cue, f.name, line)?.into_boxed_str());
            }
            let key = normalized(norm, surface, f.name, line)?;
            self.senses.entry(key.into()).or_default().push(Sense {
                id,
                kind: kind.into(),
                name: name.into(),
                place,
                cues: list,
            });
        }
        Ok(())
    }
}

fn normalized(
    norm: &Normalizer,
    word: &str,
    file: &'static str,
    line: usize,
) -> Result<String, BuildError> {
    let n = norm.normalize(word);
    let s: String = n.as_str().chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return Err(BuildError::bad_line(file, line, "empty word"));
    }
    Ok(s)
}

/// A token's class lookup result.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Lookup {
    /// Classes of the word.
    pub flags: u32,
    /// Bytes of conjunction + preposition stripped (normalized text).
    pub pre: u8,
    /// Whether the word carries the article (ال, or the ل of لل).
    pub def: bool,
    /// Bytes of the article (2 for ال after stripping, 2 for the second
    /// ل of لل counted as the article... see [`Lexicon::lookup`]).
    pub art: u8,
}

const CONJ: [&str; 3] = ["", "و", "ف"];
const PREP: [&str; 4] = ["", "ب", "ل", "ك"];

impl Lexicon {
    /// The classes of `tok` (normalized), trying the word as written, then
    /// without proclitics and the article, shortest strip first.
    pub fn lookup(&self, tok: &str) -> Lookup {
        let mut best: Option<Lookup> = None;
        for c in CONJ {
            let Some(r1) = tok.strip_prefix(c) else {
                continue;
            };
            for p in PREP {
                let Some(r2) = r1.strip_prefix(p) else {
                    continue;
                };
                let pre = c.len() + p.len();
                // Without the article. The prepositions ب and ك never attach
                // to a verb (كيري is not ك + يرى).
                let mask = if p == "ب" || p == "ك" {
                    !(class::VERB | class::REPORT)
                } else {
                    u32::MAX
                };
                if let Some(e) = self.get(r2)
                    && e.bare & mask != 0
                {
                    let cand = Lookup {
                        flags: e.bare & mask,
                        pre: pre as u8,
                        def: false,
                        art: 0,
                    };
                    if best.is_none_or(|b| (b.pre + b.art) > (cand.pre + cand.art)) {
                        best = Some(cand);
                    }
                }
                // With the article: ال, or the ل of لل after the preposition ل.
                let art = if p == "ل" {
                    r2.strip_prefix("ل").map(|r| (r, 2u8))
                } else {
                    r2.strip_prefix("ال").map(|r| (r, 4u8))
                };
                if let Some((stem, art_len)) = art
                    && let Some(e) = self.get(stem)
                    && e.def != 0
                {
                    let cand = Lookup {
                        flags: e.def,
                        pre: pre as u8,
                        def: true,
                        art: art_len,
                    };
                    if best.is_none_or(|b| (b.pre + b.art) > (cand.pre + cand.art)) {
                        best = Some(cand);
                    }
                }
            }
        }
        best.unwrap_or_default()
    }

    fn get(&self, stem: &str) -> Option<&Classes> {
        // A stem of one letter is never a word of the lists (و، ب).
        if stem.len() < 4 {
            return self.words.get(stem).filter(|_| stem.chars().count() >= 2);
        }
        self.words.get(stem)
    }
}
