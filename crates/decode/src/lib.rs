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

pub use detect::chardetng_guess;
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
}

impl RepairKind {
    /// The kebab-case name used in JSON output: `bom`, `mojibake`,
    /// `mojibake-residue`, `control`, `invalid-bytes`.
    pub fn as_str(&self) -> &'static str {
        match self {
            RepairKind::Bom => "bom",
            RepairKind::Mojibake => "mojibake",
            RepairKind::MojibakeResidue => "mojibake-residue",
            RepairKind::Control => "control",
            RepairKind::InvalidBytes => "invalid-bytes",
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
        if let Some(decoded) = self.fast_path(bytes) {
            return Ok(Decoded {
                text: decoded.to_string(),
                encoding: "utf-8",
                repairs: Vec::new(),
            });
        }
        self.slow_path(bytes)
    }

    /// Like [`Decoder::decode`], but takes the bytes by value so that clean
    /// UTF-8 is returned without a copy.
    ///
    /// # Errors
    ///
    /// As [`Decoder::decode`].
    pub fn decode_vec(&self, bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
        if self.fast_path(&bytes).is_some() {
            // SAFETY: `fast_path` returned `Some` only after
            // `simdutf8::basic::from_utf8` accepted exactly these bytes
            // (`String::from_utf8` would validate them again with the
            // standard library's scalar check: 4% of a whole run).
            let text = unsafe { String::from_utf8_unchecked(bytes) };
            return Ok(Decoded {
                text,
                encoding: "utf-8",
                repairs: Vec::new(),
            });
        }
        self.slow_path(&bytes)
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
        if self.fast_path_checked(text.as_bytes()) {
            return Ok(Decoded {
                text,
                encoding: "utf-8",
                repairs: Vec::new(),
            });
        }
        self.slow_path(text.as_bytes())
    }

    /// Valid UTF-8 with nothing to repair, no BOM and no binary signature.
    fn fast_path<'a>(&self, bytes: &'a [u8]) -> Option<&'a str> {
        if !self.fast_path_checked(bytes) {
            return None;
        }
        simdutf8::basic::from_utf8(bytes).ok()
    }

    /// [`Decoder::fast_path`] but for the UTF-8 check, which the caller
    /// makes (or knows the answer to).
    fn fast_path_checked(&self, bytes: &[u8]) -> bool {
        !(bytes
            .first()
            .is_some_and(|&b| matches!(b, 0xEF | 0xFE | 0xFF))
            || (self.detect_binary && detect::magic_reason(bytes).is_some())
            || clean::may_need_cleaning(bytes))
    }

    fn slow_path(&self, bytes: &[u8]) -> Result<Decoded, DecodeError> {
        let mut pre = Vec::new();
        // Valid UTF-8 is cleaned straight from the input; other input is
        // decoded into `owned` first.
        let mut owned = String::new();
        let mut borrowed = None;
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
            None => self.detect_and_decode(bytes, &mut owned, &mut borrowed, &mut pre)?,
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
        if !clean::may_need_cleaning(text.as_bytes()) {
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
        clean::clean(text, &pre, opts, &mut out, &mut repairs);
        Ok(Decoded {
            text: out,
            encoding,
            repairs,
        })
    }

    /// No BOM: UTF-16 by pattern, binary check, UTF-8, else legacy.
    /// Returns the encoding name and whether it is a Unicode encoding.
    fn detect_and_decode<'a>(
        &self,
        bytes: &'a [u8],
        text: &mut String,
        borrowed: &mut Option<&'a str>,
        pre: &mut Vec<Repair>,
    ) -> Result<(&'static str, bool), DecodeError> {
        if self.detect_binary
            && let Some(why) = detect::magic_reason(bytes)
        {
            return Err(DecodeError::binary(why));
        }
        if let Some(bom) = detect::sniff_utf16(bytes) {
            detect::decode_utf16(bytes, bom == detect::Bom::Utf16Le, text, pre);
            return Ok((bom_name(bom), true));
        }
        if self.detect_binary
            && let Some(why) = detect::binary_reason(bytes)
        {
            return Err(DecodeError::binary(why));
        }
        if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
            *borrowed = Some(s);
            return Ok(("utf-8", true));
        }
        let (multi, bad) = detect::utf8_quality(bytes);
        if bad == 0 || multi >= 2 * bad {
            detect::decode_utf8_lossy(bytes, text, pre);
            return Ok(("utf-8", true));
        }
        let encoding = detect::guess_legacy(bytes);
        detect::decode_legacy(encoding, bytes, text, pre);
        let unicode = encoding == encoding_rs::UTF_8;
        Ok((detect::encoding_name(encoding), unicode))
    }
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
    Decoder::new().fast_path(bytes).is_some()
}

/// Decodes `bytes` with [`Decoder::default`].
///
/// # Errors
///
/// As [`Decoder::decode`].
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    Decoder::new().decode(bytes)
}
