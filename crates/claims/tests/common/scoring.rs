//! Scoring claims and groups against a gold file (the format of
//! `tests/data/seeds-claims.json`).

use std::collections::HashMap;

use khabar_claims::RunOptions;
use khabar_claims::group::Grouper;
use serde_json::Value;

use super::{Article, add_claims};

/// Folds a source for comparison: no diacritics, one alef, no ل/لل
/// proclitic, no leading و.
pub fn norm_source(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|c| !('\u{064B}'..='\u{065F}').contains(c))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            _ => c,
        })
        .collect();
    let s = s.trim();
    let s = if let Some(r) = s.strip_prefix("لل") {
        format!("ال{r}")
    } else {
        s.strip_prefix('ل').unwrap_or(s).to_string()
    };
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub struct Scores {
    pub required: usize,
    pub found: usize,
    pub source_ok: usize,
    pub subject_ok: usize,
    pub pair_tp: usize,
    pub pair_fp: usize,
    pub pair_fn: usize,
    pub disagreements_missing: Vec<String>,
    pub report: String,
}

impl Scores {
    pub fn recall(&self) -> f64 {
        self.found as f64 / self.required.max(1) as f64
    }
    pub fn source(&self) -> f64 {
        self.source_ok as f64 / self.found.max(1) as f64
    }
    pub fn subject(&self) -> f64 {
        self.subject_ok as f64 / self.found.max(1) as f64
    }
    pub fn pair_f1(&self) -> f64 {
        let p = self.pair_tp as f64 / (self.pair_tp + self.pair_fp).max(1) as f64;
        let r = self.pair_tp as f64 / (self.pair_tp + self.pair_fn).max(1) as f64;
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Scores articles against a gold JSON (char offsets).
pub fn score(articles: &[Article], gold: &Value) -> Scores {
    let mut report = String::new();
    let by_id: HashMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
    // Gold claim key → (article id, my claim index).
    let mut matched: HashMap<String, (String, usize)> = HashMap::new();
    let mut s = Scores {
        required: 0,
        found: 0,
        source_ok: 0,
        subject_ok: 0,
        pair_tp: 0,
        pair_fp: 0,
        pair_fn: 0,
        disagreements_missing: Vec::new(),
        report: String::new(),
    };
    let empty = Vec::new();
    let gclaims = gold["claims"].as_array().unwrap_or(&empty);
    for g in gclaims {
        let key = g["key"].as_str().unwrap_or("");
        let doc = g["doc"].as_str().unwrap_or("");
        let required = g["required"].as_bool().unwrap_or(true);
        let (gs, ge) = (
            g["start"].as_u64().unwrap_or(0) as usize,
            g["end"].as_u64().unwrap_or(0) as usize,
        );
        let Some(a) = by_id.get(doc) else {
            continue;
        };
        let mine = a.claims.iter().position(|c| {
            let (fs, fe) = (a.figures[c.figure].0, a.figures[c.figure].1);
            let (cs, ce) = (a.chars.at(fs), a.chars.at(fe));
            cs < ge && gs < ce
        });
        if let Some(i) = mine {
            matched.insert(key.to_string(), (doc.to_string(), i));
        }
        if !required {
            continue;
        }
        s.required += 1;
        let Some(i) = mine else {
            report.push_str(&format!("MISSED  {key}: {}\n", g["figure"]));
            continue;
        };
        s.found += 1;
        let c = &a.claims[i];
        // Subject.
        let mut subjects = vec![g["subject"].as_str().unwrap_or("").to_string()];
        if let Some(alt) = g["subject_alternatives"].as_array() {
            subjects.extend(alt.iter().filter_map(|v| v.as_str()).map(str::to_string));
        }
        let subject_ok = subjects.contains(&c.subject);
        s.subject_ok += usize::from(subject_ok);
        // Source.
        let mut ok_sources: Vec<Option<String>> = vec![g["source"].as_str().map(norm_source)];
        if let Some(alt) = g["source_alternatives"].as_array() {
            ok_sources.extend(alt.iter().map(|v| v.as_str().map(norm_source)));
        }
        let gid = g["source_id"].as_str();
        let source_ok = match &c.source {
            None => ok_sources.contains(&None),
            Some(src) => {
                (gid.is_some() && src.id.as_deref() == gid)
                    || ok_sources.contains(&Some(norm_source(&src.text)))
            }
        };
        s.source_ok += usize::from(source_ok);
        report.push_str(&format!(
            "{} {} {key}: subject {} (gold {}), events {:?}, source {:?} (gold {:?})\n",
            if subject_ok { "subj-ok " } else { "SUBJ-BAD" },
            if source_ok { "src-ok " } else { "SRC-BAD" },
            c.subject,
            subjects.join("|"),
            c.events.names().collect::<Vec<_>>(),
            c.source
                .as_ref()
                .map(|x| format!("{} [{}] {:?}", x.text, x.cue, x.id)),
            g["source"].as_str(),
        ));
    }
    // Grouping: every article's claims through the grouper.
    let mut grouper = Grouper::new(RunOptions {
        min_members: 1,
        ..RunOptions::default()
    });
    for a in articles {
        add_claims(&mut grouper, a);
    }
    let out = grouper.finish();
    let groups: Vec<_> = out.groups().collect();
    let mut pred: HashMap<(String, usize), (usize, bool)> = HashMap::new();
    for (gi, g) in groups.iter().enumerate() {
        for m in &g.members {
            pred.insert((m.doc.clone(), m.figure), (gi, g.disagree));
        }
        if g.members.len() > 1 {
            report.push_str(&format!(
                "group {gi} {} disagree={} : {}\n",
                g.subject,
                g.disagree,
                g.members
                    .iter()
                    .map(|m| format!("{}@{}={}", &m.doc[..3], m.figure, m.text))
                    .collect::<Vec<_>>()
                    .join(" / ")
            ));
        }
    }
    // Gold membership of every scored claim: key → (group, required member).
    let mut gold_group: HashMap<String, (usize, bool)> = HashMap::new();
    let ggroups = gold["groups"].as_array().unwrap_or(&empty);
    for (gi, gg) in ggroups.iter().enumerate() {
        for m in gg["members"].as_array().unwrap_or(&empty) {
            let k = m["claim"].as_str().unwrap_or("").to_string();
            gold_group.insert(k, (gi, m["required"].as_bool().unwrap_or(true)));
        }
    }
    let scored: Vec<(&str, (String, usize))> = gclaims
        .iter()
        .filter(|g| g["required"].as_bool().unwrap_or(true))
        .filter_map(|g| {
            let k = g["key"].as_str()?;
            let member_required = gold_group.get(k).is_none_or(|(_, r)| *r);
            if !member_required {
                return None;
            }
            matched.get(k).map(|m| (k, (m.0.clone(), a_fig(&by_id, m))))
        })
        .collect();
    for i in 0..scored.len() {
        for j in i + 1..scored.len() {
            let (ka, da) = &scored[i];
            let (kb, db) = &scored[j];
            let gs = match (gold_group.get(*ka), gold_group.get(*kb)) {
                (Some(a), Some(b)) => a.0 == b.0,
                _ => false,
            };
            let ps = match (pred.get(da), pred.get(db)) {
                (Some(a), Some(b)) => a.0 == b.0,
                _ => false,
            };
            match (gs, ps) {
                (true, true) => s.pair_tp += 1,
                (false, true) => {
                    s.pair_fp += 1;
                    report.push_str(&format!("PAIR-FP {ka} ~ {kb}\n"));
                }
                (true, false) => {
                    s.pair_fn += 1;
                    report.push_str(&format!("PAIR-FN {ka} ~ {kb}\n"));
                }
                _ => {}
            }
        }
    }
    // Disagreements: a gold group marked disagree must come out flagged.
    for gg in ggroups {
        if gg["disagree"].as_bool() != Some(true) {
            continue;
        }
        let flagged = gg["members"]
            .as_array()
            .unwrap_or(&empty)
            .iter()
            .filter(|m| m["required"].as_bool().unwrap_or(true))
            .any(|m| {
                let k = m["claim"].as_str().unwrap_or("");
                matched
                    .get(k)
                    .and_then(|mm| pred.get(&(mm.0.clone(), a_fig(&by_id, mm))))
                    .is_some_and(|(_, d)| *d)
            });
        if !flagged {
            s.disagreements_missing
                .push(gg["key"].as_str().unwrap_or("").to_string());
        }
    }
    s.report = report;
    s
}

fn a_fig(by_id: &HashMap<&str, &Article>, m: &(String, usize)) -> usize {
    by_id
        .get(m.0.as_str())
        .map_or(usize::MAX, |a| a.claims[m.1].figure)
}
