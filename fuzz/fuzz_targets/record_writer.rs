//! A document made of fuzzed parts (any text, repairs, entities, figures,
//! annotations with links and attributes, plugin errors, pass-through
//! `meta`), or an error, through the record writer: the record must be
//! one line of valid JSON (no raw U+2028/U+2029/U+0085 either), and, when
//! the spans are on character boundaries as the pipeline makes them, every
//! `start`/`end` must be a boundary of `text` in bytes, or a count of
//! characters with `--offsets char`, whose slice is the span's `text`.
//! Spans anywhere (past the end, inside a character) must not make it
//! panic.
#![no_main]

use std::borrow::Cow;

use khabar::decode::{Repair, RepairKind};
use khabar::figures::{Approx, Figure, Kind};
use khabar::names::{Entity, How};
use khabar::plugin_host::{Annotation, Link, PluginError};
use khabar::record::{DocMeta, Offsets, RecordOptions, write_record};
use khabar::{Document, ProcessError, ProcessErrorKind};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

/// A span of `text`: on character boundaries unless `wild`.
fn span(u: &mut Unstructured<'_>, text: &str, wild: bool) -> Result<(usize, usize)> {
    if wild {
        let a = u.int_in_range(0..=text.len() + 8)?;
        let b = u.int_in_range(0..=text.len() + 8)?;
        return Ok((a, b));
    }
    let snap = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = snap(u.int_in_range(0..=text.len())?);
    let end = snap(u.int_in_range(start..=text.len())?);
    Ok((start, end.max(start)))
}

fn json(u: &mut Unstructured<'_>) -> Result<Option<Value>> {
    let s: &str = u.arbitrary()?;
    Ok(serde_json::from_str(s).ok())
}

fn float(u: &mut Unstructured<'_>) -> Result<Option<f64>> {
    Ok(match u.int_in_range(0u8..=3)? {
        0 => None,
        1 => Some(f64::from(u.arbitrary::<i32>()?)),
        _ => Some(u.arbitrary::<f64>()?),
    })
}

/// The strings entities borrow (ids, types, prefixes).
struct Strings {
    text: String,
    pool: Vec<String>,
}

fn strings(u: &mut Unstructured<'_>) -> Result<Strings> {
    let text = u.arbitrary()?;
    let pool = (0..4).map(|_| u.arbitrary()).collect::<Result<_>>()?;
    Ok(Strings { text, pool })
}

fn document<'a>(u: &mut Unstructured<'_>, s: &'a Strings, wild: bool) -> Result<Document<'a>> {
    let text = s.text.as_str();
    let pick = |u: &mut Unstructured<'_>| -> Result<&'a str> { Ok(&s.pool[u.choose_index(4)?]) };
    let n = |u: &mut Unstructured<'_>| u.int_in_range(0usize..=4);
    let mut doc = Document {
        text: text.to_string(),
        encoding: u.choose(&["utf-8", "windows-1256", "utf-16le"])?,
        repairs: Vec::new(),
        entities: Vec::new(),
        figures: Vec::new(),
        annotations: Vec::new(),
        plugin_errors: Vec::new(),
        claims: None,
    };
    for _ in 0..n(u)? {
        let (start, end) = span(u, text, wild)?;
        let kind = *u.choose(&[
            RepairKind::Bom,
            RepairKind::Mojibake,
            RepairKind::MojibakeResidue,
            RepairKind::Control,
            RepairKind::InvalidBytes,
        ])?;
        doc.repairs.push(Repair {
            kind,
            start,
            end,
            original: u.arbitrary()?,
        });
    }
    for _ in 0..n(u)? {
        let (start, end) = span(u, text, wild)?;
        doc.entities.push(Entity {
            start,
            end,
            kind: pick(u)?,
            id: if u.arbitrary()? { Some(pick(u)?) } else { None },
            name: Cow::Owned(u.arbitrary()?),
            prefix: if u.arbitrary()? { Some(pick(u)?) } else { None },
            how: *u.choose(&[How::Gazetteer, How::Pattern, How::Coreference])?,
        });
    }
    for _ in 0..n(u)? {
        let (start, end) = span(u, text, wild)?;
        doc.figures.push(Figure {
            start,
            end,
            low: float(u)?,
            high: float(u)?,
            approx: *u.choose(&[
                Approx::Exact,
                Approx::About,
                Approx::AtLeast,
                Approx::MoreThan,
                Approx::AtMost,
                Approx::UpTo,
                Approx::LessThan,
                Approx::Vague,
            ])?,
            unit: u.arbitrary()?,
            kind: *u.choose(&[
                Kind::Count,
                Kind::Percent,
                Kind::Money,
                Kind::Length,
                Kind::Duration,
                Kind::Year,
                Kind::Date,
                Kind::Ordinal,
                Kind::Quantity,
                Kind::Label,
            ])?,
        });
    }
    for _ in 0..n(u)? {
        let (start, end) = span(u, text, wild)?;
        let mut links = Vec::new();
        for _ in 0..u.int_in_range(0usize..=2)? {
            let (start, end) = span(u, text, wild)?;
            links.push(Link {
                role: u.arbitrary()?,
                start,
                end,
            });
        }
        doc.annotations.push(Annotation {
            plugin: u.arbitrary()?,
            label: u.arbitrary()?,
            start,
            end,
            attrs: json(u)?,
            links,
        });
    }
    for _ in 0..n(u)? {
        doc.plugin_errors.push(PluginError {
            plugin: u.arbitrary()?,
            kind: u.arbitrary()?,
            message: u.arbitrary()?,
        });
    }
    Ok(doc)
}

/// Every span object of a record: (`start`, `end`, `text` when it has one).
fn spans(v: &Value) -> Vec<(u64, u64, Option<&str>)> {
    fn take<'v>(o: &'v Value, out: &mut Vec<(u64, u64, Option<&'v str>)>) {
        if let (Some(s), Some(e)) = (o["start"].as_u64(), o["end"].as_u64()) {
            out.push((s, e, o["text"].as_str()));
        }
    }
    let mut out = Vec::new();
    for key in ["repairs", "entities", "figures", "annotations"] {
        for o in v[key].as_array().into_iter().flatten() {
            take(o, &mut out);
            for l in o["links"].as_array().into_iter().flatten() {
                take(l, &mut out);
            }
        }
    }
    out
}

fn run(u: &mut Unstructured<'_>) -> Result<()> {
    let s = strings(u)?;
    let wild: bool = u.arbitrary()?;
    let failed: bool = u.ratio(1, 8)?;
    let result = if failed {
        let kind = *u.choose(&[
            ProcessErrorKind::Binary,
            ProcessErrorKind::Json,
            ProcessErrorKind::Io,
            ProcessErrorKind::TooLarge,
            ProcessErrorKind::Internal,
        ])?;
        Err(ProcessError::new(kind, u.arbitrary::<String>()?))
    } else {
        Ok(document(u, &s, wild)?)
    };
    let id: String = u.arbitrary()?;
    let source: String = u.arbitrary()?;
    let meta: Option<Map<String, Value>> = match json(u)? {
        Some(Value::Object(m)) => Some(m),
        _ => None,
    };
    let meta = DocMeta {
        id: &id,
        source: &source,
        meta: meta.as_ref(),
    };
    let mut records = Vec::new();
    for offsets in [Offsets::Byte, Offsets::Char] {
        let opts = RecordOptions {
            offsets,
            include_text: true,
        };
        let mut out = Vec::new();
        write_record(&mut out, &meta, &result, &opts);
        assert_eq!(out.last(), Some(&b'\n'), "a record ends its line");
        let line = &out[..out.len() - 1];
        assert!(!line.contains(&b'\n'), "a record is one line");
        let raw = String::from_utf8_lossy(line);
        assert!(
            !raw.contains(['\u{2028}', '\u{2029}', '\u{85}']),
            "line separators are escaped"
        );
        let v: Value = match serde_json::from_slice(line) {
            Ok(v) => v,
            Err(e) => panic!("record is not JSON ({e}): {raw}"),
        };
        assert_eq!(v["id"].as_str(), Some(id.as_str()));
        assert_eq!(v["source"].as_str(), Some(source.as_str()));
        records.push(v);
    }
    let Ok(doc) = &result else {
        return Ok(());
    };
    let (bytes, chars) = (&records[0], &records[1]);
    assert_eq!(bytes["text"].as_str(), Some(doc.text.as_str()));
    if wild {
        return Ok(());
    }
    let text = doc.text.as_str();
    let (b, c) = (spans(bytes), spans(chars));
    assert_eq!(b.len(), c.len());
    for ((bs, be, btext), (cs, ce, ctext)) in b.into_iter().zip(c) {
        let (bs, be) = (bs as usize, be as usize);
        assert!(
            bs <= be && be <= text.len(),
            "byte span {bs}..{be} out of range"
        );
        assert!(text.is_char_boundary(bs) && text.is_char_boundary(be));
        assert_eq!(
            cs as usize,
            text[..bs].chars().count(),
            "char offset of {bs}"
        );
        assert_eq!(
            ce as usize,
            text[..be].chars().count(),
            "char offset of {be}"
        );
        assert_eq!(btext, ctext);
        if let Some(t) = btext {
            assert_eq!(t, &text[bs..be], "a span's text is its slice");
        }
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
