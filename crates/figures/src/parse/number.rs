//! Number expressions: digits and number words composed into a value
//! (units, teens, tens, hundreds, scales, duals, fractions; و between parts).

use super::Ctx;
use crate::lex::{Tok, TokKind};
use crate::lexicon::NumClass;

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
    scaled: Option<Scaled>,
    /// The current group started after a scale (ألف وخمسمائة).
    tail: bool,
    /// A count of parts was read (ثلاثة أرباع): a fraction.
    parts: bool,
    /// Digits right after a scale with no و (23 مليونا 756 ألف): they
    /// belong to the number only when a smaller scale follows them.
    bare_digits: bool,
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
            parts: false,
            bare_digits: false,
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
        let ok = match a.class {
            AClass::Digits => self.digits(a, first),
            AClass::Num(NumClass::Unit | NumClass::Teen) => self.unit(a, first),
            AClass::Num(NumClass::Ten) => self.ten(a, first, joined),
            AClass::Num(NumClass::Tens) => self.tens(a, joined),
            AClass::Num(NumClass::Hundred) if !joined && self.digits_hundreds(v) => true,
            AClass::Num(NumClass::Hundred) => self.hundred(v, joined),
            AClass::Num(NumClass::Scale | NumClass::DualAcc) if !self.group_empty() => {
                self.scale_group(a)
            }
            AClass::Num(NumClass::Scale) => {
                !(first && a.plural) && self.bare_scale(v, first, joined)
            }
            // بلغ عددهم ألفًا: the accusative singular, one thousand.
            AClass::Num(NumClass::DualAcc) if a.tanween => self.bare_scale(v, first, joined),
            AClass::Num(NumClass::Dual | NumClass::DualAcc) => self.dual(a, first, joined),
            AClass::Num(NumClass::Parts) => !a.and && self.parts(v),
            AClass::Num(NumClass::Fraction) => self.fraction(a, first),
        };
        if !ok {
            return false;
        }
        self.atoms += 1;
        self.last = Some(a.class);
        self.next = a.next;
        true
    }

    /// Digits start a number or follow و after a scale (ألف و500).
    #[inline]
    fn digits(&mut self, a: &Atom, first: bool) -> bool {
        // 23 مليونا 756 ألف اشتراك (Gulf and Egyptian press leave out
        // the و): digits right after a scale word, kept only if a smaller
        // scale follows (see `complete`).
        let bare = !first && !a.and && self.after_scale() && a.value.fract() == 0.0;
        if !self.group_empty() || !(first || (a.and && self.total > 0.0) || bare) {
            return false;
        }
        self.bare_digits = bare;
        self.start_tail();
        self.group = a.value;
        self.alt = a.alt;
        self.g_digits = true;
        self.words_only = false;
        true
    }

    /// A unit or teen word starts a group, follows و after hundreds, or
    /// follows a scale.
    #[inline]
    fn unit(&mut self, a: &Atom, first: bool) -> bool {
        let ok = first
            || (a.and && (self.group_empty() || (self.has_h && !self.has_u && !self.has_t)))
            || self.after_scale();
        if !ok || self.g_digits {
            return false;
        }
        self.start_tail();
        self.group += a.value;
        self.has_u = true;
        self.pending_teen = a.class == AClass::Num(NumClass::Teen);
        true
    }

    /// عشر/عشرة: makes a teen right after a unit (ثلاثة عشر), or is ten.
    #[inline]
    fn ten(&mut self, a: &Atom, first: bool, joined: bool) -> bool {
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
        true
    }

    /// A tens word (عشرون…تسعون), joined, once per group.
    #[inline]
    fn tens(&mut self, a: &Atom, joined: bool) -> bool {
        // أحد/إحدى need عشر or a following و + tens (إحدى وتسعون).
        if !joined || self.has_t || (self.pending_teen && !a.and) || self.g_digits {
            return false;
        }
        self.pending_teen = false;
        if !(self.group_empty() || self.has_h || self.has_u) {
            return false;
        }
        self.start_tail();
        self.group += a.value;
        self.has_t = true;
        true
    }

    /// A hundreds word starts a group, or multiplies a lone unit written
    /// apart (ثلاث مئة).
    #[inline]
    fn hundred(&mut self, v: f64, joined: bool) -> bool {
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
        true
    }

    /// A scale word after a group multiplies it (ثلاثة آلاف), each scale
    /// smaller than the one before.
    #[inline]
    fn scale_group(&mut self, a: &Atom) -> bool {
        let v = a.value;
        if a.and || self.pending_teen || v >= self.last_scale {
            return false;
        }
        let whole = self.total == 0.0;
        self.total += self.group * v;
        self.scaled = if whole && self.n_scales == 0 {
            Some(Scaled {
                group: self.group,
                scale: v,
            })
        } else {
            None
        };
        self.reset_group();
        self.last_scale = v;
        self.n_scales += 1;
        self.bare_digits = false;
        true
    }

    /// A scale word without a group before it counts one (ألف، مليون).
    #[inline]
    fn bare_scale(&mut self, v: f64, first: bool, joined: bool) -> bool {
        if !joined || v >= self.last_scale {
            return false;
        }
        self.total += v;
        self.scaled = first.then_some(Scaled {
            group: 1.0,
            scale: v,
        });
        self.last_scale = v;
        self.n_scales += 1;
        true
    }

    /// A dual scale word counts two of its scale (ألفان، مليونين).
    #[inline]
    fn dual(&mut self, a: &Atom, first: bool, joined: bool) -> bool {
        let v = a.value;
        let (whole, s) = if a.class == AClass::Num(NumClass::Dual) {
            (v, v / 2.0)
        } else {
            (v * 2.0, v)
        };
        if !joined || s >= self.last_scale {
            return false;
        }
        self.total += whole;
        self.scaled = first.then_some(Scaled {
            group: 2.0,
            scale: s,
        });
        self.last_scale = s;
        self.n_scales += 1;
        true
    }

    /// A fraction word starts a number (ربع), or ends one after و as a
    /// fraction of the last scale (مليون ونصف) or of the group (ثلاثة
    /// ونصف).
    #[inline]
    fn fraction(&mut self, a: &Atom, first: bool) -> bool {
        let v = a.value;
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
        true
    }

    /// `3 مئة`، `322 مائة`: digits times the hundred word after them.
    fn digits_hundreds(&mut self, v: f64) -> bool {
        let ok = v == 100.0
            && self.g_digits
            && self.atoms == 1
            && self.n_scales == 0
            && !self.has_h
            && !self.alt.is_finite()
            && self.group.fract() == 0.0
            && (1.0..1000.0).contains(&self.group);
        if ok {
            self.group *= 100.0;
            self.has_h = true;
        }
        ok
    }

    /// `ثلاثة أرباع`، `3 أخماس`: a count of one to ten parts, over the
    /// denominator `d`. Ends the number.
    fn parts(&mut self, d: f64) -> bool {
        let count = if self.g_digits {
            self.atoms == 1
        } else {
            self.has_u && !self.has_t && !self.has_h && !self.pending_teen
        };
        if !count || self.n_scales > 0 || !(1.0..=10.0).contains(&self.group) || self.group >= d {
            return false;
        }
        self.group /= d;
        self.alt = f64::NAN;
        self.done = true;
        self.parts = true;
        true
    }

    /// `عشرون وثلاثة أخماس`: the parts `u / d` added to a whole group.
    fn add_parts(&mut self, u: f64, d: f64, next: usize) -> bool {
        if self.done || self.group_empty() || self.pending_teen || !(1.0..d).contains(&u) {
            return false;
        }
        self.group += u / d;
        self.done = true;
        self.atoms += 2;
        self.next = next;
        true
    }

    fn complete(&self, in_between: bool) -> bool {
        // نصف الأراضي، ثلثا الناخبين: a fraction alone (the caller wants a
        // noun after it).
        if self.pending_frac && self.atoms == 1 && !in_between {
            return true;
        }
        if self.pending_teen || self.pending_frac || self.bare_digits {
            return false;
        }
        if self.tail && !self.group_empty() {
            // بين 10 آلاف و500: the small number after a scale may be the
            // range's second end; but after two scales (من بين 25 مليونا
            // و582 ألفا و518 ناخبا) it is the compound's last part.
            if in_between && self.n_scales < 2 {
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
pub(crate) fn snap_integer(v: f64) -> f64 {
    let r = v.round();
    if r != 0.0 && (v - r).abs() <= r.abs() * 1e-12 {
        r
    } else {
        v
    }
}

/// A number that is one group times one scale word (`25 ألفًا`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Scaled {
    /// The group before the scale (25).
    pub group: f64,
    /// The scale (1000).
    pub scale: f64,
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
    /// A single group times one scale word (25 ألفًا): the range rules
    /// share the scale.
    pub scaled: Option<Scaled>,
    pub has_scale: bool,
    /// One unit-class word (واحد، ثلاثة…) and nothing else.
    pub lone_unit: bool,
    /// A plain four-digit number (candidate year).
    pub plain4: bool,
    /// A fraction word alone (نصف، ثلثا): it takes a definite noun.
    pub lone_fraction: bool,
}

impl<'a, 't> Ctx<'a, 't> {
    /// Reads one number atom at token `i`.
    fn atom(&mut self, i: usize, first: bool) -> Option<Atom> {
        let t = self.cur.get(i)?;
        if !first && t.nl_before {
            return None;
        }
        match t.kind {
            TokKind::Num => {
                let (value, alt, next) = match self.ra_decimal(i) {
                    Some(v) => (v, f64::NAN, i + 3),
                    None => (t.value, t.alt, i + 1),
                };
                // The span opens at the bracket when it closes inside.
                let (next, start) = match first.then(|| self.bracketed_before_scale(i, next)) {
                    Some(Some(b)) => b,
                    _ => (next, t.start),
                };
                Some(Atom {
                    class: AClass::Digits,
                    value,
                    alt,
                    plural: false,
                    tanween: false,
                    and: false,
                    start,
                    next,
                })
            }
            TokKind::Word => {
                let w = &self.text[t.start..t.end];
                if w == "و" {
                    return self.lone_and_atom(i, first);
                }
                self.word_atom(i, t, w, first)
            }
            _ => None,
        }
    }

    /// `(8ر1) مليار ريال`، `"2ر3" مليار` (Gulf budget reports): digits
    /// glued inside brackets or quotes, then their scale word; the token
    /// after the closing mark (the scale) continues the number. `i` is the
    /// digits' token, `next` the token after them; returns the scale's
    /// token and the opening mark's start.
    fn bracketed_before_scale(&mut self, i: usize, next: usize) -> Option<(usize, usize)> {
        let o = self.cur.get(i.checked_sub(1)?)?;
        let t = self.cur.get(i)?;
        let c = self.cur.get(next)?;
        if o.start < self.floor || !t.glued || !c.glued || o.kind != TokKind::Break {
            return None;
        }
        let pair = (&self.text[o.start..o.end], &self.text[c.start..c.end]);
        if !matches!(
            pair,
            ("(", ")") | ("\"", "\"") | ("«", "»") | ("“", "”") | ("'", "'")
        ) {
            return None;
        }
        let (w, wt) = self.word(next + 1)?;
        if wt.nl_before {
            return None;
        }
        matches!(self.info(w).and_then(|x| x.num), Some((NumClass::Scale, _)))
            .then_some((next + 1, o.start))
    }

    /// A lone و then a number atom: never first, never و و (no recursion
    /// on a run of و tokens).
    #[inline]
    fn lone_and_atom(&mut self, i: usize, first: bool) -> Option<Atom> {
        if first || self.word(i + 1).is_some_and(|(n, _)| n == "و") {
            return None;
        }
        let mut a = self.atom(i + 1, false)?;
        if a.and {
            return None;
        }
        a.and = true;
        Some(a)
    }

    /// A number word `w` (token `t` at `i`): as written, with a stripped
    /// proclitic when first, or with و glued on when it continues.
    #[inline]
    fn word_atom(&mut self, i: usize, t: Tok, w: &str, first: bool) -> Option<Atom> {
        let v = self.vars(i);
        if let Some(i0) = v.exact()
            && i0.stop
            && i0.num.is_none()
        {
            return None;
        }
        let (info, pre, and) = if first {
            let (info, pre) = v.find(|x| x.num.is_some())?;
            // ك ("about", "like") before a number word: كثلاثين شخصا
            // (see `Ctx::kaf_before`); but كمية is not ك + مية (the
            // dialect hundred).
            if pre > 0 && w[..pre].ends_with('ك') && matches!(&w[pre..], "ميه" | "مية") {
                return None;
            }
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
        // مليارًا، or مليارا ونصف المليار: a construct dual (ألفا
        // لاجئ = 2000) is followed by its noun, never by و, so
        // before و the form is the accusative singular.
        let tanween = class == NumClass::DualAcc
            && (self.tanween(t.start, t.end)
                || self
                    .word(i + 1)
                    .is_some_and(|(w, nt)| !nt.nl_before && w.starts_with('و')));
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
            if !ok
                && a.and
                && a.class == AClass::Num(NumClass::Unit)
                && let Some(p) = self.atom(a.next, false)
                && p.class == AClass::Num(NumClass::Parts)
                && !p.and
                && st.add_parts(a.value, p.value, p.next)
            {
                committed = Some(st);
                break;
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
        self.finish(k, &first, committed?)
    }

    /// The expression read from token `k` (first atom `first`) once `st`
    /// is the longest complete number: decimals in words, then its span
    /// and the facts the callers test.
    #[inline]
    fn finish(&mut self, k: usize, first: &Atom, mut st: St) -> Option<Expr> {
        self.decimal_word(&mut st);
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
            lone_fraction: (st.atoms == 1 && st.pending_frac) || (st.parts && st.value() < 1.0),
            plain4: st.atoms == 1
                && first.class == AClass::Digits
                && first.next == k + 1
                && first_tok.plain
                && first_tok.int_digits == 4,
        })
    }

    /// `87ر74`: the decimal sign ر of wire agencies (KUNA, APS, WAM),
    /// written with the fraction first in logical order: 74.87. Two
    /// whole numbers glued to a lone ر at token `i + 1`; the value.
    pub(crate) fn ra_decimal(&mut self, i: usize) -> Option<f64> {
        let l = self.cur.get(i)?;
        if l.kind != TokKind::Num || !l.plain || l.value.fract() != 0.0 {
            return None;
        }
        let (r, rt) = self.word(i + 1)?;
        if r != "ر" || !rt.glued {
            return None;
        }
        let h = self.cur.get(i + 2)?;
        if h.kind != TokKind::Num || !h.glued || !h.plain || h.value.fract() != 0.0 {
            return None;
        }
        let digits = i32::try_from(l.int_digits).ok()?;
        let scale = 10f64.powi(digits);
        Some((h.value * scale + l.value) / scale)
    }

    /// `واحد فاصلة خمسة`: a whole number in words, the word فاصلة and the
    /// decimals in words (`خمسة وعشرون` after it is .25).
    fn decimal_word(&mut self, st: &mut St) {
        if !st.words_only || st.n_scales > 0 || st.done || st.group.fract() != 0.0 {
            return;
        }
        if self.tags(st.next) & crate::lexicon::tag::DECIMAL == 0
            || self.cur.get(st.next).is_some_and(|t| t.nl_before)
        {
            return;
        }
        let Some(d) = self.expr(st.next + 1, false) else {
            return;
        };
        if !d.words_only || d.has_scale || d.value.fract() != 0.0 || !(0.0..1e6).contains(&d.value)
        {
            return;
        }
        let mut scale = 10.0;
        while d.value >= scale {
            scale *= 10.0;
        }
        st.group += d.value / scale;
        st.next = d.next;
        st.atoms += 2;
        st.done = true;
    }
}
