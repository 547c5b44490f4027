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

mod mojibake;
mod scan;
#[cfg(test)]
mod tests;

use crate::{Repair, RepairKind, push_repair};
use mojibake::{is_lead, is_residue_char, mojibake_run, residue_group};
use scan::next_suspect;
pub(crate) use scan::{Need, first_need, may_need_cleaning};

/// Which repairs to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Options {
    pub(crate) mojibake: bool,
    pub(crate) residue: bool,
    pub(crate) controls: bool,
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
            carry(repairs, out, r);
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
        carry(repairs, out, r);
    }
}

/// Carries a decoder repair `r` (BOM, invalid bytes) over to `out`, whose
/// end is where its characters start.
fn carry(repairs: &mut Vec<Repair>, out: &str, r: &Repair) {
    let start = out.len();
    push_repair(
        repairs,
        r.kind,
        start,
        start + (r.end - r.start),
        &r.original,
    );
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
