//! The ordered, bounded-memory parallel runner behind [`Stream`](super::Stream).
//!
//! Three stages overlap: a reader thread streams documents into a bounded
//! channel; a dispatcher thread groups them into small chunks and hands
//! each to the worker pool as soon as a token is free; the caller's thread
//! puts the finished chunks back in input order, consumes them and hands
//! the token back. No barrier stands between chunks, so two workers never
//! wait for each other; memory stays bounded by the tokens and the chunk
//! size whatever the corpus size.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};

use crossbeam_channel::{Receiver, Sender, TryRecvError, bounded, unbounded};

use super::{Record, StreamError};
use crate::record::{DocMeta, RecordOptions, write_record};
use crate::source::{Input, Item, Parse, Source};
use crate::{Owned, Pipeline, ProcessError, ProcessErrorKind};

/// Largest output buffer kept for reuse (one huge document's record is not
/// worth holding on to).
const MAX_RECYCLED: usize = 4 << 20;

/// How a stream cuts its work and how much it keeps in flight.
#[derive(Clone, Copy, Debug)]
pub(super) struct Config {
    /// Worker threads; 0: one per core.
    pub(super) threads: usize,
    /// Most documents in one chunk: the unit of work of one worker, and the
    /// batch the pipeline (and its plugins) sees in one call.
    pub(super) chunk_docs: usize,
    /// Most input bytes in one chunk (one larger document is a chunk alone).
    pub(super) chunk_bytes: u64,
    /// Chunks in flight (queued, processing, or waiting for their turn);
    /// 0: four per worker, enough to keep every worker busy while the
    /// consumer waits for an early chunk, few enough to bound memory.
    pub(super) in_flight: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            threads: 0,
            chunk_docs: crate::GROUP_DOCS,
            chunk_bytes: crate::GROUP_BYTES as u64,
            in_flight: 0,
        }
    }
}

impl Config {
    pub(super) fn threads(&self) -> usize {
        match self.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
    }

    fn in_flight(&self, threads: usize) -> usize {
        match self.in_flight {
            0 => threads * 4,
            n => n,
        }
    }
}

/// A [`ChunkWriter`](super::ChunkWriter) in a [`Mode`].
#[derive(Clone, Copy)]
pub(super) struct Writer<'w>(pub(super) &'w dyn super::ChunkWriter);

impl std::fmt::Debug for Writer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChunkWriter")
    }
}

/// What the workers make of each chunk.
#[derive(Clone, Copy, Debug)]
pub(super) enum Mode<'w> {
    /// The records' JSON Lines, one buffer per chunk; the documents are
    /// dropped in the worker. Written by the writer when there is one.
    Json(RecordOptions, Option<Writer<'w>>),
    /// [`Record`]s with their documents written with these options, and
    /// their JSON lines already written when asked.
    Records(RecordOptions, bool),
}

/// One finished chunk, numbered in input order.
pub(super) struct Done<'p> {
    seq: u64,
    /// Documents in it.
    pub(super) docs: u64,
    /// Input bytes it accounts for.
    pub(super) bytes: u64,
    /// Error records in it.
    pub(super) errors: u64,
    pub(super) body: Body<'p>,
}

/// What a chunk holds, by [`Mode`].
pub(super) enum Body<'p> {
    Json(Vec<u8>),
    Records(Vec<Record<'p>>),
}

/// The finished chunks, in input order, for the consumer (the caller's
/// thread).
pub(super) struct Ordered<'p> {
    done: Receiver<Done<'p>>,
    waiting: BTreeMap<u64, Done<'p>>,
    next: u64,
    tokens: Sender<()>,
    free: Sender<Vec<u8>>,
}

impl<'p> Ordered<'p> {
    /// The next chunk in input order, waiting for it; `None` at the end.
    pub(super) fn next(&mut self) -> Option<Done<'p>> {
        loop {
            if let Some(d) = self.waiting.remove(&self.next) {
                self.next += 1;
                return Some(d);
            }
            let d = self.done.recv().ok()?;
            self.waiting.insert(d.seq, d);
        }
    }

    /// Whether nothing is ready to consume right now (the moment to flush,
    /// so that records reach a reader behind a pipe as soon as they exist).
    pub(super) fn idle(&self) -> bool {
        !self.waiting.contains_key(&self.next) && self.done.is_empty()
    }

    /// Hands a consumed chunk's token back, and its buffer for reuse: no
    /// allocation (and none of the page faults of fresh large buffers) per
    /// chunk once warmed up.
    pub(super) fn release(&self, buffer: Option<Vec<u8>>) {
        if let Some(mut b) = buffer
            && b.capacity() <= MAX_RECYCLED
        {
            b.clear();
            let _ = self.free.try_send(b);
        }
        let _ = self.tokens.try_send(());
    }
}

/// Runs `source` through `pipeline` and hands the chunks, in input order,
/// to `consume` on this thread. When `consume` returns, reading stops and
/// the threads are joined before this returns.
pub(super) fn run<'p, T>(
    pipeline: &'p Pipeline,
    source: Source<'_>,
    cfg: &Config,
    mode: Mode<'p>,
    stop: Option<&AtomicBool>,
    consume: impl FnOnce(&mut Ordered<'p>) -> T,
) -> Result<T, StreamError> {
    let threads = cfg.threads();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("khabar-worker-{i}"))
        .build()
        .map_err(StreamError::threads)?;
    let chunk_docs = cfg.chunk_docs.max(1);
    let finished = AtomicBool::new(false);
    let (doc_tx, doc_rx) = bounded::<Item>(chunk_docs * 2);
    // One token per chunk that may be in flight (queued, processing, or
    // waiting for its turn at the consumer): this bounds memory, and the
    // consumer hands a token back once the chunk is consumed.
    let in_flight = cfg.in_flight(threads).max(1);
    let (token_tx, token_rx) = bounded::<()>(in_flight);
    for _ in 0..in_flight {
        let _ = token_tx.try_send(());
    }
    let (done_tx, done_rx) = unbounded::<Done<'p>>();
    let (free_tx, free_rx) = bounded::<Vec<u8>>(in_flight + threads);

    std::thread::scope(|scope| {
        let finished = &finished;
        let stopped = move || {
            finished.load(Ordering::Relaxed) || stop.is_some_and(|s| s.load(Ordering::Relaxed))
        };
        let reader = scope.spawn(move || read(source, &doc_tx, chunk_docs, stopped));
        let dispatcher = scope.spawn(move || {
            let tasks = Tasks {
                pipeline,
                mode,
                tokens: token_rx,
                done: done_tx,
                free: free_rx,
            };
            dispatch(&pool, &doc_rx, cfg, tasks, finished);
            // Dropping the queue's receiver here unblocks a reader waiting
            // to send.
            drop(doc_rx);
        });
        let mut ordered = Ordered {
            done: done_rx,
            waiting: BTreeMap::new(),
            next: 0,
            tokens: token_tx,
            free: free_tx,
        };
        let out = consume(&mut ordered);
        finished.store(true, Ordering::Relaxed);
        // Without tokens or a receiver for finished chunks, the dispatcher
        // stops at its next chunk.
        drop(ordered);
        let dispatched = dispatcher.join();
        let read = reader.join();
        dispatched.map_err(|_| StreamError::panicked("dispatcher"))?;
        read.map_err(|_| StreamError::panicked("input reader"))?;
        Ok(out)
    })
}

/// The reader thread: sends `source`'s documents into the queue until it
/// ends or the stream stops.
fn read(source: Source<'_>, tx: &Sender<Item>, chunk_docs: usize, stopped: impl Fn() -> bool) {
    // The reader parses a JSON Lines line itself while the workers have
    // plenty queued (it is ahead of them, and parsing next to the read is
    // cheaper: measured 10-12% less CPU at -j 2 than parsing in the
    // workers); when the queue runs low it is the bottleneck, and hands raw
    // lines on for the workers to parse.
    let parse = || {
        if tx.len() >= chunk_docs / 2 {
            Parse::InReader
        } else {
            Parse::InWorker
        }
    };
    source.read(&parse, &mut |item| !stopped() && tx.send(item).is_ok());
}

/// What a chunk's task needs, besides its documents.
struct Tasks<'p> {
    pipeline: &'p Pipeline,
    mode: Mode<'p>,
    tokens: Receiver<()>,
    done: Sender<Done<'p>>,
    free: Receiver<Vec<u8>>,
}

/// The dispatcher thread: cuts the queue into chunks and hands each to a
/// worker as soon as a token is free. Chunks are processed with no barrier
/// between them: a slow document holds back only the records after it,
/// never the other workers.
fn dispatch<'p>(
    pool: &rayon::ThreadPool,
    queue: &Receiver<Item>,
    cfg: &Config,
    t: Tasks<'p>,
    finished: &AtomicBool,
) {
    let chunk_docs = cfg.chunk_docs.max(1);
    pool.in_place_scope(|scope| {
        let mut seq = 0u64;
        while let Some(chunk) = next_chunk(queue, chunk_docs, cfg.chunk_bytes) {
            // No token: the consumer is gone (it is done, or it failed):
            // stop reading.
            if t.tokens.recv().is_err() || finished.load(Ordering::Relaxed) {
                break;
            }
            let bytes: u64 = chunk.iter().map(Item::input_bytes).sum();
            let (done, free, pipeline, mode) = (t.done.clone(), t.free.clone(), t.pipeline, t.mode);
            let n = seq;
            seq += 1;
            scope.spawn(move |_| {
                let done_chunk = work(pipeline, chunk, mode, &free, n, bytes);
                // A closed channel means the consumer is gone.
                let _ = done.send(done_chunk);
            });
        }
    });
}

/// Waits for one document, then takes whatever else is ready, up to the
/// chunk limits. Never waits for a chunk to fill: behind a slow pipe each
/// document is processed and consumed as soon as it arrives.
fn next_chunk(rx: &Receiver<Item>, max_docs: usize, max_bytes: u64) -> Option<Vec<Item>> {
    let first = rx.recv().ok()?;
    let mut bytes = first.input_bytes();
    let mut chunk = Vec::with_capacity(max_docs);
    chunk.push(first);
    while chunk.len() < max_docs && bytes < max_bytes {
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

/// Processes one chunk on the current worker.
fn work<'p>(
    pipeline: &'p Pipeline,
    chunk: Vec<Item>,
    mode: Mode<'_>,
    free: &Receiver<Vec<u8>>,
    seq: u64,
    bytes: u64,
) -> Done<'p> {
    let inputs: Vec<Input> = chunk.into_iter().map(Item::into_input).collect();
    let docs = inputs.len() as u64;
    let (body, errors) = match mode {
        Mode::Json(_, Some(Writer(writer))) => {
            let mut out = free.try_recv().unwrap_or_default();
            let errors = writer.write_chunk(inputs, &mut out);
            (Body::Json(out), errors)
        }
        Mode::Json(opts, None) => {
            let (out, errors) = process_json(pipeline, inputs, &opts, free);
            (Body::Json(out), errors)
        }
        Mode::Records(opts, render) => {
            let records = process_records(pipeline, inputs, opts, render);
            let errors = records.iter().filter(|r| r.result.is_err()).count() as u64;
            (Body::Records(records), errors)
        }
    };
    Done {
        seq,
        docs,
        bytes,
        errors,
        body,
    }
}

/// Runs the pipeline over a chunk's documents: one result per input, in
/// order. The bytes move into the pipeline (clean UTF-8 becomes the text
/// without a copy); an input that failed to be read keeps its error.
fn results<'p>(
    pipeline: &'p Pipeline,
    inputs: &mut [Input],
) -> Vec<Result<crate::Document<'p>, ProcessError>> {
    let bodies: Vec<Owned> = inputs
        .iter_mut()
        .filter_map(|d| {
            d.body
                .as_mut()
                .ok()
                .map(|p| std::mem::replace(p, Owned::Bytes(Vec::new())))
        })
        .collect();
    // Plugins see each document's id and meta fields (ABI 1.1).
    let metas: Vec<crate::record::DocMeta<'_>> = inputs
        .iter()
        .filter(|d| d.body.is_ok())
        .map(|d| crate::record::DocMeta {
            id: &d.id,
            source: &d.source,
            meta: d.meta.as_ref(),
        })
        .collect();
    let mut results = pipeline
        .process_batch_owned_with_meta(bodies, &metas)
        .into_iter();
    drop(metas);
    inputs
        .iter_mut()
        .map(|d| match &mut d.body {
            Ok(_) => results.next().unwrap_or_else(|| {
                Err(ProcessError::new(
                    ProcessErrorKind::Internal,
                    "missing pipeline result",
                ))
            }),
            Err(e) => Err(e.clone()),
        })
        .collect()
}

/// Processes one chunk into JSON Lines, in input order (in a buffer taken
/// from `free` when there is one); returns the records and the number of
/// error records.
fn process_json(
    pipeline: &Pipeline,
    mut inputs: Vec<Input>,
    opts: &RecordOptions,
    free: &Receiver<Vec<u8>>,
) -> (Vec<u8>, u64) {
    let results = results(pipeline, &mut inputs);
    let mut out = free.try_recv().unwrap_or_default();
    let mut errors = 0;
    for (input, result) in inputs.iter().zip(&results) {
        errors += u64::from(result.is_err());
        let meta = DocMeta {
            id: &input.id,
            source: &input.source,
            meta: input.meta.as_ref(),
        };
        if !write_guarded(pipeline, &mut out, &meta, result, opts) {
            errors += u64::from(result.is_ok());
        }
    }
    (out, errors)
}

/// Processes one chunk into [`Record`]s, rendering their JSON when asked.
fn process_records<'p>(
    pipeline: &'p Pipeline,
    mut inputs: Vec<Input>,
    opts: RecordOptions,
    render: bool,
) -> Vec<Record<'p>> {
    let results = results(pipeline, &mut inputs);
    inputs
        .into_iter()
        .zip(results)
        .map(|(input, mut result)| {
            let json = render.then(|| {
                let meta = DocMeta {
                    id: &input.id,
                    source: &input.source,
                    meta: input.meta.as_ref(),
                };
                let mut out = Vec::new();
                if !write_guarded(pipeline, &mut out, &meta, &result, &opts) {
                    result = Err(writer_failed());
                }
                out
            });
            Record {
                pipeline,
                id: input.id,
                source: input.source,
                meta: input.meta,
                result,
                json,
                options: opts,
                bytes: input.bytes,
            }
        })
        .collect()
}

/// Appends `result`'s record to `out`. The stages have their own guard;
/// this one keeps a bug in the record writer from costing more than this
/// document's record, which becomes an error record instead (`false`).
fn write_guarded(
    pipeline: &Pipeline,
    out: &mut Vec<u8>,
    meta: &DocMeta<'_>,
    result: &Result<crate::Document<'_>, ProcessError>,
    opts: &RecordOptions,
) -> bool {
    let start = out.len();
    let written = catch_unwind(AssertUnwindSafe(|| {
        pipeline.write_record(out, meta, result, opts);
    }));
    if written.is_err() {
        out.truncate(start);
        write_record(out, meta, &Err(writer_failed()), opts);
        return false;
    }
    true
}

fn writer_failed() -> ProcessError {
    ProcessError::new(
        ProcessErrorKind::Internal,
        "internal error while writing this record (please report)",
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn chunks_finished_out_of_order_are_consumed_in_input_order() {
        let (done_tx, done_rx) = unbounded::<Done<'static>>();
        let (token_tx, token_rx) = bounded::<()>(8);
        let (free_tx, free_rx) = bounded::<Vec<u8>>(8);
        for seq in [2u64, 0, 3, 1] {
            let out = format!("record {seq}\n").into_bytes();
            done_tx
                .send(Done {
                    seq,
                    docs: 1,
                    bytes: 1,
                    errors: seq % 2,
                    body: Body::Json(out),
                })
                .unwrap();
        }
        drop(done_tx);
        let mut ordered = Ordered {
            done: done_rx,
            waiting: BTreeMap::new(),
            next: 0,
            tokens: token_tx,
            free: free_tx,
        };
        let mut written = String::new();
        let mut errors = 0;
        while let Some(done) = ordered.next() {
            errors += done.errors;
            let Body::Json(buf) = done.body else {
                panic!("not JSON")
            };
            written.push_str(std::str::from_utf8(&buf).unwrap());
            ordered.release(Some(buf));
        }
        assert_eq!(written, "record 0\nrecord 1\nrecord 2\nrecord 3\n");
        assert_eq!(errors, 2);
        // Every chunk gave its token back, and its buffer for reuse.
        assert_eq!(token_rx.try_iter().count(), 4);
        assert!(free_rx.try_iter().all(|b| b.is_empty()));
    }
}
