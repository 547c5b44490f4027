//! The open-world figures of issue 11: negative numbers, fractions,
//! decimals without an integer part, labels, physical quantities,
//! comparatives, two-sided ranges, money codes and signs, compound
//! ordinals, and identifiers that hold digits but no figure. Each is
//! written from `data/open-world.tsv` in the digits of the document's
//! style, and its truth is what was written.

use super::figures::Truth;
use super::*;
use crate::tables::Measure;

/// The percent forms a document may use (Windows-1256 has no `٪`).
fn percent_forms(cp1256: bool, ascii: bool) -> &'static [&'static str] {
    if cp1256 {
        &["%", " في المئة", " بالمئة", " في المائة"]
    } else if ascii {
        &["%", "٪", " في المئة", " بالمئة", " في المائة"]
    } else {
        &["٪", "%", " في المئة", " بالمئة"]
    }
}

impl Ctx<'_> {
    fn pick_index(&mut self, len: usize) -> usize {
        self.rng.index(len.max(1))
    }

    /// A style without thousands separators.
    fn plain_style(&mut self) -> Style {
        let st = self.style();
        Style { sep: None, ..st }
    }

    /// `-` or, in UTF-8 documents, sometimes the minus sign `−`.
    fn minus(&mut self) {
        let sign = if !self.doc.cp1256 && self.rng.chance(300) {
            "−"
        } else {
            "-"
        };
        self.push(sign);
    }

    /// A whole number of 1..=4 digits that cannot read as a year.
    fn label_number(&mut self) -> u64 {
        let n = match self.rng.below(3) {
            0 => self.rng.range(1, 99),
            1 => self.rng.range(100, 999),
            _ => self.rng.range(1_000, 9_999),
        };
        if (1900..=2100).contains(&n) {
            n + 1_000
        } else {
            n
        }
    }

    fn exact(&mut self, start: usize, v: f64, kind: &'static str, unit: Option<&'static str>) {
        let truth = Truth {
            low: v,
            high: Some(v),
            approx: "exact",
            kind,
            unit,
        };
        self.finish(start, truth);
    }

    /// `{NEG}`: `-2.5%`, `−0.3 في المئة`, `-12 بالمئة`.
    pub(super) fn negative_percent(&mut self) {
        let start = self.doc.text.len();
        let st = self.plain_style();
        self.minus();
        let v = if self.rng.chance(500) {
            let tenths = self.rng.range(1, 99);
            self.push_decimal(tenths, st);
            tenths as f64 / 10.0
        } else {
            let n = self.rng.range(1, 40);
            self.push_number(n, st);
            n as f64
        };
        let forms = percent_forms(self.doc.cp1256, st.digits[0] == '0');
        let f = forms[self.pick_index(forms.len())];
        self.push(f);
        self.exact(start, -v, "percent", Some("%"));
    }

    /// `{TEMP}`: `-7 درجات`, `سالب خمس درجات`, `4 درجات تحت الصفر`,
    /// `درجتين تحت الصفر`, `45 درجة مئوية`.
    pub(super) fn temperature(&mut self) {
        let start = self.doc.text.len();
        let st = self.plain_style();
        let unit_of = |n: u64, celsius: bool| match (n, celsius) {
            (3..=10, false) => "درجات",
            (3..=10, true) => "درجات مئوية",
            (_, false) => "درجة",
            (_, true) => "درجة مئوية",
        };
        let (v, unit) = match self.rng.below(5) {
            0 => {
                let n = self.rng.range(3, 40);
                let celsius = self.rng.chance(300);
                self.minus();
                self.push_number(n, st);
                self.sp();
                self.push(unit_of(n, celsius));
                (-(n as f64), unit_of(n, celsius))
            }
            1 => {
                let t = self.t;
                let fits = |w: &&crate::tables::NumberWord| {
                    (3..=10).contains(&w.value) && matches!(w.agree, Agree::Fem | Agree::Any)
                };
                let k = self.pick_index(t.numbers.iter().filter(fits).count());
                let Some(w) = t.numbers.iter().filter(fits).nth(k) else {
                    let u = self.pick_unit(UnitClass::Count);
                    return self.count_digits_plain(u);
                };
                self.push("سالب ");
                self.push(w.form);
                self.push(" درجات");
                (-(w.value as f64), "درجات")
            }
            2 => {
                let n = self.rng.range(3, 30);
                self.push_number(n, st);
                self.sp();
                self.push(unit_of(n, false));
                self.push(" تحت الصفر");
                (-(n as f64), unit_of(n, false))
            }
            3 => {
                self.push("درجتين تحت الصفر");
                (-2.0, "درجة")
            }
            _ => {
                let n = self.rng.range(11, 52);
                self.push_number(n, st);
                self.push(" درجة مئوية");
                (n as f64, "درجة مئوية")
            }
        };
        self.exact(start, v, "quantity", Some(unit));
    }

    /// `{FRAC}`: `ثلاثة أرباع السكان`, `ثلثا الناخبين`, `ربع مليون لاجئ`,
    /// `مليون ونصف لاجئ`.
    pub(super) fn fraction(&mut self) {
        let start = self.doc.text.len();
        let o = &self.t.open;
        let (v, unit) = match self.rng.below(4) {
            0 | 1 => {
                let (form, num, den) = o.fractions[self.pick_index(o.fractions.len())];
                let (group, unit) = o.groups[self.pick_index(o.groups.len())];
                self.push(form);
                self.sp();
                self.push(group);
                (num as f64 / den as f64, unit)
            }
            2 => {
                let u = self.pick_unit(UnitClass::Count);
                self.push("ربع مليون ");
                self.push(u.singular);
                (250_000.0, u.singular)
            }
            _ => {
                let u = self.pick_unit(UnitClass::Count);
                self.push("مليون ونصف ");
                self.push(u.singular);
                (1_500_000.0, u.singular)
            }
        };
        self.exact(start, v, "count", Some(unit));
    }

    /// `{PTS}`: `.75 نقطة`, `٫٥ نقطة`, `0.25 نقطة`, `-1.25 نقطة`.
    pub(super) fn points(&mut self) {
        let start = self.doc.text.len();
        let st = self.plain_style();
        let negative = self.rng.chance(250);
        if negative {
            self.minus();
        }
        let whole = match self.rng.below(3) {
            0 => None,
            1 => Some(0),
            _ => Some(self.rng.range(1, 9)),
        };
        if let Some(w) = whole {
            self.push_number(w, st);
        }
        self.doc.text.push(st.dec);
        let (frac, scale) = if self.rng.chance(500) {
            (self.rng.range(1, 9), 10.0)
        } else {
            (self.rng.range(11, 99), 100.0)
        };
        self.push_number(frac, st);
        self.push(" نقطة");
        let v = whole.unwrap_or(0) as f64 + frac as f64 / scale;
        self.exact(start, if negative { -v } else { v }, "count", Some("نقطة"));
    }

    /// `{LABEL}`: `القرار 2231`, `المادة ٧٧`, `رقم 5`.
    pub(super) fn label(&mut self) {
        let start = self.doc.text.len();
        let o = &self.t.open;
        let (noun, unit) = o.labels[self.pick_index(o.labels.len())];
        let st = self.plain_style();
        let n = self.label_number();
        self.push(noun);
        self.sp();
        self.push_number(n, st);
        self.exact(start, n as f64, "label", Some(unit));
    }

    /// The form of `m` after the number `n` and the unit a parser reports.
    fn measure_noun(&mut self, n: u64, m: &'static Measure) -> &'static str {
        let (form, unit) = match (n, m.plural) {
            (3..=10, Some(p)) => (p, p),
            (11..=99, _) => (m.accusative, m.singular),
            _ => (m.singular, m.singular),
        };
        self.sp();
        self.push(form);
        unit
    }

    /// `{QTY}`: `20 طنًا`, `5 لترات`, `200 متر مربع`, `1.5 طن`, `3 ملايين برميل`.
    pub(super) fn quantity(&mut self) {
        let start = self.doc.text.len();
        let o = &self.t.open;
        let m = &o.quantities[self.pick_index(o.quantities.len())];
        let approx = self.qualifier();
        let (v, unit) = match self.rng.below(4) {
            0 => {
                let st = self.style();
                let tenths = self.rng.range(11, 99);
                let tenths = if tenths.is_multiple_of(10) {
                    tenths + 1
                } else {
                    tenths
                };
                self.push_decimal(tenths, st);
                self.sp();
                self.push(m.singular);
                (tenths as f64 / 10.0, m.singular)
            }
            1 => {
                let v = self.digits_with_multiplier(false);
                self.sp();
                self.push(m.singular);
                (v as f64, m.singular)
            }
            _ => {
                let n = self.count_number();
                let st = self.style();
                self.push_number(n, st);
                let unit = self.measure_noun(n, m);
                (n as f64, unit)
            }
        };
        let truth = Truth {
            low: v,
            high: Some(v),
            approx,
            kind: "quantity",
            unit: Some(unit),
        };
        self.finish(start, truth);
    }

    /// `{CMP}`: a count with a comparative: `أكبر من 100 جندي`, `≥ 5 جنود`,
    /// `لا أقل من ثلاثين جنديًا`, `100 جندي أو أكثر`.
    pub(super) fn compare(&mut self) {
        let start = self.doc.text.len();
        let o = &self.t.open;
        let cp1256 = self.doc.cp1256;
        let fits = |c: &&crate::tables::Compare| c.cp1256 || !cp1256;
        let k = self.pick_index(o.compares.iter().filter(fits).count());
        let Some(c) = o.compares.iter().filter(fits).nth(k) else {
            return;
        };
        let u = self.pick_unit(UnitClass::Count);
        if !c.after {
            self.push(c.form);
            self.sp();
        }
        let word = if self.rng.chance(300) {
            self.number_word(Some(u), |v| (3..100).contains(&v))
        } else {
            None
        };
        let n = match word {
            Some((v, form)) => {
                self.push(form);
                v
            }
            None => {
                let n = self.count_number();
                let st = self.style();
                self.push_number(n, st);
                n
            }
        };
        self.noun(n, u);
        if c.after {
            self.sp();
            self.push(c.form);
        }
        let truth = Truth {
            low: n as f64,
            high: Some(n as f64),
            approx: c.approx,
            kind: "count",
            unit: Some(Self::unit_after(n, u)),
        };
        self.finish(start, truth);
    }

    /// `{SPAN}`: `أكثر من 100 وأقل من 300 جندي`, `من 10 إلى 20 دولارًا`,
    /// `من عشرة لعشرين دولار`.
    pub(super) fn two_sided(&mut self) {
        let start = self.doc.text.len();
        let st = self.style();
        let (low, high, kind, unit) = match self.rng.below(3) {
            0 => {
                let u = self.pick_unit(UnitClass::Count);
                let a = self.rng.range(10, 90) * 10;
                let b = a + self.rng.range(1, 50) * 10;
                self.push("أكثر من ");
                self.push_number(a, st);
                self.push(" وأقل من ");
                self.push_number(b, st);
                self.sp();
                self.push(u.singular);
                (a, b, "count", u.singular)
            }
            1 => {
                let u = self.pick_unit(UnitClass::Money);
                let a = self.rng.range(11, 50);
                let b = self.rng.range(a + 1, 99);
                self.push("من ");
                self.push_number(a, st);
                self.push(" إلى ");
                self.push_number(b, st);
                self.sp();
                self.push(u.accusative);
                (a, b, "money", u.singular)
            }
            _ => {
                let u = self.pick_unit(UnitClass::Money);
                let tens = |w: &&crate::tables::NumberWord| {
                    w.value.is_multiple_of(10)
                        && (10..=90).contains(&w.value)
                        && matches!(w.agree, Agree::Masc | Agree::Any)
                };
                let t = self.t;
                let n = t.numbers.iter().filter(tens).count();
                let i = self.pick_index(n.saturating_sub(1));
                let j = i + 1 + self.pick_index(n.saturating_sub(i + 1));
                let (Some(a), Some(b)) = (
                    t.numbers.iter().filter(tens).nth(i),
                    t.numbers.iter().filter(tens).nth(j),
                ) else {
                    return self.count_digits_plain(u);
                };
                if a.value >= b.value {
                    return self.count_digits_plain(u);
                }
                self.push("من ");
                self.push(a.form);
                self.push(" ل");
                self.push(b.form);
                self.sp();
                self.push(u.singular);
                (a.value, b.value, "money", u.singular)
            }
        };
        let truth = Truth {
            low: low as f64,
            high: Some(high as f64),
            approx: "exact",
            kind,
            unit: Some(unit),
        };
        self.finish(start, truth);
    }

    /// `{CUR}`: `500 USD`, `SAR ١٠٠٠`, `$ 10`, `€5`, `15 دينارًا`, `3 دنانير`.
    pub(super) fn currency(&mut self) {
        let start = self.doc.text.len();
        let o = &self.t.open;
        let approx = self.qualifier();
        let n = self.count_number();
        let st = self.style();
        let unit = if self.rng.chance(500) {
            let m = &o.currencies[self.pick_index(o.currencies.len())];
            self.push_number(n, st);
            self.measure_noun(n, m)
        } else {
            let cp1256 = self.doc.cp1256;
            let fits = |c: &&crate::tables::Code| c.cp1256 || !cp1256;
            let k = self.pick_index(o.codes.iter().filter(fits).count());
            let Some(c) = o.codes.iter().filter(fits).nth(k) else {
                return;
            };
            let before = c.before && (!c.after || self.rng.chance(500));
            let latin = c.code.bytes().all(|b| b.is_ascii_alphabetic());
            if before {
                self.push(c.code);
                if latin || self.rng.chance(300) {
                    self.sp();
                }
                self.push_number(n, st);
            } else {
                self.push_number(n, st);
                self.sp();
                self.push(c.code);
            }
            c.code
        };
        let truth = Truth {
            low: n as f64,
            high: Some(n as f64),
            approx,
            kind: "money",
            unit: Some(unit),
        };
        self.finish(start, truth);
    }

    /// `{ORD}`/`{ORDF}`: `الخامس والعشرون`, `الحادية والعشرين`,
    /// `الثالث و الثلاثين`.
    pub(super) fn ordinal(&mut self, feminine: bool) {
        let start = self.doc.text.len();
        let o = &self.t.open;
        let unit = self.rng.range(1, 9);
        let (tens, oblique, nominative) = o.tens[self.pick_index(o.tens.len())];
        let (masc, fem) = o.ordinals[(unit - 1) as usize];
        self.push(if feminine { fem } else { masc });
        let and = if self.rng.chance(150) { " و " } else { " و" };
        self.push(and);
        let tens_word = if self.rng.chance(300) {
            nominative
        } else {
            oblique
        };
        self.push(tens_word);
        let truth = Truth {
            low: (tens + unit) as f64,
            high: Some((tens + unit) as f64),
            approx: "exact",
            kind: "ordinal",
            unit: None,
        };
        self.finish(start, truth);
    }

    /// `{RANK}`: `المرتبة 70`, `المركز ١٢`.
    pub(super) fn rank(&mut self) {
        let start = self.doc.text.len();
        let st = self.plain_style();
        let n = self.rng.range(1, 150);
        let noun = if self.rng.chance(500) {
            "المرتبة "
        } else {
            "المركز "
        };
        self.push(noun);
        self.push_number(n, st);
        let truth = Truth {
            low: n as f64,
            high: Some(n as f64),
            approx: "exact",
            kind: "ordinal",
            unit: None,
        };
        self.finish(start, truth);
    }

    /// `{ID}`: digits that make no figure, with the word that introduces
    /// them: `العنوان 10.0.0.1`, `الرقم +962-6-5555555`, `بتاريخ
    /// 2025-07-11`, `الساعة 10:30`, `الإصدار iOS 17.2`, `النسخة 2.5.1`,
    /// `بتاريخ 11 / 7 / 2025`.
    pub(super) fn identifier(&mut self) {
        let st = self.plain_style();
        let start = self.doc.text.len();
        match self.rng.below(7) {
            0 => {
                self.push("العنوان ");
                for i in 0..4 {
                    if i > 0 {
                        self.push(".");
                    }
                    let part = self.rng.range(0, 255);
                    self.push_number(part, st);
                }
            }
            1 => {
                self.push("الرقم +");
                let cc = self.rng.range(20, 999);
                self.push_number(cc, st);
                self.push("-");
                let area = self.rng.range(1, 99);
                self.push_number(area, st);
                self.push("-");
                let local = self.rng.range(1_000_000, 9_999_999);
                self.push_number(local, st);
            }
            2 => {
                self.push("بتاريخ ");
                self.date(st, "-", true);
            }
            3 => {
                self.push("الساعة ");
                let h = self.rng.range(0, 23);
                self.push_two(h, st);
                self.push(":");
                let m = self.rng.range(0, 59);
                self.push_two(m, st);
            }
            4 => {
                let os = ["iOS ", "Android ", "Windows "];
                self.push("الإصدار ");
                let k = self.pick_index(os.len());
                self.push(os[k]);
                let major = self.rng.range(2, 30);
                self.push_number(major, st);
                self.push(".");
                let minor = self.rng.range(0, 9);
                self.push_number(minor, st);
            }
            5 => {
                self.push("النسخة ");
                for i in 0..3 {
                    if i > 0 {
                        self.push(".");
                    }
                    let part = self.rng.range(0, 20);
                    self.push_number(part, st);
                }
            }
            _ => {
                self.push("بتاريخ ");
                self.date(st, " / ", false);
            }
        }
        self.doc.identifiers.push((start, self.doc.text.len()));
        self.doc.noise.identifiers += 1;
    }

    /// Two digits, with a leading zero.
    fn push_two(&mut self, n: u64, st: Style) {
        if n < 10 {
            self.doc.text.push(st.digits[0]);
        }
        self.push_number(n, st);
    }

    /// A date joined by `sep`: year first (`2025-07-11`) or day first
    /// (`11 / 7 / 2025`).
    fn date(&mut self, st: Style, sep: &str, iso: bool) {
        let y = self.rng.range(1990, 2030);
        let m = self.rng.range(1, 12);
        let d = self.rng.range(1, 28);
        if iso {
            self.push_number(y, st);
            self.push(sep);
            self.push_two(m, st);
            self.push(sep);
            self.push_two(d, st);
        } else {
            self.push_number(d, st);
            self.push(sep);
            self.push_number(m, st);
            self.push(sep);
            self.push_number(y, st);
        }
    }
}
