//! Reading a source's parts: files, directories, readers, iterators.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

use super::{Input, Item, Parse, Part, jsonl};
use crate::{Owned, ProcessError, ProcessErrorKind};

/// Buffer for a JSON Lines file or reader: large reads, few system calls.
const READ_BUF: usize = 1 << 20;

/// A source being read: where lines are parsed, where documents go, and
/// the size limit.
pub(super) struct Reader<'r> {
    pub(super) parse: &'r dyn Fn() -> Parse,
    pub(super) emit: &'r mut dyn FnMut(Item) -> bool,
    pub(super) limit: u64,
}

impl Reader<'_> {
    /// Reads every part in order; stops when `emit` says so.
    pub(super) fn read(mut self, parts: Vec<Part<'_>>) {
        for part in parts {
            let go_on = match part {
                Part::Stdin => {
                    let stdin = io::stdin();
                    let lock = stdin.lock();
                    self.jsonl("<stdin>", "stdin", lock)
                }
                Part::File(p) => self.path(&p),
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

    fn jsonl(&mut self, shown: &str, stem: &str, r: impl io::BufRead) -> bool {
        jsonl::read(shown, stem, r, self.parse, self.emit, self.limit)
    }

    fn dir(&mut self, dir: &Path) -> bool {
        let walk = walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .follow_links(true);
        for entry in walk {
            let go_on = match entry {
                Ok(e) if e.file_type().is_file() => self.path(e.path()),
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

    fn path(&mut self, path: &Path) -> bool {
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) => {
                let message = format!("cannot open {}: {e}", path.display());
                return self.emit(failed(path, ProcessErrorKind::Io, message));
            }
        };
        if is_jsonl(path) {
            let shown = path.display().to_string();
            return self.jsonl(
                &shown,
                &stem(path),
                BufReader::with_capacity(READ_BUF, file),
            );
        }
        let doc = whole_file(path, file, self.limit);
        self.emit(doc)
    }
}

/// A file that is one document, read whole (within `limit`).
fn whole_file(path: &Path, file: File, limit: u64) -> Input {
    let len = file.metadata().map_or(0, |m| m.len());
    if len > limit {
        let msg = format!(
            "{} is {len} bytes, more than the {limit}-byte document limit; split it or use JSON Lines",
            path.display()
        );
        return failed(path, ProcessErrorKind::TooLarge, msg);
    }
    let mut bytes = Vec::with_capacity(len as usize);
    match file.take(limit + 1).read_to_end(&mut bytes) {
        Ok(_) if bytes.len() as u64 > limit => failed(
            path,
            ProcessErrorKind::TooLarge,
            format!(
                "{} grew past the {limit}-byte document limit",
                path.display()
            ),
        ),
        Ok(n) => Input {
            id: stem(path),
            source: path.display().to_string(),
            meta: None,
            body: Ok(Owned::Bytes(bytes)),
            bytes: n as u64,
        },
        Err(e) => failed(
            path,
            ProcessErrorKind::Io,
            format!("cannot read {}: {e}", path.display()),
        ),
    }
}

/// Sum of the sizes of the files under `dir`.
pub(super) fn dir_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .sum()
}

fn is_jsonl(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("jsonl" | "ndjson")
    )
}

/// A file's document id: its stem.
fn stem(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

fn failed(path: &Path, kind: ProcessErrorKind, message: String) -> Input {
    Input::failed(
        stem(path),
        path.display().to_string(),
        ProcessError::new(kind, message),
    )
}
