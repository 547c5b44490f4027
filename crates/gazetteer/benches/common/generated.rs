//! Generated gazetteers and texts, shared by the criterion bench
//! (`benches/gazetteer.rs`) and the scale example (`examples/scale.rs`), so
//! that both measure the same names and the same text.
//!
//! Names are made of Arabic syllables from a fixed-seed generator, so runs
//! are repeatable; the text is filler words with a gazetteer name every 20
//! words, and the number of names planted is returned so a run can check
//! that it found them all. `cpu_s` measures the examples in CPU time.
// Included by several targets, each using a part of it.
#![allow(dead_code)]

/// Syllables of the generated names: a mix of g-letters, hamza seats and
/// plain letters, like transliterated foreign names.
pub const SYLLABLES: &[&str] = &[
    "با", "تو", "كي", "مو", "سا", "ري", "نو", "لا", "دي", "غو", "جا", "فو", "شي", "زو", "را", "هي",
    "وا", "يو", "قا", "ثي", "خو", "صا", "طو", "عي", "بن", "ست", "كر", "مل", "ئي", "دو", "تش", "فس",
    "نك", "رد", "لي", "مي",
];

/// Filler words: none is a syllable pair, so none is a generated name.
pub const FILLER: &[&str] = &[
    "قال",
    "في",
    "إن",
    "الوزير",
    "بيان",
    "اليوم",
    "الذي",
    "أعلن",
    "عن",
    "الاتفاق",
    "بين",
    "البلدين",
];

/// The seed every measurement starts from.
pub const SEED: u64 = 0x9E37_79B9_7F4A_7C15;

/// xorshift64*: a small deterministic generator.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// One element of `xs`.
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

/// `n` names of two or three words of two or three syllables each.
pub fn names(rng: &mut Rng, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| {
            let words = 2 + (rng.next() % 2) as usize;
            (0..words)
                .map(|_| {
                    (0..2 + rng.next() % 2)
                        .map(|_| rng.pick(SYLLABLES))
                        .collect::<String>()
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// At least `min_len` bytes of filler with one of `names` every 20 words;
/// returns the text and how many names it holds.
pub fn text(rng: &mut Rng, names: &[String], min_len: usize) -> (String, usize) {
    let mut text = String::new();
    let mut planted = 0;
    let mut w = 0usize;
    while text.len() < min_len {
        if w % 20 == 19 {
            text.push_str(&names[(rng.next() % names.len() as u64) as usize]);
            planted += 1;
        } else {
            text.push_str(rng.pick(FILLER));
        }
        text.push(' ');
        w += 1;
    }
    (text, planted)
}

/// CPU time of this thread in seconds (from the scheduler, in ns), so that
/// a machine shared with other jobs does not inflate the numbers.
pub fn cpu_s() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .next()
                .and_then(|x| x.parse::<u64>().ok())
        })
        .map_or(0.0, |ns| ns as f64 / 1e9)
}
