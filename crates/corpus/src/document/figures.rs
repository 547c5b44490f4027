//! The figures of a document: counts, ranges, money, measures and
//! percentages, in every style the parser must read (digits of three
//! scripts, separators, number words, multipliers, duals, qualifiers),
//! each placed with the value it must parse to.

use super::*;

impl Ctx<'_> {
    pub(super) fn pick_unit(&mut self, class: UnitClass) -> &'static Unit {
        let t = self.t;
        let pool = &t.units_by_class[class as usize];
        &t.units[pool[self.rng.index(pool.len())]]
    }

    pub(super) fn figure(&mut self, slot: FigureSlot) {
        let class = match slot {
            FigureSlot::Count => UnitClass::Count,
            FigureSlot::Money => UnitClass::Money,
            FigureSlot::Length => UnitClass::Length,
            FigureSlot::Duration => UnitClass::Duration,
            FigureSlot::Percent => return self.percent(),
            FigureSlot::Negative => return self.negative_percent(),
            FigureSlot::Temperature => return self.temperature(),
            FigureSlot::Fraction => return self.fraction(),
            FigureSlot::Points => return self.points(),
            FigureSlot::Label => return self.label(),
            FigureSlot::Quantity => return self.quantity(),
            FigureSlot::Compare => return self.compare(),
            FigureSlot::TwoSided => return self.two_sided(),
            FigureSlot::Currency => return self.currency(),
            FigureSlot::Ordinal { feminine } => return self.ordinal(feminine),
            FigureSlot::Rank => return self.rank(),
            FigureSlot::Identifier => return self.identifier(),
            FigureSlot::Any => {
                if self.rng.chance(150) {
                    return self.percent();
                }
                let u = &self.t.units[self.rng.index(self.t.units.len())];
                u.class
            }
        };
        let unit = self.pick_unit(class);
        match class {
            UnitClass::Count => self.count_figure(unit),
            UnitClass::Money => self.money_figure(unit),
            UnitClass::Length | UnitClass::Duration => self.measure_figure(unit),
        }
    }

    /// Writes a qualifier with probability 35%, returning its approx.
    pub(super) fn qualifier(&mut self) -> &'static str {
        if !self.rng.chance(350) {
            return "exact";
        }
        let q = &self.t.qualifiers[self.rng.index(self.t.qualifiers.len())];
        self.push(q.form);
        self.sp();
        q.approx
    }

    /// Records the figure written since `start` (its truth: what was
    /// written, never a parse of it).
    pub(super) fn finish(&mut self, start: usize, f: Truth) {
        self.doc.figures.push(PlacedFigure {
            start,
            end: self.doc.text.len(),
            low: f.low,
            high: f.high,
            approx: f.approx,
            kind: f.kind,
            unit: f.unit,
        });
    }

    /// The unit a parser reports after `noun(n, u)`: the plural as written
    /// after 3..10, else the singular (the accusative's tanween is not part
    /// of the unit).
    pub(super) fn unit_after(n: u64, u: &Unit) -> &'static str {
        match n {
            3..=10 => u.plural,
            _ => u.singular,
        }
    }

    pub(super) fn noun(&mut self, n: u64, u: &Unit) {
        let s = match n {
            3..=10 => u.plural,
            11..=99 => u.accusative,
            _ => u.singular,
        };
        self.sp();
        self.push(s);
    }

    /// A plain count: a few, tens, hundreds or thousands, never a
    /// year-looking 1900..=2100.
    pub(super) fn count_number(&mut self) -> u64 {
        let n = match self.rng.below(100) {
            0..20 => self.rng.range(3, 10),
            20..50 => self.rng.range(11, 99),
            50..75 => self.rng.range(100, 999),
            _ => {
                let n = self.rng.range(1_000, 250_000);
                match self.rng.below(10) {
                    0..6 => n / 1000 * 1000,
                    6..9 => n / 100 * 100,
                    _ => n,
                }
                .max(1_000)
            }
        };
        if (1900..=2100).contains(&n) {
            n + 300
        } else {
            n
        }
    }

    fn multiplier(&mut self, value: u64, after: MultAfter) -> &'static str {
        let t = self.t;
        let n = t
            .multipliers
            .iter()
            .filter(|m| m.value == value && m.after == after)
            .count();
        let k = self.rng.index(n.max(1));
        t.multipliers
            .iter()
            .filter(|m| m.value == value && m.after == after)
            .nth(k)
            .map_or("ألف", |m| m.form)
    }

    /// A number word agreeing with `u` whose value passes `ok`.
    pub(super) fn number_word(
        &mut self,
        u: Option<&Unit>,
        ok: impl Fn(u64) -> bool,
    ) -> Option<(u64, &'static str)> {
        let t = self.t;
        let fits = |w: &&crate::tables::NumberWord| {
            ok(w.value)
                && match w.agree {
                    Agree::Vague => false,
                    Agree::Any => true,
                    Agree::Masc => u.is_none_or(|u| !u.feminine),
                    Agree::Fem => u.is_some_and(|u| u.feminine),
                }
        };
        let n = t.numbers.iter().filter(fits).count();
        if n == 0 {
            return None;
        }
        let k = self.rng.index(n);
        t.numbers
            .iter()
            .filter(fits)
            .nth(k)
            .map(|w| (w.value, w.form))
    }

    /// Digits then a multiplier, for counts (≤ millions) or money.
    pub(super) fn digits_with_multiplier(&mut self, money: bool) -> u64 {
        let st = self.style();
        let big = if money { 1_000_000_000 } else { 1_000_000 };
        let small = if money { 1_000_000 } else { 1_000 };
        let m = if self.rng.chance(500) { small } else { big };
        match self.rng.below(3) {
            0 => {
                let k = self.rng.range(3, 10);
                self.push_number(k, st);
                self.sp();
                let f = self.multiplier(m, MultAfter::Plural);
                self.push(f);
                k * m
            }
            1 => {
                let k = self.rng.range(11, 99);
                self.push_number(k, st);
                self.sp();
                let f = self.multiplier(m, MultAfter::Singular);
                self.push(f);
                k * m
            }
            _ => {
                let m = if m == 1_000 { 1_000_000 } else { m };
                let tenths = self.rng.range(1, 9) * 10 + self.rng.range(1, 9);
                self.push_decimal(tenths, st);
                self.sp();
                let f = self.multiplier(m, MultAfter::Decimal);
                self.push(f);
                tenths * m / 10
            }
        }
    }

    fn count_figure(&mut self, u: &'static Unit) {
        let start = self.doc.text.len();
        match self.rng.below(100) {
            // Digits, any script and separator.
            0..30 => {
                let approx = self.qualifier();
                let n = self.count_number();
                let st = self.style();
                self.push_number(n, st);
                self.noun(n, u);
                let unit = Self::unit_after(n, u);
                self.finish_exact(start, n as f64, approx, u.class.kind(), unit);
            }
            // Digits and a multiplier: 25 ألف جندي, 9 ملايين قذيفة, 1.5 مليون.
            30..45 => {
                let approx = self.qualifier();
                let v = self.digits_with_multiplier(false);
                self.sp();
                self.push(u.singular);
                self.finish_exact(start, v as f64, approx, u.class.kind(), u.singular);
            }
            // A number word, maybe followed by a multiplier.
            45..65 => self.count_word(start, u),
            // A feminine dual on its own: طائرتين.
            65..71 if u.dual.is_some() => {
                let approx = self.qualifier();
                self.push(u.dual.unwrap_or(u.singular));
                self.finish_exact(start, 2.0, approx, u.class.kind(), u.singular);
            }
            // The number word after its noun: صاروخ واحد.
            71..75 => {
                self.push(u.singular);
                self.push(if u.feminine {
                    " واحدة"
                } else {
                    " واحد"
                });
                self.finish_exact(start, 1.0, "exact", u.class.kind(), u.singular);
            }
            75..90 => self.range_figure(u, false),
            90..100 if u.definite_plural.is_some() => self.vague_figure(start, u),
            _ => self.count_digits_plain(u),
        }
    }

    /// `finish` for a single value (`low == high`).
    pub(super) fn finish_exact(
        &mut self,
        start: usize,
        v: f64,
        approx: &'static str,
        kind: &'static str,
        unit: &'static str,
    ) {
        self.finish(
            start,
            Truth {
                low: v,
                high: Some(v),
                approx,
                kind,
                unit: Some(unit),
            },
        );
    }

    /// A count in words: `ثلاثة جنود`, `خمسة وعشرين جنديا`, or a word and
    /// the multiplier ألف (`ثلاثة آلاف جندي`).
    fn count_word(&mut self, start: usize, u: &'static Unit) {
        let approx = self.qualifier();
        let with_mult = self.rng.chance(400);
        let word = if with_mult {
            self.number_word(None, |v| (3..1000).contains(&v))
        } else {
            self.number_word(Some(u), |_| true)
        };
        let Some((v, form)) = word else {
            self.doc.text.truncate(start);
            return self.count_digits_plain(u);
        };
        self.push(form);
        let (v, unit) = if with_mult {
            let after = if v <= 10 {
                MultAfter::Plural
            } else {
                MultAfter::Singular
            };
            self.sp();
            let f = self.multiplier(1_000, after);
            self.push(f);
            self.sp();
            self.push(u.singular);
            (v * 1_000, u.singular)
        } else {
            self.noun(v, u);
            (v, Self::unit_after(v, u))
        };
        self.finish_exact(start, v as f64, approx, u.class.kind(), unit);
    }

    /// A vague amount and a definite plural: `عشرات الجنود`.
    fn vague_figure(&mut self, start: usize, u: &'static Unit) {
        let t = self.t;
        let n = t.numbers.iter().filter(|w| w.agree == Agree::Vague).count();
        let k = self.rng.index(n.max(1));
        let w = t.numbers.iter().filter(|w| w.agree == Agree::Vague).nth(k);
        match (w, u.definite_plural) {
            (Some(w), Some(p)) => {
                self.push(w.form);
                self.sp();
                self.push(p);
                let unit = p.strip_prefix("ال").unwrap_or(p);
                let truth = Truth {
                    low: w.value as f64,
                    high: None,
                    approx: "vague",
                    kind: u.class.kind(),
                    unit: Some(unit),
                };
                self.finish(start, truth);
            }
            _ => self.count_digits_plain(u),
        }
    }

    pub(super) fn count_digits_plain(&mut self, u: &'static Unit) {
        let start = self.doc.text.len();
        let n = self.count_number();
        let st = self.style();
        self.push_number(n, st);
        self.noun(n, u);
        let unit = Self::unit_after(n, u);
        self.finish_exact(start, n as f64, "exact", u.class.kind(), unit);
    }

    fn range_figure(&mut self, u: &'static Unit, money: bool) {
        let start = self.doc.text.len();
        let st = self.style();
        let m = if money {
            (1_000_000, 1_000_000_000)
        } else {
            (1_000, 1_000_000)
        };
        let (low, high) = match self.rng.below(5) {
            0 => self.range_between(u, st, money, m.0),
            1 => self.range_shared_multiplier(u, st, m),
            2 => self.range_to(u, st),
            3 => self.range_from_to(u, st, m),
            _ => self.range_dash(u, st),
        };
        // Every range but the dash one ends above 10, with the singular.
        let unit = Self::unit_after(high, u);
        let truth = Truth {
            low: low as f64,
            high: Some(high as f64),
            approx: "exact",
            kind: u.class.kind(),
            unit: Some(unit),
        };
        self.finish(start, truth);
    }

    /// `ما بين 25 ألفًا و30 ألف جندي` / `ما بين 300 و450 جنديًا`.
    fn range_between(&mut self, u: &Unit, st: Style, money: bool, m_small: u64) -> (u64, u64) {
        self.push("ما بين ");
        if self.rng.chance(500) || money {
            let a = self.rng.range(11, 40);
            let b = self.rng.range(a + 1, 99);
            self.push_number(a, st);
            self.sp();
            let after = if money {
                MultAfter::Singular
            } else {
                MultAfter::Accusative
            };
            let f = self.multiplier(m_small, after);
            self.push(f);
            self.push(" و");
            self.push_number(b, st);
            self.sp();
            let f = self.multiplier(m_small, MultAfter::Singular);
            self.push(f);
            self.sp();
            self.push(u.singular);
            (a * m_small, b * m_small)
        } else {
            let a = self.rng.range(10, 500) * 10;
            let b = a + self.rng.range(1, 50) * 10;
            self.push_number(a, st);
            self.push(" و");
            self.push_number(b, st);
            self.sp();
            self.push(u.singular);
            (a, b)
        }
    }

    /// `بين 10 و15 ألف جندي`: the multiplier is shared.
    fn range_shared_multiplier(&mut self, u: &Unit, st: Style, m: (u64, u64)) -> (u64, u64) {
        let a = self.rng.range(5, 50);
        let b = self.rng.range(a + 1, 99);
        let after = if b <= 10 {
            MultAfter::Plural
        } else {
            MultAfter::Singular
        };
        self.push("بين ");
        self.push_number(a, st);
        self.push(" و");
        self.push_number(b, st);
        self.sp();
        let m = if self.rng.chance(500) { m.0 } else { m.1 };
        let f = self.multiplier(m, after);
        self.push(f);
        self.sp();
        self.push(u.singular);
        (a * m, b * m)
    }

    /// `25000 إلى 30،000 جندي`: the second end in the same digits, maybe
    /// another separator.
    fn range_to(&mut self, u: &Unit, st: Style) -> (u64, u64) {
        let a = self.rng.range(2, 60) * 1000;
        let b = a + self.rng.range(1, 20) * 1000;
        self.push_number(a, st);
        self.push(" إلى ");
        let st2 = self.style();
        let st2 = Style {
            digits: st.digits,
            ..st2
        };
        self.push_number(b, st2);
        self.sp();
        self.push(u.singular);
        (a, b)
    }

    /// `من 5 إلى 7 ملايين قذيفة`: shared multiplier again.
    fn range_from_to(&mut self, u: &Unit, st: Style, m: (u64, u64)) -> (u64, u64) {
        let a = self.rng.range(3, 8);
        let b = self.rng.range(a + 1, 10);
        self.push("من ");
        self.push_number(a, st);
        self.push(" إلى ");
        self.push_number(b, st);
        self.sp();
        let m = if self.rng.chance(500) { m.0 } else { m.1 };
        let f = self.multiplier(m, MultAfter::Plural);
        self.push(f);
        self.sp();
        self.push(u.singular);
        (a * m, b * m)
    }

    /// `10-15 جنديًا`.
    fn range_dash(&mut self, u: &Unit, st: Style) -> (u64, u64) {
        let a = self.rng.range(3, 50);
        let b = a + self.rng.range(1, 20);
        let st = Style { sep: None, ..st };
        self.push_number(a, st);
        self.push("-");
        self.push_number(b, st);
        self.noun(b, u);
        (a, b)
    }

    fn money_figure(&mut self, u: &'static Unit) {
        let start = self.doc.text.len();
        let kind = u.class.kind();
        match self.rng.below(100) {
            0..40 => {
                let approx = self.qualifier();
                let v = self.digits_with_multiplier(true);
                self.sp();
                self.push(u.singular);
                self.finish_exact(start, v as f64, approx, kind, u.singular);
            }
            // مليار و200 مليون دولار
            40..50 => {
                let approx = self.qualifier();
                let k = self.rng.range(1, 9) * 100;
                let st = self.style();
                let b = self.multiplier(1_000_000_000, MultAfter::Singular);
                let m = self.multiplier(1_000_000, MultAfter::Singular);
                self.push(b);
                self.push(" و");
                self.push_number(k, st);
                self.sp();
                self.push(m);
                self.sp();
                self.push(u.singular);
                let v = 1_000_000_000 + k * 1_000_000;
                self.finish_exact(start, v as f64, approx, kind, u.singular);
            }
            50..65 => self.money_big_word(start, u),
            65..75 => self.money_word_multiplier(start, u),
            // 250,000 دولار
            75..88 => {
                let approx = self.qualifier();
                let v = self.rng.range(5, 999) * 1_000;
                let v = if (1900..=2100).contains(&v) {
                    v + 1_000
                } else {
                    v
                };
                let st = self.style();
                self.push_number(v, st);
                self.sp();
                self.push(u.singular);
                self.finish_exact(start, v as f64, approx, kind, u.singular);
            }
            _ => self.range_figure(u, true),
        }
    }

    /// `نصف مليون دولار`, `مليوني دولار`, `مليونين ونصف المليون دولار`.
    fn money_big_word(&mut self, start: usize, u: &'static Unit) {
        let approx = self.qualifier();
        match self.number_word(None, |v| v >= 500_000) {
            Some((v, form)) => {
                self.push(form);
                self.sp();
                self.push(u.singular);
                self.finish_exact(start, v as f64, approx, u.class.kind(), u.singular);
            }
            None => {
                self.doc.text.truncate(start);
                self.count_digits_plain(u);
            }
        }
    }

    /// `ثلاثة ملايين دولار`, `خمسمائة ألف يورو`.
    fn money_word_multiplier(&mut self, start: usize, u: &'static Unit) {
        let approx = self.qualifier();
        match self.number_word(None, |v| (3..1000).contains(&v)) {
            Some((v, form)) => {
                let (m, after) = match v {
                    3..=10 => (1_000_000, MultAfter::Plural),
                    11..=99 => (1_000_000, MultAfter::Singular),
                    _ => (1_000, MultAfter::Singular),
                };
                self.push(form);
                self.sp();
                let f = self.multiplier(m, after);
                self.push(f);
                self.sp();
                self.push(u.singular);
                let v = v * m;
                self.finish_exact(start, v as f64, approx, u.class.kind(), u.singular);
            }
            None => {
                self.doc.text.truncate(start);
                self.count_digits_plain(u);
            }
        }
    }

    fn measure_figure(&mut self, u: &'static Unit) {
        let start = self.doc.text.len();
        let kind = u.class.kind();
        match self.rng.below(100) {
            0..45 => {
                let approx = self.qualifier();
                let n = if u.class == UnitClass::Length {
                    self.rng.range(3, 1800)
                } else {
                    self.rng.range(3, 96)
                };
                let st = self.style();
                self.push_number(n, st);
                self.noun(n, u);
                let unit = Self::unit_after(n, u);
                self.finish_exact(start, n as f64, approx, kind, unit);
            }
            45..75 => {
                let approx = self.qualifier();
                match self.number_word(Some(u), |v| (3..=50).contains(&v)) {
                    Some((v, form)) => {
                        self.push(form);
                        self.noun(v, u);
                        let unit = Self::unit_after(v, u);
                        self.finish_exact(start, v as f64, approx, kind, unit);
                    }
                    None => {
                        self.doc.text.truncate(start);
                        self.count_digits_plain(u);
                    }
                }
            }
            75..85 if u.dual.is_some() => {
                let approx = self.qualifier();
                self.push(u.dual.unwrap_or(u.singular));
                self.finish_exact(start, 2.0, approx, kind, u.singular);
            }
            _ => self.range_figure(u, false),
        }
    }

    fn percent(&mut self) {
        let start = self.doc.text.len();
        let approx = self.qualifier();
        let st = self.style();
        let st = Style { sep: None, ..st };
        let value = if self.rng.chance(200) {
            let tenths = self.rng.range(1, 98) * 10 + 5;
            self.push_decimal(tenths, st);
            tenths as f64 / 10.0
        } else {
            let n = self.rng.range(1, 99);
            self.push_number(n, st);
            n as f64
        };
        let forms: &[&str] = if self.doc.cp1256 {
            &["%", "%", " في المئة", " بالمئة", " في المائة"]
        } else if st.digits[0] == '0' {
            &["%", "%", "٪", " في المئة", " بالمئة", " في المائة"]
        } else {
            &["٪", "٪", "%", " في المئة", " بالمئة"]
        };
        let f = forms[self.rng.index(forms.len())];
        self.push(f);
        self.finish_exact(start, value, approx, "percent", "%");
    }
}

/// What a placed figure must parse to (`PlacedFigure` without its span).
pub(super) struct Truth {
    pub(super) low: f64,
    pub(super) high: Option<f64>,
    pub(super) approx: &'static str,
    pub(super) kind: &'static str,
    pub(super) unit: Option<&'static str>,
}
