//! Reading a source's parts: files, directories, readers, iterators.

use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::formats::{self, Format};
use super::{Input, InputFormat, Item, Parse, Part, jsonl};
use crate::{Owned, ProcessError, ProcessErrorKind};

/// Buffer for a JSON Lines file or reader: large reads, few system calls.
const READ_BUF: usize = 1 << 20;

/// A source being read: where lines are parsed, where documents go, the
/// size limit and the format options.
pub(super) struct Reader<'r> {
    pub(super) parse: &'r dyn Fn() -> Parse,
    pub(super) emit: &'r mut dyn FnMut(Item) -> bool,
    pub(super) limit: u64,
    pub(super) format: InputFormat,
    pub(super) hidden: bool,
}

impl Reader<'_> {
    /// Reads every part in order; stops when `emit` says so.
    pub(super) fn read(mut self, parts: Vec<Part<'_>>) {
        for part in parts {
            let go_on = match part {
                Part::Stdin => self.stdin(),
                Part::File(p) => {
                    let id = escape(strip_ext(&p).file_name().unwrap_or(p.as_os_str()));
                    self.path(&p, id)
                }
                Part::Dir(d) => self.dir(&d),
                Part::Jsonl { name, reader } => {
                    let stem = stem(Path::new(&name));
                    self.jsonl(&name, &stem, BufReader::with_capacity(READ_BUF, reader))
                }
                Part::Inputs(inputs) => self.inputs(inputs),
            };
            if !go_on {
                break;
            }
        }
    }

    fn emit(&mut self, input: Input) -> bool {
        (self.emit)(Item::Input(input))
    }

    fn inputs(&mut self, inputs: Box<dyn Iterator<Item = Input> + Send + '_>) -> bool {
        for input in inputs {
            if !self.emit(input) {
                return false;
            }
        }
        true
    }

    /// Standard input: JSON Lines when its first non-blank byte is `{` (or
    /// it is UTF-16), else one plain-text document.
    fn stdin(&mut self) -> bool {
        let stdin = io::stdin();
        let mut lock = stdin.lock();
        let jsonl = match self.format {
            InputFormat::Jsonl => true,
            InputFormat::Text => false,
            InputFormat::Auto => match lock.fill_buf() {
                Ok(head) => match head {
                    [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => true,
                    _ => {
                        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
                        let first = head.iter().find(|b| !b.is_ascii_whitespace());
                        first.is_none_or(|&b| b == b'{')
                    }
                },
                Err(_) => true, // the JSON Lines reader reports it
            },
        };
        if jsonl {
            return self.jsonl("<stdin>", "stdin", lock);
        }
        let doc = whole(
            Path::new("<stdin>"),
            "stdin".to_string(),
            lock,
            0,
            self.limit,
        );
        self.emit(doc)
    }

    /// JSON Lines from `r`, after a BOM; UTF-16 decoded.
    fn jsonl(&mut self, shown: &str, stem: &str, mut r: impl BufRead) -> bool {
        match formats::sniff_encoding(&mut r) {
            Ok(formats::Encoding::Utf8) | Err(_) => {
                jsonl::read(shown, stem, r, self.parse, self.emit, self.limit)
            }
            Ok(enc) => {
                let utf8 = BufReader::with_capacity(READ_BUF, formats::Utf16Reader::new(r, enc));
                jsonl::read(shown, stem, utf8, self.parse, self.emit, self.limit)
            }
        }
    }

    fn dir(&mut self, dir: &Path) -> bool {
        let hidden = self.hidden;
        let walk = walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| hidden || e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walk {
            let go_on = match entry {
                Ok(e) if e.file_type().is_file() => {
                    let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                    self.path(e.path(), relative_id(rel))
                }
                Ok(_) => true,
                Err(err) => {
                    let path = err
                        .path()
                        .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                    let message = format!("cannot read {}: {err}", path.display());
                    self.emit(failed(&path, ProcessErrorKind::Io, message))
                }
            };
            if !go_on {
                return false;
            }
        }
        true
    }

    /// One file whose documents get ids from `id`.
    fn path(&mut self, path: &Path, id: String) -> bool {
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) => {
                let message = format!("cannot open {}: {e}", path.display());
                return self.emit(failed(path, ProcessErrorKind::Io, message));
            }
        };
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let compression = formats::compression(&name, &head(&file));
        let inner = formats::strip_compression(&name);
        let format = formats::format(inner, self.format);
        let shown = path.display().to_string();
        let Some(c) = compression else {
            return match format {
                Format::Jsonl => self.jsonl(&shown, &id, BufReader::with_capacity(READ_BUF, file)),
                Format::Json => self.json(path, &id, file),
                Format::Text => {
                    let doc = whole_file(path, id, file, self.limit);
                    self.emit(doc)
                }
            };
        };
        let reader = match formats::decompress(c, BufReader::with_capacity(READ_BUF, file)) {
            Ok(r) => r,
            Err(e) => {
                let message = format!("cannot read {}: {e}", path.display());
                return self.emit(failed(path, ProcessErrorKind::Io, message));
            }
        };
        match format {
            Format::Jsonl => self.jsonl(&shown, &id, BufReader::with_capacity(READ_BUF, reader)),
            Format::Json => self.json(path, &id, reader),
            Format::Text => {
                let doc = whole(path, id, reader, 0, self.limit);
                self.emit(doc)
            }
        }
    }

    /// A `.json` file: one object or an array of them.
    fn json(&mut self, path: &Path, id: &str, r: impl Read) -> bool {
        let doc = whole(path, id.to_string(), r, 0, self.limit);
        let bytes = match doc.body {
            Ok(Owned::Bytes(b)) => b,
            Ok(Owned::Text(t)) => t.into_bytes(),
            Err(_) => return self.emit(doc),
        };
        let shown = path.display().to_string();
        for input in formats::json_documents(&bytes, &shown, id) {
            if !self.emit(input) {
                return false;
            }
        }
        true
    }
}

/// The first bytes of `file`, read without moving its cursor (for magic
/// numbers).
fn head(file: &File) -> [u8; 4] {
    let mut buf = [0u8; 4];
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        let _ = file.read_at(&mut buf, 0);
    }
    #[cfg(not(unix))]
    let _ = file;
    buf
}

/// A file that is one document, read whole (within `limit`).
fn whole_file(path: &Path, id: String, file: File, limit: u64) -> Input {
    let len = file.metadata().map_or(0, |m| m.len());
    if len > limit {
        let msg = format!(
            "{} is {len} bytes, more than the {limit}-byte document limit; split it or use JSON Lines",
            path.display()
        );
        return failed_as(path, id, ProcessErrorKind::TooLarge, msg);
    }
    whole(path, id, file, len, limit)
}

/// `r` read whole as one document (within `limit`; `len` is a capacity
/// hint).
fn whole(path: &Path, id: String, r: impl Read, len: u64, limit: u64) -> Input {
    let mut bytes = Vec::with_capacity(len.min(limit) as usize);
    match r.take(limit + 1).read_to_end(&mut bytes) {
        Ok(_) if bytes.len() as u64 > limit => failed_as(
            path,
            id,
            ProcessErrorKind::TooLarge,
            format!(
                "{} is more than the {limit}-byte document limit; split it or use JSON Lines",
                path.display()
            ),
        ),
        Ok(n) => Input {
            id,
            source: path.display().to_string(),
            meta: None,
            body: Ok(Owned::Bytes(bytes)),
            bytes: n as u64,
        },
        Err(e) => failed_as(
            path,
            id,
            ProcessErrorKind::Io,
            format!("cannot read {}: {e}", path.display()),
        ),
    }
}

fn is_hidden(name: &OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// `path` without its compression extension and then its extension.
fn strip_ext(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut p = path.to_path_buf();
    if formats::strip_compression(&name).len() < name.len() {
        p.set_extension("");
    }
    p.set_extension("");
    p
}

/// The id of a file found in a walk: its path relative to the walked
/// directory, without extension, components joined by `/`.
fn relative_id(rel: &Path) -> String {
    let rel = strip_ext(rel);
    let parts: Vec<String> = rel.components().map(|c| escape(c.as_os_str())).collect();
    parts.join("/")
}

/// A file name as an id, losslessly: valid UTF-8 as itself (a backslash
/// doubled), each byte that is not UTF-8 as `\xNN`, so that two names
/// never give one id.
fn escape(name: &OsStr) -> String {
    let mut out = String::new();
    for chunk in name.as_encoded_bytes().utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// Sum of the sizes of the files under `dir`.
pub(super) fn dir_bytes(dir: &Path, hidden: bool) -> u64 {
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| hidden || e.depth() == 0 || !is_hidden(e.file_name()))
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .sum()
}

/// A file's document id: its stem.
fn stem(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

fn failed(path: &Path, kind: ProcessErrorKind, message: String) -> Input {
    failed_as(path, stem(path), kind, message)
}

fn failed_as(path: &Path, id: String, kind: ProcessErrorKind, message: String) -> Input {
    Input::failed(
        id,
        path.display().to_string(),
        ProcessError::new(kind, message),
    )
}
