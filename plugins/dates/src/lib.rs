//! khabar plugin `dates`: date and time expressions in Arabic news.
//!
//! News text dates events in many ways at once: a day range with a month
//! (`من 11 إلى 13 يوليو`), a month written in two calendars' names
//! (`نوفمبر/تشرين الثاني 2024`), a weekday (`يوم الجمعة`), a relative period
//! (`الشهر الماضي`), a year (`عام 2022`), a Hijri date (`15 رمضان 1445 هـ`),
//! a clock time (`الساعة 10:30 صباحًا`). Each becomes a `DATE` annotation (or
//! `TIME`) whose `attrs` say what was understood, with an ISO 8601 value when
//! the text allows one:
//!
//! | `type`       | example                     | attrs                                            |
//! |--------------|-----------------------------|--------------------------------------------------|
//! | `date`       | `13 يوليو 2024`             | `iso: "2024-07-13"` (`"--07-13"` without a year) |
//! | `date_range` | `من 11 إلى 13 يوليو`        | `start: "--07-11", end: "--07-13"`               |
//! | `month`      | `نوفمبر/تشرين الثاني 2024` | `iso: "2024-11"`, `month: 11`                    |
//! | `year`       | `عام 2022`                  | `iso: "2022"`                                    |
//! | `weekday`    | `يوم الجمعة`                | `weekday: "friday"`                              |
//! | `relative`   | `الشهر الماضي`              | `unit: "month", offset: -1`                      |
//! | `time`       | `الساعة 10:30 صباحا`        | `iso: "T10:30"`                                  |
//!
//! Hijri dates carry `calendar: "hijri"` and their Hijri fields; a full Hijri
//! date also gets `gregorian_approx`, computed with the tabular Islamic
//! calendar (it can differ by a day or two from the announced dates).
//!
//! What the host gives beyond the text (ABI 1.1):
//!
//! * a `date_range` carries its two ends as links `start` and `end`
//!   (`11` and `13 يوليو` in `من 11 إلى 13 يوليو`), converted with
//!   `--offsets char` like the range itself;
//! * a day and month without a year takes the year of the next dated
//!   expression in the same sentence (the host's sentences), the year
//!   before when that one's month is earlier (`من 28 ديسمبر حتى 3 يناير
//!   2025`), with `year_inferred: true`;
//! * with a document date in the input's meta fields (`date`, `published`
//!   or `published_at`, `YYYY-MM-DD…`), relative expressions get
//!   `resolved`: a day (`أمس` → `2024-12-31`), an ISO week (`الأسبوع
//!   الماضي` → `2024-W52`), a month or a year.
//!
//! Matching runs on the search-normalized text, so diacritics, hamza seats
//! and digit scripts do not matter; the spans cover the original text.
//! Words that are also ordinary words (مارس "practised", صفر "zero") count
//! as months only in a date-like context.
#![deny(missing_docs)]

use std::collections::HashMap;

use khabar_plugin_sdk::serde_json::{Map, Value, json};
use khabar_plugin_sdk::{Doc, Error, Extractor, Output, Span, export_plugin};

const CALENDAR: &str = include_str!("../data/calendar.tsv");

/// Which calendar a month name belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cal {
    Gregorian,
    Hijri,
}

/// A word or phrase of the calendar table.
#[derive(Clone, Debug)]
struct Form {
    words: Vec<String>,
    value: String,
    ctx: bool,
}

/// The parsed calendar table.
#[derive(Debug, Default)]
struct Tables {
    months: Vec<(Form, Cal, u8)>,
    weekdays: Vec<Form>,
    units: HashMap<String, String>,
    offsets: HashMap<String, i64>,
    context: Vec<String>,
    deictic: HashMap<String, i64>,
}

impl Tables {
    fn parse(src: &str) -> Result<Tables, Error> {
        let mut t = Tables::default();
        for (n, line) in src.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let bad = || Error::new(format!("calendar.tsv:{}: bad line {line:?}", n + 1));
            if cols.len() < 3 {
                return Err(bad());
            }
            let form = Form {
                words: cols[2].split(' ').map(str::to_string).collect(),
                value: cols[1].to_string(),
                ctx: cols.get(3) == Some(&"ctx"),
            };
            match cols[0] {
                "gregorian" | "hijri" => {
                    let cal = if cols[0] == "hijri" {
                        Cal::Hijri
                    } else {
                        Cal::Gregorian
                    };
                    let m: u8 = cols[1].parse().map_err(|_| bad())?;
                    t.months.push((form, cal, m));
                }
                "weekday" => t.weekdays.push(form),
                "unit" => {
                    t.units.insert(cols[2].to_string(), cols[1].to_string());
                }
                "offset" => {
                    t.offsets
                        .insert(cols[2].to_string(), cols[1].parse().map_err(|_| bad())?);
                }
                "deictic" => {
                    t.deictic
                        .insert(cols[2].to_string(), cols[1].parse().map_err(|_| bad())?);
                }
                "context" => t.context.push(cols[2].to_string()),
                _ => return Err(bad()),
            }
        }
        // Longer names first: تشرين الثاني before a one-word name.
        t.months
            .sort_by_key(|(f, _, _)| std::cmp::Reverse(f.words.len()));
        Ok(t)
    }
}

/// A token of the normalized text.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind<'t> {
    Word(&'t str),
    Num(u32, usize),
    Punct(char),
}

#[derive(Clone, Copy, Debug)]
struct Tok<'t> {
    start: usize,
    end: usize,
    kind: Kind<'t>,
}

fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let mut toks = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_ascii_digit() {
            let mut end = i + 1;
            while let Some(&(j, d)) = it.peek() {
                if d.is_ascii_digit() {
                    end = j + 1;
                    it.next();
                } else {
                    break;
                }
            }
            let digits = &text[i..end];
            let value = if digits.len() <= 9 {
                digits.parse().unwrap_or(u32::MAX)
            } else {
                u32::MAX
            };
            toks.push(Tok {
                start: i,
                end,
                kind: Kind::Num(value, digits.len()),
            });
        } else if c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if d.is_alphabetic() && !d.is_ascii_digit() {
                    end = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            toks.push(Tok {
                start: i,
                end,
                kind: Kind::Word(&text[i..end]),
            });
        } else {
            toks.push(Tok {
                start: i,
                end: i + c.len_utf8(),
                kind: Kind::Punct(c),
            });
        }
    }
    toks
}

/// Proclitics that may be attached to the first word of an expression.
const PROCLITICS: &[&str] = &["و", "ف", "ب", "ل", "وب", "ول", "وف", "فب", "فل"];

/// The bytes to skip at the start of `word` for it to equal `form`
/// (0 when equal, the proclitic's length when `word` is proclitic+form).
fn clitic_match(word: &str, form: &str) -> Option<usize> {
    if word == form {
        return Some(0);
    }
    PROCLITICS
        .iter()
        .find(|p| word.len() > p.len() && word.starts_with(**p) && &word[p.len()..] == form)
        .map(|p| p.len())
}

/// A recognised expression: tokens `first..last` (inclusive), skipping
/// `skip` bytes of proclitic at the start.
struct Found {
    first: usize,
    skip: usize,
    last: usize,
    label: &'static str,
    attrs: Map<String, Value>,
    /// Extra spans: (role, first token, last token).
    links: Vec<(&'static str, usize, usize)>,
}

struct Month {
    cal: Cal,
    month: u8,
    /// Index of the month's last token.
    last: usize,
    /// Whether the name is safe without context (or was paired with `/`).
    sure: bool,
    skip: usize,
}

/// The extractor.
pub struct Dates {
    t: Tables,
}

impl Dates {
    fn word<'t>(toks: &[Tok<'t>], i: usize) -> Option<&'t str> {
        match toks.get(i)?.kind {
            Kind::Word(w) => Some(w),
            _ => None,
        }
    }

    fn is_word(toks: &[Tok<'_>], i: usize, forms: &[&str]) -> Option<usize> {
        let w = Self::word(toks, i)?;
        forms.iter().find_map(|f| clitic_match(w, f))
    }

    fn num(toks: &[Tok<'_>], i: usize) -> Option<u32> {
        match toks.get(i)?.kind {
            Kind::Num(v, _) => Some(v),
            _ => None,
        }
    }

    fn punct(toks: &[Tok<'_>], i: usize, c: char) -> bool {
        matches!(toks.get(i).map(|t| t.kind), Some(Kind::Punct(p)) if p == c)
    }

    /// One month name at `i` (allowing a proclitic on its first word).
    fn month_name(&self, toks: &[Tok<'_>], i: usize) -> Option<Month> {
        for (form, cal, m) in &self.t.months {
            let n = form.words.len();
            let Some(skip) = Self::word(toks, i).and_then(|w| clitic_match(w, &form.words[0]))
            else {
                continue;
            };
            let rest_ok = (1..n).all(|k| Self::word(toks, i + k) == Some(form.words[k].as_str()));
            if rest_ok {
                return Some(Month {
                    cal: *cal,
                    month: *m,
                    last: i + n - 1,
                    sure: !form.ctx,
                    skip,
                });
            }
        }
        None
    }

    /// A month name, possibly paired with its other-calendar name:
    /// `نوفمبر/تشرين الثاني`, `يوليو/ تموز`, `مارس (آذار)`.
    fn month(&self, toks: &[Tok<'_>], i: usize) -> Option<Month> {
        let mut m = self.month_name(toks, i)?;
        let j = m.last + 1;
        if (Self::punct(toks, j, '/') || Self::punct(toks, j, '('))
            && let Some(other) = self.month_name(toks, j + 1)
            && other.month == m.month
            && other.cal == m.cal
        {
            m.sure = true;
            m.last = other.last;
            if Self::punct(toks, m.last + 1, ')') {
                m.last += 1;
            }
        }
        Some(m)
    }

    /// A year at `i`: four digits, optionally followed by م or هـ.
    /// Returns (year, hijri marker seen, last token).
    /// A month at token `i` and the year after it, if one follows in the
    /// same calendar: the month, the year, and the last token used.
    fn month_year(&self, toks: &[Tok<'_>], i: usize) -> Option<(Month, Option<u32>, usize)> {
        let m = self.month(toks, i)?;
        match Self::year(toks, m.last + 1) {
            Some((y, marker, last)) if marker.is_none_or(|c| c == m.cal) => {
                Some((m, Some(y), last))
            }
            _ => {
                let last = m.last;
                Some((m, None, last))
            }
        }
    }

    fn year(toks: &[Tok<'_>], i: usize) -> Option<(u32, Option<Cal>, usize)> {
        let Kind::Num(y, 4) = toks.get(i)?.kind else {
            return None;
        };
        if !(1000..=2200).contains(&y) {
            return None;
        }
        match Self::word(toks, i + 1) {
            Some("ه") => Some((y, Some(Cal::Hijri), i + 1)),
            Some("م") => Some((y, Some(Cal::Gregorian), i + 1)),
            _ => Some((y, None, i)),
        }
    }

    fn day(toks: &[Tok<'_>], i: usize) -> Option<u32> {
        Self::num(toks, i).filter(|d| (1..=31).contains(d))
    }

    fn has_context(&self, toks: &[Tok<'_>], i: usize) -> bool {
        i > 0
            && Self::word(toks, i - 1)
                .is_some_and(|w| self.t.context.iter().any(|c| clitic_match(w, c).is_some()))
    }

    /// `D MONTH [YEAR]` at `i`, with day already parsed; fills attrs.
    fn date_after_day(
        &self,
        toks: &[Tok<'_>],
        i: usize,
        day: u32,
    ) -> Option<(usize, Map<String, Value>)> {
        let (m, year, last) = self.month_year(toks, i)?;
        if m.skip != 0 {
            return None;
        }
        if day > days_in_month(m.cal, m.month, year) {
            return None;
        }
        let mut a = Map::new();
        a.insert("type".into(), "date".into());
        describe(&mut a, m.cal, year, m.month, Some(day));
        let last = self.trailing_offset(toks, last, &mut a);
        Some((last, a))
    }

    /// `الماضي`/`الجاري` after a month: "last April".
    fn trailing_offset(&self, toks: &[Tok<'_>], last: usize, a: &mut Map<String, Value>) -> usize {
        let mut j = last + 1;
        // Quotation marks sometimes sit between the month and its qualifier.
        while matches!(
            toks.get(j).map(|t| t.kind),
            Some(Kind::Punct('”' | '"' | '»'))
        ) {
            j += 1;
        }
        match Self::word(toks, j).and_then(|w| self.t.offsets.get(w)) {
            Some(&off) => {
                a.insert("relative".into(), json!(off));
                j
            }
            None => last,
        }
    }

    fn at(&self, toks: &[Tok<'_>], i: usize) -> Option<Found> {
        self.weekday(toks, i)
            .or_else(|| self.range(toks, i))
            .or_else(|| self.date(toks, i))
            .or_else(|| self.month_expr(toks, i))
            .or_else(|| self.relative(toks, i))
            .or_else(|| self.year_expr(toks, i))
            .or_else(|| self.deictic(toks, i))
            .or_else(|| self.time(toks, i))
    }

    fn weekday(&self, toks: &[Tok<'_>], i: usize) -> Option<Found> {
        let yawm = Self::is_word(toks, i, &["يوم", "اليوم"]);
        let (j, skip) = match yawm {
            Some(skip) => (i + 1, skip),
            None => (i, 0),
        };
        let w = Self::word(toks, j)?;
        let (form, wskip) = self
            .t
            .weekdays
            .iter()
            .find_map(|f| clitic_match(w, &f.words[0]).map(|s| (f, s)))?;
        if yawm.is_some() && wskip != 0 {
            return None;
        }
        if yawm.is_none() && form.ctx {
            return None;
        }
        let skip = if yawm.is_some() { skip } else { wskip };
        let mut a = Map::new();
        a.insert("type".into(), "weekday".into());
        a.insert("weekday".into(), form.value.clone().into());
        let mut last = j;
        // "الجمعة 11 يوليو": a weekday followed by its date.
        let k = if Self::punct(toks, j + 1, '،') || Self::punct(toks, j + 1, ',') {
            j + 2
        } else {
            j + 1
        };
        if let Some(day) = Self::day(toks, k)
            && let Some((l, mut date)) = self.date_after_day(toks, k + 1, day)
        {
            date.insert("weekday".into(), form.value.clone().into());
            return Some(Found {
                first: i,
                skip,
                last: l,
                label: "DATE",
                attrs: date,
                links: Vec::new(),
            });
        }
        if yawm.is_none() {
            last = j;
        }
        Some(Found {
            first: i,
            skip,
            last,
            label: "DATE",
            attrs: a,
            links: Vec::new(),
        })
    }

    fn range(&self, toks: &[Tok<'_>], i: usize) -> Option<Found> {
        let min = Self::is_word(toks, i, &["من", "بين"]);
        let d1_at = if min.is_some() { i + 1 } else { i };
        let d1 = Self::day(toks, d1_at)?;
        let conn = d1_at + 1;
        let connected = Self::punct(toks, conn, '-')
            || Self::is_word(toks, conn, &["الي", "حتي", "و"]).is_some_and(|s| s == 0);
        if !connected {
            return None;
        }
        let d2 = Self::day(toks, conn + 1)?;
        if d2 <= d1 {
            return None;
        }
        let (last, mut a) = self.date_after_day(toks, conn + 2, d2)?;
        let end = a.remove("iso");
        let mut start = a.clone();
        describe(&mut start, cal_of(&a), year_of(&a), month_of(&a)?, Some(d1));
        a.insert("type".into(), "date_range".into());
        if let Some(Value::String(s)) = start.remove("iso") {
            a.insert("start".into(), s.into());
        }
        if let Some(end) = end {
            a.insert("end".into(), end);
        }
        a.remove("day");
        a.insert("days".into(), json!([d1, d2]));
        Some(Found {
            first: i,
            skip: min.unwrap_or(0),
            last,
            label: "DATE",
            attrs: a,
            // The two ends: `11` and `13 يوليو` in `من 11 إلى 13 يوليو`.
            links: vec![("start", d1_at, d1_at), ("end", conn + 1, last)],
        })
    }

    fn date(&self, toks: &[Tok<'_>], i: usize) -> Option<Found> {
        let day = Self::day(toks, i)?;
        let (last, a) = self.date_after_day(toks, i + 1, day)?;
        Some(Found {
            first: i,
            skip: 0,
            last,
            label: "DATE",
            attrs: a,
            links: Vec::new(),
        })
    }

    fn month_expr(&self, toks: &[Tok<'_>], i: usize) -> Option<Found> {
        let (m, year, last) = self.month_year(toks, i)?;
        if !(m.sure || year.is_some() || self.has_context(toks, i)) {
            return None;
        }
        let mut a = Map::new();
        a.insert("type".into(), "month".into());
        describe(&mut a, m.cal, year, m.month, None);
        let last = self.trailing_offset(toks, last, &mut a);
        Some(Found {
            first: i,
            skip: m.skip,
            last,
            label: "DATE",
            attrs: a,
            links: Vec::new(),
        })
    }

    fn relative(&self, toks: &[Tok<'_>], i: usize) -> Option<Found> {
        // "هذا العام", "هذه السنة"
        if let Some(skip) = Self::is_word(toks, i, &["هذا", "هذه"]) {
            let unit = Self::word(toks, i + 1).and_then(|w| self.t.units.get(w))?;
            if unit == "day" {
                return None;
            }
            let mut a = Map::new();
            a.insert("type".into(), "relative".into());
            a.insert("unit".into(), unit.clone().into());
            a.insert("offset".into(), json!(0));
            return Some(Found {
                first: i,
                skip,
                last: i + 1,
                label: "DATE",
                attrs: a,
                links: Vec::new(),
            });
        }
        let w = Self::word(toks, i)?;
        let (unit, skip) = self
            .t
            .units
            .iter()
            .find_map(|(form, unit)| clitic_match(w, form).map(|s| (unit, s)))?;
        let off = Self::word(toks, i + 1).and_then(|w| self.t.offsets.get(w))?;
        let mut a = Map::new();
        a.insert("type".into(), "relative".into());
        a.insert("unit".into(), unit.clone().into());
        a.insert("offset".into(), json!(off));
        Some(Found {
            first: i,
            skip,
            last: i + 1,
            label: "DATE",
            attrs: a,
            links: Vec::new(),
        })
    }

    fn year_expr(&self, toks: &[Tok<'_>], i: usize) -> Option<Found> {
        let skip = Self::is_word(toks, i, &["عام", "العام", "سنه", "السنه", "عامي"])?;
        let (y, marker, last) = Self::year(toks, i + 1)?;
        let cal = marker.unwrap_or(if y < 1600 { Cal::Hijri } else { Cal::Gregorian });
        let mut a = Map::new();
        a.insert("type".into(), "year".into());
        a.insert("year".into(), json!(y));
        if cal == Cal::Hijri {
            a.insert("calendar".into(), "hijri".into());
        } else {
            a.insert("calendar".into(), "gregorian".into());
            a.insert("iso".into(), format!("{y:04}").into());
        }
        Some(Found {
            first: i,
            skip,
            last,
            label: "DATE",
            attrs: a,
            links: Vec::new(),
        })
    }

    fn deictic(&self, toks: &[Tok<'_>], i: usize) -> Option<Found> {
        let w = Self::word(toks, i)?;
        let (off, skip) = self
            .t
            .deictic
            .iter()
            .find_map(|(form, off)| clitic_match(w, form).map(|s| (*off, s)))?;
        let mut a = Map::new();
        a.insert("type".into(), "relative".into());
        a.insert("unit".into(), "day".into());
        a.insert("offset".into(), json!(off));
        Some(Found {
            first: i,
            skip,
            last: i,
            label: "DATE",
            attrs: a,
            links: Vec::new(),
        })
    }

    fn time(&self, toks: &[Tok<'_>], i: usize) -> Option<Found> {
        let skip = Self::is_word(toks, i, &["الساعه"])?;
        let mut h = Self::num(toks, i + 1).filter(|h| *h <= 24)?;
        let mut last = i + 1;
        let mut min = 0;
        if Self::punct(toks, i + 2, ':')
            && let Some(m) = Self::num(toks, i + 3).filter(|m| *m < 60)
        {
            min = m;
            last = i + 3;
        }
        if let Some(w) = Self::word(toks, last + 1) {
            let pm = ["مساء", "مساءا", "ظهرا", "عصرا", "ليلا"].contains(&w);
            let am = ["صباحا", "صباح", "فجرا"].contains(&w);
            if pm || am {
                last += 1;
                if pm && h < 12 && !(w == "ليلا" && h < 5) {
                    h += 12;
                }
            }
        }
        let mut a = Map::new();
        a.insert("type".into(), "time".into());
        a.insert("iso".into(), format!("T{:02}:{min:02}", h % 24).into());
        Some(Found {
            first: i,
            skip,
            last,
            label: "TIME",
            attrs: a,
            links: Vec::new(),
        })
    }
}

fn cal_of(a: &Map<String, Value>) -> Cal {
    if a.get("calendar").and_then(Value::as_str) == Some("hijri") {
        Cal::Hijri
    } else {
        Cal::Gregorian
    }
}

fn year_of(a: &Map<String, Value>) -> Option<u32> {
    a.get("year")
        .and_then(Value::as_u64)
        .and_then(|y| u32::try_from(y).ok())
}

fn month_of(a: &Map<String, Value>) -> Option<u8> {
    a.get("month")
        .and_then(Value::as_u64)
        .and_then(|m| u8::try_from(m).ok())
}

fn is_leap(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn days_in_month(cal: Cal, month: u8, year: Option<u32>) -> u32 {
    match (cal, month) {
        (Cal::Hijri, _) => 30,
        (_, 2) => match year {
            Some(y) if !is_leap(y) => 28,
            _ => 29,
        },
        (_, 4 | 6 | 9 | 11) => 30,
        _ => 31,
    }
}

/// Fills calendar, year, month, day and the ISO value.
fn describe(a: &mut Map<String, Value>, cal: Cal, year: Option<u32>, month: u8, day: Option<u32>) {
    a.insert(
        "calendar".into(),
        (if cal == Cal::Hijri {
            "hijri"
        } else {
            "gregorian"
        })
        .into(),
    );
    if let Some(y) = year {
        a.insert("year".into(), json!(y));
    }
    a.insert("month".into(), json!(month));
    if let Some(d) = day {
        a.insert("day".into(), json!(d));
    }
    match cal {
        Cal::Gregorian => {
            let iso = match (year, day) {
                (Some(y), Some(d)) => format!("{y:04}-{month:02}-{d:02}"),
                (Some(y), None) => format!("{y:04}-{month:02}"),
                (None, Some(d)) => format!("--{month:02}-{d:02}"),
                (None, None) => format!("--{month:02}"),
            };
            a.insert("iso".into(), iso.into());
        }
        Cal::Hijri => {
            if let (Some(y), Some(d)) = (year, day) {
                let (gy, gm, gd) = hijri_to_gregorian(y, month, d);
                a.insert(
                    "gregorian_approx".into(),
                    format!("{gy:04}-{gm:02}-{gd:02}").into(),
                );
            }
        }
    }
}

/// The tabular (arithmetic) Islamic calendar, converted through the Julian
/// day number. Official dates follow moon sightings and may differ by a day
/// or two.
fn hijri_to_gregorian(year: u32, month: u8, day: u32) -> (i64, i64, i64) {
    let (y, m, d) = (i64::from(year), i64::from(month), i64::from(day));
    let jd = d + (59 * (m - 1) + 1) / 2 + (y - 1) * 354 + (3 + 11 * y) / 30 + 1_948_440 - 1;
    // Julian day number to Gregorian (Fliegel & Van Flandern).
    let l = jd + 68_569;
    let n = 4 * l / 146_097;
    let l = l - (146_097 * n + 3) / 4;
    let i = 4000 * (l + 1) / 1_461_001;
    let l = l - 1461 * i / 4 + 31;
    let j = 80 * l / 2447;
    let day = l - 2447 * j / 80;
    let l = j / 11;
    let month = j + 2 - 12 * l;
    let year = 100 * (n - 49) + i + l;
    (year, month, day)
}

impl Extractor for Dates {
    fn new(_config: &str) -> Result<Self, Error> {
        Ok(Dates {
            t: Tables::parse(CALENDAR)?,
        })
    }

    fn extract(&mut self, doc: &Doc<'_>, out: &mut Output<'_>) -> Result<(), Error> {
        let toks = tokenize(doc.normalized());
        // Expressions with their original spans, in text order.
        let mut found: Vec<(Found, Span)> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            // Expressions start at a word or number, not inside one.
            match self.at(&toks, i) {
                Some(f) => {
                    let start = toks[f.first].start + f.skip;
                    let end = toks[f.last].end;
                    let span = doc.span_from_normalized(start, end)?;
                    i = f.last + 1;
                    found.push((f, span));
                }
                None => i += 1,
            }
        }
        years_from_sentence(doc, &mut found);
        let anchor = document_date(doc);
        let mut links = Vec::new();
        for (mut f, span) in found {
            if let Some(anchor) = anchor {
                resolve(&mut f.attrs, anchor);
            }
            links.clear();
            for &(role, first, last) in &f.links {
                let (s, e) = (toks[first].start, toks[last].end);
                links.push((role, doc.span_from_normalized(s, e)?));
            }
            out.add_with_links(f.label, span, &links, Some(&Value::Object(f.attrs)));
        }
        Ok(())
    }
}

/// A day and month without a year takes the year of the next date in the
/// same sentence that has one, as news writes an enumeration or a range
/// (`وصل في 28 ديسمبر وغادر في 3 يناير 2025`): a later month in the same
/// year, an earlier month (the sentence crossed a new year) in the year
/// before. Marked `year_inferred`. Sentences are the host's.
fn years_from_sentence(doc: &Doc<'_>, found: &mut [(Found, Span)]) {
    for k in 0..found.len() {
        let a = &found[k].0.attrs;
        let kind = a.get("type").and_then(Value::as_str).map(str::to_string);
        if !matches!(kind.as_deref(), Some("date" | "date_range")) || year_of(a).is_some() {
            continue;
        }
        let (Some(month), cal) = (month_of(a), cal_of(a)) else {
            continue;
        };
        let Some(sentence) = doc.sentence_at(found[k].1.start()) else {
            continue;
        };
        let next = found[k + 1..].iter().find_map(|(f, span)| {
            let same_sentence = span.start() < sentence.end();
            let dated = matches!(
                f.attrs.get("type").and_then(Value::as_str),
                Some("date" | "date_range" | "month")
            );
            (same_sentence && dated && cal_of(&f.attrs) == cal)
                .then(|| year_of(&f.attrs).zip(month_of(&f.attrs)))
                .flatten()
        });
        let Some((year, next_month)) = next else {
            continue;
        };
        let year = if next_month < month { year - 1 } else { year };
        let a = &mut found[k].0.attrs;
        a.insert("year_inferred".into(), true.into());
        if kind.as_deref() == Some("date") {
            let day = a
                .get("day")
                .and_then(Value::as_u64)
                .and_then(|d| u32::try_from(d).ok());
            describe(a, cal, Some(year), month, day);
        } else {
            a.insert("year".into(), json!(year));
            for end in ["start", "end"] {
                if let Some(Value::String(iso)) = a.get_mut(end)
                    && let Some(rest) = iso.strip_prefix("--")
                {
                    *iso = format!("{year:04}-{rest}");
                }
            }
        }
    }
}

/// The document's date, from its meta fields (`date`, `published` or
/// `published_at`, `YYYY-MM-DD…`), for resolving relative expressions.
fn document_date(doc: &Doc<'_>) -> Option<(i64, u32, u32)> {
    let meta = doc.meta()?;
    let s = ["date", "published", "published_at"]
        .iter()
        .find_map(|k| meta.get(*k)?.as_str().map(str::to_string))?;
    let (y, m, d) = (s.get(0..4)?, s.get(5..7)?, s.get(8..10)?);
    let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    (s.as_bytes().get(4) == Some(&b'-')
        && (1..=12).contains(&m)
        && (1..=days_in_month(Cal::Gregorian, m as u8, u32::try_from(y).ok())).contains(&d))
    .then_some((y, m, d))
}

/// Adds `resolved` (ISO 8601) to a relative expression, counted from the
/// document's date: a day (`أمس`), an ISO week (`الأسبوع الماضي`), a month
/// or a year.
fn resolve(a: &mut Map<String, Value>, (y, m, d): (i64, u32, u32)) {
    if a.get("type").and_then(Value::as_str) != Some("relative") {
        return;
    }
    let Some(off) = a.get("offset").and_then(Value::as_i64) else {
        return;
    };
    let resolved = match a.get("unit").and_then(Value::as_str) {
        Some("day") => {
            let (y, m, d) = civil_from_days(days_from_civil(y, m, d) + off);
            format!("{y:04}-{m:02}-{d:02}")
        }
        Some("week") => {
            let (wy, w) = iso_week(days_from_civil(y, m, d) + 7 * off);
            format!("{wy:04}-W{w:02}")
        }
        Some("month") => {
            let n = y * 12 + i64::from(m) - 1 + off;
            format!("{:04}-{:02}", n.div_euclid(12), n.rem_euclid(12) + 1)
        }
        Some("year") => format!("{:04}", y + off),
        _ => return,
    };
    a.insert("resolved".into(), resolved.into());
}

/// Days since 1970-01-01 of a Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The Gregorian date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// ISO 8601 week-numbering year and week of a day count.
fn iso_week(days: i64) -> (i64, i64) {
    // 1970-01-01 was a Thursday; ISO weeks start on Monday (0).
    let weekday = (days + 3).rem_euclid(7);
    let thursday = days - weekday + 3;
    let (y, _, _) = civil_from_days(thursday);
    let week = (thursday - days_from_civil(y, 1, 1)) / 7 + 1;
    (y, week)
}

export_plugin!(Dates);

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn day_counts_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for z in (-800_000i64..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z, "{y}-{m}-{d}");
            assert!((1..=12).contains(&m) && d >= 1);
            let cal_days = days_in_month(Cal::Gregorian, m as u8, u32::try_from(y).ok());
            assert!(y < 0 || d <= cal_days, "{y}-{m}-{d}");
        }
    }

    #[test]
    fn iso_weeks() {
        for ((y, m, d), week) in [
            ((2024, 12, 30), (2025, 1)),
            ((2021, 1, 3), (2020, 53)),
            ((2021, 1, 4), (2021, 1)),
            ((2024, 7, 11), (2024, 28)),
        ] {
            assert_eq!(iso_week(days_from_civil(y, m, d)), week, "{y}-{m}-{d}");
        }
    }

    #[test]
    fn calendar_table_parses() {
        let t = Tables::parse(CALENDAR).unwrap();
        for m in 1..=12 {
            assert!(
                t.months
                    .iter()
                    .any(|(_, c, n)| *c == Cal::Gregorian && *n == m),
                "{m}"
            );
            assert!(
                t.months.iter().any(|(_, c, n)| *c == Cal::Hijri && *n == m),
                "{m}"
            );
        }
        assert_eq!(t.weekdays.len(), 7);
    }

    #[test]
    fn hijri_conversion_matches_known_dates() {
        // 1 Muharram 1 AH = 16 July 622 Julian = 19 July 622 proleptic
        // Gregorian (the civil epoch). 1 Ramadan 1445 = 11 March 2024. 1445 is
        // a leap year of the 30-year cycle, so 1 Muharram 1446 is 30+29+30+30
        // days later: 8 July 2024 (Saudi Arabia announced the 7th — the
        // tabular calendar's known one-day drift).
        let cases = [
            ((1, 1, 1), (622, 7, 19)),
            ((1445, 9, 1), (2024, 3, 11)),
            ((1446, 1, 1), (2024, 7, 8)),
        ];
        for ((y, m, d), want) in cases {
            assert_eq!(hijri_to_gregorian(y, m, d), want, "{y}-{m}-{d}");
        }
    }

    #[test]
    fn clitics() {
        assert_eq!(clitic_match("ويوم", "يوم"), Some(2));
        assert_eq!(clitic_match("يوم", "يوم"), Some(0));
        assert_eq!(clitic_match("و", "و"), Some(0));
        assert_eq!(clitic_match("نيوم", "يوم"), None);
    }
}
