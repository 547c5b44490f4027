//! The grammar: composes tokens into figures at one candidate position.

use khabar_normalize::NormalizedText;

use crate::lex::{Lexer, Tok, TokKind};
use crate::lexicon::{Lexicon, NumClass, Role, Variants, WordInfo};
use crate::{Approx, Kind};

/// Where the unit of a figure comes from (spans in the normalized text).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum UnitOut {
    None,
    Percent,
    /// Copied as is (currency signs, month names).
    Raw {
        start: usize,
        end: usize,
    },
    /// A noun, cleaned: clitics, ال, tanween alef and dual endings removed.
    Word {
        start: usize,
        end: usize,
        /// Leading clitic bytes to drop.
        pre: usize,
        strip_al: bool,
        /// Drop a final ا even without a visible tanween (after 11..99).
        alef_heur: bool,
        /// The word is a dual: Some(feminine).
        dual: Option<bool>,
    },
}

/// A figure with spans in the normalized text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub approx: Approx,
    pub unit: UnitOut,
    pub kind: Kind,
}

/// Virtual index of the first token of a fresh window: token indices are
/// virtual so that tokens lexed later on the left (the window grows on
/// demand) do not move the indices the rules hold.
const BASE: usize = 1 << 20;

/// Tokens lexed on demand from a start position, forward as far as the
/// rules read, and backward (once) when a rule reads past the left end of
/// a short window.
///
/// Indices are virtual: token `i` is `toks[i - base]`.
pub(crate) struct Cursor<'a, 't> {
    text: &'t str,
    lexer: Lexer<'t>,
    /// The tokens with their cached lexicon readings (one vector: one
    /// allocation per document, one push per token).
    toks: Vec<Slot<'a>>,
    done: bool,
    /// Virtual index of `toks[0]`.
    base: usize,
    /// For a short window: the candidate byte and the virtual index of its
    /// token; the window then grows to the full one on the first read
    /// before its left end.
    grow: Option<(usize, usize)>,
    /// Fresh windows may start short (off: always the full window, the
    /// reference the tests compare with).
    pub(crate) short: bool,
}

/// A token of the window and its lexicon readings, looked up lazily.
struct Slot<'a> {
    tok: Tok,
    /// The readings of a word token, once asked for.
    vars: Option<Variants<'a>>,
    /// The exact reading alone (cheaper: one lookup), when asked first.
    exact: Option<Option<&'a WordInfo>>,
}

impl Slot<'_> {
    fn new(tok: Tok) -> Self {
        Slot {
            tok,
            vars: None,
            exact: None,
        }
    }
}

impl<'a, 't> Cursor<'a, 't> {
    pub(crate) fn new(text: &'t str) -> Cursor<'a, 't> {
        Cursor {
            text,
            lexer: Lexer::new(text, 0),
            toks: Vec::with_capacity(32),
            done: false,
            base: BASE,
            grow: None,
            short: true,
        }
    }

    /// Restarts the token list at byte `pos` (a token start). Tokens
    /// already lexed from `pos` on are kept: in figure-dense text the
    /// windows of neighbouring candidates overlap.
    fn reset(&mut self, pos: usize) {
        self.base = BASE;
        self.grow = None;
        let idx = self.toks.partition_point(|t| t.tok.start < pos);
        if idx < self.toks.len() && self.toks[idx].tok.start == pos {
            self.toks.drain(..idx);
            return;
        }
        self.lexer = Lexer::new(self.text, pos);
        self.toks.clear();
        self.done = false;
    }

    /// Restarts the token list at the word at byte `s`, which follows a
    /// run of spaces and tabs starting at `r` after another token: the
    /// word's token is then exactly the one a lexer started further left
    /// gives (not glued, no line break before it).
    fn reset_short(&mut self, r: usize, s: usize) {
        self.base = BASE;
        self.grow = None;
        let idx = self.toks.partition_point(|t| t.tok.start < s);
        if idx < self.toks.len() && self.toks[idx].tok.start == s {
            self.toks.drain(..idx);
            // It may have been lexed as the first token of a window.
            self.toks[0].tok.glued = false;
            self.toks[0].tok.nl_before = false;
            return;
        }
        self.lexer = Lexer::new(self.text, r);
        self.toks.clear();
        self.done = false;
    }

    /// Index of the token holding byte `p` (or the first after it) in the
    /// window of the candidate at `p`: tokens already lexed when the
    /// previous candidate was close (keeping `left` tokens before it),
    /// else a fresh window. A fresh window starts about `SHORT_BYTES`
    /// before `p` when a safe start lies there on the same line, and grows
    /// to `left` words when a rule reads past its left end. The rules read
    /// at most `left` tokens back and never across a line break, so they
    /// see the same tokens as in a window of `left` words (in the rare
    /// short window of more than `left` words too, as with a reused one).
    pub(crate) fn window(&mut self, p: usize, left: usize) -> usize {
        if let Some(k) = self.reuse(p, left) {
            return k;
        }
        let short = if self.short {
            short_start(self.text, p)
        } else {
            None
        };
        match short {
            Some((r, s)) => self.reset_short(r, s),
            None => self.reset(crate::back_words(self.text, p, 0, left)),
        }
        let mut k = self.base;
        while self.get(k).is_some_and(|t| t.end <= p) {
            k += 1;
        }
        if short.is_some() {
            self.grow = Some((p, k));
        }
        k
    }

    /// Index of the token holding byte `p` when the tokens already lexed
    /// reach it (the previous candidate was close), keeping at most `left`
    /// tokens before it. None when a fresh window is needed.
    fn reuse(&mut self, p: usize, left: usize) -> Option<usize> {
        let first = &self.toks.first()?.tok;
        let last = &self.toks.last()?.tok;
        if first.start > p || p >= last.end.saturating_add(64) {
            return None;
        }
        let mut k = self.toks.partition_point(|t| t.tok.end <= p);
        while self.get(self.base + k).is_some_and(|t| t.end <= p) {
            k += 1;
        }
        self.get(self.base + k)?;
        if k < left {
            return None;
        }
        self.toks.drain(..k - left);
        self.base += k - left;
        self.grow = None;
        Some(self.base + left)
    }

    #[inline]
    pub(crate) fn get(&mut self, i: usize) -> Option<Tok> {
        if let Some(t) = i.checked_sub(self.base).and_then(|j| self.toks.get(j)) {
            return Some(t.tok);
        }
        self.fill(i)
    }

    /// The cached readings slot of token `i`.
    #[inline]
    pub(crate) fn vars_slot(&mut self, i: usize) -> Option<&mut Option<Variants<'a>>> {
        Some(&mut self.toks.get_mut(i.checked_sub(self.base)?)?.vars)
    }

    /// The cached exact-reading slot of token `i`.
    #[inline]
    pub(crate) fn exact_slot(&mut self, i: usize) -> Option<&mut Option<Option<&'a WordInfo>>> {
        Some(&mut self.toks.get_mut(i.checked_sub(self.base)?)?.exact)
    }

    /// Lexes up to token `i` (or grows the window to the left).
    #[inline(never)]
    fn fill(&mut self, i: usize) -> Option<Tok> {
        if i < self.base {
            self.grow_left();
            let j = i.checked_sub(self.base)?;
            return self.toks.get(j).map(|t| t.tok);
        }
        let j = i - self.base;
        let mut last = None;
        while self.toks.len() <= j && !self.done {
            match self.lexer.next_tok() {
                Some(t) => {
                    self.toks.push(Slot::new(t));
                    last = Some(t);
                }
                None => self.done = true,
            }
        }
        // The token just lexed is returned as it is, not read back from
        // the vector: the read would wait for the stores of its narrow
        // fields (a failed store-to-load forward).
        match last {
            Some(t) if self.toks.len() == j + 1 => Some(t),
            _ => self.toks.get(j).map(|t| t.tok),
        }
    }

    /// Grows a short window to the full one: lexes from the full
    /// window's start up to the first token held, and puts those tokens
    /// in front.
    #[cold]
    fn grow_left(&mut self) {
        let Some((p, kv)) = self.grow.take() else {
            return;
        };
        let start = crate::back_words(self.text, p, 0, crate::LEFT_WORDS);
        if let Some(first) = self.toks.first().map(|t| t.tok) {
            let mut lx = Lexer::new(self.text, start);
            let mut new = Vec::new();
            let aligned = loop {
                match lx.next_tok() {
                    Some(t) if t.end <= first.start => new.push(t),
                    Some(t) => {
                        break (t.start, t.end, t.kind, t.glued, t.nl_before)
                            == (
                                first.start,
                                first.end,
                                first.kind,
                                first.glued,
                                first.nl_before,
                            );
                    }
                    None => break false,
                }
            };
            if aligned {
                let n = new.len();
                self.toks.splice(0..0, new.into_iter().map(Slot::new));
                self.base -= n;
                return;
            }
        }
        // Not expected (a short window starts where any lexer started
        // further left has a token boundary), but if the tokens do not
        // line up, lex the full window afresh with the candidate's index
        // kept.
        self.lexer = Lexer::new(self.text, start);
        self.toks.clear();
        self.done = false;
        self.base = kv;
        let mut k = 0;
        while self.fill(self.base + k).is_some_and(|t| t.end <= p) {
            k += 1;
        }
        self.base = kv - k.min(kv);
    }
}

/// How far back a fresh window starts, in bytes, before it grows (about
/// four words of Arabic; 32 and 64 measured slower).
const SHORT_BYTES: usize = 48;

/// The start of a short window for the candidate at `p`: the first run of
/// spaces and tabs in the `SHORT_BYTES` before `p` that follows a token
/// (not white space of any kind), as `(r, s)`, the run's start and end.
/// A lexer started at `r` gives the same tokens from `s` on, with the same
/// flags, as one started anywhere before `r`. None when there is no such
/// run or a line break lies between it and `p` (the full window is then
/// used).
fn short_start(text: &str, p: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let lo = p.checked_sub(SHORT_BYTES)?.max(1);
    let blank = |c: u8| c == b' ' || c == b'\t';
    let mut i = lo;
    // The first space or tab after a byte that is not one.
    while i < p && (!blank(b[i]) || blank(b[i - 1])) {
        i += 1;
    }
    let r = i;
    while i < p && blank(b[i]) {
        i += 1;
    }
    let s = i;
    // Any of \n, VT, FF, \r (0x0A..=0x0D) up to `p`: no early exit, so
    // that the loop is vectorized.
    let breaks = b
        .get(r..p)?
        .iter()
        .fold(0u8, |a, &c| a | u8::from(c.wrapping_sub(0x0A) < 4));
    if s >= p || breaks != 0 {
        return None;
    }
    let c = text.get(..r)?.chars().next_back()?;
    if c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{FEFF}') {
        return None;
    }
    Some((r, s))
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum AClass {
    Digits,
    Num(NumClass),
}

#[derive(Clone, Copy, Debug)]
struct Atom {
    class: AClass,
    value: f64,
    alt: f64,
    plural: bool,
    /// The original word carries tanween fath (ألفًا): a singular.
    tanween: bool,
    and: bool,
    start: usize,
    /// Index of the token after the atom.
    next: usize,
}

#[derive(Clone, Copy, Debug)]
struct St {
    total: f64,
    group: f64,
    alt: f64,
    g_digits: bool,
    has_h: bool,
    has_u: bool,
    has_t: bool,
    pending_teen: bool,
    pending_frac: bool,
    last_scale: f64,
    n_scales: u32,
    scaled: Option<(f64, f64)>,
    /// The current group started after a scale (ألف وخمسمائة).
    tail: bool,
    done: bool,
    atoms: u32,
    words_only: bool,
    last: Option<AClass>,
    next: usize,
}

impl St {
    fn new() -> St {
        St {
            total: 0.0,
            group: 0.0,
            alt: f64::NAN,
            g_digits: false,
            has_h: false,
            has_u: false,
            has_t: false,
            pending_teen: false,
            pending_frac: false,
            last_scale: f64::INFINITY,
            n_scales: 0,
            scaled: None,
            tail: false,
            done: false,
            atoms: 0,
            words_only: true,
            last: None,
            next: 0,
        }
    }

    fn group_empty(&self) -> bool {
        !(self.g_digits || self.has_h || self.has_u || self.has_t || self.pending_frac)
    }

    fn reset_group(&mut self) {
        self.group = 0.0;
        self.alt = f64::NAN;
        self.g_digits = false;
        self.has_h = false;
        self.has_u = false;
        self.has_t = false;
        self.pending_frac = false;
        self.tail = false;
    }

    fn start_tail(&mut self) {
        if self.n_scales > 0 && self.group_empty() {
            self.tail = true;
        }
    }

    /// Right after a scale word a new group may follow without و
    /// (ثلاثة آلاف خمسمائة, informal but common).
    fn after_scale(&self) -> bool {
        self.n_scales > 0
            && self.group_empty()
            && matches!(
                self.last,
                Some(AClass::Num(
                    NumClass::Scale | NumClass::Dual | NumClass::DualAcc
                ))
            )
    }

    /// Applies one atom; false when it cannot continue the number.
    fn apply(&mut self, a: &Atom, first: bool) -> bool {
        if self.done {
            return false;
        }
        let joined = first || a.and || (self.after_scale() && a.class != AClass::Digits);
        let v = a.value;
        match a.class {
            AClass::Digits => {
                if !self.group_empty() || !(first || (a.and && self.total > 0.0)) {
                    return false;
                }
                self.start_tail();
                self.group = v;
                self.alt = a.alt;
                self.g_digits = true;
                self.words_only = false;
            }
            AClass::Num(NumClass::Unit | NumClass::Teen) => {
                let ok = first
                    || (a.and
                        && (self.group_empty() || (self.has_h && !self.has_u && !self.has_t)))
                    || self.after_scale();
                if !ok || self.g_digits {
                    return false;
                }
                self.start_tail();
                self.group += v;
                self.has_u = true;
                self.pending_teen = a.class == AClass::Num(NumClass::Teen);
            }
            AClass::Num(NumClass::Ten) => {
                let after_unit = matches!(
                    self.last,
                    Some(AClass::Num(NumClass::Unit | NumClass::Teen))
                );
                if !a.and && !first && after_unit && self.has_u && !self.has_t {
                    self.group += 10.0;
                    self.has_t = true;
                    self.pending_teen = false;
                } else if joined
                    && !self.has_t
                    && !self.has_u
                    && !self.g_digits
                    && (self.group_empty() || self.has_h)
                {
                    self.start_tail();
                    self.group += 10.0;
                    self.has_t = true;
                } else {
                    return false;
                }
            }
            AClass::Num(NumClass::Tens) => {
                // أحد/إحدى need عشر or a following و + tens (إحدى وتسعون).
                if !joined || self.has_t || (self.pending_teen && !a.and) || self.g_digits {
                    return false;
                }
                self.pending_teen = false;
                if !(self.group_empty() || self.has_h || self.has_u) {
                    return false;
                }
                self.start_tail();
                self.group += v;
                self.has_t = true;
            }
            AClass::Num(NumClass::Hundred) => {
                if !joined {
                    let lone_unit = self.has_u
                        && !self.has_t
                        && !self.has_h
                        && !self.pending_teen
                        && self.last == Some(AClass::Num(NumClass::Unit));
                    if v == 100.0 && lone_unit && self.group >= 3.0 && self.group <= 9.0 {
                        self.group *= 100.0;
                        self.has_u = false;
                        self.has_h = true;
                    } else {
                        return false;
                    }
                } else if self.group_empty() {
                    self.start_tail();
                    self.group = v;
                    self.has_h = true;
                } else {
                    return false;
                }
            }
            AClass::Num(NumClass::Scale | NumClass::DualAcc) if !self.group_empty() => {
                if a.and || self.pending_teen || v >= self.last_scale {
                    return false;
                }
                let whole = self.total == 0.0;
                self.total += self.group * v;
                self.scaled = if whole && self.n_scales == 0 {
                    Some((self.group, v))
                } else {
                    None
                };
                self.reset_group();
                self.last_scale = v;
                self.n_scales += 1;
            }
            AClass::Num(NumClass::Scale) => {
                if (first && a.plural) || !joined || v >= self.last_scale {
                    return false;
                }
                self.total += v;
                self.scaled = if first { Some((1.0, v)) } else { None };
                self.last_scale = v;
                self.n_scales += 1;
            }
            AClass::Num(NumClass::DualAcc) if a.tanween => {
                // بلغ عددهم ألفًا: the accusative singular, one thousand.
                if !joined || v >= self.last_scale {
                    return false;
                }
                self.total += v;
                self.scaled = if first { Some((1.0, v)) } else { None };
                self.last_scale = v;
                self.n_scales += 1;
            }
            AClass::Num(NumClass::Dual | NumClass::DualAcc) => {
                let (whole, s) = if a.class == AClass::Num(NumClass::Dual) {
                    (v, v / 2.0)
                } else {
                    (v * 2.0, v)
                };
                if !joined || s >= self.last_scale {
                    return false;
                }
                self.total += whole;
                self.scaled = if first { Some((2.0, s)) } else { None };
                self.last_scale = s;
                self.n_scales += 1;
            }
            AClass::Num(NumClass::Fraction) => {
                if first {
                    self.group = v;
                    self.pending_frac = true;
                } else if a.and && self.group_empty() && self.n_scales > 0 {
                    self.total += v * self.last_scale;
                    self.scaled = None;
                    self.done = true;
                } else if a.and && !self.group_empty() && !self.pending_teen && !self.g_digits {
                    self.group += v;
                    self.done = true;
                } else {
                    return false;
                }
            }
        }
        self.atoms += 1;
        self.last = Some(a.class);
        self.next = a.next;
        true
    }

    fn complete(&self, in_between: bool) -> bool {
        if self.pending_teen || self.pending_frac {
            return false;
        }
        if self.tail && !self.group_empty() {
            if in_between {
                return false;
            }
            return self.group < self.last_scale;
        }
        true
    }

    fn value(&self) -> f64 {
        let g = if self.alt.is_finite() {
            self.alt
        } else {
            self.group
        };
        snap_integer(self.total + g)
    }
}

/// Removes the binary rounding error of a decimal times a scale word:
/// `4.1 مليون` is 4.1 × 10^6, which f64 computes as 4099999.9999999995.
/// The written figure is an integer whenever its decimals fit the scale,
/// and then the product is within a few ulps of it; SPEC §3 wants such
/// integers exact.
fn snap_integer(v: f64) -> f64 {
    let r = v.round();
    if r != 0.0 && (v - r).abs() <= r.abs() * 1e-12 {
        r
    } else {
        v
    }
}

/// A parsed number expression.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Expr {
    pub value: f64,
    pub start: usize,
    pub end: usize,
    pub next: usize,
    pub first_digits: bool,
    pub words_only: bool,
    pub scaled: Option<(f64, f64)>,
    pub has_scale: bool,
    /// One unit-class word (واحد، ثلاثة…) and nothing else.
    pub lone_unit: bool,
    /// A plain four-digit number (candidate year).
    pub plain4: bool,
}

/// Parser state for one document.
pub(crate) struct Ctx<'a, 't> {
    pub lx: &'a Lexicon,
    pub text: &'t str,
    pub cur: Cursor<'a, 't>,
    /// End of the previous figure: left context before it may be read
    /// (a month name before a year) but not taken into this figure.
    pub floor: usize,
    /// The original text and the map to it, when the caller gave it: the
    /// tanween written there tells ألفًا (a thousand) from ألفا (two
    /// thousand, construct).
    pub source: Option<(&'t str, &'t NormalizedText)>,
}

const BETWEEN: &str = "بين";

impl<'a, 't> Ctx<'a, 't> {
    fn word(&mut self, i: usize) -> Option<(&'t str, Tok)> {
        let t = self.cur.get(i)?;
        if t.kind == TokKind::Word {
            Some((&self.text[t.start..t.end], t))
        } else {
            None
        }
    }

    /// Does the original of the normalized span carry tanween fath?
    fn tanween(&self, start: usize, end: usize) -> bool {
        self.source.is_some_and(|(o, map)| {
            o.get(map.original_range(start..end))
                .is_some_and(|s| s.contains('\u{064B}'))
        })
    }

    /// The lexicon readings of word token `i` (empty for other tokens),
    /// looked up once per token.
    fn vars(&mut self, i: usize) -> Variants<'a> {
        let Some(t) = self.cur.get(i) else {
            return Variants::default();
        };
        if let Some(Some(v)) = self.cur.vars_slot(i) {
            return *v;
        }
        let v = if t.kind == TokKind::Word {
            self.lx.variants(&self.text[t.start..t.end])
        } else {
            Variants::default()
        };
        if let Some(slot) = self.cur.vars_slot(i) {
            *slot = Some(v);
        }
        v
    }

    /// The exact (clitic-free) lexicon entry of word token `i`.
    fn exact(&mut self, i: usize) -> Option<&'a WordInfo> {
        let t = self.cur.get(i)?;
        if let Some(Some(v)) = self.cur.vars_slot(i) {
            return v.exact();
        }
        if let Some(Some(e)) = self.cur.exact_slot(i) {
            return *e;
        }
        let e = if t.kind == TokKind::Word {
            self.lx.get(&self.text[t.start..t.end])
        } else {
            None
        };
        if let Some(slot) = self.cur.exact_slot(i) {
            *slot = Some(e);
        }
        e
    }

    fn info(&self, w: &str) -> Option<&'a WordInfo> {
        self.lx.get(w)
    }

    fn is_stop(&self, w: &str) -> bool {
        self.info(w).is_some_and(|i| i.stop)
    }

    /// Reads one number atom at token `i`.
    fn atom(&mut self, i: usize, first: bool) -> Option<Atom> {
        let t = self.cur.get(i)?;
        if !first && t.nl_before {
            return None;
        }
        match t.kind {
            TokKind::Num => Some(Atom {
                class: AClass::Digits,
                value: t.value,
                alt: t.alt,
                plural: false,
                tanween: false,
                and: false,
                start: t.start,
                next: i + 1,
            }),
            TokKind::Word => {
                let w = &self.text[t.start..t.end];
                if w == "و" {
                    // و then a number; never و و (no recursion on a run of
                    // و tokens).
                    if first || self.word(i + 1).is_some_and(|(n, _)| n == "و") {
                        return None;
                    }
                    let mut a = self.atom(i + 1, false)?;
                    if a.and {
                        return None;
                    }
                    a.and = true;
                    return Some(a);
                }
                let v = self.vars(i);
                if let Some(i0) = v.exact()
                    && i0.stop
                    && i0.num.is_none()
                {
                    return None;
                }
                let (info, pre, and) = if first {
                    let (info, pre) = v.find(|x| x.num.is_some())?;
                    (info, pre, false)
                } else if let Some(info) = v.exact().filter(|x| x.num.is_some()) {
                    (info, 0, false)
                } else {
                    if !w.starts_with('و') {
                        return None;
                    }
                    (
                        v.by_how(1).filter(|x| x.num.is_some())?,
                        'و'.len_utf8(),
                        true,
                    )
                };
                let (class, value) = info.num?;
                let tanween = class == NumClass::DualAcc && self.tanween(t.start, t.end);
                Some(Atom {
                    class: AClass::Num(class),
                    value,
                    alt: f64::NAN,
                    plural: info.vague.is_some(),
                    tanween,
                    and,
                    start: t.start + pre,
                    next: i + 1,
                })
            }
            _ => None,
        }
    }

    /// The atom at token `i` read as و + number word, when the word also
    /// has a reading of its own (وأحد → واحد after folding).
    fn atom_and(&mut self, i: usize) -> Option<Atom> {
        let (w, t) = self.word(i)?;
        if t.nl_before {
            return None;
        }
        let rest = w.strip_prefix('و')?;
        let (class, value) = self.lx.get(rest)?.num?;
        Some(Atom {
            class: AClass::Num(class),
            value,
            alt: f64::NAN,
            plural: false,
            tanween: false,
            and: true,
            start: t.start + 'و'.len_utf8(),
            next: i + 1,
        })
    }

    /// Parses a number expression starting at token `k`.
    pub(crate) fn expr(&mut self, k: usize, in_between: bool) -> Option<Expr> {
        let first = self.atom(k, true)?;
        let mut st = St::new();
        if !st.apply(&first, true) {
            return None;
        }
        let mut committed = if st.complete(in_between) {
            Some(st)
        } else {
            None
        };
        let mut before_tail: Option<St> = None;
        while let Some(mut a) = self.atom(st.next, false) {
            let prev = st;
            let mut ok = st.apply(&a, false);
            if !ok && let Some(alt) = self.atom_and(st.next) {
                // وأحد folds to واحد: read it as و + أحد when one does not fit.
                ok = st.apply(&alt, false);
                a = alt;
            }
            if !ok {
                if (a.class == AClass::Num(NumClass::Scale)
                    || a.class == AClass::Num(NumClass::DualAcc))
                    && let Some(b) = before_tail
                {
                    committed = Some(b);
                }
                break;
            }
            if st.tail && !prev.tail {
                before_tail = prev.complete(in_between).then_some(prev);
            }
            if !st.tail {
                before_tail = None;
            }
            // ونصف المليون: the fraction may repeat its scale with ال.
            if st.done
                && a.class == AClass::Num(NumClass::Fraction)
                && let Some((w, t)) = self.word(st.next)
                && !t.nl_before
                && let Some(i) = self.lx.get(w.strip_prefix("ال").unwrap_or(w))
                && let Some((NumClass::Scale, v)) = i.num
                && v == st.last_scale
            {
                st.next += 1;
            }
            if st.complete(in_between) {
                committed = Some(st);
            }
        }
        let st = committed?;
        let last = self.cur.get(st.next.checked_sub(1)?)?;
        let first_tok = self.cur.get(k)?;
        Some(Expr {
            value: st.value(),
            start: first.start,
            end: last.end,
            next: st.next,
            first_digits: first.class == AClass::Digits,
            words_only: st.words_only,
            scaled: if st.group_empty() { st.scaled } else { None },
            has_scale: st.n_scales > 0,
            lone_unit: st.atoms == 1
                && matches!(first.class, AClass::Num(NumClass::Unit | NumClass::Ten)),
            plain4: st.atoms == 1
                && first.class == AClass::Digits
                && first_tok.plain
                && first_tok.int_digits == 4,
        })
    }

    /// Does the phrase `p` end right before token `k`? Returns the index of
    /// its first token and the byte where it starts.
    fn phrase_before(&mut self, k: usize, words: &[String]) -> Option<(usize, usize)> {
        let n = words.len();
        if n == 0 || k < n {
            return None;
        }
        if self.cur.get(k).is_some_and(|t| t.nl_before) {
            return None;
        }
        for (j, pw) in words.iter().enumerate() {
            let i = k - n + j;
            let (w, t) = self.word(i)?;
            if j > 0 && t.nl_before {
                return None;
            }
            if j == 0 {
                if w != pw && !strip_clitics(w).any(|r| r == pw) {
                    return None;
                }
            } else if w != pw {
                return None;
            }
        }
        let t = self.cur.get(k - n)?;
        Some((k - n, t.start))
    }

    /// A phrase with a gap (لم يتجاوز … 50، لا يقل … عن 100) ending before
    /// token `k`: returns the role, first token and start byte.
    pub(crate) fn gapped_before(&mut self, k: usize) -> Option<(Role, usize, usize, usize)> {
        let lx = self.lx;
        let near = (1..=4usize).any(|d| k >= d && self.exact(k - d).is_some_and(|i| i.gap_end));
        if !near {
            return None;
        }
        if lx.gap_masks.is_empty() {
            return self.gapped_before_each(k);
        }
        // Each phrase needs its last word among the four words before the
        // number (the last word after the gap right before the number, or
        // with nothing after the gap the last word before it one to three
        // tokens earlier): the words' masks say which phrases, and only
        // those are tried, in their order.
        let mut possible = lx.gap_always;
        for d in 1..=4usize {
            if k < d {
                break;
            }
            let Some((w, _)) = self.word(k - d) else {
                continue;
            };
            for (v, pre) in strip_clitics_pre(w) {
                let info = if pre == 0 {
                    self.exact(k - d)
                } else {
                    lx.get(v)
                };
                let Some(g) = info.map(|i| lx.gap_of(i)) else {
                    continue;
                };
                possible |= match (d, pre) {
                    (1, 0) => g.after | g.after_cl,
                    (1, _) => g.after_cl,
                    (_, 0) => g.before | g.before_cl,
                    _ => g.before_cl,
                };
            }
        }
        while possible != 0 {
            let j = possible.trailing_zeros() as usize;
            possible &= possible - 1;
            let Some(&pi) = lx.gapped.get(j) else { break };
            if let Some(found) = self.gapped_phrase_before(k, pi) {
                return Some(found);
            }
        }
        None
    }

    /// [`Ctx::gapped_before`] trying every gapped phrase in turn, its last
    /// word compared with the words before the number: without the masks
    /// (more than 64 gapped phrases), and the reference of the tests.
    pub(crate) fn gapped_before_each(&mut self, k: usize) -> Option<(Role, usize, usize, usize)> {
        let lx = self.lx;
        let near = (1..=4usize).any(|d| k >= d && self.exact(k - d).is_some_and(|i| i.gap_end));
        if !near {
            return None;
        }
        let mut near_words: [Option<&'t str>; 5] = [None; 5];
        for (d, slot) in near_words.iter_mut().enumerate().skip(1) {
            if k >= d {
                *slot = self.word(k - d).map(|(w, _)| w);
            }
        }
        let ends_with = |d: usize, last: &str, clitics: bool| {
            near_words
                .get(d)
                .copied()
                .flatten()
                .is_some_and(|w| w == last || (clitics && strip_clitics(w).any(|r| r == last)))
        };
        for &pi in &lx.gapped {
            let p = &lx.phrases[pi];
            let Some(g) = p.gap else { continue };
            let (before, after) = p.words.split_at(g);
            let possible = match (after.last(), before.last()) {
                (Some(last), _) => ends_with(1, last, after.len() == 1),
                (None, Some(last)) => (2..=4).any(|d| ends_with(d, last, before.len() == 1)),
                (None, None) => true,
            };
            if possible && let Some(found) = self.gapped_phrase_before(k, pi) {
                return Some(found);
            }
        }
        None
    }

    /// The gapped phrase `pi` ending before token `k`, its gap one to
    /// three plain words.
    fn gapped_phrase_before(&mut self, k: usize, pi: usize) -> Option<(Role, usize, usize, usize)> {
        let lx = self.lx;
        let p = lx.phrases.get(pi)?;
        let g = p.gap?;
        let (before, after) = p.words.split_at(g);
        if before.is_empty() || k < after.len() + before.len() + 1 {
            return None;
        }
        // The words after the gap touch the number.
        let ka = k - after.len();
        if !after.is_empty() && self.phrase_before(k, after).is_none() {
            return None;
        }
        if self.cur.get(ka).is_some_and(|t| t.nl_before) {
            return None;
        }
        for d in 1..=3usize {
            if ka < d + before.len() {
                break;
            }
            // Gap tokens: plain words on the same line, not numbers.
            let gi = ka - d;
            let Some((_, gt)) = self.word(gi) else { break };
            // The token's cached entry: this loop runs once per gapped
            // phrase tried.
            if gt.nl_before
                || self
                    .exact(gi)
                    .is_some_and(|i| i.num.is_some() || i.vague.is_some())
            {
                break;
            }
            if let Some((i, b)) = self.phrase_before(gi, before)
                && b >= self.floor
            {
                return Some((p.role, i, b, p.words.len()));
            }
        }
        None
    }

    /// Longest phrase with a role accepted by `f` ending before token `k`.
    fn match_before(
        &mut self,
        k: usize,
        f: impl Fn(Role) -> bool,
    ) -> Option<(Role, usize, usize, usize)> {
        if k == 0 {
            return None;
        }
        let (w, _) = self.word(k - 1)?;
        let lx = self.lx;
        if !self.exact(k - 1).is_some_and(|i| i.phrase_end) {
            return None;
        }
        let mut best: Option<(Role, usize, usize, usize)> = None;
        // The last word as is, or (for one-word phrases) without clitics.
        for (variant, _) in strip_clitics_pre(w) {
            let Some(list) = lx.by_last.get(variant) else {
                continue;
            };
            for &pi in list {
                let p = &lx.phrases[pi];
                if !f(p.role) || best.is_some_and(|b| b.3 >= p.words.len()) {
                    continue;
                }
                if variant.len() != w.len() && p.words.len() != 1 {
                    continue;
                }
                if let Some((i, b)) = self.phrase_before(k, &p.words)
                    && (b >= self.floor || matches!(p.role, Role::Month(_)))
                {
                    best = Some((p.role, i, b, p.words.len()));
                }
            }
        }
        best
    }

    /// Longest phrase with a role accepted by `f` starting at token `k`
    /// (exact words). Returns the role and the number of tokens.
    fn match_at(&mut self, k: usize, f: impl Fn(Role) -> bool) -> Option<(Role, usize)> {
        let (w, _) = self.word(k)?;
        let lx = self.lx;
        let list = lx.by_first.get(w)?;
        let mut best: Option<(Role, usize)> = None;
        'p: for &pi in list {
            let p = &lx.phrases[pi];
            if !f(p.role) || best.is_some_and(|b| b.1 >= p.words.len()) {
                continue;
            }
            for (j, pw) in p.words.iter().enumerate() {
                match self.word(k + j) {
                    Some((w, t)) if w == pw && !t.nl_before => {}
                    _ => continue 'p,
                }
            }
            best = Some((p.role, p.words.len()));
        }
        best
    }

    /// A month name at token `i`: number of tokens.
    fn month_at(&mut self, i: usize) -> Option<usize> {
        if let Some((_, n)) = self.match_at(i, |r| matches!(r, Role::Month(_))) {
            return Some(n);
        }
        let (_, t) = self.word(i)?;
        (!t.nl_before && self.exact(i).is_some_and(|x| x.month.is_some())).then_some(1)
    }

    /// A month name ending right before token `k` (one or two words, or
    /// a pair written with a slash: نوفمبر/تشرين الثاني).
    fn month_before(&mut self, k: usize) -> bool {
        if k == 0 {
            return false;
        }
        if self
            .match_before(k, |r| matches!(r, Role::Month(_)))
            .is_some()
        {
            return true;
        }
        self.word(k - 1).is_some() && self.vars(k - 1).find(|x| x.month.is_some()).is_some()
    }

    fn year_context(&mut self, k: usize) -> bool {
        if k == 0 || self.cur.get(k).is_some_and(|t| t.nl_before) {
            return false;
        }
        if self.vars(k - 1).find(|x| x.year_marker).is_some() {
            return true;
        }
        self.month_before(k)
    }

    fn year_hint(&mut self, k: usize) -> bool {
        k > 0
            && !self.cur.get(k).is_some_and(|t| t.nl_before)
            && self.vars(k - 1).find(|x| x.year_hint).is_some()
    }

    /// Clean unit word candidate at token `j`, if any.
    fn unit_word(
        &mut self,
        j: usize,
        value: f64,
        indefinite: bool,
    ) -> Option<(UnitOut, Kind, usize)> {
        let (w, t) = self.word(j)?;
        if t.nl_before {
            return None;
        }
        // A cardinal counts an indefinite noun (ثلاثة جنود، 100 صاروخ); a
        // definite word after it starts something else (خمس السكان is "a
        // fifth of the population", قرار 2231 الصادر).
        let _ = indefinite;
        if w.starts_with("ال") {
            return None;
        }
        let v = self.vars(j);
        if v.exact()
            .is_some_and(|i| i.stop || i.num.is_some() || i.ordinal.is_some() || i.vague.is_some())
        {
            return None;
        }
        if w.chars().count() < 2 {
            return None;
        }
        // A prepositional phrase is not a counted noun (5 ملايين للاجئين).
        for p in ["لل", "بال", "وال", "فال", "كال"] {
            if w.starts_with(p) {
                return None;
            }
        }
        if v.find(|x| x.dual_of.is_some()).is_some() {
            // ثلاث رحلتين is not Arabic; a dual after a number is its own figure.
            return None;
        }
        let strip_al = w.starts_with("ال") && w.chars().count() >= 4;
        let core = if strip_al { &w["ال".len()..] } else { w };
        let int = value.fract() == 0.0;
        let m = value % 100.0;
        let alef_heur = int && (11.0..=99.0).contains(&m);
        let mut kind = self.info(core).and_then(|i| i.unit_kind);
        if kind.is_none()
            && let Some(c) = core.strip_suffix('ا')
        {
            kind = self.info(c).and_then(|i| i.unit_kind);
        }
        let unit = UnitOut::Word {
            start: t.start,
            end: t.end,
            pre: 0,
            strip_al,
            alef_heur,
            dual: None,
        };
        Some((unit, kind.unwrap_or(Kind::Count), j + 1))
    }

    /// Digits glued to `:` or `/` and more digits: a time (10:30) or a
    /// numeric date (11/7/2024), not a figure.
    fn digit_chain(&mut self, k: usize) -> bool {
        let Some(t) = self.cur.get(k) else {
            return false;
        };
        if t.kind != TokKind::Num {
            return false;
        }
        let sep = |x: &Tok, text: &str| {
            x.kind == TokKind::Slash || (x.kind == TokKind::Break && &text[x.start..x.end] == ":")
        };
        if let (Some(s), Some(n)) = (self.cur.get(k + 1), self.cur.get(k + 2))
            && s.glued
            && n.glued
            && n.kind == TokKind::Num
            && sep(&s, self.text)
        {
            return true;
        }
        if k >= 2
            && let (Some(s), Some(p)) = (self.cur.get(k - 1), self.cur.get(k - 2))
            && t.glued
            && s.glued
            && p.kind == TokKind::Num
            && sep(&s, self.text)
        {
            return true;
        }
        false
    }

    /// Digits glued by a dash to a word: a model or a name (كوفيد-19،
    /// إف-16، إس-400), not a figure.
    fn model_number(&mut self, k: usize) -> bool {
        k >= 2
            && self
                .cur
                .get(k)
                .is_some_and(|t| t.kind == TokKind::Num && t.glued)
            && self
                .cur
                .get(k - 1)
                .is_some_and(|d| d.kind == TokKind::Dash && d.glued)
            && self.cur.get(k - 2).is_some_and(|w| w.kind == TokKind::Word)
    }

    /// A numeric figure (digits or number words) at token `k`.
    pub(crate) fn numeric(&mut self, k: usize) -> Option<(Found, usize)> {
        // Left context: qualifier, or range opener (with its own qualifier).
        // حوالي الـ50: the article glued to the digits.
        let kq = if k > 0
            && self
                .cur
                .get(k)
                .is_some_and(|t| t.glued && t.kind == TokKind::Num)
            && self
                .word(k - 1)
                .is_some_and(|(w, t)| w == "ال" && t.start >= self.floor)
        {
            k - 1
        } else {
            k
        };
        let mut pre = self.match_before(kq, |r| matches!(r, Role::Pre(_)));
        let mut gap_q = false;
        if pre.is_none()
            && self.match_before(kq, |r| r == Role::Open).is_none()
            && let Some(g) = self.gapped_before(kq)
        {
            pre = Some(g);
            gap_q = true;
        }
        let mut opener = None;
        let mut opener_q = None;
        if pre.is_none()
            && let Some(o) = self.match_before(kq, |r| r == Role::Open)
        {
            opener_q = self.match_before(o.1, |r| matches!(r, Role::Pre(_)));
            opener = Some(o);
        }
        let in_between = match opener {
            Some((_, i, _, n)) => self
                .word(i + n - 1)
                .is_some_and(|(w, _)| strip_clitics(w).any(|r| r == BETWEEN) || w == BETWEEN),
            None => false,
        };
        if self.digit_chain(k) || self.model_number(k) {
            return None;
        }
        let e1 = self.expr(k, in_between)?;
        let mut low = e1.value;
        let mut high = e1.value;
        let mut next = e1.next;
        let mut end = e1.end;
        let mut range = false;
        let mut all_plain4 = e1.plain4;
        // بين 10% و15%، 10%-15%: a percent sign after the first end too.
        let pct_first = self
            .cur
            .get(next)
            .is_some_and(|t| t.kind == TokKind::Percent && !t.nl_before)
            && self.cur.get(next + 1).is_some_and(|t| {
                !t.nl_before && (t.kind == TokKind::Dash || t.kind == TokKind::Word)
            });
        let save_next = next;
        if pct_first {
            next += 1;
        }
        if let Some(t) = self.cur.get(next)
            && !t.nl_before
        {
            let mut e2 = None;
            if t.kind == TokKind::Dash && e1.first_digits {
                if self
                    .cur
                    .get(next + 1)
                    .is_some_and(|n| n.kind == TokKind::Num)
                {
                    e2 = self.expr(next + 1, false);
                }
            } else if t.kind == TokKind::Word {
                let w = &self.text[t.start..t.end];
                let is_to = self
                    .match_at(next, |r| r == Role::To)
                    .is_some_and(|(_, n)| n == 1);
                if (is_to && (opener.is_some() || e1.first_digits)) || (in_between && w == "و") {
                    e2 = self.expr(next + 1, false);
                } else if in_between && w.starts_with('و') {
                    e2 = self.expr(next, false);
                } else if opener.is_none() && w.starts_with('و') && e1.scaled.is_some() {
                    // 25 ألفًا و30 ألف جندي: two ends with the same scale
                    // and no noun after the first read as a range.
                    let c = if w == "و" {
                        self.expr(next + 1, false)
                    } else {
                        self.expr(next, false)
                    };
                    if let (Some(c), Some((_, s1))) = (c, e1.scaled)
                        && c.scaled.is_some_and(|(_, s2)| s2 == s1)
                        && e1.value < c.value
                    {
                        e2 = Some(c);
                    }
                }
            }
            if let Some(e2) = e2 {
                let mut l = e1.value;
                if !e1.has_scale
                    && let Some((g, s)) = e2.scaled
                    && l < g
                {
                    l *= s;
                }
                low = l.min(e2.value);
                high = l.max(e2.value);
                next = e2.next;
                end = e2.end;
                range = true;
                all_plain4 &= e2.plain4;
            }
        }
        if !range {
            next = save_next;
        }
        let pct_range = range && pct_first;
        let (approx, start) = if range {
            match (opener, opener_q, pre) {
                (Some(_), Some(q), _) => (approx_of(q.0), q.2),
                (Some(o), None, _) => (Approx::Exact, o.2),
                (None, _, Some(q)) => (approx_of(q.0), q.2),
                (None, _, None) => (Approx::Exact, e1.start),
            }
        } else {
            match pre {
                Some(q) => (approx_of(q.0), q.2),
                None => (Approx::Exact, e1.start),
            }
        };
        let qualified = pre.is_some() || (range && opener_q.is_some());
        let mut approx = approx;
        let mut unit = UnitOut::None;
        let mut kind = Kind::Count;

        // A percent sign written before the number (%40, a bidi artefact).
        let pct_before = k > 0
            && self
                .cur
                .get(k - 1)
                .is_some_and(|c| c.kind == TokKind::Percent && c.start >= self.floor)
            && self
                .cur
                .get(k)
                .is_some_and(|t| t.glued && t.kind == TokKind::Num)
            && !self
                .cur
                .get(next)
                .is_some_and(|t| t.kind == TokKind::Percent);
        // Currency sign glued before the number.
        if k > 0
            && let Some(c) = self.cur.get(k - 1)
            && c.kind == TokKind::Currency
            && c.start >= self.floor
            && self.cur.get(k).is_some_and(|t| t.glued)
        {
            unit = UnitOut::Raw {
                start: c.start,
                end: c.end,
            };
            kind = Kind::Money;
        }
        let mut start = match unit {
            UnitOut::Raw { start: s, .. } if s < start => s,
            _ => start,
        };
        if pct_before
            && unit == UnitOut::None
            && let Some(c) = self.cur.get(k - 1)
        {
            unit = UnitOut::Percent;
            kind = Kind::Percent;
            start = start.min(c.start);
        }

        if pct_range
            && unit == UnitOut::None
            && !self
                .cur
                .get(next)
                .is_some_and(|t| t.kind == TokKind::Percent && !t.nl_before)
        {
            unit = UnitOut::Percent;
            kind = Kind::Percent;
        }
        // عام 2024, and عام ألفين وأربعة وعشرين in words.
        let words_year = e1.words_only && !range && (1000.0..=2200.0).contains(&low);
        let year_ctx = (all_plain4 || words_year) && self.year_context(k);
        let yearish =
            all_plain4 && (1000.0..=2200.0).contains(&low) && (1000.0..=2200.0).contains(&high);
        let day_like = low.fract() == 0.0 && high.fract() == 0.0 && low >= 1.0 && high <= 31.0;

        if unit == UnitOut::None
            && let Some(t) = self.cur.get(next)
            && !t.nl_before
        {
            if matches!(t.kind, TokKind::Percent) {
                unit = UnitOut::Percent;
                kind = Kind::Percent;
                end = t.end;
                next += 1;
            } else if t.kind == TokKind::Currency {
                unit = UnitOut::Raw {
                    start: t.start,
                    end: t.end,
                };
                kind = Kind::Money;
                end = t.end;
                next += 1;
            } else if let Some((Role::Unit(Kind::Percent), n)) =
                self.match_at(next, |r| matches!(r, Role::Unit(_)))
            {
                unit = UnitOut::Percent;
                kind = Kind::Percent;
                end = self.cur.get(next + n - 1).map_or(end, |t| t.end);
                next += n;
            } else if let Some((w, t)) = self.word(next)
                && self
                    .info(w)
                    .is_some_and(|i| i.unit_kind == Some(Kind::Percent))
            {
                unit = UnitOut::Percent;
                kind = Kind::Percent;
                end = t.end;
                next += 1;
            } else if day_like
                && !yearish
                && let Some(n) = self.month_at(next)
            {
                let last = self.cur.get(next + n - 1).map_or(end, |t| t.end);
                unit = UnitOut::Raw {
                    start: t.start,
                    end: last,
                };
                kind = Kind::Date;
                end = last;
                next += n;
                // يوليو/ تموز: the second name of the same month.
                if self.cur.get(next).is_some_and(|s| s.kind == TokKind::Slash)
                    && let Some(m) = self.month_at(next + 1)
                {
                    end = self.cur.get(next + m).map_or(end, |t| t.end);
                    next += 1 + m;
                }
            } else if year_ctx {
                kind = Kind::Year;
            } else if let Some((u, kd, nx)) = self
                .unit_word(next, high, e1.lone_unit)
                .or_else(|| self.partitive_unit(next))
            {
                // A bare year after في/منذ is followed by a verb or a noun
                // phrase, a count by its unit noun.
                if yearish
                    && kd == Kind::Count
                    && (1900.0..=2100.0).contains(&low)
                    && self.year_hint(k)
                {
                    kind = Kind::Year;
                } else {
                    unit = u;
                    kind = kd;
                    if let UnitOut::Word { end: e, .. } = u {
                        end = e;
                    }
                    next = nx;
                }
            } else if yearish && (1900.0..=2100.0).contains(&low) {
                kind = Kind::Year;
            }
        } else if unit == UnitOut::None
            && (year_ctx || (yearish && (1900.0..=2100.0).contains(&low)))
        {
            kind = Kind::Year;
        }
        if year_ctx && kind == Kind::Count && unit == UnitOut::None {
            kind = Kind::Year;
        }

        // A number word that follows its noun: صاروخ واحد.
        if e1.lone_unit
            && !range
            && !qualified
            && e1.value <= 2.0
            && k > 0
            && !self
                .word(e1.next)
                .is_some_and(|(w, t)| w == "من" && !t.nl_before)
            && let Some((pw, pt)) = self.word(k - 1)
            && pt.start >= self.floor
            && !self.cur.get(k).is_some_and(|t| t.nl_before)
            && !self.is_stop(pw)
            && self
                .info(pw)
                .is_none_or(|i| i.num.is_none() && i.vague.is_none() && i.ordinal.is_none())
        {
            let dual = self
                .lx
                .get_clitic(pw, |x| x.dual_of.is_some())
                .and_then(|(i, p)| i.dual_of.map(|f| (f, p)));
            let (val, pre, dual) = match dual {
                Some((f, p)) => (2.0, p, Some(f)),
                None => (e1.value, 0, None),
            };
            let strip_al = pw.starts_with("ال") && pw.chars().count() >= 4;
            let uk = {
                let core = if strip_al { &pw["ال".len()..] } else { pw };
                self.info(core)
                    .and_then(|i| i.unit_kind)
                    .unwrap_or(Kind::Count)
            };
            let f = Found {
                start: pt.start,
                end: e1.end,
                low: Some(val),
                high: Some(val),
                approx: Approx::Exact,
                unit: UnitOut::Word {
                    start: pt.start,
                    end: pt.end,
                    pre,
                    strip_al,
                    // صاروخا واحدا: the noun agrees with an accusative number.
                    alef_heur: self.text[e1.start..e1.end].ends_with('ا'),
                    dual,
                },
                kind: uk,
            };
            return Some((f, e1.end));
        }
        // Small number words alone are too ambiguous (ست، سبع، خمس، عشر):
        // they need a counted noun or a qualifier.
        if e1.words_only
            && !range
            && !e1.has_scale
            && e1.value <= 10.0
            && unit == UnitOut::None
            && !qualified
        {
            return None;
        }

        // Qualifiers after the figure.
        if approx == Approx::Exact
            && let Some((role, n)) =
                self.match_at(next, |r| matches!(r, Role::PostAbout | Role::PostAtLeast))
        {
            approx = if role == Role::PostAbout {
                Approx::About
            } else {
                Approx::AtLeast
            };
            end = self.cur.get(next + n - 1).map_or(end, |t| t.end);
        }
        if kind == Kind::Year {
            unit = UnitOut::None;
        }
        // A verb qualifier with a subject between (تجاوز … 2008) does not
        // qualify a year or a date.
        // Nor does حتى/منذ-like wording before a year or a day make it
        // approximate: حتى 2030 is "until 2030".
        if (gap_q || !range) && pre.is_some() && matches!(kind, Kind::Year | Kind::Date) {
            approx = Approx::Exact;
            start = e1.start;
        }
        let f = Found {
            start,
            end,
            low: Some(low),
            high: Some(high),
            approx,
            unit,
            kind,
        };
        Some((f, end))
    }

    /// A vague amount (عشرات، آلاف الجنود).
    pub(crate) fn vague(&mut self, k: usize) -> Option<(Found, usize)> {
        let (w, t) = self.word(k)?;
        let (info, pre) = self.vars(k).find(|x| x.vague.is_some())?;
        let mut low = info.vague?;
        let mut end = t.end;
        let mut next = k + 1;
        if let Some((w2, t2)) = self.word(next)
            && !t2.nl_before
            && let Some(v2) = self.info(w2).and_then(|i| i.vague)
        {
            low *= v2;
            end = t2.end;
            next += 1;
        }
        let mut unit = UnitOut::None;
        let mut kind = Kind::Count;
        let mut j = next;
        let min = self.word(j).is_some_and(|(w, t)| w == "من" && !t.nl_before);
        if min {
            j += 1;
        }
        // آلاف الجنود: the counted noun follows in the genitive; after a
        // definite vague word (المئات تجمعوا) only with من.
        let definite = w[pre..]
            .strip_prefix("ال")
            .is_some_and(|r| self.info(r).is_some_and(|i| i.vague.is_some()));
        if (min || !definite)
            && let Some((u, kd, _)) = self.unit_word_vague(j)
        {
            unit = u;
            kind = kd;
            if let UnitOut::Word { end: e, .. } = u {
                end = e;
            }
        }
        let f = Found {
            start: t.start + pre,
            end,
            low: Some(low),
            high: None,
            approx: Approx::Vague,
            unit,
            kind,
        };
        Some((f, end))
    }

    /// ثلاثة من الجنود: the counted noun after من, definite.
    fn partitive_unit(&mut self, j: usize) -> Option<(UnitOut, Kind, usize)> {
        let (w, t) = self.word(j)?;
        if w != "من" || t.nl_before {
            return None;
        }
        let (n, nt) = self.word(j + 1)?;
        if nt.nl_before || !n.starts_with("ال") || n.chars().count() < 4 || self.is_stop(n) {
            return None;
        }
        self.unit_word_vague(j + 1)
    }

    fn unit_word_vague(&mut self, j: usize) -> Option<(UnitOut, Kind, usize)> {
        let (w, t) = self.word(j)?;
        if t.nl_before || w.chars().count() < 2 {
            return None;
        }
        if self
            .info(w)
            .is_some_and(|i| i.stop || i.num.is_some() || i.vague.is_some())
        {
            return None;
        }
        let strip_al = w.starts_with("ال") && w.chars().count() >= 4;
        let core = if strip_al { &w["ال".len()..] } else { w };
        let kind = self
            .info(core)
            .and_then(|i| i.unit_kind)
            .unwrap_or(Kind::Count);
        Some((
            UnitOut::Word {
                start: t.start,
                end: t.end,
                pre: 0,
                strip_al,
                alef_heur: false,
                dual: None,
            },
            kind,
            j + 1,
        ))
    }

    /// An ordinal adjective (الأولى، ثاني، الحادي عشر).
    pub(crate) fn ordinal(&mut self, k: usize) -> Option<(Found, usize)> {
        let (_, t) = self.word(k)?;
        let (info, pre) = self.vars(k).find(|x| x.ordinal.is_some())?;
        let (rank, teen) = info.ordinal?;
        // Part of a month name: تشرين الثاني، كانون الأول، ربيع الأول.
        if k > 0
            && !t.nl_before
            && let Some((pw, _)) = self.word(k - 1)
            && self.lx.get_clitic(pw, |x| x.month_head).is_some()
            && pre == 0
        {
            return None;
        }
        let mut end = t.end;
        let mut value = rank;
        // الخامس والعشرين، الحادي والثلاثين: و + the tens with ال.
        let tens_after = self.word(k + 1).and_then(|(nw, nt)| {
            let r = nw.strip_prefix("وال")?;
            match self.info(r)?.num? {
                (NumClass::Tens, v) if !nt.nl_before => Some((v as u32, nt.end)),
                _ => None,
            }
        });
        if let Some((tens, e)) = tens_after {
            value += tens;
            end = e;
        }
        match self.word(k + 1) {
            _ if tens_after.is_some() => {}
            Some((nw, nt))
                if !nt.nl_before
                    && self
                        .info(nw)
                        .and_then(|i| i.num)
                        .is_some_and(|n| n.0 == NumClass::Ten) =>
            {
                value += 10;
                end = nt.end;
            }
            Some(("اكسيد", _)) => return None,
            _ if teen => return None,
            _ => {}
        }
        let f = Found {
            start: t.start + pre,
            end,
            low: Some(f64::from(value)),
            high: Some(f64::from(value)),
            approx: Approx::Exact,
            unit: UnitOut::None,
            kind: Kind::Ordinal,
        };
        Some((f, end))
    }

    /// A dual noun read as the number 2 (رجلين، رحلتين).
    pub(crate) fn dual(&mut self, k: usize) -> Option<(Found, usize)> {
        let (w, t) = self.word(k)?;
        let pre_q = self.match_before(k, |r| matches!(r, Role::Pre(_)));
        let (fem, pre) = if let Some((i, p)) = self.vars(k).find(|x| x.dual_of.is_some()) {
            (i.dual_of?, p)
        } else {
            // The feminine dual pattern ـتين/ـتان on an indefinite word of
            // at least six letters (رحلتين، غارتين، لجنتين), five after a
            // number-taking qualifier (ما يصل إلى مرتين). The clitics are
            // stripped as long as that many letters remain.
            let min = if pre_q.is_some() {
                FEM_DUAL_MIN
            } else {
                FEM_DUAL_MIN + 1
            };
            let (core, p) = strip_clitics_pre(w)
                .filter(|(c, _)| fem_dual_shape(c, min))
                .last()?;
            if !fem_dual_core(core) || self.known_non_dual(w) {
                return None;
            }
            (true, p)
        };
        let mut end = t.end;
        // طائرتين مسيرتين، جنديان كوريان: an adjective agreeing with the
        // dual belongs to it.
        let suffix = if core_ends(w, "ين") { "ين" } else { "ان" };
        if let Some((nw, nt)) = self.word(k + 1)
            && !nt.nl_before
            && nw.chars().count() >= 5
            && core_ends(nw, suffix)
            && self.info(nw).is_none_or(|i| i.num.is_none() && !i.stop)
        {
            end = nt.end;
        }
        // رجلين اثنين: the number word repeats the dual.
        if let Some((nw, nt)) = self.word(k + 1)
            && !nt.nl_before
            && self
                .info(nw)
                .and_then(|i| i.num)
                .is_some_and(|(c, v)| c == NumClass::Unit && v == 2.0)
        {
            end = nt.end;
        }
        let approx = pre_q.map_or(Approx::Exact, |q| approx_of(q.0));
        let start = pre_q.map_or(t.start + pre, |q| q.2);
        let core = &w[pre..];
        let kind = {
            let n = core.chars().count();
            let cut = if fem { 3 } else { 2 };
            let stem: String = core.chars().take(n.saturating_sub(cut)).collect();
            let key = if fem { format!("{stem}ه") } else { stem };
            self.info(&key)
                .and_then(|i| i.unit_kind)
                .unwrap_or(Kind::Count)
        };
        let f = Found {
            start,
            end,
            low: Some(2.0),
            high: Some(2.0),
            approx,
            unit: UnitOut::Word {
                start: t.start,
                end: t.end,
                pre,
                strip_al: false,
                alef_heur: false,
                dual: Some(fem),
            },
            kind,
        };
        Some((f, end))
    }

    /// Cheap test on a whole word before any context is lexed: can a
    /// figure start here?
    /// Returns the word's readings when it can (to hand to
    /// [`Ctx::seed_vars`]: they are the ones the rules look up next).
    pub(crate) fn could_start(&self, w: &str) -> Option<Variants<'a>> {
        let v = self.lx.variants(w);
        if v.find(|_| true)
            .is_some_and(|(i, p)| p == 0 && i.stop && i.num.is_none())
        {
            return None;
        }
        if v.find(|x| {
            x.num.is_some() || x.vague.is_some() || x.ordinal.is_some() || x.dual_of.is_some()
        })
        .is_some()
        {
            return Some(v);
        }
        // Only the feminine dual pattern of [`Ctx::dual`] can read the
        // word now: rule out here what it rules out in any context (no
        // core of at least five letters it may take, بوتين and the other
        // known non-duals), before a window is lexed for it.
        let may_be_dual = (w.ends_with("تين") || w.ends_with("تان"))
            && strip_clitics(w).any(|c| fem_dual_shape(c, FEM_DUAL_MIN) && fem_dual_core(c))
            && !self.known_non_dual(w);
        may_be_dual.then_some(v)
    }

    /// Is a reading of `w` (without its proclitics) a known non-dual, a
    /// number, an ordinal or a stop word? Then `w` is no feminine dual
    /// (وبوتين is و + بوتين).
    fn known_non_dual(&self, w: &str) -> bool {
        strip_clitics(w).any(|c| {
            self.info(c)
                .is_some_and(|i| i.not_dual || i.num.is_some() || i.ordinal.is_some() || i.stop)
        })
    }

    /// Caches `v`, the readings of the word at bytes `start..end`, for
    /// token `k` when that token is exactly this word.
    pub(crate) fn seed_vars(&mut self, k: usize, start: usize, end: usize, v: Variants<'a>) {
        if self
            .cur
            .get(k)
            .is_some_and(|t| t.kind == TokKind::Word && t.start == start && t.end == end)
            && let Some(slot @ None) = self.cur.vars_slot(k)
        {
            *slot = Some(v);
        }
    }

    /// Tries every figure rule at token `k`.
    pub(crate) fn figure_at(&mut self, k: usize) -> Option<(Found, usize)> {
        let t = self.cur.get(k)?;
        match t.kind {
            TokKind::Num => self.numeric(k),
            TokKind::Word => {
                let v = self.vars(k);
                if v.find(|_| true)
                    .is_some_and(|(i, p)| p == 0 && i.stop && i.num.is_none())
                {
                    return None;
                }
                if v.find(|x| x.num.is_some()).is_some()
                    && let Some(f) = self.numeric(k)
                {
                    return Some(f);
                }
                if v.find(|x| x.vague.is_some()).is_some() {
                    return self.vague(k);
                }
                if v.find(|x| x.ordinal.is_some()).is_some() {
                    return self.ordinal(k);
                }
                self.dual(k)
            }
            _ => None,
        }
    }
}

/// The fewest letters of the core of a feminine dual (after a
/// number-taking qualifier; six otherwise).
const FEM_DUAL_MIN: usize = 5;

/// Does `core` (a word without its proclitics) have the shape of a
/// feminine dual: ـتين/ـتان and at least `min` letters?
fn fem_dual_shape(core: &str, min: usize) -> bool {
    (core.ends_with("تين") || core.ends_with("تان")) && core.chars().count() >= min
}

/// May a core of that shape be a feminine dual? Not with the article
/// (the pattern is for indefinite words), nor ـستان/ـستين (place names,
/// sixty).
fn fem_dual_core(core: &str) -> bool {
    !(core.starts_with("ال") || core.ends_with("ستان") || core.ends_with("ستين"))
}

fn core_ends(w: &str, suffix: &str) -> bool {
    w.ends_with(suffix)
}

fn approx_of(r: Role) -> Approx {
    match r {
        Role::Pre(a) => a,
        _ => Approx::Exact,
    }
}

/// The word without its proclitics (و ف, then ب ل ك), shortest strip first.
fn strip_clitics(w: &str) -> impl Iterator<Item = &str> {
    strip_clitics_pre(w).map(|(r, _)| r)
}

/// Like [`strip_clitics`], with the byte length removed.
fn strip_clitics_pre(w: &str) -> impl Iterator<Item = (&str, usize)> {
    let mut out: [Option<(&str, usize)>; 4] = [Some((w, 0)), None, None, None];
    let mut n = 1;
    let mut rest = w;
    let mut pre = 0;
    if let Some(r) = rest.strip_prefix('و').or_else(|| rest.strip_prefix('ف')) {
        rest = r;
        pre += 2;
        out[n] = Some((rest, pre));
        n += 1;
    }
    if let Some(r) = rest
        .strip_prefix('ب')
        .or_else(|| rest.strip_prefix('ل'))
        .or_else(|| rest.strip_prefix('ك'))
    {
        out[n] = Some((r, pre + 2));
    }
    out.into_iter().flatten()
}
