//! The word lists (in `data/`) loaded into one lookup table.
//!
//! Every form is folded with the search normalization profile when it is
//! loaded, so the table is keyed exactly like the text the parser sees.

use std::collections::HashMap as StdHashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A small multiplicative hasher for short word keys: the lexicon is
/// built from our own data files, so hash flooding is not a concern, and
/// SipHash costs more than the rest of a lookup.
#[derive(Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
        self.0 = h;
    }
}

pub(crate) type HashMap<K, V> = StdHashMap<K, V, BuildHasherDefault<WordHasher>>;

use khabar_normalize::{Normalizer, Profile};

use crate::{Approx, Kind};

const NUMBERS: &str = include_str!("../data/numbers.tsv");
const VAGUE: &str = include_str!("../data/vague.tsv");
const ORDINALS: &str = include_str!("../data/ordinals.tsv");
const QUALIFIERS: &str = include_str!("../data/qualifiers.tsv");
const UNITS: &str = include_str!("../data/units.tsv");
const MONTHS: &str = include_str!("../data/months.tsv");
const COUNTABLE: &str = include_str!("../data/countable.txt");
const STOPWORDS: &str = include_str!("../data/stopwords.txt");
const NOT_DUAL: &str = include_str!("../data/not_dual.txt");
const TAGS: &str = include_str!("../data/tags.tsv");
const BROKEN_PLURALS: &str = include_str!("../data/broken-plurals.txt");
const SINGULARS: &str = include_str!("../data/singulars.txt");
const MODELS: &str = include_str!("../data/models.txt");

/// What the lexicon knows of a noun's number (`data/countable.txt`,
/// `data/broken-plurals.txt`): bits of [`Lexicon::nouns`].
pub(crate) mod noun {
    /// A countable singular (`data/countable.txt`, `data/singulars.txt`).
    pub const SINGULAR: u8 = 1;
    /// A plural (`data/broken-plurals.txt`).
    pub const PLURAL: u8 = 1 << 1;
    /// A plural of places (marked `!`): after `N من` it says "from" as
    /// often as "of" (فر 500 من المخيمات), so it is no counted noun there.
    pub const PLACE: u8 = 1 << 2;
    /// إف، إس، ميغ: a model name before a number (`data/models.txt`).
    pub const MODEL: u8 = 1 << 3;
}

/// Word tags of `data/tags.tsv`: words the open-world rules look up (in
/// a map of their own, so that [`WordInfo`], read at every lookup, stays
/// small).
pub(crate) mod tag {
    /// فاصلة: the decimal point in words.
    pub const DECIMAL: u16 = 1;
    /// سالب: the number after it is negative.
    pub const MINUS: u16 = 1 << 1;
    /// رقم، المادة، القرار: a noun the number after it names.
    pub const LABEL: u16 = 1 << 2;
    /// المرتبة، المركز: a noun the number after it ranks (an ordinal).
    pub const RANK: u16 = 1 << 3;
    /// أولا، ثانيا: list ordinals (adverbs).
    pub const LIST_ORDINAL: u16 = 1 << 4;
    /// A word that is never a counted noun (a verb, pronoun, preposition,
    /// adverb, date word).
    pub const NOT_UNIT: u16 = 1 << 5;
    /// كل، أي: واحد after it is a pronoun (كل واحد منكم).
    pub const ONE_PRONOUN: u16 = 1 << 6;
    /// USD، SAR: a currency code (Latin letters, kept as written).
    pub const CURRENCY_CODE: u16 = 1 << 7;
    /// نهائي: not a noun a fraction divides (نصف النهائي = semi-final).
    pub const NOT_DIVIDED: u16 = 1 << 8;
    /// مربع، مكعب، مئوية: after a length or quantity unit, a quantity.
    pub const QTY_SUFFIX: u16 = 1 << 9;
    /// هجري، ميلادي، هـ، م: the number before it is a year.
    pub const YEAR_SUFFIX: u16 = 1 << 10;
    /// الساعة: digits right after it are a time of day (الساعة 9), no figure.
    pub const CLOCK: u16 = 1 << 11;
    /// شي، حدا، مكان: an indefinite ثاني after it means "another" (dialect).
    pub const ANOTHER: u16 = 1 << 12;
    /// بتوقيت: digits right before it are a time of day (1300 بتوقيت
    /// غرينتش), no figure.
    pub const CLOCK_AFTER: u16 = 1 << 13;
    /// المالي، الدراسي: between a year word and a number (للعام المالي
    /// 2026), which is still a year.
    pub const YEAR_ADJECTIVE: u16 = 1 << 14;
    /// قرية، بلدة، حي: a number word right after it is part of a place
    /// name (قرية بليون، حي العشرين), no figure.
    pub const PLACE_HEAD: u16 = 1 << 15;
}

/// Grammatical class of a number word (see `data/numbers.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumClass {
    Unit,
    Teen,
    Ten,
    Tens,
    Hundred,
    Scale,
    Dual,
    DualAcc,
    Fraction,
    /// The plural of a fraction after a count (ثلاثة أرباع): the value is
    /// the denominator.
    Parts,
}

/// Everything the parser knows about one (folded) word form.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WordInfo {
    pub num: Option<(NumClass, f64)>,
    pub vague: Option<f64>,
    /// Rank, and whether it only counts before عشر.
    pub ordinal: Option<(u32, bool)>,
    pub unit_kind: Option<Kind>,
    pub year_marker: bool,
    /// A preposition that often precedes a bare year (في، منذ، مطلع).
    pub year_hint: bool,
    /// Month number and the "weak" flag, for one-word month names.
    pub month: Option<(u32, bool)>,
    /// First word of a two-word month name (كانون، تشرين، ربيع…).
    pub month_head: bool,
    pub stop: bool,
    /// This form is the dual of a countable noun: Some(feminine).
    pub dual_of: Option<bool>,
    pub not_dual: bool,
    /// The word ends a qualifier or range phrase (see `Lexicon::phrases`).
    pub phrase_end: bool,
    /// The word can end the part of a gapped phrase next to the gap or
    /// the number (a cheap test before trying the gapped phrases).
    pub gap_end: bool,
    /// The gapped phrases this word can end: an index into
    /// [`Lexicon::gap_masks`] (0 for none; kept out of line so that this
    /// struct, read at every lookup, stays small).
    pub gap: u8,
}

/// Which gapped phrases a word can end, one bit per phrase of
/// [`Lexicon::gapped`] (by position): the parser ORs the masks of the
/// words before a number and tries only the phrases whose bit is set, in
/// their order, instead of comparing every phrase's last word with them.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct GapMasks {
    /// The word is the last word after the gap (it touches the number).
    pub after: u64,
    /// … and that part is one word, so it may also carry clitics: a
    /// reading of the word without them counts.
    pub after_cl: u64,
    /// Nothing follows the gap, and the word is the last word before it.
    pub before: u64,
    /// … and that part is one word (clitics allowed).
    pub before_cl: u64,
}

/// What a multi-word phrase does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Pre(Approx),
    Open,
    To,
    PostAbout,
    PostAtLeast,
    /// أو أقل after the number and its noun.
    PostAtMost,
    /// A multi-word unit (في المئة).
    Unit(Kind),
    /// A two-word month name (month number, weak).
    Month(u32),
}

/// A phrase of folded words and its role.
#[derive(Clone, Debug)]
pub(crate) struct Phrase {
    pub words: Vec<String>,
    pub role: Role,
    /// For a phrase with a gap (…): the number of words before the gap.
    pub gap: Option<usize>,
}

/// Error in one of the built-in data files (a bug in the crate, caught by
/// the test suite; at run time the bad line is skipped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DataError {
    pub file: &'static str,
    pub line: usize,
    pub text: String,
}

/// The loaded lexicon.
#[derive(Debug)]
pub(crate) struct Lexicon {
    pub words: HashMap<String, WordInfo>,
    pub phrases: Vec<Phrase>,
    /// Phrase indices by their last word, and by their first word.
    pub by_last: HashMap<String, Vec<usize>>,
    pub by_first: HashMap<String, Vec<usize>>,
    /// Phrases with a gap (tried separately).
    pub gapped: Vec<usize>,
    /// The masks [`WordInfo::gap`] points to (`[0]` is empty); empty
    /// when they are not set (more than 64 gapped phrases or 255 words
    /// that end them): then every gapped phrase is tried in turn.
    pub gap_masks: Vec<GapMasks>,
    /// The gapped phrases with no word on either side of the gap (none
    /// in the built-in lists): always tried.
    pub gap_always: u64,
    /// Folded forms used as trigger patterns for the candidate scan.
    pub triggers: Vec<String>,
    /// Folded dual forms of the countable nouns (scanned only in words
    /// that end like a dual).
    pub dual_triggers: Vec<String>,
    /// Tags of `data/tags.tsv` by folded form (see [`tag`]).
    pub tags: HashMap<String, u16>,
    /// A 4096-bit filter of the tagged forms (by length and first and
    /// last bytes): most words are ruled out without hashing them.
    pub tag_filter: Vec<u64>,
    /// Countable singulars and listed plurals by folded form (see [`noun`]).
    pub nouns: HashMap<String, u8>,
    /// Countable singulars written with a final ى (مستشفى), folded.
    pub maqsura: Vec<String>,
    pub errors: Vec<DataError>,
}

fn lines(file: &'static str) -> impl Iterator<Item = (usize, &'static str)> {
    file.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end()))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

fn parse_approx(s: &str) -> Option<Approx> {
    Some(match s {
        "exact" => Approx::Exact,
        "about" => Approx::About,
        "at_least" => Approx::AtLeast,
        "more_than" => Approx::MoreThan,
        "at_most" => Approx::AtMost,
        "up_to" => Approx::UpTo,
        "less_than" => Approx::LessThan,
        "vague" => Approx::Vague,
        _ => return None,
    })
}

/// The lexicon readings of one word (at most four).
#[derive(Default, Clone, Copy)]
pub(crate) struct Variants<'a> {
    items: [Option<(&'a WordInfo, usize)>; 4],
    /// How each reading was made: 0 as written, 1 without و/ف, 2 لل as
    /// ل + ال, 3 without ب/ل/ك.
    hows: [u8; 4],
    n: usize,
}

impl<'a> Variants<'a> {
    fn push(&mut self, i: &'a WordInfo, pre: usize, how: u8) {
        if self.n < self.items.len() {
            self.items[self.n] = Some((i, pre));
            self.hows[self.n] = how;
            self.n += 1;
        }
    }

    /// The reading made in one way (see `hows`).
    pub(crate) fn by_how(&self, how: u8) -> Option<&'a WordInfo> {
        (0..self.n)
            .find(|&k| self.hows[k] == how)
            .and_then(|k| self.items[k].map(|(i, _)| i))
    }

    /// The reading of the word as written, without stripping anything.
    pub(crate) fn exact(&self) -> Option<&'a WordInfo> {
        self.by_how(0)
    }

    /// The first reading `accept` takes.
    pub(crate) fn find(&self, accept: impl Fn(&WordInfo) -> bool) -> Option<(&'a WordInfo, usize)> {
        self.items[..self.n]
            .iter()
            .flatten()
            .copied()
            .find(|(i, _)| accept(i))
    }
}

/// The error for `text` at `line` of data file `file`.
fn err(file: &'static str, line: usize, text: &str) -> DataError {
    DataError {
        file,
        line,
        text: text.to_string(),
    }
}

/// `w` with the proclitics the parser strips (و ف, then ب ل ك).
fn clitic_forms(w: &str) -> Vec<String> {
    let mut v = Vec::new();
    for c1 in ["", "و", "ف"] {
        for c2 in ["", "ب", "ل", "ك"] {
            if !(c1.is_empty() && c2.is_empty()) {
                v.push(format!("{c1}{c2}{w}"));
            }
        }
    }
    v
}

impl Lexicon {
    pub(crate) fn load() -> Lexicon {
        let norm = Normalizer::new(Profile::Search);
        let fold = |s: &str| norm.normalize(s.trim()).as_str().to_string();
        let mut lx = Lexicon {
            words: HashMap::default(),
            phrases: Vec::new(),
            by_last: HashMap::default(),
            by_first: HashMap::default(),
            gapped: Vec::new(),
            gap_masks: Vec::new(),
            gap_always: 0,
            triggers: Vec::new(),
            dual_triggers: Vec::new(),
            tags: HashMap::default(),
            tag_filter: vec![0; 64],
            nouns: HashMap::default(),
            maqsura: Vec::new(),
            errors: Vec::new(),
        };
        let mut errors = Vec::new();

        lx.load_numbers(&fold, &mut errors);
        lx.load_vague(&fold, &mut errors);
        lx.load_ordinals(&fold, &mut errors);
        lx.load_qualifiers(&fold, &mut errors);
        lx.load_units(&fold, &mut errors);
        lx.load_months(&fold, &mut errors);
        lx.load_stopwords(&fold);
        lx.load_not_dual(&fold);
        lx.load_countable(&fold);
        lx.load_plurals(&fold);
        lx.load_tags(&fold, &mut errors);
        lx.triggers.sort();
        lx.triggers.dedup();
        lx.set_gap_masks();
        lx.errors = errors;
        lx
    }

    /// Reads numbers.tsv: number words with their class and value (a trigger unless a plural fraction).
    fn load_numbers(&mut self, fold: &impl Fn(&str) -> String, errors: &mut Vec<DataError>) {
        for (n, l) in lines(NUMBERS) {
            let f: Vec<&str> = l.split('\t').collect();
            let class = match f.get(2).copied() {
                Some("unit") => NumClass::Unit,
                Some("teen") => NumClass::Teen,
                Some("ten") => NumClass::Ten,
                Some("tens") => NumClass::Tens,
                Some("hundred") => NumClass::Hundred,
                Some("scale") => NumClass::Scale,
                Some("dual") => NumClass::Dual,
                Some("dualacc") => NumClass::DualAcc,
                Some("fraction") => NumClass::Fraction,
                Some("parts") => NumClass::Parts,
                _ => {
                    errors.push(err("numbers.tsv", n, l));
                    continue;
                }
            };
            let Some(v) = f.get(1).and_then(|v| v.parse::<f64>().ok()) else {
                errors.push(err("numbers.tsv", n, l));
                continue;
            };
            let key = fold(f[0]);
            self.words.entry(key.clone()).or_default().num = Some((class, v));
            // The plural of a fraction (أرباع) never starts a figure: not
            // a trigger (أسباع would make every أسباب a candidate).
            if class != NumClass::Parts {
                self.triggers.push(key);
            }
        }
    }

    /// Reads vague.tsv: vague amount words (عشرات) with their value; each is a trigger.
    fn load_vague(&mut self, fold: &impl Fn(&str) -> String, errors: &mut Vec<DataError>) {
        for (n, l) in lines(VAGUE) {
            let f: Vec<&str> = l.split('\t').collect();
            let Some(v) = f.get(1).and_then(|v| v.parse::<f64>().ok()) else {
                errors.push(err("vague.tsv", n, l));
                continue;
            };
            let key = fold(f[0]);
            self.words.entry(key.clone()).or_default().vague = Some(v);
            self.triggers.push(key);
        }
    }

    /// Reads ordinals.tsv: ordinal words with their value and teen flag; each is a trigger.
    fn load_ordinals(&mut self, fold: &impl Fn(&str) -> String, errors: &mut Vec<DataError>) {
        for (n, l) in lines(ORDINALS) {
            let f: Vec<&str> = l.split('\t').collect();
            let Some(v) = f.get(1).and_then(|v| v.parse::<u32>().ok()) else {
                errors.push(err("ordinals.tsv", n, l));
                continue;
            };
            let teen = match f.get(2).copied() {
                None => false,
                Some("teen") => true,
                Some(_) => {
                    errors.push(err("ordinals.tsv", n, l));
                    continue;
                }
            };
            let key = fold(f[0]);
            self.words.entry(key.clone()).or_default().ordinal = Some((v, teen));
            self.triggers.push(key);
        }
    }

    /// Reads qualifiers.tsv: approximation and range phrases with their role.
    fn load_qualifiers(&mut self, fold: &impl Fn(&str) -> String, errors: &mut Vec<DataError>) {
        for (n, l) in lines(QUALIFIERS) {
            let f: Vec<&str> = l.split('\t').collect();
            let role = match f.get(1).copied() {
                Some("open") => Role::Open,
                Some("to") => Role::To,
                Some("post_about") => Role::PostAbout,
                Some("post_at_least") => Role::PostAtLeast,
                Some("post_at_most") => Role::PostAtMost,
                Some(a) => match parse_approx(a) {
                    Some(a) => Role::Pre(a),
                    None => {
                        errors.push(err("qualifiers.tsv", n, l));
                        continue;
                    }
                },
                None => {
                    errors.push(err("qualifiers.tsv", n, l));
                    continue;
                }
            };
            self.add_phrase(&fold(f[0]), role);
        }
    }

    /// Reads units.tsv: unit words (one word) and phrases with their kind, and year markers and hints.
    fn load_units(&mut self, fold: &impl Fn(&str) -> String, errors: &mut Vec<DataError>) {
        for (n, l) in lines(UNITS) {
            let f: Vec<&str> = l.split('\t').collect();
            let kind = match f.get(1).copied() {
                Some("money") => Kind::Money,
                Some("length") => Kind::Length,
                Some("duration") => Kind::Duration,
                Some("quantity") => Kind::Quantity,
                Some("percent") => Kind::Percent,
                Some("year_marker") => {
                    self.words.entry(fold(f[0])).or_default().year_marker = true;
                    continue;
                }
                Some("year_hint") => {
                    self.words.entry(fold(f[0])).or_default().year_hint = true;
                    continue;
                }
                _ => {
                    errors.push(err("units.tsv", n, l));
                    continue;
                }
            };
            let key = fold(f[0]);
            if key.contains(' ') {
                self.add_phrase(&key, Role::Unit(kind));
            } else {
                self.words.entry(key).or_default().unit_kind = Some(kind);
            }
        }
    }

    /// Reads months.tsv: month names (one word, or a phrase whose head word is marked).
    fn load_months(&mut self, fold: &impl Fn(&str) -> String, errors: &mut Vec<DataError>) {
        for (n, l) in lines(MONTHS) {
            let f: Vec<&str> = l.split('\t').collect();
            let Some(m) = f.get(1).and_then(|v| v.parse::<u32>().ok()) else {
                errors.push(err("months.tsv", n, l));
                continue;
            };
            let weak = match f.get(2).copied() {
                None => false,
                Some("weak") => true,
                Some(_) => {
                    errors.push(err("months.tsv", n, l));
                    continue;
                }
            };
            let key = fold(f[0]);
            if let Some((head, _)) = key.split_once(' ') {
                self.words.entry(head.to_string()).or_default().month_head = true;
                self.add_phrase(&key, Role::Month(m));
            } else {
                self.words.entry(key).or_default().month = Some((m, weak));
            }
        }
    }

    /// Reads stopwords.txt: function words that are never the counted noun.
    fn load_stopwords(&mut self, fold: &impl Fn(&str) -> String) {
        for (_, l) in lines(STOPWORDS) {
            self.words.entry(fold(l)).or_default().stop = true;
        }
    }

    /// Reads not_dual.txt: words ending in ان/ين that are not duals.
    fn load_not_dual(&mut self, fold: &impl Fn(&str) -> String) {
        for (_, l) in lines(NOT_DUAL) {
            self.words.entry(fold(l)).or_default().not_dual = true;
        }
    }

    /// Reads countable.txt: the dual forms (ان/ين) of countable nouns not taken otherwise; each is a dual trigger.
    fn load_countable(&mut self, fold: &impl Fn(&str) -> String) {
        for (_, l) in lines(COUNTABLE) {
            let key = fold(l);
            *self.nouns.entry(key.clone()).or_default() |= noun::SINGULAR;
            if l.trim().ends_with('ى') {
                self.maqsura.push(key.clone());
            }
            let ta = fold("ة");
            let (stem, fem) = match key.strip_suffix(ta.as_str()) {
                Some(s) => (format!("{s}ت"), true),
                None => (key.clone(), false),
            };
            for end in ["ان", "ين"] {
                let form = format!("{stem}{end}");
                let e = self.words.entry(form.clone()).or_default();
                if e.num.is_none() && !e.not_dual {
                    e.dual_of = Some(fem);
                    self.dual_triggers.push(form);
                }
            }
        }
    }

    /// Reads broken-plurals.txt: plurals, `!` before the plurals of places;
    /// and singulars.txt: singulars that have no dual reading.
    fn load_plurals(&mut self, fold: &impl Fn(&str) -> String) {
        for (_, l) in lines(SINGULARS) {
            *self.nouns.entry(fold(l)).or_default() |= noun::SINGULAR;
        }
        for (_, l) in lines(MODELS) {
            *self.nouns.entry(fold(l)).or_default() |= noun::MODEL;
        }
        for (_, l) in lines(BROKEN_PLURALS) {
            let (form, bits) = match l.trim().strip_prefix('!') {
                Some(f) => (f, noun::PLURAL | noun::PLACE),
                None => (l, noun::PLURAL),
            };
            *self.nouns.entry(fold(form)).or_default() |= bits;
        }
    }

    /// Is `w` (folded) a countable singular written with a final ى?
    pub(crate) fn maqsura(&self, w: &str) -> bool {
        self.maqsura.iter().any(|m| m == w)
    }

    /// Is `w` a model name before a number (إف 16، ميغ 29)?
    pub(crate) fn is_model(&self, w: &str) -> bool {
        self.nouns.get(w).is_some_and(|b| b & noun::MODEL != 0)
    }

    /// Is `w` a listed plural of places (`!` in broken-plurals.txt)?
    pub(crate) fn is_place(&self, w: &str) -> bool {
        self.nouns.get(w).is_some_and(|b| b & noun::PLACE != 0)
    }

    /// Is the noun `w` (folded, without ال) plural? `Some(true)` for a
    /// listed broken plural or a sound plural (ـون/ـين of six letters or
    /// more, ـات of five or more; not the dual of a countable noun),
    /// `Some(false)` for a countable singular,
    /// `None` when the lexicon cannot tell. `sound` allows the sound
    /// plural endings.
    pub(crate) fn is_plural(&self, w: &str, sound: bool) -> Option<bool> {
        if let Some(&b) = self.nouns.get(w).filter(|&&b| b & !noun::MODEL != 0) {
            if b & noun::PLURAL != 0 {
                return Some(true);
            }
            return Some(false);
        }
        if !sound {
            return None;
        }
        let n = w.chars().count();
        if (w.ends_with("ون") || w.ends_with("ين")) && n >= 6 {
            // The dual of a countable noun (الجانبين) is no plural.
            if self
                .words
                .get(w)
                .is_some_and(|i| i.dual_of.is_some() || i.num.is_some())
            {
                return None;
            }
            return Some(true);
        }
        if w.ends_with("ات") && n >= 5 {
            return Some(true);
        }
        None
    }

    /// Reads tags.tsv: tag bits of words, and the tag pre-filter.
    fn load_tags(&mut self, fold: &impl Fn(&str) -> String, errors: &mut Vec<DataError>) {
        for (n, l) in lines(TAGS) {
            let mut f = l.split('\t');
            let (Some(form), Some(t)) = (f.next(), f.next()) else {
                errors.push(err("tags.tsv", n, l));
                continue;
            };
            let bit = match t.trim() {
                "decimal" => tag::DECIMAL,
                "minus" => tag::MINUS,
                "label" => tag::LABEL,
                "rank" => tag::RANK,
                "list_ordinal" => tag::LIST_ORDINAL,
                "not_unit" => tag::NOT_UNIT,
                "one_pronoun" => tag::ONE_PRONOUN,
                "currency_code" => tag::CURRENCY_CODE,
                "not_divided" => tag::NOT_DIVIDED,
                "qty_suffix" => tag::QTY_SUFFIX,
                "year_suffix" => tag::YEAR_SUFFIX,
                "clock" => tag::CLOCK,
                "another" => tag::ANOTHER,
                "clock_after" => tag::CLOCK_AFTER,
                "year_adjective" => tag::YEAR_ADJECTIVE,
                "place_head" => tag::PLACE_HEAD,
                _ => {
                    errors.push(err("tags.tsv", n, l));
                    continue;
                }
            };
            let key = if bit == tag::CURRENCY_CODE {
                form.trim().to_string()
            } else {
                fold(form)
            };
            let f = tag_filter_bit(&key);
            if let Some(w) = self.tag_filter.get_mut(f / 64) {
                *w |= 1 << (f % 64);
            }
            *self.tags.entry(key).or_default() |= bit;
        }
    }

    /// Fills [`WordInfo::gap`], [`Lexicon::gap_masks`] and
    /// [`Lexicon::gap_always`] from the gapped phrases (when there are at
    /// most 64).
    fn set_gap_masks(&mut self) {
        if self.gapped.len() > 64 {
            return;
        }
        let mut masks = vec![GapMasks::default()];
        let ends: Vec<(usize, Vec<String>, Vec<String>)> = self
            .gapped
            .iter()
            .enumerate()
            .filter_map(|(j, &pi)| {
                let p = self.phrases.get(pi)?;
                let (before, after) = p.words.split_at(p.gap?);
                Some((j, before.to_vec(), after.to_vec()))
            })
            .collect();
        for (j, before, after) in ends {
            let bit = 1u64 << j;
            let (last, one_word, is_after) = match (after.last(), before.last()) {
                (Some(a), _) => (a, after.len() == 1, true),
                (None, Some(b)) => (b, before.len() == 1, false),
                (None, None) => {
                    self.gap_always |= bit;
                    continue;
                }
            };
            let info = self.words.entry(last.clone()).or_default();
            if info.gap == 0 {
                let Ok(i) = u8::try_from(masks.len()) else {
                    // Too many words: no masks, every phrase is tried.
                    for w in self.words.values_mut() {
                        w.gap = 0;
                    }
                    self.gap_always = 0;
                    return;
                };
                info.gap = i;
                masks.push(GapMasks::default());
            }
            let Some(e) = masks.get_mut(usize::from(info.gap)) else {
                continue;
            };
            match (is_after, one_word) {
                (true, true) => {
                    e.after |= bit;
                    e.after_cl |= bit;
                }
                (true, false) => e.after |= bit,
                (false, true) => {
                    e.before |= bit;
                    e.before_cl |= bit;
                }
                (false, false) => e.before |= bit,
            }
        }
        self.gap_masks = masks;
    }

    /// The gapped phrases a word with this entry can end.
    pub(crate) fn gap_of(&self, info: &WordInfo) -> GapMasks {
        self.gap_masks
            .get(usize::from(info.gap))
            .copied()
            .unwrap_or_default()
    }

    fn add_phrase(&mut self, folded: &str, role: Role) {
        let mut gap = None;
        let mut words: Vec<String> = Vec::new();
        for w in folded.split_whitespace() {
            if w == "…" {
                gap = Some(words.len());
            } else {
                words.push(w.to_string());
            }
        }
        if let Some(g) = gap {
            let (before, after) = words.split_at(g);
            let mut ends: Vec<String> = Vec::new();
            if let Some(a) = after.last() {
                ends.push(a.clone());
            }
            if let Some(b) = before.last() {
                ends.push(b.clone());
                if before.len() == 1 {
                    ends.extend(clitic_forms(b));
                }
            }
            for e in ends {
                self.words.entry(e).or_default().gap_end = true;
            }
            self.gapped.push(self.phrases.len());
            self.phrases.push(Phrase { words, role, gap });
            return;
        }
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            return;
        };
        self.words.entry(last.clone()).or_default().phrase_end = true;
        if words.len() == 1 {
            // بنحو، وبحوالي: a one-word phrase may carry clitics.
            for v in clitic_forms(last) {
                self.words.entry(v).or_default().phrase_end = true;
            }
        }
        let i = self.phrases.len();
        self.by_last.entry(last.clone()).or_default().push(i);
        self.by_first.entry(first.clone()).or_default().push(i);
        self.phrases.push(Phrase {
            words,
            role,
            gap: None,
        });
    }

    /// Exact lookup.
    /// The tags of `w` (0 for none), ruling most words out by the filter.
    #[inline]
    pub(crate) fn tags_of(&self, w: &str) -> u16 {
        let f = tag_filter_bit(w);
        if self
            .tag_filter
            .get(f / 64)
            .is_none_or(|x| x & (1 << (f % 64)) == 0)
        {
            return 0;
        }
        self.tags.get(w).copied().unwrap_or(0)
    }

    pub(crate) fn get(&self, w: &str) -> Option<&WordInfo> {
        self.words.get(w)
    }

    /// Every reading of `w` with its attached proclitics stripped (و ف,
    /// then ب ل ك, and لل for ل + ال) that is in the lexicon, exact form
    /// first, with the byte length of the clitics.
    pub(crate) fn variants<'s>(&'s self, w: &str) -> Variants<'s> {
        let mut v = Variants::default();
        if let Some(i) = self.words.get(w) {
            v.push(i, 0, 0);
        }
        let mut rest = w;
        let mut pre = 0;
        if let Some(r) = rest.strip_prefix('و').or_else(|| rest.strip_prefix('ف')) {
            rest = r;
            pre += 'و'.len_utf8();
            if let Some(i) = self.words.get(rest) {
                v.push(i, pre, 1);
            }
        }
        if let Some(r) = rest.strip_prefix("لل") {
            // ل + ال with the alef of the article dropped: للأولى. Built on
            // the stack: words that long are no number word anyway.
            let mut buf = [0u8; 64];
            let al = "ال".as_bytes();
            if r.len() + al.len() <= buf.len() {
                buf[..al.len()].copy_from_slice(al);
                buf[al.len()..al.len() + r.len()].copy_from_slice(r.as_bytes());
                if let Ok(key) = std::str::from_utf8(&buf[..al.len() + r.len()])
                    && let Some(i) = self.words.get(key)
                {
                    v.push(i, pre + 'ل'.len_utf8(), 2);
                }
            }
        }
        if let Some(r) = rest
            .strip_prefix('ب')
            .or_else(|| rest.strip_prefix('ل'))
            .or_else(|| rest.strip_prefix('ك'))
            && let Some(i) = self.words.get(r)
        {
            v.push(i, pre + 'ب'.len_utf8(), 3);
        }
        v
    }

    /// The first reading of [`Lexicon::variants`] that `accept` takes.
    pub(crate) fn get_clitic(
        &self,
        w: &str,
        accept: impl Fn(&WordInfo) -> bool,
    ) -> Option<(&WordInfo, usize)> {
        self.variants(w).find(accept)
    }
}

/// The bit of the tag filter for `w`: from its length and its first two
/// and last two bytes (0..4096).
#[inline]
fn tag_filter_bit(w: &str) -> usize {
    let b = w.as_bytes();
    let n = b.len();
    if n == 0 {
        return 0;
    }
    let h = (n as u32)
        .wrapping_mul(0x9E37_79B1)
        .wrapping_add(u32::from(b[0]).wrapping_mul(31))
        .wrapping_add(u32::from(b[n.min(2) - 1]).wrapping_mul(0x85EB_CA6B))
        .wrapping_add(u32::from(b[n - 1]).wrapping_mul(0xC2B2_AE35))
        .wrapping_add(u32::from(b[n.saturating_sub(2)]).wrapping_mul(0x27D4_EB2F));
    ((h ^ (h >> 15)) % 4096) as usize
}
