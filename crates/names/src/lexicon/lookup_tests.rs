//! The one-pass lookup against the probe-by-probe one it replaced.

use super::*;
use khabar_normalize::Profile;
use std::sync::OnceLock;

fn builtin() -> &'static Lexicon {
    static LX: OnceLock<Lexicon> = OnceLock::new();
    LX.get_or_init(|| Lexicon::builtin(&Normalizer::new(Profile::Search)).expect("lexicon"))
}

/// The lookup as it was written before the one-pass keys: each split
/// probed in turn, a stem at a time, keyed by the stem itself.
fn reference_lookup(lx: &Lexicon, tok: &str) -> Lookup {
    let get = |stem: &str| -> Option<&Classes> {
        if stem.len() < 4 && stem.chars().count() < 2 {
            return None;
        }
        lx.by_stem.get(stem)
    };
    const WAW: [u8; 2] = [0xD9, 0x88];
    const FA: [u8; 2] = [0xD9, 0x81];
    const BA: [u8; 2] = [0xD8, 0xA8];
    const LAM: [u8; 2] = [0xD9, 0x84];
    const KAF: [u8; 2] = [0xD9, 0x83];
    const ALEF: [u8; 2] = [0xD8, 0xA7];
    let b = tok.as_bytes();
    let letter = |i: usize| -> [u8; 2] {
        match b.get(i..i + 2) {
            Some(x) => [x[0], x[1]],
            None => [0, 0],
        }
    };
    let is_conj = |l: [u8; 2]| l == WAW || l == FA;
    let is_prep = |l: [u8; 2]| l == BA || l == LAM || l == KAF;
    let article = |pre: usize| -> usize {
        let after_lam = pre >= 2 && letter(pre - 2) == LAM;
        if after_lam && letter(pre) == LAM {
            2
        } else if letter(pre) == ALEF && letter(pre + 2) == LAM {
            4
        } else {
            0
        }
    };
    let l0 = letter(0);
    let l1 = letter(2);
    let mut splits: [(usize, bool); 3] = [(0, false); 3];
    let mut n = 1;
    if is_conj(l0) || is_prep(l0) {
        splits[n] = (2, l0 == BA || l0 == KAF);
        n += 1;
    }
    if is_conj(l0) && is_prep(l1) {
        splits[n] = (4, l1 == BA || l1 == KAF);
        n += 1;
    }
    let mut best: Option<Lookup> = None;
    for &(pre, no_verb) in &splits[..n] {
        let mask = if no_verb {
            !(class::VERB | class::REPORT)
        } else {
            u32::MAX
        };
        let bare = best.is_none_or(|b| usize::from(b.pre + b.art) > pre);
        if bare
            && let Some(e) = tok.get(pre..).and_then(get)
            && e.bare & mask != 0
        {
            best = Some(Lookup {
                flags: e.bare & mask,
                pre: pre as u8,
                def: false,
                art: 0,
            });
        }
        let art = article(pre);
        if art > 0
            && best.is_none_or(|b| usize::from(b.pre + b.art) > pre + art)
            && let Some(e) = tok.get(pre + art..).and_then(get)
            && e.def != 0
        {
            best = Some(Lookup {
                flags: e.def,
                pre: pre as u8,
                def: true,
                art: art as u8,
            });
        }
    }
    best.unwrap_or_default()
}

/// No two stems of the built-in lists share a key, and each key holds
/// its stem's classes.
#[test]
fn stem_keys_are_distinct() {
    let lx = builtin();
    assert!(lx.by_stem.len() > 5_000, "{}", lx.by_stem.len());
    assert_eq!(lx.words.len(), lx.by_stem.len());
    for (stem, c) in &lx.by_stem {
        let e = lx.words.get(key(stem.as_bytes())).expect("a key");
        assert_eq!((e.bare, e.def), (c.bare, c.def), "{stem}");
    }
}

/// The one-pass lookup gives what the probe-by-probe lookup gives, for
/// every stem of the lists with every proclitic and the article, a
/// letter more or less at either end, and an odd byte.
#[test]
fn lookup_equals_the_reference() {
    let lx = builtin();
    let prefixes = [
        "", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك", "ال", "وال", "فال", "بال",
        "كال", "لل", "ولل", "فلل", "وبال", "فبال", "وكال", "ا", "لا", "x",
    ];
    let suffixes = ["", "ه", "ا", "ي", "ات", "ين", "ون", "x"];
    let mut hits = 0;
    let mut words = 0;
    for stem in lx.by_stem.keys() {
        let cut = stem.char_indices().nth(1).map_or(0, |(i, _)| i);
        for s in [
            &stem[..],
            &stem[cut..],
            &stem[..stem.len() - cut.min(stem.len())],
        ] {
            for p in prefixes {
                for q in suffixes {
                    let w = format!("{p}{s}{q}");
                    let got = lx.lookup(&w);
                    assert_eq!(got, reference_lookup(lx, &w), "{w}");
                    hits += usize::from(got.flags != 0);
                    words += 1;
                }
            }
        }
    }
    assert!(hits > 50_000 && words > hits, "{hits} of {words}");
    for w in [
        "", "و", "ال", "لل", "ولل", "وب", "a", "ab", "وa", "ولا", "بالل",
    ] {
        assert_eq!(lx.lookup(w), reference_lookup(lx, w), "{w}");
    }
}

proptest::proptest! {
    /// The same on random words of proclitics, letters, words of the
    /// lists and odd bytes.
    #[test]
    fn random_lookup_equals_the_reference(
        parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "و", "ف", "ب", "ل", "ك", "ال", "ا", "م", "ح", "د", "ع", "ي", "ن", "س", "ر",
                "ه", "ق", "ت", "ة", "محمد", "الرئيس", "قال", "شركه", "بن", "ابو", "وزير",
                "a", "1", "é",
            ]),
            0..7,
        )
    ) {
        let lx = builtin();
        let w: String = parts.concat();
        proptest::prop_assert_eq!(lx.lookup(&w), reference_lookup(lx, &w), "{}", w);
    }
}
