//! Mojibake sequences and residue: UTF-8 read as Windows-1252 or Latin-1,
//! taken back to the bytes it came from and decoded again (see the module
//! docs of [`clean`](super)).

#[cfg(test)]
use std::sync::OnceLock;

use super::{Options, clean_impl, is_control};

/// A character that can stand for a UTF-8 lead byte C2..F4.
pub(super) fn is_lead(c: char) -> bool {
    matches!(c, '\u{C2}'..='\u{F4}')
}

/// `Â` (C2: NBSP and Latin-1 symbols) and `â` (E2: punctuation) are what
/// broken mojibake leaves behind. `Ã` is not: `Ã` then a space is usually
/// `à` whose NBSP became a space, a letter to keep rather than delete.
pub(super) fn is_residue_lead(c: char) -> bool {
    matches!(c, 'Â' | 'â')
}

pub(super) fn is_residue_char(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{9F}' | '\u{A1}'..='\u{BF}' | 'Â' | 'Ã' | 'â')
        || (c > '\u{FF}' && cp1252_byte(c).is_some())
}

/// The characters Windows-1252 gives bytes 80..9F, taken from encoding_rs
/// (the WHATWG index), sorted by character: the reference that
/// [`cp1252_byte`] is tested against.
#[cfg(test)]
pub(super) fn cp1252_high() -> &'static [(char, u8)] {
    static TABLE: OnceLock<Vec<(char, u8)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Vec::with_capacity(32);
        for b in 0x80..=0x9Fu8 {
            let byte = [b];
            let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
            if let Some(c) = s.chars().next()
                && c > '\u{FF}'
            {
                t.push((c, b));
            }
        }
        t.sort_unstable();
        t
    })
}

/// The Windows-1252 byte (80..9F) of a character above U+00FF, per the
/// WHATWG index (a test checks it against encoding_rs for every
/// character). A `match` rather than a search of the table: mojibake
/// repair asks this for most characters of a mojibake line.
pub(super) fn cp1252_byte(c: char) -> Option<u8> {
    Some(match c {
        '\u{20AC}' => 0x80,
        '\u{201A}' => 0x82,
        '\u{0192}' => 0x83,
        '\u{201E}' => 0x84,
        '\u{2026}' => 0x85,
        '\u{2020}' => 0x86,
        '\u{2021}' => 0x87,
        '\u{02C6}' => 0x88,
        '\u{2030}' => 0x89,
        '\u{0160}' => 0x8A,
        '\u{2039}' => 0x8B,
        '\u{0152}' => 0x8C,
        '\u{017D}' => 0x8E,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201C}' => 0x93,
        '\u{201D}' => 0x94,
        '\u{2022}' => 0x95,
        '\u{2013}' => 0x96,
        '\u{2014}' => 0x97,
        '\u{02DC}' => 0x98,
        '\u{2122}' => 0x99,
        '\u{0161}' => 0x9A,
        '\u{203A}' => 0x9B,
        '\u{0153}' => 0x9C,
        '\u{017E}' => 0x9E,
        '\u{0178}' => 0x9F,
        _ => return None,
    })
}

/// The byte a character stands for when UTF-8 was read as Windows-1252 or
/// Latin-1 (the union of both: U+0080..U+009F are Latin-1's C1 controls and
/// WHATWG Windows-1252's undefined bytes).
pub(super) fn char_to_byte(c: char) -> Option<u8> {
    if c <= '\u{FF}' {
        Some(c as u8)
    } else {
        cp1252_byte(c)
    }
}

/// Blocks a repaired sequence may decode to.
#[inline]
pub(super) fn plausible(d: char) -> bool {
    matches!(d,
        '\u{80}'..='\u{24F}'
        | '\u{2B0}'..='\u{2FF}'
        | '\u{600}'..='\u{6FF}'
        | '\u{750}'..='\u{77F}'
        | '\u{8A0}'..='\u{8FF}'
        | '\u{2000}'..='\u{206F}'
        | '\u{20A0}'..='\u{20CF}'
        | '\u{2100}'..='\u{21FF}'
        | '\u{2500}'..='\u{27BF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}'
        | '\u{1F000}'..='\u{1FAFF}')
}

/// One mojibake sequence at `i`: its end and the character it stands for.
pub(super) fn try_seq(s: &str, i: usize) -> Option<(usize, char)> {
    let mut chars = s.get(i..)?.chars();
    let c0 = chars.next()?;
    if !is_lead(c0) {
        return None;
    }
    let b0 = c0 as u8;
    let n = match b0 {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    };
    let mut buf = [b0, 0, 0, 0];
    let mut end = i + c0.len_utf8();
    for slot in buf.iter_mut().take(n).skip(1) {
        let c = chars.next()?;
        let b = char_to_byte(c)?;
        if !(0x80..=0xBF).contains(&b) {
            return None;
        }
        *slot = b;
        end += c.len_utf8();
    }
    let d = decode_sequence(buf, n)?;
    plausible(d).then_some((end, d))
}

/// The character that `buf[..n]` encodes, if it is valid UTF-8, where
/// `buf[0]` is C2..F4, `n` the length that lead byte gives and
/// `buf[1..n]` are continuation bytes (what [`try_seq`] builds). The same
/// answer as `std::str::from_utf8` (a test compares every such sequence
/// up to three bytes and the lead and second byte of four), without the
/// general validator: only overlong forms, surrogates and code points
/// beyond U+10FFFF remain to refuse.
#[inline]
pub(super) fn decode_sequence(buf: [u8; 4], n: usize) -> Option<char> {
    let b0 = u32::from(buf[0]);
    let cont = |k: usize| u32::from(buf[k] & 0x3F);
    let cp = match n {
        2 => ((b0 & 0x1F) << 6) | cont(1),
        3 => {
            // Overlong (surrogates are refused by `char::from_u32`).
            if buf[0] == 0xE0 && buf[1] < 0xA0 {
                return None;
            }
            ((b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2)
        }
        _ => {
            // Overlong (beyond U+10FFFF is refused by `char::from_u32`).
            if buf[0] == 0xF0 && buf[1] < 0x90 {
                return None;
            }
            ((b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3)
        }
    };
    char::from_u32(cp)
}

/// A sequence at `i`, or one of the two lost-byte cases worth guessing. A
/// Windows-1252 decoder that does not map the undefined bytes 81 8D 8F 90
/// 9D drops them (or writes `?` or U+FFFD, as Python's `errors="replace"`
/// does; `fffd` says whether a U+FFFD is the input's own rather than this
/// decoder's): `Ù` (D9) then lost is ف (D9 81) or one
/// of three rare vowel marks, so it becomes ف; `â€` (E2 80) then lost is
/// `”` (E2 80 9D) or an invisible control, so it becomes `”`. Only when it
/// touches a real sequence (`adjacent`: one ends right before it; or one
/// starts right after it), so that a stray `Ù` in Latin text stays.
pub(super) fn try_unit(s: &str, i: usize, adjacent: bool, fffd: bool) -> Option<(usize, char)> {
    try_unit_depth(s, i, adjacent, fffd, 1)
}

/// [`try_unit`], looking through at most `depth` more lost-byte units for
/// the sequence that must follow a non-adjacent one (ففي: two lost bytes).
pub(super) fn try_unit_depth(
    s: &str,
    i: usize,
    adjacent: bool,
    fffd: bool,
    depth: u8,
) -> Option<(usize, char)> {
    if let Some(found) = try_seq(s, i) {
        return Some(found);
    }
    let rest = s.get(i..)?;
    let (lead, guess) = if rest.starts_with('Ù') {
        ("Ù", 'ف')
    } else if rest.starts_with("â€") {
        ("â€", '”')
    } else {
        return None;
    };
    let after = i + lead.len();
    let tail = &rest[lead.len()..];
    let end = if tail.starts_with('?') {
        after + 1
    } else if fffd && tail.starts_with('\u{FFFD}') {
        after + '\u{FFFD}'.len_utf8()
    } else {
        after
    };
    // Not adjacent to a decoded sequence: one must follow, perhaps after a
    // second lost byte (ففي).
    let followed = || {
        try_seq(s, end).is_some()
            || (depth > 0 && try_unit_depth(s, end, false, fffd, depth - 1).is_some())
    };
    (adjacent || followed()).then_some((end, guess))
}

/// A run of sequences starting at `i` on one line, separated only by ASCII;
/// its end and replacement.
///
/// Controls in the decoded text are dropped, and so is residue when
/// `residue` is set (residue that was itself mojibaked decodes to `â € Â`).
pub(super) fn mojibake_run(
    text: &str,
    i: usize,
    residue: bool,
    fffd: bool,
) -> Option<(usize, String)> {
    let (mut end, d) = try_unit(text, i, false, fffd)?;
    let mut repl = String::new();
    repl.push(d);
    let bytes = text.as_bytes();
    loop {
        let mut j = end;
        while j < bytes.len() && bytes[j].is_ascii() && bytes[j] != b'\n' && bytes[j] != b'\r' {
            j += 1;
        }
        match try_unit(text, j, j == end, fffd) {
            Some((e, d)) => {
                repl.push_str(&text[end..j]);
                repl.push(d);
                end = e;
            }
            None => break,
        }
    }
    for _ in 0..2 {
        match decode_level(&repl) {
            Some(r) => repl = r,
            None => break,
        }
    }
    repl.retain(|c| !is_control(c));
    if residue && repl.contains(is_residue_lead) {
        let mut stripped = String::with_capacity(repl.len());
        let only_residue = Options {
            mojibake: false,
            residue: true,
            controls: false,
        };
        clean_impl(
            &repl,
            &[],
            only_residue,
            &mut stripped,
            &mut Vec::new(),
            true,
        );
        repl = stripped;
    }
    Some((end, repl))
}

/// Decodes every sequence in `s` once; `None` when there is none.
pub(super) fn decode_level(s: &str) -> Option<String> {
    // Every lead character (U+00C2..U+00F4) is encoded C3 xx; text without
    // a C3 byte (an Arabic result) has nothing to decode.
    memchr::memchr(0xC3, s.as_bytes())?;
    let mut out = String::with_capacity(s.len());
    let mut changed = false;
    let mut i = 0;
    while let Some(c) = s[i..].chars().next() {
        if let Some((end, d)) = try_seq(s, i) {
            out.push(d);
            i = end;
            changed = true;
        } else {
            out.push(c);
            i += c.len_utf8();
        }
    }
    changed.then_some(out)
}

/// A residue group starting at token start `i`: the end of what to remove
/// (its tokens, the single spaces between them and one trailing space).
///
/// Real residue is a few short tokens; the scan gives up past
/// `MAX_RESIDUE_TOKENS` tokens of `MAX_RESIDUE_CHARS` characters, which also
/// keeps a long line of `€ € € …` from costing quadratic time.
pub(super) fn residue_group(text: &str, i: usize) -> Option<usize> {
    const MAX_RESIDUE_TOKENS: usize = 8;
    const MAX_RESIDUE_CHARS: usize = 8;
    let mut j = i;
    let mut group_end = None;
    let mut has_lead = false;
    for _ in 0..MAX_RESIDUE_TOKENS {
        let token_start = j;
        let mut token_lead = false;
        let mut chars = 0;
        while let Some(c) = text[j..].chars().next() {
            // Invisible controls inside a group go with it: removing them
            // first must not change what the group is.
            if !is_residue_char(c) && !is_control(c) {
                break;
            }
            chars += 1;
            if chars > MAX_RESIDUE_CHARS {
                return None;
            }
            if try_seq(text, j).is_some() {
                // Decodable: this token is mojibake, not residue; the group
                // ends before it.
                let end = group_end.filter(|_| has_lead)?;
                return Some(end + 1);
            }
            token_lead |= is_residue_lead(c);
            j += c.len_utf8();
        }
        if j == token_start || !text[j..].chars().next().is_none_or(char::is_whitespace) {
            break;
        }
        group_end = Some(j);
        has_lead |= token_lead;
        let mut next = text[j..].chars();
        if next.next() == Some(' ')
            && next
                .next()
                .is_some_and(|c| is_residue_char(c) || is_control(c))
        {
            j += 1;
        } else {
            break;
        }
    }
    let end = group_end.filter(|_| has_lead)?;
    Some(if text[end..].starts_with(' ') {
        end + 1
    } else {
        end
    })
}
