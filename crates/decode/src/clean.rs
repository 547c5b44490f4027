//! Repairs on decoded text: mojibake, mojibake residue, invisible controls.
//!
//! # Mojibake
//!
//! UTF-8 that was read as Windows-1252 (the WHATWG mapping, where the five
//! undefined bytes become C1 controls) or as Latin-1 turns each Arabic
//! letter into two characters: `ا` (D8 A7) becomes `Ø§`. Every character of
//! such text maps back to one byte (`char_to_byte`), and a lead character
//! `Â`..`ô` followed by the right number of continuation characters spells
//! a valid UTF-8 sequence. A *sequence* is repaired when it decodes to a
//! character of a block that news text uses (Arabic, Latin-1 and Latin
//! Extended, punctuation, currency, symbols, emoji): legitimate European
//! words do not produce such sequences (`é` then `t` is not one; `ß“`
//! would decode to NKo, which is refused). Sequences on one line, separated
//! only by ASCII, form one repair. The result is decoded again, up to two
//! more times, for text that went through the wrong decoder twice.
//!
//! # Residue
//!
//! Broken mojibake leaves stand-alone tokens such as `â € Â Â` (seed 002):
//! whitespace-separated tokens made only of mojibake characters, at least
//! one holding `Â` or `â`, and none decodable. They are removed with
//! one following space.
//!
//! # Controls
//!
//! C0 controls other than tab, line feed, vertical tab, form feed and
//! carriage return, DEL, C1
//! controls, the soft hyphen, bidi marks, embeddings, overrides and
//! isolates, zero-width space/joiner/non-joiner, word joiner and a BOM
//! inside the text are removed. A zero-width joiner next to an emoji is
//! kept, since it is part of the emoji.

#[cfg(test)]
use std::sync::OnceLock;

use crate::{Repair, RepairKind, push_repair};

/// Which repairs to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Options {
    pub(crate) mojibake: bool,
    pub(crate) residue: bool,
    pub(crate) controls: bool,
}

/// True when valid UTF-8 `b` may hold something [`clean`] changes.
///
/// It looks only for the bytes that can start one: C0 controls and DEL,
/// `C3` (every mojibake lead `Â`..`ô` and residue character `Â Ã â`), `C2
/// 80..9F` (C1 controls) and `C2 AD` (soft hyphen), the `E2 80`/`E2 81`
/// forms of the invisible controls, `EF BB BF` (BOM) and `D8 9C` (Arabic
/// letter mark). Arabic text, ASCII and typographic quotes pass.
pub(crate) fn may_need_cleaning(b: &[u8]) -> bool {
    first_need(b) != Need::No
}

/// What [`first_need`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Need {
    /// Nothing that [`clean`] changes: no C0 control either.
    No,
    /// A C0 control or DEL (the scan stops there, without a position).
    Control,
    /// No C0 control or DEL anywhere; the first of the other bytes that
    /// can start a repair is at this char boundary. Residue before it may
    /// still belong to a group that it completes ([`clean_from`] backs up).
    At(usize),
}

/// The test behind [`may_need_cleaning`], with what it learnt: whether the
/// bytes hold C0 controls at all (binary detection and the UTF-16 sniff
/// need them) and where the first other candidate is (cleaning can copy
/// everything before it). The bytes need not be valid UTF-8.
pub(crate) fn first_need(b: &[u8]) -> Need {
    if has_c0_control(b) {
        return Need::Control;
    }
    for i in memchr::memchr3_iter(0xC2, 0xC3, 0xE2, b) {
        let n1 = b.get(i + 1).copied().unwrap_or(0);
        let n2 = b.get(i + 2).copied().unwrap_or(0);
        let hit = match b[i] {
            0xC3 => true,
            0xC2 => matches!(n1, 0x80..=0x9F | 0xAD),
            _ => {
                (n1 == 0x80 && matches!(n2, 0x8B..=0x8F | 0xAA..=0xAE))
                    || (n1 == 0x81 && matches!(n2, 0xA0..=0xAF))
            }
        };
        if hit {
            // A BOM or letter mark may come earlier: only documents that
            // need cleaning pay for this second look at their prefix.
            return Need::At(bom_or_letter_mark(&b[..i]).unwrap_or(i));
        }
    }
    bom_or_letter_mark(b).map_or(Need::No, Need::At)
}

/// The first `EF BB BF` (BOM) or `D8 9C` (Arabic letter mark). 9C is also
/// the last byte of the common `“`, so check the byte before it.
fn bom_or_letter_mark(b: &[u8]) -> Option<usize> {
    memchr::memchr2_iter(0xEF, 0x9C, b).find_map(|i| {
        if b[i] == 0xEF {
            (b.get(i + 1..i + 3) == Some(&[0xBB, 0xBF][..])).then_some(i)
        } else {
            (i > 0 && b[i - 1] == 0xD8).then(|| i - 1)
        }
    })
}

#[inline(always)]
fn is_bad_c0(x: u8) -> bool {
    ((x < 0x20) & !(0x09..=0x0D).contains(&x)) | (x == 0x7F)
}

/// Whether `b` holds a C0 control or DEL ([`is_bad_c0`]), compiled for
/// AVX2 when the CPU has it.
fn has_c0_control(b: &[u8]) -> bool {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2, checked just above.
        return unsafe { has_c0_control_avx2(b) };
    }
    has_c0_control_generic(b)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn has_c0_control_avx2(b: &[u8]) -> bool {
    has_c0_control_generic(b)
}

/// Branch-free per 32-byte block so that the compiler vectorizes it.
#[inline(always)]
fn has_c0_control_generic(b: &[u8]) -> bool {
    let mut chunks = b.chunks_exact(32);
    for chunk in &mut chunks {
        let mut any = false;
        for &x in chunk {
            any |= is_bad_c0(x);
        }
        if any {
            return true;
        }
    }
    chunks.remainder().iter().any(|&x| is_bad_c0(x))
}

/// Rewrites `text` into `out`, appending repairs in text order.
///
/// `pre` holds repairs already made while decoding (BOM, invalid bytes),
/// with spans into `text`; they are carried over to `out`'s offsets. Their
/// characters (U+FFFD) are never touched here, so the shift is exact.
pub(crate) fn clean(
    text: &str,
    pre: &[Repair],
    opts: Options,
    out: &mut String,
    repairs: &mut Vec<Repair>,
) {
    clean_impl(text, pre, opts, out, repairs, true);
}

/// [`clean`] of text without decoder repairs, where nothing before `first`
/// is a candidate ([`Need::At`]): the prefix is copied as it is, without
/// the character scan.
///
/// Only residue can begin before `first` (a group such as `€ â` is removed
/// because of the `â`), so the copy stops after the last character before
/// `first` that no residue group can hold: every group is a run of residue
/// characters, controls and spaces.
pub(crate) fn clean_from(
    text: &str,
    first: usize,
    opts: Options,
    out: &mut String,
    repairs: &mut Vec<Repair>,
) {
    let mut p = first.min(text.len());
    while !text.is_char_boundary(p) {
        p -= 1;
    }
    while let Some(c) = text[..p].chars().next_back() {
        if !(is_residue_char(c) || is_control(c) || c.is_whitespace()) {
            break;
        }
        p -= c.len_utf8();
    }
    out.reserve(text.len());
    out.push_str(&text[..p]);
    let prev = text[..p].chars().next_back();
    clean_rest(text, p, prev, &[], opts, out, repairs, true);
}

/// Whether the character starting with byte `x`, followed by byte `y`,
/// may be one [`clean`] looks at: C0 controls and DEL; C1 controls,
/// Latin-1 symbols and letters (C2, C3), the Windows-1252 extras (C5,
/// C6, CB, E2 80, € E2 82, ™ E2 84), which are mojibake and residue
/// characters; bidi and zero-width controls (E2 80, E2 81), the BOM (EF
/// BB) and the Arabic letter mark (D8 9C). Everything else is copied in
/// bulk. Arabic presentation forms (EF B9..EF BB with other second bytes
/// than the BOM's) are common in scraped text and pass; that the BOM's
/// third byte is BF is checked by the caller. Also true on a continuation
/// byte `x` that equals one of these leads: never, since all are leads or
/// ASCII.
///
/// Written with comparisons rather than tables so that the search in
/// [`find_suspect`] vectorizes.
#[inline(always)]
const fn is_suspect(x: u8, y: u8) -> bool {
    (x < 0x09)
        | ((x > 0x0D) & (x < 0x20))
        | (x == 0x7F)
        | (x == 0xC2)
        | (x == 0xC3)
        | (x == 0xC5)
        | (x == 0xC6)
        | (x == 0xCB)
        | ((x == 0xE2) & (((y & 0xFC) == 0x80) | (y == 0x84)))
        | ((x == 0xEF) & (y == 0xBB))
        | ((x == 0xD8) & (y == 0x9C))
}

/// The first position at or after `i` where [`is_suspect`] holds (with
/// `y` = 0 past the end), compiled for AVX2 when the CPU has it (the
/// build targets baseline x86-64).
fn find_suspect(bytes: &[u8], i: usize) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2, checked just above.
        return unsafe { find_suspect_avx2(bytes, i) };
    }
    find_suspect_generic(bytes, i)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn find_suspect_avx2(bytes: &[u8], i: usize) -> Option<usize> {
    find_suspect_generic(bytes, i)
}

/// [`find_suspect`] for any CPU. Per 32-byte block, the flags are computed
/// branch-free into bytes (the compiler vectorizes that) and read back as
/// four words, whose trailing zeros give the position: no byte-by-byte
/// search at a stop.
#[inline(always)]
fn find_suspect_generic(bytes: &[u8], i: usize) -> Option<usize> {
    let mut at = i;
    // Each block reads one byte past itself.
    while let Some(block) = bytes.get(at..at + 33) {
        let mut flags = [0u8; 32];
        for (k, f) in flags.iter_mut().enumerate() {
            *f = u8::from(is_suspect(block[k], block[k + 1]));
        }
        for (w, word) in flags.chunks_exact(8).enumerate() {
            let mut le = [0u8; 8];
            le.copy_from_slice(word);
            let v = u64::from_le_bytes(le);
            if v != 0 {
                return Some(at + w * 8 + (v.trailing_zeros() / 8) as usize);
            }
        }
        at += 32;
    }
    (at..bytes.len()).find(|&k| is_suspect(bytes[k], bytes.get(k + 1).copied().unwrap_or(0)))
}

/// The char boundary of the next character from char boundary `i` that
/// [`clean`] must look at; the length of `bytes` if none.
fn next_suspect(bytes: &[u8], i: usize) -> usize {
    let mut from = i;
    while let Some(k) = find_suspect(bytes, from) {
        if bytes[k] == 0xEF && bytes.get(k + 2) != Some(&0xBF) {
            // EF BB but not the BOM (a presentation form U+FEC0..U+FEFE).
            from = k + 1;
            continue;
        }
        return k;
    }
    bytes.len()
}

/// [`clean`]; with `bulk` off every character goes through the full test,
/// which the tests use as the reference for the bulk copy.
fn clean_impl(
    text: &str,
    pre: &[Repair],
    opts: Options,
    out: &mut String,
    repairs: &mut Vec<Repair>,
    bulk: bool,
) {
    out.reserve(text.len());
    clean_rest(text, 0, None, pre, opts, out, repairs, bulk);
}

/// [`clean_impl`] from char boundary `i`, with `text[..i]` already in
/// `out` unchanged and `prev` its last character.
#[allow(clippy::too_many_arguments)]
fn clean_rest(
    text: &str,
    mut i: usize,
    mut prev: Option<char>,
    pre: &[Repair],
    opts: Options,
    out: &mut String,
    repairs: &mut Vec<Repair>,
    bulk: bool,
) {
    let bytes = text.as_bytes();
    // U+FFFD in the text is the input's own (a lost byte written by an
    // earlier decoder) unless this decoder made it for invalid bytes.
    let literal_fffd = pre.iter().all(|r| r.kind != RepairKind::InvalidBytes);
    let mut pre = pre.iter().peekable();
    while i < text.len() {
        while let Some(r) = pre.next_if(|r| r.start <= i) {
            let start = out.len();
            push_repair(
                repairs,
                r.kind,
                start,
                start + (r.end - r.start),
                &r.original,
            );
        }
        if bulk {
            let next_pre = pre.peek().map_or(text.len(), |r| r.start);
            let j = next_suspect(bytes, i).min(next_pre);
            if j > i {
                out.push_str(&text[i..j]);
                prev = text[i..j].chars().next_back();
                i = j;
                continue;
            }
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        if opts.residue
            && is_residue_char(c)
            && prev.is_none_or(char::is_whitespace)
            && let Some(end) = residue_group(text, i)
        {
            let at = out.len();
            push_repair(repairs, RepairKind::MojibakeResidue, at, at, &text[i..end]);
            i = end;
            continue;
        }
        if opts.mojibake
            && is_lead(c)
            && let Some((end, replacement)) = mojibake_run(text, i, opts.residue, literal_fffd)
        {
            let at = out.len();
            out.push_str(&replacement);
            push_repair(repairs, RepairKind::Mojibake, at, out.len(), &text[i..end]);
            prev = text[..end].chars().next_back();
            i = end;
            continue;
        }
        if opts.controls
            && is_control(c)
            && !(c == '\u{200D}' && joins_emoji(prev, &text[i + len..]))
        {
            let at = out.len();
            push_repair(repairs, RepairKind::Control, at, at, &text[i..i + len]);
            i += len;
            continue;
        }
        out.push(c);
        prev = Some(c);
        i += len;
    }
    for r in pre {
        let start = out.len();
        push_repair(
            repairs,
            r.kind,
            start,
            start + (r.end - r.start),
            &r.original,
        );
    }
}

fn joins_emoji(prev: Option<char>, rest: &str) -> bool {
    let emoji = |c: char| matches!(c, '\u{2600}'..='\u{27BF}' | '\u{FE0F}' | '\u{1F000}'..);
    prev.is_some_and(emoji) || rest.chars().next().is_some_and(emoji)
}

/// The invisible characters removed as controls. Tab, line feed, vertical
/// tab (a line break in Word exports), form feed and carriage return are
/// whitespace and stay.
pub(crate) fn is_control(c: char) -> bool {
    matches!(c,
        '\0'..='\x08' | '\x0E'..='\x1F' | '\x7F'
        | '\u{80}'..='\u{9F}'
        | '\u{AD}'
        | '\u{61C}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{FEFF}')
}

/// A character that can stand for a UTF-8 lead byte C2..F4.
fn is_lead(c: char) -> bool {
    matches!(c, '\u{C2}'..='\u{F4}')
}

/// `Â` (C2: NBSP and Latin-1 symbols) and `â` (E2: punctuation) are what
/// broken mojibake leaves behind. `Ã` is not: `Ã` then a space is usually
/// `à` whose NBSP became a space, a letter to keep rather than delete.
fn is_residue_lead(c: char) -> bool {
    matches!(c, 'Â' | 'â')
}

fn is_residue_char(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{9F}' | '\u{A1}'..='\u{BF}' | 'Â' | 'Ã' | 'â')
        || (c > '\u{FF}' && cp1252_byte(c).is_some())
}

/// The characters Windows-1252 gives bytes 80..9F, taken from encoding_rs
/// (the WHATWG index), sorted by character: the reference that
/// [`cp1252_byte`] is tested against.
#[cfg(test)]
fn cp1252_high() -> &'static [(char, u8)] {
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
fn cp1252_byte(c: char) -> Option<u8> {
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
fn char_to_byte(c: char) -> Option<u8> {
    if c <= '\u{FF}' {
        Some(c as u8)
    } else {
        cp1252_byte(c)
    }
}

/// Blocks a repaired sequence may decode to.
#[inline]
fn plausible(d: char) -> bool {
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
fn try_seq(s: &str, i: usize) -> Option<(usize, char)> {
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
fn decode_sequence(buf: [u8; 4], n: usize) -> Option<char> {
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
fn try_unit(s: &str, i: usize, adjacent: bool, fffd: bool) -> Option<(usize, char)> {
    try_unit_depth(s, i, adjacent, fffd, 1)
}

/// [`try_unit`], looking through at most `depth` more lost-byte units for
/// the sequence that must follow a non-adjacent one (ففي: two lost bytes).
fn try_unit_depth(
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
fn mojibake_run(text: &str, i: usize, residue: bool, fffd: bool) -> Option<(usize, String)> {
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
fn decode_level(s: &str) -> Option<String> {
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
fn residue_group(text: &str, i: usize) -> Option<usize> {
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ALL: Options = Options {
        mojibake: true,
        residue: true,
        controls: true,
    };

    fn run(s: &str) -> (String, Vec<Repair>) {
        let mut out = String::new();
        let mut repairs = Vec::new();
        clean(s, &[], ALL, &mut out, &mut repairs);
        (out, repairs)
    }

    fn run_reference(s: &str) -> (String, Vec<Repair>) {
        let mut out = String::new();
        let mut repairs = Vec::new();
        clean_impl(s, &[], ALL, &mut out, &mut repairs, false);
        (out, repairs)
    }

    /// Pieces that trigger every rule.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop_oneof![
            Just("ال"),
            Just("Ø§Ù„"),
            Just("Ã˜Â§"),
            Just("â € Â Â "),
            Just("€ "),
            Just("\u{200F}"),
            Just("\u{200D}"),
            Just("\u{61C}"),
            Just("😀"),
            Just(" "),
            Just("\n"),
            Just("é"),
            Just("“"),
            Just("\u{FFFD}"),
            Just("\u{FEFF}"),
            Just("\u{85}"),
            Just("ٜ"),
            Just("Ã¢ â‚¬ Ã‚ Ã‚ "),
            Just("Ã"),
            Just("ﻻ ﺍﻟ"),
            Just("☀\u{FE0F}"),
            Just("→"),
            Just("™ "),
            Just("Œ"),
            Just("\u{2066}"),
        ]
    }

    /// Text built from pieces that trigger every rule.
    fn tricky() -> impl Strategy<Value = String> {
        prop::collection::vec(piece(), 0..30).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn bulk_copy_matches_the_char_by_char_reference(s in tricky()) {
            prop_assert_eq!(run(&s), run_reference(&s));
        }

        #[test]
        fn bulk_copy_matches_on_any_text(s in "\\PC{0,100}") {
            prop_assert_eq!(run(&s), run_reference(&s));
        }

        #[test]
        fn fast_check_is_conservative(s in tricky()) {
            if !may_need_cleaning(s.as_bytes()) {
                prop_assert_eq!(run(&s).0, s);
            }
        }

        /// Pieces as separate tokens: residue glued to mojibake can need a
        /// second pass once the mojibake next to it is decoded (README).
        #[test]
        fn cleaning_is_idempotent(v in prop::collection::vec(piece(), 0..30)) {
            let s = v.join(" ");
            let (once, _) = run(&s);
            let (twice, repairs) = run(&once);
            prop_assert_eq!(&twice, &once);
            prop_assert!(repairs.is_empty(), "{:?}", repairs);
        }
    }

    /// Mostly bytes that pass, so that blocks without a suspect occur.
    fn sparse_bytes() -> impl Strategy<Value = Vec<u8>> {
        let byte = prop_oneof![
            8 => prop::sample::select(vec![b'a', b' ', b'\n', 0xD8, 0xA7, 0x80, 0x9C, 0xBB, 0xEF, 0xE2]),
            1 => any::<u8>(),
        ];
        prop::collection::vec(byte, 0..300)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn block_search_matches_a_byte_loop(b in sparse_bytes(), from in 0usize..300) {
            let from = from.min(b.len());
            let naive = (from..b.len())
                .find(|&k| is_suspect(b[k], b.get(k + 1).copied().unwrap_or(0)));
            prop_assert_eq!(find_suspect(&b, from), naive);
            prop_assert_eq!(find_suspect_generic(&b, from), naive);
            let c0 = b.iter().any(|&x| is_bad_c0(x));
            prop_assert_eq!(has_c0_control(&b), c0);
            prop_assert_eq!(has_c0_control_generic(&b), c0);
        }
    }

    /// Every character [`clean_impl`] may act on is flagged by its first
    /// two bytes: checked over all of Unicode against the rules' own
    /// predicates.
    #[test]
    fn every_character_clean_looks_at_is_suspect() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let matters = is_control(c) || is_residue_char(c) || is_lead(c);
            let mut buf = [0u8; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            let flagged = is_suspect(b[0], b.get(1).copied().unwrap_or(0))
                && (b[0] != 0xEF || b.get(2) == Some(&0xBF));
            if matters {
                assert!(flagged, "{c:?} must stop the bulk copy");
            }
        }
    }

    #[test]
    fn long_symbol_lines_are_left_alone() {
        let s = "€ ".repeat(10_000);
        assert_eq!(run(&s).0, s);
    }

    #[test]
    fn cp1252_table_has_the_27_defined_high_characters() {
        let t = cp1252_high();
        assert_eq!(t.len(), 27);
        assert_eq!(cp1252_byte('€'), Some(0x80));
        assert_eq!(cp1252_byte('Ÿ'), Some(0x9F));
        assert_eq!(cp1252_byte('ـ'), None);
        for c in (0x100..=0x10FFFFu32).filter_map(char::from_u32) {
            let want = t.binary_search_by_key(&c, |&(k, _)| k).ok().map(|i| t[i].1);
            assert_eq!(cp1252_byte(c), want, "{c:?}");
        }
    }

    #[test]
    fn sequences() {
        let cases: &[(&str, Option<char>)] = &[
            ("Ø§", Some('ا')),
            ("Ù\u{84}", Some('ل')),
            ("Ù„", Some('ل')),
            ("â€œ", Some('“')),
            ("Ã©", Some('é')),
            ("ðŸ˜€", Some('😀')),
            ("ét", None),
            ("ß“", None),
            ("Ö”", None),
            ("Ø", None),
        ];
        for (s, want) in cases {
            assert_eq!(try_seq(s, 0).map(|(_, d)| d), *want, "{s}");
        }
    }

    #[test]
    fn sequences_decode_as_the_standard_library_does() {
        let check = |buf: [u8; 4], n: usize| {
            let want = std::str::from_utf8(&buf[..n])
                .ok()
                .and_then(|s| s.chars().next());
            assert_eq!(decode_sequence(buf, n), want, "{:02X?}", &buf[..n]);
        };
        for b0 in 0xC2..=0xF4u8 {
            let n = match b0 {
                0xC2..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            for b1 in 0x80..=0xBFu8 {
                for b2 in 0x80..=0xBFu8 {
                    if n == 2 && b2 > 0x80 {
                        break;
                    }
                    for b3 in [0x80, 0x9A, 0xBF] {
                        if n < 4 && b3 > 0x80 {
                            break;
                        }
                        check([b0, b1, b2, b3], n);
                    }
                }
            }
        }
    }

    #[test]
    fn residue_groups() {
        let cases: &[(&str, Option<&str>)] = &[
            ("â € Â Â التقى", Some("â € Â Â ")),
            ("Â foo", Some("Â ")),
            ("â€ x", Some("â€ ")),
            ("€ 100", None),
            ("« » …", None),
            ("âge", None),
            ("Â©", None),
        ];
        for (s, want) in cases {
            assert_eq!(residue_group(s, 0).map(|e| &s[..e]), *want, "{s}");
        }
    }

    #[test]
    fn cleaning_table() {
        let cases: &[(&str, &str, &[RepairKind])] = &[
            ("abc", "abc", &[]),
            ("a\u{200F}\u{200E}b", "ab", &[RepairKind::Control]),
            ("a\u{0}b", "ab", &[RepairKind::Control]),
            ("a\x0Bb\x0Cc\r\n", "a\x0Bb\x0Cc\r\n", &[]),
            (
                "a\x1Fb\x7F",
                "ab",
                &[RepairKind::Control, RepairKind::Control],
            ),
            ("👨\u{200D}👩", "👨\u{200D}👩", &[]),
            ("كلمة\u{200C}أخرى", "كلمةأخرى", &[RepairKind::Control]),
            ("Ø§Ù„Ø®Ø§Ø±Ø¬ÙŠØ©", "الخارجية", &[RepairKind::Mojibake]),
            // ف with its 81 byte dropped, or turned into `?`.
            ("Ù„Ø§ÙØ±ÙˆÙ", "لافروف", &[RepairKind::Mojibake]),
            ("ÙÙŠ Ù?ÙŠ", "في في", &[RepairKind::Mojibake]),
            ("OÙ? Ù", "OÙ? Ù", &[]),
            (
                "Ù\u{FFFD}ÙŠ Ø±ÙˆÙ\u{FFFD}",
                "في روف",
                &[RepairKind::Mojibake],
            ),
            ("â€œØªØ§Ø³â€ØŒ", "“تاس”،", &[RepairKind::Mojibake]),
            ("Ã  Paris", "Ã  Paris", &[]),
            ("x Ø¨ Ø¨ y", "x ب ب y", &[RepairKind::Mojibake]),
            (
                "Société Générale, Müller, İstanbul",
                "Société Générale, Müller, İstanbul",
                &[],
            ),
            ("ï»¿نص", "نص", &[RepairKind::Mojibake]),
        ];
        for (input, want, kinds) in cases {
            let (got, repairs) = run(input);
            assert_eq!(&got, want, "{input}");
            let got_kinds: Vec<_> = repairs.iter().map(|r| r.kind).collect();
            assert_eq!(&got_kinds, kinds, "{input}");
            for r in &repairs {
                assert!(r.start <= r.end && r.end <= got.len());
            }
        }
    }

    #[test]
    fn fast_check_flags_what_clean_changes() {
        let inputs = [
            "عربي نظيف “مع” علامات – وأرقام 123",
            "\u{61C}x",
            "\u{FEFF}x",
            "x\u{2066}y",
            "é",
            "\u{85}",
            "soft\u{AD}hyphen",
        ];
        for s in inputs {
            let (out, _) = run(s);
            if !may_need_cleaning(s.as_bytes()) {
                assert_eq!(out, s);
            }
        }
        assert!(!may_need_cleaning("عربي نظيف “مع” علامات".as_bytes()));
        assert!(may_need_cleaning("\u{61C}".as_bytes()));
        assert!(may_need_cleaning("a\u{2069}".as_bytes()));
    }
}
