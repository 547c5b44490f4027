//! An independent reference of the key, written from the documented rules
//! (the crate README's matching rules and alternation table, the
//! normalizer's search profile), one character at a time.
//!
//! It shares nothing with the transcoder it checks: no code table, no
//! `khabar_normalize` call, no constant of `key.rs`. Every rule is a
//! `match` on characters, written out, so that a reader can check it
//! against the README line by line. Only the output format is common: a
//! key byte is an ASCII character as itself, an Arabic letter ء..ي as
//! 0x80 plus its distance from ء, and 0xFE / 0xFF for a word / non-word
//! character without a code of its own ([`Unit::from_byte`]).

/// One unit of the key: what a key byte stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    /// A character with a code of its own (ASCII, or an Arabic letter
    /// ء..ي), after the folds.
    Own(char),
    /// A letter or digit without a code of its own (another script, a
    /// rare Arabic-script letter).
    Word,
    /// Any other character without a code of its own.
    NonWord,
}

impl Unit {
    /// The unit a key byte encodes (the key's byte format).
    pub(crate) fn from_byte(b: u8) -> Unit {
        match b {
            0x00..=0x7F => Unit::Own(b as char),
            0xFE => Unit::Word,
            0xFF => Unit::NonWord,
            _ => Unit::Own(char::from_u32(0x0621 + u32::from(b - 0x80)).unwrap_or('\u{FFFD}')),
        }
    }

    /// True for letters and digits: the characters words are made of.
    pub(crate) fn is_word(self) -> bool {
        match self {
            Unit::Own(c) => c.is_alphanumeric(),
            Unit::Word => true,
            Unit::NonWord => false,
        }
    }

    /// The key's g alternation: غ ج ق are one unit in the key (the
    /// spelling keeps them apart).
    pub(crate) fn key(self) -> Unit {
        match self {
            Unit::Own('ج' | 'ق') => Unit::Own('غ'),
            u => u,
        }
    }
}

/// What the spelling makes of one character.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Spelt {
    /// Nothing: marks, tatweel, invisible controls.
    Dropped,
    /// A separator: white space and dashes.
    Separator,
    /// One unit, or two for a lam-alef ligature.
    Units(Vec<Unit>),
}

/// The spelling of one character, by the documented rules.
pub(crate) fn spell(c: char) -> Spelt {
    let one = |u| Spelt::Units(vec![u]);
    let own = |c| one(Unit::Own(c));
    match c {
        // ASCII: letters lowercased, white space and the hyphen are
        // separators, the other C0 controls and DEL are dropped.
        'A'..='Z' => own(c.to_ascii_lowercase()),
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | ' ' | '-' => Spelt::Separator,
        '\0'..='\u{1F}' | '\u{7F}' => Spelt::Dropped,
        '\u{20}'..='\u{7E}' => own(c),

        // Alef and hamza seats fold to the bare letter: آ أ إ ٱ ٲ ٳ ٵ → ا,
        // ؤ → و, ئ → ي.
        'آ' | 'أ' | 'إ' | 'ٱ' | 'ٲ' | 'ٳ' | 'ٵ' => own('ا'),
        'ؤ' => own('و'),
        'ئ' => own('ي'),
        // ى → ي, ة → ه at word ends (and everywhere: the key cannot tell).
        'ى' => own('ي'),
        'ة' => own('ه'),
        // Letters of Persian, Urdu, Kurdish and Maghrebi spelling that
        // transliterated names borrow: ڤ ڥ → ف, پ → ب, چ → ج, ژ → ز,
        // ک ڪ ڭ → ك, ی ې ے → ي, ۀ ہ ھ ە → ه, and گ ڨ → غ (the g-letters).
        'ڤ' | 'ڥ' => own('ف'),
        'پ' => own('ب'),
        'چ' => own('ج'),
        'ژ' => own('ز'),
        'ک' | 'ڪ' | 'ڭ' => own('ك'),
        'ی' | 'ې' | 'ے' => own('ي'),
        'ۀ' | 'ہ' | 'ھ' | 'ە' => own('ه'),
        'گ' | 'ڨ' => own('غ'),
        // The Arabic letters keep their own code.
        'ء'..='غ' | 'ف'..='ي' => own(c),
        // Arabic-Indic digits (both sets) are ASCII digits; ٪ is %.
        '٠'..='٩' => own(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '۰'..='۹' => own(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        '٪' => own('%'),

        // Dropped: tatweel, the harakat and Quranic marks of the Arabic
        // block and of Arabic Extended-A, the Arabic letter mark.
        'ـ' | '\u{061C}' => Spelt::Dropped,
        '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' => Spelt::Dropped,
        '\u{06D6}'..='\u{06ED}' | '\u{08D3}'..='\u{08E1}' | '\u{08E3}'..='\u{08FF}' => {
            Spelt::Dropped
        }
        // Dropped: invisible format controls (soft hyphen, Mongolian vowel
        // separator, zero-width joiners, direction marks, embeddings and
        // isolates, invisible operators, byte order mark).
        '\u{00AD}' | '\u{180E}' | '\u{200C}'..='\u{200F}' | '\u{202A}'..='\u{202E}' => {
            Spelt::Dropped
        }
        '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' => Spelt::Dropped,
        // The zero-width space marks a word break.
        '\u{200B}' => Spelt::Separator,
        // Dashes and minus signs separate like the hyphen.
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => {
            Spelt::Separator
        }
        // Presentation forms B: the letters are their Unicode
        // decomposition (a lam-alef ligature is two letters); the row of
        // harakat forms U+FE70..FE7F is dropped.
        '\u{FE70}'..='\u{FE7F}' => Spelt::Dropped,
        '\u{FE80}'..='\u{FEFC}' => match forms_b(c) {
            Some(letters) => Spelt::Units(
                letters
                    .iter()
                    .flat_map(|&l| match spell(l) {
                        Spelt::Units(u) => u,
                        _ => Vec::new(),
                    })
                    .collect(),
            ),
            None => one(Unit::NonWord),
        },

        // Everything else by its Unicode class.
        c if c.is_whitespace() => Spelt::Separator,
        c if c.is_alphanumeric() => one(Unit::Word),
        _ => one(Unit::NonWord),
    }
}

/// The Unicode decomposition of a presentation form B, read from the
/// normalizer's copy of the Unicode Character Database (a data file, not
/// a table of the key).
fn forms_b(c: char) -> Option<Vec<char>> {
    const DATA: &str = include_str!("../../../normalize/data/presentation-forms.tsv");
    let hex = format!("{:04X}", c as u32);
    DATA.lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| {
            let mut f = l.split('\t');
            (f.next() == Some(hex.as_str())).then(|| f.nth(1))?
        })
        .map(|d| {
            d.split(' ')
                .filter_map(|h| u32::from_str_radix(h, 16).ok().and_then(char::from_u32))
                .collect()
        })
}

/// The spelling of a name: its units, separator runs as one `None`, no
/// separator at either end.
pub(crate) fn spelling(text: &str) -> Vec<Option<Unit>> {
    let mut out: Vec<Option<Unit>> = Vec::new();
    for c in text.chars() {
        match spell(c) {
            Spelt::Dropped => {}
            Spelt::Separator => {
                if out.last().is_some_and(|u| u.is_some()) {
                    out.push(None);
                }
            }
            Spelt::Units(u) => out.extend(u.into_iter().map(Some)),
        }
    }
    if out.last() == Some(&None) {
        out.pop();
    }
    out
}

/// The key of a text: its spelling without separators, g-letters as one.
pub(crate) fn key(text: &str) -> Vec<Unit> {
    spelling(text)
        .into_iter()
        .flatten()
        .map(Unit::key)
        .collect()
}

/// One key unit of a text with where it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Placed {
    /// The key unit.
    pub unit: Unit,
    /// Byte offset of the character it comes from.
    pub pos: usize,
    /// A separator, or the start of the text, stands before it.
    pub gap: bool,
}

/// The transcoding of a text: every key unit with its position and gap,
/// and the word starts.
pub(crate) fn transcode(text: &str) -> (Vec<Placed>, Vec<u32>) {
    let mut out: Vec<Placed> = Vec::new();
    let mut gap = true;
    for (pos, c) in text.char_indices() {
        match spell(c) {
            Spelt::Dropped => {}
            Spelt::Separator => gap = true,
            Spelt::Units(units) => {
                for u in units {
                    out.push(Placed {
                        unit: u.key(),
                        pos,
                        gap,
                    });
                    gap = false;
                }
            }
        }
    }
    // A word starts at the first unit, after a gap, after a character
    // that is not part of a word, and at such a character.
    let mut starts: Vec<u32> = (0..out.len())
        .filter(|&i| i == 0 || out[i].gap || !out[i - 1].unit.is_word() || !out[i].unit.is_word())
        .map(|i| i as u32)
        .collect();
    starts.push(out.len() as u32);
    (out, starts)
}
