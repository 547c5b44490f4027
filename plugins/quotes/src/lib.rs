//! khabar plugin `quotes`: who said what.
//!
//! Arabic news reports speech in two ways: a direct quotation in marks
//! (`“…”`, `«…»`, `"…"`), usually with a reporting verb nearby (`وقالت
//! زاخاروفا إن لافروف “سيزور …”`), and reported speech after a verb and
//! إن/أن or a colon (`وأكد كيم أن النصر حتمي`). Each becomes a `QUOTE`
//! annotation over the quoted words (without the marks), with attributes:
//!
//! * `kind`: `direct` or `reported`;
//! * `verb`: the reporting verb as written, when there is one;
//! * `speaker`: the person entity (`id`, `name`) who said it, or null; its
//!   span is the annotation's `speaker` link (below). The speaker is the first person named after the verb (Arabic
//!   puts the subject after the verb: in `قالت زاخاروفا إن لافروف “…”` the
//!   speaker is زاخاروفا, not the nearer لافروف); without a verb, the nearest
//!   person entity in the sentence. After a continuing verb (أضاف، تابع)
//!   with no name, the previous quote's speaker, with `speaker_inferred`;
//! * `speaker_text`: the words between the verb and the quote (e.g.
//!   `المتحدثة باسم وزارة الخارجية`), when there are any.
//!
//! Links (extra spans, converted with `--offsets char` like the quote's
//! own): `speaker`, the speaker entity's mention; `verb`, the reporting
//! verb.
//!
//! Sentences come from the host ([`Doc::sentences`]: its splitter knows
//! that `د.` or `2.5` end no sentence); a host that gives none (ABI 1.0
//! hosts never do) falls back to splitting at `.`, `!`, `?`, `؟` and new
//! lines.
//!
//! Quotations of fewer than three words are names or terms in quotation
//! marks (`“تاس”`, `“شاهد”`) and are skipped.
#![deny(missing_docs)]

use std::collections::HashMap;

use khabar_plugin_sdk::serde_json::{Map, Value, json};
use khabar_plugin_sdk::{Doc, Entity, Error, Extractor, Output, export_plugin};

const VERBS: &str = include_str!("../data/verbs.tsv");

/// Shortest quotation, in words and in letters (`“سي إن إن”` is a name).
const MIN_WORDS: usize = 3;
const MIN_LETTERS: usize = 10;
/// Longest quotation searched for a closing mark, in bytes.
const MAX_QUOTE: usize = 4000;
/// Words between a verb and its إن/أن/colon.
const MAX_INTRO_GAP: usize = 12;
/// Bytes between a closing mark and a verb that follows it (`”، قال`).
const MAX_VERB_AFTER: usize = 24;

const PAIRS: &[(char, char)] = &[('“', '”'), ('«', '»'), ('"', '"'), ('„', '“')];

fn is_boundary(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '\n')
}

/// A quotation in marks: byte offsets in the original text.
#[derive(Clone, Copy, Debug)]
struct Marked {
    open: usize,
    start: usize,
    end: usize,
    close: usize,
}

/// A word of the normalized text, with its original span.
#[derive(Clone, Copy, Debug)]
struct Word<'t> {
    norm: &'t str,
    start: usize,
    end: usize,
}

/// A reporting verb found in the text.
#[derive(Clone, Copy, Debug)]
struct Verb {
    /// Index in the word list.
    word: usize,
    start: usize,
    end: usize,
    cont: bool,
}

/// The extractor.
pub struct Quotes {
    verbs: HashMap<String, bool>,
}

fn marked(text: &str) -> Vec<Marked> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let open_len = c.len_utf8();
        if let Some(&(_, close_c)) = PAIRS.iter().find(|(o, _)| *o == c) {
            let start = i + open_len;
            let limit = text.len().min(start + MAX_QUOTE);
            let mut found = None;
            for (j, d) in text[start..].char_indices() {
                let at = start + j;
                if at >= limit || d == '\n' {
                    break;
                }
                if d == close_c {
                    found = Some(at);
                    break;
                }
            }
            if let Some(end) = found {
                out.push(Marked {
                    open: i,
                    start,
                    end,
                    close: end + close_c.len_utf8(),
                });
                i = end + close_c.len_utf8();
                continue;
            }
        }
        i += open_len;
    }
    out
}

fn words<'t>(doc: &Doc<'t>) -> Vec<Word<'t>> {
    let norm = doc.normalized();
    let mut out = Vec::new();
    let mut start = None;
    let mut push = |s: usize, e: usize| {
        if let (Some(os), Some(oe)) = (doc.to_original(s), doc.to_original(e)) {
            out.push(Word {
                norm: &norm[s..e],
                start: os,
                end: oe.max(os),
            });
        }
    };
    for (i, c) in norm.char_indices() {
        let letter = c.is_alphanumeric() || c == ':';
        match (letter, start) {
            (true, None) if c == ':' => push(i, i + 1),
            (true, None) => start = Some(i),
            (true, Some(s)) if c == ':' => {
                push(s, i);
                push(i, i + 1);
                start = None;
            }
            (false, Some(s)) => {
                push(s, i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push(s, norm.len());
    }
    out
}

/// `و`/`ف` + word → word.
fn strip_conjunction(w: &str) -> &str {
    for p in ["و", "ف"] {
        if let Some(rest) = w.strip_prefix(p)
            && rest.chars().count() >= 2
        {
            return rest;
        }
    }
    w
}

/// Long enough to be a quotation rather than a name or term in marks.
fn is_speech(s: &str) -> bool {
    word_count(s) >= MIN_WORDS && s.chars().filter(|c| c.is_alphabetic()).count() >= MIN_LETTERS
}

fn word_count(s: &str) -> usize {
    s.split(|c: char| c.is_whitespace() || c == '،' || c == ',')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Start of the sentence containing `at`: the host's sentence when it
/// gave sentences, else the last stop before `at`.
fn sentence_start(doc: &Doc<'_>, at: usize) -> usize {
    match doc.sentence_at(at) {
        Some(s) => s.start(),
        None => naive_sentence_start(doc.text(), at),
    }
}

/// Start of the sentence containing `at`, by stops alone.
fn naive_sentence_start(text: &str, at: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_boundary(c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// End of the sentence starting at or after `from`, not stopping inside a
/// marked quotation.
fn sentence_end(text: &str, from: usize, quotes: &[Marked]) -> usize {
    let mut i = from;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if let Some(q) = quotes.iter().find(|q| q.open == i) {
            i = q.close;
            continue;
        }
        if is_boundary(c) {
            return i;
        }
        i += c.len_utf8();
    }
    text.len()
}

fn speaker_json(e: &Entity<'_>) -> Value {
    json!({ "id": e.id, "name": e.name })
}

/// A quote found: its span, attributes and links (role, start, end).
struct Found {
    start: usize,
    end: usize,
    attrs: Map<String, Value>,
    links: Vec<(&'static str, usize, usize)>,
}

/// The links of a quote: its speaker's mention and its verb.
fn links(speaker: Option<&Entity<'_>>, verb: Option<&Verb>) -> Vec<(&'static str, usize, usize)> {
    let mut l = Vec::with_capacity(2);
    if let Some(e) = speaker {
        l.push(("speaker", e.start, e.end));
    }
    if let Some(v) = verb {
        l.push(("verb", v.start, v.end));
    }
    l
}

impl Quotes {
    fn verbs(&self, ws: &[Word<'_>]) -> Vec<Verb> {
        ws.iter()
            .enumerate()
            .filter_map(|(k, w)| {
                let cont = self
                    .verbs
                    .get(w.norm)
                    .or_else(|| self.verbs.get(strip_conjunction(w.norm)))?;
                Some(Verb {
                    word: k,
                    start: w.start,
                    end: w.end,
                    cont: *cont,
                })
            })
            .collect()
    }

    /// The إن/أن/colon introducing speech after verb `v`, before `limit`:
    /// (its word index, where the speech starts).
    /// Words inside quotation marks never introduce speech (`“سي إن إن”`).
    fn intro(ws: &[Word<'_>], v: &Verb, limit: usize, quotes: &[Marked]) -> Option<(usize, usize)> {
        for k in v.word + 1..ws.len().min(v.word + 1 + MAX_INTRO_GAP) {
            let w = &ws[k];
            if w.start >= limit {
                return None;
            }
            if quotes.iter().any(|q| q.start <= w.start && w.start < q.end) {
                continue;
            }
            match w.norm {
                ":" | "ان" => return Some((k, ws.get(k + 1).map_or(w.end, |n| n.start))),
                "انه" | "انها" | "انهم" | "انهما" | "انهن" | "اننا" | "انني" =>
                {
                    return Some((k, w.start));
                }
                _ => {}
            }
        }
        None
    }
}

impl Extractor for Quotes {
    fn new(_config: &str) -> Result<Self, Error> {
        let mut verbs = HashMap::new();
        for line in VERBS.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let form = cols.next().unwrap_or("").trim();
            let cont = cols.next().map(str::trim) == Some("cont");
            verbs.insert(form.to_string(), cont);
        }
        if verbs.is_empty() {
            return Err(Error::new("the verb list is empty"));
        }
        Ok(Quotes { verbs })
    }

    fn extract(&mut self, doc: &Doc<'_>, out: &mut Output<'_>) -> Result<(), Error> {
        let text = doc.text();
        let quotes = marked(text);
        let ws = words(doc);
        let verbs = self.verbs(&ws);
        let people: Vec<Entity<'_>> = doc.entities().filter(|e| e.kind == "PER").collect();
        let first_person_in =
            |from: usize, to: usize| people.iter().find(|e| e.start >= from && e.end <= to);
        let mut used_verbs = vec![false; verbs.len()];
        let mut last_speaker: Option<&Entity<'_>> = None;
        // Quotes and reported speech, in text order.
        let mut found: Vec<Found> = Vec::new();

        for q in quotes.iter().filter(|q| is_speech(&text[q.start..q.end])) {
            let s0 = sentence_start(doc, q.open);
            let mut a = Map::new();
            a.insert("kind".into(), "direct".into());
            let before = verbs.iter().rposition(|v| v.start >= s0 && v.end <= q.open);
            let after = verbs.iter().position(|v| {
                v.start >= q.close
                    && v.start <= q.close + MAX_VERB_AFTER
                    && !text[q.close..v.start].chars().any(is_boundary)
            });
            let mut speaker = None;
            let mut verb = None;
            if let Some(vi) = before.or(after) {
                used_verbs[vi] = true;
                let v = &verbs[vi];
                verb = Some(v);
                a.insert("verb".into(), text[v.start..v.end].into());
                let limit = if Some(vi) == before {
                    q.open
                } else {
                    sentence_end(text, v.end, &quotes)
                };
                let intro = Self::intro(&ws, v, limit, &quotes);
                let subject_end = intro.map_or(limit, |(k, _)| ws[k].start);
                speaker = first_person_in(v.end, subject_end);
                let between = text[v.end..subject_end]
                    .trim_matches(|c: char| c.is_whitespace() || c == '،' || c == ',');
                // Without إن/أن/colon, only a short subject is surely one
                // (`وقال تشوي “…”`, not `وأكدت مجددا دعم بيونغ يانغ “…”`).
                let max = if intro.is_some() { 10 } else { 2 };
                if !between.is_empty() && word_count(between) <= max {
                    a.insert("speaker_text".into(), between.into());
                }
            }
            if speaker.is_none() && verb.is_none() {
                // No verb: the nearest person in the sentence.
                let s1 = sentence_end(text, q.close, &quotes);
                speaker = people
                    .iter()
                    .filter(|e| {
                        e.start >= s0 && e.end <= s1 && (e.end <= q.open || e.start >= q.close)
                    })
                    .min_by_key(|e| {
                        if e.end <= q.open {
                            q.open - e.end
                        } else {
                            e.start - q.close
                        }
                    });
            }
            if speaker.is_none()
                && verb.is_some_and(|v| v.cont)
                && !a.contains_key("speaker_text")
                && let Some(prev) = last_speaker
            {
                speaker = Some(prev);
                a.insert("speaker_inferred".into(), true.into());
            }
            if speaker.is_some() {
                last_speaker = speaker;
            }
            a.insert("speaker".into(), speaker.map_or(Value::Null, speaker_json));
            found.push(Found {
                start: q.start,
                end: q.end,
                attrs: a,
                links: links(speaker, verb),
            });
        }

        for (vi, v) in verbs.iter().enumerate() {
            if used_verbs[vi] {
                continue;
            }
            let s1 = sentence_end(text, v.end, &quotes);
            let Some((k, start)) = Self::intro(&ws, v, s1, &quotes) else {
                continue;
            };
            // Speech that opens with a quotation mark was handled above.
            if quotes
                .iter()
                .any(|q| q.open >= ws[k].end && q.open <= start + 1 && q.open < s1)
            {
                continue;
            }
            if start >= s1 {
                continue;
            }
            // Stray marks and punctuation at the edges are not speech.
            let edge = |c: char| c.is_whitespace() || "“”«»\"'„،,:;".contains(c);
            let body = text[start..s1].trim_matches(edge);
            let start = start + text[start..s1].find(body).unwrap_or(0);
            let end = start + body.len();
            if body.is_empty() || !is_speech(body) {
                continue;
            }
            if found.iter().any(|f| f.start < end && start < f.end) {
                continue;
            }
            let mut a = Map::new();
            a.insert("kind".into(), "reported".into());
            a.insert("verb".into(), text[v.start..v.end].into());
            let speaker = first_person_in(v.end, ws[k].start);
            let between = text[v.end..ws[k].start]
                .trim_matches(|c: char| c.is_whitespace() || c == '،' || c == ',');
            if !between.is_empty() && word_count(between) <= 10 {
                a.insert("speaker_text".into(), between.into());
            }
            a.insert("speaker".into(), speaker.map_or(Value::Null, speaker_json));
            found.push(Found {
                start,
                end,
                attrs: a,
                links: links(speaker, Some(v)),
            });
        }

        found.sort_by_key(|f| (f.start, f.end));
        let mut spans = Vec::new();
        for Found {
            start,
            end,
            attrs,
            links,
        } in found
        {
            // Spaces and stray marks at the edges are not part of the speech.
            let edge = |c: char| c.is_whitespace() || "“”«»\"'„".contains(c);
            let Some(raw) = text.get(start..end) else {
                continue;
            };
            let body = raw.trim_start_matches(edge);
            let start = start + (raw.len() - body.len());
            let end = start + body.trim_end_matches(edge).len();
            if start >= end {
                continue;
            }
            spans.clear();
            for (role, s, e) in links {
                spans.push((role, doc.span(s, e)?));
            }
            out.add_with_links(
                "QUOTE",
                doc.span(start, end)?,
                &spans,
                Some(&Value::Object(attrs)),
            );
        }
        Ok(())
    }
}

export_plugin!(Quotes);

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn marked_quotes_pair_up_within_a_paragraph() {
        let text = "قال “أ ب” و«ج» ثم “بلا إغلاق\nو\"د\"";
        let got: Vec<&str> = marked(text).iter().map(|q| &text[q.start..q.end]).collect();
        assert_eq!(got, ["أ ب", "ج", "د"]);
    }

    #[test]
    fn sentences() {
        let text = "أ. قال “ب. ج” د؟ هـ";
        let q = marked(text);
        let at = text.find('ق').unwrap();
        assert_eq!(naive_sentence_start(text, at), "أ.".len());
        assert_eq!(&text[at..sentence_end(text, at, &q)], "قال “ب. ج” د");
    }
}
