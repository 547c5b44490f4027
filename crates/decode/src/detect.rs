//! Which encoding the bytes are in, and turning them into a `String`.
//!
//! Every function here is total: any byte string gives either text (with a
//! list of the bytes that could not be decoded) or a typed error.

use std::fmt::Write as _;

use encoding_rs::{Encoding, ISO_8859_6, WINDOWS_1256};

use crate::{DecodeError, Repair, RepairKind, push_repair};

/// A byte order mark found at the start of the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bom {
    Utf8,
    Utf16Le,
    Utf16Be,
}

impl Bom {
    pub(crate) fn len(self) -> usize {
        match self {
            Bom::Utf8 => 3,
            Bom::Utf16Le | Bom::Utf16Be => 2,
        }
    }
}

/// Looks for a byte order mark; UTF-32 marks are an error, since
/// `FF FE 00 00` would otherwise pass for UTF-16LE text starting with NUL.
pub(crate) fn sniff_bom(bytes: &[u8]) -> Result<Option<Bom>, DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(DecodeError::unsupported(
            "UTF-32 byte order mark (convert the file to UTF-8)",
        ));
    }
    Ok(if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Some(Bom::Utf8)
    } else if bytes.starts_with(&[0xFF, 0xFE]) {
        Some(Bom::Utf16Le)
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Some(Bom::Utf16Be)
    } else {
        None
    })
}

/// File signatures of common binary formats that can reach a text pipeline
/// by mistake (a stray image or archive in a corpus directory).
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x7fELF", "ELF executable signature"),
    (b"\x89PNG\r\n\x1a\n", "PNG image signature"),
    (b"\xFF\xD8\xFF", "JPEG image signature"),
    (b"GIF87a", "GIF image signature"),
    (b"GIF89a", "GIF image signature"),
    (b"PK\x03\x04", "zip archive signature"),
    (b"PK\x05\x06", "zip archive signature"),
    (b"\x1F\x8B\x08", "gzip signature"),
    (b"%PDF-", "PDF document signature"),
    (b"\xFD7zXZ\x00", "xz signature"),
    (b"7z\xBC\xAF\x27\x1C", "7-zip signature"),
    (b"\x28\xB5\x2F\xFD", "zstd signature"),
    (b"SQLite format 3\x00", "SQLite database signature"),
    (b"\xCA\xFE\xBA\xBE", "Mach-O or Java class signature"),
    (b"\xCF\xFA\xED\xFE", "Mach-O signature"),
    (b"\x00asm", "WebAssembly signature"),
    (b"OggS\x00", "Ogg signature"),
    (b"RIFF", "RIFF (WAV/AVI/WebP) signature"),
    (b"BZh", "bzip2 signature"),
];

/// Returns why `bytes` looks binary, if it does. Not used on UTF-16, where
/// NUL bytes are normal.
pub(crate) fn binary_reason(bytes: &[u8]) -> Option<String> {
    if let Some(why) = magic_reason(bytes) {
        return Some(why.to_string());
    }
    let nul = memchr::memchr_iter(0, bytes).count();
    // Text files may carry the odd NUL; one in a hundred bytes is not text.
    if nul > 0 && nul * 100 >= bytes.len() {
        return Some(format!("{}% NUL bytes", percent(nul, bytes.len())));
    }
    let controls: usize = bytes
        .chunks(256)
        .map(|c| {
            c.iter()
                .map(|&b| u32::from(is_binary_control(b)))
                .sum::<u32>() as usize
        })
        .sum();
    if controls > 0 && controls * 20 >= bytes.len() {
        return Some(format!("{}% control bytes", percent(controls, bytes.len())));
    }
    None
}

/// The binary format whose signature `bytes` starts with, or the one byte
/// it is mostly made of ([`repeated_byte_reason`]), if any.
pub(crate) fn magic_reason(bytes: &[u8]) -> Option<&'static str> {
    magic_signature(bytes).or_else(|| repeated_byte_reason(bytes))
}

/// Bytes looked at in each probe of [`repeated_byte_reason`].
const PROBE: usize = 64;

/// Why `bytes` is mostly (90% or more) one repeated byte of 0x80 or above,
/// if it is. No text is: in UTF-8 such a byte alone is a stray lead or
/// continuation byte, and in a legacy code page a megabyte of one letter is
/// filler, not writing (1 MiB of 0x80 would otherwise be read as IBM866
/// Cyrillic). Runs on every document, so it first probes two 64-byte
/// windows (the start and the middle) and counts the whole input only when
/// one of them is mostly one high byte.
fn repeated_byte_reason(bytes: &[u8]) -> Option<&'static str> {
    if bytes.len() < 4 * PROBE {
        return None;
    }
    // The window's first or second byte, when it is high and fills 7/8 of
    // the window.
    let dominant = |at: usize| {
        let p = &bytes[at..at + PROBE];
        // Text leaves before the count (in Arabic UTF-8 a lead byte is
        // followed by a continuation byte).
        [p[0], p[1]].into_iter().find(|&c| {
            c >= 0x80
                && c == p[PROBE / 2]
                && c == p[PROBE / 2 + 1]
                && p.iter().filter(|&&b| b == c).count() * 8 >= PROBE * 7
        })
    };
    let b = dominant(0).or_else(|| dominant(bytes.len() / 2 - PROBE / 2))?;
    let n = memchr::memchr_iter(b, bytes).count();
    (n * 10 >= bytes.len() * 9)
        .then_some("one byte value (0x80 or above) repeated over 90% of the input")
}

/// The binary format whose signature `bytes` starts with, if any.
fn magic_signature(bytes: &[u8]) -> Option<&'static str> {
    for (magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            // "BZh" and "RIFF" are also plausible starts of text; demand the
            // rest of their header.
            let strict_ok = match *magic {
                b"BZh" => matches!(bytes.get(3), Some(b'1'..=b'9')) && bytes.get(4) == Some(&0x31),
                b"RIFF" => bytes.len() >= 12 && bytes[4..8].contains(&0),
                _ => true,
            };
            if strict_ok {
                return Some(what);
            }
        }
    }
    None
}

fn percent(part: usize, whole: usize) -> usize {
    (part * 100).div_ceil(whole.max(1))
}

/// C0 controls that do not occur in text files (tab, newlines, form feed
/// and escape do).
///
/// Written branch-free so that the count vectorizes.
#[inline(always)]
fn is_binary_control(b: u8) -> bool {
    (b < 0x20) & !(0x09..=0x0D).contains(&b) & (b != 0x1B)
}

/// Decides whether BOM-less bytes are UTF-16, and in which byte order.
///
/// Only says yes when the pattern is unambiguous: at least 95% of the code
/// units fall in the blocks Arabic news is written in (ASCII, Latin-1,
/// Arabic and its presentation forms, general punctuation) in one byte
/// order, and at most half in the other.
pub(crate) fn sniff_utf16(bytes: &[u8]) -> Option<Bom> {
    if bytes.len() < 4 {
        return None;
    }
    let sample = &bytes[..bytes.len().min(1 << 16) & !1];
    // UTF-16 text in any script this crate expects has a high byte below
    // 0x09 in most units (Latin 0x00-0x02, Arabic 0x06-0x08). A sample with
    // no such byte at all is not UTF-16; this check is a fraction of the
    // cost of the pairwise scan below and keeps ASCII such as "a b c d"
    // (read as U+2061 U+2062 ...) from passing for UTF-16LE.
    // (Branch-free over 64-byte chunks so that it vectorizes: text that
    // is not UTF-16 is read to its end here.)
    let low = |c: &[u8]| c.iter().fold(false, |seen, &b| seen | (b < 0x09));
    if !sample.chunks(64).any(low) {
        return None;
    }
    let units = sample.len() / 2;
    let (mut le, mut be) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        le += usize::from(plausible_unit(u16::from_le_bytes([pair[0], pair[1]])));
        be += usize::from(plausible_unit(u16::from_be_bytes([pair[0], pair[1]])));
    }
    if le * 100 >= units * 95 && be * 2 <= units {
        Some(Bom::Utf16Le)
    } else if be * 100 >= units * 95 && le * 2 <= units {
        Some(Bom::Utf16Be)
    } else {
        None
    }
}

fn plausible_unit(u: u16) -> bool {
    matches!(u,
        0x09 | 0x0A | 0x0D
        | 0x20..=0x7E
        | 0xA0..=0x24F
        | 0x600..=0x6FF
        | 0x750..=0x77F
        | 0x8A0..=0x8FF
        | 0x2000..=0x206F
        | 0x20A0..=0x20CF
        | 0xFB50..=0xFDFF
        | 0xFE70..=0xFEFF)
}

/// Appends `\xNN` for each byte: how undecodable input is shown in a
/// repair's `original`.
pub(crate) fn hex_escape(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 4);
    for b in bytes {
        let _ = write!(s, "\\x{b:02X}");
    }
    s
}

/// UTF-8 with invalid sequences replaced by U+FFFD (one per maximal
/// invalid subpart, as the WHATWG and `String::from_utf8_lossy` do).
pub(crate) fn decode_utf8_lossy(bytes: &[u8], out: &mut String, repairs: &mut Vec<Repair>) {
    out.reserve(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        let bad = chunk.invalid();
        if !bad.is_empty() {
            let start = out.len();
            out.push('\u{FFFD}');
            push_repair(
                repairs,
                RepairKind::InvalidBytes,
                start,
                out.len(),
                &hex_escape(bad),
            );
        }
    }
}

/// Counts what a lossy UTF-8 decode would give: (non-ASCII characters,
/// invalid byte sequences).
pub(crate) fn utf8_quality(bytes: &[u8]) -> (usize, usize) {
    let (mut multi, mut bad) = (0, 0);
    for chunk in bytes.utf8_chunks() {
        multi += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        bad += usize::from(!chunk.invalid().is_empty());
        // Clearly not UTF-8: stop counting (legacy text is invalid at
        // nearly every letter, and this loop is slow there).
        if bad >= 1000 && multi < bad {
            break;
        }
    }
    (multi, bad)
}

/// UTF-16 in the given byte order; unpaired surrogates and an odd last byte
/// become U+FFFD.
pub(crate) fn decode_utf16(
    bytes: &[u8],
    little_endian: bool,
    out: &mut String,
    repairs: &mut Vec<Repair>,
) {
    out.reserve(bytes.len() / 2 * 3);
    let units = bytes.chunks_exact(2).map(|p| {
        if little_endian {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    for r in char::decode_utf16(units) {
        match r {
            Ok(c) => out.push(c),
            Err(e) => {
                let start = out.len();
                out.push('\u{FFFD}');
                let original = format!("\\u{{{:04X}}}", e.unpaired_surrogate());
                push_repair(
                    repairs,
                    RepairKind::InvalidBytes,
                    start,
                    out.len(),
                    &original,
                );
            }
        }
    }
    if bytes.len() % 2 == 1 {
        let start = out.len();
        out.push('\u{FFFD}');
        let last = &bytes[bytes.len() - 1..];
        push_repair(
            repairs,
            RepairKind::InvalidBytes,
            start,
            out.len(),
            &hex_escape(last),
        );
    }
}

/// Decodes with a legacy encoding, reporting each malformed sequence.
pub(crate) fn decode_legacy(
    encoding: &'static Encoding,
    bytes: &[u8],
    out: &mut String,
    repairs: &mut Vec<Repair>,
) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut pos = 0;
    loop {
        let need = decoder
            .max_utf8_buffer_length_without_replacement(bytes.len() - pos)
            .unwrap_or(bytes.len() - pos);
        out.reserve(need.max(4));
        let (result, read) = decoder.decode_to_string_without_replacement(&bytes[pos..], out, true);
        pos += read;
        match result {
            encoding_rs::DecoderResult::InputEmpty => break,
            encoding_rs::DecoderResult::OutputFull => continue,
            encoding_rs::DecoderResult::Malformed(bad, after) => {
                let end = pos.saturating_sub(usize::from(after));
                let start = end.saturating_sub(usize::from(bad));
                let at = out.len();
                out.push('\u{FFFD}');
                push_repair(
                    repairs,
                    RepairKind::InvalidBytes,
                    at,
                    out.len(),
                    &hex_escape(&bytes[start..end]),
                );
            }
        }
    }
}

/// Guesses the legacy encoding of bytes that are not UTF-8.
///
/// chardetng is a good general detector, but it was calibrated on web pages
/// and, on short Arabic snippets, confuses Windows-1256 with ISO-8859-6 (see
/// `benches/reports/decode.md`). The two code pages are easy to tell apart
/// with a direct test, so when either reading is mostly Arabic letters this
/// scores both and keeps the better one.
pub(crate) fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let sample = detection_sample(bytes);
    arabic_override(sample, chardetng_guess(sample))
}

/// How much text detection looks at. chardetng runs at a few MB/s on
/// Arabic; 16 KiB of non-ASCII-bearing text settles any real document (the
/// accuracy table in the report reaches 100% from 32 characters), and the
/// rest is decoded at encoding_rs speed.
const SAMPLE: usize = 16 << 10;

/// Up to [`SAMPLE`] bytes from a little before the first non-ASCII byte
/// (a long ASCII header says nothing about the encoding).
fn detection_sample(bytes: &[u8]) -> &[u8] {
    let first_high = bytes.iter().position(|&b| b >= 0x80).unwrap_or(0);
    let start = first_high.saturating_sub(256);
    &bytes[start..bytes.len().min(start + SAMPLE)]
}

/// chardetng's guess, alone (no Arabic override). The accuracy example
/// (`examples/detect_accuracy.rs`) asks chardetng the same way.
fn chardetng_guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

fn arabic_override(bytes: &[u8], guess: &'static Encoding) -> &'static Encoding {
    let cp = arabic_score(WINDOWS_1256, bytes);
    let iso = arabic_score(ISO_8859_6, bytes);
    if !cp.is_arabic() && !iso.is_arabic() {
        return guess;
    }
    // chardetng names a code page without Arabic letters, and the Arabic
    // readings have many letters but not one word-initial ال (a third of
    // the words of Arabic prose start with it): Russian in KOI8-R reads as
    // all "Arabic" letters in Windows-1256, but never as Arabic words.
    if is_foreign(guess)
        && cp.arabic.max(iso.arabic) >= NO_ARTICLE_LETTERS
        && cp.articles == 0
        && iso.articles == 0
    {
        return guess;
    }
    match (cp.score, cp.articles).cmp(&(iso.score, iso.articles)) {
        std::cmp::Ordering::Greater => WINDOWS_1256,
        std::cmp::Ordering::Less => ISO_8859_6,
        // Both readings all Arabic with as many articles (a few words
        // using only letters both code pages place alike, or shifted ones
        // such as و/ن): prefer the far more common Windows-1256. chardetng
        // is no better here (see the report).
        std::cmp::Ordering::Equal => WINDOWS_1256,
    }
}

/// Arabic letters after which a reading without one word-initial ال is
/// not Arabic prose (see [`arabic_override`]).
const NO_ARTICLE_LETTERS: usize = 100;

#[derive(Debug, Default)]
struct ArabicScore {
    score: i64,
    /// Arabic letters and vowel marks.
    arabic: usize,
    /// Word-initial ال: the tie-breaker.
    articles: usize,
    high: usize,
}

impl ArabicScore {
    /// Mostly Arabic letters, and more of them than signs of a wrong
    /// reading (Latin letters glued to them, undefined bytes): Russian in
    /// Windows-1251 read as Windows-1256 is 70% "Arabic" letters, but
    /// its а и о к л в п read as à î ï ê á â ç inside every word.
    fn is_arabic(&self) -> bool {
        self.arabic > 0 && self.arabic * 10 >= self.high * 6 && self.score > 0
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Arabic,
    Mark,
    Latin,
    Undefined,
    Other,
}

fn class_of(encoding: &'static Encoding, byte: u8) -> Class {
    let mut buf = [0u16; 2];
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let (_, _, written, _) = decoder.decode_to_utf16(&[byte], &mut buf, true);
    match (written, buf[0]) {
        (1, 0x0621..=0x064A | 0x0671..=0x06D3) => Class::Arabic,
        (1, 0x064B..=0x0652) => Class::Mark,
        (1, 0x00C0..=0x00FF) => Class::Latin,
        (1, 0xFFFD) => Class::Undefined,
        _ => Class::Other,
    }
}

/// Byte classes for the high half of a single-byte code page, computed once
/// from encoding_rs's own tables.
fn classes(encoding: &'static Encoding) -> &'static [Class; 128] {
    use std::sync::OnceLock;
    static CP1256: OnceLock<[Class; 128]> = OnceLock::new();
    static ISO6: OnceLock<[Class; 128]> = OnceLock::new();
    let cell = if encoding == WINDOWS_1256 {
        &CP1256
    } else {
        &ISO6
    };
    cell.get_or_init(|| {
        let mut t = [Class::Other; 128];
        for (i, slot) in t.iter_mut().enumerate() {
            *slot = class_of(encoding, 0x80 | i as u8);
        }
        t
    })
}

/// ا in both code pages.
const ALEF: u8 = 0xC7;
/// ل in Windows-1256.
const LAM_1256: u8 = 0xE1;
/// ل in ISO-8859-6.
const LAM_8859_6: u8 = 0xE4;

/// Arabic letters count for a reading; Latin letters touching an Arabic
/// letter (a sign of the wrong code page: ISO-8859-6 letters read as
/// Windows-1256 à â ç è é) and undefined bytes count against it.
fn arabic_score(encoding: &'static Encoding, bytes: &[u8]) -> ArabicScore {
    let table = classes(encoding);
    let class = |b: u8| {
        if b < 0x80 {
            Class::Other
        } else {
            table[usize::from(b & 0x7F)]
        }
    };
    let lam = if encoding == WINDOWS_1256 {
        LAM_1256
    } else {
        LAM_8859_6
    };
    let mut s = ArabicScore::default();
    let mut prev = Class::Other;
    // Whether the previous byte is an ASCII letter: Arabic letters glued
    // to ASCII letters are accented letters of a European language read
    // in the wrong code page (`ministère` in Windows-1252 read as
    // ISO-8859-6 gives `minist\u{647}re`), not Arabic.
    let mut prev_ascii_letter = false;
    for (i, &b) in bytes.iter().enumerate() {
        if b < 0x80 {
            if b.is_ascii_alphabetic() && prev == Class::Arabic {
                s.score -= 3;
            }
            prev = Class::Other;
            prev_ascii_letter = b.is_ascii_alphabetic();
            continue;
        }
        s.high += 1;
        // A word-initial article ال is the commonest bigram of Arabic; it
        // breaks ties in short snippets where both readings are all
        // letters (ال in one code page reads as ان or اف in the other).
        if b == ALEF
            && bytes.get(i + 1) == Some(&lam)
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric() && bytes[i - 1] < 0x80)
        {
            s.articles += 1;
        }
        let c = class(b);
        match c {
            Class::Arabic => {
                s.arabic += 1;
                s.score += 1;
                if prev_ascii_letter {
                    s.score -= 3;
                }
            }
            Class::Latin => {
                let next = bytes.get(i + 1).map_or(Class::Other, |&n| class(n));
                if prev == Class::Arabic || next == Class::Arabic {
                    s.score -= 3;
                }
            }
            Class::Mark => s.arabic += 1,
            Class::Undefined => s.score -= 5,
            Class::Other => {}
        }
        prev = c;
        prev_ascii_letter = false;
    }
    s
}

/// Whether a legacy encoding is one that cannot hold Arabic text: any but
/// Windows-1256 and ISO-8859-6 (and the Unicode ones, which are not
/// legacy).
pub(crate) fn is_foreign(encoding: &'static Encoding) -> bool {
    encoding != WINDOWS_1256
        && encoding != ISO_8859_6
        && encoding != encoding_rs::UTF_8
        && encoding != encoding_rs::UTF_16LE
        && encoding != encoding_rs::UTF_16BE
}

/// The [`RepairKind::LegacyEncoding`] note for `text`, decoded from
/// `encoding`: an empty span at 0 whose `original` says what was guessed
/// and how sure the guess is.
pub(crate) fn foreign_repair(encoding: &'static Encoding, text: &str) -> Repair {
    let c = legacy_confidence(text);
    let script = c
        .script
        .map_or_else(String::new, |s| format!(", {s} letters"));
    Repair {
        kind: RepairKind::LegacyEncoding,
        start: 0,
        end: 0,
        original: format!(
            "decoded as {} (confidence {:.2}{script}): probably not Arabic",
            encoding_name(encoding),
            c.confidence
        ),
    }
}

/// How much decoded legacy text looks like writing in one script: see
/// [`legacy_confidence`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LegacyConfidence {
    /// The share (0 to 1) of the non-ASCII characters that are letters of
    /// [`script`](Self::script); 0 when there are none.
    pub confidence: f32,
    /// The script most of those letters are in (`Latin`, `Greek`,
    /// `Cyrillic`, `Hebrew`, `Arabic`, `Thai`, `CJK`, `Other`), if any.
    pub script: Option<&'static str>,
}

/// Characters [`legacy_confidence`] looks at.
const CONFIDENCE_SAMPLE: usize = 64 << 10;

/// How sure a legacy-encoding guess is, told from the text it gave: the
/// share of its non-ASCII characters (up to the first 64 Ki of them) that
/// are letters of the one script most of them are in.
///
/// chardetng gives a guess but no score (the pinned 1.0 has no
/// `guess_assess`), so this asks the text instead. Real text in the right
/// code page is nearly all letters of its script (Russian in Windows-1251
/// scores about 0.95, French in Windows-1252 with its quotes about 0.8);
/// the wrong code page or bytes that are not text give box-drawing
/// characters, symbols, U+FFFD and a mix of scripts, and score low (random
/// bytes read as IBM866: about 0.5).
///
/// ```
/// use khabar_decode::legacy_confidence;
///
/// let russian = legacy_confidence("Правительство объявило");
/// assert_eq!(russian.script, Some("Cyrillic"));
/// assert!(russian.confidence > 0.9);
/// let noise = legacy_confidence("╫▓░ ╬Ф ◄ §");
/// assert!(noise.confidence < 0.5);
/// ```
pub fn legacy_confidence(text: &str) -> LegacyConfidence {
    const SCRIPTS: [&str; 8] = [
        "Latin", "Greek", "Cyrillic", "Hebrew", "Arabic", "Thai", "CJK", "Other",
    ];
    let mut letters = [0usize; 8];
    let mut non_ascii = 0usize;
    for c in text
        .chars()
        .filter(|c| !c.is_ascii())
        .take(CONFIDENCE_SAMPLE)
    {
        non_ascii += 1;
        if !c.is_alphabetic() {
            continue;
        }
        let script = match u32::from(c) {
            0x00C0..=0x024F | 0x1E00..=0x1EFF => 0,
            0x0370..=0x03FF | 0x1F00..=0x1FFF => 1,
            0x0400..=0x052F => 2,
            0x0590..=0x05FF => 3,
            0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => 4,
            0x0E00..=0x0E7F => 5,
            0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF | 0xFF66..=0xFFDC => 6,
            _ => 7,
        };
        letters[script] += 1;
    }
    let (best, &count) = letters
        .iter()
        .enumerate()
        .max_by_key(|&(i, &n)| (n, std::cmp::Reverse(i)))
        .unwrap_or((7, &0));
    if count == 0 {
        return LegacyConfidence {
            confidence: 0.0,
            script: None,
        };
    }
    LegacyConfidence {
        confidence: (count as f64 / non_ascii as f64) as f32,
        script: Some(SCRIPTS[best]),
    }
}

/// The lowercase WHATWG name of an encoding_rs encoding.
pub(crate) fn encoding_name(encoding: &'static Encoding) -> &'static str {
    const NAMES: &[(&str, &str)] = &[
        ("UTF-8", "utf-8"),
        ("UTF-16LE", "utf-16le"),
        ("UTF-16BE", "utf-16be"),
        ("ISO-8859-2", "iso-8859-2"),
        ("ISO-8859-3", "iso-8859-3"),
        ("ISO-8859-4", "iso-8859-4"),
        ("ISO-8859-5", "iso-8859-5"),
        ("ISO-8859-6", "iso-8859-6"),
        ("ISO-8859-7", "iso-8859-7"),
        ("ISO-8859-8", "iso-8859-8"),
        ("ISO-8859-8-I", "iso-8859-8-i"),
        ("ISO-8859-10", "iso-8859-10"),
        ("ISO-8859-13", "iso-8859-13"),
        ("ISO-8859-14", "iso-8859-14"),
        ("ISO-8859-15", "iso-8859-15"),
        ("ISO-8859-16", "iso-8859-16"),
        ("ISO-2022-JP", "iso-2022-jp"),
        ("KOI8-R", "koi8-r"),
        ("KOI8-U", "koi8-u"),
        ("IBM866", "ibm866"),
        ("Shift_JIS", "shift_jis"),
        ("EUC-JP", "euc-jp"),
        ("EUC-KR", "euc-kr"),
        ("Big5", "big5"),
        ("GBK", "gbk"),
    ];
    let name = encoding.name();
    NAMES
        .iter()
        .find(|(upper, _)| *upper == name)
        .map_or(name, |(_, lower)| lower)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_encoding_name_is_lowercase() {
        let labels = [
            "utf-8",
            "utf-16le",
            "utf-16be",
            "iso-8859-2",
            "iso-8859-6",
            "iso-8859-8-i",
            "iso-8859-16",
            "koi8-u",
            "ibm866",
            "shift_jis",
            "euc-jp",
            "euc-kr",
            "big5",
            "gbk",
            "gb18030",
            "windows-1256",
            "windows-874",
            "macintosh",
            "x-mac-cyrillic",
            "iso-2022-jp",
            "x-user-defined",
        ];
        for label in labels {
            let enc = Encoding::for_label(label.as_bytes()).unwrap();
            let name = encoding_name(enc);
            assert_eq!(name, name.to_ascii_lowercase(), "{label}");
        }
    }

    #[test]
    fn byte_classes_match_the_code_pages() {
        // ل is E1 in Windows-1256 and E4 in ISO-8859-6; ف is DD / E1.
        let cp = classes(WINDOWS_1256);
        let iso = classes(ISO_8859_6);
        assert!(cp[0xE1 - 0x80] == Class::Arabic && iso[0xE4 - 0x80] == Class::Arabic);
        assert!(cp[0xE7 - 0x80] == Class::Latin, "ç");
        assert!(iso[0xDD - 0x80] == Class::Undefined);
    }

    #[test]
    fn article_bytes_match_the_code_pages() {
        assert_eq!(&*WINDOWS_1256.encode("ال").0, &[ALEF, LAM_1256]);
        assert_eq!(&*ISO_8859_6.encode("ال").0, &[ALEF, LAM_8859_6]);
    }

    #[test]
    fn binary_reasons() {
        let cases: &[(&[u8], Option<&str>)] = &[
            (b"\x7fELF\x02\x01\x01", Some("ELF")),
            (b"\x89PNG\r\n\x1a\nxxxx", Some("PNG")),
            (b"PK\x03\x04abc", Some("zip")),
            (b"ab\0\0cd\0\0", Some("NUL")),
            (b"\x01\x02\x03 plain", Some("control")),
            (b"plain text\n", None),
            (b"BZh is a word here", None),
            (b"RIFF raff and more text", None),
        ];
        for (bytes, want) in cases {
            let got = binary_reason(bytes);
            assert_eq!(got.is_some(), want.is_some(), "{bytes:?}: {got:?}");
            match want {
                Some(w) => assert!(
                    got.as_deref().unwrap_or("").contains(w),
                    "{bytes:?}: {got:?}"
                ),
                None => assert_eq!(got, None, "{bytes:?}"),
            }
        }
    }

    #[test]
    fn mostly_one_repeated_high_byte_is_binary() {
        let why = |b: &[u8]| repeated_byte_reason(b);
        // 1 MiB of 0x80, of 0xFF, and of 0xC7 (alef in Windows-1256).
        for b in [0x80u8, 0xFF, 0xC7] {
            assert!(why(&vec![b; 1 << 20]).is_some(), "{b:#x}");
        }
        // After a short header; and with 5% of other bytes sprinkled in.
        let mut v = b"title: report\n".to_vec();
        v.extend(std::iter::repeat_n(0x80u8, 4096));
        assert!(why(&v).is_some());
        let sprinkled: Vec<u8> = (0..4096)
            .map(|i| if i % 20 == 7 { b'a' } else { 0x9D })
            .collect();
        assert!(why(&sprinkled).is_some());
        // Not: under 90%, short input, ASCII runs, real text in any encoding.
        let half: Vec<u8> = (0..4096)
            .map(|i| if i < 2048 { 0x80 } else { b' ' })
            .collect();
        assert!(why(&half).is_none());
        assert!(why(&[0x80; 200]).is_none());
        assert!(why(&vec![b'='; 4096]).is_none());
        let news = "أعلنت الحكومة في بيان رسمي أن المفاوضات ستستأنف الأسبوع المقبل. ".repeat(40);
        assert!(why(news.as_bytes()).is_none());
        assert!(why(&WINDOWS_1256.encode(&news).0).is_none());
        assert!(why(&ISO_8859_6.encode(&news).0).is_none());
    }

    #[test]
    fn a_megabyte_of_0x80_is_a_binary_error_not_cyrillic() {
        let err = crate::decode(&vec![0x80u8; 1 << 20]).unwrap_err();
        assert_eq!(err.kind().as_str(), "binary");
        assert!(err.to_string().contains("repeated"), "{err}");
        // A short run of such bytes in text is still decoded (and repaired).
        let mut v = "خبر عاجل ".as_bytes().to_vec();
        v.extend([0x80u8; 3]);
        assert!(crate::decode(&v).is_ok());
    }
}
