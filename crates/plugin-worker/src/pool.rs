//! The parent side: a pool of worker processes, the deadline, restarts,
//! the fallback records and the quarantine.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use khabar::plugin_host::PluginError;
use khabar::record::{DocMeta, RecordOptions, write_record};
use khabar::source::Input;
use khabar::{Owned, Pipeline, ProcessError, ProcessErrorKind};
use rustix::event::{PollFd, PollFlags, Timespec, poll};

use crate::frame::{self, Body};
use crate::progress::{self, Progress};

/// Limits of a [`WorkerPool`].
#[derive(Clone, Debug)]
pub struct PoolOptions {
    /// Worker processes (default 1; the CLI uses `-j`).
    pub workers: usize,
    /// Longest time one document may take in a worker, pipeline and
    /// plugins together (default 30 s, `--plugin-timeout`).
    pub timeout: Duration,
    /// Address-space limit of each worker in MiB (`RLIMIT_AS`; default
    /// 4096, `--plugin-memory`; `None` for no limit).
    pub memory_mib: Option<u64>,
    /// Failures (panics, timeouts, crashes, memory) after which a plugin is
    /// quarantined for the rest of the run (default 3, like the host's
    /// `max_panics` for in-thread plugins; the CLI's
    /// `--plugin-max-failures`). The one limit in process isolation: the
    /// workers count towards it too (their plugin host's own `max_panics`
    /// is off, see [`load_each`](crate::load_each)), so a plugin that fails
    /// on every document is quarantined after exactly this many failures
    /// with one worker. `u64::MAX` never quarantines.
    pub max_failures: u64,
    /// Longest time a worker may take to start (default 120 s).
    pub startup_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> PoolOptions {
        PoolOptions {
            workers: 1,
            timeout: Duration::from_secs(30),
            memory_mib: Some(4096),
            max_failures: 3,
            startup_timeout: Duration::from_secs(120),
        }
    }
}

/// Why a [`WorkerPool`] could not start.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct PoolError {
    kind: PoolErrorKind,
    message: String,
}

/// What kind of start-up failure a [`PoolError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PoolErrorKind {
    /// The worker program could not be started.
    Spawn,
    /// The worker started but its setup failed (a plugin that cannot load,
    /// a bad gazetteer): the message is the worker's.
    Setup,
    /// The worker died or stopped answering while starting.
    Died,
}

impl PoolError {
    /// The kind of failure.
    pub fn kind(&self) -> PoolErrorKind {
        self.kind
    }

    fn new(kind: PoolErrorKind, message: impl Into<String>) -> PoolError {
        PoolError {
            kind,
            message: message.into(),
        }
    }
}

/// Failures of one plugin over a run (see [`WorkerPool::summary`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PluginFailures {
    /// The plugin's name.
    pub name: String,
    /// `plugin_errors` entries written, by kind (`timeout`, `crash`,
    /// `memory`, `panic`, `error`, `invalid-annotation`, `quarantined`).
    pub by_kind: BTreeMap<String, u64>,
    /// Why it was quarantined, if it was.
    pub quarantined: Option<String>,
}

/// What failed during a run, for the CLI's standard error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PoolSummary {
    /// One entry per plugin, in run order.
    pub plugins: Vec<PluginFailures>,
    /// Workers restarted after a timeout or a crash.
    pub restarts: u64,
}

impl PoolSummary {
    /// One line per plugin that failed at least once, naming it and
    /// counting its failures by kind (empty when nothing failed).
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for p in &self.plugins {
            if p.by_kind.is_empty() {
                continue;
            }
            let counts: Vec<String> = p.by_kind.iter().map(|(k, n)| format!("{n} {k}")).collect();
            let mut line = format!("khabar: plugin {}: {}", p.name, counts.join(", "));
            if let Some(r) = &p.quarantined {
                line.push_str(&format!("; quarantined ({r})"));
            }
            out.push(line);
        }
        if self.restarts > 0 {
            out.push(format!(
                "khabar: {} plugin worker restart(s)",
                self.restarts
            ));
        }
        out
    }
}

impl fmt::Display for PoolSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lines().join("\n"))
    }
}

/// Builds the command that starts one worker (the khabar binary with its
/// hidden worker subcommand).
pub type CommandFn = dyn Fn() -> Command + Send + Sync;

/// A pool of worker processes that run the pipeline with plugins (see the
/// crate documentation). `Send + Sync`: call [`WorkerPool::process`] from
/// as many threads as there are workers.
pub struct WorkerPool {
    command: Box<CommandFn>,
    setup: Vec<u8>,
    fallback: Arc<Pipeline>,
    record: RecordOptions,
    opts: PoolOptions,
    names: Vec<String>,
    idle: Mutex<Idle>,
    freed: Condvar,
    state: Mutex<State>,
    next_seq: AtomicU64,
}

impl fmt::Debug for WorkerPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WorkerPool")
            .field("plugins", &self.names)
            .field("opts", &self.opts)
            .finish_non_exhaustive()
    }
}

struct Idle {
    workers: Vec<Worker>,
    /// Workers alive, idle or busy.
    live: usize,
}

#[derive(Default)]
struct State {
    /// Per plugin: entries by kind.
    by_kind: Vec<BTreeMap<String, u64>>,
    /// Per plugin: panics, timeouts, crashes, memory.
    failures: Vec<u64>,
    quarantined: Vec<Option<String>>,
    restarts: u64,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Kinds that count towards quarantine.
pub(crate) fn is_failure(kind: &str) -> bool {
    matches!(kind, "panic" | "timeout" | "crash" | "memory")
}

/// The message of a `quarantined` entry: which plugin and why. The pool and
/// the workers both write it, so it depends only on the plugin and the
/// limit (not on which worker saw which failure).
pub(crate) fn quarantine_message(name: &str, max_failures: u64) -> String {
    let s = if max_failures == 1 { "" } else { "s" };
    format!(
        "plugin {name} is quarantined after failing {max_failures} time{s} \
         (panics, timeouts, crashes and memory together; --plugin-max-failures); not run"
    )
}

impl WorkerPool {
    /// Starts `opts.workers` workers, each made by `command` (a program
    /// that calls [`worker_main`](crate::worker_main)) and set up with
    /// `setup` (handed to its callback as is). `fallback` is the same
    /// pipeline built without plugins: the parent writes with it the record
    /// of a document whose worker died outside any plugin. Returns when
    /// every worker has reported ready, or the first start-up error (a
    /// plugin that cannot load: the worker's message).
    pub fn start(
        command: Box<CommandFn>,
        setup: Vec<u8>,
        fallback: Arc<Pipeline>,
        record: RecordOptions,
        opts: PoolOptions,
    ) -> Result<WorkerPool, PoolError> {
        let n = opts.workers.max(1);
        let mut pool = WorkerPool {
            command,
            setup,
            fallback,
            record,
            opts,
            names: Vec::new(),
            idle: Mutex::new(Idle {
                workers: Vec::new(),
                live: 0,
            }),
            freed: Condvar::new(),
            state: Mutex::new(State::default()),
            next_seq: AtomicU64::new(1),
        };
        // Start them all, then wait for each: set-ups run in parallel.
        let mut starting = Vec::with_capacity(n);
        for _ in 0..n {
            starting.push(pool.spawn()?);
        }
        let mut ready = Vec::with_capacity(n);
        for w in starting {
            let (w, names) = pool.handshake(w)?;
            pool.names = names;
            ready.push(w);
        }
        let k = pool.names.len();
        {
            let mut s = lock(&pool.state);
            s.by_kind = vec![BTreeMap::new(); k];
            s.failures = vec![0; k];
            s.quarantined = vec![None; k];
        }
        let idle = pool.idle.get_mut().unwrap_or_else(|e| e.into_inner());
        idle.live = ready.len();
        idle.workers = ready;
        Ok(pool)
    }

    /// The plugins' names, in run order, as the workers loaded them.
    pub fn plugin_names(&self) -> &[String] {
        &self.names
    }

    /// What failed so far, by plugin and kind.
    pub fn summary(&self) -> PoolSummary {
        let s = lock(&self.state);
        PoolSummary {
            plugins: self
                .names
                .iter()
                .enumerate()
                .map(|(k, name)| PluginFailures {
                    name: name.clone(),
                    by_kind: s.by_kind.get(k).cloned().unwrap_or_default(),
                    quarantined: s.quarantined.get(k).cloned().flatten(),
                })
                .collect(),
            restarts: s.restarts,
        }
    }

    /// Processes a chunk of documents in one worker and appends their
    /// records to `out`, one line per document, in input order; returns
    /// the number of error records. Never fails: a worker that hangs past
    /// the deadline or dies is killed and replaced, the document it was on
    /// gets `plugin_errors` (`timeout`, `crash`, `memory`) naming the
    /// plugin it was in, and the chunk's other documents are finished by
    /// the new worker.
    pub fn process(&self, docs: Vec<Input>, out: &mut Vec<u8>) -> u64 {
        let mut chunk = self.start_chunk(docs);
        let mut worker: Option<Worker> = None;
        // Deaths that named no document: after a few, the parent finishes
        // the chunk itself rather than loop.
        let mut blind = 0;
        while chunk.records.iter().any(Option::is_none) {
            if blind >= 3 {
                self.fallback_all(&mut chunk, "crash", "the plugin worker kept dying");
                break;
            }
            let mut w = match worker.take() {
                Some(w) => w,
                None => match self.checkout() {
                    Ok(w) => w,
                    Err(e) => {
                        let msg = format!("the plugin worker could not be started: {e}");
                        self.fallback_all(&mut chunk, "crash", &msg);
                        break;
                    }
                },
            };
            match self.attempt(&mut w, &mut chunk) {
                Attempt::Done => worker = Some(w),
                Attempt::Failed(failure) => {
                    self.after_death(w, failure, &mut chunk, &mut blind);
                }
            }
        }
        if let Some(w) = worker {
            self.checkin(w);
        }
        let errors = chunk.errors;
        chunk.write_to(out);
        errors
    }

    /// A new chunk of `docs`, with their meta as JSON and the records of
    /// input errors (which need no worker) already written.
    fn start_chunk(&self, docs: Vec<Input>) -> Chunk {
        let n = docs.len();
        let mut chunk = Chunk {
            docs,
            meta: Vec::new(),
            skip: vec![Vec::new(); n],
            records: vec![None; n],
            errors: 0,
            buf: Vec::new(),
            base: 0,
            pending: Vec::new(),
            careful: false,
            last_q: Vec::new(),
            frozen: vec![None; n],
            skip_failures: vec![0; self.names.len()],
        };
        chunk.meta = chunk
            .docs
            .iter()
            .map(|d| {
                d.meta()
                    .and_then(|m| serde_json::to_vec(m).ok())
                    .unwrap_or_default()
            })
            .collect();
        // Input errors need no worker.
        for i in 0..n {
            if let Err(e) = chunk.docs[i].body() {
                let at = chunk.buf.len();
                let d = &chunk.docs[i];
                let failed = Err(ProcessError::new(e.kind(), e.to_string()));
                write_record(&mut chunk.buf, &meta_of(d), &failed, &self.record);
                chunk.records[i] = Some((at, chunk.buf.len()));
                chunk.errors += 1;
            }
        }
        chunk
    }

    /// Sends the chunk's unfinished documents to `w` and reads their
    /// records until the chunk is done, the deadline passes or the worker
    /// dies.
    fn attempt(&self, w: &mut Worker, chunk: &mut Chunk) -> Attempt {
        let pending: Vec<usize> = (0..chunk.docs.len())
            .filter(|&i| chunk.records[i].is_none())
            .take(if chunk.careful { 1 } else { usize::MAX })
            .collect();
        let base = self
            .next_seq
            .fetch_add(pending.len() as u64, Ordering::Relaxed);
        chunk.base = base;
        chunk.pending.clone_from(&pending);
        let (current, failures) = {
            let s = lock(&self.state);
            (s.quarantined.clone(), s.failures.clone())
        };
        chunk.last_q.clone_from(&current);
        let mut send = std::mem::take(&mut w.send);
        send.clear();
        // The failures so far, less this chunk's own (the crashes and
        // timeouts in its skip lists): the worker counts those when it
        // reaches their documents, in document order.
        frame::frame(&mut send, frame::LIMITS, |b| {
            frame::put_u64(b, self.opts.max_failures);
            frame::put_u32(b, failures.len() as u32);
            for (k, f) in failures.iter().enumerate() {
                let own = chunk.skip_failures.get(k).copied().unwrap_or(0);
                frame::put_u64(b, f.saturating_sub(own));
            }
        });
        for (j, &i) in pending.iter().enumerate() {
            let d = &chunk.docs[i];
            let Ok(input) = d.body() else { continue };
            let quarantined = chunk.frozen[i].as_ref().unwrap_or(&current);
            self.put_doc(&mut send, base + j as u64, chunk, i, input, quarantined);
        }
        frame::frame(&mut send, frame::END, |_| {});
        let wrote = w.write_all(&send);
        w.send = send;
        if wrote.is_err() {
            return Attempt::Failed(Failure::Died);
        }
        let mut last_doc = progress::unpack(w.progress.get()).0;
        let mut since = Instant::now();
        let tick =
            (self.opts.timeout / 4).clamp(Duration::from_millis(5), Duration::from_millis(250));
        loop {
            // Whole frames first.
            if let Some(end) = self.drain_frames(w, base, &pending, chunk) {
                return end;
            }
            match w.read_some(tick) {
                Ok(true) => {}
                Ok(false) => {
                    let (doc, _) = progress::unpack(w.progress.get());
                    if doc != last_doc {
                        last_doc = doc;
                        since = Instant::now();
                    } else if since.elapsed() > self.opts.timeout {
                        return Attempt::Failed(Failure::Timeout);
                    }
                }
                Err(()) => return Attempt::Failed(Failure::Died),
            }
            let (doc, _) = progress::unpack(w.progress.get());
            if doc != last_doc {
                last_doc = doc;
                since = Instant::now();
            }
        }
    }

    /// Writes the DOC frame of chunk document `i` (sequence number `seq`),
    /// with its skip list: earlier failures plus the quarantined plugins.
    fn put_doc(
        &self,
        send: &mut Vec<u8>,
        seq: u64,
        chunk: &Chunk,
        i: usize,
        input: &Owned,
        quarantined: &[Option<String>],
    ) {
        let d = &chunk.docs[i];
        frame::frame(send, frame::DOC, |b| {
            frame::put_u64(b, seq);
            let mut skips: Vec<(usize, String, String)> = chunk.skip[i].clone();
            for (k, q) in quarantined.iter().enumerate() {
                if q.is_some() && !skips.iter().any(|(s, ..)| *s == k) {
                    skips.push((k, "quarantined".into(), self.quarantine_message(k)));
                }
            }
            skips.sort_by_key(|s| s.0);
            frame::put_u32(b, skips.len() as u32);
            for (k, kind, message) in &skips {
                frame::put_u32(b, *k as u32);
                frame::put_bytes(b, kind.as_bytes());
                frame::put_bytes(b, message.as_bytes());
            }
            frame::put_bytes(b, d.id().as_bytes());
            frame::put_bytes(b, d.source().as_bytes());
            frame::put_bytes(b, &chunk.meta[i]);
            match input {
                Owned::Bytes(v) => {
                    b.push(0);
                    frame::put_bytes(b, v);
                }
                Owned::Text(t) => {
                    b.push(1);
                    frame::put_bytes(b, t.as_bytes());
                }
            }
        });
    }

    /// Handles the whole frames in `w`'s read buffer: `Some` when they end
    /// the attempt, `None` when the worker must be read again.
    fn drain_frames(
        &self,
        w: &mut Worker,
        base: u64,
        pending: &[usize],
        chunk: &mut Chunk,
    ) -> Option<Attempt> {
        loop {
            let parsed = match frame::split(w.rbuf.data()) {
                Err(_) => return Some(Attempt::Failed(Failure::Garbled)),
                Ok(None) => return None,
                Ok(Some((tag, body, len))) => {
                    let r = self.on_frame(tag, body, base, pending, chunk);
                    w.rbuf.consume(len);
                    r
                }
            };
            match parsed {
                Some(true) => return Some(Attempt::Done),
                Some(false) => {}
                None => return Some(Attempt::Failed(Failure::Garbled)),
            }
        }
    }

    /// Handles one frame of an attempt: `Some(true)` when the chunk is
    /// done, `None` for a frame that makes no sense.
    fn on_frame(
        &self,
        tag: u8,
        body: &[u8],
        base: u64,
        pending: &[usize],
        chunk: &mut Chunk,
    ) -> Option<bool> {
        match tag {
            frame::CHUNK_DONE => Some(true),
            frame::RECORD => {
                let mut b = Body::new(body);
                let seq = b.u64().ok()?;
                let is_error = b.u8().ok()? != 0;
                let n = b.u32().ok()?;
                let mut kinds = Vec::new();
                for _ in 0..n {
                    let k = b.u32().ok()? as usize;
                    kinds.push((k, b.str().ok()?.to_string()));
                }
                let record = b.bytes().ok()?;
                let j = usize::try_from(seq.checked_sub(base)?).ok()?;
                let &i = pending.get(j)?;
                if !kinds.is_empty() {
                    let mut s = lock(&self.state);
                    for (k, kind) in kinds {
                        self.count(&mut s, k, &kind);
                    }
                }
                if chunk.records[i].is_none() {
                    let at = chunk.buf.len();
                    chunk.buf.extend_from_slice(record);
                    chunk.records[i] = Some((at, chunk.buf.len()));
                    chunk.errors += u64::from(is_error);
                }
                Some(false)
            }
            _ => None,
        }
    }

    /// Counts an error entry of `kind` for plugin `k`; quarantines it
    /// when its failures reach the limit.
    fn count(&self, s: &mut State, k: usize, kind: &str) {
        if let Some(m) = s.by_kind.get_mut(k) {
            *m.entry(kind.to_string()).or_insert(0) += 1;
        }
        if !is_failure(kind) {
            return;
        }
        let Some(f) = s.failures.get_mut(k) else {
            return;
        };
        *f += 1;
        let failures = *f;
        if failures >= self.opts.max_failures
            && let Some(q) = s.quarantined.get_mut(k)
            && q.is_none()
        {
            let kinds: Vec<String> = s.by_kind[k]
                .iter()
                .filter(|(kind, _)| is_failure(kind))
                .map(|(kind, n)| format!("{n} {kind}"))
                .collect();
            s.quarantined[k] = Some(format!("{failures} failures: {}", kinds.join(", ")));
        }
    }

    fn quarantine_message(&self, k: usize) -> String {
        let name = self.names.get(k).map(String::as_str).unwrap_or("?");
        quarantine_message(name, self.opts.max_failures)
    }

    /// After a worker timed out or died: reap it, find the document and
    /// plugin it was on, and decide what that document gets.
    fn after_death(&self, mut w: Worker, failure: Failure, chunk: &mut Chunk, blind: &mut u32) {
        let killed = matches!(failure, Failure::Timeout | Failure::Garbled);
        let status = w.reap(killed);
        let oom = w.saw_alloc_failure();
        let (seq, stage) = progress::unpack(w.progress.get());
        let kind = match failure {
            Failure::Timeout => "timeout",
            _ if oom => "memory",
            // SIGKILL that the pool did not send: the kernel's out-of-memory
            // killer is the usual sender.
            _ if !killed && status.and_then(|s| s.signal()) == Some(9) => "memory",
            _ => "crash",
        };
        let how = describe(
            failure,
            status,
            oom,
            self.opts.timeout,
            self.opts.memory_mib,
        );
        {
            let mut idle = lock(&self.idle);
            idle.live = idle.live.saturating_sub(1);
        }
        lock(&self.state).restarts += 1;
        self.freed.notify_one();
        // Inside a plugin on a document of this attempt, or (one document
        // per attempt) anywhere on that document.
        let in_plugin = chunk
            .doc_of(seq)
            .filter(|_| stage != progress::STAGE_PIPELINE && stage != progress::STAGE_DONE);
        let culprit = match (in_plugin, chunk.careful) {
            (Some(i), _) => Some(i),
            (None, true) => chunk.pending.first().copied(),
            (None, false) => None,
        };
        let Some(i) = culprit.filter(|&i| chunk.records[i].is_none()) else {
            // Outside the plugins (reading a chunk, khabar's own stages):
            // which document is unknown. Redo the rest one document per
            // attempt.
            chunk.careful = true;
            *blind += 1;
            return;
        };
        // The documents before this one were finished (their records may
        // have been lost with the worker's buffer), and this one was begun,
        // under the attempt's quarantine.
        if let Some(p) = chunk.pending.iter().position(|&d| d == i) {
            for &d in &chunk.pending[..=p] {
                if chunk.frozen[d].is_none() {
                    chunk.frozen[d] = Some(chunk.last_q.clone());
                }
            }
        }
        if in_plugin.is_none() {
            // Alone in its attempt and not inside a plugin: reading it or
            // khabar's own stages on it took the worker down. The parent
            // writes its record without plugins.
            let msg = format!(
                "the plugin worker {how} while khabar's own stages ran on this document; plugin not run"
            );
            self.fallback_one(chunk, i, kind, &msg);
            return;
        }
        let k = usize::from(stage) - 1;
        let name = self.names.get(k).map(String::as_str).unwrap_or("?");
        let message = format!("plugin {name} {how} on this document");
        lock_count(self, k, kind);
        if chunk.skip[i].iter().any(|(s, ..)| *s == k) {
            // Already skipped there: nothing else to blame. Should not
            // happen; finish the document in the parent.
            self.fallback_one(chunk, i, kind, &message);
            return;
        }
        chunk.skip[i].push((k, kind.to_string(), message));
        if let Some(n) = chunk.skip_failures.get_mut(k) {
            *n += 1;
        }
    }

    /// Writes document `i`'s record in the parent, without plugins: each
    /// plugin gets an entry (the ones already decided, else `kind`).
    fn fallback_one(&self, chunk: &mut Chunk, i: usize, kind: &str, message: &str) {
        let d = &chunk.docs[i];
        let input = match d.body() {
            Ok(o) => o.clone(),
            Err(e) => {
                let at = chunk.buf.len();
                let failed = Err(ProcessError::new(e.kind(), e.to_string()));
                write_record(&mut chunk.buf, &meta_of(d), &failed, &self.record);
                chunk.records[i] = Some((at, chunk.buf.len()));
                chunk.errors += 1;
                return;
            }
        };
        let mut result = self
            .fallback
            .process_batch_owned(vec![input])
            .pop()
            .unwrap_or_else(|| {
                Err(ProcessError::new(
                    ProcessErrorKind::Internal,
                    "no pipeline result",
                ))
            });
        if let Ok(doc) = &mut result {
            let quarantined = match &chunk.frozen[i] {
                Some(q) => q.clone(),
                None => lock(&self.state).quarantined.clone(),
            };
            for (k, name) in self.names.iter().enumerate() {
                let e = if let Some((_, kind, message)) = chunk.skip[i].iter().find(|s| s.0 == k) {
                    PluginError {
                        plugin: name.clone(),
                        kind: kind.clone(),
                        message: message.clone(),
                    }
                } else if let Some(Some(_)) = quarantined.get(k) {
                    PluginError {
                        plugin: name.clone(),
                        kind: "quarantined".into(),
                        message: self.quarantine_message(k),
                    }
                } else {
                    lock_count(self, k, kind);
                    PluginError {
                        plugin: name.clone(),
                        kind: kind.into(),
                        message: message.to_string(),
                    }
                };
                doc.plugin_errors.push(e);
            }
        }
        let at = chunk.buf.len();
        let d = &chunk.docs[i];
        self.fallback
            .write_record(&mut chunk.buf, &meta_of(d), &result, &self.record);
        chunk.records[i] = Some((at, chunk.buf.len()));
        chunk.errors += u64::from(result.is_err());
    }

    fn fallback_all(&self, chunk: &mut Chunk, kind: &str, message: &str) {
        for i in 0..chunk.docs.len() {
            if chunk.records[i].is_none() {
                self.fallback_one(chunk, i, kind, message);
            }
        }
    }

    /// An idle worker, a new one if fewer than `workers` live, else waits.
    fn checkout(&self) -> Result<Worker, PoolError> {
        let mut idle = lock(&self.idle);
        loop {
            if let Some(mut w) = idle.workers.pop() {
                // One that died while idle (the kernel's out-of-memory
                // killer, a signal from outside) is replaced, not blamed.
                if matches!(w.child.try_wait(), Ok(None)) {
                    return Ok(w);
                }
                drop(w);
                idle.live = idle.live.saturating_sub(1);
                continue;
            }
            if idle.live < self.opts.workers.max(1) {
                idle.live += 1;
                drop(idle);
                let started = self.spawn().and_then(|w| self.handshake(w));
                return match started {
                    Ok((w, _)) => Ok(w),
                    Err(e) => {
                        let mut idle = lock(&self.idle);
                        idle.live = idle.live.saturating_sub(1);
                        Err(e)
                    }
                };
            }
            idle = self.freed.wait(idle).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn checkin(&self, w: Worker) {
        lock(&self.idle).workers.push(w);
        self.freed.notify_one();
    }

    /// The worker's command: its own process group, piped stdio, the
    /// progress descriptor `raw` kept open across exec, and the memory limit.
    fn worker_command(&self, raw: i32) -> Command {
        let mut cmd = (self.command)();
        // A process group of its own: a Ctrl-C at the terminal stops the
        // parent (which then finishes or drops its chunks), not the
        // workers in the middle of a document.
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .env(progress::ENV_FD, raw.to_string())
            .process_group(0);
        let limit = self.opts.memory_mib.map(|m| m.saturating_mul(1 << 20));
        // SAFETY: the closure runs in the child between fork and exec and
        // makes only two system calls (no allocation, no locks).
        unsafe {
            cmd.pre_exec(move || {
                if raw >= 0 {
                    let fd = std::os::fd::BorrowedFd::borrow_raw(raw);
                    rustix::io::fcntl_setfd(fd, rustix::io::FdFlags::empty())?;
                }
                if let Some(bytes) = limit {
                    rustix::process::setrlimit(
                        rustix::process::Resource::As,
                        rustix::process::Rlimit {
                            current: Some(bytes),
                            maximum: Some(bytes),
                        },
                    )?;
                }
                Ok(())
            });
        }
        cmd
    }

    /// Starts one worker process (not yet set up).
    fn spawn(&self) -> Result<Worker, PoolError> {
        let spawn_err = |e: std::io::Error| {
            PoolError::new(
                PoolErrorKind::Spawn,
                format!("cannot start a plugin worker: {e}"),
            )
        };
        let mut progress = Progress::create().map_err(spawn_err)?;
        let raw = progress.fd().map(|f| f.as_raw_fd()).unwrap_or(-1);
        let mut cmd = self.worker_command(raw);
        let mut child = cmd.spawn().map_err(spawn_err)?;
        progress.close_fd();
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(PoolError::new(
                PoolErrorKind::Spawn,
                "cannot start a plugin worker: no pipes",
            ));
        };
        // Larger pipes: a chunk in one write (best effort).
        let _ = rustix::pipe::fcntl_setpipe_size(&stdin, 1 << 20);
        let _ = rustix::pipe::fcntl_setpipe_size(&stdout, 1 << 20);
        let alloc_failure = Arc::new(AtomicBool::new(false));
        let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
        let flag = Arc::clone(&alloc_failure);
        std::thread::Builder::new()
            .name("khabar-worker-stderr".into())
            .spawn(move || forward_stderr(stderr, &flag, done_tx))
            .map_err(spawn_err)?;
        let mut w = Worker {
            child,
            stdin: Some(stdin),
            stdout,
            progress,
            rbuf: frame::ReadBuf::with_capacity(1 << 20),
            send: Vec::new(),
            alloc_failure,
            stderr_done: done_rx,
        };
        let mut f = Vec::new();
        frame::frame(&mut f, frame::SETUP, |b| b.extend_from_slice(&self.setup));
        if let Err(e) = w.write_all(&f) {
            w.reap(true);
            return Err(PoolError::new(
                PoolErrorKind::Died,
                format!("a plugin worker stopped while starting: {e}"),
            ));
        }
        Ok(w)
    }

    /// Waits for the worker's ready frame; returns it with the plugin
    /// names it loaded.
    fn handshake(&self, mut w: Worker) -> Result<(Worker, Vec<String>), PoolError> {
        let started = Instant::now();
        loop {
            match frame::split(w.rbuf.data()) {
                Ok(Some((frame::READY, body, len))) => {
                    let names = parse_names(body);
                    w.rbuf.consume(len);
                    return match names {
                        Some(n) => Ok((w, n)),
                        None => {
                            w.reap(true);
                            Err(PoolError::new(
                                PoolErrorKind::Died,
                                "a plugin worker sent a malformed ready frame",
                            ))
                        }
                    };
                }
                Ok(Some((frame::FAILED, body, _))) => {
                    let msg = String::from_utf8_lossy(body).into_owned();
                    w.reap(false);
                    return Err(PoolError::new(PoolErrorKind::Setup, msg));
                }
                Ok(Some(_)) | Err(_) => {
                    w.reap(true);
                    return Err(PoolError::new(
                        PoolErrorKind::Died,
                        "a plugin worker sent garbage while starting (is the worker command right?)",
                    ));
                }
                Ok(None) => {}
            }
            if started.elapsed() > self.opts.startup_timeout {
                w.reap(true);
                return Err(PoolError::new(
                    PoolErrorKind::Died,
                    format!(
                        "a plugin worker did not start within {:.0} s",
                        self.opts.startup_timeout.as_secs_f64()
                    ),
                ));
            }
            if w.read_some(Duration::from_millis(100)).is_err() {
                let status = w.reap(false);
                let how = describe(
                    Failure::Died,
                    status,
                    w.saw_alloc_failure(),
                    self.opts.timeout,
                    self.opts.memory_mib,
                );
                return Err(PoolError::new(
                    PoolErrorKind::Died,
                    format!("a plugin worker {how} while starting (loading the plugins)"),
                ));
            }
        }
    }
}

fn lock_count(pool: &WorkerPool, k: usize, kind: &str) {
    let mut s = lock(&pool.state);
    pool.count(&mut s, k, kind);
}

impl Drop for WorkerPool {
    fn drop(&mut self) {
        let idle = self.idle.get_mut().unwrap_or_else(|e| e.into_inner());
        for mut w in idle.workers.drain(..) {
            w.close();
        }
    }
}

fn parse_names(body: &[u8]) -> Option<Vec<String>> {
    let mut b = Body::new(body);
    let n = b.u32().ok()?;
    let mut names = Vec::new();
    for _ in 0..n {
        names.push(b.str().ok()?.to_string());
    }
    Some(names)
}

fn meta_of(d: &Input) -> DocMeta<'_> {
    DocMeta {
        id: d.id(),
        source: d.source(),
        meta: d.meta(),
    }
}

/// Forwards a worker's standard error to ours, line by line, noting the
/// Rust runtime's message for a failed allocation.
fn forward_stderr(
    stderr: std::process::ChildStderr,
    alloc_failure: &AtomicBool,
    done: std::sync::mpsc::Sender<()>,
) {
    let mut r = BufReader::new(stderr);
    let mut line = Vec::new();
    loop {
        line.clear();
        match r.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        if line.starts_with(b"memory allocation of ") && contains(&line, b"failed") {
            alloc_failure.store(true, Ordering::Release);
        }
        let _ = std::io::stderr().write_all(&line);
    }
    let _ = done.send(());
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A chunk being processed.
struct Chunk {
    docs: Vec<Input>,
    /// Each document's `meta` as JSON (empty for none).
    meta: Vec<Vec<u8>>,
    /// Per document: plugins not to run again, with the entry to write.
    skip: Vec<Vec<(usize, String, String)>>,
    /// Per document: its record's range in `buf`.
    records: Vec<Option<(usize, usize)>>,
    errors: u64,
    buf: Vec<u8>,
    /// The last attempt's first document number.
    base: u64,
    /// The last attempt's documents, in the order they were numbered.
    pending: Vec<usize>,
    /// Send one document per attempt (after a worker died outside the
    /// plugins, to learn which document did it).
    careful: bool,
    /// The quarantine the last attempt ran with.
    last_q: Vec<Option<String>>,
    /// Per document: the quarantine it first ran with, once a worker
    /// reached it (a redone document is redone as it was first run, so a
    /// quarantine decided later does not reach back to it).
    frozen: Vec<Option<Vec<Option<String>>>>,
    /// Per plugin: the failures counted for this chunk's skip lists.
    skip_failures: Vec<u64>,
}

impl Chunk {
    /// Appends the chunk's records to `out` in input order (by swapping
    /// buffers when they are already in order and `out` is empty).
    fn write_to(mut self, out: &mut Vec<u8>) {
        // Records arrive in input order unless a document was redone.
        let in_order = self
            .records
            .windows(2)
            .all(|p| matches!(p, [Some(a), Some(b)] if a.1 == b.0))
            && self
                .records
                .first()
                .is_none_or(|r| r.is_some_and(|r| r.0 == 0));
        if in_order && out.is_empty() {
            std::mem::swap(out, &mut self.buf);
        } else {
            for (s, e) in self.records.iter().flatten() {
                out.extend_from_slice(&self.buf[*s..*e]);
            }
        }
    }

    /// The document a progress word's number names in the last attempt.
    fn doc_of(&self, seq: u64) -> Option<usize> {
        let j = usize::try_from(seq.checked_sub(self.base)?).ok()?;
        self.pending.get(j).copied()
    }
}

enum Attempt {
    Done,
    Failed(Failure),
}

#[derive(Clone, Copy, Debug)]
enum Failure {
    /// The deadline passed.
    Timeout,
    /// The worker's output ended or its input broke.
    Died,
    /// The worker sent something that is not a frame.
    Garbled,
}

fn describe(
    failure: Failure,
    status: Option<ExitStatus>,
    oom: bool,
    timeout: Duration,
    memory_mib: Option<u64>,
) -> String {
    match failure {
        Failure::Timeout => format!(
            "did not finish within {} s (--plugin-timeout); its worker was killed",
            timeout.as_secs_f64()
        ),
        Failure::Garbled => "garbled the worker's output; its worker was killed".into(),
        Failure::Died => {
            let limit = memory_mib
                .map(|m| format!(" (limit {m} MiB, --plugin-memory)"))
                .unwrap_or_default();
            if oom {
                return format!("ran out of memory{limit}; its worker aborted");
            }
            match status {
                Some(s) => match s.signal() {
                    Some(6) => "aborted its worker (SIGABRT)".into(),
                    Some(9) => {
                        format!("got its worker killed (SIGKILL, likely out of memory{limit})")
                    }
                    Some(11) => "crashed its worker (SIGSEGV)".into(),
                    Some(7) => "crashed its worker (SIGBUS)".into(),
                    Some(sig) => format!("killed its worker (signal {sig})"),
                    None => format!("made its worker exit (status {})", s.code().unwrap_or(-1)),
                },
                None => "made its worker stop".into(),
            }
        }
    }
}

/// One live worker process.
struct Worker {
    child: Child,
    /// `None` once closed.
    stdin: Option<ChildStdin>,
    stdout: ChildStdout,
    progress: Progress,
    rbuf: frame::ReadBuf,
    send: Vec<u8>,
    alloc_failure: Arc<AtomicBool>,
    stderr_done: std::sync::mpsc::Receiver<()>,
}

impl Worker {
    /// Waits up to `wait` for output and reads what there is: `Ok(true)`
    /// when bytes came, `Ok(false)` on a quiet tick, `Err` at end of output.
    fn read_some(&mut self, wait: Duration) -> Result<bool, ()> {
        let ts = Timespec {
            tv_sec: wait.as_secs() as _,
            tv_nsec: wait.subsec_nanos() as _,
        };
        let mut fds = [PollFd::new(&self.stdout, PollFlags::IN)];
        match poll(&mut fds, Some(&ts)) {
            Ok(0) => return Ok(false),
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => return Ok(false),
            Err(_) => return Err(()),
        }
        let room = self.rbuf.space(256 << 10);
        let n = loop {
            match self.stdout.read(room) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                r => break r,
            }
        };
        match n {
            Ok(0) | Err(_) => Err(()),
            Ok(n) => {
                self.rbuf.filled(n);
                Ok(true)
            }
        }
    }

    /// Kills (when asked, or when it does not exit by itself) and reaps the
    /// process; its exit status.
    fn reap(&mut self, kill: bool) -> Option<ExitStatus> {
        if kill {
            let _ = self.child.kill();
        }
        let deadline = Instant::now() + Duration::from_secs(2);
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(s)) => break Some(s),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                Ok(None) => {
                    let _ = self.child.kill();
                    break self.child.wait().ok();
                }
                Err(_) => break None,
            }
        };
        // Its last words (the allocation-failure message) reach us before
        // the verdict.
        let _ = self.stderr_done.recv_timeout(Duration::from_secs(1));
        status
    }

    fn saw_alloc_failure(&self) -> bool {
        self.alloc_failure.load(Ordering::Acquire)
    }

    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match self.stdin.as_mut() {
            Some(s) => s.write_all(bytes).and_then(|()| s.flush()),
            None => Err(std::io::ErrorKind::BrokenPipe.into()),
        }
    }

    /// Ends an idle worker: closes its input (it exits at end of input).
    fn close(&mut self) {
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) | Err(_) => break,
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Ok(None) => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    break;
                }
            }
        }
    }
}

/// The pool as the stream's chunk writer: `pipeline.stream(source)
/// .chunk_writer(&pool).write_json(out)` runs the plugins in the workers.
impl khabar::stream::ChunkWriter for WorkerPool {
    fn write_chunk(&self, inputs: Vec<Input>, out: &mut Vec<u8>) -> u64 {
        self.process(inputs, out)
    }
}
