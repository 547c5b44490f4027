//! The rules, over the words of one document.

use khabar_gazetteer::Match;

use crate::Entity;
use crate::lexicon::Lexicon;
use crate::tokens::Tok;

mod context;
mod coreference;
mod orgs;
mod people;

/// An entity under construction: its words and its record fields.
#[derive(Clone, Debug)]
struct Ent<'a> {
    /// Word range `ts..te`.
    ts: usize,
    te: usize,
    e: Entity<'a>,
    alive: bool,
}

/// The proclitic spellings reported as `prefix`.
const PREFIXES: [&str; 18] = [
    "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك", "لل", "ولل", "فلل", "ال", "وال",
    "بال", "كال",
];

fn static_prefix(p: &str) -> Option<&'static str> {
    PREFIXES.iter().copied().find(|x| *x == p)
}

/// Removes diacritics, tatweel and invisible controls, and folds runs of
/// space to one space.
fn clean_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let u = c as u32;
        let drop = matches!(u, 0x064B..=0x065F | 0x0670 | 0x0640 | 0x0610..=0x061A | 0x06D6..=0x06ED
            | 0x00AD | 0x061C | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060 | 0x2066..=0x2069 | 0xFEFF);
        if drop {
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Whether an unknown word looks like a verb or a verbal noun with a
/// preposition rather than a name: سيعود، ستبدأ (future), بمحاربة، لتطوير
/// (preposition + a noun of the مفعلة/تفعيل patterns).
fn verb_shaped(w: &str, letters: u8) -> bool {
    let mut cs = w.chars();
    let (a, b) = (cs.next(), cs.next());
    match (a, b) {
        (Some('س'), Some('ي' | 'ت' | 'ن')) => letters >= 5,
        (Some('ب' | 'ل'), Some('م' | 'ت')) => letters >= 6,
        _ => false,
    }
}

/// One document's words, gazetteer entities and found names.
pub(crate) struct Doc<'a, 'd> {
    text: &'d str,
    norm: &'d str,
    toks: &'d [Tok],
    lx: &'a Lexicon,
    ents: Vec<Ent<'a>>,
    /// For each word, the index + 1 of the live entity covering it (0: none).
    cover: Vec<u32>,
}

impl<'a, 'd> Doc<'a, 'd> {
    pub fn new(
        text: &'d str,
        norm: &'d str,
        toks: &'d [Tok],
        lx: &'a Lexicon,
        matches: &[Match<'a>],
        mut cover: Vec<u32>,
    ) -> Doc<'a, 'd> {
        cover.clear();
        cover.resize(toks.len(), 0);
        // Room for the patterns too: growing the vector costs a copy.
        let mut ents = Vec::with_capacity(matches.len() * 2 + 16);
        // Words and matches are both in text order: one forward walk.
        let mut t = 0;
        for m in matches {
            while t < toks.len() && toks[t].oe <= m.start {
                t += 1;
            }
            let ts = t;
            let mut te = t;
            while te < toks.len() && toks[te].os < m.end {
                te += 1;
            }
            ents.push(Ent {
                ts,
                te: te.max(ts),
                e: Entity::from_match(m),
                alive: true,
            });
        }
        let mut doc = Doc {
            text,
            norm,
            toks,
            lx,
            ents,
            cover,
        };
        doc.recover();
        doc
    }

    fn recover(&mut self) {
        self.cover.iter_mut().for_each(|c| *c = 0);
        for (i, e) in self.ents.iter().enumerate() {
            if e.alive {
                for c in &mut self.cover[e.ts..e.te.min(self.toks.len())] {
                    *c = i as u32 + 1;
                }
            }
        }
    }

    fn covering(&self, t: usize) -> Option<&Ent<'a>> {
        match self.cover.get(t) {
            Some(&c) if c > 0 => self.ents.get(c as usize - 1),
            _ => None,
        }
    }

    fn flags(&self, t: usize) -> u32 {
        self.toks.get(t).map_or(0, |x| x.lk.flags)
    }

    fn hard(&self, t: usize) -> bool {
        self.toks.get(t).is_none_or(|x| x.hard)
    }

    /// The word as normalized.
    fn word(&self, t: usize) -> &'d str {
        self.toks.get(t).map_or("", |x| &self.norm[x.s..x.e])
    }

    /// The word without the proclitics the lexicon stripped.
    fn stem(&self, t: usize) -> &'d str {
        self.toks
            .get(t)
            .map_or("", |x| &self.norm[x.s + usize::from(x.lk.pre)..x.e])
    }

    /// Whether the word, with any proclitic stripped, is `cue`.
    fn word_is(&self, t: usize, cue: &str) -> bool {
        let w = self.word(t);
        if w == cue {
            return true;
        }
        for c in ["", "و", "ف"] {
            let Some(r) = w.strip_prefix(c) else { continue };
            for p in ["", "ب", "ل", "ك"] {
                let Some(r) = r.strip_prefix(p) else { continue };
                if r == cue {
                    return true;
                }
                if p == "ل"
                    && let Some(r) = r.strip_prefix('ل')
                    && cue.strip_prefix("ال") == Some(r)
                {
                    return true;
                }
            }
        }
        false
    }
    /// The live entities, sorted by start.
    /// Appends the live entities to `out`, sorted by start; gives back the
    /// cover buffer for the next document.
    pub fn finish(self, out: &mut Vec<Entity<'a>>) -> Vec<u32> {
        out.extend(self.ents.into_iter().filter(|e| e.alive).map(|e| e.e));
        out.sort_by_key(|e| (e.start, e.end));
        self.cover
    }
}
