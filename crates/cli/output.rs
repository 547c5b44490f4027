//! Safe output: `-o FILE` never names an input, is written as
//! `FILE.partial` and renamed only when the run ends, and a signal leaves
//! only whole records behind.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use anyhow::{Context, bail};

/// Records are written a chunk (tens to hundreds of KiB) at a time; a
/// chunk at least as large as the buffer goes straight to the file instead
/// of being copied into it first.
const OUT_BUF: usize = 64 << 10;

/// Where records go: standard output, or `FILE.partial` until [`finish`](Self::finish).
pub enum Output {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// `-o FILE` naming something other than a regular file (`/dev/null`,
    /// a FIFO, a terminal): written in place, since renaming a partial
    /// file over a device would replace the device.
    Special(BufWriter<File>, PathBuf),
    /// `-o FILE`, written under its partial name.
    File {
        /// The buffered partial file.
        file: BufWriter<File>,
        /// `FILE.partial`.
        partial: PathBuf,
        /// `FILE`.
        path: PathBuf,
    },
}

impl Output {
    /// Standard output, or `path.partial` created (truncated) for writing.
    /// Call [`refuse_inputs`] first.
    pub fn create(path: Option<&Path>) -> anyhow::Result<Output> {
        let Some(path) = path else {
            return Ok(Output::Stdout(BufWriter::with_capacity(
                OUT_BUF,
                io::stdout(),
            )));
        };
        if let Ok(meta) = std::fs::metadata(path)
            && !meta.is_file()
            && !meta.is_dir()
        {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| format!("cannot open output {}", path.display()))?;
            return Ok(Output::Special(
                BufWriter::with_capacity(OUT_BUF, file),
                path.to_path_buf(),
            ));
        }
        let partial = partial_path(path);
        let file = File::create(&partial)
            .with_context(|| format!("cannot create output file {}", partial.display()))?;
        Ok(Output::File {
            file: BufWriter::with_capacity(OUT_BUF, file),
            partial,
            path: path.to_path_buf(),
        })
    }

    /// The file records are being written to, if not standard output.
    pub fn partial(&self) -> Option<&Path> {
        match self {
            Output::Stdout(_) | Output::Special(..) => None,
            Output::File { partial, .. } => Some(partial),
        }
    }

    /// Ends a complete run: flushes, syncs and renames `FILE.partial` to
    /// `FILE`.
    pub fn finish(self) -> anyhow::Result<()> {
        match self {
            Output::Stdout(mut out) => match out.flush() {
                Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
                    Err(e).context("cannot write standard output")
                }
                _ => Ok(()),
            },
            Output::Special(mut out, path) => out
                .flush()
                .with_context(|| format!("cannot write {}", path.display())),
            Output::File {
                file,
                partial,
                path,
            } => {
                let file = file
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .and_then(|f| f.sync_all().map(|()| f))
                    .with_context(|| format!("cannot write {}", partial.display()))?;
                drop(file);
                std::fs::rename(&partial, &path).with_context(|| {
                    format!("cannot rename {} to {}", partial.display(), path.display())
                })
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(b),
            Output::Special(w, _) => w.write(b),
            Output::File { file, .. } => file.write(b),
        }
    }

    fn write_all(&mut self, b: &[u8]) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.write_all(b),
            Output::Special(w, _) => w.write_all(b),
            Output::File { file, .. } => file.write_all(b),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::Special(w, _) => w.flush(),
            Output::File { file, .. } => file.flush(),
        }
    }
}

/// `FILE.partial`.
pub fn partial_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".partial");
    PathBuf::from(p)
}

/// Refuses an output that is one of the inputs (the same file, through a
/// symlink or a hard link) or lies inside a directory being read, before
/// anything is created or truncated.
pub fn refuse_inputs(output: &Path, inputs: &[PathBuf]) -> anyhow::Result<()> {
    for out in [output.to_path_buf(), partial_path(output)] {
        let out_canon = canonical(&out)?;
        let out_meta = std::fs::metadata(&out).ok();
        for input in inputs.iter().filter(|p| p.as_os_str() != "-") {
            let Ok(in_canon) = std::fs::canonicalize(input) else {
                continue; // a missing input is reported by the source
            };
            let in_meta = std::fs::metadata(input).ok();
            let is_dir = in_meta.as_ref().is_some_and(|m| m.is_dir());
            let same = out_canon == in_canon
                || matches!((&out_meta, &in_meta), (Some(a), Some(b)) if same_file(a, b));
            if is_dir && out_canon.starts_with(&in_canon) {
                bail!(
                    "output {} is inside the input directory {}: it would be read back; write it elsewhere",
                    output.display(),
                    input.display()
                );
            }
            if same {
                bail!(
                    "output {} is the input {}: refusing to overwrite it",
                    output.display(),
                    input.display()
                );
            }
        }
    }
    Ok(())
}

/// Where `path` is or would be, links resolved: the file if it exists, else
/// its directory resolved and its name appended.
fn canonical(path: &Path) -> anyhow::Result<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Ok(p);
    }
    let name = path
        .file_name()
        .with_context(|| format!("output {} is not a file name", path.display()))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let dir = std::fs::canonicalize(dir)
        .with_context(|| format!("cannot write output {}", path.display()))?;
    Ok(dir.join(name))
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}

/// SIGINT and SIGTERM, caught: the first sets `stop` (the stream stops
/// reading and delivers what it has), a second one ends the process at
/// once (a partial file stays partial).
pub struct Signals {
    /// Set by the first signal.
    pub stop: Arc<AtomicBool>,
    which: Arc<AtomicUsize>,
}

impl Signals {
    /// Installs the handlers.
    pub fn install() -> anyhow::Result<Signals> {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let stop = Arc::new(AtomicBool::new(false));
        let which = Arc::new(AtomicUsize::new(0));
        for sig in [SIGINT, SIGTERM] {
            // Registered first, so that it sees the flag before the next
            // handler sets it: only a second signal exits at once.
            signal_hook::flag::register_conditional_shutdown(sig, 128 + sig, Arc::clone(&stop))
                .context("cannot install signal handlers")?;
            signal_hook::flag::register(sig, Arc::clone(&stop))
                .context("cannot install signal handlers")?;
            signal_hook::flag::register_usize(sig, Arc::clone(&which), sig as usize)
                .context("cannot install signal handlers")?;
        }
        Ok(Signals { stop, which })
    }

    /// The signal that stopped the run, if one did: its name and exit code
    /// (128 + its number: 130 for SIGINT, 143 for SIGTERM).
    pub fn caught(&self) -> Option<(&'static str, u8)> {
        use signal_hook::consts::{SIGINT, SIGTERM};
        match self.which.load(Ordering::Relaxed) {
            0 => None,
            s if s == SIGINT as usize => Some(("SIGINT", 130)),
            s if s == SIGTERM as usize => Some(("SIGTERM", 143)),
            s => Some(("a signal", 128u8.saturating_add(s as u8))),
        }
    }
}
