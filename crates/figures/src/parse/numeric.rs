//! A figure built from a number expression: qualifier, range, unit, kind.
//!
//! [`Ctx::numeric`] runs the steps in order: the left context
//! ([`Ctx::left_context`]: a qualifier, or a range opener with its own
//! qualifier), the number, the second end of a range ([`Ctx::bounds`]), a
//! sign before the number ([`Ctx::sign_before`]), the unit or month after
//! it and the kind ([`Ctx::unit_after`]), a number word after its noun
//! ([`Ctx::noun_before`]), and the qualifiers after the figure.

use super::number::{Expr, Scaled};
use super::qualifier::{Phrase, Span, approx_of};
use super::{BETWEEN, Ctx, Found, UnitOut, strip_clitics};
use crate::lex::TokKind;
use crate::lexicon::{NumClass, Role, tag};
use crate::{Approx, Kind};

/// What lies before a number.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Left {
    /// The qualifier right before the number (or gapped before it).
    pub pre: Option<Phrase>,
    /// `pre` is a verb qualifier with words between (لم يتجاوز عدد … 50).
    pub gap_q: bool,
    /// A range opener (من، بين، ما بين) when there is no qualifier.
    pub opener: Option<Phrase>,
    /// The qualifier before the opener (نحو من …، ما لا يقل عن …).
    pub opener_q: Option<Phrase>,
    /// The opener is بين: a range with و follows.
    pub in_between: bool,
}

/// The bounds of a number, or of the two ends of a range.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Bounds {
    pub low: f64,
    pub high: f64,
    /// The token after the last end.
    pub next: usize,
    /// The byte after the last end.
    pub end: usize,
    pub range: bool,
    /// Every end is a plain four-digit number (candidate years).
    pub all_plain4: bool,
    /// A percent sign after the first end of a range (بين 10% و15%).
    pub pct_range: bool,
    /// The two ends are joined by a dash (10-15، 2019-2021).
    pub dash: bool,
    /// The second end is not above the first (3-1، 2-2: a score).
    pub falls: bool,
    /// A lower and an upper bound (أكثر من 100 وأقل من 300): exact.
    pub two_sided: bool,
}

/// The unit and kind read around a number, and the span so far.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tail {
    pub unit: UnitOut,
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub next: usize,
}

impl<'a, 't> Ctx<'a, 't> {
    /// A numeric figure (digits or number words) at token `k`.
    pub(crate) fn numeric(&mut self, k: usize) -> Option<(Found, usize)> {
        if self.not_a_figure_start(k) {
            return None;
        }
        let minus = self.minus_before(k);
        let lead = self.lead_token(k, minus);
        let left = self.left_context(lead);
        let e1 = self.expr(k, left.in_between)?;
        if let Some(f) = self.unit_and_half(k, &e1) {
            return Some((f, f.end));
        }
        if let Some(f) = self.named(k, &e1) {
            return Some((f, f.end));
        }
        let mut b = self.bounds(&e1, &left);
        let (mut approx, mut start) = left.approx_start(b.range, e1.start);
        if b.two_sided {
            approx = Approx::Exact;
        }
        if left.pre.is_none() && approx == Approx::Exact && self.kaf_before(k, &e1) {
            // كثلاثين شخصا: ك glued to the number word is "about".
            approx = Approx::About;
            start = start.min(e1.start - 'ك'.len_utf8());
        }
        if let Some(m) = minus
            && !b.range
        {
            b.low = -b.low;
            b.high = -b.high;
            start = start.min(m.start);
        } else if minus.is_some() {
            return None;
        }
        let qualified = left.pre.is_some() || (b.range && left.opener_q.is_some());
        let mut tail = self.sign_before(k, &b, start);
        self.noun_after(k, &e1, &b, &mut tail)?;
        if !qualified {
            self.no_unknown_noun_after_article(k, &b, &mut tail);
        }
        self.no_noun_after_definite(&e1, &b, &mut tail);
        self.currency_code_after(&mut tail);
        if Self::score(&e1, &b, &left, qualified, &tail) {
            return None;
        }
        if !b.range {
            self.half_after(&mut b, &mut tail);
        }
        if !b.range && self.below_zero(&mut tail) {
            b.low = -b.low.abs();
            b.high = -b.high.abs();
        }

        // A lone word or one that starts with a scale (قرية بليون وأربعة
        // مدنيين): the place name is the first word only.
        if e1.words_only
            && (e1.next == k + 1
                || self
                    .vars(k)
                    .find(|x| matches!(x.num, Some((NumClass::Scale, _))))
                    .is_some())
            && self.place_name(k)
        {
            return None;
        }
        if self.another_one(&e1, &b) {
            return None;
        }
        if !b.range
            && !qualified
            && let Some(f) = self.noun_before(k, &e1)
        {
            let end = f.end.max(e1.end);
            return Some((f, end));
        }
        if self.lone_word_not_figure(k, &e1, &b, &tail, qualified) {
            return None;
        }

        let approx = self.approx_after(&e1, &b, &left, approx, &mut tail);
        let f = Found {
            start: tail.start,
            end: tail.end,
            low: Some(b.low),
            high: Some(b.high),
            approx,
            unit: tail.unit,
            kind: tail.kind,
        };
        Some((f, tail.end))
    }

    /// Digits right after a model name (طائرات إف 15، صواريخ إس 400،
    /// ميغ 29، بكوفيد 19): part of the name; also with a spaced dash
    /// between (كوفيد – 19) and a proclitic on the name.
    fn after_model(&mut self, k: usize) -> bool {
        if k == 0
            || !self
                .cur
                .get(k)
                .is_some_and(|t| t.kind == TokKind::Num && !t.nl_before)
        {
            return false;
        }
        let mut j = k - 1;
        if j >= 1
            && self
                .cur
                .get(j)
                .is_some_and(|d| d.kind == TokKind::Dash && !d.nl_before && d.start >= self.floor)
        {
            j -= 1;
        }
        self.word(j).is_some_and(|(w, t)| {
            t.start >= self.floor
                && w.len() <= 14
                && super::strip_clitics_pre(w).any(|(c, _)| c.len() <= 10 && self.lx.is_model(c))
        })
    }

    /// The whole part of `87ر74` (see `Ctx::ra_decimal`): read with the
    /// number before the ر, never alone.
    fn after_ra(&mut self, k: usize) -> bool {
        k >= 2
            && self
                .cur
                .get(k)
                .is_some_and(|t| t.kind == TokKind::Num && t.glued)
            && self.word(k - 1).is_some_and(|(w, t)| w == "ر" && t.glued)
            && self.ra_decimal(k - 2).is_some()
    }

    /// Is the number word `e1` (token `k`) written with ك glued before it
    /// (كثلاثين، وكخمسة)? Arabic uses it as "about, some" before a count.
    fn kaf_before(&mut self, k: usize, e1: &Expr) -> bool {
        self.cur
            .get(k)
            .is_some_and(|t| t.kind == TokKind::Word && t.start < e1.start && e1.start <= t.end)
            && self.text[..e1.start].ends_with('ك')
    }

    /// Tokens where no figure starts: inside a digit chain, a model
    /// number, after Latin text, the second number of a dash pair, a
    /// clock time.
    #[inline]
    fn not_a_figure_start(&mut self, k: usize) -> bool {
        self.digit_chain(k)
            || self.after_model(k)
            || self.after_ra(k)
            || self.after_plus(k)
            || self.model_number(k)
            || self.latin_before(k)
            || self.second_of_dash_pair(k)
            || self.clock_time(k)
    }

    /// The noun after the number: the noun a lone fraction divides
    /// (none: no figure), else the unit or month and the kind.
    #[inline]
    fn noun_after(&mut self, k: usize, e1: &Expr, b: &Bounds, tail: &mut Tail) -> Option<()> {
        if e1.lone_fraction {
            // نصف الأراضي، ثلثا الناخبين: the noun divided, definite or not.
            let (u, kd, _) = self.divided_noun(tail.next)?;
            tail.unit = u;
            tail.kind = kd;
            if let UnitOut::Word { end, .. } = u {
                tail.end = end;
            }
            tail.next += 1;
        } else {
            self.unit_after(k, e1, b, tail);
        }
        Some(())
    }

    /// A lone number word that is no figure: واحد as a pronoun, or a
    /// small number word with no counted noun nor qualifier.
    #[inline]
    fn lone_word_not_figure(
        &mut self,
        k: usize,
        e1: &Expr,
        b: &Bounds,
        tail: &Tail,
        qualified: bool,
    ) -> bool {
        // واحد as a pronoun: كل واحد منكم، سألني واحد من الحضور، أي واحد
        // تفضل.
        if e1.lone_unit && e1.value <= 2.0 && !b.range && self.one_pronoun(k, e1) {
            return true;
        }
        // Small number words alone are too ambiguous (ست، سبع، خمس، عشر):
        // they need a counted noun or a qualifier.
        // The masculine forms ثلاثة … عشرة are no common noun: alone
        // (وصل عدد القتلى إلى عشرة، قتل ثلاثة من عناصر الشرطة) they are a
        // count of nothing named.
        e1.words_only
            && !b.range
            && !e1.has_scale
            && e1.value <= 10.0
            && tail.unit == UnitOut::None
            && !qualified
            && !self.bare_cardinal(e1)
    }

    /// The approximation once the right side is known: a qualifier after
    /// the figure, and the cases where a qualifier before it does not
    /// make it approximate (فوق/تحت before a count, a year or a date).
    #[inline]
    fn approx_after(
        &mut self,
        e1: &Expr,
        b: &Bounds,
        left: &Left,
        mut approx: Approx,
        tail: &mut Tail,
    ) -> Approx {
        // Qualifiers after the figure.
        if approx == Approx::Exact
            && let Some(m) = self.match_at(tail.next, |r| {
                matches!(r, Role::PostAbout | Role::PostAtLeast | Role::PostAtMost)
            })
        {
            approx = match m.role {
                Role::PostAbout => Approx::About,
                Role::PostAtMost => Approx::AtMost,
                _ => Approx::AtLeast,
            };
            tail.end = self
                .cur
                .get(tail.next + m.len - 1)
                .map_or(tail.end, |t| t.end);
        }
        if tail.kind == Kind::Year {
            tail.unit = UnitOut::None;
        }
        // فوق/تحت are comparatives before a measure (تحت 5 درجات، فوق 18
        // عاما) and places before a count (فوق أربع مناطق).
        if let Some(q) = left.pre
            && q.len == 1
            && matches!(tail.kind, Kind::Count | Kind::Label | Kind::Ordinal)
            && self
                .word(q.first)
                .is_some_and(|(w, _)| strip_clitics(w).any(|r| r == "فوق" || r == "تحت"))
        {
            approx = Approx::Exact;
            tail.start = tail.start.max(e1.start);
        }
        // A verb qualifier with a subject between (تجاوز … 2008) does not
        // qualify a year or a date.
        // Nor does حتى/منذ-like wording before a year or a day make it
        // approximate: حتى 2030 is "until 2030".
        if (left.gap_q || !b.range)
            && left.pre.is_some()
            && matches!(tail.kind, Kind::Year | Kind::Date)
        {
            approx = Approx::Exact;
            tail.start = e1.start;
        }
        approx
    }

    /// The token the left context is read from: the number at `k`, or the
    /// minus before it, or a currency sign or code before that (a
    /// qualifier goes before them: نحو $500، أكثر من USD 20).
    fn lead_token(&mut self, k: usize, minus: Option<Span>) -> usize {
        let lead = minus.map_or(k, |m| m.first);
        if self.money_sign_before(lead) {
            lead - 1
        } else {
            lead
        }
    }

    /// A score or a result, not a range: a range written with a dash rises
    /// from its first end to its second (فاز 3-1، تعادل 2-2), and two small
    /// whole numbers joined by a dash with nothing after them read as a
    /// score as often as a range (خسر 1-4، 0-0).
    fn score(e1: &Expr, b: &Bounds, left: &Left, qualified: bool, tail: &Tail) -> bool {
        if !b.range || !b.dash {
            return false;
        }
        b.falls
            || (tail.unit == UnitOut::None
                && !qualified
                && left.opener.is_none()
                && b.high <= 20.0
                && e1.value.fract() == 0.0)
    }

    /// A definite number word (الثلاثة) follows its noun; the word after
    /// it (المشتبه بهم الثلاثة مثلوا) is never what it counts.
    fn no_noun_after_definite(&mut self, e1: &Expr, b: &Bounds, tail: &mut Tail) {
        if e1.lone_unit
            && e1.words_only
            && !b.range
            && matches!(tail.unit, UnitOut::Word { .. })
            && self.text[e1.start..e1.end]
                .strip_prefix("ال")
                .is_some_and(|r| self.info(r).is_some_and(|i| i.num.is_some()))
        {
            tail.unit = UnitOut::None;
            tail.kind = Kind::Count;
            tail.end = b.end;
            tail.next = b.next;
        }
    }

    /// Digits with the article glued (خلال الـ24 ساعة، سلة خاماتها ال12
    /// ارتفع), no qualifier before: the word after them is their unit only
    /// when the lexicon knows it as a noun or unit or it is accusative,
    /// since a definite number more often follows its noun and a verb
    /// comes next.
    fn no_unknown_noun_after_article(&mut self, k: usize, b: &Bounds, tail: &mut Tail) {
        let UnitOut::Word {
            start, end, pre, ..
        } = tail.unit
        else {
            return;
        };
        if tail.kind != Kind::Count
            || k == 0
            || !self
                .cur
                .get(k)
                .is_some_and(|t| t.kind == TokKind::Num && t.glued)
            || self.word(k - 1).is_none_or(|(w, _)| w != "ال")
        {
            return;
        }
        let w = &self.text[start + pre..end];
        // An accusative alef or a written tanween marks a noun (الـ50
        // مهاجرا).
        let accusative = (w.ends_with('ا') && !w.ends_with("وا")) || self.tanween(start, end);
        if !accusative && !self.known_noun(w) && self.lx.is_plural(w, true) != Some(true) {
            tail.unit = UnitOut::None;
            tail.end = b.end;
            tail.next = b.next;
        }
    }

    /// واحد ثاني، واحد آخر: "another one", a pronoun.
    fn another_one(&mut self, e1: &Expr, b: &Bounds) -> bool {
        e1.lone_unit
            && e1.value <= 2.0
            && !b.range
            && self.word(e1.next).is_some_and(|(w, t)| {
                !t.nl_before
                    && matches!(
                        w,
                        "ثاني"
                            | "ثانيه"
                            | "ثانية"
                            | "اخر"
                            | "آخر"
                            | "أخرى"
                            | "اخري"
                            | "اخرى"
                    )
            })
    }

    /// The digits at `k` are glued by a dash to digits before them (the
    /// `1` of a score `3-1`, whose first number made no figure).
    /// Also with spaces on both sides of the dash (`5 – 1`، `( 4 - 2 )`).
    fn second_of_dash_pair(&mut self, k: usize) -> bool {
        let Some(t) = self.cur.get(k) else {
            return false;
        };
        k >= 2
            && t.kind == TokKind::Num
            && !t.nl_before
            && self.cur.get(k - 1).is_some_and(|d| {
                d.kind == TokKind::Dash
                    && d.start >= self.floor
                    && !d.nl_before
                    && d.glued == t.glued
            })
            && self.cur.get(k - 2).is_some_and(|n| n.kind == TokKind::Num)
    }

    /// Digits after a glued `+` after digits (الدقيقة (90+5)): a sum
    /// written in the text, not a figure of its own.
    fn after_plus(&mut self, k: usize) -> bool {
        k >= 2
            && self
                .cur
                .get(k)
                .is_some_and(|t| t.kind == TokKind::Num && t.glued)
            && self.cur.get(k - 1).is_some_and(|p| {
                p.glued && p.kind == TokKind::Break && &self.text[p.start..p.end] == "+"
            })
            && self.cur.get(k - 2).is_some_and(|n| n.kind == TokKind::Num)
    }

    /// Digits right after الساعة (في تمام الساعة 9) or right before
    /// بتوقيت (1300 بتوقيت غرينتش): a time of day.
    fn clock_time(&mut self, k: usize) -> bool {
        if self
            .cur
            .get(k)
            .is_some_and(|t| t.kind == TokKind::Num && t.int_digits <= 4)
            && self.cur.get(k + 1).is_some_and(|t| !t.nl_before)
            && self.tags(k + 1) & tag::CLOCK_AFTER != 0
        {
            return true;
        }
        k >= 1
            && self
                .cur
                .get(k)
                .is_some_and(|t| t.kind == TokKind::Num && !t.nl_before)
            && self.cur.get(k - 1).is_some_and(|w| w.start >= self.floor)
            && self.tags(k - 1) & tag::CLOCK != 0
    }

    /// A lone number word 2..10 that is no other common word, not
    /// definite: a cardinal even without a noun (ثلاثة، عشرة، اثنان، أربع).
    fn bare_cardinal(&self, e1: &Expr) -> bool {
        if !e1.lone_unit || !(2.0..=10.0).contains(&e1.value) {
            return false;
        }
        let w = &self.text[e1.start..e1.end];
        if w.contains("ال") {
            return false;
        }
        // The forms without ة that are no other common word: ست (lady),
        // سبع (lion), خمس، تسع، عشر (fractions) stay out.
        matches!(
            w,
            "اثنان"
                | "اثنتان"
                | "اثنين"
                | "اثنتين"
                | "ثلاث"
                | "اربع"
                | "أربع"
                | "ثماني"
        ) || (e1.value >= 3.0 && (w.ends_with('ه') || w.ends_with('ة')))
    }

    /// Token `k` holds digits glued inside an opening bracket or quote
    /// whose closing mark follows within the number (`(1.5)`، `(2ر5)`،
    /// `"3.2"`).
    fn bracket_opens_number(&mut self, k: usize) -> bool {
        if k == 0
            || !self
                .cur
                .get(k)
                .is_some_and(|t| t.glued && t.kind == TokKind::Num)
        {
            return false;
        }
        let Some(o) = self.cur.get(k - 1) else {
            return false;
        };
        if o.kind != TokKind::Break || o.start < self.floor {
            return false;
        }
        let close = match &self.text[o.start..o.end] {
            "(" => ")",
            "\"" => "\"",
            "«" => "»",
            "“" => "”",
            _ => return false,
        };
        (k + 1..k + 4).any(|j| {
            self.cur
                .get(j)
                .is_some_and(|c| c.glued && &self.text[c.start..c.end] == close)
        })
    }

    /// The qualifier or range opener before the number at token `k`.
    pub(crate) fn left_context(&mut self, k: usize) -> Left {
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
        } else if self.bracket_opens_number(k) {
            // نحو (1.5) مليار دولار: the qualifier before the bracket.
            k - 1
        } else {
            k
        };
        let mut pre = self
            .match_before(kq, |r| matches!(r, Role::Pre(_)))
            .or_else(|| self.symbol_before(kq));
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
            opener_q = self.match_before(o.first, |r| matches!(r, Role::Pre(_)));
            opener = Some(o);
        }
        let in_between = match opener {
            Some(o) => self.word(o.first + o.len - 1).is_some_and(|(w, _)| {
                // مابين: ما بين written as one word (Maghreb and Gulf
                // press: مابين 40 و50 بالمائة).
                strip_clitics(w).any(|r| r == BETWEEN || r == "مابين") || w == BETWEEN
            }),
            None => false,
        };
        Left {
            pre,
            gap_q,
            opener,
            opener_q,
            in_between,
        }
    }

    /// The number `e1`, or a range from it to a second end (after a dash,
    /// a connector إلى/حتى, or و after بين; two ends with the same scale
    /// word joined by و).
    pub(crate) fn bounds(&mut self, e1: &Expr, left: &Left) -> Bounds {
        let mut b = Bounds {
            low: e1.value,
            high: e1.value,
            next: e1.next,
            end: e1.end,
            range: false,
            all_plain4: e1.plain4,
            pct_range: false,
            dash: false,
            falls: false,
            two_sided: false,
        };
        // بين 10% و15%، 10%-15%: a percent sign after the first end too.
        let pct_first = self
            .cur
            .get(b.next)
            .is_some_and(|t| t.kind == TokKind::Percent && !t.nl_before)
            && self.cur.get(b.next + 1).is_some_and(|t| {
                !t.nl_before && (t.kind == TokKind::Dash || t.kind == TokKind::Word)
            });
        let next = if pct_first { b.next + 1 } else { b.next };
        if let Some(e2) = self.second_end(e1, left, next)
            && (!pct_first || left.in_between || self.percent_at(e2.next))
        {
            // بنسبة 0.5% إلى 1234 نقطة: a percent then a level in another
            // unit is no range; 10% إلى 15% and بين 10% و15 are.
            let mut l = e1.value;
            if !e1.has_scale
                && let Some(Scaled { group, scale }) = e2.scaled
                && l < group
            {
                l *= scale;
            }
            b.low = l.min(e2.value);
            b.high = l.max(e2.value);
            b.falls = e2.value <= l;
            b.next = e2.next;
            b.end = e2.end;
            b.range = true;
            b.all_plain4 &= e2.plain4;
            b.pct_range = pct_first;
            b.dash = self.cur.get(next).is_some_and(|t| t.kind == TokKind::Dash);
            b.two_sided = left.pre.is_some()
                && self
                    .match_after_and(next, |r| matches!(r, Role::Pre(_)))
                    .is_some();
        }
        b
    }

    /// The second end of a range whose connector is token `next`.
    fn second_end(&mut self, e1: &Expr, left: &Left, next: usize) -> Option<Expr> {
        let t = self.cur.get(next).filter(|t| !t.nl_before)?;
        if t.kind == TokKind::Dash && e1.first_digits {
            if self
                .cur
                .get(next + 1)
                .is_some_and(|n| n.kind == TokKind::Num)
            {
                return self.expr(next + 1, false);
            }
            return None;
        }
        if t.kind != TokKind::Word {
            return None;
        }
        let w = &self.text[t.start..t.end];
        let is_to = self
            .match_at(next, |r| r == Role::To)
            .is_some_and(|m| m.len == 1);
        if (is_to && (left.opener.is_some() || e1.first_digits)) || (left.in_between && w == "و") {
            return self.expr(next + 1, false);
        }
        if left.in_between && w.starts_with('و') {
            return self.expr(next, false);
        }
        // من عشرة لعشرين دولار: ل as the connector.
        if left.opener.is_some()
            && !left.in_between
            && w.len() > 'ل'.len_utf8()
            && w.starts_with('ل')
            && !w.starts_with("لل")
        {
            return self.expr(next, false);
        }
        // أكثر من 100 وأقل من 300: two bounds.
        if let Some(q) = left.pre
            && matches!(q.role, Role::Pre(Approx::MoreThan | Approx::AtLeast))
            && let Some(m) = self.match_after_and(next, |r| {
                matches!(r, Role::Pre(Approx::LessThan | Approx::AtMost))
            })
        {
            return self.expr(next + m.len, false);
        }
        if left.opener.is_none()
            && w.starts_with('و')
            && let Some(s1) = e1.scaled
        {
            // 25 ألفًا و30 ألف جندي: two ends with the same scale and no
            // noun after the first read as a range.
            let c = if w == "و" {
                self.expr(next + 1, false)
            } else {
                self.expr(next, false)
            }?;
            if c.scaled.is_some_and(|s2| s2.scale == s1.scale) && e1.value < c.value {
                return Some(c);
            }
        }
        None
    }

    /// A currency sign glued before the number, or a percent sign written
    /// before it (%40, a bidi artefact): the unit, and the span's start.
    pub(crate) fn sign_before(&mut self, k: usize, b: &Bounds, start: usize) -> Tail {
        let mut tail = Tail {
            unit: UnitOut::None,
            kind: Kind::Count,
            start,
            end: b.end,
            next: b.next,
        };
        let glued_num = self
            .cur
            .get(k)
            .is_some_and(|t| t.glued && t.kind == TokKind::Num);
        let pct_before = k > 0
            && self
                .cur
                .get(k - 1)
                .is_some_and(|c| c.kind == TokKind::Percent && c.start >= self.floor)
            && glued_num
            && !self
                .cur
                .get(b.next)
                .is_some_and(|t| t.kind == TokKind::Percent);
        if let Some((s, e)) = self.currency_code_before(k) {
            tail.unit = UnitOut::Raw { start: s, end: e };
            tail.kind = Kind::Money;
            tail.start = tail.start.min(s);
        } else if k > 0
            && let Some(c) = self.cur.get(k - 1)
            && c.kind == TokKind::Currency
            && c.start >= self.floor
            && self.cur.get(k).is_some_and(|t| !t.nl_before)
        {
            tail.unit = UnitOut::Raw {
                start: c.start,
                end: c.end,
            };
            tail.kind = Kind::Money;
            tail.start = tail.start.min(c.start);
        }
        if pct_before
            && tail.unit == UnitOut::None
            && let Some(c) = self.cur.get(k - 1)
        {
            tail.unit = UnitOut::Percent;
            tail.kind = Kind::Percent;
            tail.start = tail.start.min(c.start);
        }
        if b.pct_range
            && tail.unit == UnitOut::None
            && !self
                .cur
                .get(b.next)
                .is_some_and(|t| t.kind == TokKind::Percent && !t.nl_before)
        {
            tail.unit = UnitOut::Percent;
            tail.kind = Kind::Percent;
        }
        tail
    }

    /// The unit after the number (a percent sign or word, a currency sign,
    /// a month, a counted noun) and the kind; a year when the context says
    /// so.
    pub(crate) fn unit_after(&mut self, k: usize, e1: &Expr, b: &Bounds, tail: &mut Tail) {
        let (low, high) = (b.low, b.high);
        // عام 2024, and عام ألفين وأربعة وعشرين in words.
        let words_year = e1.words_only && !b.range && (1000.0..=2200.0).contains(&low);
        let year_ctx = (b.all_plain4 || words_year) && self.year_context(k);
        let yearish =
            b.all_plain4 && (1000.0..=2200.0).contains(&low) && (1000.0..=2200.0).contains(&high);
        let modern = (1900.0..=2100.0).contains(&low);
        if tail.unit != UnitOut::None {
            return;
        }
        if (b.all_plain4 || words_year || e1.first_digits)
            && !b.range
            && (1.0..=2200.0).contains(&low)
            && low.fract() == 0.0
            && self.year_suffix(tail.next)
        {
            tail.kind = Kind::Year;
            return;
        }
        let Some(t) = self.cur.get(tail.next).filter(|t| !t.nl_before) else {
            if year_ctx || (yearish && modern) {
                tail.kind = Kind::Year;
            }
            return;
        };
        // 2019-2021: a range of years.
        if b.range && b.dash && yearish && modern && (1900.0..=2100.0).contains(&high) {
            tail.kind = Kind::Year;
            return;
        }
        let day_like = low.fract() == 0.0 && high.fract() == 0.0 && low >= 1.0 && high <= 31.0;
        if self.percent_after(tail) {
            return;
        }
        if t.kind == TokKind::Currency {
            Self::take_currency_sign(t.start, t.end, tail);
            return;
        }
        if day_like && !yearish && self.month_after(tail) {
            return;
        }
        // الـ28 من مارس، 3 من يوليو: a day of the month with من.
        if day_like
            && !b.range
            && low.fract() == 0.0
            && self
                .word(tail.next)
                .is_some_and(|(w, t)| w == "من" && !t.nl_before)
            && self.month_at(tail.next + 1).is_some()
        {
            let save = tail.next;
            tail.next += 1;
            if self.month_after(tail) {
                return;
            }
            tail.next = save;
        }
        if year_ctx {
            tail.kind = Kind::Year;
        } else if let Some((u, kd, nx)) = self
            .unit_word(tail.next, high, e1.lone_unit)
            .or_else(|| self.partitive_unit(tail.next))
        {
            // A bare year after في/منذ is followed by a verb or a noun
            // phrase, a count by its unit noun.
            if yearish
                && kd == Kind::Count
                && (1800.0..=2100.0).contains(&low)
                && self.year_hint(k)
                && !self.counted_noun(u)
            {
                tail.kind = Kind::Year;
            } else {
                self.take_unit_word(u, kd, nx, tail);
            }
        } else if yearish && (modern || ((1800.0..=2100.0).contains(&low) && self.year_hint(k))) {
            tail.kind = Kind::Year;
        }
        if year_ctx && tail.kind == Kind::Count && tail.unit == UnitOut::None {
            tail.kind = Kind::Year;
        }
    }

    /// ثلاثة أعوام ونصف، 3 ساعات ونصف الساعة، 5 كيلومترات ونصف: a half
    /// after a measure and its unit adds 0.5 (a duration, length,
    /// quantity or money; a whole number; not before a number word, which
    /// is its own figure). A definite unit word of time after ونصف is
    /// part of it (ونصف العام).
    fn half_after(&mut self, b: &mut Bounds, tail: &mut Tail) {
        if !matches!(
            tail.kind,
            Kind::Duration | Kind::Length | Kind::Quantity | Kind::Money
        ) || !matches!(tail.unit, UnitOut::Word { .. })
            || b.low.fract() != 0.0
        {
            return;
        }
        let Some((w, t)) = self.word(tail.next) else {
            return;
        };
        if w != "ونصف" || t.nl_before {
            return;
        }
        let mut end = t.end;
        let mut next = tail.next + 1;
        if let Some((w2, t2)) = self.word(next)
            && !t2.nl_before
        {
            if self
                .vars(next)
                .find(|x| x.num.is_some() || x.vague.is_some())
                .is_some()
            {
                return;
            }
            if let Some(r) = w2.strip_prefix("ال")
                && self.info(r).and_then(|i| i.unit_kind) == Some(tail.kind)
            {
                end = t2.end;
                next += 1;
            }
        }
        b.low += 0.5;
        b.high += 0.5;
        tail.end = end;
        tail.next = next;
    }

    /// ساعة ونصف، متر ونصف المتر: a singular unit of measure, then و and
    /// a lone fraction (and the unit again with ال): one and that
    /// fraction of the unit (1.5), not half of the unit after it.
    fn unit_and_half(&mut self, k: usize, e1: &Expr) -> Option<Found> {
        if !e1.lone_fraction || k == 0 || !(0.0..1.0).contains(&e1.value) {
            return None;
        }
        let (w, t) = self.word(k)?;
        if !w.starts_with('و') || t.nl_before {
            return None;
        }
        let (pw, pt) = self.word(k - 1)?;
        if pt.start < self.floor {
            return None;
        }
        let kind = self.info(pw).and_then(|i| i.unit_kind)?;
        if !matches!(
            kind,
            Kind::Duration | Kind::Length | Kind::Quantity | Kind::Money
        ) || self.lx.is_plural(pw, true) == Some(true)
            || pw.ends_with("ات")
            || pw.starts_with("ال")
        {
            return None;
        }
        // عاما ونصف العام: the accusative alef of the unit.
        let bare = pw
            .strip_suffix('ا')
            .filter(|c| self.info(c).is_some_and(|i| i.unit_kind.is_some()));
        let mut end = e1.end;
        if let Some((w2, t2)) = self.word(e1.next)
            && !t2.nl_before
            && w2
                .strip_prefix("ال")
                .is_some_and(|r| r == pw || Some(r) == bare)
        {
            end = t2.end;
        }
        Some(Found {
            start: pt.start,
            end,
            low: Some(1.0 + e1.value),
            high: Some(1.0 + e1.value),
            approx: Approx::Exact,
            unit: UnitOut::Word {
                start: pt.start,
                end: pt.end,
                pre: 0,
                strip_al: false,
                alef_heur: bare.is_some(),
                dual: None,
                maqsura: false,
            },
            kind,
        })
    }

    /// Is the unit word `u` a noun the lexicon counts (`data/countable.txt`,
    /// `data/broken-plurals.txt`, also with the accusative alef) or one
    /// written with tanween? Then a four-digit number before it is a count
    /// (في 2000 منزل), not a year followed by a verb (في 2019 أعلنت).
    fn counted_noun(&mut self, u: UnitOut) -> bool {
        let UnitOut::Word {
            start, end, pre, ..
        } = u
        else {
            return false;
        };
        let w = &self.text[start + pre..end];
        self.known_noun(w) || self.tanween(start, end)
    }

    /// A currency sign after the number (`start..end`) is its unit: money.
    #[inline]
    fn take_currency_sign(start: usize, end: usize, tail: &mut Tail) {
        tail.unit = UnitOut::Raw { start, end };
        tail.kind = Kind::Money;
        tail.end = end;
        tail.next += 1;
    }

    /// The counted noun `u` of kind `kd` (next token `nx`) is the unit; a
    /// length or quantity takes a quantity suffix after it.
    #[inline]
    fn take_unit_word(&mut self, u: UnitOut, kd: Kind, nx: usize, tail: &mut Tail) {
        tail.unit = u;
        tail.kind = kd;
        if let UnitOut::Word { end: e, .. } = u {
            tail.end = e;
        }
        tail.next = nx;
        if matches!(kd, Kind::Length | Kind::Quantity)
            && let UnitOut::Word { start: us, .. } = u
            && let Some((e, nx)) = self.quantity_suffix(tail.next)
        {
            tail.unit = UnitOut::Raw { start: us, end: e };
            tail.kind = Kind::Quantity;
            tail.end = e;
            tail.next = nx;
        }
    }

    /// A percent sign or word (في المئة، بالمئة) at `tail.next`: taken.
    /// Is a percent sign or word at token `i`?
    fn percent_at(&mut self, i: usize) -> bool {
        let mut probe = Tail {
            unit: UnitOut::None,
            kind: Kind::Count,
            start: 0,
            end: 0,
            next: i,
        };
        self.percent_after(&mut probe)
    }

    fn percent_after(&mut self, tail: &mut Tail) -> bool {
        let Some(t) = self.cur.get(tail.next) else {
            return false;
        };
        let n = if t.kind == TokKind::Percent {
            1
        } else if let Some(m) = self.match_at(tail.next, |r| matches!(r, Role::Unit(_)))
            && m.role == Role::Unit(Kind::Percent)
        {
            m.len
        } else if let Some((w, _)) = self.word(tail.next)
            && self
                .info(w)
                .is_some_and(|i| i.unit_kind == Some(Kind::Percent))
        {
            1
        } else {
            return false;
        };
        tail.unit = UnitOut::Percent;
        tail.kind = Kind::Percent;
        tail.end = self.cur.get(tail.next + n - 1).map_or(tail.end, |t| t.end);
        tail.next += n;
        true
    }

    /// A month name at `tail.next` (with a second name after a slash:
    /// يوليو/ تموز): the figure is a date.
    fn month_after(&mut self, tail: &mut Tail) -> bool {
        let Some(t) = self.cur.get(tail.next) else {
            return false;
        };
        let Some(n) = self.month_at(tail.next) else {
            return false;
        };
        let last = self.cur.get(tail.next + n - 1).map_or(tail.end, |t| t.end);
        tail.unit = UnitOut::Raw {
            start: t.start,
            end: last,
        };
        tail.kind = Kind::Date;
        tail.end = last;
        tail.next += n;
        if self
            .cur
            .get(tail.next)
            .is_some_and(|s| s.kind == TokKind::Slash)
            && let Some(m) = self.month_at(tail.next + 1)
        {
            tail.end = self.cur.get(tail.next + m).map_or(tail.end, |t| t.end);
            tail.next += 1 + m;
        }
        true
    }

    /// A number word that follows its noun: صاروخ واحد (one or two,
    /// alone, not before من).
    pub(crate) fn noun_before(&mut self, k: usize, e1: &Expr) -> Option<Found> {
        // الدول الثلاث، الأيام الخمسة: a definite number word after a
        // definite noun, three to ten.
        let definite = self.text[e1.start..e1.end].starts_with("ال");
        let max = if definite { 10.0 } else { 2.0 };
        // صفر is never a number after its noun (سجلت المحطة صفر إصابات).
        if !e1.lone_unit || e1.value > max || e1.value < 1.0 || k == 0 {
            return None;
        }
        if self
            .word(e1.next)
            .is_some_and(|(w, t)| w == "من" && !t.nl_before)
        {
            return None;
        }
        let (mut pw, mut pt) = self.word(k - 1)?;
        // الدوريات الأوروبية الخمسة: a nisba adjective (ـي، ـية) between
        // the noun and the definite number word; the noun is before it.
        let mut noun_at = k - 1;
        if definite
            && k >= 2
            && (pw.ends_with("يه") || pw.ends_with('ي'))
            && pw.starts_with("ال")
            && let Some((w2, t2)) = self.word(k - 2)
            && w2.starts_with("ال")
            && w2.chars().count() >= 4
            && !self.is_stop(w2)
            && !pt.nl_before
        {
            pw = w2;
            pt = t2;
            noun_at = k - 2;
        }
        // للانتخابات البرلمانية الثلاث: the adjective is no noun; when the
        // noun before it is not read, the number has no unit.
        let adjective_only = definite
            && noun_at == k - 1
            && pw.starts_with("ال")
            && (pw.ends_with("يه") || pw.ends_with('ي'))
            && pw.chars().count() >= 6
            && e1.value >= 3.0;
        if self.tags(noun_at) & tag::ONE_PRONOUN != 0
            || (definite && (!pw.starts_with("ال") || pw.chars().count() < 4))
        {
            return None;
        }
        if pt.start < self.floor
            || self.cur.get(k).is_some_and(|t| t.nl_before)
            || self.is_stop(pw)
            || self
                .info(pw)
                .is_some_and(|i| i.num.is_some() || i.vague.is_some() || i.ordinal.is_some())
        {
            return None;
        }
        // دولار أمريكي واحد: an indefinite nisba adjective between a
        // known noun and واحد.
        if !definite
            && noun_at >= 1
            && (pw.ends_with('ي') || pw.ends_with("يه"))
            && !self.known_noun(pw)
            && let Some((w2, t2)) = self.word(noun_at - 1)
            && !pt.nl_before
            && t2.start >= self.floor
            && (self.known_noun(w2) || self.info(w2).is_some_and(|i| i.unit_kind.is_some()))
        {
            pw = w2;
            pt = t2;
        }
        let dual = self
            .lx
            .get_clitic(pw, |x| x.dual_of.is_some())
            .and_then(|(i, p)| i.dual_of.map(|f| (f, p)));
        // اثنان after its noun only stresses a dual (شخصان اثنان): after
        // anything else (بقي اثنان) the word before is no counted noun.
        if !definite
            && e1.value == 2.0
            && dual.is_none()
            && !pw.ends_with("ان")
            && !pw.ends_with("ين")
        {
            return None;
        }
        // لليلة واحدة: a proclitic before a noun the lexicon knows.
        let clitic = if self.known_noun(pw) {
            0
        } else {
            super::strip_clitics_pre(pw)
                .skip(1)
                .find(|(r, _)| self.known_noun(r))
                .map_or(0, |(_, p)| p)
        };
        let (mut val, pre, dual) = match dual {
            Some((f, p)) => (2.0, p, Some(f)),
            None => (e1.value, clitic, None),
        };
        // الساعات الثماني والأربعين، الأيام الخمسة والعشرين: a definite
        // ten joined by و completes the number (48, 25).
        let mut end = e1.end;
        if definite
            && let Some((w, t)) = self.word(e1.next)
            && !t.nl_before
            && let Some(ten) = w.strip_prefix("وال")
            && let Some((NumClass::Tens, v)) = self.info(ten).and_then(|i| i.num)
        {
            val += v;
            end = t.end;
        }
        let strip_al = pre == 0 && pw.starts_with("ال") && pw.chars().count() >= 4;
        let core = if strip_al {
            &pw["ال".len()..]
        } else {
            &pw[pre..]
        };
        let uk = self
            .info(core)
            .and_then(|i| i.unit_kind)
            .unwrap_or(Kind::Count);
        if adjective_only {
            return Some(Found {
                start: e1.start,
                end: e1.end,
                low: Some(val),
                high: Some(val),
                approx: Approx::Exact,
                unit: UnitOut::None,
                kind: Kind::Count,
            });
        }
        Some(Found {
            start: pt.start,
            end,
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
                maqsura: dual == Some(false)
                    && pw
                        .get(pre..pw.len().saturating_sub("ين".len()).max(pre))
                        .is_some_and(|s| self.lx.maqsura(s)),
            },
            kind: uk,
        })
    }
}

impl Ctx<'_, '_> {
    /// A number word right after a place noun names the place (في قرية
    /// بليون، بلدة الأربعين): no figure.
    fn place_name(&mut self, k: usize) -> bool {
        k >= 1
            && self.cur.get(k).is_some_and(|t| !t.nl_before)
            && self.word(k - 1).is_some_and(|(_, t)| t.start >= self.floor)
            && self.tags(k - 1) & tag::PLACE_HEAD != 0
    }

    /// Is the lone واحد/اثنان at token `k` a pronoun ("one", "someone")?
    /// After كل، أي، a verb of speech (data/tags.tsv), or before من (one
    /// of).
    fn one_pronoun(&mut self, k: usize, e1: &Expr) -> bool {
        let after_pronoun = k > 0
            && self.word(k - 1).is_some_and(|(_, t)| t.start >= self.floor)
            && self.tags(k - 1) & tag::ONE_PRONOUN != 0;
        let before_min = self
            .word(e1.next)
            .is_some_and(|(w, t)| w == "من" && !t.nl_before);
        after_pronoun || before_min
    }
}

impl Left {
    /// How exact the figure is and where it starts, from the qualifier
    /// (of the opener, for a range) or the opener.
    fn approx_start(&self, range: bool, num_start: usize) -> (Approx, usize) {
        let q = if range {
            self.opener_q.or(if self.opener.is_some() {
                None
            } else {
                self.pre
            })
        } else {
            self.pre
        };
        match (q, range.then_some(self.opener).flatten()) {
            (Some(q), _) => (approx_of(q.role), q.start),
            (None, Some(o)) => (Approx::Exact, o.start),
            (None, None) => (Approx::Exact, num_start),
        }
    }
}
