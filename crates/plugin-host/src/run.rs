//! Running loaded plugins over batches of documents.

use std::ffi::c_void;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::{Duration, Instant};

use khabar_plugin_abi as abi;

use crate::load::{self, Checked, LoadError, LoadErrorKind, PluginInfo, PluginSpec};
use crate::{Annotation, DocOutput, DocView, Link, Options, PluginError};

/// Longest accepted label, in bytes.
const MAX_LABEL: usize = 256;
/// Longest accepted attributes document, in bytes.
const MAX_ATTRS: usize = 1 << 20;
/// Reasons listed in one document's invalid-annotation error.
const MAX_REASONS: usize = 8;
/// Size of the error buffer given to plugins.
const ERROR_BUF: usize = 1024;

/// A set of loaded, checked plugins. `Send + Sync`: share it (by reference
/// or `Arc`) between worker threads.
pub struct PluginSet {
    plugins: Vec<Plugin>,
    options: Options,
}

impl fmt::Debug for PluginSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PluginSet")
            .field("plugins", &self.infos())
            .field("options", &self.options)
            .finish()
    }
}

struct Plugin {
    info: PluginInfo,
    fns: Checked,
    pool: Pool,
    stats: Stats,
}

/// A live plugin instance. Dropping it destroys it, unless it panicked (its
/// state may be broken; it is leaked instead).
struct Instance {
    ptr: *mut c_void,
    destroy: abi::DestroyFn,
    poisoned: AtomicBool,
}

// SAFETY: an instance is only a pointer owned by the plugin. The SDK
// requires per-thread extractors to be `Send` (they may move between threads
// from one call to the next, never used by two at once: see `Pool`), and
// shared ones (`CAP_THREAD_SAFE`) to be `Sync`; only those are shared.
unsafe impl Send for Instance {}
// SAFETY: see above; `Pool::PerCaller` never hands one instance to two
// callers at once.
unsafe impl Sync for Instance {}

impl Drop for Instance {
    fn drop(&mut self) {
        if !self.poisoned.load(Ordering::Relaxed) {
            // SAFETY: created by this plugin's `create`, destroyed once.
            unsafe { (self.destroy)(self.ptr) };
        }
    }
}

enum Pool {
    /// Thread-safe plugin: one instance for everyone.
    Shared(RwLock<Option<Arc<Instance>>>),
    /// Otherwise: idle instances; a caller takes one (or creates one) and
    /// puts it back when done, so no instance is used by two threads at once.
    PerCaller(Mutex<Vec<Arc<Instance>>>),
}

#[derive(Default)]
struct Stats {
    docs: AtomicU64,
    annotations: AtomicU64,
    invalid: AtomicU64,
    errors: AtomicU64,
    panics: AtomicU64,
    slow_calls: AtomicU64,
    slowest_ns: AtomicU64,
    quarantined: AtomicBool,
    quarantine_reason: Mutex<Option<String>>,
    first_invalid: Mutex<Option<String>>,
    first_slow: Mutex<Option<String>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A poisoned lock only means another thread panicked while holding it;
    // the data (counters, idle instances) is still consistent.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl PluginSet {
    /// Loads and checks the plugins, with default [`Options`].
    pub fn load(specs: &[PluginSpec]) -> Result<PluginSet, LoadError> {
        PluginSet::load_with(specs, Options::default())
    }

    /// Loads and checks the plugins, then creates one instance of each (so
    /// that a plugin that cannot start fails here, not mid-run).
    pub fn load_with(specs: &[PluginSpec], options: Options) -> Result<PluginSet, LoadError> {
        let mut plugins = Vec::with_capacity(specs.len());
        for spec in specs {
            let path = load::absolute(&spec.path);
            let sha256 = load::check_sha256(&path, spec.sha256.as_deref())?;
            let entry = load::open(&path)?;
            let mut plugin = Plugin::start(&path, entry, &options, &plugins)?;
            plugin.info.sha256 = sha256;
            plugins.push(plugin);
        }
        PluginSet::checked(plugins, options)
    }

    /// Refuses configurations for plugins that are not loaded (a typo in a
    /// name must not silently run a plugin unconfigured), unless the
    /// options say the caller checks that itself.
    fn checked(plugins: Vec<Plugin>, options: Options) -> Result<PluginSet, LoadError> {
        if options.reject_unknown_configs {
            check_config_names(&options, plugins.iter().map(|p| p.info.name.as_str()))?;
        }
        Ok(PluginSet { plugins, options })
    }

    /// Runs plugins linked into this binary (for tests; see
    /// `khabar-plugin-test`) through the same checks as loaded ones.
    /// `label` stands for the path in messages.
    pub fn from_entry_points(
        entries: &[(&str, abi::EntryPoint)],
        options: Options,
    ) -> Result<PluginSet, LoadError> {
        let mut plugins = Vec::with_capacity(entries.len());
        for (label, entry) in entries {
            let path = PathBuf::from(format!("<in-process:{label}>"));
            let plugin = Plugin::start(&path, entry.get(), &options, &plugins)?;
            plugins.push(plugin);
        }
        PluginSet::checked(plugins, options)
    }

    /// True when no plugin is loaded.
    pub fn is_empty(&self) -> bool {
        self.plugins.is_empty()
    }

    /// The loaded plugins, in load order.
    pub fn infos(&self) -> Vec<PluginInfo> {
        self.plugins.iter().map(|p| p.info.clone()).collect()
    }

    /// The newest ABI minor among the loaded plugins: a caller can skip
    /// building what only newer plugins read (for minor 0: the sentences
    /// and the original→normalized map, which [`DocView`] may leave empty).
    pub fn max_abi_minor(&self) -> u32 {
        self.plugins
            .iter()
            .map(|p| p.info.abi_minor)
            .max()
            .unwrap_or(0)
    }

    /// Whether a loaded plugin reads the original→normalized map
    /// (capability `CAP_ORIG_TO_NORM`); without one, [`DocView::orig_to_norm`]
    /// may be left empty.
    pub fn wants_orig_to_norm(&self) -> bool {
        self.plugins
            .iter()
            .any(|p| p.info.capabilities & abi::CAP_ORIG_TO_NORM != 0)
    }

    /// The options in use.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Runs every plugin over `docs`; returns one [`DocOutput`] per document,
    /// in the same order. Never panics because of a plugin; callable from
    /// many threads at once.
    pub fn process_batch(&self, docs: &[DocView<'_>]) -> Vec<DocOutput> {
        let mut outs: Vec<DocOutput> = vec![DocOutput::default(); docs.len()];
        if self.plugins.is_empty() || docs.is_empty() {
            return outs;
        }
        let raw = RawBatch::new(docs, &mut outs, &self.plugins);
        for plugin in &self.plugins {
            plugin.run(&raw.docs, docs, &mut outs, &self.options);
        }
        outs
    }

    /// Counters per plugin so far.
    pub fn summary(&self) -> Summary {
        Summary {
            plugins: self.plugins.iter().map(Plugin::summary).collect(),
        }
    }
}

/// Fails with [`LoadErrorKind::UnknownConfig`] if `options` configures a
/// plugin name that is not among `loaded`: for callers that load plugins
/// into several sets (one per plugin, say) with
/// [`Options::reject_unknown_configs`] off, and check all names once.
pub fn check_config_names<'a>(
    options: &Options,
    loaded: impl IntoIterator<Item = &'a str>,
) -> Result<(), LoadError> {
    let loaded: Vec<&str> = loaded.into_iter().collect();
    for name in options.configs.keys() {
        if !loaded.contains(&name.as_str()) {
            return Err(LoadError::new(
                Path::new(""),
                LoadErrorKind::UnknownConfig {
                    name: name.clone(),
                    loaded: if loaded.is_empty() {
                        "none".into()
                    } else {
                        loaded.join(", ")
                    },
                },
            ));
        }
    }
    Ok(())
}

/// The ABI view of a batch: one `abi::Doc` per document, pointing at the
/// caller's arrays (entities, figures and sentences are not copied).
struct RawBatch {
    docs: Vec<abi::Doc>,
}

/// The offset map of an empty normalized text, for documents whose map is
/// inconsistent.
static EMPTY_MAP: [u32; 1] = [0];

impl RawBatch {
    fn new(docs: &[DocView<'_>], outs: &mut [DocOutput], plugins: &[Plugin]) -> RawBatch {
        let mut raw = Vec::with_capacity(docs.len());
        for (d, out) in docs.iter().zip(outs.iter_mut()) {
            let mut problems = Vec::new();
            let (normalized, map) = if d.norm_to_orig.len() == d.normalized.len() + 1 {
                (d.normalized, d.norm_to_orig)
            } else {
                problems.push(format!(
                    "offset map has {} entries for {} normalized bytes; plugin given no normalized text",
                    d.norm_to_orig.len(),
                    d.normalized.len()
                ));
                ("", &EMPTY_MAP[..])
            };
            let back: &[u32] =
                if d.orig_to_norm.is_empty() || d.orig_to_norm.len() == d.text.len() + 1 {
                    d.orig_to_norm
                } else {
                    problems.push(format!(
                        "original offset map has {} entries for {} bytes; plugin given none",
                        d.orig_to_norm.len(),
                        d.text.len()
                    ));
                    &[]
                };
            // A pipeline bug; plugins still see the original text.
            for problem in problems {
                for p in plugins {
                    out.errors.push(PluginError {
                        plugin: p.info.name.clone(),
                        kind: "error".into(),
                        message: format!("host: {problem}"),
                    });
                }
            }
            raw.push(abi::Doc {
                text: abi::Str::new(d.text),
                normalized: abi::Str::new(normalized),
                norm_to_orig: map.as_ptr(),
                norm_to_orig_len: map.len(),
                // `EntityView`/`FigureView` are `repr(transparent)` over
                // the ABI structs.
                entities: d.entities.as_ptr().cast(),
                n_entities: d.entities.len(),
                entity_size: size_of::<abi::Entity>(),
                figures: d.figures.as_ptr().cast(),
                n_figures: d.figures.len(),
                figure_size: size_of::<abi::Figure>(),
                id: abi::Str::new(d.id),
                meta_json: abi::Str::new(d.meta_json),
                sentences: d.sentences.as_ptr(),
                n_sentences: d.sentences.len(),
                sentence_size: size_of::<abi::Range>(),
                orig_to_norm: back.as_ptr(),
                orig_to_norm_len: back.len(),
            });
        }
        RawBatch { docs: raw }
    }
}

/// Outcome of one `process_batch` call.
enum CallEnd {
    Done,
    /// The plugin panicked on this (batch-relative) document, or somewhere
    /// unknown.
    Panic(Option<usize>, String),
    Error(String),
}

/// How a `process_batch` call ended, from its status, the documents the
/// plugin reported as failed and its error message.
fn call_end(status: abi::Status, doc_errors: &[(usize, u32, String)], msg: String) -> CallEnd {
    match status {
        abi::STATUS_OK => CallEnd::Done,
        abi::STATUS_PANIC => CallEnd::Panic(
            doc_errors
                .iter()
                .filter(|e| e.1 == abi::DOC_PANIC)
                .map(|e| e.0)
                .max(),
            msg,
        ),
        abi::STATUS_ERROR => CallEnd::Error(msg),
        other => CallEnd::Error(format!("unknown status {other}: {msg}")),
    }
}

impl Plugin {
    fn start(
        path: &Path,
        entry: abi::EntryFn,
        options: &Options,
        loaded: &[Plugin],
    ) -> Result<Plugin, LoadError> {
        let (info, fns) = load::check_header(path, entry)?;
        let (major, minor) = (info.abi_major, info.abi_minor);
        let with_abi = move |e: LoadError| e.with_abi(major, minor);
        if let Some(other) = loaded.iter().find(|p| p.info.name == info.name) {
            return Err(with_abi(LoadError::new(
                path,
                LoadErrorKind::DuplicateName {
                    name: info.name.clone(),
                    other: other.info.path.display().to_string(),
                },
            )));
        }
        let pool = if info.thread_safe {
            Pool::Shared(RwLock::new(None))
        } else {
            Pool::PerCaller(Mutex::new(Vec::new()))
        };
        let plugin = Plugin {
            info,
            fns,
            pool,
            stats: Stats::default(),
        };
        let first = plugin.create(plugin.config(options)).map_err(|message| {
            with_abi(LoadError::new(
                path,
                LoadErrorKind::Create {
                    name: plugin.info.name.clone(),
                    message,
                },
            ))
        })?;
        plugin.release(first);
        Ok(plugin)
    }

    /// This plugin's configuration string.
    fn config<'o>(&self, options: &'o Options) -> &'o str {
        options
            .configs
            .get(&self.info.name)
            .map_or("", String::as_str)
    }

    fn create(&self, config: &str) -> Result<Arc<Instance>, String> {
        let mut out: *mut c_void = std::ptr::null_mut();
        let mut buf = [0u8; ERROR_BUF];
        let mut err = abi::ErrorBuf {
            ptr: buf.as_mut_ptr(),
            cap: buf.len(),
            len: 0,
        };
        // SAFETY: checked function pointer; arguments valid for the call.
        let status = unsafe { (self.fns.create)(abi::Str::new(config), &mut out, &mut err) };
        let msg = error_text(&buf, &err);
        match status {
            abi::STATUS_OK if !out.is_null() => Ok(Arc::new(Instance {
                ptr: out,
                destroy: self.fns.destroy,
                poisoned: AtomicBool::new(false),
            })),
            abi::STATUS_OK => Err("create returned a null instance".into()),
            abi::STATUS_PANIC => {
                self.stats.panics.fetch_add(1, Ordering::Relaxed);
                Err(format!("create panicked: {msg}"))
            }
            _ => Err(msg),
        }
    }

    fn acquire(&self, config: &str) -> Result<Arc<Instance>, String> {
        match &self.pool {
            Pool::Shared(slot) => {
                if let Some(i) = slot.read().unwrap_or_else(|e| e.into_inner()).as_ref() {
                    return Ok(Arc::clone(i));
                }
                let mut w = slot.write().unwrap_or_else(|e| e.into_inner());
                if let Some(i) = w.as_ref() {
                    return Ok(Arc::clone(i));
                }
                let i = self.create(config)?;
                *w = Some(Arc::clone(&i));
                Ok(i)
            }
            Pool::PerCaller(idle) => match lock(idle).pop() {
                Some(i) => Ok(i),
                None => self.create(config),
            },
        }
    }

    fn release(&self, instance: Arc<Instance>) {
        match &self.pool {
            Pool::Shared(slot) => {
                let mut w = slot.write().unwrap_or_else(|e| e.into_inner());
                if w.is_none() {
                    *w = Some(instance);
                }
            }
            Pool::PerCaller(idle) => lock(idle).push(instance),
        }
    }

    /// Never calls the instance again and never destroys it.
    fn discard(&self, instance: Arc<Instance>) {
        instance.poisoned.store(true, Ordering::Relaxed);
        if let Pool::Shared(slot) = &self.pool {
            let mut w = slot.write().unwrap_or_else(|e| e.into_inner());
            if w.as_ref().is_some_and(|cur| Arc::ptr_eq(cur, &instance)) {
                *w = None;
            }
        }
    }

    fn quarantine(&self, reason: String) {
        let mut r = lock(&self.stats.quarantine_reason);
        if r.is_none() {
            *r = Some(reason);
        }
        self.stats.quarantined.store(true, Ordering::Release);
    }

    fn quarantined_error(&self) -> PluginError {
        let reason = lock(&self.stats.quarantine_reason)
            .clone()
            .unwrap_or_default();
        PluginError {
            plugin: self.info.name.clone(),
            kind: "quarantined".into(),
            message: format!(
                "plugin {} is quarantined ({reason}); not run",
                self.info.name
            ),
        }
    }

    fn error(&self, kind: &str, message: String) -> PluginError {
        self.stats.errors.fetch_add(1, Ordering::Relaxed);
        PluginError {
            plugin: self.info.name.clone(),
            kind: kind.into(),
            message,
        }
    }

    fn run(&self, raw: &[abi::Doc], views: &[DocView<'_>], outs: &mut [DocOutput], opt: &Options) {
        let n = raw.len();
        let mut start = 0;
        while start < n {
            if self.stats.quarantined.load(Ordering::Acquire) {
                for out in &mut outs[start..] {
                    out.errors.push(self.quarantined_error());
                }
                return;
            }
            let instance = match self.acquire(self.config(opt)) {
                Ok(i) => i,
                Err(msg) => {
                    if self.stats.panics.load(Ordering::Relaxed) >= opt.max_panics {
                        self.quarantine(format!("{} panics", opt.max_panics));
                        continue;
                    }
                    for out in &mut outs[start..] {
                        let e = self.error("error", format!("cannot create an instance: {msg}"));
                        out.errors.push(e);
                    }
                    return;
                }
            };
            let (end, next) =
                self.call(&instance, &raw[start..], &views[start..], start, outs, opt);
            self.stats
                .docs
                .fetch_add((next - start) as u64, Ordering::Relaxed);
            if let CallEnd::Panic(..) = end {
                self.discard(instance);
                let panics = self.stats.panics.fetch_add(1, Ordering::Relaxed) + 1;
                if panics >= opt.max_panics {
                    self.quarantine(format!("{panics} panics"));
                }
            } else {
                self.release(instance);
            }
            // After a panic, the documents after the panicking one were not
            // processed: they get a fresh instance.
            start = next;
            let invalid = self.stats.invalid.load(Ordering::Relaxed);
            if invalid >= opt.max_invalid_annotations {
                self.quarantine(format!("{invalid} invalid annotations"));
            }
        }
    }

    /// One call over `raw` (documents `base..` of the batch). Returns how
    /// it ended and the batch index to resume from.
    fn call(
        &self,
        instance: &Instance,
        raw: &[abi::Doc],
        views: &[DocView<'_>],
        base: usize,
        outs: &mut [DocOutput],
        opt: &Options,
    ) -> (CallEnd, usize) {
        let m = raw.len();
        let mut ctx = Ctx {
            views,
            max_per_doc: opt.max_annotations_per_doc,
            plugin: &self.info.name,
            plugin_minor: self.info.abi_minor,
            annotations: Vec::new(),
            per_doc: vec![0; m],
            doc_errors: Vec::new(),
            invalid: Vec::new(),
            invalid_out_of_range: 0,
        };
        let sink = abi::Sink {
            ctx: (&raw mut ctx).cast(),
            emit,
            doc_error,
        };
        let batch = abi::Batch {
            size: size_of::<abi::Batch>(),
            docs: raw.as_ptr(),
            n_docs: m,
            doc_size: size_of::<abi::Doc>(),
        };
        let mut buf = [0u8; ERROR_BUF];
        let mut err = abi::ErrorBuf {
            ptr: buf.as_mut_ptr(),
            cap: buf.len(),
            len: 0,
        };
        let t0 = Instant::now();
        // SAFETY: checked function pointer; the instance is live and used
        // as its capabilities allow; every pointer is valid for the call.
        let status = unsafe { (self.fns.process_batch)(instance.ptr, &batch, &sink, &mut err) };
        let elapsed = t0.elapsed();
        let msg = error_text(&buf, &err);
        self.note_time(elapsed, m, opt);

        let end = call_end(status, &ctx.doc_errors, msg);
        // Which documents count as processed by this call.
        let (done, next) = match &end {
            CallEnd::Done | CallEnd::Error(_) => (m, base + m),
            CallEnd::Panic(Some(k), _) => (k + 1, base + k + 1),
            CallEnd::Panic(None, _) => (m, base + m),
        };
        let failed = self.fail_docs(&mut ctx, &end, done, &mut outs[base..]);
        self.keep_annotations(&mut ctx, done, &failed, &mut outs[base..]);
        self.drop_invalid(&mut ctx, done, &mut outs[base..]);
        (end, next)
    }

    /// Records the per-document errors of a call (the plugin's own, then one
    /// for every other document of a failed batch); returns which failed.
    fn fail_docs(
        &self,
        ctx: &mut Ctx<'_, '_>,
        end: &CallEnd,
        done: usize,
        outs: &mut [DocOutput],
    ) -> Vec<bool> {
        let mut failed = vec![false; ctx.per_doc.len()];
        for (doc, kind, message) in ctx.doc_errors.drain(..) {
            if doc >= done || failed[doc] {
                continue;
            }
            failed[doc] = true;
            let kind = if kind == abi::DOC_PANIC {
                "panic"
            } else {
                "error"
            };
            let e = self.error(kind, format!("plugin {} {}", self.info.name, message));
            outs[doc].errors.push(e);
        }
        match end {
            CallEnd::Panic(None, message) => {
                for (i, f) in failed.iter_mut().enumerate() {
                    if !*f {
                        *f = true;
                        let e = self.error(
                            "panic",
                            format!(
                                "plugin {} panicked during the batch: {message}",
                                self.info.name
                            ),
                        );
                        outs[i].errors.push(e);
                    }
                }
            }
            CallEnd::Error(message) => {
                for (i, f) in failed.iter_mut().enumerate() {
                    if !*f {
                        *f = true;
                        let e = self.error(
                            "error",
                            format!("plugin {} failed on the batch: {message}", self.info.name),
                        );
                        outs[i].errors.push(e);
                    }
                }
            }
            _ => {}
        }
        failed
    }

    /// Moves the annotations of processed, non-failed documents to `outs`.
    fn keep_annotations(
        &self,
        ctx: &mut Ctx<'_, '_>,
        done: usize,
        failed: &[bool],
        outs: &mut [DocOutput],
    ) {
        let mut accepted = 0u64;
        for (doc, ann) in ctx.annotations.drain(..) {
            if doc < done && !failed[doc] {
                outs[doc].annotations.push(ann);
                accepted += 1;
            }
        }
        self.stats
            .annotations
            .fetch_add(accepted, Ordering::Relaxed);
    }

    /// Counts the dropped invalid annotations and gives each processed
    /// document that had some one error entry.
    fn drop_invalid(&self, ctx: &mut Ctx<'_, '_>, done: usize, outs: &mut [DocOutput]) {
        let m = ctx.per_doc.len();
        let n_invalid = ctx.invalid.len() as u64 + ctx.invalid_out_of_range;
        if n_invalid > 0 {
            self.stats.invalid.fetch_add(n_invalid, Ordering::Relaxed);
            let mut first = lock(&self.stats.first_invalid);
            if first.is_none() {
                *first = ctx.invalid.first().map(|(_, r)| r.clone()).or_else(|| {
                    Some(format!(
                        "annotation for a document index outside the batch of {m}"
                    ))
                });
            }
        }
        // One error entry per document that had invalid annotations (the
        // stable sort keeps each document's reasons in emission order).
        ctx.invalid.sort_by_key(|(doc, _)| *doc);
        let mut i = 0;
        while i < ctx.invalid.len() {
            let doc = ctx.invalid[i].0;
            let mut j = i;
            while j < ctx.invalid.len() && ctx.invalid[j].0 == doc {
                j += 1;
            }
            if doc < done {
                let e = PluginError {
                    plugin: self.info.name.clone(),
                    kind: "invalid-annotation".into(),
                    message: format!(
                        "plugin {}: {} invalid annotation(s) dropped: {}{}",
                        self.info.name,
                        j - i,
                        ctx.invalid[i..j.min(i + MAX_REASONS)]
                            .iter()
                            .map(|r| r.1.as_str())
                            .collect::<Vec<_>>()
                            .join("; "),
                        if j - i > MAX_REASONS { "; …" } else { "" }
                    ),
                };
                outs[doc].errors.push(e);
            }
            i = j;
        }
    }

    fn note_time(&self, elapsed: Duration, docs: usize, opt: &Options) {
        let ns = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
        self.stats.slowest_ns.fetch_max(ns, Ordering::Relaxed);
        let budget = opt
            .slow_doc
            .saturating_mul(u32::try_from(docs.max(1)).unwrap_or(u32::MAX));
        if elapsed > budget {
            self.stats.slow_calls.fetch_add(1, Ordering::Relaxed);
            let mut first = lock(&self.stats.first_slow);
            if first.is_none() {
                *first = Some(format!(
                    "{:.3}s for {docs} document(s), soft deadline {:.3}s",
                    elapsed.as_secs_f64(),
                    budget.as_secs_f64()
                ));
            }
        }
    }

    fn summary(&self) -> PluginSummary {
        let s = &self.stats;
        PluginSummary {
            name: self.info.name.clone(),
            version: self.info.version.clone(),
            path: self.info.path.clone(),
            docs: s.docs.load(Ordering::Relaxed),
            annotations: s.annotations.load(Ordering::Relaxed),
            dropped: s.invalid.load(Ordering::Relaxed),
            errors: s.errors.load(Ordering::Relaxed),
            panics: s.panics.load(Ordering::Relaxed),
            quarantined: if s.quarantined.load(Ordering::Acquire) {
                Some(lock(&s.quarantine_reason).clone().unwrap_or_default())
            } else {
                None
            },
            slow_calls: s.slow_calls.load(Ordering::Relaxed),
            slowest_call: Duration::from_nanos(s.slowest_ns.load(Ordering::Relaxed)),
            first_dropped: lock(&s.first_invalid).clone(),
            first_slow: lock(&s.first_slow).clone(),
        }
    }
}

fn error_text(buf: &[u8], err: &abi::ErrorBuf) -> String {
    let n = err.len.min(buf.len());
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

/// Host state for one `process_batch` call, reached through the sink.
struct Ctx<'a, 'v> {
    views: &'a [DocView<'v>],
    max_per_doc: usize,
    plugin: &'a str,
    /// The plugin's ABI minor: decides how much of an `abi::Annotation`
    /// it wrote.
    plugin_minor: u32,
    /// (batch-relative document, annotation), in emission order.
    annotations: Vec<(usize, Annotation)>,
    per_doc: Vec<usize>,
    doc_errors: Vec<(usize, u32, String)>,
    /// (document, reason) for dropped annotations of documents in range.
    invalid: Vec<(usize, String)>,
    invalid_out_of_range: u64,
}

impl Ctx<'_, '_> {
    fn accept(&mut self, a: &abi::Annotation) -> Result<(), String> {
        let doc = self.views[a.doc];
        let label = plugin_str(a.label, MAX_LABEL).map_err(|r| format!("label {r}"))?;
        if label.is_empty() {
            return Err("empty label".into());
        }
        if self.per_doc[a.doc] >= self.max_per_doc {
            return Err(format!(
                "more than {} annotations for one document",
                self.max_per_doc
            ));
        }
        let (start, end) =
            to_original(&doc, a.space, a.start, a.end).map_err(|r| format!("{label} {r}"))?;
        let links = if self.plugin_minor >= 1 {
            read_links(&doc, a).map_err(|r| format!("{label} {r}"))?
        } else {
            // A 1.0 plugin's annotation ends before `links`.
            Vec::new()
        };
        let attrs = if a.attrs_json.len == 0 {
            None
        } else {
            let text =
                plugin_str(a.attrs_json, MAX_ATTRS).map_err(|r| format!("{label} attrs {r}"))?;
            Some(
                serde_json::from_str::<serde_json::Value>(text)
                    .map_err(|e| format!("{label} attrs are not valid JSON: {e}"))?,
            )
        };
        self.per_doc[a.doc] += 1;
        self.annotations.push((
            a.doc,
            Annotation {
                plugin: self.plugin.to_string(),
                label: label.to_string(),
                start,
                end,
                attrs,
                links,
            },
        ));
        Ok(())
    }
}

/// Longest accepted link role, in bytes.
const MAX_ROLE: usize = 64;

/// Checks a span in offset space `space` and returns it in original
/// offsets.
fn to_original(
    doc: &DocView<'_>,
    space: u32,
    start: usize,
    end: usize,
) -> Result<(usize, usize), String> {
    match space {
        abi::SPACE_ORIGINAL => {
            check_span(doc.text, start, end)?;
            Ok((start, end))
        }
        abi::SPACE_NORMALIZED => {
            check_span(doc.normalized, start, end).map_err(|r| format!("normalized {r}"))?;
            let map = |o: usize| doc.norm_to_orig.get(o).map(|&x| x as usize);
            let (Some(s), Some(e)) = (map(start), map(end)) else {
                return Err("span outside the offset map".into());
            };
            let e = e.max(s);
            check_span(doc.text, s, e).map_err(|r| format!("mapped {r} (bad offset map)"))?;
            Ok((s, e))
        }
        other => Err(format!("has unknown offset space {other}")),
    }
}

/// The links of a 1.1 annotation, checked like its main span.
fn read_links(doc: &DocView<'_>, a: &abi::Annotation) -> Result<Vec<Link>, String> {
    if a.n_links == 0 {
        return Ok(Vec::new());
    }
    if a.n_links > abi::MAX_LINKS {
        return Err(format!(
            "has {} links (at most {})",
            a.n_links,
            abi::MAX_LINKS
        ));
    }
    if a.links.is_null() || a.link_size < size_of::<abi::Link>() {
        return Err(format!(
            "links: null array or element size {} < {}",
            a.link_size,
            size_of::<abi::Link>()
        ));
    }
    let mut links = Vec::with_capacity(a.n_links);
    for i in 0..a.n_links {
        // SAFETY: non-null; the plugin promises `n_links` elements
        // `link_size` bytes apart, valid during the callback. Read
        // unaligned: a stride from C is not trusted to keep alignment.
        let l = unsafe {
            std::ptr::read_unaligned(
                a.links
                    .cast::<u8>()
                    .add(i * a.link_size)
                    .cast::<abi::Link>(),
            )
        };
        let role = plugin_str(l.role, MAX_ROLE).map_err(|r| format!("link {i} role {r}"))?;
        if role.is_empty() {
            return Err(format!("link {i} has an empty role"));
        }
        let (start, end) =
            to_original(doc, a.space, l.start, l.end).map_err(|r| format!("link {role} {r}"))?;
        links.push(Link {
            role: role.to_string(),
            start,
            end,
        });
    }
    Ok(links)
}

/// A plugin-provided string, checked.
fn plugin_str<'s>(s: abi::Str, max: usize) -> Result<&'s str, String> {
    if s.len == 0 {
        return Ok("");
    }
    if s.ptr.is_null() {
        return Err("is a null pointer".into());
    }
    if s.len > max {
        return Err(format!("is longer than {max} bytes"));
    }
    // SAFETY: non-null; the plugin promises `len` readable bytes for the
    // duration of the callback, and we copy before returning.
    let bytes = unsafe { s.as_bytes() };
    std::str::from_utf8(bytes).map_err(|_| "is not valid UTF-8".to_string())
}

fn check_span(text: &str, start: usize, end: usize) -> Result<(), String> {
    if start > end {
        Err(format!("span {start}..{end} is reversed"))
    } else if end > text.len() {
        Err(format!(
            "span {start}..{end} is past the end ({} bytes)",
            text.len()
        ))
    } else if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        Err(format!("span {start}..{end} splits a UTF-8 character"))
    } else {
        Ok(())
    }
}

unsafe extern "C" fn emit(ctx: *mut c_void, ann: *const abi::Annotation) -> abi::Status {
    // Nothing may unwind out of a callback called from plugin code.
    catch_unwind(AssertUnwindSafe(|| {
        if ctx.is_null() || ann.is_null() {
            return abi::STATUS_ERROR;
        }
        // SAFETY: `ctx` is the `Ctx` of the running call (the ABI requires
        // callbacks on the calling thread, during the call); `ann` is
        // non-null and valid for the callback.
        let (ctx, a) = unsafe { (&mut *ctx.cast::<Ctx<'_, '_>>(), &*ann) };
        if a.doc >= ctx.views.len() {
            ctx.invalid_out_of_range += 1;
            return abi::STATUS_ERROR;
        }
        match ctx.accept(a) {
            Ok(()) => abi::STATUS_OK,
            Err(reason) => {
                ctx.invalid.push((a.doc, reason));
                abi::STATUS_ERROR
            }
        }
    }))
    .unwrap_or(abi::STATUS_ERROR)
}

unsafe extern "C" fn doc_error(ctx: *mut c_void, doc: usize, kind: u32, message: abi::Str) {
    let _ = catch_unwind(AssertUnwindSafe(|| {
        if ctx.is_null() {
            return;
        }
        // SAFETY: as in `emit`.
        let ctx = unsafe { &mut *ctx.cast::<Ctx<'_, '_>>() };
        if doc >= ctx.views.len() {
            ctx.invalid_out_of_range += 1;
            return;
        }
        let message = plugin_str(message, 64 * 1024)
            .unwrap_or("(message not valid UTF-8)")
            .to_string();
        let kind = if kind == abi::DOC_PANIC {
            abi::DOC_PANIC
        } else {
            abi::DOC_ERROR
        };
        ctx.doc_errors.push((doc, kind, message));
    }));
}

/// Counters for every plugin of a [`PluginSet`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// One entry per plugin, in load order.
    pub plugins: Vec<PluginSummary>,
}

/// Counters for one plugin.
#[derive(Clone, Debug, PartialEq)]
pub struct PluginSummary {
    /// The plugin's name.
    pub name: String,
    /// The plugin's version.
    pub version: String,
    /// Absolute path of its library.
    pub path: PathBuf,
    /// Documents handed to it.
    pub docs: u64,
    /// Annotations accepted.
    pub annotations: u64,
    /// Invalid annotations dropped.
    pub dropped: u64,
    /// Error entries produced (including panics).
    pub errors: u64,
    /// Panics caught.
    pub panics: u64,
    /// `Some(reason)` when the plugin was quarantined.
    pub quarantined: Option<String>,
    /// Calls slower than the soft deadline.
    pub slow_calls: u64,
    /// Duration of the slowest call.
    pub slowest_call: Duration,
    /// Why the first dropped annotation was dropped.
    pub first_dropped: Option<String>,
    /// The first slow call.
    pub first_slow: Option<String>,
}

impl Summary {
    /// Warnings worth showing to the user, one line each, naming the plugin
    /// and its path: slow calls, dropped annotations, panics, quarantine.
    pub fn warnings(&self) -> Vec<String> {
        let mut w = Vec::new();
        for p in &self.plugins {
            let who = format!("plugin {} ({})", p.name, p.path.display());
            if p.slow_calls > 0 {
                w.push(format!(
                    "warning: {who} is slow: {} call(s) over the soft deadline (first: {}; slowest call {:.3}s)",
                    p.slow_calls,
                    p.first_slow.as_deref().unwrap_or("?"),
                    p.slowest_call.as_secs_f64()
                ));
            }
            if p.dropped > 0 {
                w.push(format!(
                    "warning: {who}: {} invalid annotation(s) dropped (first: {})",
                    p.dropped,
                    p.first_dropped.as_deref().unwrap_or("?")
                ));
            }
            if p.panics > 0 {
                w.push(format!("warning: {who} panicked {} time(s)", p.panics));
            }
            if let Some(r) = &p.quarantined {
                w.push(format!("warning: {who} was quarantined ({r})"));
            }
        }
        w
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.plugins.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(
                f,
                "plugin {} {}: {} docs, {} annotations, {} dropped, {} errors, {} panics, {} slow calls{}",
                p.name,
                p.version,
                p.docs,
                p.annotations,
                p.dropped,
                p.errors,
                p.panics,
                p.slow_calls,
                if p.quarantined.is_some() {
                    ", quarantined"
                } else {
                    ""
                }
            )?;
        }
        Ok(())
    }
}
