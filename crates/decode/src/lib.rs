//! Bytes in, clean UTF-8 out, with every repair reported.
//!
//! Arabic news reaches a corpus in many shapes: UTF-8 with or without a BOM,
//! UTF-16 from Windows tools, Windows-1256 or ISO-8859-6 from old sites,
//! text that went through the wrong decoder once or twice (`Ø§Ù„` for
//! `ال`), leftovers of such accidents (`â € Â Â`), invisible bidi marks.
//! Everything downstream (normalizer, gazetteer, figures) needs one thing:
//! correct UTF-8 whose spans mean something. This crate produces it and
//! lists each change it made, with its span in the output and the text it
//! replaced, so that nothing is altered silently.
//!
//! # Rules
//!
//! 1. A BOM decides the encoding (UTF-8, UTF-16LE, UTF-16BE) and is
//!    removed, reported as [`RepairKind::Bom`]. A UTF-32 BOM is an error.
//! 2. Known binary signatures (ELF, PNG, JPEG, zip, gzip, PDF, …) are an
//!    error of kind [`DecodeErrorKind::Binary`].
//! 3. Valid UTF-8 without anything to repair takes the fast path: SIMD
//!    validation and one scan for the few bytes that can start a repair.
//! 4. UTF-16 without a BOM is accepted when the code units are unambiguous
//!    (see the README).
//! 5. Otherwise, 1% NUL bytes or 5% other control bytes make the input
//!    binary: an error, not garbage text.
//! 6. Mostly valid UTF-8 (at least two non-ASCII characters per invalid
//!    sequence) is UTF-8; invalid sequences become U+FFFD
//!    ([`RepairKind::InvalidBytes`]).
//! 7. Anything else is a legacy encoding, guessed by chardetng and, where
//!    the text is Arabic, by a direct Windows-1256 / ISO-8859-6 test.
//! 8. Then, on Unicode input, mojibake is repaired and residue removed; on
//!    all input, invisible controls are removed. European words (`Société
//!    Générale`, `Müller`, `İstanbul`) stay as they are.
//!
//! Adjacent repairs of one kind are merged: a mojibake line is one repair.
//! No input makes the decoder panic.
//!
//! # Example
//!
//! ```
//! use khabar_decode::{decode, RepairKind};
//!
//! // "ال" read as Windows-1252, and a right-to-left mark.
//! let bytes = "Ø§Ù„Ø®Ø¨Ø± \u{200F}اليوم".as_bytes();
//! let decoded = decode(bytes)?;
//! assert_eq!(decoded.text, "الخبر اليوم");
//! assert_eq!(decoded.encoding, "utf-8");
//! let kinds: Vec<&str> = decoded.repairs.iter().map(|r| r.kind.as_str()).collect();
//! assert_eq!(kinds, ["mojibake", "control"]);
//! assert_eq!(decoded.repairs[0].original, "Ø§Ù„Ø®Ø¨Ø±");
//! assert_eq!(&decoded.text[decoded.repairs[0].start..decoded.repairs[0].end], "الخبر");
//! # Ok::<(), khabar_decode::DecodeError>(())
//! ```
//!
//! Legacy encodings are detected without a declaration:
//!
//! ```
//! let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode("وصل وزير الخارجية إلى موسكو");
//! let decoded = khabar_decode::decode(&bytes)?;
//! assert_eq!(decoded.encoding, "windows-1256");
//! assert_eq!(decoded.text, "وصل وزير الخارجية إلى موسكو");
//! # Ok::<(), khabar_decode::DecodeError>(())
//! ```
//!
//! Binary files are refused:
//!
//! ```
//! use khabar_decode::{decode, DecodeErrorKind};
//!
//! let err = decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err();
//! assert_eq!(err.kind(), DecodeErrorKind::Binary);
//! assert_eq!(err.to_string(), "looks like a binary file: PNG image signature");
//! ```
#![deny(missing_docs)]

mod clean;
mod detect;
mod error;

/// The README's examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub use detect::{LegacyConfidence, legacy_confidence};
pub use error::{DecodeError, DecodeErrorKind};

/// The decoded text, the encoding it came from and what was repaired.
///
/// Serializes as `{"text": ..., "encoding": ..., "repairs": [...]}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Decoded {
    /// The repaired UTF-8 text.
    pub text: String,
    /// The encoding detected, as a lowercase WHATWG name: `utf-8`,
    /// `utf-16le`, `utf-16be`, `windows-1256`, `iso-8859-6`, …
    pub encoding: &'static str,
    /// Every change, in text order.
    pub repairs: Vec<Repair>,
}

/// One change the decoder made.
///
/// Serializes as in the JSON Lines output: `{"kind": "mojibake-residue",
/// "start": 16, "end": 16, "original": "â € Â Â "}`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Repair {
    /// What was repaired.
    pub kind: RepairKind,
    /// Start of the replacement in [`Decoded::text`] (byte offset).
    pub start: usize,
    /// End of the replacement; equal to `start` when something was removed.
    pub end: usize,
    /// The input it replaced, as decoded characters; undecodable bytes are
    /// written `\xNN` and unpaired UTF-16 surrogates `\u{D800}`.
    pub original: String,
}

/// The kinds of [`Repair`]; serialized as [`RepairKind::as_str`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RepairKind {
    /// A byte order mark was removed.
    Bom,
    /// Mojibake (UTF-8 read as Windows-1252 or Latin-1) was decoded.
    Mojibake,
    /// Stand-alone mojibake leftovers (`â € Â Â`) were removed.
    MojibakeResidue,
    /// An invisible control (bidi, zero-width, C0/C1) was removed.
    Control,
    /// Bytes that do not decode were replaced with U+FFFD.
    InvalidBytes,
    /// The input was decoded from a legacy encoding that has no Arabic
    /// letters (IBM866, KOI8-R, Windows-1251/1252, Shift_JIS, GBK, …):
    /// the text is probably not Arabic, or the guess is wrong. An empty
    /// span at 0; `original` says what was guessed and how sure the guess
    /// is: `decoded as windows-1251 (confidence 0.97, Cyrillic letters):
    /// probably not Arabic` (see [`legacy_confidence`]).
    LegacyEncoding,
}

impl RepairKind {
    /// The kebab-case name used in JSON output: `bom`, `mojibake`,
    /// `mojibake-residue`, `control`, `invalid-bytes`, `legacy-encoding`.
    pub fn as_str(&self) -> &'static str {
        match self {
            RepairKind::Bom => "bom",
            RepairKind::Mojibake => "mojibake",
            RepairKind::MojibakeResidue => "mojibake-residue",
            RepairKind::Control => "control",
            RepairKind::InvalidBytes => "invalid-bytes",
            RepairKind::LegacyEncoding => "legacy-encoding",
        }
    }
}

impl std::fmt::Display for RepairKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Appends a repair, merging it into the previous one when both are of the
/// same kind and touch (nothing unchanged lies between them).
pub(crate) fn push_repair(
    repairs: &mut Vec<Repair>,
    kind: RepairKind,
    start: usize,
    end: usize,
    original: &str,
) {
    if let Some(last) = repairs.last_mut()
        && last.kind == kind
        && last.end == start
    {
        last.end = end;
        last.original.push_str(original);
        return;
    }
    repairs.push(Repair {
        kind,
        start,
        end,
        original: original.to_string(),
    });
}

/// Decodes bytes into repaired UTF-8. Build one with [`Decoder::new`] (all
/// repairs on) and switch repairs off with its setters.
///
/// # Example
///
/// ```
/// use khabar_decode::Decoder;
///
/// let mut decoder = Decoder::new();
/// decoder.repair_mojibake(false);
/// let decoded = decoder.decode("Ø§".as_bytes())?;
/// assert_eq!(decoded.text, "Ø§");
/// # Ok::<(), khabar_decode::DecodeError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Decoder {
    opts: clean::Options,
    detect_binary: bool,
}

impl Default for Decoder {
    fn default() -> Decoder {
        Decoder::new()
    }
}

impl Decoder {
    /// A decoder with every repair and binary detection on.
    pub fn new() -> Decoder {
        Decoder {
            opts: clean::Options {
                mojibake: true,
                residue: true,
                controls: true,
            },
            detect_binary: true,
        }
    }

    /// Repair mojibake (default: on).
    pub fn repair_mojibake(&mut self, yes: bool) -> &mut Decoder {
        self.opts.mojibake = yes;
        self
    }

    /// Remove mojibake residue such as `â € Â Â` (default: on).
    pub fn remove_residue(&mut self, yes: bool) -> &mut Decoder {
        self.opts.residue = yes;
        self
    }

    /// Remove invisible bidi, zero-width and C0/C1 controls (default: on).
    pub fn remove_controls(&mut self, yes: bool) -> &mut Decoder {
        self.opts.controls = yes;
        self
    }

    /// Refuse binary input (default: on). When off, binary input is decoded
    /// like any other, which gives garbage text.
    pub fn detect_binary(&mut self, yes: bool) -> &mut Decoder {
        self.detect_binary = yes;
        self
    }

    /// Decodes `bytes`. See the [crate docs](crate) for the rules.
    ///
    /// # Errors
    ///
    /// [`DecodeErrorKind::Binary`] for binary input (when detection is on),
    /// [`DecodeErrorKind::UnsupportedEncoding`] for UTF-32.
    pub fn decode(&self, bytes: &[u8]) -> Result<Decoded, DecodeError> {
        match self.fast_path(bytes) {
            Ok(decoded) => Ok(Decoded {
                text: decoded.to_string(),
                encoding: "utf-8",
                repairs: Vec::new(),
            }),
            Err(hint) => self.slow_path(bytes, None, hint),
        }
    }

    /// Like [`Decoder::decode`], but takes the bytes by value so that clean
    /// UTF-8 is returned without a copy.
    ///
    /// # Errors
    ///
    /// As [`Decoder::decode`].
    pub fn decode_vec(&self, bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
        match self.fast_path(&bytes) {
            Ok(_) => {
                // SAFETY: `fast_path` returned `Ok` only after
                // `simdutf8::basic::from_utf8` accepted exactly these bytes
                // (`String::from_utf8` would validate them again with the
                // standard library's scalar check: 4% of a whole run).
                let text = unsafe { String::from_utf8_unchecked(bytes) };
                Ok(Decoded {
                    text,
                    encoding: "utf-8",
                    repairs: Vec::new(),
                })
            }
            Err(hint) => self.slow_path(&bytes, None, hint),
        }
    }

    /// Like [`Decoder::decode_vec`] for text that is already a `String`
    /// (a JSON string, say): the same rules and result, without checking
    /// again that it is UTF-8.
    ///
    /// ```
    /// let d = khabar_decode::Decoder::new().decode_string("نص\u{200F}".to_string())?;
    /// assert_eq!(d.text, "نص");
    /// # Ok::<(), khabar_decode::DecodeError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Decoder::decode`] (a string can still look binary).
    pub fn decode_string(&self, text: String) -> Result<Decoded, DecodeError> {
        match self.fast_check(text.as_bytes()) {
            Ok(()) => Ok(Decoded {
                text,
                encoding: "utf-8",
                repairs: Vec::new(),
            }),
            Err(hint) => self.slow_path(text.as_bytes(), Some(&text), hint),
        }
    }

    /// Valid UTF-8 with nothing to repair, no BOM and no binary signature;
    /// otherwise what the check learnt.
    fn fast_path<'a>(&self, bytes: &'a [u8]) -> Result<&'a str, Hint> {
        self.fast_check(bytes)?;
        simdutf8::basic::from_utf8(bytes).map_err(|_| Hint {
            // The scan found no C0 control before it let the bytes pass.
            no_c0: true,
            first: None,
        })
    }

    /// [`Decoder::fast_path`] but for the UTF-8 check, which the caller
    /// makes (or knows the answer to).
    fn fast_check(&self, bytes: &[u8]) -> Result<(), Hint> {
        if bytes
            .first()
            .is_some_and(|&b| matches!(b, 0xEF | 0xFE | 0xFF))
            || (self.detect_binary && detect::magic_reason(bytes).is_some())
        {
            return Err(Hint::NONE);
        }
        match clean::first_need(bytes) {
            clean::Need::No => Ok(()),
            clean::Need::Control => Err(Hint::NONE),
            clean::Need::At(i) => Err(Hint {
                no_c0: true,
                first: Some(i),
            }),
        }
    }

    /// `utf8` is `bytes` when the caller knows they are UTF-8.
    fn slow_path(
        &self,
        bytes: &[u8],
        utf8: Option<&str>,
        hint: Hint,
    ) -> Result<Decoded, DecodeError> {
        let mut pre = Vec::new();
        // Valid UTF-8 is cleaned straight from the input; other input is
        // decoded into `owned` first.
        let mut owned = String::new();
        let mut borrowed = None;
        // Where cleaning must start, when the text is the input itself.
        let mut first = None;
        let (encoding, unicode) = match detect::sniff_bom(bytes)? {
            Some(bom) => {
                push_repair(&mut pre, RepairKind::Bom, 0, 0, "\u{FEFF}");
                let body = &bytes[bom.len()..];
                let text = &mut owned;
                match bom {
                    detect::Bom::Utf8 => match simdutf8::basic::from_utf8(body) {
                        Ok(s) => borrowed = Some(s),
                        Err(_) => detect::decode_utf8_lossy(body, text, &mut pre),
                    },
                    detect::Bom::Utf16Le => detect::decode_utf16(body, true, text, &mut pre),
                    detect::Bom::Utf16Be => detect::decode_utf16(body, false, text, &mut pre),
                }
                (bom_name(bom), true)
            }
            None => {
                let found = self.detect_and_decode(bytes, utf8, hint, &mut owned, &mut pre)?;
                if let Some(s) = found.borrowed {
                    borrowed = Some(s);
                    first = hint.first;
                }
                (found.encoding, found.unicode)
            }
        };
        let text = borrowed.unwrap_or(&owned);
        let mut opts = self.opts;
        if !unicode {
            // Mojibake and residue are artefacts of UTF-8 read as a
            // single-byte code page; in legacy text those characters
            // (à â ç in Windows-1256) are real.
            opts.mojibake = false;
            opts.residue = false;
        }
        if first.is_none() && !clean::may_need_cleaning(text.as_bytes()) {
            // Nothing for the cleaning pass (typical of legacy and UTF-16
            // input): keep the decoded string and the decoder's repairs.
            let text = match borrowed {
                Some(s) => s.to_string(),
                None => owned,
            };
            return Ok(Decoded {
                text,
                encoding,
                repairs: pre,
            });
        }
        let mut out = String::new();
        let mut repairs = Vec::with_capacity(pre.len());
        match first {
            // The fast check found the first candidate in these very bytes,
            // and decoding made no repairs.
            Some(i) if pre.is_empty() => clean::clean_from(text, i, opts, &mut out, &mut repairs),
            _ => clean::clean(text, &pre, opts, &mut out, &mut repairs),
        }
        Ok(Decoded {
            text: out,
            encoding,
            repairs,
        })
    }

    /// No BOM: UTF-16 by pattern, binary check, UTF-8, else legacy.
    fn detect_and_decode<'a>(
        &self,
        bytes: &'a [u8],
        utf8: Option<&'a str>,
        hint: Hint,
        text: &mut String,
        pre: &mut Vec<Repair>,
    ) -> Result<Detected<'a>, DecodeError> {
        let decoded = |encoding, unicode| Detected {
            encoding,
            unicode,
            borrowed: None,
        };
        if self.detect_binary
            && let Some(why) = detect::magic_reason(bytes)
        {
            return Err(DecodeError::binary(why));
        }
        // UTF-16 needs bytes below 09 and binary input C0 controls: input
        // the fast check found free of C0 controls is neither.
        if !hint.no_c0 {
            if let Some(bom) = detect::sniff_utf16(bytes) {
                detect::decode_utf16(bytes, bom == detect::Bom::Utf16Le, text, pre);
                return Ok(decoded(bom_name(bom), true));
            }
            if self.detect_binary
                && let Some(why) = detect::binary_reason(bytes)
            {
                return Err(DecodeError::binary(why));
            }
        }
        if let Some(s) = utf8.or_else(|| simdutf8::basic::from_utf8(bytes).ok()) {
            return Ok(Detected {
                encoding: "utf-8",
                unicode: true,
                borrowed: Some(s),
            });
        }
        let (multi, bad) = detect::utf8_quality(bytes);
        if bad == 0 || multi >= 2 * bad {
            detect::decode_utf8_lossy(bytes, text, pre);
            return Ok(decoded("utf-8", true));
        }
        let encoding = detect::guess_legacy(bytes);
        detect::decode_legacy(encoding, bytes, text, pre);
        if detect::is_foreign(encoding) {
            // Said first (an empty span at 0), before the decoder's own
            // repairs.
            pre.insert(0, detect::foreign_repair(encoding, text));
        }
        let unicode = encoding == encoding_rs::UTF_8;
        Ok(decoded(detect::encoding_name(encoding), unicode))
    }
}

/// What the fast check learnt about input it sent to the slow path.
#[derive(Clone, Copy, Debug)]
struct Hint {
    /// No C0 control or DEL anywhere in the input.
    no_c0: bool,
    /// The first byte that can start a repair ([`clean::Need::At`]).
    first: Option<usize>,
}

impl Hint {
    const NONE: Hint = Hint {
        no_c0: false,
        first: None,
    };
}

/// The result of [`Decoder::detect_and_decode`].
struct Detected<'a> {
    /// The encoding's name.
    encoding: &'static str,
    /// Whether it is a Unicode encoding.
    unicode: bool,
    /// The input itself, when it is valid UTF-8 (else the text was decoded
    /// into the caller's `String`).
    borrowed: Option<&'a str>,
}

fn bom_name(bom: detect::Bom) -> &'static str {
    match bom {
        detect::Bom::Utf8 => "utf-8",
        detect::Bom::Utf16Le => "utf-16le",
        detect::Bom::Utf16Be => "utf-16be",
    }
}

/// True when `bytes` is UTF-8 that [`decode`] returns unchanged, with no
/// repairs: the fast path's test (SIMD validation, then a scan for the few
/// bytes that can start a repair). A corpus tool can use it to skip
/// documents that need nothing.
///
/// It may answer `false` for text that turns out to need no repair (an `é`
/// sends text to the full check), never `true` for text that does.
///
/// ```
/// assert!(khabar_decode::is_clean_utf8("خبر “عاجل”".as_bytes()));
/// assert!(!khabar_decode::is_clean_utf8("خبر\u{200F}".as_bytes()));
/// assert!(!khabar_decode::is_clean_utf8(b"\xFF"));
/// ```
pub fn is_clean_utf8(bytes: &[u8]) -> bool {
    Decoder::new().fast_path(bytes).is_ok()
}

/// Decodes `bytes` with [`Decoder::default`].
///
/// # Errors
///
/// As [`Decoder::decode`].
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    Decoder::new().decode(bytes)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The slow path with nothing learnt from the fast check: every test
    /// runs (binary, UTF-16, UTF-8 validation, the cleaning check) and
    /// cleaning scans from the first byte.
    fn reference(d: &Decoder, bytes: &[u8]) -> Result<Decoded, String> {
        d.slow_path(bytes, None, Hint::NONE)
            .map_err(|e| e.to_string())
    }

    /// Pieces that make the fast check stop in every way, with residue
    /// (`€ `, `“ `) that a later `â` turns into a group, controls, BOMs,
    /// presentation forms, NULs and invalid bytes.
    fn bytes() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            Just("الخبر ".as_bytes().to_vec()),
            Just("في القاهرة".as_bytes().to_vec()),
            Just("Ø§Ù„".as_bytes().to_vec()),
            Just("â € Â Â ".as_bytes().to_vec()),
            Just("€ ".as_bytes().to_vec()),
            Just("“ ".as_bytes().to_vec()),
            Just("“عاجل” ".as_bytes().to_vec()),
            Just("â".as_bytes().to_vec()),
            Just("Â".as_bytes().to_vec()),
            Just("\u{200F}".as_bytes().to_vec()),
            Just("\u{200D}😀".as_bytes().to_vec()),
            Just("\u{61C}".as_bytes().to_vec()),
            Just("\u{AD}".as_bytes().to_vec()),
            Just("\u{FEFF}".as_bytes().to_vec()),
            Just("ﻻ ﺍ".as_bytes().to_vec()),
            Just("ٜ".as_bytes().to_vec()),
            Just(" \n".as_bytes().to_vec()),
            Just(vec![0]),
            Just(vec![0x01]),
            Just(vec![0xFF]),
            Just(vec![0xC7, 0xE1]),
            any::<u8>().prop_map(|b| vec![b]),
        ];
        prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn hinted_paths_match_the_full_slow_path(b in bytes()) {
            for d in [Decoder::new(), {
                let mut d = Decoder::new();
                d.remove_residue(false).detect_binary(false);
                d
            }] {
                let want = reference(&d, &b);
                prop_assert_eq!(&d.decode(&b).map_err(|e| e.to_string()), &want);
                prop_assert_eq!(&d.decode_vec(b.clone()).map_err(|e| e.to_string()), &want);
                if let Ok(s) = String::from_utf8(b.clone()) {
                    prop_assert_eq!(&d.decode_string(s).map_err(|e| e.to_string()), &want);
                }
            }
        }

        #[test]
        fn hinted_paths_match_on_any_text(s in "\\PC{0,80}") {
            let d = Decoder::new();
            let want = reference(&d, s.as_bytes());
            prop_assert_eq!(&d.decode_string(s).map_err(|e| e.to_string()), &want);
        }
    }

    #[test]
    fn residue_before_the_first_candidate_is_removed() {
        // `€` alone needs nothing; the `â` after it makes a residue group.
        let d = decode("نص € â نص".as_bytes()).unwrap();
        assert_eq!(d.text, "نص نص");
        assert_eq!(d.repairs.len(), 1);
        assert_eq!(d.repairs[0].original, "€ â ");
        assert_eq!(Ok(d), reference(&Decoder::new(), "نص € â نص".as_bytes()));
    }
}
