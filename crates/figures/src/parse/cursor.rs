//! The token window: tokens lexed on demand around a candidate.

use crate::lex::{Lexer, Tok};
use crate::lexicon::{Variants, WordInfo};

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
    /// The word's tags (`data/tags.tsv`), once asked for.
    tags: Option<u16>,
}

impl Slot<'_> {
    fn new(tok: Tok) -> Self {
        Slot {
            tok,
            vars: None,
            exact: None,
            tags: None,
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

    /// The cached tags slot of token `i`.
    #[inline]
    pub(crate) fn tags_slot(&mut self, i: usize) -> Option<&mut Option<u16>> {
        Some(&mut self.toks.get_mut(i.checked_sub(self.base)?)?.tags)
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
