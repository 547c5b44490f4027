//! The per-character rules of each profile: the single source of truth.
//!
//! Both the fast byte-table engine (built from these rules once per process)
//! and the naive [`crate::reference`] implementation call [`fold_into`], so
//! the two can only differ in how they walk the input and build the offset
//! map, which is exactly what the equivalence tests check.

use std::sync::LazyLock;

use crate::Profile;

/// What one rule does with one character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fold {
    /// The character is kept as is.
    Keep,
    /// The character is removed; it belongs to the kept character before it.
    Delete,
    /// The character is replaced by another one.
    To(char),
}

/// The rule for a character that is not a presentation form.
///
/// Presentation forms are handled by [`fold_into`] through their Unicode
/// decomposition, then each resulting character goes through this function.
pub(crate) fn fold_base(profile: Profile, c: char) -> Fold {
    if let Some(f) = fold_common(c) {
        return f;
    }
    if profile == Profile::Search
        && let Some(f) = fold_search(c)
    {
        return f;
    }
    Fold::Keep
}

/// Rules shared by every profile (the display profile is exactly these).
const fn fold_common(c: char) -> Option<Fold> {
    Some(match c {
        // Tatweel (kashida): pure letter stretching.
        '\u{0640}' => Fold::Delete,
        // Invisible format controls: soft hyphen, Arabic letter mark,
        // zero-width non-joiner and joiner, LRM/RLM, bidi embeddings and
        // overrides, word joiner, bidi isolates, byte order mark.
        '\u{00AD}' | '\u{061C}' | '\u{200C}'..='\u{200F}' | '\u{202A}'..='\u{202E}' => Fold::Delete,
        '\u{2060}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' => Fold::Delete,
        // Zero-width space marks a word break: deleting it would glue two
        // words together, so it becomes a plain space.
        '\u{200B}' => Fold::To(' '),
        // Arabic-Indic and Extended Arabic-Indic (Persian/Urdu) digits.
        '\u{0660}'..='\u{0669}' => Fold::To(digit(c as u32 - 0x0660)),
        '\u{06F0}'..='\u{06F9}' => Fold::To(digit(c as u32 - 0x06F0)),
        // Arabic percent sign.
        '\u{066A}' => Fold::To('%'),
        // Persian keheh and Farsi yeh are the same letters as Arabic kaf and
        // yeh, typed from Persian keyboards.
        '\u{06A9}' => Fold::To('\u{0643}'),
        '\u{06CC}' => Fold::To('\u{064A}'),
        _ => return None,
    })
}

/// Rules added by the search profile.
const fn fold_search(c: char) -> Option<Fold> {
    Some(match c {
        // Diacritics and Quranic annotation marks: honorific signs, harakat,
        // tanwin, shadda, sukun, hamza and madda above/below, superscript
        // alef, small high/low Quranic marks, Extended-A marks.
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{08D3}'..='\u{08E1}'
        | '\u{08E3}'..='\u{08FF}' => Fold::Delete,
        // Alef with a hamza or madda seat, alef wasla, wavy hamza alefs.
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' | '\u{0672}' | '\u{0673}' => {
            Fold::To('\u{0627}')
        }
        // Hamza on waw and on yeh: their decomposed spellings (و or ي plus a
        // combining hamza, which search deletes) must fold the same way.
        '\u{0624}' => Fold::To('\u{0648}'),
        '\u{0626}' => Fold::To('\u{064A}'),
        // Alef maksura and teh marbuta, often written for each other's
        // neighbours (ى/ي, ة/ه) at word ends.
        '\u{0649}' => Fold::To('\u{064A}'),
        '\u{0629}' => Fold::To('\u{0647}'),
        // Letters used for foreign sounds in transliterated names:
        // veh, peh, gaf, tcheh, and the Maghrebi qaf with three dots.
        '\u{06A4}' => Fold::To('\u{0641}'),
        '\u{067E}' => Fold::To('\u{0628}'),
        '\u{06AF}' => Fold::To('\u{0643}'),
        '\u{0686}' => Fold::To('\u{062C}'),
        '\u{06A8}' => Fold::To('\u{0642}'),
        _ => return None,
    })
}

const fn digit(d: u32) -> char {
    match char::from_digit(d, 10) {
        Some(c) => c,
        None => '0',
    }
}

/// What the search profile does with `c` (not a presentation form): the
/// character it becomes, `None` when it is deleted. Const, so that tables
/// built at compile time elsewhere (the gazetteer's key) derive from these
/// rules.
pub(crate) const fn search_fold(c: char) -> Option<char> {
    let fold = match fold_common(c) {
        Some(f) => f,
        None => match fold_search(c) {
            Some(f) => f,
            None => Fold::Keep,
        },
    };
    match fold {
        Fold::Keep => Some(c),
        Fold::Delete => None,
        Fold::To(r) => Some(r),
    }
}

/// True for the two presentation-form blocks.
pub(crate) fn is_presentation_block(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Appends the normalized form of `c` under `profile` to `out`.
///
/// A presentation form is replaced by its compatibility decomposition, each
/// character of which is then folded by [`fold_base`]. The isolated forms
/// of the harakat (U+FE70..FE7E, U+FC5E..FC63) decompose to a space plus
/// the combining mark; the space is dropped because it is an artefact of
/// the glyph being spacing, not a word break in the text.
pub(crate) fn fold_into(profile: Profile, c: char, out: &mut String) {
    if is_presentation_block(c)
        && let Some(decomposition) = presentation(c)
    {
        let chars = match decomposition.split_first() {
            Some((' ', marks)) if !marks.is_empty() && marks.iter().all(|&d| is_arabic_mark(d)) => {
                marks
            }
            _ => decomposition,
        };
        for &d in chars {
            push_base(profile, d, out);
        }
        return;
    }
    push_base(profile, c, out);
}

fn push_base(profile: Profile, c: char, out: &mut String) {
    match fold_base(profile, c) {
        Fold::Keep => out.push(c),
        Fold::Delete => {}
        Fold::To(r) => out.push(r),
    }
}

/// The harakat and other combining marks that presentation forms decompose to.
fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}')
}

/// One presentation form and its decomposition.
type Decomposition = (char, Box<[char]>);

static PRESENTATION: LazyLock<Vec<Decomposition>> =
    LazyLock::new(|| parse_presentation(PRESENTATION_DATA).unwrap_or_default());

/// The bundled data file (provenance and licence in its header).
pub(crate) const PRESENTATION_DATA: &str = include_str!("../data/presentation-forms.tsv");

/// The decomposition of a presentation form, if it has one.
pub(crate) fn presentation(c: char) -> Option<&'static [char]> {
    let table = &*PRESENTATION;
    table
        .binary_search_by_key(&c, |(k, _)| *k)
        .ok()
        .and_then(|i| table.get(i))
        .map(|(_, d)| &d[..])
}

/// Parses the presentation-form data file; the error names the bad line.
pub(crate) fn parse_presentation(data: &str) -> Result<Vec<Decomposition>, String> {
    let mut out = Vec::new();
    for (n, line) in data.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let bad = || format!("presentation-forms.tsv:{}: bad line {line:?}", n + 1);
        let mut fields = line.split('\t');
        let (Some(cp), Some(_tag), Some(decomposition), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(bad());
        };
        let c = parse_hex(cp).ok_or_else(bad)?;
        let chars = decomposition
            .split(' ')
            .map(parse_hex)
            .collect::<Option<Box<[char]>>>()
            .ok_or_else(bad)?;
        if chars.is_empty() || !is_presentation_block(c) {
            return Err(bad());
        }
        out.push((c, chars));
    }
    out.sort_by_key(|(c, _)| *c);
    Ok(out)
}

fn parse_hex(s: &str) -> Option<char> {
    u32::from_str_radix(s, 16).ok().and_then(char::from_u32)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn data_file_parses_completely() {
        let parsed = parse_presentation(PRESENTATION_DATA).unwrap();
        let lines = PRESENTATION_DATA
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .count();
        assert_eq!(parsed.len(), lines);
        assert_eq!(PRESENTATION.len(), lines);
        assert!(lines > 700, "{lines}");
    }

    #[test]
    fn bad_lines_are_reported() {
        assert!(parse_presentation("FE8D\tisolated\n").is_err());
        assert!(parse_presentation("ZZZZ\tisolated\t0627\n").is_err());
        assert!(parse_presentation("0627\tisolated\t0627\n").is_err());
        let err = parse_presentation("# c\nFE8D\tisolated\t06XX\n").unwrap_err();
        assert!(err.contains(":2:"), "{err}");
    }
}
