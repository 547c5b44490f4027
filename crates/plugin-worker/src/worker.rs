//! The worker process: reads documents, runs the whole pipeline with the
//! plugins one at a time, writes finished records.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;

use khabar::Pipeline;
use khabar::plugin_host::{DocOutput, PluginError, PluginSet};
use khabar::record::{DocMeta, RecordOptions, write_record};
use khabar::{Owned, ProcessError, ProcessErrorKind};

use crate::frame::{self, Body, FrameError};
use crate::pool::{is_failure, quarantine_message};
use crate::progress::{self, Progress};

/// What a worker runs, built from the setup blob by the caller's callback
/// (see [`worker_main`]).
pub struct WorkerSetup {
    /// The pipeline, built **without** plugins (the worker runs them one at
    /// a time, to know which one it is in).
    pub pipeline: Pipeline,
    /// The plugins, one set per plugin, in the order they run, loaded with
    /// [`load_each`](crate::load_each): it turns the plugin host's own
    /// panic limit off, so that the pool's
    /// [`max_failures`](crate::PoolOptions::max_failures) is the only one.
    pub plugins: Vec<PluginSet>,
    /// How records are written.
    pub record: RecordOptions,
}

impl std::fmt::Debug for WorkerSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkerSetup")
            .field("plugins", &self.plugins)
            .field("record", &self.record)
            .finish_non_exhaustive()
    }
}

/// The worker process's main function: call it from the hidden subcommand
/// the pool re-executes (the khabar CLI's `__plugin-worker`) and return its
/// exit code from `main`.
///
/// It takes the frame channel from standard input and output, points the
/// process's own standard output at standard error (so that a plugin that
/// prints cannot garble the frames) and standard input at `/dev/null`,
/// reads the setup blob and hands it to `setup`, then processes chunks
/// until its input ends (exit 0). A setup error is reported to the pool
/// (which turns it into a start-up error naming the problem) and exits 2.
pub fn worker_main<F>(setup: F) -> ExitCode
where
    F: FnOnce(&[u8]) -> Result<WorkerSetup, String>,
{
    let (input, output) = match take_stdio() {
        Ok(io) => io,
        Err(e) => {
            eprintln!("khabar plugin worker: cannot set up its pipes: {e}");
            return ExitCode::from(2);
        }
    };
    let mut input = FrameReader::new(input);
    let mut out = BufWriter::with_capacity(256 << 10, output);
    let blob = match input.next(|tag, body| (tag, body.to_vec())) {
        Ok(Some((frame::SETUP, body))) => body,
        Ok(_) | Err(_) => {
            eprintln!("khabar plugin worker: no setup frame (this command is started by khabar)");
            return ExitCode::from(2);
        }
    };
    let setup = match setup(&blob) {
        Ok(s) => s,
        Err(message) => {
            let mut f = Vec::new();
            frame::frame(&mut f, frame::FAILED, |b| {
                b.extend_from_slice(message.as_bytes())
            });
            let _ = out.write_all(&f).and_then(|()| out.flush());
            return ExitCode::from(2);
        }
    };
    let names: Vec<String> = setup.plugins.iter().map(set_name).collect();
    let mut f = Vec::new();
    frame::frame(&mut f, frame::READY, |b| {
        frame::put_u32(b, names.len() as u32);
        for n in &names {
            frame::put_bytes(b, n.as_bytes());
        }
    });
    if out.write_all(&f).and_then(|()| out.flush()).is_err() {
        return ExitCode::from(2);
    }
    watch_parent();
    let progress = Progress::from_env();
    let mut worker = Worker {
        setup,
        progress,
        frames: Vec::with_capacity(256 << 10),
        limits: Limits::none(),
    };
    match worker.run(&mut input, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("khabar plugin worker: {e}");
            ExitCode::from(2)
        }
    }
}

/// Ends this process if its parent (the pool) goes away, even while a
/// plugin spins: the pool closes the worker's input to end it, but a worker
/// busy in a plugin would never read that.
fn watch_parent() {
    let parent = rustix::process::getppid();
    let _ = std::thread::Builder::new()
        .name("khabar-worker-watch".into())
        .spawn(move || {
            loop {
                std::thread::sleep(std::time::Duration::from_millis(500));
                if rustix::process::getppid() != parent {
                    let me = rustix::process::getpid();
                    let _ = rustix::process::kill_process(me, rustix::process::Signal::KILL);
                }
            }
        });
}

/// A set's name as errors name it: its plugin's name (or names).
pub(crate) fn set_name(set: &PluginSet) -> String {
    let names: Vec<String> = set.infos().into_iter().map(|i| i.name).collect();
    names.join("+")
}

/// Duplicates standard input and output for the frames, then points fd 0
/// at `/dev/null` and fd 1 at standard error.
fn take_stdio() -> std::io::Result<(File, File)> {
    let input = File::from(rustix::io::dup(rustix::stdio::stdin())?);
    let output = File::from(rustix::io::dup(rustix::stdio::stdout())?);
    let null = File::open("/dev/null")?;
    rustix::stdio::dup2_stdin(&null)?;
    rustix::stdio::dup2_stdout(rustix::stdio::stderr())?;
    Ok((input, output))
}

/// Reads whole frames from a byte stream.
struct FrameReader<R> {
    inner: R,
    buf: frame::ReadBuf,
}

impl<R: Read> FrameReader<R> {
    fn new(inner: R) -> FrameReader<R> {
        FrameReader {
            inner,
            buf: frame::ReadBuf::with_capacity(1 << 20),
        }
    }

    /// Calls `f` with the next frame; `None` at a clean end of input.
    fn next<T>(&mut self, f: impl FnOnce(u8, &[u8]) -> T) -> Result<Option<T>, String> {
        loop {
            match frame::split(self.buf.data()) {
                Err(e) => return Err(e.to_string()),
                Ok(Some((tag, body, len))) => {
                    let out = f(tag, body);
                    self.buf.consume(len);
                    return Ok(Some(out));
                }
                Ok(None) => {}
            }
            let had = self.buf.data().len();
            let room = self.buf.space(256 << 10);
            let n = loop {
                match self.inner.read(room) {
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    r => break r,
                }
            };
            let n = n.map_err(|e| format!("cannot read from the pool: {e}"))?;
            if n == 0 {
                return if had == 0 {
                    Ok(None)
                } else {
                    Err("input ended inside a frame".into())
                };
            }
            self.buf.filled(n);
        }
    }
}

/// One document as the worker receives it.
struct DocFrame {
    seq: u64,
    /// Errors to record instead of running plugin `k` (quarantined, or the
    /// plugin that took down an earlier worker on this document).
    skip: Vec<(usize, PluginError)>,
    id: String,
    source: String,
    meta: Option<serde_json::Map<String, serde_json::Value>>,
    input: Owned,
}

fn parse_doc(body: &[u8], names: &[String]) -> Result<DocFrame, FrameError> {
    let mut b = Body::new(body);
    let seq = b.u64()?;
    let n = b.u32()?;
    let mut skip = Vec::new();
    for _ in 0..n {
        let k = b.u32()? as usize;
        let kind = b.str()?.to_string();
        let message = b.str()?.to_string();
        let plugin = names.get(k).cloned().unwrap_or_default();
        skip.push((
            k,
            PluginError {
                plugin,
                kind,
                message,
            },
        ));
    }
    let id = b.str()?.to_string();
    let source = b.str()?.to_string();
    let meta = b.bytes()?;
    let meta = if meta.is_empty() {
        None
    } else {
        serde_json::from_slice(meta).ok()
    };
    let input = match b.u8()? {
        0 => Owned::Bytes(b.bytes()?.to_vec()),
        _ => Owned::Text(b.str()?.to_string()),
    };
    Ok(DocFrame {
        seq,
        skip,
        id,
        source,
        meta,
        input,
    })
}

struct Worker {
    setup: WorkerSetup,
    progress: Progress,
    /// Output frames of the chunk being processed.
    frames: Vec<u8>,
    /// The chunk's failure limit and counts.
    limits: Limits,
}

/// The pool's failure limit as this worker applies it within a chunk: each
/// plugin's failures so far (the pool's count when it sent the chunk, plus
/// those met in the chunk, in document order), and which plugins reached
/// the limit. Failures are counted where they happen (a panic here, or a
/// crash or timeout the pool put in a document's skip list), so the
/// quarantine starts at the same document however often a worker died.
struct Limits {
    max: u64,
    failures: Vec<u64>,
    quarantined: Vec<bool>,
}

impl Limits {
    /// No limit (until the pool sends one).
    fn none() -> Limits {
        Limits {
            max: u64::MAX,
            failures: Vec::new(),
            quarantined: Vec::new(),
        }
    }

    fn parse(body: &[u8]) -> Result<Limits, FrameError> {
        let mut b = Body::new(body);
        let max = b.u64()?;
        let n = b.u32()?;
        let mut failures = Vec::new();
        for _ in 0..n {
            failures.push(b.u64()?);
        }
        let quarantined = failures.iter().map(|&f| f >= max).collect();
        Ok(Limits {
            max,
            failures,
            quarantined,
        })
    }

    fn is_quarantined(&self, k: usize) -> bool {
        self.quarantined.get(k).copied().unwrap_or(false)
    }

    /// Counts an entry of `kind` for plugin `k`.
    fn note(&mut self, k: usize, kind: &str) {
        if !is_failure(kind) {
            return;
        }
        if let (Some(f), Some(q)) = (self.failures.get_mut(k), self.quarantined.get_mut(k)) {
            *f = f.saturating_add(1);
            *q |= *f >= self.max;
        }
    }
}

impl Worker {
    fn run<R: Read, W: Write>(
        &mut self,
        input: &mut FrameReader<R>,
        out: &mut W,
    ) -> Result<(), String> {
        let names: Vec<String> = self.setup.plugins.iter().map(set_name).collect();
        // A chunk is read whole before any of it is processed: the pool
        // writes it and then only reads, so neither side can block the
        // other on a full pipe.
        let mut chunk: Vec<DocFrame> = Vec::new();
        /// What one frame was.
        enum In {
            Limits(Limits),
            Doc(DocFrame),
            /// End of chunk.
            End,
        }
        loop {
            let next = input.next(|tag, body| match tag {
                frame::LIMITS => Limits::parse(body)
                    .map(In::Limits)
                    .map_err(|e| e.to_string()),
                frame::DOC => parse_doc(body, &names)
                    .map(In::Doc)
                    .map_err(|e| e.to_string()),
                frame::END => Ok(In::End),
                other => Err(format!("unexpected frame {other}")),
            })?;
            match next {
                None => break,
                Some(Err(e)) => return Err(e),
                Some(Ok(In::Limits(limits))) => self.limits = limits,
                Some(Ok(In::Doc(doc))) => chunk.push(doc),
                Some(Ok(In::End)) => {
                    self.process_batch(std::mem::take(&mut chunk));
                    self.limits = Limits::none();
                    frame::frame(&mut self.frames, frame::CHUNK_DONE, |_| {});
                    out.write_all(&self.frames).map_err(|e| e.to_string())?;
                    out.flush().map_err(|e| e.to_string())?;
                    self.frames.clear();
                    if self.frames.capacity() > 64 << 20 {
                        self.frames = Vec::new();
                    }
                }
            }
        }
        Ok(())
    }

    /// Runs the pipeline over the chunk as one batch, the plugins one
    /// document and one plugin at a time (marking progress before each),
    /// and appends the records.
    fn process_batch(&mut self, mut docs: Vec<DocFrame>) {
        let Some(first) = docs.first().map(|d| d.seq) else {
            return;
        };
        let setup = &self.setup;
        let progress = &self.progress;
        let limits = &mut self.limits;
        let names: Vec<String> = setup.plugins.iter().map(set_name).collect();
        progress.set(first, progress::STAGE_PIPELINE);
        let inputs: Vec<Owned> = docs
            .iter_mut()
            .map(|d| std::mem::replace(&mut d.input, Owned::Bytes(Vec::new())))
            .collect();
        // Per document: (plugin, kind) of the errors the plugins produced.
        let mut failures: Vec<Vec<(usize, String)>> = vec![Vec::new(); docs.len()];
        // Plugins see each document's id and meta fields (ABI 1.1).
        let metas: Vec<DocMeta<'_>> = docs
            .iter()
            .map(|d| DocMeta {
                id: &d.id,
                source: &d.source,
                meta: d.meta.as_ref(),
            })
            .collect();
        let results =
            setup
                .pipeline
                .process_batch_owned_with(inputs, &metas, &mut |views, index| {
                    views
                        .iter()
                        .zip(index)
                        .map(|(view, &i)| {
                            let mut out = DocOutput::default();
                            let (Some(doc), Some(failed)) = (docs.get(i), failures.get_mut(i))
                            else {
                                return out;
                            };
                            for (k, set) in setup.plugins.iter().enumerate() {
                                if let Some((_, e)) = doc.skip.iter().find(|(s, _)| *s == k) {
                                    limits.note(k, &e.kind);
                                    out.errors.push(e.clone());
                                    continue;
                                }
                                if limits.is_quarantined(k) {
                                    let name = names.get(k).map(String::as_str).unwrap_or("?");
                                    out.errors.push(PluginError {
                                        plugin: name.to_string(),
                                        kind: "quarantined".into(),
                                        message: quarantine_message(name, limits.max),
                                    });
                                    continue;
                                }
                                progress.set(doc.seq, progress::stage_plugin(k));
                                let got = set
                                    .process_batch(std::slice::from_ref(view))
                                    .pop()
                                    .unwrap_or_default();
                                for e in &got.errors {
                                    limits.note(k, &e.kind);
                                }
                                failed.extend(got.errors.iter().map(|e| (k, e.kind.clone())));
                                out.annotations.extend(got.annotations);
                                out.errors.extend(got.errors);
                            }
                            progress.set(doc.seq, progress::STAGE_PIPELINE);
                            out
                        })
                        .collect()
                });
        let mut results = results.into_iter();
        for (doc, failures) in docs.iter().zip(&failures) {
            let result = results.next().unwrap_or_else(|| {
                Err(ProcessError::new(
                    ProcessErrorKind::Internal,
                    "no pipeline result",
                ))
            });
            progress.set(doc.seq, progress::STAGE_PIPELINE);
            write_frame(&mut self.frames, setup, doc, failures, &result);
            progress.set(doc.seq, progress::STAGE_DONE);
        }
    }
}

/// Appends a document's record frame.
fn write_frame(
    frames: &mut Vec<u8>,
    setup: &WorkerSetup,
    doc: &DocFrame,
    failures: &[(usize, String)],
    result: &Result<khabar::Document<'_>, ProcessError>,
) {
    let meta = DocMeta {
        id: &doc.id,
        source: &doc.source,
        meta: doc.meta.as_ref(),
    };
    let is_error = result.is_err();
    let opts = &setup.record;
    frame::frame(frames, frame::RECORD, |b| {
        frame::put_u64(b, doc.seq);
        b.push(u8::from(is_error));
        frame::put_u32(b, failures.len() as u32);
        for (k, kind) in failures {
            frame::put_u32(b, *k as u32);
            frame::put_bytes(b, kind.as_bytes());
        }
        // The record, length-prefixed: its length is patched in after.
        let at = b.len();
        frame::put_u64(b, 0);
        let start = b.len();
        let written = catch_unwind(AssertUnwindSafe(|| {
            setup.pipeline.write_record(b, &meta, result, opts);
        }));
        if written.is_err() {
            b.truncate(start);
            let failed = Err(ProcessError::new(
                ProcessErrorKind::Internal,
                "internal error while writing this record (please report)",
            ));
            write_record(b, &meta, &failed, opts);
        }
        let len = (b.len() - start) as u64;
        b[at..start].copy_from_slice(&len.to_le_bytes());
    });
}
