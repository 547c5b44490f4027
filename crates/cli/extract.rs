//! `khabar extract`: documents in, one JSON record per document out.
//!
//! Three stages overlap: a reader thread streams documents into a bounded
//! channel; the main thread groups them into small chunks and hands each
//! to the worker pool as soon as a token is free; a writer thread puts the
//! finished chunks back in input order, writes them and hands the token
//! back. No barrier stands between chunks, so two workers never wait for
//! each other; memory stays bounded by the tokens and the chunk size
//! whatever the corpus size.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, TryRecvError, bounded, unbounded};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use khabar::record::{DocMeta, RecordOptions, write_record};
use khabar::{Owned, Pipeline, ProcessError};

use crate::input::{self, Doc, Input, Item, Parse};

/// Most documents in one chunk: the unit of work of one worker, and the
/// batch the pipeline (and its plugins) sees in one call.
const CHUNK_DOCS: usize = 64;
/// Most input bytes in one chunk (one larger document is a chunk alone).
const CHUNK_BYTES: u64 = 1 << 20;
/// Documents queued for the workers above which the reader parses JSON
/// Lines itself (see `run`).
const READER_PARSES_ABOVE: usize = CHUNK_DOCS / 2;
/// Chunks in flight per worker: enough to keep every worker busy while
/// the writer waits for an early chunk, few enough to bound memory.
const CHUNKS_PER_THREAD: usize = 4;
/// Largest output buffer kept for reuse (one huge document's record is not
/// worth holding on to).
const MAX_RECYCLED: usize = 4 << 20;

/// When to draw a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Progress {
    /// When standard error is a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// What a run did, for the summary line.
#[derive(Debug, Default)]
pub struct Summary {
    /// Documents read (== records written).
    pub documents: u64,
    /// Input bytes.
    pub bytes: u64,
    /// Error records.
    pub errors: u64,
    /// Wall time.
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.elapsed.as_secs_f64();
        let mb = self.bytes as f64 / 1e6;
        let rate = if secs > 0.0 { mb / secs } else { 0.0 };
        write!(
            f,
            "khabar: {} documents, {:.2} MB, {} errors, {:.2} s, {:.1} MB/s",
            self.documents, mb, self.errors, secs, rate
        )
    }
}

/// Runs the extraction over `inputs`, writing records to `out`.
pub fn run(
    pipeline: &Pipeline,
    inputs: &[Input],
    out: Box<dyn Write + Send>,
    opts: RecordOptions,
    threads: usize,
    progress: Progress,
) -> anyhow::Result<Summary> {
    let started = Instant::now();
    let threads = threads.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("khabar-worker-{i}"))
        .build()?;
    let bar = progress_bar(progress, inputs);
    let stop = AtomicBool::new(false);
    let (doc_tx, doc_rx) = bounded::<Item>(CHUNK_DOCS * 2);
    // One token per chunk that may be in flight (queued, processing, or
    // waiting for its turn at the writer): this bounds memory, and the
    // writer hands a token back once the chunk is written.
    let in_flight = threads * CHUNKS_PER_THREAD;
    let (token_tx, token_rx) = bounded::<()>(in_flight);
    for _ in 0..in_flight {
        let _ = token_tx.try_send(());
    }
    let (done_tx, done_rx) = unbounded::<Chunk>();
    // Written buffers go back to the workers: no allocation (and none of
    // the page faults of fresh large buffers) per chunk once warmed up.
    let (free_tx, free_rx) = bounded::<Vec<u8>>(in_flight + threads);

    let mut summary = Summary::default();
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let stop = &stop;
        let reader = scope.spawn(move || {
            // The reader parses a JSON Lines line itself while the workers
            // have plenty queued (it is ahead of them, and parsing next to
            // the read is cheaper: measured 10-12% less CPU at -j 2 than
            // parsing in the workers); when the queue runs low it is the
            // bottleneck, and hands raw lines on for the workers to parse.
            let tx = &doc_tx;
            let parse = || {
                if tx.len() >= READER_PARSES_ABOVE {
                    Parse::InReader
                } else {
                    Parse::InWorker
                }
            };
            input::for_each_doc(inputs, &parse, &mut |item| {
                !stop.load(Ordering::Relaxed) && tx.send(item).is_ok()
            })
        });
        let bar_w = bar.clone();
        let writer = scope.spawn(move || write_in_order(out, done_rx, token_tx, free_tx, &bar_w));

        // Chunks are processed as soon as a worker is free, with no
        // barrier between them: a slow document holds back only the
        // records after it in the output, never the other workers.
        pool.in_place_scope(|tasks| {
            let mut seq = 0u64;
            while let Some(chunk) = next_chunk(&doc_rx) {
                if token_rx.recv().is_err() {
                    break; // the writer stopped (it failed): stop reading
                }
                let bytes: u64 = chunk.iter().map(Item::input_bytes).sum();
                summary.documents += chunk.len() as u64;
                summary.bytes += bytes;
                let (done, free, opts) = (done_tx.clone(), free_rx.clone(), &opts);
                let n = seq;
                seq += 1;
                tasks.spawn(move |_| {
                    let docs = chunk.into_iter().map(Item::into_doc).collect();
                    let (out, errors) = process(pipeline, docs, opts, &free);
                    // A closed channel means the writer failed; it says why.
                    let _ = done.send(Chunk {
                        seq: n,
                        out,
                        errors,
                        bytes,
                    });
                });
            }
        });
        stop.store(true, Ordering::Relaxed);
        drop(doc_rx);
        drop(done_tx);
        let read = reader
            .join()
            .map_err(|_| anyhow::anyhow!("input reader panicked"))?;
        let written = writer
            .join()
            .map_err(|_| anyhow::anyhow!("output writer panicked"))?;
        match written {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
            Err(e) => return Err(anyhow::Error::new(e).context("cannot write output")),
            Ok(errors) => summary.errors = errors,
        }
        read.map_err(|e| anyhow::Error::new(e).context("cannot read input"))?;
        Ok(())
    })?;
    bar.finish_and_clear();
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The records of one chunk, numbered in input order.
struct Chunk {
    seq: u64,
    out: Vec<u8>,
    errors: u64,
    bytes: u64,
}

/// Writes chunks in input order as they complete; returns the number of
/// error records. Flushes whenever it has written everything that is
/// ready, so that records reach a reader behind a pipe as soon as they
/// exist.
fn write_in_order(
    mut out: Box<dyn Write + Send>,
    done: Receiver<Chunk>,
    tokens: Sender<()>,
    free: Sender<Vec<u8>>,
    bar: &ProgressBar,
) -> io::Result<u64> {
    let mut waiting: BTreeMap<u64, Chunk> = BTreeMap::new();
    let mut next = 0u64;
    let mut errors = 0u64;
    while let Ok(chunk) = done.recv() {
        waiting.insert(chunk.seq, chunk);
        while let Some(mut chunk) = waiting.remove(&next) {
            out.write_all(&chunk.out)?;
            errors += chunk.errors;
            bar.inc(chunk.bytes);
            next += 1;
            if chunk.out.capacity() <= MAX_RECYCLED {
                chunk.out.clear();
                let _ = free.try_send(chunk.out);
            }
            let _ = tokens.try_send(());
        }
        if done.is_empty() {
            out.flush()?;
        }
    }
    out.flush()?;
    Ok(errors)
}

/// Waits for one document, then takes whatever else is ready, up to the
/// chunk limits. Never waits for a chunk to fill: behind a slow pipe each
/// document is processed and written as soon as it arrives.
fn next_chunk(rx: &Receiver<Item>) -> Option<Vec<Item>> {
    let first = rx.recv().ok()?;
    let mut bytes = first.input_bytes();
    let mut chunk = Vec::with_capacity(CHUNK_DOCS);
    chunk.push(first);
    while chunk.len() < CHUNK_DOCS && bytes < CHUNK_BYTES {
        match rx.try_recv() {
            Ok(item) => {
                bytes += item.input_bytes();
                chunk.push(item);
            }
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
        }
    }
    Some(chunk)
}

/// Processes one chunk on the current worker; returns its records, in
/// input order (in a buffer taken from `free` when there is one), and the
/// number of error records.
fn process(
    pipeline: &Pipeline,
    mut docs: Vec<Doc>,
    opts: &RecordOptions,
    free: &Receiver<Vec<u8>>,
) -> (Vec<u8>, u64) {
    // The bytes move into the pipeline (clean UTF-8 becomes the text
    // without a copy); `payload` keeps only whether there were any.
    let inputs: Vec<Owned> = docs
        .iter_mut()
        .filter_map(|d| {
            d.payload
                .as_mut()
                .ok()
                .map(|p| std::mem::replace(p, Owned::Bytes(Vec::new())))
        })
        .collect();
    let mut results = pipeline.process_batch_owned(inputs).into_iter();
    let mut out = free.try_recv().unwrap_or_default();
    let mut errors = 0;
    for doc in &docs {
        let result = match &doc.payload {
            Ok(_) => results
                .next()
                .unwrap_or_else(|| Err(ProcessError::new("internal", "missing pipeline result"))),
            Err(e) => Err(ProcessError::new(e.kind, e.message.clone())),
        };
        errors += u64::from(result.is_err());
        let meta = DocMeta {
            id: &doc.id,
            source: &doc.source,
            meta: doc.meta.as_ref(),
        };
        // The stages have their own guard; this one keeps a bug in the
        // record writer from costing more than this document's record.
        let start = out.len();
        let written = catch_unwind(AssertUnwindSafe(|| {
            pipeline.write_record(&mut out, &meta, &result, opts);
        }));
        if written.is_err() {
            out.truncate(start);
            let failed = Err(ProcessError::new(
                "internal",
                "internal error while writing this record (please report)",
            ));
            write_record(&mut out, &meta, &failed, opts);
            errors += u64::from(result.is_ok());
        }
    }
    (out, errors)
}

fn progress_bar(mode: Progress, inputs: &[Input]) -> ProgressBar {
    let show = match mode {
        Progress::Never => false,
        Progress::Always => true,
        Progress::Auto => io::stderr().is_terminal(),
    };
    if !show {
        return ProgressBar::hidden();
    }
    let bar = match input::total_bytes(inputs) {
        Some(total) => {
            let bar = ProgressBar::new(total);
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            ) {
                bar.set_style(style);
            }
            bar
        }
        None => {
            let bar = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bytes} {bytes_per_sec}",
            ) {
                bar.set_style(style);
            }
            bar
        }
    };
    bar.set_draw_target(ProgressDrawTarget::stderr());
    bar
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A `Write` whose bytes the test can read after the writer is done.
    #[derive(Clone, Default)]
    struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn chunks_finished_out_of_order_are_written_in_input_order() {
        let out = Shared::default();
        let (done_tx, done_rx) = unbounded::<Chunk>();
        let (token_tx, token_rx) = bounded::<()>(8);
        let (free_tx, free_rx) = bounded::<Vec<u8>>(8);
        for seq in [2u64, 0, 3, 1] {
            let out = format!("record {seq}\n").into_bytes();
            let errors = seq % 2;
            done_tx
                .send(Chunk {
                    seq,
                    out,
                    errors,
                    bytes: 1,
                })
                .unwrap();
        }
        drop(done_tx);
        let bar = ProgressBar::hidden();
        let errors =
            write_in_order(Box::new(out.clone()), done_rx, token_tx, free_tx, &bar).unwrap();
        let written = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        assert_eq!(written, "record 0\nrecord 1\nrecord 2\nrecord 3\n");
        assert_eq!(errors, 2);
        // Every chunk gave its token back, and its buffer for reuse.
        assert_eq!(token_rx.try_iter().count(), 4);
        assert!(free_rx.try_iter().all(|b| b.is_empty()));
        assert_eq!(bar.position(), 4);
    }
}
