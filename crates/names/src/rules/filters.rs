//! Filters the context rules ask before looking a word up: which words may
//! be a head noun, which may end with an ambiguous surface.
//!
//! The context rules (a head joining a known name, a club's or an event's
//! name around a known place, a name with several referents) ask the words
//! around every gazetteer match whether they carry a class of `heads.tsv`
//! or end with a listed ambiguous surface. Most of those words are in no
//! list, and most are looked up by no other rule: one lookup each (a few
//! hundred instructions) was a third of the context rules' cost. Only a
//! word that ends with one of the listed stems can have one of their
//! classes, whatever proclitics or article it carries; the filters answer
//! that in one or two multiplications and bit tests.

use std::sync::OnceLock;

use khabar_normalize::{Normalizer, Profile};

use crate::lexicon::{HEADS, Lexicon};

/// The classes only `heads.tsv` gives a word.
#[cfg(test)]
const HEAD_CLASSES: u32 = {
    use crate::lexicon::class::*;
    ORG_HEAD
        | LOC_HEAD
        | EVENT_HEAD
        | CLUB_PRE
        | CLUB_POST
        | HEAD_INCLUDED
        | STRONG_HEAD
        | PLACE_NAMED
        | SAME_REFERENT
        | KUNYA_HEAD
        | DIVISION
};

/// A set of stems as two bitmaps: one keyed by the last three letters (six
/// bytes) of the stems of three letters or more, one by the last two
/// letters (four bytes) of the shorter ones. A span passes when its own
/// last six (or four) bytes have their bit set: whatever proclitics or
/// article it starts with, a span that ends with a stem of the set passes
/// (a superset: the filter only spares lookups).
#[derive(Clone, Debug)]
pub(crate) struct Stems {
    /// Keyed by the last six bytes.
    long: Vec<u64>,
    /// Keyed by the last four bytes (stems of four or five bytes).
    short: Vec<u64>,
    /// Whether there are stems of four or five bytes.
    any_short: bool,
    /// Whether there are stems shorter than four bytes (then every span
    /// passes).
    tiny: bool,
}

impl Stems {
    const LONG_BITS: u32 = 14;
    const SHORT_BITS: u32 = 10;

    /// The set of `stems` (normalized).
    pub fn of<'w>(stems: impl Iterator<Item = &'w str>) -> Stems {
        let mut h = Stems {
            long: vec![0; (1 << Stems::LONG_BITS) / 64],
            short: vec![0; (1 << Stems::SHORT_BITS) / 64],
            any_short: false,
            tiny: false,
        };
        for stem in stems {
            let b = stem.as_bytes();
            let n = b.len();
            if n == 0 {
                continue;
            }
            if n < 4 {
                h.tiny = true;
                continue;
            }
            let mut x = [0u8; 8];
            let t = n.min(8);
            x[8 - t..].copy_from_slice(&b[n - t..]);
            let last8 = u64::from_le_bytes(x);
            if n >= 6 {
                let bit = Stems::long_bit(last8);
                h.long[bit / 64] |= 1 << (bit % 64);
            } else {
                let bit = Stems::short_bit(last8);
                h.short[bit / 64] |= 1 << (bit % 64);
                h.any_short = true;
            }
        }
        h
    }

    /// The stems of the built-in `heads.tsv`, keyed as the lexicon keys
    /// them (a word with the article without it), built at the first call.
    /// The lexicon is always the built-in one.
    pub fn heads() -> &'static Stems {
        static HEADS_FILTER: OnceLock<Stems> = OnceLock::new();
        HEADS_FILTER.get_or_init(|| {
            let norm = Normalizer::new(Profile::Search);
            let words: Vec<String> = head_words(HEADS.text)
                .map(|w| {
                    let w: String = norm
                        .normalize(w)
                        .as_str()
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect();
                    match w.strip_prefix("ال") {
                        Some(rest) if rest.chars().count() >= 2 => rest.to_string(),
                        _ => w,
                    }
                })
                .collect();
            Stems::of(words.iter().map(String::as_str))
        })
    }

    /// The ambiguous surfaces of `lx` (its sense keys), built at the first
    /// call (the lexicon is always the built-in one).
    pub fn senses(lx: &Lexicon) -> &'static Stems {
        static SENSES_FILTER: OnceLock<Stems> = OnceLock::new();
        SENSES_FILTER.get_or_init(|| Stems::of(lx.senses.keys().map(|k| &**k)))
    }

    /// The bit of the top six bytes of `last8`.
    #[inline(always)]
    fn long_bit(last8: u64) -> usize {
        ((last8 >> 16).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Stems::LONG_BITS)) as usize
    }

    /// The bit of the top four bytes of `last8`.
    #[inline(always)]
    fn short_bit(last8: u64) -> usize {
        ((last8 >> 32).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Stems::SHORT_BITS)) as usize
    }

    /// Whether the span `text[s..e]` may end with a stem of the set: the
    /// stem a word is looked up by after its proclitics and article (the
    /// heads), or a listed surface after the proclitics (the senses).
    #[inline(always)]
    pub fn may_end(&self, text: &[u8], s: usize, e: usize) -> bool {
        if e <= s || e > text.len() {
            return false;
        }
        if self.tiny {
            return true;
        }
        let n = e - s;
        // The eight bytes ending at `e`: a stem's last bytes are the top
        // bytes (the bytes before the span never count: only the top four
        // or six are keyed, and only when the span is that long).
        let last8 = match e.checked_sub(8).and_then(|a| text.get(a..e)) {
            Some(&[a, b, c, d, f, g, h, i]) => u64::from_le_bytes([a, b, c, d, f, g, h, i]),
            _ => Stems::short_tail(text, s, e),
        };
        if n >= 6 {
            let bit = Stems::long_bit(last8);
            if self.long[bit / 64] & (1 << (bit % 64)) != 0 {
                return true;
            }
        }
        if self.any_short && n >= 4 {
            let bit = Stems::short_bit(last8);
            return self.short[bit / 64] & (1 << (bit % 64)) != 0;
        }
        false
    }

    /// The last bytes of a span that ends within the text's first eight
    /// bytes, zeros before it.
    #[cold]
    fn short_tail(text: &[u8], s: usize, e: usize) -> u64 {
        let x = &text[s..e];
        let n = x.len();
        let t = n.min(8);
        let mut b = [0u8; 8];
        b[8 - t..].copy_from_slice(&x[n - t..]);
        u64::from_le_bytes(b)
    }
}

/// The first field of each data line of a `heads.tsv` text (the lexicon
/// reads the lines the same way).
fn head_words(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter_map(|line| {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            return None;
        }
        let mut cols = line.split('\t');
        let word = cols.next().map(str::trim);
        // LOC-PRE and LOC-ADJ words (كفر، الكبرى) are inside a place name
        // the place rule reads; no context rule asks for them.
        match cols.next().map(str::trim) {
            Some("LOC-PRE" | "LOC-ADJ") => None,
            _ => word,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> &'static Lexicon {
        static LX: OnceLock<Lexicon> = OnceLock::new();
        LX.get_or_init(|| Lexicon::builtin(&Normalizer::new(Profile::Search)).expect("lexicon"))
    }

    fn normalized(w: &str) -> String {
        Normalizer::new(Profile::Search)
            .normalize(w)
            .as_str()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    }

    fn head(w: &str) -> bool {
        Stems::heads().may_end(w.as_bytes(), 0, w.len())
    }

    /// The proclitic spellings the lexicon strips before a surface.
    const PROCLITICS: [&str; 12] = [
        "", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك",
    ];

    /// Every word of `heads.tsv`, bare, with the article and with
    /// proclitics, is a head word for the lexicon and passes the filter;
    /// common words that are no head are refused.
    #[test]
    fn every_listed_head_passes() {
        let mut n = 0;
        for w in head_words(HEADS.text) {
            let w = normalized(w);
            let stem = w.strip_prefix("ال").unwrap_or(&w);
            assert!(lexicon().lookup(&w).flags & HEAD_CLASSES != 0, "{w}");
            for p in PROCLITICS {
                for form in [
                    format!("{p}{w}"),
                    format!("{p}ال{stem}"),
                    format!("{p}ل{stem}"),
                ] {
                    if lexicon().lookup(&form).flags & HEAD_CLASSES != 0 {
                        assert!(head(&form), "{form}");
                    }
                }
            }
            n += 1;
        }
        assert!(n > 100, "{n} heads");
        for w in ["قال", "الرئيس", "محمد", "اليوم", "الاسبوع", "في", "والذي"]
        {
            assert!(!head(&normalized(w)), "{w}");
        }
    }

    /// Every ambiguous surface passes the surfaces' filter after any
    /// proclitic the rules strip, also inside a longer text.
    #[test]
    fn every_sense_passes() {
        let senses = Stems::senses(lexicon());
        assert!(!lexicon().senses.is_empty());
        for k in lexicon().senses.keys() {
            for p in PROCLITICS {
                let text = format!("قال {p}{k}");
                let s = text.len() - k.len() - p.len();
                assert!(senses.may_end(text.as_bytes(), s, text.len()), "{p}{k}");
                let text = format!("{p}{k}");
                assert!(senses.may_end(text.as_bytes(), 0, text.len()), "{p}{k}");
            }
        }
        let text = "قال الرئيس محمد";
        assert!(!senses.may_end(text.as_bytes(), 0, text.len()));
    }

    proptest::proptest! {
        /// The heads filter never refuses a word the lexicon gives a head
        /// class, on words made of proclitics, the article, head stems,
        /// other listed words and letters, read alone or inside a text.
        #[test]
        fn never_refuses_a_head(
            before in proptest::sample::select(vec!["", "ا", "في "]),
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "و", "ف", "ب", "ل", "ك", "ال", "لل", "شركه", "مدينه", "بطوله", "ريال",
                    "يونايتد", "محافظه", "جزيره", "نادي", "وزاره", "دوري", "كاس", "حزب",
                    "الرئيس", "قال", "محمد", "ا", "م", "ه", "ي", "ن", "ت", "ر", "a", "7", "é",
                ]),
                1..6,
            )
        ) {
            let w: String = parts.concat();
            let text = format!("{before}{w}");
            let f = lexicon().lookup(&w).flags;
            if f & HEAD_CLASSES != 0 {
                proptest::prop_assert!(
                    Stems::heads().may_end(text.as_bytes(), before.len(), text.len()),
                    "{}", w
                );
            }
        }

        /// The surfaces' filter never refuses a surface the lexicon lists,
        /// after the proclitics the rules strip (none, one, or two).
        #[test]
        fn never_refuses_a_sense(
            before in proptest::sample::select(vec!["", "ا", "في "]),
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "و", "ف", "ب", "ل", "ك", "ال", "عمان", "الجزيره", "جده", "جورجيا",
                    "الهلال", "قال", "ا", "ه", "ي", "ن", " ", "a",
                ]),
                1..5,
            )
        ) {
            let w: String = parts.concat();
            let text = format!("{before}{w}");
            let wb = w.as_bytes();
            let l = |i: usize| wb.get(i..i + 2);
            let is = |i: usize, set: &[&str]| l(i).is_some_and(|x| set.iter().any(|c| c.as_bytes() == x));
            let mut offsets = vec![0];
            if is(0, &["و", "ف", "ب", "ل", "ك"]) {
                offsets.push(2);
            }
            if is(0, &["و", "ف"]) && is(2, &["ب", "ل", "ك"]) {
                offsets.push(4);
            }
            let listed = offsets
                .iter()
                .any(|&p| w.get(p..).is_some_and(|r| lexicon().sense(r).is_some()));
            if listed {
                proptest::prop_assert!(
                    Stems::senses(lexicon()).may_end(text.as_bytes(), before.len(), text.len()),
                    "{}", w
                );
            }
        }
    }
}
