//! `khabar extract`: documents in, one JSON record per document out.
//!
//! Three stages overlap: a reader thread streams documents into a bounded
//! channel; the main thread takes them in batches and processes each batch
//! on the worker pool (records serialized in input order); a writer thread
//! writes and flushes each batch. Memory stays bounded by the channel and
//! batch sizes whatever the corpus size.

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, TryRecvError, bounded};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use khabar_pipeline::record::{DocMeta, RecordOptions, write_record};
use khabar_pipeline::{Pipeline, ProcessError};
use rayon::prelude::*;

use crate::input::{self, Doc, Input};

/// Most documents in one batch.
const BATCH_DOCS: usize = 512;
/// Most input bytes in one batch.
const BATCH_BYTES: u64 = 32 * 1024 * 1024;
/// Documents handed to the pipeline (and its plugins) in one call.
const SUB_BATCH: usize = 64;
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
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("khabar-worker-{i}"))
        .build()?;
    let bar = progress_bar(progress, inputs);
    let stop = AtomicBool::new(false);
    let (doc_tx, doc_rx) = bounded::<Doc>(BATCH_DOCS);
    let (out_tx, out_rx) = bounded::<Vec<Vec<u8>>>(2);
    // Written buffers go back to the workers: no allocation (and none of
    // the page faults of fresh large buffers) per batch once warmed up.
    let (free_tx, free_rx) = bounded::<Vec<u8>>(64);

    let mut summary = Summary::default();
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let stop = &stop;
        let reader = scope.spawn(move || {
            input::for_each_doc(inputs, &mut |doc| {
                !stop.load(Ordering::Relaxed) && doc_tx.send(doc).is_ok()
            })
        });
        let writer = scope.spawn(move || -> io::Result<()> {
            let mut out = out;
            for parts in out_rx {
                for mut part in parts {
                    out.write_all(&part)?;
                    if part.capacity() <= MAX_RECYCLED {
                        part.clear();
                        let _ = free_tx.try_send(part);
                    }
                }
                // Flush per batch so that records reach a reader behind a
                // pipe as soon as they exist.
                out.flush()?;
            }
            out.flush()
        });

        while let Some(batch) = next_batch(&doc_rx) {
            summary.documents += batch.len() as u64;
            let bytes: u64 = batch.iter().map(|d| d.input_bytes).sum();
            summary.bytes += bytes;
            let (parts, errors) = pool.install(|| process(pipeline, &batch, &opts, &free_rx));
            summary.errors += errors;
            if out_tx.send(parts).is_err() {
                break; // the writer failed; its error is reported below
            }
            bar.inc(bytes);
        }
        stop.store(true, Ordering::Relaxed);
        drop(doc_rx);
        drop(out_tx);
        let read = reader
            .join()
            .map_err(|_| anyhow::anyhow!("input reader panicked"))?;
        let written = writer
            .join()
            .map_err(|_| anyhow::anyhow!("output writer panicked"))?;
        match written {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
            Err(e) => return Err(anyhow::Error::new(e).context("cannot write output")),
            Ok(()) => {}
        }
        read.map_err(|e| anyhow::Error::new(e).context("cannot read input"))?;
        Ok(())
    })?;
    bar.finish_and_clear();
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Waits for one document, then takes whatever else is ready, up to the
/// batch limits. Never waits for a batch to fill: behind a slow pipe each
/// document is processed and written as soon as it arrives.
fn next_batch(rx: &Receiver<Doc>) -> Option<Vec<Doc>> {
    let first = rx.recv().ok()?;
    let mut bytes = first.input_bytes;
    let mut batch = vec![first];
    while batch.len() < BATCH_DOCS && bytes < BATCH_BYTES {
        match rx.try_recv() {
            Ok(doc) => {
                bytes += doc.input_bytes;
                batch.push(doc);
            }
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
        }
    }
    Some(batch)
}

/// Processes a batch in parallel; returns its records, in input order (in
/// buffers taken from `free` where it has any), and the number of error
/// records.
fn process(
    pipeline: &Pipeline,
    batch: &[Doc],
    opts: &RecordOptions,
    free: &Receiver<Vec<u8>>,
) -> (Vec<Vec<u8>>, u64) {
    let per_thread = batch
        .len()
        .div_ceil(rayon::current_num_threads().max(1) * 4);
    let size = per_thread.clamp(1, SUB_BATCH);
    let parts: Vec<(Vec<u8>, u64)> = batch
        .par_chunks(size)
        .map(|docs| {
            let inputs: Vec<&[u8]> = docs
                .iter()
                .filter_map(|d| d.payload.as_ref().ok().map(Vec::as_slice))
                .collect();
            let mut results = pipeline.process_batch(&inputs).into_iter();
            let mut out = free.try_recv().unwrap_or_default();
            let mut errors = 0;
            for doc in docs {
                let result = match &doc.payload {
                    Ok(_) => results.next().unwrap_or_else(|| {
                        Err(ProcessError::new("internal", "missing pipeline result"))
                    }),
                    Err(e) => Err(ProcessError::new(e.kind, e.message.clone())),
                };
                errors += u64::from(result.is_err());
                let meta = DocMeta {
                    id: &doc.id,
                    source: &doc.source,
                    meta: doc.meta.as_ref(),
                };
                write_record(&mut out, &meta, &result, opts);
            }
            (out, errors)
        })
        .collect();
    let errors = parts.iter().map(|p| p.1).sum();
    (parts.into_iter().map(|p| p.0).collect(), errors)
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
