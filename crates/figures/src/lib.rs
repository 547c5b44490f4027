//! Figures in Arabic news text: numbers, ranges, qualifiers and the noun
//! they count.
//!
//! News reports carry their facts in figures — "ما بين 25 ألفًا و30 ألف
//! جندي", "بنحو 4000 جندي", "صاروخ واحد", "رحلتين أسبوعيًا" — written with
//! digits in three scripts and several separators, with number words in
//! every case and gender, with duals, shared multipliers and hedging words.
//! This crate turns each into a [`Figure`]: a span of the original text,
//! numeric bounds, how exact the figure is ([`Approx`]), the counted noun
//! and a [`Kind`].
//!
//! It is a grammar, not a pile of regular expressions: a lexer classifies
//! digits (with separators) and words; word lists in `data/` (with their
//! provenance) say which words are numbers, scales, fractions, qualifiers,
//! units and months; a small parser composes them (`ثلاثة آلاف وخمسمائة`
//! = 3500, `مليار و200 مليون` = 1.2e9, `بين 10 و15 ألف` = 10,000–15,000).
//! It runs only where a fast scan finds a candidate (a digit, or a word
//! whose first letters, after its clitics, begin a number word, an
//! ordinal, a vague plural or a dual: a few table moves per word), so text
//! without figures costs little more than splitting it into words.
//!
//! The parser works on text normalized with
//! [`khabar_normalize::Profile::Search`]; spans are mapped back to the
//! original text through the offset map of [`NormalizedText`]. Give it the
//! original too ([`FigureParser::parse_with_source`]): units are then
//! spelled as written (`طائرة`, not the folded `طايره`), and the written
//! tanween tells `ألفًا` (1000) from `ألفا` (2000).
//!
//! # Errors and panics
//!
//! There are none: any text gives a (possibly empty) list of figures. The
//! word lists are compiled in; a malformed line in them would be skipped
//! (the test suite checks there is none).
//!
//! # Example
//!
//! ```
//! use khabar_figures::{Approx, FigureParser, Kind};
//! use khabar_normalize::{Normalizer, Profile};
//!
//! let original = "تستعد بيونغ يانغ لإرسال ما بين 25 ألفًا و30 ألف جندي إضافي.";
//! let norm = Normalizer::new(Profile::Search).normalize(original);
//! let parser = FigureParser::new();
//! let figures = parser.parse_with_source(original, &norm);
//! assert_eq!(figures.len(), 1);
//! let f = &figures[0];
//! assert_eq!(&original[f.start..f.end], "ما بين 25 ألفًا و30 ألف جندي");
//! assert_eq!((f.low, f.high), (Some(25000.0), Some(30000.0)));
//! assert_eq!(f.approx, Approx::Exact);
//! assert_eq!(f.unit.as_deref(), Some("جندي"));
//! assert_eq!(f.kind, Kind::Count);
//! ```
//!
//! See the crate README for the table of supported constructs and the
//! known limits.
#![deny(missing_docs)]

mod lex;
mod lexicon;
mod parse;
mod scan;

use khabar_normalize::NormalizedText;

use crate::lex::TokKind;
use crate::lexicon::Lexicon;
use crate::parse::{Ctx, Cursor, Found, UnitOut};
use crate::scan::{Hit, Scanner};

/// How exact a figure is, from the qualifier around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Approx {
    /// No qualifier (or ما مجموعه، بواقع).
    Exact,
    /// نحو، حوالي، قرابة، زهاء، تقارب، ما يقدر بـ، تقريبا …
    About,
    /// ما لا يقل عن، على الأقل، أو أكثر.
    AtLeast,
    /// أكثر من، ما يزيد على، ما يربو على.
    MoreThan,
    /// ما لا يزيد على، لم يتجاوز.
    AtMost,
    /// ما يصل إلى، حتى.
    UpTo,
    /// أقل من، دون.
    LessThan,
    /// A vague amount: عشرات، مئات، آلاف، الملايين.
    Vague,
}

impl Approx {
    /// The name used in the JSON output (`"exact"`, `"about"`, …).
    pub fn as_str(&self) -> &'static str {
        match self {
            Approx::Exact => "exact",
            Approx::About => "about",
            Approx::AtLeast => "at_least",
            Approx::MoreThan => "more_than",
            Approx::AtMost => "at_most",
            Approx::UpTo => "up_to",
            Approx::LessThan => "less_than",
            Approx::Vague => "vague",
        }
    }
}

/// What a figure measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A count of the unit noun (the default).
    Count,
    /// A percentage (`%`, `٪`, في المئة، بالمئة).
    Percent,
    /// An amount of money (دولار، يورو، ريال، `$` …).
    Money,
    /// A length (كم، كيلومتر، ميل، متر …).
    Length,
    /// A duration (يوم، ساعة، أسبوع، شهر، سنة، عام …).
    Duration,
    /// A year (عام 2024, a four-digit year next to a month name).
    Year,
    /// A day of a month (13 يوليو, من 11 إلى 13 يوليو).
    Date,
    /// An ordinal (الأولى، ثاني، الحادي عشر، المرتبة 70).
    Ordinal,
    /// A measured amount in a physical unit other than length and time
    /// (schema v1.1): weight, area, volume, temperature, speed, power
    /// (كغ، طن، متر مربع، دونم، لتر، برميل، درجة مئوية، كم/ساعة، ميغاواط).
    Quantity,
    /// A number that names rather than counts (schema v1.1): `رقم 5`،
    /// `المادة 77`، `القرار 2231`، a list item number. The unit is the
    /// labelled noun.
    Label,
}

impl Kind {
    /// The name used in the JSON output (`"count"`, `"percent"`, …).
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::Count => "count",
            Kind::Percent => "percent",
            Kind::Money => "money",
            Kind::Length => "length",
            Kind::Duration => "duration",
            Kind::Year => "year",
            Kind::Date => "date",
            Kind::Ordinal => "ordinal",
            Kind::Quantity => "quantity",
            Kind::Label => "label",
        }
    }
}

/// One figure found in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// Start byte in the original text: the qualifier, or the range
    /// opener, or the number (clitics of the number word excluded; the
    /// clitic of a qualifier, بنحو, included).
    pub start: usize,
    /// End byte in the original text: after the unit, or the last number.
    pub end: usize,
    /// Lower bound; equal to `high` for a single number; for a vague
    /// amount, its order of magnitude. May be negative (`-2.5%`، `سالب
    /// خمسة`) and fractional (`ثلاثة أرباع` is 0.75).
    pub low: Option<f64>,
    /// Upper bound; `None` for a vague amount.
    pub high: Option<f64>,
    /// How exact the figure is.
    pub approx: Approx,
    /// The counted noun or unit, as written in the original text with
    /// diacritics and tatweel removed, a leading ال removed, the tanween
    /// alef removed (صاروخًا → صاروخ), and a dual turned into its singular
    /// (رحلتين → رحلة, جنديان → جندي). Plurals stay as written (صواريخ).
    /// `"%"` for percentages, the sign for `$`/`€`/`£`, the month name
    /// for dates, the code for `500 USD`, the unit as written for a
    /// quantity (`متر مربع`، `كم/ساعة`), the labelled noun for a label
    /// (`المادة 77` → مادة), `None` when no noun follows (and for years,
    /// ordinals and list item numbers).
    pub unit: Option<String>,
    /// What the figure measures.
    pub kind: Kind,
}

/// The figure parser: built once, immutable, shared by threads.
#[derive(Debug)]
pub struct FigureParser {
    lexicon: Lexicon,
    scan: Scanner,
}

impl Default for FigureParser {
    fn default() -> Self {
        FigureParser::new()
    }
}

/// How many words before a candidate the parser looks at (qualifiers are
/// at most four words, plus an opener and a clitic).
const LEFT_WORDS: usize = 7;

/// Whether a tatweel (kashida, U+0640) joins a digit of the figure spanning
/// `span` of `original` to another digit, inside the span or across its
/// edges (spaces allowed around the tatweel). The normalizer removes the
/// tatweel, so `2ـ0` would read as 20; written between digits it is a
/// separator (a score or a range, as with a dash), and which one is not
/// said: the figure is dropped rather than given a wrong value.
fn kashida_between_digits(original: &str, span: std::ops::Range<usize>) -> bool {
    let is_digit =
        |c: char| c.is_ascii_digit() || ('٠'..='٩').contains(&c) || ('۰'..='۹').contains(&c);
    let Some(inner) = original.get(span.clone()) else {
        return false;
    };
    const TATWEEL: char = '\u{0640}';
    // Nearly every figure: no tatweel in it nor right beside it.
    let after = original.get(span.end..).unwrap_or("");
    let before = original.get(..span.start).unwrap_or("");
    if !inner.contains(TATWEEL)
        && !after.trim_start_matches(' ').starts_with(TATWEEL)
        && !before.trim_end_matches(' ').ends_with(TATWEEL)
    {
        return false;
    }
    // Inside: digit, tatweel(s), digit (no space: 12ـ15 is one token).
    let chars: Vec<char> = inner.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '\u{0640}' && i > 0 && is_digit(chars[i - 1]) {
            let next = chars[i..].iter().find(|&&d| d != '\u{0640}');
            if next.is_some_and(|&d| is_digit(d)) {
                return true;
            }
        }
    }
    let first = chars.first().copied().is_some_and(is_digit);
    let last = chars.last().copied().is_some_and(is_digit);
    let gap = |c: &char| *c == '\u{0640}' || *c == ' ';
    // After: the figure ends with a digit, then spaces and tatweels, then a digit.
    if last {
        let rest = original.get(span.end..).unwrap_or("");
        let sep: String = rest.chars().take_while(gap).collect();
        if sep.contains('\u{0640}') && rest[sep.len()..].chars().next().is_some_and(is_digit) {
            return true;
        }
    }
    // Before: a digit, then spaces and tatweels, then the figure's first digit.
    if first {
        let head = original.get(..span.start).unwrap_or("");
        let sep: String = head.chars().rev().take_while(gap).collect();
        let before = head[..head.len() - sep.len()].chars().next_back();
        if sep.contains('\u{0640}') && before.is_some_and(is_digit) {
            return true;
        }
    }
    false
}

/// The most bytes the left window reaches back (seven long words).
const MAX_BACK: usize = 512;

impl FigureParser {
    /// Loads the built-in word lists and builds the candidate scanner.
    pub fn new() -> FigureParser {
        let lexicon = Lexicon::load();
        let scan = Scanner::new(
            lexicon.triggers.iter().map(String::as_str),
            lexicon.dual_triggers.iter().map(String::as_str),
        );
        FigureParser { lexicon, scan }
    }

    /// Finds the figures of a normalized text, in text order.
    ///
    /// Without the original text the units are taken from the normalized
    /// text (so `ة` reads `ه`, and a tanween alef is only removed after
    /// 11…99); prefer [`FigureParser::parse_with_source`] when the
    /// original is at hand.
    pub fn parse(&self, text: &NormalizedText) -> Vec<Figure> {
        self.run(None, text, false, true)
    }

    /// Finds the figures of `text`, the normalization of `original`, and
    /// takes the unit nouns from the original spelling.
    pub fn parse_with_source(&self, original: &str, text: &NormalizedText) -> Vec<Figure> {
        self.run(Some(original), text, false, true)
    }

    /// The same as [`FigureParser::parse_with_source`] but trying every
    /// token instead of the automaton's candidates: the slow reference the
    /// tests compare the fast path with.
    #[doc(hidden)]
    pub fn parse_every_token(&self, original: &str, text: &NormalizedText) -> Vec<Figure> {
        self.run(Some(original), text, true, true)
    }

    /// The same as [`FigureParser::parse_with_source`] but with the full
    /// left window lexed for every candidate (the fast path lexes a short
    /// one and grows it only when a rule reads further left): the
    /// reference the tests compare the short windows with.
    #[doc(hidden)]
    pub fn parse_full_window(&self, original: &str, text: &NormalizedText) -> Vec<Figure> {
        self.run(Some(original), text, false, false)
    }

    /// Number of candidate positions the fast scan reports (digits and
    /// words), without parsing them: for the benchmarks.
    #[doc(hidden)]
    pub fn count_candidates(&self, text: &NormalizedText) -> usize {
        self.count_candidates_with(text, true)
    }

    /// [`FigureParser::count_candidates`] with the word-at-a-time fast
    /// path on or off (off: the pair-by-pair reference): for the benches.
    #[doc(hidden)]
    pub fn count_candidates_with(&self, text: &NormalizedText, fast: bool) -> usize {
        let norm = text.as_str();
        let mut n = 0;
        let mut pos = 0;
        while let Some(h) = self.scan.next_with(norm, pos, fast) {
            n += 1;
            pos = match h {
                Hit::Digit(p) => {
                    let b = norm.as_bytes();
                    let mut e = p;
                    while e < b.len() && b[e].is_ascii_digit() {
                        e += 1;
                    }
                    e
                }
                Hit::Word(_, e) => e,
            };
        }
        n
    }

    fn run(
        &self,
        original: Option<&str>,
        text: &NormalizedText,
        naive: bool,
        short: bool,
    ) -> Vec<Figure> {
        // About one figure per 500 bytes of news text: sized so that a
        // document's list is seldom grown (each growth is a copy).
        let mut found = Vec::with_capacity(text.len() / 256 + 4);
        // A different normalizer could hand over an original that does not
        // match the map; fall back to the normalized text then.
        let original = original.filter(|o| o.len() == text.original_len());
        self.scan_text(text, original, naive, short, &mut found);
        // Sized once: a large text's figures would otherwise be copied at
        // every doubling.
        let mut out = Vec::with_capacity(found.len());
        // The spans to map back, in text order (a figure, then its unit,
        // which lies inside it): one forward walk of the offset map
        // instead of a binary search per end.
        let unit_span = |f: &Found| original.and(unit_range(&f.unit));
        let spans = found
            .iter()
            .flat_map(|f| std::iter::once(f.start..f.end).chain(unit_span(f)));
        let mut mapped = text.original_ranges(spans);
        for f in &found {
            let Some(span) = mapped.next() else {
                break;
            };
            let unit_orig = unit_span(f).and_then(|_| mapped.next());
            if original.is_some_and(|o| kashida_between_digits(o, span.clone())) {
                continue;
            }
            out.push(Figure {
                start: span.start,
                end: span.end,
                low: f.low,
                high: f.high,
                approx: f.approx,
                unit: unit_string(&f.unit, text.as_str(), unit_orig, original),
                kind: f.kind,
            });
        }
        out
    }

    fn scan_text(
        &self,
        map: &NormalizedText,
        original: Option<&str>,
        naive: bool,
        short: bool,
        out: &mut Vec<Found>,
    ) {
        let norm = map.as_str();
        let mut ctx = Ctx {
            lx: &self.lexicon,
            text: norm,
            cur: Cursor::new(norm),
            floor: 0,
            source: original.map(|o| (o, map)),
        };
        ctx.cur.short = short;
        let mut pos = 0usize;
        let mut last_end = 0usize;
        // The readings the scan's word candidate was checked with.
        let mut seeded = None;
        while pos < norm.len() {
            let p = if naive {
                // Every token is a candidate.
                match lex::Lexer::new(norm, pos).next_tok() {
                    Some(t) if t.kind == TokKind::Word || t.kind == TokKind::Num => t.start,
                    Some(t) => {
                        pos = t.end.max(pos + 1);
                        continue;
                    }
                    None => break,
                }
            } else {
                match self.scan.next(norm, pos) {
                    Some(Hit::Digit(p)) => p,
                    Some(Hit::Word(s, e)) => {
                        let Some(v) = ctx.could_start(&norm[s..e]) else {
                            pos = e;
                            continue;
                        };
                        seeded = Some((s, e, v));
                        s
                    }
                    None => break,
                }
            };
            ctx.floor = last_end;
            // The rules look at most LEFT_WORDS tokens back (and never past
            // a line break), so a longer window left over from the previous
            // candidate gives the same result as a fresh one.
            let k = ctx.cur.window(p, LEFT_WORDS);
            if let Some((s, e, v)) = seeded.take() {
                ctx.seed_vars(k, s, e, v);
            }
            let Some(t) = ctx.cur.get(k) else {
                break;
            };
            match ctx.figure_at(k) {
                Some((f, end)) if f.start >= last_end => {
                    out.push(f);
                    last_end = end;
                    pos = end.max(t.end);
                }
                _ => pos = t.end.max(p + 1),
            }
            while pos < norm.len() && !norm.is_char_boundary(pos) {
                pos += 1;
            }
        }
    }
}

/// The span of the normalized text a unit is copied from, if any.
fn unit_range(u: &UnitOut) -> Option<std::ops::Range<usize>> {
    match *u {
        UnitOut::None | UnitOut::Percent => None,
        UnitOut::Raw { start, end } => Some(start..end),
        UnitOut::Word {
            start, end, pre, ..
        } => Some(start + pre..end),
    }
}

/// True for the marks the search profile deletes (diacritics, tatweel).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}')
}

/// The unit's text: `orig` is the original range of [`unit_range`] (None
/// without the original text).
fn unit_string(
    u: &UnitOut,
    norm: &str,
    orig: Option<std::ops::Range<usize>>,
    original: Option<&str>,
) -> Option<String> {
    match *u {
        UnitOut::None => None,
        UnitOut::Percent => Some("%".to_string()),
        UnitOut::Raw { start, end } => {
            let n = norm.get(start..end)?;
            let Some(o) = original else {
                return Some(n.to_string());
            };
            let s: String = o.get(orig?)?.chars().filter(|c| !is_mark(*c)).collect();
            Some(s.trim().to_string())
        }
        UnitOut::Word {
            start,
            end,
            pre,
            strip_al,
            alef_heur,
            dual,
            maqsura,
        } => {
            let n = norm.get(start + pre..end)?;
            let len = n.chars().count();
            let mut lo = 0;
            let mut hi = len;
            if strip_al && len >= 4 && n.starts_with("ال") {
                lo = 2;
            }
            // The original spelling when it has the same letters (it
            // differs only by folding and marks), else the normalized one.
            let orig = original.and_then(|o| o.get(orig?));
            let tanween = orig.is_some_and(|s| s.contains('\u{064B}'));
            let src = match orig {
                Some(s) if s.chars().filter(|c| !is_mark(*c)).count() == len => s,
                _ => n,
            };
            let mut tail = None;
            if let Some(fem) = dual {
                let cut = if fem { 3 } else { 2 };
                if hi >= lo + cut + 2 {
                    hi -= cut;
                    if fem {
                        tail = Some('ة');
                    }
                }
            } else if (tanween || alef_heur) && hi >= lo + 3 && n.ends_with('ا') {
                hi -= 1;
            }
            let mut s: String = src
                .chars()
                .filter(|c| !is_mark(*c))
                .skip(lo)
                .take(hi - lo)
                .collect();
            if let Some(t) = tail {
                s.push(t);
            }
            if maqsura && s.ends_with('ي') {
                s.pop();
                s.push('ى');
            }
            Some(s)
        }
    }
}

/// Start of the window of up to `n` words before `p`, not crossing a line
/// break nor going before `floor`. Works on bytes: ASCII white space and
/// U+00A0 separate words; every other byte belongs to one.
fn back_words(text: &str, p: usize, floor: usize, n: usize) -> usize {
    let b = text.as_bytes();
    if p <= floor || p > b.len() {
        return p.min(b.len());
    }
    let mut pos = p;
    let mut words = 0;
    let mut in_word = false;
    let mut i = p;
    // Never more than MAX_BACK bytes: in a long line without spaces the
    // window would otherwise reach its start for every candidate.
    let floor = floor.max(p.saturating_sub(MAX_BACK));
    while i > floor {
        i -= 1;
        let c = b[i];
        if c == b'\n' {
            break;
        }
        let space = matches!(c, b' ' | b'\t' | b'\r' | 0x0B | 0x0C)
            || (c == 0xA0 && i > floor && b[i - 1] == 0xC2);
        if space {
            if c == 0xA0 {
                i -= 1;
            }
            if in_word {
                words += 1;
                in_word = false;
                if words >= n {
                    break;
                }
            }
        } else {
            in_word = true;
            pos = i;
        }
    }
    // `pos` is the first byte after white space (or `floor`): a char
    // boundary unless `floor` itself was not one.
    while pos < p && !text.is_char_boundary(pos) {
        pos += 1;
    }
    pos
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn data_files_load_without_errors() {
        let lx = Lexicon::load();
        assert!(lx.errors.is_empty(), "{:?}", lx.errors);
        assert!(lx.triggers.len() > 100);
    }

    #[test]
    fn parser_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<FigureParser>();
        check::<Figure>();
    }

    #[test]
    fn approx_and_kind_names_are_the_json_ones() {
        let approx = [
            (Approx::Exact, "exact"),
            (Approx::About, "about"),
            (Approx::AtLeast, "at_least"),
            (Approx::MoreThan, "more_than"),
            (Approx::AtMost, "at_most"),
            (Approx::UpTo, "up_to"),
            (Approx::LessThan, "less_than"),
            (Approx::Vague, "vague"),
        ];
        for (a, s) in approx {
            assert_eq!(a.as_str(), s);
        }
        let kinds = [
            (Kind::Count, "count"),
            (Kind::Percent, "percent"),
            (Kind::Money, "money"),
            (Kind::Length, "length"),
            (Kind::Duration, "duration"),
            (Kind::Year, "year"),
            (Kind::Date, "date"),
            (Kind::Ordinal, "ordinal"),
            (Kind::Quantity, "quantity"),
            (Kind::Label, "label"),
        ];
        for (k, s) in kinds {
            assert_eq!(k.as_str(), s);
        }
    }

    #[test]
    fn spans_mapped_in_one_walk_equal_original_range_one_by_one() {
        // Deleted marks and tatweel, folded letters, presentation forms
        // (one input character to two), Arabic-Indic digits; several
        // figures with units per text.
        let texts = [
            "أرسلت ما لا يقل عن ١٠٠ صاروخًا باليستيًّا وتسعة ملايين قذيفة.",
            "\u{FEFB}ـــلف \u{FE8D}\u{FEDF} 25 ألفًا\u{064B}\u{0651} $500 و٣٠٠ طائرةٍ",
            "قُتِلَ ٣٠ جُنْدِيًّا، وأُسِرَ جنديان، وسقط 40% من الـمباني في ١٣ يوليو و€٥٠٠",
            "plain ascii 42 text",
        ];
        let norm = khabar_normalize::Normalizer::new(khabar_normalize::Profile::Search);
        let p = FigureParser::new();
        let mut units = 0;
        for t in texts {
            let n = norm.normalize(t);
            let mut found = Vec::new();
            p.scan_text(&n, Some(t), false, true, &mut found);
            let got = p.parse_with_source(t, &n);
            assert_eq!(got.len(), found.len());
            for (g, f) in got.iter().zip(&found) {
                let span = n.original_range(f.start..f.end);
                assert_eq!((g.start, g.end), (span.start, span.end), "{t:?}");
                let unit_orig = unit_range(&f.unit).map(|r| n.original_range(r));
                units += usize::from(unit_orig.is_some());
                assert_eq!(g.unit, unit_string(&f.unit, n.as_str(), unit_orig, Some(t)));
            }
        }
        assert!(units >= 6, "{units}");
    }

    #[test]
    fn gapped_masks_pick_the_same_phrase_as_trying_each() {
        let p = FigureParser::new();
        let lx = &p.lexicon;
        assert!(!lx.gap_masks.is_empty() && !lx.gapped.is_empty());
        // Every gapped phrase around gaps of one to four words, with and
        // without clitics on its words, before a number; and next to the
        // other phrases' words.
        let gaps = [
            "",
            "العدد",
            "عدد الجنود",
            "عدد القتلى في",
            "الشهر الماضي من اجمالي",
        ];
        let mut texts = Vec::new();
        for &pi in &lx.gapped {
            let ph = &lx.phrases[pi];
            let Some(g) = ph.gap else { continue };
            let (before, after) = ph.words.split_at(g);
            for gap in gaps {
                for cl in ["", "و", "وب", "ل"] {
                    let b: Vec<String> = before.iter().map(|w| format!("{cl}{w}")).collect();
                    let a: Vec<String> = after.iter().map(|w| format!("{cl}{w}")).collect();
                    texts.push(format!("قال {} {gap} {} 50 جندي", b.join(" "), a.join(" ")));
                    texts.push(format!("{} {gap} {} 7", b.join(" "), after.join(" ")));
                }
            }
        }
        let all: Vec<&str> = lx
            .gapped
            .iter()
            .flat_map(|&pi| lx.phrases[pi].words.iter().map(String::as_str))
            .collect();
        texts.push(format!("{} 12 و{} 30", all.join(" "), all.join(" 5 ")));
        let norm = khabar_normalize::Normalizer::new(khabar_normalize::Profile::Search);
        let (mut tried, mut found) = (0, 0);
        for t in &texts {
            let n = norm.normalize(t);
            let text = n.as_str();
            let mut ctx = Ctx {
                lx,
                text,
                cur: Cursor::new(text),
                floor: 0,
                source: None,
            };
            let k0 = ctx.cur.window(0, LEFT_WORDS);
            let mut k = k0;
            while ctx.cur.get(k).is_some() {
                let fast = ctx.gapped_before(k);
                assert_eq!(fast, ctx.gapped_before_each(k), "{t:?} token {}", k - k0);
                tried += 1;
                found += usize::from(fast.is_some());
                k += 1;
            }
        }
        assert!(tried > 1000 && found > 100, "{tried} {found}");
    }

    #[test]
    fn back_words_stops_at_line_break_and_floor() {
        let t = "a b\nc d e f";
        assert_eq!(back_words(t, t.len(), 0, 2), t.find('e').unwrap());
        assert_eq!(back_words(t, t.len(), 0, 10), t.find('c').unwrap());
        assert_eq!(
            back_words(t, t.len(), t.find('d').unwrap(), 10),
            t.find('d').unwrap()
        );
        let a = "قال نحو\u{a0}4000 جندي";
        assert_eq!(
            back_words(a, a.find('4').unwrap(), 0, 1),
            a.find("نحو").unwrap()
        );
        assert_eq!(back_words(a, a.find('4').unwrap(), 0, 2), 0);
    }
}

/// The README's examples are tested too.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
