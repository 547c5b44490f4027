//! A deterministic generator of record streams for scale tests: news-like
//! documents whose sentences state attributed figures (`ووفقا لوزارة
//! الصحة، قتل نحو 1234 شخصا في السودان.`), written as SPEC §3 records with
//! `text`, `entities`, `figures` and `claims` (computed by this crate).
//!
//! Each document tells three stories; a story is one thing counted (a
//! subject, an event, a country, a true value) that several sources report
//! with their own bias, so a good grouping finds one group per story.

use std::io::Write;

use khabar_claims::{Doc, Entity, Figure, claims};

/// xorshift64*: small, fast, deterministic.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// (written unit, unit as the figures stage reports it, kind)
const SUBJECTS: &[(&str, &str, &str)] = &[
    ("شخصا", "شخص", "count"),
    ("جنديا", "جندي", "count"),
    ("منزل", "منزل", "count"),
    ("صاروخا", "صاروخ", "count"),
    ("طائرة مسيرة", "طائرة", "count"),
    ("لاجئ", "لاجئ", "count"),
    ("مدني", "مدني", "count"),
    ("دولار", "دولار", "money"),
];
/// (verb before the figure, verb after a noun subject)
const EVENTS: &[(&str, &str)] = &[
    ("قتل", "قتلوا"),
    ("أصيب", "أصيبوا"),
    ("نزح", "نزحوا"),
    ("أرسلت البلاد", "أرسلوا"),
    ("أطلقت القوات", "أطلقت"),
    ("اعتقلت الشرطة", "اعتقلوا"),
    ("خصصت الحكومة", "خصصت"),
];
/// (name as written after a cue, id)
const SOURCES: &[(&str, Option<&str>)] = &[
    ("وزارة الصحة", Some("ministry-of-health")),
    ("الأمم المتحدة", Some("united-nations")),
    ("وكالة رويترز", Some("reuters")),
    ("الهلال الأحمر", Some("red-crescent")),
    ("مسؤولين محليين", None),
    ("مصادر طبية", None),
    ("الجيش", None),
    ("منظمة الصحة العالمية", Some("who")),
];
const COUNTRIES: &[(&str, &str)] = &[
    ("السودان", "sudan"),
    ("اليمن", "yemen"),
    ("سوريا", "syria"),
    ("ليبيا", "libya"),
    ("لبنان", "lebanon"),
    ("العراق", "iraq"),
    ("الصومال", "somalia"),
    ("أوكرانيا", "ukraine"),
];

struct Story {
    subject: usize,
    event: usize,
    country: usize,
    value: f64,
}

/// Writes records to `out` until at least `target_claims` figures were
/// written; returns (records, claims, bytes). With `with_claims` each record
/// carries `claims`; with `with_text` its `text`.
pub fn generate(
    out: &mut impl Write,
    target_claims: usize,
    seed: u64,
    with_text: bool,
    with_claims: bool,
) -> std::io::Result<(usize, usize, usize)> {
    let mut rng = Rng::new(seed);
    let n_stories = (target_claims / 40).max(1);
    let stories: Vec<Story> = (0..n_stories)
        .map(|_| Story {
            subject: rng.below(SUBJECTS.len()),
            event: rng.below(EVENTS.len()),
            country: rng.below(COUNTRIES.len()),
            value: 10f64.powf(1.0 + (rng.below(5000) as f64) / 1000.0).round(),
        })
        .collect();
    let (mut records, mut n_claims, mut bytes) = (0usize, 0usize, 0usize);
    let mut line = Vec::with_capacity(8192);
    while n_claims < target_claims {
        let mut text = String::new();
        // (start, end, id, kind, name)
        let mut ents: Vec<(usize, usize, &str, &str, &str)> = Vec::new();
        // (start, end, value, approx, unit, kind)
        let mut figs: Vec<(usize, usize, f64, &str, &str, &str)> = Vec::new();
        for _ in 0..3 {
            // Stories are told in bursts: nearby documents share stories.
            let window = 64.min(stories.len());
            let base = (records / 8) % stories.len();
            let st = &stories[(base + rng.below(window)) % stories.len()];
            let (unit_w, unit, kind) = SUBJECTS[st.subject];
            let (pre, post) = EVENTS[st.event];
            let (cname, cid) = COUNTRIES[st.country];
            let src = rng.below(SOURCES.len());
            let (sname, sid) = SOURCES[src];
            let bias = 1.0 + ((src as f64) - 3.5) * 0.02 + (rng.below(100) as f64 - 50.0) / 2000.0;
            let value = (st.value * bias).round().max(1.0);
            let about = rng.below(2) == 0;
            let fig_text = format!(
                "{}{} {}",
                if about { "نحو " } else { "" },
                value as u64,
                unit_w
            );
            let approx = if about { "about" } else { "exact" };
            let country = |text: &mut String, ents: &mut Vec<_>| {
                text.push_str(" في ");
                let s = text.len();
                text.push_str(cname);
                ents.push((s, text.len(), cid, "LOC", cname));
            };
            match rng.below(4) {
                0 => {
                    text.push_str("ووفقا ل");
                    let s = text.len() - "ل".len();
                    text.push_str(sname);
                    if let Some(id) = sid {
                        ents.push((s, text.len(), id, "ORG", sname));
                    }
                    text.push_str("، ");
                    text.push_str(pre);
                    text.push(' ');
                    let fs = text.len();
                    text.push_str(&fig_text);
                    figs.push((fs, text.len(), value, approx, unit, kind));
                    country(&mut text, &mut ents);
                }
                1 => {
                    text.push_str("وقال ");
                    let s = text.len();
                    text.push_str(sname);
                    if let Some(id) = sid {
                        ents.push((s, text.len(), id, "ORG", sname));
                    }
                    text.push_str(" إن ");
                    let fs = text.len();
                    text.push_str(&fig_text);
                    figs.push((fs, text.len(), value, approx, unit, kind));
                    text.push(' ');
                    text.push_str(post);
                    country(&mut text, &mut ents);
                }
                2 => {
                    text.push_str(pre);
                    text.push(' ');
                    let fs = text.len();
                    text.push_str(&fig_text);
                    figs.push((fs, text.len(), value, approx, unit, kind));
                    country(&mut text, &mut ents);
                    text.push_str("، بحسب ");
                    let s = text.len();
                    text.push_str(sname);
                    if let Some(id) = sid {
                        ents.push((s, text.len(), id, "ORG", sname));
                    }
                }
                _ => {
                    text.push_str(pre);
                    text.push(' ');
                    let fs = text.len();
                    text.push_str(&fig_text);
                    figs.push((fs, text.len(), value, approx, unit, kind));
                    country(&mut text, &mut ents);
                }
            }
            text.push_str(". ");
        }
        let entities: Vec<Entity<'_>> = ents
            .iter()
            .map(|e| Entity {
                start: e.0,
                end: e.1,
                id: Some(e.2),
                kind: e.3,
                name: e.4,
            })
            .collect();
        let figures: Vec<Figure<'_>> = figs
            .iter()
            .map(|f| Figure {
                start: f.0,
                end: f.1,
                low: Some(f.2),
                high: Some(f.2),
                approx: f.3,
                unit: Some(f.4),
                kind: f.5,
            })
            .collect();
        line.clear();
        write!(
            line,
            "{{\"id\":\"gen-{records:08}\",\"source\":\"gen\",\"encoding\":\"utf-8\",\"repairs\":[],\"entities\":["
        )?;
        for (i, e) in entities.iter().enumerate() {
            if i > 0 {
                line.push(b',');
            }
            write!(line, "{{\"start\":{},\"end\":{},\"text\":", e.start, e.end)?;
            serde_json::to_writer(&mut line, &text[e.start..e.end])?;
            write!(
                line,
                ",\"id\":\"{}\",\"type\":\"{}\",\"name\":",
                e.id.unwrap_or(""),
                e.kind
            )?;
            serde_json::to_writer(&mut line, e.name)?;
            line.extend_from_slice(b",\"prefix\":null}");
        }
        line.extend_from_slice(b"],\"figures\":[");
        for (i, f) in figures.iter().enumerate() {
            if i > 0 {
                line.push(b',');
            }
            write!(line, "{{\"start\":{},\"end\":{},\"text\":", f.start, f.end)?;
            serde_json::to_writer(&mut line, &text[f.start..f.end])?;
            let v = f.low.unwrap_or(0.0) as u64;
            write!(
                line,
                ",\"low\":{v},\"high\":{v},\"approx\":\"{}\",\"unit\":",
                f.approx
            )?;
            serde_json::to_writer(&mut line, &f.unit)?;
            write!(line, ",\"kind\":\"{}\"}}", f.kind)?;
        }
        line.extend_from_slice(b"],\"annotations\":[]");
        if with_claims {
            let found = claims(&Doc {
                text: &text,
                entities: &entities,
                figures: &figures,
            });
            line.extend_from_slice(b",\"claims\":[");
            for (i, c) in found.iter().enumerate() {
                if i > 0 {
                    line.push(b',');
                }
                c.write_json(&mut line, |b| b);
            }
            line.push(b']');
        }
        if with_text {
            line.extend_from_slice(b",\"text\":");
            serde_json::to_writer(&mut line, &text)?;
        }
        line.extend_from_slice(b"}\n");
        out.write_all(&line)?;
        bytes += line.len();
        records += 1;
        n_claims += figures.len();
    }
    Ok((records, n_claims, bytes))
}
