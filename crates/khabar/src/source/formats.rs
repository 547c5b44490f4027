//! What a file holds, told from its name and first bytes: compression
//! (`.gz`, `.zst`), the input format (JSON Lines, `.json`, plain text), and
//! the text encoding of JSON Lines (a UTF-8 BOM, UTF-16).

use std::ffi::OsStr;
use std::io::{self, BufRead, Read};
use std::path::Path;

use serde_json::Value;

use super::jsonl;
use super::{Input, InputFormat};
use crate::ProcessErrorKind;

/// A compressed file's codec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Compression {
    Gzip,
    Zstd,
}

const GZIP_MAGIC: [u8; 2] = [0x1F, 0x8B];
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xB5, 0x2F, 0xFD];

/// The codec of a file named `name` starting with `head`: by extension,
/// else by magic bytes.
pub(super) fn compression(name: &str, head: &[u8]) -> Option<Compression> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".gz") || head.starts_with(&GZIP_MAGIC) {
        Some(Compression::Gzip)
    } else if lower.ends_with(".zst") || head.starts_with(&ZSTD_MAGIC) {
        Some(Compression::Zstd)
    } else {
        None
    }
}

/// `name` without a compression extension.
pub(super) fn strip_compression(name: &str) -> &str {
    let lower = name.to_ascii_lowercase();
    for ext in [".gz", ".zst"] {
        if lower.ends_with(ext) {
            return &name[..name.len() - ext.len()];
        }
    }
    name
}

/// A decompressing reader over `r`.
pub(super) fn decompress<'a>(
    c: Compression,
    r: impl Read + Send + 'a,
) -> io::Result<Box<dyn Read + Send + 'a>> {
    Ok(match c {
        // Concatenated members (pigz, appended logs) are all read.
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(r)),
        Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(r)?),
    })
}

/// How to read one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Format {
    /// One document per line.
    Jsonl,
    /// One `{"id", "text"}` object, or an array of them.
    Json,
    /// The whole file is one document.
    Text,
}

/// The format of a file named `name` (compression extension stripped).
pub(super) fn format(name: &str, forced: InputFormat) -> Format {
    match forced {
        InputFormat::Jsonl => Format::Jsonl,
        InputFormat::Text => Format::Text,
        InputFormat::Auto => {
            let ext = Path::new(name)
                .extension()
                .and_then(OsStr::to_str)
                .map(str::to_ascii_lowercase);
            match ext.as_deref() {
                Some("jsonl" | "ndjson") => Format::Jsonl,
                Some("json") => Format::Json,
                _ => Format::Text,
            }
        }
    }
}

/// The text encoding a JSON Lines stream starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

/// Looks at the start of `r`: consumes a BOM, and tells UTF-16 (with a BOM,
/// or a `{` next to a NUL) from UTF-8.
pub(super) fn sniff_encoding(r: &mut impl BufRead) -> io::Result<Encoding> {
    let head = r.fill_buf()?;
    let (enc, bom) = match head {
        [0xEF, 0xBB, 0xBF, ..] => (Encoding::Utf8, 3),
        [0xFF, 0xFE, ..] => (Encoding::Utf16Le, 2),
        [0xFE, 0xFF, ..] => (Encoding::Utf16Be, 2),
        [b, 0, ..] if b.is_ascii() && *b != 0 => (Encoding::Utf16Le, 0),
        [0, b, ..] if b.is_ascii() && *b != 0 => (Encoding::Utf16Be, 0),
        _ => (Encoding::Utf8, 0),
    };
    r.consume(bom);
    Ok(enc)
}

/// UTF-16 read as UTF-8, a block at a time (unpaired surrogates become
/// U+FFFD).
pub(super) struct Utf16Reader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    /// Decoded bytes not read yet: `out[pos..]`.
    out: Vec<u8>,
    pos: usize,
    done: bool,
}

impl<R: BufRead> Utf16Reader<R> {
    pub(super) fn new(inner: R, enc: Encoding) -> Utf16Reader<R> {
        let encoding = match enc {
            Encoding::Utf16Be => encoding_rs::UTF_16BE,
            _ => encoding_rs::UTF_16LE,
        };
        Utf16Reader {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            out: Vec::new(),
            pos: 0,
            done: false,
        }
    }

    /// Decodes the next block of input into `out`.
    fn refill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.pos = 0;
        while self.out.is_empty() && !self.done {
            let src = self.inner.fill_buf()?;
            let last = src.is_empty();
            let room = self
                .decoder
                .max_utf8_buffer_length(src.len())
                .unwrap_or(src.len() * 3 + 16);
            self.out.resize(room, 0);
            let (_, read, written, _) = self.decoder.decode_to_utf8(src, &mut self.out, last);
            self.inner.consume(read);
            self.out.truncate(written);
            self.done = last;
        }
        Ok(())
    }
}

impl<R: BufRead> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.out.len() {
            self.refill()?;
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// The documents of a `.json` file's bytes: one object, or an array of
/// them (each element numbered `name:N` in sources and fallback ids).
pub(super) fn json_documents(bytes: &[u8], shown: &str, id: &str) -> Vec<Input> {
    let n = bytes.len() as u64;
    let fail = |message: String| {
        vec![jsonl::error(
            ProcessErrorKind::Json,
            id.to_string(),
            shown.to_string(),
            message,
            n,
        )]
    };
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => return fail(format!("{shown}: not valid JSON: {e}")),
    };
    let object = |v: Value, source: String, fallback: String, n: u64| match v {
        Value::Object(mut m) => {
            let (doc_id, text) = (m.remove("id"), m.remove("text"));
            jsonl::from_fields(doc_id, text, m, source, fallback, n)
        }
        _ => {
            let message =
                format!("{source}: expected a JSON object {{\"id\": ..., \"text\": ...}}");
            jsonl::error(ProcessErrorKind::Json, fallback, source, message, n)
        }
    };
    match value {
        Value::Array(items) => {
            let each = n / (items.len() as u64).max(1);
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    object(
                        v,
                        format!("{shown}:{}", i + 1),
                        format!("{id}:{}", i + 1),
                        each,
                    )
                })
                .collect()
        }
        v @ Value::Object(_) => vec![object(v, shown.to_string(), id.to_string(), n)],
        _ => fail(format!(
            "{shown}: expected a JSON object {{\"id\": ..., \"text\": ...}} or an array of them"
        )),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The streaming UTF-16 reader gives what decoding the whole input
        /// at once gives, whatever the read sizes: surrogate pairs, a lone
        /// surrogate and an odd last byte split across reads (what the
        /// fuzz target checks on small inputs, here on every cut).
        #[test]
        fn utf16_reader_equals_whole_decode(
            text in "\\PC{0,40}",
            cap in 1usize..8,
            be in any::<bool>(),
            lone in proptest::option::of(0usize..40),
            odd in proptest::option::of(any::<u8>()),
        ) {
            let mut units: Vec<u16> = text.encode_utf16().collect();
            if let Some(at) = lone {
                units.insert(at.min(units.len()), 0xD83D);
            }
            let mut bytes: Vec<u8> = units
                .iter()
                .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
                .collect();
            bytes.extend(odd);
            let (enc, which) = if be {
                (encoding_rs::UTF_16BE, Encoding::Utf16Be)
            } else {
                (encoding_rs::UTF_16LE, Encoding::Utf16Le)
            };
            let want = enc.decode_without_bom_handling(&bytes).0.into_owned();
            let mut got = String::new();
            Utf16Reader::new(io::BufReader::with_capacity(cap, &bytes[..]), which)
                .read_to_string(&mut got)
                .unwrap();
            prop_assert_eq!(got, want);
        }
    }
}
