//! Building one document: templates, entity mentions, figures and noise.
//!
//! This module writes the text around the figures and the entity mentions;
//! [`figures`] writes the figures (counts, ranges, money, measures,
//! percentages) with the value each one must parse to.

mod figures;
mod open_world;

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::rng::SplitMix64;
use crate::tables::{Agree, EntityType, FigureSlot, MultAfter, Piece, Tables, Unit, UnitClass};

/// An entity mention the generator placed on purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedEntity {
    /// Byte offset of the mention (its proclitic included) in the text.
    pub start: usize,
    /// Byte offset just past the mention.
    pub end: usize,
    /// The gazetteer id.
    pub id: &'static str,
    /// `PER`, `LOC` or `ORG`.
    pub kind: &'static str,
    /// The proclitic written before the name, as written (`"و"`, `"لل"`…).
    pub prefix: Option<&'static str>,
    /// Index of the entity in the generator's table (for counting).
    pub(crate) entity: usize,
}

/// A figure the generator placed on purpose.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedFigure {
    /// Byte offset of the figure (qualifier included) in the text.
    pub start: usize,
    /// Byte offset just past the figure's counted noun or unit.
    pub end: usize,
    /// Lower bound (the order of magnitude for a vague amount).
    pub low: f64,
    /// Upper bound; `None` for a vague amount.
    pub high: Option<f64>,
    /// SPEC §3 `approx` value (`exact`, `about`, …, `vague`).
    pub approx: &'static str,
    /// SPEC §3 `kind` the generator intends (`count`, `money`, `length`,
    /// `duration`, `percent`, `quantity`, `label`, `ordinal`).
    pub kind: &'static str,
    /// The unit SPEC §3 asks for, as the generator wrote it: the counted
    /// noun in its singular after a singular or accusative form (`جنديًا`
    /// → `جندي`), the plural as written, `%`, the code or sign, the
    /// labelled noun without ال; `None` for ordinals.
    pub unit: Option<&'static str>,
}

/// Counts of the noise the generator put in (none of it is counted as an
/// entity or a figure).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Noise {
    /// Words written with diacritics (harakat, shadda, tanween).
    pub diacritized_words: u64,
    /// Words stretched with tatweel (U+0640).
    pub tatweel_words: u64,
    /// Words written in isolated presentation forms (U+FE70..U+FEFF).
    pub presentation_form_words: u64,
    /// Invisible bidi and zero-width controls inserted at word boundaries.
    pub bidi_controls: u64,
    /// Lines of UTF-8 read as Windows-1252 (once or twice).
    pub mojibake_lines: u64,
    /// Stray mojibake residue fragments (`â € Â Â`).
    pub residue_fragments: u64,
    /// Web boilerplate lines (`شارك هذه المقالة` …).
    pub boilerplate_lines: u64,
    /// Latin/base64 tokens that contain digits (never figures).
    pub latin_tokens: u64,
    /// Identifiers written with digits that are not figures (IP addresses,
    /// phone numbers, ISO and spaced dates, times, versions).
    #[serde(default)]
    pub identifiers: u64,
}

impl Noise {
    pub(crate) fn add(&mut self, o: &Noise) {
        self.diacritized_words += o.diacritized_words;
        self.tatweel_words += o.tatweel_words;
        self.presentation_form_words += o.presentation_form_words;
        self.bidi_controls += o.bidi_controls;
        self.mojibake_lines += o.mojibake_lines;
        self.residue_fragments += o.residue_fragments;
        self.boilerplate_lines += o.boilerplate_lines;
        self.latin_tokens += o.latin_tokens;
        self.identifiers += o.identifiers;
    }
}

/// One generated document, with everything placed in it. Reuse one value
/// for many documents: its buffers are cleared, not freed.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// `NNNNNNNNN_hhhhhhhhhhhhhhhh`: the index, then 64 hash bits (the style
    /// of the seed article names).
    pub id: String,
    /// The text, UTF-8.
    pub text: String,
    /// Whether the document is meant to be written as Windows-1256 (only
    /// ever true for the directory format). Its text then uses only
    /// characters Windows-1256 has.
    pub cp1256: bool,
    /// Entity mentions placed, in text order.
    pub entities: Vec<PlacedEntity>,
    /// Figures placed, in text order.
    pub figures: Vec<PlacedFigure>,
    /// Byte spans of the identifiers placed (digits that make no figure).
    pub identifiers: Vec<(usize, usize)>,
    /// Noise put in.
    pub noise: Noise,
    /// Newlines in `text` (each costs one more byte in JSON).
    pub(crate) newlines: usize,
}

impl Document {
    fn clear(&mut self) {
        self.id.clear();
        self.text.clear();
        self.cp1256 = false;
        self.entities.clear();
        self.figures.clear();
        self.identifiers.clear();
        self.noise = Noise::default();
        self.newlines = 0;
    }

    /// The bytes this document's text costs in the output: its UTF-8
    /// length, plus one per newline in JSON Lines (written `\n`).
    pub fn cost(&self, json: bool) -> usize {
        self.text.len() + if json { self.newlines } else { 0 }
    }

    fn mark(&self) -> Mark {
        Mark {
            text: self.text.len(),
            entities: self.entities.len(),
            figures: self.figures.len(),
            identifiers: self.identifiers.len(),
            noise: self.noise,
            newlines: self.newlines,
        }
    }

    fn rollback(&mut self, m: &Mark) {
        self.text.truncate(m.text);
        self.entities.truncate(m.entities);
        self.figures.truncate(m.figures);
        self.identifiers.truncate(m.identifiers);
        self.noise = m.noise;
        self.newlines = m.newlines;
    }

    fn newline(&mut self) {
        self.text.push('\n');
        self.newlines += 1;
    }
}

struct Mark {
    text: usize,
    entities: usize,
    figures: usize,
    identifiers: usize,
    noise: Noise,
    newlines: usize,
}

/// Length of a document id (`{index:09}_{hash:016x}` for indices below 10^9).
pub(crate) const ID_LEN: usize = 26;

/// Smallest and largest planned text length of a document, in bytes.
const DOC_MIN: u64 = 1_500;
pub(crate) const DOC_MAX: u64 = 9_000;

const DIACRITICS: [char; 7] = [
    '\u{064E}', '\u{064F}', '\u{0650}', '\u{0651}', '\u{0652}', '\u{064B}', '\u{064D}',
];
const TATWEEL: char = '\u{0640}';
/// Invisible controls for UTF-8 documents: RLM, LRM, ZWSP, ZWNJ, ZWJ, RLE,
/// PDF, RLI, PDI.
const CONTROLS: [char; 9] = [
    '\u{200F}', '\u{200E}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{202B}', '\u{202C}', '\u{2067}',
    '\u{2069}',
];
/// The ones Windows-1256 can encode: LRM, RLM, ZWNJ, ZWJ.
const CONTROLS_1256: [char; 4] = ['\u{200E}', '\u{200F}', '\u{200C}', '\u{200D}'];

const ASCII_DIGITS: [char; 10] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const INDIC_DIGITS: [char; 10] = ['٠', '١', '٢', '٣', '٤', '٥', '٦', '٧', '٨', '٩'];
const PERSIAN_DIGITS: [char; 10] = ['۰', '۱', '۲', '۳', '۴', '۵', '۶', '۷', '۸', '۹'];

/// How a number is written.
#[derive(Clone, Copy)]
struct Style {
    digits: &'static [char; 10],
    /// Thousands separator, if any.
    sep: Option<char>,
    /// Decimal separator.
    dec: char,
}

/// Arabic letters after which a tatweel is drawn (the dual-joining ones).
fn joins_left(c: char) -> bool {
    matches!(c, 'ب'..='ي') && !matches!(c, 'ة' | 'د' | 'ذ' | 'ر' | 'ز' | 'و' | 'ى' | 'ـ')
        || c == 'ئ'
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
}

/// Builds documents from the tables; one per corpus.
#[derive(Debug, Clone)]
pub struct Generator {
    t: &'static Tables,
    seed: u64,
    /// A document is Windows-1256 when a 32-bit draw falls below this.
    cp1256_threshold: u64,
    /// Whether costs count JSON escapes (JSON Lines output).
    json: bool,
}

struct Ctx<'a> {
    t: &'static Tables,
    rng: SplitMix64,
    doc: &'a mut Document,
}

impl Generator {
    /// A generator for `seed`. `cp1256_share` (clamped to 0..=1) is the share
    /// of documents marked [`Document::cp1256`]; `json` says whether the
    /// output is JSON Lines (where it must be 0: see the crate docs).
    pub(crate) fn new(t: &'static Tables, seed: u64, cp1256_share: f64, json: bool) -> Generator {
        let share = if cp1256_share.is_nan() {
            0.0
        } else {
            cp1256_share.clamp(0.0, 1.0)
        };
        Generator {
            t,
            seed,
            cp1256_threshold: (share * 4_294_967_296.0) as u64,
            json,
        }
    }

    /// Generates document `index` of the corpus into `doc`, using at most
    /// `max_cost` bytes of output for its text (its UTF-8 length, plus one
    /// byte per newline when the generator writes JSON Lines). Returns
    /// false, with `doc` empty, when not even a headline fits.
    ///
    /// Document `index` depends only on the seed and `index` (and on
    /// `max_cost` when that cuts it short), never on other documents.
    pub fn document(&self, index: u64, max_cost: usize, doc: &mut Document) -> bool {
        doc.clear();
        let mut rng = SplitMix64::for_document(self.seed, index);
        doc.cp1256 = rng.below(1 << 32) < self.cp1256_threshold;
        let hash = rng.next_u64();
        let _ = write!(doc.id, "{index:09}_{hash:016x}");
        let target = (rng.range(DOC_MIN, DOC_MAX) as usize).min(max_cost);
        let json = self.json;
        let mut c = Ctx {
            t: self.t,
            rng,
            doc,
        };

        let h = c.rng.index(c.t.headlines.len());
        c.template(&c.t.headlines[h], false);
        if c.doc.cost(json) > max_cost {
            c.doc.clear();
            return false;
        }
        c.doc.newline();
        c.doc.newline();

        // Paragraphs until the planned length is reached.
        loop {
            let m = c.doc.mark();
            c.paragraph();
            c.doc.newline();
            if c.doc.cost(json) > target {
                c.doc.rollback(&m);
                break;
            }
        }

        // Page furniture after the article: boilerplate and tracking tokens.
        let m = c.doc.mark();
        if c.rng.chance(400) {
            for _ in 0..c.rng.range(1, 3) {
                let b = c.rng.index(c.t.boilerplate.len());
                c.doc.text.push_str(c.t.boilerplate[b]);
                c.doc.noise.boilerplate_lines += 1;
                c.doc.newline();
            }
        }
        if c.rng.chance(150) {
            c.doc.text.push_str("المعرف: ");
            c.latin_token();
            c.doc.newline();
        }
        if c.doc.cost(json) > max_cost {
            c.doc.rollback(&m);
        }
        while c.doc.text.ends_with('\n') {
            c.doc.text.pop();
            c.doc.newlines -= 1;
        }
        true
    }
}

impl Ctx<'_> {
    fn paragraph(&mut self) {
        if !self.doc.cp1256 && self.rng.chance(15) {
            let i = self.rng.index(self.t.mojibake.len());
            self.doc.text.push_str(&self.t.mojibake[i]);
            self.doc.noise.mojibake_lines += 1;
            return;
        }
        let n = self.rng.range(1, 4);
        for k in 0..n {
            if k > 0 {
                self.doc.text.push(' ');
                if !self.doc.cp1256 && self.rng.chance(10) {
                    let r = self.rng.index(self.t.residue.len());
                    self.doc.text.push_str(self.t.residue[r]);
                    self.doc.text.push(' ');
                    self.doc.noise.residue_fragments += 1;
                }
            }
            if self.rng.chance(800) {
                let s = self.rng.index(self.t.sentences.len());
                self.template(&self.t.sentences[s], true);
            } else {
                let f = self.rng.index(self.t.fillers.len());
                let noise = self.noise_mode();
                self.literal(self.t.fillers[f], noise);
            }
        }
    }

    fn noise_mode(&mut self) -> NoiseMode {
        match self.rng.below(1000) {
            0..60 => NoiseMode::Diacritics,
            60..90 => NoiseMode::Tatweel,
            90..105 if !self.doc.cp1256 => NoiseMode::Presentation,
            105..135 => NoiseMode::Bidi,
            _ => NoiseMode::None,
        }
    }

    fn template(&mut self, pieces: &[Piece], noisy: bool) {
        let noise = if noisy {
            self.noise_mode()
        } else {
            NoiseMode::None
        };
        for p in pieces {
            match *p {
                Piece::Lit(s) => self.literal(s, noise),
                Piece::Entity { ty, forced } => self.entity(ty, forced),
                Piece::Figure(slot) => self.figure(slot),
            }
        }
    }

    /// Copies literal text, with the sentence's noise.
    fn literal(&mut self, s: &str, noise: NoiseMode) {
        match noise {
            NoiseMode::None => self.doc.text.push_str(s),
            NoiseMode::Bidi => {
                let controls: &[char] = if self.doc.cp1256 {
                    &CONTROLS_1256
                } else {
                    &CONTROLS
                };
                for (i, word) in s.split(' ').enumerate() {
                    if i > 0 {
                        self.doc.text.push(' ');
                        if self.rng.chance(200) {
                            let c = controls[self.rng.index(controls.len())];
                            self.doc.text.push(c);
                            self.doc.noise.bidi_controls += 1;
                        }
                    }
                    self.doc.text.push_str(word);
                }
            }
            NoiseMode::Diacritics | NoiseMode::Tatweel | NoiseMode::Presentation => {
                for (i, word) in s.split(' ').enumerate() {
                    if i > 0 {
                        self.doc.text.push(' ');
                    }
                    let touch = match noise {
                        NoiseMode::Presentation => true,
                        _ => self.rng.chance(350),
                    };
                    if !touch || !word.chars().any(is_arabic_letter) {
                        self.doc.text.push_str(word);
                        continue;
                    }
                    match noise {
                        NoiseMode::Diacritics => {
                            self.diacritize(word, 500);
                            self.doc.noise.diacritized_words += 1;
                        }
                        NoiseMode::Tatweel => {
                            if self.stretch(word) {
                                self.doc.noise.tatweel_words += 1;
                            }
                        }
                        _ => {
                            self.shape(word);
                            self.doc.noise.presentation_form_words += 1;
                        }
                    }
                }
            }
        }
    }

    /// Writes `word` in presentation forms, each letter in the form its
    /// position calls for (as text extracted from a PDF often is).
    fn shape(&mut self, word: &str) {
        let t = self.t;
        let mut prev_joins = false;
        let mut chars = word.chars().peekable();
        while let Some(ch) = chars.next() {
            let Some(forms) = t.presentation_forms(ch) else {
                self.doc.text.push(ch);
                prev_joins = false;
                continue;
            };
            let next_letter = chars
                .peek()
                .is_some_and(|&n| t.presentation_forms(n).is_some());
            // Only letters with an initial form join the letter after them.
            let joins_next = forms[2].is_some() && next_letter;
            let slot = match (prev_joins, joins_next) {
                (false, false) => 0,
                (true, false) => 1,
                (false, true) => 2,
                (true, true) => 3,
            };
            self.doc.text.push(forms[slot].or(forms[0]).unwrap_or(ch));
            prev_joins = joins_next;
        }
    }

    /// Writes `word` with a diacritic after each letter with probability
    /// `per_mille` (at least one).
    fn diacritize(&mut self, word: &str, per_mille: u64) {
        let letters = word.chars().filter(|&c| is_arabic_letter(c)).count() as u64;
        let forced = self.rng.below(letters.max(1));
        let mut k = 0;
        for ch in word.chars() {
            self.doc.text.push(ch);
            if is_arabic_letter(ch) {
                if k == forced || self.rng.chance(per_mille) {
                    let d = DIACRITICS[self.rng.index(DIACRITICS.len())];
                    self.doc.text.push(d);
                }
                k += 1;
            }
        }
    }

    /// Writes `word` with one to three tatweels after a joining letter that
    /// is followed by another letter. Returns whether there was a place.
    fn stretch(&mut self, word: &str) -> bool {
        let mut done = false;
        let mut chars = word.chars().peekable();
        while let Some(ch) = chars.next() {
            self.doc.text.push(ch);
            if !done && joins_left(ch) && chars.peek().is_some_and(|&n| is_arabic_letter(n)) {
                for _ in 0..self.rng.range(1, 3) {
                    self.doc.text.push(TATWEEL);
                }
                done = true;
            }
        }
        done
    }

    fn entity(&mut self, ty: EntityType, forced: Option<&'static str>) {
        let pool = &self.t.by_type[ty as usize];
        // Draw until the form accepts the template's proclitic (see
        // `clitic_fits`); a few tries always suffice with the shipped data,
        // and the fallback writes the clitic as a word of its own rather
        // than an ambiguous mention.
        let mut pick = None;
        for _ in 0..16 {
            let index = pool[self.rng.index(pool.len())];
            let e = &self.t.entities[index];
            let form = e.forms[self.rng.index(e.forms.len())];
            if forced.is_none_or(|c| clitic_fits(c, form)) {
                pick = Some((index, form, forced));
                break;
            }
        }
        let (index, form, clitic) = match pick {
            Some(p) => p,
            None => {
                self.doc.text.push_str(forced.unwrap_or(""));
                self.doc.text.push(' ');
                (pool[0], self.t.entities[pool[0]].forms[0], None)
            }
        };
        let e = &self.t.entities[index];
        let start = self.doc.text.len();
        let mut body = form;
        let mut prefix = clitic;
        if let Some(c) = clitic {
            self.doc.text.push_str(c);
            if c.ends_with('ل') && form.starts_with("ال") {
                // ل + ال contracts to لل: drop the alef of the article.
                body = &form['ا'.len_utf8()..];
                prefix = Some(if c == "ل" { "لل" } else { c });
            }
        }
        if !is_latin(body) && self.rng.chance(30) {
            self.diacritize_once(body);
            self.doc.noise.diacritized_words += 1;
        } else if !is_latin(body) && self.rng.chance(20) {
            // `stretch` writes the name, with a tatweel where one fits (a
            // name of non-joining letters such as أزواد gets none).
            if self.stretch(body) {
                self.doc.noise.tatweel_words += 1;
            }
        } else {
            self.doc.text.push_str(body);
        }
        self.doc.entities.push(PlacedEntity {
            start,
            end: self.doc.text.len(),
            id: e.id,
            kind: e.ty.as_str(),
            prefix,
            entity: index,
        });
    }

    /// One diacritic after one letter of a name.
    fn diacritize_once(&mut self, name: &str) {
        let letters = name.chars().filter(|&c| is_arabic_letter(c)).count() as u64;
        let at = self.rng.below(letters.max(1));
        let d = DIACRITICS[self.rng.index(DIACRITICS.len())];
        let mut k = 0;
        for ch in name.chars() {
            self.doc.text.push(ch);
            if is_arabic_letter(ch) {
                if k == at {
                    self.doc.text.push(d);
                }
                k += 1;
            }
        }
    }

    fn latin_token(&mut self) {
        const ALPHABET: &[u8; 62] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        let len = self.rng.range(16, 28);
        for i in 0..len {
            // Letters at both ends, so every digit is inside a Latin token.
            let n = if i == 0 || i + 1 == len { 52 } else { 62 };
            let b = ALPHABET[self.rng.index(n)];
            self.doc.text.push(char::from(b));
        }
        self.doc.noise.latin_tokens += 1;
    }

    // ---- figures ----------------------------------------------------------

    fn style(&mut self) -> Style {
        if self.doc.cp1256 {
            let sep = match self.rng.below(10) {
                0..5 => None,
                5..8 => Some(','),
                _ => Some('،'),
            };
            return Style {
                digits: &ASCII_DIGITS,
                sep,
                dec: '.',
            };
        }
        match self.rng.below(100) {
            0..70 => {
                let sep = match self.rng.below(20) {
                    0..10 => None,
                    10..15 => Some(','),
                    15..17 => Some('٬'),
                    _ => Some('،'),
                };
                Style {
                    digits: &ASCII_DIGITS,
                    sep,
                    dec: '.',
                }
            }
            70..93 => {
                let sep = if self.rng.chance(500) {
                    Some('٬')
                } else {
                    None
                };
                Style {
                    digits: &INDIC_DIGITS,
                    sep,
                    dec: '٫',
                }
            }
            _ => {
                let sep = if self.rng.chance(500) {
                    Some('٬')
                } else {
                    None
                };
                Style {
                    digits: &PERSIAN_DIGITS,
                    sep,
                    dec: '٫',
                }
            }
        }
    }

    fn push_number(&mut self, n: u64, st: Style) {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        let mut v = n;
        loop {
            i -= 1;
            buf[i] = (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        let digits = &buf[i..];
        let len = digits.len();
        for (k, &d) in digits.iter().enumerate() {
            if k > 0
                && (len - k) % 3 == 0
                && let Some(sep) = st.sep
            {
                self.doc.text.push(sep);
            }
            self.doc.text.push(st.digits[usize::from(d)]);
        }
    }

    /// `tenths / 10` written with the style's decimal separator.
    fn push_decimal(&mut self, tenths: u64, st: Style) {
        let st0 = Style { sep: None, ..st };
        self.push_number(tenths / 10, st0);
        self.doc.text.push(st.dec);
        self.push_number(tenths % 10, st0);
    }

    fn sp(&mut self) {
        self.doc.text.push(' ');
    }

    fn push(&mut self, s: &str) {
        self.doc.text.push_str(s);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NoiseMode {
    None,
    Diacritics,
    Tatweel,
    Presentation,
    Bidi,
}

fn is_latin(s: &str) -> bool {
    s.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
}

/// Whether proclitic `c` may be written before `form`: never on a Latin
/// name; before a name that starts with ال only a one-letter clitic (ل
/// contracts to لل, وال بال فال كال): the SPEC's list has no three-letter
/// combination such as وبال.
pub(crate) fn clitic_fits(c: &str, form: &str) -> bool {
    if is_latin(form) {
        return false;
    }
    !(form.starts_with("ال") && c.chars().count() > 1)
}
