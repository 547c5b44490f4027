//! The grouped claims as a report: `json` (SPEC §11), `table`, `html`.

use std::io::{self, Write};

use crate::Source;
use crate::group::{GroupData, Grouper, MemberView, interval};
use crate::json;

/// The groups [`Grouper::finish`] formed, in order of their first member.
pub struct Report {
    grouper: Grouper,
    groups: Vec<GroupData>,
}

/// One group, materialized.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// The members' most frequent subject.
    pub subject: String,
    /// Entity ids in at least half of the members' sentences (the source
    /// excluded), most frequent first.
    pub entities: Vec<String>,
    /// Whether the members' intervals have no value in common (vague
    /// members ignored; `about` is not widened).
    pub disagree: bool,
    /// Lowest and highest value stated (vague members only when all are).
    pub spread: Option<(f64, f64)>,
    /// The claims, in input order.
    pub members: Vec<GroupMember>,
}

/// One claim of a group, in its record's offsets.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupMember {
    /// Record id.
    pub doc: String,
    /// Index into the record's figures.
    pub figure: usize,
    /// Figure span start.
    pub start: usize,
    /// Figure span end.
    pub end: usize,
    /// The figure as written.
    pub text: String,
    /// Lower bound.
    pub low: Option<f64>,
    /// Upper bound.
    pub high: Option<f64>,
    /// Qualifier.
    pub approx: String,
    /// Subject of this claim.
    pub subject: String,
    /// Who says it.
    pub source: Option<Source>,
}

fn opt(v: f64) -> Option<f64> {
    (!v.is_nan()).then_some(v)
}

fn member(m: MemberView<'_>) -> GroupMember {
    GroupMember {
        doc: m.doc.to_string(),
        figure: m.figure as usize,
        start: m.start as usize,
        end: m.end as usize,
        text: m.text.to_string(),
        low: opt(m.low),
        high: opt(m.high),
        approx: m.approx.to_string(),
        subject: m.subject.to_string(),
        source: m.source.map(|s| Source {
            text: s.text.to_string(),
            start: s.start as usize,
            end: s.end as usize,
            id: s.id.map(str::to_string),
            cue: s.cue.to_string(),
        }),
    }
}

impl Report {
    pub(crate) fn new(grouper: Grouper) -> Report {
        let min = grouper.parts().min_members().max(1);
        let (mut groups, grouper) = grouper.into_groups();
        groups.retain(|g| g.members().len() >= min);
        Report { grouper, groups }
    }

    /// Number of groups.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether there are no groups.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The groups, materialized one at a time.
    pub fn groups(&self) -> impl Iterator<Item = Group> + '_ {
        self.groups.iter().map(|g| self.group(g))
    }

    fn group(&self, g: &GroupData) -> Group {
        let parts = self.grouper.parts();
        let views: Vec<MemberView<'_>> = g
            .members()
            .iter()
            .filter_map(|&i| parts.member(i))
            .collect();
        let h = self.header(g, &views);
        Group {
            subject: h.subject.to_string(),
            entities: h.entities.iter().map(|e| e.to_string()).collect(),
            disagree: h.disagree,
            spread: h.spread,
            members: views.into_iter().map(member).collect(),
        }
    }

    /// A group's summary, from borrowed views of its members.
    fn header<'a>(&'a self, g: &GroupData, members: &[MemberView<'a>]) -> Header<'a> {
        let parts = self.grouper.parts();
        let mut subjects: Vec<(&str, usize)> = Vec::new();
        for m in members {
            match subjects.iter_mut().find(|(s, _)| *s == m.subject) {
                Some((_, n)) => *n += 1,
                None => subjects.push((m.subject, 1)),
            }
        }
        let subject = subjects
            .iter()
            .max_by_key(|(_, n)| *n)
            .map_or("", |(s, _)| s);
        let mut ents: Vec<(u32, u32)> = g.entity_counts().to_vec();
        ents.sort_by_key(|e| std::cmp::Reverse(e.1));
        let half = members.len().div_ceil(2) as u32;
        let entities = ents
            .iter()
            .filter(|(_, n)| *n >= half)
            .map(|(e, _)| parts.string(*e))
            .collect();
        let (mut lo, mut hi, mut precise) = (f64::NEG_INFINITY, f64::INFINITY, 0usize);
        for m in members {
            if let Some(p) = interval(m.low, m.high, m.approx) {
                lo = lo.max(p.0);
                hi = hi.min(p.1);
                precise += 1;
            }
        }
        let disagree = precise >= 2 && lo > hi;
        let any_precise = members
            .iter()
            .any(|m| m.approx != "vague" && !m.low.is_nan());
        let mut spread: Option<(f64, f64)> = None;
        for m in members {
            if (any_precise && m.approx == "vague") || m.low.is_nan() {
                continue;
            }
            let (l, h) = (m.low, if m.high.is_nan() { m.low } else { m.high });
            spread = Some(match spread {
                None => (l, h),
                Some((a, b)) => (a.min(l), b.max(h)),
            });
        }
        Header {
            subject,
            entities,
            disagree,
            spread,
        }
    }

    /// `{"groups": [...]}` exactly as SPEC §11, one line.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let parts = self.grouper.parts();
        let mut buf = Vec::with_capacity(1 << 16);
        let mut views = Vec::new();
        buf.extend_from_slice(b"{\"groups\":[");
        for (i, g) in self.groups.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            views.clear();
            views.extend(g.members().iter().filter_map(|&i| parts.member(i)));
            let h = self.header(g, &views);
            group_json(&mut buf, &h, &views);
            if buf.len() > 1 << 16 {
                out.write_all(&buf)?;
                buf.clear();
            }
        }
        buf.extend_from_slice(b"]}\n");
        out.write_all(&buf)
    }

    /// An aligned terminal table, one block per group.
    pub fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        for (n, g) in self.groups().enumerate() {
            let spread = g.spread.map_or(String::new(), |(a, b)| range_text(a, b));
            writeln!(
                out,
                "#{} {}  [{}]  spread {}{}",
                n + 1,
                isolate(&g.subject),
                g.entities.join(", "),
                spread,
                if g.disagree { "  DISAGREE" } else { "" }
            )?;
            let rows: Vec<[String; 5]> = g
                .members
                .iter()
                .map(|m| {
                    [
                        value_text(m),
                        m.source.as_ref().map_or("—".to_string(), |s| {
                            s.id.clone().unwrap_or_else(|| s.text.clone())
                        }),
                        m.source.as_ref().map_or(String::new(), |s| s.cue.clone()),
                        m.doc.clone(),
                        format!("{}..{}", m.start, m.end),
                    ]
                })
                .collect();
            let heads = ["value", "source", "cue", "doc", "span"];
            let mut width = heads.map(width_of);
            for r in &rows {
                for (w, c) in width.iter_mut().zip(r) {
                    *w = (*w).max(width_of(c));
                }
            }
            let line = |cells: &[String]| -> String {
                let mut s = String::from("  ");
                for (i, (c, w)) in cells.iter().zip(width).enumerate() {
                    if i > 0 {
                        s.push_str("  ");
                    }
                    s.push_str(&isolate(c));
                    s.extend(std::iter::repeat_n(' ', w - width_of(c)));
                }
                s.trim_end().to_string()
            };
            writeln!(out, "{}", line(&heads.map(String::from)))?;
            for r in &rows {
                writeln!(out, "{}", line(r))?;
            }
            writeln!(out)?;
        }
        Ok(())
    }

    /// One self-contained HTML page: no scripts, no network, no external
    /// assets; right-to-left; per group a table and an SVG chart of each
    /// source's range.
    pub fn write_html(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut s = String::with_capacity(1 << 16);
        s.push_str(HTML_HEAD);
        let total: usize = self.groups.iter().map(|g| g.members().len()).sum();
        s.push_str(&format!(
            "<header><h1>من يقول كم؟</h1><p>{} مجموعة، {} ادعاء. المجموعات التي تختلف مصادرها مميزة باللون الأحمر.</p></header>\n",
            self.groups.len(),
            total
        ));
        for (n, g) in self.groups().enumerate() {
            group_html(&mut s, n + 1, &g);
            if s.len() > 1 << 16 {
                out.write_all(s.as_bytes())?;
                s.clear();
            }
        }
        s.push_str("</body>\n</html>\n");
        out.write_all(s.as_bytes())
    }
}

/// A group's summary fields.
struct Header<'a> {
    subject: &'a str,
    entities: Vec<&'a str>,
    disagree: bool,
    spread: Option<(f64, f64)>,
}

fn group_json(buf: &mut Vec<u8>, g: &Header<'_>, members: &[MemberView<'_>]) {
    buf.extend_from_slice(b"{\"subject\":");
    json::str(buf, g.subject);
    buf.extend_from_slice(b",\"entities\":[");
    for (i, e) in g.entities.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        json::str(buf, e);
    }
    buf.extend_from_slice(b"],\"disagree\":");
    buf.extend_from_slice(if g.disagree { b"true" } else { b"false" });
    buf.extend_from_slice(b",\"spread\":");
    match g.spread {
        Some((a, b)) => {
            buf.push(b'[');
            json::num(buf, Some(a));
            buf.push(b',');
            json::num(buf, Some(b));
            buf.push(b']');
        }
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(b",\"members\":[");
    for (i, m) in members.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        buf.extend_from_slice(b"{\"doc\":");
        json::str(buf, m.doc);
        buf.extend_from_slice(b",\"figure\":");
        json::uint(buf, m.figure as usize);
        buf.extend_from_slice(b",\"start\":");
        json::uint(buf, m.start as usize);
        buf.extend_from_slice(b",\"end\":");
        json::uint(buf, m.end as usize);
        buf.extend_from_slice(b",\"text\":");
        json::str(buf, m.text);
        buf.extend_from_slice(b",\"low\":");
        json::num(buf, opt(m.low));
        buf.extend_from_slice(b",\"high\":");
        json::num(buf, opt(m.high));
        buf.extend_from_slice(b",\"approx\":");
        json::str(buf, m.approx);
        buf.extend_from_slice(b",\"source\":");
        match &m.source {
            None => buf.extend_from_slice(b"null"),
            Some(s) => {
                buf.extend_from_slice(b"{\"text\":");
                json::str(buf, s.text);
                buf.extend_from_slice(b",\"start\":");
                json::uint(buf, s.start as usize);
                buf.extend_from_slice(b",\"end\":");
                json::uint(buf, s.end as usize);
                buf.extend_from_slice(b",\"id\":");
                match s.id {
                    Some(id) => json::str(buf, id),
                    None => buf.extend_from_slice(b"null"),
                }
                buf.extend_from_slice(b",\"cue\":");
                json::str(buf, s.cue);
                buf.push(b'}');
            }
        }
        buf.push(b'}');
    }
    buf.extend_from_slice(b"]}");
}

/// A number for people: integers with thin grouping, others short.
fn num_text(v: f64) -> String {
    if !v.is_finite() {
        return "∞".to_string();
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let s = (v.abs() as u64).to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if v < 0.0 {
            out.insert(0, '-');
        }
        out
    } else {
        format!("{v:.2}")
    }
}

fn range_text(a: f64, b: f64) -> String {
    if a == b {
        num_text(a)
    } else {
        format!("{}–{}", num_text(a), num_text(b))
    }
}

fn approx_mark(a: &str) -> &'static str {
    match a {
        "about" => "≈",
        "at_least" => "≥",
        "more_than" => ">",
        "at_most" | "up_to" => "≤",
        "less_than" => "<",
        "vague" => "~",
        _ => "",
    }
}

fn value_text(m: &GroupMember) -> String {
    let v = match (m.low, m.high) {
        (Some(l), Some(h)) => range_text(l, h),
        (Some(l), None) => format!("{}+", num_text(l)),
        _ => "?".to_string(),
    };
    format!("{}{}", approx_mark(&m.approx), v)
}

/// Display width: characters that are not combining marks or controls.
fn width_of(s: &str) -> usize {
    s.chars()
        .filter(|&c| {
            !(('\u{064B}'..='\u{065F}').contains(&c)
                || c == '\u{0670}'
                || ('\u{0300}'..='\u{036F}').contains(&c)
                || ('\u{200B}'..='\u{200F}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c))
        })
        .count()
}

/// Wraps text that has right-to-left letters in a first-strong isolate, so
/// that a terminal's bidi reordering stays inside the cell.
fn isolate(s: &str) -> String {
    if s.chars().any(|c| ('\u{0590}'..='\u{08FF}').contains(&c)) {
        format!("\u{2068}{s}\u{2069}")
    } else {
        s.to_string()
    }
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

const HTML_HEAD: &str = r#"<!DOCTYPE html>
<html dir="rtl" lang="ar">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>من يقول كم؟ — khabar claims</title>
<style>
body{font-family:"Noto Naskh Arabic","Noto Sans Arabic","DejaVu Sans",Tahoma,sans-serif;margin:1.5rem;color:#1a1a1a;background:#fafafa;line-height:1.5}
header h1{margin:0 0 .25rem;font-size:1.6rem}
section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1rem;margin:1rem 0}
section.disagree{border-color:#c0392b;box-shadow:inset 4px 0 0 #c0392b}
h2{font-size:1.2rem;margin:0 0 .5rem}
.badge{display:inline-block;font-size:.8rem;padding:0 .5rem;border-radius:3px;background:#c0392b;color:#fff;margin-inline-start:.5rem}
.meta{color:#555;font-size:.9rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border-bottom:1px solid #eee;padding:.25rem .5rem;text-align:start;vertical-align:top}
th{background:#f2f2f2;font-weight:600}
td.num{direction:ltr;unicode-bidi:isolate;text-align:end;font-variant-numeric:tabular-nums}
code{direction:ltr;unicode-bidi:isolate}
svg text{font-family:inherit;font-size:12px}
</style>
</head>
<body>
"#;

fn group_html(s: &mut String, n: usize, g: &Group) {
    let class = if g.disagree {
        " class=\"disagree\""
    } else {
        ""
    };
    s.push_str(&format!("<section{class}>\n<h2>{n}. {}", esc(&g.subject)));
    if g.disagree {
        s.push_str("<span class=\"badge\">المصادر مختلفة</span>");
    }
    s.push_str("</h2>\n<p class=\"meta\">");
    if let Some((a, b)) = g.spread {
        s.push_str(&format!(
            "المدى: <bdi dir=\"ltr\">{}</bdi>",
            esc(&range_text(a, b))
        ));
    }
    if !g.entities.is_empty() {
        s.push_str(&format!(
            " · الكيانات: <bdi dir=\"ltr\">{}</bdi>",
            esc(&g.entities.join(", "))
        ));
    }
    s.push_str("</p>\n<table>\n<tr><th>المصدر</th><th>الصيغة</th><th>القيمة</th><th>الوثيقة</th><th>الموضع</th></tr>\n");
    for m in &g.members {
        let src = m.source.as_ref().map_or("—".to_string(), |x| {
            let id =
                x.id.as_ref()
                    .map_or(String::new(), |i| format!(" <code>{}</code>", esc(i)));
            format!(
                "{}{} <span class=\"meta\">({})</span>",
                esc(&x.text),
                id,
                esc(&x.cue)
            )
        });
        s.push_str(&format!(
            "<tr><td>{src}</td><td>{}</td><td class=\"num\">{}</td><td><code>{}</code></td><td class=\"num\">{}–{}</td></tr>\n",
            esc(&m.text),
            esc(&value_text(m)),
            esc(&m.doc),
            m.start,
            m.end
        ));
    }
    s.push_str("</table>\n");
    chart(s, g);
    s.push_str("</section>\n");
}

/// An SVG chart of each member's range; values grow leftwards (RTL).
fn chart(s: &mut String, g: &Group) {
    const W: f64 = 760.0;
    const LABEL: f64 = 230.0;
    const ROW: f64 = 24.0;
    const PAD: f64 = 16.0;
    let rows = g.members.len();
    let h = PAD * 2.0 + ROW * rows as f64 + 18.0;
    let max = g
        .members
        .iter()
        .filter_map(|m| m.high.or(m.low))
        .fold(0.0f64, f64::max)
        .max(1.0)
        * 1.1;
    let x0 = W - LABEL - 10.0; // value 0
    let x1 = 110.0; // value max (room for the value labels on its left)
    let x = |v: f64| x0 - (v.max(0.0) / max) * (x0 - x1);
    s.push_str(&format!(
        "<svg width=\"{W}\" height=\"{h}\" viewBox=\"0 0 {W} {h}\" role=\"img\" aria-label=\"{}\">\n",
        esc(&g.subject)
    ));
    // Axis.
    let axis_y = PAD + ROW * rows as f64 + 2.0;
    s.push_str(&format!(
        "<line x1=\"{x1}\" y1=\"{axis_y}\" x2=\"{x0}\" y2=\"{axis_y}\" stroke=\"#999\"/>\n"
    ));
    for t in [0.0, 0.5, 1.0] {
        let v = max / 1.1 * t;
        let xv = x(v);
        s.push_str(&format!(
            "<line x1=\"{xv:.1}\" y1=\"{PAD}\" x2=\"{xv:.1}\" y2=\"{axis_y}\" stroke=\"#eee\"/><text x=\"{xv:.1}\" y=\"{:.1}\" text-anchor=\"middle\" direction=\"ltr\" fill=\"#666\">{}</text>\n",
            axis_y + 14.0,
            esc(&num_text(v.round()))
        ));
    }
    for (i, m) in g.members.iter().enumerate() {
        let y = PAD + ROW * i as f64 + ROW / 2.0;
        let label = m
            .source
            .as_ref()
            .map_or("بلا مصدر".to_string(), |x| x.text.clone());
        // Isolates keep a Latin id and numbers in their own order inside
        // right-to-left text.
        let label = format!(
            "{} · \u{2066}{}\u{2069}",
            label,
            m.doc.chars().take(12).collect::<String>()
        );
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"start\" direction=\"rtl\" fill=\"#222\">{}</text>\n",
            W - 6.0,
            y + 4.0,
            esc(&label)
        ));
        chart_mark(s, m, y, &x, x0, x1);
    }
    s.push_str("</svg>\n");
}

/// The mark of one member's range in the chart at height `y` (`x` maps a
/// value to its position; `x0` is 0, `x1` the maximum), with its value.
fn chart_mark(s: &mut String, m: &GroupMember, y: f64, x: &impl Fn(f64) -> f64, x0: f64, x1: f64) {
    let color = if m.source.is_some() {
        "#2c6fbb"
    } else {
        "#8a8a8a"
    };
    let Some(low) = m.low else { return };
    let high = m.high.unwrap_or(low);
    let (xa, xb) = (x(low), x(high));
    match m.approx.as_str() {
        "vague" => s.push_str(&format!(
            "<line x1=\"{xa:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{color}\" stroke-width=\"3\" stroke-dasharray=\"4 3\"/>\n",
            x(low * 9.0)
        )),
        "at_least" | "more_than" => s.push_str(&format!(
            "<line x1=\"{xa:.1}\" y1=\"{y:.1}\" x2=\"{x1:.1}\" y2=\"{y:.1}\" stroke=\"{color}\" stroke-width=\"3\" stroke-opacity=\".35\"/><circle cx=\"{xa:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"{color}\"/>\n"
        )),
        "at_most" | "up_to" | "less_than" => s.push_str(&format!(
            "<line x1=\"{x0:.1}\" y1=\"{y:.1}\" x2=\"{xb:.1}\" y2=\"{y:.1}\" stroke=\"{color}\" stroke-width=\"3\" stroke-opacity=\".35\"/><circle cx=\"{xb:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"{color}\"/>\n"
        )),
        _ if (xa - xb).abs() < 4.0 => s.push_str(&format!(
            "<circle cx=\"{xa:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"{color}\"/>\n"
        )),
        _ => s.push_str(&format!(
            "<rect x=\"{xb:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"10\" rx=\"3\" fill=\"{color}\"/>\n",
            y - 5.0,
            xa - xb
        )),
    }
    s.push_str(&format!(
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" direction=\"ltr\" fill=\"#333\">\u{2066}{}\u{2069}</text>\n",
        if m.approx == "vague" { x(low * 9.0) - 8.0 } else { xb - 8.0 },
        y + 4.0,
        esc(&value_text(m))
    ));
}
