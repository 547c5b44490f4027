//! A deterministic synthetic Arabic news corpus, for benchmarks that must
//! also be checks.
//!
//! A throughput number means little if the fast run is also a wrong one.
//! This crate writes a corpus of any size whose content is known: every
//! entity mention and every figure in it was placed on purpose, in one of
//! the forms khabar must understand (SPEC §4 and §5), and the generator
//! returns their counts as an [`Expected`] that a benchmark compares with
//! what `khabar extract` found. Around them it puts the noise real scrapes
//! have — diacritics, tatweel, presentation forms, invisible bidi controls,
//! mojibake lines and residue, web boilerplate, Latin tokens with digits —
//! none of which may produce an entity or a figure.
//!
//! The same [`CorpusConfig`] gives the same bytes on every platform: the
//! only source of randomness is SplitMix64 (a fixed, published integer
//! mixing function), seeded per document from the corpus seed and the
//! document's index. The sentences come from hand-written templates and word
//! lists compiled in from `data/` (see the crate README for each choice).
//!
//! Two output formats ([`Format`]): JSON Lines, one
//! `{"id": "...", "text": "..."}` object per line, as `khabar extract`
//! reads it; or a directory of `.txt` files (in sub-directories of 1000),
//! one document each, of which a share ([`CorpusConfig::cp1256_share`]) is
//! written in Windows-1256 to exercise legacy decoding. JSON text is always
//! UTF-8, so in JSON Lines the share is ignored and every document is UTF-8
//! ([`Expected::cp1256_documents`] is 0).
//!
//! # Example
//!
//! ```
//! use khabar_corpus::{generate_jsonl, parse_size, CorpusConfig, Format};
//!
//! let cfg = CorpusConfig {
//!     size_bytes: parse_size("64KiB")?,
//!     seed: 42,
//!     format: Format::Jsonl,
//!     cp1256_share: 0.0,
//! };
//! let mut out = Vec::new();
//! let expected = generate_jsonl(&cfg, &mut out)?;
//! assert_eq!(expected.bytes, out.len() as u64);
//! assert!(out.len() as u64 <= 64 * 1024);
//! assert_eq!(expected.documents, out.iter().filter(|&&b| b == b'\n').count() as u64);
//! assert!(expected.figures > 0 && expected.entities["russia"] > 0);
//!
//! // Same seed, same bytes.
//! let mut again = Vec::new();
//! generate_jsonl(&cfg, &mut again)?;
//! assert_eq!(out, again);
//! # Ok::<(), khabar_corpus::CorpusError>(())
//! ```
#![deny(missing_docs)]

mod document;
mod rng;
mod tables;

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use document::{Document, Generator, Noise, PlacedEntity, PlacedFigure};

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusConfig {
    /// Upper bound of the output size in bytes (JSON Lines: the file;
    /// directory: the sum of the files). The corpus comes within one
    /// document (at most ~9 KB) of it, never over. Only the last document
    /// is cut to fit, so a smaller corpus with the same seed is a prefix of
    /// a larger one but for its last document.
    pub size_bytes: u64,
    /// The seed: same seed and size, same bytes.
    pub seed: u64,
    /// Output format (the generate functions take it from their name; this
    /// field is what a caller dispatches on).
    pub format: Format,
    /// Share of documents, 0.0..=1.0, written as Windows-1256 in the
    /// directory format. Ignored (treated as 0) for JSON Lines.
    pub cp1256_share: f64,
}

impl CorpusConfig {
    /// A JSON Lines corpus of `size_bytes` with `seed`, all UTF-8.
    pub fn new(size_bytes: u64, seed: u64) -> CorpusConfig {
        CorpusConfig {
            size_bytes,
            seed,
            format: Format::Jsonl,
            cp1256_share: 0.0,
        }
    }
}

/// Output format of a corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// JSON Lines: `{"id": "...", "text": "..."}` per line.
    Jsonl,
    /// A directory of `NNNNN/<id>.txt` files, one document each.
    Dir,
}

impl FromStr for Format {
    type Err = CorpusError;

    fn from_str(s: &str) -> Result<Format, CorpusError> {
        match s {
            "jsonl" => Ok(Format::Jsonl),
            "dir" => Ok(Format::Dir),
            other => Err(Repr::Format(other.to_string()).into()),
        }
    }
}

/// What a correct khabar finds in a generated corpus, and what was put in.
///
/// `entities` and `figures` count only what the generator placed on purpose
/// (see the README for why each counted form must be found, and why the
/// literal text around them can produce nothing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Expected {
    /// `khabar-corpus <version>`: the counts hold for this generator version.
    pub generator: String,
    /// The seed used.
    pub seed: u64,
    /// The format written.
    pub format: Format,
    /// Number of documents (JSON Lines records or files).
    pub documents: u64,
    /// Bytes written (the file, or the sum of the files).
    pub bytes: u64,
    /// Bytes of document text once decoded to UTF-8 (what `khabar extract`
    /// reads after decoding; differs from `bytes` by JSON framing and
    /// escapes, or by the Windows-1256 files).
    pub text_bytes: u64,
    /// Documents written as Windows-1256 (directory format only).
    pub cp1256_documents: u64,
    /// Total entity mentions placed.
    pub entity_mentions: u64,
    /// Mentions per gazetteer id.
    pub entities: BTreeMap<String, u64>,
    /// Mentions per entity type (`PER`, `LOC`, `ORG`).
    pub entities_by_type: BTreeMap<String, u64>,
    /// Total figures placed.
    pub figures: u64,
    /// Figures per intended `kind` (`count`, `money`, `length`, `duration`,
    /// `percent`).
    pub figures_by_kind: BTreeMap<String, u64>,
    /// Figures per `approx` (`exact`, `about`, …, `vague`).
    pub figures_by_approx: BTreeMap<String, u64>,
    /// The noise put in.
    pub noise: Noise,
}

impl Expected {
    fn new(cfg: &CorpusConfig, format: Format) -> Expected {
        Expected {
            generator: concat!("khabar-corpus ", env!("CARGO_PKG_VERSION")).to_string(),
            seed: cfg.seed,
            format,
            documents: 0,
            bytes: 0,
            text_bytes: 0,
            cp1256_documents: 0,
            entity_mentions: 0,
            entities: BTreeMap::new(),
            entities_by_type: BTreeMap::new(),
            figures: 0,
            figures_by_kind: BTreeMap::new(),
            figures_by_approx: BTreeMap::new(),
            noise: Noise::default(),
        }
    }
}

/// A counter keyed by `&'static str`s from the tables, compared by address
/// first: the keys of one run come from a few dozen table entries, so a
/// short vector beats a map on the hot path. Equal strings from different
/// places are merged when the counts are turned into maps.
#[derive(Default)]
struct Counter(Vec<(&'static str, u64)>);

impl Counter {
    fn bump(&mut self, key: &'static str) {
        for (k, v) in &mut self.0 {
            if std::ptr::eq(*k, key) {
                *v += 1;
                return;
            }
        }
        self.0.push((key, 1));
    }

    fn into_map(self) -> BTreeMap<String, u64> {
        let mut m = BTreeMap::new();
        for (k, v) in self.0 {
            *m.entry(k.to_string()).or_default() += v;
        }
        m
    }
}

/// Counts kept while generating, turned into an [`Expected`] at the end.
#[derive(Default)]
struct Tally {
    documents: u64,
    bytes: u64,
    text_bytes: u64,
    cp1256_documents: u64,
    /// Mentions per entity, by table index.
    entities: Vec<u64>,
    entities_by_type: Counter,
    figures_by_kind: Counter,
    figures_by_approx: Counter,
    noise: Noise,
}

impl Tally {
    fn add(&mut self, doc: &Document, bytes: usize, cp1256: bool) {
        self.documents += 1;
        self.bytes += bytes as u64;
        self.text_bytes += doc.text.len() as u64;
        self.cp1256_documents += u64::from(cp1256);
        for e in &doc.entities {
            if self.entities.len() <= e.entity {
                self.entities.resize(e.entity + 1, 0);
            }
            self.entities[e.entity] += 1;
            self.entities_by_type.bump(e.kind);
        }
        for f in &doc.figures {
            self.figures_by_kind.bump(f.kind);
            self.figures_by_approx.bump(f.approx);
        }
        self.noise.add(&doc.noise);
    }

    fn finish(self, mut e: Expected, t: &tables::Tables) -> Expected {
        e.documents = self.documents;
        e.bytes = self.bytes;
        e.text_bytes = self.text_bytes;
        e.cp1256_documents = self.cp1256_documents;
        e.entities = BTreeMap::new();
        for (i, &n) in self.entities.iter().enumerate() {
            if let (Some(ent), true) = (t.entities.get(i), n > 0) {
                *e.entities.entry(ent.id.to_string()).or_default() += n;
            }
        }
        e.entities_by_type = self.entities_by_type.into_map();
        e.figures_by_kind = self.figures_by_kind.into_map();
        e.figures_by_approx = self.figures_by_approx.into_map();
        e.entity_mentions = e.entities.values().sum();
        e.figures = e.figures_by_kind.values().sum();
        e.noise = self.noise;
        e
    }
}

/// Why a corpus could not be generated.
///
/// The error is opaque on purpose: match on [`CorpusError::kind`], show the
/// [`Display`](std::fmt::Display) message to people.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct CorpusError(#[from] Repr);

/// The broad reason behind a [`CorpusError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CorpusErrorKind {
    /// A size string [`parse_size`] does not understand.
    Size,
    /// An unknown format name.
    Format,
    /// Writing the output failed.
    Io,
    /// The output directory exists and is not empty.
    NotEmpty,
    /// A compiled-in data file is malformed (a bug in this crate).
    Data,
}

impl CorpusError {
    /// What kind of failure this is.
    pub fn kind(&self) -> CorpusErrorKind {
        match &self.0 {
            Repr::Size { .. } => CorpusErrorKind::Size,
            Repr::Format(_) => CorpusErrorKind::Format,
            Repr::Io { .. } => CorpusErrorKind::Io,
            Repr::NotEmpty(_) => CorpusErrorKind::NotEmpty,
            Repr::Data { .. } => CorpusErrorKind::Data,
        }
    }
}

/// What a [`CorpusError`] holds, by kind.
#[derive(Debug, thiserror::Error)]
enum Repr {
    /// A size string [`parse_size`] does not understand.
    #[error("invalid size {input:?}: {reason}")]
    Size {
        /// The string given.
        input: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An unknown format name.
    #[error("unknown corpus format {0:?}: expected jsonl or dir")]
    Format(String),
    /// Writing the output failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory (`-` for a writer).
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// The output directory exists and is not empty (stale files from an
    /// earlier run would silently join the corpus).
    #[error("{}: directory is not empty", .0.display())]
    NotEmpty(PathBuf),
    /// A compiled-in data file is malformed (a bug in this crate).
    #[error("khabar-corpus data/{file}:{line}: {message}")]
    Data {
        /// The data file.
        file: &'static str,
        /// Its line (0: the file as a whole).
        line: usize,
        /// The problem.
        message: String,
    },
}

impl From<tables::DataError> for CorpusError {
    fn from(e: tables::DataError) -> CorpusError {
        CorpusError(Repr::Data {
            file: e.file,
            line: e.line,
            message: e.message,
        })
    }
}

impl Generator {
    /// The generator for `cfg` (its size is not used: the caller decides
    /// how many documents to ask for). In JSON Lines every document is
    /// UTF-8 whatever `cp1256_share` says.
    pub fn from_config(cfg: &CorpusConfig) -> Result<Generator, CorpusError> {
        let t = tables::tables()?;
        let json = cfg.format == Format::Jsonl;
        let share = if json { 0.0 } else { cfg.cp1256_share };
        Ok(Generator::new(t, cfg.seed, share, json))
    }
}

/// Bytes of a JSON Lines record around its text: `{"id":"` + id +
/// `","text":"` + text + `"}\n`.
fn record_overhead(index: u64) -> usize {
    let digits = index.checked_ilog10().map_or(1, |d| d as usize + 1);
    7 + document::ID_LEN - 9 + digits.max(9) + 10 + 3
}

/// Smallest useful room for a document's text; below it generation stops.
const MIN_ROOM: u64 = 64;

/// Writes a JSON Lines corpus of at most `cfg.size_bytes` bytes to `out`
/// (`cfg.format` is not consulted). Returns what a correct khabar must find.
///
/// The writer is written to in chunks of about 1 MiB; no extra buffering is
/// needed.
pub fn generate_jsonl(cfg: &CorpusConfig, out: &mut impl Write) -> Result<Expected, CorpusError> {
    let cfg_json = CorpusConfig {
        format: Format::Jsonl,
        ..cfg.clone()
    };
    let generator = Generator::from_config(&cfg_json)?;
    let io_err = |source| -> CorpusError {
        Repr::Io {
            path: PathBuf::from("-"),
            source,
        }
        .into()
    };
    let mut tally = Tally::default();
    let mut doc = Document::default();
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 20);
    let mut written: u64 = 0;
    for index in 0u64.. {
        let overhead = record_overhead(index);
        let room = cfg.size_bytes.saturating_sub(written);
        if room < overhead as u64 + MIN_ROOM {
            break;
        }
        let max_cost = usize::try_from(room - overhead as u64).unwrap_or(usize::MAX);
        // A document that may be cut short by the size limit is the last:
        // so every other document is exactly what `Generator::document`
        // gives, and a smaller corpus is a prefix of a larger one.
        let last = max_cost < document::DOC_MAX as usize;
        if !generator.document(index, max_cost, &mut doc) {
            break;
        }
        let before = buf.len();
        buf.extend_from_slice(b"{\"id\":\"");
        buf.extend_from_slice(doc.id.as_bytes());
        buf.extend_from_slice(b"\",\"text\":\"");
        escape_json(&doc.text, &mut buf);
        buf.extend_from_slice(b"\"}\n");
        let len = buf.len() - before;
        written += len as u64;
        tally.add(&doc, len, false);
        if buf.len() >= 1 << 20 {
            out.write_all(&buf).map_err(io_err)?;
            buf.clear();
        }
        if last {
            break;
        }
    }
    out.write_all(&buf).map_err(io_err)?;
    out.flush().map_err(io_err)?;
    Ok(tally.finish(Expected::new(cfg, Format::Jsonl), tables::tables()?))
}

/// Appends `s` as the inside of a JSON string. Generated text holds no
/// quote, backslash or control character but the newline (the data files
/// are checked for it), yet every case is handled so that the output is
/// valid JSON whatever the text.
fn escape_json(s: &str, out: &mut Vec<u8>) {
    let bytes = s.as_bytes();
    let special = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    let mut from = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Skip 16 clean bytes at a time (this test vectorises; a
        // byte-at-a-time loop with an early exit does not).
        if let Some(chunk) = bytes.get(i..i + 16)
            && !chunk.iter().fold(false, |acc, &b| acc | special(b))
        {
            i += 16;
            continue;
        }
        let b = bytes[i];
        i += 1;
        if !special(b) {
            continue;
        }
        let at = i - 1;
        out.extend_from_slice(&bytes[from..at]);
        match b {
            b'\n' => out.extend_from_slice(b"\\n"),
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xF)]);
            }
        }
        from = i;
    }
    out.extend_from_slice(&bytes[from..]);
}

/// Writes a directory corpus of at most `cfg.size_bytes` bytes under `dir`
/// (created if missing; it must be empty): `dir/NNNNN/<id>.txt`, 1000
/// documents per sub-directory, so that a sorted walk gives generation
/// order. A share `cfg.cp1256_share` of the files is Windows-1256, the rest
/// UTF-8 without BOM. `cfg.format` is not consulted.
pub fn generate_dir(cfg: &CorpusConfig, dir: &Path) -> Result<Expected, CorpusError> {
    let cfg_dir = CorpusConfig {
        format: Format::Dir,
        ..cfg.clone()
    };
    let generator = Generator::from_config(&cfg_dir)?;
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| -> CorpusError { Repr::Io { path, source }.into() }
    };
    fs::create_dir_all(dir).map_err(io_err(dir))?;
    if fs::read_dir(dir).map_err(io_err(dir))?.next().is_some() {
        return Err(Repr::NotEmpty(dir.to_path_buf()).into());
    }
    let mut tally = Tally::default();
    let mut doc = Document::default();
    let mut written: u64 = 0;
    let mut shard = PathBuf::new();
    let mut name = String::new();
    for index in 0u64.. {
        let room = cfg.size_bytes.saturating_sub(written);
        if room < MIN_ROOM {
            break;
        }
        let max_cost = usize::try_from(room).unwrap_or(usize::MAX);
        let last = max_cost < document::DOC_MAX as usize;
        if !generator.document(index, max_cost, &mut doc) {
            break;
        }
        if index % 1000 == 0 {
            shard = dir.join(format!("{:05}", index / 1000));
            fs::create_dir_all(&shard).map_err(io_err(&shard))?;
        }
        name.clear();
        name.push_str(&doc.id);
        name.push_str(".txt");
        let path = shard.join(&name);
        // Generated legacy documents use only characters Windows-1256 has;
        // should one ever not, it is written as UTF-8 rather than with
        // `&#...;` escapes that would change its content.
        let (bytes, cp1256) = if doc.cp1256 {
            let (enc, _, unmappable) = encoding_rs::WINDOWS_1256.encode(&doc.text);
            if unmappable {
                (std::borrow::Cow::Borrowed(doc.text.as_bytes()), false)
            } else {
                (enc, true)
            }
        } else {
            (std::borrow::Cow::Borrowed(doc.text.as_bytes()), false)
        };
        fs::write(&path, &bytes).map_err(io_err(&path))?;
        written += bytes.len() as u64;
        tally.add(&doc, bytes.len(), cp1256);
        if last {
            break;
        }
    }
    Ok(tally.finish(Expected::new(cfg, Format::Dir), tables::tables()?))
}

/// Parses a size: a number, optionally with a fraction, then an optional
/// unit — `B`, decimal `KB` `MB` `GB` `TB` (also `K` `M` `G` `T`), or
/// binary `KiB` `MiB` `GiB` `TiB` — case-insensitive, spaces allowed
/// between. `"1000"` is 1000 bytes, `"64MiB"` 67,108,864, `"500MB"`
/// 500,000,000, `"1.5GiB"` 1,610,612,736 (a fraction is rounded down to
/// whole bytes).
///
/// # Example
///
/// ```
/// use khabar_corpus::parse_size;
/// assert_eq!(parse_size("1GiB")?, 1 << 30);
/// assert_eq!(parse_size("500MB")?, 500_000_000);
/// assert_eq!(parse_size("1000")?, 1000);
/// assert!(parse_size("12 parsecs").is_err());
/// # Ok::<(), khabar_corpus::CorpusError>(())
/// ```
pub fn parse_size(s: &str) -> Result<u64, CorpusError> {
    let err = |reason| -> CorpusError {
        Repr::Size {
            input: s.to_string(),
            reason,
        }
        .into()
    };
    let t = s.trim();
    let num_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '_'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(num_end);
    let num: String = num.chars().filter(|&c| c != '_').collect();
    if num.is_empty() {
        return Err(err("expected a number"));
    }
    let (int, frac) = match num.split_once('.') {
        Some((i, f)) => (i, f),
        None => (num.as_str(), ""),
    };
    if frac.contains('.') || (int.is_empty() && frac.is_empty()) {
        return Err(err("malformed number"));
    }
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "m" | "mb" => 1_000_000,
        "g" | "gb" => 1_000_000_000,
        "t" | "tb" => 1_000_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        "tib" => 1 << 40,
        _ => {
            return Err(err(
                "unknown unit (use B, KB, MB, GB, TB, KiB, MiB, GiB or TiB)",
            ));
        }
    };
    let too_big = || err("too large");
    let int_v: u64 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| too_big())?
    };
    let mut total = int_v.checked_mul(mult).ok_or_else(too_big)?;
    // The fraction, exactly: frac_digits * mult / 10^len, in u128.
    if !frac.is_empty() {
        let frac = &frac[..frac.len().min(18)];
        let f: u128 = frac.parse().map_err(|_| err("malformed number"))?;
        let scale = 10u128.pow(frac.len() as u32);
        let add = u64::try_from(f * u128::from(mult) / scale).map_err(|_| too_big())?;
        total = total.checked_add(add).ok_or_else(too_big)?;
    }
    Ok(total)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        let cases: &[(&str, u64)] = &[
            ("0", 0),
            ("1000", 1000),
            ("1000B", 1000),
            ("64KiB", 64 << 10),
            ("64MiB", 64 << 20),
            ("256 MiB", 256 << 20),
            ("1GiB", 1 << 30),
            ("1gib", 1 << 30),
            ("500MB", 500_000_000),
            ("2G", 2_000_000_000),
            ("1.5GiB", 3 << 29),
            ("0.5KB", 500),
            ("1_000_000", 1_000_000),
            ("1TiB", 1 << 40),
        ];
        for &(s, want) in cases {
            assert_eq!(parse_size(s).unwrap(), want, "{s}");
        }
        for bad in [
            "",
            "MiB",
            "1.2.3",
            "-5",
            "12 parsecs",
            "99999999999999999999",
            "20000000TiB",
            ".",
        ] {
            assert!(parse_size(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn json_escape_matches_serde() {
        for s in ["", "نص\nسطر", "a\"b\\c\td\r\u{1}", "\u{200F}Ù\u{81}"] {
            let mut out = b"\"".to_vec();
            escape_json(s, &mut out);
            out.push(b'"');
            let back: String = serde_json::from_slice(&out).unwrap();
            assert_eq!(back, s);
        }
    }

    #[test]
    fn format_names() {
        assert_eq!("jsonl".parse::<Format>().unwrap(), Format::Jsonl);
        assert_eq!("dir".parse::<Format>().unwrap(), Format::Dir);
        assert!("xml".parse::<Format>().is_err());
    }

    #[test]
    fn overhead_matches_records() {
        for index in [0u64, 7, 999_999_999, 1_000_000_000] {
            let id = format!("{index:09}_{:016x}", 0u64);
            let rec = format!("{{\"id\":\"{id}\",\"text\":\"\"}}\n");
            assert_eq!(record_overhead(index), rec.len(), "{index}");
        }
    }
}
